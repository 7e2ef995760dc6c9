-- Shared helpers for the busted specs. Loaded by .busted before every file.
local say = require "say"
local assert = require "luassert"

--- assert.near(expected, actual, rel_tol [, abs_tol]): relative closeness.
local function near(_, args)
  local expected, actual, rel, abs_tol = args[1], args[2], args[3] or 1e-9, args[4] or 0
  if type(actual) ~= "number" or type(expected) ~= "number" then return false end
  if actual ~= actual then return false end -- NaN never passes
  return math.abs(actual - expected) <= math.max(rel * math.abs(expected), abs_tol)
end
say:set("assertion.near.positive", "Expected %s to be near %s (rel tol %s)")
say:set("assertion.near.negative", "Expected %s not to be near %s (rel tol %s)")
assert:register("assertion", "near", near, "assertion.near.positive", "assertion.near.negative")

local H = {}

--- Returns the error message raised by fn(...), or nil if it did not raise.
-- The "chunk:line: " position that Lua puts in front of an error raised at
-- level 1 or 2 is removed, so specs compare the message itself.
function H.error_of(fn, ...)
  local ok, err = pcall(fn, ...)
  if ok then return nil end
  if type(err) ~= "string" then return err end
  return (err:gsub("^[^\n]-%.lua:%d+: ", "", 1))
end

--- Runs a table of {name, fn, expected_message} rows as `it` blocks:
-- each call must raise exactly `expected_message`. Pass busted's `it`.
function H.error_rows(it, rows)
  for _, row in ipairs(rows) do
    it("rejects " .. row[1], function()
      assert.are.equal(row[3], H.error_of(row[2]))
    end)
  end
end

--- The hand-calculated H100 scenario of csrc/test/test_scenario.c on the
-- mini catalog (spec/fixtures/mini_catalog.lua), with `extra` options.
function H.h100_scenario(extra)
  local fc = require "flopcost"
  local o = { catalog = dofile("spec/fixtures/mini_catalog.lua"), region = "test-us", chip = "H100-SXM",
    utilization = 0.8, maintenance_fraction = 0.03, other_opex_usd_per_year = 500, mfu = 0.4,
    scaling_efficiency = 0.9, goodput = 0.95 }
  for k, v in pairs(extra or {}) do o[k] = v end
  if extra and extra.chips ~= nil then o.chip = nil end -- chip and chips together are refused
  return fc.scenario(o)
end

--- Attributes of one SVG/XML start tag's text: { name = value }.
function H.svg_attrs(s)
  local a = {}
  for k, v in s:gmatch('([%w:%-]+)="([^"]*)"') do a[k] = v end
  return a
end

--- All elements `name` of an SVG text with their attributes (optionally of one class).
function H.svg_elements(svg, name, class)
  local out = {}
  for body in svg:gmatch("<" .. name .. "(%s[^>]*)>") do
    local a = H.svg_attrs(body)
    if class == nil or a.class == class then out[#out + 1] = a end
  end
  return out
end

--- Builds a path to a file relative to the repository root.
--- A shell word: s in single quotes.
function H.quote(s) return "'" .. tostring(s):gsub("'", "'\\''") .. "'" end

--- Runs a shell command; returns its output (stdout and stderr) and its exit status.
function H.sh(cmd)
  local p = io.popen(cmd .. " 2>&1; echo \"exit:$?\"")
  local out = p:read("a")
  p:close()
  return out:gsub("exit:%d+\n$", ""), tonumber(out:match("exit:(%d+)\n$"))
end

function H.path(rel) return "./" .. rel end

_G.spec_helpers = H
return H
