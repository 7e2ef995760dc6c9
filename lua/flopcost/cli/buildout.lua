--- flopcost buildout: from the decision to build to the first power: time to
-- power, interest during construction, bridge power, idle chips, water, and
-- the cost per EFLOP power arrives with (fc.buildout.plan).
local M = {}

M.summary = "Build-out: time to power, construction interest, bridge power, idle chips, water."

local BRIDGES = { "none", "gas-turbine", "fuel-cell" }
local BOUGHT = { "at-start", "at-energization" }
local SOBOL_OUTPUTS = { "usd_per_eflop_at_energization", "time_to_power_months", "interest_during_construction_usd",
  "facility_usd_per_kw_at_energization", "chip_price_at_energization_usd", "bridge_fuel_usd", "water_l_per_eflop" }

function M.configure(p, common)
  p:option("--region", "Region (see 'flopcost catalog regions')."):argname("NAME"):default("us-va")
  p:option("--mw", "Critical IT load, MW."):argname("MW"):default("100")
    :convert(common.number { name = "--mw", min = 0.001, max = 1e5 })
  p:option("--chip", "Accelerator."):argname("CHIP"):default("H100-SXM")
  p:option("--start", "Month of the decision, YYYY-MM."):argname("YYYY-MM"):default("2026-01")
  p:option("--bridge", "On-site power until the grid arrives."):argname(common.choices_argname(BRIDGES))
    :default("none"):convert(common.choice(BRIDGES, "--bridge"))
  p:option("--chips-bought", "When the chips are bought."):argname(common.choices_argname(BOUGHT))
    :default("at-energization"):convert(common.choice(BOUGHT, "--chips-bought")):target("chips_bought")
  p:option("--grid-months", "Override the region's grid-connection delay."):argname("N")
    :convert(common.number { name = "--grid-months", min = 0, max = 600 }):target("grid_months")
  p:option("--samples", "Monte Carlo draws over the ranged build-out figures (0: point figures only)."):argname("N")
    :default("0"):convert(common.number { name = "--samples", integer = true, min = 0, max = 1e6 })
  p:option("--seed", "Seed of the draws."):argname("N"):default("42")
    :convert(common.number { name = "--seed", integer = true, min = 0, max = 2 ^ 53 - 1 })
  p:option("--sobol", "Sobol indices over the ranged build-out figures, N base rows (N x (k + 2) plans)."):argname("N")
    :default("0"):convert(common.number { name = "--sobol", integer = true, min = 0, max = 1e6 })
  -- the choices in the description, a few a line: as an argname they made one line of 210 columns
  local lines, line = {}, "What the Sobol indices apportion, one of:"
  for i, name in ipairs(SOBOL_OUTPUTS) do
    local item = name .. (i < #SOBOL_OUTPUTS and "," or ".")
    if #line + 1 + #item > 74 then lines[#lines + 1], line = line, item else line = line .. " " .. item end
  end
  lines[#lines + 1] = line
  p:option("--sobol-output", table.concat(lines, "\n")):argname("OUTPUT")
    :default("usd_per_eflop_at_energization"):convert(common.choice(SOBOL_OUTPUTS, "--sobol-output"))
    :target("sobol_output")
  p:option("--out", "Write PREFIX.svg (timeline) and PREFIX-delay.svg (cost per EFLOP by grid delay)."):argname("PREFIX")
    :convert(common.out_prefix)
end

local function money(x)
  if math.abs(x) >= 1e9 then return ("$%.2fB"):format(x / 1e9) end
  return ("$%.1fM"):format(x / 1e6)
end

local function report(p)
  local lines = {
    ("Build-out: %s, %g MW of IT, %s, decided %s, chips bought %s, bridge %s"):format(p.region, p.it_mw, p.chip,
      p.start, p.chips_bought, p.bridge),
    ("  power at month %g (%s), waiting on %s; grid at month %g (%s)"):format(p.time_to_power_months, p.energized,
      p.waiting_on, p.grid_months, p.grid),
    ("  construction %s ($%.1fM per MW), interest during construction and waiting %s"):format(
      money(p.construction_capex_usd), p.construction_capex_usd_per_mw / 1e6, money(p.interest_during_construction_usd)),
  }
  if p.bridge_run_months > 0 then
    lines[#lines + 1] = ("  bridge power %g months: capex %s, fuel %s, %.0f kt CO2"):format(p.bridge_run_months,
      money(p.bridge_capex_usd), money(p.bridge_fuel_usd), p.bridge_t_co2 / 1e3)
  end
  lines[#lines + 1] = ("  chip price at power $%.0f (the other option: $%.0f); idle %g months"):format(
    p.chip_price_at_energization_usd, p.chip_price_other_option_usd, p.idle_chip_months)
  lines[#lines + 1] = ("  cost per 1e18 useful FLOP: $%.3f at power, $%.3f had power come at once"):format(
    p.usd_per_eflop_at_energization, p.usd_per_eflop_power_at_once)
  lines[#lines + 1] = p.water_l_per_eflop and ("  water: %.2f L per EFLOP (%.2f on site, %.2f off site)"):format(
    p.water_l_per_eflop, p.water_onsite_l_per_eflop, p.water_offsite_l_per_eflop)
    or "  water: no water figures for this region (give wue_l_per_kwh and electricity_water_l_per_kwh)"
  local iv = p.interval
  if iv then
    lines[#lines + 1] = ("  90%% interval, %d joint draws (seed %d) of %d ranged figures:"):format(iv.samples, iv.seed,
      #iv.varied)
    lines[#lines + 1] = ("    power at month %.0f-%.0f; interest %s-%s; $%.3f-$%.3f per 1e18 FLOP at power"):format(
      iv.time_to_power_months.p05, iv.time_to_power_months.p95, money(iv.interest_during_construction_usd.p05),
      money(iv.interest_during_construction_usd.p95), iv.usd_per_eflop_at_energization.p05,
      iv.usd_per_eflop_at_energization.p95)
    local w = iv.water_l_per_eflop
    if w then lines[#lines + 1] = ("    water %.2f-%.2f L per EFLOP"):format(w.p05, w.p95) end
  end
  return table.concat(lines, "\n")
end

function M.run(a, common)
  local fc = require "flopcost"
  local opts = { region = a.region, it_mw = a.mw, chip = a.chip, start = a.start, bridge = a.bridge,
    chips_bought = a.chips_bought, grid_months = a.grid_months }
  -- the plan, with intervals when asked (the delay curve below stays on the point figures)
  local popts = {}
  for k, v in pairs(opts) do popts[k] = v end
  if a.samples > 0 then popts.samples, popts.seed = a.samples, a.seed end
  local p = fc.buildout.plan(popts)
  common.out(report(p))
  if a.sobol > 0 then
    if a.sobol < 2 then common.usage("--sobol: at least 2 base rows expected") end
    local sopts = {}
    for k, v in pairs(opts) do sopts[k] = v end
    sopts.samples, sopts.seed, sopts.output = a.sobol, a.seed, a.sobol_output
    common.out(tostring(fc.buildout.sobol(sopts)))
  end
  if a.out then
    local prov = { scenario = ("fc.buildout.plan: %s, %g MW, %s, decided %s, bridge %s, chips bought %s"):format(
        p.region, p.it_mw, p.chip, p.start, p.bridge, p.chips_bought),
      source = "models/buildout.json (Cushman & Wakefield 2025, LBNL 2024, EPA 2024; [U] figures marked there) "
        .. "and models/regions.json", catalog_as_of = fc.buildout.load().as_of, what_ifs = {} }
    -- the curve without bridge power: with it, the grid's delay changes nothing here
    local copts = {}
    for k, v in pairs(opts) do copts[k] = v end
    copts.bridge = "none"
    local curve = fc.buildout.delay_curve(copts)
    local x, early, late = {}, {}, {}
    for i, c in ipairs(curve) do x[i], early[i], late[i] = c.grid_months, c.at_start, c.at_energization end
    local delay = fc.plot.lines({ { name = "chips bought at the decision", x = x, y = early },
      { name = "chips bought at power", x = x, y = late } },
      { title = ("Cost per 1e18 FLOP by grid delay (no bridge power): %s, %s"):format(p.region, p.chip),
        xlabel = "grid-connection delay, months", ylabel = "$ per 1e18 useful FLOP at power", ykind = "usd",
        provenance = { scenario = ("fc.buildout.delay_curve: %s, %g MW, %s, decided %s"):format(p.region, p.it_mw,
          p.chip, p.start), what_ifs = {}, catalog_as_of = fc.buildout.load().as_of,
          source = "models/buildout.json and models/regions.json" } })
    local files = { { a.out .. ".svg", fc.plot.buildout(p, { title = "From the decision to power", provenance = prov }) },
      { a.out .. "-delay.svg", delay } }
    local ok, err = require("flopcost.report").write_all(files, a.out)
    if not ok then common.fail(err) end
    common.note(("wrote %s.svg, %s-delay.svg"):format(a.out, a.out))
  end
  return 0
end

return M
