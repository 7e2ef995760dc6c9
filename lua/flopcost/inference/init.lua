--- flopcost.inference: serving a language model on a chip, from the catalog.
--
--   fc.inference.serve{ model = "Llama-3.1-70B", chip = "H20", chips = 2, precision = "fp8",
--                       input_tokens = 2000, output_tokens = 500, slo = { ttft_s = 0.45, tpot_s = 0.04 } }
--   -> { decode_tokens_per_s_per_chip =, prefill_tokens_per_s_per_chip =, batch =, ttft_s =,
--        tpot_s =, bound =, ... , frontier = (with frontier = n) }
--   -> nil, message, "latency" when no batch meets the targets, or nil, message,
--      "does_not_fit" when the weights and one sequence's KV cache exceed the memory
--
-- The model is csrc/fc_inference.c (formulas and sources in its header); this
-- module only turns catalog entries (models/llms.json, chips.json and the
-- "serving" efficiency profile) into the core's numbers.
local core = require("flopcost.core").inference

local M = {}
local FN = "flopcost.inference.serve"
local MFN = "flopcost.inference"
local check = require "flopcost.check"

--- Bytes per value of each precision: bits / 8 of the core's one precision
-- table (csrc/fc_export.c, fc_precision_bits).
M.BYTES = {}
for name, bits in pairs(require("flopcost.core").export.precision_bits()) do M.BYTES[name] = bits / 8 end
--- Group sizes the solver tries when `chips` is not given (one node of 8).
M.GROUPS = { 1, 2, 4, 8 }

local OPTIONS = { "model", "chip", "chips", "precision", "kv_precision", "input_tokens", "output_tokens",
  "cache_hit", "batch", "slo", "groups", "frontier", "catalog", "serving", "draft_tokens", "acceptance",
  "overrides" }
local EFFICIENCY = { "bandwidth_efficiency", "flop_efficiency", "link_efficiency", "step_overhead_s",
  "sequence_overhead_s", "collective_latency_s", "kv_memory_fraction", "prefill_chunk_tokens", "decode_power_weight",
  "moe_tile_tokens", "routing_skew", "overlap", "scaleout_efficiency", "group_sequence_overhead_s" }
M.EFFICIENCY = EFFICIENCY

local function fail(msg, level) error(FN .. ": " .. msg, (level or 1) + 1) end

local function shown(v)
  if type(v) == "string" then return "'" .. v .. "'" end
  if type(v) == "number" and v ~= v then return "nan" end
  return tostring(v)
end

local function check_options(opts)
  if type(opts) ~= "table" then fail("options table expected, got " .. type(opts), 3) end
  local known = {}
  for _, k in ipairs(OPTIONS) do known[k] = true end
  local edit = require("flopcost.core").catalog.edit_distance
  for k in pairs(opts) do
    if type(k) ~= "string" or not known[k] then
      local best, bd
      for _, c in ipairs(OPTIONS) do
        local d = type(k) == "string" and edit(k, c) or math.huge
        if not bd or d < bd then best, bd = c, d end
      end
      if bd and bd <= math.max(2, #tostring(k) // 3) then
        fail(("unknown field '%s' (did you mean '%s'?)"):format(tostring(k), best), 3)
      end
      fail(("unknown field '%s'"):format(tostring(k)), 3)
    end
  end
end

-- The core's model table from a catalog entry.
local function model_params(m)
  return { params = m.params, active_params = m.active_params or m.params, layers = m.layers,
    hidden = m.hidden, heads = m.heads, kv_heads = m.kv_heads, head_dim = m.head_dim,
    mla = m.attention == "mla" and 1 or 0, kv_lora_rank = m.kv_lora_rank, qk_rope_head_dim = m.qk_rope_head_dim,
    experts = m.experts or 0, experts_active = m.experts_active, expert_intermediate = m.expert_intermediate,
    moe_layers = m.moe_layers }
end

--- Dense peak FLOP/s for serving at `precision`: that precision's figure, or
-- the chip's 16-bit figure when it has none (weight-only quantization: the
-- weights are stored at `precision` and computed in 16 bits).
function M.peak_tflops(chip, precision)
  check.arg(MFN .. ".peak_tflops", "chip", chip, "table", "chip entry (table)")
  check.optional(MFN .. ".peak_tflops", "precision", precision, "string", "precision name (string)")
  local sc = require "flopcost.scenario" -- the one rule: the figure, or the core's named stand-in
  local t, p = sc.peak_tflops(chip, precision)
  if t then return t, p end
  return sc.peak_tflops(chip) -- the default precision (bf16, or its fp16 stand-in)
