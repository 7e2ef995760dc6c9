--- bench/serve_layout.lua -- `make bench`: a benchmark, not a test.
-- The best layout of DeepSeek-V3 (FP8) on H800 for every chip count 8..320:
-- each call searches every group (1-8 in a node, then whole nodes up to the
-- chips), every attention layout (tp 1..8), every batch under the TPOT target,
-- aggregated and disaggregated (csrc/core/fc_serve.c).  Prints the slowest and
-- the mean time of one search (best of REPS sweeps) through fc.inference.serve.
-- Env: BENCH_REPS (default 3).
local fc = require "flopcost"
local clock = require("flopcost.core").mc.clock
local REPS = math.tointeger(tonumber(os.getenv("BENCH_REPS") or "3") // 1)

local worst, total, n = math.huge, math.huge, 0
for _ = 1, REPS do
  local w, t = 0, 0
  n = 0
  for chips = 8, 320 do
    local t0 = clock()
    fc.inference.serve { model = "DeepSeek-V3", chip = "H800-SXM", precision = "fp8", chips = chips,
      input_tokens = 2000, output_tokens = 500, slo = { tpot_s = 0.05 } }
    local dt = clock() - t0
    w, t, n = math.max(w, dt), t + dt, n + 1
  end
  worst, total = math.min(worst, w), math.min(total, t)
end
print(("best layout, DeepSeek-V3 FP8 on H800, 8..320 chips (%d searches): slowest %.2f ms, mean %.2f ms, "
  .. "sweep %.0f ms (best of %d)"):format(n, worst * 1e3, total / n * 1e3, total * 1e3, REPS))
