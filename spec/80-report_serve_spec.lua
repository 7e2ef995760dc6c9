-- fc.report.serve_csv / serve_json: raw fc.inference.serve results exported
-- through the report layer, with report.csv's provenance columns, the
-- result's own field names, read back by pandas without cleanup.
local fc = require "flopcost"
local H = require "spec.helpers"
-- Debian's python3 (python3-pandas, tools/packages.txt); a python3 earlier on PATH may lack it
local PY = "/usr/bin/python3"

local function run(cmd)
  local p = assert(io.popen(cmd))
  local out = p:read("a")
  return out, p:close()
end

local function newest_as_of()
  local as_of = ""
  for _, f in ipairs(fc.catalog.default():files()) do if f.as_of > as_of then as_of = f.as_of end end
  return as_of
end

describe("fc.report.serve_csv and serve_json", function()
  local va = fc.inference.serve { model = "Llama-3.1-70B", chip = "H100-SXM", region = "us-va", input_tokens = 2000,
    output_tokens = 500 }
  local h20 = fc.inference.serve { model = "Llama-3.1-70B", chip = "H20", input_tokens = 2000, output_tokens = 500 }
  local csv = fc.report.serve_csv { va, h20 }
  local header = csv:match("^([^\r\n]+)")
  local cols = {}
  for c in header:gmatch("[^,]+") do cols[#cols + 1] = c end

  it("names each column by the result's field (layout_<phase>_<field>), then report.csv's provenance", function()
    local prov = {}
    for i = #cols - #fc.report.PROVENANCE + 1, #cols do prov[#prov + 1] = cols[i] end
    assert.are.same(fc.report.PROVENANCE, prov)
    for i = 1, #cols - #fc.report.PROVENANCE do
      local c = cols[i]
      local phase, k = c:match("^layout_(%a+)_(.+)$")
      if phase then
        assert.is_number(va.layout[phase][k], c)
      else
        assert.is_true(va[c] ~= nil or h20[c] ~= nil, c)
      end
    end
    -- the training export's water and energy names
    for _, c in ipairs { "water_l_per_mtok", "water_onsite_l_per_mtok", "water_offsite_l_per_mtok", "j_per_token" } do
      assert.truthy(header:find("," .. c .. ",", 1, true), c)
    end
  end)

  it("loads in pandas: numbers as numbers, water where a region gave it, provenance in every row", function()
    local path = os.tmpname()
    assert(fc.report.write(path, csv))
    local py = [[
import sys, pandas as pd
d = pd.read_csv(sys.argv[1])
assert d.shape[0] == 2, d.shape
for c in ["water_l_per_mtok", "ttft_s", "tokens_per_s_per_chip", "layout_decode_tp", "j_per_token"]:
    assert pd.api.types.is_numeric_dtype(d[c]), (c, d[c].dtype)
for c in ["model", "chip", "stack_software", "flopcost_version", "catalog_as_of", "catalog"]:
    assert d[c].notna().all(), c
print(repr(float(d["water_l_per_mtok"].iloc[0])), bool(d["water_l_per_mtok"].isna().iloc[1]),
      d["chip"].iloc[1], d["flopcost_version"].iloc[0], d["catalog_as_of"].iloc[1], int(d["layout_decode_tp"].iloc[0]))
]]
    local out, ok = run(("%s -c '%s' %s 2>&1"):format(PY, py, path))
    os.remove(path)
    assert.is_true(ok, out)
    -- the water figure reads back to the same double; H20 without a region has none
    assert.are.equal(("%s True H20 %s %s %d\n"):format(fc.json.number_string(va.water_l_per_mtok), fc.version,
      newest_as_of(), va.layout.decode.tp), out)
  end)

  it("JSON: the same fields, the layout nested, a provenance object, flattened by pandas", function()
    local path = os.tmpname()
    assert(fc.report.write(path, fc.report.serve_json({ va, h20 }, { provenance = { seed = 7, study = "s" } })))
    local py = [[
import sys, json, pandas as pd
n = pd.json_normalize(json.load(open(sys.argv[1])))
for c in ["provenance.seed", "provenance.study", "layout.decode.tp", "water_l_per_mtok", "ttft_s", "model"]:
    assert c in n.columns, c
print(int(n["provenance.seed"].iloc[1]), repr(float(n["ttft_s"].iloc[0])), n["model"].iloc[0])
]]
    local out, ok = run(("%s -c '%s' %s 2>&1"):format(PY, py, path))
    os.remove(path)
    assert.is_true(ok, out)
    assert.are.equal(("7 %s Llama-3.1-70B\n"):format(fc.json.number_string(va.ttft_s)), out)
  end)

  it("records the serving region: r.region (the catalog's name) and a region column, empty without one", function()
    assert.are.equal("us-va", va.region)
    assert.is_nil(h20.region)
    assert.are.equal("region", cols[3]) -- after model and chip, the text fields' order
    local path = os.tmpname()
    assert(fc.report.write(path, csv))
    local py = [[
import sys, pandas as pd
d = pd.read_csv(sys.argv[1])
print(d["region"].iloc[0], bool(d["region"].isna().iloc[1]))
]]
    local out, ok = run(("%s -c '%s' %s 2>&1"):format(PY, py, path))
    os.remove(path)
    assert.is_true(ok, out)
    assert.are.equal("us-va True\n", out)
    local json = fc.json.decode(fc.report.serve_json { va })
    assert.are.equal("us-va", json[1].region)
  end)

  it("takes one result alone and opts.provenance as report.csv does", function()
    local one = fc.report.serve_csv(va, { eol = "\n", provenance = { seed = 9, generator = "taus2" } })
    local lines = {}
    for l in one:gmatch("[^\n]+") do lines[#lines + 1] = l end
    assert.equal(2, #lines)
    assert.matches(",9,,taus2$", lines[2])
  end)

  H.error_rows(it, {
    { "a number as a result", function() fc.report.serve_csv { 1 } end,
      "flopcost.report.serve_csv: argument 'results': field '[1]': serving result (fc.inference.serve) expected, "
        .. "got 1" },
    { "a training result", function()
      fc.report.serve_json { fc.scenario { chip = "H100-SXM", region = "us-va" }:evaluate() }
    end, "flopcost.report.serve_json: argument 'results': field '[1]': serving result (fc.inference.serve) expected, "
      .. "got flopcost.Result" },
    { "an empty list", function() fc.report.serve_csv {} end,
      "flopcost.report.serve_csv: argument 'results': non-empty list of serving results (fc.inference.serve) "
        .. "expected, got table" },
    { "a bad line end", function() fc.report.serve_csv(va, { eol = ";" }) end,
      "flopcost.report.serve_csv: field 'eol': '\\r\\n' or '\\n' expected, got ';'" },
  })
end)
