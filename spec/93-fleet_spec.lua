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
