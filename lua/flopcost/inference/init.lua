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
local workload = require "flopcost.inference.workload"
local suggest = require "flopcost.suggest"

local M = {}
local FN = "flopcost.inference.serve"
local MFN = "flopcost.inference"
local check = require "flopcost.check"

--- Bytes per value of each precision (flopcost.inference.workload.BYTES).
M.BYTES = workload.BYTES
--- The serving profile figures a description carries (serving.<name>).
M.EFFICIENCY = workload.EFFICIENCY

local OPTIONS = { "model", "chip", "chips", "precision", "kv_precision", "input_tokens", "output_tokens",
  "cache_hit", "batch", "slo", "groups", "frontier", "catalog", "serving", "stack", "draft_tokens", "acceptance",
  "overrides", "mtp", "arrival_rate_per_s", "concurrency", "disaggregated", "region", "pue", "wue_l_per_kwh",
  "electricity_water_l_per_kwh" }
local KNOWN = {}
for _, k in ipairs(OPTIONS) do KNOWN[k] = true end
local EFFICIENT = {}
for _, k in ipairs(workload.EFFICIENCY) do EFFICIENT[k] = true end

local function fail(msg) error(FN .. ": " .. msg, 0) end
local shown = workload.shown

local function check_options(opts)
  if type(opts) ~= "table" then fail("options table expected, got " .. type(opts)) end
  for k in pairs(opts) do
    if not KNOWN[k] then
      local near = type(k) == "string" and suggest.closest(k, OPTIONS)
      fail(("unknown field '%s'%s"):format(tostring(k), near and (" (did you mean '%s'?)"):format(near) or ""))
    end
  end
end

--- Dense peak FLOP/s for serving at `precision`: that precision's figure, or
-- the chip's 16-bit figure when it has none (weight-only quantization: the
-- weights are stored at `precision` and computed in 16 bits).
-- @tparam table chip a catalog chip entry (cat:chip) [entry]
-- @tparam string precision "fp8", "bf16", ... [name]
-- @treturn number the peak, or nil when the chip has neither [TFLOP/s]
-- @treturn string the precision computed in [name]
-- @raise "flopcost.inference.peak_tflops: argument 'chip': chip entry (table) expected, got 1"
-- @usage fc.inference.peak_tflops(fc.catalog.default():chip("A100-SXM"), "fp8")  --> 312
function M.peak_tflops(chip, precision)
  check.arg(MFN .. ".peak_tflops", "chip", chip, "table", "chip entry (table)")
  check.optional(MFN .. ".peak_tflops", "precision", precision, "string", "precision name (string)")
  local sc = require "flopcost.scenario" -- the one rule: the figure, or the core's named stand-in
  local t, p = sc.peak_tflops(chip, precision)
  if t then return t, p end
  return sc.peak_tflops(chip) -- the default precision (bf16, or its fp16 stand-in)
end

-- A group size on a chip the catalog gives no scale-up link cannot be timed.
local function check_chips(opts, chip)
  if opts.chips == nil or opts.chips == "auto" then return end
  if math.type(opts.chips) == nil or opts.chips ~= math.floor(opts.chips) or opts.chips < 1 then
    fail(("field 'chips': group size (integer >= 1) or 'auto' expected, got %s"):format(shown(opts.chips)))
  end
  if opts.chips > 1 and (chip.interconnect_gbs or 0) <= 0 then
    fail(("field 'chips': chip '%s' has no interconnect_gbs in the catalog, so a group of %d cannot be timed")
      :format(chip.name, opts.chips))
  end
end

-- The serving site's water figures (r.water_l_per_mtok, csrc/core/fc_compose_water.c): a
-- region's PUE, WUE and grid water (models/regions.json), each replaced by the option of its name.
-- Returns the region's catalog name (nil without opts.region): the result records where it serves.
local function water_into(d, opts, cat)
  local region
  if opts.region ~= nil then
    if type(opts.region) ~= "string" then fail("field 'region': region name expected, got " .. shown(opts.region)) end
    local ok, reg = pcall(cat.region, cat, opts.region)
    if not ok then
      fail("field 'region': " .. (require("flopcost.errors").strip(tostring(reg)):gsub("^flopcost%.catalog: ", "")))
    end
    region = reg
  end
  local pue = opts.pue
  if pue ~= nil and not (type(pue) == "number" and pue >= 1 and pue < math.huge) then
    fail("field 'pue': number >= 1 expected, got " .. shown(pue))
  end
  d["region.pue"] = pue or region and region.pue
  for _, f in ipairs { "wue_l_per_kwh", "electricity_water_l_per_kwh" } do
    local x = opts[f]
    if x ~= nil and not (type(x) == "number" and x >= 0 and x < math.huge) then
      fail(("field '%s': non-negative number of litres per kWh expected, got %s"):format(f, shown(x)))
    end
    d[f] = x or region and region[f]
  end
  return region and region.name
