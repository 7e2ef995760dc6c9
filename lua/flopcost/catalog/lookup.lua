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

--- A process node (models/processes.json): wafer_cost_usd [USD], defect_density_per_cm2 [1/cm^2], foundry, source.
-- By name or alias, any case (the same lookup as cat:chip).
-- @function Catalog:process
-- @tparam string name e.g. "SMIC-N+1" [name]
-- @treturn table the entry [fields with their units, as listed]
-- @raise "flopcost.catalog: unknown process 'x'" (with a "did you mean" list when one is close)
-- @usage fc.catalog.load():process("SMIC-N+1").wafer_cost_usd

--- An advanced-packaging kind (models/packaging.json): interposer and assembly costs [USD], source.
-- By name or alias, any case (the same lookup as cat:chip).
-- @function Catalog:packaging
-- @tparam string name e.g. "CoWoS-L" [name]
-- @treturn table the entry [fields with their units, as listed]
-- @raise "flopcost.catalog: unknown packaging 'x'" (with a "did you mean" list when one is close)
-- @usage fc.catalog.load():packaging("CoWoS-L").name  --> "CoWoS-L"

--- An HBM generation (models/hbm.json): usd_per_gb [USD/GB], stack figures, source.
-- By name or alias, any case (the same lookup as cat:chip).
-- @function Catalog:hbm
-- @tparam string name e.g. "HBM2e" [name]
-- @treturn table the entry [fields with their units, as listed]
-- @raise "flopcost.catalog: unknown hbm 'x'" (with a "did you mean" list when one is close)
-- @usage fc.catalog.load():hbm("HBM2e").name  --> "HBM2e"

--- An export-control rule (models/export_rules.json), by id: thresholds [TPP, TPP/mm^2], effective date, policy, source.
-- By name or alias, any case (the same lookup as cat:chip).
-- @function Catalog:rule
-- @tparam string name e.g. "3A090-2022" [name]
-- @treturn table the entry [fields with their units, as listed]
-- @raise "flopcost.catalog: unknown rule 'x'" (with a "did you mean" list when one is close)
-- @usage fc.catalog.load():rule("3A090-2022").id  --> "3A090-2022"

--- A published training run (models/runs.json): flops [FLOP], chip, chips [count], days [days], source.
-- By name or alias, any case (the same lookup as cat:chip).
-- @function Catalog:run
-- @tparam string name e.g. "BLOOM-176B" [name]
-- @treturn table the entry [fields with their units, as listed]
-- @raise "flopcost.catalog: unknown run 'x'" (with a "did you mean" list when one is close)
-- @usage fc.catalog.load():run("BLOOM-176B").name  --> "BLOOM-176B"

--- A language model (models/llms.json): params, active_params [count], layers, KV heads, head size, source.
-- By name or alias, any case (the same lookup as cat:chip).
-- @function Catalog:model
-- @tparam string name e.g. "DeepSeek-V3" [name]
-- @treturn table the entry [fields with their units, as listed]
-- @raise "flopcost.catalog: unknown model 'x'" (with a "did you mean" list when one is close)
-- @usage fc.catalog.load():model("DeepSeek-V3").name  --> "DeepSeek-V3"

--- A serving stack (models/serving.json): stack, efficiency figures [fraction], source.
-- By name or alias, any case (the same lookup as cat:chip).
-- @function Catalog:serving
-- @tparam string name e.g. "trt-llm" [name]
-- @treturn table the entry [fields with their units, as listed]
-- @raise "flopcost.catalog: unknown serving 'x'" (with a "did you mean" list when one is close)
-- @usage fc.catalog.load():serving("trt-llm").name  --> "trt-llm"

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
-- @function Catalog:has
-- @tparam string kind "chips", "regions", ... [name]
-- @tparam string name a name or alias, any case [name]
-- @treturn table the entry, or nil [entry]
-- @raise "flopcost.catalog.has: unknown kind 'x' (did you mean 'fx'?)"
-- @usage local cat = fc.catalog.default(); cat:has("chips", "h100").name  --> "H100-SXM"
Catalog.has = public(function(self, kind, name)
  check_self(self, "flopcost.catalog.has")
  local tbl = table_name(kind, "flopcost.catalog.has")
  check_string(name, "flopcost.catalog.has", "name")
  return find(self, tbl, name)
end)

--- cat:entries(kind): the entries of a kind, sorted by name (fx rates by currency then date).
-- @function Catalog:entries
-- @tparam string kind "chips", "regions", "processes", "packaging", "hbm", "rules", "runs", "models",
-- "serving", "fx" (singular forms accepted) [name]
-- @treturn {table,...} the entries, with their file's fields and units [entry]
-- @raise "flopcost.catalog.entries: unknown kind 'x' (did you mean 'fx'?)"
-- @usage local cat = fc.catalog.default(); cat:entries("regions")[1].name  --> "cn-avg"
Catalog.entries = public(function(self, kind)
  check_self(self, "flopcost.catalog.entries")
  return sorted_entries(self, table_name(kind, "flopcost.catalog.entries"))
end)

