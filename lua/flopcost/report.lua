--- flopcost.report: results as text -- terminal tables, a one-result summary
-- (the engine's __tostring), CSV, JSON, Markdown, and "differences explained
-- by component".
--
-- A result is the table returned by the scenario engine (see the fields read
-- below: region, region_label, mix, usd_per_eflop, breakdown{chip, server,
-- network, facility, energy, carbon, opex}, per_hour{..., total},
-- useful_flop_per_h, power_w, kwh_per_eflop, kg_co2_per_eflop, cloud{},
-- job{}, local{}, interval{}). Money is USD per 1e18 useful training FLOP
-- ("$/EFLOP") unless a name says otherwise.
--
-- Misuse raises "flopcost.report.<fn>: field '<path>': <what> expected, got <v>";
-- report.write returns nil, msg when the file system refuses.
local json = require "flopcost.json"

local M = {}

--- Cost components in their fixed report and plot order.
M.COMPONENTS = { "chip", "server", "network", "facility", "energy", "carbon", "opex" }
local COMPONENTS = M.COMPONENTS

local got = json.got
local check = require "flopcost.check"

-- fn is a short name ("csv") or a full one ("flopcost.plot.stacked_bars").
local function fullname(fn) return fn:find(".", 1, true) and fn or "flopcost.report." .. fn end

local function fail(fn, field, what, v)
  error(string.format("%s: field '%s': %s expected, got %s", fullname(fn), field, what, got(v)), 0)
end

local function finite(x)
  return type(x) == "number" and x == x and x ~= math.huge and x ~= -math.huge
end

-- ===================================================================
-- Validation
-- ===================================================================

local function check_number(fn, path, x, optional)
  if x == nil and optional then return end
  if not finite(x) then fail(fn, path, "finite number", x) end
end

local function check_string(fn, path, s, optional)
  if s == nil and optional then return end
  if type(s) ~= "string" then fail(fn, path, "string", s) end
end

--- Provenance keys of every export (fc.compare.provenance builds them).
local PROVENANCE = { "flopcost_version", "catalog_as_of", "study", "seed", "samples", "generator" }
M.PROVENANCE = PROVENANCE
-- How an interval was drawn (set by flopcost.uncertainty): copied beside p05..p95.
local INTERVAL_RUN = { "mean", "seed", "samples", "generator" }

local OPTIONAL_GROUPS = {
  cloud = { "usd_per_eflop", "owned_to_cloud" },
  job = { "flops", "cost_usd", "days", "chip_hours", "mwh", "t_co2", "chips" },
  interval = { "p05", "p50", "p95" },
  ["local"] = { "usd_per_eflop", "per_eflop" },
}

--- Checks one result; `path` names it in messages ("results[2]", "a").
local function check_result(fn, path, r)
  if type(r) ~= "table" then fail(fn, path, "result table", r) end
  check_string(fn, path .. ".region", r.region)
  check_string(fn, path .. ".mix", r.mix)
  check_string(fn, path .. ".region_label", r.region_label, true)
  check_number(fn, path .. ".usd_per_eflop", r.usd_per_eflop)
  if type(r.breakdown) ~= "table" then fail(fn, path .. ".breakdown", "table", r.breakdown) end
  for _, k in ipairs(COMPONENTS) do
    check_number(fn, path .. ".breakdown." .. k, r.breakdown[k], true)
  end
  if r.per_hour ~= nil then
    if type(r.per_hour) ~= "table" then fail(fn, path .. ".per_hour", "table", r.per_hour) end
    for k, v in pairs(r.per_hour) do
      if type(k) == "string" then check_number(fn, path .. ".per_hour." .. k, v) end
    end
  end
  for _, k in ipairs { "useful_flop_per_h", "power_w", "kwh_per_eflop", "kg_co2_per_eflop" } do
    check_number(fn, path .. "." .. k, r[k], true)
  end
  for group, keys in pairs(OPTIONAL_GROUPS) do
    local g = r[group]
    if g ~= nil then
      if type(g) ~= "table" then fail(fn, path .. "." .. group, "table or nil", g) end
      for _, k in ipairs(keys) do check_number(fn, path .. "." .. group .. "." .. k, g[k], true) end
    end
  end
  if r["local"] ~= nil then check_string(fn, path .. ".local.currency", r["local"].currency, true) end
  return r
end

-- Accepts one result or an array of results; returns an array (internal:
-- plot and vega check their results with it).
local function check_results(fn, results)
  if type(results) ~= "table" then fail(fn, "results", "array of results", results) end
  if results.usd_per_eflop ~= nil then results = { results } end
  if #results == 0 then
    error(fullname(fn) .. ": field 'results': non-empty array of results expected, got empty table", 0)
  end
  for i, r in ipairs(results) do check_result(fn, "results[" .. i .. "]", r) end
  return results
end
M._check_results = check_results

local function component(r, k) return r.breakdown[k] or 0 end

-- ===================================================================
-- Number formatting
-- ===================================================================

--- x with n significant digits in fixed notation (trailing zeros kept):
-- sig(0.85, 3) = "0.850", sig(12.34, 3) = "12.3", sig(1234, 3) = "1234".
function M.sig(x, n)
  check.arg("flopcost.report.sig", "x", x, "number")
  n = check.optional("flopcost.report.sig", "n", n, function(k) return math.type(k) == "integer" and k >= 1 and k <= 17 end,
    "integer in [1, 17]") or 3
  if x == 0 then return "0" end
  -- the exponent after rounding to n digits (9.996 -> 1.00e+01)
  local e = tonumber(string.format("%." .. (n - 1) .. "e", x):match("e([-+]%d+)$"))
  local decimals = math.max(0, n - 1 - e)
  return string.format("%." .. decimals .. "f", x)
end

local SUFFIXES = { { 1e12, "T" }, { 1e9, "B" }, { 1e6, "M" }, { 1e3, "k" } }

--- Money with three significant digits: "$1.23", "$0.0421", "$12.3M", "-$0.31".
-- opts.sign = true writes "+" in front of positive amounts.
function M.usd(x, sign)
  if not finite(x) then return tostring(x) end
  local s = x < 0 and "-" or (sign and x > 0 and "+" or "")
  local a = math.abs(x)
  if a >= 1e15 then return s .. "$" .. string.format("%.2e", a) end
  for _, suf in ipairs(SUFFIXES) do
    -- 999.6e3 rounds to "1.00M", not "1000k"
    if a >= suf[1] * 0.9995 then return s .. "$" .. M.sig(a / suf[1], 3) .. suf[2] end
  end
  return s .. "$" .. M.sig(a, 3)
end

--- A percentage: one decimal below 10 %, whole numbers above ("62%", "4.5%").
function M.pct(p)
  if not finite(p) then return tostring(p) end
  if math.abs(p) >= 9.95 then return string.format("%.0f%%", p) end
  return string.format("%.1f%%", p)
end

--- A plain quantity with three significant digits and k/M/B suffixes.
function M.qty(x)
  if not finite(x) then return tostring(x) end
  local a = math.abs(x)
  if a >= 1e15 or (a > 0 and a < 1e-3) then return string.format("%.2e", x) end
  for _, suf in ipairs(SUFFIXES) do
    if a >= suf[1] * 0.9995 then return M.sig(x / suf[1], 3) .. suf[2] end
  end
  return M.sig(x, 3)
end

--- Scientific notation without "+" and leading exponent zeros: "1.15e18", "1e25".
function M.sci(x)
  check.arg("flopcost.report.sci", "x", x, function(v) return math.type(v) ~= nil end, "number")
  local s = string.format("%.3g", x)
  return (s:gsub("e%+?(%-?)0*(%d)", "e%1%2"))
end

--- An integer with thousands separators: 12000 -> "12,000".
function M.int(x)
  check.arg("flopcost.report.int", "x", x, function(v) return math.type(v) ~= nil and math.abs(v) < 2 ^ 53 end,
    "finite number of magnitude below 2^53")
  local s = string.format("%d", math.floor(x + 0.5))
  local sign, digits = s:match("^(%-?)(%d+)$")
  digits = digits:reverse():gsub("(%d%d%d)", "%1,"):reverse():gsub("^,", "")
  return sign .. digits
end

local function width(s) return utf8.len(s) or #s end

-- ===================================================================
-- Columns shared by table() and markdown()
-- ===================================================================

local function bd(k) return function(r) return component(r, k) end end
local function sub(g, k) return function(r) return r[g] and r[g][k] end end

local function label_of(r, o)
  if o.region_names and o.region_names[r.region] then return o.region_names[r.region] end
  if o.labels then return r.region_label or r.region end
  return r.region
end

local function interval_text(r, opts)
  local iv = r.interval
  if not (iv and iv.p05 and iv.p95) then return nil end
  local f = opts and opts.fmt_of and opts.fmt_of[M.COLUMNS.interval]
  if f then return string.format(f .. "-" .. f, iv.p05, iv.p95) end
  return M.usd(iv.p05) .. "-" .. M.usd(iv.p95)
end

--- The export-control access of a result's chips in its region (set by
-- fc.compare as r.availability): "domestic", "open", "licence", "denied" or
-- "denied (+100% grey)" (bought on the grey market at that premium); nil when unknown.
-- opts.short drops the premium.
function M.access_text(r, opts)
  check.arg("flopcost.report.access_text", "r", r, "table", "result table")
  check.optional("flopcost.report.access_text", "opts", opts, "table", "options table")
  local a = r.availability
  if type(a) ~= "table" then return nil end
  if a.domestic then return "domestic" end
  if not a.available then
    if (a.premium or 0) > 0 and not (opts and opts.short) then
      return ("denied (+%d%% grey)"):format(math.floor(a.premium * 100 + 0.5))
    end
    return "denied"
  end
  if a.licence_required then return "licence" end
  return "open"
