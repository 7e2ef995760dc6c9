-- The inference comparison of `flopcost compare --workload inference`: serving
-- Llama 3.1 70B in FP8 (2000 input / 500 output tokens, half the input from a
-- prefix cache) at a chat latency target (first token within 0.45 s, 25
-- tokens/s per user), US and Chinese regions x the chips of the US-China race.
-- Utilization is the load over the day: the articles' 30 % average.
-- The Ascend 910B is absent: 70.6 GB of FP8 weights do not fit its 64 GB and
-- the catalog gives it no scale-up link (flopcost serve says so).
return {
  schema = "flopcost.study/1",
  name = "inference",
  description = "Cost per million tokens serving Llama 3.1 70B FP8, US vs China regions x chip mixes",
  base = {
    utilization = 0.3,
    precision = "fp8",
    maintenance_fraction = 0.03, -- [U] assumption: 3 %/y of hardware capex (the core default)
    workload = { kind = "inference", model = "Llama-3.1-70B", input_tokens = 2000, output_tokens = 500,
                 cache_hit = 0.5, slo = { ttft_s = 0.45, tpot_s = 0.04 } },
  },
  regions = { "us-va", "us-tx", "cn-guizhou", "cn-ningxia", "cn-east" },
  mixes = {
    { chips = { ["H100-SXM"] = 1 } },
    { chips = { ["B200"] = 1 } },
    { chips = { ["H800-SXM"] = 1 }, regions = { "cn-" } },
    { chips = { ["H20"] = 1 }, regions = { "cn-" } },
    { chips = { ["Ascend-910C"] = 1 }, regions = { "cn-" } },
    { chips = { ["H20"] = 0.5, ["Ascend-910C"] = 0.5 }, regions = { "cn-" } },
  },
  -- 90 % intervals: the cost inputs, and tokens/s per chip (peak_flops_per_s
  -- of a serving scenario) over the serving model's error against
  -- TensorRT-LLM's measured throughput: 0.75-1.36x (README, inference validation)
  uncertainty = {
    peak_flops_per_s = { "scale_pert", 0.75, 1.0, 1.36 },
    electricity_usd_per_kwh = { "scale_lognormal90", 0.75, 1.35 },
    utilization = { "scale_pert", 0.6, 1.0, 1.4 },
    chip_price_usd = { "scale_lognormal90", 0.85, 1.25 },
    pue = { "scale_pert", 0.95, 1.0, 1.1 },
  },
  samples = 20000,
  seed = 20261123,
}
