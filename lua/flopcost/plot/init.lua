--- flopcost.plot: charts as SVG text, hand-written XML with no dependencies.
--
--   plot.stacked_bars(results, opts)   cost breakdown per result (region x mix)
--   plot.lines(series, opts)           e.g. cost vs utilization
--   plot.compare(results, opts)        the chart of `flopcost compare`
--   plot.tornado(rows, opts)           one-at-a-time sensitivity
--   plot.sobol(result, opts)           Sobol first-order and total indices
--   plot.stock(result, opts)           national compute stock by year (fc.stock.national)
--   plot.buildout(plan, opts)          a build-out's timeline (fc.buildout.plan)
--   plot.histogram(samples_or_bins, opts), plot.cdf(samples_or_bins, opts)
--   plot.save(path, svg)               true, or nil, msg
--   plot.nice_ticks(lo, hi, n)         axis ticks (Heckbert 1990)
--
-- Files, one concern each: svg.lua (the SVG writer), ticks.lua (nice ticks
-- and their labels), axes.lua (frames, axes, legends), palette.lua, labels.lua
-- (readable field names), args.lua (shared checks), and one file per chart
-- family: bars, compare, lines, tornado, sobol, distribution (histogram, CDF).
--
-- Every function returns a complete SVG 1.1 document as a string. Labels are
-- XML-escaped. Misuse raises
--   "flopcost.plot.<fn>: field '<path>': <what> expected, got <value>".

local M = {}
local check = require "flopcost.check"
local report = require "flopcost.report"

local ticks = require "flopcost.plot.ticks"
local palette = require "flopcost.plot.palette"
local labels = require "flopcost.plot.labels"
local distribution = require "flopcost.plot.distribution"

M.nicenum, M.nice_ticks = ticks.nicenum, ticks.nice_ticks
--- plot.provenance: what every chart's footer says (flopcost.plot.provenance)
M.provenance = require "flopcost.plot.provenance"
M.PALETTE, M.COLORS, M.SERIES_COLORS, M._dash_of = palette.PALETTE, palette.COLORS, palette.SERIES_COLORS,
  palette.dash_of
M.FIELD_LABELS, M.OUTPUT_LABELS = labels.FIELD_LABELS, labels.OUTPUT_LABELS
M.field_label, M.tornado_rows = labels.field_label, labels.tornado_rows
M.stacked_bars = require("flopcost.plot.bars").stacked_bars
local compare = require "flopcost.plot.compare"
M.compare, M._groups_of = compare.compare, compare._groups_of
M.lines = require("flopcost.plot.lines").lines
M.tornado = require("flopcost.plot.tornado").tornado
M.sobol = require("flopcost.plot.sobol").sobol
M.stock = require("flopcost.plot.stock").stock
M.buildout = require("flopcost.plot.buildout").buildout
M.quantile, M.histogram_data = distribution.quantile, distribution.histogram_data
M.histogram, M.cdf = distribution.histogram, distribution.cdf

