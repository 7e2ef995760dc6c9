--- flopcost.catalog.base: what the catalog files share: the kinds of files
-- and tables, the Catalog class, how errors are raised, the name index
-- (insert, find, "did you mean"). (internal)
local C = require("flopcost.core").catalog

local M = {}

--- The files a catalog directory may hold, in load order.
M.files = { "processes.json", "packaging.json", "fx.json", "chips.json", "regions.json",
  "export_rules.json", "runs.json", "llms.json" }

-- The tables of each kind of file, and the key of each table's entries.
local KIND_TABLES = {
  chips = { "chips" }, regions = { "regions" }, processes = { "processes" },
  packaging = { "packaging", "hbm" }, fx = { "rates" }, export_rules = { "rules" }, runs = { "runs" },
  llms = { "llms", "serving" },
}
local TABLES = { "chips", "regions", "processes", "packaging", "hbm", "rules", "runs", "rates", "llms", "serving" }
local KEY = { rules = "id", rates = false }
local function key_of(tbl) return KEY[tbl] == nil and "name" or KEY[tbl] end

-- What users may call a table (cat:override("chip", ...), cat:list("fx")).
local TABLE_NAMES = {
  chip = "chips", chips = "chips", region = "regions", regions = "regions",
  process = "processes", processes = "processes", packaging = "packaging", package = "packaging",
  hbm = "hbm", rule = "rules", rules = "rules", export_rules = "rules", run = "runs", runs = "runs",
  fx = "rates", rate = "rates", rates = "rates",
  model = "llms", models = "llms", llm = "llms", llms = "llms", serving = "serving",
}
local SINGULAR = { chips = "chip", regions = "region", processes = "process", packaging = "packaging",
  hbm = "hbm", rules = "rule", runs = "run", rates = "fx rate", llms = "model",
  serving = "serving" }

local Catalog = { __name = "flopcost.Catalog" }
Catalog.__index = Catalog
M.Catalog = Catalog

-- Errors: every message goes through flopcost.errors.raise (the user's line,
-- once); public methods are wrapped by flopcost.errors.public.
local check = require "flopcost.check"
local errors = require "flopcost.errors"
local raise, public, describe = errors.raise, errors.public, check.shown

local function check_self(self, fn)
  check.arg(fn, "self", self, Catalog, "catalog (call it as cat:" .. fn:match("[^.]+$") .. "(...))")
end

local function check_string(v, fn, what)
  return check.arg(fn, what, v, "string")
end

local function new_catalog()
  local t, idx = {}, {}
  for _, name in ipairs(TABLES) do t[name], idx[name] = {}, {} end
  return setmetatable({ _t = t, _idx = idx, _loaded = {}, _where = setmetatable({}, { __mode = "k" }),
    _files = {} }, Catalog)
end

local function lower(s) return s:lower() end

local function rate_key(e) return e.currency .. "@" .. e.date end

