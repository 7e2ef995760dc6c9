-- fc.buildout.plan through the scenario door: a plan and fc.scenario{build =
-- {...}} of the same inputs give the same figures (one composition in C,
-- csrc/core/fc_compose_build.c), at the chip price the scenario composes (not
-- the catalog's list price) and the member's cost of capital.
local fc = require "flopcost"
local H = require "spec.helpers"

local function rel(a, b) return math.abs(a - b) / math.max(math.abs(b), 1e-300) end

-- the plan's options as a scenario's: chip and region outside, the rest in build
local function both(o)
  local b = {}
  local top = { chip = true, region = true, facility_usd_per_kw = true, wue_l_per_kwh = true,
    electricity_water_l_per_kwh = true }
  for k, v in pairs(o) do if not top[k] then b[k] = v end end
  return fc.buildout.plan(o), fc.scenario { chip = o.chip, region = o.region, facility_usd_per_kw = o.facility_usd_per_kw,
    wue_l_per_kwh = o.wue_l_per_kwh, electricity_water_l_per_kwh = o.electricity_water_l_per_kwh, build = b }:evaluate()
end

local CASES = {
  { chip = "H20", region = "cn-ningxia", it_mw = 100, chips_bought = "at-start" },
  { chip = "H20", region = "cn-ningxia", it_mw = 50 },
  { chip = "H800", region = "cn-guizhou", it_mw = 100, chips_bought = "at-start", spend = "s-curve" },
  { chip = "H20", region = "cn-east", it_mw = 20, bridge = "fuel-cell" },
  { chip = "B200", region = "us-va", it_mw = 100, bridge = "gas-turbine", chips_bought = "at-start" },
  { chip = "H100-SXM", region = "us-tx", it_mw = 300, start = "2027-04" },
}

describe("fc.buildout.plan and fc.scenario{build = ...}", function()
  for _, o in ipairs(CASES) do
    local name = ("%s in %s, %g MW, %s, bridge %s"):format(o.chip, o.region, o.it_mw, o.chips_bought or "at power",
      o.bridge or "none")
    it("agree for " .. name, function()
      local p, r = both(o)
      assert.equal(r.time_to_power_months, p.time_to_power_months)
      assert.equal(r.build.energized, p.energized)
      assert.is_true(rel(p.interest_during_construction_usd, r.interest_during_construction_usd) < 1e-12)
      assert.is_true(rel(p.construction_capex_usd_per_mw, r.construction_capex_usd_per_mw) < 1e-12)
      assert.is_true(rel(p.usd_per_eflop_at_energization, r.usd_per_eflop) < 1e-12)
      assert.is_true(rel(p.water_l_per_eflop, r.water_l_per_eflop) < 1e-12)
      assert.equal(r.build.bridge_fuel_usd, p.bridge_fuel_usd)
      -- the chip price at power is the composed member's price times the build's factor
      local member = fc.scenario { chip = o.chip, region = o.region }:core_params().members[1]
      assert.is_true(rel(p.chip_price_at_energization_usd, member.chip_price_usd * r.build.chip_price_factor) < 1e-12)
    end)
  end

  it("prices H20 chips in Ningxia at the composed price, not the list price, by hand", function()
    local list = fc.catalog.default():chip("H20").price_usd
    local member = fc.scenario { chip = "H20", region = "cn-ningxia" }:core_params().members[1]
    assert.is_true(math.abs(member.chip_price_usd - list) > 100) -- the composed price differs (13,800 vs 12,000)
    assert.equal(0.05, member.wacc)
    -- cn-ningxia: construction 12 months is the longest wait, so chips bought at the decision
    -- carry 12 months at the member's 5 %: x 1.05; bought at power they decline 15 % a year: x 0.85
    local p = fc.buildout.plan { chip = "H20", region = "cn-ningxia", it_mw = 100, chips_bought = "at-start" }
    assert.equal(12, p.time_to_power_months)
    assert.near(member.chip_price_usd * 1.05, p.chip_price_at_energization_usd, 1e-9)
    assert.near(member.chip_price_usd * 0.85, p.chip_price_other_option_usd, 1e-9)
    -- with power at once: the same scenario without a build-out
    assert.near(fc.scenario { chip = "H20", region = "cn-ningxia" }:evaluate().usd_per_eflop,
      p.usd_per_eflop_power_at_once, 1e-12)
  end)

  it("draws Monte Carlo around the same composed member (all figures fixed: every draw = the scenario)", function()
    local fixed = { chip = "H20", region = "cn-ningxia", it_mw = 100, chips_bought = "at-start",
      construction_months = 12, equipment_lead_months = 11, grid_months = 12, chip_price_decline_per_year = 0.15,
      facility_usd_per_kw = 7110, rate = 0.05, wue_l_per_kwh = 0.38, electricity_water_l_per_kwh = 2 }
    local _, r = both(fixed)
    fixed.samples = 20
    local p = fc.buildout.plan(fixed)
    assert.are.same({}, p.interval.varied)
    for _, k in ipairs { "p05", "p50", "p95" } do
      assert.is_true(rel(p.interval.usd_per_eflop_at_energization[k], r.usd_per_eflop) < 1e-12)
      assert.is_true(rel(p.interval.water_l_per_eflop[k], r.water_l_per_eflop) < 1e-12)
    end
  end)

  it("takes the bridge plant's figures as build fields (fuel = MWh x heat rate x price, by hand)", function()
    -- 100 MW at load factor 0.8 for the bridge's run (grid 42 - bridge 18 = 24 months = 730.5 days):
    -- 100 x 0.8 x 24 h x 730.5 = 1,402,560 MWh x 10 MMBtu/MWh x $4 = $56,102,400
    local b = { it_mw = 100, bridge = "gas-turbine", construction_months = 12, equipment_lead_months = 11,
      grid_months = 42, bridge_months = 18, heat_rate_mmbtu_per_mwh = 10, fuel_usd_per_mmbtu = 4,
      bridge_load_factor = 0.8, bridge_capex_usd_per_kw = 1000 }
    local r = fc.scenario { chip = "H100-SXM", region = "us-va", build = b }:evaluate()
    assert.near(56102400, r.build.bridge_fuel_usd, 1e-9)
    assert.near(1e8, r.build.bridge_capex_usd, 1e-12)
    b.chip, b.region = "H100-SXM", "us-va"
    assert.near(56102400, fc.buildout.plan(b).bridge_fuel_usd, 1e-9)
  end)

  H.error_rows(it, {
    { "a zero heat rate", function()
      fc.scenario { chip = "H100-SXM", region = "us-va", build = { it_mw = 10, heat_rate_mmbtu_per_mwh = 0 } }:evaluate()
    end, "flopcost.scenario: field 'build.heat_rate_mmbtu_per_mwh': positive number expected, got 0" },
    { "a load factor above 1", function()
      fc.buildout.plan { chip = "H100-SXM", region = "us-va", it_mw = 10, bridge_load_factor = 1.5 }
    end, "flopcost.buildout.plan: field 'bridge_load_factor': number in (0, 1] expected, got 1.5" },
    -- an option is acted on or refused (issue 23): these two were ignored, the plan ran without them
    { "a misspelt option", function()
      fc.buildout.plan { chip = "H100-SXM", region = "us-va", it_mw = 10, bridgee = "gas-turbine" }
    end, "flopcost.buildout.plan: unknown option 'bridgee' (did you mean 'bridge'?)" },
    { "Sobol's option misspelt through the plan", function()
      fc.buildout.sobol { chip = "H100-SXM", region = "us-va", it_mw = 10, sample = 100 }
    end, "flopcost.buildout.sobol: unknown option 'sample' (did you mean 'samples'?)" },
  })
end)
