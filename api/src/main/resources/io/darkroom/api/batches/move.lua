-- Moves a batch to a new status if it is in one the transition table (BatchStatus.sourcesOf) allows moving from,
-- writing more fields with the move, so that of two racing writers (a cancel and a finalization, two api instances'
-- sweeps) exactly one wins. A final move writes the batch's event among the fields and stamps the mover's claim on
-- sending it (see claim.lua) with Redis's clock, so that only the winner sends it.
-- KEYS[1]: the batch hash. ARGV[1]: comma-separated statuses allowed to move to the new one. ARGV[2]: the new status.
-- ARGV[3]: the claim field to stamp, '' for none. ARGV[4..]: field/value pairs to write with the move.
-- Returns 1 when moved, 0 when the batch is missing or in another status.
local status = redis.call('HGET', KEYS[1], 'status')
if not status or not string.find(',' .. ARGV[1] .. ',', ',' .. status .. ',', 1, true) then
  return 0
end
redis.call('HSET', KEYS[1], 'status', ARGV[2])
if ARGV[3] ~= '' then
  local time = redis.call('TIME')
  redis.call('HSET', KEYS[1], ARGV[3], time[1] .. string.format('%03d', math.floor(tonumber(time[2]) / 1000)))
end
if #ARGV >= 5 then
  redis.call('HSET', KEYS[1], unpack(ARGV, 4))
end
return 1
