-- wrk script for bench/orders_throughput.py: every request places an order.
--
--   wrk -t2 -c16 -d10s -s bench/wrk_orders.lua http://127.0.0.1:PORT/orders/ -- DATA_FILE
--
-- DATA_FILE (written by orders_throughput.py) has one entry per line:
--   T <access token>     a customer's bearer token; requests rotate through them
--   P <product id>       a product to order (1-3 distinct lines of quantity 1-3 each)
-- Without "-- DATA_FILE" the path is read from the environment variable WRK_ORDERS_DATA.
--
-- Each wrk thread has its own Lua state. With WRK_THREADS (the -t given to wrk) set, thread i
-- takes every WRK_THREADS-th token from the i-th on, so threads never share a customer: with as
-- many tokens as connections, each connection is, in turn, a distinct customer. `done` adds up
-- the threads' counts and prints one machine-readable line per figure, prefixed
-- "orders-bench:", after wrk's own report. WRK_PACE_MS paces the requests (wrk_pace.lua).

local here = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
dofile(here .. "wrk_pace.lua")

local threads = {}

function setup(thread)
   thread:set("thread_no", #threads)
   table.insert(threads, thread)
end

local tokens = {}
local products = {}
local next_token = 1

-- Read by `done` through thread:get, so these are globals of each thread's Lua state.
created = 0
failed = 0
statuses = {}

function init(args)
   local path = args[1] or os.getenv("WRK_ORDERS_DATA")
   if not path then
      error("wrk_orders.lua: pass the data file after '--' or set WRK_ORDERS_DATA")
   end
   local file = assert(io.open(path, "r"))
   for line in file:lines() do
      local kind, value = line:match("^(%a)%s+(%S+)$")
      if kind == "T" then
         table.insert(tokens, value)
      elseif kind == "P" then
         table.insert(products, tonumber(value))
      end
   end
   file:close()
   if #tokens == 0 or #products < 3 then
      error("wrk_orders.lua: " .. path .. " needs at least one token and three products")
   end
   local thread_count = tonumber(os.getenv("WRK_THREADS") or "1") or 1
   if thread_count > 1 and #tokens >= thread_count then
      local mine = {}
      for i = thread_no + 1, #tokens, thread_count do
         table.insert(mine, tokens[i])
      end
      tokens = mine
   end
   -- Threads start at different customers and draw different random products.
   next_token = (thread_no * 7919) % #tokens + 1
   math.randomseed(os.time() + 1000003 * (thread_no + 1))
end

local function order_body()
   local lines = {}
   local chosen = {}
   local count = math.random(1, 3)
   while #lines < count do
      local product_id = products[math.random(1, #products)]
      if not chosen[product_id] then
         chosen[product_id] = true
         table.insert(lines, string.format('{"product_id":%d,"quantity":%d}',
                                           product_id, math.random(1, 3)))
      end
   end
   return '{"items":[' .. table.concat(lines, ",") .. ']}'
end

function request()
   local token = tokens[next_token]
   next_token = next_token % #tokens + 1
   return wrk.format("POST", nil, {
      ["Content-Type"] = "application/json",
      ["Authorization"] = "Bearer " .. token,
   }, order_body())
end

function response(status, headers, body)
   if status == 201 then
      created = created + 1
   else
      failed = failed + 1
      local key = tostring(status)
      statuses[key] = (statuses[key] or 0) + 1
      if failed <= 3 then
         io.stderr:write(string.format("wrk_orders.lua: HTTP %d: %s\n", status,
                                       string.sub(body or "", 1, 200)))
      end
   end
end

function done(summary, latency, requests)
   local total_created, total_failed, by_status = 0, 0, {}
   for _, thread in ipairs(threads) do
      total_created = total_created + thread:get("created")
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
   local errors = summary.errors
   io.write(string.format("orders-bench: created=%d\n", total_created))
   io.write(string.format("orders-bench: non201=%d %s\n", total_failed, table.concat(parts, ",")))
   io.write(string.format("orders-bench: duration_us=%d\n", summary.duration))
   io.write(string.format("orders-bench: socket_errors connect=%d read=%d write=%d timeout=%d\n",
                          errors.connect, errors.read, errors.write, errors.timeout))
   io.write(string.format("orders-bench: latency_us p50=%d p90=%d p99=%d max=%d\n",
                          latency:percentile(50), latency:percentile(90),
                          latency:percentile(99), latency.max))
end
