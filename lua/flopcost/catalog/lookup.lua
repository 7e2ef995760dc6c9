--- flopcost.catalog.lookup: the methods that read a catalog: cat:chip(name)
-- and the other kinds, has, entries, list, search, files, count, copy. (internal)
local base = require "flopcost.catalog.base"
local Catalog, TABLES, SINGULAR, key_of = base.Catalog, base.TABLES, base.SINGULAR, base.key_of
local public, check_self, check_string, find, lookup = base.public, base.check_self, base.check_string, base.find,
  base.lookup
local table_name, sorted_entries, rate_key, new_catalog = base.table_name, base.sorted_entries, base.rate_key,
  base.new_catalog

local M = {}

--- A chip of the catalog (models/chips.json), by name or alias, any case.
-- @function Catalog:chip
-- @tparam string name e.g. "H100-SXM" [name]
-- @treturn table the entry: price_usd [USD] with price_basis, tdp_w [W], idle_w [W], peak_tflops
-- {precision = [TFLOP/s]}, die_area_mm2 [mm^2], memory_gb [GB], rental_usd_per_hour [USD/h],
-- server_multiple, power_curve {utilization, power_w}, source, as_of, meta (per-figure sources)
-- @raise "flopcost.catalog: unknown chip 'H1000' (did you mean 'H100-SXM'?)"
-- @usage fc.catalog.load():chip("H100-SXM").tdp_w   --> 700

--- A region of the catalog (models/regions.json), by name, any case.
-- @function Catalog:region
-- @tparam string name e.g. "us-va" [name]
-- @treturn table the entry: electricity_price_per_kwh [local currency/kWh] with currency, pue
-- [dimensionless], facility_usd_per_kw [USD/kW], wacc [fraction/year], grid_kg_co2_per_kwh [kg/kWh],
-- carbon_usd_per_t [USD/t], wue_l_per_kwh [L/kWh], source, as_of, meta (per-figure sources)
-- @raise "flopcost.catalog: unknown region 'us-vaa' (did you mean 'us-va'?)"
-- @usage fc.catalog.load():region("us-va").pue   --> 1.2

for tbl, sing in pairs(SINGULAR) do
  if tbl ~= "rates" then
    local fn = "flopcost.catalog." .. sing
    -- cat:chip(name), cat:region(name), cat:process(name), cat:packaging(name),
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
  -- cat:chips(), cat:regions(), cat:processes(), cat:runs(), cat:rules(), cat:models(): sorted names.
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

return M
