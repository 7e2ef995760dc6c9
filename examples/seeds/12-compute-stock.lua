-- Claim 12: "US 2025 output of ~3.67M B300-equivalents vs Huawei 40k-146k"
-- and "US compute 31x China under a full ban, < 4x with B30A exports".
-- Two readings (issue 21: production flows were once compared with a stock):
--  flow: one year's production, the articles' own figures (2025);
--  stock: installed compute, the supply model (fc.stock over models/supply.json,
--    H100-equivalents installed from 2024 on), which is what "compute" means.
local dir = (arg and arg[0] or ""):match("^(.*)[/\\]") or "."
local C = dofile(dir .. "/common.lua")
local fc = C.fc

C.header(12, "US compute 31x China under a full ban, < 4x with B30A exports",
  "flows: source articles' production figures [U]; stock: fc.stock over models/supply.json")

local CLAIM, NEAR = 31, 1.2 -- 'about 31x': within 20 %
local function near(v) return v >= CLAIM / NEAR and v <= CLAIM * NEAR end
local ratio_fmt = function(x) return ("%.1fx"):format(x) end

-- flow reading: 2025 production, the articles' figures
local US_2025, HW_LO, HW_HI = 3.67e6, 40e3, 146e3
local hw_mid = math.sqrt(HW_LO * HW_HI)
local hw = C.uniform(HW_LO, HW_HI):sample(C.SAMPLES, C.SEED)
local flows = {}
for i = 1, #hw do flows[i] = US_2025 / hw[i] end
C.figure("flow: 2025 production ratio (3.67M vs 40k-146k)", US_2025 / hw_mid, C.quantiles(flows), ratio_fmt)
-- B30A: about half a B300 (2,250 vs 4,500 dense FP8 TFLOP/s, chips.json [U]): flows for a 4x ratio
local B30A_EQ = 0.5
local flow_b30a = (US_2025 / 4 - hw_mid) / B30A_EQ
C.figure("flow: B30A a year for a 4x production ratio", flow_b30a, nil,
  function(x) return ("%.2fM"):format(x / 1e6) end)

-- stock reading: the supply model, today's rules (no B30A), and with B30A licensed from 2026
local YEARS = { 2024, 2027 }
local today = fc.stock.national { years = YEARS, samples = C.SAMPLES, seed = C.SEED, ratio = { "US", "CN" },
  keep_samples = true }
local st = today.interval.ratio[2025]
C.figure("stock: 2025 US:CN installed compute ratio", today.h100e.US[2025] / today.h100e.CN[2025], st, ratio_fmt)
C.figure("stock: 2027 US:CN installed compute ratio", today.h100e.US[2027] / today.h100e.CN[2027],
  today.interval.ratio[2027], ratio_fmt)
local function ratio_2027(cap)
  local r = fc.stock.national { years = YEARS, ratio = { "US", "CN" },
    inputs = { ["B30A-CN"] = { [2026] = { licence_cap = cap }, [2027] = { licence_cap = cap } } } }
  return r.h100e.US[2027] / r.h100e.CN[2027]
end
local lo, hi = 0, 1e8
for _ = 1, 50 do
  local mid = (lo + hi) / 2
  if ratio_2027(mid) > 4 then lo = mid else hi = mid end
end
C.figure("stock: B30A a year from 2026 for 4x in 2027", hi, nil, function(x) return ("%.2fM"):format(x / 1e6) end)
C.note("drivers: flows: Huawei's 2025 output; stock: every ranged figure of models/supply.json (wafers, "
  .. "HBM, packaging, licences) and the installed base counted from 2024 on")

-- the ranged figures of models/supply.json the draws cover (those of the modelled years)
local function ranged(x, n)
  if type(x) ~= "table" then return n end
  if type(x.value) == "number" and x.range then return n + 1 end
  for k, v in pairs(x) do
    local y = tonumber(k)
    if not y or y < 1000 or (y >= YEARS[1] and y <= YEARS[2]) then n = ranged(v, n) end
  end
  return n
end
local stock_names = {}
for i = 1, ranged(assert(fc.stock.load()).lines, 0) do stock_names[i] = "supply figure " .. i end
local stock_draws = st.samples
local flow_near = C.holds({ names = { "Huawei output 40k-146k" } }, flows, near)
local stock_ok = near(today.h100e.US[2025] / today.h100e.CN[2025])
local robust = C.holds({ names = stock_names }, stock_draws, function(v) return near(v) == stock_ok end)
C.verdict(("%s as installed compute, consistent as a flow"):format(stock_ok and "supported" or "not supported"),
  ("stock (fc.stock): %.1fx in 2025 (90%%: %.1fx-%.1fx), within 20%% of 31x in %.0f%% of draws; flow: "
  .. "3.67M vs 40k-146k is %.0fx-%.0fx (31x at about %.0fk Huawei units, within 20%% of 31x in %.0f%% of "
  .. "draws); '< 4x' needs about %.1fM B30A a year as a 2025 flow, %.1fM a year from 2026 as a 2027 stock"):format(
  today.h100e.US[2025] / today.h100e.CN[2025], st.p05, st.p95, 100 * (1 - robust.share), US_2025 / HW_HI,
  US_2025 / HW_LO, US_2025 / CLAIM / 1e3, 100 * flow_near.share, flow_b30a / 1e6, hi / 1e6), robust)
