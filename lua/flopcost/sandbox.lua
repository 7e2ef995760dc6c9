--- flopcost.sandbox: runs an untrusted scenario script (`flopcost run --sandbox`,
-- scenariofile.load(path, {sandbox = true})).
--
-- Isolation by construction: the script runs in a Lua state of its own
-- (core.sandbox.isolate, csrc/lua/lfc_isolate.c), which loads flopcost afresh:
-- its classes, catalog and modules are that state's, so no object of the
-- host is reachable, and replacing a method or a catalog entry there changes
-- nothing the host computes. The value the script returns is copied into the
-- host as plain data (tables without metatables, strings, numbers, booleans,
-- flopcost.Dist values); functions, coroutines, other userdata and tables
-- with metatables are refused. The state is closed when the script ends, so
-- nothing it defined runs afterwards.
-- Inside that state: the pure parts of Lua (no io, os beyond time/date/clock,
-- debug, package, dofile, loadfile, string.dump, binary chunks,
-- collectgarbage) and a copy of `fc` without the functions that take a path;
-- io and os are closed for the library code there too, and core.file
-- refuses every path, so no module can be talked into touching a file.
-- Budgets (M.DEFAULTS; each can be lowered or raised per run):
--  * cpu_seconds: the script thread's own CPU time (CLOCK_THREAD_CPUTIME_ID),
--    read every 2 ms by a watchdog thread that stops Lua code and the C loops
--    (Monte Carlo, Sobol) alike; Ctrl-C stops the script the same way;
--  * memory_bytes: the state's allocator refuses to grow past it, and the C
--    entry points count their large buffers (kept samples, Sobol matrices)
--    against it before allocating;
--  * instructions: a count hook on every coroutine;
--  * max_evaluations: model evaluations one C call may do (Monte Carlo
--    samples, Sobol samples x (inputs + 2)), checked before it starts; C runs
--    use one thread, so the CPU budget sees all their work;
--  * pattern matching runs Lua 5.4.4's matcher with a step counter
--    (csrc/lua/lfc_match.c): every 1024 steps it polls the watchdog's stop
--    flag (CPU budget, Ctrl-C) and match_steps, the steps of the whole run;
--    patterns that could obviously backtrack for hours are refused at once
--    (guard_pattern), for every caller in that state.
-- pcall, xpcall and coroutines cannot swallow a budget error.
local core = require "flopcost.core"
local errors = require "flopcost.errors"

local M = {}

M.DEFAULTS = {
  cpu_seconds = 30,
  memory_bytes = 512 * 1024 * 1024,
  instructions = 5e9,
  max_evaluations = 1e7,
  match_steps = 1e9,
}

local COUNT = 10000 -- instructions between two checks of the hook

-- Modules of the sandbox's fc, and the functions left out of each (they take a path).
local MODULES = {
  finance = {}, energy = {}, yield = {}, training = {}, export = {}, fleet = {}, dist = {},
  scenario = {}, solve = {}, uncertainty = {}, units = {}, json = {}, inference = {},
  report = { write = true, write_all = true },
  plot = { save = true, mc_files = true },
  compare = { load_study = true, stream_file = true, write_files = true, models_dir = true },
  montecarlo = {}, sensitivity = {},
  catalog = { load = true, default = true, default_path = true, _swap_default = true },
}

local function denied(mod, name)
  return function()
    errors.raise(("flopcost.%s.%s: not allowed in a sandboxed script (no file access)"):format(mod, name))
  end
end

-- A copy of v whose tables are all new (functions and C objects shared).
local function copy(v, seen)
  if type(v) ~= "table" then return v end
  if v == core then return nil end -- the C module itself is not reachable
  if seen[v] then return seen[v] end
  local t = {}
  seen[v] = t
  for k, x in next, v do
    if type(k) ~= "table" then t[k] = copy(x, seen) end
  end
  return t
end

--- The sandbox's fc: every module copied, path functions replaced by errors.
-- `cat` is the catalog the copy's fc.catalog.load()/default() return.
function M.safe_fc(cat)
  local fc = require "flopcost"
  local out, seen = { version = fc.version }, {}
  for mod, deny in pairs(MODULES) do
    local ok, real = pcall(function() return fc[mod] end)
    if ok and type(real) == "table" then
      local c = {}
      seen[real] = c
      for k, x in next, real do
        if type(k) == "string" and deny[k] then c[k] = denied(mod, k)
        elseif x ~= core then c[k] = copy(x, seen) end
      end
      out[mod] = c
    end
  end
  if out.catalog then
    out.catalog.load = function(path)
      if path ~= nil then errors.raise("flopcost.catalog.load: only the bundled catalog, with no path, in a sandboxed script") end
      return cat
    end
    out.catalog.default = function() return cat end
  end
  -- modules called as functions (fc.scenario{...}, fc.montecarlo(s, opts)) keep that
  for mod in pairs(MODULES) do
    local real = out[mod] and fc[mod]
    local mt = real and getmetatable(real)
    if mod ~= "montecarlo" and type(mt) == "table" and mt.__call then
      setmetatable(out[mod], { __call = function(_, ...) return real(...) end, __metatable = false })
    end
  end
  local mc = fc.montecarlo
  setmetatable(out.montecarlo, { __call = function(_, ...) return mc(...) end, __metatable = false })
  return out
