-- Every option acts or is refused (issue 23): compare --set on a region or chip restricts
-- the study, --vary with --no-intervals is refused, what-ifs are recorded in the table's
-- subtitle, the chart footer, CSV and JSON provenance; a study without a seed says which
-- seed its intervals used.
local fc = require "flopcost"
local decode = require("flopcost.core").json.decode

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
local function tmpdir()
  local d = os.tmpname()
  os.remove(d)
  assert(os.execute("mkdir -p " .. q(d)))
  return d
end
local function read(path)
  local f = assert(io.open(path))
  local s = f:read("a")
  f:close()
  return s
end

-- The rows of a CSV text as tables keyed by header (no quoted commas in the fields read here).
local function csv_rows(text)
  local lines = {}
  for l in text:gmatch("[^\n]+") do lines[#lines + 1] = l end
  local function split(l)
    local out, field, quoted = {}, "", false
    for ch in l:gmatch(".") do
      if ch == '"' then quoted = not quoted
      elseif ch == "," and not quoted then out[#out + 1] = field; field = ""
      else field = field .. ch end
    end
    out[#out + 1] = field
    return out
  end
  local head, rows = split(lines[1]), {}
  for i = 2, #lines do
    local r, v = {}, split(lines[i])
    for k, name in ipairs(head) do r[name] = v[k] end
    rows[#rows + 1] = r
  end
  return rows
end

describe("compare --set on the study's lists", function()
  it("region= and chip= keep that cell, computed as fc.scenario computes it with the study's base", function()
    local out, status = cli("compare --set region=us-va --set chip=H100-SXM --no-intervals --format csv")
    assert.are.equal(0, status, out)
    local rows = csv_rows(out)
    assert.are.equal(1, #rows)
    assert.are.equal("us-va", rows[1].region)
    assert.are.equal("H100-SXM", rows[1].mix)
    -- the same cell through fc.scenario: the default study's base, region and chip
    local study = fc.compare.load_study()
    local o = {}
    for k, v in pairs(study.base) do o[k] = v end
    o.region, o.chips = "us-va", { ["H100-SXM"] = 1 }
    local want = fc.scenario(o):evaluate().usd_per_eflop
    assert.near(want, tonumber(rows[1].usd_per_eflop), 1e-12)
  end)

  it("chips.NAME=SHARE makes one mix, in every region of the study", function()
    local out, status = cli("compare --set chips.H800-SXM=0.5 --set chips.H20=0.5 --set region=cn-ningxia "
      .. "--no-intervals --format csv")
    assert.are.equal(0, status, out)
    local rows = csv_rows(out)
    assert.are.equal(1, #rows)
    assert.truthy(rows[1].mix:match("H800") and rows[1].mix:match("H20"), rows[1].mix)
  end)

  it("refuses what it cannot do, saying why (exit 2)", function()
    local out, status = cli("compare --set region=us-va --set chip=H800-SXM --no-intervals")
    assert.are.equal(2, status, out)
    assert.truthy(out:match("none of the study's mixes applies there"), out)
    out, status = cli("compare --set catalog=x --no-intervals")
    assert.are.equal(2, status, out)
    assert.truthy(out:match("%-%-catalog DIR"), out)
    out, status = cli("compare --vary 'pue=pert(1.1,1.2,1.4)' --no-intervals")
    assert.are.equal(2, status, out)
    assert.truthy(out:find("which --no-intervals turns off", 1, true), out)
    out, status = cli("compare --ranges catalog --no-intervals")
    assert.are.equal(2, status, out)
  end)
end)

describe("what-ifs are recorded", function()
  it("in the table's subtitle, the chart footer, the CSV and the JSON provenance", function()
    local dir = tmpdir()
    local whatifs = "--set utilization=0.6 --set chip.H100-SXM.price_usd=28000"
    local text, status = cli(("compare %s --set region=us-va --no-intervals --out %s/c"):format(whatifs, q(dir)))
    assert.are.equal(0, status, text)
    local record = "--set utilization=0.6; --set chip.H100-SXM.price_usd=28000; --set region=us-va"
    assert.truthy(text:find("what-ifs: " .. record, 1, true), text)
    -- the footer's text, its lines joined (the chart wraps it)
    local footer = read(dir .. "/c.svg"):gsub("<[^>]+>", " "):gsub("%s+", " ")
    assert.truthy(footer:find("what-ifs: " .. record, 1, true), footer)
    local rows = csv_rows(read(dir .. "/c.csv"))
    for _, r in ipairs(rows) do
      assert.are.equal(record, r.whatifs)
      assert.are.equal("bundled", r.catalog)
    end
    local json = decode(read(dir .. "/c.json"))
    assert.are.equal(record, json[1].provenance.whatifs)
    -- and they acted: the H100's capex follows the price asked for
    local h100
    for _, r in ipairs(json) do if r.mix == "H100-SXM" then h100 = r end end
    local base = fc.catalog.default():chip("H100-SXM").price_usd
    assert.is_true(base ~= 28000)
    assert.near(28000 / base, h100.inputs.members[1].chip_price_usd / base, 1e-12)
    os.execute("rm -rf " .. q(dir))
  end)

  it("none given: 'none' in the chart footer, CSV and JSON (not 'not recorded'), no subtitle line", function()
    local dir = tmpdir()
    local text, status = cli(("compare --workload inference --no-intervals --out %s/i"):format(q(dir)))
    assert.are.equal(0, status, text)
    assert.is_nil(text:find("what-ifs", 1, true), text)
    local footer = read(dir .. "/i.svg"):gsub("<[^>]+>", " "):gsub("%s+", " ")
    assert.truthy(footer:find("what-ifs: none", 1, true), footer)
    assert.is_nil(footer:find("not recorded", 1, true), footer)
    for _, r in ipairs(csv_rows(read(dir .. "/i.csv"))) do assert.are.equal("none", r.whatifs) end
    assert.are.equal("none", decode(read(dir .. "/i.json"))[1].provenance.whatifs)
    os.execute("rm -rf " .. q(dir))
  end)

  it("--catalog DIR is used and named", function()
    local dir = tmpdir()
    os.execute(("cp -R %s/models %s/cat"):format(q(root), q(dir)))
    local out, status = cli(("compare --catalog %s/cat --set region=us-va --set chip=H100-SXM --no-intervals "
      .. "--format csv"):format(q(dir)))
    assert.are.equal(0, status, out)
    local rows = csv_rows(out)
    assert.are.equal(dir .. "/cat", rows[1].catalog)
    assert.are.equal("--catalog " .. dir .. "/cat; --set region=us-va; --set chip=H100-SXM", rows[1].whatifs)
    os.execute("rm -rf " .. q(dir))
  end)
end)

describe("a study without a seed", function()
  it("names the seed its intervals used (1 + row), never 'seed nil'", function()
    local dir = tmpdir()
    local f = assert(io.open(dir .. "/s.json", "w"))
    f:write([[{"schema": "flopcost.study/1", "base": {"utilization": 0.7}, "regions": ["us-va", "us-tx"],
      "mixes": [{"chips": {"H100-SXM": 1}}], "uncertainty": {"pue": ["scale_pert", 0.95, 1.0, 1.1]},
      "samples": 2000}]])
    f:close()
    local out, status = cli(("compare %s/s.json --out %s/c"):format(q(dir), q(dir)))
    assert.are.equal(0, status, out)
    assert.falsy(out:find("nil", 1, true), out)
    assert.truthy(out:find("seed 1 + row", 1, true), out)
    assert.falsy(read(dir .. "/c.svg"):find("seed nil", 1, true))
    -- each row's interval was drawn at 1 + its cell's index, as the provenance says
    local json = decode(read(dir .. "/c.json"))
    local seeds = {}
    for _, r in ipairs(json) do
      assert.are.equal(1, r.provenance.seed)
      seeds[#seeds + 1] = r.interval.seed
    end
    table.sort(seeds)
    assert.are.same({ 2, 3 }, seeds)
    os.execute("rm -rf " .. q(dir))
  end)
end)
