-- Claim 4: "Ascend 910B reaches 80% of A100 performance."
-- Peak compute compared, then cost per FLOP of 910B vs A100, H20 and H800
-- for a buyer in China (cn-guizhou), with the 910B's achieved MFU at 80 % of
-- the A100's as the claim states.
local dir = (arg and arg[0] or ""):match("^(.*)[/\\]") or "."
local C = dofile(dir .. "/common.lua")
local fc = C.fc

C.header(4, "Ascend 910B reaches 80% of A100 performance",
  "cn-guizhou, utilization 0.7; A100 MFU 0.375 (Epoch default), 910B MFU = 0.8 x that")

local a100, b = C.cat:chip("A100-SXM"), C.cat:chip("Ascend-910B")
local peak_b = b.peak_tflops.fp16
local rng = C.range(b, "peak_tflops.fp16") or { peak_b, peak_b }
C.figure("910B dense FP16 peak / A100 BF16 peak", peak_b / a100.peak_tflops.bf16,
  { p05 = rng[1] / a100.peak_tflops.bf16, p95 = rng[2] / a100.peak_tflops.bf16 }, C.pct)

local mfu = 0.375
local rows = {
  { "A100-SXM", mfu }, { "Ascend-910B", 0.8 * mfu * a100.peak_tflops.bf16 / peak_b },
  { "H20", mfu }, { "H800-SXM", mfu },
}
local results = {}
for _, row in ipairs(rows) do
  local s = fc.scenario { region = "cn-guizhou", chip = row[1], utilization = 0.7, mfu = row[2], precision = "bf16" }
  local r = s:evaluate()
  local chip = C.cat:chip(row[1])
  -- the catalog's price range, with the grey-market premium a restricted chip pays here
  local a = fc.export.availability(row[1], "cn-guizhou")
  local vary = {}
  local pr = C.range(chip, "price_usd")
  if pr then
    local k = 1 + a.premium
    vary.chip_price_usd = C.around(chip.price_usd * k, pr[1] * k, pr[2] * k)
  end
  local iv = C.interval(s, next(vary) and vary or nil)
  results[row[1]] = r
  C.figure(("%s $/1e18 FLOP (%s)"):format(row[1], a.domestic and "domestic" or a.policy), r.usd_per_eflop, iv)
end
local ratio = results["Ascend-910B"].usd_per_eflop / results["A100-SXM"].usd_per_eflop
C.note(("drivers: chip price per effective FLOP; the 910B's price is derived from a reported "
  .. "order value [D][U]; the A100 pays a grey-market premium in China"))
C.verdict(ratio < 1 and "supported, and cheaper per FLOP" or "supported on peak, dearer per FLOP",
  ("on paper the 910B has %s of the A100's peak; at 80%% of its delivered performance a useful FLOP "
   .. "costs %.2fx the A100's in Guizhou and %.2fx the H20's"):format(C.pct(peak_b / a100.peak_tflops.bf16), ratio,
   results["Ascend-910B"].usd_per_eflop / results["H20"].usd_per_eflop))
