--- flopcost.report.csv: results as CSV (RFC 4180), with provenance and the
-- inputs of each chip of a mix. (internal)
local json = require "flopcost.json"
local validate = require "flopcost.report.validate"
local tbl = require "flopcost.report.table"
local COMPONENTS, check_results, fail = validate.COMPONENTS, validate.check_results, validate.fail
local OPTIONAL_GROUPS, INTERVAL_RUN, PROVENANCE = validate.OPTIONAL_GROUPS, validate.INTERVAL_RUN, validate.PROVENANCE

local M = {}

local function path_getter(...)
  local keys = { ... }
  return function(r)
    local v = r
    for _, k in ipairs(keys) do
      if type(v) ~= "table" then return nil end
      v = v[k]
    end
    return v
  end
end

--- CSV columns in order: name and getter. Empty cell = absent value.
M.CSV_FIELDS = {}
do
  local F = M.CSV_FIELDS
  local function add(name, ...) F[#F + 1] = { name = name, get = path_getter(...) } end
  for _, k in ipairs { "region", "region_label", "mix" } do add(k, k) end
  F[#F + 1] = { name = "access", get = function(r) return tbl.access_text(r) end }
  add("usd_per_eflop", "usd_per_eflop")
  for _, k in ipairs(COMPONENTS) do add("breakdown_" .. k, "breakdown", k) end
  for _, k in ipairs(COMPONENTS) do add("per_hour_" .. k, "per_hour", k) end
  add("per_hour_total", "per_hour", "total")
  for _, k in ipairs { "useful_flop_per_h", "power_w", "kwh_per_eflop", "kg_co2_per_eflop" } do add(k, k) end
  for _, k in ipairs { "water_l_per_eflop", "water_onsite_l_per_eflop", "water_offsite_l_per_eflop" } do add(k, k) end
  add("cloud_usd_per_eflop", "cloud", "usd_per_eflop")
  add("cloud_owned_to_cloud", "cloud", "owned_to_cloud")
  for _, k in ipairs(OPTIONAL_GROUPS.job) do add("job_" .. k, "job", k) end
  -- a build-out (fc.scenario{build = ...}): the API's figures, then the rest of r.build
  for _, k in ipairs(validate.BUILD_TOP) do add(k, k) end
  for _, k in ipairs(validate.BUILD_TEXT) do add("build_" .. k, "build", k) end
  for _, k in ipairs(OPTIONAL_GROUPS.build) do
    if k ~= "time_to_power_months" and k ~= "interest_during_construction_usd" and k ~= "construction_capex_usd_per_mw"
    then add("build_" .. k, "build", k) end
  end
  add("local_currency", "local", "currency")
  add("local_usd_per_eflop", "local", "usd_per_eflop")
  add("local_per_eflop", "local", "per_eflop")
  for _, k in ipairs(OPTIONAL_GROUPS.interval) do add("interval_" .. k, "interval", k) end
  for _, k in ipairs(INTERVAL_RUN) do add("interval_" .. k, "interval", k) end
  add("coupling", "inputs", "coupling")
  -- provenance: the same in every row (opts.provenance), so a row read alone still says where it came from
  for _, k in ipairs(PROVENANCE) do
    F[#F + 1] = { name = k, provenance = true, get = function(_, prov) return prov and prov[k] end }
  end
end

-- Per-chip inputs of the rows (r.inputs.members, set by fc.compare): columns
-- m1_chip, m1_share, m1_<field>... for as many chips as the largest mix has.
local function member_fields(results)
  local nmax, fields, seen = 0, {}, {}
  for _, r in ipairs(results) do
    local ms = type(r.inputs) == "table" and r.inputs.members
    if type(ms) == "table" then
      nmax = math.max(nmax, #ms)
      for _, m in ipairs(ms) do
        for k in pairs(m) do
          if k ~= "chip" and k ~= "share" and not seen[k] then seen[k] = true; fields[#fields + 1] = k end
        end
      end
    end
  end
  table.sort(fields)
  table.insert(fields, 1, "share")
  table.insert(fields, 1, "chip")
  local out = {}
  for i = 1, nmax do
    for _, k in ipairs(fields) do
      out[#out + 1] = { name = ("m%d_%s"):format(i, k), get = function(r)
        local ms = type(r.inputs) == "table" and r.inputs.members
        return type(ms) == "table" and ms[i] and ms[i][k] or nil
      end }
    end
  end
  return out
end

local function csv_field(s)
  if s:find('[,"\r\n]') then return '"' .. s:gsub('"', '""') .. '"' end
  return s
end

--- report.csv(results [, opts]) -> string. RFC 4180: a header row, CRLF line
-- ends (opts.eol = "\n" to change), fields with , " CR LF quoted with "" doubling.
-- Numbers are written so they read back to the same double (json.number_string).
-- @tparam {table,...} results results of s:evaluate() or a compare grid's rows [results]
-- @tparam[opt] table opts eol ("\r\n" default), provenance (the columns flopcost_version,
-- catalog_as_of, seed, samples, generator, whatifs, ...) [text]
-- @treturn string CSV: a header row, one row per result, $ columns in USD per 1e18 FLOP [text]
-- @raise "flopcost.report.csv: argument 'results': field '[1]': result table expected, got 1"
-- @usage fc.report.csv{fc.scenario{region = "us-va", chip = "H100-SXM"}:evaluate()}   --> "region,region_label,..."
function M.csv(results, opts)
  opts = tbl.check_opts("csv", opts)
  results = check_results("csv", results)
  local eol = opts.eol or "\r\n"
  if eol ~= "\r\n" and eol ~= "\n" then fail("csv", "eol", "'\\r\\n' or '\\n'", eol) end
  local prov = opts.provenance
  if prov ~= nil and type(prov) ~= "table" then fail("csv", "provenance", "table", prov) end
  local fields = {}
  for _, f in ipairs(M.CSV_FIELDS) do
    fields[#fields + 1] = f
    -- rows that serve a model carry their $/Mtok columns after the access (flopcost.inference.report)
    if f.name == "access" then
      for _, g in ipairs(require("flopcost.inference.report").csv_fields(results)) do fields[#fields + 1] = g end
    end
  end
  for _, f in ipairs(member_fields(results)) do fields[#fields + 1] = f end
  local lines, header = {}, {}
  for i, f in ipairs(fields) do header[i] = f.name end
  lines[1] = table.concat(header, ",")
  for _, r in ipairs(results) do
    local row = {}
    for i, f in ipairs(fields) do
      local v = f.get(r, prov)
      if v == nil then
        row[i] = ""
      elseif type(v) == "number" then
        row[i] = json.number_string(v)
      elseif type(v) == "boolean" then
        row[i] = v and "True" or "False" -- pandas reads these as booleans
      else
        row[i] = csv_field(tostring(v))
      end
    end
    lines[#lines + 1] = table.concat(row, ",")
  end
  return table.concat(lines, eol) .. eol
end



return M
