--- flopcost.buildout: building capacity before it runs.
--
--   fc.buildout.plan{ region = "us-va", it_mw = 100, start = "2026-01", chip = "B200",
--                     bridge = "none" | "gas-turbine" | "fuel-cell",
--                     chips_bought = "at-start" | "at-energization", spend = "linear" | "s-curve" }
--     --> time_to_power_months, energized ("YYYY-MM"), waiting_on, interest_during_construction_usd,
--         construction_capex_usd_per_mw, bridge costs, the chips' price at energization,
--         usd_per_eflop_at_energization (against usd_per_eflop with power at once), water per EFLOP
--   fc.buildout.delay_curve{ ..., grid_months = {0, 12, 24, 36, 48} }
--
-- The arithmetic is csrc/core/fc_buildout.c (core.buildout.plan, .water); a
-- plan's figures are fc.scenario{chip, region, build = {...}}'s with the same
-- inputs (csrc/core/fc_compose_build.c), water included. Figures:
-- models/buildout.json, with the region's facility cost, cost of capital and
-- water figures from models/regions.json.
local core = require "flopcost.core"
local check = require "flopcost.check"
local errors = require "flopcost.errors"

local M = {}
local B = core.buildout

local function raise(fmt, ...) errors.raise(fmt:format(...)) end

--- The bundled models/buildout.json, or the file at path (decoded).
-- @tparam[opt] string path a flopcost.buildout/1 file [path]
-- @treturn table the build-out figures: schema, grid and construction months, bridge costs, ... each with
-- value, range and source [figures]
-- @return nil, message when the file cannot be read [text]
-- @raise "flopcost.buildout.load: argument 'path': path of a build-out file expected, got 1"
-- @usage fc.buildout.load().schema  --> "flopcost.buildout/1"
function M.load(path)
  local fn = "flopcost.buildout.load"
  path = check.optional(fn, "path", path, "string", "path of a build-out file")
  if not path then
    local dir, err = require("flopcost.catalog").default_path()
    if not dir then return nil, err end
    path = dir .. "/buildout.json"
  end
  local text, err = core.file.read(path)
  if not text then return nil, err end
  local data = core.json.decode(text, path)
  if type(data) ~= "table" or data.schema ~= "flopcost.buildout/1" or type(data.regions) ~= "table" then
    raise("%s: %s: a flopcost.buildout/1 file with regions expected", fn, path)
  end
  return data
end

local function value(v, where)
  if type(v) == "number" then return v end
  if type(v) == "table" and type(v.value) == "number" and type(v.source) == "string" then return v.value end
  raise("flopcost.buildout: %s: a figure {value, source, as_of} expected", where)
end

