/*
** fc_inference.c -- the serving model of fc_inference.h (formulas and their
** sources are listed there; each function below names the one it implements).
*/
#include <math.h>
#include <string.h>
#include "fc_status.h"
#include "fc_inference.h"
#include "fc_serve_internal.h"
#include "fc_serve_internal.h"

void fc_inference_defaults(fc_infer_params *p) {
  memset(p, 0, sizeof *p);
  p->weight_bytes = 2.0;
  p->kv_bytes = 2.0;
  p->act_bytes = 2.0;
  p->input_tokens = 1000.0;
  p->output_tokens = 1000.0;
  p->group = 1.0;
  /* models/llms.json "serving" default profile */
  p->bandwidth_efficiency = 0.8;
  p->flop_efficiency = 0.6;
  p->link_efficiency = 0.7;
  p->step_overhead_s = 0.002;
  p->sequence_overhead_s = 0.0;
  p->collective_latency_s = 1e-5;
  p->kv_memory_fraction = 0.9;
  p->prefill_chunk_tokens = 8192.0;
  p->decode_power_weight = 0.35;
  p->acceptance = 0.0;
  /* neutral per-rank terms: automatic attention layout, no tile penalty,
     balanced routing, no overlap; full scale-out rate */
  p->tp = 0.0;
  p->moe_tile_tokens = 1.0;
  p->routing_skew = 0.0;
  p->overlap = 0.0;
  p->scaleout_efficiency = 1.0;
  p->group_sequence_overhead_s = 0.0;
}

void fc_inference_chip_init(fc_infer_chip *c) {
  memset(c, 0, sizeof *c);
  c->power_curve = NULL;
}

/* {====================================================================
** Validation
** ===================================================================== */

static int pos(double x) { return isfinite(x) && x > 0.0; }
static int nonneg(double x) { return isfinite(x) && x >= 0.0; }
static int unit_open(double x) { return isfinite(x) && x > 0.0 && x <= 1.0; }
static int frac(double x) { return isfinite(x) && x >= 0.0 && x <= 1.0; }
static int whole(double x) { return isfinite(x) && x == floor(x); }

#define BAD(name) do { if (bad_field) *bad_field = (name); return FC_EDOM; } while (0)

/* Parameters of one routed expert: SwiGLU gate, up and down projections. */
static double expert_params(const fc_llm *m) { return 3.0 * m->hidden * m->expert_intermediate; }

static int check_llm(const fc_llm *m, const char **bad_field) {
  if (!pos(m->params)) BAD("params");
  if (!pos(m->active_params) || m->active_params > m->params) BAD("active_params");
  if (!pos(m->layers) || !whole(m->layers)) BAD("layers");
  if (!pos(m->hidden)) BAD("hidden");
  if (!pos(m->heads)) BAD("heads");
  if (!pos(m->kv_heads) || m->kv_heads > m->heads) BAD("kv_heads");
  if (!pos(m->head_dim)) BAD("head_dim");
  if (m->mla != 0.0 && m->mla != 1.0) BAD("mla");
  if (m->mla == 1.0 && (!pos(m->kv_lora_rank) || !pos(m->qk_rope_head_dim)))
    BAD(pos(m->kv_lora_rank) ? "qk_rope_head_dim" : "kv_lora_rank");
  if (!nonneg(m->experts)) BAD("experts");
  if (m->experts > 0.0) {
    if (!pos(m->experts_active) || m->experts_active > m->experts) BAD("experts_active");
    if (!pos(m->expert_intermediate)) BAD("expert_intermediate");
    if (!pos(m->moe_layers) || m->moe_layers > m->layers) BAD("moe_layers");
    if (!whole(m->node_limit) || m->node_limit < 0.0) BAD("node_limit");
    /* the routed experts cannot hold more than all the parameters */
    if (m->moe_layers * m->experts * expert_params(m) > m->params) BAD("expert_intermediate");
  }
  return FC_OK;
}

static int check_chip(const fc_infer_chip *c, const char **bad_field) {
  if (!pos(c->peak_flops_per_s)) BAD("peak_flops_per_s");
  if (!pos(c->memory_bytes)) BAD("memory_bytes");
  if (!pos(c->bandwidth_bytes_per_s)) BAD("bandwidth_bytes_per_s");
  if (!nonneg(c->link_bytes_per_s)) BAD("link_bytes_per_s");
  if (!pos(c->tdp_w)) BAD("tdp_w");
  if (!nonneg(c->idle_w) || c->idle_w > c->tdp_w) BAD("idle_w");
  if (!whole(c->node_chips) || c->node_chips < 0.0 || c->node_chips > 1024.0) BAD("node_chips");
  if (!nonneg(c->scaleout_bytes_per_s)) BAD("scaleout_bytes_per_s");
  if (!nonneg(c->attention_flops_per_s)) BAD("attention_flops_per_s");
  return FC_OK;
}

