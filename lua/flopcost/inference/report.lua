--- flopcost.inference.report: how a serving result reads, in $ per million tokens.
--
-- An inference scenario's result carries the training chain's fields (its
-- usd_per_eflop is $ per 1e18 TOKENS: tokens stand in for useful FLOP in the
-- cost chain, csrc/fc_inference.c fc_inference_to_scenario) and the serving
-- figures fc_compose computed (usd_per_mtok_input / _output / _blended,
-- j_per_token, r.inference). Every door (print, the REPL, the notebook, run,
-- compare) shows it through these functions, so no door prints a token cost as
-- "per 1e18 useful training FLOP". The only arithmetic here is the unit
-- change $/1e18 tokens -> $/1e6 tokens (x 1e-12), which is how fc_inference_costs
-- defines the blended figure.
local M = {}

--- $ per 1e18 tokens -> $ per million tokens (fc_inference_costs: blended = usd_per_eflop x 1e-12).
M.MTOK = 1e-12

--- The units of the serving and water outputs of fc.montecarlo / fc.sensitivity.sobol
-- (csrc/fc_mc_output.h).
M.OUTPUT_UNITS = { usd_per_mtok_input = "$ per million input tokens",
  usd_per_mtok_output = "$ per million output tokens",
  usd_per_mtok_blended = "$ per million tokens, input and output blended", j_per_token = "J per token",
  water_l_per_eflop = "litres of water per 1e18 useful FLOP, on site and off site",
  water_onsite_l_per_eflop = "litres of water per 1e18 useful FLOP, on site (IT energy x WUE)",
  water_offsite_l_per_eflop = "litres of water per 1e18 useful FLOP, off site (the grid's water)",
  water_l_per_mtok = "litres of water per million tokens, on site and off site" }

--- Chart axes of the serving outputs (flopcost.plot.mc_files): label and tick kind.
M.AXES = { usd_per_mtok_input = { label = "USD per million input tokens", kind = "usd" },
  usd_per_mtok_output = { label = "USD per million output tokens", kind = "usd" },
  usd_per_mtok_blended = { label = "USD per million tokens (input and output blended)", kind = "usd" },
  j_per_token = { label = "joules per token (at the meter)", kind = "number" },
  water_l_per_eflop = { label = "litres of water per 1e18 useful FLOP", kind = "number" },
  water_onsite_l_per_eflop = { label = "litres of water on site per 1e18 useful FLOP", kind = "number" },
  water_offsite_l_per_eflop = { label = "litres of water off site per 1e18 useful FLOP", kind = "number" },
  water_l_per_mtok = { label = "litres of water per million tokens", kind = "number" } }

--- Where a serving scenario's inputs come from when the serving model sets them (tokens stand in
-- for useful FLOP: fc_inference_to_scenario), for r:explain() and the workbook's Inputs sheet.
M.SERVED = {
  peak_flops_per_s = "the serving model (fc_compose): tokens/s per chip at this workload and target",
  tdp_w = "the serving model (fc_compose): the board's draw while serving (the site is sized by it_kw_per_accel)",
  mfu = "serving: tokens stand in for useful FLOP (1)", scaling_efficiency = "serving: 1", goodput = "serving: 1",
  input_tokens = "the workload", output_tokens = "the workload",
  prefill_share = "the serving model (fc_compose): prefill's share of a request's chip-time" }

--- true when r is an evaluated inference scenario (has the serving figures).
function M.is_result(r)
  return type(r) == "table" and type(r.usd_per_mtok_blended) == "number"
end

local function report() return require "flopcost.report" end

