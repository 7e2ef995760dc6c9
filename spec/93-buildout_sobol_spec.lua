-- Sobol indices over the build-out figures: fc.buildout.sobol and
-- `flopcost buildout --sobol`, the C engine (csrc/core/fc_sensitivity.c)
-- through the plan's model callback (fc_buildout_sobol_model), checked
-- against the closed form of a product of independent inputs.
local fc = require "flopcost"
local H = require "spec.helpers"

-- Bridge fuel = kW/1000 x load factor x R months x 730.5 h x H MMBtu/MWh x F $/MMBtu, a
-- product of three independent inputs when construction (18 months) binds and the grid
-- comes at G ~ U(24, 36), so the bridge runs R = G - 18 ~ U(6, 18) months; H ~ U(9, 12),
-- F ~ U(2, 5). For Y = X1 X2 X3 with means m_i, variances s_i and second moments q_i:
--   V = q1 q2 q3 - (m1 m2 m3)^2
--   S_i  = s_i prod_{j~=i} m_j^2 / V                       (Var E[Y | X_i])
--   ST_i = 1 - m_i^2 (prod_{j~=i} q_j - prod_{j~=i} m_j^2) / V   (1 - Var E[Y | X_~i] / V)
-- R: m 12, s 144/12 = 12, q 156; H: m 10.5, s 0.75, q 111; F: m 3.5, s 0.75, q 13:
--   V = 156 x 111 x 13 - 441^2 = 225,108 - 194,481 = 30,627
--   S_R = 12 x 36.75^2 / V = 16,206.75 / 30,627 = 0.52916    ST_R = 1 - 144 x 92.4375 / V = 0.56539
--   S_H = 0.75 x 42^2 / V  = 1,323 / 30,627    = 0.04320    ST_H = 1 - 110.25 x 264 / V  = 0.04966
--   S_F = 0.75 x 126^2 / V = 11,907 / 30,627   = 0.38877    ST_F = 1 - 12.25 x 1,440 / V = 0.42404
local V = 156 * 111 * 13 - 441 ^ 2
local EXPECT = {
  grid_months = { first = 12 * 36.75 ^ 2 / V, total = 1 - 144 * (111 * 13 - 36.75 ^ 2) / V },
  heat_rate_mmbtu_per_mwh = { first = 0.75 * 42 ^ 2 / V, total = 1 - 110.25 * (156 * 13 - 42 ^ 2) / V },
  fuel_usd_per_mmbtu = { first = 0.75 * 126 ^ 2 / V, total = 1 - 12.25 * (156 * 111 - 126 ^ 2) / V },
}

local function opts(extra)
  local o = { region = "us-va", chip = "H100-SXM", it_mw = 100, bridge = "gas-turbine", bridge_months = 9,
    construction_months = 18, equipment_lead_months = 11 }
  for k, v in pairs(extra or {}) do o[k] = v end
  return o
end

