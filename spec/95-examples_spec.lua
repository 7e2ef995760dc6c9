-- Every example runs to completion through the CLI, and each claim check's
-- verdict states numbers that this spec derives itself: by hand from catalog
-- entries (the calculation written out beside each assertion) or by an
-- independent evaluation of the model (fc.scenario, fc.yield, fc.training)
-- outside the seed's own code. Each verdict also states its robustness, and
-- no printed point value lies outside its own 90 % interval.
local fc = require "flopcost"
local build = os.getenv("FLOPCOST_BUILD") or "build"
local cat = fc.catalog.default()

local function run(path)
  local cmd = ("FLOPCOST_SAMPLES=4000 LUA_PATH='./lua/?.lua;./lua/?/init.lua;;' LUA_CPATH='./%s/?.so;;' "
    .. "lua5.4 bin/flopcost run %s 2>&1"):format(build, path)
  local p = assert(io.popen(cmd))
  local out = p:read("a")
  local ok, _, code = p:close()
  return out, ok and 0 or code
end

local function list(dir)
  local files = {}
  local p = assert(io.popen("ls " .. dir .. "/*.lua 2>/dev/null"))
  for f in p:lines() do
    if not f:match("/common%.lua$") and not f:match("/validation%-table%.lua$")
      and not f:match("/claims%-table%.lua$") then files[#files + 1] = f end
  end
  p:close()
  return files
end

local outs = {}
local function out_of(f)
  if not outs[f] then
    local out, code = run(f)
    outs[f] = { out = out, code = code }
  end
  return outs[f].out, outs[f].code
end
local function verdict(f)
  local out = out_of(f)
  return assert(out:match("\nverdict: ([^\n]+)"), out)
end
-- the number printed after `label` in the seed's output (first match of pattern)
local function num(s, pattern)
  local m = s:match(pattern)
  assert(m, pattern .. " not in: " .. s)
  return tonumber(m)
end
local function has(s, text) return s:find(text, 1, true) ~= nil end
-- |actual - expected| <= tol: an absolute tolerance whichever assert.near is loaded (spec/helpers.lua
-- makes it relative in a full run, luassert's own is absolute)
local function within(expected, actual, tol, msg)
  assert.is_true(type(actual) == "number" and math.abs(actual - expected) <= tol,
    ("%s: expected %s within %s of %s"):format(msg or "", tostring(actual), tostring(tol), tostring(expected)))
end
local function usd(region) -- a region's power price in USD/kWh
  local r = cat:region(region)
  return cat:convert(r.electricity_price_per_kwh, r.currency, "USD")
end
local function eval(o) return fc.scenario(o):evaluate() end

local SEEDS = "examples/seeds/"
describe("examples", function()
  local seeds = list("examples/seeds")
  it("has the 14 claim checks", function() assert.are.equal(14, #seeds) end)
  for _, f in ipairs(seeds) do
    it(f .. " runs and prints a verdict with its robustness", function()
      local out, code = out_of(f)
      assert.are.equal(0, code, out)
      assert.truthy(out:find("\nverdict: [^\n]+ %- [^\n]+"), out)
      assert.falsy(out:find("nan") or out:find("inf%f[^%w]"), out)
      local share, n = verdict(f):match("; holds in (%d+)%% of (%d+) joint draws of %d+ uncertain inputs?$")
      assert.truthy(share, verdict(f))
      assert.truthy(tonumber(share) >= 0 and tonumber(share) <= 100 and tonumber(n) >= 1000, verdict(f))
      -- a point value outside its own interval is flagged by C.figure: none may be
      assert.falsy(out:find("edge of its recorded range", 1, true), out)
      -- no verdict word is typed as a literal "supported" for a claim the numbers contradict:
      -- checked per seed below
    end)
  end

  it("01: Guizhou vs California, same hardware and the buyer's hardware", function()
    local v = verdict(SEEDS .. "01-guizhou-vs-california.lua")
    -- energy per FLOP = kWh/EFLOP x price; same chip, utilization and PUE (1.2 in both)
    -- leaves the price ratio: 1 - 0.049797 / 0.1864 = 0.7328 (Guizhou 0.35 CNY/kWh, the Gui'an
    -- discounted rate, at the FX table's CNY per USD; California 18.64 c/kWh)
    local e = 1 - cat:region("cn-guizhou").pue * usd("cn-guizhou") / (cat:region("us-ca").pue * usd("us-ca"))
    assert.near(0.7328, e, 0.0005)
    assert.near(100 * e, num(v, "energy alone is ([%d.]+)%% cheaper"), 0.051)
    -- all-in, evaluated here: same H100 price in both regions; then at the buyer's price in Guizhou
    local base = { chip = "H100-SXM", utilization = 0.7 }
    local ca = eval { region = "us-ca", chip = "H100-SXM", utilization = 0.7, chip_price_premium = 0 }
    local gz = eval { region = "cn-guizhou", chip = "H100-SXM", utilization = 0.7, chip_price_premium = 0 }
    local gzb = eval { region = "cn-guizhou", chip = base.chip, utilization = base.utilization }
    assert.near(100 * (1 - gz.usd_per_eflop / ca.usd_per_eflop), num(v, "Guizhou is ([%d.]+)%% cheaper with the same"), 0.051)
    -- the buyer's H100: since the January 2026 rule it is licensable case by case and pays the
    -- status's 25% fee, not the +50% grey-market premium (issue 21: that premium alone made
    -- Guizhou +32% dearer than Virginia)
    assert.are.equal(0.25, cat:availability("H100-SXM", "cn-guizhou").premium)
    local saving = 1 - gzb.usd_per_eflop / ca.usd_per_eflop
    local word = saving >= 0 and "cheaper" or "dearer"
    assert.near(100 * math.abs(saving), num(v, "and ([%d.]+)%% " .. word .. " with the H100"), 0.051)
    assert.is_true(math.abs(saving) < 0.1, v) -- the fee about cancels the region's advantage
    -- the word follows: energy >= 55 % but neither all-in view
    assert.truthy(v:find("^true for energy only"))
  end)

  it("02: power price moves change cost per FLOP by the energy share", function()
    local v = verdict(SEEDS .. "02-western-power.lua")
    -- change = kWh/EFLOP x (new price - old price) / cost per EFLOP
    local nx = eval { region = "cn-ningxia", chip = "H100-SXM", utilization = 0.7, chip_price_premium = 0 }
    local cn = nx.kwh_per_eflop * (cat:convert(0.2, "CNY", "USD") - usd("cn-ningxia")) / nx.usd_per_eflop
    local va = eval { region = "us-va", chip = "H100-SXM", utilization = 0.7, chip_price_premium = 0 }
    local us = va.kwh_per_eflop * 0.3 * usd("us-va") / va.usd_per_eflop
    assert.near(100 * cn, num(v, "by (%-[%d.]+)%% and"), 0.051)
    assert.near(100 * us, num(v, "Virginia's by ([%d.]+)%%"), 0.051)
    assert.truthy(v:find("^small effect") and math.abs(cn) < 0.05 and us < 0.05)
  end)

  it("03: prints the cost of capital it computes with", function()
    local out = out_of(SEEDS .. "03-cloud-vs-owning.lua")
    local v = verdict(SEEDS .. "03-cloud-vs-owning.lua")
    -- us-va's WACC in the catalog is 6 %; the seed once printed 8 %
    assert.are.equal(0.06, cat:region("us-va").wacc)
    assert.truthy(out:find("6.0% cost of capital", 1, true), out)
    assert.falsy(out:find("8%% WACC") or out:find("8%% cost of capital"), out)
    -- cloud / owned at Lambda's $2.99, evaluated here
    local r = eval { region = "us-va", chip = "H100-SXM", utilization = 0.7, rental_usd_per_hour = 2.99 }
    local ratio = 1 / r.cloud.owned_to_cloud
    assert.near(ratio, num(v, "cloud costs ([%d.]+)x owning"), 0.051)
    -- both readings (issue 21: 3 of 4 price points give 2x or more, yet the verdict said "not
    -- supported"): 'about twice' (1.5-2.5x) fits none, 'twice or more' the three dearer offers
    assert.truthy(ratio < 1.5, v)
    assert.truthy(v:find("'about twice' (1.5-2.5x): not supported (none)", 1, true), v)
    assert.truthy(v:find("'twice or more': depends on the provider (GCP 3-year commitment, GCP on demand, AWS p5", 1, true), v)
    assert.truthy(v:find("^depends on the provider and the reading"), v)
    -- break-even rental: cloud cost per FLOP is proportional to the rental, so the rental at
    -- which cloud equals owning is 2.99 x owned/cloud
    assert.near(2.99 * r.cloud.owned_to_cloud, num(v, "break%-even rental %$([%d.]+)/h"), 0.0051)
    -- the observed 2024-25 on-demand H100 listings (lowest: Cudo $2.45, 2025-03-03)
    assert.truthy(v:find("observed $2.45-$12.29/h", 1, true), v)
  end)

  it("04: 910B vs A100 at each chip's own published MFU, not at the claim's 80 %", function()
    local out = out_of(SEEDS .. "04-ascend-vs-a100.lua")
    local v = verdict(SEEDS .. "04-ascend-vs-a100.lua")
    -- peak: 910B ~320 TFLOPS FP16 (boardor.com [S], chips.json) / A100 312 BF16 dense (NVIDIA A100
    -- datasheet) = 102.6 %
    assert.near(102.56, num(v, "the 910B has ([%d.]+)%%"), 0.051)
    -- delivered: 320 x 0.30 (Pangu Ultra MoE, the catalog's 910B mfu) / (312 x 0.375) = 96 / 117 = 82.05 %;
    -- issue 21: the seed once set the 910B's MFU to 0.8 x 0.375 x 312 / 320, which assumes the claim
    assert.are.equal(0.3, cat:chip("Ascend-910B").mfu)
    within(82.05, num(v, "it delivers ([%d.]+)%%"), 0.051, v)
    assert.falsy(out:find("910B MFU = 0.8", 1, true), out)
    -- cost per useful FLOP, evaluated here at those MFUs (the 910B's own from the catalog)
    local a = eval { region = "cn-guizhou", chip = "A100-SXM", utilization = 0.7, mfu = 0.375, precision = "bf16" }
    local b = eval { region = "cn-guizhou", chip = "Ascend-910B", utilization = 0.7, precision = "bf16" }
    local ratio = b.usd_per_eflop / a.usd_per_eflop
    assert.near(ratio, num(v, "costs ([%d.]+)x the A100's"), 0.0051)
    local lo, hi = v:match("Guizhou %(90%%: ([%d.]+)x%-([%d.]+)x%)")
    assert.is_true(tonumber(lo) <= ratio and ratio <= tonumber(hi), v)
    -- the share is of the delivered reading (>= 80 %), which the draws of both MFUs and the peak make a
    -- close call: it must say "uncertain" with that share, and the share matches the "80% or more" one
    local share = num(v, "holds in (%d+)%%")
    assert.is_true(share > 20 and share < 80, v)
    assert.are.equal(share, num(v, "80%% or more in (%d+)%% of draws"))
    assert.truthy(v:find(("^uncertain %%(%d%%%% of draws%%): supported on peak, supported delivered"):format(share)), v)
  end)

  it("05: MoE against a comparable frontier run (Llama 3.1 405B), by compute and by cost", function()
    local v = verdict(SEEDS .. "05-moe.lua")
    -- compute: 37 x 14.8 / (405 x 15.6) = 547.6 / 6318 = 8.67 % = 1/11.5 of Llama 3.1 405B
    assert.truthy(v:find("compute alone is 8.7% of Llama's (1/11.5)", 1, true), v)
    -- the dense 671B is only mentioned: 37/671 = 1/18 (issue 21: it was the comparison)
    assert.truthy(v:find("a dense 671B (not a run) would need 1/18", 1, true), v)
    -- cost: each run's published hours (2.788M H800-h, 30.84M H100-h) x its all-in cost per chip-hour
    -- at utilization 1 in its own region, evaluated here
    local function cost(published)
      return eval { region = published.region, chip = published.chip, utilization = 1,
        job = { chip_hours = published.gpu_hours } }
    end
    local ds, ll = cat:run("DeepSeek-V3"), cat:run("Llama-3.1-405B")
    assert.are.equal(2788000, ds.gpu_hours)
    assert.are.equal(30840000, ll.gpu_hours)
    local rds, rll = cost(ds), cost(ll)
    -- the job's cost is its hours x the all-in cost per hour ($/EFLOP x EFLOP per hour; no other
    -- factor at utilization 1)
    local per_h = rds.usd_per_eflop * rds.useful_flop_per_h / 1e18
    within(ds.gpu_hours * per_h, rds.job.cost_usd, 1e-6 * rds.job.cost_usd)
    local ratio = rds.job.cost_usd / rll.job.cost_usd
    within(100 * ratio, num(v, "published hours cost ([%d.]+)%% of Llama"), 0.051, v)
    -- the word follows the ratio against the claim's 1/10
    assert.truthy(v:find(ratio <= 0.1 and "supported against a comparable run" or
      "not supported against a comparable run", 1, true), v)
    -- both readings carry their share; the shares are real (neither reading is certain)
    local tenth, about = num(v, "'a tenth or less' holds in (%d+)%%"), num(v, "'about a tenth' %(0.075%-0.125%) in (%d+)%%")
    assert.is_true(tenth < 100 and about > 0, v)
  end)

  it("06: 30% utilization against 65%", function()
    local v = verdict(SEEDS .. "06-utilization.lua")
    local function at(u) return eval { region = "us-va", chip = "H100-SXM", utilization = u }.usd_per_eflop end
    local r = at(0.3) / at(0.65)
    assert.near(r, num(v, "pays ([%d.]+)x per useful FLOP"), 0.051)
    -- bounds by hand: every cost but energy scales as 1/utilization, so the ratio lies
    -- between 1 and 0.65 / 0.3 = 2.167
    assert.is_true(r > 1.5 and r < 0.65 / 0.3)
    assert.truthy(v:find("^supported: low utilization is costly"))
  end)

  it("07: tests GPU life, physical (failure rate) and economic (running vs new)", function()
    local out = out_of(SEEDS .. "07-lifetime.lua")
    local v = verdict(SEEDS .. "07-lifetime.lua")
    -- physical: Llama 3's 54-day snapshot on 16,384 H100: 148 + 72 + 19 + 17 = 256 GPU interruptions;
    -- 256 / 16384 / (54 / 365.25) = 0.10569 per GPU-year; 1 - exp(-3 x 0.10569) = 27.2 % dead in 3 years
    local rate = 256 / 16384 / (54 / 365.25)
    within(0.105686, rate, 1e-6) -- 0.015625 / 0.147844
    assert.truthy(v:find(("at most %.3f per GPU-year"):format(rate), 1, true), v)
    within(100 * (1 - math.exp(-3 * rate)), num(v, "%) ([%d.]+)%% of GPUs die within 3 years"), 0.051, v)
    assert.truthy(v:find("^not supported as physical life"), v)
    -- economic: t = log10(C0 / R) / 0.14 with C0 the all-in cost under Epoch's price decline and R
    -- its energy + carbon + opex + facility, evaluated here
    local r = eval { region = "us-va", chip = "H100-SXM", utilization = 0.65, recovery = "price_decline" }
    local b = r.breakdown
    local t = math.log(r.usd_per_eflop / (b.energy + b.carbon + b.opex + b.facility), 10) / 0.14
    within(t, num(v, "all%-in for ([%d.]+) years"), 0.051, v)
    assert.truthy(v:find((t <= 3 and "supported" or "not supported") .. " as economic life", 1, true), v)
    -- the cost of a 2-year life over a 5-year one stays bounded by the capital recovery factors:
    -- CRF(6%, 2) / CRF(6%, 5) = 0.545437 / 0.237396 = 2.2976
    local s = fc.scenario { region = "us-va", chip = "H100-SXM", utilization = 0.65 }
    local crf = function(x, n) return x / (1 - (1 + x) ^ -n) end
    local r25 = s:with { chip_life_years = 2 }:evaluate().usd_per_eflop / s:with { chip_life_years = 5 }:evaluate().usd_per_eflop
    assert.is_true(r25 > 1 and r25 < crf(0.06, 2) / crf(0.06, 5))
    assert.truthy(out:find("annuity at 6.0% WACC", 1, true))
  end)

  it("08: blended PUE and emissions by hand", function()
    local out = out_of(SEEDS .. "08-cooling-green.lua")
    local v = verdict(SEEDS .. "08-cooling-green.lua")
    -- PUE = 1 + (1 - liquid) x 0.56 + liquid x 0.15: 1.478 at 20 %, 1.355 at 50 %
    assert.truthy(out:find("1.478", 1, true) and out:find("1.355", 1, true))
    -- emissions scale as PUE x (1 - green): 1 - 1.355 x 0.30 / (1.478 x 0.55) = 1 - 0.4065/0.8129 = 50.0 %
    assert.near(100 * (1 - 1.355 * 0.3 / (1.478 * 0.55)), num(v, "emissions per FLOP fall ([%d.]+)%%"), 0.06)
    assert.truthy(v:find("^large for emissions, small for cost"))
  end)

  it("09: yield at the catalog price, chiplets at 20% yield", function()
    local v = verdict(SEEDS .. "09-smic-yield-chiplets.lua")
    local proc, chip = cat:process("SMIC-N+2"), cat:chip("Ascend-910B")
    -- good-die cost = wafer $14,000 / (whole dies per wafer x yield): 72.94 gross, 72 whole
    -- dies of 665.61 mm2, so 14000 / (72 x 0.2) = $972 and 14000 / (72 x 0.6) = $324
    local gross = fc.yield.dies_per_wafer { wafer_diameter_mm = proc.wafer_diameter_mm,
      die_area_mm2 = chip.die_area_mm2, edge_exclusion_mm = proc.edge_exclusion_mm, scribe_mm = proc.scribe_mm }
    local whole = math.floor(gross)
    assert.are.equal(72, whole)
    local d20, d60 = proc.wafer_cost_usd / (whole * 0.2), proc.wafer_cost_usd / (whole * 0.6)
    assert.truthy(v:find(("(%s -> %s)"):format(fc.report.usd(d60), fc.report.usd(d20)), 1, true), v)
    -- at the catalog price: the extra package cost passed on at cost and with a 100 % markup
    local function pkg(y)
      local _, p = fc.scenario.manufactured_price(cat, chip, { process = "SMIC-N+2", yield = y, hbm = "HBM2e",
        hbm_stacks = 4, markup = 0 })
      return p.total_usd
    end
    local dp = pkg(0.2) - pkg(0.6)
    local base = { region = "cn-guizhou", chip = "Ascend-910B", utilization = 0.7 }
    local c0 = eval(base).usd_per_eflop
    local function with_price(p) local o = {} for k, x in pairs(base) do o[k] = x end o.chip_price_usd = p return o end
    local at_cost = eval(with_price(chip.price_usd + dp)).usd_per_eflop / c0 - 1
    local marked = eval(with_price(chip.price_usd + 2 * dp)).usd_per_eflop / c0 - 1
    assert.near(100 * at_cost, num(v, "%(([%d.]+)%% at cost"), 0.051)
    assert.near(100 * marked, num(v, "to ([%d.]+)%% with a 100%% markup"), 0.051)
    assert.is_true(marked < 0.10) -- not the +26 % the seed once printed at a price 4x below the catalog's
    -- D0 giving 20 % monolithic yield (negative binomial): Y = (1 + A D0 / alpha)^-alpha, so
    -- D0 = alpha (Y^(-1/alpha) - 1) / A = 10 x (0.2^-0.1 - 1) / 6.6561 cm2 = 0.2623 per cm2
    local d0 = proc.alpha * (0.2 ^ (-1 / proc.alpha) - 1) / (chip.die_area_mm2 / 100)
    assert.near(0.2623, d0, 0.0005)
    local hbm, pk = cat:hbm("HBM2e"), cat:packaging("CoWoS-S")
    local cv = fc.yield.chiplet_vs_monolithic { total_area_mm2 = chip.die_area_mm2, chiplets = 2, d2d_overhead = 0.1,
      wafer_cost_usd = proc.wafer_cost_usd, model = "negative_binomial", alpha = proc.alpha,
      defect_density_per_cm2 = d0, bonding_yield = pk.bonding_yield, hbm_stacks = 4,
      hbm_stack_cost_usd = hbm.gb_per_stack * hbm.cost_usd_per_gb, substrate_usd = pk.cost_usd }
    assert.near(100 * (1 - cv.ratio), num(v, "two chiplets cut the package cost by ([%d.]+)%%"), 0.051)
    assert.is_true(cv.ratio > 0.8 and cv.ratio < 0.9) -- the issue's "about 14%"
    assert.truthy(v:find("chiplets pay at 20% yield", 1, true))
  end)

  it("10: the WAN a realistic layout needs", function()
    local out = out_of(SEEDS .. "10-split-clusters.lua")
    local v = verdict(SEEDS .. "10-split-clusters.lua")
    -- WAN bytes per chip per step by hand: S = 70e9 x 2 / (8 x 4) = 4.375e9; 80 nodes per site,
    -- one replica per node: 2 x 3/4 x 4.375e9 / 80 = 8.203e7 bytes = 0.082 GB
    assert.truthy(out:find("WAN bytes per chip and step: 0.082 GB", 1, true), out)
    local base = { chips = 10240, chips_per_node = 8, params = 70e9, tensor_parallel = 8, pipeline_parallel = 4,
      layers = 80, d_model = 8192, tokens_per_step = 16e6, peak_flops_per_s = 989.5e12, mfu = 0.4,
      intra_node_gbs = 200, inter_node_gbs = 50, overlap = 0.8 }
    local one = fc.training.scaling(base).efficiency
    local need = num(v, "need about ([%d.]+) Tb/s")
    local function eff(tbps)
      local o = {}
      for k, x in pairs(base) do o[k] = x end
      o.sites, o.inter_site_gbs = 4, tbps * 125 / 2560
      return fc.training.scaling(o).efficiency
    end
    -- the printed need (rounded to 0.1 Tb/s) brackets 90 % of one site's efficiency
    assert.is_true(eff(need - 0.05) < 0.9 * one and eff(need + 0.05) >= 0.9 * one, v)
    assert.near(100 * eff(1.6), num(v, "the job runs at ([%d.]+)%%"), 0.051)
  end)

  it("11: available, licence required, denied", function()
    local v = verdict(SEEDS .. "11-export-rules.lua")
    -- H20: 148 dense FP16 TFLOPS x 16 bits = TPP 2,368, below 4,800 (3A090.a)
    assert.are.equal(2368, cat:chip("H20").peak_tflops.fp16 * 16)
    assert.truthy(v:find("H20 (TPP 2368)", 1, true), v)
    local avail = v:match("available: ([^;]+);")
    local lic = v:match("licence required %(case%-by%-case%): ([^;]+);")
    local denied = v:match("denied: ([^.]+)%.")
    -- the H20 is under no 3A090 threshold but needs a licence since 2025-04 (issue 21: it was
    -- listed as available)
    assert.truthy(has(avail, "Ascend-910B") and not has(avail, "H20") and not has(avail, "H100"), avail)
    assert.truthy(has(lic, "H100-SXM") and has(lic, "H800-SXM") and has(lic, "A100-SXM") and has(lic, "H20"), lic)
    assert.truthy(has(denied, "B200") and not has(denied, "H100"), denied)
    -- the cheapest of the available chips, evaluated here
    local best, cost
    for _, name in ipairs { "Ascend-910B", "Ascend-910C" } do
      local c = eval { region = "cn-guizhou", chip = name, utilization = 0.7 }.usd_per_eflop
      if not cost or c < cost then best, cost = name, c end
    end
    assert.truthy(v:find(("Cheapest available per FLOP in Guizhou: %s at %s"):format(best, fc.report.usd(cost)), 1, true), v)
  end)

  it("12: flows from the articles, stock from fc.stock", function()
    local v = verdict(SEEDS .. "12-compute-stock.lua")
    -- flows: 3.67e6 / 146e3 = 25.1; 3.67e6 / 40e3 = 91.8; 31x needs 3.67e6 / 31 = 118.4k Huawei units
    assert.truthy(v:find("is 25x-92x (31x at about 118k", 1, true), v)
    -- stock: the supply model's 2025 US:CN ratio, computed here (issue 21: the seed once read a
    -- production ratio as a stock)
    local st = fc.stock.national { years = { 2024, 2027 }, ratio = { "US", "CN" } }
    local ratio = st.h100e.US[2025] / st.h100e.CN[2025]
    within(ratio, num(v, "stock %(fc.stock%): ([%d.]+)x in 2025"), 0.051, v)
    local near31 = ratio >= 31 / 1.2 and ratio <= 31 * 1.2
    assert.truthy(v:find("^" .. (near31 and "supported" or "not supported") .. " as installed compute"), v)
    -- the share is of the stock reading; the flow reading's share is stated in the text
    local share = num(v, "holds in (%d+)%%")
    assert.are.equal(100 - share, num(v, "within 20%% of 31x in (%d+)%% of draws; flow"))
  end)

  it("13: accelerators per programme, all per year", function()
    local v = verdict(SEEDS .. "13-capex-programs.lua")
    -- n = budget / (capex per accelerator + facility $/kW x TDP x server power multiple), per year
    local s = fc.scenario { region = "us-va", chip = "H100-SXM", utilization = 0.7 }
    local m = s:core_params().members[1]
    local n = 258e9 / (s:evaluate().capex_usd + m.facility_usd_per_kw * m.tdp_w * m.server_power_multiple / 1000)
    assert.truthy(v:find(("US big-tech capex 2024 ~%.2fM H100-SXM a year"):format(n / 1e6), 1, true), v)
    -- the 3T CNY programme per year (issue 21: its total was ranked against annual figures):
    -- 3e12 / 0.4e12 = 7.5 years
    local g = fc.scenario { region = "cn-guizhou", chip = "Ascend-910C", utilization = 0.7 }
    local gm = g:core_params().members[1]
    local ng = cat:convert(3e12, "CNY", "USD") / (g:evaluate().capex_usd
      + gm.facility_usd_per_kw * gm.tdp_w * gm.server_power_multiple / 1000) / 7.5
    assert.truthy(v:find(("East-Data-West-Computing ~%.2fM Ascend-910C a year"):format(ng / 1e6), 1, true), v)
    assert.truthy(v:find("over 7.5 years", 1, true), v)
  end)

  -- README's claims table is the seeds' own output at 20,000 draws (issue 21)
  it("README's claims table is what examples/seeds/claims-table.lua prints", function()
    local out, code = out_of("examples/seeds/claims-table.lua")
    assert.are.equal(0, code, out)
    local f = assert(io.open("README.md"))
    local readme = f:read("a")
    f:close()
    local n = 0
    for line in out:gmatch("[^\n]+") do
      n = n + 1
      assert.truthy(readme:find(line, 1, true), "README lacks: " .. line)
    end
    assert.are.equal(16, n, out) -- header, rule and the 14 claims
  end)

end)

-- Published runs as a validation suite: each [key] row of examples/runs/ is
-- parsed (published, flopcost, error) and held to a tolerance justified below.
local function suffixed(x)
  if x == "-" then return nil end
  local v, suf = x:match("^([%d.e+%-]+)([kMG]?)$")
  return tonumber(v) * (({ k = 1e3, M = 1e6, G = 1e9 })[suf] or 1)
end
local function rows(f)
  local out, code = out_of((f:find("/", 1, true) and "" or "examples/runs/") .. f)
  assert.are.equal(0, code, out)
  assert.falsy(out:find("nan"), out)
  local t = {}
  for key, pub, ours in out:gmatch("\n   %[([%w%-]+)%]%s+[^\n]-%s+(%S+)%s+(%S+)%s+[%+%-][%d.]*%%?\n") do
    t[key] = { pub = suffixed(pub), ours = suffixed(ours) }
    if t[key].pub and t[key].ours then t[key].err = t[key].ours / t[key].pub - 1 end
  end
  return t, out
end

describe("published runs", function()
  local runs = list("examples/runs")
  it("has the 10 published runs", function() assert.are.equal(10, #runs) end)
  for _, f in ipairs(runs) do
    it(f .. " runs", function()
      local out, code = out_of(f)
      assert.are.equal(0, code, out)
      assert.falsy(out:find("nan"), out)
    end)
  end

  -- Model-card identities (hours x board power x PUE x grid factor). Tolerance 0.5 %:
  -- the published MWh and tonnes carry 3 significant figures (449, 173, 137, 356: at most
  -- +-0.15 %), and GPT-3's hours come from 14.8 days (3 figures, +-0.34 %).
  it("reproduces the model-card identities to the publishers' rounding", function()
    for f, keys in pairs { ["llama-65b.lua"] = { "mc-mwh", "mc-t" }, ["opt-175b.lua"] = { "mc-mwh", "mc-t" },
        ["gpt-3.lua"] = { "mc-mwh", "mc-t" }, ["bloom.lua"] = { "mc-mwh", "mc-t" }, ["llama-2-70b.lua"] = { "mc-t" },
        } do
      local t, out = rows(f)
      for _, k in ipairs(keys) do
        assert.truthy(t[k] and t[k].err, f .. " " .. k .. "\n" .. out)
        assert.is_true(math.abs(t[k].err) < 0.005, f .. " " .. k .. "\n" .. out)
      end
    end
    -- Llama 3.1 405B: the factor fitted on the card's OTHER runs (8B 1.46M h, 420 t; 70B 7.0M h,
    -- 2,040 t): 2,460 t / (8.46M h x 0.7 kW) = 0.4154 kg/kWh; on the 405B's 30.84M h: 8,967.6 t
    -- against 8,930 (+0.42 %). Tolerance 1 %: 7.0M h is rounded to +-0.6 % of the 8.46M, the rest
    -- to 0.3 %. (It used to be fitted to the 11,390 t total, which contains the 405B: circular.)
    local ll, out = rows("llama-3.1-405b.lua")
    assert.near(30.84e6 * 0.7 * (2460e3 / (8.46e6 * 0.7)) / 1000, ll["mc-t"].ours, 0.5)
    assert.is_true(math.abs(ll["mc-t"].err) < 0.01, out)
    -- by hand: LLaMA-65B 1,022,362 h x 0.4 kW x 1.1 = 449,839 kWh; x 0.385 = 173.19 t;
    -- Llama 2 70B 1,720,320 x 0.4 x 1.1 x 0.385 = 291.42 t (Meta's figure to the hundredth);
    -- BLOOM 1,082,990 x 0.4 = 433,196 kWh (Luccioni's figure to the kWh), x 0.057 = 24.69 t
    assert.near(449.84, rows("llama-65b.lua")["mc-mwh"].ours, 0.1)
    assert.near(291.42, rows("llama-2-70b.lua")["mc-t"].ours, 0.05)
    assert.near(433.2, rows("bloom.lua")["mc-mwh"].ours, 0.05)
  end)

  -- Model cards at the library's defaults (issue 21: the Llama cards came out +3% to +7% with no
  -- explanation). Same hours and board power, so defaults / card identity = the ratio of kg CO2 per
  -- board-kWh, written out here: us-avg PUE 1.2 x 0.3674 = 0.44088; Meta's 1.1 x 0.385 = 0.4235
  -- (LLaMA-1 Table 15) -> 1.04104; Llama 3.1's factor fitted on its 8B and 70B runs, 0.4154 (PUE in
  -- the card's 700 W) -> 1.06134; GPT-3's 1.1 x 0.429 = 0.4719 -> 0.93426; BLOOM's 1.0 x 0.057 -> 7.7347.
  -- So defaults / identity must equal that ratio; the rows print 4 figures (+-0.05 % each), hence a
  -- tolerance of 0.1 %. The rest of the gap to the card is the identity's own (within 0.5 %, above).
  it("explains the model-card gap at the library's defaults by PUE x grid factor", function()
    local us_avg = cat:region("us-avg")
    assert.are.equal(1.2, us_avg.pue)
    within(0.3674, us_avg.grid_kg_co2_per_kwh, 1e-9)
    local lib = 1.2 * 0.3674
    for f, card in pairs { ["llama-2-70b.lua"] = 1.1 * 0.385, ["llama-65b.lua"] = 1.1 * 0.385,
        ["opt-175b.lua"] = 1.1 * 0.385, ["llama-3.1-405b.lua"] = 0.4154, ["gpt-3.lua"] = 1.1 * 0.429,
        ["bloom.lua"] = 0.057 } do
      local t, out = rows(f)
      local d, mc = t["mc-t-dflt"], t["mc-t"]
      assert.truthy(d and d.err and mc and mc.err, f .. "\n" .. out)
      local ratio = lib / card
      assert.truthy(out:find(("x%.4f"):format(ratio), 1, true), f .. "\n" .. out)
      assert.is_true(math.abs(d.ours / mc.ours / ratio - 1) <= 1e-3, f .. "\n" .. out)
    end
    -- the US runs stay within 7 % at the defaults, not within 5 %: Llama 3.1 is +6.6 %
    for _, f in ipairs { "llama-2-70b.lua", "llama-65b.lua", "llama-3.1-405b.lua", "opt-175b.lua", "gpt-3.lua" } do
      assert.is_true(math.abs(rows(f)["mc-t-dflt"].err) < 0.07, f)
    end
    assert.is_true(rows("llama-3.1-405b.lua")["mc-t-dflt"].err > 0.05)
  end)

  -- Hours derived from FLOP and a throughput published apart from them.
  it("derives the published hours from independent throughputs", function()
    -- LLaMA-65B: 1.4e12 tokens / 380 tokens/s = 1,023,392 h against 1,022,362: the paper says
    -- "around 380", i.e. +-0.5 tokens/s at least (0.13 %); 0.5 % allows for that and 1.4T's rounding
    local t = rows("llama-65b.lua")
    assert.near(1.4e12 / 380 / 3600, t.hours.ours, 1e3)
    assert.is_true(math.abs(t.hours.err) < 0.005)
    -- OPT-175B with the logbook's 4.30e23 FLOP at 147 TFLOP/s: 812,500 h against 809,472 h
    -- (= 992 GPUs x 34 whole days): the days are rounded to 1 of 34 (+-1.5 %), so 2 %
    t = rows("opt-175b.lua")
    assert.near(4.30e23 / 147e12 / 3600, t["hours-log"].ours, 1e3)
    assert.is_true(math.abs(t["hours-log"].err) < 0.02)
    -- GPT-4 (Epoch's estimates): 2.1e25 / (312e12 x 0.34 x 3600) = 54.99M h against 57M:
    -- 2.1e25 has 2 figures (+-2.4 %) and 0.34 +-1.5 %, so 5 %
    t = rows("gpt-4.lua")
    assert.near(2.1e25 / (312e12 * 0.34 * 3600), t.hours.ours, 1e4)
    assert.is_true(math.abs(t.hours.err) < 0.05)
    -- Llama 3.1 405B: MFU 38-43 % gives 3.7908e25 / (989.5e12 x MFU x 3600) = 24.75M-28.0M h,
    -- 9 % to 20 % under the reported 30.84M (stages and downtime the MFU does not see)
    t = rows("llama-3.1-405b.lua")
    local hi, lo = 3.7908e25 / (989.5e12 * 0.38 * 3600), 3.7908e25 / (989.5e12 * 0.43 * 3600)
    assert.is_true(t.hours.ours > lo and t.hours.ours < hi and t.hours.ours < t.hours.pub)
    -- PaLM: 2.5272e24 / (275e12 x 0.462 x 3600) = 5.525M; BLOOM: 6 x 176e9 x 366e9 / (156e12 x 3600)
    -- = 688k. Both are steady-state throughputs, so the derived hours are lower bounds of the
    -- reported ones (which include downtime and repeated steps); asserted as such
    t = rows("palm.lua")
    assert.near(2.5272e24 / (275e12 * 0.462 * 3600), t.hours.ours, 1e3)
    assert.is_true(t.hours.ours < t.hours.pub)
    assert.is_true(math.abs(t.flops.err) < 1e-3) -- 6 x 540e9 x 780e9 = 2.5272e24 = Table 20's 2527.2 ZFLOP
    t = rows("bloom.lua")
    assert.near(6 * 176e9 * 366e9 / (156e12 * 3600), t.hours.ours, 1e3)
    assert.is_true(t.hours.ours < t.hours.pub)
  end)

  -- DeepSeek-V3 is no longer circular: hours from FLOP at the separately published
  -- utilization, and each explained step closes part of the gap.
  it("derives DeepSeek-V3's hours and explains the gap step by step", function()
    local t, out = rows("deepseek-v3.lua")
    -- 3.2856e24 / (1979e12 x 0.1947 x 3600) = 2.3686M h
    assert.near(3.2856e24 / (1979e12 * 0.1947 * 3600), t.hours.ours, 1e3)
    assert.is_true(t.hours.err < -0.10 and t.hours.err > -0.20, out)
    -- against pre-training alone (2.664M), then with attention FLOPs (3.4078e24): the gap narrows
    assert.is_true(math.abs(t["hours-pre"].err) < math.abs(t.hours.err))
    assert.is_true(math.abs(t["hours-attn"].err) < math.abs(t["hours-pre"].err))
    assert.is_true(math.abs(t["hours-attn"].err) < 0.10, out)
    -- the report's own cost convention: 2.788M h x $2 = $5.576M exactly
    assert.near(5.576e6, t["rental-usd"].ours, 1)
    assert.falsy(out:find("implied FP8 MFU", 1, true)) -- no longer backed out of the hours
  end)

  -- Epoch AI's amortized cost rebuilt under convention "epoch" from Epoch's own inputs
  -- (hardware quantity x training time, start = publication - training time - 60 days).
  -- Tolerance 4 %: fidelity's hand rebuild of Llama 3.1 405B reaches Epoch's file to 0.43 % (its
  -- data snapshot); dates rounded to the day move a 0.14 OOM/y value by up to 0.1 % a day, and
  -- the hardware rows Epoch picks can differ from the catalog's by a few percent (BLOOM -3.4 %).
  -- A missing interconnect share (-19 %) or a server multiple on a system price (+64 %) fails.
  it("rebuilds Epoch's amortized costs under convention 'epoch'", function()
    for _, f in ipairs { "gpt-4.lua", "llama-3.1-405b.lua", "llama-2-70b.lua", "opt-175b.lua", "bloom.lua" } do
      local t, out = rows(f)
      assert.truthy(t["epoch-usd"] and t["epoch-usd"].err, f .. "\n" .. out)
      assert.is_true(math.abs(t["epoch-usd"].err) < 0.04, f .. "\n" .. out)
    end
    -- LLaMA-65B: Epoch charges 578,026 / 1,024,000 = $0.5645 per chip-hour, less than Llama 2
    -- 70B's 1,102,561 / 1,728,000 = $0.6381 though LLaMA trained three months earlier on the
    -- same A100s; the rebuild values them by date, so its LLaMA figure per chip-hour exceeds
    -- its Llama 2 one and lies above Epoch's
    local l1, l2 = rows("llama-65b.lua")["epoch-usd"], rows("llama-2-70b.lua")["epoch-usd"]
    assert.is_true(578026 / 1024000 < 1102561 / 1728000)
    assert.is_true(l1.ours / 1024000 > l2.ours / 1728000 and l1.err > 0)
  end)

  -- README's validation table is the script's output, row for row (issue 21, item 9)
  it("README's validation table is what examples/runs/validation-table.lua prints", function()
    local out, code = out_of("examples/runs/validation-table.lua")
    assert.are.equal(0, code, out)
    local f = assert(io.open("README.md"))
    local readme = f:read("a")
    f:close()
    local n = 0
    for line in out:gmatch("[^\n]+") do
      n = n + 1
      assert.truthy(readme:find(line, 1, true), "README lacks: " .. line)
    end
    assert.is_true(n >= 20, out)
  end)

  -- Issue 21's bar: Epoch's amortized AND cloud costs within 25 % for the seven runs, with
  -- Epoch's own dates (GPT-3's hard-coded start 2019-10-01, GPT-4's 2022-08-15 - 2,280 h,
  -- Gemini's 2023-05-10; the rest publication - training time - 60 d) and TPU-equivalent
  -- prices for TPU v4. Before: GPT-3's cloud +1090 % (a V100 at $14.53/h), GPT-3's amortized
  -- -36 %, PaLM and Gemini Ultra not costed at all (no TPU price).
  it("reproduces Epoch's amortized and cloud costs within 25 % for seven runs", function()
    for _, f in ipairs { "gpt-3.lua", "gpt-4.lua", "llama-3.1-405b.lua", "opt-175b.lua", "bloom.lua", "palm.lua",
        "gemini-ultra.lua" } do
      local t, out = rows(f)
      for _, key in ipairs { "epoch-usd", "epoch-cloud" } do
        assert.truthy(t[key] and t[key].err, f .. " " .. key .. "\n" .. out)
        assert.is_true(math.abs(t[key].err) < 0.25, f .. " " .. key .. "\n" .. out)
      end
    end
    -- GPT-3's cloud: the V100 3-year committed rate at 2019-08-02, $1.21/h x 3,552,000 h =
    -- $4,297,920 against Epoch's $4,336,473 (-0.9 %)
    assert.near(1.21 * 3552000, rows("gpt-3.lua")["epoch-cloud"].ours, 1e3)
  end)

  -- All-in against the model card: the energy gap is the accounting, factor by factor.
  it("explains the all-in energy gap by the server multiple and the PUE", function()
    -- LLaMA-65B in us-avg: 400 W x server 2.03125 (A100: 6.5 kW DGX / 8 / 0.4 kW) x PUE 1.2
    -- = 0.975 kWh per chip-hour against 0.4 x 1.1 = 0.44: ratio 2.2159; 1,022,362 h x 0.975
    -- = 996.8 MWh
    local t, out = rows("llama-65b.lua")
    assert.near(1022362 * 0.4 * 2.03125 * 1.2 / 1000, t["allin-mwh"].ours, 0.5)
    assert.truthy(out:find("2.216 = 0.975 kWh / 0.440 kWh", 1, true), out)
  end)
end)
