--- flopcost.compare.output: a grid's provenance, its charts (SVG and
-- Vega-Lite) and its files (charts, CSV, JSON written together). (internal)
local check = require "flopcost.check"
local common = require "flopcost.compare.common"
local FN, check_grid = common.FN, common.check_grid

local M = {}

--- Provenance of a grid, for every export: {flopcost_version, catalog_as_of
-- (the newest as_of of the catalog files), study, seed, samples, generator}
-- (the last three only when the grid has intervals; each row's own seed is
-- in its interval).
function M.provenance(grid)
  check_grid("provenance", grid)
  local p = { flopcost_version = require("flopcost.core").version }
  local cat = grid.catalog
  if cat and cat.files then
    for _, f in ipairs(cat:files()) do
      if f.as_of and (p.catalog_as_of == nil or f.as_of > p.catalog_as_of) then p.catalog_as_of = f.as_of end
    end
  end
  local study = grid.study or {}
  p.study = study.name
  local iv = grid.results[1] and grid.results[1].interval
  if iv then
    p.seed, p.samples, p.generator = study.seed, iv.samples, iv.generator
  end
  return p
end

--- Cost vs utilization (20 % to 100 %) of the cheapest cell of each mix, as plot.lines series.
local function utilization_series(grid)
  local series, seen = {}, {}
  for i, r in ipairs(grid.results) do
    if not seen[r.mix] and #series < 8 then
      seen[r.mix] = true
      local xs, ys = {}, {}
      for k = 4, 20 do -- below 20 % every curve leaves the chart
        xs[#xs + 1] = k / 20
        ys[#ys + 1] = grid.cells[i]:with { utilization = k / 20 }:evaluate().usd_per_eflop
      end
      series[#series + 1] = { name = r.mix .. " (" .. r.region .. ")", x = xs, y = ys }
    end
  end
  return series
end

local function source_line(prov)
  return ("Source: flopcost %s, bundled catalog as of %s (every figure with its source in models/*.json)%s.")
    :format(prov.flopcost_version, prov.catalog_as_of or "?",
      prov.samples and ("; 90%% intervals: Monte Carlo, %d samples per bar, %s generator, seed %s + row"):format(
        prov.samples, prov.generator or "?", tostring(prov.seed)) or "")
end

--- The charts of a grid: { {name = "", svg =, vega =}, {name = "-utilization", ...} }.
function M.charts(grid)
  check_grid("charts", grid)
  local plot, vega = require "flopcost.plot", require "flopcost.vega"
  local prov = M.provenance(grid)
  local copts = { as_of = prov.catalog_as_of, source = source_line(prov) }
  local series = utilization_series(grid)
  local uopts = { title = "Cost per 1e18 training FLOP vs utilization (cheapest region of each mix)",
    xlabel = "utilization (share of hours busy)", ylabel = "USD per 1e18 useful training FLOP",
    xkind = "pct", ykind = "usd", markers = false, width = 900 }
  return {
    { name = "", svg = plot.compare(grid.results, copts), vega = vega.compare(grid.results, copts) },
    { name = "-utilization", svg = plot.lines(series, uopts), vega = vega.lines(series, uopts) },
  }
end

--- Writes PREFIX.svg, PREFIX-utilization.svg, PREFIX.csv and PREFIX.json
-- (and PREFIX.vl.json, PREFIX-utilization.vl.json beside the SVGs when
-- opts.vega ~= false). -> list of paths, or nil, msg, token.
function M.write_files(grid, prefix, opts)
  check_grid("write_files", grid)
  check.arg(FN .. ".write_files", "prefix", prefix, "string", "path prefix (string)")
  opts = check.optional(FN .. ".write_files", "opts", opts, "table", "options table") or {}
  local report, vega = require "flopcost.report", require "flopcost.vega"
  local prov = M.provenance(grid)
  local files = {}
  for _, c in ipairs(M.charts(grid)) do
    files[#files + 1] = { prefix .. c.name .. ".svg", c.svg }
    if opts.vega ~= false then files[#files + 1] = { prefix .. c.name .. ".vl.json", vega.encode(c.vega) } end
  end
  files[#files + 1] = { prefix .. ".csv", report.csv(grid.results, { provenance = prov }) }
  files[#files + 1] = { prefix .. ".json", report.json(grid.results, { provenance = prov, indent = "  " }) }
  return report.write_all(files)
end

return M
