-- flopcost.catalog: the malformed/invalid corpus and every error path, with
-- exact messages.  Each file of spec/fixtures/catalog/bad/ must raise exactly
-- the message of its row (and never crash); a file without a row fails the
-- completeness check at the end.
local fc = require "flopcost"
local H = require "spec.helpers"

local BAD = "spec/fixtures/catalog/bad/"
local GOOD = "spec/fixtures/catalog/good/"
local XREF = "spec/fixtures/catalog/xref/"

-- Like H.error_of, but strips only a Lua chunk position ("x.lua:12: "):
-- the loader's own messages start with "file.json:3:5: ", which H.error_of
-- would take for a position when the call is a tail call.
local function error_of(fn)
  local ok, err = pcall(fn)
  if ok then return nil end
  return (err:gsub("^[^\n]-%.lua:%d+: ", "", 1))
end

-- file (without .json) -> message after "flopcost.catalog.load: <file>.json".
-- Malformed JSON gives :line:col (1-based, columns in characters); invalid
-- values give the JSON path (0-based indices, as jq).
local ROWS = {
  -- the rules of the deleted tools/check_regions.py and tools/check_models.lua
  { "source-blank", ": chips[0].source: non-empty string expected, got '   '" },
  { "curve-above-tdp", ": chips[0].power_curve.power_w: 316 W at the curve's last point is more than 5% above tdp_w"
    .. " (300 W)" },
  -- the bundled runs.json with one figure doubled
  { "run-6nd-off", ": runs[1].flops_reported: 6 N D / flops_reported = 0.499, outside [0.9, 1.1]" },
  { "run-days-off", ": runs[0].wall_clock_days: gpu_hours / chips / 24 = 56.7 days, reported 113.4" },
  { "alias-empty-string", ": chips[0].aliases[1]: non-empty string expected, got ''" },
  { "alias-repeats-name", ": chips[0].aliases: 'h20' repeats the entry's name" },
  { "aliases-not-array", ": chips[0].aliases: array of strings expected, got 'H100'" },
  { "bad-as-of", ": as_of: date YYYY, YYYY-MM or YYYY-MM-DD expected, got '2025-13'" },
  { "bad-date", ": chips[0].as_of: date YYYY, YYYY-MM or YYYY-MM-DD expected, got '2024-02-30'" },
  { "bad-escape", ":1:42: malformed JSON (invalid escape in string)" },
  { "bad-literal", ":11:16: malformed JSON (invalid literal, true, false or null expected)" },
  { "binary-garbage", ":1:1: malformed JSON (value expected, got byte 0x89)" },
  { "bool-as-number", ": chips[0].memory_gb: positive number or figure object expected, got true" },
  { "chips-not-array", ": chips: array expected, got object" },
  { "close-mismatch", ":1:12: malformed JSON (value expected, got '}')" },
  { "comment", ":1:1: malformed JSON (value expected, got '/')" },
  { "control-char-in-string", ":1:44: malformed JSON (control character in string, write it as an escape)" },
  { "deep-nesting", ":1:100: malformed JSON (nesting deeper than 64 levels)" },
  { "dies-fractional", ": chips[0].dies: positive integer expected, got 1.5" },
  { "duplicate-alias", ": chips[1].aliases[1]: 'h100' is already a name or alias of chips[0]" },
  { "duplicate-key", ":11:21: malformed JSON (duplicate key, got 'tdp_w')" },
  { "duplicate-name", ": chips[2].name: duplicate name 'h100-sxm' (also chips[0])" },
  { "empty", ":1:1: malformed JSON (empty file)" },
  { "entry-not-object", ": chips[0]: object expected, got 'H100'" },
  { "figure-bad-as-of", ": chips[0].price_usd.as_of: date YYYY, YYYY-MM or YYYY-MM-DD expected, got 'May 2023'" },
  { "figure-missing-value", ": chips[0].price_usd: missing required field 'value'" },
  { "figure-unknown-key", ": chips[0].price_usd.valeu: unknown field (did you mean 'value'?)" },
  { "fx-base-eur", ": base: 'USD' (the only base supported) expected, got 'EUR'" },
  { "fx-duplicate-rate", ": rates[1]: duplicate rate for CNY on 2025-06-30 (also rates[0])" },
  { "fx-zero-rate", ": rates[0].per_usd: positive number expected, got 0" },
  { "hex-number", ":11:17: malformed JSON (',' or '}' expected, got 'x')" },
  { "huge-number", ":11:16: malformed JSON (number out of range, overflows a double)" },
  { "idle-above-tdp", ": chips[0].idle_w: 400 W is above tdp_w (300 W)" },
  { "infinity-literal", ":11:16: malformed JSON (value expected, got 'I')" },
  { "invalid-utf8", ":1:46: malformed JSON (invalid UTF-8 in string)" },
  { "leading-zero", ":11:16: malformed JSON (invalid number, leading zero)" },
  { "lone-surrogate", ":1:42: malformed JSON (invalid \\u escape, high surrogate without a low surrogate)" },
  { "missing-as-of", ": missing required field 'as_of'" },
  { "missing-chips-array", ": missing required field 'chips'" },
  { "missing-colon", ":1:11: malformed JSON (':' expected after object key, got '\"')" },
  { "missing-comma", ":2:2: malformed JSON (',' or '}' expected, got '\"')" },
  { "missing-name", ": chips[0]: missing required field 'name'" },
  { "missing-tdp", ": chips[3]: missing required field 'tdp_w'" },
  { "name-empty", ": chips[0].name: name (ASCII, no spaces, 1-64 characters) expected, got ''" },
  { "name-with-space", ": chips[0].name: name (ASCII, no spaces) expected, got 'H100 SXM'" },
  { "nan-literal", ":11:16: malformed JSON (value expected, got 'N')" },
  { "nan-string", ": chips[0].tdp_w: positive number or figure object expected, got 'NaN'" },
  { "negative-tdp", ": chips[3].tdp_w: positive number expected, got -700" },
  { "no-schema", ": missing required field 'schema'" },
  { "not-leap-year", ": chips[0].released: date YYYY, YYYY-MM or YYYY-MM-DD expected, got '2023-02-29'" },
  { "nul-byte", ":1:31: malformed JSON (object key expected (a string in double quotes), got byte 0x00)" },
  { "null-value", ": chips[0].tdp_w: positive number or figure object expected, got null" },
  { "overlong-utf8", ":1:42: malformed JSON (invalid UTF-8 in string)" },
  { "peak-empty", ": chips[0].peak_tflops: at least one precision expected" },
  { "peak-negative", ": chips[0].peak_tflops.fp8: positive number expected, got -1" },
  { "peak-not-object", ": chips[0].peak_tflops: object of precision -> TFLOP/s expected, got 989.5" },
  { "peak-unknown-precision", ": chips[0].peak_tflops.bf61: unknown field (did you mean 'bf16'?)" },
  { "plus-number", ":11:16: malformed JSON (value expected, got '+')" },
  { "power-curve-length-mismatch", ": chips[0].power_curve: utilization and power_w differ in length (3 and 2)" },
  { "power-curve-not-increasing", ": chips[0].power_curve.utilization[2]: values must increase strictly, got 0.5 after 0.5" },
  { "power-curve-utilization-above-1", ": chips[0].power_curve.utilization[1]: number in [0, 1] expected, got 1.5" },
  { "range-inverted", ": chips[0].die_area_mm2.range: low (376) above high (220)" },
  { "range-one-element", ": chips[0].die_area_mm2.range: [low, high] expected, got array" },
  { "region-country-lowercase", ": regions[0].country: ISO 3166 alpha-2 country code expected, got 'us'" },
  { "region-currency-bad", ": regions[0].currency: ISO 4217 currency code expected, got 'US$'" },
  { "region-destination-unknown", ": regions[0].destination: one of 'us', 'china', 'allied', 'other' expected, got 'chna' (did you mean 'china'?)" },
  { "region-green-share-above-1", ": regions[0].green_share: number in [0, 1] expected, got 1.2" },
  { "region-missing-electricity", ": regions[0]: missing required field 'electricity_price_per_kwh'" },
  { "region-premium-below-minus-1", ": regions[0].chip_price_premium.default: number greater than -1 expected, got -1.5" },
  { "region-premium-not-object", ": regions[0].chip_price_premium: object of chip name -> fraction expected, got 0.3" },
  { "region-pue-below-1", ": regions[0].pue: number >= 1 expected, got 0.9" },
  { "rule-duplicate-class", ": rules[0].classes[1].class: duplicate class 'A'" },
  { "rule-empty-condition", ": rules[0].classes[0].any[0]: at least one bound expected" },
  { "rule-licence-unknown-class", ": rules[0].licence.china.B: not a class of this rule" },
  { "rule-licence-unknown-destination", ": rules[0].licence.chinaa: unknown field (did you mean 'china'?)" },
  { "rule-licence-unknown-policy", ": rules[0].licence.china.A: one of 'presumption of denial', 'case-by-case', 'no licence required', 'notified advanced computing (NAC)', 'presumption of approval', 'denied' expected, got 'presumption of denail' (did you mean 'presumption of denial'?)" },
  { "rule-license-spelling", ": rules[0].license: unknown field (did you mean 'licence'?)" },
  { "rule-min-above-max", ": rules[0].classes[0].any[0]: tpp_max (2400) must be greater than tpp_min (4800)" },
  { "rule-no-classes", ": rules[0].classes: at least one class expected" },
  -- a price says what it includes (csrc/core/fc_price.h): the loader rejects one without a basis
  { "price-without-basis", ": chips[0].price_usd: a price needs its basis: add price_basis (one of 'chip', 'board', 'server_per_accelerator', 'system_per_accelerator')" },
  { "price-basis-unknown", ": chips[0].price_basis: one of 'chip', 'board', 'server_per_accelerator', 'system_per_accelerator' expected, got 'dgx'" },
  { "prices-without-basis", ": chips[0].prices[0]: missing required field 'basis'" },
  { "prices-bad-date", ": chips[0].prices[0].date: date YYYY, YYYY-MM or YYYY-MM-DD expected, got 'March 2024'" },
  { "rentals-bad-market", ": chips[0].rentals[0].market: one of 'us', 'china', 'allied', 'other' expected, got 'cn'" },
  { "rule-not-controlled-class", ": rules[0].classes[0].class: 'not controlled' is the result when no class matches; it cannot be a class" },
  { "rule-unknown-bound", ": rules[0].classes[0].any[0].tpp_minimum: unknown field (did you mean 'tpp_min'?)" },
  { "run-active-above-params", ": runs[0].active_params: 37000000000 is above params (7000000000)" },
  { "run-year-out-of-range", ": runs[0].year: year (integer 1940-2100) expected, got 1800" },
  { "schema-not-flopcost", ": schema: 'flopcost.<kind>/1' expected, got 'chips'" },
  { "schema-number", ": schema: 'flopcost.<kind>/1' expected, got 1" },
  { "schema-version-2", ": schema: version 1 expected, got 'flopcost.chips/2' (this loader reads version 1)" },
  { "server-multiple-below-1", ": chips[0].server_multiple: number >= 1 expected, got 0.9" },
  { "single-quotes", ":1:2: malformed JSON (object key expected (a string in double quotes), got ''')" },
  { "tdp-as-string", ": chips[0].tdp_w: positive number or figure object expected, got '700'" },
  { "top-level-array", ": object at the top level expected, got array" },
  { "top-level-string", ": object at the top level expected, got 'chips'" },
  { "trailing-comma-array", ":1:64: malformed JSON (trailing comma before ']')" },
  { "trailing-comma-object", ":1:48: malformed JSON (trailing comma before '}')" },
  { "trailing-dot", ":11:16: malformed JSON (invalid number, digit expected after '.')" },
  { "truncated", ":4:3: malformed JSON (unterminated string)" },
  { "two-values", ":2:1: malformed JSON (text after the end of the JSON value, got '{')" },
  { "uncertain-not-bool", ": chips[0].price_usd.uncertain: true or false expected, got 'yes'" },
  { "uncertain-without-range", ": chips[0].price_usd: an uncertain figure needs a range [low, high]" },
  { "unclosed-array", ":1:12: malformed JSON (unexpected end of input)" },
  { "unknown-field", ": chips[0].tdp: unknown field (did you mean 'tdp_w'?)" },
  { "unknown-schema-kind", ": schema: unknown kind 'chip' (did you mean 'chips'?)" },
  { "unknown-top-field", ": chip: unknown field (did you mean 'chips'?)" },
  { "unquoted-key", ":1:2: malformed JSON (object key expected (a string in double quotes), got 's')" },
  { "unterminated-string", ":1:46: malformed JSON (control character in string, write it as an escape)" },
  { "utf8-bom", ":1:1: malformed JSON (byte order mark at the start (save as UTF-8 without BOM))" },
  { "value-outside-range", ": chips[0].die_area_mm2.range: value 400 outside [220, 376]" },
  { "vendor-empty", ": chips[0].vendor: non-empty string expected, got ''" },
  { "whitespace-only", ":3:3: malformed JSON (empty file)" },
  { "zero-tdp", ": chips[0].tdp_w: positive number expected, got 0" },
}

