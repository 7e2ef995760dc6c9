--- flopcost.stock: accelerators a supply chain can make in a year, the link
-- that binds, and the national compute stock they add up to.
--
--   fc.stock.supply{ chip = "Ascend-910C", years = {2025, 2026},
--                    inputs = { die_yield = 0.3, die_bank = { dies = 2.9e6, per_year = 1.45e6 } } }
--     --> { chips = {[2025] = ...}, binding = {[2025] = "hbm"}, shadow = {[2025] = {...}},
--           h100e = {[2025] = ...}, limits = ... }
--   fc.stock.national{ years = {2024, 2027}, samples = 20000, ratio = {"US", "CN"},
--                      inputs = { ["H20-CN"] = { [2026] = { licence_cap = 1e6 } } } }
--     --> stock by country and year in H100-equivalents, with 90 % intervals,
--         the binding link of every line and year, power and capex
--
-- The model (a minimum over wafers, packaging, HBM and licences; shadow
-- prices; cohort stock) is csrc/core/fc_stock.h; the figures are
-- models/supply.json, each with its source, date and range. This module
-- looks figures up and turns ranges into distributions; it computes nothing.
local core = require "flopcost.core"
local check = require "flopcost.check"
local errors = require "flopcost.errors"
local dist = require "flopcost.dist"
local range_rule = require "flopcost.ranges"

local M = {}
local C = core.stock

--- The inputs of a chip-year, in the core's order.
M.INPUTS = C.inputs

local function raise(fmt, ...) errors.raise(fmt:format(...)) end

--- The bundled models/supply.json, or the file at path (decoded, checked).
-- @tparam[opt] string path a flopcost.supply/1 file [path]
-- @treturn table the supply data: schema, as_of, lines (per line: name, chip, years, source, as_of) [supply]
-- @return nil, message, "io_error" when the file cannot be read [token]
-- @raise "flopcost.stock.load: argument 'path': path of a supply file expected, got 1" (and for a file that is
-- not flopcost.supply/1)
-- @usage fc.stock.load("/nonexistent/supply.json")  --> nil
function M.load(path)
  local fn = "flopcost.stock.load"
  path = check.optional(fn, "path", path, "string", "path of a supply file")
  if not path then -- beside the bundled catalog (fc.catalog.default_path: $FLOPCOST_MODELS, installed or source tree)
    local dir, err, token = require("flopcost.catalog").default_path()
    if not dir then return nil, fn .. ": " .. err, token end
    path = dir .. "/supply.json"
  end
  local text, err, token = core.file.read(path)
  if not text then return nil, fn .. ": " .. err, token end
  local data = core.json.decode(text, path)
  if type(data) ~= "table" or data.schema ~= "flopcost.supply/1" or type(data.lines) ~= "table" then
    raise("%s: %s: a flopcost.supply/1 file with lines expected", fn, path)
  end
  for i, ln in ipairs(data.lines) do
    if type(ln.name) ~= "string" or type(ln.chip) ~= "string" or type(ln.years) ~= "table" then
      raise("%s: %s: lines[%d]: name, chip and years expected", fn, path, i)
    end
    if type(ln.source) ~= "string" or ln.as_of == nil then
      raise("%s: %s: lines[%d] (%s): source and as_of expected", fn, path, i, ln.name)
    end
  end
  return data
end

-- A figure: a number, or {value, range, source, as_of}: value, range.
local function figure(v, where)
  if type(v) == "number" then return v, nil end
  if type(v) == "table" and type(v.value) == "number" then
    if type(v.source) ~= "string" or v.as_of == nil then
      raise("flopcost.stock: %s: a figure without source and as_of", where)
    end
    return v.value, v.range
  end
  raise("flopcost.stock: %s: number or figure {value, source, as_of} expected", where)
end

-- The distribution of a figure under ranges = "catalog", or nil (fixed).
local function uncertain(v, range, ranges)
  if ranges ~= "catalog" or not range then return nil end
  return range_rule.around(v, range[1], range[2])
end

