-- Reliability: errors raised inside coroutines and through the binding leave
-- no leak (the suite also runs under valgrind and ASan), and the rock
-- installs into a tree where the module finds its catalog.
local fc = require "flopcost"
local core = require "flopcost.core"
local H = require "spec.helpers"

local function kb_after_gc()
  collectgarbage("collect")
  collectgarbage("collect")
  return collectgarbage("count")
end

describe("errors inside coroutines", function()
  local calls = {
    function() return core.json.decode(string.rep("[", 60) .. "1,,", "x.json") end,            -- nil, msg
    function() return fc.energy.power_curve { utilization = { 0, 0.5, 0.4 }, power_w = { 1, 2, 3 } } end,
    function() return core.scenario.eval_batch { { chip_price_usd = 1, tdp_w = 1, peak_flops_per_s = 1 },
      { utilization = 2 } } end,
    function() return fc.finance.npv(0.1, { 1, 2, 0 / 0 }) end,
    function() return fc.montecarlo({ chip_price_usd = 1, tdp_w = 1, peak_flops_per_s = 1 },
      { vary = { utilization = fc.dist.normal(0.5, 1) }, samples = 1000 }) end,
    function() return fc.yield.package { dies = { { wafer_cost_usd = 1, die_area_mm2 = 1e7, yield = 0.5 } } } end,
  }
  it("raise cleanly and leave the Lua heap where it was", function()
    for _, f in ipairs(calls) do
      local co = coroutine.wrap(function() return pcall(f) end)
      co() -- warm up caches (metatables, interned strings)
    end
    local before = kb_after_gc()
    for _ = 1, 300 do
      for _, f in ipairs(calls) do
        local co = coroutine.create(function() return f() end)
        local ok, a, b = coroutine.resume(co)
        -- either an error (raised) or nil, msg (data failure): never a value that looks like success
        assert.is_true((not ok and type(a) == "string") or (ok and a == nil and type(b) == "string"),
          tostring(a) .. " " .. tostring(b))
      end
    end
    local after = kb_after_gc()
    assert.is_true(after - before < 64, ("heap grew by %.1f KB"):format(after - before))
  end)
end)

describe("packaging", function()
  local has_luarocks = os.execute("command -v luarocks >/dev/null 2>&1")
  it("the rockspec lists every source, module and catalog file", function()
    assert.is_true(os.execute("lua5.4 tools/gen-rockspec.lua --check >/dev/null"))
  end)
  it("luarocks make installs module, CLI and catalog into a tree that works on its own", function()
    if not has_luarocks then error("luarocks is not installed (CI installs it)") end
    local tmp = os.tmpname()
    os.remove(tmp)
    local ok = os.execute(("sh tools/test-install.sh %s >%s.log 2>&1"):format(tmp, tmp))
    local log = io.open(tmp .. ".log"):read("a")
    assert.is_true(ok, log)
    assert.truthy(log:find("installed catalog: 23 chips", 1, true), log)
    assert.truthy(log:find("installed cli: ok", 1, true), log)
    assert.truthy(log:find("installed study: default.lua", 1, true), log)
    assert.truthy(log:find("installed study: default.json", 1, true), log)
    -- the installed module's Monte Carlo has make's digits: luarocks compiles without -std=c99,
    -- where GCC fused a*b + c into FMA in the AVX-512 kernels and the draws differed (issue 24)
    local p = assert(io.popen("lua5.4 tools/mc-fingerprint.lua"))
    local here = p:read("l")
    p:close()
    assert.truthy(here and here:find("^mc fingerprint: "), here)
    assert.truthy(log:find(here, 1, true), "make's " .. here .. "\ninstalled:\n" .. log)
    os.execute("rm -rf '" .. tmp .. "' '" .. tmp .. ".log'")
  end)
  it("make rock packs a source rock (luarocks pack needs a reachable source URL)", function()
    if not has_luarocks then error("luarocks is not installed (CI installs it)") end
    local tmp = os.tmpname()
    os.remove(tmp)
    local ok = os.execute(("make -s rock BUILD=%s >%s.log 2>&1"):format(tmp, tmp))
    local log = io.open(tmp .. ".log"):read("a")
    assert.is_true(ok, log)
    local f = io.open(tmp .. "/dist/flopcost-0.1.0-1.src.rock", "rb")
    assert.truthy(f, log)
    if f then f:close() end
    os.execute("rm -rf '" .. tmp .. "' '" .. tmp .. ".log'")
  end)
end)

