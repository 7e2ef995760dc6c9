-- Claim 4: "Ascend 910B reaches 80% of A100 performance."
-- Tested, not assumed (issue 21: the 910B's MFU was once set so that it
-- delivered 80 % of the A100's, which assumes the claim). Two readings:
--  peak: the 910B's dense FP16 peak over the A100's BF16 peak (catalog);
--  delivered: peak x MFU, each chip at its own published utilization: the
--    910B at Pangu Ultra MoE's 30 % on Ascend NPUs (catalog, range 20-45 %
--    [U]), the A100 at Epoch AI's 37.5 %, between GPT-4's 32 % (Epoch [U])
--    and BLOOM's 156 of 312 TFLOP/s (50 %, BigScience).
-- Then what a useful FLOP costs a buyer in China (cn-guizhou) at those MFUs.
-- Robustness: joint draws over both MFUs, the 910B's peak, each chip's price
-- as a buyer there pays it and Guizhou's uncertain figures.
local dir = (arg and arg[0] or ""):match("^(.*)[/\\]") or "."
local C = dofile(dir .. "/common.lua")
local fc = C.fc

local CLAIM = 0.8
C.header(4, "Ascend 910B reaches 80% of A100 performance",
  "cn-guizhou, utilization 0.7; each chip at its own published MFU")

local a100, b = C.cat:chip("A100-SXM"), C.cat:chip("Ascend-910B")
local peak_a, peak_b = a100.peak_tflops.bf16, b.peak_tflops.fp16
local rng = C.range(b, "peak_tflops.fp16") or { peak_b, peak_b }
local paper = peak_b / peak_a
C.figure("910B dense FP16 peak / A100 BF16 peak", paper, { p05 = rng[1] / peak_a, p95 = rng[2] / peak_a }, C.pct)

local A100_MFU = { 0.32, 0.375, 0.50 } -- GPT-4 (Epoch, low end) / Epoch's default / BLOOM 156/312
local mfu_b, mfu_rng = b.mfu, C.range(b, "mfu") or { b.mfu, b.mfu }
local rows = { "A100-SXM", "Ascend-910B", "H20", "H800-SXM" }
local sc, r, inputs = {}, {}, {}
for _, name in ipairs(rows) do
  -- the 910B without an mfu: the scenario takes the chip's own (catalog); NVIDIA chips at Epoch's
  sc[name] = fc.scenario { region = "cn-guizhou", chip = name, utilization = 0.7, precision = "bf16",
    mfu = name ~= "Ascend-910B" and A100_MFU[2] or nil }
  r[name] = sc[name]:evaluate()
  inputs[#inputs + 1] = C.buyer_price_input(name, "cn-guizhou", name)
end
inputs[#inputs + 1] = { name = "A100 MFU 0.32-0.50", field = "mfu", only = "A100-SXM",
  dist = C.around(A100_MFU[2], A100_MFU[1], A100_MFU[3]) }
inputs[#inputs + 1] = { name = ("910B MFU %.2f-%.2f"):format(mfu_rng[1], mfu_rng[2]), field = "mfu",
  only = "Ascend-910B", dist = C.around(mfu_b, mfu_rng[1], mfu_rng[2]) }
inputs[#inputs + 1] = { name = ("910B peak %d-%d TFLOP/s"):format(rng[1], rng[2]), field = "peak_flops_per_s",
  only = "Ascend-910B", dist = C.around(peak_b * 1e12, rng[1] * 1e12, rng[2] * 1e12) }
for _, in_ in ipairs(C.region_inputs("cn-guizhou", nil)) do inputs[#inputs + 1] = in_ end
local J = C.joint(sc, inputs, { "usd_per_eflop", "useful_flop_per_h" })

local delivered = peak_b * mfu_b / (peak_a * A100_MFU[2])
local delivered_d = C.per_draw(J, function(d)
  return d["Ascend-910B"].useful_flop_per_h / d["A100-SXM"].useful_flop_per_h end)
C.figure("910B / A100 delivered FLOP/s (own MFUs)", delivered, C.quantiles(delivered_d), C.pct)
for _, name in ipairs(rows) do
  local a = fc.export.availability(name, "cn-guizhou")
  C.figure(("%s $/1e18 FLOP (%s)"):format(name, a.domestic and "domestic" or a.policy), r[name].usd_per_eflop,
    C.quantiles(J[name].usd_per_eflop))
end
local function ratio(d, x, y) return d[x].usd_per_eflop / d[y].usd_per_eflop end
local vs_a100 = C.per_draw(J, function(d) return ratio(d, "Ascend-910B", "A100-SXM") end)
local ra = r["Ascend-910B"].usd_per_eflop / r["A100-SXM"].usd_per_eflop
local rh = r["Ascend-910B"].usd_per_eflop / r["H20"].usd_per_eflop
local x = function(v) return ("%.2fx"):format(v) end
C.figure("910B / A100 cost per useful FLOP", ra, C.quantiles(vs_a100), x)
C.figure("910B / H20 cost per useful FLOP", rh, nil, x)
C.note("drivers: both MFUs (the 910B's from one MoE report [U]), the 910B's peak (SKUs differ) and its "
  .. "price, derived from a reported order value [D][U]")

-- the share is of the claim's own question (delivered performance); the cost is context, with its interval
local on_peak, on_delivered = paper >= CLAIM, delivered >= CLAIM
local reached = C.holds(J, delivered_d, function(v) return v >= CLAIM end)
local robust = C.holds(J, delivered_d, function(v) return (v >= CLAIM) == on_delivered end)
local function word(ok) return ok and "supported" or "not supported" end
local q = C.quantiles(delivered_d)
C.verdict(("%s on peak, %s delivered"):format(word(on_peak), word(on_delivered)),
  ("on paper the 910B has %s of the A100's peak; at each chip's published MFU it delivers %s (90%%: %s-%s; "
  .. "80%% or more in %.0f%% of draws) and a useful FLOP costs %.2fx the A100's in Guizhou (90%%: "
  .. "%.2fx-%.2fx), %.2fx the H20's"):format(C.pct(paper), C.pct(delivered), C.pct(q.p05), C.pct(q.p95),
  100 * reached.share, ra, C.quantiles(vs_a100).p05, C.quantiles(vs_a100).p95, rh), robust)
