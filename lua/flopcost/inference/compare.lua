--- flopcost.inference.compare: `flopcost compare --workload inference`, a
-- compare study whose base serves a model (models/scenarios/inference.lua),
-- in $ per million tokens through every format: the 100-column table (with
-- the access of the chips in each region and 90 % intervals), Markdown, CSV
-- and JSON (training's columns and provenance, plus the serving columns of
-- flopcost.inference.report) and the chart (flopcost.plot.inference).
-- A cell's usd_per_eflop is $ per 1e18 tokens (tokens stand in for useful
-- FLOP in the cost chain); its blended $/Mtok is that x 1e-12
-- (fc_inference_costs), its input and output $/Mtok come from the core.
local check = require "flopcost.check"
local inference_report = require "flopcost.inference.report"

local M = {}
local FN = "flopcost.inference.compare"

--- true when a study (or its grid's study) serves a model.
function M.is_study(study) return type(study) == "table" and type(study.base) == "table" and
  study.base.workload ~= nil end

local function check_grid(fn, grid)
  check.arg(FN .. "." .. fn, "grid", grid, function(g) return type(g) == "table" and type(g.results) == "table" end,
    "compare grid of an inference study (the result of fc.compare.run)")
  check.each(FN .. "." .. fn, "grid.results", grid.results, inference_report.is_result,
    "inference result (with usd_per_mtok_blended)")
end

-- The interval of output o of a row ({p05, p50, p95, mean}), or nil.
local function interval_of(r, o)
  return r.interval and r.interval.serving and r.interval.serving[o]
end

--- Copies of the results with their $ figures in $ per million tokens
-- (blended) in the fields the charts read (flopcost.inference.report.in_mtok);
-- the grid keeps its own.
function M.rows(grid)
  check_grid("rows", grid)
  local out = {}
  for i, r in ipairs(grid.results) do out[i] = inference_report.in_mtok(r) end
  return out
end

--- What the grid serves: "Llama-3.1-70B (fp8), 2000 in / 500 out tokens, cache hit 50%, load 30%,
-- TTFT <= 0.45 s, TPOT <= 40 ms"; also its two parts (the model, the rest).
function M.workload_text(grid)
  local base = (grid.study or {}).base or {}
  local w = base.workload or {}
  local model = ("%s (%s)"):format(tostring(w.model), base.precision or require("flopcost.scenario").NAMED.precision)
  local parts = { ("%g in / %g out tokens"):format(w.input_tokens or 1000, w.output_tokens or 1000) }
  if w.cache_hit and w.cache_hit > 0 then parts[#parts + 1] = ("cache hit %g%%"):format(100 * w.cache_hit) end
  if base.utilization then parts[#parts + 1] = ("load %g%%"):format(100 * base.utilization) end
  local slo = {}
  if w.slo and w.slo.ttft_s then slo[#slo + 1] = ("TTFT <= %g s"):format(w.slo.ttft_s) end
  if w.slo and w.slo.tpot_s then slo[#slo + 1] = ("TPOT <= %g ms"):format(w.slo.tpot_s * 1e3) end
  if #slo > 0 then parts[#parts + 1] = table.concat(slo, ", ") end
  local rest = table.concat(parts, ", ")
  return model .. ", " .. rest, model, rest
end

local function range_text(iv, digits)
  if not iv then return "-" end
  local f = "%." .. digits .. "f"
  return (f .. "-" .. f):format(iv.p05, iv.p95)
end

--- The table of serving results in $ per million tokens (<= 100 columns):
-- region, access, chips, blended and output $/Mtok with their 90 % intervals,
-- input $/Mtok, tokens/s per chip; then what the columns mean.
function M.table_text(results)
  local row = "%-10s %-8s %-25s %6s %-11s %6s %-11s %6s %7s"
  local lines = { row:format("region", "access", "chips", "$/Mtok", "90% interval", "output", "90% interval",
    "input", "tok/s/c") }
  local denied = false
  for _, r in ipairs(results) do
    local access = inference_report.access_of(r, { short = true })
    denied = denied or access == "denied"
    lines[#lines + 1] = row:format(r.region:sub(1, 10), access, r.mix:sub(1, 25),
      ("%.3f"):format(r.usd_per_mtok_blended), range_text(interval_of(r, "usd_per_mtok_blended"), 3),
      ("%.3f"):format(r.usd_per_mtok_output), range_text(interval_of(r, "usd_per_mtok_output"), 3),
      ("%.3f"):format(r.usd_per_mtok_input), ("%.0f"):format(r.tokens_per_s_per_chip))
  end
  local inf = (results[1] or {}).inference or {}
  if inf.input_tokens then
    lines[#lines + 1] = ("$/Mtok blends input and output by token count: (%g x input + %g x output) / %g;"):format(
      inf.input_tokens, inf.output_tokens, inf.input_tokens + inf.output_tokens)
  end
  lines[#lines + 1] = "tok/s/c: input + output tokens per chip-second of serving"
    .. ((results[1] or {}).interval and "; 90% intervals: Monte Carlo." or ".")
  if denied then
    lines[#lines + 1] = "denied: the chip is under export controls there; its cost carries the grey-market premium."
  end
  return table.concat(lines, "\n") .. "\n"
end

--- The region x mix table of a grid, under what it serves.
function M.text(grid)
  check_grid("text", grid)
  local study = grid.study or {}
  local head = require("flopcost.compare").wrap(("%s: $ per million tokens serving %s"):format(
    study.name or "inference", M.workload_text(grid)), 100, "  ", "")
  -- the what-ifs (--set, --catalog) under it, as training's table says them
  local prov = require("flopcost.compare.output").provenance(grid)
  for _, l in ipairs(require("flopcost.compare.text").whatif_lines(prov)) do head[#head + 1] = l end
  return table.concat(head, "\n") .. "\n" .. M.table_text(grid.results)
end

--- Markdown rows of serving results: the same columns, every interval.
function M.markdown_rows(results)
  local out = { "| region | access | chips | $/Mtok (blended) | 90% interval | $/Mtok output | 90% interval "
      .. "| $/Mtok input | tok/s per chip | bound |",
    "| :--- | :--- | :--- | ---: | :---: | ---: | :---: | ---: | ---: | :--- |" }
  for _, r in ipairs(results) do
    out[#out + 1] = ("| %s | %s | %s | %.4f | %s | %.4f | %s | %.4f | %.0f | %s |"):format(r.region,
      inference_report.access_of(r), r.mix, r.usd_per_mtok_blended, range_text(interval_of(r, "usd_per_mtok_blended"), 4),
      r.usd_per_mtok_output, range_text(interval_of(r, "usd_per_mtok_output"), 4), r.usd_per_mtok_input,
      r.tokens_per_s_per_chip, r.bound or "?")
  end
  return table.concat(out, "\n") .. "\n"
end

--- The table of a grid as Markdown, under what it serves.
function M.markdown(grid)
  check_grid("markdown", grid)
  return ("$ per million tokens serving %s\n\n"):format(M.workload_text(grid)) .. M.markdown_rows(grid.results)
end

--- The charts of the grid: { {name = "", svg =, vega =, provenance =} } (flopcost.plot.inference).
function M.charts(grid)
  check_grid("charts", grid)
  local chart = require "flopcost.plot.inference"
  local _, model, workload = M.workload_text(grid)
  local rows, opts = M.rows(grid), chart.options(grid, model, workload)
  return { { name = "", svg = chart.compare(rows, opts), vega = chart.vega(rows, opts), provenance = opts.provenance } }
end

--- Writes PREFIX.svg, PREFIX.vl.json, PREFIX.csv and PREFIX.json (the
-- training exports' columns and provenance, plus the serving columns).
-- -> list of paths, or nil, message, token.
function M.write_files(grid, prefix)
  check_grid("write_files", grid)
  require("flopcost.report.files").check_prefix(FN .. ".write_files", prefix)
  local report, vega, fc_compare = require "flopcost.report", require "flopcost.vega", require "flopcost.compare"
  local prov = fc_compare.provenance(grid)
  local files = {}
  for _, c in ipairs(M.charts(grid)) do
    files[#files + 1] = { prefix .. c.name .. ".svg", c.svg }
    files[#files + 1] = { prefix .. c.name .. ".vl.json", vega.encode(c.vega) }
  end
  files[#files + 1] = { prefix .. ".csv", report.csv(grid.results, { provenance = prov }) }
  files[#files + 1] = { prefix .. ".json", report.json(grid.results, { provenance = prov, indent = "  " }) }
  return report.write_all(files, prefix)
end

return M
