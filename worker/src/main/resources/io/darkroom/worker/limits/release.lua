-- Gives a permit back. KEYS[1]: leases; KEYS[2]: bulk leases. ARGV[1]: lease id.
redis.call('ZREM', KEYS[1], ARGV[1])
redis.call('ZREM', KEYS[2], ARGV[1])
return 1
