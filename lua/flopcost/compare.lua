--- flopcost.compare: a grid of regions x chip mixes, evaluated in one batch,
-- sorted, with a 90 % interval per cell and differences explained by component.
--
--   local study = fc.compare.load_study()          -- models/scenarios/default.lua
--   local grid = fc.compare.run(study)             -- grid.results sorted by $/1e18 FLOP
--   print(fc.report.table(grid.results))
local scenario = require "flopcost.scenario"

local M = {}

local FN = "flopcost.compare"
local check = require "flopcost.check"

-- A grid as fc.compare.run returns it (every grid function checks its argument).
local function check_grid(fn, grid)
  check.arg(FN .. "." .. fn, "grid", grid, function(g) return type(g) == "table" and type(g.results) == "table" end,
    "compare grid (the result of fc.compare.run)")
  check.each(FN .. "." .. fn, "grid.results", grid.results, "table", "result table")
end

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

-- The fields a study may have; anything else is a typo ("mixs") and is named as such.
M.STUDY_FIELDS = { "schema", "name", "description", "base", "regions", "mixes", "uncertainty",
  "samples", "seed", "sort", "catalog", "label", "rank_correlation" }

local nearest = require("flopcost.suggest").closest

-- Unknown study fields, and mix region filters that match none of the study's regions.
local function check_fields(study)
  local known = {}
  for _, f in ipairs(M.STUDY_FIELDS) do known[f] = true end
  local keys = {}
  for k in pairs(study) do keys[#keys + 1] = tostring(k) end
  table.sort(keys)
  for _, k in ipairs(keys) do
    if not known[k] then
      local near = nearest(k, M.STUDY_FIELDS)
      error(("%s.run: unknown study field '%s'%s"):format(FN, k,
        near and (" (did you mean '" .. near .. "'?)") or ""), 5)
    end
  end
  if type(study.regions) ~= "table" or type(study.mixes) ~= "table" then return end
  local names = {}
  for i, r in ipairs(study.regions) do names[i] = type(r) == "table" and r.name or r end
  for mi, mix in ipairs(study.mixes) do
    if type(mix) == "table" and mix.regions ~= nil then
      if type(mix.regions) ~= "table" then
        error(("%s.run: field 'mixes[%d].regions': list of region name prefixes expected"):format(FN, mi), 5)
      end
      for _, prefix in ipairs(mix.regions) do
        local hit = false
        for _, n in ipairs(names) do
          if type(n) == "string" and type(prefix) == "string" and n:sub(1, #prefix) == prefix then hit = true end
        end
        if not hit then
          local heads = {}
          for _, n in ipairs(names) do
            if type(n) == "string" and type(prefix) == "string" then heads[#heads + 1] = n:sub(1, #prefix) end
          end
          local near = type(prefix) == "string" and nearest(prefix, heads)
          error(("%s.run: field 'mixes[%d].regions': '%s' matches none of the study's regions%s"):format(
            FN, mi, tostring(prefix), near and (" (did you mean '" .. near .. "'?)") or ""), 5)
        end
      end
    end
  end
end

local function check_study(study)
  if type(study) ~= "table" then error(FN .. ".run: study table expected, got " .. type(study), 4) end
  check_fields(study)
  local function bad(field, what, v)
    local shown = type(v) == "string" and ("'" .. v .. "'") or tostring(v)
    error(("%s.run: field '%s': %s expected, got %s"):format(FN, field, what, shown), 5)
  end
  if study.schema ~= nil and study.schema ~= "flopcost.study/1" then
    bad("schema", "'flopcost.study/1' (the only study schema this flopcost reads)", study.schema)
  end
  local function whole(v, min) return math.type(v) ~= nil and v == v and v == math.floor(v) and v >= min and v < 2^53 end
  if study.seed ~= nil and not whole(study.seed, 0) then bad("seed", "non-negative integer", study.seed) end
  if study.samples ~= nil and not whole(study.samples, 1) then bad("samples", "positive integer", study.samples) end
  if study.sort ~= nil and type(study.sort) ~= "string" then bad("sort", "result field name", study.sort) end
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
-- A mix may be limited to some regions: mix.regions = { "cn-" } keeps it to
-- regions whose names start with one of the prefixes (H800, H20 and Ascend
-- parts are sold for China; modelling them in Virginia answers nothing).
local function mix_applies(mix, region)
  if mix.regions == nil then return true end
  local name = type(region) == "table" and region.name or region
  for _, prefix in ipairs(mix.regions) do
    if name:sub(1, #prefix) == prefix then return true end
  end
  return false
end

local function each_cell(study, f)
  local index = 0
  for _, region in ipairs(study.regions) do
    for _, mix in ipairs(study.mixes) do
      if mix_applies(mix, region) then
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
    local ok, a = pcall(cat.availability, cat, name, region)
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

--- Runs a study: evaluates every cell in one crossing of the Lua/C boundary,
-- adds intervals (Monte Carlo) when the study has `uncertainty` and
-- opts.intervals ~= false, sorts by cost.
-- Cells held in memory at once by M.run: each cell keeps its scenario, result
-- and inputs, about 14 KB (measured: a 1,000 x 1,000 study took 4 GB and more).
M.MAX_CELLS = 50000
M.BYTES_PER_CELL = 14 * 1024

function M.run(study, opts)
  if type(study) ~= "table" then error(FN .. ".run: study table expected, got " .. type(study), 2) end
  opts = check.optional(FN .. ".run", "opts", opts, "table", "options table") or {}
  local cat = opts.catalog or study.catalog or require("flopcost.catalog").default()
  do -- estimate the size first: refuse a grid that would not fit, before building it
    local n = M.count(study)
    local first, last = 1, n
    if opts.shard and n > 0 then first, last = M.shard_range(n, opts.shard) end
    local k = last - first + 1
    if k > M.MAX_CELLS then
      error(("%s.run: the study has %d cells (%d in this part), about %.1f GB in memory; at most %d at once: "
        .. "run it in parts with --shard i/n (fc.compare.run(study, {shard = {i = 1, n = %d}}), then merge), "
        .. "or stream the rows to a file in constant memory with fc.compare.stream_file"):format(
        FN, n, k, k * M.BYTES_PER_CELL / 2 ^ 30, M.MAX_CELLS, math.ceil(k / M.MAX_CELLS)), 2)
    end
  end
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
    error(("%s.run: field 'sort': one of '%s' expected, got '%s'%s"):format(FN, table.concat(fields, "', '"),
      tostring(by), near and (" (did you mean '" .. near .. "'?)") or ""), 2)
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

--- The cells [first, last] (1-based, inclusive) of shard i of n: contiguous
-- ranges floor(C (i-1) / n) + 1 .. floor(C i / n), as the Monte Carlo engine
-- cuts its chunks; a shard may be empty when n exceeds the number of cells.
function M.shard_range(count, shard)
  local fn = FN .. ".shard_range"
  check.arg(fn, "count", count, "count")
  if not shard then return 1, count end
  check.arg(fn, "shard", shard, function(t) return type(t) == "table" and math.type(t.i) == "integer"
    and math.type(t.n) == "integer" and t.i >= 1 and t.i <= t.n end, "shard {i =, n =} with 1 <= i <= n")
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
  check.arg(FN .. ".stream", "study", study, "table", "study table")
  opts = check.optional(FN .. ".stream", "opts", opts, "table", "options table") or {}
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
                    by_mix = {}, order = {}, sort_by = by }
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

--- Streams a study into a file as rows are computed: CSV (path ending .csv)
-- or JSON Lines (.jsonl / .ndjson). The file is written atomically (a temporary
-- file renamed into place at the end; on a failure nothing is left and an
-- existing file is kept). opts as M.stream (without on_rows).
-- Returns the stream summary, or nil, msg, token when the file cannot be written.
function M.stream_file(study, path, opts)
  if type(path) ~= "string" then error(FN .. ".stream_file: argument 'path': string expected, got " .. type(path), 2) end
  local kind = path:match("%.csv$") and "csv" or (path:match("%.jsonl$") or path:match("%.ndjson$")) and "jsonl"
  if not kind then
    error(FN .. ".stream_file: argument 'path': a .csv, .jsonl or .ndjson file expected, got '" .. path .. "'", 2)
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
  if not ok then file:abort(); error(summary, 0) end
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

local STATE_FORMAT = "flopcost.compare.state/1"

--- The state of a (sharded) compare run, for `flopcost merge`: its rows and
-- which part of which study they are, so a merge can refuse a missing or
-- repeated part.
function M.state(grid, shard)
  check_grid("state", grid)
  check.field(FN .. ".state", "grid", grid, "study", "table", "study table")
  local report = require "flopcost.report"
  local total = M.count(grid.study)
  local first, last = M.shard_range(total, shard)
  return { format = STATE_FORMAT, shard = { i = shard and shard.i or 1, n = shard and shard.n or 1 },
    cells = total, first = first, last = last, study = grid.study.name,
    rows = #grid.results > 0 and report.plain_rows(grid.results) or {} }
end

--- Rows of the states of one compare run, sorted by cost. Every part must be
-- there once unless opts.partial (then `missing` lists the absent parts).
-- Returns rows, missing (a list, or nil); raises on states of different runs.
function M.merge_states(states, opts)
  local fn = FN .. ".merge"
  opts = opts or {}
  if type(states) ~= "table" or #states == 0 then error(fn .. ": list of states expected", 2) end
  local n, seen, rows = nil, {}, {}
  for k, st in ipairs(states) do
    if type(st) ~= "table" or st.format ~= STATE_FORMAT or type(st.shard) ~= "table" then
      error(("%s: state %d: a compare state (%s) expected"):format(fn, k, STATE_FORMAT), 2)
    end
    local i, sn = st.shard.i, st.shard.n
    if math.type(i) ~= "integer" or math.type(sn) ~= "integer" or i < 1 or i > sn then
      error(("%s: state %d: shard i/n with 1 <= i <= n expected"):format(fn, k), 2)
    end
    n = n or sn
    if sn ~= n or st.cells ~= states[1].cells or st.study ~= states[1].study then
      error(("%s: state %d: a part of another run (shards, cells or study differ from state 1)"):format(fn, k), 2)
    end
    local first, last = M.shard_range(st.cells, st.shard)
    if type(st.rows) ~= "table" or #st.rows ~= math.max(0, last - first + 1) then
      error(("%s: state %d: %d rows for a part of %d cells"):format(fn, k, type(st.rows) == "table" and #st.rows or 0,
        math.max(0, last - first + 1)), 2)
    end
    if seen[i] then error(("%s: shard %d/%d given twice"):format(fn, i, n), 2) end
    seen[i] = true
    for _, r in ipairs(st.rows) do rows[#rows + 1] = r end
  end
  local missing = {}
  for i = 1, n do if not seen[i] then missing[#missing + 1] = i end end
  if #missing > 0 and not opts.partial then
    local m = {}
    for j, i in ipairs(missing) do m[j] = tostring(i) end
    error(("%s: shard(s) %s of %d missing (--partial merges the others)"):format(fn, table.concat(m, ", "), n), 2)
  end
  table.sort(rows, function(x, y) return x.usd_per_eflop < y.usd_per_eflop end)
  return rows, #missing > 0 and missing or nil
end

--- The gap lines of a streamed summary (M.explain's for a whole grid).
function M.explain_summary(summary)
  check.arg(FN .. ".explain_summary", "summary", summary, function(t) return type(t) == "table"
    and type(t.order) == "table" and type(t.by_mix) == "table" end, "stream summary (the result of fc.compare.stream)")
  local report = require "flopcost.report"
  -- mixes in the order M.explain gives them: by their cheapest cell's cost
  local order = table.move(summary.order, 1, #summary.order, 1, {})
  local by = summary.sort_by or "usd_per_eflop"
  local first_seen = {}
  for i, mix in ipairs(summary.order) do first_seen[mix] = i end
  table.sort(order, function(a, b)
    local x, y = summary.by_mix[a].cheapest[by], summary.by_mix[b].cheapest[by]
    if x ~= y then return x < y end
    return first_seen[a] < first_seen[b]
  end)
  local lines = {}
  for _, mix in ipairs(order) do
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
  check_grid("explain", grid)
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


-- ===================================================================
-- Output: text at 100 columns, charts, CSV, JSON, Vega-Lite
-- ===================================================================

--- "bundled" for the catalog shipped in models/, else the directory its files came from.
local function catalog_text(cat)
  if not (cat and cat.files) then return nil end
  local files = cat:files()
  local dir = files[1] and files[1].path and files[1].path:match("^(.*)/[^/]*$")
  local bundled = require("flopcost.catalog").default_path()
  if dir == nil or dir == bundled then return "bundled" end
  return dir
end

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
  p.catalog = catalog_text(cat)
  p.whatifs = grid.whatifs
  local iv = grid.results[1] and grid.results[1].interval
  if iv then
    -- the run's own seed: each row's interval was drawn at seed + its cell's index
    p.seed, p.samples, p.generator = study.seed or require("flopcost.uncertainty").DEFAULT_SEED, iv.samples,
      iv.generator
  end
  return p
end



--- Short region names for a 100-column table: ids up to 7 characters as
-- they are, longer ones cut to 6 ("cn-guizhou" -> "cn-gui"), lengthened
-- until unique. -> names (id -> short), legend lines ("cn-gui  cn-guizhou: China - Guizhou ...")
local function short_regions(results)
  local ids, labels, seen = {}, {}, {}
  for _, r in ipairs(results) do
    if not seen[r.region] then
      seen[r.region] = true
      ids[#ids + 1] = r.region
      labels[r.region] = r.region_label
    end
  end
  table.sort(ids)
  local names, taken = {}, {}
  for _, id in ipairs(ids) do
    local n = #id <= 7 and id or id:sub(1, 6)
    local k = 6
    while taken[n] and k < #id do k = k + 1; n = id:sub(1, k) end
    taken[n] = true
    names[id] = n
  end
  local legend = {}
  for _, id in ipairs(ids) do
    if names[id] ~= id or labels[id] then
      legend[#legend + 1] = names[id] .. (names[id] ~= id and (" = " .. id) or "")
        .. (labels[id] and (": " .. labels[id]) or "")
    end
  end
  return names, legend
end

-- Greedy word wrap of `text` to `width` columns, continuation lines indented.
local function wrap(text, width, indent, first)
  local fn = FN .. ".wrap"
  check.arg(fn, "text", text, "string")
  check.arg(fn, "width", width, function(w) return math.type(w) ~= nil and w >= 1 end, "number >= 1")
  check.arg(fn, "indent", indent, "string")
  check.optional(fn, "first", first, "string")
  local lines, cur = {}, first or ""
  for word in text:gmatch("%S+") do
    if #cur > #(first or "") and #cur + 1 + #word > width then
      lines[#lines + 1] = cur
      cur = indent .. word
    else
      cur = (#cur > #(first or "") and (cur .. " ") or cur) .. word
    end
  end
  lines[#lines + 1] = cur
  return lines
end
M.wrap = wrap

--- The subtitle lines of a run's what-ifs and catalog ("  what-ifs: --set utilization=0.6"), if any.
local function whatif_lines(prov)
  local parts = {}
  if prov.catalog and prov.catalog ~= "bundled" then parts[#parts + 1] = "catalog " .. prov.catalog end
  if prov.whatifs then parts[#parts + 1] = prov.whatifs end
  if #parts == 0 then return {} end
  return wrap("what-ifs: " .. table.concat(parts, "; "), 100, "    ", "  ")
end

-- One mix's gap in one or two short lines: "cn-eas costs $1.31 (+87%) more than us-tx: chip +$0.571 (43%), ..."
local function gap_line(rs, names)
  local report = require "flopcost.report"
  local lo, hi = rs[1], rs[#rs]
  local e = report.explain(lo, hi)
  local a, b = names[lo.region] or lo.region, names[hi.region] or hi.region
  if e.gap == 0 then return ("%s and %s cost the same"):format(b, a) end
  local parts = {}
  for _, row in ipairs(e.rows) do
    if row.share and math.abs(row.share) >= 0.5 then
      parts[#parts + 1] = ("%s %s (%s)"):format(row.component, report.usd(row.diff, true), report.pct(row.share))
    end
  end
  return ("gap: %s costs %s more than %s (%s), from %s"):format(b, report.usd(e.gap),
    a, report.pct(100 * e.gap / lo.usd_per_eflop):gsub("^(%d)", "+%1"), table.concat(parts, ", "))
end

-- " at +100%" when every denied row pays the same grey-market premium.
local function premium_text(results)
  local p
  for _, r in ipairs(results) do
    local a = r.availability
    if type(a) == "table" and a.available == false and not a.domestic then
      if p ~= nil and p ~= a.premium then return " at a premium" end
      p = a.premium
    end
  end
  return p and p > 0 and (" at +%d%%"):format(math.floor(p * 100 + 0.5)) or " at a premium"
end

local NARROW = { "region", "access", "usd_per_eflop", "interval", "chip", "server", "network", "facility",
  "energy", "carbon", "opex", "cloud_usd_per_eflop" }
local NARROW_HEADERS = { usd_per_eflop = "$/EFLOP", interval = "p05-p95", network = "net", facility = "fac",
  carbon = "CO2", cloud_usd_per_eflop = "cloud" }
local WIDE = { "region", "mix", "access", "usd_per_eflop", "chip", "server", "network", "facility",
  "energy", "carbon", "opex", "cloud_usd_per_eflop", "owned_to_cloud", "run_1e25_usd", "interval" }

--- The text of `flopcost compare`: by default at most 100 columns -- results
-- grouped by mix (cheapest mix first), short region names with a legend,
-- one number of decimals per column, each mix's gap under its rows;
-- opts.wide: every column and full names, one row per result, and the gap
-- explanations in full.
function M.text(grid, opts)
  check_grid("text", grid)
  opts = check.optional(FN .. ".text", "opts", opts, "table", "options table") or {}
  local report = require "flopcost.report"
  local results = grid.results
  local prov = M.provenance(grid)
  local out = {}
  local study = grid.study or {}
  local head = ("flopcost %s: %s (catalog as of %s)"):format(prov.flopcost_version,
    study.description or study.name or "study", prov.catalog_as_of or "?")
  for _, l in ipairs(wrap(head, 100, "  ", "")) do out[#out + 1] = l end
  for _, l in ipairs(whatif_lines(prov)) do out[#out + 1] = l end
  local any_iv = results[1] and results[1].interval ~= nil
  if opts.wide then
    local cols = {}
    for _, c in ipairs(WIDE) do if c ~= "interval" or any_iv then cols[#cols + 1] = c end end
    out[#out + 1] = report.table(results, { columns = cols, decimals = "column" })
    out[#out + 1] = "Gaps explained (cheapest vs dearest region, per mix):"
    for _, line in ipairs(M.explain(grid)) do out[#out + 1] = "  " .. line end
    return table.concat(out, "\n") .. "\n"
  end
  local names, legend = short_regions(results)
  local groups = require("flopcost.plot")._groups_of(results, "mix")
  local ordered = {}
  for _, g in ipairs(groups) do for _, r in ipairs(g.rows) do ordered[#ordered + 1] = r end end
  local cols = {}
  for _, c in ipairs(NARROW) do if c ~= "interval" or any_iv then cols[#cols + 1] = c end end
  local t = report.table(ordered, { columns = cols, headers = NARROW_HEADERS, decimals = "column",
    dollar = false, region_names = names, caption = false, short_access = true })
  local lines = {}
  for line in t:gmatch("[^\n]+") do lines[#lines + 1] = line end
  out[#out + 1] = "  " .. lines[1]
  out[#out + 1] = "  " .. lines[2]
  local k = 2
  for _, g in ipairs(groups) do
    out[#out + 1] = g.key
    for _ = 1, #g.rows do
      k = k + 1
      out[#out + 1] = "  " .. lines[k]
    end
    if #g.rows >= 2 then
      for _, l in ipairs(wrap(gap_line(g.rows, names), 100, "      ", "    ")) do out[#out + 1] = l end
    end
  end
  out[#out + 1] = ""
  local caption = "USD per 1e18 useful training FLOP ($/EFLOP: the point estimate, every input at its "
    .. "study or catalog value" .. (any_iv and ", not the interval's median" or "") .. "); components: chip, "
    .. "server, net = network, "
    .. "fac = facility, energy, CO2 = carbon price, opex; cloud = renting the same FLOP"
    .. (any_iv and ("; p05-p95 = 90%% interval (Monte Carlo, %s samples per row, seed %s + row)"):format(
      tostring(prov.samples), tostring(prov.seed)) or "")
    .. "; a 1e25-FLOP run costs $/EFLOP x 1e7. Access: export-control status of the chips in the region"
    .. " (denied: bought on the grey market" .. premium_text(results) .. "). --wide for every column."
  for _, l in ipairs(wrap(caption, 100, "", "")) do out[#out + 1] = l end
  out[#out + 1] = "Regions:"
  for _, l in ipairs(legend) do
    for _, w in ipairs(wrap(l, 100, "      ", "  ")) do out[#out + 1] = w end
  end
  return table.concat(out, "\n") .. "\n"
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
  local cat = (prov.catalog == nil or prov.catalog == "bundled") and "bundled catalog"
    or ("catalog " .. prov.catalog)
  return ("Source: flopcost %s, %s as of %s (every figure with its source in models/*.json)%s%s.")
    :format(prov.flopcost_version, cat, prov.catalog_as_of or "?",
      prov.samples and ("; 90%% intervals: Monte Carlo, %d samples per bar, %s generator, seed %s + row"):format(
        prov.samples, prov.generator or "?", tostring(prov.seed)) or "",
      prov.whatifs and ("; what-ifs: " .. prov.whatifs) or "")
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
