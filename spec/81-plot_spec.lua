-- flopcost.plot: SVG charts and Heckbert's nice ticks.
local H = require "spec.helpers"
local plot = require "flopcost.plot"
local report = require "flopcost.report"
local fixture = require "spec.fixtures.results"

-- ---------------------------------------------------------------------------
-- SVG readers used by the checks
-- ---------------------------------------------------------------------------

local elements = H.svg_elements

-- Balanced tags, checked in Lua: every open tag is closed in order.
local function balanced(svg)
  local stack = {}
  for close, name, rest in svg:gmatch("<(/?)([%a][%w:%-]*)([^>]*)>") do
    if close == "/" then
      if stack[#stack] ~= name then return false, "unexpected </" .. name .. ">" end
      stack[#stack] = nil
    elseif rest:sub(-1) ~= "/" then
      stack[#stack + 1] = name
    end
  end
  if #stack > 0 then return false, "unclosed <" .. stack[#stack] .. ">" end
  return true
end

local has_python
local function python_parses(svg)
  if has_python == nil then
    local p = io.popen("command -v python3")
    has_python = p:read("a") ~= ""
    p:close()
  end
  -- the checker is part of the test: without it the check fails, it does not pass
  if not has_python then return false, "python3 (the XML checker) is not installed: apt-get install python3" end
  local path = os.tmpname()
  assert(plot.save(path, svg))
  local p = io.popen("python3 -c 'import xml.dom.minidom,sys; xml.dom.minidom.parse(sys.argv[1]); print(\"ok\")' "
    .. path .. " 2>&1")
  local out = p:read("a")
  p:close()
  os.remove(path)
  return out == "ok\n", out
end

local function well_formed(svg)
  assert.truthy(svg:find('^<%?xml version="1.0" encoding="UTF%-8"%?>\n<svg xmlns="http://www.w3.org/2000/svg"'))
  local ok, why = balanced(svg)
  assert.is_true(ok, why)
  ok, why = python_parses(svg)
  assert.is_true(ok, why)
end

local function frame_of(svg)
  local f = elements(svg, "rect", "frame")[1]
  return { x = tonumber(f.x), y = tonumber(f.y), w = tonumber(f.width), h = tonumber(f.height) }
end

describe("flopcost.plot", function()
  describe("nice_ticks (Heckbert 1990, loose labeling)", function()
    it("covers 0..1.23 with step 0.5 for 5 ticks and step 0.2 for 8", function()
      -- nicenum(1.23, floor) = 2; step = nicenum(2 / 4 = 0.5, round) = 0.5 (f = 5 < 7);
      -- graph 0 .. ceil(1.23 / 0.5) x 0.5 = 1.5
      local t, d, frac = plot.nice_ticks(0, 1.23, 5)
      assert.are.same({ 0, 0.5, 1, 1.5 }, t)
      assert.are.equal(0.5, d)
      assert.are.equal(1, frac)
      -- step = nicenum(2 / 7 = 0.2857, round) = 0.2 (f = 2.857 < 3); graph 0 .. 1.4;
      -- the ticks are the decimal literals, not 0.6000000000000001
      t = plot.nice_ticks(0, 1.23, 8)
      assert.are.same({ 0, 0.2, 0.4, 0.6, 0.8, 1, 1.2, 1.4 }, t)
    end)
    it("gives whole steps for wider ranges", function()
      -- 0..100: range 100, step nicenum(25, round) = 20 (f = 2.5 < 3)
      assert.are.same({ 0, 20, 40, 60, 80, 100 }, (plot.nice_ticks(0, 100, 5)))
      -- 105..543: range nicenum(438) = 500, step nicenum(125, round) = 100 (f = 1.25 < 1.5)
      assert.are.same({ 100, 200, 300, 400, 500, 600 }, (plot.nice_ticks(105, 543, 5)))
      -- 3.2..17.8: range nicenum(14.6) = 20, step nicenum(5, round) = 5
      assert.are.same({ 0, 5, 10, 15, 20 }, (plot.nice_ticks(3.2, 17.8, 5)))
      -- -0.37..2.9: range nicenum(3.27) = 5, step nicenum(1.25, round) = 1
      assert.are.same({ -1, 0, 1, 2, 3 }, (plot.nice_ticks(-0.37, 2.9, 5)))
      -- 0.0123..0.0456: range nicenum(0.0333) = 0.05, step nicenum(0.0125, round) = 0.01
      local t, _, frac = plot.nice_ticks(0.0123, 0.0456, 5)
      assert.are.same({ 0.01, 0.02, 0.03, 0.04, 0.05 }, t)
      assert.are.equal(2, frac)
    end)
    it("implements nicenum's two modes", function()
      assert.are.equal(2, plot.nicenum(1.23, false))   -- smallest nice >= x
      assert.are.equal(1, plot.nicenum(1.23, true))    -- nearest: 1.23 < 1.5
      assert.are.equal(5, plot.nicenum(3.1, false))
      assert.are.equal(5, plot.nicenum(3.1, true))     -- 3 <= 3.1 < 7
      assert.are.equal(10, plot.nicenum(7.5, true))
      assert.are.equal(1000, plot.nicenum(510, false))
    end)
    it("widens an empty range", function()
      local t = plot.nice_ticks(2, 2, 5)
      assert.is_true(t[1] < 2 and t[#t] > 2)
      t = plot.nice_ticks(0, 0, 5)
      assert.are.equal(0, t[1])
    end)
  end)

  describe("stacked_bars", function()
    local results = fixture.results()
    local svg = plot.stacked_bars(results)

    it("is well-formed SVG", function() well_formed(svg) end)

    it("draws segment heights proportional to the values, on a shared axis", function()
      local segs = elements(svg, "rect", "seg")
      -- 5 bars x 7 components, minus the zero carbon cost of Virginia
      assert.are.equal(34, #segs)
      local f = frame_of(svg)
      -- axis 0..$4 (nice_ticks(0, 3.05, 6): range 5, step 1) over the frame height
      local px_per_usd = f.h / 4
      for _, s in ipairs(segs) do
        local v, h = tonumber(s["data-value"]), tonumber(s.height)
        assert.near(px_per_usd, h / v, 1e-6)
        -- inside the plot area
        assert.is_true(tonumber(s.y) >= f.y - 1e-9 and tonumber(s.y) + h <= f.y + f.h + 1e-6)
      end
      -- data-value is the fixture's number exactly, and the stack is the total
      local i = 0
      for _, r in ipairs(results) do
        for _, k in ipairs(report.COMPONENTS) do
          if r.breakdown[k] > 0 then
            i = i + 1
            assert.are.equal(r.breakdown[k], tonumber(segs[i]["data-value"]))
            assert.are.equal(k, segs[i]["data-component"])
          end
        end
      end
      -- the California bar over the Virginia bar = 2.9994 / 2.804 (same FLOP/h);
      -- Virginia has 6 segments (no carbon cost), California the next 7
      local va, ca = 0, 0
      for j = 1, 6 do va = va + tonumber(segs[j].height) end
      for j = 7, 13 do ca = ca + tonumber(segs[j].height) end
      assert.near(2.9994 / 2.804, ca / va, 1e-6)
      assert.near(results[1].usd_per_eflop * px_per_usd, va, 1e-6)
    end)

    it("stacks the components bottom-up in the fixed order, with a legend", function()
      local segs = elements(svg, "rect", "seg")
      for j = 2, 6 do -- first bar: chip, server, network, facility, energy, opex (no carbon)
        assert.near(tonumber(segs[j - 1].y), tonumber(segs[j].y) + tonumber(segs[j].height), 1e-9)
      end
      for _, k in ipairs(report.COMPONENTS) do
        assert.truthy(svg:find(">" .. k .. "</text>", 1, true), k)
        assert.truthy(svg:find('fill="' .. plot.COLORS[k] .. '"', 1, true), k)
      end
      assert.truthy(svg:find(">cloud rental</text>", 1, true))
    end)

    it("marks the cloud price of each result that has one", function()
      local marks = elements(svg, "line", "cloud")
      assert.are.equal(4, #marks)
      local f = frame_of(svg)
      -- Virginia: 2.99 $/h / 1.282392 EFLOP/h = 2.33158 $/EFLOP on a 0..4 axis
      local y = f.y + f.h - 2.99 / 1.282392 / 4 * f.h
      assert.near(y, tonumber(marks[1].y1), 1e-9)
      assert.are.equal(0, #elements(plot.stacked_bars(results, { cloud = false }), "line", "cloud"))
    end)

    it("escapes labels and rotates them when they do not fit", function()
      local rs = fixture.results()
      rs[1].region_label = 'A&B <"quoted"> \'x\''
      local many = {}
      for i = 1, 12 do many[i] = rs[(i - 1) % 5 + 1] end
      local s = plot.stacked_bars(many, { title = "R&D < 1", width = 700 })
      well_formed(s)
      assert.truthy(s:find("A&amp;B &lt;&quot;quoted&quot;&gt; &apos;x&apos;", 1, true))
      assert.truthy(s:find(">R&amp;D &lt; 1</text>", 1, true))
      local labels = elements(s, "text", "xlabel")
      assert.are.equal(12, #labels)
      assert.truthy(labels[1].transform:find("^rotate%(%-40 "))
      -- few bars: wrapped, not rotated
      local few = elements(svg, "text", "xlabel")
      assert.is_nil(few[1].transform)
    end)

    H.error_rows(it, {
      { "a negative component", function()
          local r = fixture.results(); r[2].breakdown.energy = -0.1; plot.stacked_bars(r) end,
        "flopcost.plot.stacked_bars: argument 'results': field '[2].breakdown.energy': non-negative number expected, got -0.1" },
      { "a NaN total", function()
          local r = fixture.results(); r[1].usd_per_eflop = 0 / 0; plot.stacked_bars(r) end,
        "flopcost.plot.stacked_bars: argument 'results': field '[1].usd_per_eflop': finite number expected, got nan" },
      { "a tiny width", function() plot.stacked_bars(fixture.results(), { width = 10 }) end,
        "flopcost.plot.stacked_bars: field 'width': number >= 100 expected, got 10" },
    })
  end)

  describe("lines", function()
    local series = {
      { name = "Virginia", x = { 0.2, 0.4, 0.6, 0.8, 1.0 }, y = { 9.1, 4.6, 3.1, 2.4, 1.9 } },
      { name = "California", x = { 0.2, 0.4, 0.6, 0.8, 1.0 }, y = { 9.4, 4.8, 3.3, 2.5, 2.0 } },
    }
    it("draws one polyline per series inside the frame, with a legend", function()
      local s = plot.lines(series, { title = "cost vs utilization", xkind = "pct", ykind = "usd" })
      well_formed(s)
      local pl = elements(s, "polyline", "series")
      assert.are.equal(2, #pl)
      local f = frame_of(s)
      -- y axis 0..$10 (nice_ticks(0, 9.4, 6): range 10, step 2);
      -- x axis 20..100 % (nice_ticks(0.2, 1, 6): range nicenum(0.8) = 1, step 0.2)
      local n = 0
      for x, y in pl[1].points:gmatch("([%d%.%-]+),([%d%.%-]+)") do
        n = n + 1
        assert.near(f.x + (series[1].x[n] - 0.2) / 0.8 * f.w, tonumber(x), 1e-9)
        assert.near(f.y + f.h - series[1].y[n] / 10 * f.h, tonumber(y), 1e-9)
      end
      assert.are.equal(5, n)
      assert.truthy(s:find(">California</text>", 1, true))
      assert.truthy(s:find(">$10</text>", 1, true))
      assert.truthy(s:find(">100%</text>", 1, true))
    end)
    H.error_rows(it, {
      { "unequal x and y", function() plot.lines { x = { 1, 2 }, y = { 1 } } end,
        "flopcost.plot.lines: argument 'series': field '[1]': x and y of equal length expected, got 2 and 1" },
      { "a NaN y", function() plot.lines { { x = { 1, 2 }, y = { 1, 0 / 0 } } } end,
        "flopcost.plot.lines: argument 'series': field '[1].y[2]': finite number expected, got nan" },
      { "no series", function() plot.lines {} end,
        "flopcost.plot.lines: argument 'series': non-empty array of series expected, got table" },
    })
  end)

  describe("tornado", function()
    local rows = {
      { name = "PUE", low = 2.18, high = 2.22, base = 2.19 },
      { name = "MFU", low = 2.92, high = 1.75, base = 2.19 },
      { name = "chip price", low = 1.94, high = 2.43, base = 2.19 },
    }
    it("sorts rows by swing, widest on top, bars starting at the base", function()
      local s = plot.tornado(rows)
      well_formed(s)
      local lows = elements(s, "rect", "tornado-low")
      assert.are.equal(3, #lows)
      -- swings: MFU 1.17, chip price 0.49, PUE 0.04
      assert.are.equal("2.92", lows[1]["data-value"])
      assert.are.equal("1.94", lows[2]["data-value"])
      assert.are.equal("2.18", lows[3]["data-value"])
      assert.is_true(tonumber(lows[1].y) < tonumber(lows[2].y))
      local f = frame_of(s)
      -- x axis: nice_ticks(1.75, 2.92, 6): range nicenum(1.17) = 2, step nicenum(0.4) = 0.5 -> 1.5..3
      local function xs(v) return f.x + (v - 1.5) / 1.5 * f.w end
      assert.near(xs(2.19), tonumber(lows[1].x), 1e-9)      -- MFU low end is right of base
      assert.near(xs(2.92) - xs(2.19), tonumber(lows[1].width), 1e-9)
      assert.near(xs(1.94), tonumber(lows[2].x), 1e-9)
      assert.truthy(s:find(">base (every input at its median) $2.19</text>", 1, true))
    end)
    H.error_rows(it, {
      { "a row without a name", function() plot.tornado { { low = 1, high = 2, base = 1.5 } } end,
        "flopcost.plot.tornado: argument 'rows': field '[1].name': string expected, got nil" },
      { "an infinite high", function() plot.tornado { { name = "x", low = 1, high = math.huge, base = 1 } } end,
        "flopcost.plot.tornado: argument 'rows': field '[1].high': finite number expected, got inf" },
    })
  end)

  describe("histogram and cdf", function()
    -- 1..100 in 3 equal bins over [1, 100]: width 33, edges 1, 34, 67, 100:
    -- 1..33 (33 values), 34..66 (33), 67..100 (34; the maximum joins the last bin)
    local samples = {}
    for i = 1, 100 do samples[i] = i end

    it("bins samples and draws bars with heights proportional to counts", function()
      local s = plot.histogram(samples, { bins = 3, xkind = "number" })
      well_formed(s)
      local bins = elements(s, "rect", "bin")
      assert.are.same({ "33", "33", "34" }, { bins[1]["data-value"], bins[2]["data-value"], bins[3]["data-value"] })
      local f = frame_of(s)
      -- y axis: nice_ticks(0, 34, 5): range nicenum(34) = 50, step nicenum(12.5) = 10 -> 0..40
      for _, b in ipairs(bins) do
        assert.near(tonumber(b["data-value"]) / 40 * f.h, tonumber(b.height), 1e-9)
      end
      -- x axis: nice_ticks(1, 100, 7): range 100, step nicenum(16.7) = 20 -> 0..100;
      -- the bins span x(1)..x(34), x(34)..x(67), x(67)..x(100)
      assert.near(f.x + 1 / 100 * f.w, tonumber(bins[1].x), 1e-9)
      assert.near(33 / 100 * f.w, tonumber(bins[2].width), 1e-9)
    end)

    it("accepts bins, and density integrates to 1", function()
      local edges, counts = { 0, 1, 2, 4 }, { 10, 30, 20 }
      local s = plot.histogram({ edges = edges, counts = counts }, { density = true })
      local bins = elements(s, "rect", "bin")
      local area = 0
      for i, b in ipairs(bins) do area = area + tonumber(b["data-value"]) * (edges[i + 1] - edges[i]) end
      assert.near(1, area, 1e-12)
      local s2 = plot.histogram { { lo = 0, hi = 1, count = 10 }, { lo = 1, hi = 2, count = 30 } }
      assert.are.equal(2, #elements(s2, "rect", "bin"))
    end)

    it("draws p05, p50, p95 marks (Hyndman-Fan type 7 quantiles)", function()
      -- type 7 on 1..100: h = 99 p + 1 -> p05 = 5.95, p50 = 50.5, p95 = 95.05
      assert.near(5.95, plot.quantile(samples, 0.05), 1e-12)
      assert.near(50.5, plot.quantile(samples, 0.5), 1e-12)
      assert.near(95.05, plot.quantile(samples, 0.95), 1e-12)
      local s = plot.histogram(samples, { quantiles = true, xkind = "number" })
      assert.are.equal(3, #elements(s, "line", "mark"))
      assert.truthy(s:find(">median 50.5</text>", 1, true)) -- p50, named for readers
    end)

    it("draws an empirical CDF that ends at 100 % on the top of the frame", function()
      local s = plot.cdf(samples, { interval = { p05 = 6, p50 = 50, p95 = 95 } })
      well_formed(s)
      local f = frame_of(s)
      local pts = {}
      for x, y in elements(s, "polyline", "cdf")[1].points:gmatch("([%d%.%-]+),([%d%.%-]+)") do
        pts[#pts + 1] = { tonumber(x), tonumber(y) }
      end
      assert.near(f.y + f.h, pts[1][2], 1e-9)  -- starts at 0
      assert.near(f.y, pts[#pts][2], 1e-9)     -- ends at 1
      for i = 2, #pts do assert.is_true(pts[i][2] <= pts[i - 1][2] + 1e-9) end -- non-decreasing
      -- the step at x = 50 reaches 50 / 100 = 0.5
      local found = false
      for _, p in ipairs(pts) do
        if math.abs(p[2] - (f.y + 0.5 * f.h)) < 1e-9 then found = true end
      end
      assert.is_true(found)
      assert.are.equal(3, #elements(s, "line", "mark"))
    end)

    H.error_rows(it, {
      { "a NaN sample", function() plot.histogram { 1, 0 / 0 } end,
        "flopcost.plot.histogram: argument 'data': field '[2]': finite number expected, got nan" },
      { "edges and counts of mismatched length", function() plot.cdf { edges = { 0, 1 }, counts = { 1, 2 } } end,
        "flopcost.plot.cdf: argument 'data': edges (n+1) and counts (n) expected, got 2 and 2" },
      { "a fractional bin count", function() plot.histogram({ 1, 2 }, { bins = 2.5 }) end,
        "flopcost.plot.histogram: field 'bins': positive integer expected, got 2.5" },
      { "empty data", function() plot.cdf {} end,
        "flopcost.plot.cdf: argument 'data': non-empty array of samples or bins expected, got empty table" },
    })
  end)

  describe("save", function()
    it("writes the SVG and returns true, or nil and a message", function()
      local path = os.tmpname()
      local svg = plot.lines { x = { 0, 1 }, y = { 0, 1 } }
      assert.is_true(plot.save(path, svg))
      local f = io.open(path, "rb"); local back = f:read("a"); f:close(); os.remove(path)
      assert.are.equal(svg, back)
      local ok, msg = plot.save("/nonexistent-dir-flopcost/a.svg", svg)
      assert.is_nil(ok)
      assert.is_string(msg)
    end)
  end)
end)
