-- The claim holder gives a running job up (it threw; its message goes back to the queue): the job keeps
-- its lease, but names no live holder any more, so the redelivered message takes it over at once (and,
-- should none come, the reaper re-drives it when the lease expires).
-- KEYS[1]: the job key. ARGV[1]: claim token.
-- Returns 1 when given up, 0 when the claim was no longer held.
if redis.call('HGET', KEYS[1], 'status') ~= 'running' or redis.call('HGET', KEYS[1], 'claim') ~= ARGV[1] then
  return 0
end
redis.call('HSET', KEYS[1], 'holder', '')
return 1
