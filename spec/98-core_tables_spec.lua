-- Lua keeps conveniences, not model logic (issue 11): what the Lua layer
-- used to copy from C -- the Monte Carlo and Sobol option lists, the field
-- domains -- it now reads from C. Each check fails on the copy it replaced.
local fc = require "flopcost"
local core = require "flopcost.core"

describe("Lua reads from C what it used to copy", function()
  local s = fc.scenario { chip = "H100", region = "us-va" }

  describe("option lists", function()
    -- Every option core.mc.run knows reaches it through fc.montecarlo: a bad
    -- value draws the core's complaint about the value, never "unknown field".
    it("fc.montecarlo passes every option of core.mc.run", function()
      assert.is_true(#core.mc.options >= 10)
      for _, name in ipairs(core.mc.options) do
        if name ~= "scenario" and name ~= "inputs" then
          local ok, err = pcall(fc.montecarlo, s, { [name] = "not-a-value" })
          assert.is_falsy(not ok and tostring(err):find("unknown field '" .. name .. "'", 1, true), err)
        end
      end
    end)
    it("fc.sensitivity.sobol passes every option of core.sensitivity.sobol (the copy lacked 'rng')", function()
      local vary = { pue = fc.dist.uniform(1.1, 1.3) }
      for _, name in ipairs(core.sensitivity.options) do
        if name ~= "scenario" and name ~= "inputs" then
          local ok, err = pcall(fc.sensitivity.sobol, { scenario = s, vary = vary, samples = 64, [name] = "x" })
          assert.is_falsy(not ok and tostring(err):find("unknown field '" .. name .. "'", 1, true), err)
        end
      end
      -- the core's own answer about 'rng', not the Lua copy's "unknown field 'rng'"
      local ok, err = pcall(fc.sensitivity.sobol, { scenario = s, vary = vary, samples = 64, rng = "mt19937" })
      assert.is_false(ok)
      assert.truthy(tostring(err):find("always use taus2", 1, true), err)
    end)
    it("suggests the closest option of the core's list", function()
      local ok, err = pcall(fc.montecarlo, s, { samplez = 10 })
      assert.is_false(ok)
      assert.truthy(err:find("unknown field 'samplez' (did you mean 'samples'?)", 1, true), err)
      ok, err = pcall(fc.sensitivity.sobol, { scenario = s, vary = { pue = 1.2 }, seeed = 1 })
      assert.is_false(ok)
      assert.truthy(err:find("unknown field 'seeed' (did you mean 'seed'?)", 1, true), err)
    end)
    it("leaves the sample count's default to the core (10,000, csrc/lua/lfc_mc_opts.c)", function()
      local r = fc.sensitivity.sobol { scenario = s, vary = { pue = fc.dist.uniform(1.1, 1.3),
        utilization = fc.dist.uniform(0.5, 0.9) }, seed = 3 }
      assert.are.equal(10000, r.samples)
      -- Saltelli/Jansen: N (k + 2) evaluations, k = 2 inputs: 10,000 x 4
      assert.are.equal(40000, r.evaluations)
    end)
  end)

  describe("field domains", function()
    local u = require "flopcost.uncertainty"
    it("core.scenario.domains gives core and description fields with the core's bounds", function()
      local d = core.scenario.domains()
      -- utilization is in (0, 1]: the smallest positive double up to 1
      assert.are.equal(1, d.utilization.hi)
      assert.are.equal("number in (0, 1]", d.utilization.text)
      assert.are.equal(1, d.pue.lo)                         -- pue >= 1
      assert.are.equal(1, d["region.green_share"].hi)       -- a description field, [0, 1]
      assert.is_true(d["job.chips"].integral)               -- positive integer
      assert.is_true(d["wacc_parts.tax_rate"].hi < 1)       -- [0, 1): the double below 1
    end)
    it("caps a study's bounded distributions at the domain's end, description fields too", function()
      -- the copied list capped 'green_share' but not 'region.green_share': uniform(0.5, 1.5)
      -- then drew shares above 1 and the run failed on them
      local v = u.vary_for(s, { ["region.green_share"] = { "uniform", 0.5, 1.5 } })
      assert.are.equal("uniform(0.5, 1)", tostring(v["region.green_share"]))
      local r = fc.montecarlo(s, { vary = v, samples = 2000, seed = 1 })
      assert.are.equal(2000, r.n)
      -- a field with no upper end is not capped
      v = u.vary_for(s, { pue = { "uniform", 1.1, 1.5 } })
      assert.are.equal("uniform(1.1, 1.5)", tostring(v.pue))
    end)
  end)
end)

-- The defaults that name catalog entries live in the core's one table of
-- defaults (csrc/core/fc_compose.c named_defaults, each with its source); the Lua
-- layer reads them (scenario.NAMED) and must follow a change of that table.
describe("named defaults come from the core's table", function()
  local sc = require "flopcost.scenario"

  -- runs f with NAMED[key] = value, restoring it after
  local function with_named(key, value, f)
    local old = sc.NAMED[key]
    sc.NAMED[key] = value
    local ok, err = pcall(f)
    sc.NAMED[key] = old
    assert(ok, err)
  end

  it("scenario.NAMED is the core's list", function()
    assert.are.same(core.scenario.desc_fields().names, sc.NAMED)
    -- the sourced values: H100 SXM = bf16 reference figures on CoWoS-S with HBM3 stacks,
    -- fp16 standing in for bf16 (equal dense throughput), Epoch's 0.14 OOM/year trend
    assert.are.same({ precision = "bf16", ["precision.fallback.bf16"] = "fp16",
      ["manufacturing.packaging"] = "CoWoS-S", ["manufacturing.hbm"] = "HBM3", price_trend = "epoch",
      region = "us-avg" }, sc.NAMED)
  end)

  it("a scenario without a region sits in the table's region", function()
    local none = fc.scenario { chip = "H100" }:evaluate().usd_per_eflop
    assert.are.equal(fc.scenario { chip = "H100", region = "us-avg" }:evaluate().usd_per_eflop, none)
    with_named("region", "cn-guizhou", function()
      assert.are.equal(fc.scenario { chip = "H100", region = "cn-guizhou" }:evaluate().usd_per_eflop,
        fc.scenario { chip = "H100" }:evaluate().usd_per_eflop)
    end)
  end)

  it("the packaging and HBM of the yield chain follow the table", function()
    local s = fc.scenario { chip = "H100", region = "us-va", manufacturing = {} }
    s:description()
    assert.are.equal("CoWoS-S", s.parts[1].packaging)
    assert.are.equal("HBM3", s.parts[1].hbm)
    local cowos_s = s:evaluate().usd_per_eflop
    with_named("manufacturing.packaging", "CoWoS-L", function()
      local s2 = fc.scenario { chip = "H100", region = "us-va", manufacturing = {} }
      s2:description()
      assert.are.equal("CoWoS-L", s2.parts[1].packaging)
      -- the same number as naming CoWoS-L outright, and not the CoWoS-S one
      local named = fc.scenario { chip = "H100", region = "us-va", manufacturing = { packaging = "CoWoS-L" } }
      assert.are.equal(named:evaluate().usd_per_eflop, s2:evaluate().usd_per_eflop)
      assert.are_not.equal(cowos_s, s2:evaluate().usd_per_eflop)
    end)
    with_named("manufacturing.hbm", "HBM3e", function()
      local s3 = fc.scenario { chip = "H100", region = "us-va", manufacturing = {} }
      s3:description()
      assert.are.equal("HBM3e", s3.parts[1].hbm)
    end)
  end)

  it("the default precision follows the table", function()
    local bf16 = fc.scenario { chip = "H100", region = "us-va" }:evaluate().usd_per_eflop
    with_named("precision", "fp8", function()
      local fp8 = fc.scenario { chip = "H100", region = "us-va" }:evaluate().usd_per_eflop
      -- useful FLOP/h scales with the peak and the cost per hour does not:
      -- $/EFLOP at fp8 = bf16's x 989.5 / 1979 = 0.5 (H100 SXM datasheet, dense)
      assert.near(0.5, fp8 / bf16, 1e-12)
    end)
  end)

  it("one stand-in rule for a missing bf16 figure, for training and serving", function()
    local chip = { name = "fp16-only", peak_tflops = { fp16 = 312 } }
    assert.are.same({ 312, "fp16" }, { sc.peak_tflops(chip, "bf16") })
    -- serving stores fp8 weights and computes at the default precision's figure
    assert.are.same({ 312, "fp16" }, { fc.inference.peak_tflops(chip, "fp8") })
    with_named("precision.fallback.bf16", nil, function()
      assert.is_nil(sc.peak_tflops(chip, "bf16"))
      assert.is_nil(fc.inference.peak_tflops(chip, "fp8"))
    end)
  end)
end)

-- 6ND is written once, in fc_training_flops: the scaling binding's step FLOP
-- and the examples' MFU from published throughput go through it.
describe("training FLOP (6 N D) has one home", function()
  local T = fc.training
  local base = { chips = 1024, params = 70e9, tokens_per_step = 4e6, peak_flops_per_s = 989.5e12, mfu = 0.4,
    intra_node_gbs = 450, inter_node_gbs = 50 }
  it("scaling's step FLOP from params and tokens_per_step is training.flops of one step", function()
    local r = T.scaling(base)
    -- by hand: 6 x 70e9 x 4e6 / 1024 = 1.640625e15 FLOP per chip per step, at 989.5e12 x 0.4 FLOP/s:
    -- 1.640625e15 / 3.958e14 = 4.14508590197... s of compute per step
    assert.near(1.640625e15 / 3.958e14, r.compute_s, 1e-9)
    local explicit = {}
    for k, v in pairs(base) do explicit[k] = v end
    explicit.tokens_per_step = nil
    explicit.step_flops_per_chip = T.flops { params = 70e9, tokens = 4e6 } / 1024
    assert.are.equal(T.scaling(explicit).efficiency, r.efficiency)
  end)
  it("the examples' MFU from tokens/s goes through training.flops", function()
    local R = dofile("examples/runs/common.lua")
    local run = { chip = "H100", params = 70e9, tokens_per_s_per_chip = 1000 }
    -- 6 x 70e9 x 1000 / 989.5e12 = 0.42446690247...
    assert.near(6 * 70e9 * 1000 / 989.5e12, (R.published_mfu(run)), 1e-12)
    local moe = { chip = "H100", params = 671e9, active_params = 37e9, tokens_per_s_per_chip = 1000 }
    -- N = the active parameters: 6 x 37e9 x 1000 / 989.5e12 = 0.22435573...
    assert.near(6 * 37e9 * 1000 / 989.5e12, (R.published_mfu(moe)), 1e-12)
  end)
end)

-- The catalog's kind and currency suggestions use the one rule (flopcost.suggest
-- over csrc/core/fc_text.c): a kind the user starts typing is suggested, which the
-- two hand-written loops (edit distance < 3, < 2) did not do.
describe("catalog suggestions use the one rule", function()
  local cat = fc.catalog.default()
  it("suggests a kind from its first letters", function()
    -- "pack" is 5 edits from "packaging" but starts it (the rule scores that 1)
    local ok, err = pcall(cat.list, cat, "pack")
    assert.is_false(ok)
    assert.truthy(err:find("unknown kind 'pack' (did you mean 'packaging'?)", 1, true), err)
  end)
  it("suggests a currency", function()
    local ok, err = pcall(cat.fx, cat, "EURO")
    assert.is_false(ok)
    assert.truthy(err:find("unknown currency 'EURO' (did you mean 'EUR'?)", 1, true), err)
  end)
end)
