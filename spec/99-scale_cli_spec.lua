-- The command line of the jobs that outgrow one machine: flopcost sobol, mc
-- and compare --stream with --shard i/n or --shard slurm, and flopcost merge of
-- their parts, byte for byte against the unsharded runs. (The same commands
-- under a real Slurm cluster: make slurm-test, tools/slurm-test.sh.)
local common = require "flopcost.cli.common"

local build = os.getenv("FLOPCOST_BUILD") or "build"
local root = io.popen("pwd"):read("l")
local function q(s) return "'" .. tostring(s):gsub("'", "'\\''") .. "'" end

local function cli(args, env)
  local cmd = ("cd %s && %s FLOPCOST_BUILD=%s %s %s 2>&1; echo \"exit:$?\""):format(q(root), env or "",
    q(build:sub(1, 1) == "/" and build or (root .. "/" .. build)), q(root .. "/bin/flopcost"), args)
  local p = io.popen(cmd)
  local out = p:read("a")
  p:close()
  return out:gsub("exit:%d+\n$", ""), tonumber(out:match("exit:(%d+)\n$"))
end

local function slurp(path)
  local f = assert(io.open(path, "rb"))
  local s = f:read("a")
  f:close()
  return s
end

local dir
local SCENARIO = [[
return {
  region = "us-tx", chips = { ["H100-SXM"] = 1 }, utilization = 0.7,
  vary = {
    electricity_usd_per_kwh = { "lognormal90", 0.04, 0.09 },
    chip_price_usd = { "pert", 25000, 30000, 40000 },
    utilization = { "pert", 0.5, 0.7, 0.9 },
  },
}
]]

setup(function()
  dir = os.tmpname()
  os.remove(dir)
  os.execute("mkdir -p " .. q(dir))
  local f = assert(io.open(dir .. "/run.lua", "w"))
  f:write(SCENARIO)
  f:close()
end)
teardown(function() os.execute("rm -rf " .. q(dir)) end)

describe("--shard slurm", function()
  it("takes the part from Slurm's array variables", function()
    local env = { SLURM_ARRAY_TASK_ID = "5", SLURM_ARRAY_TASK_COUNT = "8", SLURM_ARRAY_TASK_MIN = "0" }
    assert.are.same({ i = 6, n = 8 }, common.shard("slurm", function(k) return env[k] end))
    env.SLURM_ARRAY_TASK_MIN = "1" -- --array=1-8
    assert.are.same({ i = 5, n = 8 }, common.shard("slurm", function(k) return env[k] end))
    env.SLURM_ARRAY_TASK_STEP = "2"
    local none, err = common.shard("slurm", function(k) return env[k] end)
    assert.is_nil(none)
    assert.truthy(err:find("STEP must be 1", 1, true))
    none, err = common.shard("slurm", function() return nil end)
    assert.is_nil(none)
    assert.truthy(err:find("SLURM_ARRAY_TASK_ID and SLURM_ARRAY_TASK_COUNT are not set", 1, true))
  end)

  it("is a usage error (status 2) outside an array job", function()
    local out, status = cli("sobol " .. q(dir .. "/run.lua") .. " --shard slurm --state x.json")
    assert.are.equal(2, status)
    assert.truthy(out:find("not set (not in a Slurm array job)", 1, true), out)
  end)
end)

