--- flopcost.scenario.sources: the source and date of each catalog figure a
-- scenario uses (result.sources), the price actually used included. (internal)
local M = {}

-- Where a catalog figure comes from: its own source and date (figure
-- objects), else the entry's. Returns "source (as_of)" or nil.
local function source_of(entry, field)
  local m = entry.meta and entry.meta[field]
  local src = m and m.source or entry.source
  local as_of = m and m.as_of or entry.as_of
  if not src then return nil end
  -- date and range first: the citation itself can be long
  local text = as_of and (as_of .. " ") or ""
  if m and m.range then text = text .. ("[range %s-%s] "):format(tostring(m.range[1]), tostring(m.range[2])) end
  return text .. src
end

-- The catalog figures behind each core field of a member.
local REGION_SOURCES = { electricity_usd_per_kwh = "electricity_price_per_kwh", pue = "pue",
  facility_usd_per_kw = "facility_usd_per_kw", wacc = "wacc", grid_kg_co2_per_kwh = "grid_kg_co2_per_kwh",
  green_share = "green_share", carbon_usd_per_t = "carbon_usd_per_t", wue_l_per_kwh = "wue_l_per_kwh",
  electricity_water_l_per_kwh = "electricity_water_l_per_kwh" }
local CHIP_SOURCES = { chip_price_usd = "price_usd", tdp_w = "tdp_w", idle_w = "idle_w",
  rental_usd_per_hour = "rental_usd_per_hour" }

local function record_sources(sources, label, opts, chip, region, precision)
  for field, cf in pairs(REGION_SOURCES) do
    if opts[field] == nil and region[cf] ~= nil then
      local src = source_of(region, cf)
      if cf == "electricity_price_per_kwh" and region.currency and region.currency ~= "USD" then
        src = ("(%s per kWh, converted at the FX table) %s"):format(region.currency, src or "")
      end
      sources[#sources + 1] = { field = field, of = region.name, source = src, kind = "region", figure = cf }
    end
  end
  for field, cf in pairs(CHIP_SOURCES) do
    if opts[field] == nil and chip[cf] ~= nil then
      sources[#sources + 1] = { field = field, of = label, source = source_of(chip, cf), kind = "chip", figure = cf }
    end
  end
  if opts.peak_flops_per_s == nil then
    sources[#sources + 1] = { field = "peak_flops_per_s", of = label,
      source = source_of(chip, "peak_tflops." .. precision), kind = "chip", figure = "peak_tflops." .. precision }
  end
end

-- The source of the price actually used for a chip: its date, basis and citation.
local function price_source_into(sources, chip, price)
  for _, s in ipairs(sources) do
    if s.field == "chip_price_usd" and s.of == chip.name then
      if price.as_of then
        s.source = ("%s [%s, moved to %s] %s"):format(price.date, price.basis, price.as_of, price.source or "")
      else
        s.source = ("[%s] %s"):format(price.basis, s.source or "")
      end
    end
  end
end

-- The catalog's rental is not the one used (no cloud price in the region's market).
local function drop_rental_source(sources, chip)
  for k = #sources, 1, -1 do
    if sources[k].field == "rental_usd_per_hour" and sources[k].of == chip.name then table.remove(sources, k) end
  end
end

-- Sources in a stable order: by entry, then field.
local function sort_sources(sources)
  table.sort(sources, function(a, b)
    if a.of ~= b.of then return a.of < b.of end
    return a.field < b.field
  end)
end

M.record_sources, M.price_source_into, M.drop_rental_source, M.sort_sources =
  record_sources, price_source_into, drop_rental_source, sort_sources

return M
