-- The catalog's ranges as Monte Carlo inputs (issue 23): --ranges catalog, uncertainty =
-- "catalog" in a study or a call; mc with nothing to vary says how to add it.
local fc = require "flopcost"
local ranges = require "flopcost.ranges"

local build = os.getenv("FLOPCOST_BUILD") or "build"
local root = io.popen("pwd"):read("l")
local function q(s) return "'" .. tostring(s):gsub("'", "'\\''") .. "'" end
local function cli(args)
  local p = io.popen(("FLOPCOST_BUILD=%s %s %s 2>&1; echo \"exit:$?\""):format(
    q(build:sub(1, 1) == "/" and build or (root .. "/" .. build)), q(root .. "/bin/flopcost"), args))
  local out = p:read("a")
  p:close()
  return out:gsub("exit:%d+\n$", ""), tonumber(out:match("exit:(%d+)\n$"))
end

describe("flopcost.ranges.inputs", function()
  it("lists every figure the scenario takes from the catalog that has a range, and only those", function()
    local s = fc.scenario { region = "us-va", chip = "H100-SXM" }
    local got = {}
    for _, i in ipairs(ranges.inputs(s)) do got[i.key] = i end
    local cat = fc.catalog.default()
    local n = 0
    for _, src in ipairs(s.sources) do
      local entry = src.kind == "region" and cat:region(src.of) or cat:chip(src.of)
      local m = entry.meta and entry.meta[src.figure]
      -- water enters no cost (no Monte Carlo output): its ranges are not drawn
      local water = src.field == "wue_l_per_kwh" or src.field == "electricity_water_l_per_kwh"
      if m and m.range and src.field ~= "peak_flops_per_s" and not water then
        n = n + 1
        local key = src.kind .. "." .. entry.name .. "." .. src.figure
        assert.truthy(got[key], key .. " has a range in the catalog but is not drawn")
        assert.are.same(m.range, got[key].range)
        assert.are.equal(entry[src.figure], got[key].value)
      end
    end
    local count = 0
    for _ in pairs(got) do count = count + 1 end
    assert.are.equal(n, count)
    -- the H100's price carries a range (33,750-46,875 in the bundled catalog) and is drawn
    assert.truthy(got["chip.H100-SXM.price_usd"])
    -- a figure the scenario sets itself is not the catalog's: not drawn
    local own = fc.scenario { region = "us-va", chip = "H100-SXM", pue = 1.3 }
    for _, i in ipairs(ranges.inputs(own)) do assert.are_not.equal("pue", i.field) end
  end)

  it("keeps the catalog value as the mode: PERT inside the range, uniform at an end", function()
    local d = ranges.around(37080.5, 33750, 46875)
    -- PERT mean (lo + 4 mode + hi) / 6 (Malcolm et al. 1959)
    assert.near((33750 + 4 * 37080.5 + 46875) / 6, d:mean(), 1e-9)
    local u = ranges.around(0, 0, 25)
    assert.near(12.5, u:mean(), 1e-12)
    assert.near(25 / math.sqrt(12), u:sd(), 1e-9)
  end)
end)

