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

  it("the table says its what-ifs, as training's does (it did not)", function()
    local out, st = cli("compare --workload inference --no-intervals --set chip.H100-SXM.price_usd=20000")
    assert.are.equal(0, st, out)
    assert.are.equal("  what-ifs: --set chip.H100-SXM.price_usd=20000", select(3, out:match("^([^\n]*)\n([^\n]*)\n([^\n]*)")))
  end)

  it("--workload inference refuses a study that serves no model (it printed training's table)", function()
    local out, st = cli("compare --workload inference models/scenarios/default.lua --no-intervals")
    assert.are.equal(2, st, out)
    assert.are.equal("flopcost: compare: --workload inference: models/scenarios/default.lua serves no model "
      .. "(no workload in its base)", out:match("^[^\n]*"))
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
    -- the notebook's HTML table of the list
    local html = require("flopcost.cli.pretty").bundle({ east, va })["text/html"]
    assert.truthy(html:find("<td>cn-east</td><td>B200</td><td>denied (+100% grey)</td>", 1, true), html)
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

describe("where a serving scenario's inputs come from (r:explain(), the workbook)", function()
  it("tokens/s and the serving draw are the serving model's (they were the datasheet's)", function()
    local s = fc.scenario { region = "us-va", chips = { ["H100-SXM"] = 1 },
      workload = { kind = "inference", model = "Llama-3.1-70B", input_tokens = 2000, output_tokens = 500 } }
    local r = s:evaluate()
    local text = tostring(s:explain())
    local tps = text:match("\n  peak_flops_per_s +(%S+) +([^\n]*)")
    assert.near(r.tokens_per_s_per_chip, tonumber(tps), 1e-5) -- printed to 6 significant digits
    local line = text:match("\n  peak_flops_per_s[^\n]*")
    assert.truthy(line:find("the serving model (fc_compose): tokens/s per chip", 1, true), line)
    assert.truthy(text:match("\n  tdp_w[^\n]*"):find("the serving model (fc_compose): the board's draw", 1, true))
  end)
end)

describe("charts of serving results drawn from Lua", function()
  local function serving(region)
    return fc.scenario { region = region, chips = { B200 = 1 },
      workload = { kind = "inference", model = "Llama-3.1-70B" } }:evaluate()
  end
  local rs = { serving("cn-east"), serving("us-tx") }

  it("fc.plot.compare and fc.vega.compare of a list draw $/Mtok (they drew $ per 1e18 'training FLOP')", function()
    local svg = fc.plot.compare(rs)
    assert.is_nil(svg:find("FLOP", 1, true))
    assert.truthy(svg:find(">USD per million tokens (input and output blended)</text>", 1, true))
    for _, r in ipairs(rs) do -- each bar's value label: its blended $/Mtok
      assert.truthy(svg:find(">" .. fc.report.usd(r.usd_per_mtok_blended) .. "</text>", 1, true), r.region)
    end
    local json = fc.vega.encode(fc.vega.compare(rs))
    assert.is_nil(json:find("FLOP", 1, true))
    assert.is_nil(json:find("eflop", 1, true))
    -- a chart of one result alone, too
    assert.is_nil(fc.plot.compare(rs[1]):find("FLOP", 1, true))
  end)

  it("fc.compare.charts and fc.compare.write_files of an inference grid are its $/Mtok chart", function()
    local grid = fc.compare.run(dofile(STUDY), { intervals = false })
    local charts = fc.compare.charts(grid)
    assert.are.equal(1, #charts) -- it gave training's two, the utilization one included
    assert.are.equal(require("flopcost.inference.compare").charts(grid)[1].svg, charts[1].svg)
    assert.is_nil(charts[1].svg:find("training FLOP", 1, true))
  end)
end)

describe("a serving scenario's Monte Carlo output", function()
  local s = fc.scenario { region = "us-va", chips = { ["H100-SXM"] = 1 },
    workload = { kind = "inference", model = "Llama-3.1-70B" } }
  local vary = { utilization = fc.dist.uniform(0.3, 0.6) }
  local MSG = "field 'output': 'usd_per_eflop' is per training FLOP; an inference scenario's outputs are "
    .. "usd_per_mtok_blended, usd_per_mtok_output, usd_per_mtok_input, j_per_token and water_l_per_mtok"

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
    { "a negative measured rate (it said 'prefill_new_tokens_per_s_per_chip' ... got -5.0)",
      day { rates = { prefill_tokens_per_s_per_chip = -5, output_tokens_per_s_per_chip = 100 } },
      F .. "field 'rates.prefill_tokens_per_s_per_chip': positive finite number expected, got -5" },
    { "a negative request shape (it said 'input_tokens')", day { request = { input_tokens = -1 } },
      F .. "field 'request.input_tokens': positive finite number expected, got -1" },
  })
  H.error_rows(it, {
    { "serve: a batch over the core's bound (it said 'positive number expected, got nil')",
      function() return fc.inference.serve { model = "Llama-3.1-70B", chip = "H100-SXM", batch = 2000000000 } end,
      "flopcost.inference.serve: field 'batch': integer in [1, 1e9] expected, got 2000000000" },
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

describe("flopcost serve's options", function()
  local rows = {
    { "--ttft -1", "flopcost serve: --ttft: -1 is not above 0" }, -- it said "-1 is below the minimum 0"
    { "--ttft 0", "flopcost serve: --ttft: 0 is not above 0" }, -- it was accepted
    { "--tpot nan", "flopcost serve: --tpot: 'nan' is not a number" },
    { "--arrival-rate 0", "flopcost serve: --arrival-rate: 0 is not above 0" },
    { "--chips 2.5", "flopcost serve: --chips: '2.5' is not a whole number" },
    { "--input -5", "flopcost serve: --input: -5 is below the minimum 1" },
    { "--cache-hit -1", "flopcost serve: --cache-hit: -1 is below the minimum 0" },
  }
  for _, row in ipairs(rows) do
    it("names the option in its message: " .. row[1], function()
      local out, st = cli("serve Llama-3.1-70B H100-SXM " .. row[1])
      assert.are.equal(2, st, out)
      assert.are.equal(row[2], out:match("^[^\n]*"))
    end)
  end
end)

describe("a scenario file that returns fc.scenario{...}", function()
  -- run, mc and sobol said "flopcost.scenario: unknown field 'label'" (or 'opts', 'chip_weights')
  local f = os.tmpname() .. ".lua"
  local h = assert(io.open(f, "w"))
  h:write('return fc.scenario{ region = "us-va", chips = { ["H100-SXM"] = 1 }, workload = { kind = "inference", '
    .. 'model = "Llama-3.1-70B", input_tokens = 2000, output_tokens = 500 } }\n')
  h:close()
  local r = fc.scenario { region = "us-va", chips = { ["H100-SXM"] = 1 }, workload = { kind = "inference",
    model = "Llama-3.1-70B", input_tokens = 2000, output_tokens = 500 } }:evaluate()
  teardown(function() os.remove(f) end)

  it("is evaluated by run as its options would be", function()
    local out, st = cli("run " .. q(f))
    assert.are.equal(0, st, out)
    assert.truthy(out:find(fc.report.usd(r.usd_per_mtok_output) .. " per million output tokens", 1, true), out)
  end)

  it("is drawn by mc and sobol", function()
    local out, st = cli("mc " .. q(f) .. " --samples 200 --vary 'utilization=uniform(0.3,0.6)' --format json")
    assert.are.equal(0, st, out)
    assert.are.equal("usd_per_mtok_blended", fc.json.decode(out).output)
    local s_out, s_st = cli("sobol " .. q(f) .. " --samples 64 --vary 'utilization=uniform(0.3,0.6)' "
      .. "--vary 'pue=uniform(1.1,1.3)'")
    assert.are.equal(0, s_st, s_out)
    assert.truthy(s_out:find("Sobol indices of usd_per_mtok_blended", 1, true), s_out)
  end)
end)

describe("print of fc.inference.serve's and fc.inference.fleet's results", function()
  -- both printed "table: 0x..."
  local usd, qty = fc.report.usd, fc.report.qty
  local function fits(text)
    for line in text:gmatch("[^\n]+") do assert.is_true(#line <= 100, line) end
  end

  it("a serve result says its throughput, latency and layout per phase", function()
    local r = fc.inference.serve { model = "DeepSeek-V3", chip = "H800-SXM", chips = 32, precision = "fp8",
      input_tokens = 2000, output_tokens = 500, disaggregated = true }
    local text = tostring(r)
    fits(text)
    assert.truthy(text:find(("%s output tokens/s in all"):format(qty(r.output_tokens_per_s)), 1, true), text)
    -- per chip, TTFT/TPOT and J/token through the scenario summary's formatter (serving_facts)
    assert.truthy(text:find(("per chip: %s tokens/s (%s output), batch %d in a group of %d"):format(
      qty(r.tokens_per_s_per_chip), qty(r.output_tokens_per_s_per_chip), r.batch, r.group), 1, true), text)
    assert.truthy(text:find(("TPOT %s ms"):format(fc.report.sig(r.tpot_s * 1e3, 3)), 1, true), text)
    assert.truthy(text:find(("%s J/token"):format(fc.report.sig(r.j_per_token, 3)), 1, true), text)
    assert.truthy(text:find(("prefill %d chips in groups of %d (tp %d, ep %d, dp %d)"):format(r.layout.prefill.pool,
      r.layout.prefill.chips, r.layout.prefill.tp, r.layout.prefill.ep, r.layout.prefill.dp), 1, true), text)
    assert.truthy(text:find("decode %d+ chips in groups of"), text)
    -- the REPL shows the same text; the fields stay readable
    assert.are.equal(text, require("flopcost.cli.pretty").text(r))
    assert.are.equal(32, r.chips)
  end)

  it("a fleet result says its chips, nodes, cost, revenue and margin", function()
    local f = fc.inference.fleet { model = "DeepSeek-V3", chip = "H800-SXM", region = "cn-guizhou", precision = "fp8",
      tokens_per_day = { input = 608e9, cached_input = 342e9, output = 168e9 }, slo = { tpot_s = 0.05 },
      api_price_usd_per_mtok = { input = 0.55, cached_input = 0.14, output = 2.19 } }
    local text = tostring(f)
    fits(text)
    assert.truthy(text:find(("%d chips, %d nodes at the peak hour"):format(f.chips, f.nodes), 1, true), text)
    assert.truthy(text:find(("cost %s a day"):format(usd(f.cost_usd_per_day)), 1, true), text)
    assert.truthy(text:find(("revenue %s a day"):format(usd(f.revenue_usd_per_day)), 1, true), text)
    -- revenue at R1's prices, by hand: (608e9 - 342e9) x 0.55 + 342e9 x 0.14 + 168e9 x 2.19, per 1e6
    assert.near((266e9 * 0.55 + 342e9 * 0.14 + 168e9 * 2.19) / 1e6, f.revenue_usd_per_day, 1e-12)
  end)

  -- Without prices it printed "revenue $0 a day at the API prices, margin -1.00", and its decode pool
  -- as "1.23e+03 decode chips".
  it("a fleet without API prices says so; its pools print as whole chips", function()
    local f = fc.inference.fleet { model = "DeepSeek-V3", chip = "H800-SXM", region = "us-va", precision = "fp8",
      tokens_per_day = { input = 608e9, cached_input = 342e9, output = 168e9 } }
    local text = tostring(f)
    fits(text)
    assert.falsy(text:find("revenue $", 1, true) or text:find("margin -", 1, true), text)
    assert.truthy(text:find("no api_price_usd_per_mtok given: no revenue or margin", 1, true), text)
    assert.truthy(text:find(("%.0f prefill + %.0f decode chips"):format(f.prefill_chips, f.decode_chips), 1, true),
      text)
    assert.falsy(text:find("e+0", 1, true), text)
  end)
end)
