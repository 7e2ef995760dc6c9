-- The $500B four-year US programme against China's "East Data, West Computing"
-- (the issue's seed articles): how much capacity each buys, when it has power,
-- and what a useful EFLOP costs once it has. Run from the repository root:
--   bin/flopcost run examples/buildout/programme-vs-east-data-west-computing.lua
--
-- Inputs (each sourced; [S] published, [D] derived here, [U] uncertain with a range):
--   $500B over four years: the Stargate joint venture (OpenAI, SoftBank, Oracle), announced at the
--     White House on 2025-01-21: "an initial investment of $100 billion, potentially expanding to
--     $500 billion over the next four years" (Legal Insurrection, 2025-01-22) [S]
--   10 GW: Stargate's stated target ("aiming for 7 GW ... with plans to hit 10 GW", NewsBytes 2025);
--     its first site, Abilene, Texas: 1.2 GW (IBM, "What is the Stargate Project", 2025-08) [S]
--   43.5 billion yuan: direct investment in "East Data, West Computing" since its 2022 launch, told by
--     Liu Liehong (National Data Bureau) at the Big Data Expo, Guiyang, 2024-08 (as reported by
--     esimstudios.com, 2024-08, "China invested $6.1 billion (43.5 billion yuan)"; Business Upturn:
--     1.95 million racks at 63% use) [S]; converted at the catalog's FX table
--   the US site: Texas (us-tx: Cushman & Wakefield construction cost, the region's grid delay and
--     its range from models/buildout.json); chips: B200 at the catalog's price
--   the Chinese hub: Ningxia (cn-ningxia, a western EDWC hub node); chips: Huawei Ascend 910B, the
--     domestic training part (no export licence needed), at the catalog's price
--   every ranged build-out figure (construction, equipment and grid months, chip price decline,
--     construction cost, cost of capital) is drawn jointly, 4,000 draws a side (fc.buildout.plan)
-- What it does not price: the compute not delivered while a site waits, export licences beyond the
-- catalog's status, and how the programmes' money is actually split between sites and chips.
local fc = require "flopcost"
local cat = fc.catalog.default()

local PROGRAMME_USD, PROGRAMME_MONTHS, TARGET_GW = 500e9, 48, 10
local EDWC_CNY = 43.5e9
local SIDES = {
  { key = "us", region = "us-tx", chip = "B200", label = "US programme, Texas, B200", seed = 11 },
  { key = "cn", region = "cn-ningxia", chip = "Ascend-910B", label = "EDWC hub, Ningxia, 910B", seed = 12 },
}
local DRAWS = 4000

-- capital per MW of IT: the facility (per kW x 1000) and the chips one MW holds, each at its
-- capex per accelerator (chip, server, network: the scenario's own) over its IT kW (TDP x server
-- power multiple), from the scenario's composed member [D]
local function capex_per_mw(side, facility_usd_per_kw)
  local s = fc.scenario { region = side.region, chip = side.chip }
  local m, r = s:core_params().members[1], s:evaluate()
  local it_kw = m.tdp_w * m.server_power_multiple / 1000
  return facility_usd_per_kw * 1000 + 1000 / it_kw * r.capex_usd
end

local out = {}
for _, side in ipairs(SIDES) do
  local reg = cat:region(side.region)
  local o = { region = side.region, chip = side.chip, it_mw = 1000, start = "2025-01" }
  local p = fc.buildout.plan(o)
  o.samples, o.seed = DRAWS, side.seed
  local mc = fc.buildout.plan(o)
  local range = reg.meta and reg.meta.facility_usd_per_kw and reg.meta.facility_usd_per_kw.range
    or { reg.facility_usd_per_kw, reg.facility_usd_per_kw }
  out[side.key] = { side = side, plan = p, mc = mc, per_mw = capex_per_mw(side, reg.facility_usd_per_kw),
    per_mw_lo = capex_per_mw(side, range[1]), per_mw_hi = capex_per_mw(side, range[2]) }
end
local us, cn = out.us, out.cn

-- share of draws in which a site decided at the programme's start has power within its 48 months
local function share_within(t, months)
  local n = 0
  for _, x in ipairs(t.mc.draws.time_to_power_months) do if x <= months then n = n + 1 end end
  return n / #t.mc.draws.time_to_power_months
end
-- share of paired draws (independent seeds) in which a is below b
local function share_below(a, b)
  local n = 0
  for i, x in ipairs(a) do if x < b[i] then n = n + 1 end end
  return n / #a
end

local usd_edwc = cat:convert(EDWC_CNY, "CNY", "USD")
local gw_us = PROGRAMME_USD / us.per_mw / 1000
local gw_us_lo, gw_us_hi = PROGRAMME_USD / us.per_mw_hi / 1000, PROGRAMME_USD / us.per_mw_lo / 1000
local gw_cn = usd_edwc / cn.per_mw / 1000

print("== $500B in four years (US) against East Data, West Computing (China), 1 GW decided 2025-01")
for _, t in ipairs { us, cn } do
  local iv = t.mc.interval
  print(("   %-27s power at month %g (%s, %s); 90%%: %.0f-%.0f months"):format(t.side.label,
    t.plan.time_to_power_months, t.plan.energized, t.plan.waiting_on, iv.time_to_power_months.p05,
    iv.time_to_power_months.p95))
  print(("   %-27s %s/EFLOP at power (90%%: %s-%s); $%.1fM capital per MW"):format("",
    fc.report.usd(t.plan.usd_per_eflop_at_energization), fc.report.usd(iv.usd_per_eflop_at_energization.p05),
    fc.report.usd(iv.usd_per_eflop_at_energization.p95), t.per_mw / 1e6))
end
print(("   $500B at $%.1fM per MW buys %.1f GW (%.1f-%.1f GW over the construction-cost range); target %g GW")
  :format(us.per_mw / 1e6, gw_us, gw_us_lo, gw_us_hi, TARGET_GW))
print(("   EDWC's 43.5B yuan ($%.1fB) at $%.1fM per MW buys %.2f GW, %.1f%% of the US programme's")
  :format(usd_edwc / 1e9, cn.per_mw / 1e6, gw_cn, 100 * gw_cn / gw_us))

local us_in, cn_in = share_within(us, PROGRAMME_MONTHS), share_within(cn, PROGRAMME_MONTHS)
local cn_sooner = share_below(cn.mc.draws.time_to_power_months, us.mc.draws.time_to_power_months)
local cn_dearer = 1 - share_below(cn.mc.draws.usd_per_eflop_at_energization, us.mc.draws.usd_per_eflop_at_energization)
print(("   a site decided at the start has power within the 48 months in %.0f%% of draws (US) and %.0f%% (China)")
  :format(100 * us_in, 100 * cn_in))
-- the verdict, wrapped to 100 columns
local verdict = ("verdict: the Chinese hub has power sooner in %.0f%% of paired draws (%g against %g months"
  .. " at the point figures); a useful EFLOP there costs %s in %.0f%% of them (%s against %s, %s against %s);"
  .. " $500B buys %.1f GW at flopcost's capital per MW, %s the %g GW target, and %.0fx what EDWC had"
  .. " invested by 2024"):format(100 * cn_sooner, cn.plan.time_to_power_months, us.plan.time_to_power_months,
  cn_dearer >= 0.5 and "more" or "less", 100 * math.max(cn_dearer, 1 - cn_dearer),
  fc.report.usd(cn.plan.usd_per_eflop_at_energization), fc.report.usd(us.plan.usd_per_eflop_at_energization),
  cn.side.chip, us.side.chip, gw_us, gw_us >= TARGET_GW and "at or above" or "short of", TARGET_GW, gw_us / gw_cn)
local line = ""
for word in verdict:gmatch("%S+") do
  if #line + #word + 1 > 100 then print(line); line = "  " .. word
  else line = line == "" and word or (line .. " " .. word) end
end
print(line)

return nil