describe("Monte Carlo over the catalog's ranges", function()
  -- Every region figure set by the scenario: only the H100's price (and its rental, which the
  -- cost does not use) come from ranged catalog figures. The cost is linear in the chip price
  -- (capex = price x server and network multiples, recovered by the CRF), so its mean is the
  -- cost at the mean price, (lo + 4 mode + hi) / 6, computed here from two point evaluations.
  local o = { region = "us-va", chip = "H100-SXM", pue = 1.2, wacc = 0.06, facility_usd_per_kw = 11700,
    grid_kg_co2_per_kwh = 0.26, carbon_usd_per_t = 0, electricity_usd_per_kwh = 0.08 }
  it("draws the chip price over its range: the mean is the cost at the PERT mean", function()
    local s = fc.scenario(o)
    local keys = {}
    for _, i in ipairs(ranges.inputs(s)) do keys[#keys + 1] = i.key end
    table.sort(keys)
    assert.are.same({ "chip.H100-SXM.price_usd", "chip.H100-SXM.rental_usd_per_hour" }, keys)
    local m = fc.catalog.default():chip("H100-SXM").meta.price_usd.range
    local v = fc.catalog.default():chip("H100-SXM").price_usd
    local function at(price)
      local c = fc.catalog.default():override("chip", "H100-SXM", { price_usd = price })
      local oo = {}
      for k, x in pairs(o) do oo[k] = x end
      oo.catalog = c
      return fc.scenario(oo):evaluate().usd_per_eflop
    end
    local a, b = at(30000), at(40000)
    local slope = (b - a) / 10000
    local mean_price = (m[1] + 4 * v + m[2]) / 6
    local want = a + slope * (mean_price - 30000)
    local r = fc.montecarlo(s, { uncertainty = "catalog", samples = 200000, seed = 3 })
    -- PERT sd of the price (about 2,200) x slope / sqrt(n): about 0.05 % of the mean; 4 standard errors
    assert.near(want, r.mean, 4 * r.sd / math.sqrt(r.n) / want)
    assert.is_true(r.p05 < at(v) and at(v) < r.p95)
  end)

  it("uncertainty = 'catalog' in a call is vary = ranges.vary(s), bit for bit", function()
    local s = fc.scenario { region = "cn-guizhou", chip = "Ascend-910B" }
    local a = fc.montecarlo(s, { uncertainty = "catalog", samples = 20000, seed = 9 })
    local b = fc.montecarlo(s, { vary = ranges.vary(s), samples = 20000, seed = 9 })
    assert.are.equal(b.mean, a.mean)
    assert.are.equal(b.p95, a.p95)
    -- a vary input for the same figure replaces the catalog's range
    local c = fc.montecarlo(s, { uncertainty = "catalog", vary = { pue = fc.dist.fixed(1.2) }, samples = 20000,
      seed = 9 })
    assert.are_not.equal(a.mean, c.mean)
    local names = {}
    for _, row in ipairs(c:tornado()) do names[row.name] = true end
    assert.is_nil(names["region.cn-guizhou.pue"])
    assert.truthy(names["pue"])
  end)

  it("a study with uncertainty = 'catalog' draws each cell's ranges for its interval", function()
    local study = { schema = "flopcost.study/1", base = { utilization = 0.7 }, regions = { "us-va" },
      mixes = { { chips = { ["H100-SXM"] = 1 } } }, uncertainty = "catalog", samples = 5000, seed = 11 }
    local grid = fc.compare.run(study)
    local iv = grid.results[1].interval
    local mc = fc.montecarlo(grid.cells[1], { uncertainty = "catalog", samples = 5000, seed = 12 })
    assert.are.equal(mc.p05, iv.p05)
    assert.are.equal(mc.p95, iv.p95)
  end)
end)

describe("the command line", function()
  it("mc with nothing to vary says how to add it (exit 2)", function()
    local out, status = cli("mc --set region=us-va --set chip=H100-SXM")
    assert.are.equal(2, status, out)
    assert.truthy(out:find("--ranges catalog", 1, true), out)
    assert.truthy(out:find("--vary FIELD=DIST", 1, true), out)
    for line in out:gmatch("[^\n]+") do assert.is_true(#line <= 100, line) end
  end)

  it("mc --ranges catalog runs the catalog's ranges, as fc.montecarlo does", function()
    local out, status = cli("mc --set region=us-va --set chip=H100-SXM --ranges catalog --samples 20000 "
      .. "--format json")
    assert.are.equal(0, status, out)
    local j = require("flopcost.core").json.decode(out)
    local r = fc.montecarlo(fc.scenario { region = "us-va", chip = "H100-SXM" },
      { uncertainty = "catalog", samples = 20000, seed = 1 })
    assert.are.equal(r.mean, j.mean)
    assert.are.equal("--set region=us-va; --set chip=H100-SXM; --ranges catalog", j.whatifs)
  end)

  it("compare --ranges catalog gives every row an interval", function()
    local out, status = cli("compare --set region=us-va --ranges catalog --format csv")
    assert.are.equal(0, status, out)
    local n = 0
    for _ in out:gmatch("[^\n]+") do n = n + 1 end
    assert.is_true(n >= 3, out)
    assert.truthy(out:match("interval_p05"), out)
  end)
end)
