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
    assert.is_nil(fc.stock)
    assert.are.equal("function", type(fc.fleet.stock)) -- the stock model lives in fc.fleet
  end)
end)
