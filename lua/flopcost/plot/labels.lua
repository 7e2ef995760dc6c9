--- flopcost.plot.labels: readable names of scenario fields and outputs.
local report = require "flopcost.report"
local check = require "flopcost.check"
local args = require "flopcost.plot.args"

local M = {}
local finite = args.finite

-- ===================================================================
-- Readable names of scenario fields (tornado rows, tooltips)
-- ===================================================================

--- Field -> {label, kind}: kind formats the input's range ("usd", "pct", "usd_kwh", "number").
M.FIELD_LABELS = {
  chip_price_usd = { "chip price", "usd" },
  electricity_usd_per_kwh = { "electricity price", "usd_kwh" },
  utilization = { "utilization", "pct" },
  mfu = { "MFU (model FLOP utilization)", "pct" },
  pue = { "PUE (facility overhead)", "number" },
  server_multiple = { "server cost multiple", "number" },
  network_fraction = { "network share of capex", "pct" },
  chip_life_years = { "chip life (years)", "number" },
  wacc = { "cost of capital (WACC)", "pct" },
  facility_usd_per_kw = { "facility cost per kW", "usd" },
  facility_life_years = { "facility life (years)", "number" },
  tdp_w = { "chip power (TDP, W)", "number" },
  idle_w = { "idle power (W)", "number" },
  server_power_multiple = { "server power multiple", "number" },
  green_share = { "green power share", "pct" },
  green_premium_usd_per_kwh = { "green power premium", "usd_kwh" },
  grid_kg_co2_per_kwh = { "grid carbon intensity (kg/kWh)", "number" },
  carbon_usd_per_t = { "carbon price per t CO2", "usd" },
  maintenance_fraction = { "maintenance per year", "pct" },
  other_opex_usd_per_year = { "other opex per year", "usd" },
  peak_flops_per_s = { "peak FLOP/s", "number" },
  scaling_efficiency = { "scaling efficiency", "pct" },
  goodput = { "goodput", "pct" },
  rental_usd_per_hour = { "cloud rental per GPU-hour", "usd" },
  commitment_discount = { "cloud commitment discount", "pct" },
}

--- Outputs of the engine by their readable names (chart titles).
M.OUTPUT_LABELS = {
  usd_per_eflop = "the cost per 1e18 training FLOP", usd_per_mtok_output = "the cost per million output tokens",
  usd_per_mtok_input = "the cost per million input tokens", kg_co2_per_eflop = "the emissions per 1e18 FLOP",
  usd_per_mtok_blended = "the cost per million tokens (input and output blended)",
  j_per_token = "the energy per token",
}

local function range_text(kind, lo, hi)
  local function f(v)
    if kind == "usd" then return report.usd(v) end
    if kind == "usd_kwh" then return report.usd(v) .. "/kWh" end
    if kind == "pct" then return report.pct(100 * v) end
    return report.qty(v)
  end
  return f(lo) .. " to " .. f(hi)
end

--- plot.field_label(name [, input_low, input_high [, members]]) -> text:
-- "electricity_usd_per_kwh" -> "electricity price", "chip_price_usd[2]" ->
-- "chip price, chip 2" (or the chip's name from members = {"H20", ...});
-- with the input's low and high ends, "electricity price ($0.0700/kWh to $0.120/kWh)".
-- Unknown fields keep their name with spaces for underscores.
-- @tparam string name an input's field or path [name]
-- @tparam[opt] number lo the input's low end [the input's unit]
-- @tparam[opt] number hi the input's high end [the input's unit]
-- @tparam[opt] {string,...} members the chips' names, for "field[i]" [name]
-- @treturn string the label [text]
-- @raise none: a name that is not a string is written as tostring writes it
-- @usage fc.plot.field_label("electricity_usd_per_kwh", 0.07, 0.12)
--   --> "electricity price ($0.0700/kWh to $0.120/kWh)"
function M.field_label(name, lo, hi, members)
  local field, member = tostring(name):match("^([%w_]+)%[(%d+)%]$")
  field = field or tostring(name)
  local known = M.FIELD_LABELS[field]
  local label = known and known[1] or field:gsub("_", " ")
  if member then
    local m = tonumber(member)
    label = label .. ", " .. (members and members[m] or ("chip " .. m))
  end
  if finite(lo) and finite(hi) then
    label = label .. " (" .. range_text(known and known[2] or "number", lo, hi) .. ")"
  end
  return label
end

--- Tornado rows sorted by swing (widest first, ties in input order), each
-- with .label: row.label, or plot.field_label of its name and input range.
-- @tparam {table,...} rows {name, low, high, base, input_low, input_high} (r:tornado()) [the output's unit]
-- @tparam[opt] {string,...} members the chips' names, for "field[i]" [name]
-- @treturn {table,...} the rows, sorted, with label [text]
-- @raise "flopcost.plot.tornado_rows: argument 'rows': list (table) expected, got 1"
-- @usage local r = fc.montecarlo(fc.scenario{region = "us-va", chip = "H100-SXM"}, {samples = 1000, seed = 1,
--   vary = {["region.pue"] = fc.dist.uniform(1.1, 1.3)}});
--   fc.plot.tornado_rows(r:tornado())[1].label  --> "region.pue (1.11 to 1.29)"
function M.tornado_rows(rows, members)
  local fn = "flopcost.plot.tornado_rows"
  check.each(fn, "rows", rows, function(r) return type(r) == "table" and finite(r.low) and finite(r.high) end,
    "row {name =, low =, high =} with finite low and high")
  check.optional(fn, "members", members, "list", "list of chip names")
  local sorted = {}
  for i, r in ipairs(rows) do
    sorted[i] = { name = r.name, low = r.low, high = r.high, base = r.base, input_low = r.input_low,
      input_high = r.input_high, swing = math.abs(r.high - r.low), i = i,
      label = type(r.label) == "string" and r.label or M.field_label(r.name, r.input_low, r.input_high, members) }
  end
  table.sort(sorted, function(a, b)
    if a.swing ~= b.swing then return a.swing > b.swing end
    return a.i < b.i
  end)
  return sorted
end

return M
