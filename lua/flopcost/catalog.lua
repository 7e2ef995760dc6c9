--- flopcost.catalog: the data of models/ (chips, regions, processes,
-- packaging + HBM, FX rates, export rules, training runs) as one object.
--
--   local cat = fc.catalog.load()            -- the bundled models/ directory
--   local cat = fc.catalog.load(path)        -- a directory, one file, or a list of them
--   cat:chip("H100"), cat:region("cn-guizhou"), cat:search("ascend")
--
-- Parsing and validation are in C (csrc/fc_catalog.c, schema in
-- docs/catalog-schema.md).  This module adds what needs several files at
-- once: references between files, lookups with "did you mean", FX
-- conversion, overrides from Lua, and the names of export-rule evaluations
-- (cat:classify / cat:availability resolve them; flopcost.export_rules,
-- which needs nothing from this module, classifies).
--
-- Failures: malformed or invalid data raises an error naming the file with
-- line and column (malformed JSON) or the JSON path (bad value); a path
-- that cannot be read returns nil, message.  Entries are plain tables
-- shared with the catalog: treat them as read-only and change data through
-- cat:override / cat:add, which validate like the loader.
local core = require "flopcost.core"
local C = core.catalog

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

-- {==================================================================
-- Errors: internal code raises {msg = ...}; public functions turn it into
-- error(msg, 2) so the position is the caller's.
-- ===================================================================

local Raise = {}
local function raise(msg) error(setmetatable({ msg = msg }, Raise), 0) end

local function public(fn)
  return function(...)
    local res = table.pack(pcall(fn, ...))
    if res[1] then return table.unpack(res, 2, res.n) end
    local e = res[2]
    if getmetatable(e) == Raise then error(e.msg, 2) end
    error(e, 0)
  end
end

local function describe(v)
  if type(v) == "string" then return "'" .. v .. "'" end
  if math.type(v) == "float" then return string.format("%.14g", v) end
  if type(v) == "number" or type(v) == "boolean" or v == nil then return tostring(v) end
  return type(v)
end

local function check_self(self, fn)
  if getmetatable(self) ~= Catalog then
    raise(fn .. ": catalog expected (call it as cat:" .. fn:match("[^.]+$") .. "(...)), got "
      .. type(self))
  end
end

local function check_string(v, fn, what)
  if type(v) ~= "string" then raise(string.format("%s: %s: string expected, got %s", fn, what, describe(v))) end
  return v
end

-- }==================================================================

-- {==================================================================
-- Files and paths
-- ===================================================================

local function basename(path) return path:match("([^/\\]+)[/\\]*$") or path end

local function module_dir()
  local src = debug.getinfo(1, "S").source
  if src:sub(1, 1) ~= "@" then return "." end
  return src:sub(2):match("^(.*)[/\\]") or "."
end

-- Reads a whole file: text | nil, message, token ("dir" when it is a directory).
-- Regular files only, capped at core.file.max_bytes (fc_file.c): a FIFO or
-- /dev/zero is refused before anything is read.
local function read_file(path)
  local text, err, token = require("flopcost.core").file.read(path)
  if text then return text end
  if err:match(": is a directory$") then return nil, path .. ": is a directory", "dir" end
  return nil, err, token
end

local function has_catalog(dir)
  for _, name in ipairs(M.files) do
    local f = io.open(dir .. "/" .. name, "rb")
    if f then f:close() return true end
  end
  return false
end

--- The bundled models/ directory: $FLOPCOST_MODELS, else `models` next to
-- this module (installed tree), else ../../models (source tree).
-- Returns the path, or nil, message, "io_error".
function M.default_path()
  local env = os.getenv("FLOPCOST_MODELS")
  if env and env ~= "" then
    if has_catalog(env) then return env end
    return nil, "FLOPCOST_MODELS='" .. env .. "' holds no catalog files (" .. table.concat(M.files, ", ") .. ")",
      "io_error"
  end
  local dir = module_dir()
  for _, cand in ipairs { dir .. "/models", dir .. "/../../models" } do
    if has_catalog(cand) then return cand end
  end
  return nil, "no bundled models/ directory found near " .. dir .. " (set FLOPCOST_MODELS)", "io_error"
end

-- }==================================================================

