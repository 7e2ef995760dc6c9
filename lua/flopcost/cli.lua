--- flopcost.cli: the `flopcost` command.
--   flopcost compare [--study FILE] [--out PREFIX] [--format table|csv|json|markdown] [--no-intervals]
--   flopcost run FILE [--sandbox]      run a Lua script, or evaluate a scenario/study file
--   flopcost catalog [chips|regions|processes|runs|rules] [--search TEXT]
--   flopcost classify CHIP [--rule ID] [--region NAME]
--   flopcost repl
local M = {}

local USAGE = [==[
usage: flopcost <command> [options]
  compare [--study FILE] [--out PREFIX] [--format table|csv|json|markdown|vega] [--wide]
          [--no-intervals] [--shard i/n --state PART.json]
          cost per 1e18 training FLOP for every region x chip mix of a study
          (default: the bundled models/scenarios/default.lua); the table fits 100 columns
          (--wide: every column); --out writes PREFIX.svg, PREFIX-utilization.svg, their
          Vega-Lite twins PREFIX*.vl.json, PREFIX.csv and PREFIX.json
  run FILE [--sandbox]   run a Lua script, or evaluate a scenario or study file (.lua, .json)
  catalog [KIND [NAME]] [--search TEXT]   list chips, regions, processes, packaging, runs or rules;
                         with a NAME, one entry with every figure's date, range and source
  classify CHIP [--rule ID] [--region NAME]   export-control class (all rules by default)
  mc FILE [--samples N] [--seed S] [--threads T] [--rng NAME] [--shard i/n] [--state OUT.json]
         [--out PREFIX]
                         Monte Carlo of a scenario file whose `vary` gives distributions as data,
                         e.g. vary = { pue = {"pert", 1.1, 1.2, 1.4} }; with --shard only part i of n;
                         --rng: a GSL generator (default taus2; mt19937, ranlxd2, ...)
  merge STATE.json...    combine the states of sharded mc runs (or compare --state shards) into one result
  repl                   an interactive Lua prompt with `fc` loaded
  help                   this text]==]

