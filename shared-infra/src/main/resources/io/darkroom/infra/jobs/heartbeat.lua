-- A worker says it is alive until now + ttl (Redis clock), and forgets workers silent for ten ttls.
-- KEYS[1]: the worker heartbeats (hash: worker id -> expiry in ms). ARGV[1]: worker id. ARGV[2]: ttl in ms.
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local ttl = tonumber(ARGV[2])
redis.call('HSET', KEYS[1], ARGV[1], now + ttl)
local beats = redis.call('HGETALL', KEYS[1])
for i = 1, #beats, 2 do
  if tonumber(beats[i + 1]) < now - 10 * ttl then
    redis.call('HDEL', KEYS[1], beats[i])
  end
end
redis.call('PEXPIRE', KEYS[1], 10 * ttl)
return 1