static int check_params(const fc_infer_params *p, const char **bad_field) {
  if (!pos(p->weight_bytes)) BAD("weight_bytes");
  if (!pos(p->kv_bytes)) BAD("kv_bytes");
  if (!pos(p->act_bytes)) BAD("act_bytes");
  if (!isfinite(p->input_tokens) || p->input_tokens < 1.0) BAD("input_tokens");
  if (!isfinite(p->output_tokens) || p->output_tokens < 1.0) BAD("output_tokens");
  if (!isfinite(p->cache_hit) || p->cache_hit < 0.0 || p->cache_hit >= 1.0) BAD("cache_hit");
  if (!whole(p->group) || p->group < 1.0 || p->group > 1024.0) BAD("group");
  if (!unit_open(p->bandwidth_efficiency)) BAD("bandwidth_efficiency");
  if (!unit_open(p->flop_efficiency)) BAD("flop_efficiency");
  if (!unit_open(p->link_efficiency)) BAD("link_efficiency");
  if (!nonneg(p->step_overhead_s)) BAD("step_overhead_s");
  if (!nonneg(p->sequence_overhead_s)) BAD("sequence_overhead_s");
  if (!nonneg(p->collective_latency_s)) BAD("collective_latency_s");
  if (!unit_open(p->kv_memory_fraction)) BAD("kv_memory_fraction");
  if (!isfinite(p->prefill_chunk_tokens) || p->prefill_chunk_tokens < 1.0) BAD("prefill_chunk_tokens");
  if (!frac(p->decode_power_weight)) BAD("decode_power_weight");
  if (!whole(p->draft_tokens) || p->draft_tokens < 0.0 || p->draft_tokens > 64.0) BAD("draft_tokens");
  if (!frac(p->acceptance)) BAD("acceptance");
  if (!whole(p->tp) || p->tp < 0.0 || p->tp > 1024.0) BAD("tp");
  if (!isfinite(p->moe_tile_tokens) || p->moe_tile_tokens < 1.0 || p->moe_tile_tokens > 4096.0)
    BAD("moe_tile_tokens");
  if (!nonneg(p->routing_skew) || p->routing_skew > 10.0) BAD("routing_skew");
  if (!frac(p->overlap)) BAD("overlap");
  if (!unit_open(p->scaleout_efficiency)) BAD("scaleout_efficiency");
  if (!nonneg(p->group_sequence_overhead_s)) BAD("group_sequence_overhead_s");
  if (!nonneg(p->dispatch_bytes)) BAD("dispatch_bytes");
  return FC_OK;
}

int fc_inference_check(const fc_llm *m, const fc_infer_chip *c, const fc_infer_params *p,
                       const char **bad_field) {
  int st;
  if (bad_field) *bad_field = NULL;
  if (!m || !c || !p) return FC_EINVAL;
  if ((st = check_llm(m, bad_field)) || (st = check_chip(c, bad_field)) ||
      (st = check_params(p, bad_field)))
    return st;
  /* a group of several chips talks over the scale-up link, a group larger
     than a node also over scale-out; tp divides the group and stays in a node
     unless scale-out carries it */
  if (p->group > 1.0 && c->link_bytes_per_s <= 0.0) BAD("link_bytes_per_s");
  if (c->node_chips > 0.0 && p->group > c->node_chips && c->scaleout_bytes_per_s <= 0.0)
    BAD("scaleout_bytes_per_s");
  if (p->tp > 0.0 && (p->tp > p->group || fmod(p->group, p->tp) != 0.0)) BAD("tp");
  return FC_OK;
}

/* }==================================================================== */

/* {====================================================================
** The formulas (sources in fc_inference.h)
** ===================================================================== */

/* Kwon et al. 2023 (GQA: K and V per KV head); DeepSeek-V3 report (MLA:
   the compressed latent plus the decoupled RoPE key). */
static double kv_per_token(const fc_llm *m, double b) {
  if (m->mla == 1.0) return m->layers * (m->kv_lora_rank + m->qk_rope_head_dim) * b;
  return 2.0 * m->layers * m->kv_heads * m->head_dim * b;
}

int fc_inference_kv_bytes_per_token(const fc_llm *m, double bytes_per_value, double *out) {
  const char *bad;
  int st;
  if (!m || !out) return FC_EINVAL;
  if ((st = check_llm(m, &bad))) return st;
  if (!pos(bytes_per_value)) return FC_EDOM;
  *out = kv_per_token(m, bytes_per_value);
  return FC_OK;
}

/* E (1 - (1 - k/E)^B): each of B tokens picks k of E experts uniformly; an
   expert stays unread with probability (1 - k/E)^B.  log1p keeps it exact
   for large E. */
static double expected_experts(double e, double k, double tokens) {
  if (k >= e) return e;
  return e * -expm1(tokens * log1p(-k / e));
}

int fc_inference_expected_experts(double experts, double active, double tokens, double *out) {
  if (!out) return FC_EINVAL;
  if (!pos(experts) || !pos(active) || active > experts || !nonneg(tokens)) return FC_EDOM;
  *out = expected_experts(experts, active, tokens);
  return FC_OK;
}

/* Parameters outside the routed experts (attention, dense layers, shared
   experts, embeddings); all parameters for a dense model. */
static double dense_params(const fc_llm *m) {
  if (m->experts <= 0.0) return m->params;
  return m->params - m->moe_layers * m->experts * expert_params(m);
}

/* Active parameters outside the routed experts (0 floor for a catalog entry
   whose active count leaves nothing outside them). */
static double dense_active(const fc_llm *m) {
  if (m->experts <= 0.0) return m->active_params;
  return fmax(0.0, m->active_params - m->moe_layers * m->experts_active * expert_params(m));
}

/* The layout of a checked p on c: dp ranks of tp chips (a MoE), or one
   rank of pp pipeline stages of tp chips (a dense model), the group's chips
   in one node (n) and the nodes it spans. */
