-- Moves a batch to a new status if it is in one the transition table (BatchStatus.sourcesOf) allows moving from,
-- writing more fields with the move, so that of two racing writers (a cancel and a finalization, two api instances'
-- sweeps) exactly one wins.
-- KEYS[1]: the batch hash. ARGV[1]: comma-separated statuses allowed to move to the new one. ARGV[2]: the new status.
-- ARGV[3..]: field/value pairs to write with the move.
-- Returns 1 when moved, 0 when the batch is missing or in another status.
local status = redis.call('HGET', KEYS[1], 'status')
if not status or not string.find(',' .. ARGV[1] .. ',', ',' .. status .. ',', 1, true) then
  return 0
end
redis.call('HSET', KEYS[1], 'status', ARGV[2])
if #ARGV >= 4 then
  redis.call('HSET', KEYS[1], unpack(ARGV, 3))
end
return 1
