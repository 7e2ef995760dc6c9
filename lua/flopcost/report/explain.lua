--- flopcost.report.explain: the difference between two results, explained
-- by component. (internal)
local validate = require "flopcost.report.validate"
local fmt = require "flopcost.report.format"
local COMPONENTS, check_result, component = validate.COMPONENTS, validate.check_result, validate.component

local M = {}

local function short_label(r)
  return (r.region_label or r.region) .. " / " .. r.mix
end

local function list(items)
  if #items <= 1 then return items[1] or "" end
  return table.concat(items, ", ", 1, #items - 1) .. " and " .. items[#items]
end

-- printed (the REPL), the paragraph wrapped to 100 columns; e.text stays one line
local explain_mt = { __tostring = function(e)
  return table.concat(require("flopcost.compare").wrap(e.text, 100, ""), "\n")
end }

--- report.explain(a, b) -> e: why b costs what it does relative to a.
-- Shares are nil when the gap is zero.
-- @tparam table a the reference result (s:evaluate()) [USD per 1e18 FLOP]
-- @tparam table b the result compared with it [USD per 1e18 FLOP]
-- @treturn table e: gap = b.usd_per_eflop - a.usd_per_eflop [USD per 1e18 FLOP]; rows[i] = {component, a,
-- b, diff [USD per 1e18 FLOP], share [% of the gap, signed; the shares sum to 100], text}, largest |diff|
-- first ("other" when a breakdown does not sum to its total); text (also tostring(e)), one paragraph [text]
-- @raise "flopcost.report.explain: argument 'b': result table expected, got 1"
-- @usage local r = fc.scenario{region = "us-va", chip = "H100-SXM"}:evaluate();
--   fc.report.explain(r, fc.scenario{region = "us-tx", chip = "H100-SXM"}:evaluate()).gap  --> -0.0593
function M.explain(a, b)
  check_result("explain", "a", a)
  check_result("explain", "b", b)
  -- two serving results: the gap in $ per million tokens, blended (flopcost.inference.report)
  local inference, unit = require "flopcost.inference.report", "per 1e18 FLOP"
  if inference.is_result(a) ~= inference.is_result(b) then -- $ per training FLOP vs $ per token: no gap
    require("flopcost.check").fail("flopcost.report.explain", "argument '%s': a %s result beside a %s one: "
      .. "$ per million tokens and $ per training FLOP have no gap; explain two results of the same workload",
      inference.is_result(a) and "b" or "a", inference.is_result(a) and "training" or "serving",
      inference.is_result(a) and "serving" or "training")
  end
  if inference.is_result(a) and inference.is_result(b) then
    a, b, unit = inference.in_mtok(a), inference.in_mtok(b), "per million tokens (blended)"
  end
  local gap = b.usd_per_eflop - a.usd_per_eflop
  local rows = {}
  local sum_a, sum_b = 0, 0
  for _, k in ipairs(COMPONENTS) do
    local va, vb = component(a, k), component(b, k)
    sum_a, sum_b = sum_a + va, sum_b + vb
    rows[#rows + 1] = { component = k, a = va, b = vb, diff = vb - va }
  end
  local ra, rb = a.usd_per_eflop - sum_a, b.usd_per_eflop - sum_b
  local scale = math.max(math.abs(a.usd_per_eflop), math.abs(b.usd_per_eflop))
  if math.abs(rb - ra) > 1e-9 * scale then
    rows[#rows + 1] = { component = "other", a = ra, b = rb, diff = rb - ra }
  end
  for i, row in ipairs(rows) do row.order = i end
  table.sort(rows, function(x, y)
    local dx, dy = math.abs(x.diff), math.abs(y.diff)
    if dx ~= dy then return dx > dy end
    return x.order < y.order
  end)
  for _, row in ipairs(rows) do
    row.order = nil
    if gap ~= 0 then row.share = 100 * row.diff / gap end
    row.text = row.component .. ": " .. fmt.usd(row.diff, true) ..
      (row.share and (" (" .. fmt.pct(row.share) .. " of the gap)") or "")
  end

  local la, lb = short_label(a), short_label(b)
  local text
  if gap == 0 then
    text = string.format("%s and %s cost the same, %s %s.", lb, la, fmt.usd(a.usd_per_eflop), unit)
  else
    local rel = ""
    if a.usd_per_eflop ~= 0 then
      rel = string.format(", %s%s", gap > 0 and "+" or "", fmt.pct(100 * gap / a.usd_per_eflop))
    end
    text = string.format("%s costs %s %s %s than %s (%s vs %s%s).", lb,
      fmt.usd(math.abs(gap)), gap > 0 and "more" or "less", unit, la, fmt.usd(b.usd_per_eflop),
      fmt.usd(a.usd_per_eflop), rel)
    local drivers, offsets = {}, {}
    for _, row in ipairs(rows) do
      if row.share and math.abs(row.share) >= 0.5 then
        local item = string.format("%s (%s, %s)", row.component, fmt.usd(row.diff, true), fmt.pct(row.share))
        if row.share > 0 then drivers[#drivers + 1] = item else offsets[#offsets + 1] = item end
      end
    end
    if #drivers > 0 then
      text = text .. " The gap comes from " .. list(drivers) .. "."
    end
    if #offsets > 0 then
      text = text .. " Pulling the other way: " .. list(offsets) .. "."
    end
    text = text .. " Shares are of the gap and sum to 100%."
  end
  -- (one value: the REPL prints every value a line returns, and the paragraph as a second one
  -- was a 300-column line; e.text holds it)
  return setmetatable({ gap = gap, a = la, b = lb, rows = rows, text = text }, explain_mt)
end



return M
