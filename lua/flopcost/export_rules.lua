--- flopcost.export_rules: export-control classification and availability
-- driven by the rules of export_rules.json (see docs/catalog-schema.md).
-- Pure functions of entries already looked up: the catalog resolves names
-- (cat:classify, cat:availability) and calls these; this module needs
-- nothing from the catalog (one direction: catalog -> export_rules).
--
--   classify(chip, rule)             -> class, info
--   availability(chip, region, rule) -> result table (printable)
--   metrics(chip)                    -> {tpp =, pd =, ...}
--
-- Definitions (ECCN 3A090, 88 FR 73458, Oct 2023, and its technical notes):
--   TPP = 2 x MacTOPS x bit length of the operation, dense, maximum over the
--         precisions the chip supports.  One MAC is 2 operations, so with
--         dense TFLOP/s (or TOPS) per precision, TPP = TFLOP/s x bits:
--         989.5 TFLOP/s bf16 -> 989.5 x 16 = 15832.
--   bit length: fp64 64, fp32 and tf32 32 (TF32 operands are stored as
--         32-bit words), fp16/bf16 16, fp8/int8 8, fp4/int4 4.
--   PD  = TPP / die area (mm^2) of the logic dies; the catalog's
--         die_area_mm2 is the sum over logic dies.
-- A rule's classes are tried in order; the first with a condition whose
-- bounds all hold is the class ("not controlled" if none).  Bounds: *_min
-- means >=, *_max means <.  A bound on a metric the chip lacks (no die
-- area -> no PD) is "unknown": such classes are listed in info.undetermined
-- and info.determined is false.
local core_export = require("flopcost.core").export
local check = require "flopcost.check"

local M = {}
local FN = "flopcost.export_rules"
local CHIP = "chip entry (table)"
local RULE = "rule entry (table with id and licence)"
local function is_rule(r) return type(r) == "table" and type(r.licence) == "table" end

-- bit length of each precision: the core's one table (csrc/core/fc_export.c)
M.bits = core_export.precision_bits()

local METRIC_NAMES = { "tpp", "pd", "dram_bandwidth_gbs", "io_bandwidth_gbs" }

local function positive(x) return type(x) == "number" and x > 0 and x < math.huge end

--- metrics(chip): {tpp, tpp_precision, pd, dram_bandwidth_gbs, io_bandwidth_gbs};
-- missing inputs leave a metric nil.
-- TPP and PD are computed by the C core (fc_export.c, where the 3A090
-- definitions are cited); this function only picks the chip's figures.
function M.metrics(chip)
  check.arg(FN .. ".metrics", "chip", chip, "table", CHIP)
  local m = {}
  local tops = {}
  for p, v in pairs(chip.peak_tflops or {}) do
    if M.bits[p] and positive(v) then tops[p] = v end
  end
  if next(tops) then m.tpp, m.tpp_precision = core_export.tpp { peak_tops = tops } end
  if m.tpp and positive(chip.die_area_mm2) then
    m.pd = core_export.performance_density { tpp = m.tpp, die_area_mm2 = chip.die_area_mm2 }
  end
  m.dram_bandwidth_gbs = positive(chip.memory_bandwidth_gbs) and chip.memory_bandwidth_gbs or nil
  if type(chip.interconnect_gbs) == "number" and chip.interconnect_gbs >= 0 then
    m.io_bandwidth_gbs = chip.interconnect_gbs
  end
  return m
end

-- true, false, or nil (unknown: a metric is missing and no other bound fails)
local function eval_cond(cond, m, missing)
  local result = true
  for bound, b in pairs(cond) do
    local metric, side = bound:match("^(.-)_(m[ai][xn])$")
    if metric then
      local x = m[metric]
      if x == nil then
        result = result and nil
        missing[metric] = true
      elseif (side == "min" and not (x >= b)) or (side == "max" and not (x < b)) then
        return false
      end
    end
  end
  return result
end

local function eval_class(cl, m, missing)
  local any_unknown = false
  for _, cond in ipairs(cl.any) do
    local r = eval_cond(cond, m, missing)
    if r == true then return true end
    if r == nil then any_unknown = true end
  end
  if any_unknown then return nil end
  return false
