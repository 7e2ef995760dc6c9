--- flopcost.progress: one progress bar with the time left, on stderr, only
-- when stderr is a terminal (a pipe or a file gets nothing).
--
--   local bar = progress.bar("compare", "cells")   -- nil when stderr is not a terminal
--   for i = 1, n do ...; if bar then bar(i, n) end end
--
-- The line and its time left (the elapsed wall time extrapolated linearly over
-- what is left) are the core's, as Monte Carlo's bar (fc_text_progress_line).
local M = {}

--- True when the process's stderr is a terminal (`test -t 2` inherits it).
function M.stderr_is_terminal()
  return os.execute("test -t 2") == true
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
  local core = require "flopcost.core"
  local clock = core.mc.clock
  local t0 = clock()
  local out = opts.stream or io.stderr
  local cols = opts.columns or M.columns()
  return function(done, total)
    io.stdout:flush() -- whatever is on stdout goes first, never into the bar's line
    -- the one progress line, Monte Carlo's too (csrc/core/fc_text.c fc_text_progress_line), fitted to the
    -- terminal so it never wraps; \027[K erases what a longer earlier line left
    out:write("\r" .. core.text.progress_line(label, unit, done, total, clock() - t0, cols) .. "\027[K")
    if done >= total then out:write("\n") end
    out:flush()
  end
end

return M
