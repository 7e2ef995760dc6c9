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
local TITLE_FONT = axes.TITLE_FONT
local frame_scales = axes.frame_scales
local draw_x_axis = axes.draw_x_axis
local legend_width = axes.legend_width
local draw_legend = axes.draw_legend
local P = palette.PALETTE

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
  local ticks, step, decimals = tk.nice_ticks(0, hi, 6)
  while ticks[1] > lo do table.insert(ticks, 1, ticks[1] - step) end
  local fmt = tk.formatter(ticks, decimals, nil)
  local labels, name_w = {}, 0
  for i, r in ipairs(rows) do
    labels[i] = names.field_label(r.name, nil, nil, opts.members)
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
  local title = opts.title or ("Sobol indices of " .. (names.OUTPUT_LABELS[res.output] or res.output or "the output"))
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

return M
