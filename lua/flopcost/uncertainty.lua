--- flopcost.uncertainty: 90 % intervals for the cells of a study.
-- A study's `uncertainty` maps scenario fields to distributions given as
-- data (so JSON studies can carry them):
--   { "lognormal90", p5, p95 } { "uniform", lo, hi } { "pert", min, mode, max }
--   { "triangular", min, mode, max } { "normal", mean, sd }
-- or, relative to each cell's own value of the field (chip prices differ by chip,
-- power prices by region):
--   { "scale_lognormal90", f5, f95 }  { "scale_pert", fmin, fmode, fmax }  { "scale_uniform", flo, fhi }
-- Bounded distributions are capped at the upper end of the field's domain
-- (utilization, MFU, region.green_share, ... end at 1), as the core states
-- it (core.scenario.domains: core and description fields).
local dist = require "flopcost.dist"
local montecarlo = require "flopcost.montecarlo"
local DOMAINS = require("flopcost.core").scenario.domains()

local M = {}
local FN = "flopcost.uncertainty"
--- The seed of a study's intervals when it gives none (each cell draws at seed + its index).
M.DEFAULT_SEED = 1
local check = require "flopcost.check"

-- The largest value field may take (math.huge for unbounded fields, catalog paths and flags).
local function cap_of(field)
  local d = DOMAINS[field]
  if d and not d.integral and d.hi < 1.7976931348623157e308 then return d.hi end
  return math.huge
end
M.cap_of = cap_of

local function make(kind, a, b, c, field)
  for _, v in ipairs { a, b, c } do -- the parameters a junk table may hold (ipairs stops at the first nil)
    if type(v) ~= "number" then
      check.fail(FN, "field '%s': {kind, numbers...} expected, got a %s parameter", field, type(v))
    end
  end
  local cap = cap_of(field)
  if kind == "lognormal90" then return dist.lognormal90(a, b)
  elseif kind == "uniform" then return dist.uniform(a, math.min(b, cap))
  elseif kind == "pert" then return dist.pert(a, math.min(b, cap), math.min(c, cap))
  elseif kind == "triangular" then return dist.triangular(a, math.min(b, cap), math.min(c, cap))
  elseif kind == "normal" then return dist.normal(a, b)
  end
  check.fail(FN, "field '%s': unknown distribution '%s'", field, tostring(kind))
end

