--- flopcost.inference.workload: a served model from the catalog into the
-- fields of a scenario description (csrc/core/fc_compose.h: model.*,
-- workload.*, serving.*, chip.memory_gb ...). Both doors fill their
-- description here: fc.scenario{workload = {kind = "inference", ...}} and
-- fc.inference.serve; csrc/core/fc_serve_compose.c turns the description into
-- the serving model's inputs (units, group sizes, the KV precision rule), so
-- this file only looks names up and copies catalog numbers.
local core = require "flopcost.core"

local M = {}

--- Bytes per value of each precision: bits / 8 of the core's one precision
-- table (csrc/core/fc_export.c, fc_precision_bits).
M.BYTES = {}
for name, bits in pairs(core.export.precision_bits()) do M.BYTES[name] = bits / 8 end

--- The serving profile figures (models/llms.json "serving") a description carries as serving.<name>.
M.EFFICIENCY = { "bandwidth_efficiency", "flop_efficiency", "link_efficiency", "step_overhead_s",
  "sequence_overhead_s", "collective_latency_s", "kv_memory_fraction", "prefill_chunk_tokens", "decode_power_weight",
  "moe_tile_tokens", "routing_skew", "overlap", "scaleout_efficiency", "group_sequence_overhead_s",
  "dispatch_bytes" }

--- The keys of a workload table.
M.KEYS = { "kind", "model", "input_tokens", "output_tokens", "cache_hit", "slo", "chips", "draft_tokens",
  "acceptance", "mtp", "serving", "stack", "kv_precision", "arrival_rate_per_s", "concurrency", "disaggregated" }

local MODEL_FIELDS = { "params", "active_params", "layers", "hidden", "heads", "kv_heads", "head_dim",
  "kv_lora_rank", "qk_rope_head_dim", "experts", "experts_active", "expert_intermediate", "moe_layers",
  "node_limit" }
local NUMBERS = { "input_tokens", "output_tokens", "cache_hit", "chips", "draft_tokens", "acceptance",
  "arrival_rate_per_s", "concurrency" }

local function shown(v)
  if type(v) == "string" then return "'" .. v .. "'" end
  return tostring(v)
end
M.shown = shown

--- The default serving stack (a profile name of models/llms.json "serving")
-- for a model on chips (a list of catalog chip entries): the profile whose
-- default_class is the model's class ("moe" for a mixture of experts, else
-- "dense") and whose default_chips name the chip, else the class's profile
-- without default_chips. Chips of a mix that disagree get the latter.
function M.profile_of(model, chips, cat)
  local class = (model.experts or 0) > 0 and "moe" or "dense"
  local general, chosen
  for _, prof in ipairs(cat:entries("serving")) do
    if prof.default_class == class and prof.default_chips == nil then general = general or prof.name end
  end
  for i, chip in ipairs(chips or {}) do
    local own = general
    for _, prof in ipairs(cat:entries("serving")) do
      for _, name in ipairs(prof.default_class == class and prof.default_chips or {}) do
        if name == chip.name then own = prof.name end
      end
    end
    if i > 1 and own ~= chosen then return general end
    chosen = own
  end
  return chosen or general
end

