-- Monte Carlo: a linear model checked against hand moments, determinism across
-- thread counts, shard merge = single run, tornado, rank correlation, errors.
local H = require "spec.helpers"
local fc = require "flopcost"
local D = fc.dist

-- The H100 of csrc/test/test_scenario.c: 1.330875 kWh per accelerator-hour
-- (585 W x 1.82 x PUE 1.25), 9.7461792e17 useful FLOP per hour.
-- energy_usd_per_eflop = 1.330875 x price / 0.97461792 = 1.3655351 x price.
local function h100()
  return {
    chip_price_usd = 30000, tdp_w = 700, idle_w = 125, server_power_multiple = 1.82,
    utilization = 0.8, electricity_usd_per_kwh = 0.0892, green_share = 0.2,
    grid_kg_co2_per_kwh = 0.35, carbon_usd_per_t = 50, maintenance_fraction = 0.03,
    other_opex_usd_per_year = 500, peak_flops_per_s = 989.5e12, mfu = 0.4,
    scaling_efficiency = 0.9, goodput = 0.95,
  }
end
local K = 1.330875 / 0.97461792 -- $ per 1e18 FLOP per $/kWh

local function price_uniform() return { electricity_usd_per_kwh = D.uniform(0.05, 0.15) } end

describe("flopcost.montecarlo", function()
  it("recovers the moments of an output linear in a uniform input", function()
    local r = fc.montecarlo(h100(), { vary = price_uniform(), samples = 200000, seed = 1,
                                      output = "energy_usd_per_eflop" })
    -- price ~ U(0.05, 0.15): mean K x 0.10 = 0.1365535, sd K x 0.1 / sqrt 12 = 0.0394196
    local sd = K * 0.1 / math.sqrt(12)
    assert.are.equal(200000, r.n)
    assert.near(K * 0.10, r.mean, 5 * sd / math.sqrt(200000) / (K * 0.10))
    assert.near(sd, r.sd, 0.01)
    -- quantiles of a uniform: p5 at price 0.055, p95 at 0.145
    assert.near(K * 0.055, r.p05, 0.005)
    assert.near(K * 0.145, r.p95, 0.005)
    assert.are.equal("exact", r.quantile_method)
    assert.near(K * 0.05, r.min, 0.001)
    -- the histogram holds every sample
    local total = r.histogram.underflow + r.histogram.overflow
    for _, c in ipairs(r.histogram.counts) do total = total + c end
    assert.are.equal(200000, total)
    assert.are.equal(51, #r.histogram.edges)
  end)

  it("the mean of the total cost is the cost at the mean price (linear)", function()
    local r = fc.montecarlo(h100(), { vary = price_uniform(), samples = 200000, seed = 2 })
    -- by hand (csrc/test/test_scenario.c): 2.310894 $/h at $0.0892/kWh, less its energy 0.118714,
    -- plus 1.330875 kWh x $0.10 = 0.1330875: 2.3252675 $/h / 0.97461792 (1e18 FLOP/h) = 2.385825
    local want = 2.385825
    -- 5 SE: the sd of the total equals that of the energy part, K x 0.1 / sqrt 12
    assert.near(want, r.mean, 5 * (K * 0.1 / math.sqrt(12)) / math.sqrt(200000) / want)
    assert.matches("^usd_per_eflop: mean [%d.]+, sd [%d.]+, 90%% interval %[[%d.]+, [%d.]+%]\n  %(n = 200000, seed 2, exact quantiles%)$",
      tostring(r))
  end)

  it("gives bit-identical results for 1, 2 and 4 threads", function()
    local runs = {}
    for i, t in ipairs { 1, 2, 4 } do
      runs[i] = fc.montecarlo(h100(), { vary = { electricity_usd_per_kwh = D.lognormal90(0.05, 0.12),
        mfu = D.pert(0.3, 0.4, 0.5) }, samples = 300000, seed = 7, threads = t, exact = false })
    end
    for i = 2, 3 do
      assert.are.equal(runs[1].mean, runs[i].mean)
      assert.are.equal(runs[1].sd, runs[i].sd)
      assert.are.equal(runs[1].p05, runs[i].p05)
      assert.are.same(runs[1].histogram.counts, runs[i].histogram.counts)
      assert.are.same(runs[1].state, runs[i].state)
    end
  end)

  it("uses taus2 by default, records the generator, and takes any GSL generator", function()
    local opts = { vary = price_uniform(), samples = 100000, seed = 3, output = "energy_usd_per_eflop" }
    local a = fc.montecarlo(h100(), opts)
    assert.are.equal("taus2", a.rng)
    assert.are.equal("taus2", a.state.rng)
    opts.rng = "taus2"
    assert.are.equal(a.mean, fc.montecarlo(h100(), opts).mean)
    for _, name in ipairs { "mt19937", "ranlxd2", "gfsr4" } do
      opts.rng = name
      local b = fc.montecarlo(h100(), opts)
      assert.are.equal(name, b.rng)
      assert.are_not.equal(a.mean, b.mean)
      -- another stream of the same model: the means differ by sampling error only,
      -- sd(difference) = sqrt(2) x 0.0394196 / sqrt(1e5) = 1.76e-4; allow 5 of those
      assert.is_true(math.abs(a.mean - b.mean) < 5 * 1.76e-4)
    end
  end)

  it("gives different results for different seeds", function()
    local a = fc.montecarlo(h100(), { vary = price_uniform(), samples = 1000, seed = 1 })
    local b = fc.montecarlo(h100(), { vary = price_uniform(), samples = 1000, seed = 2 })
    assert.are_not.equal(a.mean, b.mean)
  end)

  it("merges shards into the single run", function()
    local opts = { vary = { electricity_usd_per_kwh = D.lognormal90(0.05, 0.12),
      pue = D.triangular(1.1, 1.2, 1.5) }, samples = 300000, seed = 11, exact = false }
    local whole = fc.montecarlo(h100(), opts)
    local states = {}
    for i = 3, 1, -1 do -- any order
      opts.shard = { i = i, n = 3 }
      states[#states + 1] = fc.montecarlo(h100(), opts).state
    end
    local m = fc.montecarlo.merge(states)
    assert.is_true(m.complete)
    -- bit for bit (issue 13: the means used to differ in the last digits)
    assert.are.equal(whole.n, m.n)
    assert.are.equal(whole.mean, m.mean)
    assert.are.equal(whole.sd, m.sd)
    assert.are.same(whole.histogram.counts, m.histogram.counts)
    assert.are.equal(whole.histogram.overflow, m.histogram.overflow)
    assert.are.equal(whole.p05, m.p05)
    assert.are.equal(whole.p95, m.p95)
    assert.are.equal(whole.min, m.min)
    assert.are.equal(whole.state.checksum, m.state.checksum)
    -- the same after a JSON round trip of the states (what `flopcost merge` reads)
    local decoded = {}
    for i, st in ipairs(states) do decoded[i] = require("flopcost.core").json.decode(fc.json.encode(st)) end
    assert.are.equal(whole.mean, fc.montecarlo.merge(decoded).mean)
    -- a partial merge needs partial = true, and says which shards are missing
    local ok, e = pcall(fc.montecarlo.merge, { states[1] })
    assert.is_false(ok)
    assert.are.equal("flopcost.montecarlo.merge: 2 of 3 shards missing (1, 2): give every shard, or partial = true (--partial)",
      tostring(e):gsub("^[^:]+:%d+: ", ""))
    local p = fc.montecarlo.merge({ states[1] }, { partial = true })
    assert.is_false(p.complete)
    assert.are.same({ 1, 2 }, p.missing)
    assert.is_nil(p.state)
  end)

  it("streaming quantiles agree with exact ones within a bin", function()
    local o = { vary = { electricity_usd_per_kwh = D.lognormal90(0.05, 0.12) }, samples = 200000,
                seed = 5, output = "energy_usd_per_eflop" }
    local e = fc.montecarlo(h100(), o)
    o.exact = false
    local s = fc.montecarlo(h100(), o)
    local bin = (s.state.outputs[1].hi - s.state.outputs[1].lo) / #s.state.outputs[1].counts
    for _, k in ipairs { "p05", "p50", "p95" } do
      assert.is_true(math.abs(e[k] - s[k]) <= bin, k)
    end
    -- the exact p5 / p95 of energy cost are K x the price's: 0.05 K and 0.12 K (to sampling error)
    assert.near(K * 0.05, e.p05, 0.01)
    assert.near(K * 0.12, e.p95, 0.01)
  end)

  it("returns the samples on request, with type-7 quantiles", function()
    local r = fc.montecarlo(h100(), { vary = price_uniform(), samples = 1001, seed = 3,
                                      keep_samples = true, quantiles = { 0.25 } })
    assert.are.equal(1001, #r.samples)
    local xs = { table.unpack(r.samples) }
    table.sort(xs)
    -- h = (n - 1) p = 250 -> x(251), exactly an order statistic
    assert.are.equal(xs[251], r.quantiles[0.25])
    assert.are.equal(xs[251], r:quantile(0.25))
  end)

  it("varies a mix, one member or all", function()
    local a, b = h100(), h100()
    b.chip_price_usd = 15000
    local mix = { members = { a, b }, counts = { 1, 1 } }
    local r = fc.montecarlo(mix, { samples = 2000, seed = 1,
      vary = { { field = "chip_price_usd", member = 1, dist = D.fixed(15000) } } })
    -- member 1 fixed at b's price: the mix costs what b costs alone. By hand, at $15,000
    -- (half of test_scenario.c's capex lines, CRF(8 %, 5) = 0.2504565, 8766 h):
    --   chip 0.428570 + server 0.274285 + network 0.164867 (cluster 15000 x 1.64 / 0.81 = 30370.37)
    --   + facility 0.173191 + energy 0.118714 + carbon 0.018632
    --   + opex (0.03 x 30370.37 + 500) / 8766 = 0.160975  =  1.339235 $/h
    --   / 0.97461792 (1e18 useful FLOP/h) = 1.374112 $ per 1e18 FLOP
    assert.near(1.374112, r.mean, 1e-6)
    assert.are.equal(0, r.sd)
    -- a scenario object: anything with :core_params()
    local obj = { core_params = function() return mix end }
    local r2 = fc.montecarlo(obj, { samples = 100, seed = 1, vary = price_uniform() })
    assert.are.equal(100, r2.n)
  end)

  it("tornado rows put each input at its 5th / 95th percentile", function()
    local r = fc.montecarlo(h100(), { vary = { electricity_usd_per_kwh = D.uniform(0.05, 0.15),
      mfu = D.uniform(0.3, 0.5) }, samples = 1000, seed = 1, output = "energy_usd_per_eflop" })
    local rows = r:tornado()
    -- energy per FLOP is linear in the price: K x 0.055 .. K x 0.145, swing 0.09 K;
    -- inverse in MFU: K x 0.10 x 0.4 / mfu at 0.31 / 0.49, swing 0.04 K (1/0.31 - 1/0.49) = 0.047 K
    assert.are.equal("electricity_usd_per_kwh", rows[1].name)
    assert.near(K * 0.055, rows[1].low, 1e-9)
    assert.near(K * 0.145, rows[1].high, 1e-9)
    assert.near(K * 0.10, rows[1].base, 1e-9)
    assert.near(0.055, rows[1].input_low, 1e-12)
    assert.are.equal("mfu", rows[2].name)
    assert.near(K * 0.10 * 0.4 / 0.31, rows[2].low, 1e-9)
    assert.near(K * 0.10 * 0.4 / 0.49, rows[2].high, 1e-9)
  end)

  it("rank correlations: MFU lowers the cost per FLOP, the price raises it", function()
    local r = fc.montecarlo(h100(), { vary = { electricity_usd_per_kwh = D.uniform(0.05, 0.15),
      mfu = D.uniform(0.3, 0.5) }, samples = 50000, seed = 1, correlations = true })
    assert.is_true(r.rank_correlations.mfu < -0.95)
    assert.is_true(r.rank_correlations.electricity_usd_per_kwh > 0.02)
    assert.is_true(r.rank_correlations.electricity_usd_per_kwh < 0.3)
  end)

  it("reports a draw outside a field's domain with the sample and the value", function()
    local msg = H.error_of(fc.montecarlo, h100(), { samples = 1000,
      vary = { electricity_usd_per_kwh = D.normal(0.02, 0.05) } })
    assert.matches("^flopcost%.montecarlo: pilot sample %d+: field 'electricity_usd_per_kwh' of member 1: " ..
      "non%-negative number expected, got %-[%d.e-]+$", msg)
  end)

  H.error_rows(it, {
    { "a misspelt input field", function()
        fc.montecarlo(h100(), { vary = { electricty_usd_per_kwh = D.fixed(1) } })
      end,
      "flopcost.montecarlo: field 'inputs[1].field': unknown scenario field 'electricty_usd_per_kwh' (did you mean 'electricity_usd_per_kwh'?)" },
    { "an unknown option", function() fc.montecarlo(h100(), { sample = 10 }) end,
      "flopcost.montecarlo: unknown field 'sample' (did you mean 'samples'?)" },
    { "an unknown output", function() fc.montecarlo(h100(), { output = "usd_per_flop" }) end,
      "flopcost.montecarlo: field 'output': unknown result 'usd_per_flop' (did you mean 'usd_per_eflop'?)" },
    { "a non-distribution", function()
        fc.montecarlo(h100(), { vary = { mfu = "high" } })
      end,
      "flopcost.montecarlo: field 'inputs[1].dist': distribution (fc.dist.*), number or {kind, ...} expected, got 'high'" },
    { "exact quantiles beyond the memory cap", function()
        fc.montecarlo(h100(), { samples = 60000000, exact = true })
      end,
      "flopcost.montecarlo: field 'exact': keeping 60000000 samples x 1 values exceeds the limit of 50000000 values; use exact=false (streaming quantiles, constant memory)" },
    { "a shard index out of range", function() fc.montecarlo(h100(), { shard = { i = 4, n = 3 } }) end,
      "flopcost.montecarlo: field 'shard.i': integer in [1, 3] expected, got 4" },
    { "zero samples", function() fc.montecarlo(h100(), { samples = 0 }) end,
      "flopcost.montecarlo: field 'samples': positive integer expected, got 0" },
    { "a shard given twice to merge", function()
        local s = fc.montecarlo(h100(), { samples = 70000, shard = { i = 1, n = 2 } }).state
        fc.montecarlo.merge { s, s }
      end,
      "flopcost.montecarlo.merge: state 2: shard 1/2 appears twice" },
    { "states of different seeds", function()
        local a = fc.montecarlo(h100(), { samples = 70000, seed = 1, shard = { i = 1, n = 2 } }).state
        local b = fc.montecarlo(h100(), { samples = 70000, seed = 2, shard = { i = 2, n = 2 } }).state
        fc.montecarlo.merge { a, b }
      end,
      "flopcost.montecarlo.merge: state 2: seed differs from state 1" },
    { "states of different generators", function()
        local a = fc.montecarlo(h100(), { samples = 70000, shard = { i = 1, n = 2 } }).state
        local b = fc.montecarlo(h100(), { samples = 70000, rng = "mt19937", shard = { i = 2, n = 2 } }).state
        fc.montecarlo.merge { a, b }
      end,
      "flopcost.montecarlo.merge: state 2: rng differs from state 1" },
    { "outputs whose variance overflows a double (found by fuzz/fuzz_mc.c)", function()
        -- cost per FLOP ~ 2.3 / utilization: about 1e302 at 1e-302, finite; its square is not
        fc.montecarlo(h100(), { vary = { utilization = D.uniform(1e-302, 1e-301) }, samples = 1000 })
      end,
      "flopcost.montecarlo: output 'usd_per_eflop': every sample is finite but their mean or variance overflows a double (samples near 1e300?)" },
    { "a state whose M2 was edited (the checksum sees it)", function()
        -- two chunks, one per shard, so both states hold samples
        local a = fc.montecarlo(h100(), { samples = 70000, shard = { i = 1, n = 2 } }).state
        local b = fc.montecarlo(h100(), { samples = 70000, shard = { i = 2, n = 2 } }).state
        assert(a.outputs[1].n > 0 and b.outputs[1].n > 0)
        a.outputs[1].m2, b.outputs[1].m2 = 1.5e308, 1.5e308
        fc.montecarlo.merge { a, b }
      end,
      "flopcost.montecarlo.merge: state 1: checksum does not match the content (the state was edited or damaged)" },
    { "a state whose sd is NaN (issue 13)", function()
        local a = fc.montecarlo(h100(), { samples = 70000, shard = { i = 1, n = 2 } }).state
        local b = fc.montecarlo(h100(), { samples = 70000, shard = { i = 2, n = 2 } }).state
        b.outputs[1].m2 = 0 / 0
        fc.montecarlo.merge { a, b }
      end,
      "flopcost.montecarlo.merge: state 2: checksum does not match the content (the state was edited or damaged)" },
    { "a state claiming more samples than its shard has (issue 13)", function()
        local a = fc.montecarlo(h100(), { samples = 70000, shard = { i = 1, n = 2 } }).state
        a.outputs[1].n = a.outputs[1].n + 5
        fc.montecarlo.merge({ a }, { partial = true })
      end,
      "flopcost.montecarlo.merge: state 1: checksum does not match the content (the state was edited or damaged)" },
    { "a shard with no samples (issue 13: it gave mean 0)", function()
        fc.montecarlo(h100(), { samples = 10, shard = { i = 1, n = 2 } })
      end,
      "flopcost.montecarlo: field 'shard': shard 1/2 holds no samples (10 samples make 1 chunk(s) of 32768 samples; use at most 1 shard(s))" },
    { "an unknown generator", function() fc.montecarlo(h100(), { rng = "mt19938" }) end,
      "flopcost.montecarlo: field 'rng': name of a GSL generator ('taus2', 'mt19937', 'gfsr4', 'ranlxd2', ...) expected, got 'mt19938'" },
    { "a generator given as a number", function() fc.montecarlo(h100(), { rng = 1 }) end,
      "flopcost.montecarlo: field 'rng': name of a GSL generator ('taus2', 'mt19937', 'gfsr4', 'ranlxd2', ...) expected, got 1" },
    { "a state of the old format", function()
        local a = fc.montecarlo(h100(), { samples = 10 }).state
        a.format = "flopcost.mc.state/1"
        fc.montecarlo.merge { a }
      end,
      "flopcost.montecarlo.merge: state 1: not a Monte Carlo state (format 'flopcost.mc.state/4')" },
  })
end)

describe("core.mc.quantiles: the one quantile (issue 24: plot.lua had its own)", function()
  local q = require("flopcost.core").mc.quantiles
  it("is type 7 (Hyndman & Fan): 1..100 at 0.05 -> h = 99 x 0.05 = 4.95 -> 5 + 0.95 = 5.95", function()
    local xs = {}
    for i = 1, 100 do xs[i] = 101 - i end -- unsorted on purpose
    local r = q(xs, { 0.05, 0.5, 0.95 })
    assert.near(5.95, r[1], 1e-12)
    assert.near(50.5, r[2], 1e-12)   -- h = 49.5: 50 + 0.5
    assert.near(95.05, r[3], 1e-12)  -- h = 94.05: 95 + 0.05
    assert.are.equal(100, q(xs, 1))
    assert.are.equal(1, q(xs, 0))
    assert.are.equal(xs[1], 100)     -- the caller's list is not reordered
  end)
  it("is what fc.plot.quantile and the engine's exact quantiles give", function()
    local xs = { 3.5, 1, 9, 2.25, 7 }
    assert.are.equal(q(xs, 0.3), fc.plot.quantile({ 1, 2.25, 3.5, 7, 9 }, 0.3))
    -- h = 4 x 0.3 = 1.2: 2.25 + 0.2 x (3.5 - 2.25) = 2.5
    assert.near(2.5, q(xs, 0.3), 1e-15)
  end)
  it("refuses what is no sample list", function()
    assert.are.equal("flopcost.mc.quantiles: argument 'samples': non-empty list of finite numbers expected, got table",
      H.error_of(q, {}, 0.5))
    assert.are.equal("flopcost.mc.quantiles: argument 'samples[2]': finite number expected, got nan",
      H.error_of(q, { 1, 0 / 0 }, 0.5))
    assert.are.equal("flopcost.mc.quantiles: argument 'p': number in [0, 1] expected, got 2",
      H.error_of(q, { 1, 2 }, 2))
  end)
end)

describe("core.mc.shard_range: the one cut into shards (issue 24: compare had its own)", function()
  local core = require "flopcost.core"
  it("cuts 46 cells in 4: floor(46 i / 4) -> 1-11, 12-23, 24-34, 35-46", function()
    local want = { { 1, 11 }, { 12, 23 }, { 24, 34 }, { 35, 46 } }
    for i = 1, 4 do
      local a, b = core.mc.shard_range(46, i, 4)
      assert.are.same(want[i], { a, b })
      assert.are.same(want[i], { require("flopcost.compare").shard_range(46, { i = i, n = 4 }) })
    end
    local a, b = core.mc.shard_range(3, 1, 5)  -- floor(0) .. floor(3/5) = 0: empty
    assert.are.same({ 1, 0 }, { a, b })
  end)
end)

describe("Monte Carlo progress: reported to the calling thread, drawn by one bar (issue 24)", function()
  local vary = { electricity_usd_per_kwh = D.uniform(0.05, 0.15), utilization = D.uniform(0.6, 0.9) }
  -- 10 chunks of 32768 samples: the run folds them in order, so the writer sees
  -- 0 of 327680 at the start, then at most one call per chunk, the samples done
  -- rising, the last call 327680 of 327680
  it("calls a progress function on the calling thread as the run advances, with 1 or 2 threads", function()
    for _, threads in ipairs { 1, 2 } do
      local calls = {}
      local r = fc.montecarlo(h100(), { vary = vary, samples = 327680, seed = 3, threads = threads,
        progress = function(done, total) calls[#calls + 1] = { done, total } end })
      assert.is_true(#calls >= 2 and #calls <= 11, #calls)
      assert.are.equal(0, calls[1][1])
      for i, c in ipairs(calls) do
        assert.are.equal(327680, c[2])
        assert.are.equal(0, c[1] % 32768) -- whole chunks
        if i > 1 then assert.is_true(c[1] > calls[i - 1][1]) end
      end
      assert.are.equal(327680, calls[#calls][1])
      -- the same numbers as a run without progress (the writer only watches)
      local plain = fc.montecarlo(h100(), { vary = vary, samples = 327680, seed = 3, threads = threads,
                                            progress = false })
      assert.are.equal(plain.mean, r.mean)
      assert.are.equal(plain.p95, r.p95)
    end
  end)
  it("raises a writer's error after the run, and the writer is not called again", function()
    local n = 0
    local ok, err = pcall(fc.montecarlo, h100(), { vary = vary, samples = 327680, seed = 3,
      progress = function() n = n + 1; if n == 2 then error("writer broke") end end })
    assert.is_false(ok)
    assert.truthy(tostring(err):find("writer broke", 1, true), err)
    assert.are.equal(2, n) -- the start (0 of 327680), then the call that raised
  end)
  it("refuses a progress that is neither boolean nor function", function()
    local ok, err = pcall(fc.montecarlo, h100(), { vary = vary, samples = 100, progress = "yes" })
    assert.is_false(ok)
    assert.truthy(tostring(err):find("field 'progress': boolean or function", 1, true), err)
  end)
  it("no C file draws a bar: the line-erase escape is written by lua/flopcost/progress.lua only", function()
    local found = {}
    local p = io.popen("grep -rlE '(033|027|x1b)\\[K' csrc lua/flopcost 2>/dev/null")
    for f in p:lines() do found[#found + 1] = f end
    p:close()
    assert.are.same({ "lua/flopcost/progress.lua" }, found)
  end)
end)
