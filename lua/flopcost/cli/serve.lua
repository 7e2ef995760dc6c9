--- flopcost serve MODEL CHIP [CHIP...]: the throughput-vs-interactivity
-- frontier of serving a model (fc.inference.frontier), one table per chip,
-- and with --out an SVG with one line per chip.
local M = {}

M.summary = "Serving frontier of a model on chips: tokens/s per chip vs tokens/s per user."
M.description = "Serving frontier of a model on one or more chips (models/llms.json, chips.json): for\n"
  .. "every group size the core's layout search tries (1, 2, 4, 8 chips in a node, then whole nodes\n"
  .. "over scale-out: expert parallelism up to 64 nodes for a MoE, pipeline stages up to 8 for a\n"
  .. "dense model; or --chips) and batch, the points no other beats on tokens/s per user and output\n"
  .. "tokens/s per chip. With --ttft/--tpot, also the best point within those targets; with\n"
  .. "--arrival-rate, the fewest chips that carry that load within the targets and their TTFT and\n"
  .. "TPOT at it. --out writes an SVG (one line per chip)."

function M.configure(p, common)
  p:argument("MODEL", "A model name (see 'flopcost catalog models')."):target("model")
  p:argument("CHIP", "One or more chips."):args("+"):target("chips")
  p:option("--precision", "Weights precision (bf16, fp8, fp4, int8, int4)."):default("fp8")
  p:option("--input", "Input tokens per request."):default("2000"):convert(common.number { name = "--input", min = 1 })
  p:option("--output", "Output tokens per request."):default("500")
    :convert(common.number { name = "--output", min = 1 })
  p:option("--cache-hit", "Share of input tokens from a prefix cache."):default("0")
    :convert(common.number { name = "--cache-hit", min = 0 }):target("cache_hit")
  p:option("--chips", "Serving group size (default: every size the layout search tries, "
    .. "up to 64 nodes)."):argname("N")
    :convert(common.number { name = "--chips", min = 1, integer = true }):target("group")
  p:option("--ttft", "Time-to-first-token target, seconds."):argname("S")
    :convert(common.number { name = "--ttft", above = 0 })
  p:option("--tpot", "Time-per-output-token target, seconds."):argname("S")
    :convert(common.number { name = "--tpot", above = 0 })
  p:option("--stack", "Serving stack, a profile of models/llms.json 'serving' (default: the best "
    .. "published stack for the chip and model class; see 'flopcost catalog serving')."):argname("NAME")
  p:option("--arrival-rate", "Load in requests/s to all the chips: the fewest chips that carry it "
    .. "within --ttft/--tpot (with --chips: on those chips), each pool's chips, TTFT and TPOT at the load.")
    :argname("R"):convert(common.number { name = "--arrival-rate", above = 0 })
    :target("arrival_rate")
  p:option("--region", "Where the chips run: adds the water per million tokens (on + off site)."):argname("NAME")
  p:option("--out", "Write the frontier chart as SVG to FILE."):argname("FILE")
end

local function water_text(r)
  return ("%.3g L per million tokens (%.3g on site, %.3g off site)"):format(r.water_l_per_mtok,
    r.water_onsite_l_per_mtok, r.water_offsite_l_per_mtok)
end

-- One pool of a layout: "16 chips (groups of 16)" (r.layout's pool: its chips, chips: one group's).
local function pool_text(l)
  return ("%g chips (groups of %g)"):format(l.pool, l.chips)
end

-- --arrival-rate: the layout search at that load (and the targets): with no --chips the fewest chips
-- that carry it within them (fc_serve.c), each pool's chips, TTFT and TPOT at the load (fc_serve_load.c).
function M.at_load(fc, common, opts, a)
  local o = {}
  for k, v in pairs(opts) do o[k] = v end
  o.arrival_rate_per_s, o.slo = a.arrival_rate, (a.ttft or a.tpot) and { ttft_s = a.ttft, tpot_s = a.tpot } or nil
  local ok, r, msg = pcall(fc.inference.serve, o)
  if not ok then common.fail(common.clean(r)) end
  if not r then common.fail(msg) end
  local l, total = r.layout, ("%.0f output tok/s in all"):format(r.output_tokens_per_s)
  if r.disaggregated == 1 then
    common.out(("  at %g requests/s: %g chips, disaggregated, %s,"):format(a.arrival_rate, r.chips, total))
    common.out(("    prefill %s, decode %s,"):format(pool_text(l.prefill), pool_text(l.decode)))
  else
    common.out(("  at %g requests/s: %s, aggregated, %s,"):format(a.arrival_rate, pool_text(l.decode), total))
  end
  common.out(("    batch %.0f a decode group, TTFT %.0f ms, TPOT %.1f ms (bound: %s)")
    :format(r.batch, r.ttft_s * 1e3, r.tpot_s * 1e3, r.bound))
