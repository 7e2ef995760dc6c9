--- flopcost.catalog.edit: cat:override and cat:add, which return a new
-- catalog with an entry validated like a file entry (catalogs are values). (internal)
local C = require("flopcost.core").catalog
local base = require "flopcost.catalog.base"
local refs = require "flopcost.catalog.refs"
local check = require "flopcost.check"
local Catalog, raise, public = base.Catalog, base.raise, base.public
local check_self, check_string, table_name, key_of = base.check_self, base.check_string, base.table_name, base.key_of
local find, unknown, insert, index_keys = base.find, base.unknown, base.insert, base.index_keys
local check_refs = refs.check_refs

local M = {}

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
  cat._where[e] = w
  check_refs(cat, tbl, e, fn)
  insert(cat, tbl, e, w, fn)
  return e
end

--- cat:override(kind, name, fields) -> a new catalog: this one with the given
-- top-level fields of one entry replaced (numbers or figure objects {value =,
-- source =, ...}; a table field such as peak_tflops is replaced whole),
-- validated like a file entry. This catalog is unchanged.  The key (name/id)
-- cannot change.  Fields given as plain numbers take the entry's source and as_of.
-- @function Catalog:override
-- @tparam string kind the entry's kind, as cat:add takes it [name]
-- @tparam string name the entry's name or alias [name]
-- @tparam table fields the fields to replace, in their file's units (price_usd [USD], ...) [fields]
-- @treturn table the new catalog [catalog]
-- @raise "flopcost.catalog.override: chips 'H100-SXM': bogus: unknown field"
-- @usage local cat = fc.catalog.default();
--   cat:override("chips", "H100-SXM", {price_usd = 20000}):chip("H100-SXM").price_usd  --> 20000
Catalog.override = public(function(self, kind, name, fields)
  local fn = "flopcost.catalog.override"
  check_self(self, fn)
  local tbl = table_name(kind, fn)
  if tbl == "rates" then raise(fn .. ": fx rates have no name: use cat:add('fx', rate)") end
  check_string(name, fn, "name")
  if type(fields) ~= "table" then check.arg(fn, "fields", fields, "table") end
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
-- @function Catalog:add
-- @tparam string kind "chips", "regions", "processes", "packaging", "hbm", "rules", "runs", "models",
-- "serving" or "fx" [name]
-- @tparam table entry the entry, with the fields (and units) of its file in models/ [entry]
-- @treturn table the new catalog [catalog]
-- @raise "flopcost.catalog.add: chips 'X1': missing required field 'vendor'" (any field a file entry needs)
-- @usage local cat = fc.catalog.default();
--   cat:add("fx", {currency = "EUR", per_usd = 0.92, date = "2026-12-01", source = "example"})
--   :fx("EUR")  --> 0.92
Catalog.add = public(function(self, kind, entry)
  local fn = "flopcost.catalog.add"
  check_self(self, fn)
  local tbl = table_name(kind, fn)
  if type(entry) ~= "table" then check.arg(fn, "entry", entry, "table") end
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

return M
