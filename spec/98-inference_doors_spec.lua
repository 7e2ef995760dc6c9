-- The serving doors an analyst reaches from README and --help (issue 20, "every door shows
-- inference results as $/Mtok"), each case found failing on main at edc3a3e by the audit of
-- 2026-12-07 (/work/notes/doors.md): fc.compare.text and `flopcost merge` of an inference study,
-- report.explain across workloads, a list of results evaluated alone (the access column), the
-- Vega-Lite twin's field names, a per-FLOP Monte Carlo output on a serving scenario, fleet's and
-- serve's messages for bad input, `mtp` in a scenario, README's production-day command.
local fc = require "flopcost"
local H = require "spec.helpers"
local q, sh = H.quote, H.sh
local build = os.getenv("FLOPCOST_BUILD") or "build"

local function cli(args)
  return sh(("LUA_PATH='./lua/?.lua;./lua/?/init.lua;;' LUA_CPATH='./%s/?.so;;' lua5.4 bin/flopcost %s")
    :format(build, args))
end

local STUDY = "models/scenarios/inference.lua"

-- The blended $/Mtok of every row of an inference table: { "region mix" = value }.
local function table_rows(text)
  local rows = {}
  for line in text:gmatch("[^\n]+") do
    local region, access, rest = line:match("^(%S+)%s+(%S+)%s+(.-)%s+%d+%.%d+ ")
    local blended = line:match("^%S+%s+%S+%s+.-%s(%d+%.%d+) ")
    if region and blended and region ~= "region" then rows[region .. " " .. rest] = { tonumber(blended), access } end
  end
  return rows
end

describe("an inference study through fc.compare.text and flopcost merge", function()
  local grid = fc.compare.run(dofile(STUDY), { intervals = false })

  it("fc.compare.text reads in $ per million tokens, one row per cell, B200 in China denied", function()
    local text = fc.compare.text(grid)
    -- it printed "$/EFLOP ... $111B" and a gap of "(+0.0%)" where the gap is +84 %
    assert.is_nil(text:find("EFLOP", 1, true), text)
    assert.is_nil(text:find("1e18", 1, true), text)
    assert.truthy(text:find("$ per million tokens serving Llama-3.1-70B (fp8)", 1, true), text)
    local rows, n = table_rows(text), 0
    for _, r in ipairs(grid.results) do
      local row = rows[r.region:sub(1, 10) .. " " .. r.mix]
      assert.is_table(row, r.region .. " " .. r.mix)
      assert.near(r.usd_per_mtok_blended, row[1], 0, 0.0005) -- printed to 3 decimals
      if r.mix == "B200" and r.region:match("^cn%-") then assert.are.equal("denied", row[2]) end
      n = n + 1
    end
    assert.are.equal(22, n)
  end)

  it("merge of two compare shards prints the unsharded $/Mtok table", function()
    local dir = os.tmpname()
    local whole, st0 = cli("compare --workload inference --no-intervals")
    assert.are.equal(0, st0, whole)
    local _, st1 = cli(("compare --workload inference --no-intervals --shard 1/2 --state %s.1"):format(q(dir)))
    local _, st2 = cli(("compare --workload inference --no-intervals --shard 2/2 --state %s.2"):format(q(dir)))
    assert.are.equal(0, st1)
    assert.are.equal(0, st2)
    local merged, st = cli(("merge %s.1 %s.2"):format(q(dir), q(dir)))
    os.remove(dir .. ".1"); os.remove(dir .. ".2"); os.remove(dir)
    assert.are.equal(0, st, merged)
    -- it printed training's table: "$/EFLOP ... 1e25 run $1.11e+18"
    assert.is_nil(merged:find("EFLOP", 1, true), merged)
    -- the compare table without its two header lines (what it serves), row for row
    local body = whole:gsub("^[^\n]*\n[^\n]*\n", "", 1)
    assert.are.equal((body:gsub("%s+$", "")), (merged:gsub("%s+$", "")))
  end)
end)

describe("serving results outside a study", function()
  local function serving(region, chip)
    return fc.scenario { region = region, chips = { [chip] = 1 },
      workload = { kind = "inference", model = "Llama-3.1-70B" } }:evaluate()
  end
  local east, va = serving("cn-east", "B200"), serving("us-va", "B200")

  it("a list evaluated alone shows each cell's access (it showed '?': B200 in China unflagged)", function()
    local rows = table_rows(fc.report.table { east, va })
    assert.are.equal("denied", rows["cn-east B200"][2])
    assert.are.equal("domestic", rows["us-va B200"][2])
    local md = fc.report.markdown { east, va }
    assert.truthy(md:find("| cn-east | denied (+100% grey) | B200 |", 1, true), md)
    assert.truthy(md:find("| us-va | domestic | B200 |", 1, true), md)
  end)

  it("report.explain refuses a serving result beside a training one (it printed '$0.972 vs $301B')", function()
    local train = fc.scenario { region = "us-tx", chips = { B200 = 1 } }:evaluate()
    assert.are.equal("flopcost.report.explain: argument 'b': a training result beside a serving one: "
      .. "$ per million tokens and $ per training FLOP have no gap; explain two results of the same workload",
      H.error_of(fc.report.explain, east, train))
    assert.truthy(H.error_of(fc.report.explain, train, east):find("argument 'a': a serving result", 1, true))
    -- two serving results still explain in $/Mtok: the gap is the difference of the blended costs
    local e = fc.report.explain(va, east)
    assert.near(east.usd_per_mtok_blended - va.usd_per_mtok_blended, e.gap, 1e-12)
  end)
end)

describe("the inference chart's Vega-Lite twin", function()
  it("names its cost fields in $/Mtok (they were usd_per_eflop holding $/Mtok values)", function()
    local grid = fc.compare.run(dofile(STUDY), { intervals = false })
    local spec = require("flopcost.inference.compare").charts(grid)[1].vega
    local json = require("flopcost.vega").encode(spec)
    assert.is_nil(json:find("eflop", 1, true))
    -- every total in the data is its row's blended $/Mtok
    local by_row, totals = {}, 0
    for _, r in ipairs(grid.results) do by_row[r.mix .. "|" .. r.region] = r.usd_per_mtok_blended end
    local function walk(v)
      if type(v) ~= "table" then return end
      if v.kind == "total" and v.usd_per_mtok then
        local want = by_row[v.mix .. "|" .. v.region]
        assert.is_number(want, tostring(v.mix))
        assert.near(want, v.usd_per_mtok, 1e-12)
        totals = totals + 1
      end
      for _, x in pairs(v) do walk(x) end
    end
    walk(spec)
    assert.are.equal(22, totals)
  end)
end)

describe("a serving scenario's Monte Carlo output", function()
  local s = fc.scenario { region = "us-va", chips = { ["H100-SXM"] = 1 },
    workload = { kind = "inference", model = "Llama-3.1-70B" } }
  local vary = { utilization = fc.dist.uniform(0.3, 0.6) }
  local MSG = "field 'output': 'usd_per_eflop' is per training FLOP; an inference scenario's outputs are "
    .. "usd_per_mtok_blended, usd_per_mtok_output, usd_per_mtok_input and j_per_token"

  it("refuses a per-FLOP output (mc printed 'mean 4.38e+11' in training's name)", function()
    assert.are.equal("flopcost.montecarlo: " .. MSG,
      H.error_of(fc.montecarlo, s, { samples = 100, vary = vary, output = "usd_per_eflop" }))
    assert.are.equal("flopcost.sensitivity.sobol: " .. MSG,
      H.error_of(fc.sensitivity.sobol, { scenario = s, samples = 64, vary = vary, output = "usd_per_eflop" }))
    local f = os.tmpname()
    local h = assert(io.open(f, "w"))
    h:write('return { region = "us-va", chips = { ["H100-SXM"] = 1 }, workload = { kind = "inference", '
      .. 'model = "Llama-3.1-70B" } }\n')
    h:close()
    local out, st = cli(("mc %s --samples 100 --vary 'utilization=uniform(0.3,0.6)' --output usd_per_eflop")
      :format(q(f)))
    os.remove(f)
    assert.are_not.equal(0, st)
    assert.truthy(out:find(MSG, 1, true), out)
  end)
end)

describe("fc.inference.fleet's messages name the fields the caller wrote", function()
  local function day(over)
    local o = { model = "DeepSeek-V3", chip = "H800-SXM", region = "cn-guizhou", precision = "fp8",
      tokens_per_day = { input = 608e9, cached_input = 342e9, output = 168e9 }, slo = { tpot_s = 0.05 },
      api_price_usd_per_mtok = { input = 0.55, cached_input = 0.14, output = 2.19 } }
    for k, v in pairs(over) do o[k] = v end
    return function() return fc.inference.fleet(o) end
  end
  local F = "flopcost.inference.fleet: "
  H.error_rows(it, {
    { "negative input tokens (it said 'input_tokens_per_day')", day { tokens_per_day = { input = -1, output = 1e9 } },
      F .. "field 'tokens_per_day.input': finite number >= 0 expected, got -1" },
    { "NaN input tokens", day { tokens_per_day = { input = 0 / 0, output = 1e9 } },
      F .. "field 'tokens_per_day.input': finite number >= 0 expected, got nan" },
    { "a string for a number", day { tokens_per_day = { input = "1e9", output = 1e9 } },
      F .. "field 'tokens_per_day.input': finite number >= 0 expected, got '1e9'" },
    { "more cached than input (it said serve's 'cache_hit' ... got 2)",
      day { tokens_per_day = { input = 1e9, cached_input = 2e9, output = 1e9 } },
      F .. "field 'tokens_per_day.cached_input': at most tokens_per_day.input (1e+09) expected, got 2000000000" },
    { "a price list without the output price (it was accepted: revenue from input alone)",
      day { api_price_usd_per_mtok = { input = 0.5 } },
      F .. "field 'api_price_usd_per_mtok.output': finite number >= 0 expected, got nil" },
    { "a negative price (it said 'price_input')", day { api_price_usd_per_mtok = { input = -1, output = 2 } },
      F .. "field 'api_price_usd_per_mtok.input': finite number >= 0 expected, got -1" },
    { "an unknown chip (it said flopcost.inference.serve)", day { chip = "H900" },
      F .. "field 'chip': unknown chip 'H900' (did you mean 'H100-SXM', 'H200', 'H800-SXM'?)" },
    { "an unknown region (it said flopcost.catalog)", day { region = "cn-guizhuo" },
      F .. "field 'region': unknown region 'cn-guizhuo' (did you mean 'cn-guizhou'?)" },
    { "a number for a region (it said flopcost.catalog.region: argument 'name')", day { region = 3 },
      F .. "field 'region': region name expected, got 3" },
    { "a negative TPOT target (it said flopcost.inference.serve)", day { slo = { tpot_s = -0.05 } },
      F .. "field 'slo.tpot_s': positive number expected, got -0.05" },
  })

  it("raises at the caller's line, not inside fleet.lua", function()
    local _, err = pcall(day { tokens_per_day = { input = -1, output = 1e9 } })
    assert.truthy(err:find("^spec/98%-inference_doors_spec%.lua:%d+: "), err)
  end)
end)

describe("mtp through both doors", function()
  local base = { model = "DeepSeek-V3", chip = "H200", chips = 16, precision = "fp8", input_tokens = 2000,
    output_tokens = 500 }
  local function serve(over)
    local o = {}
    for k, v in pairs(base) do o[k] = v end
    for k, v in pairs(over) do o[k] = v end
    return fc.inference.serve(o)
  end

  it("names mtp's fields as written (it said field 'acceptance')", function()
    assert.are.equal("flopcost.inference.serve: field 'mtp.acceptance': number in [0, 1] expected, got 1.5",
      H.error_of(serve, { mtp = { acceptance = 1.5 } }))
  end)

  it("an inference scenario takes mtp = {acceptance} as fc.inference.serve does (it was an unknown field)", function()
    local r = serve { mtp = { acceptance = 0.8 } }
    -- one draft token accepted at 0.8: (1 - 0.8^2) / (1 - 0.8) = 1.8 tokens a step
    assert.near(1.8, r.tokens_per_step, 1e-12)
    local s = fc.scenario { region = "us-va", chips = { H200 = 1 }, precision = "fp8", workload = { kind = "inference",
      model = "DeepSeek-V3", chips = 16, input_tokens = 2000, output_tokens = 500, mtp = { acceptance = 0.8 } } }
    assert.are.equal(r.tokens_per_s_per_chip, s:evaluate().inference.tokens_per_s_per_chip)
  end)
end)

describe("README's production-day example", function()
  it("runs as README says, from the checkout, with no LUA_PATH or LUA_CPATH set", function()
    local f = assert(io.open("README.md"))
    local readme = f:read("a")
    f:close()
    local cmd = readme:match("`(flopcost run examples/serving/deepseek%-day%.lua)` rebuilds")
    assert.is_string(cmd, "README names the command")
    for _, c in ipairs { "bin/" .. cmd, "lua5.4 examples/serving/deepseek-day.lua" } do
      -- `lua5.4 examples/...` (README's command before) failed: module 'flopcost.core' not found
      local out, st = sh("env -u LUA_PATH -u LUA_CPATH " .. c)
      assert.are.equal(0, st, c .. "\n" .. out)
      assert.truthy(out:find("nodes on average                         226.75", 1, true), out)
    end
  end)
end)
