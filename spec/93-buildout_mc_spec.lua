-- fc.buildout.plan{ samples = N }: joint draws of the ranged build-out figures
-- in C (core.buildout.mc), each range a PERT by fc.ranges.around; checked
-- against the point plan and the PERT's own moments by hand.
local fc = require "flopcost"
local H = require "spec.helpers"

local function plan(extra)
  local o = { region = "us-va", it_mw = 100, chip = "H100-SXM", chips_bought = "at-start" }
  for k, v in pairs(extra or {}) do o[k] = v end
  return fc.buildout.plan(o)
end

describe("fc.buildout.plan with samples", function()
  it("gives the point plan in every draw when options fix every ranged figure", function()
    local fixed = { construction_months = 18, equipment_lead_months = 11, grid_months = 42,
      chip_price_decline_per_year = 0.15, facility_usd_per_kw = 11700, rate = 0.06, wue_l_per_kwh = 0.38,
      electricity_water_l_per_kwh = 5.2 }
    local point = plan(fixed)
    fixed.samples = 50
    local p = plan(fixed)
    assert.are.same({}, p.interval.varied)
    for _, k in ipairs { "p05", "p50", "p95" } do
      assert.near(point.time_to_power_months, p.interval.time_to_power_months[k], 1e-12)
      assert.near(point.interest_during_construction_usd, p.interval.interest_during_construction_usd[k], 1e-12)
      -- the draw's member with the draw's chip price and facility cost: the scenario's own figure
      assert.near(point.usd_per_eflop_at_energization, p.interval.usd_per_eflop_at_energization[k], 1e-12)
      -- the water of each draw: fc_compose_water's rule for the member, the scenario's own figure
      assert.near(point.water_l_per_eflop, p.interval.water_l_per_eflop[k], 1e-12)
    end
  end)
  it("draws the grid delay from PERT(36, 42, 60): mean (36 + 4 x 42 + 60) / 6 = 44 months", function()
    -- construction 18 and equipment 11 months fixed: power comes with the grid, so time to power = the draw
    local p = plan { construction_months = 18, equipment_lead_months = 11, chip_price_decline_per_year = 0.15,
      facility_usd_per_kw = 11700, rate = 0.06, wue_l_per_kwh = 0.38, electricity_water_l_per_kwh = 5.2,
      samples = 20000, seed = 3 }
    assert.are.same({ "grid_months" }, p.interval.varied)
    assert.near(44, p.interval.time_to_power_months.mean, 0.005)
    local pert = fc.ranges.around(42, 36, 60)
    assert.near(pert:quantile(0.05), p.interval.time_to_power_months.p05, 0.01)
    assert.near(pert:quantile(0.95), p.interval.time_to_power_months.p95, 0.01)
    assert.are.equal(20000, #p.draws.time_to_power_months)
  end)
  it("varies every ranged figure of us-va and widens the interest around the point plan", function()
    local p = plan { samples = 2000, seed = 1 }
    -- the build-out figures (models/buildout.json) and the region's construction cost and cost of
    -- capital (models/regions.json, each with its range)
    assert.are.same({ "chip_decline_per_year", "construction_months", "electricity_water_l_per_kwh",
      "equipment_lead_months", "facility_usd_per_kw", "grid_months", "rate", "wue_l_per_kwh" }, p.interval.varied)
    local iv = p.interval.interest_during_construction_usd
    assert.is_true(iv.p05 < p.interest_during_construction_usd and p.interest_during_construction_usd < iv.p95)
    -- the same seed gives the same draws
    assert.are.same(p.interval.usd_per_eflop_at_energization,
      plan { samples = 2000, seed = 1 }.interval.usd_per_eflop_at_energization)
  end)
  it("draws the bridge plant's figures too when there is one", function()
    local p = plan { bridge = "gas-turbine", samples = 500 }
    local varied = table.concat(p.interval.varied, ",")
    for _, k in ipairs { "bridge_months", "bridge_capex_usd_per_kw", "heat_rate_mmbtu_per_mwh", "fuel_usd_per_mmbtu",
      "bridge_load_factor" } do
      assert.matches(k, varied, 1, true)
    end
    assert.is_true(p.interval.bridge_fuel_usd.p95 > p.interval.bridge_fuel_usd.p05)
  end)
  H.error_rows(it, {
    { "no samples", function() return plan { samples = 0 } end,
      "flopcost.buildout.plan: field 'samples': integer in 1..1000000 expected, got 0" },
    { "a fractional seed", function() return plan { samples = 10, seed = 1.5 } end,
      "flopcost.buildout.plan: field 'seed': non-negative integer expected, got 1.5" },
  })
end)

describe("flopcost buildout --samples", function()
  it("prints the plan's own 90% intervals (the same draws as fc.buildout.plan, seed 42)", function()
    local p = io.popen("bin/flopcost buildout --samples 3000 --chips-bought at-start 2>&1; echo \"exit=$?\"")
    local out = p:read("a")
    p:close()
    assert.matches("exit=0", out)
    local iv = plan { samples = 3000, seed = 42 }.interval
    assert.matches("90%% interval, 3000 joint draws %(seed 42%) of 8 ranged figures", out)
    assert.matches(("water %.2f%%-%.2f L per EFLOP"):format(iv.water_l_per_eflop.p05, iv.water_l_per_eflop.p95), out)
    assert.matches(("power at month %.0f%%-%.0f;"):format(iv.time_to_power_months.p05, iv.time_to_power_months.p95),
      out)
    assert.matches(("%%$%.3f%%-%%$%.3f per 1e18 FLOP at power"):format(iv.usd_per_eflop_at_energization.p05,
      iv.usd_per_eflop_at_energization.p95), out)
    for line in out:gmatch("[^\n]+") do assert.is_true(#line <= 100, line) end
  end)
end)

describe("examples/buildout/idle-vs-waiting.lua", function()
  it("states the share of joint draws that agree with its verdict", function()
    local p = io.popen("bin/flopcost run examples/buildout/idle-vs-waiting.lua 2>&1; echo \"exit=$?\"")
    local out = p:read("a")
    p:close()
    assert.matches("exit=0", out)
    local share = out:match("(%d+)%% of 4000 joint draws of the build%-out figures agree")
    assert.truthy(share, out)
    assert.is_true(tonumber(share) >= 0 and tonumber(share) <= 100)
  end)
end)
