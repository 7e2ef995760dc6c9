-- The cloud side of `flopcost compare` (issue 21): every row says which rental
-- it used (price, term, tier, date of the listing, source) or that it has none
-- and why, and the cloud cost of the study's run, in the text (100 columns),
-- the CSV and the JSON. The figures are checked by hand against the rental.
local fc = require "flopcost"
local json = require "flopcost.json"

local study = assert(fc.compare.load_study())
local grid = fc.compare.run(study, { intervals = false })
local function row(region, mix)
  for _, r in ipairs(grid.results) do if r.region == region and r.mix == mix then return r end end
end

describe("compare's cloud side", function()
  local text = fc.compare.text(grid)

  it("prints the rental each row used and where, within 100 columns", function()
    for line in text:gmatch("[^\n]+") do assert.is_true(#line <= 100, line) end
    local q = row("us-va", "H100-SXM").rentals["H100-SXM"]
    assert.truthy(q and q.usd and q.date, "the us-va H100 row has a rental")
    -- one line per rental with the regions that used it; its source once
    local line = ("H100-SXM $%.2f/h %s, listing %s: "):format(q.usd, q.term, q.date)
    assert.truthy(text:find(line, 1, true), text)
    assert.truthy(text:find("source H100-SXM: " .. q.source:sub(1, 40), 1, true), text)
  end)

  it("says which rows have no rental and why", function()
    local r = row("cn-guizhou", "H20")
    assert.is_nil(r.cloud)
    assert.truthy(r.no_cloud:find("H20", 1, true), r.no_cloud)
    assert.truthy(text:find("H20 in [%w%-, ]*cn%-gui[%w%-, ]*: none, no sourced rental price for H20"), text)
    -- every row with a cloud column of "-" is named under "none"
    for _, x in ipairs(grid.results) do
      if not x.cloud then assert.truthy(x.no_cloud, x.region .. " " .. x.mix) end
    end
  end)

  it("gives the cloud cost per FLOP and of the run from the rental, by hand", function()
    -- on demand, not committed: the rented hour is a busy hour. H100 at bf16 989.5 TFLOP/s x the
    -- study's MFU 0.375 x 3600 s = 1.3358e18 FLOP per rented hour; $2.99 / 1.3358 = $2.2383 per
    -- 1e18 FLOP; the study's run of 1e25 FLOP = 1e7 x that = $22.38M
    local r = row("us-va", "H100-SXM")
    local q = r.rentals["H100-SXM"]
    assert.are.equal(2.99, q.usd)
    local per_eflop = q.usd / (989.5e12 * 0.375 * 3600) * 1e18
    assert.is_true(math.abs(per_eflop - 2.2383) < 1e-4, per_eflop)
    assert.is_true(math.abs(r.cloud.usd_per_eflop - per_eflop) < 1e-9 * per_eflop)
    assert.is_true(math.abs(r.job.cloud_cost_usd - 1e7 * per_eflop) < 1e-6 * 1e7 * per_eflop)
    local usd = fc.report.usd(r.job.cloud_cost_usd)
    assert.truthy(text:find("cloud cost of the run (1e25 FLOP): ", 1, true), text)
    assert.truthy(text:find("H100-SXM us-va " .. usd, 1, true), text)
  end)

  it("prints no run line when the study gives no run", function()
    local s = {}
    for k, v in pairs(study) do s[k] = v end
    s.base = {}
    for k, v in pairs(study.base) do if k ~= "job" then s.base[k] = v end end
    local t = fc.compare.text(fc.compare.run(s, { intervals = false }))
    assert.falsy(t:find("cloud cost of the run", 1, true), t)
    assert.truthy(t:find("\nCloud: the rental each row used", 1, true), t)
  end)

  it("writes the rental and the run's cloud cost in CSV and JSON", function()
    local csv = fc.report.csv(grid.results, { eol = "\n" })
    local header = csv:match("^[^\n]+")
    for _, col in ipairs { "rental", "rental_usd_per_hour", "rental_term", "rental_tier", "rental_date",
        "rental_source", "cloud_run_usd" } do
      assert.truthy(("," .. header .. ","):find("," .. col .. ",", 1, true), col)
    end
    local rows = json.decode(fc.report.json(grid.results))
    local va, gz
    for _, x in ipairs(rows) do
      if x.region == "us-va" and x.mix == "H100-SXM" then va = x end
      if x.region == "cn-guizhou" and x.mix == "H20" then gz = x end
    end
    local q = row("us-va", "H100-SXM").rentals["H100-SXM"]
    assert.are.equal(q.usd, va.rentals[1].usd_per_hour)
    assert.are.equal(q.date, va.rentals[1].date)
    assert.are.equal(q.source, va.rentals[1].source)
    assert.is_true(math.abs(va.cloud_run_usd - row("us-va", "H100-SXM").job.cloud_cost_usd) < 1e-3)
    assert.is_nil(gz.rentals)
    assert.truthy(gz.no_rental:find("H20", 1, true), gz.no_rental)
  end)
end)
