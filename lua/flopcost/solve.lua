--- flopcost.solve: "at what value does this flip?" and "which chips should I buy?".
--   fc.solve.breakeven{ a = s1, b = s2, field = "electricity_usd_per_kwh", vary = "a", lo = 0, hi = 1 }
--   fc.solve.owning_vs_renting(s)          -- utilization above which owning beats renting
--   fc.solve.optimize_mix{ region = "cn-guizhou", chips = {"H20", "Ascend-910B"}, budget_usd = 1e9,
--                          power_mw = 50, available = { H20 = 20000 } }
-- Solvers run in C (GSL Brent root bracketing; a bounded simplex for the mix).
-- A data-dependent failure returns nil, message, token; the token is stable
-- (README "Errors"): "no_breakeven", "no_convergence", "invalid_in_bracket",
-- "unbounded", "no_rental_price".
local core = require("flopcost.core").solve
local scenario = require "flopcost.scenario"
local check = require "flopcost.check"

local M = {}

local function mix_of(s, fn, side)
  if type(s) == "table" and s.core_params then return (s:core_params()) end
  if type(s) == "table" and s.members then return s end
  check.fail(fn, "field '%s': scenario expected, got %s", side, type(s))
end

--- Break-even of one input between two scenarios (or one scenario's two outputs), by Brent's
-- root bracketing in C (GSL).
-- @tparam table opts the question
-- @tparam table opts.a a scenario [scenario]
-- @tparam[opt] table opts.b the other scenario (default a) [scenario]
-- @tparam string opts.field the input solved for, e.g. "electricity_usd_per_kwh" [name]
-- @tparam[opt="both"] string opts.vary which scenario it varies in: "a", "b" or "both" [name]
-- @tparam number opts.lo low end of the bracket [the field's unit]
-- @tparam number opts.hi high end of the bracket [the field's unit]
-- @tparam[opt="usd_per_eflop"] string opts.output_a result field compared (also output_b) [name]
-- @tparam[opt=1e-10] number opts.xtol relative tolerance (max_iter: 100) [fraction]
-- @treturn number the value where a and b cost the same [the field's unit]
-- @treturn integer the iterations used [count]
-- @return nil, message, token: "no_breakeven", "no_convergence" or "invalid_in_bracket" [token]
-- @raise "flopcost.solve.breakeven: argument 'opts': options table expected, got 1"
-- @usage local tx = fc.scenario{region = "us-tx", chip = "H100-SXM"}; local va = tx:with{region = "us-va"};
--   fc.solve.breakeven{a = tx, b = va, field = "electricity_usd_per_kwh", vary = "b", lo = 0, hi = 1}
--   --> 0.0481, 2
function M.breakeven(opts)
  local fn = "flopcost.solve.breakeven"
  check.arg(fn, "opts", opts, "table", "options table")
  local o = {}
  for k, v in pairs(opts) do o[k] = v end
  o.a = mix_of(opts.a, fn, "a")
  if opts.b ~= nil then o.b = mix_of(opts.b, fn, "b") end
  return core.breakeven(o)
end

--- Utilization above which owning costs less per FLOP than renting the same
-- chips in the cloud (on-demand unless the scenario sets a commitment).
-- @tparam table s a scenario [scenario]
-- @tparam[opt=0.01] number lo low end of the bracket [fraction]
-- @tparam[opt=1] number hi high end of the bracket [fraction]
-- @treturn number the utilization [fraction]
-- @treturn integer the iterations used [count]
-- @return nil, message, token: "no_rental_price" (a chip without a cloud price), "no_breakeven" [token]
-- @raise "flopcost.solve.owning_vs_renting: field 's': scenario expected, got number"
-- @usage fc.solve.owning_vs_renting(fc.scenario{region = "us-va", chip = "H100-SXM"})  --> 0.552, 8
function M.owning_vs_renting(s, lo, hi)
  local fn = "flopcost.solve.owning_vs_renting"
  local cp = mix_of(s, fn, "s")
  -- a chip without a rental price has no cloud alternative: say so, rather than
  -- report that the (zero) cloud cost never crosses the owned cost
  local missing = {}
  for i, m in ipairs(cp.members or {}) do
    if not (type(m.rental_usd_per_hour) == "number" and m.rental_usd_per_hour > 0) then
      missing[#missing + 1] = "'" .. tostring(s.chip_names and s.chip_names[i] or ("member " .. i)) .. "'"
    end
  end
  if #missing > 0 then
    return nil, ("%s: no cloud price (rental_usd_per_hour) for %s in the mix: nothing to rent"):format(
      fn, table.concat(missing, ", ")), "no_rental_price"
  end
  return M.breakeven { a = s, field = "utilization", vary = "both", lo = lo or 0.01, hi = hi or 1,
    output_a = "usd_per_eflop", output_b = "cloud_usd_per_eflop" }
end

--- Chip-mix optimization: the counts of each chip that maximize useful FLOP/h
-- under a capex budget, a facility power limit and per-chip availability (a bounded simplex in C).
-- @tparam table opts the question
-- @tparam string opts.region the region [name]
-- @tparam {string,...} opts.chips the candidate chips [name]
-- @tparam[opt] number opts.budget_usd capital budget [USD]
-- @tparam[opt] number opts.power_mw facility power limit [MW]
-- @tparam[opt] table opts.available {[chip] = count} at most [count]
-- @tparam[opt] table opts.base any other scenario options [options]
-- @treturn table {counts = {[chip] = n} [count], flop_per_h [FLOP/h], usd_per_h [USD/h], usd_per_eflop [USD
-- per 1e18 FLOP], result (the mix's result)} [mix]
-- @return nil, message, "unbounded" when nothing limits the purchase [token]
-- @raise "flopcost.solve.optimize_mix: argument 'opts': options table expected, got 1"
-- @usage fc.solve.optimize_mix{region = "cn-guizhou", chips = {"H20"}}  --> nil
function M.optimize_mix(opts)
  local fn = "flopcost.solve.optimize_mix"
  check.arg(fn, "opts", opts, "table", "options table")
  if type(opts.chips) ~= "table" or #opts.chips == 0 then
    check.fail(fn, "field 'chips': non-empty list of chip names expected")
  end
  local cands, avail, scen = {}, {}, {}
  for i, name in ipairs(opts.chips) do
    local o = {}
    for k, v in pairs(opts.base or {}) do o[k] = v end
    o.region, o.chip, o.catalog = opts.region or o.region, name, opts.catalog or o.catalog
    scen[i] = scenario(o)
    local cp = scen[i]:core_params()
    cands[i] = cp.members[1]
    avail[i] = opts.available and opts.available[name] or nil
  end
  local sol, err, token = core.mix {
    candidates = cands, available = avail, budget_usd = opts.budget_usd,
    power_kw = opts.power_mw and opts.power_mw * 1000 or nil,
  }
  if not sol then return nil, err, token end
  local out = { counts = {}, flop_per_h = sol.flop_per_h, usd_per_h = sol.usd_per_h }
  local chips = {}
  for i, name in ipairs(opts.chips) do
    out.counts[name] = sol.counts[i]
    if sol.counts[i] > 0 then chips[name] = sol.counts[i] end
  end
  out.usd_per_eflop = sol.usd_per_eflop -- the core's per-EFLOP rule (fc_scenario_per_eflop_factor)
  if next(chips) then
    local o = {}
    for k, v in pairs(opts.base or {}) do o[k] = v end
    o.region, o.chips, o.catalog = opts.region or o.region, chips, opts.catalog or o.catalog
    out.result = scenario(o):evaluate()
  end
  return out
end

-- errors at the caller's line, not inside this file (flopcost.errors)
for _, name in ipairs { "breakeven", "owning_vs_renting", "optimize_mix" } do
  M[name] = require("flopcost.errors").public(M[name])
end

return M
