--- flopcost.energy: the C core's power curves, energy, cost and carbon, plus
-- `chip = "H100-SXM"` in kwh/cost/power_w: the chip's measured power curve
-- from the catalog when it has one, else its TDP and idle power.
local core = require("flopcost.core").energy
local check = require "flopcost.check"

local M = {}
for k, v in pairs(core) do M[k] = v end

local curves = setmetatable({}, { __mode = "k" })

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

return M
