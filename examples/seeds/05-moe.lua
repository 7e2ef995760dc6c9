-- Claim 5: "MoE brings training cost to 1/10."
-- DeepSeek-V3 (671B total, 37B active, 14.8T tokens) against a dense model of
-- the same total size and against Llama 3.1 405B, on the same H800 cluster.
local dir = (arg and arg[0] or ""):match("^(.*)[/\\]") or "."
local C = dofile(dir .. "/common.lua")
local fc = C.fc

C.header(5, "MoE brings training cost to 1/10", "DeepSeek-V3, arXiv 2412.19437; Llama 3.1, Meta 2024")

local moe = fc.training.flops { params = 671e9, active_params = 37e9, tokens = 14.8e12 }
local dense_same = fc.training.flops { params = 671e9, tokens = 14.8e12 }
local llama = fc.training.flops { params = 405e9, tokens = 15.6e12 }
C.figure("DeepSeek-V3 FLOPs (6 x 37e9 x 14.8e12)", moe, nil, fc.report.sci)
C.figure("dense 671B on the same tokens", dense_same, nil, fc.report.sci)
C.figure("Llama 3.1 405B (6 x 405e9 x 15.6e12)", llama, nil, fc.report.sci)

local s = fc.scenario { region = "cn-ningxia", chip = "H800-SXM", precision = "fp8", utilization = 0.9,
  mfu = 0.165, job = { flops = moe }, cluster_size = 2048 }
local r = s:evaluate()
-- MFU 0.165 is what DeepSeek's reported 2.788M H800-hours imply (see examples/runs)
local iv = C.interval(s, { mfu = fc.dist.pert(0.12, 0.165, 0.25) })
C.figure("cost per 1e18 FLOP on owned H800 (FP8)", r.usd_per_eflop, iv)
C.figure("DeepSeek-V3 training cost (owned)", r.job.cost_usd,
  iv and { p05 = iv.p05 * moe / 1e18, p95 = iv.p95 * moe / 1e18 })
C.figure("same cost for a dense 671B", r.usd_per_eflop * dense_same / 1e18)
C.note(("drivers: active parameters per token (37B of 671B = %s); the cost per FLOP is the same "
  .. "hardware either way"):format(C.pct(37 / 671)))
C.verdict("supported", ("MoE needs %s of the compute of a dense model of the same size (1/%.0f) "
  .. "and %s of Llama 3.1 405B's (1/%.1f)"):format(C.pct(moe / dense_same), dense_same / moe,
  C.pct(moe / llama), llama / moe))
