-- Every bundled chip under every bundled rule, against a hand calculation.
-- TPP = dense TFLOP/s (TOPS) x bit length, max over precisions; PD = TPP / die
-- area (mm2). Oct 2022 (87 FR 62186): .a if I/O >= 600 GB/s and TPP >= 4800.
-- Oct 2023 (88 FR 73458): .a if TPP >= 4800, or TPP >= 1600 and PD >= 5.92;
-- .b if 2400 <= TPP < 4800 and 1.6 <= PD < 5.92, or TPP >= 1600 and 3.2 <= PD < 5.92.
-- Jan 2026 (91 FR 1684): 3A090.a chips with TPP < 21,000 and DRAM bandwidth
-- < 6,500 GB/s are reviewed case by case for China.
-- "?" = the catalog lacks a figure the rule needs (undetermined).
local fc = require "flopcost"

local A, NC, CBC = "3A090.a", "not controlled", "3A090.a-case-by-case"
local rows = {
  -- chip,          TPP (hand),            PD (hand),            2022, 2023, 2026
  { "A100-SXM",     312 * 16,              312 * 16 / 826,       A,  A,  CBC }, -- NVLink 600 GB/s
  { "A800-PCIe",    312 * 16,              312 * 16 / 826,       NC, A,  CBC }, -- I/O 400 GB/s < 600
  { "V100-SXM2",    125 * 16,              125 * 16 / 815,       NC, NC, NC  }, -- 2000 < 2400, PD 2.45 < 3.2
  { "H100-SXM",     989.5 * 16,            989.5 * 16 / 814,     A,  A,  CBC }, -- DRAM 3350 GB/s < 6500
  { "H100-PCIe",    756.5 * 16,            756.5 * 16 / 814,     A,  A,  CBC },
  { "H800-SXM",     989.5 * 16,            989.5 * 16 / 814,     NC, A,  CBC }, -- NVLink 400 GB/s
  { "H800-PCIe",    756.5 * 16,            756.5 * 16 / 814,     NC, A,  CBC },
  { "H20",          148 * 16,              148 * 16 / 814,       NC, NC, NC  }, -- 2368 < 2400; PD 2.91 < 3.2
  { "H200",         989.5 * 16,            989.5 * 16 / 814,     A,  A,  CBC }, -- 4800 GB/s < 6500
  { "B200",         2250 * 16,             2250 * 16 / 1600,     A,  A,  A   }, -- 36000 >= 21000
  { "B300",         13500 * 4,             13500 * 4 / 1600,     A,  A,  A   }, -- fp4 54000
  { "MI300X",       2614.9 * 8,            2614.9 * 8 / 2400,    A,  A,  CBC }, -- 20919.2 < 21000
  { "MI325X",       2614.9 * 8,            2614.9 * 8 / 2400,    A,  A,  CBC }, -- 6000 GB/s < 6500
  { "MI355X",       5033.2 * 8,            5033.2 * 8 / 880,     A,  A,  A   }, -- fp8 40265.6 > fp4 40264
  { "Gaudi-3",      1835 * 16,             nil,                  A,  A,  A   },
  { "TPU-v5p",      459 * 16,              nil,                  A,  A,  CBC },
  { "Ascend-910B",  320 * 16,              320 * 16 / 665.61,    NC, A,  CBC }, -- HCCS 392 GB/s < 600 [U: 784 if per direction -> .a]
  { "Ascend-910C",  780 * 16,              780 * 16 / 1331.22,   A,  A,  CBC }, -- 2 x 665.61 mm2
  { "Atlas-350",    425 * 16,              nil,                  A,  A,  CBC }, -- bf16 6800 > fp8 6432
  { "Cambricon-MLU370-X8", 256 * 8,        nil,                  NC, "?", "?" }, -- 2048: needs PD for .a/.b
}

describe("bundled chips under the bundled rules", function()
  local rules = { "3A090-2022", "3A090-2023", "china-case-by-case-2026" }
  for _, row in ipairs(rows) do
    it(("%s: TPP %.1f and its class under each rule"):format(row[1], row[2]), function()
      local _, info = fc.export.classify(row[1], "3A090-2023")
      assert.near(row[2], info.tpp, 1e-9)
      if row[3] then assert.near(row[3], info.pd, 1e-9) else assert.is_nil(info.pd) end
      for i, rule in ipairs(rules) do
        local class, inf = fc.export.classify(row[1], rule)
        local want = row[3 + i]
        if want == "?" then
          assert.is_false(inf.determined, rule)
        else
          assert.are.equal(want, class, rule)
        end
      end
    end)
  end
end)

-- A class that holds only at the catalog's central figures is not a verdict: the
-- 910B's HCCS bandwidth is uncertain (392-784 GB/s: per direction or both?) and so
-- is its fp16 peak (220-376 TFLOP/s). Checked by hand at the corners:
--   2022: I/O 784 >= 600 with TPP 376 x 16 = 6016 >= 4800 -> 3A090.a; I/O 392 -> not controlled.
--   2023: TPP 220 x 16 = 3520, PD 3520 / 665.61 = 5.288: below 4800 and below 5.92,
--         but 2400 <= 3520 < 4800 with 1.6 <= 5.288 < 5.92 -> 3A090.b; TPP 6016 -> .a.
--   2026: the same low corner is 3A090.b (case-by-case needs .a first).
-- The 910C's bf16 range 752-800 gives TPP 12032-12800, .a throughout: robust.
describe("classes within the catalog's uncertainty ranges", function()
  local function set(list)
    local s = {}
    for _, v in ipairs(list) do s[v] = true end
    return s
  end
  it("the 910B's class depends on its uncertain figures under every rule", function()
    local want = {
      ["3A090-2022"] = { NC, A },
      ["3A090-2023"] = { A, "3A090.b" },
      ["china-case-by-case-2026"] = { CBC, "3A090.b" },
    }
    for rule, classes in pairs(want) do
      local class, info = fc.export.classify("Ascend-910B", rule)
      assert.are.equal(classes[1], class, rule)
      assert.is_false(info.robust, rule)
      assert.are.same(set(classes), set(info.classes_in_range), rule)
      assert.truthy(tostring(info):find("interconnect_gbs 392-784", 1, true), tostring(info))
    end
    local a = fc.export.availability("Ascend-910B", "us-va", "3A090-2023")
    assert.truthy(tostring(a):find("class within the catalog's ranges: 3A090.a or 3A090.b", 1, true), tostring(a))
  end)
  it("a chip whose ranges stay inside one class is robust", function()
    for _, chip in ipairs { "Ascend-910C", "H100-SXM", "H20" } do
      local class, info = fc.export.classify(chip, "3A090-2023")
      assert.is_true(info.robust, chip)
      assert.are.same({ class }, info.classes_in_range, chip)
    end
  end)
end)
