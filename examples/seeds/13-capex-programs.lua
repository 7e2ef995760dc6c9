-- Claim 13: "Stargate's $500B over four years", "US big-tech capex $258B in
-- 2024", "China's 3 trillion CNY for East-Data-West-Computing": what each buys
-- in accelerators, MW and training FLOP per year.
local dir = (arg and arg[0] or ""):match("^(.*)[/\\]") or "."
local C = dofile(dir .. "/common.lua")
local fc = C.fc

C.header(13, "Stargate $500B/4 y; US big tech $258B (2024); China 3T CNY East-Data-West-Computing",
  "all-in capex per accelerator = chip + server + network + facility at its IT kW; utilization 0.7")

local programs = {
  { "Stargate (per year of 4)", 500e9 / 4, "us-tx", "B200" },
  { "US big-tech capex 2024", 258e9, "us-va", "H100-SXM" },
  { "East-Data-West-Computing (3T CNY, total)", C.cat:convert(3e12, "CNY", "USD"), "cn-guizhou", "Ascend-910C" },
}
local lines = {}
for _, p in ipairs(programs) do
  local s = fc.scenario { region = p[3], chip = p[4], utilization = 0.7 }
  local cp = s:core_params().members[1]
  local r = s:evaluate()
  local it_kw = cp.tdp_w * (cp.server_power_multiple or 1.8) / 1000
  local per_accel = r.capex_usd + (cp.facility_usd_per_kw or 11700) * it_kw
  local n = p[2] / per_accel
  local mw = n * it_kw * (cp.pue or 1.25) / 1000
  local flop_y = n * r.useful_flop_per_h * 8766
  local iv = C.combine({ k = C.uniform(0.5, 1.0) }, function(d) return n * d.k end)
  print(("   %s: %s -> up to %s accelerators of %s (90%%: %s-%s if 50-100%% goes to compute), %.0f MW, %.2e FLOP/y"):format(
    p[1], C.money(p[2]), ("%.2fM"):format(n / 1e6), p[4], ("%.2fM"):format(iv.p05 / 1e6),
    ("%.2fM"):format(iv.p95 / 1e6), mw, flop_y))
  lines[#lines + 1] = ("%s ~%.1fM %s"):format((p[1]:match("^[^(]+"):gsub("%s+$", "")), n / 1e6, p[4])
end
C.note("drivers: chip price with server and network (x 1.64 / 0.81), facility $/kW; all money to compute is an upper bound")
C.verdict("depends on the share spent on compute", table.concat(lines, "; "))
