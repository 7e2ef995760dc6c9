--- flopcost.compare: a grid of regions x chip mixes, evaluated in one batch,
-- sorted, with a 90 % interval per cell and differences explained by component.
--
--   local study = fc.compare.load_study()          -- models/scenarios/default.lua
--   local grid = fc.compare.run(study)             -- grid.results sorted by $/1e18 FLOP
--   print(fc.report.table(grid.results))
local scenario = require "flopcost.scenario"

local M = {}

local FN = "flopcost.compare"

local function copy(t)
  local o = {}
  for k, v in pairs(t or {}) do o[k] = v end
  return o
end

--- Directory of the bundled models (the catalog's own finder).
function M.models_dir()
  local dir = require("flopcost.catalog").default_path()
  return dir or "models"
end

--- Loads a study: a Lua file returning a table, or a data-only JSON file.
function M.load_study(path)
  path = path or (M.models_dir() .. "/scenarios/default.lua")
  return require("flopcost.scenariofile").load(path)
end

local function label_of(mix)
  if mix.label then return mix.label end
  return nil
end

local function check_study(study)
  if type(study) ~= "table" then error(FN .. ".run: study table expected, got " .. type(study), 4) end
  if type(study.regions) ~= "table" or #study.regions == 0 then
    error(FN .. ".run: field 'regions': non-empty list expected", 4)
  end
  if type(study.mixes) ~= "table" or #study.mixes == 0 then
    error(FN .. ".run: field 'mixes': non-empty list expected", 4)
  end
  for mi, mix in ipairs(study.mixes) do
    if type(mix) ~= "table" or type(mix.chips) ~= "table" then
      error(("%s.run: field 'mixes[%d].chips': table expected"):format(FN, mi), 4)
    end
  end
end

--- The scenario of one cell; `index` is its place in the whole study (region
-- major, mix minor, skipping mixes that do not apply), which seeds its interval.
local function make_cell(study, region, mix, cat, index)
  local o = copy(study.base)
  o.region, o.chips, o.catalog = region, mix.chips, cat
  for k, v in pairs(mix) do
    if k ~= "chips" and k ~= "label" and k ~= "regions" then o[k] = v end
  end
  local s = scenario(o)
  if label_of(mix) then s.label = mix.label end
  s.cell_index = index
  return s
end

--- Calls f(index, region, mix) for every cell of a study, in study order.
local function each_cell(study, f)
  local index = 0
  for _, region in ipairs(study.regions) do
    for _, mix in ipairs(study.mixes) do
      if M.mix_applies(mix, region) then
        index = index + 1
        if f(index, region, mix) == false then return index end
      end
    end
  end
  return index
end

--- Builds the cells of a study: one scenario per region x mix.
function M.cells(study, cat)
  check_study(study)
  local cells = {}
  each_cell(study, function(index, region, mix)
    cells[#cells + 1] = make_cell(study, region, mix, cat, index)
  end)
  return cells
end

--- Number of cells of a study, without building them.
function M.count(study)
  check_study(study)
  return each_cell(study, function() end)
end

--- A mix may be limited to some regions: mix.regions = { "cn-" } keeps it to
-- regions whose names start with one of the prefixes (H800, H20 and Ascend
-- parts are sold for China; modelling them in Virginia answers nothing).
function M.mix_applies(mix, region)
  if mix.regions == nil then return true end
  local name = type(region) == "table" and region.name or region
  for _, prefix in ipairs(mix.regions) do
    if name:sub(1, #prefix) == prefix then return true end
  end
  return false
end

-- How restrictive a member's access is: denied > licence required > open > domestic.
local function restriction(a)
  if not a.available then return 3 end
  if a.licence_required then return 2 end
  if a.domestic then return 0 end
  return 1
end

--- Availability of a scenario's mix in its region: its most restrictive
-- member's ("40% Ascend-910B + 60% H800-SXM" needs the H800's licence, it is
-- not domestic supply); nil when the catalog cannot tell.
local function availability(cat, s, region)
  if not cat.availability then return nil end
  local worst
  for _, name in ipairs(s.chip_names) do
    local ok, a = pcall(cat.availability, cat, name, region)
    if ok and type(a) == "table" then
      if worst == nil or restriction(a) > restriction(worst) then worst = a end
    end
  end
  return worst
end

--- Runs a study: evaluates every cell in one crossing of the Lua/C boundary,
-- adds intervals (Monte Carlo) when the study has `uncertainty` and
-- opts.intervals ~= false, sorts by cost.
function M.run(study, opts)
  opts = opts or {}
  local cat = opts.catalog or study.catalog or require("flopcost.catalog").default()
  local cells = M.cells(study, cat)
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
  end
  if study.uncertainty and opts.intervals ~= false then
    require("flopcost.uncertainty").add_intervals(cells, results, study, opts)
  end
  local by = opts.sort or study.sort or "usd_per_eflop"
  local order = {}
  for i = 1, #results do order[i] = i end
  table.sort(order, function(a, b)
    local x, y = results[a][by], results[b][by]
    if x == y then return a < b end
    return x < y
  end)
  local sorted, sorted_cells = {}, {}
  for i, k in ipairs(order) do sorted[i], sorted_cells[i] = results[k], cells[k] end
  return { results = sorted, cells = sorted_cells, study = study, catalog = cat }
end

--- The cells [first, last] (1-based, inclusive) of shard i of n: contiguous
-- ranges floor(C (i-1) / n) + 1 .. floor(C i / n), as the Monte Carlo engine
-- cuts its chunks; a shard may be empty when n exceeds the number of cells.
function M.shard_range(count, shard)
  if not shard then return 1, count end
  return count * (shard.i - 1) // shard.n + 1, count * shard.i // shard.n
end

local STREAM_KNOWN = { block = true, shard = true, intervals = true, catalog = true, samples = true,
  threads = true, on_rows = true, sort = true }

--- Streams a study of any size: cells are built and evaluated in blocks of
-- opts.block (default 1024) and handed to opts.on_rows(rows, first_index) as
-- they finish, then dropped, so memory does not grow with the number of
-- cells. Summaries are folded as rows pass: for each mix its cheapest and
-- dearest region (what M.explain reports). opts.shard = {i=, n=} runs a
-- contiguous part; the rows of all parts, concatenated in shard order, are
-- the rows of the whole run (cell seeds come from the global cell index).
-- Returns { cells = (this part's count), total = (all cells), first =, last =,
--           by_mix = { [label] = { cheapest =, dearest =, n = } }, order = {labels} }.
function M.stream(study, opts)
  opts = opts or {}
  for k in pairs(opts) do
    if not STREAM_KNOWN[k] then error(("%s.stream: unknown option '%s'"):format(FN, tostring(k)), 2) end
  end
  local block = opts.block or 1024
  if math.type(block) ~= "integer" or block < 1 then
    error(FN .. ".stream: option 'block': positive integer expected, got " .. tostring(block), 2)
  end
  if opts.on_rows ~= nil and type(opts.on_rows) ~= "function" then
    error(FN .. ".stream: option 'on_rows': function expected, got " .. type(opts.on_rows), 2)
  end
  local cat = opts.catalog or study.catalog or require("flopcost.catalog").default()
  local total = M.count(study)
  local first, last = M.shard_range(total, opts.shard)
  local by = opts.sort or study.sort or "usd_per_eflop"
  local summary = { total = total, first = first, last = last, cells = math.max(0, last - first + 1),
                    by_mix = {}, order = {} }
  local pending, indices = {}, {}
  local function flush()
    if #pending == 0 then return end
    local results = scenario.evaluate_many(pending)
    for i, r in ipairs(results) do r.availability = availability(cat, pending[i], pending[i].opts.region) end
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
  each_cell(study, function(index, region, mix)
    if index > last then return false end
    if index >= first then
      pending[#pending + 1] = make_cell(study, region, mix, cat, index)
      indices[#indices + 1] = index
      if #pending >= block then flush() end
    end
  end)
  flush()
  return summary
end

--- The gap lines of a streamed summary (M.explain's for a whole grid).
function M.explain_summary(summary)
  local report = require "flopcost.report"
  local lines = {}
  for _, mix in ipairs(summary.order) do
    local m = summary.by_mix[mix]
    if m.n >= 2 then
      local _, text = report.explain(m.cheapest, m.dearest)
      lines[#lines + 1] = ("%s: %s"):format(mix, text)
    end
  end
  return lines
end

--- For each mix, the cheapest and dearest region and the components behind the gap.
function M.explain(grid)
  local report = require "flopcost.report"
  local by_mix, order = {}, {}
  for _, r in ipairs(grid.results) do
    if not by_mix[r.mix] then by_mix[r.mix] = {}; order[#order + 1] = r.mix end
    table.insert(by_mix[r.mix], r)
  end
  local lines = {}
  for _, mix in ipairs(order) do
    local rs = by_mix[mix]
    if #rs >= 2 then
      local lo, hi = rs[1], rs[#rs]
      local _, text = report.explain(lo, hi)
      lines[#lines + 1] = ("%s: %s"):format(mix, text)
    end
  end
  return lines
end

return M
