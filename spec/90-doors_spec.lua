-- One scenario, one answer through every door (issue 23): H100-SXM in us-va with nothing else given
-- costs the same through fc.scenario, flopcost run, flopcost mc, flopcost compare and compare's
-- CSV, JSON, workbook and HTML report, because every door composes it from the one table of
-- defaults in C (fc_compose.c param_defaults). Before that table carried the default study's
-- utilization (0.7) and maintenance (3 %/y), fc.scenario, run and mc gave $1.14 and compare $1.78.
local fc = require "flopcost"
-- spec.helpers (below) also registers assert.near(expected, actual, rel_tol [, abs_tol])

local build = os.getenv("FLOPCOST_BUILD") or "build"
local root = io.popen("pwd"):read("l")
local H = require "spec.helpers"
local q, sh = H.quote, H.sh
local function cli(args)
  return sh(("FLOPCOST_BUILD=%s %s %s"):format(q(build:sub(1, 1) == "/" and build or (root .. "/" .. build)),
    q(root .. "/bin/flopcost"), args))
end

-- By hand, H100-SXM in us-va at the defaults (models/chips.json, models/regions.json, fc_compose.c):
--   price $37,080.50 per GPU as a server share (Supermicro HGX H100 8-GPU / 8), chip 37080.50 / 1.64
--   = 22610.06; us-va WACC 6 %: CRF(6 %, 5) = 0.06 / (1 - 1.06^-5) = 0.2373965, 8766 h a year
--   chip 22610.06 x 0.2373965 / 8766 = 0.612314          server x 0.64 = 0.391881 $/h
--   network (22610.06 x 1.64 / 0.81 - 37080.50) x 0.2373965 / 8766 = 0.235552
--   facility $11,700/kW x (0.7 kW x 1.8214) x CRF(6 %, 20) 0.0871846 / 8766 = 0.148364
--   energy: the measured H100 curve at the default utilization 0.7 (Steffen's cubic between
--   0.5 -> 509.57 W and 0.75 -> 637.37 W, end slopes 613.80 and 363.86 W) = 617.3457 W,
--   x 1.8214 x PUE 1.2 / 1000 x $0.0892/kWh = 0.120359; carbon: us-va has no carbon price
--   opex: the default maintenance 0.03 x 45778.39 (the cluster capex 22610.06 x 1.64 / 0.81) / 8766
--   = 0.156668                                  total 1.665138 $/h
--   useful FLOP/h = 989.5e12 (BF16 dense) x MFU 0.375 x utilization 0.7 x 3600 = 9.350775e17
--   $/1e18 FLOP = 1.665138 / 0.9350775 = 1.780749
local WANT = 1.780749