-- Chip figures from the catalog: dense 16-bit peak, power, price, dies.
local function chip_figures(cat, name)
  local c = cat:chip(name)
  local pk = c.peak_tflops
  local dense = pk.bf16 or pk.fp16
  if not dense then raise("flopcost.stock: chip '%s': no 16-bit peak in the catalog", c.name) end
  local out = { name = c.name, dense16_tflops = dense, tdp_w = c.tdp_w, price_usd = c.price_usd or 0,
    server_power_multiple = c.server_power_multiple or 1.8, dies = c.dies or 1 }
  if c.die_area_mm2 and c.process then -- dies per wafer [D]: one logic die's area on the process's wafer
    local p = cat:process(c.process)
    local _, whole = core.yield.dies_per_wafer { wafer_diameter_mm = p.wafer_diameter_mm or 300,
      die_area_mm2 = c.die_area_mm2 / out.dies, edge_exclusion_mm = p.edge_exclusion_mm or 0,
      scribe_mm = p.scribe_mm or 0 }
    out.dies_per_wafer = whole
  end
  return out
end

-- One year's inputs of a line: values and (under ranges) distributions; the
-- catalog fills dies_per_wafer and dies_per_chip where the line gives wafers.
local function year_inputs(ln, year, chip, over, ranges)
  local src = ln.years and ln.years[tostring(year)]
  if not src then raise("flopcost.stock: line '%s' has no figures for %d", ln.name, year) end
  local vals, dists = {}, {}
  local oy = over[year] or {}
  for _, name in ipairs(M.INPUTS) do
    local v = oy[name]
    if v == nil then v = over[name] end
    if v == nil and src[name] ~= nil then
      local r
      v, r = figure(src[name], ln.name .. " " .. year .. " " .. name)
      dists[name] = uncertain(v, r, ranges)
    end
    if dist.is_dist(v) then dists[name], v = v, v:quantile(0.5) end
    vals[name] = v
  end
  if vals.wafers_per_month then
    vals.dies_per_wafer = vals.dies_per_wafer or chip.dies_per_wafer
    vals.dies_per_chip = vals.dies_per_chip or chip.dies
  end
  return vals, dists
end

