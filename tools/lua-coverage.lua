--- tools/lua-coverage.lua -- line coverage of the Lua layer without luacov
-- (Debian does not package it), for `make coverage`.
--
-- Counting: with FC_LUA_COVERAGE=<dir> and LUA_INIT=@tools/lua-coverage.lua
-- every lua5.4 process (busted, the CLI the specs start) runs this first: a
-- line hook (debug.sethook, "l"; coroutines inherit it) records which lines of
-- which source ran, and the process writes them to a file of its own in <dir>
-- when it closes or calls os.exit.
--
-- Reporting: lua5.4 tools/lua-coverage.lua --report <dir> <root>
-- The executable lines of each .lua file under <root> are the lines luac5.4
-- lists instructions for (-l -l), less lines that hold only VARARGPREP,
-- RETURN or RETURN0 (a function's implicit end, never reached after an
-- explicit return); prints one line per file and the total.
if arg and arg[0] and arg[0]:match("lua%-coverage%.lua$") and arg[1] == "--report" then
  local dir, root = arg[2], arg[3]
  local hit = {}
  local files = io.popen(("ls '%s'"):format(dir))
  for name in files:lines() do
    for line in io.lines(dir .. "/" .. name) do
      local src, list = line:match("^(.-)\t(.*)$")
      local key = src and src:match("(lua/flopcost/.*%.lua)$")
      if key then
        hit[key] = hit[key] or {}
        for n in list:gmatch("%d+") do hit[key][tonumber(n)] = true end
      end
    end
  end
  files:close()
  local total, covered, rows = 0, 0, {}
  local find = io.popen(("find '%s' -name '*.lua' | sort"):format(root))
  for path in find:lines() do
    local ops = {}
    local luac = io.popen(("luac5.4 -l -l -p '%s'"):format(path))
    for l in luac:lines() do
      local n, op = l:match("^%s+%d+%s+%[(%d+)%]%s+(%u+%d?)")
      if n then
        n = tonumber(n)
        ops[n] = ops[n] or {}
        ops[n][op] = true
      end
    end
    luac:close()
    local key = path:match("(lua/flopcost/.*%.lua)$") or path
    local lines, seen = 0, 0
    for n, set in pairs(ops) do
      local only_end = true
      for op in pairs(set) do
        if op ~= "VARARGPREP" and op ~= "RETURN" and op ~= "RETURN0" then only_end = false end
      end
      if not only_end then
        lines = lines + 1
        if hit[key] and hit[key][n] then seen = seen + 1 end
      end
    end
    total, covered = total + lines, covered + seen
    rows[#rows + 1] = ("%6.1f%%  %5d of %5d  %s"):format(lines > 0 and 100 * seen / lines or 100, seen, lines, key)
  end
  find:close()
  print(table.concat(rows, "\n"))
  print(("lua lines: %.1f%% (%d of %d) in %s"):format(total > 0 and 100 * covered / total or 0, covered, total, root))
  return
end

local dir = os.getenv("FC_LUA_COVERAGE")
if not dir then return end
local lines = {}
local getinfo = debug.getinfo
debug.sethook(function(_, n)
  local src = getinfo(2, "S").source
  local t = lines[src]
  if not t then t = {}; lines[src] = t end
  t[n] = true
end, "l")
local written = false
local function flush()
  if written then return end
  written = true
  debug.sethook()
  local name = ("%s/%d-%d.txt"):format(dir, os.time(), math.random(1, 1 << 40))
  local f = io.open(name, "w")
  if not f then return end
  for src, t in pairs(lines) do
    if src:find("lua/flopcost/", 1, true) then
      local ns = {}
      for n in pairs(t) do ns[#ns + 1] = n end
      f:write(src, "\t", table.concat(ns, ","), "\n")
    end
  end
  f:close()
end
local exit = os.exit
os.exit = function(...) flush(); return exit(...) end -- luacheck: ignore 122
-- a table collected when the state closes (lua_close at the end of the script)
_G.__fc_coverage = setmetatable({}, { __gc = flush })
