-- GCRA (generic cell rate algorithm): one request of a provider's requests-per-minute limit.
-- KEYS[1]: the provider's theoretical arrival time (ms, Redis clock). ARGV[1]: emission interval in ms
-- (60000 / rpm). ARGV[2]: burst tolerance in ms. Returns 0 when the request may go now, else the ms to wait.
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local interval = tonumber(ARGV[1])
local tolerance = tonumber(ARGV[2])
local tat = tonumber(redis.call('GET', KEYS[1]) or now)
if tat < now then
  tat = now
end
local allowAt = tat - tolerance
if now < allowAt then
  return allowAt - now
end
local newTat = tat + interval
redis.call('SET', KEYS[1], newTat, 'PX', newTat - now + tolerance + 1000)
return 0
