-- Claim 2: "Western China power at 0.2 CNY/kWh, while US data-centre power
-- prices rose 30%" -- what does each do to the cost per training FLOP?
-- Verdict: whether each move changes the cost per FLOP by less than SMALL,
-- with its robustness over the catalog ranges (H100 price, each region's
-- uncertain figures) and the claim's own ranges (0.15-0.25 CNY, +20-40 %).
local dir = (arg and arg[0] or ""):match("^(.*)[/\\]") or "."
local C = dofile(dir .. "/common.lua")
local fc = C.fc

local SMALL = 0.05 -- a move "small" if it changes cost per FLOP by less than 5 %
C.header(2, "Western China power at 0.2 CNY/kWh vs US data-centre power up 30%",
  "H100-SXM at list price; cn-ningxia with its power price replaced; us-va with its price x 1.3")

local base = { chip = "H100-SXM", utilization = 0.7, chip_price_premium = 0 }
local cny = C.cat:convert(0.2, "CNY", "USD")
local va_price = C.cat:region("us-va").electricity_price_per_kwh
local sc = {
  nx = fc.scenario(C.with(base, { region = "cn-ningxia" })),
  nx02 = fc.scenario(C.with(base, { region = "cn-ningxia", electricity_usd_per_kwh = cny })),
  va = fc.scenario(C.with(base, { region = "us-va" })),
  va13 = fc.scenario(C.with(base, { region = "us-va", electricity_usd_per_kwh = 1.3 * va_price })),
}
local r = {}
for k, s in pairs(sc) do r[k] = s:evaluate() end

local inputs = { C.chip_price_input("H100-SXM", 0, nil),
  -- the claim's own ranges [assumption]: UHV-fed western power 0.15-0.25 CNY, a US rise of 20-40 %
  { name = "western power 0.15-0.25 CNY/kWh", field = "electricity_usd_per_kwh", only = "nx02",
    dist = C.uniform(C.cat:convert(0.15, "CNY", "USD"), C.cat:convert(0.25, "CNY", "USD")) },
  { name = "US power +20-40%", field = "electricity_usd_per_kwh", only = "va13",
    dist = C.uniform(1.2 * va_price, 1.4 * va_price) } }
for _, in_ in ipairs(C.region_inputs("cn-ningxia", { "nx", "nx02" })) do
  if in_.field == "electricity_usd_per_kwh" then in_.only = "nx" end
  inputs[#inputs + 1] = in_
end
for _, in_ in ipairs(C.region_inputs("us-va", { "va", "va13" })) do inputs[#inputs + 1] = in_ end
local J = C.joint(sc, inputs)

local function change(d, a, b) return d[b].usd_per_eflop / d[a].usd_per_eflop - 1 end
local cn_s = C.per_draw(J, function(d) return change(d, "nx", "nx02") end)
local us_s = C.per_draw(J, function(d) return change(d, "va", "va13") end)
local gap_s = C.per_draw(J, function(d) return d.va13.usd_per_eflop / d.nx02.usd_per_eflop - 1 end)
local cn0 = r.nx02.usd_per_eflop / r.nx.usd_per_eflop - 1
local us0 = r.va13.usd_per_eflop / r.va.usd_per_eflop - 1

C.figure("Ningxia at its tariff, per 1e18 FLOP", r.nx.usd_per_eflop)
C.figure("Ningxia at 0.2 CNY/kWh ($" .. ("%.4f"):format(cny) .. "/kWh)", r.nx02.usd_per_eflop)
C.figure("change from 0.2 CNY power", cn0, C.quantiles(cn_s), C.pct)
C.figure("Virginia today, per 1e18 FLOP", r.va.usd_per_eflop)
C.figure("Virginia with power +30%", r.va13.usd_per_eflop)
C.figure("change from +30% US power", us0, C.quantiles(us_s), C.pct)
C.figure("US premium over western China after both", r.va13.usd_per_eflop / r.nx02.usd_per_eflop - 1,
  C.quantiles(gap_s), C.pct)
C.note(("drivers: energy is %s of Virginia's cost per FLOP and %s of Ningxia's"):format(
  C.pct(r.va.breakdown.energy / r.va.usd_per_eflop), C.pct(r.nx.breakdown.energy / r.nx.usd_per_eflop)))

local small0 = math.abs(cn0) < SMALL and math.abs(us0) < SMALL
local robust = C.holds_i(J, function(i) return (math.abs(cn_s[i]) < SMALL and math.abs(us_s[i]) < SMALL) == small0 end)
C.verdict(small0 and "small effect on cost per FLOP" or "material effect on cost per FLOP",
  ("0.2 CNY power changes Ningxia's cost per FLOP by %s and +30%% US power Virginia's by %s (%s %s each): "
  .. "with chips at the same price, power is %s of the bill"):format(C.pct(cn0), C.pct(us0),
  small0 and "under" or "not both under", C.pct(SMALL),
  small0 and "a small part" or "a large part"), robust)
