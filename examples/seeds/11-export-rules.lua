-- Claim 11: which chips fall under 3A090.a/.b, the Jan 2026 case-by-case test
-- (TPP < 21,000 and DRAM bandwidth < 6,500 GB/s), and what a Chinese buyer's
-- cost per FLOP is on each chip available to them.
local dir = (arg and arg[0] or ""):match("^(.*)[/\\]") or "."
local C = dofile(dir .. "/common.lua")
local fc = C.fc

C.header(11, "Which chips fall under which export rule; a Chinese buyer's cost per FLOP",
  "rules as data in models/export_rules.json; buyer in cn-guizhou, utilization 0.7")

local chips = { "A100-SXM", "H100-SXM", "H800-SXM", "H20", "H200", "B200", "B30A", "MI300X", "MI325X",
  "Ascend-910B", "Ascend-910C" }
local rules = { "3A090-2022", "3A090-2023", "china-case-by-case-2026" }
print(("   %-12s %8s %7s   %-16s %-16s %-22s"):format("chip", "TPP", "PD", rules[1], rules[2], rules[3]))
for _, name in ipairs(chips) do
  local _, info = fc.export.classify(name, rules[2])
  local cls = {}
  for i, rule in ipairs(rules) do
    local class, inf = fc.export.classify(name, rule)
    -- "?": the catalog lacks a figure this rule needs (e.g. a chip's I/O bandwidth for the 2022 rule)
    cls[i] = inf.determined and class or (class .. " ?")
  end
  print(("   %-12s %8.0f %7s   %-16s %-16s %-22s"):format(name, info.tpp or 0,
    info.pd and ("%.2f"):format(info.pd) or "-", cls[1], cls[2], cls[3]))
end
-- access for a buyer in China under the 2026 rule: available (no licence, or
-- domestic supply), licence required (case-by-case), denied (presumption of denial)
local function access(a)
  if not a.available then return "denied" end
  if a.licence_required and not a.domestic then return "licence required" end
  return "available"
end
print("   cost per 1e18 FLOP for a buyer in Guizhou (2026 rule):")
local sc, r, acc, inputs = {}, {}, {}, {}
for _, name in ipairs(chips) do
  local a = fc.export.availability(name, "cn-guizhou")
  acc[name] = access(a)
  local ok, res = pcall(function()
    return fc.scenario { region = "cn-guizhou", chip = name, utilization = 0.7 }:evaluate()
  end)
  local cost = ok and C.money(res.usd_per_eflop) or "no price in the catalog"
  print(("   %-12s %-17s %-38s %s%s"):format(name, acc[name], a.domestic and "domestic supply" or a.policy, cost,
    (a.premium or 0) > 0 and (" (incl. +%d%% %s)"):format(math.floor(100 * a.premium + 0.5),
      a.available and "licence fee" or "grey-market premium") or ""))
  if ok and acc[name] ~= "denied" then
    sc[name] = fc.scenario { region = "cn-guizhou", chip = name, utilization = 0.7 }
    r[name] = res
    inputs[#inputs + 1] = C.buyer_price_input(name, "cn-guizhou", name)
  end
end
local function cheapest_of(kind, cost)
  local best
  for name in pairs(sc) do
    if acc[name] == kind and (not best or cost(name) < cost(best)) then best = name end
  end
  return best
end
for _, in_ in ipairs(C.region_inputs("cn-guizhou", nil)) do inputs[#inputs + 1] = in_ end
local J = C.joint(sc, inputs)
local best = cheapest_of("available", function(n) return r[n].usd_per_eflop end)
local best_lic = cheapest_of("licence required", function(n) return r[n].usd_per_eflop end)
local winners = C.per_draw(J, function(d)
  return cheapest_of("available", function(n) return d[n].usd_per_eflop end) end)
C.figure(best .. " in Guizhou (cheapest available)", r[best].usd_per_eflop, C.quantiles(J[best].usd_per_eflop))
C.figure(best_lic .. " in Guizhou (cheapest with a licence)", r[best_lic].usd_per_eflop,
  C.quantiles(J[best_lic].usd_per_eflop))
C.note("drivers: the licence status sets the chip price a Chinese buyer pays: a licensed chip its fee or "
  .. "revenue share (H20 +15% since 2025-08, H200-class +25% since 2026-01), a denied one the grey market's")

-- the verdict from the classifications and the numbers
local below, by = {}, { available = {}, ["licence required"] = {}, denied = {} }
for _, name in ipairs(chips) do
  local class, info = fc.export.classify(name, "3A090-2023")
  if class == "not controlled" then below[#below + 1] = ("%s (TPP %.0f)"):format(name, info.tpp) end
  local list = by[acc[name]]
  list[#list + 1] = name
end
local robust = C.holds(J, winners, function(w) return w == best end)
C.verdict(#below > 0 and "classification supported" or "no chip below 3A090",
  ("below 3A090 (Oct 2023): %s; for China in 2026 available: %s; licence required (case-by-case): %s; "
  .. "denied: %s. Cheapest available per FLOP in Guizhou: %s at %s (with a licence: %s at %s)"):format(
  table.concat(below, ", "), table.concat(by.available, ", "), table.concat(by["licence required"], ", "),
  table.concat(by.denied, ", "), best, C.money(r[best].usd_per_eflop), best_lic, C.money(r[best_lic].usd_per_eflop)),
  robust)