typedef struct { double g, tp, dp, pp, n, nodes; } layout;

/* Pipeline stages: a dense model's group of g chips runs g / tp stages of
   tp tensor-parallel chips (GPipe, Huang et al. 2019; Megatron-LM's
   interleaved tensor x pipeline layout, Narayanan et al. SC 2021), each
   holding layers / pp; a MoE's ranks are data-parallel (pp = 1). */
static double pp_of(const fc_llm *m, const fc_infer_params *p, double tp) {
  return m->experts > 0.0 ? 1.0 : p->group / tp;
}

/* Per-chip bytes of the weights a rank of tp chips (x pp stages) holds. */
static double held_per_chip(const fc_llm *m, const fc_infer_params *p, double tp) {
  double experts = m->experts > 0.0 ? m->moe_layers * m->experts * expert_params(m) : 0.0;
  return p->weight_bytes * (dense_params(m) / (tp * pp_of(m, p, tp)) + experts / p->group);
}

/* Chips a rank spreads one sequence's KV over: GQA splits its KV heads over
   min(tp, kv_heads); MLA's latent serves every head, so each chip holds it;
   pipeline stages each hold their own layers' KV. */
static double kv_split(const fc_llm *m, const fc_infer_params *p, double tp) {
  return (m->mla == 1.0 ? 1.0 : fmin(tp, m->kv_heads)) * pp_of(m, p, tp);
}

/* Sequences one rank of tp chips holds: f_kv of each chip's memory after
   the weights (TensorRT-LLM's kv_cache_free_gpu_mem_fraction). */
static double rank_capacity(const fc_llm *m, const fc_infer_chip *c, const fc_infer_params *p, double tp) {
  double seq = (p->input_tokens + p->output_tokens) * kv_per_token(m, p->kv_bytes) / kv_split(m, p, tp);
  double kv = p->kv_memory_fraction * (c->memory_bytes - held_per_chip(m, p, tp));
  return kv < seq ? 0.0 : floor(kv / seq);
}

/* tp = 0 (auto): a dense model splits over the whole group (Megatron); a
   MoE takes the fewest attention chips per rank (a power of two dividing g,
   inside a node) that hold one sequence, data-parallel attention when it
   fits (TensorRT-LLM enable_attention_dp), else the most it may use. */
static double auto_tp(const fc_llm *m, const fc_infer_chip *c, const fc_infer_params *p) {
  double g = p->group, most = c->node_chips > 0.0 ? fmin(g, c->node_chips) : g, tp;
  if (m->experts <= 0.0) return most < g && fmod(g, most) == 0.0 ? most : g; /* tp in a node, pp across */
  for (tp = 1.0; tp <= most; tp *= 2.0) {
    if (fmod(g, tp) != 0.0) break;
    if (rank_capacity(m, c, p, tp) >= 1.0) return tp;
  }
  return tp / 2.0;
}

static layout layout_of(const fc_llm *m, const fc_infer_chip *c, const fc_infer_params *p) {
  layout l;
  l.g = p->group;
  l.tp = p->tp > 0.0 ? p->tp : auto_tp(m, c, p);
  l.pp = pp_of(m, p, l.tp);
  l.dp = l.g / (l.tp * l.pp);
  l.n = c->node_chips > 0.0 ? fmin(c->node_chips, l.g) : l.g;
  l.nodes = ceil(l.g / l.n);
  return l;
}

/* Weight bytes one chip reads in a pass whose routed tokens number `tokens`
   over the group (each chip reads its share of the experts they activate). */
static double weights_read(const fc_llm *m, const fc_infer_params *p, const layout *l, double tokens,
                           double *experts_read) {
  if (m->experts <= 0.0) {
    *experts_read = 0.0;
    return p->weight_bytes * m->params / (l->tp * l->pp);
  }
  *experts_read = expected_experts(m->experts, m->experts_active, tokens);
  return p->weight_bytes * (dense_params(m) / l->tp + m->moe_layers * *experts_read * expert_params(m) / l->g);
}

/* Attention FLOP per token attending over `ctx` tokens: 2 x layers x heads x
   (d_qk + d_v) x ctx.  Decode uses MLA's absorbed form (over the latent),
   prefill the expanded heads. */
static double attn_flop_per_ctx(const fc_llm *m, int decode) {
  double dqk, dv;
  if (m->mla == 1.0 && decode) {
    dqk = m->kv_lora_rank + m->qk_rope_head_dim;
    dv = m->kv_lora_rank;
  } else if (m->mla == 1.0) {
    dqk = m->head_dim + m->qk_rope_head_dim;
    dv = m->head_dim;
  } else {
    dqk = dv = m->head_dim;
  }
  return 2.0 * m->layers * m->heads * (dqk + dv);
}

/* The busiest chip's routed load over the mean: mu = tokens x k / g routed
   token copies per chip on average, the largest of g about mu + sqrt(2 mu
   ln g) (Raab & Steger 1998, theorem 1, m >> n ln n), scaled by the skew. */
static double imbalance(const fc_llm *m, const fc_infer_params *p, double tokens) {
  double g = p->group, mu;
  if (m->experts <= 0.0 || g <= 1.0 || p->routing_skew <= 0.0) return 1.0;
  mu = tokens * m->experts_active / g;
  if (mu <= 0.0) return 1.0;
  return 1.0 + p->routing_skew * sqrt(2.0 * log(g) / mu);
}

