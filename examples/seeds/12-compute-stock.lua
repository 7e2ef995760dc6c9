-- Claim 12: "US 2025 output of ~3.67M B300-equivalents vs Huawei 40k-146k"
-- and "US compute 31x China under a full ban, < 4x with B30A exports".
-- A cohort model of the installed stock over 2025-2030.
local dir = (arg and arg[0] or ""):match("^(.*)[/\\]") or "."
local C = dofile(dir .. "/common.lua")
local fc = C.fc

C.header(12, "US compute 31x China under a full ban, < 4x with B30A exports",
  "source articles' production figures [U]; stock in B300-equivalents, 5-year life")

local YEARS = 6 -- 2025..2030
local function series(first, growth)
  local t = {}
  for i = 1, YEARS do t[i] = first * (1 + growth) ^ (i - 1) end
  return t
end
local function stock(units) return fc.fleet.stock { units = units, flops_per_unit = 1, life_years = 5 } end
local US_2025, HW_LO, HW_HI = 3.67e6, 40e3, 146e3
local growth = 0.3 -- [assumption] both sides grow 30 %/y; the ratio of stocks does not depend on a common rate
local us = stock(series(US_2025, growth))
local hw_mid = math.sqrt(HW_LO * HW_HI)
local cn = stock(series(hw_mid, growth))
C.figure("production ratio 2025 (3.67M vs geometric mid 76k)", US_2025 / hw_mid, nil, function(x) return ("%.0fx"):format(x) end)
local iv = C.combine({ hw = C.uniform(HW_LO, HW_HI) }, function(d) return US_2025 / d.hw end)
C.figure("production ratio over Huawei's 40k-146k", US_2025 / hw_mid, iv, function(x) return ("%.0fx"):format(x) end)
C.figure("stock ratio end 2030, full ban", us[YEARS] / cn[YEARS], nil, function(x) return ("%.0fx"):format(x) end)
-- B30A: about half a B300 (2,250 vs 4,500 dense FP8 TFLOP/s, chips.json [U]); exports needed for < 4x
local b30a_eq = 0.5
local function ratio_with(exports)
  local units = series(hw_mid + exports * b30a_eq, growth)
  return us[YEARS] / stock(units)[YEARS]
end
local lo, hi = 0, 1e8
for _ = 1, 80 do
  local mid = (lo + hi) / 2
  if ratio_with(mid) > 4 then lo = mid else hi = mid end
end
C.figure("B30A exports per year (2025 level) for a 4x ratio", hi, nil, function(x) return ("%.2fM"):format(x / 1e6) end)
C.note(("drivers: the production ratio; a common growth rate and life cancel out of the stock ratio; "
  .. "B30A counts as %.1f B300"):format(b30a_eq))
-- the verdict: is "31x" inside what the production figures allow, and how
-- often is a draw of Huawei's output within 20 % of giving 31x?
local CLAIM, lo_r, hi_r = 31, US_2025 / HW_HI, US_2025 / HW_LO
local inside = CLAIM >= lo_r and CLAIM <= hi_r
local draws = C.uniform(HW_LO, HW_HI):sample(C.SAMPLES, C.SEED)
local ratios = {}
for i = 1, #draws do ratios[i] = US_2025 / draws[i] end
local robust = C.holds({ names = { "Huawei output 40k-146k" } }, ratios,
  function(v) return v >= CLAIM / 1.2 and v <= CLAIM * 1.2 end)
C.verdict(inside and "consistent with the figures" or "outside the figures",
  ("3.67M vs 40k-146k is %.0fx-%.0fx (31x at about %.0fk Huawei units); '< 4x' needs about %.1fM B30A a year "
  .. "shipped to China, %s of US output; the share is of draws within 20%% of 31x"):format(
  lo_r, hi_r, US_2025 / CLAIM / 1e3, hi / 1e6, C.pct(hi / US_2025)), robust)
