--- Shared helpers of the claim checks in examples/seeds/: printing a claim,
-- figures with 90 % intervals, the main drivers and a one-line verdict.
-- Each seed script is runnable alone: `lua5.4 examples/seeds/01-guizhou.lua`
-- (from the repository root, with the module built) or `flopcost run FILE`.
local fc = require "flopcost"

local C = { fc = fc }

C.cat = fc.catalog.default()
C.SAMPLES = tonumber(os.getenv("FLOPCOST_SAMPLES") or "") or 20000
C.SEED = 20261123

function C.header(n, claim, source)
  print(("== Claim %s: %s"):format(n, claim))
  if source then print("   (" .. source .. ")") end
end

local function money(x)
  return fc.report.usd(x)
end
C.money = money

--- Prints a figure with its 90 % interval: "label: $2.31 (90%: $2.05-$2.71)".
function C.figure(label, value, iv, fmt)
  fmt = fmt or money
  if iv then
    -- a catalog figure at the edge of its recorded range lies outside the interval: say so
    local edge = (value < iv.p05 or value > iv.p95) and "  [point value at the edge of its recorded range]" or ""
    print(("   %-44s %s  (90%%: %s - %s)%s"):format(label .. ":", fmt(value), fmt(iv.p05), fmt(iv.p95), edge))
  else
    print(("   %-44s %s"):format(label .. ":", fmt(value)))
  end
end

function C.pct(x) return ("%.1f%%"):format(100 * x) end

function C.note(text) print("   " .. text) end

--- The one-line verdict every seed ends with (checked by spec/95-examples_spec.lua).
function C.verdict(word, why)
  print(("verdict: %s - %s"):format(word, why))
end

--- The [lo, hi] range the catalog records for an uncertain figure, or nil.
function C.range(entry, field)
  local m = entry.meta and entry.meta[field]
  return m and m.range
end

--- A region's electricity price range in USD/kWh (from its uncertain figure),
-- or +-20 % when the catalog gives none [assumption]; third value: the price.
function C.power_price_range_usd(region)
  local r = type(region) == "table" and region or C.cat:region(region)
  local lo, hi
  local rg = C.range(r, "electricity_price_per_kwh")
  if rg then lo, hi = rg[1], rg[2] else lo, hi = 0.8 * r.electricity_price_per_kwh, 1.2 * r.electricity_price_per_kwh end
  local v = r.electricity_price_per_kwh
  if r.currency ~= "USD" then
    lo, hi = C.cat:convert(lo, r.currency, "USD"), C.cat:convert(hi, r.currency, "USD")
    v = C.cat:convert(v, r.currency, "USD")
  end
  return lo, hi, v
end

--- 90 % interval of a scenario's output with `vary` = { field = fc.dist... }.
-- Monte Carlo in C; returns { p05, p50, p95, mean } or nil when nothing varies.
function C.interval(s, vary, output)
  if not vary or next(vary) == nil then return nil end
  local mc = fc.montecarlo(s, { vary = vary, samples = C.SAMPLES, seed = C.SEED, output = output })
  return { p05 = mc.p05, p50 = mc.p50, p95 = mc.p95, mean = mc.mean, mc = mc }
end

--- A distribution over a catalog range [lo, hi] that keeps the catalog's own
-- value as its mode: PERT(lo, value, hi) (Malcolm et al. 1959), uniform when
-- the value sits at an end of the range.
function C.around(value, lo, hi)
  if lo < value and value < hi then return fc.dist.pert(lo, value, hi) end
  return C.uniform(math.min(lo, value), math.max(hi, value))
end

--- A uniform distribution over a [lo, hi] range (the catalog's ranges are
-- bounds, not confidence intervals, so no shape is assumed inside them).
function C.uniform(lo, hi)
  if hi <= lo then return fc.dist.fixed(lo) end
  return fc.dist.uniform(lo, hi)
end

--- Quantiles of f(draws) where draws[i] = { name = value } come from dists
-- (Monte Carlo of a closed-form combination of model outputs, e.g. a ratio
-- of two regions' costs that are linear in their power prices).
function C.combine(dists, f, n)
  n = n or C.SAMPLES
  local names, cols = {}, {}
  for name in pairs(dists) do names[#names + 1] = name end
  table.sort(names)
  for i, name in ipairs(names) do cols[name] = dists[name]:sample(n, C.SEED + i) end
  local out = {}
  for k = 1, n do
    local draw = {}
    for _, name in ipairs(names) do draw[name] = cols[name][k] end
    out[k] = f(draw)
  end
  table.sort(out)
  local function q(p) return out[math.max(1, math.min(n, math.floor(p * n + 0.5)))] end
  return { p05 = q(0.05), p50 = q(0.5), p95 = q(0.95) }
end

--- Copy of a table with changes applied.
function C.with(t, changes)
  local o = {}
  for k, v in pairs(t) do o[k] = v end
  for k, v in pairs(changes or {}) do o[k] = v end
  return o
end

return C
