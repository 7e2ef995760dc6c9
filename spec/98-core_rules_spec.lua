-- One of each, C side (issue 11): each rule below is written once in the
-- core, and every door that uses it gives the same answer. Each check uses a
-- case where the copies the issue found disagreed, so a second copy written
-- again would fail it.
local fc = require "flopcost"
local core = require "flopcost.core"
local suggest = require("flopcost.suggest").closest

local function err_of(f, ...)
  local ok, e = pcall(f, ...)
  assert.is_false(ok)
  return tostring(e)
end

describe("one 'did you mean' rule (csrc/core/fc_text.c)", function()
  it("Lua's flopcost.suggest is the core's rule", function()
    -- die_area -> die_area_mm2 is 4 insertions, over max(2, 8 // 3) = 2: only
    -- the core's rule (a name the typed one starts, 3+ characters, counts as
    -- 1) suggests it; the old Lua copy returned nil
    assert.are.equal("die_area_mm2", suggest("die_area", { "tdp_w", "die_area_mm2" }))
    -- cn -> us is 2 substitutions of a 2-letter name: the core allows 1 edit
    -- there; the old Lua copy (max(2, 0) = 2) suggested 'us'
    assert.is_nil(suggest("cn", { "us", "china", "allied", "other" }))
    -- ties: ab is 1 edit from ac and aa; the first by name wins in any order
    assert.are.equal("aa", suggest("ab", { "ac", "aa" }))
    assert.are.equal("aa", suggest("ab", { "aa", "ac" }))
    assert.are.equal(core.catalog.suggest("tpd_w", { "idle_w", "tdp_w" }), suggest("tpd_w", { "idle_w", "tdp_w" }))
  end)

  it("the binding, the catalog validator and Lua suggest the same name for the same typo", function()
    -- tdp_wat -> tdp_w: 2 deletions, within max(2, 7 // 3) = 2; and the
    -- prefix rule (tdp_wat starts with tdp_w) scores it 1 in all three doors
    assert.truthy(err_of(core.scenario.params, { tdp_wat = 700 }):find("did you mean 'tdp_w'", 1, true))
    local _, msg = core.catalog.check_entry("chips", { name = "X", vendor = "v", peak_tflops = { bf16 = 1 },
      tdp_w = 700, source = "s", as_of = "2024", tdp_wat = 3 }, "override", nil)
    assert.truthy(tostring(msg):find("did you mean 'tdp_w'", 1, true), tostring(msg))
    assert.are.equal("tdp_w", suggest("tdp_wat", { "idle_w", "tdp_w" }))
  end)

  it("with n, core.catalog.suggest lists up to n names tied at the best score, by name", function()
    -- 3A090 starts both 3A090-20xx names (score 1 each); zz is far
    assert.are.same({ "3A090-2022", "3A090-2023" },
      core.catalog.suggest("3A090", { "3A090-2023", "zz", "3A090-2022", "3A090-2023" }, 3))
    assert.are.same({ "3A090-2022" }, core.catalog.suggest("3A090", { "3A090-2023", "3A090-2022" }, 1))
    assert.are.same({}, core.catalog.suggest("cn", { "us" }, 2))
  end)

  it("core.catalog.suggest checks its arguments", function()
    assert.are.equal("flopcost.catalog.suggest: argument 'name': string expected, got 3",
      err_of(core.catalog.suggest, 3, {}))
    assert.are.equal("flopcost.catalog.suggest: argument 'candidates': list of strings expected, got 3",
      err_of(core.catalog.suggest, "a", { "b", 3 }))
    assert.are.equal("flopcost.catalog.suggest: argument 'n': positive integer expected, got 0",
      err_of(core.catalog.suggest, "a", {}, 0))
  end)
end)

describe("one domain vocabulary (fc_scenario.h FC_DOMAIN_*)", function()
  -- the text a door puts before "expected"
  local function what(msg) return tostring(msg):match(":%s([^:]-) expected") end
  local base = { chip_price_usd = 30000, tdp_w = 700, peak_flops_per_s = 1e15, electricity_usd_per_kwh = 0.1 }
  local function scenario_text(k, v) -- the core's text (fc_scenario_domain_text), through the scenario chain
    local t = { [k] = v }
    for a, b in pairs(base) do if t[a] == nil then t[a] = b end end
    return what(err_of(core.scenario.eval, t))
  end
  local region = { name = "x", country = "US", destination = "us", currency = "USD",
    electricity_price_per_kwh = 0.1, source = "s", as_of = "2024" }
  local function catalog_text(table_name, entry, k, v) -- the catalog schema's text
    local e = { [k] = v }
    for a, b in pairs(entry) do if e[a] == nil then e[a] = b end end
    local ok, msg = core.catalog.check_entry(table_name, e, "override", nil)
    assert.is_nil(ok)
    return what(msg)
  end

  it("the scenario chain, the catalog schema and the binding's checks name a domain with one text", function()
    -- [1, inf): pue
    local ge1 = scenario_text("pue", 0.9)
    assert.are.equal("number >= 1", ge1)
    assert.are.equal(ge1, catalog_text("regions", region, "pue", 0.9))
    assert.are.equal(ge1, what(err_of(core.energy.kwh, { chip_hours = 1, tdp_w = 700, utilization = 1, pue = 0.9 })))
    -- [0, 1]: green_share / utilization
    local frac = scenario_text("green_share", 1.5)
    assert.are.equal("number in [0, 1]", frac)
    assert.are.equal(frac, catalog_text("regions", region, "green_share", 1.5))
    assert.are.equal(frac, what(err_of(core.energy.power_w, { tdp_w = 700, utilization = 1.5 })))
    -- [-0.1, 1]: wacc, a cost of capital (issue 21: -0.99 was accepted)
    local wacc = scenario_text("wacc", -0.99)
    assert.are.equal("cost of capital from -0.1 to 1 (a year)", wacc)
    assert.are.equal(wacc, catalog_text("regions", region, "wacc", -0.99))
    -- (-1, inf): a rate in a formula
    assert.are.equal("number greater than -1", what(err_of(fc.finance.crf, -1, 5)))
    -- (0, inf): tdp_w
    local pos = scenario_text("tdp_w", -700)
    assert.are.equal("positive number", pos)
    assert.are.equal(pos, catalog_text("regions", region, "electricity_price_per_kwh", -0.1))
    assert.are.equal(pos, what(err_of(core.yield.die_yield, { model = "murphy", die_area_mm2 = -1,
      defect_density_per_cm2 = 0.1 })))
  end)

  it("integers: the catalog once said 'integer >= 1' where the binding said 'positive integer'", function()
    local chip = { name = "X", vendor = "v", peak_tflops = { bf16 = 1 }, tdp_w = 700, source = "s", as_of = "2024" }
    local posint = catalog_text("chips", chip, "dies", 1.5)
    assert.are.equal("positive integer", posint)
    assert.are.equal(posint, what(err_of(fc.training.scaling, { chips = 64, params = 7e10, tokens_per_step = 4e6,
      peak_flops_per_s = 1e15, mfu = 0.4, intra_node_gbs = 200, inter_node_gbs = 50, pipeline_parallel = 1.5,
      layers = 80, d_model = 8192 })))
    assert.are.equal("non-negative integer", catalog_text("chips", chip, "hbm_stacks", -1))
  end)
end)

describe("one precision table (csrc/core/fc_export.c fc_precision_bits)", function()
  local bits = core.export.precision_bits()
  it("holds the bit lengths of one operand", function()
    -- IEEE binary64/32/16 = 64/32/16; bfloat16 16; TF32 counted at 32 (stored in 32-bit words);
    -- FP8 8, FP4 4; int8 8, int4 4
    assert.are.same({ fp64 = 64, fp32 = 32, tf32 = 32, fp16 = 16, bf16 = 16, fp8 = 8, fp4 = 4, int8 = 8, int4 = 4 },
      bits)
  end)
  it("export rules, TPP, inference bytes and the catalog schema all read it", function()
    for name, b in pairs(bits) do
      assert.are.equal(b, require("flopcost.export_rules").bits[name], name)
      assert.are.equal(b / 8, require("flopcost.inference").BYTES[name], name)
      -- TPP = dense TOPS x bits: 1000 x b
      assert.are.equal(1000 * b, (core.export.tpp { peak_tops = { [name] = 1000 } }), name)
      local entry = { name = "X", vendor = "v", peak_tflops = { [name] = 1 }, tdp_w = 700, source = "s", as_of = "2024" }
      assert.truthy(core.catalog.check_entry("chips", entry, "override", nil), name)
    end
    -- a name outside the table is unknown to every door
    local _, msg = core.catalog.check_entry("chips", { name = "X", vendor = "v", peak_tflops = { fp6 = 1 }, tdp_w = 700,
      source = "s", as_of = "2024" }, "override", nil)
    assert.truthy(tostring(msg):find("peak_tflops.fp6: unknown field", 1, true), tostring(msg))
    assert.truthy(err_of(core.export.tpp, { peak_tops = { fp6 = 1 } }):find("unknown precision", 1, true))
    assert.is_nil(require("flopcost.export_rules").bits.fp6)
    assert.is_nil(require("flopcost.inference").BYTES.fp6)
  end)
end)

describe("one mix struct and one mix reader (fc_mix, lfc_read_mix)", function()
  local a = { chip_price_usd = 30000, tdp_w = 700, peak_flops_per_s = 9.89e14, electricity_usd_per_kwh = 0.08 }
  local b = { chip_price_usd = 12000, tdp_w = 400, peak_flops_per_s = 3.12e14, electricity_usd_per_kwh = 0.08 }
  local function mix() return { members = { a, core.scenario.params(b) }, counts = { 3, 1 }, coupling = "lockstep",
    penalty = 0.1 } end

  it("eval_mix, Monte Carlo and the break-even solver read the same mix the same way", function()
    local r = core.scenario.eval_mix(mix())
    -- Monte Carlo with utilization fixed at its default (0.7) draws the base mix every sample
    local m = core.mc.run { scenario = mix(), inputs = { { field = "utilization", member = 1, dist = 0.7 } },
      samples = 4, seed = 1 }
    assert.are.equal(r.usd_per_eflop, m.mean)
    assert.are.equal(0, m.sd)
    -- the solver: the electricity price of member 1 at which the mix costs what it costs at 0.08
    -- is 0.08 itself (A = the mix, B = the same mix with its price as is)
    local x = core.solve.breakeven { a = mix(), b = mix(), field = "electricity_usd_per_kwh", vary = "a",
      lo = 0.01, hi = 0.5 }
    assert.near(0.08, x, 1e-9)
  end)

  it("a bad mix gets the same message through every door (one reader)", function()
    local bad = { members = { a }, counts = { 1, 2 } }
    assert.are.equal("flopcost.scenario.eval_mix: field 'counts': 2 counts for 1 members",
      err_of(core.scenario.eval_mix, bad))
    assert.are.equal("flopcost.mc.run: scenario: field 'counts': 2 counts for 1 members",
      err_of(core.mc.run, { scenario = bad, inputs = { { field = "utilization", dist = 1 } }, samples = 4 }))
    assert.are.equal("flopcost.solve.breakeven: a: field 'counts': 2 counts for 1 members",
      err_of(core.solve.breakeven, { a = bad, field = "pue", lo = 1, hi = 2 }))
    -- a typo in a mix field is caught by the same fc_text rule in both
    assert.truthy(err_of(core.mc.run, { scenario = { members = { a }, counts = { 1 }, penalti = 0.1 },
      inputs = { { field = "utilization", dist = 1 } }, samples = 4 }):find("did you mean 'penalty'", 1, true))
  end)
end)
