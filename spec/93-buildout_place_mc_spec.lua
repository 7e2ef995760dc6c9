-- fc.buildout.place{ samples = N }: Monte Carlo over the network figures of
-- the placement (csrc/core/fc_buildout_place_mc.c), checked against the point
-- placement and means and shares worked out by hand.
local fc = require "flopcost"
local H = require "spec.helpers"

-- Llama-3.1-70B trained on H800s in Guizhou, served on H20s in Guizhou (far
-- from the users in cn-east) or in the east; 1e6 Mtok, TTFT target 0.6 s
local function place(extra)
  local o = { chip = "H800-SXM", serve_chip = "H20", model = "Llama-3.1-70B", users = "cn-east",
    train = { "cn-guizhou" }, serve = { "cn-guizhou", "cn-east" }, train_flops = 6 * 70.6e9 * 15e12, mtok = 1e6,
    slo_ttft_s = 0.6 }
  for k, v in pairs(extra or {}) do o[k] = v end
  return fc.buildout.place(o)
end

local FIXED = { access_rtt_ms = 5, backbone_rtt_ms = 20, usd_per_gb = 0.125, traffic_gb_per_mtok = 0.0432 }
local function with(t, more)
  local o = {}
  for k, v in pairs(t) do o[k] = v end
  for k, v in pairs(more) do o[k] = v end
  return o
end

describe("fc.buildout.place with samples", function()
  it("gives the point placement in every draw when options fix every network figure", function()
    local point = place(FIXED)
    local p = place(with(FIXED, { samples = 50, seed = 3 }))
    assert.are.same({}, p.interval.varied)
    for i, r in ipairs(p.rows) do
      assert.near(point.rows[i].total_usd, r.interval.total_usd.p05, 1e-12)
      assert.near(point.rows[i].total_usd, r.interval.total_usd.p95, 1e-12)
      assert.near(point.rows[i].ttft_seen_s, r.interval.ttft_seen_s.mean, 1e-12)
    end
    assert.equal(1, p.best.win_share) -- the point's winner wins every draw
  end)

  it("draws the price per GB: mean total = training + serving + (transfer + traffic) x 0.10 / 0.125", function()
    -- U(0.05, 0.15) has mean 0.10; the point figures were priced at $0.125/GB, and the network cost is
    -- linear in the price, so the mean network cost is the point's x 0.10 / 0.125
    local point = place(FIXED)
    local p = place(with(FIXED, { usd_per_gb = nil, samples = 20000, seed = 5,
      vary = { usd_per_gb = fc.dist.uniform(0.05, 0.15) } }))
    assert.are.same({ "usd_per_gb" }, p.interval.varied)
    for i, r in ipairs(point.rows) do
      local hand = r.train_usd + 1e6 * r.serve_usd_per_mtok + (r.transfer_usd + r.traffic_usd) * 0.10 / 0.125
      assert.near(hand, p.rows[i].interval.total_usd.mean, 0, 30) -- $: sd of the traffic ~ $1,250, SE ~ $9
    end
  end)

  it("draws the round trips from their PERTs: mean TTFT seen far = serving + (2+20+15)/6 + (10+80+40)/6 ms",
    function()
    -- models/buildout.json: access 5 ms in [2, 15], backbone 20 ms in [10, 40]; PERT mean (lo + 4 m + hi) / 6
    local p = place { samples = 20000, seed = 7 }
    assert.are.same({ "access_rtt_ms", "backbone_rtt_ms", "traffic_gb_per_mtok", "usd_per_gb" }, p.interval.varied)
    local far, near = p.rows[1], p.rows[2]
    assert.equal("cn-guizhou", far.serve)
    -- absolute, in s: the round trips' sd ~6 ms, SE ~0.04 ms
    assert.near(far.serve_ttft_s + (37 / 6 + 130 / 6) / 1000, far.interval.ttft_seen_s.mean, 0, 3e-4)
    assert.near(near.serve_ttft_s + (37 / 6) / 1000, near.interval.ttft_seen_s.mean, 0, 2e-4)
    assert.near(1, far.win_share + near.win_share + p.interval.none_share, 1e-12)
  end)

  it("shares the wins by hand: far serving wins while its round trip leaves it within the target", function()
    -- backbone b ~ U(10, 130) ms, the rest fixed: far is cheaper (no east power price) and feasible
    -- when serving TTFT + 5 ms + b <= 0.6 s, i.e. b <= b* = (0.6 - TTFT - 0.005) x 1000 ms:
    -- P = (b* - 10) / 120; otherwise the east wins
    local p = place(with(FIXED, { backbone_rtt_ms = nil, samples = 20000, seed = 11,
      vary = { backbone_rtt_ms = fc.dist.uniform(10, 130) } }))
    local far, near = p.rows[1], p.rows[2]
    assert.is_true(far.total_usd < near.total_usd)
    local b_star = (0.6 - far.serve_ttft_s - 0.005) * 1000
    assert.is_true(b_star > 10 and b_star < 130, tostring(b_star))
    assert.near((b_star - 10) / 120, far.win_share, 0, 0.015) -- absolute: SE ~0.0035
    assert.near(far.win_share, far.feasible_share, 1e-12)
    assert.near(1 - far.win_share, near.win_share, 1e-12)
    assert.equal(0, p.interval.none_share)
  end)

  H.error_rows(it, {
    { "an unknown figure to vary", function() place { samples = 10, vary = { rtt = fc.dist.uniform(1, 2) } } end,
      "flopcost.buildout.place: field 'vary': unknown network figure 'rtt' (one of access_rtt_ms, backbone_rtt_ms, "
        .. "usd_per_gb, traffic_gb_per_mtok)" },
    { "a non-integer sample count", function() place { samples = 2.5 } end,
      "flopcost.buildout.place: field 'samples': integer in 1..1000000 expected, got 2.5" },
    { "a draw of a negative round trip", function()
      place { samples = 100, vary = { access_rtt_ms = fc.dist.uniform(-10, 5) } }
    end, "flopcost.buildout.place: draw 1: argument outside the domain (a network figure drawn out of its domain)" },
  })
end)
