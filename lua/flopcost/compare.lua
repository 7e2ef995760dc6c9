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

--- Builds the cells of a study: one scenario per region x mix.
function M.cells(study, cat)
  if type(study) ~= "table" then error(FN .. ".run: study table expected, got " .. type(study), 3) end
  if type(study.regions) ~= "table" or #study.regions == 0 then
    error(FN .. ".run: field 'regions': non-empty list expected", 3)
  end
  if type(study.mixes) ~= "table" or #study.mixes == 0 then
    error(FN .. ".run: field 'mixes': non-empty list expected", 3)
  end
  local cells = {}
  for _, region in ipairs(study.regions) do
    for mi, mix in ipairs(study.mixes) do
      if type(mix) ~= "table" or type(mix.chips) ~= "table" then
        error(("%s.run: field 'mixes[%d].chips': table expected"):format(FN, mi), 3)
      end
      if M.mix_applies(mix, region) then
      local o = copy(study.base)
      o.region, o.chips, o.catalog = region, mix.chips, cat
      for k, v in pairs(mix) do
        if k ~= "chips" and k ~= "label" and k ~= "regions" then o[k] = v end
      end
      local s = scenario(o)
      if label_of(mix) then s.label = mix.label end
      cells[#cells + 1] = s
      end
    end
  end
  return cells
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
    -- part i of n: every n-th cell, so any batch scheduler can spread a sweep
    local part = {}
    for k, c in ipairs(cells) do
      if (k - 1) % opts.shard.n == opts.shard.i - 1 then part[#part + 1] = c end
    end
    cells = part
  end
  local results = scenario.evaluate_many(cells)
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
