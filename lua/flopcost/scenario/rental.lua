--- flopcost.scenario.rental: which rental a scenario uses for a chip at a
-- date, by term and provider tier, from that chip's own listings (in C:
-- core.rental.at, csrc/core/fc_rental.c). (internal)
local core_rental = require("flopcost.core").rental
local common = require "flopcost.scenario.common"
local fail, shown_type = common.fail, common.shown_type

local M = {}

-- The dated rental listings of a chip in the region's market {date, usd,
-- term, tier, source, provider}: in China only Chinese rentals (in CNY,
-- converted); US prices do not apply there (export controls, another market).
local function rental_listings(cat, chip, market)
  local obs = {}
  for _, o in ipairs(chip.rentals or {}) do
    if (o.market or "us") == market then
      local usd = o.value
      if o.currency and o.currency ~= "USD" then usd = cat:convert(o.value, o.currency, "USD") end
      obs[#obs + 1] = { date = o.date, usd = usd, term = o.term, tier = o.tier, source = o.source,
                        provider = o.provider, currency = o.currency, value = o.value }
    end
  end
  return obs
end

-- The rental request of the options: Epoch's convention prices cloud compute
-- at 3-year committed hyperscaler rates at acquisition (training start - 60
-- days; cost_analysis_standalone.py get_acquisition_date), holding the
-- nearest listing outside the span as Epoch does (fc_rental.h).
local function rental_request(opts)
  local r = opts.rental
  if r ~= nil and type(r) ~= "table" then
    fail(("field 'rental': table {term =, tier =} expected, got %s"):format(shown_type(r)))
  end
  r = r or {}
  for k in pairs(r) do
    if k ~= "term" and k ~= "tier" then
      fail(("field 'rental.%s': unknown (known: term, tier)"):format(tostring(k)))
    end
  end
  if opts.extrapolate ~= nil and type(opts.extrapolate) ~= "boolean" then
    fail(("field 'extrapolate': boolean expected, got %s"):format(shown_type(opts.extrapolate)))
  end
  local epoch = opts.convention == "epoch"
  return { term = r.term or (epoch and "3y" or "on_demand"), tier = r.tier or (epoch and "hyperscaler" or nil),
           extrapolate = opts.extrapolate or epoch, convert_term = epoch, day_offset = epoch and -60 or 0,
           asked = opts.rental ~= nil }
end

-- The rental used: {usd, term, tier, how, lo, hi, date (of the listing), at
-- (the date priced), source, factor} or nil and the reason there is none.
-- Without as_of (and no term asked): the catalog's reference rental; at a
-- date: that chip's own listings of the term and tier (core.rental.at).
local function rental_of(cat, chip, region, opts)
  local china = region.destination == "china"
  local market = china and "china" or (region.destination or "us")
  local obs = rental_listings(cat, chip, market)
  local rq = rental_request(opts)
  if opts.as_of == nil and not rq.asked and opts.convention ~= "epoch" then
    if not china and chip.rental_usd_per_hour then
      local m = chip.meta and chip.meta.rental_usd_per_hour
      return { usd = chip.rental_usd_per_hour, term = "on_demand", how = "reference", date = m and m.as_of,
               source = m and m.source }
    end
    local best -- the latest listing of the term asked (on demand unless said): never a spot price
    for _, o in ipairs(obs) do
      if o.term == rq.term and (not best or o.date > best.date) then best = o end
    end
    if best then
      return { usd = best.usd, term = best.term, tier = best.tier, how = "latest", date = best.date, source = best.source }
    end
  end
  if #obs == 0 and not china and chip.rental_usd_per_hour then
    -- the reference rental is the chip's one dated listing (on demand)
    local m = chip.meta and chip.meta.rental_usd_per_hour
    if m and m.as_of then
      obs[1] = { date = m.as_of, usd = chip.rental_usd_per_hour, term = "on_demand", tier = "neocloud", source = m.source }
    end
  end
  if #obs == 0 then
    if china then
      return nil, ("no sourced rental price for %s in China (US rental prices do not apply there)"):format(chip.name)
    end
    return nil, ("no rental price for %s in the catalog"):format(chip.name)
  end
  local as_of = opts.as_of
  if as_of == nil then -- a term asked without a date: the latest listing of it
    as_of = obs[1].date
    for _, o in ipairs(obs) do if o.date > as_of then as_of = o.date end end
  end
  local q, why = core_rental.at { observations = obs, as_of = as_of, term = rq.term, tier = rq.tier,
    extrapolate = rq.extrapolate, convert_term = rq.convert_term, day_offset = rq.day_offset }
  if not q then
    if opts.convention == "epoch" or rq.asked then
      fail(("field 'as_of': chip '%s': %s%s"):format(chip.name, why,
        opts.extrapolate and "" or " (extrapolate = true for a labelled extrapolation with a range)"))
    end
    return nil, ("no rental for %s: %s%s"):format(chip.name, why,
      opts.extrapolate and "" or " (extrapolate = true holds the nearest, labelled, with a range)")
  end
  local o = obs[q.before]
  q.date, q.source, q.provider, q.at = o.date, o.source, o.provider, as_of
  if rq.day_offset ~= 0 then q.at = ("%s - %d days"):format(as_of, -rq.day_offset) end
  return q
end

--- One line on the rental a result used: "V100-SXM2 $1.21/h 3y hyperscaler,
-- interpolated at 2019-10-01 - 60 days (listing 2019-07-08)".
function M.rental_text(name, q)
  local what = ("%s $%.2f/h %s%s"):format(name, q.usd, q.term or "?", q.tier and (" " .. q.tier) or "")
  local how = q.how or "?"
  if q.at then how = how .. " at " .. q.at end
  if q.factor and q.factor ~= 1 then how = how .. (", x%.3f from Epoch's discounts"):format(q.factor) end
  local range = (q.lo and q.hi and q.lo ~= q.hi) and (" [%.2f-%.2f]"):format(q.lo, q.hi) or ""
  return ("%s, %s (listing %s)%s"):format(what, how, q.date or "?", range)
end

M.rental_of = rental_of

return M
