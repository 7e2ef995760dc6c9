-- The sandbox's isolation and budgets (issue 22): each root cause the issue
-- found, as an attack that worked on main before the sandbox got a Lua state
-- of its own (csrc/lua/lfc_isolate.c) and budgets checked in C.
--  1. host classes reachable: obj.__index of any object was the host's class;
--  2. budgets stopped at C: pcall(string.find, ...) unguarded, Sobol's cap
--     blind to the number of inputs, a 1 s CPU budget allowing 9.5 s in one
--     Monte Carlo call, kept samples not counted against the memory budget, a
--     study returned by a script run without budgets.
local fc = require "flopcost"
local sandbox = require "flopcost.sandbox"

local LIMITS = { cpu_seconds = 1, memory_bytes = 64 * 2 ^ 20 }
local build = os.getenv("FLOPCOST_BUILD") or "build"
local DIR = os.tmpname()
os.remove(DIR)
os.execute("mkdir -p '" .. DIR .. "'")

local H100 = [[fc.scenario{region = "us-va", chips = {["H100-SXM"] = 1}}]]
local function host_usd()
  return fc.scenario { region = "us-va", chips = { ["H100-SXM"] = 1 } }:evaluate().usd_per_eflop
end

local function cli(args)
  local h = io.popen(("timeout 60 env LUA_PATH='./lua/?.lua;./lua/?/init.lua;;' LUA_CPATH='./%s/?.so;;' "
    .. "lua5.4 bin/flopcost %s 2>&1; echo rc=$?"):format(build, args))
  local out = h:read("a"); h:close()
  return out
end
local function script(name, text)
  local path = DIR .. "/" .. name
  local f = assert(io.open(path, "w"))
  f:write(text)
  f:close()
  return path
end

