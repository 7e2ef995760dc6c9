--- Shared helpers of examples/runs/: each script puts a published training
-- run's figures beside flopcost's, under the publisher's convention and under
-- "all-in", with the relative error, and says where the difference comes from.
-- Rows are printed as
--   [key] quantity  published  flopcost  error  how
-- and checked by spec/95-examples_spec.lua (the key names the comparison).
dofile((debug.getinfo(1, "S").source:match("^@(.*)[/\\]") or ".") .. "/../checkout.lua")
local fc = require "flopcost"

local R = { fc = fc }
R.cat = fc.catalog.default()

local function g(x)
  if x == nil then return "-" end
  local a = math.abs(x)
  if a >= 1e13 then return ("%.4g"):format(x) end
  if a >= 1e9 then return ("%.3gG"):format(x / 1e9) end
  if a >= 1e6 then return ("%.4gM"):format(x / 1e6) end
  if a >= 1e4 then return ("%.4gk"):format(x / 1e3) end
  return ("%.4g"):format(x)
end
R.g = g

function R.run(name) return R.cat:run(name) end

function R.header(run)
  local chip = run.chip or "?"
  print(("== %s (%s, %s): %s%s%s on %s %s"):format(run.name, run.organization or "?", tostring(run.year or "?"),
    run.params and ("%.4gB params"):format(run.params / 1e9) or "params not published",
    run.active_params and (" (%.4gB active)"):format(run.active_params / 1e9) or "",
    run.tokens and (", %.4gT tokens"):format(run.tokens / 1e12) or "", run.chips and g(run.chips) or "?", chip))
  R.note(run.source)
  print(("   %-12s %-28s %11s %11s %9s"):format("key", "quantity", "published", "flopcost", "error"))
end

--- One comparison row; returns the relative error (flopcost / published - 1).
function R.row(key, what, published, ours, how)
  local err = published and ours and (ours / published - 1) or nil
  print(("   %-12s %-28s %11s %11s %9s"):format("[" .. key .. "]", what, g(published), g(ours),
    err and ("%+.1f%%"):format(100 * err) or "-"))
  if how then R.note("             " .. how) end
  return err
end

--- Prints text wrapped at 100 columns; continuation lines indented 4 more.
function R.note(text)
  local lead = "   " .. text:match("^(%s*)")
  local cont = lead .. "    "
  local line, prefix = "", lead
  for word in text:gmatch("%S+") do
    if line ~= "" and #prefix + #line + 1 + #word > 100 then
      print(prefix .. line)
      line, prefix = word, cont
    else
      line = line == "" and word or (line .. " " .. word)
    end
  end
  if line ~= "" then print(prefix .. line) end
end

--- Training FLOP: 6 N D with the active parameters (fc.training.flops), or
-- the reported figure when the run's parameters or tokens are unpublished.
function R.flops(run)
  if run.params and run.tokens then
    return fc.training.flops { params = run.params, active_params = run.active_params, tokens = run.tokens }, "6ND"
  end
  return run.flops_reported, "reported estimate"
end

--- Peak FLOP/s of the run's chip at its precision (the catalog's dense figure).
function R.peak(run)
  local chip = R.cat:chip(run.chip)
  local prec = (run.precision or fc.scenario.NAMED.precision):match("^(%w+)")
  local t = fc.scenario.peak_tflops(chip, prec) or fc.scenario.peak_tflops(chip)
  return t * 1e12
end

--- The utilization a run's independently published throughput implies, and how:
-- MFU as published; achieved TFLOP/s over the peak; tokens/s x 6 N over the peak.
function R.published_mfu(run)
  local peak = R.peak(run)
  if run.mfu_reported then return run.mfu_reported, ("published MFU %.3g"):format(run.mfu_reported) end
  if run.achieved_tflops_per_chip then
    return run.achieved_tflops_per_chip * 1e12 / peak,
      ("%.4g TFLOP/s per chip published"):format(run.achieved_tflops_per_chip)
  end
  if run.tokens_per_s_per_chip and run.params then
    -- FLOP per second per chip = training FLOP (6 N D, N active) of one second's tokens
    return fc.training.flops { params = run.params, active_params = run.active_params,
      tokens = run.tokens_per_s_per_chip } / peak,
      ("%.4g tokens/s per chip published"):format(run.tokens_per_s_per_chip)
  end
  return nil
end

--- [hours]: chip-hours from FLOP and the independently published utilization
-- (fc.training.chip_hours), against the reported hours. Returns derived hours.
function R.hours(run, flops, how_flops)
  local mfu, how = R.published_mfu(run)
  if not (mfu and flops and run.gpu_hours) then
    R.note("[hours] no utilization or throughput published apart from the hours: not derivable")
    return nil
  end
  local h = fc.training.chip_hours { flops = flops, peak_flops_per_s = R.peak(run), mfu = mfu }
  R.row("hours", "chip-hours", run.gpu_hours, h, ("%s FLOP at %s"):format(how_flops, how))
  return h
