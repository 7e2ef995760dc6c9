-- Rentals at a date by term and tier (csrc/fc_rental.c), purchase prices
-- within a chip's observations, and the bounds on dates, trends and WACC
-- (issue 21). Listings: Epoch AI, training-cost-trends, data/Hardware
-- prices.csv (commit 263c40a), as models/chips.json carries them.
local fc = require "flopcost"
local H = require "spec.helpers"

local function rel_near(expected, got, tol, what)
  assert(math.abs(got - expected) <= tol * math.abs(expected),
    ("%s: expected %.10g within %g, got %.10g"):format(what, expected, tol, got))
end

describe("rentals at a date", function()
  it("prices GPT-3's cloud under Epoch's convention at a committed V100 rate, not a trend", function()
    -- Epoch: training start 2019-10-01 (hard-coded for GPT-3), acquisition 60 days
    -- earlier (2019-08-02), 3-year committed hyperscaler rates: the V100 listings of
    -- 2019-07-08 and 2019-08-05 (AWS) are both $1.21/h. Epoch's own cloud cost:
    -- $4,336,473 (model_costs.csv, Cloud_Cost) = $1.2209/h over 3,552,000 chip-hours.
    -- The old path moved the 2025 on-demand $3.06 back along 0.14 OOM/year: $14.53/h.
    local r = fc.scenario { chip = "V100-SXM2", convention = "epoch", as_of = "2019-10-01",
      job = { chip_hours = 3552000 } }:evaluate()
    local q = r.rentals["V100-SXM2"]
    rel_near(1.21, q.usd, 1e-9, "V100 3y hyperscaler at 2019-08-02")
    assert.are.equal("3y", q.term)
    assert.are.equal("hyperscaler", q.tier)
    rel_near(4336473, r.job.cloud_cost_usd, 0.02, "Epoch's GPT-3 cloud cost")
    assert.truthy(tostring(r):find("rental V100-SXM2 $1.21/h 3y hyperscaler", 1, true))
  end)

  it("interpolates between a chip's own listings and says which it used", function()
    -- V100 hyperscaler on demand, mid-2019: AWS $3.90 on 2019-07-08 and 2019-08-05;
    -- halfway between the Azure $3.06 of 2018-12-30 and AWS $3.90 of 2019-01-25 (26 days):
    -- 2019-01-12 is 13 days in, so sqrt(3.06 x 3.90) = $3.4546/h (log-linear)
    local r = fc.scenario { chip = "V100-SXM2", as_of = "2019-01-12", rental = { tier = "hyperscaler" } }:evaluate()
    local q = r.rentals["V100-SXM2"]
    rel_near(math.sqrt(3.06 * 3.90), q.usd, 1e-9, "log-linear between two listings")
    assert.are.equal("interpolated", q.how)
    assert.are.equal(3.06, q.lo)
    assert.are.equal(3.90, q.hi)
  end)

  it("refuses a date outside a chip's listings unless asked to extrapolate", function()
    -- H100 listings begin 2023-06-20 (Lambda, neocloud): the old path rented an H100 at
    -- $5.26/h on 2023-06 by moving the 2025 price back along the trend
    local err = H.error_of(function()
      return fc.scenario { chip = "H100-SXM", as_of = "2023-06-01", rental = { term = "on_demand" } }:evaluate()
    end)
    assert.truthy(err and err:find("field 'as_of': chip 'H100-SXM': neocloud on_demand rentals observed "
      .. "2023-06-20 to 2025-03-03, not at 2023-06-01", 1, true), err)
    -- asked: the nearest day held flat (2023-06-20: Lambda $1.99), range up along 0.14 OOM/y
    local r = fc.scenario { chip = "H100-SXM", as_of = "2023-06-01", rental = { term = "on_demand" },
      extrapolate = true, chip_price_usd = 30000 }:evaluate()
    local q = r.rentals["H100-SXM"]
    assert.are.equal("extrapolated", q.how)
    rel_near(1.99, q.usd, 1e-9, "held flat")
    rel_near(1.99 * 10 ^ (0.14 * 19 / 365.25), q.hi, 1e-9, "range widens before the first listing")
  end)
end)

