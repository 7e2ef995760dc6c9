-- `flopcost serve` (issue 20): the automatic group sizes are the core's layout
-- search's (whole nodes over scale-out, not only 1, 2, 4, 8 chips), a model
-- that fits no group says so with the memory it needs and exits non-zero, and
-- --stack and --arrival-rate act (or are refused).
local fc = require "flopcost"

local function cli(args)
  local build = os.getenv("FLOPCOST_BUILD") or "build"
  local p = io.popen(("FLOPCOST_BUILD=%s ./bin/flopcost %s 2>&1; echo \"exit:$?\""):format(build, args))
  local out = p:read("a")
  p:close()
  return out:gsub("exit:%d+\n$", ""), tonumber(out:match("exit:(%d+)\n$"))
end

-- The frontier rows a table prints: chips, batch, tok/s/user, TPOT ms, TTFT ms, out tok/s/chip.
local function rows(out)
  local t = {}
  for c, b, u, tpot, ttft, o in out:gmatch("\n%s+(%d+)%s+(%d+)%s+([%d.]+)%s+([%d.]+)%s+(%d+)%s+(%d+)%s+%d+%s+[%d.]+") do
    t[#t + 1] = { chips = tonumber(c), batch = tonumber(b), per_user = tonumber(u), tpot_ms = tonumber(tpot),
      ttft_ms = tonumber(ttft), out_per_chip = tonumber(o) }
  end
  return t
end