end

-- The core's chip table from a catalog entry (memory in GB, bandwidth in
-- GB/s; the interconnect figure is bidirectional, one direction is half).
local function chip_params(chip, precision)
  local tflops, compute_precision = M.peak_tflops(chip, precision)
  if not tflops then fail(("chip '%s' has no 16-bit or %s peak in the catalog"):format(chip.name, precision), 4) end
  for _, f in ipairs { "memory_gb", "memory_bandwidth_gbs" } do
    if not chip[f] then fail(("chip '%s' has no %s in the catalog (needed to serve)"):format(chip.name, f), 4) end
  end
  local sc = require "flopcost.scenario"
  return { peak_flops_per_s = tflops * 1e12, memory_bytes = chip.memory_gb * 1e9,
    bandwidth_bytes_per_s = chip.memory_bandwidth_gbs * 1e9,
    link_bytes_per_s = (chip.interconnect_gbs or 0) * 1e9 / 2,
    tdp_w = chip.tdp_w, idle_w = chip.idle_w, power_curve = sc._power_curve_of(chip),
    node_chips = chip.node_chips or 0, scaleout_bytes_per_s = (chip.scaleout_gbs or 0) * 1e9,
    attention_flops_per_s = (M.peak_tflops(chip, "bf16") or tflops) * 1e12 }, compute_precision
end

local function number_field(opts, k, dflt)
  local v = opts[k]
  if v == nil then return dflt end
  if math.type(v) == nil or v ~= v then fail(("field '%s': number expected, got %s"):format(k, shown(v)), 4) end
  return v
end

