-- REPL widths (issue 23: "REPL results are 125-140 columns"): what the REPL prints for the values
-- a first sitting produces stays within 100 columns. Before: a Monte Carlo result 111 columns, a
-- catalog 145, a cost explanation 309, a compare grid (printed as a Lua table of 46 results) 109,
-- fc.help's entries up to 107 and printed twice.
local function repl(lines)
  local build = os.getenv("FLOPCOST_BUILD") or "build"
  local input = os.tmpname()
  local f = assert(io.open(input, "w"))
  f:write(table.concat(lines, "\n"), "\n")
  f:close()
  local p = io.popen(("FLOPCOST_BUILD=%s bin/flopcost repl < %s 2>&1; echo \"exit:$?\""):format(build, input))
  local out = p:read("a")
  p:close()
  os.remove(input)
  return out:gsub("exit:%d+\n$", ""), tonumber(out:match("exit:(%d+)\n$"))
end

describe("the REPL's results", function()
  local cases = {
    { "a Monte Carlo result", 'fc.montecarlo(fc.scenario{region = "us-va", chip = "H100-SXM"}, {samples = 2000, '
      .. 'seed = 1, vary = {pue = fc.dist.uniform(1.1, 1.3)}})', "%(n = 2000, seed 1" },
    { "a catalog", "fc.catalog.default()", "flopcost.Catalog: %d+ chips" },
    { "a cost explanation", 'fc.report.explain(fc.scenario{region = "us-va", chip = "H100-SXM"}:evaluate(), '
      .. 'fc.scenario{region = "us-tx", chip = "H100-SXM"}:evaluate())', "costs %$0%.0593 less" },
    { "a compare grid", "fc.compare.run(fc.compare.load_study(), {intervals = false})", "Cost per 1e18 training FLOP" },
    { "a scenario result", 'fc.scenario{region = "us-va", chip = "H100-SXM"}:evaluate()', "per 1e18 useful" },
    { "a help entry", 'fc.help("fc.report.xlsx")', "live formulas" },
  }
  for _, c in ipairs(cases) do
    it(c[1] .. " prints in lines of at most 100 columns", function()
      local out, status = repl { c[2] }
      assert.are.equal(0, status, out)
      assert.truthy(out:find(c[3]), out)
      for line in out:gmatch("[^\n]+") do
        -- the prompt ("> ") in front of the first line of a result is the REPL's
        assert.is_true(#line:gsub("^> ", "") <= 100, ("%d columns: %s"):format(#line, line))
      end
    end)
  end
end)
