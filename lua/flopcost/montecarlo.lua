--- flopcost.montecarlo: uncertainty of a scenario's cost.
--   local r = fc.montecarlo(s, { vary = { electricity_usd_per_kwh = fc.dist.lognormal90(0.05, 0.12) },
--                                samples = 1e6, seed = 1 })
--   print(r)                 -- mean, sd and 90 % interval
--   r:tornado()              -- rows {name, low, high, base} for plot.tornado
--   r.histogram              -- {edges, counts, underflow, overflow} for plot.histogram
--   fc.montecarlo.merge{st1, st2, ...}   -- shards (opts.shard = {i=, n=}) into one result
-- `s` is a scenario object (anything with s:core_params()), a core options
-- table, a flopcost.Params, or {members=, counts=, coupling=, penalty=}.
-- The work is done in C (csrc/core/fc_mc.c): chunked RNG streams make results
-- bit-identical for any thread count and for any sharding of the run.
local core = require "flopcost.core"
local suggest = require "flopcost.suggest"

local M = {}
local FN = "flopcost.montecarlo"

local Result = {}
Result.__index = Result
--- The class of a Monte Carlo result (its methods: r:summary(), r:point(), r:quantile(p), ...).
M.Result = Result
Result.__name = "flopcost.MCResult"
local check = require "flopcost.check"
local errors = require "flopcost.errors"
-- r.summary() instead of r:summary() gets a clear error naming the method
local function check_self(self, method)
  check.arg("flopcost.MCResult:" .. method, "self", self, Result, ("Monte Carlo result (call it as r:%s(...))"):format(method))
end

