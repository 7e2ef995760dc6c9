-- One set of defaults behind every door, and where each input came from (issue 23):
-- r:explain() / s:explain() / flopcost run --explain; results print within 100 columns.
local fc = require "flopcost"

local build = os.getenv("FLOPCOST_BUILD") or "build"
local root = io.popen("pwd"):read("l")
local function q(s) return "'" .. tostring(s):gsub("'", "'\\''") .. "'" end
local function cli(args)
  local p = io.popen(("FLOPCOST_BUILD=%s %s %s 2>&1; echo \"exit:$?\""):format(
    q(build:sub(1, 1) == "/" and build or (root .. "/" .. build)), q(root .. "/bin/flopcost"), args))
  local out = p:read("a")
  p:close()
  return out:gsub("exit:%d+\n$", ""), tonumber(out:match("exit:(%d+)\n$"))
end

-- The explanation's line for a field, continuation lines joined.
local function entry(text, field)
  local out, on = {}, false
  for line in text:gmatch("[^\n]+") do
    local f = line:match("^  ([%w_]+) ")
    if f then on = (f == field) end
    if on then out[#out + 1] = line:gsub("^%s+", "") end
  end
  return table.concat(out, " ")
end

describe("r:explain()", function()
  local s = fc.scenario { region = "us-va", chip = "H100-SXM", mfu = 0.4 }
  local text = s:evaluate():explain()

  it("gives every core input once, each with where it came from", function()
    for _, field in ipairs { "chip_price_usd", "server_multiple", "wacc", "pue", "utilization", "mfu",
      "electricity_usd_per_kwh", "maintenance_fraction", "peak_flops_per_s" } do
      assert.truthy(entry(text, field) ~= "", field .. " missing:\n" .. text)
    end
    for line in text:gmatch("[^\n]+") do assert.is_true(utf8.len(line) <= 100, line) end
  end)

  it("a default says so, with its source (the table fc_compose fills every door from)", function()
    local u = entry(text, "utilization")
    assert.truthy(u:match("^utilization%s+0.7%s+default: "), u)
    assert.truthy(u:find("Uptime Institute", 1, true), u)
    local m = entry(text, "maintenance_fraction")
    assert.truthy(m:match("^maintenance_fraction%s+0.03%s+default: "), m)
    local d = require("flopcost.core").scenario.defaults()
    assert.are.equal(0.7, d.utilization)
    assert.are.equal(0.03, d.maintenance_fraction)
    local sm = entry(text, "server_multiple")
    assert.truthy(sm:find("1.64", 1, true) and sm:find("Epoch AI", 1, true), sm)
    assert.truthy(entry(text, "chip_life_years"):find("5-year server lives", 1, true))
  end)

  it("a given value says it was given; a catalog figure names its entry and source", function()
    assert.truthy(entry(text, "mfu"):match("^mfu%s+0.4%s+given in the scenario"))
    local price = entry(text, "chip_price_usd")
    local meta = fc.catalog.default():chip("H100-SXM").meta.price_usd
    assert.truthy(price:find("catalog H100-SXM", 1, true), price)
    -- the source's first words (the line wraps the rest)
    assert.truthy(price:gsub("%s+", " "):find(meta.source:sub(1, 30), 1, true), price)
    local pue = entry(text, "pue")
    assert.truthy(pue:match("^pue%s+1.2%s+catalog us%-va"), pue)
  end)

  it("a study cell says its study gave the value", function()
    local grid = fc.compare.run(fc.compare.load_study(), { intervals = false })
    local cell
    for i, r in ipairs(grid.results) do
      if r.region == "us-va" and r.mix == "H100-SXM" then cell = grid.cells[i] end
    end
    local cell_text = cell:explain()
    local c = entry(cell_text, "mfu")
    assert.truthy(c:match("^mfu%s+0.375%s+given in the study"), c)
    -- the study leaves utilization and maintenance to the one table of defaults
    local u = entry(cell_text, "utilization")
    assert.truthy(u:match("^utilization%s+0.7%s+default: "), u)
    local m = entry(cell_text, "maintenance_fraction")
    assert.truthy(m:match("^maintenance_fraction%s+0.03%s+default: "), m)
  end)
end)

describe("the same scenario through every door", function()
  it("fc.scenario, flopcost run and flopcost compare --set give the same H100 us-va figure", function()
    local want = fc.scenario { region = "us-va", chip = "H100-SXM", utilization = 0.7,
      maintenance_fraction = 0.03, mfu = 0.375, precision = "bf16", cluster_size = 10000,
      job = { flops = 1e25 } }:evaluate().usd_per_eflop
    local dir = os.tmpname()
    os.remove(dir)
    os.execute("mkdir -p " .. q(dir))
    local f = assert(io.open(dir .. "/s.json", "w"))
    f:write('{"region": "us-va", "chip": "H100-SXM", "utilization": 0.7, "maintenance_fraction": 0.03}')
    f:close()
    local out, status = cli("run " .. q(dir .. "/s.json") .. " --explain")
    assert.are.equal(0, status, out)
    local shown = tonumber(out:match("%$([%d.]+) per 1e18"))
    assert.near(want, shown, 0.005 / want) -- printed to 3 significant figures
    assert.truthy(out:find("utilization               0.7         given in the scenario", 1, true), out)
    local csv = cli("compare --set region=us-va --set chip=H100-SXM --no-intervals --format csv")
    local head, row = csv:match("^([^\n]+)\n([^\n]+)")
    local k = 0
    for name in head:gmatch("[^,]+") do
      k = k + 1
      if name == "usd_per_eflop" then break end
    end
    local v = 0
    for cell in row:gsub('"[^"]*"', "x"):gmatch("[^,]+") do
      v = v + 1
      if v == k then assert.near(want, tonumber(cell), 1e-12) end
    end
    os.execute("rm -rf " .. q(dir))
  end)
end)

describe("printed results", function()
  it("fit 100 columns and list a region's figures once, not once per chip of the mix", function()
    local r = fc.scenario { region = "cn-guizhou", chips = { ["H800-SXM"] = 0.6, ["Ascend-910B"] = 0.4 } }:evaluate()
    local text = tostring(r)
    local seen = {}
    for line in text:gmatch("[^\n]+") do
      assert.is_true(utf8.len(line) <= 100, line)
      local field, of = line:match("^    ([%w_]+)%s+(%S+)%s")
      if field then
        assert.is_nil(seen[field .. of], "repeated: " .. line)
        seen[field .. of] = true
      end
    end
    assert.truthy(seen["pucn-guizhou"] == nil and seen["puecn-guizhou"])
  end)
  it("keep the sources' columns aligned, the longest field name (27 characters) included", function()
    local text = tostring(fc.scenario { region = "us-va", chip = "H100-SXM" }:evaluate())
    local starts, n = {}, 0
    for line in text:gmatch("[^\n]+") do
      local lead = line:match("^(    [%w_]+%s+%S+%s+)")
      if lead then
        n = n + 1
        starts[#lead] = true
      end
    end
    assert.is_true(n >= 10, text)
    local k = 0
    for _ in pairs(starts) do k = k + 1 end
    assert.are.equal(1, k, "sources start in different columns:\n" .. text)
    assert.truthy(text:find("electricity_water_l_per_kwh us-va ", 1, true), text)
  end)
end)
