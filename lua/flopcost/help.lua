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

-- {=====================================================================
-- The public API: every function reachable from `require "flopcost"` -- fc.help, the
-- functions of each module (fc.plot.cdf), of its lower-case sub-tables (fc.plot.provenance.lines)
-- and the methods of its classes (a capitalised table: fc.catalog.Catalog:chip). Names starting
-- with "_" are private, ALL-CAPS tables are constants (fc.report.COLUMNS). spec/98-reference_spec.lua
-- checks the entry of each; the REPL completes each.

local function add_functions(out, seen, t, name, depth)
  local keys = {}
  for k in pairs(t) do if type(k) == "string" and not k:match("^_") then keys[#keys + 1] = k end end
  table.sort(keys)
  for _, k in ipairs(keys) do
    local v = t[k]
    if type(v) == "function" and not seen[v] then
      seen[v] = true
      out[#out + 1] = { name = name .. "." .. k, fn = v }
    elseif type(v) == "table" and not seen[v] and not k:match("^%u[%u%d_]*$") and depth < 2 then
      seen[v] = true
      if k:match("^%u") then -- a class: its methods
        local methods = {}
        for mk, mv in pairs(v) do
          if type(mk) == "string" and type(mv) == "function" and not mk:match("^_") then methods[#methods + 1] = mk end
        end
        table.sort(methods)
        for _, mk in ipairs(methods) do
          if not seen[v[mk]] then
            seen[v[mk]] = true
            out[#out + 1] = { name = name .. "." .. k .. ":" .. mk, fn = v[mk] }
          end
        end
      else
        add_functions(out, seen, v, name .. "." .. k, depth + 1)
      end
    end
  end
end

--- The public functions, sorted by name: { {name = "fc.plot.cdf", fn = f}, ... } (the lazy
-- modules loaded; a function reachable by two names is listed under the first).
-- @treturn table the list [{name, fn}]
-- @raise none: every module fc advertises loads (spec/98-json_spec.lua)
-- @usage require("flopcost.help").public()[1].name   --> "fc.buildout.delay_curve"
function M.public()
  local fc = require "flopcost"
  local out, seen = {}, { [fc.core] = true }
  local mods = {}
  for _, name in ipairs(fc._modules) do mods[name] = fc[name] end
  for k, v in pairs(fc) do if type(v) == "table" and k ~= "core" and not k:match("^_") then mods[k] = v end end
  local names = {}
  for k in pairs(mods) do names[#names + 1] = k end
  table.sort(names)
  for _, k in ipairs(names) do seen[mods[k]] = true end
  out[#out + 1] = { name = "fc.help", fn = fc.help }
  seen[fc.help] = true
  for _, k in ipairs(names) do add_functions(out, seen, mods[k], "fc." .. k, 0) end
  table.sort(out, function(a, b) return a.name < b.name end)
  return out
end

-- "fc.a.b" (or "fc.a.Class:m") for a function or table reachable from fc, or nil.
local function name_of(fc, v)
  if v == fc then return "fc" end
  for _, mod in ipairs(fc._modules or {}) do if fc[mod] == v then return "fc." .. mod end end
  for k, x in pairs(fc) do if x == v then return "fc." .. k end end
  for _, e in ipairs(M.public()) do if e.fn == v then return e.name end end
  for _, mod in ipairs(fc._modules or {}) do -- a module's sub-table: fc.plot.provenance
    for k, x in pairs(fc[mod]) do if x == v and type(k) == "string" then return "fc." .. mod .. "." .. k end end
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

-- The LDoc block ("---" first) right above line n, or nil.
local function ldoc_block_above(lines, n)
  local block = lua_comment_above(lines, n)
  local first = lines[n - #block]
  if #block > 0 and first and first:match("^%s*%-%-%-") then return block end
end

-- The entry of `key` ("cdf", "Catalog:chip") in a file's lines: the block tagged "@function key",
-- or the "---" block above its definition (function M.key(, M.key =, function Class:key(, ...).
local function block_in(lines, key)
  local tagged = tagged_block(lines, key)
  if tagged then return tagged end
  local short = key:match(":([%w_]+)$") or key
  for n, l in ipairs(lines) do
    if l:match("^%s*function [%w_]+[.:]" .. short .. "%(") or l:match("^%s*[%w_]+%." .. short .. "%s*=") then
      local block = ldoc_block_above(lines, n)
      if block then return block end
    end
  end
end

--- The documentation entry of a public function: the block tagged "@function key" in its
-- module's file (a function of the C core, or one exported under another module's name), else
-- the LDoc block above its definition (behind a flopcost.errors.public wrapper: where the wrapped
-- function is defined), else the block written above "M.key =" in the file defining it or its
-- module's file (a re-exported one, or one a loop defines).
-- @tparam function fn the function [function]
-- @tparam string name its public name, e.g. "fc.finance.crf" or "fc.catalog.Catalog:chip" [name]
-- @treturn table the block's lines without the comment markers, or nil when there is none [lines]
-- @treturn string where the block is: "path:line" (the definition) or the file holding it [path]
-- @raise none: a missing file or block gives nil
-- @usage require("flopcost.help").entry(fc.finance.crf, "fc.finance.crf")[1]  --> "Capital recovery factor..."
function M.entry(fn, name)
  local f = require("flopcost.errors")._origin[fn] or fn
  local info = debug.getinfo(f, "S")
  local parts = {}
  for part in name:gmatch("[^.]+") do parts[#parts + 1] = part end
  local key = parts[#parts]
  if key:find(":", 1, true) == nil and #parts >= 4 and parts[#parts - 1]:match("^%u") then
    key = parts[#parts - 1] .. ":" .. key
  end
  local modfiles = {}
  for i = #parts - 1, 2, -1 do
    modfiles[#modfiles + 1] = package.searchpath("flopcost." .. table.concat(parts, ".", 2, i), package.path)
  end
  -- a function exported under another module's name (json.got = check.shown) is documented
  -- where it is exported, with "@function key"
  for _, path in ipairs(modfiles) do
    local block = tagged_block(lines_of(path) or {}, key)
    if block then return block, path end
  end
  local files = {}
  if info.what == "Lua" and info.source:sub(1, 1) == "@" then
    local path = info.source:sub(2)
    local lines = lines_of(path)
    local block = lines and ldoc_block_above(lines, info.linedefined)
    if block then return block, path .. ":" .. info.linedefined end
    files[1] = path
  end
  for _, path in ipairs(modfiles) do files[#files + 1] = path end
  for _, path in ipairs(files) do
    local block = block_in(lines_of(path) or {}, key)
    if block then return block, path end
  end
end

-- }=====================================================================

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
      local modname = name and name:match("^fc%.([%w_.]+)$") -- fc.plot.provenance: flopcost.plot.provenance
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
  local block = name and M.entry(v, name)
  local f = require("flopcost.errors")._origin[v] or v
  local info = debug.getinfo(f, "S")
  if info.what == "Lua" then
    if not block then block = { "(no documentation comment; defined at " .. info.short_src .. ":" .. info.linedefined .. ")" } end
    return head .. "\n" .. table.concat(block, "\n")
  end
  -- a C function of the core: its LDoc entry in flopcost.<module> ("@function fn") and the
  -- header comment of fc_<module>_<fn> in csrc/core/fc_<module>.h (domain, errors, source)
  local mod, fname = (name or ""):match("^fc%.([%w_]+)%.([%w_]+)$")
  local header = mod and lines_of(root() .. "/csrc/core/fc_" .. mod .. ".h")
  local doc = header and c_comment_for(header, "fc_" .. mod .. "_" .. fname)
  local parts = {}
  -- (a method of a C value, fc.dist.Dist:mean, is documented in its module: flopcost.dist)
  mod = mod or (name or ""):match("^fc%.([%w_]+)%.")
  if block then
    parts[#parts + 1] = head .. " (C, documented in flopcost." .. tostring(mod) .. ")\n" .. table.concat(block, "\n")
  end
  if doc then
    parts[#parts + 1] = (block and "" or (head .. " ")) .. "(C: csrc/core/fc_" .. mod .. ".h)\n" .. table.concat(doc, "\n")
  end
  if #parts > 0 then return table.concat(parts, "\n") end
  return head .. "\n(a C function without a header entry here: see the API reference, make doc -> build/doc)"
end

-- Lines of text at most `width` columns: a longer line is wrapped at spaces, its continuation
-- indented two columns more than it (a comment line is up to 130 columns in the source).
local function fit(text, width)
  local out = {}
  for line in (text .. "\n"):gmatch("(.-)\n") do
    if #line <= width then out[#out + 1] = line
    else
      local indent = line:match("^%s*")
      for _, l in ipairs(require("flopcost.compare").wrap(line:sub(#indent + 1), width, indent .. "  ", indent)) do
        out[#out + 1] = l
      end
    end
  end
  return table.concat(out, "\n")
end

--- fc.help(fn | module | "fc.name"): prints the reference entry, at most 100 columns wide. It
-- returns nothing, so the REPL and the notebook show the entry once; M.text returns it.
function M.help(what)
  local text, err = M.text(what)
  if not text then require("flopcost.check").fail(FN, (err:gsub("^" .. FN .. ": ", ""))) end
  print(fit(text, 100))
end

return M
