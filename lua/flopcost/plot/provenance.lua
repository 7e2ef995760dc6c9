--- flopcost.plot.provenance: what every chart says about where its numbers
-- come from (issue 23: "every chart names its scenario, source, catalog date
-- and flopcost version").
--
-- A chart's opts.provenance is a table; every field is optional:
--   scenario         what was computed ("default study: US vs China ...")
--   study            a study's name (used when scenario is absent)
--   catalog_as_of    the catalog's date (the newest as_of of its files)
--   flopcost_version the version that computed it (default: this one)
--   what_ifs         the what-ifs applied (--set, --vary, --catalog): a list
--                    of strings or one string; {} says "none", nil "not recorded"
--                    (`whatifs`, flopcost.whatif.record's one line, is read too)
--   source           where the figures come from (default: the catalog's files)
--   samples, seed, generator  how an interval was drawn (Monte Carlo)
--   method           a sentence on the intervals, overriding the three above
-- A field that is missing is written as "not given", never guessed.
local check = require "flopcost.check"

local M = {}
local FN = "flopcost.plot.provenance"

local NOT_GIVEN = "not given"

local function what_ifs_text(w)
  if w == nil then return "not recorded" end
  if type(w) == "table" then
    if #w == 0 then return "none" end
    local parts = {}
    for i, v in ipairs(w) do parts[i] = tostring(v) end
    return table.concat(parts, ", ")
  end
  if type(w) == "string" and w ~= "" then return w end
  return "none"
end

--- provenance.normalize(p) -> table with every field above as text.
function M.normalize(p)
  p = type(p) == "table" and p or {}
  local out = {
    scenario = p.scenario or p.study or NOT_GIVEN,
    catalog_as_of = p.catalog_as_of or NOT_GIVEN,
    flopcost_version = p.flopcost_version or require("flopcost.core").version,
    what_ifs = what_ifs_text(p.what_ifs or p.whatifs),
    source = p.source or "catalog figures with their sources and dates in models/*.json",
  }
  if p.method then
    out.method = p.method
  elseif p.samples then
    out.method = ("90%% intervals: Monte Carlo, %s samples, %s generator, seed %s"):format(
      tostring(p.samples), tostring(p.generator or "?"), tostring(p.seed or "?"))
  end
  return out
end

--- provenance.sentences(p) -> the footer's sentences, in reading order.
function M.sentences(p)
  local n = M.normalize(p)
  local s = {
    ("Scenario: %s; what-ifs: %s."):format(n.scenario, n.what_ifs),
    ("flopcost %s, catalog as of %s; source: %s."):format(n.flopcost_version, n.catalog_as_of, n.source),
  }
  if n.method then s[#s + 1] = n.method .. "." end
  return s
end

--- provenance.catalog_as_of(cat) -> the newest as_of of a catalog's files, or nil.
function M.catalog_as_of(cat)
  if type(cat) ~= "table" or type(cat.files) ~= "function" then return nil end
  local newest
  for _, f in ipairs(cat:files()) do
    if f.as_of and (newest == nil or f.as_of > newest) then newest = f.as_of end
  end
  return newest
end

--- provenance.from_scenario(s) -> {scenario = "H100-SXM in us-va", catalog_as_of} of a flopcost.Scenario.
function M.from_scenario(s)
  if type(s) ~= "table" then return {} end
  -- a Scenario names itself "flopcost.Scenario(H100-SXM in us-va)": chips and region
  local ok, text = pcall(tostring, s)
  local name = ok and text:match("^flopcost%.Scenario%((.*)%)$") or (type(s.label) == "string" and s.label) or nil
  return { scenario = name, catalog_as_of = M.catalog_as_of(s.catalog) }
end

--- provenance.from_mc(r) -> the provenance of a Monte Carlo result: its scenario
-- (when run on a flopcost.Scenario), catalog date, samples, seed and generator.
function M.from_mc(r)
  check.arg(FN .. ".from_mc", "r", r, "table", "Monte Carlo or Sobol result")
  local p = M.from_scenario(r._source)
  p.samples, p.seed, p.generator = r.n, r.seed, r.rng
  return p
end

--- provenance.of_command(file, set, vary, s) -> the provenance of a CLI run:
-- the scenario named by its file (or "--set options") and its label, the
-- catalog date, and the what-ifs as typed ("--set utilization=0.5", ...).
function M.of_command(file, set, vary, s)
  local fn = FN .. ".of_command"
  check.optional(fn, "file", file, "string", "path (string) or nil")
  check.optional(fn, "set", set, "table", "list of --set options or nil")
  check.optional(fn, "vary", vary, "table", "list of --vary options or nil")
  local p = M.from_scenario(s)
  p.scenario = (file or "--set options") .. (p.scenario and (" (" .. p.scenario .. ")") or "")
  p.what_ifs = {}
  -- parsed options keep their text in .text (flopcost.cli.common), else their key
  local function text(v) return type(v) == "table" and tostring(v.text or v.key or "?") or tostring(v) end
  for _, v in ipairs(set or {}) do p.what_ifs[#p.what_ifs + 1] = "--set " .. text(v) end
  for _, v in ipairs(vary or {}) do p.what_ifs[#p.what_ifs + 1] = "--vary " .. text(v) end
  return p
end

--- provenance.lines(p, max_chars) -> footer lines no longer than max_chars (words
-- longer than that stand alone).
function M.lines(p, max_chars)
  check.arg(FN .. ".lines", "max_chars", max_chars, function(v) return math.type(v) == "integer" and v > 0 end,
    "positive integer")
  local wrap = require("flopcost.plot.axes").wrap
  local out = {}
  for _, sentence in ipairs(M.sentences(p)) do
    for _, line in ipairs(wrap(sentence, max_chars)) do out[#out + 1] = line end
  end
  return out
end

return M
