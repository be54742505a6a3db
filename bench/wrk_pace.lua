-- Pacing for the wrk scripts in bench/ (loaded by them with dofile): with WRK_PACE_MS set,
-- each wrk thread starts one request every WRK_PACE_MS milliseconds at most, over all of its
-- connections, so the whole run asks for about threads * 1000 / WRK_PACE_MS requests a second
-- (benchkit.wrk(pace_per_second=...) sets it). wrk2 is not packaged; this is wrk's own
-- `delay()` hook: before each request a connection waits for the next free slot.
--
-- Slots are spaced evenly from the thread's start; a connection that comes late (all were
-- busy: the server cannot keep up) goes at once and the schedule starts again from there, so
-- nothing is made up in a burst, and the rate wrk reports is the rate achieved. Latency is
-- measured by wrk from sending to the response, as in an unpaced run.
--
-- Without WRK_PACE_MS, no `delay` is defined and wrk sends as fast as it can.

local pace_ms = tonumber(os.getenv("WRK_PACE_MS") or "")

if pace_ms and pace_ms > 0 then
   local ffi = require("ffi")  -- wrk embeds LuaJIT; os.time() has only whole seconds
   ffi.cdef [[
      typedef struct { long tv_sec; long tv_nsec; } wrk_pace_timespec;
      int clock_gettime(int clock_id, wrk_pace_timespec *now);
   ]]
   local CLOCK_MONOTONIC = 1
   local clock = ffi.new("wrk_pace_timespec")
   local next_slot = nil

   local function now_ms()
      ffi.C.clock_gettime(CLOCK_MONOTONIC, clock)
      return tonumber(clock.tv_sec) * 1000 + tonumber(clock.tv_nsec) / 1e6
   end

   function delay()
      local now = now_ms()
      local slot = now
      if next_slot ~= nil and next_slot > now then
         slot = next_slot
      end
      next_slot = slot + pace_ms
      return slot - now  -- wrk waits this many (whole) milliseconds
   end
end
