-- flopcost.buildout and fc.finance.interest_during_construction: checked
-- against a spreadsheet-style monthly sum written out here, the water
-- convention by hand, and the region figures of models/buildout.json.
local fc = require "flopcost"
local H = require "spec.helpers"

-- The spreadsheet: one row per month, the draw paid at the end of the month,
-- the balance carried at rate/12 a month; interest = the final balance less
-- what was drawn.
local function spreadsheet_idc(capex, months, rate, draws)
  local balance, drawn = 0, 0
  for m = 1, months do
    balance = balance * (1 + rate / 12) + draws[m]
    drawn = drawn + draws[m]
  end
  assert(math.abs(drawn - capex) < 1e-6 * capex)
  return balance - capex
end

describe("fc.finance.interest_during_construction", function()
  it("equals the monthly spreadsheet for a linear spend ($1.17B over 18 months at 6%)", function()
    local draws = {}
    for m = 1, 18 do draws[m] = 1.17e9 / 18 end
    local want = spreadsheet_idc(1.17e9, 18, 0.06, draws)
    assert.near(want, fc.finance.interest_during_construction { capex_usd = 1.17e9, months = 18, rate = 0.06 }, 1e-12)
  end)
  it("equals the spreadsheet for the s-curve (draws F(m/M) - F((m-1)/M), F(x) = 3x^2 - 2x^3)", function()
    local draws, F = {}, function(x) return 3 * x * x - 2 * x * x * x end
    for m = 1, 24 do draws[m] = 5e8 * (F(m / 24) - F((m - 1) / 24)) end
    local want = spreadsheet_idc(5e8, 24, 0.08, draws)
    assert.near(want, fc.finance.interest_during_construction { capex_usd = 5e8, months = 24, rate = 0.08,
      spend = "s-curve" }, 1e-12)
  end)
  it("charges less for an s-curve than for a linear spend (the money goes out later)", function()
    local lin = fc.finance.interest_during_construction { capex_usd = 1e9, months = 24, rate = 0.08 }
    local s = fc.finance.interest_during_construction { capex_usd = 1e9, months = 24, rate = 0.08, spend = "s-curve" }
    assert.is_true(s < lin)
  end)
  H.error_rows(it, {
    { "a negative capex", function() return fc.finance.interest_during_construction { capex_usd = -1, months = 12,
      rate = 0.05 } end,
      "flopcost.finance.interest_during_construction: field 'capex_usd': non-negative number expected, got -1" },
    { "an unknown spend curve", function() return fc.finance.interest_during_construction { capex_usd = 1,
      months = 12, rate = 0.05, spend = "scurve" } end,
      "flopcost.finance.interest_during_construction: field 'spend': one of 'linear', 's-curve' expected, "
        .. "got 'scurve' (did you mean 's-curve'?)" },
  })
end)

describe("fc.buildout.plan", function()
  local plan = fc.buildout.plan { region = "us-va", it_mw = 100, chip = "H100-SXM", start = "2026-01" }
  it("waits for Northern Virginia's grid: 42 months (models/buildout.json), power in 2029-07", function()
    assert.are.equal(42, plan.time_to_power_months)
    assert.are.equal("grid", plan.waiting_on)
    assert.are.equal("2029-07", plan.energized)
  end)
  it("carries interest over 18 months of building and 24 of waiting (the spreadsheet, row by row)", function()
    local draws = {}
    for m = 1, 42 do draws[m] = m <= 18 and 1.17e9 / 18 or 0 end -- $11,700/kW x 100,000 kW
    local want = spreadsheet_idc(1.17e9, 42, 0.06, draws)             -- us-va's wacc 6%
    assert.near(want, plan.interest_during_construction_usd, 1e-9)
  end)
  it("runs at construction's 18 months with gas turbines on site, which then run 42 - 18 = 24 months", function()
    local b = fc.buildout.plan { region = "us-va", it_mw = 100, chip = "H100-SXM", bridge = "gas-turbine" }
    assert.are.equal(18, b.time_to_power_months)
    assert.are.equal(24, b.bridge_run_months)
    -- fuel: 100 MW x 0.9 x 24 x 730.5 h = 1,577,880 MWh x 10.5 MMBtu x $3.50
    assert.near(1577880 * 10.5 * 3.5, b.bridge_fuel_usd, 1e-12)
    assert.near(1577880 * 10.5 * 53.06 / 1000, b.bridge_t_co2, 1e-12)
  end)
  it("adds water by the convention: IT energy x WUE + facility energy x grid water", function()
    local s = fc.scenario { chip = "H100-SXM", region = "us-va", chip_price_usd = plan.chip_price_at_energization_usd,
      facility_usd_per_kw = plan.facility_usd_per_kw_at_energization }:evaluate()
    -- us-va: PUE 1.2, WUE 0.38 L/kWh, grid 5.2 L/kWh (models/regions.json)
    assert.near(s.kwh_per_eflop / 1.2 * 0.38, plan.water_onsite_l_per_eflop, 1e-12)
    assert.near(s.kwh_per_eflop * 5.2, plan.water_offsite_l_per_eflop, 1e-12)
  end)
  it("prices chips bought at the decision above chips bought at power (carry vs decline)", function()
    local early = fc.buildout.plan { region = "us-va", it_mw = 100, chip = "H100-SXM", chips_bought = "at-start" }
    local price = fc.catalog.default():chip("H100-SXM").price_usd
    assert.near(price * 1.06 ^ 3.5, early.chip_price_at_energization_usd, 1e-12) -- 42 months at 6%
    assert.near(price * 0.85 ^ 3.5, early.chip_price_other_option_usd, 1e-12)    -- 15%/year decline
    assert.is_true(early.usd_per_eflop_at_energization > plan.usd_per_eflop_at_energization)
  end)
  H.error_rows(it, {
    { "a month that is not one", function() return fc.buildout.plan { region = "us-va", it_mw = 1, chip = "B200",
      start = "2026-13" } end, "flopcost.buildout.plan: field 'start': a month 'YYYY-MM' in 2000-2100 expected, "
        .. "got '2026-13'" },
    { "an unknown bridge", function() return fc.buildout.plan { region = "us-va", it_mw = 1, chip = "B200",
      bridge = "nuclear" } end,
      "flopcost.buildout.plan: field 'bridge': one of 'none', 'gas-turbine', 'fuel-cell' expected, got 'nuclear'" },
  })
  it("refuses a region without build-out figures, listing those it has", function()
    local e = H.error_of(function() return fc.buildout.plan { region = "us-ca", it_mw = 1, chip = "B200" } end)
    assert.matches("unknown build%-out region 'us%-ca'", e)
  end)
end)

