--- What `flopcost stock` prints and writes: the table (100 columns), CSV and
-- JSON with provenance, the chart, and the Sobol drivers.
local M = {}

local count_label = require("flopcost.plot.stock").count_label

local function provenance(res, a)
  local fc = require "flopcost"
  return { flopcost_version = fc.version, supply_as_of = res.as_of,
    samples = res.interval and res.interval.samples or 0, seed = res.interval and res.interval.seed or nil,
    generator = res.interval and res.interval.generator or nil,
    what_ifs = (a.set and #a.set > 0) and table.concat(a.set, "; ") or "none" }
end

local function ratio_of(res, y)
  local us, cn = res.h100e.US and res.h100e.US[y], res.h100e.CN and res.h100e.CN[y]
  return us and cn and cn > 0 and us / cn or nil
end

function M.table(res, a)
  local out = {}
  local function add(s) out[#out + 1] = s end
  local p = provenance(res, a)
  local wrap = require("flopcost.compare").wrap
  add(table.concat(wrap(("Installed AI compute, H100-equivalents (models/supply.json of %s; what-ifs: %s)")
    :format(tostring(res.as_of), p.what_ifs), 100, "  "), "\n"))
  add(("%-5s %-7s %-28s %-10s %8s %9s"):format("year", "country", "stock (90% interval)", "added", "IT GW",
    "capex $B"))
  for _, y in ipairs(res.years) do
    for _, c in ipairs(res.countries) do
      local iv = res.interval and res.interval.h100e[c][y]
      local stock = count_label(res.h100e[c][y])
      if iv then stock = ("%s (%s-%s)"):format(stock, count_label(iv.p05), count_label(iv.p95)) end
      add(("%-5d %-7s %-28s %-10s %8.2f %9.1f"):format(y, c, stock, count_label(res.produced_h100e[c][y]),
        res.it_gw[c][y], res.capex_usd[c][y] / 1e9))
    end
  end
  add("")
  add("US:CN stock ratio (point; 90% interval of the draws)")
  for _, y in ipairs(res.years) do
    local q = res.interval and res.interval.ratio and res.interval.ratio[y]
    local r = ratio_of(res, y)
    add(("  %d  %s%s"):format(y, r and ("%.1fx"):format(r) or "-",
      q and ("  (%.1fx-%.1fx, median %.1fx)"):format(q.p05, q.p95, q.p50) or ""))
  end
  add("")
  local head = {}
  for _, y in ipairs(res.years) do head[#head + 1] = ("%-17d"):format(y) end
  add(("%-22s %s"):format("chips a year (link)", table.concat(head, " ")))
  for _, l in ipairs(res.lines) do
    local cells = {}
    for _, y in ipairs(res.years) do
      cells[#cells + 1] = ("%-7s %-9s"):format(count_label(res.chips[l][y]), res.binding[l][y])
    end
    add(("%-22s %s"):format(l, table.concat(cells, " ")))
  end
  if res.interval then
    add(("%d joint draws over every ranged figure (seed %s, %s); point figures are the catalog's values.")
      :format(p.samples, tostring(math.tointeger(p.seed) or p.seed), tostring(p.generator)))
  end
  return table.concat(out, "\n") .. "\n"
end

-- One row per country-year and per line-year.
local function rows_of(res)
  local rows = {}
  for _, y in ipairs(res.years) do
    for _, c in ipairs(res.countries) do
      local iv = res.interval and res.interval.h100e[c][y] or {}
      rows[#rows + 1] = { kind = "country", name = c, year = y, h100e = res.h100e[c][y], h100e_p05 = iv.p05,
        h100e_p50 = iv.p50, h100e_p95 = iv.p95, produced_h100e = res.produced_h100e[c][y],
        it_gw = res.it_gw[c][y], facility_gw = res.facility_gw[c][y], capex_usd = res.capex_usd[c][y] }
    end
    for _, l in ipairs(res.lines) do
      local iv = res.interval and res.interval.chips[l][y] or {}
      local share = iv.binding_share or {}
      rows[#rows + 1] = { kind = "line", name = l, country = res.line_country[l], year = y,
        chips = res.chips[l][y], chips_p05 = iv.p05, chips_p50 = iv.p50, chips_p95 = iv.p95,
        binding = res.binding[l][y], binding_share_wafers = share.wafers, binding_share_packaging = share.packaging,
        binding_share_hbm = share.hbm, binding_share_licence = share.licence }
    end
  end
  return rows
end

local COLUMNS = { "kind", "name", "country", "year", "h100e", "h100e_p05", "h100e_p50", "h100e_p95",
  "produced_h100e", "it_gw", "facility_gw", "capex_usd", "chips", "chips_p05", "chips_p50", "chips_p95",
  "binding", "binding_share_wafers", "binding_share_packaging", "binding_share_hbm", "binding_share_licence" }
local PROV = { "flopcost_version", "supply_as_of", "samples", "seed", "generator", "what_ifs" }

local function cell(v)
  if v == nil then return "" end
  if type(v) == "number" then return math.type(v) == "integer" and tostring(v) or ("%.10g"):format(v) end
  v = tostring(v)
  if v:find('[,"\n]') then v = '"' .. v:gsub('"', '""') .. '"' end
  return v
end

function M.csv(res, a)
  local p = provenance(res, a)
  local head = {}
  for _, k in ipairs(COLUMNS) do head[#head + 1] = k end
  for _, k in ipairs(PROV) do head[#head + 1] = k end
  local out = { table.concat(head, ",") }
  for _, r in ipairs(rows_of(res)) do
    local t = {}
    for _, k in ipairs(COLUMNS) do t[#t + 1] = cell(r[k]) end
    for _, k in ipairs(PROV) do t[#t + 1] = cell(p[k]) end
    out[#out + 1] = table.concat(t, ",")
  end
  return table.concat(out, "\n") .. "\n"
end

function M.json(res, a)
  local rows = rows_of(res)
  local p = provenance(res, a)
  for _, r in ipairs(rows) do r.provenance = p end
  return require("flopcost.json").encode(rows, { indent = "  " }) .. "\n"
end

function M.chart(res, a)
  local fc = require "flopcost"
  local p = provenance(res, a)
  local sub = res.interval and ("Lines: point estimates (catalog values); shaded: 90%% bands over %d joint draws")
    :format(p.samples) or "point figures (no intervals)"
  return fc.plot.stock(res, { title = "Installed AI compute, limited by what can be made",
    subtitle = sub .. (p.what_ifs ~= "none" and ("; what-ifs: " .. p.what_ifs) or ""),
    provenance = { scenario = "fc.stock.national over models/supply.json; H100e = dense 16-bit FLOP/s / 989.5 TFLOP/s",
      source = "models/supply.json (SemiAnalysis, CSIS, FT, BIS, TSMC CoWoS reports; see each figure)",
      catalog_as_of = res.as_of, what_ifs = (a.set and #a.set > 0) and a.set or {},
      samples = res.interval and res.interval.samples, seed = res.interval and res.interval.seed,
      generator = res.interval and res.interval.generator } })
end

function M.drivers(res, opts, common)
  local fc = require "flopcost"
  for _, c in ipairs(res.countries) do
    local idx = fc.stock.sobol { years = opts.years, supply = opts.supply, inputs = opts.inputs, country = c,
      samples = 2048, seed = opts.seed }
    table.sort(idx, function(x, y) return x.total > y.total end)
    common.out(("Sobol drivers of %s's %d stock (total index, first-order):"):format(c, res.years[#res.years]))
    for k = 1, math.min(5, #idx) do
      common.out(("  %-58s %5.2f %5.2f"):format(idx[k].input, idx[k].total, idx[k].first))
    end
  end
end

return M
