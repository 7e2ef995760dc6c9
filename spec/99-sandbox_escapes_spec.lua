-- Tests that keep attacking (issue 22): every escape family of the issue through every
-- sandboxed entry. Entries: the embedding API (flopcost.sandbox.run), scenariofile.load{sandbox}
-- (what mc, sobol and compare --sandbox call), and the commands `run --sandbox`,
-- `compare --sandbox`, `mc --sandbox`, `sobol --sandbox`. Each attack runs inside pcall, then the
-- script returns its ordinary data; the attack escaped if a marker file exists, the host's numbers
-- changed, the command's output differs from the same script without the attack, or the run did
-- not end in time. Budget attacks (loops, memory, long C calls), which no pcall survives, run
-- through the in-process entries with small budgets and must end with the budget's message.
local fc = require "flopcost"
local sandbox = require "flopcost.sandbox"
local sf = require "flopcost.scenariofile"

local build = os.getenv("FLOPCOST_BUILD") or "build"
local DIR = os.tmpname()
os.remove(DIR)
os.execute("mkdir -p '" .. DIR .. "'")
local PWN = DIR .. "/pwned"
local SMALL = { cpu_seconds = 0.5, memory_bytes = 64 * 2 ^ 20, max_evaluations = 1e6 }

local S = [[fc.scenario{region = "us-va", chips = {["H100-SXM"] = 1}}]]
-- {family, name, Lua attack}; PWN in the text is the marker path
local ATTACKS = {
  { "host class", "Scenario.evaluate via obj.__index", S .. [[.__index.evaluate = function() return {usd_per_eflop = 0} end]] },
  { "host class", "Scenario method via rawset", [[rawset(]] .. S .. [[.__index, "evaluate", function() error("x") end)]] },
  { "host class", "Result class", S .. [[:evaluate().__index.__tostring = function() return "PWNED" end]] },
  { "host class", "Catalog:chip", [[fc.catalog.default().__index.chip = function() return {price_usd = 1} end]] },
  { "host class", "Catalog:region", [[fc.catalog.default().__index.region = function() return {electricity_usd_per_kwh = 0} end]] },
  { "host class", "catalog entry edited in place", [[fc.catalog.default():chip("H100-SXM").price_usd = 1]] },
  { "host class", "Dist methods", [[local d = fc.dist.uniform(1, 2) local mt = getmetatable(d)
      if mt then mt.__index.mean = function() return 0 end end]] },
  { "host class", "fc module tables", [[fc.scenario = nil fc.finance.crf = nil fc.montecarlo = nil]] },
  { "host class", "string library", [[string.format = nil ("").__index.rep = nil]] },
  { "host class", "a method left to run in the host later", S .. [[.__index.evaluate = function() while true do end end]] },
  { "files", "fc.report.write", [[assert(fc.report.write("PWN", "x"))]] },
  { "files", "fc.report.write_all", [[assert(fc.report.write_all({{"PWN", "x"}}))]] },
  { "files", "fc.plot.save", [[assert(fc.plot.save("PWN", "<svg/>"))]] },
  { "files", "fc.compare.write_files", [[assert(fc.compare.write_files(fc.compare.run{regions = {"us-va"},
      mixes = {{label = "a", chips = {["H100-SXM"] = 1}}}}, "PWN"))]] },
  { "files", "fc.compare.stream_file", [[assert(fc.compare.stream_file({regions = {"us-va"},
      mixes = {{label = "a", chips = {["H100-SXM"] = 1}}}}, "PWN.csv"))]] },
  { "files", "fc.inference.compare_files", [[assert(fc.inference.compare_files(fc.compare.run{regions = {"us-va"},
      mixes = {{label = "a", chips = {["H100-SXM"] = 1}}}}, "PWN"))]] },
  { "files", "scenariofile.save", [[assert(require("flopcost.scenariofile").save("PWN", {a = 1}))]] },
  { "files", "io.open", [[io.open("PWN", "w"):write("x")]] },
  { "files", "os.execute", [[os.execute("touch PWN")]] },
  { "files", "core.file through require", [[require("flopcost.core").file.write("PWN", "x")]] },
  { "files", "core through fc.core", [[fc.core.file.write("PWN", "x")]] },
  { "files", "load with a host environment", [[load("io.open('PWN', 'w')", "x", "t", _G)()]] },
  { "files", "catalog load of a path", [[assert(fc.catalog.load("/etc"))]] },
  { "budget lift", "core.sandbox.leave", [[fc.core.sandbox.leave()]] },
  { "budget lift", "debug.sethook", [[debug.sethook()]] },
  { "budget lift", "collectgarbage", [[collectgarbage("stop")]] },
  { "backtracking", "pcall(string.find)", [[pcall(string.find, string.rep("a", 1e5), ".-.-b")]] },
  { "backtracking", "method call find", [[local s = string.rep("a", 1e5) s:find(".-.-.-b")]] },
  { "backtracking", "gsub via the string metatable", [[(string.rep(" ", 2e5) .. "a"):gsub("%s+$", "")]] },
  { "backtracking", "gmatch", [[for _ in string.rep("a", 1e5):gmatch("a-a-a-b") do end]] },
  { "metatables", "__gc finalizer", [[setmetatable({}, {__gc = function() os.execute("touch PWN") end})]] },
  { "metatables", "setmetatable on a library object", [[setmetatable(]] .. S .. [[, {})]] },
}
-- budget attacks: {name, script, message}
local BUDGET = {
  { "infinite loop", "while true do end", "sandbox: CPU time budget of 0.5 s exceeded" },
  { "loop behind pcall", "while true do pcall(function() while true do end end) end", "sandbox: CPU time budget" },
  { "loop in a coroutine", "coroutine.wrap(function() while true do end end)()", "sandbox: CPU time budget" },
  { "memory bomb", "local s = string.rep('x', 2^28)", "sandbox: memory budget of 64 MB exceeded" },
  { "growing table behind pcall", "local t = {} while true do pcall(function() for i = 1, 1e6 do t[#t + 1] = i end end) end",
    "sandbox: memory budget" },
  { "Monte Carlo of 1e12 samples", "fc.montecarlo(" .. S .. ", {samples = 1e12, vary = {pue = fc.dist.uniform(1.1, 1.3)}})",
    "above the sandbox's limit" },
  { "Sobol of 1e6 samples x 3 inputs", "fc.sensitivity.sobol{scenario = " .. S .. ", samples = 1e6, vary = {pue = "
    .. "fc.dist.uniform(1.1, 1.3), mfu = fc.dist.uniform(0.3, 0.5), utilization = fc.dist.uniform(0.5, 0.9)}}",
    "samples x (inputs + 2) = 5000000 model evaluations, above the sandbox's limit of 1000000" },
  { "kept samples over the memory budget", "fc.montecarlo(" .. S .. ", {samples = 1e6, exact = true, outputs = "
    .. "{'usd_per_eflop', 'capex_usd', 'kwh_per_eflop', 'power_w', 'kg_co2_per_eflop', 'useful_flop_per_h', "
    .. "'usd_per_eflop', 'capex_usd', 'kwh_per_eflop'}, vary = {pue = fc.dist.uniform(1.1, 1.3)}})",
    "sandbox: memory budget of 64 MB exceeded" },
  -- the matcher runs in C: these pass the quick refusal and are stopped by the watchdog's poll
  -- (csrc/lua/lfc_match.c; on main each ran for minutes past the budget)
  { "%b() on 1e6 '(' behind pcall", "pcall(string.find, string.rep('(', 1e6), '%b()')", "sandbox: CPU time budget" },
  { "gmatch %b() in a loop", "for _ in string.rep('(', 1e6):gmatch('%b()') do end", "sandbox: CPU time budget" },
  { "plain find of a long needle", "local s = string.rep('a', 1e7) s:find(string.rep('a', 1e5) .. 'b', 1, true)",
    "sandbox: CPU time budget" },
  { "error object whose __tostring loops", "error(setmetatable({}, {__tostring = function() while true do end end}))",
    "error object of type table" },
}