describe("flopcost buildout", function()
  it("prints the plan within 100 columns and writes the timeline and the delay curve", function()
    local dir = os.tmpname()
    os.remove(dir)
    local p = io.popen("bin/flopcost buildout --bridge gas-turbine --chips-bought at-start --out " .. dir
      .. " 2>&1; echo \"exit=$?\"")
    local out = p:read("a")
    p:close()
    assert.matches("exit=0", out)
    for line in out:gmatch("[^\n]+") do assert.is_true(#line <= 100, line) end
    assert.matches("power at month 18 %(2027%-07%), waiting on construction", out)
    local svg = assert(io.open(dir .. ".svg")):read("a")
    local lanes = H.svg_elements(svg, "rect", "lane")
    assert.is_true(#lanes >= 3)
    assert.matches("models/buildout.json", svg)
    assert.matches("flopcost " .. fc.version:gsub("%.", "%%."), svg)
    local delay = assert(io.open(dir .. "-delay.svg")):read("a")
    assert.matches("no bridge power", delay)
    for _, f in ipairs { ".svg", "-delay.svg" } do os.remove(dir .. f) end
  end)
end)

describe("examples/buildout/idle-vs-waiting.lua", function()
  it("computes its verdict from the plans and fits 100 columns but for the verdict line", function()
    local p = io.popen("bin/flopcost run examples/buildout/idle-vs-waiting.lua 2>&1; echo \"exit=$?\"")
    local out = p:read("a")
    p:close()
    assert.matches("exit=0", out)
    assert.matches("\nverdict: [%w ]+ is cheaper per useful EFLOP", out)
    for line in out:gmatch("[^\n]+") do
      if not line:match("^verdict") then assert.is_true(#line <= 100, line) end
    end
  end)
end)

describe("examples/buildout/programme-vs-east-data-west-computing.lua", function()
  local p = io.popen("bin/flopcost run examples/buildout/programme-vs-east-data-west-computing.lua 2>&1; "
    .. "echo \"exit=$?\"")
  local out = p:read("a")
  p:close()
  it("runs within 100 columns", function()
    assert.matches("exit=0", out)
    for line in out:gmatch("[^\n]+") do assert.is_true(#line <= 100, line) end
  end)
  it("prices the GW $500B buys by hand: facility + chips per MW x capex per accelerator", function()
    -- B200: 1,000 W TDP x 1.8 server power multiple = 1.8 kW of IT per accelerator, so 1000 / 1.8
    -- accelerators per MW; us-tx facility $9,500 per kW (Cushman & Wakefield 2025)
    local cat = fc.catalog.default()
    assert.same({ 1000, 1.8, 9500 }, { cat:chip("B200").tdp_w, cat:chip("B200").server_power_multiple,
      cat:region("us-tx").facility_usd_per_kw })
    local capex = fc.scenario { region = "us-tx", chip = "B200" }:evaluate().capex_usd
    local per_mw = 9500 * 1000 + 1000 / 1.8 * capex
    assert.matches(("$500B at $%.1fM per MW buys %.1f GW"):format(per_mw / 1e6, 500e9 / per_mw / 1000)
      :gsub("[%$%.]", "%%%0"), out)
  end)
  it("computes the share of paired draws in which the Chinese hub has power sooner", function()
    local us = fc.buildout.plan { region = "us-tx", chip = "B200", it_mw = 1000, start = "2025-01", samples = 4000,
      seed = 11 }
    local cn = fc.buildout.plan { region = "cn-ningxia", chip = "Ascend-910B", it_mw = 1000, start = "2025-01",
      samples = 4000, seed = 12 }
    local n = 0
    for i, x in ipairs(cn.draws.time_to_power_months) do
      if x < us.draws.time_to_power_months[i] then n = n + 1 end
    end
    local want = ("verdict: the Chinese hub has power sooner in %.0f%% of paired draws"):format(100 * n / 4000)
    assert.truthy(out:find(want, 1, true), out)
  end)
end)
