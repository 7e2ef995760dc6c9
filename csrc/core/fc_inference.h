/*
** fc_inference.h -- serving a language model: prefill and decode on a group
** of accelerators, step by step on each data-parallel rank, with capacity,
** latency targets and energy.  The layout search over groups, the load
** (queueing) and the fleet over a day are in fc_serve.h.
**
** A serving group of g chips (the layout, fc_infer_params.group and .tp):
**   attention: dp = g / tp data-parallel ranks of tp tensor-parallel chips each
**     (TensorRT-LLM enable_attention_dp; DeepSeek-V3 report section 3.4:
**     "DP32 attention" in prefill, "DP attention" in decode); a dense model is
**     one rank, tp = g (Megatron tensor parallelism, Shoeybi et al. 2019),
**     or across nodes pp = g / tp pipeline stages of tp chips, each holding
**     layers / pp and passing one of pp micro-batches at a time (GPipe,
**     Huang et al. 2019; Narayanan et al. SC 2021): a stage pass reads
**     1 / (tp pp) of the weights, TPOT = pp stage passes, plus a send of the
**     micro-batch's activations to the next stage;
**   experts: ep = g, each chip holds E / g routed experts (DeepSeek-V3 report
**     section 3.4: EP32 prefill, EP320 decode; inference-system overview
**     2025-03-01: EP32 prefill on 4 nodes, EP144 decode on 18 nodes).
** Topology: chips inside a node of node_chips talk over the scale-up link
** (NVLink, HCCS), chips in other nodes over each chip's scale-out NIC
** (InfiniBand / RoCE); a group larger than a node needs scale-out.
**
**  KV bytes per token   GQA: 2 x layers x kv_heads x head_dim x b_kv
**                       MLA: layers x (kv_lora_rank + qk_rope_head_dim) x b_kv
**      (Kwon et al. 2023, vLLM / PagedAttention, section 2; DeepSeek-V2/V3
**       reports: MLA caches the compressed latent and the decoupled RoPE key);
**      a tp rank splits GQA's KV heads over min(tp, kv_heads) chips; MLA's one
**      latent is needed by every head, so each chip of the rank holds it all
**  expected experts B tokens activate per MoE layer: E x (1 - (1 - k/E)^B)
**      (uniform routing; Pope et al. 2022 appendix on MoE serving cost)
**  per chip held: b_w x (D / tp + L_moe E P_e / g),  P_e = 3 x hidden x
**      expert_intermediate (SwiGLU), D = params - L_moe E P_e (attention,
**      dense layers, shared experts, embeddings); dense model: b_w params / g
**  decode step, group batch B, rank batch b = B / dp, tokens per rank
**      b_t = b (1 + d) with d draft tokens, context c = input + output / 2:
**     memory  t_m = (b_w D / tp + b_w L_moe P_e E_act(B_t) / g + b c KV / split)
**                   / (bandwidth x eta_bw)
**     compute t_c = (2 (active - L_moe k P_e) b_t / (peak x eta_flop)
**                    + attention(b_t, c) / (attention peak x eta_flop)) / tp
**                 + imbalance x 2 L_moe P_e max(B_t k, E_act m_tile) / g / (peak x eta_flop)
**       attention FLOP per token = 2 x layers x heads x (d_qk + d_v) x c
**       (GQA d_qk = d_v = head_dim; MLA absorbed: d_qk = kv_lora + rope, d_v = kv_lora)
**       at the 16-bit peak: the attention core runs in BF16 even when the
**       GEMMs run in FP8 (DeepSeek inference-system overview, 2025-03-01:
**       "core-attention computation ... BF16"; FlashMLA is a BF16 kernel)
**       MoE at few tokens per expert: a grouped GEMM computes whole tiles of
**       m_tile rows, so an expert with t < m_tile tokens costs m_tile tokens of
**       FLOP (NVIDIA "Matrix Multiplication Background" user guide, tile
**       quantization; DeepGEMM's grouped GEMMs use 64/128-row blocks)
**       imbalance = 1 + skew sqrt(2 ln g / mu): the busiest of g chips gets
**       mu + sqrt(2 mu ln g) of mu = B_t k / g routed tokens on average
**       (balls into bins, m >> n ln n: Raab & Steger 1998, "Balls into Bins
**       -- a simple and tight analysis", theorem 1); skew 0 = balanced (EPLB)
**     network t_n per chip: tp > 1: 2 all-reduces per layer over the rank
**       (ring, 2 (tp-1)/tp x b_t hidden b_act); ep > 1: per MoE layer a
**       dispatch (b_dispatch bytes a value: FP8 in DeepEP) and a combine
**       (b_act) all-to-all, each chip sending its b_t / tp tokens' k copies,
**       (n-1)/g of them over the scale-up link; between nodes a token goes
**       once to each node holding one of its experts (DeepEP forwards inside
**       the node over NVLink), N_r = D (1 - (1 - 1/D)^k) the expected
**       distinct nodes of D its k experts fall on, at most node_limit
**       (DeepSeek-V3 report section 2.1.2: each token to at most M = 4
**       nodes), less its own: N_r (D - 1) / D copies over scale-out, the two
**       links in parallel; + latency per collective
**     exposed network = max(0, t_n - overlap x max(t_m, t_c)): two micro-
**       batches overlap one's all-to-all with the other's compute (DeepSeek
**       inference-system overview, 2025-03-01; DeepSeek-V3 report 3.4)
**     overhead = o_step + o_seq x b + o_grp x B_node: per forward pass, per
**       sequence of the rank (sampling, scheduling, KV bookkeeping run per
**       rank: each rank has its own scheduler in DP attention), and per
**       sequence of the node's ranks (B_node = b x min(g, node_chips) / tp)
**       for a stack fitted on one-node groups with such a term (TensorRT-LLM
**       rows of 4-8 chips, where node = group; 0 for DeepEP-style wide EP)
**     step = max(t_m, t_c) + exposed network + overhead   (LLM-Viewer roofline:
**       Yuan et al. 2024; Pope et al. 2022, "Efficiently Scaling Transformer Inference")
**     tokens per step per sequence with d draft tokens accepted at rate a:
**       tau = (1 - a^(d+1)) / (1 - a)    (Leviathan et al. 2023, eq. 1; d = 0: 1)
**     TPOT = step / tau;  decode tokens/s per chip = B tau / step / g
**  prefill of one request (n = input x (1 - cache hit) new tokens) on one
**     rank, its experts spread over the group:
**     FLOP = 2 x active x n + 2 x layers x heads x (d_qk + d_v) x n (T - n/2)
**       (causal attention over a context of T input tokens; GQA d = head_dim,
**        MLA non-absorbed d_qk = head_dim + rope, d_v = head_dim)
**     TTFT = step of the pass over those n tokens (as decode, without KV reads)
**     throughput: every rank runs passes of max(n, chunk) tokens (the chunk is
**     per rank: each DP rank schedules its own), dp x chunk tokens per pass
**  capacity: per chip f_kv (memory - held) >= sequences x (input + output) x KV / split
**     (TensorRT-LLM's kv_cache_free_gpu_mem_fraction), summed over the dp ranks
**  power: board W at utilization u = max(FLOP/s / peak, w_mem x bytes/s / bandwidth)
**     from the chip's curve or idle + (TDP - idle) u: memory-bound decode does
**     not draw TDP (Ma et al. 2026, arXiv:2605.11999: 137-300 W on a 700 W H200)
**
** Assumptions stated: prefill and decode are timed apart here (disaggregated,
** or aggregated with chunked prefill: fc_serve.h adds the interference and
** the queueing at a load); KV cache spread evenly over the ranks.
*/
#ifndef FC_INFERENCE_H
#define FC_INFERENCE_H

