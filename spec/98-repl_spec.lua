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

describe("flopcost repl (terminal)", function()
  it("has readline history: Up recalls the last line, the history file keeps it", function()
    assert.is_true(os.execute("command -v tmux >/dev/null"), "tmux is required (make deps installs it)")
    local hist = os.tmpname()
    local s = "fcrepl" .. tostring(os.time()) .. tostring(math.random(1e6))
    local function tm(args) return os.execute("tmux " .. args .. " >/dev/null 2>&1") end
    local function pause() os.execute("sleep 0.4") end
    assert.is_true(tm(("new-session -d -s %s -x 100 -y 20 %s"):format(s, q(("FLOPCOST_BUILD=%s "
      .. "FLOPCOST_HISTORY=%s %s/bin/flopcost repl"):format(q(abs_build), q(hist), q(root))))))
    os.execute("sleep 1")
    tm(("send-keys -t %s -l %s"):format(s, q("6 * 7")))
    tm(("send-keys -t %s Enter"):format(s)); pause()
    tm(("send-keys -t %s Up"):format(s)); pause()
    tm(("send-keys -t %s -l %s"):format(s, q(" + 1")))
    tm(("send-keys -t %s Enter"):format(s)); pause()
    local p = io.popen(("tmux capture-pane -t %s -p"):format(s))
    local screen = p:read("a"); p:close()
    tm(("send-keys -t %s C-d"):format(s)); pause()
    tm(("kill-session -t %s"):format(s))
    -- 6 * 7 = 42, then the recalled line with " + 1" appended: 43
    assert.truthy(screen:find("> 6 * 7\n42\n> 6 * 7 + 1\n43\n", 1, true), screen)
    assert.falsy(screen:find("bad binary format", 1, true), screen)
    local h = io.open(hist):read("a")
    os.remove(hist)
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
      assert.is_true(os.execute("command -v tmux >/dev/null"), "tmux is required (make deps installs it)")
      local s = "fcint" .. tostring(os.time()) .. tostring(math.random(1e6))
      local function tm(args) return os.execute("tmux " .. args .. " >/dev/null 2>&1") end
      local function keys(k) tm(("send-keys -t %s %s"):format(s, k)); os.execute("sleep 0.5") end
      local function line(text) tm(("send-keys -t %s -l %s"):format(s, q(text))); keys("Enter") end
      local hist = os.tmpname()
      assert.is_true(tm(("new-session -d -s %s -x 100 -y 30 %s"):format(s, q(("FLOPCOST_BUILD=%s "
        .. "FLOPCOST_HISTORY=%s %s/bin/flopcost repl %s; sleep 30"):format(q(abs_build), q(hist), q(root), mode)))))
      os.execute("sleep 1")
      line("x = 41")
      line("while true do end")
      keys("C-c")
      line("x + 1")                               -- 42: the session survived
      line("mc = fc.montecarlo(fc.scenario{region = 'us-va', chips = {['H100-SXM'] = 1}}, "
        .. "{samples = 1e9, vary = {pue = fc.dist.uniform(1.1, 1.3)}})")
      os.execute("sleep 1")
      keys("C-c")
      line("x + 2")                               -- 43
      keys("C-c"); line("x + 3")                 -- Ctrl-C at the prompt, then 44
      local p = io.popen(("tmux capture-pane -t %s -p -J"):format(s))
      local screen = p:read("a"); p:close()
      keys("C-d")
      tm(("kill-session -t %s"):format(s))
      os.remove(hist)
      assert.truthy(screen:find("> while true do end\n^Cerror: interrupted\n> x + 1\n42\n", 1, true), screen)
      assert.truthy(screen:find("error: flopcost.montecarlo: interrupted (Ctrl-C) after ", 1, true), screen)
      assert.truthy(screen:find("\n> x + 2\n43\n", 1, true), screen)
      assert.truthy(screen:find("x + 3\n44\n", 1, true), screen)
      if mode ~= "" then assert.truthy(screen:find("> ^C\n> x + 3\n44\n", 1, true), screen) end
    end)
  end

  it("Ctrl-C stops a kernel cell (the line protocol) and keeps the session", function()
    -- the pid file gives the shell's pid, which exec makes the REPL's
    local pidf = os.tmpname()
    local out = io.popen(([[( printf '%%s\n' '{"code": "x = 41"}' '{"code": "while true do end"}'; ]]
      .. [[sleep 1.5; kill -INT $(cat %s); sleep 0.3; printf '%%s\n' '{"code": "return x + 1"}' ) | ]]
      .. [[sh -c 'echo $$ > %s; FLOPCOST_BUILD=%s exec %s/bin/flopcost repl --kernel' 2>&1]])
      :format(q(pidf), q(pidf), q(abs_build), q(root))):read("a")
    os.remove(pidf)
    local replies = {}
    for j in out:gmatch("\1FLOPCOST ([^\n]+)") do replies[#replies + 1] = require("flopcost.json").decode(j) end
    assert.are.equal(3, #replies, out)
    assert.is_true(replies[1].ok, out)
    assert.are.same({ false, "interrupted" }, { replies[2].ok, replies[2].evalue }, out)
    assert.are.equal("42", replies[3].data["text/plain"], out)
  end)
end)

