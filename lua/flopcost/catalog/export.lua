--- flopcost.catalog.export: cat:classify and cat:availability: the catalog
-- resolves the names, flopcost.export_rules (pure functions of entries)
-- classifies. (internal)
local check = require "flopcost.check"
local base = require "flopcost.catalog.base"
local Catalog, raise, public = base.Catalog, base.raise, base.public
local check_self, find, unknown, sorted_entries = base.check_self, base.find, base.unknown, base.sorted_entries

local M = {}

local rules = require "flopcost.export_rules"

local function export_rule(self, rule_id, fn, as_of)
  if rule_id == nil then
    return rules.latest(sorted_entries(self, "rules"), as_of)
      or raise(fn .. (as_of and (": no export rule in force at " .. as_of) or ": no export rules loaded"))
  end
  if type(rule_id) == "table" and rule_id.classes then return rule_id end
  if type(rule_id) ~= "string" then check.arg(fn, "rule_id", rule_id, "string", "rule id (string)") end
  return find(self, "rules", rule_id) or unknown(self, "rules", rule_id)
end

local function export_chip(self, chip, fn)
  if type(chip) == "table" then
    if type(chip.peak_tflops) ~= "table" then
      check.bad_arg(fn, "chip", "catalog entry or table with peak_tflops", chip)
    end
    return chip
  end
  if type(chip) ~= "string" then check.arg(fn, "chip", chip, "string", "name or table") end
  return find(self, "chips", chip) or unknown(self, "chips", chip)
end

--- cat:classify(chip, [rule_id]): the class name and info (flopcost.export_rules.classify) of a
-- chip under an export-control rule (models/export_rules.json).
-- @function Catalog:classify
-- @tparam string|table chip a name or alias, or a table with peak_tflops [name]
-- @tparam[opt] string rule_id the rule (default: the latest rule) [name]
-- @treturn string the class, e.g. "3A090.a-case-by-case" or "not controlled" [name]
-- @treturn table the info: tpp [TPP], performance_density [TPP/mm^2], rule, text [text]
-- @raise "flopcost.catalog.classify: argument 'chip': name or table expected, got 1"
-- @usage local cat = fc.catalog.default(); cat:classify("H100-SXM")  --> "3A090.a..."
Catalog.classify = public(function(self, chip, rule_id)
  local fn = "flopcost.catalog.classify"
  check_self(self, fn)
  local c = export_chip(self, chip, fn)
  return rules.classify(c, export_rule(self, rule_id, fn))
end)

--- cat:availability(chip, region, [rule_id], [as_of]) (flopcost.export_rules.availability):
-- without rule_id, the rule in force at as_of (default: the latest) and any
-- decision naming the chip then (H20: licence required from 2025-04-09).
-- @function Catalog:availability
-- @tparam string chip a chip name or alias [name]
-- @tparam string|table region a region name or entry [name]
-- @tparam[opt] string rule_id the rule [name]
-- @tparam[opt] string as_of the date, YYYY-MM-DD [date]
-- @treturn table {available, licence_required, domestic [boolean], premium [fraction of price], premium_lo,
-- premium_hi, rule, class, destination, text} (tostring: one sentence) [availability]
-- @raise "flopcost.catalog.availability: argument 'region': name or region entry expected, got 1"
-- @usage local cat = fc.catalog.default(); cat:availability("H20", "cn-guizhou").available  --> "true"
Catalog.availability = public(function(self, chip, region, rule_id, as_of)
  local fn = "flopcost.catalog.availability"
  check_self(self, fn)
  local c = export_chip(self, chip, fn)
  local reg
  if type(region) == "table" and region.destination then reg = region
  elseif type(region) == "string" then reg = find(self, "regions", region) or unknown(self, "regions", region)
  else check.bad_arg(fn, "region", "name or region entry", region) end
  check.optional(fn, "as_of", as_of, "date")
  local named = rule_id == nil and rules.named(sorted_entries(self, "rules"), c.name, as_of) or nil
  if rule_id == nil and as_of ~= nil and rules.latest(sorted_entries(self, "rules"), as_of) == nil then
    -- before the first rule (3A090, 2022-10-07) nothing was controlled
    return rules.uncontrolled(c, reg, as_of)
  end
  return rules.availability(c, reg, export_rule(self, rule_id, fn, as_of), named)
end)

return M
