--- flopcost.scenario.describe: a scenario's description, every number it
-- starts from looked up by name in the catalog, for the core to compose
-- (csrc/fc_compose.c, core.scenario.compose / eval_desc). (internal)
local core = require("flopcost.core").scenario
local core_price = require("flopcost.core").price
local core_convention = require("flopcost.core").convention
local check = require "flopcost.check"
local common = require "flopcost.scenario.common"
local chip_of = require "flopcost.scenario.chip"
local sources_of = require "flopcost.scenario.sources"
local FN, fail, shown, shown_type = common.FN, common.fail, common.shown, common.shown_type
local check_keys, set_of, index0, closest = common.check_keys, common.set_of, common.index0, common.closest
local core_fields, REGION_FIELDS = common.core_fields, common.REGION_FIELDS

local M = {}

--- The region's figures as the catalog gives them (electricity in its own
-- currency, with the FX rate to convert it): fields of the description.
local function region_into(d, cat, region, opts)
  for _, f in ipairs(REGION_FIELDS) do d["region." .. f] = region[f] end
  for _, f in ipairs(common.WATER_FIELDS) do
    if opts[f] ~= nil then d[f] = opts[f] else d[f] = region[f] end
  end
  if region.currency and region.currency ~= "USD" then
    d["region.fx_per_usd"] = cat:convert(1, "USD", region.currency)
  end
end

local WACC_PARTS = set_of { "debt_fraction", "cost_of_debt", "cost_of_equity", "tax_rate", "inflation" }
local GOODPUT = set_of { "checkpoint_s", "restart_s", "mtbf_h", "chips" }
local JOB = set_of { "flops", "params", "active_params", "tokens", "chips", "chip_hours" }
local CONVENTIONS = set_of(core_convention.names)

-- Copies the numbers of table t (keys checked against known) into d as prefix.key.
local function numbers_into(d, t, known, prefix, rename)
  if type(t) ~= "table" then
    fail(("field '%s': table expected, got %s"):format(prefix, shown_type(t)))
  end
  check_keys(t, known, prefix)
  for k, v in pairs(t) do
    if math.type(v) == nil then
      fail(("field '%s.%s': number expected, got %s"):format(prefix, k, shown_type(v)))
    end
    d[(rename and rename[k]) or (prefix .. "." .. k)] = v
  end
end

-- Core fields given as options: every chip's overrides (a table for a
-- scalar field is an error, not a silent default).
local function core_overrides(opts)
  local over = {}
  for f in pairs(core_fields) do
    local v = opts[f]
    if v ~= nil and not (f == "goodput" and type(v) == "table") then
      if type(v) == "table" then
        fail(("field '%s': %s expected, got table"):format(f, f == "recovery" and "name" or "number"))
      end
      over[f] = v
    end
  end
  return over
end


-- The region: a catalog name (default NAMED.region) or a table checked as a catalog entry.
local function region_of(opts, cat)
  if type(opts.region) == "table" then
    local checked, err = require("flopcost.core").catalog.check_entry("regions", opts.region, "scenario", "region", FN)
    if not checked then
      err = err:gsub("^scenario: ", "")
      fail(("field 'region': %s"):format(err))
    end
    return opts.region
  end
  return cat:region(opts.region or common.NAMED.region)
end

