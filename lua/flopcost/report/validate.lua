--- flopcost.report.validate: the checks of results every report function
-- (and plot, vega) runs, and the messages they raise. (internal)

local M = {}

--- Cost components in their fixed report and plot order.
M.COMPONENTS = { "chip", "server", "network", "facility", "energy", "carbon", "opex" }
local COMPONENTS = M.COMPONENTS

local check = require "flopcost.check"

-- fn is a short name ("csv") or a full one ("flopcost.plot.stacked_bars").
local function fullname(fn) return fn:find(".", 1, true) and fn or "flopcost.report." .. fn end

-- The positional arguments of report, plot and vega functions (the rest of a
-- failing path is a field of the options table).
local ARGS = { results = true, result = true, a = true, b = true, series = true, rows = true, data = true,
  lo = true, hi = true }

local function fail(fn, path, what, v)
  check.bad_path(fullname(fn), path, what, v, ARGS)
end

local function finite(x)
  return type(x) == "number" and x == x and x ~= math.huge and x ~= -math.huge
end

local function check_number(fn, path, x, optional)
  if x == nil and optional then return end
  if not finite(x) then fail(fn, path, "finite number", x) end
end

local function check_string(fn, path, s, optional)
  if s == nil and optional then return end
  if type(s) ~= "string" then fail(fn, path, "string", s) end
end

--- Provenance keys of every export (fc.compare.provenance builds them).
local PROVENANCE = { "flopcost_version", "catalog_as_of", "catalog", "whatifs", "study", "seed", "samples",
  "generator" }
M.PROVENANCE = PROVENANCE
-- How an interval was drawn (set by flopcost.uncertainty): copied beside p05..p95.
local INTERVAL_RUN = { "mean", "seed", "samples", "generator" }

local OPTIONAL_GROUPS = {
  cloud = { "usd_per_eflop", "owned_to_cloud" },
  job = { "flops", "cost_usd", "days", "chip_hours", "mwh", "t_co2", "chips" },
  interval = { "p05", "p50", "p95" },
  ["local"] = { "usd_per_eflop", "per_eflop" },
  -- fc.scenario{build = {...}} (csrc/core/fc_compose_build.c)
  build = { "it_mw", "time_to_power_months", "grid_months", "bridge_run_months", "construction_capex_usd",
    "construction_capex_usd_per_mw", "interest_during_construction_usd", "facility_usd_per_kw_at_energization",
    "bridge_capex_usd", "bridge_fuel_usd", "bridge_t_co2", "chip_price_factor", "idle_chip_months" },
}
-- The build-out's text fields and the API's top-level figures of a built result.
local BUILD_TEXT = { "start", "energized", "grid", "waiting_on", "bridge", "chips_bought" }
local BUILD_TOP = { "time_to_power_months", "interest_during_construction_usd", "construction_capex_usd_per_mw",
  "usd_per_eflop_at_energization" }

--- Checks one result; `path` names it in messages ("results[2]", "a").
local function check_result(fn, path, r)
  if type(r) ~= "table" then fail(fn, path, "result table", r) end
  check_string(fn, path .. ".region", r.region)
  check_string(fn, path .. ".mix", r.mix)
  check_string(fn, path .. ".region_label", r.region_label, true)
  check_number(fn, path .. ".usd_per_eflop", r.usd_per_eflop)
  if type(r.breakdown) ~= "table" then fail(fn, path .. ".breakdown", "table", r.breakdown) end
  for _, k in ipairs(COMPONENTS) do
    check_number(fn, path .. ".breakdown." .. k, r.breakdown[k], true)
  end
  if r.per_hour ~= nil then
    if type(r.per_hour) ~= "table" then fail(fn, path .. ".per_hour", "table", r.per_hour) end
    for k, v in pairs(r.per_hour) do
      if type(k) == "string" then check_number(fn, path .. ".per_hour." .. k, v) end
    end
  end
  for _, k in ipairs { "useful_flop_per_h", "power_w", "kwh_per_eflop", "kg_co2_per_eflop", "water_l_per_eflop",
    "water_onsite_l_per_eflop", "water_offsite_l_per_eflop" } do
    check_number(fn, path .. "." .. k, r[k], true)
  end
  for group, keys in pairs(OPTIONAL_GROUPS) do
    local g = r[group]
    if g ~= nil then
      if type(g) ~= "table" then fail(fn, path .. "." .. group, "table or nil", g) end
      for _, k in ipairs(keys) do check_number(fn, path .. "." .. group .. "." .. k, g[k], true) end
    end
  end
  if r["local"] ~= nil then check_string(fn, path .. ".local.currency", r["local"].currency, true) end
  for _, k in ipairs(BUILD_TOP) do check_number(fn, path .. "." .. k, r[k], true) end
  if r.build ~= nil then
    for _, k in ipairs(BUILD_TEXT) do check_string(fn, path .. ".build." .. k, r.build[k], true) end
  end
  return r
end

-- Accepts one result or an array of results; returns an array (internal:
-- plot and vega check their results with it).
local function check_results(fn, results)
  if type(results) ~= "table" then fail(fn, "results", "array of results", results) end
  if results.usd_per_eflop ~= nil then results = { results } end
  if #results == 0 then
    check.fail(fullname(fn), "argument 'results': non-empty array of results expected, got empty table")
  end
  for i, r in ipairs(results) do check_result(fn, "results[" .. i .. "]", r) end
  return results
end

local function component(r, k) return r.breakdown[k] or 0 end

M.fullname, M.fail, M.finite, M.check_number, M.check_string = fullname, fail, finite, check_number, check_string
M.OPTIONAL_GROUPS, M.INTERVAL_RUN = OPTIONAL_GROUPS, INTERVAL_RUN
M.BUILD_TEXT, M.BUILD_TOP = BUILD_TEXT, BUILD_TOP
M.check_result, M.check_results, M.component = check_result, check_results, component

return M
