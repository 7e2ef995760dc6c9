-- flopcost.energy: measured power curves, energy, cost and carbon.
local fc = require "flopcost"
local H = require "spec.helpers"

-- H100 SXM 80GB, board power vs duty cycle (shared/reference/h100_measured.json, 2026)
local H100 = { utilization = { 0, 0.25, 0.5, 0.75, 1 },
  power_w = { 124.94241517857142, 330.47408333333334, 509.5659302325581, 637.3679568106312, 691.500950166113 } }

describe("flopcost.energy", function()
  describe("power_curve", function()
    local curve = fc.energy.power_curve(H100)
    it("reproduces the measured points exactly", function()
      for i, u in ipairs(H100.utilization) do assert.near(H100.power_w[i], curve(u), 1e-12) end
    end)
    it("interpolates monotonically between neighbours", function()
      local prev = 0
      for i = 0, 100 do
        local w = curve:power_w(i / 100)
        assert.is_true(w >= prev)
        prev = w
      end
      local w = curve(0.375)
      assert.is_true(w > 330.47 and w < 509.57)
    end)
    it("keeps the measured concavity: 0.6 lies above the chord (560.69 W)", function()
      -- chord between 0.5 and 0.75: 509.566 + 0.4 x (637.368 - 509.566) = 560.687 W
      assert.is_true(curve(0.6) > 560.687)
    end)
    it("prints readably and gives its points back", function()
      assert.are.equal("flopcost.PowerCurve (5 points: 124.94241517857 W at 0.0 to 691.50095016611 W at 1.0)",
        tostring(curve))
      assert.are.same(H100.utilization, curve:points().utilization)
    end)
  end)

  describe("kwh and cost", function()
    it("computes 1,000 H100-hours at 700 W x 1.82 x PUE 1.25 = 1592.5 kWh", function()
      assert.near(1592.5, fc.energy.kwh { chip_hours = 1000, power_w = 700, server_power_multiple = 1.82, pue = 1.25 }, 1e-12)
    end)
    it("prices it at $0.0892/kWh = $142.05 and its carbon at 0.5306 kg/kWh, 20 % green, $50/t", function()
      -- 1592.5 x 0.0892 = 142.051; 1592.5 x 0.8 x 0.5306 = 675.98 kg; x 50 / 1000 = $33.80
      local c = fc.energy.cost { chip_hours = 1000, power_w = 700, server_power_multiple = 1.82, pue = 1.25,
        price_per_kwh = 0.0892, currency = "USD", green_share = 0.2, grid_kg_co2_per_kwh = 0.5306,
        carbon_price_per_t = 50 }
      assert.near(142.051, c.cost, 1e-9)
      assert.near(675.9844, c.kg_co2, 1e-9)
      assert.near(33.79922, c.carbon_cost, 1e-9)
      assert.are.equal("USD", c.currency)
    end)
    it("takes a price in any currency (0.4 CNY/kWh gives CNY)", function()
      local c = fc.energy.cost { chip_hours = 1, power_w = 1000, price_per_kwh = 0.4, currency = "CNY" }
      assert.near(0.4, c.cost, 1e-15)
    end)
    it("uses the measured curve at a utilization: 0.5 -> 509.57 W", function()
      assert.near(509.5659302325581 / 1000, fc.energy.kwh { chip_hours = 1, utilization = 0.5, power_curve = H100 }, 1e-12)
    end)
    it("uses idle + (TDP - idle) u without a curve: 125 + 575 x 0.8 = 585 W", function()
      assert.near(585, fc.energy.power_w { utilization = 0.8, tdp_w = 700, idle_w = 125 }, 1e-12)
    end)
    it("matches Epoch's TDP x k_srv x 0.75 x PUE x chip-hours", function()
      assert.near(700 * 1.82 * 0.75 * 1.25, fc.energy.kwh { chip_hours = 1000, power_w = 0.75 * 700,
        server_power_multiple = 1.82, pue = 1.25 }, 1e-12)
    end)
    it("draws more at half load than a line from idle to full power (the curve is concave)", function()
      -- concave: at 50 % the H100 draws 509.6 W, above the linear 125 + 0.5 x 567 = 408 W
      local linear = fc.energy.power_w { utilization = 0.5, tdp_w = 691.5, idle_w = 124.94 }
      assert.is_true(fc.energy.power_w { utilization = 0.5, power_curve = H100 } > linear)
    end)
  end)

  describe("bad input", function()
    local E = fc.energy
    H.error_rows(it, {
      { "utilization above 1", function() return E.kwh { chip_hours = 1, utilization = 1.2, tdp_w = 700 } end,
        "flopcost.energy.kwh: field 'utilization': number in [0, 1] expected, got 1.2" },
      { "negative chip-hours", function() return E.kwh { chip_hours = -1, power_w = 700 } end,
        "flopcost.energy.kwh: field 'chip_hours': non-negative number expected, got -1" },
      { "a NaN power", function() return E.kwh { chip_hours = 1, power_w = 0 / 0 } end,
        "flopcost.energy.kwh: field 'power_w': positive number expected, got nan" },
      { "a PUE below 1", function() return E.kwh { chip_hours = 1, power_w = 700, pue = 0.9 } end,
        "flopcost.energy.kwh: field 'pue': number >= 1 expected, got 0.9" },
      { "an infinite price", function() return E.cost { chip_hours = 1, power_w = 700, price_per_kwh = math.huge } end,
        "flopcost.energy.cost: field 'price_per_kwh': non-negative number expected, got inf" },
      { "idle above TDP", function() return E.power_w { utilization = 0.5, tdp_w = 300, idle_w = 400 } end,
        "flopcost.energy.power_w: field 'idle_w': number not above tdp_w expected, got 400" },
      { "non-increasing utilizations", function()
        return E.power_curve { utilization = { 0, 0.5, 0.5 }, power_w = { 1, 2, 3 } } end,
        "flopcost.energy.power_curve: field 'utilization[3]': value above the previous one "
        .. "(strictly increasing) expected, got 0.5" },
      { "mismatched lengths", function() return E.power_curve { utilization = { 0, 1 }, power_w = { 1 } } end,
        "flopcost.energy.power_curve: field 'power_w': 2 values expected (one per utilization), got 1" },
      { "a single point", function() return E.power_curve { utilization = { 0 }, power_w = { 1 } } end,
        "flopcost.energy.power_curve: field 'utilization': 2 to 64 points expected, got 1" },
      { "a zero power", function() return E.power_curve { utilization = { 0, 1 }, power_w = { 0, 1 } } end,
        "flopcost.energy.power_curve: field 'power_w[1]': positive number expected, got 0" },
      { "a misspelt field", function() return E.kwh { chip_hour = 1, power_w = 1 } end,
        "flopcost.energy.kwh: unknown field 'chip_hour' (did you mean 'chip_hours'?)" },
      { "a curve that is neither object nor table", function()
        return E.kwh { chip_hours = 1, utilization = 0.5, power_curve = "h100" } end,
        "flopcost.energy.kwh: field 'power_curve': power curve or {utilization=, power_w=} table expected, got 'h100'" },
    })
  end)
end)

