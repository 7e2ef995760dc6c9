--- flopcost.scenario.prices: which purchase price, rental price and premium a
-- scenario uses for a chip (dated observations moved along a decline in C:
-- core.price.at / epoch_value / decline_fit). (internal)
local core_price = require("flopcost.core").price
local common = require "flopcost.scenario.common"
local fail, shown = common.fail, common.shown

local M = {}

--- The grey-market premium on a chip in a region: only on chips the export
-- rules restrict there, or the region's own table.
local function premium_of(cat, chip, region, opts)
  local premium = opts.chip_price_premium
  if premium == nil and cat.availability and region.destination then
    premium = cat:availability(chip.name, region).premium
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
local function decline_of(opts, obs, chip, level)
  local t = opts.price_trend
  if t == nil then t = common.NAMED.price_trend end
  if t == "epoch" then return core_price.EPOCH_DECLINE_OOM_PER_YEAR end
  if math.type(t) and t == t and t > -math.huge and t < math.huge then return t end
  if t == "chip" then
    local d, err = core_price.decline_fit { observations = obs, basis = obs[1].basis }
    if not d then fail(("field 'price_trend': chip '%s': %s"):format(chip.name, err:gsub("^[^:]*: ", "")), level + 1) end
    return d
  end
  fail(("field 'price_trend': 'epoch', 'chip' or a number (OOM per year) expected, got %s"):format(shown(t)), level + 1)
end

-- The purchase price used: {usd, basis, date (of the observation), as_of,
-- source, decline}; at opts.as_of the nearest observation moved along the
-- decline (fc_price_at), under Epoch's convention its value at the start of
-- training (fc_price_epoch_value).
local function price_of(cat, chip, opts, level)
  local obs = price_observations(cat, chip)
  if #obs == 0 then return nil end
  if opts.as_of == nil then
    local o = obs[1]
    return { usd = o.price, basis = o.basis, date = o.date, source = o.source }
  end
  for _, o in ipairs(obs) do
    if o.date == nil then
      fail(("field 'as_of': chip '%s' has an undated price (prices at a date need dated observations)"):format(
        chip.name), level + 1)
    end
  end
  local d = decline_of(opts, obs, chip, level + 1)
  local p, i, basis
  if opts.convention == "epoch" then
    if not chip.released then
      fail(("convention 'epoch': chip '%s' has no release date in the catalog"):format(chip.name), level + 1)
    end
    p, i, basis = core_price.epoch_value { observations = obs, released = chip.released, start = opts.as_of,
                                           decline_oom_per_year = d }
  else
    p, i, basis = core_price.at { observations = obs, as_of = opts.as_of, decline_oom_per_year = d }
  end
  return { usd = p, basis = basis, date = obs[i].date, as_of = opts.as_of, source = obs[i].source, decline = d }
end

-- The rental price in the region's market: in China only Chinese rentals
-- (in CNY, converted); US prices do not apply there (export controls, another
-- market). Returns usd or nil and the reason there is none.
local function rental_of(cat, chip, region, opts)
  local china = region.destination == "china"
  local obs = {}
  if not china and chip.rental_usd_per_hour then
    local m = chip.meta and chip.meta.rental_usd_per_hour
    obs[1] = { date = m and m.as_of or chip.as_of, price = chip.rental_usd_per_hour, basis = "chip" }
  end
  for _, o in ipairs(chip.rentals or {}) do
    if (o.market or "us") == (china and "china" or region.destination) then
      local usd = o.value
      if o.currency and o.currency ~= "USD" then usd = cat:convert(o.value, o.currency, "USD") end
      obs[#obs + 1] = { date = o.date, price = usd, basis = "chip" }
    end
  end
  if #obs == 0 then
    if china then
      return nil, ("no sourced rental price for %s in China (US rental prices do not apply there)"):format(chip.name)
    end
    return nil, ("no rental price for %s in the catalog"):format(chip.name)
  end
  if opts.as_of == nil then
    -- the latest observation
    local best = obs[1]
    for _, o in ipairs(obs) do if (o.date or "") > (best.date or "") then best = o end end
    return best.price
  end
  for _, o in ipairs(obs) do if o.date == nil then return obs[1].price end end
  return (core_price.at { observations = obs, as_of = opts.as_of })
end

M.premium_of, M.price_of, M.rental_of = premium_of, price_of, rental_of

return M
