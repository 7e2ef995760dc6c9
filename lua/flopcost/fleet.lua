--- flopcost.fleet: an installed base of chips shipped year by year and retired along a survival
-- curve, in the C core (formulas and sources: csrc/core/fc_fleet.h).
local core = require("flopcost.core").fleet

local M = {}
for k, v in pairs(core) do M[k] = v end

--- Share of a cohort still in service at an age: a step at life_years, an exponential of mean
-- life_years, or a Weibull of scale life_years and `shape` (C: fc_fleet_survival).
-- @function survival
-- @tparam table opts the curve and the age
-- @tparam[opt="step"] string opts.survival "step", "exponential" or "weibull" [name]
-- @tparam number opts.life_years service life (the scale) [years]
-- @tparam[opt=1] number opts.shape Weibull shape, > 0 [dimensionless]
-- @tparam number opts.age_years age of the cohort, >= 0 [years]
-- @treturn number the share in service [fraction]
-- @raise "flopcost.fleet.survival: field 'life_years': positive number expected, got 0"
-- @usage fc.fleet.survival{survival = "exponential", life_years = 5, age_years = 3}  --> 0.548812

--- Installed compute year by year: each year's shipments x their FLOP/s per unit, summed over the
-- cohorts still in service (fc.fleet.survival; C: fc_fleet_stock).
-- @function stock
-- @tparam table opts the shipments and the curve
-- @tparam {number,...} opts.units units shipped in year 1, 2, ... [count]
-- @tparam number|{number,...} opts.flops_per_unit performance per unit, one or per year [FLOP/s]
-- @tparam number opts.life_years service life [years]; survival and shape as fc.fleet.survival
-- @treturn {number,...} the installed performance at the end of each year [FLOP/s]
-- @raise "flopcost.fleet.stock: field 'life_years': positive number expected, got 0"
-- @usage fc.fleet.stock{units = {100, 200, 300}, flops_per_unit = 1e15, life_years = 2}[3]  --> 5e17

return M
