--- flopcost.yield: dies per wafer, yield models, cost per good die, packages
-- and the chiplet vs monolithic comparison, all in the C core (formulas and
-- sources: csrc/core/fc_yield.h; the comparison's defaults, with their
-- sources and ranges: flopcost.yield.chiplet_defaults()).
local core = require("flopcost.core").yield

local M = {}
for k, v in pairs(core) do M[k] = v end

--- Gross dies per wafer (de Vries 2005, IEEE Transactions on Semiconductor Manufacturing 18(1)):
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

--- Cost of one good die: wafer cost / (whole dies per wafer x yield) (C: fc_yield_cost_per_good_die).
-- @function cost_per_good_die
-- @tparam table opts the wafer and the die: dies_per_wafer's and die_yield's fields, or `yield`
-- @tparam number opts.wafer_cost_usd processed wafer price [USD]
-- @tparam number opts.die_area_mm2 die area (or die_width_mm and die_height_mm [mm]) [mm^2]
-- @tparam[opt] number opts.yield die yield, in (0, 1], instead of a yield model [fraction]
-- @treturn table {usd_per_good_die [USD], dies_per_wafer, whole_dies, good_dies [count], yield [fraction]} [mixed]
-- @raise "flopcost.yield.cost_per_good_die: field 'wafer_cost_usd': non-negative number expected, got -1"
-- @usage fc.yield.cost_per_good_die{wafer_cost_usd = 17000, die_area_mm2 = 814, yield = 0.5}.usd_per_good_die
-- --> 539.68

--- Yield of an HBM stack of `dies` DRAM dies bonded one on another: die_yield^dies x
-- bond_yield^(dies - 1) (C: fc_yield_hbm_stack, csrc/core/fc_yield.h).
-- @function hbm_stack
-- @tparam table opts the stack
-- @tparam number opts.die_yield yield of one DRAM die, in (0, 1] [fraction]
-- @tparam number opts.dies dies in the stack, >= 1 [count]
-- @tparam number opts.bond_yield yield of one bonding step, in (0, 1] [fraction]
-- @treturn number the stack's yield [fraction]
-- @raise "flopcost.yield.hbm_stack: field 'dies': positive integer expected, got 0"
-- @usage fc.yield.hbm_stack{die_yield = 0.99, dies = 8, bond_yield = 0.99}  --> 0.86006

--- Cost of a 2.5D package: its logic dies (each at its cost per good die), HBM stacks, interposer
-- (priced per mm^2, with its own yield), substrate, assembly and test, all scaled by the bonding
-- yield (chiplet-actuary's model; C: fc_yield_package).
-- @function package
-- @tparam table opts the package
-- @tparam {table,...} opts.dies 1 to 8 die kinds: cost_per_good_die's fields plus count [mm^2, USD, count]
-- @tparam[opt=0] number opts.interposer_area_mm2 interposer area [mm^2]
-- @tparam[opt=0] number opts.hbm_stacks stacks, at hbm_stack_cost_usd [USD] each [count]
-- @tparam[opt] number opts.bonding_yield yield of bonding the dies (also interposer_usd_per_mm2,
-- substrate_usd, assembly_usd, test_usd [USD]) [fraction]
-- @treturn table {total_usd, logic_usd, hbm_usd, interposer_usd, substrate_usd, assembly_usd, test_usd,
-- scrap_usd [USD], bonding_yield [fraction], dies = {{usd_per_good_die, yield, dies_per_wafer}}} [USD]
-- @raise "flopcost.yield.package: field 'dies': list of die tables expected, got nil"
-- @usage fc.yield.package{dies = {{die_area_mm2 = 800, count = 2, wafer_cost_usd = 17000,
--   defect_density_per_cm2 = 0.1}}, interposer_area_mm2 = 2500}.total_usd  --> 1121.23

--- A monolithic die against the same logic split into chiplets (each chiplet d2d_overhead larger,
-- on an interposer interposer_area_factor x their area): both packages' costs and their ratio
-- (chiplet-actuary; C: fc_yield_chiplet_vs_monolithic). fc.yield.chiplet_defaults() gives the
-- defaults with their ranges and sources.
-- @function chiplet_vs_monolithic
-- @tparam table opts the design: fc.yield.package's fields for the dies and the package
-- @tparam number opts.total_area_mm2 logic area of the monolithic die [mm^2]
-- @tparam[opt=2] number opts.chiplets dies it is split into [count]
-- @tparam[opt=0.1] number opts.d2d_overhead die-to-die interface area per chiplet [fraction of its area]
-- @treturn table {monolithic = package, chiplet = package, ratio = chiplet / monolithic [ratio],
-- chiplet_area_mm2 [mm^2]} (packages as fc.yield.package returns them) [USD]
-- @raise "flopcost.yield.chiplet_vs_monolithic: field 'total_area_mm2': positive number expected, got nil"
-- @usage fc.yield.chiplet_vs_monolithic{total_area_mm2 = 1600, chiplets = 2, wafer_cost_usd = 17000,
--   defect_density_per_cm2 = 0.1}.ratio  --> 0.5330

--- The defaults of fc.yield.chiplet_vs_monolithic, each {value, lo, hi, source} (C: fc_yield.c).
-- @function chiplet_defaults
-- @treturn table per field (chiplets, d2d_overhead, interposer_area_factor, ...) {value, lo, hi,
-- source} [the field's unit]
-- @raise none: takes no arguments
-- @usage fc.yield.chiplet_defaults().chiplets.value  --> 2

return M
