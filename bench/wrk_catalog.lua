-- wrk script for bench/performance.py: GET requests rotating through a list of paths.
--
--   wrk -t2 -c32 -d10s -s bench/wrk_catalog.lua http://127.0.0.1:PORT -- PATHS_FILE
--
-- PATHS_FILE has one path (with its query string) per line, e.g.
--   /products/?limit=20&category=books&sort=price_asc
-- Each thread starts at a different line and goes through all of them in turn, so with more
-- paths than connections no two requests in flight ask for the same page. WRK_PACE_MS paces
-- the requests (wrk_pace.lua). `done` prints "catalog-bench: non200=N <status>=<count>,...".

local here = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
dofile(here .. "wrk_pace.lua")

local threads = {}

function setup(thread)
   thread:set("thread_no", #threads)
   table.insert(threads, thread)
end

local paths = {}
local next_path = 1

-- Read by `done` through thread:get.
failed = 0
statuses = {}

function init(args)
   local path = args[1] or os.getenv("WRK_CATALOG_PATHS")
   if not path then
      error("wrk_catalog.lua: pass the paths file after '--' or set WRK_CATALOG_PATHS")
   end
   local file = assert(io.open(path, "r"))
   for line in file:lines() do
      if line:match("^/") then
         table.insert(paths, line)
      end
   end
   file:close()
   if #paths == 0 then
      error("wrk_catalog.lua: " .. path .. " has no paths")
   end
   next_path = (thread_no * 7919) % #paths + 1
end

function request()
   local path = paths[next_path]
   next_path = next_path % #paths + 1
   return wrk.format("GET", path)
end

function response(status, headers, body)
   if status ~= 200 then
      failed = failed + 1
      local key = tostring(status)
      statuses[key] = (statuses[key] or 0) + 1
      if failed <= 3 then
         io.stderr:write(string.format("wrk_catalog.lua: HTTP %d: %s\n", status,
                                       string.sub(body or "", 1, 200)))
      end
   end
end

function done(summary, latency, requests)
   local total_failed, by_status = 0, {}
   for _, thread in ipairs(threads) do
      total_failed = total_failed + thread:get("failed")
      for status, count in pairs(thread:get("statuses")) do
         by_status[status] = (by_status[status] or 0) + count
      end
   end
   local parts = {}
   for status, count in pairs(by_status) do
      table.insert(parts, status .. "=" .. count)
   end
   table.sort(parts)
   io.write(string.format("catalog-bench: non200=%d %s\n", total_failed, table.concat(parts, ",")))
end
