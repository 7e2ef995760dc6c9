-- The default comparison of `flopcost compare` (and `make run`): US and
-- Chinese regions (plus three reference sites) x the chips of the US-China
-- compute race, one reference 1e25-FLOP training run on 10,000 accelerators.
-- Every figure not set here comes from the catalog (models/*.json) and its sources.
return {
  schema = "flopcost.study/1",
  name = "default",
  description = "Cost per 1e18 training FLOP, US vs China regions x chip mixes",
  -- utilization (0.7) and maintenance (3 %/y) are the core's defaults, the same for every door
  -- (fc_compose.c param_defaults, with their sources; `flopcost run FILE --explain` lists them)
  base = {
    mfu = 0.375,            -- Epoch AI's default MFU when unknown
    precision = "bf16",
    cluster_size = 10000,
    job = { flops = 1e25 },
  },
  regions = { "us-va", "us-tx", "us-ca", "cn-guizhou", "cn-gansu-qingyang", "cn-innermongolia",
              "cn-ningxia", "cn-east" },
  -- H100 and B200 everywhere (in China at the grey-market premium of
  -- models/regions.json, flagged "denied" in the access column); the
  -- China-market parts (H800, H20, Ascend) in Chinese regions only.
  mixes = {
    { chips = { ["H100-SXM"] = 1 } },
    { chips = { ["B200"] = 1 } },
    { chips = { ["H800-SXM"] = 1 }, regions = { "cn-" } },
    { chips = { ["H20"] = 1 }, regions = { "cn-" } },
    { chips = { ["Ascend-910B"] = 1 }, regions = { "cn-" } },
    { chips = { ["Ascend-910C"] = 1 }, regions = { "cn-" } },
    { chips = { ["H800-SXM"] = 0.6, ["Ascend-910B"] = 0.4 }, coupling = "pooled", regions = { "cn-" } },
    { chips = { ["H20"] = 0.5, ["Ascend-910C"] = 0.5 }, coupling = "lockstep", regions = { "cn-" } },
  },
  -- 90 % intervals: the inputs analysts are least sure of (Monte Carlo in C)
  uncertainty = {
    electricity_usd_per_kwh = { "scale_lognormal90", 0.75, 1.35 },
    utilization = { "scale_pert", 0.6, 1.0, 1.15 },
    mfu = { "scale_pert", 0.7, 1.0, 1.3 },
    chip_price_usd = { "scale_lognormal90", 0.85, 1.25 },
    pue = { "scale_pert", 0.95, 1.0, 1.1 },
  },
  samples = 20000,
  seed = 20261123,
}
