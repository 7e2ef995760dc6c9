--- bench/model_lua.lua -- the benchmark's Monte Carlo in pure Lua (no C):
-- the cost chain of csrc/core/fc_scenario.h (annuity recovery, defaults of
-- fc_compose.c's param_defaults), the same five input distributions, Welford moments
-- and type-7 quantiles after table.sort. Returns run(n, seed) -> seconds, mean, sd, p05, p50, p95.
local exp, log, sqrt, cos, pi, random = math.exp, math.log, math.sqrt, math.cos, math.pi, math.random

local function crf(r, n) return r / (1 - (1 + r) ^ -n) end

-- H100 scenario of bench/plain.c
local S, NET, WACC, LIFE, FAC_KW, FAC_LIFE = 1.64, 0.19, 0.08, 5, 11700, 20
local TDP, IDLE, SPM, GREEN, GRID, CARBON = 700, 125, 1.82, 0.2, 0.35, 50
local MAINT, OTHER, PEAK, SCALE, GOODPUT = 0.03, 500, 989.5e12, 0.9, 0.95
local HOURS = 8766
local CRF_HW, CRF_FAC = crf(WACC, LIFE), crf(WACC, FAC_LIFE)

local function usd_per_eflop(price_kwh, chip_usd, util, mfu, pue)
  local cluster = chip_usd * S / (1 - NET)
  local hw = cluster * CRF_HW / HOURS
  local fac = FAC_KW * (TDP * SPM / 1000) * CRF_FAC / HOURS
  local kwh = (IDLE + (TDP - IDLE) * util) * SPM * pue / 1000
  local energy = kwh * price_kwh
  local carbon = kwh * (1 - GREEN) * GRID / 1000 * CARBON
  local opex = (MAINT * cluster + OTHER) / HOURS
  local useful = PEAK * mfu * SCALE * GOODPUT * util * 3600
  return (hw + fac + energy + carbon + opex) / useful * 1e18
end

local function normal()
  return sqrt(-2 * log(1 - random())) * cos(2 * pi * random())
end

-- Marsaglia & Tsang (2000) gamma for shape >= 1
local function gamma(a)
  local d = a - 1 / 3
  local c = 1 / sqrt(9 * d)
  while true do
    local x, v
    repeat x = normal(); v = 1 + c * x until v > 0
    v = v * v * v
    local u = random()
    if u < 1 - 0.0331 * x ^ 4 or log(u) < 0.5 * x * x + d * (1 - v + log(v)) then return d * v end
  end
end

local function beta(a, b)
  local x = gamma(a)
  return x / (x + gamma(b))
end

local function triangular(a, m, b)
  local u, fc = random(), (m - a) / (b - a)
  if u < fc then return a + sqrt(u * (b - a) * (m - a)) end
  return b - sqrt((1 - u) * (b - a) * (b - m))
end

local Z95 = 1.6448536269514722
local MU, SIG = 0.5 * (log(0.05) + log(0.12)), (log(0.12) - log(0.05)) / (2 * Z95)
local PA, PB = 1 + 4 * (30000 - 25000) / 15000, 1 + 4 * (40000 - 30000) / 15000

local function q7(xs, p)
  local h = (#xs - 1) * p
  local j = math.floor(h)
  local a, b = xs[j + 1], xs[j + 2] or xs[j + 1]
  return a + (h - j) * (b - a)
end

return function(n, seed, clock)
  math.randomseed(seed)
  local t0 = clock()
  local ys, mean, m2 = {}, 0, 0
  for i = 1, n do
    local y = usd_per_eflop(exp(MU + SIG * normal()), 25000 + 15000 * beta(PA, PB),
      0.6 + 0.3 * random(), triangular(0.3, 0.4, 0.5), triangular(1.1, 1.2, 1.5))
    ys[i] = y
    local d = y - mean
    mean = mean + d / i
    m2 = m2 + d * (y - mean)
  end
  table.sort(ys)
  local p05, p50, p95 = q7(ys, 0.05), q7(ys, 0.5), q7(ys, 0.95)
  return clock() - t0, mean, sqrt(m2 / (n - 1)), p05, p50, p95
end
