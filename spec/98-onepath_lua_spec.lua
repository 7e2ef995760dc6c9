-- Lua keeps conveniences, not model logic (issue 11): what the Lua layer
-- used to copy from C -- the Monte Carlo and Sobol option lists, the field
-- domains -- it now reads from C. Each check fails on the copy it replaced.
local fc = require "flopcost"
local core = require "flopcost.core"

describe("Lua reads from C what it used to copy", function()
  local s = fc.scenario { chip = "H100", region = "us-va" }

  describe("option lists", function()
    -- Every option core.mc.run knows reaches it through fc.montecarlo: a bad
    -- value draws the core's complaint about the value, never "unknown field".
    it("fc.montecarlo passes every option of core.mc.run", function()
      assert.is_true(#core.mc.options >= 10)
      for _, name in ipairs(core.mc.options) do
        if name ~= "scenario" and name ~= "inputs" then
          local ok, err = pcall(fc.montecarlo, s, { [name] = "not-a-value" })
          assert.is_falsy(not ok and tostring(err):find("unknown field '" .. name .. "'", 1, true), err)
        end
      end
    end)
    it("fc.sensitivity.sobol passes every option of core.sensitivity.sobol (the copy lacked 'rng')", function()
      local vary = { pue = fc.dist.uniform(1.1, 1.3) }
      for _, name in ipairs(core.sensitivity.options) do
        if name ~= "scenario" and name ~= "inputs" then
          local ok, err = pcall(fc.sensitivity.sobol, { scenario = s, vary = vary, samples = 64, [name] = "x" })
          assert.is_falsy(not ok and tostring(err):find("unknown field '" .. name .. "'", 1, true), err)
        end
      end
      -- the core's own answer about 'rng', not the Lua copy's "unknown field 'rng'"
      local ok, err = pcall(fc.sensitivity.sobol, { scenario = s, vary = vary, samples = 64, rng = "mt19937" })
      assert.is_false(ok)
      assert.truthy(tostring(err):find("always use taus2", 1, true), err)
    end)
    it("suggests the closest option of the core's list", function()
      local ok, err = pcall(fc.montecarlo, s, { samplez = 10 })
      assert.is_false(ok)
      assert.truthy(err:find("unknown field 'samplez' (did you mean 'samples'?)", 1, true), err)
      ok, err = pcall(fc.sensitivity.sobol, { scenario = s, vary = { pue = 1.2 }, seeed = 1 })
      assert.is_false(ok)
      assert.truthy(err:find("unknown field 'seeed' (did you mean 'seed'?)", 1, true), err)
    end)
    it("leaves the sample count's default to the core (10,000, csrc/lfc_mc_opts.c)", function()
      local r = fc.sensitivity.sobol { scenario = s, vary = { pue = fc.dist.uniform(1.1, 1.3),
        utilization = fc.dist.uniform(0.5, 0.9) }, seed = 3 }
      assert.are.equal(10000, r.samples)
      -- Saltelli/Jansen: N (k + 2) evaluations, k = 2 inputs: 10,000 x 4
      assert.are.equal(40000, r.evaluations)
    end)
  end)

  describe("field domains", function()
    local u = require "flopcost.uncertainty"
    it("core.scenario.domains gives core and description fields with the core's bounds", function()
      local d = core.scenario.domains()
      -- utilization is in (0, 1]: the smallest positive double up to 1
      assert.are.equal(1, d.utilization.hi)
      assert.are.equal("number in (0, 1]", d.utilization.text)
      assert.are.equal(1, d.pue.lo)                         -- pue >= 1
      assert.are.equal(1, d["region.green_share"].hi)       -- a description field, [0, 1]
      assert.is_true(d["job.chips"].integral)               -- positive integer
      assert.is_true(d["wacc_parts.tax_rate"].hi < 1)       -- [0, 1): the double below 1
    end)
    it("caps a study's bounded distributions at the domain's end, description fields too", function()
      -- the copied list capped 'green_share' but not 'region.green_share': uniform(0.5, 1.5)
      -- then drew shares above 1 and the run failed on them
      local v = u.vary_for(s, { ["region.green_share"] = { "uniform", 0.5, 1.5 } })
      assert.are.equal("uniform(0.5, 1)", tostring(v["region.green_share"]))
      local r = fc.montecarlo(s, { vary = v, samples = 2000, seed = 1 })
      assert.are.equal(2000, r.n)
      -- a field with no upper end is not capped
      v = u.vary_for(s, { pue = { "uniform", 1.1, 1.5 } })
      assert.are.equal("uniform(1.1, 1.5)", tostring(v.pue))
    end)
  end)
end)