-- mfu_from = "DeepSeek-V3": the MFU a published run achieved (its FLOPs over
-- its reported chip-hours at its chip's peak for its precision)
local function mfu_from_into(d, opts, cat)
  if type(opts.mfu_from) ~= "string" then
    fail(("field 'mfu_from': run name expected, got %s"):format(shown(opts.mfu_from)))
  end
  local run = cat:run(opts.mfu_from)
  local rchip = cat:chip(run.chip)
  local prec = (run.precision or common.NAMED.precision):match("^(%w+)")
  local tflops = common.peak_tflops(rchip, prec) or common.peak_tflops(rchip)
  if not (run.gpu_hours and tflops) then
    fail(("field 'mfu_from': run '%s' reports no GPU-hours or its chip no %s peak"):format(run.name, prec))
  end
  d["mfu_from.params"], d["mfu_from.active_params"], d["mfu_from.tokens"] = run.params, run.active_params, run.tokens
  d["mfu_from.gpu_hours"], d["mfu_from.peak_flops_per_s"] = run.gpu_hours, tflops * 1e12
end

-- wacc_parts, commitment, goodput and mfu_from.
local function finance_into(d, opts, cat)
  if opts.wacc_parts ~= nil then numbers_into(d, opts.wacc_parts, WACC_PARTS, "wacc_parts") end
  if opts.commitment ~= nil then
    local c = type(opts.commitment) == "string" and core.commitment(opts.commitment)
    if not c then
      fail(("field 'commitment': one of 'none', '1y', '3y' expected, got %s"):format(shown_type(opts.commitment)))
    end
    d.commitment = c
  end
  if type(opts.goodput) == "table" then numbers_into(d, opts.goodput, GOODPUT, "goodput") end
  if opts.mfu_from ~= nil then mfu_from_into(d, opts, cat) end
end

-- Epoch's convention: PUE by developer, US industrial electricity of the
-- year, and for an all-TPU mix Epoch's TPU draw (0.43 of TDP, server_TDP_fraction).
local function epoch_into(d, self, opts, cat)
  if opts.as_of == nil then
    fail("convention 'epoch' needs as_of (the start of training: hardware is valued then)")
  end
  d["convention.pue"] = core_convention.epoch_pue(opts.developer)
  local year = opts.electricity_year or tonumber(opts.as_of:sub(1, 4))
  local usd, err = core_convention.us_industrial_usd_per_kwh(year)
  if not usd then fail(("convention 'epoch': %s"):format(err:gsub("^[^:]*: ", ""))) end
  d["convention.electricity_usd_per_kwh"] = usd
  local all_tpu = true
  for _, name in ipairs(self.chip_names) do
    if cat:chip(name).vendor ~= "Google" then all_tpu = false end
  end
  if all_tpu then d["convention.average_power_fraction"] = core_convention.EPOCH_AVERAGE_POWER_FRACTION_TPU end
end

-- Constant dollars (usd_year = 2024): the description asks the core to state
-- money in usd_year's dollars from the year of as_of (fc_convention_deflator,
-- csrc/core/fc_convention.h: the PPI for data processing and hosting Epoch AI
-- deflates with), which scales every money input once (fc_compose), so every
-- door reads the same dollars. Here only the checks that name the user's
-- fields. Returns {year, from} or nil (nominal).
local function dollars_of(d, opts)
  local y = opts.usd_year
  if y == nil then return nil end
  if math.type(y) ~= "integer" then fail(("field 'usd_year': year (integer) expected, got %s"):format(shown(y))) end
  if opts.as_of == nil then
    fail("field 'usd_year': needs as_of (the date the nominal prices are of, to deflate from)")
  end
  if opts.currency ~= nil and opts.currency ~= "USD" then
    fail("field 'usd_year': constant dollars and a local currency cannot be combined")
  end
  local from = tonumber(opts.as_of:sub(1, 4))
  local ok, err = core_convention.ppi_data_processing(y)
  if not ok then fail(("field 'usd_year': %s"):format(err:gsub("^[^:]*: ", ""))) end
  ok, err = core_convention.ppi_data_processing(from)
  if not ok then fail(("field 'as_of': %s (to deflate to usd_year)"):format(err:gsub("^[^:]*: ", ""))) end
  d.usd_year, d.usd_from_year = y, from
  return { year = y, from = from }
end

-- A published convention (csrc/fc_convention.h) and the inputs it looks up.
local function convention_into(d, self, opts, cat)
  local conv = opts.convention
  if conv ~= nil and not CONVENTIONS[conv] then
    fail(("field 'convention': one of 'all-in', 'epoch', 'model-card' expected, got %s"):format(shown(conv)))
  end
  if opts.as_of ~= nil and not check.is_date(opts.as_of) then
    fail(("field 'as_of': date YYYY, YYYY-MM or YYYY-MM-DD expected, got %s"):format(shown(opts.as_of)))
  end
  if opts.released ~= nil and not check.is_date(opts.released) then
    fail(("field 'released': date YYYY, YYYY-MM or YYYY-MM-DD expected, got %s"):format(shown(opts.released)))
  end
  if opts.as_of ~= nil then -- the dates the catalog can price (FC_DOMAIN_DAY)
    local lo, hi, text = core_price.domain("day")
    local day = core_price.date_days(opts.as_of)
    if day < lo or day > hi then fail(("field 'as_of': %s expected, got %s"):format(text, shown(opts.as_of))) end
  end
  if opts.developer ~= nil and type(opts.developer) ~= "string" then
    fail(("field 'developer': organization name expected, got %s"):format(shown_type(opts.developer)))
  end
  if conv ~= nil then d.convention = index0(core_convention.names, conv) end
  if conv == "epoch" then epoch_into(d, self, opts, cat) end
  self.dollars = dollars_of(d, opts)
end