describe("sandbox isolation: nothing the script reaches is a host object", function()
  local before = host_usd()
  it("H100 in us-va costs $1.78 per EFLOP in the host (spec/90-doors: the hand calculation at the defaults)", function()
    assert.is_true(math.abs(before - 1.7807) < 0.0005, tostring(before))
  end)
  -- each edits a class through an object it was handed, then returns plain data
  local EDITS = {
    { "Scenario.evaluate via obj.__index", H100 .. [[.__index.evaluate = function() return {usd_per_eflop = 0.57} end]] },
    { "Scenario.evaluate via rawget of the class", [[local s = ]] .. H100 .. [[ local c = s.__index
        rawset(c, "evaluate", function() while true do end end)]] },
    { "Catalog:chip via the catalog object", [[local c = fc.catalog.default()
        c.__index.chip = function() return {price_usd = 1, tdp_w = 1} end]] },
    { "a result's class", [[local r = ]] .. H100 .. [[:evaluate()
        if type(r) == "table" and r.__index then r.__index.__tostring = function() return "PWNED" end end]] },
    { "fc.scenario module table", [[fc.scenario.new = nil; fc.scenario = nil]] },
    { "the string metatable", [[local mt = ("").__index; mt.format = nil]] },
  }
  for _, e in ipairs(EDITS) do
    it("an edit of " .. e[1] .. " changes nothing in the host", function()
      sandbox.run(e[2] .. " return {}", "@edit.lua", LIMITS)
      assert.are.equal(before, host_usd())
      assert.are.equal("function", type(string.format))
      assert.are.equal("$1.78", ("$%.2f"):format(before))
    end)
  end
  it("flopcost run --sandbox still prints $1.78 after a script replaced evaluate (main: $0.890)", function()
    local p = script("halve.lua", [[local s = ]] .. H100 .. [[
      local old = s.__index.evaluate
      s.__index.evaluate = function(self) local r = old(self) r.usd_per_eflop = r.usd_per_eflop / 2 return r end
      return {region = "us-va", chips = {["H100-SXM"] = 1}}]])
    local out = cli("run --sandbox " .. p)
    assert.truthy(out:find("$1.78 per 1e18", 1, true), out)
  end)
  it("compare --sandbox prints the 910B at its catalog cost after a script replaced the chip lookup", function()
    local study = [[{regions = {"cn-guizhou"}, mixes = {{label = "a", chips = {["Ascend-910B"] = 1}}}}]]
    local clean = cli("compare --format csv --study " .. script("clean.lua", "return " .. study))
    local p = script("cheap.lua", [[local c = fc.catalog.default()
      local chip = c.__index.chip
      c.__index.chip = function(self, n) local x = chip(self, n) x.price_usd = 1 return x end
      return ]] .. study)
    local out = cli("compare --sandbox --format csv --study " .. p)
    assert.truthy(clean:find("rc=0", 1, true), clean)
    assert.are.equal(clean, out)
  end)
  it("a function the script defined never runs in the host: returning one is refused", function()
    local ok, err = sandbox.run("return {evaluate = function() while true do end end}", "@f.lua", LIMITS)
    assert.is_false(ok)
    assert.truthy(err:find("result.evaluate: functions and coroutines cannot leave the sandbox", 1, true), err)
  end)
  it("objects and metatables are refused at the boundary, with the path to them", function()
    local ok, err = sandbox.run("return {a = {" .. H100 .. "}}", "@o.lua", LIMITS)
    assert.is_false(ok)
    assert.truthy(err:find("result.a[1]: a table with a metatable", 1, true), err)
    ok, err = sandbox.run("return {c = fc.energy.power_curve{utilization = {0, 1}, power_w = {1, 2}}}", "@u.lua", LIMITS)
    assert.is_false(ok)
    assert.truthy(err:find("result.c: userdata", 1, true), err)
  end)
  it("plain data and distributions cross (copied, not shared)", function()
    local ok, v = sandbox.run("return {n = 1.5, s = 'x', t = {true, 2}, d = fc.dist.uniform(1, 3)}", "@p.lua", LIMITS)
    assert.is_true(ok, tostring(v))
    assert.are.same({ true, 2 }, v.t)
    assert.are.equal(2, v.d:mean()) -- uniform(1, 3): (1 + 3) / 2
  end)
  it("fc.inference.compare_files refuses to write from the sandbox (main: a file at the script's path)", function()
    local target = DIR .. "/pwned"
    local ok, err = sandbox.run(([[
      local grid = fc.compare.run{regions = {"us-va"}, mixes = {{label = "a", chips = {["H100-SXM"] = 1}}}}
      return {fc.inference.compare_files(grid, "%s")}]]):format(target), "@w.lua", LIMITS)
    assert.is_nil(io.open(target .. ".csv", "r"))
    assert.is_nil(io.open(target .. ".svg", "r"))
    assert.is_false(ok)
    assert.is_string(err)
    sandbox.run(([[return {io and io.open("%s", "w")}]]):format(target), "@io.lua", LIMITS)
    assert.is_nil(io.open(target, "r"))
  end)
  it("the sandbox cannot lift its own budgets (core.sandbox.leave is refused once it runs)", function()
    local ok, err = sandbox.run([[return {pcall(require("flopcost").core.sandbox.leave)}]], "@l.lua", LIMITS)
    assert.is_false(ok) -- require of flopcost gives the copy: no .core
    assert.is_string(err)
  end)
end)

