-- The one strict JSON decoder (csrc/core/fc_json.c) behind core.json.decode,
-- fc.json.decode, scenario/study files, states and the catalog loader
-- (issues 11 and 13). Each case failed before: core.json.decode was cJSON's
-- lenient parser ([01, 1.] accepted, duplicate keys took the last value,
-- "us-va\u0000evil" decoded as "us-va", a BOM and invalid UTF-8 passed) and
-- null decoded to a value the encoder refused.
local fc = require "flopcost"
local core = require "flopcost.core"

describe("one strict JSON decoder", function()
  local cases = {
    { "[01, 1.]", "f.json:1:2: malformed JSON (invalid number, leading zero)" },
    { "[1.]", "f.json:1:2: malformed JSON (invalid number, digit expected after '.')" },
    { '{"region": "us-va", "region": "cn-guizhou"}',
      "f.json:1:21: malformed JSON (duplicate key, got 'region')" },
    { '{"a": 1,\n "b": {"a": 2},\n "a": 3}', "f.json:3:2: malformed JSON (duplicate key, got 'a')" },
    { '{"region": "us-va\\u0000evil"}', "f.json:1:18: malformed JSON (invalid \\u escape, \\u0000 is not allowed)" },
    { '\239\187\191{"region": "us-va"}',
      "f.json:1:1: malformed JSON (byte order mark at the start (save as UTF-8 without BOM))" },
    { '{"region": "us-\255va"}', "f.json:1:16: malformed JSON (invalid UTF-8 in string)" },
    { '{"a": 1,}', "f.json:1:9: malformed JSON (trailing comma before '}')" },
  }
  for _, c in ipairs(cases) do
    it("refuses " .. c[1]:gsub("\n", " "), function()
      local v, e = core.json.decode(c[1], "f.json")
      assert.is_nil(v)
      assert.are.equal(c[2], e)
      -- the public door is the same decoder
      local v2, e2 = fc.json.decode(c[1], "f.json")
      assert.is_nil(v2)
      assert.are.equal(c[2], e2)
    end)
  end

  it("accepts the same keys in different objects, and keeps values", function()
    local v = assert(fc.json.decode('{"a": {"b": 1}, "b": {"b": 2.5, "c": [1, -0.5e3]}}'))
    assert.are.equal(1, v.a.b)
    assert.are.equal(2.5, v.b.b)
    assert.are.equal(-500, v.b.c[2])
  end)

  it("keeps null through decode then encode (one null)", function()
    local text = '[1,null,{"x":null}]'
    local v = assert(fc.json.decode(text))
    assert.are.equal(fc.json.null, v[2])
    assert.are.equal(3, #v)
    assert.are.equal(text, fc.json.encode(v))
  end)

  it("is the decoder of the catalog loader: a duplicate key in a catalog file is refused with line and column", function()
    local dir = os.tmpname()
    os.remove(dir)
    assert(os.execute("mkdir -p " .. dir .. " && cp models/*.json " .. dir .. "/"))
    local f = assert(io.open(dir .. "/fx.json"))
    local text = f:read("a")
    f:close()
    -- a second "schema" key at the end of the top-level object
    local bad = text:gsub("}%s*$", ',\n  "schema": "flopcost.fx/1"\n}\n')
    f = assert(io.open(dir .. "/fx.json", "w"))
    f:write(bad)
    f:close()
    local nlines = select(2, bad:gsub("\n", "")) -- the duplicate is on the line before the last "}"
    local ok, e = pcall(fc.catalog.load, dir)
    os.execute("rm -rf " .. dir)
    assert.is_false(ok)
    assert.truthy(tostring(e):find(("fx.json:%d:3: malformed JSON (duplicate key, got 'schema')"):format(nlines - 1),
      1, true), tostring(e))
  end)
end)
