-- One of each (issue 11): what fc advertises loads; type errors name the userdata.
local fc = require "flopcost"

describe("the public modules", function()
  it("every module fc advertises loads (fc.units and fc.stock raised 'module not found')", function()
    assert.is_true(#fc._modules >= 10)
    for _, name in ipairs(fc._modules) do
      local ok, mod = pcall(function() return fc[name] end)
      assert.is_true(ok, name .. ": " .. tostring(mod))
      assert.are.equal("table", type(mod), name)
    end
    assert.is_nil(fc.units)
    -- fc.stock is the supply-limited stock model (issue 26), built on fc.fleet's cohort stock
    assert.are.equal("function", type(fc.stock.national))
    assert.are.equal("function", type(fc.fleet.stock))
  end)
end)

describe("type errors name the userdata (issue 11)", function()
  it("a Dist where a number is expected says flopcost.Dist, not userdata", function()
    local d = fc.dist.normal(1, 1)
    local ok, e = pcall(fc.finance.crf, d, 5)
    assert.is_false(ok)
    assert.truthy(tostring(e):find("got flopcost.Dist", 1, true), tostring(e))
    ok, e = pcall(fc.yield.die_yield, { model = "murphy", die_area_mm2 = d, defect_density_per_cm2 = 0.1 })
    assert.is_false(ok)
    assert.truthy(tostring(e):find("field 'die_area_mm2': positive number expected, got flopcost.Dist", 1, true),
      tostring(e))
  end)
end)

describe("nil, message, token (issue 11)", function()
  it("breakeven without a break-even in the bracket says no_breakeven", function()
    -- the same scenario on both sides: the difference is 0 - 0... use two regions whose
    -- order cannot flip: us-va vs itself with 10% higher PUE costs more at every price
    local a = fc.scenario { region = "us-va", chips = { ["H100-SXM"] = 1 } }
    local b = a:with { pue = 1.5 }
    local x, msg, token = fc.solve.breakeven { a = a, b = b, field = "electricity_usd_per_kwh", vary = "a",
      lo = 0.01, hi = 0.02 }
    assert.is_nil(x)
    assert.truthy(msg:find("no break-even", 1, true), msg)
    assert.are.equal("no_breakeven", token)
  end)
end)
