--- flopcost.scenario.explain: every input a scenario's cost was computed from, with where
-- it came from -- given in the scenario (a study's base included), a catalog figure with
-- its source and date, or the default of fc_compose with its source (the one table every
-- door uses: fc.scenario, mc, compare, studies). `s:explain()`, `r:explain()`,
-- `flopcost run FILE --explain`. (internal)
local core = require "flopcost.core"

local M = {}

-- The core fields in the order of the cost chain (fc_scenario.h).
M.FIELDS = { "chip_price_usd", "server_multiple", "network_fraction", "chip_life_years", "wacc", "recovery",
  "facility_usd_per_kw", "facility_life_years", "tdp_w", "idle_w", "server_power_multiple", "pue",
  "utilization", "electricity_usd_per_kwh", "green_share", "green_premium_usd_per_kwh", "grid_kg_co2_per_kwh",
  "carbon_usd_per_t", "maintenance_fraction", "other_opex_usd_per_year", "peak_flops_per_s", "mfu",
  "scaling_efficiency", "goodput", "rental_usd_per_hour", "commitment_discount" }

local default_sources

-- Where member i's value of `field` came from: "given", "catalog <of>: <source>",
-- "default: <source>", or "composed" (from other options: a job, wacc_parts, a convention).
local function origin(s, i, field, value, defaults)
  -- a serving scenario: the serving model sets tokens/s (as peak FLOP/s) and the board's draw
  local served = s.opts.workload ~= nil and require("flopcost.inference.report").SERVED[field]
  if served then return served end
  if s.opts[field] ~= nil then
    return s.cell_index and "given in the study (its base or the mix)" or "given in the scenario"
  end
  local over = s.opts.overrides
  local name = s.chip_names[i]
  if type(over) == "table" and type(over[name]) == "table" and over[name][field] ~= nil then
    return "given in overrides['" .. name .. "']"
  end
  local label = s.catalog:chip(name).name
  for _, src in ipairs(s.sources or {}) do
    if src.field == field and (src.of == label or src.kind == "region") then
      return ("catalog %s: %s"):format(src.of, src.source or "(no source)")
    end
  end
  local entry = s.catalog:chip(name)
  if entry[field] ~= nil and entry[field] == value then
    local m = entry.meta and entry.meta[field]
    return ("catalog %s: %s"):format(label, m and m.source or entry.source or "(no source)")
  end
  default_sources = default_sources or core.scenario.default_sources()
  if default_sources[field] and (defaults[field] == value or defaults[field] == nil) then
    return "default: " .. default_sources[field]
  end
  if value == 0 or value == false then return "none (0): not given, no catalog figure, no default" end
  return "composed from the scenario's options (job, goodput, wacc_parts, convention, ...)"
end

M.origin = origin

local function shown(v)
  if type(v) ~= "number" then return tostring(v) end
  if v ~= 0 and (math.abs(v) >= 1e6 or math.abs(v) < 1e-3) then return ("%.4g"):format(v) end
  return ("%.6g"):format(v)
end

--- The lines of an explanation (at most `width` columns, default 100).
function M.lines(s, width)
  width = width or 100
  local wrap = require("flopcost.compare").wrap
  local cp = s:core_params()
  local defaults = core.scenario.defaults()
  local out = { ("%s in %s: every input, and where it came from"):format(s.label,
    tostring(s.region_entry and s.region_entry.name or s.opts.region)) }
  for i, m in ipairs(cp.members) do
    if #cp.members > 1 then out[#out + 1] = ("  %s (share %s)"):format(s.chip_names[i], shown(cp.counts[i])) end
    for _, field in ipairs(M.FIELDS) do
      local v = m[field]
      if v ~= nil then
        local head = ("  %-25s %-11s "):format(field, shown(v))
        for _, l in ipairs(wrap(origin(s, i, field, v, defaults), width, (" "):rep(#head), head)) do
          out[#out + 1] = l
        end
      end
    end
  end
  return out
end

--- The explanation as one text.
function M.text(s, width) return table.concat(M.lines(s, width), "\n") end

return M