-- The bank of a line {dies, per_year, start} as a year index, with its distributions.
local function bank_of(ln, over, years, ranges)
  local b = over.die_bank or ln.die_bank
  if not b then return nil end
  local dies, rd = figure(b.dies, ln.name .. " die_bank.dies")
  local per, rp = figure(b.per_year, ln.name .. " die_bank.per_year")
  local start = b.start and (b.start - years[1] + 1) or 1
  if start < 1 or start > #years then
    raise("flopcost.stock: %s: die_bank.start %s outside the years %d-%d", ln.name, tostring(b.start),
      years[1], years[#years])
  end
  return { dies = dies, per_year = per, start = math.tointeger(start) },
    { dies = uncertain(dies, rd, ranges), per_year = uncertain(per, rp, ranges) }
end

-- The core spec of some lines over years.
local function build(cat, data, lines, years, opts)
  local countries, index = {}, {}
  for _, c in ipairs(data.countries or {}) do
    countries[#countries + 1] = c
    index[c.name] = #countries
  end
  local spec = { years = #years, countries = #countries, pue = {}, lines = {} }
  for i, c in ipairs(countries) do spec.pue[i] = c.region and cat:region(c.region).pue or 1.2 end
  for _, ln in ipairs(lines) do
    local chip = chip_figures(cat, ln.chip)
    local over = (opts.inputs and opts.inputs[ln.name]) or {}
    local life = figure(over.life_years or ln.life_years or 5, ln.name .. " life_years")
    local row = { name = ln.name, country = index[ln.country] or raise("flopcost.stock: line '%s': country '%s' "
      .. "not in the file's countries", ln.name, tostring(ln.country)), dense16_tflops = chip.dense16_tflops,
      life_years = life, tdp_w = chip.tdp_w, server_power_multiple = chip.server_power_multiple,
      price_usd = chip.price_usd, values = {}, dists = {} }
    for t, y in ipairs(years) do row.values[t], row.dists[t] = year_inputs(ln, y, chip, over, opts.ranges) end
    row.bank, row.bank_dists = bank_of(ln, over, years, opts.ranges)
    spec.lines[#spec.lines + 1] = row
  end
  return spec, countries
end

local function year_list(fn, years)
  check.arg(fn, "years", years, "list", "{first, last} years")
  local a, b = years[1], years[#years]
  if math.type(a) ~= "integer" or math.type(b) ~= "integer" or b < a or b - a > 63 then
    raise("%s: argument 'years': {first, last} integer years (at most 64) expected", fn)
  end
  local out = {}
  for y = a, b do out[#out + 1] = y end
  return out
end

-- {[line name] = {[year] = x}} from the core's {[line index] = {[t] = x}}.
local function by_year(grid, names, years)
  local out = {}
  for i, series in ipairs(grid) do
    local t = {}
    for k, y in ipairs(years) do t[y] = series[k] end
    out[names[i]] = t
  end
  return out
end

local function run(fn, opts, pick)
  opts = check.arg(fn, "options", opts, "table", "options table")
  local cat = opts.catalog or require("flopcost.catalog").load()
  local data, derr = opts.supply, nil
  if data == nil then data, derr = M.load() end
  if data == nil then check.fail(fn, "%s", tostring(derr)) end
  check.field(fn, "options", opts.supply and opts or { supply = data }, "supply", "table", "supply data (stock.load())")
  local years = year_list(fn, opts.years or { 2024, 2027 })
  local lines = pick(data)
  local spec, countries = build(cat, data, lines, years, opts)
  local lnames, cnames, line_country = {}, {}, {}
  for i, c in ipairs(countries) do cnames[i] = c.name end
  for i, l in ipairs(spec.lines) do lnames[i], line_country[l.name] = l.name, cnames[l.country] end
  local p = C.eval(spec)
  local res = { years = years, lines = lnames, countries = cnames, line_country = line_country,
    as_of = data.as_of, sources = data.published,
    chips = by_year(p.chips, lnames, years), binding = by_year(p.binding, lnames, years),
    shadow = by_year(p.shadow, lnames, years), h100e = by_year(p.h100e, cnames, years),
    produced_h100e = by_year(p.produced_h100e, cnames, years), it_gw = by_year(p.it_gw, cnames, years),
    facility_gw = by_year(p.facility_gw, cnames, years), capex_usd = by_year(p.capex_usd, cnames, years) }
  return res, spec, cnames, lnames
end

--- The chips one chip's supply chain makes in each year (see the header): the minimum over wafers x
-- dies x yield (+ die bank), packaging, HBM stacks and licences (csrc/core/fc_stock.h).
-- @tparam table opts the line
-- @tparam string opts.chip a supply line of models/supply.json, e.g. "Ascend-910C" [name]
-- @tparam table opts.years {first, last} [year]
-- @tparam[opt] table opts.inputs figures replacing the file's, e.g. {die_yield = 0.3} [units of the figure]
-- @treturn table chips {[year] = chips} [count/year], binding {[year] = link} [name], shadow {[year] =
-- {...}} [chips per unit of the link], h100e {[year] =} [H100-equivalents/year]
-- @raise "flopcost.stock.supply: ..." for an unknown line, field or a figure out of its domain
-- @usage fc.stock.supply{chip = "H100-SXM", years = {2024, 2025}}.binding[2024]   --> "packaging"
function M.supply(opts)
  local fn = "flopcost.stock.supply"
  check.arg(fn, "options", opts, "table", "options table")
  check.field(fn, "options", opts, "chip", "string", "chip name")
  local inputs = check.optional(fn, "inputs", opts.inputs, "table", "table of inputs") or {}
  local line
  local res = run(fn, { years = opts.years, catalog = opts.catalog, supply = opts.supply,
    inputs = { [opts.chip] = inputs } }, function(data)
      for _, ln in ipairs(data.lines) do if ln.chip == opts.chip or ln.name == opts.chip then line = ln end end
      line = line or { name = opts.chip, chip = opts.chip, country = (data.countries[1] or {}).name,
        source = "the caller's inputs", as_of = "now", years = {} }
      local copy = setmetatable({ name = opts.chip }, { __index = line })
      if not line.years[tostring((opts.years or { 2024 })[1])] then -- inputs only: every year from inputs
        copy.years = setmetatable({}, { __index = function() return {} end })
      end
      return { copy }
    end)
  local name = res.lines[1]
  return { years = res.years, chips = res.chips[name], binding = res.binding[name], shadow = res.shadow[name],
    h100e = res.produced_h100e[res.countries[1]] }
end

--- National stock by country and year; with samples, 90 % intervals over
-- every ranged figure (ranges = "catalog", the default when samples is set).
-- @tparam table opts the stock
-- @tparam table opts.years {first, last}, at most 64 years [year]
-- @tparam[opt] integer opts.samples joint draws for the intervals [count]
-- @tparam[opt] table opts.ratio {"US", "CN"}: the ratio of two countries' stock [name]
-- @tparam[opt] table opts.inputs line = {[year] = {figure = value}} what-ifs [units of the figure]
-- @treturn table h100e {[country] = {[year] =}} [H100-equivalents], chips, binding, it_gw [GW],
-- facility_gw [GW], capex_usd [USD], countries, lines, sources; interval with samples
-- @raise "flopcost.stock.national: argument 'years': {first, last} integer years (at most 64) expected"
-- @usage fc.stock.national{years = {2024, 2025}}.h100e.US[2025]   --> 9.455e6
function M.national(opts)
  local fn = "flopcost.stock.national"
  opts = check.optional(fn, "options", opts, "table", "options table") or {}
  if opts.samples and opts.ranges == nil then opts.ranges = "catalog" end
  local res, spec, cnames = run(fn, opts, function(data)
    local out = {}
    for _, ln in ipairs(data.lines) do
      if not opts.country or ln.country == opts.country then out[#out + 1] = ln end
    end
    return out
  end)
  if opts.samples then
    if opts.ratio then
      local a, b
      for i, c in ipairs(cnames) do
        if c == opts.ratio[1] then a = i end
        if c == opts.ratio[2] then b = i end
      end
      spec.ratio = { a or raise("%s: ratio: unknown country '%s'", fn, tostring(opts.ratio[1])),
        b or raise("%s: ratio: unknown country '%s'", fn, tostring(opts.ratio[2])) }
    end
    spec.rank_correlation = opts.rank_correlation
    local mc = C.montecarlo(spec, { samples = opts.samples, seed = opts.seed or 1, keep_samples = opts.keep_samples })
    res.interval = { h100e = by_year(mc.h100e, cnames, res.years), chips = by_year(mc.chips, res.lines, res.years),
      ratio = mc.ratio and by_year({ mc.ratio }, { "ratio" }, res.years).ratio,
      samples = math.tointeger(mc.samples) or mc.samples, seed = math.tointeger(mc.seed) or mc.seed,
      generator = mc.generator }
  end
  return res
end

--- Sobol indices of one country's stock in one year over every ranged figure of the supply
-- file (opts.ranges is set to "catalog").
-- @tparam table opts fc.stock.national's options and:
-- @tparam[opt] string opts.country the country (default the first) [name]
-- @tparam[opt] integer opts.year the year (default the last) [year]
-- @tparam[opt=4096] integer opts.samples base samples N [count]
-- @tparam[opt=1] integer opts.seed the seed [seed]
-- @treturn {table,...} per input: input ("line year figure") [name], first, total, first_lo, first_hi,
-- total_lo, total_hi [share of variance] [rows]
-- @raise "flopcost.stock.sobol: argument 'options': options table expected, got 1"
-- @usage #fc.stock.sobol{country = "US", year = 2025, samples = 256, seed = 1}  --> 32
function M.sobol(opts)
  local fn = "flopcost.stock.sobol"
  opts = check.arg(fn, "options", opts, "table", "options table")
  opts.ranges = "catalog"
  local res, spec, cnames = run(fn, opts, function(data) return data.lines end)
  local ci
  for i, c in ipairs(cnames) do if c == (opts.country or cnames[1]) then ci = i end end
  if not ci then raise("%s: unknown country '%s'", fn, tostring(opts.country)) end
  local yi = opts.year and (opts.year - res.years[1] + 1) or #res.years
  local idx = C.sobol(spec, { samples = opts.samples or 4096, seed = opts.seed or 1, country = ci,
    year = math.tointeger(yi) })
  for _, r in ipairs(idx) do -- "lines[2] year 3 x" -> "H20-CN 2026 x"
    r.input = r.input:gsub("^lines%[(%d+)%] year (%d+)", function(l, t)
      return res.lines[tonumber(l)] .. " " .. res.years[tonumber(t)] end):gsub("^lines%[(%d+)%]", function(l)
      return res.lines[tonumber(l)] end)
  end
  return idx
end

return M
