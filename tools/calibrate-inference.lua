-- tools/calibrate-inference.lua: flopcost's serving model against measured
-- throughput, split into a calibration set and a held-out set.
--
-- Throughput rows: TensorRT-LLM's perf-overview table (docs/source/developer-
-- guide/perf-overview.md at github.com/NVIDIA/TensorRT-LLM commit 03e27c7,
-- "Output Throughput per GPU", offline, no latency limit, ISL/OSL fixed).
--   "fit"  rows calibrate the serving profiles (B200 and H200 rows of
--          Llama 3.3 70B, Qwen3 235B-A22B and DeepSeek-R1);
--   "hold" rows are never seen by the fit: every H100 row (another chip),
--          every Qwen3 30B-A3B row (another model) and the 32K-token rows
--          (another regime: KV-bound batches).
-- Small-batch rows: time per output token at fixed concurrency, measured by
-- SemiAnalysis InferenceX (github.com/SemiAnalysisAI/InferenceX issue 870,
-- 2026-03-05: DeepSeek-R1-0528, SGLang v0.5.7, FP8, 8 x H200, ISL/OSL
-- 1024/1024, mean TPOT at concurrency 8, 16, 32, 64) -- another framework
-- and another regime than the maximum-throughput table; held out too.
--   flopcost run tools/calibrate-inference.lua           the tables (fit, held out, TPOT)
--   flopcost run tools/calibrate-inference.lua -- --fit  grid-search the profiles on the fit rows
-- (`flopcost run` finds the checkout's lua/ and build/ from any directory; plain lua5.4 needs
-- LUA_PATH and LUA_CPATH as README's "Set up" gives them.)
local fc = require "flopcost"

-- model, chip, precision, group, ISL, OSL, measured output tokens/s per GPU, set
local ROWS = {
  { "Llama-3.3-70B", "B200", "fp4", 1, 1000, 1000, 6920, "fit" },
  { "Llama-3.3-70B", "B200", "fp4", 1, 1024, 8192, 3242, "fit" },
  { "Llama-3.3-70B", "B200", "fp4", 1, 8192, 1024, 1362, "fit" },
  { "Llama-3.3-70B", "B200", "fp4", 1, 32768, 1024, 274, "hold" },
  { "Llama-3.3-70B", "H200", "fp8", 2, 1000, 1000, 2587, "fit" },
  { "Llama-3.3-70B", "H200", "fp8", 2, 1024, 8192, 2009, "fit" },
  { "Llama-3.3-70B", "H200", "fp8", 2, 8192, 1024, 537, "fit" },
  { "Llama-3.3-70B", "H200", "fp8", 2, 32768, 1024, 120, "hold" },
  { "Llama-3.3-70B", "H100-SXM", "fp8", 2, 1000, 1000, 2209, "hold" },
  { "Llama-3.3-70B", "H100-SXM", "fp8", 2, 8192, 1024, 398, "hold" },
  { "Qwen3-235B-A22B", "B200", "fp4", 4, 1000, 1000, 5764, "fit" },
  { "Qwen3-235B-A22B", "B200", "fp4", 4, 1024, 8192, 3389, "fit" },
  { "Qwen3-235B-A22B", "B200", "fp4", 4, 8192, 1024, 1410, "fit" },
  { "Qwen3-235B-A22B", "B200", "fp4", 4, 32768, 1024, 319, "hold" },
  { "Qwen3-235B-A22B", "H200", "fp8", 4, 1000, 1000, 3288, "fit" },
  { "Qwen3-235B-A22B", "H200", "fp8", 4, 1024, 8192, 1417, "fit" },
  { "Qwen3-235B-A22B", "H200", "fp8", 4, 8192, 1024, 627, "fit" },
  { "Qwen3-235B-A22B", "H200", "fp8", 4, 32768, 1024, 134, "hold" },
  { "Qwen3-235B-A22B", "H100-SXM", "fp8", 8, 1000, 1000, 1932, "hold" },
  { "Qwen3-235B-A22B", "H100-SXM", "fp8", 8, 1024, 8192, 873, "hold" },
  { "DeepSeek-R1", "B200", "fp4", 4, 1000, 1000, 6463, "fit" },
  { "DeepSeek-R1", "B200", "fp4", 4, 1024, 8192, 3862, "fit" },
  { "DeepSeek-R1", "B200", "fp4", 4, 8192, 1024, 1168, "fit" },
  { "DeepSeek-R1", "B200", "fp4", 4, 1024, 32768, 1451, "hold" },
  { "DeepSeek-R1", "H200", "fp8", 8, 1000, 1000, 1627, "fit" },
  { "DeepSeek-R1", "H200", "fp8", 8, 1024, 8192, 1218, "fit" },
  { "DeepSeek-R1", "H200", "fp8", 8, 1024, 32768, 438, "hold" },
  { "Qwen3-30B-A3B", "B200", "fp4", 1, 1000, 1000, 26971, "hold" },
  { "Qwen3-30B-A3B", "B200", "fp4", 1, 1024, 8192, 13497, "hold" },
  { "Qwen3-30B-A3B", "B200", "fp4", 1, 8192, 1024, 5735, "hold" },
  { "Qwen3-30B-A3B", "B200", "fp4", 1, 32768, 1024, 1265, "hold" },
}
-- model, chip, precision, group, ISL, OSL, concurrency (= batch), measured mean TPOT in s
local TPOT_ROWS = {
  { "DeepSeek-R1", "H200", "fp8", 8, 1024, 1024, 8, 0.0128 },
  { "DeepSeek-R1", "H200", "fp8", 8, 1024, 1024, 16, 0.0172 },
  { "DeepSeek-R1", "H200", "fp8", 8, 1024, 1024, 32, 0.0256 },
  { "DeepSeek-R1", "H200", "fp8", 8, 1024, 1024, 64, 0.0346 },
}
-- Wide expert parallelism over nodes (the "wide-ep" stack, models/llms.json): per-GPU rates of one
-- phase (attention layout: the automatic one, data-parallel where it fits). model, chip, phase, EP group, ISL, OSL, cache hit, TPOT target (decode), MTP acceptance,
-- measured per GPU (prefill: input tokens/s, cached ones included; decode: output tokens/s), set, source
local EP_ROWS = {
  { "DeepSeek-V3", "H100-SXM", "prefill", 32, 2000, 100, 0, nil, nil, 52300 / 8, "fit",
    "SGLang on 96 H100 (lmsys.org/blog/2025-05-05-large-scale-ep): 52.3k input tok/s per node" },
  { "DeepSeek-V3", "H100-SXM", "decode", 72, 2000, 100, 0, 0.1, nil, 22300 / 8, "fit",
    "SGLang on 96 H100 (same): 22.3k output tok/s per node, ITL ~100 ms" },
  { "DeepSeek-V3", "H800-SXM", "prefill", 32, 4400, 1216, 342 / 608, nil, 0.85, 73700 / 8, "hold",
    "DeepSeek inference-system overview (2025-03-01): 73.7k input tok/s per H800 node, cache hits included" },
  { "DeepSeek-V3", "H800-SXM", "decode", 144, 4400, 1216, 342 / 608, 0.05, 0.85, 14800 / 8, "hold",
    "DeepSeek (same): 14.8k output tok/s per node at 20-22 tok/s per user, EP144, MTP" },
}
-- SLO-bound and multi-node points, all held out: total (input + output) tokens/s per GPU, over
-- every GPU of the deployment (prefill and decode), at the measured TPOT taken as the target.
-- SemiAnalysis InferenceX (github.com/SemiAnalysisAI/InferenceX-app, packages/app/content/blog/):
-- gb200-nvl72-vs-b200-disagg-deepseek-r1-fp4-dynamo-trt.mdx (run 26306422380, 2026-05-22):
--   B200, Dynamo TRT-LLM + MTP, disaggregated multinode, DeepSeek R1 0528 FP4 1k/1k:
--   conc 10,860: 12 + 20 GPUs, 12,515.7 tok/s/GPU, TPOT 46.86 ms; conc 4,968: 12 + 32 GPUs,
--   9,660.7, 17.75 ms; conc 1,214: 4 + 16 GPUs, 7,111.4, 13.51 ms; conc 90: 4 + 40 GPUs,
--   577.3, 6.64 ms;
-- best-gpu-for-dsr1-inference.mdx (2026-04-06), 8k/1k table: H200 FP8 trt (aggregated; single-node
--   TRT with MTP: h200-trt-deepseek-r1-update-2026-01-14.mdx), 2,453.9 tok/s/GPU, median TPOT
--   106.1 ms, concurrency 256, 2026-01-14.
-- MTP acceptance is not published with these rows: 0.85 for one draft token is the DeepSeek-V3
-- report's (section 5.4.3: 85-90 % acceptance of the second token), the same for every row.
-- model, chip, precision, chips, ISL, OSL, TPOT (s), disaggregated, measured, stack, label
local SLO_ROWS = {
  { "DeepSeek-R1", "B200", "fp4", 32, 1024, 1024, 0.04686, true, 12515.7, "trt-llm-moe", "InferenceX disagg, 21 tok/s/user" },
  { "DeepSeek-R1", "B200", "fp4", 44, 1024, 1024, 0.01775, true, 9660.7, "trt-llm-moe", "InferenceX disagg, 56 tok/s/user" },
  { "DeepSeek-R1", "B200", "fp4", 20, 1024, 1024, 0.01351, true, 7111.4, "trt-llm-moe", "InferenceX disagg, 74 tok/s/user" },
  { "DeepSeek-R1", "B200", "fp4", 44, 1024, 1024, 0.00664, true, 577.3, "trt-llm-moe", "InferenceX disagg, 151 tok/s/user" },
  { "DeepSeek-R1", "H200", "fp8", 8, 8192, 1024, 0.1061, false, 2453.9, "trt-llm-moe", "InferenceX aggregated, one node" },
}
local MTP_ACCEPTANCE = 0.85
local M = { rows = ROWS, tpot_rows = TPOT_ROWS, ep_rows = EP_ROWS, slo_rows = SLO_ROWS }

local cat = fc.catalog.load()

--- flopcost's total tokens/s per GPU for an SLO-bound row: the best layout of `chips` GPUs whose
-- TPOT meets the measured one (aggregated or disaggregated as measured).
function M.model_slo(row)
  local r, err = fc.inference.serve { catalog = cat, model = row[1], chip = row[2], precision = row[3],
    chips = row[4], input_tokens = row[5], output_tokens = row[6], slo = { tpot_s = row[7] },
    disaggregated = row[8], mtp = { acceptance = MTP_ACCEPTANCE }, stack = row[10] }
  assert(r, err)
  return r.tokens_per_s / row[4], r
end

local function is_moe(row) return (cat:model(row[1]).experts or 0) > 0 end
M.is_moe = is_moe

--- The stack a throughput row ran on: TensorRT-LLM, whose profiles are "trt-llm-moe"
-- and "trt-llm" (models/llms.json), whatever the chip's default stack is.
function M.stack_of(row) return is_moe(row) and "trt-llm-moe" or "trt-llm" end

--- flopcost's maximum output tokens/s per chip for a throughput row.
function M.model_row(row, overrides)
  local r, err = fc.inference.serve { catalog = cat, model = row[1], chip = row[2], precision = row[3],
    chips = row[4], input_tokens = row[5], output_tokens = row[6], overrides = overrides, stack = M.stack_of(row) }
  assert(r, err)
  return r.output_tokens_per_s_per_chip, r
end

--- flopcost's TPOT for a small-batch row (SGLang: the "wide-ep" profile, H200's default stack).
function M.model_tpot(row, overrides)
  local r, err = fc.inference.serve { catalog = cat, model = row[1], chip = row[2], precision = row[3],
    chips = row[4], input_tokens = row[5], output_tokens = row[6], batch = row[7], overrides = overrides,
    stack = "wide-ep" }
  assert(r, err)
  return r.tpot_s, r
