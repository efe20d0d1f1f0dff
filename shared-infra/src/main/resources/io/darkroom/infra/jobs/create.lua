-- Stores a new job once, as not yet published. KEYS[1]: the job key. KEYS[2]: the unpublished index
-- (sorted set by time), or for a held batch line its batch's held set ('<batch key>:held', living as long as the
-- line; release-lines.lua moves it to the unpublished index when its key has room). KEYS[3]: the owner's job index (sorted set by creation time, for GET /v1/jobs).
-- ARGV[1]: retention in ms. ARGV[2]: the job id. ARGV[3..]: field/value pairs.
-- KEYS[4], for a batch's line: the batch's hash; the line is created only while the batch is 'validating'
-- (queueing), so no run that lost the race to a cancel or expiry creates a line after the batch stopped.
-- Fields 'active_into' (the owner's set of unfinished jobs, scored by expiry) and 'active_limit' make the job count
-- against its owner's concurrent jobs: it is refused (-1) when the owner already has that many unfinished jobs
-- (entries past their expiry do not count, and are dropped), else added to the set; its final move removes it
-- (transition.lua).
-- Returns the creation time (Redis server clock, ms), 0 when a job with this key already exists (or
-- the batch is no longer queueing lines), or -1 when the owner is at its concurrent jobs.
if redis.call('EXISTS', KEYS[1]) == 1 then
  return 0
end
if KEYS[4] and redis.call('HGET', KEYS[4], 'status') ~= 'validating' then
  return 0
end
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local active_into, active_limit
for i = 3, #ARGV - 1, 2 do
  if ARGV[i] == 'active_into' then
    active_into = ARGV[i + 1]
  elseif ARGV[i] == 'active_limit' then
    active_limit = tonumber(ARGV[i + 1])
  end
end
if active_into then
  redis.call('ZREMRANGEBYSCORE', active_into, '-inf', now)
  if active_limit and active_limit > 0 and redis.call('ZCARD', active_into) >= active_limit then
    return -1
  end
  redis.call('ZADD', active_into, now + tonumber(ARGV[1]), ARGV[2])
  redis.call('PEXPIRE', active_into, ARGV[1])
end
redis.call('HSET', KEYS[1], 'created_at', now, unpack(ARGV, 3))
redis.call('PEXPIRE', KEYS[1], ARGV[1])
redis.call('ZADD', KEYS[2], now, ARGV[2])
if KEYS[4] and KEYS[2] == KEYS[4] .. ':held' and redis.call('PTTL', KEYS[2]) < 0 then
  redis.call('PEXPIRE', KEYS[2], ARGV[1])
end
-- The owner's index: lives as long as its longest-lived job, so an idle owner's index expires whole; each
-- new job drops up to two entries at its old end whose jobs expired, so a busy owner's index stays bounded.
redis.call('ZADD', KEYS[3], now, ARGV[2])
if redis.call('PTTL', KEYS[3]) < tonumber(ARGV[1]) then
  redis.call('PEXPIRE', KEYS[3], ARGV[1])
end
local jobKeyPrefix = string.sub(KEYS[1], 1, #KEYS[1] - #ARGV[2])
for _, oldest in ipairs(redis.call('ZRANGE', KEYS[3], 0, 1)) do
  if redis.call('EXISTS', jobKeyPrefix .. oldest) == 0 then
    redis.call('ZREM', KEYS[3], oldest)
  end
end
return now
