-- Claim 14: the industry shifts from training to inference, and the chips sold
-- to China (H20: 96 GB at 4 TB/s but a seventh of an H100's FLOP/s) were
-- built for serving: "the H20 is the dearest chip per training FLOP, yet
-- memory bandwidth and capacity, not peak FLOP, set the cost of serving".
-- This seed ranks H20, H800, H100, B200 and Ascend 910B/910C by cost per
-- training FLOP (bf16, 70 % utilization) and by cost per million tokens
-- serving Llama 3.1 70B in FP8 (2000 input / 500 output tokens, half the
-- input from a prefix cache) under two latency targets, in three regions,
-- and shows what the articles' 30 % average utilization does to $/M tokens.
-- The verdict: does the H20's rank improve from training to serving?
local dir = (arg and arg[0] or ""):match("^(.*)[/\\]") or "."
local C = dofile(dir .. "/common.lua")
local fc = C.fc

C.header(14, "the H20 is dearest per training FLOP but built for serving (inference shift)",
  "Llama 3.1 70B FP8 serving vs bf16 training; TensorRT-LLM-calibrated serving model")

local CHIPS = { "H20", "H800-SXM", "H100-SXM", "B200", "Ascend-910B", "Ascend-910C" }
local REGIONS = { "us-tx", "cn-ningxia", "cn-guizhou" }
local LOAD = 0.3        -- the articles: GPUs idle below 30 % utilization
local BUSY = 0.7        -- training and a well-loaded serving fleet
local WORKLOADS = {
  interactive = { ttft_s = 0.45, tpot_s = 0.04 },  -- chat: first token < 0.45 s, 25 tokens/s per user
  relaxed = { ttft_s = 2.0, tpot_s = 0.1 },        -- batch-like: 10 tokens/s per user
}

local function training(region, chip)
  return fc.scenario { region = region, chip = chip, utilization = BUSY }
end
local function serving(region, chip, slo, load)
  return fc.scenario { region = region, chip = chip, precision = "fp8", utilization = load or BUSY,
    workload = { kind = "inference", model = "Llama-3.1-70B", input_tokens = 2000, output_tokens = 500,
      cache_hit = 0.5, slo = slo } }
end

-- Evaluates, or nil and the reason when the chip cannot serve the model.
local function try(s)
  local ok, r = pcall(s.evaluate, s)
  if ok then return r end
  return nil, (tostring(r):gsub("^.-flopcost%.scenario: ", ""))
end

-- 1-based rank of `name` among `values` (name -> cost), cheapest first.
local function rank_of(values, name)
  local k = 1
  for other, v in pairs(values) do if other ~= name and v < values[name] then k = k + 1 end end
  return k
end
local function count(t) local n = 0 for _ in pairs(t) do n = n + 1 end return n end

local cannot = {}
local ranks = {}
for _, region in ipairs(REGIONS) do
  local train, serve, serve30 = {}, {}, {}
  for _, chip in ipairs(CHIPS) do
    train[chip] = training(region, chip):evaluate().usd_per_eflop
    local r, why = try(serving(region, chip, WORKLOADS.interactive))
    if r then
      serve[chip] = r.usd_per_mtok_blended
      serve30[chip] = try(serving(region, chip, WORKLOADS.interactive, LOAD)).usd_per_mtok_blended
    else
      cannot[chip] = why
    end
  end
  -- training ranks over the chips that can serve, so both ranks count the same chips
  local train_s = {}
  for chip in pairs(serve) do train_s[chip] = train[chip] end
  C.note(("%s (ranks among the %d chips that serve the model):"):format(region, count(serve)))
  for _, chip in ipairs(CHIPS) do
    if serve[chip] then
      print(("     %-12s train $%6.2f/1e18 FLOP (#%d)   serve $%.3f/M tokens (#%d)   at 30%% load $%.3f (x%.2f)")
        :format(chip, train[chip], rank_of(train_s, chip), serve[chip], rank_of(serve, chip), serve30[chip],
          serve30[chip] / serve[chip]))
    end
  end
  ranks[region] = { train = rank_of(train_s, "H20"), serve = rank_of(serve, "H20"), n = count(serve) }
end
for chip, why in pairs(cannot) do C.note(("%s cannot serve it: %s"):format(chip, why)) end

-- The relaxed target: what a throughput-oriented service sees
local relaxed = {}
for _, chip in ipairs(CHIPS) do
  local r = try(serving("cn-ningxia", chip, WORKLOADS.relaxed))
  if r then relaxed[chip] = r.usd_per_mtok_blended end
end
C.note(("cn-ningxia, relaxed target (TTFT 2 s, 10 tokens/s per user): H20 ranks #%d of %d at $%.3f/M tokens")
  :format(rank_of(relaxed, "H20"), count(relaxed), relaxed.H20))

-- Robustness in cn-ningxia (where the H20 is sold): joint draws of every chip's
-- price (with its grey-market premium) and the region's uncertain figures.
local region = "cn-ningxia"
local sc, inputs = {}, {}
for _, chip in ipairs(CHIPS) do
  if not cannot[chip] then
    local key = chip:gsub("[^%w]", "_")
    sc["t_" .. key] = training(region, chip)
    sc["s_" .. key] = serving(region, chip, WORKLOADS.interactive)
    -- one price input per scenario (C.joint's per-scenario inputs): the training and
    -- serving rankings each see every chip's price drawn over its range
    local ti, si = C.buyer_price_input(chip, region, "t_" .. key), C.buyer_price_input(chip, region, "s_" .. key)
    ti.name, si.name = ti.name .. " (training)", si.name .. " (serving)"
    inputs[#inputs + 1], inputs[#inputs + 1] = ti, si
  end
end
for _, in_ in ipairs(C.region_inputs(region, nil)) do table.insert(inputs, 1, in_) end
local J = C.joint(sc, inputs)
local improves = C.per_draw(J, function(d)
  local t, s = {}, {}
  for _, chip in ipairs(CHIPS) do
    local key = chip:gsub("[^%w]", "_")
    if d["t_" .. key] then t[chip], s[chip] = d["t_" .. key].usd_per_eflop, d["s_" .. key].usd_per_eflop end
  end
  return rank_of(s, "H20") < rank_of(t, "H20") and 1 or 0
end)
local h20_ratio = C.per_draw(J, function(d) return d.s_H20.usd_per_eflop / d.s_H100_SXM.usd_per_eflop end)
local p = serving(region, "H20", WORKLOADS.interactive):evaluate().usd_per_mtok_blended /
  serving(region, "H100-SXM", WORKLOADS.interactive):evaluate().usd_per_mtok_blended
C.figure("H20 / H100 serving cost, cn-ningxia", p, C.quantiles(h20_ratio), function(x) return ("%.2fx"):format(x) end)

local rk = ranks[region]
local better = rk.serve < rk.train
local robust = C.holds(J, improves, function(v) return (v == 1) == better end)
C.verdict(rk.serve == 1 and "supported: the H20 is the cheapest chip for serving"
    or better and "partly supported: the H20 ranks higher for serving than for training, but is not the cheapest"
    or "not supported: the H20 ranks no better for serving than for training",
  ("in %s the H20 is #%d of %d per training FLOP and #%d of %d per M tokens at a 0.45 s / 40 ms target; "
    .. "30%% load instead of 70%% multiplies $/M tokens by %.2f-%.2fx"):format(region, rk.train, rk.n, rk.serve, rk.n,
    (function()
      local lo, hi = math.huge, 0
      for _, chip in ipairs(CHIPS) do
        if not cannot[chip] then
          local a = try(serving(region, chip, WORKLOADS.interactive, LOAD)).usd_per_mtok_blended
          local b = try(serving(region, chip, WORKLOADS.interactive)).usd_per_mtok_blended
          lo, hi = math.min(lo, a / b), math.max(hi, a / b)
        end
      end
      return lo, hi
    end)()), robust)
