--- Argument checks shared by the Lua modules: one rule, one message format.
--   "flopcost.<module>.<fn>: argument '<name>': <what> expected, got <value>"
-- raised at the user's line (flopcost.errors.raise: the first frame outside
-- lua/flopcost/, however deep the check), so junk arguments give a clear
-- error naming the function instead of a raw Lua message ("attempt to index
-- a nil value") from deep inside flopcost.
-- (spec/97-check_spec.lua calls every public function with junk.)
local M = {}
local raise = require("flopcost.errors").raise
-- the real metatable (flopcost's objects protect theirs with __metatable)
local getmt = debug.getmetatable

--- A value as error messages show it: strings quoted (cut at 40 bytes), NaN
--- as "nan" on every platform, objects by their type name (flopcost.Scenario).
function M.shown(v)
  local t = type(v)
  if t == "string" then return "'" .. (#v > 40 and v:sub(1, 37) .. "..." or v) .. "'" end
  if t == "number" then
    if v ~= v then return "nan" end -- "-nan" or "nan" by platform otherwise
    if math.type(v) == "float" then return ("%.14g"):format(v) end -- inf, -inf
    return ("%d"):format(v)
  end
  if t == "table" or t == "userdata" then
    local mt = getmt(v)
    local name = type(mt) == "table" and rawget(mt, "__name")
    return type(name) == "string" and name or t
  end
  return tostring(v)
end

local function finite(v) return math.type(v) ~= nil and v == v and v > -math.huge and v < math.huge end

-- A calendar date YYYY, YYYY-MM or YYYY-MM-DD, by the one date rule of the core
-- (fc_price_date_days: months 1-12, days within the month, leap years, 1900-2199).
local function is_date(v)
  return type(v) == "string" and pcall(require("flopcost.core").price.date_days, v)
end
M.is_date = is_date

-- kind -> (test, default description)
local KINDS = {
  number = { finite, "finite number" },
  integer = { function(v) return math.type(v) == "integer" or (finite(v) and v == math.floor(v)) end, "integer" },
  count = { function(v) return finite(v) and v >= 0 and v == math.floor(v) end, "integer >= 0" },
  probability = { function(v) return finite(v) and v >= 0 and v <= 1 end, "number in [0, 1]" },
  list = { function(v) return type(v) == "table" and (next(v) == nil or v[1] ~= nil) end, "list (table)" },
  date = { is_date, "date YYYY, YYYY-MM or YYYY-MM-DD" },
}

local function passes(v, kind)
  local k = type(kind)
  if k == "function" then return kind(v) and true or false end
  if k == "table" then return getmetatable(v) == kind end -- a class's metatable
  local known = KINDS[kind]
  if known then return known[1](v) end
  return type(v) == kind
end

local function describe_kind(kind)
  if type(kind) == "table" then return type(rawget(kind, "__name")) == "string" and kind.__name or "object" end
  if KINDS[kind] then return KINDS[kind][2] end
  return tostring(kind)
end

--- check.fail(fn, msg [, ...]): raises "fn: msg" (msg:format(...) when more
--- arguments follow) at the user's line (flopcost.errors.raise): the one way
--- flopcost's Lua code raises an error that is not an argument check.
---   check.fail("flopcost.scenario", "field 'chips': empty chip mix")
function M.fail(fn, msg, ...)
  if select("#", ...) > 0 then msg = msg:format(...) end
  raise(fn .. ": " .. msg)
end

--- check.bad_field(fn, field, what, v): raises "fn: field 'x': <what> expected,
--- got <v>" for a field of an options table (or of a file's data).
function M.bad_field(fn, field, what, v)
  raise(("%s: field '%s': %s expected, got %s"):format(fn, field, what, M.shown(v)))
end

--- check.bad_arg(fn, name, what, v): raises "fn: argument 'name': <what>
--- expected, got <v>" (for checks that check.arg's kinds do not express).
function M.bad_arg(fn, name, what, v)
  raise(("%s: argument '%s': %s expected, got %s"):format(fn, name, what, M.shown(v)))
end

--- check.bad_path(fn, path, what, v, args): raises for a value found at `path`
--- ("results[2].breakdown.energy", "marks[1].value"): when the path starts with
--- one of the positional argument names in the set `args`, "fn: argument
--- 'results': field '[2].breakdown.energy': ..."; otherwise (a field of an
--- options table) "fn: field 'marks[1].value': ...".
function M.bad_path(fn, path, what, v, args)
  raise(("%s: %s: %s expected, got %s"):format(fn, M.path_name(path, args), what, M.shown(v)))
end

--- check.path_name(path, args): how check.bad_path names `path` in a message.
function M.path_name(path, args)
  local head, rest = path:match("^([%a_][%w_]*)(.*)$")
  if head and args and args[head] then
    rest = rest:gsub("^%.", "")
    return ("argument '%s'"):format(head) .. (rest ~= "" and (": field '%s'"):format(rest) or "")
  end
  return ("field '%s'"):format(path)
end

--- check.arg(fn, name, v, kind [, what]) -> v, or raises
---   fn:    the public name, "flopcost.compare.text"
---   name:  the argument's name as documented ("grid")
---   kind:  a Lua type name, one of "number" (finite), "integer", "count",
---          "probability", "list", a class metatable, or a predicate f(v) -> bool
---   what:  what the message says is expected (default from kind)
function M.arg(fn, name, v, kind, what)
  if passes(v, kind) then return v end
  raise(("%s: argument '%s': %s expected, got %s"):format(fn, name, what or describe_kind(kind), M.shown(v)))
end

--- Like check.arg but nil passes (optional arguments, options tables).
function M.optional(fn, name, v, kind, what)
  if v == nil or passes(v, kind) then return v end
  raise(("%s: argument '%s': %s expected, got %s"):format(fn, name, what or describe_kind(kind), M.shown(v)))
end

--- check.options(fn, opts, names): every key of an options table is one of `names`, else
--- "fn: unknown option 'interval' (did you mean 'intervals'?)": an option is acted on or refused,
--- never ignored (issue 23). nil passes. -> opts
function M.options(fn, opts, names)
  if opts == nil then return nil end
  for k in pairs(opts) do
    local known = false
    for _, n in ipairs(names) do known = known or n == k end
    if not known then
      local near = type(k) == "string" and require("flopcost.suggest").closest(k, names)
      raise(("%s: unknown option '%s'%s"):format(fn, tostring(k), near and (" (did you mean '" .. near .. "'?)") or ""))
    end
  end
  return opts
end

--- check.field(fn, where, t, key, kind [, what]): a field of a table
--- argument already checked to be a table: "fn: argument 'grid': field 'results': ..."
function M.field(fn, where, t, key, kind, what)
  local v = t[key]
  if passes(v, kind) then return v end
  raise(("%s: argument '%s': field '%s': %s expected, got %s"):format(fn, where, tostring(key),
    what or describe_kind(kind), M.shown(v)))
end

--- check.each(fn, name, list, kind [, what]): every element of a list
--- argument: "fn: argument 'results': [3]: flopcost.Result expected, got number"
function M.each(fn, name, list, kind, what)
  M.arg(fn, name, list, "list")
  for i = 1, #list do
    if not passes(list[i], kind) then
      raise(("%s: argument '%s': [%d]: %s expected, got %s"):format(fn, name, i, what or describe_kind(kind),
        M.shown(list[i])))
    end
  end
  return list
end

return M
