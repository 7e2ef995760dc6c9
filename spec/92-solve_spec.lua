-- flopcost.solve: break-even values against closed forms, the chip-mix LP.
local fc = require "flopcost"
local H = require "spec.helpers"
local cat = dofile("spec/fixtures/mini_catalog.lua")

local h100 = H.h100_scenario

describe("flopcost.solve", function()
  it("finds the utilization above which owning beats renting (closed form 0.771592)", function()
    -- cost/h(u) = fixed + k (125 + 575 u) c, k = 1.82 x 1.25 / 1000 kWh per W-hour,
    -- c = $0.0892 + 0.8 x 0.35 kg x $50/t = $0.1032/kWh, fixed = 2.173550 $/h;
    -- owned = cost/h(u) / (F u), cloud = 2.99 / F  =>  u* = (fixed + 125 k c) / (2.99 - 575 k c)
    local u = fc.solve.owning_vs_renting(h100())
    assert.near(0.7715917010, u, 1e-8)
    -- and at u* the two costs agree
    local r = h100 { utilization = u }:evaluate()
    assert.near(r.cloud.usd_per_eflop, r.usd_per_eflop, 1e-8)
  end)

  it("finds the electricity price at which a CNY region matches a USD one", function()
    -- test-cn's chips cost 50 % more (premium); find the USD price of power there
    -- that equalizes cost per FLOP with test-us at $0.0892. Cost is linear in the
    -- price, so x = p_us - (extra capex and carbon $/h) / kWh/h; check by evaluating.
    local a, b = h100 { region = "test-cn" }, h100()
    local x = fc.solve.breakeven { a = a, b = b, field = "electricity_usd_per_kwh", vary = "a", lo = -0.0, hi = 5 }
    assert.is_nil(x) -- the premium costs more than free power saves: no break-even at price >= 0
    local a2 = h100 { region = "test-cn", chip_price_premium = 0 }
    local x2 = fc.solve.breakeven { a = a2, b = b, field = "electricity_usd_per_kwh", vary = "a", lo = 0, hi = 5 }
    local ra = h100 { region = "test-cn", chip_price_premium = 0, electricity_usd_per_kwh = x2 }:evaluate()
    assert.near(b:evaluate().usd_per_eflop, ra.usd_per_eflop, 1e-9)
    -- by hand: cost is linear in the price, so x = (total_us - non-energy_cn) / kWh per hour
    -- (without the premium test-cn differs from test-us only in power price and carbon:
    -- no carbon price there, so its carbon cost is 0 where test-us pays $0.0186/h)
    --   test-us total 2.310894 $/h (csrc/test/test_scenario.c); test-cn without energy and carbon:
    --   chip 0.857141 + server 0.548570 + network 0.329735 + facility 0.173191 + opex 0.264912
    --   = 2.173549 $/h; x = (2.310894 - 2.173549) / 1.330875 kWh/h = $0.103199 per kWh
    assert.near(0.103199, x2, 1e-5)
  end)

  it("returns nil and a message when there is no break-even in the bracket", function()
    local x, err = fc.solve.breakeven { a = h100(), field = "utilization", lo = 0.9, hi = 1,
      output_b = "cloud_usd_per_eflop" }
    assert.is_nil(x)
    assert.are.equal("flopcost.solve.breakeven: no break-even of 'utilization' in [0.9, 1.0]: "
      .. "the difference has the same sign at both ends", err)
  end)

  it("optimizes a chip mix under a power limit and availability (LP by hand)", function()
    -- H100 vs "Cheap" (300 TFLOP/s fp16, 400 W). Per kW of facility power at full load:
    -- H100: 989.5 / (0.7 x 1.82 x 1.25) = 621.4 TFLOP/s per kW; Cheap: 300 / (0.4 x 1.8 x 1.25)
    -- = 333.3. A 1 MW limit buys all H100: 1000 / 1.5925 = 627.9; cap H100 at 400 ->
    -- the remaining 1000 - 400 x 1.5925 = 363 kW buys 363 / 0.9 = 403.3 Cheap.
    local sol = fc.solve.optimize_mix { catalog = cat, region = "test-us", chips = { "H100-SXM", "Cheap" },
      power_mw = 1, base = { utilization = 0.8 } }
    assert.near(1000 / 1.5925, sol.counts["H100-SXM"], 1e-9)
    assert.near(0, sol.counts.Cheap, 1e-9)
    -- a mix of H100s only costs per EFLOP what one H100 does (the chain's per-EFLOP rule, in C)
    assert.near(sol.result.usd_per_eflop, sol.usd_per_eflop, 1e-12)
    assert.near(sol.usd_per_h / sol.flop_per_h * 1e18, sol.usd_per_eflop, 1e-12)
    sol = fc.solve.optimize_mix { catalog = cat, region = "test-us", chips = { "H100-SXM", "Cheap" },
      power_mw = 1, available = { ["H100-SXM"] = 400 } }
    assert.near(400, sol.counts["H100-SXM"], 1e-9)
    assert.near((1000 - 400 * 1.5925) / 0.9, sol.counts.Cheap, 1e-9)
  end)

  describe("bad input", function()
    H.error_rows(it, {
      { "an unknown field", function()
        return fc.solve.breakeven { a = h100(), field = "utilisation", lo = 0, hi = 1 } end,
        "flopcost.solve.breakeven: field 'field': scenario field name expected, got 'utilisation'" },
      { "an empty bracket", function()
        return fc.solve.breakeven { a = h100(), field = "utilization", lo = 1, hi = 0.5 } end,
        "flopcost.solve.breakeven: field 'hi': number greater than lo expected, got 0.5" },
      { "a missing scenario", function()
        return fc.solve.breakeven { field = "utilization", lo = 0, hi = 1 } end,
        "flopcost.solve.breakeven: field 'a': scenario expected, got nil" },
      { "no chips to optimize", function() return fc.solve.optimize_mix { chips = {} } end,
        "flopcost.solve.optimize_mix: field 'chips': non-empty list of chip names expected" },
    })
  end)
end)
