-- The serving stack (issue 20): a default stack per chip and model class from
-- the catalog (models/llms.json "serving": default_class, default_chips,
-- default_source), named in every result and overridable; and per-chip
-- decode of DeepSeek-V3 rising with EP width at the library's defaults.
local fc = require "flopcost"

local function serve(o)
  local r, msg = fc.inference.serve(o)
  return assert(r, msg)
end

-- Per-chip decode of DeepSeek-V3 FP8 on H200 at 88 sequences a chip,
-- 2000/1000, one group of g chips, nothing but the defaults.
local function decode_per_chip(g, extra)
  local o = { model = "DeepSeek-V3", chip = "H200", precision = "fp8", chips = g, batch = 88 * g,
    input_tokens = 2000, output_tokens = 1000 }
  for k, v in pairs(extra or {}) do o[k] = v end
  return serve(o).decode_tokens_per_s_per_chip
end

describe("per-chip decode of DeepSeek-V3 at the default settings", function()
  -- Published curves rise with EP width (SGLang on 96 H100, lmsys.org
  -- 2025-05-05: 2,788 output tok/s per GPU at EP72; vLLM wide-EP, 2.2k tok/s
  -- per H200, blog.vllm.ai 2025-12-17; DeepSeek's EP144 production on H800).
  -- Before: 1,356 / 1,412 / 998 / 600 / 305 at EP 8 / 16 / 32 / 64 / 144 (the
  -- TensorRT-LLM profile's group-wide per-sequence term, 255 ms a step at
  -- EP144). Now H200's default stack is wide EP: the step at EP8 is bound by
  -- reading 1/8 of the experts (44 ms), at EP32 and wider by compute (26 ms,
  -- the same per chip at a fixed per-chip batch), so the curve rises to EP32
  -- and stays there (within 1 %) to EP144.
  it("rises from EP8 to EP144 (it fell 1,356 -> 305 before)", function()
    local d = {}
    for _, g in ipairs { 8, 16, 32, 64, 144 } do d[g] = decode_per_chip(g) end
    assert.is_true(d[16] > d[8] and d[32] > d[16], ("%.0f %.0f %.0f"):format(d[8], d[16], d[32]))
    assert.is_true(d[64] >= 0.99 * d[32] and d[144] >= 0.99 * d[64], ("%.0f %.0f %.0f"):format(d[32], d[64], d[144]))
    assert.is_true(d[144] > 1.4 * d[8], ("EP144 %.0f vs EP8 %.0f"):format(d[144], d[8]))
    -- near vLLM's 2.2k tok/s per H200 (its batch is not published: within x1.3)
    assert.is_true(d[144] > 2200 / 1.3 and d[144] < 2200 * 1.3, tostring(d[144]))
  end)

  it("the TensorRT-LLM stack, named, no longer collapses over nodes either (305 at EP144 before)", function()
    local d8, d144 = decode_per_chip(8, { stack = "trt-llm-moe" }), decode_per_chip(144, { stack = "trt-llm-moe" })
    -- group term 20 us x the 704 sequences of a node's 8 ranks + 2 ms = 16.08 ms at both widths
    assert.is_true(d144 > 1.2 * d8, ("EP144 %.0f vs EP8 %.0f"):format(d144, d8))
    local r = serve { model = "DeepSeek-V3", chip = "H200", precision = "fp8", chips = 144, batch = 88 * 144,
      input_tokens = 2000, output_tokens = 1000, stack = "trt-llm-moe" }
    assert.is_true(math.abs(r.overhead_s - (0.002 + 8 * 88 * 2e-5)) < 1e-12, tostring(r.overhead_s))
  end)
end)

-- What the published curves show, and what limits the plateau (issue 20 asked for per-chip decode
-- "rising from EP8 to EP144 as the published curves do"). Published: at a matched interactivity a wider
-- EP carries more per GPU while the weights each GPU reads bind (InferenceX 2026-05-22 run 26306422380,
-- DeepSeek R1 FP4 1k/1k on GB200 NVL72, one NVLink domain: EP32 at 91-164 tok/s/user, 4.39x B200's EP8
-- at 125 tok/s/user); at peak throughput it does not: the GB200 frontier's best point, 14,659 tok/s/GPU,
-- runs EP4 with DP attention, above EP16's 12,660 and EP32's 7,698 (InferenceX-app
-- gb200-nvl72-vs-b200-disagg-deepseek-r1-fp4-dynamo-trt.mdx); SGLang puts its 5.2x over TP16 on "4x
-- larger batch sizes enabled by EP" (lmsys.org 2025-05-05), and DeepSeek's EP144 (1,850 output tok/s per
-- H800, batch 128, KV 4,989) is not above SGLang's EP72 (2,785 per H100, batch 256, KV 2,000). flopcost:
-- at a fixed per-chip batch the curve is flat from EP32 because compute binds (each chip's dense GEMMs,
-- attention core and expert tiles are the same work; the expert reads, 1/g of them, fall below it);
-- at a matched TPOT it rises until compute binds, then stays.
describe("per-chip decode of DeepSeek-V3 against EP width, as published", function()
  -- the best decode tok/s per chip of one EP group within a TPOT (s) on H200, and that point
  local function best_within(g, tpot)
    local pts = assert(fc.inference.frontier { model = "DeepSeek-V3", chip = "H200", precision = "fp8", chips = g,
      groups = { g }, input_tokens = 2000, output_tokens = 1000 })
    local best
    for _, p in ipairs(pts) do
      if p.tpot_s <= tpot and (not best or p.decode_tokens_per_s_per_chip > best.decode_tokens_per_s_per_chip) then
        best = p
      end
    end
    return best
  end

  it("at TPOT 30 ms rises while the weights bind (EP8 -> EP32), then plateaus where compute binds", function()
    local d = {}
    for _, g in ipairs { 8, 16, 32, 64, 144 } do d[g] = best_within(g, 0.03) end
    local v = function(g) return d[g].decode_tokens_per_s_per_chip end
    assert.is_true(v(16) > 2 * v(8) and v(32) > 2 * v(16), ("%.0f %.0f %.0f"):format(v(8), v(16), v(32)))
    assert.are.equal("memory", d[8].roofline)
    for _, g in ipairs { 64, 144 } do
      assert.is_true(math.abs(v(g) / v(32) - 1) < 0.01, ("EP%d %.0f vs EP32 %.0f"):format(g, v(g), v(32)))
      assert.are.equal("compute", d[g].roofline)
      assert.is_true(d[g].memory_s < d[g].compute_s)
    end
  end)

  it("at peak throughput (no TPOT limit) EP width changes per-chip decode by under 2 %", function()
    local lo, hi = math.huge, 0
    for _, g in ipairs { 8, 16, 32, 64, 144 } do
      local v = best_within(g, math.huge).decode_tokens_per_s_per_chip
      lo, hi = math.min(lo, v), math.max(hi, v)
    end
    assert.is_true(hi / lo < 1.02, ("%.0f .. %.0f"):format(lo, hi))
  end)
end)

