-- Records one delivery attempt in one round trip: appends it to the delivery's attempts and indexes the
-- delivery under its subject (job or batch), both kept for the retention.
-- KEYS[1]: the delivery's attempts (list). KEYS[2]: the subject's deliveries (set).
-- ARGV[1]: the attempt (JSON). ARGV[2]: '<event id>:<endpoint id>'. ARGV[3]: retention in ms.
redis.call('RPUSH', KEYS[1], ARGV[1])
redis.call('PEXPIRE', KEYS[1], ARGV[3])
redis.call('SADD', KEYS[2], ARGV[2])
redis.call('PEXPIRE', KEYS[2], ARGV[3])
return 1
