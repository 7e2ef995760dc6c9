--- flopcost.scenario.result: the public shape of an evaluated scenario
-- (flopcost.Result) and how it prints. (internal)
local common = require "flopcost.scenario.common"
local sorted_keys = common.sorted_keys

local M = {}

local Result = {}
Result.__index = Result
Result.__name = "flopcost.Result"
Result.__tostring = function(r)
  local ok, report = pcall(require, "flopcost.report")
  local text
  if ok and report.result_string then text = report.result_string(r)
  else text = ("%s in %s: $%.4g per 1e18 FLOP"):format(r.mix, r.region, r.usd_per_eflop) end
  local head = { text, ("  convention: %s%s; %s"):format(r.convention or "all-in",
    r.as_of and (", prices as of " .. r.as_of) or "", r.dollars or "nominal USD") }
  for _, name in ipairs(sorted_keys(r.prices or {})) do
    local p = r.prices[name]
    head[#head + 1] = ("  price %-12s $%.0f per accelerator, %s basis (%s)"):format(name, p.usd, p.basis, p.date or "?")
  end
  for _, name in ipairs(sorted_keys(r.rentals or {})) do
    head[#head + 1] = "  rental " .. require("flopcost.scenario.rental").rental_text(name, r.rentals[name])
  end
  if r.no_cloud then head[#head + 1] = "  cloud: " .. r.no_cloud end
  text = table.concat(head, "\n")
  if r.sources and #r.sources > 0 then
    -- one line per figure (a region's figures once, not once per chip of the mix), within 100
    -- columns; r:explain() gives every source in full
    local lines, seen = { text, "  sources of the catalog figures used (r:explain() for each in full):" }, {}
    local field_w = 0 -- one column for the field names (electricity_water_l_per_kwh is 27 wide)
    for _, s in ipairs(r.sources) do field_w = math.max(field_w, #s.field) end
    for _, s in ipairs(r.sources) do
      local key = s.field .. "\0" .. s.of
      if not seen[key] then
        seen[key] = true
        local lead = ("    %-" .. field_w .. "s %-12s "):format(s.field, s.of)
        local src, room = s.source or "?", 100 - #lead
        if (utf8.len(src) or #src) > room then src = src:sub(1, (utf8.offset(src, room - 2) or room - 2) - 1) .. "..." end
        lines[#lines + 1] = lead .. src
      end
    end
    text = table.concat(lines, "\n")
  end
  return text
end

local COMPONENTS = { "chip", "server", "network", "facility", "energy", "carbon", "opex" }
M.COMPONENTS = COMPONENTS

-- The build-out (fc_compose_build): the site's figures as r.build, the API's
-- four at the top; the cost per EFLOP above is the one power arrives with.
local function build_into(r, b, meta)
  local opts = meta.scenario and meta.scenario.opts.build or {}
  local add = require("flopcost.buildout")._add_months
  r.build = {}
  for k, v in pairs(b) do r.build[k] = v end
  r.build.it_mw, r.build.start = opts.it_mw, opts.start or "2026-01"
  r.build.bridge, r.build.chips_bought = opts.bridge or "none", opts.chips_bought or "at-energization"
  r.build.energized, r.build.grid = add(r.build.start, b.time_to_power_months), add(r.build.start, b.grid_months)
  r.time_to_power_months = b.time_to_power_months
  r.interest_during_construction_usd = b.interest_during_construction_usd
  r.construction_capex_usd_per_mw = b.construction_capex_usd_per_mw
  r.usd_per_eflop_at_energization = r.usd_per_eflop
end

-- Turns a flat core result into the public result shape.
local function shape_result(raw, meta)
  local r = setmetatable({}, Result)
  r.region, r.region_label, r.mix, r.name = meta.region, meta.region_label, meta.mix, meta.name
  r.usd_per_eflop = raw.usd_per_eflop
  r.breakdown, r.per_hour = {}, {}
  for _, c in ipairs(COMPONENTS) do
    r.breakdown[c] = raw[c .. "_usd_per_eflop"]
    r.per_hour[c] = raw[c .. "_usd_per_h"]
  end
  r.per_hour.total = raw.total_usd_per_h
  r.useful_flop_per_h = raw.useful_flop_per_h
  r.power_w = raw.power_w
  r.capex_usd = raw.capex_usd
  r.kwh_per_eflop = raw.kwh_per_eflop
  r.kg_co2_per_eflop = raw.kg_co2_per_eflop
  if raw.cloud_usd_per_eflop > 0 then
    r.cloud = { usd_per_eflop = raw.cloud_usd_per_eflop, owned_to_cloud = raw.owned_to_cloud }
  end
  local mix = meta.mix_info or {}
  -- the job's cost, accelerator-hours, days, MWh and tCO2: the core's (fc_compose_job)
  if mix.job then
    r.job = {}
    for k, v in pairs(mix.job) do r.job[k] = v end
  end
  -- water (litres per EFLOP, on + off site; per million tokens): the core's (fc_compose_water)
  r.water_l_per_eflop, r.water_onsite_l_per_eflop = mix.water_l_per_eflop, mix.water_onsite_l_per_eflop
  r.water_offsite_l_per_eflop, r.water_l_per_mtok = mix.water_offsite_l_per_eflop, mix.water_l_per_mtok
  if mix.build then build_into(r, mix.build, meta) end
  if mix.currency_per_usd then
    r["local"] = { currency = meta.currency, per_eflop = raw.usd_per_eflop * mix.currency_per_usd,
                   usd_per_eflop = raw.usd_per_eflop }
  end
  if mix.inference then require("flopcost.inference")._shape_into(r, mix.inference, meta) end
  r.raw = raw
  r.sources = meta.sources
  r._scenario = meta.scenario -- for r:explain()
  -- how the figures were computed: the convention, the date, and each price's basis
  r.convention, r.as_of, r.prices, r.rentals = meta.convention or "all-in", meta.as_of, meta.prices, meta.rentals
  if not r.cloud then r.no_cloud = meta.no_cloud end
  -- which dollars: the core stated every money figure in them (fc_compose, usd_factor)
  local d = meta.dollars
  r.dollars = d and ("%d USD (from %d by the PPI PCU518210518210, x%.4f)"):format(d.year, d.from,
    mix.usd_factor or 1) or ("nominal USD" .. (meta.as_of and (" of " .. meta.as_of) or ""))
  return r
end

local function meta_of(self, region, mix_info)
  return {
    region = region.name, region_label = region.label, mix = self.label, name = self.opts.name,
    currency = self.opts.currency, catalog = self.catalog, sources = self.sources, mix_info = mix_info,
    convention = self.opts.convention or "all-in", as_of = self.opts.as_of, prices = self.prices,
    rentals = self.rentals, no_cloud = self.no_cloud, workload = self.opts.workload, dollars = self.dollars,
    precision = self.opts.precision, utilization = self.opts.utilization, scenario = self, stack = self.stack,
  }
end

--- r:explain([width]): every input of the result and where it came from (given, catalog figure
-- with its source, or fc_compose's default with its source), as text at most `width` (100) wide.
-- @tparam[opt=100] integer width the widest line, >= 60 [columns]
-- @treturn string the text [text]
-- @raise "flopcost.Result:explain: argument 'width': integer >= 60 expected, got 0"
-- @usage local s = fc.scenario{region = "us-va", chip = "H100-SXM"};
--   s:evaluate():explain()  --> "H100-SXM in us-va: every input..."
function Result:explain(width)
  local check = require "flopcost.check"
  check.arg("flopcost.Result:explain", "self", self, Result, "flopcost.Result (call it as r:explain())")
  check.optional("flopcost.Result:explain", "width", width, function(w) return math.type(w) == "integer"
    and w >= 60 end, "integer >= 60")
  if not self._scenario then return "(a merged or decoded result: its scenario is not kept)" end
  return require("flopcost.scenario.explain").text(self._scenario, width)
end

M.Result, M.shape_result, M.meta_of = Result, shape_result, meta_of

return M
