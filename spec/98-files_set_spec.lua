-- All-or-nothing outputs (issue 22): a run's files under one --out prefix
-- appear together or not at all (core.file.write_set, csrc/core/fc_file_set.c):
-- temporaries renamed only when all are written, under a lock on the prefix,
-- so a failed run keeps the previous set whole and concurrent runs do not mix;
-- a killed run's temporary file is removed by the next write of that path;
-- an empty or directory-only --out is refused naming the option.
local fc = require "flopcost"
local core = require "flopcost.core"

local build = os.getenv("FLOPCOST_BUILD") or "build"
local function sh(cmd)
  local p = io.popen(cmd .. " 2>&1; echo \"rc=$?\"")
  local s = p:read("a"); p:close()
  return s, tonumber(s:match("rc=(%d+)%s*$"))
end
local CLI = ("LUA_PATH='%s/lua/?.lua;%s/lua/?/init.lua;;' LUA_CPATH='%s/%s/?.so;;' lua5.4 %s/bin/flopcost")
  :format(os.getenv("PWD"), os.getenv("PWD"), os.getenv("PWD"), build, os.getenv("PWD"))
local function cli(args) return sh(CLI .. " " .. args) end
local function ls(dir) return (sh("ls -A '" .. dir .. "' | tr '\\n' ' '"):gsub("rc=%d+%s*$", "")) end
local function exists(path) local f = io.open(path, "rb"); if f then f:close() end; return f ~= nil end

-- Waits (polling, up to limit_s of wall time) until pred() holds; no fixed sleeps.
local function wait_for(pred, limit_s)
  local t0 = os.time()
  while not pred() do
    if os.time() - t0 > limit_s then return false end
    os.execute("sleep 0.05")
  end
  return true
end

-- The what-if marker each file of a compare set carries in its provenance.
local function markers(dir)
  local seen, n = {}, 0
  for name in ls(dir):gmatch("%S+") do
    local f = assert(io.open(dir .. "/" .. name, "rb"))
    local m = (f:read("a") or ""):match("utilization=0%.5%d%d") -- nil: a directory
    f:close()
    if not seen[m or "none"] then seen[m or "none"], n = true, n + 1 end
  end
  return seen, n
end

-- flock(1) holds lock in the background until 'release' appears in tmp (or tmp goes).
local tmp
local function hold_lock(lock)
  sh(("flock '%s' sh -c 'touch %s/held; while [ -d %s ] && [ ! -e %s/release ]; do sleep 0.05; done' >/dev/null 2>&1 &")
    :format(lock, tmp, tmp, tmp))
  assert.is_true(wait_for(function() return exists(tmp .. "/held") end, 20))
end

local SET = "p-utilization.svg p-utilization.vl.json p.csv p.json p.svg p.vl.json "

before_each(function()
  tmp = os.tmpname(); os.remove(tmp); assert(os.execute("mkdir -p '" .. tmp .. "'"))
end)
after_each(function() os.execute("rm -rf '" .. tmp .. "'") end)

