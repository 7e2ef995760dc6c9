-- Claim 7: "Data-centre GPUs last 1-3 years at 60-70% utilization, drawing 700 W."
-- The claim is tested, not the cost of assuming it (issue 21), in its two
-- readings:
--  physical: do most GPUs die within 3 years? Meta's Llama 3 405B run logged
--    GPU-attributed interruptions on 16,384 H100s over 54 days; counting every
--    one as a dead GPU gives an upper bound on the failure rate;
--  economic: after how many years does keeping an H100 cost more per FLOP
--    (its energy, facility and opex) than a new chip's all-in cost per FLOP,
--    which falls at the price-performance trend (Epoch AI, 0.14 OOM/y)?
-- The cost of a 1-6 year life is printed as context.
local dir = (arg and arg[0] or ""):match("^(.*)[/\\]") or "."
local C = dofile(dir .. "/common.lua")
local fc = C.fc

local SHORT_Y = 3 -- the claim's upper end
C.header(7, "Data-centre GPUs last 1-3 years at 700 W",
  "H100-SXM (700 W) in us-va at 65% utilization; filings: Microsoft/Alphabet 6 y, Amazon/Meta 5 y")

-- Llama 3 405B pre-training, 54-day snapshot on 16,384 H100-80GB (Llama Team, 'The Llama 3 Herd of
-- Models', arXiv:2407.21783, Table 5, as DatacenterDynamics reports it, 2024-07-29): faulty GPU 148,
-- GPU HBM3 72, GPU SRAM 19, GPU system processor 17 interruptions. Low end: the faulty-GPU row alone;
-- high end: all four rows, each counted as a GPU lost for good (most were not: an upper bound).
local GPUS, DAYS, LOW, HIGH = 16384, 54, 148, 148 + 72 + 19 + 17
local function per_year(n) return n / GPUS / (DAYS / 365.25) end
local rate_lo, rate_hi = per_year(LOW), per_year(HIGH)
local function dead_by(rate, years) return 1 - math.exp(-rate * years) end -- constant hazard
C.note(("GPU failures per GPU-year (Llama 3 rows): %.3f (faulty GPU alone) to %.3f (all four GPU rows)")
  :format(rate_lo, rate_hi))
C.note(("share of GPUs dead within %d years at a constant rate: %s to %s"):format(SHORT_Y,
  C.pct(dead_by(rate_lo, SHORT_Y)), C.pct(dead_by(rate_hi, SHORT_Y))))

local s = fc.scenario { region = "us-va", chip = "H100-SXM", utilization = 0.65 }
local wacc = s:core_params().members[1].wacc
for _, life in ipairs { 1, 2, 3, 4, 5, 6 } do
  print(("   life %d y: annuity at %s WACC %s per 1e18 FLOP"):format(life, C.pct(wacc),
    C.money(s:with { chip_life_years = life }:evaluate().usd_per_eflop)))
end

-- economic life: keep the chip while its running cost per FLOP R stays below a new chip's all-in
-- cost C0 x 10^(-trend t); t* = log10(C0 / R) / trend. C0 under Epoch's price-decline recovery
-- (no life assumed, so the answer does not assume one)
local decline = s:with { recovery = "price_decline" }
local trend = decline:core_params().members[1].decline_oom_per_year
local RUNNING = { "energy_usd_per_eflop", "carbon_usd_per_eflop", "opex_usd_per_eflop", "facility_usd_per_eflop" }
local outputs = { "usd_per_eflop" }
for _, o in ipairs(RUNNING) do outputs[#outputs + 1] = o end
local inputs = { C.chip_price_input("H100-SXM", 0, nil),
  { name = "utilization 0.6-0.7", field = "utilization", dist = fc.dist.uniform(0.6, 0.7) } }
for _, in_ in ipairs(C.region_inputs("us-va", nil)) do inputs[#inputs + 1] = in_ end
local J = C.joint({ new = decline }, inputs, outputs)
local function life_of(d)
  local run = 0
  for _, o in ipairs(RUNNING) do run = run + d.new[o] end
  return math.log(d.new.usd_per_eflop / run, 10) / trend
end
local r = decline:evaluate()
local point, running = { new = { usd_per_eflop = r.usd_per_eflop } }, 0
for _, o in ipairs(RUNNING) do
  point.new[o] = r.breakdown[o:gsub("_usd_per_eflop$", "")]
  running = running + point.new[o]
end
local econ, lives = life_of(point), C.per_draw(J, life_of)
C.figure("running cost per 1e18 FLOP (energy, facility, opex)", running)
C.figure("a new chip's all-in cost now (Epoch decline)", r.usd_per_eflop)
C.figure("economic life: years until running > new", econ, C.quantiles(lives), function(x)
  return ("%.1f y"):format(x) end)
-- the failure rate, drawn uniformly between its two ends, joins the joint draws by index
local rates = C.uniform(rate_lo, rate_hi):sample(J.n, C.SEED + 7)
J.names[#J.names + 1] = "GPU failure rate (Llama 3 rows)"
C.note("drivers: the failure rate (an upper bound: interruptions, not deaths); the running share of cost "
  .. ("and the %.2f OOM/y trend set the economic life"):format(trend))

local physical = dead_by(rate_hi, SHORT_Y) >= 0.5
local economic = econ <= SHORT_Y
local robust = C.holds_i(J, function(k)
  return (dead_by(rates[k], SHORT_Y) >= 0.5) == physical and (lives[k] <= SHORT_Y) == economic end)
local function word(ok) return ok and "supported" or "not supported" end
C.verdict(("%s as physical life, %s as economic life"):format(word(physical), word(economic)),
  ("at Meta's Llama 3 rate (at most %.3f per GPU-year, every GPU interruption counted as a death) %s of "
  .. "GPUs die within %d years; an H100 costs less to keep running than a new chip costs all-in for %.1f "
  .. "years (90%%: %.1f-%.1f) at 60-70%% utilization"):format(rate_hi, C.pct(dead_by(rate_hi, SHORT_Y)),
  SHORT_Y, econ, C.quantiles(lives).p05, C.quantiles(lives).p95), robust)
