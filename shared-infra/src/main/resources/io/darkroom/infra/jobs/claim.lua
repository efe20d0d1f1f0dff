-- A worker claims a job: moves it to running, counts the attempt, records its claim token and its own
-- worker id (the holder), and takes a lease on it (the reaper re-drives a running job whose lease expired).
-- A broker redelivery may take over a running job only when its holder is gone: its lease expired, or
-- the holder's heartbeat did (a killed worker). A redelivery of a job whose holder still lives (the broker
-- timed out a long delivery, or the holder's connection dropped while it kept working) gets 'held': the
-- job must not be sent upstream twice.
-- KEYS[1]: the job key. KEYS[2]: the lease index (sorted set by expiry). KEYS[3]: the unpublished index.
-- KEYS[4]: the worker heartbeats (hash: worker id -> expiry, Redis clock).
-- ARGV[1]: claim token. ARGV[2]: '1' when the broker redelivered the message. ARGV[3]: comma-separated
-- states allowed to move to running (from the shared-model transition table). ARGV[4]: the job id.
-- ARGV[5]: lease length in ms. ARGV[6]: the claiming worker's id ('' for a claimant without a heartbeat).
-- ARGV[7]: '1' for a held redelivery looking again: it may only take a running job over (a job its holder
-- put back to queued for a delayed retry is not its to run now).
-- KEYS[5]: the job's attempts list. KEYS[6]: the run deadlines index (sorted set by when a run must end).
-- ARGV[8]: the model's maximum run time in ms: the sweeper fails a job still running past it.
-- Returns {'claimed', {the job's fields and values}, {its attempts}} (what the worker needs next, without
-- another round trip), {'missing'}, {'held'}, or {current status} when the claim is refused.
local status = redis.call('HGET', KEYS[1], 'status')
if not status then
  return {'missing'}
end
local allowed = string.find(',' .. ARGV[3] .. ',', ',' .. status .. ',', 1, true)
if ARGV[7] == '1' and status ~= 'running' then
  return {status}
end
local takeover = status == 'running' and ARGV[2] == '1'
if not allowed and not takeover then
  return {status}
end
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
if takeover then
  local lease = tonumber(redis.call('ZSCORE', KEYS[2], ARGV[4]) or '0')
  local holder = redis.call('HGET', KEYS[1], 'holder')
  local beat = 0
  if holder and holder ~= '' then
    beat = tonumber(redis.call('HGET', KEYS[4], holder) or '0')
  end
  if lease > now and beat > now then
    return {'held'}
  end
end
redis.call('HINCRBY', KEYS[1], 'attempts', 1)
redis.call('HSET', KEYS[1], 'status', 'running', 'claim', ARGV[1], 'holder', ARGV[6], 'started_at', now)
redis.call('ZADD', KEYS[2], now + tonumber(ARGV[5]), ARGV[4])
redis.call('ZREM', KEYS[3], ARGV[4])
redis.call('ZADD', KEYS[6], now + tonumber(ARGV[8]), ARGV[4])
return {'claimed', redis.call('HGETALL', KEYS[1]), redis.call('LRANGE', KEYS[5], 0, -1)}
