-- Claim 4: "Ascend 910B reaches 80% of A100 performance."
-- Peak compute compared, then cost per FLOP of 910B vs A100, H20 and H800
-- for a buyer in China (cn-guizhou), with the 910B's delivered performance at
-- 80 % of the A100's as the claim states. Robustness: joint draws over each
-- chip's price range (with the grey-market premium range where it applies)
-- and Guizhou's uncertain figures.
local dir = (arg and arg[0] or ""):match("^(.*)[/\\]") or "."
local C = dofile(dir .. "/common.lua")
local fc = C.fc

C.header(4, "Ascend 910B reaches 80% of A100 performance",
  "cn-guizhou, utilization 0.7; A100 MFU 0.375 (Epoch default), 910B MFU = 0.8 x that")

local a100, b = C.cat:chip("A100-SXM"), C.cat:chip("Ascend-910B")
local peak_b = b.peak_tflops.fp16
local rng = C.range(b, "peak_tflops.fp16") or { peak_b, peak_b }
local paper = peak_b / a100.peak_tflops.bf16
C.figure("910B dense FP16 peak / A100 BF16 peak", paper,
  { p05 = rng[1] / a100.peak_tflops.bf16, p95 = rng[2] / a100.peak_tflops.bf16 }, C.pct)

local mfu = 0.375
local rows = {
  { "A100-SXM", mfu }, { "Ascend-910B", 0.8 * mfu * a100.peak_tflops.bf16 / peak_b },
  { "H20", mfu }, { "H800-SXM", mfu },
}
local sc, r, inputs = {}, {}, {}
for _, row in ipairs(rows) do
  sc[row[1]] = fc.scenario { region = "cn-guizhou", chip = row[1], utilization = 0.7, mfu = row[2], precision = "bf16" }
  r[row[1]] = sc[row[1]]:evaluate()
  inputs[#inputs + 1] = C.buyer_price_input(row[1], "cn-guizhou", row[1])
end
for _, in_ in ipairs(C.region_inputs("cn-guizhou", nil)) do inputs[#inputs + 1] = in_ end
local J = C.joint(sc, inputs)
for _, row in ipairs(rows) do
  local a = fc.export.availability(row[1], "cn-guizhou")
  C.figure(("%s $/1e18 FLOP (%s)"):format(row[1], a.domestic and "domestic" or a.policy), r[row[1]].usd_per_eflop,
    C.quantiles(J[row[1]].usd_per_eflop))
end
local function ratio(d, x, y) return d[x].usd_per_eflop / d[y].usd_per_eflop end
local vs_a100 = C.per_draw(J, function(d) return ratio(d, "Ascend-910B", "A100-SXM") end)
local vs_h20 = C.per_draw(J, function(d) return ratio(d, "Ascend-910B", "H20") end)
local ra = r["Ascend-910B"].usd_per_eflop / r["A100-SXM"].usd_per_eflop
local rh = r["Ascend-910B"].usd_per_eflop / r["H20"].usd_per_eflop
local x = function(v) return ("%.2fx"):format(v) end
C.figure("910B / A100 cost per useful FLOP", ra, C.quantiles(vs_a100), x)
C.figure("910B / H20 cost per useful FLOP", rh, C.quantiles(vs_h20), x)
C.note("drivers: chip price per effective FLOP; the 910B's price is derived from a reported order value [D][U]; "
  .. "the A100 and H800 pay a grey-market premium in China")

-- the verdict: the peak claim from the catalog, the cost comparison from the numbers
local dearer = ra > 1
local robust = C.holds(J, vs_a100, function(v) return (v > 1) == dearer end)
C.verdict(("%s on peak, %s per FLOP than the A100"):format(paper >= 0.8 and "supported" or "not supported",
  dearer and "dearer" or "cheaper"),
  ("on paper the 910B has %s of the A100's peak; at 80%% of its delivered performance a useful FLOP costs "
   .. "%.2fx the A100's in Guizhou (90%%: %.2fx-%.2fx) and %.2fx the H20's"):format(C.pct(paper), ra,
   C.quantiles(vs_a100).p05, C.quantiles(vs_a100).p95, rh), robust)
