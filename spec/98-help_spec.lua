-- The API reference (issue 23): `make doc` builds it with LDoc (Debian lua-ldoc) into
-- build/doc; fc.help(fn) prints the same documentation at the REPL and in the kernel.
local fc = require "flopcost"

local function sh(cmd)
  local p = io.popen(cmd .. " 2>&1; echo \"exit:$?\"")
  local out = p:read("a")
  p:close()
  return out:gsub("exit:%d+\n$", ""), tonumber(out:match("exit:(%d+)\n$"))
end

describe("fc.help", function()
  it("prints a C core function's header entry: formula, source, domain, errors", function()
    local text = require("flopcost.help").text(fc.finance.crf)
    assert.truthy(text:find("CRF = r / (1 - (1 + r)^-n)", 1, true), text)
    assert.truthy(text:find("NREL/TP-462-5173", 1, true), text)
    assert.truthy(text:find("Errors: FC_EDOM", 1, true), text)
  end)
  it("prints a Lua function's documentation comment, also behind a public wrapper", function()
    local text = require("flopcost.help").text
    assert.truthy(text(fc.ranges.around):find("PERT(lo, value, hi)", 1, true))
    assert.truthy(text(fc.report.xlsx):find("live formulas", 1, true))
    assert.truthy(text("fc.report.xlsx"):find("live formulas", 1, true))
  end)
  it("prints a module's header and lists its functions", function()
    local text = require("flopcost.help").text(fc.montecarlo)
    assert.truthy(text:find("uncertainty of a scenario's cost", 1, true), text)
    assert.truthy(text:find("functions: .*merge"), text)
  end)
  it("prints a sub-module's header too (fc.plot.provenance), by name and by value", function()
    local text = require("flopcost.help").text
    for _, what in ipairs { "fc.plot.provenance", fc.plot.provenance } do
      local t = text(what)
      assert.truthy(t:find("^fc.plot.provenance\n"), t)
      assert.truthy(t:find("what every chart says about where its numbers", 1, true), t)
    end
  end)
  it("refuses what is not there", function()
    local ok, err = pcall(fc.help, "fc.nosuch.thing")
    assert.is_false(ok)
    assert.truthy(tostring(err):find("flopcost.help: no function or module 'fc.nosuch.thing'", 1, true))
  end)
  it("is completed at the REPL after fc.", function()
    local got = require("flopcost.cli.repl").completer({ fc = fc })("fc.hel")
    assert.are.same({ "fc.help" }, got)
  end)
end)

describe("fc.help and completion for every public function (walked from fc: flopcost.help.public)", function()
  local help = require "flopcost.help"
  local public = help.public()
  local repl = require "flopcost.cli.repl"

  it("fc.help(name) and fc.help(fn) print its LDoc entry", function()
    for _, e in ipairs(public) do
      local block = help.entry(e.fn, e.name)
      assert.truthy(block, e.name)
      local by_name = help.text(e.name)
      assert.truthy(by_name:find(e.name, 1, true) == 1, by_name)
      assert.truthy(by_name:find(block[1], 1, true), e.name .. ": " .. by_name)
      assert.truthy(help.text(e.fn):find(block[1], 1, true), e.name)
    end
  end)

  it("Tab completes every public name (a method after its class: fc.catalog.Catalog.chip)", function()
    local complete = repl.completer({ fc = fc })
    for _, e in ipairs(public) do
      local name = e.name:gsub(":", ".")
      local got = {}
      for _, c in ipairs(complete(name)) do got[c] = true end
      assert.is_true(got[name], name .. " not completed")
    end
    -- and a method after an object of its class: cat:ch<TAB>
    local got = repl.completer({ cat = fc.catalog.default() })("cat:chi")
    assert.are.same({ "cat:chip", "cat:chips" }, got)
  end)

  it("prints the entry in the notebook kernel (flopcost repl --kernel), e.g. fc.help(\"fc.plot.cdf\")", function()
    local build = os.getenv("FLOPCOST_BUILD") or "build"
    local input = os.tmpname()
    local f = assert(io.open(input, "w"))
    f:write('{"code": "fc.help(\\"fc.plot.cdf\\")", "id": 1}\n',
      '{"code": "fc.help(fc.montecarlo.Result.quantile)", "id": 2}\n')
    f:close()
    local out, status = sh(("FLOPCOST_BUILD=%s bin/flopcost repl --kernel < %s"):format(build, input))
    local mark = require("flopcost.cli.repl").MARK
    os.remove(input)
    assert.are.equal(0, status, out)
    -- each cell: what it printed (the entry), then the reply line; nothing returned, so the
    -- notebook shows the entry once
    local cells = {}
    -- (mark: "\1FLOPCOST ", the reply line's)
    for printed, reply in out:gmatch("(.-)\n" .. mark:gsub("%p", "%%%0") .. "(%b{})\n") do
      cells[#cells + 1] = { printed = printed, reply = require("flopcost.core").json.decode(reply) }
    end
    assert.are.equal(2, #cells, out)
    local first = help.entry(fc.plot.cdf, "fc.plot.cdf")[1]
    assert.is_true(cells[1].reply.ok, out)
    assert.is_nil(cells[1].reply.data, out)
    assert.truthy(cells[1].printed:find("^%s*fc.plot.cdf\n"), out)
    assert.are.equal(1, select(2, cells[1].printed:gsub(first:gsub("%p", "%%%0"), "")), out)
    assert.truthy(cells[2].printed:find("@treturn number the quantile", 1, true), out)
    for line in out:gmatch("[^\n]+") do
      if not line:find(mark, 1, true) then assert.is_true(#line <= 100, line) end
    end
  end)

  it("is named in the REPL's greeting, with Tab completion (discoverability, issue 23)", function()
    local build = os.getenv("FLOPCOST_BUILD") or "build"
    local out = sh(("printf '' | FLOPCOST_BUILD=%s bin/flopcost repl"):format(build))
    assert.truthy(out:find("fc.help(fc.finance.crf) or fc.help(\"fc.plot\") prints the reference; Tab completes names.",
      1, true), out)
  end)

  it("prints the entry once at the REPL, lines at most 100 columns (issue 23: REPL widths)", function()
    local build = os.getenv("FLOPCOST_BUILD") or "build"
    local out, status = sh(("printf 'fc.help(\"fc.report.xlsx\")\\n' | FLOPCOST_BUILD=%s bin/flopcost repl"):format(build))
    assert.are.equal(0, status, out)
    local first = help.entry(fc.report.xlsx, "fc.report.xlsx")[1]
    assert.are.equal(1, select(2, out:gsub(first:gsub("%p", "%%%0"), "")), out)
    for line in out:gmatch("[^\n]+") do assert.is_true(#line <= 100, line) end
  end)
end)

describe("make doc", function()
  it("builds the LDoc reference of every module into build/doc", function()
    local build = os.getenv("FLOPCOST_BUILD") or "build"
    local out, status = sh("make --no-print-directory doc BUILD=" .. build)
    assert.are.equal(0, status, out)
    local f = assert(io.open(build .. "/doc/index.html"))
    local index = f:read("a")
    f:close()
    for _, mod in ipairs { "ranges", "whatif", "report.xlsx", "help", "montecarlo", "compare" } do
      assert.truthy(index:find('modules/' .. mod .. '.html"', 1, true), mod .. " missing from the reference")
    end
    local page = assert(io.open(build .. "/doc/modules/ranges.html")):read("a")
    assert.truthy(page:find("PERT(lo, value, hi)", 1, true))
  end)
end)
