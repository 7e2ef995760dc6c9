-- fc.buildout.place: where to train and where to serve, each pair's cost and
-- the TTFT its users see written out by hand from the network figures of
-- models/buildout.json (RTT 5 ms near, 5 + 20 ms far; $0.125/GB; 0.0432 GB
-- of traffic per million tokens) and the scenario's own costs.
local fc = require "flopcost"
local H = require "spec.helpers"

local OPTS = { chip = "H800-SXM", serve_chip = "H20", model = "Llama-3.1-70B", users = "cn-east",
  train = { "cn-ningxia", "cn-east" }, serve = { "cn-ningxia", "cn-east" }, train_flops = 6 * 70.6e9 * 15e12,
  mtok = 1e6, slo_ttft_s = 0.6, input_tokens = 2000, output_tokens = 500 }

local function with(extra)
  local o = {}
  for k, v in pairs(OPTS) do o[k] = v end
  for k, v in pairs(extra or {}) do o[k] = v end
  return o
end

describe("fc.buildout.place", function()
  local p = fc.buildout.place(OPTS)
  local function row(train, serve)
    for _, r in ipairs(p.rows) do if r.train == train and r.serve == serve then return r end end
  end
  it("prices each pair: training + weights moved + serving + far traffic, by hand", function()
    local weights = 141.2e9 -- Llama-3.1-70B: 70.6e9 parameters x 2 bytes (bf16)
    local r = row("cn-ningxia", "cn-east")
    local train = fc.scenario { chip = "H800-SXM", region = "cn-ningxia", job = { flops = OPTS.train_flops } }
      :evaluate().job.cost_usd
    assert.near(train, r.train_usd, 1e-12)
    assert.near(weights / 1e9 * 0.125, r.transfer_usd, 1e-12)       -- $17.65: the weights cross once
    assert.are.equal(0, r.traffic_usd)                                -- served where the users are
    assert.near(train + 17.65 + 1e6 * r.serve_usd_per_mtok, r.total_usd, 1e-12)
    local far = row("cn-ningxia", "cn-ningxia")
    assert.are.equal(0, far.transfer_usd)                             -- trained and served in one region
    assert.near(1e6 * 0.0432 * 0.125, far.traffic_usd, 1e-12)         -- $5,400 of traffic to the east
    assert.near(0.025, far.rtt_s, 1e-12)                              -- 5 ms access + 20 ms backbone
    assert.near(far.serve_ttft_s + 0.025, far.ttft_seen_s, 1e-12)
    assert.near(0.005, r.rtt_s, 1e-12)
  end)
  it("serves a far site within the target less its round trip (0.6 - 0.025 = 0.575 s)", function()
    local far = row("cn-east", "cn-ningxia")
    assert.is_true(far.serve_ttft_s <= 0.575 + 1e-12)
    local s = fc.scenario { chip = "H20", region = "cn-ningxia", workload = { kind = "inference",
      model = "Llama-3.1-70B", input_tokens = 2000, output_tokens = 500, slo = { ttft_s = 0.575 } } }:evaluate()
    assert.near(s.usd_per_mtok_blended, far.serve_usd_per_mtok, 1e-12)
  end)
  it("picks the cheapest pair within the target", function()
    local cheapest
    for _, r in ipairs(p.rows) do
      if r.feasible and (not cheapest or r.total_usd < cheapest.total_usd) then cheapest = r end
    end
    assert.are.equal(cheapest, p.best)
  end)
  it("leaves out a far site whose round trip leaves too little of the target, and keeps the near one", function()
    -- H20's tightest TTFT for 2,000 input tokens is about 0.519 s: 0.54 - 0.025 = 0.515 s is too tight
    local q = fc.buildout.place(with { slo_ttft_s = 0.54 })
    assert.truthy(q.unservable["cn-ningxia"])
    assert.matches("no batch meets", q.unservable["cn-ningxia"])
    assert.are.equal("cn-east", q.best.serve)
  end)
  it("finds nothing under a budget below every pair", function()
    assert.is_nil(fc.buildout.place(with { budget_usd = 1000 }).best)
  end)
  H.error_rows(it, {
    { "no training region", function() return fc.buildout.place(with { train = {} }) end,
      "flopcost.buildout.place: argument 'options': field 'train': list of region names expected, got table" },
    { "a TTFT target below every round trip", function() return fc.buildout.place(with { slo_ttft_s = 0.001 }) end,
      "flopcost.buildout.place: no serving region can meet the TTFT target (0.001)" },
  })
end)

describe("examples/buildout/train-west-serve-east.lua", function()
  it("computes its verdict from the placement and fits 100 columns but for the verdict line", function()
    local p = io.popen("bin/flopcost run examples/buildout/train-west-serve-east.lua 2>&1; echo \"exit=$?\"")
    local out = p:read("a")
    p:close()
    assert.matches("exit=0", out)
    assert.matches("\nverdict: at 0%.60 s, ", out)
    for line in out:gmatch("[^\n]+") do
      if not line:match("^verdict") then assert.is_true(#line <= 100, line) end
    end
    -- the verdict's share of joint draws, recomputed from fc.buildout.place's own draws
    local share, n = out:match("the pair wins in (%d+)%% of (%d+) joint draws of the network figures")
    assert.equal("4000", n)
    local mc = fc.buildout.place { chip = "H800-SXM", serve_chip = "H20", model = "Llama-3.1-70B", users = "cn-east",
      train = { "cn-ningxia", "cn-guizhou", "cn-east" }, serve = { "cn-ningxia", "cn-guizhou", "cn-east" },
      train_flops = 6 * 70.6e9 * 15e12, mtok = 1e6, slo_ttft_s = 0.6, budget_usd = 1e9, samples = 4000, seed = 1 }
    assert.equal(("%.0f"):format(100 * mc.best.win_share), share)
    assert.is_true(mc.best.win_share > 0.5 and mc.best.win_share < 1) -- traffic's range can tip it east
  end)
end)
