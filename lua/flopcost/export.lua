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
local catalog = require "flopcost.catalog"
local errors = require "flopcost.errors"

local M = {}
for k, v in pairs(core) do M[k] = v end

local function is_catalog(x) return getmetatable(x) == catalog.Catalog end

-- cat:<method>(...) under this module's name, raised at the caller's line.
local function call(method, cat, ...)
  local res = table.pack(pcall(cat[method], cat, ...))
  if not res[1] then
    errors.raise((tostring(res[2]):gsub("^flopcost%.catalog%." .. method, "flopcost.export." .. method)))
  end
  return table.unpack(res, 2, res.n)
end

--- classify(chip, [rule_id], [catalog]): class name and info (cat:classify).
function M.classify(chip, rule_id, cat)
  if is_catalog(rule_id) then rule_id, cat = nil, rule_id end
  return call("classify", cat or catalog.default(), chip, rule_id)
end

--- availability(chip, region, [rule_id], [catalog]) (cat:availability).
function M.availability(chip, region, rule_id, cat)
  if is_catalog(rule_id) then rule_id, cat = nil, rule_id end
  return call("availability", cat or catalog.default(), chip, region, rule_id)
end

return M