describe("the default serving stack per chip", function()
  it("is the catalog's: wide EP for a MoE on Hopper, TensorRT-LLM elsewhere and for dense models", function()
    for chip, want in pairs { ["H200"] = "wide-ep", ["H100-SXM"] = "wide-ep", ["H800-SXM"] = "wide-ep",
      ["B200"] = "trt-llm-moe" } do
      assert.are.equal(want, serve { model = "DeepSeek-V3", chip = chip, precision = "fp8" }.stack, chip)
      assert.are.equal("trt-llm", serve { model = "Llama-3.1-70B", chip = chip, precision = "fp8" }.stack, chip)
    end
    local cat = fc.catalog.default()
    local wide = cat:serving("wide-ep")
    assert.is_string(wide.default_source)
    assert.is_truthy(wide.default_source:match("2,788"))
    assert.is_truthy(wide.stack:match("SGLang"))
  end)

  it("is said in every result: serve, print of a scenario, its summary", function()
    local r = serve { model = "DeepSeek-V3", chip = "H200", precision = "fp8" }
    assert.are.equal("wide-ep", r.stack)
    assert.is_truthy(r.stack_software:match("DeepEP"))
    local s = fc.scenario { chip = "H200", precision = "fp8", workload = { kind = "inference", model = "DeepSeek-V3" } }
    local res = s:evaluate()
    assert.are.equal("wide-ep", res.stack)
    assert.is_truthy(tostring(res):match("stack wide%-ep"))
    -- exports carry it (the CSV column and JSON's row.serving.stack)
    local rep = require "flopcost.inference.report"
    assert.are.equal("wide-ep", rep.plain(res).stack)
    local col
    for _, f in ipairs(rep.csv_fields { res }) do if f.name == "stack" then col = f end end
    assert.are.equal("wide-ep", col and col.get(res))
    local b = fc.scenario { chip = "B200", precision = "fp8", workload = { kind = "inference", model = "DeepSeek-V3" } }
    assert.is_truthy(tostring(b:evaluate()):match("stack trt%-llm%-moe"))
  end)

  it("names the stack actually used, never the placeholder 'default' (a dense model's scenario said it)", function()
    -- issue 20: a dense model's scenario printed "stack default"; the catalog's default stack for a
    -- dense model on H100 is TensorRT-LLM's profile, and that is what the result must name
    local cat = fc.catalog.default()
    local r = fc.scenario { region = "us-va", chip = "H100-SXM",
      workload = { kind = "inference", model = "Llama-3.1-70B" } }:evaluate()
    assert.are.equal("trt-llm", r.stack)
    assert.are.equal(cat:serving("trt-llm").stack, r.stack_software)
    assert.is_truthy(r.stack_software:match("^TensorRT%-LLM"))
    local text = tostring(r)
    assert.is_truthy(text:match("stack trt%-llm"), text)
    assert.is_falsy(text:match("stack default"), text)
    -- no profile of the catalog is named by a word that says nothing about the software
    for _, prof in ipairs(cat:entries("serving")) do
      assert.are_not.equal("default", prof.name)
      assert.are_not.equal("moe", prof.name)
      assert.is_string(prof.stack, prof.name)
    end
  end)

  it("a stack (or serving) input overrides it, and changes the answer", function()
    local def = serve { model = "DeepSeek-V3", chip = "H200", precision = "fp8", chips = 16, batch = 1408 }
    local trt = serve { model = "DeepSeek-V3", chip = "H200", precision = "fp8", chips = 16, batch = 1408, stack = "trt-llm-moe" }
    local same = serve { model = "DeepSeek-V3", chip = "H200", precision = "fp8", chips = 16, batch = 1408, serving = "trt-llm-moe" }
    assert.are.equal("trt-llm-moe", trt.stack)
    assert.are.equal(trt.tpot_s, same.tpot_s)
    assert.are_not.equal(def.tpot_s, trt.tpot_s)
    local s = fc.scenario { chip = "H200", precision = "fp8",
      workload = { kind = "inference", model = "DeepSeek-V3", stack = "trt-llm-moe" } }
    assert.are.equal("trt-llm-moe", s:evaluate().stack)
  end)

  it("refuses an unknown stack with the core's suggestion, naming the field", function()
    local ok, err = pcall(fc.inference.serve, { model = "DeepSeek-V3", chip = "H200", stack = "wide-eq" })
    assert.is_false(ok)
    assert.is_truthy(err:match("flopcost%.inference%.serve: field 'stack': unknown serving 'wide%-eq' %(did you mean 'wide%-ep'%?%)"), err)
    local s = fc.scenario { chip = "H200", precision = "fp8",
      workload = { kind = "inference", model = "DeepSeek-V3", stack = "mo" } }
    local ok2, err2 = pcall(s.evaluate, s)
    assert.is_false(ok2)
    assert.is_truthy(tostring(err2):match("workload%.stack"), tostring(err2))
    local ok3, err3 = pcall(fc.inference.serve, { model = "DeepSeek-V3", chip = "H200", stack = "trt-llm-moe", serving = "wide-ep" })
    assert.is_false(ok3)
    assert.is_truthy(err3:match("field 'stack'"), err3)
  end)
end)