describe("compare --out", function()
  it("8 concurrent runs on one prefix leave one run's whole set (2 rounds), no temporary or lock", function()
    for round = 1, 2 do
      local cmds = {}
      for i = 1, 8 do
        cmds[i] = ("%s compare --no-intervals --set utilization=0.5%d%d --out '%s/p' >/dev/null 2>&1 &")
          :format(CLI, i, round, tmp)
      end
      local out, rc = sh(table.concat(cmds, " ") .. " wait")
      assert.are.equal(0, rc, out)
      assert.are.equal(SET, ls(tmp))
      local seen, n = markers(tmp)
      assert.are.equal(1, n, "a mixed set: " .. table.concat((function()
        local t = {}; for k in pairs(seen) do t[#t + 1] = k end; return t end)(), ", "))
    end
  end)

  it("a failed run keeps the previous set whole (p.json cannot be replaced)", function()
    local _, rc = cli(("compare --no-intervals --set utilization=0.511 --out '%s/p'"):format(tmp))
    assert.are.equal(0, rc)
    os.remove(tmp .. "/p.json")
    assert(os.execute("mkdir '" .. tmp .. "/p.json'")) -- the last file of the set will fail
    local out, rc2 = cli(("compare --no-intervals --set utilization=0.522 --out '%s/p'"):format(tmp))
    assert.are.equal(1, rc2)
    assert.truthy(out:find("cannot write '" .. tmp .. "/p.json': Is a directory", 1, true), out)
    local seen, n = markers(tmp)
    assert.are.equal(2, n) -- 0.511 in every file, and the directory p.json (no marker)
    assert.is_true(seen["utilization=0.511"])
    assert.are.equal(SET, ls(tmp)) -- no temporary left
  end)

  it("waits for the lock another process holds on the prefix, then writes the whole set", function()
    local lock = tmp .. "/p.lock"
    hold_lock(lock)
    sh(("(%s compare --no-intervals --set utilization=0.533 --out '%s/p' > '%s/out.txt' 2>&1; touch '%s/done')"
      .. " >/dev/null 2>&1 &")
      :format(CLI, tmp, tmp, tmp))
    -- all six temporaries written: the run now waits for the lock
    assert.is_true(wait_for(function() return select(2, ls(tmp):gsub("%.tmp%d+%-", "")) == 6 end, 60), ls(tmp))
    assert.is_false(exists(tmp .. "/p.csv"))
    assert.is_false(exists(tmp .. "/p.svg"))
    assert.is_false(exists(tmp .. "/done"))
    assert(io.open(tmp .. "/release", "w")):close()
    assert.is_true(wait_for(function() return exists(tmp .. "/done") end, 60))
    os.execute(("rm -f '%s/held' '%s/release' '%s/done' '%s/out.txt'"):format(tmp, tmp, tmp, tmp))
    assert.are.equal(SET, ls(tmp))
    local seen, n = markers(tmp)
    assert.are.equal(1, n)
    assert.is_true(seen["utilization=0.533"])
  end)

  it("refuses an empty prefix and a directory, naming --out, writing nothing", function()
    for _, cmd in ipairs { "compare --no-intervals", "mc --samples 100 --set chip=H100-SXM --vary 'pue=uniform(1.1,1.3)'",
      "sobol --samples 64 --set chip=H100-SXM --vary 'pue=uniform(1.1,1.3)'", "stock --samples 0" } do
      for _, prefix in ipairs { "", "d/", "d/." } do
        local out, rc = sh(("cd '%s' && mkdir -p d && %s %s --out '%s'"):format(tmp, CLI, cmd, prefix))
        assert.are.equal(2, rc, cmd .. " --out '" .. prefix .. "': " .. out)
        assert.truthy(out:find("--out: a file prefix expected", 1, true), out)
        assert.are.equal("d ", ls(tmp))
        assert.are.equal("", ls(tmp .. "/d"))
      end
    end
  end)
end)

describe("core.file.write_set", function()
  it("fails clearly when the lock stays taken", function()
    local lock = tmp .. "/q.lock"
    hold_lock(lock)
    local ok, err = core.file.write_set({ { tmp .. "/q.csv", "a\n" }, { tmp .. "/q.json", "{}\n" } }, lock, 0.2)
    assert(io.open(tmp .. "/release", "w")):close()
    assert.is_nil(ok)
    assert.are.equal(("cannot write the set locked by '%s': another run is writing it (waited 0 s); "
      .. "try again, or remove '%s' if no run is left"):format(lock, lock), err)
    assert.is_false(exists(tmp .. "/q.csv"))
    assert.is_nil(ls(tmp):find("tmp", 1, true))
  end)

  it("the library's *_files refuse an empty prefix naming the function", function()
    local grid = fc.compare.run(fc.compare.load_study(), { intervals = false })
    local ok, err = pcall(fc.compare.write_files, grid, "")
    assert.is_false(ok)
    assert.truthy(tostring(err):find("flopcost.compare.write_files: argument 'prefix': a file prefix expected", 1, true),
      tostring(err))
    ok, err = pcall(fc.compare.write_files, grid, tmp .. "/")
    assert.is_false(ok)
    assert.truthy(tostring(err):find("got the directory '" .. tmp .. "/'", 1, true), tostring(err))
  end)
end)

describe("a killed compare --stream", function()
  local function start_and_signal(sig)
    sh(("cd '%s' && (%s compare --stream s.csv >/dev/null 2>&1 & echo $! > pid; wait; touch done) >/dev/null 2>&1 &")
      :format(tmp, CLI))
    assert.is_true(wait_for(function() return ls(tmp):find("s.csv.tmp", 1, true) ~= nil end, 60), ls(tmp))
    local f = assert(io.open(tmp .. "/pid")); local pid = f:read("l"); f:close()
    sh("kill -" .. sig .. " " .. pid)
    assert.is_true(wait_for(function() return exists(tmp .. "/done") end, 30))
    os.remove(tmp .. "/pid"); os.remove(tmp .. "/done")
  end

  it("SIGKILL: its temporary file is removed by the next write of the path (its pid is gone)", function()
    start_and_signal("KILL")
    assert.truthy(ls(tmp):match("^s%.csv%.tmp%d+%-[%w_-]+%.0 $"), ls(tmp)) -- what a SIGKILL cannot avoid
    local _, rc = sh(("cd '%s' && %s compare --no-intervals --stream s.csv"):format(tmp, CLI))
    assert.are.equal(0, rc)
    assert.are.equal("s.csv ", ls(tmp))
  end)

  it("SIGINT: stops and leaves nothing", function()
    start_and_signal("INT")
    assert.are.equal("", ls(tmp))
  end)
end)
