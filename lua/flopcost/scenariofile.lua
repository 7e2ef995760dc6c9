--- flopcost.scenariofile: scenario and study files.
-- Two formats, both round-tripping through save/load:
--  * Lua scripts (trusted): a chunk returning a table; run in its own
--    environment (a copy of the globals, plus `fc`), never in the caller's.
--  * Data-only JSON (safe to share): decoded by cJSON in C; loading runs no code.
-- A file holds a scenario's options ({region=, chips=, ...}) or a study
-- ({schema="flopcost.study/1", base=, regions=, mixes=, ...}).
local json_core = require("flopcost.core").json
local check = require "flopcost.check"
local errors = require "flopcost.errors"

local M = {}
local FN = "flopcost.scenariofile"

-- regular files only, at most core.file.max_bytes (a FIFO or /dev/zero is refused)
local function read_all(path)
  return require("flopcost.core").file.read(path)
end

-- JSON null -> nil in objects; arrays keep other values in order.
local function strip_null(v)
  if v == json_core.null then return nil end
  if type(v) ~= "table" then return v end
  local out = {}
  for k, x in pairs(v) do out[k] = strip_null(x) end
  return out
end

-- The data of what a Lua scenario file returned: a table as it is, or, for a scenario
-- object (`return fc.scenario{...}`, as a script would build it), the options it was made
-- from (a copy), so every command evaluates it as if the file held those options.
local function data_of(v)
  if type(v) == "table" and getmetatable(v) == require("flopcost.scenario").Scenario then
    local o = {}
    for k, x in pairs(v.opts) do o[k] = x end
    return o
  end
  return v
end
M._data_of = data_of -- internal: flopcost run's scripts (cli/run.lua)

--- Loads a Lua (.lua) or JSON (.json) scenario/study file: a JSON file is data only; a Lua
-- file is a script returning a table (trusted: it may use fc; with opts.sandbox it runs in
-- flopcost.sandbox: no io, os, require or bytecode, with budgets).
-- @tparam string path the file [path]
-- @tparam[opt] table opts sandbox [boolean]; limits (flopcost.sandbox's budgets) [table]
-- @treturn table the scenario's options or the study [options]
-- @return nil, message, token: "io_error", "parse_error", "invalid_data", "script_error", "limit_exceeded"
-- or "sandboxed" [token]
-- @raise "flopcost.scenariofile.load: argument 'path': path (string) expected, got 1"
-- @usage fc.scenariofile.load("/nonexistent/s.json")  --> nil
function M.load(path, opts)
  check.arg(FN .. ".load", "path", path, "string", "path (string)")
  check.optional(FN .. ".load", "opts", opts, "table", "options table")
  local text, err, token = read_all(path)
  if not text then return nil, FN .. ".load: " .. err, token end
  if path:match("%.json$") then
    local v, jerr, jtoken = json_core.decode(text, path)
    if v == nil then return nil, FN .. ".load: " .. jerr, jtoken end
    if type(v) ~= "table" then return nil, FN .. ".load: " .. path .. ": JSON object expected", "invalid_data" end
    return strip_null(v)
  end
  if opts and opts.sandbox then
    -- untrusted: budgets, no files, a private catalog (flopcost.sandbox)
    local ok, v, stoken = require("flopcost.sandbox").run(text, "@" .. path, opts.limits)
    if not ok then return nil, FN .. ".load: " .. v, stoken end
    if type(v) ~= "table" then
      return nil, FN .. ".load: " .. path .. ": the script must return a table", "invalid_data"
    end
    return v
  end
  local env = M.environment(false)
  local chunk, cerr = load(text, "@" .. path, "t", env) -- text only: no bytecode
  if not chunk then return nil, FN .. ".load: " .. cerr, "parse_error" end
  local ok, v = pcall(chunk)
  if not ok then return nil, FN .. ".load: " .. tostring(v), "script_error" end
  if type(v) ~= "table" then return nil, FN .. ".load: " .. path .. ": the script must return a table", "invalid_data" end
  return data_of(v)
end

--- The environment a trusted Lua scenario script runs in: a table that reads the globals
-- plus `fc`. Untrusted scripts run through flopcost.sandbox.run instead (its own Lua state and
-- budgets); asking for a sandboxed environment here raises.
-- @tparam[opt] boolean sandbox must be false or nil [boolean]
-- @treturn table the environment [environment]
-- @raise "flopcost.sandbox.environment: removed; run untrusted code with flopcost.sandbox.run (its own Lua
-- state, budgets)" when sandbox is true
-- @usage fc.scenariofile.environment().fc == fc  --> "true"
function M.environment(sandbox)
  if sandbox then return require("flopcost.sandbox").environment() end
  local env = setmetatable({}, { __index = _G })
  env.fc = require "flopcost"
  return env
