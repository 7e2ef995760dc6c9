--- flopcost.report.summary: one result as multi-line text (the engine's
-- __tostring). (internal)
local validate = require "flopcost.report.validate"
local fmt = require "flopcost.report.format"
local COMPONENTS, check_result, component = validate.COMPONENTS, validate.check_result, validate.component

local M = {}

local COMPONENT_LABEL = {
  chip = "chip", server = "server", network = "network", facility = "facility",
  energy = "energy", carbon = "carbon", opex = "opex",
}

local function title_of(r)
  local where = r.region_label and (r.region_label .. " (" .. r.region .. ")") or r.region
  return where .. ", " .. r.mix
end

local function money(x)
  if math.abs(x) >= 1e9 then return ("$%.2fB"):format(x / 1e9) end
  return ("$%.1fM"):format(x / 1e6)
end

--- The build-out's lines of a result built with fc.scenario{build = {...}} (none without):
-- when power comes and why, the construction and its interest, bridge power, the chips.
function M.build_lines(r)
  local b = r.build
  if not b then return {} end
  local out = {
    ("  build-out: %g MW decided %s; power at month %g (%s), waiting on %s; grid %s"):format(b.it_mw or 0,
      b.start, b.time_to_power_months, b.energized, b.waiting_on, b.grid),
    ("  construction %s (%s per MW), interest during construction and waiting %s"):format(
      money(b.construction_capex_usd), money(b.construction_capex_usd_per_mw), money(b.interest_during_construction_usd)),
  }
  if b.bridge_run_months > 0 then
    out[#out + 1] = ("  bridge power (%s) %g months: capex %s, fuel %s, %s t CO2"):format(b.bridge,
      b.bridge_run_months, money(b.bridge_capex_usd), money(b.bridge_fuel_usd), fmt.qty(b.bridge_t_co2))
  end
  out[#out + 1] = ("  chips bought %s: x%.3f the decision's price%s; costs above are at power"):format(
    b.chips_bought, b.chip_price_factor, b.idle_chip_months > 0 and (", idle %g months"):format(b.idle_chip_months)
    or "")
  return out
end

--- The water line of a result (none when its region has no water figures).
function M.water_line(r)
  if not r.water_l_per_eflop then return nil end
  if r.water_l_per_mtok then
    return ("  water: %s L per million tokens (on + off site)"):format(fmt.sig(r.water_l_per_mtok, 3))
  end
  return ("  water: %s L per EFLOP (%s on site, %s off site)"):format(fmt.sig(r.water_l_per_eflop, 3),
    fmt.sig(r.water_onsite_l_per_eflop, 3), fmt.sig(r.water_offsite_l_per_eflop, 3))
end

--- report.result_string(result) -> string: a multi-line summary of one result (what
-- tostring(r) prints): the region, the mix, $/EFLOP with its breakdown, the cloud side, sources.
-- @tparam table r a result of s:evaluate() [result]
-- @treturn string the summary, lines of at most 100 columns [text]
-- @raise "flopcost.report.result_string: argument 'result': result table expected, got 1"
-- @usage local r = fc.scenario{region = "us-va", chip = "H100-SXM"}:evaluate();
--   fc.report.result_string(r)  --> "United States - Virginia..."
function M.result_string(r)
  check_result("result_string", "result", r)
  local inference = require "flopcost.inference.report" -- a serving result reads in $ per million tokens
  if inference.is_result(r) then return inference.result_string(r) end
  local out = {}
  out[#out + 1] = title_of(r)
  out[#out + 1] = string.format("  %s per 1e18 useful training FLOP", fmt.usd(r.usd_per_eflop))
  local has_h = type(r.per_hour) == "table"
  out[#out + 1] = string.format("  %-10s %10s %7s%s", "component", "$/EFLOP", "share",
    has_h and string.format(" %10s", "$/acc-h") or "")
  for _, k in ipairs(COMPONENTS) do
    local v = component(r, k)
    local share = r.usd_per_eflop ~= 0 and 100 * v / r.usd_per_eflop or nil
    local h = has_h and r.per_hour[k] and string.format(" %10s", fmt.usd(r.per_hour[k])) or ""
    out[#out + 1] = string.format("  %-10s %10s %7s%s", COMPONENT_LABEL[k], fmt.usd(v),
      share and fmt.pct(share) or "-", h)
  end
  if has_h and r.per_hour.total then
    out[#out + 1] = string.format("  %-10s %10s %7s %10s", "total", fmt.usd(r.usd_per_eflop), "100%",
      fmt.usd(r.per_hour.total))
  end
  local facts = {}
  if r.useful_flop_per_h then facts[#facts + 1] = fmt.sci(r.useful_flop_per_h) .. " useful FLOP/h" end
  if r.power_w then facts[#facts + 1] = fmt.qty(r.power_w) .. " W" end
  if r.kwh_per_eflop then facts[#facts + 1] = fmt.qty(r.kwh_per_eflop) .. " kWh/EFLOP" end
  if r.kg_co2_per_eflop then facts[#facts + 1] = fmt.qty(r.kg_co2_per_eflop) .. " kg CO2/EFLOP" end
  if #facts > 0 then out[#out + 1] = "  per accelerator: " .. table.concat(facts, ", ") end
  if r.cloud and r.cloud.usd_per_eflop then
    local s = "  cloud rental: " .. fmt.usd(r.cloud.usd_per_eflop) .. "/EFLOP"
    if r.cloud.owned_to_cloud then
      s = s .. string.format("; owning costs %.2fx the cloud price", r.cloud.owned_to_cloud)
    end
    out[#out + 1] = s
  end
  local j = r.job
  if j and j.cost_usd then
    local parts = { fmt.usd(j.cost_usd) }
    if j.days then parts[#parts + 1] = fmt.qty(j.days) .. " days" end
    if j.chips then parts[#parts + 1] = fmt.int(j.chips) .. " chips" end
    if j.chip_hours then parts[#parts + 1] = fmt.qty(j.chip_hours) .. " chip-hours" end
    if j.mwh then parts[#parts + 1] = fmt.qty(j.mwh) .. " MWh" end
    if j.t_co2 then parts[#parts + 1] = fmt.qty(j.t_co2) .. " t CO2" end
    out[#out + 1] = string.format("  %s FLOP job: %s", j.flops and fmt.sci(j.flops) or "reference",
      table.concat(parts, ", "))
  end
  local l = r["local"]
  if l and l.per_eflop then
    out[#out + 1] = string.format("  local currency: %s %s/EFLOP", l.currency or "?", fmt.sig(l.per_eflop, 3))
  end
  out[#out + 1] = M.water_line(r)
  for _, line in ipairs(M.build_lines(r)) do out[#out + 1] = line end
  local iv = r.interval
  if iv and iv.p05 and iv.p95 then
    out[#out + 1] = string.format("  90%% interval: %s to %s%s", fmt.usd(iv.p05), fmt.usd(iv.p95),
      iv.p50 and (" (median " .. fmt.usd(iv.p50) .. ")") or "")
  end
  return table.concat(out, "\n")
end



return M