local function find(list, name, what, fn)
  local names = {}
  for _, e in ipairs(list) do
    if e.name == name then return e end
    names[#names + 1] = e.name
  end
  local near = require("flopcost.suggest").closest(tostring(name), names)
  raise("%s: unknown %s '%s'%s (one of %s)", fn or "flopcost.buildout.plan", what, tostring(name),
    near and (" (did you mean '" .. near .. "'?)") or "", table.concat(names, ", "))
end

-- "2026-01" + 42 months -> "2029-07"
local function add_months(ym, months)
  local y, m = ym:match("^(%d%d%d%d)%-(%d%d)$")
  local total = tonumber(y) * 12 + tonumber(m) - 1 + math.ceil(months - 1e-9)
  return ("%04d-%02d"):format(total // 12, total % 12 + 1)
end

local BRIDGES = { none = true, ["gas-turbine"] = true, ["fuel-cell"] = true }
local BOUGHT = { ["at-start"] = true, ["at-energization"] = true }
-- the bridge plant's figures an option may fix (models/buildout.json's otherwise), by their lower bound
local PLANT_KEYS = { bridge_capex_usd_per_kw = 0, heat_rate_mmbtu_per_mwh = 1, fuel_usd_per_mmbtu = 0,
  kg_co2_per_mmbtu = 0, bridge_load_factor = 1 }

local BUILD_KEYS = { it_mw = true, start = true, bridge = true, chips_bought = true, spend = true,
  construction_months = true, equipment_lead_months = true, grid_months = true, bridge_months = true,
  chip_price_decline_per_year = true, rate = true, bridge_capex_usd_per_kw = true, heat_rate_mmbtu_per_mwh = true,
  fuel_usd_per_mmbtu = true, kg_co2_per_mmbtu = true, bridge_load_factor = true }

-- The build-out options both doors share (fc.buildout.plan's and fc.scenario's
-- build = {...}); `at` prefixes the field names in messages ("build.").
local function check_build(fn, o, at)
  local function bad(f, what, v) check.bad_field(fn, at .. f, what, v) end
  if not (type(o.it_mw) == "number" and o.it_mw > 0 and o.it_mw < 1e6) then
    bad("it_mw", "positive number of MW (below 1e6)", o.it_mw)
  end
  local start = o.start or "2026-01"
  local y, m = tostring(start):match("^(%d%d%d%d)%-(%d%d)$")
  if not y or tonumber(m) < 1 or tonumber(m) > 12 or tonumber(y) < 2000 or tonumber(y) > 2100 then
    raise("%s: field '%sstart': a month 'YYYY-MM' in 2000-2100 expected, got %s", fn, at, check.shown(o.start))
  end
  if o.bridge ~= nil and not BRIDGES[o.bridge] then
    raise("%s: field '%sbridge': one of 'none', 'gas-turbine', 'fuel-cell' expected, got %s", fn, at,
      check.shown(o.bridge))
  end
  if o.chips_bought ~= nil and not BOUGHT[o.chips_bought] then
    raise("%s: field '%schips_bought': 'at-start' or 'at-energization' expected, got %s", fn, at,
      check.shown(o.chips_bought))
  end
  if o.spend ~= nil and o.spend ~= "linear" and o.spend ~= "s-curve" then
    raise("%s: field '%sspend': 'linear' or 's-curve' expected, got %s", fn, at, check.shown(o.spend))
  end
  for _, f in ipairs { "construction_months", "equipment_lead_months", "grid_months", "bridge_months" } do
    local x = o[f]
    if x ~= nil and not (type(x) == "number" and x >= 0 and x <= 600 and (x > 0 or f ~= "construction_months")) then
      bad(f, f == "construction_months" and "number of months in (0, 600]" or "number of months in [0, 600]", x)
    end
  end
  for f, lo in pairs(PLANT_KEYS) do
    local x = o[f]
    if x ~= nil and not (type(x) == "number" and x < math.huge and (x > 0 or (lo == 0 and x == 0))
      and (f ~= "bridge_load_factor" or x <= 1)) then
      bad(f, f == "bridge_load_factor" and "number in (0, 1]" or (lo == 0 and "non-negative number" or
        "positive number"), x)
    end
  end
  local d = o.chip_price_decline_per_year
  if d ~= nil and not (type(d) == "number" and d >= 0 and d < 1) then bad("chip_price_decline_per_year",
    "number in [0, 1)", d) end
  if o.rate ~= nil and not (type(o.rate) == "number" and o.rate >= 0 and o.rate <= 1) then
    bad("rate", "number in [0, 1] (per year)", o.rate)
  end
  return start
end

-- fc.buildout.plan's options: the build's (BUILD_KEYS) and these; any other is refused (issue 23)
local PLAN_OPTS = { "region", "chip", "catalog", "data", "samples", "seed", "facility_usd_per_kw",
  "wue_l_per_kwh", "electricity_water_l_per_kwh" }

local function check_opts(fn, o)
  check.arg(fn, "options", o, "table", "options table")
  local names = {}
  for _, k in ipairs(PLAN_OPTS) do names[#names + 1] = k end
  for k in pairs(BUILD_KEYS) do names[#names + 1] = k end
  table.sort(names)
  check.options(fn, o, names)
  check.field(fn, "options", o, "region", "string", "region name")
  check.field(fn, "options", o, "chip", "string", "chip name")
  local start = check_build(fn, o, "")
  if o.samples ~= nil and not (math.type(o.samples) == "integer" and o.samples >= 1 and o.samples <= 1000000) then
    check.bad_field(fn, "samples", "integer in 1..1000000", o.samples)
  end
  if o.seed ~= nil and not (math.type(o.seed) == "integer" and o.seed >= 0 and o.seed < 2 ^ 53) then
    check.bad_field(fn, "seed", "non-negative integer", o.seed)
  end
  for _, f in ipairs { "wue_l_per_kwh", "electricity_water_l_per_kwh" } do
    local x = o[f]
    if x ~= nil and not (type(x) == "number" and x >= 0 and x < math.huge) then
      check.bad_field(fn, f, "non-negative number of litres per kWh", x)
    end
  end
  local f = o.facility_usd_per_kw
  if f ~= nil and not (type(f) == "number" and f >= 0 and f < math.huge) then
    check.bad_field(fn, "facility_usd_per_kw", "non-negative number of USD per kW", f)
  end
  return start
end

-- The build-out figures of a region and a bridge plant by the core's plan
-- names (core.buildout.plan; the scenario's build.<name> fields), each from
-- models/buildout.json unless an option fixes it; and the figure objects
-- (with their ranges) behind those no option fixes. A region without
-- build-out figures needs construction_months and grid_months given.
local function resolve(fn, o, region_name, data)
  local b
  if o.construction_months == nil or o.grid_months == nil then
    b = find(data.regions, region_name, "build-out region", fn)
  end
  local bridge = o.bridge and o.bridge ~= "none" and find(data.bridge, o.bridge, "bridge plant", fn) or nil
  local function fig(opt, f, where) if opt ~= nil then return opt, nil end return value(f, where), f end
  local n, figures = {}, {}
  n.construction_months, figures.construction_months = fig(o.construction_months, b and b.construction_months,
    region_name .. " construction_months")
  n.equipment_lead_months, figures.equipment_lead_months = fig(o.equipment_lead_months, data.equipment_lead_months,
    "equipment_lead_months")
  n.grid_months, figures.grid_months = fig(o.grid_months, b and b.grid_months, region_name .. " grid_months")
  n.chip_decline_per_year, figures.chip_decline_per_year = fig(o.chip_price_decline_per_year,
    data.chip_price_decline_per_year, "chip_price_decline_per_year")
  n.bridge, n.bridge_months, n.bridge_capex_usd_per_kw = bridge ~= nil, 0, 0
  n.heat_rate_mmbtu_per_mwh, n.fuel_usd_per_mmbtu, n.kg_co2_per_mmbtu, n.bridge_load_factor = 1, 0, 0, 1
  if bridge then
    n.bridge_months, figures.bridge_months = fig(o.bridge_months, bridge.months, bridge.name .. " months")
    for _, k in ipairs { "capex_usd_per_kw", "heat_rate_mmbtu_per_mwh", "fuel_usd_per_mmbtu", "kg_co2_per_mmbtu",
      "load_factor" } do
      local name = (k == "capex_usd_per_kw" or k == "load_factor") and ("bridge_" .. k) or k
      n[name], figures[name] = fig(o[name], bridge[k], bridge.name .. " " .. k)
      if k == "kg_co2_per_mmbtu" then figures[name] = nil end -- EPA's factor: no range to draw
    end
  end
  n.chips_at_start = o.chips_bought == "at-start"
  return n, figures, b
end

--- fc.scenario's build = {...}: the description's build.<name> fields
-- (csrc/core/fc_compose_build.c applies them) for a scenario in `region`.
-- (internal: flopcost.scenario.describe calls it)
function M._build_into(d, b, region)
  local fn = "flopcost.scenario"
  if type(b) ~= "table" then check.bad_field(fn, "build", "table {it_mw =, start =, bridge =, ...}", b) end
  for k in pairs(b) do
    if not BUILD_KEYS[k] then
      local keys = {}
      for key in pairs(BUILD_KEYS) do keys[#keys + 1] = key end
      table.sort(keys)
      local near = type(k) == "string" and require("flopcost.suggest").closest(k, keys)
      raise("%s: field 'build': unknown field '%s'%s", fn, tostring(k), near and (" (did you mean '" .. near .. "'?)")
        or "")
    end
  end
  check_build(fn, b, "build.")
  local n, figures = resolve(fn, b, region.name, assert(M.load()))
  d["build.it_mw"], d["build.rate"] = b.it_mw, b.rate
  d["build.spend"] = b.spend == "s-curve" and 1 or 0
  for k, v in pairs(n) do
    if type(v) == "boolean" then v = v and 1 or 0 end
    d["build." .. k] = v
  end
  -- the sources of the models/buildout.json figures used (result.sources, as the catalog's)
  local sources = {}
  for k, f in pairs(figures) do
    local text = (f.as_of and (f.as_of .. " ") or "") .. (f.range and ("[range %s-%s] "):format(tostring(f.range[1]),
      tostring(f.range[2])) or "") .. tostring(f.source)
    local bridge = k:match("^bridge_") or k == "heat_rate_mmbtu_per_mwh" or k == "fuel_usd_per_mmbtu"
    sources[#sources + 1] = { field = "build." .. k, of = bridge and b.bridge or (k:match("^construction")
      or k:match("^grid")) and region.name or "buildout", source = text, kind = "buildout", figure = k }
  end
  return sources
end

M._add_months = add_months

local WATER_KEYS = { "wue_l_per_kwh", "electricity_water_l_per_kwh" }

-- The plan's scenario options: the chip in the region as fc.scenario composes it.
local function scenario_opts(o, cat)
  return { chip = o.chip, region = o.region, catalog = cat, facility_usd_per_kw = o.facility_usd_per_kw,
    wue_l_per_kwh = o.wue_l_per_kwh, electricity_water_l_per_kwh = o.electricity_water_l_per_kwh }
end

-- The build = {...} of the plan's figures (n, resolve's): every figure given,
-- so the scenario's build-out (fc_compose_build) runs on exactly these.
local function build_of(o, n)
  local b = { it_mw = o.it_mw, start = o.start, bridge = o.bridge, chips_bought = o.chips_bought, spend = o.spend,
    rate = o.rate, construction_months = n.construction_months, equipment_lead_months = n.equipment_lead_months,
    grid_months = n.grid_months, chip_price_decline_per_year = n.chip_decline_per_year }
  if n.bridge then
    for k in pairs(PLANT_KEYS) do b[k] = n[k] end
    b.bridge_months = n.bridge_months
  end
  return b
end

-- The arguments of core.buildout.plan (the C function fc_compose_build runs
-- per member) from the member fc.scenario composes for the chip in the region
-- (its chip price, facility cost and cost of capital, as a build scenario
-- uses them), and the figure objects behind the ones no option fixes ({input
-- name = figure}, models/buildout.json and the region's ranges).
local function plan_inputs(fn, o, cat, data)
  local reg = cat:region(o.region)
  local chip = cat:chip(o.chip)
  local args, figures, b = resolve(fn, o, reg.name, data)
  local scenario = require("flopcost").scenario(scenario_opts(o, cat))
  local member = scenario:core_params().members[1]
  args.it_kw = o.it_mw * 1000
  args.facility_usd_per_kw, args.rate = member.facility_usd_per_kw, o.rate or member.wacc
  args.spend = o.spend or "linear"
  args.chip_price_usd = member.chip_price_usd
  -- the region's construction cost and cost of capital, with their catalog ranges (models/regions.json),
  -- unless the options fix them
  local meta = reg.meta or {}
  if meta.facility_usd_per_kw and o.facility_usd_per_kw == nil then
    figures.facility_usd_per_kw = { value = args.facility_usd_per_kw, range = meta.facility_usd_per_kw.range }
  end
  if meta.wacc and o.rate == nil then figures.rate = { value = args.rate, range = meta.wacc.range } end
  -- the site's water figures (the options', else the region's with their ranges): the water per EFLOP drawn
  for _, k in ipairs(WATER_KEYS) do
    args[k] = o[k] or reg[k]
    if o[k] == nil and reg[k] and meta[k] and meta[k].range then figures[k] = { value = reg[k], range = meta[k].range } end
  end
  return args, figures, reg, b, chip, scenario, member
end

-- The distributions of the ranged figures no option fixes (fc.ranges.around:
-- PERT(lo, value, hi)), and their names sorted.
local function dists_of(figures)
  local ranges = require "flopcost.ranges"
  local dists, varied = {}, {}
  for name, f in pairs(figures) do
    if type(f) == "table" and type(f.range) == "table" then
      dists[name] = ranges.around(f.value, f.range[1], f.range[2])
      varied[#varied + 1] = name
    end
  end
  table.sort(varied)
  return dists, varied
end

-- The 90% intervals of the plan over the ranged figures: each range a
-- distribution by fc.ranges.around (the project's one rule), the joint draws
-- in C (core.buildout.mc, csrc/core/fc_buildout_mc.c), the cost per EFLOP of
-- each draw the scenario's member with the draw's chip price and facility
-- cost. Sets p.interval ({samples, seed, varied, <output> = {p05, p50, p95,
-- mean}}) and p.draws ({<output> = {...}}).
local function intervals_into(p, o, args, figures, member)
  local dists, varied = dists_of(figures)
  local seed = o.seed or 42
  local mc = B.mc(args, dists, member, { samples = o.samples, seed = seed })
  p.interval, p.draws = { samples = o.samples, seed = seed, varied = varied }, {}
  for name, t in pairs(mc) do
    p.interval[name] = { p05 = t.p05, p50 = t.p50, p95 = t.p95, mean = t.mean }
    p.draws[name] = t.draws
  end
end

--- A build-out from decision to power (see the header); with `samples`,
-- also 90% intervals over the ranged figures (p.interval, p.draws), the
-- site's water figures included (p.interval.water_l_per_eflop). The
-- figures are fc.scenario{..., build = {...}}'s (the one door,
-- csrc/core/fc_compose_build.c), so a plan and a build scenario of the same
-- inputs agree; core.buildout.plan (the same C plan) adds the other buying
-- option's chip price and the spend curve.
-- @tparam table o the build
-- @tparam string o.region the site [name]
-- @tparam string o.chip the chip bought [name]
-- @tparam number o.it_mw IT power built [MW]
-- @tparam string o.start the decision, YYYY-MM [date]
-- @tparam[opt="none"] string o.bridge "none", "gas-turbine" or "fuel-cell" [name]
-- @tparam[opt="at-energization"] string o.chips_bought "at-start" or "at-energization" [name]
-- @tparam[opt="linear"] string o.spend "linear" or "s-curve" [name]
-- @tparam[opt] integer o.samples draws for 90% intervals (with seed) [count]
-- @treturn table time_to_power_months [months], energized [date], waiting_on [name],
-- interest_during_construction_usd, construction_capex_usd_per_mw [USD], bridge costs,
-- usd_per_eflop_at_energization [USD per 1e18 FLOP], water_l_per_eflop [L], interval, draws [plan]
-- @raise "flopcost.buildout.plan: argument 'options': field 'chip': chip name expected, got nil"
-- @usage fc.buildout.plan{region = "us-va", it_mw = 100, start = "2026-01", chip = "B200"}.energized
--   --> "2029-07"
function M.plan(o)
  local fn = "flopcost.buildout.plan"
  local start = check_opts(fn, o)
  local cat = o.catalog or require("flopcost.catalog").default()
  local data = o.data or assert(M.load())
  local args, figures, reg, _, chip, scenario, member = plan_inputs(fn, o, cat, data)
  local sopts = scenario_opts(o, cat)
  sopts.build = build_of(o, args)
  local r = require("flopcost").scenario(sopts):evaluate()
  local p = B.plan(args)
  for k, v in pairs(r.build) do p[k] = v end
  p.energized_months, p.chip_price_factor = r.time_to_power_months, nil
  p.start, p.time_to_power_months = start, r.time_to_power_months
  p.usd_per_eflop_at_energization, p.usd_per_eflop_power_at_once = r.usd_per_eflop, scenario:evaluate().usd_per_eflop
  -- water: the scenario's own (fc_compose_water), with the region's figures or the options'
  p.water_l_per_eflop, p.water_onsite_l_per_eflop, p.water_offsite_l_per_eflop =
    r.water_l_per_eflop, r.water_onsite_l_per_eflop, r.water_offsite_l_per_eflop
  p.region, p.chip, p.it_mw, p.bridge = reg.name, chip.name, o.it_mw, o.bridge or "none"
  p.chips_bought = o.chips_bought or "at-energization"
  p.spend_usd = B.spend { capex_usd = p.construction_capex_usd, months = math.ceil(args.construction_months),
    spend = o.spend or "linear" }
  if o.samples then intervals_into(p, o, args, figures, member) end
  return p
end

local SOBOL_OPTS = { vary = true, output = true, samples = true, seed = true, resamples = true, level = true }

--- Sobol indices (first order and total, Saltelli 2010 / Jansen, with bootstrap intervals) of a
-- build-out output over its uncertain inputs, by the C engine (csrc/core/fc_sensitivity.h)
-- through the plan's model callback (fc_buildout_sobol_model).
-- @tparam table o fc.buildout.plan's options and:
-- @tparam[opt] table o.vary {input = fc.dist...} (default: every ranged figure no option fixes) [distribution]
-- @tparam[opt="usd_per_eflop_at_energization"] string o.output any of plan's interval outputs [name]
-- @tparam[opt=1000] integer o.samples base samples N (N (k + 2) evaluations) [count]
-- @treturn table a flopcost.SobolResult: first, total, first_ci, total_ci by input [share of variance]
-- @raise "flopcost.buildout.sobol: argument 'options': options table expected, got 1"
-- @usage fc.buildout.sobol{region = "us-va", it_mw = 100, start = "2026-01", chip = "B200", samples = 200,
--   seed = 1}:rows()[1].name  --> "chip_decline_per_year"
function M.sobol(o)
  local fn = "flopcost.buildout.sobol"
  check.arg(fn, "options", o, "table", "options table")
  local popts = {}
  for k, v in pairs(o) do if not SOBOL_OPTS[k] then popts[k] = v end end
  check_opts(fn, popts)
  if o.samples ~= nil and not (math.type(o.samples) == "integer" and o.samples >= 2 and o.samples <= 1000000) then
    check.bad_field(fn, "samples", "integer in 2..1000000", o.samples)
  end
  if o.seed ~= nil and not (math.type(o.seed) == "integer" and o.seed >= 0 and o.seed < 2 ^ 53) then
    check.bad_field(fn, "seed", "non-negative integer", o.seed)
  end
  local cat = o.catalog or require("flopcost.catalog").default()
  local args, figures, _, _, _, _, member = plan_inputs(fn, popts, cat, o.data or assert(M.load()))
  local output = o.output or "usd_per_eflop_at_energization"
  local dists = o.vary
  if dists == nil then
    -- the water figures move the water alone: varied by default only for it
    if output ~= "water_l_per_eflop" then for _, k in ipairs(WATER_KEYS) do figures[k] = nil end end
    dists = dists_of(figures)
    if next(dists) == nil then check.fail(fn, "no ranged figure is left to vary (every one fixed by an option)") end
  else
    check.arg(fn, "vary", dists, "table", "table {input = fc.dist...}")
  end
  if output ~= "usd_per_eflop_at_energization" and output ~= "water_l_per_eflop" then member = nil end
  local raw = errors.call(function() return B.sobol(args, dists, member, { output = output, samples = o.samples,
    seed = o.seed, resamples = o.resamples, level = o.level }) end)
  return require("flopcost.sensitivity")._shape(raw)
end

--- The plan at each grid delay of opts.grid_months (default 0, 6, ..., 60), for chips
-- bought at the start and at energization.
-- @tparam table o fc.buildout.plan's options and:
-- @tparam[opt] {number,...} o.grid_months the grid waits [months]
-- @treturn {table,...} per delay: grid_months, energized_months [months], at_start, at_energization (the
-- plans: usd_per_eflop_at_energization [USD per 1e18 FLOP], ...) [plans]
-- @raise "flopcost.buildout.delay_curve: argument 'options': options table expected, got 1"
-- @usage #fc.buildout.delay_curve{region = "us-va", it_mw = 100, start = "2026-01", chip = "B200"}  --> 11
function M.delay_curve(o)
  local fn = "flopcost.buildout.delay_curve"
  check.arg(fn, "options", o, "table", "options table")
  local delays = o.grid_months or { 0, 6, 12, 18, 24, 30, 36, 42, 48, 54, 60 }
  check.arg(fn, "grid_months", delays, "list", "list of grid delays in months")
  local out = {}
  for i, d in ipairs(delays) do
    local opts = {}
    for k, v in pairs(o) do opts[k] = v end
    opts.grid_months, opts.chips_bought = d, "at-start"
    local early = M.plan(opts)
    opts.chips_bought = "at-energization"
    local late = M.plan(opts)
    out[i] = { grid_months = d, energized_months = early.energized_months,
      at_start = early.usd_per_eflop_at_energization, at_energization = late.usd_per_eflop_at_energization }
  end
  return out
end


-- the placement (fc.buildout.place, fc.buildout.place_sobol): flopcost.buildout_place
local place = require "flopcost.buildout_place"
M.place, M.place_sobol = place.place, place.place_sobol
M._value, M._dists_of = value, dists_of -- internal: flopcost.buildout_place reads its figures with them

return M
