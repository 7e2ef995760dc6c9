--- flopcost.report.format: numbers as reports show them (significant digits,
-- dollars, percentages, quantities, scientific notation, integers). (internal)
local check = require "flopcost.check"
local finite = require("flopcost.report.validate").finite

local M = {}

--- x with n significant digits in fixed notation (trailing zeros kept):
-- sig(0.85, 3) = "0.850", sig(12.34, 3) = "12.3", sig(1234, 3) = "1234".
-- @tparam number x the value [any unit]
-- @tparam[opt=3] integer n significant digits, 1 to 17 [count]
-- @treturn string the digits [text]
-- @raise "flopcost.report.sig: argument 'x': finite number expected, got 'x'"
-- @usage fc.report.sig(0.85, 3)  --> "0.850"
function M.sig(x, n)
  check.arg("flopcost.report.sig", "x", x, "number")
  n = check.optional("flopcost.report.sig", "n", n, function(k) return math.type(k) == "integer" and k >= 1 and k <= 17 end,
    "integer in [1, 17]") or 3
  if x == 0 then return "0" end
  -- the exponent after rounding to n digits (9.996 -> 1.00e+01)
  local e = tonumber(string.format("%." .. (n - 1) .. "e", x):match("e([-+]%d+)$"))
  local decimals = math.max(0, n - 1 - e)
  -- below about 1e-16 fixed notation is all zeros (and past 99 decimals Lua refuses the
  -- format: a price of 1e-300 raised "invalid conversion specification: '%.307f'")
  if decimals > 20 then return string.format("%." .. (n - 1) .. "e", x) end
  return string.format("%." .. decimals .. "f", x)
end

local SUFFIXES = { { 1e12, "T" }, { 1e9, "B" }, { 1e6, "M" }, { 1e3, "k" } }

--- Money with three significant digits: "$1.23", "$0.0421", "$12.3M", "-$0.31".
-- @tparam number x the amount [USD]
-- @tparam[opt] boolean sign true writes "+" in front of positive amounts [boolean]
-- @treturn string the amount [text]
-- @raise none: a value that is not a finite number is written as tostring writes it (nan, inf)
-- @usage fc.report.usd(0.0421)  --> "$0.0421"
function M.usd(x, sign)
  if not finite(x) then return tostring(x) end
  local s = x < 0 and "-" or (sign and x > 0 and "+" or "")
  local a = math.abs(x)
  if a >= 1e15 then return s .. "$" .. string.format("%.2e", a) end
  for _, suf in ipairs(SUFFIXES) do
    -- 999.6e3 rounds to "1.00M", not "1000k"
    if a >= suf[1] * 0.9995 then return s .. "$" .. M.sig(a / suf[1], 3) .. suf[2] end
  end
  return s .. "$" .. M.sig(a, 3)
end

--- A percentage: one decimal below 10 %, whole numbers above ("62%", "4.5%").
-- @tparam number p the percentage (62 for 62 %) [percent]
-- @treturn string the percentage [text]
-- @raise none: a value that is not a finite number is written as tostring writes it (nan, inf)
-- @usage fc.report.pct(4.52)  --> "4.5%"
function M.pct(p)
  if not finite(p) then return tostring(p) end
  if math.abs(p) >= 9.95 then return string.format("%.0f%%", p) end
  return string.format("%.1f%%", p)
end

--- A plain quantity with three significant digits and k/M/B/T suffixes (scientific notation
-- from 1e15 and below 1e-3).
-- @tparam number x the quantity [any unit]
-- @treturn string the quantity [text]
-- @raise none: a value that is not a finite number is written as tostring writes it (nan, inf)
-- @usage fc.report.qty(1234567)  --> "1.23M"
function M.qty(x)
  if not finite(x) then return tostring(x) end
  local a = math.abs(x)
  if a >= 1e15 or (a > 0 and a < 1e-3) then return string.format("%.2e", x) end
  for _, suf in ipairs(SUFFIXES) do
    if a >= suf[1] * 0.9995 then return M.sig(x / suf[1], 3) .. suf[2] end
  end
  return M.sig(x, 3)
end

--- Scientific notation without "+" and leading exponent zeros: "1.15e18", "1e25".
-- @tparam number x the value [any unit]
-- @treturn string three significant digits [text]
-- @raise "flopcost.report.sci: argument 'x': number expected, got 'x'"
-- @usage fc.report.sci(1.15e18)  --> "1.15e18"
function M.sci(x)
  check.arg("flopcost.report.sci", "x", x, function(v) return math.type(v) ~= nil end, "number")
  local s = string.format("%.3g", x)
  return (s:gsub("e%+?(%-?)0*(%d)", "e%1%2"))
end

--- An integer with thousands separators: 12000 -> "12,000" (x rounded to the nearest).
-- @tparam number x the value, |x| < 2^53 [count]
-- @treturn string the integer [text]
-- @raise "flopcost.report.int: argument 'x': finite number of magnitude below 2^53 expected, got 'x'"
-- @usage fc.report.int(12000)  --> "12,000"
function M.int(x)
  check.arg("flopcost.report.int", "x", x, function(v) return math.type(v) ~= nil and math.abs(v) < 2 ^ 53 end,
    "finite number of magnitude below 2^53")
  local s = string.format("%d", math.floor(x + 0.5))
  local sign, digits = s:match("^(%-?)(%d+)$")
  digits = digits:reverse():gsub("(%d%d%d)", "%1,"):reverse():gsub("^,", "")
  return sign .. digits
end

local function width(s) return utf8.len(s) or #s end

M.width = width

return M
