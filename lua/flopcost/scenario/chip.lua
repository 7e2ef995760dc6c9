--- flopcost.scenario.chip: one chip of a scenario's description, from its
-- catalog entry: peak, power, price, rental, premium, power curve and the
-- inputs of its yield chain (manufacturing = {...}). (internal)
local core = require("flopcost.core").scenario
local core_price = require("flopcost.core").price
local common = require "flopcost.scenario.common"
local prices = require "flopcost.scenario.prices"
local fail, sorted_keys, shown_type = common.fail, common.sorted_keys, common.shown_type
local check_keys, set_of, index0 = common.check_keys, common.set_of, common.index0

local M = {}

local curve_cache = setmetatable({}, { __mode = "k" })

--- The chip's measured power curve as a core object (built once per chip table).
local function power_curve_of(chip)
  local pc = chip.power_curve
  if not pc then return nil end
  if not curve_cache[chip] then
    local energy = require("flopcost.core").energy
    curve_cache[chip] = energy.power_curve { utilization = pc.utilization, power_w = pc.power_w }
  end
  return curve_cache[chip]
end

local function precision_list(chip)
  local l = sorted_keys(chip.peak_tflops or {})
  return table.concat(l, ", ")
end

local MANUFACTURING = set_of { "process", "die_area_mm2", "dies", "yield", "packaging", "hbm", "hbm_stacks",
  "markup", "test_usd", "assembly_usd" }

--- The inputs of the yield chain for one chip, looked up by name in the
-- catalog (process, packaging, HBM): fields of a description chip.
-- m = { process = (chip's), die_area_mm2 = (chip's), dies = (chip's), yield = (or the
-- negative binomial model from the process D0 and alpha), packaging = (NAMED's,
-- "CoWoS-S"), hbm = (NAMED's, "HBM3"), hbm_stacks = (chip's), markup, test_usd, assembly_usd }
local function manufacturing_into(c, cat, chip, m)
  if type(m) ~= "table" then
    fail(("field 'manufacturing': table {process=, yield=, hbm=, ...} expected, got %s"):format(shown_type(m)))
  end
  check_keys(m, MANUFACTURING, "manufacturing")
  local process = cat:process(m.process or chip.process or
    fail("field 'manufacturing': process expected (the chip has none in the catalog)"))
  c["manufacturing"] = 1
  c["manufacturing.wafer_cost_usd"] = process.wafer_cost_usd
  c["manufacturing.wafer_diameter_mm"] = process.wafer_diameter_mm
  c["manufacturing.edge_exclusion_mm"] = process.edge_exclusion_mm
  c["manufacturing.scribe_mm"] = process.scribe_mm
  c["manufacturing.defect_density_per_cm2"] = process.defect_density_per_cm2
  c["manufacturing.alpha"] = process.alpha
  c["manufacturing.die_area_mm2"] = m.die_area_mm2 or chip.die_area_mm2
  c["manufacturing.dies"] = m.dies or chip.dies
  c["manufacturing.yield"] = m.yield
  local pk = cat:packaging(m.packaging or common.NAMED["manufacturing.packaging"])
  local parts = { process = process.name, packaging = pk.name }
  c["manufacturing.substrate_usd"] = pk.cost_usd
  c["manufacturing.bonding_yield"] = pk.bonding_yield
  local stacks = m.hbm_stacks or chip.hbm_stacks
  c["manufacturing.hbm_stacks"] = stacks
  if stacks and stacks > 0 then
    local hbm = cat:hbm(m.hbm or common.NAMED["manufacturing.hbm"])
    parts.hbm = hbm.name
    c["manufacturing.hbm_gb_per_stack"], c["manufacturing.hbm_usd_per_gb"] = hbm.gb_per_stack, hbm.cost_usd_per_gb
  end
  c["manufacturing.markup"], c["manufacturing.test_usd"], c["manufacturing.assembly_usd"] =
    m.markup, m.test_usd, m.assembly_usd
  for k, v in pairs(c) do
    if k:match("^manufacturing%.") and type(v) ~= "number" then
      fail(("field 'manufacturing.%s': number expected, got %s"):format(k:sub(15), shown_type(v)))
    end
  end
  return parts
end

--- Manufactured chip price from the yield chain (composed in C): wafer, die yield, HBM,
-- packaging, test and markup (csrc/core/fc_yield.h).
-- @tparam table cat the catalog [catalog]
-- @tparam table chip a catalog chip entry (cat:chip) [entry]
-- @tparam table m the manufacturing: process, hbm [name], hbm_stacks [count], markup [fraction], test_usd,
-- assembly_usd [USD]
-- @treturn number the price [USD]
-- @treturn table the package breakdown {total_usd, logic_usd, hbm_usd, substrate_usd, scrap_usd [USD],
-- bonding_yield [fraction], dies = {...}} [USD]
-- @raise "flopcost.scenario.manufactured_price: argument 'cat': catalog object expected, got 1"
-- @usage local cat = fc.catalog.default();
--   fc.scenario.manufactured_price(cat, cat:chip("Ascend-910B"), {process = "SMIC-N+2", hbm = "HBM2e",
--   hbm_stacks = 4})  --> 4905
function M.manufactured_price(cat, chip, m)
  local fn = "flopcost.scenario.manufactured_price"
  if type(cat) ~= "table" or type(cat.process) ~= "function" then
    require("flopcost.check").bad_arg(fn, "cat", "catalog object", cat)
  end
  require("flopcost.check").arg(fn, "chip", chip, "table", "catalog chip entry (table)")
  local c = {}
  manufacturing_into(c, cat, chip, m)
  return core.manufacture(c)
end

--- A description chip from the catalog entry.
local function chip_desc(chip, opts, region, cat, count)
  local c = { name = chip.name, count = count }
  local precision = opts.precision or common.NAMED.precision
  local tflops = common.peak_tflops(chip, precision)
  -- serving may store weights below the chip's lowest compute precision
  if opts.workload ~= nil then tflops = require("flopcost.inference").peak_tflops(chip, precision) or tflops end
  if not tflops then
    fail(("chip '%s' has no dense %s figure in the catalog (it has: %s)"):format(
      chip.name, precision, precision_list(chip)))
  end
  c["chip.peak_flops_per_s"] = tflops * 1e12
  c["chip.tdp_w"], c["chip.idle_w"] = chip.tdp_w, chip.idle_w
  local price = prices.price_of(cat, chip, opts)
  if price then
    c["chip.price_usd"], c["chip.price_basis"] = price.usd, index0(core_price.bases, price.basis)
  end
  c["chip.server_multiple"], c["chip.server_power_multiple"] = chip.server_multiple, chip.server_power_multiple
  local rental, no_cloud = require("flopcost.scenario.rental").rental_of(cat, chip, region, opts)
  c["chip.rental_usd_per_hour"] = rental and rental.usd
  local parts
  if opts.manufacturing ~= nil then parts = manufacturing_into(c, cat, chip, opts.manufacturing) end
  c.chip_price_premium = prices.premium_of(cat, chip, region, opts)
  if opts.use_power_curve ~= false then c.power_curve = power_curve_of(chip) end
  if opts.workload ~= nil then require("flopcost.inference")._chip_into(c, chip) end
  return c, parts, price, no_cloud, rental
end

M.power_curve_of, M.chip_desc = power_curve_of, chip_desc

return M
