--- flopcost.compare.state: the state of a sharded compare run and the merge
-- of the states of all its parts (`flopcost merge`). (internal)
local check = require "flopcost.check"
local common = require "flopcost.compare.common"
local study_of = require "flopcost.compare.study"
local run = require "flopcost.compare.run"
local FN, check_grid = common.FN, common.check_grid

local M = {}

local STATE_FORMAT = "flopcost.compare.state/1"

--- The state of a (sharded) compare run, for `flopcost merge`: its rows and
-- which part of which study they are, so a merge can refuse a missing or
-- repeated part.
-- @tparam table grid the result of fc.compare.run [grid]
-- @tparam[opt] table shard {i =, n =}: the part this run computed (default the whole) [index]
-- @treturn table {format = "flopcost.compare.state/1", shard = {i, n}, cells [count], first, last [index],
-- study [name], rows (report.plain_rows) [USD per 1e18 FLOP]} [state]
-- @raise "flopcost.compare.state: argument 'grid': compare grid (the result of fc.compare.run) expected, got 1"
-- @usage local g = fc.compare.run(fc.compare.load_study(), {intervals = false});
--   fc.compare.state(g).cells  --> 46
function M.state(grid, shard)
  check_grid("state", grid)
  check.field(FN .. ".state", "grid", grid, "study", "table", "study table")
  local report = require "flopcost.report"
  local total = study_of.count(grid.study)
  local first, last = run.shard_range(total, shard)
  return { format = STATE_FORMAT, shard = { i = shard and shard.i or 1, n = shard and shard.n or 1 },
    cells = total, first = first, last = last, study = grid.study.name,
    rows = #grid.results > 0 and report.plain_rows(grid.results) or {} }
end

--- Rows of the states of one compare run, sorted by cost. Every part must be
-- there once unless opts.partial (then `missing` lists the absent parts).
-- @tparam {table,...} states the parts' states (fc.compare.state) [state]
-- @tparam[opt] table opts partial = true: merge what is there [boolean]
-- @treturn {table,...} the rows, sorted by usd_per_eflop [USD per 1e18 FLOP]
-- @treturn {integer,...} the missing parts' indices, or nil [index]
-- @raise "flopcost.compare.merge_states: state 2: a part of another run (shards, cells or study differ from
-- state 1)" (and for a missing or repeated part)
-- @usage local g = fc.compare.run(fc.compare.load_study(), {intervals = false});
--   #fc.compare.merge_states({fc.compare.state(g)})  --> 46
function M.merge_states(states, opts)
  local fn = FN .. ".merge_states"
  opts = check.optional(fn, "opts", opts, "table", "options table") or {}
  if type(states) ~= "table" or #states == 0 then check.bad_arg(fn, "states", "non-empty list of states", states) end
  local n, seen, rows = nil, {}, {}
  for k, st in ipairs(states) do
    if type(st) ~= "table" or st.format ~= STATE_FORMAT or type(st.shard) ~= "table" then
      check.fail(fn, "state %d: a compare state (%s) expected", k, STATE_FORMAT)
    end
    local i, sn = st.shard.i, st.shard.n
    if math.type(i) ~= "integer" or math.type(sn) ~= "integer" or i < 1 or i > sn then
      check.fail(fn, "state %d: shard i/n with 1 <= i <= n expected", k)
    end
    n = n or sn
    if sn ~= n or st.cells ~= states[1].cells or st.study ~= states[1].study then
      check.fail(fn, "state %d: a part of another run (shards, cells or study differ from state 1)", k)
    end
    local first, last = run.shard_range(st.cells, st.shard)
    if type(st.rows) ~= "table" or #st.rows ~= math.max(0, last - first + 1) then
      check.fail(fn, "state %d: %d rows for a part of %d cells", k, type(st.rows) == "table" and #st.rows or 0,
        math.max(0, last - first + 1))
    end
    if seen[i] then check.fail(fn, "shard %d/%d given twice", i, n) end
    seen[i] = true
    -- a serving row reads in $ per million tokens again (its figures from row.serving)
    for _, r in ipairs(st.rows) do rows[#rows + 1] = require("flopcost.inference.report").from_plain(r) end
  end
  local missing = {}
  for i = 1, n do if not seen[i] then missing[#missing + 1] = i end end
  if #missing > 0 and not opts.partial then
    local m = {}
    for j, i in ipairs(missing) do m[j] = tostring(i) end
    check.fail(fn, "shard(s) %s of %d missing (--partial merges the others)", table.concat(m, ", "), n)
  end
  table.sort(rows, function(x, y) return x.usd_per_eflop < y.usd_per_eflop end)
  return rows, #missing > 0 and missing or nil
end

return M
