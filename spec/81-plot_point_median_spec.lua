-- Charts say which figure is the point estimate and which the interval's median (issue 23): the
-- headline figure (every input at its value) may sit below its own median (B200 in us-tx: 0.97,
-- median 1.05), so every chart that shows a point beside an interval names both, in its legend or
-- caption, as the table's caption does. Rendered to PNG and looked at when changed.
local fc = require "flopcost"
require "spec.helpers" -- assert.near(expected, actual, rel_tol [, abs_tol])
local H = require "spec.helpers"

-- The visible text of an SVG (its <text> elements), one string.
local function svg_text(svg)
  local out = {}
  for t in svg:gmatch("<text[^>]*>([^<]*)</text>") do out[#out + 1] = t end
  return table.concat(out, "\n")
end

-- Every string of a Vega-Lite spec, one string.
local function vega_text(spec)
  local out = {}
  local function walk(v)
    if type(v) == "string" then out[#out + 1] = v
    elseif type(v) == "table" then for _, x in pairs(v) do walk(x) end end
  end
  walk(spec)
  return table.concat(out, "\n")
end

describe("charts name the point estimate and the median", function()
  local s = fc.scenario { region = "us-va", chip = "H100-SXM" }
  -- the catalog's ranges are skewed about the catalog values: the median of the draws is not
  -- the point (1.780749 by hand in spec/90-doors)
  local r = fc.montecarlo(s, { uncertainty = "catalog", samples = 4000, seed = 5 })

  it("the Monte Carlo result knows its point estimate, apart from its median", function()
    assert.near(1.780749, r:point(), 1e-6)
    assert.near(s:evaluate().usd_per_eflop, r:point(), 1e-15)
    assert.is_true(math.abs(r.p50 - r:point()) > 0.01, ("median %g, point %g"):format(r.p50, r:point()))
  end)

  it("histogram (SVG and Vega-Lite): a solid point line and a dashed median, each labelled", function()
    local svg = fc.plot.histogram(r)
    local text = svg_text(svg)
    assert.truthy(text:find("point estimate " .. fc.report.usd(r:point()), 1, true), text)
    assert.truthy(text:find("median " .. fc.report.usd(r.p50), 1, true), text)
    assert.is_nil(text:find("p50", 1, true), text)
    local point_lines = H.svg_elements(svg, "line", "mark point")
    assert.are.equal(1, #point_lines)
    local dashed = 0
    for _, l in ipairs(H.svg_elements(svg, "line", "mark")) do
      if l["stroke-dasharray"] then dashed = dashed + 1 end
    end
    assert.are.equal(3, dashed) -- p05, median, p95
    local spec = fc.vega.histogram(r)
    local pts = {}
    for _, v in ipairs(spec.data.values) do if v.point then pts[#pts + 1] = v end end
    assert.are.equal(1, #pts)
    assert.near(r:point(), pts[1].value, 1e-15)
    assert.truthy(vega_text(spec):find("median " .. fc.report.usd(r.p50), 1, true))
  end)

  it("tornado: its base line is every input at its median, and says so", function()
    local rows = r:tornado()
    local text = svg_text(fc.plot.tornado(rows))
    assert.truthy(text:find("base (every input at its median) " .. fc.report.usd(rows[1].base), 1, true), text)
    assert.truthy(vega_text(fc.vega.tornado(rows)):find("base (every input at its median)", 1, true))
  end)

  it("lines with a band: the legend keys the line (point) and the band (90% interval)", function()
    local series = { { name = "a", x = { 0.2, 0.6, 1 }, y = { 3, 2, 1.5 },
      band = { lo = { 2.5, 1.7, 1.3 }, hi = { 3.8, 2.5, 1.9 } } } }
    local text = svg_text(fc.plot.lines(series, { legend = "below" }))
    assert.truthy(text:find("line: point estimate", 1, true), text)
    assert.truthy(text:find("shaded: 90% interval", 1, true), text)
    local vt = vega_text(fc.vega.lines(series))
    assert.truthy(vt:find("line: point estimate", 1, true) and vt:find("shaded: 90% interval", 1, true))
    -- no band, no key
    series[1].band = nil
    assert.is_nil(svg_text(fc.plot.lines(series)):find("point estimate", 1, true))
  end)

  it("compare (SVG, Vega-Lite, its utilization chart) names bars as points and the dot as the median", function()
    local study = fc.compare.load_study()
    study.regions, study.mixes, study.samples = { "us-tx" }, { { chips = { B200 = 1 } } }, 2000
    local grid = fc.compare.run(study)
    local iv = grid.results[1].interval
    assert.is_true(iv.p50 > grid.results[1].usd_per_eflop, "the finding: B200 in us-tx sits below its median")
    for _, chart in ipairs(fc.compare.charts(grid)) do
      local text, vt = svg_text(chart.svg), vega_text(chart.vega)
      assert.truthy(text:find("point estimate", 1, true), chart.name .. ":\n" .. text)
      assert.truthy(vt:find("point estimate", 1, true), chart.name)
      if chart.name == "" then
        assert.truthy(text:find("dot at the median", 1, true), text)
        assert.truthy(vt:find("dot at the median", 1, true))
      else
        assert.truthy(text:find("90% interval", 1, true), text)
      end
    end
  end)

  it("stock: the lines are point estimates, the bands 90% intervals", function()
    local res = fc.stock.national { years = { 2024, 2025 }, samples = 500, seed = 2 }
    local text = svg_text(fc.plot.stock(res))
    assert.truthy(text:find("point estimate", 1, true) and text:find("90% band", 1, true), text)
  end)

  it("sobol: bars are the estimates, whiskers the bootstrap intervals", function()
    local so = fc.sensitivity.sobol { scenario = s, samples = 64, seed = 3, resamples = 20,
      vary = { pue = fc.dist.uniform(1.1, 1.4), wacc = fc.dist.uniform(0.05, 0.1) } }
    local text = svg_text(fc.plot.sobol(so))
    assert.truthy(text:find("bars: the point estimates, whiskers: 95% bootstrap intervals", 1, true), text)
  end)
end)
