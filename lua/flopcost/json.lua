--- flopcost.json: a small, strict, deterministic JSON encoder, and the strict decoder of the core.
--
-- * Object keys are written in sorted order, so the same value always gives
--   the same text (diffable reports, reproducible files).
-- * Numbers: integers (math.type "integer") as %d; floats as the shortest of
--   %.15g / %.16g / %.17g that reads back to the same double (%.17g always
--   does, IEEE 754-2008 sec. 5.12.2), so every number round-trips exactly.
-- * NaN and +-inf have no JSON form (RFC 8259 sec. 6): they raise an error
--   naming the path of the value, e.g.
--   "flopcost.json.encode: field '$[2].breakdown.energy': finite number expected, got nan".
-- * Strings must be valid UTF-8; control characters are escaped (RFC 8259 sec. 7).
-- * A table whose keys are exactly 1..n is an array; a table with only string
--   keys is an object; an empty table is an object unless marked with
--   json.array(t). Mixed keys, functions, userdata and cycles raise errors.
local M = {}

local FN = "flopcost.json.encode"
local array_mt = { __name = "flopcost.json.array" }

local core = require "flopcost.core"
local check = require "flopcost.check"

--- The one JSON null: what core.json.decode gives for null and what encode
-- writes as null, so null survives decode then encode.
M.null = core.json.null

