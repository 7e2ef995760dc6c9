-- Files: one atomic writer and one capped reader (csrc/core/fc_file.c) behind every
-- CSV, JSON, SVG, state and scenario file. A failed write keeps the old file
-- and reports an error; a read refuses FIFOs, devices and oversized files
-- before reading them.
local fc = require "flopcost"
local core = require "flopcost.core"
local sf = require "flopcost.scenariofile"

local build = os.getenv("FLOPCOST_BUILD") or "build"
local function sh(cmd)
  local p = io.popen(cmd .. " 2>&1; echo \"rc=$?\"")
  local s = p:read("a"); p:close()
  return s, tonumber(s:match("rc=(%d+)%s*$"))
end
local function cli(args)
  return sh(("LUA_PATH='./lua/?.lua;./lua/?/init.lua;;' LUA_CPATH='./%s/?.so;;' lua5.4 bin/flopcost %s")
    :format(build, args))
end
local function slurp(path)
  local f = assert(io.open(path, "rb")); local s = f:read("a"); f:close(); return s
end

local tmp
before_each(function()
  tmp = os.tmpname(); os.remove(tmp); assert(os.execute("mkdir -p '" .. tmp .. "'"))
end)
after_each(function() os.execute("rm -rf '" .. tmp .. "'") end)

describe("the atomic writer", function()
  it("writes, replaces and leaves no temporary file", function()
    assert.is_true(core.file.write(tmp .. "/a.json", '{"v":1}\n'))
    assert.is_true(core.file.write(tmp .. "/a.json", '{"v":2}\n'))
    assert.are.equal('{"v":2}\n', slurp(tmp .. "/a.json"))
    assert.are.equal("a.json\n", (sh("ls -A '" .. tmp .. "'"):gsub("rc=%d+%s*$", "")))
  end)
  it("into a missing directory returns nil and a message naming the path", function()
    local ok, err = core.file.write(tmp .. "/no/such/dir/x.csv", "a,b\n")
    assert.is_nil(ok)
    assert.are.equal("cannot write '" .. tmp .. "/no/such/dir/x.csv': No such file or directory", err)
  end)
  it("keeps the old file when the disk is full (file size limit: EFBIG)", function()
    -- ulimit -f 1 caps a file at 512 or 1024 bytes; with SIGXFSZ ignored the
    -- write fails with EFBIG like a full disk fails with ENOSPC.
    local f = tmp .. "/state.json"
    assert.is_true(core.file.write(f, '{"valid":true}\n'))
    local out = sh(("trap '' XFSZ; ulimit -f 1; LUA_CPATH='./%s/?.so;;' lua5.4 -e "
      .. "\"print(require('flopcost.core').file.write('%s', string.rep('x', 100000)))\"")
      :format(build, f))
    assert.truthy(out:find("nil\tcannot write '" .. f .. "': File too large", 1, true), out)
    assert.are.equal('{"valid":true}\n', slurp(f))
    assert.are.equal("state.json\n", (sh("ls -A '" .. tmp .. "'"):gsub("rc=%d+%s*$", "")))
  end)
  it("on a full 64 KB tmpfs keeps the existing valid file (root only: mount)", function()
    if sh("id -u"):match("^(%d+)") ~= "0" then pending("mounting a tmpfs needs root") return end
    local m = tmp .. "/full"
    assert(os.execute("mkdir -p '" .. m .. "' && mount -t tmpfs -o size=64k tmpfs '" .. m .. "'"))
    local ok1 = core.file.write(m .. "/state.json", '{"ok":1}\n')
    local ok2, err = core.file.write(m .. "/state.json", string.rep("x", 200000))
    local kept = slurp(m .. "/state.json")
    os.execute("umount '" .. m .. "'")
    assert.is_true(ok1)
    assert.is_nil(ok2)
    assert.truthy(err:find("No space left on device", 1, true), err)
    assert.are.equal('{"ok":1}\n', kept)
  end)
  it("report.write, plot.save and scenariofile.save return nil, msg instead of true", function()
    local bad = tmp .. "/missing/x"
    local a, ea = fc.report.write(bad .. ".csv", "x\n")
    local b, eb = fc.plot.save(bad .. ".svg", "<svg/>")
    local c, ec = sf.save(bad .. ".lua", { region = "us-va" })
    assert.is_nil(a); assert.is_nil(b); assert.is_nil(c)
    assert.are.equal("flopcost.report.write: cannot write '" .. bad .. ".csv': No such file or directory", ea)
    assert.are.equal("flopcost.report.write_all: cannot write '" .. bad .. ".svg': No such file or directory", eb)
    assert.are.equal("flopcost.scenariofile.save: cannot write '" .. bad .. ".lua': No such file or directory", ec)
  end)
  it("mc --out into a missing directory fails with status 1 and no 'wrote'", function()
    local out, rc = cli("mc models/scenarios/mc-example.json --samples 2000 --out " .. tmp .. "/nope/mc")
    assert.are.equal(1, rc, out)
    assert.falsy(out:find("wrote", 1, true), out)
    assert.truthy(out:find("cannot write '" .. tmp .. "/nope/mc-tornado.svg'", 1, true), out)
  end)
end)

