--- flopcost.suggest: the "did you mean" rule, as the core writes it once
-- (csrc/core/fc_text.h, through flopcost.core.catalog.suggest).
-- closest(name, candidates) -> the candidate at the smallest edit distance
-- (case-insensitive optimal string alignment; a candidate that starts with
-- the name, or the name with it, 3+ characters, counts as 1; ties to the first
-- by name) when that is at most max(2, #name // 3) (1 for names of 3
-- characters or fewer); else nil.
local suggest = require("flopcost.core").catalog.suggest

local M = {}

function M.closest(name, candidates)
  return suggest(name, candidates)
end

return M
