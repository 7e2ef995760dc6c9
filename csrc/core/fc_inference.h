/*
** fc_inference.h -- serving a language model: prefill and decode on a group
** of accelerators, by roofline, with capacity, latency targets and energy.
**
** Per serving group of g chips (tensor parallel for dense models, expert
** parallel with data-parallel attention for mixtures of experts, within a
** node), weights and KV cache spread evenly over the g chips:
**
**  KV bytes per token   GQA: 2 x layers x kv_heads x head_dim x b_kv
**                       MLA: layers x (kv_lora_rank + qk_rope_head_dim) x b_kv
**      (Kwon et al. 2023, vLLM / PagedAttention, section 2; DeepSeek-V2/V3
**       reports: MLA caches the compressed latent and the decoupled RoPE key)
**  expected experts a batch of B tokens activates per MoE layer
**                       E x (1 - (1 - k/E)^B)      (uniform routing, each token
**      picks k of E; Pope et al. 2022 appendix on MoE serving cost; DeepSeek-V3
**      report section 3.4 on expert load) -- weights read per step
**                       W(B) = b_w x (g x D + L_moe E_act(B) P_e),
**      P_e = 3 x hidden x expert_intermediate (SwiGLU expert), D = params - L_moe E P_e
**      the dense part, replicated on each of the g chips (data-parallel
**      attention) when that still fits, else split (x 1 instead of x g);
**      a dense model is split: W = b_w x params
**  capacity: b_w x (g D + L_moe E P_e) for MoE, b_w x params for dense
**  decode step (batch B sequences, context c = input + output/2 on average):
**     memory  t_m = (W(B) + B c KV) / g / (bandwidth x eta_bw)
**     compute t_c = (2 x active x B x (1 + d) + attention) / g / (peak x eta_flop)
**       attention FLOP per sequence = 2 x layers x heads x (d_qk + d_v) x c
**       (GQA d_qk = d_v = head_dim; MLA absorbed: d_qk = kv_lora + rope, d_v = kv_lora)
**     network t_n = per layer, 2 collectives (TP all-reduce: ring 2 (g-1)/g x
**       B x hidden x b_act; EP: dispatch + combine all-to-all (g-1)/g x B/g x k x
**       hidden x b_act x 2) at link bandwidth x eta_link, + latency each
**     overhead = o_step + o_seq x sequences in the pass (B in a decode step,
**       1 for a request's prefill, chunk / n in a throughput pass): a fixed
**       part per forward pass (kernel launches or CUDA-graph replay, the
**       scheduler, the host-device sync) and a part per sequence (sampling,
**       per-request scheduling and KV-block bookkeeping), paid by the whole
**       group (every chip waits for the pass); figures and sources: llms.json
**     step = max(t_m, t_c) + t_n + overhead     (LLM-Viewer roofline: Yuan et al.
**       2024, "LLM Inference Unveiled: Survey and Roofline Model Insights";
**       Pope et al. 2022, "Efficiently Scaling Transformer Inference")
**     tokens per step per sequence with d draft tokens accepted at rate a:
**       tau = (1 - a^(d+1)) / (1 - a)    (Leviathan et al. 2023, eq. 1; d = 0: 1)
**     TPOT = step / tau;  decode tokens/s per chip = B tau / step / g
**  prefill of one request (n = input x (1 - cache hit) new tokens):
**     FLOP = 2 x active x n + 2 x layers x heads x (d_qk + d_v) x n (T - n/2)
**       (causal attention over a context of T input tokens; GQA d = head_dim,
**        MLA non-absorbed d_qk = head_dim + rope, d_v = head_dim)
**     TTFT = max(FLOP / g / (peak eta_flop), W(n) / g / (bw eta_bw)) + t_n(n) + overhead(1 sequence)
**     throughput uses passes of max(n, chunk) tokens (in-flight batching)
**     + B x (input + output) x KV <= g x memory, with the KV cache given f_kv of
**     the memory left after the weights (TensorRT-LLM's kv_cache_free_gpu_mem_fraction)
**  power: board W at utilization u = max(FLOP/s / peak, w_mem x bytes/s / bandwidth)
**     from the chip's curve or idle + (TDP - idle) u: memory-bound decode does
**     not draw TDP (Ma et al. 2026, arXiv:2605.11999: 137-300 W on a 700 W H200)
**
** Assumptions stated: prefill and decode are timed apart (disaggregated or
** perfectly chunked); no queueing delay in TTFT; KV cache spread evenly.
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
} fc_llm;

/* One accelerator. */
typedef struct {
  double peak_flops_per_s;           /* dense peak at the serving precision */
  double memory_bytes;               /* HBM capacity */
  double bandwidth_bytes_per_s;      /* HBM bandwidth */
  double link_bytes_per_s;           /* scale-up interconnect per chip; 0 = none (g must be 1) */
  double tdp_w, idle_w;
  const fc_power_curve *power_curve; /* NULL: idle + (TDP - idle) u */
} fc_infer_chip;

/* The serving setup and the efficiency figures (llms.json "serving"). */
typedef struct {
  double weight_bytes;               /* bytes per parameter (2 bf16, 1 fp8, 0.5 fp4) */
  double kv_bytes;                   /* bytes per cached value */
  double act_bytes;                  /* bytes per activation value sent between chips */
  double input_tokens, output_tokens;
  double cache_hit;                  /* share of input tokens served from a prefix cache, [0, 1) */
  double group;                      /* chips per serving group, integer >= 1 */
  double bandwidth_efficiency, flop_efficiency, link_efficiency; /* (0, 1] */
  double step_overhead_s;            /* fixed per forward pass (launches, scheduling), >= 0 */
  double sequence_overhead_s;        /* per sequence in a pass (sampling, bookkeeping), >= 0 */
  double collective_latency_s;       /* per collective, >= 0 */
  double kv_memory_fraction;         /* (0, 1] */
  double prefill_chunk_tokens;       /* >= 1 */
  double decode_power_weight;        /* [0, 1] */
  double draft_tokens;               /* speculative / MTP draft tokens per step, integer >= 0 */
  double acceptance;                 /* acceptance rate of a draft token, [0, 1] */
} fc_infer_params;

/* What stops the batch growing, or what a step is bound by. */
typedef enum {
  FC_BOUND_MEMORY = 0,    /* memory bandwidth (decode roofline) */
  FC_BOUND_COMPUTE,       /* FLOP/s */
  FC_BOUND_CAPACITY,      /* weights + KV fill the group's memory */
  FC_BOUND_LATENCY        /* the TPOT target */
} fc_infer_bound;

/* One operating point (one group size, one batch). Per chip unless named. */
typedef struct {
  double group, batch, max_batch;
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
  int roofline;                         /* FC_BOUND_MEMORY or FC_BOUND_COMPUTE of the decode step */
  int bound;                            /* the roofline, or capacity / latency for a solved point */
} fc_infer_point;

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
