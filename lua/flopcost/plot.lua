--- flopcost.plot: charts as SVG text, hand-written XML with no dependencies.
--
--   plot.stacked_bars(results, opts)   cost breakdown per result (region x mix)
--   plot.lines(series, opts)           e.g. cost vs utilization
--   plot.compare(results, opts)        the chart of `flopcost compare`
--   plot.tornado(rows, opts)           one-at-a-time sensitivity
--   plot.sobol(result, opts)           Sobol first-order and total indices
--   plot.histogram(samples_or_bins, opts), plot.cdf(samples_or_bins, opts)
--   plot.save(path, svg)               true, or nil, msg
--   plot.nice_ticks(lo, hi, n)         axis ticks (Heckbert 1990)
--
-- Every function returns a complete SVG 1.1 document as a string. Labels are
-- XML-escaped. Misuse raises
--   "flopcost.plot.<fn>: field '<path>': <what> expected, got <value>".
local report = require "flopcost.report"
local json = require "flopcost.json"

local M = {}
local got = json.got
local check = require "flopcost.check"

local function fail(fn, field, what, v)
  error(string.format("flopcost.plot.%s: field '%s': %s expected, got %s", fn, field, what, got(v)), 0)
end

local function finite(x)
  return type(x) == "number" and x == x and x ~= math.huge and x ~= -math.huge
end

local function check_opts(fn, opts)
  if opts == nil then return {} end
  if type(opts) ~= "table" then
    error(string.format("flopcost.plot.%s: options table expected, got %s", fn, type(opts)), 0)
  end
  return opts
end

-- ===================================================================
-- Nice numbers for axis ticks.
-- Paul S. Heckbert, "Nice Numbers for Graph Labels", in A. Glassner (ed.),
-- Graphics Gems, Academic Press, 1990, pp. 61-63 (code pp. 657-659):
-- "loose labeling" -- the tick step is 1, 2 or 5 x 10^k and the axis is
-- extended outwards to whole steps, so every data value lies on the axis.
-- ===================================================================

--- Heckbert's nicenum: a "nice" number (1, 2, 5 or 10 x 10^k) near x > 0;
-- rounded when `round`, else the smallest nice number >= x.
-- Returns the value and its parts (mantissa 1/2/5/10, exponent k).
function M.nicenum(x, round)
  check.arg("flopcost.plot.nicenum", "x", x, function(v) return finite(v) and v > 0 end, "positive finite number")
  local e = math.floor(math.log(x, 10))
  local f = x / 10.0 ^ e
  local nf
  if round then
    if f < 1.5 then nf = 1 elseif f < 3 then nf = 2 elseif f < 7 then nf = 5 else nf = 10 end
  else
    if f <= 1 then nf = 1 elseif f <= 2 then nf = 2 elseif f <= 5 then nf = 5 else nf = 10 end
  end
  if nf == 10 then nf, e = 1, e + 1 end
  return nf * 10.0 ^ e, nf, e
end

-- k x nf x 10^e computed so that decimal ticks are the nearest doubles
-- (0.6, not 0.6000000000000001): divide by an exact power of ten.
local function tick_value(k, nf, e)
  if e >= 0 then return k * nf * 10.0 ^ e end
  return (k * nf) / 10.0 ^ (-e)
end

