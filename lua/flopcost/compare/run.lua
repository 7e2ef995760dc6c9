--- flopcost.compare.run: a study evaluated in one batch, each row with its
-- chips' access and inputs, sorted; and the cut of a study into shards. (internal)
local scenario = require "flopcost.scenario"
local check = require "flopcost.check"
local common = require "flopcost.compare.common"
local study_of = require "flopcost.compare.study"
local FN, nearest = common.FN, common.nearest

local M = {}

-- How hard a chip is to get, for the mix's access: the hardest chip decides
-- (a mix with an imported chip is not "domestic", one with a licensed chip needs a licence).
local function access_rank(a)
  if not a.available then return 4 end
  if a.licence_required then return 3 end
  if a.domestic then return 1 end
  return 2
end

--- Availability of every chip of a scenario in its region: the hardest to
-- get (denied > licence > open > domestic); nil when the catalog cannot tell.
local function availability(cat, s, region)
  if not cat.availability then return nil end
  local worst
  for _, name in ipairs(s.chip_names) do
    local ok, a = pcall(cat.availability, cat, name, region, nil, s.opts and s.opts.as_of)
    if ok and type(a) == "table" then
      if worst == nil or access_rank(a) > access_rank(worst) then worst = a end
    end
  end
  return worst
end

--- The inputs a cell's result was computed from: the coupling and, per chip
-- of the mix, its share and every number the scenario set (catalog figures
-- and study options; fields not listed take the engine's defaults).
local function inputs_of(cell)
  local cp = cell:core_params()
  local members = {}
  for i, m in ipairs(cp.members) do
    local o = { chip = cell.chip_names and cell.chip_names[i], share = cp.counts and cp.counts[i] }
    for k, v in pairs(m) do
      if type(v) == "number" or type(v) == "string" or type(v) == "boolean" then o[k] = v end
    end
    members[i] = o
  end
  return { coupling = cp.coupling, members = members }
end

local RUN_OPTIONS = { "catalog", "intervals", "progress", "samples", "shard", "sort", "threads", "whatifs" }

--- Runs a study: evaluates every cell in one crossing of the Lua/C boundary,
-- adds intervals (Monte Carlo) when the study has `uncertainty` and
-- opts.intervals ~= false, sorts by cost. At most fc.compare.MAX_CELLS cells
-- at once (flopcost/compare/init.lua). An option it does not know is refused.
-- @tparam table study a study (fc.compare.load_study) [study]
-- @tparam[opt] table opts catalog [catalog]; intervals (true) [boolean]; shard {i =, n =} [index]; sort
-- (a result field, default usd_per_eflop) [name]; samples, threads [count]; progress(done, total)
-- [function]; whatifs (recorded in the provenance) [text]
-- @treturn table the grid: results (sorted; usd_per_eflop, breakdown, interval, ... [USD per 1e18 FLOP]),
-- cells (their scenarios), study, catalog, whatifs [grid]
-- @raise "flopcost.compare.run: unknown option 'interval' (did you mean 'intervals'?)" (and for a bad study)
-- @usage fc.compare.run(fc.compare.load_study(), {intervals = false}).results[1].region  --> "us-tx"
function M.run(study, opts)
  check.arg(FN .. ".run", "study", study, "table", "study table")
  opts = check.optional(FN .. ".run", "opts", opts, "table", "options table") or {}
  check.options(FN .. ".run", opts, RUN_OPTIONS)
  local cat = opts.catalog or study.catalog or require("flopcost.catalog").default()
  do -- estimate the size first: refuse a grid that would not fit, before building it
    local n = study_of.count(study)
    local first, last = 1, n
    if opts.shard and n > 0 then first, last = M.shard_range(n, opts.shard) end
    local k = last - first + 1
    local limits = require "flopcost.compare" -- MAX_CELLS, BYTES_PER_CELL (public, settable)
    if k > limits.MAX_CELLS then
      check.fail(FN .. ".run", "the study has %d cells (%d in this part), about %.1f GB in memory; at most %d at once: "
        .. "run it in parts with --shard i/n (fc.compare.run(study, {shard = {i = 1, n = %d}}), then merge), "
        .. "or stream the rows to a file in constant memory with fc.compare.stream_file",
        n, k, k * limits.BYTES_PER_CELL / 2 ^ 30, limits.MAX_CELLS, math.ceil(k / limits.MAX_CELLS))
    end
  end
  local cells = study_of.cells(study, cat)
  if opts.shard then
    -- part i of n: a contiguous range of cells (M.shard_range); each cell
    -- keeps its global index, so its interval's seed does not depend on the sharding
    local first, last = M.shard_range(#cells, opts.shard)
    cells = table.move(cells, first, last, 1, {})
  end
  local results = #cells > 0 and scenario.evaluate_many(cells) or {}
  for i, r in ipairs(results) do
    local region = cells[i].opts.region
    r.availability = availability(cat, cells[i], region)
    r.inputs = inputs_of(cells[i])
  end
  if study.uncertainty and opts.intervals ~= false then
    require("flopcost.uncertainty").add_intervals(cells, results, study, opts)
  end
  local by = opts.sort or study.sort or "usd_per_eflop"
  if results[1] and type(results[1][by]) ~= "number" then
    local fields = {}
    for k, v in pairs(results[1]) do if type(v) == "number" then fields[#fields + 1] = k end end
    table.sort(fields)
    local near = nearest(tostring(by), fields)
    check.fail(FN .. ".run", "field 'sort': one of '%s' expected, got '%s'%s", table.concat(fields, "', '"),
      tostring(by), near and (" (did you mean '" .. near .. "'?)") or "")
  end
  local order = {}
  for i = 1, #results do order[i] = i end
  table.sort(order, function(a, b)
    local x, y = results[a][by], results[b][by]
    if x == y then return a < b end
    return x < y
  end)
  local sorted, sorted_cells = {}, {}
  for i, k in ipairs(order) do sorted[i], sorted_cells[i] = results[k], cells[k] end
  return { results = sorted, cells = sorted_cells, study = study, catalog = cat, whatifs = opts.whatifs }
end

--- The cells [first, last] (1-based, inclusive) of shard i of n: the Monte Carlo
-- engine's one cut (core.mc.shard_range, fc_mc_cut); a shard may be empty when
-- n exceeds the number of cells.
-- @tparam integer count cells in the whole run [count]
-- @tparam[opt] table shard {i =, n =}, 1 <= i <= n (default: the whole) [index]
-- @treturn integer first [index]
-- @treturn integer last (first - 1 when empty) [index]
-- @raise "flopcost.compare.shard_range: argument 'shard': shard {i =, n =} with 1 <= i <= n expected, got table"
-- @usage fc.compare.shard_range(10, {i = 2, n = 3})  --> 4, 6
function M.shard_range(count, shard)
  local fn = FN .. ".shard_range"
  check.arg(fn, "count", count, "count")
  if not shard then return 1, count end
  check.arg(fn, "shard", shard, function(t) return type(t) == "table" and math.type(t.i) == "integer"
    and math.type(t.n) == "integer" and t.i >= 1 and t.i <= t.n end, "shard {i =, n =} with 1 <= i <= n")
  return require("flopcost.core").mc.shard_range(count, shard.i, shard.n)
end

M.availability = availability

return M
