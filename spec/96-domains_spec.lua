-- The bad-input corpus: every numeric field of every public entry point,
-- given hostile values (NaN, +-inf, a huge negative, a string, a table, a
-- boolean), must either raise an error that names the function and the field,
-- or return only finite numbers. Never a crash, never a silent NaN.
local fc = require "flopcost"
local core = require "flopcost.core"
local cat = dofile("spec/fixtures/mini_catalog.lua")

local HOSTILE = {
  { "NaN", 0 / 0 }, { "inf", math.huge }, { "-inf", -math.huge }, { "-1e308", -1e308 },
  { "a numeric string", "12" }, { "a table", {} }, { "a boolean", true },
}

local function copy(t)
  local o = {}
  for k, v in pairs(t) do o[k] = v end
  return o
end

-- every number reachable in v is finite
local function all_finite(v, seen)
  seen = seen or {}
  if type(v) == "number" then return v == v and v ~= math.huge and v ~= -math.huge end
  if type(v) == "table" and not seen[v] then
    seen[v] = true
    for _, x in pairs(v) do
      if not all_finite(x, seen) then return false end
    end
  end
  return true
end

local ENTRY_POINTS = {
  { "flopcost.finance.wacc", fc.finance.wacc,
    { debt_fraction = 0.5, cost_of_debt = 0.05, cost_of_equity = 0.1, tax_rate = 0.2, inflation = 0.02 } },
  { "flopcost.finance.depreciation", fc.finance.depreciation,
    { method = "declining_balance", life_years = 5, factor = 2, years = 5 } },
  { "flopcost.finance.residual", fc.finance.residual, { method = "straight_line", life_years = 5, age_years = 2 } },
  { "flopcost.finance.epoch_hourly", fc.finance.epoch_hourly, { price_usd = 30000, decline_oom_per_year = 0.14 } },
  { "flopcost.energy.kwh", fc.energy.kwh, { chip_hours = 10, power_w = 700, pue = 1.2, server_power_multiple = 1.8 } },
  { "flopcost.energy.cost", fc.energy.cost, { chip_hours = 10, utilization = 0.5, tdp_w = 700, idle_w = 100,
    price_per_kwh = 0.1, green_share = 0.2, grid_kg_co2_per_kwh = 0.5, carbon_price_per_t = 50 } },
  { "flopcost.energy.power_w", fc.energy.power_w, { utilization = 0.5, tdp_w = 700, idle_w = 100 } },
  { "flopcost.yield.dies_per_wafer", fc.yield.dies_per_wafer,
    { wafer_diameter_mm = 300, die_area_mm2 = 800, edge_exclusion_mm = 3, scribe_mm = 0.1 } },
  { "flopcost.yield.die_yield", fc.yield.die_yield,
    { model = "negative_binomial", die_area_mm2 = 800, defect_density_per_cm2 = 0.1, alpha = 3 } },
  { "flopcost.yield.cost_per_good_die", fc.yield.cost_per_good_die,
    { wafer_cost_usd = 17000, die_area_mm2 = 800, defect_density_per_cm2 = 0.1, edge_exclusion_mm = 3 } },
  { "flopcost.yield.hbm_stack", fc.yield.hbm_stack, { die_yield = 0.98, dies = 8, bond_yield = 0.99 } },
  { "flopcost.yield.package", fc.yield.package, { dies = { { wafer_cost_usd = 17000, die_area_mm2 = 800, yield = 0.5 } },
    hbm_stacks = 4, hbm_stack_cost_usd = 200, substrate_usd = 50, assembly_usd = 10, bonding_yield = 0.99,
    test_usd = 10, interposer_area_mm2 = 1600, interposer_usd_per_mm2 = 0.1, interposer_defect_density_per_cm2 = 0.06 } },
  { "flopcost.training.flops", fc.training.flops, { params = 7e10, tokens = 1e12, n_layer = 80, n_ctx = 4096, d_attn = 8192 } },
  { "flopcost.training.chip_hours", fc.training.chip_hours,
    { flops = 1e24, peak_flops_per_s = 1e15, mfu = 0.4, scaling_efficiency = 0.9, goodput = 0.95 } },
  { "flopcost.training.days", fc.training.days, { flops = 1e24, peak_flops_per_s = 1e15, mfu = 0.4, chips = 1000 } },
  { "flopcost.training.mfu", fc.training.mfu, { flops = 1e24, chip_hours = 1e6, peak_flops_per_s = 1e15 } },
  { "flopcost.training.goodput", fc.training.goodput, { checkpoint_s = 60, restart_s = 300, mtbf_h = 5e4, chips = 1000 } },
  { "flopcost.training.scaling", fc.training.scaling, { chips = 1024, params = 7e10, tokens_per_step = 4e6,
    peak_flops_per_s = 1e15, mfu = 0.4, intra_node_gbs = 200, inter_node_gbs = 50, sites = 2, inter_site_gbs = 1,
    overlap = 0.3, latency_s = 1e-5 } },
  { "flopcost.export.tpp", fc.export.tpp, { tops = 989.5, bits = 16 } },
  { "flopcost.export.performance_density", fc.export.performance_density, { tpp = 15832, die_area_mm2 = 814 } },
  { "flopcost.fleet.stock", fc.fleet.stock, { units = { 1, 2 }, flops_per_unit = 1, life_years = 3 } },
  { "flopcost.fleet.survival", fc.fleet.survival, { survival = "weibull", life_years = 3, shape = 2, age_years = 1 } },
  { "flopcost.scenario.eval", core.scenario.eval, { chip_price_usd = 30000, tdp_w = 700, idle_w = 100,
    peak_flops_per_s = 1e15, electricity_usd_per_kwh = 0.1, utilization = 0.7, pue = 1.2, wacc = 0.08,
    mfu = 0.4, rental_usd_per_hour = 2, facility_usd_per_kw = 10000, grid_kg_co2_per_kwh = 0.4 } },
  { "flopcost.scenario", function(o) return fc.scenario(o):evaluate() end, { catalog = cat, region = "test-us",
    chip = "H100-SXM", utilization = 0.7, mfu = 0.4, pue = 1.2, wacc = 0.08, chip_life_years = 4,
    electricity_usd_per_kwh = 0.1, scaling_efficiency = 0.9, goodput = 0.95 } },
}

