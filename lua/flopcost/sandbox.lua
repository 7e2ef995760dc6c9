--- flopcost.sandbox: runs an untrusted scenario script (`flopcost run --sandbox`,
-- scenariofile.load(path, {sandbox = true})).
--
-- What sandboxed code gets: the pure parts of Lua (no io, os beyond
-- time/date/clock, debug, package, dofile, loadfile, string.dump, binary
-- chunks, collectgarbage), and a copy of `fc` whose every table is its own
-- (changing it changes nothing outside) without the functions that read or
-- write a path. What holds it in:
--  * core.file refuses every path while sandboxed code runs (the one reader
--    and writer of files, csrc/core/fc_file.c), so no library function can be
--    talked into touching a file either;
--  * a private copy of the bundled catalog replaces the shared default for
--    the run: edits to it are lost when the script ends;
--  * an instruction budget (a count hook also checks CPU time) and a memory
--    budget (an allocator limit in C, csrc/lua/lfc_sandbox.c); pcall, xpcall and
--    coroutines cannot swallow a budget error: it is raised again;
--  * metatables: getmetatable shows only metatables the script set itself,
--    setmetatable refuses other objects and __gc (a finalizer would run
--    outside the budget); the string metatable's __index is the sandbox's
--    string table while the script runs;
--  * the value returned comes back as plain data (tables read with next and
--    rawget, no metatables, no functions), and an error as a string that no
--    __tostring produced.
-- Known gap: a C function that runs long inside one call (a pathological Lua
-- pattern such as ("a"):rep(1e5):find(".-.-.-.-x")) is not interrupted by
-- the hook; patterns are therefore limited in length and wildcards.
local core = require "flopcost.core"

local M = {}

M.DEFAULTS = {
  cpu_seconds = 30,
  memory_bytes = 512 * 1024 * 1024,
  instructions = 5e9,
  max_samples = 1e7,
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
    error(("flopcost.%s.%s: not allowed in a sandboxed script (no file access)"):format(mod, name), 2)
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
function M.safe_fc(cat, limits)
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
      if path ~= nil then error("flopcost.catalog.load: only the bundled catalog, with no path, in a sandboxed script", 2) end
      return cat
    end
    out.catalog.default = function() return cat end
  end
  -- C runs that no hook interrupts: bounded by the sample count
  local function capped(name, f)
    return function(a, opts, ...)
      local n = type(opts) == "table" and opts.samples
      if type(n) == "number" and n > limits.max_samples then
        error(("flopcost.%s: samples %.14g above the sandbox's limit of %.14g"):format(name, n, limits.max_samples), 2)
      end
      return f(a, opts, ...)
    end
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
  local mc_run = capped("montecarlo", function(s, opts, ...) return mc(s, opts, ...) end)
  setmetatable(out.montecarlo, { __call = function(_, ...) return mc_run(...) end, __metatable = false })
  if mc.run then out.montecarlo.run = capped("montecarlo.run", mc.run) end
  if out.sensitivity and out.sensitivity.sobol then
    local sobol = fc.sensitivity.sobol
    out.sensitivity.sobol = function(o, ...)
      if type(o) == "table" and type(o.samples) == "number" and o.samples > limits.max_samples then
        error(("flopcost.sensitivity.sobol: samples %.14g above the sandbox's limit of %.14g")
          :format(o.samples, limits.max_samples), 2)
      end
      return sobol(o, ...)
    end
  end
  return out
end

-- {==================================================================
-- The environment
-- ===================================================================

local MAX_PATTERN = 64
local real_gsub = string.gsub -- the host's: the string metatable points elsewhere during a run

-- Pattern functions with a bound on the pattern: matching runs in C, where
-- the hook cannot stop it, and backtracking grows as (subject length)^(wildcards).
-- Only calls from the script's own code are checked (library code called
-- by the script keeps its patterns): the caller's chunk name tells them apart.
local getinfo = debug.getinfo
local function guard_pattern(name, f, sources)
  return function(s, p, ...)
    if type(p) == "string" and sources[getinfo(2, "S").source] then
      local wild = select(2, real_gsub(p, "[%-%*%+%?]", ""))
      if #p > MAX_PATTERN or wild > 3 then
        error(("string.%s: pattern longer than %d characters or with more than 3 repetitions is not "
          .. "allowed in a sandboxed script"):format(name, MAX_PATTERN), 2)
      end
    end
    return f(s, p, ...)
  end
end

local function safe_string(sources)
  local t = {}
  for k, v in pairs(string) do t[k] = v end
  t.dump = nil
  for _, k in ipairs { "find", "match", "gmatch", "gsub" } do t[k] = guard_pattern(k, string[k], sources) end
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
    if run.tripped then error(run.tripped, 0) end
    if core.sandbox.tripped() then
      run.tripped = ("sandbox: memory budget of %.0f MB exceeded"):format(run.limits.memory_bytes / 2 ^ 20)
      error(run.tripped, 0)
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
      if not r[1] then error(r[2], 0) end
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
    if type(t) ~= "table" then error("setmetatable: table expected", 2) end
    local old = getmetatable(t)
    if old ~= nil and not own[old] then error("setmetatable: cannot change the metatable of this object", 2) end
    if mt ~= nil then
      if type(mt) ~= "table" then error("setmetatable: nil or table expected", 2) end
      if rawget(mt, "__gc") ~= nil then error("setmetatable: __gc is not allowed in a sandboxed script", 2) end
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
    error("require of '" .. tostring(name) .. "' is not allowed in a sandboxed scenario", 2)
  end
  env.fc = run.fc
  env._G = env
  return env
end

-- }==================================================================