local SCENARIO = [[{region = "us-va", chips = {["H100-SXM"] = 1}}]]
local MC_SCENARIO = [[{region = "us-va", chip = "H100-SXM", vary = {pue = {"uniform", 1.1, 1.3}}}]]
local STUDY = [[{regions = {"us-va", "cn-guizhou"}, mixes = {{label = "a", chips = {["H100-SXM"] = 1}},
  {label = "b", chips = {["Ascend-910B"] = 1}}}}]]

local function attack_script(attack, ret)
  return ("pcall(function() %s end) return %s"):format(attack:gsub("PWN", PWN), ret)
end
local function write(name, text)
  local f = assert(io.open(DIR .. "/" .. name, "w"))
  f:write(text)
  f:close()
  return DIR .. "/" .. name
end
local function cli(args)
  local h = io.popen(("timeout 120 env LUA_PATH='./lua/?.lua;./lua/?/init.lua;;' LUA_CPATH='./%s/?.so;;' "
    .. "lua5.4 bin/flopcost %s 2>&1; echo rc=$?"):format(build, args))
  local out = h:read("a")
  h:close()
  return out
end
local function host_usd()
  return fc.scenario { region = "us-va", chips = { ["H100-SXM"] = 1 } }:evaluate().usd_per_eflop
end
local function marker()
  for _, suffix in ipairs { "", ".csv", ".json", ".svg", "-results.csv", ".vl.json" } do
    local f = io.open(PWN .. suffix, "r")
    if f then f:close() return PWN .. suffix end
  end
  local h = io.popen("ls '" .. DIR .. "' | grep -c pwned")
  local n = tonumber(h:read("a"))
  h:close()
  return n and n > 0 and "a pwned* file" or nil
