-- The charts an analyst sees first (issue 15, "Charts"): the compare chart,
-- cost vs utilization, tornado labels, the Monte Carlo histogram's interval,
-- one colour-blind-safe palette and the Vega-Lite twins of the SVGs.
local H = require "spec.helpers"
local plot = require "flopcost.plot"
local vega = require "flopcost.vega"
local report = require "flopcost.report"
local fixture = require "spec.fixtures.results"
local decode = require("flopcost.core").json.decode
local build = os.getenv("FLOPCOST_BUILD") or "build"

-- ---------------------------------------------------------------------------
-- SVG readers
-- ---------------------------------------------------------------------------
local attrs, elements = H.svg_attrs, H.svg_elements

-- Text elements with their content (entities left as written).
local function texts(svg, class)
  local out = {}
  for a, body in svg:gmatch("<text(%s[^>]*)>(.-)</text>") do
    local t = attrs(a)
    t.body = body:gsub("&amp;", "&"):gsub("&lt;", "<"):gsub("&gt;", ">"):gsub("&quot;", '"'):gsub("&apos;", "'")
    if class == nil or t.class == class then out[#out + 1] = t end
  end
  return out
end

local function viewbox(svg)
  local w, h = svg:match('viewBox="0 0 ([%d.]+) ([%d.]+)"')
  return tonumber(w), tonumber(h)
end

local function frame_of(svg)
  local f = elements(svg, "rect", "frame")[1]
  return { x = tonumber(f.x), y = tonumber(f.y), w = tonumber(f.width), h = tonumber(f.height) }
end

-- Every label inside the viewBox. Width estimate: DejaVu Sans (the font the
-- SVGs ask for first; what rsvg-convert uses here) averages 0.60 em per
-- character over digits and lower case (digits are 0.636 em); 0.64 em is
-- taken so a label that only fits with a narrower font fails.
local EM = 0.64
local function assert_text_inside(svg)
  local W, Hgt = viewbox(svg)
  local n = 0
  for _, t in ipairs(texts(svg)) do
    if not t.transform then
      n = n + 1
      local size = tonumber(t["font-size"]) or 12
      local w = (utf8.len(t.body) or #t.body) * size * EM
      local x = tonumber(t.x)
      local x0 = t["text-anchor"] == "end" and x - w or (t["text-anchor"] == "middle" and x - w / 2 or x)
      assert.is_true(x0 >= 0 and x0 + w <= W, ("text %q spans %.1f..%.1f, viewBox width %.1f"):format(
        t.body, x0, x0 + w, W))
      local y = tonumber(t.y)
      assert.is_true(y - size >= 0 and y <= Hgt, ("text %q at y %.1f, viewBox height %.1f"):format(t.body, y, Hgt))
    end
  end
  return n
end

-- Every colour a chart uses is the palette's or a neutral grey/black/white.
local function assert_palette(svg)
  local allowed = {}
  for _, c in pairs(plot.PALETTE) do allowed[c:upper()] = true end
  for _, c in ipairs { "#FFFFFF", "#000", "#111", "#222", "#333", "#444", "#555", "#E3E3E3" } do allowed[c] = true end
  for c in svg:gmatch('="(#%x+)"') do
    assert.is_true(allowed[c:upper()] == true, "colour outside the palette: " .. c)
  end
  assert.is_nil(svg:find("F0E442", 1, true)) -- Okabe-Ito's yellow: 1.32:1 on white
end

local function sh(args)
  local p = assert(io.popen(("LUA_PATH='./lua/?.lua;./lua/?/init.lua;;' LUA_CPATH='./%s/?.so;;' "
    .. "lua5.4 bin/flopcost %s"):format(build, args)))
  local out = p:read("a")
  local ok = p:close()
  return out, ok
end

local function slurp(path)
  local f = assert(io.open(path, "rb"))
  local s = f:read("a")
  f:close()
  return s
end

describe("plot.compare (the chart of flopcost compare)", function()
  local rs = fixture.results()
  rs[3].availability = { available = false, premium = 1.0 } -- H800 in Guizhou, as if denied
  rs[1].availability = { available = true, domestic = true }
  local svg = plot.compare(rs, { as_of = "2026-11-23", source = "Source: a test" })

  it("draws one bar per result, grouped by mix under a heading", function()
    assert.are.equal(5, #elements(svg, "g", "bar"))
    -- 5 bars x 7 components minus Virginia's zero carbon
    assert.are.equal(34, #elements(svg, "rect", "seg"))
    local groups = {}
    for _, t in ipairs(texts(svg, "group")) do groups[#groups + 1] = t.body end
    -- groups in order of first appearance; the two H100 rows share one heading
    assert.are.same({ "H100-SXM", "H800-SXM", "60% H800-SXM + 40% Ascend-910B", "B200" }, groups)
  end)

  it("draws segment widths and whiskers on one dollar axis, computed here independently", function()
    -- Fixture totals ($/h over EFLOP/h): Virginia 2.804 / 1.282392 = 2.1865, California
    -- 2.9994 / 1.282392 = 2.3389, Guizhou H800 3.1308 / 1.1541528 = 2.7126, the mix
    -- 2.4693 / 0.809996 = 3.0485, B200 3.9691 / 2.916 = 1.3611. The widest value is the
    -- H800's p95: 2.7126 x 1.27 = 3.4450 (clouds: at most 3.42 / 1.1541528 = 2.9632).
    -- nice_ticks(0, 3.445, 8): range nicenum(3.445) = 5, step nicenum(5/7 = 0.714, round) = 1
    -- -> axis $0..$4, so x(v) = frame.x + v / 4 x frame.w.
    local f = frame_of(svg)
    local function xs(v) return f.x + v / 4 * f.w end
    local segs = elements(svg, "rect", "seg")
    for _, s in ipairs(segs) do
      assert.near(tonumber(s["data-value"]) / 4 * f.w, tonumber(s.width), 1e-6)
    end
    -- whiskers: the 4 results with intervals (the mix row has none), in drawing order
    local wh = {}
    for a, body in svg:gmatch('<g( class="whisker"[^>]*)>(.-)</g>') do
      local t = attrs(a)
      t.lines = elements(body, "line")
      wh[#wh + 1] = t
    end
    assert.are.equal(4, #wh)
    -- drawing order = group order: Virginia, California, Guizhou H800, (mix: none), B200
    local expect = { rs[1], rs[2], rs[3], rs[5] }
    for i, w in ipairs(wh) do
      local iv = expect[i].interval
      assert.are.equal(iv.p05, tonumber(w["data-p05"]))
      assert.near(xs(iv.p05), tonumber(w.lines[1].x1), 1e-6)
      assert.near(xs(iv.p95), tonumber(w.lines[1].x2), 1e-6)
      -- end caps at both ends, vertical
      assert.near(xs(iv.p05), tonumber(w.lines[2].x1), 1e-6)
      assert.near(xs(iv.p95), tonumber(w.lines[3].x2), 1e-6)
      assert.are.equal(w.lines[2].x1, w.lines[2].x2)
    end
    -- Virginia: p05 = 2.804 / 1.282392 x 0.82 = 1.79294 $/EFLOP, p95 = 2.1865 x 1.24 = 2.71129
    assert.near(xs(1.79294), tonumber(wh[1].lines[1].x1), 1e-5)
    assert.near(xs(2.71129), tonumber(wh[1].lines[1].x2), 1e-5)
  end)

  it("marks the cloud price with a diamond per bar, not a line across bars", function()
    local clouds = elements(svg, "path", "cloud")
    assert.are.equal(4, #clouds) -- Virginia, California, Guizhou H800, B200 have a rental price
    local f = frame_of(svg)
    -- Virginia: 2.99 $/h / 1.282392 EFLOP/h = 2.33158 $/EFLOP; the diamond's top vertex is at x(cloud)
    local x = tonumber(clouds[1].d:match("^M([%d.]+)"))
    assert.near(f.x + 2.99 / 1.282392 / 4 * f.w, x, 1e-6)
    assert.are.equal(0, #elements(svg, "line", "cloud"))
  end)

  it("writes the access of each row, an export ban in bold", function()
    local acc = texts(svg, "access")
    assert.are.equal(2, #acc)
    assert.are.equal("domestic", acc[1].body)
    assert.are.equal("export ban*", acc[2].body)
    assert.are.equal("bold", acc[2]["font-weight"])
  end)

  it("has a title, units with the price date, a source line, and every label inside the viewBox", function()
    assert.are.equal(1, #texts(svg, "title"))
    local sub = texts(svg, "subtitle")[1].body
    assert.truthy(sub:find("USD per 1e18 useful training FLOP", 1, true))
    assert.truthy(sub:find("as of 2026-11-23", 1, true))
    assert.are.equal("Source: a test", texts(svg, "source")[1].body) -- opts.source: the footer's first line
    assert.is_true(assert_text_inside(svg) > 20)
    assert_palette(svg)
  end)
end)

describe("flopcost compare --out: the charts of the default study", function()
  local prefix = os.tmpname()
  local out, ok = sh("compare --out " .. prefix .. " 2>&1")
  local svg = ok and slurp(prefix .. ".svg") or ""
  local util = ok and slurp(prefix .. "-utilization.svg") or ""
  local vl = {}
  for _, name in ipairs { "", "-utilization" } do
    local f = io.open(prefix .. name .. ".vl.json", "rb")
    vl[#vl + 1] = f and f:read("a") or ""
    if f then f:close() end
  end
  os.execute(("rm -f '%s' '%s'.* '%s'-utilization.*"):format(prefix, prefix, prefix))

  it("runs", function() assert.is_true(ok, out) end)

  it("has 46 horizontal bars in 8 mix groups, a whisker on each, no label clipped", function()
    assert.are.equal(46, #elements(svg, "g", "bar"))
    assert.are.equal(8, #texts(svg, "group"))
    local n = 0
    for _ in svg:gmatch('<g class="whisker"') do n = n + 1 end
    assert.are.equal(46, n)
    -- a whisker is p05 <= p95 and the point value lies inside its own interval
    for a in svg:gmatch('<g( class="whisker"[^>]*)>') do
      local t = attrs(a)
      assert.is_true(tonumber(t["data-p05"]) < tonumber(t["data-p95"]))
    end
    assert.are.equal(46, #texts(svg, "ylabel"))
    assert_text_inside(svg)
    assert_palette(svg)
    -- no rotated labels any more
    assert.is_nil(svg:find("rotate(", 1, true))
  end)

  it("marks the 5 Chinese regions' B200 as denied and puts a cloud diamond on the 11 rented rows", function()
    local denied = 0
    for _, t in ipairs(texts(svg, "access")) do
      if t.body:find("^export ban") then denied = denied + 1; assert.are.equal("bold", t["font-weight"]) end
    end
    assert.are.equal(5, denied)
    -- rented rows: the H100-SXM in the 3 US regions (US listings) and the 5 Chinese ones (a CNY
    -- listing, MIT Technology Review 2025-03), the B200 in the 3 US regions (Spheron, 2026-03);
    -- no Chinese rental is sourced for the B200, H800, H20 or Ascend, and US prices do not apply there
    assert.are.equal(3 + 5 + 3, #elements(svg, "path", "cloud"))
    local foot = {}
    for _, t in ipairs(texts(svg, "source")) do foot[#foot + 1] = t.body end
    assert.truthy(table.concat(foot, " "):find("catalog as of %d%d%d%d%-%d%d%-%d%d"))
  end)

  it("draws cost vs utilization with a y label, no yellow, and no line hidden under another", function()
    local lines = elements(util, "polyline", "series")
    assert.are.equal(8, #lines)
    assert.truthy(util:find(">USD per 1e18 useful training FLOP</text>", 1, true))
    assert_palette(util)
    -- H800-SXM and 50% Ascend-910C + 50% H20 in Ningxia differ by < 1 % at 70 % utilization:
    -- the later-drawn of any two lines must be dashed, so the one beneath shows through.
    local seen_dashed = false
    for _, l in ipairs(lines) do
      if l["stroke-dasharray"] then seen_dashed = true
      else assert.is_false(seen_dashed, "solid line " .. l["data-name"] .. " drawn over a dashed one") end
    end
    local pair = {}
    for _, l in ipairs(lines) do
      if l["data-name"]:find("^H800%-SXM") or l["data-name"]:find("^50%% Ascend%-910C") then pair[#pair + 1] = l end
    end
    assert.are.equal(2, #pair)
    assert.are_not.equal(pair[1].stroke, pair[2].stroke)
    assert.are_not.equal(pair[1]["stroke-dasharray"], pair[2]["stroke-dasharray"])
    assert_text_inside(util)
  end)

  it("writes a Vega-Lite twin beside each SVG", function()
    for _, text in ipairs(vl) do
      local spec = assert(decode(text, "vl"))
      assert.are.equal("https://vega.github.io/schema/vega-lite/v5.json", spec["$schema"])
    end
  end)
end)

describe("tornado labels", function()
  it("are readable names with the input's range, not raw field names", function()
    local rows = {
      { name = "electricity_usd_per_kwh", low = 2.25, high = 2.32, base = 2.28, input_low = 0.07, input_high = 0.12 },
      { name = "chip_price_usd[2]", low = 2.15, high = 2.41, base = 2.28, input_low = 31345, input_high = 35755 },
      { name = "utilization", low = 2.71, high = 1.99, base = 2.28, input_low = 0.58, input_high = 0.80 },
    }
    local svg = plot.tornado(rows, { members = { "Ascend-910C", "H20" } })
    local labels = {}
    for _, t in ipairs(texts(svg, "tornado-label")) do labels[#labels + 1] = t.body end
    -- sorted by swing: utilization 0.72, chip price 0.26, electricity 0.07
    assert.are.same({ "utilization (58% to 80%)", "chip price, H20 ($31.3k to $35.8k)",
      "electricity price ($0.0700/kWh to $0.120/kWh)" }, labels)
    assert.is_nil(svg:find("_usd", 1, true))
    assert_text_inside(svg)
    assert.are.equal("grid carbon intensity (kg/kWh)", plot.field_label("grid_kg_co2_per_kwh"))
    assert.are.equal("some new field", plot.field_label("some_new_field"))
  end)
end)

describe("plot.sobol", function()
  local rows = {
    { name = "utilization", first = 0.8, total = 0.85, first_lo = 0.78, first_hi = 0.86, total_lo = 0.83, total_hi = 0.88 },
    { name = "chip_price_usd[2]", first = 0.12, total = 0.13, first_lo = 0.11, first_hi = 0.13, total_lo = 0.12,
      total_hi = 0.14 },
    { name = "pue", first = 0.0002, total = 0.001, first_lo = -0.001, first_hi = 0.001, total_lo = 0.0008,
      total_hi = 0.0012 },
  }
  local svg = plot.sobol(rows, { members = { "Ascend-910C", "H20" }, note = "N = 1000" })
  it("draws a first-order and a total bar per input, with whiskers, on one axis", function()
    -- axis: 0 to 1, a share of variance, whatever the bounds (pue's first_lo is -0.001):
    -- x(v) = x0 + v x w
    local f = frame_of(svg)
    local function xs(v) return f.x + v * f.w end
    local first, total = elements(svg, "rect", "sobol-first"), elements(svg, "rect", "sobol-total")
    assert.are.equal(3, #first)
    assert.are.equal(3, #total)
    for i, r in ipairs(rows) do
      assert.near(xs(0), tonumber(first[i].x), 1e-6)
      assert.near(r.first * f.w, tonumber(first[i].width), 1e-6)
      assert.near(r.total * f.w, tonumber(total[i].width), 1e-6)
    end
    local wh = {}
    for a, body in svg:gmatch('<g( class="whisker"[^>]*)>(.-)</g>') do
      local t = attrs(a)
      t.lines = elements(body, "line")
      wh[#wh + 1] = t
    end
    assert.are.equal(6, #wh)
    -- pue's first-order interval -0.001 .. 0.001: clipped at 0, left open there (no cap), data kept
    assert.near(xs(0), tonumber(wh[5].lines[1].x1), 1e-6)
    assert.near(xs(0.001), tonumber(wh[5].lines[1].x2), 1e-6)
    assert.are.equal("true", wh[5]["data-clipped"])
    assert.are.equal(-0.001, tonumber(wh[5]["data-lo"]))
    assert.are.equal(2, #wh[5].lines)
    assert.near(xs(0.88), tonumber(wh[2].lines[1].x2), 1e-6)
    local labels = {}
    for _, t in ipairs(texts(svg, "sobol-label")) do labels[#labels + 1] = t.body end
    assert.are.same({ "utilization", "chip price, H20", "PUE (facility overhead)" }, labels)
    assert_text_inside(svg)
    assert_palette(svg)
  end)
  it("has a Vega-Lite twin with one row per input and index", function()
    local spec = assert(decode(vega.encode(vega.sobol(rows)), "vl"))
    assert.are.equal(6, #spec.data.values)
    assert.are.same({ row = "PUE (facility overhead): first-order", input = "PUE (facility overhead)", field = "pue",
      index = "first-order", value = 0.0002, lo = -0.001, hi = 0.001 }, spec.data.values[5])
  end)
end)

describe("the Monte Carlo histogram's 90% interval", function()
  local samples = {}
  for i = 1, 100 do samples[i] = i end
  it("is drawn when the interval comes as a list {p05, p95} (as flopcost mc passed it)", function()
    local svg = plot.histogram(samples, { bins = 4, xkind = "number", interval = { 5.95, 95.05 } })
    local marks = elements(svg, "line", "mark")
    assert.are.equal(2, #marks)
    local band = elements(svg, "rect", "interval-band")
    assert.are.equal(1, #band)
    -- x axis: nice_ticks(1, 100, 7): range 100, step nicenum(16.7) = 20 -> 0..100
    local f = frame_of(svg)
    assert.near(f.x + 5.95 / 100 * f.w, tonumber(band[1].x), 1e-6)
    assert.near((95.05 - 5.95) / 100 * f.w, tonumber(band[1].width), 1e-6)
    assert.near(f.x + 95.05 / 100 * f.w, tonumber(marks[2].x1), 1e-6)
  end)
  it("is in the histogram that `flopcost mc --out` writes, at the printed interval", function()
    local prefix = os.tmpname()
    local out, ok = sh("mc models/scenarios/mc-example.json --samples 20000 --out " .. prefix .. " 2>&1")
    assert.is_true(ok, out)
    local lo, hi = out:match("90%% interval %[([%d.]+), ([%d.]+)%]")
    local svg = slurp(prefix .. "-histogram.svg")
    local band = elements(svg, "rect", "interval-band")[1]
    assert.is_not_nil(band, "no interval band in the histogram")
    -- the printed interval has 6 significant digits
    assert.near(tonumber(lo), tonumber(band["data-p05"]), 1e-5)
    assert.near(tonumber(hi), tonumber(band["data-p95"]), 1e-5)
    assert.are.equal(3, #elements(svg, "line", "mark"))
    -- the tornado beside it: readable labels
    local tor = slurp(prefix .. "-tornado.svg")
    assert.truthy(tor:find(">electricity price (", 1, true))
    assert.truthy(out:find("utilization (", 1, true))
    os.execute(("rm -f '%s' '%s'-*"):format(prefix, prefix))
  end)
end)

describe("Vega-Lite exports", function()
  local SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json"
  -- fields an encoding names, over every channel and tooltip entry
  local function fields_of(enc, out)
    out = out or {}
    for _, ch in pairs(enc or {}) do
      if type(ch) == "table" then
        if ch.field then out[#out + 1] = ch.field end
        for _, t in ipairs(ch) do if type(t) == "table" and t.field then out[#out + 1] = t.field end end
      end
    end
    return out
  end
  -- rows a layer sees: the filter "datum.kind === 'x'"
  local function rows_for(values, layer)
    local kind = layer.transform and layer.transform[1].filter:match("datum%.kind === '(%w+)'")
    local out = {}
    for _, v in ipairs(values) do if kind == nil or v.kind == kind then out[#out + 1] = v end end
    return out
  end
  -- every field a layer's encoding names is in every row the layer draws
  local function assert_fields(spec)
    local values = spec.data.values
    local layers = spec.layer or { { mark = spec.mark, encoding = spec.encoding } }
    for li, layer in ipairs(layers) do
      local rows = rows_for(values, layer)
      assert.is_true(#rows > 0, "layer " .. li .. " draws nothing")
      local fields = fields_of(layer.encoding, fields_of(spec.encoding))
      for _, f in ipairs(fields) do
        for _, r in ipairs(rows) do
          assert.is_not_nil(r[f], ("layer %d: row without field '%s'"):format(li, f))
        end
      end
      assert.is_not_nil(layer.mark, "layer " .. li .. " has no mark")
    end
  end
  local function roundtrip(spec)
    local back = assert(decode(vega.encode(spec), "vega"))
    assert.are.equal(SCHEMA, back["$schema"])
    return back
  end

  it("compare: one row per component, interval and cloud price, with tooltips", function()
    local rs = fixture.results()
    local spec = roundtrip(vega.compare(rs, { as_of = "2026-11-23" }))
    local kinds = {}
    for _, v in ipairs(spec.data.values) do kinds[v.kind] = (kinds[v.kind] or 0) + 1 end
    assert.are.same({ component = 34, interval = 4, cloud = 4, total = 5 }, kinds) -- total: the value labels
    assert_fields(spec)
    -- the interval rows carry the fixture's numbers exactly (Virginia p05 = 2.804 / 1.282392 x 0.82)
    local iv = {}
    for _, v in ipairs(spec.data.values) do if v.kind == "interval" then iv[#iv + 1] = v end end
    assert.are.equal(rs[1].interval.p05, iv[1].p05)
    assert.are.equal(rs[1].interval.p95, iv[1].p95)
    -- the interval layer spans p05..p95; colours are plot's
    local rule = spec.layer[3] -- after the bars and their value labels
    assert.are.equal("rule", rule.mark.type)
    assert.are.equal("p05", rule.encoding.x.field)
    assert.are.equal("p95", rule.encoding.x2.field)
    assert.is_true(#rule.encoding.tooltip >= 3)
    local color = spec.layer[1].encoding.color.scale
    for i, k in ipairs(report.COMPONENTS) do
      assert.are.equal(k, color.domain[i])
      assert.are.equal(plot.COLORS[k], color.range[i])
    end
    -- y order = the SVG's group order
    assert.are.equal("H100-SXM | us-va", spec.layer[1].encoding.y and spec.layer[1].encoding.y.sort[1]
      or spec.encoding.y.sort[1])
  end)

  it("lines, tornado and histogram (with its interval band)", function()
    local series = { { name = "a", x = { 0.2, 0.6, 1 }, y = { 9, 3.1, 1.9 } },
      { name = "b", x = { 0.2, 0.6, 1 }, y = { 9.1, 3.2, 2 } } }
    local l = roundtrip(vega.lines(series, { xkind = "pct", ykind = "usd", ylabel = "USD" }))
    assert.are.equal(6, #l.data.values)
    assert_fields(l)
    local enc = l.layer[#l.layer].encoding -- the lines' layer (bands, when any, come first)
    assert.are.equal("USD", enc.y.title)
    -- the legend lists b before a: b starts higher (9.1 > 9 at x = 0.2), as the SVG's legend does
    assert.are.same({ "b", "a" }, enc.color.scale.domain)
    assert.are.same({ 7, 3 }, enc.strokeDash.scale.range[1]) -- b, series 2: dashed
    assert.are.same({}, enc.strokeDash.scale.range[2]) -- a, series 1: solid

    local t = roundtrip(vega.tornado { { name = "pue", low = 2.1, high = 2.3, base = 2.2, input_low = 1.1,
      input_high = 1.4 } })
    assert.are.equal("PUE (facility overhead) (1.10 to 1.40)", t.data.values[1].input)
    assert_fields(t)

    local samples = {}
    for i = 1, 100 do samples[i] = i end
    local h = roundtrip(vega.histogram(samples, { bins = 4, interval = { 5.95, 95.05 } }))
    local band
    for _, v in ipairs(h.data.values) do if v.kind == "band" then band = v end end
    assert.are.same({ kind = "band", p05 = 5.95, p95 = 95.05 }, band)
    assert_fields(h)
    local bins = 0
    for _, v in ipairs(h.data.values) do if v.kind == "bin" then bins = bins + v.count end end
    assert.are.equal(100, bins)
  end)
end)

describe("plot.save with a Vega-Lite twin", function()
  it("writes x.vl.json beside x.svg, the same chart's data", function()
    local path = os.tmpname() .. ".svg"
    local series = { name = "a", x = { 0, 1 }, y = { 2, 3 } }
    assert.is_true(plot.save(path, plot.lines(series), vega.lines(series)))
    local twin = path:gsub("%.svg$", ".vl.json")
    local spec = assert(decode(slurp(twin), "vl"))
    assert.are.same({ kind = "line", series = "a", x = 1, y = 3 }, spec.data.values[2])
    assert.truthy(slurp(path):find("<svg", 1, true))
    os.remove(path); os.remove(twin)
    assert.are.equal("flopcost.plot.save: argument 'vega_spec': Vega-Lite table or nil expected, got 'x'",
      H.error_of(plot.save, path, "<svg/>", "x"))
  end)
end)
