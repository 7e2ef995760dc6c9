--- flopcost.cli.pretty: how the REPL and the Jupyter kernel show values.
--   pretty.text(v)    -> readable text (results, catalogs, nested tables)
--   pretty.bundle(v)  -> {["text/plain"]=, ["text/html"]=, ["image/svg+xml"]=} for a notebook
local M = {}

local MAX_ITEMS, MAX_DEPTH = 40, 4

local function is_result(v)
  return type(v) == "table" and type(v.usd_per_eflop) == "number" and type(v.breakdown) == "table"
end

local function is_result_list(v)
  return type(v) == "table" and #v > 0 and is_result(v[1])
end

local function is_svg(v)
  return type(v) == "string" and (v:match("^%s*<svg") or v:match("^%s*<%?xml[^>]*>%s*<svg")) ~= nil
end

local function has_tostring(v)
  local mt = getmetatable(v)
  return type(mt) == "table" and mt.__tostring ~= nil
end

local function key_text(k)
  if type(k) == "string" and k:match("^[%a_][%w_]*$") then return k end
  if type(k) == "string" then return ("[%q]"):format(k) end
  return "[" .. tostring(k) .. "]"
end

local function scalar(v)
  if type(v) == "string" then return ("%q"):format(v):gsub("\\\n", "\\n") end
  if math.type(v) == "float" then
    if v ~= v then return "nan" end
    return (("%.14g"):format(v))
  end
  return tostring(v)
end

