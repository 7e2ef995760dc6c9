-- Idle capacity against waiting for power: a cluster powered now but 30%
-- used in a western Chinese hub, against the same chips in a new Northern
-- Virginia site waiting for the grid (chips bought at the decision), with and
-- without gas turbines on site. Same chip and list price on both sides, so the
-- gap is the facility, the wait and the utilization. Point figures of
-- models/buildout.json, then 4,000 joint draws of its ranged figures
-- (construction, equipment and grid months, the chip price decline; each
-- range a PERT by fc.ranges.around, the draws in C) for the share of draws in
-- which the verdict holds (the idle side at its point figures). Run from the
-- repository root:
--   bin/flopcost run examples/buildout/idle-vs-waiting.lua
local fc = require "flopcost"
local cat = fc.catalog.default()
local CHIP = "H100-SXM"
local price = cat:chip(CHIP).price_usd

local idle = fc.scenario { chip = CHIP, region = "cn-ningxia", chip_price_usd = price, utilization = 0.3 }:evaluate()
local busy = fc.scenario { chip = CHIP, region = "cn-ningxia", chip_price_usd = price, utilization = 0.7 }:evaluate()
local function wait(opts)
  local o = { region = "us-va", it_mw = 100, chip = CHIP, chips_bought = "at-start" }
  for k, v in pairs(opts or {}) do o[k] = v end
  return fc.buildout.plan(o)
end
local va, bridge = wait { samples = 4000, seed = 1 }, wait { bridge = "gas-turbine" }
local lo, hi = wait { grid_months = 36 }, wait { grid_months = 60 }
local ningxia = fc.buildout.plan { region = "cn-ningxia", it_mw = 100, chip = CHIP, chips_bought = "at-start" }

print("== Idle capacity against waiting for power (" .. CHIP .. " at its list price, $" .. ("%.0f"):format(price) .. ")")
print(("   %-58s %s"):format("Ningxia, powered now, 30% utilization:", fc.report.usd(idle.usd_per_eflop)))
print(("   %-58s %s"):format("Ningxia, powered now, 70% utilization:", fc.report.usd(busy.usd_per_eflop)))
print(("   %-52s %s  (grid 36-60 months: %s-%s)"):format(
  ("Virginia, power at month %g, chips bought at the start:"):format(va.time_to_power_months),
  fc.report.usd(va.usd_per_eflop_at_energization), fc.report.usd(lo.usd_per_eflop_at_energization),
  fc.report.usd(hi.usd_per_eflop_at_energization)))
print(("   %-52s %s  (+ $%.0fM turbine fuel, %.0f kt CO2)"):format(
  ("Virginia with gas turbines, power at month %g:"):format(bridge.time_to_power_months),
  fc.report.usd(bridge.usd_per_eflop_at_energization), bridge.bridge_fuel_usd / 1e6, bridge.bridge_t_co2 / 1e3))
print(("   %-58s %g months (%s)"):format("time to power, Ningxia:", ningxia.time_to_power_months, ningxia.waiting_on))

local cheaper = idle.usd_per_eflop < va.usd_per_eflop_at_energization and "idle capacity is cheaper"
  or "waiting for power is cheaper"
local holds_lo = idle.usd_per_eflop < lo.usd_per_eflop_at_energization
local holds_hi = idle.usd_per_eflop < hi.usd_per_eflop_at_energization
-- the share of joint draws that agree with the point verdict
local agree, draws = 0, va.draws.usd_per_eflop_at_energization
for _, x in ipairs(draws) do
  if (idle.usd_per_eflop < x) == (idle.usd_per_eflop < va.usd_per_eflop_at_energization) then agree = agree + 1 end
end
local iv = va.interval
print(("   %-58s %s-%s"):format("Virginia waiting, 90% interval over the build-out ranges:",
  fc.report.usd(iv.usd_per_eflop_at_energization.p05), fc.report.usd(iv.usd_per_eflop_at_energization.p95)))
print(("   %-58s %.0f-%.0f months"):format("   time to power, 90% interval:", iv.time_to_power_months.p05,
  iv.time_to_power_months.p95))
print(("verdict: %s per useful EFLOP - %s at 30%% use against %s after %g months of waiting (%s at both ends "
  .. "of the grid delay's range; %.0f%% of %d joint draws of the build-out figures agree); the compute not "
  .. "delivered while waiting is not priced")
  :format(cheaper, fc.report.usd(idle.usd_per_eflop), fc.report.usd(va.usd_per_eflop_at_energization),
    va.time_to_power_months, holds_lo == holds_hi and "the same" or "not the same", 100 * agree / #draws, #draws))
