-- The Monte Carlo histogram and the Sobol chart, read from the SVG (issue 23,
-- "Charts, rendered and looked at"). Each test failed on 2026-12-07's main.
local H = require "spec.helpers"
local fc = require "flopcost"
local plot = require "flopcost.plot"
local attrs, elements = H.svg_attrs, H.svg_elements

local function texts(svg, class)
  local out = {}
  for a, body in svg:gmatch("<text(%s[^>]*)>(.-)</text>") do
    local t = attrs(a)
    t.body = body:gsub("&amp;", "&"):gsub("&lt;", "<"):gsub("&gt;", ">"):gsub("&quot;", '"'):gsub("&apos;", "'")
    t.x, t.y, t.size = tonumber(t.x), tonumber(t.y), tonumber(t["font-size"]) or 12
    if class == nil or t.class == class then out[#out + 1] = t end
  end
  return out
end

local function frame_of(svg)
  local f = elements(svg, "rect", "frame")[1]
  return { x = tonumber(f.x), y = tonumber(f.y), w = tonumber(f.width), h = tonumber(f.height) }
end

-- The x tick labels under the frame, as numbers ("$1.2" -> 1.2, "1,500" -> 1500).
local function x_ticks(svg)
  local f, xs = frame_of(svg), {}
  for _, t in ipairs(texts(svg)) do
    local v = t.body:gsub("[$,]", "")
    if t.y > f.y + f.h + 6 and t.y < f.y + f.h + 25 and t.x >= f.x - 1 and tonumber(v) then
      xs[#xs + 1] = tonumber(v)
    end
  end
  return xs
end

-- The H100 in Virginia with three uncertain inputs: 20,000 samples (seed 1).
local s = fc.scenario { region = "us-va", chips = { ["H100-SXM"] = 1 }, utilization = 0.7 }
local mc = fc.montecarlo(s, { samples = 20000, seed = 1, vary = {
  utilization = fc.dist.pert(0.55, 0.7, 0.8), pue = fc.dist.pert(1.1, 1.2, 1.4),
  ["chip.H100-SXM.price_usd"] = fc.dist.pert(28e3, 33.8e3, 40e3) } })

describe("fc.plot.histogram(mc)", function()
  local svg = plot.histogram(mc)

  it("draws a Monte Carlo result: its bins, its interval, its title and provenance", function()
    local band = elements(svg, "rect", "interval-band")[1]
    assert.are.equal(mc.p05, tonumber(band["data-p05"]))
    assert.are.equal(mc.p95, tonumber(band["data-p95"]))
    -- every sample in a bin: the bars add up to n
    local n = 0
    for _, b in ipairs(elements(svg, "rect", "bin")) do n = n + tonumber(b["data-value"]) end
    local under, over = mc.histogram.underflow or 0, mc.histogram.overflow or 0
    assert.are.equal(mc.n, n + under + over)
    assert.truthy(texts(svg, "title")[1].body:find("H100-SXM in us-va", 1, true))
    local foot = {}
    for _, t in ipairs(texts(svg, "source")) do foot[#foot + 1] = t.body end
    foot = table.concat(foot, " ")
    assert.truthy(foot:find("Scenario: H100-SXM in us-va", 1, true), foot)
    assert.truthy(foot:find("20000 samples, taus2 generator, seed 1", 1, true), foot)
    assert.truthy(foot:find("catalog as of 20%d%d%-%d%d%-%d%d"), foot)
  end)

  it("spans the samples, not the histogram's fixed range", function()
    -- the samples' own extent (exact quantiles keep them all): min .. max
    local span = mc.max - mc.min
    local xs = x_ticks(svg)
    local axis = xs[#xs] - xs[1]
    assert.is_true(xs[1] <= mc.min and xs[#xs] >= mc.max)
    -- at most one tick step of slack at each end: axis <= span + 2 steps, with 6..9 ticks
    local step = xs[2] - xs[1]
    assert.is_true(axis <= span + 2 * step + 1e-9, ("axis %.3f for samples spanning %.3f"):format(axis, span))
    assert.is_true(axis <= 1.5 * span, ("axis %.3f for samples spanning %.3f"):format(axis, span))
  end)

  it("writes counts with thousands separators", function()
    local f, seen = frame_of(svg), 0
    for _, t in ipairs(texts(svg)) do
      if t.x < f.x and t.body:match("^[%d,]+$") then
        local v = tonumber((t.body:gsub(",", "")))
        if v >= 1000 then
          seen = seen + 1
          assert.truthy(t.body:find(",", 1, true), t.body)
          assert.are.equal(t.body, (tostring(v):reverse():gsub("(%d%d%d)", "%1,"):reverse():gsub("^,", "")))
        end
      end
    end
    assert.is_true(seen >= 1) -- 20,000 samples in ~40 bins: the tallest holds well over 1,000
  end)

  it("labels each mark above the plot, where no line cuts a label and no two labels overlap", function()
    local f = frame_of(svg)
    local labels = texts(svg, "mark-label")
    assert.are.equal(4, #labels) -- p05, p50, p95 and the band's "90% interval"
    local lines = elements(svg, "line", "mark")
    assert.are.equal(3, #lines)
    local boxes = {}
    for _, l in ipairs(labels) do
      -- DejaVu Sans: 0.64 em per character at most (digits 0.636 em)
      local w = (utf8.len(l.body) or #l.body) * l.size * 0.64
      boxes[#boxes + 1] = { x0 = l.x, x1 = l.x + w, y0 = l.y - l.size, y1 = l.y + 3, text = l.body }
      assert.is_true(l.y + 3 <= f.y, l.body .. " inside the plot")
    end
    for _, line in ipairs(lines) do
      local x, y0, y1 = tonumber(line.x1), tonumber(line.y1), tonumber(line.y2)
      for _, b in ipairs(boxes) do
        local crosses = x > b.x0 and x < b.x1 and math.max(y0, y1) > b.y0 and math.min(y0, y1) < b.y1
        assert.is_false(crosses, ("the line at x %.1f cuts %q"):format(x, b.text))
      end
    end
    for i = 1, #boxes do
      for j = i + 1, #boxes do
        local a, b = boxes[i], boxes[j]
        local overlap = a.x0 < b.x1 and b.x0 < a.x1 and a.y0 < b.y1 and b.y0 < a.y1
        assert.is_false(overlap, a.text .. " overlaps " .. b.text)
      end
    end
  end)

  it("is what flopcost mc --out writes, and mc.histogram is documented", function()
    local readme = io.open("README.md"):read("a")
    assert.truthy(readme:find("fc.plot.histogram(mc)", 1, true))
    assert.truthy(readme:find("mc.histogram", 1, true))
  end)
end)

describe("fc.plot.sobol", function()
  -- a first-order estimate below 0 and a bound above 1: sampling noise of a share of variance
  local rows = {
    { name = "utilization", first = 0.9, total = 0.97, first_lo = 0.8, first_hi = 1.02, total_lo = 0.9,
      total_hi = 1.08 },
    { name = "pue", first = -0.004, total = 0.02, first_lo = -0.03, first_hi = 0.02, total_lo = 0.01,
      total_hi = 0.03 },
  }
  local svg = plot.sobol(rows)

  it("draws a variance share on an axis from 0 to 1", function()
    local xs = x_ticks(svg)
    assert.are.equal(0, xs[1])
    assert.are.equal(1, xs[#xs])
  end)

  it("clips what lies outside at the axis' ends, keeps the values, and says so", function()
    local f = frame_of(svg)
    for _, r in ipairs(elements(svg, "rect", "sobol-first")) do
      assert.is_true(tonumber(r.x) >= f.x - 1e-9 and tonumber(r.x) + tonumber(r.width) <= f.x + f.w + 1e-9)
    end
    local wh = {}
    for a, body in svg:gmatch('<g( class="whisker"[^>]*)>(.-)</g>') do
      local t = attrs(a)
      t.lines = elements(body, "line")
      wh[#wh + 1] = t
    end
    -- utilization's first-order interval 0.8 .. 1.02: drawn to 1, no cap there
    assert.are.equal(1.02, tonumber(wh[1]["data-hi"]))
    assert.near(f.x + f.w, tonumber(wh[1].lines[1].x2), 1e-9)
    assert.are.equal("true", wh[1]["data-clipped"])
    assert.are.equal(2, #wh[1].lines)
    local foot = {}
    for _, t in ipairs(texts(svg, "source")) do foot[#foot + 1] = t.body end
    assert.truthy(table.concat(foot, " "):find("outside 0..1", 1, true))
    -- pue's first-order estimate -0.004 keeps its value, written beside its (empty) bar
    local values = {}
    for _, t in ipairs(texts(svg, "sobol-value")) do values[#values + 1] = t.body end
    assert.are.same({ "0.90", "0.97", "-0.00", "0.02" }, values)
  end)
end)
