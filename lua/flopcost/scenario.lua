--- flopcost.scenario: a region, a chip mix and their economics, resolved
-- against the catalog into the core's parameters and evaluated in C.
--
--   local s = fc.scenario{ region = "cn-guizhou", chips = { ["H800-SXM"] = 0.6, ["Ascend-910B"] = 0.4 },
--                          utilization = 0.7, precision = "bf16" }
--   local r = s:evaluate()   -- r.usd_per_eflop, r.breakdown, r.cloud, r.job
--
-- Every option has a default from the catalog or from DEFAULTS below, and
-- every core field can be overridden (globally, or per chip via `overrides`).
local core = require("flopcost.core").scenario

local M = {}

local FN = "flopcost.scenario"
local EFLOP = 1e18

--- Options a scenario accepts (besides the core field names, which override directly).
local OPTIONS = {
  "name", "region", "chips", "chip", "catalog", "coupling", "heterogeneity_penalty",
  "precision", "cluster_size", "currency", "job", "overrides", "commitment",
  "use_power_curve", "chip_price_premium", "wacc_parts", "description", "manufacturing",
  "mfu_from",
}

-- Published commitment discounts for 1-year and 3-year terms, GCP [E]
-- (epoch-research/training-cost-trends; FIGURES.md): .37 and .56.
local COMMITMENTS = { none = 0, ["1y"] = 0.37, ["3y"] = 0.56 }

-- Idle board power as a share of TDP when the catalog has no idle figure:
-- 125 W of 700 W measured on one H100 SXM (shared/reference, 2026) [D].
local IDLE_SHARE_OF_TDP = 125 / 700

local core_fields = {}
for _, f in ipairs(core.fields()) do core_fields[f] = true end

local known_options = {}
for _, f in ipairs(OPTIONS) do known_options[f] = true end
for f in pairs(core_fields) do known_options[f] = true end
known_options.power_curve = nil -- set per chip from the catalog, or in overrides

local function fail(msg, level) error(FN .. ": " .. msg, (level or 1) + 1) end

