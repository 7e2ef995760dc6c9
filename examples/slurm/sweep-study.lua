-- A large what-if sweep for examples/slurm/sweep.sbatch and `make slurm-test`:
-- REGIONS x MIXES cells (default 1,000 x 1,000 = 1e6). The regions are
-- synthetic US sites: Virginia's figures (models/regions.json: PUE 1.2,
-- $11,700/kW, WACC 6 %, 0.26 kg CO2/kWh) at electricity prices log-spaced from
-- $0.03 to $0.30/kWh; the mixes are H100/B200 pools from 0.1 % to 100 % B200.
-- Streamed (flopcost compare --stream), it runs in constant memory; sharded,
-- its parts concatenate to the whole run. Set FLOPCOST_SWEEP="R M" for
-- another size (e.g. "20 10" in the tests).
local size = os and os.getenv and os.getenv("FLOPCOST_SWEEP") or "1000 1000"
local n_regions, n_mixes = size:match("^(%d+) (%d+)$")
n_regions, n_mixes = tonumber(n_regions) or 1000, tonumber(n_mixes) or 1000
local regions = {}
for i = 1, n_regions do
  local price = 0.03 * 10 ^ ((i - 1) / math.max(1, n_regions - 1))
  regions[i] = { name = ("us-synthetic-%04d"):format(i), label = ("synthetic US site at $%.4f/kWh"):format(price),
    country = "US", destination = "us", currency = "USD", electricity_price_per_kwh = price, pue = 1.2,
    facility_usd_per_kw = 11700, wacc = 0.06, grid_kg_co2_per_kwh = 0.26, green_share = 0,
    carbon_usd_per_t = 0, as_of = "2025",
    source = "synthetic [D]: us-va of models/regions.json (EIA EPA 2023 [P]; C&W 2025 [S]) at a swept price" }
end
local mixes = {}
for j = 1, n_mixes do
  local b = j / n_mixes
  mixes[j] = { chips = { ["H100-SXM"] = 1 - b, ["B200"] = b }, coupling = "pooled",
               label = ("%.1f%% B200"):format(b * 100) }
end
return {
  schema = "flopcost.study/1",
  name = "sweep",
  description = ("%d synthetic regions x %d mixes of H100 and B200"):format(n_regions, n_mixes),
  base = { utilization = 0.7, mfu = 0.375, precision = "bf16", cluster_size = 10000, job = { flops = 1e25 } },
  regions = regions,
  mixes = mixes,
}
