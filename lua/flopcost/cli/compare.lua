--- flopcost compare: every region x chip mix of a study, in one batch.
local M = {}

M.summary = "Cost per 1e18 training FLOP for every region x chip mix of a study."
M.description = "Cost per 1e18 training FLOP for every region x chip mix of a study (default: the\n"
  .. "bundled models/scenarios/default.lua), with 90% intervals, the gaps explained by\n"
  .. "component. --out writes PREFIX.svg, PREFIX-utilization.svg, their Vega-Lite twins\n"
  .. "PREFIX*.vl.json, PREFIX.csv and PREFIX.json. --format html --out PREFIX writes PREFIX.html:\n"
  .. "table, charts with tooltips, sources and provenance in one file that opens offline."

M.FORMATS = { "table", "csv", "json", "markdown", "vega", "html", "xlsx" }

function M.configure(p, common)
  p:argument("STUDY", "A study file (.lua or .json); same as --study."):args("?"):target("study_arg")
  p:option("--study", "A study file (.lua or .json)."):argname("FILE")
  p:option("--out", "Write the charts (SVG and Vega-Lite), CSV and JSON under PREFIX."):argname("PREFIX")
    :convert(common.out_prefix)
  p:option("--format", "Output format."):argname(common.choices_argname(M.FORMATS))
    :default("table"):convert(common.choice(M.FORMATS, "--format"))
  p:flag("--wide", "The table with every column (default: fits 100 columns).")
  p:option("--workload", "training (cost per 1e18 FLOP) or inference ($ per million tokens; default\n"
    .. "study models/scenarios/inference.lua).")
    :default("training"):convert(common.choice({ "training", "inference" }, "--workload"))
  p:flag("--no-intervals", "Skip the Monte Carlo intervals (faster).")
  p:flag("--sandbox", "Load a Lua study file as an untrusted script (see run --sandbox).")
  p:option("--shard", "Evaluate only part i of n of the cells, or 'slurm' (the array task's part).")
    :argname("i/n"):convert(common.shard)
  p:option("--state", "Write the cells' results as JSON (for merge)."):argname("FILE")
  p:option("--stream", "Stream the rows to FILE (.csv, .jsonl) as cells finish, in constant memory,\n"
    .. "for studies of any size; prints only the gaps by mix."):argname("FILE")
  common.add_whatif(p, true, true)
end

local function write_files(fc, grid, prefix, common)
  local dir = prefix:match("^(.*)/[^/]*$")
  if dir then os.execute("mkdir -p '" .. dir:gsub("'", "'\\''") .. "'") end
  local paths, werr = fc.compare.write_files(grid, prefix)
  if not paths then common.fail(werr) end
  common.note("wrote " .. table.concat(paths, "\nwrote "))
end

--- The study with the command line's what-ifs applied, and the catalog to use: --set on a
-- region, chip or mix field restricts the study's lists (flopcost.whatif), other fields go
-- into its base, catalog figures into a copy of the catalog; --vary and --ranges add to its
-- uncertainty. Each acts or is refused.
function M.study_with_whatifs(study, a, common)
  local cat = common.catalog(a, study.catalog)
  local figures, fields = common.split_sets(a.set)
  local s = study
  if #fields > 0 then
    local ok, res = pcall(require("flopcost.whatif").study, study, fields)
    if not ok then common.usage(common.clean(res)) end
    s = res
  end
  cat = common.apply_sets(figures, {}, cat)
  local vary = a.vary and #a.vary > 0
  if vary or a.ranges then
    if a.no_intervals then
      common.usage("compare: --vary and --ranges feed the 90% intervals, which --no-intervals turns off")
    end
    if s == study then
      s = {}
      for k, v in pairs(study) do s[k] = v end
    end
    local u = {}
    if type(study.uncertainty) == "table" then for k, v in pairs(study.uncertainty) do u[k] = v end
    elseif study.uncertainty == "catalog" then u.catalog = true end
    for k, v in pairs(common.vary_spec(a.vary)) do u[k] = v end
    if a.ranges == "catalog" then u.catalog = true end
    s.uncertainty = u
  end
  return s, cat
end

--- --stream FILE: rows to the file block by block; the summary folded as they pass.
function M.stream(fc, study, cat, a, common)
  if a.state or a.out or a.format ~= "table" then
    common.usage("compare: --stream writes its own file; it does not combine with --state, --out or --format")
  end
  local summary, err = fc.compare.stream_file(study, a.stream, { intervals = not a.no_intervals,
    shard = a.shard, catalog = cat })
  if not summary then common.fail(err) end
  for _, line in ipairs(fc.compare.explain_summary(summary)) do
    for _, l in ipairs(fc.compare.wrap(line, a.wide and math.huge or 100, "    ", "")) do common.out(l) end
  end
  common.note(("wrote %s (%d of %d cells)"):format(a.stream, summary.cells, summary.total))
  return 0
