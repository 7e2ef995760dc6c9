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
-- The arithmetic is csrc/core/fc_buildout.c (core.buildout.plan, .water); the
-- cost per EFLOP is the scenario's own (fc.scenario) with the facility cost
-- and chip price that power arrives with, water included. Figures:
-- models/buildout.json, with the region's facility cost, cost of capital and
-- water figures from models/regions.json.
local core = require "flopcost.core"
local check = require "flopcost.check"
local errors = require "flopcost.errors"

local M = {}
local B = core.buildout

local function raise(fmt, ...) errors.raise(fmt:format(...)) end

--- The bundled models/buildout.json, or the file at path (decoded).
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

local function find(list, name, what)
  local names = {}
  for _, e in ipairs(list) do
    if e.name == name then return e end
    names[#names + 1] = e.name
  end
  local near = require("flopcost.suggest").closest(tostring(name), names)
  raise("flopcost.buildout.plan: unknown %s '%s'%s (one of %s)", what, tostring(name),
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

local function check_opts(fn, o)
  check.arg(fn, "options", o, "table", "options table")
  check.field(fn, "options", o, "region", "string", "region name")
  check.field(fn, "options", o, "it_mw", function(x) return type(x) == "number" and x > 0 and x < 1e6 end,
    "positive number of MW (below 1e6)")
  check.field(fn, "options", o, "chip", "string", "chip name")
  local start = o.start or "2026-01"
  local y, m = tostring(start):match("^(%d%d%d%d)%-(%d%d)$")
  if not y or tonumber(m) < 1 or tonumber(m) > 12 or tonumber(y) < 2000 or tonumber(y) > 2100 then
    raise("%s: field 'start': a month 'YYYY-MM' in 2000-2100 expected, got %s", fn, check.shown(o.start))
  end
  if o.bridge ~= nil and not BRIDGES[o.bridge] then
    raise("%s: field 'bridge': one of 'none', 'gas-turbine', 'fuel-cell' expected, got %s", fn, check.shown(o.bridge))
  end
  if o.chips_bought ~= nil and not BOUGHT[o.chips_bought] then
    raise("%s: field 'chips_bought': 'at-start' or 'at-energization' expected, got %s", fn, check.shown(o.chips_bought))
  end
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
  return start
end

-- The scenario's figures with the facility cost and chip price of energization.
local function at_energization(o, cat, plan)
  local fc = require "flopcost"
  -- both at the catalog's list price (chip_price_usd), so the gap is the delay's alone
  local base = fc.scenario { chip = o.chip, region = o.region, catalog = cat,
    chip_price_usd = cat:chip(o.chip).price_usd }:evaluate()
  local late = fc.scenario { chip = o.chip, region = o.region, catalog = cat,
    chip_price_usd = plan.chip_price_at_energization_usd,
    facility_usd_per_kw = plan.facility_usd_per_kw_at_energization,
    wue_l_per_kwh = o.wue_l_per_kwh, electricity_water_l_per_kwh = o.electricity_water_l_per_kwh }
  return base, late:evaluate(), late
end

-- The arguments of core.buildout.plan, and the figure objects of
-- models/buildout.json behind the ones no option fixes ({input name = figure}).
local function plan_inputs(fn, o, cat, data)
  local reg = cat:region(o.region)
  local b = find(data.regions, reg.name, "build-out region")
  local chip = cat:chip(o.chip)
  local bridge = o.bridge and o.bridge ~= "none" and find(data.bridge, o.bridge, "bridge plant") or nil
  local args = { it_kw = o.it_mw * 1000, facility_usd_per_kw = reg.facility_usd_per_kw, rate = reg.wacc or 0.06,
    spend = o.spend or "linear",
    construction_months = o.construction_months or value(b.construction_months, b.name .. " construction_months"),
    equipment_lead_months = o.equipment_lead_months or value(data.equipment_lead_months, "equipment_lead_months"),
    grid_months = o.grid_months or value(b.grid_months, b.name .. " grid_months"),
    bridge = bridge ~= nil, bridge_months = bridge and value(bridge.months, bridge.name .. " months") or 0,
    bridge_capex_usd_per_kw = bridge and value(bridge.capex_usd_per_kw, "capex_usd_per_kw") or 0,
    heat_rate_mmbtu_per_mwh = bridge and value(bridge.heat_rate_mmbtu_per_mwh, "heat_rate_mmbtu_per_mwh") or 1,
    fuel_usd_per_mmbtu = bridge and value(bridge.fuel_usd_per_mmbtu, "fuel_usd_per_mmbtu") or 0,
    kg_co2_per_mmbtu = bridge and value(bridge.kg_co2_per_mmbtu, "kg_co2_per_mmbtu") or 0,
    bridge_load_factor = bridge and value(bridge.load_factor, "load_factor") or 1,
    chip_price_usd = chip.price_usd or raise("%s: chip '%s' has no price in the catalog", fn, chip.name),
    chip_decline_per_year = o.chip_price_decline_per_year
      or value(data.chip_price_decline_per_year, "chip_price_decline_per_year"),
    chips_at_start = o.chips_bought == "at-start" }
  local figures = { construction_months = o.construction_months == nil and b.construction_months or nil,
    equipment_lead_months = o.equipment_lead_months == nil and data.equipment_lead_months or nil,
    grid_months = o.grid_months == nil and b.grid_months or nil,
    chip_decline_per_year = o.chip_price_decline_per_year == nil and data.chip_price_decline_per_year or nil }
  if bridge then
    figures.bridge_months, figures.bridge_capex_usd_per_kw = bridge.months, bridge.capex_usd_per_kw
    figures.heat_rate_mmbtu_per_mwh, figures.fuel_usd_per_mmbtu = bridge.heat_rate_mmbtu_per_mwh, bridge.fuel_usd_per_mmbtu
    figures.bridge_load_factor = bridge.load_factor
  end
  return args, figures, reg, b, chip
end

-- The 90% intervals of the plan over the ranged figures: each range a
-- distribution by fc.ranges.around (the project's one rule), the joint draws
-- in C (core.buildout.mc, csrc/core/fc_buildout_mc.c), the cost per EFLOP of
-- each draw the late scenario's own member with the draw's chip price and
-- facility cost. Sets p.interval ({samples, seed, varied, <output> = {p05,
-- p50, p95, mean}}) and p.draws ({<output> = {...}}).
local function intervals_into(p, o, args, figures, late_scenario)
  local ranges = require "flopcost.ranges"
  local dists, varied = {}, {}
  for name, f in pairs(figures) do
    if type(f) == "table" and type(f.range) == "table" then
      dists[name] = ranges.around(f.value, f.range[1], f.range[2])
      varied[#varied + 1] = name
    end
  end
  table.sort(varied)
  local member = late_scenario:core_params().members[1]
  local seed = o.seed or 42
  local mc = B.mc(args, dists, member, { samples = o.samples, seed = seed })
  p.interval, p.draws = { samples = o.samples, seed = seed, varied = varied }, {}
  for name, t in pairs(mc) do
    p.interval[name] = { p05 = t.p05, p50 = t.p50, p95 = t.p95, mean = t.mean }
    p.draws[name] = t.draws
  end
end

--- A build-out from decision to power (see the header); with `samples`,
-- also 90% intervals over the ranged figures (p.interval, p.draws).
function M.plan(o)
  local fn = "flopcost.buildout.plan"
  local start = check_opts(fn, o)
  local cat = o.catalog or require("flopcost.catalog").default()
  local data = o.data or assert(M.load())
  local args, figures, reg, b, chip = plan_inputs(fn, o, cat, data)
  local p = B.plan(args)
  local base, late, late_scenario = at_energization(o, cat, p)
  p.time_to_power_months = p.energized_months
  p.start, p.energized, p.grid = start, add_months(start, p.energized_months), add_months(start, p.grid_months)
  p.construction_capex_usd_per_mw = reg.facility_usd_per_kw * 1000
  p.usd_per_eflop_at_energization, p.usd_per_eflop_power_at_once = late.usd_per_eflop, base.usd_per_eflop
  -- water: the scenario's own (fc_compose_water), with the region's figures or the options'
  p.water_l_per_eflop, p.water_onsite_l_per_eflop, p.water_offsite_l_per_eflop =
    late.water_l_per_eflop, late.water_onsite_l_per_eflop, late.water_offsite_l_per_eflop
  p.region, p.chip, p.it_mw, p.bridge = reg.name, chip.name, o.it_mw, o.bridge or "none"
  p.chips_bought = o.chips_bought or "at-energization"
  p.spend_usd = B.spend { capex_usd = p.construction_capex_usd, months = math.ceil(
    o.construction_months or value(b.construction_months, "construction_months")), spend = o.spend or "linear" }
  if o.samples then intervals_into(p, o, args, figures, late_scenario) end
  return p
end

--- The plan at each grid delay of opts.grid_months (default 0, 6, ..., 60), for chips
-- bought at the start and at energization: {grid_months, energized_months, at_start, at_energization}.
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


-- The network figures of models/buildout.json (network = {...}) as numbers.
local function network_of(data, o)
  local net = data.network or raise("flopcost.buildout.place: the build-out file has no 'network' figures")
  local function fig(k) return o[k] or value(net[k], "network." .. k) end
  return { access_rtt_s = fig("access_rtt_ms") / 1000, backbone_rtt_s = fig("backbone_rtt_ms") / 1000,
    usd_per_gb = fig("usd_per_gb"), traffic_gb_per_mtok = fig("traffic_gb_per_mtok") }
end

local function check_place(fn, o)
  check.arg(fn, "options", o, "table", "options table")
  for _, k in ipairs { "chip", "model", "users" } do check.field(fn, "options", o, k, "string") end
  for _, k in ipairs { "train", "serve" } do
    check.field(fn, "options", o, k, function(v) return type(v) == "table" and #v >= 1 end, "list of region names")
  end
  check.field(fn, "options", o, "train_flops", function(v) return type(v) == "number" and v > 0 and v < math.huge end,
    "positive number of FLOP")
  check.field(fn, "options", o, "mtok", function(v) return type(v) == "number" and v >= 0 and v < math.huge end,
    "non-negative number of million tokens")
  check.field(fn, "options", o, "slo_ttft_s", function(v) return type(v) == "number" and v > 0 and v < math.huge end,
    "positive number of seconds")
end

--- Where to train and where to serve (csrc/core/fc_buildout_place.h): every
-- pair of o.train and o.serve regions, training o.train_flops on o.chip and
-- serving o.mtok million tokens of o.model to users in o.users within
-- o.slo_ttft_s (each serving site serves within the SLO less its round trip
-- to the users), under o.budget_usd. Returns {best = row or nil, rows = {{train,
-- serve, train_usd, serve_usd_per_mtok, serve_ttft_s, transfer_usd, traffic_usd,
-- rtt_s, ttft_seen_s, total_usd, feasible}}, unservable = {region = message}}.
function M.place(o)
  local fn = "flopcost.buildout.place"
  check_place(fn, o)
  local fc = require "flopcost"
  local cat = o.catalog or require("flopcost.catalog").default()
  local data = o.data or assert(M.load())
  local net = network_of(data, o)
  local terms = { mtok = o.mtok, model_bytes = 0, traffic_gb_per_mtok = net.traffic_gb_per_mtok,
    usd_per_gb = net.usd_per_gb, access_rtt_s = net.access_rtt_s, backbone_rtt_s = net.backbone_rtt_s,
    slo_ttft_s = o.slo_ttft_s, budget_usd = o.budget_usd }
  local input, output = o.input_tokens or 2000, o.output_tokens or 500
  local serve, unservable = {}, {}
  for _, s in ipairs(o.serve) do
    local far = cat:region(s).name ~= cat:region(o.users).name
    local left, why = B.ttft_left(terms, far)
    local ok, r = false, why
    if left then
      ok, r = pcall(function() return fc.scenario { chip = o.serve_chip or o.chip, region = s, catalog = cat,
        workload = { kind = "inference", model = o.model, input_tokens = input, output_tokens = output,
          slo = { ttft_s = left } } }:evaluate() end)
    end
    if ok then serve[#serve + 1] = { region = cat:region(s).name, far = far, r = r }
    else unservable[cat:region(s).name] = errors.strip(tostring(r)) end
  end
  terms.model_bytes = fc.inference.serve { model = o.model, chip = o.serve_chip or o.chip, input_tokens = input,
    output_tokens = output }.weights_bytes
  local rows, opts = {}, {}
  for _, t in ipairs(o.train) do
    local train = fc.scenario { chip = o.chip, region = t, catalog = cat, job = { flops = o.train_flops } }:evaluate()
    for _, s in ipairs(serve) do
      local tr = cat:region(t).name
      rows[#rows + 1] = { train = tr, serve = s.region, train_usd = train.job.cost_usd,
        serve_usd_per_mtok = s.r.usd_per_mtok_blended, serve_ttft_s = s.r.inference.ttft_s }
      opts[#opts + 1] = { train_usd = train.job.cost_usd, serve_usd_per_mtok = s.r.usd_per_mtok_blended,
        serve_ttft_s = s.r.inference.ttft_s, cross_region = tr ~= s.region, serve_far = s.far }
    end
  end
  if #opts == 0 then raise("%s: no serving region can meet the TTFT target (%s)", fn, check.shown(o.slo_ttft_s)) end
  local res = B.place(terms, opts)
  for i, r in ipairs(res.rows) do for k, v in pairs(r) do rows[i][k] = v end end
  return { best = res.best and rows[res.best], rows = rows, unservable = unservable, terms = terms }
end

return M
