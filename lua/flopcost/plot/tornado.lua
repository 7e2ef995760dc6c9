--- flopcost.plot.tornado: the tornado chart of one-at-a-time sensitivity.
local report = require "flopcost.report"
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
local text_w = svgw.text_w
local new_svg = svgw.new_svg
local TICK_SIZE = axes.TICK_SIZE
local FONT = axes.FONT
local frame_scales = axes.frame_scales
local draw_x_axis = axes.draw_x_axis
local draw_legend = axes.draw_legend
local draw_title = axes.draw_title
local P = palette.PALETTE

-- ===================================================================
-- Tornado: one-at-a-time sensitivity
-- ===================================================================

--- plot.tornado(rows [, opts]) -> svg
-- rows: { {name=, low=, high=, base=}, ... }: the output (e.g. $/EFLOP) with the
-- input at its low and at its high end, and at base. Sorted by swing
-- |high - low|, widest on top. Rows are labelled readably (plot.field_label:
-- "electricity price ($0.0700/kWh to $0.120/kWh)" from name, input_low and
-- input_high; row.label overrides; opts.members names the chips of "field[i]"). opts: title, xlabel, xkind ("usd" default,
-- "pct", or "number"), width (720), low_label / high_label (legend text),
-- provenance (the footer: flopcost.plot.provenance), base_label (the base line's label:
-- "base (every input at its median)" as fc.montecarlo's tornado computes it).
-- @tparam {table,...} rows {name =, low =, high =, base =} (r:tornado()) [units of the output]
-- @tparam[opt] table opts title, xlabel, xkind, width [px], low_label, high_label, base_label,
-- provenance [text]
-- @treturn string the SVG [svg]
-- @raise "flopcost.plot.tornado: argument 'rows': non-empty array of rows expected, got table"
-- @usage fc.plot.tornado{{name = "pue", low = 1.7, high = 1.9, base = 1.78}}   --> "<?xml..."
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
  local sorted = names.tornado_rows(rows, opts.members)
  local kind = opts.xkind or "usd"
  if kind == "number" then kind = nil end
  local valfmt = kind == "usd" and report.usd or (kind == "pct" and function(v) return report.pct(100 * v) end)
    or report.qty
  local xt, _, xd = tk.nice_ticks(lo, hi, opts.ticks or 6)
  local xfmt = tk.formatter(xt, xd, kind)
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
  -- the base is every input at its median (fc_mc_tornado), not the point estimate: say so
  svg:text(bx, f.y0 - 8, (opts.base_label or "base (every input at its median)") .. " " .. valfmt(base),
    { anchor = "middle", size = TICK_SIZE, fill = "#222", class = "base-label" })
  axes.footer(svg, H + 2, opts.provenance)
  return svg:finish(opts.title)
end

return M