end

function M.run(a, common)
  local fc = require "flopcost"
  if a.study and a.study_arg and a.study ~= a.study_arg then
    common.usage("two studies given: '" .. a.study_arg .. "' and --study '" .. a.study .. "'")
  end
  local path = a.study or a.study_arg
  if not path and a.workload == "inference" then path = fc.compare.models_dir() .. "/scenarios/inference.lua" end
  local study, lerr
  if a.sandbox and path then -- an untrusted study script (flopcost.sandbox)
    study, lerr = require("flopcost.scenariofile").load(path, { sandbox = true })
  else
    study, lerr = fc.compare.load_study(path)
  end
  if not study then common.fail(lerr) end
  if a.workload == "inference" and not fc.inference.is_study(study) then
    common.usage(("compare: --workload inference: %s serves no model (no workload in its base)"):format(path))
  end
  if a.format == "xlsx" and not a.out then common.usage("compare: --format xlsx needs --out PREFIX (it writes PREFIX.xlsx)") end
  if a.format == "html" and not a.out then
    common.usage("compare: --format html needs --out PREFIX (it writes PREFIX.html)")
  end
  local cat
  study, cat = M.study_with_whatifs(study, a, common)
  if a.stream then return M.stream(fc, study, cat, a, common) end
  local run_opts = { intervals = not a.no_intervals, shard = a.shard, catalog = cat,
    progress = require("flopcost.progress").bar("compare: 90% intervals", "cells"),
    -- "none" rather than nothing: the command line knows no what-if was given (charts and
    -- CSV/JSON then say "none", not "not recorded")
    whatifs = require("flopcost.whatif").record(a) or "none" }
  local grid
  if a.sandbox then -- the script's study runs under the sandbox's budgets (flopcost.sandbox.guard)
    local ok, g = require("flopcost.sandbox").guard(nil, fc.compare.run, study, run_opts)
    if not ok then common.fail("compare: " .. common.clean(g)) end
    grid = g
  else
    grid = fc.compare.run(study, run_opts)
  end
  if a.state then
    local ok, werr = fc.report.write(a.state, fc.json.encode(fc.compare.state(grid, a.shard)) .. "\n")
    if not ok then common.fail(werr) end
    common.note(("wrote %s (%d cells)"):format(a.state, #grid.results))
  end
  local fmt, report = a.format, fc.report
  local prov = fc.compare.provenance(grid)
  -- a study that serves a model: $ per million tokens in every format (flopcost.inference.compare)
  local serving = fc.inference.is_study(study) and require "flopcost.inference.compare" or nil
  if fmt == "csv" then io.stdout:write(report.csv(grid.results, { provenance = prov }))
  elseif fmt == "json" then io.stdout:write(report.json(grid.results, { provenance = prov }))
  elseif fmt == "markdown" and serving then io.stdout:write(serving.markdown(grid))
  elseif fmt == "markdown" then common.out(report.markdown(grid.results))
  elseif fmt == "vega" then io.stdout:write(fc.vega.encode((serving or fc.compare).charts(grid)[1].vega))
  elseif fmt == "xlsx" then
    local ok, werr = report.xlsx(grid, a.out .. ".xlsx")
    if not ok then common.fail(werr) end
    common.note("wrote " .. a.out .. ".xlsx")
    return 0
  elseif fmt == "html" then
    local page, herr = report.html(grid)
    if not page then common.fail(herr) end
    local ok, werr = report.write(a.out .. ".html", page)
    if not ok then common.fail(werr) end
    common.note("wrote " .. a.out .. ".html")
    return 0
  elseif fc.inference.is_study(study) then io.stdout:write(fc.inference.compare_text(grid))
  else io.stdout:write(fc.compare.text(grid, { wide = a.wide })) end
  if a.out and fc.inference.is_study(study) then
    -- an inference study: its own table and chart in $ per million tokens (fc.inference)
    local paths, werr = fc.inference.compare_files(grid, a.out)
    if not paths then common.fail(werr) end
    common.note("wrote " .. table.concat(paths, "\nwrote "))
  elseif a.out then write_files(fc, grid, a.out, common) end
  return 0
end

return M
