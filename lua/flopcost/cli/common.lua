--- flopcost.cli.common: what every subcommand shares -- output, typed
-- option converters, user-facing errors, and the --set / --vary what-ifs.
local M = {}
local errors = require "flopcost.errors"

function M.out(s) io.stdout:write(s, "\n") end

--- Writes a "wrote ..." style note to stderr after flushing stdout, so the two
-- never interleave mid-line when both go to one pipe.
function M.note(s)
  io.stdout:flush()
  io.stderr:write(s, "\n")
end

-- Errors a command raises for the user: M.fail(msg) exits 1, M.usage(msg) exits 2.
local Failure = {}
Failure.__index = Failure
Failure.__tostring = function(e) return e.msg end
function M.fail(msg, status) errors.raise(setmetatable({ msg = msg, status = status or 1 }, Failure)) end
function M.usage(msg) M.fail(msg, 2) end
function M.is_failure(e) return getmetatable(e) == Failure end

--- A message for the user: no positions in flopcost's own source ("./lua/flopcost/x.lua:12: "),
-- no traceback, whatever raised it (error objects with a `msg` field too).
function M.clean(e)
  if type(e) == "table" then
    local ok, s = pcall(function() return e.msg or tostring(e) end)
    e = ok and s or "error"
  end
  local s = tostring(e)
  s = s:gsub("\nstack traceback:.*$", "")
  -- positions inside flopcost itself (a user's own script keeps its file:line)
  s = s:gsub("[^%s:]*flopcost[^%s:]*%.lua:%d+: ", "")
  s = s:gsub("[^%s:]*bin/flopcost:%d+: ", "")
  return s
end

-- {=================================================================
-- Suggestions: the nearest name, by the rule scenario fields use (edit
-- distance from the core, at most max(2, #name // 3) edits).
-- ==================================================================
M.suggest = require("flopcost.suggest").closest

--- " (did you mean 'x'?)" or "".
function M.did_you_mean(name, candidates)
  local s = M.suggest(name, candidates)
  return s and (" (did you mean '" .. s .. "'?)") or ""
end
-- }=================================================================

-- {=================================================================
-- Typed option values (argparse converters: return value, or nil, message)
-- ==================================================================

--- The converter of every --out PREFIX: refuses an empty prefix and a
-- directory (flopcost.report.files.prefix_problem, the one rule).
function M.out_prefix(text)
  local problem = require("flopcost.report.files").prefix_problem(text)
  if problem then return nil, "--out: " .. problem end
  return text
end

--- A converter for a number option: opts.integer, opts.min, opts.max, opts.above (an
-- exclusive minimum: a target or a rate that must be positive).
-- Rejects text that is not wholly a number, inf and NaN, and checks the
-- range before any truncation (4294967298 is not 2).
function M.number(opts)
  opts = opts or {}
  local pre = opts.name and (opts.name .. ": ") or ""
  return function(text)
    local x = tonumber(text)
    if x == nil or x ~= x or x == math.huge or x == -math.huge then
      return nil, ("%s'%s' is not a number"):format(pre, text)
    end
    if opts.integer and x ~= math.floor(x) then
      return nil, ("%s'%s' is not a whole number"):format(pre, text)
    end
    if opts.above and x <= opts.above then
      return nil, ("%s%s is not above %s"):format(pre, text, tostring(opts.above))
    end
    if opts.min and x < opts.min then
      return nil, ("%s%s is below the minimum %s"):format(pre, text, opts.min_text or tostring(opts.min))
    end
    if opts.max and x > opts.max then
      return nil, ("%s%s is above the maximum %s"):format(pre, text, opts.max_text or tostring(opts.max))
    end
    if opts.integer then x = math.tointeger(x) or x end
    return x
  end
end

--- A converter for one of a fixed list of words, with "did you mean".
function M.choice(list, name)
  local pre = name and (name .. ": ") or ""
  local ok = {}
  for _, c in ipairs(list) do ok[c] = true end
  return function(text)
    if ok[text] then return text end
    local near = M.suggest(text, list)
    if near then return nil, ("%sunknown '%s' (did you mean '%s'?)"):format(pre, text, near) end
    return nil, ("%s'%s' is not one of %s"):format(pre, text, table.concat(list, ", "))
  end
end

--- argname showing the choices: {table,csv,json}
function M.choices_argname(list) return "{" .. table.concat(list, ",") .. "}" end

--- i/n with 1 <= i <= n, or "slurm": the part of this Slurm array task,
-- i = SLURM_ARRAY_TASK_ID - SLURM_ARRAY_TASK_MIN + 1 of n = SLURM_ARRAY_TASK_COUNT
-- (an array --array=0-63 or 1-64 of 64 tasks: one part each; the array's
-- step must be 1).
function M.shard(text, getenv)
  getenv = getenv or os.getenv
  if text == "slurm" then
    local id, n, min = tonumber(getenv("SLURM_ARRAY_TASK_ID") or ""), tonumber(getenv("SLURM_ARRAY_TASK_COUNT") or ""),
      tonumber(getenv("SLURM_ARRAY_TASK_MIN") or "0")
    local step = tonumber(getenv("SLURM_ARRAY_TASK_STEP") or "1")
    if not id or not n or not min then
      return nil, "'slurm': SLURM_ARRAY_TASK_ID and SLURM_ARRAY_TASK_COUNT are not set (not in a Slurm array job)"
    end
    if step ~= 1 then return nil, "'slurm': SLURM_ARRAY_TASK_STEP must be 1 (one part per task), got " .. step end
    text = ("%d/%d"):format(id - min + 1, n)
  end
  local i, n = tostring(text):match("^(%d+)/(%d+)$")
  i, n = tonumber(i), tonumber(n)
  if not i or n < 1 or i < 1 or i > n or n > 1e6 then
    return nil, ("'%s': i/n with 1 <= i <= n expected (e.g. 3/8), or 'slurm'"):format(text)
  end
  return { i = i, n = n }
end
-- }=================================================================

-- {=================================================================
-- What-ifs from the command line
--   --set FIELD=VALUE           a scenario field (utilization=0.5, region=us-va, job.params=70e9)
--   --set KIND.NAME.FIELD=VALUE a catalog figure (chip.H100-SXM.price_usd=28000)
--   --vary FIELD=DIST(A,B[,C])  a distribution for Monte Carlo (pue=pert(1.1,1.2,1.4))
-- ==================================================================

local CATALOG_KINDS = { chip = "chip", region = "region", process = "process", packaging = "packaging",
  hbm = "hbm", run = "run", rule = "rule" }
M.CATALOG_KINDS = CATALOG_KINDS

-- The distributions --vary accepts and their parameter counts (flopcost.uncertainty's kinds).
local DISTS = { lognormal90 = 2, uniform = 2, normal = 2, pert = 3, triangular = 3,
  scale_lognormal90 = 2, scale_uniform = 2, scale_pert = 3 }

local function dist_names()
  local n = {}
  for k in pairs(DISTS) do n[#n + 1] = k end
  table.sort(n)
  return n
end

-- A value as typed: a finite number, true/false, or the text itself.
local function value_of(text)
  local x = tonumber(text)
  if x ~= nil then
    if x ~= x or x == math.huge or x == -math.huge then return nil, "a finite number expected" end
    return x
  end
  local l = text:lower():gsub("^[+-]", "")
  if l == "inf" or l == "infinity" or l == "nan" then return nil, "a finite number expected" end
  if text == "true" then return true end
  if text == "false" then return false end
  if text == "" then return nil, "a value expected after '='" end
  return text
end

local function split_assignment(opt, text)
  local field, value = text:match("^([^=]+)=(.*)$")
  if not field or field:match("^%s*$") then
    return nil, ("%s '%s': FIELD=VALUE expected"):format(opt, text)
  end
  return field, value
end

-- "chip.H100-SXM.price_usd" -> {kind="chip", name="H100-SXM", field="price_usd"};
-- a plain scenario path ("utilization", "job.params") -> {path={...}}.
local function target_of(opt, field)
  local first, rest = field:match("^([^.]+)%.(.+)$")
  if first and CATALOG_KINDS[first] then
    local name, f = rest:match("^([^.]+)%.(.+)$")
    if not name then
      return nil, ("%s '%s': %s.NAME.FIELD expected"):format(opt, field, first)
    end
    return { kind = first, name = name, field = f, key = field }
  end
  local path = {}
  for part in (field .. "."):gmatch("([^.]*)%.") do
    if not part:match("^[%w_][%w_%-]*$") then -- names like chips.H800-SXM too
      return nil, ("%s '%s': a field name expected, got '%s'"):format(opt, field, part)
    end
    path[#path + 1] = tonumber(part) or part
  end
  return { path = path, key = field }
end

--- Parses one --set argument: returns {kind=,name=,field=,value=} or
-- {path=, value=}, or nil, message.
function M.parse_set(text)
  local field, vtext = split_assignment("--set", text)
  if not field then return nil, vtext end
  local t, err = target_of("--set", field)
  if not t then return nil, err end
  local v, verr = value_of(vtext)
  if v == nil then return nil, ("--set '%s': %s"):format(text, verr) end
  t.value = v
  t.text = text
  return t
end

--- Parses DIST(A,B[,C]) strictly (a name and finite numbers; nothing is
-- evaluated): returns {"pert", 25e3, 30e3, 40e3}, or nil, message.
function M.parse_dist(text)
  local name, args = text:match("^%s*([%a_][%w_]*)%s*%((.*)%)%s*$")
  if not name then
    return nil, ("'%s': DIST(A,B[,C]) expected, e.g. pert(1.1,1.2,1.4)"):format(text)
  end
  local n = DISTS[name]
  if not n then
    local near = M.suggest(name, dist_names())
    if near then return nil, ("unknown distribution '%s' (did you mean '%s'?)"):format(name, near) end
    return nil, ("unknown distribution '%s'; one of:\n  %s"):format(name, table.concat(dist_names(), ", "))
  end
  local spec = { name }
  for a in (args .. ","):gmatch("([^,]*),") do
    local x = tonumber(a)
    if x == nil or x ~= x or x == math.huge or x == -math.huge then
      return nil, ("%s(...): '%s' is not a finite number"):format(name, a:match("^%s*(.-)%s*$"))
    end
    spec[#spec + 1] = x
  end
  if #spec - 1 ~= n then
    return nil, ("%s(...): %d parameters expected, got %d"):format(name, n, #spec - 1)
  end
  return spec
end

--- Parses one --vary argument: {key=, kind/name/field or path, spec={...}} or nil, message.
function M.parse_vary(text)
  local field, dtext = split_assignment("--vary", text)
  if not field then return nil, dtext end
  local t, err = target_of("--vary", field)
  if not t then return nil, err end
  local spec, derr = M.parse_dist(dtext)
  if not spec then return nil, "--vary " .. field .. ": " .. derr end
  t.spec = spec
  t.text = text
  return t
end

--- Adds --catalog, --set and --vary (and with `ranges`, --ranges) to a command's parser.
function M.add_whatif(p, with_vary, ranges)
  p:option("--catalog", "A catalog directory instead of the bundled models/ (recorded in the output)."):argname("DIR")
  if ranges then
    p:option("--ranges", "catalog: every figure the scenario takes from the catalog with a range\n"
      .. "(prices, power, PUE, facility, WACC, ...) drawn jointly (PERT over the range, mode at the\n"
      .. "catalog value); --vary adds to or replaces them."):argname("catalog")
      :convert(M.choice({ "catalog" }, "--ranges"))
  end
  p:option("--set", "A what-if: a scenario field (utilization=0.5, region=us-va) or a catalog "
    .. "figure as KIND.NAME.FIELD (chip.H100-SXM.price_usd=28000). Repeatable.")
    :argname("FIELD=VALUE"):count("*"):convert(M.parse_set)
  if with_vary then
    p:option("--vary", "An uncertain input for Monte Carlo, DIST one of "
      .. table.concat(dist_names(), ", ") .. " (e.g. 'pue=pert(1.1,1.2,1.4)'). Repeatable.")
      :argname("FIELD=DIST(...)"):count("*"):convert(M.parse_vary)
  end
end

local function set_path(t, path, value)
  local ok, err = pcall(require("flopcost.whatif").set_path, t, path, value)
  if not ok then M.fail(M.clean(err)) end
end

--- The catalog of a command: --catalog DIR, else `default` (a study's or scenario's own), else
-- the bundled one.
function M.catalog(a, default)
  local fc = require "flopcost"
  if a.catalog then
    local cat, err = fc.catalog.load(a.catalog)
    if not cat then M.fail("--catalog: " .. M.clean(err)) end
    return cat
  end
  return default or fc.catalog.default()
end

--- The --set arguments that change catalog figures (KIND.NAME.FIELD), and the others.
function M.split_sets(sets)
  local figures, fields = {}, {}
  for _, s in ipairs(sets or {}) do
    if s.kind then figures[#figures + 1] = s else fields[#fields + 1] = s end
  end
  return figures, fields
end

--- Applies the --set arguments: scenario fields go into `opts` (a table of
-- scenario options, changed in place); catalog figures through cat:override,
-- which returns a new catalog and leaves `cat` (often the shared default) as it was.
-- Returns the catalog to use (`cat` itself when nothing was overridden).
function M.apply_sets(sets, opts, cat)
  for _, s in ipairs(sets or {}) do
    if s.kind then
      local entry = cat[CATALOG_KINDS[s.kind]](cat, s.name)
      local fields = {}
      local top, sub = s.field:match("^([^.]+)%.(.+)$")
      if top then
        -- one figure of a table field (peak_tflops.fp16): replace the table with one changed key
        local t = {}
        if type(entry[top]) ~= "table" then
          M.fail(("--set %s: '%s' of %s %s is not a table"):format(s.key, top, s.kind, s.name))
        end
        for k, v in pairs(entry[top]) do t[k] = v end
        t[sub] = s.value
        fields[top] = t
      else
        fields[s.field] = s.value
      end
      cat = cat:override(s.kind, s.name, fields)
    else
      set_path(opts, s.path, s.value)
    end
  end
  return cat
end

--- The --vary arguments as a flopcost.uncertainty spec ({field = {"pert", ...}}).
function M.vary_spec(varies)
  local spec = {}
  local given = {}
  for _, v in ipairs(varies or {}) do
    if given[v.key] then -- the last one silently won before (issue 22)
      M.usage(("--vary %s given twice ('%s' and '%s'); give each input once"):format(v.key, given[v.key], v.text))
    end
    given[v.key] = v.text
    spec[v.key] = v.spec
  end
  return spec
end
-- }=================================================================

--- The options of a sampling command (mc, sobol): FILE, --samples (with its
-- help text, default and minimum), --seed, --threads.
function M.add_sampling(p, samples_help, samples_default, samples_min, samples_max)
  p:argument("FILE", "A scenario file (.lua or .json)."):args("?"):target("file")
  p:option("--samples", samples_help):argname("N"):default(samples_default)
    :convert(M.number { name = "--samples", integer = true, min = samples_min, max = 2 ^ samples_max,
                        max_text = "2^" .. samples_max })
  p:option("--seed", "Seed of the run."):argname("S"):default("1")
    :convert(M.number { name = "--seed", integer = true, min = 0, max = 2 ^ 53, max_text = "2^53" })
  p:option("--threads", "Worker threads (results are identical for any number)."):argname("T")
    :convert(M.number { name = "--threads", integer = true, min = 1, max = 256 })
end

--- The scenario of a Monte Carlo or Sobol command: FILE (its options and a
-- `vary` table of distributions as data) and/or --set, with --vary added.
-- Returns the scenario, its core parameters and the merged vary spec.
function M.scenario_to_vary(a, cmd)
  local fc = require "flopcost"
  local data = {}
  if a.file then
    local lerr
    data, lerr = require("flopcost.scenariofile").load(a.file, { sandbox = a.sandbox })
    if not data then M.fail(lerr) end
  elseif not a.set or #a.set == 0 then
    M.usage(cmd .. ": a scenario FILE, or --set options describing one, expected")
  end
  local spec = {}
  for k, v in pairs(data.vary or {}) do spec[k] = v end
  for k, v in pairs(M.vary_spec(a.vary)) do spec[k] = v end
  local o = {}
  for k, v in pairs(data) do if k ~= "vary" then o[k] = v end end
  local cat = M.apply_sets(a.set, o, M.catalog(a, o.catalog))
  if (a.set and #a.set > 0) or a.catalog then o.catalog = cat end
  if a.ranges == "catalog" then spec.catalog = true end
  if next(spec) == nil then
    M.usage(cmd .. ": nothing varies; add\n"
      .. "  --ranges catalog        every figure the scenario takes from the catalog with a range, jointly\n"
      .. "  --vary FIELD=DIST(...)  e.g. --vary 'pue=pert(1.1,1.2,1.4)' (repeatable)\n"
      .. "  or a `vary` table in the scenario file")
  end
  local s = fc.scenario(o)
  return s, s:core_params(), spec
end

--- The `vary` table of core inputs for a spec of distributions as data; a bad
-- spec is the user's error ("vary: ..."), not an internal one.
function M.vary_for(s, spec)
  local ok, vary = pcall(require("flopcost.uncertainty").vary_for, s, spec)
  if not ok then M.fail("vary: " .. M.clean(vary)) end
  return vary
end

return M
