-- Members of an index whose score is older than the Redis clock minus a grace period.
-- KEYS[1]: the index. ARGV[1]: grace in ms. ARGV[2]: the most to return.
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
return redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now - tonumber(ARGV[1]), 'LIMIT', 0, tonumber(ARGV[2]))
