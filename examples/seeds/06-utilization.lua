-- Claim 6: "GPU utilization under 30% in some AI centres; 60-70% typical;
-- target above 70%." Cost per useful FLOP against utilization.
local dir = (arg and arg[0] or ""):match("^(.*)[/\\]") or "."
local C = dofile(dir .. "/common.lua")
local fc = C.fc

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
local iv = C.interval(s, { mfu = fc.dist.pert(0.3, 0.375, 0.45) })
C.figure("cost per 1e18 FLOP at 30% utilization", at(0.3))
C.figure("cost per 1e18 FLOP at 65% (typical)", at(0.65), iv)
C.figure("cost per 1e18 FLOP at 75% (target)", at(0.75))
C.figure("30% costs this much more than 65%", at(0.3) / at(0.65) - 1, nil, C.pct)
local out = os.getenv("FLOPCOST_OUT")
if out then
  local svg = fc.plot.lines({ { name = "H100-SXM, us-va", x = xs, y = ys } },
    { title = "Cost per 1e18 FLOP vs utilization", xlabel = "utilization", xkind = "pct", ykind = "usd" })
  fc.plot.save(out .. "/utilization.svg", svg)
end
C.note("drivers: capex, facility and opex accrue every hour; only energy falls with idle time")
C.verdict("supported", ("a centre at 30%% utilization pays %.1fx per useful FLOP what one at 65%% pays, "
  .. "and 75%% saves another %s"):format(at(0.3) / at(0.65), C.pct(1 - at(0.75) / at(0.65))))
