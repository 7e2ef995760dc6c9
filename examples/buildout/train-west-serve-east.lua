-- Train in the west, serve in the east: a Llama-3.1-70B-class model trained
-- on H800s and served on H20s to users in eastern China. Every pair of a
-- training region and a serving region is priced with its own figures
-- (fc.scenario: cost of the training run, $ per million tokens), the weights
-- cross once from the training site to the serving site, requests and
-- streamed tokens cross the backbone when the serving site is far from the
-- users, and a far site has less of the TTFT target for itself (the target
-- less the round trip). fc.buildout.place picks the cheapest pair within the
-- TTFT target and the budget (csrc/core/fc_buildout_place.c). Network figures:
-- models/buildout.json "network" (a 20 ms east-west round trip [S], the rest
-- [U] with ranges), drawn jointly from their ranges for the verdict's share
-- (csrc/core/fc_buildout_place_mc.c). Run from the repository root:
--   bin/flopcost run examples/buildout/train-west-serve-east.lua
local fc = require "flopcost"

local PARAMS, TOKENS = 70.6e9, 15e12 -- Llama 3.1 70B: 70.6B parameters, 15T tokens (Meta, 2024)
local opts = { chip = "H800-SXM", serve_chip = "H20", model = "Llama-3.1-70B", users = "cn-east",
  train = { "cn-ningxia", "cn-guizhou", "cn-east" }, serve = { "cn-ningxia", "cn-guizhou", "cn-east" },
  train_flops = 6 * PARAMS * TOKENS, -- 6 N D (Kaplan et al. 2020)
  mtok = 1e6,                        -- a million million tokens (1e12) over the service's life
  slo_ttft_s = 0.6, budget_usd = 1e9, input_tokens = 2000, output_tokens = 500 }
local p = fc.buildout.place(opts)

print(("== Train in the west, serve in the east: %s trained on %s (%.3g FLOP),"):format(opts.model, opts.chip,
  opts.train_flops))
print(("   %.3g million tokens served on %s to users in %s; TTFT target %.2f s, budget %s"):format(opts.mtok,
  opts.serve_chip, opts.users, opts.slo_ttft_s, fc.report.usd(opts.budget_usd)))
print(("   %-11s %-11s %10s %8s %9s %8s %7s %7s  %s"):format("train", "serve", "training", "$/Mtok",
  "transfer", "traffic", "RTT ms", "TTFT s", "total"))
for _, r in ipairs(p.rows) do
  print(("   %-11s %-11s %10s %8.4f %9s %8s %7.1f %7.3f  %s%s"):format(r.train, r.serve, fc.report.usd(r.train_usd),
    r.serve_usd_per_mtok, fc.report.usd(r.transfer_usd), fc.report.usd(r.traffic_usd), r.rtt_s * 1000,
    r.ttft_seen_s, fc.report.usd(r.total_usd), r.feasible and "" or " (out)"))
end
for region, why in pairs(p.unservable) do print(("   cannot serve from %s: %s"):format(region, why)) end

-- the same search at tighter and looser TTFT targets: where must serving move east?
local function is_east(region) return region == opts.users end
local sweep, east_needed_at, west_ok_at = { 0.53, 0.54, 0.55, 0.6, 1.0, 2.5 }, nil, nil
print("   TTFT target -> cheapest pair (total)")
for _, slo in ipairs(sweep) do
  local o = {}
  for k, v in pairs(opts) do o[k] = v end
  o.slo_ttft_s = slo
  local ok, q = pcall(fc.buildout.place, o)
  local best = ok and q.best
  print(("   %6.2f s    %s"):format(slo, best and ("%s -> %s (%s)"):format(best.train, best.serve,
    fc.report.usd(best.total_usd)) or "none"))
  if best and is_east(best.serve) and not west_ok_at then east_needed_at = slo end
  if best and not is_east(best.serve) and not west_ok_at then west_ok_at = slo end
end

-- the same placement over 4,000 joint draws of the network figures (round trips, $/GB, traffic per
-- Mtok, each from its models/buildout.json range): how often does the point's winner still win?
local mc_opts = {}
for k, v in pairs(opts) do mc_opts[k] = v end
mc_opts.samples, mc_opts.seed = 4000, 1
local mc = fc.buildout.place(mc_opts)
local share = mc.best and mc.best.win_share or 0
print(("   4000 joint draws of the %d network figures: best total $%.3fM-$%.3fM (90%%)"):format(
  #mc.interval.varied, mc.interval.best_total_usd.p05 / 1e6, mc.interval.best_total_usd.p95 / 1e6))
for _, r in ipairs(mc.rows) do
  if r.win_share > 0 then
    print(("     %s -> %s wins in %.0f%% of draws (TTFT seen p95 %.3f s)"):format(r.train, r.serve, 100 * r.win_share,
      r.interval.ttft_seen_s.p95))
  end
end

local b = p.best
if not b then
  print("verdict: no pair meets the TTFT target within the budget")
else
  local pattern = (not is_east(b.train) and is_east(b.serve)) and "train in the west, serve in the east holds"
    or ("train in %s, serve in %s"):format(b.train, b.serve)
  print(("verdict: at %.2f s, %s - %s -> %s at %s (TTFT %.3f s seen); serving must be in the east at targets "
    .. "up to %s s, a western site serves from %s s (its %.0f ms round trip); the pair wins in %.0f%% of %d "
    .. "joint draws of the network figures")
    :format(opts.slo_ttft_s, pattern, b.train, b.serve, fc.report.usd(b.total_usd), b.ttft_seen_s,
      east_needed_at and ("%.2f"):format(east_needed_at) or "none of the", west_ok_at and ("%.2f"):format(west_ok_at)
        or "none of the targets", (p.terms.access_rtt_s + p.terms.backbone_rtt_s) * 1000, 100 * share,
      mc.interval.samples))
end
