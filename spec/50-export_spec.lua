-- flopcost.export: TPP, performance density, classification of the bundled chips.
local fc = require "flopcost"
local H = require "spec.helpers"
local X = fc.export

describe("flopcost.export", function()
  it("computes the H100's TPP: 989.5 dense BF16 TFLOP/s x 16 = 15832 (DESIGN.md)", function()
    assert.are.equal(15832, X.tpp { tops = 989.5, bits = 16 })
  end)
  it("takes the maximum over precisions: MI325X fp8 2614.9 x 8 = 20919.2 > bf16 20918.4", function()
    local tpp, prec = X.tpp { peak_tops = { bf16 = 1307.4, fp8 = 2614.9 } }
    assert.near(20919.2, tpp, 1e-12)
    assert.are.equal("fp8", prec)
  end)
  it("300 TFLOP/s at 16 bits and 600 TOPS at 8 bits both give 4800 (FIGURES.md)", function()
    assert.are.equal(4800, X.tpp { tops = 300, bits = 16 })
    assert.are.equal(4800, X.tpp { tops = 600, bits = 8 })
  end)
  it("computes PD = TPP / die area: 15832 / 814 = 19.45", function()
    assert.near(19.4496, X.performance_density { tpp = 15832, die_area_mm2 = 814 }, 1e-5)
  end)

  describe("bundled chips under the rules (hand calculations)", function()
    -- Oct 2023 (88 FR 73458): .a if TPP >= 4800, or TPP >= 1600 and PD >= 5.92
    local rows = {
      -- chip, rule, class: TPP and PD worked out by hand
      { "H100-SXM", "3A090-2023", "3A090.a" },      -- 15832 >= 4800
      { "H800-SXM", "3A090-2023", "3A090.a" },      -- 15832 (same compute as H100)
      { "H20", "3A090-2023", "not controlled" },    -- 148 x 16 = 2368 < 4800; PD 2368/814 = 2.91 < 3.2
      { "A100-SXM", "3A090-2023", "3A090.a" },      -- 312 x 16 = 4992 >= 4800
      { "B200", "3A090-2023", "3A090.a" },          -- 2250 x 16 = 36000
      -- Oct 2022 (87 FR 62186): I/O >= 600 GB/s and TPP >= 4800; H800's NVLink is 400 GB/s
      { "H800-SXM", "3A090-2022", "not controlled" },
      { "H100-SXM", "3A090-2022", "3A090.a" },      -- NVLink 900 GB/s, TPP 15832
      -- Jan 2026: case-by-case for China if TPP < 21,000 and DRAM < 6,500 GB/s
      { "H200", "china-case-by-case-2026", "3A090.a-case-by-case" },  -- 15832, 4800 GB/s
      { "MI325X", "china-case-by-case-2026", "3A090.a-case-by-case" }, -- 20919.2 < 21000, 6000 GB/s
      { "B200", "china-case-by-case-2026", "3A090.a" },                -- 36000 >= 21000
    }
    for _, row in ipairs(rows) do
      it(("classifies %s under %s as %s"):format(row[1], row[2], row[3]), function()
        assert.are.equal(row[3], (X.classify(row[1], row[2])))
      end)
    end
    it("treats Ascend chips in China as domestic supply, with no premium", function()
      local a = X.availability("Ascend-910B", "cn-guizhou")
      assert.is_true(a.available)
      assert.is_true(a.domestic)
      assert.are.equal(0, a.premium)
    end)
    it("denies B200 to China under the 2026 rule", function()
      local a = X.availability("B200", "cn-guizhou", "china-case-by-case-2026")
      assert.are.equal("presumption of denial", a.policy)
      assert.is_false(a.available)
    end)
  end)

  describe("bad input", function()
    H.error_rows(it, {
      { "a 12-bit operation", function() return X.tpp { tops = 1, bits = 12 } end,
        "flopcost.export.tpp: field 'bits': one of 4, 8, 16, 32, 64 expected, got 12" },
      { "a negative TOPS", function() return X.tpp { tops = -1, bits = 8 } end,
        "flopcost.export.tpp: field 'tops': non-negative number expected, got -1" },
      { "an unknown precision", function() return X.tpp { peak_tops = { fp6 = 1 } } end,
        "flopcost.export.tpp: field 'peak_tops.fp6': unknown precision (fp64, fp32, tf32, fp16, bf16, fp8, fp4, int8, int4)" },
      { "a zero die area", function() return X.performance_density { tpp = 1, die_area_mm2 = 0 } end,
        "flopcost.export.performance_density: field 'die_area_mm2': positive number expected, got 0" },
    })
  end)
end)
