-- The Vega-Lite twins of the charts, rendered by vega / vega-lite from npm
-- (tools/browser/vega-inspect.mjs; node and `make js-deps` required: a missing
-- one fails, never skips) and read from the view: positions and text (issue 23,
-- "The Vega twins ..."). Each test failed on 2026-12-07's main.
local core = require "flopcost.core"
local fc = require "flopcost"
local build = os.getenv("FLOPCOST_BUILD") or "build"

local function sh(cmd)
  local p = assert(io.popen(cmd .. " 2>&1"))
  local out = p:read("a")
  return out, p:close()
end

local function inspect(files)
  local out, ok = sh("env -u LD_PRELOAD node tools/browser/vega-inspect.mjs " .. table.concat(files, " "))
  assert(ok, "vega-inspect failed (node and make js-deps needed): " .. out)
  local views = {}
  for line in out:gmatch("[^\n]+") do views[#views + 1] = core.json.decode(line, "vega-inspect") end
  return views
end

local function texts_of(view, role)
  local out = {}
  for _, t in ipairs(view.texts) do if t.role == role then out[#out + 1] = t end end
  return out
end

local prefix = os.tmpname()
local out, ok = sh(("LUA_PATH='./lua/?.lua;./lua/?/init.lua;;' LUA_CPATH='./%s/?.so;;' lua5.4 bin/flopcost "
  .. "compare --out %s"):format(build, prefix))
local svg_util = ok and io.open(prefix .. "-utilization.svg"):read("a") or ""
local rows = ok and core.json.decode(io.open(prefix .. ".json"):read("a"), "json") or {}
local views = ok and inspect { prefix .. ".vl.json", prefix .. "-utilization.vl.json" } or {}
os.execute(("rm -f '%s' '%s'.* '%s'-utilization.*"):format(prefix, prefix, prefix))

describe("compare.vl.json rendered by vega", function()
  local v = views[1]
  it("renders without a warning", function()
    assert.is_true(ok, out)
    assert.are.same({}, v.warnings)
  end)

  it("leaves no blank band left of the chart: the row labels start at the left edge", function()
    local left = math.huge
    for _, t in ipairs(texts_of(v, "axis-label")) do
      if not t.text:find("^%$") then left = math.min(left, t.left) end
    end
    assert.is_true(left <= 40, ("row labels start %.0f px from the left edge"):format(left))
    -- and the title starts there too, not centred over a wider view
    local title = texts_of(v, "title-text")[1]
    assert.is_true(title.left <= 40, ("title at %.0f px"):format(title.left))
  end)

  it("writes each row's value beside its bar", function()
    local labels = {}
    for _, t in ipairs(texts_of(v, "mark")) do labels[t.text] = (labels[t.text] or 0) + 1 end
    local usd = require("flopcost.report").usd
    local want = {}
    for _, r in ipairs(rows) do want[usd(r.usd_per_eflop)] = (want[usd(r.usd_per_eflop)] or 0) + 1 end
    for text, n in pairs(want) do assert.are.equal(n, labels[text], text) end
    assert.are.equal(3, labels["cloud $2.24"]) -- the H100's rental in the three US regions
  end)

  it("has a legend for the interval and for the cloud marker, besides the components", function()
    local all = {}
    for _, l in ipairs(v.legends) do for _, label in ipairs(l) do all[label] = true end end
    assert.is_true(all["90% interval of the cost (p05 to p95), dot at the median"])
    assert.is_true(all["cloud rental for the same FLOP"])
    for _, k in ipairs(require("flopcost.report").COMPONENTS) do assert.is_true(all[k], k) end
  end)
end)

describe("compare-utilization.vl.json rendered by vega", function()
  it("lists the series in the SVG legend's order (top to bottom as the lines start), not reversed", function()
    local v = views[2]
    assert.are.same({}, v.warnings)
    local svg_order = {}
    for body in svg_util:gmatch('<text[^>]*class="legend"[^>]*>(.-)</text>') do
      -- the key of point and band (plot.lines.band_key) is the Vega twin's subtitle, not a series
      if not body:find("^line: ") and not body:find("^shaded: ") then svg_order[#svg_order + 1] = body end
    end
    assert.are.equal(8, #svg_order)
    assert.are.same(svg_order, v.legends[1])
    -- top to bottom at 20 % utilization: the H20 line starts highest, the B200's lowest
    assert.truthy(v.legends[1][1]:find("^H20"))
    assert.truthy(v.legends[1][8]:find("^B200"))
  end)
end)

describe("the histogram and Sobol twins rendered by vega", function()
  local s = fc.scenario { region = "us-va", chips = { ["H100-SXM"] = 1 } }
  local mc = fc.montecarlo(s, { samples = 20000, seed = 1, vary = { utilization = fc.dist.pert(0.55, 0.7, 0.8),
    pue = fc.dist.pert(1.1, 1.2, 1.4) } })
  local hist = os.tmpname() .. ".vl.json"
  local sob = os.tmpname() .. ".vl.json"
  io.open(hist, "w"):write(fc.vega.encode(fc.vega.histogram(mc)))
  io.open(sob, "w"):write(fc.vega.encode(fc.vega.sobol { { name = "pue", first = -0.01, total = 0.3,
    first_lo = -0.05, first_hi = 0.03, total_lo = 0.2, total_hi = 1.1 } }))
  local hv, sv = table.unpack(inspect { hist, sob })
  os.remove(hist); os.remove(sob)

  it("histogram: the axis spans the samples, counts have separators, quantiles are labelled", function()
    local xs, counts = {}, {}
    for _, t in ipairs(texts_of(hv, "axis-label")) do
      if t.text:find("^%$") then xs[#xs + 1] = tonumber((t.text:gsub("%$", "")))
      else counts[#counts + 1] = t.text end
    end
    assert.is_true(xs[1] <= mc.min and xs[#xs] >= mc.max)
    assert.is_true(xs[#xs] - xs[1] <= 1.5 * (mc.max - mc.min), ("axis %s..%s"):format(xs[1], xs[#xs]))
    local big = 0
    for _, c in ipairs(counts) do
      if tonumber((c:gsub(",", ""))) >= 1000 then big = big + 1; assert.truthy(c:find(",", 1, true), c) end
    end
    assert.is_true(big >= 1)
    local marks = {}
    for _, t in ipairs(texts_of(hv, "mark")) do marks[#marks + 1] = t.text end
    table.sort(marks)
    -- the median named as such, and the point estimate beside it (spec/81-plot_point_median)
    local usd = require("flopcost.report").usd
    assert.are.same({ "median " .. usd(mc.p50), "p05 " .. usd(mc.p05), "p95 " .. usd(mc.p95),
      "point estimate " .. usd(mc:point()) }, marks)
  end)

  it("sobol: a variance share on an axis from 0 to 1", function()
    local ticks = {}
    for _, t in ipairs(texts_of(sv, "axis-label")) do
      if tonumber(t.text) then ticks[#ticks + 1] = tonumber(t.text) end
    end
    assert.are.equal(0, ticks[1])
    assert.are.equal(1, ticks[#ticks])
  end)
end)
