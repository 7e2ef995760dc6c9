-- Conflicts and non-finite results are errors, and the errors say what is wrong (issue 22).
-- Each case was silent, absurd or unclear before: the A100 costed for {chip = H100, chips = {A100}},
-- the last --vary kept, "2024-13-45" converting currency, inf dies for a tiny die, Lua's
-- "invalid conversion specification: '%.307f'" for a price of 1e-300, "attempt to call a nil
-- value (method 'region')" for "catalog": "/etc", chip_life_years 1e-300 reported as 'wacc',
-- "--seed -1" read as an unknown option.
local fc = require "flopcost"
local build = os.getenv("FLOPCOST_BUILD") or "build"
local DIR = os.tmpname()
os.remove(DIR)
os.execute("mkdir -p '" .. DIR .. "'")

local function cli(args)
  local h = io.popen(("timeout 60 env LUA_PATH='./lua/?.lua;./lua/?/init.lua;;' LUA_CPATH='./%s/?.so;;' "
    .. "lua5.4 bin/flopcost %s 2>&1; echo rc=$?"):format(build, args))
  local out = h:read("a")
  h:close()
  return out
end
local function file(name, text)
  local f = assert(io.open(DIR .. "/" .. name, "w"))
  f:write(text)
  f:close()
  return DIR .. "/" .. name
end
local function err_of(f, ...)
  local ok, e = pcall(f, ...)
  assert.is_false(ok, "accepted")
  return tostring(e)
end

describe("conflicts are errors", function()
  it("chip and chips both given", function()
    local e = err_of(fc.scenario, { region = "us-va", chip = "H100-SXM", chips = { ["A100-SXM"] = 1 } })
    assert.truthy(e:find("flopcost.scenario: fields 'chip' and 'chips' both given (chip = 'H100-SXM')", 1, true), e)
    local out = cli("run " .. file("both.json", '{"region": "us-va", "chip": "H100-SXM", "chips": {"A100-SXM": 1}}'))
    assert.truthy(out:find("fields 'chip' and 'chips' both given", 1, true), out)
    assert.truthy(out:find("rc=1", 1, true), out)
  end)
  it("--vary of one input given twice", function()
    local out = cli("mc models/scenarios/mc-example.json --samples 1000 --vary 'pue=uniform(1.1,1.2)' "
      .. "--vary 'pue=uniform(1.5,1.6)'")
    assert.truthy(out:find("--vary pue given twice ('pue=uniform(1.1,1.2)' and 'pue=uniform(1.5,1.6)')", 1, true), out)
    assert.truthy(out:find("rc=2", 1, true), out)
  end)
  it("a date that is no calendar date (2024-13-45, 2023-02-29) is refused; 2024-02-29 is a date", function()
    local cat = fc.catalog.default()
    for _, d in ipairs { "2024-13-45", "2023-02-29", "2024-04-31", "2024-00" } do
      local e = err_of(cat.fx, cat, "CNY", d)
      assert.truthy(e:find("argument 'date': date YYYY, YYYY-MM or YYYY-MM-DD expected, got '" .. d .. "'", 1, true), e)
    end
    assert.is_true(cat:fx("CNY", "2024-02-29") > 6) -- CNY per USD was about 7.1 in 2024 (fx.json)
  end)
end)

describe("non-finite results are errors naming the field", function()
  it("a vanishing die area (1e-320 mm2) gives no inf dies per wafer", function()
    local e = err_of(fc.yield.dies_per_wafer, { die_area_mm2 = 1e-320 })
    assert.truthy(e:find("field 'die_area_mm2': so small a die gives more dies per wafer than a double holds", 1, true), e)
    -- 800 mm2 on 300 mm: pi 150^2 / 800 - pi 300 / sqrt(1600) = 88.36 - 23.56 = 64.80 (de Vries 2005)
    assert.is_true(math.abs(fc.yield.dies_per_wafer { die_area_mm2 = 800 } - 64.795) < 0.01)
  end)
  it("chip_life_years 1e-300 is named as chip_life_years, not wacc", function()
    local e = err_of(function()
      return fc.scenario { region = "us-va", chips = { ["H100-SXM"] = 1 }, chip_life_years = 1e-300 }:evaluate()
    end)
    assert.truthy(e:find("field 'chip_life_years'", 1, true), e)
    assert.is_nil(e:find("wacc", 1, true), e)
  end)
end)

