--- flopcost.plot.args: the argument checks every chart shares.
local check = require "flopcost.check"

local M = {}

-- The positional arguments of the chart functions (the rest of a failing path
-- is a field of the options table).
local ARGS = { results = true, result = true, series = true, rows = true, data = true, lo = true, hi = true }

--- fail(fn, path, what, v): "flopcost.plot.<fn>: argument 'results': field '[2].x': <what> expected, got <v>".
function M.fail(fn, path, what, v)
  check.bad_path("flopcost.plot." .. fn, path, what, v, ARGS)
end

--- fail_at(fn, path, text): "flopcost.plot.<fn>: <path named as fail does>: <text>".
function M.fail_at(fn, path, text, ...)
  check.fail("flopcost.plot." .. fn, "%s: " .. text, check.path_name(path, ARGS), ...)
end

function M.finite(x)
  return type(x) == "number" and x == x and x ~= math.huge and x ~= -math.huge
end

function M.check_opts(fn, opts)
  if opts == nil then return {} end
  if type(opts) ~= "table" then
    check.bad_arg("flopcost.plot." .. fn, "opts", "options table", opts)
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
