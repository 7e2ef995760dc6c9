-- flopcost.inference.compare and every door of a serving scenario:
-- `flopcost compare --workload inference` in $ per million tokens through
-- table, CSV, JSON, Markdown, Vega-Lite and the chart (90 % intervals, the
-- access of the chips, training's provenance and column names), and one
-- scenario's $/Mtok the same through print, run, mc and compare.
local fc = require "flopcost"
require "spec.helpers"
local build = os.getenv("FLOPCOST_BUILD") or "build"
local PY = "/usr/bin/python3" -- Debian's, with python3-pandas (Makefile DEBIAN_PKGS)

local function run(cmd)
  local p = assert(io.popen(cmd))
  local out = p:read("a")
  return out, p:close()
end
local function flopcost(args)
  return run(("LUA_PATH='./lua/?.lua;./lua/?/init.lua;;' LUA_CPATH='./%s/?.so;;' lua5.4 bin/flopcost %s")
    :format(build, args))
end

-- The study's cell (cn-ningxia, H20) as a scenario of its own (models/scenarios/inference.lua's base).
local study = dofile("models/scenarios/inference.lua")
local function ningxia_h20()
  local o = { region = "cn-ningxia", chips = { H20 = 1 } }
  for k, v in pairs(study.base) do o[k] = v end
  return fc.scenario(o)
end

