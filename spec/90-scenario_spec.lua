-- flopcost.scenario: hand-computed scenarios, published figures, invariants.
local fc = require "flopcost"
local H = require "spec.helpers"
local cat = dofile("spec/fixtures/mini_catalog.lua")

-- The hand calculation of csrc/test/test_scenario.c, through the Lua layer:
-- H100 at $30,000, S 1.64, network 19 %, WACC 8 %, 5 y / 20 y, utilization 0.8,
-- $0.0892/kWh, PUE 1.25, k_srv 1.82, green 20 %, 0.35 kg/kWh, $50/t, maintenance
-- 3 %/y + $500/y, MFU 0.4, scaling 0.9, goodput 0.95 (no power curve: linear).
--   chip 0.857141, server 0.548570, network 0.329735, facility 0.173191,
--   energy 0.118714, carbon 0.018632, opex 0.264912 $/h; total 2.310894 $/h
--   useful FLOP/h = 989.5e12 x 0.4 x 0.9 x 0.95 x 0.8 x 3600 = 9.7461792e17
--   $/1e18 FLOP = 2.371077; cloud at $2.99/h = 2.454295; owned/cloud = 0.966093
local base = H.h100_scenario

describe("flopcost.scenario", function()
  it("reproduces the hand calculation component by component", function()
    local r = base():evaluate()
    local per_h = { chip = 0.857141, server = 0.548570, network = 0.329735, facility = 0.173191,
      energy = 0.118714, carbon = 0.018632, opex = 0.264912 }
    for k, v in pairs(per_h) do assert.near(v, r.per_hour[k], 1e-4) end
    assert.near(2.310894, r.per_hour.total, 1e-6)
    assert.near(9.7461792e17, r.useful_flop_per_h, 1e-12)
    assert.near(2.371077, r.usd_per_eflop, 1e-6)
    assert.near(2.454295, r.cloud.usd_per_eflop, 1e-6)
    assert.near(0.966093, r.cloud.owned_to_cloud, 1e-5)
    local sum = 0
    for _, c in ipairs(fc.scenario.COMPONENTS) do sum = sum + r.breakdown[c] end
    assert.near(r.usd_per_eflop, sum, 1e-12)
  end)

  it("reproduces DeepSeek-V3's $5.576M through the cloud path", function()
    -- arXiv 2412.19437: 2,788K H800 GPU-hours at $2/GPU-hour = $5.576M.
    -- FLOPs = 6 x 37e9 active x 14.8e12 tokens = 3.2856e24. The MFU that makes
    -- the reported hours: 3.2856e24 / (2.788e6 h x 3600 s x 1979e12 FP8) = 0.16541.
    local flops = 6 * 37e9 * 14.8e12
    local mfu = flops / (2.788e6 * 3600 * 1979e12)
    -- The reported hours are the run's busy hours: utilization 1 (the default 0.7 would rent
    -- 1/0.7 of them).
    local s = fc.scenario { catalog = cat, region = "test-us", chip = "H800-SXM", precision = "fp8",
      mfu = mfu, rental_usd_per_hour = 2.0, utilization = 1,
      job = { params = 671e9, active_params = 37e9, tokens = 14.8e12 }, cluster_size = 2048 }
    local r = s:evaluate()
    assert.near(3.2856e24, r.job.flops, 1e-9)
    assert.near(5.576e6, r.job.cloud_cost_usd, 1e-9)
    -- and 2.788e6 GPU-hours on 2,048 GPUs is 56.7 days of wall clock
    assert.near(2.788e6 / 2048 / 24, r.job.days, 1e-9)
  end)

  it("converts a CNY electricity price through the FX table", function()
    -- 0.4 CNY / 7.2 = $0.0556/kWh; energy $/h = 1.330875 kWh x 0.0556 (no green share here)
    local r = base { region = "test-cn" }:evaluate()
    assert.near(1.330875 * 0.4 / 7.2, r.per_hour.energy, 1e-9)
  end)

  it("applies the region's chip price premium (50 % grey-market in test-cn)", function()
    local us = base():evaluate()
    local cn = base { region = "test-cn" }:evaluate()
    assert.near(0.857141, us.per_hour.chip, 1e-6)
    -- 30000 x 1.5 = $45,000 x CRF(8 %, 5) 0.2504565 / 8766 h = 1.285711 $/h
    assert.near(1.285711, cn.per_hour.chip, 1e-6)
  end)

  it("reports cost in local currency on request", function()
    local r = base { region = "test-cn", currency = "CNY" }:evaluate()
    -- by hand, test-cn at $45,000 a chip (50 % premium), cluster 45000 x 1.64 / 0.81 = 91111.11:
    --   chip 1.285711 + server 0.822855 + network 0.494602 + facility 0.173191
    --   + energy 1.330875 kWh x 0.4 CNY / 7.2 = 0.073938 + carbon 0 (no carbon price)
    --   + opex (0.03 x 91111.11 + 500) / 8766 = 0.368849  =  3.219145 $/h
    --   / 0.97461792 = 3.302981 $ per 1e18 FLOP, x 7.2 CNY per USD (the fixture's rate) = 23.78147 CNY
    assert.near(3.302981, r.usd_per_eflop, 1e-6)
    assert.near(23.78147, r["local"].per_eflop, 1e-6)
  end)

  describe("invariants", function()
    it("cost per FLOP falls as utilization rises", function()
      local prev = math.huge
      for u = 0.1, 1.0001, 0.1 do
        local c = base { utilization = math.min(u, 1) }:evaluate().usd_per_eflop
        assert.is_true(c < prev)
        prev = c
      end
    end)
    it("doubling the electricity price changes only the energy component", function()
      local a = base():evaluate()
      local b = base { electricity_usd_per_kwh = 2 * 0.0892 }:evaluate()
      for _, c in ipairs(fc.scenario.COMPONENTS) do
        if c == "energy" then assert.near(2 * a.breakdown.energy, b.breakdown.energy, 1e-12)
        else assert.near(a.breakdown[c], b.breakdown[c], 1e-12) end
      end
      -- by hand: energy 1.330875 kWh x $0.0892 = 0.118714 $/h / 0.97461792 = 0.121806 $ per 1e18
      -- FLOP, 0.243612 at twice the price; the total 2.371077 + 0.121806 = 2.492883
      assert.near(0.121806, a.breakdown.energy, 1e-5)
      assert.near(0.243612, b.breakdown.energy, 1e-5)
      assert.near(2.492883, b.usd_per_eflop, 1e-6)
    end)
    it("a mix of one chip equals that chip", function()
      local one = base():evaluate()
      local mix = base { chip = nil, chips = { ["H100-SXM"] = 1, ["Cheap"] = 0 }, coupling = "lockstep" }:evaluate()
      assert.near(one.usd_per_eflop, mix.usd_per_eflop, 1e-12)
      assert.near(2.371077, mix.usd_per_eflop, 1e-6) -- the hand calculation at the top of this file
    end)
    it("shares and counts give the same mix", function()
      local a = base { chip = nil, chips = { ["H100-SXM"] = 0.6, ["Cheap"] = 0.4 } }:evaluate()
      local b = base { chip = nil, chips = { ["H100-SXM"] = 600, ["Cheap"] = 400 } }:evaluate()
      assert.near(a.usd_per_eflop, b.usd_per_eflop, 1e-12)
      assert.are.equal("40% Cheap + 60% H100-SXM", a.mix)
      -- by hand: the Cheap chip ($10,000, 400 W, idle 400 x 125/700 = 71.43 W (fc_compose's idle share of
      -- TDP), server power x1.8 (Epoch's default), 300 TFLOP/s):
      --   capex lines 30000's / 3 = 0.578482, facility 11700 x 0.72 kW x 0.1018522 / 8766 = 0.097879,
      --   power 71.43 + 328.57 x 0.8 = 334.29 W x 1.8 x 1.25 = 0.752143 kWh/h: energy x $0.0892 = 0.067091,
      --   carbon x 0.8 x 0.35 kg x $50/t = 0.010530, opex (0.03 x 20246.91 + 500) / 8766 = 0.126330
      --   = 0.880311 $/h for 300e12 x 0.4 x 0.9 x 0.95 x 0.8 x 3600 = 2.95488e17 FLOP/h
      -- pooled 60/40: (0.6 x 2.310894 + 0.4 x 0.880311) / (0.6 x 9.7461792e17 + 0.4 x 2.95488e17)
      --   = 1.738661 / 7.029660e17 = 2.473322 $ per 1e18 FLOP
      assert.near(2.473322, a.usd_per_eflop, 1e-6)
    end)
    it("evaluates a grid in one batch with the same numbers", function()
      local s1, s2 = base(), base { region = "test-cn" }
      local rs = fc.scenario.evaluate_many { s1, s2 }
      assert.near(s1:evaluate().usd_per_eflop, rs[1].usd_per_eflop, 1e-15)
      assert.near(s2:evaluate().usd_per_eflop, rs[2].usd_per_eflop, 1e-15)
      -- and the hand figures: test-us 2.371077 (top of this file), test-cn 3.302981 (above)
      assert.near(2.371077, rs[1].usd_per_eflop, 1e-6)
      assert.near(3.302981, rs[2].usd_per_eflop, 1e-6)
    end)
  end)

  describe("bad input", function()
    H.error_rows(it, {
      { "a misspelt option", function() return base { utilisation = 0.5 } end,
        "flopcost.scenario: unknown field 'utilisation' (did you mean 'utilization'?)" },
      { "utilization above 1", function() return base { utilization = 1.5 }:evaluate() end,
        "flopcost.scenario: field 'utilization': number in (0, 1] expected, got 1.5" },
      { "an empty mix", function() return base { chip = nil, chips = {} } end,
        "flopcost.scenario: field 'chips': empty chip mix" },
      { "a negative share", function() return base { chip = nil, chips = { ["H100-SXM"] = -1 } } end,
        "flopcost.scenario: field 'chips.H100-SXM': non-negative number expected, got -1" },
      { "a chip without a price", function() return base { chip = "NoPrice" }:evaluate() end,
        "flopcost.scenario: chip 'NoPrice' has no price_usd in the catalog: give chip_price_usd or overrides['NoPrice']" },
      { "a precision the chip lacks", function() return base { precision = "fp8", chip = "Cheap" }:evaluate() end,
        "flopcost.scenario: chip 'Cheap' has no dense fp8 figure in the catalog (it has: fp16)" },
      { "an unknown coupling", function() return base { coupling = "sync" } end,
        "flopcost.scenario: field 'coupling': one of 'pooled', 'lockstep' expected, got 'sync'" },
      { "a NaN PUE", function() return base { pue = 0 / 0 }:evaluate() end,
        "flopcost.scenario: field 'pue': finite number expected, got nan" },
    })
  end)
end)

describe("flopcost.scenario on the bundled catalog", function()
  it("derives the MFU of a published run: DeepSeek-V3 on H800 FP8 = 0.16541", function()
    -- 6 x 37e9 x 14.8e12 / (2.788e6 h x 3600 x 1979e12)
    local s = fc.scenario { region = "cn-ningxia", chip = "H800-SXM", precision = "fp8", mfu_from = "DeepSeek-V3" }
    assert.near(0.1654145, s:core_params().members[1].mfu, 1e-6)
  end)
  it("rejects an mfu_from that is not a run name", function()
    assert.are.equal("flopcost.scenario: field 'mfu_from': run name expected, got -1",
      H.error_of(function() return fc.scenario { region = "us-va", chip = "H100-SXM", mfu_from = -1 }:evaluate() end))
  end)
  it("derives goodput from failures and checkpoints over the cluster (Young/Daly)", function()
    -- C = 60 s, R = 600 s, per-chip MTBF 24,000 h over 1,000 chips -> job MTBF 24 h -> 0.956263
    local s = fc.scenario { region = "us-va", chip = "H100-SXM", cluster_size = 1000,
      goodput = { checkpoint_s = 60, restart_s = 600, mtbf_h = 24000 } }
    assert.near(0.9562629, s:core_params().members[1].goodput, 1e-6)
  end)
end)

describe("the yield chain against a published bill of materials", function()
  it("puts the H100's manufactured cost within 15% of the ~$3,320 BOM estimate (FIGURES.md [S])", function()
    -- TSMC 4N wafer $17,000, 814 mm2, D0 0.08, NB alpha 10; 5 HBM3 stacks of 16 GB at $17.5/GB;
    -- CoWoS-S $750 with bonding yield 0.95 per attach (models/*.json)
    local bundled = fc.catalog.default()
    local _, pkg = fc.scenario.manufactured_price(bundled, bundled:chip("H100-SXM"), { hbm = "HBM3", hbm_stacks = 5 })
    assert.near(3320, pkg.total_usd, 0.15)
    -- (the logic die alone comes to $560 against the press estimate of $300: the
    -- catalog's 4N wafer price and D0 are [S]/[U]; the package total is what the spec pins)
  end)
end)