#include <stddef.h>
#include "fc_energy.h"

/* A model architecture (models/llms.json). Counts are doubles (integers in the catalog). */
typedef struct {
  double params, active_params;      /* total and per-token active parameters */
  double layers, hidden, heads, kv_heads, head_dim;
  double mla;                        /* 1: multi-head latent attention, 0: GQA */
  double kv_lora_rank, qk_rope_head_dim;
  double experts, experts_active;    /* routed experts; 0 = dense */
  double expert_intermediate, moe_layers;
  double node_limit;                 /* routed experts of a token on at most this many nodes
                                        (DeepSeek-V3: 4, node-limited routing); 0 = none */
} fc_llm;

/* One accelerator and its place in the topology. Start from
   fc_inference_chip_init (every field 0, no curve) so fields added later
   keep their neutral value. */
typedef struct {
  double peak_flops_per_s;           /* dense peak at the serving precision */
  double memory_bytes;               /* HBM capacity */
  double bandwidth_bytes_per_s;      /* HBM bandwidth */
  double link_bytes_per_s;           /* scale-up interconnect per chip, one direction; 0 = none */
  double tdp_w, idle_w;
  const fc_power_curve *power_curve; /* NULL: idle + (TDP - idle) u */
  double node_chips;                 /* chips per scale-up domain (8 in an HGX node, 72 in an
                                        NVL72 rack); 0 = the whole group shares the link */
  double scaleout_bytes_per_s;       /* scale-out NIC per chip (InfiniBand / RoCE), one
                                        direction; 0 = none: a group stays in one node */
  double attention_flops_per_s;      /* dense peak of the attention core (16-bit: FlashMLA and
                                        FlashAttention-3 decode run in BF16); 0 = peak_flops_per_s */
} fc_infer_chip;

