-- Water inside scenario results (fc_compose_water): the convention by hand.
-- On site = IT energy x WUE = facility energy / PUE x WUE; off site = facility
-- energy x the grid's water intensity (README, "Build-out").
local fc = require "flopcost"
local H = require "spec.helpers"

describe("fc.scenario water", function()
  it("gives us-va's water from its region figures (PUE 1.2, WUE 0.38, grid 5.2 L/kWh)", function()
    local r = fc.scenario { chip = "H100-SXM", region = "us-va" }:evaluate()
    local kwh = r.kwh_per_eflop
    -- by hand: on site kwh / 1.2 x 0.38, off site kwh x 5.2
    assert.near(kwh / 1.2 * 0.38, r.water_onsite_l_per_eflop, 1e-12)
    assert.near(kwh * 5.2, r.water_offsite_l_per_eflop, 1e-12)
    assert.near(kwh * (0.38 / 1.2 + 5.2), r.water_l_per_eflop, 1e-12)
  end)
  it("takes the scenario's figures over the region's, and PUE from the scenario", function()
    local r = fc.scenario { chip = "H100-SXM", region = "us-va", pue = 1.5, wue_l_per_kwh = 1.8,
      electricity_water_l_per_kwh = 2 }:evaluate()
    assert.near(r.kwh_per_eflop / 1.5 * 1.8, r.water_onsite_l_per_eflop, 1e-12)
    assert.near(r.kwh_per_eflop * 2, r.water_offsite_l_per_eflop, 1e-12)
  end)
  it("has no water for a region without figures unless the scenario gives them", function()
    assert.is_nil(fc.scenario { chip = "H100-SXM", region = "us-avg" }:evaluate().water_l_per_eflop)
    local r = fc.scenario { chip = "H100-SXM", region = "us-avg", wue_l_per_kwh = 0.5,
      electricity_water_l_per_kwh = 0 }:evaluate()
    assert.near(r.kwh_per_eflop / 1.2 * 0.5, r.water_l_per_eflop, 1e-12) -- us-avg PUE 1.2
  end)
  it("weights each chip's IT energy by its own PUE in a mix (a per-chip override)", function()
    local opts = { chips = { ["H100-SXM"] = 1, ["A100-SXM"] = 3 }, region = "us-va",
      overrides = { ["H100-SXM"] = { pue = 1.5 } } }
    local r = fc.scenario(opts):evaluate()
    -- by hand from each chip alone: IT kWh per hour = facility kWh per hour / its PUE
    local h = fc.scenario { chip = "H100-SXM", region = "us-va", pue = 1.5 }:evaluate().raw.kwh_per_h
    local a = fc.scenario { chip = "A100-SXM", region = "us-va" }:evaluate().raw.kwh_per_h
    local it_share = (1 * h / 1.5 + 3 * a / 1.2) / (1 * h + 3 * a)
    assert.near(r.kwh_per_eflop * it_share * 0.38, r.water_onsite_l_per_eflop, 1e-9)
    assert.near(r.kwh_per_eflop * 5.2, r.water_offsite_l_per_eflop, 1e-12)
  end)
  it("gives litres per million tokens for inference: (WUE / PUE + grid) x J per token / 3.6", function()
    local r = fc.scenario { region = "us-va", chip = "H100-SXM", workload = { kind = "inference",
      model = "Llama-3.1-70B", input_tokens = 2000, output_tokens = 500 } }:evaluate()
    -- J/token x 1e6 tokens / 3.6e6 J per kWh = kWh per million tokens
    assert.near((0.38 / 1.2 + 5.2) * r.j_per_token * 1e6 / 3.6e6, r.water_l_per_mtok, 1e-12)
  end)
  it("keeps one copy of each region's water figures: models/regions.json, not buildout.json", function()
    local data = assert(fc.buildout.load())
    for _, reg in ipairs(data.regions) do
      assert.is_nil(reg.wue_l_per_kwh)
      assert.is_number(fc.catalog.default():region(reg.name).wue_l_per_kwh)
    end
  end)
  it("shows in compare's CSV and JSON: each row's own energy by the convention, empty without figures", function()
    local p = io.popen("bin/flopcost compare --format csv --no-intervals 2>&1")
    local csv = p:read("a")
    p:close()
    local lines = {}
    for l in csv:gmatch("[^\n]+") do lines[#lines + 1] = l end
    local col = {}
    local i = 0
    for name in lines[1]:gmatch("[^,]+") do i = i + 1; col[name] = i end
    local function cells(line) -- no quoted commas in the numeric columns we read; drop the quoted label
      local t = {}
      line = line:gsub('"[^"]*"', "label")
      for c in (line .. ","):gmatch("([^,]*),") do t[#t + 1] = c end
      return t
    end
    local seen_va, seen_none = false, false
    for k = 2, #lines do
      local c = cells(lines[k])
      if c[col.region] == "us-va" then
        -- us-va: PUE 1.2, WUE 0.38, grid 5.2 L/kWh
        local kwh = tonumber(c[col.kwh_per_eflop])
        assert.near(kwh * (0.38 / 1.2 + 5.2), tonumber(c[col.water_l_per_eflop]), 1e-9)
        seen_va = true
      elseif c[col.region] == "us-ca" then
        assert.are.equal("", c[col.water_l_per_eflop]) -- no water figures for California
        seen_none = true
      end
    end
    assert.is_true(seen_va and seen_none)
    p = io.popen("bin/flopcost compare --format json --no-intervals 2>&1")
    local rows = fc.json.decode(p:read("a"))
    p:close()
    local any = false
    for _, r in ipairs(rows.results or rows) do
      if r.region == "cn-ningxia" then
        -- cn-ningxia: WUE 0.38, grid 2.0 L/kWh; its PUE from the catalog
        local pue = fc.catalog.default():region("cn-ningxia").pue
        assert.near(r.kwh_per_eflop * (0.38 / pue + 2.0), r.water_l_per_eflop, 1e-9)
        any = true
      end
    end
    assert.is_true(any)
  end)
  H.error_rows(it, {
    { "a negative WUE", function() return fc.scenario { chip = "H100-SXM", region = "us-va",
      wue_l_per_kwh = -1 }:evaluate() end,
      "flopcost.scenario: field 'wue_l_per_kwh': non-negative number expected, got -1" },
    { "a grid water intensity that is not a number", function() return fc.buildout.plan { region = "us-va",
      it_mw = 1, chip = "B200", electricity_water_l_per_kwh = "lots" } end,
      "flopcost.buildout.plan: field 'electricity_water_l_per_kwh': non-negative number of litres per kWh "
        .. "expected, got 'lots'" },
  })
end)
