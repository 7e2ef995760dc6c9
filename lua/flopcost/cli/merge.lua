--- flopcost merge STATE...: combine the shards of one mc run (or compare --state shards).
local M = {}

M.summary = "Combine the states of sharded mc, sobol or compare runs into one result."

function M.configure(p, common)
  p:argument("STATE", "State files written by mc --state, sobol --state or compare --state."):args("+")
    :target("states")
  p:option("--format", "text, or json (every number to the last bit)."):argname("{text,json}")
    :default("text"):convert(common.choice({ "text", "json" }, "--format"))
  p:option("--out", "For sobol states: write PREFIX-sobol.svg and PREFIX-sobol.vl.json."):argname("PREFIX")
    :convert(common.out_prefix)
  p:flag("--partial", "Merge the shards given even if some are missing (says which).")
end

function M.run(a, common)
  local fc = require "flopcost"
  local decode = require("flopcost.core").json.decode
  local states = {}
  for i, path in ipairs(a.states) do
    local text, ferr = require("flopcost.core").file.read(path) -- regular files, capped
    if not text then common.fail("merge: " .. ferr) end
    local st, derr = decode(text, path)
    if not st then common.fail(derr) end
    if type(st) ~= "table" then common.fail(path .. ": a state (JSON object or list) expected") end
    states[i] = st
  end
  if states[1].format == "flopcost.compare.state/1" then
    local rows, missing = fc.compare.merge_states(states, { partial = a.partial })
    if a.format == "json" then io.stdout:write(fc.json.encode(rows), "\n")
    else common.out(fc.report.table(rows)) end
    if missing then
      io.stdout:flush()
      io.stderr:write(("merge: partial result: shard(s) %s missing\n"):format(table.concat(missing, ", ")))
    end
    return 0
  end
  if states[1].format == "flopcost.sobol.state/1" then
    if a.partial then common.usage("merge: --partial is for mc states; Sobol indices need every shard") end
    require("flopcost.cli.sobol").show(fc.sensitivity.merge(states), a, common)
    return 0
  end
  local r = fc.montecarlo.merge(states, { partial = a.partial or nil })
  if a.format == "json" then common.out(fc.json.encode(r:summary()))
  else common.out(tostring(r)) end
  if r.missing then
    local m = {}
    for i, k in ipairs(r.missing) do m[i] = tostring(k) end
    io.stdout:flush()
    io.stderr:write(("merge: partial result: shard(s) %s of %d missing\n"):format(table.concat(m, ", "),
      states[1].shard.n))
  end
  return 0
end

return M
