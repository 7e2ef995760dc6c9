--- flopcost.suggest: the one "did you mean" rule of the Lua layer.
-- closest(name, candidates) -> the candidate at the smallest edit distance
-- (the core's, flopcost.core.catalog.edit_distance; ties to the first by name),
-- when that distance is at most max(2, #name // 3); else nil.
local edit_distance = require("flopcost.core").catalog.edit_distance

local M = {}

function M.closest(name, candidates)
  local check = require "flopcost.check"
  check.arg("flopcost.suggest.closest", "name", name, "string")
  check.each("flopcost.suggest.closest", "candidates", candidates, "string")
  local best, bestd
  for _, c in ipairs(candidates) do
    local d = edit_distance(name, c)
    if not bestd or d < bestd or (d == bestd and c < best) then best, bestd = c, d end
  end
  if bestd and bestd <= math.max(2, #name // 3) then return best end
end

return M