end

local ENTRIES = {
  { "flopcost.sandbox.run", function(a)
    local ok, v = sandbox.run(attack_script(a, SCENARIO), "@attack.lua", SMALL)
    assert.is_true(ok, tostring(v))
    assert.are.same({ region = "us-va", chips = { ["H100-SXM"] = 1 } }, v)
  end },
  { "scenariofile.load{sandbox}", function(a)
    local v, err = sf.load(write("attack.lua", attack_script(a, MC_SCENARIO)), { sandbox = true, limits = SMALL })
    assert.truthy(v, err)
    assert.are.equal("H100-SXM", v.chip)
  end },
}
local CLEAN = {}
local COMMANDS = {
  { "run --sandbox", "run --sandbox ", SCENARIO },
  { "compare --sandbox", "compare --format csv --sandbox --study ", STUDY },
  { "mc --sandbox", "mc --samples 2000 --sandbox ", MC_SCENARIO },
  { "sobol --sandbox", "sobol --samples 500 --resamples 0 --sandbox ", MC_SCENARIO },
}
for _, c in ipairs(COMMANDS) do
  ENTRIES[#ENTRIES + 1] = { c[1], function(a)
    CLEAN[c[1]] = CLEAN[c[1]] or cli(c[2] .. write("clean.lua", "return " .. c[3]))
    local out = cli(c[2] .. write("attack.lua", attack_script(a, c[3])))
    assert.truthy(CLEAN[c[1]]:find("rc=0", 1, true), CLEAN[c[1]])
    assert.are.equal(CLEAN[c[1]], out)
  end }
end

describe("escape families through every sandboxed entry", function()
  local before = host_usd()
  local attempts = 0
  for _, e in ipairs(ENTRIES) do
    for _, a in ipairs(ATTACKS) do
      it(("%s: %s / %s"):format(e[1], a[1], a[2]), function()
        attempts = attempts + 1
        local t0 = os.time()
        e[2](a[3])
        assert.is_nil(marker(), "a file was written")
        assert.are.equal(before, host_usd())
        assert.is_true(os.time() - t0 < 60)
      end)
    end
  end
  for _, b in ipairs(BUDGET) do
    for _, e in ipairs { "flopcost.sandbox.run", "scenariofile.load{sandbox}" } do
      it(("%s: budget / %s"):format(e, b[1]), function()
        attempts = attempts + 1
        local t0 = os.clock()
        local ok, msg
        if e == "flopcost.sandbox.run" then
          ok, msg = sandbox.run(b[2] .. " return {}", "@budget.lua", SMALL)
        else
          ok, msg = sf.load(write("budget.lua", b[2] .. " return {}"), { sandbox = true, limits = SMALL })
        end
        assert.is_falsy(ok)
        assert.truthy(msg:find(b[3], 1, true), msg)
        assert.is_true(os.clock() - t0 < 10, "ran " .. (os.clock() - t0) .. " s of CPU")
        assert.are.equal(before, host_usd())
      end)
    end
  end
  it("made at least 100 attempts, none of which got through", function()
    assert.is_true(attempts >= 100, attempts .. " attempts")
    assert.are.equal(#ENTRIES * #ATTACKS + 2 * #BUDGET, attempts)
  end)
  teardown(function() os.execute("rm -rf '" .. DIR .. "'") end)
end)