describe("flopcost sobol", function()
  it("prints indices, and its shards merge to the unsharded run byte for byte", function()
    local whole, status = cli("sobol " .. q(dir .. "/run.lua") .. " --samples 3000 --seed 4 --format json")
    assert.are.equal(0, status, whole)
    local parts = {}
    for i = 0, 2 do -- as the tasks of an --array=0-2 job
      local _, st = cli(("sobol %s --samples 3000 --seed 4 --shard slurm --state %s"):format(q(dir .. "/run.lua"),
        q(dir .. "/s" .. i .. ".json")), ("SLURM_ARRAY_TASK_ID=%d SLURM_ARRAY_TASK_COUNT=3"):format(i))
      assert.are.equal(0, st)
      parts[#parts + 1] = q(dir .. "/s" .. i .. ".json")
    end
    local merged = cli("merge --format json " .. table.concat(parts, " ", 3, 3) .. " " .. table.concat(parts, " ", 1, 2))
    assert.are.equal(whole, merged)
    local doc = require("flopcost.core").json.decode(whole)
    assert.are.equal(3, #doc.inputs)
    assert.are.equal(3000 * 5, doc.evaluations)
    -- a missing shard: an error, status 1
    local out, st = cli("merge " .. parts[1] .. " " .. parts[2])
    assert.are.equal(1, st)
    assert.truthy(out:find("some shards are missing", 1, true), out)
  end)

  it("draws the indices as SVG and Vega-Lite", function()
    local out, status = cli(("sobol %s --samples 2000 --out %s"):format(q(dir .. "/run.lua"), q(dir .. "/sens")))
    assert.are.equal(0, status, out)
    local svg = slurp(dir .. "/sens-sobol.svg")
    assert.truthy(svg:find("<svg", 1, true))
    assert.truthy(svg:find("Sobol indices", 1, true))
    local vl = require("flopcost.core").json.decode(slurp(dir .. "/sens-sobol.vl.json"))
    assert.truthy(tostring(vl["$schema"]):find("vega-lite", 1, true))
  end)
end)

describe("flopcost mc --shard and merge", function()
  it("merge to the unsharded run (streaming quantiles) byte for byte", function()
    local whole = cli("mc " .. q(dir .. "/run.lua") .. " --samples 200000 --seed 9 --quantiles streaming --format json")
    local parts = {}
    for i = 1, 4 do
      local p = q(dir .. "/m" .. i .. ".json")
      local _, st = cli(("mc %s --samples 200000 --seed 9 --quantiles streaming --shard %d/4 --state %s")
        :format(q(dir .. "/run.lua"), i, p))
      assert.are.equal(0, st)
      parts[i] = p
    end
    assert.are.equal(whole, cli("merge --format json " .. table.concat(parts, " ")))
    assert.truthy(whole:find('"quantile_method":"streaming"', 1, true), whole)
  end)
end)

describe("flopcost compare --stream", function()
  it("writes a sweep's rows as they finish; shards concatenate to the whole file", function()
    local env = "FLOPCOST_SWEEP='12 5'"
    local study = q(root .. "/examples/slurm/sweep-study.lua")
    local out, st = cli(("compare --study %s --no-intervals --stream %s"):format(study, q(dir .. "/whole.csv")), env)
    assert.are.equal(0, st, out)
    assert.truthy(out:find("wrote " .. dir .. "/whole.csv (60 of 60 cells)", 1, true), out)
    for line in out:gmatch("[^\n]+") do assert.is_true(#line <= 100, line) end
    local merged = {}
    for i = 1, 7 do -- more parts than some mixes, fewer than the cells
      local part = dir .. "/p" .. i .. ".csv"
      local _, s = cli(("compare --study %s --no-intervals --shard %d/7 --stream %s"):format(study, i, q(part)), env)
      assert.are.equal(0, s)
      local text = slurp(part)
      merged[#merged + 1] = i == 1 and text or text:gsub("^[^\n]*\n", "", 1)
    end
    local whole = slurp(dir .. "/whole.csv")
    assert.are.equal(whole, table.concat(merged))
    local rows = 0
    for _ in whole:gmatch("\n") do rows = rows + 1 end
    assert.are.equal(61, rows)
    local _, bad = cli(("compare --study %s --stream %s --format csv"):format(study, q(dir .. "/x.csv")), env)
    assert.are.equal(2, bad)
  end)
end)

describe("flopcost compare --state and merge", function()
  it("merges every part to the unsharded grid, intervals included, and refuses a missing part", function()
    local whole = cli("compare --format json")
    local parts = {}
    for i = 1, 5 do
      parts[i] = q(dir .. "/c" .. i .. ".json")
      local out, st = cli(("compare --shard %d/5 --state %s"):format(i, parts[i]))
      assert.are.equal(0, st, out)
    end
    local merged, st = cli("merge --format json " .. table.concat(parts, " ", 3) .. " " .. table.concat(parts, " ", 1, 2))
    assert.are.equal(0, st, merged)
    local decode = require("flopcost.core").json.decode
    local w, m = decode(whole), decode(merged)
    assert.are.equal(46, #m)
    local by = {}
    for _, r in ipairs(m) do by[r.region .. "|" .. r.mix] = r end
    for _, r in ipairs(w) do
      local x = by[r.region .. "|" .. r.mix]
      assert.are.equal(r.usd_per_eflop, x.usd_per_eflop)
      assert.are.equal(r.interval.p05, x.interval.p05)
      assert.are.equal(r.interval.p95, x.interval.p95)
    end
    local out, bad = cli("merge " .. parts[1] .. " " .. parts[3])
    assert.are.equal(1, bad)
    assert.truthy(out:find("shard(s) 2, 4, 5 of 5 missing", 1, true), out)
    out, bad = cli("merge " .. parts[1] .. " " .. parts[1])
    assert.are.equal(1, bad)
    assert.truthy(out:find("shard 1/5 given twice", 1, true), out)
    out, bad = cli("merge --partial " .. parts[1] .. " " .. parts[3])
    assert.are.equal(0, bad)
    assert.truthy(out:find("partial result: shard(s) 2, 4, 5 missing", 1, true), out)
  end)
end)
