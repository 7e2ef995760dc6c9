-- Claim 13: "Stargate's $500B over four years", "US big-tech capex $258B in
-- 2024", "China's 3 trillion CNY for East-Data-West-Computing": what each buys
-- in accelerators, MW and training FLOP per year.
-- One basis for all three (issue 21: a multi-year total was ranked against
-- annual figures): per year. Stargate's period is stated (4 years); the 3T
-- CNY has none, so its period is derived from the about 400B CNY a year the
-- programme was expected to draw (3T / 0.4T = 7.5 years [D]) and drawn over
-- 5-10 years [U]. Programmes are ranked by the compute they add per year.
local dir = (arg and arg[0] or ""):match("^(.*)[/\\]") or "."
local C = dofile(dir .. "/common.lua")
local fc = C.fc

C.header(13, "Stargate $500B/4 y; US big tech $258B (2024); China 3T CNY East-Data-West-Computing",
  "all-in capex per accelerator = chip + server + network + facility at its IT kW; utilization 0.7")

-- East-Data-West-Computing's expected investment, about 400B CNY a year ("US$62.9 billion in annual
-- investment", venturousgroup.com, 2022, on the February 2022 launch) [S]; the 3T CNY total has no
-- published period: 3T / 0.4T = 7.5 years [D], drawn over 5-10 years [U]
local EDWC_TOTAL_CNY, EDWC_CNY_PER_YEAR, EDWC_YEARS = 3e12, 0.4e12, { 5, 10 }
local edwc_years = EDWC_TOTAL_CNY / EDWC_CNY_PER_YEAR
local programs = { -- name, total USD, years, region, chip
  { "Stargate ($500B over 4 years)", 500e9, 4, "us-tx", "B200" },
  { "US big-tech capex 2024", 258e9, 1, "us-va", "H100-SXM" },
  { ("East-Data-West-Computing (3T CNY over %.1f y)"):format(edwc_years),
    C.cat:convert(EDWC_TOTAL_CNY, "CNY", "USD"), edwc_years, "cn-guizhou", "Ascend-910C" },
}
-- Accelerators bought = budget / (capex per accelerator + facility $/kW x IT kW).
-- Robustness: each programme's chip price (catalog range, with the premium a buyer
-- there pays) through the model's capex, and its region's facility cost range.
local sc, budgets, kw, fac = {}, {}, {}, {}
local inputs = {}
for i, p in ipairs(programs) do
  local key = "p" .. i
  sc[key] = fc.scenario { region = p[4], chip = p[5], utilization = 0.7 }
  local cp = sc[key]:core_params().members[1]
  kw[key] = cp.tdp_w * cp.server_power_multiple / 1000
  fac[key] = cp.facility_usd_per_kw
  budgets[key] = p[2]
  local price = C.buyer_price_input(p[5], p[4], key)
  if price then inputs[#inputs + 1] = price end
end
local J = C.joint(sc, inputs, { "capex_usd", "useful_flop_per_h" })
-- facility cost per kW from each region's catalog range, and the 3T CNY's period, drawn alongside
-- (independent streams, paired with the joint draws by index)
local fac_d, years_d = {}, {}
for i, p in ipairs(programs) do
  local key, rg = "p" .. i, C.range(C.cat:region(p[4]), "facility_usd_per_kw")
  fac_d[key] = rg and C.around(fac[key], rg[1], rg[2]):sample(J.n, C.SEED + 10 + i) or nil
  if rg then J.names[#J.names + 1] = p[4] .. " facility_usd_per_kw" end
end
years_d.p3 = C.uniform(EDWC_YEARS[1], EDWC_YEARS[2]):sample(J.n, C.SEED + 20)
J.names[#J.names + 1] = "East-Data-West-Computing period 5-10 y"
C.note("also drawn, paired by index: " .. table.concat(J.names, ", ", #inputs + 1))
local HOURS_PER_YEAR = 8766
-- accelerators bought = budget / (capex per accelerator + facility $/kW x IT kW); per year: / years
local function count(key, capex, f) return budgets[key] / (capex + f * kw[key]) end
local pts, draws, lines = {}, {}, {}
for i, p in ipairs(programs) do
  local key = "p" .. i
  local r = sc[key]:evaluate()
  local n = count(key, r.capex_usd, fac[key])
  local per_year = n / p[3]
  pts[key] = per_year * r.useful_flop_per_h * HOURS_PER_YEAR -- compute added per year, FLOP/y
  local ns, fs = {}, {}
  for k = 1, J.n do
    ns[k] = count(key, J[key].capex_usd[k], fac_d[key] and fac_d[key][k] or fac[key])
      / (years_d[key] and years_d[key][k] or p[3])
    fs[k] = ns[k] * J[key].useful_flop_per_h[k] * HOURS_PER_YEAR
  end
  draws[key] = fs
  local mw = per_year * kw[key] * (sc[key]:core_params().members[1].pue or 1.25) / 1000
  C.figure(("%s: %s of %s a year"):format(p[1], C.money(p[2] / p[3]), p[5]), per_year, C.quantiles(ns),
    function(x) return ("%.2fM"):format(x / 1e6) end)
  C.note(("   %.0f MW and %.2e FLOP/y added a year (90%%: %.2e-%.2e); capex per accelerator %s + facility %s")
    :format(mw, pts[key], C.quantiles(fs).p05, C.quantiles(fs).p95, C.money(r.capex_usd),
      C.money(fac[key] * kw[key])))
  lines[#lines + 1] = ("%s ~%.2fM %s a year (%.1e FLOP/y)"):format((p[1]:match("^[^(]+"):gsub("%s+$", "")),
    per_year / 1e6, p[5], pts[key])
end
local function ranking(get)
  local keys = { "p1", "p2", "p3" }
  table.sort(keys, function(a, b) return get(a) > get(b) end)
  return table.concat(keys, ">")
end
local rank0 = ranking(function(k) return pts[k] end)
local robust = C.holds_i(J, function(k) return ranking(function(key) return draws[key][k] end) == rank0 end)
C.note("drivers: chip price with server and network, facility $/kW, the 3T CNY's period; "
  .. "all money to compute is an upper bound")
local names = { p1 = "Stargate", p2 = "US big tech", p3 = "East-Data-West-Computing" }
local ranked = {}
for key in rank0:gmatch("p%d") do ranked[#ranked + 1] = names[key] end
C.verdict("upper bounds per year, ranked by compute added " .. table.concat(ranked, " > "),
  table.concat(lines, "; ") .. (" (if all of it buys compute; the 3T CNY spread over %.1f years, 5-10 drawn)")
  :format(edwc_years), robust)