describe("protected metatables (issue 13: a hand-called __gc freed a curve a Params still used)", function()
  it("getmetatable on every flopcost C object returns its type name, not the table with __gc", function()
    local c = fc.energy.power_curve { utilization = { 0, 0.5, 1 }, power_w = { 100, 400, 700 } }
    local p = core.scenario.params { chip_price_usd = 30000, tdp_w = 700, peak_flops_per_s = 1e15, power_curve = c }
    assert.are.equal("flopcost.PowerCurve", getmetatable(c))
    assert.are.equal("flopcost.Params", getmetatable(p))
    assert.are.equal("flopcost.Dist", getmetatable(fc.dist.normal(1, 0.1)))
    assert.is_true(fc.dist.is_dist(fc.dist.normal(1, 0.1)))
    assert.has_error(function() getmetatable(c).__gc(c) end)
    assert.has_error(function() setmetatable(c, nil) end)
  end)
  it("the hand-called __gc repro of the issue no longer reaches C (subprocess: it used to segfault)", function()
    local build = os.getenv("FLOPCOST_BUILD") or "build"
    local script = os.tmpname()
    local f = assert(io.open(script, "w"))
    f:write([[
local core = require "flopcost.core"
local H = require "spec.helpers"
local c = core.energy.power_curve{utilization={0,0.5,1}, power_w={100,400,700}}
local p = core.scenario.params{chip_price_usd=30000, tdp_w=700, peak_flops_per_s=1e15, power_curve=c}
local before = p:eval()
print(pcall(function() getmetatable(c).__gc(c) end))
collectgarbage(); collectgarbage()
print(p:eval() == before)
]])
    f:close()
    local h = io.popen(("LUA_CPATH='./%s/?.so;;' lua5.4 %s 2>&1; echo rc=$?"):format(build, script))
    local out = h:read("a"); h:close(); os.remove(script)
    assert.truthy(out:find("^false\t"), out)
    assert.truthy(out:find("\ntrue\nrc=0", 1, true), out)
  end)
end)

