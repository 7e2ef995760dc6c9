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
  return function(done, total)
    io.stdout:flush() -- whatever is on stdout goes first, never into the bar's line
    -- the one progress line, Monte Carlo's too (csrc/core/fc_text.c fc_text_progress_line)
    out:write("\r" .. core.text.progress_line(label, unit, done, total, clock() - t0) .. "   ")
    if done >= total then out:write("\n") end
    out:flush()
  end
end

return M
