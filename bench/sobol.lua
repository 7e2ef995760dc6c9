--- bench/sobol.lua -- `make bench` (second part): a benchmark, not a test.
-- Sobol first-order and total indices of 10 uncertain inputs of the H100
-- scenario (bench/run.lua's five plus server multiple, network share, WACC,
-- chip life and maintenance) with N = 1e5 (N (k + 2) = 1.2M model
-- evaluations) and 95 % bootstrap intervals from 100 resamples, through
-- flopcost (1 and 2 threads) and through a numpy peer written as SALib does it
-- (bench/sobol_numpy.py). Times are the best of REPS runs. Env: BENCH_SOBOL_N
-- (default 1e5), BENCH_REPS (default 5), PYTHON (default /usr/bin/python3).
local fc = require "flopcost"
local clock = require("flopcost.core").mc.clock

local N = math.tointeger(tonumber(os.getenv("BENCH_SOBOL_N") or "1e5") // 1)
local REPS = math.tointeger(tonumber(os.getenv("BENCH_REPS") or "5") // 1)
local PY = os.getenv("PYTHON") or "/usr/bin/python3"

local base = {
  chip_price_usd = 30000, tdp_w = 700, idle_w = 125, server_power_multiple = 1.82,
  utilization = 0.8, electricity_usd_per_kwh = 0.0892, green_share = 0.2,
  grid_kg_co2_per_kwh = 0.35, carbon_usd_per_t = 50, maintenance_fraction = 0.03,
  other_opex_usd_per_year = 500, peak_flops_per_s = 989.5e12, mfu = 0.4,
  scaling_efficiency = 0.9, goodput = 0.95,
}
-- the order of bench/sobol_numpy.py's columns
local NAMES = { "electricity_usd_per_kwh", "chip_price_usd", "utilization", "mfu", "pue",
  "server_multiple", "network_fraction", "wacc", "chip_life_years", "maintenance_fraction" }
local D = fc.dist
local VARY = {
  electricity_usd_per_kwh = D.lognormal90(0.05, 0.12), chip_price_usd = D.pert(25000, 30000, 40000),
  utilization = D.uniform(0.6, 0.9), mfu = D.triangular(0.3, 0.4, 0.5), pue = D.triangular(1.1, 1.2, 1.5),
  server_multiple = D.uniform(1.4, 1.9), network_fraction = D.uniform(0.10, 0.25),
  wacc = D.uniform(0.05, 0.12), chip_life_years = D.uniform(3, 6), maintenance_fraction = D.uniform(0.01, 0.05),
}

local function run(threads)
  local best, r
  for _ = 1, REPS do
    local t0 = clock()
    r = fc.sensitivity.sobol { scenario = base, vary = VARY, samples = N, seed = 1, threads = threads,
      resamples = 100, level = 0.95 }
    local t = clock() - t0
    if not best or t < best then best = t end
  end
  return best, r
end

print(("Sobol indices, 10 inputs, N = %d (%d model evaluations), 100 bootstrap resamples"):format(N, N * 12))
local t1, r = run(1)
local t2 = run(2)
local np, np_first, np_total
for _ = 1, REPS do
  local p = io.popen("cd bench && " .. PY .. " sobol_numpy.py " .. N .. " 2>&1")
  local out = p and p:read("a") or ""
  if p then p:close() end
  local nums = {}
  for x in out:gmatch("[%d.eE+-]+") do nums[#nums + 1] = tonumber(x) end
  if not out:match("^numpy_sobol") or #nums < 21 then np = nil; break end
  if not np or nums[1] < np then
    np, np_first, np_total = nums[1], { table.unpack(nums, 2, 11) }, { table.unpack(nums, 12, 21) }
  end
end

local function row(name, t, threads)
  print(("  %-34s %8.3f s  %6.2f M evaluations/s per thread"):format(name, t, N * 12 / t / threads / 1e6))
end
print(("\ntimes (wall clock, best of %d):"):format(REPS))
row("flopcost, 1 thread", t1, 1)
row("flopcost, 2 threads", t2, 2)
if np then row("numpy peer (SALib's method)", np, 1) else print("  numpy: not available (" .. PY .. ")") end
print("\nratios:")
print(("  flopcost 1 thread / 2 threads      %6.2fx"):format(t1 / t2))
if np then
  print(("  numpy / flopcost 1 thread          %6.2fx"):format(np / t1))
  print(("  numpy / flopcost 2 threads         %6.2fx"):format(np / t2))
end
print("\nindices (flopcost first, total [95% interval] | numpy first, total):")
for i, name in ipairs(NAMES) do
  print(("  %-24s %6.3f %6.3f [%5.3f, %5.3f] | %s"):format(name, r.first[name], r.total[name],
    r.total_ci[name][1], r.total_ci[name][2],
    np and ("%6.3f %6.3f"):format(np_first[i], np_total[i]) or "-"))
end
