-- Claim 7: "Data-centre GPUs last 1-3 years at 60-70% utilization, drawing 700 W."
-- Cost per FLOP against economic life and depreciation method.
local dir = (arg and arg[0] or ""):match("^(.*)[/\\]") or "."
local C = dofile(dir .. "/common.lua")
local fc = C.fc

C.header(7, "Data-centre GPUs last 1-3 years at 700 W",
  "H100-SXM (700 W) in us-va at 65% utilization; filings: Microsoft/Alphabet 6 y, Amazon/Meta 5 y")

local s = fc.scenario { region = "us-va", chip = "H100-SXM", utilization = 0.65 }
local rows = {}
for _, life in ipairs { 1, 2, 3, 4, 5, 6 } do
  local a = s:with { chip_life_years = life, recovery = "annuity" }:evaluate().usd_per_eflop
  local sl = s:with { chip_life_years = life, recovery = "straight_line" }:evaluate().usd_per_eflop
  rows[life] = a
  print(("   life %d y: annuity at 8%% WACC %s, straight line + interest %s per 1e18 FLOP"):format(
    life, C.money(a), C.money(sl)))
end
local epoch = s:with { recovery = "price_decline" }:evaluate().usd_per_eflop
C.figure("Epoch price decline (0.14 OOM/y, no fixed life)", epoch)
local iv = C.interval(s:with { chip_life_years = 2 }, { wacc = C.uniform(0.05, 0.12) })
C.figure("2-year life, WACC 5-12%", rows[2], iv)
C.note(("drivers: the capital charge; at 2 y the chip, server and network are %s of the cost"):format(
  C.pct(1 - (s:with { chip_life_years = 2 }:evaluate().breakdown.energy
    + s:with { chip_life_years = 2 }:evaluate().breakdown.facility) / rows[2])))
C.verdict("depends on the life assumed", ("a 2-year life costs %.2fx a 5-year life per FLOP (3 y: %.2fx); "
  .. "filings assume 5-6 years, Epoch's market-price decline sits near a %s-year annuity"):format(
  rows[2] / rows[5], rows[3] / rows[5], epoch > rows[3] and "2-3" or (epoch > rows[4] and "3-4" or "4+")))
