-- Inference: the model-architecture catalog (models/llms.json), the serving
-- model (csrc/core/fc_inference.c) and its binding.  Every expected value is a
-- published figure or a hand calculation written out beside it.
local fc = require "flopcost"
local H = require "spec.helpers"

local cat = fc.catalog.load()

describe("models/llms.json", function()
  it("holds the architectures the issue names, with their published shapes", function()
    -- Llama 3 Herd, Table 3: 70B = 80 layers, d 8192, 64 heads, 8 KV heads
    local m = cat:model("Llama-3.1-70B")
    assert.are.same({ 80, 8192, 64, 8, 128 }, { m.layers, m.hidden, m.heads, m.kv_heads, m.head_dim })
    -- DeepSeek-V3 config.json: MLA latent 512 + decoupled RoPE 64, 256 routed experts, 8 active
    local d = cat:model("DeepSeek-R1")
    assert.are.equal("DeepSeek-V3", d.name)
    assert.are.same({ "mla", 512, 64, 256, 8, 1, 58 },
      { d.attention, d.kv_lora_rank, d.qk_rope_head_dim, d.experts, d.experts_active, d.experts_shared,
        d.moe_layers })
    local q = cat:model("Qwen3-235B-A22B")
    assert.are.same({ 94, 64, 4, 128, 8 }, { q.layers, q.heads, q.kv_heads, q.experts, q.experts_active })
    for _, name in ipairs { "Llama-3.1-8B", "Llama-3.1-405B", "Llama-3.2-1B" } do
      assert.is_table(cat:model(name))
    end
  end)

  it("keeps each figure's source and range", function()
    local d = cat:model("DeepSeek-V3")
    assert.matches("2412.19437", d.meta.params.source, 1, true)
    assert.are.same({ 36.6e9, 37e9 }, d.meta.active_params.range)
    assert.is_true(cat:serving("trt-llm").kv_memory_fraction > 0)
  end)

  -- The parameter counts agree with the architecture (SwiGLU: 3 x hidden x
  -- intermediate per FFN): Llama 3.1 70B = embeddings 2 x 128256 x 8192
  -- (2.101e9) + 80 x (attention 2 x 8192^2 + 2 x 8192 x 1024 = 150.99e6,
  -- FFN 3 x 8192 x 28672 = 704.64e6) = 70.55e9 against the card's 70.6e9.
  it("parameter counts match the architectures within 1 %", function()
    local m = cat:model("Llama-3.1-70B")
    local layer = 2 * m.hidden ^ 2 + 2 * m.hidden * m.kv_heads * m.head_dim + 3 * m.hidden * m.intermediate
    local total = m.layers * layer + 2 * m.vocab * m.hidden
    assert.near(70.553e9, total, 1e-3)
    assert.near(m.params, total, 0.01)
  end)

  it("names the nearest model for a typo", function()
    assert.are.equal("flopcost.catalog: unknown model 'Llama-3.1-70' (did you mean 'Llama-3.1-70B'?)",
      H.error_of(cat.model, cat, "Llama-3.1-70"))
  end)

  local function entry(fields)
    local e = { name = "m", params = 1e9, layers = 2, hidden = 8, heads = 2, kv_heads = 1, head_dim = 4,
      attention = "gqa", vocab = 10, context = 100, source = "s", as_of = "2024" }
    for k, v in pairs(fields) do e[k] = v end
    return e
  end
  H.error_rows(it, {
    { "more KV heads than heads", function() cat:copy():add("model", entry { kv_heads = 4 }) end,
      "flopcost.catalog.add: llms 'm': kv_heads: 4 is above heads (2)" },
    { "MLA without its latent sizes", function() cat:copy():add("model", entry { attention = "mla" }) end,
      "flopcost.catalog.add: llms 'm': attention: 'mla' needs kv_lora_rank and qk_rope_head_dim" },
    { "MoE without its expert size", function()
      cat:copy():add("model", entry { experts = 8, experts_active = 2, moe_layers = 2, active_params = 5e8 })
    end, "flopcost.catalog.add: llms 'm': experts: a mixture of experts needs 'expert_intermediate'" },
    { "more active experts than experts", function()
      cat:copy():add("model", entry { experts = 8, experts_active = 9, moe_layers = 2, expert_intermediate = 4,
        active_params = 5e8 })
    end, "flopcost.catalog.add: llms 'm': experts_active: 9 is above experts (8)" },
    { "unknown attention kind", function() cat:copy():add("model", entry { attention = "mqa" }) end,
      "flopcost.catalog.add: llms 'm': attention: one of 'gqa', 'mla' expected, got 'mqa' (did you mean 'gqa'?)" },
  })

  it("returns nil, message, 'does_not_fit' for a model that does not fit (data, not misuse)", function()
    -- 405.9e9 x 2 bytes = 811.8 GB of weights + 2000 x 2 x 126 x 8 x 128 x 2 / 0.9 = 1.15 GB of KV
    local r, msg, token = fc.inference.serve { model = "Llama-3.1-405B", chip = "H100-SXM", chips = 1 }
    assert.is_nil(r)
    assert.are.equal("flopcost.inference.serve: the model does not fit: it needs 812.9 GB (weights 811.8 GB + one "
      .. "sequence's KV cache) and a group of 1 chip has 80.0 GB", msg)
    assert.are.equal("does_not_fit", token)
  end)

  -- line 2 is ` "llms": [ {"name": "x",} ]}`: the '}' after the comma is column 25
  it("reports malformed llms.json with line and column", function()
    local path = os.tmpname()
    local f = assert(io.open(path, "w"))
    f:write('{"schema": "flopcost.llms/1", "as_of": "2024",\n "llms": [ {"name": "x",} ]}')
    f:close()
    local err = H.error_of(fc.catalog.load, path)
    os.remove(path)
    assert.matches(":2:25: malformed JSON %(trailing comma before '}'%)$", err)
  end)
end)

