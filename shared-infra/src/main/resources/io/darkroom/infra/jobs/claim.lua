-- A worker claims a job: moves it to running, counts the attempt, records its claim token.
-- KEYS[1]: the job key. ARGV[1]: claim token. ARGV[2]: '1' when the broker redelivered the message, so
-- its previous holder is gone and a running job may be taken over. ARGV[3]: comma-separated states
-- allowed to move to running (from the shared-model transition table).
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
return {'claimed'}
