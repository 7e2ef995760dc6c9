--- tools/scaling.lua -- the README's scaling table: measures, on this machine,
-- the per-thread rates of the three heavy jobs and the cost of merging shard
-- states, then projects wall time for a cluster of NODES nodes of this
-- machine's size (CORES cores each, one Slurm array task per core):
--   wall = work / (nodes x cores x rate) + dispatch + merge(tasks)
-- dispatch is the time Slurm takes to start an array wave and a dependent
-- merge job (measured by `make slurm-test`, passed as DISPATCH_S, default 2 s).
-- A projection from measured rates, not a run on 64 nodes: it assumes shards
-- of equal size and no contention between nodes (the jobs share nothing but
-- the state files, a few KB each).  usage: lua5.4 tools/scaling.lua
local fc = require "flopcost"
local core = require "flopcost.core"
local clock = core.mc.clock

local CORES = tonumber(os.getenv("CORES") or "") or 2
local DISPATCH_S = tonumber(os.getenv("DISPATCH_S") or "") or 2.0
local D = fc.dist
local scenario = fc.scenario { region = "us-va", chips = { ["H100-SXM"] = 1 } }
local VARY = { electricity_usd_per_kwh = D.lognormal90(0.05, 0.12), chip_price_usd = D.pert(25000, 30000, 40000),
  utilization = D.uniform(0.6, 0.9), mfu = D.triangular(0.3, 0.4, 0.5), pue = D.triangular(1.1, 1.2, 1.5) }

local function best(f, reps)
  local b
  for _ = 1, reps do
    local t0 = clock()
    f()
    local t = clock() - t0
    if not b or t < b then b = t end
  end
  return b
end

-- Monte Carlo, streaming quantiles, one thread
local MC_N = 4000000
local t_mc = best(function()
  fc.montecarlo(scenario, { vary = VARY, samples = MC_N, seed = 1, threads = 1, exact = false })
end, 3)
local mc_rate = MC_N / t_mc

-- merging 8 and 64 shard states (through JSON, as the merge step reads them)
local function states(n)
  local list = {}
  for i = 1, n do
    local r = fc.montecarlo(scenario, { vary = VARY, samples = n * 32768, seed = 1, threads = 1,
      exact = false, shard = { i = i, n = n } })
    list[i] = fc.json.encode(r.state)
  end
  return list
end
local merge_s = {}
for _, n in ipairs { 8, 64 } do
  local texts = states(n)
  merge_s[n] = best(function()
    local decoded = {}
    for i, t in ipairs(texts) do decoded[i] = core.json.decode(t) end
    fc.montecarlo.merge(decoded)
  end, 3)
end
local function merge_time(tasks) -- linear in the number of states between the two measurements
  return merge_s[8] + (merge_s[64] - merge_s[8]) * (tasks - 8) / 56
end

-- Sobol: model evaluations per second, one thread
local SOBOL_N = 20000
local t_sobol = best(function()
  fc.sensitivity.sobol { scenario = scenario, vary = VARY, samples = SOBOL_N, seed = 1, threads = 1 }
end, 3)
local sobol_rate = SOBOL_N * (5 + 2) / t_sobol -- N (k + 2) evaluations, k = 5 inputs

-- a streamed sweep: cells per second, one process
local study = require("flopcost.scenariofile").load("examples/slurm/sweep-study.lua")
study.regions = { table.unpack(study.regions, 1, 50) }
study.mixes = { table.unpack(study.mixes, 1, 40) }
local t_sweep = best(function() fc.compare.stream(study, { on_rows = function() end }) end, 2)
local sweep_rate = 2000 / t_sweep

print(("measured on this machine (one thread each): Monte Carlo %.3g samples/s, Sobol %.3g model evaluations/s,"):format(
  mc_rate, sobol_rate))
print(("sweep %.3g cells/s; merging 8 states %.3f s, 64 states %.3f s; Slurm dispatch %.1f s; %d cores per node"):format(
  sweep_rate, merge_s[8], merge_s[64], DISPATCH_S, CORES))
print()
print("| job | 1 node | 8 nodes | 64 nodes | merge (64 nodes) |")
print("|---|---|---|---|---|")
local function fmt(s)
  if s < 120 then return ("%.0f s"):format(s) end
  if s < 7200 then return ("%.0f min"):format(s / 60) end
  return ("%.1f h"):format(s / 3600)
end
local function row(name, work, rate)
  local cells = {}
  for _, nodes in ipairs { 1, 8, 64 } do
    local tasks = nodes * CORES
    cells[#cells + 1] = fmt(work / (tasks * rate) + DISPATCH_S + (tasks > 1 and merge_time(tasks) or 0))
  end
  print(("| %s | %s | %s | %s | %.2f s |"):format(name, cells[1], cells[2], cells[3], merge_time(64 * CORES)))
end
row("Monte Carlo, 1e9 samples", 1e9, mc_rate)
row("Monte Carlo, 1e10 samples", 1e10, mc_rate)
row("Monte Carlo, 1e11 samples", 1e11, mc_rate)
row("sweep, 1e6 cells (1,000 x 1,000)", 1e6, sweep_rate)
row("Sobol, 10 inputs, N = 1e7 (1.2e8 evaluations)", 1.2e8, sobol_rate)
