--- flopcost.buildout_place: where to train and where to serve ("train in the
-- west, serve in the east"): fc.buildout.place and fc.buildout.place_sobol
-- (flopcost.buildout sets them), the placement in C (csrc/core/fc_buildout_place.c)
-- with its Monte Carlo and Sobol model (csrc/core/fc_buildout_place_mc.c); the
-- network figures of models/buildout.json. (internal module; the API is fc.buildout's)
local core = require "flopcost.core"
local check = require "flopcost.check"
local errors = require "flopcost.errors"

local M = {}
local B = core.buildout

local function raise(fmt, ...) errors.raise(fmt:format(...)) end
-- flopcost.buildout's figure reader and range rule (loaded by the time a function here runs)
local function buildout() return require "flopcost.buildout" end
local function value(v, where) return buildout()._value(v, where) end
local function dists_of(figures) return buildout()._dists_of(figures) end

local NETWORK_KEYS = { "access_rtt_ms", "backbone_rtt_ms", "usd_per_gb", "traffic_gb_per_mtok" }

-- The network figures of models/buildout.json (network = {...}) as numbers.
local function network_of(data, o)
  local net = data.network or raise("flopcost.buildout.place: the build-out file has no 'network' figures")
  local function fig(k) return o[k] or value(net[k], "network." .. k) end
  return { access_rtt_s = fig("access_rtt_ms") / 1000, backbone_rtt_s = fig("backbone_rtt_ms") / 1000,
    usd_per_gb = fig("usd_per_gb"), traffic_gb_per_mtok = fig("traffic_gb_per_mtok") }
end

-- Monte Carlo over the network figures (core.buildout.place_mc,
-- csrc/core/fc_buildout_place_mc.c): o.vary's distributions, by default each
-- ranged figure of models/buildout.json's network no option fixes
-- (fc.ranges.around). Sets rows[i].win_share, .feasible_share and .interval
-- ({total_usd, ttft_seen_s} = {p05, p50, p95, mean}); returns {samples, seed,
-- varied, none_share, best_total_usd}.
-- The distributions of the network's ranged figures no option fixes.
local function network_dists(o, data)
  local figures = {}
  for _, k in ipairs(NETWORK_KEYS) do if o[k] == nil then figures[k] = data.network[k] end end
  return (dists_of(figures))
end

local function place_draws(o, data, terms, opts, rows)
  local dists = o.vary or network_dists(o, data)
  local varied = {}
  for k in pairs(dists) do varied[#varied + 1] = k end
  table.sort(varied)
  local seed = o.seed or 42
  local mc = errors.call(function() return B.place_mc(terms, opts, dists, { samples = o.samples, seed = seed }) end)
  for i, r in ipairs(mc.rows) do
    rows[i].win_share, rows[i].feasible_share = r.wins / o.samples, r.feasible / o.samples
    rows[i].interval = { total_usd = r.total_usd, ttft_seen_s = r.ttft_seen_s }
  end
  return { samples = o.samples, seed = seed, varied = varied, none_share = mc.none / o.samples,
    best_total_usd = mc.best_total_usd }
end

local function check_place(fn, o)
  check.arg(fn, "options", o, "table", "options table")
  for _, k in ipairs { "chip", "model", "users" } do check.field(fn, "options", o, k, "string") end
  for _, k in ipairs { "train", "serve" } do
    check.field(fn, "options", o, k, function(v) return type(v) == "table" and #v >= 1 end, "list of region names")
  end
  check.field(fn, "options", o, "train_flops", function(v) return type(v) == "number" and v > 0 and v < math.huge end,
    "positive number of FLOP")
  check.field(fn, "options", o, "mtok", function(v) return type(v) == "number" and v >= 0 and v < math.huge end,
    "non-negative number of million tokens")
  check.field(fn, "options", o, "slo_ttft_s", function(v) return type(v) == "number" and v > 0 and v < math.huge end,
    "positive number of seconds")
  if o.samples ~= nil and not (math.type(o.samples) == "integer" and o.samples >= 1 and o.samples <= 1000000) then
    check.bad_field(fn, "samples", "integer in 1..1000000", o.samples)
  end
  if o.seed ~= nil and not (math.type(o.seed) == "integer" and o.seed >= 0 and o.seed < 2 ^ 53) then
    check.bad_field(fn, "seed", "non-negative integer", o.seed)
  end
  if o.vary ~= nil then
    check.field(fn, "options", o, "vary", "table", "table {network figure = fc.dist...}")
    for k in pairs(o.vary) do
      local known = false
      for _, n in ipairs(NETWORK_KEYS) do known = known or n == k end
      if not known then
        raise("%s: field 'vary': unknown network figure '%s' (one of %s)", fn, tostring(k), table.concat(NETWORK_KEYS,
          ", "))
      end
    end
  end
end

local function place_point(fn, o)
  check_place(fn, o)
  local fc = require "flopcost"
  local cat = o.catalog or require("flopcost.catalog").default()
  local data = o.data or assert(buildout().load())
  local net = network_of(data, o)
  local terms = { mtok = o.mtok, model_bytes = 0, traffic_gb_per_mtok = net.traffic_gb_per_mtok,
    usd_per_gb = net.usd_per_gb, access_rtt_s = net.access_rtt_s, backbone_rtt_s = net.backbone_rtt_s,
    slo_ttft_s = o.slo_ttft_s, budget_usd = o.budget_usd }
  local input, output = o.input_tokens or 2000, o.output_tokens or 500
  local serve, unservable = {}, {}
  for _, s in ipairs(o.serve) do
    local far = cat:region(s).name ~= cat:region(o.users).name
    local left, why = B.ttft_left(terms, far)
    local ok, r = false, why
    if left then
      ok, r = pcall(function() return fc.scenario { chip = o.serve_chip or o.chip, region = s, catalog = cat,
        workload = { kind = "inference", model = o.model, input_tokens = input, output_tokens = output,
          slo = { ttft_s = left } } }:evaluate() end)
    end
    if ok then serve[#serve + 1] = { region = cat:region(s).name, far = far, r = r }
    else unservable[cat:region(s).name] = errors.strip(tostring(r)) end
  end
  terms.model_bytes = fc.inference.serve { model = o.model, chip = o.serve_chip or o.chip, input_tokens = input,
    output_tokens = output }.weights_bytes
  local rows, opts = {}, {}
  for _, t in ipairs(o.train) do
    local train = fc.scenario { chip = o.chip, region = t, catalog = cat, job = { flops = o.train_flops } }:evaluate()
    for _, s in ipairs(serve) do
      local tr = cat:region(t).name
      rows[#rows + 1] = { train = tr, serve = s.region, train_usd = train.job.cost_usd,
        serve_usd_per_mtok = s.r.usd_per_mtok_blended, serve_ttft_s = s.r.inference.ttft_s }
      opts[#opts + 1] = { train_usd = train.job.cost_usd, serve_usd_per_mtok = s.r.usd_per_mtok_blended,
        serve_ttft_s = s.r.inference.ttft_s, cross_region = tr ~= s.region, serve_far = s.far }
    end
  end
  if #opts == 0 then raise("%s: no serving region can meet the TTFT target (%s)", fn, check.shown(o.slo_ttft_s)) end
  local res = B.place(terms, opts)
  for i, r in ipairs(res.rows) do for k, v in pairs(r) do rows[i][k] = v end end
  return { best = res.best and rows[res.best], rows = rows, unservable = unservable, terms = terms }, data, opts
end

--- Where to train and where to serve (csrc/core/fc_buildout_place.h): every
-- pair of o.train and o.serve regions, training o.train_flops on o.chip and
-- serving o.mtok million tokens of o.model to users in o.users within
-- o.slo_ttft_s (each serving site serves within the SLO less its round trip
-- to the users), under o.budget_usd. With o.samples (and o.seed, o.vary = {network figure =
-- fc.dist...}): joint draws of the network figures in C (fc_buildout_place_mc.h); each row gains
-- win_share, feasible_share and interval = {total_usd, ttft_seen_s} ({p05, p50, p95, mean}), the
-- result interval = {samples, seed, varied, none_share, best_total_usd}.
-- @tparam table o the question
-- @tparam string o.chip training chip (serve_chip: the serving one) [name]
-- @tparam string o.model the model served [name]
-- @tparam string o.users the users' region [name]
-- @tparam {string,...} o.train candidate training regions [name]
-- @tparam {string,...} o.serve candidate serving regions [name]
-- @tparam number o.train_flops training compute [FLOP]
-- @tparam number o.mtok tokens served [million tokens]
-- @tparam number o.slo_ttft_s time-to-first-token target [s]
-- @tparam[opt] number o.budget_usd spending limit [USD]
-- @tparam[opt] integer o.samples joint draws of the network figures (with seed, vary) [count]
-- @treturn table {best = row or nil, rows = {{train, serve [name], train_usd [USD], serve_usd_per_mtok [USD per
-- million tokens], serve_ttft_s, rtt_s, ttft_seen_s [s], transfer_usd, traffic_usd, total_usd [USD],
-- feasible, win_share, feasible_share [fraction], interval}}, unservable = {[region] = message},
-- interval} [placement]
-- @raise "flopcost.buildout.place: argument 'options': options table expected, got 1"
-- @usage fc.buildout.place{chip = "H800-SXM", serve_chip = "H20", model = "Llama-3.1-70B", users = "cn-east",
--   train = {"cn-guizhou"}, serve = {"cn-guizhou", "cn-east"}, train_flops = 6.354e24, mtok = 1e6,
--   slo_ttft_s = 0.6}.best.serve  --> "cn-guizhou"
function M.place(o)
  local out, data, opts = place_point("flopcost.buildout.place", o)
  if o.samples then out.interval = place_draws(o, data, out.terms, opts, out.rows) end
  return out
end

local PLACE_SOBOL_OPTS = { vary = true, output = true, pair = true, samples = true, seed = true, resamples = true,
  level = true }

--- Sobol indices (first order and total, with bootstrap intervals) of a placement output
-- over the network figures, by the C engine through fc_buildout_place_sobol_model: the
-- options of place, and vary = {network figure = fc.dist...} (default: each ranged figure
-- of models/buildout.json's network no option fixes), output = "total_usd" (default) or
-- "ttft_seen_s" of the pair = {train region, serve region} (default: the point's best), or
-- "best_total_usd"; samples = N (default 1000), seed, resamples, level.
-- @tparam table o the options of fc.buildout.place (chip, serve_chip, model, users, train, serve,
-- train_flops, mtok, slo_ttft_s, budget_usd) and vary, output, pair, samples, seed, resamples [options]
-- @treturn table a flopcost.SobolResult: first, total (by input), output, samples, mean, variance
-- (the output's unit: USD or s) [indices]
-- @raise "flopcost.buildout.place_sobol: field 'pair': no priced pair cn-east -> cn-east"
-- @usage fc.buildout.place_sobol{chip = "H800-SXM", serve_chip = "H20", model = "Llama-3.1-70B",
-- users = "cn-east", train = {"cn-guizhou"}, serve = {"cn-guizhou"}, train_flops = 6e24, mtok = 1e6,
-- slo_ttft_s = 0.6, samples = 100}.output   --> "total_usd"
function M.place_sobol(o)
  local fn = "flopcost.buildout.place_sobol"
  check.arg(fn, "options", o, "table", "options table")
  local popts = {}
  for k, v in pairs(o) do if not PLACE_SOBOL_OPTS[k] then popts[k] = v end end
  popts.vary = o.vary
  local out, data, opts = place_point(fn, popts)
  local row
  if o.pair ~= nil then
    check.field(fn, "options", o, "pair", function(v) return type(v) == "table" and type(v[1]) == "string"
      and type(v[2]) == "string" end, "{train region, serve region}")
    for i, r in ipairs(out.rows) do if r.train == o.pair[1] and r.serve == o.pair[2] then row = i end end
    if not row then raise("%s: field 'pair': no priced pair %s -> %s", fn, o.pair[1], o.pair[2]) end
  else
    for i, r in ipairs(out.rows) do if r == out.best then row = i end end
    if not row and o.output ~= "best_total_usd" then raise("%s: no pair is feasible at the point: give 'pair'", fn) end
  end
  local dists = o.vary or network_dists(o, data)
  if next(dists) == nil then check.fail(fn, "no ranged network figure is left to vary (every one fixed by an option)") end
  local raw = errors.call(function() return B.place_sobol(out.terms, opts, dists, { output = o.output or "total_usd",
    row = row, samples = o.samples, seed = o.seed, resamples = o.resamples, level = o.level }) end)
  return require("flopcost.sensitivity")._shape(raw)
end

return M