describe("fc.buildout.sobol", function()
  it("apportions bridge fuel like the closed form of a product of three inputs", function()
    local r = fc.buildout.sobol(opts { output = "bridge_fuel_usd", samples = 100000, seed = 7, resamples = 0,
      vary = { grid_months = fc.dist.uniform(24, 36), heat_rate_mmbtu_per_mwh = fc.dist.uniform(9, 12),
        fuel_usd_per_mmbtu = fc.dist.uniform(2, 5) } })
    assert.equal("bridge_fuel_usd", r.output)
    -- absolute tolerances: the estimators' sampling error at N = 100,000 (first order is the noisier)
    for name, e in pairs(EXPECT) do
      assert.is_true(math.abs(e.first - r.first[name]) < 0.015, name .. " first " .. r.first[name])
      assert.is_true(math.abs(e.total - r.total[name]) < 0.008, name .. " total " .. r.total[name])
    end
    -- the closed form's own figures, written out above
    assert.near(0.529165, EXPECT.grid_months.first, 1e-5)
    assert.near(0.424038, EXPECT.fuel_usd_per_mmbtu.total, 1e-5)
    -- the mean: 100 MW x load factor x 12 x 730.5 x 10.5 x 3.5
    local gt
    for _, b in ipairs(fc.buildout.load().bridge) do if b.name == "gas-turbine" then gt = b end end
    assert.near(100 * gt.load_factor.value * 730.5 * 441, r.mean, 100 * gt.load_factor.value * 730.5 * 441 * 0.01)
  end)

  it("gives time to power entirely to the grid when the grid binds", function()
    -- no bridge; construction 18 and equipment 11 below every grid draw: time to power = the grid
    local r = fc.buildout.sobol { region = "us-va", chip = "H100-SXM", it_mw = 100, output = "time_to_power_months",
      samples = 2000, seed = 1, vary = { grid_months = fc.dist.uniform(36, 60),
        chip_decline_per_year = fc.dist.uniform(0.05, 0.28) } }
    assert.is_true(math.abs(1 - r.first.grid_months) < 0.06, r.first.grid_months)
    assert.is_true(math.abs(1 - r.total.grid_months) < 0.06, r.total.grid_months)
    assert.equal(0, r.total.chip_decline_per_year) -- no effect at all: every AB row equals its A row
    assert.near(48, r.mean, 0.5)
  end)

  it("varies every ranged figure by default and prices the cost per EFLOP at power", function()
    local r = fc.buildout.sobol { region = "us-va", chip = "H100-SXM", it_mw = 100, samples = 200, seed = 3 }
    assert.equal("usd_per_eflop_at_energization", r.output)
    table.sort(r.names)
    assert.are.same({ "chip_decline_per_year", "construction_months", "equipment_lead_months", "facility_usd_per_kw",
      "grid_months", "rate" }, r.names)
    -- the mean lies near the point plan's cost at power
    local p = fc.buildout.plan { region = "us-va", chip = "H100-SXM", it_mw = 100 }
    assert.near(p.usd_per_eflop_at_energization, r.mean, 0.1 * p.usd_per_eflop_at_energization)
  end)

  it("agrees with fc.sensitivity.sobol on a build scenario varying its build.* fields", function()
    local vary = { grid_months = fc.dist.uniform(36, 60), chip_decline_per_year = fc.dist.uniform(0.05, 0.28) }
    local b = fc.buildout.sobol { region = "us-va", chip = "H100-SXM", it_mw = 100, samples = 4000, seed = 2,
      vary = vary }
    local s = fc.scenario { region = "us-va", chip = "H100-SXM", build = { it_mw = 100 } }
    local r = fc.sensitivity.sobol { scenario = s, samples = 4000, seed = 2, vary = {
      ["build.grid_months"] = vary.grid_months, ["build.chip_decline_per_year"] = vary.chip_decline_per_year } }
    -- two designs (the inputs come in a different order), one model: the same indices within sampling error
    for _, k in ipairs { "grid_months", "chip_decline_per_year" } do
      assert.is_true(math.abs(b.total[k] - r.total["build." .. k]) < 0.03, k)
      assert.is_true(math.abs(b.first[k] - r.first["build." .. k]) < 0.06, k)
    end
    assert.near(b.mean, r.mean, 0.01)
  end)

  H.error_rows(it, {
    { "an unknown input", function() return fc.buildout.sobol(opts { vary = { grid_month = fc.dist.uniform(1, 2) } })
    end, "flopcost.buildout.sobol: unknown field 'grid_month' (did you mean 'grid_months'?)" },
    { "an unknown output", function() return fc.buildout.sobol(opts { output = "cost" }) end,
      "flopcost.buildout.sobol: field 'output': one of time_to_power_months, interest_during_construction_usd, "
      .. "facility_usd_per_kw_at_energization, chip_price_at_energization_usd, bridge_fuel_usd, "
      .. "usd_per_eflop_at_energization, water_l_per_eflop (with a scenario) expected" },
    { "one sample", function() return fc.buildout.sobol(opts { samples = 1 }) end,
      "flopcost.buildout.sobol: field 'samples': integer in 2..1000000 expected, got 1" },
    { "nothing varies", function() return fc.buildout.sobol(opts { output = "time_to_power_months",
      vary = { fuel_usd_per_mmbtu = fc.dist.uniform(2, 5) } }) end,
      "flopcost.buildout.sobol: the output does not vary over these inputs (variance 0): no variance to apportion" },
  })
end)

describe("flopcost buildout --sobol", function()
  it("prints the same indices as fc.buildout.plan's options give fc.buildout.sobol, within 100 columns", function()
    local p = io.popen("bin/flopcost buildout --sobol 300 --sobol-output time_to_power_months --seed 5 2>&1; "
      .. "echo \"exit=$?\"")
    local out = p:read("a")
    p:close()
    assert.matches("exit=0", out)
    local r = fc.buildout.sobol { region = "us-va", chip = "H100-SXM", it_mw = 100, start = "2026-01",
      output = "time_to_power_months", samples = 300, seed = 5 }
    assert.matches("Sobol indices of time_to_power_months", out, 1, true)
    assert.matches(("grid_months%%s+%.3f"):format(r.first.grid_months), out)
    for line in out:gmatch("[^\n]+") do assert.is_true(#line <= 100, line) end
  end)
end)
