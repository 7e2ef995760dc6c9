-- Water as an output of the scenario Monte Carlo and Sobol (csrc/core/fc_mc_output.c:
-- water_l_per_eflop, water_onsite_l_per_eflop, water_offsite_l_per_eflop, water_l_per_mtok),
-- by the scenario's own rule (fc_compose_water_at), with the water figures drawn through `vary`.
-- Convention (README, "Build-out"): water = kWh/EFLOP x (WUE / PUE + grid water).
local fc = require "flopcost"
local H = require "spec.helpers"

-- us-avg has no water figures of its own: the scenario gives them
local s = fc.scenario { chip = "H100-SXM", region = "us-avg", wue_l_per_kwh = 0.5, electricity_water_l_per_kwh = 2 }
local r = s:evaluate()
local kwh, pue = r.kwh_per_eflop, 1.2 -- us-avg PUE 1.2 (models/regions.json)

local function run(cmd)
  local p = assert(io.popen(cmd .. " 2>&1; echo \"exit:$?\""))
  local out = p:read("a")
  p:close()
  return out:gsub("exit:%d+\n$", ""), tonumber(out:match("exit:(%d+)\n$"))
end

describe("fc.montecarlo over water", function()
  it("without inputs gives the scenario's own water in every sample", function()
    for _, o in ipairs { "water_l_per_eflop", "water_onsite_l_per_eflop", "water_offsite_l_per_eflop" } do
      local m = fc.montecarlo(s, { samples = 2000, seed = 1, output = o })
      assert.near(r[o], m.mean, 1e-12)
      assert.near(r[o], m.quantiles[0.05], 1e-12)
    end
  end)

  it("a mix whose chips differ in PUE: each sample's own members (IT share), as the scenario", function()
    local mix = fc.scenario { chips = { ["H100-SXM"] = 1, ["A100-SXM"] = 3 }, region = "us-va",
      overrides = { ["H100-SXM"] = { pue = 1.5 } } }
    local rm = mix:evaluate()
    for _, o in ipairs { "water_l_per_eflop", "water_onsite_l_per_eflop" } do
      assert.near(rm[o], fc.montecarlo(mix, { samples = 500, output = o }).mean, 1e-12)
      -- a description input recomposes every sample: WUE drawn within 1e-11 of us-va's 0.38
      assert.near(rm[o], fc.montecarlo(mix, { samples = 500, output = o,
        vary = { wue_l_per_kwh = fc.dist.uniform(0.38, 0.38 + 1e-11) } }).mean, 1e-9)
    end
  end)

  it("WUE ~ uniform(0.2, 0.8): the mean is the water at WUE 0.5 (linear in WUE), sd by hand", function()
    local m = fc.montecarlo(s, { samples = 100000, seed = 1, output = "water_l_per_eflop",
      vary = { wue_l_per_kwh = fc.dist.uniform(0.2, 0.8) } })
    -- by hand: kWh x (0.5 / 1.2 + 2); sd = kWh / 1.2 x 0.6 / sqrt(12)
    local mean = kwh * (0.5 / pue + 2)
    local sd = kwh / pue * 0.6 / math.sqrt(12)
    assert.near(3.4873, mean, 1e-4) -- 1.4430 kWh/EFLOP x 2.41667 L/kWh
    -- the sampling error of the mean is sd / sqrt(1e5) = 0.00066 L (0.02 %): 0.1 % is 5 of them
    assert.near(mean, m.mean, 1e-3)
    assert.near(sd, m.sd, 0.02)
    -- the interval: WUE's 5th and 95th percentiles 0.23 and 0.77 carried through
    assert.near(kwh * (0.23 / pue + 2), m.quantiles[0.05], 2e-3)
    assert.near(kwh * (0.77 / pue + 2), m.quantiles[0.95], 2e-3)
  end)

  it("the grid's water ~ uniform(1, 3): off site mean kWh x 2, on site unchanged", function()
    local m = fc.montecarlo(s, { samples = 20000, seed = 2, outputs = { "water_offsite_l_per_eflop",
      "water_onsite_l_per_eflop" }, vary = { electricity_water_l_per_kwh = fc.dist.uniform(1, 3) } })
    assert.near(kwh * 2, m.outputs.water_offsite_l_per_eflop.mean, 5e-3)
    assert.near(kwh / pue * 0.5, m.outputs.water_onsite_l_per_eflop.mean, 1e-12)
  end)

  it("an inference scenario: litres per million tokens, (WUE / PUE + grid) x J per token / 3.6", function()
    local inf = fc.scenario { region = "us-va", chip = "H100-SXM", workload = { kind = "inference",
      model = "Llama-3.1-70B", input_tokens = 2000, output_tokens = 500 } }
    local ri = inf:evaluate()
    assert.near(ri.water_l_per_mtok, fc.montecarlo(inf, { samples = 1000, output = "water_l_per_mtok" }).mean, 1e-12)
    local m = fc.montecarlo(inf, { samples = 20000, seed = 1, output = "water_l_per_mtok",
      vary = { wue_l_per_kwh = fc.dist.uniform(0.2, 0.8) } })
    -- us-va: PUE 1.2, grid 5.2 L/kWh (models/regions.json); WUE at its mean 0.5
    assert.near((0.5 / 1.2 + 5.2) * ri.j_per_token * 1e6 / 3.6e6, m.mean, 2e-3)
  end)

  it("Sobol: WUE and grid water uniform, indices from their variances (a linear sum)", function()
    local so = fc.sensitivity.sobol { scenario = s, samples = 8000, seed = 1, resamples = 0,
      output = "water_l_per_eflop", vary = { wue_l_per_kwh = fc.dist.uniform(0.2, 0.8),
        electricity_water_l_per_kwh = fc.dist.uniform(1, 3) } }
    -- by hand: var = kWh^2 (0.6^2 / 12 / 1.2^2 + 2^2 / 12) = kWh^2 (0.0208 + 0.3333);
    -- an additive model: first order = total = each term over the sum
    local vw, ve = 0.36 / 12 / 1.44, 4 / 12
    local rows = {}
    for _, row in ipairs(so:rows()) do rows[row.name] = row end
    assert.near(vw / (vw + ve), rows.wue_l_per_kwh.total, 0, 0.02)         -- 0.0588
    assert.near(ve / (vw + ve), rows.electricity_water_l_per_kwh.first, 0, 0.05) -- 0.941
    assert.near(kwh * (0.5 / pue + 2), so.mean, 5e-3)
  end)

  H.error_rows(it, {
    { "a region without water figures", function()
      fc.montecarlo(fc.scenario { chip = "H100-SXM", region = "us-avg" }, { output = "water_l_per_eflop" })
    end, "flopcost.montecarlo: field 'output': 'water_l_per_eflop' needs a scenario with water figures "
      .. "(wue_l_per_kwh and electricity_water_l_per_kwh: a region that has them, or those options)" },
    { "water per million tokens of a training scenario", function()
      fc.montecarlo(s, { output = "water_l_per_mtok" })
    end, "flopcost.montecarlo: field 'output': 'water_l_per_mtok' needs an inference scenario "
      .. "(workload = {kind = 'inference', ...}), not a training one" },
  })
end)

