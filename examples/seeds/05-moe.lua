-- Claim 5: "MoE brings training cost to 1/10."
-- Against a comparable frontier run, not against a dense model of the same
-- size (issue 21): DeepSeek-V3 (671B total, 37B active, 14.8T tokens) and
-- Llama 3.1 405B, the dense model DeepSeek's report compares its base model
-- with (arXiv:2412.19437, Table 3). Two readings: compute (6 N D with the
-- active parameters) and cost (each run's published GPU-hours, owned all-in
-- on its own chip in its own region; models/runs.json). The robustness draws
-- both chips' prices as their buyers pay them and both regions' figures.
local dir = (arg and arg[0] or ""):match("^(.*)[/\\]") or "."
local C = dofile(dir .. "/common.lua")
local fc = C.fc

local CLAIM, ABOUT = 1 / 10, { 0.075, 0.125 } -- 'about a tenth': within 25 % of it (as seed 03's 'about twice')
C.header(5, "MoE brings training cost to 1/10", "DeepSeek-V3, arXiv 2412.19437; Llama 3.1 405B, arXiv 2407.21783")

local ds, ll = C.cat:run("DeepSeek-V3"), C.cat:run("Llama-3.1-405B")
local moe = fc.training.flops { params = ds.params, active_params = ds.active_params, tokens = ds.tokens }
local dense_same = fc.training.flops { params = ds.params, tokens = ds.tokens }
local llama = fc.training.flops { params = ll.params, tokens = ll.tokens }
C.figure("DeepSeek-V3 FLOPs (6 x 37e9 x 14.8e12)", moe, nil, fc.report.sci)
C.figure("Llama 3.1 405B (6 x 405e9 x 15.6e12)", llama, nil, fc.report.sci)
C.figure("dense 671B on the same tokens (not a run)", dense_same, nil, fc.report.sci)

-- utilization 1: the published hours are the hours the chips were held
local function owned(run)
  return fc.scenario { region = run.region, chip = run.chip, utilization = 1, job = { chip_hours = run.gpu_hours } }
end
local sc = { ds = owned(ds), ll = owned(ll) }
local r = { ds = sc.ds:evaluate(), ll = sc.ll:evaluate() }
local inputs = { C.buyer_price_input(ds.chip, ds.region, "ds"), C.buyer_price_input(ll.chip, ll.region, "ll") }
for _, in_ in ipairs(C.region_inputs(ds.region, "ds")) do inputs[#inputs + 1] = in_ end
for _, in_ in ipairs(C.region_inputs(ll.region, "ll")) do inputs[#inputs + 1] = in_ end
local J = C.joint(sc, inputs, { "total_usd_per_h" })
local function cost_draws(key, run)
  return C.per_draw(J, function(d) return d[key].total_usd_per_h * run.gpu_hours end)
end
C.figure(("DeepSeek-V3: %.3gM %s-hours in %s"):format(ds.gpu_hours / 1e6, ds.chip, ds.region), r.ds.job.cost_usd,
  C.quantiles(cost_draws("ds", ds)))
C.figure(("Llama 3.1 405B: %.4gM %s-hours in %s"):format(ll.gpu_hours / 1e6, ll.chip, ll.region),
  r.ll.job.cost_usd, C.quantiles(cost_draws("ll", ll)))
local ratio = r.ds.job.cost_usd / r.ll.job.cost_usd
local ratios = C.per_draw(J, function(d)
  return d.ds.total_usd_per_h * ds.gpu_hours / (d.ll.total_usd_per_h * ll.gpu_hours) end)
C.figure("DeepSeek-V3 / Llama 3.1 405B training cost", ratio, C.quantiles(ratios), C.pct)
C.note(("drivers: 37B active of 671B (%s); DeepSeek's reported MFU (%s, FP8) vs Llama's (%s, BF16); "
  .. "the H800's price to a buyer in China (its licence-status premium)"):format(
  C.pct(ds.active_params / ds.params), C.pct(ds.mfu_reported), C.pct(ll.mfu_reported)))

local tenth = C.holds(J, ratios, function(v) return v <= CLAIM end)
local about = C.holds(J, ratios, function(v) return v >= ABOUT[1] and v <= ABOUT[2] end)
local ok = ratio <= CLAIM
local robust = C.holds(J, ratios, function(v) return (v <= CLAIM) == ok end)
C.verdict(ok and "supported against a comparable run" or "not supported against a comparable run",
  ("DeepSeek-V3's published hours cost %s of Llama 3.1 405B's (1/%.1f), each owned on its own chip in its "
  .. "own region; 'a tenth or less' holds in %.0f%% of draws, 'about a tenth' (%.3f-%.3f) in %.0f%%; "
  .. "compute alone is %s of Llama's (1/%.1f); a dense 671B (not a run) would need 1/%.0f"):format(
  C.pct(ratio), 1 / ratio, 100 * tenth.share, ABOUT[1], ABOUT[2], 100 * about.share, C.pct(moe / llama),
  llama / moe, dense_same / moe), robust)
