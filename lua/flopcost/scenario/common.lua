--- flopcost.scenario.common: what the scenario files share: the core's named
-- defaults, how values are shown in messages, key checks and small helpers.
-- (internal: flopcost.scenario is the public module)
local core = require("flopcost.core").scenario

local M = {}
local check = require "flopcost.check"

--- The defaults that name things (region "us-avg", precision "bf16", its stand-in
-- "fp16", packaging "CoWoS-S", HBM "HBM3", price_trend "epoch"), as the core's table
-- holds them with their sources (fc_compose_named_default); read, never copied.
M.NAMED = core.desc_fields().names

--- A chip's dense peak TFLOP/s at `precision` (default M.NAMED.precision),
-- or at the precision the core names as its stand-in when the chip has no
-- figure for it.
-- @tparam table chip a catalog chip entry (cat:chip) [entry]
-- @tparam[opt] string precision "bf16", "fp8", ... [name]
-- @treturn number the peak, or nil when the chip has none [TFLOP/s]
-- @treturn string the precision used [name]
-- @raise "flopcost.scenario.peak_tflops: argument 'chip': chip entry (table) expected, got 1"
-- @usage fc.scenario.peak_tflops(fc.catalog.default():chip("H100-SXM"), "fp8")  --> 1979
function M.peak_tflops(chip, precision)
  check.arg("flopcost.scenario.peak_tflops", "chip", chip, "table", "chip entry (table)")
  check.optional("flopcost.scenario.peak_tflops", "precision", precision, "string", "precision name (string)")
  local pk = type(chip.peak_tflops) == "table" and chip.peak_tflops or {}
  precision = precision or M.NAMED.precision
  if pk[precision] then return pk[precision], precision end
  local alt = M.NAMED["precision.fallback." .. precision]
  if alt and pk[alt] then return pk[alt], alt end
  return nil
end

M.FN = "flopcost.scenario"
M.EFLOP = 1e18
local FN = M.FN

-- the core field names (each can be given as an option)
M.core_fields = {}
for _, f in ipairs(core.fields()) do M.core_fields[f] = true end

local function fail(msg) check.fail(FN, msg) end

-- The nearest option name, for "did you mean".
local closest = require("flopcost.suggest").closest

-- A value as error messages show it (NaN prints "nan" on every platform).
local function shown(v)
  if type(v) == "number" and v ~= v then return "nan" end
  if type(v) == "string" then return "'" .. v .. "'" end
  return tostring(v)
end

local function sorted_keys(t)
  local ks = {}
  for k in pairs(t) do ks[#ks + 1] = k end
  table.sort(ks)
  return ks
end

local function shown_type(v)
  if type(v) == "table" then return "table" end
  return shown(v)
end

-- Keys of a table checked against a list, with "did you mean".
local function check_keys(t, known, where)
  for k in pairs(t) do
    if type(k) ~= "string" or not known[k] then
      local list = sorted_keys(known)
      local near = type(k) == "string" and closest(k, list)
      fail(("field '%s': unknown field '%s'%s"):format(where, tostring(k),
        near and (" (did you mean '%s'?)"):format(near) or ""))
    end
  end
end

local function set_of(list)
  local t = {}
  for _, k in ipairs(list) do t[k] = true end
  return t
end

-- The region figures the catalog gives (fields of the description: region.<figure>).
local REGION_FIELDS = { "electricity_price_per_kwh", "pue", "facility_usd_per_kw", "wacc",
  "grid_kg_co2_per_kwh", "green_share", "carbon_usd_per_t" }
-- The region's water figures (models/regions.json), which the scenario's
-- options of the same name override: fields of the description by that name.
local WATER_FIELDS = { "wue_l_per_kwh", "electricity_water_l_per_kwh" }

-- The index of a name in a list, 0-based (the core's enums), or nil.
local function index0(list, name)
  for i, v in ipairs(list) do if v == name then return i - 1 end end
end

M.fail, M.closest, M.shown, M.sorted_keys, M.shown_type = fail, closest, shown, sorted_keys, shown_type
M.check_keys, M.set_of, M.REGION_FIELDS, M.index0 = check_keys, set_of, REGION_FIELDS, index0
M.WATER_FIELDS = WATER_FIELDS

return M
