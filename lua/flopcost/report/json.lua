--- flopcost.report.json: results as JSON and JSON Lines (plain tables with
-- the known fields of a result). (internal)
local json = require "flopcost.json"
local check = require "flopcost.check"
local validate = require "flopcost.report.validate"
local tbl = require "flopcost.report.table"
local COMPONENTS, check_results, fail = validate.COMPONENTS, validate.check_results, validate.fail
local OPTIONAL_GROUPS, INTERVAL_RUN, PROVENANCE = validate.OPTIONAL_GROUPS, validate.INTERVAL_RUN, validate.PROVENANCE

local M = {}

-- The known fields of a result, copied into plain tables (metatables,
-- functions and engine internals are left out).
local function plain(r, prov)
  local o = {}
  for _, k in ipairs { "region", "region_label", "mix", "usd_per_eflop", "useful_flop_per_h",
    "power_w", "kwh_per_eflop", "kg_co2_per_eflop", "water_l_per_eflop", "water_onsite_l_per_eflop",
    "water_offsite_l_per_eflop" } do o[k] = r[k] end
  o.breakdown = {}
  for _, k in ipairs(COMPONENTS) do o.breakdown[k] = r.breakdown[k] end
  if type(r.per_hour) == "table" then
    o.per_hour = {}
    for _, k in ipairs(COMPONENTS) do o.per_hour[k] = r.per_hour[k] end
    o.per_hour.total = r.per_hour.total
  end
  for group, keys in pairs(OPTIONAL_GROUPS) do
    if r[group] then
      o[group] = {}
      for _, k in ipairs(keys) do o[group][k] = r[group][k] end
    end
  end
  if r["local"] then o["local"].currency = r["local"].currency end
  if r.build then
    for _, k in ipairs(validate.BUILD_TOP) do o[k] = r[k] end
    for _, k in ipairs(validate.BUILD_TEXT) do o.build[k] = r.build[k] end
  end
  if r.interval then
    for _, k in ipairs(INTERVAL_RUN) do o.interval[k] = r.interval[k] end
  end
  o.access = tbl.access_text(r)
  -- the rentals the row used ({chip, usd_per_hour, term, tier, date, source, ...}), or why none, and
  -- the cloud cost of its run (flopcost.report.cloud)
  local cloud = require "flopcost.report.cloud"
  local rentals = cloud.rentals(r)
  o.rentals, o.no_rental, o.cloud_run_usd = #rentals > 0 and rentals or nil, cloud.none(r), cloud.run_usd(r)
  local inference = require "flopcost.inference.report" -- a row that serves a model: its $/Mtok figures
  if inference.is_result(r) then
    o.serving = inference.plain(r)
    if r.interval and r.interval.serving then o.interval.serving = r.interval.serving end
  end
  if type(r.inputs) == "table" then
    o.inputs = { coupling = r.inputs.coupling, members = {} }
    for i, m in ipairs(r.inputs.members or {}) do
      o.inputs.members[i] = {}
      for k, v in pairs(m) do o.inputs.members[i][k] = v end
    end
  end
  if prov then
    o.provenance = {}
    for _, k in ipairs(PROVENANCE) do o.provenance[k] = prov[k] end
  end
  return o
end

--- report.json(results [, opts]) -> string: a JSON array of results, keys
-- sorted. opts.indent (e.g. "  ") pretty-prints. NaN/inf raise an error
-- naming the field ("flopcost.json.encode: field '$[1].breakdown.energy': ...").
-- @tparam {table,...} results results of s:evaluate() or a compare grid's rows [results]
-- @tparam[opt] table opts indent (e.g. "  "), provenance [text]
-- @treturn string a JSON array: usd_per_eflop, breakdown, per_hour [USD per 1e18 FLOP, USD/h], inputs,
-- interval, provenance [text]
-- @raise "flopcost.report.json: argument 'results': field '[1]': result table expected, got 1"
-- @usage fc.report.json{fc.scenario{region = "us-va", chip = "H100-SXM"}:evaluate()}   --> "[{..."
function M.json(results, opts)
  opts = tbl.check_opts("json", opts)
  if type(results) == "table" and results.usd_per_eflop ~= nil then results = { results } end
  if type(results) ~= "table" or #results == 0 then
    fail("json", "results", "non-empty array of results", results)
  end
  return json.encode(M.plain_rows(results, opts), { indent = opts.indent }) .. "\n"
end

--- The rows of report.json as plain tables (for states that carry results).
-- @tparam {table,...} results results as report.json takes them [USD per 1e18 FLOP]
-- @tparam[opt] table opts provenance as report.json's [table]
-- @treturn {table,...} per result: region, mix, usd_per_eflop, breakdown, per_hour, ... [USD per 1e18 FLOP, USD/h]
-- @raise "flopcost.report.plain_rows: argument 'results': list of results expected, got 1"
-- @usage local r = fc.scenario{region = "us-va", chip = "H100-SXM"}:evaluate(); fc.report.plain_rows({r})[1].region  --> "us-va"
function M.plain_rows(results, opts)
  check.arg("flopcost.report.plain_rows", "results", results, "list", "list of results")
  opts = check.optional("flopcost.report.plain_rows", "opts", opts, "table", "options table") or {}
  local arr = {}
  for i, r in ipairs(results) do
    if type(r) ~= "table" or type(r.breakdown) ~= "table" then
      fail("json", "results[" .. i .. "]", "result table", r)
    end
    arr[i] = plain(r, opts.provenance)
  end
  return arr
end

--- One JSON object per line (JSON Lines), the fields of report.json: for
-- streamed sweeps, whose rows are written as they are computed.
-- @tparam {table,...} results results as report.json takes them [USD per 1e18 FLOP]
-- @treturn string one line per result [JSON Lines]
-- @raise "flopcost.report.json_rows: argument 'results': array of results expected, got 1"
-- @usage local r = fc.scenario{region = "us-va", chip = "H100-SXM"}:evaluate(); fc.report.json_rows({r})  --> "{"breakdown":..."
function M.json_rows(results)
  results = check_results("json_rows", results)
  local lines = {}
  for i, r in ipairs(results) do lines[i] = json.encode(plain(r)) end
  return table.concat(lines, "\n") .. "\n"
end



return M