end

-- The rule among `rules` for which applies(rule) holds with the latest effective date on or
-- before as_of (nil: the latest): the core's choice (fc_export_rule_at), or nil.
local function rule_at(rules, as_of, applies)
  local eff, app = {}, {}
  for i, r in ipairs(rules) do eff[i], app[i] = r.effective, applies(r) end
  local i = core_export.rule_at { effective = eff, applies = app, as_of = as_of }
  return i and rules[i] or nil
end

--- The rule in force at a date (as_of "YYYY[-MM[-DD]]", nil: the latest): the
-- general rule (one without `chips`) with the latest effective date on or
-- before it; nil when none.
function M.latest(rules, as_of)
  check.each(FN .. ".latest", "rules", rules, function(r) return type(r) == "table" and type(r.effective) == "string" end,
    "rule entry (table with effective date)")
  check.optional(FN .. ".latest", "as_of", as_of, "date")
  return rule_at(rules, as_of, function(r) return r.chips == nil end)
end

--- The latest decision naming the chip (a rule with `chips`: an is-informed
-- letter, a licence condition) in force at as_of (nil: the latest), or nil.
function M.named(rules, chip_name, as_of)
  check.each(FN .. ".named", "rules", rules, is_rule, RULE)
  check.arg(FN .. ".named", "chip_name", chip_name, "string", "chip name")
  check.optional(FN .. ".named", "as_of", as_of, "date")
  return rule_at(rules, as_of, function(r)
    for _, n in ipairs(r.chips or {}) do if n == chip_name then return true end end
    return false
  end)
end

local function fmt(x)
  if x == nil then return "unknown" end
  return string.format("%.6g", x)
end

