--- flopcost.report.table: results as aligned plain-text and Markdown tables
-- (the columns they share, their formats, sorting). (internal)
-- Trailing white space off, in linear time: ("%s+$") retries from every
-- space of a run, quadratic on a label of 2e5 spaces and a letter (issue 22).
local function rtrim(text)
  local i = #text
  while i > 0 and text:find("^%s", i) do i = i - 1 end
  return text:sub(1, i)
end

local check = require "flopcost.check"
local validate = require "flopcost.report.validate"
local fmt = require "flopcost.report.format"
local fail = validate.fail
local check_results, component, finite = validate.check_results, validate.component, validate.finite
local width = fmt.width

local M = {}

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
  return fmt.usd(iv.p05) .. "-" .. fmt.usd(iv.p95)
end

--- The export-control access of a result's chips in its region (set by
-- fc.compare as r.availability): "domestic", "open", "licence", "denied" or
-- "denied (+100% grey)" (bought on the grey market at that premium); nil when unknown.
-- @tparam table r a result (s:evaluate() or a compare grid's row) [result]
-- @tparam[opt] table opts short = true drops the premium [boolean]
-- @treturn string the access, or nil when the result carries none [text]
-- @raise "flopcost.report.access_text: argument 'r': result table expected, got 1"
-- @usage fc.report.access_text{availability = {available = false, premium = 1}}  --> "denied (+100% grey)"
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
  if a.licence_required then
    -- a licensed sale pays its status's premium (a fee or revenue share): say so
    if (a.premium or 0) > 0 and not (opts and opts.short) then
      return ("licence (+%d%%)"):format(math.floor(a.premium * 100 + 0.5))
    end
    return "licence"
  end
  return "open"
end

--- Column definitions: header, value(r) (a number, used for sorting), and
-- either fmt(value) or text(r, opts) for the cell.
M.COLUMNS = {
  region = { header = "region", text = label_of, value = label_of },
  region_label = { header = "region", text = function(r) return r.region_label or r.region end },
  mix = { header = "mix", text = function(r) return r.mix end },
  usd_per_eflop = { header = "$/EFLOP", value = function(r) return r.usd_per_eflop end, fmt = fmt.usd },
  chip = { header = "chip", value = bd "chip", fmt = fmt.usd },
  server = { header = "server", value = bd "server", fmt = fmt.usd },
  network = { header = "network", value = bd "network", fmt = fmt.usd },
  server_network = { header = "server+net",
    value = function(r) return component(r, "server") + component(r, "network") end, fmt = fmt.usd },
  facility = { header = "facility", value = bd "facility", fmt = fmt.usd },
  energy = { header = "energy", value = bd "energy", fmt = fmt.usd },
  carbon = { header = "carbon", value = bd "carbon", fmt = fmt.usd },
  opex = { header = "opex", value = bd "opex", fmt = fmt.usd },
  cloud_usd_per_eflop = { header = "cloud $/EFLOP", value = sub("cloud", "usd_per_eflop"), fmt = fmt.usd },
  owned_to_cloud = { header = "owned/cloud", value = sub("cloud", "owned_to_cloud"),
    fmt = function(x) return string.format("%.2f", x) end },
  run_1e25_usd = { header = "1e25 run", value = function(r) return r.usd_per_eflop * 1e7 end, fmt = fmt.usd },
  interval = { header = "90% interval", value = sub("interval", "p50"), text = interval_text, align = "right" },
  per_hour_total = { header = "$/acc-h", value = sub("per_hour", "total"), fmt = fmt.usd },
  kwh_per_eflop = { header = "kWh/EFLOP", value = function(r) return r.kwh_per_eflop end, fmt = fmt.qty },
  kg_co2_per_eflop = { header = "kgCO2/EFLOP", value = function(r) return r.kg_co2_per_eflop end, fmt = fmt.qty },
  -- on site + off site (fc_compose_water); absent for a region without water figures
  water_l_per_eflop = { header = "L/EFLOP", value = function(r) return r.water_l_per_eflop end, fmt = fmt.qty },
  -- months from the decision to build to power (fc.scenario{build = ...}); absent without a build-out
  time_to_power_months = { header = "power mo", value = function(r) return r.time_to_power_months end,
    fmt = function(x) return ("%g"):format(x) end },
  job_cost_usd = { header = "job cost", value = sub("job", "cost_usd"), fmt = fmt.usd },
  job_days = { header = "job days", value = sub("job", "days"), fmt = fmt.qty },
  -- export-control access of the mix's chips in the region (set by fc.compare)
  access = { header = "access", text = function(r, o) return M.access_text(r, { short = o.short_access }) end },
  local_per_eflop = { header = "local/EFLOP", value = sub("local", "per_eflop"),
    text = function(r)
      local l = r["local"]
      if not (l and l.per_eflop) then return nil end
      return (l.currency or "") .. " " .. fmt.sig(l.per_eflop, 3)
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
    check.bad_arg("flopcost.report." .. fn, "opts", "options table", opts)
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
      fail(fn, ("columns[%d]"):format(i), "one of " .. known_columns(), id)
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
-- @tparam {number,...} values the column [any unit]
-- @tparam[opt=3] integer digits significant digits of the largest [count]
-- @treturn integer decimals, 0 to 4 [count]
-- @raise "flopcost.report.column_decimals: argument 'values': table of numbers expected, got 'x'"
-- @usage fc.report.column_decimals({2.26, 0.87})  --> 2
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
    if c.fmt == fmt.usd then
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
    fail(fn, "sort", "sortable column name", s)
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
-- @tparam {table,...} results scenario results (s:evaluate()) or a compare grid's rows [USD per 1e18 FLOP]
-- @tparam[opt] table opts columns: names from report.COLUMNS (default report.DEFAULT_COLUMNS, the
-- interval column only when a result has one) [name]; sort: "cost" or nil (as given) [name];
-- labels = true: region labels instead of ids [boolean]; title: a line above the table [text];
-- caption = false drops the units line below it [boolean]
-- @treturn string the table, one line per result, money in USD per 1e18 FLOP [text]
-- @raise "flopcost.report.table: argument 'results': non-empty array of results expected, got empty table"
-- @usage local r = fc.scenario{region = "us-va", chip = "H100-SXM"}:evaluate();
--   fc.report.table({r})  --> "region  mix..."
function M.table(results, opts)
  -- results that serve a model read in $ per million tokens (flopcost.inference.report)
  local inference = require "flopcost.inference.report"
  -- (options ask for training's table and its columns: they keep it)
  if (opts == nil or (type(opts) == "table" and next(opts) == nil)) and inference.all(results) then
    return inference.table(results)
  end
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
    return rtrim(table.concat(parts, "  "))
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
-- @tparam {table,...} results as report.table takes them [USD per 1e18 FLOP]
-- @tparam[opt] table opts as report.table's (title and caption are not written) [options]
-- @treturn string the Markdown table [text]
-- @raise "flopcost.report.markdown: argument 'results': non-empty array of results expected, got empty table"
-- @usage local r = fc.scenario{region = "us-va", chip = "H100-SXM"}:evaluate();
--   fc.report.markdown({r})  --> "| region | mix |..."
function M.markdown(results, opts)
  local inference = require "flopcost.inference.report"
  -- (options ask for training's table and its columns: they keep it)
  if (opts == nil or (type(opts) == "table" and next(opts) == nil)) and inference.all(results) then
    return inference.markdown(results)
  end
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

M.check_opts = check_opts

return M
