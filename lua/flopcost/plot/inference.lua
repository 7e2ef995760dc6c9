--- flopcost.plot.inference: the chart of `flopcost compare --workload inference`:
-- the compare chart (flopcost.plot.compare: horizontal bars grouped by chip
-- mix, region labels written level beside each bar, the 90 % interval under
-- it, the access of the chips, a footer with scenario, catalog date, source
-- and version) in $ per million tokens, its title naming the workload served.
-- rows: flopcost.inference.compare.rows(grid) (cost fields in $/Mtok, blended).
local M = {}

-- A serving chart's axis (blended $/Mtok: flopcost.inference.report.in_mtok).
local UNIT = "USD per million tokens (input and output blended)"

--- The chart options of an inference grid: title (the workload), subtitle,
-- unit, and the grid's provenance (as the training chart's, compare/output.lua).
-- model: "Llama-3.1-70B (fp8)"; workload: "2000 in / 500 out tokens, ..., TPOT <= 40 ms".
function M.options(grid, model, workload)
  local prov = require("flopcost.compare.output").chart_provenance(grid)
  local study = grid.study or {}
  prov.scenario = ('study "%s": serving %s, %s'):format(study.name or "unnamed", model, workload)
  return {
    title = ("Cost per million tokens serving %s, by chip mix and region"):format(model),
    subtitle = ("%s. Bars: point estimates in USD per million tokens, input and output blended by token "
      .. "count (nominal USD, catalog prices as of %s)."):format(workload, prov.catalog_as_of or "not given"),
    unit = UNIT, short = "$/Mtok", work = "tokens",
    as_of = prov.catalog_as_of, provenance = prov,
  }
end

--- Serving results (s:evaluate() of an inference scenario) as fc.plot.compare and
-- fc.vega.compare draw them: copies in $ per million tokens (flopcost.inference.report.in_mtok,
-- marked so they are not scaled twice) and the unit's words where opts gives none.
-- Anything else comes back as it is. -> rows, opts, converted (boolean)
function M.as_mtok(results, opts)
  local inf = require "flopcost.inference.report"
  if inf.is_result(results) then results = { results } end
  if not inf.all(results) or rawget(results[1], "_mtok") then return results, opts, false end
  local rows = {}
  for i, r in ipairs(results) do rows[i] = inf.in_mtok(r) end
  local o = {}
  for k, v in pairs(type(opts) == "table" and opts or {}) do o[k] = v end
  o.unit, o.short, o.work = o.unit or UNIT, o.short or "$/Mtok", o.work or "tokens"
  o.title = o.title or "Cost per million tokens by chip mix and region"
  return rows, o, true
end

--- The SVG chart of rows with opts (M.options).
function M.compare(rows, opts) return require("flopcost.plot").compare(rows, opts) end

-- Training's units in a chart spec, and what a serving chart says instead.
local UNITS = { { "USD per 1e18 useful training FLOP", "USD per million tokens (input and output blended)" },
  { "$/EFLOP", "$/Mtok" }, { "the same FLOP", "the same tokens" }, { "1e18 training FLOP", "million tokens" } }

-- The data fields of vega.compare that hold a cost, and their names in $ per million tokens
-- (rows carry $/Mtok in usd_per_eflop: flopcost.inference.report.in_mtok).
local FIELDS = { usd_per_eflop = "usd_per_mtok", cloud_usd_per_eflop = "cloud_usd_per_mtok" }

-- Every string of a spec with the units replaced, and its cost fields (data keys and the
-- encodings' field names) renamed (the spec is built by vega.compare, this file's twin).
local function in_tokens(v)
  if type(v) == "string" then
    if FIELDS[v] then return FIELDS[v] end
    for _, u in ipairs(UNITS) do v = v:gsub(u[1]:gsub("%p", "%%%0"), (u[2]:gsub("%%", "%%%%"))) end
    return v
  end
  if type(v) ~= "table" then return v end
  local out = setmetatable({}, getmetatable(v))
  for k, x in pairs(v) do out[FIELDS[k] or k] = in_tokens(x) end
  return out
end

--- Its Vega-Lite twin (vega.compare with its units in $ per million tokens).
function M.vega(rows, opts) return in_tokens(require("flopcost.vega").compare(rows, opts)) end

return M