-- "Llama-3.1-70B (fp8), 2000 in / 500 out tokens, load 30%"
local function served(r)
  local w, inf = r.workload or {}, r.inference or {}
  local parts = { ("serving %s%s"):format(tostring(w.model or "?"), w.precision and (" (" .. w.precision .. ")") or "") }
  if inf.input_tokens then parts[#parts + 1] = ("%g in / %g out tokens"):format(inf.input_tokens, inf.output_tokens) end
  if w.utilization then parts[#parts + 1] = ("load %s"):format(report().pct(100 * w.utilization)) end
  return table.concat(parts, ", ")
end
M.served_text = served

--- The headline: "$0.859 per million output tokens, $0.108 input, $0.440 blended".
function M.headline(r)
  local usd = report().usd
  return ("%s per million output tokens, %s input, %s blended"):format(usd(r.usd_per_mtok_output),
    usd(r.usd_per_mtok_input), usd(r.usd_per_mtok_blended))
end

-- A count: "4", or "2.5" for a mix's count-weighted mean.
local function count(x) return x == math.floor(x) and ("%d"):format(x) or ("%.3g"):format(x) end

-- Per chip: tokens/s, batch and group, latency, what binds, energy. inf: the serving point
-- (a scenario's r.inference; a serve result is its own point).
local function serving_facts(r, inf)
  local rep = report()
  local facts = {}
  inf = inf or r.inference or {}
  if inf.tokens_per_s_per_chip then
    facts[#facts + 1] = ("%s tokens/s (%s output)"):format(rep.qty(inf.tokens_per_s_per_chip),
      rep.qty(inf.output_tokens_per_s_per_chip or 0))
  end
  if inf.batch and inf.group then
    -- a mix's batch and group are count-weighted means: whole numbers for one chip type
    facts[#facts + 1] = ("batch %s in a group of %s"):format(count(inf.batch), count(inf.group))
  end
  local lat = {}
  if inf.ttft_s then lat[#lat + 1] = ("TTFT %s s"):format(rep.sig(inf.ttft_s, 3)) end
  if inf.tpot_s then lat[#lat + 1] = ("TPOT %s ms"):format(rep.sig(inf.tpot_s * 1e3, 3)) end
  if #lat > 0 then facts[#facts + 1] = table.concat(lat, ", ") end
  if r.bound then facts[#facts + 1] = r.bound .. "-bound" .. (r.roofline and (" (" .. r.roofline .. " roofline)") or "") end
  if r.j_per_token then facts[#facts + 1] = ("%s J/token"):format(rep.sig(r.j_per_token, 3)) end
  if r.stack then facts[#facts + 1] = "stack " .. r.stack end -- the serving software (models/llms.json)
  return facts
end

-- "  per chip: ..." lines of the facts, wrapped to 100 columns, appended to out.
local function facts_lines(facts, out)
  if #facts == 0 then return end
  local line = "  per chip:"
  for i, f in ipairs(facts) do
    local piece = " " .. f .. (i < #facts and "," or "")
    if #line + #piece > 98 then out[#out + 1] = line; line = "           " end
    line = line .. piece
  end
  out[#out + 1] = line
end

--- A multi-line summary of one inference result (print(r), tostring, `flopcost run`).
function M.result_string(r)
  local rep = report()
  local where = r.region_label and (r.region_label .. " (" .. r.region .. ")") or r.region
  local out = { ("%s, %s"):format(where, r.mix), "  " .. served(r), "  " .. M.headline(r) }
  local has_h = type(r.per_hour) == "table"
  out[#out + 1] = ("  %-10s %10s %7s%s"):format("component", "$/Mtok", "share",
    has_h and (" %10s"):format("$/acc-h") or "")
  for _, k in ipairs(rep.COMPONENTS) do
    local v = (r.breakdown or {})[k] or 0
    local share = r.usd_per_eflop ~= 0 and 100 * v / r.usd_per_eflop or nil
    local h = has_h and r.per_hour[k] and (" %10s"):format(rep.usd(r.per_hour[k])) or ""
    out[#out + 1] = ("  %-10s %10s %7s%s"):format(k, rep.usd(v * M.MTOK), share and rep.pct(share) or "-", h)
  end
  if has_h and r.per_hour.total then
    out[#out + 1] = ("  %-10s %10s %7s %10s"):format("total", rep.usd(r.usd_per_mtok_blended), "100%",
      rep.usd(r.per_hour.total))
  end
  local inf = r.inference or {}
  if inf.input_tokens then
    out[#out + 1] = ("  blended = (%g x input + %g x output) / %g tokens"):format(inf.input_tokens,
      inf.output_tokens, inf.input_tokens + inf.output_tokens)
  end
  facts_lines(serving_facts(r), out)
  if r.cloud and r.cloud.usd_per_eflop then
    local s = "  cloud rental: " .. rep.usd(r.cloud.usd_per_eflop * M.MTOK) .. " per million tokens blended"
    if r.cloud.owned_to_cloud then s = s .. ("; owning costs %.2fx the cloud price"):format(r.cloud.owned_to_cloud) end
    out[#out + 1] = s
  end
  local l = r["local"]
  if l and l.per_eflop then
    out[#out + 1] = ("  local currency: %s %s per million tokens blended"):format(l.currency or "?",
      rep.sig(l.per_eflop * M.MTOK, 3))
  end
  local summary = require "flopcost.report.summary" -- water and build-out lines, as for training
  out[#out + 1] = summary.water_line(r)
  for _, line in ipairs(summary.build_lines(r)) do out[#out + 1] = line end
  local iv = r.interval
  if iv and iv.p05 and iv.p95 then
    out[#out + 1] = ("  90%% interval (blended): %s to %s per million tokens%s"):format(rep.usd(iv.p05 * M.MTOK),
      rep.usd(iv.p95 * M.MTOK), iv.p50 and (" (median " .. rep.usd(iv.p50 * M.MTOK) .. ")") or "")
  end
  return table.concat(out, "\n")
end

-- {==================================================================
-- fc.inference.serve's and fc.inference.fleet's results as text: what
-- print(r) and the REPL show (no cost: a serve result has no site).
-- ===================================================================

-- "groups of 4 (tp 4, ep 1, dp 1)" of one phase's layout
local function phase_text(l)
  return ("groups of %s (tp %s, ep %s, dp %s%s)"):format(count(l.chips), count(l.tp), count(l.ep), count(l.dp),
    (l.pp or 1) > 1 and (", pp " .. count(l.pp)) or "")
end

--- print(fc.inference.serve{...}): the point, the group's throughput, latency and layout.
function M.serve_string(r)
  local rep = report()
  local l = r.layout or {}
  local out = { ("%s (%s) on %s: %s chips, %g in / %g out tokens"):format(tostring(r.model),
    tostring(r.precision), tostring(r.chip), count(r.chips), r.input_tokens, r.output_tokens),
    ("  %s output tokens/s in all, %s tokens/s, %s requests/s"):format(rep.qty(r.output_tokens_per_s),
      rep.qty(r.tokens_per_s), rep.sig(r.requests_per_s, 3)) }
  facts_lines(serving_facts(r, r), out) -- the scenario summary's facts: one formatter of them
  if r.disaggregated == 1 and l.prefill and l.decode then
    out[#out + 1] = ("  disaggregated: prefill %s chips in %s,"):format(count(l.prefill.pool), phase_text(l.prefill))
    out[#out + 1] = ("                 decode %s chips in %s"):format(count(l.decode.pool), phase_text(l.decode))
  elseif l.decode then
    out[#out + 1] = "  aggregated: " .. phase_text(l.decode)
  end
  if r.water_l_per_mtok then out[#out + 1] = ("  water: %s L per million tokens"):format(rep.sig(r.water_l_per_mtok, 3)) end
  out[#out + 1] = "  (every field: for k, v in pairs(r); r.layout.prefill / r.layout.decode)"
  return table.concat(out, "\n")
end

--- print(fc.inference.fleet{...}): capacity, the day's cost and revenue, the margin.
function M.fleet_string(f)
  local rep = report()
  local d = f.tokens_per_day or {}
  local out = { ("%s on %s%s: a day of %s input (%s cached) / %s output tokens"):format(tostring(f.model),
    tostring(f.chip), f.region and (" in " .. f.region) or "", rep.qty(d.input or 0), rep.qty(d.cached_input or 0),
    rep.qty(d.output or 0)),
    -- the pools' chips are their work's (fractional: "1.23e+03" before), whole nodes hold them
    ("  %s chips, %s nodes at the peak hour (%s on average): %.0f prefill + %.0f decode chips"):format(
      count(f.chips), count(f.nodes), count(f.average_nodes), f.prefill_chips, f.decode_chips),
    f.api_price_usd_per_mtok and ("  cost %s a day (%s per chip-hour), revenue %s a day at the API prices, margin %s")
      :format(rep.usd(f.cost_usd_per_day), rep.usd(f.usd_per_chip_hour), rep.usd(f.revenue_usd_per_day),
        rep.sig(f.margin, 3))
      or ("  cost %s a day (%s per chip-hour); no api_price_usd_per_mtok given: no revenue or margin"):format(
        rep.usd(f.cost_usd_per_day), rep.usd(f.usd_per_chip_hour)),
    ("  %s tokens per provisioned MW a day"):format(rep.qty(f.tokens_per_provisioned_mw)) }
  return table.concat(out, "\n")
end

--- The metatables that give serve's and fleet's result tables their text.
M.SERVE_RESULT = { __tostring = function(r) return M.serve_string(r) end, __name = "flopcost.ServeResult" }
M.FLEET_RESULT = { __tostring = function(f) return M.fleet_string(f) end, __name = "flopcost.FleetResult" }

-- }==================================================================

-- {==================================================================
-- Exports: the serving columns a CSV or JSON row of an inference result
-- carries beside training's (same names, same provenance; report/csv.lua
-- and report/json.lua add these when a row serves a model).
-- ===================================================================

--- The serving outputs with 90 % intervals (r.interval.serving, flopcost.uncertainty).
M.INTERVAL_OUTPUTS = { "usd_per_mtok_blended", "usd_per_mtok_output", "usd_per_mtok_input" }
local SERVING_NUMBERS = { "usd_per_mtok_blended", "usd_per_mtok_output", "usd_per_mtok_input", "j_per_token",
  "water_l_per_mtok" }
local POINT_NUMBERS = { "tokens_per_s_per_chip", "output_tokens_per_s_per_chip", "batch", "group", "ttft_s",
  "tpot_s", "input_tokens", "output_tokens", "prefill_share" }

--- The serving fields of a result as a plain table (report.json's row.serving).
function M.plain(r)
  local o, inf, w = {}, r.inference or {}, r.workload or {}
  o.workload, o.model, o.precision, o.bound = "inference", w.model, w.precision, r.bound
  o.stack = r.stack
  for _, k in ipairs(SERVING_NUMBERS) do o[k] = r[k] end
  for _, k in ipairs(POINT_NUMBERS) do o[k] = inf[k] end
  return o
end

--- A JSON row (report.plain_rows: a compare state's, a stream's) read back as a
-- serving result: row.serving's figures where print and the tables look for them
-- (r.usd_per_mtok_*, r.inference, r.workload); a training row is returned as it is.
function M.from_plain(row)
  local sv = type(row) == "table" and row.serving
  if type(sv) ~= "table" or type(sv.usd_per_mtok_blended) ~= "number" then return row end
  for _, k in ipairs(SERVING_NUMBERS) do row[k] = sv[k] end
  row.inference = {}
  for _, k in ipairs(POINT_NUMBERS) do row.inference[k] = sv[k] end
  row.workload = { kind = "inference", model = sv.model, precision = sv.precision }
  row.bound, row.stack, row.tokens_per_s_per_chip = sv.bound, sv.stack, sv.tokens_per_s_per_chip
  return row
end

--- CSV columns {name =, get = function(r)} for the serving fields, [] when no row serves a model.
function M.csv_fields(results)
  local any = false
  for _, r in ipairs(results) do any = any or M.is_result(r) end
  if not any then return {} end
  local f = {}
  for _, k in ipairs { "workload", "model", "precision", "stack" } do
    f[#f + 1] = { name = k, get = function(r) return M.is_result(r) and M.plain(r)[k] or nil end }
  end
  for _, k in ipairs(SERVING_NUMBERS) do f[#f + 1] = { name = k, get = function(r) return r[k] end } end
  for _, k in ipairs(POINT_NUMBERS) do
    f[#f + 1] = { name = k, get = function(r) return r.inference and r.inference[k] end }
  end
  f[#f + 1] = { name = "bound", get = function(r) return M.is_result(r) and r.bound or nil end }
  for _, o in ipairs(M.INTERVAL_OUTPUTS) do
    for _, q in ipairs { "p05", "p50", "p95", "mean" } do
      f[#f + 1] = { name = ("interval_%s_%s"):format(o, q), get = function(r)
        local s = r.interval and r.interval.serving
        return s and s[o] and s[o][q] or nil
      end }
    end
  end
  return f
end

-- }==================================================================

--- A copy of serving result r with its cost fields in $ per million tokens
-- (blended): usd_per_eflop, breakdown, the interval (of usd_per_mtok_blended
-- when the run kept it) and the cloud -- for what reads those fields (charts,
-- report.explain). $ per 1e18 tokens x 1e-12 (fc_inference_costs).
function M.in_mtok(r)
  local c = setmetatable({}, getmetatable(r))
  for k, v in pairs(r) do c[k] = v end
  c._mtok = true -- converted (plot.inference.as_mtok does not scale it again)
  c.usd_per_eflop = r.usd_per_mtok_blended
  c.breakdown = {}
  for k, v in pairs(r.breakdown or {}) do c.breakdown[k] = v * M.MTOK end
  local iv = r.interval and r.interval.serving and r.interval.serving.usd_per_mtok_blended
  c.interval = iv and { p05 = iv.p05, p50 = iv.p50, p95 = iv.p95, mean = iv.mean } or nil
  if r.cloud then c.cloud = { usd_per_eflop = r.cloud.usd_per_eflop * M.MTOK, owned_to_cloud = r.cloud.owned_to_cloud } end
  return c
end

--- true when every result of a non-empty list serves a model.
function M.all(results)
  if type(results) ~= "table" or #results == 0 then return false end
  for _, r in ipairs(results) do if not M.is_result(r) then return false end end
  return true
end

--- Serving results as a 100-column table and as Markdown (report.table and
-- report.markdown of a list of inference results, the REPL's lists).
function M.table(results) return require("flopcost.inference.compare").table_text(results) end
function M.markdown(results) return require("flopcost.inference.compare").markdown_rows(results) end

--- The access of r's chips in its region (report.access_text): fc.compare sets it; a
-- result evaluated alone gets it from its scenario through the catalog's rules (as
-- fc.compare does, compare.run.availability); a row read back from JSON keeps its text.
function M.access_of(r, opts)
  local s = rawget(r, "_scenario")
  if r.availability == nil and type(s) == "table" and s.catalog and s.chip_names then
    local a = require("flopcost.compare.run").availability(s.catalog, s, r.region)
    if a then r = setmetatable({ availability = a }, { __index = r }) end
  end
  local text = report().access_text(r, opts) or (type(r.access) == "string" and r.access) or "?"
  return opts and opts.short and text:match("^%S+") or text
end

--- The notebook's HTML for a list of serving results.
function M.results_html(results)
  local rep = report()
  local h = { '<table class="flopcost-results flopcost-inference">', "<thead><tr><th>region</th><th>mix</th>"
    .. "<th>access</th><th>$/Mtok blended</th><th>$/Mtok output</th><th>$/Mtok input</th>"
    .. "<th>tokens/s per chip</th></tr></thead><tbody>" }
  for _, r in ipairs(results) do
    h[#h + 1] = ('<tr><td>%s</td><td>%s</td><td>%s</td><td data-usd-per-mtok-blended="%.17g">%s</td>'
      .. '<td data-usd-per-mtok-output="%.17g">%s</td><td>%s</td><td>%.0f</td></tr>'):format(M.esc(r.region or ""),
      M.esc(r.mix or ""), M.esc(M.access_of(r)), r.usd_per_mtok_blended, M.esc(rep.usd(r.usd_per_mtok_blended)),
      r.usd_per_mtok_output, M.esc(rep.usd(r.usd_per_mtok_output)), M.esc(rep.usd(r.usd_per_mtok_input)),
      r.tokens_per_s_per_chip or 0)
  end
  h[#h + 1] = "</tbody></table>"
  return table.concat(h, "\n")
end

local function esc(s)
  return (tostring(s):gsub("[&<>\"]", { ["&"] = "&amp;", ["<"] = "&lt;", [">"] = "&gt;", ['"'] = "&quot;" }))
end

M.esc = esc

--- The notebook's HTML for one inference result: $/Mtok by component.
function M.result_html(r)
  local rep = report()
  local h = { '<table class="flopcost-result flopcost-inference">',
    ("<caption>%s, %s: %s; %s</caption>"):format(esc(r.region or "?"), esc(r.mix or "?"), esc(served(r)),
      esc(M.headline(r))),
    "<thead><tr><th>component</th><th>$/Mtok (blended)</th><th>share</th></tr></thead><tbody>" }
  for _, k in ipairs(rep.COMPONENTS) do
    local x = (r.breakdown or {})[k] or 0
    h[#h + 1] = ("<tr><td>%s</td><td>%s</td><td>%s</td></tr>"):format(k, esc(rep.usd(x * M.MTOK)),
      r.usd_per_eflop ~= 0 and esc(rep.pct(100 * x / r.usd_per_eflop)) or "-")
  end
  h[#h + 1] = ('<tr><th>total</th><th data-usd-per-mtok-blended="%.17g" data-usd-per-mtok-output="%.17g">%s</th>'
    .. "<th>100%%</th></tr>"):format(r.usd_per_mtok_blended, r.usd_per_mtok_output, esc(rep.usd(r.usd_per_mtok_blended)))
  h[#h + 1] = "</tbody></table>"
  local facts = serving_facts(r)
  if #facts > 0 then h[#h + 1] = "<p>per chip: " .. esc(table.concat(facts, ", ")) .. "</p>" end
  return table.concat(h, "\n")
end

return M