end

--- The scenario of a run under a published convention (convention =, job =
-- { chip_hours = }, as_of =), or nil and the reason when this version cannot.
function R.convention(opts)
  local ok, r = pcall(function() return fc.scenario(opts):evaluate() end)
  if ok then return r end
  return nil, tostring(r):gsub("^[^:]*:%d+: ", "")
end

--- [mc-mwh] and [mc-t]: the model-card identity, reported hours x board power x
-- PUE x grid factor: the scenario under convention "model-card" (or, where
-- this version lacks it, fc.energy.cost, the same identity). Returns
-- { mwh, t_co2, kwh_per_h } or nil.
function R.model_card(run)
  if not (run.gpu_hours and run.power_w) then
    R.note("[model-card] the publisher gives no power figure: no identity to reproduce")
    return nil
  end
  local how = ("h x %g W x PUE %g"):format(run.power_w, run.pue or 1)
  local mwh, t
  local r = R.convention { chip = run.chip, convention = "model-card", tdp_w = run.power_w, pue = run.pue or 1,
    grid_kg_co2_per_kwh = run.grid_kg_co2_per_kwh or 0, job = { chip_hours = run.gpu_hours } }
  if r and r.convention == "model-card" then
    mwh, t = r.job.mwh, r.job.t_co2
  else
    local e = fc.energy.cost { chip_hours = run.gpu_hours, power_w = run.power_w, pue = run.pue or 1,
      grid_kg_co2_per_kwh = run.grid_kg_co2_per_kwh or 0 }
    mwh, t = e.kwh / 1000, e.t_co2
    how = how .. " (fc.energy)"
  end
  local e = { t_co2 = t }
  if run.mwh_reported then R.row("mc-mwh", "energy, MWh", run.mwh_reported, mwh, "model card: " .. how)
  else R.row("mc-mwh", "energy, MWh", nil, mwh, "model card: " .. how .. " (none published)") end
  if run.grid_kg_co2_per_kwh and run.t_co2_reported then
    R.row("mc-t", "emissions, t CO2e", run.t_co2_reported, e.t_co2,
      ("model card: x %g kg/kWh"):format(run.grid_kg_co2_per_kwh))
  elseif run.t_co2_reported then
    R.row("mc-t", "emissions, t CO2e", run.t_co2_reported, nil,
      ("implied grid factor %.4g kg/kWh (none published)"):format(run.t_co2_reported / mwh))
  end
  R.model_card_defaults(run)
  return { mwh = mwh, t_co2 = e.t_co2, kwh_per_h = run.power_w * (run.pue or 1) / 1000 }
end

--- [mc-t-dflt]: the same identity at the library's defaults (no PUE or grid factor
-- given: the default region's, us-avg), against the card. The gap is the ratio of
-- kg CO2 per board-kWh, the library's PUE x grid over the card's (its stated PUE and
-- factor; Llama 3.1's factor fitted on its other two runs), printed beside it.
function R.model_card_defaults(run)
  if not (run.t_co2_reported and run.grid_kg_co2_per_kwh) then return nil end
  local s = fc.scenario { chip = run.chip, convention = "model-card", tdp_w = run.power_w,
    job = { chip_hours = run.gpu_hours } }
  local r, m = s:evaluate(), s:core_params().members[1]
  local lib, card = m.pue * m.grid_kg_co2_per_kwh, (run.pue or 1) * run.grid_kg_co2_per_kwh
  R.row("mc-t-dflt", "emissions at defaults, t", run.t_co2_reported, r.job.t_co2,
    ("defaults: PUE %.2g x %.4g = %.4f kg/board-kWh; the card's %.4f: x%.4f"):format(m.pue,
      m.grid_kg_co2_per_kwh, lib, card, lib / card))
  return r.job.t_co2, lib / card
end

--- [epoch-usd]: Epoch AI's amortized hardware + energy cost, rebuilt under the
-- convention "epoch" from Epoch's own inputs (its chip-hours, training start,
-- developer). Returns the result or nil.
function R.epoch(run)
  if not run.epoch_cost_usd then return nil end
  if not (run.epoch_chip_hours and run.epoch_training_start) then
    R.note("[epoch] Epoch's inputs for this run are not in the catalog")
    return nil
  end
  -- Epoch's inputs: its start date, the release of the hardware variant it lists, and the
  -- electricity price of the publication year (cost_analysis_standalone.py cluster_energy_cost)
  local r, err = R.convention { chip = run.chip, convention = "epoch", as_of = run.epoch_training_start,
    developer = run.organization, job = { chip_hours = run.epoch_chip_hours },
    released = run.epoch_hardware_released,
    electricity_year = run.published and tonumber(run.published:sub(1, 4)) or nil }
  if not (r and r.convention == "epoch") then
    R.note("[epoch] not rebuilt: " .. (err or "this version has no convention 'epoch'"))
    return nil
  end
  R.row("epoch-usd", "cost, USD (Epoch)", run.epoch_cost_usd, r.job.cost_usd,
    ("convention 'epoch': %s chip-hours from %s, hardware valued then"):format(g(run.epoch_chip_hours),
      run.epoch_training_start))
  local q = r.rentals and r.rentals[R.cat:chip(run.chip).name]
  if run.epoch_cloud_usd and q then
    R.row("epoch-cloud", "cloud cost, USD (Epoch)", run.epoch_cloud_usd, r.job.cloud_cost_usd,
      ("rental $%.2f/h %s %s, %s at start - 60 d (listing %s)"):format(q.usd, q.term, q.tier or "", q.how,
        q.date or "?"))
  end
  return r
