-- The API reference (issue 23): every public function of the Lua API contract (DESIGN.md section 4)
-- has an LDoc entry with its parameters and their units, its return values (fields, units), the
-- errors it raises (or returns as tokens) and an example; the example runs and gives what it says;
-- `make doc` (LDoc, Debian lua-ldoc) builds the reference without a warning. fc.help prints the
-- same entries, those of the C core's functions included.
local fc = require "flopcost"
require "spec.helpers" -- assert.near(expected, actual, rel_tol [, abs_tol])

-- The contract: file, and the name its entry documents ("@function NAME", or the definition below it).
local CONTRACT = {
  { "lua/flopcost/yield.lua", "dies_per_wafer", "fc.yield.dies_per_wafer" },
  { "lua/flopcost/yield.lua", "die_yield", "fc.yield.die_yield" },
  { "lua/flopcost/finance.lua", "crf", "fc.finance.crf" },
  { "lua/flopcost/finance.lua", "interest_during_construction", "fc.finance.interest_during_construction" },
  { "lua/flopcost/training.lua", "flops", "fc.training.flops" },
  { "lua/flopcost/training.lua", "chip_hours", "fc.training.chip_hours" },
  { "lua/flopcost/energy.lua", "kwh", "fc.energy.kwh" },
  { "lua/flopcost/export.lua", "tpp", "fc.export.tpp" },
  { "lua/flopcost/export.lua", "classify", "fc.export.classify" },
  { "lua/flopcost/catalog/load.lua", "load", "fc.catalog.load" },
  { "lua/flopcost/catalog/lookup.lua", "Catalog:chip" },
  { "lua/flopcost/catalog/lookup.lua", "Catalog:region" },
  { "lua/flopcost/scenario/init.lua", "new", "fc.scenario" },
  { "lua/flopcost/scenario/init.lua", "Scenario:evaluate", nil, true },
  { "lua/flopcost/montecarlo.lua", "run", "fc.montecarlo" },
  { "lua/flopcost/inference/init.lua", "serve", "fc.inference.serve" },
  { "lua/flopcost/inference/init.lua", "fleet", "fc.inference.fleet" },
  { "lua/flopcost/sensitivity.lua", "sobol", "fc.sensitivity.sobol" },
  { "lua/flopcost/stock.lua", "supply", "fc.stock.supply" },
  { "lua/flopcost/stock.lua", "national", "fc.stock.national" },
  { "lua/flopcost/init.lua", "help", "fc.help" },
  -- the charts and reports an analyst shares (issue 23: "no reference for the plot and report functions")
  { "lua/flopcost/plot/compare.lua", "compare", "fc.plot.compare" },
  { "lua/flopcost/plot/lines.lua", "lines", "fc.plot.lines" },
  { "lua/flopcost/plot/distribution.lua", "histogram", "fc.plot.histogram" },
  { "lua/flopcost/plot/tornado.lua", "tornado", "fc.plot.tornado" },
  { "lua/flopcost/plot/sobol.lua", "sobol", "fc.plot.sobol" },
  { "lua/flopcost/plot/init.lua", "save", "fc.plot.save" },
  { "lua/flopcost/vega.lua", "compare", "fc.vega.compare" },
  { "lua/flopcost/report/csv.lua", "csv", "fc.report.csv" },
  { "lua/flopcost/report/json.lua", "json", "fc.report.json" },
  { "lua/flopcost/report/init.lua", "html", "fc.report.html" },
  { "lua/flopcost/report/init.lua", "xlsx", "fc.report.xlsx" },
}

