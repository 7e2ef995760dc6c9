-- PaLM 540B (Chowdhery et al. 2022, arXiv:2204.02311): 6144 TPU v4 chips for
-- 1200 h and 3072 for 336 h, 2527.2 zettaFLOP, 46.2% MFU.
local dir = (arg and arg[0] or ""):match("^(.*)[/\\]") or "."
local R = dofile(dir .. "/common.lua")
local v = R.validate("PaLM-540B", {
  hours = "the paper's hours include 'downtime and repeated steps'; 46.2% MFU is the steady-state throughput",
})
-- the reported FLOP against 6ND
R.row("flops", "training FLOP", v.run.flops_reported, v.flops, "6 x 540e9 x 780e9 against the paper's Table 20")
