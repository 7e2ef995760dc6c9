-- Claim 5: "MoE brings training cost to 1/10."
-- DeepSeek-V3 (671B total, 37B active, 14.8T tokens) against a dense model of
-- the same total size and against Llama 3.1 405B, on the same H800 cluster.
-- Compute is arithmetic; cost also depends on the MFU each achieves, so the
-- robustness draws both MFUs independently.
local dir = (arg and arg[0] or ""):match("^(.*)[/\\]") or "."
local C = dofile(dir .. "/common.lua")
local fc = C.fc

local CLAIM = 1 / 10
C.header(5, "MoE brings training cost to 1/10", "DeepSeek-V3, arXiv 2412.19437; Llama 3.1, Meta 2024")

local moe = fc.training.flops { params = 671e9, active_params = 37e9, tokens = 14.8e12 }
local dense_same = fc.training.flops { params = 671e9, tokens = 14.8e12 }
local llama = fc.training.flops { params = 405e9, tokens = 15.6e12 }
C.figure("DeepSeek-V3 FLOPs (6 x 37e9 x 14.8e12)", moe, nil, fc.report.sci)
C.figure("dense 671B on the same tokens", dense_same, nil, fc.report.sci)
C.figure("Llama 3.1 405B (6 x 405e9 x 15.6e12)", llama, nil, fc.report.sci)

-- MFU 0.165: what DeepSeek's reported 2.788M H800-hours imply at FP8 (examples/runs);
-- the dense model on the same cluster at the same MFU, each drawn from 0.12-0.25 [assumption]
local base = { region = "cn-ningxia", chip = "H800-SXM", precision = "fp8", utilization = 0.9, mfu = 0.165,
  cluster_size = 2048 }
local sc = { moe = fc.scenario(C.with(base, { job = { flops = moe } })),
             dense = fc.scenario(C.with(base, { job = { flops = dense_same } })) }
local r = sc.moe:evaluate()
local J = C.joint(sc, {
  { name = "MoE MFU 0.12-0.25", field = "mfu", only = "moe", dist = fc.dist.pert(0.12, 0.165, 0.25) },
  { name = "dense MFU 0.12-0.25", field = "mfu", only = "dense", dist = fc.dist.pert(0.12, 0.165, 0.25) },
  C.buyer_price_input("H800-SXM", "cn-ningxia", nil) })
C.figure("cost per 1e18 FLOP on owned H800 (FP8)", r.usd_per_eflop, C.quantiles(J.moe.usd_per_eflop))
C.figure("DeepSeek-V3 training cost (owned)", r.job.cost_usd,
  C.quantiles(C.per_draw(J, function(d) return d.moe.usd_per_eflop * moe / 1e18 end)))
C.figure("same cost for a dense 671B", r.usd_per_eflop * dense_same / 1e18,
  C.quantiles(C.per_draw(J, function(d) return d.dense.usd_per_eflop * dense_same / 1e18 end)))
local cost_ratio = C.per_draw(J, function(d)
  return d.moe.usd_per_eflop * moe / (d.dense.usd_per_eflop * dense_same) end)
C.figure("MoE / dense training cost", moe / dense_same, C.quantiles(cost_ratio), C.pct)
C.note(("drivers: active parameters per token (37B of 671B = %s); the MFU each architecture reaches"):format(
  C.pct(37 / 671)))

local ok = moe / dense_same <= CLAIM
local robust = C.holds(J, cost_ratio, function(v) return (v <= CLAIM) == ok end)
C.verdict(ok and "supported" or "not supported", ("MoE needs %s of the compute of a dense model of the same "
  .. "size (1/%.0f) and %s of Llama 3.1 405B's (1/%.1f); its cost is at most 1/10 of the dense model's "
  .. "unless its MFU falls below %s of the dense model's"):format(C.pct(moe / dense_same), dense_same / moe,
  C.pct(moe / llama), llama / moe, C.pct(moe / dense_same / CLAIM)), robust)
