--- flopcost.whatif: what-ifs given to a study (`--set`, `--vary`, `--catalog`, `--ranges`),
-- applied so that each one acts or is refused, and recorded for the exports' provenance.
-- A study's cells take their region, chips and catalog from the study's lists, not
-- from `base`: a what-if on those restricts the lists instead of being overwritten.
local check = require "flopcost.check"

local M = {}
local FN = "flopcost.whatif"

local function copy(t)
  local c = {}
  for k, v in pairs(t or {}) do c[k] = v end
  return c
end

local function region_name(r) return type(r) == "table" and r.name or r end

-- True when a mix's region filter (prefixes) admits `name`.
local function admits(mix, name)
  if mix.regions == nil then return true end
  for _, prefix in ipairs(mix.regions) do
    if name:sub(1, #prefix) == prefix then return true end
  end
  return false
end

-- The one chip of a single-chip mix, or nil.
local function only_chip(mix)
  local name, n = nil, 0
  for k in pairs(mix.chips or {}) do name, n = k, n + 1 end
  return n == 1 and name or nil
end

-- Fields a cell takes from its mix; `base` gives them to mixes that do not set them.
local MIX_FIELDS = { coupling = true, heterogeneity_penalty = true }
-- Fields a study cannot take from `base` at all.
local REFUSED = {
  catalog = "a catalog comes with --catalog DIR, or a figure with --set KIND.NAME.FIELD=VALUE",
  label = "a mix's label is set in the study's mixes",
}

-- The region filters of a list of mixes, as text ("cn-, (all)").
local function filters(list)
  local out = {}
  for _, mix in ipairs(list) do
    out[#out + 1] = mix.regions and table.concat(mix.regions, "/") or "(all)"
  end
  return table.concat(out, ", ")
end

--- Applies scenario-field what-ifs to a study: `sets` is a list of {path = {...}, value =,
-- key =} (flopcost.cli.common.parse_set). region=NAME keeps that region (the mixes that
-- apply there), chip=NAME keeps the study's mixes of that chip alone (or adds one),
-- chips.NAME=SHARE (repeatable) makes one mix, coupling= and heterogeneity_penalty= apply to
-- every mix, catalog= and label= are refused; other fields go into `base`.
-- Returns a new study (the given one is unchanged); raises "flopcost.whatif: ..." otherwise.
function M.study(study, sets)
  check.arg(FN .. ".study", "study", study, "table", "study table")
  check.each(FN .. ".study", "sets", sets, function(x) return type(x) == "table" end,
    "--set what-if ({path =, value =} or {kind =, name =, field =, value =})")
  local s = copy(study)
  s.base = copy(study.base)
  local mixes, region, chip, chips = nil, nil, nil, nil
  for _, set in ipairs(sets) do
    local head = set.path and set.path[1]
    if head == nil then -- luacheck: ignore 542 (a catalog figure: applied to the catalog)
    elseif REFUSED[head] then
      check.fail(FN, "--set %s: not a what-if for a study: %s", set.key, REFUSED[head])
    elseif head == "region" and #set.path == 1 then region = set.value
    elseif head == "chip" and #set.path == 1 then chip = set.value
    elseif head == "chips" and #set.path == 2 then
      chips = chips or {}
      chips[set.path[2]] = set.value
    elseif MIX_FIELDS[head] and #set.path == 1 then
      mixes = mixes or {}
      mixes[head] = set.value
    end
  end
  if chip and chips then
    check.fail(FN, "--set chip= and --set chips.NAME= both give the mix: use one of them")
  end
  local list = study.mixes or {}
  if chip or chips then
    local kept = {}
    if chip then
      for _, mix in ipairs(list) do if only_chip(mix) == chip then kept[#kept + 1] = mix end end
      if #kept == 0 then kept[1] = { chips = { [chip] = 1 } } end
    else
      kept[1] = { chips = chips }
    end
    list = kept
  end
  if mixes then
    local changed = {}
    for i, mix in ipairs(list) do
      changed[i] = copy(mix)
      for k, v in pairs(mixes) do changed[i][k] = v end
    end
    list = changed
  end
  s.mixes = list
  if region then
    s.regions = { region }
    local kept = {}
    for _, mix in ipairs(list) do if admits(mix, region) then kept[#kept + 1] = mix end end
    if #kept == 0 then
      -- the study's own mixes are limited elsewhere (H800 to cn-): what was asked is one mix here
      check.fail(FN, "--set region=%s: none of the study's mixes applies there (their region filters: %s)",
        region, filters(list))
    end
    -- the filters have done their work: a mix kept for this region keeps it
    for i, mix in ipairs(kept) do
      kept[i] = copy(mix)
      kept[i].regions = nil
    end
    s.mixes = kept
  end
  for _, set in ipairs(sets) do
    local head = set.path and set.path[1]
    if head and not REFUSED[head] and not ((head == "region" or head == "chip" or MIX_FIELDS[head])
        and #set.path == 1) and not (head == "chips" and #set.path == 2) then
      M.set_path(s.base, set.path, set.value, set.key)
    end
  end
  for _, r in ipairs(s.regions or {}) do
    if region_name(r) == nil then check.fail(FN, "a region of the study has no name") end
  end
  return s
end


--- Sets t[path[1]][path[2]]... = value, making tables on the way.
function M.set_path(t, path, value, key)
  check.arg(FN .. ".set_path", "t", t, "table")
  check.arg(FN .. ".set_path", "path", path, function(p) return type(p) == "table" and #p > 0 end,
    "non-empty list of field names")
  for i = 1, #path - 1 do
    local k = path[i]
    if t[k] == nil then t[k] = {} end
    if type(t[k]) ~= "table" then
      check.fail(FN, "--set %s: '%s' is not a table in the scenario", key or table.concat(path, "."), k)
    end
    t = t[k]
  end
  t[path[#path]] = value
end

--- The record of what-ifs for provenance: one line, "--catalog DIR; --set k=v; --vary k=d(...)",
-- or nil when there are none. `a` holds the parsed options (set, vary: lists with .text;
-- catalog: a path; ranges: "catalog").
function M.record(a)
  check.arg(FN .. ".record", "a", a, "table", "parsed options table")
  local parts = {}
  if a.catalog then parts[#parts + 1] = "--catalog " .. a.catalog end
  for _, s in ipairs(a.set or {}) do parts[#parts + 1] = "--set " .. (s.text or s.key) end
  for _, v in ipairs(a.vary or {}) do parts[#parts + 1] = "--vary " .. (v.text or v.key) end
  if a.ranges then parts[#parts + 1] = "--ranges " .. a.ranges end
  return #parts > 0 and table.concat(parts, "; ") or nil
end

return M
