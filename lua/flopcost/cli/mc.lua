--- flopcost mc [FILE]: Monte Carlo of one scenario.
local M = {}

M.summary = "Monte Carlo of one scenario: mean, sd and 90% interval of its cost."
M.description = "Monte Carlo of a scenario file whose `vary` gives distributions as data,\n"
  .. "e.g. vary = { pue = {\"pert\", 1.1, 1.2, 1.4} }, and/or of --vary options. Without FILE\n"
  .. "the scenario comes from --set alone (e.g. --set region=us-va --set chip=H100-SXM)."

function M.configure(p, common)
  p:argument("FILE", "A scenario file (.lua or .json)."):args("?"):target("file")
  p:option("--samples", "Number of samples."):argname("N"):default("100000")
    :convert(common.number { name = "--samples", integer = true, min = 1, max = 2 ^ 48, max_text = "2^48" })
  p:option("--seed", "Seed of the run."):argname("S"):default("1")
    :convert(common.number { name = "--seed", integer = true, min = 0, max = 2 ^ 53, max_text = "2^53" })
  p:option("--threads", "Worker threads (results are identical for any number)."):argname("T")
    :convert(common.number { name = "--threads", integer = true, min = 1, max = 256 })
  p:option("--rng", "A GSL generator: taus2 (default), mt19937, ranlxd2, ..."):argname("NAME")
  p:option("--shard", "Run only part i of n (then 'flopcost merge' the states)."):argname("i/n")
    :convert(common.shard)
  p:option("--state", "Write the run's state as JSON (for merge)."):argname("FILE")
  p:option("--out", "Write PREFIX-tornado.svg and PREFIX-histogram.svg."):argname("PREFIX")
  p:flag("--sandbox", "Load a Lua scenario file sandboxed.")
  common.add_whatif(p, true)
end

function M.run(a, common)
  local fc = require "flopcost"
  local data = {}
  if a.file then
    local lerr
    data, lerr = require("flopcost.scenariofile").load(a.file, { sandbox = a.sandbox })
    if not data then common.fail(lerr) end
  elseif not a.set or #a.set == 0 then
    common.usage("mc: a scenario FILE, or --set options describing one, expected")
  end
  local spec = {}
  for k, v in pairs(data.vary or {}) do spec[k] = v end
  for k, v in pairs(common.vary_spec(a.vary)) do spec[k] = v end
  local o = {}
  for k, v in pairs(data) do if k ~= "vary" then o[k] = v end end
  local cat = common.apply_sets(a.set, o, o.catalog or fc.catalog.default())
  if a.set and #a.set > 0 then o.catalog = cat end
  if next(spec) == nil then
    common.usage("mc: nothing varies: give the file a `vary` table or use --vary FIELD=DIST(...)")
  end
  local s = fc.scenario(o)
  local cp = s:core_params()
  local vok, vary = pcall(require("flopcost.uncertainty").vary_for, cp, spec)
  if not vok then common.fail("vary: " .. common.clean(vary)) end
  local opts = { vary = vary,
    samples = a.samples, seed = a.seed, threads = a.threads, rng = a.rng, shard = a.shard }
  local r = fc.montecarlo(cp, opts)
  common.out(tostring(r))
  if a.out then
    for _, row in ipairs(fc.plot.tornado_rows(r:tornado(), s.chip_names)) do
      common.out(("  %-52s %s .. %s"):format(row.label, fc.report.usd(row.low), fc.report.usd(row.high)))
    end
    local paths, werr = fc.plot.mc_files(r, a.out, { members = s.chip_names })
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