describe("the capped reader", function()
  it("refuses /dev/zero, /dev/urandom, a FIFO and a directory without reading", function()
    assert(os.execute("mkfifo '" .. tmp .. "/fifo'"))
    for _, p in ipairs { "/dev/zero", "/dev/urandom", tmp .. "/fifo" } do
      local t, err = core.file.read(p)
      assert.is_nil(t)
      assert.are.equal("cannot read '" .. p .. "': not a regular file (a FIFO, device or socket)", err)
    end
    assert.are.same({ nil, "cannot read '" .. tmp .. "': is a directory", "io_error" }, { core.file.read(tmp) })
  end)
  it("stops at the cap: a 100-byte file with a 99-byte cap", function()
    assert.is_true(core.file.write(tmp .. "/x", string.rep("y", 100)))
    assert.are.equal(100, #core.file.read(tmp .. "/x", 100))
    assert.are.same({ nil, "cannot read '" .. tmp .. "/x': larger than 99 bytes (100 bytes)", "out_of_range" },
      { core.file.read(tmp .. "/x", 99) })
    assert.are.equal(64 * 1024 * 1024, core.file.max_bytes)
  end)
  it("catalog, scenario file, run and merge refuse a FIFO instead of blocking", function()
    assert(os.execute("mkfifo '" .. tmp .. "/s.json' '" .. tmp .. "/s.lua'"))
    local _, e1 = fc.catalog.load(tmp .. "/s.json")
    assert.truthy(e1:find("not a regular file", 1, true), e1)
    local _, e2 = sf.load(tmp .. "/s.json")
    assert.truthy(e2:find("not a regular file", 1, true), e2)
    for _, cmd in ipairs { "run " .. tmp .. "/s.lua", "run " .. tmp .. "/s.json", "merge " .. tmp .. "/s.json" } do
      local out, rc = sh("timeout 20 env LUA_PATH='./lua/?.lua;./lua/?/init.lua;;' LUA_CPATH='./" .. build
        .. "/?.so;;' lua5.4 bin/flopcost " .. cmd)
      assert.are.equal(1, rc, cmd .. ": " .. out)
      assert.truthy(out:find("not a regular file", 1, true), out)
    end
  end)
  it("a catalog directory whose chips.json cannot be read is an error, not 0 chips", function()
    assert(os.execute("cp models/*.json '" .. tmp .. "/' && rm '" .. tmp .. "/chips.json' && mkfifo '"
      .. tmp .. "/chips.json'"))
    local cat, err = fc.catalog.load(tmp)
    assert.is_nil(cat)
    assert.are.equal("flopcost.catalog.load: cannot read '" .. tmp
      .. "/chips.json': not a regular file (a FIFO, device or socket)", err)
  end)
end)
