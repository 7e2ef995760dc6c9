-- DeepSeek's published production day, from its stated inputs, beside the published figures.
--
-- Source: DeepSeek, "DeepSeek-V3/R1 Inference System Overview" (Open Source Week day 6,
-- github.com/deepseek-ai/open-infra-index, 2025-03-01), 24 h from 2025-02-27 12:00 to
-- 2025-02-28 12:00 (Beijing): all serving on H800 nodes of 8 GPUs; peak 278 nodes, average
-- 226.75; $2 per GPU-hour -> $87,072 a day; 608B input tokens, 342B (56.3 %) from the
-- on-disk KV cache; 168B output tokens at 20-22 tokens/s per user, mean KV length 4,989 per
-- output token; per H800 node 73.7k input tokens/s in prefill (cache hits included) and 14.8k
-- output tokens/s in decode; "theoretical" revenue at R1 prices ($0.14 cached, $0.55
-- uncached input, $2.19 output per million) $562,027 a day, a cost profit margin of 545 %.
--   flopcost run examples/serving/deepseek-day.lua   (or, from the checkout after make:
--   lua5.4 examples/serving/deepseek-day.lua)
dofile((debug.getinfo(1, "S").source:match("^@(.*)[/\\]") or ".") .. "/../checkout.lua")
local fc = require "flopcost"

local PUB = { nodes_peak = 278, nodes_avg = 226.75, cost = 87072, revenue = 562027, margin = 5.45,
  prefill_per_node = 73.7e3, decode_per_node = 14.8e3 }
local DAY = { input = 608e9, cached_input = 342e9, output = 168e9 }
local PRICE = { input = 0.55, cached_input = 0.14, output = 2.19 }

-- The load profile is not published: a two-level day with the published peak over mean
-- (278 / 226.75 = 1.226) for 12 hours and the rest of the tokens in the other 12 [D].
local r = PUB.nodes_peak / PUB.nodes_avg
local profile = {}
for h = 1, 24 do profile[h] = (h <= 12 and r or 2 - r) / 24 end

local M = { published = PUB }

local function fleet(extra)
  local o = { model = "DeepSeek-V3", chip = "H800-SXM", precision = "fp8", usd_per_chip_hour = 2,
    tokens_per_day = DAY, api_price_usd_per_mtok = PRICE, elastic = true, load_profile = profile }
  for k, v in pairs(extra) do o[k] = v end
  return assert(fc.inference.fleet(o))
end

-- 1. the published per-node rates: the fleet arithmetic alone
local a = fleet { rates = { prefill_tokens_per_s_per_chip = PUB.prefill_per_node / 8,
  output_tokens_per_s_per_chip = PUB.decode_per_node / 8 } }
-- 2. flopcost's own rates: the disaggregated layout search on H800 for requests shaped as the day
--    (input:output 608:168 = 3.62, KV length ~4,989 per output token -> 4,400 in / 1,216 out),
--    56.3 % prefix-cache hits, MTP at 85 % acceptance (DeepSeek-V3 report 5.4.3: 85-90 %),
--    TPOT within 1/20 s (20-22 tokens/s per user)
--    on DeepSeek's own kind of stack (serving = "wide-ep": fitted on SGLang's 96-H100 rows, so this
--    day is out of sample)
local b = fleet { request = { input_tokens = 4400, output_tokens = 1216 }, mtp = { acceptance = 0.85 },
  slo = { tpot_s = 0.05 }, serving = "wide-ep" }

M.from_published, M.from_model = a, b
if ... then return M end -- loadfile(path)("figures"): the figures without printing (spec/98-serve_spec.lua)

local function row(name, pub, x, y, fmt)
  fmt = fmt or "%12.0f"
  local function f(v) return v and fmt:format(v) or ("%12s"):format("-") end
  print(("%-34s %s %s %s %7s"):format(name, f(pub), f(x), f(y), pub and y and ("%.2f"):format(y / pub) or ""))
end
print(("%-34s %12s %12s %12s %7s"):format("DeepSeek's day on H800", "published", "pub. rates", "flopcost",
  "ratio"))
local hit = DAY.cached_input / DAY.input
row("prefill input tok/s per node", PUB.prefill_per_node, a.prefill_new_tokens_per_s_per_chip * 8 / (1 - hit),
  b.prefill_new_tokens_per_s_per_chip * 8 / (1 - hit))
row("decode output tok/s per node", PUB.decode_per_node, a.decode_output_tokens_per_s_per_chip * 8,
  b.decode_output_tokens_per_s_per_chip * 8)
row("nodes at the peak hour", PUB.nodes_peak, a.nodes, b.nodes)
row("nodes on average", PUB.nodes_avg, a.average_nodes, b.average_nodes, "%12.2f")
row("cost per day, $ ($2/GPU-h)", PUB.cost, a.cost_usd_per_day, b.cost_usd_per_day)
row("revenue per day at R1 prices, $", PUB.revenue, a.revenue_usd_per_day, b.revenue_usd_per_day)
row("cost profit margin", PUB.margin, a.margin, b.margin, "%12.2f")
row("tokens per provisioned MW, day", nil, a.tokens_per_provisioned_mw, b.tokens_per_provisioned_mw, "%12.3g")
local s = b.serve
print(("flopcost's layout: prefill EP%d (tp %d), decode EP%d (tp %d, batch %d), %.0f %% of chips in prefill,")
  :format(s.prefill_group, s.prefill_tp, s.group, s.tp, s.batch, 100 * b.prefill_chips / (b.prefill_chips + b.decode_chips)))
print(("  TPOT %.1f ms, TTFT %.2f s"):format(s.tpot_s * 1e3, s.ttft_s))
print("  stack: " .. s.stack)
print("published layout: prefill EP32 (4 nodes), decode EP144 (18 nodes); load profile derived (two levels)")