local function parse(args, from)
  local pos, flags = {}, {}
  local i = from
  while i <= #args do
    local a = args[i]
    local k = a:match("^%-%-([%w%-]+)$")
    if k then
      local nxt = args[i + 1]
      if nxt and not nxt:match("^%-%-") and k ~= "sandbox" and k ~= "no-intervals" and k ~= "wide" then
        flags[k] = nxt; i = i + 1
      else
        flags[k] = true
      end
    else
      pos[#pos + 1] = a
    end
    i = i + 1
  end
  return pos, flags
end

local function out(s) io.stdout:write(s, "\n") end
local function err(s) io.stdout:flush(); io.stderr:write("flopcost: ", s, "\n") end

local commands = {}

local function parse_shard(text)
  local i, n = tostring(text):match("^(%d+)/(%d+)$")
  i, n = tonumber(i), tonumber(n)
  if not i or n < 1 or i < 1 or i > n then return nil end
  return { i = i, n = n }
end

function commands.compare(pos, flags)
  local fc = require "flopcost"
  local study, lerr = fc.compare.load_study(flags.study or pos[1])
  if not study then err(lerr); return 1 end
  local shard
  if flags.shard then
    shard = parse_shard(flags.shard)
    if not shard then err("compare: --shard expects i/n with 1 <= i <= n"); return 2 end
  end
  local grid = fc.compare.run(study, { intervals = not flags["no-intervals"], shard = shard,
    progress = require("flopcost.progress").bar("compare: 90% intervals", "cells") })
  if flags.state then
    local rows = {}
    for i, r in ipairs(grid.results) do rows[i] = r end
    local ok, werr = fc.report.write(flags.state, fc.report.json(rows) .. "\n")
    if not ok then err(werr); return 1 end
    io.stdout:flush()
    io.stderr:write(("wrote %s (%d cells)\n"):format(flags.state, #rows))
  end
  local fmt = flags.format or "table"
  local report = fc.report
  local prov = fc.compare.provenance(grid)
  if fmt == "csv" then io.stdout:write(report.csv(grid.results, { provenance = prov }))
  elseif fmt == "json" then io.stdout:write(report.json(grid.results, { provenance = prov }))
  elseif fmt == "markdown" then out(report.markdown(grid.results))
  elseif fmt == "vega" then io.stdout:write(fc.vega.encode(fc.compare.charts(grid)[1].vega))
  else io.stdout:write(fc.compare.text(grid, { wide = flags.wide })) end
  local prefix = flags.out
  if prefix and prefix ~= true then
    local dir = prefix:match("^(.*)/[^/]*$")
    if dir then os.execute("mkdir -p '" .. dir:gsub("'", "'\\''") .. "'") end
    local paths, werr = fc.compare.write_files(grid, prefix)
    io.stdout:flush() -- the table first: stderr is unbuffered, a pipe holding both would get it mid-table
    if not paths then err(werr); return 1 end
    io.stderr:write("wrote " .. table.concat(paths, "\nwrote ") .. "\n")
  end
  return 0
end

function commands.run(pos, flags)
  local path = pos[1]
  if not path then err("run: a file is required"); return 2 end
  local sf = require "flopcost.scenariofile"
  if path:match("%.json$") or flags.evaluate then
    local data, lerr = sf.load(path, { sandbox = flags.sandbox })
    if not data then err(lerr); return 1 end
    return M.evaluate_data(data)
  end
  -- a Lua script: run it; if it returns a scenario/study table, evaluate that
  local env = sf.environment(flags.sandbox)
  local text, ferr = require("flopcost.core").file.read(path) -- regular files, capped
  if not text then err("run: " .. ferr); return 1 end
  local chunk, cerr = load(text, "@" .. path, "t", env)
  if not chunk then err(cerr); return 1 end
  local script_args = { [0] = path }
  for i = 2, #pos do script_args[i - 1] = pos[i] end
  env.arg = script_args
  local ok, v = xpcall(chunk, debug.traceback, table.unpack(script_args))
  if not ok then err(tostring(v)); return 1 end
  if type(v) == "table" then return M.evaluate_data(v) end
  return 0
end

--- Evaluates the table a scenario file holds: a study (regions x mixes) or one scenario.
function M.evaluate_data(data)
  local fc = require "flopcost"
  if data.regions and data.mixes then
    local grid = fc.compare.run(data, {})
    out(fc.report.table(grid.results))
  else
    out(tostring(fc.scenario(data):evaluate()))
  end
  return 0
end

function commands.catalog(pos, flags)
  local fc = require "flopcost"
  local cat = fc.catalog.load(flags.models)
  local kind = pos[1] or "chips"
  if flags.search then
    for _, hit in ipairs(cat:search(flags.search)) do
      out(type(hit) == "table" and ((hit.kind or "") .. "\t" .. (hit.name or "")) or tostring(hit))
    end
    return 0
  end
  if pos[2] then
    -- one entry in full: every figure with its date, range and source
    local SINGULAR = { chips = "chip", regions = "region", processes = "process", packaging = "packaging",
      hbm = "hbm", runs = "run", rules = "rule" }
    local single = SINGULAR[kind] or kind
    local getter = cat[single]
    if type(getter) ~= "function" then err("catalog: unknown kind '" .. kind .. "'"); return 2 end
    local e = getter(cat, pos[2])
    local keys = {}
    for k in pairs(e) do if k ~= "meta" then keys[#keys + 1] = k end end
    table.sort(keys)
    local function show(k, v)
      local m = e.meta and e.meta[k]
      local parts = {}
      if m and m.as_of then parts[#parts + 1] = m.as_of end
      if m and m.range then parts[#parts + 1] = ("range %s-%s"):format(m.range[1], m.range[2]) end
      if m and m.uncertain then parts[#parts + 1] = "uncertain" end
      out(("  %-28s %s%s"):format(k, v, #parts > 0 and ("  (" .. table.concat(parts, ", ") .. ")") or ""))
      if m and m.source then
        out(("  %-28s   source: %s"):format("", #m.source > 100 and (m.source:sub(1, 97) .. "...") or m.source))
      end
    end
    out(("%s %s"):format(single, e.name or e.id or pos[2]))
    for _, k in ipairs(keys) do
      local v = e[k]
      if type(v) == "table" and k ~= "power_curve" and k ~= "aliases" then
        local sub = {}
        for kk in pairs(v) do sub[#sub + 1] = kk end
        table.sort(sub)
        for _, kk in ipairs(sub) do
          if type(v[kk]) ~= "table" then show(k .. "." .. kk, tostring(v[kk])) end
        end
      elseif type(v) == "table" then
        show(k, k == "aliases" and table.concat(v, ", ") or "(measured curve)")
      else
        show(k, tostring(v))
      end
    end
    return 0
  end
  local lister = cat[kind]
  if type(lister) ~= "function" then err("catalog: unknown kind '" .. kind .. "'"); return 2 end
  for _, name in ipairs(lister(cat)) do out(name) end
  return 0
end

function commands.classify(pos, flags)
  local fc = require "flopcost"
  local chip = pos[1]
  if not chip then err("classify: a chip name is required"); return 2 end
  local cat = fc.catalog.load()
  local rules = flags.rule and { flags.rule } or cat:rules()
  for _, rule in ipairs(rules) do
    local c = cat:classify(chip, rule)
    out(("%-28s %s"):format(rule, type(c) == "table" and (c.class or tostring(c)) or tostring(c)))
  end
  if flags.region then
    local a = cat:availability(chip, flags.region)
    out(tostring(a))
  end
  return 0
end

--- mc FILE: the scenario's options plus vary = { field = {kind, ...} } (see flopcost.uncertainty).
function commands.mc(pos, flags)
  local fc = require "flopcost"
  local path = pos[1]
  if not path then err("mc: a scenario file is required"); return 2 end
  local data, lerr = require("flopcost.scenariofile").load(path, { sandbox = flags.sandbox })
  if not data then err(lerr); return 1 end
  local spec = data.vary or {}
  data.vary = nil
  local s = fc.scenario(data)
  local cp = s:core_params()
  local opts = { vary = require("flopcost.uncertainty").vary_for(cp, spec),
    samples = tonumber(flags.samples) or 100000, seed = tonumber(flags.seed) or 1,
    threads = tonumber(flags.threads), rng = flags.rng }
  if flags.rng == true then err("mc: --rng expects a generator name, e.g. taus2"); return 2 end
  if flags.shard then
    opts.shard = parse_shard(flags.shard)
    if not opts.shard then err("mc: --shard expects i/n with 1 <= i <= n"); return 2 end
  end
  local r = fc.montecarlo(cp, opts)
  out(tostring(r))
  if flags.out and flags.out ~= true then
    for _, row in ipairs(fc.plot.tornado_rows(r:tornado(), s.chip_names)) do
      out(("  %-52s %s .. %s"):format(row.label, fc.report.usd(row.low), fc.report.usd(row.high)))
    end
    local paths, werr = fc.plot.mc_files(r, flags.out, { members = s.chip_names })
    io.stdout:flush()
    if not paths then err(werr); return 1 end
    io.stderr:write("wrote " .. table.concat(paths, "\nwrote ") .. "\n")
  end
  if flags.state then
    local ok, werr = fc.report.write(flags.state, fc.json.encode(r.state) .. "\n")
    io.stdout:flush()
    if not ok then err(werr); return 1 end
    io.stderr:write("wrote " .. flags.state .. "\n")
  end
  return 0
end

--- merge STATE...: the shards of one mc run, in any order.
function commands.merge(pos)
  local fc = require "flopcost"
  local decode = require("flopcost.core").json.decode
  if #pos == 0 then err("merge: state files are required"); return 2 end
  local states = {}
  for i, path in ipairs(pos) do
    local text, ferr = require("flopcost.core").file.read(path) -- regular files, capped
    if not text then err("merge: " .. ferr); return 1 end
    local st, derr = decode(text, path)
    if not st then err(derr); return 1 end
    states[i] = st
  end
  if states[1][1] ~= nil then
    -- shards of `compare --state`: lists of result rows; merge and sort
    local rows = {}
    for _, st in ipairs(states) do
      for _, r in ipairs(st) do rows[#rows + 1] = r end
    end
    table.sort(rows, function(a, b) return a.usd_per_eflop < b.usd_per_eflop end)
    out(fc.report.table(rows))
    return 0
  end
  out(tostring(fc.montecarlo.merge(states)))
  return 0
end

function commands.repl()
  local fc = require "flopcost"
  _G.fc = fc
  out(("flopcost %s REPL (Lua 5.4). `fc` is loaded; try fc.finance.crf(0.08, 5). Ctrl-D quits."):format(fc.version))
  while true do
    io.stdout:write("> ")
    local line = io.stdin:read("l")
    if not line then out(""); return 0 end
    local chunk = load("return " .. line, "=repl") or load(line, "=repl")
    if not chunk then
      local _, e = load(line, "=repl")
      out(tostring(e))
    else
      local res = table.pack(pcall(chunk))
      if not res[1] then out(tostring(res[2]))
      elseif res.n > 1 then
        local parts = {}
        for i = 2, res.n do parts[#parts + 1] = tostring(res[i]) end
        out(table.concat(parts, "\t"))
      end
    end
  end
end

function commands.help() out(USAGE); return 0 end

function M.main(args)
  local cmd = args[1]
  if not cmd or cmd == "-h" or cmd == "--help" then out(USAGE); return cmd and 0 or 2 end
  local f = commands[cmd]
  if not f then err("unknown command '" .. cmd .. "'"); out(USAGE); return 2 end
  local pos, flags = parse(args, 2)
  local ok, rc = xpcall(f, function(e) return e end, pos, flags)
  -- the message names the function and the field; the Lua source position adds nothing for a user
  if not ok then err((tostring(rc):gsub("^[^\n:]+%.lua:%d+: ", ""))); return 1 end
  return rc or 0
end

return M
