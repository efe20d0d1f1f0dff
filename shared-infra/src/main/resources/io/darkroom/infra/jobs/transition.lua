-- Moves a job to a new state if the table allows it from the current one, and (when a claim token is
-- given) only if the caller still holds the claim: a late or duplicate writer loses.
-- KEYS[1]: the job key. KEYS[2]: the lease index. KEYS[3]: the unpublished index. KEYS[4]: the event outbox.
-- KEYS[5]: the run deadlines index. KEYS[6]: the job's attempts list.
-- ARGV[1]: target status. ARGV[2]: comma-separated allowed source states.
-- ARGV[3]: required claim token, or '' for none. ARGV[4]: '1' when the target is final.
-- ARGV[5]: the job id. ARGV[6]: the prefix of an owner's webhook endpoints set. ARGV[7]: an attempt to append
-- to the job's attempts with the move (living as long as the job), or ''. ARGV[8]: the prefix of the usage
-- hashes ('<ns>:usage:'). ARGV[9..]: field/value pairs to write with the move.
-- Leaving running drops the job's lease and run deadline; moving back to queued marks it unpublished until its message
-- is confirmed again (the sweeper republishes it otherwise).
-- A final move is recorded in the outbox in this same script: '<job id> <status> <hooked|plain>', hooked when
-- the request named a webhook_url or its owner has webhook endpoints; the relay turns the entry into one
-- confirmed job.<status> event. A job created with 'counts_into' (a batch's hash) also counts its final
-- state there (field done_<status>), once, as the table allows one final move, and appends
-- 'custom_id<TAB>job_id' to that hash's ':finished' list (the batch's lines in finishing order).
-- A final move also counts the job in its owner's usage of the UTC day (hash '<usage prefix><owner>:<epoch day>',
-- fields '<model>|<provider>|<status>|jobs', '|images' and '|cost_micros' from the job's usage_images and
-- usage_cost_micros), once, as the table allows one final move; the day's set '<usage prefix>owners:<day>'
-- names the owners with usage, for the admin view. Kept 400 days. A job holding a budget reservation
-- ('<usage prefix>budget:<owner>' field 'job:<id>', made by the api's reserve.lua) releases it and counts its
-- cost as spent in the day and month it reserved in. A job counted against its owner's concurrent jobs
-- ('active_into', see create.lua) leaves that set; a held batch line ('lines_into', its key's batch lines in flight,
-- see release-lines.lua) leaves that one, and the reply names its batch, whose held lines now have room.
-- (The batch hash, the endpoints set and the usage hashes are read by name from the job, not passed as keys:
-- Darkroom runs on one Redis, not a cluster.)
-- Returns {'applied', 'hooked'|'plain'|'', batch id|''} (a final move adds the job's hash as it left it, field,
-- value, ..., but the claim token, which its event carries), {'missing'}, {'stale'} or {current status} when the table refuses.
local status = redis.call('HGET', KEYS[1], 'status')
if not status then
  return {'missing'}
end
if not string.find(',' .. ARGV[2] .. ',', ',' .. status .. ',', 1, true) then
  return {status}
end
if ARGV[3] ~= '' and redis.call('HGET', KEYS[1], 'claim') ~= ARGV[3] then
  return {'stale'}
end
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
redis.call('HSET', KEYS[1], 'status', ARGV[1])
local routed = ''
local frees = ''
if ARGV[4] == '1' then
  redis.call('HSET', KEYS[1], 'finished_at', now)
  local into = redis.call('HGET', KEYS[1], 'counts_into')
  if into and into ~= '' and redis.call('EXISTS', into) == 1 then
    redis.call('HINCRBY', into, 'done_' .. ARGV[1], 1)
    local finished = into .. ':finished'
    redis.call('RPUSH', finished, (redis.call('HGET', KEYS[1], 'custom_id') or '') .. '\t' .. ARGV[5])
    redis.call('PEXPIRE', finished, redis.call('PTTL', into))
  end
  routed = 'plain'
  if redis.call('HGET', KEYS[1], 'hooked') == '1'
      or redis.call('SCARD', ARGV[6] .. (redis.call('HGET', KEYS[1], 'owner') or '')) > 0 then
    routed = 'hooked'
  end
  redis.call('ZADD', KEYS[4], now, ARGV[5] .. ' ' .. ARGV[1] .. ' ' .. routed)
end
if ARGV[7] ~= '' then
  redis.call('RPUSH', KEYS[6], ARGV[7])
  redis.call('PEXPIRE', KEYS[6], redis.call('PTTL', KEYS[1]))
end
if #ARGV >= 9 then
  redis.call('HSET', KEYS[1], unpack(ARGV, 9))
end
if ARGV[4] == '1' then
  local job = redis.call('HMGET', KEYS[1], 'owner', 'model', 'provider', 'usage_images', 'usage_cost_micros', 'active_into',
      'lines_into', 'batch_id')
  if job[6] and job[6] ~= '' then
    redis.call('ZREM', job[6], ARGV[5])
  end
  if job[7] and job[7] ~= '' then
    redis.call('ZREM', job[7], ARGV[5])
    frees = job[8] or ''
  end
  local day = math.floor(now / 86400000)
  local usage = ARGV[8] .. (job[1] or '') .. ':' .. day
  local group = (job[2] or '') .. '|' .. (job[3] or '') .. '|' .. ARGV[1] .. '|'
  local first_of_group = redis.call('HINCRBY', usage, group .. 'jobs', 1) == 1
  local images = tonumber(job[4]) or 0
  if images > 0 then
    redis.call('HINCRBY', usage, group .. 'images', images)
  end
  local cost = tonumber(job[5]) or 0
  if cost > 0 then
    redis.call('HINCRBY', usage, group .. 'cost_micros', cost)
  end
  if first_of_group then
    redis.call('PEXPIRE', usage, 34560000000)
    local owners = ARGV[8] .. 'owners:' .. day
    if redis.call('SADD', owners, job[1] or '') == 1 then
      redis.call('PEXPIRE', owners, 34560000000)
    end
  end
  local budget = ARGV[8] .. 'budget:' .. (job[1] or '')
  local held = redis.call('HGET', budget, 'job:' .. ARGV[5])
  if held then
    local held_day, held_month, micros = string.match(held, '^(%S+) (%S+) (%S+)$')
    redis.call('HINCRBY', budget, 'rd:' .. held_day, -tonumber(micros))
    redis.call('HINCRBY', budget, 'rm:' .. held_month, -tonumber(micros))
    if cost > 0 then
      redis.call('HINCRBY', budget, 'sd:' .. held_day, cost)
      redis.call('HINCRBY', budget, 'sm:' .. held_month, cost)
    end
    redis.call('HDEL', budget, 'job:' .. ARGV[5])
  end
end
redis.call('ZREM', KEYS[2], ARGV[5])
redis.call('ZREM', KEYS[5], ARGV[5])
if ARGV[1] == 'queued' then
  redis.call('HSET', KEYS[1], 'claim', '')
  redis.call('ZADD', KEYS[3], now, ARGV[5])
else
  redis.call('ZREM', KEYS[3], ARGV[5])
end
if ARGV[4] == '1' then
  local state = {}
  local fields = redis.call('HGETALL', KEYS[1])
  for i = 1, #fields, 2 do
    if fields[i] ~= 'claim' then
      state[#state + 1] = fields[i]
      state[#state + 1] = fields[i + 1]
    end
  end
  return {'applied', routed, frees, state}
end
return {'applied', routed, frees}
