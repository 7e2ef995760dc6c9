--- flopcost.plot.bars: bar chart: the cost breakdown of each result, stacked vertically.
local report = require "flopcost.report"
local json = require "flopcost.json"
local tk = require "flopcost.plot.ticks"
local palette = require "flopcost.plot.palette"
local args = require "flopcost.plot.args"
local svgw = require "flopcost.plot.svg"
local axes = require "flopcost.plot.axes"

local M = {}
local fail = args.fail
local check_opts = args.check_opts
local check_size = args.check_size
local esc = svgw.escape
local text_w = svgw.text_w
local new_svg = svgw.new_svg
local CHAR_W = svgw.CHAR_W
local TICK_SIZE = axes.TICK_SIZE
local frame_scales = axes.frame_scales
local y_tick_width = axes.y_tick_width
local draw_y_axis = axes.draw_y_axis
local legend_width = axes.legend_width
local draw_legend = axes.draw_legend
local draw_title = axes.draw_title
local wrap = axes.wrap

-- ===================================================================
-- Stacked bars: the cost breakdown of each result
-- ===================================================================

-- Checks the results of plot.stacked_bars; -> the axis top (the largest stack, total or cloud price)
-- and whether any bar has a cloud marker.
local function extent(fn, results, show_cloud)
  local vmax, any_cloud = 0, false
  for i, r in ipairs(results) do
    local stack = 0
    for _, k in ipairs(report.COMPONENTS) do
      local v = r.breakdown[k]
      if v ~= nil and v < 0 then fail(fn, "results[" .. i .. "].breakdown." .. k, "non-negative number", v) end
      stack = stack + (v or 0)
    end
    vmax = math.max(vmax, stack, r.usd_per_eflop)
    if show_cloud and r.cloud and r.cloud.usd_per_eflop then
      any_cloud = true
      vmax = math.max(vmax, r.cloud.usd_per_eflop)
    end
  end
  return vmax, any_cloud
end

-- x labels: wrapped under the bar if they fit, else one line rotated (40, 60
-- or 90 degrees: steeper when the bars are close, so neighbours do not touch;
-- the first label runs left of its bar, so the left margin widens to keep it
-- inside). L: {W, left, right, n, slot, plot_w}; sets L.left, L.slot, L.plot_w.
-- -> xlab (per bar: lines, or one), rotated, angle, bottom margin
local function x_labels(results, opts, L)
  local xlab = {}
  for i, r in ipairs(results) do
    local region = opts.labels == "id" and r.region or (r.region_label or r.region)
    xlab[i] = { region = region, mix = r.mix }
  end
  local max_chars = math.max(1, math.floor(L.slot * 0.92 / (TICK_SIZE * CHAR_W)))
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
  if not rotated then return xlab, false, 40, 14 + nlines * (TICK_SIZE + 3) + 10 end
  local longest, MAX_LABEL, angle = 0, 40, 40
  for _, l in ipairs(xlab) do
    l.one = l.region .. ", " .. l.mix
    if (utf8.len(l.one) or #l.one) > MAX_LABEL then
      l.one = l.one:sub(1, utf8.offset(l.one, MAX_LABEL) - 1) .. "\u{2026}"
    end
    longest = math.max(longest, text_w(l.one, TICK_SIZE))
  end
  local left0 = L.left
  for _, a in ipairs { 40, 60, 90 } do
    angle = a
    local need = longest * math.cos(math.rad(a)) + 8 - (L.W - left0 - L.right) / L.n / 2
    L.left = math.max(left0, need)
    L.plot_w = L.W - L.left - L.right
    L.slot = L.plot_w / L.n
    if L.slot * math.sin(math.rad(a)) >= 1.25 * TICK_SIZE then break end
  end
  local sin, cos = math.sin(math.rad(angle)), math.cos(math.rad(angle))
  return xlab, true, angle, 16 + longest * sin + TICK_SIZE * cos + 10
end

-- One bar: its segments bottom-up, the cloud marker, the total above, the x label.
local function draw_bar(svg, f, r, i, L, opts, xl)
  local cx = f.x0 + (i - 0.5) * L.slot
  local bar_w = L.slot * (opts.bar_width or 0.6)
  local x = cx - bar_w / 2
  local scale = f.h / (f.ymax - f.ymin) -- pixels per USD
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
        "x", x, "y", y, "width", bar_w, "height", h, "fill", palette.COLORS[k],
        "stroke", "#ffffff", "stroke-width", 0.5 },
        "<title>" .. esc(string.format("%s: %s %s (%s)", name, k, report.usd(v), report.pct(share))) .. "</title>")
      cum = cum + v
    end
  end
  svg:raw("</g>")
  local label_y = f.ys(cum) - 5
  if opts.cloud ~= false and r.cloud and r.cloud.usd_per_eflop then
    local cy = f.ys(r.cloud.usd_per_eflop)
    svg:line(x - 6, cy, x + bar_w + 6, cy, "#ffffff", 5, { "class", "cloud-halo" })
    svg:line(x - 6, cy, x + bar_w + 6, cy, "#000000", 3,
      { "class", "cloud", "data-value", json.number_string(r.cloud.usd_per_eflop) })
    if cy <= f.ys(cum) and cy > label_y - TICK_SIZE - 4 then label_y = cy - 7 end
    if cy > f.ys(cum) and cy - f.ys(cum) < TICK_SIZE + 6 then label_y = math.min(label_y, cy - 7) end
  end
  local total_text = report.usd(r.usd_per_eflop)
  if opts.values ~= false and text_w(total_text, TICK_SIZE) * 1.1 <= L.slot * 0.98 then
    svg:text(cx, label_y, total_text, { anchor = "middle", size = TICK_SIZE,
      weight = "bold", fill = "#222", class = "total" })
  end
  local ly = f.y0 + f.h + 8
  if xl.rotated then
    svg:text(cx, ly + TICK_SIZE * 0.7, xl.labels[i].one, { anchor = "end", size = TICK_SIZE,
      rotate = -xl.angle, fill = "#222", class = "xlabel" })
  else
    for j, s in ipairs(xl.labels[i].lines) do
      svg:text(cx, ly + j * (TICK_SIZE + 3), s, { anchor = "middle", size = TICK_SIZE,
        fill = "#222", class = "xlabel" })
    end
  end
