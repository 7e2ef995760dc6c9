--- flopcost.report: results as text -- terminal tables, a one-result summary
-- (the engine's __tostring), CSV, JSON, Markdown, and "differences explained
-- by component".
--
-- A result is the table returned by the scenario engine (see the fields read
-- below: region, region_label, mix, usd_per_eflop, breakdown{chip, server,
-- network, facility, energy, carbon, opex}, per_hour{..., total},
-- useful_flop_per_h, power_w, kwh_per_eflop, kg_co2_per_eflop, cloud{},
-- job{}, local{}, interval{}). Money is USD per 1e18 useful training FLOP
-- ("$/EFLOP") unless a name says otherwise.
--
-- Misuse raises "flopcost.report.<fn>: field '<path>': <what> expected, got <v>";
-- report.write returns nil, msg when the file system refuses.
--
-- The parts: validate.lua (checks of results), format.lua (numbers), table.lua
-- (text and Markdown tables, their columns), summary.lua (one result as text),
-- csv.lua, json.lua, files.lua (atomic writes), explain.lua (a gap by component),
-- html.lua (a compare grid as one self-contained HTML page).
local validate = require "flopcost.report.validate"
local fmt = require "flopcost.report.format"
local tbl = require "flopcost.report.table"
local summary = require "flopcost.report.summary"
local csv = require "flopcost.report.csv"
local json = require "flopcost.report.json"
local files = require "flopcost.report.files"
local explain = require "flopcost.report.explain"
local serve = require "flopcost.report.serve"

-- errors at the caller's line, not inside this package (flopcost.errors); wrapped
-- in the part too, so one public function calling another behaves as before
local public = require("flopcost.errors").public
for part, names in pairs { [tbl] = { "table", "markdown" }, [summary] = { "result_string" }, [csv] = { "csv" },
    [json] = { "json", "plain_rows", "json_rows" }, [explain] = { "explain" }, [serve] = { "serve_csv", "serve_json" } } do
  for _, name in ipairs(names) do part[name] = public(part[name]) end
end

local M = {}

--- Cost components in their fixed report and plot order.
M.COMPONENTS = validate.COMPONENTS
--- Provenance keys of every export (fc.compare.provenance builds them).
M.PROVENANCE = validate.PROVENANCE
M._check_results = validate.check_results -- internal: plot and vega check their results with it

-- numbers
M.sig, M.usd, M.pct, M.qty, M.sci, M.int = fmt.sig, fmt.usd, fmt.pct, fmt.qty, fmt.sci, fmt.int

-- tables
M.access_text, M.COLUMNS, M.DEFAULT_COLUMNS = tbl.access_text, tbl.COLUMNS, tbl.DEFAULT_COLUMNS
M.column_decimals, M.table, M.markdown = tbl.column_decimals, tbl.table, tbl.markdown

-- one result, exports, files, gaps
M.result_string = summary.result_string
M.CSV_FIELDS, M.csv = csv.CSV_FIELDS, csv.csv
M.json, M.plain_rows, M.json_rows = json.json, json.plain_rows, json.json_rows
M.serve_csv, M.serve_json = serve.serve_csv, serve.serve_json -- raw fc.inference.serve results
M.write, M.write_all = files.write, files.write_all
M.explain = explain.explain

--- report.html(grid [, opts]): the compare grid as one self-contained HTML page
-- (flopcost.report.html), loaded on first use.
-- @tparam table grid fc.compare.run's grid (a training or an inference study) [grid]
-- @tparam[opt] table opts title [text]
-- @treturn string the page: table (point, p05, median, p95, components, access), charts, sources,
-- provenance; USD per 1e18 FLOP or per million tokens [html]
-- @return nil, message, "io_error" when the vendored scripts cannot be read [token]
-- @raise "flopcost.report.html: argument 'grid': compare grid (fc.compare.run) expected, got table"
-- @usage fc.report.html(fc.compare.run(fc.compare.load_study(), {intervals = false}))  --> "<!DOCTYPE html>..."
M.html = public(function(...) return require("flopcost.report.html").html(...) end)

--- report.xlsx(grid, path) -> true, or nil, msg, token: the compare grid as a workbook whose
-- cost cells are live formulas over its inputs (flopcost.report.xlsx; libxlsxwriter from C).
-- @tparam table grid fc.compare.run's grid of a training study [grid]
-- @tparam string path the workbook's path [path]
-- @treturn boolean true when written (atomically): sheets Inputs (unit, source), Results (formulas,
-- USD per 1e18 FLOP), Curves, Provenance [boolean]
-- @return nil, message, token ("io_error") when it cannot be written [token]
-- @raise "flopcost.report.xlsx: argument 'grid': compare grid (the result of fc.compare.run) expected"
-- @usage fc.report.xlsx(fc.compare.run(fc.compare.load_study(), {intervals = false}), "/nonexistent/c.xlsx")
-- --> nil
M.xlsx = public(function(...) return require("flopcost.report.xlsx").xlsx(...) end)

return M
