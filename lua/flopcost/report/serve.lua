--- flopcost.report.serve: raw serving results (fc.inference.serve) as CSV
-- and JSON, with the provenance columns of every export (report.csv's). The
-- columns are the result's own field names (water_l_per_mtok, j_per_token,
-- ttft_s, ...), the layout's flattened as layout_<phase>_<field> the way
-- report.csv flattens groups (breakdown_chip). (internal)
local json = require "flopcost.json"
local validate = require "flopcost.report.validate"
local tbl = require "flopcost.report.table"
local PROVENANCE, fail = validate.PROVENANCE, validate.fail

local M = {}

-- The text fields of a serving result, first and in this order.
local TEXT = { "model", "chip", "region", "stack", "stack_software", "precision", "compute_precision", "kv_precision",
  "roofline", "bound" }
local IS_TEXT = {}
for _, k in ipairs(TEXT) do IS_TEXT[k] = true end

local function is_serve(r)
  return type(r) == "table" and type(r.tokens_per_s_per_chip) == "number" and type(r.model) == "string"
    and type(r.chip) == "string"
end

-- The results as a list (one result alone is accepted), each checked.
local function check_serve(fn, results)
  if is_serve(results) then results = { results } end
  if type(results) ~= "table" or #results == 0 then
    fail(fn, "results", "non-empty list of serving results (fc.inference.serve)", results)
  end
  for i, r in ipairs(results) do
    if not is_serve(r) then fail(fn, "results[" .. i .. "]", "serving result (fc.inference.serve)", r) end
  end
  return results
end

-- The provenance: opts.provenance, or the version and catalog the results came from.
local function provenance_of(fn, opts)
  local prov = opts.provenance
  if prov ~= nil and type(prov) ~= "table" then fail(fn, "provenance", "table", prov) end
  if prov == nil then
    prov = require("flopcost.compare.output").catalog_provenance(opts.catalog or require("flopcost.catalog").default())
  end
  return prov
end

-- The columns of the rows: text fields, the numbers (sorted), the layout's, the provenance.
local function columns(results)
  local nums, lay, seen = {}, {}, {}
  for _, r in ipairs(results) do
    for k, v in pairs(r) do
      if type(v) == "number" and not IS_TEXT[k] and not seen[k] then seen[k] = true; nums[#nums + 1] = k end
      if IS_TEXT[k] and v ~= nil then seen[k] = true end
    end
    for phase, t in pairs(type(r.layout) == "table" and r.layout or {}) do
      for k, v in pairs(type(t) == "table" and t or {}) do
        local name = ("layout_%s_%s"):format(phase, k)
        if type(v) == "number" and not seen[name] then seen[name] = true; lay[#lay + 1] = { name, phase, k } end
      end
    end
  end
  table.sort(nums)
  table.sort(lay, function(a, b) return a[1] < b[1] end)
  local cols = {}
  for _, k in ipairs(TEXT) do -- those some row has (region: a serve call given one)
    if seen[k] then cols[#cols + 1] = { name = k, get = function(r) return r[k] end } end
  end
  for _, k in ipairs(nums) do cols[#cols + 1] = { name = k, get = function(r) return r[k] end } end
  for _, l in ipairs(lay) do
    cols[#cols + 1] = { name = l[1], get = function(r) return r.layout and r.layout[l[2]] and r.layout[l[2]][l[3]] end }
  end
  for _, k in ipairs(PROVENANCE) do cols[#cols + 1] = { name = k, get = function(_, prov) return prov[k] end } end
  return cols
end

local function cell(v)
  if v == nil then return "" end
  if type(v) == "number" then return v == v and v ~= math.huge and v ~= -math.huge and json.number_string(v) or "" end
  local s = tostring(v)
  if s:find('[,"\r\n]') then return '"' .. s:gsub('"', '""') .. '"' end
  return s
end

--- report.serve_csv(results [, opts]) -> string: raw serving results as CSV (RFC 4180, CRLF unless
-- opts.eol = "\n"): the text fields (model, chip, stack, precision, ...), every number the
-- result carries under its own name, sorted (ttft_s, water_l_per_mtok, ...), the layout as
-- layout_<phase>_<field>, then report.csv's provenance columns. A field a row lacks is empty.
-- A text column appears when some row has its field.
-- @tparam {table,...} results results of fc.inference.serve, or one [results]
-- @tparam[opt] table opts eol, provenance (default: flopcost_version, catalog_as_of and catalog of
-- opts.catalog or the bundled one) [text]
-- @treturn string CSV: a header row, one row per result; units as the result's field names say [text]
-- @raise "flopcost.report.serve_csv: argument 'results': field '[1]': serving result (fc.inference.serve)
-- expected, got 1"
-- @usage fc.report.serve_csv(fc.inference.serve{model = "Llama-3.1-70B", chip = "H100-SXM"})
-- --> "model,chip,stack,..."
function M.serve_csv(results, opts)
  local fn = "serve_csv"
  opts = tbl.check_opts(fn, opts)
  results = check_serve(fn, results)
  local eol = opts.eol or "\r\n"
  if eol ~= "\r\n" and eol ~= "\n" then fail(fn, "eol", "'\\r\\n' or '\\n'", eol) end
  local prov, cols = provenance_of(fn, opts), columns(results)
  local header, lines = {}, {}
  for i, c in ipairs(cols) do header[i] = c.name end
  lines[1] = table.concat(header, ",")
  for _, r in ipairs(results) do
    local row = {}
    for i, c in ipairs(cols) do row[i] = cell(c.get(r, prov)) end
    lines[#lines + 1] = table.concat(row, ",")
  end
  return table.concat(lines, eol) .. eol
end

--- report.serve_json(results [, opts]) -> string: raw serving results as a JSON array, keys sorted:
-- each result's text and number fields, its layout ({prefill = {tp, ...}, decode = {...}}) and a
-- provenance object with report.json's keys. NaN/inf raise an error naming the field.
-- @tparam {table,...} results results of fc.inference.serve, or one [results]
-- @tparam[opt] table opts indent (e.g. "  "), provenance, catalog (as serve_csv) [text]
-- @treturn string a JSON array, one object per result [text]
-- @raise "flopcost.report.serve_json: argument 'results': field '[1]': serving result (fc.inference.serve)
-- expected, got 1"
-- @usage fc.report.serve_json(fc.inference.serve{model = "Llama-3.1-70B", chip = "H100-SXM"})   --> "[{..."
function M.serve_json(results, opts)
  local fn = "serve_json"
  opts = tbl.check_opts(fn, opts)
  results = check_serve(fn, results)
  local prov = provenance_of(fn, opts)
  local rows = {}
  for i, r in ipairs(results) do
    local o = { provenance = {} }
    for k, v in pairs(r) do if type(v) == "number" or type(v) == "string" then o[k] = v end end
    if type(r.layout) == "table" then
      o.layout = {}
      for phase, t in pairs(r.layout) do
        o.layout[phase] = {}
        for k, v in pairs(type(t) == "table" and t or {}) do if type(v) == "number" then o.layout[phase][k] = v end end
      end
    end
    for _, k in ipairs(PROVENANCE) do o.provenance[k] = prov[k] end
    rows[i] = o
  end
  return json.encode(rows, { indent = opts.indent }) .. "\n"
end

return M
