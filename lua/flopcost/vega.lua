--- flopcost.vega: the charts of flopcost.plot as Vega-Lite v5 specifications
-- (https://vega.github.io/vega-lite/docs/), for notebooks and browsers:
-- the same data, colours and intervals as the SVGs, with tooltips.
--
--   local spec = vega.compare(results, opts)   -- a Lua table
--   vega.encode(spec)                           -- its JSON text
--
-- Each function takes the arguments of its plot.* twin and returns a table
-- with "$schema" = vega.SCHEMA, "data" = {values = {...}} (plain rows: every
-- field an encoding names is in every row it applies to) and mark/encoding
-- or layer. Validation is plot's: bad input raises the same messages.
local json = require "flopcost.json"
local report = require "flopcost.report"
local plot = require "flopcost.plot"

local M = {}

M.SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json"
local COST = "USD per 1e18 useful training FLOP"

local function arr(t) return json.array(t) end

-- Title and subtitle lines anchored left and wrapped to `chars`, so a long line
-- never widens the view (a centred title wider than the chart left a blank
-- margin); the provenance (flopcost.plot.provenance) follows the subtitle.
local function base(title, subtitle, description, provenance, chars)
  chars = chars or 100
  local lines = {}
  local wrap = require("flopcost.plot.axes").wrap
  local subs = type(subtitle) == "table" and subtitle or { subtitle }
  for _, s in ipairs(subs) do
    for _, l in ipairs(wrap(s, chars)) do lines[#lines + 1] = l end
  end
  for _, l in ipairs(require("flopcost.plot.provenance").lines(provenance, chars)) do lines[#lines + 1] = l end
  local t = { text = title, anchor = "start", subtitle = arr(lines), subtitleColor = "#333333" }
  return { ["$schema"] = M.SCHEMA, title = t, description = description,
    config = { font = "DejaVu Sans, Arial, Helvetica, sans-serif", view = { stroke = json.null } } }
end

local function usd_axis(title) return { title = title or COST, format = "$.2f" } end

--- JSON text of a spec (keys sorted, two-space indent).
-- @tparam table spec a Vega-Lite spec (fc.vega.compare, ...) [Vega-Lite spec]
-- @treturn string the JSON text [JSON]
-- @raise "flopcost.json.encode: field '$.a': finite number expected, got nan" (NaN or infinity anywhere)
-- @usage fc.vega.encode({mark = "bar"})  --> "{..."
function M.encode(spec)
  return json.encode(spec, { indent = "  " }) .. "\n"
end

-- The rows of vega.compare: per result its components, its interval, its
-- total (the value label) and its cloud price. -> values, row order
local function compare_values(results)
  local values, rows = {}, {}
  local pc = require "flopcost.plot.compare"
  for _, g in ipairs(plot._groups_of(results, "mix")) do
    for _, r in ipairs(g.rows) do
      local access = pc.access_label(r)
      local row = r.mix .. " | " .. r.region .. (access and (" (" .. access .. ")") or "")
      rows[#rows + 1] = row
      local common = function(t)
        t.row, t.mix, t.region, t.region_label = row, r.mix, r.region, r.region_label or r.region
        t.access = access or "not known"
        t.usd_per_eflop = r.usd_per_eflop
        return t
      end
      for k, name in ipairs(report.COMPONENTS) do
        local v = r.breakdown[name] or 0
        if v > 0 then
          values[#values + 1] = common { kind = "component", component = name, usd = v, order = k }
        end
      end
      values[#values + 1] = common { kind = "total", total_text = report.usd(r.usd_per_eflop) }
      local iv = r.interval
      if iv and iv.p05 and iv.p95 then
        values[#values + 1] = common { kind = "interval", p05 = iv.p05, p50 = iv.p50 or iv.p05, p95 = iv.p95,
          interval = "90% interval of the cost (p05 to p95), dot at the median" }
      end
      if r.cloud and r.cloud.usd_per_eflop then
        values[#values + 1] = common { kind = "cloud", cloud_usd_per_eflop = r.cloud.usd_per_eflop,
          cloud = "cloud rental for the same FLOP", cloud_text = "cloud " .. report.usd(r.cloud.usd_per_eflop) }
      end
    end
  end
  return values, rows
end

local function compare_tips(extra)
  local t = { { field = "mix", type = "nominal" }, { field = "region", type = "nominal" },
    { field = "region_label", type = "nominal", title = "region name" },
    { field = "access", type = "nominal" },
    { field = "usd_per_eflop", type = "quantitative", title = "total $/EFLOP (point estimate)", format = "$.3f" } }
  for _, v in ipairs(extra) do t[#t + 1] = v end
  return arr(t)
end

local function only(kind) return arr { { filter = ("datum.kind === '%s'"):format(kind) } } end

-- Lanes of a row, as in the SVG: the bar above, the interval under it, the cloud under that.
local BAR_DY, IV_DY, CLOUD_DY = -8, 4, 13
local INK = "#222222"

-- The interval: its rule (with a legend entry of its own), end caps and median dot.
local function interval_layers()
  local x = { field = "p05", type = "quantitative" }
  return {
    { transform = only "interval", mark = { type = "rule", color = INK, strokeWidth = 1.5, yOffset = IV_DY },
      encoding = { x = x, x2 = { field = "p95" },
        strokeDash = { field = "interval", type = "nominal", title = json.null,
          scale = { range = arr { arr { 1, 0 } } }, legend = { orient = "bottom", symbolStrokeColor = INK,
            labelLimit = 500 } },
        tooltip = compare_tips { { field = "p05", type = "quantitative", title = "5th percentile", format = "$.3f" },
          { field = "p50", type = "quantitative", title = "median", format = "$.3f" },
          { field = "p95", type = "quantitative", title = "95th percentile", format = "$.3f" } } } },
    { transform = only "interval", mark = { type = "tick", color = INK, thickness = 1.5, size = 8, yOffset = IV_DY },
      encoding = { x = x } },
    { transform = only "interval", mark = { type = "tick", color = INK, thickness = 1.5, size = 8, yOffset = IV_DY },
      encoding = { x = { field = "p95", type = "quantitative" } } },
    { transform = only "interval", mark = { type = "circle", color = INK, size = 20, opacity = 1, yOffset = IV_DY },
      encoding = { x = { field = "p50", type = "quantitative" } } },
  }
end

-- The cloud rental: a diamond (with its legend entry) and its value, in its own lane.
local function cloud_layers()
  local x = { field = "cloud_usd_per_eflop", type = "quantitative" }
  return {
    { transform = only "cloud", mark = { type = "point", filled = false, color = "#000000",
        strokeWidth = 1.5, size = 60, yOffset = CLOUD_DY },
      encoding = { x = x,
        shape = { field = "cloud", type = "nominal", title = json.null, scale = { range = arr { "diamond" } },
          legend = { orient = "bottom", symbolStrokeColor = "#000000", symbolStrokeWidth = 1.5, labelLimit = 500 } },
        tooltip = compare_tips { { field = "cloud_usd_per_eflop", type = "quantitative",
          title = "cloud rental $/EFLOP", format = "$.3f" } } } },
    { transform = only "cloud", mark = { type = "text", align = "left", baseline = "middle", dx = 8,
        yOffset = CLOUD_DY, fontSize = 11, color = INK },
      encoding = { x = x, text = { field = "cloud_text", type = "nominal" } } },
  }
end

--- vega.compare(results [, opts]): plot.compare as Vega-Lite: stacked
-- component bars per "mix | region" row (grouped by mix like the SVG), the
-- point estimate written at each bar's end, under each bar its 90 % interval
-- (a rule from p05 to p95, caps, a dot at the median), under that a diamond at
-- the cloud price with its value; legends for the components, the interval and
-- the cloud marker; the title, units and provenance as the SVG states them.
-- Rows: kind = "component" {row, mix, region, access, component, usd, order},
-- "total" {row, ..., total_text}, "interval" {row, ..., p05, p50, p95, interval},
-- "cloud" {row, ..., cloud_usd_per_eflop, cloud, cloud_text}.
-- @tparam {table,...} results as fc.plot.compare takes them [USD per 1e18 FLOP]
-- @tparam[opt] table opts as fc.plot.compare's [text]
-- @treturn table the Vega-Lite spec (fc.vega.encode writes its JSON) [Vega-Lite spec]
-- @raise "flopcost.vega.compare: argument 'results': field '[1]': result table expected, got 1"
-- @usage fc.vega.compare({fc.scenario{region = "us-va", chip = "H100-SXM"}:evaluate()})["$schema"]
-- --> "https://vega.github.io/schema/vega-lite/v5.json"
function M.compare(results, opts)
  local serving = require "flopcost.plot.inference"
  local mtok, sopts, converted = serving.as_mtok(results, opts)
  if converted then return serving.vega(mtok, sopts) end -- serving results: in $/Mtok, its words
  opts = opts or {}
  plot.compare(results, opts) -- the same validation (and a cheap way to keep them in step)
  results = report._check_results("flopcost.vega.compare", results)
  local values, rows = compare_values(results)
  local domain, range = {}, {}
  for i, k in ipairs(report.COMPONENTS) do domain[i], range[i] = k, plot.COLORS[k] end
  local prov = opts.provenance or (opts.as_of and { catalog_as_of = opts.as_of }) or {}
  local n = require("flopcost.plot.provenance").normalize(prov)
  local subtitle = { COST .. ": point estimates (nominal USD, catalog prices as of " .. n.catalog_as_of .. ")" }
  subtitle[#subtitle + 1] = require("flopcost.plot.compare").ban_note(results)
  local spec = base(opts.title or ("Cost per 1e18 training FLOP by chip mix and region: " .. n.scenario), subtitle,
    "flopcost compare: cost breakdown per region and chip mix with 90% intervals", prov, 90)
  spec.width = 560
  spec.height = { step = 34 }
  spec.data = { values = arr(values) }
  spec.encoding = { y = { field = "row", type = "nominal", sort = arr(rows), title = json.null,
    axis = { labelLimit = 600 } } }
  local layers = {
    { transform = only "component", mark = { type = "bar", height = 12, yOffset = BAR_DY },
      encoding = {
        x = { field = "usd", type = "quantitative", stack = "zero", axis = usd_axis() },
        color = { field = "component", type = "nominal", scale = { domain = arr(domain), range = arr(range) },
          legend = { orient = "top", title = json.null } },
        order = { field = "order", type = "quantitative" },
        tooltip = compare_tips { { field = "component", type = "nominal" },
          { field = "usd", type = "quantitative", title = "$/EFLOP", format = "$.4f" } },
      } },
    { transform = only "total", mark = { type = "text", align = "left", baseline = "middle", dx = 5,
        yOffset = BAR_DY, fontSize = 11, color = INK },
      encoding = { x = { field = "usd_per_eflop", type = "quantitative" },
        text = { field = "total_text", type = "nominal" }, tooltip = compare_tips {} } },
  }
  for _, l in ipairs(interval_layers()) do layers[#layers + 1] = l end
  for _, l in ipairs(cloud_layers()) do layers[#layers + 1] = l end
  spec.layer = arr(layers)
  spec.resolve = { legend = { color = "independent", shape = "independent", strokeDash = "independent" } }
  return spec
end

--- vega.lines(series [, opts]): plot.lines as Vega-Lite; rows {series, x, y}
-- and, for a series with a band, {series, x, lo, hi} drawn as a shaded area.
-- The legend lists the series in plot.lines' order: top to bottom as the
-- lines start on the left (the SVG's), not in input order.
-- @tparam {table,...} series as fc.plot.lines takes them: {name, x = {...}, y = {...}, lo, hi} [the axes' units]
-- @tparam[opt] table opts as fc.plot.lines's (title, xlabel, ylabel, provenance, ...) [options]
-- @treturn table the Vega-Lite spec [Vega-Lite spec]
-- @raise "flopcost.vega.lines: argument 'series': non-empty array of series expected, got 1"
-- @usage fc.vega.lines({{name = "a", x = {1, 2}, y = {3, 4}}})["$schema"]  --> "https://vega.github.io/..."
function M.lines(series, opts)
  opts = opts or {}
  plot.lines(series, opts)
  if series.x ~= nil then series = { series } end
  local values, color_of, dash_of = {}, {}, {}
  for i, s in ipairs(series) do
    local name = s.name or ("series " .. i)
    color_of[name] = s.color or plot.SERIES_COLORS[(i - 1) % #plot.SERIES_COLORS + 1]
    local d = s.dash or plot._dash_of(i)
    local pattern = {}
    if d then for n in d:gmatch("[%d.]+") do pattern[#pattern + 1] = tonumber(n) end end
    dash_of[name] = arr(pattern)
    for j = 1, #s.x do
      values[#values + 1] = { kind = "line", series = name, x = s.x[j], y = s.y[j] }
      if s.band then
        values[#values + 1] = { kind = "band", series = name, x = s.x[j], lo = s.band.lo[j], hi = s.band.hi[j] }
      end
    end
  end
  local domain, range, dashes = require("flopcost.plot.lines").legend_order(series), {}, {}
  for i, name in ipairs(domain) do range[i], dashes[i] = color_of[name], dash_of[name] end
  local fmt = { pct = ".0%", usd = "$.2f" }
  -- with a band, the subtitle says which is which (the SVG's legend key: plot.lines.band_key)
  local subtitle = opts.subtitle
  local key = require("flopcost.plot.lines").band_key(series, opts)
  if key then
    subtitle = { opts.subtitle }
    subtitle[#subtitle + 1] = ("Key: %s; %s."):format(key[1].label, key[2].label)
  end
  local spec = base(opts.title or "", subtitle, opts.title, opts.provenance, 90)
  spec.width, spec.height = 620, 340
  spec.data = { values = arr(values) }
  local x = { field = "x", type = "quantitative", title = opts.xlabel or "x", axis = { format = fmt[opts.xkind] } }
  local color = { field = "series", type = "nominal", title = json.null,
    legend = { labelLimit = 400, orient = opts.legend == "below" and "bottom" or "right",
      columns = opts.legend == "below" and 2 or json.null },
    scale = { domain = arr(domain), range = arr(range) } }
  local layers = {
    { transform = arr { { filter = "datum.kind === 'line'" } }, mark = { type = "line", strokeWidth = 2.5 },
      encoding = { x = x, y = { field = "y", type = "quantitative", title = opts.ylabel or "y",
          axis = { format = fmt[opts.ykind] } },
        color = color,
        -- the same field as color: Vega-Lite merges the two into one legend showing colour and dash
        strokeDash = { field = "series", type = "nominal", title = json.null,
          scale = { domain = arr(domain), range = arr(dashes) } },
        tooltip = arr { { field = "series", type = "nominal" },
          { field = "x", type = "quantitative", title = opts.xlabel or "x", format = fmt[opts.xkind] },
          { field = "y", type = "quantitative", title = key and "point estimate" or opts.ylabel or "y",
            format = fmt[opts.ykind] } } } },
  }
  for _, v in ipairs(values) do
    if v.kind == "band" then
      table.insert(layers, 1, { transform = arr { { filter = "datum.kind === 'band'" } },
        mark = { type = "area", opacity = 0.13 },
        encoding = { x = x, y = { field = "lo", type = "quantitative" }, y2 = { field = "hi" },
          -- fill, not color: the band stays out of the lines' legend (colour and dash)
          fill = { field = "series", type = "nominal", legend = json.null,
            scale = { domain = arr(domain), range = arr(range) } },
          tooltip = arr { { field = "series", type = "nominal" },
            { field = "x", type = "quantitative", title = opts.xlabel or "x", format = fmt[opts.xkind] },
            { field = "lo", type = "quantitative", title = "5th percentile", format = fmt[opts.ykind] },
            { field = "hi", type = "quantitative", title = "95th percentile", format = fmt[opts.ykind] } } } })
      break
    end
  end
  spec.layer = arr(layers)
  spec.resolve = { scale = { fill = "independent" }, legend = { fill = "independent" } }
  return spec
end

--- vega.tornado(rows [, opts]): plot.tornado as Vega-Lite; rows {input, low,
-- high, base} (input = the readable label), bars from base to each end.
-- @tparam {table,...} rows r:tornado()'s rows {name, low, high, base, ...} [the output's unit]
-- @tparam[opt] table opts as fc.plot.tornado's (title, members, provenance, ...) [options]
-- @treturn table the Vega-Lite spec [Vega-Lite spec]
-- @raise "flopcost.vega.tornado: argument 'rows': non-empty array of rows expected, got 1"
-- @usage local r = fc.montecarlo(fc.scenario{region = "us-va", chip = "H100-SXM"}, {samples = 1000, seed = 1,
--   vary = {["region.pue"] = fc.dist.uniform(1.1, 1.3)}});
--   fc.vega.tornado(r:tornado())["$schema"]  --> "https://vega.github.io/..."
function M.tornado(rows, opts)
  opts = opts or {}
  plot.tornado(rows, opts)
  local sorted = plot.tornado_rows(rows)
  local values, order = {}, {}
  for i, r in ipairs(sorted) do
    order[i] = r.label
    values[i] = { input = r.label, field = r.name, low = r.low, high = r.high, base = r.base,
      input_low = r.input_low, input_high = r.input_high }
  end
  local base_label = opts.base_label or "base (every input at its median)"
  local spec = base(opts.title or "Sensitivity (one input at a time)", ("Bars run from the %s, %s, to the "
    .. "output with one input at its low and at its high end"):format(base_label,
    sorted[1] and report.usd(sorted[1].base) or "?"), "tornado chart", opts.provenance, 90)
  spec.width = 520
  spec.data = { values = arr(values) }
  local y = { field = "input", type = "nominal", sort = arr(order), title = json.null, axis = { labelLimit = 400 } }
  local tip = arr { { field = "input", type = "nominal" },
    { field = "low", type = "quantitative", title = "output, input at low end", format = "$.3f" },
    { field = "high", type = "quantitative", title = "output, input at high end", format = "$.3f" },
    { field = "base", type = "quantitative", title = base_label, format = "$.3f" } }
  spec.layer = arr {
    { mark = { type = "bar", color = plot.PALETTE.blue },
      encoding = { y = y, x = { field = "base", type = "quantitative", scale = { zero = false },
        title = opts.xlabel or COST }, x2 = { field = "low" }, tooltip = tip } },
    { mark = { type = "bar", color = plot.PALETTE.orange },
      encoding = { y = y, x = { field = "base", type = "quantitative" }, x2 = { field = "high" }, tooltip = tip } },
  }
  return spec
end

--- vega.sobol(result [, opts]): plot.sobol as Vega-Lite; rows {row = "input: index",
-- input, field, index ("first-order" or "total"), value, lo, hi}: a bar per
-- row, a rule over each interval.
-- @tparam table result fc.sensitivity.sobol's result (or its rows) [share of variance]
-- @tparam[opt] table opts as fc.plot.sobol's (title, members, provenance, ...) [options]
-- @treturn table the Vega-Lite spec [Vega-Lite spec]
-- @raise "flopcost.vega.sobol: argument 'result': sensitivity result or non-empty array of rows expected, got 1"
-- @usage fc.vega.sobol(fc.sensitivity.sobol{scenario = fc.scenario{region = "us-va", chip = "H100-SXM"},
--   vary = {["region.pue"] = fc.dist.uniform(1.1, 1.3), utilization = fc.dist.uniform(0.5, 0.9)},
--   samples = 200, seed = 1})["$schema"]  --> "https://vega.github.io/..."
function M.sobol(result, opts)
  opts = opts or {}
  plot.sobol(result, opts)
  local rows = type(result.rows) == "function" and result:rows() or result
  local values, order = {}, {}
  for _, r in ipairs(rows) do
    local label = plot.field_label(r.name, nil, nil, opts.members)
    for _, k in ipairs { { "first", "first-order" }, { "total", "total" } } do
      local row = label .. ": " .. k[2]
      order[#order + 1] = row
      values[#values + 1] = { row = row, input = label, field = r.name, index = k[2], value = r[k[1]],
        lo = r[k[1] .. "_lo"] or r[k[1]], hi = r[k[1] .. "_hi"] or r[k[1]] }
    end
  end
  local out = type(result.rows) == "function" and result.output
  local prov = opts.provenance or (type(result.rows) == "function" and plot.provenance.from_mc(result)) or {}
  local spec = base(opts.title or ("Sobol indices of " .. (plot.OUTPUT_LABELS[out] or out or "the output") .. ": "
    .. plot.provenance.normalize(prov).scenario), "Axis 0 to 1 (a share of variance): estimates and bounds "
    .. "outside it are sampling noise, clipped at its ends", "Sobol first-order and total indices with their "
    .. "intervals", prov, 90)
  spec.width = 480
  spec.data = { values = arr(values) }
  local y = { field = "row", type = "nominal", sort = arr(order), title = json.null, axis = { labelLimit = 400 } }
  local tip = arr { { field = "input", type = "nominal" }, { field = "index", type = "nominal" },
    { field = "value", type = "quantitative", format = ".3f" }, { field = "lo", type = "quantitative", format = ".3f" },
    { field = "hi", type = "quantitative", format = ".3f" } }
  spec.layer = arr {
    { mark = { type = "bar" },
      encoding = { y = y,
        x = { field = "value", type = "quantitative", title = "share of the output's variance",
          scale = { domain = arr { 0, 1 }, clamp = true } },
        color = { field = "index", type = "nominal", title = json.null,
          scale = { domain = arr { "first-order", "total" }, range = arr { plot.PALETTE.blue, plot.PALETTE.orange } } },
        tooltip = tip } },
    { mark = { type = "rule", color = "#222222", strokeWidth = 1.2 },
      encoding = { y = y, x = { field = "lo", type = "quantitative" }, x2 = { field = "hi" },
        tooltip = tip } },
    { mark = { type = "text", align = "left", baseline = "middle", dx = 5, fontSize = 10, color = "#333333" },
      encoding = { y = y, x = { field = "hi", type = "quantitative" },
        text = { field = "value", type = "quantitative", format = ".2f" } } },
  }
  return spec
end

--- vega.histogram(data [, opts]): plot.histogram as Vega-Lite (data as it
-- takes it, a Monte Carlo result included); bins {lo, hi, count} over the
-- SVG's x range and, with an interval, a shaded band from p05 to p95 and a
-- rule per quantile and at the point estimate, labelled above the plot.
-- @tparam table data samples, bins {edges, counts} or a Monte Carlo result [the output's unit]
-- @tparam[opt] table opts as fc.plot.histogram's [options]
-- @treturn table the Vega-Lite spec [Vega-Lite spec]
-- @raise "flopcost.vega.histogram: argument 'data': array of samples or bins expected, got 1"
-- @usage local r = fc.montecarlo(fc.scenario{region = "us-va", chip = "H100-SXM"}, {samples = 1000, seed = 1,
--   vary = {["region.pue"] = fc.dist.uniform(1.1, 1.3)}});
--   fc.vega.histogram(r)["$schema"]  --> "https://vega.github.io/..."
function M.histogram(data, opts)
  opts = opts or {}
  plot.histogram(data, opts)
  local bins, marks, o = plot.histogram_data(data, opts)
  local values = {}
  for i, c in ipairs(bins.counts) do
    values[i] = { kind = "bin", lo = bins.edges[i], hi = bins.edges[i + 1], count = c }
  end
  local band = {}
  local dist = require "flopcost.plot.distribution"
  for _, m in ipairs(marks) do
    values[#values + 1] = { kind = "mark", value = m.value, label = m.label, point = m.kind == "point",
      text = dist.mark_text(m, report.usd) }
    if m.label == "p05" or m.label == "p95" then band[m.label] = m.value end
  end
  if band.p05 and band.p95 then values[#values + 1] = { kind = "band", p05 = band.p05, p95 = band.p95 } end
  -- the SVG's x range: the non-empty bins and the marks, on tight ticks
  local first, last = 1, #bins.counts
  while first < last and bins.counts[first] == 0 do first = first + 1 end
  while last > first and bins.counts[last] == 0 do last = last - 1 end
  local lo, hi = bins.edges[first], bins.edges[last + 1]
  for _, m in ipairs(marks) do lo, hi = math.min(lo, m.value), math.max(hi, m.value) end
  local ticks = require("flopcost.plot.ticks").tight_ticks(lo, hi, o.xticks or 7)
  local spec = base(o.title or "Distribution", nil, "histogram with its 90% interval", o.provenance, 90)
  spec.width, spec.height = 560, 300
  spec.data = { values = arr(values) }
  local xt = o.xlabel or COST
  local xs = { domain = arr { ticks[1], ticks[#ticks] }, nice = false, clamp = true }
  spec.layer = arr {
    { transform = arr { { filter = "datum.kind === 'band'" } },
      mark = { type = "rect", color = plot.PALETTE.vermillion, opacity = 0.12 },
      encoding = { x = { field = "p05", type = "quantitative", title = xt, scale = xs }, x2 = { field = "p95" },
        tooltip = arr { { field = "p05", type = "quantitative", format = "$.3f" },
          { field = "p95", type = "quantitative", format = "$.3f" } } } },
    { transform = arr { { filter = "datum.kind === 'bin'" }, { filter = "datum.count > 0" } },
      mark = { type = "bar", color = plot.PALETTE.sky, stroke = "#ffffff", strokeWidth = 0.5, clip = true },
      encoding = { x = { field = "lo", type = "quantitative", title = xt, bin = { binned = true }, scale = xs,
          axis = { format = "$.2f" } },
        x2 = { field = "hi" }, y = { field = "count", type = "quantitative", title = o.ylabel or "count",
          axis = { format = ",d" } },
        tooltip = arr { { field = "lo", type = "quantitative", format = "$.3f" },
          { field = "hi", type = "quantitative", format = "$.3f" },
          { field = "count", type = "quantitative", format = "," } } } },
    -- the quantiles dashed in vermillion, the point estimate solid and dark (as in the SVG)
    { transform = arr { { filter = "datum.kind === 'mark'" } },
      mark = { type = "rule", strokeWidth = 1.5 },
      encoding = { x = { field = "value", type = "quantitative", scale = xs },
        color = { condition = { test = "datum.point", value = dist.POINT_COLOR }, value = plot.PALETTE.vermillion },
        strokeDash = { condition = { test = "datum.point", value = arr { 1, 0 } }, value = arr { 5, 3 } },
        tooltip = arr { { field = "label", type = "nominal" },
          { field = "value", type = "quantitative", format = "$.3f" } } } },
  }
  -- labels above the plot, alternate ones a row higher so neighbours do not overlap
  for k, dy in ipairs { -6, -20 } do
    spec.layer[#spec.layer + 1] = { transform = arr { { filter = "datum.kind === 'mark'" },
        { window = arr { { op = "row_number", as = "rank" } }, sort = arr { { field = "value" } } },
        { filter = ("datum.rank %% 2 === %d"):format(k % 2) } },
      mark = { type = "text", fontSize = 11, baseline = "bottom", dy = dy },
      encoding = { x = { field = "value", type = "quantitative", scale = xs }, y = { value = 0 },
        color = { condition = { test = "datum.point", value = dist.POINT_COLOR }, value = plot.PALETTE.vermillion },
        text = { field = "text", type = "nominal" } } }
  end
  return spec
end

-- errors at the caller's line and under this module's name: the checks are plot's, so a
-- message from them says flopcost.plot.<chart>; a caller of fc.vega.<chart> reads flopcost.vega.<chart>
local errors = require "flopcost.errors"
for _, name in ipairs { "compare", "lines", "tornado", "sobol", "histogram" } do
  local f = M[name]
  M[name] = errors.public(function(...)
    local r = table.pack(pcall(f, ...))
    if r[1] then return table.unpack(r, 2, r.n) end
    local e = r[2]
    if type(e) == "string" then e = errors.strip(e):gsub("^flopcost%.plot%.", "flopcost.vega.", 1) end
    errors.raise(e)
  end)
end

return M
