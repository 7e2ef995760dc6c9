-- Exports and text of `flopcost compare` (issue 15, "Exports and text"): provenance in
-- CSV and JSON, loadable by pandas without cleanup; a 100-column table with one
-- number of decimals per column; stdout and stderr that never interleave mid-line.
require "spec.helpers"
local fc = require "flopcost"
local build = os.getenv("FLOPCOST_BUILD") or "build"
-- Debian's python3 (python3-pandas is a Debian package; a python3 earlier on PATH may lack it)
local PY = "/usr/bin/python3"

local function run(cmd)
  local p = assert(io.popen(cmd))
  local out = p:read("a")
  return out, p:close()
end
local function flopcost(args)
  return run(("LUA_PATH='./lua/?.lua;./lua/?/init.lua;;' LUA_CPATH='./%s/?.so;;' lua5.4 bin/flopcost %s")
    :format(build, args))
end

describe("compare exports", function()
  local prefix = os.tmpname()
  local out, ok = flopcost("compare --out " .. prefix .. " 2>&1")
  local lines = {}
  for l in out:gmatch("([^\n]*)\n") do lines[#lines + 1] = l end

  it("writes its table before the 'wrote' lines when stdout and stderr share one pipe", function()
    assert.is_true(ok, out)
    -- before: stdout was block-buffered into the pipe and stderr not, so "wrote ..."
    -- landed inside the table; now every "wrote" line follows the last table line
    local first_wrote
    for i, l in ipairs(lines) do
      if l:find("wrote", 1, true) then
        assert.truthy(l:find("^wrote /"), "'wrote' inside a line: " .. l)
        first_wrote = first_wrote or i
      end
    end
    assert.is_not_nil(first_wrote)
    for i = first_wrote, #lines do assert.truthy(lines[i]:find("^wrote /"), lines[i]) end
    -- .svg, .vl.json, -utilization.svg, -utilization.vl.json, .csv, .json
    assert.are.equal(6, #lines - first_wrote + 1)
  end)

  it("fits 100 columns, with one number of decimals per column", function()
    for _, l in ipairs(lines) do
      if not l:find("^wrote ") then assert.is_true(utf8.len(l) <= 100, ("%d columns: %s"):format(utf8.len(l), l)) end
    end
    -- table rows: two spaces, a short region, an access word, then numbers
    local decimals = {}
    local rows = 0
    for _, l in ipairs(lines) do
      local rest = l:match("^  [a-z][a-z]%-[%w-]+ +%a+ +(.*)$")
      if rest then
        rows = rows + 1
        local j = 0
        for cellv in rest:gmatch("%S+") do
          j = j + 1
          local d = cellv:match("^%d+%.(%d+)$") or cellv:match("^%d+%.(%d+)%-")
          if d then
            decimals[j] = decimals[j] or #d
            assert.are.equal(decimals[j], #d, ("column %d: %s in %s"):format(j, cellv, l))
          end
        end
      end
    end
    assert.are.equal(46, rows)
    -- short region names with their legend
    assert.truthy(out:find("\n  cn%-gui = cn%-guizhou: China"), out)
  end)

  it("--wide prints every column and full region ids", function()
    local wide = flopcost("compare --no-intervals --wide 2>&1")
    assert.truthy(wide:find("\ncn%-gansu%-qingyang +B200 +denied"), wide)
    assert.truthy(wide:find("1e25 run", 1, true))
    assert.truthy(wide:find("owned/cloud", 1, true))
  end)

  it("CSV: access, provenance and each row's inputs, read by pandas without cleanup", function()
    local py = [[
import sys, pandas as pd
d = pd.read_csv(sys.argv[1])
assert d.shape[0] == 46, d.shape
for c in ["usd_per_eflop", "breakdown_server", "breakdown_network", "interval_p05", "interval_p95",
          "interval_seed", "interval_samples", "seed", "samples", "m1_share", "m1_chip_price_usd",
          "m1_utilization", "m2_chip_price_usd"]:
    assert pd.api.types.is_numeric_dtype(d[c]), (c, d[c].dtype)
for c in ["access", "flopcost_version", "catalog_as_of", "generator", "interval_generator", "m1_chip"]:
    assert d[c].notna().all(), c
print(d["flopcost_version"].iloc[0], d["catalog_as_of"].iloc[0], d["generator"].iloc[0], int(d["samples"].iloc[0]),
      int((d["access"] == "denied (+100% grey)").sum()), int(d["m2_chip"].notna().sum()),
      int((d["interval_p05"] <= d["usd_per_eflop"]).sum()), int((d["usd_per_eflop"] <= d["interval_p95"]).sum()))
]]
    local res, pok = run(("%s -c '%s' %s.csv 2>&1"):format(PY, py, prefix))
    assert.is_true(pok, res)
    -- version, catalog date, generator and samples of the study; 5 denied rows (B200 in China);
    -- 10 rows with a second chip (2 mixed mixes x 5 regions); every point value inside its interval
    local as_of = ""
    for _, f in ipairs(fc.catalog.default():files()) do if f.as_of > as_of then as_of = f.as_of end end
    assert.are.equal(("%s %s taus2 20000 5 10 46 46\n"):format(fc.version, as_of), res)
  end)

  it("JSON: the same, flattened by pandas.json_normalize", function()
    local py = [[
import sys, json, pandas as pd
n = pd.json_normalize(json.load(open(sys.argv[1])))
assert n.shape[0] == 46
for c in ["provenance.flopcost_version", "provenance.catalog_as_of", "provenance.seed", "provenance.samples",
          "provenance.generator", "interval.p05", "interval.p95", "interval.seed", "access", "inputs.coupling",
          "breakdown.server", "breakdown.network"]:
    assert c in n.columns, c
print(n["provenance.seed"].iloc[0], int(n["interval.seed"].nunique()))
]]
    local res, pok = run(("%s -c '%s' %s.json 2>&1"):format(PY, py, prefix))
    assert.is_true(pok, res)
    -- the study's seed, and 46 distinct per-row seeds (seed + cell index)
    assert.are.equal("20261123 46\n", res)
  end)

  teardown(function()
    os.execute(("rm -f '%s' '%s'.* '%s'-utilization.*"):format(prefix, prefix, prefix))
  end)
end)

describe("progress bars", function()
  -- `script` (util-linux, Debian's bsdutils, Essential) runs the command on a pseudo-terminal
  local env = ("LUA_PATH='./lua/?.lua;./lua/?/init.lua;;' LUA_CPATH='./%s/?.so;;'"):format(build)
  local function on_terminal(args)
    return run(("script -qec \"%s lua5.4 bin/flopcost %s > /dev/null\" /dev/null 2>&1"):format(env, args))
  end
  it("compare shows one labelled bar for the whole grid, with the time left, on a terminal", function()
    local out = on_terminal("compare")
    local frames = {}
    for f in out:gmatch("compare: 90%% intervals %[[#.]+%] +%d+%%  %d+ of 46 cells, [^\r\n\027]-\027%[K") do
      frames[#frames + 1] = f
    end
    assert.is_true(#frames >= 2, out)
    assert.truthy(frames[#frames]:find("100%%  46 of 46 cells, done in [%d.]+ s"), frames[#frames])
    assert.is_nil(out:find("monte carlo [", 1, true)) -- no bar per cell
  end)
  it("mc shows a bar with samples and time left on a terminal (2M samples or more)", function()
    local out = on_terminal("mc models/scenarios/mc-example.json --samples 2000000")
    assert.truthy(out:find("monte carlo %[#+%] 100%%  2000000 of 2000000 samples, done in [%d.]+ s"), out)
  end)
  it("never wraps: each frame fits the terminal's width, the bar shrinking to fit (issue 23)", function()
    for _, cols in ipairs { 60, 80 } do
      for _, args in ipairs { "compare", "mc models/scenarios/mc-example.json --samples 2000000" } do
        local out = run(("script -qec \"stty cols %d; %s lua5.4 bin/flopcost %s > /dev/null\" /dev/null 2>&1")
          :format(cols, env, args))
        local frames = 0
        for frame in out:gmatch("\r([^\r\n]*)") do
          local shown = frame:gsub("\027%[K", "")
          if #shown > 0 then
            frames = frames + 1
            assert.is_true(#shown < cols, ("%d columns: %d wide: %s"):format(cols, #shown, shown))
          end
        end
        assert.is_true(frames >= 1, out)
      end
    end
  end)
  it("draws nothing when stderr is a pipe", function()
    local out = flopcost("compare 2>&1 >/dev/null")
    assert.are.equal("", out)
    out = flopcost("mc models/scenarios/mc-example.json --samples 2000000 2>&1 >/dev/null")
    assert.are.equal("", out)
  end)
end)
