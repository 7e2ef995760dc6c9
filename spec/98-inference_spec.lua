-- Inference: the model-architecture catalog (models/llms.json), the serving
-- model (csrc/fc_inference.c) and its binding.  Every expected value is a
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
    assert.is_true(cat:serving("default").kv_memory_fraction > 0)
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
