-- A worker claims a job: moves it to running, counts the attempt, records its claim token, and takes a
-- lease on it (the reaper re-drives a running job whose lease expired).
-- KEYS[1]: the job key. KEYS[2]: the lease index (sorted set by expiry). KEYS[3]: the unpublished index.
-- ARGV[1]: claim token. ARGV[2]: '1' when the broker redelivered the message, so its previous holder is
-- gone and a running job may be taken over. ARGV[3]: comma-separated states allowed to move to running
-- (from the shared-model transition table). ARGV[4]: the job id. ARGV[5]: lease length in ms.
-- Returns {'claimed'}, {'missing'}, or {current status} when the claim is refused.
local status = redis.call('HGET', KEYS[1], 'status')
if not status then
  return {'missing'}
end
local allowed = string.find(',' .. ARGV[3] .. ',', ',' .. status .. ',', 1, true)
local takeover = status == 'running' and ARGV[2] == '1'
if not allowed and not takeover then
  return {status}
end
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
redis.call('HINCRBY', KEYS[1], 'attempts', 1)
redis.call('HSET', KEYS[1], 'status', 'running', 'claim', ARGV[1], 'started_at', now)
redis.call('ZADD', KEYS[2], now + tonumber(ARGV[5]), ARGV[4])
redis.call('ZREM', KEYS[3], ARGV[4])
return {'claimed'}
