--- flopcost.report.cloud: the cloud side of a result for compare's text, CSV
-- and JSON: the rental each chip of the row used (price, term, tier, date of
-- the listing, source), or why there is none, and the cloud cost of the run
-- when the scenario has one (r.job). Reads what the scenario chose
-- (r.rentals, r.no_cloud; flopcost.scenario.rental); computes nothing. (internal)
local M = {}

local sorted_keys = require("flopcost.scenario.common").sorted_keys

--- The rentals of a row as a list, chips in name order: { chip =, usd_per_hour =,
-- term =, tier =, how =, date =, at =, lo =, hi =, source = }; empty without any.
function M.rentals(r)
  local out = {}
  local rs = type(r.rentals) == "table" and r.rentals or {}
  for _, chip in ipairs(sorted_keys(rs)) do
    local q = rs[chip]
    out[#out + 1] = { chip = chip, usd_per_hour = q.usd, term = q.term, tier = q.tier, how = q.how,
      date = q.date, at = q.at, lo = q.lo, hi = q.hi, source = q.source }
  end
  return out
end

--- Why a row has no cloud figure ("no sourced rental price for H800-SXM in
-- China ..."), or nil when it has one.
function M.none(r)
  if type(r.cloud) == "table" and r.cloud.usd_per_eflop then return nil end
  return r.no_cloud or "no rental price"
end

--- The cloud cost of the row's run (its job), or nil without a job or a rental.
function M.run_usd(r)
  return type(r.job) == "table" and r.job.cloud_cost_usd or nil
end

--- One short line per rental of the row ("H100-SXM $2.99/h on_demand, listing
-- 2025-03"), joined with "; ", or "none: <why>"; nil for a row that has a cloud
-- figure but no record of its rental (a result built by hand).
function M.text(r)
  local parts = {}
  for _, q in ipairs(M.rentals(r)) do
    parts[#parts + 1] = ("%s $%.2f/h %s%s, listing %s"):format(q.chip, q.usd_per_hour, q.term or "?",
      q.tier and (" " .. q.tier) or "", q.date or "?")
  end
  local none = M.none(r)
  if #parts == 0 then return none and ("none: " .. none) or nil end
  return table.concat(parts, "; ")
end

-- a field of every rental of the row, joined with "; " (CSV cells)
local function joined(r, field)
  local parts = {}
  for _, q in ipairs(M.rentals(r)) do
    local v = q[field]
    parts[#parts + 1] = type(v) == "number" and ("%.14g"):format(v) or tostring(v or "")
  end
  return #parts > 0 and table.concat(parts, "; ") or nil
end

--- CSV columns: { name =, get = function(r) } (flopcost.report.csv).
M.CSV_FIELDS = {
  { name = "rental", get = M.text },
  { name = "rental_usd_per_hour", get = function(r) return joined(r, "usd_per_hour") end },
  { name = "rental_term", get = function(r) return joined(r, "term") end },
  { name = "rental_tier", get = function(r) return joined(r, "tier") end },
  { name = "rental_date", get = function(r) return joined(r, "date") end },
  { name = "rental_source", get = function(r) return joined(r, "source") end },
  { name = "cloud_run_usd", get = M.run_usd },
}

return M