end

--- [allin-*]: the same reported hours on owned hardware in the run's catalog
-- region, all-in (server power, region PUE and grid, capex, facility). The MFU
-- is the one the reported hours imply, so only the accounting differs.
-- Returns the scenario result (nil when the chip has no purchase price).
function R.all_in(run, flops, mc)
  local chip = R.cat:chip(run.chip)
  if not chip.price_usd then
    R.note(("[allin] %s has no purchase price in the catalog (rented only): no all-in cost"):format(chip.name))
    return nil
  end
  local mfu = fc.training.mfu { flops = flops, chip_hours = run.gpu_hours, peak_flops_per_s = R.peak(run) }
  local s = fc.scenario { region = run.region, chip = run.chip, precision = (run.precision or "bf16"):match("^(%w+)"),
    mfu = mfu, utilization = 1, job = { flops = flops }, cluster_size = run.chips }
  local r = s:evaluate()
  local m = s:core_params().members[1]
  local kwh_per_h = r.raw.kwh_per_h
  R.row("allin-mwh", "energy, MWh", run.mwh_reported, r.job.mwh,
    ("all-in, %s: %.0f W/chip at full load x server %.2f x PUE %.2f"):format(run.region, m.tdp_w,
      m.server_power_multiple or 1, m.pue or 1))
  if run.t_co2_reported then
    R.row("allin-t", "emissions, t CO2e", run.t_co2_reported, r.job.t_co2,
      ("all-in: the region's grid %.3g kg/kWh, green share %.0f%%"):format(m.grid_kg_co2_per_kwh or 0,
        100 * (m.green_share or 0)))
  end
  if run.epoch_cost_usd then
    R.row("allin-usd", "cost, USD", run.epoch_cost_usd, r.job.cost_usd,
      "all-in (catalog prices, 5-y annuity, facility) vs Epoch's amortized")
  end
  if mc then
    -- the energy gap is the accounting, factor by factor: all-in kWh per chip-hour
    -- over the model card's (board power x PUE)
    R.note(("all-in / model card energy per chip-hour: %.3f = %.3f kWh / %.3f kWh"):format(
      kwh_per_h / mc.kwh_per_h, kwh_per_h, mc.kwh_per_h))
  end
  return r, kwh_per_h
end

--- The whole comparison for one run, with the run's own explanations:
-- explain = { hours = text, model_card = text, all_in = text }.
function R.validate(name, explain)
  explain = explain or {}
  local run = R.run(name)
  R.header(run)
  local flops, how = R.flops(run)
  local h = R.hours(run, flops, how)
  if h and explain.hours then R.note("why: " .. explain.hours) end
  local mc = R.model_card(run)
  if mc and explain.model_card then R.note("why: " .. explain.model_card) end
  local ep = R.epoch(run)
  if ep and explain.epoch then R.note("why: " .. explain.epoch) end
  local r = R.all_in(run, flops, mc)
  if r and explain.all_in then R.note("why: " .. explain.all_in) end
  return { run = run, flops = flops, hours = h, model_card = mc, all_in = r }
end

--- The all-in accounting, said once for every run.
R.ALL_IN = "all-in counts the whole server (CPUs, memory, network: the server power multiple), the region's "
  .. "PUE and grid, and prices the hardware at the catalog's prices over a 5-year annuity with facility capex; "
  .. "the model card counts the accelerator board only and Epoch amortizes the hardware over the training "
  .. "time at its price when the run trained, without the facility"

return R
