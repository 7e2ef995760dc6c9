-- Llama 3.1 405B (Meta, 2024): 405B parameters, 15.6T tokens, up to 16,384
-- H100, 30.84M H100-hours, 3.8e25 FLOP reported.
local fc = require "flopcost"
local cat = fc.catalog.default()
local run = cat:run("Llama-3.1-405B")

local flops = fc.training.flops { params = run.params, tokens = run.tokens }
local peak = cat:chip("H100-SXM").peak_tflops.bf16 * 1e12
local mfu = fc.training.mfu { flops = flops, chip_hours = run.gpu_hours, peak_flops_per_s = peak }
print(("Llama 3.1 405B: %.3e FLOP by 6ND (reported %.1e)"):format(flops, run.flops_reported))
print(("  %.2fM H100-hours -> implied BF16 MFU %.3f (Meta reports 38-43%% during training)"):format(
  run.gpu_hours / 1e6, mfu))
local r = fc.scenario { region = "us-va", chip = "H100-SXM", mfu = mfu, utilization = 0.9,
  job = { flops = flops }, cluster_size = run.chips }:evaluate()
print(("  owned in Virginia: %s, %.1f days on %d GPUs, %.0f MWh, %.0f t CO2e"):format(
  fc.report.usd(r.job.cost_usd), r.job.days, run.chips, r.job.mwh, r.job.t_co2))
if r.job.cloud_cost_usd then
  print(("  rented at the catalog's H100 price: %s"):format(fc.report.usd(r.job.cloud_cost_usd)))
end