-- mtp = { acceptance =, tokens = 1 }: multi-token prediction (DeepSeek-V3
-- report section 5.4.3: one extra token per step, accepted 85-90 % of the
-- time) is speculative decoding with `tokens` drafts at that acceptance.
-- -> draft_tokens, acceptance (w's own when it gives no mtp).
local function mtp_of(w, fail)
  local m = w.mtp
  if m == nil then return w.draft_tokens, w.acceptance end
  if type(m) ~= "table" then fail("mtp", "table {acceptance =, tokens =} expected, got " .. type(m)) end
  for k in pairs(m) do
    if k ~= "acceptance" and k ~= "tokens" then
      fail("mtp", ("unknown field '%s' (acceptance, tokens)"):format(tostring(k)))
    end
  end
  if w.draft_tokens ~= nil or w.acceptance ~= nil then
    fail("mtp", "give mtp = {acceptance =} or draft_tokens/acceptance, not both")
  end
  if m.acceptance == nil then fail("mtp.acceptance", "number in [0, 1] expected, got nil") end
  return m.tokens or 1, m.acceptance
end

-- "flopcost.catalog: unknown model ..." -> the message without its prefix
local function bare(e) return (tostring(e):gsub("^[^\n]-%.lua:%d+: ", "", 1):gsub("^flopcost%.catalog: ", "")) end

--- Fills description d with workload w served at `precision` from catalog cat
-- on `chips` (catalog chip entries: they choose the default stack).
-- fail(field, message) raises under the door's own names (field: a key of w,
-- "slo" or "precision"). Returns the model and profile entries.
function M.into(d, w, precision, cat, fail, chips)
  if w.model == nil then fail("model", "model name expected, got nil") end
  local ok, model = pcall(cat.model, cat, w.model)
  if not ok then fail("model", bare(model)) end
  if not M.BYTES[precision] then
    fail("precision", ("one of bf16, fp16, fp8, int8, fp4, int4 expected, got %s"):format(shown(precision)))
  end
  d.workload = 1
  for _, f in ipairs(MODEL_FIELDS) do d["model." .. f] = model[f] end
  d["model.mla"] = model.attention == "mla" and 1 or 0
  d["workload.weight_bytes"] = M.BYTES[precision]
  if w.kv_precision ~= nil then -- else the core's rule (fc_serve_compose.c)
    if not M.BYTES[w.kv_precision] then
      fail("kv_precision", ("a precision name expected, got %s"):format(shown(w.kv_precision)))
    end
    d["workload.kv_bytes"] = M.BYTES[w.kv_precision]
  end
  local draft, acceptance = mtp_of(w, fail)
  for _, f in ipairs(NUMBERS) do d["workload." .. f] = w[f] end
  d["workload.draft_tokens"], d["workload.acceptance"] = draft, acceptance
  -- disaggregated = "auto" (the better of the two: nil), true or false (fc_serve.h)
  local dis = w.disaggregated
  if dis ~= nil and dis ~= "auto" and type(dis) ~= "boolean" then
    fail("disaggregated", ("'auto', true or false expected, got %s"):format(shown(dis)))
  end
  if type(dis) == "boolean" then d["workload.disaggregated"] = dis and 1 or 0 end
  if w.slo ~= nil then
    if type(w.slo) ~= "table" then fail("slo", "table {ttft_s=, tpot_s=} expected, got " .. type(w.slo)) end
    for k in pairs(w.slo) do
      if k ~= "ttft_s" and k ~= "tpot_s" then fail("slo", ("unknown field '%s' (ttft_s, tpot_s)"):format(tostring(k))) end
    end
    d["workload.slo.ttft_s"], d["workload.slo.tpot_s"] = w.slo.ttft_s, w.slo.tpot_s
  end
  if w.stack ~= nil and w.serving ~= nil and w.stack ~= w.serving then
    fail("stack", ("stack and serving name the same input; got %s and %s"):format(shown(w.stack), shown(w.serving)))
  end
  local named = w.stack ~= nil and "stack" or "serving"
  local ok2, prof = pcall(cat.serving, cat, w.stack or w.serving or M.profile_of(model, chips, cat))
  if not ok2 then fail(named, bare(prof)) end
  for _, k in ipairs(M.EFFICIENCY) do d["serving." .. k] = prof[k] end
  return model, prof
end

--- The chip figures serving needs, into description chip c.
function M.chip_into(c, chip)
  c["chip.memory_gb"], c["chip.memory_bandwidth_gbs"] = chip.memory_gb, chip.memory_bandwidth_gbs
  c["chip.interconnect_gbs"] = chip.interconnect_gbs
  c["chip.node_chips"], c["chip.scaleout_gbs"] = chip.node_chips, chip.scaleout_gbs
  local t16 = require("flopcost.inference").peak_tflops(chip, "bf16") -- the attention core runs in 16 bits (fc_inference.h)
  c["chip.attention_flops_per_s"] = t16 and t16 * 1e12 or nil
end

return M
