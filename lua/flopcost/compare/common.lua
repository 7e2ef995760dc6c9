--- flopcost.compare.common: what the compare files share. (internal)
local M = {}

M.FN = "flopcost.compare"
local FN = M.FN
local check = require "flopcost.check"

-- A grid as fc.compare.run returns it (every grid function checks its argument).
local function check_grid(fn, grid)
  check.arg(FN .. "." .. fn, "grid", grid, function(g) return type(g) == "table" and type(g.results) == "table" end,
    "compare grid (the result of fc.compare.run)")
  check.each(FN .. "." .. fn, "grid.results", grid.results, "table", "result table")
end

local function copy(t)
  local o = {}
  for k, v in pairs(t or {}) do o[k] = v end
  return o
end

M.check_grid, M.copy = check_grid, copy
M.nearest = require("flopcost.suggest").closest

return M