describe("distributions that hung or returned wrong moments (issue 13)", function()
  local D = fc.dist
  local build = os.getenv("FLOPCOST_BUILD") or "build"
  -- runs `expr` in a fresh lua5.4 under `timeout 20`: a hang is a failure, not a stuck suite
  local function run(expr)
    local h = io.popen(("timeout 20 env LUA_PATH='./lua/?.lua;./lua/?/init.lua;;' LUA_CPATH='./%s/?.so;;' "
      .. "lua5.4 -e 'fc = require \"flopcost\"; print(string.format(\"%%.12g\", %s))' 2>&1; echo rc=$?")
      :format(build, expr))
    local out = h:read("a"); h:close()
    return out
  end
  it("beta quantiles with shapes of 1e5 return (gsl_cdf_beta_Pinv looped forever at 1e6)", function()
    -- Beta(a, a) is symmetric: median 0.5. Its sd is 1/sqrt(4(2a+1)) = 1.1180e-3 for a = 1e5 and
    -- skewness 0, so the 30th percentile is 0.5 + z(0.3) sd = 0.5 - 0.524401 * 1.1180e-3 = 0.499413700
    assert.are.equal("0.5\nrc=0\n", run("fc.dist.beta(1e5, 1e5):quantile(0.5)"))
    assert.near(0.4994137, tonumber((run("fc.dist.beta(1e5, 1e5):quantile(0.3)"):match("^(%S+)"))), 1e-6)
    -- PERT(0, 1, 1e308): alpha = 1 + 4e-308 ~ 1, beta ~ 5; Beta(1, 5) median = 1 - 0.5^(1/5) = 0.129449437
    assert.near(0.129449437e308, tonumber((run("fc.dist.pert(0, 1, 1e308):quantile(0.5)"):match("^(%S+)"))), 1e-8)
  end)
  it("shapes above 1e5 are refused with a pointer to the normal distribution", function()
    assert.are.equal("flopcost.dist.beta: argument 'alpha': number in (0, 1e5] expected, got 1000000 (for "
      .. "larger shapes use fc.dist.normal with the same mean and sd)", H.error_of(D.beta, 1e6, 1e6))
  end)
  it("a tornado over a beta(1e5, 1e5) input finishes", function()
    local out = run("fc.montecarlo({chip_price_usd = 3e4, tdp_w = 700, peak_flops_per_s = 1e15}, "
      .. "{vary = {utilization = fc.dist.beta(1e5, 1e5, 0.5, 0.9)}, samples = 2000}):tornado()[1].high")
    assert.truthy(out:find("rc=0", 1, true), out)
  end)
  it("PERT with a span near 1e308: mean (min + 4 mode + max)/6, sd and draws are right", function()
    local p = D.pert(1, 1.2, 1e308)
    -- alpha = 1 + 4 (0.2/1e308) = 1, beta = 1 + 4 (1e308 - 1.2)/1e308 = 5 (4 (max - mode) overflowed before)
    assert.near((1 + 4 * 1.2 + 1e308) / 6, p:mean(), 1e-12)
    -- sd = span sqrt(a b / ((a + b)^2 (a + b + 1))) = 1e308 sqrt(5 / 252) = 1.40859042e307
    assert.near(1e308 * math.sqrt(5 / 252), p:sd(), 1e-9)
    local xs, s = p:sample(2000, 3), 0
    for _, x in ipairs(xs) do s = s + x / #xs end
    assert.near(p:mean(), s, 0.1) -- 2000 draws: standard error 1.41e307/sqrt(2000) = 2% of the mean
    assert.is_true(xs[1] > 1 and xs[2] ~= xs[1])
  end)
  it("constructors refuse arguments whose span, mean or sd overflow", function()
    local msg = ": arguments too far apart: the span, mean or sd of the distribution is not a finite number"
    assert.are.equal("flopcost.dist.uniform" .. msg, H.error_of(D.uniform, -1e308, 1e308))
    assert.are.equal("flopcost.dist.pert" .. msg, H.error_of(D.pert, -1e308, 0, 1e308))
    assert.are.equal("flopcost.dist.triangular" .. msg, H.error_of(D.triangular, -1e308, 0, 1e308))
    assert.are.equal("flopcost.dist.beta" .. msg, H.error_of(D.beta, 2, 2, -1e308, 1e308))
    -- lognormal90(1e-300, 1e300): sigma = 1381.55/(2 * 1.645) = 419.96, mean exp(sigma^2/2) overflows
    assert.are.equal("flopcost.dist.lognormal90" .. msg, H.error_of(D.lognormal90, 1e-300, 1e300))
    -- Beta(1e-300, 1e-300): sd -> 1/2 as the shapes -> 0 (a b / (a + b)^2 = 1/4), not NaN
    assert.near(0.5, D.beta(1e-300, 1e-300):sd(), 1e-12)
  end)
  it("Dist:sample seeds 0, 1 and 2^32 no longer alias: 0 and 2^32 are refused", function()
    local d = D.normal(0, 1)
    local want = "flopcost.Dist:sample: field 'seed': integer in [1, 4294967295] expected, got "
    assert.are.equal(want .. "0", H.error_of(d.sample, d, 3, 0))
    assert.are.equal(want .. "4294967296", H.error_of(d.sample, d, 3, 4294967296))
    assert.are_not.equal(d:sample(1, 1)[1], d:sample(1, 4294967295)[1])
  end)
end)