describe("one scenario through every door", function()
  local dir = os.tmpname()
  os.remove(dir)
  assert(os.execute("mkdir -p " .. q(dir)))
  local sets = "--set region=us-va --set chip=H100-SXM"

  it("fc.scenario gives the hand calculation at the defaults (utilization 0.7, maintenance 3 %)", function()
    local r = fc.scenario { region = "us-va", chip = "H100-SXM" }:evaluate()
    local per_h = { chip = 0.612314, server = 0.391881, network = 0.235552, facility = 0.148364,
      energy = 0.120359, carbon = 0, opex = 0.156668 }
    for k, v in pairs(per_h) do assert.near(v, r.per_hour[k], 0, 1e-6) end
    assert.near(9.350775e17, r.useful_flop_per_h, 1e-9)
    assert.near(WANT, r.usd_per_eflop, 1e-6)
    local d = require("flopcost.core").scenario.defaults()
    assert.are.same({ 0.7, 0.03 }, { d.utilization, d.maintenance_fraction })
  end)

  it("flopcost run (a scenario file and a script) prints the same figure", function()
    local f = assert(io.open(dir .. "/s.json", "w"))
    f:write('{"region": "us-va", "chip": "H100-SXM"}')
    f:close()
    local out, status = cli("run " .. q(dir .. "/s.json"))
    assert.are.equal(0, status, out)
    assert.near(WANT, tonumber(out:match("%$([%d.]+) per 1e18")), 0, 0.005) -- 3 significant figures
    f = assert(io.open(dir .. "/s.lua", "w"))
    f:write('local fc = require "flopcost"\n'
      .. 'print(("%.17g"):format(fc.scenario{region = "us-va", chip = "H100-SXM"}:evaluate().usd_per_eflop))\n')
    f:close()
    out, status = cli("run " .. q(dir .. "/s.lua"))
    assert.are.equal(0, status, out)
    assert.near(WANT, tonumber(out:match("[%d.]+")), 1e-6)
  end)

  it("flopcost mc: its point, and every draw when nothing the cost uses varies", function()
    -- the rental price moves only the cloud figure: every draw of the owned cost is the point
    local out, status = cli("mc " .. sets .. " --vary 'rental_usd_per_hour=uniform(2,4)' --samples 500")
    assert.are.equal(0, status, out)
    assert.near(WANT, tonumber(out:match("point ([%d.]+)")), 1e-5) -- printed to 6 figures
    local mean, sd = out:match("mean ([%d.]+), sd ([%d.e+-]+)")
    assert.near(WANT, tonumber(mean), 1e-5)
    assert.are.equal(0, tonumber(sd))
  end)

  it("flopcost compare: the text table, CSV and JSON", function()
    local out, status = cli("compare " .. sets .. " --no-intervals")
    assert.are.equal(0, status, out)
    local row = out:match("\n%s+us%-va%s+domestic%s+([%d.]+)")
    assert.near(WANT, tonumber(row), 0, 0.005)
    local csv = cli("compare " .. sets .. " --no-intervals --format csv")
    local head, line = csv:match("^([^\n]+)\n([^\n]+)")
    local names, cells = {}, {}
    for name in head:gmatch("[^,]+") do names[#names + 1] = name end
    for cell in line:gsub('"[^"]*"', "x"):gmatch("([^,]*),?") do cells[#cells + 1] = cell end
    local got
    for i, name in ipairs(names) do if name == "usd_per_eflop" then got = tonumber(cells[i]) end end
    assert.near(WANT, got, 1e-6)
    local js = fc.json.decode((cli("compare " .. sets .. " --no-intervals --format json")))
    assert.are.equal(1, #js)
    assert.near(WANT, js[1].usd_per_eflop, 1e-6)
  end)

  it("compare's workbook computes the same figure in its formulas (Gnumeric recalculation)", function()
    assert(sh("command -v ssconvert") ~= "", "ssconvert (Debian gnumeric) is needed: make deps installs it")
    local out, status = cli("compare " .. sets .. " --no-intervals --format xlsx --out " .. q(dir .. "/w"))
    assert.are.equal(0, status, out)
    out, status = sh(("cd %s && unset LD_PRELOAD; timeout 300 ssconvert --recalc -S w.xlsx sheet.csv"):format(q(dir)))
    assert.are.equal(0, status, out)
    local lines = {}
    for l in io.lines(dir .. "/sheet.csv.1") do lines[#lines + 1] = l end
    local col = 0
    for h in lines[1]:gmatch("([^,]*),?") do
      col = col + 1
      if h:gsub('"', "") == "USD per 1e18 useful FLOP (formula)" then break end
    end
    local cells = {}
    for c in lines[2]:gsub('"[^"]*"', "x"):gmatch("([^,]*),?") do cells[#cells + 1] = c end
    assert.near(WANT, tonumber(cells[col]), 1e-6)
  end)

  it("compare's HTML report shows it in the table and carries it in the charts' data", function()
    local out, status = cli("compare " .. sets .. " --no-intervals --format html --out " .. q(dir .. "/r"))
    assert.are.equal(0, status, out)
    local html = assert(io.open(dir .. "/r.html")):read("a")
    local cell = html:match('<td class="text">domestic</td>%s*<td class="num">%$([%d.]+)</td>')
    assert.near(WANT, tonumber(cell), 0, 0.005)
    local n = 0
    for v in html:gmatch('"usd_per_eflop":([%d.e+-]+)') do
      n = n + 1
      assert.near(WANT, tonumber(v), 1e-6)
    end
    assert.is_true(n >= 1)
  end)

  teardown(function() os.execute("rm -rf " .. q(dir)) end)
end)
