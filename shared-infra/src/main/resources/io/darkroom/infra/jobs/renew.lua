-- Extends the lease of a running job while its claim holder works on it.
-- KEYS[1]: the job key. KEYS[2]: the lease index. ARGV[1]: claim token. ARGV[2]: the job id.
-- ARGV[3]: lease length in ms. Returns 1 when renewed, 2 when this claim already finished the job
-- (a renewal racing the holder's own final write), 0 when the claim is no longer held.
if redis.call('HGET', KEYS[1], 'claim') ~= ARGV[1] then
  return 0
end
local status = redis.call('HGET', KEYS[1], 'status')
if status ~= 'running' then
  if status == 'succeeded' or status == 'failed' or status == 'canceled' then
    return 2
  end
  return 0
end
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
redis.call('ZADD', KEYS[2], now + tonumber(ARGV[3]), ARGV[2])
return 1
