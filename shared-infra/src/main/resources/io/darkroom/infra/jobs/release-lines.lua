-- Releases a batch's held lines into the queue, as far as its key's limits allow:
-- * batch lines in flight (the bulk lane's fair share: one key's huge batch is never more than that many lines
--   ahead of another key's): the batch's 'lines_in_flight' minus the key's lines in flight;
-- * images per UTC day: the batch's 'images_per_day'; each released line charges its images (the job's 'images')
--   to the key's day count, the one the api's admit.lua counts requests in ('day', 'day_count' of the key's
--   limits hash), so a batch counts its lines against the daily quota as they run, not all at creation.
-- * the key's budget: the batch's 'budget_daily_micros' / 'budget_monthly_micros' (its caps when it was created);
--   each released line's expected cost (the job's 'expected_micros') is reserved in the key's budget hash exactly
--   as the api's reserve.lua reserves a request's (rd:<day>, rm:<month>, job:<id>), and the line's final move
--   settles it (transition.lua); a line that would pass a cap waits.
-- KEYS[1]: the batch's hash (fields status, owner, lines_in_flight, images_per_day, budget caps). KEYS[2]: the batch's held
-- lines (sorted set of job ids by creation time, filled by create.lua). KEYS[3]: the unpublished index.
-- ARGV[1]: the prefix of a key's lines in flight ('<ns>:lines:', a sorted set of job ids scored by expiry; a line's
-- final move leaves it, transition.lua). ARGV[2]: the prefix of a job's key. ARGV[3]: the prefix of a key's
-- limits hash. ARGV[4]: the most lines one call releases. ARGV[5]: the prefix of a key's budget hash. ARGV[6]: the
-- UTC day (epoch day). ARGV[7]: the month (yyyymm).
-- Only an 'in_progress' batch releases lines. A held line's job that is no longer queued (cancelled meanwhile) is
-- dropped from the held set and takes no room. A released line joins the key's lines in flight and the
-- unpublished index in this script: the caller publishes it (and marks it published); if the caller dies first,
-- the sweeper republishes it from the index.
-- Returns the released job ids, oldest first.
local batch = redis.call('HMGET', KEYS[1], 'status', 'lines_in_flight', 'owner', 'images_per_day', 'budget_daily_micros',
    'budget_monthly_micros')
if batch[1] ~= 'in_progress' or not batch[3] then
  return {}
end
local window = tonumber(batch[2]) or 0
local per_day = tonumber(batch[4]) or 0
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local lifetime = redis.call('PTTL', KEYS[1])
if lifetime < 0 then
  lifetime = 172800000
end
local in_flight = ARGV[1] .. batch[3]
redis.call('ZREMRANGEBYSCORE', in_flight, '-inf', now)
local room = tonumber(ARGV[4])
if window > 0 then
  room = math.min(room, window - redis.call('ZCARD', in_flight))
end
local limits, day, used
if per_day > 0 then
  limits = ARGV[3] .. batch[3]
  day = math.floor(now / 86400000)
  local state = redis.call('HMGET', limits, 'day', 'day_count')
  used = 0
  if tonumber(state[1]) == day then
    used = tonumber(state[2]) or 0
  end
end
local day_cap = tonumber(batch[5]) or 0
local month_cap = tonumber(batch[6]) or 0
local budget, day_used, month_used
if day_cap > 0 or month_cap > 0 then
  budget = ARGV[5] .. batch[3]
  local ledger = redis.call('HMGET', budget, 'sd:' .. ARGV[6], 'rd:' .. ARGV[6], 'sm:' .. ARGV[7], 'rm:' .. ARGV[7])
  day_used = (tonumber(ledger[1]) or 0) + (tonumber(ledger[2]) or 0)
  month_used = (tonumber(ledger[3]) or 0) + (tonumber(ledger[4]) or 0)
end
local released = {}
local quota_left = true
while room > 0 and quota_left do
  local next = redis.call('ZRANGE', KEYS[2], 0, room - 1)
  if #next == 0 then
    break
  end
  for _, id in ipairs(next) do
    local job = redis.call('HMGET', ARGV[2] .. id, 'status', 'images', 'expected_micros')
    if job[1] ~= 'queued' then
      redis.call('ZREM', KEYS[2], id)
    else
      local images = tonumber(job[2]) or 1
      local expected = tonumber(job[3]) or 0
      if (per_day > 0 and used + images > per_day) or (budget and ((day_cap > 0 and day_used + expected > day_cap)
          or (month_cap > 0 and month_used + expected > month_cap))) then
        quota_left = false
        break
      end
      if budget then
        day_used = day_used + expected
        month_used = month_used + expected
        redis.call('HINCRBY', budget, 'rd:' .. ARGV[6], expected)
        redis.call('HINCRBY', budget, 'rm:' .. ARGV[7], expected)
        redis.call('HSET', budget, 'job:' .. id, ARGV[6] .. ' ' .. ARGV[7] .. ' ' .. expected)
        redis.call('PEXPIRE', budget, 3456000000)
      end
      if per_day > 0 then
        used = used + images
      end
      redis.call('ZREM', KEYS[2], id)
      redis.call('ZADD', in_flight, now + lifetime, id)
      redis.call('ZADD', KEYS[3], now, id)
      released[#released + 1] = id
      room = room - 1
    end
  end
end
if #released > 0 then
  if redis.call('PTTL', in_flight) < lifetime then
    redis.call('PEXPIRE', in_flight, lifetime)
  end
  if per_day > 0 then
    redis.call('HSET', limits, 'day', day, 'day_count', used)
    local day_ends = (day + 1) * 86400000
    if redis.call('PTTL', limits) < day_ends + 60000 - now then
      redis.call('PEXPIREAT', limits, day_ends + 60000)
    end
  end
end
return released
