-- Claim 10: "Fake 10,000-GPU clusters spread over isolated sites."
-- Scaling efficiency of one data-parallel job across sites, against the
-- bandwidth between them, and the cost per FLOP it implies.
local dir = (arg and arg[0] or ""):match("^(.*)[/\\]") or "."
local C = dofile(dir .. "/common.lua")
local fc = C.fc

C.header(10, "Fake 10,000-GPU clusters spread over isolated sites",
  "10,240 H800 in 4 sites of 2,560; 70B dense model, data parallel, 16M-token steps, bf16 gradients, "
  .. "NVLink 200 GB/s, InfiniBand 50 GB/s per chip, 80% of compute can hide communication")

local base = { chips = 10240, chips_per_node = 8, params = 70e9, bytes_per_param = 2, model_parallel = 1,
  tokens_per_step = 16e6, peak_flops_per_s = 989.5e12, mfu = 0.4, intra_node_gbs = 200, inter_node_gbs = 50,
  overlap = 0.8 }
local one = fc.training.scaling(base).efficiency
C.figure("efficiency in one site", one, nil, C.pct)
-- WAN between sites, shared by a site's 2,560 chips: per-chip GB/s = Tb/s x 125 / 2560
local function eff(wan_tbps)
  return fc.training.scaling(C.with(base, { sites = 4, inter_site_gbs = wan_tbps * 125 / 2560 })).efficiency
end
for _, w in ipairs { 0.4, 1.6, 6.4, 25.6 } do C.figure(("4 sites, %.1f Tb/s between sites"):format(w), eff(w), nil, C.pct) end
-- the WAN bandwidth for 90 % of the one-site efficiency (bisection on a monotone function)
local lo, hi = 0.01, 1000
for _ = 1, 60 do
  local mid = math.sqrt(lo * hi)
  if eff(mid) < 0.9 * one then lo = mid else hi = mid end
end
local s = fc.scenario { region = "cn-ningxia", chip = "H800-SXM", utilization = 0.7 }
local r1 = s:with { scaling_efficiency = one }:evaluate().usd_per_eflop
local r4 = s:with { scaling_efficiency = eff(1.6) }:evaluate().usd_per_eflop
local iv = C.interval(s:with { scaling_efficiency = eff(1.6) }, { mfu = fc.dist.pert(0.3, 0.375, 0.45) })
C.figure("cost per 1e18 FLOP, one site", r1)
C.figure("cost per 1e18 FLOP, 4 sites at 1.6 Tb/s", r4, iv)
C.note("drivers: gradient all-reduce across the WAN each step; overlap with compute hides only part of it")
C.verdict("depends on inter-site bandwidth", ("4 isolated sites need about %.1f Tb/s between them to keep 90%% "
  .. "of one site's efficiency; at 1.6 Tb/s the job runs at %s and each FLOP costs %s more"):format(
  hi, C.pct(eff(1.6)), C.pct(r4 / r1 - 1)))
-- (H800's NVLink is 400 GB/s bidirectional, 200 GB/s each way: chips.json)
