-- Monte Carlo and Sobol over the site's water figures (WUE and the grid's
-- water intensity, models/regions.json with their ranges): fc.buildout.plan's
-- water_l_per_eflop interval and fc.buildout.sobol's water output, drawn in C
-- (csrc/core/fc_buildout_mc.c), against PERT moments by hand.
local fc = require "flopcost"
require "spec.helpers" -- assert.near(expected, actual, rel_tol [, abs_tol])

-- H20 in Ningxia with every build-out figure fixed: only the water figures vary.
-- cn-ningxia: WUE 0.38 L/kWh in [0, 1.8], grid water 2.0 L/kWh in [0.5, 5], PUE 1.2.
local FIXED = { region = "cn-ningxia", chip = "H20", it_mw = 100, construction_months = 12,
  equipment_lead_months = 11, grid_months = 12, chip_price_decline_per_year = 0.15, facility_usd_per_kw = 7110,
  rate = 0.05 }
local function with(more)
  local o = {}
  for k, v in pairs(FIXED) do o[k] = v end
  for k, v in pairs(more or {}) do o[k] = v end
  return o
end

-- PERT(a, m, b) (fc.ranges.around): mean (a + 4 m + b) / 6, variance (mean - a)(b - mean) / 7
local function pert(a, m, b)
  local mean = (a + 4 * m + b) / 6
  return mean, (mean - a) * (b - mean) / 7
end

describe("water in the build-out Monte Carlo", function()
  local point = fc.buildout.plan(FIXED)
  local member = fc.scenario { chip = "H20", region = "cn-ningxia" }:core_params().members[1]
  local kwh = point.water_l_per_eflop / (0.38 / member.pue + 2.0) -- the facility kWh per EFLOP

  it("draws WUE and grid water from their ranges: mean = kWh x (E[WUE] / PUE + E[grid])", function()
    assert.equal(1.2, member.pue)
    local p = fc.buildout.plan(with { samples = 20000, seed = 5 })
    assert.are.same({ "electricity_water_l_per_kwh", "wue_l_per_kwh" }, p.interval.varied)
    -- E[WUE] = (0 + 4 x 0.38 + 1.8) / 6 = 0.55333, E[grid] = (0.5 + 8 + 5) / 6 = 2.25
    local wue, grid = pert(0, 0.38, 1.8), pert(0.5, 2.0, 5)
    assert.near(3.32 / 6, wue, 1e-12)
    assert.near(2.25, grid, 1e-12)
    assert.near(kwh * (3.32 / 6 / 1.2 + 2.25), p.interval.water_l_per_eflop.mean, 0.01) -- SE ~0.25 %
    -- the cost per EFLOP does not move with the water
    assert.near(point.usd_per_eflop_at_energization, p.interval.usd_per_eflop_at_energization.p05, 1e-12)
    assert.near(point.usd_per_eflop_at_energization, p.interval.usd_per_eflop_at_energization.p95, 1e-12)
  end)

  it("keeps the other figures' draws as they were (the water has its own stream)", function()
    local a = fc.buildout.plan { region = "us-va", chip = "H100-SXM", it_mw = 100, samples = 500, seed = 3 }
    local b = fc.buildout.plan { region = "us-va", chip = "H100-SXM", it_mw = 100, samples = 500, seed = 3,
      wue_l_per_kwh = 0.38, electricity_water_l_per_kwh = 5.2 }
    assert.are.same(a.draws.time_to_power_months, b.draws.time_to_power_months)
    assert.are.same(a.draws.usd_per_eflop_at_energization, b.draws.usd_per_eflop_at_energization)
  end)

  it("apportions the water's variance: S = Var(WUE) / PUE^2 and Var(grid) over their sum", function()
    -- water = kWh x (WUE / 1.2 + grid) is additive: first order = total;
    -- Var(WUE) = 0.55333 x (1.8 - 0.55333) / 7 = 0.098546, / 1.44 = 0.068435; Var(grid) = 1.75 x 2.75 / 7 = 0.6875
    local _, vw = pert(0, 0.38, 1.8)
    local _, vg = pert(0.5, 2.0, 5)
    local s_wue = vw / 1.44 / (vw / 1.44 + vg)
    assert.near(0.0905, s_wue, 0.001)
    local r = fc.buildout.sobol(with { output = "water_l_per_eflop", samples = 20000, seed = 9, resamples = 0 })
    -- absolute tolerances: the estimators' sampling error at N = 20,000
    assert.near(s_wue, r.first.wue_l_per_kwh, 0, 0.015)
    assert.near(1 - s_wue, r.first.electricity_water_l_per_kwh, 0, 0.015)
    assert.near(s_wue, r.total.wue_l_per_kwh, 0, 0.015)
    -- a cost output leaves the water figures out of its default inputs
    local cost = fc.buildout.sobol { region = "cn-ningxia", chip = "H20", it_mw = 100, samples = 50, resamples = 0 }
    assert.is_nil(cost.first.wue_l_per_kwh)
  end)
end)