/* The serving setup and the efficiency figures (llms.json "serving").
   Start from fc_inference_defaults. */
typedef struct {
  double weight_bytes;               /* bytes per parameter (2 bf16, 1 fp8, 0.5 fp4) */
  double kv_bytes;                   /* bytes per cached value */
  double act_bytes;                  /* bytes per activation value sent between chips */
  double input_tokens, output_tokens;
  double cache_hit;                  /* share of input tokens served from a prefix cache, [0, 1) */
  double group;                      /* chips per serving group g (= ep for a MoE), integer >= 1 */
  double bandwidth_efficiency, flop_efficiency, link_efficiency; /* (0, 1] */
  double step_overhead_s;            /* fixed per forward pass (launches, scheduling), >= 0 */
  double sequence_overhead_s;        /* per sequence of a rank in a pass (sampling, bookkeeping), >= 0 */
  double collective_latency_s;       /* per collective, >= 0 */
  double kv_memory_fraction;         /* (0, 1] */
  double prefill_chunk_tokens;       /* tokens per prefill pass of one rank, >= 1 */
  double decode_power_weight;        /* [0, 1] */
  double draft_tokens;               /* speculative / MTP draft tokens per step, integer >= 0 */
  double acceptance;                 /* acceptance rate of a draft token, [0, 1] */
  /* the layout and the terms of the per-rank step (defaults: neutral) */
  double tp;                         /* attention tensor-parallel chips per rank, dividing group;
                                        0 = auto: g for a dense model, else the fewest that fit */
  double moe_tile_tokens;            /* grouped-GEMM tile rows m_tile, >= 1 (1: no tile penalty) */
  double routing_skew;               /* scale of the busiest chip's excess load, >= 0 (0: balanced) */
  double overlap;                    /* share of compute time the all-to-all hides behind, [0, 1] */
  double scaleout_efficiency;        /* achieved share of the scale-out NIC rate, (0, 1] */
  double dispatch_bytes;             /* bytes per value of the dispatch all-to-all (1: FP8
                                        dispatch as DeepEP and DeepSeek); 0 = act_bytes */
  double group_sequence_overhead_s;  /* per sequence of the node's ranks in a pass, >= 0: a cost
                                        every rank of a node waits for (a stack that synchronises
                                        host work over the node); 0 for a stack whose ranks run alone */
} fc_infer_params;

/* What stops the batch growing, or what a step is bound by. */
typedef enum {
  FC_BOUND_MEMORY = 0,    /* memory bandwidth (decode roofline) */
  FC_BOUND_COMPUTE,       /* FLOP/s */
  FC_BOUND_CAPACITY,      /* weights + KV fill the group's memory */
  FC_BOUND_LATENCY        /* the TPOT target */
} fc_infer_bound;

