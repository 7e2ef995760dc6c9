--- flopcost.plot.compare: the chart of `flopcost compare`: horizontal bars grouped by chip mix.
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
local num = svgw.num
local text_w = svgw.text_w
local new_svg = svgw.new_svg
local CHAR_W = svgw.CHAR_W
local TICK_SIZE = axes.TICK_SIZE
local FONT = axes.FONT
local TITLE_FONT = axes.TITLE_FONT
local frame_scales = axes.frame_scales
local wrap = axes.wrap

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
  local ticks, _, decimals = tk.nice_ticks(0, vmax > 0 and vmax or 1, opts.ticks or 8)
  local fmt = tk.formatter(ticks, decimals, "usd")
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
    svg:el("rect", { "x", lx, "y", ly - 6, "width", 12, "height", 12, "fill", palette.COLORS[k] })
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
  for _, tick in ipairs(ticks) do
    local x = f.xs(tick)
    svg:line(x, f.y0, x, f.y0 + f.h, "#e3e3e3", 1)
    svg:line(x, f.y0 + f.h, x, f.y0 + f.h + 4, "#333", 1)
    svg:text(x, f.y0 + f.h + 6 + TICK_SIZE, fmt(tick), { anchor = "middle", size = TICK_SIZE, fill = "#333" })
    svg:text(x, f.y0 - 6, fmt(tick), { anchor = "middle", size = TICK_SIZE, fill = "#333" })
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
            "x", f.xs(cum), "y", cy - BAR_H / 2, "width", v * scale, "height", BAR_H, "fill", palette.COLORS[k] },
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

return M
