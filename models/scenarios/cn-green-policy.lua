-- The Chinese regions of the default comparison under the green-power policy
-- targets instead of measured shares: NDRC/MIIT's 2024 data-centre green
-- low-carbon action plan asks new data centres at national hub nodes for more
-- than 80% green power (by end-2025) [S]; the catalog's default is the measured
-- share (about 11% in 2023; 84.6% in the Horinger cluster, Q1 2025).
-- Run: flopcost compare --study models/scenarios/cn-green-policy.lua
return {
  schema = "flopcost.study/1",
  name = "cn-green-policy",
  description = "Chinese regions with green_share at the policy target (0.8) instead of measured shares",
  base = {
    utilization = 0.7,
    mfu = 0.375,
    precision = "bf16",
    cluster_size = 10000,
    maintenance_fraction = 0.03, -- [U] assumption: 3 %/y of hardware capex
    job = { flops = 1e25 },
    green_share = 0.8,       -- NDRC/MIIT 2024 action plan target for hub-node DCs [S]
  },
  regions = { "cn-guizhou", "cn-gansu-qingyang", "cn-innermongolia", "cn-ningxia", "cn-east" },
  mixes = {
    { chips = { ["H800-SXM"] = 1 } },
    { chips = { ["H20"] = 1 } },
    { chips = { ["Ascend-910B"] = 1 } },
    { chips = { ["Ascend-910C"] = 1 } },
  },
  samples = 2000,
  seed = 20261123,
}
