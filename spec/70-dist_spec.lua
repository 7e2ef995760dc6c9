-- Distributions: closed-form moments, quantiles against hand values, sample
-- moments of 1e5 draws within 5 standard errors, exact error messages.
local H = require "spec.helpers"
local fc = require "flopcost"
local D = fc.dist

local N = 100000

local function sample_moments(d, seed)
  local xs = d:sample(N, seed)
  local s, s2 = 0, 0
  for i = 1, N do s = s + xs[i]; s2 = s2 + xs[i] * xs[i] end
  local mean = s / N
  return mean, math.sqrt((s2 - s * s / N) / (N - 1)), xs
end

describe("flopcost.dist", function()
  -- {name, dist, hand mean, hand sd}
  local cases = {
    -- uniform(2, 6): mean 4, sd 4 / sqrt 12
    { "uniform(2, 6)", D.uniform(2, 6), 4, 4 / math.sqrt(12) },
    { "normal(10, 2)", D.normal(10, 2), 10, 2 },
    -- lognormal90(0.05, 0.12): mu = -2.5579979, sigma = ln 2.4 / 3.2897073 = 0.2661236,
    -- mean exp(mu + sigma^2 / 2) = 0.0802517, sd = 0.0217406
    { "lognormal90(0.05, 0.12)", D.lognormal90(0.05, 0.12), 0.0802517, 0.0217406 },
    -- triangular(0, 0, 1): mean 1/3, sd sqrt(1/18)
    { "triangular(0, 0, 1)", D.triangular(0, 0, 1), 1 / 3, math.sqrt(1 / 18) },
    -- PERT(1, 2, 6): mean (1 + 4*2 + 6)/6 = 2.5; alpha 1.8, beta 4.2, sd 5 sqrt(0.03)
    { "pert(1, 2, 6)", D.pert(1, 2, 6), 2.5, 5 * math.sqrt(0.03) },
    -- beta(2, 5) on [0, 1]: mean 2/7, sd sqrt(10 / (49 * 8))
    { "beta(2, 5, 0, 1)", D.beta(2, 5), 2 / 7, math.sqrt(10 / (49 * 8)) },
    -- beta(2, 2) on [0, 10]: mean 5, sd 10 sqrt(4 / 80)
    { "beta(2, 2, 0, 10)", D.beta(2, 2, 0, 10), 5, 10 * math.sqrt(4 / 80) },
  }
  for i, c in ipairs(cases) do
    it(c[1] .. ": closed-form and sample moments", function()
      local d, m, sd = c[2], c[3], c[4]
      assert.near(m, d:mean(), 1e-6)
      assert.near(sd, d:sd(), 1e-5)
      local sm, ssd = sample_moments(d, i)
      -- 5 standard errors of the mean; the sample sd within 2 %
      assert.near(m, sm, 5 * sd / math.sqrt(N) / math.abs(m))
      assert.near(sd, ssd, 0.02)
      assert.are.equal(c[1], tostring(d))
    end)
  end

  it("quantiles match hand values", function()
    assert.near(1.6448536269514722, D.normal(0, 1):quantile(0.95), 1e-12)
    assert.near(10 - 2 * 1.6448536269514722, D.normal(10, 2):quantile(0.05), 1e-12)
    -- the 90 % interval it was built from, exactly
    local ln = D.lognormal90(0.05, 0.12)
    assert.near(0.05, ln:quantile(0.05), 1e-12)
    assert.near(0.12, ln:quantile(0.95), 1e-12)
    -- median of a lognormal = exp(mu) = sqrt(p5 p95)
    assert.near(math.sqrt(0.05 * 0.12), ln:quantile(0.5), 1e-12)
    -- triangular(0, 0, 1): F(x) = 1 - (1 - x)^2 -> q(0.75) = 0.5
    assert.near(0.5, D.triangular(0, 0, 1):quantile(0.75), 1e-12)
    assert.near(3, D.uniform(2, 6):quantile(0.25), 1e-12)
    -- symmetric PERT(0, 0.5, 1) = Beta(3, 3): median 0.5
    assert.near(0.5, D.pert(0, 0.5, 1):quantile(0.5), 1e-9)
    assert.near(7, D.fixed(7):quantile(0.3), 0)
  end)

  it("sample quantiles agree with the quantile function", function()
    local d = D.lognormal90(0.05, 0.12)
    local xs = d:sample(N, 9)
    table.sort(xs)
    -- order statistic near p = 0.95; its sd is about sqrt(p(1-p)/N)/f(q) ~ 0.4 %
    assert.near(0.12, xs[math.floor(0.95 * N)], 0.02)
  end)

  it("the same seed gives the same draws, another seed others", function()
    local d = D.normal(0, 1)
    assert.are.same(d:sample(10, 5), d:sample(10, 5))
    assert.are_not.same(d:sample(10, 5), d:sample(10, 6))
  end)

  it("round-trips through :params()", function()
    local d = D.pert(1, 2, 6)
    assert.are.same({ "pert", 1, 2, 6 }, d:params())
    assert.near(d:sd(), D.from_params(d:params()):sd(), 1e-12)
    assert.is_true(D.is_dist(d))
    assert.is_false(D.is_dist({}))
  end)

  H.error_rows(it, {
    { "uniform with hi <= lo", function() D.uniform(2, 1) end,
      "flopcost.dist.uniform: argument 'hi': number greater than lo (2) expected, got 1" },
    { "uniform with a string", function() D.uniform("a", 1) end,
      "flopcost.dist.uniform: argument 'lo': finite number expected, got 'a'" },
    { "normal with sd 0", function() D.normal(0, 0) end,
      "flopcost.dist.normal: argument 'sd': positive number expected, got 0" },
    { "lognormal90 with p95 < p5", function() D.lognormal90(0.1, 0.05) end,
      "flopcost.dist.lognormal90: argument 'p95': number greater than p5 (0.1) expected, got 0.05" },
    { "lognormal90 with p5 = 0", function() D.lognormal90(0, 0.05) end,
      "flopcost.dist.lognormal90: argument 'p5': positive number expected, got 0" },
    { "triangular with mode outside", function() D.triangular(0, 2, 1) end,
      "flopcost.dist.triangular: argument 'mode': number in [min, max] = [0, 1] expected, got 2" },
    { "pert with an empty range", function() D.pert(1, 1, 1) end,
      "flopcost.dist.pert: argument 'max': number greater than min (1) expected, got 1" },
    { "beta with alpha 0", function() D.beta(0, 1) end,
      "flopcost.dist.beta: argument 'alpha': positive number expected, got 0" },
    { "fixed with NaN", function() D.fixed(0 / 0) end,
      "flopcost.dist.fixed: argument 'x': finite number expected, got nan" },
    { "quantile at 1", function() D.normal(0, 1):quantile(1) end,
      "flopcost.Dist:quantile: argument 'p': number in (0, 1) expected, got 1" },
  })
end)
