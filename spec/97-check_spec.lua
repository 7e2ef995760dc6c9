-- Junk arguments (issue 13: about 100 raw Lua messages such as "attempt to
-- index a nil value" or "attempt to concatenate" came out of public
-- functions called with nil, a number, a boolean, a table or a string of the
-- wrong kind). Every function of every public module table, and every method
-- of the objects users hold (Scenario, Result, Catalog, Dist, Monte Carlo and
-- Sobol results, power curves), is called with each junk argument tuple; a
-- failure must be a clear error naming the function (flopcost.check's format:
-- "flopcost.compare.text: argument 'grid': compare grid ... expected, got nil"),
-- raised at the caller, not inside the checker. Names starting with "_" are
-- internal (cross-module helpers) and skipped; helpers no user calls were
-- made local instead of validated.
local fc = require "flopcost"

-- a path in a directory that does not exist: writers given it fail, no file appears
local NOPE = "/nonexistent-flopcost-dir/x"
local JUNK = { n = 10, nil, -1, 0 / 0, 2.5, true, {}, { 1, 2 }, { region = 1, chips = "x", results = 3 }, NOPE, "" }
local RAW = { "attempt to index", "attempt to call", "attempt to concatenate", "attempt to perform arithmetic",
  "attempt to compare", "attempt to get length", "bad argument #%d+ to '%?'" }