describe("sandbox budgets that cover C", function()
  it("pcall(string.find, ...) with a backtracking pattern is refused, not run for hours", function()
    local t0 = os.clock()
    local ok, v = sandbox.run([[local ok, e = pcall(string.find, string.rep("a", 1e5), ".-.-b")
      return {ok = ok, e = e}]], "@p.lua", LIMITS)
    assert.is_true(ok, tostring(v))
    assert.is_false(v.ok)
    assert.truthy(v.e:find("could backtrack for hours", 1, true), v.e)
    assert.is_true(os.clock() - t0 < 2)
  end)
  it("Sobol counts samples x (inputs + 2) against max_evaluations", function()
    -- 2e6 samples x (3 + 2) = 1e7 evaluations: above a limit of 5e6
    local ok, err = sandbox.run([[return fc.sensitivity.sobol{scenario = ]] .. H100 .. [[, samples = 1e6 * 2,
      vary = {pue = fc.dist.uniform(1.1, 1.3), utilization = fc.dist.uniform(0.5, 0.9),
              mfu = fc.dist.uniform(0.3, 0.5)}}]], "@s.lua", { max_evaluations = 5e6 })
    assert.is_false(ok)
    assert.truthy(err:find("samples x (inputs + 2) = 10000000 model evaluations", 1, true), err)
  end)
  it("one long Monte Carlo call stops at the CPU budget (main: 1 s allowed 9.5 s)", function()
    local t0 = os.time()
    local c0 = os.clock()
    local ok, err = sandbox.run([[return fc.montecarlo(]] .. H100 .. [[, {samples = 1e9, exact = false,
      vary = {pue = fc.dist.uniform(1.1, 1.3)}})]], "@mc.lua", { cpu_seconds = 0.5, max_evaluations = 1e10 })
    assert.is_false(ok)
    assert.are.equal("sandbox: CPU time budget of 0.5 s exceeded", err)
    assert.is_true(os.clock() - c0 < 2.5, "ran " .. (os.clock() - c0) .. " s of CPU")
    assert.is_true(os.time() - t0 < 30)
  end)
  it("kept samples count against the memory budget (main: 64 MB allowed 580 MB)", function()
    -- 2e6 samples kept x 8 bytes x 5 outputs = 80 MB > 64 MB
    local ok, err = sandbox.run([[return fc.montecarlo(]] .. H100 .. [[, {samples = 2e6, exact = true,
      outputs = {"usd_per_eflop", "capex_usd", "kwh_per_eflop", "power_w", "kg_co2_per_eflop"},
      vary = {pue = fc.dist.uniform(1.1, 1.3)}})]], "@mem.lua", LIMITS)
    assert.is_false(ok)
    assert.are.equal("sandbox: memory budget of 64 MB exceeded", err)
  end)
  it("a study returned by a sandboxed script runs under the same budgets (sandbox.guard)", function()
    -- main ran a returned study of 1e10 samples without a budget; now fc.compare.LIMITS refuses it
    -- at once, and what passes those limits runs under the sandbox's budgets
    local p = script("big.lua", [[return {regions = {"us-va"}, mixes = {{label = "x", chips = {["H100-SXM"] = 1}}},
      samples = 1e10, uncertainty = {pue = {"uniform", 1.1, 1.3}}}]])
    for _, cmd in ipairs { "run --sandbox ", "compare --sandbox --study " } do
      local out = cli(cmd .. p)
      assert.truthy(out:find("10000000000 samples, above the limit of 1000000", 1, true), out)
      assert.truthy(out:find("rc=1", 1, true), out)
    end
    local study = { regions = { "us-va", "us-tx" }, mixes = { { label = "x", chips = { ["H100-SXM"] = 1 } } },
      samples = 1e6, uncertainty = { pue = { "uniform", 1.1, 1.3 } } }
    local ok, err = sandbox.guard({ max_evaluations = 1e5 }, fc.compare.run, study)
    assert.is_false(ok)
    assert.truthy(err:find("samples = 1000000 model evaluations, above the sandbox's limit of 100000", 1, true), err)
    ok, err = sandbox.guard({ cpu_seconds = 0.2 }, function() while true do end end)
    assert.is_false(ok)
    assert.are.equal("sandbox: CPU time budget of 0.2 s exceeded", err)
    ok, err = sandbox.guard({}, function() return fc.core.file.read("README.md") end)
    assert.is_true(ok)
    assert.is_nil(err) -- file access refused during the guarded call: nil, message
    local r = table.pack(sandbox.guard({}, function(a, b) return a + b end, 2, 3))
    assert.are.same({ true, 5, n = 2 }, r)
    assert.truthy(fc.core.file.read("README.md")) -- and allowed again after it
  end)
  teardown(function() os.execute("rm -rf '" .. DIR .. "'") end)
end)
