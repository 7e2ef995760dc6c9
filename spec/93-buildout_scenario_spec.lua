-- The build-out inside a scenario: fc.scenario{build = {...}} through
-- fc_compose (csrc/core/fc_compose_build.c), its result fields, printing,
-- CSV/JSON, a JSON scenario file, and compare's time-to-power column.
local fc = require "flopcost"

-- A spreadsheet-style monthly sum, written out independently of the C
-- formula: capex C drawn in `n` equal amounts at the end of months 1..n, the
-- balance compounding at rate/12 a month, then carried until month `power`.
local function idc_by_month(C, n, rate, power)
  local balance, drawn = 0, 0
  for _ = 1, n do
    balance = balance * (1 + rate / 12) + C / n -- last month's balance grows, this month's draw comes in
    drawn = drawn + C / n
  end
  for _ = n + 1, power do balance = balance * (1 + rate / 12) end
  return balance - drawn
end

-- us-va (facility $11,700/kW, Cushman & Wakefield 2025), 100 MW, 12 months of
-- construction, 11 of equipment lead, the grid at 18: power at 18, waiting on
-- the grid. Capex 100,000 kW x $11,700 = $1.17B; at 12 %/year (1 %/month):
-- IDC of the 12 draws = 1.17e9 / 12 x sum_{k=0..11} (1.01^k - 1)
--                     = 97.5e6 x (12.6825030 - 12) = $66,544,043.8,
-- then (1.17e9 + 66.54e6) x 1.01^6 - 1.17e9 = $142,594,... (the loop above).
-- Chips bought at the decision carry 18 months at 12 %: x 1.12^1.5 = 1.18530;
-- bought at power with a 20 %/year decline: x 0.8^1.5 = 0.71554.
local BUILD = { it_mw = 100, start = "2026-01", construction_months = 12, equipment_lead_months = 11,
  grid_months = 18, rate = 0.12, chip_price_decline_per_year = 0.2, chips_bought = "at-start" }

local function with(t, changes)
  local o = {}
  for k, v in pairs(t) do o[k] = v end
  for k, v in pairs(changes or {}) do o[k] = v end
  return o
end

