--- flopcost.plot.lines: line charts: y(x) per series, each with an optional band.
local tk = require "flopcost.plot.ticks"
local palette = require "flopcost.plot.palette"
local args = require "flopcost.plot.args"
local svgw = require "flopcost.plot.svg"
local axes = require "flopcost.plot.axes"

local M = {}
local fail, finite, check_opts, check_size = args.fail, args.finite, args.check_opts, args.check_size
local num, new_svg = svgw.num, svgw.new_svg
local FONT = axes.FONT

local function check_numbers(fn, path, t, n)
  if type(t) ~= "table" or #t == 0 then fail(fn, path, "non-empty array of numbers", t) end
  if n and #t ~= n then
    args.fail_at(fn, path, "%d numbers (one per x) expected, got %d", n, #t)
  end
  for i, v in ipairs(t) do
    if not finite(v) then fail(fn, path .. "[" .. i .. "]", "finite number", v) end
  end
end

local function check_xy(fn, path, s)
  if type(s) ~= "table" then fail(fn, path, "table with x and y arrays", s) end
  if s.name ~= nil and type(s.name) ~= "string" then fail(fn, path .. ".name", "string", s.name) end
  for _, k in ipairs { "x", "y" } do
    if type(s[k]) ~= "table" or #s[k] == 0 then fail(fn, path .. "." .. k, "non-empty array of numbers", s[k]) end
  end
  if #s.x ~= #s.y then
    args.fail_at(fn, path, "x and y of equal length expected, got %d and %d", #s.x, #s.y)
  end
  check_numbers(fn, path .. ".x", s.x)
  check_numbers(fn, path .. ".y", s.y)
  if s.band ~= nil then
    if type(s.band) ~= "table" then fail(fn, path .. ".band", "table {lo = {...}, hi = {...}}", s.band) end
    check_numbers(fn, path .. ".band.lo", s.band.lo, #s.x)
    check_numbers(fn, path .. ".band.hi", s.band.hi, #s.x)
  end
end

-- The data's extent, bands included: xmin, xmax, ymin, ymax.
local function extent(fn, series)
  local xmin, xmax, ymin, ymax = math.huge, -math.huge, math.huge, -math.huge
  for i, s in ipairs(series) do
    check_xy(fn, "series[" .. i .. "]", s)
    for j = 1, #s.x do
      xmin, xmax = math.min(xmin, s.x[j]), math.max(xmax, s.x[j])
      ymin, ymax = math.min(ymin, s.y[j]), math.max(ymax, s.y[j])
      if s.band then ymin, ymax = math.min(ymin, s.band.lo[j]), math.max(ymax, s.band.hi[j]) end
    end
  end
  return xmin, xmax, ymin, ymax
end

-- Axis ticks over the data, or over opts.xmin .. opts.ymax when given.
local function axis_ticks(fn, opts, series)
  local xmin, xmax, ymin, ymax = extent(fn, series)
  if opts.y_zero ~= false and ymin >= 0 then ymin = 0 end
  for _, k in ipairs { "xmin", "xmax", "ymin", "ymax" } do
    if opts[k] ~= nil and not finite(opts[k]) then fail(fn, k, "finite number", opts[k]) end
  end
  xmin, xmax = opts.xmin or xmin, opts.xmax or xmax
  ymin, ymax = opts.ymin or ymin, opts.ymax or ymax
  local xt, _, xd = tk.nice_ticks(xmin, xmax, opts.xticks or 6)
  local yt, _, yd = tk.nice_ticks(ymin, ymax, opts.yticks or 6)
  if opts.xmin then while xt[1] < opts.xmin - 1e-12 * math.abs(xt[2] - xt[1]) do table.remove(xt, 1) end end
  if opts.ymin then while yt[1] < opts.ymin - 1e-12 * math.abs(yt[2] - yt[1]) do table.remove(yt, 1) end end
  return xt, yt, tk.formatter(xt, xd, opts.xkind), tk.formatter(yt, yd, opts.ykind)
end

-- Legend entries, listed top to bottom as the lines start on the left, so
-- reading the legend is reading down the chart. -> entries (by series), legend order
local function legend_of(series)
  local entries = {}
  for i, s in ipairs(series) do
    entries[i] = { label = s.name or ("series " .. i), width = 2.5,
      stroke = s.color or palette.SERIES_COLORS[(i - 1) % #palette.SERIES_COLORS + 1], dash = s.dash or palette.dash_of(i) }
  end
  local order = {}
  for i = 1, #entries do order[i] = i end
  table.sort(order, function(a, b)
    local ya, yb = series[a].y[1], series[b].y[1]
    if series[a].x[1] == series[b].x[1] and ya ~= yb then return ya > yb end
    return a < b
  end)
  local listed = {}
  for i, k in ipairs(order) do listed[i] = entries[k] end
  return entries, listed
end

-- With a band, the legend says which is which: the line is the point estimate (every input
-- at its value), the shaded area the 90 % interval of the draws; opts.line_label and
-- opts.band_label say otherwise for other data. -> the two entries, or nil without a band
function M.band_key(series, opts)
  local any = false
  for _, s in ipairs(series) do any = any or s.band ~= nil end
  if not any then return nil end
  return { { label = opts.line_label or "line: point estimate (every input at its value)", stroke = "#333",
    width = 2.5 }, { label = opts.band_label or "shaded: 90% interval (p05 to p95) of the draws", fill = "#E3E3E3" } }
end

M.legend_order = function(series)
  local _, listed = legend_of(series)
  local names = {}
  for i, e in ipairs(listed) do names[i] = e.label end
  return names
end

-- Bands first, then solid lines, then dashed ones over them: where two series
-- coincide the dashed one shows the solid one through its gaps.
local function draw_series(svg, f, series, entries, markers_opt)
  for i, s in ipairs(series) do
    if s.band then
      local pts = {}
      for j = 1, #s.x do pts[#pts + 1] = num(f.xs(s.x[j])) .. "," .. num(f.ys(s.band.hi[j])) end
      for j = #s.x, 1, -1 do pts[#pts + 1] = num(f.xs(s.x[j])) .. "," .. num(f.ys(s.band.lo[j])) end
      svg:el("polygon", { "class", "band", "data-name", entries[i].label, "points", table.concat(pts, " "),
        "fill", entries[i].stroke, "fill-opacity", 0.13, "stroke", "none", "clip-path", "url(#frame)" })
    end
  end
  local draw = {}
  for i = 1, #series do draw[i] = i end
  table.sort(draw, function(a, b)
    local da, db = entries[a].dash ~= nil, entries[b].dash ~= nil
    if da ~= db then return db end
    return a < b
  end)
  for _, i in ipairs(draw) do
    local s = series[i]
    local pts = {}
    for j = 1, #s.x do pts[j] = num(f.xs(s.x[j])) .. "," .. num(f.ys(s.y[j])) end
    svg:el("polyline", { "class", "series", "data-name", entries[i].label, "points", table.concat(pts, " "),
      "fill", "none", "stroke", entries[i].stroke, "stroke-width", 2.5, "stroke-dasharray", entries[i].dash,
      "stroke-linejoin", "round", "clip-path", "url(#frame)" })
    local markers = markers_opt
    if markers == nil then markers = #s.x <= 30 end
    if markers then
      for j = 1, #s.x do
        svg:el("circle", { "cx", f.xs(s.x[j]), "cy", f.ys(s.y[j]), "r", 2.5, "fill", entries[i].stroke,
          "clip-path", "url(#frame)" })
      end
    end
  end
end

--- plot.lines(series [, opts]) -> svg
-- series: { {name=, x={...}, y={...}, color=?, dash=?, band=?}, ... } (one
-- series may be passed alone); band = {lo = {...}, hi = {...}} (one per x) is
-- drawn as a shaded area behind the line (class "band"), e.g. a 90 % interval.
-- opts: title, subtitle, xlabel, ylabel, width (720), height (440: the plot
-- part; legend and footer add to it), xkind / ykind ("usd", "pct" or nil),
-- y_zero (default true: the y axis starts at 0 when all y >= 0), markers
-- (default: when <= 30 points), xmin, xmax, ymin, ymax (force the axis range;
-- lines are clipped to it), legend ("right" default, or "below": the plot
-- takes the full width), provenance (the footer: flopcost.plot.provenance), line_label /
-- band_label (the legend's key when a series has a band: point estimate, 90% interval).
-- @tparam table series {name =, x = {...}, y = {...}, band = {lo =, hi =}} or a list of them
-- [units of the axes]
-- @tparam[opt] table opts title, subtitle, xlabel, ylabel, xkind/ykind ("usd", "pct"), width, height
-- [px], legend ("right", "below"), provenance, line_label, band_label [text]
-- @treturn string the SVG [svg]
-- @raise "flopcost.plot.lines: argument 'series': non-empty array of series expected, got table"
-- @usage fc.plot.lines{name = "H100", x = {0.3, 0.7, 1}, y = {4.1, 1.8, 1.3}}   --> "<?xml..."
function M.lines(series, opts)
  local fn = "lines"
  opts = check_opts(fn, opts)
  check_size(fn, opts)
  if type(series) == "table" and series.x ~= nil then series = { series } end
  if type(series) ~= "table" or #series == 0 then fail(fn, "series", "non-empty array of series", series) end
  if opts.legend ~= nil and opts.legend ~= "right" and opts.legend ~= "below" then
    fail(fn, "legend", '"right" or "below"', opts.legend)
  end
  local xt, yt, xfmt, yfmt = axis_ticks(fn, opts, series)
  local ylabels = {}
  for i, t in ipairs(yt) do ylabels[i] = yfmt(t) end
  local entries, listed = legend_of(series)
  local key = M.band_key(series, opts)
  if key then
    local all = {}
    for i, e in ipairs(listed) do all[i] = e end
    for _, e in ipairs(key) do all[#all + 1] = e end
    listed = all
  end
  local W, H = opts.width or 720, opts.height or 440
  local below = opts.legend == "below"
  local left = 30 + axes.y_tick_width(ylabels) + 10
  local right = below and 24 or (axes.legend_width(listed) + 24)
  local top = opts.subtitle and 66 or 48
  local bottom = 62
  local f = axes.frame_scales { x0 = left, y0 = top, w = W - left - right, h = H - top - bottom,
    xmin = opts.xmin or xt[1], xmax = opts.xmax or xt[#xt], ymin = opts.ymin or yt[1], ymax = opts.ymax or yt[#yt] }
  local svg = new_svg(W, H)
  svg:raw(f.rect)
  axes.draw_title(svg, opts.title, W / 2)
  if opts.subtitle then
    svg:text(W / 2, 44, opts.subtitle, { anchor = "middle", size = FONT, fill = "#333", class = "subtitle" })
  end
  axes.draw_y_axis(svg, f, yt, yfmt, opts.ylabel)
  axes.draw_x_axis(svg, f, xt, xfmt, opts.xlabel, true)
  svg:raw(string.format('<clipPath id="frame"><rect x="%s" y="%s" width="%s" height="%s"/></clipPath>',
    num(f.x0), num(f.y0), num(f.w), num(f.h)))
  draw_series(svg, f, series, entries, opts.markers)
  local y = H
  if below then
    y = axes.legend_grid(svg, 20, H - 4, { listed }, W - 32)
  else
    axes.draw_legend(svg, f.x0 + f.w + 24, f.y0 + 8, listed)
  end
  local foot = axes.footer_lines(opts.provenance, W - 24)
  axes.draw_footer(svg, 12, y + 14, foot)
  svg.h = y + 14 + #foot * axes.FOOTER_ROW
  return svg:finish(opts.title)
end

return M
