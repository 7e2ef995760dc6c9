-- Claim 2: "Western China power at 0.2 CNY/kWh, while US data-centre power
-- prices rose 30%" -- what does each do to the cost per training FLOP?
local dir = (arg and arg[0] or ""):match("^(.*)[/\\]") or "."
local C = dofile(dir .. "/common.lua")
local fc = C.fc

C.header(2, "Western China power at 0.2 CNY/kWh vs US data-centre power up 30%",
  "H100-SXM at list price; cn-ningxia with its power price replaced; us-va with its price x 1.3")

local base = { chip = "H100-SXM", utilization = 0.7, chip_price_premium = 0 }
local cny = C.cat:convert(0.2, "CNY", "USD")
local nx = fc.scenario(C.with(base, { region = "cn-ningxia" })):evaluate()
local nx02 = fc.scenario(C.with(base, { region = "cn-ningxia", electricity_usd_per_kwh = cny })):evaluate()
local va = fc.scenario(C.with(base, { region = "us-va" })):evaluate()
local va_price = C.cat:region("us-va").electricity_price_per_kwh
local va13 = fc.scenario(C.with(base, { region = "us-va", electricity_usd_per_kwh = 1.3 * va_price })):evaluate()

C.figure("Ningxia at its tariff, per 1e18 FLOP", nx.usd_per_eflop)
C.figure("Ningxia at 0.2 CNY/kWh ($" .. ("%.4f"):format(cny) .. "/kWh)", nx02.usd_per_eflop)
C.figure("change from 0.2 CNY power", nx02.usd_per_eflop / nx.usd_per_eflop - 1, nil, C.pct)
C.figure("Virginia today, per 1e18 FLOP", va.usd_per_eflop)
C.figure("Virginia with power +30%", va13.usd_per_eflop)
C.figure("change from +30% US power", va13.usd_per_eflop / va.usd_per_eflop - 1, nil, C.pct)
-- The US price rise in a range of 20-40 % and the UHV price 0.15-0.25 CNY [assumption]
local iv = C.combine({ rise = C.uniform(1.2, 1.4), p = C.uniform(C.cat:convert(0.15, "CNY", "USD"),
  C.cat:convert(0.25, "CNY", "USD")) }, function(d)
  local us = va.usd_per_eflop + va.kwh_per_eflop * va_price * (d.rise - 1)
  local cn = nx.usd_per_eflop - nx.breakdown.energy + nx.kwh_per_eflop * d.p
  return us / cn - 1
end)
C.figure("US premium over western China after both", va13.usd_per_eflop / nx02.usd_per_eflop - 1, iv, C.pct)
C.note(("drivers: energy is %s of Virginia's cost per FLOP and %s of Ningxia's"):format(
  C.pct(va.breakdown.energy / va.usd_per_eflop), C.pct(nx.breakdown.energy / nx.usd_per_eflop)))
C.verdict("depends on the energy share", ("both moves change cost per FLOP by under %s (%s and %s): "
  .. "with chips at the same price, power is a small part of the bill"):format(
  C.pct(math.max(math.abs(nx02.usd_per_eflop / nx.usd_per_eflop - 1), va13.usd_per_eflop / va.usd_per_eflop - 1) + 0.005),
  C.pct(nx02.usd_per_eflop / nx.usd_per_eflop - 1), C.pct(va13.usd_per_eflop / va.usd_per_eflop - 1)))
