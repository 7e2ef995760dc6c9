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

local M = {}
for name, ctor in pairs(core.mc.dist) do M[name] = ctor end

local DIST_NAME = "flopcost.Dist"

--- True when x is a distribution made by this module.
function M.is_dist(x)
  -- the metatable is protected: getmetatable returns the type name
  return type(x) == "userdata" and getmetatable(x) == DIST_NAME
end

--- A distribution over a catalog range [lo, hi] that keeps the catalog's own
-- value as its mode: PERT(lo, value, hi) (Malcolm et al. 1959); uniform over
-- the range when the value sits at an end of it (the catalog's ranges are
-- bounds, not confidence intervals, so no other shape is assumed); fixed when
-- the range is empty. The one rule for drawing ranged catalog figures.
function M.around(value, lo, hi)
  local check = require "flopcost.check"
  check.arg("flopcost.dist.around", "value", value, "number")
  check.arg("flopcost.dist.around", "lo", lo, "number")
  check.arg("flopcost.dist.around", "hi", hi, "number")
  lo, hi = math.min(lo, value), math.max(hi, value)
  if hi <= lo then return M.fixed(lo) end
  if lo < value and value < hi then return M.pert(lo, value, hi) end
  return M.uniform(lo, hi)
end

--- Rebuilds a distribution from its :params() table ({kind, args...}), e.g.
-- after a JSON round trip.
function M.from_params(t)
  if type(t) ~= "table" or type(t[1]) ~= "string" or not core.mc.dist[t[1]] then
    error("flopcost.dist.from_params: {kind, args...} expected", 2)
  end
  return core.mc.dist[t[1]](table.unpack(t, 2))
end

return M
