--- flopcost.plot.stock: national compute stock over the years, one line per
-- country on a log axis (the stocks differ by an order of magnitude), its
-- 90 % band, and the link that binds each country's largest supply line.
local palette = require "flopcost.plot.palette"
local args = require "flopcost.plot.args"
local svgw = require "flopcost.plot.svg"
local axes = require "flopcost.plot.axes"

local M = {}
local num = svgw.num

-- Short names of the binding links, as printed on the chart.
local LINK_LABEL = { wafers = "wafers", packaging = "packaging", hbm = "HBM", licence = "licence" }

-- "300k", "1M", "20M" for an H100e count.
local function count_label(v)
  if v >= 1e6 then return (("%.3g"):format(v / 1e6)) .. "M" end
  if v >= 1e3 then return (("%.3g"):format(v / 1e3)) .. "k" end
  return ("%.3g"):format(v)
end
M.count_label = count_label

-- Ticks at 1, 2 and 5 times the powers of ten inside [lo, hi].
local function log_ticks(lo, hi)
  local t = {}
  for e = math.floor(math.log(lo, 10)), math.ceil(math.log(hi, 10)) do
    for _, m in ipairs { 1, 2, 5 } do
      local v = m * 10 ^ e
      if v >= lo * 0.999 and v <= hi * 1.001 then t[#t + 1] = v end
    end
  end
  return t
end

-- The range of every value the chart draws (points and bands), padded to whole decades.
local function y_range(res)
  local lo, hi = math.huge, 0
  for _, c in ipairs(res.countries) do
    for _, y in ipairs(res.years) do
      local v = res.h100e[c][y]
      local iv = res.interval and res.interval.h100e[c][y]
      for _, x in ipairs { v, iv and iv.p05, iv and iv.p95 } do
        if x and x > 0 then lo, hi = math.min(lo, x), math.max(hi, x) end
      end
    end
  end
  if hi == 0 then args.fail("stock", "h100e", "a positive stock", 0) end
  return 10 ^ math.floor(math.log(lo, 10)), 10 ^ math.ceil(math.log(hi, 10))
end

-- The binding link of country c's largest line in year y.
local function country_link(res, c, y)
  local best, link = -1, nil
  for _, l in ipairs(res.lines) do
    if res.line_country[l] == c and res.chips[l][y] > best then best, link = res.chips[l][y], res.binding[l][y] end
  end
  return link
end

local function draw_country(svg, f, res, c, i)
  local color = palette.SERIES_COLORS[(i - 1) % #palette.SERIES_COLORS + 1]
  local iv = res.interval and res.interval.h100e[c]
  if iv then -- the 90 % band: p95 left to right, then p05 back
    local pts = {}
    for _, y in ipairs(res.years) do pts[#pts + 1] = num(f.xs(y)) .. "," .. num(f.ys(iv[y].p95)) end
    for k = #res.years, 1, -1 do
      local y = res.years[k]
      pts[#pts + 1] = num(f.xs(y)) .. "," .. num(f.ys(math.max(iv[y].p05, f.lo)))
    end
    svg:el("polygon", { "class", "band", "data-country", c, "points", table.concat(pts, " "), "fill", color,
      "fill-opacity", 0.15, "stroke", "none" })
  end
  local pts = {}
  for _, y in ipairs(res.years) do pts[#pts + 1] = num(f.xs(y)) .. "," .. num(f.ys(res.h100e[c][y])) end
  svg:el("polyline", { "class", "series", "data-name", c, "points", table.concat(pts, " "), "fill", "none",
    "stroke", color, "stroke-width", 2.5, "stroke-dasharray", palette.dash_of(i) })
  for _, y in ipairs(res.years) do
    local x, yy = f.xs(y), f.ys(res.h100e[c][y])
    svg:el("circle", { "class", "point", "data-country", c, "data-year", y, "data-h100e", res.h100e[c][y],
      "cx", x, "cy", yy, "r", 3.5, "fill", color })
    local link = country_link(res, c, y)
    svg:text(x + 6, yy - 7, count_label(res.h100e[c][y]) .. (link and (" · " .. LINK_LABEL[link]) or ""),
      { size = 11, fill = "#222", class = "point-label" })
  end
  return color
end

--- plot.stock(res [, opts]) -> svg, for the result of fc.stock.national: each country's
-- installed H100-equivalents by year, lines the point estimates, shaded their 90% bands.
-- @tparam table res the result of fc.stock.national [H100e]
-- @tparam[opt] table opts title, subtitle [text]; provenance (plot.provenance: scenario, source, date,
-- version, draws: the footer) [table]; width (760), height (460) [px]
-- @treturn string the chart [SVG]
-- @raise "flopcost.plot.stock: field 'res': result of fc.stock.national expected, got 1"
-- @usage fc.plot.stock(fc.stock.national{years = {2024, 2025}})  --> "<?xml..."
function M.stock(res, opts)
  local fn = "stock"
  opts = args.check_opts(fn, opts)
  if type(res) ~= "table" or type(res.h100e) ~= "table" or type(res.years) ~= "table" then
    args.fail(fn, "res", "result of fc.stock.national", res)
  end
  local W, H = opts.width or 760, opts.height or 460
  local left, right, top, bottom = 70, 150, opts.subtitle and 62 or 48, 56
  local lo, hi = y_range(res)
  local ly0, ly1 = math.log(lo, 10), math.log(hi, 10)
  local x0, x1 = res.years[1] - 0.3, res.years[#res.years] + 0.6
  local f = axes.frame_scales { x0 = left, y0 = top, w = W - left - right, h = H - top - bottom,
    xmin = x0, xmax = x1, ymin = ly0, ymax = ly1 }
  local ys_log = f.ys
  f.ys = function(v) return ys_log(math.log(v, 10)) end
  f.lo = lo
  local svg = svgw.new_svg(W, H)
  svg:raw(f.rect)
  axes.draw_title(svg, opts.title, W / 2)
  if opts.subtitle then svg:text(W / 2, 44, opts.subtitle, { anchor = "middle", size = 12, fill = "#444" }) end
  local yt = log_ticks(lo, hi)
  local ticks_log = {}
  for k, v in ipairs(yt) do ticks_log[k] = math.log(v, 10) end
  local saved = f.ys
  f.ys = ys_log
  axes.draw_y_axis(svg, f, ticks_log, function(t) return count_label(10 ^ t) end, "installed stock, H100-equivalents")
  f.ys = saved
  axes.draw_x_axis(svg, f, res.years, function(y) return tostring(y) end, "end of year", true)
  local legend = {}
  for i, c in ipairs(res.countries) do
    legend[#legend + 1] = { label = c, stroke = draw_country(svg, f, res, c, i), dash = palette.dash_of(i), width = 2.5 }
  end
  if res.interval then -- which is which: the lines are point estimates, the bands intervals of the draws
    legend[#legend + 1] = { label = "point estimate", stroke = "#333", width = 2.5 }
    legend[#legend + 1] = { label = "90% band", fill = "#dddddd" }
  end
  axes.draw_legend(svg, f.x0 + f.w + 24, f.y0 + 8, legend)
  svg:text(f.x0 + f.w + 10, f.y0 + 8 + 18 * (#legend + 1), "label: stock · link", { size = 10, fill = "#555" })
  svg:text(f.x0 + f.w + 10, f.y0 + 8 + 18 * (#legend + 1) + 13, "that binds the", { size = 10, fill = "#555" })
  svg:text(f.x0 + f.w + 10, f.y0 + 8 + 18 * (#legend + 1) + 26, "largest line", { size = 10, fill = "#555" })
  axes.footer(svg, H + 2, opts.provenance)
  return svg:finish(opts.title)
end

return M
