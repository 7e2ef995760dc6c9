-- Streaming sweeps and sharded studies: a streamed study gives the rows of
-- compare.run, its shards concatenate to the whole run bit for bit (cell seeds
-- come from the global cell index), a file is written atomically, and memory
-- does not grow with the number of cells.
local fc = require "flopcost"

local function key(r) return r.region .. " | " .. r.mix end

local function collect(study, opts)
  local rows = {}
  opts = opts or {}
  opts.on_rows = function(rs) for _, r in ipairs(rs) do rows[#rows + 1] = r end end
  local summary = fc.compare.stream(study, opts)
  return rows, summary
end

local function small_study()
  local study = fc.compare.load_study()
  study.samples = 500 -- intervals stay on, cheaply
  return study
end

describe("flopcost.compare.stream", function()
  it("gives the rows of compare.run, intervals included", function()
    local study = small_study()
    local grid = fc.compare.run(study)
    local rows = collect(study, { block = 7 })
    assert.are.equal(#grid.results, #rows)
    assert.are.equal(fc.compare.count(study), #rows)
    local by = {}
    for _, r in ipairs(grid.results) do by[key(r)] = r end
    for _, r in ipairs(rows) do
      local g = by[key(r)]
      assert.are.equal(g.usd_per_eflop, r.usd_per_eflop)
      assert.are.equal(g.interval.p05, r.interval.p05)
      assert.are.equal(g.interval.p95, r.interval.p95)
    end
  end)

  it("folds the cheapest and dearest region of every mix as rows pass", function()
    local study = small_study()
    local grid = fc.compare.run(study, { intervals = false })
    local _, summary = collect(study, { intervals = false, block = 5 })
    -- compare.explain over the whole grid and explain_summary over the stream agree line for line
    assert.are.same(fc.compare.explain(grid), fc.compare.explain_summary(summary))
  end)

  it("has shards that concatenate to the whole run, for any number of shards", function()
    local study = small_study()
    local whole = collect(study)
    for _, n in ipairs { 3, 46, 50 } do
      local parts = {}
      for i = 1, n do
        local rows = collect(study, { shard = { i = i, n = n } })
        for _, r in ipairs(rows) do parts[#parts + 1] = r end
      end
      assert.are.equal(#whole, #parts)
      for i = 1, #whole do
        assert.are.equal(key(whole[i]), key(parts[i]))
        assert.are.equal(whole[i].usd_per_eflop, parts[i].usd_per_eflop)
        assert.are.equal(whole[i].interval.p05, parts[i].interval.p05)
        assert.are.equal(whole[i].interval.p95, parts[i].interval.p95)
      end
    end
  end)

  it("cuts shards as contiguous ranges, some empty when there are more shards than cells", function()
    -- 46 cells in 4 shards: floor(46 i / 4) = 0, 11, 23, 34, 46
    local firsts, lasts = {}, {}
    for i = 1, 4 do firsts[i], lasts[i] = fc.compare.shard_range(46, { i = i, n = 4 }) end
    assert.are.same({ 1, 12, 24, 35 }, firsts)
    assert.are.same({ 11, 23, 34, 46 }, lasts)
    local first, last = fc.compare.shard_range(46, { i = 47, n = 50 })
    assert.is_true(last < first or last - first == 0)
  end)

  it("keeps memory flat as the number of cells grows", function()
    -- 20 x 5 and 200 x 5 cells of the synthetic sweep: the same mixes, ten
    -- times the cells; live memory after the run (a full collection) is the
    -- study plus one summary per mix, so it may differ by the extra region
    -- tables only (about 1 KB each), far less than 900 result rows (~4 KB each).
    local function live_kb(regions)
      local study = require("flopcost.scenariofile").load("examples/slurm/sweep-study.lua")
      study.regions = { table.unpack(study.regions, 1, regions) }
      study.mixes = { table.unpack(study.mixes, 1, 5) }
      local summary = fc.compare.stream(study, { block = 16, on_rows = function(rows) assert(#rows <= 16) end })
      collectgarbage("collect")
      local kb = collectgarbage("count")
      assert.are.equal(regions * 5, summary.cells)
      return kb
    end
    local a, b = live_kb(20), live_kb(200)
    assert.is_true(b - a < 900, ("live memory grew by %.0f KB"):format(b - a))
  end)

  it("writes CSV and JSON Lines files atomically, keeping an old file on failure", function()
    local study = small_study()
    local dir = os.tmpname()
    os.remove(dir)
    assert(os.execute("mkdir -p " .. dir))
    local csv, jsonl = dir .. "/rows.csv", dir .. "/rows.jsonl"
    local summary = assert(fc.compare.stream_file(study, csv, { intervals = false, block = 10 }))
    local text = assert(io.open(csv)):read("a")
    local lines = 0
    for _ in text:gmatch("\n") do lines = lines + 1 end
    assert.are.equal(summary.cells + 1, lines) -- one header
    assert.are.equal(1, select(2, text:gsub("region,region_label", "")))
    assert(fc.compare.stream_file(study, jsonl, { intervals = false }))
    local n = 0
    for line in io.lines(jsonl) do
      local row = require("flopcost.core").json.decode(line)
      assert.is_number(row.usd_per_eflop)
      n = n + 1
    end
    assert.are.equal(summary.cells, n)
    -- a failure in the middle of a run leaves the old file as it was, and no temporary file
    local bad = small_study()
    bad.mixes[3] = { chips = { ["No-Such-Chip"] = 1 } }
    assert.has_error(function() fc.compare.stream_file(bad, csv, { intervals = false, block = 4 }) end)
    assert.are.equal(text, assert(io.open(csv)):read("a"))
    local p = io.popen("ls " .. dir)
    local listing = p:read("a")
    p:close()
    assert.are.equal("rows.csv\nrows.jsonl\n", listing)
    local ok, err = fc.compare.stream_file(study, dir .. "/missing/rows.csv", {})
    assert.is_nil(ok)
    assert.truthy(err:find("cannot write", 1, true))
    assert.has_error(function() fc.compare.stream_file(study, dir .. "/rows.txt") end,
      "flopcost.compare.stream_file: argument 'path': a .csv, .jsonl or .ndjson file expected, got '"
        .. dir .. "/rows.txt'")
    os.execute("rm -rf " .. dir)
  end)
end)

describe("flopcost.compare.run with shards", function()
  it("merges to the unsharded grid, intervals included, even with more shards than cells", function()
    local study = small_study()
    local whole = fc.compare.run(study)
    local rows = {}
    for i = 1, 50 do
      for _, r in ipairs(fc.compare.run(study, { shard = { i = i, n = 50 } }).results) do rows[#rows + 1] = r end
    end
    assert.are.equal(#whole.results, #rows)
    local by = {}
    for _, r in ipairs(rows) do by[key(r)] = r end
    for _, r in ipairs(whole.results) do
      assert.are.equal(r.usd_per_eflop, by[key(r)].usd_per_eflop)
      assert.are.equal(r.interval.p05, by[key(r)].interval.p05)
      assert.are.equal(r.interval.p95, by[key(r)].interval.p95)
    end
  end)
end)
