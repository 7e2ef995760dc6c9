-- tools/packages.txt: the one list of Debian packages (issue 24 found three that
-- disagreed: README 6, Makefile 14, .ci/run 22). The Makefile, .ci/run and README
-- read it; none of them lists packages of its own.
local function read(path) local f = assert(io.open(path)); local s = f:read("a"); f:close(); return s end

local function packages()
  local list = {}
  for line in read("tools/packages.txt"):gmatch("[^\n]+") do
    if not line:find("^#") then
      local name, who = line:match("^(%S+)%s+(%S+)")
      list[#list + 1] = { name = name, who = who, line = line }
    end
  end
  return list
end

describe("tools/packages.txt", function()
  it("names each package once, with who needs it (test, ci or dev) and why", function()
    local seen = {}
    local list = packages()
    assert.is_true(#list >= 20, #list .. " packages")
    for _, p in ipairs(list) do
      assert.truthy(p.name and (p.who == "test" or p.who == "ci" or p.who == "dev"), p.line)
      assert.truthy(p.line:match("^%S+%s+%S+%s+%S"), "no reason given: " .. p.line)
      assert.is_nil(seen[p.name], "listed twice: " .. p.name)
      seen[p.name] = true
    end
  end)

  it("is what make deps checks: the packages marked test", function()
    local want = {}
    for _, p in ipairs(packages()) do if p.who == "test" then want[#want + 1] = p.name end end
    local h = assert(io.popen("make -s -pn deps 2>/dev/null | grep '^DEBIAN_PKGS :='"))
    local got = h:read("a")
    h:close()
    assert.are.equal("DEBIAN_PKGS := " .. table.concat(want, " ") .. "\n", got)
  end)

  it("is the only list: Makefile, .ci/run and README name no package themselves", function()
    for _, path in ipairs { "Makefile", ".ci/run", "README.md" } do
      local text = read(path)
      assert.truthy(text:find("tools/packages.txt", 1, true), path .. " does not point at tools/packages.txt")
      for _, p in ipairs { "liblua5.4-dev", "libgsl-dev", "libcjson-dev", "lua-busted", "python3-nbclient",
        "libclang-rt-14-dev", "lua-check" } do
        assert.is_nil(text:find(p, 1, true), path .. " lists " .. p .. " itself")
      end
    end
  end)

  it("every make target that checks packages takes them from the list", function()
    for line in read("Makefile"):gmatch("[^\n]+") do
      if line:find("tools/deps.sh", 1, true) then
        assert.truthy(line:find("deps.sh $(DEBIAN_PKGS)", 1, true) or line:find("deps.sh $(call pkgs_for,", 1, true), line)
      end
    end
  end)

  it("gives each dev package to the make target that installs it, and CI skips them", function()
    -- CI downloads only test and ci packages (clang alone is some 300 MB); a dev tool
    -- comes with the target that uses it, through tools/deps.sh and pkgs_for.
    local n = 0
    for _, p in ipairs(packages()) do
      if p.who == "dev" then
        local target = p.line:match("make ([%w-]+) ")
        assert.truthy(target, "no make target named: " .. p.line)
        local h = assert(io.popen("make -s -n " .. target .. " 2>/dev/null | grep 'tools/deps.sh'"))
        local got = h:read("a")
        h:close()
        assert.truthy(got:find(p.name, 1, true), "make " .. target .. " does not install " .. p.name)
        n = n + 1
      end
    end
    assert.is_true(n >= 4, n .. " dev packages")
    assert.truthy(read(".ci/run"):find('$2 != "dev"', 1, true), ".ci/run installs the dev packages")
  end)

  it("every package make test needs is installed here", function()
    for _, p in ipairs(packages()) do
      if p.who == "test" then
        local h = assert(io.popen("dpkg-query -W -f='${Status}' " .. p.name .. " 2>/dev/null"))
        local status = h:read("a")
        h:close()
        assert.truthy(status:find("install ok installed", 1, true), p.name .. " is not installed")
      end
    end
  end)
end)