describe("flopcost mc --output water_l_per_eflop", function()
  it("prints litres (its unit, no dollars), the mean by hand and the tornado in litres", function()
    local prefix = os.tmpname()
    local out, st = run("bin/flopcost mc --set chip=H100-SXM --set region=us-va --samples 20000 "
      .. "--vary 'wue_l_per_kwh=uniform(0.2,0.6)' --output water_l_per_eflop --out " .. prefix)
    assert.are.equal(0, st, out)
    assert.truthy(out:find("water_l_per_eflop: litres of water per 1e18 useful FLOP", 1, true), out)
    assert.falsy(out:find("$", 1, true), out)
    -- by hand: us-va (PUE 1.2, grid 5.2 L/kWh), WUE at its mean 0.4
    local k = fc.scenario { chip = "H100-SXM", region = "us-va" }:evaluate().kwh_per_eflop
    local mean = tonumber(out:match("mean ([%d%.]+)"))
    assert.near(k * (0.4 / 1.2 + 5.2), mean, 1e-3)
    assert.truthy(out:find("wue l per kwh %(0%.220 to 0%.580%) +[%d%.]+ %.%. [%d%.]+\n"), out)
    for _, suffix in ipairs { "-tornado.svg", "-histogram.svg", "-tornado.vl.json", "-histogram.vl.json" } do
      local f = io.open(prefix .. suffix)
      if suffix == "-histogram.svg" then assert.truthy(f:read("a"):find("litres of water per 1e18 useful FLOP", 1, true)) end
      f:close()
      os.remove(prefix .. suffix)
    end
    os.remove(prefix)
    for line in out:gmatch("[^\n]+") do assert.is_true(#line <= 100, line) end
  end)
end)
