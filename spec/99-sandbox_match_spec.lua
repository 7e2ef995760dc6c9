-- The sandbox's pattern matcher (csrc/lua/lfc_match.c: Lua 5.4.4's lstrlib matcher with a step
-- counter). Issue 22: matching runs in C, where no hook reaches it, so a backtracking pattern
-- that passed the size/repetition guard ran past the CPU budget and ignored Ctrl-C (on main,
-- `("("):rep(1e5):find("%b()")` under a 1 s budget used 3.7 s of CPU; on 1e6 characters, minutes).
-- Now every 1024 steps the matcher polls the watchdog's stop flag and limits.match_steps.
local sandbox = require "flopcost.sandbox"

-- CPU seconds of this process while f runs (the sandbox runs on this thread).
local function cpu_of(f)
  local t0 = os.clock()
  local r = table.pack(f())
  return os.clock() - t0, table.unpack(r, 1, r.n)
end

describe("the sandbox's pattern matcher", function()
  it("stops %b() on 1e5 '(' (~3e9 steps) at a 1 s CPU budget, in about 1 s", function()
    local cpu, ok, msg, token = cpu_of(function()
      return sandbox.run([[return (string.rep("(", 1e5)):find("%b()")]], "=x", { cpu_seconds = 1 })
    end)
    assert.is_false(ok)
    assert.are.equal("sandbox: CPU time budget of 1 s exceeded", msg)
    assert.are.equal("limit_exceeded", token)
    assert.is_true(cpu > 0.9 and cpu < 2, ("%.2f s of CPU"):format(cpu)) -- the watchdog reads every 2 ms
  end)

  it("stops a plain find of a long needle the same way (a compare counts its bytes)", function()
    local cpu, ok, msg = cpu_of(function()
      return sandbox.run([[local s = string.rep("a", 1e7) return s:find(string.rep("a", 1e5) .. "b", 1, true)]],
        "=x", { cpu_seconds = 1 })
    end)
    assert.is_false(ok)
    assert.are.equal("sandbox: CPU time budget of 1 s exceeded", msg)
    assert.is_true(cpu < 2, ("%.2f s of CPU"):format(cpu))
  end)

  it("counts steps against limits.match_steps; pcall does not get past it", function()
    local ok, msg, token = sandbox.run([[
      local s = string.rep("(", 1e4)
      for _ = 1, 100 do pcall(string.find, s, "%b()") end -- 100 x 5e7 steps
      return "went on"]], "=x", { match_steps = 1e8 })
    assert.is_false(ok)
    assert.are.equal("sandbox: pattern matching budget of 100000000 steps exceeded (limits.match_steps)", msg)
    assert.are.equal("limit_exceeded", token)
  end)

  it("gives what Lua's own string functions give on ordinary patterns", function()
    local cases = {
      { "find", "hello world", "o w" }, { "find", "hello world", "(o)(r)" }, { "find", "a.b", ".", 1, true },
      { "find", "abc", "b", -2 }, { "find", "abc", "^b" }, { "find", "x = 1.5e3", "(%d+%.?%d*)" },
      { "match", "2026-12-07", "^(%d+)-(%d+)-(%d+)$" }, { "match", "  trim  ", "^%s*(.-)%s*$" },
      { "match", "key=value", "()=()" }, { "match", "THE (quick) fox", "%b()" }, { "match", "THE fox", "%f[%a]%a+" },
      { "gsub", "hello world", "o", "0" }, { "gsub", "abc", "%w", "%0%0" }, { "gsub", "x=1, y=2", "(%w+)=(%w+)", "%2=%1" },
      { "gsub", "$name is $age", "%$(%w+)", { name = "Ada", age = 36 } }, { "gsub", "abc", "", "-" },
      { "gsub", "a b c", "%s", "", 1 }, { "gsub", "aaa", "a*", "X" },
    }
    local src = { "local out = {}" }
    for i, c in ipairs(cases) do
      local args = {}
      for j = 2, #c do
        local v = c[j]
        if type(v) == "table" then args[#args + 1] = "{name = 'Ada', age = 36}"
        else args[#args + 1] = type(v) == "string" and ("%q"):format(v) or tostring(v) end
      end
      src[#src + 1] = ("out[%d] = table.pack(string.%s(%s))"):format(i, c[1], table.concat(args, ", "))
    end
    src[#src + 1] = [[local g = {} for k, v in ("a=1, b=2, c=3"):gmatch("(%w+)=(%w+)") do g[#g + 1] = k .. v end
      out[#out + 1] = table.pack(table.concat(g, ";"))
      for i, r in ipairs(out) do r.n = nil; out[i] = r end
      return out]]
    local ok, got = sandbox.run(table.concat(src, "\n"), "=x")
    assert.is_true(ok, tostring(got))
    for i, c in ipairs(cases) do
      local want = table.pack(string[c[1]](table.unpack(c, 2)))
      want.n = nil
      assert.are.same(want, got[i], c[1] .. " " .. c[3])
    end
    assert.are.same({ "a1;b2;c3" }, got[#cases + 1])
  end)
end)
