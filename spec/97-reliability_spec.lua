-- Reliability: errors raised inside coroutines and through the binding leave
-- no leak (the suite also runs under valgrind and ASan), and the rock
-- installs into a tree where the module finds its catalog.
local fc = require "flopcost"
local core = require "flopcost.core"

local function kb_after_gc()
  collectgarbage("collect")
  collectgarbage("collect")
  return collectgarbage("count")
end

describe("errors inside coroutines", function()
  local calls = {
    function() return core.json.decode(string.rep("[", 60) .. "1,,", "x.json") end,            -- nil, msg
    function() return fc.energy.power_curve { utilization = { 0, 0.5, 0.4 }, power_w = { 1, 2, 3 } } end,
    function() return core.scenario.eval_batch { { chip_price_usd = 1, tdp_w = 1, peak_flops_per_s = 1 },
      { utilization = 2 } } end,
    function() return fc.finance.npv(0.1, { 1, 2, 0 / 0 }) end,
    function() return fc.montecarlo({ chip_price_usd = 1, tdp_w = 1, peak_flops_per_s = 1 },
      { vary = { utilization = fc.dist.normal(0.5, 1) }, samples = 1000 }) end,
    function() return fc.yield.package { dies = { { wafer_cost_usd = 1, die_area_mm2 = 1e7, yield = 0.5 } } } end,
  }
  it("raise cleanly and leave the Lua heap where it was", function()
    for _, f in ipairs(calls) do
      local co = coroutine.wrap(function() return pcall(f) end)
      co() -- warm up caches (metatables, interned strings)
    end
    local before = kb_after_gc()
    for _ = 1, 300 do
      for _, f in ipairs(calls) do
        local co = coroutine.create(function() return f() end)
        local ok, a, b = coroutine.resume(co)
        -- either an error (raised) or nil, msg (data failure): never a value that looks like success
        assert.is_true((not ok and type(a) == "string") or (ok and a == nil and type(b) == "string"),
          tostring(a) .. " " .. tostring(b))
      end
    end
    local after = kb_after_gc()
    assert.is_true(after - before < 64, ("heap grew by %.1f KB"):format(after - before))
  end)
end)

describe("packaging", function()
  local has_luarocks = os.execute("command -v luarocks >/dev/null 2>&1")
  it("the rockspec lists every source, module and catalog file", function()
    assert.is_true(os.execute("lua5.4 tools/gen-rockspec.lua --check >/dev/null"))
  end)
  it("luarocks make installs module, CLI and catalog into a tree that works on its own", function()
    if not has_luarocks then pending("luarocks is not installed") return end
    local tmp = os.tmpname()
    os.remove(tmp)
    local ok = os.execute(("sh tools/test-install.sh %s >%s.log 2>&1"):format(tmp, tmp))
    local log = io.open(tmp .. ".log"):read("a")
    assert.is_true(ok, log)
    assert.truthy(log:find("installed catalog: 23 chips", 1, true), log)
    assert.truthy(log:find("installed cli: ok", 1, true), log)
    os.execute("rm -rf '" .. tmp .. "' '" .. tmp .. ".log'")
  end)
end)
