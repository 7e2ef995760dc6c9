-- The command line: found from any directory and through symlinks, argparse
-- (per-command help, validated choices and numbers, "did you mean", exit
-- status 0 / 1 / 2), --set / --vary what-ifs, catalog listings, study typos,
-- and errors without Lua internals.
local fc = require "flopcost"
local decode = require("flopcost.core").json.decode
local common = require "flopcost.cli.common"

local build = os.getenv("FLOPCOST_BUILD") or "build"
local root = io.popen("pwd"):read("l")
local function sh_quote(s) return "'" .. tostring(s):gsub("'", "'\\''") .. "'" end

-- Runs `flopcost ARGS` (bin/flopcost unless `exe` is given) in `dir`; returns output, status.
local function cli(args, opts)
  opts = opts or {}
  local exe = opts.exe or (root .. "/bin/flopcost")
  local cmd = ("cd %s && FLOPCOST_BUILD=%s %s %s %s 2>&1; echo \"exit:$?\""):format(
    sh_quote(opts.dir or root), sh_quote(build:sub(1, 1) == "/" and build or (root .. "/" .. build)),
    opts.lua and "lua5.4" or "", sh_quote(exe), args)
  local p = io.popen(cmd)
  local out = p:read("a")
  p:close()
  local status = tonumber(out:match("exit:(%d+)\n$"))
  return out:gsub("exit:%d+\n$", ""), status
end

local function tmpdir()
  local d = os.tmpname()
  os.remove(d)
  os.execute("mkdir -p " .. sh_quote(d))
  return d
end

describe("bin/flopcost finds its tree", function()
  it("from the repository root, as the README types it", function()
    local p = io.popen("bin/flopcost --version 2>&1; echo \"exit:$?\"")
    local out = p:read("a"); p:close()
    assert.are.equal("flopcost " .. fc.version .. "\nexit:0\n", out)
  end)
  it("from another directory and through a symlink", function()
    local d = tmpdir()
    local out, st = cli("classify H20 --rule 3A090-2023", { dir = d })
    assert.are.equal(0, st, out)
    assert.truthy(out:find("not controlled", 1, true), out)
    os.execute(("ln -s %s %s"):format(sh_quote(root .. "/bin/flopcost"), sh_quote(d .. "/fc")))
    out, st = cli("classify H20 --rule 3A090-2023", { dir = "/", exe = d .. "/fc" })
    assert.are.equal(0, st, out)
    assert.truthy(out:find("not controlled", 1, true), out)
    os.execute("rm -rf " .. sh_quote(d))
  end)
end)