/* One operating point (one layout, one batch). Per chip unless named. */
typedef struct {
  double group, batch, max_batch;    /* group = ep for a MoE; batch and max_batch: the group's */
  double tp, dp;                     /* attention layout: dp ranks of tp chips */
  double pp;                         /* pipeline stages of a dense model's rank (1: none) */
  double nodes;                      /* nodes the group spans (1 without topology) */
  double rank_batch;                 /* sequences per data-parallel rank, batch / dp */
  double imbalance;                  /* busiest chip's routed load over the mean (1: dense) */
  double moe_flop_efficiency;        /* routed tokens over tile-padded tokens (1: dense) */
  double exposed_network_s;          /* network time not hidden by overlap (in step_s) */
  double step_s, memory_s, compute_s, network_s, overhead_s, tpot_s, ttft_s;
  double tokens_per_step;            /* tau, per sequence */
  double decode_tokens_per_s_per_chip;
  double prefill_tokens_per_s_per_chip; /* new (uncached) input tokens */
  double output_tokens_per_s_per_chip;  /* end to end: output tokens over prefill + decode chip time */
  double tokens_per_s_per_chip;         /* input + output tokens over the same chip time */
  double tokens_per_s_per_user;         /* 1 / TPOT */
  double chip_s_per_request;            /* prefill + decode chip-seconds of one request */
  double prefill_chip_s, decode_chip_s; /* its two parts */
  double experts_per_layer;             /* expected experts read per MoE layer (0 dense) */
  double weights_read_bytes, kv_read_bytes; /* per step, whole group */
  double kv_bytes_per_token, weights_bytes; /* model weights in memory, whole group */
  double decode_utilization, prefill_utilization; /* for the power curve */
  double decode_power_w, prefill_power_w;  /* board power per chip */
  double j_per_output_token, j_per_input_token, j_per_token; /* board energy */
  double output_tokens_per_s, tokens_per_s; /* the whole group, end to end (fc_serve: all the chips) */
  /* set by fc_serve_result_point (0 for a single layout's point) */
  double chips;                         /* chips given to the search (0: one group) */
  double disaggregated;                 /* 1: prefill and decode on separate pools */
  double prefill_group, prefill_tp, prefill_dp, prefill_chips, decode_chips; /* the pools */
  double requests_per_s, queue_s;       /* served, and the prefill wait in ttft_s */
  int roofline;                         /* FC_BOUND_MEMORY or FC_BOUND_COMPUTE of the decode step */
  int bound;                            /* the roofline, or capacity / latency for a solved point */
} fc_infer_point;

/* Every field of c 0, no power curve (no topology: one node of any size). */
void fc_inference_chip_init(fc_infer_chip *c);

/* Fills p with the neutral defaults (bf16 weights and KV, group 1, 1000/1000
   tokens, no cache, the default serving figures of llms.json). */
void fc_inference_defaults(fc_infer_params *p);

/* KV-cache bytes per token of context (formula above). Errors: FC_EINVAL, FC_EDOM. */
int fc_inference_kv_bytes_per_token(const fc_llm *m, double bytes_per_value, double *out);

/* Expected distinct experts E (1 - (1 - k/E)^B) that B tokens activate, each
   choosing k of E uniformly. E >= k >= 1, B >= 0. Errors: FC_EDOM. */
int fc_inference_expected_experts(double experts, double active, double tokens, double *out);

/* Checks m, c and p; *bad_field names the first bad field. Errors: FC_EDOM, FC_EINVAL. */
int fc_inference_check(const fc_llm *m, const fc_infer_chip *c, const fc_infer_params *p,
                       const char **bad_field);

/* Largest batch that fits (0 when the weights alone do not fit) and the
   group memory the weights need plus one sequence's KV, in bytes. */
int fc_inference_max_batch(const fc_llm *m, const fc_infer_chip *c, const fc_infer_params *p,
                           double *max_batch, double *need_bytes);

/* One operating point at `batch` sequences (1 <= batch; may exceed max_batch:
   then bound is FC_BOUND_CAPACITY and the point is not servable).
   Errors: FC_EDOM / FC_EINVAL with *bad_field, FC_ERANGE. */
