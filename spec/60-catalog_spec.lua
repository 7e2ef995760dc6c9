-- flopcost.catalog: loading, lookups, search, FX, overrides, and the export
-- rules evaluated on chips, each checked against a hand calculation.
-- Against the fixtures in spec/fixtures/catalog/good/ (figures from
-- FIGURES.md) and, when its files are present, the bundled models/.
local fc = require "flopcost"
local catalog = require "flopcost.catalog"
local export_rules = require "flopcost.export_rules"

local GOOD = "spec/fixtures/catalog/good/"
local XREF = "spec/fixtures/catalog/xref/"

local function exists(path)
  local f = io.open(path, "rb")
  if f then f:close() return true end
  return false
end

describe("flopcost.catalog", function()
  local cat = assert(fc.catalog.load(GOOD))

  describe("load", function()
    it("reads every file of a directory", function()
      assert.are.equal(9, cat:count("chips"))
      assert.are.equal(3, cat:count("regions"))
      assert.are.equal(3, cat:count("processes"))
      assert.are.equal(1, cat:count("packaging"))
      assert.are.equal(1, cat:count("hbm"))
      assert.are.equal(3, cat:count("rules"))
      assert.are.equal(1, cat:count("runs"))
      assert.are.equal(4, cat:count("fx"))
      assert.are.equal(7, #cat:files())
    end)
    it("prints its counts", function()
      assert.are.equal("flopcost.Catalog: 9 chips, 3 regions, 3 processes, 1 packaging, 1 hbm, 3 rules, "
        .. "1 runs, 4 fx rates\n  (as of 2026-01)", tostring(cat)) -- at most 100 columns a line
    end)
    it("reads one file", function()
      local c = assert(fc.catalog.load(GOOD .. "fx.json"))
      assert.are.equal(4, c:count("fx"))
      assert.are.equal(0, c:count("chips"))
    end)
    it("turns figure objects into values and keeps their metadata", function()
      local h100 = cat:chip("H100-SXM")
      assert.are.equal(33750, h100.price_usd)
      assert.are.same({ 31100, 36000 }, h100.meta.price_usd.range)
      assert.is_true(h100.meta.price_usd.uncertain)
      assert.are.equal("2023-05", h100.meta.price_usd.as_of)
      assert.are.equal(900, h100.interconnect_gbs)
      assert.are.equal(700, h100.tdp_w)          -- a plain number: no metadata
      assert.is_nil(h100.meta.tdp_w)
      local b910 = cat:chip("910B")
      assert.are.equal(376, b910.peak_tflops.fp16)
      assert.are.same({ 220, 376 }, b910.meta["peak_tflops.fp16"].range)
      local gz = cat:region("cn-guizhou")
      assert.are.equal(0.2, gz.chip_price_premium.default)
      assert.is_true(gz.meta["chip_price_premium.default"].uncertain)
    end)
    it("keeps arrays and booleans", function()
      assert.are.same({ 0, 0.25, 0.5, 0.75, 1 }, cat:chip("H100").power_curve.utilization)
      assert.is_true(cat:process("TSMC-4N").euv)
      assert.is_false(cat:process("tsmc-n7").euv)
    end)
    it("lays a user file over the fixtures: same name replaces, new names add", function()
      local c = assert(fc.catalog.load { GOOD, XREF .. "chips-user.json" })
      assert.are.equal(25000, c:chip("H100").price_usd)
      assert.are.equal("user quote", c:chip("H100-SXM").source)
      assert.are.equal(10, c:count("chips"))
      assert.are.equal("Acme", c:chip("z9").vendor)
    end)
    it("finds a default path or says why not", function()
      local p, err = catalog.default_path()
      assert.is_true(type(p) == "string" or type(err) == "string")
    end)
  end)

  describe("lookups", function()
    it("matches names and aliases in any case", function()
      local h = cat:chip("H100-SXM")
      assert.are.equal(h, cat:chip("h100"))
      assert.are.equal(h, cat:chip("H100 SXM5"))
      assert.are.equal(cat:chip("Ascend-910B"), cat:chip("ascend 910b"))
      assert.are.equal("TSMC-4N", cat:process("tsmc-4n").name)
      assert.are.equal("CoWoS-S", cat:packaging("cowos-s").name)
      assert.are.equal(16, cat:hbm("HBM3").gb_per_stack)
      assert.are.equal("88 FR 73458", cat:rule("3A090-2023").source)
      assert.are.equal(2048, cat:run("DeepSeek-V3").chips)
    end)
    it("lists sorted names", function()
      assert.are.same({ "A100-SXM-80GB", "Ascend-910B", "B200", "H100-SXM", "H20", "H200", "H800-SXM",
        "MI325X", "MLU370-X8" }, cat:chips())
      assert.are.same({ "cn-guizhou", "sg", "us-va" }, cat:regions())
      assert.are.same({ "3A090-2022", "3A090-2023", "china-case-by-case-2026" }, cat:rules())
      assert.are.same({ "CNY@2023", "CNY@2024-12-31", "CNY@2025-06-30", "SGD@2025-06-30" }, cat:list("fx"))
    end)
    it("has() returns nil for unknown names", function()
      assert.is_nil(cat:has("chip", "H10"))
      assert.are.equal("H20", cat:has("chips", "h20").name)
    end)
    it("searches names, aliases, vendors and labels", function()
      local names = {}
      for _, r in ipairs(cat:search("nvidia")) do names[#names + 1] = r.name end
      assert.are.same({ "A100-SXM-80GB", "B200", "H100-SXM", "H20", "H200", "H800-SXM" }, names)
      local r = cat:search("ASCEND")
      assert.are.equal(1, #r)
      assert.are.equal("Ascend-910B", r[1].name)
      assert.are.equal("chips", r[1].kind)
      r = cat:search("china")                       -- the label "Guizhou, China"
      assert.are.equal("cn-guizhou", r[1].name)
      assert.are.equal(2, #cat:search("tsmc", "processes")) -- TSMC-N7 and TSMC-4N
    end)
  end)

  describe("fx", function()
    it("uses the latest rate by default", function()
      local r, entry = cat:fx("CNY")
      assert.are.equal(7.18, r)
      assert.are.equal("2025-06-30", entry.date)
      assert.are.equal(1, cat:fx("USD"))
    end)
    it("uses the latest rate on or before a date", function()
      assert.are.equal(7.3, cat:fx("CNY", "2025-01-15"))
      assert.are.equal(7.3, cat:fx("CNY", "2024"))      -- any time in 2024: the 2024-12-31 rate
      assert.are.equal(6.9, cat:fx("CNY", "2024-06"))   -- the rate dated "2023"
      assert.are.equal(7.18, cat:fx("CNY", "2025-06-30"))
    end)
    it("converts through USD", function()
      -- 100 CNY / 7.18 CNY per USD = 13.92758 USD
      assert.near(13.927576601671, cat:convert(100, "CNY", "USD"), 1e-12)
      -- 1 SGD = 7.18 / 1.28 = 5.609375 CNY
      assert.near(5.609375, cat:convert(1, "SGD", "CNY"), 1e-12)
      -- 0.4 CNY/kWh in 2024 at 7.3: 0.054795 USD/kWh
      assert.near(0.4 / 7.3, cat:convert(0.4, "CNY", "USD", "2024"), 1e-12)
    end)
  end)

  describe("override, add and copy", function()
    it("override returns a new catalog, validated, keeping other fields; the old one is unchanged", function()
      local c0 = assert(fc.catalog.load(GOOD))
      local c = c0:override("chip", "H100", { tdp_w = 650, price_usd = { value = 30000, source = "quote" } })
      local e = c:chip("H100")
      assert.are.equal(650, e.tdp_w)
      assert.are.equal(30000, e.price_usd)
      assert.are.equal("quote", e.meta.price_usd.source)
      assert.are.equal(e, c:chip("h100"))           -- aliases still resolve
      assert.are_not.equal(650, c0:chip("H100").tdp_w) -- the catalog overridden is untouched
      assert.are.same({ 31100, 36000 }, cat:chip("H100").meta.price_usd.range) -- other catalog untouched
      assert.are.same({ 750, 814 }, c:override("chip", "H20", { tdp_w = 350 }):chip("H20").meta.die_area_mm2.range)
    end)
    it("add returns a new catalog with the entry and fx rates; the old one is unchanged", function()
      local c = cat:add("chip", { name = "X1", vendor = "Acme", peak_tflops = { fp8 = { value = 600, source = "sheet" } },
        tdp_w = 300, die_area_mm2 = 1000, process = "TSMC-N7", source = "user", as_of = "2025" })
      assert.are.equal(600, c:chip("x1").peak_tflops.fp8)
      assert.are.equal("sheet", c:chip("x1").meta["peak_tflops.fp8"].source)
      assert.is_nil(cat:has("chip", "X1"))
      local c2 = c:add("fx", { currency = "EUR", per_usd = 0.92, date = "2025-06-30", source = "user" })
      assert.near(100 / 0.92, c2:convert(100, "EUR", "USD"), 1e-12)
      assert.is_false(pcall(c.convert, c, 100, "EUR", "USD"))
    end)
  end)

  describe("the default catalog is immutable (issue 11)", function()
    -- Before: fc.catalog.default():override("chip", "H100-SXM", {price_usd = 60000}) changed every later
    -- scenario in the process (1.52 -> 2.67 $/EFLOP).
    it("an override of the default catalog changes only scenarios given the new catalog", function()
      local function cost(c)
        return fc.scenario { region = "us-va", chips = { ["H100-SXM"] = 1 }, catalog = c }:evaluate().usd_per_eflop
      end
      local before = cost(nil)
      local dear = fc.catalog.default():override("chip", "H100-SXM", { price_usd = 60000 })
      assert.are.equal(before, cost(nil))                       -- bit for bit: nothing else changed
      assert.are.equal(before, cost(fc.catalog.default()))
      local after = cost(dear)
      -- independent figure: the chip is part of the capex share only, so doubling a $30k-class price
      -- must raise the cost, but by less than double (energy, facility and opex do not move)
      assert.is_true(after > before * 1.2 and after < before * 2, ("%g -> %g"):format(before, after))
      assert.are_not.equal(60000, fc.catalog.default():chip("H100-SXM").price_usd)
      assert.are.equal(60000, dear:chip("H100-SXM").price_usd)
    end)
  end)

  describe("export classification (hand calculations, TPP = TFLOP/s x bits)", function()
    local rows = {
      -- chip, rule, class, TPP, PD (nil: unknown), determined, hand calculation
      { "H100-SXM", "3A090-2023", "3A090.a", 15832, 15832 / 814, true,
        "max(989.5 x 16, 1979 x 8, 494.7 x 32 = 15830.4, 67 x 64) = 15832 >= 4800" },
      { "A100-SXM-80GB", "3A090-2023", "3A090.a", 4992, 4992 / 826, true, "312 x 16 = 624 x 8 = 4992 >= 4800" },
      { "H20", "3A090-2023", "not controlled", 2368, 2368 / 814, true,
        "148 x 16 = 2368 < 2400 (b1 fails); PD 2368/814 = 2.909 < 3.2 (a2, b2 fail)" },
      { "Ascend-910B", "3A090-2023", "3A090.a", 6016, nil, true, "376 x 16 = 6016 >= 4800, PD not needed" },
      { "MLU370-X8", "3A090-2023", "not controlled", 2048, nil, false,
        "max(96 x 16 = 1536, 256 x 8 = 2048); >= 1600 so a2 and b2 need PD: no die area" },
      { "B200", "3A090-2023", "3A090.a", 36000, nil, true, "2250 x 16 = 36000" },
      { "H100-SXM", "3A090-2022", "3A090", 15832, 15832 / 814, true, "15832 >= 4800 and NVLink 900 >= 600 GB/s" },
      { "H800-SXM", "3A090-2022", "not controlled", 15832, 15832 / 814, true, "NVLink 400 < 600 GB/s" },
      { "A100-SXM-80GB", "3A090-2022", "3A090", 4992, 4992 / 826, true, "4992 >= 4800 and 600 >= 600 (bound inclusive)" },
      { "H200", "china-case-by-case-2026", "3A090.a (case-by-case)", 15832, 15832 / 814, true,
        "15832 < 21000 and 4800 < 6500 GB/s" },
      { "MI325X", "china-case-by-case-2026", "3A090.a (case-by-case)", 20919.2, nil, true,
        "max(1307.4 x 16 = 20918.4, 2614.9 x 8 = 20919.2) < 21000 and 6000 < 6500 GB/s" },
      { "B200", "china-case-by-case-2026", "3A090.a", 36000, nil, true, "36000 >= 21000: not eligible" },
    }
    for _, r in ipairs(rows) do
      it(r[1] .. " under " .. r[2] .. " is " .. r[3] .. ": " .. r[7], function()
        local class, info = cat:classify(r[1], r[2])
        assert.are.equal(r[3], class)
        assert.near(r[4], info.tpp, 1e-12)
        if r[5] then assert.near(r[5], info.pd, 1e-12) else assert.is_nil(info.pd) end
        assert.are.equal(r[6], info.determined)
      end)
    end
    it("lists what an undetermined classification lacks", function()
      local _, info = cat:classify("MLU370-X8", "3A090-2023")
      assert.are.same({ "3A090.a", "3A090.b" }, info.undetermined)
      assert.are.same({ "pd" }, info.missing)
      assert.are.equal("MLU370-X8 under 3A090-2023: not controlled (TPP 2048, PD unknown); undetermined: "
        .. "3A090.a, 3A090.b (missing pd)", tostring(info))
    end)
    it("classifies hypothetical chips at the bounds", function()
      -- 600 x 8 = 4800: TPP >= 4800 holds at equality
      assert.are.equal("3A090.a", (cat:classify({ peak_tflops = { fp8 = 600 }, die_area_mm2 = 1000 }, "3A090-2023")))
      -- 299.9 x 16 = 4798.4 < 4800; PD 4.7984 in [1.6, 5.92) and TPP in [2400, 4800): 3A090.b
      local class, info = cat:classify({ peak_tflops = { bf16 = 299.9 }, die_area_mm2 = 1000 }, "3A090-2023")
      assert.are.equal("3A090.b", class)
      assert.near(4.7984, info.pd, 1e-12)
      -- 1600 <= TPP 1700 (106.25 x 16), PD 1700/287 = 5.923 >= 5.92: 3A090.a by the density clause
      assert.are.equal("3A090.a", (cat:classify({ peak_tflops = { bf16 = 106.25 }, die_area_mm2 = 287 }, "3A090-2023")))
    end)
    it("uses the latest rule by default", function()
      local _, info = cat:classify("H200")
      assert.are.equal("china-case-by-case-2026", info.rule)
    end)
    it("is flopcost.export_rules.classify(chip, rule) on the entries the catalog looked up", function()
      -- H100: 989.5 TFLOP/s bf16 x 16 = 15832 >= 4800: 3A090.a by TPP alone
      assert.are.equal("3A090.a", (export_rules.classify(cat:chip("h100"), cat:rule("3A090-2023"))))
      assert.are.equal(16, export_rules.bits.bf16)
    end)
    it("needs nothing from the catalog: one direction of dependency, no catalog._internal", function()
      assert.is_nil(catalog._internal)
      local saved_rules, saved_cat = package.loaded["flopcost.export_rules"], package.loaded["flopcost.catalog"]
      local required = false
      package.loaded["flopcost.export_rules"], package.loaded["flopcost.catalog"] = nil, nil
      package.preload["flopcost.catalog"] = function() required = true return {} end
      local ok, err = pcall(require, "flopcost.export_rules")
      package.preload["flopcost.catalog"] = nil
      package.loaded["flopcost.export_rules"], package.loaded["flopcost.catalog"] = saved_rules, saved_cat
      assert.is_true(ok, err)
      assert.is_false(required)
    end)
  end)

  describe("availability", function()
    it("denies 3A090.a chips to China under the 2023 rule, with the region's premium", function()
      local a = cat:availability("H100", "cn-guizhou", "3A090-2023")
      assert.are.equal("3A090.a", a.class)
      assert.are.equal("presumption of denial", a.policy)
      assert.is_false(a.available)
      assert.are.equal(0.5, a.premium)                -- the H100-SXM entry
      assert.are.equal("H100-SXM in cn-guizhou (destination china), rule 3A090-2023: class 3A090.a, "
        .. "presumption of denial: not available; price premium +50% (grey market, region cn-guizhou)", tostring(a))
    end)
    it("lets uncontrolled chips through with no licence and no grey-market premium", function()
      -- the region's default premium (0.2 here) prices restricted chips only
      local a = cat:availability("H20", "cn-guizhou", "3A090-2023")
      assert.are.equal("no licence required", a.policy)
      assert.is_true(a.available)
      assert.is_false(a.licence_required)
      assert.are.equal(0, a.premium)
    end)
    it("reviews H200 case by case for China under the 2026 rule", function()
      local a = cat:availability("H200", "cn-guizhou")
      assert.are.equal("case-by-case", a.policy)
      assert.is_true(a.available)
      assert.is_true(a.licence_required)
    end)
    it("reads the licence table per destination group", function()
      assert.are.equal("case-by-case", cat:availability("H100", "sg", "3A090-2023").policy)
      -- a US vendor's chip in the US is domestic supply: no export rule applies
      assert.are.equal("domestic supply (not subject to US export rules)",
        cat:availability("H100", "us-va", "3A090-2023").policy)
      assert.are.equal(0, cat:availability("H100", "us-va", "3A090-2023").premium)
    end)
  end)
end)

describe("the bundled catalog (models/)", function()
  local present = {}
  for _, f in ipairs(catalog.files) do
    local path = "models/" .. f
    if exists(path) then
      present[#present + 1] = f
      it(path .. " loads and validates", function()
        local c = assert(fc.catalog.load(path))
        assert.are.equal(1, #c:files())
      end)
    else
      pending(path .. " is not present yet")
    end
  end
  if #present == 0 then return end

  local cat = assert(fc.catalog.load("models"))
  it("loads as one directory, references between files resolved", function()
    assert.are.equal(#present, #cat:files())
  end)

  -- Each chip's TPP, when present: TFLOP/s (or TOPS) x bit length, max over precisions.
  local tpp_rows = {
    { "H100-SXM", 15832, "989.5 x 16" }, { "H200", 15832, "989.5 x 16" }, { "A100", 4992, "312 x 16" },
    { "H20", 2368, "148 x 16" }, { "B200", 36000, "2250 x 16" },
    { "MI325X", 20919.2, "2614.9 x 8 (1307.4 x 16 = 20918.4 if fp8 is absent: within the 1e-4 tolerance)" },
  }
  for _, r in ipairs(tpp_rows) do
    local chip = cat:count("chips") > 0 and cat:has("chip", r[1])
    if chip and cat:has("rule", "3A090-2023") then
      it(r[1] .. ": TPP " .. r[3] .. " and its 2023 class", function()
        local class, info = cat:classify(chip, "3A090-2023")
        assert.near(r[2], info.tpp, 1e-4)
        if r[2] >= 4800 then assert.are.equal("3A090.a", class) end
        if r[2] < 2400 and info.pd and info.pd < 3.2 then assert.are.equal("not controlled", class) end
      end)
    else
      pending("bundled " .. r[1] .. " under 3A090-2023: chip or rule not present yet")
    end
  end
end)
