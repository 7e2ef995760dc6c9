-- The shareable HTML report (issue 23): `flopcost compare --format html --out PREFIX`
-- writes one self-contained file, opened here in a real browser: Debian's chromium
-- driven by puppeteer-core (tools/browser, `make js-deps`), the network cut off.
-- Missing node, chromium or puppeteer-core is a failure, never a skip: CI installs them.
-- node runs without LD_PRELOAD: under `make asan` the sanitizer runtime preloaded into
-- lua5.4 is not for the browser (which has its own allocator).
local core = require "flopcost.core"
local build = os.getenv("FLOPCOST_BUILD") or "build"

local function slurp(path)
  local f = assert(io.open(path, "rb"))
  local s = f:read("a")
  f:close()
  return s
end

local function sh(cmd)
  local p = assert(io.popen(cmd .. " 2>&1"))
  local out = p:read("a")
  local ok = p:close()
  return out, ok
end

local function flopcost(args)
  return sh(("LUA_PATH='./lua/?.lua;./lua/?/init.lua;;' LUA_CPATH='./%s/?.so;;' lua5.4 bin/flopcost %s")
    :format(build, args))
end

describe("flopcost compare --format html", function()
  local prefix = os.tmpname()
  local out, ok = flopcost("compare --format html --out " .. prefix)
  local page = ok and slurp(prefix .. ".html") or ""
  -- the same study as JSON, for the figures the page must show
  local jout, jok = flopcost("compare --format json")
  local rows = jok and core.json.decode(jout, "json") or {}

  it("writes one file that needs nothing from the network", function()
    assert.is_true(ok, out)
    assert.truthy(out:find("wrote " .. prefix .. ".html", 1, true), out)
    -- no external script, stylesheet, image or font in the page's markup (the inlined
    -- scripts' own text aside: vega-tooltip builds <img> for image fields)
    local markup = page:gsub("(<script[^>]*>).-</script>", "%1</script>")
    assert.is_nil(markup:find("src=", 1, true), "an external resource")
    assert.is_nil(markup:find("<link", 1, true))
    assert.is_nil(markup:find("url(", 1, true))
    -- vega, vega-lite and vega-embed inlined, each once (vendor/js/VERSIONS names them)
    for line in slurp("vendor/js/VERSIONS"):gmatch("[^\n]+") do
      local name, version = line:match("^(%S+) (%S+)$")
      assert.truthy(name and version, line)
    end
    local n = 0
    for _ in page:gmatch("<script>") do n = n + 1 end
    assert.are.equal(4, n) -- three libraries and the embedding code
    assert.truthy(page:find('<script type="application/json" id="flopcost-specs">', 1, true))
  end)

  it("holds the table with every row's figures, the sources and the provenance", function()
    assert.are.equal(46, #rows)
    local trs = 0
    for _ in page:match('<table id="results">.-</table>'):gmatch("<tr>") do trs = trs + 1 end
    assert.are.equal(1 + #rows, trs) -- a header and one row per result
    local usd = require("flopcost.report").usd
    for _, r in ipairs(rows) do
      -- each row's point estimate and interval, as report.usd writes them (3 significant digits)
      assert.truthy(page:find("<td class=\"num\">" .. usd(r.usd_per_eflop) .. "</td>", 1, true), r.region)
      assert.truthy(page:find("<td class=\"num\">" .. usd(r.interval.p05) .. "</td>", 1, true), r.region)
    end
    assert.truthy(page:find("Scenario: study &quot;default&quot;", 1, true))
    assert.truthy(page:find("flopcost " .. core.version .. ", catalog as of 20%d%d%-%d%d%-%d%d"))
    assert.truthy(page:find("<h2>Sources %((%d+)%)</h2>"))
    -- a source every H100 row uses: the EIA figure for Virginia's industrial tariff
    assert.truthy(page:find("EIA Electric Power Annual 2023", 1, true))
  end)

  describe("in headless Chromium (puppeteer-core)", function()
    local shot = build .. "/report-check.png"
    local report_out, report_ok = sh(("env -u LD_PRELOAD node tools/browser/report-check.mjs %s.html %s"):format(prefix, shot))
    local res = report_ok and core.json.decode(report_out, "report-check") or {}

    it("opens it with no console error, no page error and no network request", function()
      assert.is_true(report_ok, report_out)
      assert.are.same({}, res.console_errors)
      assert.are.same({}, res.page_errors)
      assert.are.same({}, res.requests)
      assert.are.equal("2", res.state) -- both charts embedded
    end)

    it("renders each chart: an SVG with marks and the figures as text", function()
      local by_id = {}
      for _, c in ipairs(res.charts or {}) do by_id[c.id] = c end
      local cmp, util = by_id["chart-compare"], by_id["chart-utilization"]
      assert.is_not_nil(cmp)
      assert.is_not_nil(util)
      -- the compare chart: at least one component segment per row, a value label per row
      assert.is_true(cmp.marks >= 46 * 5, "compare: " .. tostring(cmp.marks) .. " marks")
      local texts = {}
      for _, t in ipairs(cmp.texts) do texts[t] = true end
      local usd = require("flopcost.report").usd
      for _, r in ipairs(rows) do assert.is_true(texts[usd(r.usd_per_eflop)], usd(r.usd_per_eflop)) end
      assert.is_true(texts["cloud rental for the same FLOP"])
      -- the utilization chart: 8 lines and 8 bands at least
      assert.is_true(util.marks >= 16, "utilization: " .. tostring(util.marks) .. " marks")
    end)

    it("shows a row's figures in the tooltip of its bar", function()
      assert.is_table(res.tooltip)
      local text = res.tooltip.text or res.tooltip.error
      -- the first bar drawn is the first row of the first mix group: B200 in us-tx, its chip segment
      local first
      for _, r in ipairs(rows) do if r.mix == "B200" and r.region == "us-tx" then first = r end end
      assert.truthy(text:find("B200", 1, true), text)
      assert.truthy(text:find("us-tx", 1, true), text)
      assert.truthy(text:find(("$%.3f"):format(first.usd_per_eflop), 1, true), text)
      assert.truthy(text:find(("$%.4f"):format(first.breakdown.chip), 1, true), text)
    end)

    it("saves a screenshot", function()
      local png = slurp(shot)
      assert.are.equal("\137PNG", png:sub(1, 4))
      assert.is_true(#png > 50000)
    end)
  end)

  teardown(function() os.execute(("rm -f '%s' '%s.html'"):format(prefix, prefix)) end)
end)

describe("flopcost compare --workload inference --format html", function()
  -- a study that serves a model: the same self-contained page in $ per million tokens
  local prefix = os.tmpname()
  local out, ok = flopcost("compare --workload inference --format html --out " .. prefix)
  local page = ok and slurp(prefix .. ".html") or ""
  local jout, jok = flopcost("compare --workload inference --format json")
  local rows = jok and core.json.decode(jout, "json") or {}
  local usd = require("flopcost.report").usd

  it("writes the page: every row's $/Mtok (point, interval), its access, the workload and sources", function()
    assert.is_true(ok, out)
    assert.truthy(out:find("wrote " .. prefix .. ".html", 1, true), out)
    assert.is_true(#rows >= 10, #rows .. " rows")
    local tbl = page:match('<table id="results">.-</table>')
    local trs = 0
    for _ in tbl:gmatch("<tr>") do trs = trs + 1 end
    assert.are.equal(1 + #rows, trs)
    for _, h in ipairs { "$/Mtok blended (point)", "p50 (median)", "$/Mtok output (point)", "access" } do
      assert.truthy(tbl:find(">" .. h .. "</th>", 1, true), h)
    end
    for _, r in ipairs(rows) do
      local iv = r.interval.serving.usd_per_mtok_blended
      local row = tbl:match("<tr>\n<td class=\"text\">" .. r.region:gsub("%p", "%%%0") .. "</td>\n<td class=\"text\">"
        .. r.mix:gsub("%p", "%%%0") .. "</td>.-</tr>")
      assert.truthy(row, r.region .. " " .. r.mix)
      local sv = r.serving -- the JSON's serving figures
      local want = { sv.usd_per_mtok_blended, iv.p05, iv.p50, iv.p95, sv.usd_per_mtok_output, sv.usd_per_mtok_input }
      assert.are.equal(6, #want)
      for _, v in ipairs(want) do
        assert.truthy(row:find(">" .. usd(v) .. "<", 1, true), r.region .. " " .. r.mix .. ": " .. usd(v))
      end
      -- the access column: export ban in China for the B200, domestic at home
      if r.mix == "B200" then
        assert.truthy(row:find(r.region:find("^cn%-") and ">export ban*<" or ">domestic<", 1, true), row)
      end
    end
    assert.truthy(page:find("USD per million tokens serving Llama%-3%.1%-70B"))
    assert.truthy(page:find("Scenario: study &quot;inference&quot;: serving", 1, true))
    assert.truthy(page:find("flopcost " .. core.version .. ", catalog as of 20%d%d%-%d%d%-%d%d"))
    assert.truthy(page:find("90% intervals: Monte Carlo", 1, true))
    assert.truthy(page:find("<h2>Sources %((%d+)%)</h2>"))
    assert.truthy(page:find("export ban: export rules deny these chips", 1, true))
  end)

  it("opens in headless Chromium: no error, no request, the chart drawn, a bar's tooltip in $/Mtok", function()
    local shot = build .. "/report-check-inference.png"
    local report_out, report_ok = sh(("env -u LD_PRELOAD node tools/browser/report-check.mjs %s.html %s")
      :format(prefix, shot))
    assert.is_true(report_ok, report_out)
    local res = core.json.decode(report_out, "report-check")
    assert.are.same({}, res.console_errors)
    assert.are.same({}, res.page_errors)
    assert.are.same({}, res.requests)
    assert.are.equal("1", res.state)
    local cmp = res.charts[1]
    assert.are.equal("chart-compare", cmp.id)
    assert.is_true(cmp.marks >= #rows * 5, cmp.marks .. " marks")
    local texts = {}
    for _, t in ipairs(cmp.texts) do texts[t] = true end
    for _, r in ipairs(rows) do
      local v = usd(assert(r.serving.usd_per_mtok_blended))
      assert.is_true(texts[v], v)
    end
    assert.is_true(texts["USD per million tokens (input and output blended)"])
    -- the first bar: the first row of the first mix (B200 in us-tx), its point and its chip segment
    local first
    for _, r in ipairs(rows) do if r.mix == "B200" and r.region == "us-tx" then first = r end end
    local text = res.tooltip.text or res.tooltip.error
    assert.truthy(text:find("total $/Mtok (point estimate)", 1, true), text)
    assert.truthy(text:find(("$%.3f"):format(first.serving.usd_per_mtok_blended), 1, true), text)
    assert.truthy(text:find(("$%.4f"):format(first.breakdown.chip * 1e-12), 1, true), text)
    assert.are.equal("\137PNG", slurp(shot):sub(1, 4))
  end)

  teardown(function() os.execute(("rm -f '%s' '%s.html'"):format(prefix, prefix)) end)
end)

describe("vendor/js", function()
  it("holds the minified builds of the npm packages package-lock.json pins (make vendor-js)", function()
    local lock = core.json.decode(slurp("tools/browser/package-lock.json"), "lock")
    local versions = {}
    for line in slurp("vendor/js/VERSIONS"):gmatch("[^\n]+") do
      local name, version = line:match("^(%S+) (%S+)$")
      versions[name] = version
    end
    for _, f in ipairs { "vega/build/vega.min.js", "vega-lite/build/vega-lite.min.js",
      "vega-embed/build/vega-embed.min.js" } do
      local pkg, base = f:match("^([^/]+)/build/(.+)$")
      assert.are.equal(lock.packages["node_modules/" .. pkg].version, versions[pkg], pkg)
      -- the npm file less its source-map comment (the report opens offline)
      local npm = slurp("tools/browser/node_modules/" .. f):gsub("\n//# sourceMappingURL=[^\n]*", "")
      local vendored = slurp("vendor/js/" .. base)
      assert.is_true(npm == vendored or npm .. "\n" == vendored, base .. " differs from node_modules: make vendor-js")
      assert.truthy(slurp("vendor/js/LICENSE-" .. pkg):find("BSD 3%-Clause") or
        slurp("vendor/js/LICENSE-" .. pkg):find("Redistribution and use in source and binary forms", 1, true))
    end
  end)
end)

describe("fc.report.html", function()
  it("refuses what is not a compare grid, and --format html without --out", function()
    local fc = require "flopcost"
    local ok, err = pcall(fc.report.html, { 1, 2 })
    assert.is_false(ok)
    assert.truthy(tostring(err):find("flopcost.report.html: argument 'grid': compare grid", 1, true), err)
    local out, rc = flopcost("compare --no-intervals --format html")
    assert.falsy(rc)
    assert.truthy(out:find("--format html needs --out PREFIX", 1, true), out)
  end)
end)
