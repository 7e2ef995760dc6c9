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

--- availability(chip, region, [rule_id], [catalog]): cat:availability on the given catalog
-- (default: the bundled one): whether the chip can be bought in the region, under which rule, at
-- which premium.
-- @tparam string chip a chip name or alias [name]
-- @tparam string region a region name [name]
-- @tparam[opt] string rule_id the rule (default: the one in force) [name]
-- @tparam[opt] table cat the catalog [catalog]
-- @treturn table as cat:availability: available, licence_required, domestic [boolean], premium [fraction
-- of price], rule, text [availability]
-- @raise "flopcost.export.availability: argument 'chip': name or table expected, got 1"
-- @usage fc.export.availability("H20", "cn-guizhou").available  --> "true"
function M.availability(chip, region, rule_id, cat)
  if is_catalog(rule_id) then rule_id, cat = nil, rule_id end
  return call("availability", cat or catalog.default(), chip, region, rule_id)
end

--- Performance density: TPP per mm^2 of die area, the second test of the US rules of 2023
-- (15 CFR 772.1 "performance density"; C: fc_export_performance_density).
-- @function performance_density
-- @tparam table opts the chip
-- @tparam number opts.tpp total processing performance (fc.export.tpp) [TPP]
-- @tparam number opts.die_area_mm2 applicable die area [mm^2]
-- @treturn number TPP per mm^2 [TPP/mm^2]
-- @raise "flopcost.export.performance_density: field 'die_area_mm2': positive number expected, got 0"
-- @usage fc.export.performance_density{tpp = 15832, die_area_mm2 = 814}  --> 19.4496

--- The bit lengths of the precisions the catalog names (fp8 = 8, bf16 = 16, ...), as TPP counts them.
-- @function precision_bits
-- @treturn table precision name -> bit length [bits]
-- @raise none: takes no arguments
-- @usage fc.export.precision_bits().fp8  --> 8

--- A licence status from a policy text: "none" for nil, "denied" or "domestic" when the text says
-- so, "required" otherwise (C: fc_export_status).
-- @function status
-- @tparam[opt] string policy the rule's policy text [text]
-- @tparam[opt] boolean domestic the chip is made in the country of destination [boolean]
-- @treturn string "none", "required", "denied" or "domestic" [name]
-- @raise "flopcost.export.status: argument 'policy': policy text (string) or nil expected, got table"
-- @usage fc.export.status("license required")  --> "required"

--- The rule in force on a date: the index of the last effective date not after `as_of` whose
-- rule applies (C: fc_export_rule_at).
-- @function rule_at
-- @tparam table opts the rules
-- @tparam {string,...} opts.effective effective dates, YYYY-MM-DD, ascending [date]
-- @tparam {boolean,...} opts.applies one per date: whether that rule applies [boolean]
-- @tparam[opt] string opts.as_of the date [date]; the latest rule when nil
-- @treturn integer the index into effective, or nil when no rule is in force yet [index]
-- @raise "flopcost.export.rule_at: field 'as_of': date YYYY, YYYY-MM or YYYY-MM-DD expected, got 'x'"
-- @usage fc.export.rule_at{effective = {"2022-10-07", "2023-10-17"}, applies = {true, true},
--   as_of = "2023-01-01"}  --> 1

--- The price premium of a chip bought under a licence status: nothing when none is needed;
-- otherwise the chip's grey-market premium, the catalog's default or the rule's (C: fc_export_premium).
-- @function premium
-- @tparam table opts the status and the premiums
-- @tparam string opts.status "none", "required", "denied" or "domestic" [name]
-- @tparam[opt] number opts.grey_chip the chip's grey-market premium [fraction of price]
-- @tparam[opt] number opts.grey_default the catalog's default premium [fraction of price]
-- @tparam[opt] number opts.rule the rule's premium [fraction of price]
-- @treturn number the premium [fraction of price]
-- @treturn string which figure it is: "none", "grey_chip", "grey_default" or "rule" [name]
-- @raise "flopcost.export.premium: field 'status': one of 'none', 'required', 'denied', 'domestic'
-- expected, got 'x'"
-- @usage fc.export.premium{status = "denied", grey_default = 0.5}  --> 0.5

return M