describe("fc.scenario build = {...}", function()
  local base = fc.scenario { region = "us-va", chip = "H100-SXM" }
  local member = base:core_params().members[1]
  local r = fc.scenario { region = "us-va", chip = "H100-SXM", build = BUILD }:evaluate()

  it("gives time to power and the site's figures by hand", function()
    assert.equal(18, r.time_to_power_months)
    assert.equal("grid", r.build.waiting_on)
    assert.equal("2027-07", r.build.energized) -- 2026-01 + 18 months
    assert.near(11.7e6, r.construction_capex_usd_per_mw, 1e-6)
    assert.near(1.17e9, r.build.construction_capex_usd, 1e-3)
    local idc = idc_by_month(1.17e9, 12, 0.12, 18)
    assert.near(66544043.8 * 1.01 ^ 6 + 1.17e9 * (1.01 ^ 6 - 1), idc, 1) -- the loop against the closed form
    assert.near(idc, r.interest_during_construction_usd, 1e-3)
    assert.near(1.12 ^ 1.5, r.build.chip_price_factor, 1e-12)
    assert.equal(18, r.build.idle_chip_months)
  end)

  it("prices a useful EFLOP with the facility cost and chip price power arrives with", function()
    -- the same scenario without a build-out, given those two figures by hand
    local idc = idc_by_month(1.17e9, 12, 0.12, 18)
    local by_hand = fc.scenario { region = "us-va", chip = "H100-SXM",
      facility_usd_per_kw = 11700 * (1 + idc / 1.17e9),
      chip_price_usd = member.chip_price_usd * 1.12 ^ 1.5 }:evaluate()
    assert.near(by_hand.usd_per_eflop, r.usd_per_eflop_at_energization, 1e-9)
    assert.equal(r.usd_per_eflop, r.usd_per_eflop_at_energization)
    assert.is_true(r.usd_per_eflop > base:evaluate().usd_per_eflop) -- carried chips and interest cost more
    -- water does not depend on when power came
    assert.near(base:evaluate().water_l_per_eflop, r.water_l_per_eflop, 1e-12)
  end)

  it("buys chips at power at the declined price, and runs bridge power until the grid", function()
    local late = fc.scenario { region = "us-va", chip = "H100-SXM",
      build = with(BUILD, { chips_bought = "at-energization" }) }:evaluate()
    assert.near(0.8 ^ 1.5, late.build.chip_price_factor, 1e-12)
    assert.equal(0, late.build.idle_chip_months)
    assert.is_true(late.usd_per_eflop < r.usd_per_eflop)
    -- a gas turbine permitted in 18 months (models/buildout.json) against a 42-month grid:
    -- construction 12, equipment 11, so power at 18 on the bridge, which runs 24 months
    local data = fc.buildout.load()
    local gt
    for _, b in ipairs(data.bridge) do if b.name == "gas-turbine" then gt = b end end
    local br = fc.scenario { region = "us-va", chip = "H100-SXM",
      build = with(BUILD, { grid_months = 42, bridge = "gas-turbine", bridge_months = 18 }) }:evaluate()
    assert.equal(18, br.time_to_power_months)
    assert.equal("bridge", br.build.waiting_on)
    assert.equal(24, br.build.bridge_run_months)
    -- fuel: 100 MW x load factor x 24 months x 730.5 h x heat rate x fuel price
    local mwh = 100 * gt.load_factor.value * 24 * 730.5
    assert.near(mwh * gt.heat_rate_mmbtu_per_mwh.value * gt.fuel_usd_per_mmbtu.value, br.build.bridge_fuel_usd, 1e-6)
    assert.near(100000 * gt.capex_usd_per_kw.value, br.build.bridge_capex_usd, 1e-6)
  end)

  it("agrees with fc.buildout.plan on the region's own figures (more cases: 93-buildout_plan_door)", function()
    local s = fc.scenario { region = "cn-ningxia", chip = "H20", build = { it_mw = 50 } }:evaluate()
    local p = fc.buildout.plan { region = "cn-ningxia", chip = "H20", it_mw = 50 }
    assert.equal(p.time_to_power_months, s.time_to_power_months)
    assert.near(p.interest_during_construction_usd, s.interest_during_construction_usd, 1e-9)
    assert.near(p.usd_per_eflop_at_energization, s.usd_per_eflop_at_energization, 1e-9)
  end)

  it("lists the sources of the build-out figures it used (models/buildout.json)", function()
    local s = fc.scenario { region = "us-va", chip = "H100-SXM", build = { it_mw = 100 } }:evaluate()
    local by = {}
    for _, src in ipairs(s.sources) do by[src.field] = src end
    local data = fc.buildout.load()
    local va
    for _, reg in ipairs(data.regions) do if reg.name == "us-va" then va = reg end end
    assert.equal("us-va", by["build.grid_months"].of)
    assert.truthy(by["build.grid_months"].source:find(va.grid_months.source, 1, true))
    assert.truthy(by["build.chip_decline_per_year"])
    -- a figure the options fix has no catalog source
    local fixed = {}
    for _, src in ipairs(r.sources) do fixed[src.field] = true end
    assert.is_nil(fixed["build.grid_months"]) -- BUILD gives grid_months
  end)

  it("prints the build-out and exports it in CSV and JSON", function()
    local text = tostring(r)
    assert.matches("power at month 18 %(2027%-07%), waiting on grid", text)
    assert.matches("construction %$1%.17B", text)
    for line in text:gmatch("[^\n]+") do assert.is_true(#line <= 100, line) end
    local csv = fc.report.csv { r }
    local head, row = csv:match("^([^\n]+)\n([^\n]+)")
    local cols, vals = {}, {}
    for c in head:gmatch("[^,]+") do cols[#cols + 1] = c end
    for v in (row .. ","):gmatch("([^,]*),") do vals[#vals + 1] = v end
    local cell = {}
    for i, c in ipairs(cols) do cell[c] = vals[i] end
    assert.equal(18, tonumber(cell.time_to_power_months))
    assert.near(r.interest_during_construction_usd, tonumber(cell.interest_during_construction_usd), 1e-6)
    assert.equal("2027-07", cell.build_energized)
    local j = fc.json.decode(fc.report.json { r })[1]
    assert.near(r.usd_per_eflop_at_energization, j.usd_per_eflop_at_energization, 1e-12)
    assert.equal("grid", j.build.waiting_on)
    assert.equal(11.7e6, j.construction_capex_usd_per_mw)
  end)

  it("accepts build in a JSON scenario file (flopcost run)", function()
    local path = os.tmpname() .. ".json"
    local f = assert(io.open(path, "w"))
    f:write('{"region": "us-va", "chip": "H100-SXM", "build": {"it_mw": 100, "construction_months": 12, '
      .. '"equipment_lead_months": 11, "grid_months": 18, "rate": 0.12, "chip_price_decline_per_year": 0.2, '
      .. '"chips_bought": "at-start"}}')
    f:close()
    local p = io.popen("bin/flopcost run " .. path .. " 2>&1; echo \"exit=$?\"")
    local out = p:read("a")
    p:close()
    os.remove(path)
    assert.matches("exit=0", out)
    assert.matches("power at month 18", out)
    assert.matches(("%%$%.3g per 1e18"):format(r.usd_per_eflop):gsub("%.", "%%."), out)
  end)

  it("refuses bad build fields naming the field", function()
    local function err(b, region)
      local ok, e = pcall(function() return fc.scenario { region = region or "us-va", chip = "H100-SXM", build = b }
        :evaluate() end)
      assert.is_false(ok)
      return tostring(e)
    end
    assert.matches("flopcost.scenario: field 'build.it_mw'", err { it_mw = -1 })
    assert.matches("field 'build': unknown field 'grid_month' %(did you mean 'grid_months'%?%)",
      err { it_mw = 1, grid_month = 3 })
    assert.matches("field 'build.bridge': one of", err { it_mw = 1, bridge = "diesel" })
    assert.matches("field 'build.start'", err { it_mw = 1, start = "2026-13" })
    assert.matches("field 'build.rate'", err { it_mw = 1, rate = 2 })
    assert.matches("field 'build': table", err("big"))
    -- a region with no build-out figures: its months must be given
    assert.matches("unknown build%-out region 'sg'", err({ it_mw = 1 }, "sg"))
    local ok = pcall(function() return fc.scenario { region = "sg", chip = "H100-SXM",
      build = { it_mw = 1, construction_months = 12, grid_months = 24 } }:evaluate() end)
    assert.is_true(ok)
  end)
end)

describe("compare with a build-out", function()
  local study = os.tmpname() .. ".json"
  local f = assert(io.open(study, "w"))
  f:write('{"description": "build-out", "base": {"build": {"it_mw": 100}}, "regions": ["us-va", "cn-ningxia"], '
    .. '"mixes": [{"chips": {"H100-SXM": 1}}]}')
  f:close()
  local function run(args)
    local p = io.popen("bin/flopcost compare " .. args .. " " .. study .. " 2>&1; echo \"exit=$?\"")
    local out = p:read("a")
    p:close()
    return out
  end
  local va = fc.scenario { region = "us-va", chip = "H100-SXM", build = { it_mw = 100 } }:evaluate()

  it("shows months to power within 100 columns by default and in --wide", function()
    local out = run("")
    assert.matches("exit=0", out)
    assert.matches("power", out)
    for line in out:gmatch("[^\n]+") do assert.is_true(#line <= 100, line) end
    -- us-va's row: its months to power (42, the region's grid) after its cost
    assert.matches("us%-va%s+%S+%s+[%d.]+%s+" .. ("%g"):format(va.time_to_power_months) .. "%s", out)
    assert.matches("power mo", run("--wide"))
  end)

  it("exports the build-out figures in CSV and JSON", function()
    local csv = run("--format csv")
    assert.matches("time_to_power_months", csv)
    assert.matches("build_energized", csv)
    local json = run("--format json"):gsub("exit=%d+%s*$", "")
    local rows = fc.json.decode(json)
    rows = rows.results or rows
    local found
    for _, row in ipairs(rows) do if row.region == "us-va" then found = row end end
    assert.equal(va.time_to_power_months, found.time_to_power_months)
    assert.near(va.interest_during_construction_usd, found.interest_during_construction_usd, 1e-9)
    os.remove(study)
  end)
end)
