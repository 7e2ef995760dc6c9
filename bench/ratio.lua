-- bench/ratio.lua -- the 1-thread ratio to numpy, measured fairly on a shared
-- machine: the runs of flopcost (1 thread, `bench/run.lua --one`) and of the
-- numpy peer (bench/model_numpy.py) are INTERLEAVED, round after round in a
-- rotating order, so both see the same load; each round is one fresh process
-- per implementation doing REPS runs of the same 1M-sample Monte Carlo
-- (five inputs, exact 5/50/95 % quantiles), and the best of all rounds
-- counts (a shared machine's noise only ever adds time). The first run of a
-- process pays for fresh pages; the later ones reuse the heap, as repeated
-- calls in one session do, and both implementations get the same treatment.
-- Optionally a second tree (BENCH_BASE=dir: a checkout built with `make`, e.g.
-- main before a change; its lua/ and build/) is interleaved too, for "no
-- regression" on the same load.
--
-- usage: lua5.4 bench/ratio.lua            (from the repository root; `make bench-ratio`)
-- Env: BENCH_ROUNDS (default 15), BENCH_REPS (runs per process, default 3),
--      BENCH_N (default 1e6), FLOPCOST_BUILD (default build), BENCH_BASE (a built checkout),
--      PYTHON (default /usr/bin/python3), BENCH_NICE (e.g. -5: runs under nice).
local ROUNDS = math.tointeger(tonumber(os.getenv("BENCH_ROUNDS") or "15") // 1)
local REPS = math.tointeger(tonumber(os.getenv("BENCH_REPS") or "3") // 1)
local N = math.tointeger(tonumber(os.getenv("BENCH_N") or "1e6") // 1)
local BUILD = os.getenv("FLOPCOST_BUILD") or "build"
local BASE = os.getenv("BENCH_BASE")
local PY = os.getenv("PYTHON") or "/usr/bin/python3"
local NICE = os.getenv("BENCH_NICE")
local prefix = NICE and ("nice -n " .. NICE .. " ") or ""

-- the first line of a file, or of a command's output
local function first_line(path, is_cmd)
  local f = is_cmd and io.popen(path) or io.open(path)
  if not f then return "?" end
  local s = f:read("l") or "?"
  f:close()
  return s
end

local function loadavg() return first_line("/proc/loadavg"):match("^(%S+ %S+ %S+)") or "?" end

-- flopcost from the tree at root (its lua/ and its build dir)
local function flop_cmd(root, build)
  return string.format('%senv LUA_PATH="%s/lua/?.lua;%s/lua/?/init.lua;;" LUA_CPATH="%s/?.so;;" BENCH_N=%d '
    .. 'lua5.4 bench/run.lua --one 1 %d 2>&1', prefix, root, root, build, N, REPS)
end

local peers = {
  { name = "flopcost, 1 thread", tag = "flop", cmd = flop_cmd(".", BUILD) },
  { name = "numpy", tag = "numpy", cmd = string.format("%s%s bench/model_numpy.py %d %d 2>&1", prefix, PY, N, REPS) },
}
if BASE then
  peers[#peers + 1] = { name = "flopcost, 1 thread, BENCH_BASE", tag = "flop", cmd = flop_cmd(BASE, BASE .. "/build") }
end

-- one process: its line is "<tag> <best> <mean> <sd> <p05> <p50> <p95> <each run...>"
local function measure(p)
  local f = assert(io.popen(p.cmd))
  local raw = f:read("a")
  local line = f:close() and raw:match("(" .. p.tag .. " [^\n]*)")
  if not line then error(p.name .. " failed: " .. raw) end
  local v = {}
  for x in line:gmatch("%S+", #p.tag + 1) do v[#v + 1] = assert(tonumber(x), line) end
  return { best = v[1], mean = v[2], first = v[7] or v[1], cpu = tonumber(raw:match(p.tag .. "_cpu (%S+)")) }
end

print(string.format("interleaved ratio: %d samples, %d rounds, %d runs per process%s", N, ROUNDS, REPS,
  NICE and (", nice " .. NICE) or ""))
print(string.format("  %s; load average at start %s", first_line("nproc", true) .. " CPUs", loadavg()))
local res = {}
for i = 1, #peers do res[i] = { times = {}, firsts = {}, cpus = {} } end
for round = 1, ROUNDS do
  for k = 0, #peers - 1 do
    local i = (round + k - 1) % #peers + 1 -- rotate who goes first
    local m = measure(peers[i])
    local r = res[i]
    r.times[#r.times + 1] = m.best
    r.firsts[#r.firsts + 1] = m.first
    r.cpus[#r.cpus + 1] = m.cpu or m.best
    r.mean = m.mean
  end
end

local function stats(t)
  local s = {}
  for i, x in ipairs(t) do s[i] = x end
  table.sort(s)
  return s[1], s[(#s + 1) // 2]
end

print(string.format("  load average at end %s\n", loadavg()))
print(string.format("  %-32s %9s %9s %10s %9s  %s", "wall clock, s", "best", "median", "first run", "best CPU",
  "mean"))
for i, p in ipairs(peers) do
  local r = res[i]
  r.best, r.med = stats(r.times)
  r.cpu = stats(r.cpus)
  print(string.format("  %-32s %9.4f %9.4f %10.4f %9.4f  %.6f", p.name, r.best, r.med, stats(r.firsts), r.cpu, r.mean))
end
local function ratios(label, a, b, note)
  print(string.format("  %-36s best %.2fx, median %.2fx, best CPU %.2fx   %s", label, a.best / b.best,
    a.med / b.med, a.cpu / b.cpu, note))
end
print("")
ratios("numpy / flopcost 1 thread:", res[2], res[1], "(target >= 4x)")
if BASE then ratios("BENCH_BASE / this build:", res[3], res[1], "(> 1: this build is faster)") end
