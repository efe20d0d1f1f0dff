-- A page of an owner's job index (see create.lua), newest first: ties in creation time by job id, descending.
-- KEYS[1]: the index. ARGV[1]: the job id to list after, or '' to start at the newest. ARGV[2]: the newest
-- creation time to list (ms, inclusive), or '+inf'. ARGV[3]: the oldest (ms, inclusive), or '-inf'.
-- ARGV[4]: the most entries to return.
-- Returns {'ok', id, created, id, created, ...}, or {'unknown_after'} when ARGV[1] is not in the index.
local start = 0
if ARGV[2] ~= '+inf' then
  start = redis.call('ZCOUNT', KEYS[1], '(' .. ARGV[2], '+inf')
end
if ARGV[1] ~= '' then
  local rank = redis.call('ZREVRANK', KEYS[1], ARGV[1])
  if not rank then
    return {'unknown_after'}
  end
  if rank + 1 > start then
    start = rank + 1
  end
end
local entries = redis.call('ZREVRANGE', KEYS[1], start, start + tonumber(ARGV[4]) - 1, 'WITHSCORES')
local oldest = ARGV[3] == '-inf' and nil or tonumber(ARGV[3])
local page = {'ok'}
for i = 1, #entries, 2 do
  if oldest and tonumber(entries[i + 1]) < oldest then
    break
  end
  page[#page + 1] = entries[i]
  page[#page + 1] = entries[i + 1]
end
return page
