--- flopcost.compare.study: a study (regions x chip mixes), checked, and its
-- cells: one scenario per region and mix that applies there. (internal)
local scenario = require "flopcost.scenario"
local check = require "flopcost.check"
local common = require "flopcost.compare.common"
local FN, copy, nearest = common.FN, common.copy, common.nearest

local M = {}

--- Directory of the bundled models (the catalog's own finder).
-- @treturn string the directory holding chips.json, regions.json, scenarios/, ... [path]
-- @raise none: "models" (relative) when no catalog directory is found
-- @usage fc.compare.models_dir()  --> "..."
function M.models_dir()
  local dir = require("flopcost.catalog").default_path()
  return dir or "models"
end

--- Loads a study: a Lua file returning a table, or a data-only JSON file (the scenario file
-- rules of fc.scenariofile.load); the bundled default study without a path.
-- @tparam[opt] string path the study file (default models/scenarios/default.lua) [path]
-- @treturn table the study: name, regions, mixes, uncertainty, seed, samples, ... [study]
-- @return nil, message, token ("io_error", "parse_error", "invalid_data", "script_error") [token]
-- @raise "flopcost.scenariofile.load: argument 'path': path (string) expected, got 1" (the loader's check)
-- @usage fc.compare.load_study().name  --> "default"
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
      check.fail(FN .. ".run", "unknown study field '%s'%s", k, near and (" (did you mean '" .. near .. "'?)") or "")
    end
  end
  if type(study.regions) ~= "table" or type(study.mixes) ~= "table" then return end
  local names = {}
  for i, r in ipairs(study.regions) do names[i] = type(r) == "table" and r.name or r end
  for mi, mix in ipairs(study.mixes) do
    if type(mix) == "table" and mix.regions ~= nil then
      if type(mix.regions) ~= "table" then
        check.fail(FN .. ".run", "field 'mixes[%d].regions': list of region name prefixes expected", mi)
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
          check.fail(FN .. ".run", "field 'mixes[%d].regions': '%s' matches none of the study's regions%s",
            mi, tostring(prefix), near and (" (did you mean '" .. near .. "'?)") or "")
        end
      end
    end
  end
end

--- Limits that keep a shared data file from hanging `run` or `compare`
-- (issue 22: "samples": 1e10, 40,000 copies of one region). Each is public
-- and settable (fc.compare.LIMITS) and named in its error; README lists them.
M.LIMITS = {
  samples = 1e6,          -- Monte Carlo samples per cell of a study's intervals
  evaluations = 1e9,      -- cells x samples of a study's intervals
  regions = 1000,         -- entries of `regions`
  mixes = 1000,           -- entries of `mixes`
  chips_per_mix = 64,     -- chip kinds in one mix
  label_chars = 200,      -- characters of a mix's label or a study's name
}

local function check_limits(study)
  local L, fn = M.LIMITS, FN .. ".run"
  local function over(field, what, key)
    check.fail(fn, "field '%s': %s, above the limit of %.14g (fc.compare.LIMITS.%s)", field, what, L[key], key)
  end
  if study.samples and study.samples > L.samples then over("samples", ("%.14g samples"):format(study.samples), "samples") end
  if #study.regions > L.regions then over("regions", #study.regions .. " entries", "regions") end
  if #study.mixes > L.mixes then over("mixes", #study.mixes .. " entries", "mixes") end
  local seen = {}
  for i, r in ipairs(study.regions) do
    local name = type(r) == "table" and r.name or r
    if type(name) == "string" then
      if seen[name] then
        check.fail(fn, "field 'regions[%d]': '%s' is already regions[%d] (duplicates refused)", i, name, seen[name])
      end
      seen[name] = i
    end
  end
  local labels = {}
  for mi, mix in ipairs(study.mixes) do
    local n = 0
    for _ in pairs(mix.chips) do n = n + 1 end
    if n > L.chips_per_mix then over(("mixes[%d].chips"):format(mi), n .. " chips", "chips_per_mix") end
    if type(mix.label) == "string" then
      if #mix.label > L.label_chars then over(("mixes[%d].label"):format(mi), #mix.label .. " characters", "label_chars") end
      if labels[mix.label] then
        check.fail(fn, "field 'mixes[%d].label': '%s' is already the label of mixes[%d] (duplicates refused)",
          mi, mix.label, labels[mix.label])
      end
      labels[mix.label] = mi
    end
  end
  if type(study.name) == "string" and #study.name > L.label_chars then
    over("name", #study.name .. " characters", "label_chars")
  end
  if study.uncertainty ~= nil then
    local cells, samples = #study.regions * #study.mixes, study.samples or 20000
    if cells * samples > L.evaluations then
      over("samples", ("%d cells x %.14g samples = %.14g model evaluations"):format(cells, samples, cells * samples),
        "evaluations")
    end
  end
end

local function check_study(study)
  check.arg(FN .. ".run", "study", study, "table", "study table")
  check_fields(study)
  local function bad(field, what, v) check.bad_field(FN .. ".run", field, what, v) end
  if study.schema ~= nil and study.schema ~= "flopcost.study/1" then
    bad("schema", "'flopcost.study/1' (the only study schema this flopcost reads)", study.schema)
  end
  local function whole(v, min) return math.type(v) ~= nil and v == v and v == math.floor(v) and v >= min and v < 2^53 end
  if study.seed ~= nil and not whole(study.seed, 0) then bad("seed", "non-negative integer", study.seed) end
  if study.samples ~= nil and not whole(study.samples, 1) then bad("samples", "positive integer", study.samples) end
  if study.sort ~= nil and type(study.sort) ~= "string" then bad("sort", "result field name", study.sort) end
  if type(study.regions) ~= "table" or #study.regions == 0 then
    check.fail(FN .. ".run", "field 'regions': non-empty list expected")
  end
  if type(study.mixes) ~= "table" or #study.mixes == 0 then
    check.fail(FN .. ".run", "field 'mixes': non-empty list expected")
  end
  for mi, mix in ipairs(study.mixes) do
    if type(mix) ~= "table" or type(mix.chips) ~= "table" then
      check.fail(FN .. ".run", "field 'mixes[%d].chips': table expected", mi)
    end
  end
  check_limits(study)
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

--- Builds the cells of a study: one scenario per region x mix (what fc.compare.run evaluates).
-- @tparam table study a study (fc.compare.load_study; models/scenarios/default.lua) [study]
-- @tparam[opt] table cat the catalog (default: the study's, else the bundled one) [catalog]
-- @treturn {table,...} the scenarios (fc.scenario objects), regions inside mixes [scenario]
-- @raise "flopcost.compare.cells: argument 'study': study table expected, got 1" (a bad field of the study
-- names flopcost.compare.run, the check both share)
-- @usage #fc.compare.cells(fc.compare.load_study())  --> 46
function M.cells(study, cat)
  check.arg(FN .. ".cells", "study", study, "table", "study table")
  check_study(study)
  local cells = {}
  each_cell(study, function(index, region, mix)
    cells[#cells + 1] = make_cell(study, region, mix, cat, index)
  end)
  return cells
end

--- Number of cells of a study, without building them.
-- @tparam table study a study [study]
-- @treturn integer regions x mixes, the mixes' region filters applied [count]
-- @raise "flopcost.compare.count: argument 'study': study table expected, got 1"
-- @usage fc.compare.count(fc.compare.load_study())  --> 46
function M.count(study)
  check.arg(FN .. ".count", "study", study, "table", "study table")
  check_study(study)
  return each_cell(study, function() end)
end



M.make_cell, M.each_cell = make_cell, each_cell

return M
