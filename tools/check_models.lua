#!/usr/bin/env lua5.4
--[[
tools/check_models.lua -- validate models/chips.json, models/export_rules.json and
models/runs.json against docs CATALOG_SCHEMA.md (flopcost catalog schema, version 1),
then print TPP / performance density and the export-control class of every chip.

Usage:  lua5.4 tools/check_models.lua [models-dir]      (default: models)
Exit status 0 when no errors were found, 1 otherwise.  Standalone: no C module, no
lua-cjson (a small JSON reader is included below).

Formulas (ECCN 3A090 as defined in 88 FR 73458, Oct 2023):
  TPP = 2 x MacTOPS x bit length = dense TOPS x bit length, maximum over precisions
  PD  = TPP / applicable die area (mm2)
]]

local dir = arg[1] or "models"

---------------------------------------------------------------------------
-- Minimal JSON reader (RFC 8259).  Errors carry line and column.
---------------------------------------------------------------------------
local NULL = setmetatable({}, { __tostring = function() return "null" end })

local function json_decode(text, fname)
  local pos = 1
  local function fail(msg)
    local line, col = 1, 1
    for i = 1, pos - 1 do
      if text:sub(i, i) == "\n" then line, col = line + 1, 1 else col = col + 1 end
    end
    error(string.format("%s:%d:%d: %s", fname, line, col, msg), 0)
  end
  local function ws() pos = text:find("[^ \t\r\n]", pos) or #text + 1 end
  local value
  local function str()
    pos = pos + 1
    local buf = {}
    while true do
      local c = text:sub(pos, pos)
      if c == "" then fail("unterminated string") end
      if c == '"' then pos = pos + 1; return table.concat(buf) end
      if c:byte() < 32 then fail("control character in string") end
      if c == "\\" then
        local e = text:sub(pos + 1, pos + 1)
        local map = { ['"'] = '"', ["\\"] = "\\", ["/"] = "/", b = "\b", f = "\f", n = "\n", r = "\r", t = "\t" }
        if map[e] then buf[#buf + 1] = map[e]; pos = pos + 2
        elseif e == "u" then
          local hex = text:sub(pos + 2, pos + 5)
          if not hex:match("^%x%x%x%x$") then fail("bad \\u escape") end
          buf[#buf + 1] = utf8.char(tonumber(hex, 16)); pos = pos + 6
        else fail("bad escape") end
      else buf[#buf + 1] = c; pos = pos + 1 end
    end
  end
  local function num()
    local s = text:match("^-?%d+%.?%d*[eE]?[-+]?%d*", pos)
    if not s or not s:match("^-?%d") or s:match("^-?0%d") then fail("bad number") end
    local n = tonumber(s)
    if not n then fail("bad number '" .. s .. "'") end
    pos = pos + #s
    return n
  end
  function value()
    ws()
    local c = text:sub(pos, pos)
    if c == "{" then
      pos = pos + 1; local obj = {}; ws()
      if text:sub(pos, pos) == "}" then pos = pos + 1; return obj end
      while true do
        ws()
        if text:sub(pos, pos) ~= '"' then fail("object key expected") end
        local k = str(); ws()
        if text:sub(pos, pos) ~= ":" then fail("':' expected") end
        pos = pos + 1
        if obj[k] ~= nil then fail("duplicate key '" .. k .. "'") end
        obj[k] = value(); ws()
        local d = text:sub(pos, pos); pos = pos + 1
        if d == "}" then return obj end
        if d ~= "," then pos = pos - 1; fail("',' or '}' expected") end
      end
    elseif c == "[" then
      pos = pos + 1; local arr = { __array = true }; ws()
      if text:sub(pos, pos) == "]" then pos = pos + 1; return arr end
      while true do
        arr[#arr + 1] = value(); ws()
        local d = text:sub(pos, pos); pos = pos + 1
        if d == "]" then return arr end
        if d ~= "," then pos = pos - 1; fail("',' or ']' expected") end
      end
    elseif c == '"' then return str()
    elseif c == "-" or c:match("%d") then return num()
    elseif text:sub(pos, pos + 3) == "true" then pos = pos + 4; return true
    elseif text:sub(pos, pos + 4) == "false" then pos = pos + 5; return false
    elseif text:sub(pos, pos + 3) == "null" then pos = pos + 4; return NULL
    else fail("unexpected character '" .. c .. "'") end
  end
  local v = value(); ws()
  if pos <= #text then fail("trailing characters") end
  return v
end

---------------------------------------------------------------------------
-- Reporting
---------------------------------------------------------------------------
local errors, checks = {}, 0
local function err(where, msg) errors[#errors + 1] = where .. ": " .. msg end
local function ok(cond, where, msg) checks = checks + 1; if not cond then err(where, msg) end; return cond end

local function load(name)
  local path = dir .. "/" .. name
  local f = io.open(path, "r")
  if not f then err(path, "cannot open"); return nil end
  local text = f:read("a"); f:close()
  local good, res = pcall(json_decode, text, path)
  if not good then err(path, res); return nil end
  print(string.format("parsed %-28s %6d bytes", path, #text))
  return res
end

local function is_array(t) return type(t) == "table" and t.__array == true end
local function is_object(t) return type(t) == "table" and t ~= NULL and not t.__array end
local function is_num(x) return math.type(x) ~= nil and x == x and x ~= math.huge and x ~= -math.huge end
local function is_int(x) return math.type(x) == "integer" or (is_num(x) and x == math.floor(x)) end
local function is_date(s) return type(s) == "string" and (s:match("^%d%d%d%d$") or s:match("^%d%d%d%d%-%d%d$")
  or s:match("^%d%d%d%d%-%d%d%-%d%d$")) ~= nil end
local function has_tag(s) return type(s) == "string" and s:match("%[[PESDU]%]") ~= nil end
local function keyset(list) local s = {}; for _, k in ipairs(list) do s[k] = true end; return s end

local function check_keys(obj, allowed, where)
  for k in pairs(obj) do ok(allowed[k], where, "unknown field '" .. tostring(k) .. "'") end
end

-- Figure: plain number or {value, source?, as_of?, uncertain?, range?, note?}.
-- Returns value, low, high (low/high = range ends, or value when no range).
local FIG_KEYS = keyset { "value", "source", "as_of", "uncertain", "range", "note" }
local nfig, nfig_obj, nfig_unc = 0, 0, 0
local function figure(x, where, positive)
  nfig = nfig + 1
  if is_num(x) then
    ok(not positive or x > 0, where, "must be > 0 (absent means unknown; never 0), got " .. tostring(x))
    return x, x, x
  end
  if not ok(is_object(x), where, "number or figure object expected") then return nil end
  nfig_obj = nfig_obj + 1
  check_keys(x, FIG_KEYS, where)
  local v = x.value
  if not ok(is_num(v), where, "figure 'value' must be a number") then return nil end
  ok(not positive or v > 0, where, "value must be > 0, got " .. tostring(v))
  if x.source ~= nil then ok(has_tag(x.source), where, "figure source needs a [P]/[E]/[S]/[D]/[U] tag") end
  if x.as_of ~= nil then ok(is_date(x.as_of), where, "as_of must be YYYY, YYYY-MM or YYYY-MM-DD") end
  if x.note ~= nil then ok(type(x.note) == "string", where, "note must be a string") end
  if x.uncertain ~= nil then ok(type(x.uncertain) == "boolean", where, "uncertain must be a boolean") end
  local lo, hi = v, v
  if x.range ~= nil then
    if ok(is_array(x.range) and #x.range == 2 and is_num(x.range[1]) and is_num(x.range[2]), where,
          "range must be [low, high]") then
      lo, hi = x.range[1], x.range[2]
      ok(lo <= v and v <= hi, where, string.format("range [%g, %g] must contain value %g", lo, hi, v))
    end
  end
  if x.uncertain then
    nfig_unc = nfig_unc + 1
    ok(x.range ~= nil, where, "uncertain figure needs a range")
    ok((x.source or ""):find("[U]", 1, true) or (x.note or ""):find("[U]", 1, true), where,
       "uncertain figure needs a [U] tag in its source or note")
  end
  return v, lo, hi
end

local function entry_common(e, where, names)
  ok(type(e.name) == "string" and e.name:match("^[%w%-%+%.]+$") ~= nil, where,
     "name must be ASCII without spaces (use '-')")
  if type(e.name) == "string" then
    ok(not names[e.name], where, "duplicate name '" .. e.name .. "'")
    names[e.name] = true
  end
  ok(has_tag(e.source), where, "source must be a string with a [P]/[E]/[S]/[D]/[U] tag")
  ok(is_date(e.as_of), where, "as_of must be YYYY, YYYY-MM or YYYY-MM-DD")
end

local function check_file(doc, schema, listkey, path)
  if not doc then return {} end
  ok(doc.schema == schema, path, "schema must be '" .. schema .. "'")
  ok(is_date(doc.as_of), path, "top-level as_of must be a date")
  ok(is_array(doc[listkey]) and #doc[listkey] > 0, path, "'" .. listkey .. "' must be a non-empty array")
  return is_array(doc[listkey]) and doc[listkey] or {}
end

---------------------------------------------------------------------------
-- chips.json
---------------------------------------------------------------------------
local PROCESSES = keyset { "TSMC-N7", "TSMC-N6", "TSMC-N5", "TSMC-4N", "TSMC-4NP", "TSMC-N3",
                           "SMIC-N+1", "SMIC-N+2", "SMIC-N+3" }
local PRECISION_BITS = { fp64 = 64, tf32 = 32, fp16 = 16, bf16 = 16, fp8 = 8, fp4 = 4, int8 = 8, int4 = 4 }
local CHIP_KEYS = keyset { "name", "aliases", "vendor", "released", "peak_tflops", "memory_gb",
  "memory_bandwidth_gbs", "interconnect_gbs", "tdp_w", "idle_w", "die_area_mm2", "dies", "process",
  "hbm_stacks", "price_usd", "price_basis", "prices", "rentals", "rental_usd_per_hour", "power_curve", "server_multiple",
  "server_power_multiple", "notes", "source", "as_of" }
local CHIP_FIGURES = { "memory_gb", "memory_bandwidth_gbs", "interconnect_gbs", "tdp_w", "idle_w",
  "die_area_mm2", "price_usd", "rental_usd_per_hour" }

local chips_doc = load("chips.json")
local chips = check_file(chips_doc, "flopcost.chips/1", "chips", dir .. "/chips.json")
local chip_by_name, lookup = {}, {}
local cv = {}   -- per chip: normalised values used by the table below

for i, c in ipairs(chips) do
  local where = string.format("chips.json chips[%d] %s", i, tostring(c.name))
  if is_object(c) then
    check_keys(c, CHIP_KEYS, where)
    entry_common(c, where, chip_by_name)
    chip_by_name[c.name or i] = c
    ok(type(c.vendor) == "string" and #c.vendor > 0, where, "vendor (string) is required")
    if c.released ~= nil then ok(is_date(c.released), where, "released must be a year or year-month") end
    for _, a in ipairs(is_array(c.aliases) and c.aliases or {}) do
      ok(type(a) == "string", where, "aliases must be strings")
    end
    if c.aliases ~= nil then ok(is_array(c.aliases), where, "aliases must be an array") end
    local v = { name = c.name, peak = {}, peak_lo = {}, peak_hi = {} }
    if ok(is_object(c.peak_tflops) and next(c.peak_tflops) ~= nil, where, "peak_tflops needs at least one precision") then
      for p, f in pairs(c.peak_tflops) do
        if ok(PRECISION_BITS[p], where, "unknown precision '" .. tostring(p) .. "'") then
          v.peak[p], v.peak_lo[p], v.peak_hi[p] = figure(f, where .. " peak_tflops." .. p, true)
        end
      end
    end
    ok(c.tdp_w ~= nil, where, "tdp_w is required")
    for _, k in ipairs(CHIP_FIGURES) do
      if c[k] ~= nil then
        local val, lo, hi = figure(c[k], where .. " " .. k, true)
        v[k], v[k .. "_lo"], v[k .. "_hi"] = val, lo, hi
      end
    end
    if c.dies ~= nil then ok(is_int(c.dies) and c.dies >= 1, where, "dies must be an integer >= 1") end
    if c.hbm_stacks ~= nil then ok(is_int(c.hbm_stacks) and c.hbm_stacks >= 1, where, "hbm_stacks must be an integer >= 1") end
    if c.process ~= nil then ok(PROCESSES[c.process], where, "process '" .. tostring(c.process) .. "' is not a processes.json name") end
    if c.server_multiple ~= nil then ok(is_num(c.server_multiple) and c.server_multiple >= 1, where, "server_multiple must be a number >= 1") end
    if c.server_power_multiple ~= nil then ok(is_num(c.server_power_multiple) and c.server_power_multiple >= 1, where,
      "server_power_multiple must be a number >= 1") end
    if c.notes ~= nil then ok(type(c.notes) == "string", where, "notes must be a string") end
    if v.idle_w and v.tdp_w then ok(v.idle_w < v.tdp_w, where, "idle_w must be below tdp_w") end
    if c.power_curve ~= nil then
      local pc, w = c.power_curve, where .. " power_curve"
      if ok(is_object(pc), w, "object expected") then
        check_keys(pc, keyset { "utilization", "power_w", "source", "as_of" }, w)
        ok(has_tag(pc.source), w, "source with a tag is required")
        ok(is_date(pc.as_of), w, "as_of is required")
        local u, p = pc.utilization, pc.power_w
        if ok(is_array(u) and is_array(p) and #u == #p and #u >= 2, w, "utilization and power_w: arrays of equal length >= 2") then
          for j = 1, #u do
            ok(is_num(u[j]) and u[j] >= 0 and u[j] <= 1, w, "utilization must lie in [0, 1]")
            ok(is_num(p[j]) and p[j] > 0, w, "power_w must be > 0")
            if j > 1 then ok(u[j] > u[j - 1], w, "utilization must increase strictly") end
          end
          if v.tdp_w then ok(p[#p] <= v.tdp_w * 1.05, w, "power at full utilization exceeds TDP by > 5%") end
        end
      end
    end
    -- alias / name uniqueness across the whole file
    for _, a in ipairs(is_array(c.aliases) and c.aliases or {}) do
      if type(a) == "string" then
        ok(not lookup[a:lower()], where, "alias '" .. a .. "' collides with " .. tostring(lookup[a:lower()]))
        lookup[a:lower()] = c.name
      end
    end
    if type(c.name) == "string" then
      ok(not lookup[c.name:lower()] or lookup[c.name:lower()] == c.name, where, "name collides with an alias")
      lookup[c.name:lower()] = c.name
    end
    v.dies = c.dies
    cv[#cv + 1] = v
  else
    err(where, "object expected")
  end
end

---------------------------------------------------------------------------
-- export_rules.json
---------------------------------------------------------------------------
local COND_KEYS = keyset { "tpp_min", "tpp_max", "pd_min", "pd_max", "dram_bandwidth_gbs_min",
  "dram_bandwidth_gbs_max", "io_bandwidth_gbs_min", "io_bandwidth_gbs_max" }
local POLICIES = keyset { "presumption of denial", "case-by-case", "no licence required",
  "notified advanced computing (NAC)" }
local GROUPS = { "china", "us", "allied", "other" }
local RULE_KEYS = keyset { "id", "name", "title", "effective", "source", "as_of", "classes", "licence",
  "metrics", "notes" }

local rules_doc = load("export_rules.json")
local rules = check_file(rules_doc, "flopcost.export_rules/1", "rules", dir .. "/export_rules.json")
local rule_names = {}
for i, r in ipairs(rules) do
  local where = string.format("export_rules.json rules[%d] %s", i, tostring(r.id))
  check_keys(r, RULE_KEYS, where)
  entry_common(r, where, rule_names)
  ok(type(r.id) == "string" and r.id == r.name, where, "id (string) is required and must equal name")
  ok(type(r.title) == "string", where, "title (string) is required")
  ok(is_date(r.effective), where, "effective must be a date")
  ok((r.source or ""):find("FR", 1, true), where, "source must cite the Federal Register")
  local classes_seen = {}
  if ok(is_array(r.classes) and #r.classes > 0, where, "classes must be a non-empty array") then
    for j, cl in ipairs(r.classes) do
      local w = where .. " classes[" .. j .. "]"
      check_keys(cl, keyset { "class", "any" }, w)
      ok(type(cl.class) == "string", w, "class name (string) required")
      classes_seen[cl.class or ""] = true
      if ok(is_array(cl.any) and #cl.any > 0, w, "'any' must be a non-empty array of conditions") then
        for k, cond in ipairs(cl.any) do
          local wc = w .. " any[" .. k .. "]"
          if ok(is_object(cond) and next(cond) ~= nil, wc, "condition must be a non-empty object") then
            check_keys(cond, COND_KEYS, wc)
            for key, b in pairs(cond) do ok(is_num(b) and b >= 0, wc, key .. " must be a number >= 0") end
            for _, m in ipairs { "tpp", "pd", "dram_bandwidth_gbs", "io_bandwidth_gbs" } do
              local lo, hi = cond[m .. "_min"], cond[m .. "_max"]
              if is_num(lo) and is_num(hi) then ok(lo < hi, wc, m .. "_min must be < " .. m .. "_max") end
            end
          end
        end
      end
    end
  end
  if ok(is_object(r.licence), where, "licence table required") then
    for g in pairs(r.licence) do
      local known = false
      for _, gg in ipairs(GROUPS) do known = known or g == gg end
      ok(known, where, "unknown destination group '" .. tostring(g) .. "'")
    end
    for _, g in ipairs(GROUPS) do
      local t = r.licence[g]
      if ok(is_object(t), where, "licence." .. g .. " is required") then
        ok(t.default ~= nil, where, "licence." .. g .. " needs a 'default' class")
        for cls, pol in pairs(t) do
          ok(POLICIES[pol], where, "licence." .. g .. "." .. cls .. ": unknown policy '" .. tostring(pol) .. "'")
          ok(cls == "default" or classes_seen[cls], where, "licence." .. g .. " names unknown class '" .. cls .. "'")
        end
      end
    end
  end
end

---------------------------------------------------------------------------
-- runs.json
---------------------------------------------------------------------------
local RUN_KEYS = keyset { "name", "organization", "year", "params", "active_params", "tokens", "chip", "chips",
  "gpu_hours", "flops_reported", "precision", "wall_clock_days", "cost_usd_reported", "power_w", "pue",
  "grid_kg_co2_per_kwh", "mwh_reported", "t_co2_reported", "epoch_cost_usd", "epoch_chip_hours",
  "epoch_training_start", "published", "mfu_reported", "achieved_tflops_per_chip", "tokens_per_s_per_chip",
  "region", "notes", "source", "as_of" }
local runs_doc = load("runs.json")
local runs = check_file(runs_doc, "flopcost.runs/1", "runs", dir .. "/runs.json")
local run_names, run_lines = {}, {}
for i, r in ipairs(runs) do
  local where = string.format("runs.json runs[%d] %s", i, tostring(r.name))
  check_keys(r, RUN_KEYS, where)
  entry_common(r, where, run_names)
  ok(type(r.organization) == "string", where, "organization (string) expected")
  ok(is_int(r.year) and r.year >= 2010 and r.year <= 2030, where, "year must be an integer year")
  for _, k in ipairs { "params", "active_params", "tokens" } do
    if r[k] ~= nil then ok(is_num(r[k]) and r[k] > 0, where, k .. " must be a positive number") end
  end
  if r.active_params and r.params then ok(r.active_params < r.params, where, "active_params must be < params") end
  if r.chip ~= nil then ok(chip_by_name[r.chip] ~= nil, where, "chip '" .. tostring(r.chip) .. "' is not in chips.json") end
  if r.chips ~= nil then ok(is_int(r.chips) and r.chips >= 1, where, "chips must be an integer count") end
  if r.precision ~= nil then ok(type(r.precision) == "string", where, "precision must be a string") end
  local v = {}
  for _, k in ipairs { "gpu_hours", "flops_reported", "wall_clock_days", "cost_usd_reported", "power_w", "pue",
      "grid_kg_co2_per_kwh", "mwh_reported", "t_co2_reported", "epoch_cost_usd", "epoch_chip_hours", "mfu_reported",
      "achieved_tflops_per_chip", "tokens_per_s_per_chip" } do
    if r[k] ~= nil then v[k] = figure(r[k], where .. " " .. k, true) end
  end
  if r.region ~= nil then ok(type(r.region) == "string", where, "region must be a string") end
  -- Cross-checks (hand formulas): 6 N D against the reported FLOP; GPU-hours / chips / 24 against wall clock.
  -- float arithmetic: 6 * 671e9 * 14.8e12 overflows 64-bit integers
  local n = (r.active_params or r.params) and (r.active_params or r.params) + 0.0
  local sixnd = (n and is_num(r.tokens)) and 6.0 * n * r.tokens or nil
  local line = string.format("  %-15s 6ND = %s", tostring(r.name), sixnd and string.format("%9.3g FLOP", sixnd) or "   (n/a)")
  if v.flops_reported and sixnd then
    local rel = sixnd / v.flops_reported
    ok(rel > 0.9 and rel < 1.1, where, string.format("6ND / flops_reported = %.3f, outside [0.9, 1.1]", rel))
    line = line .. string.format("   reported %9.3g (ratio %.3f)", v.flops_reported, rel)
  end
  if v.gpu_hours and r.chips and v.wall_clock_days then
    local d = v.gpu_hours / r.chips / 24
    ok(math.abs(d / v.wall_clock_days - 1) < 0.02, where, string.format("gpu_hours/chips/24 = %.1f d vs wall_clock_days %.1f",
       d, v.wall_clock_days))
    line = line .. string.format("   %.1f days", d)
  end
  if v.gpu_hours and v.cost_usd_reported then
    line = line .. string.format("   $%.2f per GPU-hour", v.cost_usd_reported / v.gpu_hours)
  end
  run_lines[#run_lines + 1] = line
end

---------------------------------------------------------------------------
-- Export-control metrics and classification
---------------------------------------------------------------------------
-- TPP over all precisions; returns value, argmax precision.
local function tpp_of(peak)
  local best, which = nil, nil
  for p, t in pairs(peak) do
    local x = t * PRECISION_BITS[p]
    if not best or x > best + 1e-9 or (math.abs(x - best) < 1e-9 and p < which) then best, which = x, p end
  end
  return best, which
end

-- Three-valued evaluation: true / false / nil (a metric the condition needs is unknown;
-- the second result names it).  Bounds: *_min means >=, *_max means < (CATALOG_SCHEMA.md).
local METRIC_OF = { tpp = "tpp", pd = "pd", dram_bandwidth_gbs = "dram", io_bandwidth_gbs = "io" }
local function cond_holds(cond, m)
  local missing
  for key, bound in pairs(cond) do
    local base, kind = key:match("^(.-)_(m[ai][nx])$")
    local x = m[METRIC_OF[base]]
    if x == nil then missing = METRIC_OF[base]
    elseif kind == "min" and not (x >= bound) then return false
    elseif kind == "max" and not (x < bound) then return false end
  end
  if missing then return nil, missing end
  return true
end

-- First class with a true condition wins; if an earlier class is undecidable, say what is missing.
local function classify(rule, m)
  for _, cl in ipairs(rule.classes or {}) do
    local missing
    for _, cond in ipairs(cl.any or {}) do
      local h, what = cond_holds(cond, m)
      if h == true then return cl.class end
      if h == nil then missing = what end
    end
    if missing then return "? needs " .. missing end
  end
  return "not controlled"
end

local rule_by_id = {}
for _, r in ipairs(rules) do rule_by_id[r.id or ""] = r end

-- Hand-checked expectations: a mismatch means the data or the rule encoding is wrong.
--   H100-SXM: 989.5 TFLOP/s x 16 bit = 15,832 >= 4,800 -> 3A090.a (2023); NVLink 900 >= 600 -> 3A090.a (2022)
--   H800-SXM: same TPP, NVLink 400 < 600 -> not controlled in 2022, 3A090.a in 2023
--   A800-PCIe: 312 x 16 = 4,992 >= 4,800, NVLink 400 -> not controlled 2022, 3A090.a 2023
--   H20: 296 x 8 = 2,368 < 2,400; PD 2,368 / 814 = 2.91 < 3.2 -> not controlled (2023)
--   V100-SXM2: 125 x 16 = 2,000; PD 2,000 / 815 = 2.45 < 3.2 -> not controlled (2023)
--   H200: TPP 15,832 < 21,000 and 4,800 < 6,500 GB/s -> case-by-case class (2026)
--   MI325X: 2,614.9 x 8 = 20,919 < 21,000 and 6,000 < 6,500 -> case-by-case class (2026)
--   B200: 4,500 x 8 = 36,000 >= 21,000 -> 3A090.a, presumption of denial for China (2026)
local EXPECT = {
  { "H100-SXM", "3A090-2023", "3A090.a", 15832 }, { "H100-SXM", "3A090-2022", "3A090.a" },
  { "H800-SXM", "3A090-2022", "not controlled" }, { "H800-SXM", "3A090-2023", "3A090.a" },
  { "A800-PCIe", "3A090-2022", "not controlled" }, { "A800-PCIe", "3A090-2023", "3A090.a", 4992 },
  { "H20", "3A090-2023", "not controlled", 2368 }, { "V100-SXM2", "3A090-2023", "not controlled", 2000 },
  { "H200", "china-case-by-case-2026", "3A090.a-case-by-case" },
  { "MI325X", "china-case-by-case-2026", "3A090.a-case-by-case", 20919.2 },
  { "B200", "china-case-by-case-2026", "3A090.a", 36000 },
}

local function metrics(v, which)   -- which: "val", "lo" or "hi"
  local peak = which == "val" and v.peak or (which == "lo" and v.peak_lo or v.peak_hi)
  local tpp = tpp_of(peak)
  local area = which == "val" and v.die_area_mm2 or (which == "lo" and v.die_area_mm2_hi or v.die_area_mm2_lo)
  return { tpp = tpp, pd = (tpp and area) and tpp / area or nil,
           dram = v.memory_bandwidth_gbs, io = v.interconnect_gbs }
end

local table_lines = {}
local r23, r22, r26 = rule_by_id["3A090-2023"], rule_by_id["3A090-2022"], rule_by_id["china-case-by-case-2026"]
local results = {}
for _, v in ipairs(cv) do
  local m = metrics(v, "val")
  local tpp, which = tpp_of(v.peak)
  local res = {}
  for id, r in pairs(rule_by_id) do res[id] = classify(r, m) end
  results[v.name] = { res = res, tpp = tpp }
  local lo, hi = metrics(v, "lo"), metrics(v, "hi")
  local c_lo, c_hi = r23 and classify(r23, lo) or "", r23 and classify(r23, hi) or ""
  local span = (c_lo ~= c_hi or lo.tpp ~= hi.tpp) and string.format("  [TPP %.0f-%.0f: %s .. %s]", lo.tpp, hi.tpp, c_lo, c_hi) or ""
  local c26 = res["china-case-by-case-2026"] or "?"
  local china = "?"
  if r26 and r26.licence and r26.licence.china and not c26:match("^%?") then
    china = r26.licence.china[c26] or r26.licence.china.default
  end
  table_lines[#table_lines + 1] = string.format("| %-19s | %6.0f | %-4s | %5s | %5s | %-14s | %-14s | %-20s | %-21s |%s",
    v.name, tpp or 0, which or "", v.die_area_mm2 and string.format("%.0f", v.die_area_mm2) or "-",
    m.pd and string.format("%.2f", m.pd) or "-", r23 and res["3A090-2023"] or "", r22 and res["3A090-2022"] or "",
    r26 and res["china-case-by-case-2026"] or "", china, span)
end

for _, e in ipairs(EXPECT) do
  local name, rid, want, want_tpp = e[1], e[2], e[3], e[4]
  local got = results[name]
  if ok(got ~= nil and rule_by_id[rid] ~= nil, "expectation", name .. " / " .. rid .. " missing") then
    ok(got.res[rid] == want, "expectation", string.format("%s under %s: want %s, got %s", name, rid, want, got.res[rid]))
    if want_tpp then
      ok(math.abs(got.tpp - want_tpp) <= 0.5, "expectation", string.format("%s TPP: want %g, got %g", name, want_tpp, got.tpp))
    end
  end
end

---------------------------------------------------------------------------
print()
print(string.format("chips: %d   rules: %d   runs: %d   figures: %d (%d objects, %d uncertain)",
  #chips, #rules, #runs, nfig, nfig_obj, nfig_unc))
print()
print("Runs (hand cross-checks):")
for _, l in ipairs(run_lines) do print(l) end
print()
print("TPP = max over precisions of dense TFLOP/s x bits; PD = TPP / die area (mm2).")
print("Classes: Oct 2023 rule (3A090-2023), Oct 2022 rule (I/O >= 600 GB/s, interconnect_gbs used), Jan 2026 China rule;")
print("last column: China licence policy under the Jan 2026 rule. [..] = class at the low/high ends of uncertain ranges.")
print()
print("| chip                |    TPP | prec |  area |    PD | Oct 2023       | Oct 2022       | Jan 2026             | China, Jan 2026       |")
print("|---------------------|--------|------|-------|-------|----------------|----------------|----------------------|-----------------------|")
for _, l in ipairs(table_lines) do print(l) end
print()
if #errors == 0 then
  print(string.format("OK: %d checks passed, 0 errors (%d hand-checked classifications)", checks, #EXPECT))
  os.exit(0)
else
  for _, e in ipairs(errors) do print("ERROR " .. e) end
  print(string.format("FAILED: %d errors in %d checks", #errors, checks))
  os.exit(1)
end
