--- flopcost.help: the reference entry of a function or module at the REPL and in the notebook
-- kernel: `fc.help(fc.scenario)`, `fc.help(fc.finance.crf)`, `fc.help("fc.plot.histogram")`.
-- The text is the documentation comment LDoc builds the API reference from (`make doc` ->
-- build/doc): for a Lua function, the `---` block above its definition; for a function of
-- the C core, the header comment of the core function behind it (csrc/core/fc_<module>.h:
-- units, domain, errors and source). Prints the entry and returns it.

local M = {}
local FN = "flopcost.help"

-- The checkout (or installed tree) root: two levels above this file.
local function root()
  local src = debug.getinfo(1, "S").source
  local dir = src:sub(1, 1) == "@" and src:sub(2):match("^(.*)/lua/flopcost/[^/]*$")
  return dir or "."
end

local function lines_of(path)
  local f = io.open(path, "r")
  if not f then return nil end
  local out = {}
  for l in f:lines() do out[#out + 1] = l end
  f:close()
  return out
end

-- The comment block right above line n (Lua "--" lines), in order.
local function lua_comment_above(lines, n)
  local out = {}
  local i = n - 1
  while i >= 1 and lines[i]:match("^%s*%-%-") do
    table.insert(out, 1, (lines[i]:gsub("^%s*%-%-%-?%s?", "")))
    i = i - 1
  end
  return out
end

-- The LDoc block that documents `name` with an explicit "@function name" tag (a function
-- of the C core, or one a loop defines): the contiguous comment lines around the tag.
local function tagged_block(lines, name)
  for n, l in ipairs(lines) do
    if l:match("^%s*%-%-%s*@function%s+(%S+)%s*$") == name then
      local first, last = n, n
      while first > 1 and lines[first - 1]:match("^%s*%-%-") do first = first - 1 end
      while last < #lines and lines[last + 1]:match("^%s*%-%-") do last = last + 1 end
      local out = {}
      for i = first, last do out[#out + 1] = (lines[i]:gsub("^%s*%-%-%-?%s?", "")) end
      return out
    end
  end
end
M.tagged_block = tagged_block

-- The C comment block (/* ... */ or /** ... */) right above the line declaring `name(`.
local function c_comment_for(lines, name)
  for n, l in ipairs(lines) do
    if l:find(name .. "(", 1, true) and not l:match("^%s*%*") and not l:match("^%s*/%*") then
      local out, i = {}, n - 1
      if i >= 1 and lines[i]:match("%*/%s*$") then
        while i >= 1 do
          local t = lines[i]:gsub("^%s*/?%*+/?%s?", ""):gsub("%s*%*/%s*$", "")
          table.insert(out, 1, t)
          if lines[i]:match("^%s*/%*") then break end
          i = i - 1
        end
        while out[1] == "" do table.remove(out, 1) end
        while out[#out] == "" do table.remove(out) end
        out[#out + 1] = l
        return out
      end
    end
  end
end

-- "fc.a.b" for a function or table reachable from fc (two levels), or nil.
local function name_of(fc, v)
  if v == fc then return "fc" end
  for k, x in pairs(fc) do
    if x == v then return "fc." .. k end
  end
  for _, mod in ipairs(fc._modules or {}) do
    local t = fc[mod]
    if type(t) == "table" then
      for k, x in pairs(t) do if x == v then return "fc." .. mod .. "." .. k end end
    end
  end
  for k, t in pairs(fc) do
    if type(t) == "table" and k ~= "core" then
      for kk, x in pairs(t) do if x == v then return "fc." .. k .. "." .. kk end end
    end
  end
end

local function resolve(fc, what)
  if type(what) ~= "string" then return what, name_of(fc, what) end
  local v = fc
  local path = what:gsub("^fc%.?", "")
  for part in path:gmatch("[^.:]+") do
    if type(v) ~= "table" then return nil end
    v = v[part]
  end
  return v, what
end

--- The entry as text: the name, then its documentation comment. -> text, or nil, message.
function M.text(what)
  local fc = require "flopcost"
  local v, name = resolve(fc, what)
  if v == nil then
    return nil, ("%s: no function or module '%s'"):format(FN, tostring(what))
  end
  local head = name or tostring(v)
  if type(v) == "table" then
    do
      -- a module: the comment at the top of its file, and its functions
      local names = {}
      for k, x in pairs(v) do if type(x) == "function" and not k:match("^_") then names[#names + 1] = k end end
      table.sort(names)
      local modname = name and name:match("^fc%.([%w_]+)$")
      local path = modname and package.searchpath("flopcost." .. modname, package.path)
      local lines = path and lines_of(path)
      local doc = {}
      if lines then
        for _, l in ipairs(lines) do
          if not l:match("^%-%-") then break end
          doc[#doc + 1] = (l:gsub("^%-%-%-?%s?", ""))
        end
      end
      doc[#doc + 1] = "functions: " .. table.concat(names, ", ")
      return head .. "\n" .. table.concat(doc, "\n")
    end
  end
  if type(v) ~= "function" then return nil, ("%s: '%s' is a %s, not a function or module"):format(FN, head, type(v)) end
  local info = debug.getinfo(v, "S")
  local mod, fn = (name or ""):match("^fc%.([%w_]+)%.([%w_]+)$")
  if info.what == "Lua" and info.source:sub(1, 1) == "@" then
    local lines = lines_of(info.source:sub(2))
    local doc = lines and lua_comment_above(lines, info.linedefined) or {}
    -- a public wrapper (flopcost.errors.public): the comment where the module defines the name
    local path = mod and package.searchpath("flopcost." .. mod, package.path)
    local mlines = (#doc == 0 or info.source:find("errors%.lua$")) and path and lines_of(path)
    for n, l in ipairs(mlines or {}) do
      if l:match("^%s*M%." .. fn .. "%s*=") or l:match("^%s*function M%." .. fn .. "%(") then
        doc = lua_comment_above(mlines, n)
        break
      end
    end
    if #doc == 0 then doc = { "(no documentation comment; defined at " .. info.short_src .. ":" .. info.linedefined .. ")" } end
    return head .. "\n" .. table.concat(doc, "\n")
  end
  -- a C function of the core: its LDoc entry in flopcost.<module> ("@function fn") and the
  -- header comment of fc_<module>_<fn> in csrc/core/fc_<module>.h (domain, errors, source)
  local mpath = mod and package.searchpath("flopcost." .. mod, package.path)
  local block = mpath and tagged_block(lines_of(mpath) or {}, fn)
  local header = mod and lines_of(root() .. "/csrc/core/fc_" .. mod .. ".h")
  local doc = header and c_comment_for(header, "fc_" .. mod .. "_" .. fn)
  local parts = {}
  if block then parts[#parts + 1] = head .. " (C, documented in flopcost." .. mod .. ")\n" .. table.concat(block, "\n") end
  if doc then
    parts[#parts + 1] = (block and "" or (head .. " ")) .. "(C: csrc/core/fc_" .. mod .. ".h)\n" .. table.concat(doc, "\n")
  end
  if #parts > 0 then return table.concat(parts, "\n") end
  return head .. "\n(a C function without a header entry here: see the API reference, make doc -> build/doc)"
end

--- fc.help(fn | module | "fc.name"): prints the reference entry and returns it.
function M.help(what)
  local text, err = M.text(what)
  if not text then require("flopcost.check").fail(FN, (err:gsub("^" .. FN .. ": ", ""))) end
  print(text)
  return text
end

return M