-- The options a Lua door accepts: the C function's (its list, core_options),
-- with `vary` (-> inputs) in place of `inputs`, the scenario passed apart
-- unless `with_scenario`, and `extra` names the Lua door itself handles.
local function options_of(core_options, with_scenario, extra)
  local known, list = {}, {}
  for _, k in ipairs(core_options) do
    if k ~= "inputs" and (with_scenario or k ~= "scenario") then known[k] = true end
  end
  known.vary = true
  for _, k in ipairs(extra or {}) do known[k] = true end
  for k in pairs(known) do list[#list + 1] = k end
  table.sort(list)
  return known, list
end

-- Raises "unknown field 'x' (did you mean 'y'?)" for a key not in known.
local function check_options(opts, known, list, fn)
  for k in pairs(opts) do
    if not known[k] then
      local near = type(k) == "string" and suggest.closest(k, list)
      check.fail(fn, "unknown field '%s'%s", tostring(k), near and string.format(" (did you mean '%s'?)", near) or "")
    end
  end
end
M._options_of, M._check_options = options_of, check_options -- internal: sensitivity.lua reads its options alike

local KNOWN, KNOWN_LIST = options_of(core.mc.options, false, { "uncertainty" })

-- A scenario object goes to C as its description (every input of it can
-- vary); anything else (core options, a flopcost.Params, a mix table) as is.
local function scenario_of(s, fn)
  local ts = type(s)
  if (ts == "table" or ts == "userdata") then
    local ok, d = pcall(function() return s.description end)
    if ok and type(d) == "function" then return (s:description()) end
    local ok2, cp = pcall(function() return s.core_params end)
    if ok2 and type(cp) == "function" then return (s:core_params()) end
    return s
  end
  check.bad_arg(fn, "scenario", "scenario, options table or flopcost.Params", s)
end

local function is_scenario(s)
  return type(s) == "table" and type(s.vary_target) == "function"
end

--- vary: {field = dist, ["field[2]"] = dist, ["chip.H100-SXM.price_usd"] = dist, ...}
-- or a list of {field=, dist=, member=, chips=, name=}. Map keys are sorted so
-- the draw order (and the result) never depends on pairs(); on a scenario
-- object, keys may be description fields or catalog paths (Scenario:vary_target).
local function inputs_of(vary, fn, s)
  if vary == nil then return {} end
  if type(vary) ~= "table" then
    check.fail(fn, "field 'vary': table expected, got %s", type(vary))
  end
  if #vary > 0 then return vary end
  local keys = {}
  for k in pairs(vary) do
    if type(k) ~= "string" then
      check.fail(fn, "field 'vary': keys must be field names, got %s", type(k))
    end
    keys[#keys + 1] = k
  end
  table.sort(keys)
  local list = {}
  for _, k in ipairs(keys) do
    if is_scenario(s) then
      local ok, t, msg = pcall(s.vary_target, s, k)
      if not ok then errors.raise(t) end
      if not t then errors.raise(msg) end
      list[#list + 1] = { field = t.field, member = t.member, chips = t.chips, dist = vary[k], name = k }
    else
      local field, member = k:match("^([%w_]+)%[(%d+)%]$")
      list[#list + 1] = { field = field or k, member = member and tonumber(member) or nil,
                          dist = vary[k], name = k }
    end
  end
  return list
end

-- The output of a run that names none: the cost in $ per million tokens
-- (blended) for a scenario that serves a model, else the core's default
-- (usd_per_eflop). The serving outputs are computed in C per sample
-- (csrc/fc_mc_output.h).
-- A scenario that serves a model refuses an output per training FLOP (its cost is per
-- token: usd_per_eflop would be $ per 1e18 tokens under a training name).
local function default_output(s, opts, fn)
  local serves = is_scenario(s) and type(s.opts) == "table" and s.opts.workload ~= nil
  if serves and type(opts.output) == "string" and (opts.output:find("eflop", 1, true)
      or opts.output:find("flop_per", 1, true)) then
    check.fail(fn or "flopcost.montecarlo", "field 'output': '%s' is per training FLOP; an inference scenario's "
      .. "outputs are usd_per_mtok_blended, usd_per_mtok_output, usd_per_mtok_input, j_per_token and "
      .. "water_l_per_mtok", opts.output)
  end
  if opts.output ~= nil or opts.outputs ~= nil then return opts.output end
  if serves then return "usd_per_mtok_blended" end
  return nil
end

-- shared with flopcost.sensitivity: one reading of a scenario and of `vary`
M._scenario_of, M._inputs_of, M._default_output = scenario_of, inputs_of, default_output

-- rank_correlation = {{key_a, key_b, rho}, ...}: keys as in vary (names of the inputs).
local function correlation_of(corr, fn)
  if corr == nil then return nil end
  if type(corr) ~= "table" then
    check.fail(fn, "field 'rank_correlation': list of {input, input, rho} expected, got %s", type(corr))
  end
  return corr
end

local function wrap(r, scenario, inputs, output)
  r._scenario, r._inputs, r._output = scenario, inputs, output
  return setmetatable(r, Result)
end

--- opts.vary, with opts.uncertainty = "catalog": every ranged catalog figure the scenario uses
-- (flopcost.ranges), drawn jointly; an input of opts.vary for the same figure replaces its range.
local function with_catalog_ranges(s, opts, fn)
  if opts.uncertainty == nil then return opts.vary end
  if opts.uncertainty ~= "catalog" then
    check.bad_field(fn, "uncertainty", "\"catalog\" (the catalog's ranges)", opts.uncertainty)
  end
  if not is_scenario(s) then
    check.fail(fn, "field 'uncertainty': \"catalog\" needs a scenario object (fc.scenario{...})")
  end
  local vary = {}
  if opts.vary ~= nil and type(opts.vary) ~= "table" then
    check.fail(fn, "field 'vary': table expected, got %s", type(opts.vary))
  end
  local except = {}
  for k in pairs(opts.vary or {}) do except[k] = true end
  for k, d in pairs(require("flopcost.ranges").vary(s, except)) do vary[k] = d end
  for k, d in pairs(opts.vary or {}) do vary[k] = d end
  return vary
end

--- Monte Carlo of a scenario in C (fc_mc): fc.montecarlo(s, opts); reproducible for a seed, for any
-- number of threads.
-- @tparam Scenario s the scenario (fc.scenario{...}) [scenario]
-- @tparam table opts the run
-- @tparam[opt] table opts.vary field or catalog path = distribution (fc.dist), e.g.
-- {["chip.H100-SXM.price_usd"] = fc.dist.pert(25e3, 30e3, 40e3)} [units of the field]
-- @tparam[opt] string opts.uncertainty "catalog": every ranged catalog figure, drawn jointly [name]
-- @tparam[opt=100000] integer opts.samples draws [count]
-- @tparam[opt=1] integer opts.seed seed of the run [integer]
-- @tparam[opt="usd_per_eflop"] string opts.output the result field analysed [name]
-- @treturn MCResult mean, sd, min, max, p05, p50, p95 [units of the output], n [count], quantiles,
-- histogram, state (for merge); r:point() the point estimate, r:tornado(), r:summary()
-- @raise "flopcost.montecarlo: field 'samples': positive integer expected, got 0" (and for an unknown
-- field or a bad distribution)
-- @usage fc.montecarlo(fc.scenario{region = "us-va", chip = "H100-SXM"}, {samples = 10000, seed = 1,
-- vary = {["chip.H100-SXM.price_usd"] = fc.dist.pert(25e3, 30e3, 40e3)}}).mean   --> 1.5293
function M.run(s, opts)
  opts = check.optional(FN, "opts", opts, "table", "options table") or {}
  check_options(opts, KNOWN, KNOWN_LIST, FN)
  local scenario = scenario_of(s, FN)
  local inputs = inputs_of(with_catalog_ranges(s, opts, FN), FN, s)
  local args = { scenario = scenario, inputs = inputs }
  for k, v in pairs(opts) do if k ~= "vary" and k ~= "uncertainty" then args[k] = v end end
  args.output = default_output(s, opts, FN)
  args.rank_correlation = correlation_of(opts.rank_correlation, FN)
  local ok, r = pcall(core.mc.run, args)
  if not ok then errors.raise((tostring(r):gsub("^flopcost%.mc%.run:", FN .. ":"))) end
  -- the Scenario object a run was made of, for the provenance its charts state (flopcost.plot)
  if is_scenario(s) then r._source = s end
  return wrap(r, scenario, inputs, args.output or (opts.outputs and opts.outputs[1]))
end

--- Combines the .state of shard runs into the result of the whole run:
-- streaming quantiles; n, mean, sd and histogram bit-identical to the single
-- run's. Every shard is required unless opts.partial (then r.complete is
-- false and r.missing lists the shards not given).
-- @tparam {table,...} states the shards' results (or their .state) [state]
-- @tparam[opt] table opts partial = true: merge the shards given [boolean]
-- @treturn table the whole run's result (a Monte Carlo result: n [count], mean, sd, p05, p50, p95 [the
-- output's unit], histogram, complete, missing) [result]
-- @raise "flopcost.montecarlo.merge: 1 of 2 shards missing (2): give every shard, or partial = true (--partial)"
-- @usage local s = fc.scenario{region = "us-va", chip = "H100-SXM"}; local v = {["region.pue"] = fc.dist.uniform(1.1, 1.3)};
--   local a = fc.montecarlo(s, {samples = 70000, seed = 1, vary = v, shard = {i = 1, n = 2}});
--   local b = fc.montecarlo(s, {samples = 70000, seed = 1, vary = v, shard = {i = 2, n = 2}});
--   fc.montecarlo.merge({a, b}).n  --> 70000
function M.merge(states, opts)
  if type(states) ~= "table" then
    check.bad_arg(FN .. ".merge", "states", "list of states", states)
  end
  local list = {}
  for i, st in ipairs(states) do
    list[i] = getmetatable(st) == Result and st.state or st
  end
  return setmetatable(core.mc.merge(list, opts), Result)
end

--- One-at-a-time sensitivity without sampling: each input of opts.vary at its 5th and 95th
-- percentiles with the others at their medians; rows sorted by swing.
-- @tparam table s a scenario (as fc.montecarlo takes it) [scenario]
-- @tparam table opts vary = {[key] = Dist} [distribution]; output (default usd_per_eflop) [name]; p_low
-- (0.05), p_high (0.95) [probability]
-- @treturn {table,...} rows {name [path], low, high, base [the output's unit], input_low, input_high [the
-- input's unit]}, widest swing first [rows]
-- @raise "flopcost.montecarlo.tornado: argument 'opts': options table expected, got 1"
-- @usage local s = fc.scenario{region = "us-va", chip = "H100-SXM"}; local v = {["region.pue"] = fc.dist.uniform(1.1, 1.3)};
--   fc.montecarlo.tornado(s, {vary = v})[1].high  --> 1.7904
function M.tornado(s, opts)
  opts = check.optional(FN .. ".tornado", "opts", opts, "table", "options table") or {}
  local rows = core.mc.tornado {
    scenario = scenario_of(s, FN .. ".tornado"), inputs = inputs_of(opts.vary, FN .. ".tornado", s),
    output = default_output(s, opts, FN .. ".tornado"), p_low = opts.p_low, p_high = opts.p_high,
  }
  table.sort(rows, function(a, b)
    local sa, sb = math.abs(a.high - a.low), math.abs(b.high - b.low)
    if sa ~= sb then return sa > sb end
    return a.name < b.name
  end)
  return rows
end

--- Tornado rows {name, low, high, base, input_low, input_high} for the inputs
-- of this run, each at its 5th / 95th percentile with the others at their medians.
-- @tparam[opt] table opts p_low (0.05), p_high (0.95) [probability]
-- @treturn {table,...} rows, widest swing first: name [path], low, high, base [the output's unit],
-- input_low, input_high [the input's unit] [rows]
-- @raise "flopcost.montecarlo: tornado needs the scenario (not available on a merged result)"
-- @usage local r = fc.montecarlo(fc.scenario{region = "us-va", chip = "H100-SXM"}, {samples = 1000, seed = 1,
--   vary = {["region.pue"] = fc.dist.uniform(1.1, 1.3)}});
--   r:tornado()[1].name  --> "region.pue"
function Result:tornado(opts)
  check_self(self, "tornado")
  opts = check.optional("flopcost.MCResult:tornado", "opts", opts, "table", "options table")
  if not self._scenario then
    check.fail(FN, "tornado needs the scenario (not available on a merged result)")
  end
  opts = opts or {}
  local rows = core.mc.tornado {
    scenario = self._scenario, inputs = self._inputs, output = self._output,
    p_low = opts.p_low, p_high = opts.p_high,
  }
  table.sort(rows, function(a, b)
    local sa, sb = math.abs(a.high - a.low), math.abs(b.high - b.low)
    if sa ~= sb then return sa > sb end
    return a.name < b.name
  end)
  return rows
end

--- The result as plain data for export (what `flopcost mc` and `merge` write as JSON):
-- every number as computed, nothing that depends on how the run was split
-- (threads, shards), quantiles as a list {p =, q =} in p order.
-- @treturn table {output [name], n [count], seed, rng, mean, sd, min, max [the output's unit],
-- quantile_method, quantiles = {{p =, q =}, ...}} [the output's unit]
-- @raise "flopcost.MCResult:summary: argument 'self': Monte Carlo result (call it as r:summary(...)) expected"
-- @usage local r = fc.montecarlo(fc.scenario{region = "us-va", chip = "H100-SXM"}, {samples = 1000, seed = 1,
--   vary = {["region.pue"] = fc.dist.uniform(1.1, 1.3)}});
--   r:summary().n  --> 1000
function Result:summary()
  check_self(self, "summary")
  local o = { output = self.output, n = self.n, seed = self.seed, rng = self.rng, mean = self.mean,
    sd = self.sd, min = self.min, max = self.max, quantile_method = self.quantile_method, quantiles = {} }
  local ps = {}
  for p in pairs(self.quantiles or {}) do ps[#ps + 1] = p end
  table.sort(ps)
  for i, p in ipairs(ps) do o.quantiles[i] = { p = p, q = self.quantiles[p] } end
  return o
end

--- The point estimate of the run's output: the scenario with every input at its value (no
-- draw), which is not the median of the draws when a distribution is skewed. nil for a result
-- without its Scenario object (merged shards, a raw core scenario).
-- @treturn number the point estimate, or nil [the output's unit, e.g. USD per 1e18 FLOP]
-- @raise "flopcost.MCResult:point: argument 'self': Monte Carlo result (call it as r:point(...)) expected"
-- @usage local r = fc.montecarlo(fc.scenario{region = "us-va", chip = "H100-SXM"}, {samples = 1000, seed = 1,
--   vary = {["region.pue"] = fc.dist.uniform(1.1, 1.3)}});
--   r:point()  --> 1.7807
function Result:point()
  check_self(self, "point")
  if not self._source or type(self.output) ~= "string" then return nil end
  return self._source:evaluate()[self.output]
end

--- A quantile of the draws, one the run computed (opts.quantiles; by default 0.05, 0.5 and
-- 0.95), by the exact type-7 rule or the streaming estimate the run used.
-- @tparam number p the probability, one of the computed ones [probability]
-- @treturn number the quantile [the output's unit, e.g. USD per 1e18 FLOP]
-- @raise "flopcost.montecarlo: quantile 0.3 was not computed (pass it in opts.quantiles)"
-- @usage local r = fc.montecarlo(fc.scenario{region = "us-va", chip = "H100-SXM"}, {samples = 1000, seed = 1,
--   vary = {["region.pue"] = fc.dist.uniform(1.1, 1.3)}});
--   r:quantile(0.5)  --> 1.7799
function Result:quantile(p)
  check_self(self, "quantile")
  local q = self.quantiles and self.quantiles[p]
  if q == nil then
    check.fail(FN, "quantile %s was not computed (pass it in opts.quantiles)", tostring(p))
  end
  return q
end

local function g(x) return string.format("%.6g", x) end

function Result:__tostring()
  local lo, hi = self.quantiles and self.quantiles[0.05], self.quantiles and self.quantiles[0.95]
  -- a serving output says its unit ("usd_per_mtok_output ($ per million output tokens)")
  local unit = require("flopcost.inference.report").OUTPUT_UNITS[self.output]
  local s = string.format("%s: %smean %s, sd %s", self.output or "?", unit and (unit .. "\n  ") or "",
    g(self.mean), g(self.sd))
  if lo and hi then s = s .. string.format(", 90%% interval [%s, %s]", g(lo), g(hi)) end
  -- (on a line of its own: the REPL's lines stay within 100 columns; issue 23 found 111)
  return s .. string.format("\n  (n = %d, seed %d, %s quantiles)", self.n, self.seed or 0,
    self.quantile_method or "?")
end

-- errors at the caller's line and under the public name (flopcost.errors)
for _, name in ipairs { "merge", "tornado" } do
  local f = M[name]
  M[name] = errors.public(function(...)
    local r = table.pack(pcall(f, ...))
    if r[1] then return table.unpack(r, 2, r.n) end
    local e = r[2]
    if type(e) == "string" then e = e:gsub("flopcost%.mc%.", FN .. ".", 1) end
    errors.raise(e)
  end)
end

return setmetatable(M, { __call = function(_, s, opts) return M.run(s, opts) end })