--- The `vary` table for a scenario (or its core parameters): one input per
-- member for relative ("scale_") specs of core fields, one shared input
-- otherwise. On a scenario object, keys may also be description fields and
-- catalog paths ("process.SMIC-N+2.defect_density_per_cm2",
-- "wacc_parts.cost_of_debt"; Scenario:vary_target); a path naming a chip,
-- part or region the scenario does not use is left out (a study's cells
-- differ), any other bad key is an error.
-- spec = "catalog" (or catalog = true beside other inputs): every ranged catalog figure the
-- scenario uses, drawn jointly (flopcost.ranges); an input given for the same field replaces it.
function M.vary_for(s, spec)
  local scen = type(s) == "table" and type(s.vary_target) == "function" and s or nil
  if spec == "catalog" then spec = { catalog = true } end
  check.arg(FN .. ".vary_for", "spec", spec, "table",
    "uncertainty table {field = dist or {kind, ...}} or \"catalog\"")
  if spec.catalog ~= nil then
    if spec.catalog ~= true then
      check.bad_field(FN, "catalog", "true (the catalog's ranges)", spec.catalog)
    end
    if not scen then check.fail(FN, "\"catalog\" ranges need a scenario object") end
    local rest = {}
    for k, v in pairs(spec) do if k ~= "catalog" then rest[k] = v end end
    local vary = M.vary_for(scen, rest)
    local except = {}
    for k in pairs(rest) do except[k] = true end
    for k, d in pairs(require("flopcost.ranges").vary(scen, except)) do vary[k] = d end
    return vary
  end
  local cp = scen and scen:core_params() or s
  local vary = {}
  local fields = {}
  for f in pairs(spec) do fields[#fields + 1] = f end
  table.sort(fields, function(a, b) return tostring(a) < tostring(b) end) -- keys may mix types (junk)
  for _, field in ipairs(fields) do
    local d = spec[field]
    if type(d) ~= "table" or type(d[1]) ~= "string" then
      check.fail(FN, "field '%s': {kind, parameters...} expected", field)
    end
    local kind = d[1]
    local rel = kind:match("^scale_(.*)$")
    local applies = true
    if scen then
      local t, msg = scen:vary_target(field)
      if not t then applies = false end
      if rel and t and (t.field ~= field) then
        check.fail(FN, "field '%s': relative (scale_) distributions apply to core fields only; %s", field,
          msg or "give absolute values")
      end
    end
    if not applies then -- luacheck: ignore 542
    elseif rel then
      for i, m in ipairs(cp.members) do
        local base = m[field]
        if type(base) ~= "number" then
          check.fail(FN, "field '%s': no value in the scenario to scale", field)
        end
        local key = #cp.members > 1 and ("%s[%d]"):format(field, i) or field
        vary[key] = make(rel, d[2] and d[2] * base, d[3] and d[3] * base, d[4] and d[4] * base, field)
      end
    else
      vary[field] = make(kind, d[2], d[3], d[4], field)
    end
  end
  return vary
end

-- The outputs of a serving cell's run: usd_per_eflop first (r.interval, in
-- $ per 1e18 tokens), then the serving costs (r.interval.serving[name]).
local SERVING_OUTPUTS = { "usd_per_eflop", "usd_per_mtok_blended", "usd_per_mtok_output", "usd_per_mtok_input" }

--- Adds r.interval = {p05, p50, p95, mean, seed, samples, generator} to each result of a study grid;
-- for a serving cell also r.interval.serving[output] = {p05, p50, p95, mean} of usd_per_mtok_blended,
-- usd_per_mtok_output and usd_per_mtok_input over the same draws.
-- opts.progress: called as progress(done, total) after each cell.
function M.add_intervals(cells, results, study, opts)
  local fn = "flopcost.uncertainty.add_intervals"
  check.each(fn, "cells", cells, function(s) return type(s) == "table" and type(s.vary_target) == "function" end,
    "flopcost.Scenario")
  check.each(fn, "results", results, "table", "result table")
  check.arg(fn, "study", study, "table", "study table")
  opts = check.optional(fn, "opts", opts, "table", "options table") or {}
  for i, s in ipairs(cells) do
    local seed = (study.seed or M.DEFAULT_SEED) + (s.cell_index or i)
    -- no bar per cell: the caller's opts.progress(done, total) covers the whole grid
    -- a serving cell: the same draws also give $ per million tokens (csrc/fc_mc_output.c)
    local serves = type(s.opts) == "table" and s.opts.workload ~= nil
    local mc = montecarlo.run(s, { vary = M.vary_for(s, study.uncertainty),
      samples = opts.samples or study.samples or 20000, seed = seed, threads = opts.threads, progress = false,
      rank_correlation = study.rank_correlation, outputs = serves and SERVING_OUTPUTS or nil })
    -- the run's own record of how it was drawn, for the exports' provenance
    results[i].interval = { p05 = mc.p05, p50 = mc.p50, p95 = mc.p95, mean = mc.mean,
      seed = seed, samples = mc.n, generator = mc.rng }
    if serves then
      local per = {}
      for k = 2, #SERVING_OUTPUTS do -- (the first, usd_per_eflop, is r.interval itself)
        local o = SERVING_OUTPUTS[k]
        local q = mc.outputs[o]
        per[o] = { p05 = q.p05, p50 = q.p50, p95 = q.p95, mean = q.mean }
      end
      results[i].interval.serving = per
    end
    if opts.progress then opts.progress(i, #cells) end
  end
end

return M
