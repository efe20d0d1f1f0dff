-- Records how one Idempotency-Key's request ended, kept for the key's lifetime. KEYS[1]: the key's record.
-- ARGV[1]: the lifetime, ms. ARGV[2..]: field/value pairs ('job', id) or ('status', .., 'content_type', ..,
-- 'body', ..). Returns 1, or 0 when the record is gone (its lease ran out: nothing is recorded then).
if redis.call('EXISTS', KEYS[1]) == 0 then
  return 0
end
redis.call('HSET', KEYS[1], 'state', 'done', unpack(ARGV, 2))
redis.call('PEXPIRE', KEYS[1], ARGV[1])
return 1
