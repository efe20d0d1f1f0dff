-- Whether a job is running under a live holder: its lease is unexpired and its worker's heartbeat too.
-- KEYS[1]: the job key. KEYS[2]: the lease index. KEYS[3]: the worker heartbeats. ARGV[1]: the job id.
-- Returns 1 when held, else 0.
if redis.call('HGET', KEYS[1], 'status') ~= 'running' then
  return 0
end
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local lease = tonumber(redis.call('ZSCORE', KEYS[2], ARGV[1]) or '0')
local holder = redis.call('HGET', KEYS[1], 'holder')
if not holder or holder == '' or lease <= now then
  return 0
end
if tonumber(redis.call('HGET', KEYS[3], holder) or '0') > now then
  return 1
end
return 0