--- The core's options table for `opts` (names resolved); also returns the
-- resolved entries { model =, chip =, precision =, compute_precision = }.
function M.resolve(opts)
  check_options(opts)
  local cat = opts.catalog or require("flopcost.catalog").default()
  if opts.model == nil then fail("field 'model': model name expected, got nil", 3) end
  if opts.chip == nil then fail("field 'chip': chip name expected, got nil", 3) end
  local ok, model = pcall(cat.model, cat, opts.model)
  if not ok then fail((tostring(model):gsub("^flopcost%.catalog: ", "field 'model': ")), 3) end
  local ok2, chip = pcall(cat.chip, cat, opts.chip)
  if not ok2 then fail((tostring(chip):gsub("^flopcost%.catalog: ", "field 'chip': ")), 3) end
  local precision = opts.precision or require("flopcost.scenario").NAMED.precision
  if not M.BYTES[precision] then
    fail(("field 'precision': one of bf16, fp16, fp8, int8, fp4, int4 expected, got %s"):format(shown(precision)), 3)
  end
  local kv_precision = opts.kv_precision or (M.BYTES[precision] >= 1 and precision or "fp8")
  if not M.BYTES[kv_precision] then
    fail(("field 'kv_precision': a precision name expected, got %s"):format(shown(kv_precision)), 3)
  end
  local chipt, compute_precision = chip_params(chip, precision)
  local t = { model = model_params(model), chip = chipt, weight_bytes = M.BYTES[precision],
    kv_bytes = M.BYTES[kv_precision], input_tokens = number_field(opts, "input_tokens", 1000),
    output_tokens = number_field(opts, "output_tokens", 1000), cache_hit = number_field(opts, "cache_hit", 0),
    draft_tokens = number_field(opts, "draft_tokens", 0), acceptance = number_field(opts, "acceptance", 0),
    batch = opts.batch, frontier = opts.frontier }
  -- the calibrated profile of the model's kind unless one is named
  local prof = cat:serving(opts.serving or ((model.experts or 0) > 0 and "moe" or "default"))
  for _, k in ipairs(EFFICIENCY) do t[k] = prof[k] end
  for k, v in pairs(opts.overrides or {}) do t[k] = v end
  if opts.slo ~= nil then
    if type(opts.slo) ~= "table" then fail("field 'slo': table {ttft_s=, tpot_s=} expected, got " .. type(opts.slo), 3) end
    for k in pairs(opts.slo) do
      if k ~= "ttft_s" and k ~= "tpot_s" then
        fail(("field 'slo': unknown field '%s' (ttft_s, tpot_s)"):format(tostring(k)), 3)
      end
    end
    t.ttft_s, t.tpot_s = opts.slo.ttft_s, opts.slo.tpot_s
  end
  local linked = (chip.interconnect_gbs or 0) > 0
  if opts.chips ~= nil and opts.chips ~= "auto" then
    if math.type(opts.chips) == nil or opts.chips ~= math.floor(opts.chips) or opts.chips < 1 then
      fail(("field 'chips': group size (integer >= 1) or 'auto' expected, got %s"):format(shown(opts.chips)), 3)
    end
    if opts.chips > 1 and not linked then
      fail(("field 'chips': chip '%s' has no interconnect_gbs in the catalog, so a group of %d cannot be timed")
        :format(chip.name, opts.chips), 3)
    end
    t.group = opts.chips
  else
    -- a chip without a scale-up link in the catalog serves alone
    t.groups = opts.groups or (linked and M.GROUPS or { 1 })
  end
  return t, { model = model, chip = chip, precision = precision, kv_precision = kv_precision,
    compute_precision = compute_precision, serving = prof }
end

--- Serves `opts.model` on `opts.chip`: the best point within the targets
-- (or at `batch`), and with `frontier = n` up to n points of the
-- throughput-vs-interactivity frontier. See the module comment.
local function strip(e) return (tostring(e):gsub("^[^\n]-%.lua:%d+: ", "", 1)) end

function M.serve(opts)
  local ok0, t, meta = pcall(M.resolve, opts)
  if not ok0 then error(strip(t), 2) end
  local ok, r, msg, token = pcall(core.serve, t)
  if not ok then error(strip(r), 2) end
  if not r then return nil, msg, token end
  r.model, r.chip, r.precision = meta.model.name, meta.chip.name, meta.precision
  r.kv_precision, r.compute_precision = meta.kv_precision, meta.compute_precision
  r.input_tokens, r.output_tokens, r.cache_hit = t.input_tokens, t.output_tokens, t.cache_hit
  return r
end

M.expected_experts = core.expected_experts

--- The throughput-vs-interactivity frontier of a model on a chip: the points
-- (every group size and batch, up to `points`) that no other point beats on
-- both tokens/s per user and output tokens/s per chip (end to end), in
-- ascending tokens/s per user.  opts as serve (slo is ignored: the frontier is
-- every target's answer).  Returns a Frontier (the points stay in C: #f, f[i]
-- or f:rows() give point tables, f.tpot_s etc. whole columns) and the serve
-- result, whose r.frontier holds every point before the Pareto filter.
function M.frontier(opts, points)
  check.arg(MFN .. ".frontier", "opts", opts, "table", "options table (as fc.inference.serve)")
  check.optional(MFN .. ".frontier", "points", points, function(n) return math.type(n) == "integer" and n >= 1 end,
    "integer >= 1")
  local o = {}
  for k, v in pairs(opts) do o[k] = v end
  o.slo, o.frontier = nil, points or 4096
  local ok, r, msg, token = pcall(M.serve, o)
  if not ok then error(strip(r), 2) end
  if not r then return nil, msg, token end
  return r.frontier:pareto(), r
