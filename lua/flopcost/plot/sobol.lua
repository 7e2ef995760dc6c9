--- flopcost.plot.sobol: Sobol first-order and total indices.
local json = require "flopcost.json"
local tk = require "flopcost.plot.ticks"
local palette = require "flopcost.plot.palette"
local names = require "flopcost.plot.labels"
local args = require "flopcost.plot.args"
local svgw = require "flopcost.plot.svg"
local axes = require "flopcost.plot.axes"

local M = {}
local fail = args.fail
local finite = args.finite
local check_opts = args.check_opts
local check_size = args.check_size
local esc = svgw.escape
local num = svgw.num
local text_w = svgw.text_w
local new_svg = svgw.new_svg
local FONT = axes.FONT
local frame_scales = axes.frame_scales
local draw_x_axis = axes.draw_x_axis
local P = palette.PALETTE

-- ===================================================================
-- Sobol indices: first-order and total, with their intervals
-- ===================================================================

local ROW, BAR = 34, 11

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

-- A value on the axis, which runs from 0 to 1 (a share of variance lies
-- there; estimates and bootstrap bounds may fall outside, by sampling noise).
local function clip01(v) return math.max(0, math.min(1, v)) end

-- One index: its bar from 0 (clipped to the axis), its value, and its interval
-- (a cap where it ends on the axis, an open end where it was clipped).
local function draw_index(svg, f, label, kind, v, wl, wh, by)
  local x0, x1 = f.xs(0), f.xs(clip01(v))
  svg:el("rect", { "class", "sobol-" .. kind, "data-value", json.number_string(v),
    "x", x0, "y", by, "width", x1 - x0, "height", BAR, "fill", kind == "first" and P.blue or P.orange },
    "<title>" .. esc(("%s: %s index %.3f"):format(label, kind, v)) .. "</title>")
  local right_end = x1
  if wl and wh then
    local cy, a, b = by + BAR / 2, f.xs(clip01(wl)), f.xs(clip01(wh))
    local seg = '<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="#222" stroke-width="1.2"/>'
    local body = seg:format(num(a), num(cy), num(b), num(cy))
    if wl >= 0 then body = body .. seg:format(num(a), num(cy - 4), num(a), num(cy + 4)) end
    if wh <= 1 then body = body .. seg:format(num(b), num(cy - 4), num(b), num(cy + 4)) end
    svg:el("g", { "class", "whisker", "data-lo", json.number_string(wl), "data-hi", json.number_string(wh),
      "data-clipped", (wl < 0 or wh > 1) and "true" or nil }, body)
    right_end = math.max(right_end, b)
  end
  svg:text(right_end + 5, by + BAR / 2 + 3.5, ("%.2f"):format(v), { size = 10, fill = "#333", class = "sobol-value" })
end

-- The header: title, then the two legend entries on one even grid.
local function draw_header(svg, title, W)
  axes.draw_title_left(svg, 16, title, W - 12)
  axes.legend_grid(svg, 24, 52, { { { label = "first-order index (the input alone)", fill = P.blue },
    { label = "total index (with its interactions)", fill = P.orange } } }, W - 40, FONT)
end

--- plot.sobol(result [, opts]) -> svg
-- result: fc.sensitivity.sobol's result (its :rows(), sorted by total index)
-- or such rows {name, first, total, first_lo, first_hi, total_lo, total_hi}.
-- Per input a pair of horizontal bars, first-order (blue, class "sobol-first")
-- and total (orange, class "sobol-total"), each with its value and a whisker
-- over its interval (class "whisker", data-lo/data-hi) when the row has one;
-- readable labels (plot.field_label; opts.members names the chips of "field[i]").
-- The axis runs from 0 to 1, the range of a share of variance: an estimate
-- or bound outside it (sampling noise) is drawn at the axis' end, the whisker
-- left open there (data-clipped="true"), and the footer says so.
-- opts: title ("Sobol indices of <output>"), note (default: N, seed and the
-- interval level of the result), width (800), provenance (the footer).
-- @tparam table result fc.sensitivity.sobol's result, or rows {name, first, total, ...} [share of
-- variance]
-- @tparam[opt] table opts title, width [px], members, note, provenance [text]
-- @treturn string the SVG [svg]
-- @raise "flopcost.plot.sobol: argument 'result': sensitivity result or non-empty array of rows
-- expected, got 1"
-- @usage fc.plot.sobol{{name = "pue", first = 0.2, total = 0.3}}   --> "<?xml..."
function M.sobol(result, opts)
  local fn = "sobol"
  opts = check_opts(fn, opts)
  check_size(fn, opts)
  local rows = sobol_rows(fn, result)
  local res = type(result.rows) == "function" and result or {}
  local clipped = false
  for _, r in ipairs(rows) do
    for _, k in ipairs { "first", "total", "first_lo", "first_hi", "total_lo", "total_hi" } do
      if r[k] and (r[k] < 0 or r[k] > 1) then clipped = true end
    end
  end
  local ticks, _, decimals = tk.nice_ticks(0, 1, 6)
  local fmt = tk.formatter(ticks, decimals, nil)
  local labels, name_w = {}, 0
  for i, r in ipairs(rows) do
    labels[i] = names.field_label(r.name, nil, nil, opts.members)
    name_w = math.max(name_w, text_w(labels[i], FONT))
  end
  local W = opts.width or math.max(800, name_w + 460)
  local left, right, top = 16 + name_w + 14, 60, 84
  local note = opts.note or (res.samples and ("N = %d base samples (%s evaluations), seed %s; bars: the point "
    .. "estimates, whiskers: %d%% bootstrap intervals"):format(res.samples, tostring(res.evaluations or "?"),
    tostring(res.seed),
    math.floor((res.level or 0.95) * 100 + 0.5)))
  if clipped then
    note = (note and (note .. ". ") or "") .. "Estimates and bounds outside 0..1 (sampling noise) are drawn at "
      .. "the axis' end, the whisker left open"
  end
  local f = frame_scales { x0 = left, y0 = top, w = W - left - right, h = #rows * ROW,
    xmin = 0, xmax = 1, ymin = 0, ymax = 1 }
  local svg = new_svg(W, 0)
  svg:raw(f.rect)
  local prov = opts.provenance or require("flopcost.plot.provenance").from_mc(res)
  local scenario = require("flopcost.plot.provenance").normalize(prov).scenario
  local title = opts.title or ("Sobol indices of " .. (names.OUTPUT_LABELS[res.output] or res.output or "the output")
    .. ": " .. scenario)
  draw_header(svg, title, W)
  draw_x_axis(svg, f, ticks, fmt, "share of the output's variance", true)
  svg:line(f.xs(0), f.y0, f.xs(0), f.y0 + f.h, "#333", 1)
  for i, r in ipairs(rows) do
    local y = f.y0 + (i - 1) * ROW
    svg:text(16, y + ROW / 2 + FONT * 0.35, labels[i], { size = FONT, fill = "#222", class = "sobol-label" })
    for j, kind in ipairs { "first", "total" } do
      draw_index(svg, f, labels[i], kind, r[kind], r[kind .. "_lo"], r[kind .. "_hi"], y + 5 + (j - 1) * (BAR + 2))
    end
  end
  local foot = note and axes.wrap(note, math.floor((W - 24) / (10 * svgw.CHAR_W))) or {}
  for _, line in ipairs(axes.footer_lines(prov, W - 24)) do foot[#foot + 1] = line end
  axes.draw_footer(svg, 16, f.y0 + f.h + 60, foot)
  svg.h = f.y0 + f.h + 60 + #foot * axes.FOOTER_ROW
  return svg:finish(title)
end

return M
