-- One of each, C side (issue 11): each rule below is written once in the
-- core, and every door that uses it gives the same answer. Each check uses a
-- case where the copies the issue found disagreed, so a second copy written
-- again would fail it.
local core = require "flopcost.core"
local suggest = require("flopcost.suggest").closest

local function err_of(f, ...)
  local ok, e = pcall(f, ...)
  assert.is_false(ok)
  return tostring(e)
end

describe("one 'did you mean' rule (csrc/fc_text.c)", function()
  it("Lua's flopcost.suggest is the core's rule", function()
    -- die_area -> die_area_mm2 is 4 insertions, over max(2, 8 // 3) = 2: only
    -- the core's rule (a name the typed one starts, 3+ characters, counts as
    -- 1) suggests it; the old Lua copy returned nil
    assert.are.equal("die_area_mm2", suggest("die_area", { "tdp_w", "die_area_mm2" }))
    -- cn -> us is 2 substitutions of a 2-letter name: the core allows 1 edit
    -- there; the old Lua copy (max(2, 0) = 2) suggested 'us'
    assert.is_nil(suggest("cn", { "us", "china", "allied", "other" }))
    -- ties: ab is 1 edit from ac and aa; the first by name wins in any order
    assert.are.equal("aa", suggest("ab", { "ac", "aa" }))
    assert.are.equal("aa", suggest("ab", { "aa", "ac" }))
    assert.are.equal(core.catalog.suggest("tpd_w", { "idle_w", "tdp_w" }), suggest("tpd_w", { "idle_w", "tdp_w" }))
  end)

  it("the binding, the catalog validator and Lua suggest the same name for the same typo", function()
    -- tdp_wat -> tdp_w: 2 deletions, within max(2, 7 // 3) = 2; and the
    -- prefix rule (tdp_wat starts with tdp_w) scores it 1 in all three doors
    assert.truthy(err_of(core.scenario.params, { tdp_wat = 700 }):find("did you mean 'tdp_w'", 1, true))
    local _, msg = core.catalog.check_entry("chips", { name = "X", vendor = "v", peak_tflops = { bf16 = 1 },
      tdp_w = 700, source = "s", as_of = "2024", tdp_wat = 3 }, "override", nil)
    assert.truthy(tostring(msg):find("did you mean 'tdp_w'", 1, true), tostring(msg))
    assert.are.equal("tdp_w", suggest("tdp_wat", { "idle_w", "tdp_w" }))
  end)

  it("core.catalog.suggest checks its arguments", function()
    assert.are.equal("flopcost.catalog.suggest: argument 'name': string expected, got 3",
      err_of(core.catalog.suggest, 3, {}))
    assert.are.equal("flopcost.catalog.suggest: argument 'candidates': list of strings expected, got 3",
      err_of(core.catalog.suggest, "a", { "b", 3 }))
  end)
end)