end

--- SVG of frontiers: { {name = chip, points = M.frontier(...)}, ... } -> svg
-- (x: tokens/s per user, y: output tokens/s per chip, one line per chip).
-- points: a Frontier, or a list of point tables.
function M.frontier_svg(lines, opts)
  check.each(MFN .. ".frontier_svg", "lines", lines, function(l) return type(l) == "table"
    and (type(l.points) == "table" or type(l.points) == "userdata") end, "{name =, points = fc.inference.frontier(...)}")
  check.optional(MFN .. ".frontier_svg", "opts", opts, "table", "options table")
  local series = {}
  for i, l in ipairs(lines) do
    local pts, xs, ys = l.points, {}, {}
    if type(pts) == "userdata" then
      xs, ys = pts.tokens_per_s_per_user, pts.output_tokens_per_s_per_chip
    else
      for j, p in ipairs(pts) do xs[j], ys[j] = p.tokens_per_s_per_user, p.output_tokens_per_s_per_chip end
    end
    series[i] = { name = l.name, x = xs, y = ys }
  end
  opts = opts or {}
  local popts = { title = opts.title or "Throughput vs interactivity",
    xlabel = "tokens/s per user (1 / TPOT)", ylabel = "output tokens/s per chip (incl. prefill)",
    markers = false, width = opts.width, height = opts.height }
  -- the SVG and its Vega-Lite twin (for plot.save(path, svg, spec))
  return require("flopcost.plot").lines(series, popts), require("flopcost.vega").lines(series, popts)
end

