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

--- The terminal's width: $COLUMNS, else `tput cols`, else 80.
function M.columns()
  local c = tonumber(os.getenv("COLUMNS") or "")
  if not c then
    local p = io.popen("tput cols 2>/dev/null")
    c = p and tonumber(p:read("l") or "")
    if p then p:close() end
  end
  return (c and c >= 20) and math.floor(c) or 80
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
  local cols = opts.columns or M.columns()
  return function(done, total)
    local pct = total > 0 and math.floor(100 * done / total) or 100
    local tail = ("] %3d%%  %d of %d %s, %s"):format(pct, done, total, unit, eta_text(os.time() - t0, done, total))
    -- the bar shrinks so the line never wraps (a wrapped line is redrawn below itself)
    local bar_w = math.max(5, math.min(30, cols - 1 - #label - 2 - #tail))
    local line = ("%s [%s%s%s"):format(label, ("#"):rep(total > 0 and math.floor(bar_w * done / total) or bar_w),
      ("."):rep(bar_w - (total > 0 and math.floor(bar_w * done / total) or bar_w)), tail)
    if #line > cols - 1 then line = line:sub(1, cols - 1) end
    io.stdout:flush() -- whatever is on stdout goes first, never into the bar's line
    out:write("\r", line, "\027[K") -- erase what a longer earlier line left
    if done >= total then out:write("\n") end
    out:flush()
  end
end

return M
