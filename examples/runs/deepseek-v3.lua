-- DeepSeek-V3 (arXiv 2412.19437, Table 1): 671B parameters, 37B active,
-- 14.8T tokens, 2,048 H800, 2,788K H800 GPU-hours, FP8; "$2 per GPU-hour"
-- rental -> $5.576M. Reproduced through the cloud path, then owned in China.
local fc = require "flopcost"
local cat = fc.catalog.default()
local run = cat:run("DeepSeek-V3")

local flops = fc.training.flops { params = run.params, active_params = run.active_params, tokens = run.tokens }
local peak = cat:chip("H800-SXM").peak_tflops.fp8 * 1e12
local mfu = fc.training.mfu { flops = flops, chip_hours = run.gpu_hours, peak_flops_per_s = peak }
print(("DeepSeek-V3: %.4e FLOP (6 x %.0fB active x %.1fT tokens)"):format(flops, run.active_params / 1e9, run.tokens / 1e12))
print(("  reported %.3fM H800-hours -> implied FP8 MFU %.3f; %.1f days on %d GPUs"):format(
  run.gpu_hours / 1e6, mfu, run.gpu_hours / run.chips / 24, run.chips))

-- cloud path: $2 per GPU-hour, as the paper prices it
local cloud = fc.scenario { region = "cn-ningxia", chip = "H800-SXM", precision = "fp8", mfu = mfu,
  rental_usd_per_hour = 2.0, job = { flops = flops }, cluster_size = run.chips }:evaluate()
print(("  cloud path at $2/GPU-hour: %s (paper: $5.576M)"):format(fc.report.usd(cloud.job.cloud_cost_usd)))

-- owned path: the same hours on H800s bought in China at the grey-market premium
local owned = fc.scenario { region = "cn-ningxia", chip = "H800-SXM", precision = "fp8", mfu = mfu,
  utilization = 0.9, job = { flops = flops }, cluster_size = run.chips }:evaluate()
print(("  owned path (utilization 0.9, 5-year life): %s, %.0f MWh, %.0f t CO2e"):format(
  fc.report.usd(owned.job.cost_usd), owned.job.mwh, owned.job.t_co2))
print(tostring(owned))
