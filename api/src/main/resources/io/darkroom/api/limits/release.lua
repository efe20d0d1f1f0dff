-- Gives back the reservation of a job that was never made (refused after reserve.lua reserved its cost).
-- KEYS[1]: the key's budget hash. ARGV[1]: the job id. Returns 1 when a reservation was given back, else 0.
local held = redis.call('HGET', KEYS[1], 'job:' .. ARGV[1])
if not held then
  return 0
end
local day, month, micros = string.match(held, '^(%S+) (%S+) (%S+)$')
redis.call('HINCRBY', KEYS[1], 'rd:' .. day, -tonumber(micros))
redis.call('HINCRBY', KEYS[1], 'rm:' .. month, -tonumber(micros))
redis.call('HDEL', KEYS[1], 'job:' .. ARGV[1])
return 1
