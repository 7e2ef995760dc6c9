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

--- Break-even of one input between two scenarios (or one scenario's two outputs).
-- opts: a, b (default a), field, vary ("a", "b", "both"; default "both"), lo, hi,
-- output_a / output_b (result fields, default "usd_per_eflop"), xtol (relative,
-- default 1e-10), max_iter (default 100).
-- Returns the value and the iterations used, or nil, message, token.
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
-- under a capex budget, a facility power limit and per-chip availability.
-- opts: region, chips (list of names), available = { name = count }, budget_usd,
-- power_mw, and any scenario options in `base`. Returns a table
-- { counts = { name = n }, flop_per_h, usd_per_h, usd_per_eflop, result = <mix result> },
-- or nil, message when nothing limits the purchase.
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
