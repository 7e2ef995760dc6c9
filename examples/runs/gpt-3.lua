-- GPT-3 (Brown et al. 2020): 175B parameters, 300B tokens, 3.14e23 FLOP, V100.
local fc = require "flopcost"
local cat = fc.catalog.default()
local run = cat:run("GPT-3")

local flops = fc.training.flops { params = run.params, tokens = run.tokens }
print(("GPT-3: %.3e FLOP by 6ND (reported %.2e)"):format(flops, run.flops_reported))
-- no GPU-hours were published; assume MFU 0.2 on V100 FP16 tensor cores [assumption]
local hours = fc.training.chip_hours { flops = flops, peak_flops_per_s = cat:chip("V100-SXM2").peak_tflops.fp16 * 1e12,
  mfu = 0.2 }
print(("  at MFU 0.2 on V100: %.2fM V100-hours"):format(hours / 1e6))
local r = fc.scenario { region = "us-avg", chip = "V100-SXM2", precision = "fp16", mfu = 0.2, utilization = 0.9,
  job = { flops = flops }, cluster_size = 10000 }:evaluate()
print(("  owned (2020 prices in the catalog): %s, %.1f days on 10,000 GPUs, %.0f MWh"):format(
  fc.report.usd(r.job.cost_usd), r.job.days, r.job.mwh))
if r.job.cloud_cost_usd then print(("  rented: %s"):format(fc.report.usd(r.job.cloud_cost_usd))) end