-- Index keys of an entry: its key and aliases, lower case.
local function index_keys(tbl, e)
  if tbl == "rates" then return { rate_key(e) } end
  local keys = { lower(e[key_of(tbl)]) }
  for _, a in ipairs(e.aliases or {}) do keys[#keys + 1] = lower(a) end
  return keys
end

local function where_of(cat, e)
  return cat._where[e] or { file = "catalog" }
end

-- "file: path.field" (file entries) or "label: field" (entries from Lua).
local function at(w, field)
  if w.path then return w.file .. ": " .. w.path .. (field and ("." .. field) or "") end
  return w.file .. (field and (": " .. field) or "")
end

-- "chips.json chips[1]" or "chips 'X'"
local function loc(w) return w.path and (w.file .. " " .. w.path) or w.file end

-- Inserts (or replaces, by key) an entry; fn (the public function) and
-- `where` start collision errors.
local function insert(cat, tbl, e, where, fn)
  local list, idx = cat._t[tbl], cat._idx[tbl]
  local key = index_keys(tbl, e)[1]
  local old = idx[key]
  if old and tbl ~= "rates" and lower(old[key_of(tbl)]) ~= key then
    old = nil -- the key is an alias of another entry: reported below
  end
  for i, k in ipairs(index_keys(tbl, e)) do
    local other = idx[k]
    if other and other ~= old then
      local name, ow = other[key_of(tbl)], where_of(cat, other)
      if i == 1 then
        check.fail(fn, "%s: '%s' is already a name or alias of %s '%s' (%s)", at(where, key_of(tbl)),
          e[key_of(tbl)], SINGULAR[tbl], name, loc(ow))
      end
      check.fail(fn, "%s: '%s' is already a name or alias of %s '%s' (%s)",
        at(where, "aliases[" .. (i - 2) .. "]"), e.aliases[i - 1], SINGULAR[tbl], name, loc(ow))
    end
  end
  if old then
    for _, k in ipairs(index_keys(tbl, old)) do idx[k] = nil end
    for i, x in ipairs(list) do if x == old then list[i] = e break end end
  else
    list[#list + 1] = e
  end
  for _, k in ipairs(index_keys(tbl, e)) do idx[k] = e end
  cat._where[e] = where
  return e
end

-- Up to 3 names of `tbl` close to `s`, tied at the best score of the one
-- "did you mean" rule (csrc/fc_text.h, core.catalog.suggest) over every name
-- and alias; an alias suggests its entry's name.
local function suggestions(cat, tbl, s)
  local keys, owner = {}, {}
  for _, e in ipairs(cat._t[tbl]) do
    for _, k in ipairs(index_keys(tbl, e)) do
      if owner[k] == nil then keys[#keys + 1], owner[k] = k, e[key_of(tbl)] end
    end
  end
  local names, seen = {}, {}
  for _, k in ipairs(C.suggest(s, keys, 64)) do
    local name = owner[k]
    if not seen[name] then seen[name], names[#names + 1] = true, name end
  end
  table.sort(names)
  for i = #names, 4, -1 do names[i] = nil end
  for i, name in ipairs(names) do names[i] = "'" .. name .. "'" end
  return names
end

local function unknown(cat, tbl, s, prefix)
  local sug = suggestions(cat, tbl, s)
  local msg = string.format("%s: unknown %s '%s'", prefix or "flopcost.catalog", SINGULAR[tbl], s)
  if #sug > 0 then msg = msg .. " (did you mean " .. table.concat(sug, ", ") .. "?)" end
  if #cat._t[tbl] == 0 then msg = msg .. " (no " .. tbl .. " loaded)" end
  raise(msg)
end

local function find(cat, tbl, name)
  return cat._idx[tbl][name:lower()]
end

local function lookup(cat, tbl, name, fn)
  check_self(cat, fn)
  if type(name) == "table" and cat._where[name] then return name end
  check_string(name, fn, "name")
  return find(cat, tbl, name) or unknown(cat, tbl, name)
end

local function table_name(kind, fn)
  check_string(kind, fn, "kind")
  local tbl = TABLE_NAMES[kind]
  if not tbl then
    local best = require("flopcost.suggest").closest(kind,
      { "chips", "regions", "processes", "packaging", "hbm", "rules", "runs", "fx", "models" })
    raise(string.format("%s: unknown kind '%s'%s", fn, kind,
      best and (" (did you mean '" .. best .. "'?)") or ""))
  end
  return tbl
end

local function sorted_entries(cat, tbl)
  local list = {}
  for i, e in ipairs(cat._t[tbl]) do list[i] = e end
  if tbl == "rates" then
    table.sort(list, function(a, b) return rate_key(a) < rate_key(b) end)
  else
    local k = key_of(tbl)
    table.sort(list, function(a, b) return a[k] < b[k] end)
  end
  return list
end

M.TABLES, M.TABLE_NAMES, M.SINGULAR, M.KIND_TABLES, M.key_of = TABLES, TABLE_NAMES, SINGULAR, KIND_TABLES, key_of
M.raise, M.public, M.describe, M.check_self, M.check_string = raise, public, describe, check_self,
  check_string
M.new_catalog, M.rate_key, M.index_keys, M.where_of, M.at = new_catalog, rate_key, index_keys, where_of, at
M.insert, M.suggestions, M.unknown, M.find, M.lookup = insert, suggestions, unknown, find, lookup
M.table_name, M.sorted_entries = table_name, sorted_entries

return M
