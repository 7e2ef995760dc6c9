--- flopcost mc [FILE]: Monte Carlo of one scenario.
local M = {}

M.summary = "Monte Carlo of one scenario: mean, sd and 90% interval of its cost ($/Mtok when it serves)."
M.description = "Monte Carlo of a scenario file whose `vary` gives distributions as data,\n"
  .. "e.g. vary = { pue = {\"pert\", 1.1, 1.2, 1.4} }, and/or of --vary options. Without FILE\n"
  .. "the scenario comes from --set alone (e.g. --set region=us-va --set chip=H100-SXM)."

function M.configure(p, common)
  common.add_sampling(p, "Number of samples.", "100000", 1, 48)
  p:option("--output", "The result field analysed (default usd_per_eflop; for an inference\n"
    .. "scenario usd_per_mtok_blended; also usd_per_mtok_output, usd_per_mtok_input, j_per_token;\n"
    .. "water: water_l_per_eflop, water_onsite_l_per_eflop, water_offsite_l_per_eflop,\n"
    .. "water_l_per_mtok)."):argname("FIELD")
  p:option("--rng", "A GSL generator: taus2 (default), mt19937, ranlxd2, ..."):argname("NAME")
  p:option("--shard", "Run only part i of n, or 'slurm' (then 'flopcost merge' the states)."):argname("i/n")
    :convert(common.shard)
  p:option("--state", "Write the run's state as JSON (for merge)."):argname("FILE")
  p:option("--out", "Write PREFIX-tornado.svg and PREFIX-histogram.svg."):argname("PREFIX")
    :convert(common.out_prefix)
  p:option("--quantiles", "exact (all samples kept, the default up to 1e6 samples) or streaming\n"
    .. "(constant memory). Shards of an exact run keep their samples for the merge."):argname("{exact,streaming}")
    :convert(common.choice({ "exact", "streaming" }, "--quantiles"))
  p:option("--format", "text, or json (every number to the last bit)."):argname("{text,json}")
    :default("text"):convert(common.choice({ "text", "json" }, "--format"))
  p:flag("--sandbox", "Load a Lua scenario file sandboxed.")
  common.add_whatif(p, true, true)
end

function M.run(a, common)
  local fc = require "flopcost"
  local s, _, spec = common.scenario_to_vary(a, "mc")
  local opts = { vary = common.vary_for(s, spec), -- the scenario: description fields and catalog paths resolve
    samples = a.samples, seed = a.seed, threads = a.threads, rng = a.rng, shard = a.shard,
    output = a.output }
  if a.quantiles then opts.exact = a.quantiles == "exact" end
  local r = fc.montecarlo(s, opts) -- the scenario: catalog paths (chip.H100-SXM.price_usd) vary too
  local whatifs = require("flopcost.whatif").record(a)
  if a.format == "json" then
    -- the run's summary only: a merge of its shards gives the same bytes (no scenario there)
    local summary = r:summary()
    summary.whatifs = whatifs
    common.out(fc.json.encode(summary))
  else
    common.out(tostring(r))
    -- the point estimate (every input at its value, the defaults fc.scenario and compare use)
    -- beside the draws' median: they differ when the distributions are skewed
    local point = r:point() or s:evaluate()[r.output]
    local median = r.quantiles and r.quantiles[0.5]
    common.out(("  point %s (every input at its value, no draw)%s"):format(("%.6g"):format(point),
      median and (", median %s (p50 of the draws)"):format(("%.6g"):format(median)) or ""))
    if whatifs then common.out("  what-ifs: " .. whatifs) end
  end
  if a.out then
    -- in the output's unit: dollars unless its axis says a plain number (litres, joules)
    local axis = require("flopcost.inference.report").AXES[r.output]
    local function shown(x) return axis and axis.kind == "number" and ("%.4g"):format(x) or fc.report.usd(x) end
    for _, row in ipairs(fc.plot.tornado_rows(r:tornado(), s.chip_names)) do
      common.out(("  %-52s %s .. %s"):format(row.label, shown(row.low), shown(row.high)))
    end
    local paths, werr = fc.plot.mc_files(r, a.out, { members = s.chip_names,
      provenance = fc.plot.provenance.of_command(a.file, a.set, a.vary, s) })
    if not paths then common.fail(werr) end
    common.note("wrote " .. table.concat(paths, "\nwrote "))
  end
  if a.state then
    local ok, werr = fc.report.write(a.state, fc.json.encode(r.state) .. "\n")
    if not ok then common.fail(werr) end
    common.note("wrote " .. a.state)
  end
  return 0
end

return M
