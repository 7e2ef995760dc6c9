--- flopcost.catalog.fx: currency conversion through the dated FX table
-- (cat:fx, cat:convert). (internal)
local check = require "flopcost.check"
local base = require "flopcost.catalog.base"
local Catalog, raise, public = base.Catalog, base.raise, base.public
local check_self, check_string = base.check_self, base.check_string

local M = {}

-- Dates compare as strings once padded: a rate dated "2024" counts from the
-- start of 2024, a query date "2024" means any time in 2024.
local function pad(date, fill) return (date .. fill):sub(1, 10) end

-- A calendar date: month 1-12, day within the month (Gregorian leap years);
-- "2024-13-45" converted currency before (issue 22).
local function valid_date(d)
  if type(d) ~= "string" then return false end
  local y, m, day = d:match("^(%d%d%d%d)%-?(%d?%d?)%-?(%d?%d?)$")
  if not y or not (d:match("^%d%d%d%d$") or d:match("^%d%d%d%d%-%d%d$") or d:match("^%d%d%d%d%-%d%d%-%d%d$")) then
    return false
  end
  if m == "" then return true end
  m = tonumber(m)
  if m < 1 or m > 12 then return false end
  if day == "" then return true end
  y, day = tonumber(y), tonumber(day)
  local leap = (y % 4 == 0 and y % 100 ~= 0) or y % 400 == 0
  local days = ({ 31, leap and 29 or 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 })[m]
  return day >= 1 and day <= days
end

local function rate(cat, currency, date, fn)
  check_string(currency, fn, "currency")
  if date ~= nil and not valid_date(date) then
    check.arg(fn, "date", date, valid_date, "date YYYY, YYYY-MM or YYYY-MM-DD")
  end
  if currency == "USD" then return 1 end
  local best, earliest
  local q = date and pad(date, "-99-99") or "9999-99-99"
  for _, r in ipairs(cat._t.rates) do
    if r.currency == currency then
      local d = pad(r.date, "-00-00")
      if not earliest or d < earliest then earliest = d end
      if d <= q and (not best or d > pad(best.date, "-00-00")) then best = r end
    end
  end
  if not earliest then
    local cur = { "USD" }
    for _, r in ipairs(cat._t.rates) do cur[#cur + 1] = r.currency end
    local near = require("flopcost.suggest").closest(currency, cur)
    raise(string.format("%s: unknown currency '%s'%s", fn, currency,
      near and (" (did you mean '" .. near .. "'?)") or ""))
  end
  if not best then
    return nil, string.format("%s: no %s rate on or before %s (earliest %s)", fn, currency, date,
      (earliest:gsub("%-00", ""))), "no_data"
  end
  return best.per_usd, best
end

--- cat:fx(currency [, date]): units of `currency` per 1 USD from the latest
-- rate on or before `date` (default: the latest rate); second result: the
-- rate entry.  USD is 1.  Unknown currency raises; no rate that early
-- returns nil, message, "no_data".
Catalog.fx = public(function(self, currency, date)
  check_self(self, "flopcost.catalog.fx")
  return rate(self, currency, date, "flopcost.catalog.fx")
end)

--- cat:convert(amount, from, to [, date]): amount in `from` expressed in
-- `to`, through USD: amount / fx(from) * fx(to).
Catalog.convert = public(function(self, amount, from, to, date)
  local fn = "flopcost.catalog.convert"
  check_self(self, fn)
  if type(amount) ~= "number" or amount ~= amount or amount == math.huge or amount == -math.huge then
    check.arg(fn, "amount", amount, "number")
  end
  local a, err, token = rate(self, from, date, fn)
  if not a then return nil, err, token end
  local b, err2, token2 = rate(self, to, date, fn)
  if not b then return nil, err2, token2 end
  return amount / a * b
end)

return M
