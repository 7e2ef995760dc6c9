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

local function base(title, subtitle, description)
  local t = { text = title }
  if subtitle then t.subtitle = subtitle end
  return { ["$schema"] = M.SCHEMA, title = t, description = description,
    config = { font = "DejaVu Sans, Arial, Helvetica, sans-serif", view = { stroke = json.null } } }
end

local function usd_axis(title) return { title = title or COST, format = "$.2f" } end

--- JSON text of a spec (keys sorted, two-space indent).
function M.encode(spec)
  return json.encode(spec, { indent = "  " }) .. "\n"
end

--- vega.compare(results [, opts]): plot.compare as Vega-Lite -- stacked
-- component bars per "mix | region" row (grouped by mix like the SVG), a
-- rule from p05 to p95 (the 90 % interval) and a diamond at the cloud price.
-- Rows: kind = "component" {row, mix, region, access, component, usd, order},
-- "interval" {row, ..., p05, p50, p95, usd_per_eflop}, "cloud" {row, ..., cloud_usd_per_eflop}.
function M.compare(results, opts)
  opts = opts or {}
  plot.compare(results, opts) -- the same validation (and a cheap way to keep them in step)
  results = report._check_results("flopcost.vega.compare", results)
  local values, rows = {}, {}
  for _, g in ipairs(plot._groups_of(results, "mix")) do
    for _, r in ipairs(g.rows) do
      local access = report.access_text(r)
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
      local iv = r.interval
      if iv and iv.p05 and iv.p95 then
        values[#values + 1] = common { kind = "interval", p05 = iv.p05, p50 = iv.p50, p95 = iv.p95 }
      end
      if r.cloud and r.cloud.usd_per_eflop then
        values[#values + 1] = common { kind = "cloud", cloud_usd_per_eflop = r.cloud.usd_per_eflop }
      end
    end
  end
  local domain, range = {}, {}
  for i, k in ipairs(report.COMPONENTS) do domain[i], range[i] = k, plot.COLORS[k] end
  local y = { field = "row", type = "nominal", sort = arr(rows), title = json.null,
    axis = { labelLimit = 600 } }
  -- opts.unit / opts.short: the axis and the tooltips' unit (plot/inference.lua: $ per million tokens)
  local unit, short = opts.unit or COST, opts.short or "$/EFLOP"
  local spec = base(opts.title or "Cost per 1e18 training FLOP, by chip mix and region",
    arr { unit .. (opts.as_of and (", catalog prices as of " .. opts.as_of) or "") .. "; rules: 90% interval",
      opts.source }, "flopcost compare: cost breakdown per region and chip mix with 90% intervals")
  spec.width = 560
  spec.data = { values = arr(values) }
  spec.encoding = { y = y }
  local tip_common = { { field = "mix", type = "nominal" }, { field = "region", type = "nominal" },
    { field = "region_label", type = "nominal", title = "region name" },
    { field = "access", type = "nominal" },
    { field = "usd_per_eflop", type = "quantitative", title = "total " .. short, format = "$.3f" } }
  local function tips(extra)
    local t = {}
    for _, v in ipairs(tip_common) do t[#t + 1] = v end
    for _, v in ipairs(extra) do t[#t + 1] = v end
    return arr(t)
  end
  spec.layer = arr {
    { transform = arr { { filter = "datum.kind === 'component'" } },
      mark = { type = "bar", height = 12 },
      encoding = {
        x = { field = "usd", type = "quantitative", stack = "zero", axis = usd_axis(unit) },
        color = { field = "component", type = "nominal", scale = { domain = arr(domain), range = arr(range) },
          legend = { orient = "top", title = json.null } },
        order = { field = "order", type = "quantitative" },
        tooltip = tips { { field = "component", type = "nominal" },
          { field = "usd", type = "quantitative", title = short, format = "$.4f" } },
      } },
    { transform = arr { { filter = "datum.kind === 'interval'" } },
      mark = { type = "rule", color = "#222222", strokeWidth = 1.5 },
      encoding = {
        x = { field = "p05", type = "quantitative" }, x2 = { field = "p95" },
        tooltip = tips { { field = "p05", type = "quantitative", title = "5th percentile", format = "$.3f" },
          { field = "p50", type = "quantitative", title = "median", format = "$.3f" },
          { field = "p95", type = "quantitative", title = "95th percentile", format = "$.3f" } },
      } },
    { transform = arr { { filter = "datum.kind === 'interval'" } },
      mark = { type = "tick", color = "#222222", thickness = 1.5, size = 10 },
      encoding = { x = { field = "p05", type = "quantitative" } } },
    { transform = arr { { filter = "datum.kind === 'interval'" } },
      mark = { type = "tick", color = "#222222", thickness = 1.5, size = 10 },
      encoding = { x = { field = "p95", type = "quantitative" } } },
    { transform = arr { { filter = "datum.kind === 'cloud'" } },
      mark = { type = "point", shape = "diamond", filled = true, fill = "#ffffff", stroke = "#000000",
        strokeWidth = 1.5, size = 60 },
      encoding = {
        x = { field = "cloud_usd_per_eflop", type = "quantitative" },
        tooltip = tips { { field = "cloud_usd_per_eflop", type = "quantitative", title = "cloud rental " .. short,
          format = "$.3f" } },
      } },
  }
  return spec
end

--- vega.lines(series [, opts]): plot.lines as Vega-Lite; rows {series, x, y}.
function M.lines(series, opts)
  opts = opts or {}
  plot.lines(series, opts)
  if series.x ~= nil then series = { series } end
  local values, domain, range, dashes = {}, {}, {}, {}
  for i, s in ipairs(series) do
    local name = s.name or ("series " .. i)
    domain[i] = name
    range[i] = s.color or plot.SERIES_COLORS[(i - 1) % #plot.SERIES_COLORS + 1]
    local d = s.dash or plot._dash_of(i)
    local pattern = {}
    if d then for n in d:gmatch("[%d.]+") do pattern[#pattern + 1] = tonumber(n) end end
    dashes[i] = arr(pattern)
    for j = 1, #s.x do values[#values + 1] = { series = name, x = s.x[j], y = s.y[j] } end
  end
  local fmt = { pct = ".0%", usd = "$.2f" }
  local spec = base(opts.title or "", nil, opts.title)
  spec.width, spec.height = 520, 320
  spec.data = { values = arr(values) }
  spec.mark = { type = "line", strokeWidth = 2.5 }
  spec.encoding = {
    x = { field = "x", type = "quantitative", title = opts.xlabel or "x", axis = { format = fmt[opts.xkind] } },
    y = { field = "y", type = "quantitative", title = opts.ylabel or "y", axis = { format = fmt[opts.ykind] } },
    color = { field = "series", type = "nominal", title = json.null, legend = { labelLimit = 400 },
      scale = { domain = arr(domain), range = arr(range) } },
    -- the same field as color: Vega-Lite merges the two into one legend showing colour and dash
    strokeDash = { field = "series", type = "nominal", title = json.null,
      scale = { domain = arr(domain), range = arr(dashes) } },
    tooltip = arr { { field = "series", type = "nominal" },
      { field = "x", type = "quantitative", title = opts.xlabel or "x", format = fmt[opts.xkind] },
      { field = "y", type = "quantitative", title = opts.ylabel or "y", format = fmt[opts.ykind] } },
  }
  return spec
end

--- vega.tornado(rows [, opts]): plot.tornado as Vega-Lite; rows {input, low,
-- high, base} (input = the readable label), bars from base to each end.
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
  local spec = base(opts.title or "Sensitivity (one input at a time)", nil, "tornado chart")
  spec.width = 520
  spec.data = { values = arr(values) }
  local y = { field = "input", type = "nominal", sort = arr(order), title = json.null, axis = { labelLimit = 400 } }
  local tip = arr { { field = "input", type = "nominal" },
    { field = "low", type = "quantitative", title = "output, input at low end", format = "$.3f" },
    { field = "high", type = "quantitative", title = "output, input at high end", format = "$.3f" },
    { field = "base", type = "quantitative", title = "base", format = "$.3f" } }
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
  local spec = base(opts.title or ("Sobol indices of " .. (plot.OUTPUT_LABELS[out] or out or "the output")), nil,
    "Sobol first-order and total indices with their intervals")
  spec.width = 480
  spec.data = { values = arr(values) }
  local y = { field = "row", type = "nominal", sort = arr(order), title = json.null, axis = { labelLimit = 400 } }
  local tip = arr { { field = "input", type = "nominal" }, { field = "index", type = "nominal" },
    { field = "value", type = "quantitative", format = ".3f" }, { field = "lo", type = "quantitative", format = ".3f" },
    { field = "hi", type = "quantitative", format = ".3f" } }
  spec.layer = arr {
    { mark = { type = "bar" },
      encoding = { y = y,
        x = { field = "value", type = "quantitative", title = "share of the output's variance" },
        color = { field = "index", type = "nominal", title = json.null,
          scale = { domain = arr { "first-order", "total" }, range = arr { plot.PALETTE.blue, plot.PALETTE.orange } } },
        tooltip = tip } },
    { mark = { type = "rule", color = "#222222", strokeWidth = 1.2 },
      encoding = { y = y, x = { field = "lo", type = "quantitative" }, x2 = { field = "hi" },
        tooltip = tip } },
  }
  return spec
end

--- vega.histogram(data [, opts]): plot.histogram as Vega-Lite; bins {lo, hi,
-- count} and, with opts.interval (named {p05=, p50=, p95=} or a list {p05,
-- p95}), a shaded band from p05 to p95 and a rule per quantile.
function M.histogram(data, opts)
  opts = opts or {}
  plot.histogram(data, opts)
  local bins, marks = plot.histogram_data(data, opts)
  local values = {}
  for i, c in ipairs(bins.counts) do
    values[i] = { kind = "bin", lo = bins.edges[i], hi = bins.edges[i + 1], count = c }
  end
  local band
  for _, m in ipairs(marks) do
    values[#values + 1] = { kind = "mark", value = m.value, label = m.label }
    if m.label == "p05" then band = band or {}; band.p05 = m.value end
    if m.label == "p95" then band = band or {}; band.p95 = m.value end
  end
  if band and band.p05 and band.p95 then
    values[#values + 1] = { kind = "band", p05 = band.p05, p95 = band.p95 }
  end
  local spec = base(opts.title or "Distribution", nil, "histogram with its 90% interval")
  spec.width, spec.height = 520, 300
  spec.data = { values = arr(values) }
  local xt = opts.xlabel or COST
  spec.layer = arr {
    { transform = arr { { filter = "datum.kind === 'band'" } },
      mark = { type = "rect", color = plot.PALETTE.vermillion, opacity = 0.12 },
      encoding = { x = { field = "p05", type = "quantitative", title = xt }, x2 = { field = "p95" },
        tooltip = arr { { field = "p05", type = "quantitative", format = "$.3f" },
          { field = "p95", type = "quantitative", format = "$.3f" } } } },
    { transform = arr { { filter = "datum.kind === 'bin'" } },
      mark = { type = "bar", color = plot.PALETTE.sky, stroke = "#ffffff", strokeWidth = 0.5 },
      encoding = { x = { field = "lo", type = "quantitative", title = xt, bin = { binned = true } },
        x2 = { field = "hi" }, y = { field = "count", type = "quantitative", title = opts.ylabel or "count" },
        tooltip = arr { { field = "lo", type = "quantitative", format = "$.3f" },
          { field = "hi", type = "quantitative", format = "$.3f" }, { field = "count", type = "quantitative" } } } },
    { transform = arr { { filter = "datum.kind === 'mark'" } },
      mark = { type = "rule", color = plot.PALETTE.vermillion, strokeDash = arr { 5, 3 }, strokeWidth = 1.5 },
      encoding = { x = { field = "value", type = "quantitative" },
        tooltip = arr { { field = "label", type = "nominal" },
          { field = "value", type = "quantitative", format = "$.3f" } } } },
  }
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
    error(e, 0)
  end)
end

return M
