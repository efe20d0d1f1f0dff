-- The providers workers advertise, with the Redis clock to judge which workers are alive.
-- KEYS[1]: the provider advertisements (hash: worker id -> '<expiry>;<provider>=<up|open>,...').
-- Returns {now in ms, field, value, field, value, ...}.
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local reply = redis.call('HGETALL', KEYS[1])
table.insert(reply, 1, tostring(now))
return reply
