--- flopcost.report.xlsx: a compare grid as a workbook whose cost cells are live formulas
-- (an inference study's in $ per million tokens: blended, input and output, see SERVING_COLUMNS).
--   Inputs      every figure each row uses: row, mix, region, field, value, unit, source
--   Results     per row: the chain of csrc/core/fc_scenario.c (per_hour, per_flop) as
--               spreadsheet formulas over Inputs -- capital recovery, the price basis with
--               the server and network multiples, facility, power (the measured curve as
--               its cubic Hermite pieces, or idle + (TDP - idle) u), PUE, tariff, carbon,
--               opex, MFU and utilization -- and flopcost's own figure beside it
--   Curves      the measured power curves: utilization, W, slope (fc_energy_curve_slope)
--   Provenance  the grid's provenance (flopcost version, catalog, what-ifs, seed)
-- A row whose mix has several chips is composed by flopcost from its members: its cost is
-- given as a value, not a formula (the Results sheet says so).
local check = require "flopcost.check"

local M = {}
local FN = "flopcost.report.xlsx"

-- The inputs of one member, in the order of fc_scenario.h, with their units.
M.FIELDS = {
  { "chip_price_usd", "USD per accelerator" }, { "price_basis", "0 chip, 1 board, 2 server, 3 system" },
  { "server_multiple", "server cost / accelerator price" }, { "network_fraction", "share of cluster capex" },
  { "chip_life_years", "years" }, { "wacc", "real rate per year" },
  { "recovery", "0 annuity, 1 straight line, 2 price decline" }, { "decline_oom_per_year", "orders of magnitude/y" },
  { "facility_usd_per_kw", "USD per kW of IT load" }, { "facility_life_years", "years" },
  { "it_kw_per_accel", "kW (0: TDP x server power multiple)" }, { "tdp_w", "W" }, { "idle_w", "W" },
  { "average_power_fraction", "of TDP (0: curve or idle + (TDP - idle) u)" },
  { "server_power_multiple", "server W / accelerator W" }, { "pue", "facility W / IT W" },
  { "utilization", "share of hours busy" }, { "electricity_usd_per_kwh", "USD/kWh" },
  { "green_share", "share of energy" }, { "green_premium_usd_per_kwh", "USD/kWh" },
  { "grid_kg_co2_per_kwh", "kg CO2/kWh" }, { "carbon_usd_per_t", "USD/t CO2" },
  { "maintenance_fraction", "of capex per year" }, { "other_opex_usd_per_year", "USD per accelerator-year" },
  { "peak_flops_per_s", "FLOP/s" }, { "mfu", "fraction" }, { "scaling_efficiency", "fraction" },
  { "goodput", "fraction" },
}
local RECOVERY = { annuity = 0, straight_line = 1, price_decline = 2 }
-- fc_finance.h FC_HOURS_PER_YEAR (365.25 d x 24 h) and fc_scenario.c's constants
local HOURS_PER_YEAR, EFLOP = 8766, 1e18

-- Results columns: name, header, formula template (I(field) = the row's input cell,
-- C(name) = this row's cell of an earlier column); the order is the order of evaluation.
local COLUMNS = {
  { "crf", "capital recovery per year",
    "IF(I(recovery)=0,IF(I(wacc)=0,1/I(chip_life_years),I(wacc)/(1-(1+I(wacc))^(-I(chip_life_years)))),"
    .. "IF(I(recovery)=1,1/I(chip_life_years)+I(wacc)*(I(chip_life_years)+1)/(2*I(chip_life_years)),"
    .. "I(decline_oom_per_year)*LN(10)))" },
  { "facility_crf", "facility recovery per year",
    "IF(I(wacc)=0,1/I(facility_life_years),I(wacc)/(1-(1+I(wacc))^(-I(facility_life_years))))" },
  { "base", "server part of the price", "IF(I(price_basis)=3,1-I(network_fraction),1)" },
  { "capex_shares", "capex per USD of price",
    "IF(I(price_basis)<=1,1+(I(server_multiple)-1)+I(server_multiple)*I(network_fraction)/(1-I(network_fraction)),"
    .. "C(base)+C(base)*I(network_fraction)/(1-I(network_fraction)))" },
  { "capex_usd", "capex per accelerator (USD)", "I(chip_price_usd)*C(capex_shares)" },
  { "capital_usd_per_h", "chip + server + network $/h", "C(capex_usd)*C(crf)/" .. HOURS_PER_YEAR },
  { "it_kw", "IT kW per accelerator",
    "IF(I(it_kw_per_accel)>0,I(it_kw_per_accel),I(tdp_w)*I(server_power_multiple)/1000)" },
  { "facility_usd_per_h", "facility $/h", "I(facility_usd_per_kw)*C(it_kw)*C(facility_crf)/" .. HOURS_PER_YEAR },
  { "board_w", "accelerator W at this utilization", "POWER" },
  { "kwh_per_h", "facility kWh per accelerator-hour", "C(board_w)*I(server_power_multiple)*I(pue)/1000" },
  { "energy_usd_per_h", "energy $/h",
    "C(kwh_per_h)*I(electricity_usd_per_kwh)+C(kwh_per_h)*I(green_share)*I(green_premium_usd_per_kwh)" },
  { "carbon_usd_per_h", "carbon $/h",
    "C(kwh_per_h)*(1-I(green_share))*I(grid_kg_co2_per_kwh)/1000*I(carbon_usd_per_t)" },
  { "opex_usd_per_h", "opex $/h",
    "(I(maintenance_fraction)*C(capex_usd)+I(other_opex_usd_per_year))/" .. HOURS_PER_YEAR },
  { "total_usd_per_h", "total $/h",
    "C(capital_usd_per_h)+C(facility_usd_per_h)+C(energy_usd_per_h)+C(carbon_usd_per_h)+C(opex_usd_per_h)" },
  { "useful_flop_per_h", "useful FLOP per accelerator-hour",
    "I(peak_flops_per_s)*I(mfu)*I(scaling_efficiency)*I(goodput)*3600*I(utilization)" },
  { "usd_per_eflop", "USD per 1e18 useful FLOP (formula)", "C(total_usd_per_h)*" .. EFLOP .. "/C(useful_flop_per_h)" },
}

-- A grid that serves a model (an inference study): tokens stand in for useful FLOP in the same
-- chain (peak_flops_per_s is the serving model's tokens/s per chip, mfu and the rest 1), so the
-- chain's last column is USD per 1e18 tokens, and the $/Mtok columns follow by
-- fc_inference_costs (csrc/core/fc_inference.c): blended = that x 1e-12; input and output share
-- a request's cost by the chip-time each phase takes (prefill_share).
local SERVING_FIELDS = {
  { "input_tokens", "tokens per request (the shape the serving model timed: change it in flopcost)" },
  { "output_tokens", "tokens per request (the shape the serving model timed: change it in flopcost)" },
  { "prefill_share", "share of chip-time in prefill (the serving model's answer)" } }
local SERVING_COLUMNS = {
  { "usd_per_mtok_blended", "USD per million tokens, blended (formula)", "C(usd_per_eflop)*1E-12" },
  { "usd_per_mtok_input", "USD per million input tokens (formula)",
    "C(usd_per_mtok_blended)*(I(input_tokens)+I(output_tokens))*I(prefill_share)/I(input_tokens)" },
  { "usd_per_mtok_output", "USD per million output tokens (formula)",
    "C(usd_per_mtok_blended)*(I(input_tokens)+I(output_tokens))*(1-I(prefill_share))/I(output_tokens)" } }
-- What a serving workbook says instead of training's words.
local SERVING_TEXT = { ["useful FLOP per accelerator-hour"] = "tokens per accelerator-hour",
  ["USD per 1e18 useful FLOP (formula)"] = "USD per 1e18 tokens (formula)",
  ["FLOP/s"] = "tokens/s per chip (the serving model's)",
  ["flopcost USD per 1e18 FLOP"] = "flopcost USD per million tokens, blended" }

-- The columns, input fields, flopcost's own figure and the words of a grid: training's, or a
-- serving grid's.
local function layout_of(grid)
  if not require("flopcost.inference.compare").is_study(grid.study) then
    return COLUMNS, M.FIELDS, function(r) return r.usd_per_eflop end, function(t) return t end
  end
  local cols, fields = table.move(COLUMNS, 1, #COLUMNS, 1, {}), table.move(M.FIELDS, 1, #M.FIELDS, 1, {})
  table.move(SERVING_COLUMNS, 1, #SERVING_COLUMNS, #cols + 1, cols)
  table.move(SERVING_FIELDS, 1, #SERVING_FIELDS, #fields + 1, fields)
  return cols, fields, function(r) return r.usd_per_mtok_blended end, function(t) return SERVING_TEXT[t] or t end
end

-- A serving row's input of `field` (its request shape and prefill share), else the member's.
local function input_of(r, m, field)
  if field == "input_tokens" or field == "output_tokens" or field == "prefill_share" then
    return r.inference and r.inference[field]
  end
  return m[field]
end

local function col_letter(n) -- 1 -> A, 27 -> AA
  local s = ""
  while n > 0 do
    local r = (n - 1) % 26
    s = string.char(65 + r) .. s
    n = (n - 1) // 26
  end
  return s
end

-- The board power formula: a stated mean draw, the curve's Hermite piece at u, or the line.
-- Curve knots in Curves!A(first):C(last); Steffen's interpolant is the cubic Hermite between
-- knots with the knots' slopes, so this reproduces fc_energy_curve_eval to rounding.
local function power_formula(curve)
  local line = ("I(idle_w)+(I(tdp_w)-I(idle_w))*I(utilization)")
  local body = line
  if curve then
    local U = ("Curves!$A$%d:$A$%d"):format(curve.first, curve.last)
    local W = ("Curves!$B$%d:$B$%d"):format(curve.first, curve.last)
    local D = ("Curves!$C$%d:$C$%d"):format(curve.first, curve.last)
    local n = curve.last - curve.first + 1
    local u = "MIN(MAX(I(utilization),INDEX(" .. U .. ",1))," .. "INDEX(" .. U .. "," .. n .. "))"
    local m = ("MIN(MATCH(%s,%s,1),%d)"):format(u, U, n - 1)
    local x0, x1 = ("INDEX(%s,%s)"):format(U, m), ("INDEX(%s,%s+1)"):format(U, m)
    local y0, y1 = ("INDEX(%s,%s)"):format(W, m), ("INDEX(%s,%s+1)"):format(W, m)
    local d0, d1 = ("INDEX(%s,%s)"):format(D, m), ("INDEX(%s,%s+1)"):format(D, m)
    local h = ("(%s-%s)"):format(x1, x0)
    local t = ("((%s-%s)/%s)"):format(u, x0, h)
    body = ("(2*%s^3-3*%s^2+1)*%s+(%s^3-2*%s^2+%s)*%s*%s+(-2*%s^3+3*%s^2)*%s+(%s^3-%s^2)*%s*%s"):format(
      t, t, y0, t, t, t, h, d0, t, t, y1, t, t, h, d1)
  end
  return ("IF(I(average_power_fraction)>0,I(average_power_fraction)*I(tdp_w),%s)"):format(body)
end

-- A template with I(field) and C(name) replaced by cell references.
local function expand(template, input_row, col_of, row)
  return (template:gsub("I%(([%w_]+)%)", function(f)
    local r = input_row[f]
    if not r then check.fail(FN, "no input '%s'", f) end
    return ("Inputs!$E$%d"):format(r)
  end):gsub("C%(([%w_]+)%)", function(name) return ("%s%d"):format(col_letter(col_of[name]), row) end))
end

--- The cells of the workbook for a compare grid: sheets, cells (flopcost.core.xlsx.write's form).
function M.cells(grid)
  check.arg(FN, "grid", grid, function(g) return type(g) == "table" and type(g.results) == "table"
    and type(g.cells) == "table" end, "compare grid (the result of fc.compare.run)")
  local origin = require("flopcost.scenario.explain").origin
  local defaults = require("flopcost.core").scenario.defaults()
  local sheets = { "Inputs", "Results", "Curves", "Provenance" }
  local columns, fields, own, say = layout_of(grid)
  local cells = {}
  local function put(sheet, row, col, v, bold)
    local c = { sheet = sheet, row = row, col = col, bold = bold }
    if type(v) == "number" then c.number = v elseif type(v) == "table" then c.formula, c.value = v[1], v[2]
    else c.text = tostring(v) end
    cells[#cells + 1] = c
  end
  for i, h in ipairs { "row", "mix", "region", "field", "value", "unit", "source" } do put(1, 1, i, h, true) end
  for i, h in ipairs { "mix", "region" } do put(2, 1, i, h, true) end
  local col_of = {}
  for k, c in ipairs(columns) do
    col_of[c[1]] = k + 2
    put(2, 1, k + 2, say(c[2]), true)
  end
  local last = #columns + 2
  put(2, 1, last + 1, say("flopcost USD per 1e18 FLOP"), true)
  put(2, 1, last + 2, "note", true)
  for i, h in ipairs { "utilization", "W", "slope W per unit" } do put(3, 1, i, h, true) end
  local in_row, curve_row, curves = 1, 1, {}
  for k, r in ipairs(grid.results) do
    local s, row = grid.cells[k], k + 1
    local cp = s:core_params()
    put(2, row, 1, r.mix)
    put(2, row, 2, r.region)
    put(2, row, last + 1, own(r))
    if #cp.members ~= 1 then
      put(2, row, last + 2, ("a mix of %d chips, composed by flopcost: a value, not a formula"):format(#cp.members))
    else
      local m, rows = cp.members[1], {}
      for _, f in ipairs(fields) do
        local v = input_of(r, m, f[1])
        if f[1] == "recovery" then v = RECOVERY[v] or v end
        if f[1] == "average_power_fraction" or f[1] == "it_kw_per_accel" or f[1] == "decline_oom_per_year" then
          v = v or 0
        end
        if type(v) == "boolean" then v = v and 1 or 0 end
        in_row = in_row + 1
        rows[f[1]] = in_row
        put(1, in_row, 1, row - 1)
        put(1, in_row, 2, r.mix)
        put(1, in_row, 3, r.region)
        put(1, in_row, 4, f[1])
        put(1, in_row, 5, type(v) == "number" and v or 0)
        put(1, in_row, 6, say(f[2]))
        put(1, in_row, 7, origin(s, 1, f[1], v, defaults))
      end
      local curve
      if m.power_curve and not (m.average_power_fraction and m.average_power_fraction > 0) then
        local name = s.chip_names[1]
        curve = curves[name]
        if not curve then
          local p = m.power_curve:points()
          curve = { first = curve_row + 1 }
          for j = 1, #p.utilization do
            curve_row = curve_row + 1
            put(3, curve_row, 1, p.utilization[j])
            put(3, curve_row, 2, p.power_w[j])
            put(3, curve_row, 3, p.slope_w[j])
          end
          curve.last = curve_row
          curves[name] = curve
        end
      end
      for kk, c in ipairs(columns) do
        local template = c[3] == "POWER" and power_formula(curve) or c[3]
        local cached = (c[1] == "usd_per_eflop" or c[1]:find("^usd_per_mtok")) and r[c[1]] or 0
        put(2, row, kk + 2, { "=" .. expand(template, rows, col_of, row), cached })
      end
      put(2, row, last + 2, curve and ("power from the measured curve of %s (sheet Curves)"):format(s.chip_names[1])
        or "power: idle + (TDP - idle) x utilization")
    end
  end
  local prov = require("flopcost.compare").provenance(grid)
  local keys = {}
  for key in pairs(prov) do keys[#keys + 1] = key end
  table.sort(keys)
  put(4, 1, 1, "provenance", true)
  put(4, 1, 2, "value", true)
  for i, key in ipairs(keys) do
    put(4, i + 1, 1, key)
    put(4, i + 1, 2, type(prov[key]) == "number" and prov[key] or tostring(prov[key]))
  end
  put(4, #keys + 2, 1, "formulas")
  put(4, #keys + 2, 2, "Results: the cost chain of csrc/core/fc_scenario.c (per_hour, per_flop) over Inputs; "
    .. "change an input and the row's cost follows, as flopcost would compute it")
  return sheets, cells
end

--- report.xlsx(grid, path) -> true, or nil, msg, token: the workbook written atomically.
function M.xlsx(grid, path)
  check.arg(FN, "path", path, "string", "path (string)")
  local sheets, cells = M.cells(grid)
  return require("flopcost.core").xlsx.write(path, sheets, cells)
end

return M
