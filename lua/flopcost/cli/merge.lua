--- flopcost merge STATE...: combine the shards of one mc run (or compare --state shards).
local M = {}

M.summary = "Combine the states of sharded mc or compare runs into one result."

function M.configure(p)
  p:argument("STATE", "State files written by mc --state or compare --state."):args("+")
    :target("states")
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
  if states[1][1] ~= nil then
    -- shards of `compare --state`: lists of result rows; merge and sort
    local rows = {}
    for _, st in ipairs(states) do
      for _, r in ipairs(st) do rows[#rows + 1] = r end
    end
    table.sort(rows, function(x, y) return x.usd_per_eflop < y.usd_per_eflop end)
    common.out(fc.report.table(rows))
    return 0
  end
  local r = fc.montecarlo.merge(states, { partial = a.partial or nil })
  common.out(tostring(r))
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
