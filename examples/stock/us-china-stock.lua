-- The compute race by supply: what limits China's domestic accelerators each
-- year, whether Huawei's 2025 output fits the published estimates, and the
-- US:China stock ratio over 2024-2027 under today's rules and under an export
-- opening. Every figure comes from models/supply.json through fc.stock
-- (csrc/core/fc_stock.h); every verdict is computed from the joint draws over
-- every ranged supply figure. Run from the repository root:
--   bin/flopcost run examples/stock/us-china-stock.lua
local dir = (arg and arg[0] or ""):match("^(.*)[/\\]") or "examples/stock"
local C = dofile(dir .. "/../seeds/common.lua")
local fc = C.fc

local YEARS = { 2024, 2027 }
local N = C.SAMPLES

-- share of the draws v[k] for which pred(v[k], k) holds, as C.verdict reads it
local function share(values, pred, over)
  local yes = 0
  for k = 1, #values do if pred(values[k], k) then yes = yes + 1 end end
  return { share = yes / #values, n = #values, over = over }
end

-- the verdict word for a claim that holds in a share of the draws
local function word(s)
  if s.share >= 0.8 then return "supported" end
  if s.share <= 0.2 then return "not supported" end
  return ("uncertain (%.0f%% of draws)"):format(100 * s.share)
end

local function count(x) return require("flopcost.plot.stock").count_label(x) end

local today = fc.stock.national { years = YEARS, samples = N, seed = C.SEED, ratio = { "US", "CN" },
  keep_samples = true }
local over = "every ranged figure of models/supply.json"

-- 1. What limits China's domestic accelerators each year
C.header("S1", "What limits China's domestic AI accelerators each year?",
  "Ascend line of models/supply.json: SMIC wafers x yield, TSMC die bank, HBM stacks")
local asc = "Ascend-910C-CN"
local limits = {}
for y = YEARS[1], YEARS[2] do
  local iv = today.interval.chips[asc][y]
  local best, best_share = nil, -1
  for link, s in pairs(iv.binding_share) do if s > best_share then best, best_share = link, s end end
  limits[#limits + 1] = ("%d %s (%.0f%%)"):format(y, best, 100 * best_share)
  C.figure(("%d Ascend output, binding: %s"):format(y, today.binding[asc][y]), today.chips[asc][y], iv, count)
end
C.verdict("computed per year", ("the link binding most of %d joint draws: "):format(N) .. table.concat(limits, ", "))

-- 2. Huawei's 2025 output against the published estimates
C.header("S2", "Huawei makes at most 200,000 Ascend chips in 2025 (BIS, 2025-06); 805,000 (SemiAnalysis, 2025-09)",
  "models/supply.json 'published'")
local draws = today.interval.chips[asc][2025].samples
for _, p in ipairs(today.sources or {}) do
  if p.line == asc and p.year == 2025 then
    local s = share(draws, function(v)
      if p.bound == "at most" then return v <= p.value end
      return math.abs(v / p.value - 1) <= 0.25
    end, over)
    C.note(("%-52s %8s: %s in %.0f%% of draws"):format(p.what .. " (" .. p.source:match("^([^,(]-)%s*[,(]") .. ")",
      count(p.value), p.bound == "at most" and "output at or below it" or "within 25%", 100 * s.share))
  end
end
local bis = share(draws, function(v) return v <= 2e5 end, over)
C.verdict("BIS's 'at or below 200,000': " .. word(bis),
  ("the model's 2025 Ascend output is %s (90%%: %s-%s), set by HBM stacks and the TSMC die bank")
    :format(count(today.chips[asc][2025]), count(today.interval.chips[asc][2025].p05),
      count(today.interval.chips[asc][2025].p95)), bis)

-- 3. The US:China stock ratio under today's rules
C.header("S3", "US compute is 31x China's (source article)", "stock installed from 2024 on, H100-equivalents")
for y = YEARS[1], YEARS[2] do
  local q = today.interval.ratio[y]
  C.figure(("%d US:CN stock ratio"):format(y), today.h100e.US[y] / today.h100e.CN[y], q,
    function(x) return ("%.1fx"):format(x) end)
end
local near31 = share(today.interval.ratio[2025].samples, function(v) return v >= 31 / 1.2 and v <= 31 * 1.2 end, over)
C.verdict("31x in 2025: " .. word(near31),
  ("the 2025 ratio of installed stock is %.1fx (90%%: %.1fx-%.1fx); the share is of draws within 20%% of 31x")
    :format(today.h100e.US[2025] / today.h100e.CN[2025], today.interval.ratio[2025].p05,
      today.interval.ratio[2025].p95), near31)

-- 4. An export opening: B30A licensed from 2026; how many a year bring 2027 under 4x?
C.header("S4", "B30A exports would bring the ratio under 4x (source article)",
  "B30A-CN opened from 2026 at a licence cap of X a year, other lines as today")
local function ratio_2027(cap, samples)
  local r = fc.stock.national { years = YEARS, samples = samples, seed = C.SEED, ratio = { "US", "CN" },
    keep_samples = samples ~= nil,
    inputs = { ["B30A-CN"] = { [2026] = { licence_cap = cap }, [2027] = { licence_cap = cap } } } }
  return r.h100e.US[2027] / r.h100e.CN[2027], r
end
local lo, hi = 0, 1e8
for _ = 1, 60 do
  local mid = (lo + hi) / 2
  if ratio_2027(mid) > 4 then lo = mid else hi = mid end
end
local _, opened = ratio_2027(hi, N)
local under4 = share(opened.interval.ratio[2027].samples, function(v) return v < 4 end, over)
C.figure("B30A a year from 2026 for a 4x point ratio in 2027", hi, nil, count)
C.figure("2027 ratio with them", 4, opened.interval.ratio[2027], function(x) return ("%.1fx"):format(x) end)
C.verdict(("under 4x needs about %s B30A a year"):format(count(hi)),
  ("%s a year is %.0f%% of the US Blackwell line's 2027 output; the share is of draws under 4x at that level")
    :format(count(hi), 100 * hi / today.chips["NVIDIA-Blackwell-US"][2027]), under4)