-- {==================================================================
-- Comparing regions x mixes in $ per million tokens (an inference study:
-- a compare study whose base has a workload; models/scenarios/inference.lua)
-- ===================================================================

local MTOK = 1e-12 -- $ per 1e18 tokens -> $ per million tokens

--- 1 when a study (or its grid) serves a model.
function M.is_study(study) return type(study) == "table" and type(study.base) == "table" and
  study.base.workload ~= nil end

-- Results with $ figures per million tokens in the fields the charts read
-- (usd_per_eflop, breakdown, interval), for plotting: copies, the grid stays.
local function scaled(results)
  local out = {}
  for i, r in ipairs(results) do
    local c = setmetatable({}, getmetatable(r))
    for k, v in pairs(r) do c[k] = v end
    c.usd_per_eflop = r.usd_per_eflop * MTOK
    c.breakdown = {}
    for k, v in pairs(r.breakdown or {}) do c.breakdown[k] = v * MTOK end
    if r.interval then
      c.interval = {}
      for k, v in pairs(r.interval) do c.interval[k] = (k == "p05" or k == "p50" or k == "p95" or k == "mean")
        and v * MTOK or v end
    end
    c.cloud = nil
    out[i] = c
  end
  return out
end

--- The region x mix table in $ per million tokens (<= 100 columns).
-- A grid of an inference study (fc.compare.run's result).
local function check_grid(fn, grid)
  check.arg(MFN .. "." .. fn, "grid", grid, function(g) return type(g) == "table" and type(g.results) == "table" end,
    "compare grid of an inference study (the result of fc.compare.run)")
  check.each(MFN .. "." .. fn, "grid.results", grid.results, function(r) return type(r) == "table"
    and type(r.usd_per_mtok_blended) == "number" end, "inference result (with usd_per_mtok_blended)")
end

function M.compare_text(grid)
  check_grid("compare_text", grid)
  local study = grid.study or {}
  local w = (study.base or {}).workload or {}
  local lines = { ("%s: $ per million tokens, %s, %g in / %g out tokens, load %g%%"):format(
    study.name or "inference", tostring(w.model), w.input_tokens or 1000, w.output_tokens or 1000,
    100 * ((study.base or {}).utilization or 0)) }
  lines[#lines + 1] = ("%-12s %-26s %8s %17s %7s %7s %8s %-8s"):format("region", "chips", "$/Mtok",
    "90% interval", "input", "output", "tok/s/ch", "bound")
  for _, r in ipairs(grid.results) do
    local iv = r.interval and ("%.3f-%.3f"):format(r.interval.p05 * MTOK, r.interval.p95 * MTOK) or "-"
    lines[#lines + 1] = ("%-12s %-26s %8.3f %17s %7.3f %7.3f %8.0f %-8s"):format(r.region:sub(1, 12),
      r.mix:sub(1, 26), r.usd_per_mtok_blended, iv, r.usd_per_mtok_input, r.usd_per_mtok_output,
      r.tokens_per_s_per_chip, r.bound or "?")
  end
  lines[#lines + 1] = "$/Mtok blends input and output by token count: (in x input + out x output) / (in + out);"
  lines[#lines + 1] = "tok/s/ch: input + output tokens per chip-second of serving; bound: what caps the batch."
  return table.concat(lines, "\n") .. "\n"
end

--- Writes PREFIX.svg (bars in $ per million tokens with 90 % whiskers) and
-- PREFIX.csv; returns the paths, or nil, message.
function M.compare_files(grid, prefix)
  check_grid("compare_files", grid)
  check.arg(MFN .. ".compare_files", "prefix", prefix, "string", "path prefix (string)")
  local fc = require "flopcost"
  local svg = fc.plot.stacked_bars(scaled(grid.results), {
    title = "Cost per million tokens, by region and chip mix",
    ylabel = "USD per million tokens (input and output blended)" })
  local ok, err, token = fc.plot.save(prefix .. ".svg", svg)
  if not ok then return nil, err, token end
  local rows = { "region,chips,usd_per_mtok_blended,p05,p95,usd_per_mtok_input,usd_per_mtok_output,"
    .. "tokens_per_s_per_chip,j_per_token,bound" }
  for _, r in ipairs(grid.results) do
    rows[#rows + 1] = ("%s,%q,%.6g,%s,%s,%.6g,%.6g,%.6g,%.6g,%s"):format(r.region, r.mix, r.usd_per_mtok_blended,
      r.interval and ("%.6g"):format(r.interval.p05 * MTOK) or "", r.interval and ("%.6g"):format(r.interval.p95 * MTOK)
      or "", r.usd_per_mtok_input, r.usd_per_mtok_output, r.tokens_per_s_per_chip, r.j_per_token, r.bound or "")
  end
  ok, err, token = fc.report.write(prefix .. ".csv", table.concat(rows, "\n") .. "\n")
  if not ok then return nil, err, token end
  return { prefix .. ".svg", prefix .. ".csv" }
end

-- }==================================================================

-- {==================================================================
-- The scenario workload: workload = { kind = "inference", model =, input_tokens =,
-- output_tokens =, cache_hit =, slo = { ttft_s =, tpot_s = }, chips = (group size, or
-- the best of 1, 2, 4, 8), draft_tokens =, acceptance =, serving = (profile) }.
-- The scenario's precision is the serving precision. These functions only
-- copy catalog numbers into the description; fc_compose serves and maps.
-- ===================================================================

local WORKLOAD = { "kind", "model", "input_tokens", "output_tokens", "cache_hit", "slo", "chips",
  "draft_tokens", "acceptance", "serving", "kv_precision" }
local MODEL_FIELDS = { "params", "active_params", "layers", "hidden", "heads", "kv_heads", "head_dim",
  "kv_lora_rank", "qk_rope_head_dim", "experts", "experts_active", "expert_intermediate", "moe_layers" }

local SFN = "flopcost.scenario"
local function sfail(msg, level) error(SFN .. ": " .. msg, level + 1) end

-- Fills the description d from opts.workload (internal: scenario.lua, describe()).
function M._workload_into(d, opts, cat, level)
  level = level + 1
  local w = opts.workload
  if type(w) ~= "table" then sfail("field 'workload': table {kind = 'inference', model = ...} expected, got "
    .. type(w), level) end
  local known = {}
  for _, k in ipairs(WORKLOAD) do known[k] = true end
  for k in pairs(w) do
    if not known[k] then sfail(("field 'workload': unknown field '%s'"):format(tostring(k)), level) end
  end
  if w.kind ~= "inference" then
    sfail(("field 'workload.kind': 'inference' expected, got %s"):format(shown(w.kind)), level)
  end
  if w.model == nil then sfail("field 'workload.model': model name expected, got nil", level) end
  local ok, model = pcall(cat.model, cat, w.model)
  if not ok then sfail((tostring(model):gsub("^flopcost%.catalog: ", "field 'workload.model': ")), level) end
  local precision = opts.precision or require("flopcost.scenario").NAMED.precision
  local kv = w.kv_precision or (M.BYTES[precision] and M.BYTES[precision] >= 1 and precision or "fp8")
  if not M.BYTES[precision] then sfail(("field 'precision': no byte size for %s"):format(shown(precision)), level) end
  if not M.BYTES[kv] then sfail(("field 'workload.kv_precision': no byte size for %s"):format(shown(kv)), level) end
  d.workload = 1
  for _, f in ipairs(MODEL_FIELDS) do d["model." .. f] = model[f] end
  d["model.mla"] = model.attention == "mla" and 1 or 0
  d["workload.weight_bytes"], d["workload.kv_bytes"] = M.BYTES[precision], M.BYTES[kv]
  for _, f in ipairs { "input_tokens", "output_tokens", "cache_hit", "chips", "draft_tokens", "acceptance" } do
    d["workload." .. f] = w[f]
  end
  if w.slo ~= nil then
    if type(w.slo) ~= "table" then sfail("field 'workload.slo': table {ttft_s=, tpot_s=} expected", level) end
    d["workload.slo.ttft_s"], d["workload.slo.tpot_s"] = w.slo.ttft_s, w.slo.tpot_s
  end
  local ok2, prof = pcall(cat.serving, cat, w.serving or ((model.experts or 0) > 0 and "moe" or "default"))
  if not ok2 then sfail((tostring(prof):gsub("^flopcost%.catalog: ", "field 'workload.serving': ")), level) end
  for _, k in ipairs(EFFICIENCY) do d["serving." .. k] = prof[k] end
end

-- The chip figures serving needs (internal: scenario.lua, chip_desc()).
function M._chip_into(c, chip)
  c["chip.memory_gb"], c["chip.memory_bandwidth_gbs"] = chip.memory_gb, chip.memory_bandwidth_gbs
  c["chip.interconnect_gbs"] = chip.interconnect_gbs
  c["chip.node_chips"], c["chip.scaleout_gbs"] = chip.node_chips, chip.scaleout_gbs
  local t16 = M.peak_tflops(chip, "bf16") -- the attention core runs in 16 bits (fc_inference.h)
  c["chip.attention_flops_per_s"] = t16 and t16 * 1e12 or nil
end

-- The serving summary of an evaluated inference scenario, on the result
-- (internal: scenario.lua's results). meta: the scenario's workload,
-- precision and utilization, so the result can say what it served.
-- The blend: usd_per_mtok_blended = (in x input + out x output) / (in + out).
function M._shape_into(r, inf, meta)
  r.usd_per_mtok_input, r.usd_per_mtok_output = inf.usd_per_mtok_input, inf.usd_per_mtok_output
  r.usd_per_mtok_blended, r.j_per_token = inf.usd_per_mtok_blended, inf.j_per_token
  r.tokens_per_s_per_chip, r.bound = inf.tokens_per_s_per_chip, inf.bound
  r.inference = inf
  local w = meta and meta.workload or {}
  r.workload = { kind = "inference", model = w.model, precision = meta and meta.precision
    or require("flopcost.scenario").NAMED.precision, utilization = meta and meta.utilization }
  r.blend = ("token-weighted: (%g input x $in + %g output x $out) / %g tokens"):format(inf.input_tokens,
    inf.output_tokens, inf.input_tokens + inf.output_tokens)
end

return M
