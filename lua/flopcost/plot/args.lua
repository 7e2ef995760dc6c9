--- flopcost.plot.args: the argument checks every chart shares.
local json = require "flopcost.json"

local M = {}
local got = json.got

function M.fail(fn, field, what, v)
  error(string.format("flopcost.plot.%s: field '%s': %s expected, got %s", fn, field, what, got(v)), 0)
end

function M.finite(x)
  return type(x) == "number" and x == x and x ~= math.huge and x ~= -math.huge
end

function M.check_opts(fn, opts)
  if opts == nil then return {} end
  if type(opts) ~= "table" then
    error(string.format("flopcost.plot.%s: options table expected, got %s", fn, type(opts)), 0)
  end
  return opts
end

function M.check_size(fn, opts)
  for _, k in ipairs { "width", "height" } do
    local v = opts[k]
    if v ~= nil and not (M.finite(v) and v >= 100) then M.fail(fn, k, "number >= 100", v) end
  end
end

return M
