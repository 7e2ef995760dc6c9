--- flopcost.plot.compare: the chart of `flopcost compare`: horizontal bars grouped by chip mix.
--
-- Each row has three lanes, so no mark hides another: the stacked bar (the
-- point estimate, its value written just past its end), under it the 90 %
-- interval (p05 to p95, a dot at the median), and, when the chips can be
-- rented there, a diamond at the cloud rental's cost for the same FLOP with
-- its value. The axis and the legend sit apart; a footer names the scenario,
-- the what-ifs, the catalog date, the source and flopcost's version.
local report = require "flopcost.report"
local json = require "flopcost.json"
local tk = require "flopcost.plot.ticks"
local palette = require "flopcost.plot.palette"
local args = require "flopcost.plot.args"
local svgw = require "flopcost.plot.svg"
local axes = require "flopcost.plot.axes"
local prov_mod = require "flopcost.plot.provenance"

local M = {}
local fail, check_opts, check_size = args.fail, args.check_opts, args.check_size
local esc, num, text_w, new_svg = svgw.escape, svgw.num, svgw.text_w, svgw.new_svg
local TICK_SIZE, FONT = axes.TICK_SIZE, axes.FONT

-- Row geometry (pixels from the row's top): the bar centred at BAR_CY, then a
-- lane of LANE px for the interval when the row has one, then one for the cloud
-- when it has one; PAD px before the next row.
local BAR_H, BAR_CY, LANE, PAD, HEAD = 12, 8, 12, 8, 24
-- A segment narrower than this is drawn as a sliver of this width over its
-- neighbours (without moving them), so a small cost (carbon) stays visible.
local MIN_SEG_PX = 2

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

--- The access of a row's chips in its region, in words a reader knows:
-- "domestic", "licence", "open", or "export ban*" (the footnote explains the
-- grey-market premium). -> text, banned, premium
function M.access_label(r)
  local text = report.access_text(r)
  if text == nil then return nil end
  if text:sub(1, 6) == "denied" then
    local a = r.availability or {}
    return "export ban*", true, a.premium
  end
  if text:sub(1, 7) == "licence" then return "licence", false end -- the fee is in the table
  return text, false
end

-- The largest value on the axis and the largest share of each component.
local function extent(fn, results)
  local vmax, share = 0, {}
  for i, r in ipairs(results) do
    local stack = 0
    for _, k in ipairs(report.COMPONENTS) do
      local v = r.breakdown[k]
      if v ~= nil and v < 0 then fail(fn, "results[" .. i .. "].breakdown." .. k, "non-negative number", v) end
      stack = stack + (v or 0)
      if r.usd_per_eflop > 0 then share[k] = math.max(share[k] or 0, (v or 0) / r.usd_per_eflop) end
    end
    vmax = math.max(vmax, stack, r.usd_per_eflop)
    if r.interval and r.interval.p95 then vmax = math.max(vmax, r.interval.p95) end
    if r.cloud and r.cloud.usd_per_eflop then vmax = math.max(vmax, r.cloud.usd_per_eflop) end
  end
  return vmax, share
end

-- Legend rows: the components (a small one says how small); the interval and the cloud.
local function legend_rows(results, share, work)
  local entries, marks = {}, {}
  for _, k in ipairs(report.COMPONENTS) do
    local s = share[k] or 0
    local label = k
    if s < 0.01 then label = k .. (s == 0 and " (zero)" or " (<1%)") end
    entries[#entries + 1] = { label = label, fill = palette.COLORS[k] }
  end
  local any_iv, any_cloud = false, false
  for _, r in ipairs(results) do
    any_iv = any_iv or (r.interval and r.interval.p05 and r.interval.p95) and true
    any_cloud = any_cloud or (r.cloud and r.cloud.usd_per_eflop) and true
  end
  if any_iv then marks[#marks + 1] = { label = "90% interval of the cost (p05 to p95), dot at the median",
    kind = "interval" } end
  if any_cloud then marks[#marks + 1] = { label = "cloud rental for the same " .. (work or "FLOP"), kind = "diamond" } end
  return { entries, marks }
end

--- The footnote for rows under an export ban: the premium their cost assumes (or nil).
function M.ban_note(results)
  local lo, hi
  for _, r in ipairs(results) do
    local _, banned, premium = M.access_label(r)
    if banned and premium then lo, hi = math.min(lo or premium, premium), math.max(hi or premium, premium) end
  end
  if not lo then return nil end
  local pct = function(p) return ("%d%%"):format(math.floor(p * 100 + 0.5)) end
  return ("* export ban: export rules deny these chips to the region; their cost assumes a grey-market "
    .. "price %s above list."):format(lo == hi and pct(lo) or (pct(lo) .. " to " .. pct(hi)))
end

-- Widths of the text columns left of the bars and of the values right of them.
local function columns(results, groups, label_key)
  local name_w, access_w, value_w = 0, 0, 0
  for _, r in ipairs(results) do
    name_w = math.max(name_w, text_w(r[label_key] or r.region, TICK_SIZE))
    access_w = math.max(access_w, text_w(M.access_label(r) or "", TICK_SIZE) * 1.08) -- bold
    value_w = math.max(value_w, text_w(report.usd(r.usd_per_eflop), TICK_SIZE))
    if r.cloud and r.cloud.usd_per_eflop then
      value_w = math.max(value_w, 10 + text_w("cloud " .. report.usd(r.cloud.usd_per_eflop), TICK_SIZE))
    end
  end
  for _, g in ipairs(groups) do name_w = math.max(name_w, text_w(g.key, FONT) * 1.08 - 18) end
  return name_w, access_w, value_w
end

local function has_interval(r) return r.interval and r.interval.p05 and r.interval.p95 and true or false end
local function has_cloud(r) return r.cloud and r.cloud.usd_per_eflop and true or false end
-- The y (from the row's top) of the interval lane and of the cloud lane, and the row's height.
local function lanes(r)
  local y = BAR_CY + BAR_H / 2 + LANE / 2 -- the first lane's centre: 18
  local iv_y, cloud_y = nil, nil
  if has_interval(r) then iv_y, y = y, y + LANE end
  if has_cloud(r) then cloud_y, y = y, y + LANE end
  return iv_y, cloud_y, y - LANE / 2 + PAD
end
local function row_height(r) return select(3, lanes(r)) end

-- Title, subtitle and legend; -> the y where the top axis labels go.
local function draw_header(svg, W, title, subtitle, legend)
  axes.draw_title_left(svg, 12, title, W - 12)
  local y = 44
  for _, line in ipairs(axes.wrap(subtitle, math.floor((W - 24) / (FONT * svgw.CHAR_W)))) do
    svg:text(12, y, line, { size = FONT, fill = "#333", class = "subtitle" })
    y = y + 17
  end
  local bottom = axes.legend_grid(svg, 18, y + 8, legend, W - 30)
  return bottom + 14
end

-- The grid and the dollar axis, at the top (under the legend) and the bottom.
local function draw_axes(svg, f, ticks, fmt, unit)
  for _, tick in ipairs(ticks) do
    local x = f.xs(tick)
    svg:line(x, f.y0, x, f.y0 + f.h, "#e3e3e3", 1)
    svg:line(x, f.y0 + f.h, x, f.y0 + f.h + 4, "#333", 1)
    svg:text(x, f.y0 + f.h + 6 + TICK_SIZE, fmt(tick), { anchor = "middle", size = TICK_SIZE, fill = "#333",
      class = "tick" })
    svg:text(x, f.y0 - 6, fmt(tick), { anchor = "middle", size = TICK_SIZE, fill = "#333", class = "tick-top" })
  end
  svg:line(f.x0, f.y0 + f.h, f.x0 + f.w, f.y0 + f.h, "#333", 1)
  svg:line(f.x0, f.y0, f.x0, f.y0 + f.h, "#333", 1)
  svg:text(f.x0 + f.w / 2, f.y0 + f.h + 2 * TICK_SIZE + 14, unit,
    { anchor = "middle", size = FONT, fill = "#222" })
end

-- The stacked bar of one row and its value just past its end.
local function draw_bar(svg, f, r, top, index, name)
  local cy = top + BAR_CY
  local scale = f.w / (f.xmax - f.xmin)
  svg:raw(string.format('<g class="bar" data-index="%d">', index))
  local cum, slivers = 0, {}
  for _, k in ipairs(report.COMPONENTS) do
    local v = r.breakdown[k] or 0
    if v > 0 then
      local share = r.usd_per_eflop > 0 and 100 * v / r.usd_per_eflop or 0
      local tip = "<title>" .. esc(("%s: %s %s (%s)"):format(name, k, report.usd(v), report.pct(share))) .. "</title>"
      svg:el("rect", { "class", "seg", "data-component", k, "data-value", json.number_string(v),
        "x", f.xs(cum), "y", cy - BAR_H / 2, "width", v * scale, "height", BAR_H, "fill", palette.COLORS[k] }, tip)
      if v * scale < MIN_SEG_PX then slivers[#slivers + 1] = { k = k, x = f.xs(cum), tip = tip } end
      cum = cum + v
    end
  end
  for _, s in ipairs(slivers) do
    svg:el("rect", { "class", "sliver", "data-component", s.k, "x", s.x, "y", cy - BAR_H / 2,
      "width", MIN_SEG_PX, "height", BAR_H, "fill", palette.COLORS[s.k] }, s.tip)
  end
  svg:raw("</g>")
  local x_end = f.xs(math.max(cum, r.usd_per_eflop))
  svg:text(x_end + 5, cy + TICK_SIZE * 0.35, report.usd(r.usd_per_eflop),
    { size = TICK_SIZE, fill = "#222", class = "total" })
end

-- The 90 % interval in its lane under the bar, end caps and a dot at the median.
local function draw_interval(svg, f, iv, y, index, name)
  local x1, x2 = f.xs(iv.p05), f.xs(iv.p95)
  local seg = '<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="#222" stroke-width="1.5"/>'
  local body = seg:format(num(x1), num(y), num(x2), num(y)) .. seg:format(num(x1), num(y - 4), num(x1), num(y + 4))
    .. seg:format(num(x2), num(y - 4), num(x2), num(y + 4))
  if iv.p50 then body = body .. ('<circle cx="%s" cy="%s" r="2.5" fill="#222"/>'):format(num(f.xs(iv.p50)), num(y)) end
  local tip = ("%s: 90%% interval %s to %s"):format(name, report.usd(iv.p05), report.usd(iv.p95))
    .. (iv.p50 and (", median " .. report.usd(iv.p50)) or "")
  svg:el("g", { "class", "whisker", "data-p05", json.number_string(iv.p05), "data-p95", json.number_string(iv.p95),
    "data-p50", iv.p50 and json.number_string(iv.p50) or nil, "data-index", index },
    body .. "<title>" .. esc(tip) .. "</title>")
end

-- The cloud rental's cost as a diamond in its own lane, with its value.
local function draw_cloud(svg, f, r, y, name)
  local v = r.cloud.usd_per_eflop
  local x = f.xs(v)
  svg:el("path", { "class", "cloud", "data-value", json.number_string(v),
    "d", string.format("M%s %sl5 5l-5 5l-5 -5z", num(x), num(y - 5)), "fill", "#ffffff", "stroke", "#000",
    "stroke-width", 1.5 }, "<title>" .. esc(("%s: cloud rental %s"):format(name, report.usd(v))) .. "</title>")
  svg:text(x + 9, y + TICK_SIZE * 0.35, "cloud " .. report.usd(v), { size = TICK_SIZE, fill = "#222",
    class = "cloud-value" })
end

-- The labels left of a row: its name, and its access (an export ban in bold).
local function draw_row_labels(svg, f, r, top, label_key)
  local cy = top + BAR_CY
  svg:text(30, cy + TICK_SIZE * 0.35, r[label_key] or r.region, { size = TICK_SIZE, fill = "#222", class = "ylabel" })
  local access, banned = M.access_label(r)
  if access then
    svg:text(f.x0 - 10, cy + TICK_SIZE * 0.35, access, { anchor = "end", size = TICK_SIZE,
      weight = banned and "bold" or nil, fill = banned and "#000" or "#555", class = "access" })
  end
end

local function draw_rows(svg, f, groups, label_key)
  local y, index = f.y0, 0
  for _, g in ipairs(groups) do
    svg:text(12, y + HEAD - 7, g.key, { size = FONT, weight = "bold", fill = "#111", class = "group" })
    y = y + HEAD
    for _, r in ipairs(g.rows) do
      index = index + 1
      local name = (r.region_label or r.region) .. ", " .. r.mix
      draw_row_labels(svg, f, r, y, label_key)
      draw_bar(svg, f, r, y, index, name)
      local iv_y, cloud_y, height = lanes(r)
      if iv_y then draw_interval(svg, f, r.interval, y + iv_y, index, name) end
      if cloud_y then draw_cloud(svg, f, r, y + cloud_y, name) end
      y = y + height
    end
  end
end

--- plot.compare(results [, opts]) -> svg
--- The main chart of `flopcost compare`: one horizontal bar per result, the
-- cost components stacked left to right (report.COMPONENTS order), results
-- grouped under a heading per chip mix (opts.group = "region" groups by
-- region). Under a bar with r.interval = {p05=, p50=, p95=}: its interval
-- (class "whisker", end caps, a dot at p50); under a result with a cloud
-- price: a diamond at it (class "cloud") and its value (class "cloud-value").
-- The access of the chips in the region is written beside the region ("export
-- ban*" in bold, explained in a footnote).
-- opts: title (default names the scenario), subtitle, provenance (see
-- flopcost.plot.provenance; the footer), as_of (the catalog date when
-- provenance has none), source (an extra first footer line), width (1000),
-- labels ("id" default: region ids, "label": region labels), unit (the axis:
-- "USD per 1e18 useful training FLOP" default; plot/inference.lua charts
-- $ per million tokens), work (what the cloud diamond buys: "FLOP" default).
-- @tparam {table,...} results results of s:evaluate() or a compare grid's rows, with interval
-- {p05, p50, p95} [USD per 1e18 FLOP]
-- @tparam[opt] table opts title, subtitle, provenance, width [px], group ("mix" or "region"), unit,
-- labels [text]
-- @treturn string the SVG [svg]
-- @raise "flopcost.plot.compare: argument 'results': field '[1]': result table expected, got 1"
-- @usage fc.plot.compare({fc.scenario{region = "us-va", chip = "H100-SXM"}:evaluate()})  --> "<?xml..."
function M.compare(results, opts)
  local fn = "compare"
  results, opts = require("flopcost.plot.inference").as_mtok(results, opts) -- serving results: in $/Mtok
  opts = check_opts(fn, opts)
  check_size(fn, opts)
  results = report._check_results("flopcost.plot." .. fn, results)
  local vmax, share = extent(fn, results)
  local ticks, _, decimals = tk.nice_ticks(0, vmax > 0 and vmax or 1, opts.ticks or 8)
  local fmt = tk.formatter(ticks, decimals, "usd")
  local groups = M._groups_of(results, opts.group or "mix")
  local label_key = opts.group == "region" and "mix" or (opts.labels == "label" and "region_label" or "region")
  local prov = opts.provenance or {}
  if prov.catalog_as_of == nil and opts.as_of then
    prov = setmetatable({ catalog_as_of = opts.as_of }, { __index = prov })
  end
  local scenario = prov_mod.normalize(prov).scenario
  local as_of = prov_mod.normalize(prov).catalog_as_of

  local W = opts.width or 1000
  local name_w, access_w, value_w = columns(results, groups, label_key)
  local left = 12 + 18 + name_w + 10 + access_w + 12
  local right = value_w + 16
  local title = opts.title or ("Cost per 1e18 training FLOP by chip mix and region: " .. scenario)
  local unit = opts.unit or "USD per 1e18 useful training FLOP"
  local subtitle = opts.subtitle or ("Bars: point estimates in " .. unit .. " (nominal USD, "
    .. "catalog prices as of " .. as_of .. ").")
  local svg = new_svg(W, 0)
  local top = draw_header(svg, W, title, subtitle, legend_rows(results, share, opts.work)) + TICK_SIZE + 8
  local body_h = #groups * HEAD
  for _, r in ipairs(results) do body_h = body_h + row_height(r) end
  local foot = {}
  if opts.source then foot[1] = opts.source end
  for _, line in ipairs(axes.footer_lines(prov, W - 24)) do foot[#foot + 1] = line end
  local note = M.ban_note(results)
  if note then for _, line in ipairs(axes.wrap(note, math.floor((W - 24) / (10 * svgw.CHAR_W)))) do
    foot[#foot + 1] = line
  end end
  local f = axes.frame_scales { x0 = left, y0 = top, w = W - left - right, h = body_h,
    xmin = ticks[1], xmax = ticks[#ticks], ymin = 0, ymax = 1 }
  svg.h = top + body_h + 44 + #foot * axes.FOOTER_ROW + 12
  svg:raw(f.rect)
  draw_axes(svg, f, ticks, fmt, unit)
  draw_rows(svg, f, groups, label_key)
  axes.draw_footer(svg, 12, f.y0 + f.h + 58, foot)
  return svg:finish(title)
end

return M
