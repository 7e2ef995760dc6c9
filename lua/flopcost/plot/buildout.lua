--- flopcost.plot.buildout: the timeline of a build-out (fc.buildout.plan):
-- construction spend (cumulative), the wait for equipment and the grid,
-- bridge power, and chips idle before power, month by month from the decision.
local palette = require "flopcost.plot.palette"
local args = require "flopcost.plot.args"
local svgw = require "flopcost.plot.svg"
local axes = require "flopcost.plot.axes"

local M = {}
local P = palette.PALETTE

-- "2026-01" + m months
local function month_label(start, m)
  local y, mo = start:match("^(%d%d%d%d)%-(%d%d)$")
  local t = tonumber(y) * 12 + tonumber(mo) - 1 + m
  return ("%04d-%02d"):format(t // 12, t % 12 + 1)
end

local function lanes(p)
  local construction = #p.spend_usd
  local rows = {
    { label = "construction spend", from = 0, to = construction, fill = P.orange },
    { label = "waiting for power (" .. p.waiting_on .. ")", from = construction, to = p.energized_months,
      fill = P.grey },
    { label = "bridge power on site", from = p.energized_months, to = p.energized_months + p.bridge_run_months,
      fill = P.vermillion },
    { label = "grid power", from = p.grid_months, to = p.grid_months + 12, fill = P.blue, open = true },
    { label = "chips idle (bought at the start)", from = 0, to = p.idle_chip_months, fill = P.purple },
  }
  return rows
end

--- plot.buildout(plan [, opts]) -> svg: a build-out's timeline from the decision to power (the
-- grid wait, construction, the bridge) and its costs.
-- @tparam table p the plan: the result of fc.buildout.plan [plan]
-- @tparam[opt] table opts title [text]; provenance (plot.provenance: the footer) [table]; width (820) [px]
-- @treturn string the chart [SVG]
-- @raise "flopcost.plot.buildout: field 'plan': result of fc.buildout.plan expected, got 1"
-- @usage fc.plot.buildout(fc.buildout.plan{region = "us-va", it_mw = 100, start = "2026-01", chip = "B200"})
--   --> "<?xml..."
function M.buildout(p, opts)
  local fn = "buildout"
  opts = args.check_opts(fn, opts)
  if type(p) ~= "table" or type(p.spend_usd) ~= "table" or type(p.energized_months) ~= "number" then
    args.fail(fn, "plan", "result of fc.buildout.plan", p)
  end
  local W = opts.width or 820
  local rows = lanes(p)
  local left, right, top, row_h = 230, 30, 70, 30
  local H = top + #rows * row_h + 50
  local span = math.max(p.grid_months + 12, #p.spend_usd + 6)
  local f = axes.frame_scales { x0 = left, y0 = top, w = W - left - right, h = #rows * row_h,
    xmin = 0, xmax = span, ymin = 0, ymax = #rows }
  local svg = svgw.new_svg(W, H)
  svg:raw(f.rect)
  axes.draw_title(svg, opts.title, W / 2)
  svg:text(W / 2, 44, ("%s, %g MW of IT, %s; power at month %g (%s), grid at %g (%s)"):format(p.region, p.it_mw,
    p.chip, p.energized_months, p.energized, p.grid_months, p.grid), { anchor = "middle", size = 12, fill = "#444" })
  local ticks = {}
  for m = 0, span, span > 48 and 12 or 6 do ticks[#ticks + 1] = m end
  axes.draw_x_axis(svg, f, ticks, function(m) return month_label(p.start, m) end, "month (from the decision)", true)
  for i, r in ipairs(rows) do
    local y = top + (i - 1) * row_h
    svg:text(left - 8, y + row_h / 2 + 4, r.label, { anchor = "end", size = 12, fill = "#222" })
    if r.to > r.from then
      svg:el("rect", { "class", "lane", "data-lane", r.label, "data-from", r.from, "data-to", r.to,
        "x", f.xs(r.from), "y", y + 6, "width", f.xs(r.to) - f.xs(r.from), "height", row_h - 12,
        "fill", r.fill, "fill-opacity", r.open and 0.35 or 0.85 })
    end
  end
  -- energization: one line through every lane
  local xe = f.xs(p.energized_months)
  svg:line(xe, top - 4, xe, top + #rows * row_h, "#000", 1.5, { "stroke-dasharray", "4,3", "class", "energized" })
  svg:text(xe, top - 8, "power", { anchor = "middle", size = 11, fill = "#000" })
  axes.footer(svg, H + 2, opts.provenance)
  return svg:finish(opts.title)
end

return M
