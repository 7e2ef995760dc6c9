-- Every example runs to completion through the CLI; each claim check prints
-- its verdict line. (The figures themselves are checked by the specs of the
-- functions they call.)
local build = os.getenv("FLOPCOST_BUILD") or "build"

local function run(path)
  local cmd = ("FLOPCOST_SAMPLES=4000 LUA_PATH='./lua/?.lua;./lua/?/init.lua;;' LUA_CPATH='./%s/?.so;;' "
    .. "lua5.4 bin/flopcost run %s 2>&1"):format(build, path)
  local p = assert(io.popen(cmd))
  local out = p:read("a")
  local ok, _, code = p:close()
  return out, ok and 0 or code
end

local function list(dir)
  local files = {}
  local p = assert(io.popen("ls " .. dir .. "/*.lua 2>/dev/null"))
  for f in p:lines() do
    if not f:match("/common%.lua$") then files[#files + 1] = f end
  end
  p:close()
  return files
end

describe("examples", function()
  local seeds = list("examples/seeds")
  it("has the 13 claim checks", function() assert.are.equal(13, #seeds) end)
  for _, f in ipairs(seeds) do
    it(f .. " runs and prints a verdict", function()
      local out, code = run(f)
      assert.are.equal(0, code, out)
      assert.truthy(out:find("\nverdict: [^\n]+ %- [^\n]+"), out)
      assert.falsy(out:find("nan") or out:find("inf%f[^%w]"), out)
    end)
  end
  for _, f in ipairs(list("examples/runs")) do
    it(f .. " runs", function()
      local out, code = run(f)
      assert.are.equal(0, code, out)
      assert.falsy(out:find("nan"), out)
    end)
  end
end)
