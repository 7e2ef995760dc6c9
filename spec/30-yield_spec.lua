-- flopcost.yield: dies per wafer, yield models, cost per good die, packages, chiplets.
local fc = require "flopcost"
local H = require "spec.helpers"
local Y = fc.yield

describe("flopcost.yield", function()
  it("counts 63.5 gross 814 mm2 dies on a 300 mm wafer (63 whole)", function()
    -- pi x 150^2 / 814 - pi x 300 / sqrt(2 x 814) = 86.838 - 23.359
    local dies, whole = Y.dies_per_wafer { wafer_diameter_mm = 300, die_area_mm2 = 814, edge_exclusion_mm = 0, scribe_mm = 0 }
    assert.near(63.4792, dies, 1e-5)
    assert.are.equal(63, whole)
  end)
  it("loses dies to edge exclusion and scribe lines: 57.6 with 5 mm and 0.2 mm", function()
    assert.near(57.5965, Y.dies_per_wafer { die_area_mm2 = 814, edge_exclusion_mm = 5, scribe_mm = 0.2 }, 1e-5)
  end)
  it("takes a rectangular die: 26 x 33 mm = 858 mm2 plus 0.1 mm scribe", function()
    -- A = 26.1 x 33.1 = 863.91; pi 150^2/863.91 - pi 300/sqrt(1727.82) = 81.820 - 22.674 = 59.146
    assert.near(59.146, Y.dies_per_wafer { die_width_mm = 26, die_height_mm = 33, scribe_mm = 0.1 }, 1e-4)
  end)
  it("counts dies of a vanishing area without overflow (found by fuzzing)", function()
    -- 1e-12 mm2: pi 150^2 / 1e-12 = 7.07e16 gross dies, beyond an exact integer
    local dies, whole = Y.dies_per_wafer { die_area_mm2 = 1e-12 }
    assert.near(7.0686e16, dies, 1e-4)
    assert.are.equal(math.floor(dies), whole)
  end)
  describe("die_yield at A = 8.14 cm2, D0 = 0.1 (AD = 0.814)", function()
    local function y(model, extra)
      local o = { model = model, die_area_mm2 = 814, defect_density_per_cm2 = 0.1 }
      for k, v in pairs(extra or {}) do o[k] = v end
      return Y.die_yield(o)
    end
    it("Poisson exp(-0.814) = 0.4431", function() assert.near(0.443082, y("poisson"), 1e-6) end)
    it("Murphy ((1 - e^-0.814) / 0.814)^2 = 0.4681", function() assert.near(0.468094, y("murphy"), 1e-6) end)
    it("Seeds 1 / 1.814 = 0.5513", function() assert.near(0.551268, y("seeds"), 1e-6) end)
    it("Moore exp(-sqrt(0.814)) = 0.4057", function() assert.near(0.405668, y("moore"), 1e-6) end)
    it("Bose-Einstein with 3 critical layers 1.814^-3 = 0.1675", function()
      assert.near(0.1675283, y("bose_einstein", { critical_layers = 3 }), 1e-6)
    end)
    it("negative binomial alpha 10: (1 + 0.0814)^-10 = 0.4572", function()
      assert.near(0.457232, y("negative_binomial", { alpha = 10 }), 1e-6)
    end)
    it("negative binomial tends to Poisson as alpha grows", function()
      assert.near(y("poisson"), y("negative_binomial", { alpha = 1e9 }), 1e-7)
    end)
  end)
  it("prices a good die at SMIC-like 20/40/60 % yield: $812.50, $406.25, $270.83 per $13,000 wafer", function()
    -- 665 mm2 -> 80 whole dies; 13000 / (80 x y)
    for y, want in pairs { [0.2] = 812.5, [0.4] = 406.25, [0.6] = 270.8333 } do
      local r = Y.cost_per_good_die { wafer_cost_usd = 13000, die_area_mm2 = 665, yield = y }
      assert.near(want, r.usd_per_good_die, 1e-6)
      assert.are.equal(80, r.whole_dies)
    end
  end)
  it("builds a package: $325 KGD + 4 x $200 HBM + $80 over 0.99^5 bonding + $20 test = $1,287.11", function()
    local p = Y.package { dies = { { wafer_cost_usd = 13000, die_area_mm2 = 665, yield = 0.5 } },
      hbm_stacks = 4, hbm_stack_cost_usd = 200, substrate_usd = 50, assembly_usd = 30,
      bonding_yield = 0.99, test_usd = 20 }
    assert.near(1205 / 0.99 ^ 5 + 20, p.total_usd, 1e-12)
    assert.near(325, p.logic_usd, 1e-12)
  end)
  it("shows chiplets winning on a big die at high D0 and losing at low D0", function()
    local base = { total_area_mm2 = 800, chiplets = 2, d2d_overhead = 0.1, wafer_cost_usd = 17000,
      model = "negative_binomial", alpha = 3, bonding_yield = 0.99, substrate_usd = 50 }
    base.defect_density_per_cm2 = 0.3
    local hi = Y.chiplet_vs_monolithic(base)
    base.defect_density_per_cm2 = 0.001
    local lo = Y.chiplet_vs_monolithic(base)
    assert.is_true(hi.ratio < 1)
    assert.is_true(lo.ratio > 1)
    assert.near(440, hi.chiplet_area_mm2, 1e-12) -- 800 / 2 x 1.1
  end)
  it("compares in C with sourced defaults, each inside its range (issue 24)", function()
    local d = Y.chiplet_defaults()
    for _, k in ipairs { "chiplets", "d2d_overhead", "interposer_area_factor" } do
      assert.is_true(d[k].lo <= d[k].value and d[k].value <= d[k].hi, k)
      assert.is_true(#d[k].source > 20, k)
    end
    assert.are.equal(2, d.chiplets.value)       -- NVIDIA B200's two dies
    assert.are.equal(0.1, d.d2d_overhead.value) -- chiplet-actuary: D2D area 0.1 x module area
    -- the defaults apply when not given: 800 mm2 -> 2 x 440 mm2; interposer 3 x 880 mm2 at $0.1/mm2 = $264
    local r = Y.chiplet_vs_monolithic { total_area_mm2 = 800, wafer_cost_usd = 17000, model = "negative_binomial",
      alpha = 3, defect_density_per_cm2 = 0.3, bonding_yield = 0.99, substrate_usd = 50,
      interposer_usd_per_mm2 = 0.1 }
    assert.near(440, r.chiplet_area_mm2, 1e-12)
    assert.near(264, r.chiplet.interposer_usd, 1e-12)
    -- hand calculation (csrc/test/test_yield.c): (2 x 396.576 + 50 + 264) / 0.99^2 over
    -- (1549.125 + 50 + 240) / 0.99
    assert.near(((2 * 396.576 + 50 + 264) / 0.99 ^ 2) / ((1549.125 + 50 + 240) / 0.99), r.ratio, 1e-12)
    -- the Lua module hands out the core's function: no second copy of the rule
    assert.are.equal(require("flopcost.core").yield.chiplet_vs_monolithic, Y.chiplet_vs_monolithic)
  end)
  describe("bad input", function()
    H.error_rows(it, {
      { "an unknown model", function() return Y.die_yield { model = "murfy", die_area_mm2 = 1, defect_density_per_cm2 = 0.1 } end,
        "flopcost.yield.die_yield: field 'model': one of 'poisson', 'murphy', 'seeds', 'moore', 'bose_einstein', "
        .. "'negative_binomial' expected, got 'murfy' (did you mean 'murphy'?)" },
      { "a negative D0", function() return Y.die_yield { die_area_mm2 = 1, defect_density_per_cm2 = -0.1 } end,
        "flopcost.yield.die_yield: field 'defect_density_per_cm2': non-negative number expected, got -0.1" },
      { "alpha of 0", function()
        return Y.die_yield { model = "negative_binomial", die_area_mm2 = 1, defect_density_per_cm2 = 0.1, alpha = 0 } end,
        "flopcost.yield.die_yield: field 'alpha': positive number expected, got 0" },
      { "a die larger than the wafer", function()
        return Y.cost_per_good_die { wafer_cost_usd = 1, die_area_mm2 = 1e6, yield = 0.5 } end,
        "flopcost.yield.cost_per_good_die: field 'die_area_mm2': no whole die fits on the wafer" },
      { "a NaN area", function() return Y.dies_per_wafer { die_area_mm2 = 0 / 0 } end,
        "flopcost.yield.dies_per_wafer: field 'die_area_mm2': positive number expected, got nan" },
      { "an edge exclusion eating the wafer", function()
        return Y.dies_per_wafer { die_area_mm2 = 100, edge_exclusion_mm = 200 } end,
        "flopcost.yield.dies_per_wafer: field 'edge_exclusion_mm': leaves no usable wafer" },
      { "a yield above 1", function() return Y.cost_per_good_die { wafer_cost_usd = 1, die_area_mm2 = 100, yield = 1.2 } end,
        "flopcost.yield.cost_per_good_die: field 'yield': number in (0, 1] expected, got 1.2" },
      { "one chiplet", function() return Y.chiplet_vs_monolithic { total_area_mm2 = 800, chiplets = 1 } end,
        "flopcost.yield.chiplet_vs_monolithic: field 'chiplets': integer >= 2 expected, got 1" },
    })
  end)
end)