describe("catalog uniqueness at scale (issue 13: every pair of entries was compared, 17 s for 20,000 chips)", function()
  local build = os.getenv("FLOPCOST_BUILD") or "build"
  local function chips_file(n, last_alias)
    local parts = {}
    for i = 1, n do
      local alias = (i == n and last_alias) or ("XA%06d"):format(i)
      parts[i] = ('{"name":"X%06d","aliases":["%s","XB%06d"],"vendor":"v","peak_tflops":{"bf16":1},'
        .. '"tdp_w":100,"source":"generated","as_of":"2026-01"}'):format(i, alias, i)
    end
    local path = os.tmpname() .. ".json"
    local f = assert(io.open(path, "w"))
    f:write('{"schema":"flopcost.chips/1","as_of":"2026-01","chips":[', table.concat(parts, ","), "]}")
    f:close()
    return path
  end
  local function load_in_subprocess(path)
    local h = io.popen(("timeout 60 env LUA_PATH='./lua/?.lua;./lua/?/init.lua;;' LUA_CPATH='./%s/?.so;;' "
      .. "lua5.4 -e 'local c, e = require(\"flopcost\").catalog.load(\"%s\") print(c and #c:chips() or e)' 2>&1;"
      .. " echo rc=$?"):format(build, path))
    local out = h:read("a"); h:close()
    os.remove(path)
    return out
  end
  it("60,000 chips with 3 names each are all checked: a name reused 60,000 entries later is found", function()
    -- the last chip's first alias is 'x000003', the name of chips[2] (0-based) in another case
    local out = load_in_subprocess(chips_file(60000, "x000003"))
    assert.truthy(out:find("chips[59999].aliases[0]: 'x000003' is already a name or alias of chips[2]", 1, true), out)
  end)
end)

describe("Ctrl-C during a Monte Carlo (issue 13: the run finished, then the result was thrown away)", function()
  it("stops between chunks within seconds and says so", function()
    local build = os.getenv("FLOPCOST_BUILD") or "build"
    -- 1e9 samples take minutes; SIGINT after 2 s must end the process well before timeout's kill at 2 + 20 s
    local h = io.popen(("s=$(date +%%s); timeout -k 20 -s INT 2 env LUA_PATH='./lua/?.lua;./lua/?/init.lua;;' "
      .. "LUA_CPATH='./%s/?.so;;' lua5.4 bin/flopcost mc models/scenarios/mc-example.json --samples 1000000000 "
      .. "2>&1; echo \"rc=$? took=$(( $(date +%%s) - s ))\""):format(build))
    local out = h:read("a"); h:close()
    assert.truthy(out:find("interrupted %(Ctrl%-C%) after %d+ of 1000000000 samples; nothing was kept"), out)
    assert.is_true(tonumber(out:match("took=(%d+)")) < 15, out)
  end)
end)

describe("study grids are sized before they are built (issue 13: 1k x 1k exhausted 4 GB)", function()
  it("a 300 x 300 study (90,000 cells, ~1.2 GB) is refused at once, with how to shard or stream", function()
    local regions, mixes = {}, {}
    for i = 1, 300 do regions[i] = "us-va-" .. i end -- distinct: duplicates are refused (fc.compare.LIMITS)
    for i = 1, 300 do mixes[i] = { name = "m" .. i, chips = { ["H100-SXM"] = 1 } } end
    -- 90000 cells x 14 KB = 1.2 GB; at most 50000 at once -> 2 parts
    assert.are.equal("flopcost.compare.run: the study has 90000 cells (90000 in this part), about 1.2 GB in "
      .. "memory; at most 50000 at once: run it in parts with --shard i/n (fc.compare.run(study, {shard = "
      .. "{i = 1, n = 2}}), then merge), or stream the rows to a file in constant memory with "
      .. "fc.compare.stream_file", H.error_of(fc.compare.run, { regions = regions, mixes = mixes }))
  end)
end)
