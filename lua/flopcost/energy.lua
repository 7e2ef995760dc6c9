--- flopcost.energy: the C core's power curves, energy, cost and carbon, plus
-- `chip = "H100-SXM"` in kwh/cost/power_w: the chip's measured power curve
-- from the catalog when it has one, else its TDP and idle power.
local core = require("flopcost.core").energy
local check = require "flopcost.check"

local M = {}
for k, v in pairs(core) do M[k] = v end

local curves = setmetatable({}, { __mode = "k" })

--- The methods of a power curve (fc.energy.power_curve, a C value): c:power_w(u), c:points().
M.PowerCurve = debug.getmetatable(core.power_curve { utilization = { 0, 1 }, power_w = { 1, 1 } }).__index

--- Board power at a utilization (Steffen's monotone cubic through the points).
-- @function PowerCurve:power_w
-- @tparam number utilization share of time busy, in [0, 1] [fraction]
-- @treturn number board power [W]
-- @raise "flopcost.PowerCurve: argument 'utilization': number in [0, 1] expected, got 2"
-- @usage fc.energy.power_curve{utilization = {0, 0.5, 1}, power_w = {100, 400, 700}}:power_w(0.7)  --> 520

--- The curve's points.
-- @function PowerCurve:points
-- @treturn table {utilization = {...} [fraction], power_w = {...} [W]} [points]
-- @raise "flopcost.PowerCurve:points: argument 'self': flopcost.PowerCurve expected (call it as x:points(...)), got 1"
-- @usage #fc.energy.power_curve{utilization = {0, 0.5, 1}, power_w = {100, 400, 700}}:points().power_w  --> 3

-- Options with the chip's power figures filled in (the caller's win).
local function with_chip(opts, fn)
  if type(opts) ~= "table" or opts.chip == nil then return opts end
  local cat = opts.catalog or require("flopcost.catalog").default()
  local chip = cat:chip(opts.chip)
  local o = {}
  for k, v in pairs(opts) do
    if k ~= "chip" and k ~= "catalog" then o[k] = v end
  end
  if o.power_w == nil and o.power_curve == nil and o.tdp_w == nil then
    if chip.power_curve then
      curves[chip] = curves[chip] or core.power_curve { utilization = chip.power_curve.utilization,
        power_w = chip.power_curve.power_w }
      o.power_curve = curves[chip]
    else
      o.tdp_w, o.idle_w = chip.tdp_w, o.idle_w or chip.idle_w
    end
  end
  if o.server_power_multiple == nil then o.server_power_multiple = chip.server_power_multiple end
  if o.utilization == nil and o.power_w == nil then
    check.fail(fn, "field 'utilization': number in [0, 1] expected with 'chip', got nil")
  end
  return o
end

--- Energy drawn from the grid: chip-hours x board power x server multiple x PUE (C: fc_energy.h);
-- the board power is `power_w`, or the chip's power at `utilization` (its measured curve from the
-- catalog with `chip =`, else idle + (TDP - idle) x utilization).
-- @tparam table opts the work and the power
-- @tparam number opts.chip_hours accelerator-hours [h]
-- @tparam[opt] number opts.power_w mean board power [W] (or utilization with chip or tdp_w)
-- @tparam[opt] number opts.utilization share of time busy, in [0, 1] [fraction]
-- @tparam[opt] string opts.chip a catalog chip: its power curve or TDP and idle [name]
-- @tparam[opt] number opts.tdp_w board power at full load [W]; idle_w [W] defaults to 125/700 of it
-- @tparam[opt=1] number opts.server_power_multiple server wall power / board power, >= 1 [dimensionless]
-- @tparam[opt=1] number opts.pue facility power / IT power, >= 1 [dimensionless]
-- @treturn number energy [kWh]
-- @raise "flopcost.energy.kwh: field 'pue': number >= 1 expected, got 0.9" (any field out of its
-- domain; utilization missing with chip)
-- @usage fc.energy.kwh{chip_hours = 1000, power_w = 700, pue = 1.2}   --> 840
function M.kwh(opts) return core.kwh(with_chip(opts, "flopcost.energy.kwh")) end
function M.cost(opts) return core.cost(with_chip(opts, "flopcost.energy.cost")) end
function M.power_w(opts)
  local o = with_chip(opts, "flopcost.energy.power_w")
  -- board power only (a copy made for the chip; NaN ~= NaN, hence the type test)
  if type(o) == "table" and o ~= opts then o.server_power_multiple = nil end
  return core.power_w(o)
end

-- errors at the caller's line, not inside this file (flopcost.errors)
for _, name in ipairs { "kwh", "cost", "power_w" } do M[name] = require("flopcost.errors").public(M[name]) end

--- Energy cost and carbon of a job: fc.energy.kwh's energy at `price_per_kwh`, its emissions at
-- the grid's intensity and their cost at a carbon price (C: fc_energy_cost).
-- @function cost
-- @tparam table opts fc.energy.kwh's fields and:
-- @tparam number opts.price_per_kwh electricity tariff [currency per kWh]
-- @tparam[opt=0] number opts.grid_kg_co2_per_kwh grid carbon intensity [kg CO2/kWh]
-- @tparam[opt=0] number opts.carbon_price_per_t carbon price [currency per t CO2]
-- @tparam[opt=0] number opts.green_share share of the energy bought carbon-free, in [0, 1] [fraction]
-- @treturn table {cost, carbon_cost [currency], kwh, it_kwh [kWh], kg_co2 [kg], t_co2 [t], power_w [W]} [mixed]
-- @raise "flopcost.energy.cost: field 'price_per_kwh': non-negative number expected, got -1"
-- @usage fc.energy.cost{chip_hours = 1000, power_w = 700, pue = 1.2, price_per_kwh = 0.08}.cost  --> 67.2

--- Board power of a chip at a utilization: `power_w` as given, a power curve's value, the chip's
-- measured curve (`chip =`) or idle + (TDP - idle) x utilization (C: fc_energy_power_w).
-- @function power_w
-- @tparam table opts the chip and its load
-- @tparam[opt] number opts.utilization share of time busy, in [0, 1] [fraction]
-- @tparam[opt] string opts.chip a catalog chip [name]
-- @tparam[opt] number opts.tdp_w board power at full load (idle_w [W] at rest) [W]
-- @tparam[opt] userdata opts.power_curve a curve from fc.energy.power_curve [curve]
-- @treturn number board power [W]
-- @raise "flopcost.energy.power_w: field 'utilization': number in [0, 1] expected with 'chip', got nil"
-- @usage fc.energy.power_w{chip = "H100-SXM", utilization = 0.7}  --> 617.346

--- A measured power curve: board power at utilization points, interpolated by Steffen's monotone
-- cubic (Steffen 1990, A&A 239, 443; C: fc_energy_power_curve). The curve has :power_w(u).
-- @function power_curve
-- @tparam table opts the points
-- @tparam {number,...} opts.utilization ascending points in [0, 1] [fraction]
-- @tparam {number,...} opts.power_w board power at each point [W]
-- @treturn userdata a flopcost.PowerCurve, with :power_w(utilization) -> W [curve]
-- @raise "flopcost.energy.power_curve: field 'utilization[2]': value above the previous one (strictly
-- increasing) expected, got 0" (and when the lengths differ)
-- @usage fc.energy.power_curve{utilization = {0, 0.5, 1}, power_w = {100, 400, 700}}:power_w(0.7)  --> 520

return M
