-- flopcost.fleet: compute stock from production cohorts and retirement.
local fc = require "flopcost"
local H = require "spec.helpers"

describe("flopcost.fleet", function()
  it("counts cohorts produced mid-year and retires them after a fixed life", function()
    -- 100 units/year, 1 FLOP/s each, life 2 y. End of year 1: ages 0.5 -> 100;
    -- year 2: ages 1.5, 0.5 -> 200; year 3: ages 2.5 (retired), 1.5, 0.5 -> 200.
    local s = fc.fleet.stock { units = { 100, 100, 100 }, flops_per_unit = 1, life_years = 2 }
    assert.are.same({ 100, 200, 200 }, s)
  end)
  it("applies exponential survival exp(-age/life)", function()
    -- one cohort of 100, life 4: end of year 1 100 e^-0.125 = 88.2497, year 2 100 e^-0.375 = 68.7289
    local s = fc.fleet.stock { units = { 100, 0 }, flops_per_unit = 1, life_years = 4, survival = "exponential" }
    assert.near(88.24969, s[1], 1e-6)
    assert.near(68.72893, s[2], 1e-6)
  end)
  it("Weibull with shape 1 is the exponential", function()
    local w = fc.fleet.survival { survival = "weibull", shape = 1, life_years = 3, age_years = 2 }
    assert.near(math.exp(-2 / 3), w, 1e-15)
  end)
  it("weights cohorts by their performance", function()
    -- 10 units of 1e15 then 10 of 2e15, life 5: year 2 = 1e16 + 2e16
    local s = fc.fleet.stock { units = { 10, 10 }, flops_per_unit = { 1e15, 2e15 }, life_years = 5 }
    assert.near(3e16, s[2], 1e-15)
  end)
  describe("bad input", function()
    H.error_rows(it, {
      { "mismatched lengths", function()
        return fc.fleet.stock { units = { 1, 2 }, flops_per_unit = { 1 }, life_years = 3 } end,
        "flopcost.fleet.stock: field 'flops_per_unit': 2 values expected (one per year), got 1" },
      { "negative production", function()
        return fc.fleet.stock { units = { 1, -2 }, flops_per_unit = 1, life_years = 3 } end,
        "flopcost.fleet.stock: field 'units[2]': non-negative number expected, got -2" },
      { "a zero life", function()
        return fc.fleet.stock { units = { 1 }, flops_per_unit = 1, life_years = 0 } end,
        "flopcost.fleet.stock: field 'life_years': positive number expected, got 0" },
      { "an unknown survival model", function()
        return fc.fleet.survival { survival = "weibul", life_years = 3, age_years = 1 } end,
        "flopcost.fleet.survival: field 'survival': one of 'step', 'exponential', 'weibull' expected, "
        .. "got 'weibul' (did you mean 'weibull'?)" },
    })
  end)
end)

describe("flopcost.fleet.stock at scale (issue 13: 1e6 years never finished, a double loop)", function()
  -- 1e6 years run in a subprocess under `timeout 60`: the quadratic version needed ~5e11 terms.
  local build = os.getenv("FLOPCOST_BUILD") or "build"
  local function last(kind, extra)
    local h = io.popen(("timeout 60 env LUA_PATH='./lua/?.lua;./lua/?/init.lua;;' LUA_CPATH='./%s/?.so;;' "
      .. "lua5.4 -e 'local u = {} for i = 1, 1000000 do u[i] = 1 end local s = require(\"flopcost\").fleet.stock"
      .. "{units = u, flops_per_unit = 1, survival = \"%s\", %s} print(string.format(\"%%.15g\", s[#s]))' 2>&1")
      :format(build, kind, extra))
    local out = h:read("a"); h:close()
    return tonumber(out:match("^(%S+)")), out
  end
  it("step: 1 unit a year, life 5 -> the 5 youngest cohorts (ages 0.5 .. 4.5) = 5", function()
    local v, out = last("step", "life_years = 5")
    assert.are.equal(5, v, out)
  end)
  it("exponential: life 4 -> sum_a exp(-(a + 0.5)/4) = e^-0.125 / (1 - e^-0.25) = 3.98961", function()
    local v, out = last("exponential", "life_years = 4")
    assert(v, out)
    assert.near(math.exp(-0.125) / (1 - math.exp(-0.25)), v, 1e-12)
  end)
  it("weibull shape 2, life 5 -> sum over ages until survival underflows", function()
    local want = 0
    for a = 0, 200 do want = want + math.exp(-((a + 0.5) / 5) ^ 2) end -- 4.43113 (~ 5 sqrt(pi)/2)
    local v, out = last("weibull", "life_years = 5, shape = 2")
    assert(v, out)
    assert.near(want, v, 1e-12)
  end)
  it("step and exponential agree with the direct cohort sum on an uneven series", function()
    local units = { 3, 0, 7, 1e6, 2, 0, 0, 5, 1e-3, 9 }
    for _, case in ipairs { { "step", 3.2 }, { "exponential", 2.5 }, { "weibull", 1.7 } } do
      local kind, life = case[1], case[2]
      local s = fc.fleet.stock { units = units, flops_per_unit = 2, life_years = life, survival = kind, shape = 1.5 }
      for t = 1, #units do
        local want = 0
        for y = 1, t do
          local age = t - y + 0.5
          local sv = kind == "step" and (age < life and 1 or 0) or kind == "exponential" and math.exp(-age / life)
            or math.exp(-(age / life) ^ 1.5)
          want = want + units[y] * 2 * sv
        end
        assert.near(want, s[t], 1e-12, 1e-9)
      end
    end
  end)
  it("weibull with a survival that never underflows within the horizon is refused, not a hang", function()
    local u = {}
    for i = 1, 100000 do u[i] = 1 end
    assert.are.equal("flopcost.fleet.stock: weibull survival over 100000 years with life_years 100000 sums more "
      .. "than 1000000000 cohort terms: shorten the horizon or use survival = 'step' or 'exponential' (linear)",
      H.error_of(fc.fleet.stock, { units = u, flops_per_unit = 1, life_years = 1e5, survival = "weibull", shape = 0.5 }))
  end)
end)