end

--- Column definitions: header, value(r) (a number, used for sorting), and
-- either fmt(value) or text(r, opts) for the cell.
M.COLUMNS = {
  region = { header = "region", text = label_of, value = label_of },
  region_label = { header = "region", text = function(r) return r.region_label or r.region end },
  mix = { header = "mix", text = function(r) return r.mix end },
  usd_per_eflop = { header = "$/EFLOP", value = function(r) return r.usd_per_eflop end, fmt = M.usd },
  chip = { header = "chip", value = bd "chip", fmt = M.usd },
  server = { header = "server", value = bd "server", fmt = M.usd },
  network = { header = "network", value = bd "network", fmt = M.usd },
  server_network = { header = "server+net",
    value = function(r) return component(r, "server") + component(r, "network") end, fmt = M.usd },
  facility = { header = "facility", value = bd "facility", fmt = M.usd },
  energy = { header = "energy", value = bd "energy", fmt = M.usd },
  carbon = { header = "carbon", value = bd "carbon", fmt = M.usd },
  opex = { header = "opex", value = bd "opex", fmt = M.usd },
  cloud_usd_per_eflop = { header = "cloud $/EFLOP", value = sub("cloud", "usd_per_eflop"), fmt = M.usd },
  owned_to_cloud = { header = "owned/cloud", value = sub("cloud", "owned_to_cloud"),
    fmt = function(x) return string.format("%.2f", x) end },
  run_1e25_usd = { header = "1e25 run", value = function(r) return r.usd_per_eflop * 1e7 end, fmt = M.usd },
  interval = { header = "90% interval", value = sub("interval", "p50"), text = interval_text, align = "right" },
  per_hour_total = { header = "$/acc-h", value = sub("per_hour", "total"), fmt = M.usd },
  kwh_per_eflop = { header = "kWh/EFLOP", value = function(r) return r.kwh_per_eflop end, fmt = M.qty },
  kg_co2_per_eflop = { header = "kgCO2/EFLOP", value = function(r) return r.kg_co2_per_eflop end, fmt = M.qty },
  job_cost_usd = { header = "job cost", value = sub("job", "cost_usd"), fmt = M.usd },
  job_days = { header = "job days", value = sub("job", "days"), fmt = M.qty },
  -- export-control access of the mix's chips in the region (set by fc.compare)
  access = { header = "access", text = function(r, o) return M.access_text(r, { short = o.short_access }) end },
  local_per_eflop = { header = "local/EFLOP", value = sub("local", "per_eflop"),
    text = function(r)
      local l = r["local"]
      if not (l and l.per_eflop) then return nil end
      return (l.currency or "") .. " " .. M.sig(l.per_eflop, 3)
    end },
}

