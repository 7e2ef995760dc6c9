-- flopcost.finance: CRF, WACC, depreciation, residual value, NPV, Epoch amortization.
local fc = require "flopcost"
local H = require "spec.helpers"

describe("flopcost.finance", function()
  describe("crf", function()
    it("matches the annuity formula: CRF(8%, 5 y) = 0.08 / (1 - 1.08^-5) = 0.250456", function()
      assert.near(0.2504564545, fc.finance.crf(0.08, 5), 1e-9)
    end)
    it("is 1/n at a zero rate", function()
      assert.near(0.25, fc.finance.crf(0, 4), 1e-15)
    end)
    it("gives the textbook 10%/30 y factor 0.106079", function()
      assert.near(0.106079, fc.finance.crf(0.10, 30), 1e-5)
    end)
  end)

  describe("wacc", function()
    it("computes the NREL ATB form by hand: nominal 6.25 %, real 3.659 %", function()
      -- nominal = 0.4*0.10 + 0.6*0.05*(1-0.25) = 0.0625; real = 1.0625/1.025 - 1
      local w = fc.finance.wacc { debt_fraction = 0.6, cost_of_debt = 0.05,
        cost_of_equity = 0.10, tax_rate = 0.25, inflation = 0.025 }
      assert.near(0.0625, w.nominal, 1e-12)
      assert.near(0.0365853659, w.real, 1e-8)
    end)
  end)

  describe("depreciation", function()
    it("reproduces IRS Pub 946 Table A-1 for MACRS 5-year", function()
      local s = fc.finance.depreciation { method = "macrs5" }
      local want = { 0.20, 0.32, 0.192, 0.1152, 0.1152, 0.0576 }
      assert.are.equal(6, #s)
      for i = 1, 6 do assert.near(want[i], s[i], 1e-12) end
    end)
    it("double declining balance over 5 y switches to straight line in year 4", function()
      -- 0.4, 0.24, 0.144, then the remaining 0.216 over 2 y: 0.108, 0.108
      local s = fc.finance.depreciation { method = "declining_balance", life_years = 5 }
      local want = { 0.4, 0.24, 0.144, 0.108, 0.108 }
      for i = 1, 5 do assert.near(want[i], s[i], 1e-12) end
    end)
    it("Epoch's price decline writes off 1 - 10^-0.14 = 27.56 % in year 1", function()
      local s = fc.finance.depreciation { method = "price_decline", years = 3 }
      assert.near(0.275564, s[1], 1e-5)
      assert.near(10 ^ -0.14 - 10 ^ -0.28, s[2], 1e-12)
    end)
  end)

  describe("residual", function()
    it("is the straight-line book value: 5 y asset after 3 y keeps 40 %", function()
      assert.near(0.4, fc.finance.residual { method = "straight_line", life_years = 5, age_years = 3 }, 1e-12)
    end)
    it("is 10^(-0.14 t) under price decline: 5 y leaves 19.95 %", function()
      assert.near(0.199526, fc.finance.residual { method = "price_decline", age_years = 5 }, 1e-5)
    end)
  end)

  describe("npv", function()
    it("discounts -100, 60, 60 at 10 % to 4.1322", function()
      assert.near(4.132231405, fc.finance.npv(0.10, { -100, 60, 60 }), 1e-9)
    end)
  end)

  describe("epoch_hourly", function()
    it("amortizes $30,000 at 0.14 ln10 / 8766 per hour = $1.1032/h", function()
      assert.near(1.10322, fc.finance.epoch_hourly { price_usd = 30000 }, 1e-4)
    end)
  end)

  describe("bad input", function()
    local F = fc.finance
    H.error_rows(it, {
      { "a rate of -1", function() return F.crf(-1, 5) end,
        "flopcost.finance.crf: argument 'rate': number greater than -1 expected, got -1" },
      { "zero years", function() return F.crf(0.05, 0) end,
        "flopcost.finance.crf: argument 'years': positive number expected, got 0" },
      { "NaN rate", function() return F.crf(0 / 0, 5) end,
        "flopcost.finance.crf: argument 'rate': number greater than -1 expected, got nan" },
      { "a string rate", function() return F.crf("0.05", 5) end,
        "flopcost.finance.crf: argument 'rate': number greater than -1 expected, got '0.05'" },
      { "a missing options table", function() return F.wacc() end,
        "flopcost.finance.wacc: options table expected, got no value" },
      { "a debt share above 1", function()
        return F.wacc { debt_fraction = 1.5, cost_of_debt = 0.05, cost_of_equity = 0.1 } end,
        "flopcost.finance.wacc: field 'debt_fraction': number in [0, 1] expected, got 1.5" },
      { "a misspelt field", function()
        return F.wacc { debt_share = 0.5, cost_of_debt = 0.05, cost_of_equity = 0.1 } end,
        "flopcost.finance.wacc: unknown field 'debt_share'" },
      { "a tax rate of 1", function()
        return F.wacc { debt_fraction = 0.5, cost_of_debt = 0.05, cost_of_equity = 0.1, tax_rate = 1 } end,
        "flopcost.finance.wacc: field 'tax_rate': number in [0, 1) expected, got 1" },
      { "an unknown method", function() return F.depreciation { method = "macrs_5" } end,
        "flopcost.finance.depreciation: field 'method': one of 'straight_line', 'declining_balance', "
        .. "'macrs5', 'price_decline' expected, got 'macrs_5' (did you mean 'macrs5'?)" },
      { "a missing life", function() return F.depreciation { method = "straight_line" } end,
        "flopcost.finance.depreciation: field 'life_years': positive number expected, got nil" },
      { "a fractional year count", function()
        return F.depreciation { method = "straight_line", life_years = 4, years = 2.5 } end,
        "flopcost.finance.depreciation: field 'years': positive integer expected, got 2.5" },
      { "a 1e100-year life (found by fuzzing: overflowed the schedule)", function()
        return F.depreciation { method = "straight_line", life_years = 1e100 } end,
        "flopcost.finance.depreciation: field 'life_years': number in (0, 100] expected, got 1e+100" },
      { "a negative age", function() return F.residual { method = "macrs5", age_years = -1 } end,
        "flopcost.finance.residual: field 'age_years': non-negative number expected, got -1" },
      { "an infinite cash flow", function() return F.npv(0.1, { 1, math.huge }) end,
        "flopcost.finance.npv: field 'cash_flows[2]': finite number expected, got inf" },
      { "a price of -1", function() return F.epoch_hourly { price_usd = -1 } end,
        "flopcost.finance.epoch_hourly: field 'price_usd': non-negative number expected, got -1" },
    })
  end)
end)