--- plot.nice_ticks(lo, hi [, n = 5]) -> ticks, step, decimals
-- Heckbert's loose labeling with about n ticks: ticks[1] <= lo,
-- ticks[#ticks] >= hi, step = 1, 2 or 5 x 10^k; decimals is the number of
-- fractional digits to print (Heckbert's nfrac).
-- Example: (0, 1.23, 5) -> range 2, step 0.5 -> 0, 0.5, 1, 1.5;
--          (0, 1.23, 8) -> step nicenum(2/7) = 0.2 -> 0, 0.2, ..., 1.4.
function M.nice_ticks(lo, hi, n)
  n = n or 5
  if not finite(lo) then fail("nice_ticks", "lo", "finite number", lo) end
  if not finite(hi) then fail("nice_ticks", "hi", "finite number", hi) end
  if hi < lo then lo, hi = hi, lo end
  if hi == lo then -- an empty range: widen it by a nice amount around the value
    local pad = lo == 0 and 1 or M.nicenum(math.abs(lo), false) / 10
    lo, hi = lo - pad, hi + pad
    if lo < 0 and lo + pad >= 0 and hi - pad >= 0 then lo = 0 end
  end
  local range = M.nicenum(hi - lo, false)
  local d, nf, e = M.nicenum(range / (math.max(n, 2) - 1), true)
  -- 1e-9 guards lo/d = 2.9999999999999996 when lo is a whole number of steps
  local k0 = math.floor(lo / d + 1e-9)
  local k1 = math.ceil(hi / d - 1e-9)
  local ticks = {}
  for k = k0, k1 do ticks[#ticks + 1] = tick_value(k, nf, e) end
  return ticks, d, math.max(-math.floor(math.log(d, 10) + 1e-9), 0)
end

-- Tick label text. kind: "usd" ($ prefix), "pct" (x100, % suffix) or nil.
-- Large values get k/M/B suffixes (20000000 -> "20M").
local function tick_formatter(ticks, decimals, kind)
  local maxabs = 0
  for _, t in ipairs(ticks) do maxabs = math.max(maxabs, math.abs(t)) end
  local scale, suffix = 1, ""
  if kind ~= "pct" then
    for _, s in ipairs { { 1e12, "T" }, { 1e9, "B" }, { 1e6, "M" }, { 1e4, "k" } } do
      if maxabs >= s[1] then
        scale, suffix = s[1] == 1e4 and 1e3 or s[1], s[1] == 1e4 and "k" or s[2]
        break
      end
    end
  end
  local step = #ticks > 1 and math.abs(ticks[2] - ticks[1]) or 1
  if kind == "pct" then
    decimals = math.max(-math.floor(math.log(step * 100, 10) + 1e-9), 0)
  elseif scale > 1 then
    decimals = math.max(-math.floor(math.log(step / scale, 10) + 1e-9), 0)
  end
  local f = "%." .. decimals .. "f"
  return function(t)
    if kind == "pct" then return string.format(f, t * 100) .. "%" end
    local s = string.format(f, t / scale) .. suffix
    if s:match("^%-0%.?0*[kMBT]?$") then s = s:sub(2) end -- no "-0"
    if kind == "usd" then
      if s:sub(1, 1) == "-" then return "-$" .. s:sub(2) end
      return "$" .. s
    end
    return s
  end
end

-- ===================================================================
-- SVG writer
-- ===================================================================

local XML_ESC = { ["&"] = "&amp;", ["<"] = "&lt;", [">"] = "&gt;", ['"'] = "&quot;", ["'"] = "&apos;" }

--- Escapes text for XML character data and attribute values. Control
-- characters other than tab/newline are not allowed in XML 1.0: dropped.
function M.escape(s)
  s = tostring(s):gsub("[%z\1-\8\11\12\14-\31]", "")
  return (s:gsub("[&<>\"']", XML_ESC))
end
local esc = M.escape

-- Coordinates: 10 significant digits (bar heights keep ~1e-10 relative precision).
local function num(x)
  if x == 0 then return "0" end
  local s = string.format("%.10g", x)
  if s:find("e") then s = string.format("%.6f", x) end
  return s
end

local CHAR_W = 0.64 -- glyph width / font size: DejaVu Sans digits are 0.636 em, lower case ~0.6 (Arial is narrower)
local function text_w(s, size) return (utf8.len(s) or #s) * size * CHAR_W end

local Svg = {}
Svg.__index = Svg

local function new_svg(w, h)
  return setmetatable({ w = w, h = h, out = {} }, Svg)
end

-- attrs: a flat list {name, value, name, value, ...} so attribute order is fixed.
function Svg:el(name, attrs, body)
  local parts = { "<", name }
  for i = 1, #attrs, 2 do
    local v = attrs[i + 1]
    if v ~= nil then
      parts[#parts + 1] = " " .. attrs[i] .. '="' .. (type(v) == "number" and num(v) or esc(v)) .. '"'
    end
  end
  if body then
    parts[#parts + 1] = ">" .. body .. "</" .. name .. ">"
  else
    parts[#parts + 1] = "/>"
  end
  self.out[#self.out + 1] = table.concat(parts)
end

function Svg:raw(s) self.out[#self.out + 1] = s end

function Svg:line(x1, y1, x2, y2, stroke, sw, extra)
  local a = { "x1", x1, "y1", y1, "x2", x2, "y2", y2, "stroke", stroke or "#000", "stroke-width", sw or 1 }
  for _, v in ipairs(extra or {}) do a[#a + 1] = v end
  self:el("line", a)
end

-- o: anchor ("start"/"middle"/"end"), size, weight, fill, rotate (degrees, about x, y), class
function Svg:text(x, y, s, o)
  o = o or {}
  self:el("text", { "x", x, "y", y, "text-anchor", o.anchor, "font-size", o.size,
    "font-weight", o.weight, "fill", o.fill,
    "transform", o.rotate and string.format("rotate(%s %s %s)", num(o.rotate), num(x), num(y)) or nil,
    "class", o.class }, esc(s))
end

function Svg:finish(title)
  local head = string.format(
    '<?xml version="1.0" encoding="UTF-8"?>\n' ..
    '<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="%s" height="%s" viewBox="0 0 %s %s" ' ..
    'font-family="DejaVu Sans, Arial, Helvetica, sans-serif" font-size="12">\n',
    num(self.w), num(self.h), num(self.w), num(self.h))
  local t = title and ("<title>" .. esc(title) .. "</title>\n") or ""
  return head .. t .. '<rect x="0" y="0" width="' .. num(self.w) .. '" height="' .. num(self.h) ..
    '" fill="#ffffff"/>\n' .. table.concat(self.out, "\n") .. "\n</svg>\n"
end

-- ===================================================================
-- Frames, axes, legends
-- ===================================================================

local TICK_SIZE, FONT, TITLE_FONT = 11, 12, 15

local function frame_scales(f)
  -- the plot area, for readers of the SVG (and the specs): an invisible rect
  f.rect = string.format('<rect class="frame" x="%s" y="%s" width="%s" height="%s" fill="none"/>',
    num(f.x0), num(f.y0), num(f.w), num(f.h))
  f.xs = function(v) return f.x0 + (v - f.xmin) / (f.xmax - f.xmin) * f.w end
  f.ys = function(v) return f.y0 + f.h - (v - f.ymin) / (f.ymax - f.ymin) * f.h end
  return f
end

local function y_tick_width(labels)
  local w = 0
  for _, s in ipairs(labels) do w = math.max(w, text_w(s, TICK_SIZE)) end
  return w
end

local function draw_y_axis(svg, f, ticks, fmt, label)
  local tw = 0
  for _, t in ipairs(ticks) do tw = math.max(tw, text_w(fmt(t), TICK_SIZE)) end
  for _, t in ipairs(ticks) do
    local y = f.ys(t)
    svg:line(f.x0, y, f.x0 + f.w, y, "#e3e3e3", 1)
    svg:line(f.x0 - 4, y, f.x0, y, "#333", 1)
    svg:text(f.x0 - 7, y + TICK_SIZE * 0.35, fmt(t), { anchor = "end", size = TICK_SIZE, fill = "#333" })
  end
  svg:line(f.x0, f.y0, f.x0, f.y0 + f.h, "#333", 1)
  if label then
    local x, y = math.max(16, f.x0 - tw - 20), f.y0 + f.h / 2
    -- shrink the font rather than run past the frame
    local size = math.max(8, math.min(FONT, (f.h + 40) / ((utf8.len(label) or #label) * CHAR_W)))
    svg:text(x, y, label, { anchor = "middle", size = size, rotate = -90, fill = "#222" })
  end
end

local function draw_x_axis(svg, f, ticks, fmt, label, grid)
  for _, t in ipairs(ticks) do
    local x = f.xs(t)
    if grid then svg:line(x, f.y0, x, f.y0 + f.h, "#e3e3e3", 1) end
    svg:line(x, f.y0 + f.h, x, f.y0 + f.h + 4, "#333", 1)
    svg:text(x, f.y0 + f.h + 6 + TICK_SIZE, fmt(t), { anchor = "middle", size = TICK_SIZE, fill = "#333" })
  end
  svg:line(f.x0, f.y0 + f.h, f.x0 + f.w, f.y0 + f.h, "#333", 1)
  if label then
    svg:text(f.x0 + f.w / 2, f.y0 + f.h + 2 * TICK_SIZE + 18, label, { anchor = "middle", size = FONT, fill = "#222" })
  end
end

-- entries: { {label=, fill=} or {label=, stroke=, dash=} }; drawn from (x, y) down.
local LEGEND_ROW = 18
local function legend_width(entries)
  local w = 0
  for _, e in ipairs(entries) do w = math.max(w, text_w(e.label, FONT)) end
  return w + 36
end

local function draw_legend(svg, x, y, entries)
  for i, e in ipairs(entries) do
    local cy = y + (i - 1) * LEGEND_ROW
    if e.fill then
      svg:el("rect", { "x", x, "y", cy - 6, "width", 12, "height", 12, "fill", e.fill,
        "stroke", "#555", "stroke-width", 0.5 })
    else
      svg:line(x - 8, cy, x + 16, cy, e.stroke, e.width or 2, { "stroke-dasharray", e.dash })
    end
    svg:text(x + 22, cy + FONT * 0.35, e.label, { size = FONT, fill = "#222" })
  end
end

local function draw_title(svg, title, cx)
  if title then svg:text(cx, 24, title, { anchor = "middle", size = TITLE_FONT, weight = "bold", fill = "#111" }) end
end

-- Greedy word wrap to at most max_chars per line.
local function wrap(s, max_chars)
  local lines, cur = {}, nil
  for word in s:gmatch("%S+") do
    if cur == nil then
      cur = word
    elseif (utf8.len(cur) or #cur) + 1 + (utf8.len(word) or #word) <= max_chars then
      cur = cur .. " " .. word
    else
      lines[#lines + 1] = cur
      cur = word
    end
  end
  lines[#lines + 1] = cur or ""
  return lines
end

local function check_size(fn, opts)
  for _, k in ipairs { "width", "height" } do
    local v = opts[k]
    if v ~= nil and not (finite(v) and v >= 100) then fail(fn, k, "number >= 100", v) end
  end
end

-- ===================================================================
-- Stacked bars: the cost breakdown of each result
-- ===================================================================

--- The one palette of every chart: Okabe & Ito's colour-blind-safe set
-- (M. Okabe and K. Ito, "Color Universal Design (CUD): how to make figures and
-- presentations that are friendly to colorblind people", 2002/2008,
-- https://jfly.uni-koeln.de/color/ -- colours distinguishable under protan,
-- deutan and tritan vision). Its yellow (#F0E442) is left out: on white it has
-- a WCAG contrast ratio of 1.32:1, unreadable as a line or a thin bar. Lines take
-- the colours with a contrast of 3:1 or more first (blue 5.2, vermillion 3.9,
-- green 3.4, purple 3.1, black 21); orange (2.3) and sky (2.3) come last, dashed.
M.PALETTE = {
  blue = "#0072B2", sky = "#56B4E9", green = "#009E73", orange = "#E69F00",
  vermillion = "#D55E00", purple = "#CC79A7", black = "#000000", grey = "#999999",
}
local P = M.PALETTE
--- Colours of the cost components (carbon, usually tiny, in neutral grey).
M.COLORS = {
  chip = P.blue, server = P.sky, network = P.green, facility = P.orange,
  energy = P.vermillion, carbon = P.grey, opex = P.purple,
}
--- Line colours for series, in order; dash patterns tell series apart where
-- lines coincide or colours are confused (series i uses DASHES[(i-1) % 4 + 1]).
M.SERIES_COLORS = { P.blue, P.vermillion, P.green, P.purple, P.black, P.orange, P.sky, P.grey }
local DASHES = { "", "7,3", "2,3", "9,3,2,3" }
-- Dash pattern of series i (nil = solid): consecutive series differ (also vega's).
function M._dash_of(i)
  local d = DASHES[(i - 1) % #DASHES + 1]
  return d ~= "" and d or nil
end

--- plot.stacked_bars(results [, opts]) -> svg
-- One bar per result, components stacked bottom-up in report.COMPONENTS order.
-- opts: title, ylabel, width (default grows with the number of bars), height
-- (480), cloud (default true: a black marker at the cloud rental $/EFLOP),
-- values (default true: the total above each bar), labels ("label" uses
-- region_label, "id" uses region; default "label"), ticks (about 6).
-- Each segment is a <rect class="seg" data-component= data-value=> whose
-- height is value / axis_top x plot height.
function M.stacked_bars(results, opts)
  local fn = "stacked_bars"
  opts = check_opts(fn, opts)
  check_size(fn, opts)
  results = report._check_results("flopcost.plot." .. fn, results)
  for i, r in ipairs(results) do
    for _, k in ipairs(report.COMPONENTS) do
      local v = r.breakdown[k]
      if v ~= nil and v < 0 then fail(fn, "results[" .. i .. "].breakdown." .. k, "non-negative number", v) end
    end
  end
  local n = #results
  local show_cloud = opts.cloud ~= false
  local any_cloud = false
  local vmax = 0
  for _, r in ipairs(results) do
    local stack = 0
    for _, k in ipairs(report.COMPONENTS) do stack = stack + (r.breakdown[k] or 0) end
    vmax = math.max(vmax, stack, r.usd_per_eflop)
    if show_cloud and r.cloud and r.cloud.usd_per_eflop then
      any_cloud = true
      vmax = math.max(vmax, r.cloud.usd_per_eflop)
    end
  end
  local ticks, _, decimals = M.nice_ticks(0, vmax > 0 and vmax or 1, opts.ticks or 6)
  local fmt = tick_formatter(ticks, decimals, "usd")
  local labels = {}
  for i, t in ipairs(ticks) do labels[i] = fmt(t) end

  local title = opts.title or "Cost per 1e18 training FLOP, by region and chip mix"
  local ylabel = opts.ylabel or "USD per 1e18 useful training FLOP"
  local entries = {}
  for i = #report.COMPONENTS, 1, -1 do
    local k = report.COMPONENTS[i]
    entries[#entries + 1] = { label = k, fill = M.COLORS[k] }
  end
  if any_cloud then entries[#entries + 1] = { label = "cloud rental", stroke = "#000", width = 3 } end

  local W = opts.width or math.max(640, math.min(1600, 260 + n * 110))
  local H = opts.height or 480
  local left = 30 + y_tick_width(labels) + 10
  local right = legend_width(entries) + 20
  local top = 48
  local plot_w = W - left - right
  local slot = plot_w / n

  -- x labels: wrapped under the bar if they fit, else rotated by 40 degrees
  local xlab = {}
  for i, r in ipairs(results) do
    local region = opts.labels == "id" and r.region or (r.region_label or r.region)
    xlab[i] = { region = region, mix = r.mix }
  end
  local max_chars = math.max(1, math.floor(slot * 0.92 / (TICK_SIZE * CHAR_W)))
  local rotated, nlines = false, 1
  for _, l in ipairs(xlab) do
    l.lines = wrap(l.region, max_chars)
    for _, s in ipairs(wrap(l.mix, max_chars)) do l.lines[#l.lines + 1] = s end
    for _, s in ipairs(l.lines) do
      if (utf8.len(s) or #s) > max_chars then rotated = true end
    end
    nlines = math.max(nlines, #l.lines)
  end
  if nlines > 4 then rotated = true end
  local ANGLE = 40
  local bottom
  if rotated then
    local longest = 0
    local MAX_LABEL = 40
    for _, l in ipairs(xlab) do
      l.one = l.region .. ", " .. l.mix
      if (utf8.len(l.one) or #l.one) > MAX_LABEL then
        l.one = l.one:sub(1, utf8.offset(l.one, MAX_LABEL) - 1) .. "\u{2026}"
      end
      longest = math.max(longest, text_w(l.one, TICK_SIZE))
    end
    -- steeper when the bars are close, so neighbouring labels do not touch;
    -- the first label runs left of its bar: widen the left margin to keep it inside
    local left0 = left
    for _, a in ipairs { 40, 60, 90 } do
      ANGLE = a
      local need = longest * math.cos(math.rad(a)) + 8 - (W - left0 - right) / n / 2
      left = math.max(left0, need)
      plot_w = W - left - right
      slot = plot_w / n
      if slot * math.sin(math.rad(a)) >= 1.25 * TICK_SIZE then break end
    end
    local sin, cos = math.sin(math.rad(ANGLE)), math.cos(math.rad(ANGLE))
    bottom = 16 + longest * sin + TICK_SIZE * cos + 10
  else
    bottom = 14 + nlines * (TICK_SIZE + 3) + 10
  end
  local plot_h = H - top - bottom
  local MIN_PLOT_H = opts.height and 160 or 260 -- grow the height rather than squash the bars
  if plot_h < MIN_PLOT_H then
    H = top + bottom + MIN_PLOT_H
    plot_h = MIN_PLOT_H
  end
  local f = frame_scales { x0 = left, y0 = top, w = plot_w, h = plot_h,
    xmin = 0, xmax = n, ymin = ticks[1], ymax = ticks[#ticks] }

  local svg = new_svg(W, H)
  svg:raw(f.rect)
  draw_title(svg, title, W / 2)
  draw_y_axis(svg, f, ticks, fmt, ylabel)
  svg:line(f.x0, f.y0 + f.h, f.x0 + f.w, f.y0 + f.h, "#333", 1)

  local bar_w = slot * (opts.bar_width or 0.6)
  local scale = plot_h / (f.ymax - f.ymin) -- pixels per USD
  for i, r in ipairs(results) do
    local cx = f.x0 + (i - 0.5) * slot
    local x = cx - bar_w / 2
    local cum = 0
    local name = (r.region_label or r.region) .. ", " .. r.mix
    svg:raw(string.format('<g class="bar" data-index="%d">', i))
    for _, k in ipairs(report.COMPONENTS) do
      local v = r.breakdown[k] or 0
      if v > 0 then
        local h = v * scale
        local y = f.ys(cum) - h
        local share = r.usd_per_eflop > 0 and 100 * v / r.usd_per_eflop or 0
        svg:el("rect", { "class", "seg", "data-component", k, "data-value", json.number_string(v),
          "x", x, "y", y, "width", bar_w, "height", h, "fill", M.COLORS[k],
          "stroke", "#ffffff", "stroke-width", 0.5 },
          "<title>" .. esc(string.format("%s: %s %s (%s)", name, k, report.usd(v), report.pct(share))) .. "</title>")
        cum = cum + v
      end
    end
    svg:raw("</g>")
    local label_y = f.ys(cum) - 5
    if show_cloud and r.cloud and r.cloud.usd_per_eflop then
      local cy = f.ys(r.cloud.usd_per_eflop)
      svg:line(x - 6, cy, x + bar_w + 6, cy, "#ffffff", 5, { "class", "cloud-halo" })
      svg:line(x - 6, cy, x + bar_w + 6, cy, "#000000", 3,
        { "class", "cloud", "data-value", json.number_string(r.cloud.usd_per_eflop) })
      if cy <= f.ys(cum) and cy > label_y - TICK_SIZE - 4 then label_y = cy - 7 end
      if cy > f.ys(cum) and cy - f.ys(cum) < TICK_SIZE + 6 then label_y = math.min(label_y, cy - 7) end
    end
    local total_text = report.usd(r.usd_per_eflop)
    if opts.values ~= false and text_w(total_text, TICK_SIZE) * 1.1 <= slot * 0.98 then
      svg:text(cx, label_y, total_text, { anchor = "middle", size = TICK_SIZE,
        weight = "bold", fill = "#222", class = "total" })
    end
    local ly = f.y0 + f.h + 8
    if rotated then
      svg:text(cx, ly + TICK_SIZE * 0.7, xlab[i].one, { anchor = "end", size = TICK_SIZE,
        rotate = -ANGLE, fill = "#222", class = "xlabel" })
    else
      for j, s in ipairs(xlab[i].lines) do
        svg:text(cx, ly + j * (TICK_SIZE + 3), s, { anchor = "middle", size = TICK_SIZE,
          fill = "#222", class = "xlabel" })
      end
    end
  end
  draw_legend(svg, f.x0 + f.w + 22, f.y0 + 8, entries)
  return svg:finish(title)
end

-- ===================================================================
-- Compare: horizontal cost bars grouped by chip mix, with 90% intervals
-- ===================================================================

-- Results grouped by opts.group ("mix" default, or "region"), groups in
-- order of first appearance, members in input order. -> { {key=, rows={...}}, ... }
-- (internal: plot.compare, vega.compare and compare.text group alike)
function M._groups_of(results, by)
  by = by or "mix"
  local groups, index = {}, {}
  for _, r in ipairs(results) do
    local k = r[by]
    if not index[k] then
      index[k] = #groups + 1
      groups[#groups + 1] = { key = k, rows = {} }
    end
    table.insert(groups[index[k]].rows, r)
  end
  return groups
end

--- plot.compare(results [, opts]) -> svg
-- The main chart of `flopcost compare`: one horizontal bar per result, the
-- cost components stacked left to right (report.COMPONENTS order), results
-- grouped under a heading per chip mix (opts.group = "region" groups by
-- region). Each bar with r.interval = {p05=, p95=} gets a whisker from p05
-- to p95 (class "whisker", with end caps); a result with a cloud price gets
-- a diamond at it (class "cloud"); the access of the chips in the region
-- (report.access_text) is written beside the region, "denied" in bold.
-- opts: title, subtitle (units; default names USD per 1e18 useful training
-- FLOP and opts.as_of), source (a footer line), as_of, width (1000),
-- labels ("id" default: region ids, "label": region labels).
function M.compare(results, opts)
  local fn = "compare"
  opts = check_opts(fn, opts)
  check_size(fn, opts)
  results = report._check_results("flopcost.plot." .. fn, results)
  local vmax = 0
  for i, r in ipairs(results) do
    local stack = 0
    for _, k in ipairs(report.COMPONENTS) do
      local v = r.breakdown[k]
      if v ~= nil and v < 0 then fail(fn, "results[" .. i .. "].breakdown." .. k, "non-negative number", v) end
      stack = stack + (v or 0)
    end
    vmax = math.max(vmax, stack, r.usd_per_eflop)
    if r.interval and r.interval.p95 then vmax = math.max(vmax, r.interval.p95) end
    if r.cloud and r.cloud.usd_per_eflop then vmax = math.max(vmax, r.cloud.usd_per_eflop) end
  end
  local ticks, _, decimals = M.nice_ticks(0, vmax > 0 and vmax or 1, opts.ticks or 8)
  local fmt = tick_formatter(ticks, decimals, "usd")
  local groups = M._groups_of(results, opts.group or "mix")
  local label_key = opts.labels == "label" and "region_label" or "region"
  if opts.group == "region" then label_key = "mix" end

  -- layout, in pixels
  local W = opts.width or 1000
  local ROW, BAR_H, HEAD = 19, 12, 24
  local name_w, access_w = 0, 0
  for _, r in ipairs(results) do
    name_w = math.max(name_w, text_w(r[label_key] or r.region, TICK_SIZE))
    access_w = math.max(access_w, text_w(report.access_text(r) or "", TICK_SIZE) * 1.08) -- bold
  end
  for _, g in ipairs(groups) do name_w = math.max(name_w, text_w(g.key, FONT) * 1.08 - 18) end
  local left = 12 + 18 + name_w + 10 + access_w + 12
  local value_w = text_w("$0.000", TICK_SIZE) + 8
  local right = value_w + 16
  local title = opts.title or "Cost per 1e18 training FLOP, by chip mix and region"
  local subtitle = opts.subtitle or ("USD per 1e18 useful training FLOP (nominal USD, catalog prices"
    .. (opts.as_of and (" as of " .. opts.as_of) or "") .. "); whiskers: 90% interval")
  local top = 96
  local body_h = #results * ROW + #groups * HEAD
  local foot = {}
  local src = opts.source or "Source: flopcost"
  for _, line in ipairs(wrap(src, math.floor((W - 30) / (10 * CHAR_W)))) do foot[#foot + 1] = line end
  local bottom = 44 + #foot * 14 + 8
  local H = top + body_h + bottom
  local f = frame_scales { x0 = left, y0 = top, w = W - left - right, h = body_h,
    xmin = ticks[1], xmax = ticks[#ticks], ymin = 0, ymax = 1 }
  local svg = new_svg(W, H)
  svg:raw(f.rect)
  svg:text(12, 24, title, { size = TITLE_FONT, weight = "bold", fill = "#111", class = "title" })
  svg:text(12, 44, subtitle, { size = FONT, fill = "#333", class = "subtitle" })

  -- legend: one row under the subtitle
  local lx, ly = 12, 70
  for i = 1, #report.COMPONENTS do
    local k = report.COMPONENTS[i]
    svg:el("rect", { "x", lx, "y", ly - 6, "width", 12, "height", 12, "fill", M.COLORS[k] })
    svg:text(lx + 16, ly + TICK_SIZE * 0.35, k, { size = TICK_SIZE, fill = "#222", class = "legend" })
    lx = lx + 16 + text_w(k, TICK_SIZE) + 14
  end
  svg:line(lx, ly, lx + 20, ly, "#222", 1.5)
  svg:line(lx, ly - 4, lx, ly + 4, "#222", 1.5)
  svg:line(lx + 20, ly - 4, lx + 20, ly + 4, "#222", 1.5)
  local t = "90% interval"
  svg:text(lx + 26, ly + TICK_SIZE * 0.35, t, { size = TICK_SIZE, fill = "#222", class = "legend" })
  lx = lx + 26 + text_w(t, TICK_SIZE) + 14
  svg:el("path", { "d", string.format("M%s %sl5 5l-5 5l-5 -5z", num(lx + 5), num(ly - 5)),
    "fill", "#ffffff", "stroke", "#000", "stroke-width", 1.5 })
  t = "cloud rental, same FLOP"
  svg:text(lx + 16, ly + TICK_SIZE * 0.35, t, { size = TICK_SIZE, fill = "#222", class = "legend" })

  -- grid and x axis (ticks top and bottom, so a long chart reads from both ends)
  for _, tk in ipairs(ticks) do
    local x = f.xs(tk)
    svg:line(x, f.y0, x, f.y0 + f.h, "#e3e3e3", 1)
    svg:line(x, f.y0 + f.h, x, f.y0 + f.h + 4, "#333", 1)
    svg:text(x, f.y0 + f.h + 6 + TICK_SIZE, fmt(tk), { anchor = "middle", size = TICK_SIZE, fill = "#333" })
    svg:text(x, f.y0 - 6, fmt(tk), { anchor = "middle", size = TICK_SIZE, fill = "#333" })
  end
  svg:line(f.x0, f.y0 + f.h, f.x0 + f.w, f.y0 + f.h, "#333", 1)
  svg:line(f.x0, f.y0, f.x0, f.y0 + f.h, "#333", 1)
  svg:text(f.x0 + f.w / 2, f.y0 + f.h + 2 * TICK_SIZE + 14, "USD per 1e18 useful training FLOP",
    { anchor = "middle", size = FONT, fill = "#222" })

  local scale = f.w / (f.xmax - f.xmin)
  local y = f.y0
  local index = 0
  for _, g in ipairs(groups) do
    svg:text(12, y + HEAD - 7, g.key, { size = FONT, weight = "bold", fill = "#111", class = "group" })
    y = y + HEAD
    for _, r in ipairs(g.rows) do
      index = index + 1
      local cy = y + ROW / 2
      local name = (r.region_label or r.region) .. ", " .. r.mix
      svg:text(30, cy + TICK_SIZE * 0.35, r[label_key] or r.region, { size = TICK_SIZE, fill = "#222", class = "ylabel" })
      local access = report.access_text(r)
      if access then
        local denied = access:sub(1, 6) == "denied"
        svg:text(f.x0 - 10, cy + TICK_SIZE * 0.35, access, { anchor = "end", size = TICK_SIZE,
          weight = denied and "bold" or nil, fill = denied and "#000" or "#555", class = "access" })
      end
      svg:raw(string.format('<g class="bar" data-index="%d">', index))
      local cum = 0
      for _, k in ipairs(report.COMPONENTS) do
        local v = r.breakdown[k] or 0
        if v > 0 then
          local share = r.usd_per_eflop > 0 and 100 * v / r.usd_per_eflop or 0
          svg:el("rect", { "class", "seg", "data-component", k, "data-value", json.number_string(v),
            "x", f.xs(cum), "y", cy - BAR_H / 2, "width", v * scale, "height", BAR_H, "fill", M.COLORS[k] },
            "<title>" .. esc(string.format("%s: %s %s (%s)", name, k, report.usd(v), report.pct(share))) .. "</title>")
          cum = cum + v
        end
      end
      svg:raw("</g>")
      local right_end = f.xs(math.max(cum, r.usd_per_eflop))
      local iv = r.interval
      if iv and iv.p05 and iv.p95 then
        local x1, x2 = f.xs(iv.p05), f.xs(iv.p95)
        svg:el("g", { "class", "whisker", "data-p05", json.number_string(iv.p05),
          "data-p95", json.number_string(iv.p95), "data-index", index },
          string.format('<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="#222" stroke-width="1.5"/>',
            num(x1), num(cy), num(x2), num(cy)) ..
          string.format('<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="#222" stroke-width="1.5"/>',
            num(x1), num(cy - 5), num(x1), num(cy + 5)) ..
          string.format('<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="#222" stroke-width="1.5"/>',
            num(x2), num(cy - 5), num(x2), num(cy + 5)) ..
          "<title>" .. esc(string.format("%s: 90%% interval %s to %s", name, report.usd(iv.p05),
            report.usd(iv.p95))) .. "</title>")
        right_end = math.max(right_end, x2)
      end
      if r.cloud and r.cloud.usd_per_eflop then
        local x = f.xs(r.cloud.usd_per_eflop)
        svg:el("path", { "class", "cloud", "data-value", json.number_string(r.cloud.usd_per_eflop),
          "d", string.format("M%s %sl5 5l-5 5l-5 -5z", num(x), num(cy - 5)),
          "fill", "#ffffff", "stroke", "#000", "stroke-width", 1.5 },
          "<title>" .. esc(string.format("%s: cloud rental %s", name, report.usd(r.cloud.usd_per_eflop))) .. "</title>")
        right_end = math.max(right_end, x + 5)
      end
      svg:text(right_end + 5, cy + TICK_SIZE * 0.35, report.usd(r.usd_per_eflop),
        { size = TICK_SIZE, fill = "#222", class = "total" })
      y = y + ROW
    end
  end
  for i, line in ipairs(foot) do
    svg:text(12, f.y0 + f.h + 44 + i * 14, line, { size = 10, fill = "#444", class = "source" })
  end
  return svg:finish(title)
end

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
  local xt, _, xd = M.nice_ticks(xmin, xmax, opts.xticks or 6)
  local yt, _, yd = M.nice_ticks(ymin, ymax, opts.yticks or 6)
  if opts.xmin then while xt[1] < opts.xmin - 1e-12 * math.abs(xt[2] - xt[1]) do table.remove(xt, 1) end end
  if opts.ymin then while yt[1] < opts.ymin - 1e-12 * math.abs(yt[2] - yt[1]) do table.remove(yt, 1) end end
  local xfmt = tick_formatter(xt, xd, opts.xkind)
  local yfmt = tick_formatter(yt, yd, opts.ykind)
  local ylabels = {}
  for i, t in ipairs(yt) do ylabels[i] = yfmt(t) end

  local entries = {}
  for i, s in ipairs(series) do
    entries[i] = { label = s.name or ("series " .. i), width = 2.5,
      stroke = s.color or M.SERIES_COLORS[(i - 1) % #M.SERIES_COLORS + 1], dash = s.dash or M._dash_of(i) }
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

-- ===================================================================
-- Readable names of scenario fields (tornado rows, tooltips)
-- ===================================================================

--- Field -> {label, kind}: kind formats the input's range ("usd", "pct", "usd_kwh", "number").
M.FIELD_LABELS = {
  chip_price_usd = { "chip price", "usd" },
  electricity_usd_per_kwh = { "electricity price", "usd_kwh" },
  utilization = { "utilization", "pct" },
  mfu = { "MFU (model FLOP utilization)", "pct" },
  pue = { "PUE (facility overhead)", "number" },
  server_multiple = { "server cost multiple", "number" },
  network_fraction = { "network share of capex", "pct" },
  chip_life_years = { "chip life (years)", "number" },
  wacc = { "cost of capital (WACC)", "pct" },
  facility_usd_per_kw = { "facility cost per kW", "usd" },
  facility_life_years = { "facility life (years)", "number" },
  tdp_w = { "chip power (TDP, W)", "number" },
  idle_w = { "idle power (W)", "number" },
  server_power_multiple = { "server power multiple", "number" },
  green_share = { "green power share", "pct" },
  green_premium_usd_per_kwh = { "green power premium", "usd_kwh" },
  grid_kg_co2_per_kwh = { "grid carbon intensity (kg/kWh)", "number" },
  carbon_usd_per_t = { "carbon price per t CO2", "usd" },
  maintenance_fraction = { "maintenance per year", "pct" },
  other_opex_usd_per_year = { "other opex per year", "usd" },
  peak_flops_per_s = { "peak FLOP/s", "number" },
  scaling_efficiency = { "scaling efficiency", "pct" },
  goodput = { "goodput", "pct" },
  rental_usd_per_hour = { "cloud rental per GPU-hour", "usd" },
  commitment_discount = { "cloud commitment discount", "pct" },
}

--- Outputs of the engine by their readable names (chart titles).
M.OUTPUT_LABELS = {
  usd_per_eflop = "the cost per 1e18 training FLOP", usd_per_mtok_output = "the cost per million output tokens",
  usd_per_mtok_input = "the cost per million input tokens", kg_co2_per_eflop = "the emissions per 1e18 FLOP",
}

local function range_text(kind, lo, hi)
  local function f(v)
    if kind == "usd" then return report.usd(v) end
    if kind == "usd_kwh" then return report.usd(v) .. "/kWh" end
    if kind == "pct" then return report.pct(100 * v) end
    return report.qty(v)
  end
  return f(lo) .. " to " .. f(hi)
end

--- plot.field_label(name [, input_low, input_high [, members]]) -> text:
-- "electricity_usd_per_kwh" -> "electricity price", "chip_price_usd[2]" ->
-- "chip price, chip 2" (or the chip's name from members = {"H20", ...});
-- with the input's low and high ends, "electricity price ($0.0700/kWh to $0.120/kWh)".
-- Unknown fields keep their name with spaces for underscores.
function M.field_label(name, lo, hi, members)
  local field, member = tostring(name):match("^([%w_]+)%[(%d+)%]$")
  field = field or tostring(name)
  local known = M.FIELD_LABELS[field]
  local label = known and known[1] or field:gsub("_", " ")
  if member then
    local m = tonumber(member)
    label = label .. ", " .. (members and members[m] or ("chip " .. m))
  end
  if finite(lo) and finite(hi) then
    label = label .. " (" .. range_text(known and known[2] or "number", lo, hi) .. ")"
  end
  return label
end

--- Tornado rows sorted by swing (widest first, ties in input order), each
-- with .label: row.label, or plot.field_label of its name and input range.
function M.tornado_rows(rows, members)
  local fn = "flopcost.plot.tornado_rows"
  check.each(fn, "rows", rows, function(r) return type(r) == "table" and finite(r.low) and finite(r.high) end,
    "row {name =, low =, high =} with finite low and high")
  check.optional(fn, "members", members, "list", "list of chip names")
  local sorted = {}
  for i, r in ipairs(rows) do
    sorted[i] = { name = r.name, low = r.low, high = r.high, base = r.base, input_low = r.input_low,
      input_high = r.input_high, swing = math.abs(r.high - r.low), i = i,
      label = type(r.label) == "string" and r.label or M.field_label(r.name, r.input_low, r.input_high, members) }
  end
  table.sort(sorted, function(a, b)
    if a.swing ~= b.swing then return a.swing > b.swing end
    return a.i < b.i
  end)
  return sorted
end

-- ===================================================================
-- Tornado: one-at-a-time sensitivity
-- ===================================================================

--- plot.tornado(rows [, opts]) -> svg
-- rows: { {name=, low=, high=, base=}, ... }: the output (e.g. $/EFLOP) with the
-- input at its low and at its high end, and at base. Sorted by swing
-- |high - low|, widest on top. Rows are labelled readably (plot.field_label:
-- "electricity price ($0.0700/kWh to $0.120/kWh)" from name, input_low and
-- input_high; row.label overrides; opts.members names the chips of "field[i]"). opts: title, xlabel, xkind ("usd" default,
-- "pct", or "number"), width (720), low_label / high_label (legend text).
function M.tornado(rows, opts)
  local fn = "tornado"
  opts = check_opts(fn, opts)
  check_size(fn, opts)
  if type(rows) ~= "table" or #rows == 0 then fail(fn, "rows", "non-empty array of rows", rows) end
  local lo, hi = math.huge, -math.huge
  for i, r in ipairs(rows) do
    local p = "rows[" .. i .. "]"
    if type(r) ~= "table" then fail(fn, p, "table {name=, low=, high=, base=}", r) end
    if type(r.name) ~= "string" then fail(fn, p .. ".name", "string", r.name) end
    for _, k in ipairs { "low", "high", "base" } do
      if not finite(r[k]) then fail(fn, p .. "." .. k, "finite number", r[k]) end
      lo, hi = math.min(lo, r[k]), math.max(hi, r[k])
    end
  end
  local sorted = M.tornado_rows(rows, opts.members)
  local kind = opts.xkind or "usd"
  if kind == "number" then kind = nil end
  local valfmt = kind == "usd" and report.usd or (kind == "pct" and function(v) return report.pct(100 * v) end)
    or report.qty
  local xt, _, xd = M.nice_ticks(lo, hi, opts.ticks or 6)
  local xfmt = tick_formatter(xt, xd, kind)
  local name_w = 0
  for _, r in ipairs(sorted) do name_w = math.max(name_w, text_w(r.label, FONT)) end
  local vw = 0
  for _, r in ipairs(sorted) do
    vw = math.max(vw, text_w(valfmt(r.low), TICK_SIZE), text_w(valfmt(r.high), TICK_SIZE))
  end
  local ROW = 26
  local left = name_w + 24 + vw
  local W = opts.width or math.max(720, left + 20 + vw + 400)
  local right = 20 + vw
  local top, bottom = 76, 56
  local H = top + #sorted * ROW + bottom
  local f = frame_scales { x0 = left, y0 = top, w = W - left - right, h = #sorted * ROW,
    xmin = xt[1], xmax = xt[#xt], ymin = 0, ymax = 1 }
  local svg = new_svg(W, H)
  svg:raw(f.rect)
  draw_title(svg, opts.title or "Sensitivity (one input at a time)", W / 2)
  draw_x_axis(svg, f, xt, xfmt, opts.xlabel or "USD per 1e18 useful training FLOP", true)
  local low_col, high_col = P.blue, P.orange
  draw_legend(svg, f.x0, 44, { { label = opts.low_label or "input at low end", fill = low_col } })
  draw_legend(svg, f.x0 + f.w / 2, 44, { { label = opts.high_label or "input at high end", fill = high_col } })
  for j, r in ipairs(sorted) do
    local y = f.y0 + (j - 1) * ROW
    local bx = f.xs(r.base)
    svg:text(f.x0 - vw - 14, y + ROW / 2 + FONT * 0.35, r.label, { anchor = "end", size = FONT, fill = "#222",
      class = "tornado-label" })
    -- the wider of the two bars first, so the narrower stays visible
    local bars = { { v = r.low, c = low_col, k = "low" }, { v = r.high, c = high_col, k = "high" } }
    table.sort(bars, function(a, b) return math.abs(a.v - r.base) > math.abs(b.v - r.base) end)
    for _, b in ipairs(bars) do
      local x1 = f.xs(b.v)
      svg:el("rect", { "class", "tornado-" .. b.k, "data-value", json.number_string(b.v),
        "x", math.min(x1, bx), "y", y + 4, "width", math.abs(x1 - bx), "height", ROW - 8, "fill", b.c },
        "<title>" .. esc(string.format("%s at %s end: %s", r.label, b.k, valfmt(b.v))) .. "</title>")
    end
    -- value labels at the outer ends
    local vmin, vmax = math.min(r.low, r.high, r.base), math.max(r.low, r.high, r.base)
    local ty = y + ROW / 2 + TICK_SIZE * 0.35
    if vmin < r.base then
      svg:text(f.xs(vmin) - 4, ty, valfmt(vmin), { anchor = "end", size = TICK_SIZE, fill = "#333" })
    end
    if vmax > r.base then
      svg:text(f.xs(vmax) + 4, ty, valfmt(vmax), { anchor = "start", size = TICK_SIZE, fill = "#333" })
    end
  end
  local base = opts.base or sorted[1].base
  local bx = f.xs(base)
  svg:line(bx, f.y0 - 4, bx, f.y0 + f.h, "#222", 1.5, { "stroke-dasharray", "4,3" })
  svg:text(bx, f.y0 - 8, "base " .. valfmt(base), { anchor = "middle", size = TICK_SIZE, fill = "#222" })
  return svg:finish(opts.title)
end

-- ===================================================================
-- Sobol indices: first-order and total, with their intervals
-- ===================================================================

local function sobol_rows(fn, r)
  local rows = r
  if type(r) == "table" and type(r.rows) == "function" then rows = r:rows() end
  if type(rows) ~= "table" or #rows == 0 then fail(fn, "result", "sensitivity result or non-empty array of rows", r) end
  for i, row in ipairs(rows) do
    local p = "rows[" .. i .. "]"
    if type(row) ~= "table" then fail(fn, p, "table {name=, first=, total=, ...}", row) end
    if type(row.name) ~= "string" then fail(fn, p .. ".name", "string", row.name) end
    for _, k in ipairs { "first", "total" } do
      if not finite(row[k]) then fail(fn, p .. "." .. k, "finite number", row[k]) end
    end
    for _, k in ipairs { "first_lo", "first_hi", "total_lo", "total_hi" } do
      if row[k] ~= nil and not finite(row[k]) then fail(fn, p .. "." .. k, "finite number or nil", row[k]) end
    end
  end
  return rows
end

--- plot.sobol(result [, opts]) -> svg
-- result: fc.sensitivity.sobol's result (its :rows(), sorted by total index)
-- or such rows {name, first, total, first_lo, first_hi, total_lo, total_hi}.
-- Per input a pair of horizontal bars, first-order (blue, class "sobol-first")
-- and total (orange, class "sobol-total"), each with a whisker over its
-- interval (class "whisker", data-lo/data-hi) when the row has one; readable
-- labels (plot.field_label; opts.members names the chips of "field[i]").
-- The axis runs from min(0, lowest bound) to max(1, highest bound).
-- opts: title ("Sobol indices of <output>"), note (default: N, seed and the
-- interval level of the result), width (800).
function M.sobol(result, opts)
  local fn = "sobol"
  opts = check_opts(fn, opts)
  check_size(fn, opts)
  local rows = sobol_rows(fn, result)
  local res = type(result.rows) == "function" and result or {}
  local lo, hi = 0, 1
  for _, r in ipairs(rows) do
    for _, k in ipairs { "first", "total", "first_lo", "first_hi", "total_lo", "total_hi" } do
      if r[k] then lo, hi = math.min(lo, r[k]), math.max(hi, r[k]) end
    end
  end
  -- ticks over 0..hi, extended by whole steps below 0 only as far as a bound needs
  local ticks, step, decimals = M.nice_ticks(0, hi, 6)
  while ticks[1] > lo do table.insert(ticks, 1, ticks[1] - step) end
  local fmt = tick_formatter(ticks, decimals, nil)
  local labels, name_w = {}, 0
  for i, r in ipairs(rows) do
    labels[i] = M.field_label(r.name, nil, nil, opts.members)
    name_w = math.max(name_w, text_w(labels[i], FONT))
  end
  local ROW, BAR = 34, 11
  local W = opts.width or math.max(800, name_w + 460)
  local left, right, top = 16 + name_w + 14, 60, 84
  local note = opts.note or (res.samples and ("N = %d base samples (%s evaluations), seed %s; whiskers: %d%% bootstrap intervals")
    :format(res.samples, tostring(res.evaluations or "?"), tostring(res.seed), math.floor((res.level or 0.95) * 100 + 0.5)))
  local H = top + #rows * ROW + 56 + (note and 18 or 0)
  local f = frame_scales { x0 = left, y0 = top, w = W - left - right, h = #rows * ROW,
    xmin = ticks[1], xmax = ticks[#ticks], ymin = 0, ymax = 1 }
  local svg = new_svg(W, H)
  svg:raw(f.rect)
  local title = opts.title or ("Sobol indices of " .. (M.OUTPUT_LABELS[res.output] or res.output or "the output"))
  svg:text(16, 24, title, { size = TITLE_FONT, weight = "bold", fill = "#111", class = "title" })
  draw_legend(svg, 24, 52, { { label = "first-order index (the input alone)", fill = P.blue } })
  draw_legend(svg, 24 + legend_width { { label = "first-order index (the input alone)" } } + 20, 52,
    { { label = "total index (with its interactions)", fill = P.orange } })
  draw_x_axis(svg, f, ticks, fmt, "share of the output's variance", true)
  local x0 = f.xs(0)
  svg:line(x0, f.y0, x0, f.y0 + f.h, "#333", 1)
  for i, r in ipairs(rows) do
    local y = f.y0 + (i - 1) * ROW
    svg:text(16, y + ROW / 2 + FONT * 0.35, labels[i], { size = FONT, fill = "#222", class = "sobol-label" })
    for j, kind in ipairs { "first", "total" } do
      local v = r[kind]
      local by = y + 5 + (j - 1) * (BAR + 2)
      local x1 = f.xs(v)
      svg:el("rect", { "class", "sobol-" .. kind, "data-value", json.number_string(v),
        "x", math.min(x0, x1), "y", by, "width", math.abs(x1 - x0), "height", BAR,
        "fill", kind == "first" and P.blue or P.orange },
        "<title>" .. esc(("%s: %s index %.3f"):format(labels[i], kind, v)) .. "</title>")
      local wl, wh = r[kind .. "_lo"], r[kind .. "_hi"]
      if wl and wh then
        local cy, a, b = by + BAR / 2, f.xs(wl), f.xs(wh)
        local seg = '<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="#222" stroke-width="1.2"/>'
        svg:el("g", { "class", "whisker", "data-lo", json.number_string(wl), "data-hi", json.number_string(wh) },
          seg:format(num(a), num(cy), num(b), num(cy)) .. seg:format(num(a), num(cy - 4), num(a), num(cy + 4))
          .. seg:format(num(b), num(cy - 4), num(b), num(cy + 4)))
      end
    end
  end
  if note then svg:text(16, H - 12, note, { size = 10, fill = "#444", class = "source" }) end
  return svg:finish(title)
end

-- ===================================================================
-- Distributions: histogram and CDF
-- ===================================================================

--- Quantile of sorted data, linear interpolation between order statistics
-- (Hyndman & Fan 1996, definition 7, the R and numpy default).
function M.quantile(sorted, p)
  -- only the two order statistics used are checked: O(1), as the quantile itself
  local fn = "flopcost.plot.quantile"
  check.arg(fn, "sorted", sorted, function(t) return type(t) == "table" and #t > 0 end, "non-empty sorted list of numbers")
  check.arg(fn, "p", p, "probability")
  local h0 = math.floor((#sorted - 1) * p + 1)
  check.field(fn, "sorted", sorted, h0, "number")
  if h0 < #sorted then check.field(fn, "sorted", sorted, h0 + 1, "number") end
  local n = #sorted
  local h = (n - 1) * p + 1
  local lo = math.floor(h)
  if lo >= n then return sorted[n] end
  return sorted[lo] + (h - lo) * (sorted[lo + 1] - sorted[lo])
end

-- Normalizes input to bins {edges = {...}, counts = {...}} and, for samples,
-- the sorted samples. Accepts an array of numbers, {edges=, counts=}, or an
-- array of {lo=, hi=, count=}.
local function to_bins(fn, data, nbins)
  if type(data) ~= "table" then fail(fn, "data", "array of samples or bins", data) end
  if data.edges ~= nil or data.counts ~= nil then
    local e, c = data.edges, data.counts
    if type(e) ~= "table" or type(c) ~= "table" or #c == 0 or #e ~= #c + 1 then
      error(string.format("flopcost.plot.%s: field 'data': edges (n+1) and counts (n) expected, got %s and %s",
        fn, type(e) == "table" and #e or got(e), type(c) == "table" and #c or got(c)), 0)
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
    error("flopcost.plot." .. fn .. ": field 'data': non-empty array of samples or bins expected, got empty table", 0)
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
  return marks
end

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
  svg:text((x1 + x2) / 2, f.y0 - 6, "90% interval", { anchor = "middle", size = TICK_SIZE, fill = P.vermillion })
end

--- plot.histogram_data(data [, opts]) -> bins {edges, counts}, marks {{value, label}}:
-- what plot.histogram draws (for vega.histogram).
function M.histogram_data(data, opts)
  opts = check_opts("histogram", opts)
  local bins, sorted = to_bins("histogram", data, opts.bins)
  return bins, marks_of("histogram", opts, sorted)
end

local function draw_marks(svg, f, marks, fmt)
  for i, m in ipairs(marks) do
    local x = f.xs(m.value)
    if x >= f.x0 - 0.5 and x <= f.x0 + f.w + 0.5 then
      svg:line(x, f.y0, x, f.y0 + f.h, P.vermillion, 1.5, { "stroke-dasharray", "5,3", "class", "mark" })
      local label = m.label ~= "" and (m.label .. " " .. fmt(m.value)) or fmt(m.value)
      -- stagger labels vertically so neighbours do not overlap
      svg:text(x + 3, f.y0 + 12 + ((i - 1) % 3) * 14, label, { size = TICK_SIZE, fill = P.vermillion })
    end
  end
end

--- plot.histogram(samples_or_bins [, opts]) -> svg
-- Input: an array of samples (binned by Freedman-Diaconis, or opts.bins
-- equal-width bins), {edges=, counts=}, or { {lo=, hi=, count=}, ... }.
-- opts: title, xlabel, ylabel, xkind ("usd" default, "pct", "number"),
-- density (y = count / (total x width)), bins, marks / quantiles / interval
-- (vertical lines), width (720), height (420).
function M.histogram(data, opts)
  local fn = "histogram"
  opts = check_opts(fn, opts)
  check_size(fn, opts)
  if opts.bins ~= nil and not (math.type(opts.bins) == "integer" and opts.bins >= 1) then
    fail(fn, "bins", "positive integer", opts.bins)
  end
  local bins, sorted = to_bins(fn, data, opts.bins)
  local e, c = bins.edges, bins.counts
  local total = 0
  for _, v in ipairs(c) do total = total + v end
  local ys = {}
  for i, v in ipairs(c) do
    ys[i] = opts.density and total > 0 and v / (total * (e[i + 1] - e[i])) or v
  end
  local ymax = 0
  for _, v in ipairs(ys) do ymax = math.max(ymax, v) end
  local kind = opts.xkind or "usd"
  if kind == "number" then kind = nil end
  local marks = marks_of(fn, opts, sorted)
  local xlo, xhi = e[1], e[#e]
  for _, m in ipairs(marks) do xlo, xhi = math.min(xlo, m.value), math.max(xhi, m.value) end
  local xt, _, xd = M.nice_ticks(xlo, xhi, opts.xticks or 7)
  local yt, _, yd = M.nice_ticks(0, ymax > 0 and ymax or 1, opts.yticks or 5)
  local xfmt, yfmt = tick_formatter(xt, xd, kind), tick_formatter(yt, yd, nil)
  local ylabels = {}
  for i, t in ipairs(yt) do ylabels[i] = yfmt(t) end
  local W, H = opts.width or 720, opts.height or 420
  local left = 30 + y_tick_width(ylabels) + 10
  local top, bottom, right = 48, 62, 24
  local f = frame_scales { x0 = left, y0 = top, w = W - left - right, h = H - top - bottom,
    xmin = xt[1], xmax = xt[#xt], ymin = 0, ymax = yt[#yt] }
  local svg = new_svg(W, H)
  svg:raw(f.rect)
  draw_title(svg, opts.title or "Distribution", W / 2)
  draw_y_axis(svg, f, yt, yfmt, opts.ylabel or (opts.density and "density" or "count"))
  draw_x_axis(svg, f, xt, xfmt, opts.xlabel or "USD per 1e18 useful training FLOP", false)
  draw_band(svg, f, marks)
  for i, v in ipairs(ys) do
    local x1, x2 = f.xs(e[i]), f.xs(e[i + 1])
    local h = v / f.ymax * f.h
    svg:el("rect", { "class", "bin", "data-value", json.number_string(v), "x", x1, "y", f.y0 + f.h - h,
      "width", x2 - x1, "height", h, "fill", P.sky, "stroke", "#ffffff", "stroke-width", 0.5 })
  end
  draw_marks(svg, f, marks, kind == "usd" and report.usd or report.qty)
  return svg:finish(opts.title)
end

--- plot.cdf(samples_or_bins [, opts]) -> svg
-- The empirical CDF of samples (a step function; more than opts.max_points =
-- 2000 samples are thinned to that many order statistics), or the cumulative
-- share of bins at their edges. Same opts as plot.histogram (no bins/density).
function M.cdf(data, opts)
  local fn = "cdf"
  opts = check_opts(fn, opts)
  check_size(fn, opts)
  local bins, sorted = to_bins(fn, data, 1)
  local xs, ps = {}, {}
  if sorted then
    local n = #sorted
    local m = math.min(n, opts.max_points or 2000)
    xs[1], ps[1] = sorted[1], 0
    for j = 1, m do
      local i = math.max(1, math.floor(j * n / m + 0.5))
      local x = sorted[i]
      -- step: horizontal to x at the previous level, then up
      xs[#xs + 1], ps[#ps + 1] = x, ps[#ps]
      xs[#xs + 1], ps[#ps + 1] = x, i / n
    end
  else
    local total = 0
    for _, v in ipairs(bins.counts) do total = total + v end
    if total <= 0 then fail(fn, "data.counts", "a positive total count", total) end
    local cum = 0
    xs[1], ps[1] = bins.edges[1], 0
    for i, v in ipairs(bins.counts) do
      cum = cum + v
      xs[#xs + 1], ps[#ps + 1] = bins.edges[i + 1], cum / total
    end
  end
  local kind = opts.xkind or "usd"
  if kind == "number" then kind = nil end
  local marks = marks_of(fn, opts, sorted)
  local xlo, xhi = xs[1], xs[#xs]
  for _, m in ipairs(marks) do xlo, xhi = math.min(xlo, m.value), math.max(xhi, m.value) end
  local xt, _, xd = M.nice_ticks(xlo, xhi, opts.xticks or 7)
  local yt = { 0, 0.2, 0.4, 0.6, 0.8, 1 }
  local xfmt, yfmt = tick_formatter(xt, xd, kind), tick_formatter(yt, 1, "pct")
  local W, H = opts.width or 720, opts.height or 420
  local left = 30 + y_tick_width { "100%" } + 10
  local top, bottom, right = 48, 62, 24
  local f = frame_scales { x0 = left, y0 = top, w = W - left - right, h = H - top - bottom,
    xmin = xt[1], xmax = xt[#xt], ymin = 0, ymax = 1 }
  local svg = new_svg(W, H)
  svg:raw(f.rect)
  draw_title(svg, opts.title or "Cumulative distribution", W / 2)
  draw_y_axis(svg, f, yt, yfmt, opts.ylabel or "share of samples at or below")
  draw_x_axis(svg, f, xt, xfmt, opts.xlabel or "USD per 1e18 useful training FLOP", true)
  draw_band(svg, f, marks)
  local pts = {}
  for i = 1, #xs do pts[i] = num(f.xs(xs[i])) .. "," .. num(f.ys(ps[i])) end
  svg:el("polyline", { "class", "cdf", "points", table.concat(pts, " "), "fill", "none",
    "stroke", P.blue, "stroke-width", 2 })
  draw_marks(svg, f, marks, kind == "usd" and report.usd or report.qty)
  return svg:finish(opts.title)
end

--- plot.mc_files(result, prefix [, opts]) -> paths, or nil, msg: the charts
-- of a Monte Carlo result (flopcost.montecarlo): PREFIX-tornado.svg (inputs
-- at their 5th and 95th percentiles, readable labels) and
-- PREFIX-histogram.svg (with its 90 % interval), each with a Vega-Lite
-- twin (.vl.json) unless opts.vega == false. opts.members names the chips.
function M.mc_files(r, prefix, opts)
  local fn = "flopcost.plot.mc_files"
  check.arg(fn, "r", r, function(x) return type(x) == "table" and type(x.tornado) == "function"
    and type(x.histogram) == "table" end, "Monte Carlo result (fc.montecarlo)")
  check.arg(fn, "prefix", prefix, "string", "path prefix (string)")
  opts = check.optional(fn, "opts", opts, "table", "options table") or {}
  local vega = require "flopcost.vega"
  local topts = { title = "Sensitivity: each input at its 5th and 95th percentile", members = opts.members,
    low_label = "input at its 5th percentile", high_label = "input at its 95th percentile" }
  local rows = r:tornado()
  local hopts = { title = ("Cost per 1e18 training FLOP: %d samples, seed %s, %s"):format(r.n, tostring(r.seed),
      tostring(r.rng or "?")),
    interval = { p05 = r.p05, p50 = r.p50, p95 = r.p95 } }
  local files = {
    { prefix .. "-tornado.svg", M.tornado(rows, topts) },
    { prefix .. "-histogram.svg", M.histogram(r.histogram, hopts) },
  }
  if opts.vega ~= false then
    files[#files + 1] = { prefix .. "-tornado.vl.json", vega.encode(vega.tornado(rows, topts)) }
    files[#files + 1] = { prefix .. "-histogram.vl.json", vega.encode(vega.histogram(r.histogram, hopts)) }
  end
  return report.write_all(files)
end

--- plot.save(path, svg [, vega_spec]) -> true, or nil, msg when a file cannot
-- be written. With a Vega-Lite spec (flopcost.vega), its JSON twin is written
-- beside the SVG: "x.svg" -> "x.vl.json" (any other name gets ".vl.json" added).
function M.save(path, svg, spec)
  if type(path) ~= "string" then error("flopcost.plot.save: argument 'path': string expected, got " .. got(path), 2) end
  if type(svg) ~= "string" then error("flopcost.plot.save: argument 'svg': string expected, got " .. got(svg), 2) end
  if spec ~= nil and type(spec) ~= "table" then
    error("flopcost.plot.save: argument 'vega_spec': Vega-Lite table or nil expected, got " .. got(spec), 2)
  end
  local files = { { path, svg } }
  if spec then
    local twin = path:gsub("%.svg$", "") .. ".vl.json"
    files[2] = { twin, require("flopcost.vega").encode(spec) }
  end
  local ok, err, token = report.write_all(files)
  if not ok then return nil, err, token end
  return true
end

-- errors at the caller's line, not inside this file (flopcost.errors)
for _, name in ipairs { "stacked_bars", "compare", "lines", "tornado", "sobol", "histogram_data", "histogram", "cdf",
  "nice_ticks", "mc_files" } do
  M[name] = require("flopcost.errors").public(M[name])
end

return M