/* Time of one chip's routed-expert FLOP for `tokens` tokens over the group:
   whole m_tile-row tiles per activated expert (grouped GEMM tile
   quantization), x the imbalance; *eff = useful over padded token rows. */
static double moe_flop_s(const fc_llm *m, const fc_infer_params *p, double tokens, double flops, double *eff) {
  double ex, rows, useful;
  *eff = 1.0;
  if (m->experts <= 0.0) return 0.0;
  useful = tokens * m->experts_active;
  ex = expected_experts(m->experts, m->experts_active, tokens);
  rows = fmax(useful, ex * p->moe_tile_tokens);
  if (rows > 0.0) *eff = useful / rows;
  return imbalance(m, p, tokens) * 2.0 * m->moe_layers * expert_params(m) * rows / p->group / flops;
}

/* Network time of one chip in a pass where each rank carries `rank_tokens`
   tokens.  tp > 1: Megatron's 2 all-reduces per layer, ring 2 (tp-1)/tp x
   bytes (Pope et al. 2022 section 3.2), over scale-out when the rank spans
   nodes.  ep > 1: a dispatch and a combine all-to-all per MoE layer
   (DeepSeek-V3 report section 3.4), each chip sending its tokens' k copies,
   (n-1)/g of them inside the node and (g-n)/g to other nodes, both links at
   once (DeepEP: RDMA between nodes, NVLink inside). */
static double network_s(const fc_llm *m, const fc_infer_chip *c, const fc_infer_params *p, const layout *l,
                        double rank_tokens) {
  double link = c->link_bytes_per_s * p->link_efficiency, t = 0.0;
  double out = c->scaleout_bytes_per_s * p->scaleout_efficiency;
  if (l->tp > 1.0) {
    double bw = l->tp > l->n ? fmin(link, out) : link;
    double bytes = rank_tokens * m->hidden * p->act_bytes;
    t += m->layers / l->pp * 2.0 * (2.0 * (l->tp - 1.0) / l->tp * bytes / bw + p->collective_latency_s);
  }
  /* pipeline: each stage sends its tokens' activations to the next, over
     scale-out when the stages are nodes (a point-to-point send per pass) */
  if (l->pp > 1.0)
    t += rank_tokens * m->hidden * p->act_bytes / (l->tp < l->n ? link : (out > 0.0 ? out : link)) +
         p->collective_latency_s;
  if (m->experts > 0.0 && l->g > 1.0) {
    double tokens = rank_tokens / l->tp, k = m->experts_active, d = l->nodes;
    double per_token = m->hidden * (p->act_bytes + (p->dispatch_bytes > 0.0 ? p->dispatch_bytes : p->act_bytes));
    double inside = tokens * k * (l->n - 1.0) / l->g * per_token / link, across = 0.0;
    if (d > 1.0) {
      /* distinct nodes a token's k experts fall on, each on one of d nodes */
      double nodes_hit = d * -expm1(k * log1p(-1.0 / d));
      if (m->node_limit > 0.0) nodes_hit = fmin(nodes_hit, m->node_limit);
      across = tokens * nodes_hit * (d - 1.0) / d * per_token / out;
    }
    t += m->moe_layers * (fmax(inside, across) + 2.0 * p->collective_latency_s);
  }
  return t;
}

/* The overhead of a forward pass over `seqs` sequences of one rank: a fixed
   part per pass and a part per sequence (each decode step samples one token
   per sequence and books its KV blocks).  Each data-parallel rank runs its
   own scheduler and sampler, so the part counts the rank's sequences.  The
   stack-level part o_grp counts the sequences of the ranks of one node
   (node_seqs): it was fitted on groups of one node (TensorRT-LLM
   perf-overview, groups of 4-8), where node and group are the same; charged
   over a whole multi-node group it capped per-chip decode at 1 / (o_grp g)
   (issue 20: 305 tok/s at EP144 against 1,356 at EP8 on H200), while host
   work synchronised over the group's batch is not what those rows show. */
static double overhead_s(const fc_infer_params *p, double seqs, double node_seqs) {
  return p->step_overhead_s + p->sequence_overhead_s * seqs + p->group_sequence_overhead_s * node_seqs;
}

/* Board power at utilization u from the curve, or idle + (TDP - idle) u. */
static int power_at(const fc_infer_chip *c, double u, double *w) {
  if (u > 1.0) u = 1.0;
  if (u < 0.0) u = 0.0;
  if (c->power_curve) return fc_energy_curve_eval(c->power_curve, u, w);
  *w = c->idle_w + (c->tdp_w - c->idle_w) * u;
  return FC_OK;
}

static double max_batch_of(const fc_llm *m, const fc_infer_chip *c, const fc_infer_params *p,
                           double *need) {
  layout l = layout_of(m, c, p);
  if (need) {
    double seq = (p->input_tokens + p->output_tokens) * kv_per_token(m, p->kv_bytes) / kv_split(m, p, l.tp);
    *need = l.g * held_per_chip(m, p, l.tp) + l.tp * l.pp * seq / p->kv_memory_fraction;
  }
  return l.dp * rank_capacity(m, c, p, l.tp);
}

int fc_inference_max_batch(const fc_llm *m, const fc_infer_chip *c, const fc_infer_params *p,
                           double *max_batch, double *need_bytes) {
  const char *bad;
  int st;
  if (!max_batch) return FC_EINVAL;
  if ((st = fc_inference_check(m, c, p, &bad))) return st;
  *max_batch = max_batch_of(m, c, p, need_bytes);
  return FC_OK;
}