describe("flopcost.catalog errors", function()
  describe("the malformed and invalid corpus", function()
    it("has at least 50 files", function()
      assert.is_true(#ROWS >= 50)
    end)
    for _, row in ipairs(ROWS) do
      local name, rest = row[1], row[2]
      it("rejects " .. name, function()
        local msg = error_of(function() return fc.catalog.load(BAD .. name .. ".json") end)
        assert.are.equal("flopcost.catalog.load: " .. name .. ".json" .. rest, msg)
      end)
    end
    it("has a row for every file in " .. BAD, function()
      local known = {}
      for _, row in ipairs(ROWS) do known[row[1] .. ".json"] = true end
      local p = io.popen("ls " .. BAD)
      for f in p:lines() do assert.is_true(known[f] == true, "no row for " .. f) end
      p:close()
    end)
  end)

  describe("references between files", function()
    H.error_rows(it, {
      { "a chip whose process is not in processes.json",
        function() return fc.catalog.load { GOOD .. "processes.json", XREF .. "chips-bad-process.json" } end,
        "flopcost.catalog.load: chips-bad-process.json: chips[0].process: unknown process 'TSMC-4' (did you mean 'TSMC-4N'?)" },
      { "a run whose chip is not in chips.json",
        function() return fc.catalog.load { GOOD .. "chips.json", XREF .. "runs-bad-chip.json" } end,
        "flopcost.catalog.load: runs-bad-chip.json: runs[0].chip: unknown chip 'H80' (did you mean 'H20', 'H800-SXM'?)" },
      { "a region whose currency has no fx rate",
        function() return fc.catalog.load { GOOD .. "fx.json", XREF .. "regions-no-fx.json" } end,
        "flopcost.catalog.load: regions-no-fx.json: regions[0].currency: no fx rate for 'EUR' (add it to fx.json)" },
      { "a price premium for an unknown chip",
        function() return fc.catalog.load { GOOD .. "chips.json", XREF .. "regions-bad-premium.json" } end,
        "flopcost.catalog.load: regions-bad-premium.json: regions[0].chip_price_premium.H100-SMX: unknown chip 'H100-SMX' (did you mean 'H100-SXM'?)" },
      { "an alias that is another file's chip alias",
        function() return fc.catalog.load { GOOD .. "chips.json", XREF .. "chips-alias-clash.json" } end,
        "flopcost.catalog.load: chips-alias-clash.json: chips[0].aliases[0]: 'H100' is already a name or alias of chip 'H100-SXM' (chips.json chips[0])" },
    })
  end)

  describe("load misuse and unreadable paths", function()
    H.error_rows(it, {
      { "a number as path", function() return fc.catalog.load(42) end,
        "flopcost.catalog.load: argument 'path': path (string or list of strings) expected, got 42" },
      { "an empty list", function() return fc.catalog.load {} end,
        "flopcost.catalog.load: argument 'path': path (string or list of strings) expected, got table" },
      { "a list with a non-string", function() return fc.catalog.load { GOOD, true } end,
        "flopcost.catalog.load: argument 'path': [2]: string expected, got true" },
    })
    it("returns nil, message for a missing file", function()
      local cat, err = fc.catalog.load(BAD .. "no-such-file.json")
      assert.is_nil(cat)
      assert.are.equal("flopcost.catalog.load: cannot read '" .. BAD .. "no-such-file.json': No such file or directory", err)
    end)
    it("returns nil, message for a directory without catalog files", function()
      local cat, err = fc.catalog.load("spec/fixtures")
      assert.is_nil(cat)
      assert.are.equal("flopcost.catalog.load: no catalog files (processes.json, packaging.json, fx.json, "
        .. "chips.json, regions.json, export_rules.json, runs.json, llms.json) in 'spec/fixtures'", err)
    end)
  end)

  describe("lookups", function()
    local cat = assert(fc.catalog.load(GOOD))
    H.error_rows(it, {
      { "an unknown chip, with suggestions", function() return cat:chip("H10") end,
        "flopcost.catalog: unknown chip 'H10' (did you mean 'H100-SXM', 'H20'?)" },
      { "an unknown chip far from every name", function() return cat:chip("Gaudi3") end,
        "flopcost.catalog: unknown chip 'Gaudi3'" },
      { "an unknown region", function() return cat:region("cn-guizou") end,
        "flopcost.catalog: unknown region 'cn-guizou' (did you mean 'cn-guizhou'?)" },
      { "an unknown rule", function() return cat:rule("3A090-2024") end,
        "flopcost.catalog: unknown rule '3A090-2024' (did you mean '3A090-2022', '3A090-2023'?)" },
      { "a non-string name", function() return cat:chip(1) end,
        "flopcost.catalog.chip: argument 'name': string expected, got 1" },
      { "a call with '.' instead of ':'", function() return cat.chip("H100") end,
        "flopcost.catalog.chip: argument 'self': catalog (call it as cat:chip(...)) expected, got 'H100'" },
      { "an unknown kind", function() return cat:list("chipz") end,
        "flopcost.catalog.list: unknown kind 'chipz' (did you mean 'chips'?)" },
      { "an unknown currency", function() return cat:fx("CNX") end,
        "flopcost.catalog.fx: unknown currency 'CNX' (did you mean 'CNY'?)" },
      { "a bad fx date", function() return cat:fx("CNY", "30/06/2025") end,
        "flopcost.catalog.fx: argument 'date': date YYYY, YYYY-MM or YYYY-MM-DD expected, got '30/06/2025'" },
      { "a non-number amount", function() return cat:convert("1", "USD", "CNY") end,
        "flopcost.catalog.convert: argument 'amount': finite number expected, got '1'" },
      { "a NaN amount", function() return cat:convert(0 / 0, "USD", "CNY") end,
        "flopcost.catalog.convert: argument 'amount': finite number expected, got nan" }, -- "nan" on every platform
      { "classify with an unknown chip", function() return cat:classify("H2O", "3A090-2023") end,
        "flopcost.catalog: unknown chip 'H2O' (did you mean 'H20'?)" },
      { "classify with an unknown rule", function() return cat:classify("H20", "3A090") end,
        "flopcost.catalog: unknown rule '3A090' (did you mean '3A090-2022', '3A090-2023'?)" },
      -- the one rule (csrc/core/fc_text.h) counts a prefix only from 3 characters: "cn" is no misspelling
      { "availability with an unknown region", function() return cat:availability("H20", "cn") end,
        "flopcost.catalog: unknown region 'cn'" },
      { "availability with a region's first letters", function() return cat:availability("H20", "cn-gui") end,
        "flopcost.catalog: unknown region 'cn-gui' (did you mean 'cn-guizhou'?)" },
    })
    it("returns nil, message when no rate is that old", function()
      local r, err = cat:fx("CNY", "2022-12")
      assert.is_nil(r)
      assert.are.equal("flopcost.catalog.fx: no CNY rate on or before 2022-12 (earliest 2023)", err)
    end)
  end)

  describe("override and add", function()
    local function fresh() return assert(fc.catalog.load(GOOD)) end
    H.error_rows(it, {
      { "a negative TDP", function() return fresh():override("chip", "H100", { tdp_w = -1 }) end,
        "flopcost.catalog.override: chips 'H100-SXM': tdp_w: positive number expected, got -1" },
      { "a misspelt field", function() return fresh():override("chip", "H100", { tdp = 650 }) end,
        "flopcost.catalog.override: chips 'H100-SXM': tdp: unknown field (did you mean 'tdp_w'?)" },
      { "a figure with an inverted range",
        function() return fresh():override("chip", "H20", { price_usd = { value = 12000, range = { 15000, 10000 } } }) end,
        "flopcost.catalog.override: chips 'H20': price_usd.range: low (15000) above high (10000)" },
      { "a new name", function() return fresh():override("chip", "H20", { name = "H25" }) end,
        "flopcost.catalog.override: field 'name' cannot be changed (use cat:add for a new entry)" },
      { "an unknown entry", function() return fresh():override("region", "us-vaa", { pue = 1.2 }) end,
        "flopcost.catalog.override: unknown region 'us-vaa' (did you mean 'us-va'?)" },
      { "a function as value", function() return fresh():override("chip", "H20", { tdp_w = print }) end,
        "flopcost.catalog.override: a function cannot be stored in a catalog (field 'tdp_w')" },
      { "a missing required field on add",
        function() return fresh():add("chip", { name = "X1", vendor = "V", peak_tflops = { bf16 = 1 }, source = "s", as_of = "2025" }) end,
        "flopcost.catalog.add: chips 'X1': missing required field 'tdp_w'" },
      { "an existing name on add",
        function() return fresh():add("chip", { name = "h20", vendor = "V", peak_tflops = { bf16 = 1 }, tdp_w = 1, source = "s", as_of = "2025" }) end,
        "flopcost.catalog.add: chips 'h20' already exists (use cat:override)" },
      { "an alias taken by another chip on add",
        function() return fresh():add("chip", { name = "X1", aliases = { "a100" }, vendor = "V", peak_tflops = { bf16 = 1 }, tdp_w = 1, source = "s", as_of = "2025" }) end,
        "flopcost.catalog.add: chips 'X1': aliases[0]: 'a100' is already a name or alias of chip 'A100-SXM-80GB' (chips.json chips[4])" },
      { "an unknown process on add",
        function() return fresh():add("chip", { name = "X1", vendor = "V", peak_tflops = { bf16 = 1 }, tdp_w = 1, process = "SMIC-N2", source = "s", as_of = "2025" }) end,
        "flopcost.catalog.add: chips 'X1': process: unknown process 'SMIC-N2' (did you mean 'SMIC-N+2'?)" },
      { "a duplicate fx rate",
        function() return fresh():add("fx", { currency = "CNY", per_usd = 7, date = "2025-06-30", source = "s" }) end,
        "flopcost.catalog.add: fx rate CNY@2025-06-30 already exists" },
      { "a list instead of an entry", function() return fresh():add("chip", { 1, 2 }) end,
        "flopcost.catalog.add: chips '?': object expected, got array" },
      { "a cycle", function()
          local t = {} t.self = t
          return fresh():override("chip", "H20", { power_curve = t })
        end,
        "flopcost.catalog.override: tables nested deeper than 64 levels (a cycle?)" },
      { "a bad kind", function() return fresh():add("gpu", {}) end,
        "flopcost.catalog.add: unknown kind 'gpu'" },
    })
    it("leaves the catalog unchanged after a failed override", function()
      local cat = fresh()
      pcall(cat.override, cat, "chip", "H100", { tdp_w = -1 })
      assert.are.equal(700, cat:chip("H100").tdp_w)
    end)
  end)
end)

-- The one catalog validator (issue 24): `flopcost catalog --check` runs the loader
-- over a directory; CI runs it over models/ (.ci/run).
describe("flopcost catalog --check", function()
  local build = os.getenv("BUILD") or "build"
  local function cli(args)
    local p = assert(io.popen(("LUA_PATH='./lua/?.lua;./lua/?/init.lua;;' LUA_CPATH='./%s/?.so;;' lua5.4 bin/flopcost"
      .. " catalog --check %s 2>&1; echo \"rc=$?\""):format(build, args)))
    local out = p:read("a")
    p:close()
    return out:gsub("rc=(%d+)\n$", ""), tonumber(out:match("rc=(%d+)\n$"))
  end

  it("passes the bundled catalog and says what it read", function()
    local out, rc = cli("")
    assert.are.equal(0, rc, out)
    local chips = #fc.catalog.default():chips()
    assert.truthy(out:find("^catalog OK: .-models: %d+ files; " .. chips .. " chips, "), out)
  end)

  it("fails with the loader's message on a bad file", function()
    local dir = os.tmpname()
    os.remove(dir)
    assert(os.execute(("mkdir -p %s && cp models/*.json %s/ && cp %scurve-above-tdp.json %s/chips.json"):format(
      dir, dir, BAD, dir)))
    local out, rc = cli("--models " .. dir)
    os.execute("rm -rf " .. dir)
    assert.are.equal(1, rc, out)
    assert.truthy(out:find("chips.json: chips[0].power_curve.power_w: 316 W at the curve's last point is more than 5% above",
      1, true), out)
  end)
end)