local Class = { __name = "flopcost.ExportClass" }
Class.__index = Class
function Class:__tostring()
  local s = string.format("%s under %s: %s (TPP %s, PD %s)", self.chip, self.rule, self.class,
    fmt(self.tpp), fmt(self.pd))
  if not self.determined then
    s = s .. "; undetermined: " .. table.concat(self.undetermined, ", ") .. " (missing "
      .. table.concat(self.missing, ", ") .. ")"
  end
  if self.robust == false then
    local parts = {}
    for _, f in ipairs(self.ranged) do parts[#parts + 1] = ("%s %s-%s"):format(f.path, fmt(f.lo), fmt(f.hi)) end
    s = s .. "; within the catalog's ranges (" .. table.concat(parts, ", ") .. "): "
      .. table.concat(self.classes_in_range, " or ")
  end
  return s
end

-- The chip's figures that feed a metric and carry an uncertainty range in the
-- catalog (entry.meta[path].range), sorted by path: {path, lo, hi}.
local METRIC_FIELDS = { die_area_mm2 = true, memory_bandwidth_gbs = true, interconnect_gbs = true }
local MAX_RANGED = 8 -- 2^8 corners at most
local function ranged_fields(c)
  local out = {}
  for path, meta in pairs(type(c.meta) == "table" and c.meta or {}) do
    local r = type(meta) == "table" and meta.range
    if type(r) == "table" and positive(r[1]) and positive(r[2]) and r[1] < r[2]
        and (METRIC_FIELDS[path] or (path:match("^peak_tflops%.(.+)$") and M.bits[path:match("^peak_tflops%.(.+)$")])) then
      out[#out + 1] = { path = path, lo = r[1], hi = r[2] }
    end
  end
  table.sort(out, function(a, b) return a.path < b.path end)
  while #out > MAX_RANGED do out[#out] = nil end
  return out
end

-- The chip with each ranged field at its low (bit clear) or high (bit set) end.
local function at_corner(c, fields, corner)
  local v = { peak_tflops = {}, die_area_mm2 = c.die_area_mm2, memory_bandwidth_gbs = c.memory_bandwidth_gbs,
    interconnect_gbs = c.interconnect_gbs }
  for p, x in pairs(c.peak_tflops or {}) do v.peak_tflops[p] = x end
  for i, f in ipairs(fields) do
    local x = (corner >> (i - 1)) & 1 == 1 and f.hi or f.lo
    local prec = f.path:match("^peak_tflops%.(.+)$")
    if prec then v.peak_tflops[prec] = x else v[f.path] = x end
  end
  return v
end

local function class_of(m, rule)
  for _, cl in ipairs(rule.classes) do
    if eval_class(cl, m, {}) == true then return cl.class end
  end
  return "not controlled"
end

--- classify(chip, rule): the class name ("3A090.a", "not controlled") and an
-- info table {class, rule, chip, tpp, tpp_precision, pd, determined,
-- undetermined, missing, robust, classes_in_range, ranged} that prints
-- readably. chip: an entry or a table with peak_tflops (and die_area_mm2,
-- ...); rule: an entry of the rules table.
-- The class is that of the catalog's figures. When some of them are uncertain
-- with a range (meta[path].range), the class is also found at every corner of
-- those ranges: robust is false when a corner falls in another class, and
-- classes_in_range lists them all (the 910B's HCCS, 392-784 GB/s, straddles
-- the 2022 rule's 600 GB/s). Corners, not the whole box: a class that only an
-- interior point reaches is not found.
function M.classify(c, rule)
  check.arg(FN .. ".classify", "chip", c, "table", CHIP)
  check.arg(FN .. ".classify", "rule", rule, is_rule, RULE)
  local m = M.metrics(c)
  local info = setmetatable({ chip = c.name or "?", rule = rule.id, tpp = m.tpp,
    tpp_precision = m.tpp_precision, pd = m.pd, dram_bandwidth_gbs = m.dram_bandwidth_gbs,
    io_bandwidth_gbs = m.io_bandwidth_gbs, determined = true, undetermined = {}, missing = {} }, Class)
  local missing = {}
  info.class = "not controlled"
  for _, cl in ipairs(rule.classes) do
    local r = eval_class(cl, m, missing)
    if r == true then
      info.class = cl.class
      break
    elseif r == nil then
      info.undetermined[#info.undetermined + 1] = cl.class
    end
  end
  if #info.undetermined > 0 then
    info.determined = false
    for _, name in ipairs(METRIC_NAMES) do
      if missing[name] then info.missing[#info.missing + 1] = name end
    end
  end
  local fields = ranged_fields(c)
  local seen = { [info.class] = true }
  info.classes_in_range, info.ranged, info.robust = { info.class }, fields, true
  for corner = 0, (1 << #fields) - 1 do
    if #fields == 0 then break end
    local cl = class_of(M.metrics(at_corner(c, fields, corner)), rule)
    if not seen[cl] then
      seen[cl] = true
      info.classes_in_range[#info.classes_in_range + 1] = cl
      info.robust = false
    end
  end
  return info.class, info
end

local Avail = { __name = "flopcost.ExportAvailability" }
Avail.__index = Avail
function Avail:__tostring()
  return string.format("%s in %s (destination %s), rule %s: class %s, %s: %s; price premium %+.0f%%%s%s",
    self.chip, self.region, self.destination, self.rule, self.class, self.policy,
    self.available and "available" or "not available", 100 * self.premium,
    self.premium_source and (" (" .. self.premium_source .. (self.premium_range and
      (", range %+.0f%% to %+.0f%%"):format(100 * self.premium_range[1], 100 * self.premium_range[2]) or "") .. ")") or "",
    (self.determined and "" or " (classification undetermined)")
    .. (self.robust == false and (" (class within the catalog's ranges: "
      .. table.concat(self.classes_in_range, " or ") .. ")") or ""))
end

--- Policy for a class in a destination group: licence[dest][class], else
-- licence[dest].default for a controlled class; "not controlled" needs no
-- licence unless the rule says otherwise; a destination the rule does not
-- list needs no licence.
function M.policy(rule, destination, class)
  check.arg(FN .. ".policy", "rule", rule, is_rule, RULE)
  local lic = rule.licence[destination]
  if class == "not controlled" then
    return lic and lic["not controlled"] or "no licence required"
  end
  if not lic then return "no licence required" end
  return lic[class] or lic.default or "no licence required"
end

-- Where each vendor's chips come from: US export rules bind US-origin chips;
-- a chip made by a vendor of the destination country is domestic supply there.
M.VENDOR_COUNTRY = { NVIDIA = "US", AMD = "US", Intel = "US", Google = "US",
  Huawei = "CN", Cambricon = "CN", Hygon = "CN", ["Moore Threads"] = "CN", Biren = "CN" }

-- The premium of a licence status and where it comes from: the core's choice
-- (fc_export_premium: none domestic or without a licence; the region's
-- grey-market premium, for the chip else its default, only when denied; the
-- rule's figure for that status when licensed). Here only the look-ups of
-- the figures and the words. Returns value, source text, range.
local function premium_of(c, reg, rule, policy, status)
  local prem, meta = reg.chip_price_premium or {}, reg.meta or {}
  local x, src = core_export.premium { status = status, grey_chip = prem[c.name], grey_default = prem.default,
    rule = rule.premium and rule.premium[policy] }
  if src == "grey_chip" or src == "grey_default" then
    local m = meta["chip_price_premium." .. (src == "grey_chip" and c.name or "default")]
    return x, "grey market, region " .. (reg.name or "?"), m and m.range
  elseif src == "rule" then
    local m = rule.meta and rule.meta["premium." .. policy]
    return x, "rule " .. rule.id, m and m.range
  end
  return 0
end

--- uncontrolled(chip, region, as_of): the availability before any rule in
-- the catalog was in force: no licence, no premium.
function M.uncontrolled(c, reg, as_of)
  check.arg(FN .. ".uncontrolled", "chip", c, "table", CHIP)
  check.arg(FN .. ".uncontrolled", "region", reg, "table", "region entry (table)")
  check.arg(FN .. ".uncontrolled", "as_of", as_of, "date")
  return setmetatable({ chip = c.name or "?", region = reg.name, destination = reg.destination,
    rule = "none in force at " .. as_of, class = "not controlled", policy = "no licence required",
    available = true, licence_required = false, domestic = false, premium = 0, determined = true,
    robust = true, classes_in_range = { "not controlled" } }, Avail)
end

--- availability(chip, region, rule, [named]): {chip, region, destination, rule,
-- class, policy, available, licence_required, premium, premium_source,
-- premium_range, determined, tpp, pd}. named: a decision naming the chip
-- (M.named), which overrides the rule's policy where it lists the destination.
-- available is false under "presumption of denial" and "denied". premium:
-- the status's own (premium_of above).
function M.availability(c, reg, rule, named)
  check.arg(FN .. ".availability", "chip", c, "table", CHIP)
  check.arg(FN .. ".availability", "region", reg, "table", "region entry (table)")
  check.arg(FN .. ".availability", "rule", rule, is_rule, RULE)
  check.optional(FN .. ".availability", "named", named, is_rule, RULE)
  local class, info = M.classify(c, rule)
  local policy = M.policy(rule, reg.destination, class)
  local by = rule
  if named and named.licence[reg.destination] then
    local nclass = M.classify(c, named)
    if nclass ~= "not controlled" then class, policy, by = nclass, M.policy(named, reg.destination, nclass), named end
  end
  local domestic = c.vendor ~= nil and M.VENDOR_COUNTRY[c.vendor] == reg.country
  local status = core_export.status(policy, domestic)
  if domestic then policy = "domestic supply (not subject to US export rules)" end
  local premium, psource, prange = premium_of(c, reg, by, policy, status)
  return setmetatable({ chip = c.name or "?", region = reg.name, destination = reg.destination,
    rule = by.id, class = class, policy = policy,
    available = status ~= "denied",
    licence_required = not domestic and policy ~= "no licence required", domestic = domestic,
    premium = premium, premium_source = psource, premium_range = prange,
    determined = info.determined, tpp = info.tpp, pd = info.pd,
    robust = info.robust, classes_in_range = info.classes_in_range }, Avail)
end

return M
