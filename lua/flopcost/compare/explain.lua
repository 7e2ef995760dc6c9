--- flopcost.compare.explain: for each mix, the cheapest and dearest region and
-- the components behind the gap (report.explain), for a grid or a stream summary. (internal)
local check = require "flopcost.check"
local common = require "flopcost.compare.common"
local FN, check_grid = common.FN, common.check_grid

local M = {}

--- The gap lines of a streamed summary (fc.compare.explain's for a whole grid).
-- @tparam table summary the result of fc.compare.stream [summary]
-- @treturn {string,...} one paragraph per mix [text]
-- @raise "flopcost.compare.explain_summary: argument 'summary': stream summary (the result of fc.compare.stream)
-- expected, got 1"
-- @usage fc.compare.explain_summary(fc.compare.stream(fc.compare.load_study(), {intervals = false}))[1]
--   --> "B200: ..."
function M.explain_summary(summary)
  check.arg(FN .. ".explain_summary", "summary", summary, function(t) return type(t) == "table"
    and type(t.order) == "table" and type(t.by_mix) == "table" end, "stream summary (the result of fc.compare.stream)")
  local report = require "flopcost.report"
  -- mixes in the order M.explain gives them: by their cheapest cell's cost
  local order = table.move(summary.order, 1, #summary.order, 1, {})
  local by = summary.sort_by or "usd_per_eflop"
  local first_seen = {}
  for i, mix in ipairs(summary.order) do first_seen[mix] = i end
  table.sort(order, function(a, b)
    local x, y = summary.by_mix[a].cheapest[by], summary.by_mix[b].cheapest[by]
    if x ~= y then return x < y end
    return first_seen[a] < first_seen[b]
  end)
  local lines = {}
  for _, mix in ipairs(order) do
    local m = summary.by_mix[mix]
    if m.n >= 2 then
      local text = report.explain(m.cheapest, m.dearest).text
      lines[#lines + 1] = ("%s: %s"):format(mix, text)
    end
  end
  return lines
end

--- For each mix, the cheapest and dearest region and the components behind the gap.
-- @tparam table grid the result of fc.compare.run [grid]
-- @treturn {string,...} one paragraph per mix: the gap [USD per 1e18 FLOP] and its components' shares [text]
-- @raise "flopcost.compare.explain: argument 'grid': compare grid (the result of fc.compare.run) expected, got 1"
-- @usage local g = fc.compare.run(fc.compare.load_study(), {intervals = false});
--   fc.compare.explain(g)[1]  --> "B200: ..."
function M.explain(grid)
  check_grid("explain", grid)
  local report = require "flopcost.report"
  local by_mix, order = {}, {}
  for _, r in ipairs(grid.results) do
    if not by_mix[r.mix] then by_mix[r.mix] = {}; order[#order + 1] = r.mix end
    table.insert(by_mix[r.mix], r)
  end
  local lines = {}
  for _, mix in ipairs(order) do
    local rs = by_mix[mix]
    if #rs >= 2 then
      local lo, hi = rs[1], rs[#rs]
      local text = report.explain(lo, hi).text
      lines[#lines + 1] = ("%s: %s"):format(mix, text)
    end
  end
  return lines
end


return M
