--- flopcost.ranges: the catalog's own uncertainty as Monte Carlo inputs.
-- Every figure a scenario takes from the catalog (its `sources`: chip prices, power, rental,
-- peak FLOP/s; the region's electricity price, PUE, facility cost, WACC, grid intensity,
-- carbon price, green share) that carries a range in models/*.json becomes one input, drawn
-- jointly with the others in one run (each sample draws every input; the engine composes
-- each sample in C). The distribution over a range [lo, hi] keeps the catalog's value as
-- its mode: PERT(lo, value, hi) (Malcolm et al. 1959), uniform when the value sits at an end
-- (the ranges are bounds, not confidence intervals). examples/seeds/common.lua's C.joint
-- draws the same inputs (C.around is M.around).
local check = require "flopcost.check"

local M = {}
local FN = "flopcost.ranges"

--- PERT(lo, value, hi) when lo < value < hi, else uniform over the range (fixed when empty): the
-- one rule turning a catalog figure's range into a distribution.
-- @tparam number value the figure [the figure's unit]
-- @tparam number lo low end of its range [the figure's unit]
-- @tparam number hi high end of its range [the figure's unit]
-- @treturn userdata a flopcost.Dist [distribution]
-- @raise "flopcost.ranges.around: argument 'value': finite number expected, got 'x'"
-- @usage fc.ranges.around(2, 1, 4):kind()  --> "pert"
function M.around(value, lo, hi)
  local fn = FN .. ".around"
  check.arg(fn, "value", value, "number")
  check.arg(fn, "lo", lo, "number")
  check.arg(fn, "hi", hi, "number")
  local dist = require "flopcost.dist"
  if lo < value and value < hi then return dist.pert(lo, value, hi) end
  local a, b = math.min(lo, value), math.max(hi, value)
  if b <= a then return dist.fixed(a) end
  return dist.uniform(a, b)
end

-- The member index of a chip label in a scenario (1-based), or nil.
local function member_of(s, label)
  local cat = s.catalog
  for i, name in ipairs(s.chip_names) do
    if name == label or cat:chip(name).name == label then return i end
  end
end

--- The ranged catalog figures a scenario uses, in the order of the scenario's sources.
-- Chip prices moved to a date (as_of) are not the catalog figure and are left out.
-- @tparam table s a scenario (fc.scenario) [scenario]
-- @treturn {table,...} {key (vary key) [path], field (core field) [name], of (chip or region) [name], figure,
-- value, range = {lo, hi} [the figure's unit], dist [distribution]} [inputs]
-- @raise "flopcost.ranges.inputs: argument 'scenario': flopcost.Scenario expected, got 1"
-- @usage local s = fc.scenario{region = "us-va", chip = "H100-SXM"}; fc.ranges.inputs(s)[1].key  --> "chip.H100-SXM.price_usd"
function M.inputs(s)
  check.arg(FN .. ".inputs", "scenario", s, function(v) return type(v) == "table"
    and type(v.vary_target) == "function" end, "flopcost.Scenario")
  local cp = s:core_params()
  local cat = s.catalog
  local out = {}
  for _, src in ipairs(s.sources or {}) do
    local entry = src.kind == "region" and cat:region(src.of) or src.kind == "chip" and cat:chip(src.of) or nil
    local m = entry and entry.meta and entry.meta[src.figure]
    local price_moved = src.field == "chip_price_usd" and s.prices[entry.name] and s.prices[entry.name].as_of
    -- the water figures enter no cost and Monte Carlo has no water output: not drawn
    local water = src.field == "wue_l_per_kwh" or src.field == "electricity_water_l_per_kwh"
    if m and m.range and not price_moved and not water then
      local lo, hi = m.range[1], m.range[2]
      local i = member_of(s, src.of)
      local key, value
      if src.field == "peak_flops_per_s" then
        -- the core's figure (FLOP/s at the scenario's precision), the range scaled with it
        local c = entry
        for part in src.figure:gmatch("[^.]+") do c = type(c) == "table" and c[part] or nil end
        value = cp.members[i] and cp.members[i].peak_flops_per_s
        if type(c) ~= "number" or type(value) ~= "number" or c <= 0 then goto continue end
        lo, hi = lo * value / c, hi * value / c
        key = #cp.members > 1 and ("peak_flops_per_s[%d]"):format(i) or "peak_flops_per_s"
      else
        value = entry[src.figure]
        key = ("%s.%s.%s"):format(src.kind, entry.name, src.figure)
      end
      if type(value) == "number" then
        out[#out + 1] = { key = key, field = src.field, of = src.of, figure = src.figure, value = value,
          range = { lo, hi }, dist = M.around(value, lo, hi) }
      end
    end
    ::continue::
  end
  return out
end

--- The `vary` table of fc.ranges.inputs(s) ({key = Dist}), without the inputs whose core field or key
-- `except` names (a --vary given for the same figure replaces the catalog's range).
-- @tparam table s a scenario [scenario]
-- @tparam[opt] table except {[field or key] = true} [name]
-- @treturn table {[key] = Dist}, for fc.montecarlo's vary [distribution]
-- @raise "flopcost.ranges.vary: argument 'scenario': flopcost.Scenario expected, got 1"
-- @usage local s = fc.scenario{region = "us-va", chip = "H100-SXM"};
--   fc.ranges.vary(s)["chip.H100-SXM.price_usd"]:kind()  --> "pert"
function M.vary(s, except)
  check.arg(FN .. ".vary", "scenario", s, function(v) return type(v) == "table"
    and type(v.vary_target) == "function" end, "flopcost.Scenario")
  check.optional(FN .. ".vary", "except", except, "table", "set of field names")
  local vary = {}
  for _, input in ipairs(M.inputs(s)) do
    if not (except and (except[input.field] or except[input.key])) then vary[input.key] = input.dist end
  end
  return vary
end

return M