--- cat:list(kind): the sorted names (ids for rules) of a kind.
-- @function Catalog:list
-- @tparam string kind "chips", "regions", ..., "fx" [name]
-- @treturn {string,...} the names [name]
-- @raise "flopcost.catalog.list: unknown kind 'x' (did you mean 'fx'?)"
-- @usage local cat = fc.catalog.default(); cat:list("regions")[1]  --> "cn-avg"
Catalog.list = public(function(self, kind)
  check_self(self, "flopcost.catalog.list")
  local tbl = table_name(kind, "flopcost.catalog.list")
  local names = {}
  for i, e in ipairs(sorted_entries(self, tbl)) do
    names[i] = tbl == "rates" and rate_key(e) or e[key_of(tbl)]
  end
  return names
end)

--- The sorted names of the catalog's chips (cat:list("chips")).
-- @function Catalog:chips
-- @treturn {string,...} the names [name]
-- @raise "flopcost.catalog.chips: argument 'self': catalog (call it as cat:chips(...)) expected, got nil"
-- @usage fc.catalog.load():chips()[1]  --> "A100-SXM"

--- The sorted names of the catalog's regions (cat:list("regions")).
-- @function Catalog:regions
-- @treturn {string,...} the names [name]
-- @raise "flopcost.catalog.regions: argument 'self': catalog (call it as cat:regions(...)) expected, got nil"
-- @usage fc.catalog.load():regions()[1]  --> "cn-avg"

--- The sorted names of the catalog's processes (cat:list("processes")).
-- @function Catalog:processes
-- @treturn {string,...} the names [name]
-- @raise "flopcost.catalog.processes: argument 'self': catalog (call it as cat:processes(...)) expected, got nil"
-- @usage fc.catalog.load():processes()[1]  --> "SMIC-N+1"

--- The sorted names of the catalog's runs (cat:list("runs")).
-- @function Catalog:runs
-- @treturn {string,...} the names [name]
-- @raise "flopcost.catalog.runs: argument 'self': catalog (call it as cat:runs(...)) expected, got nil"
-- @usage fc.catalog.load():runs()[1]  --> "BLOOM-176B"

--- The sorted names of the catalog's rules (cat:list("rules")).
-- @function Catalog:rules
-- @treturn {string,...} the names [name]
-- @raise "flopcost.catalog.rules: argument 'self': catalog (call it as cat:rules(...)) expected, got nil"
-- @usage fc.catalog.load():rules()[1]  --> "3A090-2022"

--- The sorted names of the catalog's models (cat:list("models")).
-- @function Catalog:models
-- @treturn {string,...} the names [name]
-- @raise "flopcost.catalog.models: argument 'self': catalog (call it as cat:models(...)) expected, got nil"
-- @usage fc.catalog.load():models()[1]  --> "DeepSeek-V3"

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
-- country, foundry, organization, title or type contain `text` (plain, case-insensitive).
-- @function Catalog:search
-- @tparam string text what to look for [text]
-- @tparam[opt] string kind only this kind [name]
-- @treturn {table,...} {kind [name], name [name], entry [entry]}, sorted by kind then name [matches]
-- @raise "flopcost.catalog.search: argument 'text': string expected, got 1"
-- @usage local cat = fc.catalog.default(); cat:search("nvidia")[1].name  --> "A100-SXM"
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
-- @function Catalog:files
-- @treturn {table,...} {path [path], kind [name], as_of [date]} [files]
-- @raise "flopcost.catalog.files: argument 'self': catalog (call it as cat:files(...)) expected, got nil"
-- @usage local cat = fc.catalog.default(); #cat:files() > 0  --> "true"
Catalog.files = public(function(self)
  check_self(self, "flopcost.catalog.files")
  local out = {}
  for i, f in ipairs(self._files) do out[i] = { path = f.path, kind = f.kind, as_of = f.as_of } end
  return out
end)

--- cat:count(kind): number of entries of a kind.
-- @function Catalog:count
-- @tparam string kind "chips", "regions", ... (singular forms accepted) [name]
-- @treturn integer the entries [count]
-- @raise "flopcost.catalog.count: unknown kind 'nosuch'"
-- @usage local cat = fc.catalog.default(); cat:count("regions") == #cat:regions()  --> "true"
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
  -- at most 100 columns a line (the REPL prints it; issue 23: REPL widths)
  local text = "flopcost.Catalog: " .. (#parts > 0 and table.concat(parts, ", ") or "empty")
    .. (as_of and (" (as of " .. as_of .. ")") or "")
  return table.concat(require("flopcost.compare").wrap(text, 100, "  "), "\n")
end

--- cat:copy(): a new catalog with the same entries (entries are shared: they
-- are never changed in place, override and add replace them).
-- @function Catalog:copy
-- @treturn table the copy [catalog]
-- @raise "flopcost.catalog.copy: argument 'self': catalog (call it as cat:copy(...)) expected, got nil"
-- @usage local cat = fc.catalog.default(); cat:copy():count("chips") == cat:count("chips")  --> "true"
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
