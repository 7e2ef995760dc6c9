-- The README's Lua tour, executed: every ```lua block between "A tour of the
-- Lua API" and "Scenario and study files" is cut into statements the way the
-- REPL reads them (a line, or lines until the statement is complete), and
-- each runs in one shared environment. A statement whose comment gives a
-- value (`--> 0.2505`) must produce it, to the digits the README prints.
local repl = require "flopcost.cli.repl"

local function readme_blocks()
  local f = assert(io.open("README.md"))
  local text = f:read("a")
  f:close()
  local a = text:find("## A tour of the Lua API", 1, true)
  local b = text:find("## Scenario and study files", 1, true)
  local part = text:sub(a, b)
  local blocks = {}
  for body in part:gmatch("```lua\n(.-)```") do blocks[#blocks + 1] = body end
  return blocks
end

-- Statements of a block: lines joined until they compile (continuation lines).
local function statements(block, env)
  local out, buf, first = {}, nil, nil
  local n = 0
  for line in block:gmatch("([^\n]*)\n") do
    n = n + 1
    if buf then buf = buf .. "\n" .. line else buf, first = line, n end
    if buf:match("^%s*$") or buf:match("^%s*%-%-[^\n]*$") then
      buf = nil
    else
      local fn, err = repl.compile(buf, env)
      if fn or err ~= "incomplete" then
        out[#out + 1] = { code = buf, line = first, fn = fn, err = err }
        buf = nil
      end
    end
  end
  assert(buf == nil, "README tour: an incomplete statement at the end of a block: " .. tostring(buf))
  return out
end

-- "--> 0.2505" after a statement: the expected number and its tolerance (half a unit
-- of the last printed digit, relative to the value).
local function expected_number(code)
  local s = code:match("%-%->%s*([%d.eE+-]+)%s*[^,%d]*$") or code:match("%-%->%s*([%d.eE+-]+)%s*%(")
  local x = s and tonumber(s)
  if not x then return nil end
  local mant = s:match("^[%d.]+") or s
  local decimals = #(mant:match("%.(%d+)") or "")
  local exp = tonumber(s:match("[eE]([+-]?%d+)$") or "0")
  return x, 0.5 * 10 ^ (exp - decimals)
end

describe("the README's Lua tour", function()
  local env = setmetatable({}, { __index = _G })
  env.fc = require "flopcost"
  for bi, block in ipairs(readme_blocks()) do
    for _, st in ipairs(statements(block, env)) do
      local label = ("block %d line %d: %s"):format(bi, st.line, st.code:gsub("\n.*", " ..."))
      it("runs " .. label, function()
        assert(st.fn, label .. ": " .. tostring(st.err))
        local res = table.pack(pcall(st.fn))
        assert(res[1], label .. ": " .. tostring(res[2]))
        -- a statement that gives back `nil, message` must say so (`--> nil, ...`): an example
        -- that fails quietly is not an example
        if res.n >= 2 and res[2] == nil and res[3] ~= nil then
          assert(st.code:find("-->%s*nil"), ("%s: returned nil, %s"):format(label, tostring(res[3])))
        end
        local x, tol = expected_number(st.code)
        if x and type(res[2]) == "number" then
          assert(math.abs(res[2] - x) <= tol, ("%s: got %.10g, README says %s"):format(label, res[2], x))
        end
      end)
    end
  end
end)

describe("fc.solve.owning_vs_renting", function()
  it("says which chip of the mix has no cloud price instead of 'no break-even'", function()
    local fc = require "flopcost"
    local s = fc.scenario { region = "cn-guizhou", chips = { ["H800-SXM"] = 0.6, ["Ascend-910B"] = 0.4 } }
    local u, msg = fc.solve.owning_vs_renting(s)
    assert.is_nil(u)
    -- no Chinese rental price is sourced for either chip, and US prices do not apply in China
    assert.are.equal("flopcost.solve.owning_vs_renting: no cloud price (rental_usd_per_hour) for "
      .. "'Ascend-910B', 'H800-SXM' in the mix: nothing to rent", msg)
  end)
end)
