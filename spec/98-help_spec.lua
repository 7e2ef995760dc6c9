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
    local text = fc.help(fc.finance.crf)
    assert.truthy(text:find("CRF = r / (1 - (1 + r)^-n)", 1, true), text)
    assert.truthy(text:find("NREL/TP-462-5173", 1, true), text)
    assert.truthy(text:find("Errors: FC_EDOM", 1, true), text)
  end)
  it("prints a Lua function's documentation comment, also behind a public wrapper", function()
    assert.truthy(fc.help(fc.ranges.around):find("PERT(lo, value, hi)", 1, true))
    assert.truthy(fc.help(fc.report.xlsx):find("live formulas", 1, true))
    assert.truthy(fc.help("fc.report.xlsx"):find("live formulas", 1, true))
  end)
  it("prints a module's header and lists its functions", function()
    local text = fc.help(fc.montecarlo)
    assert.truthy(text:find("uncertainty of a scenario's cost", 1, true), text)
    assert.truthy(text:find("functions: .*merge"), text)
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