describe("purchase prices at a date", function()
  it("interpolates within one basis and refuses dates outside the market life", function()
    -- A100 server-basis rows: DGX A100 640GB 2022-01-20 $20,875 and HGX 2023-09-23 $18,548.75
    -- (days 19012 and 19623); 2023-01-01 = day 19358: w = 346/611,
    -- 20875^(1-w) x 18548.75^w = $19,524.03
    local r = fc.scenario { chip = "A100-SXM", as_of = "2023-01-01" }:evaluate()
    local p = r.prices["A100-SXM"]
    local w = 346 / 611
    rel_near(20875 ^ (1 - w) * 18548.75 ^ w, p.usd, 1e-9, "log-linear within the basis")
    assert.are.equal("interpolated", p.how)
    local before = H.error_of(function() return fc.scenario { chip = "H100-SXM", as_of = "2021" }:evaluate() end)
    assert.truthy(before and before:find("2021 before the chip's release (released 2022-09-20", 1, true), before)
    local after = H.error_of(function() return fc.scenario { chip = "H100-SXM", as_of = "2035" }:evaluate() end)
    assert.truthy(after and after:find("outside the chip's dated prices", 1, true), after)
  end)
end)

describe("bounds on dates, trends and the cost of capital", function()
  H.error_rows(it, {
    { "as_of 1900-01-01", function() return fc.scenario { chip = "H100-SXM", as_of = "1900-01-01" }:evaluate() end,
      "flopcost.scenario: field 'as_of': date from 2010-01-01 to 2036-12-31 expected, got '1900-01-01'" },
    { "as_of 1970", function() return fc.scenario { chip = "H100-SXM", as_of = "1970" }:evaluate() end,
      "flopcost.scenario: field 'as_of': date from 2010-01-01 to 2036-12-31 expected, got '1970'" },
    { "price_trend 1e308", function()
        return fc.scenario { chip = "H100-SXM", as_of = "2024-01", price_trend = 1e308 }:evaluate() end,
      "flopcost.scenario: field 'price_trend': trend from -1 to 1 (orders of magnitude a year) expected, got 1e+308" },
  })
  it("rejects wacc = -0.99 (it gave a facility 7.7e-44 of its cost)", function()
    local err = H.error_of(function() return fc.scenario { chip = "H100-SXM", wacc = -0.99 }:evaluate() end)
    assert.truthy(err and err:find("field 'wacc': cost of capital from -0.1 to 1 (a year) expected, got -0.99", 1, true),
      err)
  end)
end)

-- Rental series beyond Epoch's table (issue 21): only listings checked against their sources.
describe("rentals of the B200, the H200 and the H100 in China", function()
  local cat = fc.catalog.default()
  it("rents the B200 in the US at Spheron's on-demand list price, never its spot price", function()
    local r = fc.scenario { region = "us-va", chip = "B200" }:evaluate()
    local q = r.rentals["B200"]
    assert.are.equal(6.03, q.usd)
    assert.are.equal("on_demand", q.term)
    assert.are.equal("2026-03-17", q.date)
    assert.truthy(q.source:find("Spheron", 1, true), q.source)
    -- the spot listing exists, and is picked only when asked for
    -- (extrapolate: the B200's one dated purchase price is of 2024-12)
    local spot = fc.scenario { region = "us-va", chip = "B200", as_of = "2026-03-17", extrapolate = true,
      rental = { term = "spot" } }:evaluate()
    assert.are.equal(2.25, spot.rentals["B200"].usd)
    -- cloud $/EFLOP by hand: $6.03 / (2,250 dense BF16 TFLOP/s x 0.375 x 3600 s) x 1e18 = $1.9852
    rel_near(6.03 / (2250e12 * 0.375 * 3600) * 1e18, r.cloud.usd_per_eflop, 1e-9, "B200 cloud")
    assert.is_true(math.abs(r.cloud.usd_per_eflop - 1.9852) < 1e-4)
  end)
  it("rents the H100 in China at its CNY listing: CNY 75,000 a month / 8 GPUs / 730.5 h", function()
    local per_h_cny = 75000 / 8 / 730.5
    assert.is_true(math.abs(per_h_cny - 12.834) < 1e-3)
    local r = fc.scenario { region = "cn-guizhou", chip = "H100-SXM" }:evaluate()
    local q = r.rentals["H100-SXM"]
    rel_near(cat:convert(12.83, "CNY", "USD"), q.usd, 1e-12, "H100 in China, USD")
    assert.truthy(q.source:find("MIT Technology Review", 1, true), q.source)
    assert.is_nil(r.no_cloud)
  end)
  it("has no H20 rental anywhere (none could be verified) and says so", function()
    for _, region in ipairs { "us-va", "cn-guizhou" } do
      local r = fc.scenario { region = region, chip = "H20" }:evaluate()
      assert.is_nil(r.cloud)
      assert.truthy(r.no_cloud and r.no_cloud:find("H20", 1, true), region)
    end
  end)
end)
