-- Merges of shards equal the unsharded run bit for bit at default settings (issue 22, README
-- "Every heavy job shards"). Monte Carlo: an unsharded run of up to 1e6 samples keeps exact
-- quantiles, and its shards now carry their samples in their states (base64 of the binary64
-- values, in the checksum), so the merge takes its quantiles from the same samples; on main the
-- merge used the histogram and p05/p50/p95 differed by ~1e-5 relative. Sobol and compare shards
-- split whole chunks and cells; their merges are checked the same way, through the CLI.
local fc = require "flopcost"
local decode = require("flopcost.core").json.decode

local build = os.getenv("FLOPCOST_BUILD") or "build"
local DIR = os.tmpname()
os.remove(DIR)
os.execute("mkdir -p '" .. DIR .. "'")
local function cli(args)
  local h = io.popen(("env LUA_PATH='./lua/?.lua;./lua/?/init.lua;;' LUA_CPATH='./%s/?.so;;' lua5.4 bin/flopcost %s"
    .. " 2>&1; echo rc=$?"):format(build, args))
  local out = h:read("a")
  h:close()
  local rc = tonumber(out:match("rc=(%d+)%s*$"))
  return out:gsub("rc=%d+%s*$", ""), rc
end
local function json_of(args)
  local out, rc = cli(args)
  assert.are.equal(0, rc, out)
  return assert(decode(out), out)
end

-- A run with two outputs and three uncertain inputs, 200,000 samples: exact by default.
local function scenario() return fc.scenario { region = "us-va", chips = { ["H100-SXM"] = 1 } } end
local OPTS = { vary = { electricity_usd_per_kwh = fc.dist.lognormal90(0.05, 0.12), pue = fc.dist.triangular(1.1, 1.2, 1.5),
  utilization = fc.dist.uniform(0.5, 0.9) }, samples = 200000, seed = 7, outputs = { "usd_per_eflop", "kwh_per_eflop" } }
local function shard_states(n)
  local states = {}
  for i = n, 1, -1 do -- any order
    local o = {}
    for k, v in pairs(OPTS) do o[k] = v end
    o.shard = { i = i, n = n }
    -- through JSON, as `flopcost merge` reads them
    states[#states + 1] = decode(fc.json.encode(fc.montecarlo(scenario(), o).state))
  end
  return states
end

describe("Monte Carlo merges at default settings", function()
  it("give the unsharded run's exact quantiles bit for bit (3 and 7 shards)", function()
    local whole = fc.montecarlo(scenario(), OPTS)
    assert.are.equal("exact", whole.quantile_method)
    for _, n in ipairs { 3, 7 } do
      local m = fc.montecarlo.merge(shard_states(n))
      assert.are.equal("exact", m.quantile_method)
      for _, out in ipairs(OPTS.outputs) do
        local a, b = whole.outputs[out], m.outputs[out]
        for _, k in ipairs { "p05", "p50", "p95", "mean", "sd", "min", "max", "n" } do
          assert.are.equal(a[k], b[k], ("%s %s with %d shards: %.17g vs %.17g"):format(out, k, n, a[k], b[k]))
        end
      end
    end
  end)

  it("refuse shards that differ in the quantile setting, and an edited sample", function()
    local states = shard_states(2)
    local o = {}
    for k, v in pairs(OPTS) do o[k] = v end
    o.shard, o.exact = { i = 1, n = 2 }, false
    local streaming = decode(fc.json.encode(fc.montecarlo(scenario(), o).state))
    local ok, err = pcall(fc.montecarlo.merge, { states[1], streaming }) -- states[1] is shard 2
    assert.is_false(ok)
    assert.truthy(tostring(err):find("flopcost.montecarlo.merge: state 2: keeps no samples (streaming quantiles) "
      .. "and state 1 does: run every shard with the same quantile setting", 1, true), tostring(err))
    local text = states[2].outputs[1].samples_f64le_base64
    local c = text:sub(9, 9) -- a byte of the second sample
    states[2].outputs[1].samples_f64le_base64 = text:sub(1, 8) .. (c == "A" and "B" or "A") .. text:sub(10)
    ok, err = pcall(fc.montecarlo.merge, states)
    assert.is_false(ok)
    assert.truthy(tostring(err):find("checksum does not match", 1, true), tostring(err))
  end)

  it("through the CLI: mc --shard i/3 --state + merge = mc (JSON, every digit)", function()
    local file, base = "models/scenarios/mc-example.json", " --samples 100000 --seed 3"
    local whole = json_of("mc " .. file .. base .. " --format json")
    local files = {}
    for i = 1, 3 do
      files[i] = DIR .. "/mc" .. i .. ".json"
      local out, rc = cli(("mc %s%s --shard %d/3 --state %s"):format(file, base, i, files[i]))
      assert.are.equal(0, rc, out)
    end
    local merged = json_of("merge --format json " .. table.concat(files, " "))
    for _, k in ipairs { "p05", "p50", "p95", "mean", "sd", "min", "max" } do
      assert.are.equal(whole[k], merged[k], k)
    end
    assert.are.equal("exact", merged.quantile_method)
  end)
end)

describe("Sobol and compare merges at default settings", function()
  it("sobol --shard i/3 + merge = sobol (indices and intervals, every digit)", function()
    local file, base = "models/scenarios/mc-example.json", " --samples 3000 --seed 5 --format json"
    local whole = json_of("sobol " .. file .. base)
    local files = {}
    for i = 1, 3 do
      files[i] = DIR .. "/sobol" .. i .. ".json"
      local out, rc = cli(("sobol %s%s --shard %d/3 --state %s"):format(file, base, i, files[i]))
      assert.are.equal(0, rc, out)
    end
    local merged = json_of("merge --format json " .. table.concat(files, " "))
    assert.are.equal(3, #whole.inputs)
    assert.are.same(whole.inputs, merged.inputs) -- first, total and their bootstrap intervals
    assert.are.equal(whole.mean, merged.mean)
  end)

  it("compare --shard i/3 --state + merge = compare (every cell and interval, every digit)", function()
    local whole = json_of("compare --format json")
    local files = {}
    for i = 1, 3 do
      files[i] = DIR .. "/cmp" .. i .. ".json"
      local out, rc = cli(("compare --shard %d/3 --state %s"):format(i, files[i]))
      assert.are.equal(0, rc, out)
    end
    local merged = json_of("merge --format json " .. table.concat(files, " "))
    assert.are.equal(#whole, #merged)
    local by = {}
    for _, r in ipairs(merged) do by[r.region .. "|" .. r.mix] = r end
    for _, r in ipairs(whole) do
      local m = by[r.region .. "|" .. r.mix]
      assert.truthy(m, r.region .. " " .. r.mix)
      assert.are.equal(r.usd_per_eflop, m.usd_per_eflop)
      assert.truthy(r.interval and r.interval.p05, "intervals on by default")
      assert.are.same(r.interval, m.interval)
    end
  end)
  teardown(function() os.execute("rm -rf '" .. DIR .. "'") end)
end)
