-- Appends an entry to a list that lives as long as its job, in one round trip on the shared connection.
-- KEYS[1]: the list. ARGV[1]: the entry. ARGV[2]: how long the list lives, in ms. Returns the list's length.
local length = redis.call('RPUSH', KEYS[1], ARGV[1])
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return length
