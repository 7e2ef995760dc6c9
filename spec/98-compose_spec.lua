-- One composition path (issue 11): a scenario description is composed into
-- the core's parameters by one C function (csrc/core/fc_compose.c), so every door
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
    -- the server multiple and network share of capex_shares are the scenario's (issue 24: lfc_price.c
    -- had its own 1.64): a chip price x S / (1 - n) = 1.64 / 0.81 = 2.024691 per $ of chip
    local d = core.scenario.defaults()
    assert.are.equal(1.64, d.server_multiple)   -- Epoch AI, non-A100 GPUs
    assert.near(d.server_multiple / (1 - d.network_fraction), core.price.capex_shares { basis = "chip" }.total, 1e-15)
    assert.near(2.024691358, core.price.capex_shares { basis = "chip" }.total, 1e-9)
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
    -- the latest CNY rate in fx.json: 7.0285 yuan per dollar on 2025-12-23 (IMF SDR rates, reprinted
    -- by Business Recorder 2025-12-24, cross rate through the SDR)
    assert.near(r.usd_per_eflop * 7.0285, r["local"].per_eflop, 1e-14)
    -- job: 6 N D = 6 x 70e9 x 15e12 = 6.3e24 FLOP
    assert.near(6.3e24, r.job.flops, 1e-14)
    assert.are.equal(4096, r.job.chips)
  end)
end)

