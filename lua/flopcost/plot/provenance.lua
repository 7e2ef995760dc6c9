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

-- The provenance p with every field as text; fn: the public function checking p.
local function normalized(p, fn)
  p = check.optional(fn, "p", p, "table", "provenance table or nil") or {}
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

--- provenance.normalize(p) -> table with every field above as text ("not given" when missing).
-- @tparam[opt] table p the provenance (fields above) [provenance]
-- @treturn table scenario, catalog_as_of, flopcost_version, what_ifs, source, method [text]
-- @raise "flopcost.plot.provenance.normalize: argument 'p': provenance table or nil expected, got 1"
-- @usage fc.plot.provenance.normalize({seed = 1}).what_ifs  --> "not recorded"
function M.normalize(p) return normalized(p, FN .. ".normalize") end

-- The footer's sentences of p; fn: the public function checking p.
local function sentences(p, fn)
  local n = normalized(p, fn)
  local s = {
    ("Scenario: %s; what-ifs: %s."):format(n.scenario, n.what_ifs),
    ("flopcost %s, catalog as of %s; source: %s."):format(n.flopcost_version, n.catalog_as_of, n.source),
  }
  if n.method then s[#s + 1] = n.method .. "." end
  return s
end

--- provenance.sentences(p) -> the footer's sentences, in reading order.
-- @tparam[opt] table p the provenance [provenance]
-- @treturn {string,...} "Scenario: ...; what-ifs: ...", "flopcost V, catalog as of D; source: ...", the
-- intervals' method [text]
-- @raise "flopcost.plot.provenance.sentences: argument 'p': provenance table or nil expected, got 1"
-- @usage fc.plot.provenance.sentences({scenario = "H100-SXM in us-va"})[1]
--   --> "Scenario: H100-SXM in us-va; what-ifs: not recorded."
function M.sentences(p) return sentences(p, FN .. ".sentences") end

--- provenance.catalog_as_of(cat) -> the newest as_of of a catalog's files, or nil.
-- @tparam table cat a catalog (fc.catalog.load) [catalog]
-- @treturn string the date, YYYY-MM-DD, or nil for what is not a catalog [date]
-- @raise none: what is not a catalog gives nil
-- @usage fc.plot.provenance.catalog_as_of(fc.catalog.default())  --> "20..."
function M.catalog_as_of(cat)
  if type(cat) ~= "table" or type(cat.files) ~= "function" then return nil end
  local newest
  for _, f in ipairs(cat:files()) do
    if f.as_of and (newest == nil or f.as_of > newest) then newest = f.as_of end
  end
  return newest
end

--- provenance.from_scenario(s) -> {scenario = "H100-SXM in us-va", catalog_as_of} of a flopcost.Scenario.
-- @tparam table s a scenario (fc.scenario) [scenario]
-- @treturn table {scenario [text], catalog_as_of [date]}; {} for what is not a scenario [provenance]
-- @raise none: what is not a scenario gives {} (a Monte Carlo run on core options has none)
-- @usage fc.plot.provenance.from_scenario(fc.scenario{region = "us-va", chip = "H100-SXM"}).scenario
--   --> "H100-SXM in us-va"
function M.from_scenario(s)
  if type(s) ~= "table" then return {} end
  -- a Scenario names itself "flopcost.Scenario(H100-SXM in us-va)": chips and region
  local ok, text = pcall(tostring, s)
  local name = ok and text:match("^flopcost%.Scenario%((.*)%)$") or (type(s.label) == "string" and s.label) or nil
  return { scenario = name, catalog_as_of = M.catalog_as_of(s.catalog) }
end

--- provenance.from_mc(r) -> the provenance of a Monte Carlo result: its scenario
-- (when run on a flopcost.Scenario), catalog date, samples, seed and generator.
-- @tparam table r a Monte Carlo (or Sobol) result [result]
-- @treturn table {scenario, catalog_as_of, samples [count], seed, generator} [provenance]
-- @raise "flopcost.plot.provenance.from_mc: argument 'r': Monte Carlo or Sobol result expected, got 1"
-- @usage local r = fc.montecarlo(fc.scenario{region = "us-va", chip = "H100-SXM"}, {samples = 1000, seed = 1,
--   vary = {["region.pue"] = fc.dist.uniform(1.1, 1.3)}});
--   fc.plot.provenance.from_mc(r).samples  --> 1000
function M.from_mc(r)
  check.arg(FN .. ".from_mc", "r", r, "table", "Monte Carlo or Sobol result")
  local p = M.from_scenario(r._source)
  p.samples, p.seed, p.generator = r.n, r.seed, r.rng
  return p
end

--- provenance.of_command(file, set, vary, s) -> the provenance of a CLI run:
-- the scenario named by its file (or "--set options") and its label, the
-- catalog date, and the what-ifs as typed ("--set utilization=0.5", ...).
-- @tparam[opt] string file the scenario file [path]
-- @tparam[opt] {string,...} set the --set options (text, or parsed {text =}) [text]
-- @tparam[opt] {string,...} vary the --vary options [text]
-- @tparam[opt] table s the scenario run [scenario]
-- @treturn table {scenario [text], catalog_as_of [date], what_ifs [text]} [provenance]
-- @raise "flopcost.plot.provenance.of_command: argument 'file': path (string) or nil expected, got 1"
-- @usage fc.plot.provenance.of_command("x.json", {"utilization=0.5"}).what_ifs[1]  --> "--set utilization=0.5"
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
-- @tparam table p the provenance [provenance]
-- @tparam integer max_chars the longest line [characters]
-- @treturn {string,...} the lines [text]
-- @raise "flopcost.plot.provenance.lines: argument 'max_chars': positive integer expected, got 0"
-- @usage #fc.plot.provenance.lines({scenario = "H100-SXM in us-va"}, 60)  --> 3
function M.lines(p, max_chars)
  check.arg(FN .. ".lines", "max_chars", max_chars, function(v) return math.type(v) == "integer" and v > 0 end,
    "positive integer")
  local wrap = require("flopcost.plot.axes").wrap
  local out = {}
  for _, sentence in ipairs(sentences(p, FN .. ".lines")) do
    for _, line in ipairs(wrap(sentence, max_chars)) do out[#out + 1] = line end
  end
  return out
end

return M