int fc_inference_point(const fc_llm *m, const fc_infer_chip *c, const fc_infer_params *p,
                       double batch, fc_infer_point *out, const char **bad_field);

/*
** The frontier: for each group size groups[i] (p->group ignored), every batch
** 1..max_batch (at most max_points points in all; batches beyond the budget
** are spaced geometrically).  Writes up to cap points to out, *n the count;
** with out == NULL it only counts (*n: the points it would write), so a
** caller can size its buffer exactly.
** Errors: FC_EDOM (bad input).
*/
int fc_inference_frontier(const fc_llm *m, const fc_infer_chip *c, const fc_infer_params *p,
                          const double *groups, size_t ngroups, fc_infer_point *out, size_t cap,
                          size_t *n, const char **bad_field);

/*
** The Pareto frontier of n points: the indices (into pts) of the points no
** other point beats on both tokens/s per user and output tokens/s per chip
** (end to end), in ascending tokens/s per user; *m of them, written to idx.
** idx and work hold n entries each.  O(n log r) for r ordered runs (the
** frontier's groups).  Errors: FC_EINVAL.
*/
int fc_inference_pareto(const fc_infer_point *pts, size_t n, size_t *idx, size_t *work, size_t *m);

/*
** The best point within the targets (ttft_s, tpot_s; 0 = none): over the
** groups given (or p->group when ngroups is 0) and every batch, the one with
** the most output tokens/s per chip end to end.  FC_EDOM with *tightest_tpot_s
** and *tightest_ttft_s (the lowest achievable values, batch 1, over the
** groups) when no point meets the targets; FC_ENOTFOUND when the model fits
** in no group (*need_bytes: memory for weights + one sequence).
*/
int fc_inference_solve(const fc_llm *m, const fc_infer_chip *c, const fc_infer_params *p,
                       const double *groups, size_t ngroups, double ttft_s, double tpot_s,
                       fc_infer_point *best, double *tightest_ttft_s, double *tightest_tpot_s,
                       double *need_bytes, const char **bad_field);

/*
** The cost chain's view of a serving point (fc_scenario.h): an accelerator's
** useful work becomes tokens (input + output) instead of FLOP, so every cost
** of the chain divides by tokens:
**   peak_flops_per_s = tokens_per_s_per_chip, mfu = scaling = goodput = 1
**   tdp_w = busy board power (prefill and decode power weighted by their chip
**           time); idle_w = min(idle, busy); no power curve: power at load u
**           is idle + (busy - idle) u, u = p->utilization = load over the day
**   it_kw_per_accel = the chip's TDP x server power multiple (the facility
**           is built for full power even when serving draws less)
** Then $ per 1e18 "FLOP" of the result is $ per 1e18 tokens.
*/
int fc_inference_to_scenario(const fc_infer_point *pt, double *peak_flops_per_s, double *tdp_w,
                             double *idle_w, double *it_kw_per_accel, double server_power_multiple);

/*
** $ per million tokens from the chain's $ and kWh per 1e18 tokens:
**   blended = usd_per_eflop x 1e-12 (all input and output tokens alike)
**   input   = blended x (in + out) x s / in,  output = blended x (in + out) x (1 - s) / out
** with s the share of serving chip time spent in prefill, so that
**   in x input + out x output = (in + out) x blended  (the blend: token-weighted);
** cached input tokens cost nothing extra (the input price averages over them).
**   j_per_token = kwh_per_eflop x 3.6e6 / 1e18 (at the meter: server overhead, PUE, idle hours)
*/
int fc_inference_costs(double usd_per_eflop, double kwh_per_eflop, double prefill_share, double input_tokens,
                       double output_tokens, double *usd_per_mtok_input, double *usd_per_mtok_output,
                       double *usd_per_mtok_blended, double *j_per_token);

/* Share of a request's serving chip time spent in prefill. */
double fc_inference_prefill_share(const fc_infer_point *pt);

/* "memory", "compute", "capacity", "latency" */
const char *fc_inference_bound_name(int bound);

#endif