describe("the raw-parameter doors take fc_compose's defaults (issue 24)", function()
  -- The H20 has no idle figure in the catalog: a scenario derives idle = 125/700 of TDP
  -- (fc_compose.c). The raw doors used a second table (fc_scenario_defaults) with idle 0.
  -- The member a scenario composes, less idle_w and less every field equal to the one
  -- table's default, must cost the same through every raw door.
  local s = fc.scenario { region = "us-va", chip = "H20", utilization = 0.5 }
  local want = s:evaluate()
  local member = s:core_params().members[1]
  local d = core.scenario.defaults()
  local raw = {}
  for k, v in pairs(member) do
    if d[k] ~= v and k ~= "idle_w" then raw[k] = v end
  end

  it("leaves idle_w and the defaulted fields out of the raw options", function()
    assert.is_nil(raw.idle_w)
    assert.is_nil(d.idle_w)             -- derived from TDP, not a number of the table
    assert.is_nil(raw.network_fraction) -- the table's 0.19 (Epoch AI), not restated
    assert.are.equal(0.19, d.network_fraction)
    -- the member's idle: 400 W x 125 / 700 = 71.428571 W
    assert.near(400 * 125 / 700, member.idle_w, 1e-12)
  end)

  it("gives the scenario's number through core.scenario.eval, params, eval_mix and eval_batch", function()
    assert.are.equal(want.usd_per_eflop, core.scenario.eval(raw).usd_per_eflop)
    assert.are.equal(want.power_w, core.scenario.eval(raw).power_w)
    assert.are.equal(want.usd_per_eflop, core.scenario.params(raw):eval())
    assert.are.equal(want.usd_per_eflop, core.scenario.eval_mix { members = { raw }, counts = { 1 } }.usd_per_eflop)
    assert.are.equal(want.usd_per_eflop, core.scenario.eval_batch({ raw })[1].usd_per_eflop)
  end)

  it("gives it through fc.montecarlo(options) and solve{members}", function()
    local mc = fc.montecarlo(raw, { samples = 50, seed = 1, vary = { utilization = fc.dist.fixed(0.5) } })
    assert.are.equal(want.usd_per_eflop, mc.mean)
    local mcm = fc.montecarlo({ members = { raw }, counts = { 1 } },
      { samples = 50, seed = 1, vary = { utilization = fc.dist.fixed(0.5) } })
    assert.are.equal(want.usd_per_eflop, mcm.mean)
    -- the break-even electricity price between the raw door and the scenario: any price
    -- is one when both are the same model; with b at a price 0.01 $/kWh higher, a's
    -- price where they meet is that price, 0.01 above the scenario's
    local e = member.electricity_usd_per_kwh
    local bmem = {}
    for k, v in pairs(raw) do bmem[k] = v end
    bmem.electricity_usd_per_kwh = e + 0.01
    local x = assert(fc.solve.breakeven { a = { members = { raw }, counts = { 1 } },
      b = { members = { bmem }, counts = { 1 } }, field = "electricity_usd_per_kwh", vary = "a", lo = 0, hi = 1 })
    assert.near(e + 0.01, x, 1e-9)
    -- and the scenario's composed member against the raw one: the same model, so a's price equals b's
    local y = assert(fc.solve.breakeven { a = { members = { raw }, counts = { 1 } }, b = s,
      field = "electricity_usd_per_kwh", vary = "a", lo = 0, hi = 1 })
    assert.near(e, y, 1e-9)
  end)

  it("draws the scenario's board power through fc.energy.power_w (235.714 W by hand)", function()
    -- 400 x 125/700 + (400 - 400 x 125/700) x 0.5 = 71.428571 + 164.285714 = 235.714286 W
    assert.near(235.714286, want.power_w, 1e-6)
    assert.are.equal(want.power_w, fc.energy.power_w { chip = "H20", utilization = 0.5 })
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

-- Spearman rank correlation of two samples without ties (Pearson of the ranks).
local function spearman(x, y)
  local n = #x
  local function ranks(v)
    local idx = {}
    for i = 1, n do idx[i] = i end
    table.sort(idx, function(a, b) return v[a] < v[b] end)
    local r = {}
    for k, i in ipairs(idx) do r[i] = k end
    return r
  end
  local rx, ry = ranks(x), ranks(y)
  local m = (n + 1) / 2
  local sxy, sxx, syy = 0, 0, 0
  for i = 1, n do
    local a, b = rx[i] - m, ry[i] - m
    sxy, sxx, syy = sxy + a * b, sxx + a * a, syy + b * b
  end
  return sxy / math.sqrt(sxx * syy)
end

local function atanh(r) return 0.5 * math.log((1 + r) / (1 - r)) end

-- Simpson's rule of f over [a, b] with n (even) intervals.
local function simpson(f, a, b, n)
  local h, s = (b - a) / n, f(a) + f(b)
  for i = 1, n - 1 do s = s + (i % 2 == 1 and 4 or 2) * f(a + i * h) end
  return s * h / 3
end

describe("Monte Carlo over any input of the description", function()
  local MANUF = { region = "cn-guizhou", chip = "Ascend-910B",
    manufacturing = { process = "SMIC-N+2", hbm = "HBM2e", hbm_stacks = 4 },
    wacc_parts = { debt_fraction = 0.5, cost_of_debt = 0.06, cost_of_equity = 0.12 } }
  local D0 = "process.SMIC-N+2.defect_density_per_cm2"

  -- the same scenario evaluated on a catalog whose SMIC N+2 D0 is x (an independent door:
  -- the catalog's own override, then fc.scenario)
  local function at_d0(x, debt)
    local c = fc.catalog.load()
    local r = c:override("process", "SMIC-N+2", { defect_density_per_cm2 = x })
    if type(r) == "table" and r.process then c = r end
    local o = {}
    for k, v in pairs(MANUF) do o[k] = v end
    o.catalog = c
    if debt then o.wacc_parts = { debt_fraction = 0.5, cost_of_debt = debt, cost_of_equity = 0.12 } end
    return fc.scenario(o):evaluate().usd_per_eflop
  end

  it("puts a fixed defect density exactly where the catalog's figure goes", function()
    local s = fc.scenario(MANUF)
    local r = fc.montecarlo(s, { samples = 64, seed = 1, vary = { [D0] = fc.dist.fixed(0.3) } })
    assert.are.equal(at_d0(0.3), r.mean)
    assert.are_not.equal(s:evaluate().usd_per_eflop, r.mean) -- the catalog's D0 is not 0.3
  end)

  it("varies a defect density and a cost of debt: the mean matches Simpson's rule over both", function()
    -- D0 ~ U(0.1, 0.4) and cost of debt ~ U(0.04, 0.10), independent: E[cost] is the double
    -- integral of the point cost over the box / its area; Simpson with 8 x 8 intervals.
    local s = fc.scenario(MANUF)
    local n = 40000
    local r = fc.montecarlo(s, { samples = n, seed = 7, vary = { [D0] = fc.dist.uniform(0.1, 0.4),
      ["wacc_parts.cost_of_debt"] = fc.dist.uniform(0.04, 0.10) } })
    local want = simpson(function(d0)
      return simpson(function(debt) return at_d0(d0, debt) end, 0.04, 0.10, 4) / 0.06
    end, 0.1, 0.4, 4) / 0.3
    -- 4 standard errors of the mean
    assert.near(want, r.mean, 0, 4 * r.sd / math.sqrt(n))
    assert.is_true(r.sd > 0.01 * r.mean) -- the inputs really moved the output
  end)

  it("names description inputs in errors, at the sample that failed", function()
    local s = fc.scenario(MANUF)
    local ok, err = pcall(fc.montecarlo, s, { samples = 100, seed = 1, vary = { [D0] = fc.dist.normal(0.1, 0.5) } })
    assert.is_false(ok)
    assert.matches("flopcost.montecarlo: pilot sample %d+: field 'manufacturing.defect_density_per_cm2' of member 1: "
      .. "non%-negative number expected, got %-", err)
    assert.are.equal("flopcost.montecarlo: field 'vary': 'process.TSMC-4N.defect_density_per_cm2': no chip of this "
      .. "scenario is manufactured with process 'TSMC-4N' (manufacturing = {...})",
      H.error_of(fc.montecarlo, s, { vary = { ["process.TSMC-4N.defect_density_per_cm2"] = fc.dist.fixed(0.1) } }))
  end)

  it("reaches catalog figures of chips, regions and FX by path", function()
    local s = fc.scenario { region = "cn-guizhou", chips = { ["H800-SXM"] = 1, ["Ascend-910B"] = 1 } }
    local base = s:evaluate().usd_per_eflop
    local cat0 = fc.catalog.default()
    local price = cat0:chip("H800-SXM").price_usd
    -- the catalog's own values as fixed draws give the point value back
    local r = fc.montecarlo(s, { samples = 64, vary = { ["chip.H800-SXM.price_usd"] = fc.dist.fixed(price),
      ["fx.CNY"] = fc.dist.fixed(cat0:fx("CNY")),
      ["region.cn-guizhou.pue"] = fc.dist.fixed(cat0:region("cn-guizhou").pue) } })
    assert.are.equal(base, r.mean)
    -- a dearer H800 raises the cost; a weaker yuan (more CNY per USD) lowers the USD power bill
    local up = fc.montecarlo(s, { samples = 64, vary = { ["chip.H800-SXM.price_usd"] = fc.dist.fixed(price * 1.5) } })
    local fx = fc.montecarlo(s, { samples = 64, vary = { ["fx.CNY"] = fc.dist.fixed(cat0:fx("CNY") * 2) } })
    assert.is_true(up.mean > base)
    assert.is_true(fx.mean < base)
  end)
end)

describe("correlated inputs (Gaussian copula)", function()
  it("achieves the target rank correlation within the sampling error, and keeps the marginals", function()
    -- chip price drives only the owned cost, the rental price only the cloud cost, both
    -- strictly increasing: the outputs' Spearman correlation is the inputs'.
    local s = fc.scenario { region = "us-va", chip = "H100-SXM" }
    local n, target = 20000, 0.7
    local r = fc.montecarlo(s, { samples = n, seed = 11, keep_samples = true,
      outputs = { "usd_per_eflop", "cloud_usd_per_eflop" },
      vary = { ["chip.H100-SXM.price_usd"] = fc.dist.pert(25e3, 30e3, 40e3),
               ["chip.H100-SXM.rental_usd_per_hour"] = fc.dist.uniform(2, 4) },
      rank_correlation = { { "chip.H100-SXM.price_usd", "chip.H100-SXM.rental_usd_per_hour", target } } })
    local rho = spearman(r.outputs.usd_per_eflop.samples, r.outputs.cloud_usd_per_eflop.samples)
    -- Fisher z of Spearman's rho has variance about 1.06 / (n - 3) (Fieller, Hartley & Pearson
    -- 1957, Biometrika 44): 4 standard errors
    assert.is_true(math.abs(atanh(rho) - atanh(target)) < 4 * math.sqrt(1.06 / (n - 3)),
      ("achieved %.4f for target %.2f"):format(rho, target))
    -- marginal kept: the owned cost is linear in the price, so its mean is the point cost at the
    -- PERT mean (25000 + 4 x 30000 + 40000) / 6 = 30833.33
    -- by hand, at $30,833.33 a server share (chip 30833.33 / 1.64 = 18800.81) in us-va (WACC 6 %,
    -- $11,700/kW, $0.0892/kWh, PUE 1.2), the default utilization 0.7 and maintenance 3 %/y, MFU 0.375,
    -- CRF(6 %, 5) 0.2373965, 8766 h:
    --   chip 0.509154 + server 0.325859 + network (18800.81 x 1.64 / 0.81 - 30833.33) x CRF / 8766
    --   = 0.195867 + facility 0.148364 + energy: the measured curve at 0.7, Steffen's cubic between
    --   the knots 0.5 (509.57 W, slope 613.80 W) and 0.75 (637.37 W, slope 363.86 W; slopes
    --   min(|s|, |s'|, |p|/2) of the secant slopes 716.40, 511.20, 216.52) = 617.3457 W,
    --   x 1.8214 x 1.2 / 1000 x $0.0892 = 0.120359 + opex 0.03 x 38065.84 (the cluster capex
    --   18800.81 x 1.64 / 0.81) / 8766 = 0.130273  =  1.429876 $/h over 989.5e12 x 0.375 x 0.7
    --   x 3600 = 9.350775e17 FLOP/h = 1.529153
    assert.near(1.529153, r.mean, 0, 4 * r.sd / math.sqrt(n))
    -- and without a correlation the same inputs are independent
    local r0 = fc.montecarlo(s, { samples = n, seed = 11, keep_samples = true,
      outputs = { "usd_per_eflop", "cloud_usd_per_eflop" },
      vary = { ["chip.H100-SXM.price_usd"] = fc.dist.pert(25e3, 30e3, 40e3),
               ["chip.H100-SXM.rental_usd_per_hour"] = fc.dist.uniform(2, 4) } })
    local rho0 = spearman(r0.outputs.usd_per_eflop.samples, r0.outputs.cloud_usd_per_eflop.samples)
    assert.is_true(math.abs(atanh(rho0)) < 4 * math.sqrt(1.06 / (n - 3)))
  end)

  it("is bit-identical for any thread count", function()
    local s = fc.scenario { region = "us-va", chip = "H100-SXM" }
    local o = { samples = 70000, seed = 5, vary = { ["chip.H100-SXM.price_usd"] = fc.dist.pert(25e3, 30e3, 40e3),
      utilization = fc.dist.uniform(0.5, 0.9) }, rank_correlation = { { 1, 2, -0.5 } } }
    o.threads = 1
    local a = fc.montecarlo(s, o)
    o.threads = 2
    local b = fc.montecarlo(s, o)
    assert.are.equal(a.mean, b.mean)
    assert.are.equal(a.sd, b.sd)
  end)

  it("rejects a correlation matrix that is not one", function()
    local s = fc.scenario { region = "us-va", chip = "H100-SXM" }
    local v = { utilization = fc.dist.uniform(0.5, 0.9), mfu = fc.dist.uniform(0.3, 0.5),
      pue = fc.dist.uniform(1.1, 1.3) }
    assert.matches("rank_correlation%[1%]': rank correlation in %(%-1, 1%) expected, got 1",
      H.error_of(fc.montecarlo, s, { vary = v, rank_correlation = { { 1, 2, 1 } } }))
    -- three inputs pairwise at -0.9 cannot all hold (not positive definite)
    assert.is_truthy(H.error_of(fc.montecarlo, s, { vary = v,
      rank_correlation = { { 1, 2, -0.9 }, { 1, 3, -0.9 }, { 2, 3, -0.9 } } }))
  end)
end)

describe("a study with uncertain description inputs", function()
  local function study()
    return { schema = "flopcost.study/1", regions = { "cn-guizhou" },
      base = { wacc_parts = { debt_fraction = 0.5, cost_of_debt = 0.06, cost_of_equity = 0.12 } },
      mixes = { { chips = { ["Ascend-910B"] = 1 }, label = "910B made at SMIC",
                  manufacturing = { process = "SMIC-N+2", hbm = "HBM2e", hbm_stacks = 4 } },
                { chips = { ["H20"] = 1 }, label = "H20 bought" } },
      uncertainty = { ["process.SMIC-N+2.defect_density_per_cm2"] = { "uniform", 0.1, 0.4 },
                      ["wacc_parts.cost_of_debt"] = { "uniform", 0.04, 0.10 } },
      samples = 4000, seed = 3 }
  end

  local function check(grid)
    local by = {}
    for _, r in ipairs(grid.results) do by[r.mix] = r end
    local made, bought = by["910B made at SMIC"], by["H20 bought"]
    for _, r in ipairs { made, bought } do
      assert.is_true(r.interval.p05 < r.interval.p95)
    end
    -- the defect density moves only the chip made at SMIC: its interval is much wider
    local rel = function(r) return (r.interval.p95 - r.interval.p05) / r.interval.p50 end
    assert.is_true(rel(made) > 2 * rel(bought))
    return made, bought
  end

  it("works from Lua", function()
    check(fc.compare.run(study()))
  end)

  it("works from a JSON study file, with the same intervals", function()
    local path = os.tmpname() .. ".json"
    assert(require("flopcost.scenariofile").save(path, study()))
    local loaded = assert(require("flopcost.scenariofile").load(path))
    os.remove(path)
    local m1, b1 = check(fc.compare.run(loaded))
    local m2, b2 = check(fc.compare.run(study()))
    assert.are.equal(m2.interval.p05, m1.interval.p05)
    assert.are.equal(b2.interval.p95, b1.interval.p95)
  end)
end)

-- Issue 13's scenario-input findings: each was accepted before ("-$15.2M, -312 days",
-- or the default used in silence); each is now an error naming the field.
describe("scenario inputs that used to give a silently wrong number", function()
  local function ev(extra)
    return function()
      local o = { region = "us-va", chip = "H100-SXM" }
      for k, v in pairs(extra) do o[k] = v end
      return fc.scenario(o):evaluate()
    end
  end
  local function study(extra)
    return function()
      local st = { regions = { "us-va" }, mixes = { { chips = { ["H100-SXM"] = 1 } } } }
      for k, v in pairs(extra) do st[k] = v end
      return fc.compare.run(st)
    end
  end
  H.error_rows(it, {
    { "a negative job.flops", ev { job = { flops = -1e25 } },
      "flopcost.scenario: field 'job.flops': positive number expected, got -1e+25" },
    { "an infinite job.flops", ev { job = { flops = math.huge } },
      "flopcost.scenario: field 'job.flops': finite number expected, got inf" },
    { "a NaN job.flops", ev { job = { flops = 0 / 0 } },
      "flopcost.scenario: field 'job.flops': finite number expected, got nan" },
    { "job.flops as a string", ev { job = { flops = "1e25" } },
      "flopcost.scenario: field 'job.flops': number expected, got '1e25'" },
    { "a negative cluster_size", ev { job = { flops = 1e25 }, cluster_size = -1 },
      "flopcost.scenario: field 'cluster_size': positive integer expected, got -1" },
    { "a zero cluster_size", ev { job = { flops = 1e25 }, cluster_size = 0 },
      "flopcost.scenario: field 'cluster_size': positive integer expected, got 0" },
    { "a fractional cluster_size", ev { job = { flops = 1e25 }, cluster_size = 1.5 },
      "flopcost.scenario: field 'cluster_size': positive integer expected, got 1.5" },
    { "a NaN cluster_size", ev { job = { flops = 1e25 }, cluster_size = 0 / 0 },
      "flopcost.scenario: field 'cluster_size': finite number expected, got nan" },
    { "a negative job.chips", ev { job = { flops = 1e25, chips = -4 } },
      "flopcost.scenario: field 'job.chips': positive integer expected, got -4" },
    { "a table for a scalar field", ev { utilization = { 0.3 } },
      "flopcost.scenario: field 'utilization': number expected, got table" },
    { "manufacturing = 'yes'", ev { manufacturing = "yes" },
      "flopcost.scenario: field 'manufacturing': table {process=, yield=, hbm=, ...} expected, got 'yes'" },
    { "use_power_curve = 'no'", ev { use_power_curve = "no" },
      "flopcost.scenario: field 'use_power_curve': boolean expected, got 'no'" },
    { "an unknown key inside manufacturing", ev { manufacturing = { proces = "TSMC-4N" } },
      "flopcost.scenario: field 'manufacturing': unknown field 'proces' (did you mean 'process'?)" },
    { "an unknown key inside a region table", ev { region = { name = "x", electricity_price_per_kwh = 0.1, puee = 1 } },
      "flopcost.scenario: field 'region': region.puee: unknown field (did you mean 'pue'?)" },
    { "an override for a chip not in the mix", ev { overrides = { ["H100-SMX"] = { pue = 1.1 } } },
      "flopcost.scenario: field 'overrides': 'H100-SMX' is not a chip of this scenario (did you mean 'H100-SXM'?)" },
    { "an unknown key inside overrides", ev { overrides = { ["H100-SXM"] = { puee = 1.1 } } },
      "flopcost.scenario: field 'overrides.H100-SXM': unknown field 'puee' (did you mean 'pue'?)" },
    { "sort = 'nope'", study { sort = "nope" },
      "flopcost.compare.run: field 'sort': one of 'capex_usd', 'kg_co2_per_eflop', 'kwh_per_eflop', 'power_w', "
        .. "'usd_per_eflop', 'useful_flop_per_h', 'water_l_per_eflop', 'water_offsite_l_per_eflop', 'water_onsite_l_per_eflop' expected, got 'nope'" },
    { "an unknown study schema version", study { schema = "flopcost.study/9" },
      "flopcost.compare.run: field 'schema': 'flopcost.study/1' (the only study schema this flopcost reads) "
        .. "expected, got 'flopcost.study/9'" },
    { "seed = -1", study { seed = -1 },
      "flopcost.compare.run: field 'seed': non-negative integer expected, got -1" },
  })

  it("still takes job.chips as the cluster when cluster_size is absent", function()
    -- 6 x 70e9 x 15e12 = 6.3e24 FLOP; an H100 gives 989.5e12 (BF16 dense) x 0.375 (Epoch's MFU
    -- default) x 0.7 (the default utilization) x 3600 = 9.350775e17 FLOP per chip-hour:
    -- 6.737410e6 chip-hours / 1000 chips / 24 = 280.7254 days
    local r = ev { job = { params = 70e9, tokens = 15e12, chips = 1000 } }()
    assert.are.equal(1000, r.job.chips)
    assert.near(6.737410e6, r.job.chip_hours, 1e-6)
    assert.near(280.7254, r.job.days, 1e-6)
  end)
end)