describe("unclear errors made clear", function()
  it("a price of 1e-300 prints (scientific notation) instead of raising '%.307f'", function()
    local r = fc.scenario { region = "us-va", chips = { ["H100-SXM"] = 1 }, chip_price_usd = 1e-300 }:evaluate()
    local text = tostring(r)
    assert.is_nil(text:find("invalid conversion", 1, true))
    assert.truthy(text:find("e%-30%d"), text) -- the chip's share printed as x.xxe-30N
    assert.are.equal("1.00e-300", fc.report.sig(1e-300, 3))
    assert.are.equal("0.0421", fc.report.sig(0.04213, 3))
  end)
  it('"catalog": "/etc" in a data file names the field and how to give a catalog', function()
    local out = cli("run " .. file("cat.json", '{"region": "us-va", "chips": {"H100-SXM": 1}, "catalog": "/etc"}'))
    assert.truthy(out:find("field 'catalog': a catalog object (fc.catalog.load(dir)) expected, got '/etc'", 1, true), out)
    assert.is_nil(out:find("nil value", 1, true), out)
  end)
  it("--seed -1 and --samples -5 are below the minimum, not unknown options", function()
    local out = cli("mc models/scenarios/mc-example.json --seed -1")
    assert.truthy(out:find("--seed: -1 is below the minimum 0", 1, true), out)
    out = cli("sobol models/scenarios/mc-example.json --samples -5")
    assert.truthy(out:find("--samples: -5 is below the minimum", 1, true), out)
  end)
  teardown(function() os.execute("rm -rf '" .. DIR .. "'") end)
end)

describe("Monte Carlo merges (issue 22)", function()
  local s = fc.scenario { region = "us-va", chips = { ["H100-SXM"] = 1 } }
  local vary = { pue = fc.dist.uniform(1.1, 1.3), utilization = fc.dist.uniform(0.5, 0.9) }
  local function shards(extra)
    local parts = {}
    for i = 1, 3 do
      local o = { vary = vary, samples = 200000, seed = 7, exact = false, shard = { i = i, n = 3 } }
      for k, v in pairs(extra or {}) do o[k] = v end
      parts[i] = fc.montecarlo(s, o).state
    end
    return parts
  end
  it("merged shards equal the unsharded run with the same (streaming) estimator to the last bit", function()
    local whole = fc.montecarlo(s, { vary = vary, samples = 200000, seed = 7, exact = false })
    local m = fc.montecarlo.merge(shards())
    for _, k in ipairs { "mean", "sd", "p05", "p50", "p95" } do assert.are.equal(whole[k], m[k], k) end
    assert.are.equal("streaming", m.quantile_method)
  end)
  it("a shard's exact = true is kept, not dropped at the merge: its samples reach it (spec/99-merge_exact)", function()
    local whole = fc.montecarlo(s, { vary = vary, samples = 200000, seed = 7, exact = true })
    local m = fc.montecarlo.merge(shards { exact = true })
    assert.are.equal("exact", m.quantile_method)
    for _, k in ipairs { "mean", "sd", "p05", "p50", "p95" } do assert.are.equal(whole[k], m[k], k) end
  end)
  it("the state's chunk field is checksummed: an edited chunk is refused", function()
    local parts = shards()
    local edited = fc.json.decode(fc.json.encode(parts[1]))
    edited.chunk = 1024
    local ok, e = pcall(fc.montecarlo.merge, { edited, parts[2], parts[3] })
    assert.is_false(ok)
    assert.truthy(e:find("state 1: checksum does not match the content", 1, true), e)
  end)
end)
