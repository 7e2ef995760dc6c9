-- This spec runs alone (tools/run-tests.sh): it waits on a terminal's screen, which a sibling's load can delay.
-- flopcost repl: continuation lines, pretty printing, and on a terminal (tmux)
-- readline history: the Up arrow recalls the last line (it printed "bad binary
-- format" before) and the history file keeps it.
local build = os.getenv("FLOPCOST_BUILD") or "build"
local root = io.popen("pwd"):read("l")
local abs_build = build:sub(1, 1) == "/" and build or (root .. "/" .. build)
local function q(s) return "'" .. tostring(s):gsub("'", "'\\''") .. "'" end

local function repl_pipe(input)
  local tmp = os.tmpname()
  local f = io.open(tmp, "w"); f:write(input); f:close()
  local p = io.popen(("FLOPCOST_BUILD=%s %s/bin/flopcost repl <%s 2>&1"):format(q(abs_build), q(root), q(tmp)))
  local out = p:read("a")
  p:close()
  os.remove(tmp)
  return out
end

describe("flopcost repl (piped)", function()
  it("joins incomplete statements, keeps top-level locals, pretty-prints tables", function()
    local out = repl_pipe(table.concat({
      "x = 1 +", "2", "x",                       -- continuation: 3
      "local y = 20", "y + 1",                   -- a top-level local survives the line: 21
      "for i = 1, 2 do", "print(i * 10)", "end", -- a block over three lines: 10, 20
      "{a = 1, b = {2, 3}, c = 's'}",
      "fc.finance.crf(0.08, 5)",
      'fc.catalog.default():chip("H20")',       -- an entry as `flopcost catalog chip H20` shows it
    }, "\n") .. "\n")
    assert.truthy(out:find(">> > 3\n", 1, true), out) -- one continuation prompt, then the value
    assert.truthy(out:find("> > 21\n", 1, true), out)
    assert.truthy(out:find("10\n20\n", 1, true), out)
    assert.truthy(out:find('{ a = 1, b = { 2, 3 }, c = "s" }', 1, true), out)
    -- capital recovery factor 0.08 (1.08^5) / (1.08^5 - 1) = 0.250456...
    local crf = tonumber(out:match("\n> (0%.25%d+)\n"))
    assert.near(0.08 * 1.08 ^ 5 / (1.08 ^ 5 - 1), crf, 1e-12)
    assert.falsy(out:find("table: 0x", 1, true), out)
    assert.truthy(out:find("> chip H20\n  aliases ", 1, true), out)
  end)
  it("shows errors without flopcost's source positions", function()
    local out = repl_pipe('fc.finance.crf(0.08, -1)\n')
    assert.truthy(out:find("error: flopcost.finance.crf: argument 'years': positive number expected, got -1",
      1, true), out)
  end)
end)

-- A REPL in a tmux terminal, 100 x 30. Each step waits (up to 60 s: a sanitizer
-- build is slow) for what the screen should show, instead of sleeping a fixed
-- time: a key sent before the REPL read the line before it lands elsewhere.
local function terminal(args)
  assert.is_true(os.execute("command -v tmux >/dev/null"), "tmux is required (make deps installs it)")
  local t = { name = "fcrepl" .. tostring(os.time()) .. tostring(math.random(1e6)) }
  -- a server of its own (-L): a new session can land on a server that is exiting
  local function tm(a) return os.execute("tmux -L " .. t.name .. " " .. a .. " >/dev/null 2>&1") end
  function t.screen()
    local p = io.popen(("tmux -L %s capture-pane -t %s -p -J 2>/dev/null"):format(t.name, t.name))
    local text = p:read("a"); p:close()
    return text
  end
  function t.wait_for(text, count)
    local seen = ""
    for _ = 1, 600 do
      seen = t.screen()
      local k, at = 0, 1
      while true do
        local i, j = seen:find(text, at, true)
        if not i then break end
        k, at = k + 1, j + 1
      end
      if k >= (count or 1) then return seen end
      os.execute("sleep 0.1")
    end
    error(("timed out waiting for %q:\n%s"):format(text, seen))
  end
  function t.keys(k) tm(("send-keys -t %s %s"):format(t.name, k)) end
  function t.line(text) tm(("send-keys -t %s -l %s"):format(t.name, q(text))); t.keys("Enter") end
  -- Ctrl-D, then wait until the REPL (and so the session) has ended
  function t.close()
    t.keys("C-d")
    for _ = 1, 600 do
      if not tm("has-session -t " .. t.name) then return end
      os.execute("sleep 0.1")
    end
    tm("kill-session -t " .. t.name)
  end
  assert.is_true(tm(("new-session -d -s %s -x 100 -y 30 %s"):format(t.name, q(("FLOPCOST_BUILD=%s "
    .. "%s/bin/flopcost repl %s"):format(q(abs_build), q(root), args)))))
  t.wait_for("Ctrl-D quits.")
  return t
end

describe("flopcost repl (terminal)", function()
  it("has readline history: Up recalls the last line, the history file keeps it", function()
    local hist = os.tmpname()
    local t = terminal("--history " .. q(hist))
    local ok, err = pcall(function()
      t.line("6 * 7"); t.wait_for("\n42\n")
      t.keys("Up"); t.wait_for("> 6 * 7", 2)
      t.line(" + 1")
      -- 6 * 7 = 42, then the recalled line with " + 1" appended: 43
      local screen = t.wait_for("\n43\n")
      assert.truthy(screen:find("> 6 * 7\n42\n> 6 * 7 + 1\n43\n", 1, true), screen)
      assert.falsy(screen:find("bad binary format", 1, true), screen)
    end)
    t.close()
    local h = io.open(hist):read("a")
    os.remove(hist)
    assert(ok, err)
    assert.truthy(h:find("6 * 7\n", 1, true), h)
  end)

  -- Ctrl-C at the prompt ended the REPL before ("flopcost: ...readline.lua:168:
  -- interrupted!", exit 1: lua.c's handler, meant for running code, fired in the
  -- loop around readline): the session and its variables were lost. Now the REPL
  -- holds SIGINT itself: it stops a running line (lua.c's way: a hook set from the
  -- handler), a Monte Carlo run stops between chunks, and at the prompt it is
  -- harmless (without readline: a fresh prompt).
  for _, mode in ipairs { "", "--no-readline" } do
    it("Ctrl-C stops the running line and keeps the session " .. (mode == "" and "(readline)" or mode),
      function()
      local hist = os.tmpname()
      local t = terminal(mode .. " --history " .. q(hist))
      local ok, err = pcall(function()
        t.line("x = 41"); t.wait_for("> x = 41\n>")
        t.line("while true do end"); t.wait_for("> while true do end\n")
        os.execute("sleep 0.3"); t.keys("C-c")
        t.wait_for("error: interrupted\n")
        t.line("x + 1"); t.wait_for("\n42\n")                 -- 42: the session survived
        t.line("mc = fc.montecarlo(fc.scenario{region = 'us-va', chips = {['H100-SXM'] = 1}}, "
          .. "{samples = 1e9, vary = {pue = fc.dist.uniform(1.1, 1.3)}})")
        t.wait_for("1.3)}})\n"); os.execute("sleep 1"); t.keys("C-c")
        t.wait_for("error: flopcost.montecarlo: interrupted (Ctrl-C) after ")
        t.line("x + 2"); t.wait_for("\n43\n")
        os.execute("sleep 0.3"); t.keys("C-c")             -- at the prompt
        os.execute("sleep 0.3"); t.line("x + 3")
        local text = t.wait_for("\n44\n")
        assert.truthy(text:find("> while true do end\n^Cerror: interrupted\n> x + 1\n42\n", 1, true), text)
        assert.truthy(text:find("\n> x + 2\n43\n", 1, true), text)
        if mode ~= "" then assert.truthy(text:find("> ^C\n> x + 3\n44\n", 1, true), text) end
      end)
      t.close()
      os.remove(hist)
      assert(ok, err)
    end)
  end

  it("Ctrl-C stops a kernel cell (the line protocol) and keeps the session", function()
    -- the pid file gives the shell's pid, which exec makes the REPL's; the writer
    -- waits for each reply in the output file before it goes on (a sanitizer
    -- build is slow to start), up to 60 s
    local pidf, outf = os.tmpname(), os.tmpname()
    local function replies_in(n)
      return ([[i=0; until [ $(grep -c FLOPCOST %s) -ge %d ] || [ $i -ge 600 ]; do sleep 0.1; i=$((i+1)); done; ]])
        :format(q(outf), n)
    end
    os.execute(([[( printf '%%s\n' '{"code": "x = 41"}' '{"code": "while true do end"}'; %s ]]
      .. [[sleep 0.5; kill -INT $(cat %s); %s printf '%%s\n' '{"code": "return x + 1"}'; %s ) | ]]
      .. [[sh -c 'echo $$ > %s; FLOPCOST_BUILD=%s exec %s/bin/flopcost repl --kernel' >%s 2>&1]])
      :format(replies_in(1), q(pidf), replies_in(2), replies_in(3), q(pidf), q(abs_build), q(root), q(outf)))
    local f = io.open(outf); local out = f:read("a"); f:close()
    os.remove(pidf); os.remove(outf)
    local replies = {}
    for j in out:gmatch("\1FLOPCOST ([^\n]+)") do replies[#replies + 1] = require("flopcost.json").decode(j) end
    assert.are.equal(3, #replies, out)
    assert.is_true(replies[1].ok, out)
    assert.are.same({ false, "interrupted" }, { replies[2].ok, replies[2].evalue }, out)
    assert.are.equal("42", replies[3].data["text/plain"], out)
  end)
end)

