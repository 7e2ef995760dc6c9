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
local iv = C.interval(after, { pue = C.uniform(pue(0.5) - 0.05, pue(0.5) + 0.05) })
C.figure("cost per 1e18 FLOP before", rb.usd_per_eflop)
C.figure("cost per 1e18 FLOP after", ra.usd_per_eflop, iv)
C.figure("kg CO2e per 1e18 FLOP before", rb.kg_co2_per_eflop, nil, function(x) return ("%.2f kg"):format(x) end)
C.figure("kg CO2e per 1e18 FLOP after", ra.kg_co2_per_eflop, nil, function(x) return ("%.2f kg"):format(x) end)
C.figure("t CO2e of a 1e25-FLOP run, before -> after", rb.kg_co2_per_eflop * 1e7 / 1000, nil,
  function(x) return ("%.0f t -> %.0f t"):format(x, ra.kg_co2_per_eflop * 1e7 / 1000) end)
C.note("drivers: PUE multiplies energy; green share removes grid emissions (not cost, at no green premium)")
C.verdict("supported for emissions, small for cost", ("emissions per FLOP fall %s; cost per FLOP falls only %s, "
  .. "because energy is a small share of it"):format(C.pct(1 - ra.kg_co2_per_eflop / rb.kg_co2_per_eflop),
  C.pct(1 - ra.usd_per_eflop / rb.usd_per_eflop)))