--- decode(text[, name]) -> value | nil, "name:line:col: malformed JSON (why)", "parse_error".
-- The one strict decoder (csrc/core/fc_json.c, also the catalog's): RFC 8259 with
-- no duplicate keys, no \u0000, valid UTF-8 and no byte order mark. JSON null is fc.json.null.
-- @tparam string text the JSON text [JSON]
-- @tparam[opt="JSON"] string name what the messages call it (a path) [name]
-- @treturn any the value: tables, strings, numbers, booleans [value]
-- @return nil, "name:line:col: malformed JSON (why)", "parse_error" [token]
-- @raise "flopcost.json.decode: argument 'text': string expected, got 1"
-- @usage fc.json.decode("[1, 2]")[2]  --> 2
function M.decode(text, name)
  if type(text) ~= "string" then
    check.bad_arg("flopcost.json.decode", "text", "string", text)
  end
  -- a name for messages; a number (text:gsub(...)'s count passed along) is ignored
  if type(name) == "number" then name = nil end
  check.optional("flopcost.json.decode", "name", name, "string", "name for messages (string)")
  return core.json.decode(text, name)
end

--- Marks t as a JSON array (so an empty table encodes as []). Returns t.
-- @tparam table t the table [table]
-- @treturn table t [table]
-- @raise "flopcost.json.array: argument 't': table expected, got 1"
-- @usage fc.json.encode(fc.json.array({}))  --> "[]"
function M.array(t)
  require("flopcost.check").optional("flopcost.json.array", "t", t, "table")
  return setmetatable(t or {}, array_mt)
end

--- Printable form of a value for error messages (same style as the binding):
--- the one rule in flopcost.check.
local got = require("flopcost.check").shown
--- A value as error messages show it: strings quoted (cut at 40 bytes), NaN as "nan" on every
-- platform, objects by their type name (flopcost.check.shown: the one rule, spec/97-check).
-- @function got
-- @tparam any v the value [any]
-- @treturn string the text [text]
-- @raise none: any value has a text
-- @usage fc.json.got("x")  --> "'x'"
M.got = got

--- Shortest decimal text of a finite number that reads back exactly.
-- @tparam number x a finite number [any unit]
-- @treturn string the text [text]
-- @raise "flopcost.json.number_string: argument 'x': finite number expected, got 'x'"
-- @usage fc.json.number_string(0.1)  --> "0.1"
function M.number_string(x)
  if math.type(x) == nil then require("flopcost.check").arg("flopcost.json.number_string", "x", x, "number") end
  if math.type(x) == "integer" then return string.format("%d", x) end
  for _, f in ipairs { "%.15g", "%.16g" } do
    local s = string.format(f, x)
    if tonumber(s) == x then return s end
  end
  return string.format("%.17g", x)
end

local escapes = {
  ['"'] = '\\"', ["\\"] = "\\\\", ["\b"] = "\\b", ["\f"] = "\\f",
  ["\n"] = "\\n", ["\r"] = "\\r", ["\t"] = "\\t",
}

local function quote(s, path)
  if utf8.len(s) == nil then
    check.fail(FN, "field '%s': valid UTF-8 string expected, got invalid byte sequence", path)
  end
  return '"' .. s:gsub('[%c"\\]', function(c)
    return escapes[c] or (c:byte() < 32 and string.format("\\u%04x", c:byte())) or c
  end) .. '"'
end

local function key_path(path, k)
  if k:match("^[%a_][%w_]*$") then return path .. "." .. k end
  return path .. "[" .. string.format("%q", k) .. "]"
end

-- Classify a table: "array" with its length, or "object" with sorted keys.
local function classify(t, path)
  local n, count, has_string = 0, 0, false
  for k in pairs(t) do
    count = count + 1
    if type(k) == "string" then
      has_string = true
    elseif math.type(k) == "integer" and k >= 1 then
      if k > n then n = k end
    else
      check.fail(FN, "field '%s': string or positive integer key expected, got %s", path, got(k))
    end
  end
  if has_string and count ~= 0 and n > 0 then
    check.fail(FN, "field '%s': table with either string keys or array keys expected, got both", path)
  end
  if n > 0 then
    if n ~= count then
      check.fail(FN, "field '%s': array without holes expected, got %d of %d elements", path, count, n)
    end
    return "array", n
  end
  if count == 0 and getmetatable(t) == array_mt then return "array", 0 end
  local keys = {}
  for k in pairs(t) do keys[#keys + 1] = k end
  table.sort(keys)
  return "object", keys
end

local function encode(v, path, out, indent, depth, seen)
  local tv = type(v)
  if v == nil or v == M.null then
    out[#out + 1] = "null"
  elseif tv == "boolean" then
    out[#out + 1] = tostring(v)
  elseif tv == "number" then
    if v ~= v or v == math.huge or v == -math.huge then
      check.fail(FN, "field '%s': finite number expected, got %s", path, got(v))
    end
    out[#out + 1] = M.number_string(v)
  elseif tv == "string" then
    out[#out + 1] = quote(v, path)
  elseif tv == "table" then
    if seen[v] then
      check.fail(FN, "field '%s': acyclic table expected, got a cycle", path)
    end
    seen[v] = true
    local kind, keys = classify(v, path)
    local nl, pad, pad_in, colon = "", "", "", ":"
    if indent then
      nl = "\n"
      pad = string.rep(indent, depth)
      pad_in = pad .. indent
      colon = ": "
    end
    if kind == "array" then
      if keys == 0 then
        out[#out + 1] = "[]"
      else
        out[#out + 1] = "[" .. nl
        for i = 1, keys do
          if i > 1 then out[#out + 1] = "," .. nl end
          out[#out + 1] = pad_in
          encode(v[i], path .. "[" .. i .. "]", out, indent, depth + 1, seen)
        end
        out[#out + 1] = nl .. pad .. "]"
      end
    else
      if #keys == 0 then
        out[#out + 1] = "{}"
      else
        out[#out + 1] = "{" .. nl
        for i, k in ipairs(keys) do
          if i > 1 then out[#out + 1] = "," .. nl end
          local p = key_path(path, k)
          out[#out + 1] = pad_in .. quote(k, p) .. colon
          encode(v[k], p, out, indent, depth + 1, seen)
        end
        out[#out + 1] = nl .. pad .. "}"
      end
    end
    seen[v] = nil
  else
    check.fail(FN, "field '%s': JSON value expected, got %s", path, tv)
  end
end

--- json.encode(value [, opts]) -> string: keys sorted, numbers that read back exactly.
-- @tparam any value tables (arrays: fc.json.array for an empty one), strings, finite numbers, booleans [value]
-- @tparam[opt] table opts indent: a string (e.g. "  ") to pretty-print with one key per line [text]
-- @treturn string the JSON text [JSON]
-- @raise "flopcost.json.encode: field '$': finite number expected, got nan" (the path of the bad value)
-- @usage fc.json.encode({a = 1})  --> "{"a":1}"
function M.encode(value, opts)
  if opts ~= nil and type(opts) ~= "table" then
    check.bad_arg(FN, "opts", "options table", opts)
  end
  local indent = opts and opts.indent
  if indent ~= nil and (type(indent) ~= "string" or not indent:match("^[ \t]*$")) then
    check.bad_field(FN, "indent", "string of spaces or tabs", indent)
  end
  local out = {}
  encode(value, "$", out, indent, 0, {})
  return table.concat(out)
end

return M
