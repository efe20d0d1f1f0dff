-- Releases a batch's held lines into the queue, as many as its key's batch lines in flight leave room for
-- (the bulk lane's fair share: one key's huge batch is never more than that many lines ahead of another key's).
-- KEYS[1]: the batch's hash (fields status, owner, lines_in_flight). KEYS[2]: the batch's held lines (sorted set of
-- job ids by creation time, filled by create.lua). KEYS[3]: the unpublished index.
-- ARGV[1]: the prefix of a key's lines in flight ('<ns>:lines:', a sorted set of job ids scored by expiry; a line's
-- final move leaves it, transition.lua). ARGV[2]: the prefix of a job's key.
-- Only an 'in_progress' batch releases lines. A held line's job that is no longer queued (cancelled meanwhile) is
-- dropped from the held set without taking room. A released line joins the key's lines in flight and the
-- unpublished index in this script: the caller publishes it (and marks it published); if the caller dies first,
-- the sweeper republishes it from the index.
-- Returns the released job ids, oldest first.
local batch = redis.call('HMGET', KEYS[1], 'status', 'lines_in_flight', 'owner')
if batch[1] ~= 'in_progress' or not batch[2] or not batch[3] then
  return {}
end
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local lifetime = redis.call('PTTL', KEYS[1])
if lifetime < 0 then
  lifetime = 172800000
end
local in_flight = ARGV[1] .. batch[3]
redis.call('ZREMRANGEBYSCORE', in_flight, '-inf', now)
local room = tonumber(batch[2]) - redis.call('ZCARD', in_flight)
local released = {}
while room > 0 do
  local next = redis.call('ZRANGE', KEYS[2], 0, room - 1)
  if #next == 0 then
    break
  end
  for _, id in ipairs(next) do
    redis.call('ZREM', KEYS[2], id)
    if redis.call('HGET', ARGV[2] .. id, 'status') == 'queued' then
      redis.call('ZADD', in_flight, now + lifetime, id)
      redis.call('ZADD', KEYS[3], now, id)
      released[#released + 1] = id
      room = room - 1
    end
  end
end
if #released > 0 and redis.call('PTTL', in_flight) < lifetime then
  redis.call('PEXPIRE', in_flight, lifetime)
end
return released