-- Coupling, the job, cluster size, currency, power curve, workload and the core overrides.
local function cluster_into(d, opts, cat, self)
  if opts.coupling == "lockstep" then d.coupling = 1 end
  d.heterogeneity_penalty = opts.heterogeneity_penalty
  if opts.job ~= nil then
    numbers_into(d, opts.job, JOB, "job")
  end
  if opts.cluster_size ~= nil then d.cluster_size = opts.cluster_size end
  if opts.currency ~= nil and opts.currency ~= "USD" then
    if type(opts.currency) ~= "string" then
      fail(("field 'currency': currency code expected, got %s"):format(shown_type(opts.currency)))
    end
    d.currency_per_usd = cat:convert(1, "USD", opts.currency)
  end
  if opts.use_power_curve ~= nil and type(opts.use_power_curve) ~= "boolean" then
    fail(("field 'use_power_curve': boolean expected, got %s"):format(shown_type(opts.use_power_curve)))
  end
  if opts.workload ~= nil then self.stack = require("flopcost.inference")._workload_into(d, opts, cat, self.chip_names) end
  d.over = core_overrides(opts)
end

-- Every key of `overrides` must name a chip of the scenario.
local function check_overrides_used(self, overrides, cat)
  for k in pairs(overrides) do
    local used = false
    for _, name in ipairs(self.chip_names) do
      if k == name or k == cat:chip(name).name then used = true end
    end
    if not used then
      local near = type(k) == "string" and closest(k, self.chip_names)
      fail(("field 'overrides': '%s' is not a chip of this scenario%s"):format(tostring(k),
        near and (" (did you mean '%s'?)"):format(near) or ""))
    end
  end
end

-- The description's chips, with the sources of their figures and the prices used.
local function chips_into(d, self, region)
  local opts, cat = self.opts, self.catalog
  local overrides = opts.overrides
  if overrides ~= nil and type(overrides) ~= "table" then
    fail(("field 'overrides': table {[chip] = {field = value}} expected, got %s"):format(shown_type(overrides)))
  end
  local sources = {}
  self.prices, self.rentals, self.no_cloud, self.parts = {}, {}, nil, {}
  for i, name in ipairs(self.chip_names) do
    local chip = cat:chip(name)
    sources_of.record_sources(sources, chip.name or name, opts, chip, region, opts.precision or common.NAMED.precision)
    local c, parts, price, no_cloud, rental = chip_of.chip_desc(chip, opts, region, cat, self.chip_weights[i])
    self.rentals[chip.name] = rental
    self.parts[i] = parts or {}
    if price then
      self.prices[chip.name] = price
      sources_of.price_source_into(sources, chip, price)
    end
    if no_cloud then
      self.no_cloud = no_cloud
      sources_of.drop_rental_source(sources, chip)
    end
    local over = overrides and (overrides[name] or overrides[chip.name])
    if over ~= nil then
      if type(over) ~= "table" then
        fail(("field 'overrides.%s': table of core fields expected, got %s"):format(name, shown_type(over)))
      end
      c.over = over
    end
    -- a chip family's own published utilization (Ascend: Pangu Ultra MoE's 30 %), unless
    -- the scenario sets one
    if chip.mfu and d.over.mfu == nil and opts.mfu_from == nil and not (over and over.mfu ~= nil) then
      local o = {}
      for k, v in pairs(c.over or {}) do o[k] = v end
      o.mfu = chip.mfu
      c.over = o
    end
    if c["chip.price_usd"] == nil and c.manufacturing == nil and d.over.chip_price_usd == nil and
       not (over and over.chip_price_usd) then
      fail(("chip '%s' has no price_usd in the catalog: give chip_price_usd or overrides['%s']"):format(
        chip.name, name))
    end
    d.chips[i] = c
  end
  if overrides then check_overrides_used(self, overrides, cat) end
  sources_of.sort_sources(sources)
  self.sources = sources
end

--- The scenario's description: every number it starts from, looked up by
-- name in the catalog, composed into the core's parameters by C
-- (csrc/fc_compose.c, core.scenario.compose / eval_desc).
-- Sets self.sources, self.prices, self.no_cloud, self.parts, self.region_entry.
local function describe(self)
  local opts, cat = self.opts, self.catalog
  local region = region_of(opts, cat)
  local d = { chips = {} }
  region_into(d, cat, region, opts)
  -- a build-out before the chips run (fc.scenario{build = {...}}, csrc/core/fc_compose_build.c)
  local build_sources = opts.build ~= nil and require("flopcost.buildout")._build_into(d, opts.build, region) or {}
  finance_into(d, opts, cat)
  convention_into(d, self, opts, cat)
  cluster_into(d, opts, cat, self)
  chips_into(d, self, region)
  if #build_sources > 0 then
    for _, src in ipairs(build_sources) do self.sources[#self.sources + 1] = src end
    sources_of.sort_sources(self.sources)
  end
  self.region_entry = region
  return d, region
end

M.describe = describe

return M
