--- flopcost.uncertainty: 90 % intervals for the cells of a study.
-- A study's `uncertainty` maps scenario fields to distributions given as
-- data (so JSON studies can carry them):
--   { "lognormal90", p5, p95 } { "uniform", lo, hi } { "pert", min, mode, max }
--   { "triangular", min, mode, max } { "normal", mean, sd }
-- or, relative to each cell's own value of the field (chip prices differ by chip,
-- power prices by region):
--   { "scale_lognormal90", f5, f95 }  { "scale_pert", fmin, fmode, fmax }  { "scale_uniform", flo, fhi }
-- Fields whose domain ends at 1 (utilization, MFU, ...) are capped there.
local dist = require "flopcost.dist"
local montecarlo = require "flopcost.montecarlo"

local M = {}
local FN = "flopcost.uncertainty"

local CAPPED_AT_ONE = { utilization = true, mfu = true, scaling_efficiency = true, goodput = true,
  green_share = true }

local function make(kind, a, b, c, field)
  local cap = CAPPED_AT_ONE[field] and 1 or math.huge
  if kind == "lognormal90" then return dist.lognormal90(a, b)
  elseif kind == "uniform" then return dist.uniform(a, math.min(b, cap))
  elseif kind == "pert" then return dist.pert(a, math.min(b, cap), math.min(c, cap))
  elseif kind == "triangular" then return dist.triangular(a, math.min(b, cap), math.min(c, cap))
  elseif kind == "normal" then return dist.normal(a, b)
  end
  error(("%s: field '%s': unknown distribution '%s'"):format(FN, field, tostring(kind)), 0)
end

--- The `vary` table for a scenario's core parameters: one input per member
-- for relative ("scale_") specs, one shared input otherwise.
function M.vary_for(cp, spec)
  local vary = {}
  local fields = {}
  for f in pairs(spec) do fields[#fields + 1] = f end
  table.sort(fields)
  for _, field in ipairs(fields) do
    local s = spec[field]
    if type(s) ~= "table" or type(s[1]) ~= "string" then
      error(("%s: field '%s': {kind, parameters...} expected"):format(FN, field), 0)
    end
    local kind = s[1]
    local rel = kind:match("^scale_(.*)$")
    if rel then
      for i, m in ipairs(cp.members) do
        local base = m[field]
        if type(base) ~= "number" then
          error(("%s: field '%s': no value in the scenario to scale"):format(FN, field), 0)
        end
        local key = #cp.members > 1 and ("%s[%d]"):format(field, i) or field
        vary[key] = make(rel, s[2] and s[2] * base, s[3] and s[3] * base, s[4] and s[4] * base, field)
      end
    else
      vary[field] = make(kind, s[2], s[3], s[4], field)
    end
  end
  return vary
end

--- Adds r.interval = {p05, p50, p95, mean, seed, samples, generator} to each result of a study grid.
-- opts.progress: called as progress(done, total) after each cell.
function M.add_intervals(cells, results, study, opts)
  opts = opts or {}
  for i, s in ipairs(cells) do
    local cp = s:core_params()
    local seed = (study.seed or 1) + (s.cell_index or i)
    -- no bar per cell: the caller's opts.progress(done, total) covers the whole grid
    local mc = montecarlo.run(cp, { vary = M.vary_for(cp, study.uncertainty),
      samples = opts.samples or study.samples or 20000, seed = seed, threads = opts.threads, progress = false })
    -- the run's own record of how it was drawn, for the exports' provenance
    results[i].interval = { p05 = mc.p05, p50 = mc.p50, p95 = mc.p95, mean = mc.mean,
      seed = seed, samples = mc.n, generator = mc.rng }
    if opts.progress then opts.progress(i, #cells) end
  end
end

return M
