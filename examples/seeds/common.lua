--- Shared helpers of the claim checks in examples/seeds/: printing a claim,
-- figures with 90 % intervals, the main drivers and a one-line verdict.
-- Each seed script is runnable alone: `lua5.4 examples/seeds/01-guizhou.lua`
-- (from the repository root, with the module built) or `flopcost run FILE`.
dofile((debug.getinfo(1, "S").source:match("^@(.*)[/\\]") or ".") .. "/../checkout.lua")
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

--- The one-line verdict every seed ends with (checked by spec/95-examples_spec.lua):
-- the word and the reason are computed by the seed; `robust` (from C.holds)
-- says in what share of joint draws over the uncertain inputs it holds.
C.SURE = 0.8 -- a verdict that holds in fewer joint draws than this is called uncertain

function C.verdict(word, why, robust)
  local tail = ""
  if robust then
    tail = ("; holds in %.0f%% of %d joint draws of %s"):format(100 * robust.share, robust.n, robust.over)
    -- issue 21: a verdict that holds in under 80% of the draws says so first
    if robust.share < C.SURE then word = ("uncertain (%.0f%% of draws): %s"):format(100 * robust.share, word) end
  end
  print(("verdict: %s - %s%s"):format(word, why, tail))
end

--- Joint Monte Carlo of several scenarios over shared and scenario-specific
-- uncertain inputs, in C (fc.montecarlo). The scenarios' members form one mix;
-- run i gives every member outside scenario i a count of 0, so each run draws
-- the same inputs from the same seed and draw k of every scenario belongs to
-- the same joint sample (common random numbers).
--   scenarios: { key = scenario, ... }
--   inputs: list of { name =, dist =, field =, only = key } (no `only`: every scenario)
--   outputs: result names (default { "usd_per_eflop" })
-- Returns J: J[key][output] = list of n values, J.n, J.names (the inputs).
function C.joint(scenarios, inputs, outputs)
  outputs = outputs or { "usd_per_eflop" }
  local keys = {}
  for k in pairs(scenarios) do keys[#keys + 1] = k end
  table.sort(keys)
  local members, counts, first, coupling = {}, {}, {}, nil
  for _, k in ipairs(keys) do
    local cp = scenarios[k]:core_params()
    first[k] = #members + 1
    coupling = coupling or cp.coupling
    for i, m in ipairs(cp.members) do
      members[#members + 1] = m
      counts[#counts + 1] = cp.counts[i]
    end
    first[k .. "#n"] = #cp.members
  end
  -- The engine applies inputs in list order, so an input shared by several
  -- (only = {k1, k2}) is drawn once for every member and then overridden, in
  -- the scenarios outside its list, by their own input for that field (their
  -- own value, fixed, when they have none). Shared inputs therefore come first.
  local vary, names, own, pins = {}, {}, {}, {}
  for _, in_ in ipairs(inputs) do
    if type(in_.only) == "string" then
      assert(first[in_.only], "C.joint: input '" .. in_.name .. "': unknown scenario " .. tostring(in_.only))
      assert(first[in_.only .. "#n"] == 1, "C.joint: 'only' needs a single-chip scenario")
      own[in_.only .. "." .. in_.field] = true
    end
  end
  for pass = 1, 2 do
    for _, in_ in ipairs(inputs) do
      local single = type(in_.only) == "string"
      if (pass == 1) ~= single then
        if type(in_.only) == "table" then
          local listed = {}
          for _, k in ipairs(in_.only) do listed[k] = true end
          for _, k in ipairs(keys) do
            if not (listed[k] or own[k .. "." .. in_.field]) then
              own[k .. "." .. in_.field] = true
              local v = members[first[k]][in_.field]
              assert(first[k .. "#n"] == 1 and type(v) == "number",
                ("C.joint: scenario '%s' needs its own input for %s"):format(k, in_.field))
              pins[#pins + 1] = { field = in_.field, member = first[k], dist = fc.dist.fixed(v), name = k .. " pin" }
            end
          end
        end
        vary[#vary + 1] = { field = in_.field, member = single and first[in_.only] or nil, dist = in_.dist,
                            name = in_.name }
        names[#names + 1] = in_.name
      end
    end
  end
  for _, pin in ipairs(pins) do vary[#vary + 1] = pin end
  C.note("uncertain inputs, drawn jointly: " .. table.concat(names, ", "))
  local J = { n = C.SAMPLES, names = names }
  for _, k in ipairs(keys) do
    local c = {}
    for i = 1, #members do
      local mine = i >= first[k] and i < first[k] + first[k .. "#n"]
      c[i] = mine and counts[i] or 0
    end
    local r = fc.montecarlo({ members = members, counts = c, coupling = coupling },
      { vary = vary, samples = C.SAMPLES, seed = C.SEED, keep_samples = true, outputs = outputs })
    J[k] = {}
    for _, o in ipairs(outputs) do J[k][o] = r.outputs[o].samples end
  end
  return J
end

--- Applies f(row) to every joint draw (row[key][output] = value); returns the
-- list of values.
function C.per_draw(J, f)
  local out, row = {}, {}
  local keys = {}
  for k, v in pairs(J) do if type(v) == "table" and k ~= "names" then keys[#keys + 1] = k end end
  for i = 1, J.n do
    for _, k in ipairs(keys) do
      row[k] = row[k] or {}
      for o, xs in pairs(J[k]) do row[k][o] = xs[i] end
    end
    out[i] = f(row)
  end
  return out
end

--- Share of the values for which pred holds: { share =, n =, over = text }.
function C.holds(J, values, pred)
  local yes = 0
  for i = 1, #values do if pred(values[i]) then yes = yes + 1 end end
  return { share = yes / #values, n = #values,
           over = #J.names == 1 and "1 uncertain input" or (#J.names .. " uncertain inputs") }
end

--- Share of joint draws i for which pred(i) holds.
function C.holds_i(J, pred)
  local idx = {}
  for i = 1, J.n do idx[i] = i end
  return C.holds(J, idx, pred)
end

--- 5/50/95 % quantiles of a list of values.
function C.quantiles(values)
  local v = {}
  for i = 1, #values do v[i] = values[i] end
  table.sort(v)
  local n = #v
  local function q(p) return v[math.max(1, math.min(n, math.floor(p * n + 0.5)))] end
  return { p05 = q(0.05), p50 = q(0.5), p95 = q(0.95) }
end

--- Catalog-range inputs: a chip's price (x (1 + premium)), and a region's uncertain
-- figures, each as { name =, field =, dist =, only = } for C.joint.
function C.chip_price_input(chip_name, premium, only)
  local chip = C.cat:chip(chip_name)
  local r = C.range(chip, "price_usd")
  if not r then return nil end
  local k = 1 + (premium or 0)
  return { name = chip.name .. " price", field = "chip_price_usd", only = only,
           dist = C.around(chip.price_usd * k, r[1] * k, r[2] * k) }
end

local REGION_FIELDS = { -- catalog field -> core field (prices converted to USD)
  { "electricity_price_per_kwh", "electricity_usd_per_kwh", true },
  { "pue", "pue" }, { "facility_usd_per_kw", "facility_usd_per_kw" }, { "wacc", "wacc" },
}
function C.region_inputs(region_name, only, fields)
  local r = C.cat:region(region_name)
  local list = {}
  for _, f in ipairs(REGION_FIELDS) do
    local rg = C.range(r, f[1])
    local want = not fields or fields[f[2]]
    if rg and want then
      local lo, hi, v = rg[1], rg[2], r[f[1]]
      if f[3] and r.currency ~= "USD" then
        lo, hi, v = C.cat:convert(lo, r.currency, "USD"), C.cat:convert(hi, r.currency, "USD"),
          C.cat:convert(v, r.currency, "USD")
      end
      list[#list + 1] = { name = region_name .. " " .. f[2], field = f[2], only = only, dist = C.around(v, lo, hi) }
    end
  end
  return list
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
-- value as its mode: PERT(lo, value, hi), uniform when the value sits at an end
-- of the range -- the rule `--ranges catalog` uses (flopcost.ranges.around).
C.around = fc.ranges.around

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

--- The grey-market premium a buyer in `region` pays for `chip` (0 where the
-- chip is sold freely) and its catalog range.
function C.premium(chip_name, region_name)
  local a = fc.export.availability(chip_name, region_name)
  local reg = C.cat:region(region_name)
  local rg = (a.premium or 0) > 0 and (C.range(reg, "chip_price_premium." .. chip_name)
    or C.range(reg, "chip_price_premium.default")) or nil
  return a.premium or 0, rg or { a.premium or 0, a.premium or 0 }
end

--- The chip price a buyer in `region` pays, as an input over the catalog's
-- price range times its premium range (PERT over the product's bounds, mode
-- at the product of the catalog values).
function C.buyer_price_input(chip_name, region_name, only)
  local chip = C.cat:chip(chip_name)
  local r = C.range(chip, "price_usd") or { chip.price_usd, chip.price_usd }
  local p, pr = C.premium(chip_name, region_name)
  return { name = ("%s price in %s"):format(chip.name, region_name), field = "chip_price_usd", only = only,
           dist = C.around(chip.price_usd * (1 + p), r[1] * (1 + pr[1]), r[2] * (1 + pr[2])) }
end

return C
