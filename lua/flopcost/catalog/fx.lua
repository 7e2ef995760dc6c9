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

local function rate(cat, currency, date, fn)
  check_string(currency, fn, "currency")
  check.optional(fn, "date", date, "date") -- the core's one date rule (issue 22: "2024-13-45" converted)
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
-- rate on or before `date` (default: the latest rate). USD is 1.
-- @function Catalog:fx
-- @tparam string currency ISO code, e.g. "CNY" [name]
-- @tparam[opt] string date YYYY-MM-DD [date]
-- @treturn number the rate [currency units per USD]
-- @treturn table the rate entry {currency, per_usd, date, source} [entry]
-- @return nil, message, "no_data" when there is no rate that early [token]
-- @raise "flopcost.catalog.fx: unknown currency 'XXX'"
-- @usage local cat = fc.catalog.default(); cat:fx("CNY", "1900-01-01")  --> nil
Catalog.fx = public(function(self, currency, date)
  check_self(self, "flopcost.catalog.fx")
  return rate(self, currency, date, "flopcost.catalog.fx")
end)

--- cat:convert(amount, from, to [, date]): amount in `from` expressed in
-- `to`, through USD: amount / fx(from) * fx(to).
-- @function Catalog:convert
-- @tparam number amount the amount [currency `from`]
-- @tparam string from its currency [name]
-- @tparam string to the currency wanted [name]
-- @tparam[opt] string date YYYY-MM-DD: the rates on or before it [date]
-- @treturn number the amount [currency `to`]
-- @return nil, message, "no_data" when a rate is missing that early [token]
-- @raise "flopcost.catalog.convert: unknown currency 'XXX'"
-- @usage local cat = fc.catalog.default(); cat:convert(100, "USD", "USD")  --> 100
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
