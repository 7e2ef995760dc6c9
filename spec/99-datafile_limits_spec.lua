-- Data files that are safe to share (issue 22): a study with "samples": 1e10 (up to about
-- 1.4e14 was accepted), 40,000 copies of one region, or a mix label of 2e5 spaces plus a
-- letter (a quadratic "%s+$" in the report's table) hung `run` and `compare`. Each limit is
-- fc.compare.LIMITS.<name>, named in the error at the caller's line, and listed in README.
local fc = require "flopcost"
local build = os.getenv("FLOPCOST_BUILD") or "build"
local DIR = os.tmpname()
os.remove(DIR)
os.execute("mkdir -p '" .. DIR .. "'")

local function study(extra)
  local s = { regions = { "us-va" }, mixes = { { label = "x", chips = { ["H100-SXM"] = 1 } } } }
  for k, v in pairs(extra or {}) do s[k] = v end
  return s
end
local function err_of(s)
  local ok, e = pcall(fc.compare.run, s)
  assert.is_false(ok, "accepted")
  return e
end

describe("study limits (fc.compare.LIMITS)", function()
  it("samples 1e10 is refused at once, naming the limit", function()
    local e = err_of(study { samples = 1e10, uncertainty = { pue = { "uniform", 1.1, 1.3 } } })
    assert.truthy(e:find("flopcost.compare.run: field 'samples': 10000000000 samples, above the limit of "
      .. "1000000 (fc.compare.LIMITS.samples)", 1, true), e)
    assert.truthy(e:find("99%-datafile_limits_spec.lua:%d+:"), e) -- at the caller's line
  end)
  it("40,000 copies of one region: too many entries, and duplicates are refused", function()
    local regions = {}
    for i = 1, 40000 do regions[i] = "us-va" end
    local e = err_of(study { regions = regions })
    assert.truthy(e:find("field 'regions': 40000 entries, above the limit of 1000 (fc.compare.LIMITS.regions)", 1, true), e)
    e = err_of(study { regions = { "us-va", "eu-ie", "us-va" } })
    assert.truthy(e:find("field 'regions[3]': 'us-va' is already regions[1] (duplicates refused)", 1, true), e)
  end)
  it("two mixes with one label are refused", function()
    local e = err_of(study { mixes = { { label = "a", chips = { ["H100-SXM"] = 1 } }, { label = "a", chips = { ["A100-SXM"] = 1 } } } })
    assert.truthy(e:find("field 'mixes[2].label': 'a' is already the label of mixes[1] (duplicates refused)", 1, true), e)
  end)
  it("a label of 2e5 spaces and a letter is refused by compare, and the table trims it in linear time", function()
    local label = string.rep(" ", 2e5) .. "a"
    local e = err_of(study { mixes = { { label = label, chips = { ["H100-SXM"] = 1 } } } })
    assert.truthy(e:find("field 'mixes[1].label': 200001 characters, above the limit of 200", 1, true), e)
    local grid = fc.compare.run(study())
    grid.results[1].mix = label .. string.rep(" ", 2e5) -- trailing spaces for the table to trim
    local t0 = os.clock()
    local text = fc.report.table(grid.results)
    assert.is_true(os.clock() - t0 < 1, ("the table took %.2f s"):format(os.clock() - t0))
    assert.is_nil(text:find(" \n", 1, true)) -- no line ends in a space
  end)
  it("cells x samples of the intervals are bounded (300 x 300 cells x 1e6 samples)", function()
    local regions, mixes = {}, {}
    local names = { "us-va", "eu-ie" }
    for i = 1, 2 do regions[i] = names[i] end
    for i = 1, 600 do mixes[i] = { label = "m" .. i, chips = { ["H100-SXM"] = 1 } } end
    -- 2 x 600 = 1200 cells x 1e6 samples = 1.2e9 > 1e9
    local e = err_of(study { regions = regions, mixes = mixes, samples = 1e6,
      uncertainty = { pue = { "uniform", 1.1, 1.3 } } })
    assert.truthy(e:find("1200 cells x 1000000 samples = 1200000000 model evaluations, above the limit of "
      .. "1000000000 (fc.compare.LIMITS.evaluations)", 1, true), e)
  end)
  it("flopcost run and compare on a shared JSON study of 1e10 samples end at once with the limit", function()
    local path = DIR .. "/big.json"
    local f = assert(io.open(path, "w"))
    f:write('{"regions": ["us-va"], "mixes": [{"label": "x", "chips": {"H100-SXM": 1}}], "samples": 1e10,'
      .. ' "uncertainty": {"pue": ["uniform", 1.1, 1.3]}}')
    f:close()
    for _, cmd in ipairs { "run " .. path, "compare --study " .. path } do
      local h = io.popen(("timeout 60 env LUA_PATH='./lua/?.lua;./lua/?/init.lua;;' LUA_CPATH='./%s/?.so;;' "
        .. "lua5.4 bin/flopcost %s 2>&1; echo rc=$?"):format(build, cmd))
      local out = h:read("a")
      h:close()
      assert.truthy(out:find("above the limit of 1000000 (fc.compare.LIMITS.samples)", 1, true), out)
      assert.truthy(out:find("rc=1", 1, true), out)
    end
  end)
  teardown(function() os.execute("rm -rf '" .. DIR .. "'") end)
end)