--- plot.mc_files(result, prefix [, opts]) -> paths, or nil, msg, token: the charts
-- of a Monte Carlo result (flopcost.montecarlo): PREFIX-tornado.svg (inputs
-- at their 5th and 95th percentiles, readable labels) and
-- PREFIX-histogram.svg (with its 90 % interval), each with a Vega-Lite
-- twin (.vl.json) unless opts.vega == false; written as one set (report.write_all).
-- @tparam table r a Monte Carlo result (fc.montecarlo) [result]
-- @tparam string prefix the files' prefix [path]
-- @tparam[opt] table opts vega (true) [boolean]; members: the chips' names [name]; provenance: added to
-- what the run says of itself (scenario, catalog date, samples, seed, generator), e.g. the what-ifs [table]
-- @treturn {string,...} the paths written [path]
-- @return nil, message, "io_error" when a file cannot be written [token]
-- @raise "flopcost.plot.mc_files: argument 'r': Monte Carlo result (fc.montecarlo) expected, got 1"
-- @usage local r = fc.montecarlo(fc.scenario{region = "us-va", chip = "H100-SXM"}, {samples = 1000, seed = 1,
--   vary = {["region.pue"] = fc.dist.uniform(1.1, 1.3)}});
--   fc.plot.mc_files(r, "/nonexistent/x")  --> nil
function M.mc_files(r, prefix, opts)
  local fn = "flopcost.plot.mc_files"
  check.arg(fn, "r", r, function(x) return type(x) == "table" and type(x.tornado) == "function"
    and type(x.histogram) == "table" end, "Monte Carlo result (fc.montecarlo)")
  require("flopcost.report.files").check_prefix(fn, prefix)
  opts = check.optional(fn, "opts", opts, "table", "options table") or {}
  local vega = require "flopcost.vega"
  local prov = require("flopcost.plot.provenance").from_mc(r)
  for k, v in pairs(opts.provenance or {}) do prov[k] = v end
  local scenario = require("flopcost.plot.provenance").normalize(prov).scenario
  local topts = { title = "Sensitivity of " .. scenario .. ": each input at its 5th and 95th percentile",
    members = opts.members, provenance = prov,
    low_label = "input at its 5th percentile", high_label = "input at its 95th percentile" }
  -- a serving output's axis in its own unit (flopcost.inference.report.AXES)
  local axis = require("flopcost.inference.report").AXES[r.output]
  if axis then topts.xlabel, topts.xkind = axis.label, axis.kind end
  local rows = r:tornado()
  local hopts = { provenance = prov, xlabel = axis and axis.label, xkind = axis and axis.kind }
  local files = {
    { prefix .. "-tornado.svg", M.tornado(rows, topts) },
    { prefix .. "-histogram.svg", M.histogram(r, hopts) },
  }
  if opts.vega ~= false then
    files[#files + 1] = { prefix .. "-tornado.vl.json", vega.encode(vega.tornado(rows, topts)) }
    files[#files + 1] = { prefix .. "-histogram.vl.json", vega.encode(vega.histogram(r, hopts)) }
  end
  return report.write_all(files, prefix)
end

--- plot.save(path, svg [, vega_spec]) -> true, or nil, msg when a file cannot
-- be written. With a Vega-Lite spec (flopcost.vega), its JSON twin is written
-- beside the SVG: "x.svg" -> "x.vl.json" (any other name gets ".vl.json" added).
-- @tparam string path the SVG's path [path]
-- @tparam string svg the chart (fc.plot.*) [svg]
-- @tparam[opt] table spec its Vega-Lite twin (fc.vega.*) [Vega-Lite spec]
-- @treturn boolean true when written (atomically) [boolean]
-- @return nil, message, "io_error" when a file cannot be written [token]
-- @raise "flopcost.plot.save: argument 'svg': string expected, got nil"
-- @usage fc.plot.save("/nonexistent/x.svg", "<svg/>")   --> nil
function M.save(path, svg, spec)
  check.arg("flopcost.plot.save", "path", path, "string")
  check.arg("flopcost.plot.save", "svg", svg, "string")
  check.optional("flopcost.plot.save", "vega_spec", spec, "table", "Vega-Lite table or nil")
  local files = { { path, svg } }
  if spec then
    local twin = path:gsub("%.svg$", "") .. ".vl.json"
    files[2] = { twin, require("flopcost.vega").encode(spec) }
  end
  local ok, err, token = report.write_all(files)
  if not ok then return nil, err, token end
  return true
end

-- errors at the caller's line, not inside this file (flopcost.errors)
for _, name in ipairs { "stacked_bars", "compare", "lines", "tornado", "sobol", "histogram_data", "histogram", "cdf",
  "nice_ticks", "mc_files", "stock", "buildout" } do
  M[name] = require("flopcost.errors").public(M[name])
end

return M
