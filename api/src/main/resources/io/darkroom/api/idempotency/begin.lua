-- Starts or finds one Idempotency-Key's request. KEYS[1]: the key's record (a hash). ARGV[1]: the request's
-- fingerprint. ARGV[2]: the lease of a first request in flight, ms (a crashed api holds the key no longer).
-- Returns {'new'} (recorded as in flight: go on), {'mismatch'} (the key was used with another request),
-- {'job', id} (the request made that job: answer with it), {'replay', status, content_type, body}
-- (the stored answer), or {'in_flight'} (the first request has not finished).
local fingerprint = redis.call('HGET', KEYS[1], 'fingerprint')
if not fingerprint then
  redis.call('HSET', KEYS[1], 'fingerprint', ARGV[1], 'state', 'in_flight')
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return {'new'}
end
if fingerprint ~= ARGV[1] then
  return {'mismatch'}
end
local record = redis.call('HMGET', KEYS[1], 'job', 'state', 'status', 'content_type', 'body')
if record[1] then
  return {'job', record[1]}
end
if record[2] == 'done' then
  return {'replay', record[3], record[4] or '', record[5] or ''}
end
return {'in_flight'}