end

-- {==================================================================
-- The environment
-- ===================================================================

local MAX_MATCH_STEPS = 1e8
local real_gsub = string.gsub

-- Pattern functions with a quick refusal before matching: backtracking costs up
-- to about (subject length + 1)^(repetitions + 1) steps, and a pattern whose
-- bound is over 1e8 is refused at once (a clear message instead of a budget
-- running out). What passes runs in the budgeted matcher (core.sandbox.string),
-- which the watchdog (CPU budget, Ctrl-C) and match_steps stop: the bound is a
-- convenience, not the guarantee (%b and gsub/gmatch's scans are outside it).
-- Every caller is checked (the script, pcall(string.find, ...), library code in
-- the sandbox's state).
local function guard_pattern(name, f)
  return function(s, p, init, plain, ...)
    if type(p) == "string" and not (name == "find" and plain) then
      local wild = select(2, real_gsub(p, "[%-%*%+%?]", ""))
      local n = type(s) == "string" and #s or 0
      if wild > 0 and (n + 1) ^ (wild + 1) > MAX_MATCH_STEPS then
        errors.raise(("string.%s: pattern with %d repetitions on a subject of %d characters could backtrack "
          .. "for hours; refused in a sandboxed script ((length + 1)^(repetitions + 1) <= %.0e)")
          :format(name, wild, n, MAX_MATCH_STEPS))
      end
    end
    return f(s, p, init, plain, ...)
  end
end

local function safe_string()
  local t = {}
  for k, v in pairs(string) do t[k] = v end
  t.dump = nil
  for _, k in ipairs { "find", "match", "gmatch", "gsub" } do t[k] = guard_pattern(k, core.sandbox.string[k]) end
  return t
end

local SANDBOX_CHUNK = "=(sandbox load)"

-- state of one run: tripped (a budget message) and the metatables the script set
local function new_env(run)
  local env = {}
  for _, k in ipairs { "assert", "ipairs", "next", "pairs", "select", "tonumber", "tostring", "type",
    "rawequal", "rawget", "rawlen", "rawset", "_VERSION", "print" } do
    env[k] = _G[k]
  end
  env.error = error
  for _, lib in ipairs { "math", "table", "utf8" } do
    local t = {}
    for k, v in pairs(_G[lib]) do t[k] = v end
    env[lib] = t
  end
  env.string = run.string
  env.os = { time = os.time, date = os.date, clock = os.clock }

  -- a budget error is raised again by whatever would catch it
  local function recheck(...)
    if run.tripped then errors.rethrow(run.tripped) end
    local stopped = core.sandbox.stopped()
    if stopped then errors.rethrow(stopped) end
    if core.sandbox.tripped() then
      run.tripped = ("sandbox: memory budget of %.0f MB exceeded"):format(run.limits.memory_bytes / 2 ^ 20)
      errors.rethrow(run.tripped)
    end
    return ...
  end
  env.pcall = function(f, ...) return recheck(pcall(f, ...)) end
  env.xpcall = function(f, h, ...) return recheck(xpcall(f, h, ...)) end
  local co = {}
  for k, v in pairs(coroutine) do co[k] = v end
  co.resume = function(c, ...) return recheck(coroutine.resume(c, ...)) end
  co.close = function(c) return recheck(coroutine.close(c)) end
  -- debug.sethook's Lua hook belongs to one thread: every coroutine gets it
  co.create = function(f)
    local c = coroutine.create(f)
    if run.hook then debug.sethook(c, run.hook, "", COUNT) end
    return c
  end
  co.wrap = function(f)
    local c = co.create(f)
    return function(...)
      local r = table.pack(co.resume(c, ...))
      if not r[1] then errors.rethrow(r[2]) end
      return table.unpack(r, 2, r.n)
    end
  end
  env.coroutine = co

  local own = setmetatable({}, { __mode = "k" })
  env.getmetatable = function(v)
    local mt = getmetatable(v)
    if own[mt] or type(mt) == "string" then return mt end
    return nil
  end
  env.setmetatable = function(t, mt)
    if type(t) ~= "table" then errors.raise("setmetatable: table expected") end
    local old = getmetatable(t)
    if old ~= nil and not own[old] then errors.raise("setmetatable: cannot change the metatable of this object") end
    if mt ~= nil then
      if type(mt) ~= "table" then errors.raise("setmetatable: nil or table expected") end
      if rawget(mt, "__gc") ~= nil then errors.raise("setmetatable: __gc is not allowed in a sandboxed script") end
      own[mt] = true
    end
    return setmetatable(t, mt)
  end
  env.load = function(chunk, name, _, e)
    -- text only: no bytecode; the name marks the code as the script's
    return load(chunk, SANDBOX_CHUNK .. (type(name) == "string" and (" " .. name:sub(1, 40)) or ""), "t", e or env)
  end
  env.require = function(name)
    if name == "flopcost" then return run.fc end
    local mod = type(name) == "string" and name:match("^flopcost%.([%w_]+)$")
    if mod and run.fc[mod] then return run.fc[mod] end
    errors.raise("require of '" .. tostring(name) .. "' is not allowed in a sandboxed scenario")
  end
  env.fc = run.fc
  env._G = env
  return env
end

-- }==================================================================

local function safe_message(e)
  if type(e) == "string" then return e end
  if type(e) == "number" then return ("%.14g"):format(e) end
  return "error object of type " .. type(e) .. " (not shown)"
end

-- The limits of a run: the defaults, with `max_samples` read as the older
-- name of max_evaluations.
local function limits_of(limits)
  local lim = {}
  for k, v in pairs(M.DEFAULTS) do lim[k] = (limits and limits[k]) or v end
  if limits and limits.max_samples and not limits.max_evaluations then lim.max_evaluations = limits.max_samples end
  for k, v in pairs(lim) do
    if type(v) ~= "number" or not (v > 0) then
      errors.raise(("flopcost.sandbox.run: field 'limits.%s': positive number expected, got %s"):format(k, tostring(v)))
    end
  end
  return lim
end

--- sandbox.run(text, chunkname [, limits [, ...]]) -> true, plain value | false, message, token
-- (token: "parse_error", "script_error", "limit_exceeded", "interrupted", or
-- catalog.load's; flopcost.errors). Runs the Lua text in a state of its own
-- (see the module comment); `...` are the chunk's arguments (plain data).
function M.run(text, chunkname, limits, ...)
  local check = require "flopcost.check"
  check.arg("flopcost.sandbox.run", "text", text, "string", "Lua source (string)")
  check.arg("flopcost.sandbox.run", "chunkname", chunkname, "string", "chunk name (string)")
  check.optional("flopcost.sandbox.run", "limits", limits, "table", "limits table")
  return core.sandbox.isolate(text, chunkname, limits_of(limits), ...)
end

--- sandbox.guard(limits, f, ...) -> true, ... | false, message: trusted code
-- f evaluating data a sandboxed script returned (a study), under the same
-- budgets: CPU time, memory, max_evaluations per C call, no file access.
function M.guard(limits, f, ...)
  require("flopcost.check").arg("flopcost.sandbox.guard", "f", f, "function", "function")
  return core.sandbox.guard(limits_of(limits), f, ...)
end

-- io and os of the sandbox's state closed to its library code as well.
-- luacheck: push ignore 122 (this state's io and os, not the host's)
local function close_files()
  local function refuse(name)
    return function() errors.raise(name .. ": not allowed in a sandboxed script (no file access)") end
  end
  for _, k in ipairs { "open", "popen", "lines", "input", "output", "tmpfile", "close", "read", "write" } do
    io[k] = refuse("io." .. k)
  end
  for _, k in ipairs { "execute", "remove", "rename", "tmpname", "exit", "setlocale" } do
    os[k] = refuse("os." .. k)
  end
  package.loadlib = refuse("package.loadlib")
  package.cpath = ""
  local searchers = package.searchers
  for i = #searchers, 3, -1 do searchers[i] = nil end -- no C modules from files
end
-- luacheck: pop

--- In the sandbox's own state only (core.sandbox.isolate calls it there).
function M._child(text, chunkname, lim, ...)
  local catalog = require "flopcost.catalog"
  local cat, cerr, ctoken = catalog.load() -- read before files close
  if not cat then return false, cerr, ctoken end
  catalog._swap_default(cat) -- this state's default: the library code here uses it
  local fc = require "flopcost"
  for mod in pairs(MODULES) do local _ = fc[mod] end -- loaded now, not from files later
  require "flopcost.check"
  local run = { limits = lim, string = safe_string() }
  run.fc = M.safe_fc(cat)
  local env = new_env(run)
  local chunk, lerr = load(text, chunkname, "t", env)
  if not chunk then return false, lerr, "parse_error" end
  close_files()
  getmetatable("").__index = run.string -- every caller in this state
  local steps, max_steps = 0, lim.instructions / COUNT
  local function hook()
    if run.tripped then errors.rethrow(run.tripped) end
    local stopped = core.sandbox.stopped() -- the watchdog: CPU time or Ctrl-C, in any coroutine
    if stopped then errors.rethrow(stopped) end
    steps = steps + 1
    if steps > max_steps then
      run.tripped = ("sandbox: instruction budget of %.3g exceeded"):format(lim.instructions)
      errors.rethrow(run.tripped)
    end
  end
  run.hook = hook
  local args = table.pack(...)
  core.sandbox.begin()
  debug.sethook(hook, "", COUNT)
  local ok, v = pcall(chunk, table.unpack(args, 1, args.n))
  debug.sethook()
  if run.tripped then return false, run.tripped, "limit_exceeded" end
  if not ok then return false, safe_message(v), "script_error" end
  return true, v
end

--- Refused: a sandboxed script runs in a state of its own (M.run); an
-- environment in the caller's state would hand it the caller's objects.
function M.environment()
  errors.raise("flopcost.sandbox.environment: removed; run untrusted code with flopcost.sandbox.run "
    .. "(its own Lua state, budgets)")
end

return M