describe("argument parsing", function()
  it("gives each command its own --help, exit 0, without running it", function()
    local out, st = cli("compare --help")
    assert.are.equal(0, st)
    assert.truthy(out:find("Usage: flopcost compare", 1, true), out)
    assert.falsy(out:find("Gaps explained", 1, true), out) -- the comparison did not run
    out, st = cli("repl --help </dev/null")
    assert.are.equal(0, st)
    assert.truthy(out:find("Usage: flopcost repl", 1, true), out)
    assert.falsy(out:find("REPL (Lua", 1, true), out) -- the REPL did not start
    out, st = cli("help mc")
    assert.are.equal(0, st)
    assert.truthy(out:find("Usage: flopcost mc", 1, true), out)
  end)

  it("every help line fits 100 columns: the top level and every command of cli.COMMANDS", function()
    -- the list is the CLI's own (a hand-kept list missed buildout, whose --sobol-output line was 210)
    local commands = { "" }
    for _, c in ipairs(require("flopcost.cli").COMMANDS) do commands[#commands + 1] = c end
    assert.is_true(#commands >= 12, "every command listed")
    for _, c in ipairs(commands) do
      local out = cli(c .. " --help")
      for line in out:gmatch("[^\n]+") do
        assert.is_true(#line <= 100, ("%s --help: %d columns: %s"):format(c, #line, line))
      end
    end
  end)

  it("rejects unknown choices, options and commands with exit 2 and a suggestion", function()
    local out, st = cli("compare --format pdf")
    assert.are.equal(2, st)
    assert.are.equal("flopcost compare: --format: 'pdf' is not one of table, csv, json, markdown, vega, html, xlsx\n"
      .. "Run 'flopcost compare --help' for usage.\n", out)
    out, st = cli("compare --fromat csv")
    assert.are.equal(2, st)
    assert.truthy(out:find("unknown option '--fromat' (did you mean '--format'?)", 1, true), out)
    out, st = cli("comapre")
    assert.are.equal(2, st)
    assert.truthy(out:find("unknown command 'comapre' (did you mean 'compare'?)", 1, true), out)
    out, st = cli("catalog regoins")
    assert.are.equal(2, st)
    assert.truthy(out:find("unknown 'regoins' (did you mean 'regions'?)", 1, true), out)
    out, st = cli("")
    assert.are.equal(2, st, out)
  end)

  it("types numbers: no silent default, no truncation before the range check", function()
    local cases = {
      { "mc x.json --samples abc", "--samples: 'abc' is not a number" },
      { "mc x.json --seed abc", "--seed: 'abc' is not a number" },
      { "mc x.json --seed=-1", "--seed: -1 is below the minimum 0" },
      { "mc x.json --threads 4294967298", "--threads: 4294967298 is above the maximum 256" },
      { "mc x.json --samples 1.5", "--samples: '1.5' is not a whole number" },
      { "mc x.json --samples nan", "--samples: 'nan' is not a number" },
      { "mc x.json --shard 3/2", "'3/2': i/n with 1 <= i <= n expected" },
    }
    for _, c in ipairs(cases) do
      local out, st = cli(c[1])
      assert.are.equal(2, st, c[1] .. ": " .. out)
      assert.truthy(out:find(c[2], 1, true), c[1] .. ": " .. out)
    end
  end)

  it("exits 1 on a failure and names the nearest catalog entry", function()
    local out, st = cli("classify H2O")
    assert.are.equal(1, st)
    assert.are.equal("flopcost: flopcost.catalog: unknown chip 'H2O' (did you mean 'H20'?)\n", out)
  end)
end)

describe("failures exit 1 before any output and never fall back silently", function()
  it("catalog --models DIR without a catalog fails instead of listing the bundled one", function()
    local out, st = cli("catalog --models /")
    assert.are.equal(1, st)
    assert.truthy(out:find("^flopcost: flopcost.catalog.load: no catalog files"), out)
  end)
  it("classify checks the region before printing the classes", function()
    local out, st = cli("classify H20 --region mars")
    assert.are.equal(1, st)
    assert.are.equal("flopcost: flopcost.catalog: unknown region 'mars'\n", out)
  end)
  it("classify shows TPP, PD and the classes within the catalog's ranges", function()
    -- 910B: TPP 320 x 16 = 5120, PD 5120 / 665.61 = 7.69; its fp16 peak is 220-376
    -- TFLOP/s, so TPP is 3520-6016 and the low corner (PD 5.29) is 3A090.b in 2023
    local out, st = cli("classify Ascend-910B --rule 3A090-2023")
    assert.are.equal(0, st, out)
    assert.truthy(out:find("\n3A090%-2023 +3A090%.a +5120 +7%.69 +3A090%.a or 3A090%.b\n"), out)
    assert.truthy(out:find("peak_tflops.fp16 220-376", 1, true), out)
    for line in out:gmatch("[^\n]+") do assert.is_true(#line <= 100, line) end
  end)
end)

describe("flopcost catalog", function()
  it("lists packaging and hbm (they crashed) as the library does", function()
    local cat = fc.catalog.default()
    for _, kind in ipairs { "packaging", "hbm", "chips", "regions", "rules", "fx" } do
      local out, st = cli("catalog " .. kind)
      assert.are.equal(0, st, out)
      assert.are.equal(table.concat(cat:list(kind), "\n") .. "\n", out)
    end
  end)
  it("shows one entry in full within 100 columns", function()
    local out, st = cli("catalog chip h100")
    assert.are.equal(0, st)
    assert.truthy(out:find("^chip H100%-SXM\n"), out)
    for line in out:gmatch("[^\n]+") do assert.is_true(#line <= 100, line) end
  end)
end)

describe("study files", function()
  local d
  setup(function() d = tmpdir() end)
  teardown(function() os.execute("rm -rf " .. sh_quote(d)) end)
  local function study(name, text)
    local f = io.open(d .. "/" .. name, "w"); f:write(text); f:close()
    return d .. "/" .. name
  end
  it("name a misspelt field, not the field it lacks", function()
    local out, st = cli("compare --no-intervals " .. study("a.json",
      '{"regions": ["us-va"], "mixs": [{"chips": {"H100-SXM": 1}}]}'))
    assert.are.equal(1, st)
    assert.are.equal("flopcost: flopcost.compare.run: unknown study field 'mixs' (did you mean 'mixes'?)\n", out)
  end)
  it("refuse a region filter that matches no region instead of dropping the mix", function()
    local out, st = cli("compare --no-intervals " .. study("b.json",
      '{"regions": ["us-va", "cn-guizhou"], "mixes": [{"chips": {"H20": 1}, "regions": ["cn_"]}]}'))
    assert.are.equal(1, st)
    assert.are.equal("flopcost: flopcost.compare.run: field 'mixes[1].regions': 'cn_' matches none of the "
      .. "study's regions (did you mean 'cn-'?)\n", out)
  end)
  it("suggest the nearest region", function()
    local out, st = cli("compare --no-intervals " .. study("c.json",
      '{"regions": ["cn-guizou"], "mixes": [{"chips": {"H20": 1}}]}'))
    assert.are.equal(1, st)
    assert.truthy(out:find("unknown region 'cn-guizou' (did you mean 'cn-guizhou'?)", 1, true), out)
  end)
  it("errors carry no Lua source positions or tracebacks", function()
    local out, st = cli("run " .. study("d.json", '{"region": "us-va", "chip": "H100-SXM", "utilisation": 0.5}'))
    assert.are.equal(1, st)
    assert.are.equal("flopcost: flopcost.scenario: unknown field 'utilisation' (did you mean 'utilization'?)\n", out)
    out = cli("run " .. study("e.json", '{"region": "us-va", "chip": "H100-SXM", "pue": 0.9}'))
    assert.are.equal("flopcost: flopcost.scenario: field 'pue': number >= 1 expected, got 0.9\n", out)
    out = cli("run " .. study("f.json", '{"region": "us-va", "chips": {"H100-SXM": 1, "B200": 1}, "pue": 0.9}'))
    assert.falsy(out:find("members[", 1, true), out)
    assert.falsy(out:find("%.lua:%d"), out)
    assert.falsy(out:find("traceback", 1, true), out)
  end)
end)

describe("--set and --vary", function()
  local d, one
  setup(function()
    d = tmpdir()
    one = d .. "/one.json"
    local f = io.open(one, "w")
    f:write('{"regions": ["us-va"], "mixes": [{"chips": {"H100-SXM": 1}}], "base": {"utilization": 0.7}}')
    f:close()
  end)
  teardown(function() os.execute("rm -rf " .. sh_quote(d)) end)
  local function row(args)
    local out, st = cli("compare " .. one .. " --format json --no-intervals " .. args)
    assert.are.equal(0, st, out)
    return decode(out, "out")[1]
  end

  it("--set KIND.NAME.FIELD overrides a catalog figure (the chip component scales with the price)", function()
    -- chip capital cost per hour is price x annuity factor / hours: linear in the price, so
    -- chip component(28000) = chip component(catalog price) x 28000 / catalog price
    -- the catalog price: $37,080.50 per accelerator (models/chips.json H100-SXM: Epoch AI Hardware
    -- prices.csv, Supermicro HGX H100 8-GPU server from dihuni.com / 8, 2024-03-21)
    local price = 37080.50
    local base, set = row(""), row("--set chip.H100-SXM.price_usd=28000")
    assert.near(base.breakdown.chip * 28000 / price, set.breakdown.chip, 1e-12)
    assert.are.equal(base.breakdown.energy, set.breakdown.energy)
    -- the shared default catalog was not changed by the override
    assert.are.equal(price, fc.catalog.default():chip("H100-SXM").price_usd)
  end)

  it("--set FIELD sets a scenario field of the study's base", function()
    -- useful FLOP per hour is proportional to utilization: 0.35 gives half of 0.7
    local a, b = row(""), row("--set utilization=0.35")
    assert.near(a.useful_flop_per_h / 2, b.useful_flop_per_h, 1e-12)
  end)

  it("--vary gives Monte Carlo a distribution: the mean of a linear response is the response at the mean", function()
    -- cost is linear in PUE (energy and facility scale with it; checked on three points
    -- below); PERT(1.1, 1.2, 1.4) has mean (1.1 + 4 x 1.2 + 1.4) / 6 = 1.2166667
    local f1, f2, f4 = row("--set pue=1.1").usd_per_eflop, row("--set pue=1.2").usd_per_eflop,
      row("--set pue=1.4").usd_per_eflop
    local slope = (f4 - f1) / 0.3
    assert.near(f1 + slope * 0.1, f2, 1e-9) -- linear
    local expected = f1 + slope * (1.2166667 - 1.1)
    local out, st = cli("mc --set region=us-va --set chip=H100-SXM --set utilization=0.7 "
      .. "--vary 'pue=pert(1.1,1.2,1.4)' --samples 20000 --seed 7")
    assert.are.equal(0, st, out)
    local mean = tonumber(out:match("mean ([%d.e+-]+)"))
    -- sd(PERT) = sqrt((mean - min)(max - mean) / 7) = sqrt(0.116667 x 0.183333 / 7) = 0.0553, so the
    -- output's sd is slope x 0.0553 and the mean's standard error over 20000 samples that / sqrt(20000):
    -- allow 5 standard errors
    assert.near(expected, mean, 5 * slope * 0.0553 / math.sqrt(20000) / expected)
  end)

  it("mc --vary takes a catalog path: the mean of a linear response is the response at the mean", function()
    -- cost is linear in the chip price (chip, server, network and upkeep scale with it; checked on a
    -- third point); PERT(25e3, 30e3, 40e3) has mean (25 + 4 x 30 + 40) / 6 = 30.8333e3 and
    -- sd sqrt((30833 - 25000)(40000 - 30833) / 7) = 2764
    local f25 = row("--set chip.H100-SXM.price_usd=25000").usd_per_eflop
    local f30 = row("--set chip.H100-SXM.price_usd=30000").usd_per_eflop
    local f40 = row("--set chip.H100-SXM.price_usd=40000").usd_per_eflop
    local slope = (f40 - f25) / 15000
    assert.near(f25 + slope * 5000, f30, 1e-9)
    local expected = f25 + slope * (30833.333 - 25000)
    local out, st = cli("mc --set region=us-va --set chip=H100-SXM --set utilization=0.7 "
      .. "--vary 'chip.H100-SXM.price_usd=pert(25e3,30e3,40e3)' --samples 20000 --seed 3")
    assert.are.equal(0, st, out)
    local mean = tonumber(out:match("mean ([%d.e+-]+)"))
    assert.near(expected, mean, 5 * slope * 2764 / math.sqrt(20000) / expected)
  end)

  it("--vary on compare adds the input to the study's intervals", function()
    -- cost is linear and increasing in PUE, so its 5th/95th percentiles are the cost at PUE's:
    -- f(q) = f(1.1) + slope x (q - 1.1) with q the PERT(1.1, 1.2, 1.4) quantiles
    local f1, f4 = row("--set pue=1.1").usd_per_eflop, row("--set pue=1.4").usd_per_eflop
    local slope = (f4 - f1) / 0.3
    local pert = fc.dist.pert(1.1, 1.2, 1.4)
    local out, st = cli("compare " .. one .. " --format json --vary 'pue=pert(1.1,1.2,1.4)'")
    assert.are.equal(0, st, out)
    local iv = decode(out, "out")[1].interval
    assert.is_table(iv, out)
    -- 20000 samples: a quantile's error is about sqrt(p(1-p)/n)/density, under 0.004 in PUE here
    assert.near(f1 + slope * (pert:quantile(0.05) - 1.1), iv.p05, slope * 0.004 / f1)
    assert.near(f1 + slope * (pert:quantile(0.95) - 1.1), iv.p95, slope * 0.004 / f1)
    assert.is_nil(row("").interval) -- the study itself has no uncertainty
  end)

  it("parses DIST(...) strictly: names and finite numbers only, never code", function()
    assert.are.same({ "pert", 25e3, 30e3, 40e3 }, common.parse_dist("pert(25e3, 30e3,40e3)"))
    local bad = {
      { "pert(1,2,os.exit())", "pert(...): 'os.exit()' is not a finite number" },
      { "pert(1,2)", "pert(...): 3 parameters expected, got 2" },
      { "prt(1,2,3)", "unknown distribution 'prt' (did you mean 'pert'?)" },
      { "uniform(1,inf)", "uniform(...): 'inf' is not a finite number" },
      { "uniform(1,1e999)", "uniform(...): '1e999' is not a finite number" },
      { "pert", "'pert': DIST(A,B[,C]) expected, e.g. pert(1.1,1.2,1.4)" },
    }
    for _, b in ipairs(bad) do
      local v, err = common.parse_dist(b[1])
      assert.is_nil(v, b[1])
      assert.are.equal(b[2], err)
    end
    local out, st = cli("mc --set chip=H100-SXM --vary 'pue=pert(1,2,os.exit(3))'")
    assert.are.equal(2, st, out)
  end)

  it("rejects malformed --set arguments with exit 2", function()
    for _, a in ipairs { "utilization", "=3", "chip.H100-SXM=3", "pue=inf" } do
      local out, st = cli("compare --set " .. sh_quote(a))
      assert.are.equal(2, st, a .. ": " .. out)
    end
  end)
end)
