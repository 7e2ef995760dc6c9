-- Claim 3: "Cloud compute costs about twice as much as buying chips."
-- The owned/cloud ratio at typical utilization, by provider, and the
-- utilization above which owning wins.
local dir = (arg and arg[0] or ""):match("^(.*)[/\\]") or "."
local C = dofile(dir .. "/common.lua")
local fc = C.fc

C.header(3, "Cloud compute costs about twice as much as buying chips",
  "H100-SXM in us-va, utilization 0.7; rental prices from FIGURES.md [E]")

-- Rental prices per H100-hour [E]: Lambda $2.99 (2024-25), GCP on demand
-- $11.06, GCP 3-year commitment $4.86, AWS p5 $12.29 on demand (Mar 2025).
local offers = {
  { "Lambda on demand", 2.99, false },
  { "GCP 3-year commitment", 4.86, true },
  { "GCP on demand", 11.06, false },
  { "AWS p5 on demand (Mar 2025)", 12.29, false },
}
local base = { region = "us-va", chip = "H100-SXM", utilization = 0.7 }
local ratios = {}
for _, o in ipairs(offers) do
  local s = fc.scenario(C.with(base, { rental_usd_per_hour = o[2], cloud_committed = o[3] }))
  local r = s:evaluate()
  -- the uncertain inputs of owning: utilization and chip price
  local iv = C.interval(s, { utilization = fc.dist.pert(0.5, 0.7, 0.85),
    chip_price_usd = C.uniform(31100, 36000) }, "owned_to_cloud")
  local cloud_over_owned = 1 / r.cloud.owned_to_cloud
  ratios[#ratios + 1] = cloud_over_owned
  C.figure(("cloud / owned, %s at $%.2f/h"):format(o[1], o[2]), cloud_over_owned,
    iv and { p05 = 1 / iv.p95, p95 = 1 / iv.p05 }, function(x) return ("%.2fx"):format(x) end)
  local u = fc.solve.owning_vs_renting(s)
  if u then C.note(("   owning is cheaper above %s utilization"):format(C.pct(u)))
  else C.note("   owning is cheaper at every utilization in (1%, 100%]") end
end
C.note("drivers: rental price; utilization of owned chips; chip price; 5-year life at 8% WACC")
C.verdict("depends on the provider", ("cloud costs %.1fx owning at neocloud prices but %.1f-%.1fx at "
  .. "hyperscaler on-demand prices; 'about twice' holds only between those"):format(ratios[1], ratios[3], ratios[4]))
