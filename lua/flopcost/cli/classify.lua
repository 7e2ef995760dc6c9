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
  for _, rule in ipairs(rules) do
    local c = cat:classify(a.chip, rule)
    common.out(("%-28s %s"):format(rule, type(c) == "table" and (c.class or tostring(c)) or tostring(c)))
  end
  if a.region then
    common.out(tostring(cat:availability(a.chip, a.region)))
  end
  return 0
end

return M
