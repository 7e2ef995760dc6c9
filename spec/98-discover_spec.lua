-- Discoverability (issue 23): what README and --help point to exists and works; REPL
-- completion lists every public name; catalog listings give sources in full.
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

describe("names README uses", function()
  it("fc.scenariofile is the scenario file module (README: fc.scenariofile.load(path))", function()
    assert.are.equal(require("flopcost.scenariofile"), fc.scenariofile)
    local r, _, token = fc.scenariofile.load("/nonexistent/flopcost-scenario.json")
    assert.is_nil(r)
    assert.are.equal("io_error", token)
  end)
end)

describe("REPL completion after fc.", function()
  it("lists every public module, loaded or not yet", function()
    -- a fresh fc table: nothing loaded lazily yet (package.loaded is shared by the specs)
    package.loaded["flopcost"] = nil
    local fresh = require "flopcost"
    local complete = require("flopcost.cli.repl").completer({ fc = fresh })
    local got = {}
    for _, name in ipairs(complete("fc.")) do got[name] = true end
    for _, name in ipairs { "catalog", "dist", "montecarlo", "plot", "report", "solve", "compare",
      "scenario", "scenariofile", "finance", "yield", "inference", "sensitivity" } do
      assert.is_true(got["fc." .. name], "fc." .. name .. " missing from the completion list")
    end
    for _, name in ipairs(fresh._modules) do assert.is_true(got["fc." .. name], name) end
    assert.are.same({ "fc.compare" }, complete("fc.comp"))
    package.loaded["flopcost"] = fc
  end)
end)

describe("flopcost catalog", function()
  it("lists the models `flopcost serve --help` points to, and shows one", function()
    local help = cli("serve --help")
    local cmd = help:match("'flopcost (catalog [%w]+)'")
    assert.truthy(cmd, help)
    local out, status = cli(cmd)
    assert.are.equal(0, status, out)
    local names = {}
    for l in out:gmatch("[^\n]+") do names[#names + 1] = l end
    assert.are.same(fc.catalog.default():list("models"), names)
    local one, s1 = cli("catalog models Llama-3.1-70B")
    assert.are.equal(0, s1, one)
    assert.truthy(one:match("layers%s+80"), one)
  end)

  it("prints every source in full, wrapped to 100 columns", function()
    local out, status = cli("catalog chips H100-SXM")
    assert.are.equal(0, status, out)
    for line in out:gmatch("[^\n]+") do
      assert.is_true(utf8.len(line) <= 100, line)
      assert.falsy(line:match("%.%.%.$"), "cut: " .. line)
    end
    local flat = out:gsub("%s+", " ")
    local chip = fc.catalog.default():chip("H100-SXM")
    local n = 0
    for field, m in pairs(chip.meta) do
      if m.source and type(chip[field]) ~= "table" then
        n = n + 1
        assert.truthy(flat:find(m.source:gsub("%s+", " "), 1, true), field .. ": " .. m.source)
      end
    end
    assert.is_true(n >= 3)
  end)
end)