-- Plain data from a value the script returned: no metatables, functions or threads.
local function plain(v, where, depth, count)
  local t = type(v)
  if t == "string" or t == "number" or t == "boolean" or t == "nil" then return v end
  if t == "userdata" then
    local mt = getmetatable(v)
    if type(mt) == "string" and mt:match("^flopcost%.") then return v end -- a C object, protected
  end
  if t ~= "table" then error(("%s: %s cannot be returned by a sandboxed script (plain data only)"):format(where, t), 0) end
  if depth > 64 then error(where .. ": tables nested deeper than 64 levels", 0) end
  count[1] = count[1] + 1
  if count[1] > 1e6 then error("the returned data has more than 1e6 tables", 0) end
  local out = {}
  local k, x = next(v)
  while k ~= nil do
    local kt = type(k)
    if kt ~= "string" and kt ~= "number" and kt ~= "boolean" then
      error(("%s: %s keys cannot be returned by a sandboxed script"):format(where, kt), 0)
    end
    out[k] = plain(x, where .. "." .. tostring(k), depth + 1, count)
    k, x = next(v, k)
  end
  return out
end

local function safe_message(e)
  if type(e) == "string" then return e end
  if type(e) == "number" then return ("%.14g"):format(e) end
  return "error object of type " .. type(e) .. " (not shown)"
end

--- sandbox.run(text, chunkname [, limits [, ...]]) -> true, plain value | false, message, token
-- (token: "parse_error", "script_error", "limit_exceeded", or catalog.load's; flopcost.errors)
-- Runs the Lua text in the sandbox; `...` are the chunk's arguments.
function M.run(text, chunkname, limits, ...)
  local check = require "flopcost.check"
  check.arg("flopcost.sandbox.run", "text", text, "string", "Lua source (string)")
  check.arg("flopcost.sandbox.run", "chunkname", chunkname, "string", "chunk name (string)")
  check.optional("flopcost.sandbox.run", "limits", limits, "table", "limits table")
  local lim = {}
  for k, v in pairs(M.DEFAULTS) do lim[k] = (limits and limits[k]) or v end
  local catalog = require "flopcost.catalog"
  local cat, cerr, ctoken = catalog.load() -- the script's own copy, read before files are closed to it
  if not cat then return false, cerr, ctoken end
  local sources = setmetatable({ [chunkname] = true }, { __index = function(_, src)
    return type(src) == "string" and src:sub(1, #SANDBOX_CHUNK) == SANDBOX_CHUNK
  end })
  local run = { limits = lim, string = safe_string(sources) }
  run.fc = M.safe_fc(cat, lim)
  local env = new_env(run)
  local chunk, lerr = load(text, chunkname, "t", env)
  if not chunk then return false, lerr, "parse_error" end

  local smt = getmetatable("")
  local old_index = smt.__index
  local old_default = catalog._swap_default(cat)
  local old_hook, old_mask, old_count = debug.gethook()
  local deadline = os.clock() + lim.cpu_seconds
  local steps, max_steps = 0, lim.instructions / COUNT
  local function hook()
    if run.tripped then error(run.tripped, 0) end
    steps = steps + 1
    if steps > max_steps then
      run.tripped = ("sandbox: instruction budget of %.3g exceeded"):format(lim.instructions)
    elseif os.clock() > deadline then
      run.tripped = ("sandbox: CPU time budget of %g s exceeded"):format(lim.cpu_seconds)
    end
    if run.tripped then error(run.tripped, 0) end
  end

  run.hook = hook
  local args = table.pack(...)
  smt.__index = run.string
  core.sandbox.enter(lim.memory_bytes)
  debug.sethook(hook, "", COUNT)
  local ok, v = pcall(function()
    local r = chunk(table.unpack(args, 1, args.n))
    return plain(r, "result", 0, { 0 })
  end)
  debug.sethook(old_hook, old_mask, old_count)
  local mem = core.sandbox.leave()
  smt.__index = old_index
  catalog._swap_default(old_default)
  if run.tripped then return false, run.tripped, "limit_exceeded" end
  if mem then
    return false, ("sandbox: memory budget of %.0f MB exceeded"):format(lim.memory_bytes / 2 ^ 20), "limit_exceeded"
  end
  if not ok then return false, safe_message(v), "script_error" end
  return true, v
end

--- The environment a sandboxed script sees, for callers that run chunks
-- themselves (without the budgets: prefer M.run).
function M.environment()
  local catalog = require "flopcost.catalog"
  local run = { limits = M.DEFAULTS, string = safe_string(setmetatable({}, { __index = function() return true end })) }
  run.fc = M.safe_fc(catalog.load(), M.DEFAULTS)
  return new_env(run)
end

return M
