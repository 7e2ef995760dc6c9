-- Writes sample charts of flopcost.plot into a directory (default /tmp):
--   lua5.4 examples/plots_demo.lua [DIR]       (run from the repository root)
-- The results come from spec/fixtures/results.lua (plausible test data, not a
-- model run); the other inputs are synthetic and only exercise the charts.
package.path = "./lua/?.lua;./lua/?/init.lua;./?.lua;" .. package.path
local plot = require "flopcost.plot"
local report = require "flopcost.report"
local fixture = require "spec.fixtures.results"

local dir = arg[1] or "/tmp"
local written = {}
local function save(name, svg)
  local path = dir .. "/" .. name
  assert(plot.save(path, svg))
  written[#written + 1] = path
end

local results = fixture.results()

-- 1. the breakdown per region x mix, with cloud markers
save("flopcost_bars.svg", plot.stacked_bars(results))

-- 2. many bars with long labels: the x labels rotate
local many = {}
for i = 1, 11 do
  local r = fixture.results()[(i - 1) % 5 + 1]
  r.region_label = r.region_label .. " <" .. i .. ">"
  many[i] = r
end
save("flopcost_bars_many.svg", plot.stacked_bars(many, { width = 900, title = "Eleven bars & escaped <labels>" }))

-- 3. cost vs utilization: fixed cost per hour / useful FLOP per hour, plus
-- energy from the measured H100 power curve (FIGURES.md: 125 W idle, 330 W
-- at 25 %, 510 W at 50 %, 637 W at 75 %, 692 W at 100 % duty), 1.25 PUE.
local curve_u = { 0, 0.25, 0.5, 0.75, 1 }
local curve_w = { 125, 330, 510, 637, 692 }
local function power_w(u)
  for i = 2, #curve_u do
    if u <= curve_u[i] then
      local t = (u - curve_u[i - 1]) / (curve_u[i] - curve_u[i - 1])
      return curve_w[i - 1] + t * (curve_w[i] - curve_w[i - 1])
    end
  end
  return curve_w[#curve_w]
end
local series = {}
for _, p in ipairs { { "Virginia, 8.9 c/kWh", 0.0892 }, { "California, 18.6 c/kWh", 0.1864 },
                     { "Guizhou, 0.4 CNY/kWh", 0.4 / 7.2 } } do
  local s = { name = p[1], x = {}, y = {} }
  for i = 1, 19 do
    local u = 0.05 * i + 0.04
    local eflop_per_h = 989.5e12 * 0.45 * u * 3600 / 1e18
    local usd_h = 2.7 + power_w(u) * 1.8 * 1.25 / 1000 * p[2]
    s.x[i], s.y[i] = u, usd_h / eflop_per_h
  end
  series[#series + 1] = s
end
save("flopcost_lines.svg", plot.lines(series, { title = "Cost vs utilization (H100, synthetic)",
  xlabel = "utilization (share of time at full load)", ylabel = "USD per 1e18 useful FLOP",
  xkind = "pct", ykind = "usd" }))

-- 4. tornado: one-at-a-time swings around a base of $2.19/EFLOP (synthetic)
save("flopcost_tornado.svg", plot.tornado({
  { name = "electricity price (4-12 c/kWh)", low = 2.15, high = 2.24, base = 2.19 },
  { name = "MFU (30-50 %)", low = 2.92, high = 1.75, base = 2.19 },
  { name = "chip price ($25k-$40k)", low = 1.94, high = 2.43, base = 2.19 },
  { name = "useful life (3-6 years)", low = 2.71, high = 1.86, base = 2.19 },
  { name = "PUE (1.1-1.6)", low = 2.18, high = 2.22, base = 2.19 },
  { name = "WACC (6-12 %)", low = 2.08, high = 2.38, base = 2.19 },
}, { title = "What moves the cost of a training FLOP (synthetic)" }))

-- 5. a lognormal Monte Carlo-like sample (Box-Muller, fixed seed)
local rng = math.random
math.randomseed(42)
local samples = {}
for i = 1, 20000 do
  local z = math.sqrt(-2 * math.log(1 - rng())) * math.cos(2 * math.pi * rng())
  samples[i] = 2.19 * math.exp(0.13 * z)
end
save("flopcost_hist.svg", plot.histogram(samples, { title = "Monte Carlo: cost per 1e18 FLOP (synthetic)",
  quantiles = true }))
save("flopcost_cdf.svg", plot.cdf(samples, { title = "Monte Carlo: CDF (synthetic)", quantiles = true }))

print(report.table(results))
for _, p in ipairs(written) do print("wrote " .. p) end
