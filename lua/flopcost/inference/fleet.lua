--- flopcost.inference.fleet: a serving fleet over a day (csrc/core/fc_serve_fleet.h).
--
--   fc.inference.fleet{ model = "DeepSeek-V3", chip = "H800-SXM", region = "cn-guizhou",
--     tokens_per_day = { input = 608e9, cached_input = 342e9, output = 168e9 },
--     load_profile = { ...24 hourly shares... }, slo = { tpot_s = 0.05 },
--     api_price_usd_per_mtok = { input = 0.55, cached_input = 0.14, output = 2.19 } }
--   -> { chips =, nodes =, average_nodes =, cost_usd_per_day =, revenue_usd_per_day =, margin =,
--        tokens_per_provisioned_mw =, prefill_chips =, decode_chips =, serve = (the pools' point),
--        usd_per_chip_hour =, api_price_usd_per_mtok = (the prices given, or nil: no revenue), ... }
--
-- Options besides those: precision, serving (the stack's profile), mtp, request = { input_tokens =,
-- output_tokens = } (the shape of one request; default: 1000 output tokens and the day's input:output
-- ratio), usd_per_chip_hour (default: the region's all-in $ per accelerator-hour from fc.scenario),
-- elastic (true: nodes follow the load, as DeepSeek's fleet does), rates = { prefill_tokens_per_s_per_chip =,
-- output_tokens_per_s_per_chip = } (measured rates instead of flopcost's: input tokens incl. cached ones).
-- The pools' rates come from the disaggregated layout search (fc.inference.serve, disaggregated = true,
-- chips = "auto"); the arithmetic of the day is the core's (core.serve.fleet).
local core = require("flopcost.core")

local FN = "flopcost.inference.fleet"
local OPTIONS = { "model", "chip", "region", "precision", "tokens_per_day", "load_profile", "slo",
  "api_price_usd_per_mtok", "serving", "mtp", "request", "usd_per_chip_hour", "elastic", "rates", "catalog" }

local check = require "flopcost.check"
local function fail(msg) check.fail(FN, msg) end

-- The core's names of the day's figures -> the fields the caller wrote.
local CORE_FIELDS = { input_tokens_per_day = "tokens_per_day.input",
  cached_input_tokens_per_day = "tokens_per_day.cached_input", output_tokens_per_day = "tokens_per_day.output",
  price_input = "api_price_usd_per_mtok.input", price_cached_input = "api_price_usd_per_mtok.cached_input",
  price_output = "api_price_usd_per_mtok.output", usd_per_chip_hour = "usd_per_chip_hour" }

-- f(...) with its error said as fleet's, of the caller's fields: a call of fc.inference.serve
-- (its fields are fleet's own), of the catalog (`field` names the option), of the core.
local function as_fleet(field, f, ...)
  local r = table.pack(pcall(f, ...))
  if r[1] then return table.unpack(r, 2, r.n) end
  local msg = require("flopcost.errors").strip(tostring(r[2])):gsub("^[^\n]-:%d+: ", "", 1)
  msg = msg:gsub("^flopcost%.inference%.serve: ", FN .. ": ", 1):gsub("field '([%w_]+)'", function(k)
    return CORE_FIELDS[k] and ("field '" .. CORE_FIELDS[k] .. "'") or nil
  end)
  if field and not msg:find("^" .. FN:gsub("%.", "%%.") .. ": ") then
    msg = ("%s: field '%s': %s"):format(FN, field, (msg:gsub("^[%w_.]+: ", "", 1)))
  end
  check.fail(FN, "%s", (msg:gsub("^" .. FN:gsub("%.", "%%.") .. ": ", "", 1)))
end

-- A number of a sub-table: finite and >= 0 (positive: > 0).
local function amount(t, name, k, required, positive)
  local v = t[k]
  if v == nil and not required then return nil end
  if type(v) ~= "number" or v ~= v or v < 0 or v == math.huge or (positive and v == 0) then
    check.bad_field(FN, name .. "." .. k, positive and "positive finite number" or "finite number >= 0", v)
  end
  return v
end

local function check_table(opts, k, keys)
  local t = opts[k]
  if t == nil then return {} end
  if type(t) ~= "table" then fail(("field '%s': table expected, got %s"):format(k, type(t))) end
  local ok = {}
  for _, x in ipairs(keys) do ok[x] = true end
  for x in pairs(t) do
    if not ok[x] then fail(("field '%s': unknown field '%s' (%s)"):format(k, tostring(x), table.concat(keys, ", "))) end
  end
  return t
end

-- The region's all-in $ per accelerator-hour (the cost chain's own figure; none without a region),
-- provisioned kW per chip and the PUE.
local function chain_of(opts, cat)
  local chip, d = cat:chip(opts.chip), core.scenario.defaults()
  local kw = chip.tdp_w * (chip.server_power_multiple or d.server_power_multiple) / 1000
  if opts.region == nil then
    if opts.usd_per_chip_hour == nil then fail("field 'region': region name expected (or give usd_per_chip_hour)") end
    return nil, kw, d.pue
  end
  local reg = cat:region(opts.region)
  local s = require("flopcost.scenario") { catalog = cat, region = opts.region, chips = { [opts.chip] = 1 } }
  local r = s:evaluate()
  -- usd_per_eflop x useful FLOP per accelerator-hour / 1e18 = the chain's $ per accelerator-hour
  return r.usd_per_eflop * r.useful_flop_per_h / 1e18, kw, reg.pue or d.pue
end

return function(opts)
  if type(opts) ~= "table" then fail("options table expected, got " .. type(opts)) end
  for k in pairs(opts) do
    local known = false
    for _, o in ipairs(OPTIONS) do known = known or o == k end
    if not known then fail(("unknown field '%s'"):format(tostring(k))) end
  end
  local cat = opts.catalog or require("flopcost.catalog").default()
  local tpd = check_table(opts, "tokens_per_day", { "input", "cached_input", "output" })
  local price = check_table(opts, "api_price_usd_per_mtok", { "input", "cached_input", "output" })
  local req = check_table(opts, "request", { "input_tokens", "output_tokens" })
  local rates = check_table(opts, "rates", { "prefill_tokens_per_s_per_chip", "output_tokens_per_s_per_chip" })
  for _, k in ipairs { "input", "output" } do amount(tpd, "tokens_per_day", k, true) end
  local cached = amount(tpd, "tokens_per_day", "cached_input") or 0
  if cached > tpd.input then
    check.bad_field(FN, "tokens_per_day.cached_input", ("at most tokens_per_day.input (%g)"):format(tpd.input), cached)
  end
  if opts.api_price_usd_per_mtok ~= nil then -- a price list names what input and output cost
    for _, k in ipairs { "input", "output" } do amount(price, "api_price_usd_per_mtok", k, true) end
    amount(price, "api_price_usd_per_mtok", "cached_input")
  end
  for _, k in ipairs { "input_tokens", "output_tokens" } do amount(req, "request", k, false, true) end
  for _, k in ipairs { "prefill_tokens_per_s_per_chip", "output_tokens_per_s_per_chip" } do
    amount(rates, "rates", k, false, true)
  end
  if opts.region ~= nil and type(opts.region) ~= "string" then check.bad_field(FN, "region", "region name", opts.region) end
  if type(opts.chip) ~= "string" then check.bad_field(FN, "chip", "chip name", opts.chip) end
  as_fleet("chip", cat.chip, cat, opts.chip)
  local hit = tpd.input > 0 and cached / tpd.input or 0
  local out_tok = req.output_tokens or 1000
  local in_tok = req.input_tokens or math.max(1, out_tok * tpd.input / math.max(tpd.output, 1))
  -- the pools: flopcost's disaggregated layouts, or the rates given
  local serve, pre, dec
  if rates.prefill_tokens_per_s_per_chip or rates.output_tokens_per_s_per_chip then
    pre = rates.prefill_tokens_per_s_per_chip and rates.prefill_tokens_per_s_per_chip * (1 - hit)
    dec = rates.output_tokens_per_s_per_chip
    if not pre or not dec then fail("field 'rates': both prefill_tokens_per_s_per_chip and output_tokens_per_s_per_chip") end
  else
    local msg, token
    serve, msg, token = as_fleet(nil, require("flopcost.inference").serve, { catalog = cat, model = opts.model,
      chip = opts.chip, precision = opts.precision, input_tokens = in_tok, output_tokens = out_tok, cache_hit = hit,
      slo = opts.slo, serving = opts.serving, mtp = opts.mtp, disaggregated = true })
    if not serve then return nil, (msg:gsub("^flopcost%.inference%.serve", FN)), token end
    pre, dec = serve.prefill_tokens_per_s_per_chip, serve.decode_tokens_per_s_per_chip
  end
  local usd_h, kw, pue = as_fleet("region", chain_of, opts, cat)
  local chip = cat:chip(opts.chip)
  local r = as_fleet(nil, core.serve.fleet, { input_tokens_per_day = tpd.input, cached_input_tokens_per_day = cached,
    output_tokens_per_day = tpd.output, load_profile = opts.load_profile,
    prefill_new_tokens_per_s_per_chip = pre, decode_output_tokens_per_s_per_chip = dec,
    node_chips = chip.node_chips or 8, usd_per_chip_hour = opts.usd_per_chip_hour or usd_h, kw_per_chip = kw,
    pue = pue, price_input = price.input, price_cached_input = price.cached_input, price_output = price.output,
    elastic = opts.elastic })
  r.serve, r.usd_per_chip_hour = serve, opts.usd_per_chip_hour or usd_h
  r.prefill_new_tokens_per_s_per_chip, r.decode_output_tokens_per_s_per_chip = pre, dec
  r.model, r.chip, r.region = opts.model, opts.chip, opts.region
  r.api_price_usd_per_mtok = opts.api_price_usd_per_mtok and { input = price.input,
    cached_input = price.cached_input, output = price.output } -- print(f): revenue only when priced
  r.tokens_per_day = { input = tpd.input, cached_input = cached, output = tpd.output }
  return setmetatable(r, require("flopcost.inference.report").FLEET_RESULT) -- print(f): its summary
end
