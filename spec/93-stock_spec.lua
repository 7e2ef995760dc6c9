-- flopcost.stock: chips per year limited by the supply chain, the binding
-- link, shadow prices, national stock in H100-equivalents, intervals, the
-- `flopcost stock` command and its chart. Every expected figure is a hand
-- calculation written out beside it (the core's own cases: csrc/test/test_stock.c).
local fc = require "flopcost"
local H = require "spec.helpers"

local function flopcost(args)
  local p = io.popen("bin/flopcost " .. args .. " 2>&1; echo \"exit=$?\"")
  local out = p:read("a")
  p:close()
  return out, tonumber(out:match("exit=(%d+)%s*$"))
end

describe("fc.stock.supply: each link binds in turn (an A100, which has no supply line)", function()
  -- A100: 312 dense BF16 TFLOP/s = 312 / 989.5 = 0.315311 H100e a chip.
  -- wafers: 1000 a month x 12 x 80 dies x 0.5 yield / 1 die a chip = 480,000 chips
  local base = { wafers_per_month = 1000, dies_per_wafer = 80, die_yield = 0.5, dies_per_chip = 1,
    packages_per_month = 1e5, hbm_stacks_per_year = 1e7, hbm_stacks_per_chip = 4 }
  local function with(t)
    local o = {}
    for k, v in pairs(base) do o[k] = v end
    for k, v in pairs(t) do o[k] = v end
    return fc.stock.supply { chip = "A100-SXM", years = { 2025, 2025 }, inputs = o }
  end
  it("wafers: 1000 x 12 x 80 x 0.5 = 480,000; shadow of a wafer a month 12 x 80 x 0.5 = 480", function()
    local r = with {}
    assert.near(480000, r.chips[2025], 1e-12)
    assert.are.equal("wafers", r.binding[2025])
    assert.near(480, r.shadow[2025].wafers_per_month, 1e-12)
    assert.near(480000 * 312 / 989.5, r.h100e[2025], 1e-12)
    assert.are.equal(0, r.shadow[2025].packages_per_month)
  end)
  it("packaging: 20,000 a month x 12 = 240,000; shadow 12", function()
    local r = with { packages_per_month = 20000 }
    assert.near(240000, r.chips[2025], 1e-12)
    assert.are.equal("packaging", r.binding[2025])
    assert.near(12, r.shadow[2025].packages_per_month, 1e-12)
  end)
  it("hbm: 800,000 stacks / 4 a chip = 200,000; shadow 1/4 a stack", function()
    local r = with { hbm_stacks_per_year = 8e5 }
    assert.near(200000, r.chips[2025], 1e-12)
    assert.are.equal("hbm", r.binding[2025])
    assert.near(0.25, r.shadow[2025].hbm_stacks_per_year, 1e-12)
  end)
  it("licence: a cap of 100,000; shadow 1", function()
    local r = with { licence_cap = 1e5 }
    assert.near(100000, r.chips[2025], 1e-12)
    assert.are.equal("licence", r.binding[2025])
    assert.near(1, r.shadow[2025].licence_cap, 1e-12)
  end)
  it("a die bank of 1M dies at 600,000 a year adds 600,000 then 400,000 chips", function()
    local o = {}
    for k, v in pairs(base) do o[k] = v end
    o.packages_per_month, o.hbm_stacks_per_year = 1e6, 1e9
    o.die_bank = { dies = 1e6, per_year = 6e5 }
    local r = fc.stock.supply { chip = "A100-SXM", years = { 2025, 2027 }, inputs = o }
    assert.near(480000 + 600000, r.chips[2025], 1e-12)
    assert.near(480000 + 400000, r.chips[2026], 1e-12)
    assert.near(480000, r.chips[2027], 1e-12)
  end)
end)

describe("fc.stock.national at the catalog's figures (models/supply.json)", function()
  local r = fc.stock.national { years = { 2024, 2027 } }
  -- Ascend 910C: one die is 1331.22 / 2 = 665.61 mm2 on a 300 mm SMIC wafer with 5 mm edge
  -- exclusion and 0.2 mm scribe: side 25.80 + 0.2 = 26.00 mm, A = 676.0 mm2, usable diameter 290 mm;
  -- gross = pi 145^2 / 676.0 - pi 290 / sqrt(2 x 676.0) = 97.71 - 24.78 = 72.9 -> 72 whole dies.
  it("Ascend 2024: 2,000 wafers x 12 x 72 x 0.2 yield / 2 dies = 172,800, the wafers bind", function()
    assert.near(172800, r.chips["Ascend-910C-CN"][2024], 1e-9)
    assert.are.equal("wafers", r.binding["Ascend-910C-CN"][2024])
  end)
  it("Ascend 2025: (5,000 x 12 x 72 x 0.4 + the 2.9M banked dies) / 2 = 2.314M, but 7M stacks / 8 = 875,000: HBM binds",
    function()
      assert.near(875000, r.chips["Ascend-910C-CN"][2025], 1e-12)
      assert.are.equal("hbm", r.binding["Ascend-910C-CN"][2025])
      assert.near(1 / 8, r.shadow["Ascend-910C-CN"][2025].hbm_stacks_per_year, 1e-12)
    end)
  it("US 2024: 290,000 CoWoS packages a month x 12 x 0.6 installed in the US = 2.088M H100 (1 H100e each)", function()
    assert.near(2.088e6, r.h100e.US[2024], 1e-12)
    -- IT power: 2.088M x 700 W x 1.8214 (H100's server power multiple) = 2.6622 GW
    assert.near(2.088e6 * 700 * 1.8214 / 1e9, r.it_gw.US[2024], 1e-9)
  end)
  it("CN 2025 stock: 2024's 172,800 Ascend + 1M H20 still alive, plus 2025's 875,000 Ascend and 380,000 H20", function()
    -- Ascend 910C: 780 / 989.5 H100e; H20: 148 / 989.5
    local asc, h20 = 780 / 989.5, 148 / 989.5
    local expected = (172800 + 875000) * asc + (1e6 + 3.8e5) * h20
    assert.near(expected, r.h100e.CN[2025], 1e-12)
  end)
end)

describe("fc.stock.national under Monte Carlo", function()
  local a = fc.stock.national { years = { 2024, 2026 }, samples = 4000, seed = 3, ratio = { "US", "CN" } }
  local b = fc.stock.national { years = { 2024, 2026 }, samples = 4000, seed = 3, ratio = { "US", "CN" } }
  it("is reproducible for a seed and orders its quantiles", function()
    for _, c in ipairs { "US", "CN" } do
      for y = 2024, 2026 do
        local q = a.interval.h100e[c][y]
        assert.are.equal(q.p50, b.interval.h100e[c][y].p50)
        assert.is_true(q.p05 <= q.p50 and q.p50 <= q.p95)
      end
    end
  end)
  it("keeps the HBM link binding the Ascend line in 2025 in most draws, and the shares sum to 1", function()
    local s = a.interval.chips["Ascend-910C-CN"][2025].binding_share
    assert.near(1, s.wafers + s.packaging + s.hbm + s.licence, 1e-12)
    -- the bank alone gives (1.45M..2.9M)/2 >= 725k chips; HBM allows 5M..9M / 8 = 625k..1.125M
    assert.is_true(s.hbm > 0.5)
  end)
  it("draws the US:CN ratio inside the bounds of its ranged inputs", function()
    local q = a.interval.ratio[2024]
    assert.is_true(q.p05 > 1 and q.p95 < 100)
  end)
  it("names the drivers: Sobol indices by line, year and input", function()
    local idx = fc.stock.sobol { years = { 2025, 2026 }, country = "CN", samples = 512 }
    local names = {}
    for _, r in ipairs(idx) do names[r.input] = r end
    assert.is_not_nil(names["Ascend-910C-CN 2026 hbm_stacks_per_year"])
    assert.is_true(names["Ascend-910C-CN 2026 hbm_stacks_per_year"].total > 0.05)
  end)
end)

describe("fc.stock errors", function()
  H.error_rows(it, {
    { "an options table that is not one", function() return fc.stock.supply(3) end,
      "flopcost.stock.supply: argument 'options': options table expected, got 3" },
    { "years out of order", function() return fc.stock.national { years = { 2027, 2024 } } end,
      "flopcost.stock.national: argument 'years': {first, last} integer years (at most 64) expected" },
  })
  it("names an unknown chip with a suggestion", function()
    local e = H.error_of(function() return fc.stock.supply { chip = "A100-SMX", inputs = { licence_cap = 1 } } end)
    assert.matches("A100%-SXM", e)
  end)
  it("names a figure outside its domain: a yield above 1", function()
    local e = H.error_of(function()
      return fc.stock.supply { chip = "A100-SXM", years = { 2025, 2025 },
        inputs = { wafers_per_month = 1, dies_per_wafer = 1, die_yield = 1.5 } }
    end)
    assert.matches("die_yield outside its domain", e)
  end)
end)

describe("flopcost stock", function()
  it("prints a table within 100 columns with the stock ratio", function()
    local out, status = flopcost("stock --samples 2000")
    assert.are.equal(0, status)
    for line in out:gmatch("[^\n]+") do assert.is_true(#line <= 100, line) end
    assert.matches("US:CN stock ratio", out)
  end)
  it("applies --set: no H20 in 2025 takes 380,000 x 148 / 989.5 = 56,837 H100e off China's 2025 additions", function()
    local base = fc.json.decode(flopcost("stock --samples 0 --format json"):gsub("exit=%d+%s*$", ""))
    local what = fc.json.decode(flopcost("stock --samples 0 --format json --set H20-CN.2025.licence_cap=0")
      :gsub("exit=%d+%s*$", ""))
    local function added(rows)
      for _, r in ipairs(rows) do if r.kind == "country" and r.name == "CN" and r.year == 2025 then
        return r.produced_h100e, r.provenance end end
    end
    local b = added(base)
    local w, prov = added(what)
    assert.near(3.8e5 * 148 / 989.5, b - w, 1e-9)
    assert.are.equal("H20-CN.2025.licence_cap=0", prov.what_ifs)
  end)
  it("correlates HBM and packaging when asked (--rank-correlation) and names a bad input", function()
    local out, status = flopcost("stock --samples 2000 --rank-correlation hbm_stacks_per_year,packages_per_month,0.6")
    assert.are.equal(0, status, out)
    out, status = flopcost("stock --samples 2000 --rank-correlation hbm_stacks_per_yr,packages_per_month,0.6")
    assert.are.equal(1, status)
    assert.matches("did you mean 'hbm_stacks_per_year'", out)
  end)
  it("refuses an unknown line with a suggestion", function()
    local out, status = flopcost("stock --set H20-NC.licence_cap=1")
    assert.are.equal(2, status)
    assert.matches("did you mean 'H20%-CN'", out)
  end)
  it("writes a chart with 90% bands, the binding link of each point, source, date and version", function()
    local dir = os.tmpname()
    os.remove(dir)
    local _, status = flopcost("stock --samples 2000 --out " .. dir)
    assert.are.equal(0, status)
    local svg = assert(io.open(dir .. ".svg")):read("a")
    assert.are.equal(2, #H.svg_elements(svg, "polygon", "band"))
    assert.matches("· HBM", svg)
    assert.matches("2026%-12%-07", svg)
    assert.matches("flopcost " .. fc.version:gsub("%.", "%%."), svg)
    local csv = assert(io.open(dir .. ".csv")):read("a")
    assert.matches("^kind,name,country,year,h100e", csv)
    assert.matches("flopcost_version,supply_as_of,samples,seed,generator,what_ifs", csv)
    for _, ext in ipairs { ".svg", ".csv", ".json" } do os.remove(dir .. ext) end
  end)
end)

describe("examples/stock/us-china-stock.lua", function()
  it("computes four verdicts, each from the joint draws", function()
    local p = io.popen("FLOPCOST_SAMPLES=2000 bin/flopcost run examples/stock/us-china-stock.lua 2>&1; echo \"exit=$?\"")
    local out = p:read("a")
    p:close()
    assert.matches("exit=0", out)
    local n = 0
    for _ in out:gmatch("\nverdict: ") do n = n + 1 end
    assert.are.equal(4, n)
    -- the BIS bound is tested against the draws of the Ascend line's 2025 output
    assert.matches("Huawei Ascend output 2025 %(J%. Kessler%)%s+200k: output at or below it in %d+%% of draws", out)
    assert.matches("under 4x needs about [%d.]+[kM]? B30A a year", out)
  end)
end)
