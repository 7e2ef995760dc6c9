-- Water in fc.inference.serve results (csrc/core/fc_compose_water.c,
-- fc_compose_water_serve): the scenarios' convention at the serving point.
-- Facility kWh per million tokens = board J/token x server power multiple x
-- PUE x 1e6 / 3.6e6; on site = facility kWh / PUE x WUE, off site = facility
-- kWh x the grid's water intensity (README, "Build-out").
local fc = require "flopcost"
local H = require "spec.helpers"

local REQ = { model = "Llama-3.1-70B", chip = "H100-SXM", input_tokens = 2000, output_tokens = 500 }
local function serve(extra)
  local o = {}
  for k, v in pairs(REQ) do o[k] = v end
  for k, v in pairs(extra or {}) do o[k] = v end
  return fc.inference.serve(o)
end

-- the server power multiple a composed H100 member carries (the catalog's or the default)
local SPM = fc.scenario { chip = "H100-SXM", region = "us-va" }:core_params().members[1].server_power_multiple

describe("fc.inference.serve water", function()
  it("gives us-va's litres per million tokens by hand (PUE 1.2, WUE 0.38, grid 5.2 L/kWh)", function()
    local reg = fc.catalog.default():region("us-va")
    assert.same({ 1.2, 0.38, 5.2 }, { reg.pue, reg.wue_l_per_kwh, reg.electricity_water_l_per_kwh })
    local r = serve { region = "us-va" }
    local kwh = r.j_per_token * SPM * 1.2 * 1e6 / 3.6e6 -- facility kWh per million tokens
    assert.near(kwh / 1.2 * 0.38, r.water_onsite_l_per_mtok, 1e-12)
    assert.near(kwh * 5.2, r.water_offsite_l_per_mtok, 1e-12)
    assert.near(kwh * (0.38 / 1.2 + 5.2), r.water_l_per_mtok, 1e-12)
  end)
  it("takes PUE, WUE and grid water from the options over the region's", function()
    local r = serve { region = "us-va", pue = 1.5, wue_l_per_kwh = 1.8, electricity_water_l_per_kwh = 2 }
    local kwh = r.j_per_token * SPM * 1.5 / 3.6
    assert.near(kwh / 1.5 * 1.8, r.water_onsite_l_per_mtok, 1e-12)
    assert.near(kwh * 2, r.water_offsite_l_per_mtok, 1e-12)
    -- without a region, the options alone (PUE: the core's default, as a scenario's)
    local d = fc.scenario { chip = "H100-SXM", region = "us-avg" }:core_params().members[1].pue
    local o = serve { wue_l_per_kwh = 1, electricity_water_l_per_kwh = 0 }
    assert.near(o.j_per_token * SPM * d / 3.6 / d, o.water_l_per_mtok, 1e-12)
  end)
  it("has no water without a region or figures, and none for a region without figures", function()
    assert.is_nil(serve().water_l_per_mtok)
    assert.is_nil(serve { region = "us-avg" }.water_l_per_mtok)
  end)
  it("prints it in flopcost serve --region, within 100 columns", function()
    local p = io.popen("bin/flopcost serve Llama-3.1-70B H100-SXM --region us-va 2>&1; echo \"exit=$?\"")
    local out = p:read("a")
    p:close()
    assert.matches("exit=0", out)
    local r = serve { region = "us-va", precision = "fp8" } -- the CLI's default precision
    assert.matches(("water in us%%-va at the most throughput: %.3g L per million tokens"):format(r.water_l_per_mtok)
      :gsub("%.", "%%."), out)
    for line in out:gmatch("[^\n]+") do assert.is_true(#line <= 100, line) end
  end)
  it("exports a serving scenario's litres per million tokens in CSV and JSON", function()
    local r = fc.scenario { region = "us-va", chip = "H100-SXM", workload = { kind = "inference",
      model = "Llama-3.1-70B", input_tokens = 2000, output_tokens = 500 } }:evaluate()
    local csv = fc.report.csv { r }
    local head, row = csv:match("^([^\n]+)\n([^\n]+)")
    local cols, vals, cell = {}, {}, {}
    for c in head:gmatch("[^,]+") do cols[#cols + 1] = c end
    for v in (row .. ","):gmatch("([^,]*),") do vals[#vals + 1] = v end
    for i, c in ipairs(cols) do cell[c] = vals[i] end
    assert.near(r.water_l_per_mtok, tonumber(cell.water_l_per_mtok), 1e-9)
    local j = fc.json.decode(fc.report.json { r })[1]
    assert.near(r.water_l_per_mtok, j.serving.water_l_per_mtok, 1e-12)
  end)
  H.error_rows(it, {
    { "an unknown region", function() return serve { region = "us-vaa" } end,
      "flopcost.inference.serve: field 'region': unknown region 'us-vaa' (did you mean 'us-va'?)" },
    { "a negative WUE", function() return serve { wue_l_per_kwh = -1 } end,
      "flopcost.inference.serve: field 'wue_l_per_kwh': non-negative number of litres per kWh expected, got -1" },
    { "a PUE below 1", function() return serve { pue = 0.9 } end,
      "flopcost.inference.serve: field 'pue': number >= 1 expected, got 0.9" },
  })
end)
