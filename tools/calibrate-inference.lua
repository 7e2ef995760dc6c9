-- tools/calibrate-inference.lua: flopcost's serving model against the
-- measured maximum-throughput table of TensorRT-LLM (perf-overview.md at
-- github.com/NVIDIA/TensorRT-LLM commit 03e27c7, "Output Throughput per GPU",
-- offline, no latency limit, ISL/OSL fixed).  Prints model / measured per row
-- and, with --fit, grid-searches the serving profile's bandwidth efficiency,
-- FLOP efficiency and step overhead (dense and MoE rows apart) by the least
-- squares of log(model / measured).
--   lua5.4 tools/calibrate-inference.lua [--fit]
local fc = require "flopcost"

-- model, chip, precision, group, ISL, OSL, measured output tokens/s per GPU
local ROWS = {
  { "Llama-3.3-70B", "B200", "fp4", 1, 1000, 1000, 6920 },
  { "Llama-3.3-70B", "B200", "fp4", 1, 1024, 8192, 3242 },
  { "Llama-3.3-70B", "B200", "fp4", 1, 8192, 1024, 1362 },
  { "Llama-3.3-70B", "B200", "fp4", 1, 32768, 1024, 274 },
  { "Llama-3.3-70B", "H200", "fp8", 2, 1000, 1000, 2587 },
  { "Llama-3.3-70B", "H200", "fp8", 2, 1024, 8192, 2009 },
  { "Llama-3.3-70B", "H200", "fp8", 2, 8192, 1024, 537 },
  { "Llama-3.3-70B", "H200", "fp8", 2, 32768, 1024, 120 },
  { "Llama-3.3-70B", "H100-SXM", "fp8", 2, 1000, 1000, 2209 },
  { "Llama-3.3-70B", "H100-SXM", "fp8", 2, 8192, 1024, 398 },
  { "Qwen3-235B-A22B", "B200", "fp4", 4, 1000, 1000, 5764 },
  { "Qwen3-235B-A22B", "B200", "fp4", 4, 1024, 8192, 3389 },
  { "Qwen3-235B-A22B", "B200", "fp4", 4, 8192, 1024, 1410 },
  { "Qwen3-235B-A22B", "H200", "fp8", 4, 1000, 1000, 3288 },
  { "Qwen3-235B-A22B", "H200", "fp8", 4, 1024, 8192, 1417 },
  { "Qwen3-235B-A22B", "H200", "fp8", 4, 8192, 1024, 627 },
  { "Qwen3-235B-A22B", "H100-SXM", "fp8", 8, 1000, 1000, 1932 },
  { "Qwen3-235B-A22B", "H100-SXM", "fp8", 8, 1024, 8192, 873 },
  { "DeepSeek-R1", "B200", "fp4", 4, 1000, 1000, 6463 },
  { "DeepSeek-R1", "B200", "fp4", 4, 1024, 8192, 3862 },
  { "DeepSeek-R1", "B200", "fp4", 4, 8192, 1024, 1168 },
  { "DeepSeek-R1", "H200", "fp8", 8, 1000, 1000, 1627 },
  { "DeepSeek-R1", "H200", "fp8", 8, 1024, 8192, 1218 },
  { "Qwen3-30B-A3B", "B200", "fp4", 1, 1000, 1000, 26971 },
  { "Qwen3-30B-A3B", "B200", "fp4", 1, 8192, 1024, 5735 },
}
local M = { rows = ROWS }

local cat = fc.catalog.load()

function M.model_row(row, overrides)
  local r, err = fc.inference.serve { catalog = cat, model = row[1], chip = row[2], precision = row[3],
    chips = row[4], input_tokens = row[5], output_tokens = row[6], overrides = overrides }
  assert(r, err)
  return r.output_tokens_per_s_per_chip, r
end

local function is_moe(row) return (cat:model(row[1]).experts or 0) > 0 end

local function loss(rows, ov)
  local s = 0
  for _, row in ipairs(rows) do s = s + math.log(M.model_row(row, ov) / row[7]) ^ 2 end
  return s / #rows
end

function M.fit(rows)
  local best, bl
  for _, bw in ipairs { 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9 } do
    for _, fl in ipairs { 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7 } do
      for _, oh in ipairs { 0.001, 0.002, 0.004, 0.008, 0.016, 0.032 } do
        local ov = { bandwidth_efficiency = bw, flop_efficiency = fl, step_overhead_s = oh }
        local l = loss(rows, ov)
        if not bl or l < bl then best, bl = ov, l end
      end
    end
  end
  return best, math.sqrt(bl)
end

if arg and arg[0] and arg[0]:match("calibrate%-inference%.lua$") then
  if arg[1] == "--fit" then
    local dense, moe = {}, {}
    for _, row in ipairs(ROWS) do table.insert(is_moe(row) and moe or dense, row) end
    for name, rows in pairs { dense = dense, moe = moe } do
      local ov, rms = M.fit(rows)
      print(("%s: bandwidth %.2f flop %.2f overhead %.3f s -> rms log error %.3f (x%.2f)"):format(name,
        ov.bandwidth_efficiency, ov.flop_efficiency, ov.step_overhead_s, rms, math.exp(rms)))
    end
  else
    print(("%-16s %-9s %-4s %2s %11s %9s %9s %6s"):format("model", "chip", "prec", "g", "ISL/OSL",
      "measured", "flopcost", "ratio"))
    for _, row in ipairs(ROWS) do
      local v = M.model_row(row)
      print(("%-16s %-9s %-4s %2d %5d/%-5d %9d %9.0f %6.2f"):format(row[1], row[2], row[3], row[4], row[5],
        row[6], row[7], v, v / row[7]))
    end
  end
end
return M
