--- flopcost.plot.svg: the SVG writer (hand-written XML, no dependencies).
local M = {}

local XML_ESC = { ["&"] = "&amp;", ["<"] = "&lt;", [">"] = "&gt;", ['"'] = "&quot;", ["'"] = "&apos;" }

--- Escapes text for XML character data and attribute values. Control
-- characters other than tab/newline are not allowed in XML 1.0: dropped.
-- @tparam string s the text (a number is written as tostring writes it) [text]
-- @treturn string the escaped text [XML]
-- @raise none: any value is written as tostring writes it
-- @usage require("flopcost.plot.svg").escape("a<b & c")  --> "a&lt;b &amp; c"
function M.escape(s)
  s = tostring(s):gsub("[%z\1-\8\11\12\14-\31]", "")
  return (s:gsub("[&<>\"']", XML_ESC))
end
local esc = M.escape

-- Coordinates: 10 significant digits (bar heights keep ~1e-10 relative precision).
function M.num(x)
  if x == 0 then return "0" end
  local s = string.format("%.10g", x)
  if s:find("e") then s = string.format("%.6f", x) end
  return s
end

M.CHAR_W = 0.64 -- glyph width / font size: DejaVu Sans digits are 0.636 em, lower case ~0.6 (Arial is narrower)
function M.text_w(s, size) return (utf8.len(s) or #s) * size * M.CHAR_W end

local Svg = {}
Svg.__index = Svg

function M.new_svg(w, h)
  return setmetatable({ w = w, h = h, out = {} }, Svg)
end

-- attrs: a flat list {name, value, name, value, ...} so attribute order is fixed.
function Svg:el(name, attrs, body)
  local parts = { "<", name }
  for i = 1, #attrs, 2 do
    local v = attrs[i + 1]
    if v ~= nil then
      parts[#parts + 1] = " " .. attrs[i] .. '="' .. (type(v) == "number" and M.num(v) or esc(v)) .. '"'
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
    "transform", o.rotate and string.format("rotate(%s %s %s)", M.num(o.rotate), M.num(x), M.num(y)) or nil,
    "class", o.class }, esc(s))
end

function Svg:finish(title)
  local head = string.format(
    '<?xml version="1.0" encoding="UTF-8"?>\n' ..
    '<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="%s" height="%s" viewBox="0 0 %s %s" ' ..
    'font-family="DejaVu Sans, Arial, Helvetica, sans-serif" font-size="12">\n',
    M.num(self.w), M.num(self.h), M.num(self.w), M.num(self.h))
  local t = title and ("<title>" .. esc(title) .. "</title>\n") or ""
  return head .. t .. '<rect x="0" y="0" width="' .. M.num(self.w) .. '" height="' .. M.num(self.h) ..
    '" fill="#ffffff"/>\n' .. table.concat(self.out, "\n") .. "\n</svg>\n"
end

return M
