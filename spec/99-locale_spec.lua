-- Numbers under a comma locale (issue 22): with os.setlocale("de_DE.UTF-8") in
-- a host, fc.json.encode{x = 1.5} gave {"x":1,5}, CSV numbers gained commas
-- and Monte Carlo state files no longer decoded. flopcost.core now pins
-- LC_NUMERIC = "C" for the thread that loads it (csrc/lua/lfc_locale.c).
-- The locale is compiled here with localedef into a private directory
-- (LOCPATH), so the spec needs no root; without localedef or the de_DE
-- source (Debian: libc-bin, locales) it fails rather than passing untested.
local build = os.getenv("FLOPCOST_BUILD") or "build"
local LOC = os.tmpname()
os.remove(LOC)

local function sh(cmd)
  local h = io.popen(cmd .. " 2>&1; echo rc=$?")
  local out = h:read("a")
  h:close()
  return out
end

-- Runs Lua code in a fresh process under the comma locale; `when` says whether
-- the host sets the locale before or after loading flopcost.
local function under_comma(when, code)
  local f = assert(io.open(LOC .. "/t.lua", "w"))
  f:write(([[
    package.path = "./lua/?.lua;./lua/?/init.lua;" .. package.path
    package.cpath = "./%s/?.so;" .. package.cpath
    local function comma() assert(os.setlocale("de_DE.UTF-8"), "no de_DE.UTF-8 locale") end
    if %q == "before" then comma() end
    local fc = require "flopcost"
    if %q == "after" then comma() end
    %s
  ]]):format(build, when, when, code))
  f:close()
  return sh(("LOCPATH='%s' lua5.4 '%s/t.lua'"):format(LOC, LOC))
end

describe("numbers under a comma locale (de_DE.UTF-8)", function()
  setup(function()
    local out = sh(("mkdir -p '%s' && localedef -i de_DE -f UTF-8 '%s/de_DE.UTF-8'"):format(LOC, LOC))
    assert(out:find("rc=0", 1, true), "cannot build the de_DE.UTF-8 locale (install libc-bin and locales): " .. out)
    -- the locale really uses a comma: checked in a process without flopcost
    out = sh(("LOCPATH='%s' lua5.4 -e 'assert(os.setlocale(\"de_DE.UTF-8\")) io.write((\"%%.1f\"):format(1.5))'"):format(LOC))
    assert(out:find("^1,5"), "the test locale does not use a decimal comma: " .. out)
  end)
  teardown(function() os.execute("rm -rf '" .. LOC .. "'") end)

  for _, when in ipairs { "before", "after" } do
    it("fc.json.encode{x = 1.5} is {\"x\":1.5} with the locale set " .. when .. " loading flopcost", function()
      local out = under_comma(when, [[io.write(fc.json.encode{x = 1.5}, "|", fc.json.decode('{"y": 2.25}').y * 2)]])
      assert.truthy(out:find('{"x":1.5}|4.5', 1, true), out)
    end)
    it("CSV, JSON and the printed result are byte for byte those of the C locale (" .. when .. ")", function()
      local code = [[
        local r = fc.scenario{region = "us-va", chips = {["H100-SXM"] = 1}}:evaluate()
        io.write(fc.report.csv({r}), "\n", fc.report.json({r}), "\n", tostring(r))]]
      local out, plain = under_comma(when, code), under_comma("never", code)
      assert.truthy(plain:find("rc=0", 1, true), plain)
      assert.truthy(plain:find("$1.78 per 1e18", 1, true), plain) -- H100 us-va (spec/90-doors)
      assert.are.equal(plain, out)
    end)
    it("a Monte Carlo state written as JSON decodes and merges to the same mean (" .. when .. ")", function()
      local out = under_comma(when, [[
        local s = fc.scenario{region = "us-va", chips = {["H100-SXM"] = 1}}
        local r = fc.montecarlo(s, {vary = {pue = fc.dist.uniform(1.1, 1.3)}, samples = 1000, seed = 3})
        local text = fc.json.encode(r.state)
        local m = fc.montecarlo.merge({fc.json.decode(text)})
        io.write(m.mean == r.mean and "same" or ("differ " .. m.mean .. " " .. r.mean))]])
      assert.truthy(out:find("same", 1, true), out)
    end)
  end
end)
