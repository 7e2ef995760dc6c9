-- Licence status by date, per rule and destination, and each status's own
-- premium (issue 21): the rule in force at as_of, decisions naming a chip
-- (the H20's April 2025 licence requirement, its August 2025 licences with a
-- 15% revenue share), the January 2026 case-by-case review for H200-class
-- chips with its 25% fee; a grey-market premium only where the chip is denied.
local fc = require "flopcost"
local H = require "spec.helpers"
local report = require "flopcost.report"

local cat = fc.catalog.default()
local function at(chip, date) return cat:availability(chip, "cn-guizhou", nil, date) end

describe("licence status by date", function()
  it("follows the H20 from not controlled to denied to licensed", function()
    -- before 2025-04-09 the H20 is under every 3A090 threshold: no licence, no premium
    local a = at("H20", "2024-06")
    assert.are.equal("no licence required", a.policy)
    assert.are.equal(0, a.premium)
    -- 2025-04-09: a licence is required (NVIDIA 8-K), none issued: denied, grey market
    -- (the old table called it "open" at +0% on every date)
    a = at("H20", "2025-05")
    assert.are.equal("denied", a.policy)
    assert.is_false(a.available)
    assert.are.equal(0.5, a.premium)
    assert.truthy(a.premium_source:find("grey market", 1, true))
    -- 2025-08-08: licences with a 15% revenue share to the US government
    a = at("H20", "2025-09")
    assert.are.equal("case-by-case", a.policy)
    assert.is_true(a.available and a.licence_required)
    assert.are.equal(0.15, a.premium)
    assert.are.equal("licence (+15%)", report.access_text { availability = a })
    -- undated: the latest status (as in 2026)
    assert.are.equal("case-by-case", cat:availability("H20", "cn-guizhou").policy)
  end)

  it("moves H200-class chips from presumption of denial to case-by-case in January 2026", function()
    -- before the 2026 rule: denied, the grey-market +50% (H100: the region's own +50% for it)
    local a = at("H200", "2025-12")
    assert.are.equal("presumption of denial", a.policy)
    assert.are.equal(0.5, a.premium)
    assert.are.equal("denied (+50% grey)", report.access_text { availability = a })
    -- from 2026-01-15: licensable case by case; the premium is the 25% fee, not the grey market
    for _, chip in ipairs { "H200", "H100-SXM" } do
      a = at(chip, "2026-02")
      assert.are.equal("case-by-case", a.policy, chip)
      assert.are.equal(0.25, a.premium, chip)
      assert.are.same({ 0, 0.25 }, a.premium_range, chip)
      assert.are.equal("licence (+25%)", report.access_text { availability = a })
    end
    -- a B200 stays under presumption of denial and pays the region's B200 grey premium (+100%)
    a = at("B200", "2026-02")
    assert.are.equal("presumption of denial", a.policy)
    assert.are.equal(1.0, a.premium)
  end)

  it("prices a scenario at the status of its date", function()
    -- H100 in Guizhou: 2025 denied (+50% grey), 2026 licensed (+25% fee); the chip part of the
    -- cost scales with (1 + premium): 1.25 / 1.5 of the 2025 figure with the same price
    local function chip_part(date)
      return fc.scenario { chip = "H100-SXM", region = "cn-guizhou", as_of = date, extrapolate = true }
        :evaluate().breakdown.chip
    end
    local r25, r26 = chip_part("2025-06-01"), chip_part("2026-06-01")
    assert.near(1.25 / 1.5, r26 / r25, 1e-9)
  end)

  it("controls nothing before the first rule (3A090, 2022-10-07)", function()
    local a = cat:availability("H100-SXM", "cn-guizhou", nil, "2021")
    assert.are.equal("no licence required", a.policy)
    assert.are.equal(0, a.premium)
    assert.truthy(H.error_of(function() return cat:availability("H100-SXM", "cn-guizhou", nil, 2021) end))
  end)
end)
