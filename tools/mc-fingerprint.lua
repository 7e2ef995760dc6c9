-- tools/mc-fingerprint.lua -- a Monte Carlo run whose every digit depends on the
-- engine's kernels (taus2 lanes: lognormal, PERT, uniform, triangular; the block
-- chain): tools/test-install.sh prints it from the luarocks-installed module and
-- spec/97-reliability compares it with make's build, digit for digit (issue 24:
-- the same bits whatever the compiler flags and ISA).
local fc = require "flopcost"
local r = fc.montecarlo({ chip_price_usd = 30000, tdp_w = 700, idle_w = 125, utilization = 0.8,
  peak_flops_per_s = 989.5e12, mfu = 0.4 }, { samples = 20000, seed = 3, progress = false, vary = {
  electricity_usd_per_kwh = fc.dist.lognormal90(0.05, 0.12), chip_price_usd = fc.dist.pert(25000, 30000, 40000),
  utilization = fc.dist.uniform(0.6, 0.9), pue = fc.dist.triangular(1.1, 1.2, 1.5) } })
print(string.format("mc fingerprint: %.17g %.17g %.17g", r.mean, r.sd, r.p95))
