--- bench/run.lua -- `make bench`: a benchmark, not a test.
-- 1M-sample Monte Carlo of the full cost-per-FLOP model (H100 scenario, five
-- uncertain inputs: electricity lognormal90, chip price PERT, utilization
-- uniform, MFU and PUE triangular; output usd_per_eflop with mean, sd and the
-- exact 5/50/95 % quantiles), timed through flopcost (1 and 2 threads),
-- in plain C without Lua (bench/plain.c: the same engine called from C, and
-- a naive per-sample GSL loop), in pure Lua (bench/model_lua.lua) and with
-- numpy (bench/model_numpy.py). Times are the best of REPS runs (a shared
-- machine's noise only ever adds time). Then: thread scaling of the streaming
-- engine, memory of streaming runs of 1e6 and 1e8 samples (1e9 with
-- BENCH_1E9=1), and the cost of one scalar scenario evaluation from Lua.
-- Env: FLOPCOST_BUILD (build dir, default "build"), BENCH_N (default 1e6),
-- BENCH_REPS (default 10), CC (default cc), PYTHON (default /usr/bin/python3).
local fc = require "flopcost"
local core = require "flopcost.core"
local clock = core.mc.clock

local BUILD = os.getenv("FLOPCOST_BUILD") or "build"
local N = math.tointeger(tonumber(os.getenv("BENCH_N") or "1e6") // 1)
local CC = os.getenv("CC") or "cc"
local PY = os.getenv("PYTHON") or "/usr/bin/python3"
local REPS = math.tointeger(tonumber(os.getenv("BENCH_REPS") or "10") // 1)

local function h100()
  return {
    chip_price_usd = 30000, tdp_w = 700, idle_w = 125, server_power_multiple = 1.82,
    utilization = 0.8, electricity_usd_per_kwh = 0.0892, green_share = 0.2,
    grid_kg_co2_per_kwh = 0.35, carbon_usd_per_t = 50, maintenance_fraction = 0.03,
    other_opex_usd_per_year = 500, peak_flops_per_s = 989.5e12, mfu = 0.4,
    scaling_efficiency = 0.9, goodput = 0.95,
  }
end

local VARY = {
  electricity_usd_per_kwh = fc.dist.lognormal90(0.05, 0.12),
  chip_price_usd = fc.dist.pert(25000, 30000, 40000),
  utilization = fc.dist.uniform(0.6, 0.9),
  mfu = fc.dist.triangular(0.3, 0.4, 0.5),
  pue = fc.dist.triangular(1.1, 1.2, 1.5),
}

local function vm_hwm_kb()
  local f = io.open("/proc/self/status")
  if not f then return nil end
  local s = f:read("a"); f:close()
  return tonumber(s:match("VmHWM:%s*(%d+)"))
end

-- `lua5.4 bench/run.lua --mem N`: one streaming run, then the peak RSS.
if arg[1] == "--mem" then
  local n = math.tointeger(tonumber(arg[2]) // 1)
  local t0 = clock()
  local r = fc.montecarlo(h100(), { vary = VARY, samples = n, seed = 1, exact = false, progress = false })
  print(string.format("mem %d %.3f %d %.9g", n, clock() - t0, vm_hwm_kb() or -1, r.mean))
  return
end

-- `lua5.4 bench/run.lua --one THREADS REPS`: REPS runs of the benchmark's
-- Monte Carlo (exact quantiles) in this process; prints
-- "flop <best s> <mean> <sd> <p05> <p50> <p95> <s of each run...>" (wall clock)
-- and "flop_cpu <best CPU s>" (os.clock: the time on a CPU, without the
-- waits of a loaded machine) for bench/ratio.lua.
if arg[1] == "--one" then
  local threads = math.tointeger(tonumber(arg[2]) // 1)
  local reps = math.tointeger(tonumber(arg[3] or "2") // 1)
  local times, best, best_cpu, r = {}, math.huge, math.huge, nil
  for i = 1, reps do
    local t0, c0 = clock(), os.clock()
    r = fc.montecarlo(h100(), { vary = VARY, samples = N, seed = 1, threads = threads, progress = false })
    local dt, dc = clock() - t0, os.clock() - c0
    times[i] = string.format("%.6f", dt)
    best, best_cpu = math.min(best, dt), math.min(best_cpu, dc)
  end
  print(string.format("flop %.6f %.9g %.9g %.9g %.9g %.9g %s", best, r.mean, r.sd, r.p05, r.p50, r.p95,
    table.concat(times, " ")))
  print(string.format("flop_cpu %.6f", best_cpu))
  return
end

local function sh(cmd)
  local p = assert(io.popen(cmd))
  local out = p:read("a")
  local ok = p:close()
  return ok and out or nil, out
end

local function parse(line, tag)
  local t = { line:match("^" .. tag .. " (%S+) (%S+) (%S+) (%S+) (%S+) (%S+)") }
  assert(#t == 6, "cannot parse: " .. tostring(line))
  for i = 1, 6 do t[i] = tonumber(t[i]) end
  return t
end

local function row(name, t) -- t = {seconds, mean, sd, p05, p50, p95}
  print(string.format("  %-26s %9.4f s   mean %.5f  sd %.5f  p05 %.5f  p50 %.5f  p95 %.5f",
    name, t[1], t[2], t[3], t[4], t[5], t[6]))
end

print(string.format("flopcost Monte Carlo benchmark: %d samples, 5 uncertain inputs, output usd_per_eflop", N))
print(string.format("  (%s; %s)", _VERSION, (sh("nproc") or "?"):gsub("%s+$", "") .. " CPUs online"))

-- flopcost, 1 and 2 threads
local function flop(threads)
  local best, r
  for _ = 1, REPS do
    local t0 = clock()
    r = fc.montecarlo(h100(), { vary = VARY, samples = N, seed = 1, threads = threads, progress = false })
    local dt = clock() - t0
    best = best and math.min(best, dt) or dt
  end
  return { best, r.mean, r.sd, r.p05, r.p50, r.p95 }
end
local f1, f2 = flop(1), flop(2)

-- plain C: the engine without Lua, and the naive loop
local plain_bin = BUILD .. "/bench/plain"
os.execute("mkdir -p " .. BUILD .. "/bench")
assert(sh(string.format("%s -std=c99 -D_POSIX_C_SOURCE=200809L -O2 -Icsrc/core -o %s bench/plain.c %s/libflopcost.a "
  .. "-lgsl -lgslcblas -lcjson -lm -pthread 2>&1",
  CC, plain_bin, BUILD)), "cannot compile bench/plain.c")
local function plain(mode, reps)
  local best
  for _ = 1, reps do
    local t = parse(assert(sh(plain_bin .. " " .. N .. " " .. mode)), "plain_c")
    if not best or t[1] < best[1] then best = t end
  end
  return best
end
local c, naive = plain("engine", REPS), plain("naive", 3)

-- numpy
local np
for _ = 1, REPS do
  local out = sh(PY .. " bench/model_numpy.py " .. N .. " 2>&1")
  if not out then np = nil; break end
  local t = parse(out, "numpy")
  if not np or t[1] < np[1] then np = t end
end

-- pure Lua (one run: it is slow)
local lua_run = dofile("bench/model_lua.lua")
local l = { lua_run(N, 1, clock) }

print(string.format("\ntimes (wall clock, best of %d; naive C best of 3; pure Lua one run):", REPS))
row("flopcost, 1 thread", f1)
row("flopcost, 2 threads", f2)
row("plain C engine (no Lua)", c)
row("plain C, naive GSL loop", naive)
if np then row("numpy", np) else print("  numpy: not available (" .. PY .. ")") end
row("pure Lua", l)

print("\nratios:")
print(string.format("  flopcost 1 thread / plain C engine   %6.2fx   (target <= 1.2x)", f1[1] / c[1]))
print(string.format("  naive C loop / flopcost 1 thread     %6.2fx", naive[1] / f1[1]))
if np then
  print(string.format("  numpy / flopcost 1 thread            %6.2fx   (target >= 4x)", np[1] / f1[1]))
  print(string.format("  numpy / flopcost 2 threads           %6.2fx   (target >= 3x)", np[1] / f2[1]))
end
print(string.format("  pure Lua / flopcost 1 thread         %6.2fx   (target >= 30x)", l[1] / f1[1]))
print(string.format("  pure Lua / flopcost 2 threads        %6.2fx   (target >= 30x)", l[1] / f2[1]))
print(string.format("  flopcost 1 thread / 2 threads        %6.2fx   (target >= 1.8x)", f1[1] / f2[1]))

-- agreement: independent streams, so the means differ by sampling error only
local se = f1[3] / math.sqrt(N)
local worst = 0
for _, t in ipairs { c, naive, np or c, l } do worst = math.max(worst, math.abs(t[2] - f1[2]) / se) end
print(string.format("  means agree within %.1f standard errors of the difference-free mean (%.2g)", worst, se))

-- thread scaling of the engine alone (streaming quantiles, no post-processing)
local function stream(threads, n)
  local best
  for _ = 1, REPS do
    local t0 = clock()
    fc.montecarlo(h100(), { vary = VARY, samples = n, seed = 1, threads = threads, exact = false, progress = false })
    local dt = clock() - t0
    best = best and math.min(best, dt) or dt
  end
  return best
end
local n4 = 4 * N
local s1, s2 = stream(1, n4), stream(2, n4)
print(string.format("\nstreaming engine, %d samples: 1 thread %.3f s, 2 threads %.3f s, speedup %.2fx; %.0f ns/sample/thread",
  n4, s1, s2, s1 / s2, s1 / n4 * 1e9))

-- constant memory: peak RSS of fresh processes running streaming Monte Carlo
print("\nstreaming memory (fresh process each, 2 threads):")
local sizes = { 1e6, 1e8 }
if os.getenv("BENCH_1E9") == "1" then sizes[#sizes + 1] = 1e9 end
for _, n in ipairs(sizes) do
  local out = sh(string.format("lua5.4 bench/run.lua --mem %d", math.tointeger(n)))
  local _, secs, kb, mean = (out or ""):match("^mem (%d+) (%S+) (%S+) (%S+)")
  print(string.format("  %.0e samples: %7.2f s, peak RSS %6.1f MB, mean %.6f", n, tonumber(secs) or -1,
    (tonumber(kb) or -1) / 1024, tonumber(mean) or -1))
end
if os.getenv("BENCH_1E9") ~= "1" then print("  (set BENCH_1E9=1 to add a 1e9-sample run, about 2 minutes on 2 cores)") end

-- scalar scenario evaluation from Lua
local P = core.scenario.params(h100())
local K = 1000000
local t0 = clock()
local acc = 0
for _ = 1, K do acc = acc + P:eval() end
local us_params = (clock() - t0) / K * 1e6
local opts = h100()
local K2 = 100000
t0 = clock()
for _ = 1, K2 do acc = acc + core.scenario.eval(opts).usd_per_eflop end
local us_table = (clock() - t0) / K2 * 1e6
print(string.format("\nscalar evaluation from Lua: params:eval() %.3f us (target < 2 us); " ..
  "core.scenario.eval(opts) with a result table %.3f us", us_params, us_table))

-- inference (csrc/core/fc_inference.c): the full serving frontier, and Monte Carlo of $ per M tokens
do
  local inf = require "flopcost.inference"
  -- best of REPS: core.inference.serve (a description) with every point (the Frontier userdata:
  -- the points stay in C), then fc.inference.frontier (names resolved from the
  -- catalog + the Pareto filter in C), then the first access to one column
  local function best_of(f)
    local best, x
    for _ = 1, REPS do
      local start = clock()
      x = f()
      local dt = clock() - start
      best = best and math.min(best, dt) or dt
    end
    return best, x
  end
  print("\ninference frontier (every batch to the memory cap, groups 1, 2, 4, 8; best of " .. REPS
    .. "; target: full frontier < 1 ms):")
  for _, case in ipairs { { "Llama-3.1-70B", "H100-SXM", "fp8" }, { "DeepSeek-V3", "H200", "fp8" },
    { "Llama-3.1-8B", "B200", "fp8" } } do
    local o = { model = case[1], chip = case[2], precision = case[3], input_tokens = 2000, output_tokens = 500 }
    local d = inf.describe(o) -- the description fc.inference.serve hands the core
    local t = { frontier = 65536, groups = { 1, 2, 4, 8 } }
    local s, r = best_of(function() return core.inference.serve(d, t) end)
    local sp, pf = best_of(function() return (inf.frontier(o, 65536)) end)
    local sc = best_of(function() return core.inference.serve(d, t).frontier.tpot_s end) - s
    print(string.format("  %-14s on %-9s %6d points %7.3f ms (%3.0f ns/point); Pareto (%4d points) "
      .. "%6.3f ms; + a column %5.3f ms", case[1], case[2], r.frontier.n, s * 1e3, s / r.frontier.n * 1e9,
      #pf, sp * 1e3, sc * 1e3))
  end
  -- 1M-sample Monte Carlo: the same H100 in us-tx, training vs serving, 4 cost inputs
  local IV = { electricity_usd_per_kwh = fc.dist.lognormal90(0.05, 0.12),
    chip_price_usd = fc.dist.pert(25000, 30000, 40000), utilization = fc.dist.uniform(0.2, 0.9),
    pue = fc.dist.triangular(1.1, 1.2, 1.5) }
  local train = fc.scenario { region = "us-tx", chip = "H100-SXM" }
  local serve = fc.scenario { region = "us-tx", chip = "H100-SXM", precision = "fp8",
    workload = { kind = "inference", model = "Llama-3.1-70B", input_tokens = 2000, output_tokens = 500,
      slo = { ttft_s = 0.45, tpot_s = 0.04 } } }
  local function mc(s)
    local best, r
    for _ = 1, math.min(REPS, 5) do
      local start = clock()
      r = fc.montecarlo(s, { vary = IV, samples = N, seed = 1, threads = 1, progress = false })
      local dt = clock() - start
      best = best and math.min(best, dt) or dt
    end
    return best, r
  end
  local tt, rt = mc(train)
  local ts, rs = mc(serve) -- a serving scenario's default output: $ per million tokens, blended
  print(string.format("\nMonte Carlo, %d samples, 1 thread: training $/1e18 FLOP %.3f s (p50 %.3f); serving "
    .. "$/M tokens %.3f s (p50 %.4f); ratio %.2fx (target <= 2x)", N, tt, rt.p50, ts, rs.p50, ts / tt))
  -- issue 20: 1e5 samples of $/Mtok (output) under 1 s on one thread, cost-chain inputs and a serving input
  for _, v in ipairs { { "cost-chain inputs", {} },
    { "+ serving.flop_efficiency (re-served per sample)", { ["serving.flop_efficiency"] = fc.dist.uniform(0.4, 0.6) } } } do
    local vary = {}
    for k, d in pairs(IV) do vary[k] = d end
    for k, d in pairs(v[2]) do vary[k] = d end
    local start = clock()
    local r = fc.montecarlo(serve, { vary = vary, samples = 100000, seed = 1, threads = 1, progress = false,
      output = "usd_per_mtok_output" })
    print(string.format("  1e5 samples of usd_per_mtok_output, %s: %.3f s (p50 $%.4f; target < 1 s)", v[1],
      clock() - start, r.p50))
  end
  -- the same over nodes: DeepSeek-V3 on H200 (the layout search spans 30-60 layouts a point; a Monte
  -- Carlo keeps its base point's layout and re-times it per sample, fc_serve.h fc_serve_pin)
  local ds = fc.scenario { region = "us-tx", chip = "H200", precision = "fp8",
    workload = { kind = "inference", model = "DeepSeek-V3", input_tokens = 2000, output_tokens = 500,
      slo = { ttft_s = 0.45, tpot_s = 0.04 } } }
  local vary = { ["serving.flop_efficiency"] = fc.dist.uniform(0.4, 0.6) }
  for k, d in pairs(IV) do vary[k] = d end
  local start = clock()
  local r = fc.montecarlo(ds, { vary = vary, samples = 100000, seed = 1, threads = 1, progress = false,
    output = "usd_per_mtok_output" })
  print(string.format("  1e5 samples of usd_per_mtok_output, DeepSeek-V3 on H200 + serving.flop_efficiency: "
    .. "%.3f s (p50 $%.4f; target < 1 s)", clock() - start, r.p50))
end
