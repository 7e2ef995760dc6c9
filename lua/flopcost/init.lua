--- flopcost: the economics of AI compute, from wafer to cost per training FLOP.
-- The formulas live in C (flopcost.core); this module assembles the public API.
-- A module `flopcost.<name>` written in Lua (lua/flopcost/<name>.lua) wraps the
-- core table of the same name when it exists; otherwise the core table is used
-- as it is.  Lua-only modules (catalog, scenario, dist, report, plot, ...) are
-- loaded on first use so `require "flopcost"` stays cheap.
local core = require "flopcost.core"

local M = { version = core.version, core = core }

local function has_lua_module(name)
  return package.searchpath(name, package.path) ~= nil
end

for _, name in ipairs { "finance", "energy", "yield", "training", "export", "fleet", "inference" } do
  if has_lua_module("flopcost." .. name) then
    M[name] = require("flopcost." .. name)
  else
    M[name] = core[name]
  end
end

-- Lua-layer modules, loaded lazily: fc.catalog, fc.scenario, fc.dist, ...
local lazy = {
  catalog = "flopcost.catalog", scenario = "flopcost.scenario", dist = "flopcost.dist",
  report = "flopcost.report", plot = "flopcost.plot",
  compare = "flopcost.compare", solve = "flopcost.solve", json = "flopcost.json",
  montecarlo = "flopcost.montecarlo", cli = "flopcost.cli", vega = "flopcost.vega",
  sensitivity = "flopcost.sensitivity", errors = "flopcost.errors", scenariofile = "flopcost.scenariofile",
  ranges = "flopcost.ranges", stock = "flopcost.stock", buildout = "flopcost.buildout",
}

--- The names fc advertises (lazy and loaded): each must load (spec/98-json_spec.lua).
M._modules = {}
for name in pairs(lazy) do M._modules[#M._modules + 1] = name end
table.sort(M._modules)

--- fc.help(fn | module | "fc.name"): prints the reference entry (flopcost.help), at most 100
-- columns wide: the LDoc comment of a Lua function, the "@function" entry of a C one, a module's
-- header and functions. It returns nothing, so the REPL and the notebook show it once
-- (require("flopcost.help").text(what) returns the text).
-- @tparam function|table|string what a function, a module or its name, e.g. "fc.finance.crf" [name]
-- @treturn nil nothing: the entry is printed [none]
-- @raise "flopcost.help: no function or module 'fc.nope'"
-- @usage fc.help("fc.finance.crf")  --> nil
function M.help(what) return require("flopcost.help").help(what) end

return setmetatable(M, {
  __index = function(t, k)
    local modname = lazy[k]
    if modname == nil then return nil end
    local mod = require(modname)
    rawset(t, k, mod)
    return mod
  end,
})