-- A nested table as Lua-like text: arrays on one line when short, keys sorted. lead: the
-- columns in front of it on its first line past the indent (its key: "[2024] = ").
local function dump(v, indent, depth, seen, lead)
  if type(v) ~= "table" or has_tostring(v) then
    if type(v) == "table" or type(v) == "userdata" then return tostring(v) end
    return scalar(v)
  end
  if seen[v] then return "<cycle>" end
  if depth >= MAX_DEPTH then return "{...}" end
  seen[v] = true
  local n = #v
  local keys = {}
  for k in pairs(v) do
    if not (math.type(k) == "integer" and k >= 1 and k <= n) then keys[#keys + 1] = k end
  end
  table.sort(keys, function(a, b)
    if type(a) == type(b) and (type(a) == "string" or type(a) == "number") then return a < b end
    return type(a) < type(b)
  end)
  local parts = {}
  for i = 1, math.min(n, MAX_ITEMS) do parts[#parts + 1] = dump(v[i], indent .. "  ", depth + 1, seen) end
  if n > MAX_ITEMS then parts[#parts + 1] = ("... (%d items)"):format(n) end
  for i, k in ipairs(keys) do
    if i > MAX_ITEMS then parts[#parts + 1] = ("... (%d keys)"):format(#keys); break end
    local key = key_text(k) .. " = "
    parts[#parts + 1] = key .. dump(v[k], indent .. "  ", depth + 1, seen, #key)
  end
  seen[v] = nil
  if #parts == 0 then return "{}" end
  local one = "{ " .. table.concat(parts, ", ") .. " }"
  if #one + #indent + (lead or 0) <= 96 and not one:find("\n") then return one end
  return "{\n" .. indent .. "  " .. table.concat(parts, ",\n" .. indent .. "  ") .. "\n" .. indent .. "}"
end

--- Readable text for any value.
function M.text(v)
  -- a compare grid (fc.compare.run): the table `flopcost compare` prints, not 46 results as Lua
  if type(v) == "table" and not has_tostring(v) and type(v.results) == "table" and type(v.cells) == "table"
      and type(v.study) == "table" then
    local ok, t = pcall(require("flopcost.compare").text, v)
    if ok then return t end
  end
  if is_result_list(v) then
    local ok, t = pcall(require("flopcost.report").table, v)
    if ok then return t end
  end
  if type(v) == "table" and not has_tostring(v) and type(v.meta) == "table"
      and type(v.name or v.id) == "string" then
    -- a catalog entry: every figure with its date, range and source, as `flopcost catalog KIND NAME`
    local kind = v.tdp_w and "chip" or v.pue and "region" or v.id and "rule" or "entry"
    local ok, t = pcall(require("flopcost.cli.catalog").entry_text, v, kind)
    if ok then return t end
  end
  if type(v) == "table" and not has_tostring(v) then return dump(v, "", 0, {}) end
  if type(v) == "string" then return v end
  if type(v) == "number" then return scalar(v) end
  return tostring(v)
end

local function esc(s)
  return (tostring(s):gsub("[&<>\"]", { ["&"] = "&amp;", ["<"] = "&lt;", [">"] = "&gt;", ['"'] = "&quot;" }))
end

local LABEL = { chip = "chip", server = "server", network = "network", facility = "facility",
  energy = "energy", carbon = "carbon", opex = "opex" }

-- One result: its components with shares, the total, cloud and job figures.
local function result_html(r)
  local report = require "flopcost.report"
  local h = { '<table class="flopcost-result">',
    ("<caption>%s, %s: %s per 1e18 useful training FLOP</caption>"):format(esc(r.region or "?"),
      esc(r.mix or "?"), esc(report.usd(r.usd_per_eflop))),
    "<thead><tr><th>component</th><th>$/EFLOP</th><th>share</th></tr></thead><tbody>" }
  for _, k in ipairs(report.COMPONENTS) do
    local x = r.breakdown[k] or 0
    h[#h + 1] = ("<tr><td>%s</td><td>%s</td><td>%s</td></tr>"):format(LABEL[k] or k, esc(report.usd(x)),
      r.usd_per_eflop ~= 0 and esc(report.pct(100 * x / r.usd_per_eflop)) or "-")
  end
  h[#h + 1] = ('<tr><th>total</th><th data-usd-per-eflop="%.17g">%s</th><th>100%%</th></tr>'):format(
    r.usd_per_eflop, esc(report.usd(r.usd_per_eflop)))
  h[#h + 1] = "</tbody></table>"
  return table.concat(h, "\n")
end

-- A list of results: one row each.
local function results_html(rs)
  local report = require "flopcost.report"
  local h = { '<table class="flopcost-results">', "<thead><tr><th>region</th><th>mix</th><th>$/EFLOP</th>" }
  for _, k in ipairs(report.COMPONENTS) do h[#h + 1] = "<th>" .. (LABEL[k] or k) .. "</th>" end
  h[#h + 1] = "</tr></thead><tbody>"
  for _, r in ipairs(rs) do
    local row = { ("<tr><td>%s</td><td>%s</td><td data-usd-per-eflop=\"%.17g\">%s</td>"):format(
      esc(r.region or ""), esc(r.mix or ""), r.usd_per_eflop, esc(report.usd(r.usd_per_eflop))) }
    for _, k in ipairs(report.COMPONENTS) do
      row[#row + 1] = "<td>" .. esc(report.usd(r.breakdown[k] or 0)) .. "</td>"
    end
    h[#h + 1] = table.concat(row) .. "</tr>"
  end
  h[#h + 1] = "</tbody></table>"
  return table.concat(h, "\n")
end

--- A notebook display bundle (MIME type -> text) for a value.
function M.bundle(v)
  if is_svg(v) then return { ["image/svg+xml"] = v, ["text/plain"] = "<SVG chart>" } end
  local b = { ["text/plain"] = M.text(v) }
  local inference = require "flopcost.inference.report" -- serving results in $ per million tokens
  if inference.is_result(v) then b["text/html"] = inference.result_html(v)
  elseif is_result(v) then b["text/html"] = result_html(v)
  elseif inference.all(v) then b["text/html"] = inference.results_html(v)
  elseif is_result_list(v) then b["text/html"] = results_html(v) end
  return b
end

return M
