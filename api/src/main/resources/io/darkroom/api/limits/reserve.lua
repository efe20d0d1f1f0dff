-- Reserves a job's expected cost against its key's budget, or refuses it. KEYS[1]: the key's budget hash
-- (sd:<day>/sm:<month>: spent, counted by the job's final move in transition.lua; rd:<day>/rm:<month>: reserved by
-- jobs not final yet; job:<id>: '<day> <month> <micros>' held for a job). ARGV[1]: the job id. ARGV[2]: the UTC day.
-- ARGV[3]: the month (yyyymm). ARGV[4]: the expected cost, micro-USD. ARGV[5]: the daily cap, micro-USD (0: none).
-- ARGV[6]: the monthly cap (0: none).
-- Returns {0, 'daily'|'monthly', used micros, cap micros} when the job would pass a cap (nothing reserved), or
-- {1, crossed, day used, month used} where crossed names the periods ('daily', 'monthly', or both, comma-separated)
-- whose use this job took past 80 % of the cap for the first time in the period, else ''.
local function number(field)
  return tonumber(redis.call('HGET', KEYS[1], field)) or 0
end
local day_used = number('sd:' .. ARGV[2]) + number('rd:' .. ARGV[2])
local month_used = number('sm:' .. ARGV[3]) + number('rm:' .. ARGV[3])
local expected, day_cap, month_cap = tonumber(ARGV[4]), tonumber(ARGV[5]), tonumber(ARGV[6])
if day_cap > 0 and day_used + expected > day_cap then
  return {0, 'daily', day_used, day_cap}
end
if month_cap > 0 and month_used + expected > month_cap then
  return {0, 'monthly', month_used, month_cap}
end
redis.call('HINCRBY', KEYS[1], 'rd:' .. ARGV[2], expected)
redis.call('HINCRBY', KEYS[1], 'rm:' .. ARGV[3], expected)
redis.call('HSET', KEYS[1], 'job:' .. ARGV[1], ARGV[2] .. ' ' .. ARGV[3] .. ' ' .. expected)
redis.call('PEXPIRE', KEYS[1], 3456000000)
-- Each period's 80 % is announced once: the first crossing sets the ledger's flag (td:<day> / tm:<month>), so a
-- reservation given back and taken again, or a raised cap, does not announce it again in that period.
local crossed = {}
if month_cap > 0 and (month_used + expected) * 5 >= month_cap * 4 and redis.call('HSETNX', KEYS[1], 'tm:' .. ARGV[3], 1) == 1 then
  crossed[#crossed + 1] = 'monthly'
end
if day_cap > 0 and (day_used + expected) * 5 >= day_cap * 4 and redis.call('HSETNX', KEYS[1], 'td:' .. ARGV[2], 1) == 1 then
  crossed[#crossed + 1] = 'daily'
end
return {1, table.concat(crossed, ','), day_used + expected, month_used + expected}