/* One pass on one chip: each rank carries rank_tokens new tokens, group_tokens
   in all are routed; flop_rank the rank's FLOP outside the routed experts,
   kv the KV bytes a chip reads, seqs the sequences of a rank. */
typedef struct {
  double memory_s, compute_s, network_s, exposed_s, overhead_s, step_s;
  double flop_chip, bytes_chip, experts_read, imbalance, moe_eff;
} pass_time;

static void pass_of(const fc_llm *m, const fc_infer_chip *c, const fc_infer_params *p, const layout *l,
                    double rank_tokens, double group_tokens, double flop_rank, double attn_rank, double kv,
                    double seqs, pass_time *t) {
  double node_seqs = seqs * fmax(1.0, l->n / l->tp); /* the sequences of a node's ranks */
  double bw = c->bandwidth_bytes_per_s * p->bandwidth_efficiency;
  double fl = c->peak_flops_per_s * p->flop_efficiency, moe;
  double fa = (c->attention_flops_per_s > 0.0 ? c->attention_flops_per_s : c->peak_flops_per_s) * p->flop_efficiency;
  t->bytes_chip = weights_read(m, p, l, group_tokens, &t->experts_read) + kv;
  t->memory_s = t->bytes_chip / bw;
  moe = moe_flop_s(m, p, group_tokens, fl, &t->moe_eff);
  t->imbalance = imbalance(m, p, group_tokens);
  t->compute_s = (flop_rank / fl + attn_rank / fa) / l->tp + moe;
  t->flop_chip = (flop_rank + attn_rank) / l->tp + moe * fl;
  t->network_s = network_s(m, c, p, l, rank_tokens);
  t->exposed_s = fmax(0.0, t->network_s - p->overlap * fmax(t->memory_s, t->compute_s));
  t->overhead_s = overhead_s(p, seqs, node_seqs);
  t->step_s = fmax(t->memory_s, t->compute_s) + t->exposed_s + t->overhead_s;
}

/* The prefill side of a layout: it does not depend on the decode batch, so
   the frontier and the layout search (fc_serve_internal.h) compute it once
   per layout. */
typedef fc_infer_prefill prefill_side;

static int prefill_of(const fc_llm *m, const fc_infer_chip *c, const fc_infer_params *p, prefill_side *q) {
  layout l = layout_of(m, c, p);
  double pflop, aflop, chunk;
  pass_time t;
  /* one request alone on one rank gives the TTFT (through every pipeline
     stage in turn, each with its layers' share of the FLOP) ... */
  q->n = p->input_tokens * (1.0 - p->cache_hit);
  pflop = 2.0 * dense_active(m) * q->n / l.pp;
  aflop = attn_flop_per_ctx(m, 0) * q->n * (p->input_tokens - q->n / 2.0) / l.pp;
  pass_of(m, c, p, &l, q->n, q->n, pflop, aflop, 0.0, 1.0, &t);
  q->ttft_s = l.pp * t.step_s;
  /* ... every rank running passes of max(n, chunk) tokens gives the
     throughput (the stages pipelined: a chunk leaves the last each pass) */
  chunk = fmax(q->n, p->prefill_chunk_tokens);
  pass_of(m, c, p, &l, chunk, l.dp * chunk, pflop * chunk / q->n, aflop * chunk / q->n, 0.0, chunk / q->n, &t);
  q->tokens_per_s_per_chip = l.dp * chunk / t.step_s / l.g;
  q->utilization = fmin(1.0, fmax(t.flop_chip / t.step_s / c->peak_flops_per_s,
                                  p->decode_power_weight * t.bytes_chip / t.step_s / c->bandwidth_bytes_per_s));
  q->max_batch = max_batch_of(m, c, p, NULL);
  return power_at(c, q->utilization, &q->power_w);
}

/* The sequences of one micro-batch of a rank of b sequences over pp
   pipeline stages: b / pp when every stage has one (a steady decode keeps pp
   micro-batches in flight, GPipe-style, with no bubble); below pp sequences
   each micro-batch is one sequence and pp - b stage slots stay empty, the
   pipeline bubble (GPipe, Huang et al. NeurIPS 2019: stages idle while fewer
   micro-batches than stages are in flight), so a token still takes pp passes
   of a whole sequence; under one sequence (an average at a light load) the
   fraction itself. */
static double micro_batch(double b, double pp) {
  return b >= pp ? b / pp : fmin(b, 1.0);
}

