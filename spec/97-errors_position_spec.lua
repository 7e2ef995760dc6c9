-- Errors as users see them (issue 11): a bad field given to a public function
-- raises at the user's line ("user.lua:3:"), names the public function, and shows
-- no flopcost file (./lua/flopcost/scenario/describe.lua:60) and no internal name
-- (eval_mix: members[1], flopcost.mc.merge, core.compose).
local fc = require "flopcost"

-- { public name the message must start with (after the position), line 3 of user.lua }
local cases = {
  { "flopcost.scenario", 'fc.scenario{ region = "us-va", chip = "H100-SXM", utilisation = 0.5 }' },
  { "flopcost.scenario", 'fc.scenario{ region = "us-va", chips = { ["H100-SXM"] = -1 } }' },
  { "flopcost.scenario", 'fc.scenario{ region = "us-va", chip = "H100-SXM", pue = 0.9 }:evaluate()' },
  -- an unknown name is the catalog's error (public fc.catalog, as README shows)
  { "flopcost.catalog", 'fc.scenario{ region = "nowhere", chip = "H100-SXM" }:evaluate()' },
  { "flopcost.scenario", 'fc.scenario{ region = "us-va", chip = "H100-SXM" }:with{ pue = 0 }:evaluate()' },
  -- a mix: the member's field is reported as the chip's, not as eval_mix: members[2]
  { "flopcost.scenario", 'fc.scenario{ region = "us-va", chips = { ["H100-SXM"] = 1, B200 = 1 },'
    .. ' coupling = "lockstep", pue = 0.5 }:evaluate()' },
  { "flopcost.scenario", 'fc.scenario{ region = "us-va", chip = "H100-SXM", mfu = 2 }:evaluate()' },
  { "flopcost.scenario", 'fc.scenario{ region = "us-va", chip = "H100-SXM", workload = { kind = "inference",'
    .. ' model = "nope" } }:evaluate()' },
  { "flopcost.montecarlo", 'fc.montecarlo(fc.scenario{ region = "us-va", chip = "H100-SXM" }, { samples = -1 })' },
  { "flopcost.montecarlo", 'fc.montecarlo(fc.scenario{ region = "us-va", chip = "H100-SXM" },'
    .. ' { vary = { puee = fc.dist.normal(1.2, 0.1) } })' },
  { "flopcost.montecarlo.merge", "fc.montecarlo.merge{ 42 }" },
  { "flopcost.montecarlo.tornado", 'fc.montecarlo.tornado(fc.scenario{ region = "us-va", chip = "H100-SXM" },'
    .. ' { vary = { pue = fc.dist.normal(1.2, 0.1) }, output = "nope" })' },
  -- a cell's bad scenario is reported by fc.scenario, the public function that checks it
  { "flopcost.scenario", 'fc.compare.run{ base = { pue = 0.5 }, regions = { "us-va" },'
    .. ' mixes = { { name = "h", chips = { ["H100-SXM"] = 1 } } } }' },
  { "flopcost.inference.serve", 'fc.inference.serve{ model = "Llama-3.1-70B", chip = "H100-SXM", cache_hit = 2 }' },
  { "flopcost.catalog", 'fc.catalog.default():chip("H1000")' },
  { "flopcost.catalog.fx", 'fc.catalog.default():fx("XXX")' },
  { "flopcost.catalog.override", 'fc.catalog.default():override("chip", "H100-SXM", { price_usd = -1 })' },
  { "flopcost.catalog.load", "fc.catalog.load(42)" },
  { "flopcost.finance.crf", "fc.finance.crf(0.08, -1)" },
  { "flopcost.energy.kwh", "fc.energy.kwh{ tdp_w = -1 }" },
  { "flopcost.yield.die_yield", "fc.yield.die_yield{ die_area_mm2 = -1 }" },
  { "flopcost.training.flops", "fc.training.flops{ params = -1 }" },
  { "flopcost.export.tpp", "fc.export.tpp{ tops = -1 }" },
  { "flopcost.dist.normal", "fc.dist.normal(1, -1)" },
  { "flopcost.solve.breakeven", 'fc.solve.breakeven{ a = fc.scenario{ region = "us-va", chip = "H100-SXM" },'
    .. ' field = "nope", lo = 0, hi = 1 }' },
  { "flopcost.solve.optimize_mix", 'fc.solve.optimize_mix{ region = "us-va", chips = { "H100-SXM" },'
    .. ' budget_usd = -1 }' },
  { "flopcost.sensitivity.sobol", "fc.sensitivity.sobol{ scenario = 42 }" },
  { "flopcost.report.csv", "fc.report.csv(42)" },
  { "flopcost.plot.save", "fc.plot.save(42)" },
  { "flopcost.plot.compare", "fc.plot.compare(42)" },
  { "flopcost.plot.lines", "fc.plot.lines{}" },
  -- fc.vega's charts run plot's checks: the message still names the function called
  { "flopcost.vega.compare", "fc.vega.compare(42)" },
  { "flopcost.vega.tornado", "fc.vega.tornado{}" },
  { "flopcost.json.decode", "fc.json.decode(42)" },
}

describe("errors at the caller's line, with public names (issue 11)", function()
  for _, c in ipairs(cases) do
    it(c[1] .. ": " .. c[2]:sub(1, 60), function()
      -- the call is on line 3 of a chunk named user.lua
      local code = "local fc = ...\nlocal unused_line = 2\n" .. c[2] .. "\n"
      local f = assert(load(code, "=user.lua"))
      local ok, err = pcall(f, fc)
      assert.is_false(ok, "no error")
      assert.are.equal("string", type(err))
      assert.are.equal("user.lua:3: " .. c[1] .. ":", err:sub(1, #("user.lua:3: " .. c[1] .. ":")), err)
      assert.is_nil(err:find("flopcost/", 1, true), err)
      assert.is_nil(err:find("%.lua:%d+:", 10), err) -- no second position
      for _, internal in ipairs { "eval_mix", "eval_desc", "members[", "core.", "flopcost.mc.merge", "user.lua:3: user.lua",
        "flopcost.mc.run", "flopcost.mc.tornado", "flopcost.solve.mix", "compose:", "lfc_" } do
        assert.is_nil(err:find(internal, 1, true), err)
      end
    end)
  end

  it("pcall(fc.x, ...) points at the pcall's line (C frames are passed over)", function()
    local f = assert(load("local fc = ...\nreturn pcall(fc.energy.kwh, { tdp_w = -1 })\n", "=user.lua"))
    local ok, err = f(fc)
    assert.is_false(ok)
    assert.are.equal("user.lua:2: flopcost.energy.kwh:", err:sub(1, 32), err)
  end)
end)
