-- plot.compare and the utilization chart of `flopcost compare`, read from the SVG
-- (positions and text), one test per finding of issue 23 ("Charts, rendered and
-- looked at"). Each failed on the charts of 2026-12-07's main.
local H = require "spec.helpers"
local plot = require "flopcost.plot"
local fixture = require "spec.fixtures.results"
local core = require "flopcost.core"
local build = os.getenv("FLOPCOST_BUILD") or "build"
local attrs, elements = H.svg_attrs, H.svg_elements

local function texts(svg, class)
  local out = {}
  for a, body in svg:gmatch("<text(%s[^>]*)>(.-)</text>") do
    local t = attrs(a)
    t.body = body:gsub("&amp;", "&"):gsub("&lt;", "<"):gsub("&gt;", ">"):gsub("&quot;", '"'):gsub("&apos;", "'")
    t.x, t.y = tonumber(t.x), tonumber(t.y)
    if class == nil or t.class == class then out[#out + 1] = t end
  end
  return out
end

local function frame_of(svg)
  local f = elements(svg, "rect", "frame")[1]
  return { x = tonumber(f.x), y = tonumber(f.y), w = tonumber(f.width), h = tonumber(f.height) }
end

local function slurp(path)
  local f = assert(io.open(path, "rb"))
  local s = f:read("a")
  f:close()
  return s
end

-- The bars in drawing order: {index, segs = {...}, x0, x1 (pixels), y0, y1}.
local function bars(svg)
  local out = {}
  for a, body in svg:gmatch('<g( class="bar"[^>]*)>(.-)</g>') do
    local b = { index = tonumber(attrs(a)["data-index"]), segs = elements(body, "rect", "seg"),
      slivers = elements(body, "rect", "sliver"), x0 = math.huge, x1 = -math.huge }
    for _, s in ipairs(b.segs) do
      local x, w = tonumber(s.x), tonumber(s.width)
      b.x0, b.x1 = math.min(b.x0, x), math.max(b.x1, x + w)
      b.y0, b.y1 = tonumber(s.y), tonumber(s.y) + tonumber(s.height)
    end
    out[#out + 1] = b
  end
  return out
end

local function whiskers(svg)
  local out = {}
  for a, body in svg:gmatch('<g( class="whisker"[^>]*)>(.-)</g>') do
    local t = attrs(a)
    t.lines = elements(body, "line")
    t.y = tonumber(t.lines[1].y1)
    out[#out + 1] = t
  end
  return out
end

-- The axis' last tick, read from the tick labels under the plot ("$9").
local function axis_max(svg)
  local f, best = frame_of(svg), nil
  for _, t in ipairs(texts(svg)) do
    local v = t.body:match("^%$([%d.]+)$")
    if v and t.y > f.y + f.h then best = math.max(best or 0, tonumber(v)) end
  end
  return best
end

local prefix = os.tmpname()
local out, ok = (function()
  local p = assert(io.popen(("LUA_PATH='./lua/?.lua;./lua/?/init.lua;;' LUA_CPATH='./%s/?.so;;' "
    .. "lua5.4 bin/flopcost compare --out %s 2>&1"):format(build, prefix)))
  local o = p:read("a")
  return o, p:close()
end)()
local svg = ok and slurp(prefix .. ".svg") or ""
local util = ok and slurp(prefix .. "-utilization.svg") or ""
local results = ok and core.json.decode(slurp(prefix .. ".json"), "json") or {}
os.execute(("rm -f '%s' '%s'.* '%s'-utilization.*"):format(prefix, prefix, prefix))

describe("compare.svg of the default study", function()
  it("runs", function() assert.is_true(ok, out) end)

  -- results in the chart's drawing order (grouped by mix, in order of first appearance)
  local ordered = {}
  do
    local groups = plot._groups_of(results, "mix")
    for _, g in ipairs(groups) do for _, r in ipairs(g.rows) do ordered[#ordered + 1] = r end end
  end

  it("writes each value at the end of its own bar, not past the whisker", function()
    -- x(v) = frame.x + v / axis_max x frame.w; the axis ends at the last top tick
    local f = frame_of(svg)
    local top = axis_max(svg)
    local totals = texts(svg, "total")
    assert.are.equal(46, #totals)
    local past = 0
    for i, t in ipairs(totals) do
      local r = ordered[i]
      assert.are.equal(require("flopcost.report").usd(r.usd_per_eflop), t.body)
      local bar_end = f.x + r.usd_per_eflop / top * f.w
      -- the label starts within 8 px of the bar's end (5 px gap)
      assert.is_true(math.abs(t.x - bar_end) <= 8, ("%s: label at %.1f, bar ends at %.1f"):format(t.body, t.x, bar_end))
      if r.interval.p95 > r.usd_per_eflop + 0.2 then past = past + 1 end
    end
    assert.is_true(past > 30) -- the case that mattered: most whiskers reach well past the bar
  end)

  it("draws each interval in its own lane under the bar, hiding no segment", function()
    local bs, ws = bars(svg), whiskers(svg)
    assert.are.equal(46, #ws)
    for i, w in ipairs(ws) do
      local b = bs[i]
      assert.are.equal(b.index, tonumber(w["data-index"]))
      -- the whisker's line and its caps (+-4 px) lie below the bar's bottom edge
      assert.is_true(w.y - 4 >= b.y1, ("whisker %d at y %.1f overlaps its bar (%.1f..%.1f)"):format(i, w.y, b.y0, b.y1))
      -- and above the next bar's top
      if bs[i + 1] then assert.is_true(w.y + 4 < bs[i + 1].y0) end
    end
  end)

  it("keeps carbon visible: every row with a carbon cost has a carbon mark at least 2 px wide", function()
    local f = frame_of(svg)
    local top = axis_max(svg)
    local n = 0
    for i, b in ipairs(bars(svg)) do
      local carbon = ordered[i].breakdown.carbon
      if carbon > 0 then
        n = n + 1
        local w = 0
        for _, s in ipairs(b.segs) do if s["data-component"] == "carbon" then w = math.max(w, tonumber(s.width)) end end
        for _, s in ipairs(b.slivers) do if s["data-component"] == "carbon" then w = math.max(w, tonumber(s.width)) end end
        assert.is_true(w >= 2, ("row %d: carbon %.4f $/EFLOP drawn %.2f px wide"):format(i, carbon, w))
        -- the true width stays what the value says: carbon / axis_max x frame width
        for _, s in ipairs(b.segs) do
          if s["data-component"] == "carbon" then assert.near(carbon / top * f.w, tonumber(s.width), 1e-6) end
        end
      end
    end
    assert.is_true(n >= 40) -- 44 of the 46 rows price some carbon (us-tx and us-va B200/H100 do not)
  end)

  it("spaces the legend evenly and keeps the top axis clear of it", function()
    local legend = texts(svg, "legend")
    assert.is_true(#legend >= 9) -- 7 components, the interval, the cloud marker
    local rows = {}
    for _, t in ipairs(legend) do
      rows[t.y] = rows[t.y] or {}
      table.insert(rows[t.y], t.x)
    end
    for y, xs in pairs(rows) do
      table.sort(xs)
      for j = 3, #xs do
        assert.is_true(math.abs((xs[2] - xs[1]) - (xs[j] - xs[j - 1])) < 0.01,
          "legend row at y " .. y .. " unevenly spaced")
      end
    end
    local legend_bottom = 0
    for _, t in ipairs(legend) do legend_bottom = math.max(legend_bottom, t.y + 3) end -- baseline + descent
    for _, t in ipairs(texts(svg)) do
      if t.y < frame_of(svg).y and t.body:match("^%$%d") then
        assert.is_true(t.y - 11 >= legend_bottom + 10, ("top tick %s at y %.1f, legend ends at %.1f"):format(t.body,
          t.y, legend_bottom))
      end
    end
    local names = {}
    for _, t in ipairs(legend) do names[#names + 1] = t.body end
    names = table.concat(names, "|")
    assert.truthy(names:find("interval", 1, true))
    assert.truthy(names:find("cloud", 1, true))
  end)

  it("says 'export ban' with a footnote instead of 'denied (+100% grey)'", function()
    assert.is_nil(svg:find("grey)", 1, true))
    local banned = 0
    for _, t in ipairs(texts(svg, "access")) do
      assert.is_nil(t.body:find("%", 1, true), t.body)
      if t.body == "export ban*" then banned = banned + 1; assert.are.equal("bold", t["font-weight"]) end
    end
    assert.are.equal(5, banned) -- B200 in the 5 Chinese regions (the H100 needs a licence there)
    local foot = {}
    for _, t in ipairs(texts(svg, "source")) do foot[#foot + 1] = t.body end
    foot = table.concat(foot, " ")
    -- the premium of models/regions.json for chips denied to China: 100 %
    assert.truthy(foot:find("* export ban: export rules deny these chips to the region; their cost assumes a "
      .. "grey-market price 100% above list.", 1, true), foot)
  end)

  it("puts the cloud diamond in its own lane with its value, off the whisker", function()
    local clouds, values = elements(svg, "path", "cloud"), texts(svg, "cloud-value")
    -- the rented rows: H100-SXM in 3 US and 5 Chinese regions, B200 in 3 US regions (spec/82)
    assert.are.equal(11, #clouds)
    assert.are.equal(11, #values)
    local ws = whiskers(svg)
    for i, c in ipairs(clouds) do
      local x, top = c.d:match("^M([%d.]+) ([%d.]+)")
      local cy = tonumber(top) + 5 -- the diamond spans top .. top + 10
      -- its row's whisker: the nearest one above it (the diamond has its own lane under the bar)
      local w
      for _, x_ in ipairs(ws) do if x_.y <= cy and (not w or x_.y > w.y) then w = x_ end end
      assert.truthy(w, "no whisker above diamond " .. i)
      assert.is_true(cy - 5 >= w.y + 4, ("diamond %d at %.1f touches the whisker at %.1f"):format(i, cy, w.y))
      assert.are.equal("cloud " .. require("flopcost.report").usd(tonumber(c["data-value"])), values[i].body)
      assert.is_true(values[i].x > tonumber(x))
    end
  end)

  it("names the scenario in its title, and its scenario, source, catalog date and version in the footer", function()
    local title = texts(svg, "title")[1].body
    assert.truthy(title:find('study "default"', 1, true), title)
    local foot = {}
    for _, t in ipairs(texts(svg, "source")) do foot[#foot + 1] = t.body end
    foot = table.concat(foot, " ")
    assert.truthy(foot:find('Scenario: study "default"', 1, true), foot)
    assert.truthy(foot:find("flopcost " .. core.version .. ", catalog as of 20%d%d%-%d%d%-%d%d"), foot)
    assert.truthy(foot:find("source: ", 1, true), foot)
    assert.truthy(foot:find("seed 20261123 + row", 1, true), foot)
  end)
end)

describe("compare-utilization.svg of the default study", function()
  it("uses the chart's width for the plot, not half of it", function()
    local W = tonumber(util:match('viewBox="0 0 ([%d.]+)'))
    assert.is_true(frame_of(util).w >= 0.8 * W, ("plot %.0f px of %.0f"):format(frame_of(util).w, W))
  end)

  it("draws a 90% band under each line, around the line", function()
    local bands = elements(util, "polygon", "band")
    local lines = elements(util, "polyline", "series")
    assert.are.equal(8, #lines)
    assert.are.equal(8, #bands)
    local line_of = {}
    for _, l in ipairs(lines) do line_of[l["data-name"]] = l end
    for _, b in ipairs(bands) do
      -- each band has its line, and at each x the line lies between the band's edges
      local l = assert(line_of[b["data-name"]], b["data-name"])
      local pts = {}
      for x, y in b.points:gmatch("([%d.]+),([%d.]+)") do pts[#pts + 1] = { tonumber(x), tonumber(y) } end
      local line = {}
      for x, y in l.points:gmatch("([%d.]+),([%d.]+)") do line[#line + 1] = { tonumber(x), tonumber(y) } end
      local n = #line
      assert.are.equal(2 * n, #pts) -- upper edge left to right, lower edge right to left
      for j = 1, n do
        local hi, lo = pts[j], pts[2 * n + 1 - j]
        assert.near(line[j][1], hi[1], 1e-6)
        -- SVG y grows downwards: the upper edge (p95) has the smaller y
        assert.is_true(hi[2] <= line[j][2] + 0.5 and line[j][2] <= lo[2] + 0.5)
      end
    end
  end)

  it("names the scenario, source, catalog date and version", function()
    local foot = {}
    for _, t in ipairs(texts(util, "source")) do foot[#foot + 1] = t.body end
    foot = table.concat(foot, " ")
    assert.truthy(foot:find('Scenario: study "default"', 1, true), foot)
    assert.truthy(foot:find("flopcost " .. core.version .. ", catalog as of 20%d%d%-%d%d%-%d%d"), foot)
    assert.truthy(util:find('study &quot;default&quot;', 1, true))
  end)
end)

describe("plot.compare with the fixture", function()
  it("says 'not given' for provenance it was not given, and never guesses", function()
    local svg2 = plot.compare(fixture.results())
    local foot = {}
    for _, t in ipairs(texts(svg2, "source")) do foot[#foot + 1] = t.body end
    foot = table.concat(foot, " ")
    assert.truthy(foot:find("Scenario: not given; what-ifs: not recorded.", 1, true), foot)
    assert.truthy(foot:find("catalog as of not given", 1, true), foot)
  end)
  it("lists the what-ifs it is given", function()
    local svg2 = plot.compare(fixture.results(), { provenance = { scenario = "a test",
      what_ifs = { "--set region=us-va", "--vary pue=pert(1.1,1.2,1.4)" } } })
    local foot = {}
    for _, t in ipairs(texts(svg2, "source")) do foot[#foot + 1] = t.body end
    foot = table.concat(foot, " ")
    assert.truthy(foot:find("what-ifs: --set region=us-va, --vary pue=pert(1.1,1.2,1.4).", 1, true), foot)
    assert.truthy(texts(svg2, "title")[1].body:find("a test", 1, true))
  end)
end)
