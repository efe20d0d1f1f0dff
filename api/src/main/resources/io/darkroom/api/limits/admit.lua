-- One API key's image limits, checked and (when the request fits) counted in one step, on the Redis clock so
-- every api instance shares them. KEYS[1]: the key's limits hash (tat: the GCRA theoretical arrival time in ms;
-- day/day_count: the current UTC day and the images counted in it). ARGV[1]: images asked (0: only read).
-- ARGV[2]: images per minute (0: none). ARGV[3]: images per day (0: none).
-- Per minute is GCRA (a sliding minute, a burst of at most the whole minute's images); per day a UTC-day count.
-- Returns {admitted (1/0), retry after ms, minute remaining, minute reset ms, day remaining, day reset ms}.
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local day = math.floor(now / 86400000)
local day_ends = (day + 1) * 86400000
local n, per_minute, per_day = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local state = redis.call('HMGET', KEYS[1], 'tat', 'day', 'day_count')
local tat = math.max(tonumber(state[1]) or now, now)
local used = 0
if tonumber(state[2]) == day then
  used = tonumber(state[3]) or 0
end
local interval = 0
local wait = 0
if per_minute > 0 then
  interval = 60000 / per_minute
  wait = math.max(0, tat + n * interval - 60000 - now)
end
if per_day > 0 and used + n > per_day then
  wait = math.max(wait, day_ends - now)
end
local admitted = 0
if n > 0 and wait == 0 then
  admitted = 1
  tat = tat + n * interval
  used = used + n
  redis.call('HSET', KEYS[1], 'tat', string.format('%.3f', tat), 'day', day, 'day_count', used)
  redis.call('PEXPIREAT', KEYS[1], math.max(day_ends, math.ceil(tat)) + 60000)
end
local minute_remaining, minute_reset = 0, 0
if per_minute > 0 then
  minute_remaining = math.max(0, math.floor((now + 60000 - tat) / interval))
  minute_reset = math.ceil(tat - now)
end
return {admitted, math.ceil(wait), minute_remaining, minute_reset, math.max(0, per_day - used), day_ends - now}
