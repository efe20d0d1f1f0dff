-- The providers workers advertise, each with whether its worker is alive now: its heartbeat (in the worker
-- heartbeats hash, stamped with the Redis clock) has not expired. A worker that stopped cleanly is forgotten
-- there at once, so its advertisement reads silent without being rewritten.
-- KEYS[1]: the provider advertisements (hash: worker id -> '<last beat expiry>;<advertisement>').
-- KEYS[2]: the worker heartbeats (hash: worker id -> expiry in ms).
-- Returns {worker id, advertisement, '1' or '0', worker id, advertisement, '1' or '0', ...}.
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local ads = redis.call('HGETALL', KEYS[1])
local reply = {}
for i = 1, #ads, 2 do
  local beat = tonumber(redis.call('HGET', KEYS[2], ads[i]) or '0')
  table.insert(reply, ads[i])
  table.insert(reply, ads[i + 1])
  table.insert(reply, beat >= now and '1' or '0')
end
return reply
