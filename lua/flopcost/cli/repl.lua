--- flopcost repl: an interactive Lua prompt with `fc` loaded.
-- On a terminal: line editing and history (GNU readline through Debian's
-- lua-readline), continuation lines for incomplete statements, pretty printing.
-- With --kernel: the line protocol the Jupyter kernel (kernel/flopcost_kernel.py)
-- speaks -- one JSON request per line on stdin, {"code": "...", "id": n}; the cell's own
-- output goes to stdout as it is written, then one line "\1FLOPCOST " .. JSON
-- with {"ok": true, "data": {mime = text}} or {"ok": false, "ename", "evalue"}.
local M = {}

M.summary = "Lua with `fc` loaded: line editing, Tab completion, history, pretty printing; fc.help(fn)."

function M.configure(p)
  p:flag("--kernel", "Speak the Jupyter kernel's line protocol on stdin/stdout."):hidden(true)
  p:option("--history", "History file (default $FLOPCOST_HISTORY or ~/.flopcost_history)."):argname("FILE")
  p:flag("--no-readline", "Plain line input even on a terminal.")
end

M.MARK = "\1FLOPCOST "

-- Top-level `local x = ...` and `local function f` become globals, so what a
-- line (or a notebook cell) defines is still there for the next one.
function M.keep_locals(code)
  local lines = {}
  for line in (code .. "\n"):gmatch("(.-)\n") do
    line = line:gsub("^local%s+function%s+", "function ", 1)
    line = line:gsub("^local%s+([%a_][%w_]*%s*,?[%w_%s,]*)=", "%1=", 1)
    lines[#lines + 1] = line
  end
  return table.concat(lines, "\n")
end

--- Compiles a chunk: statements whose last expression, if they end with one,
-- is returned (its value is shown, as a notebook shows a cell's last line).
-- Returns fn; or nil, "incomplete"; or nil, message.
function M.compile(code, env)
  local src = M.keep_locals(code)
  local lines = {}
  for line in (src .. "\n"):gmatch("(.-)\n") do lines[#lines + 1] = line end
  -- the shortest tail of lines that is an expression, after statements
  for k = #lines, 1, -1 do
    local head = table.concat(lines, "\n", 1, k - 1)
    local tail = table.concat(lines, "\n", k)
    -- (the head must be whole statements by itself: "for ... do" + "return x" + "end" is not)
    if not (lines[k]:match("^%s*$") or lines[k]:match("^%s*%-%-"))
        and load("return " .. tail, "=stdin", "t", env) and load(head, "=stdin", "t", env) then
      local f = load(head .. (k > 1 and "\n" or "") .. "return " .. tail, "=stdin", "t", env)
      if f then return f end
    end
  end
  local f, err = load(src, "=stdin", "t", env)
  if f then return f end
  if err:match("<eof>$") then return nil, "incomplete" end
  return nil, err
end

-- flopcost's errors name their function: the position of the typed line adds nothing.
local function clean(e)
  return (require("flopcost.cli.common").clean(e):gsub("^stdin:%d+: (flopcost%.)", "%1"))
end

-- Runs fn; returns true, values (packed) or false, message. With interrupt
-- (core.interrupt), Ctrl-C stops fn.
local function call(fn, interrupt)
  local res = table.pack((interrupt and interrupt.xpcall or xpcall)(fn, function(e)
    if type(e) == "table" and getmetatable(e) and getmetatable(e).__tostring then return tostring(e) end
    return clean(e)
  end))
  if not res[1] then return false, res[2] end
  while res.n > 1 and res[res.n] == nil do res.n = res.n - 1 end -- f() returning r, nil shows r
  return true, res
end

local function new_env()
  local fc = require "flopcost"
  _G.fc = fc
  return _G
end

local function is_tty()
  local ok = os.execute("test -t 0 && test -t 1")
  return ok == true
end

-- Tab completion: global names and fields of tables (fc.sce<TAB> -> fc.scenario).
function M.completer(env)
  return function(text)
    local path, partial = text:match("^(.-)([%w_]*)$")
    local t, prefix = env, ""
    if path ~= "" then
      local ok, v = pcall(load("return " .. path:gsub("[.:]$", ""), "=complete", "t", env))
      if not ok or type(v) ~= "table" then return {} end
      t, prefix = v, path
    end
    local out = {}
    local function add(tbl)
      for k in pairs(tbl) do
        if type(k) == "string" and k:sub(1, #partial) == partial and not k:match("^_") then
          out[#out + 1] = prefix .. k
        end
      end
    end
    add(t)
    -- names loaded on first use (fc.catalog, fc.plot, ...): listed before they are loaded
    if type(rawget(t, "_modules")) == "table" then
      local lazy = {}
      for _, name in ipairs(t._modules) do if rawget(t, name) == nil then lazy[name] = true end end
      add(lazy)
    end
    local mt = getmetatable(t)
    if type(mt) == "table" and type(mt.__index) == "table" then add(mt.__index) end
    table.sort(out)
    return out
  end
end

local function line_reader(a, interrupt)
  local use_rl = not a.no_readline and is_tty()
  local ok, rl = false, nil
  if use_rl then ok, rl = pcall(require, "readline") end
  if ok and rl then
    local hist = a.history or os.getenv("FLOPCOST_HISTORY") or "~/.flopcost_history"
    rl.set_options { histfile = hist, keeplines = 1000, completion = true }
    if rl.set_readline_name then rl.set_readline_name("flopcost") end
    if rl.set_complete_function then
      local complete = M.completer(_G)
      -- the whole line and the word's bounds; no space after a completed name (fc.finance.)
      rl.set_complete_function(function(line, from, to)
        if rl.set_completion_append_character then rl.set_completion_append_character("") end
        return complete(line:sub(from, to))
      end)
    end
    -- Ctrl-C at this prompt is readline's: it keeps the line (lua-readline's
    -- callback interface, which could drop it, reads a closed FILE in
    -- handler_remove: valgrind, lua-readline 3.x). Only a running line stops.
    return function(prompt)
      local line = rl.readline(prompt)
      interrupt.take()
      return line
    end, function() rl.save_history() end
  end
  return function(prompt)
    io.stdout:write(prompt)
    io.stdout:flush()
    return io.stdin:read("l") -- nil on end of input, and on Ctrl-C (the read is interrupted)
  end, function() end
end

local function interactive(a, common)
  local fc = require "flopcost"
  local env = new_env()
  -- Ctrl-C stops the running line (and drops a plain prompt's), not the session
  local interrupt = require("flopcost.core").interrupt
  local read, done = line_reader(a, interrupt)
  interrupt.install()
  common.out(("flopcost %s REPL (Lua 5.4). `fc` is loaded; try fc.finance.crf(0.08, 5).")
    :format(fc.version))
  common.out("fc.help(fc.finance.crf) or fc.help(\"fc.plot\") prints the reference; Tab completes names.")
  common.out("Ctrl-C stops the running line, Ctrl-D quits.")
  local buf
  while true do
    local line = read(buf and ">> " or "> ")
    if interrupt.take() then -- Ctrl-C at a plain prompt: the read returns; a fresh prompt
      common.out("") -- (the terminal echoed ^C)
      buf = nil
      goto continue
    end
    if not line then common.out(""); break end
    if buf then buf = buf .. "\n" .. line else buf = line end
    if buf:match("^%s*$") then buf = nil
    else
      local code = buf:gsub("^=", "return ")
      local fn, err = M.compile(code, env)
      if fn then
        buf = nil
        local ok, res = call(fn, interrupt)
        interrupt.take()
        if not ok then common.out("error: " .. res)
        else
          local pretty = require "flopcost.cli.pretty"
          for i = 2, res.n do common.out(pretty.text(res[i])) end
        end
      elseif err ~= "incomplete" then
        buf = nil
        common.out("error: " .. clean(err))
      end
    end
    ::continue::
  end
  interrupt.restore()
  done()
  return 0
end

-- One JSON line for the kernel (strings that are not UTF-8 are replaced).
-- A request's "id", when it has one, comes back in its reply: a front end that
-- gave up waiting on a cell (an interrupt) can tell that cell's late reply from
-- the next one's.
local request_id
local function reply(t)
  local json = require "flopcost.json"
  t.id = request_id
  local ok, text = pcall(json.encode, t)
  if not ok then
    text = json.encode { ok = false, ename = "EncodingError", evalue = clean(text), id = request_id }
  end
  io.stdout:write("\n", M.MARK, text, "\n")
  io.stdout:flush()
end

local function kernel(_, _)
  local env = new_env()
  local decode = require("flopcost.core").json.decode
  local pretty = require "flopcost.cli.pretty"
  -- Jupyter's "interrupt" reaches us as a SIGINT the kernel forwards while it
  -- waits on a cell (kernel/flopcost_kernel.py): the cell stops with an error
  -- and the session stays
  local interrupt = require("flopcost.core").interrupt
  interrupt.install()
  io.stdout:setvbuf("full")
  while true do
    local line, _, errno = io.stdin:read("l")
    if not line then
      -- EINTR: a Ctrl-C for the request not read yet; it stays pending, and
      -- the call below stops that request as it starts
      if errno == 4 then goto next_request end
      break
    end
    local req, derr = decode(line, "request")
    request_id = type(req) == "table" and math.type(req.id) == "integer" and req.id or nil
    if type(req) ~= "table" or type(req.code) ~= "string" then
      reply { ok = false, ename = "ProtocolError", evalue = tostring(derr or "{\"code\": ...} expected") }
    else
      local fn, err = M.compile(req.code, env)
      if not fn then
        reply { ok = false, ename = "SyntaxError",
          evalue = err == "incomplete" and "incomplete statement (missing 'end' or ')'?)" or clean(err) }
      else
        local ok, res = call(fn, interrupt) -- (a Ctrl-C pending since the read stops it)
        interrupt.take()
        io.stdout:flush()
        if not ok then reply { ok = false, ename = "Error", evalue = res }
        else
          local data
          if res.n == 2 and res[2] ~= nil then data = pretty.bundle(res[2])
          elseif res.n > 2 then -- several values (nil, message): their text, like the terminal REPL
            local parts = {}
            for i = 2, res.n do parts[#parts + 1] = pretty.text(res[i]) end
            data = { ["text/plain"] = table.concat(parts, "\t") }
          end
          reply { ok = true, data = data }
        end
      end
    end
    ::next_request::
  end
  interrupt.restore()
  return 0
end

function M.run(a, common)
  if a.kernel then return kernel(a, common) end
  return interactive(a, common)
end

return M
