-- The API reference (issue 23): every public function -- found by walking the table
-- `require "flopcost"` returns (flopcost.help.public: every module, its sub-tables and the methods
-- of its classes) -- has an LDoc entry with its parameters and their units, its return values
-- (fields, units), the errors it raises and the tokens it returns, and an example; each example
-- runs in a fresh Lua state within a time bound and gives what it says; every token a function
-- documents is one of flopcost.errors.tokens; `make doc` (LDoc, Debian lua-ldoc) builds the
-- reference without a warning, every function in it. fc.help prints the same entries.
local fc = require "flopcost"
local help = require "flopcost.help"
local errors = require "flopcost.errors"
require "spec.helpers" -- assert.near(expected, actual, rel_tol [, abs_tol])

-- The block's tags: { {tag, text}, ... }; continuation lines joined (with "\n" for @usage).
local function tags_of(block)
  local tags = {}
  for _, l in ipairs(block) do
    local tag, text = l:match("^@(%w+)%s*(.*)$")
    -- "@tparam[opt=300] number x": the modifier is not the text
    if tag then tags[#tags + 1] = { tag, (text:gsub("^%[[^%]]*%]%s*", "")) }
    elseif #tags > 0 then
      tags[#tags][2] = tags[#tags][2] .. (tags[#tags][1] == "usage" and "\n" or " ") .. l
    end
  end
  return tags
end

-- What is missing from a block for the full tags: a list of reasons (empty when complete).
local function missing(block, nparams, name)
  local out, count, has_fields = {}, { param = 0, ["return"] = 0, raise = 0, usage = 0 }, {}
  local tags = tags_of(block)
  -- an options table whose fields have entries of their own (opts.x) needs no unit itself
  for _, t in ipairs(tags) do
    local parent = t[1]:match("param$") and t[2]:match("^%S+%s+([%w_]+)%.")
    if parent then has_fields[parent] = true end
  end
  for _, t in ipairs(tags) do
    local tag = t[1]:gsub("^t", "") -- tparam, treturn
    local options_table = t[1] == "tparam" and has_fields[t[2]:match("^%S+%s+([%w_]+)%s") or ""]
    if (tag == "param" or tag == "return") and not options_table and not t[2]:find("%[[^%]]+%]") then
      -- a unit (or what the value is, for a name or a table) in brackets: [mm^2], [USD], [name]
      out[#out + 1] = ("@%s without a [unit]: %s"):format(t[1], t[2])
    end
    if count[tag] then count[tag] = count[tag] + 1 end
  end
  -- (a C function takes no argument when its example calls it with none: fc.x.y(), d:mean())
  local usage = ""
  for _, t in ipairs(tags) do if t[1] == "usage" then usage = t[2] end end
  local method = name and name:match(":([%w_]+)$")
  local called_bare = usage:match("^[%w_.]+%(%)") or (method and usage:find(":" .. method .. "()", 1, true))
  if count.param == 0 and nparams ~= 0 and not (nparams == nil and called_bare) then
    out[#out + 1] = "no @param"
  end
  if count["return"] == 0 then out[#out + 1] = "no @return" end
  if count.raise == 0 then out[#out + 1] = "no @raise" end
  if count.usage ~= 1 then out[#out + 1] = "one @usage expected, found " .. count.usage end
  return out, tags
end

-- Parameters a Lua function declares (0 for f() with no vararg); nil for a C function.
local function nparams_of(fn)
  local info = debug.getinfo(errors._origin[fn] or fn, "u")
  if info.nparams == nil or debug.getinfo(errors._origin[fn] or fn, "S").what == "C" then return nil end
  return info.isvararg and -1 or info.nparams
end

local LUA = os.getenv("LUA") or "lua5.4"
local function q(s) return "'" .. tostring(s):gsub("'", "'\\''") .. "'" end

-- Splits an example "STATEMENTS; EXPR --> EXPECTED" into the code before the value, the value's
-- expression and the expected text (nil when the example states no result).
local function split_usage(text)
  local code, want = text:match("^(.-)%s*%-%->%s*(.-)%s*$")
  code = code or text
  local value = code:gsub("^local [%w_]+ = ", "")
  if load("return " .. value) then return "", value, want end
  for i = #code, 1, -1 do
    if code:sub(i, i) == ";" and load(code:sub(1, i)) and load("return " .. code:sub(i + 1)) then
      return code:sub(1, i), code:sub(i + 1), want
    end
  end
  if want then error("usage: no expression before '-->' in: " .. text) end
  return code, nil, nil
end

-- Runs an example in a fresh Lua state (a new process, 120 s at most); -> ok, type, value text.
local function run_fresh(name, text)
  local setup, expr, want = split_usage(text)
  local chunk = table.concat({
    ("package.path = %q; package.cpath = %q"):format(package.path, package.cpath),
    'fc = require "flopcost"',
    setup,
    "local v = table.pack(" .. (expr or "") .. ")",
    'for i = 1, math.max(v.n, 1) do io.write("\\n@value:", type(v[i]), "\\n", type(v[i]) == "number" and string.format("%.17g", v[i]) or tostring(v[i])) end',
  }, "\n")
  local file = os.tmpname()
  local f = assert(io.open(file, "w"))
  f:write(chunk)
  f:close()
  local p = io.popen(("timeout 120 %s %s 2>&1; echo \"\nexit:$?\""):format(LUA, q(file)))
  local out = p:read("a")
  p:close()
  os.remove(file)
  local status = tonumber(out:match("\nexit:(%d+)\n$"))
  out = out:gsub("\nexit:%d+\n$", "")
  assert(status == 0, ("%s: its @usage failed (exit %s): %s\n%s"):format(name, tostring(status), text, out))
  -- (what the example prints before its values, e.g. fc.cli.main's messages, is not a value)
  local values = {}
  local at = out:find("\n@value:", 1, true)
  while at do
    local next_at = out:find("\n@value:", at + 1, true)
    local vtype, value = out:sub(at + 8, (next_at or 0) - 1):match("^(%a+)\n(.*)$")
    values[#values + 1] = { vtype, value }
    at = next_at
  end
  return want, values
end

-- The example's value against what it says: a number (to the digits written), a quoted string, or
-- text the result's string starts with ("..." at the end).
-- Several numbers "63.48, 63" are the first values, each to its digits.
local function check_usage(name, text)
  local want, values = run_fresh(name, text)
  if not want then return end
  local got = values[1] and values[1][2] or ""
  local nums = {}
  for part in (want .. ", "):gmatch("(.-), ") do nums[#nums + 1] = part:match("^(%-?[%d.]+e?[%-+]?%d*)$") end
  if #nums > 0 and #nums == select(2, (want .. ", "):gsub(", ", "")) then
    for i, num in ipairs(nums) do
      assert.are.equal("number", values[i] and values[i][1], name .. ": " .. text)
      local digits = #(num:gsub("e.*$", ""):gsub("[^%d]", ""):gsub("^0+", ""))
      assert.near(tonumber(num), tonumber(values[i][2]), 0.6 * 10 ^ (1 - math.max(digits, 1)), 1e-300)
    end
  elseif want:match('^".*"$') then
    local s = want:match('^"(.*)"$')
    local prefix = s:match("^(.-)%.%.%.$")
    if prefix then assert.truthy(got:find(prefix, 1, true) == 1, name .. ": " .. got)
    else assert.are.equal(s, got, name) end
  else
    local prefix = want:gsub("%.%.%.$", "")
    assert.truthy(got:find(prefix, 1, true) == 1, name .. ": " .. got .. " vs " .. want)
  end
end

-- The tokens a block says the function returns: quoted words of @return lines that return nil.
local function tokens_of(tags)
  local out = {}
  for _, t in ipairs(tags) do
    if t[1]:match("return$") and t[2]:match("^%s*nil") then
      for tok in t[2]:gmatch('"([%w_]+)"') do out[#out + 1] = tok end
    end
  end
  return out
end

local PUBLIC = help.public()

describe("the public API", function()
  it("is found by walking fc: every module, the plot, report, vega and result classes included", function()
    local names = {}
    for _, e in ipairs(PUBLIC) do names[e.name] = true end
    for _, n in ipairs { "fc.help", "fc.plot.cdf", "fc.report.markdown", "fc.vega.histogram", "fc.inference.serve",
      "fc.buildout.plan", "fc.stock.supply", "fc.finance.npv", "fc.solve.breakeven", "fc.dist.pert",
      "fc.catalog.Catalog:chip", "fc.sensitivity.sobol", "fc.montecarlo.run", "fc.montecarlo.Result:quantile",
      "fc.scenario.Scenario:evaluate", "fc.fleet.stock", "fc.dist.Dist:quantile", "fc.energy.PowerCurve:power_w" } do
      assert.is_true(names[n], n .. " not found by the walk")
    end
    assert.is_true(#PUBLIC > 150, #PUBLIC)
  end)
end)

describe("the API reference", function()
  for _, e in ipairs(PUBLIC) do
    it(e.name .. ": parameters with units, returns, errors, tokens and an example that runs", function()
      local block, where = help.entry(e.fn, e.name)
      assert.truthy(block, "no LDoc entry (a --- block) for " .. e.name)
      local nparams = nparams_of(e.fn)
      if nparams and nparams > 0 and e.name:find(":", 1, true) then nparams = nparams - 1 end -- self
      local miss, tags = missing(block, nparams, e.name)
      assert.are.same({}, miss, e.name .. " (" .. tostring(where) .. ")")
      for _, tok in ipairs(tokens_of(tags)) do
        assert.truthy(errors.tokens[tok], e.name .. " documents the token '" .. tok
          .. "', which is not one of flopcost.errors.tokens")
      end
      for _, t in ipairs(tags) do
        if t[1] == "usage" then check_usage(e.name, t[2]) end
      end
    end)
  end

  it("make doc: LDoc builds the reference without a warning, every public function in it", function()
    assert.truthy(os.execute("command -v ldoc >/dev/null"), "ldoc (Debian lua-ldoc) is needed: make deps")
    local dir = os.tmpname()
    os.remove(dir)
    local p = io.popen(("ldoc -c config.ld -d '%s' . 2>&1; echo \"exit:$?\""):format(dir))
    local log = p:read("a")
    p:close()
    assert.truthy(log:find("exit:0\n", 1, true), log)
    for line in log:gmatch("[^\n]+") do
      -- LDoc's note on files with no documented item (internal helpers) is not a warning
      if not (line:find("contains no items$") or line:find("^reading configuration") or line:find("^output written")
          or line:find("^exit:")) then
        error("LDoc warned: " .. line)
      end
    end
    local ls = io.popen(("ls '%s'/modules/*.html"):format(dir))
    local pages = {}
    for path in ls:lines() do
      local f = assert(io.open(path))
      pages[#pages + 1] = f:read("a")
      f:close()
    end
    ls:close()
    local all = table.concat(pages, "\n")
    -- LDoc's summary is the first sentence, cut at ". ": an abbreviation there cuts it short
    -- ("... NREL/TP-462-5173, eq." was the summary of fc.finance.crf)
    for summary in all:gmatch('<td class="summary">(.-)</td>') do
      for _, abbr in ipairs { "al", "eq", "sec", "Pub", "Trans", "e.g", "i.e", "vs", "cf", "Fig", "ch" } do
        assert.is_nil(summary:find(" " .. abbr:gsub("%.", "%%.") .. "%.$"), "summary cut short: " .. summary)
      end
    end
    for _, e in ipairs(PUBLIC) do
      local key = e.name:match("([%w_]+:[%w_]+)$") or e.name:match("([%w_]+)$")
      assert.truthy(all:find('name = "' .. key:gsub("%p", "%%%0") .. '"'), e.name .. " not in the reference")
    end
    os.execute(("rm -rf '%s'"):format(dir))
  end)

  it("fc.help prints the entry of a C function (its @function block) and of a Lua one", function()
    local text = help.text("fc.finance.crf")
    assert.truthy(text:find("@tparam number years recovery period, > 0 [years]", 1, true), text)
    assert.truthy(text:find("NREL/TP-462-5173", 1, true), text)
    text = help.text(fc.inference.serve)
    assert.truthy(text:find('@return nil, message, "latency"', 1, true), text)
  end)

  it("a block short of the full tags is caught (the check itself can fail)", function()
    local miss = missing({ "Summary.", "@tparam number x the value", "@treturn number y [m]" }, 1, "fc.x.y")
    assert.are.same({ "@tparam without a [unit]: number x the value", "no @raise", "one @usage expected, found 0" },
      miss)
    assert.are.same({ "no @param", "no @return", "no @raise", "one @usage expected, found 0" },
      (missing({ "Summary." }, nil, "fc.x.y")))
  end)

  it("a token the errors module does not list is caught", function()
    local _, tags = missing({ "x", '@return nil, message, "no_such_token"' }, 0)
    assert.are.same({ "no_such_token" }, tokens_of(tags))
    assert.is_nil(errors.tokens.no_such_token)
  end)
end)

-- Found while documenting each public function (each case failed before its fix).
describe("bad input found by the reference", function()
  it("a provenance that is not a table is refused, naming the function (was: read as empty)", function()
    for _, f in ipairs { "normalize", "sentences" } do
      local ok, err = pcall(fc.plot.provenance[f], 1)
      assert.is_false(ok, f)
      assert.truthy(tostring(err):find("flopcost.plot.provenance." .. f .. ": argument 'p': provenance table or nil "
        .. "expected, got 1", 1, true), err)
    end
    local ok, err = pcall(fc.plot.provenance.lines, "Scenario: x", 60)
    assert.is_false(ok)
    assert.truthy(tostring(err):find("flopcost.plot.provenance.lines: argument 'p'", 1, true), err)
    assert.are.equal("not given", fc.plot.provenance.normalize(nil).scenario)
  end)

  it("every method of a Monte Carlo result can be called on one (r:histogram() raised: the field shadowed it)",
    function()
      local r = fc.montecarlo(fc.scenario { region = "us-va", chip = "H100-SXM" },
        { samples = 200, seed = 1, vary = { ["region.pue"] = fc.dist.uniform(1.1, 1.3) } })
      for k, v in pairs(fc.montecarlo.Result) do
        if type(v) == "function" and not k:match("^_") then
          assert.are.equal(v, getmetatable(r).__index[k], k)
          assert.are_not.equal("table", type(rawget(r, k)), "r." .. k .. " hides the method r:" .. k .. "()")
        end
      end
      assert.are.equal("table", type(r.histogram.counts))
    end)

  it("fc.compare.run refuses an option it does not know (was: ignored; issue 23: every option acts or is refused)",
    function()
      local ok, err = pcall(fc.compare.run, fc.compare.load_study(), { interval = false })
      assert.is_false(ok)
      assert.truthy(tostring(err):find("flopcost.compare.run: unknown option 'interval' (did you mean 'intervals'?)",
        1, true), err)
      -- and the grid's text and files (were ignored too)
      local grid = fc.compare.run(fc.compare.load_study(), { intervals = false })
      ok, err = pcall(fc.compare.text, grid, { wdie = true })
      assert.is_false(ok)
      assert.truthy(tostring(err):find("flopcost.compare.text: unknown option 'wdie' (did you mean 'wide'?)", 1, true), err)
      ok, err = pcall(fc.compare.write_files, grid, os.tmpname() .. "-x", { svg = false })
      assert.is_false(ok)
      assert.truthy(tostring(err):find("flopcost.compare.write_files: unknown option 'svg'", 1, true), err)
    end)

  it("fc.compare.cells, count and merge_states name themselves (were: flopcost.compare.run, .merge)", function()
    for _, f in ipairs { "cells", "count" } do
      local ok, err = pcall(fc.compare[f], 1)
      assert.is_false(ok)
      assert.truthy(tostring(err):find("flopcost.compare." .. f .. ": argument 'study'", 1, true), err)
    end
    local ok, err = pcall(fc.compare.merge_states, 1)
    assert.is_false(ok)
    assert.truthy(tostring(err):find("flopcost.compare.merge_states: argument 'states'", 1, true), err)
  end)

  it("fc.scenariofile.load refuses options that are not a table (was: an internal 'attempt to index')", function()
    local ok, err = pcall(fc.scenariofile.load, "models/scenarios/default.lua", 1)
    assert.is_false(ok)
    assert.truthy(tostring(err):find("flopcost.scenariofile.load: argument 'opts': options table expected, got 1",
      1, true), err)
  end)

  it("fc.stock.load returns nil, message, token for a file it cannot read (was: no token, no name)", function()
    local v, msg, token = fc.stock.load("/nonexistent/flopcost-supply.json")
    assert.is_nil(v)
    assert.truthy(msg:find("^flopcost.stock.load: cannot read"), msg)
    assert.are.equal("io_error", token)
  end)
end)
