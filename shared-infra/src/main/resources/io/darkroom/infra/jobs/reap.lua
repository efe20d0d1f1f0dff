-- The reaper puts a running job back in its queue, but only if its lease is still expired now (by the
-- Redis clock): a renewal or a takeover since the reaper looked wins.
-- KEYS[1]: the job key. KEYS[2]: the lease index. KEYS[3]: the unpublished index. ARGV[1]: the job id.
-- Returns {'applied'}, {'missing'}, {'renewed'} or {current status}.
local status = redis.call('HGET', KEYS[1], 'status')
if not status then
  return {'missing'}
end
if status ~= 'running' then
  return {status}
end
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local lease = redis.call('ZSCORE', KEYS[2], ARGV[1])
if lease and tonumber(lease) > now then
  return {'renewed'}
end
redis.call('HSET', KEYS[1], 'status', 'queued', 'claim', '')
redis.call('ZREM', KEYS[2], ARGV[1])
redis.call('ZADD', KEYS[3], now, ARGV[1])
return {'applied'}
