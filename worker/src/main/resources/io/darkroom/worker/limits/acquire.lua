-- Takes one permit of a provider's lease semaphore, if one is free.
-- KEYS[1]: the provider's leases (sorted set, member = lease id, score = expiry in Redis ms).
-- KEYS[2]: the bulk lane's leases (same shape), counted against the bulk share.
-- ARGV[1]: lease id. ARGV[2]: lease length in ms. ARGV[3]: the provider's limit.
-- ARGV[4]: the bulk lane's limit, or -1 for an interactive call.
-- KEYS[3]: the provider's contention flag. ARGV[5]: how long it lasts, in ms: a caller that finds no free
-- permit sets it (and keeps it set while it retries), so releases are announced only while someone waits.
-- Expired leases (their holder died or stalled) are dropped first, by the Redis clock: a worker's own
-- clock never matters. Returns 1 when the permit was taken, 0 when none is free.
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now)
local bulkLimit = tonumber(ARGV[4])
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[3]) or (bulkLimit >= 0 and redis.call('ZCARD', KEYS[2]) >= bulkLimit) then
  redis.call('SET', KEYS[3], '1', 'PX', ARGV[5])
  return 0
end
local expiry = now + tonumber(ARGV[2])
redis.call('ZADD', KEYS[1], expiry, ARGV[1])
redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[2]) * 2)
if bulkLimit >= 0 then
  redis.call('ZADD', KEYS[2], expiry, ARGV[1])
  redis.call('PEXPIRE', KEYS[2], tonumber(ARGV[2]) * 2)
end
return 1
