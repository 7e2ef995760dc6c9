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
-- Accelerators bought = budget / (capex per accelerator + facility $/kW x IT kW).
-- Robustness: each programme's chip price (catalog range, with the premium a buyer
-- there pays) through the model's capex, and its region's facility cost range.
local sc, pts, budgets, kw, fac = {}, {}, {}, {}, {}
local inputs = {}
for i, p in ipairs(programs) do
  local key = "p" .. i
  sc[key] = fc.scenario { region = p[3], chip = p[4], utilization = 0.7 }
  local cp = sc[key]:core_params().members[1]
  kw[key] = cp.tdp_w * cp.server_power_multiple / 1000
  fac[key] = cp.facility_usd_per_kw
  budgets[key] = p[2]
  local price = C.buyer_price_input(p[4], p[3], key)
  if price then inputs[#inputs + 1] = price end
end
local J = C.joint(sc, inputs, { "capex_usd", "useful_flop_per_h" })
-- facility cost per kW from each region's catalog range, drawn alongside (independent streams)
local fac_d = {}
for i, p in ipairs(programs) do
  local key, rg = "p" .. i, C.range(C.cat:region(p[3]), "facility_usd_per_kw")
  fac_d[key] = rg and C.around(fac[key], rg[1], rg[2]):sample(J.n, C.SEED + 10 + i) or nil
  if rg then J.names[#J.names + 1] = p[3] .. " facility_usd_per_kw" end
end
local function count(key, capex, f) return budgets[key] / (capex + f * kw[key]) end
local lines = {}
for i, p in ipairs(programs) do
  local key = "p" .. i
  local r = sc[key]:evaluate()
  local n = count(key, r.capex_usd, fac[key])
  pts[key] = n
  local ns = {}
  for k = 1, J.n do ns[k] = count(key, J[key].capex_usd[k], fac_d[key] and fac_d[key][k] or fac[key]) end
  local mw = n * kw[key] * (sc[key]:core_params().members[1].pue or 1.25) / 1000
  local q = C.quantiles(ns)
  C.figure(("%s: %s of %s"):format(p[1], C.money(p[2]), p[4]), n, q, function(x) return ("%.2fM"):format(x / 1e6) end)
  C.note(("   %.0f MW, %.2e FLOP/y; capex per accelerator %s + facility %s"):format(mw, n * r.useful_flop_per_h * 8766,
    C.money(r.capex_usd), C.money(fac[key] * kw[key])))
  pts[key .. "#draws"] = ns
  lines[#lines + 1] = ("%s ~%.1fM %s"):format((p[1]:match("^[^(]+"):gsub("%s+$", "")), n / 1e6, p[4])
end
local function ranking(get)
  local keys = { "p1", "p2", "p3" }
  table.sort(keys, function(a, b) return get(a) > get(b) end)
  return table.concat(keys, ">")
end
local rank0 = ranking(function(k) return pts[k] end)
local idx = {}
for k = 1, J.n do idx[k] = k end
local robust = C.holds(J, idx, function(k) return ranking(function(key) return pts[key .. "#draws"][k] end) == rank0 end)
C.note("drivers: chip price with server and network, facility $/kW; all money to compute is an upper bound")
local names = { p1 = "Stargate", p2 = "US big tech", p3 = "East-Data-West-Computing" }
local ranked = {}
for key in rank0:gmatch("p%d") do ranked[#ranked + 1] = names[key] end
C.verdict("upper bounds, ranked " .. table.concat(ranked, " > "), table.concat(lines, "; ")
  .. " (if all of it buys compute)", robust)
