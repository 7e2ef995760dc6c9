--- flopcost.plot.distribution: distributions: histogram, CDF and the quantile they mark.
local report = require "flopcost.report"
local json = require "flopcost.json"
local check = require "flopcost.check"
local tk = require "flopcost.plot.ticks"
local palette = require "flopcost.plot.palette"
local args = require "flopcost.plot.args"
local svgw = require "flopcost.plot.svg"
local axes = require "flopcost.plot.axes"

local M = {}
local got = json.got
local fail = args.fail
local finite = args.finite
local check_opts = args.check_opts
local check_size = args.check_size
local num = svgw.num
local new_svg = svgw.new_svg
local TICK_SIZE = axes.TICK_SIZE
local frame_scales = axes.frame_scales
local y_tick_width = axes.y_tick_width
local draw_y_axis = axes.draw_y_axis
local draw_x_axis = axes.draw_x_axis
local draw_title = axes.draw_title
local P = palette.PALETTE

-- ===================================================================
-- Distributions: histogram and CDF
-- ===================================================================

--- Quantile of the data (Hyndman & Fan 1996, definition 7, the R and numpy
-- default): the core's one quantile, core.mc.quantiles (fc_mc_quantiles_exact).
-- @tparam {number,...} sorted the data, sorted ascending [any unit]
-- @tparam number p the probability, in [0, 1] [probability]
-- @treturn number the quantile [the data's unit]
-- @raise "flopcost.plot.quantile: argument 'p': number in [0, 1] expected, got 1.5"
-- @usage fc.plot.quantile({1, 2, 3, 4}, 0.5)  --> 2.5
function M.quantile(sorted, p)
  local fn = "flopcost.plot.quantile"
  check.arg(fn, "sorted", sorted, function(t) return type(t) == "table" and #t > 0 end, "non-empty sorted list of numbers")
  check.arg(fn, "p", p, "probability")
  return require("flopcost.core").mc.quantiles(sorted, p)
end

-- Normalizes input to bins {edges = {...}, counts = {...}} and, for samples,
-- the sorted samples. Accepts an array of numbers, {edges=, counts=}, or an
-- array of {lo=, hi=, count=}.
local function to_bins(fn, data, nbins)
  if type(data) ~= "table" then fail(fn, "data", "array of samples or bins", data) end
  if data.edges ~= nil or data.counts ~= nil then
    local e, c = data.edges, data.counts
    if type(e) ~= "table" or type(c) ~= "table" or #c == 0 or #e ~= #c + 1 then
      args.fail_at(fn, "data", "edges (n+1) and counts (n) expected, got %s and %s",
        type(e) == "table" and #e or got(e), type(c) == "table" and #c or got(c))
    end
    for i, v in ipairs(e) do
      if not finite(v) then fail(fn, "data.edges[" .. i .. "]", "finite number", v) end
      if i > 1 and v <= e[i - 1] then fail(fn, "data.edges[" .. i .. "]", "increasing edges", v) end
    end
    for i, v in ipairs(c) do
      if not (finite(v) and v >= 0) then fail(fn, "data.counts[" .. i .. "]", "non-negative number", v) end
    end
    return { edges = e, counts = c }
  end
  if #data == 0 then
    args.fail_at(fn, "data", "non-empty array of samples or bins expected, got empty table")
  end
  if type(data[1]) == "table" then
    local e, c = {}, {}
    for i, b in ipairs(data) do
      local p = "data[" .. i .. "]"
      if type(b) ~= "table" then fail(fn, p, "table {lo=, hi=, count=}", b) end
      for _, k in ipairs { "lo", "hi", "count" } do
        if not finite(b[k]) then fail(fn, p .. "." .. k, "finite number", b[k]) end
      end
      if i == 1 then e[1] = b.lo elseif b.lo ~= e[#e] then fail(fn, p .. ".lo", "the previous bin's hi", b.lo) end
      if b.hi <= b.lo then fail(fn, p .. ".hi", "number greater than lo", b.hi) end
      if b.count < 0 then fail(fn, p .. ".count", "non-negative number", b.count) end
      e[#e + 1] = b.hi
      c[i] = b.count
    end
    return { edges = e, counts = c }
  end
  local s = {}
  for i, v in ipairs(data) do
    if not finite(v) then fail(fn, "data[" .. i .. "]", "finite number", v) end
    s[i] = v
  end
  table.sort(s)
  local n = #s
  local lo, hi = s[1], s[n]
  local k = nbins
  if k == nil then
    -- Freedman & Diaconis (1981): bin width 2 IQR n^(-1/3); Sturges (1926) if IQR = 0
    local iqr = M.quantile(s, 0.75) - M.quantile(s, 0.25)
    if iqr > 0 and hi > lo then
      k = math.ceil((hi - lo) / (2 * iqr * n ^ (-1 / 3)))
    else
      k = math.ceil(math.log(n, 2)) + 1
    end
    k = math.max(1, math.min(k, 100))
  end
  if hi == lo then lo, hi = lo - 0.5, hi + 0.5 end
  local e, c = {}, {}
  for i = 0, k do e[i + 1] = lo + (hi - lo) * i / k end
  e[k + 1] = hi
  for i = 1, k do c[i] = 0 end
  for _, v in ipairs(s) do
    local b = math.floor((v - lo) / (hi - lo) * k) + 1
    if b > k then b = k end
    c[b] = c[b] + 1
  end
  return { edges = e, counts = c }, s
end

-- Marks: opts.marks = { {value=, label=}, ... }, or opts.quantiles = true
-- (p05, p50, p95 of the samples), or opts.interval = {p05=, p50=, p95=}.
local function marks_of(fn, opts, sorted)
  local marks = {}
  if opts.marks ~= nil then
    if type(opts.marks) ~= "table" then fail(fn, "marks", "array of {value=, label=}", opts.marks) end
    for i, m in ipairs(opts.marks) do
      if type(m) ~= "table" or not finite(m.value) then
        fail(fn, "marks[" .. i .. "].value", "finite number", type(m) == "table" and m.value or m)
      end
      marks[#marks + 1] = { value = m.value, label = m.label and tostring(m.label) or "" }
    end
  end
  local iv = opts.interval
  if type(iv) == "table" and iv[1] ~= nil then
    -- a list: {p05, p95} or {p05, p50, p95} (as `flopcost mc` once passed it)
    if #iv == 2 then iv = { p05 = iv[1], p95 = iv[2] }
    elseif #iv == 3 then iv = { p05 = iv[1], p50 = iv[2], p95 = iv[3] }
    else fail(fn, "interval", "{p05=, p50=, p95=} or a list of 2 or 3 numbers", iv) end
  elseif iv ~= nil and type(iv) ~= "table" then
    fail(fn, "interval", "{p05=, p50=, p95=} or a list of 2 or 3 numbers", iv)
  end
  if iv == nil and opts.quantiles and sorted then
    iv = { p05 = M.quantile(sorted, 0.05), p50 = M.quantile(sorted, 0.5), p95 = M.quantile(sorted, 0.95) }
  end
  if iv ~= nil then
    for _, k in ipairs { "p05", "p50", "p95" } do
      if iv[k] ~= nil then
        if not finite(iv[k]) then fail(fn, "interval." .. k, "finite number", iv[k]) end
        marks[#marks + 1] = { value = iv[k], label = k }
      end
    end
  end
  -- the point estimate (every input at its value) beside the draws' median: a solid dark line
  if opts.point ~= nil then
    if not finite(opts.point) then fail(fn, "point", "finite number", opts.point) end
    marks[#marks + 1] = { value = opts.point, label = "point", kind = "point" }
  end
  return marks
end

-- What a mark's label says: the median is named as such (p50 alone reads as jargon, and it
-- must not be taken for the point estimate drawn beside it). -> "median $1.82", "point $1.78"
local SHOWN = { p50 = "median", point = "point estimate" }
function M.mark_text(m, fmt)
  local name = SHOWN[m.label] or m.label
  return name ~= "" and (name .. " " .. fmt(m.value)) or fmt(m.value)
end
M.POINT_COLOR = "#222"

-- The 90 % interval as a shaded band behind the data, when marks hold p05 and p95.
local function draw_band(svg, f, marks)
  local p05, p95
  for _, m in ipairs(marks) do
    if m.label == "p05" then p05 = m.value elseif m.label == "p95" then p95 = m.value end
  end
  if not (p05 and p95) then return end
  local x1, x2 = f.xs(p05), f.xs(p95)
  svg:el("rect", { "class", "interval-band", "data-p05", json.number_string(p05), "data-p95", json.number_string(p95),
    "x", x1, "y", f.y0, "width", x2 - x1, "height", f.h, "fill", P.vermillion, "fill-opacity", 0.12 })
end

-- The band's own label, placed with the marks' labels.
local function band_label(f, marks)
  local p05, p95
  for _, m in ipairs(marks) do
    if m.label == "p05" then p05 = m.value elseif m.label == "p95" then p95 = m.value end
  end
  if p05 and p95 then return { x = (f.xs(p05) + f.xs(p95)) / 2, text = "90% interval" } end
end

-- A Monte Carlo result (fc.montecarlo): its histogram, its interval as marks,
-- a title and provenance (samples, seed, generator, scenario, catalog date),
-- each unless opts gives it. Anything else passes through.
local function from_mc(data, opts, what)
  if not (type(data) == "table" and type(data.histogram) == "table" and finite(data.p05) and finite(data.p95)
    and data.n) then
    return data, opts
  end
  local o = setmetatable({}, { __index = opts })
  if opts.interval == nil and opts.marks == nil then o.interval = { p05 = data.p05, p50 = data.p50, p95 = data.p95 } end
  if opts.point == nil and opts.marks == nil and type(data.point) == "function" then o.point = data:point() end
  local prov = require "flopcost.plot.provenance"
  o.provenance = opts.provenance or prov.from_mc(data)
  if opts.title == nil then
    local labels = require "flopcost.plot.labels"
    local out = labels.OUTPUT_LABELS[data.output or "usd_per_eflop"] or data.output or "the output"
    o.title = ("%s of %s: %s"):format(what or "Distribution", out, prov.normalize(o.provenance).scenario)
  end
  return data.histogram, o
end
M.from_mc = from_mc

-- The x range worth drawing: from the first to the last non-empty bin (a
-- Monte Carlo histogram's fixed bins run far past its samples), marks included.
local function x_range(e, c, marks)
  local first, last = 1, #c
  while first < #c and c[first] == 0 do first = first + 1 end
  while last > first and c[last] == 0 do last = last - 1 end
  local xlo, xhi = e[first], e[last + 1]
  for _, m in ipairs(marks) do xlo, xhi = math.min(xlo, m.value), math.max(xhi, m.value) end
  return xlo, xhi
end

--- plot.histogram_data(data [, opts]) -> bins, marks, o: what plot.histogram draws (for
-- vega.histogram); data and opts as plot.histogram takes them.
-- @tparam table data samples, bins {edges, counts} or a Monte Carlo result [the output's unit]
-- @tparam[opt] table opts as plot.histogram's [options]
-- @treturn table bins {edges, counts} [the output's unit, count]
-- @treturn table marks {{value, label, kind}, ...}: p05, median, p95, the point estimate [the output's unit]
-- @treturn table the chart's texts: title, interval, point, provenance [text]
-- @raise "flopcost.plot.histogram: argument 'data': array of samples or bins expected, got 1"
-- @usage fc.plot.histogram_data({1, 2, 3, 4, 5}).counts[2]  --> 3
function M.histogram_data(data, opts)
  opts = check_opts("histogram", opts)
  data, opts = from_mc(data, opts)
  local bins, sorted = to_bins("histogram", data, opts.bins)
  return bins, marks_of("histogram", opts, sorted), opts
end

-- Mark labels ("p50 $1.51") above the plot, centred on their lines, in as
-- many rows as it takes for no two to overlap. -> labels {text, x, row}, rows
local function place_labels(f, marks, fmt, band_text)
  local items = {}
  for _, m in ipairs(marks) do
    local x = f.xs(m.value)
    if x >= f.x0 - 0.5 and x <= f.x0 + f.w + 0.5 then
      items[#items + 1] = { x = x, text = M.mark_text(m, fmt), point = m.kind == "point" }
    end
  end
  if band_text then items[#items + 1] = band_text end
  table.sort(items, function(a, b) return a.x < b.x end)
  local ends, rows = {}, 0 -- right end of the last label in each row
  for _, it in ipairs(items) do
    local w = svgw.text_w(it.text, TICK_SIZE)
    it.x0 = math.max(f.x0 - 20, math.min(it.x - w / 2, f.x0 + f.w + 20 - w))
    local row = 1
    while ends[row] and ends[row] + 8 > it.x0 do row = row + 1 end
    ends[row], it.row = it.x0 + w, row
    rows = math.max(rows, row)
  end
  return items, rows
end

local MARK_ROW = 15
local function draw_marks(svg, f, marks, labels)
  for _, m in ipairs(marks) do
    local x = f.xs(m.value)
    if x >= f.x0 - 0.5 and x <= f.x0 + f.w + 0.5 then
      if m.kind == "point" then
        svg:line(x, f.y0, x, f.y0 + f.h, M.POINT_COLOR, 2, { "class", "mark point" })
      else
        svg:line(x, f.y0, x, f.y0 + f.h, P.vermillion, 1.5, { "stroke-dasharray", "5,3", "class", "mark" })
      end
    end
  end
  for _, it in ipairs(labels) do
    svg:text(it.x0, f.y0 - 6 - (it.row - 1) * MARK_ROW, it.text, { size = TICK_SIZE,
      fill = it.point and M.POINT_COLOR or P.vermillion, class = it.point and "mark-label point" or "mark-label" })
  end
end

-- The frame of a distribution chart: x over xt, y over 0..ymax, the top
-- margin as tall as the mark labels' rows need. -> f, labels
local function frame_of(opts, left, xt, ymax, marks, fmt)
  local W, H = opts.width or 720, opts.height or 420
  local top0, bottom, right = 48, 62, 24
  local f = frame_scales { x0 = left, y0 = top0, w = W - left - right, h = H - top0 - bottom,
    xmin = xt[1], xmax = xt[#xt], ymin = 0, ymax = ymax }
  local labels, rows = place_labels(f, marks, fmt, band_label(f, marks))
  local top = top0 + math.max(0, rows - 1) * MARK_ROW
  f.y0, f.h = top, H - top - bottom
  f.rect = frame_scales({ x0 = f.x0, y0 = f.y0, w = f.w, h = f.h, xmin = 0, xmax = 1, ymin = 0, ymax = 1 }).rect
  return f, labels
end

-- Title, axes, then the footer under the x axis label; -> the svg text.
local function finish(svg, f, opts, title)
  local foot = axes.footer_lines(opts.provenance, svg.w - 24)
  axes.draw_footer(svg, 12, f.y0 + f.h + 62, foot)
  svg.h = f.y0 + f.h + 62 + #foot * axes.FOOTER_ROW
  return svg:finish(title)
end

-- Bin heights (counts, or densities with opts.density) and their maximum.
local function heights(bins, density)
  local e, c = bins.edges, bins.counts
  local total = 0
  for _, v in ipairs(c) do total = total + v end
  local ys, ymax = {}, 0
  for i, v in ipairs(c) do
    ys[i] = density and total > 0 and v / (total * (e[i + 1] - e[i])) or v
    ymax = math.max(ymax, ys[i])
  end
  return ys, ymax
end

--- plot.histogram(samples_or_bins_or_mc [, opts]) -> svg
-- Input: an array of samples (binned by Freedman-Diaconis, or opts.bins
-- equal-width bins), {edges=, counts=}, { {lo=, hi=, count=}, ... }, or a
-- Monte Carlo result (fc.montecarlo: its r.histogram, marked at its p05, p50
-- and p95, titled and sourced from the run). The x axis spans the non-empty
-- bins (and the marks). opts: title, xlabel, ylabel, xkind ("usd" default,
-- "pct", "number"), density (y = count / (total x width)), bins, marks /
-- quantiles / interval (vertical lines, labelled above the plot), width
-- (720), height (420), provenance (the footer: flopcost.plot.provenance).
-- @tparam table data samples, bins {edges, counts}, or a Monte Carlo result (its histogram, p05,
-- median, p95 and point estimate) [units of the output]
-- @tparam[opt] table opts title, xlabel, ylabel, xkind, density, bins [count], marks, quantiles,
-- interval, point, width, height [px], provenance
-- @treturn string the SVG [svg]
-- @raise "flopcost.plot.histogram: argument 'data': non-empty array of samples or bins expected, got
-- empty table"
-- @usage fc.plot.histogram({1.2, 1.5, 1.7, 1.8, 2.1}, {quantiles = true})   --> "<?xml..."
function M.histogram(data, opts)
  local fn = "histogram"
  opts = check_opts(fn, opts)
  check_size(fn, opts)
  data, opts = from_mc(data, opts)
  if opts.bins ~= nil and not (math.type(opts.bins) == "integer" and opts.bins >= 1) then
    fail(fn, "bins", "positive integer", opts.bins)
  end
  local bins, sorted = to_bins(fn, data, opts.bins)
  local e = bins.edges
  local ys, ymax = heights(bins, opts.density)
  local kind = opts.xkind or "usd"
  if kind == "number" then kind = nil end
  local marks = marks_of(fn, opts, sorted)
  local xlo, xhi = x_range(e, bins.counts, marks)
  local xt, _, xd = tk.tight_ticks(xlo, xhi, opts.xticks or 7)
  local yt, _, yd = tk.nice_ticks(0, ymax > 0 and ymax or 1, opts.yticks or 5)
  local xfmt, yfmt = tk.formatter(xt, xd, kind), tk.formatter(yt, yd, nil)
  local ylabels = {}
  for i, t in ipairs(yt) do ylabels[i] = yfmt(t) end
  local vfmt = kind == "usd" and report.usd or report.qty
  local f, labels = frame_of(opts, 30 + y_tick_width(ylabels) + 10, xt, yt[#yt], marks, vfmt)
  local svg = new_svg(opts.width or 720, 0)
  svg:raw(f.rect)
  draw_title(svg, opts.title or "Distribution", svg.w / 2)
  draw_y_axis(svg, f, yt, yfmt, opts.ylabel or (opts.density and "density" or "count"))
  draw_x_axis(svg, f, xt, xfmt, opts.xlabel or "USD per 1e18 useful training FLOP", false)
  draw_band(svg, f, marks)
  svg:raw(string.format('<clipPath id="frame"><rect x="%s" y="%s" width="%s" height="%s"/></clipPath>',
    num(f.x0), num(f.y0), num(f.w), num(f.h)))
  for i, v in ipairs(ys) do
    local x1, x2 = f.xs(e[i]), f.xs(e[i + 1])
    local h = v / f.ymax * f.h
    svg:el("rect", { "class", "bin", "data-value", json.number_string(v), "x", x1, "y", f.y0 + f.h - h,
      "width", x2 - x1, "height", h, "fill", P.sky, "stroke", "#ffffff", "stroke-width", 0.5,
      "clip-path", "url(#frame)" })
  end
  draw_marks(svg, f, marks, labels)
  return finish(svg, f, opts, opts.title)
end

-- The CDF's points: a step function of the samples (thinned to max_points
-- order statistics), or the cumulative share of bins at their edges.
local function cdf_points(fn, bins, sorted, max_points)
  local xs, ps = {}, {}
  if sorted then
    local n = #sorted
    local m = math.min(n, max_points or 2000)
    xs[1], ps[1] = sorted[1], 0
    for j = 1, m do
      local i = math.max(1, math.floor(j * n / m + 0.5))
      local x = sorted[i]
      -- step: horizontal to x at the previous level, then up
      xs[#xs + 1], ps[#ps + 1] = x, ps[#ps]
      xs[#xs + 1], ps[#ps + 1] = x, i / n
    end
    return xs, ps
  end
  local total = 0
  for _, v in ipairs(bins.counts) do total = total + v end
  if total <= 0 then fail(fn, "data.counts", "a positive total count", total) end
  local cum = 0
  xs[1], ps[1] = bins.edges[1], 0
  for i, v in ipairs(bins.counts) do
    cum = cum + v
    xs[#xs + 1], ps[#ps + 1] = bins.edges[i + 1], cum / total
  end
  return xs, ps
end

--- plot.cdf(samples_or_bins_or_mc [, opts]) -> svg
-- The empirical CDF of samples (a step function; more than opts.max_points =
-- 2000 samples are thinned to that many order statistics), or the cumulative
-- share of bins at their edges.
-- @tparam table data samples, bins {edges, counts} or a Monte Carlo result [the output's unit]
-- @tparam[opt] table opts as plot.histogram's (no bins or density); max_points (2000) [count]
-- @treturn string the chart [SVG]
-- @raise "flopcost.plot.cdf: argument 'data': non-empty array of samples or bins expected, got empty table"
-- @usage local r = fc.montecarlo(fc.scenario{region = "us-va", chip = "H100-SXM"}, {samples = 1000, seed = 1,
--   vary = {["region.pue"] = fc.dist.uniform(1.1, 1.3)}});
--   fc.plot.cdf(r)  --> "<?xml..."
function M.cdf(data, opts)
  local fn = "cdf"
  opts = check_opts(fn, opts)
  check_size(fn, opts)
  data, opts = from_mc(data, opts, "Cumulative distribution")
  local bins, sorted = to_bins(fn, data, 1)
  if not sorted then -- the non-empty bins only (a Monte Carlo histogram's run far past its samples)
    local c, e = bins.counts, bins.edges
    local first, last = 1, #c
    while first < last and c[first] == 0 do first = first + 1 end
    while last > first and c[last] == 0 do last = last - 1 end
    bins = { edges = table.move(e, first, last + 1, 1, {}), counts = table.move(c, first, last, 1, {}) }
  end
  local xs, ps = cdf_points(fn, bins, sorted, opts.max_points)
  local kind = opts.xkind or "usd"
  if kind == "number" then kind = nil end
  local marks = marks_of(fn, opts, sorted)
  local xlo, xhi = xs[1], xs[#xs]
  for _, m in ipairs(marks) do xlo, xhi = math.min(xlo, m.value), math.max(xhi, m.value) end
  local xt, _, xd = tk.tight_ticks(xlo, xhi, opts.xticks or 7)
  local yt = { 0, 0.2, 0.4, 0.6, 0.8, 1 }
  local xfmt, yfmt = tk.formatter(xt, xd, kind), tk.formatter(yt, 1, "pct")
  local f, labels = frame_of(opts, 30 + y_tick_width { "100%" } + 10, xt, 1, marks,
    kind == "usd" and report.usd or report.qty)
  local svg = new_svg(opts.width or 720, 0)
  svg:raw(f.rect)
  draw_title(svg, opts.title or "Cumulative distribution", svg.w / 2)
  draw_y_axis(svg, f, yt, yfmt, opts.ylabel or "share of samples at or below")
  draw_x_axis(svg, f, xt, xfmt, opts.xlabel or "USD per 1e18 useful training FLOP", true)
  draw_band(svg, f, marks)
  local pts = {}
  for i = 1, #xs do pts[i] = num(f.xs(xs[i])) .. "," .. num(f.ys(ps[i])) end
  svg:el("polyline", { "class", "cdf", "points", table.concat(pts, " "), "fill", "none",
    "stroke", P.blue, "stroke-width", 2 })
  draw_marks(svg, f, marks, labels)
  return finish(svg, f, opts, opts.title)
end

return M