/* The point at group batch B for checked inputs and their prefill side. */
static int point_with(const fc_llm *m, const fc_infer_chip *c, const fc_infer_params *p, double B,
                      const prefill_side *q, fc_infer_point *r, int energy) {
  layout l = layout_of(m, c, p);
  double d = p->draft_tokens, a = p->acceptance;
  double kvb = kv_per_token(m, p->kv_bytes), ctx = p->input_tokens + p->output_tokens / 2.0;
  double b = B / l.dp, mb = micro_batch(b, l.pp), bt = mb * (1.0 + d), flop_rank, attn_rank, kv;
  double busy = fmin(1.0, b / (mb * l.pp)); /* share of stage passes with a micro-batch */
  pass_time t;
  int st;
  memset(r, 0, sizeof *r);
  r->group = l.g;
  r->tp = l.tp;
  r->dp = l.dp;
  r->pp = l.pp;
  r->nodes = l.nodes;
  r->batch = B;
  r->rank_batch = b;
  r->max_batch = q->max_batch;
  r->kv_bytes_per_token = kvb;
  r->weights_bytes = l.g * held_per_chip(m, p, l.tp);
  /* decode step of one chip; pipelined, a stage passes one micro-batch
     over its layers, and a sequence gets a token once every pp stage passes
     (micro_batch: below pp sequences the stages idle in turn) */
  kv = mb * ctx * kvb / kv_split(m, p, l.tp);
  flop_rank = 2.0 * dense_active(m) * bt / l.pp;
  attn_rank = attn_flop_per_ctx(m, 1) * ctx * bt / l.pp;
  pass_of(m, c, p, &l, bt, mb * l.dp * (1.0 + d), flop_rank, attn_rank, kv, mb, &t);
  r->experts_per_layer = t.experts_read;
  r->weights_read_bytes = (t.bytes_chip - kv) * l.g * l.pp;
  r->kv_read_bytes = kv * l.g * l.pp;
  r->memory_s = t.memory_s;
  r->compute_s = t.compute_s;
  r->network_s = t.network_s;
  r->exposed_network_s = t.exposed_s;
  r->overhead_s = t.overhead_s;
  r->step_s = l.pp * t.step_s; /* between a sequence's tokens */
  r->imbalance = t.imbalance;
  r->moe_flop_efficiency = t.moe_eff;
  /* Leviathan et al. 2023, eq. 1 */
  r->tokens_per_step = a >= 1.0 ? d + 1.0 : (d == 0.0 ? 1.0 : (1.0 - pow(a, d + 1.0)) / (1.0 - a));
  r->tpot_s = r->step_s / r->tokens_per_step;
  r->tokens_per_s_per_user = 1.0 / r->tpot_s;
  r->decode_tokens_per_s_per_chip = B * r->tokens_per_step / r->step_s / l.g;
  r->roofline = r->memory_s >= r->compute_s ? FC_BOUND_MEMORY : FC_BOUND_COMPUTE;
  r->bound = B > r->max_batch ? FC_BOUND_CAPACITY : r->roofline;
  r->ttft_s = q->ttft_s;
  r->prefill_tokens_per_s_per_chip = q->tokens_per_s_per_chip;
  r->prefill_chip_s = q->n / r->prefill_tokens_per_s_per_chip;
  r->decode_chip_s = p->output_tokens / r->decode_tokens_per_s_per_chip;
  r->chip_s_per_request = r->prefill_chip_s + r->decode_chip_s;
  r->output_tokens_per_s_per_chip = p->output_tokens / r->chip_s_per_request;
  r->tokens_per_s_per_chip = (p->input_tokens + p->output_tokens) / r->chip_s_per_request;
  r->output_tokens_per_s = r->output_tokens_per_s_per_chip * l.g;
  r->tokens_per_s = r->tokens_per_s_per_chip * l.g;
  /* power at the achieved utilization (FLOP or weighted bandwidth) */
  r->decode_utilization = busy * fmin(1.0, fmax(t.flop_chip / t.step_s / c->peak_flops_per_s,
                                                p->decode_power_weight * t.bytes_chip / t.step_s /
                                                    c->bandwidth_bytes_per_s));
  r->prefill_utilization = q->utilization;
  r->prefill_power_w = q->power_w;
  if (!energy) return isfinite(r->step_s) && isfinite(r->tokens_per_s_per_chip) ? FC_OK : FC_ERANGE;
  if ((st = power_at(c, r->decode_utilization, &r->decode_power_w))) return st;
  r->j_per_output_token = r->decode_power_w / r->decode_tokens_per_s_per_chip;
  r->j_per_input_token = r->prefill_power_w / r->prefill_tokens_per_s_per_chip * (1.0 - p->cache_hit);
  r->j_per_token = (r->prefill_power_w * q->n / r->prefill_tokens_per_s_per_chip +
                    r->decode_power_w * p->output_tokens / r->decode_tokens_per_s_per_chip) /
                   (p->input_tokens + p->output_tokens);
  if (!isfinite(r->step_s) || !isfinite(r->j_per_token) || !isfinite(r->tokens_per_s_per_chip))
    return FC_ERANGE;
  return FC_OK;
}

int fc_inference_prefill_side(const fc_llm *m, const fc_infer_chip *c, const fc_infer_params *p,
                              fc_infer_prefill *q) {
  return prefill_of(m, c, p, q);
}

int fc_inference_point_with(const fc_llm *m, const fc_infer_chip *c, const fc_infer_params *p, double batch,
                            const fc_infer_prefill *q, fc_infer_point *r) {
  return point_with(m, c, p, batch, q, r, 1);
}

int fc_inference_probe(const fc_llm *m, const fc_infer_chip *c, const fc_infer_params *p, double batch,
                       const fc_infer_prefill *q, fc_infer_point *r) {
  return point_with(m, c, p, batch, q, r, 0);
}

static int point(const fc_llm *m, const fc_infer_chip *c, const fc_infer_params *p, double b,
                 fc_infer_point *r) {
  prefill_side q;
  int st;
  if ((st = prefill_of(m, c, p, &q))) return st;
  return point_with(m, c, p, b, &q, r, 1);
}

