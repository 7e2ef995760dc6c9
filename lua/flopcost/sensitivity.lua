--- flopcost.sensitivity: which uncertain inputs drive the variance of a cost.
--   local r = fc.sensitivity.sobol{ scenario = s, vary = { pue = fc.dist.pert(1.1, 1.2, 1.4), ... },
--                                   samples = 1e4, seed = 1 }
--   r.first.pue, r.total.pue          -- Sobol first-order and total indices
--   r.first_ci.pue = { lo, hi }       -- percentile-bootstrap interval (level 0.95)
--   print(r)                          -- inputs ranked by total index
--   fc.sensitivity.merge{ st1, st2 }  -- shards (shard = {i=, n=}) into the whole run's indices
-- Estimators (Saltelli 2010 first order, Jansen total) and reproducibility
-- (bit-identical for any thread count and any sharding) in csrc/core/fc_sensitivity.h.
-- The model is evaluated N (k + 2) times for k inputs.
local core = require "flopcost.core"
local montecarlo = require "flopcost.montecarlo"
local check = require "flopcost.check"
local errors = require "flopcost.errors"

local M = {}
local FN = "flopcost.sensitivity.sobol"

local Result = {}
Result.__index = Result
Result.__name = "flopcost.SobolResult"
-- r.rows() instead of r:rows() gets a clear error naming the method
local function check_self(self, method)
  require("flopcost.check").arg("flopcost.SobolResult:" .. method, "self", self, Result,
    ("flopcost.SobolResult (call it as r:%s(...))"):format(method))
end

-- core.sensitivity.sobol's options, `vary` for `inputs`; rank_correlation is refused below
local KNOWN, KNOWN_LIST = montecarlo._options_of(core.sensitivity.options, true, { "rank_correlation" })

-- Lists in input order -> maps by input name, intervals as {lo, hi}.
local function shape(raw)
  if not raw.first then return setmetatable(raw, Result) end -- a shard: only its state
  local r = setmetatable({ names = raw.names, output = raw.output, samples = raw.samples, seed = raw.seed,
    mean = raw.mean, variance = raw.variance, evaluations = raw.evaluations, level = raw.level,
    state = raw.state, first = {}, total = {}, first_ci = {}, total_ci = {} }, Result)
  for i, name in ipairs(raw.names) do
    r.first[name], r.total[name] = raw.first[i], raw.total[i]
    r.first_ci[name] = { raw.first_lo[i], raw.first_hi[i] }
    r.total_ci[name] = { raw.total_lo[i], raw.total_hi[i] }
  end
  return r
end