end

local function is_array(t)
  local n = 0
  for _ in pairs(t) do n = n + 1 end
  return n == #t
end

local function keys_sorted(t)
  local ks = {}
  for k in pairs(t) do ks[#ks + 1] = k end
  table.sort(ks, function(a, b) return tostring(a) < tostring(b) end)
  return ks
end

--- Serializes plain data (tables, strings, numbers, booleans) as a Lua chunk.
local function to_lua(v, indent, path)
  local t = type(v)
  if t == "number" then
    if v ~= v or v == math.huge or v == -math.huge then
      check.fail(FN .. ".save", "%s: finite number expected", path)
    end
    if math.type(v) == "integer" then return tostring(v) end
    return ("%.17g"):format(v)
  elseif t == "string" then
    return ("%q"):format(v)
  elseif t == "boolean" then
    return tostring(v)
  elseif t == "table" then
    local pad = ("  "):rep(indent + 1)
    local parts = {}
    if is_array(v) then
      for i, x in ipairs(v) do parts[#parts + 1] = pad .. to_lua(x, indent + 1, path .. "[" .. i .. "]") end
    else
      for _, k in ipairs(keys_sorted(v)) do
        local key = type(k) == "string" and k:match("^[%a_][%w_]*$") and k or ("[" .. to_lua(k, 0, path) .. "]")
        parts[#parts + 1] = pad .. key .. " = " .. to_lua(v[k], indent + 1, path .. "." .. tostring(k))
      end
    end
    if #parts == 0 then return "{}" end
    return "{\n" .. table.concat(parts, ",\n") .. ",\n" .. ("  "):rep(indent) .. "}"
  end
  check.fail(FN .. ".save", "%s: %s cannot be saved (data only)", path, t)
end

--- Saves a scenario's options or a study: JSON for a path ending .json, else a Lua chunk
-- (return {...}). Objects such as a loaded catalog and functions are left out. Written atomically.
-- @tparam string path the file [path]
-- @tparam table data the options or the study (plain data) [options]
-- @treturn boolean true when written [boolean]
-- @return nil, message, "io_error" (or "sandboxed") when it cannot be written [token]
-- @raise "flopcost.scenariofile.save: argument 'path': path (string) expected, got 1" (and for a value that
-- cannot be saved: NaN, a function inside a table)
-- @usage fc.scenariofile.save("/nonexistent/s.json", {region = "us-va"})  --> nil
function M.save(path, data)
  check.arg(FN .. ".save", "path", path, "string", "path (string)")
  check.arg(FN .. ".save", "data", data, "table")
  local clean = {}
  for k, v in pairs(data) do
    if k ~= "catalog" and type(v) ~= "function" and type(v) ~= "userdata" then clean[k] = v end
  end
  local ok, text = pcall(function()
    if path:match("%.json$") then return require("flopcost.json").encode(clean, { indent = "  " }) .. "\n" end
    return "-- flopcost scenario file\nreturn " .. to_lua(clean, 0, "scenario") .. "\n"
  end)
  if not ok then errors.raise(text) end
  local wok, err, token = require("flopcost.core").file.write(path, text)
  if not wok then return nil, FN .. ".save: " .. err, token end
  return true
end

return M