end

--- flopcost's per-GPU rate of a wide-EP row (the phase's layout given: one group of EP chips,
-- data-parallel attention).
function M.model_ep(row)
  local r, err = fc.inference.serve { catalog = cat, model = row[1], chip = row[2], precision = "fp8",
    serving = "wide-ep", groups = { row[4] }, input_tokens = row[5], output_tokens = row[6], cache_hit = row[7],
    slo = row[8] and { tpot_s = row[8] } or nil, mtp = row[9] and { acceptance = row[9] } or nil }
  assert(r, err)
  if row[3] == "prefill" then return r.prefill_tokens_per_s_per_chip / (1 - row[7]), r end
  return r.decode_tokens_per_s_per_chip, r
end

--- The rows of one set ("fit" or "hold") and kind ("dense", "moe", or nil for both).
function M.select(set, kind)
  local out = {}
  for _, row in ipairs(ROWS) do
    if row[8] == set and (kind == nil or (kind == "moe") == is_moe(row)) then out[#out + 1] = row end
  end
  return out
end

--- rms of log(model / measured) over rows, and the worst ratio (farthest from 1).
function M.errors(rows, overrides)
  local s, worst = 0, 1
  for _, row in ipairs(rows) do
    local ratio = M.model_row(row, overrides) / row[7]
    s = s + math.log(ratio) ^ 2
    if math.abs(math.log(ratio)) > math.abs(math.log(worst)) then worst = ratio end
  end
  return math.sqrt(s / #rows), worst
end

--- Grid search of the serving profile on `rows` (least squares of the log
-- ratio): bandwidth and FLOP efficiency and the per-sequence overheads (per
-- rank and, for a MoE stack, per sequence of the whole group) and the routing
-- skew; the fixed overhead per pass is held at 2 ms (maximum-throughput rows do
-- not identify it: llms.json gives its bound from a small-batch measurement).
function M.fit(rows, moe)
  local best, bl
  for _, bw in ipairs { 0.4, 0.5, 0.6, 0.7, 0.8, 0.9 } do
    for _, fl in ipairs { 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7 } do
      for _, os in ipairs { 0, 1e-5, 2e-5, 3e-5, 4e-5, 6e-5, 8e-5 } do
        for _, og in ipairs(moe and { 0, 1e-5, 2e-5, 3e-5 } or { 0 }) do
          for _, sk in ipairs(moe and { 0, 1 } or { 0 }) do
            local ov = { bandwidth_efficiency = bw, flop_efficiency = fl, step_overhead_s = 0.002,
              sequence_overhead_s = os, group_sequence_overhead_s = og, routing_skew = sk }
            local l = M.errors(rows, ov)
            if not bl or l < bl then best, bl = ov, l end
          end
        end
      end
    end
  end
  return best, bl
end

--- Every held-out point: {label, chip, setup, shape, measured, flopcost, ratio} (text but the ratio).
function M.held_out()
  local out = {}
  local function add(label, chip, setup, shape, meas, model, fmt)
    out[#out + 1] = { label, chip, setup, shape, fmt(meas), fmt(model), model / meas }
  end
  local function n0(v) return ("%.0f"):format(v) end
  local function ms(v) return ("%.1f ms"):format(v * 1e3) end
  for _, row in ipairs(M.select("hold")) do
    add(row[1] .. " max throughput, output/GPU", row[2], ("%s, %d, %s"):format(row[3], row[4], M.stack_of(row)),
      ("%d/%d"):format(row[5], row[6]), row[7], M.model_row(row), n0)
  end
  for _, row in ipairs(EP_ROWS) do
    if row[11] == "hold" then
      add(("DeepSeek production %s/GPU"):format(row[3]), row[2], ("fp8, EP%d, wide-ep"):format(row[4]),
        ("%d/%d"):format(row[5], row[6]), row[10], M.model_ep(row), n0)
    end
  end
  for _, row in ipairs(SLO_ROWS) do
    add(row[1] .. " " .. row[11] .. ", total/GPU", row[2], ("%s, %d, %s"):format(row[3], row[4], row[10]),
      ("%d/%d, TPOT %.1f ms"):format(row[5], row[6], row[7] * 1e3), row[9], M.model_slo(row), n0)
  end
  for _, row in ipairs(TPOT_ROWS) do
    add(("%s TPOT at batch %d"):format(row[1], row[7]), row[2], ("%s, %d, wide-ep"):format(row[3], row[4]),
      ("%d/%d"):format(row[5], row[6]), row[8], M.model_tpot(row), ms)
  end
  return out
end

--- The median |log ratio| of points (M.held_out) and the worst point.
function M.spread(points)
  local logs, worst = {}, points[1]
  for i, p in ipairs(points) do
    logs[i] = math.abs(math.log(p[7]))
    if logs[i] > math.abs(math.log(worst[7])) then worst = p end
  end
  table.sort(logs)
  local k = #logs
  return k % 2 == 1 and logs[(k + 1) // 2] or (logs[k // 2] + logs[k // 2 + 1]) / 2, worst
end

--- README's held-out table (Markdown), as the spec compares it.
function M.markdown()
  local pts = M.held_out()
  local lines = { "| held-out point | chip | precision, GPUs, stack | ISL/OSL | measured | flopcost | ratio |",
    "|---|---|---|---|---:|---:|---:|" }
  for _, p in ipairs(pts) do
    lines[#lines + 1] = ("| %s | %s | %s | %s | %s | %s | %.2f |"):format(p[1], p[2], p[3], p[4], p[5], p[6], p[7])
  end
  local med, worst = M.spread(pts)
  lines[#lines + 1] = ""
  lines[#lines + 1] = ("%d held-out points: median |log ratio| %.3f (x%.2f); worst %.2f (%s on %s)."):format(#pts,
    med, math.exp(med), worst[7], worst[1], worst[2])
  return table.concat(lines, "\n") .. "\n"
end

local function table_of(rows)
  print(("%-16s %-9s %-4s %2s %11s %9s %9s %6s"):format("model", "chip", "prec", "g", "ISL/OSL",
    "measured", "flopcost", "ratio"))
  for _, row in ipairs(rows) do
    local v = M.model_row(row)
    print(("%-16s %-9s %-4s %2d %5d/%-5d %9d %9.0f %6.2f"):format(row[1], row[2], row[3], row[4], row[5],
      row[6], row[7], v, v / row[7]))
  end
  local rms, worst = M.errors(rows)
  print(("  rms log error %.3f (x%.2f), worst ratio %.2f, %d rows"):format(rms, math.exp(rms), worst, #rows))
end

if arg and arg[0] and arg[0]:match("calibrate%-inference%.lua$") then
  if arg[1] == "--markdown" then
    io.write(M.markdown())
  elseif arg[1] == "--fit" then
    for _, kind in ipairs { "dense", "moe" } do
      local ov, rms = M.fit(M.select("fit", kind), kind == "moe")
      local hrms, hworst = M.errors(M.select("hold", kind), ov)
      print(("%s: bandwidth %.2f flop %.2f overhead %.3f s + %.0f us/rank sequence + %.0f us/group sequence, "
        .. "skew %g -> fit rms %.3f (x%.2f); held out rms %.3f (x%.2f), worst %.2f"):format(kind,
        ov.bandwidth_efficiency, ov.flop_efficiency, ov.step_overhead_s, ov.sequence_overhead_s * 1e6,
        ov.group_sequence_overhead_s * 1e6, ov.routing_skew, rms, math.exp(rms), hrms, math.exp(hrms), hworst))
    end
  else
    print("calibration rows (the serving profiles were fitted to these):")
    table_of(M.select("fit"))
    print("\nheld-out rows (out of sample):")
    table_of(M.select("hold"))
    print("\nwide expert parallelism over nodes (stack wide-ep; per GPU):")
    for _, row in ipairs(EP_ROWS) do
      local v = M.model_ep(row)
      print(("  %-4s %-8s %-7s EP%-3d %5d/%-5d measured %6.0f flopcost %6.0f ratio %.2f"):format(row[11], row[2],
        row[3], row[4], row[5], row[6], row[10], v, v / row[10]))
    end
    print("\nSLO-bound and multi-node rows (held out; total tokens/s per GPU at the measured TPOT):")
    for _, row in ipairs(SLO_ROWS) do
      local v = M.model_slo(row)
      print(("  %-4s %2d x %-5s TPOT %5.1f ms %-8s measured %7.0f flopcost %7.0f ratio %.2f"):format(row[3], row[4],
        row[2], row[7] * 1e3, row[8] and "disagg" or "agg", row[9], v, v / row[9]))
    end
    -- every held-out point at once: the median and the worst |log ratio|
    local pts = M.held_out()
    local med, worst = M.spread(pts)
    print(("  every held-out point (%d): median |log ratio| %.3f (x%.2f), worst %.2f (%s on %s)")
      :format(#pts, med, math.exp(med), worst[7], worst[1], worst[2]))
    print("\nsmall-batch TPOT, DeepSeek-R1 FP8 on 8 x H200, 1024/1024 (InferenceX issue 870; held out):")
    for _, row in ipairs(TPOT_ROWS) do
      local t = M.model_tpot(row)
      print(("  batch %3d: measured %5.1f ms, flopcost %5.1f ms, ratio %.2f"):format(row[7], row[8] * 1e3,
        t * 1e3, t / row[8]))
    end
  end
  return -- run as a script: nothing for `flopcost run` to evaluate
end
return M
