-- Takes a claim on work about a batch (finalizing it, sending its event) for the caller: once, and again only after
-- the holder has had it longer than the takeover (it died half-way), and never once the work is marked done.
-- Times are Redis's, in ms, so that api instances whose clocks differ agree on who holds a claim.
-- KEYS[1]: the batch hash. ARGV[1]: the claim field. ARGV[2]: the takeover, in ms.
-- ARGV[3]: the field that marks the work done, '' for none.
-- Returns 1 when the caller holds the claim now, 0 when another does, the work is done, or the batch is gone.
if redis.call('EXISTS', KEYS[1]) == 0 then
  return 0
end
if ARGV[3] ~= '' and redis.call('HEXISTS', KEYS[1], ARGV[3]) == 1 then
  return 0
end
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local held = redis.call('HGET', KEYS[1], ARGV[1])
if held and now - tonumber(held) <= tonumber(ARGV[2]) then
  return 0
end
redis.call('HSET', KEYS[1], ARGV[1], string.format('%d', now))
return 1
