--- flopcost.plot.axes: plot frames, axes, legends, titles and word wrap.
local svgw = require "flopcost.plot.svg"

local M = {}
local text_w, CHAR_W, num = svgw.text_w, svgw.CHAR_W, svgw.num

-- ===================================================================
-- Frames, axes, legends
-- ===================================================================

M.TICK_SIZE, M.FONT, M.TITLE_FONT = 11, 12, 15
local TICK_SIZE, FONT, TITLE_FONT = M.TICK_SIZE, M.FONT, M.TITLE_FONT

function M.frame_scales(f)
  -- the plot area, for readers of the SVG (and the specs): an invisible rect
  f.rect = string.format('<rect class="frame" x="%s" y="%s" width="%s" height="%s" fill="none"/>',
    num(f.x0), num(f.y0), num(f.w), num(f.h))
  f.xs = function(v) return f.x0 + (v - f.xmin) / (f.xmax - f.xmin) * f.w end
  f.ys = function(v) return f.y0 + f.h - (v - f.ymin) / (f.ymax - f.ymin) * f.h end
  return f
end

function M.y_tick_width(labels)
  local w = 0
  for _, s in ipairs(labels) do w = math.max(w, text_w(s, TICK_SIZE)) end
  return w
end

function M.draw_y_axis(svg, f, ticks, fmt, label)
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

function M.draw_x_axis(svg, f, ticks, fmt, label, grid)
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
function M.legend_width(entries)
  local w = 0
  for _, e in ipairs(entries) do w = math.max(w, text_w(e.label, FONT)) end
  return w + 36
end

function M.draw_legend(svg, x, y, entries)
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

function M.draw_title(svg, title, cx)
  if title then svg:text(cx, 24, title, { anchor = "middle", size = TITLE_FONT, weight = "bold", fill = "#111" }) end
end

-- Greedy word wrap to at most max_chars per line.
function M.wrap(s, max_chars)
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

return M
