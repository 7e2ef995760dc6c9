--- flopcost sobol [FILE]: variance-based sensitivity (Sobol indices) of one scenario.
local M = {}

M.summary = "Sobol first-order and total indices: which uncertain inputs drive the cost's variance."
M.description = "Sobol first-order and total indices (Saltelli 2010 / Jansen estimators, 95% bootstrap\n"
  .. "intervals) of a scenario file whose `vary` gives distributions as data, e.g.\n"
  .. "vary = { pue = {\"pert\", 1.1, 1.2, 1.4} }, and/or --vary options. The model runs\n"
  .. "N (k + 2) times for k inputs. With --shard, run part i of n and 'flopcost merge' the\n"
  .. "states: the merged indices equal the unsharded run's to the last bit."

function M.configure(p, common)
  common.add_sampling(p, "N, the base sample size.", "10000", 2, 40)
  p:option("--output", "The result field analysed (default usd_per_eflop; for an inference\n"
    .. "scenario usd_per_mtok_blended; also usd_per_mtok_output, usd_per_mtok_input, j_per_token;\n"
    .. "water: water_l_per_eflop, water_onsite_l_per_eflop, water_offsite_l_per_eflop,\n"
    .. "water_l_per_mtok)."):argname("FIELD")
  p:option("--resamples", "Bootstrap resamples for the intervals (0: none)."):argname("B"):default("100")
    :convert(common.number { name = "--resamples", integer = true, min = 0, max = 100000 })
  p:option("--level", "Confidence level of the intervals."):argname("L"):default("0.95")
    :convert(common.number { name = "--level", min = 0.5, max = 0.999 })
  p:option("--shard", "Run only part i of n, or 'slurm' (then 'flopcost merge' the states)."):argname("i/n")
    :convert(common.shard)
  p:option("--state", "Write the run's state as JSON (for merge)."):argname("FILE")
  p:option("--out", "Write PREFIX-sobol.svg and PREFIX-sobol.vl.json."):argname("PREFIX")
    :convert(common.out_prefix)
  p:option("--format", "text, or json (every number to the last bit)."):argname("{text,json}")
    :default("text"):convert(common.choice({ "text", "json" }, "--format"))
  p:flag("--sandbox", "Load a Lua scenario file sandboxed.")
  common.add_whatif(p, true, true)
end

function M.run(a, common)
  local fc = require "flopcost"
  local s, _, spec = common.scenario_to_vary(a, "sobol")
  local r = fc.sensitivity.sobol { scenario = s, vary = common.vary_for(s, spec),
    samples = a.samples, seed = a.seed, threads = a.threads, output = a.output, shard = a.shard,
    resamples = a.resamples, level = a.level }
  if a.state then
    local ok, werr = fc.report.write(a.state, fc.json.encode(r.state) .. "\n")
    if not ok then common.fail(werr) end
    common.note("wrote " .. a.state)
  end
  if not r.first then -- a shard: its state is the result
    if not a.state then common.usage("sobol: --shard needs --state FILE (the part to merge)") end
    common.out(tostring(r))
    return 0
  end
  M.show(r, a, common, s.chip_names, require("flopcost.plot").provenance.of_command(a.file, a.set, a.vary, s))
  return 0
end

--- Prints (text or JSON) and draws a complete result; shared with `flopcost merge`.
function M.show(r, a, common, members, provenance)
  local fc = require "flopcost"
  if a.format == "json" then common.out(fc.json.encode(r:summary()))
  else common.out(tostring(r)) end
  if a.out then
    local o = { members = members, provenance = provenance }
    local files = { { a.out .. "-sobol.svg", fc.plot.sobol(r, o) },
                    { a.out .. "-sobol.vl.json", fc.vega.encode(fc.vega.sobol(r, o)) } }
    local ok, werr = fc.report.write_all(files, a.out)
    if not ok then common.fail(werr) end
    common.note(("wrote %s-sobol.svg\nwrote %s-sobol.vl.json"):format(a.out, a.out))
  end
end

return M
