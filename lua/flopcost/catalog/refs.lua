--- flopcost.catalog.refs: references between files (a chip's process, a
-- run's chip, a region's currency and premiums), checked when the tables
-- involved are loaded. (internal)
local base = require "flopcost.catalog.base"
local raise, suggestions, at, where_of, find = base.raise, base.suggestions, base.at, base.where_of, base.find

local M = {}

local function ref_error(fn, cat, e, field, what, tbl, name)
  local sug = suggestions(cat, tbl, name)
  raise(string.format("%s: %s: unknown %s '%s'%s", fn, at(where_of(cat, e), field), what, name,
    #sug > 0 and (" (did you mean " .. table.concat(sug, ", ") .. "?)") or ""))
end

local function has_rate(cat, currency)
  if currency == "USD" then return true end
  for _, r in ipairs(cat._t.rates) do if r.currency == currency then return true end end
  return false
end

-- Checks the references of one entry; fn (the public function) starts the message.
local function check_refs(cat, tbl, e, fn)
  if tbl == "chips" and e.process and cat._loaded.processes and not find(cat, "processes", e.process) then
    ref_error(fn, cat, e, "process", "process", "processes", e.process)
  elseif tbl == "runs" and e.chip and cat._loaded.chips and not find(cat, "chips", e.chip) then
    ref_error(fn, cat, e, "chip", "chip", "chips", e.chip)
  elseif tbl == "regions" then
    if cat._loaded.rates and not has_rate(cat, e.currency) then
      raise(string.format("%s: %s: no fx rate for '%s' (add it to fx.json)", fn, at(where_of(cat, e), "currency"),
        e.currency))
    end
    if e.chip_price_premium and cat._loaded.chips then
      local keys = {}
      for k in pairs(e.chip_price_premium) do keys[#keys + 1] = k end
      table.sort(keys)
      for _, k in ipairs(keys) do
        if k ~= "default" and k ~= "source" and k ~= "as_of" and k ~= "note" and k:sub(1, 1) ~= "_"
          and not find(cat, "chips", k) then
          ref_error(fn, cat, e, "chip_price_premium." .. k, "chip", "chips", k)
        end
      end
    end
  end
end

local function check_all_refs(cat, fn)
  for _, tbl in ipairs { "chips", "regions", "runs" } do
    for _, e in ipairs(cat._t[tbl]) do check_refs(cat, tbl, e, fn) end
  end
end

M.check_refs, M.check_all_refs = check_refs, check_all_refs

return M
