--- flopcost.yield: dies per wafer, yield models, cost per good die, packages
-- and the chiplet vs monolithic comparison, all in the C core (formulas and
-- sources: csrc/core/fc_yield.h; the comparison's defaults, with their
-- sources and ranges: flopcost.yield.chiplet_defaults()).
local core = require("flopcost.core").yield

local M = {}
for k, v in pairs(core) do M[k] = v end

return M