M.DEFAULT_COLUMNS = { "region", "mix", "usd_per_eflop", "chip", "server_network", "facility",
  "energy", "carbon", "opex", "cloud_usd_per_eflop", "owned_to_cloud", "run_1e25_usd", "interval" }

local function known_columns()
  local names = {}
  for k in pairs(M.COLUMNS) do names[#names + 1] = k end
  table.sort(names)
  return table.concat(names, ", ")
end

local function check_opts(fn, opts)
  if opts == nil then return {} end
  if type(opts) ~= "table" then
    error(string.format("flopcost.report.%s: options table expected, got %s", fn, type(opts)), 0)
  end
  return opts
end

local function select_columns(fn, results, opts)
  local ids = opts.columns
  if ids == nil then
    ids = {}
    local any_interval = false
    for _, r in ipairs(results) do if interval_text(r) then any_interval = true end end
    for _, id in ipairs(M.DEFAULT_COLUMNS) do
      if id ~= "interval" or any_interval then ids[#ids + 1] = id end
    end
  elseif type(ids) ~= "table" or #ids == 0 then
    fail(fn, "columns", "non-empty array of column names", ids)
  end
  local cols = {}
  for i, id in ipairs(ids) do
    local c = M.COLUMNS[id]
    if c == nil then
      error(string.format("flopcost.report.%s: field 'columns[%d]': one of %s expected, got %s",
        fn, i, known_columns(), got(id)), 0)
    end
    cols[i] = c
  end
  return cols
end

local function cell(c, r, opts)
  local s
  if c.text then
    s = c.text(r, opts)
  else
    local v = c.value(r)
    s = v ~= nil and (opts.fmt_of and opts.fmt_of[c] or c.fmt)(v) or nil
  end
  return s or "-"
end

--- Decimals that show the largest |value| with `digits` significant digits
-- (3 by default), clamped to 0..4: one count for a whole column, so the
-- decimal points line up (2.26 -> 2, 0.87 -> 3, 0.0086 -> 4, 15.1 -> 1).
function M.column_decimals(values, digits)
  check.arg("flopcost.report.column_decimals", "values", values, "table", "table of numbers")
  check.optional("flopcost.report.column_decimals", "digits", digits, function(k) return math.type(k) == "integer"
    and k >= 1 and k <= 17 end, "integer in [1, 17]")
  local maxabs = 0
  for _, v in pairs(values) do
    if finite(v) then maxabs = math.max(maxabs, math.abs(v)) end
  end
  if maxabs == 0 then return 2 end
  local e = tonumber(string.format("%.2e", maxabs):match("e([-+]%d+)$"))
  return math.max(0, math.min(4, (digits or 3) - 1 - e))
end

-- opts.decimals = "column": money columns below $1000 get one number of
-- decimals per column (report.column_decimals), with "$" unless opts.dollar == false.
local function column_formats(results, cols, opts)
  if opts.decimals ~= "column" then return nil end
  local fmts = {}
  for _, c in ipairs(cols) do
    if c.fmt == M.usd then
      local vals, big = {}, false
      for i, r in ipairs(results) do
        vals[i] = c.value(r)
        if vals[i] and math.abs(vals[i]) >= 999.5 then big = true end
      end
      if not big then
        local f = "%." .. M.column_decimals(vals) .. "f"
        local dollar = opts.dollar ~= false and "$" or ""
        fmts[c] = function(x)
          local s = string.format(f, math.abs(x))
          if s:match("^[0.]+$") then return dollar .. s end -- no "-0.00"
          return (x < 0 and "-" or "") .. dollar .. s
        end
      end
    end
  end
  local iv = M.COLUMNS.interval
  local p = {}
  for i, r in ipairs(results) do p[i] = r.interval and r.interval.p95 end
  local f = "%." .. M.column_decimals(p) .. "f"
  fmts[iv] = f
  return fmts
end

-- opts.sort: a column name ("usd_per_eflop"; "-usd_per_eflop" descending) or
-- a comparator function(a, b). Ties and missing values keep input order
-- (missing values last).
local function sorted(fn, results, opts)
  local s = opts.sort
  local out = {}
  for i, r in ipairs(results) do out[i] = r end
  if s == nil then return out end
  local index = {}
  for i, r in ipairs(out) do index[r] = i end
  if type(s) == "function" then
    table.sort(out, function(a, b)
      if s(a, b) then return true end
      if s(b, a) then return false end
      return index[a] < index[b]
    end)
    return out
  end
  if type(s) ~= "string" then fail(fn, "sort", "column name or function", s) end
  local desc, id = s:match("^(%-?)(.+)$")
  local c = M.COLUMNS[id]
  if c == nil or c.value == nil then
    error(string.format("flopcost.report.%s: field 'sort': sortable column name expected, got %s",
      fn, got(s)), 0)
  end
  local key = {}
  for _, r in ipairs(out) do key[r] = c.value(r, opts) end
  table.sort(out, function(a, b)
    local ka, kb = key[a], key[b]
    if ka == nil or kb == nil or ka == kb then
      if (ka == nil) ~= (kb == nil) then return kb == nil end
      return index[a] < index[b]
    end
    if desc == "-" then return ka > kb end
    return ka < kb
  end)
  return out
end

local function grid(fn, results, opts)
  opts = check_opts(fn, opts)
  results = check_results(fn, results)
  local cols = select_columns(fn, results, opts)
  local o = {}
  for k, v in pairs(opts) do o[k] = v end
  o.fmt_of = column_formats(results, cols, opts)
  opts = o
  local rows = {}
  for i, r in ipairs(sorted(fn, results, opts)) do
    local row = {}
    for j, c in ipairs(cols) do row[j] = cell(c, r, opts) end
    rows[i] = row
  end
  return cols, rows
end

local CAPTION = "$/EFLOP = USD per 1e18 useful training FLOP; 1e25 run = $/EFLOP x 1e7."

--- report.table(results [, opts]) -> string: an aligned plain-text table.
-- opts.columns: column names (report.COLUMNS; default report.DEFAULT_COLUMNS,
-- the interval column only when a result has one); opts.sort: see above;
-- opts.labels = true shows region labels instead of ids; opts.title: a line
-- above the table; opts.caption = false drops the units line below it.
function M.table(results, opts)
  local cols, rows = grid("table", results, opts)
  opts = opts or {}
  local w, hdr = {}, {}
  for j, c in ipairs(cols) do
    hdr[j] = opts.headers and opts.headers[opts.columns and opts.columns[j]] or c.header
    w[j] = width(hdr[j])
    for _, row in ipairs(rows) do w[j] = math.max(w[j], width(row[j])) end
  end
  local function line(cells)
    local parts = {}
    for j, c in ipairs(cols) do
      local pad = string.rep(" ", w[j] - width(cells[j]))
      parts[j] = (c.fmt or c.align == "right") and (pad .. cells[j]) or (cells[j] .. pad)
    end
    return (table.concat(parts, "  "):gsub("%s+$", ""))
  end
  local out = {}
  if opts.title then out[#out + 1] = tostring(opts.title) end
  local headers, rule = {}, {}
  for j = 1, #cols do
    headers[j] = hdr[j]
    rule[j] = string.rep("-", w[j])
  end
  out[#out + 1] = line(headers)
  out[#out + 1] = table.concat(rule, "  ")
  for _, row in ipairs(rows) do out[#out + 1] = line(row) end
  if opts.caption ~= false then out[#out + 1] = CAPTION end
  return table.concat(out, "\n") .. "\n"
end

--- report.markdown(results [, opts]) -> string: a GitHub-flavoured Markdown
-- table (one header line, one alignment line, one line per result).
-- Same opts as report.table (title and caption are not written).
function M.markdown(results, opts)
  local cols, rows = grid("markdown", results, opts)
  local function esc(s) return (s:gsub("\\", "\\\\"):gsub("|", "\\|"):gsub("[\r\n]+", " ")) end
  local function line(cells)
    local parts = {}
    for j = 1, #cols do parts[j] = esc(cells[j]) end
    return "| " .. table.concat(parts, " | ") .. " |"
  end
  local headers, align = {}, {}
  for j, c in ipairs(cols) do
    headers[j] = c.header
    align[j] = c.fmt and "---:" or ":---"
  end
  local out = { line(headers), "| " .. table.concat(align, " | ") .. " |" }
  for _, row in ipairs(rows) do out[#out + 1] = line(row) end
  return table.concat(out, "\n") .. "\n"
end

-- ===================================================================
-- One result as text (the engine's __tostring)
-- ===================================================================

local COMPONENT_LABEL = {
  chip = "chip", server = "server", network = "network", facility = "facility",
  energy = "energy", carbon = "carbon", opex = "opex",
}

local function title_of(r)
  local where = r.region_label and (r.region_label .. " (" .. r.region .. ")") or r.region
  return where .. ", " .. r.mix
end

--- report.result_string(result) -> string: a multi-line summary of one result.
function M.result_string(r)
  check_result("result_string", "result", r)
  local inference = require "flopcost.inference.report" -- a serving result reads in $ per million tokens
  if inference.is_result(r) then return inference.result_string(r) end
  local out = {}
  out[#out + 1] = title_of(r)
  out[#out + 1] = string.format("  %s per 1e18 useful training FLOP", M.usd(r.usd_per_eflop))
  local has_h = type(r.per_hour) == "table"
  out[#out + 1] = string.format("  %-10s %10s %7s%s", "component", "$/EFLOP", "share",
    has_h and string.format(" %10s", "$/acc-h") or "")
  for _, k in ipairs(COMPONENTS) do
    local v = component(r, k)
    local share = r.usd_per_eflop ~= 0 and 100 * v / r.usd_per_eflop or nil
    local h = has_h and r.per_hour[k] and string.format(" %10s", M.usd(r.per_hour[k])) or ""
    out[#out + 1] = string.format("  %-10s %10s %7s%s", COMPONENT_LABEL[k], M.usd(v),
      share and M.pct(share) or "-", h)
  end
  if has_h and r.per_hour.total then
    out[#out + 1] = string.format("  %-10s %10s %7s %10s", "total", M.usd(r.usd_per_eflop), "100%",
      M.usd(r.per_hour.total))
  end
  local facts = {}
  if r.useful_flop_per_h then facts[#facts + 1] = M.sci(r.useful_flop_per_h) .. " useful FLOP/h" end
  if r.power_w then facts[#facts + 1] = M.qty(r.power_w) .. " W" end
  if r.kwh_per_eflop then facts[#facts + 1] = M.qty(r.kwh_per_eflop) .. " kWh/EFLOP" end
  if r.kg_co2_per_eflop then facts[#facts + 1] = M.qty(r.kg_co2_per_eflop) .. " kg CO2/EFLOP" end
  if #facts > 0 then out[#out + 1] = "  per accelerator: " .. table.concat(facts, ", ") end
  if r.cloud and r.cloud.usd_per_eflop then
    local s = "  cloud rental: " .. M.usd(r.cloud.usd_per_eflop) .. "/EFLOP"
    if r.cloud.owned_to_cloud then
      s = s .. string.format("; owning costs %.2fx the cloud price", r.cloud.owned_to_cloud)
    end
    out[#out + 1] = s
  end
  local j = r.job
  if j and j.cost_usd then
    local parts = { M.usd(j.cost_usd) }
    if j.days then parts[#parts + 1] = M.qty(j.days) .. " days" end
    if j.chips then parts[#parts + 1] = M.int(j.chips) .. " chips" end
    if j.chip_hours then parts[#parts + 1] = M.qty(j.chip_hours) .. " chip-hours" end
    if j.mwh then parts[#parts + 1] = M.qty(j.mwh) .. " MWh" end
    if j.t_co2 then parts[#parts + 1] = M.qty(j.t_co2) .. " t CO2" end
    out[#out + 1] = string.format("  %s FLOP job: %s", j.flops and M.sci(j.flops) or "reference",
      table.concat(parts, ", "))
  end
  local l = r["local"]
  if l and l.per_eflop then
    out[#out + 1] = string.format("  local currency: %s %s/EFLOP", l.currency or "?", M.sig(l.per_eflop, 3))
  end
  local iv = r.interval
  if iv and iv.p05 and iv.p95 then
    out[#out + 1] = string.format("  90%% interval: %s to %s%s", M.usd(iv.p05), M.usd(iv.p95),
      iv.p50 and (" (median " .. M.usd(iv.p50) .. ")") or "")
  end
  return table.concat(out, "\n")
end

-- ===================================================================
-- CSV (RFC 4180) and JSON
-- ===================================================================

local function path_getter(...)
  local keys = { ... }
  return function(r)
    local v = r
    for _, k in ipairs(keys) do
      if type(v) ~= "table" then return nil end
      v = v[k]
    end
    return v
  end
end

--- CSV columns in order: name and getter. Empty cell = absent value.
M.CSV_FIELDS = {}
do
  local F = M.CSV_FIELDS
  local function add(name, ...) F[#F + 1] = { name = name, get = path_getter(...) } end
  for _, k in ipairs { "region", "region_label", "mix" } do add(k, k) end
  F[#F + 1] = { name = "access", get = function(r) return M.access_text(r) end }
  add("usd_per_eflop", "usd_per_eflop")
  for _, k in ipairs(COMPONENTS) do add("breakdown_" .. k, "breakdown", k) end
  for _, k in ipairs(COMPONENTS) do add("per_hour_" .. k, "per_hour", k) end
  add("per_hour_total", "per_hour", "total")
  for _, k in ipairs { "useful_flop_per_h", "power_w", "kwh_per_eflop", "kg_co2_per_eflop" } do add(k, k) end
  add("cloud_usd_per_eflop", "cloud", "usd_per_eflop")
  add("cloud_owned_to_cloud", "cloud", "owned_to_cloud")
  for _, k in ipairs(OPTIONAL_GROUPS.job) do add("job_" .. k, "job", k) end
  add("local_currency", "local", "currency")
  add("local_usd_per_eflop", "local", "usd_per_eflop")
  add("local_per_eflop", "local", "per_eflop")
  for _, k in ipairs(OPTIONAL_GROUPS.interval) do add("interval_" .. k, "interval", k) end
  for _, k in ipairs(INTERVAL_RUN) do add("interval_" .. k, "interval", k) end
  add("coupling", "inputs", "coupling")
  -- provenance: the same in every row (opts.provenance), so a row read alone still says where it came from
  for _, k in ipairs(PROVENANCE) do
    F[#F + 1] = { name = k, provenance = true, get = function(_, prov) return prov and prov[k] end }
  end
end

-- Per-chip inputs of the rows (r.inputs.members, set by fc.compare): columns
-- m1_chip, m1_share, m1_<field>... for as many chips as the largest mix has.
local function member_fields(results)
  local nmax, fields, seen = 0, {}, {}
  for _, r in ipairs(results) do
    local ms = type(r.inputs) == "table" and r.inputs.members
    if type(ms) == "table" then
      nmax = math.max(nmax, #ms)
      for _, m in ipairs(ms) do
        for k in pairs(m) do
          if k ~= "chip" and k ~= "share" and not seen[k] then seen[k] = true; fields[#fields + 1] = k end
        end
      end
    end
  end
  table.sort(fields)
  table.insert(fields, 1, "share")
  table.insert(fields, 1, "chip")
  local out = {}
  for i = 1, nmax do
    for _, k in ipairs(fields) do
      out[#out + 1] = { name = ("m%d_%s"):format(i, k), get = function(r)
        local ms = type(r.inputs) == "table" and r.inputs.members
        return type(ms) == "table" and ms[i] and ms[i][k] or nil
      end }
    end
  end
  return out
end

local function csv_field(s)
  if s:find('[,"\r\n]') then return '"' .. s:gsub('"', '""') .. '"' end
  return s
end

--- report.csv(results [, opts]) -> string. RFC 4180: a header row, CRLF line
-- ends (opts.eol = "\n" to change), fields with , " CR LF quoted with "" doubling.
-- Numbers are written so they read back to the same double (json.number_string).
function M.csv(results, opts)
  opts = check_opts("csv", opts)
  results = check_results("csv", results)
  local eol = opts.eol or "\r\n"
  if eol ~= "\r\n" and eol ~= "\n" then fail("csv", "eol", "'\\r\\n' or '\\n'", eol) end
  local prov = opts.provenance
  if prov ~= nil and type(prov) ~= "table" then fail("csv", "provenance", "table", prov) end
  local fields = {}
  for i, f in ipairs(M.CSV_FIELDS) do fields[i] = f end
  for _, f in ipairs(member_fields(results)) do fields[#fields + 1] = f end
  local lines, header = {}, {}
  for i, f in ipairs(fields) do header[i] = f.name end
  lines[1] = table.concat(header, ",")
  for _, r in ipairs(results) do
    local row = {}
    for i, f in ipairs(fields) do
      local v = f.get(r, prov)
      if v == nil then
        row[i] = ""
      elseif type(v) == "number" then
        row[i] = json.number_string(v)
      elseif type(v) == "boolean" then
        row[i] = v and "True" or "False" -- pandas reads these as booleans
      else
        row[i] = csv_field(tostring(v))
      end
    end
    lines[#lines + 1] = table.concat(row, ",")
  end
  return table.concat(lines, eol) .. eol
end

-- The known fields of a result, copied into plain tables (metatables,
-- functions and engine internals are left out).
local function plain(r, prov)
  local o = {}
  for _, k in ipairs { "region", "region_label", "mix", "usd_per_eflop", "useful_flop_per_h",
    "power_w", "kwh_per_eflop", "kg_co2_per_eflop" } do o[k] = r[k] end
  o.breakdown = {}
  for _, k in ipairs(COMPONENTS) do o.breakdown[k] = r.breakdown[k] end
  if type(r.per_hour) == "table" then
    o.per_hour = {}
    for _, k in ipairs(COMPONENTS) do o.per_hour[k] = r.per_hour[k] end
    o.per_hour.total = r.per_hour.total
  end
  for group, keys in pairs(OPTIONAL_GROUPS) do
    if r[group] then
      o[group] = {}
      for _, k in ipairs(keys) do o[group][k] = r[group][k] end
    end
  end
  if r["local"] then o["local"].currency = r["local"].currency end
  if r.interval then
    for _, k in ipairs(INTERVAL_RUN) do o.interval[k] = r.interval[k] end
  end
  o.access = M.access_text(r)
  if type(r.inputs) == "table" then
    o.inputs = { coupling = r.inputs.coupling, members = {} }
    for i, m in ipairs(r.inputs.members or {}) do
      o.inputs.members[i] = {}
      for k, v in pairs(m) do o.inputs.members[i][k] = v end
    end
  end
  if prov then
    o.provenance = {}
    for _, k in ipairs(PROVENANCE) do o.provenance[k] = prov[k] end
  end
  return o
end

--- report.json(results [, opts]) -> string: a JSON array of results, keys
-- sorted. opts.indent (e.g. "  ") pretty-prints. NaN/inf raise an error
-- naming the field ("flopcost.json.encode: field '$[1].breakdown.energy': ...").
function M.json(results, opts)
  opts = check_opts("json", opts)
  if type(results) == "table" and results.usd_per_eflop ~= nil then results = { results } end
  if type(results) ~= "table" or #results == 0 then
    fail("json", "results", "non-empty array of results", results)
  end
  return json.encode(M.plain_rows(results, opts), { indent = opts.indent }) .. "\n"
end

--- The rows of report.json as plain tables (for states that carry results).
function M.plain_rows(results, opts)
  check.arg("flopcost.report.plain_rows", "results", results, "list", "list of results")
  opts = check.optional("flopcost.report.plain_rows", "opts", opts, "table", "options table") or {}
  local arr = {}
  for i, r in ipairs(results) do
    if type(r) ~= "table" or type(r.breakdown) ~= "table" then
      fail("json", "results[" .. i .. "]", "result table", r)
    end
    arr[i] = plain(r, opts.provenance)
  end
  return arr
end

--- One JSON object per line (JSON Lines), the fields of report.json: for
-- streamed sweeps, whose rows are written as they are computed.
function M.json_rows(results)
  results = check_results("json_rows", results)
  local lines = {}
  for i, r in ipairs(results) do lines[i] = json.encode(plain(r)) end
  return table.concat(lines, "\n") .. "\n"
end

--- report.write(path, text) -> true, or nil, msg, token when the file cannot be written
-- (token from core.file.write: "io_error", "sandboxed", ...; flopcost.errors).
function M.write(path, text)
  if type(path) ~= "string" then
    error("flopcost.report.write: argument 'path': string expected, got " .. got(path), 2)
  end
  if type(text) ~= "string" then
    error("flopcost.report.write: argument 'text': string expected, got " .. got(text), 2)
  end
  -- atomic (temporary file, fsync, rename): a failed write keeps the old file
  local ok, werr, token = require("flopcost.core").file.write(path, text)
  if not ok then return nil, "flopcost.report.write: " .. werr, token end
  return true
end

--- report.write_all(files) -> paths, or nil, msg, token at the first failure:
-- files = { {path, text}, ... }, each written by report.write.
function M.write_all(files)
  check.each("flopcost.report.write_all", "files", files, function(f) return type(f) == "table"
    and type(f[1]) == "string" and type(f[2]) == "string" end, "{path, text} (two strings)")
  local paths = {}
  for i, f in ipairs(files) do
    local ok, err, token = M.write(f[1], f[2])
    if not ok then return nil, err, token end
    paths[i] = f[1]
  end
  return paths
end

-- ===================================================================
-- Differences explained by component
-- ===================================================================

local function short_label(r)
  return (r.region_label or r.region) .. " / " .. r.mix
end

local function list(items)
  if #items <= 1 then return items[1] or "" end
  return table.concat(items, ", ", 1, #items - 1) .. " and " .. items[#items]
end

local explain_mt = { __tostring = function(e) return e.text end }

--- report.explain(a, b) -> e: why b costs what it does relative to a.
-- e.gap = b.usd_per_eflop - a.usd_per_eflop; e.rows[i] = {component, a, b,
-- diff, share (% of the gap, signed; the shares sum to 100), text}, sorted by
-- |diff| (largest first); a component "other" appears when a breakdown does
-- not sum to its total. e.text (also tostring(e)) is one paragraph.
-- Shares are nil when the gap is zero.
function M.explain(a, b)
  check_result("explain", "a", a)
  check_result("explain", "b", b)
  local gap = b.usd_per_eflop - a.usd_per_eflop
  local rows = {}
  local sum_a, sum_b = 0, 0
  for _, k in ipairs(COMPONENTS) do
    local va, vb = component(a, k), component(b, k)
    sum_a, sum_b = sum_a + va, sum_b + vb
    rows[#rows + 1] = { component = k, a = va, b = vb, diff = vb - va }
  end
  local ra, rb = a.usd_per_eflop - sum_a, b.usd_per_eflop - sum_b
  local scale = math.max(math.abs(a.usd_per_eflop), math.abs(b.usd_per_eflop))
  if math.abs(rb - ra) > 1e-9 * scale then
    rows[#rows + 1] = { component = "other", a = ra, b = rb, diff = rb - ra }
  end
  for i, row in ipairs(rows) do row.order = i end
  table.sort(rows, function(x, y)
    local dx, dy = math.abs(x.diff), math.abs(y.diff)
    if dx ~= dy then return dx > dy end
    return x.order < y.order
  end)
  for _, row in ipairs(rows) do
    row.order = nil
    if gap ~= 0 then row.share = 100 * row.diff / gap end
    row.text = row.component .. ": " .. M.usd(row.diff, true) ..
      (row.share and (" (" .. M.pct(row.share) .. " of the gap)") or "")
  end

  local la, lb = short_label(a), short_label(b)
  local text
  if gap == 0 then
    text = string.format("%s and %s cost the same, %s per 1e18 FLOP.", lb, la, M.usd(a.usd_per_eflop))
  else
    local rel = ""
    if a.usd_per_eflop ~= 0 then
      rel = string.format(", %s%s", gap > 0 and "+" or "", M.pct(100 * gap / a.usd_per_eflop))
    end
    text = string.format("%s costs %s %s per 1e18 FLOP than %s (%s vs %s%s).", lb,
      M.usd(math.abs(gap)), gap > 0 and "more" or "less", la, M.usd(b.usd_per_eflop),
      M.usd(a.usd_per_eflop), rel)
    local drivers, offsets = {}, {}
    for _, row in ipairs(rows) do
      if row.share and math.abs(row.share) >= 0.5 then
        local item = string.format("%s (%s, %s)", row.component, M.usd(row.diff, true), M.pct(row.share))
        if row.share > 0 then drivers[#drivers + 1] = item else offsets[#offsets + 1] = item end
      end
    end
    if #drivers > 0 then
      text = text .. " The gap comes from " .. list(drivers) .. "."
    end
    if #offsets > 0 then
      text = text .. " Pulling the other way: " .. list(offsets) .. "."
    end
    text = text .. " Shares are of the gap and sum to 100%."
  end
  return setmetatable({ gap = gap, a = la, b = lb, rows = rows, text = text }, explain_mt), text
end

-- errors at the caller's line, not inside this file (flopcost.errors)
for _, name in ipairs { "table", "markdown", "result_string", "csv", "json", "plain_rows", "json_rows", "explain" } do
  M[name] = require("flopcost.errors").public(M[name])
end

return M
