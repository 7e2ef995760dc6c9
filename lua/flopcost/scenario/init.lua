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
-- The parts: common.lua (named defaults, messages), describe.lua (options ->
-- description), chip.lua (one chip), prices.lua (price, rental, premium),
-- sources.lua (where each figure comes from), vary.lua (Monte Carlo targets),
-- result.lua (the result's shape and printing).
local core = require("flopcost.core").scenario
local common = require "flopcost.scenario.common"
local describe = require("flopcost.scenario.describe").describe
local result = require "flopcost.scenario.result"
local vary = require "flopcost.scenario.vary"
local fail, sorted_keys, shown, closest = common.fail, common.sorted_keys, common.shown, common.closest

local M = {}
local check = require "flopcost.check"
local errors = require "flopcost.errors"

M.NAMED = common.NAMED
M.peak_tflops = common.peak_tflops

--- Options a scenario accepts (besides the core field names, which override directly).
local OPTIONS = {
  "name", "region", "chips", "chip", "catalog", "coupling", "heterogeneity_penalty",
  "precision", "cluster_size", "currency", "job", "overrides", "commitment",
  "use_power_curve", "chip_price_premium", "wacc_parts", "description", "manufacturing",
  "mfu_from", "workload", "as_of", "convention", "developer", "price_trend", "electricity_year",
  "rental", "extrapolate", "released", "usd_year", "wue_l_per_kwh", "electricity_water_l_per_kwh",
  "build",
}

local known_options = {}
for _, f in ipairs(OPTIONS) do known_options[f] = true end
for f in pairs(common.core_fields) do known_options[f] = true end
known_options.power_curve = nil -- set per chip from the catalog, or in overrides

--- Reads the chip mix: `chips = { name = share or count }`, or `chip = name`.
-- Shares (summing to 1) and counts (any positive numbers) are both accepted;
-- only their ratios matter for cost per FLOP. Returns names, weights (sorted by name).
local function read_mix(opts)
  local chips = opts.chips
  if chips ~= nil and opts.chip ~= nil then -- which one was meant? (issue 22: the A100 was costed)
    fail(("fields 'chip' and 'chips' both given (chip = %s); give one of them"):format(shown(opts.chip)))
  end
  if chips == nil and opts.chip ~= nil then chips = { [opts.chip] = 1 } end
  if type(chips) ~= "table" then
    fail(("field 'chips': table of chip = share or count expected, got %s"):format(type(chips)))
  end
  local names, weights = {}, {}
  for _, name in ipairs(sorted_keys(chips)) do
    local w = chips[name]
    if type(name) ~= "string" then
      fail("field 'chips': chip names expected as keys, got " .. type(name))
    end
    if math.type(w) == nil or w ~= w or w < 0 or w == math.huge then
      fail(("field 'chips.%s': non-negative number expected, got %s"):format(name, shown(w)))
    end
    names[#names + 1], weights[#weights + 1] = name, w
  end
  local total = 0
  for _, w in ipairs(weights) do total = total + w end
  if #names == 0 or total <= 0 then fail("field 'chips': empty chip mix") end
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
  local c = opts.catalog
  if c ~= nil and not (type(c) == "table" and type(c.region) == "function" and type(c.chip) == "function") then
    fail(("field 'catalog': a catalog object (fc.catalog.load(dir)) expected, got %s; a data file names no "
      .. "catalog: use --catalog DIR or fc.catalog.load"):format(shown(opts.catalog)))
  end
  if opts.catalog then return opts.catalog end
  return require("flopcost.catalog").default()
end

local chip = require "flopcost.scenario.chip"
M._power_curve_of = chip.power_curve_of -- internal: flopcost.inference builds its chips with it
M.manufactured_price = chip.manufactured_price

local Scenario = {}
Scenario.__index = Scenario
Scenario.__name = "flopcost.Scenario"

-- s.evaluate() instead of s:evaluate() (or a method called on a plain table)
-- gets a clear error naming the method, not "attempt to index a nil value".
local function check_self(self, method)
  check.arg("flopcost.Scenario:" .. method, "self", self, Scenario,
    ("flopcost.Scenario (call it as s:%s(...))"):format(method))
end

--- Creates a scenario: fc.scenario{...} (README "Scenario options" lists every option). Figures not
-- given come from the catalog, then from the one table of defaults (fc_compose.c: utilization 0.7,
-- maintenance 3 %/y, Epoch AI's server multiple, PUE and MFU, ...; s:explain() says which).
-- @tparam table opts the scenario
-- @tparam[opt="us-avg"] string opts.region a catalog region [name]
-- @tparam[opt] string opts.chip one catalog chip [name] (or chips)
-- @tparam[opt] table opts.chips chip = share or count, e.g. {["H800-SXM"] = 0.6, ["Ascend-910B"] = 0.4} [share]
-- @tparam[opt=0.7] number opts.utilization share of hours the chips do useful work, in (0, 1] [fraction]
-- @tparam[opt=0.375] number opts.mfu model FLOP utilization, in (0, 1) [fraction]
-- @tparam[opt] number opts.chip_price_usd and every core field by name, units in its name [USD, W, ...]
-- @tparam[opt] table opts.job {flops =} or {params =, tokens =} [FLOP, count]
-- @tparam[opt] table opts.workload {kind = "inference", model =, input_tokens =, output_tokens =, slo =}
-- [tokens, s]
-- @treturn Scenario the scenario: s:evaluate(), s:with{...}, s:explain() [scenario]
-- @raise "flopcost.scenario: unknown field 'utilisation' (did you mean 'utilization'?)", and for a
-- field out of its domain when evaluated ("field 'pue': number >= 1 expected, got 0.9")
-- @usage local s = fc.scenario{region = "us-va", chip = "H100-SXM"}   --> flopcost.Scenario(H100-SXM in us-va)
function M.new(opts)
  if type(opts) ~= "table" then fail("options table expected, got " .. type(opts)) end
  for k in pairs(opts) do
    if type(k) ~= "string" or not known_options[k] then
      local list = sorted_keys(known_options)
      local near = type(k) == "string" and closest(k, list)
      if near then fail(("unknown field '%s' (did you mean '%s'?)"):format(tostring(k), near)) end
      fail(("unknown field '%s'"):format(tostring(k)))
    end
  end
  if opts.coupling ~= nil and opts.coupling ~= "pooled" and opts.coupling ~= "lockstep" then
    fail(("field 'coupling': one of 'pooled', 'lockstep' expected, got '%s'"):format(
      tostring(opts.coupling)))
  end
  local self = setmetatable({ opts = opts }, Scenario)
  self.chip_names, self.chip_weights = read_mix(opts)
  self.catalog = catalog_of(opts)
  self.label = mix_label(self.chip_names, self.chip_weights)
  return self
end

--- A copy of this scenario with some options replaced (checked as fc.scenario checks them).
-- @tparam table changes options of fc.scenario, e.g. {utilization = 0.5} [options]
-- @treturn table the new scenario [scenario]
-- @raise "flopcost.scenario: unknown field 'bad'" (and any check of fc.scenario)
-- @usage local s = fc.scenario{region = "us-va", chip = "H100-SXM"}; s:with{utilization = 0.5}:evaluate().usd_per_eflop  --> 2.46
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
-- @treturn table the description: chips = {{["chip.price_usd"] = [USD], ["chip.tdp_w"] = [W], ...}},
-- ["region.pue"], ... as fc_compose reads them [description]
-- @treturn table the region's catalog entry [entry]
-- @raise "flopcost.Scenario:description: argument 'self': flopcost.Scenario (call it as s:description(...))
-- expected, got 1"
-- @usage local s = fc.scenario{region = "us-va", chip = "H100-SXM"}; s:description().chips[1]["chip.tdp_w"]  --> 700
function Scenario:description()
  check_self(self, "description")
  return describe(self)
end

--- Where a Monte Carlo `vary` key lands in this scenario (flopcost.scenario.vary).
-- @tparam string key a scenario field ("utilization"), description field ("region.pue") or catalog path
-- ("chip.H100-SXM.price_usd") [path]
-- @treturn table {field =} or {member =, field =}: the core field it varies [target]
-- @return nil, message, "not_applicable" for a well-formed path this scenario does not use [token]
-- @raise "flopcost.montecarlo: field 'vary': 'nosuch': not a scenario field, description field or catalog path"
-- @usage local s = fc.scenario{region = "us-va", chip = "H100-SXM"}; s:vary_target("region.pue").field  --> "region.pue"
function Scenario:vary_target(key)
  check_self(self, "vary_target")
  check.arg("flopcost.Scenario:vary_target", "key", key, "string", "input name or catalog path (string)")
  return vary.target(self, key)
end

--- The core's view: { members = {opts...}, counts = {...}, coupling =, penalty = }: what
-- fc.montecarlo and the C core (fc_compose) take.
-- @treturn table members: per chip the core's options (chip_price_usd [USD], power figures [W],
-- electricity price [USD/kWh], ...), counts [count], coupling [name], penalty [fraction] [core options]
-- @raise "flopcost.Scenario:core_params: argument 'self': flopcost.Scenario (call it as s:core_params(...))
-- expected, got nil"
-- @usage local s = fc.scenario{region = "us-va", chip = "H100-SXM"}; s:core_params().coupling  --> "pooled"
function Scenario:core_params()
  check_self(self, "core_params")
  return errors.call(function()
    local d, region = describe(self)
    return (core.compose(d)), region
  end)
end

local Result, shape_result, meta_of = result.Result, result.shape_result, result.meta_of
M.COMPONENTS = result.COMPONENTS

--- Evaluates the scenario: cost per 1e18 useful FLOP with its breakdown, composed once in C
-- (fc_compose) from the scenario, the catalog and the defaults.
-- @treturn table the result: usd_per_eflop [USD per 1e18 FLOP], breakdown {chip, server, network,
-- facility, energy, carbon, opex} [USD per 1e18 FLOP], per_hour {... , total} [USD/h per accelerator],
-- useful_flop_per_h [FLOP/h], power_w [W], kwh_per_eflop [kWh], kg_co2_per_eflop [kg], water_l_per_eflop
-- [L], capex_usd [USD per accelerator], cloud {usd_per_eflop, owned_to_cloud} [USD per 1e18 FLOP],
-- job {flops, cost_usd, days, chip_hours, ...} with a job, sources; an inference workload adds
-- usd_per_mtok_input/_output/_blended [USD per 1e6 tokens] and j_per_token [J]
-- @raise "flopcost.scenario: field 'utilization': number in (0, 1] expected, got 1.5" (any figure out of
-- its domain, an unknown chip or region with a "did you mean" list)
-- @usage fc.scenario{region = "us-va", chip = "H100-SXM"}:evaluate().usd_per_eflop   --> 1.7807
function Scenario:evaluate()
  check_self(self, "evaluate")
  return errors.call(function()
    local d, region = describe(self)
    local raw, mix = core.eval_desc(d)
    return shape_result(raw, meta_of(self, region, mix))
  end)
end

--- Evaluates many scenarios in one crossing of the Lua/C boundary.
-- @tparam {table,...} scenarios fc.scenario objects [scenario]
-- @treturn {table,...} their results, in order, as s:evaluate() gives them [USD per 1e18 FLOP]
-- @raise "flopcost.scenario.evaluate_many: argument 'scenarios': list (table) expected, got 1"
-- @usage local s = fc.scenario{region = "us-va", chip = "H100-SXM"}; fc.scenario.evaluate_many({s, s})[2].usd_per_eflop  --> 1.78
function M.evaluate_many(scenarios)
  check.each("flopcost.scenario.evaluate_many", "scenarios", scenarios, Scenario, "flopcost.Scenario")
  return errors.call(function()
    local cells, regions = {}, {}
    for i, s in ipairs(scenarios) do cells[i], regions[i] = describe(s) end
    local raws, mixes = core.eval_grid(cells)
    local out = {}
    for i, raw in ipairs(raws) do out[i] = shape_result(raw, meta_of(scenarios[i], regions[i], mixes[i])) end
    return out
  end)
end

--- s:explain([width]): every input and where it came from (flopcost.scenario.explain): given,
-- a catalog figure with its source, or fc_compose's default with its source.
-- @tparam[opt=100] integer width the widest line, >= 60 [columns]
-- @treturn string the text [text]
-- @raise "flopcost.Scenario:explain: argument 'width': integer >= 60 expected, got 'x'"
-- @usage local s = fc.scenario{region = "us-va", chip = "H100-SXM"};
--   s:explain()  --> "H100-SXM in us-va: every input, and where it came from..."
function Scenario:explain(width)
  check_self(self, "explain")
  check.optional("flopcost.Scenario:explain", "width", width, function(w) return math.type(w) == "integer"
    and w >= 60 end, "integer >= 60")
  return (errors.call(function() return require("flopcost.scenario.explain").text(self, width) end))
end

function Scenario:__tostring()
  return ("flopcost.Scenario(%s in %s)"):format(self.label, tostring(
    type(self.opts.region) == "table" and self.opts.region.name or self.opts.region or M.NAMED.region))
end

M.Scenario = Scenario
M.Result = Result

return setmetatable(M, { __call = function(_, opts) return M.new(opts) end })
