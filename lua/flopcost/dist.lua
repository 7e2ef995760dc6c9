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

--- True when x is a distribution made by this module.
function M.is_dist(x)
  -- the metatable is protected: getmetatable returns the type name
  return type(x) == "userdata" and getmetatable(x) == DIST_NAME
end

--- Rebuilds a distribution from its :params() table ({kind, args...}), e.g.
-- after a JSON round trip.
function M.from_params(t)
  if type(t) ~= "table" or type(t[1]) ~= "string" or not core.mc.dist[t[1]] then
    check.bad_arg("flopcost.dist.from_params", "params", "{kind, args...}", t)
  end
  return core.mc.dist[t[1]](table.unpack(t, 2))
end

return M
