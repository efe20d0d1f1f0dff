-- A worker says it is alive until now + ttl (Redis clock), and forgets workers silent for ten ttls.
-- KEYS[1]: the worker heartbeats (hash: worker id -> expiry in ms). ARGV[1]: worker id. ARGV[2]: ttl in ms.
-- KEYS[2]: the provider advertisements (hash: worker id -> '<last beat expiry>;<provider>=<up|open>,...'); the time
-- only ages an advertisement out, whether its worker lives is read from KEYS[1].
-- ARGV[3]: what this worker serves ('<provider>=<up|open>,...'), or '' for a claimant that serves nothing.
-- ARGV[4]: how long an advertisement is remembered after its worker went silent, in ms (a restarting
-- worker's providers stay known, so the api keeps queueing work for them).
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
if ARGV[3] ~= '' then
  local memory = tonumber(ARGV[4])
  redis.call('HSET', KEYS[2], ARGV[1], (now + ttl) .. ';' .. ARGV[3])
  local ads = redis.call('HGETALL', KEYS[2])
  for i = 1, #ads, 2 do
    local expiry = tonumber(string.match(ads[i + 1], '^(%d+);'))
    if not expiry or expiry < now - memory then
      redis.call('HDEL', KEYS[2], ads[i])
    end
  end
  redis.call('PEXPIRE', KEYS[2], memory + ttl)
end
return 1
