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

--- Total processing performance of a chip (ECCN 3A090): TPP = 2 x MacTOPS x bit length = dense TOPS
-- x bits, the largest over precisions with peak_tops (C: fc_export_tpp_max).
-- @function tpp
-- @tparam table opts one precision (tops, bits) or several (peak_tops)
-- @tparam[opt] number opts.tops dense tera-operations per second at that precision [TOPS]
-- @tparam[opt] integer opts.bits bit length: 4, 8, 16, 32 or 64 [bits]
-- @tparam[opt] table opts.peak_tops precision name = dense TOPS, e.g. {bf16 = 989.5} [TOPS]
-- @treturn number TPP [TOPS x bits]
-- @treturn string|nil the precision that gives it (with peak_tops) [name]
-- @raise "flopcost.export.tpp: field 'bits': one of 4, 8, 16, 32, 64 expected, got 12"
-- @usage fc.export.tpp{tops = 989.5, bits = 16}   --> 15832

--- The export-control class of a chip under a rule of models/export_rules.json (cat:classify).
-- @tparam string chip a catalog chip (name or alias) [name]
-- @tparam[opt] string rule_id the rule (default: every rule's own order, the latest applying) [id]
-- @tparam[opt] Catalog cat the catalog (default: the bundled one) [catalog]
-- @treturn string the class, e.g. "3A090.a" or "not controlled" [name]
-- @treturn string how it was reached: the rule, TPP and performance density [text]
-- @raise "flopcost.catalog: unknown chip 'H2O' (did you mean 'H20'?)" for an unknown chip or rule
-- @usage fc.export.classify("H100-SXM", "3A090-2023")   --> "3A090.a"
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
