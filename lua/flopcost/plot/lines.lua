--- flopcost.plot.lines: line charts: y(x) per series.
local tk = require "flopcost.plot.ticks"
local palette = require "flopcost.plot.palette"
local args = require "flopcost.plot.args"
local svgw = require "flopcost.plot.svg"
local axes = require "flopcost.plot.axes"

local M = {}
local fail = args.fail
local finite = args.finite
local check_opts = args.check_opts
local check_size = args.check_size
local num = svgw.num
local new_svg = svgw.new_svg
local frame_scales = axes.frame_scales
local y_tick_width = axes.y_tick_width
local draw_y_axis = axes.draw_y_axis
local draw_x_axis = axes.draw_x_axis
local legend_width = axes.legend_width
local draw_legend = axes.draw_legend
local draw_title = axes.draw_title

-- ===================================================================
-- Lines: y(x) per series
-- ===================================================================

local function check_xy(fn, path, s)
  if type(s) ~= "table" then fail(fn, path, "table with x and y arrays", s) end
  if s.name ~= nil and type(s.name) ~= "string" then fail(fn, path .. ".name", "string", s.name) end
  for _, k in ipairs { "x", "y" } do
    if type(s[k]) ~= "table" or #s[k] == 0 then fail(fn, path .. "." .. k, "non-empty array of numbers", s[k]) end
  end
  if #s.x ~= #s.y then
    error(string.format("flopcost.plot.%s: field '%s': x and y of equal length expected, got %d and %d",
      fn, path, #s.x, #s.y), 0)
  end
  for _, k in ipairs { "x", "y" } do
    for i, v in ipairs(s[k]) do
      if not finite(v) then fail(fn, path .. "." .. k .. "[" .. i .. "]", "finite number", v) end
    end
  end
end

--- plot.lines(series [, opts]) -> svg
-- series: { {name=, x={...}, y={...}, color=?, dash=?}, ... } (one series may be
-- passed alone). opts: title, xlabel, ylabel, width (720), height (440),
-- xkind / ykind ("usd", "pct" or nil: tick label style), y_zero (default true:
-- the y axis starts at 0 when all y >= 0), markers (default: when <= 30 points),
-- xmin, xmax, ymin, ymax (force the axis range; lines are clipped to it).
function M.lines(series, opts)
  local fn = "lines"
  opts = check_opts(fn, opts)
  check_size(fn, opts)
  if type(series) == "table" and series.x ~= nil then series = { series } end
  if type(series) ~= "table" or #series == 0 then fail(fn, "series", "non-empty array of series", series) end
  local xmin, xmax, ymin, ymax = math.huge, -math.huge, math.huge, -math.huge
  for i, s in ipairs(series) do
    check_xy(fn, "series[" .. i .. "]", s)
    for j = 1, #s.x do
      xmin, xmax = math.min(xmin, s.x[j]), math.max(xmax, s.x[j])
      ymin, ymax = math.min(ymin, s.y[j]), math.max(ymax, s.y[j])
    end
  end
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
  local xfmt = tk.formatter(xt, xd, opts.xkind)
  local yfmt = tk.formatter(yt, yd, opts.ykind)
  local ylabels = {}
  for i, t in ipairs(yt) do ylabels[i] = yfmt(t) end

  local entries = {}
  for i, s in ipairs(series) do
    entries[i] = { label = s.name or ("series " .. i), width = 2.5,
      stroke = s.color or palette.SERIES_COLORS[(i - 1) % #palette.SERIES_COLORS + 1], dash = s.dash or palette.dash_of(i) }
  end
  -- the legend lists the series top to bottom as their lines start on the
  -- left, so reading down the legend is reading down the chart
  local legend = {}
  for i = 1, #entries do legend[i] = i end
  table.sort(legend, function(a, b)
    local ya, yb = series[a].y[1], series[b].y[1]
    if series[a].x[1] == series[b].x[1] and ya ~= yb then return ya > yb end
    return a < b
  end)
  local legend_entries = {}
  for i, k in ipairs(legend) do legend_entries[i] = entries[k] end
  local W, H = opts.width or 720, opts.height or 440
  local left = 30 + y_tick_width(ylabels) + 10
  local right = legend_width(entries) + 24
  local top, bottom = 48, 62
  local f = frame_scales { x0 = left, y0 = top, w = W - left - right, h = H - top - bottom,
    xmin = opts.xmin or xt[1], xmax = opts.xmax or xt[#xt], ymin = opts.ymin or yt[1], ymax = opts.ymax or yt[#yt] }
  local svg = new_svg(W, H)
  svg:raw(f.rect)
  draw_title(svg, opts.title, W / 2)
  draw_y_axis(svg, f, yt, yfmt, opts.ylabel)
  draw_x_axis(svg, f, xt, xfmt, opts.xlabel, true)
  svg:raw(string.format('<clipPath id="frame"><rect x="%s" y="%s" width="%s" height="%s"/></clipPath>',
    num(f.x0), num(f.y0), num(f.w), num(f.h)))
  -- solid lines first, dashed ones over them: where two series coincide the
  -- dashed one shows the solid one through its gaps instead of hiding it
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
    local markers = opts.markers
    if markers == nil then markers = #s.x <= 30 end
    if markers then
      for j = 1, #s.x do
        svg:el("circle", { "cx", f.xs(s.x[j]), "cy", f.ys(s.y[j]), "r", 2.5, "fill", entries[i].stroke,
          "clip-path", "url(#frame)" })
      end
    end
  end
  draw_legend(svg, f.x0 + f.w + 24, f.y0 + 8, legend_entries)
  return svg:finish(opts.title)
end

return M