local function fits_100(out)
  for line in out:gmatch("[^\n]+") do assert.is_true(#line <= 100, line) end
end

describe("flopcost serve: automatic group sizes", function()
  it("gives DeepSeek-V3 on H800 a frontier over nodes (it printed 0 points before)", function()
    -- By hand: DeepSeek-V3's weights at fp8 are params x 1 byte = 671e9 B = 671 GB; one node of
    -- 8 H800 holds 8 x 80 GB = 640 GB, so no group within a node can serve it: every point of its
    -- frontier is a group of whole nodes (16, 24, ... chips), which the CLI's old 1, 2, 4, 8
    -- never tried.
    local cat = require("flopcost.catalog").default()
    local params, mem_gb = cat:model("DeepSeek-V3").params, cat:chip("H800-SXM").memory_gb
    assert.is_true(params * 1 > 8 * mem_gb * 1e9, "the weights alone exceed a node")
    local out, status = cli("serve DeepSeek-V3 H800-SXM")
    assert.are.equal(0, status, out)
    fits_100(out)
    local n = tonumber(out:match("%((%d+) points on the frontier"))
    assert.is_true(n and n > 0, out)
    local t = rows(out)
    assert.is_true(#t > 0, out)
    for _, r in ipairs(t) do
      assert.is_true(r.chips >= 16 and r.chips % 8 == 0, ("a group of %d chips"):format(r.chips))
    end
    -- the same points the library gives through the core's search (fc.inference.frontier)
    local pts = assert(fc.inference.frontier { model = "DeepSeek-V3", chip = "H800-SXM", precision = "fp8",
      input_tokens = 2000, output_tokens = 500 })
    assert.are.equal(#pts, n)
    assert.are.equal(pts[1].group, t[1].chips)
    assert.are.equal(pts[1].batch, t[1].batch)
    assert.is_true(math.abs(pts[1].output_tokens_per_s_per_chip - t[1].out_per_chip) <= 0.5)
  end)

  it("tries what the layout search tries: no group it would pick is missing from the frontier", function()
    -- the layout search's best aggregated point for DeepSeek-V3 on H800 at a 50 ms TPOT is a group
    -- size the frontier tried (r.frontier: every point before the Pareto filter; the CLI and
    -- the search share fc_serve_group_sizes). Before, the frontier stopped at 8 chips.
    local best = assert(fc.inference.serve { model = "DeepSeek-V3", chip = "H800-SXM", precision = "fp8",
      input_tokens = 2000, output_tokens = 500, slo = { tpot_s = 0.05 }, disaggregated = false })
    local _, r = assert(fc.inference.frontier { model = "DeepSeek-V3", chip = "H800-SXM", precision = "fp8",
      input_tokens = 2000, output_tokens = 500 })
    local tried = {}
    for _, g in ipairs(r.frontier.group) do tried[g] = true end
    assert.is_true(tried[best.group], ("group %d not tried"):format(best.group))
  end)

  it("says a model fits no group, with the memory it needs and has, and exits non-zero", function()
    -- By hand: DeepSeek-V3 in bf16 is 671e9 x 2 B = 1342.0 GB of weights; H20 has no scale-out in
    -- the catalog, so its largest group is one node of 8 x 96 GB = 768.0 GB.
    local out, status = cli("serve DeepSeek-V3 H20 --precision bf16")
    assert.are.equal(1, status, out)
    assert.truthy(out:find("does not fit", 1, true), out)
    assert.truthy(out:find("weights 1342.0 GB", 1, true), out)
    assert.truthy(out:find("8 chips has 768.0 GB", 1, true), out)
    assert.falsy(out:find("points on the frontier", 1, true), out)
  end)

  it("documents the automatic sizes in --help, within 100 columns", function()
    local out, status = cli("serve --help")
    assert.are.equal(0, status, out)
    fits_100(out)
    assert.falsy(out:find("best of 1, 2, 4, 8", 1, true), out)
    assert.truthy(out:find("up to 64 nodes", 1, true), out)
    assert.truthy(out:find("--stack NAME", 1, true) and out:find("--arrival-rate R", 1, true), out)
  end)
end)

describe("flopcost serve --stack", function()
  it("serves on the stack named: TensorRT-LLM's MoE profile on H200, not the wide-EP default", function()
    local out, status = cli("serve DeepSeek-V3 H200 --chips 8 --stack trt-llm-moe")
    assert.are.equal(0, status, out)
    assert.truthy(out:find("  stack trt-llm-moe: TensorRT-LLM", 1, true), out)
    local o = { model = "DeepSeek-V3", chip = "H200", precision = "fp8", chips = 8, input_tokens = 2000,
      output_tokens = 500 }
    local wide = assert(fc.inference.frontier(o))
    o.stack = "trt-llm-moe"
    local trt = assert(fc.inference.frontier(o))
    local t = rows(out)
    -- the printed first point is the named stack's, and the two stacks' differ
    assert.is_true(math.abs(trt[1].output_tokens_per_s_per_chip - t[1].out_per_chip) <= 0.5, out)
    assert.are_not.equal(wide[1].tpot_s, trt[1].tpot_s)
  end)

  it("refuses an unknown stack with the catalog's suggestion", function()
    local out, status = cli("serve DeepSeek-V3 H200 --stack wide-eq")
    assert.are.equal(1, status, out)
    assert.truthy(out:find("field 'stack': unknown serving 'wide-eq' (did you mean 'wide-ep'?)", 1, true), out)
  end)
end)

describe("flopcost serve --arrival-rate", function()
  local base = "serve Llama-3.1-70B H100-SXM --chips 8 --input 5000 --output 500 --arrival-rate "

  local function at(out)
    local total = out:match("(%d+) output tok/s in all")
    local ttft, tpot = out:match("TTFT (%d+) ms, TPOT ([%d.]+) ms")
    return tonumber(ttft), tonumber(tpot), tonumber(total)
  end

  it("prints TTFT and TPOT at that load, as fc.inference.serve gives them; TTFT rises with load", function()
    local out1, s1 = cli(base .. "1")
    local out4, s4 = cli(base .. "4")
    assert.are.equal(0, s1, out1)
    assert.are.equal(0, s4, out4)
    fits_100(out4)
    local ttft1, _, total1 = at(out1)
    local ttft4, _, total4 = at(out4)
    assert.is_number(ttft1, out1)
    -- by hand: at R requests/s of 500 output tokens the chips emit R x 500 tokens/s
    assert.are.equal(500, total1)
    assert.are.equal(2000, total4)
    local r = assert(fc.inference.serve { model = "Llama-3.1-70B", chip = "H100-SXM", precision = "fp8", chips = 8,
      input_tokens = 5000, output_tokens = 500, arrival_rate_per_s = 4 })
    assert.is_true(math.abs(r.ttft_s * 1e3 - ttft4) <= 0.5, out4)
    assert.is_true(ttft4 > ttft1, ("TTFT %d ms at 4/s, %d ms at 1/s"):format(ttft4, ttft1))
  end)

  it("refuses a load beyond the chips' capacity, and a negative rate", function()
    local out, status = cli(base .. "1e6")
    assert.are.equal(1, status, out)
    assert.truthy(out:find("field 'arrival_rate_per_s': load within the chips' capacity", 1, true), out)
    local out2, status2 = cli(base .. "-1")
    assert.are_not.equal(0, status2, out2)
  end)
  -- The line named one group of a disaggregated answer ("104 chips (groups of 40)": the decode pool's),
  -- and --help called it "the best layout at that load" where with no --chips it is the fewest chips.
  it("names both pools of a disaggregated answer, as fc.inference.serve gives them", function()
    local out, status = cli("serve DeepSeek-V3 H800-SXM --input 2000 --output 500 --tpot 0.05 --ttft 2 "
      .. "--arrival-rate 200")
    assert.are.equal(0, status, out)
    fits_100(out)
    local r = assert(fc.inference.serve { model = "DeepSeek-V3", chip = "H800-SXM", precision = "fp8",
      input_tokens = 2000, output_tokens = 500, arrival_rate_per_s = 200, slo = { ttft_s = 2, tpot_s = 0.05 } })
    assert.are.equal(1, r.disaggregated)
    local p, d = r.layout.prefill, r.layout.decode
    -- the two pools make up the chips (whole groups each)
    assert.are.equal(r.chips, p.pool + d.pool)
    assert.truthy(out:find(("at 200 requests/s: %d chips, disaggregated, 100000 output tok/s in all,\n"
      .. "    prefill %d chips (groups of %d), decode %d chips (groups of %d),"):format(r.chips, p.pool, p.chips,
      d.pool, d.chips), 1, true), out)
    local help = cli("serve --help")
    assert.truthy(help:find("--arrival-rate R      Load in requests/s to all the chips: the fewest chips", 1, true),
      help)
  end)
end)
