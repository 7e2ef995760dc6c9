--- flopcost.compare.output: a grid's provenance, its charts (SVG and
-- Vega-Lite) and its files (charts, CSV, JSON written together). (internal)
local check = require "flopcost.check"
local common = require "flopcost.compare.common"
local FN, check_grid = common.FN, common.check_grid

local M = {}

-- "bundled" for the catalog shipped in models/, else the directory its files came from.
local function catalog_text(cat)
  if not (cat and cat.files) then return nil end
  local files = cat:files()
  local dir = files[1] and files[1].path and files[1].path:match("^(.*)/[^/]*$")
  local bundled = require("flopcost.catalog").default_path()
  if dir == nil or dir == bundled then return "bundled" end
  return dir
end

--- The provenance every export shares: {flopcost_version, catalog_as_of (the
-- newest as_of of the catalog's files), catalog ("bundled" or its directory)}.
-- (internal: flopcost.report.serve's exports use it too)
function M.catalog_provenance(cat)
  local p = { flopcost_version = require("flopcost.core").version }
  if cat and cat.files then
    for _, f in ipairs(cat:files()) do
      if f.as_of and (p.catalog_as_of == nil or f.as_of > p.catalog_as_of) then p.catalog_as_of = f.as_of end
    end
  end
  p.catalog = catalog_text(cat)
  return p
end

--- Provenance of a grid, for every export: {flopcost_version, catalog_as_of
-- (the newest as_of of the catalog files), study, seed, samples, generator}
-- (the last three only when the grid has intervals; each row's own seed is
-- in its interval).
-- @tparam table grid the result of fc.compare.run [grid]
-- @treturn table {flopcost_version, catalog_as_of [date], study [name], whatifs [text], seed, samples
-- [count], generator} [provenance]
-- @raise "flopcost.compare.provenance: argument 'grid': compare grid (the result of fc.compare.run) expected, got 1"
-- @usage local g = fc.compare.run(fc.compare.load_study(), {intervals = false});
--   fc.compare.provenance(g).study  --> "default"
function M.provenance(grid)
  check_grid("provenance", grid)
  local p = M.catalog_provenance(grid.catalog)
  local study = grid.study or {}
  p.study = study.name
  p.whatifs = grid.whatifs
  local iv = grid.results[1] and grid.results[1].interval
  if iv then
    -- the run's own seed: each row's interval was drawn at seed + its cell's index
    p.seed, p.samples, p.generator = study.seed or require("flopcost.uncertainty").DEFAULT_SEED, iv.samples,
      iv.generator
  end
  return p
end

-- The 90 % band of a cell at a fixed utilization: the study's uncertainty
-- without utilization (the x axis fixes it), the cell's own seed, 4000 samples.
local function band_at(cell, u, study, seed)
  local spec = {}
  for k, v in pairs(study.uncertainty) do if k ~= "utilization" then spec[k] = v end end
  local s = cell:with { utilization = u }
  local unc = require "flopcost.uncertainty"
  local mc = require("flopcost.montecarlo").run(s, { vary = unc.vary_for(s, spec), samples = 4000, seed = seed,
    progress = false, rank_correlation = study.rank_correlation })
  return mc.p05, mc.p95
end

--- Cost vs utilization (20 % to 100 %) of the cheapest cell of each mix, as
-- plot.lines series, each with its 90 % band when the study has uncertainty.
local function utilization_series(grid)
  local series, seen = {}, {}
  local study = grid.study or {}
  for i, r in ipairs(grid.results) do
    if not seen[r.mix] and #series < 8 then
      seen[r.mix] = true
      local xs, ys, lo, hi = {}, {}, {}, {}
      for k = 4, 20 do -- below 20 % every curve leaves the chart
        xs[#xs + 1] = k / 20
        ys[#ys + 1] = grid.cells[i]:with { utilization = k / 20 }:evaluate().usd_per_eflop
        if study.uncertainty and r.interval then
          lo[#lo + 1], hi[#hi + 1] = band_at(grid.cells[i], k / 20, study, r.interval.seed)
        end
      end
      series[#series + 1] = { name = r.mix .. " (" .. r.region .. ")", x = xs, y = ys,
        band = #lo > 0 and { lo = lo, hi = hi } or nil }
    end
  end
  return series
end

-- What the charts say about where their numbers come from (flopcost.plot.provenance),
-- and the compare chart's title.
local function chart_provenance(grid)
  local p = M.provenance(grid)
  local study = grid.study or {}
  p.scenario = ('study "%s"'):format(study.name or "unnamed") .. (study.description and
    (" (" .. study.description .. ")") or "")
  if p.catalog and p.catalog ~= "bundled" then p.source = "catalog " .. p.catalog end
  if p.samples then
    p.method = ("90%% intervals: Monte Carlo, %d samples per bar, %s generator, seed %s + row"):format(
      p.samples, p.generator or "?", tostring(p.seed))
  end
  return p, study.description and (study.description .. (' (study "%s")'):format(study.name or "unnamed"))
end

M.chart_provenance = chart_provenance -- internal: plot/inference.lua says the same of its chart

--- The charts of a grid: { {name = "", svg =, vega =, provenance =}, {name = "-utilization", ...} }
-- (provenance: what their footers state, flopcost.plot.provenance).
-- @tparam table grid the result of fc.compare.run [grid]
-- @treturn {table,...} per chart: name (the file suffix) [text], svg [SVG], vega [Vega-Lite spec],
-- provenance [provenance]
-- @raise "flopcost.compare.charts: argument 'grid': compare grid (the result of fc.compare.run) expected, got 1"
-- @usage local g = fc.compare.run(fc.compare.load_study(), {intervals = false});
--   #fc.compare.charts(g)  --> 2
function M.charts(grid)
  check_grid("charts", grid)
  local serving = require "flopcost.inference.compare" -- an inference study: its chart in $/Mtok
  if serving.is_study(grid.study) then return serving.charts(grid) end
  local plot, vega = require "flopcost.plot", require "flopcost.vega"
  local prov, title = chart_provenance(grid)
  local copts = { provenance = prov, title = title }
  local series = utilization_series(grid)
  local uprov = setmetatable({ method = prov.samples and ("90%% bands: Monte Carlo of the study's uncertainty "
    .. "but utilization (fixed by the x axis), 4000 samples per point, %s generator, seed %s + row"):format(
      prov.generator or "?", tostring(prov.seed)) or nil }, { __index = prov })
  local uopts = { title = ('Cost per 1e18 training FLOP vs utilization, study "%s"'):format(
      (grid.study or {}).name or "unnamed"),
    subtitle = "The cheapest region of each chip mix",
    legend = "below",
    xlabel = "utilization (share of hours busy)", ylabel = "USD per 1e18 useful training FLOP",
    xkind = "pct", ykind = "usd", markers = false, width = 900, provenance = uprov }
  return {
    { name = "", svg = plot.compare(grid.results, copts), vega = vega.compare(grid.results, copts), provenance = prov },
    { name = "-utilization", svg = plot.lines(series, uopts), vega = vega.lines(series, uopts), provenance = uprov },
  }
end

--- Writes PREFIX.svg, PREFIX-utilization.svg, PREFIX.csv and PREFIX.json
-- (and PREFIX.vl.json, PREFIX-utilization.vl.json beside the SVGs when
-- opts.vega ~= false), as one set (report.write_all).
-- @tparam table grid the result of fc.compare.run [grid]
-- @tparam string prefix the files' prefix [path]
-- @tparam[opt] table opts vega (true) [boolean]
-- @treturn {string,...} the paths written [path]
-- @return nil, message, "io_error" when a file cannot be written; none is [token]
-- @raise "flopcost.compare.write_files: argument 'grid': compare grid (the result of fc.compare.run) expected, got 1"
-- (and "flopcost.compare.write_files: unknown option 'svg'")
-- @usage local g = fc.compare.run(fc.compare.load_study(), {intervals = false});
--   fc.compare.write_files(g, "/nonexistent/x")  --> nil
function M.write_files(grid, prefix, opts)
  check_grid("write_files", grid)
  require("flopcost.report.files").check_prefix(FN .. ".write_files", prefix)
  opts = check.options(FN .. ".write_files", check.optional(FN .. ".write_files", "opts", opts, "table",
    "options table"), { "vega" }) or {}
  local report, vega = require "flopcost.report", require "flopcost.vega"
  local prov = M.provenance(grid)
  local files = {}
  for _, c in ipairs(M.charts(grid)) do
    files[#files + 1] = { prefix .. c.name .. ".svg", c.svg }
    if opts.vega ~= false then files[#files + 1] = { prefix .. c.name .. ".vl.json", vega.encode(c.vega) } end
  end
  files[#files + 1] = { prefix .. ".csv", report.csv(grid.results, { provenance = prov }) }
  files[#files + 1] = { prefix .. ".json", report.json(grid.results, { provenance = prov, indent = "  " }) }
  return report.write_all(files, prefix)
end

return M
