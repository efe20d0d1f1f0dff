-- Stores a new job once, as not yet published. KEYS[1]: the job key. KEYS[2]: the unpublished index
-- (sorted set by time). ARGV[1]: retention in ms. ARGV[2]: the job id. ARGV[3..]: field/value pairs.
-- KEYS[3], for a batch's line: the batch's hash; the line is created only while the batch is 'validating'
-- (queueing), so no run that lost the race to a cancel or expiry creates a line after the batch stopped.
-- Returns the creation time (Redis server clock, ms), or 0 when a job with this key already exists (or
-- the batch is no longer queueing lines).
if redis.call('EXISTS', KEYS[1]) == 1 then
  return 0
end
if KEYS[3] and redis.call('HGET', KEYS[3], 'status') ~= 'validating' then
  return 0
end
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
redis.call('HSET', KEYS[1], 'created_at', now, unpack(ARGV, 3))
redis.call('PEXPIRE', KEYS[1], ARGV[1])
redis.call('ZADD', KEYS[2], now, ARGV[2])
return now