local function lines_of(path)
  local out = {}
  for l in io.lines(path) do out[#out + 1] = l end
  return out
end

-- The doc block of `name` in a file: the block holding "@function name", or the "---" block right
-- above its definition (function M.name(, function Class:name(, M.name =).
local function block_of(path, name)
  local lines = lines_of(path)
  local method = name:match(":(.+)$")
  for n, l in ipairs(lines) do
    local tagged = l:match("^%s*%-%-%s*@function%s+(%S+)%s*$") == name
    local defined = l:match("^function M%." .. name .. "%(") or l:match("^M%." .. name .. " = ")
      or (method and l:match("^function " .. name:gsub(":", "%%:") .. "%("))
    if tagged or defined then
      local first, last = n, tagged and n or n - 1
      if defined then first = n end
      while first > 1 and lines[first - 1]:match("^%s*%-%-") do first = first - 1 end
      while tagged and last < #lines and lines[last + 1]:match("^%s*%-%-") do last = last + 1 end
      local out = {}
      for i = first, last do out[#out + 1] = (lines[i]:gsub("^%s*%-%-%-?%s?", "")) end
      if #out > 0 and (tagged or lines[first]:match("^%s*%-%-%-")) then return out end
    end
  end
end

-- The block's tags: { {tag, text}, ... }, continuation lines joined.
local function tags_of(block)
  local tags = {}
  for _, l in ipairs(block) do
    local tag, text = l:match("^@(%w+)%s*(.*)$")
    -- "@tparam[opt=300] number x": the modifier is not the text
    if tag then tags[#tags + 1] = { tag, (text:gsub("^%[[^%]]*%]%s*", "")) }
    elseif #tags > 0 then tags[#tags][2] = tags[#tags][2] .. " " .. l end
  end
  return tags
end

-- Runs an example "EXPR --> EXPECTED": a number (to the digits written), a quoted string, or text
-- the result's string starts with ("..." at the end).
local function check_usage(name, text)
  local expr, want = text:match("^(.-)%s*%-%->%s*(.-)%s*$")
  expr = (expr or text):gsub("^local [%w_]+ = ", "")
  local chunk = assert(load("return " .. expr, "=usage of " .. name, "t", setmetatable({ fc = fc }, { __index = _G })))
  local v = chunk()
  if not want then return end
  local num = want:match("^(%-?[%d.]+e?[%-+]?%d*)")
  if num and tonumber(num) then
    local digits = #(num:gsub("e.*$", ""):gsub("[^%d]", ""):gsub("^0+", ""))
    assert.near(tonumber(num), v, 0.6 * 10 ^ (1 - math.max(digits, 1)))
  elseif want:match('^"') then
    local s = want:match('^"(.-)"')
    local prefix = s:match("^(.-)%.%.%.$")
    if prefix then assert.truthy(tostring(v):find(prefix, 1, true) == 1, tostring(v))
    else assert.are.equal(s, tostring(v)) end
  else
    local prefix = want:gsub("%.%.%.$", "")
    assert.truthy(tostring(v):find(prefix, 1, true) == 1, tostring(v) .. " vs " .. want)
  end
end

describe("the API reference", function()
  for _, c in ipairs(CONTRACT) do
    local path, name, public, noargs = c[1], c[2], c[3], c[4]
    it((public or name) .. ": parameters with units, returns, errors and an example that runs", function()
      local block = block_of(path, name)
      assert.truthy(block, "no documentation block for " .. name .. " in " .. path)
      local count = { param = 0, ["return"] = 0, raise = 0, usage = 0 }
      local tags = tags_of(block)
      -- an options table whose fields have entries of their own (opts.x) needs no unit itself
      local has_fields = {}
      for _, t in ipairs(tags) do
        local parent = t[1] == "tparam" and t[2]:match("^%S+%s+([%w_]+)%.")
        if parent then has_fields[parent] = true end
      end
      for _, t in ipairs(tags) do
        local tag = t[1]:gsub("^t", "") -- tparam, treturn
        local options_table = t[1] == "tparam" and has_fields[t[2]:match("^table%s+([%w_]+)%s") or ""]
        if (tag == "param" or tag == "return") and not options_table then
          -- a unit (or what the value is, for a name or a table) in brackets: [mm^2], [USD], [name]
          assert.truthy(t[2]:find("%[[^%]]+%]"), ("%s: @%s without a [unit]: %s"):format(name, t[1], t[2]))
        end
        if count[tag] then count[tag] = count[tag] + 1 end
        if tag == "usage" then check_usage(name, t[2]) end
      end
      if not noargs then assert.is_true(count.param >= 1, name .. ": no @param") end
      assert.is_true(count["return"] >= 1, name .. ": no @return")
      assert.is_true(count.raise >= 1, name .. ": no @raise")
      assert.are.equal(1, count.usage, name .. ": one @usage expected")
    end)
  end

  it("make doc: LDoc builds the reference without a warning, every contract function in it", function()
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
    for _, c in ipairs(CONTRACT) do
      -- LDoc names a page by the module path under lua/flopcost (init.lua: its folder)
      local mod = c[1] == "lua/flopcost/init.lua" and "init" or
        c[1]:gsub("^lua/flopcost/", ""):gsub("/init%.lua$", ""):gsub("%.lua$", ""):gsub("/", ".")
      local f = assert(io.open(dir .. "/modules/" .. mod .. ".html"), mod)
      local html = f:read("a")
      f:close()
      assert.truthy(html:find('name = "' .. c[2]:gsub("%p", "%%%0") .. '"') or
        html:find('name="' .. c[2]:gsub("%p", "%%%0") .. '"'), c[2] .. " not in " .. mod .. ".html")
    end
    os.execute(("rm -rf '%s'"):format(dir))
  end)

  it("fc.help prints the entry of a C function (its @function block) and of a Lua one", function()
    local text = require("flopcost.help").text("fc.finance.crf")
    assert.truthy(text:find("@tparam number years recovery period, > 0 [years]", 1, true), text)
    assert.truthy(text:find("NREL/TP-462-5173", 1, true), text)
    text = require("flopcost.help").text(fc.inference.serve)
    assert.truthy(text:find('@return nil, message, "latency"', 1, true), text)
  end)
end)
