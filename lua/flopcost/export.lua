--- flopcost.export: export-control metrics (C core) and classification and
-- availability under the rules of models/export_rules.json.
--   fc.export.tpp{tops = 989.5, bits = 16}                 --> 15832
--   fc.export.tpp{peak_tops = {bf16 = 989.5, fp8 = 1979}}  --> 15832, "bf16" (or "fp8": a tie)
--   fc.export.performance_density{tpp = 15832, die_area_mm2 = 814}
--   fc.export.classify("H20", "3A090-2023")                --> "not controlled", info
--   fc.export.availability("H100-SXM", "cn-guizhou")       --> {class, policy, available, premium, ...}
-- classify and availability use the bundled catalog unless a catalog is
-- passed as a last argument.
local core = require("flopcost.core").export
local rules = require "flopcost.export_rules"
local catalog = require "flopcost.catalog"

local M = {}
for k, v in pairs(core) do M[k] = v end

local function is_catalog(x) return getmetatable(x) == catalog.Catalog end

--- classify(chip, [rule_id], [catalog]): class name and info.
function M.classify(chip, rule_id, cat)
  if is_catalog(rule_id) then rule_id, cat = nil, rule_id end
  return rules.classify(cat or catalog.default(), chip, rule_id)
end

--- availability(chip, region, [rule_id], [catalog]).
function M.availability(chip, region, rule_id, cat)
  if is_catalog(rule_id) then rule_id, cat = nil, rule_id end
  return rules.availability(cat or catalog.default(), chip, region, rule_id)
end

return M
