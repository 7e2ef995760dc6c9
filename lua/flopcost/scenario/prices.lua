--- flopcost.scenario.prices: which purchase price, rental price and premium a
-- scenario uses for a chip (dated observations in C: core.price.dated / at /
-- epoch_value / decline_fit; rentals in flopcost.scenario.rental). (internal)
local core_price = require("flopcost.core").price
local common = require "flopcost.scenario.common"
local fail, shown = common.fail, common.shown

local M = {}

--- The grey-market premium on a chip in a region: only on chips the export
-- rules restrict there, or the region's own table.
local function premium_of(cat, chip, region, opts)
  local premium = opts.chip_price_premium
  if premium == nil and cat.availability and region.destination then
    premium = cat:availability(chip.name, region, nil, opts.as_of).premium
  elseif premium == nil and region.chip_price_premium then
    premium = region.chip_price_premium[chip.name] or region.chip_price_premium.default
  end
  return premium
end

-- A chip's dated observations {date, price (USD), basis, source}: the
-- reference figure (price_usd with price_basis) first, then `prices`.
local function price_observations(cat, chip)
  local obs = {}
  if chip.price_usd then
    local m = chip.meta and chip.meta.price_usd
    obs[1] = { date = m and m.as_of or chip.as_of, price = chip.price_usd, basis = chip.price_basis or "chip",
               source = m and m.source or chip.source }
  end
  for _, o in ipairs(chip.prices or {}) do
    local usd = o.value
    if o.currency and o.currency ~= "USD" then usd = cat:convert(o.value, o.currency, "USD") end
    obs[#obs + 1] = { date = o.date, price = usd, basis = o.basis, source = o.source, currency = o.currency,
                      value = o.value }
  end
  return obs
end

-- The decline of prices between observations: Epoch AI's 0.14 OOM/year, the
-- chip's own trend over observations of its reference basis, or a number.
local function decline_of(opts, obs, chip)
  local t = opts.price_trend
  if t == nil then t = common.NAMED.price_trend end
  if t == "epoch" then return core_price.EPOCH_DECLINE_OOM_PER_YEAR end
  if math.type(t) then -- bounded (FC_DOMAIN_TREND)
    local lo, hi, text = core_price.domain("trend")
    if t >= lo and t <= hi then return t end
    fail(("field 'price_trend': %s expected, got %s"):format(text, shown(t)))
  end
  if t == "chip" then
    local d, err = core_price.decline_fit { observations = obs, basis = obs[1].basis }
    if not d then fail(("field 'price_trend': chip '%s': %s"):format(chip.name, err:gsub("^[^:]*: ", ""))) end
    return d
  end
  fail(("field 'price_trend': 'epoch', 'chip' or a number (OOM per year) expected, got %s"):format(shown(t)))
end

-- The purchase price used: {usd, basis, date (of the observation), as_of,
-- source, how, lo, hi, decline}; at opts.as_of the chip's own observations
-- (fc_price_dated: interpolated, refused outside unless extrapolate), or
-- with price_trend the nearest moved along it (fc_price_at); under Epoch's
-- convention its value at the start of training (fc_price_epoch_value).
local function price_of(cat, chip, opts)
  local obs = price_observations(cat, chip)
  if #obs == 0 then return nil end
  local over = type(opts.overrides) == "table" and type(opts.overrides[chip.name]) == "table" and opts.overrides[chip.name]
  -- the caller's price replaces the catalog's: only its basis is used, so no date applies
  if opts.as_of == nil or opts.chip_price_usd ~= nil or (over and over.chip_price_usd ~= nil) then
    local o = obs[1]
    return { usd = o.price, basis = o.basis, date = o.date, source = o.source }
  end
  for _, o in ipairs(obs) do
    if o.date == nil then
      fail(("field 'as_of': chip '%s' has an undated price (prices at a date need dated observations)"):format(
        chip.name))
    end
  end
  if opts.convention ~= "epoch" and opts.price_trend == nil then
    -- the chip's own prices, interpolated; no trend unless asked (core.price.dated)
    local q, why = core_price.dated { observations = obs, released = chip.released, as_of = opts.as_of,
      extrapolate = opts.extrapolate == true }
    if not q then
      local first, last = obs[1].date, obs[1].date
      for _, o in ipairs(obs) do
        if o.date < first then first = o.date end
        if o.date > last then last = o.date end
      end
      fail(("field 'as_of': chip '%s': %s %s (released %s; prices observed %s to %s)%s"):format(chip.name,
        opts.as_of, why, chip.released or "?", first, last, why:find("release") and "" or
        ": price_trend = 'epoch' moves the nearest along a trend, extrapolate = true holds it with a range"))
    end
    local o = obs[q.index]
    return { usd = q.usd, basis = q.basis, date = o.date, as_of = opts.as_of, source = o.source, how = q.how,
             lo = q.lo, hi = q.hi }
  end
  if chip.released and core_price.date_days(opts.as_of) < core_price.date_days(chip.released) then
    fail(("field 'as_of': chip '%s': %s is before its release (%s)"):format(chip.name, opts.as_of, chip.released))
  end
  local d = decline_of(opts, obs, chip)
  local p, i, basis
  if opts.convention == "epoch" then
    if not chip.released then
      fail(("convention 'epoch': chip '%s' has no release date in the catalog"):format(chip.name))
    end
    -- Epoch values TPUs from their TPU-equivalent price at its date, GPUs by
    -- their first server-quoted price acquired no earlier than release + 90 d
    p, i, basis = core_price.epoch_value { observations = obs, released = opts.released or chip.released,
      start = opts.as_of, decline_oom_per_year = d, tpu = chip.vendor == "Google" }
  else
    p, i, basis = core_price.at { observations = obs, as_of = opts.as_of, decline_oom_per_year = d }
  end
  return { usd = p, basis = basis, date = obs[i].date, as_of = opts.as_of, source = obs[i].source, decline = d,
           how = opts.convention == "epoch" and "epoch" or "trend" }
end

M.premium_of, M.price_of = premium_of, price_of

return M