describe("fc.inference.serve", function()
  local base = { model = "Llama-3.1-70B", chip = "H20", precision = "fp8", input_tokens = 2000,
    output_tokens = 500, slo = { ttft_s = 0.45, tpot_s = 0.04 } }
  local function with(changes)
    local t = {}
    for k, v in pairs(base) do t[k] = v end
    for k, v in pairs(changes) do t[k] = v end
    return t
  end

  it("returns the chosen point within the targets", function()
    local r = assert(fc.inference.serve(base))
    for _, k in ipairs { "decode_tokens_per_s_per_chip", "prefill_tokens_per_s_per_chip", "batch", "ttft_s",
      "tpot_s" } do
      assert.is_number(r[k])
    end
    assert.is_true(r.tpot_s <= 0.04 and r.ttft_s <= 0.45)
    assert.is_true(r.bound == "latency" or r.bound == "capacity")
    -- one H20 prefills 2000 tokens of a 70B model in 2 x 70.6e9 x 2000 / (296e12 x 0.5) = 1.9 s,
    -- so the 0.45 s TTFT needs a group: the solver picks 8 (2 x 70.6e9 x 2000 / 8 / 148e12 = 0.24 s)
    assert.are.equal(8, r.group)
  end)

  it("returns nil, message naming the tightest achievable value for impossible targets", function()
    local r, msg, token = fc.inference.serve(with { chips = 1, slo = { ttft_s = 0.45 } })
    assert.is_nil(r)
    assert.are.equal("latency", token)
    -- batch-1 TTFT on one H20 (296 dense FP8 TFLOP/s, 148 BF16, at the dense profile's 0.5):
    -- 2 x 70.6e9 x 2000 = 2.824e14 FLOP of GEMMs / 148e12 = 1.90811 s, + the attention core in BF16
    -- (fc_inference.h): 2 x 80 x 64 x 256 x 2000 x (2000 - 1000) = 5.243e12 / 74e12 = 0.07085 s
    -- (the weights take 0.026 s: compute dominates) + the pass's overhead (2 ms + 40 us for its
    -- one sequence) = 1.9810 s
    assert.matches("no batch meets ttft_s = 0.45 s: the tightest achievable is 1.98[01] s", msg)
    r, msg = fc.inference.serve(with { slo = { tpot_s = 0.001 } })
    assert.is_nil(r)
    assert.matches("no batch meets tpot_s = 0.001 s: the tightest achievable is", msg, 1, true)
  end)

  H.error_rows(it, {
    { "unknown model", function() fc.inference.serve(with { model = "Llama-3.1-70" }) end,
      "flopcost.inference.serve: field 'model': unknown model 'Llama-3.1-70' (did you mean 'Llama-3.1-70B'?)" },
    { "unknown chip", function() fc.inference.serve(with { chip = "H2O" }) end,
      "flopcost.inference.serve: field 'chip': unknown chip 'H2O' (did you mean 'H20'?)" },
    { "cache hit of 1", function() fc.inference.serve(with { cache_hit = 1 }) end,
      "flopcost.inference.serve: field 'cache_hit': number in [0, 1) expected, got 1" },
    { "misspelt option", function() fc.inference.serve(with { chps = 2 }) end,
      "flopcost.inference.serve: unknown field 'chps' (did you mean 'chips'?)" },
    { "group on a chip without a link", function()
      fc.inference.serve { model = "Llama-3.2-1B", chip = "TPU-v4", chips = 2 }
    end, "flopcost.inference.serve: field 'chips': chip 'TPU-v4' has no interconnect_gbs in the catalog, "
      .. "so a group of 2 cannot be timed" },
    { "unknown precision", function() fc.inference.serve(with { precision = "fp6" }) end,
      "flopcost.inference.serve: field 'precision': one of bf16, fp16, fp8, int8, fp4, int4 expected, got 'fp6'" },
  })

  it("a looser latency target never lowers throughput", function()
    local prev = 0
    for _, tpot in ipairs { 0.035, 0.04, 0.05, 0.08, 0.2 } do
      local r = assert(fc.inference.serve(with { slo = { ttft_s = 0.45, tpot_s = tpot } }))
      assert.is_true(r.output_tokens_per_s_per_chip >= prev)
      prev = r.output_tokens_per_s_per_chip
    end
  end)

  it("more memory bandwidth never lowers throughput", function()
    local c2 = cat:copy()
    -- batch 4 is memory bound on H20 (it gains), batch 64 compute bound (it must not lose)
    local r1, r3 = {}, {}
    for i, b in ipairs { 4, 64 } do
      r1[i] = assert(fc.inference.serve { catalog = c2, model = "Llama-3.1-70B", chip = "H20", precision = "fp8",
        chips = 2, batch = b })
    end
    c2 = c2:override("chip", "H20", { memory_bandwidth_gbs = 6000 })
    for i, b in ipairs { 4, 64 } do
      r3[i] = assert(fc.inference.serve { catalog = c2, model = "Llama-3.1-70B", chip = "H20", precision = "fp8",
        chips = 2, batch = b })
    end
    assert.are.equal("memory", r1[1].roofline)
    assert.is_true(r3[1].decode_tokens_per_s_per_chip > r1[1].decode_tokens_per_s_per_chip)
    assert.is_true(r3[2].decode_tokens_per_s_per_chip >= r1[2].decode_tokens_per_s_per_chip)
  end)

  -- DeepSeek-V3 in FP8 on 8 x H20 (96 GB each): a replica of the 17.09e9-parameter dense part on
  -- each chip would need 17.09 + 653.91 / 8 = 98.83 GB per chip, so attention goes tensor parallel
  -- over 2 chips (4 ranks): 17.09 / 2 + 653.91 / 8 = 90.28 GB a chip, 4 x 17.09 + 653.91 = 722.27 GB
  it("splits an MoE's dense part when replicas do not fit (DeepSeek-V3 on 8 x H20)", function()
    local r = assert(fc.inference.serve { model = "DeepSeek-V3", chip = "H20", chips = 8, precision = "fp8" })
    assert.are.equal(2, r.tp)
    assert.near(4 * 17091229184 + 58 * 256 * 44040192, r.weights_bytes, 1e-12)
    local r2 = assert(fc.inference.serve { model = "DeepSeek-V3", chip = "H200", chips = 8, precision = "fp8" })
    assert.near(8 * 17091229184 + 58 * 256 * 44040192, r2.weights_bytes, 1e-12)
  end)

  it("memory-bound decode draws well under TDP", function()
    local r = assert(fc.inference.serve { model = "Llama-3.1-8B", chip = "H100-SXM", chips = 1, batch = 1 })
    assert.are.equal("memory", r.roofline)
    assert.is_true(r.decode_power_w < 0.5 * 700)
  end)

  -- ML.ENERGY (Chung et al., "LLM Inference Energy: A Longitudinal Analysis", ml.energy blog, v3.0
  -- Dec 2025): Llama 3.1 8B on one H100, batch 64, vLLM 0.11.1: 0.12 J per token (GPU energy over
  -- output tokens). The post does not state the input length; over 200-2000 input tokens with the
  -- text-conversation task's 717 output tokens flopcost gives 0.059-0.135 J, so the check is x2.
  it("energy per token is within x2 of ML.ENERGY's measured 0.12 J (Llama 3.1 8B, H100, batch 64)", function()
    local r = assert(fc.inference.serve { model = "Llama-3.1-8B", chip = "H100-SXM", chips = 1, batch = 64,
      precision = "bf16", input_tokens = 1000, output_tokens = 717 })
    local j_out = r.j_per_token * (1000 + 717) / 717 -- board energy of the request over its output tokens
    assert.is_true(j_out > 0.12 / 2 and j_out < 0.12 * 2, tostring(j_out))
  end)

  it("returns the frontier as columns, one entry per (group, batch)", function()
    local r = assert(fc.inference.serve(with { frontier = 256 }))
    local f = r.frontier
    assert.is_true(f.n > 10 and f.n <= 256)
    for i = 2, f.n do
      if f.group[i] == f.group[i - 1] then
        -- within a group, a larger batch gives each user fewer tokens/s and the chip more
        assert.is_true(f.batch[i] > f.batch[i - 1])
        assert.is_true(f.tokens_per_s_per_user[i] <= f.tokens_per_s_per_user[i - 1])
        assert.is_true(f.decode_tokens_per_s_per_chip[i] >= f.decode_tokens_per_s_per_chip[i - 1])
      end
    end
  end)

  it("keeps the frontier in C: rows, columns and the Pareto filter agree", function()
    local r = assert(fc.inference.serve(with { frontier = 512 }))
    local f = r.frontier
    assert.are.equal(f.n, #f)
    -- a row and the columns hold the same figures; the row has every field of a point
    local row = f[7]
    assert.are.equal(f.batch[7], row.batch)
    assert.are.equal(f.tpot_s[7], row.tpot_s)
    assert.are.equal(f.bound[7], row.bound)
    assert.are.equal(f:column("j_per_token")[7], row.j_per_token)
    assert.is_nil(f[0])
    assert.is_nil(f[#f + 1])
    local n = 0
    for i, p in f:rows() do n = n + 1; assert.are.equal(f.group[i], p.group) end
    assert.are.equal(#f, n)
    assert.has_error(function() f:column("nope") end, "flopcost.inference.Frontier:column: unknown field 'nope'")
    -- the Pareto filter against the plain Lua rule: sort by tokens/s per
    -- user (descending), keep each point that beats every earlier one on
    -- output tokens/s per chip
    local rows = {}
    for i = 1, #f do rows[i] = f[i] end
    table.sort(rows, function(a, b)
      if a.tokens_per_s_per_user ~= b.tokens_per_s_per_user then return a.tokens_per_s_per_user > b.tokens_per_s_per_user end
      return a.output_tokens_per_s_per_chip > b.output_tokens_per_s_per_chip
    end)
    local keep, best = {}, -math.huge
    for _, p in ipairs(rows) do
      if p.output_tokens_per_s_per_chip > best then keep[#keep + 1], best = p, p.output_tokens_per_s_per_chip end
    end
    local pf = f:pareto()
    assert.is_true(#pf > 3 and #pf < #f)
    assert.are.equal(#keep, #pf)
    for i = 1, #pf do
      local k = keep[#keep + 1 - i] -- ascending tokens/s per user
      assert.are.equal(k.group, pf[i].group)
      assert.are.equal(k.batch, pf[i].batch)
    end
    local pts = fc.inference.frontier(with {}, 512)
    assert.are.equal(#pf, #pts)
    assert.are.equal(pf.tpot_s[1], pts.tpot_s[1])
  end)

  -- Validation against measured maximum throughput: TensorRT-LLM's
  -- perf-overview table (output tokens/s per GPU, offline), split in
  -- tools/calibrate-inference.lua. The serving profiles were fitted to the
  -- 17 calibration rows (B200 and H200 rows of Llama 3.3 70B, Qwen3 235B,
  -- DeepSeek-R1): rms error x1.13, worst 1.23, so each stays within x1.3.
  -- The 14 held-out rows (every H100 row, every Qwen3 30B-A3B row, the
  -- 32K-token rows) were never fitted: rms x1.18, worst 0.73 (Qwen3 30B on
  -- one B200, 1024/8192) and 1.36 (Llama 70B, 32K input). Out of sample we
  -- ask what the README claims: rms within x1.25 and every row within x1.45
  -- (the old profile, fitted on 25 rows with a 24 ms MoE step, missed
  -- Qwen3 30B 1024/8192 by 0.58).
  local C = dofile("tools/calibrate-inference.lua")
  it("reproduces TensorRT-LLM's calibration rows within x1.3", function()
    for _, row in ipairs(C.select("fit")) do
      local ratio = C.model_row(row) / row[7]
      assert(ratio > 1 / 1.3 and ratio < 1.3, ("%s on %s %d/%d: ratio %.2f"):format(row[1], row[2], row[5], row[6], ratio))
    end
  end)

  it("predicts TensorRT-LLM's held-out rows (other chip, other model, 32K tokens) within x1.45, rms x1.25", function()
    local held = C.select("hold")
    assert.are.equal(14, #held)
    for _, row in ipairs(held) do
      local ratio = C.model_row(row) / row[7]
      assert(ratio > 1 / 1.45 and ratio < 1.45, ("%s on %s %d/%d: ratio %.2f"):format(row[1], row[2], row[5], row[6], ratio))
    end
    local rms = C.errors(held)
    assert.is_true(math.exp(rms) < 1.25, ("held-out rms x%.3f"):format(math.exp(rms)))
  end)

  -- Small-batch TPOT, out of sample (another framework, another regime):
  -- SemiAnalysis InferenceX issue 870 (2026-03-05), DeepSeek-R1-0528 FP8 on
  -- 8 x H200 under SGLang v0.5.7, 1024/1024: mean TPOT 12.8, 17.2, 25.6 and
  -- 34.6 ms at concurrency 8, 16, 32, 64. Timed with SGLang's profile
  -- ("wide-ep", H200's default stack for a MoE). Hand check at batch 8
  -- (bandwidth 0.5, 2 ms + 90 us per sequence of a rank, one sequence on each
  -- of 8 data-parallel ranks): experts read per
  -- MoE layer 256 (1 - (1 - 8/256)^8) = 57.4; weights read = 8 x 17.09 GB
  -- (a dense replica per chip) + 58 x 57.4 x 44.04 MB = 136.7 + 146.6 =
  -- 283.3 GB, over 8 chips at 0.5 x 4.8 TB/s: 14.8 ms; the all-to-alls hide
  -- behind compute (two-batch overlap) + 2.09 ms overhead = 16.9 ms, 1.32x
  -- the measured 12.8 ms (the TensorRT-LLM "trt-llm-moe" profile, 2 ms + 20 us per
  -- sequence of the node and no overlap, gives 18.1 ms, 1.42x). The run used
  -- tensor-parallel attention (TP 8, EP 1), flopcost times expert
  -- parallelism with a dense replica per chip (what maximum throughput
  -- uses), which reads 8x the dense part at small batch: so flopcost may
  -- lie above, and the check is x1.5. The 24 ms fixed step of the old
  -- profile gave 35.8 ms (2.79x) and fails it.
  -- SLO-bound, multi-node, disaggregated rows (held out): SemiAnalysis InferenceX, B200 Dynamo
  -- TRT-LLM + MTP, DeepSeek R1 FP4 1k/1k (InferenceX-app blog gb200-nvl72-vs-b200-disagg-deepseek-r1-
  -- fp4-dynamo-trt.mdx, run 26306422380): 12,515.7 / 9,660.7 / 7,111.4 total tok/s per GPU at TPOT
  -- 46.86 / 17.75 / 13.51 ms on 32 / 44 / 20 GPUs. flopcost 12,657 / 7,082 / 6,739 (1.01 / 0.73 /
  -- 0.95): each within x1.45, the held-out bound above. (The 6.6 ms point is missed by 5.3x; README.)
  it("predicts InferenceX's disaggregated B200 points down to 13.5 ms TPOT within x1.45", function()
    local n = 0
    for _, row in ipairs(C.slo_rows) do
      if row[2] == "B200" and row[7] > 0.01 then
        local ratio = C.model_slo(row) / row[9]
        assert(ratio > 1 / 1.45 and ratio < 1.45, ("%s: ratio %.2f"):format(row[11], ratio))
        n = n + 1
      end
    end
    assert.are.equal(3, n)
  end)

  it("README's held-out table is the calibration tool's output", function()
    local f = assert(io.open("README.md"))
    local text = f:read("a")
    f:close()
    local block = text:match("<!%-%- calibrate%-inference held%-out: begin %-%->\n(.-)<!%-%- calibrate%-inference held%-out: end %-%->")
    assert.is_string(block)
    assert.are.equal(C.markdown(), block)
    -- every held-out point is in it: 14 throughput, 2 production, 5 SLO-bound, 4 TPOT
    assert.are.equal(25, #C.held_out())
  end)

  it("reproduces InferenceX's small-batch TPOT of DeepSeek-R1 on 8 x H200 within x1.5", function()
    for _, row in ipairs(C.tpot_rows) do
      local ratio = C.model_tpot(row) / row[8]
      assert(ratio > 1 / 1.5 and ratio < 1.5, ("batch %d: ratio %.2f"):format(row[7], ratio))
    end
    local _, r = C.model_tpot(C.tpot_rows[1])
    assert.is_true(math.abs(r.tpot_s - 0.0169) < 0.0005, tostring(r.tpot_s))
    assert.are.equal("wide-ep", r.stack)
    -- the overhead is a fixed part and a part per sequence of a rank: 2 ms + 1 x 90 us
    assert.is_true(math.abs(r.overhead_s - 0.00209) < 1e-9, tostring(r.overhead_s))
    assert.are.equal(0, r.exposed_network_s)
  end)
end)

describe("fc.scenario with an inference workload", function()
  local function scen(changes)
    local o = { region = "us-tx", chips = { ["H100-SXM"] = 1 }, precision = "fp8", utilization = 0.3,
      workload = { kind = "inference", model = "Llama-3.1-70B", input_tokens = 2000, output_tokens = 500,
        cache_hit = 0.5, slo = { ttft_s = 0.45, tpot_s = 0.04 } } }
    for k, v in pairs(changes or {}) do o[k] = v end
    return fc.scenario(o)
  end

  it("prices tokens through the same chain: $/h over tokens/h", function()
    local r = scen():evaluate()
    for _, k in ipairs { "usd_per_mtok_input", "usd_per_mtok_output", "usd_per_mtok_blended",
      "tokens_per_s_per_chip", "j_per_token" } do
      assert.is_true(r[k] > 0, k)
    end
    assert.is_string(r.bound)
    assert.is_number(r.breakdown.energy)
    -- the blend is token-weighted: 2000 x input + 500 x output = 2500 x blended
    assert.near(2500 * r.usd_per_mtok_blended, 2000 * r.usd_per_mtok_input + 500 * r.usd_per_mtok_output, 1e-9)
    -- and the same tokens/s as fc.inference.serve gives
    local p = assert(fc.inference.serve { model = "Llama-3.1-70B", chip = "H100-SXM", precision = "fp8",
      input_tokens = 2000, output_tokens = 500, cache_hit = 0.5, slo = { ttft_s = 0.45, tpot_s = 0.04 } })
    assert.near(p.tokens_per_s_per_chip, r.tokens_per_s_per_chip, 1e-12)
    -- $/h of ownership by hand (us-tx in regions.json: WACC 6 %, $9,500/kW facility, EIA Texas industrial
    -- 6.60 c/kWh, PUE 1.25, no carbon
    -- price; H100 $37,080.50 a server share, so chip = 37080.50 / 1.64 = 22610.06):
    --   CRF(6 %, 5) = 0.2373965, CRF(6 %, 20) = 0.0871846, 8766 h a year
    --   chip 22610.06 x 0.2373965 / 8766 = 0.612314; server x 0.64 = 0.391881
    --   network (22610.06 x 1.64 / 0.81 - 37080.50) x 0.2373965 / 8766 = 0.235552
    --   facility 9500 x (0.7 kW x 1.8214) x 0.0871846 / 8766 = 0.120466     capital 1.360213 $/h
    --   energy: the serving draw J/token x tokens/s (from fc.inference.serve: 0.054976 x 6535.4 = 359.3 W)
    --   at load 0.3 over idle 124.94 W = 195.2 W, x 1.8214 x 1.25 / 1000 kWh x $0.066 = 0.029339 $/h
    --   opex: the default maintenance 3 %/y of the cluster capex 22610.06 x 1.64 / 0.81 = 45778.39:
    --   0.03 x 45778.39 / 8766 = 0.156668 $/h                     capital + opex 1.516881 $/h
    local serving_w = p.j_per_token * p.tokens_per_s_per_chip
    local energy = (124.94 + 0.3 * (serving_w - 124.94)) * 1.8214 * 1.25 / 1000 * 0.066
    assert.near(1.516881 + energy, r.per_hour.total, 1e-6)
    -- blended $ per M tokens = $/h / (tokens/s x 3600 x load 0.3) x 1e6
    assert.near((1.516881 + energy) / (p.tokens_per_s_per_chip * 3600 * 0.3) * 1e6, r.usd_per_mtok_blended, 1e-6)
  end)

  it("cost per token falls with load until the chips are full", function()
    local prev = math.huge
    for _, u in ipairs { 0.1, 0.3, 0.5, 0.7, 1.0 } do
      local r = scen { utilization = u }:evaluate()
      assert.is_true(r.usd_per_mtok_blended < prev)
      prev = r.usd_per_mtok_blended
    end
    -- idle capex: at 30 % load the fixed costs spread over 0.3 of the tokens while energy follows
    -- the load, so the cost ratio to full load lies between 1 and 1 / 0.3
    local r30, r100 = scen { utilization = 0.3 }:evaluate(), scen { utilization = 1 }:evaluate()
    local ratio = r30.usd_per_mtok_blended / r100.usd_per_mtok_blended
    assert.is_true(ratio > 1 and ratio < 1 / 0.3)
  end)

  it("more memory bandwidth never costs more per token", function()
    local c2 = cat:copy()
    local a = scen { catalog = c2 }:evaluate()
    c2 = c2:override("chip", "H100-SXM", { memory_bandwidth_gbs = 4800 })
    local b = scen { catalog = c2 }:evaluate()
    assert.is_true(b.usd_per_mtok_blended <= a.usd_per_mtok_blended)
  end)

  it("serves mixes as separate pools", function()
    local r = scen { chips = { ["H100-SXM"] = 0.5, H20 = 0.5 } }:evaluate()
    local a = scen { chips = { ["H100-SXM"] = 1 } }:evaluate()
    local b = scen { chips = { H20 = 1 } }:evaluate()
    -- pooled: $ and tokens add, so the mix lies between its members
    assert.is_true(r.usd_per_mtok_blended > math.min(a.usd_per_mtok_blended, b.usd_per_mtok_blended))
    assert.is_true(r.usd_per_mtok_blended < math.max(a.usd_per_mtok_blended, b.usd_per_mtok_blended))
  end)

  it("raises for impossible targets naming the tightest value, and for a model that does not fit", function()
    local err = H.error_of(function()
      scen { workload = { kind = "inference", model = "Llama-3.1-70B", slo = { tpot_s = 0.001 } } }:evaluate()
    end)
    assert.matches("field 'workload.slo.tpot_s': no batch meets 0.001 s: the tightest achievable is", err, 1, true)
    -- 812.9 GB on H20 (8 x 96 GB a node, no scale-out in the catalog: no pipeline across nodes;
    -- on H100 it now serves over 2 nodes, spec/98-serve)
    err = H.error_of(function()
      scen { precision = "bf16", chips = { H20 = 1 }, workload = { kind = "inference", model = "Llama-3.1-405B" } }
        :evaluate()
    end)
    assert.matches("the model does not fit: it needs 812.9 GB", err, 1, true)
    err = H.error_of(function()
      scen { workload = { kind = "inference", model = "DeepSeek-V4" } }:evaluate()
    end)
    assert.matches("field 'workload.model': unknown model 'DeepSeek-V4' (did you mean 'DeepSeek-V3'?)", err, 1, true)
  end)

  it("runs Monte Carlo and break-even on serving costs", function()
    local s = scen { region = "cn-ningxia", chips = { H20 = 1 } }
    local point = s:evaluate().usd_per_mtok_blended
    local mc = fc.montecarlo(s, { samples = 2000, seed = 1,
      vary = { chip_price_usd = fc.dist.uniform(0.8 * 12000, 1.2 * 12000), utilization = fc.dist.uniform(0.2, 0.4) } })
    -- a serving scenario's default output is $ per million tokens (blended): the point lies in its 90 % interval
    assert.are.equal("usd_per_mtok_blended", mc.output)
    assert.is_true(mc.p05 < point and point < mc.p95)
    -- break-even: the H20 price at which it serves as cheaply as the Ascend 910C in Guizhou
    local b = scen { region = "cn-guizhou", chips = { ["Ascend-910C"] = 1 } }
    -- (the 910C in Guizhou serves more cheaply at the catalog prices, so the H20 must cost less)
    local price = assert(fc.solve.breakeven { a = s, b = b, field = "chip_price_usd", vary = "a", lo = 100,
      hi = 200000 })
    assert.is_true(b:evaluate().usd_per_mtok_blended < s:evaluate().usd_per_mtok_blended)
    local r = s:with { overrides = { H20 = { chip_price_usd = price } } }:evaluate()
    assert.near(b:evaluate().usd_per_mtok_blended, r.usd_per_mtok_blended, 1e-6)
  end)
end)

describe("examples/seeds/14-inference-shift.lua", function()
  local out
  setup(function()
    local p = assert(io.popen("FLOPCOST_SAMPLES=2000 lua5.4 examples/seeds/14-inference-shift.lua 2>&1"))
    out = p:read("a")
    p:close()
  end)

  it("computes its verdict word from the ranks it prints", function()
    local v = assert(out:match("\nverdict: ([^\n]+)"), out)
    local tr, n1, sr, n2 = v:match("H20 is #(%d) of (%d) per training FLOP and #(%d) of (%d) per M tokens")
    assert.truthy(tr, v)
    tr, sr = tonumber(tr), tonumber(sr)
    assert.are.equal(n1, n2)
    -- a verdict holding in under 80 % of the joint draws is prefixed "uncertain (N% of draws): "
    -- (examples/seeds/common.lua C.verdict, issue 21)
    local share = tonumber(v:match("holds in (%d+)%%"))
    local word = share and share < 80 and v:gsub("^uncertain %(%d+%% of draws%): ", "") or v
    if share and share < 80 then assert.matches("^uncertain %(" .. share .. "%% of draws%)", v) end
    if sr == 1 then assert.matches("^supported", word)
    elseif sr < tr then assert.matches("^partly supported", word)
    else assert.matches("^not supported", word) end
    -- the ranks agree with a direct evaluation: the H20 costs more per training FLOP than the 910C
    -- in cn-ningxia (its 148 dense TFLOP/s against 780 at a similar price)
    local function train(chip) return fc.scenario { region = "cn-ningxia", chip = chip, utilization = 0.7 }:evaluate() end
    assert.is_true(train("H20").usd_per_eflop > train("Ascend-910C").usd_per_eflop)
  end)

  it("serves the 70B on the 910B only in a group, over its HCCS link", function()
    -- one 910B's 64 GB cannot hold 70.6 GB of FP8 weights; over HCCS (392 GB/s both ways, 196 each)
    -- a group serves it, and the seed ranks it
    assert.truthy(out:find("Ascend-910B  train $", 1, true), out)
    local r = assert(fc.inference.serve { model = "Llama-3.1-70B", chip = "Ascend-910B", precision = "fp8",
      input_tokens = 2000, output_tokens = 500, slo = { ttft_s = 0.45, tpot_s = 0.04 } })
    -- TTFT on 8 chips: the 910B has no FP8 peak, so FP16 320 TFLOP/s x 0.5 = 160e12 per chip;
    -- (2.824e14 + 5.243e12) / (8 x 160e12) = 0.2247 s; two all-reduces a layer of 2000 x 8192 x 2
    -- bytes, ring 2 x 7/8, at 196e9 x 0.7: 80 x 2 x (5.734e7 / 1.372e11 + 1e-5) = 0.0685 s;
    -- + 2 ms + 40 us = 0.2953 s. Fewer chips miss 0.45 s (4: 0.449 + 0.059 + 0.002 = 0.510 s).
    assert.are.equal(8, r.group)
    assert.is_true(math.abs(r.ttft_s - 0.2953) < 0.0005, tostring(r.ttft_s))
  end)
end)

describe("flopcost serve", function()
  local build = os.getenv("FLOPCOST_BUILD") or "build"
  local function cli(args)
    local p = io.popen(("FLOPCOST_BUILD=%s ./bin/flopcost %s 2>&1; echo \"exit:$?\""):format(build, args))
    local out = p:read("a")
    p:close()
    return out:gsub("exit:%d+\n$", ""), tonumber(out:match("exit:(%d+)\n$"))
  end

  it("prints the frontier per chip and draws it", function()
    local svg = os.tmpname()
    local out, status = cli("serve Llama-3.1-70B H20 B200 --ttft 0.45 --tpot 0.04 --out " .. svg)
    assert.are.equal(0, status, out)
    assert.truthy(out:find("Llama-3.1-70B on H20, fp8 weights", 1, true), out)
    assert.truthy(out:find("best within the targets:", 1, true), out)
    -- the serving stack, the catalog's default for a dense model: TensorRT-LLM's profile
    assert.truthy(out:find("  stack trt-llm: TensorRT-LLM", 1, true), out)
    -- every line fits 100 columns
    for line in out:gmatch("[^\n]+") do assert.is_true(#line <= 100, line) end
    local f = assert(io.open(svg))
    local text = f:read("a")
    f:close()
    os.remove(svg)
    assert.truthy(text:find("<svg", 1, true) and text:find("H20", 1, true) and text:find("B200", 1, true))
  end)

  it("names an unknown model with a suggestion and fails", function()
    local out, status = cli("serve Llama-3.1-7B H20")
    assert.are.equal(1, status)
    assert.truthy(out:find("unknown model 'Llama-3.1-7B' (did you mean", 1, true), out)
  end)
end)

describe("flopcost compare --workload inference", function()
  it("prints the region x mix table in $ per million tokens with 90 % intervals and writes the chart", function()
    local prefix = os.tmpname()
    local build = os.getenv("FLOPCOST_BUILD") or "build"
    local p = io.popen(("FLOPCOST_BUILD=%s ./bin/flopcost compare --workload inference --out %s 2>&1; echo \"exit:$?\"")
      :format(build, prefix))
    local out = p:read("a")
    p:close()
    assert.truthy(out:find("exit:0", 1, true), out)
    assert.truthy(out:find("$ per million tokens serving Llama-3.1-70B", 1, true), out)
    local n = 0
    for line in out:gmatch("[^\n]+") do
      assert.is_true(#line <= 100, line)
      local blended, lo, hi = line:match("^%S+%s+.-%s+(%d+%.%d+)%s+(%d+%.%d+)%-(%d+%.%d+)%s")
      if blended then
        n = n + 1
        -- each cell's point value lies inside its own 90 % interval
        assert.is_true(tonumber(lo) <= tonumber(blended) and tonumber(blended) <= tonumber(hi), line)
      end
    end
    assert.are.equal(22, n) -- 2 mixes x 5 regions + 4 mixes x 3 Chinese regions
    for _, ext in ipairs { ".svg", ".csv" } do
      local f = assert(io.open(prefix .. ext))
      f:close()
      os.remove(prefix .. ext)
    end
    os.remove(prefix)
  end)
end)

-- One door: fc.inference.serve writes the scenario's description (model.*,
-- workload.*, serving.*, chip.*) and the core composes it (fc_serve_compose.c)
-- as it composes an inference scenario, so the two give the same point.
describe("fc.inference.serve through fc_compose", function()
  local W = { model = "Llama-3.1-70B", input_tokens = 2000, output_tokens = 500, cache_hit = 0.5,
    slo = { ttft_s = 0.45, tpot_s = 0.04 } }

  it("serves the point an inference scenario serves", function()
    local o = { chip = "H20", precision = "fp8" }
    for k, v in pairs(W) do o[k] = v end
    local r = assert(fc.inference.serve(o))
    local w = { kind = "inference" }
    for k, v in pairs(W) do w[k] = v end
    local s = fc.scenario { region = "cn-ningxia", chips = { H20 = 1 }, precision = "fp8", workload = w }:evaluate()
    for _, k in ipairs { "tokens_per_s_per_chip", "output_tokens_per_s_per_chip", "batch", "group", "ttft_s", "tpot_s" } do
      assert.are.equal(s.inference[k], r[k], k)
    end
  end)

  it("hands the core a description, and the core applies the KV precision rule", function()
    local d = fc.inference.describe { model = "Llama-3.1-8B", chip = "B200", precision = "fp4", chips = 1 }
    assert.are.equal(0.5, d["workload.weight_bytes"])
    assert.is_nil(d["workload.kv_bytes"]) -- no copy of the rule in Lua
    local r = assert(require("flopcost.core").inference.serve(d, { batch = 1 }))
    -- 4-bit weights keep an 8-bit KV cache (fc_serve_compose.c), 8-bit and wider weights their own precision
    assert.are.equal(1, r.kv_bytes)
    local r8 = assert(fc.inference.serve { model = "Llama-3.1-8B", chip = "B200", precision = "fp8", chips = 1,
      batch = 1 })
    assert.are.same({ 1, "fp8" }, { r8.kv_bytes, r8.kv_precision })
    local r16 = assert(fc.inference.serve { model = "Llama-3.1-8B", chip = "B200", precision = "bf16", chips = 1,
      batch = 1 })
    assert.are.equal(2, r16.kv_bytes)
    -- KV bytes per token (GQA): 2 x 32 layers x 8 KV heads x 128 x bytes
    assert.are.equal(2 * 32 * 8 * 128 * 2, r16.kv_bytes_per_token)
  end)

  it("suggests option names with the core's rule (flopcost.suggest)", function()
    local err = H.error_of(fc.inference.serve, { model = "Llama-3.1-70B", chip = "H20", input = 2000 })
    -- a prefix of 3+ characters counts as one edit (fc_text.c): the old Lua copy found nothing here
    assert.are.equal("flopcost.inference.serve: unknown field 'input' (did you mean 'input_tokens'?)", err)
    err = H.error_of(fc.inference.serve, { model = "Llama-3.1-70B", chip = "H20", overrides = { overlapp = 1 } })
    assert.matches("field 'overrides': unknown field 'overlapp'", err, 1, true)
  end)

  it("returns the group's throughput and the layout per phase", function()
    local r = assert(fc.inference.serve { model = "Llama-3.1-70B", chip = "H100-SXM", precision = "fp8", chips = 4,
      batch = 8 })
    -- the whole group: per chip x 4 chips
    assert.near(4 * r.output_tokens_per_s_per_chip, r.output_tokens_per_s, 1e-12)
    assert.near(4 * r.tokens_per_s_per_chip, r.tokens_per_s, 1e-12)
    -- a dense model is one tensor-parallel rank over the group (Megatron TP): tp 4, dp 1, no experts
    assert.are.same({ chips = 4, tp = 4, dp = 1, pp = 1, ep = 1, pool = 4 }, r.layout.decode)
    assert.are.same(r.layout.decode, r.layout.prefill)
    local m = assert(fc.inference.serve { model = "DeepSeek-V3", chip = "H200", precision = "fp8", chips = 8,
      input_tokens = 2000, output_tokens = 500, batch = 64 })
    -- a MoE spreads its experts over the group (ep = chips), its attention in dp ranks of tp chips
    assert.are.equal(8, m.layout.decode.ep)
    assert.are.equal(8, m.layout.decode.tp * m.layout.decode.dp)
    -- disaggregated: each phase its own replica and pool (the prefill pool sized to the work ratio)
    local d = assert(fc.inference.serve { model = "DeepSeek-V3", chip = "H200", precision = "fp8",
      input_tokens = 2000, output_tokens = 500, slo = { ttft_s = 2, tpot_s = 0.05 }, disaggregated = true })
    assert.are.equal(1, d.disaggregated)
    assert.are.same({ d.prefill_group, d.prefill_tp, d.prefill_dp, d.prefill_chips },
      { d.layout.prefill.chips, d.layout.prefill.tp, d.layout.prefill.dp, d.layout.prefill.pool })
    assert.are.same({ d.group, d.decode_chips }, { d.layout.decode.chips, d.layout.decode.pool })
    for _, ph in ipairs { "prefill", "decode" } do
      assert.are.equal(d.layout[ph].chips, d.layout[ph].tp * d.layout[ph].dp, ph)
    end
  end)

  it("takes mtp = {acceptance} as one draft token at that acceptance", function()
    local base = { model = "Llama-3.1-70B", chip = "H100-SXM", precision = "fp8", chips = 2, batch = 16 }
    local function with(t) local o = {} for k, v in pairs(base) do o[k] = v end for k, v in pairs(t) do o[k] = v end return o end
    local m = assert(fc.inference.serve(with { mtp = { acceptance = 0.8 } }))
    local d = assert(fc.inference.serve(with { draft_tokens = 1, acceptance = 0.8 }))
    assert.are.equal(d.tpot_s, m.tpot_s)
    -- tokens per step with d = 1 draft at a = 0.8: (1 - a^2) / (1 - a) = 1.8 (Leviathan et al. 2023, eq. 1)
    assert.near(1.8, m.tokens_per_step, 1e-12)
    local err = H.error_of(fc.inference.serve, with { mtp = { acceptance = 0.8 }, acceptance = 0.7 })
    assert.matches("field 'mtp': give mtp = {acceptance =} or draft_tokens/acceptance, not both", err, 1, true)
  end)
end)