describe("flopcost compare --workload inference", function()
  local prefix = os.tmpname()
  local out, ok = flopcost("compare --workload inference --out " .. prefix .. " 2>/dev/null")
  teardown(function() os.execute(("rm -f '%s' '%s'.*"):format(prefix, prefix)) end)

  it("prints $/Mtok with 90 % intervals and the access of the chips, in 100 columns", function()
    assert.is_true(ok, out)
    assert.truthy(out:find("$ per million tokens serving Llama-3.1-70B (fp8)", 1, true), out)
    local rows, denied = 0, 0
    for line in out:gmatch("[^\n]+") do
      assert.is_true(#line <= 100, line)
      local region, access, blended, lo, hi, output, olo, ohi = line:match(
        "^(%S+)%s+(%S+)%s+.-%s(%d+%.%d+) (%d+%.%d+)%-(%d+%.%d+)%s+(%d+%.%d+) (%d+%.%d+)%-(%d+%.%d+)%s")
      if region then
        rows = rows + 1
        -- each cell's point value lies inside its own interval, blended and output
        assert.is_true(tonumber(lo) <= tonumber(blended) and tonumber(blended) <= tonumber(hi), line)
        assert.is_true(tonumber(olo) <= tonumber(output) and tonumber(output) <= tonumber(ohi), line)
        -- B200 in China is denied (export rules), flagged as in training's table
        if line:find(" B200 ", 1, true) and region:match("^cn%-") then
          assert.are.equal("denied", access)
          denied = denied + 1
        end
      end
    end
    assert.are.equal(22, rows) -- 2 mixes x 5 regions + 4 mixes x 3 Chinese regions
    assert.are.equal(3, denied)
  end)

  it("writes CSV that pandas reads with training's provenance and column names", function()
    local py = [[
import sys, pandas as pd
d = pd.read_csv(sys.argv[1])
assert d.shape[0] == 22, d.shape
for c in ["usd_per_eflop", "interval_p05", "interval_p95", "interval_seed", "interval_samples", "seed", "samples",
          "usd_per_mtok_blended", "usd_per_mtok_output", "usd_per_mtok_input", "j_per_token",
          "interval_usd_per_mtok_output_p05", "interval_usd_per_mtok_output_p95", "tokens_per_s_per_chip"]:
    assert pd.api.types.is_numeric_dtype(d[c]), (c, d[c].dtype)
for c in ["region", "region_label", "mix", "access", "flopcost_version", "catalog_as_of", "study", "generator",
          "interval_generator", "m1_chip", "workload", "model", "bound"]:
    assert d[c].notna().all(), c
inside = ((d["interval_usd_per_mtok_output_p05"] <= d["usd_per_mtok_output"])
          & (d["usd_per_mtok_output"] <= d["interval_usd_per_mtok_output_p95"])).sum()
blend = (abs(d["usd_per_mtok_blended"] - d["usd_per_eflop"] * 1e-12) <= 1e-12 * d["usd_per_mtok_blended"]).sum()
print(d["study"].iloc[0], d["generator"].iloc[0], int(d["samples"].iloc[0]),
      int((d["access"] == "denied (+100% grey)").sum()), int(inside), int(blend), d["model"].iloc[0])
]]
    local res, pok = run(("%s -c '%s' %s.csv 2>&1"):format(PY, py, prefix))
    assert.is_true(pok, res)
    -- the study, its generator and samples; 3 denied rows; every output cost inside its interval;
    -- blended = $ per 1e18 tokens x 1e-12 in every row (fc_inference_costs)
    assert.are.equal("inference taus2 20000 3 22 22 Llama-3.1-70B\n", res)
    -- the training CSV's columns all present, in the same names
    local train_header = fc.report.csv({ ningxia_h20():evaluate() }):match("^[^\r\n]+")
    local header = assert(io.open(prefix .. ".csv")):read("l")
    local have = {}
    for c in header:gmatch("[^,]+") do have[c] = true end
    for c in train_header:gmatch("[^,]+") do assert.truthy(have[c], c) end
  end)

  it("writes JSON that pandas flattens, with the provenance and the serving figures", function()
    local py = [[
import sys, json, pandas as pd
n = pd.json_normalize(json.load(open(sys.argv[1])))
for c in ["provenance.flopcost_version", "provenance.catalog_as_of", "provenance.seed", "provenance.samples",
          "provenance.generator", "interval.p05", "access", "serving.usd_per_mtok_output",
          "interval.serving.usd_per_mtok_output.p05", "serving.model", "serving.tokens_per_s_per_chip"]:
    assert c in n.columns, c
print(n.shape[0], n["provenance.study"].iloc[0], int(n["interval.seed"].nunique()))
]]
    local res, pok = run(("%s -c '%s' %s.json 2>&1"):format(PY, py, prefix))
    assert.is_true(pok, res)
    assert.are.equal("22 inference 22\n", res)
  end)

  it("charts $/Mtok with level labels, intervals, the workload, source and date", function()
    local svg = assert(io.open(prefix .. ".svg")):read("a")
    assert.truthy(svg:find("Cost per million tokens serving Llama-3.1-70B (fp8), by chip mix and region", 1, true))
    assert.truthy(svg:find("USD per million tokens (input and output blended)", 1, true))
    assert.is_nil(svg:find("training FLOP", 1, true))
    assert.is_nil(svg:find("rotate(", 1, true)) -- every label level: the chip mix heads its group
    assert.truthy(svg:find(">H20<", 1, true))
    assert.truthy(svg:find('class="whisker"', 1, true)) -- the 90 % intervals
    local as_of = ""
    for _, f in ipairs(fc.catalog.default():files()) do if f.as_of > as_of then as_of = f.as_of end end
    assert.truthy(svg:find("catalog as of " .. as_of, 1, true))
    assert.truthy(svg:find("source: ", 1, true))
    assert.truthy(svg:find("Monte Carlo, 20000 samples per bar", 1, true))
    local vl = fc.json.decode(assert(io.open(prefix .. ".vl.json")):read("a"))
    assert.truthy(fc.json.encode(vl):find("USD per million tokens", 1, true))
  end)

  it("gives Markdown and Vega-Lite in $/Mtok on stdout", function()
    local md, mok = flopcost("compare --workload inference --no-intervals --format markdown 2>/dev/null")
    assert.is_true(mok, md)
    assert.truthy(md:find("| region | access | chips | $/Mtok (blended) |", 1, true), md)
    assert.is_nil(md:find("EFLOP", 1, true))
    local vg, vok = flopcost("compare --workload inference --no-intervals --format vega 2>/dev/null")
    assert.is_true(vok, vg)
    assert.truthy(vg:find("Cost per million tokens serving", 1, true))
  end)
end)

describe("one serving scenario, every door", function()
  local s = ningxia_h20()
  local r = s:evaluate()

  it("gives the same $/Mtok through print, run, mc and compare", function()
    local usd = fc.report.usd
    -- print(r)
    assert.truthy(tostring(r):find(usd(r.usd_per_mtok_output) .. " per million output tokens", 1, true))
    -- flopcost run of the same scenario as a file
    local path = os.tmpname() .. ".lua"
    local f = assert(io.open(path, "w"))
    f:write('local s = dofile("models/scenarios/inference.lua")\n',
      'local o = { region = "cn-ningxia", chips = { H20 = 1 } }\n',
      'for k, v in pairs(s.base) do o[k] = v end\nreturn o\n')
    f:close()
    local out, ok = flopcost("run " .. path .. " 2>&1")
    os.remove(path)
    assert.is_true(ok, out)
    assert.truthy(out:find(("%s per million output tokens, %s input, %s blended"):format(usd(r.usd_per_mtok_output),
      usd(r.usd_per_mtok_input), usd(r.usd_per_mtok_blended)), 1, true), out)
    -- Monte Carlo with nothing varied: every sample is the point
    for _, o in ipairs { "usd_per_mtok_output", "usd_per_mtok_blended" } do
      assert.are.equal(r[o], fc.montecarlo(s, { samples = 64, output = o }).mean)
    end
    -- the compare grid's cell, to the last bit (CSV numbers read back to the same double)
    local grid = fc.compare.run(study, { intervals = false })
    local cell
    for _, g in ipairs(grid.results) do if g.region == "cn-ningxia" and g.mix == "H20" then cell = g end end
    assert.are.equal(r.usd_per_mtok_output, cell.usd_per_mtok_output)
    local csv = fc.report.csv({ cell })
    local header, row = csv:match("^([^\r\n]+)\r\n([^\r\n]+)")
    local col = 0
    for name in header:gmatch("[^,]+") do
      col = col + 1
      if name == "usd_per_mtok_output" then break end
    end
    local k, value = 0
    for v in (row .. ","):gmatch('([^,]*),') do k = k + 1; if k == col then value = v end end
    assert.are.equal(r.usd_per_mtok_output, tonumber(value))
    local j = fc.json.decode(fc.report.json({ cell }))
    assert.are.equal(r.usd_per_mtok_output, j[1].serving.usd_per_mtok_output)
  end)
end)

describe("gaps between serving cells", function()
  it("are explained in $ per million tokens (report.explain, compare --stream)", function()
    local grid = fc.compare.run(study, { intervals = false })
    local a, b
    for _, r in ipairs(grid.results) do
      if r.mix == "H20" and r.region == "cn-guizhou" then a = r end
      if r.mix == "H20" and r.region == "cn-east" then b = r end
    end
    local e = fc.report.explain(a, b)
    -- the gap of the blended costs, split by component in $/Mtok (breakdown x 1e-12), shares summing to 100
    assert.near(b.usd_per_mtok_blended - a.usd_per_mtok_blended, e.gap, 1e-9)
    local sum = 0
    for _, row in ipairs(e.rows) do sum = sum + row.share end
    assert.near(100, sum, 1e-9)
    assert.truthy(e.text:find("per million tokens (blended) than", 1, true), e.text)
    assert.is_nil(e.text:find("FLOP", 1, true))
    local path = os.tmpname() .. ".csv"
    local out, ok = flopcost("compare --workload inference --no-intervals --stream " .. path .. " 2>&1")
    os.remove(path)
    assert.is_true(ok, out)
    assert.truthy(out:find("per million tokens (blended)", 1, true), out)
    assert.is_nil(out:find("per 1e18 FLOP", 1, true))
  end)
end)
