--- flopcost.dist: distributions for uncertain scenario inputs.
-- Each constructor returns a flopcost.Dist (a C value) with :mean(), :sd(),
-- :quantile(p), :sample(n[, seed]), :kind(), :params() and tostring():
--   fc.dist.fixed(x)
--   fc.dist.uniform(lo, hi)
--   fc.dist.normal(mean, sd)
--   fc.dist.lognormal90(p5, p95)        -- lognormal with that 90 % interval
--   fc.dist.triangular(min, mode, max)
--   fc.dist.pert(min, mode, max)        -- Beta-PERT (Malcolm et al. 1959; Vose 2008)
--   fc.dist.beta(alpha, beta[, lo, hi])
-- Closed forms and sources: csrc/core/fc_dist.h.
local core = require "flopcost.core"
local check = require "flopcost.check"

local M = {}
for name, ctor in pairs(core.mc.dist) do M[name] = ctor end

local DIST_NAME = "flopcost.Dist"

--- The methods of a distribution (a flopcost.Dist, a C value): d:mean(), d:sd(), d:quantile(p),
-- d:sample(n [, seed]), d:kind(), d:params().
M.Dist = debug.getmetatable(core.mc.dist.fixed(0)).__index

--- The mean of the distribution (closed forms: csrc/core/fc_dist.h).
-- @function Dist:mean
-- @treturn number the mean [the input's unit]
-- @raise "flopcost.Dist:mean: argument 'self': flopcost.Dist expected (call it as x:mean(...)), got 1"
-- @usage fc.dist.pert(1, 2, 4):mean()  --> 2.16667

--- The standard deviation.
-- @function Dist:sd
-- @treturn number the standard deviation [the input's unit]
-- @raise "flopcost.Dist:sd: argument 'self': flopcost.Dist expected (call it as x:sd(...)), got 1"
-- @usage fc.dist.uniform(0, 1):sd()  --> 0.288675

--- The quantile at p (the inverse CDF).
-- @function Dist:quantile
-- @tparam number p the probability, in (0, 1) [probability]
-- @treturn number the quantile [the input's unit]
-- @raise "flopcost.Dist:quantile: argument 'p': number in (0, 1) expected, got 2"
-- @usage fc.dist.lognormal90(1, 4):quantile(0.05)  --> 1

--- n draws (a reproducible stream for a seed).
-- @function Dist:sample
-- @tparam integer n draws, 1 to 1e8 [count]
-- @tparam[opt] integer seed the seed [seed]
-- @treturn {number,...} the draws [the input's unit]
-- @raise "flopcost.Dist:sample: field 'n': integer in [1, 1e8] expected, got -1"
-- @usage #fc.dist.normal(0, 1):sample(10, 1)  --> 10

--- The distribution's kind: "fixed", "uniform", "normal", "lognormal90", "triangular", "pert" or "beta".
-- @function Dist:kind
-- @treturn string the kind [name]
-- @raise "flopcost.Dist:kind: argument 'self': flopcost.Dist expected (call it as x:kind(...)), got 1"
-- @usage fc.dist.pert(1, 2, 4):kind()  --> "pert"

--- The constructor's arguments, {kind, args...}: what fc.dist.from_params rebuilds it from.
-- @function Dist:params
-- @treturn table {kind, args...} [the input's unit]
-- @raise "flopcost.Dist:params: argument 'self': flopcost.Dist expected (call it as x:params(...)), got 1"
-- @usage fc.dist.pert(1, 2, 4):params()[4]  --> 4

--- True when x is a distribution made by this module (a flopcost.Dist).
-- @tparam any x the value [any]
-- @treturn boolean whether it is one [boolean]
-- @raise none: any value gives true or false
-- @usage fc.dist.is_dist(fc.dist.fixed(1))  --> "true"
function M.is_dist(x)
  -- the metatable is protected: getmetatable returns the type name
  return type(x) == "userdata" and getmetatable(x) == DIST_NAME
end

--- Rebuilds a distribution from its :params() table ({kind, args...}), as after a JSON
-- round trip.
-- @tparam table t {kind, args...}, as d:params() gives it [the input's unit]
-- @treturn userdata a flopcost.Dist [distribution]
-- @raise "flopcost.dist.from_params: argument 'params': {kind, args...} expected, got 1" (and the
-- constructor's own checks)
-- @usage fc.dist.from_params(fc.dist.pert(1, 2, 3):params()):mean()  --> 2
function M.from_params(t)
  if type(t) ~= "table" or type(t[1]) ~= "string" or not core.mc.dist[t[1]] then
    check.bad_arg("flopcost.dist.from_params", "params", "{kind, args...}", t)
  end
  return core.mc.dist[t[1]](table.unpack(t, 2))
end

--- A fixed value: no uncertainty (C: fc_dist.h; every constructor below returns a flopcost.Dist
-- with :mean(), :sd(), :quantile(p), :sample(n [, seed]), :kind(), :params()).
-- @function fixed
-- @tparam number x the value [the input's unit]
-- @treturn userdata a flopcost.Dist [distribution]
-- @raise "flopcost.dist.fixed: argument 'x': finite number expected, got nan"
-- @usage fc.dist.fixed(3):mean()  --> 3

--- Uniform on [lo, hi].
-- @function uniform
-- @tparam number lo lower bound [the input's unit]
-- @tparam number hi upper bound, > lo [the input's unit]
-- @treturn userdata a flopcost.Dist [distribution]
-- @raise "flopcost.dist.uniform: argument 'hi': number greater than lo (3) expected, got 1"
-- @usage fc.dist.uniform(1, 3):mean()  --> 2

--- Normal with mean and standard deviation.
-- @function normal
-- @tparam number mean the mean [the input's unit]
-- @tparam number sd standard deviation, > 0 [the input's unit]
-- @treturn userdata a flopcost.Dist [distribution]
-- @raise "flopcost.dist.normal: argument 'sd': positive number expected, got 0"
-- @usage fc.dist.normal(1, 0.1):sd()  --> 0.1

--- Lognormal whose 5th and 95th percentiles are p5 and p95 (a 90 % interval as sources give it).
-- @function lognormal90
-- @tparam number p5 5th percentile, > 0 [the input's unit]
-- @tparam number p95 95th percentile, > p5 [the input's unit]
-- @treturn userdata a flopcost.Dist [distribution]
-- @raise "flopcost.dist.lognormal90: argument 'p95': number greater than p5 (4) expected, got 1"
-- @usage fc.dist.lognormal90(1, 4):quantile(0.95)  --> 4

--- Triangular on [min, max] with its peak at mode.
-- @function triangular
-- @tparam number min lower bound [the input's unit]
-- @tparam number mode most likely value, in [min, max] [the input's unit]
-- @tparam number max upper bound [the input's unit]
-- @treturn userdata a flopcost.Dist [distribution]
-- @raise "flopcost.dist.triangular: argument 'mode': number in [min, max] = [1, 6] expected, got 7"
-- @usage fc.dist.triangular(1, 2, 6):mean()  --> 3

--- Beta-PERT on [min, max] with mode: mean (min + 4 mode + max) / 6 (Malcolm, Roseboom, Clark & Fazar
-- 1959; Vose 2008).
-- @function pert
-- @tparam number min lower bound [the input's unit]
-- @tparam number mode most likely value, in [min, max] [the input's unit]
-- @tparam number max upper bound [the input's unit]
-- @treturn userdata a flopcost.Dist [distribution]
-- @raise "flopcost.dist.pert: argument 'mode': number in [min, max] = [1, 6] expected, got 7"
-- @usage fc.dist.pert(25e3, 30e3, 40e3):mean()  --> 30833.3

--- Beta(alpha, beta), scaled to [lo, hi] (default [0, 1]).
-- @function beta
-- @tparam number alpha shape, > 0 [dimensionless]
-- @tparam number beta shape, > 0 [dimensionless]
-- @tparam[opt=0] number lo lower bound [the input's unit]
-- @tparam[opt=1] number hi upper bound [the input's unit]
-- @treturn userdata a flopcost.Dist [distribution]
-- @raise "flopcost.dist.beta: argument 'alpha': positive number expected, got 0"
-- @usage fc.dist.beta(2, 2, 0, 10):mean()  --> 5

return M
