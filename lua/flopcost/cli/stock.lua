--- flopcost stock: installed AI compute by country and year, limited by what
-- the supply chain can make (models/supply.json, fc.stock.national).
local M = {}

M.summary = "Compute stock by country: chips the supply chain allows, per year, with intervals."

M.description = "Chips made (or licensed) per year = the minimum over wafers x dies x yield (+ die bank), "
  .. "packaging, HBM stacks and licence caps; the installed stock in H100-equivalents with 90% intervals "
  .. "over every ranged figure of models/supply.json, and the link that binds each line."

local FORMATS = { "table", "csv", "json" }

function M.configure(p, common)
  p:option("--years", "First and last year, e.g. 2024-2027."):argname("A-B"):default("2024-2027")
  p:option("--samples", "Monte Carlo draws over the ranged figures (0: point figures only)."):argname("N")
    :default("20000"):convert(common.number { name = "--samples", integer = true, min = 0, max = 1e6 })
  p:option("--seed", "Seed of the draws."):argname("S"):default("1")
    :convert(common.number { name = "--seed", integer = true, min = 0, max = 2 ^ 53, max_text = "2^53" })
  p:option("--set", "A what-if on a supply line: LINE.INPUT=VALUE (every year) or LINE.YEAR.INPUT=VALUE, "
    .. "e.g. H20-CN.2026.licence_cap=1e6 (see 'flopcost stock --lines')."):argname("LINE[.YEAR].INPUT=X")
    :count("*")
  p:option("--rank-correlation", "Correlate two inputs in every line-year, e.g. "
    .. "hbm_stacks_per_year,packages_per_month,0.5 (Gaussian copula, Spearman rho)."):argname("A,B,RHO")
    :count("*"):target("rank_correlation")
  p:flag("--lines", "List the supply lines and their inputs, then exit.")
  p:flag("--drivers", "Also print the Sobol drivers of each country's last-year stock.")
  p:option("--format", "Output format."):argname(common.choices_argname(FORMATS)):default("table")
    :convert(common.choice(FORMATS, "--format"))
  p:option("--out", "Write PREFIX.svg (stock by year with 90% bands), PREFIX.csv and PREFIX.json."):argname("PREFIX")
    :convert(common.out_prefix)
  p:option("--supply", "A supply file instead of the bundled models/supply.json."):argname("FILE")
end

-- "2024-2027" -> {2024, 2027}
local function years_of(text, common)
  local a, b = text:match("^(%d%d%d%d)%-(%d%d%d%d)$")
  if not a then a = text:match("^(%d%d%d%d)$"); b = a end
  a, b = tonumber(a), tonumber(b)
  if not a or b < a or b - a > 63 then common.usage(("--years: '%s': A-B (e.g. 2024-2027) expected"):format(text)) end
  return { math.tointeger(a), math.tointeger(b) }
end

-- --set LINE[.YEAR].INPUT=X into {[line] = {[year] = {[input] = x}} or {[input] = x}}
local function overrides(sets, data, common, fc)
  local names, inputs = {}, {}
  for _, ln in ipairs(data.lines) do names[#names + 1] = ln.name end
  for _, n in ipairs(fc.stock.INPUTS) do inputs[n] = true end
  local out = {}
  for _, text in ipairs(sets or {}) do
    local lhs, v = text:match("^(.-)=(.*)$")
    local x = tonumber(v)
    if not lhs or not x or x ~= x or x == math.huge or x == -math.huge then
      common.usage(("--set '%s': LINE[.YEAR].INPUT=NUMBER expected"):format(text))
    end
    local line, year, input = lhs:match("^(.+)%.(%d%d%d%d)%.([%w_]+)$")
    if not line then line, input = lhs:match("^(.+)%.([%w_]+)$") end
    local known = false
    for _, n in ipairs(names) do known = known or n == line end
    if not known then common.usage(("--set: unknown line '%s'%s"):format(tostring(line),
      common.did_you_mean(line or "", names))) end
    if not inputs[input] then common.usage(("--set: unknown input '%s'%s"):format(tostring(input),
      common.did_you_mean(input or "", fc.stock.INPUTS))) end
    out[line] = out[line] or {}
    if year then
      local y = math.tointeger(tonumber(year))
      out[line][y] = out[line][y] or {}
      out[line][y][input] = x
    else
      out[line][input] = x
    end
  end
  return out
end

local function list_lines(data, common, fc)
  local wrap = require("flopcost.compare").wrap
  for _, ln in ipairs(data.lines) do
    local years = {}
    for y in pairs(ln.years) do years[#years + 1] = y end
    table.sort(years)
    local ins = {}
    for _, n in ipairs(fc.stock.INPUTS) do
      for _, y in ipairs(years) do if ln.years[y][n] ~= nil then ins[#ins + 1] = n break end end
    end
    common.out(("%-22s %-12s %s  %s"):format(ln.name, ln.chip, ln.country, table.concat(years, ",")))
    common.out(table.concat(wrap("inputs: " .. table.concat(ins, ", ") .. (ln.die_bank and ", die_bank" or ""),
      100, "  "), "\n"))
  end
  return 0
end

function M.run(a, common)
  local fc = require "flopcost"
  local data = a.supply and assert(fc.stock.load(a.supply)) or fc.stock.load()
  if a.lines then return list_lines(data, common, fc) end
  local opts = { years = years_of(a.years, common), supply = data, inputs = overrides(a.set, data, common, fc),
    ratio = { "US", "CN" }, seed = a.seed }
  if a.samples > 0 then opts.samples = a.samples end
  for _, text in ipairs(a.rank_correlation or {}) do
    local x, y, rho = text:match("^([%w_]+),([%w_]+),([-%d.eE+]+)$")
    if not x or not tonumber(rho) then common.usage(("--rank-correlation '%s': A,B,RHO expected"):format(text)) end
    opts.rank_correlation = opts.rank_correlation or {}
    opts.rank_correlation[#opts.rank_correlation + 1] = { x, y, tonumber(rho) }
  end
  if opts.rank_correlation and not opts.samples then common.usage("--rank-correlation needs --samples above 0") end
  local res = fc.stock.national(opts)
  local view = require "flopcost.cli.stock_view"
  local text = a.format == "csv" and view.csv(res, a) or a.format == "json" and view.json(res, a) or view.table(res, a)
  io.stdout:write(text)
  if a.drivers and opts.samples then view.drivers(res, opts, common) end
  if a.out then
    local files = { { a.out .. ".svg", view.chart(res, a) }, { a.out .. ".csv", view.csv(res, a) },
      { a.out .. ".json", view.json(res, a) } }
    local ok, err = require("flopcost.report").write_all(files, a.out)
    if not ok then common.fail(err) end
    common.note(("wrote %s.svg, %s.csv, %s.json"):format(a.out, a.out, a.out))
  end
  return 0
end

return M
