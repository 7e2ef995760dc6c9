--- flopcost.scenario: a region, a chip mix and their economics, resolved
-- against the catalog into the core's parameters and evaluated in C.
--
--   local s = fc.scenario{ region = "cn-guizhou", chips = { ["H800-SXM"] = 0.6, ["Ascend-910B"] = 0.4 },
--                          utilization = 0.7, precision = "bf16" }
--   local r = s:evaluate()   -- r.usd_per_eflop, r.breakdown, r.cloud, r.job
--
-- Every option has a default from the catalog or from the core's one table
-- of defaults (csrc/fc_compose.c: numbers, and the names in M.NAMED), and
-- every core field can be overridden (globally, or per chip via `overrides`).
local core = require("flopcost.core").scenario
local core_price = require("flopcost.core").price
local core_convention = require("flopcost.core").convention

local M = {}
local check = require "flopcost.check"

--- The defaults that name things (region "us-avg", precision "bf16", its stand-in
-- "fp16", packaging "CoWoS-S", HBM "HBM3", price_trend "epoch"), as the core's table
-- holds them with their sources (fc_compose_named_default); read, never copied.
M.NAMED = core.desc_fields().names

--- A chip's dense peak TFLOP/s at `precision` (default M.NAMED.precision),
-- or at the precision the core names as its stand-in when the chip has no
-- figure for it; returns tflops and the precision used, or nil.
function M.peak_tflops(chip, precision)
  check.arg("flopcost.scenario.peak_tflops", "chip", chip, "table", "chip entry (table)")
  check.optional("flopcost.scenario.peak_tflops", "precision", precision, "string", "precision name (string)")
  local pk = type(chip.peak_tflops) == "table" and chip.peak_tflops or {}
  precision = precision or M.NAMED.precision
  if pk[precision] then return pk[precision], precision end
  local alt = M.NAMED["precision.fallback." .. precision]
  if alt and pk[alt] then return pk[alt], alt end
  return nil
end

local FN = "flopcost.scenario"
local EFLOP = 1e18

--- Options a scenario accepts (besides the core field names, which override directly).
local OPTIONS = {
  "name", "region", "chips", "chip", "catalog", "coupling", "heterogeneity_penalty",
  "precision", "cluster_size", "currency", "job", "overrides", "commitment",
  "use_power_curve", "chip_price_premium", "wacc_parts", "description", "manufacturing",
  "mfu_from", "workload", "as_of", "convention", "developer", "price_trend", "electricity_year",
}

local core_fields = {}
for _, f in ipairs(core.fields()) do core_fields[f] = true end

local known_options = {}
for _, f in ipairs(OPTIONS) do known_options[f] = true end
for f in pairs(core_fields) do known_options[f] = true end
known_options.power_curve = nil -- set per chip from the catalog, or in overrides

local function fail(msg, level) error(FN .. ": " .. msg, (level or 1) + 1) end

-- The nearest option name, for "did you mean".
local closest = require("flopcost.suggest").closest

-- A value as error messages show it (NaN prints "nan" on every platform).
local function shown(v)
  if type(v) == "number" and v ~= v then return "nan" end
  if type(v) == "string" then return "'" .. v .. "'" end
  return tostring(v)
end