describe("flopcost.energy with a catalog chip", function()
  it("uses the H100's measured curve: 0.5 -> 509.57 W board power", function()
    assert.near(509.57, fc.energy.power_w { chip = "H100-SXM", utilization = 0.5 }, 1e-12) -- chips.json, 2 decimals
  end)
  it("applies the chip's server power multiple (Epoch 1.8214 for H100) in kwh", function()
    -- 10 h x 509.57 W x 1.8214 x PUE 1.2 / 1000
    local k = fc.energy.kwh { chip = "H100-SXM", utilization = 0.5, chip_hours = 10, pue = 1.2 }
    -- 1.8214 = Epoch AI chip_to_server_power for the H100 (chips.json's source) = 11.1373 kWh
    assert.near(10 * 509.57 * 1.8214 * 1.2 / 1000, k, 1e-12)
  end)
  it("falls back to idle + (TDP - idle) u for chips without a curve, idle the scenario's", function()
    -- H20: 400 W TDP, no idle figure -> the one default of every door (fc_compose.c): 125/700 of
    -- TDP (125 W idle of a 700 W H100 SXM, FIGURES.md) = 71.428571 W; at u = 0.5:
    -- 71.428571 + (400 - 71.428571) x 0.5 = 235.714286 W (issue 24: it was 200 W here, 235.7 W in a scenario)
    local want = 400 * 125 / 700 + (400 - 400 * 125 / 700) * 0.5
    assert.near(235.714286, want, 1e-6)
    assert.near(want, fc.energy.power_w { chip = "H20", utilization = 0.5 }, 1e-12)
    -- and a scenario's mean board power is the same number
    local r = fc.scenario { region = "us-va", chip = "H20", utilization = 0.5 }:evaluate()
    assert.near(want, r.power_w, 1e-9)
    -- the core door with the TDP alone takes the same idle
    assert.near(want, require("flopcost.core").energy.power_w { tdp_w = 400, utilization = 0.5 }, 1e-12)
  end)
  it("asks for a utilization", function()
    assert.are.equal("flopcost.energy.kwh: field 'utilization': number in [0, 1] expected with 'chip', got nil",
      H.error_of(fc.energy.kwh, { chip = "H20", chip_hours = 1 }))
  end)
end)
