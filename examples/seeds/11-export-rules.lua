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
    -- "?": the catalog lacks a figure this rule needs (e.g. the 910B's I/O bandwidth)
    cls[i] = inf.determined and class or (class .. " ?")
  end
  print(("   %-12s %8.0f %7s   %-16s %-16s %-22s"):format(name, info.tpp or 0,
    info.pd and ("%.2f"):format(info.pd) or "-", cls[1], cls[2], cls[3]))
end
print("   cost per 1e18 FLOP for a buyer in Guizhou (2026 rule):")
local cheapest
for _, name in ipairs(chips) do
  local a = fc.export.availability(name, "cn-guizhou")
  local ok, r = pcall(function()
    return fc.scenario { region = "cn-guizhou", chip = name, utilization = 0.7 }:evaluate()
  end)
  local cost = ok and C.money(r.usd_per_eflop) or "no price in the catalog"
  print(("   %-12s %-48s %s%s"):format(name, a.domestic and "domestic supply" or a.policy, cost,
    (a.premium or 0) > 0 and (" (incl. +%d%% grey-market premium)"):format(math.floor(100 * a.premium + 0.5)) or ""))
  if ok and a.available then
    if not cheapest or r.usd_per_eflop < cheapest[2] then cheapest = { name, r.usd_per_eflop } end
  end
end
-- the cheapest open chip's cost with its price and utilization uncertain
local best = fc.scenario { region = "cn-guizhou", chip = cheapest[1], utilization = 0.7 }
local p0 = best:core_params().members[1].chip_price_usd
local iv = C.interval(best, { chip_price_usd = fc.dist.pert(0.8 * p0, p0, 1.3 * p0),
  utilization = fc.dist.pert(0.5, 0.7, 0.85) })
C.figure(cheapest[1] .. " in Guizhou, price -20%/+30%, utilization 0.5-0.85", cheapest[2], iv)
C.note("drivers: licence policy and grey-market premium set the chip price a Chinese buyer pays")
local h200 = fc.export.classify("H200", "china-case-by-case-2026")
C.verdict("supported", ("H20 falls below 3A090 (TPP 2,368); H100/H800/H200/MI325X are 3A090.a and, under the "
  .. "Jan 2026 rule, %s for China; B200 stays denied. Cheapest available per FLOP in Guizhou: %s at %s"):format(
  h200 == "3A090.a-case-by-case" and "case-by-case" or h200, cheapest[1], C.money(cheapest[2])))
