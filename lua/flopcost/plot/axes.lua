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

-- The title centred on cx, its font shrunk (down to 11 px) rather than run past the edges.
function M.draw_title(svg, title, cx)
  if not title then return end
  local size = math.max(11, math.min(TITLE_FONT, (2 * cx - 16) / ((utf8.len(title) or #title) * CHAR_W)))
  svg:text(cx, 24, title, { anchor = "middle", size = size, weight = "bold", fill = "#111", class = "title" })
end

-- A title from the left edge at x, its font shrunk (down to 11 px) to end before max_x.
function M.draw_title_left(svg, x, title, max_x)
  local size = math.max(11, math.min(TITLE_FONT, (max_x - x) / ((utf8.len(title) or #title) * CHAR_W)))
  svg:text(x, 24, title, { size = size, weight = "bold", fill = "#111", class = "title" })
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

-- {===================================================================
-- A legend in one or more rows on a fixed grid: every entry takes the width
-- of the widest, so the gaps between entries are equal whatever the glyphs.
-- entries: { {label=, fill=} (a swatch), {label=, kind="interval"} (a rule
-- with end caps), {label=, kind="diamond"}, {label=, stroke=, dash=} (a line) }

local SWATCH, GAP = 22, 18 -- symbol + space before the text; space after an entry

local function draw_symbol(svg, x, cy, e)
  if e.fill then
    svg:el("rect", { "x", x, "y", cy - 6, "width", 12, "height", 12, "fill", e.fill, "class", "legend-swatch" })
  elseif e.kind == "interval" then
    svg:line(x - 2, cy, x + 16, cy, "#222", 1.5, { "class", "legend-swatch" })
    svg:line(x - 2, cy - 4, x - 2, cy + 4, "#222", 1.5)
    svg:line(x + 16, cy - 4, x + 16, cy + 4, "#222", 1.5)
  elseif e.kind == "diamond" then
    svg:el("path", { "class", "legend-swatch", "d", string.format("M%s %sl5 5l-5 5l-5 -5z", num(x + 6), num(cy - 5)),
      "fill", "#ffffff", "stroke", "#000", "stroke-width", 1.5 })
  else
    svg:line(x - 2, cy, x + 16, cy, e.stroke, e.width or 2, { "stroke-dasharray", e.dash, "class", "legend-swatch" })
  end
end

--- legend_grid(svg, x, y, rows, max_w [, size]) -> y below the last row.
-- rows: a list of entry lists; each is laid on its own grid (wrapped when it
-- does not fit max_w), the cell of every entry as wide as the row's widest.
function M.legend_grid(svg, x, y, rows, max_w, size)
  size = size or TICK_SIZE
  local row_h = size + 8
  for _, entries in ipairs(rows) do
    local cell = 0
    for _, e in ipairs(entries) do cell = math.max(cell, SWATCH + text_w(e.label, size) + GAP) end
    local per_row = math.max(1, math.floor(max_w / cell))
    for i, e in ipairs(entries) do
      local col, line = (i - 1) % per_row, (i - 1) // per_row
      local ex, cy = x + col * cell, y + line * row_h
      draw_symbol(svg, ex, cy, e)
      svg:text(ex + SWATCH, cy + size * 0.35, e.label, { size = size, fill = "#222", class = "legend" })
    end
    y = y + math.ceil(#entries / per_row) * row_h
  end
  return y
end

-- Footer lines (plot.provenance) from (x, y) down, 14 px apart, class "source".
M.FOOTER_SIZE, M.FOOTER_ROW = 10, 14
function M.footer_lines(prov, width)
  return require("flopcost.plot.provenance").lines(prov, math.max(1, math.floor(width / (M.FOOTER_SIZE * CHAR_W))))
end
function M.draw_footer(svg, x, y, lines)
  for i, line in ipairs(lines) do
    svg:text(x, y + (i - 1) * M.FOOTER_ROW, line, { size = M.FOOTER_SIZE, fill = "#444", class = "source" })
  end
end
--- footer(svg, y, prov [, extra]) : extra lines, then the provenance lines, from
-- baseline y down; the SVG grows to hold them.
function M.footer(svg, y, prov, extra)
  local lines = {}
  for _, l in ipairs(extra or {}) do lines[#lines + 1] = l end
  for _, l in ipairs(M.footer_lines(prov, svg.w - 24)) do lines[#lines + 1] = l end
  M.draw_footer(svg, 12, y, lines)
  svg.h = y + (#lines - 1) * M.FOOTER_ROW + 8
end
-- }===================================================================

return M
