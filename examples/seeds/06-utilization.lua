-- Claim 6: "GPU utilization under 30% in some AI centres; 60-70% typical;
-- target above 70%." Cost per useful FLOP against utilization. The verdict
-- says whether a centre at 30% pays at least COSTLY times per useful FLOP what
-- a typical (65%) one pays, over the catalog ranges of its inputs.
local dir = (arg and arg[0] or ""):match("^(.*)[/\\]") or "."
local C = dofile(dir .. "/common.lua")
local fc = C.fc

local COSTLY = 1.5
C.header(6, "GPU utilization under 30% in some AI centres; 60-70% typical; target > 70%",
  "H100-SXM in us-va with its measured power curve")

local s = fc.scenario { region = "us-va", chip = "H100-SXM", utilization = 0.65 }
local xs, ys = {}, {}
for i = 1, 20 do
  local u = i / 20
  xs[#xs + 1] = u
  ys[#ys + 1] = s:with { utilization = u }:evaluate().usd_per_eflop
end
local function at(u) return s:with { utilization = u }:evaluate().usd_per_eflop end
local sc = { u30 = s:with { utilization = 0.3 }, u65 = s, u75 = s:with { utilization = 0.75 } }
local inputs = { C.chip_price_input("H100-SXM", 0, nil),
  { name = "MFU 0.3-0.45", field = "mfu", dist = fc.dist.pert(0.3, 0.375, 0.45) } }
for _, in_ in ipairs(C.region_inputs("us-va", nil)) do inputs[#inputs + 1] = in_ end
local J = C.joint(sc, inputs)
local ratio = C.per_draw(J, function(d) return d.u30.usd_per_eflop / d.u65.usd_per_eflop end)
local save75 = C.per_draw(J, function(d) return 1 - d.u75.usd_per_eflop / d.u65.usd_per_eflop end)
C.figure("cost per 1e18 FLOP at 30% utilization", at(0.3), C.quantiles(J.u30.usd_per_eflop))
C.figure("cost per 1e18 FLOP at 65% (typical)", at(0.65), C.quantiles(J.u65.usd_per_eflop))
C.figure("cost per 1e18 FLOP at 75% (target)", at(0.75), C.quantiles(J.u75.usd_per_eflop))
C.figure("30% / 65% cost per useful FLOP", at(0.3) / at(0.65), C.quantiles(ratio),
  function(x) return ("%.2fx"):format(x) end)
C.figure("75% saves over 65%", 1 - at(0.75) / at(0.65), C.quantiles(save75), C.pct)
local out = os.getenv("FLOPCOST_OUT")
if out then
  local series = { { name = "H100-SXM, us-va", x = xs, y = ys } }
  local popts = { title = "Cost per 1e18 FLOP vs utilization", xlabel = "utilization", xkind = "pct", ykind = "usd" }
  -- the SVG and its Vega-Lite twin (utilization.vl.json)
  fc.plot.save(out .. "/utilization.svg", fc.plot.lines(series, popts), fc.vega.lines(series, popts))
end
C.note("drivers: capex, facility and opex accrue every hour; only energy falls with idle time")
local r0 = at(0.3) / at(0.65)
local costly = r0 >= COSTLY
local robust = C.holds(J, ratio, function(v) return (v >= COSTLY) == costly end)
C.verdict(costly and "supported: low utilization is costly" or "utilization matters little",
  ("a centre at 30%% utilization pays %.1fx per useful FLOP what one at 65%% pays, and 75%% saves another %s"):format(
  r0, C.pct(1 - at(0.75) / at(0.65))), robust)
