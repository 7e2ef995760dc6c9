--- flopcost.progress: one progress bar with the time left, on stderr, only
-- when stderr is a terminal (a pipe or a file gets nothing).
--
--   local bar = progress.bar("compare", "cells")   -- nil when stderr is not a terminal
--   for i = 1, n do ...; if bar then bar(i, n) end end
--
-- The time left is the elapsed wall time extrapolated linearly over what is
-- left (os.time: whole seconds, so it says "estimating" for the first second).
local M = {}

--- True when the process's stderr is a terminal (`test -t 2` inherits it).
function M.stderr_is_terminal()
  return os.execute("test -t 2") == true
end

local function eta_text(elapsed, done, total)
  if done >= total then return ("done in %d s"):format(elapsed) end
  if done == 0 or elapsed < 1 then return "time left: estimating" end
  local left = math.ceil(elapsed * (total - done) / done)
  if left < 90 then return ("%d s left"):format(left) end
  return ("%d min %02d s left"):format(left // 60, left % 60)
end

--- progress.bar(label, unit [, opts]) -> function(done, total), or nil when
-- stderr is not a terminal (opts.force = true draws anyway, for tests).
-- Each call redraws one line: "compare [#####.....]  45%  21 of 46 cells, 12 s left";
-- the last (done == total) ends it with a newline.
function M.bar(label, unit, opts)
  opts = opts or {}
  if not opts.force and not M.stderr_is_terminal() then return nil end
  local t0 = os.time()
  local out = opts.stream or io.stderr
  return function(done, total)
    local pct = total > 0 and math.floor(100 * done / total) or 100
    local fill = total > 0 and math.floor(30 * done / total) or 30
    io.stdout:flush() -- whatever is on stdout goes first, never into the bar's line
    out:write(("\r%s [%s%s] %3d%%  %d of %d %s, %s   "):format(label, ("#"):rep(fill), ("."):rep(30 - fill),
      pct, done, total, unit, eta_text(os.time() - t0, done, total)))
    if done >= total then out:write("\n") end
    out:flush()
  end
end

return M
