-- The workbook with live formulas (issue 23): compare --format xlsx / fc.report.xlsx write Inputs,
-- Results (cost cells as formulas over Inputs), Curves and Provenance through libxlsxwriter. The
-- spec changes inputs inside the file, recalculates with Gnumeric's ssconvert --recalc and
-- compares each changed row with flopcost's own figure for the same inputs (1e-6 relative).
local fc = require "flopcost"

local build = os.getenv("FLOPCOST_BUILD") or "build"
local root = io.popen("pwd"):read("l")
local H = require "spec.helpers"
local q, sh = H.quote, H.sh

-- A check never passes without its tool.
assert(sh("command -v ssconvert") ~= "", "ssconvert (Debian gnumeric) is needed: make deps installs it")

local function tmpdir()
  local d = os.tmpname()
  os.remove(d)
  assert(os.execute("mkdir -p " .. q(d)))
  return d
end

-- CSV rows (fields may be quoted) of one sheet exported by ssconvert -S.
local function csv(path)
  local rows = {}
  for line in io.lines(path) do
    local row, field, quoted, i = {}, "", false, 1
    while i <= #line do
      local ch = line:sub(i, i)
      if ch == '"' then quoted = not quoted
      elseif ch == "," and not quoted then row[#row + 1] = field; field = ""
      else field = field .. ch end
      i = i + 1
    end
    row[#row + 1] = field
    rows[#rows + 1] = row
  end
  return rows
end

-- Recalculates the workbook and returns its sheets as CSV rows: Inputs, Results, Curves, Provenance.
local function recalc(xlsx, dir)
  -- without the sanitizer runtimes `make asan` preloads into lua5.4 (Gnumeric hangs under them),
  -- and never for ever
  local out, status = sh(("cd %s && unset LD_PRELOAD; timeout 300 ssconvert --recalc -S %s %s/sheet.csv")
    :format(q(dir), q(xlsx), q(dir)))
  assert(status == 0, out)
  return csv(dir .. "/sheet.csv.0"), csv(dir .. "/sheet.csv.1"), csv(dir .. "/sheet.csv.2"), csv(dir .. "/sheet.csv.3")
end

-- Sets Inputs cells E<row> to new values inside the .xlsx (a zip of XML): python3's zipfile.
local function set_inputs(xlsx, changes)
  local edits = {}
  for row, v in pairs(changes) do edits[#edits + 1] = ("%d:%.17g"):format(row, v) end
  local py = [[
import sys, zipfile, re, shutil
path = sys.argv[1]
edits = dict((int(a), b) for a, b in (e.split(":") for e in sys.argv[2:]))
zin = zipfile.ZipFile(path)
items = [(i, zin.read(i.filename)) for i in zin.infolist()]
zin.close()
out = zipfile.ZipFile(path + ".new", "w", zipfile.ZIP_DEFLATED)
for info, data in items:
    if info.filename == "xl/worksheets/sheet1.xml":
        text = data.decode()
        for row, v in edits.items():
            text, n = re.subn(r'(<c r="E%d"[^>]*><v>)[^<]*(</v>)' % row, r'\g<1>%s\g<2>' % v, text)
            assert n == 1, row
        data = text.encode()
    out.writestr(info, data)
out.close()
shutil.move(path + ".new", path)
]]
  local f = assert(io.open(xlsx .. ".py", "w"))
  f:write(py)
  f:close()
  local out, status = sh(("python3 %s %s %s"):format(q(xlsx .. ".py"), q(xlsx), table.concat(edits, " ")))
  assert(status == 0, out)
end

describe("the workbook", function()
  local dir = tmpdir()
  local study = fc.compare.load_study()
  study.regions = { "us-va", "cn-guizhou" }
  local grid = fc.compare.run(study, { intervals = false })
  local path = dir .. "/c.xlsx"
  assert(fc.report.xlsx(grid, path))
  local inputs, results, curves, prov = recalc(path, dir)

  -- The Inputs row (1-based sheet row) of result k's field.
  local function input_row(k, field)
    for i, r in ipairs(inputs) do
      if tonumber(r[1]) == k and r[4] == field then return i end
    end
  end
  local usd_col
  for i, h in ipairs(results[1]) do if h == "USD per 1e18 useful FLOP (formula)" then usd_col = i end end

  it("reproduces flopcost's figure in every single-chip row, and says which rows are values", function()
    local formulas = 0
    for k, r in ipairs(grid.results) do
      local row = results[k + 1]
      assert.are.equal(r.mix, row[1])
      if row[usd_col] ~= "" then
        formulas = formulas + 1
        assert.near(r.usd_per_eflop, tonumber(row[usd_col]), 1e-9)
      else
        assert.truthy(row[#row]:match("a mix of %d chips"), row[#row])
      end
    end
    assert.is_true(formulas >= 8)
    -- the measured curves (the H100's has 5 points) are on the Curves sheet, each chip's once
    local h100 = fc.catalog.default():chip("H100-SXM").power_curve
    assert.are.equal(tonumber(curves[2][2]), h100.power_w[1])
    assert.is_true(#curves - 1 >= #h100.power_w)
    local version
    for _, r in ipairs(prov) do if r[1] == "flopcost_version" then version = r[2] end end
    assert.are.equal(fc.version, version)
  end)

  it("follows changed inputs as flopcost computes them (Gnumeric recalculation)", function()
    -- H100 in us-va (its measured power curve, between knots at 0.55) and B200 in cn-guizhou
    local changes, expect = {}, {}
    for k, r in ipairs(grid.results) do
      local new
      if r.mix == "H100-SXM" and r.region == "us-va" then
        new = { utilization = 0.55, pue = 1.35, mfu = 0.42, electricity_usd_per_kwh = 0.1, chip_price_usd = 30000,
          wacc = 0.09, maintenance_fraction = 0.05 }
      elseif r.mix == "B200" and r.region == "cn-guizhou" then
        new = { utilization = 0.9, server_multiple = 1.8, network_fraction = 0.25, tdp_w = 1100, carbon_usd_per_t = 40 }
      end
      if new then
        for f, v in pairs(new) do changes[input_row(k, f)] = v end
        expect[k] = grid.cells[k]:with(new):evaluate().usd_per_eflop
      end
    end
    local n = 0
    for _ in pairs(expect) do n = n + 1 end
    assert.are.equal(2, n)
    set_inputs(path, changes)
    local _, after = recalc(path, dir)
    for k, want in pairs(expect) do
      local got = tonumber(after[k + 1][usd_col])
      assert.near(want, got, 1e-6)
      assert.is_true(math.abs(got - grid.results[k].usd_per_eflop) > 0.01 * want, "the change changed the cost")
    end
  end)

  it("is written by compare --format xlsx, whose provenance names the what-ifs", function()
    local out, status = sh(("FLOPCOST_BUILD=%s %s compare --set region=us-va --no-intervals --format xlsx --out %s")
      :format(q(build:sub(1, 1) == "/" and build or (root .. "/" .. build)), q(root .. "/bin/flopcost"),
        q(dir .. "/cli")))
    assert.are.equal(0, status, out)
    local sub = dir .. "/cli-sheets"
    os.execute("mkdir -p " .. q(sub))
    local _, res, _, pv = recalc(dir .. "/cli.xlsx", sub)
    assert.is_true(#res >= 3)
    local found
    for _, r in ipairs(pv) do if r[1] == "whatifs" then found = r[2] end end
    assert.are.equal("--set region=us-va", found)
    local _, refused = sh(("%s compare --format xlsx --no-intervals"):format(q(root .. "/bin/flopcost")))
    assert.are.equal(2, refused)
  end)
  teardown(function() os.execute("rm -rf " .. q(dir)) end)
end)

-- An inference study's workbook (issue 20: compare --workload inference in every format; it was
-- refused: "--format xlsx writes training studies"): the same chain, tokens in the place of useful
-- FLOP, then $ per million tokens blended, input and output as formulas (fc_inference_costs).
describe("the workbook of an inference study", function()
  local dir = tmpdir()
  local study = dofile("models/scenarios/inference.lua")
  study.regions = { "us-va", "cn-guizhou" }
  local grid = fc.compare.run(study, { intervals = false })
  local path = dir .. "/i.xlsx"
  assert(fc.report.xlsx(grid, path))
  local inputs, results = recalc(path, dir)
  local col = {}
  for i, h in ipairs(results[1]) do col[h] = i end
  local function input_row(k, field)
    for i, r in ipairs(inputs) do if tonumber(r[1]) == k and r[4] == field then return i end end
  end

  it("reproduces flopcost's $/Mtok, blended, input and output, in every single-chip row", function()
    local formulas = 0
    for k, r in ipairs(grid.results) do
      local row = results[k + 1]
      assert.are.equal(r.mix, row[1])
      assert.near(r.usd_per_mtok_blended, tonumber(row[col["flopcost USD per million tokens, blended"]]), 1e-12)
      if row[col["USD per million tokens, blended (formula)"]] ~= "" then
        formulas = formulas + 1
        assert.near(r.usd_per_mtok_blended, tonumber(row[col["USD per million tokens, blended (formula)"]]), 1e-9)
        assert.near(r.usd_per_mtok_input, tonumber(row[col["USD per million input tokens (formula)"]]), 1e-9)
        assert.near(r.usd_per_mtok_output, tonumber(row[col["USD per million output tokens (formula)"]]), 1e-9)
      end
    end
    assert.is_true(formulas >= 6, formulas)
    -- the chain's words are serving's: no "useful FLOP" header
    for h in pairs(col) do assert.is_nil(h:find("FLOP", 1, true), h) end
  end)

  it("follows a changed load and electricity price as flopcost computes them", function()
    local changes, expect = {}, {}
    for k, r in ipairs(grid.results) do
      if r.mix == "H100-SXM" and r.region == "us-va" then
        local new = { utilization = 0.6, electricity_usd_per_kwh = 0.15 }
        for f, v in pairs(new) do changes[input_row(k, f)] = v end
        expect[k] = grid.cells[k]:with(new):evaluate()
      end
    end
    local k, want = next(expect)
    assert.is_table(want)
    set_inputs(path, changes)
    local _, after = recalc(path, dir)
    local got = tonumber(after[k + 1][col["USD per million output tokens (formula)"]])
    assert.near(want.usd_per_mtok_output, got, 1e-6)
    assert.is_true(math.abs(got - grid.results[k].usd_per_mtok_output) > 0.1 * got, "the change changed the cost")
  end)

  it("is written by compare --workload inference --format xlsx", function()
    local out, status = sh(("FLOPCOST_BUILD=%s %s compare --workload inference --no-intervals --format xlsx --out %s")
      :format(q(build:sub(1, 1) == "/" and build or (root .. "/" .. build)), q(root .. "/bin/flopcost"),
        q(dir .. "/cli")))
    assert.are.equal(0, status, out)
    local sub = dir .. "/cli-sheets"
    os.execute("mkdir -p " .. q(sub))
    local _, res = recalc(dir .. "/cli.xlsx", sub)
    assert.are.equal(23, #res) -- a header and the study's 22 cells
  end)
  teardown(function() os.execute("rm -rf " .. q(dir)) end)
end)
