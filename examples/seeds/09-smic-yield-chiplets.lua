-- Claim 9: "Lower SMIC yields without EUV" and "chiplets reduce dependence on
-- advanced nodes". Die and package cost of an Ascend-910B-class chip at 20, 40
-- and 60 % yield, what that does to cost per FLOP, and chiplet vs monolithic.
local dir = (arg and arg[0] or ""):match("^(.*)[/\\]") or "."
local C = dofile(dir .. "/common.lua")
local fc = C.fc

C.header(9, "Lower SMIC yields without EUV; chiplets reduce dependence on advanced nodes",
  "910B-class die (666 mm2) on SMIC N+2; 4 HBM2e stacks; CoWoS-S-class packaging; 100% markup")

local chip = C.cat:chip("Ascend-910B")
local proc = C.cat:process("SMIC-N+2")
local costs = {}
for _, y in ipairs { 0.2, 0.4, 0.6 } do
  local price, pkg = fc.scenario.manufactured_price(C.cat, chip, { process = "SMIC-N+2", yield = y,
    hbm = "HBM2e", hbm_stacks = 4 })
  local r = fc.scenario { region = "cn-guizhou", chip = "Ascend-910B", utilization = 0.7,
    manufacturing = { process = "SMIC-N+2", yield = y, hbm = "HBM2e", hbm_stacks = 4 } }:evaluate()
  costs[y] = { die = pkg.dies[1].usd_per_good_die, pkg = pkg.total_usd, price = price, eflop = r.usd_per_eflop }
  print(("   yield %2.0f%%: good die %s, package %s, price %s, cost per 1e18 FLOP %s"):format(
    100 * y, C.money(costs[y].die), C.money(pkg.total_usd), C.money(price), C.money(r.usd_per_eflop)))
end
-- the yield the process's D0 implies, with its range
local d0r = C.range(proc, "defect_density_per_cm2") or { proc.defect_density_per_cm2, proc.defect_density_per_cm2 }
local yd = fc.yield.die_yield { model = "negative_binomial", alpha = proc.alpha, die_area_mm2 = chip.die_area_mm2,
  defect_density_per_cm2 = proc.defect_density_per_cm2 }
local iv = C.combine({ d0 = C.around(proc.defect_density_per_cm2, d0r[1], d0r[2]) }, function(d)
  return fc.yield.die_yield { model = "negative_binomial", alpha = proc.alpha, die_area_mm2 = chip.die_area_mm2,
    defect_density_per_cm2 = d.d0 } end)
C.figure("yield implied by SMIC N+2's D0 (NB, alpha " .. proc.alpha .. ")", yd, iv, C.pct)
-- chiplets: the same logic area split in two, 10 % die-to-die overhead
local cv = fc.yield.chiplet_vs_monolithic { total_area_mm2 = chip.die_area_mm2, chiplets = 2, d2d_overhead = 0.1,
  wafer_cost_usd = proc.wafer_cost_usd, model = "negative_binomial", alpha = proc.alpha,
  defect_density_per_cm2 = proc.defect_density_per_cm2, bonding_yield = 0.95, hbm_stacks = 4,
  hbm_stack_cost_usd = 16 * 12, substrate_usd = 750 }
C.figure("2 chiplets / monolithic package cost", cv.ratio, nil, function(x) return ("%.3fx"):format(x) end)
C.note(("drivers: the die is %s of the package at 20%% yield but %s at 60%%; HBM and packaging are the rest"):format(
  C.pct(costs[0.2].die / costs[0.2].pkg), C.pct(costs[0.6].die / costs[0.6].pkg)))
local chiplet_text = cv.ratio < 1 and ("chiplets cut the package cost by " .. C.pct(1 - cv.ratio))
  or ("chiplets add " .. C.pct(cv.ratio - 1) .. " to the package cost (the yield gain does not pay for the "
  .. "interface area and the extra bond)")
C.verdict("supported, but smaller than it sounds", ("going from 60%% to 20%% yield triples the die cost "
  .. "(%s -> %s) but raises the cost per FLOP only %s, since HBM and packaging dominate; at SMIC N+2's "
  .. "D0 %s"):format(C.money(costs[0.6].die), C.money(costs[0.2].die),
  C.pct(costs[0.2].eflop / costs[0.6].eflop - 1), chiplet_text))