int fc_inference_point(const fc_llm *m, const fc_infer_chip *c, const fc_infer_params *p,
                       double batch, fc_infer_point *out, const char **bad_field) {
  int st;
  if (!out) return FC_EINVAL;
  if ((st = fc_inference_check(m, c, p, bad_field))) return st;
  if (!isfinite(batch) || batch < 1.0 || batch > 1e9) BAD("batch");
  return point(m, c, p, batch, out);
}

/* }==================================================================== */

/* {====================================================================
** Frontier and solver
** ===================================================================== */

static int check_groups(const double *groups, size_t ngroups, const char **bad_field) {
  size_t i;
  if (ngroups && !groups) return FC_EINVAL;
  for (i = 0; i < ngroups; i++)
    if (!whole(groups[i]) || groups[i] < 1.0 || groups[i] > 1024.0) BAD("groups");
  return FC_OK;
}

int fc_inference_frontier(const fc_llm *m, const fc_infer_chip *c, const fc_infer_params *p,
                          const double *groups, size_t ngroups, fc_infer_point *out, size_t cap,
                          size_t *n, const char **bad_field) {
  fc_infer_params q;
  prefill_side pre;
  size_t i, k = 0, budget;
  int st;
  if (!n || !p) return FC_EINVAL;
  *n = 0;
  if ((st = check_groups(groups, ngroups, bad_field))) return st;
  q = *p;
  if (ngroups == 0) { groups = &p->group; ngroups = 1; }
  budget = cap / ngroups;
  for (i = 0; i < ngroups; i++) {
    double bmax, b, prev = 0.0;
    size_t j;
    q.group = groups[i];
    if ((st = fc_inference_check(m, c, &q, bad_field))) return st;
    bmax = max_batch_of(m, c, &q, NULL);
    if (bmax < 1.0 || budget == 0) continue;
    if (out && (st = prefill_of(m, c, &q, &pre))) return st;
    for (j = 0; j < budget && k < cap; j++) {
      /* every batch when they fit the budget, else geometric steps to bmax
         (at least one sequence apart, so the budget is used in full) */
      if (bmax <= (double)budget) b = (double)(j + 1);
      else b = budget == 1 ? bmax : fmax(prev + 1.0, floor(pow(bmax, (double)j / (double)(budget - 1)) + 0.5));
      if (b > bmax) break;
      prev = b;
      /* out == NULL: count only (the caller sizes its buffer) */
      if (out && (st = point_with(m, c, &q, b, &pre, &out[k], 1))) return st;
      k++;
    }
  }
  *n = k;
  return FC_OK;
}

/* Pareto order: more tokens/s per user first, then more output tokens/s per
   chip, then the lower index (a total order, so the result is deterministic). */
static int ahead(const fc_infer_point *pts, size_t a, size_t b) {
  const fc_infer_point *x = &pts[a], *y = &pts[b];
  if (x->tokens_per_s_per_user != y->tokens_per_s_per_user)
    return x->tokens_per_s_per_user > y->tokens_per_s_per_user;
  if (x->output_tokens_per_s_per_chip != y->output_tokens_per_s_per_chip)
    return x->output_tokens_per_s_per_chip > y->output_tokens_per_s_per_chip;
  return a < b;
}

/* End of the ordered run of idx that starts at s. */
static size_t run_end(const fc_infer_point *pts, const size_t *idx, size_t s, size_t n) {
  size_t j = s + 1;
  while (j < n && ahead(pts, idx[j - 1], idx[j])) j++;
  return j;
}

/* Natural merge sort of idx[0..n) by `ahead`, tmp of n entries; returns the
   buffer holding the result.  The frontier comes in runs already in order
   (within a group tokens/s per user falls as the batch grows), so it takes
   about log2(groups) passes. */
static size_t *sort_ahead(const fc_infer_point *pts, size_t n, size_t *idx, size_t *tmp) {
  for (;;) {
    size_t i = 0, runs = 0, *t;
    while (i < n) {
      size_t mid = run_end(pts, idx, i, n), end = mid < n ? run_end(pts, idx, mid, n) : n, x = i, y = mid, k = i;
      while (x < mid || y < end)
        tmp[k++] = (y >= end || (x < mid && ahead(pts, idx[x], idx[y]))) ? idx[x++] : idx[y++];
      runs++;
      i = end;
    }
    t = idx; idx = tmp; tmp = t;
    if (runs <= 1) return idx;
  }
}

int fc_inference_pareto(const fc_infer_point *pts, size_t n, size_t *idx, size_t *work, size_t *m) {
  size_t i, k = 0, *sorted;
  double best = -HUGE_VAL;
  if (!m || (n && (!pts || !idx || !work))) return FC_EINVAL;
  for (i = 0; i < n; i++) idx[i] = i;
  sorted = sort_ahead(pts, n, idx, work);
  /* walking from the most interactive point, keep each that gives the chip
     more than every point before it */
  for (i = 0; i < n; i++)
    if (pts[sorted[i]].output_tokens_per_s_per_chip > best) {
      best = pts[sorted[i]].output_tokens_per_s_per_chip;
      work[k++] = sorted[i]; /* k <= i: never overwrites an unread entry when sorted == work */
    }
  /* ascending tokens/s per user */
  for (i = 0; i < k; i++) idx[i] = work[k - 1 - i];
  *m = k;
  return FC_OK;
}