describe("the bad-input corpus", function()
  local count = 0
  for _, ep in ipairs(ENTRY_POINTS) do
    local name, fn, base = ep[1], ep[2], ep[3]
    local fields = {}
    for k, v in pairs(base) do
      if type(v) == "number" then fields[#fields + 1] = k end
    end
    table.sort(fields)
    for _, field in ipairs(fields) do
      for _, h in ipairs(HOSTILE) do
        count = count + 1
        it(("%s with %s = %s"):format(name, field, h[1]), function()
          local opts = copy(base)
          opts[field] = h[2]
          local ok, res = pcall(fn, opts)
          if ok then
            assert.is_true(all_finite(res), "returned a non-finite number")
          else
            assert.is_string(res)
            -- the message names the public function and the field (or the
            -- core field it became) and never contains a raw "nan"/"inf" result
            assert.truthy(res:find("flopcost%.[%w_.]*"), res)
            assert.truthy(res:find("'" .. field .. "'", 1, true) or res:find("out of range", 1, true), res)
          end
        end)
      end
    end
  end

  -- structural misuse: wrong argument types, empty and odd mixes, unknown names
  local cases = {
    { "a number instead of options", function() return fc.energy.kwh(5) end,
      "flopcost.energy.kwh: options table expected, got number" },
    { "nil instead of options", function() return fc.yield.die_yield() end,
      "flopcost.yield.die_yield: options table expected, got no value" },
    { "an empty chip mix", function() return fc.scenario { catalog = cat, region = "test-us", chips = {} } end,
      "flopcost.scenario: field 'chips': empty chip mix" },
    { "a mix of zero shares", function()
      return fc.scenario { catalog = cat, region = "test-us", chips = { ["H100-SXM"] = 0 } } end,
      "flopcost.scenario: field 'chips': empty chip mix" },
    { "a NaN share", function()
      return fc.scenario { catalog = cat, region = "test-us", chips = { ["H100-SXM"] = 0 / 0 } } end,
      "flopcost.scenario: field 'chips.H100-SXM': non-negative number expected, got nan" },
    { "an unknown chip", function() return fc.scenario { catalog = cat, region = "test-us", chip = "H10" }:evaluate() end,
      "flopcost.catalog: unknown chip 'H10'" },
    { "an unknown region", function() return fc.scenario { catalog = cat, region = "mars", chip = "H100-SXM" }:evaluate() end,
      "flopcost.catalog: unknown region 'mars'" },
    { "a numeric key in options", function() return fc.finance.wacc { 1, 2 } end,
      "flopcost.finance.wacc: option keys must be strings, got number" },
    { "counts not matching members", function()
      return core.scenario.eval_mix { members = { {} }, counts = { 1, 2 } } end,
      "flopcost.scenario.eval_mix: field 'counts': 2 counts for 1 members" },
    { "all-zero counts", function()
      return core.scenario.eval_mix { members = { { chip_price_usd = 1, tdp_w = 1, peak_flops_per_s = 1 } },
        counts = { 0 } } end,
      "flopcost.scenario.eval_mix: field 'counts': the counts sum to zero" },
  }
  for _, c in ipairs(cases) do
    count = count + 1
    it("rejects " .. c[1], function()
      local ok, err = pcall(c[2])
      assert.is_false(ok)
      err = tostring(err):gsub("^[^\n]-%.lua:%d+: ", "")
      assert.are.equal(c[3], err)
    end)
  end

  it("has at least 200 cases", function() assert.is_true(count >= 200, tostring(count)) end)
end)
