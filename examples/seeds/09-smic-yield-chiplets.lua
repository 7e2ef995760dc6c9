-- Claim 9: "Lower SMIC yields without EUV" and "chiplets reduce dependence on
-- advanced nodes". Die and package cost of an Ascend-910B-class chip at 20, 40
-- and 60 % yield; what the extra package cost does to the cost per FLOP of a
-- 910B bought at the catalog's price; and chiplets against one big die at the
-- 20 % yield the claim is about (and at SMIC N+2's catalog defect density).
local dir = (arg and arg[0] or ""):match("^(.*)[/\\]") or "."
local C = dofile(dir .. "/common.lua")
local fc = C.fc

local SMALL = 0.10 -- a yield effect on cost per FLOP under 10 % is "small"
C.header(9, "Lower SMIC yields without EUV; chiplets reduce dependence on advanced nodes",
  "910B-class die (666 mm2) on SMIC N+2; 4 HBM2e stacks; CoWoS-S-class packaging; the 910B at its catalog price")

local chip = C.cat:chip("Ascend-910B")
local proc = C.cat:process("SMIC-N+2")
local MFG = { process = "SMIC-N+2", hbm = "HBM2e", hbm_stacks = 4, markup = 0 }
local function package_usd(y, wafer_usd)
  local m = C.with(MFG, { yield = y })
  local cat = C.cat
  if wafer_usd then -- the process with another wafer price (a catalog-range draw)
    local p = C.with(proc, { wafer_cost_usd = wafer_usd })
    cat = setmetatable({ process = function() return p end }, { __index = function(_, k)
      return function(_, ...) return C.cat[k](C.cat, ...) end end })
  end
  local _, pkg = fc.scenario.manufactured_price(cat, chip, m)
  return pkg.total_usd, pkg.dies[1].usd_per_good_die
end
local pk = {}
for _, y in ipairs { 0.2, 0.4, 0.6 } do
  local total, die = package_usd(y)
  pk[y] = { total = total, die = die }
  print(("   yield %2.0f%%: good die %s, package (die + HBM + packaging, at cost) %s"):format(
    100 * y, C.money(die), C.money(total)))
end
local d_pkg = pk[0.2].total - pk[0.6].total

-- The buyer pays the catalog price; a 60% -> 20% yield fall adds the extra
-- package cost times (1 + markup), markup 0-100 % [assumption]. Cost per FLOP
-- is linear in the chip price, so two fixed-price scenarios drawn jointly over
-- Guizhou's uncertain figures give it at any price in each draw.
local P = chip.price_usd
local base = { region = "cn-guizhou", chip = "Ascend-910B", utilization = 0.7 }
local plo, phi = 0.5 * P, 2 * P
local sc = { lo = fc.scenario(C.with(base, { chip_price_usd = plo })),
             hi = fc.scenario(C.with(base, { chip_price_usd = phi })) }
local function at_price(lo, hi, p) return lo + (hi - lo) * (p - plo) / (phi - plo) end
local r0 = fc.scenario(base):evaluate().usd_per_eflop
local rl, rh = sc.lo:evaluate().usd_per_eflop, sc.hi:evaluate().usd_per_eflop
assert(math.abs(at_price(rl, rh, P) / r0 - 1) < 1e-9, "cost per FLOP is not linear in the chip price")
local J = C.joint(sc, C.region_inputs("cn-guizhou", nil))
-- draws of the inputs outside the scenario: price, markup, wafer cost, the yield model's alpha, bonding yield
local prng = C.range(chip, "price_usd")
local wr, ar = C.range(proc, "wafer_cost_usd"), C.range(proc, "alpha")
local dr = C.range(C.cat:packaging("CoWoS-S"), "bonding_yield")
local draws = {
  price = C.around(P, prng[1], prng[2]):sample(J.n, C.SEED + 1),
  markup = C.uniform(0, 1):sample(J.n, C.SEED + 2),
  wafer = C.around(proc.wafer_cost_usd, wr[1], wr[2]):sample(J.n, C.SEED + 3),
  alpha = C.around(proc.alpha, ar[1], ar[2]):sample(J.n, C.SEED + 4),
  bond = C.around(C.cat:packaging("CoWoS-S").bonding_yield, dr[1], dr[2]):sample(J.n, C.SEED + 5),
}
local also = { "Ascend-910B price", "markup 0-100% [assumption]", "SMIC-N+2 wafer cost", "yield-model alpha",
  "CoWoS-S bonding yield" }
C.note("   and, drawn alongside (independent streams): " .. table.concat(also, ", "))
for _, name in ipairs(also) do J.names[#J.names + 1] = name end
local effect = {}
for i = 1, J.n do
  local dp = package_usd(0.2, draws.wafer[i]) - package_usd(0.6, draws.wafer[i])
  local p = draws.price[i]
  local lo, hi = J.lo.usd_per_eflop[i], J.hi.usd_per_eflop[i]
  effect[i] = at_price(lo, hi, p + dp * (1 + draws.markup[i])) / at_price(lo, hi, p) - 1
end
local eff_lo = fc.scenario(C.with(base, { chip_price_usd = P + d_pkg })):evaluate().usd_per_eflop / r0 - 1
local eff_hi = fc.scenario(C.with(base, { chip_price_usd = P + 2 * d_pkg })):evaluate().usd_per_eflop / r0 - 1
local eff0 = fc.scenario(C.with(base, { chip_price_usd = P + 1.5 * d_pkg })):evaluate().usd_per_eflop / r0 - 1
C.figure("910B at its catalog price, per 1e18 FLOP", r0)
C.figure("60% -> 20% yield: cost per FLOP, markup 50%", eff0, C.quantiles(effect), C.pct)
C.note(("   (at cost: %s; with a 100%% markup: %s)"):format(C.pct(eff_lo), C.pct(eff_hi)))

-- chiplets: the same logic area in two dies, 10 % die-to-die overhead
local function d0_for(yield_mono, alpha)
  local lo, hi = 1e-4, 10
  for _ = 1, 50 do
    local mid = math.sqrt(lo * hi)
    local y = fc.yield.die_yield { model = "negative_binomial", alpha = alpha, die_area_mm2 = chip.die_area_mm2,
      defect_density_per_cm2 = mid }
    if y > yield_mono then lo = mid else hi = mid end
  end
  return math.sqrt(lo * hi)
end
local hbm = C.cat:hbm("HBM2e")
local function chiplets(d0, o)
  o = o or {}
  return fc.yield.chiplet_vs_monolithic { total_area_mm2 = chip.die_area_mm2, chiplets = 2, d2d_overhead = 0.1,
    wafer_cost_usd = o.wafer or proc.wafer_cost_usd, model = "negative_binomial", alpha = o.alpha or proc.alpha,
    defect_density_per_cm2 = d0, bonding_yield = o.bond or C.cat:packaging("CoWoS-S").bonding_yield,
    hbm_stacks = 4, hbm_stack_cost_usd = hbm.gb_per_stack * hbm.cost_usd_per_gb,
    substrate_usd = C.cat:packaging("CoWoS-S").cost_usd }.ratio
end
local d0_20 = d0_for(0.2, proc.alpha)
local cv20, cvd0 = chiplets(d0_20), chiplets(proc.defect_density_per_cm2)
local cv_draws = {}
for i = 1, J.n do
  local o = { wafer = draws.wafer[i], alpha = draws.alpha[i], bond = draws.bond[i] }
  cv_draws[i] = chiplets(d0_for(0.2, o.alpha), o)
end
local yd = fc.yield.die_yield { model = "negative_binomial", alpha = proc.alpha, die_area_mm2 = chip.die_area_mm2,
  defect_density_per_cm2 = proc.defect_density_per_cm2 }
local x3 = function(v) return ("%.3fx"):format(v) end
C.figure("yield implied by SMIC N+2's D0 (NB, alpha " .. proc.alpha .. ")", yd, nil, C.pct)
C.figure(("2 chiplets / monolithic package at 20%% yield (D0 %.3f)"):format(d0_20), cv20, C.quantiles(cv_draws), x3)
C.figure(("2 chiplets / monolithic at SMIC N+2's D0 %.3f"):format(proc.defect_density_per_cm2), cvd0, nil, x3)
C.note(("drivers: the die is %s of the package cost at 20%% yield but %s at 60%%; HBM and packaging are the rest; "
  .. "the chip price the buyer pays is %.1fx the package cost"):format(C.pct(pk[0.2].die / pk[0.2].total),
  C.pct(pk[0.6].die / pk[0.6].total), P / pk[0.6].total))

local small = eff0 < SMALL
local pays = cv20 < 1
local robust = C.holds_i(J, function(i) return (effect[i] < SMALL) == small and (cv_draws[i] < 1) == pays end)
C.verdict(("%s; %s"):format(small and "yield: large for the die, small per FLOP" or "yield: large per FLOP",
  pays and "chiplets pay at 20% yield" or "chiplets do not pay at 20% yield"),
  ("going from 60%% to 20%% yield triples the die cost (%s -> %s) but raises the cost per FLOP of a 910B at its "
  .. "catalog price only %s (%s at cost to %s with a 100%% markup); at 20%% yield two chiplets %s the package "
  .. "cost by %s (at SMIC N+2's D0: %s)"):format(C.money(pk[0.6].die), C.money(pk[0.2].die), C.pct(eff0),
  C.pct(eff_lo), C.pct(eff_hi), pays and "cut" or "raise", C.pct(math.abs(1 - cv20)),
  (cvd0 < 1 and "-" or "+") .. C.pct(math.abs(cvd0 - 1))), robust)