end

--- plot.stacked_bars(results [, opts]) -> svg: one bar per result, its cost components stacked
-- bottom-up in report.COMPONENTS order. Each segment is a <rect class="seg" data-component=
-- data-value=> whose height is value / axis_top x plot height.
-- @tparam {table,...} results scenario results (s:evaluate()), one bar each [USD per 1e18 FLOP]
-- @tparam[opt] table opts title, ylabel [text]; width (grows with the bars), height (480) [px]; cloud
-- (true: a black marker at the cloud rental), values (true: the total above each bar) [boolean];
-- labels ("label": region_label, "id": region) [name]; ticks (about 6) [count]; provenance (the
-- footer: flopcost.plot.provenance) [table]
-- @treturn string the chart [SVG]
-- @raise "flopcost.plot.stacked_bars: argument 'results': non-empty array of results expected, got
-- empty table"
-- @usage fc.plot.stacked_bars({fc.scenario{region = "us-va", chip = "H100-SXM"}:evaluate()})
-- --> "<?xml..."
function M.stacked_bars(results, opts)
  local fn = "stacked_bars"
  opts = check_opts(fn, opts)
  check_size(fn, opts)
  results = report._check_results("flopcost.plot." .. fn, results)
  local n = #results
  local vmax, any_cloud = extent(fn, results, opts.cloud ~= false)
  local ticks, _, decimals = tk.nice_ticks(0, vmax > 0 and vmax or 1, opts.ticks or 6)
  local fmt = tk.formatter(ticks, decimals, "usd")
  local labels = {}
  for i, t in ipairs(ticks) do labels[i] = fmt(t) end
  local scenario = opts.provenance and opts.provenance.scenario
  local title = opts.title or ("Cost per 1e18 training FLOP, by region and chip mix"
    .. (scenario and (": " .. scenario) or ""))
  local entries = {}
  for i = #report.COMPONENTS, 1, -1 do
    local k = report.COMPONENTS[i]
    entries[#entries + 1] = { label = k, fill = palette.COLORS[k] }
  end
  if any_cloud then entries[#entries + 1] = { label = "cloud rental", stroke = "#000", width = 3 } end
  local L = { W = opts.width or math.max(640, math.min(1600, 260 + n * 110)), n = n,
    left = 30 + y_tick_width(labels) + 10, right = legend_width(entries) + 20 }
  L.plot_w = L.W - L.left - L.right
  L.slot = L.plot_w / n
  local xlab, rotated, angle, bottom = x_labels(results, opts, L)
  local H, top = opts.height or 480, 48
  local plot_h = H - top - bottom
  local MIN_PLOT_H = opts.height and 160 or 260 -- grow the height rather than squash the bars
  if plot_h < MIN_PLOT_H then
    H = top + bottom + MIN_PLOT_H
    plot_h = MIN_PLOT_H
  end
  local f = frame_scales { x0 = L.left, y0 = top, w = L.plot_w, h = plot_h,
    xmin = 0, xmax = n, ymin = ticks[1], ymax = ticks[#ticks] }
  local svg = new_svg(L.W, H)
  svg:raw(f.rect)
  draw_title(svg, title, L.W / 2)
  draw_y_axis(svg, f, ticks, fmt, opts.ylabel or "USD per 1e18 useful training FLOP")
  svg:line(f.x0, f.y0 + f.h, f.x0 + f.w, f.y0 + f.h, "#333", 1)
  local xl = { labels = xlab, rotated = rotated, angle = angle }
  for i, r in ipairs(results) do draw_bar(svg, f, r, i, L, opts, xl) end
  draw_legend(svg, f.x0 + f.w + 22, f.y0 + 8, entries)
  axes.footer(svg, H + 2, opts.provenance)
  return svg:finish(title)
end

return M