int fc_inference_solve(const fc_llm *m, const fc_infer_chip *c, const fc_infer_params *p,
                       const double *groups, size_t ngroups, double ttft_s, double tpot_s,
                       fc_infer_point *best, double *tightest_ttft_s, double *tightest_tpot_s,
                       double *need_bytes, const char **bad_field) {
  fc_infer_params q;
  fc_infer_point pt;
  double t_ttft = HUGE_VAL, t_tpot = HUGE_VAL, need = 0.0;
  size_t i;
  int st, found = 0, fits = 0;
  if (!best || !p) return FC_EINVAL;
  if (bad_field) *bad_field = NULL;
  if (!nonneg(ttft_s)) BAD("ttft_s");
  if (!nonneg(tpot_s)) BAD("tpot_s");
  if ((st = check_groups(groups, ngroups, bad_field))) return st;
  if (ngroups == 0) { groups = &p->group; ngroups = 1; }
  q = *p;
  for (i = 0; i < ngroups; i++) {
    double bmax, lo, hi;
    q.group = groups[i];
    if ((st = fc_inference_check(m, c, &q, bad_field))) return st;
    bmax = max_batch_of(m, c, &q, &need);
    if (bmax < 1.0) continue;
    fits = 1;
    if ((st = point(m, c, &q, 1.0, &pt))) return st;
    if (pt.ttft_s < t_ttft) t_ttft = pt.ttft_s;
    if (pt.tpot_s < t_tpot) t_tpot = pt.tpot_s;
    if ((ttft_s > 0.0 && pt.ttft_s > ttft_s) || (tpot_s > 0.0 && pt.tpot_s > tpot_s)) continue;
    /* TPOT grows with the batch and throughput with it: the largest batch
       within the target is the best of this group (bisection) */
    lo = 1.0;
    hi = bmax;
    if ((st = point(m, c, &q, hi, &pt))) return st;
    if (tpot_s > 0.0 && pt.tpot_s > tpot_s) {
      while (hi - lo > 1.0) {
        double mid = floor((lo + hi) / 2.0);
        if ((st = point(m, c, &q, mid, &pt))) return st;
        if (pt.tpot_s <= tpot_s) lo = mid;
        else hi = mid;
      }
      if ((st = point(m, c, &q, lo, &pt))) return st;
      pt.bound = FC_BOUND_LATENCY;
    } else {
      pt.bound = FC_BOUND_CAPACITY;
    }
    if (!found || pt.output_tokens_per_s_per_chip > best->output_tokens_per_s_per_chip) *best = pt;
    found = 1;
  }
  if (tightest_ttft_s) *tightest_ttft_s = t_ttft;
  if (tightest_tpot_s) *tightest_tpot_s = t_tpot;
  if (need_bytes) *need_bytes = need;
  if (!fits) return FC_ENOTFOUND;
  return found ? FC_OK : FC_EDOM;
}

/* }==================================================================== */

/* {====================================================================
** Into the cost chain
** ===================================================================== */

double fc_inference_prefill_share(const fc_infer_point *pt) {
  return pt->prefill_chip_s / pt->chip_s_per_request;
}

int fc_inference_to_scenario(const fc_infer_point *pt, double *peak_flops_per_s, double *tdp_w,
                             double *idle_w, double *it_kw_per_accel, double server_power_multiple) {
  double busy;
  if (!pt || !peak_flops_per_s || !tdp_w || !idle_w || !it_kw_per_accel) return FC_EINVAL;
  if (!pos(pt->tokens_per_s_per_chip) || !pos(pt->j_per_token) || !pos(server_power_multiple)) return FC_EDOM;
  /* board energy per token x tokens per second = mean board power while serving */
  busy = pt->j_per_token * pt->tokens_per_s_per_chip;
  if (*it_kw_per_accel <= 0.0) *it_kw_per_accel = *tdp_w * server_power_multiple / 1000.0;
  *peak_flops_per_s = pt->tokens_per_s_per_chip;
  *tdp_w = busy;
  if (*idle_w > busy) *idle_w = busy;
  return FC_OK;
}

int fc_inference_costs(double usd_per_eflop, double kwh_per_eflop, double prefill_share, double input_tokens,
                       double output_tokens, double *usd_per_mtok_input, double *usd_per_mtok_output,
                       double *usd_per_mtok_blended, double *j_per_token) {
  double blended, per_request;
  if (!usd_per_mtok_input || !usd_per_mtok_output || !usd_per_mtok_blended || !j_per_token) return FC_EINVAL;
  if (!nonneg(usd_per_eflop) || !nonneg(kwh_per_eflop) || !frac(prefill_share) || !pos(input_tokens) ||
      !pos(output_tokens))
    return FC_EDOM;
  blended = usd_per_eflop * 1e-12;
  per_request = blended * (input_tokens + output_tokens);
  *usd_per_mtok_blended = blended;
  *usd_per_mtok_input = per_request * prefill_share / input_tokens;
  *usd_per_mtok_output = per_request * (1.0 - prefill_share) / output_tokens;
  *j_per_token = kwh_per_eflop * 3.6e6 / 1e18;
  return FC_OK;
}

const char *fc_inference_bound_name(int bound) {
  switch (bound) {
    case FC_BOUND_MEMORY: return "memory";
    case FC_BOUND_COMPUTE: return "compute";
    case FC_BOUND_CAPACITY: return "capacity";
    case FC_BOUND_LATENCY: return "latency";
    default: return "?";
  }
}