-- The nearest option name, for "did you mean" (edit distance from the core).
local edit_distance = require("flopcost.core").catalog.edit_distance
local function closest(name, list)
  local best, bestd
  for _, cand in ipairs(list) do
    local d = edit_distance(name, cand)
    if not bestd or d < bestd then best, bestd = cand, d end
  end
  if bestd and bestd <= math.max(2, #name // 3) then return best end
end

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

--- Region defaults: electricity converted to USD through the catalog's FX table.
local function region_params(cat, region)
  local p = {}
  local price = region.electricity_price_per_kwh
  if region.currency and region.currency ~= "USD" then
    price = cat:convert(price, region.currency, "USD")
  end
  p.electricity_usd_per_kwh = price
  p.pue = region.pue
  p.facility_usd_per_kw = region.facility_usd_per_kw
  p.wacc = region.wacc
  p.grid_kg_co2_per_kwh = region.grid_kg_co2_per_kwh
  p.green_share = region.green_share
  p.carbon_usd_per_t = region.carbon_usd_per_t
  return p
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

local function precision_list(chip)
  local l = sorted_keys(chip.peak_tflops or {})
  return table.concat(l, ", ")
end

--- Manufactured chip price from the yield chain: wafer -> good dies ->
-- package (HBM, interposer, bonding, test) -> x (1 + markup).
-- m = { process = "SMIC-N+2", die_area_mm2 = (chip's), dies = (chip's), yield = (or model from
-- the process D0 and alpha), packaging = "CoWoS-S", hbm = "HBM2e", hbm_stacks = 4,
-- markup = 1.0 (price = cost x 2: a 50 % gross margin), test_usd = 0, assembly_usd = 0 }
function M.manufactured_price(cat, chip, m)
  local fn = FN .. ": field 'manufacturing'"
  local process = cat:process(m.process or chip.process or
    error(fn .. ": process expected (the chip has none in the catalog)", 0))
  local area = m.die_area_mm2 or chip.die_area_mm2
  local dies = m.dies or chip.dies or 1
  if type(area) ~= "number" then error(fn .. ": die_area_mm2 expected (the chip has none in the catalog)", 0) end
  local die = { wafer_cost_usd = process.wafer_cost_usd, wafer_diameter_mm = process.wafer_diameter_mm,
    die_area_mm2 = area / dies, count = dies, edge_exclusion_mm = process.edge_exclusion_mm,
    scribe_mm = process.scribe_mm }
  if m.yield then die.yield = m.yield
  else
    die.model, die.defect_density_per_cm2, die.alpha = "negative_binomial", process.defect_density_per_cm2,
      process.alpha or 10
  end
  local pk = cat:packaging(m.packaging or "CoWoS-S")
  local stacks, stack_usd = m.hbm_stacks or chip.hbm_stacks or 0, 0
  if stacks > 0 then
    local hbm = cat:hbm(m.hbm or "HBM3")
    stack_usd = hbm.gb_per_stack * hbm.cost_usd_per_gb
  end
  local pkg = require("flopcost.core").yield.package { dies = { die }, hbm_stacks = stacks,
    hbm_stack_cost_usd = stack_usd, substrate_usd = pk.cost_usd, assembly_usd = m.assembly_usd,
    bonding_yield = pk.bonding_yield, test_usd = m.test_usd }
  return pkg.total_usd * (1 + (m.markup or 1.0)), pkg
end

--- The chip's idle board power: its catalog figure, else the H100 share of TDP.
function M.idle_w_of(chip) return chip.idle_w or chip.tdp_w * IDLE_SHARE_OF_TDP end
M.power_curve_of = power_curve_of

--- Chip defaults from the catalog entry.
local function chip_params(chip, opts, region, cat)
  local p = {}
  local precision = opts.precision or "bf16"
  local tflops = chip.peak_tflops and chip.peak_tflops[precision]
  if precision == "bf16" and not tflops and chip.peak_tflops then tflops = chip.peak_tflops.fp16 end
  if not tflops then
    fail(("chip '%s' has no dense %s figure in the catalog (it has: %s)"):format(
      chip.name, precision, precision_list(chip)), 4)
  end
  p.peak_flops_per_s = tflops * 1e12
  p.tdp_w = chip.tdp_w
  p.idle_w = M.idle_w_of(chip)
  p.chip_price_usd = chip.price_usd
  if opts.manufacturing then
    p.chip_price_usd = M.manufactured_price(cat, chip, opts.manufacturing)
  end
  -- grey-market premium: only on chips the export rules restrict in this region
  local premium = opts.chip_price_premium
  if premium == nil and cat.availability and region.destination then
    premium = cat:availability(chip.name, region.name).premium
  elseif premium == nil and region.chip_price_premium then
    premium = region.chip_price_premium[chip.name] or region.chip_price_premium.default
  end
  if p.chip_price_usd and premium then p.chip_price_usd = p.chip_price_usd * (1 + premium) end
  p.server_multiple = chip.server_multiple
  p.server_power_multiple = chip.server_power_multiple
  p.rental_usd_per_hour = chip.rental_usd_per_hour
  if opts.use_power_curve ~= false then p.power_curve = power_curve_of(chip) end
  return p
end

local function merge_into(dst, src)
  for k, v in pairs(src) do dst[k] = v end
  return dst
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
      sources[#sources + 1] = { field = field, of = region.name, source = src }
    end
  end
  for field, cf in pairs(CHIP_SOURCES) do
    if opts[field] == nil and chip[cf] ~= nil then
      sources[#sources + 1] = { field = field, of = label, source = source_of(chip, cf) }
    end
  end
  if opts.peak_flops_per_s == nil then
    sources[#sources + 1] = { field = "peak_flops_per_s", of = label,
      source = source_of(chip, "peak_tflops." .. precision) }
  end
end

--- Builds the list of core option tables, one per chip of the mix.
local function resolve(self)
  local opts, cat = self.opts, self.catalog
  local region = type(opts.region) == "table" and opts.region or cat:region(opts.region or "us-avg")
  local members = {}
  local rp = region_params(cat, region)
  if opts.wacc_parts then
    rp.wacc = require("flopcost.core").finance.wacc(opts.wacc_parts).real
  end
  if opts.commitment then
    local d = COMMITMENTS[opts.commitment]
    if not d then
      fail(("field 'commitment': one of 'none', '1y', '3y' expected, got '%s'"):format(
        tostring(opts.commitment)), 4)
    end
    rp.commitment_discount = d
    rp.cloud_committed = d > 0
  end
  -- goodput = {checkpoint_s=, restart_s=, mtbf_h= (per chip)}: Young/Daly over the cluster
  if type(opts.goodput) == "table" then
    local g = opts.goodput
    local ok, r = pcall(require("flopcost.core").training.goodput, { checkpoint_s = g.checkpoint_s,
      restart_s = g.restart_s, mtbf_h = g.mtbf_h, chips = g.chips or opts.cluster_size or 1 })
    if not ok then
      fail(("field 'goodput': {checkpoint_s=, restart_s=, mtbf_h=} expected (%s)"):format(
        tostring(r):gsub("^[^\n]-%.lua:%d+: ", "")), 3)
    end
    rp.goodput = r.goodput
  end
  -- mfu_from = "DeepSeek-V3": the MFU a published run achieved (its FLOPs over
  -- its reported chip-hours at its chip's peak for its precision)
  if opts.mfu_from ~= nil then
    if type(opts.mfu_from) ~= "string" then
      fail(("field 'mfu_from': run name expected, got %s"):format(shown(opts.mfu_from)), 3)
    end
    local run = cat:run(opts.mfu_from)
    local rchip = cat:chip(run.chip)
    local prec = (run.precision or "bf16"):match("^(%w+)")
    local tflops = rchip.peak_tflops[prec] or rchip.peak_tflops.bf16 or rchip.peak_tflops.fp16
    if not (run.gpu_hours and tflops) then
      fail(("field 'mfu_from': run '%s' reports no GPU-hours or its chip no %s peak"):format(run.name, prec), 3)
    end
    local training = require("flopcost.core").training
    local flops = training.flops { params = run.params, active_params = run.active_params, tokens = run.tokens }
    rp.mfu = training.mfu { flops = flops, chip_hours = run.gpu_hours, peak_flops_per_s = tflops * 1e12 }
  end
  local sources = {}
  for i, name in ipairs(self.chip_names) do
    local chip = cat:chip(name)
    record_sources(sources, chip.name or name, opts, chip, region, opts.precision or "bf16")
    local p = {}
    merge_into(p, rp)
    merge_into(p, chip_params(chip, opts, region, cat))
    for f in pairs(core_fields) do
      if opts[f] ~= nil and type(opts[f]) ~= "table" then p[f] = opts[f] end
    end
    local over = opts.overrides and (opts.overrides[name] or opts.overrides[chip.name])
    if over then merge_into(p, over) end
    if p.chip_price_usd == nil then
      fail(("chip '%s' has no price_usd in the catalog: give chip_price_usd or overrides['%s']"):format(
        chip.name, name), 3)
    end
    members[i] = p
  end
  table.sort(sources, function(a, b)
    if a.of ~= b.of then return a.of < b.of end
    return a.field < b.field
  end)
  self.sources = sources
  return members, region
end

local Scenario = {}
Scenario.__index = Scenario
Scenario.__name = "flopcost.Scenario"

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
  local o = {}
  for k, v in pairs(self.opts) do o[k] = v end
  for k, v in pairs(changes) do o[k] = v end
  if changes.chip then o.chips = nil end
  if changes.chips then o.chip = nil end
  o.catalog = o.catalog or self.catalog
  return M.new(o)
end

--- The core's view: { members = {opts...}, counts = {...}, coupling =, penalty = }.
function Scenario:core_params()
  local members, region = resolve(self)
  local penalty = self.opts.heterogeneity_penalty
  if penalty == nil then penalty = 0.1 end
  return {
    members = members, counts = self.chip_weights,
    coupling = self.opts.coupling or "pooled", penalty = penalty,
  }, region
end

--- Training FLOPs of the scenario's job (6ND, or as given).
local function job_flops(job)
  if job.flops then return job.flops end
  local training = require("flopcost").training
  if training and training.flops then
    return training.flops { params = job.params, tokens = job.tokens, active_params = job.active_params }
  end
  return 6 * (job.active_params or job.params) * job.tokens
end

local Result = {}
Result.__index = Result
Result.__name = "flopcost.Result"
Result.__tostring = function(r)
  local ok, report = pcall(require, "flopcost.report")
  local text
  if ok and report.result_string then text = report.result_string(r)
  else text = ("%s in %s: $%.4g per 1e18 FLOP"):format(r.mix, r.region, r.usd_per_eflop) end
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

--- Turns a flat core result into the public result shape.
function M.shape_result(raw, meta)
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
  local job = meta.job
  if job then
    local flops = job_flops(job)
    local chips = meta.cluster_size
    local chip_hours = flops / raw.useful_flop_per_h -- accelerator-hours of ownership
    r.job = {
      flops = flops, cost_usd = flops / EFLOP * raw.usd_per_eflop, chip_hours = chip_hours,
      mwh = flops / EFLOP * raw.kwh_per_eflop / 1000, t_co2 = flops / EFLOP * raw.kg_co2_per_eflop / 1000,
      chips = chips, days = chips and chip_hours / chips / 24 or nil,
    }
    if r.cloud then r.job.cloud_cost_usd = flops / EFLOP * r.cloud.usd_per_eflop end
  end
  if meta.currency and meta.currency ~= "USD" then
    local per_usd = meta.catalog:convert(1, "USD", meta.currency)
    r["local"] = { currency = meta.currency, per_eflop = raw.usd_per_eflop * per_usd,
                   usd_per_eflop = raw.usd_per_eflop }
  end
  r.raw = raw
  r.sources = meta.sources
  return r
end

function Scenario:meta(region)
  return {
    region = region.name, region_label = region.label, mix = self.label, name = self.opts.name,
    job = self.opts.job, cluster_size = self.opts.cluster_size or (self.opts.job and self.opts.job.chips),
    currency = self.opts.currency, catalog = self.catalog, sources = self.sources,
  }
end

--- Evaluates the scenario: cost per 1e18 useful FLOP with its breakdown.
function Scenario:evaluate()
  local cp, region = self:core_params()
  local raw = core.eval_mix(cp)
  return M.shape_result(raw, self:meta(region))
end

--- Evaluates many scenarios in one crossing of the Lua/C boundary.
function M.evaluate_many(scenarios)
  local cells, metas = {}, {}
  for i, s in ipairs(scenarios) do
    local cp, region = s:core_params()
    cells[i], metas[i] = cp, s:meta(region)
  end
  local raws = core.eval_grid(cells)
  local out = {}
  for i, raw in ipairs(raws) do out[i] = M.shape_result(raw, metas[i]) end
  return out
end

function Scenario:__tostring()
  return ("flopcost.Scenario(%s in %s)"):format(self.label, tostring(
    type(self.opts.region) == "table" and self.opts.region.name or self.opts.region or "us-avg"))
end

M.Scenario = Scenario
M.Result = Result

return setmetatable(M, { __call = function(_, opts) return M.new(opts) end })
