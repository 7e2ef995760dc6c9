--- flopcost run FILE: run a Lua script, or evaluate a scenario or study file.
local M = {}
local errors = require "flopcost.errors"

M.summary = "Run a Lua script, or evaluate a scenario or study file (.lua, .json)."
M.description = M.summary .. "\nA script that returns a scenario or study table has it evaluated.\n"
  .. "Arguments after FILE go to the script (put '--' before any that start with '-')."

function M.configure(p, common)
  p:argument("FILE", "The script, scenario or study file."):target("file")
  p:argument("ARG", "Arguments for the script (arg[1], ...)."):args("*"):target("script_args")
  p:flag("--sandbox", "Run an untrusted script: no files, io, os, native require or bytecode,\n"
    .. "a private copy of the catalog, CPU and memory budgets.")
  p:flag("--evaluate", "Treat a .lua file as data (a scenario or study table), like .json.")
  p:flag("--explain", "After the result, every input and where it came from: given, a catalog\n"
    .. "figure with its source, or the default with its source (a study: its one cell).")
  common.add_whatif(p, false)
end

--- Evaluates the table a scenario file holds: a study (regions x mixes) or one scenario.
function M.evaluate_data(data, a, common)
  local fc = require "flopcost"
  if type(data) ~= "table" then common.fail("run: the file must hold a scenario or study table") end
  if data.regions ~= nil or data.mixes ~= nil or data.schema ~= nil then
    local study, cat = require("flopcost.cli.compare").study_with_whatifs(data, a, common)
    local grid = fc.compare.run(study, { catalog = cat })
    common.out(fc.report.table(grid.results))
    if a.explain then
      if #grid.cells ~= 1 then
        common.usage(("run --explain: the study has %d cells; pick one with --set region=NAME --set chip=NAME")
          :format(#grid.cells))
      end
      common.out("")
      common.out(grid.cells[1]:explain())
    end
  else
    local o = {}
    for k, v in pairs(data) do if k ~= "vary" then o[k] = v end end
    local cat = common.apply_sets(a.set, o, common.catalog(a, o.catalog))
    if (a.set and #a.set > 0) or a.catalog then o.catalog = cat end
    local s = fc.scenario(o)
    common.out(tostring(s:evaluate()))
    if a.explain then
      common.out("")
      common.out(s:explain())
    end
    if data.vary ~= nil then -- a scenario with uncertain inputs (what `flopcost mc FILE` runs): its interval too
      common.out("")
      common.out(tostring(fc.montecarlo(s, { vary = common.vary_for(s, data.vary) })))
    end
  end
  return 0
end

--- The data a sandboxed script returned, evaluated under the sandbox's budgets
-- (a study of 1e12 samples is refused, a long one stopped: flopcost.sandbox.guard).
function M.guarded(data, a, common)
  require("flopcost").catalog.default() -- read now: files are closed during the guarded call
  local r = table.pack(require("flopcost.sandbox").guard(nil, M.evaluate_data, data, a, common))
  if not r[1] then
    if common.is_failure(r[2]) then errors.rethrow(r[2]) end
    common.fail("run: " .. common.clean(r[2]))
  end
  return r[2]
end

function M.run(a, common)
  local sf = require "flopcost.scenariofile"
  local path = a.file
  if path:match("%.json$") or a.evaluate then
    local data, lerr = sf.load(path, { sandbox = a.sandbox })
    if not data then common.fail(lerr) end
    if a.sandbox then return M.guarded(data, a, common) end
    return M.evaluate_data(data, a, common)
  end
  -- a Lua script: run it; if it returns a scenario/study table, evaluate that
  local text, ferr = require("flopcost.core").file.read(path) -- regular files, capped
  if not text then common.fail("run: " .. ferr) end
  local script_args = { [0] = path }
  for i, v in ipairs(a.script_args or {}) do script_args[i] = v end
  if a.sandbox then
    -- budgets, no files, a private catalog; the result comes back as plain data
    local ok, v = require("flopcost.sandbox").run(text, "@" .. path, nil, table.unpack(script_args))
    if not ok then common.fail("run: " .. v) end
    if type(v) == "table" then return M.guarded(v, a, common) end
    return 0
  end
  local env = sf.environment(false)
  local chunk, cerr = load(text, "@" .. path, "t", env)
  if not chunk then common.fail(cerr) end
  env.arg = script_args
  local ok, v = xpcall(chunk, debug.traceback, table.unpack(script_args))
  if not ok then common.fail(tostring(v)) end
  if type(v) == "table" then return M.evaluate_data(sf._data_of(v), a, common) end
  return 0
end

return M
