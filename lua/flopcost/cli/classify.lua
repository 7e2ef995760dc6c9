--- flopcost classify CHIP: the export-control class of a chip under each rule.
local M = {}

M.summary = "Export-control class of a chip (all rules by default)."

function M.configure(p)
  p:argument("CHIP", "A chip name or alias (see 'flopcost catalog chips')."):target("chip")
  p:option("--rule", "One rule id (see 'flopcost catalog rules')."):argname("ID")
  p:option("--region", "Also show the chip's availability in this region."):argname("NAME")
end

function M.run(a, common)
  local fc = require "flopcost"
  local cat = fc.catalog.default()
  cat:chip(a.chip) -- an unknown chip or region fails here, with suggestions, before any output
  if a.region then cat:region(a.region) end
  local rules = a.rule and { cat:rule(a.rule).id or a.rule } or cat:rules()
  local wrap = require("flopcost.compare").wrap
  local fmt = "%-26s %-22s %8s %7s  %s"
  common.out(fmt:format("rule", "class", "TPP", "PD", "within the catalog's ranges"))
  local ranged
  for _, rule in ipairs(rules) do
    local class, info = cat:classify(a.chip, rule)
    local within = info.robust and "same" or table.concat(info.classes_in_range, " or ")
    if not info.determined then within = "undetermined (missing " .. table.concat(info.missing, ", ") .. ")" end
    common.out(fmt:format(rule, class, info.tpp and ("%.0f"):format(info.tpp) or "-",
      info.pd and ("%.2f"):format(info.pd) or "-", within))
    if #info.ranged > 0 then ranged = info.ranged end
  end
  if ranged then
    local parts = {}
    for _, f in ipairs(ranged) do parts[#parts + 1] = ("%s %.6g-%.6g"):format(f.path, f.lo, f.hi) end
    common.out(table.concat(wrap("ranges: the class at every corner of the catalog's uncertain figures ("
      .. table.concat(parts, ", ") .. ")", 100, "  "), "\n"))
  end
  if a.region then
    common.out(table.concat(wrap(tostring(cat:availability(a.chip, a.region)), 100, "  "), "\n"))
  end
  return 0
end

return M
