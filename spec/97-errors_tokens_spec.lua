-- nil, message, token (issue 11): every data-dependent failure of the public API
-- carries a stable token from the one list in lua/flopcost/errors.lua, each token
-- is returned for its case (a real input that triggers it), and no other token is
-- returned anywhere in lua/ or csrc/.
local fc = require "flopcost"
local sandbox = require "flopcost.sandbox"
local scenariofile = require "flopcost.scenariofile"

local function tmpdir()
  local d = os.tmpname()
  os.remove(d)
  assert(os.execute("mkdir -p '" .. d .. "'"))
  return d
end

local function write(path, text)
  local f = assert(io.open(path, "wb"))
  f:write(text)
  f:close()
  return path
end

local dir = tmpdir()
local h100 = fc.scenario { region = "us-va", chips = { ["H100-SXM"] = 1 } }
local cloud = { a = h100, field = "utilization", vary = "both", output_a = "usd_per_eflop",
  output_b = "cloud_usd_per_eflop" }
local function with(t, extra)
  local o = {}
  for k, v in pairs(t) do o[k] = v end
  for k, v in pairs(extra) do o[k] = v end
  return o
end

-- token -> { a call that must fail with it, a fragment of its message }
local triggers = {
  io_error = { function() return scenariofile.load(dir .. "/missing.lua") end, "No such file or directory" },
  invalid_argument = { function() return fc.core.file.write("", "x") end, "cannot write ''" },
  -- README.md is far longer than 10 bytes
  out_of_range = { function() return fc.core.file.read("README.md", 10) end, "larger than 10 bytes" },
  parse_error = { function() return fc.json.decode("[01]") end, "leading zero" },
  invalid_data = { function() return scenariofile.load(write(dir .. "/three.json", "3")) end,
    "JSON object expected" },
  script_error = { function() return scenariofile.load(write(dir .. "/boom.lua", "error('boom')")) end,
    "boom" },
  limit_exceeded = { function()
    local ok, msg, token = sandbox.run("while true do end", "=loop.lua", { instructions = 1e5 })
    assert.is_false(ok)
    return nil, msg, token
  end, "instruction budget" },
  -- Ctrl-C during a sandboxed script: SIGINT once the process is inside it (spec/99-interrupt)
  interrupted = { function()
    local h = io.popen(("sh tools/interrupt-after-cpu.sh 30 env LUA_PATH='./lua/?.lua;./lua/?/init.lua;;' "
      .. "LUA_CPATH='./%s/?.so;;' lua5.4 -e 'local r = {require(\"flopcost.sandbox\")"
      .. ".run(\"while true do end\", \"=x\")} io.write(tostring(r[1]), \"|\", r[2], \"|\", r[3], \"|\")' 2>&1")
      :format(os.getenv("FLOPCOST_BUILD") or "build"))
    local out = h:read("a")
    h:close()
    local ok, msg, token = out:match("^(%a+)|([^|]*)|(%a+)")
    assert.are.equal("false", ok, out)
    return nil, msg, token
  end, "sandbox: interrupted (Ctrl-C)" },
  sandboxed = { function()
    fc.core.sandbox.enter(64 * 2 ^ 20)
    local r = table.pack(fc.core.file.read("README.md"))
    fc.core.sandbox.leave()
    return table.unpack(r, 1, r.n)
  end, "not allowed in a sandboxed script" },
  -- fx.json's first CNY rate is 2023-12-31
  no_data = { function() return fc.catalog.default():fx("CNY", "1900-01-01") end, "no CNY rate on or before" },
  -- b (PUE 1.5 at the region's price) stays dearer than a (PUE 1.25) while a's electricity
  -- price is at most 0.02 $/kWh: their difference never changes sign in [0.01, 0.02]
  no_breakeven = { function()
    return fc.solve.breakeven { a = h100, b = h100:with { pue = 1.5 }, field = "electricity_usd_per_kwh",
      vary = "a", lo = 0.01, hi = 0.02 }
  end, "same sign at both ends" },
  -- owned vs cloud crosses near utilization 0.5 (a curve): one Brent step cannot reach 1e-10
  no_convergence = { function() return fc.solve.breakeven(with(cloud, { lo = 0.01, hi = 1, max_iter = 1 })) end,
    "did not converge in 1 iterations" },
  -- utilization 2 is outside (0, 1]
  invalid_in_bracket = { function() return fc.solve.breakeven(with(cloud, { lo = 0.01, hi = 2 })) end,
    "invalid inside the bracket (field 'utilization')" },
  unbounded = { function() return fc.solve.optimize_mix { region = "us-va", chips = { "H100-SXM" } } end,
    "give budget_usd, power_kw or availability limits" },
  -- the catalog has no sourced CNY rental for the H20 (README "Prices")
  no_rental_price = { function()
    return fc.solve.owning_vs_renting(fc.scenario { region = "cn-ningxia", chips = { H20 = 1 } })
  end, "no cloud price (rental_usd_per_hour) for 'H20'" },
  not_applicable = { function() return h100:vary_target("chip.B200.price_usd") end,
    "chip 'B200' is not in this scenario's mix" },
  -- one H100 decodes at most ~3.35 TB/s / a few GB per token: 1 ms per token is out of reach
  latency = { function()
    return fc.inference.serve { model = "Llama-3.1-70B", chip = "H100-SXM", slo = { tpot_s = 0.001 } }
  end, "no batch meets tpot_s = 0.001 s" },
  -- 405.9e9 parameters x 2 bytes = 811.8 GB of BF16 weights against 80 GB
  does_not_fit = { function()
    return fc.inference.serve { model = "Llama-3.1-405B", chip = "H100-SXM", chips = 1 }
  end, "the model does not fit: it needs 812.9 GB" },
}

describe("nil, message, token: one list (flopcost.errors)", function()
  it("each listed token has a triggering input here, and each trigger is listed", function()
    for token in pairs(fc.errors.tokens) do assert.truthy(triggers[token], "no trigger for " .. token) end
    for token in pairs(triggers) do assert.truthy(fc.errors.tokens[token], token .. " is not in flopcost.errors") end
  end)

  for token, t in pairs(triggers) do
    it("returns '" .. token .. "' for its case", function()
      local v, msg, got = t[1]()
      assert.is_nil(v)
      assert.are.equal("string", type(msg))
      assert.truthy(msg:find(t[2], 1, true), msg)
      assert.are.equal(token, got)
    end)
  end

  it("passes the token through the wrappers (catalog.load, scenariofile, report, plot, compare)", function()
    local missing = dir .. "/no/such/dir"
    local checks = {
      { fc.catalog.load(missing) },
      { fc.catalog.load(dir) }, -- a directory without catalog files
      { scenariofile.save(missing .. "/s.lua", { region = "us-va" }) },
      { fc.report.write(missing .. "/r.txt", "x") },
      { fc.report.write_all { { missing .. "/r.txt", "x" } } },
      { fc.plot.save(missing .. "/p.svg", "<svg/>") },
      { fc.compare.stream_file({ base = {}, regions = { "us-va" }, mixes = { { ["H100-SXM"] = 1 } } },
        missing .. "/c.csv") },
    }
    for i, r in ipairs(checks) do
      assert.is_nil(r[1], "case " .. i)
      assert.are.equal("io_error", r[3], "case " .. i .. ": " .. tostring(r[2]))
    end
    local _, msg, token = scenariofile.load(write(dir .. "/syntax.lua", "return {"))
    assert.are.equal("parse_error", token, msg)
    _, msg, token = scenariofile.load(write(dir .. "/bad.json", "{\"a\": 01}"))
    assert.are.equal("parse_error", token, msg)
    _, msg, token = scenariofile.load(write(dir .. "/three.lua", "return 3"))
    assert.are.equal("invalid_data", token, msg)
    _, msg, token = scenariofile.load(write(dir .. "/loop.lua", "while true do end"),
      { sandbox = true, limits = { instructions = 1e5 } })
    assert.are.equal("limit_exceeded", token, msg)
    _, msg, token = fc.inference.frontier { model = "Llama-3.1-405B", chip = "H100-SXM", chips = 1 }
    assert.are.equal("does_not_fit", token, msg)
    _, msg, token = fc.catalog.default():convert(1, "CNY", "USD", "1900-01-01")
    assert.are.equal("no_data", token, msg)
    _, msg, token = fc.core.convention.us_industrial_usd_per_kwh(1990) -- the table starts in 2010
    assert.are.equal("no_data", token, msg)
  end)

  -- a scan of the sources: a token typed beside `return nil, ...` or passed to
  -- lfc_fail() must be in the list (internal ones are named here with a reason)
  it("returns no token that is not in the list", function()
    local internal = { dir = "catalog.lua read_file: a directory, handled inside catalog.load",
      incomplete = "cli/repl.lua compile(): the message (not a token) that asks for a continuation line" }
    local seen, files = {}, {}
    for _, cmd in ipairs { "find lua/flopcost -name '*.lua' | sort", "ls csrc/lua/lfc_*.c" } do
      local p = io.popen(cmd)
      for f in p:lines() do files[#files + 1] = f end
      p:close()
    end
    assert.is_true(#files > 40)
    for _, f in ipairs(files) do
      local text = assert(io.open(f)):read("a")
      for stmt in text:gmatch("return nil,[^\n]*\n?[^\n]*\n?[^\n]*") do
        for tok in stmt:gmatch(",%s*\"([%l_]+)\"%s*[\n]") do seen[tok] = f end
        for tok in stmt:gmatch(",%s*\"([%l_]+)\"%s+end") do seen[tok] = f end
      end
      for tok in text:gmatch("return false,[^\n]*,%s*\"([%l_]+)\"") do seen[tok] = f end
      for tok in text:gmatch("lfc_fail%(L, \"([%l_]+)\"") do seen[tok] = f end
      -- vary_target's helper returns its token from a one-line function
      for tok in text:gmatch("function na%(msg%) return nil, .-, \"([%l_]+)\" end") do seen[tok] = f end
    end
    for _, t in ipairs { "no_breakeven", "unbounded", "does_not_fit", "not_applicable", "no_rental_price" } do
      assert.truthy(seen[t], "the scan misses '" .. t .. "'")
    end
    for tok, f in pairs(seen) do
      assert.truthy(fc.errors.tokens[tok] or internal[tok], f .. " returns '" .. tok .. "', not in flopcost.errors")
    end
  end)

  it("the README documents every token", function()
    local readme = assert(io.open("README.md")):read("a")
    for token in pairs(fc.errors.tokens) do
      assert.truthy(readme:find("`\"" .. token .. "\"`", 1, true), token .. " is not in README")
    end
  end)
end)
