-- Claim 8: "Liquid cooling rises from 20% to 50% of capacity; green power from
-- 45% to 70%." Effects on PUE, cost per FLOP and emissions.
local dir = (arg and arg[0] or ""):match("^(.*)[/\\]") or "."
local C = dofile(dir .. "/common.lua")
local fc = C.fc

C.header(8, "Liquid cooling from 20% to 50%; green power from 45% to 70%",
  "H100-SXM in cn-avg; air-cooled PUE 1.56 (Uptime 2024 survey average), liquid-cooled PUE 1.15 [U]")

-- Blended PUE: the facility overhead of each share of capacity
local AIR, LIQUID = 1.56, 1.15
local function pue(liquid) return 1 + (1 - liquid) * (AIR - 1) + liquid * (LIQUID - 1) end
local function run(liquid, green)
  return fc.scenario { region = "cn-avg", chip = "H100-SXM", chip_price_premium = 0, utilization = 0.7,
    pue = pue(liquid), green_share = green }
end
local before, after = run(0.2, 0.45), run(0.5, 0.7)
local rb, ra = before:evaluate(), after:evaluate()
C.figure("blended PUE at 20% liquid", pue(0.2), nil, function(x) return ("%.3f"):format(x) end)
C.figure("blended PUE at 50% liquid", pue(0.5), nil, function(x) return ("%.3f"):format(x) end)
-- joint draws: the H100 price and the region's uncertain figures other than PUE and
-- green share (which the claim sets)
local inputs = { C.chip_price_input("H100-SXM", 0, nil) }
for _, in_ in ipairs(C.region_inputs("cn-avg", nil)) do
  if in_.field ~= "pue" then inputs[#inputs + 1] = in_ end
end
local J = C.joint({ before = before, after = after }, inputs, { "usd_per_eflop", "kg_co2_per_eflop" })
local cost_fall = C.per_draw(J, function(d) return 1 - d.after.usd_per_eflop / d.before.usd_per_eflop end)
local co2_fall = C.per_draw(J, function(d) return 1 - d.after.kg_co2_per_eflop / d.before.kg_co2_per_eflop end)
C.figure("cost per 1e18 FLOP before", rb.usd_per_eflop, C.quantiles(J.before.usd_per_eflop))
C.figure("cost per 1e18 FLOP after", ra.usd_per_eflop, C.quantiles(J.after.usd_per_eflop))
C.figure("kg CO2e per 1e18 FLOP before", rb.kg_co2_per_eflop, nil, function(x) return ("%.2f kg"):format(x) end)
C.figure("kg CO2e per 1e18 FLOP after", ra.kg_co2_per_eflop, nil, function(x) return ("%.2f kg"):format(x) end)
C.figure("t CO2e of a 1e25-FLOP run, before -> after", rb.kg_co2_per_eflop * 1e7 / 1000, nil,
  function(x) return ("%.0f t -> %.0f t"):format(x, ra.kg_co2_per_eflop * 1e7 / 1000) end)
local c0, e0 = 1 - ra.usd_per_eflop / rb.usd_per_eflop, 1 - ra.kg_co2_per_eflop / rb.kg_co2_per_eflop
C.figure("fall in cost per FLOP", c0, C.quantiles(cost_fall), C.pct)
C.figure("fall in emissions per FLOP", e0, C.quantiles(co2_fall), C.pct)
C.note("drivers: PUE multiplies energy; green share removes grid emissions (not cost, at no green premium)")
-- the verdict: a "large" effect is a fall of at least 25 %, a "small" one under 5 %
local LARGE, SMALL = 0.25, 0.05
local function kind(x) return x >= LARGE and "large" or (x < SMALL and "small" or "moderate") end
local robust = C.holds_i(J, function(i) return kind(co2_fall[i]) == kind(e0) and kind(cost_fall[i]) == kind(c0) end)
C.verdict(("%s for emissions, %s for cost"):format(kind(e0), kind(c0)), ("emissions per FLOP fall %s; cost per FLOP "
  .. "falls %s, because energy is %s of it"):format(C.pct(e0), C.pct(c0),
  C.pct(rb.breakdown.energy / rb.usd_per_eflop)), robust)
