-- fc.buildout.place_sobol: Sobol indices over the placement's network figures
-- (the C engine through fc_buildout_place_sobol_model), against closed forms.
local fc = require "flopcost"
local H = require "spec.helpers" -- assert.near(expected, actual, rel_tol [, abs_tol])

local function opts(extra)
  local o = { chip = "H800-SXM", serve_chip = "H20", model = "Llama-3.1-70B", users = "cn-east",
    train = { "cn-guizhou" }, serve = { "cn-guizhou", "cn-east" }, train_flops = 6 * 70.6e9 * 15e12, mtok = 1e6,
    slo_ttft_s = 0.6, resamples = 0 }
  for k, v in pairs(extra or {}) do o[k] = v end
  return o
end

describe("fc.buildout.place_sobol", function()
  it("apportions a far site's total like the closed form of a product of two uniforms", function()
    -- Guizhou -> Guizhou (no transfer, far from the users): total = A + 1e6 Mtok x t GB/Mtok x g $/GB.
    -- g ~ U(0.05, 0.15): m 0.1, s 0.01/12, q = s + m^2; t ~ U(0.02, 0.10): m 0.06, s 0.0064/12.
    -- V = q_g q_t - (m_g m_t)^2 = 8.7778e-6; S_g = s_g m_t^2 / V = 0.3418, S_t = s_t m_g^2 / V = 0.6076;
    -- ST_g = 1 - m_g^2 s_t / V = 0.3924, ST_t = 1 - m_t^2 s_g / V = 0.6582
    local mg, sg, mt, st = 0.1, 0.01 / 12, 0.06, 0.0064 / 12
    local V = (sg + mg ^ 2) * (st + mt ^ 2) - (mg * mt) ^ 2
    local r = fc.buildout.place_sobol(opts { pair = { "cn-guizhou", "cn-guizhou" }, samples = 20000, seed = 3,
      vary = { usd_per_gb = fc.dist.uniform(0.05, 0.15), traffic_gb_per_mtok = fc.dist.uniform(0.02, 0.10) } })
    assert.equal("total_usd", r.output)
    assert.near(0.3418, sg * mt ^ 2 / V, 1e-3)
    -- absolute tolerances: the estimators' sampling error at N = 20,000
    assert.near(sg * mt ^ 2 / V, r.first.usd_per_gb, 0, 0.02)
    assert.near(st * mg ^ 2 / V, r.first.traffic_gb_per_mtok, 0, 0.02)
    assert.near(1 - mg ^ 2 * st / V, r.total.usd_per_gb, 0, 0.02)
    assert.near(1 - mt ^ 2 * sg / V, r.total.traffic_gb_per_mtok, 0, 0.02)
  end)

  it("apportions the TTFT users see over the two round trips by their PERT variances", function()
    -- far site: TTFT seen = serving + access + backbone (additive); PERT(a, m, b) variance
    -- (mu - a)(b - mu) / 7: access PERT(2, 5, 15) 5.258, backbone PERT(10, 20, 40) 30.556 (ms^2)
    local function var(a, m, b) local mu = (a + 4 * m + b) / 6 return (mu - a) * (b - mu) / 7 end
    local va, vb = var(2, 5, 15), var(10, 20, 40)
    local r = fc.buildout.place_sobol(opts { pair = { "cn-guizhou", "cn-guizhou" }, output = "ttft_seen_s",
      samples = 20000, seed = 5 })
    assert.near(0.8532, vb / (va + vb), 1e-3)
    assert.near(vb / (va + vb), r.first.backbone_rtt_ms, 0, 0.02)
    assert.near(va / (va + vb), r.first.access_rtt_ms, 0, 0.02)
    assert.near(0, r.total.usd_per_gb, 0, 1e-9) -- drawn, but no TTFT depends on it
  end)

  H.error_rows(it, {
    { "a pair not priced", function() fc.buildout.place_sobol(opts { pair = { "cn-east", "cn-east" } }) end,
      "flopcost.buildout.place_sobol: field 'pair': no priced pair cn-east -> cn-east" },
    { "an unknown output", function() fc.buildout.place_sobol(opts { output = "rtt" }) end,
      "flopcost.buildout.place_sobol: field 'output': one of total_usd, ttft_seen_s, best_total_usd expected" },
    { "an unknown figure to vary", function()
      fc.buildout.place_sobol(opts { vary = { rtt = fc.dist.uniform(1, 2) } })
    end, "flopcost.buildout.place_sobol: field 'vary': unknown network figure 'rtt' (one of access_rtt_ms, "
      .. "backbone_rtt_ms, usd_per_gb, traffic_gb_per_mtok)" },
  })
end)
