-- One composition path (issue 11): a scenario description is composed into
-- the core's parameters by one C function (csrc/fc_compose.c), so every door
-- into the model gives the same number for the same scenario, bit for bit.
local fc = require "flopcost"
local core = require "flopcost.core"
local H = require "spec.helpers"

local cat = fc.catalog.default()

-- One scenario of each kind the composition handles.
local SET = {
  single = { region = "us-va", chip = "H100-SXM", utilization = 0.7 },
  pooled = { region = "cn-guizhou", chips = { ["H800-SXM"] = 0.6, ["Ascend-910B"] = 0.4 }, utilization = 0.7 },
  lockstep = { region = "cn-guizhou", chips = { ["H800-SXM"] = 0.6, ["Ascend-910B"] = 0.4 }, coupling = "lockstep" },
  manufacturing = { region = "cn-guizhou", chip = "Ascend-910B",
                    manufacturing = { process = "SMIC-N+2", hbm = "HBM2e", hbm_stacks = 4 } },
  wacc_parts = { region = "us-va", chip = "H100-SXM",
                 wacc_parts = { debt_fraction = 0.5, cost_of_debt = 0.06, cost_of_equity = 0.12, tax_rate = 0.25,
                                inflation = 0.02 } },
  goodput = { region = "us-va", chip = "H100-SXM", cluster_size = 1000,
              goodput = { checkpoint_s = 60, restart_s = 600, mtbf_h = 24000 } },
  currency = { region = "cn-guizhou", chip = "H20", currency = "CNY", job = { params = 70e9, tokens = 15e12 },
               cluster_size = 4096 },
}
local NAMES = { "single", "pooled", "lockstep", "manufacturing", "wacc_parts", "goodput", "currency" }

local function scen(name, extra)
  local o = {}
  for k, v in pairs(SET[name]) do o[k] = v end
  for k, v in pairs(extra or {}) do o[k] = v end
  return fc.scenario(o)
end

describe("one composition path", function()
  it("reproduces issue 11's drift no more: a lockstep mix costs the same through fc.scenario, "
    .. "core.scenario.eval_mix and fc.montecarlo", function()
    local s = scen("lockstep")
    local cp = s:core_params()
    local via_scenario = s:evaluate().usd_per_eflop
    -- the members and counts alone, without coupling or penalty: the default of the one table (0.1)
    local bare = core.scenario.eval_mix { members = cp.members, counts = cp.counts, coupling = "lockstep" }
    local mc = fc.montecarlo({ members = cp.members, counts = cp.counts, coupling = "lockstep" },
      { samples = 100, seed = 1 })
    assert.are.equal(via_scenario, bare.usd_per_eflop)
    assert.are.equal(via_scenario, mc.mean)
    -- hand check of the penalty: lockstep useful FLOP is (1 - 0.1) x pooled, the cost the same,
    -- so lockstep $/FLOP = pooled / 0.9
    local pooled = core.scenario.eval_mix { members = cp.members, counts = cp.counts, coupling = "pooled" }
    assert.near(pooled.usd_per_eflop / 0.9, via_scenario, 1e-14)
  end)

  it("has one table of defaults in C, each read by the Lua layer rather than restated", function()
    local f = core.scenario.desc_fields()
    assert.are.equal(0.1, f.defaults.heterogeneity_penalty)
    assert.are.equal(10, f.defaults["manufacturing.alpha"])  -- chiplet-actuary's critical_level
    assert.are.equal(0.37, core.scenario.commitment("1y"))   -- GCP 1-year commitment [E]
    assert.are.equal(0.56, core.scenario.commitment("3y"))
    assert.is_nil(core.scenario.commitment("5y"))
  end)

  for _, name in ipairs(NAMES) do
    it("gives the same number through every door, bit for bit: " .. name, function()
      local s = scen(name)
      local want = s:evaluate().usd_per_eflop
      assert.is_true(want > 0 and want < math.huge)
      -- evaluate_many (one crossing), the core's mix table, the grid
      assert.are.equal(want, fc.scenario.evaluate_many({ s })[1].usd_per_eflop)
      local cp = s:core_params()
      assert.are.equal(want, core.scenario.eval_mix(cp).usd_per_eflop)
      assert.are.equal(want, core.scenario.eval_grid({ cp })[1].usd_per_eflop)
      assert.are.equal(want, (core.scenario.eval_desc((s:description()))).usd_per_eflop)
      -- Monte Carlo with a zero-variance input: every sample is the point value
      local u = cp.members[1].utilization
      local mc = fc.montecarlo(s, { samples = 200, seed = 3, vary = { utilization = fc.dist.fixed(u) } })
      assert.are.equal(want, mc.mean)
      assert.are.equal(want, mc.min)
      assert.are.equal(want, mc.max)
      -- compare: a one-cell study with the same options
      local o = {}
      for k, v in pairs(SET[name]) do o[k] = v end
      local mix = { chips = o.chips or { [o.chip] = 1 } }
      o.chips, o.chip, o.region = nil, nil, nil
      local grid = fc.compare.run({ regions = { SET[name].region }, mixes = { mix }, base = o }, { catalog = cat })
      assert.are.equal(want, grid.results[1].usd_per_eflop)
      -- the solver evaluates the same model: the utilization at which this scenario
      -- costs what its copy at utilization 0.55 costs is 0.55 (Brent, bracket [0.3, 1])
      local u0 = assert(fc.solve.breakeven { a = s, b = s:with { utilization = 0.55 }, field = "utilization",
        vary = "a", lo = 0.3, hi = 1 })
      assert.near(0.55, u0, 1e-6)
    end)
  end

  it("composes the cost of capital from its parts (NREL SAM's lcoefcr form, by hand)", function()
    -- nominal = (1 - 0.5) 0.12 + 0.5 x 0.06 x (1 - 0.25) = 0.0825; real = 1.0825 / 1.02 - 1
    local m = scen("wacc_parts"):core_params().members[1]
    assert.near(1.0825 / 1.02 - 1, m.wacc, 1e-14)
  end)

  it("converts the result's currency with the catalog's FX table", function()
    local r = scen("currency"):evaluate()
    local per_usd = cat:fx("CNY")
    assert.is_true(per_usd > 6 and per_usd < 8) -- yuan per dollar, 2023-2026
    assert.near(r.usd_per_eflop * per_usd, r["local"].per_eflop, 1e-14)
    -- job: 6 N D = 6 x 70e9 x 15e12 = 6.3e24 FLOP
    assert.near(6.3e24, r.job.flops, 1e-14)
    assert.are.equal(4096, r.job.chips)
  end)
end)

describe("scenario errors as users see them", function()
  it("points at the caller's line, not inside flopcost", function()
    local ok, err = pcall(function() return scen("single", { utilization = 1.5 }):evaluate() end)
    assert.is_false(ok)
    assert.matches("^spec/98%-compose_spec%.lua:%d+: flopcost%.scenario: field 'utilization'", err)
  end)

  it("names a chip of a mix by its catalog name", function()
    assert.are.equal("flopcost.scenario: chip 'H800-SXM': field 'tdp_w': positive number expected, got -1",
      H.error_of(function() return scen("pooled", { overrides = { ["H800-SXM"] = { tdp_w = -1 } } }):evaluate() end))
  end)
end)
