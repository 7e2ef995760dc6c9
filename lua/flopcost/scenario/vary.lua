--- flopcost.scenario.vary: where a Monte Carlo `vary` key lands in a
-- scenario (Scenario:vary_target). (internal)
local core = require("flopcost.core").scenario
local check = require "flopcost.check"
local common = require "flopcost.scenario.common"
local describe = require("flopcost.scenario.describe").describe
local sorted_keys, closest = common.sorted_keys, common.closest
local core_fields, REGION_FIELDS = common.core_fields, common.REGION_FIELDS

local M = {}

-- Catalog figures a Monte Carlo can vary by path, and the description field
-- each lands in: chip.<name>.<figure>, process.<name>.<figure>, ...
local CHIP_PATHS = { price_usd = "chip.price_usd", tdp_w = "chip.tdp_w", idle_w = "chip.idle_w",
  server_multiple = "chip.server_multiple", server_power_multiple = "chip.server_power_multiple",
  rental_usd_per_hour = "chip.rental_usd_per_hour", die_area_mm2 = "manufacturing.die_area_mm2",
  dies = "manufacturing.dies", hbm_stacks = "manufacturing.hbm_stacks" }
local PART_PATHS = {
  process = { wafer_cost_usd = true, wafer_diameter_mm = true, edge_exclusion_mm = true, scribe_mm = true,
              defect_density_per_cm2 = true, alpha = true },
  packaging = { cost_usd = "manufacturing.substrate_usd", bonding_yield = "manufacturing.bonding_yield" },
  hbm = { cost_usd_per_gb = "manufacturing.hbm_usd_per_gb", gb_per_stack = "manufacturing.hbm_gb_per_stack" },
}
local RUN_PATHS = { params = "mfu_from.params", active_params = "mfu_from.active_params",
  tokens = "mfu_from.tokens", gpu_hours = "mfu_from.gpu_hours" }

local desc_fields
local function is_desc_field(name)
  if not desc_fields then
    desc_fields = {}
    local f = core.desc_fields()
    for _, n in ipairs(f.scenario) do desc_fields[n] = "scenario" end
    for _, n in ipairs(f.chip) do desc_fields[n] = "chip" end
  end
  return desc_fields[name]
end

--- Where a Monte Carlo `vary` key lands in this scenario: a core field
-- ("utilization", "chip_price_usd[2]"), a field of the description
-- ("wacc_parts.cost_of_debt", "manufacturing.defect_density_per_cm2",
-- "goodput.mtbf_h", "chip_price_premium"), or a catalog figure by path
-- ("chip.H100-SXM.price_usd", "process.SMIC-N+2.defect_density_per_cm2",
-- "packaging.CoWoS-S.cost_usd", "hbm.HBM3.cost_usd_per_gb",
-- "region.us-va.electricity_price_per_kwh", "fx.CNY", "run.DeepSeek-V3.gpu_hours").
-- Returns {field =, member =, chips = {indices}} for core.mc.run's inputs,
-- or nil, message, "not_applicable" when a well-formed path names a chip,
-- part, region or run this scenario does not use; raises for a bad key.
function M.target(self, key)
  local fn = "flopcost.montecarlo"
  local function bad(msg) check.fail(fn, "field 'vary': '%s': %s", key, msg) end
  local function na(msg) return nil, ("%s: field 'vary': '%s': %s"):format(fn, key, msg), "not_applicable" end
  if self.parts == nil then describe(self) end
  local cat = self.catalog
  local field, member = key:match("^([%w_%.]+)%[(%d+)%]$")
  if field then member = tonumber(member) else field = key end
  if core_fields[field] or is_desc_field(field) then return { field = field, member = member } end
  local kind, rest = key:match("^(%a+)%.(.+)$")
  local function chips_where(pred)
    local list = {}
    for i = 1, #self.chip_names do if pred(i) then list[#list + 1] = i end end
    return list
  end
  if kind == "chip" then
    local best
    for name in pairs(CHIP_PATHS) do
      if rest:sub(-#name - 1) == "." .. name and (not best or #name > #best) then best = name end
    end
    if not best then bad("no such chip figure (one of: " .. table.concat(sorted_keys(CHIP_PATHS), ", ") .. ")") end
    local entry = cat:chip(rest:sub(1, -#best - 2))
    local list = chips_where(function(i) return cat:chip(self.chip_names[i]).name == entry.name end)
    if #list == 0 then return na(("chip '%s' is not in this scenario's mix"):format(entry.name)) end
    local target = CHIP_PATHS[best]
    if target:match("^manufacturing") and not self.opts.manufacturing then
      bad("the scenario has no manufacturing = {...}: the chip's price does not come from its yield chain")
    end
    return { field = target, chips = list }
  elseif PART_PATHS[kind] then
    local name, fig = rest:match("^(.+)%.([%w_]+)$")
    local map = name and PART_PATHS[kind][fig]
    if not map then bad(("no such %s figure"):format(kind)) end
    local entry = cat[kind](cat, name)
    local list = chips_where(function(i) return self.parts[i][kind] == entry.name end)
    if #list == 0 then
      return na(("no chip of this scenario is manufactured with %s '%s' (manufacturing = {...})"):format(kind,
        entry.name))
    end
    return { field = map == true and ("manufacturing." .. fig) or map, chips = list }
  elseif kind == "region" then
    local name, fig = rest:match("^(.+)%.([%w_]+)$")
    local region = self.region_entry
    if not (name and fig) then bad("region.<name>.<figure> expected") end
    if name ~= region.name then return na(("the scenario's region is '%s'"):format(tostring(region.name))) end
    for _, f in ipairs(REGION_FIELDS) do if f == fig then return { field = "region." .. fig } end end
    bad("no such region figure (one of: " .. table.concat(REGION_FIELDS, ", ") .. ")")
  elseif kind == "fx" then
    local region = self.region_entry
    if region.currency ~= rest then
      return na(("the scenario's region prices in %s, not %s"):format(tostring(region.currency or "USD"), rest))
    end
    return { field = "region.fx_per_usd" }
  elseif kind == "run" then
    local name, fig = rest:match("^(.+)%.([%w_]+)$")
    if not (fig and RUN_PATHS[fig]) then bad("run.<name>.<params|active_params|tokens|gpu_hours> expected") end
    if self.opts.mfu_from == nil or cat:run(self.opts.mfu_from).name ~= cat:run(name).name then
      return na("the scenario takes no MFU from that run (mfu_from)")
    end
    return { field = RUN_PATHS[fig] }
  end
  local list = {}
  for f in pairs(core_fields) do list[#list + 1] = f end
  local near = closest(field, list)
  bad("not a scenario field, description field or catalog path" .. (near and (" (did you mean '%s'?)"):format(near) or ""))
end

return M
