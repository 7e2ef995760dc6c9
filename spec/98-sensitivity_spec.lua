-- Sobol indices through the Lua API: a hand calculation on the cost model,
-- agreement with the tornado's ranking, reproducibility across threads and
-- shards (through JSON), and errors. The closed-form checks (Ishigami, Sobol's
-- g function) are C tests: csrc/test/test_sensitivity.c.
local fc = require "flopcost"
local core = require "flopcost.core"
local D = fc.dist

-- indices are shares of a variance: compare them with an absolute tolerance
local function near(expected, got, tol)
  assert(math.abs(got - expected) <= tol, ("expected %.6f within %g, got %.6f"):format(expected, tol, got))
end

-- The H100 of csrc/test/test_scenario.c without a green premium: its energy cost
-- per 1e18 FLOP is c x price x PUE / 1.25 (the fixture's PUE is 1.25), c constant.
local function h100()
  return {
    chip_price_usd = 30000, tdp_w = 700, idle_w = 125, server_power_multiple = 1.82,
    utilization = 0.8, electricity_usd_per_kwh = 0.0892, green_share = 0.2,
    grid_kg_co2_per_kwh = 0.35, carbon_usd_per_t = 50, maintenance_fraction = 0.03,
    other_opex_usd_per_year = 500, peak_flops_per_s = 989.5e12, mfu = 0.4,
    scaling_efficiency = 0.9, goodput = 0.95, green_premium_usd_per_kwh = 0,
  }
end

local function cost_vary()
  return {
    electricity_usd_per_kwh = D.uniform(0.05, 0.15), pue = D.pert(1.1, 1.2, 1.4),
    utilization = D.pert(0.5, 0.7, 0.9), chip_price_usd = D.lognormal90(25000, 40000),
    mfu = D.pert(0.3, 0.4, 0.5),
  }
end

describe("flopcost.sensitivity.sobol", function()
  it("apportions the variance of a product of two uniforms as the hand calculation does", function()
    -- y = c x P, x ~ U(0.05, 0.15), P ~ U(1.1, 1.4):
    --   E x = 0.1, Var x = 0.01/12, E P = 1.25, Var P = 0.09/12 = 0.0075
    --   V   = E[x^2] E[P^2] - (E x E P)^2 = (0.01 + 0.01/12)(1.5625 + 0.0075) - 0.015625 = 0.00138333
    --   S_x = (E P)^2 Var x / V = 0.941265;  S_P = (E x)^2 Var P / V = 0.054217
    --   ST_x = (V_x + Var x Var P) / V = 0.945783;  ST_P = (V_P + Var x Var P) / V = 0.058735
    local r = fc.sensitivity.sobol { scenario = h100(), output = "energy_usd_per_eflop", samples = 50000,
      seed = 11, vary = { electricity_usd_per_kwh = D.uniform(0.05, 0.15), pue = D.uniform(1.1, 1.4) } }
    local V = (0.01 + 0.01 / 12) * (1.5625 + 0.0075) - 0.015625
    -- N = 5e4: bootstrap half-widths are about 0.005; 0.015 is three of them
    near(1.5625 * 0.01 / 12 / V, r.first.electricity_usd_per_kwh, 0.015)
    near(0.01 * 0.0075 / V, r.first.pue, 0.015)
    near((1.5625 * 0.01 / 12 + 0.01 / 12 * 0.0075) / V, r.total.electricity_usd_per_kwh, 0.015)
    near((0.01 * 0.0075 + 0.01 / 12 * 0.0075) / V, r.total.pue, 0.015)
    assert.are.equal(50000 * 4, r.evaluations)
    for _, name in ipairs { "electricity_usd_per_kwh", "pue" } do
      assert.is_true(r.first_ci[name][1] <= r.first[name] and r.first[name] <= r.first_ci[name][2])
      assert.is_true(r.total_ci[name][1] <= r.total[name] and r.total[name] <= r.total_ci[name][2])
    end
  end)

  it("ranks the cost model's inputs as the tornado does", function()
    local s = fc.scenario { region = "us-va", chips = { ["H100-SXM"] = 1 }, utilization = 0.7 }
    local r = fc.sensitivity.sobol { scenario = s, vary = cost_vary(), samples = 20000, seed = 5 }
    local rows = fc.montecarlo.tornado(s, { vary = cost_vary() })
    local by_sobol = r:rows()
    assert.are.equal(#rows, #by_sobol)
    for i = 1, #rows do assert.are.equal(rows[i].name, by_sobol[i].name) end
    -- a near-additive model: first and total indices agree, and they sum to about 1
    local sum = 0
    for _, row in ipairs(by_sobol) do
      near(row.first, row.total, 0.03)
      sum = sum + row.first
    end
    near(1, sum, 0.05)
  end)

  it("varies description inputs and catalog paths as Monte Carlo does", function()
    -- the same PUE as a catalog path and as the composed field: the same draws, the same model
    -- values, so the same indices to the last bit
    local s = fc.scenario { region = "us-va", chips = { ["H100-SXM"] = 1 } }
    local by_path = fc.sensitivity.sobol { scenario = s, samples = 3000, seed = 3,
      vary = { ["region.us-va.pue"] = D.pert(1.1, 1.2, 1.4), utilization = D.uniform(0.5, 0.9) } }
    local by_field = fc.sensitivity.sobol { scenario = s, samples = 3000, seed = 3,
      vary = { pue = D.pert(1.1, 1.2, 1.4), utilization = D.uniform(0.5, 0.9) } }
    assert.are.equal(by_field.first.pue, by_path.first["region.us-va.pue"])
    assert.are.equal(by_field.total.utilization, by_path.total.utilization)
    -- a defect density and a cost of debt (yield chain and WACC parts, composed per row):
    -- ranked as the tornado ranks them
    local m = fc.scenario { region = "cn-guizhou", chips = { ["Ascend-910B"] = 1 },
      manufacturing = { process = "SMIC-N+2" },
      wacc_parts = { debt_fraction = 0.5, cost_of_debt = 0.05, cost_of_equity = 0.12 } }
    local vary = { ["process.SMIC-N+2.defect_density_per_cm2"] = D.uniform(0.1, 0.5),
      ["wacc_parts.cost_of_debt"] = D.uniform(0.03, 0.08), utilization = D.uniform(0.5, 0.9) }
    local r = fc.sensitivity.sobol { scenario = m, samples = 4000, seed = 2, vary = vary }
    local rows = fc.montecarlo.tornado(m, { vary = vary })
    for i, row in ipairs(r:rows()) do assert.are.equal(rows[i].name, row.name) end
    assert.is_true(r.total["process.SMIC-N+2.defect_density_per_cm2"] > r.total["wacc_parts.cost_of_debt"])
  end)

  it("is bit-identical for any thread count and any sharding, through JSON", function()
    local s = fc.scenario { region = "cn-guizhou", chips = { ["H800-SXM"] = 0.6, ["Ascend-910B"] = 0.4 } }
    local one = fc.sensitivity.sobol { scenario = s, vary = cost_vary(), samples = 7001, seed = 9, threads = 1 }
    local two = fc.sensitivity.sobol { scenario = s, vary = cost_vary(), samples = 7001, seed = 9, threads = 2 }
    local states = {}
    for i = 4, 1, -1 do
      local part = fc.sensitivity.sobol { scenario = s, vary = cost_vary(), samples = 7001, seed = 9,
        shard = { i = i, n = 4 } }
      assert.is_nil(part.first)
      states[#states + 1] = core.json.decode(fc.json.encode(part.state))
    end
    local merged = fc.sensitivity.merge(states)
    for _, name in ipairs(one.names) do
      assert.are.equal(one.first[name], two.first[name])
      assert.are.equal(one.total[name], merged.total[name])
      assert.are.equal(one.first[name], merged.first[name])
      assert.are.equal(one.total_ci[name][1], merged.total_ci[name][1])
      assert.are.equal(one.first_ci[name][2], merged.first_ci[name][2])
    end
    assert.are.equal(one.mean, merged.mean)
    -- a missing or repeated shard is refused, not merged into other numbers
    assert.has_error(function() fc.sensitivity.merge { states[1], states[2], states[3] } end,
      "flopcost.sensitivity.merge: some shards are missing")
    assert.has_error(function() fc.sensitivity.merge { states[1], states[1], states[2], states[3] } end,
      "flopcost.sensitivity.merge: two states cover the same chunk")
    -- a tampered sum is caught by the layout or the value checks
    local bad = core.json.decode(fc.json.encode(states[1]))
    bad.sums[1] = "nan"
    assert.has_error(function() fc.sensitivity.merge { bad, states[2], states[3], states[4] } end)
  end)

  -- issue 22 attack list, re-run: `sobol --samples 1e12` grew to 1.8 GB in 8 s and went on
  -- (each worker's matrices hold samples / 1024 rows: ~60 GB a worker); now refused before
  -- allocating. By hand, threads = 1, 1 input: rows = ceil(1e12 / 1024) = 976562500; sums
  -- 1024 chunks x 4 doubles = 32768 B; matrices 976562500 x ((1 + 4) x 1 + 1 + 2) = 8 doubles
  -- = 62.5e9 B; together 62.5 GB.
  it("refuses a run whose working memory would pass 4 GB, before allocating it", function()
    local t0 = os.clock()
    local ok, err = pcall(fc.sensitivity.sobol, { scenario = h100(), vary = { pue = fc.dist.uniform(1.1, 1.3) },
      samples = 1e12, threads = 1 })
    assert.is_false(ok)
    assert.truthy(tostring(err):find("flopcost.sensitivity.sobol: field 'samples': 1000000000000 samples x 1 inputs "
      .. "need 62.5 GB of working memory, above the limit of 4 GB; use fewer samples", 1, true), tostring(err))
    assert.is_true(os.clock() - t0 < 1)
  end)

  it("changes with the seed (the draws are really random)", function()
    local a = fc.sensitivity.sobol { scenario = h100(), vary = cost_vary(), samples = 2000, seed = 1 }
    local b = fc.sensitivity.sobol { scenario = h100(), vary = cost_vary(), samples = 2000, seed = 2 }
    assert.are_not.equal(a.first.mfu, b.first.mfu)
  end)

  it("gives clear errors for bad input", function()
    local s = h100()
    local cases = {
      { { scenario = s }, "flopcost.sensitivity.sobol: field 'vary': at least one uncertain input expected" },
      { { scenario = s, vary = { pue = D.uniform(1.1, 1.4) }, samples = 1 },
        "flopcost.sensitivity.sobol: field 'samples': at least 2 expected" },
      { { scenario = s, vary = { peu = D.uniform(1.1, 1.4) } }, "did you mean 'pue'" },
      { { scenario = s, vary = { pue = D.uniform(1.1, 1.4) }, correlations = {} },
        "correlated inputs are not supported" },
      { { scenario = s, vary = { pue = D.uniform(1.1, 1.4) }, rank_correlation = { { "pue", "mfu", 0.5 } } },
        "correlated inputs are not supported" },
      { { scenario = s, vary = { pue = D.uniform(1.1, 1.4) }, bogus = 1 },
        "flopcost.sensitivity.sobol: unknown field 'bogus'" },
      { { scenario = s, vary = { pue = D.uniform(1.1, 1.4) }, samples = 100, shard = { i = 1, n = 200 } },
        "use at most 100 shards" },
      { { scenario = s, vary = { pue = D.uniform(0.5, 1.4) } }, "field 'pue' out of its domain" },
      { { scenario = s, vary = { mfu = 0.4 } }, "no variance to apportion" },
    }
    for _, c in ipairs(cases) do
      local ok, err = pcall(fc.sensitivity.sobol, c[1])
      assert.is_false(ok)
      assert.truthy(tostring(err):find(c[2], 1, true), tostring(err))
    end
  end)
end)
