--- flopcost.yield: dies per wafer, yield models, cost per good die, packages
-- and the chiplet vs monolithic comparison, all in the C core (formulas and
-- sources: csrc/core/fc_yield.h; the comparison's defaults, with their
-- sources and ranges: flopcost.yield.chiplet_defaults()).
local core = require("flopcost.core").yield

local M = {}
for k, v in pairs(core) do M[k] = v end

--- Gross dies per wafer (de Vries 2005, IEEE Trans. Semicond. Manuf. 18(1)):
-- DPW = pi (d/2)^2 / A - pi d / sqrt(2 A), d = diameter - 2 x edge exclusion, A the die area grown
-- by the scribe line (C: fc_yield_dies_per_wafer).
-- @function dies_per_wafer
-- @tparam table opts the wafer and the die
-- @tparam[opt=300] number opts.wafer_diameter_mm wafer diameter [mm]
-- @tparam number opts.die_area_mm2 die area [mm^2] (or die_width_mm and die_height_mm)
-- @tparam[opt] number opts.die_width_mm die width [mm], with die_height_mm [mm]
-- @tparam[opt=0] number opts.edge_exclusion_mm unusable rim of the wafer [mm]
-- @tparam[opt=0] number opts.scribe_mm saw lane between dies [mm]
-- @treturn number dies per wafer, not rounded [count]
-- @treturn integer whole dies (the first, floored) [count]
-- @raise "flopcost.yield.dies_per_wafer: field 'die_area_mm2': positive number expected, got -3" for a
-- missing or out-of-domain field (never a number for bad input)
-- @usage fc.yield.dies_per_wafer{wafer_diameter_mm = 300, die_area_mm2 = 814}   --> 63.48, 63

--- Yield of one die: the share of dies without a killer defect at defect density D0 (Poisson,
-- Murphy, Seeds, Moore, Bose-Einstein over critical layers, negative binomial with clustering alpha;
-- C: fc_yield_die_yield, sources in csrc/core/fc_yield.h).
-- @function die_yield
-- @tparam table opts the model and the die
-- @tparam[opt="murphy"] string opts.model "poisson", "murphy", "seeds", "moore", "bose_einstein" or
-- "negative_binomial" [name]
-- @tparam number opts.die_area_mm2 die area [mm^2]
-- @tparam number opts.defect_density_per_cm2 killer defects per area, D0 [1/cm^2]
-- @tparam[opt] number opts.critical_layers critical layers for "bose_einstein", >= 1 [count]
-- @tparam[opt] number opts.alpha clustering for "negative_binomial", > 0 [dimensionless]
-- @treturn number yield, in [0, 1] [fraction]
-- @raise "flopcost.yield.die_yield: field 'model': one of 'poisson', 'murphy', ... expected, got 'x'"
-- (and for any field out of its domain)
-- @usage fc.yield.die_yield{model = "murphy", die_area_mm2 = 814, defect_density_per_cm2 = 0.1}  --> 0.468

return M
