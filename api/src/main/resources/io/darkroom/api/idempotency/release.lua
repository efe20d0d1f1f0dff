-- Forgets a first request that failed without a lasting effect (a 5xx, a 429), so its retry runs again.
-- KEYS[1]: the key's record. Only a record still in flight and naming no job is removed.
if redis.call('HGET', KEYS[1], 'state') == 'in_flight' and redis.call('HEXISTS', KEYS[1], 'job') == 0 then
  return redis.call('DEL', KEYS[1])
end
return 0
