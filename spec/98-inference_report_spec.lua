-- flopcost.inference.report and the serving outputs of Monte Carlo and Sobol:
-- an inference scenario reads in $ per million tokens through every door
-- (print, the REPL's and the notebook's pretty printer, run, mc, sobol), and
-- fc.montecarlo / fc.sensitivity.sobol take output = "usd_per_mtok_output"
-- (also _input, _blended, j_per_token), computed in C (csrc/fc_mc_output.c).
local fc = require "flopcost"
local H = require "spec.helpers"

local WORKLOAD = { kind = "inference", model = "Llama-3.1-70B", input_tokens = 2000, output_tokens = 500,
  cache_hit = 0.5, slo = { ttft_s = 0.45, tpot_s = 0.04 } }
local function serving(extra)
  local o = { region = "cn-ningxia", chips = { H20 = 1 }, precision = "fp8", utilization = 0.3, workload = WORKLOAD }
  for k, v in pairs(extra or {}) do o[k] = v end
  return fc.scenario(o)
end

-- The hand form of fc_inference_costs: $ per 1e18 tokens x 1e-12 is the
-- blended $/Mtok; a request of in + out tokens costs blended x (in + out),
-- of which the prefill share of chip time is the input's and the rest the output's.
local function by_hand(r)
  local inf = r.inference
  local per_request = r.usd_per_eflop * 1e-12 * (inf.input_tokens + inf.output_tokens)
  return { usd_per_mtok_blended = r.usd_per_eflop * 1e-12,
    usd_per_mtok_input = per_request * inf.prefill_share / inf.input_tokens,
    usd_per_mtok_output = per_request * (1 - inf.prefill_share) / inf.output_tokens,
    j_per_token = r.kwh_per_eflop * 3.6e6 / 1e18 }
end

local function run_cli(args)
  local p = assert(io.popen("bin/flopcost " .. args .. " 2>&1"))
  local out = p:read("a")
  local ok, _, code = p:close()
  return out, ok and 0 or code
end

