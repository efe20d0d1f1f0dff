-- Gives a permit back and announces it, in one round trip. KEYS[1]: leases; KEYS[2]: bulk leases.
-- ARGV[1]: lease id. ARGV[2]: the channel waiters of every worker listen on.
redis.call('ZREM', KEYS[1], ARGV[1])
redis.call('ZREM', KEYS[2], ARGV[1])
redis.call('PUBLISH', ARGV[2], ARGV[1])
return 1
