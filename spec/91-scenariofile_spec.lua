-- Scenario files: Lua (trusted) and data-only JSON, round trips, the sandbox.
local fc = require "flopcost"
local sf = require "flopcost.scenariofile"
local H = require "spec.helpers"
local cat = dofile("spec/fixtures/mini_catalog.lua")

local function tmp(ext) return os.tmpname() .. ext end

local opts = { region = "test-us", chips = { ["H100-SXM"] = 0.75, ["Cheap"] = 0.25 },
  utilization = 0.8, mfu = 0.4, job = { params = 70e9, tokens = 15e12 }, cluster_size = 1024,
  overrides = { Cheap = { chip_price_usd = 12000 } }, coupling = "lockstep" }

describe("flopcost.scenariofile", function()
  it("round-trips a scenario through a Lua file to the same cost", function()
    local path = tmp(".lua")
    assert.is_true(sf.save(path, opts))
    local back = assert(sf.load(path))
    os.remove(path)
    assert.are.same(opts, back)
    back.catalog = cat
    local o2 = {}
    for k, v in pairs(opts) do o2[k] = v end
    o2.catalog = cat
    assert.are.equal(fc.scenario(o2):evaluate().usd_per_eflop, fc.scenario(back):evaluate().usd_per_eflop)
  end)

  it("round-trips through data-only JSON", function()
    local path = tmp(".json")
    assert.is_true(sf.save(path, opts))
    local back = assert(sf.load(path))
    os.remove(path)
    assert.are.same(opts, back)
  end)

  it("loads JSON without running code: a string that looks like Lua stays a string", function()
    local path = tmp(".json")
    local f = assert(io.open(path, "w"))
    f:write('{"region": "os.exit(3)", "chips": {"H100-SXM": 1}}')
    f:close()
    local back = assert(sf.load(path))
    os.remove(path)
    assert.are.equal("os.exit(3)", back.region)
  end)

  it("reports malformed JSON with file, line and column", function()
    local path = tmp(".json")
    local f = assert(io.open(path, "w"))
    f:write('{\n  "region": "us-va",\n  "chips": {"H100-SXM": 1,}\n}')
    f:close()
    local v, err = sf.load(path)
    os.remove(path)
    assert.is_nil(v)
    -- line 3, column 27: the '}' after the trailing comma (counted by hand:
    -- two spaces, then "chips": {"H100-SXM": 1, is 24 characters)
    local line, col, why = err:match("^flopcost%.scenariofile%.load: .-:(%d+):(%d+): malformed JSON %((.*)%)$")
    assert.are.equal("3", line)
    assert.are.equal("27", col)
    assert.are.equal("trailing comma before '}'", why)
  end)

  it("returns nil and a message for a missing file", function()
    local v, err = sf.load("/nonexistent/x.lua")
    assert.is_nil(v)
    assert.are.equal("flopcost.scenariofile.load: cannot read '/nonexistent/x.lua': No such file or directory", err)
  end)

  describe("the sandbox", function()
    local function run_sandboxed(code)
      local path = tmp(".lua")
      local f = assert(io.open(path, "w"))
      f:write(code)
      f:close()
      local v, err = sf.load(path, { sandbox = true })
      os.remove(path)
      return v, err
    end
    it("has no io or os.execute", function()
      local v, err = run_sandboxed("return { io = io, exec = os.execute }")
      assert.is_nil(v and (v.io or v.exec))
      assert.is_nil(err)
    end)
    it("refuses require of native modules", function()
      local v, err = run_sandboxed("return require('io')")
      assert.is_nil(v)
      assert.truthy(err:find("require of 'io' is not allowed in a sandboxed scenario", 1, true))
    end)
    it("refuses to load bytecode", function()
      local v, err = run_sandboxed("local f = load('\\27Lua'); return { f = f == nil }")
      assert.is_true(v.f)
      assert.is_nil(err)
    end)
    it("still allows flopcost itself", function()
      local v = run_sandboxed("return { crf = fc.finance.crf(0.08, 5) }")
      assert.near(0.2504564545, v.crf, 1e-9)
    end)
  end)

  describe("bad input", function()
    H.error_rows(it, {
      { "a non-string path", function() return sf.load(42) end,
        "flopcost.scenariofile.load: argument 'path': path (string) expected, got 42" },
      { "saving a function", function() return sf.save(tmp(".lua"), { f = { print } }) end,
        "flopcost.scenariofile.save: scenario.f[1]: function cannot be saved (data only)" },
      { "saving NaN", function() return sf.save(tmp(".lua"), { utilization = 0 / 0 }) end,
        "flopcost.scenariofile.save: scenario.utilization: finite number expected" },
    })
  end)
end)

describe("the bundled default study", function()
  it("is the same study in Lua and in data-only JSON, and gives the same grid", function()
    local lua_study = assert(sf.load("models/scenarios/default.lua"))
    local json_study = assert(sf.load("models/scenarios/default.json"))
    assert.are.same(lua_study, json_study)
    local a = fc.compare.run(lua_study, { intervals = false })
    local b = fc.compare.run(json_study, { intervals = false })
    assert.are.equal(#a.results, #b.results)
    for i = 1, #a.results do assert.are.equal(a.results[i].usd_per_eflop, b.results[i].usd_per_eflop) end
  end)
end)
