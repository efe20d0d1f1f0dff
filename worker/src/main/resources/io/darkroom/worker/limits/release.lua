-- Gives a permit back and, while some caller waits for one (the contention flag is set), announces it: in one
-- round trip. KEYS[1]: leases; KEYS[2]: bulk leases; KEYS[3]: the contention flag (see acquire.lua).
-- ARGV[1]: lease id. ARGV[2]: the channel waiters of every worker listen on.
-- Returns 1 when the release was announced, 0 when nobody waited.
redis.call('ZREM', KEYS[1], ARGV[1])
redis.call('ZREM', KEYS[2], ARGV[1])
if redis.call('EXISTS', KEYS[3]) == 1 then
  redis.call('PUBLISH', ARGV[2], ARGV[1])
  return 1
end
return 0
