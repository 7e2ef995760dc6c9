--- flopcost catalog [KIND [NAME]]: list the bundled catalog, or show one entry
-- with every figure's date, range and source.
local M = {}

M.summary = "List the catalog (chips, regions, rules, ...) or show one entry in full."

-- The kinds, and the method that returns one entry of each.
M.KINDS = { "chips", "regions", "processes", "packaging", "hbm", "runs", "rules", "fx", "models", "serving" }
local SINGLE = { chips = "chip", regions = "region", processes = "process", packaging = "packaging",
  hbm = "hbm", runs = "run", rules = "rule", models = "model", serving = "serving" }
local PLURAL = { chip = "chips", region = "regions", process = "processes", package = "packaging",
  run = "runs", rule = "rules", rate = "fx", rates = "fx", model = "models", llms = "models" }

function M.configure(p, common)
  local check = common.choice(M.KINDS)
  p:argument("KIND", "What to list (default chips)."):target("kind"):args("?")
    :argname(common.choices_argname(M.KINDS))
    :convert(function(text)
      if PLURAL[text] then return PLURAL[text] end
      return check(text)
    end)
  p:argument("NAME", "One entry in full: every figure with its date, range and source."):args("?"):target("name")
  p:option("--search", "Entries whose name, alias, vendor, country ... contain TEXT."):argname("TEXT")
  p:option("--models", "A catalog directory instead of the bundled one."):argname("DIR")
  p:flag("--check", "Validate the catalog files (every rule of the loader, csrc/core/fc_catalog.c) and "
    .. "exit 1 on the first problem.")
  common.add_whatif(p, false)
end

-- Lines fit 100 columns: a long value or source continues on the next lines, in full.
local function emit(out, head, text)
  local line = head .. text
  if (utf8.len(line) or #line) <= 100 then return out(line) end
  for _, l in ipairs(require("flopcost.compare").wrap(text, 100, (" "):rep(#head), head)) do out(l) end
end

--- One catalog entry as text lines (also how the REPL shows an entry).
function M.entry_text(e, single, name)
  local lines = {}
  M.show_entry(e, single or "entry", name or "", function(l) lines[#lines + 1] = l end)
  return table.concat(lines, "\n")
end

function M.show_entry(e, single, name, out)
  local keys = {}
  for k in pairs(e) do if k ~= "meta" then keys[#keys + 1] = k end end
  table.sort(keys)
  local function show(k, v)
    local m = e.meta and e.meta[k]
    local parts = {}
    if m and m.as_of then parts[#parts + 1] = m.as_of end
    if m and m.range then parts[#parts + 1] = ("range %s-%s"):format(m.range[1], m.range[2]) end
    if m and m.uncertain then parts[#parts + 1] = "uncertain" end
    emit(out, ("  %-28s "):format(k), v .. (#parts > 0 and ("  (" .. table.concat(parts, ", ") .. ")") or ""))
    if m and m.source then emit(out, ("  %-28s   source: "):format(""), m.source) end
  end
  out(("%s %s"):format(single, e.name or e.id or name))
  for _, k in ipairs(keys) do
    local v = e[k]
    if type(v) == "table" and k ~= "power_curve" and k ~= "aliases" then
      local sub = {}
      for kk in pairs(v) do sub[#sub + 1] = kk end
      table.sort(sub, function(x, y) return tostring(x) < tostring(y) end)
      for _, kk in ipairs(sub) do
        if type(v[kk]) ~= "table" then show(k .. "." .. kk, tostring(v[kk])) end
      end
    elseif type(v) == "table" then
      show(k, k == "aliases" and table.concat(v, ", ") or "(measured curve)")
    else
      show(k, tostring(v))
    end
  end
end

-- flopcost catalog --check [--models DIR]: the one catalog validator is the
-- loader itself (schema, figures, dates, ranges, references between files);
-- this prints what it read, or its message and exit status 1.
local function check(a, common)
  local fc = require "flopcost"
  local dir = a.models or a.catalog
  if not dir then
    local err
    dir, err = fc.catalog.default_path()
    if not dir then common.fail(err) end
  end
  local ok, cat, err = pcall(fc.catalog.load, dir)
  if not ok then common.fail(common.clean(cat)) end
  if not cat then common.fail(common.clean(err)) end
  local files = cat:files()
  local counts = tostring(cat):gsub("\n%s*", " "):gsub("^flopcost%.Catalog: ", "")
  local line = ("catalog OK: %s: %d files; %s"):format(dir, #files, counts)
  common.out(table.concat(require("flopcost.compare").wrap(line, 100, "  "), "\n"))
  return 0
end

function M.run(a, common)
  if a.check then return check(a, common) end
  local fc = require "flopcost"
  local cat = common.catalog(a)
  if a.models then
    local err
    cat, err = fc.catalog.load(a.models)
    if not cat then common.fail(err) end
  end
  cat = common.apply_sets(a.set, {}, cat)
  local kind, out = a.kind or "chips", common.out
  if a.search then
    for _, hit in ipairs(cat:search(a.search, a.kind and kind or nil)) do
      out(("%-10s %s"):format(hit.kind, hit.name))
    end
    return 0
  end
  if a.name then
    local single = SINGLE[kind]
    if not single then common.usage("catalog " .. kind .. ": entries have no names; list them all") end
    M.show_entry(cat[single](cat, a.name), single, a.name, out)
    return 0
  end
  for _, name in ipairs(cat:list(kind)) do out(name) end
  return 0
end

return M