--- sobol{scenario=, vary=, samples=, seed=, output=, threads=, shard=, resamples=, level=}:
-- Sobol first-order (Saltelli 2010) and total (Jansen) indices in C, N (k + 2) evaluations.
-- @tparam table opts the analysis
-- @tparam Scenario opts.scenario the scenario [scenario]
-- @tparam table opts.vary field = distribution (fc.dist), k inputs [units of the field]
-- @tparam integer opts.samples base samples N [count]
-- @tparam[opt=1] integer opts.seed seed [integer]
-- @tparam[opt="usd_per_eflop"] string opts.output the result field analysed [name]
-- @tparam[opt] integer opts.resamples bootstrap resamples for the intervals [count]
-- @tparam[opt=0.95] number opts.level the intervals' level [fraction]
-- @treturn table first, total {input = index} [share of variance], first_ci, total_ci {input = {lo,
-- hi}} [share of variance], mean [output units], variance [output units^2], evaluations [count], r:rows()
-- @raise "flopcost.sensitivity.sobol: field 'scenario': scenario expected, got nil"
-- @usage fc.sensitivity.sobol{scenario = fc.scenario{region = "us-va", chip = "H100-SXM"}, samples = 256,
-- seed = 1, vary = {pue = fc.dist.uniform(1.1, 1.4), wacc = fc.dist.uniform(0.05, 0.1)}}.total.wacc  --> 0.959
function M.sobol(opts)
  check.arg(FN, "opts", opts, "table", "options table")
  montecarlo._check_options(opts, KNOWN, KNOWN_LIST, FN)
  if opts.scenario == nil then check.bad_field(FN, "scenario", "scenario", nil) end
  if opts.rank_correlation ~= nil then
    check.fail(FN, "field 'rank_correlation': correlated inputs are not supported by these estimators "
      .. "(Saltelli/Jansen assume independent inputs); vary independent inputs")
  end
  if opts.vary == nil or next(opts.vary) == nil then
    check.fail(FN, "field 'vary': at least one uncertain input expected")
  end
  local ok, r = pcall(function()
    -- every option as given (defaults are core.sensitivity.sobol's), the scenario and `vary` read
    local args = {}
    for k, v in pairs(opts) do args[k] = v end
    args.vary = nil
    args.scenario = montecarlo._scenario_of(opts.scenario, FN)
    args.inputs = montecarlo._inputs_of(opts.vary, FN, opts.scenario)
    args.output = montecarlo._default_output(opts.scenario, opts, FN) -- $/Mtok for a serving scenario
    return core.sensitivity.sobol(args)
  end)
  if not ok then errors.raise(r) end
  return shape(r)
end

--- Combines the states of shard runs (any order, every shard once) into the
-- whole run's indices, bit-identical to an unsharded run.
-- @tparam {table,...} states the shards' results (or their .state) [state]
-- @tparam[opt] table opts resamples, level: the bootstrap intervals [count, probability]
-- @treturn table the result, as fc.sensitivity.sobol returns it [share of variance]
-- @raise "flopcost.sensitivity.merge: argument 'states': list of states expected, got 1"
-- @usage local r = fc.sensitivity.sobol{scenario = fc.scenario{region = "us-va", chip = "H100-SXM"}, samples = 256,
--   seed = 1, vary = {pue = fc.dist.uniform(1.1, 1.4), wacc = fc.dist.uniform(0.05, 0.1)}};
--   fc.sensitivity.merge({r.state}).total.wacc  --> 0.959
function M.merge(states, opts)
  if type(states) ~= "table" then
    check.bad_arg("flopcost.sensitivity.merge", "states", "list of states", states)
  end
  check.optional("flopcost.sensitivity.merge", "opts", opts, "table", "options table")
  local list = {}
  for i, st in ipairs(states) do list[i] = getmetatable(st) == Result and st.state or st end
  local ok, r = pcall(core.sensitivity.merge, list, opts)
  if not ok then errors.raise(r) end
  return shape(r)
end

--- Rows {name, first, total, first_lo, first_hi, total_lo, total_hi}, by total index.
-- @treturn {table,...} per input: name [path], first, total and their interval ends [share of variance] [rows]
-- @raise "flopcost.SobolResult:rows: argument 'self': flopcost.SobolResult (call it as r:rows(...)) expected, got 1"
-- @usage local r = fc.sensitivity.sobol{scenario = fc.scenario{region = "us-va", chip = "H100-SXM"}, samples = 256,
--   seed = 1, vary = {pue = fc.dist.uniform(1.1, 1.4), wacc = fc.dist.uniform(0.05, 0.1)}};
--   r:rows()[1].name  --> "wacc"
function Result:rows()
  check_self(self, "rows")
  local rows = {}
  for _, name in ipairs(self.names or {}) do
    rows[#rows + 1] = { name = name, first = self.first[name], total = self.total[name],
      first_lo = self.first_ci[name][1], first_hi = self.first_ci[name][2],
      total_lo = self.total_ci[name][1], total_hi = self.total_ci[name][2] }
  end
  table.sort(rows, function(a, b)
    if a.total ~= b.total then return a.total > b.total end
    return a.name < b.name
  end)
  return rows
end

--- The result as plain data for export (what `flopcost sobol` and `merge` write as JSON):
-- indices and intervals by input, every number as computed.
-- @treturn table {output [name], samples, evaluations [count], seed, mean [output unit], variance [output
-- unit^2], level [probability], inputs = r:rows()} [summary]
-- @raise "flopcost.SobolResult:summary: argument 'self': flopcost.SobolResult (call it as r:summary(...))
-- expected, got 1"
-- @usage local r = fc.sensitivity.sobol{scenario = fc.scenario{region = "us-va", chip = "H100-SXM"}, samples = 256,
--   seed = 1, vary = {pue = fc.dist.uniform(1.1, 1.4), wacc = fc.dist.uniform(0.05, 0.1)}};
--   r:summary().samples  --> 256
function Result:summary()
  check_self(self, "summary")
  local o = { output = self.output, samples = self.samples, seed = self.seed, evaluations = self.evaluations,
    mean = self.mean, variance = self.variance, level = self.level, inputs = {} }
  for i, row in ipairs(self:rows()) do
    for k, v in pairs(row) do if v ~= v then row[k] = nil end end -- no interval (resamples = 0)
    o.inputs[i] = row
  end
  return o
end

local function g3(x) return x ~= x and "  -  " or ("%5.3f"):format(x) end

function Result:__tostring()
  if not self.first then
    return ("flopcost.sensitivity: shard %d/%d state (%d samples in all); merge the shards for indices"):format(
      self.state.shard_index + 1, self.state.shard_count, self.state.samples)
  end
  local rows, w = self:rows(), 20
  for _, row in ipairs(rows) do w = math.max(w, #row.name) end
  local unit = require("flopcost.inference.report").OUTPUT_UNITS[self.output]
  local head = ("Sobol indices of %s (N = %d, %d evaluations, seed %d; %d%% bootstrap intervals)"):format(
    self.output, self.samples, self.evaluations, self.seed, math.floor(self.level * 100 + 0.5))
  -- within 100 columns: a long output name moves the run's figures to a line of their own
  local lines = { #head <= 100 and head or head:gsub(" %(N = ", "\n  (N = ", 1) }
  if unit then lines[#lines + 1] = ("  (%s: %s)"):format(self.output, unit) end
  lines[#lines + 1] = ("  %-" .. w .. "s %-22s%s"):format("input", "first order", "total")
  for _, row in ipairs(rows) do
    lines[#lines + 1] = ("  %-" .. w .. "s %s [%s, %s]  %s [%s, %s]"):format(row.name, g3(row.first),
      g3(row.first_lo), g3(row.first_hi), g3(row.total), g3(row.total_lo), g3(row.total_hi))
  end
  return table.concat(lines, "\n")
end

M.Result = Result
M._shape = shape -- internal: flopcost.buildout.sobol shapes its indices the same way
return M