-- {==================================================================
-- Building a catalog
-- ===================================================================

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

-- Inserts (or replaces, by key) an entry; `label` prefixes collision errors.
local function insert(cat, tbl, e, where)
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
        raise(string.format("%s: '%s' is already a name or alias of %s '%s' (%s)", at(where, key_of(tbl)),
          e[key_of(tbl)], SINGULAR[tbl], name, loc(ow)))
      end
      raise(string.format("%s: '%s' is already a name or alias of %s '%s' (%s)",
        at(where, "aliases[" .. (i - 2) .. "]"), e.aliases[i - 1], SINGULAR[tbl], name, loc(ow)))
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

-- Loads one file into cat.  Returns true, or nil, message (unreadable).
local function load_file(cat, path, text)
  local file = basename(path)
  local kind, doc = C.decode(text, file)
  if not kind then raise("flopcost.catalog.load: " .. doc) end
  for _, tbl in ipairs(KIND_TABLES[kind]) do
    cat._loaded[tbl] = true
    for i, e in ipairs(doc[tbl] or {}) do
      local ok, err = pcall(insert, cat, tbl, e, { file = file, path = string.format("%s[%d]", tbl, i - 1) })
      if not ok then
        if getmetatable(err) == Raise then raise("flopcost.catalog.load: " .. err.msg) end
        error(err, 0)
      end
    end
  end
  cat._files[#cat._files + 1] = { path = path, kind = kind, as_of = doc.as_of }
  return true
end

local function load_path(cat, path)
  local text, err, what = read_file(path)
  if text then return load_file(cat, path, text) end
  if what ~= "dir" then return nil, "flopcost.catalog.load: " .. err, what end
  local found = false
  for _, name in ipairs(M.files) do
    local p = path:gsub("[/\\]+$", "") .. "/" .. name
    local t, e2, w2 = read_file(p)
    if t then
      load_file(cat, p, t)
      found = true
    elseif not e2:match("No such file or directory$") then
      -- present but unreadable (permissions, a FIFO, a directory): never skipped silently
      return nil, "flopcost.catalog.load: " .. e2, w2 == "dir" and "io_error" or w2
    end
  end
  if not found then
    return nil, "flopcost.catalog.load: no catalog files (" .. table.concat(M.files, ", ") .. ") in '"
      .. path .. "'", "io_error"
  end
  return true
end

-- }==================================================================

-- {==================================================================
-- Lookups and suggestions
-- ===================================================================

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

for tbl, sing in pairs(SINGULAR) do
  if tbl ~= "rates" then
    local fn = "flopcost.catalog." .. sing
    --- cat:chip(name), cat:region(name), cat:process(name), cat:packaging(name),
    -- cat:hbm(name), cat:rule(id), cat:run(name): the entry (name or alias,
    -- any case); an unknown name raises with a "did you mean" list.
    Catalog[sing] = public(function(self, name) return lookup(self, tbl, name, fn) end)
  end
end

--- cat:has(kind, name): the entry or nil (no error for unknown names).
Catalog.has = public(function(self, kind, name)
  check_self(self, "flopcost.catalog.has")
  local tbl = table_name(kind, "flopcost.catalog.has")
  check_string(name, "flopcost.catalog.has", "name")
  return find(self, tbl, name)
end)

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

--- cat:entries(kind): the entries of a kind, sorted by name (fx rates by
-- currency then date).  kind: "chips", "regions", "processes", "packaging",
-- "hbm", "rules", "runs", "fx" (singular forms accepted).
Catalog.entries = public(function(self, kind)
  check_self(self, "flopcost.catalog.entries")
  return sorted_entries(self, table_name(kind, "flopcost.catalog.entries"))
end)

--- cat:list(kind): the sorted names (ids for rules) of a kind.
Catalog.list = public(function(self, kind)
  check_self(self, "flopcost.catalog.list")
  local tbl = table_name(kind, "flopcost.catalog.list")
  local names = {}
  for i, e in ipairs(sorted_entries(self, tbl)) do
    names[i] = tbl == "rates" and rate_key(e) or e[key_of(tbl)]
  end
  return names
end)

for _, kind in ipairs { "chips", "regions", "processes", "runs", "rules", "models" } do
  --- cat:chips(), cat:regions(), cat:processes(), cat:runs(), cat:rules(), cat:models(): sorted names.
  Catalog[kind] = public(function(self)
    check_self(self, "flopcost.catalog." .. kind)
    return self:list(kind)
  end)
end

local SEARCH_FIELDS = { "name", "id", "label", "vendor", "foundry", "organization", "title", "type",
  "country" }

--- cat:search(text [, kind]): entries whose name, aliases, vendor, label,
-- country, foundry, organization, title or type contain `text` (plain,
-- case-insensitive).  Returns a list of {kind =, name =, entry =} sorted by
-- kind then name.
Catalog.search = public(function(self, text, kind)
  check_self(self, "flopcost.catalog.search")
  check_string(text, "flopcost.catalog.search", "text")
  local only = kind ~= nil and table_name(kind, "flopcost.catalog.search") or nil
  local needle, out = text:lower(), {}
  for _, tbl in ipairs(TABLES) do
    if tbl ~= "rates" and (only == nil or only == tbl) then
      for _, e in ipairs(sorted_entries(self, tbl)) do
        local hit = false
        for _, f in ipairs(SEARCH_FIELDS) do
          if type(e[f]) == "string" and e[f]:lower():find(needle, 1, true) then hit = true end
        end
        for _, a in ipairs(e.aliases or {}) do
          if a:lower():find(needle, 1, true) then hit = true end
        end
        if hit then out[#out + 1] = { kind = tbl, name = e[key_of(tbl)], entry = e } end
      end
    end
  end
  return out
end)

--- cat:files(): the files loaded, as {path =, kind =, as_of =}, in load order.
Catalog.files = public(function(self)
  check_self(self, "flopcost.catalog.files")
  local out = {}
  for i, f in ipairs(self._files) do out[i] = { path = f.path, kind = f.kind, as_of = f.as_of } end
  return out
end)

--- cat:count(kind): number of entries of a kind.
Catalog.count = public(function(self, kind)
  check_self(self, "flopcost.catalog.count")
  return #self._t[table_name(kind, "flopcost.catalog.count")]
end)

function Catalog:__tostring()
  local parts = {}
  for _, tbl in ipairs(TABLES) do
    if #self._t[tbl] > 0 then
      parts[#parts + 1] = #self._t[tbl] .. " " .. (tbl == "rates" and "fx rates" or tbl == "llms" and "models" or tbl)
    end
  end
  local as_of
  for _, f in ipairs(self._files) do if not as_of or f.as_of > as_of then as_of = f.as_of end end
  return "flopcost.Catalog: " .. (#parts > 0 and table.concat(parts, ", ") or "empty")
    .. (as_of and (" (as of " .. as_of .. ")") or "")
end

-- }==================================================================

-- {==================================================================
-- References between files (checked when the tables involved are loaded)
-- ===================================================================

local function ref_error(cat, e, field, what, tbl, name)
  local sug = suggestions(cat, tbl, name)
  raise(string.format("%s: unknown %s '%s'%s", at(where_of(cat, e), field), what, name,
    #sug > 0 and (" (did you mean " .. table.concat(sug, ", ") .. "?)") or ""))
end

local function has_rate(cat, currency)
  if currency == "USD" then return true end
  for _, r in ipairs(cat._t.rates) do if r.currency == currency then return true end end
  return false
end

-- Checks the references of one entry; `prefix` starts the message.
local function check_refs(cat, tbl, e)
  if tbl == "chips" and e.process and cat._loaded.processes and not find(cat, "processes", e.process) then
    ref_error(cat, e, "process", "process", "processes", e.process)
  elseif tbl == "runs" and e.chip and cat._loaded.chips and not find(cat, "chips", e.chip) then
    ref_error(cat, e, "chip", "chip", "chips", e.chip)
  elseif tbl == "regions" then
    if cat._loaded.rates and not has_rate(cat, e.currency) then
      raise(string.format("%s: no fx rate for '%s' (add it to fx.json)", at(where_of(cat, e), "currency"),
        e.currency))
    end
    if e.chip_price_premium and cat._loaded.chips then
      local keys = {}
      for k in pairs(e.chip_price_premium) do keys[#keys + 1] = k end
      table.sort(keys)
      for _, k in ipairs(keys) do
        if k ~= "default" and k ~= "source" and k ~= "as_of" and k ~= "note" and k:sub(1, 1) ~= "_"
          and not find(cat, "chips", k) then
          ref_error(cat, e, "chip_price_premium." .. k, "chip", "chips", k)
        end
      end
    end
  end
end

-- One power rule per silicon: a chip without a measured power curve (or idle
-- power) takes those of a chip the catalog marks as the same silicon (same
-- die, board power and memory: the same work draws the same power, issue 20),
-- and names the chip they came from (power_from).
local function share_silicon(cat)
  local by = {}
  for _, e in ipairs(cat._t.chips) do
    if e.silicon and e.power_curve and not by[e.silicon] then by[e.silicon] = e end
  end
  for _, e in ipairs(cat._t.chips) do
    local s = e.silicon and by[e.silicon]
    if s and s ~= e and not e.power_curve then
      e.power_curve, e.power_from = s.power_curve, s.name
      if e.idle_w == nil then e.idle_w = s.idle_w end
    end
  end
end

local function check_all_refs(cat)
  for _, tbl in ipairs { "chips", "regions", "runs" } do
    for _, e in ipairs(cat._t[tbl]) do check_refs(cat, tbl, e) end
  end
end

-- }==================================================================

--- fc.catalog.load([path]): a new catalog.  path: a directory (every file
-- of M.files it holds), one .json file, or a list of them loaded in order
-- (a later entry with the same name replaces an earlier one: use it to
-- lay your own files over the bundled ones).  Default: M.default_path().
-- Malformed or invalid data raises; an unreadable path returns nil, message,
-- token ("io_error"; flopcost.errors).
M.load = public(function(path)
  local fn = "flopcost.catalog.load"
  local paths = path
  if path == nil then
    local p, err = M.default_path()
    if not p then return nil, fn .. ": " .. err, "io_error" end
    paths = { p }
  elseif type(path) == "string" then
    paths = { path }
  elseif type(path) ~= "table" or #path == 0 then
    raise(fn .. ": path (string or list of strings) expected, got " .. describe(path))
  end
  local cat = new_catalog()
  for i, p in ipairs(paths) do
    if type(p) ~= "string" then
      raise(string.format("%s: path[%d]: string expected, got %s", fn, i, describe(p)))
    end
    local ok, err, token = load_path(cat, p)
    if not ok then return nil, err, token end
  end
  local ok, e = pcall(check_all_refs, cat)
  if not ok then
    if getmetatable(e) == Raise then raise(fn .. ": " .. e.msg) end
    error(e, 0)
  end
  share_silicon(cat)
  return cat
end)

local default_catalog

--- fc.catalog.default(): the bundled catalog, loaded once and shared by every
-- scenario that names no catalog. Catalogs do not change once loaded:
-- cat:override and cat:add return a new catalog, so nothing a script does
-- changes what another scenario sees unless it passes that catalog
-- (fc.scenario{catalog = ...}). Raises when the bundled files cannot be found.
function M.default()
  if not default_catalog then
    local cat, err = M.load()
    if not cat then error(err, 2) end
    default_catalog = cat
  end
  return default_catalog
end

--- catalog._swap_default(cat) -> the previous default: flopcost.sandbox gives a
-- sandboxed script a private copy for the length of its run (then puts the
-- shared one back), so its edits cannot reach other scenarios.
function M._swap_default(cat)
  local old = default_catalog
  default_catalog = cat
  return old
end

--- cat:copy(): a new catalog with the same entries (entries are shared: they
-- are never changed in place, override and add replace them).
Catalog.copy = public(function(self)
  check_self(self, "flopcost.catalog.copy")
  local c = new_catalog()
  for _, tbl in ipairs(TABLES) do
    for i, e in ipairs(self._t[tbl]) do c._t[tbl][i] = e end
    for k, e in pairs(self._idx[tbl]) do c._idx[tbl][k] = e end
  end
  for k, v in pairs(self._loaded) do c._loaded[k] = v end
  for e, w in pairs(self._where) do c._where[e] = w end
  for i, f in ipairs(self._files) do c._files[i] = f end
  return c
end)

-- {==================================================================
-- Overrides and additions from Lua
-- ===================================================================

local function deep_copy(v, fn, depth)
  depth = depth or 0
  if type(v) ~= "table" then return v end
  if depth > 64 then raise(fn .. ": tables nested deeper than 64 levels (a cycle?)") end
  local t = {}
  for k, x in pairs(v) do t[k] = deep_copy(x, fn, depth + 1) end
  return t
end

-- The entry as it would be written in a file: figures with metadata become
-- figure objects again.
local function denormalize(e)
  local raw = deep_copy(e, "flopcost.catalog")
  raw.meta = nil
  for path, m in pairs(e.meta or {}) do
    local fig = deep_copy(m, "flopcost.catalog")
    local a, b = path:match("^([^.]+)%.(.+)$")
    if a then
      fig.value = e[a][b]
      raw[a][b] = fig
    else
      fig.value = e[path]
      raw[path] = fig
    end
  end
  return raw
end

local function validate(_, tbl, raw, label, fn)
  local e, err = C.check_entry(tbl, raw, label, nil, fn)
  if not e then raise(fn .. ": " .. err) end
  return e
end

local function label_of(tbl, raw)
  local k = key_of(tbl)
  if tbl == "rates" then
    return string.format("fx rate %s@%s", tostring(raw.currency), tostring(raw.date))
  end
  return string.format("%s '%s'", tbl, type(raw[k]) == "string" and raw[k] or "?")
end

local function commit(cat, tbl, e, label, fn)
  local w = { file = label }
  local ok, err = pcall(function()
    cat._where[e] = w
    check_refs(cat, tbl, e)
    insert(cat, tbl, e, w)
  end)
  if not ok then
    if getmetatable(err) == Raise then raise(fn .. ": " .. err.msg) end
    error(err, 0)
  end
  return e
end

--- cat:override(kind, name, fields) -> a new catalog: this one with the given
-- top-level fields of one entry replaced (numbers or figure objects {value =,
-- source =, ...}; a table field such as peak_tflops is replaced whole),
-- validated like a file entry. This catalog is unchanged.  The key (name/id)
-- cannot change.  Fields given as plain numbers take the entry's source and
-- as_of.
Catalog.override = public(function(self, kind, name, fields)
  local fn = "flopcost.catalog.override"
  check_self(self, fn)
  local tbl = table_name(kind, fn)
  if tbl == "rates" then raise(fn .. ": fx rates have no name: use cat:add('fx', rate)") end
  check_string(name, fn, "name")
  if type(fields) ~= "table" then raise(fn .. ": fields: table expected, got " .. describe(fields)) end
  local old = find(self, tbl, name) or unknown(self, tbl, name, fn)
  local raw = denormalize(old)
  local k = key_of(tbl)
  for f, v in pairs(fields) do
    if type(f) ~= "string" then raise(fn .. ": field names must be strings, got " .. type(f)) end
    if f == k and v ~= old[k] then
      raise(string.format("%s: field '%s' cannot be changed (use cat:add for a new entry)", fn, k))
    end
    if f == "meta" then raise(fn .. ": field 'meta' is derived: give figure objects instead") end
    raw[f] = deep_copy(v, fn)
  end
  local label = label_of(tbl, raw)
  local e = validate(self, tbl, raw, label, fn)
  local c = self:copy()
  commit(c, tbl, e, label, fn)
  return c
end)

--- cat:add(kind, entry) -> a new catalog: this one plus a new entry
-- (validated like a file entry; its name must be new: use cat:override to
-- change an existing one).  For kind "fx" the entry is a rate {currency =,
-- per_usd =, date =, source =}. This catalog is unchanged.
Catalog.add = public(function(self, kind, entry)
  local fn = "flopcost.catalog.add"
  check_self(self, fn)
  local tbl = table_name(kind, fn)
  if type(entry) ~= "table" then raise(fn .. ": entry: table expected, got " .. describe(entry)) end
  local raw = deep_copy(entry, fn)
  local label = label_of(tbl, raw)
  local e = validate(self, tbl, raw, label, fn)
  local key = index_keys(tbl, e)[1]
  if self._idx[tbl][key] then
    if tbl == "rates" then
      raise(string.format("%s: %s already exists", fn, label))
    end
    raise(string.format("%s: %s already exists (use cat:override)", fn, label))
  end
  local c = self:copy()
  c._loaded[tbl] = true
  commit(c, tbl, e, label, fn)
  return c
end)

-- }==================================================================

-- {==================================================================
-- Currency conversion through the dated FX table
-- ===================================================================

-- Dates compare as strings once padded: a rate dated "2024" counts from the
-- start of 2024, a query date "2024" means any time in 2024.
local function pad(date, fill) return (date .. fill):sub(1, 10) end

local function valid_date(d)
  return type(d) == "string" and (d:match("^%d%d%d%d$") or d:match("^%d%d%d%d%-%d%d$")
    or d:match("^%d%d%d%d%-%d%d%-%d%d$")) ~= nil
end

local function rate(cat, currency, date, fn)
  check_string(currency, fn, "currency")
  if date ~= nil and not valid_date(date) then
    raise(fn .. ": date: YYYY, YYYY-MM or YYYY-MM-DD expected, got " .. describe(date))
  end
  if currency == "USD" then return 1 end
  local best, earliest
  local q = date and pad(date, "-99-99") or "9999-99-99"
  for _, r in ipairs(cat._t.rates) do
    if r.currency == currency then
      local d = pad(r.date, "-00-00")
      if not earliest or d < earliest then earliest = d end
      if d <= q and (not best or d > pad(best.date, "-00-00")) then best = r end
    end
  end
  if not earliest then
    local cur = { "USD" }
    for _, r in ipairs(cat._t.rates) do cur[#cur + 1] = r.currency end
    local near = require("flopcost.suggest").closest(currency, cur)
    raise(string.format("%s: unknown currency '%s'%s", fn, currency,
      near and (" (did you mean '" .. near .. "'?)") or ""))
  end
  if not best then
    return nil, string.format("%s: no %s rate on or before %s (earliest %s)", fn, currency, date,
      (earliest:gsub("%-00", ""))), "no_data"
  end
  return best.per_usd, best
end

--- cat:fx(currency [, date]): units of `currency` per 1 USD from the latest
-- rate on or before `date` (default: the latest rate); second result: the
-- rate entry.  USD is 1.  Unknown currency raises; no rate that early
-- returns nil, message, "no_data".
Catalog.fx = public(function(self, currency, date)
  check_self(self, "flopcost.catalog.fx")
  return rate(self, currency, date, "flopcost.catalog.fx")
end)

--- cat:convert(amount, from, to [, date]): amount in `from` expressed in
-- `to`, through USD: amount / fx(from) * fx(to).
Catalog.convert = public(function(self, amount, from, to, date)
  local fn = "flopcost.catalog.convert"
  check_self(self, fn)
  if type(amount) ~= "number" or amount ~= amount or amount == math.huge or amount == -math.huge then
    raise(fn .. ": amount: finite number expected, got " .. describe(amount))
  end
  local a, err, token = rate(self, from, date, fn)
  if not a then return nil, err, token end
  local b, err2, token2 = rate(self, to, date, fn)
  if not b then return nil, err2, token2 end
  return amount / a * b
end)

-- }==================================================================

-- Export rules: the catalog resolves the names, flopcost.export_rules
-- (pure functions of entries) classifies.
local rules = require "flopcost.export_rules"

local function export_rule(self, rule_id, fn)
  if rule_id == nil then
    return rules.latest(sorted_entries(self, "rules")) or raise(fn .. ": no export rules loaded")
  end
  if type(rule_id) == "table" and rule_id.classes then return rule_id end
  if type(rule_id) ~= "string" then raise(fn .. ": rule_id: string expected, got " .. describe(rule_id)) end
  return find(self, "rules", rule_id) or unknown(self, "rules", rule_id)
end

local function export_chip(self, chip, fn)
  if type(chip) == "table" then
    if type(chip.peak_tflops) ~= "table" then
      raise(fn .. ": chip: catalog entry or table with peak_tflops expected")
    end
    return chip
  end
  if type(chip) ~= "string" then raise(fn .. ": chip: name or table expected, got " .. describe(chip)) end
  return find(self, "chips", chip) or unknown(self, "chips", chip)
end

--- cat:classify(chip, [rule_id]): the class name and info (flopcost.export_rules.classify);
-- chip: a name or alias, or a table with peak_tflops; rule_id default: the latest rule.
Catalog.classify = public(function(self, chip, rule_id)
  local fn = "flopcost.catalog.classify"
  check_self(self, fn)
  local c = export_chip(self, chip, fn)
  return rules.classify(c, export_rule(self, rule_id, fn))
end)

--- cat:availability(chip, region, [rule_id]) (flopcost.export_rules.availability).
Catalog.availability = public(function(self, chip, region, rule_id)
  local fn = "flopcost.catalog.availability"
  check_self(self, fn)
  local c = export_chip(self, chip, fn)
  local reg
  if type(region) == "table" and region.destination then reg = region
  elseif type(region) == "string" then reg = find(self, "regions", region) or unknown(self, "regions", region)
  else raise(fn .. ": region: name or region entry expected, got " .. describe(region)) end
  return rules.availability(c, reg, export_rule(self, rule_id, fn))
end)

return M
