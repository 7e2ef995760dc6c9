--- flopcost compare: every region x chip mix of a study, in one batch.
local M = {}

M.summary = "Cost per 1e18 training FLOP for every region x chip mix of a study."
M.description = "Cost per 1e18 training FLOP for every region x chip mix of a study (default: the\n"
  .. "bundled models/scenarios/default.lua), with 90% intervals, the gaps explained by\n"
  .. "component, and with --out an SVG chart and a CSV."

M.FORMATS = { "table", "csv", "json", "markdown" }

function M.configure(p, common)
  p:argument("STUDY", "A study file (.lua or .json); same as --study."):args("?"):target("study_arg")
  p:option("--study", "A study file (.lua or .json)."):argname("FILE")
  p:option("--out", "Write PREFIX.svg, PREFIX-utilization.svg and PREFIX.csv."):argname("PREFIX")
  p:option("--format", "Output format."):argname(common.choices_argname(M.FORMATS))
    :default("table"):convert(common.choice(M.FORMATS, "--format"))
  p:flag("--no-intervals", "Skip the Monte Carlo intervals (faster).")
  p:option("--shard", "Evaluate only part i of n of the cells."):argname("i/n"):convert(common.shard)
  p:option("--state", "Write the cells' results as JSON (for merge)."):argname("FILE")
  common.add_whatif(p, true)
end

local function write_charts(fc, grid, prefix, common)
  local dir = prefix:match("^(.*)/[^/]*$")
  if dir then os.execute("mkdir -p '" .. dir:gsub("'", "'\\''") .. "'") end
  local svg = fc.plot.stacked_bars(grid.results, {
    title = "Cost per 1e18 training FLOP by region and chip mix (USD)", labels = "id" })
  -- cost vs utilization for the cheapest cell of each mix
  local series, seen = {}, {}
  for i, r in ipairs(grid.results) do
    if not seen[r.mix] and #series < 8 then
      seen[r.mix] = true
      local xs, ys = {}, {}
      for k = 4, 20 do -- 20 % to 100 %: below that every curve leaves the chart
        xs[#xs + 1] = k / 20
        ys[#ys + 1] = grid.cells[i]:with { utilization = k / 20 }:evaluate().usd_per_eflop
      end
      series[#series + 1] = { name = r.region .. ", " .. r.mix, x = xs, y = ys }
    end
  end
  local util_svg = fc.plot.lines(series, { title = "Cost per 1e18 training FLOP vs utilization",
    xlabel = "utilization (share of hours busy)", xkind = "pct", ykind = "usd" })
  local ok0, e0 = fc.plot.save(prefix .. "-utilization.svg", util_svg)
  if not ok0 then common.fail(e0) end
  local ok1, e1 = fc.plot.save(prefix .. ".svg", svg)
  if not ok1 then common.fail(e1) end
  local ok2, e2 = fc.report.write(prefix .. ".csv", fc.report.csv(grid.results))
  if not ok2 then common.fail(e2) end
  common.note(("wrote %s.svg, %s-utilization.svg and %s.csv"):format(prefix, prefix, prefix))
end

--- The study with the command line's what-ifs applied, and the catalog to use.
function M.study_with_whatifs(study, a, common)
  local fc = require "flopcost"
  local cat = study.catalog or fc.catalog.default()
  if (a.set and #a.set > 0) or (a.vary and #a.vary > 0) then
    local s = {}
    for k, v in pairs(study) do s[k] = v end
    local base = {}
    for k, v in pairs(study.base or {}) do base[k] = v end
    s.base = base
    cat = common.apply_sets(a.set, base, cat)
    if a.vary and #a.vary > 0 then
      local u = {}
      for k, v in pairs(study.uncertainty or {}) do u[k] = v end
      for k, v in pairs(common.vary_spec(a.vary)) do u[k] = v end
      s.uncertainty = u
    end
    study = s
  end
  return study, cat
end

function M.run(a, common)
  local fc = require "flopcost"
  if a.study and a.study_arg and a.study ~= a.study_arg then
    common.usage("two studies given: '" .. a.study_arg .. "' and --study '" .. a.study .. "'")
  end
  local path = a.study or a.study_arg
  local study, lerr = fc.compare.load_study(path)
  if not study then common.fail(lerr) end
  local cat
  study, cat = M.study_with_whatifs(study, a, common)
  local grid = fc.compare.run(study, { intervals = not a.no_intervals, shard = a.shard, catalog = cat })
  if a.state then
    local rows = {}
    for i, r in ipairs(grid.results) do rows[i] = r end
    local ok, werr = fc.report.write(a.state, fc.report.json(rows) .. "\n")
    if not ok then common.fail(werr) end
    common.note(("wrote %s (%d cells)"):format(a.state, #rows))
  end
  local fmt, report, out = a.format, fc.report, common.out
  if fmt == "csv" then out(report.csv(grid.results))
  elseif fmt == "json" then out(report.json(grid.results))
  elseif fmt == "markdown" then out(report.markdown(grid.results))
  else
    out(("flopcost %s: %s"):format(fc.version, study.description or study.name or "study"))
    local cols = { "region", "mix", "access", "usd_per_eflop", "chip", "server_network", "facility",
      "energy", "carbon", "opex", "cloud_usd_per_eflop", "owned_to_cloud", "run_1e25_usd", "interval" }
    out(report.table(grid.results, { columns = cols }))
    out("")
    out("Gaps explained (cheapest vs dearest region, per mix):")
    for _, line in ipairs(fc.compare.explain(grid)) do out("  " .. line) end
  end
  if a.out then write_charts(fc, grid, a.out, common) end
  return 0
end

return M
