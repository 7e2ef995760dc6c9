--- flopcost.report.html: a compare grid as ONE self-contained HTML file -- the
-- table, the Vega-Lite charts (with tooltips), the sources of the figures and
-- the provenance -- that opens offline: vega, vega-lite and vega-embed are
-- inlined from vendor/js (npm builds, BSD-3-Clause; `make vendor-js`).
--
--   fc.report.html(grid [, opts]) -> html text     (grid: fc.compare.run's)
--   flopcost compare --format html --out PREFIX     writes PREFIX.html
--
-- The page sets document.body.dataset.charts to the number of charts drawn
-- once vega-embed has rendered them all, and "error: <message>" if one failed
-- (also logged with console.error), so a test can wait on it.
local check = require "flopcost.check"
local fmt = require "flopcost.report.format"

local M = {}
local FN = "flopcost.report.html"

M.VENDOR = { "vega.min.js", "vega-lite.min.js", "vega-embed.min.js" }

-- {======================================================================
-- The vendored scripts: vendor/js beside the installed module tree, or at the
-- root of a source checkout (lua/flopcost/report/ -> ../../../vendor/js).

local function module_dir()
  local src = debug.getinfo(1, "S").source
  return src:sub(1, 1) == "@" and (src:sub(2):match("^(.*)/[^/]*$") or ".") or "."
end

--- vendor_dir() -> the directory holding the vendored scripts, or nil, msg, "io_error".
function M.vendor_dir()
  local env = os.getenv("FLOPCOST_VENDOR_JS")
  local dir = module_dir()
  local cands = { dir .. "/../vendor/js", dir .. "/../../../vendor/js" }
  if env and env ~= "" then cands = { env } end
  for _, cand in ipairs(cands) do
    local f = io.open(cand .. "/" .. M.VENDOR[1], "rb")
    if f then f:close(); return cand end
  end
  return nil, "vega's scripts not found in " .. table.concat(cands, " or ")
    .. " (run make vendor-js, or set FLOPCOST_VENDOR_JS)", "io_error"
end

local function read(path)
  local f, err = io.open(path, "rb")
  if not f then return nil, err end
  local s = f:read("a")
  f:close()
  return s
end
-- }======================================================================

-- {======================================================================
-- HTML text

local ESC = { ["&"] = "&amp;", ["<"] = "&lt;", [">"] = "&gt;", ['"'] = "&quot;", ["'"] = "&#39;" }
local function esc(s) return (tostring(s):gsub("[&<>\"']", ESC)) end

-- Text inside <script> must not hold "</script" (it ends the element: HTML's
-- "script data" state) nor "<!--" (an escape). JSON: every "<" is inside a
-- string, where \u003c is the same character. JavaScript (the vendored builds):
-- "</script" can only be in a string or comment, where "<\/script" means the
-- same; "<!--" cannot be rewritten safely everywhere, so a build holding it is refused.
local function json_in_script(s) return (s:gsub("<", "\\u003c")) end
local function js_in_script(s, name)
  if s:find("<!--", 1, true) then return nil, FN .. ": " .. name .. " holds '<!--'; it cannot be inlined" end
  return (s:gsub("<(/[Ss][Cc][Rr][Ii][Pp][Tt])", "<\\%1"))
end

local STYLE = [[
body { font-family: "DejaVu Sans", Arial, Helvetica, sans-serif; margin: 24px; color: #222; max-width: 1280px; }
h1 { font-size: 20px; } h2 { font-size: 16px; margin-top: 28px; }
table { border-collapse: collapse; font-size: 12px; }
th, td { padding: 3px 8px; border-bottom: 1px solid #e3e3e3; text-align: right; }
th { background: #f4f4f4; } td.text, th.text { text-align: left; white-space: nowrap; }
.provenance, .sources { font-size: 12px; color: #444; }
.chart { margin: 12px 0 24px 0; }
]]

-- The table: one row per result, the point estimate, its interval and components.
local function table_html(results)
  local cols = { { "region", "text" }, { "mix", "text" }, { "access", "text" }, { "$/EFLOP (point)" },
    { "p05" }, { "p50 (median)" }, { "p95" } }
  for _, k in ipairs(require("flopcost.report.validate").COMPONENTS) do cols[#cols + 1] = { k } end
  cols[#cols + 1] = { "cloud $/EFLOP" }
  local out = { "<table id=\"results\"><thead><tr>" }
  for _, c in ipairs(cols) do out[#out + 1] = ('<th class="%s">%s</th>'):format(c[2] or "num", esc(c[1])) end
  out[#out + 1] = "</tr></thead><tbody>"
  local function usd(v) return v and fmt.usd(v) or "-" end
  local access = require("flopcost.plot.compare").access_label -- as the charts say it ("export ban*")
  for _, r in ipairs(results) do
    local iv = r.interval or {}
    local cells = { r.region, r.mix, access(r) or "-", usd(r.usd_per_eflop), usd(iv.p05), usd(iv.p50),
      usd(iv.p95) }
    for _, k in ipairs(require("flopcost.report.validate").COMPONENTS) do cells[#cells + 1] = usd(r.breakdown[k]) end
    cells[#cells + 1] = usd(r.cloud and r.cloud.usd_per_eflop)
    out[#out + 1] = "<tr>"
    for i, v in ipairs(cells) do out[#out + 1] = ('<td class="%s">%s</td>'):format(cols[i][2] or "num", esc(v)) end
    out[#out + 1] = "</tr>"
  end
  out[#out + 1] = "</tbody></table>"
  local note = require("flopcost.plot.compare").ban_note(results)
  if note then out[#out + 1] = '<p class="provenance">' .. esc(note) .. "</p>" end
  return table.concat(out, "\n")
end

-- The table of an inference study: per row the blended and output $/Mtok (point estimate
-- and 90 % interval), input $/Mtok, tokens/s per chip, the bound, the blended components.
local function serving_table_html(grid)
  local ic = require "flopcost.inference.compare"
  local cols = { { "region", "text" }, { "chips", "text" }, { "access", "text" }, { "$/Mtok blended (point)" },
    { "p05" }, { "p50 (median)" }, { "p95" }, { "$/Mtok output (point)" }, { "output p05" },
    { "output p50 (median)" }, { "output p95" }, { "$/Mtok input (point)" }, { "tokens/s per chip" },
    { "bound", "text" } }
  local components = require("flopcost.report.validate").COMPONENTS
  for _, k in ipairs(components) do cols[#cols + 1] = { k .. " $/Mtok" } end
  cols[#cols + 1] = { "cloud $/Mtok" }
  local out = { "<table id=\"results\"><thead><tr>" }
  for _, c in ipairs(cols) do out[#out + 1] = ('<th class="%s">%s</th>'):format(c[2] or "num", esc(c[1])) end
  out[#out + 1] = "</tr></thead><tbody>"
  local function usd(v) return v and fmt.usd(v) or "-" end
  local access = require("flopcost.plot.compare").access_label
  for i, r in ipairs(ic.rows(grid)) do -- the blended figures (and interval) in $/Mtok
    local iv = r.interval or {}
    local ov = ((grid.results[i].interval or {}).serving or {}).usd_per_mtok_output or {}
    local cells = { r.region, r.mix, access(r) or "-", usd(r.usd_per_mtok_blended), usd(iv.p05), usd(iv.p50),
      usd(iv.p95), usd(r.usd_per_mtok_output), usd(ov.p05), usd(ov.p50), usd(ov.p95), usd(r.usd_per_mtok_input),
      ("%.0f"):format(r.tokens_per_s_per_chip), r.bound or "-" }
    for _, k in ipairs(components) do cells[#cells + 1] = usd(r.breakdown[k]) end
    cells[#cells + 1] = usd(r.cloud and r.cloud.usd_per_eflop)
    out[#out + 1] = "<tr>"
    for j, v in ipairs(cells) do out[#out + 1] = ('<td class="%s">%s</td>'):format(cols[j][2] or "num", esc(v)) end
    out[#out + 1] = "</tr>"
  end
  out[#out + 1] = "</tbody></table>"
  local inf = (grid.results[1] or {}).inference or {}
  if inf.input_tokens then
    out[#out + 1] = ('<p class="provenance">$/Mtok blended = (%g x input + %g x output) / %g; point: every input '
      .. "at its value; p05, p50 (median), p95: the Monte Carlo draws; tokens/s per chip: input + output tokens "
      .. "per chip-second of serving.</p>"):format(inf.input_tokens, inf.output_tokens,
        inf.input_tokens + inf.output_tokens)
  end
  local note = require("flopcost.plot.compare").ban_note(grid.results)
  if note then out[#out + 1] = '<p class="provenance">' .. esc(note) .. "</p>" end
  return table.concat(out, "\n")
end

-- What the page shows of a grid: its charts, the provenance they state, the results'
-- heading and table; a study that serves a model in $ per million tokens.
local function page_of(grid)
  local inference = require "flopcost.inference"
  if inference.is_study(grid.study) then
    local ic = require "flopcost.inference.compare"
    local charts = ic.charts(grid)
    return charts, charts[1].provenance, ("Results (%d rows, USD per million tokens serving %s)"):format(
      #grid.results, ic.workload_text(grid)), serving_table_html(grid)
  end
  local charts = require("flopcost.compare").charts(grid)
  return charts, charts[1].provenance, ("Results (%d rows, USD per 1e18 useful training FLOP)"):format(
    #grid.results), table_html(grid.results)
end

-- The sources of the figures the results use, each once, with what it backs.
local function sources_html(results)
  local seen, order = {}, {}
  for _, r in ipairs(results) do
    for _, s in ipairs(r.sources or {}) do
      local text = tostring(s.source or "")
      if text ~= "" then
        if not seen[text] then seen[text] = {}; order[#order + 1] = text end
        local what = (s.of and (s.of .. " ") or "") .. tostring(s.field or "")
        seen[text][what] = true
      end
    end
  end
  local out = { '<ul class="sources">' }
  for _, text in ipairs(order) do
    local whats = {}
    for w in pairs(seen[text]) do whats[#whats + 1] = w end
    table.sort(whats)
    out[#out + 1] = ("<li><b>%s</b>: %s</li>"):format(esc(table.concat(whats, ", ")), esc(text))
  end
  out[#out + 1] = "</ul>"
  return table.concat(out, "\n"), #order
end

local function provenance_html(prov)
  local out = { '<p class="provenance">' }
  for _, s in ipairs(require("flopcost.plot.provenance").sentences(prov)) do out[#out + 1] = esc(s) .. "<br>" end
  out[#out + 1] = "</p>"
  return table.concat(out, "\n")
end

-- Renders every chart, then marks the body; any failure is a console error.
local EMBED = [[
(function () {
  var specs = JSON.parse(document.getElementById("flopcost-specs").textContent);
  var jobs = specs.map(function (s) {
    return vegaEmbed("#" + s.id, s.spec, { renderer: "svg", actions: false });
  });
  Promise.all(jobs).then(function () {
    document.body.dataset.charts = String(jobs.length);
  }).catch(function (e) {
    console.error("flopcost: a chart failed: " + e);
    document.body.dataset.charts = "error: " + e;
  });
})();
]]
-- }======================================================================

--- report.html(grid [, opts]) -> html text, or nil, msg, "io_error" when the
-- vendored scripts cannot be read. grid: fc.compare.run's (results, cells,
-- study, catalog); its charts are fc.compare.charts', with the provenance they
-- state. opts.title overrides the page title.
function M.html(grid, opts)
  check.arg(FN, "grid", grid, function(g) return type(g) == "table" and type(g.results) == "table" end,
    "compare grid (fc.compare.run)")
  opts = check.optional(FN, "opts", opts, "table", "options table") or {}
  local json = require "flopcost.json"
  local dir, derr, token = M.vendor_dir()
  if not dir then return nil, derr, token end
  local scripts = {}
  for _, name in ipairs(M.VENDOR) do
    local text, err = read(dir .. "/" .. name)
    if not text then return nil, FN .. ": " .. tostring(err), "io_error" end
    local js, jerr = js_in_script(text, name)
    if not js then return nil, jerr, "invalid_data" end
    scripts[#scripts + 1] = "<script>" .. js .. "</script>"
  end
  local charts, prov, heading, results_table = page_of(grid)
  local specs, divs = {}, {}
  for i, c in ipairs(charts) do
    local id = "chart-" .. (c.name == "" and "compare" or c.name:gsub("^%-", ""))
    specs[i] = { id = id, spec = c.vega }
    divs[i] = ('<div class="chart" id="%s"></div>'):format(id)
  end
  local title = opts.title or (charts[1] and charts[1].vega.title and charts[1].vega.title.text) or "flopcost compare"
  local sources, nsources = sources_html(grid.results)
  local parts = {
    "<!DOCTYPE html>", '<html lang="en">', "<head>", '<meta charset="utf-8">',
    "<title>" .. esc(title) .. "</title>", "<style>" .. STYLE .. "</style>",
    table.concat(scripts, "\n"), "</head>", "<body>",
    "<h1>" .. esc(title) .. "</h1>", provenance_html(prov),
    "<h2>Charts</h2>", table.concat(divs, "\n"),
    "<h2>" .. esc(heading) .. "</h2>", results_table,
    ("<h2>Sources (%d)</h2>"):format(nsources), sources,
    '<script type="application/json" id="flopcost-specs">' .. json_in_script(json.encode(specs)) .. "</script>",
    "<script>" .. EMBED .. "</script>", "</body>", "</html>", "",
  }
  return table.concat(parts, "\n")
end

return M
