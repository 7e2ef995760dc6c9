--- flopcost.errors: the stable tokens of data-dependent failures.
-- A misuse (a bad argument, an unknown field or name) raises an error. A
-- failure that depends on the data or the environment returns
-- `nil, message, token`: the message is for people and may change, the token
-- is for code and does not. This table is the one list of tokens (README
-- "Errors"); spec/97-errors_tokens_spec.lua triggers each one and checks that no
-- other token is returned anywhere in lua/ or csrc/. The tokens a C status
-- maps to come from fc_status_token() (csrc/core/fc_status.c).
local M = {}

M.tokens = {
  -- files and text (catalog.load, scenariofile.load/save, report.write[_all],
  -- plot.save, compare.write_files/stream_file, json.decode, core.file)
  io_error = "a file or directory cannot be read or written (missing, permissions, a FIFO, "
    .. "no catalog files in it)",
  invalid_argument = "an empty path (core.file.write/open)",
  out_of_range = "a file larger than the read cap (core.file.max_bytes); a date outside a chip's dated "
    .. "prices or rentals (core.price.dated, core.rental.at)",
  parse_error = "malformed text: JSON (with file:line:col) or a Lua syntax error in a scenario file",
  invalid_data = "well-formed text of the wrong shape (a scenario file that is not a table)",
  script_error = "a scenario script raised an error while it ran",
  limit_exceeded = "a sandboxed script went over its instruction, CPU time or memory budget",
  sandboxed = "file access refused to code running in the sandbox",
  interrupted = "Ctrl-C stopped a sandboxed script (flopcost.sandbox.run)",
  -- data: a question the catalog or the tables cannot answer
  no_data = "no figure for that date or year (an FX rate before the first one; a year outside a "
    .. "table; fewer than two dated prices to fit a decline; no rental of that term and tier)",
  -- solvers (fc.solve)
  no_breakeven = "the difference has the same sign at both ends of the bracket",
  no_convergence = "the iteration did not converge",
  invalid_in_bracket = "a scenario leaves its domain inside the bracket",
  unbounded = "optimize_mix with no budget, power or availability limit",
  no_rental_price = "owning_vs_renting of a mix with a chip without a cloud price",
  -- scenarios and serving
  not_applicable = "Scenario:vary_target: a well-formed path names a chip, region or field this "
    .. "scenario does not use",
  latency = "fc.inference.serve: no batch meets the ttft_s/tpot_s targets",
  does_not_fit = "fc.inference.serve: the weights and one sequence's KV cache do not fit in the group's memory",
}

-- {=====================================================================
-- Errors at the caller's line. A raised error names the public function
-- ("flopcost.scenario: field 'pue': ...") and points at the user's line, never
-- at a file of flopcost's own (./lua/flopcost/scenario/describe.lua:60) however deep
-- it was raised and whether or not the public function tail-calls.

-- the directory of flopcost's Lua files, as positions show it ("./lua/flopcost/")
local DIR = debug.getinfo(1, "S").source:match("^@(.*[/\\])")

local function internal(info)
  return info.what == "C" or (DIR ~= nil and info.source:sub(1, #DIR + 1) == "@" .. DIR)
end

-- A position in front of a message ("user.lua:5: ", "[string \"x\"]:1: ") that
-- is not one inside flopcost's own files.
local function placed(msg)
  if DIR and msg:sub(1, #DIR) == DIR then return false end
  return msg:match("^[^%s:]+:%d+: ") ~= nil or msg:match('^%[string ".-"%]:%d+: ') ~= nil
end

--- strip(msg): msg without a position inside flopcost's Lua files in front.
-- @tparam string msg an error message (any other value is returned as it is) [text]
-- @treturn string the message [text]
-- @raise none: any value is returned
-- @usage fc.errors.strip("no position")  --> "no position"
function M.strip(msg)
  if type(msg) == "string" and DIR and msg:sub(1, #DIR) == DIR then
    return (msg:gsub("^[^\n]-:%d+: ", "", 1))
  end
  return msg
end

--- raise(msg): THE way flopcost's Lua code raises an error (flopcost.check's
-- functions call it; spec/97-errors_spec.lua finds no other error()).
-- A string is raised at the first caller outside flopcost (C frames such as
-- pcall are passed over, so pcall(fc.x, ...) points at the pcall's line),
-- without a position inside flopcost in front. When flopcost's own code
-- catches it on the way (a pcall called from lua/flopcost/), it goes without a
-- position: the public function that re-raises it places it once. A message
-- that already carries a position outside flopcost (an error of the user's own
-- code, caught and raised again: "user.lua:5: ...") and any other value (the
-- CLI's exit requests) are raised as they are.
-- @tparam string msg the message, or any other value to raise as it is [text]
-- @treturn nil never returns [none]
-- @raise msg itself, placed at the caller's line
-- @usage local _, e = pcall(fc.errors.raise, "flopcost.x: bad"); (e:gsub("^.-:%d+: ", ""))  --> "flopcost.x: bad"
function M.raise(msg)
  if type(msg) ~= "string" or placed(msg) then error(msg, 0) end
  local level = 2
  while true do
    local info = debug.getinfo(level, "Sf")
    if not info then error(M.strip(msg), 0) end
    if not internal(info) then break end
    if info.func == pcall or info.func == xpcall then
      local caller = debug.getinfo(level + 1, "S")
      if caller and caller.what ~= "C" and internal(caller) then error(M.strip(msg), 0) end
    end
    level = level + 1
  end
  error(M.strip(msg), level)
end

--- rethrow(v): raises v exactly as it is, with no position added: a caught
-- error passed on, or a message that must stay as it is (a sandbox's budget
-- trip, which every pcall of the script raises again).
-- @tparam any v the error value [any]
-- @treturn nil never returns [none]
-- @raise v itself
-- @usage select(2, pcall(fc.errors.rethrow, "as it is"))  --> "as it is"
function M.rethrow(v)
  error(v, 0)
end

--- call(f, ...): f(...), its failures raised by M.raise: a C function's error
-- (which has no position) or a Lua error at the user's line, once.
-- @tparam function f the function [function]
-- @param ... its arguments [any]
-- @treturn any f's results [any]
-- @raise "flopcost.errors.call: argument 'f': function expected, got 1" (and f's errors)
-- @usage fc.errors.call(math.sqrt, 16)  --> 4
function M.call(f, ...)
  if type(f) ~= "function" then
    require("flopcost.check").arg("flopcost.errors.call", "f", f, "function")
  end
  local r = table.pack(pcall(f, ...))
  if r[1] then return table.unpack(r, 2, r.n) end
  M.raise(r[2])
end

-- (the wrapper -> f, weak: flopcost.help finds the documentation where f is defined)
M._origin = setmetatable({}, { __mode = "k" })

--- public(f): f, with its errors raised at the caller's line (M.call). Called
-- from flopcost's own Lua code (one public function using another), the error
-- goes on without a position, so the outermost public function places it.
-- @tparam function f the function to wrap [function]
-- @treturn function the wrapper: the same results as f [function]
-- @raise none when wrapping; the wrapper raises f's errors at the caller's line
-- @usage fc.errors.public(math.sqrt)(16)  --> 4
function M.public(f)
  local wrapper = function(...) return M.call(f, ...) end
  M._origin[wrapper] = f
  return wrapper
end

-- }=====================================================================

return M