end

function M.run(a, common)
  local fc = require "flopcost"
  local lines = {}
  for _, chip in ipairs(a.chips) do
    local opts = { model = a.model, chip = chip, precision = a.precision, input_tokens = a.input,
      output_tokens = a.output, cache_hit = a.cache_hit, chips = a.group, stack = a.stack, region = a.region }
    local ok, pts, r = pcall(fc.inference.frontier, opts)
    if not ok then common.fail(common.clean(pts)) end
    if not pts then common.fail(r) end
    if #pts == 0 then
      common.fail(("%s on %s: no group size and batch serves it (no point on the frontier)"):format(a.model, chip))
    end
    lines[#lines + 1] = { name = r.chip, points = pts }
    common.out(("%s on %s, %s weights, %g in / %g out tokens (KV %s, compute %s):"):format(r.model, r.chip,
      r.precision, a.input, a.output, r.kv_precision, r.compute_precision))
    -- the serving stack: the catalog's default for this chip and model class (models/llms.json)
    local stack = ("  stack %s: %s"):format(r.stack, r.stack_software or "?")
    common.out(#stack > 99 and stack:sub(1, 96) .. "..." or stack)
    common.out(("  %5s %6s %10s %9s %9s %14s %14s %9s"):format("chips", "batch", "tok/s/user", "TPOT ms",
      "TTFT ms", "out tok/s/chip", "dec tok/s/chip", "J/out tok"))
    -- at most ROWS rows, spread over the frontier (the SVG has every point)
    local ROWS, shown = 12, {}
    for k = 0, math.min(ROWS, #pts) - 1 do
      shown[#shown + 1] = pts[1 + math.floor((#pts - 1) * k / math.max(1, math.min(ROWS, #pts) - 1) + 0.5)]
    end
    for _, p in ipairs(shown) do
      common.out(("  %5d %6d %10.1f %9.1f %9.0f %14.0f %14.0f %9.3f"):format(p.group, p.batch,
        p.tokens_per_s_per_user, p.tpot_s * 1e3, p.ttft_s * 1e3, p.output_tokens_per_s_per_chip,
        p.decode_tokens_per_s_per_chip, p.j_per_output_token))
    end
    common.out(("  (%d points on the frontier%s)"):format(#pts, #pts > #shown and ", every one in --out" or ""))
    if a.region then
      common.out(r.water_l_per_mtok and ("  water in %s at the most throughput: %s"):format(a.region, water_text(r))
        or ("  water: %s has no water figures (models/regions.json)"):format(a.region))
    end
    if a.ttft or a.tpot then
      opts.slo = { ttft_s = a.ttft, tpot_s = a.tpot }
      local best, msg = fc.inference.serve(opts)
      if best then
        common.out(("  best within the targets: %d chip%s, batch %d, %.0f out tok/s/chip, TPOT %.1f ms,\n"
          .. "    TTFT %.0f ms (bound: %s)"):format(best.group, best.group > 1 and "s" or "", best.batch,
          best.output_tokens_per_s_per_chip,
          best.tpot_s * 1e3, best.ttft_s * 1e3, best.bound))
        if best.water_l_per_mtok then common.out("    water: " .. water_text(best)) end
      else
        common.out("  " .. msg)
      end
    end
    if a.arrival_rate then M.at_load(fc, common, opts, a) end
    common.out("")
  end
  if a.out then
    local svg, vl = fc.inference.frontier_svg(lines, { title = ("Serving %s (%s): throughput vs interactivity")
      :format(a.model, a.precision) })
    local ok, err = fc.plot.save(a.out, svg, vl) -- and its Vega-Lite twin, .vl.json
    if not ok then common.fail(err) end
    common.note("wrote " .. a.out .. "\nwrote " .. a.out:gsub("%.svg$", "") .. ".vl.json")
  end
  return 0
end

return M