end

--- The serve door's scenario description of opts (one chip and its workload, as fc.scenario
-- writes them; csrc/core/fc_serve_compose.h) and the resolved catalog entries.
-- @tparam table opts fc.inference.serve's options (model, chip, chips, precision, tokens, slo, ...)
-- [as fc.inference.serve]
-- @treturn table the description: chips = {{["chip.peak_flops_per_s"] = [FLOP/s], ["chip.tdp_w"] = [W],
-- ...}}, workload fields [tokens, s] [description]
-- @treturn table the entries {model =, chip =, precision =, compute_precision =, serving =, region = the
-- catalog name of opts.region or nil} [entries]
-- @raise "flopcost.inference.serve: field 'model': model name expected, got nil"
-- @usage fc.inference.describe{model = "Llama-3.1-70B", chip = "H100-SXM"}.chips[1]["chip.tdp_w"]  --> 700
function M.describe(opts)
  check_options(opts)
  local cat = opts.catalog or require("flopcost.catalog").default()
  if opts.model == nil then fail("field 'model': model name expected, got nil") end
  if opts.chip == nil then fail("field 'chip': chip name expected, got nil") end
  local d, w = {}, { chips = opts.chips ~= "auto" and opts.chips or nil }
  for _, k in ipairs { "model", "input_tokens", "output_tokens", "cache_hit", "slo", "draft_tokens", "acceptance",
    "serving", "stack", "kv_precision", "arrival_rate_per_s", "concurrency", "disaggregated", "mtp" } do
    w[k] = opts[k]
  end
  local precision = opts.precision or require("flopcost.scenario").NAMED.precision
  local ok, chip = pcall(cat.chip, cat, opts.chip)
  if not ok then fail("field 'chip': " .. (tostring(chip):gsub("^[^\n]-%.lua:%d+: ", ""):gsub("^flopcost%.catalog: ", ""))) end
  local model, prof = workload.into(d, w, precision, cat, function(field, msg)
    fail(("field '%s': %s"):format(field, msg))
  end, { chip })
  check_chips(opts, chip)
  if opts.overrides ~= nil then
    if type(opts.overrides) ~= "table" then fail("field 'overrides': table expected, got " .. type(opts.overrides)) end
    for k, v in pairs(opts.overrides) do
      if not EFFICIENT[k] then
        local near = type(k) == "string" and suggest.closest(k, workload.EFFICIENCY)
        fail(("field 'overrides': unknown field '%s'%s"):format(tostring(k),
          near and (" (did you mean '%s'?)"):format(near) or ""))
      end
      d["serving." .. k] = v
    end
  end
  local tflops, compute_precision = M.peak_tflops(chip, precision)
  if not tflops then fail(("chip '%s' has no 16-bit or %s peak in the catalog"):format(chip.name, precision)) end
  local c = { name = chip.name, count = 1, ["chip.peak_flops_per_s"] = tflops * 1e12, ["chip.tdp_w"] = chip.tdp_w,
    ["chip.idle_w"] = chip.idle_w, power_curve = require("flopcost.scenario")._power_curve_of(chip) }
  workload.chip_into(c, chip)
  -- the server's power over the chips' (the facility energy behind the water figures)
  c["chip.server_power_multiple"] = chip.server_power_multiple
  d.chips = { c }
  local region = water_into(d, opts, cat)
  return d, { model = model, chip = chip, precision = precision, compute_precision = compute_precision,
    serving = prof, region = region }
end

local function strip(e) return (tostring(e):gsub("^[^\n]-%.lua:%d+: ", "", 1)) end

