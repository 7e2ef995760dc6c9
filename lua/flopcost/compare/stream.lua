--- flopcost.compare.stream: a study of any size in blocks, in constant memory,
-- to a callback or a file (CSV or JSON Lines, written atomically). (internal)
local scenario = require "flopcost.scenario"
local check = require "flopcost.check"
local errors = require "flopcost.errors"
local common = require "flopcost.compare.common"
local study_of = require "flopcost.compare.study"
local run = require "flopcost.compare.run"
local FN = common.FN

local M = {}


local STREAM_KNOWN = { block = true, shard = true, intervals = true, catalog = true, samples = true,
  threads = true, on_rows = true, sort = true }

--- Streams a study of any size: cells are built and evaluated in blocks of
-- opts.block (default 1024) and handed to opts.on_rows(rows, first_index) as
-- they finish, then dropped, so memory does not grow with the number of
-- cells. Summaries are folded as rows pass: for each mix its cheapest and
-- dearest region (what M.explain reports). opts.shard = {i=, n=} runs a
-- contiguous part; the rows of all parts, concatenated in shard order, are
-- the rows of the whole run (cell seeds come from the global cell index).
-- @tparam table study a study (fc.compare.load_study) [study]
-- @tparam[opt] table opts block (1024) [count]; on_rows(rows, first_index) [function]; shard {i =, n =}
-- [index]; catalog [catalog]; intervals [boolean]; sort [name]
-- @treturn table {cells, total [count], first, last [index], by_mix = {[label] = {cheapest, dearest, n}},
-- order = {labels}} [summary]
-- @raise "flopcost.compare.stream: argument 'study': study table expected, got 1"
-- @usage fc.compare.stream(fc.compare.load_study(), {intervals = false}).total  --> 46
function M.stream(study, opts)
  check.arg(FN .. ".stream", "study", study, "table", "study table")
  opts = check.optional(FN .. ".stream", "opts", opts, "table", "options table") or {}
  for k in pairs(opts) do
    if not STREAM_KNOWN[k] then check.fail(FN .. ".stream", "unknown option '%s'", tostring(k)) end
  end
  local block = opts.block or 1024
  if math.type(block) ~= "integer" or block < 1 then
    check.fail(FN .. ".stream", "option 'block': positive integer expected, got %s", check.shown(block))
  end
  if opts.on_rows ~= nil and type(opts.on_rows) ~= "function" then
    check.fail(FN .. ".stream", "option 'on_rows': function expected, got %s", check.shown(opts.on_rows))
  end
  local cat = opts.catalog or study.catalog or require("flopcost.catalog").default()
  local total = study_of.count(study)
  local first, last = run.shard_range(total, opts.shard)
  local by = opts.sort or study.sort or "usd_per_eflop"
  local summary = { total = total, first = first, last = last, cells = math.max(0, last - first + 1),
                    by_mix = {}, order = {}, sort_by = by }
  local pending, indices = {}, {}
  local function flush()
    if #pending == 0 then return end
    local results = scenario.evaluate_many(pending)
    for i, r in ipairs(results) do r.availability = run.availability(cat, pending[i], pending[i].opts.region) end
    if study.uncertainty and opts.intervals ~= false then
      require("flopcost.uncertainty").add_intervals(pending, results, study, opts)
    end
    for _, r in ipairs(results) do
      local m = summary.by_mix[r.mix]
      if not m then
        m = { n = 0 }
        summary.by_mix[r.mix] = m
        summary.order[#summary.order + 1] = r.mix
      end
      m.n = m.n + 1
      if not m.cheapest or r[by] < m.cheapest[by] then m.cheapest = r end
      if not m.dearest or r[by] > m.dearest[by] then m.dearest = r end
    end
    if opts.on_rows then opts.on_rows(results, indices[1]) end
    pending, indices = {}, {}
  end
  study_of.each_cell(study, function(index, region, mix)
    if index > last then return false end
    if index >= first then
      pending[#pending + 1] = study_of.make_cell(study, region, mix, cat, index)
      indices[#indices + 1] = index
      if #pending >= block then flush() end
    end
  end)
  flush()
  return summary
end

--- Streams a study into a file as rows are computed: CSV (path ending .csv)
-- or JSON Lines (.jsonl / .ndjson). The file is written atomically (a temporary
-- file renamed into place at the end; on a failure nothing is left and an
-- existing file is kept).
-- @tparam table study a study [study]
-- @tparam string path the file: .csv, .jsonl or .ndjson [path]
-- @tparam[opt] table opts as fc.compare.stream's, without on_rows [options]
-- @treturn table the stream summary (fc.compare.stream) [summary]
-- @return nil, message, "io_error" when the file cannot be written [token]
-- @raise "flopcost.compare.stream_file: argument 'path': a .csv, .jsonl or .ndjson file expected, got 'x.txt'"
-- @usage fc.compare.stream_file(fc.compare.load_study(), "/nonexistent/x.csv", {intervals = false})  --> nil
function M.stream_file(study, path, opts)
  check.arg(FN .. ".stream_file", "path", path, "string")
  local kind = path:match("%.csv$") and "csv" or (path:match("%.jsonl$") or path:match("%.ndjson$")) and "jsonl"
  if not kind then
    check.bad_arg(FN .. ".stream_file", "path", "a .csv, .jsonl or .ndjson file", path)
  end
  local report = require "flopcost.report"
  local file, ferr, ftoken = require("flopcost.core").file.open(path)
  if not file then return nil, ferr, ftoken end
  local o, werr, wtoken = {}, nil, nil
  for k, v in pairs(opts or {}) do o[k] = v end
  local header_done = false
  o.on_rows = function(rows)
    if werr or #rows == 0 then return end
    local text
    if kind == "csv" then
      text = report.csv(rows, { eol = "\n" })
      if header_done then text = text:gsub("^[^\n]*\n", "", 1) end
      header_done = true
    else
      text = report.json_rows(rows)
    end
    local ok, e, t = file:write(text)
    if not ok then werr, wtoken = e, t end
  end
  local ok, summary = pcall(M.stream, study, o)
  if not ok then file:abort(); errors.raise(summary) end
  if werr then return nil, werr, wtoken end
  if kind == "csv" and not header_done then
    -- an empty shard: the header alone, so the parts still concatenate
    local h = report.csv_header and report.csv_header() or nil
    if h then file:write(h) end
  end
  local cok, cerr, ctoken = file:commit()
  if not cok then return nil, cerr, ctoken end
  return summary
end

return M