local function sorted_keys(t)
  local ks = {}
  for k in pairs(t) do ks[#ks + 1] = k end
  table.sort(ks)
  return ks
end

--- Reads the chip mix: `chips = { name = share or count }`, or `chip = name`.
-- Shares (summing to 1) and counts (any positive numbers) are both accepted;
-- only their ratios matter for cost per FLOP. Returns names, weights (sorted by name).
local function read_mix(opts)
  local chips = opts.chips
  if chips == nil and opts.chip ~= nil then chips = { [opts.chip] = 1 } end
  if type(chips) ~= "table" then
    fail(("field 'chips': table of chip = share or count expected, got %s"):format(type(chips)), 3)
  end
  local names, weights = {}, {}
  for _, name in ipairs(sorted_keys(chips)) do
    local w = chips[name]
    if type(name) ~= "string" then
      fail("field 'chips': chip names expected as keys, got " .. type(name), 3)
    end
    if math.type(w) == nil or w ~= w or w < 0 or w == math.huge then
      fail(("field 'chips.%s': non-negative number expected, got %s"):format(name, shown(w)), 3)
    end
    names[#names + 1], weights[#weights + 1] = name, w
  end
  local total = 0
  for _, w in ipairs(weights) do total = total + w end
  if #names == 0 or total <= 0 then fail("field 'chips': empty chip mix", 3) end
  return names, weights
end

local function mix_label(names, weights)
  if #names == 1 then return names[1] end
  local total = 0
  for _, w in ipairs(weights) do total = total + w end
  local parts = {}
  for i, name in ipairs(names) do
    parts[#parts + 1] = ("%g%% %s"):format(math.floor(weights[i] / total * 1000 + 0.5) / 10, name)
  end
  return table.concat(parts, " + ")
end

local function catalog_of(opts)
  if opts.catalog then return opts.catalog end
  return require("flopcost.catalog").default()
end

local function shown_type(v)
  if type(v) == "table" then return "table" end
  return shown(v)
end

-- Keys of a table checked against a list, with "did you mean".
local function check_keys(t, known, where, level)
  for k in pairs(t) do
    if type(k) ~= "string" or not known[k] then
      local list = sorted_keys(known)
      local near = type(k) == "string" and closest(k, list)
      fail(("field '%s': unknown field '%s'%s"):format(where, tostring(k),
        near and (" (did you mean '%s'?)"):format(near) or ""), level + 1)
    end
  end
end

local function set_of(list)
  local t = {}
  for _, k in ipairs(list) do t[k] = true end
  return t
end

--- The region's figures as the catalog gives them (electricity in its own
-- currency, with the FX rate to convert it): fields of the description.
local REGION_FIELDS = { "electricity_price_per_kwh", "pue", "facility_usd_per_kw", "wacc",
  "grid_kg_co2_per_kwh", "green_share", "carbon_usd_per_t" }
local function region_into(d, cat, region)
  for _, f in ipairs(REGION_FIELDS) do d["region." .. f] = region[f] end
  if region.currency and region.currency ~= "USD" then
    d["region.fx_per_usd"] = cat:convert(1, "USD", region.currency)
  end
end

local curve_cache = setmetatable({}, { __mode = "k" })

--- The chip's measured power curve as a core object (built once per chip table).
local function power_curve_of(chip)
  local pc = chip.power_curve
  if not pc then return nil end
  if not curve_cache[chip] then
    local energy = require("flopcost.core").energy
    curve_cache[chip] = energy.power_curve { utilization = pc.utilization, power_w = pc.power_w }
  end
  return curve_cache[chip]
end
M._power_curve_of = power_curve_of -- internal: flopcost.inference builds its chips with it

local function precision_list(chip)
  local l = sorted_keys(chip.peak_tflops or {})
  return table.concat(l, ", ")
end

local MANUFACTURING = set_of { "process", "die_area_mm2", "dies", "yield", "packaging", "hbm", "hbm_stacks",
  "markup", "test_usd", "assembly_usd" }

--- The inputs of the yield chain for one chip, looked up by name in the
-- catalog (process, packaging, HBM): fields of a description chip.
-- m = { process = (chip's), die_area_mm2 = (chip's), dies = (chip's), yield = (or the
-- negative binomial model from the process D0 and alpha), packaging = (M.NAMED's,
-- "CoWoS-S"), hbm = (M.NAMED's, "HBM3"), hbm_stacks = (chip's), markup, test_usd, assembly_usd }
local function manufacturing_into(c, cat, chip, m, level)
  local fn = FN .. ": field 'manufacturing'"
  if type(m) ~= "table" then
    fail(("field 'manufacturing': table {process=, yield=, hbm=, ...} expected, got %s"):format(shown_type(m)),
      level + 1)
  end
  check_keys(m, MANUFACTURING, "manufacturing", level + 1)
  local process = cat:process(m.process or chip.process or
    error(fn .. ": process expected (the chip has none in the catalog)", level + 1))
  c["manufacturing"] = 1
  c["manufacturing.wafer_cost_usd"] = process.wafer_cost_usd
  c["manufacturing.wafer_diameter_mm"] = process.wafer_diameter_mm
  c["manufacturing.edge_exclusion_mm"] = process.edge_exclusion_mm
  c["manufacturing.scribe_mm"] = process.scribe_mm
  c["manufacturing.defect_density_per_cm2"] = process.defect_density_per_cm2
  c["manufacturing.alpha"] = process.alpha
  c["manufacturing.die_area_mm2"] = m.die_area_mm2 or chip.die_area_mm2
  c["manufacturing.dies"] = m.dies or chip.dies
  c["manufacturing.yield"] = m.yield
  local pk = cat:packaging(m.packaging or M.NAMED["manufacturing.packaging"])
  local parts = { process = process.name, packaging = pk.name }
  c["manufacturing.substrate_usd"] = pk.cost_usd
  c["manufacturing.bonding_yield"] = pk.bonding_yield
  local stacks = m.hbm_stacks or chip.hbm_stacks
  c["manufacturing.hbm_stacks"] = stacks
  if stacks and stacks > 0 then
    local hbm = cat:hbm(m.hbm or M.NAMED["manufacturing.hbm"])
    parts.hbm = hbm.name
    c["manufacturing.hbm_gb_per_stack"], c["manufacturing.hbm_usd_per_gb"] = hbm.gb_per_stack, hbm.cost_usd_per_gb
  end
  c["manufacturing.markup"], c["manufacturing.test_usd"], c["manufacturing.assembly_usd"] =
    m.markup, m.test_usd, m.assembly_usd
  for k, v in pairs(c) do
    if k:match("^manufacturing%.") and type(v) ~= "number" then
      fail(("field 'manufacturing.%s': number expected, got %s"):format(k:sub(15), shown_type(v)), level + 1)
    end
  end
  return parts
end

--- Manufactured chip price from the yield chain (composed in C): the price
-- and the package breakdown {total_usd, logic_usd, hbm_usd, dies = {...}, ...}.
function M.manufactured_price(cat, chip, m)
  local c = {}
  manufacturing_into(c, cat, chip, m, 2)
  return core.manufacture(c)
end

--- The grey-market premium on a chip in a region: only on chips the export
-- rules restrict there, or the region's own table.
local function premium_of(cat, chip, region, opts)
  local premium = opts.chip_price_premium
  if premium == nil and cat.availability and region.destination then
    premium = cat:availability(chip.name, region).premium
  elseif premium == nil and region.chip_price_premium then
    premium = region.chip_price_premium[chip.name] or region.chip_price_premium.default
  end
  return premium
end

-- The index of a name in a list, 0-based (the core's enums), or nil.
local function index0(list, name)
  for i, v in ipairs(list) do if v == name then return i - 1 end end
end

-- A chip's dated observations {date, price (USD), basis, source}: the
-- reference figure (price_usd with price_basis) first, then `prices`.
local function price_observations(cat, chip)
  local obs = {}
  if chip.price_usd then
    local m = chip.meta and chip.meta.price_usd
    obs[1] = { date = m and m.as_of or chip.as_of, price = chip.price_usd, basis = chip.price_basis or "chip",
               source = m and m.source or chip.source }
  end
  for _, o in ipairs(chip.prices or {}) do
    local usd = o.value
    if o.currency and o.currency ~= "USD" then usd = cat:convert(o.value, o.currency, "USD") end
    obs[#obs + 1] = { date = o.date, price = usd, basis = o.basis, source = o.source, currency = o.currency,
                      value = o.value }
  end
  return obs
end

-- The decline of prices between observations: Epoch AI's 0.14 OOM/year, the
-- chip's own trend over observations of its reference basis, or a number.
local function decline_of(opts, obs, chip, level)
  local t = opts.price_trend
  if t == nil then t = M.NAMED.price_trend end
  if t == "epoch" then return core_price.EPOCH_DECLINE_OOM_PER_YEAR end
  if math.type(t) and t == t and t > -math.huge and t < math.huge then return t end
  if t == "chip" then
    local d, err = core_price.decline_fit { observations = obs, basis = obs[1].basis }
    if not d then fail(("field 'price_trend': chip '%s': %s"):format(chip.name, err:gsub("^[^:]*: ", "")), level + 1) end
    return d
  end
  fail(("field 'price_trend': 'epoch', 'chip' or a number (OOM per year) expected, got %s"):format(shown(t)), level + 1)
end

-- The purchase price used: {usd, basis, date (of the observation), as_of,
-- source, decline}; at opts.as_of the nearest observation moved along the
-- decline (fc_price_at), under Epoch's convention its value at the start of
-- training (fc_price_epoch_value).
local function price_of(cat, chip, opts, level)
  local obs = price_observations(cat, chip)
  if #obs == 0 then return nil end
  if opts.as_of == nil then
    local o = obs[1]
    return { usd = o.price, basis = o.basis, date = o.date, source = o.source }
  end
  for _, o in ipairs(obs) do
    if o.date == nil then
      fail(("field 'as_of': chip '%s' has an undated price (prices at a date need dated observations)"):format(
        chip.name), level + 1)
    end
  end
  local d = decline_of(opts, obs, chip, level + 1)
  local p, i, basis
  if opts.convention == "epoch" then
    if not chip.released then
      fail(("convention 'epoch': chip '%s' has no release date in the catalog"):format(chip.name), level + 1)
    end
    p, i, basis = core_price.epoch_value { observations = obs, released = chip.released, start = opts.as_of,
                                           decline_oom_per_year = d }
  else
    p, i, basis = core_price.at { observations = obs, as_of = opts.as_of, decline_oom_per_year = d }
  end
  return { usd = p, basis = basis, date = obs[i].date, as_of = opts.as_of, source = obs[i].source, decline = d }
end

-- The rental price in the region's market: in China only Chinese rentals
-- (in CNY, converted); US prices do not apply there (export controls, another
-- market). Returns usd or nil and the reason there is none.
local function rental_of(cat, chip, region, opts)
  local china = region.destination == "china"
  local obs = {}
  if not china and chip.rental_usd_per_hour then
    local m = chip.meta and chip.meta.rental_usd_per_hour
    obs[1] = { date = m and m.as_of or chip.as_of, price = chip.rental_usd_per_hour, basis = "chip" }
  end
  for _, o in ipairs(chip.rentals or {}) do
    if (o.market or "us") == (china and "china" or region.destination) then
      local usd = o.value
      if o.currency and o.currency ~= "USD" then usd = cat:convert(o.value, o.currency, "USD") end
      obs[#obs + 1] = { date = o.date, price = usd, basis = "chip" }
    end
  end
  if #obs == 0 then
    if china then
      return nil, ("no sourced rental price for %s in China (US rental prices do not apply there)"):format(chip.name)
    end
    return nil, ("no rental price for %s in the catalog"):format(chip.name)
  end
  if opts.as_of == nil then
    -- the latest observation
    local best = obs[1]
    for _, o in ipairs(obs) do if (o.date or "") > (best.date or "") then best = o end end
    return best.price
  end
  for _, o in ipairs(obs) do if o.date == nil then return obs[1].price end end
  return (core_price.at { observations = obs, as_of = opts.as_of })
end

--- A description chip from the catalog entry.
local function chip_desc(chip, opts, region, cat, count, level)
  local c = { name = chip.name, count = count }
  local precision = opts.precision or M.NAMED.precision
  local tflops = M.peak_tflops(chip, precision)
  -- serving may store weights below the chip's lowest compute precision
  if opts.workload ~= nil then tflops = require("flopcost.inference").peak_tflops(chip, precision) or tflops end
  if not tflops then
    fail(("chip '%s' has no dense %s figure in the catalog (it has: %s)"):format(
      chip.name, precision, precision_list(chip)), level + 1)
  end
  c["chip.peak_flops_per_s"] = tflops * 1e12
  c["chip.tdp_w"], c["chip.idle_w"] = chip.tdp_w, chip.idle_w
  local price = price_of(cat, chip, opts, level + 1)
  if price then
    c["chip.price_usd"], c["chip.price_basis"] = price.usd, index0(core_price.bases, price.basis)
  end
  c["chip.server_multiple"], c["chip.server_power_multiple"] = chip.server_multiple, chip.server_power_multiple
  local rental, no_cloud = rental_of(cat, chip, region, opts)
  c["chip.rental_usd_per_hour"] = rental
  local parts
  if opts.manufacturing ~= nil then parts = manufacturing_into(c, cat, chip, opts.manufacturing, level + 1) end
  c.chip_price_premium = premium_of(cat, chip, region, opts)
  if opts.use_power_curve ~= false then c.power_curve = power_curve_of(chip) end
  if opts.workload ~= nil then require("flopcost.inference")._chip_into(c, chip) end
  return c, parts, price, no_cloud
end

-- Where a catalog figure comes from: its own source and date (figure
-- objects), else the entry's. Returns "source (as_of)" or nil.
local function source_of(entry, field)
  local m = entry.meta and entry.meta[field]
  local src = m and m.source or entry.source
  local as_of = m and m.as_of or entry.as_of
  if not src then return nil end
  -- date and range first: the citation itself can be long
  local text = as_of and (as_of .. " ") or ""
  if m and m.range then text = text .. ("[range %s-%s] "):format(tostring(m.range[1]), tostring(m.range[2])) end
  return text .. src
end

-- The catalog figures behind each core field of a member.
local REGION_SOURCES = { electricity_usd_per_kwh = "electricity_price_per_kwh", pue = "pue",
  facility_usd_per_kw = "facility_usd_per_kw", wacc = "wacc", grid_kg_co2_per_kwh = "grid_kg_co2_per_kwh",
  green_share = "green_share", carbon_usd_per_t = "carbon_usd_per_t" }
local CHIP_SOURCES = { chip_price_usd = "price_usd", tdp_w = "tdp_w", idle_w = "idle_w",
  rental_usd_per_hour = "rental_usd_per_hour" }

local function record_sources(sources, label, opts, chip, region, precision)
  for field, cf in pairs(REGION_SOURCES) do
    if opts[field] == nil and region[cf] ~= nil then
      local src = source_of(region, cf)
      if cf == "electricity_price_per_kwh" and region.currency and region.currency ~= "USD" then
        src = ("(%s per kWh, converted at the FX table) %s"):format(region.currency, src or "")
      end
      sources[#sources + 1] = { field = field, of = region.name, source = src, kind = "region", figure = cf }
    end
  end
  for field, cf in pairs(CHIP_SOURCES) do
    if opts[field] == nil and chip[cf] ~= nil then
      sources[#sources + 1] = { field = field, of = label, source = source_of(chip, cf), kind = "chip", figure = cf }
    end
  end
  if opts.peak_flops_per_s == nil then
    sources[#sources + 1] = { field = "peak_flops_per_s", of = label,
      source = source_of(chip, "peak_tflops." .. precision), kind = "chip", figure = "peak_tflops." .. precision }
  end
end

local WACC_PARTS = set_of { "debt_fraction", "cost_of_debt", "cost_of_equity", "tax_rate", "inflation" }
local GOODPUT = set_of { "checkpoint_s", "restart_s", "mtbf_h", "chips" }
local JOB = set_of { "flops", "params", "active_params", "tokens", "chips", "chip_hours" }
local CONVENTIONS = set_of(core_convention.names)

-- Copies the numbers of table t (keys checked against known) into d as prefix.key.
local function numbers_into(d, t, known, prefix, level, rename)
  if type(t) ~= "table" then
    fail(("field '%s': table expected, got %s"):format(prefix, shown_type(t)), level + 1)
  end
  check_keys(t, known, prefix, level + 1)
  for k, v in pairs(t) do
    if math.type(v) == nil then
      fail(("field '%s.%s': number expected, got %s"):format(prefix, k, shown_type(v)), level + 1)
    end
    d[(rename and rename[k]) or (prefix .. "." .. k)] = v
  end
end

-- Core fields given as options: every chip's overrides (a table for a
-- scalar field is an error, not a silent default).
local function core_overrides(opts, level)
  local over = {}
  for f in pairs(core_fields) do
    local v = opts[f]
    if v ~= nil and not (f == "goodput" and type(v) == "table") then
      if type(v) == "table" then
        fail(("field '%s': %s expected, got table"):format(f, f == "recovery" and "name" or "number"), level + 1)
      end
      over[f] = v
    end
  end
  return over
end

--- The scenario's description: every number it starts from, looked up by
-- name in the catalog, composed into the core's parameters by C
-- (csrc/fc_compose.c, core.scenario.compose / eval_desc).
local function describe(self, level)
  level = (level or 1) + 1
  local opts, cat = self.opts, self.catalog
  local region
  if type(opts.region) == "table" then
    local checked, err = require("flopcost.core").catalog.check_entry("regions", opts.region, "scenario", "region", FN)
    if not checked then
      err = err:gsub("^scenario: ", "")
      fail(("field 'region': %s"):format(err), level)
    end
    region = opts.region
  else
    region = cat:region(opts.region or M.NAMED.region)
  end
  local d = { chips = {} }
  region_into(d, cat, region)
  if opts.wacc_parts ~= nil then numbers_into(d, opts.wacc_parts, WACC_PARTS, "wacc_parts", level) end
  if opts.commitment ~= nil then
    local c = type(opts.commitment) == "string" and core.commitment(opts.commitment)
    if not c then
      fail(("field 'commitment': one of 'none', '1y', '3y' expected, got %s"):format(shown_type(opts.commitment)),
        level)
    end
    d.commitment = c
  end
  if type(opts.goodput) == "table" then numbers_into(d, opts.goodput, GOODPUT, "goodput", level) end
  -- mfu_from = "DeepSeek-V3": the MFU a published run achieved (its FLOPs over
  -- its reported chip-hours at its chip's peak for its precision)
  if opts.mfu_from ~= nil then
    if type(opts.mfu_from) ~= "string" then
      fail(("field 'mfu_from': run name expected, got %s"):format(shown(opts.mfu_from)), level)
    end
    local run = cat:run(opts.mfu_from)
    local rchip = cat:chip(run.chip)
    local prec = (run.precision or M.NAMED.precision):match("^(%w+)")
    local tflops = M.peak_tflops(rchip, prec) or M.peak_tflops(rchip)
    if not (run.gpu_hours and tflops) then
      fail(("field 'mfu_from': run '%s' reports no GPU-hours or its chip no %s peak"):format(run.name, prec), level)
    end
    d["mfu_from.params"], d["mfu_from.active_params"], d["mfu_from.tokens"] = run.params, run.active_params, run.tokens
    d["mfu_from.gpu_hours"], d["mfu_from.peak_flops_per_s"] = run.gpu_hours, tflops * 1e12
  end
  -- a published convention (csrc/fc_convention.h) and the inputs it looks up
  local conv = opts.convention
  if conv ~= nil and not CONVENTIONS[conv] then
    fail(("field 'convention': one of 'all-in', 'epoch', 'model-card' expected, got %s"):format(shown(conv)), level)
  end
  if opts.as_of ~= nil and (type(opts.as_of) ~= "string" or not pcall(core_price.date_days, opts.as_of)) then
    fail(("field 'as_of': date YYYY, YYYY-MM or YYYY-MM-DD expected, got %s"):format(shown(opts.as_of)), level)
  end
  if opts.developer ~= nil and type(opts.developer) ~= "string" then
    fail(("field 'developer': organization name expected, got %s"):format(shown_type(opts.developer)), level)
  end
  if conv ~= nil then d.convention = index0(core_convention.names, conv) end
  if conv == "epoch" then
    if opts.as_of == nil then
      fail("convention 'epoch' needs as_of (the start of training: hardware is valued then)", level)
    end
    d["convention.pue"] = core_convention.epoch_pue(opts.developer)
    local year = opts.electricity_year or tonumber(opts.as_of:sub(1, 4))
    local usd, err = core_convention.us_industrial_usd_per_kwh(year)
    if not usd then fail(("convention 'epoch': %s"):format(err:gsub("^[^:]*: ", "")), level) end
    d["convention.electricity_usd_per_kwh"] = usd
    -- Epoch's TPU draw: 0.43 of TDP (server_TDP_fraction)
    local all_tpu = true
    for _, name in ipairs(self.chip_names) do
      if cat:chip(name).vendor ~= "Google" then all_tpu = false end
    end
    if all_tpu then d["convention.average_power_fraction"] = core_convention.EPOCH_AVERAGE_POWER_FRACTION_TPU end
  end
  if opts.coupling == "lockstep" then d.coupling = 1 end
  d.heterogeneity_penalty = opts.heterogeneity_penalty
  if opts.job ~= nil then
    numbers_into(d, opts.job, JOB, "job", level)
  end
  if opts.cluster_size ~= nil then d.cluster_size = opts.cluster_size end
  if opts.currency ~= nil and opts.currency ~= "USD" then
    if type(opts.currency) ~= "string" then
      fail(("field 'currency': currency code expected, got %s"):format(shown_type(opts.currency)), level)
    end
    d.currency_per_usd = cat:convert(1, "USD", opts.currency)
  end
  if opts.use_power_curve ~= nil and type(opts.use_power_curve) ~= "boolean" then
    fail(("field 'use_power_curve': boolean expected, got %s"):format(shown_type(opts.use_power_curve)), level)
  end
  if opts.workload ~= nil then require("flopcost.inference")._workload_into(d, opts, cat, level) end
  d.over = core_overrides(opts, level)
  local overrides = opts.overrides
  if overrides ~= nil and type(overrides) ~= "table" then
    fail(("field 'overrides': table {[chip] = {field = value}} expected, got %s"):format(shown_type(overrides)), level)
  end
  local sources = {}
  self.prices, self.no_cloud, self.parts = {}, nil, {}
  for i, name in ipairs(self.chip_names) do
    local chip = cat:chip(name)
    record_sources(sources, chip.name or name, opts, chip, region, opts.precision or M.NAMED.precision)
    local c, parts, price, no_cloud = chip_desc(chip, opts, region, cat, self.chip_weights[i], level)
    self.parts[i] = parts or {}
    if price then
      self.prices[chip.name] = price
      -- the source of the price actually used: its date, basis and citation
      for _, s in ipairs(sources) do
        if s.field == "chip_price_usd" and s.of == chip.name then
          if price.as_of then
            s.source = ("%s [%s, moved to %s] %s"):format(price.date, price.basis, price.as_of, price.source or "")
          else
            s.source = ("[%s] %s"):format(price.basis, s.source or "")
          end
        end
      end
    end
    if no_cloud then
      self.no_cloud = no_cloud
      for k = #sources, 1, -1 do -- the catalog's rental is not the one used
        if sources[k].field == "rental_usd_per_hour" and sources[k].of == chip.name then table.remove(sources, k) end
      end
    end
    local over = overrides and (overrides[name] or overrides[chip.name])
    if over ~= nil then
      if type(over) ~= "table" then
        fail(("field 'overrides.%s': table of core fields expected, got %s"):format(name, shown_type(over)), level)
      end
      c.over = over
    end
    if c["chip.price_usd"] == nil and c.manufacturing == nil and d.over.chip_price_usd == nil and
       not (over and over.chip_price_usd) then
      fail(("chip '%s' has no price_usd in the catalog: give chip_price_usd or overrides['%s']"):format(
        chip.name, name), level)
    end
    d.chips[i] = c
  end
  if overrides then
    for k in pairs(overrides) do
      local used = false
      for _, name in ipairs(self.chip_names) do
        if k == name or k == cat:chip(name).name then used = true end
      end
      if not used then
        local near = type(k) == "string" and closest(k, self.chip_names)
        fail(("field 'overrides': '%s' is not a chip of this scenario%s"):format(tostring(k),
          near and (" (did you mean '%s'?)"):format(near) or ""), level)
      end
    end
  end
  table.sort(sources, function(a, b)
    if a.of ~= b.of then return a.of < b.of end
    return a.field < b.field
  end)
  self.sources = sources
  self.region_entry = region
  return d, region
end

local Scenario = {}
Scenario.__index = Scenario
Scenario.__name = "flopcost.Scenario"

-- s.evaluate() instead of s:evaluate() (or a method called on a plain table)
-- gets a clear error naming the method, not "attempt to index a nil value".
local function check_self(self, method)
  check.arg("flopcost.Scenario:" .. method, "self", self, Scenario,
    ("flopcost.Scenario (call it as s:%s(...))"):format(method))
end

--- Creates a scenario. See the module comment and README for the options.
function M.new(opts)
  if type(opts) ~= "table" then fail("options table expected, got " .. type(opts), 2) end
  for k in pairs(opts) do
    if type(k) ~= "string" or not known_options[k] then
      local list = sorted_keys(known_options)
      local near = type(k) == "string" and closest(k, list)
      if near then fail(("unknown field '%s' (did you mean '%s'?)"):format(tostring(k), near), 2) end
      fail(("unknown field '%s'"):format(tostring(k)), 2)
    end
  end
  if opts.coupling ~= nil and opts.coupling ~= "pooled" and opts.coupling ~= "lockstep" then
    fail(("field 'coupling': one of 'pooled', 'lockstep' expected, got '%s'"):format(
      tostring(opts.coupling)), 2)
  end
  local self = setmetatable({ opts = opts }, Scenario)
  self.chip_names, self.chip_weights = read_mix(opts)
  self.catalog = catalog_of(opts)
  self.label = mix_label(self.chip_names, self.chip_weights)
  return self
end

--- A copy of this scenario with some options replaced.
function Scenario:with(changes)
  check_self(self, "with")
  check.arg("flopcost.Scenario:with", "changes", changes, "table", "table of options")
  local o = {}
  for k, v in pairs(self.opts) do o[k] = v end
  for k, v in pairs(changes) do o[k] = v end
  if changes.chip then o.chips = nil end
  if changes.chips then o.chip = nil end
  o.catalog = o.catalog or self.catalog
  return M.new(o)
end

--- The scenario's description (see describe) and its region.
function Scenario:description()
  check_self(self, "description")
  return describe(self, 2)
end

-- Catalog figures a Monte Carlo can vary by path, and the description field
-- each lands in: chip.<name>.<figure>, process.<name>.<figure>, ...
local CHIP_PATHS = { price_usd = "chip.price_usd", tdp_w = "chip.tdp_w", idle_w = "chip.idle_w",
  server_multiple = "chip.server_multiple", server_power_multiple = "chip.server_power_multiple",
  rental_usd_per_hour = "chip.rental_usd_per_hour", die_area_mm2 = "manufacturing.die_area_mm2",
  dies = "manufacturing.dies", hbm_stacks = "manufacturing.hbm_stacks" }
local PART_PATHS = {
  process = { wafer_cost_usd = true, wafer_diameter_mm = true, edge_exclusion_mm = true, scribe_mm = true,
              defect_density_per_cm2 = true, alpha = true },
  packaging = { cost_usd = "manufacturing.substrate_usd", bonding_yield = "manufacturing.bonding_yield" },
  hbm = { cost_usd_per_gb = "manufacturing.hbm_usd_per_gb", gb_per_stack = "manufacturing.hbm_gb_per_stack" },
}
local RUN_PATHS = { params = "mfu_from.params", active_params = "mfu_from.active_params",
  tokens = "mfu_from.tokens", gpu_hours = "mfu_from.gpu_hours" }

local desc_fields
local function is_desc_field(name)
  if not desc_fields then
    desc_fields = {}
    local f = core.desc_fields()
    for _, n in ipairs(f.scenario) do desc_fields[n] = "scenario" end
    for _, n in ipairs(f.chip) do desc_fields[n] = "chip" end
  end
  return desc_fields[name]
end

--- Where a Monte Carlo `vary` key lands in this scenario: a core field
-- ("utilization", "chip_price_usd[2]"), a field of the description
-- ("wacc_parts.cost_of_debt", "manufacturing.defect_density_per_cm2",
-- "goodput.mtbf_h", "chip_price_premium"), or a catalog figure by path
-- ("chip.H100-SXM.price_usd", "process.SMIC-N+2.defect_density_per_cm2",
-- "packaging.CoWoS-S.cost_usd", "hbm.HBM3.cost_usd_per_gb",
-- "region.us-va.electricity_price_per_kwh", "fx.CNY", "run.DeepSeek-V3.gpu_hours").
-- Returns {field =, member =, chips = {indices}} for core.mc.run's inputs,
-- or nil, message, "not_applicable" when a well-formed path names a chip,
-- part, region or run this scenario does not use; raises for a bad key.
function Scenario:vary_target(key)
  check_self(self, "vary_target")
  check.arg("flopcost.Scenario:vary_target", "key", key, "string", "input name or catalog path (string)")
  local fn = "flopcost.montecarlo"
  local function bad(msg) error(("%s: field 'vary': '%s': %s"):format(fn, key, msg), 0) end
  local function na(msg) return nil, ("%s: field 'vary': '%s': %s"):format(fn, key, msg), "not_applicable" end
  if self.parts == nil then describe(self, 1) end
  local cat = self.catalog
  local field, member = key:match("^([%w_%.]+)%[(%d+)%]$")
  if field then member = tonumber(member) else field = key end
  if core_fields[field] or is_desc_field(field) then return { field = field, member = member } end
  local kind, rest = key:match("^(%a+)%.(.+)$")
  local function chips_where(pred)
    local list = {}
    for i = 1, #self.chip_names do if pred(i) then list[#list + 1] = i end end
    return list
  end
  if kind == "chip" then
    local best
    for name in pairs(CHIP_PATHS) do
      if rest:sub(-#name - 1) == "." .. name and (not best or #name > #best) then best = name end
    end
    if not best then bad("no such chip figure (one of: " .. table.concat(sorted_keys(CHIP_PATHS), ", ") .. ")") end
    local entry = cat:chip(rest:sub(1, -#best - 2))
    local list = chips_where(function(i) return cat:chip(self.chip_names[i]).name == entry.name end)
    if #list == 0 then return na(("chip '%s' is not in this scenario's mix"):format(entry.name)) end
    local target = CHIP_PATHS[best]
    if target:match("^manufacturing") and not self.opts.manufacturing then
      bad("the scenario has no manufacturing = {...}: the chip's price does not come from its yield chain")
    end
    return { field = target, chips = list }
  elseif PART_PATHS[kind] then
    local name, fig = rest:match("^(.+)%.([%w_]+)$")
    local map = name and PART_PATHS[kind][fig]
    if not map then bad(("no such %s figure"):format(kind)) end
    local entry = cat[kind](cat, name)
    local list = chips_where(function(i) return self.parts[i][kind] == entry.name end)
    if #list == 0 then
      return na(("no chip of this scenario is manufactured with %s '%s' (manufacturing = {...})"):format(kind,
        entry.name))
    end
    return { field = map == true and ("manufacturing." .. fig) or map, chips = list }
  elseif kind == "region" then
    local name, fig = rest:match("^(.+)%.([%w_]+)$")
    local region = self.region_entry
    if not (name and fig) then bad("region.<name>.<figure> expected") end
    if name ~= region.name then return na(("the scenario's region is '%s'"):format(tostring(region.name))) end
    for _, f in ipairs(REGION_FIELDS) do if f == fig then return { field = "region." .. fig } end end
    bad("no such region figure (one of: " .. table.concat(REGION_FIELDS, ", ") .. ")")
  elseif kind == "fx" then
    local region = self.region_entry
    if region.currency ~= rest then
      return na(("the scenario's region prices in %s, not %s"):format(tostring(region.currency or "USD"), rest))
    end
    return { field = "region.fx_per_usd" }
  elseif kind == "run" then
    local name, fig = rest:match("^(.+)%.([%w_]+)$")
    if not (fig and RUN_PATHS[fig]) then bad("run.<name>.<params|active_params|tokens|gpu_hours> expected") end
    if self.opts.mfu_from == nil or cat:run(self.opts.mfu_from).name ~= cat:run(name).name then
      return na("the scenario takes no MFU from that run (mfu_from)")
    end
    return { field = RUN_PATHS[fig] }
  end
  local list = {}
  for f in pairs(core_fields) do list[#list + 1] = f end
  local near = closest(field, list)
  bad("not a scenario field, description field or catalog path" .. (near and (" (did you mean '%s'?)"):format(near) or ""))
end

-- Runs f(...) and raises its error at the caller of the public function,
-- without the position inside flopcost (error messages as users see them).
-- The caller is found on the stack (flopcost.errors.raise), so a public
-- function may tail-call this; `level` is kept for callers that pass it.
local function at_caller(_, f, ...)
  local ok, a, b = pcall(f, ...)
  if ok then return a, b end
  require("flopcost.errors").raise(a)
end

--- The core's view: { members = {opts...}, counts = {...}, coupling =, penalty = }.
function Scenario:core_params()
  check_self(self, "core_params")
  return at_caller(2, function()
    local d, region = describe(self, 1)
    return (core.compose(d)), region
  end)
end

local Result = {}
Result.__index = Result
Result.__name = "flopcost.Result"
Result.__tostring = function(r)
  local ok, report = pcall(require, "flopcost.report")
  local text
  if ok and report.result_string then text = report.result_string(r)
  else text = ("%s in %s: $%.4g per 1e18 FLOP"):format(r.mix, r.region, r.usd_per_eflop) end
  local head = { text, ("  convention: %s%s"):format(r.convention or "all-in",
    r.as_of and (", prices as of " .. r.as_of) or "") }
  for _, name in ipairs(sorted_keys(r.prices or {})) do
    local p = r.prices[name]
    head[#head + 1] = ("  price %-12s $%.0f per accelerator, %s basis (%s)"):format(name, p.usd, p.basis, p.date or "?")
  end
  if r.no_cloud then head[#head + 1] = "  cloud: " .. r.no_cloud end
  text = table.concat(head, "\n")
  if r.sources and #r.sources > 0 then
    local lines = { text, "  sources of the catalog figures used:" }
    for _, s in ipairs(r.sources) do
      local src = s.source or "?"
      if #src > 90 then src = src:sub(1, 87) .. "..." end
      lines[#lines + 1] = ("    %-24s %-12s %s"):format(s.field, s.of, src)
    end
    text = table.concat(lines, "\n")
  end
  return text
end

local COMPONENTS = { "chip", "server", "network", "facility", "energy", "carbon", "opex" }
M.COMPONENTS = COMPONENTS

-- Turns a flat core result into the public result shape.
local function shape_result(raw, meta)
  local r = setmetatable({}, Result)
  r.region, r.region_label, r.mix, r.name = meta.region, meta.region_label, meta.mix, meta.name
  r.usd_per_eflop = raw.usd_per_eflop
  r.breakdown, r.per_hour = {}, {}
  for _, c in ipairs(COMPONENTS) do
    r.breakdown[c] = raw[c .. "_usd_per_eflop"]
    r.per_hour[c] = raw[c .. "_usd_per_h"]
  end
  r.per_hour.total = raw.total_usd_per_h
  r.useful_flop_per_h = raw.useful_flop_per_h
  r.power_w = raw.power_w
  r.capex_usd = raw.capex_usd
  r.kwh_per_eflop = raw.kwh_per_eflop
  r.kg_co2_per_eflop = raw.kg_co2_per_eflop
  if raw.cloud_usd_per_eflop > 0 then
    r.cloud = { usd_per_eflop = raw.cloud_usd_per_eflop, owned_to_cloud = raw.owned_to_cloud }
  end
  local mix = meta.mix_info or {}
  if mix.job_flops then
    local flops = mix.job_flops
    local chips = mix.cluster_size
    local chip_hours = flops / raw.useful_flop_per_h -- accelerator-hours of ownership
    r.job = {
      flops = flops, cost_usd = flops / EFLOP * raw.usd_per_eflop, chip_hours = chip_hours,
      mwh = flops / EFLOP * raw.kwh_per_eflop / 1000, t_co2 = flops / EFLOP * raw.kg_co2_per_eflop / 1000,
      chips = chips, days = chips and chip_hours / chips / 24 or nil,
    }
    if r.cloud then r.job.cloud_cost_usd = flops / EFLOP * r.cloud.usd_per_eflop end
  end
  if mix.currency_per_usd then
    r["local"] = { currency = meta.currency, per_eflop = raw.usd_per_eflop * mix.currency_per_usd,
                   usd_per_eflop = raw.usd_per_eflop }
  end
  if mix.inference then require("flopcost.inference")._shape_into(r, mix.inference) end
  r.raw = raw
  r.sources = meta.sources
  -- how the figures were computed: the convention, the date, and each price's basis
  r.convention, r.as_of, r.prices = meta.convention or "all-in", meta.as_of, meta.prices
  if not r.cloud then r.no_cloud = meta.no_cloud end
  return r
end

local function meta_of(self, region, mix_info)
  return {
    region = region.name, region_label = region.label, mix = self.label, name = self.opts.name,
    currency = self.opts.currency, catalog = self.catalog, sources = self.sources, mix_info = mix_info,
    convention = self.opts.convention or "all-in", as_of = self.opts.as_of, prices = self.prices,
    no_cloud = self.no_cloud,
  }
end

--- Evaluates the scenario: cost per 1e18 useful FLOP with its breakdown.
function Scenario:evaluate()
  check_self(self, "evaluate")
  return at_caller(2, function()
    local d, region = describe(self, 1)
    local raw, mix = core.eval_desc(d)
    return shape_result(raw, meta_of(self, region, mix))
  end)
end

--- Evaluates many scenarios in one crossing of the Lua/C boundary.
function M.evaluate_many(scenarios)
  check.each("flopcost.scenario.evaluate_many", "scenarios", scenarios, Scenario, "flopcost.Scenario")
  return at_caller(2, function()
    local cells, regions = {}, {}
    for i, s in ipairs(scenarios) do cells[i], regions[i] = describe(s, 1) end
    local raws, mixes = core.eval_grid(cells)
    local out = {}
    for i, raw in ipairs(raws) do out[i] = shape_result(raw, meta_of(scenarios[i], regions[i], mixes[i])) end
    return out
  end)
end

function Scenario:__tostring()
  return ("flopcost.Scenario(%s in %s)"):format(self.label, tostring(
    type(self.opts.region) == "table" and self.opts.region.name or self.opts.region or M.NAMED.region))
end

M.Scenario = Scenario
M.Result = Result

return setmetatable(M, { __call = function(_, opts) return M.new(opts) end })