-- modules not scanned: cli (its functions run commands and exit the process),
-- check (the checker itself: its callers are flopcost's own code), init (= fc);
-- errors.raise and errors.rethrow raise the value they are given, by design
-- (flopcost's own code calls them)
local SKIP = { cli = true, check = true, init = true }
local SKIP_FN = { ["flopcost.errors.raise"] = true, ["flopcost.errors.rethrow"] = true }

local function module_names()
  local names, seen = {}, {}
  local function add(n) if not seen[n] and not SKIP[n] then seen[n] = true; names[#names + 1] = n end end
  for _, n in ipairs(fc._modules) do add(n) end
  for _, n in ipairs { "finance", "energy", "yield", "training", "export", "fleet", "inference" } do add(n) end
  local ls = io.popen("ls lua/flopcost/*.lua")
  for f in ls:lines() do add(f:match("([%w_]+)%.lua$")) end
  ls:close()
  table.sort(names)
  return names
end

-- Calls f(...) in a coroutine with an instruction budget (a hang fails as
-- "HANG"); -> nil when it returned, else the error value.
local function failure_of(f, ...)
  local co = coroutine.create(f)
  local steps = 0
  debug.sethook(co, function()
    steps = steps + 1
    if steps > 5000 then error("HANG: over 5e6 instructions", 0) end
  end, "", 1000)
  local ok, e = coroutine.resume(co, ...)
  if ok then return nil end
  return e == nil and "nil error value" or e
end

-- nil when the failure message is clear, else why not
local function unclear(label, e)
  if type(e) ~= "string" then return "error value of type " .. type(e) end
  if e:find("^HANG") then return e end
  if e:find("lua/flopcost/check%.lua:%d+:") then return "raised inside the checker (wrong level): " .. e end
  local msg = e:gsub("^[^\n]-%.lua:%d+: ", "", 1)
  for _, p in ipairs(RAW) do
    if msg:find(p) then return "raw Lua message: " .. msg end
  end
  local short = label:match("[%w_]+$")
  if not (msg:find("^flopcost") or msg:find(short, 1, true)) then return "does not name the function: " .. msg end
  return nil
end

local function objects()
  local s = fc.scenario { chip = "H100-SXM", region = "us-va", utilization = 0.5 }
  local vary = { pue = fc.dist.pert(1.1, 1.2, 1.4) }
  return {
    ["flopcost.Scenario"] = s,
    ["flopcost.Result"] = s:evaluate(),
    ["flopcost.Catalog"] = fc.catalog.default(),
    ["flopcost.Dist"] = fc.dist.normal(1, 0.1),
    ["flopcost.MCResult"] = fc.montecarlo(s, { vary = vary, samples = 2000, seed = 3 }),
    ["flopcost.SobolResult"] = fc.sensitivity.sobol { scenario = s, vary = { pue = vary.pue,
      utilization = fc.dist.uniform(0.4, 0.6) }, samples = 256, seed = 3 },
    ["flopcost.PowerCurve"] = fc.energy.power_curve { utilization = { 0, 1 }, power_w = { 100, 700 } },
  }
end

-- The methods of an object: its metatable's __index table (and the metatable).
local function methods_of(o)
  local mt = debug.getmetatable(o)
  local out, seen = {}, {}
  for _, t in ipairs { type(mt.__index) == "table" and mt.__index or {}, mt } do
    for k, f in pairs(t) do
      if type(k) == "string" and type(f) == "function" and not k:match("^_") and not seen[k] then
        seen[k] = true
        out[#out + 1] = k
      end
    end
  end
  table.sort(out)
  return out
end

local function scan()
  local stats = { modules = 0, functions = 0, methods = 0, calls = 0, bad = {} }
  local function try(label, f, ...)
    stats.calls = stats.calls + 1
    local e = failure_of(f, ...)
    if e ~= nil then
      local why = unclear(label, e)
      if why then stats.bad[#stats.bad + 1] = label .. ": " .. why end
    end
  end
  local function scan_table(prefix, t)
    local keys = {}
    for k, f in pairs(t) do
      if type(k) == "string" and type(f) == "function" and not k:match("^_") then keys[#keys + 1] = k end
    end
    table.sort(keys)
    for _, k in ipairs(keys) do
      if SKIP_FN[prefix .. k] then goto next_fn end
      stats.functions = stats.functions + 1
      for i = 1, JUNK.n do try(prefix .. k, t[k], JUNK[i]) end
      for i = 1, JUNK.n do try(prefix .. k, t[k], {}, JUNK[i]) end
      ::next_fn::
    end
  end
  for _, name in ipairs(module_names()) do
    local m = fc[name] or require("flopcost." .. name)
    if type(m) == "table" then
      stats.modules = stats.modules + 1
      scan_table("flopcost." .. name .. ".", m)
      -- one level deeper: tables of functions a module exports (classes such as catalog.Catalog)
      for k, sub in pairs(m) do
        if type(k) == "string" and not k:match("^_") and type(sub) == "table" and getmetatable(sub) == nil then
          local has_fn = false
          for _, v in pairs(sub) do if type(v) == "function" then has_fn = true end end
          if has_fn then scan_table("flopcost." .. name .. "." .. k .. ".", sub) end
        end
      end
    end
  end
  for oname, o in pairs(objects()) do
    for _, k in ipairs(methods_of(o)) do
      local f = debug.getmetatable(o).__index[k] or debug.getmetatable(o)[k]
      stats.methods = stats.methods + 1
      for i = 1, JUNK.n do try(oname .. ":" .. k, f, o, JUNK[i]) end -- junk argument
      for i = 1, JUNK.n do try(oname .. ":" .. k, f, JUNK[i]) end    -- junk self: x.m() for x:m()
    end
  end
  table.sort(stats.bad)
  return stats
end

describe("junk arguments to every public function and method (issue 13)", function()
  local stats
  setup(function() stats = scan() end)

  it("reaches every module and the objects' methods", function()
    -- the count is a floor, not the exact figure: new functions only raise it
    assert.is_true(stats.modules >= 24, "modules: " .. stats.modules)
    assert.is_true(stats.functions >= 120, "functions: " .. stats.functions)
    assert.is_true(stats.methods >= 40, "methods: " .. stats.methods)
    if os.getenv("FLOPCOST_JUNK_STATS") then
      io.stderr:write(("junk args: %d modules, %d functions, %d methods, %d calls, %d unclear\n"):format(
        stats.modules, stats.functions, stats.methods, stats.calls, #stats.bad))
      for _, b in ipairs(stats.bad) do io.stderr:write("  ", b, "\n") end
    end
  end)

  it("gives a clear error naming the function, never a raw Lua message or a hang", function()
    assert.are.same({}, stats.bad)
  end)

  it("wrote nothing through the junk path", function()
    local f = io.open(NOPE, "r")
    assert.is_nil(f)
  end)
end)

describe("the shared argument check (flopcost.check)", function()
  local check = require "flopcost.check"
  local function caller_line_of(f)
    local ok, e = pcall(f)
    assert.is_false(ok)
    return e
  end
  it("names the function, the argument, what was expected and what came", function()
    local e = caller_line_of(function() fc.compare.text(nil) end)
    assert.truthy(e:find("flopcost.compare.text: argument 'grid': compare grid (the result of fc.compare.run) "
      .. "expected, got nil", 1, true), e)
    e = caller_line_of(function() fc.report.sig(0 / 0) end)
    assert.truthy(e:find("flopcost.report.sig: argument 'x': finite number expected, got nan", 1, true), e)
    e = caller_line_of(function() fc.plot.quantile({ 1, 2, 3 }, 1.5) end)
    assert.truthy(e:find("flopcost.plot.quantile: argument 'p': number in [0, 1] expected, got 1.5", 1, true), e)
  end)
  it("raises at the caller's line, for a method called with '.' too", function()
    local line = debug.getinfo(1, "l").currentline + 1
    local ok, e = pcall(function() local r = fc.scenario { chip = "H100-SXM" }.evaluate(); return r end)
    assert.is_false(ok)
    assert.are.equal(("spec/97-check_spec.lua:%d: flopcost.Scenario:evaluate: argument 'self': "
      .. "flopcost.Scenario (call it as s:evaluate(...)) expected, got nil"):format(line), e)
    local d = fc.dist.normal(1, 0.1)
    e = caller_line_of(function() return d.mean() end)
    assert.truthy(e:find("flopcost.Dist:mean: argument 'self': flopcost.Dist expected (call it as x:mean(...)), got nil",
      1, true), e)
  end)
  it("shows values the same way everywhere", function()
    assert.are.equal("nan", check.shown(0 / 0))
    assert.are.equal("inf", check.shown(math.huge))
    assert.are.equal("-3", check.shown(-3))
    assert.are.equal("2.5", check.shown(2.5))
    assert.are.equal("'abc'", check.shown("abc"))
    assert.are.equal("flopcost.Dist", check.shown(fc.dist.normal(1, 1)))
    assert.are.equal("table", check.shown({}))
    assert.are.equal(check.shown, require("flopcost.json").got)
  end)
end)
