--- flopcost.plot.ticks: axis ticks and their labels.
local check = require "flopcost.check"
local args = require "flopcost.plot.args"

local M = {}
local fail, finite = args.fail, args.finite

-- ===================================================================
-- Nice numbers for axis ticks.
-- Paul S. Heckbert, "Nice Numbers for Graph Labels", in A. Glassner (ed.),
-- Graphics Gems, Academic Press, 1990, pp. 61-63 (code pp. 657-659):
-- "loose labeling" -- the tick step is 1, 2 or 5 x 10^k and the axis is
-- extended outwards to whole steps, so every data value lies on the axis.
-- ===================================================================

--- Heckbert's nicenum: a "nice" number (1, 2, 5 or 10 x 10^k) near x > 0;
-- rounded when `round`, else the smallest nice number >= x.
-- @tparam number x a positive number [any unit]
-- @tparam[opt] boolean round nearest instead of the smallest >= x [boolean]
-- @treturn number the nice number [x's unit]
-- @treturn number its mantissa, 1, 2, 5 or 10 [dimensionless]
-- @treturn integer its exponent k [count]
-- @raise "flopcost.plot.nicenum: argument 'x': positive finite number expected, got -1"
-- @usage fc.plot.nicenum(1.23, false)  --> 2, 2, 0
function M.nicenum(x, round)
  check.arg("flopcost.plot.nicenum", "x", x, function(v) return finite(v) and v > 0 end, "positive finite number")
  local e = math.floor(math.log(x, 10))
  local f = x / 10.0 ^ e
  local nf
  if round then
    if f < 1.5 then nf = 1 elseif f < 3 then nf = 2 elseif f < 7 then nf = 5 else nf = 10 end
  else
    if f <= 1 then nf = 1 elseif f <= 2 then nf = 2 elseif f <= 5 then nf = 5 else nf = 10 end
  end
  if nf == 10 then nf, e = 1, e + 1 end
  return nf * 10.0 ^ e, nf, e
end

-- k x nf x 10^e computed so that decimal ticks are the nearest doubles
-- (0.6, not 0.6000000000000001): divide by an exact power of ten.
local function tick_value(k, nf, e)
  if e >= 0 then return k * nf * 10.0 ^ e end
  return (k * nf) / 10.0 ^ (-e)
end

--- plot.nice_ticks(lo, hi [, n = 5]) -> ticks, step, decimals
-- Heckbert's loose labeling with about n ticks (Graphics Gems, 1990): ticks[1] <= lo,
-- ticks[#ticks] >= hi, step = 1, 2 or 5 x 10^k; decimals is the number of
-- fractional digits to print (Heckbert's nfrac).
-- Example: (0, 1.23, 5) -> range 2, step 0.5 -> 0, 0.5, 1, 1.5;
--          (0, 1.23, 8) -> step nicenum(2/7) = 0.2 -> 0, 0.2, ..., 1.4.
-- @tparam number lo low end of the data [the axis unit]
-- @tparam number hi high end of the data [the axis unit]
-- @tparam[opt=5] integer n about how many ticks [count]
-- @treturn {number,...} the ticks [the axis unit]
-- @treturn number the step [the axis unit]
-- @treturn integer decimals to print [count]
-- @raise "flopcost.plot.nice_ticks: argument 'lo': finite number expected, got 'a'"
-- @usage fc.plot.nice_ticks(0, 1.23, 5)[4]  --> 1.5
function M.nice_ticks(lo, hi, n)
  n = n or 5
  if type(n) ~= "number" or n ~= math.floor(n) or n < 1 or n > 1000 then fail("nice_ticks", "n", "integer in [1, 1000]", n) end
  if not finite(lo) then fail("nice_ticks", "lo", "finite number", lo) end
  if not finite(hi) then fail("nice_ticks", "hi", "finite number", hi) end
  if hi < lo then lo, hi = hi, lo end
  if hi == lo then -- an empty range: widen it by a nice amount around the value
    local pad = lo == 0 and 1 or M.nicenum(math.abs(lo), false) / 10
    lo, hi = lo - pad, hi + pad
    if lo < 0 and lo + pad >= 0 and hi - pad >= 0 then lo = 0 end
  end
  local range = M.nicenum(hi - lo, false)
  local d, nf, e = M.nicenum(range / (math.max(n, 2) - 1), true)
  -- 1e-9 guards lo/d = 2.9999999999999996 when lo is a whole number of steps
  local k0 = math.floor(lo / d + 1e-9)
  local k1 = math.ceil(hi / d - 1e-9)
  local ticks = {}
  for k = k0, k1 do ticks[#ticks + 1] = tick_value(k, nf, e) end
  return ticks, d, math.max(-math.floor(math.log(d, 10) + 1e-9), 0)
end

--- plot.tight_ticks(lo, hi [, n = 7]) -> ticks, step, decimals: like nice_ticks
-- but the step is nicenum((hi - lo) / (n - 1)) itself, not a step of a
-- rounded-up range, so the axis hugs the data (1.13..2.2 -> 1.0..2.2 by 0.2,
-- where nice_ticks gives 1.0..2.5 by 0.5). For axes of data, not of shares.
function M.tight_ticks(lo, hi, n)
  n = n or 7
  if not finite(lo) then fail("tight_ticks", "lo", "finite number", lo) end
  if not finite(hi) then fail("tight_ticks", "hi", "finite number", hi) end
  if hi <= lo then return M.nice_ticks(lo, hi, n) end
  local d, nf, e = M.nicenum((hi - lo) / (math.max(n, 2) - 1), true)
  local k0 = math.floor(lo / d + 1e-9)
  local k1 = math.ceil(hi / d - 1e-9)
  local ticks = {}
  for k = k0, k1 do ticks[#ticks + 1] = tick_value(k, nf, e) end
  return ticks, d, math.max(-math.floor(math.log(d, 10) + 1e-9), 0)
end

--- formatter(ticks, decimals, kind) -> function(t) -> text: tick label text.
-- kind: "usd" ($ prefix), "pct" (x100, % suffix) or nil.
-- Large values get k/M/B suffixes (20000000 -> "20M").
function M.formatter(ticks, decimals, kind)
  local maxabs = 0
  for _, t in ipairs(ticks) do maxabs = math.max(maxabs, math.abs(t)) end
  local scale, suffix = 1, ""
  if kind ~= "pct" then
    for _, s in ipairs { { 1e12, "T" }, { 1e9, "B" }, { 1e6, "M" }, { 1e4, "k" } } do
      if maxabs >= s[1] then
        scale, suffix = s[1] == 1e4 and 1e3 or s[1], s[1] == 1e4 and "k" or s[2]
        break
      end
    end
  end
  local step = #ticks > 1 and math.abs(ticks[2] - ticks[1]) or 1
  if kind == "pct" then
    decimals = math.max(-math.floor(math.log(step * 100, 10) + 1e-9), 0)
  elseif scale > 1 then
    decimals = math.max(-math.floor(math.log(step / scale, 10) + 1e-9), 0)
  end
  local f = "%." .. decimals .. "f"
  -- thousands separators on plain numbers ("2,000"; suffixed ones are short already)
  local function group(s)
    if scale ~= 1 then return s end
    local sign, int, rest = s:match("^(%-?)(%d+)(.*)$")
    if not int or #int <= 3 then return s end
    return sign .. int:reverse():gsub("(%d%d%d)", "%1,"):reverse():gsub("^,", "") .. rest
  end
  return function(t)
    if kind == "pct" then return string.format(f, t * 100) .. "%" end
    local s = group(string.format(f, t / scale)) .. suffix
    if s:match("^%-0%.?0*[kMBT]?$") then s = s:sub(2) end -- no "-0"
    if kind == "usd" then
      if s:sub(1, 1) == "-" then return "-$" .. s:sub(2) end
      return "$" .. s
    end
    return s
  end
end

return M
