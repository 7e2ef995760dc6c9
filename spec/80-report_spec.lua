-- flopcost.report and flopcost.json: tables, summaries, CSV, JSON, Markdown, explain.
local H = require "spec.helpers"
local report = require "flopcost.report"
local json = require "flopcost.json"
local fixture = require "spec.fixtures.results"

-- ---------------------------------------------------------------------------
-- Independent readers used to check the writers.
-- ---------------------------------------------------------------------------

-- RFC 4180 reader: returns rows of fields (strings).
local function parse_csv(text)
  local rows, row, field, i, n = {}, {}, {}, 1, #text
  local quoted = false
  while i <= n do
    local c = text:sub(i, i)
    if quoted then
      if c == '"' then
        if text:sub(i + 1, i + 1) == '"' then field[#field + 1] = '"'; i = i + 1
        else quoted = false end
      else
        field[#field + 1] = c
      end
    elseif c == '"' then
      quoted = true
    elseif c == "," then
      row[#row + 1] = table.concat(field); field = {}
    elseif c == "\r" and text:sub(i + 1, i + 1) == "\n" then
      row[#row + 1] = table.concat(field); field = {}
      rows[#rows + 1] = row; row = {}
      i = i + 1
    else
      field[#field + 1] = c
    end
    i = i + 1
  end
  assert(#field == 0 and #row == 0, "CSV must end with CRLF")
  return rows
end

-- A tiny JSON reader (objects, arrays, strings with escapes, numbers, literals).
local function parse_json(s)
  local pos = 1
  local function ws() pos = s:find("[^ \t\r\n]", pos) or #s + 1 end
  local value
  local function str()
    local out = {}
    pos = pos + 1
    while true do
      local c = s:sub(pos, pos)
      if c == '"' then pos = pos + 1; return table.concat(out) end
      if c == "\\" then
        local e = s:sub(pos + 1, pos + 1)
        if e == "u" then
          out[#out + 1] = utf8.char(tonumber(s:sub(pos + 2, pos + 5), 16)); pos = pos + 6
        else
          out[#out + 1] = ({ n = "\n", t = "\t", r = "\r", b = "\b", f = "\f" })[e] or e; pos = pos + 2
        end
      else
        assert(c:byte() >= 32, "raw control character in JSON string")
        out[#out + 1] = c; pos = pos + 1
      end
    end
  end
  function value()
    ws()
    local c = s:sub(pos, pos)
    if c == "{" then
      local t = {}
      pos = pos + 1; ws()
      if s:sub(pos, pos) == "}" then pos = pos + 1; return t end
      repeat
        ws(); local k = str(); ws()
        assert(s:sub(pos, pos) == ":", "colon expected at " .. pos); pos = pos + 1
        t[k] = value(); ws()
        local d = s:sub(pos, pos); pos = pos + 1
      until d == "}"
      return t
    elseif c == "[" then
      local t = {}
      pos = pos + 1; ws()
      if s:sub(pos, pos) == "]" then pos = pos + 1; return t end
      repeat
        t[#t + 1] = value(); ws()
        local d = s:sub(pos, pos); pos = pos + 1
      until d == "]"
      return t
    elseif c == '"' then
      return str()
    else
      local lit = s:match("^[%w%.%+%-]+", pos)
      pos = pos + #lit
      if lit == "true" then return true elseif lit == "false" then return false
      elseif lit == "null" then return nil end
      assert(lit:match("^%-?%d+%.?%d*[eE]?[%+%-]?%d*$"), "bad number " .. lit)
      return tonumber(lit)
    end
  end
  local v = value(); ws()
  assert(pos == #s + 1, "trailing text at " .. pos)
  return v
end

local function lines_of(s)
  local t = {}
  for l in s:gmatch("([^\n]*)\n") do t[#t + 1] = l end
  return t
end

describe("flopcost.report", function()
  local results = fixture.results()

  describe("number formatting", function()
    it("writes money with three significant digits and k/M/B suffixes", function()
      assert.are.equal("$1.23", report.usd(1.234))
      assert.are.equal("$12.3M", report.usd(12.345e6))
      assert.are.equal("$0.0421", report.usd(0.04214))
      assert.are.equal("$0.850", report.usd(0.85))
      assert.are.equal("-$0.310", report.usd(-0.31))
      assert.are.equal("+$0.310", report.usd(0.31, true))
      -- 999.6e3 rounds to 1.00e6 at 3 digits: "$1.00M", never "$1000k"
      assert.are.equal("$1.00M", report.usd(999.6e3))
      assert.are.equal("$10.0", report.usd(9.996))
      assert.are.equal("$0", report.usd(0))
    end)
    it("writes percentages, counts and scientific notation readably", function()
      assert.are.equal("62%", report.pct(62.4))
      assert.are.equal("4.5%", report.pct(4.49))
      assert.are.equal("12,000", report.int(12000))
      assert.are.equal("1e25", report.sci(1e25))
      assert.are.equal("1.28e18", report.sci(1.282392e18))
    end)
  end)

  describe("table", function()
    it("lays out one aligned row per result with the default columns", function()
      local t = report.table(results)
      local ls = lines_of(t)
      -- header, rule, 5 rows, caption
      assert.are.equal(8, #ls)
      assert.truthy(ls[1]:find("^region%s+mix%s+%$/EFLOP%s+chip%s+server%+net%s+facility%s+energy%s+carbon%s+opex"))
      assert.truthy(ls[1]:find("90%% interval$"))
      -- us-va: per_hour total 2.804 $/h / 1.282392 EFLOP/h = 2.18654 $/EFLOP -> "$2.19";
      -- 1e25 run = 2.18654 x 1e7 = $21.9M; interval 0.82 x / 1.24 x -> $1.79-$2.71
      assert.truthy(ls[3]:find("^us%-va%s+H100%-SXM%s+%$2%.19 "))
      assert.truthy(ls[3]:find("%$21%.9M%s+%$1%.79%-%$2%.71$"))
      -- right-aligned numbers: the $/EFLOP column ends at the same position on every row
      local _, stop = ls[1]:find("%$/EFLOP")
      for i = 3, 7 do assert.are.equal("$", ls[i]:sub(stop - 4, stop - 4)) end
      -- the mix without a rental price shows "-" for both cloud columns
      assert.truthy(ls[6]:find("%$0%.105%s+%-%s+%-%s+%$30%.5M"))
    end)

    it("sorts by a column, descending with '-', and keeps input order on ties", function()
      local t = report.table(results,
        { sort = "-usd_per_eflop", columns = { "mix", "usd_per_eflop" }, caption = false })
      local ls = lines_of(t)
      assert.are.same({ "$3.05", "$2.71", "$2.34", "$2.19", "$1.36" },
        { ls[3]:match("%S+$"), ls[4]:match("%S+$"), ls[5]:match("%S+$"), ls[6]:match("%S+$"), ls[7]:match("%S+$") })
      -- us-va and us-ca have the same chip cost: ascending sort keeps their input order;
      -- B200 ($0.585) comes first
      local c = lines_of(report.table(results, { sort = "chip", columns = { "region", "chip" }, caption = false }))
      assert.are.same({ "fr-idf", "us-va", "us-ca", "cn-guizhou", "cn-guizhou" },
        { c[3]:match("^%S+"), c[4]:match("^%S+"), c[5]:match("^%S+"), c[6]:match("^%S+"), c[7]:match("^%S+") })
    end)

    it("drops the interval column when no result has one, and shows labels on request", function()
      local r = fixture.results()[4]
      local t = report.table({ r }, { labels = true })
      assert.falsy(t:find("interval", 1, true))
      assert.truthy(t:find("Guizhou, CN", 1, true))
    end)

    it("accepts a single result", function()
      assert.are.equal(4, #lines_of(report.table(results[1])))
    end)

    H.error_rows(it, {
      { "an unknown column", function() report.table(results, { columns = { "region", "cost" } }) end,
        "flopcost.report.table: field 'columns[2]': one of access, carbon, chip, cloud_usd_per_eflop, energy, " ..
        "facility, interval, job_cost_usd, job_days, kg_co2_per_eflop, kwh_per_eflop, local_per_eflop, mix, " ..
        "network, opex, owned_to_cloud, per_hour_total, region, region_label, run_1e25_usd, server, " ..
        "server_network, time_to_power_months, usd_per_eflop, water_l_per_eflop expected, got 'cost'" },
      { "an unsortable column", function() report.table(results, { sort = "-mix" }) end,
        "flopcost.report.table: field 'sort': sortable column name expected, got '-mix'" },
      { "an empty result list", function() report.table({}) end,
        "flopcost.report.table: argument 'results': non-empty array of results expected, got empty table" },
      { "a NaN total", function()
          local r = fixture.results(); r[2].usd_per_eflop = 0 / 0; report.table(r) end,
        "flopcost.report.table: argument 'results': field '[2].usd_per_eflop': finite number expected, got nan" },
      { "a missing breakdown", function()
          local r = fixture.results(); r[1].breakdown = nil; report.table(r) end,
        "flopcost.report.table: argument 'results': field '[1].breakdown': table expected, got nil" },
      { "a non-table options argument", function() report.table(results, "wide") end,
        "flopcost.report.table: argument 'opts': options table expected, got 'wide'" },
    })
  end)

  describe("result_string", function()
    it("lists every component with its share, and the shares add up to 100 %", function()
      local s = report.result_string(results[1])
      assert.truthy(s:find("^Virginia, US %(us%-va%), H100%-SXM\n"))
      -- chip share = 1.243 / 2.804 = 44.33 % -> "44%"; energy 0.106 / 2.804 = 3.78 % -> "3.8%"
      assert.truthy(s:find("\n  chip +%$0%.969 +44%% +%$1%.24\n"))
      assert.truthy(s:find("\n  energy +%$0%.0827 +3%.8%% +%$0%.106\n"))
      local sum = 0
      for _, k in ipairs(report.COMPONENTS) do
        local p = s:match("\n  " .. k .. " +%S+ +([%d%.]+)%%")
        assert.is_not_nil(p, k)
        sum = sum + tonumber(p)
      end
      -- each share is rounded to at most 0.05 percentage points (7 of them)
      assert.near(100, sum, 0, 7 * 0.5)
      assert.truthy(s:find("owning costs 0.94x the cloud price", 1, true))
      assert.truthy(s:find("1e25 FLOP job: $21.9M, 32.5 days, 10,000 chips", 1, true))
      assert.truthy(s:find("90% interval: $1.79 to $2.71 (median $2.16)", 1, true))
    end)
    it("works without the optional parts", function()
      local r = { region = "x", mix = "m", usd_per_eflop = 2, breakdown = { chip = 1, energy = 1 } }
      local s = report.result_string(r)
      assert.truthy(s:find("\n  chip +%$1%.00 +50%%"))
      assert.falsy(s:find("cloud", 1, true))
    end)
  end)

  describe("csv", function()
    it("round-trips every number exactly and quotes per RFC 4180", function()
      local rs = fixture.results()
      rs[2].mix = 'H100 "SXM5", 80GB\nrev 2'
      local rows = parse_csv(report.csv(rs))
      assert.are.equal(#rs + 1, #rows)
      local header = rows[1]
      assert.are.equal(#report.CSV_FIELDS, #header)
      local col = {}
      for i, name in ipairs(header) do col[name] = i end
      for _, name in ipairs { "breakdown_chip", "breakdown_opex", "per_hour_total", "cloud_usd_per_eflop",
        "job_cost_usd", "job_t_co2", "local_per_eflop", "interval_p95" } do
        assert.is_not_nil(col[name], name)
      end
      for i, r in ipairs(rs) do
        local row = rows[i + 1]
        assert.are.equal(#header, #row)
        assert.are.equal(r.region_label, row[col.region_label])
        assert.are.equal(r.mix, row[col.mix])
        assert.are.equal(r.usd_per_eflop, tonumber(row[col.usd_per_eflop]))
        for _, k in ipairs(report.COMPONENTS) do
          assert.are.equal(r.breakdown[k], tonumber(row[col["breakdown_" .. k]]))
          assert.are.equal(r.per_hour[k], tonumber(row[col["per_hour_" .. k]]))
        end
        assert.are.equal(r.kwh_per_eflop, tonumber(row[col.kwh_per_eflop]))
        if r.cloud then
          assert.are.equal(r.cloud.owned_to_cloud, tonumber(row[col.cloud_owned_to_cloud]))
        else
          assert.are.equal("", row[col.cloud_usd_per_eflop])
        end
        if r.job then assert.are.equal(r.job.mwh, tonumber(row[col.job_mwh])) end
        if r.interval then assert.are.equal(r.interval.p05, tonumber(row[col.interval_p05])) end
      end
    end)
    it("writes the shortest text that reads back: 0.1 as 0.1, 1/3 with 16 digits", function()
      assert.are.equal("0.1", json.number_string(0.1))
      assert.are.equal("0.3333333333333333", json.number_string(1 / 3))
      assert.are.equal(1 / 3, tonumber(json.number_string(1 / 3)))
      -- 0.1 + 0.2 needs all 17 digits
      assert.are.equal("0.30000000000000004", json.number_string(0.1 + 0.2))
      assert.are.equal("1e+25", json.number_string(1e25))
      assert.are.equal("10000", json.number_string(10000))
    end)
    H.error_rows(it, {
      { "an infinite component", function()
          local r = fixture.results(); r[3].breakdown.energy = math.huge; report.csv(r) end,
        "flopcost.report.csv: argument 'results': field '[3].breakdown.energy': finite number expected, got inf" },
    })
  end)

  describe("json", function()
    it("writes an array of results that parses back to the same numbers", function()
      local text = report.json(results)
      local back = parse_json(text)
      assert.are.equal(#results, #back)
      for i, r in ipairs(results) do
        assert.are.equal(r.region, back[i].region)
        assert.are.equal(r.usd_per_eflop, back[i].usd_per_eflop)
        for _, k in ipairs(report.COMPONENTS) do assert.are.equal(r.breakdown[k], back[i].breakdown[k]) end
        assert.are.equal(r.job and r.job.days, back[i].job and back[i].job.days)
        assert.are.equal(r["local"] and r["local"].currency, back[i]["local"] and back[i]["local"].currency)
      end
      assert.are.same(parse_json(text), parse_json(report.json(results, { indent = "  " })))
    end)

    it("is accepted by Python's json module", function()
      local py = io.popen("command -v python3")
      local found = py:read("a"); py:close()
      if found == "" then pending("python3 not installed") return end
      local path = os.tmpname()
      assert(report.write(path, report.json(results)))
      local p = io.popen("python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); " ..
        "print(len(d), repr(d[0][\"usd_per_eflop\"]))' " .. path .. " 2>&1")
      local out = p:read("a"); p:close(); os.remove(path)
      -- Python's repr is the shortest round-trip text too
      assert.are.equal("5 " .. json.number_string(results[1].usd_per_eflop) .. "\n", out)
    end)

    it("ignores metatables and engine-internal fields", function()
      local r = fixture.results()[1]
      r.scenario = function() end
      setmetatable(r, { __tostring = report.result_string })
      assert.is_nil(parse_json(report.json(r))[1].scenario)
    end)

    H.error_rows(it, {
      { "NaN, naming its path", function()
          local r = fixture.results(); r[1].breakdown.energy = 0 / 0; report.json(r) end,
        "flopcost.json.encode: field '$[1].breakdown.energy': finite number expected, got nan" },
      { "-inf", function() json.encode { a = { -math.huge } } end,
        "flopcost.json.encode: field '$.a[1]': finite number expected, got -inf" },
      { "a function", function() json.encode { f = print } end,
        "flopcost.json.encode: field '$.f': JSON value expected, got function" },
      { "mixed keys", function() json.encode { 1, 2, x = 3 } end,
        "flopcost.json.encode: field '$': table with either string keys or array keys expected, got both" },
      { "a sparse array", function() json.encode { [1] = 1, [3] = 3 } end,
        "flopcost.json.encode: field '$': array without holes expected, got 2 of 3 elements" },
      { "a cycle", function() local t = {}; t.self = t; json.encode(t) end,
        "flopcost.json.encode: field '$.self': acyclic table expected, got a cycle" },
      { "invalid UTF-8", function() json.encode { ["a b"] = "\xff" } end,
        "flopcost.json.encode: field '$[\"a b\"]': valid UTF-8 string expected, got invalid byte sequence" },
    })

    it("is deterministic: sorted keys, escapes, integers, explicit arrays and null", function()
      assert.are.equal('{"a":2,"b":{"c":[1,2.5,"x"]},"z":null}',
        json.encode { b = { c = { 1, 2.5, "x" } }, a = 2, z = json.null })
      assert.are.equal('"q\\"\\\\\\n\\u0001"', json.encode('q"\\\n\1'))
      assert.are.equal("[]", json.encode(json.array {}))
      assert.are.equal("{}", json.encode {})
      assert.are.equal("[\n  1,\n  {\n    \"k\": true\n  }\n]", json.encode({ 1, { k = true } }, { indent = "  " }))
    end)
  end)

  describe("markdown", function()
    it("has a header, an alignment row and one row per result, with | escaped", function()
      local rs = fixture.results()
      rs[5].mix = "B200 | NVL72"
      local ls = lines_of(report.markdown(rs))
      assert.are.equal(#rs + 2, #ls)
      assert.are.equal("| :--- | :--- | ---: |", ls[2]:sub(1, 22))
      for _, l in ipairs(ls) do
        assert.truthy(l:find("^| .* |$"))
        -- every line has the same number of unescaped cell separators
        local cells = select(2, l:gsub("\\|", ""):gsub("|", ""))
        assert.are.equal(14, cells)
      end
      assert.truthy(ls[7]:find("B200 \\| NVL72", 1, true))
    end)
  end)

  describe("write", function()
    it("writes text and returns true", function()
      local path = os.tmpname()
      assert.is_true(report.write(path, "a,b\r\n"))
      local f = io.open(path, "rb"); local s = f:read("a"); f:close(); os.remove(path)
      assert.are.equal("a,b\r\n", s)
    end)
    it("returns nil and a message when the file system refuses, without raising", function()
      local ok, msg = report.write("/nonexistent-dir-flopcost/x.csv", "x")
      assert.is_nil(ok)
      assert.truthy(msg:find("/nonexistent-dir-flopcost/x.csv", 1, true))
    end)
    H.error_rows(it, {
      { "a non-string path", function() report.write(nil, "x") end,
        "flopcost.report.write: argument 'path': string expected, got nil" },
      { "non-string text", function() report.write("/tmp/x", 3) end,
        "flopcost.report.write: argument 'text': string expected, got 3" },
    })
  end)

  describe("explain", function()
    it("attributes the Virginia -> California gap to components, largest first", function()
      -- gap = (2.9994 - 2.804) $/h / 1.282392 EFLOP/h = 0.152371 $/EFLOP
      -- energy: (0.2225 - 0.106) / 1.282392 = 0.0908459, share 0.1165 / 0.1954 = 59.62 %
      -- facility: 0.044 / 0.1954 = 22.52 %; carbon 0.0199 / 0.1954 = 10.18 %; opex 0.015 / 0.1954 = 7.68 %
      local e = report.explain(results[1], results[2])
      assert.near(0.1954 / 1.282392, e.gap, 1e-9)
      assert.are.equal("energy", e.rows[1].component)
      assert.near(0.1165 / 1.282392, e.rows[1].diff, 1e-9)
      assert.near(59.6213, e.rows[1].share, 1e-5)
      assert.are.equal("energy: +$0.0908 (60% of the gap)", e.rows[1].text)
      assert.are.same({ "energy", "facility", "carbon", "opex" },
        { e.rows[1].component, e.rows[2].component, e.rows[3].component, e.rows[4].component })
      assert.near(22.5179, e.rows[2].share, 1e-5)
      assert.truthy(e.text:find("^California, US / H100%-SXM costs %$0%.152 more per 1e18 FLOP than " ..
        "Virginia, US / H100%-SXM %(%$2%.34 vs %$2%.19, %+7%.0%%%)%."))
      -- printed, the same words in lines of at most 100 columns (issue 23: REPL widths)
      assert.are.equal(e.text, (tostring(e):gsub("\n", " ")))
      for line in tostring(e):gmatch("[^\n]+") do assert.is_true(#line <= 100, line) end
    end)

    it("has shares that sum to 100 % and differences that sum to the gap", function()
      for _, pair in ipairs { { 1, 3 }, { 3, 4 }, { 5, 2 }, { 4, 1 } } do
        local e = report.explain(results[pair[1]], results[pair[2]])
        local share, diff = 0, 0
        for i, row in ipairs(e.rows) do
          share, diff = share + row.share, diff + row.diff
          if i > 1 then assert.is_true(math.abs(row.diff) <= math.abs(e.rows[i - 1].diff)) end
        end
        assert.near(100, share, 1e-9)
        assert.near(e.gap, diff, 1e-12)
      end
    end)

    it("names components that pull the other way", function()
      -- Guizhou H800 vs California H100: chip, server, network up; energy, facility, opex, carbon down
      local e = report.explain(results[2], results[3])
      assert.truthy(e.text:find("Pulling the other way: energy (-$0.118, -32%)", 1, true))
    end)

    it("adds an 'other' row when a breakdown does not sum to its total", function()
      local a = { region = "a", mix = "m", usd_per_eflop = 3, breakdown = { chip = 1, energy = 1 } }
      local b = { region = "b", mix = "m", usd_per_eflop = 2, breakdown = { chip = 1, energy = 0.5 } }
      -- gap -1: energy -0.5 (50 %), other (1 -> 0.5) -0.5 (50 %)
      local e = report.explain(a, b)
      assert.are.equal(8, #e.rows) -- 7 components + other
      -- equal |diff|: the fixed component order breaks the tie, "other" last
      assert.are.equal("energy", e.rows[1].component)
      assert.are.equal("other", e.rows[2].component)
      assert.near(50, e.rows[1].share, 1e-12)
      assert.near(50, e.rows[2].share, 1e-12)
      assert.are.equal("other: -$0.500 (50% of the gap)", e.rows[2].text)
      for i = 3, 8 do assert.are.equal(0, e.rows[i].share) end
    end)

    it("has no shares when the totals are equal", function()
      local e = report.explain(results[1], fixture.results()[1])
      assert.are.equal(0, e.gap)
      assert.is_nil(e.rows[1].share)
      assert.truthy(e.text:find("cost the same", 1, true))
    end)

    H.error_rows(it, {
      { "a non-result", function() report.explain(results[1], 42) end,
        "flopcost.report.explain: argument 'b': result table expected, got 42" },
    })
  end)
end)
