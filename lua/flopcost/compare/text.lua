--- flopcost.compare.text: the text of `flopcost compare`, at most 100 columns
-- (grouped by mix, short region names with a legend, each mix's gap), or --wide. (internal)
local check = require "flopcost.check"
local common = require "flopcost.compare.common"
local explain = require "flopcost.compare.explain"
local output = require "flopcost.compare.output"
local FN, check_grid = common.FN, common.check_grid

local M = {}


--- Short region names for a 100-column table: ids up to 7 characters as
-- they are, longer ones cut to 6 ("cn-guizhou" -> "cn-gui"), lengthened
-- until unique. -> names (id -> short), legend lines ("cn-gui  cn-guizhou: China - Guizhou ...")
local function short_regions(results)
  local ids, labels, seen = {}, {}, {}
  for _, r in ipairs(results) do
    if not seen[r.region] then
      seen[r.region] = true
      ids[#ids + 1] = r.region
      labels[r.region] = r.region_label
    end
  end
  table.sort(ids)
  local names, taken = {}, {}
  for _, id in ipairs(ids) do
    local n = #id <= 7 and id or id:sub(1, 6)
    local k = 6
    while taken[n] and k < #id do k = k + 1; n = id:sub(1, k) end
    taken[n] = true
    names[id] = n
  end
  local legend = {}
  for _, id in ipairs(ids) do
    if names[id] ~= id or labels[id] then
      legend[#legend + 1] = names[id] .. (names[id] ~= id and (" = " .. id) or "")
        .. (labels[id] and (": " .. labels[id]) or "")
    end
  end
  return names, legend
end

--- compare.wrap(text, width, indent [, first]): greedy word wrap of `text` to `width` columns,
-- continuation lines indented (the CLI's and the text table's notes).
-- @tparam string text the words [text]
-- @tparam number width columns, >= 1 [columns]
-- @tparam string indent put in front of every line but the first [text]
-- @tparam[opt=""] string first put in front of the first line [text]
-- @treturn {string,...} the lines [text]
-- @raise "flopcost.compare.wrap: argument 'width': number >= 1 expected, got 0"
-- @usage fc.compare.wrap("one two three", 8, "  ")[2]  --> "  three"
function M.wrap(text, width, indent, first)
  local fn = FN .. ".wrap"
  check.arg(fn, "text", text, "string")
  check.arg(fn, "width", width, function(w) return math.type(w) ~= nil and w >= 1 end, "number >= 1")
  check.arg(fn, "indent", indent, "string")
  check.optional(fn, "first", first, "string")
  local lines, cur = {}, first or ""
  for word in text:gmatch("%S+") do
    if #cur > #(first or "") and #cur + 1 + #word > width then
      lines[#lines + 1] = cur
      cur = indent .. word
    else
      cur = (#cur > #(first or "") and (cur .. " ") or cur) .. word
    end
  end
  lines[#lines + 1] = cur
  return lines
end
local wrap = M.wrap

-- The subtitle lines of a run's what-ifs and catalog ("  what-ifs: --set utilization=0.6"), if any.
local function whatif_lines(prov)
  local parts = {}
  if prov.catalog and prov.catalog ~= "bundled" then parts[#parts + 1] = "catalog " .. prov.catalog end
  if prov.whatifs and prov.whatifs ~= "none" then parts[#parts + 1] = prov.whatifs end
  if #parts == 0 then return {} end
  return wrap("what-ifs: " .. table.concat(parts, "; "), 100, "    ", "  ")
end

M.whatif_lines = whatif_lines -- internal: an inference study's table says the same (inference/compare.lua)

-- One mix's gap in one or two short lines: "cn-eas costs $1.31 (+87%) more than us-tx: chip +$0.571 (43%), ..."
local function gap_line(rs, names)
  local report = require "flopcost.report"
  local lo, hi = rs[1], rs[#rs]
  local e = report.explain(lo, hi)
  local a, b = names[lo.region] or lo.region, names[hi.region] or hi.region
  if e.gap == 0 then return ("%s and %s cost the same"):format(b, a) end
  local parts = {}
  for _, row in ipairs(e.rows) do
    if row.share and math.abs(row.share) >= 0.5 then
      parts[#parts + 1] = ("%s %s (%s)"):format(row.component, report.usd(row.diff, true), report.pct(row.share))
    end
  end
  return ("gap: %s costs %s more than %s (%s), from %s"):format(b, report.usd(e.gap),
    a, report.pct(100 * e.gap / lo.usd_per_eflop):gsub("^(%d)", "+%1"), table.concat(parts, ", "))
end

-- " at +100%" when every denied row pays the same grey-market premium.
local function premium_text(results)
  local p
  for _, r in ipairs(results) do
    local a = r.availability
    if type(a) == "table" and a.available == false and not a.domestic then
      if p ~= nil and p ~= a.premium then return " at a premium" end
      p = a.premium
    end
  end
  return p and p > 0 and (" at +%d%%"):format(math.floor(p * 100 + 0.5)) or " at a premium"
end

-- The cloud side, grouped by mix: the rental the rows used (price, term, tier,
-- date of the listing; its source once), or "none" and why, with the regions;
-- then the cloud cost of the study's run (its job) per row; 100 columns.
local function cloud_lines(results, names)
  local cloud, report = require "flopcost.report.cloud", require "flopcost.report"
  local groups, order, sources, seen_src, runs, run_flops = {}, {}, {}, {}, {}, nil
  for _, r in ipairs(results) do
    local none = cloud.none(r)
    local what = none and (r.mix .. "\0" .. none) or cloud.text(r) or (r.mix .. "\0" .. "rental not recorded")
    if not groups[what] then groups[what] = {}; order[#order + 1] = what end
    groups[what][#groups[what] + 1] = names[r.region] or r.region
    for _, q in ipairs(cloud.rentals(r)) do
      if q.source and not seen_src[q.source] then
        seen_src[q.source] = true
        sources[#sources + 1] = q.chip .. ": " .. q.source
      end
    end
    local usd = cloud.run_usd(r)
    if usd then
      runs[#runs + 1] = ("%s %s %s"):format(r.mix, names[r.region] or r.region, report.usd(usd))
      run_flops = r.job.flops
    end
  end
  local out = { "Cloud: the rental each row used (price, term, tier, date of the listing), or none and why:" }
  local function add(text, first)
    for _, l in ipairs(wrap(text, 100, "      ", first)) do out[#out + 1] = l end
  end
  for _, what in ipairs(order) do
    local mix, why = what:match("^(.-)%z(.*)$")
    local where = table.concat(groups[what], ", ")
    add(mix and ("%s in %s: none, %s"):format(mix, where, why) or ("%s: %s"):format(what, where), "  ")
  end
  for _, src in ipairs(sources) do add(src, "  source ") end
  if #runs > 0 then
    add(("cloud cost of the run (%s FLOP): %s"):format(report.sci(run_flops), table.concat(runs, "; ")), "  ")
  end
  return out
end

local NARROW = { "region", "access", "usd_per_eflop", "interval", "chip", "server", "network", "facility",
  "energy", "carbon", "opex", "cloud_usd_per_eflop" }
local NARROW_HEADERS = { usd_per_eflop = "$/EFLOP", interval = "p05-p95", network = "net", facility = "fac",
  carbon = "CO2", cloud_usd_per_eflop = "cloud", time_to_power_months = "power" }
local WIDE = { "region", "mix", "access", "usd_per_eflop", "chip", "server", "network", "facility",
  "energy", "carbon", "opex", "cloud_usd_per_eflop", "owned_to_cloud", "run_1e25_usd", "water_l_per_eflop",
  "time_to_power_months", "interval" }

--- The text of `flopcost compare`: by default at most 100 columns (results
-- grouped by mix, cheapest mix first; short region names with a legend;
-- one number of decimals per column; each mix's gap under its rows);
-- opts.wide: every column and full names, one row per result, and the gap
-- explanations in full.
-- @tparam table grid the result of fc.compare.run [grid]
-- @tparam[opt] table opts wide: every column, full names, one row per result [boolean]
-- @treturn string the text [text]
-- @raise "flopcost.compare.text: argument 'grid': compare grid (the result of fc.compare.run) expected, got 1"
-- (and "flopcost.compare.text: unknown option 'wdie' (did you mean 'wide'?)")
-- @usage local g = fc.compare.run(fc.compare.load_study(), {intervals = false});
--   fc.compare.text(g)  --> "flopcost ..."
function M.text(grid, opts)
  check_grid("text", grid)
  opts = check.options(FN .. ".text", check.optional(FN .. ".text", "opts", opts, "table", "options table"), { "wide" }) or {}
  -- a study that serves a model reads in $ per million tokens (flopcost.inference.compare)
  local serving = require "flopcost.inference.compare"
  if serving.is_study(grid.study) then return serving.text(grid) end
  local report = require "flopcost.report"
  local results = grid.results
  local prov = output.provenance(grid)
  local out = {}
  local study = grid.study or {}
  local head = ("flopcost %s: %s (catalog as of %s)"):format(prov.flopcost_version,
    study.description or study.name or "study", prov.catalog_as_of or "?")
  for _, l in ipairs(wrap(head, 100, "  ", "")) do out[#out + 1] = l end
  for _, l in ipairs(whatif_lines(prov)) do out[#out + 1] = l end
  local any_iv = results[1] and results[1].interval ~= nil
  if opts.wide then
    local cols = {}
    for _, c in ipairs(WIDE) do if c ~= "interval" or any_iv then cols[#cols + 1] = c end end
    out[#out + 1] = report.table(results, { columns = cols, decimals = "column" })
    out[#out + 1] = "Gaps explained (cheapest vs dearest region, per mix):"
    for _, line in ipairs(explain.explain(grid)) do out[#out + 1] = "  " .. line end
    for _, line in ipairs(cloud_lines(results, {})) do out[#out + 1] = line end
    return table.concat(out, "\n") .. "\n"
  end
  local names, legend = short_regions(results)
  local groups = require("flopcost.plot")._groups_of(results, "mix")
  local ordered = {}
  for _, g in ipairs(groups) do for _, r in ipairs(g.rows) do ordered[#ordered + 1] = r end end
  local cols, any_build = {}, false
  for _, r in ipairs(results) do if r.time_to_power_months then any_build = true end end
  for _, c in ipairs(NARROW) do if c ~= "interval" or any_iv then cols[#cols + 1] = c end end
  local topts = { columns = cols, headers = NARROW_HEADERS, decimals = "column", dollar = false,
    region_names = names, caption = false, short_access = true }
  local t = report.table(ordered, topts)
  -- a study with a build-out: months to power after the cost, where the table still fits
  -- 100 columns (with a 90% interval it does not: --wide has it)
  local power_shown = false
  if any_build then
    local with = {}
    for i, c in ipairs(cols) do with[#with + 1] = c; if i == 3 then with[#with + 1] = "time_to_power_months" end end
    topts.columns = with
    local tw, fits = report.table(ordered, topts), true
    for line in tw:gmatch("[^\n]+") do if (utf8.len(line) or #line) + 2 > 100 then fits = false end end
    if fits then t, power_shown = tw, true end
  end
  local lines = {}
  for line in t:gmatch("[^\n]+") do lines[#lines + 1] = line end
  out[#out + 1] = "  " .. lines[1]
  out[#out + 1] = "  " .. lines[2]
  local k = 2
  for _, g in ipairs(groups) do
    out[#out + 1] = g.key
    for _ = 1, #g.rows do
      k = k + 1
      out[#out + 1] = "  " .. lines[k]
    end
    if #g.rows >= 2 then
      for _, l in ipairs(wrap(gap_line(g.rows, names), 100, "      ", "    ")) do out[#out + 1] = l end
    end
  end
  out[#out + 1] = ""
  local caption = "USD per 1e18 useful training FLOP ($/EFLOP: the point estimate, every input at its "
    .. "study or catalog value" .. (any_iv and ", not the interval's median" or "") .. "); components: chip, "
    .. "server, net = network, "
    .. "fac = facility, energy, CO2 = carbon price, opex; cloud = renting the same FLOP"
    .. (any_iv and ("; p05-p95 = 90%% interval (Monte Carlo, %s samples per row, seed %s + row)"):format(
      tostring(prov.samples), tostring(prov.seed)) or "")
    .. (power_shown and "; power = months from the decision to build to power (the build-out; costs at power)"
      or any_build and "; costs at power after the build-out (--wide: months to power)" or "")
    .. "; a 1e25-FLOP run costs $/EFLOP x 1e7. Access: export-control status of the chips in the region"
    .. " (denied: bought on the grey market" .. premium_text(results) .. "). --wide for every column."
  for _, l in ipairs(wrap(caption, 100, "", "")) do out[#out + 1] = l end
  for _, l in ipairs(cloud_lines(results, names)) do out[#out + 1] = l end
  out[#out + 1] = "Regions:"
  for _, l in ipairs(legend) do
    for _, w in ipairs(wrap(l, 100, "      ", "  ")) do out[#out + 1] = w end
  end
  return table.concat(out, "\n") .. "\n"
end


return M
