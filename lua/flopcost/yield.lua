--- flopcost.yield: dies per wafer, yield models, cost per good die, packages
-- (C core, see csrc/core/fc_yield.h for formulas and sources) and a chiplet vs
-- monolithic comparison built from the package model.
local core = require("flopcost.core").yield

local M = {}
for k, v in pairs(core) do M[k] = v end

local FN = "flopcost.yield.chiplet_vs_monolithic"

local KNOWN = {
  total_area_mm2 = true, chiplets = true, d2d_overhead = true, wafer_cost_usd = true,
  wafer_diameter_mm = true, edge_exclusion_mm = true, scribe_mm = true, model = true,
  defect_density_per_cm2 = true, alpha = true, critical_layers = true, bonding_yield = true,
  interposer_usd_per_mm2 = true, interposer_defect_density_per_cm2 = true, interposer_alpha = true,
  interposer_area_factor = true, hbm_stacks = true, hbm_stack_cost_usd = true, substrate_usd = true,
  assembly_usd = true, test_usd = true,
}

--- chiplet_vs_monolithic{total_area_mm2 = 800, chiplets = 2, d2d_overhead = 0.1, wafer_cost_usd =,
--   defect_density_per_cm2 =, model =, alpha =, bonding_yield =, interposer_usd_per_mm2 =, ...}
-- One die of the whole logic area against `chiplets` dies of area/chiplets
-- x (1 + d2d_overhead) (die-to-die interface area), both on the same
-- interposer (area_factor x logic area) with the same HBM. Returns
-- { monolithic = <package>, chiplet = <package>, ratio = chiplet / monolithic }.
function M.chiplet_vs_monolithic(o)
  if type(o) ~= "table" then error(FN .. ": options table expected, got " .. type(o), 2) end
  for k in pairs(o) do
    if not KNOWN[k] then error(("%s: unknown field '%s'"):format(FN, tostring(k)), 2) end
  end
  local n = o.chiplets or 2
  if math.type(n) ~= "integer" or n < 2 then
    error(("%s: field 'chiplets': integer >= 2 expected, got %s"):format(FN, tostring(n)), 2)
  end
  local over = o.d2d_overhead or 0.1
  if type(over) ~= "number" or over < 0 or over ~= over or over == math.huge then
    error(("%s: field 'd2d_overhead': non-negative number expected, got %s"):format(FN, tostring(over)), 2)
  end
  local area = o.total_area_mm2
  local function die(a, count)
    return { wafer_cost_usd = o.wafer_cost_usd, wafer_diameter_mm = o.wafer_diameter_mm, die_area_mm2 = a,
      edge_exclusion_mm = o.edge_exclusion_mm, scribe_mm = o.scribe_mm, model = o.model,
      defect_density_per_cm2 = o.defect_density_per_cm2, alpha = o.alpha,
      critical_layers = o.critical_layers, count = count }
  end
  local function pkg(dies, logic_area)
    return core.package { dies = dies, hbm_stacks = o.hbm_stacks, hbm_stack_cost_usd = o.hbm_stack_cost_usd,
      interposer_area_mm2 = o.interposer_usd_per_mm2 and logic_area * (o.interposer_area_factor or 2) or nil,
      interposer_usd_per_mm2 = o.interposer_usd_per_mm2,
      interposer_defect_density_per_cm2 = o.interposer_defect_density_per_cm2,
      interposer_alpha = o.interposer_alpha, substrate_usd = o.substrate_usd,
      assembly_usd = o.assembly_usd, bonding_yield = o.bonding_yield, test_usd = o.test_usd }
  end
  if type(area) ~= "number" or not (area > 0) or area == math.huge then
    error(("%s: field 'total_area_mm2': positive number expected, got %s"):format(FN, tostring(area)), 2)
  end
  local chiplet_area = area / n * (1 + over)
  local mono = pkg({ die(area, 1) }, area)
  local chip = pkg({ die(chiplet_area, n) }, chiplet_area * n)
  return { monolithic = mono, chiplet = chip, ratio = chip.total_usd / mono.total_usd,
    chiplet_area_mm2 = chiplet_area }
end

return M
