-- The sandbox of `flopcost run --sandbox` (lua/flopcost/sandbox.lua,
-- csrc/lua/lfc_sandbox.c): 48 escape attempts, each of which worked or hung
-- somewhere before (issue 13: 23 of 45 escaped). Each attempt returns the
-- string "ESCAPED" only if it got through; it must instead fail with an
-- error, and leave no file, no change to the host and no hang behind.
local fc = require "flopcost"
local sandbox = require "flopcost.sandbox"

local LIMITS = { cpu_seconds = 0.5, memory_bytes = 64 * 2 ^ 20 }
local build = os.getenv("FLOPCOST_BUILD") or "build"
local DIR = os.tmpname()
os.remove(DIR)
os.execute("mkdir -p '" .. DIR .. "'")
local PWN = DIR .. "/pwned"

-- {name, script}; %s in a script is the path of the file an escape would write
local ATTEMPTS = {
  { "os.execute", [[os.execute("touch %s") return "ESCAPED"]] },
  { "io.open", [[io.open("%s", "w"):write("x") return "ESCAPED"]] },
  { "scenariofile.environment(false).os", [[require("flopcost.scenariofile").environment(false).os.execute("touch %s") return "ESCAPED"]] },
  { "require os", [[require("os").execute("touch %s") return "ESCAPED"]] },
  { "require io", [[require("io").open("%s", "w") return "ESCAPED"]] },
  { "require debug", [[local d = require("debug") return d and "ESCAPED"]] },
  { "require flopcost.core file.write", [[require("flopcost.core").file.write("%s", "x") return "ESCAPED"]] },
  { "fc.core.file.write", [[fc.core.file.write("%s", "x") return "ESCAPED"]] },
  { "fc.report.write", [[assert(fc.report.write("%s", "x")) return "ESCAPED"]] },
  { "fc.report.write_all", [[assert(fc.report.write_all({{"%s", "x"}})) return "ESCAPED"]] },
  { "fc.plot.save", [[assert(fc.plot.save("%s", "<svg/>")) return "ESCAPED"]] },
  { "fc.compare.write_files", [[assert(fc.compare.write_files({results = {}}, "%s")) return "ESCAPED"]] },
  { "fc.compare.stream_file", [[assert(fc.compare.stream_file({}, "%s.csv")) return "ESCAPED"]] },
  { "scenariofile.save", [[assert(require("flopcost.scenariofile").save("%s", {a = 1})) return "ESCAPED"]] },
  { "fc.catalog.load of a path", [[local c = assert(fc.catalog.load("/etc")) return "ESCAPED"]] },
  { "fc.compare.load_study", [[assert(fc.compare.load_study("/etc/passwd")) return "ESCAPED"]] },
  { "scenariofile.load", [[assert(require("flopcost.scenariofile").load("/etc/hostname")) return "ESCAPED"]] },
  { "package.loadlib", [[package.loadlib("%s.so", "luaopen_x") return "ESCAPED"]] },
  { "require of a .so", [[require("pwned") return "ESCAPED"]] },
  { "dofile", [[dofile("/etc/hostname") return "ESCAPED"]] },
  { "loadfile", [[loadfile("/etc/hostname") return "ESCAPED"]] },
  { "string.dump", [[return string.dump(function() end) and "ESCAPED"]] },
  { "string.dump via the string metatable", [[return ("").dump(function() end) and "ESCAPED"]] },
  { "getmetatable('').__index", [[return getmetatable("").__index.dump and "ESCAPED"]] },
  { "binary chunk", [[return load("\27Lua\84\0", "x", "b")() and "ESCAPED"]] },
  { "load with _G of the host", [[return load("return io", "x", "t", _G)().open and "ESCAPED"]] },
  { "collectgarbage", [[collectgarbage("stop") return "ESCAPED"]] },
  { "os.getenv", [[return os.getenv("HOME") and "ESCAPED"]] },
  { "os.remove", [[os.remove("%s") return "ESCAPED"]] },
  { "fc.cli", [[fc.cli.main({"run", "x"}) return "ESCAPED"]] },
  { "require flopcost.cli", [[require("flopcost.cli") return "ESCAPED"]] },
  { "require flopcost.sandbox", [[require("flopcost.sandbox").run("", "x") return "ESCAPED"]] },
  { "a power curve's __gc by hand", [[
      local c = fc.energy.power_curve{utilization = {0, 1}, power_w = {1, 2}}
      getmetatable(c).__gc(c) return "ESCAPED"]] },
  { "setmetatable with __gc", [[setmetatable({}, {__gc = function() end}) return "ESCAPED"]] },
  { "setmetatable on a library object", [[setmetatable(fc.scenario{region = "us-va", chips = {["H100-SXM"] = 1}}, {}) return "ESCAPED"]] },
  { "infinite loop", [[while true do end]] },
  { "infinite loop caught by pcall", [[while true do pcall(function() while true do end end) end]] },
  { "infinite loop in a coroutine", [[coroutine.wrap(function() while true do end end)() return "ESCAPED"]] },
  { "loop behind coroutine.resume", [[while true do coroutine.resume(coroutine.create(function() while true do end end)) end]] },
  { "huge string", [[local s = string.rep("x", 2^31) return "ESCAPED"]] },
  { "doubling string", [[local s = "x" for _ = 1, 40 do s = s .. s end return "ESCAPED"]] },
  { "growing table caught by pcall", [[local t = {} while true do pcall(function() for i = 1, 1e6 do t[#t + 1] = i end end) end]] },
  { "error object whose __tostring loops", [[error(setmetatable({}, {__tostring = function() while true do end end}))]] },
  { "returned table whose __index loops", [[return setmetatable({}, {__index = function() while true do end end, __pairs = function() while true do end end})]] },
  { "returned function", [[return {evaluate = function() os.execute("touch %s") end}]] },
  { "pattern that backtracks for hours", [[return (string.rep("a", 1e5)):find(".-.-.-.-.-b") and "ESCAPED"]] },
  { "montecarlo of 1e12 samples", [[fc.montecarlo({chip_price_usd = 1, tdp_w = 1, peak_flops_per_s = 1},
      {vary = {utilization = fc.dist.uniform(0.1, 0.9)}, samples = 1e12}) return "ESCAPED"]] },
  { "edit the shared catalog", [[fc.catalog.default():chip("H100-SXM").price_usd = 1
      rawset(fc.catalog.default():chip("H100-SXM"), "tdp_w", 1) error("done")]] },
}

describe("the sandbox", function()
  local price_before = fc.scenario { region = "us-va", chips = { ["H100-SXM"] = 1 } }:evaluate().usd_per_eflop
  local crf, fmt, rep = fc.finance.crf, string.format, string.rep
  for i, a in ipairs(ATTEMPTS) do
    it(("holds attempt %d: %s"):format(i, a[1]), function()
      local t0 = os.clock()
      local ok, v = sandbox.run(a[2]:format(PWN), "@attempt.lua", LIMITS)
      assert.is_true(os.clock() - t0 < 20, "the attempt ran for " .. (os.clock() - t0) .. " s")
      assert.are_not.equal("ESCAPED", v)
      if ok then -- only plain data may come back: the metatable is gone
        assert.are.equal("table", type(v))
        assert.is_nil(getmetatable(v))
        assert.is_nil(next(v))
      else
        assert.are.equal("string", type(v))
      end
      assert.is_nil(io.open(PWN, "r"), "a file was written")
    end)
  end
  it("ran at least 40 attempts", function() assert.is_true(#ATTEMPTS >= 40) end)
  it("left the host untouched: catalog, fc, string library, file access", function()
    assert.are.equal(price_before, fc.scenario { region = "us-va", chips = { ["H100-SXM"] = 1 } }:evaluate().usd_per_eflop)
    assert.are.equal(crf, fc.finance.crf)
    assert.are.equal(fmt, string.format)
    assert.are.equal(rep, string.rep)
    assert.are.equal("function", type(string.dump))
    assert.are.equal(string, getmetatable("").__index)
    assert.is_false(require("flopcost.core").sandbox.active())
    assert.is_true(fc.report.write(DIR .. "/after.txt", "ok")) -- files work again after the run
  end)
  it("changes to its fc stay inside: fc.finance.crf = nil does not reach the host", function()
    local ok = sandbox.run("fc.finance.crf = nil fc.scenario = nil string.format = nil return {}", "@x.lua", LIMITS)
    assert.is_true(ok)
    assert.are.equal(crf, fc.finance.crf)
    assert.are.equal(fmt, string.format)
  end)
  it("still computes: a scenario in the sandbox gives the host's number (H100, us-va)", function()
    local ok, v = sandbox.run([[return {usd = fc.scenario{region = "us-va", chips = {["H100-SXM"] = 1}}:evaluate().usd_per_eflop}]],
      "@x.lua", LIMITS)
    assert.is_true(ok, tostring(v))
    assert.are.equal(price_before, v.usd)
  end)
  it("says which budget ran out", function()
    local _, e1 = sandbox.run("while true do end", "@x.lua", LIMITS)
    assert.are.equal("sandbox: CPU time budget of 0.5 s exceeded", e1)
    local _, e2 = sandbox.run("local s = string.rep('x', 2^30)", "@x.lua", LIMITS)
    assert.are.equal("sandbox: memory budget of 64 MB exceeded", e2)
    local _, e3 = sandbox.run("error(setmetatable({}, {__tostring = function() return 'x' end}))", "@x.lua", LIMITS)
    assert.are.equal("error object of type table (not shown)", e3)
  end)

  local function cli(args)
    local h = io.popen(("timeout 60 env LUA_PATH='./lua/?.lua;./lua/?/init.lua;;' LUA_CPATH='./%s/?.so;;' "
      .. "lua5.4 bin/flopcost %s 2>&1; echo rc=$?"):format(build, args))
    local out = h:read("a"); h:close()
    return out
  end
  it("flopcost run --sandbox and compare --sandbox refuse os.execute; the catalog edit does not change $1.78", function()
    local script = DIR .. "/evil.lua"
    local f = assert(io.open(script, "w"))
    f:write(('os.execute("touch %s") return {}'):format(PWN))
    f:close()
    local out = cli("run --sandbox " .. script)
    assert.truthy(out:find("attempt to call a nil value (field 'execute')", 1, true), out)
    assert.truthy(out:find("rc=1", 1, true), out)
    out = cli("compare --sandbox --study " .. script)
    assert.truthy(out:find("attempt to call a nil value (field 'execute')", 1, true), out)
    assert.truthy(out:find("rc=1", 1, true), out)
    assert.is_nil(io.open(PWN, "r"))
    f = assert(io.open(script, "w"))
    f:write('fc.catalog.default():chip("H100-SXM").price_usd = 1 return {region = "us-va", chips = {["H100-SXM"] = 1}}')
    f:close()
    out = cli("run --sandbox " .. script)
    assert.truthy(out:find("$1.78 per 1e18", 1, true), out) -- H100 at its whole-server price (spec/90-doors)
  end)
  teardown(function() os.execute("rm -rf '" .. DIR .. "'") end)
end)