local function write_scenario(path, extra)
  local f = assert(io.open(path, "w"))
  f:write([[return { region = "cn-ningxia", chips = { H20 = 1 }, precision = "fp8", utilization = 0.3,
  workload = { kind = "inference", model = "Llama-3.1-70B", input_tokens = 2000, output_tokens = 500,
               cache_hit = 0.5, slo = { ttft_s = 0.45, tpot_s = 0.04 } } ]] .. (extra or "") .. " }\n")
  f:close()
end

describe("an inference result", function()
  local r = serving():evaluate()

  it("keeps the serving costs fc_inference_costs defines (checked by hand)", function()
    for k, v in pairs(by_hand(r)) do assert.near(v, r[k], 1e-12) end
    -- the 30 % load and the H20's price put it near the cheapest API prices: a sanity range, not a figure
    assert.is_true(r.usd_per_mtok_output > 0.1 and r.usd_per_mtok_output < 10)
  end)

  it("prints in $ per million tokens, never per training FLOP", function()
    local text = tostring(r)
    assert.is_nil(text:find("training FLOP", 1, true))
    assert.is_nil(text:find("$/EFLOP", 1, true))
    local rep = fc.report
    assert.matches(("%s per million output tokens, %s input, %s blended"):format(rep.usd(r.usd_per_mtok_output),
      rep.usd(r.usd_per_mtok_input), rep.usd(r.usd_per_mtok_blended)), text, 1, true)
    -- the chip's share in $/Mtok: its $ per 1e18 tokens x 1e-12
    assert.matches("  chip%s+" .. rep.usd(r.breakdown.chip * 1e-12):gsub("%p", "%%%0"), text)
    assert.matches("serving Llama-3.1-70B (fp8), 2000 in / 500 out tokens, load 30%", text, 1, true)
    -- (the catalog's sources follow, as for every result; the summary itself fits 100 columns)
    local summary = fc.report.result_string(r)
    assert.are.equal(summary, text:sub(1, #summary))
    for line in summary:gmatch("[^\n]+") do assert.is_true(#line <= 100, line) end
  end)

  it("pretty-prints the same at the REPL and as $/Mtok HTML in the notebook", function()
    local pretty = require "flopcost.cli.pretty"
    assert.are.equal(tostring(r), pretty.text(r))
    local b = pretty.bundle(r)
    assert.matches(('data-usd-per-mtok-output="%.17g"'):format(r.usd_per_mtok_output), b["text/html"], 1, true)
    assert.matches("$/Mtok", b["text/html"], 1, true)
    assert.is_nil(b["text/html"]:find("training FLOP", 1, true))
  end)
end)

describe("Monte Carlo and Sobol of serving costs", function()
  local s = serving()
  local r = s:evaluate()

  it("gives each serving output the scenario's own value when nothing varies", function()
    for _, o in ipairs { "usd_per_mtok_output", "usd_per_mtok_input", "usd_per_mtok_blended", "j_per_token" } do
      local m = fc.montecarlo(s, { samples = 100, seed = 1, output = o })
      assert.are.equal(r[o], m.mean, o)
      assert.are.equal(o, m.output)
    end
  end)

  it("scales each sample's cost by the serving figures when cost-chain inputs vary", function()
    local vary = { utilization = fc.dist.uniform(0.2, 0.4), chip_price_usd = fc.dist.uniform(10000, 14000) }
    -- (usd_per_eflop, $ per 1e18 tokens here, only as a run's second output: `output` refuses it)
    local per_eflop = fc.montecarlo(s, { samples = 4000, seed = 3, vary = vary,
      outputs = { "usd_per_eflop", "usd_per_mtok_output" } })
    local out = fc.montecarlo(s, { samples = 4000, seed = 3, vary = vary, output = "usd_per_mtok_output" })
    -- the same draws: output $/Mtok = usd_per_eflop x 1e-12 x (in + out) x (1 - prefill share) / out
    local inf = r.inference
    local factor = 1e-12 * (inf.input_tokens + inf.output_tokens) * (1 - inf.prefill_share) / inf.output_tokens
    assert.near(factor * per_eflop.mean, out.mean, 1e-12)
    assert.near(factor * per_eflop.p05, out.p05, 1e-12)
    assert.is_true(out.p05 < r.usd_per_mtok_output and r.usd_per_mtok_output < out.p95)
  end)

  it("re-serves each sample when a serving input varies", function()
    -- every sample at 1000 input tokens: the scenario served at 1000 input tokens
    local w = {}
    for k, v in pairs(WORKLOAD) do w[k] = v end
    w.input_tokens = 1000
    local at_1000 = serving { workload = w }:evaluate()
    local m = fc.montecarlo(s, { samples = 64, seed = 1, output = "usd_per_mtok_output",
      vary = { ["workload.input_tokens"] = fc.dist.fixed(1000) } })
    assert.near(at_1000.usd_per_mtok_output, m.mean, 1e-12)
    assert.is_true(math.abs(at_1000.usd_per_mtok_output - r.usd_per_mtok_output) > 0.01 * r.usd_per_mtok_output)
  end)

  it("defaults to $ per million tokens (blended) for a serving scenario, and says so", function()
    local m = fc.montecarlo(s, { samples = 200, seed = 1, vary = { pue = fc.dist.uniform(1.1, 1.3) } })
    assert.are.equal("usd_per_mtok_blended", m.output)
    assert.matches("$ per million tokens, input and output blended", tostring(m), 1, true)
    local t = fc.montecarlo.tornado(s, { vary = { pue = fc.dist.uniform(1.1, 1.3) } })
    assert.near(r.usd_per_mtok_blended, t[1].base, 1e-9)
    local so = fc.sensitivity.sobol { scenario = s, samples = 64, seed = 1, resamples = 0,
      vary = { utilization = fc.dist.uniform(0.2, 0.4), pue = fc.dist.uniform(1.1, 1.3) }, output = "usd_per_mtok_output" }
    assert.are.equal("usd_per_mtok_output", so.output)
    -- load drives the cost per token; PUE only its energy share (under 2 %)
    assert.is_true(so.total.utilization > 0.9 and so.total.pue < 0.05)
  end)

  it("refuses a serving output on a training scenario, and a misspelt one", function()
    local err = H.error_of(function()
      fc.montecarlo(fc.scenario { region = "us-va", chips = { ["H100-SXM"] = 1 } },
        { samples = 10, output = "usd_per_mtok_output" })
    end)
    assert.matches("field 'output': 'usd_per_mtok_output' needs an inference scenario", err, 1, true)
    err = H.error_of(function() fc.montecarlo(s, { samples = 10, output = "usd_per_mtok_outptu" }) end)
    assert.matches("unknown result 'usd_per_mtok_outptu' (did you mean 'usd_per_mtok_output'?)", err, 1, true)
  end)
end)

describe("flopcost run / mc / sobol on a serving scenario", function()
  local dir = os.tmpname()
  os.remove(dir)
  assert(os.execute("mkdir -p " .. dir))
  local plain, varied = dir .. "/serve.lua", dir .. "/serve-vary.lua"
  write_scenario(plain)
  write_scenario(varied, ', vary = { pue = { "pert", 1.1, 1.2, 1.4 } }')
  local r = serving():evaluate()
  teardown(function() os.execute("rm -rf " .. dir) end)

  it("run prints $ per million tokens", function()
    local out, code = run_cli("run " .. plain)
    assert.are.equal(0, code, out)
    assert.matches(fc.report.usd(r.usd_per_mtok_output) .. " per million output tokens", out, 1, true)
    assert.is_nil(out:find("training FLOP", 1, true))
  end)

  it("mc summarises $/Mtok (blended by default, --output for the others)", function()
    local out, code = run_cli("mc " .. varied .. " --samples 2000")
    assert.are.equal(0, code, out)
    assert.matches("usd_per_mtok_blended: $ per million tokens", out, 1, true)
    local mean = tonumber(out:match("mean ([%d%.e%-+]+)"))
    assert.near(r.usd_per_mtok_blended, mean, 0.02) -- PUE is under 2 % of the cost
    out, code = run_cli("mc " .. varied .. " --samples 2000 --output usd_per_mtok_output --format json")
    assert.are.equal(0, code, out)
    local j = fc.json.decode(out)
    assert.are.equal("usd_per_mtok_output", j.output)
    assert.near(r.usd_per_mtok_output, j.mean, 0.02)
    for line in run_cli("mc " .. varied .. " --samples 2000"):gmatch("[^\n]+") do assert.is_true(#line <= 100, line) end
  end)

  it("mc --out charts $/Mtok on its axes", function()
    local prefix = dir .. "/mc"
    local out, code = run_cli("mc " .. varied .. " --samples 2000 --out " .. prefix)
    assert.are.equal(0, code, out)
    for _, name in ipairs { "-histogram.svg", "-tornado.svg" } do
      local svg = assert(io.open(prefix .. name)):read("a")
      assert.truthy(svg:find("USD per million tokens (input and output blended)", 1, true), name)
      assert.is_nil(svg:find("training FLOP", 1, true), name)
    end
  end)

  it("mc shards of a serving output merge to the unsharded run", function()
    local whole = run_cli("mc " .. varied .. " --samples 70000 --output usd_per_mtok_output --quantiles streaming "
      .. "--format json")
    for i = 1, 2 do
      local out, code = run_cli(("mc %s --samples 70000 --output usd_per_mtok_output --shard %d/2 --state %s/s%d.json")
        :format(varied, i, dir, i))
      assert.are.equal(0, code, out)
    end
    local merged, code = run_cli(("merge %s/s1.json %s/s2.json --format json"):format(dir, dir))
    assert.are.equal(0, code, merged)
    local w, m = fc.json.decode(whole), fc.json.decode(merged)
    assert.are.same({ "usd_per_mtok_output", w.n, w.mean, w.sd }, { m.output, m.n, m.mean, m.sd })
  end)

  it("sobol analyses $/Mtok", function()
    local out, code = run_cli("sobol " .. varied .. " --samples 64 --resamples 0 --output usd_per_mtok_output "
      .. "--vary 'utilization=uniform(0.2,0.4)'")
    assert.are.equal(0, code, out)
    assert.matches("Sobol indices of usd_per_mtok_output", out, 1, true)
    assert.matches("$ per million output tokens", out, 1, true)
  end)
end)

describe("lists of serving results", function()
  local study = dofile("models/scenarios/inference.lua")
  local grid = fc.compare.run(study, { intervals = false })
  local two = { grid.results[1], grid.results[2] }

  it("read in $/Mtok at the REPL, in report.table and report.markdown", function()
    local pretty = require "flopcost.cli.pretty"
    local text = pretty.text(two)
    assert.are.equal(fc.report.table(two), text)
    assert.truthy(text:find("$/Mtok", 1, true))
    assert.is_nil(text:find("EFLOP", 1, true))
    -- the first row's blended and output cost, 3 decimals
    assert.truthy(text:find(("%.3f"):format(two[1].usd_per_mtok_blended), 1, true))
    assert.truthy(text:find(("%.3f"):format(two[1].usd_per_mtok_output), 1, true))
    for line in text:gmatch("[^\n]+") do assert.is_true(#line <= 100, line) end
    local md = fc.report.markdown(two)
    assert.truthy(md:find("| region | access | chips | $/Mtok (blended) |", 1, true))
    -- a table asked for by columns keeps them
    assert.truthy(fc.report.table(two, { columns = { "region", "usd_per_eflop" } }):find("$/EFLOP", 1, true))
  end)

  it("show as $/Mtok HTML in the notebook", function()
    local html = require("flopcost.cli.pretty").bundle(two)["text/html"]
    assert.truthy(html:find(('data-usd-per-mtok-output="%.17g"'):format(two[2].usd_per_mtok_output), 1, true))
    assert.is_nil(html:find("EFLOP", 1, true))
  end)

  it("read in $/Mtok when `flopcost run` evaluates an inference study", function()
    local p = assert(io.popen("bin/flopcost run models/scenarios/inference.lua 2>&1"))
    local out = p:read("a")
    assert.is_true(p:close(), out)
    assert.truthy(out:find("$/Mtok", 1, true), out)
    assert.is_nil(out:find("EFLOP", 1, true))
  end)
end)

describe("flopcost repl", function()
  it("prints a serving result in $/Mtok", function()
    local s = serving():evaluate()
    local cmd = [[printf 'fc.scenario{ region = "cn-ningxia", chips = { H20 = 1 }, precision = "fp8", ]]
      .. [[utilization = 0.3, workload = { kind = "inference", model = "Llama-3.1-70B", input_tokens = 2000, ]]
      .. [[output_tokens = 500, cache_hit = 0.5, slo = { ttft_s = 0.45, tpot_s = 0.04 } } }:evaluate()\n' ]]
      .. "| bin/flopcost repl 2>&1"
    local p = assert(io.popen(cmd))
    local out = p:read("a")
    p:close()
    assert.truthy(out:find(fc.report.usd(s.usd_per_mtok_output) .. " per million output tokens", 1, true), out)
    assert.is_nil(out:find("training FLOP", 1, true))
  end)
end)