-- The core names the description's fields; the serve door's user wrote them
-- without the workload. prefix, and the profile's figures as overrides.
-- mtp = {acceptance =, tokens =} reaches the core as acceptance and draft_tokens.
local function door_names(msg, mtp)
  msg = msg:gsub("field 'workload%.slo%.", "field 'slo."):gsub("field 'workload%.", "field '")
    :gsub("field 'serving%.", "field 'overrides.")
  if mtp ~= nil then msg = msg:gsub("field 'acceptance'", "field 'mtp.acceptance'"):gsub("field 'draft_tokens'",
    "field 'mtp.tokens'") end
  return msg
end

-- A KV precision name for the bytes the core used: the weights' precision
-- when they agree, else the common name of that size (display only).
local KV_NAME = { [2] = "bf16", [1] = "fp8", [0.5] = "fp4" }
local function kv_name(bytes, precision)
  if M.BYTES[precision] == bytes then return precision end
  return KV_NAME[bytes] or ("%g bytes"):format(bytes)
end

--- Serves `opts.model` on `opts.chip`: the best point within the targets
-- (or at `batch`), and with `frontier = n` up to n points of the
-- throughput-vs-interactivity frontier. See the module comment.
-- @tparam table opts the model, the chips and the load
-- @tparam string opts.model a model of models/llms.json [name]
-- @tparam string opts.chip a catalog chip [name]
-- @tparam[opt] integer|string opts.chips chips per replica, or "auto" [count]
-- @tparam[opt] string opts.precision weights' precision, e.g. "fp8" [name]
-- @tparam[opt] number opts.input_tokens prompt length [tokens]; output_tokens [tokens]
-- @tparam[opt] table opts.slo targets {ttft_s = [s], tpot_s = [s]}
-- @tparam[opt] number opts.arrival_rate_per_s a load: requests per second [1/s]
-- @treturn table tokens_per_s_per_chip [tokens/s], decode_tokens_per_s_per_chip [tokens/s],
-- prefill_tokens_per_s_per_chip [tokens/s], batch [requests], ttft_s [s], tpot_s [s], j_per_token [J],
-- bound ("memory", "compute", "latency", ...), layout, region (opts.region's catalog name, nil without one)
-- [name], and frontier with frontier = n
-- @return nil, message, "latency" when no batch meets the targets, or nil, message, "does_not_fit"
-- when the weights and one sequence's KV cache exceed the memory [token]
-- @raise "flopcost.inference.serve: field 'model': unknown model 'Llama-3.1-70X' (did you mean
-- 'Llama-3.1-70B'?)" (an unknown or out-of-domain field)
-- @usage fc.inference.serve{model = "Llama-3.1-70B", chip = "H100-SXM", precision = "fp8",
-- input_tokens = 2000, output_tokens = 500, slo = {ttft_s = 0.45, tpot_s = 0.04}}.tokens_per_s_per_chip
-- --> 4677.5
function M.serve(opts)
  local ok0, d, meta = pcall(M.describe, opts)
  if not ok0 then error(strip(d), 2) end
  local ok, r, msg, token = pcall(core.serve, d, { batch = opts.batch, groups = opts.groups, frontier = opts.frontier })
  if not ok then error(door_names(strip(r), opts.mtp), 2) end
  if not r then return nil, msg, token end
  r.model, r.chip, r.precision = meta.model.name, meta.chip.name, meta.precision
  r.kv_precision = opts.kv_precision or kv_name(r.kv_bytes, meta.precision)
  r.compute_precision = meta.compute_precision
  r.region = meta.region -- where it serves (opts.region's catalog name; nil without one): fc.report.serve_csv's column
  -- the serving stack (the catalog's default for this chip and model class, or the one named)
  r.stack, r.stack_software = meta.serving.name, meta.serving.stack
  return setmetatable(r, require("flopcost.inference.report").SERVE_RESULT) -- print(r): its summary
end

--- Expected number of distinct experts a batch of tokens activates when each token picks
-- `active` of `experts` uniformly: E (1 - (1 - k/E)^tokens) (C: fc_inference_expected_experts).
-- @function expected_experts
-- @tparam number experts routed experts per layer, > 0 [count]
-- @tparam number active experts each token activates, <= experts [count]
-- @tparam number tokens tokens in the batch, >= 0 [count]
-- @treturn number the expected distinct experts [count]
-- @raise "flopcost.inference.expected_experts: argument 'active': number not above experts (8) expected, got 9"
-- @usage fc.inference.expected_experts(256, 8, 64)  --> 222.442
M.expected_experts = core.expected_experts

--- The throughput-vs-interactivity frontier of a model on a chip: the points
-- (every group size and batch, up to `points`) that no other point beats on
-- both tokens/s per user and output tokens/s per chip (end to end), in
-- ascending tokens/s per user.  opts as serve (slo is ignored: the frontier is
-- every target's answer).
-- @tparam table opts fc.inference.serve's options [as fc.inference.serve]
-- @tparam[opt=4096] integer points the points searched, at most [count]
-- @treturn userdata a Frontier (the points stay in C: #f, f[i] or f:rows() give point tables {batch
-- [requests], tokens_per_s_per_user [tokens/s], output_tokens_per_s_per_chip [tokens/s], tpot_s, ttft_s
-- [s], bound, ...}; f.tpot_s etc. whole columns) [frontier]
-- @treturn table the serve result, whose r.frontier holds every point before the Pareto filter [result]
-- @return nil, message, "does_not_fit" when the weights and one sequence's KV cache exceed the memory [token]
-- @raise "flopcost.inference.frontier: argument 'opts': options table (as fc.inference.serve) expected, got 1"
-- @usage local o = {model = "Llama-3.1-70B", chip = "H100-SXM", chips = 8, input_tokens = 2000, output_tokens = 500};
--   #fc.inference.frontier(o, 20)  --> 20
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

--- SVG of frontiers (x: tokens/s per user, y: output tokens/s per chip, one line per chip) and
-- its Vega-Lite twin.
-- @tparam {table,...} lines {name = chip [name], points = a Frontier or a list of point tables [tokens/s]}
-- @tparam[opt] table opts title [text]; width, height [px]
-- @treturn string the chart [SVG]
-- @treturn table its Vega-Lite spec [Vega-Lite spec]
-- @raise "flopcost.inference.frontier_svg: argument 'lines': list (table) expected, got 1"
-- @usage local o = {model = "Llama-3.1-70B", chip = "H100-SXM", chips = 8, input_tokens = 2000, output_tokens = 500};
--   fc.inference.frontier_svg({{name = "H100-SXM", points = fc.inference.frontier(o, 20)}})  --> "<?xml..."
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

-- Comparing regions x mixes in $ per million tokens: flopcost.inference.compare.
local function compare() return require "flopcost.inference.compare" end
--- true when a study (or its grid's study) serves a model.
-- @tparam table study a study, or a compare grid [study]
-- @treturn boolean whether it has a workload of kind "inference" [boolean]
-- @raise none: anything else gives false
-- @usage fc.inference.is_study(fc.compare.load_study())  --> "false"
function M.is_study(study) return compare().is_study(study) end
--- The region x mix table of an inference grid in $ per million tokens (<= 100 columns).
-- @tparam table grid fc.compare.run's grid of an inference study [grid]
-- @treturn string the table: blended and output $/Mtok, tokens/s per chip, bound [text]
-- @raise "flopcost.inference.compare.text: argument 'grid': compare grid of an inference study (the result of
-- fc.compare.run) expected, got 1"
-- @usage local g = fc.compare.run(fc.compare.load_study(fc.compare.models_dir() .. "/scenarios/inference.lua"),
--   {intervals = false});
--   fc.inference.compare_text(g)  --> "inference: $ per million tokens..."
function M.compare_text(grid) return compare().text(grid) end
--- Writes PREFIX.svg, .vl.json, .csv and .json of an inference grid; -> paths, or nil, message, token.
-- @tparam table grid fc.compare.run's grid of an inference study [grid]
-- @tparam string prefix the files' prefix [path]
-- @treturn {string,...} the paths written [path]
-- @return nil, message, "io_error" when a file cannot be written [token]
-- @raise "flopcost.inference.compare.write_files: argument 'grid': compare grid of an inference study (the
-- result of fc.compare.run) expected, got 1"
-- @usage local g = fc.compare.run(fc.compare.load_study(fc.compare.models_dir() .. "/scenarios/inference.lua"),
--   {intervals = false});
--   fc.inference.compare_files(g, "/nonexistent/x")  --> nil
function M.compare_files(grid, prefix) return compare().write_files(grid, prefix) end

-- {==================================================================
-- The scenario door: fc.scenario{workload = {kind = "inference", model =,
-- input_tokens =, output_tokens =, cache_hit =, slo = {ttft_s =, tpot_s =},
-- chips = (group size, or the core's choice), draft_tokens =, acceptance = (or mtp = {acceptance =}),
-- serving = (profile), kv_precision =}}; the scenario's precision is the
-- serving precision. flopcost.inference.workload fills the description;
-- fc_compose serves and maps.
-- ===================================================================

-- Fills the description d from opts.workload served on the chips `names`
-- (internal: scenario/describe.lua); returns the serving profile (the stack).
function M._workload_into(d, opts, cat, names)
  local w = opts.workload
  local function sfail(msg) check.fail("flopcost.scenario", msg) end
  if type(w) ~= "table" then sfail("field 'workload': table {kind = 'inference', model = ...} expected, got "
    .. type(w)) end
  local known = {}
  for _, k in ipairs(workload.KEYS) do known[k] = true end
  for k in pairs(w) do
    if not known[k] then
      local near = type(k) == "string" and suggest.closest(k, workload.KEYS)
      sfail(("field 'workload': unknown field '%s'%s"):format(tostring(k),
        near and (" (did you mean '%s'?)"):format(near) or ""))
    end
  end
  if w.kind ~= "inference" then
    sfail(("field 'workload.kind': 'inference' expected, got %s"):format(shown(w.kind)))
  end
  local precision = opts.precision or require("flopcost.scenario").NAMED.precision
  local ww = {}
  for k, v in pairs(w) do ww[k] = v end
  if ww.chips == "auto" then ww.chips = nil end
  local chips = {}
  for i, name in ipairs(names or {}) do chips[i] = cat:chip(name) end
  local _, prof = workload.into(d, ww, precision, cat, function(field, msg)
    sfail(("field '%s': %s"):format(field == "precision" and "precision" or "workload." .. field, msg))
  end, chips)
  return prof
end

-- The chip figures serving needs (internal: scenario/chip.lua, chip_desc()).
M._chip_into = workload.chip_into

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
  r.stack, r.stack_software = meta and meta.stack and meta.stack.name, meta and meta.stack and meta.stack.stack
  r.workload = { kind = "inference", model = w.model, precision = meta and meta.precision
    or require("flopcost.scenario").NAMED.precision, utilization = meta and meta.utilization }
  r.blend = ("token-weighted: (%g input x $in + %g output x $out) / %g tokens"):format(inf.input_tokens,
    inf.output_tokens, inf.input_tokens + inf.output_tokens)
end

--- fc.inference.fleet{...}: a serving fleet over a day (flopcost.inference.fleet): capacity for
-- the peak hour, cost, revenue at API prices and margin (core.serve.fleet).
-- @tparam table opts the fleet
-- @tparam string opts.model a model of models/llms.json [name]
-- @tparam string opts.chip a catalog chip [name]
-- @tparam[opt] string opts.region a catalog region: its all-in $ per accelerator-hour [name]
-- @tparam table opts.tokens_per_day {input =, cached_input =, output =} [tokens/day]
-- @tparam[opt] table opts.load_profile 24 hourly shares of the day's tokens [fraction]
-- @tparam[opt] table opts.slo {ttft_s = [s], tpot_s = [s]}
-- @tparam[opt] table opts.api_price_usd_per_mtok {input =, cached_input =, output =} [USD per 1e6 tokens]
-- @treturn table chips [count], nodes [count], average_nodes [count], cost_usd_per_day [USD/day],
-- revenue_usd_per_day [USD/day], margin [fraction], provisioned_mw [MW], tokens_per_provisioned_mw
-- [tokens/day per MW], usd_per_chip_hour [USD/h], prefill_chips, decode_chips [count], serve (the pools)
-- @raise "flopcost.inference.fleet: field 'tokens_per_day.input': finite number >= 0 expected, got nil"
-- @usage fc.inference.fleet{model = "Llama-3.1-70B", chip = "H100-SXM", region = "us-va",
-- tokens_per_day = {input = 1e9, output = 2e8}}.chips   --> 16
M.fleet = require "flopcost.inference.fleet"

return M
