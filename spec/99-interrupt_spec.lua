-- This spec runs alone (tools/run-tests.sh): it times Ctrl-C to 100 ms, which a sibling's load can delay.
-- Ctrl-C stops every long call within 100 ms (issue 22: `flopcost sobol` still ran 13 s after
-- SIGINT). tools/interrupt-after-cpu.sh starts the command, waits until it has used 0.3 s of CPU
-- (it is inside its long call, whatever the machine's load: no fixed sleep), sends SIGINT and
-- reports the milliseconds from the signal to the exit. Each case runs up to 3 times and passes
-- when one stop takes under 100 ms (a loaded machine may not schedule the process at once) and
-- none takes over 2 s.
local build = os.getenv("FLOPCOST_BUILD") or "build"
local DIR = os.tmpname()
os.remove(DIR)
os.execute("mkdir -p '" .. DIR .. "'")

local function interrupted(args)
  local h = io.popen(("sh tools/interrupt-after-cpu.sh 30 env LUA_PATH='./lua/?.lua;./lua/?/init.lua;;' "
    .. "LUA_CPATH='./%s/?.so;;' lua5.4 bin/flopcost %s 2>&1"):format(build, args))
  local out = h:read("a")
  h:close()
  return out, tonumber(out:match("ms=(%d+)")), tonumber(out:match("rc=(%d+)"))
end

local function script(name, text)
  local f = assert(io.open(DIR .. "/" .. name, "w"))
  f:write(text)
  f:close()
  return DIR .. "/" .. name
end

local CASES = {
  { "flopcost sobol (1e8 samples)", "sobol models/scenarios/mc-example.json --samples 100000000",
    "flopcost.sensitivity.sobol: interrupted (Ctrl-C); nothing was kept" },
  { "flopcost mc (1e9 samples)", "mc models/scenarios/mc-example.json --samples 1000000000",
    "interrupted (Ctrl-C) after" },
  { "run --sandbox, a Lua loop", function() return "run --sandbox " .. script("loop.lua", "while true do end") end,
    "flopcost: run: sandbox: interrupted (Ctrl-C)" },
  { "run --sandbox, a Monte Carlo call inside the script", function()
      return "run --sandbox " .. script("mc.lua", [[return fc.montecarlo(fc.scenario{region = "us-va",
        chips = {["H100-SXM"] = 1}}, {samples = 1e7, exact = false, vary = {pue = fc.dist.uniform(1.1, 1.3)}})]])
    end, "flopcost: run: sandbox: interrupted (Ctrl-C)" },
  { "run --sandbox, a Sobol call inside the script", function()
      return "run --sandbox " .. script("sobol.lua", [[return fc.sensitivity.sobol{scenario = fc.scenario{
        region = "us-va", chips = {["H100-SXM"] = 1}}, samples = 3e6, vary = {pue = fc.dist.uniform(1.1, 1.3)}}]])
    end, "flopcost: run: sandbox: interrupted (Ctrl-C)" },
  { "run --sandbox, a backtracking pattern (string.find in C: %b() on 1e6 '(')", function()
      return "run --sandbox " .. script("pattern.lua", [[return (string.rep("(", 1e6)):find("%b()")]])
    end, "flopcost: run: sandbox: interrupted (Ctrl-C)" },
  { "compare --sandbox, the returned study's intervals", function()
      -- 8 regions x 4 mixes x 1e6 samples: seconds of intervals (fc.compare.LIMITS: 1e6 per cell)
      return "compare --sandbox --study " .. script("study.lua", [[return {regions = {"us-avg", "us-va", "us-tx",
        "us-ca", "cn-avg", "cn-guizhou", "cn-east", "sg"}, mixes = {{label = "a", chips = {["H100-SXM"] = 1}},
        {label = "b", chips = {["A100-SXM"] = 1}}, {label = "c", chips = {["H100-SXM"] = 1, ["A100-SXM"] = 1}},
        {label = "d", chips = {["H100-SXM"] = 3, ["A100-SXM"] = 1}}}, samples = 1e6,
        uncertainty = {pue = {"uniform", 1.1, 1.3}}}]])
    end, "interrupted (Ctrl-C)" },
}

describe("Ctrl-C stops every long call within 100 ms", function()
  for _, c in ipairs(CASES) do
    it(c[1], function()
      local args = type(c[2]) == "function" and c[2]() or c[2]
      local best, outs = math.huge, {}
      for _ = 1, 3 do
        local out, ms, rc = interrupted(args)
        outs[#outs + 1] = out
        assert.truthy(out:find(c[3], 1, true), out)
        assert.are.equal(1, rc, out)
        assert.is_true(ms < 2000, out)
        best = math.min(best, ms)
        if best < 100 then break end
      end
      assert.is_true(best < 100, table.concat(outs, "\n"))
    end)
  end
  it("in a host, sandbox.run returns false, the message and the token 'interrupted'", function()
    local h = io.popen(("sh tools/interrupt-after-cpu.sh 30 env LUA_PATH='./lua/?.lua;./lua/?/init.lua;;' "
      .. "LUA_CPATH='./%s/?.so;;' lua5.4 -e 'print(require(\"flopcost.sandbox\").run(\"while true do end\", \"=x\"))' 2>&1")
      :format(build))
    local out = h:read("a")
    h:close()
    assert.truthy(out:find("false\tsandbox: interrupted (Ctrl-C)\tinterrupted", 1, true), out)
  end)
  teardown(function() os.execute("rm -rf '" .. DIR .. "'") end)
end)
