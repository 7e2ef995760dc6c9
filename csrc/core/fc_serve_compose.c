/* fc_serve_compose.c -- an inference description into the serving model; see fc_serve_compose.h. */
#include <math.h>
#include <string.h>
#include "fc_status.h"
#include "fc_serve_compose.h"
#include "fc_serve.h"

static int fail(fc_compose_error *e, const char *field, const char *domain, int chip, double v, int st) {
  if (e) { e->field = field; e->domain = domain; e->chip = chip; e->value = v; e->limit = NAN; }
  return st;
}

/* x, or the default of the scenario-wide field `name` when x is not given. */
static double or_default(double x, const char *name) {
  int i = fc_compose_field_index(FC_COMPOSE_SCENARIO, name);
  return isnan(x) && i >= 0 ? fc_compose_field_default(FC_COMPOSE_SCENARIO, (size_t)i) : x;
}

const char *fc_serve_compose_field(const char *core_name) {
  static const struct { const char *core, *desc; } chip_names[] = {
    {"peak_flops_per_s", "chip.peak_flops_per_s"}, {"memory_bytes", "chip.memory_gb"},
    {"bandwidth_bytes_per_s", "chip.memory_bandwidth_gbs"}, {"link_bytes_per_s", "chip.interconnect_gbs"},
    {"tdp_w", "chip.tdp_w"}, {"idle_w", "chip.idle_w"}, {"group", "workload.chips"}};
  size_t k, n = fc_compose_field_count(FC_COMPOSE_SCENARIO);
  if (!core_name) return NULL;
  for (k = 0; k < sizeof chip_names / sizeof chip_names[0]; k++)
    if (strcmp(chip_names[k].core, core_name) == 0) return chip_names[k].desc;
  for (k = 0; k < n; k++) {
    const char *name = fc_compose_field_name(FC_COMPOSE_SCENARIO, k), *dot = strchr(name, '.');
    if (dot && strcmp(dot + 1, core_name) == 0) return name;
  }
  return core_name;
}

static void take_params(const fc_compose_desc *d, fc_infer_params *q) {
  fc_inference_defaults(q);
#define TAKE(f) if (!isnan(d->serve.f)) q->f = d->serve.f
  TAKE(weight_bytes); TAKE(input_tokens); TAKE(output_tokens); TAKE(cache_hit);
  TAKE(draft_tokens); TAKE(acceptance); TAKE(bandwidth_efficiency); TAKE(flop_efficiency);
  TAKE(link_efficiency); TAKE(step_overhead_s); TAKE(sequence_overhead_s); TAKE(collective_latency_s);
  TAKE(kv_memory_fraction); TAKE(prefill_chunk_tokens); TAKE(decode_power_weight); TAKE(group);
  TAKE(moe_tile_tokens); TAKE(routing_skew); TAKE(overlap); TAKE(scaleout_efficiency); TAKE(tp);
  TAKE(group_sequence_overhead_s); TAKE(dispatch_bytes);
#undef TAKE
  /* KV cache precision when none is given: the weights' (vLLM's
     --kv-cache-dtype "auto" keeps the model's data type, docs.vllm.ai engine
     arguments), but 8 bits under 8-bit weights: 4-bit checkpoints ship
     calibrated FP8 KV-cache scales (NVIDIA ModelOpt NVFP4 checkpoints, e.g.
     nvidia/Qwen3.5-397B-A17B-NVFP4) [D: common practice, not a rule] */
  q->kv_bytes = !isnan(d->serve.kv_bytes) ? d->serve.kv_bytes : q->weight_bytes >= 1.0 ? q->weight_bytes : 1.0;
}

int fc_serve_compose_inputs(const fc_compose_desc *d, size_t ci, const fc_scenario_params *p, fc_llm *m,
                            fc_infer_chip *ic, fc_infer_params *q, fc_compose_error *e) {
  const fc_compose_chip *c;
  if (!d || !m || !ic || !q || ci >= d->n_chips || !d->chips) return FC_EINVAL;
  c = &d->chips[ci];
  take_params(d, q);
  *m = d->model;
  if (isnan(m->active_params)) m->active_params = m->params;
  m->mla = or_default(m->mla, "model.mla");
  m->experts = or_default(m->experts, "model.experts");
  m->node_limit = or_default(m->node_limit, "model.node_limit");
  if (m->mla != 1.0) m->kv_lora_rank = m->qk_rope_head_dim = 0.0;
  if (m->experts <= 0.0) m->experts_active = m->expert_intermediate = m->moe_layers = 0.0;
  if (isnan(c->memory_gb))
    return fail(e, "chip.memory_gb", "positive number (needed to serve)", (int)ci, NAN, FC_EDOM);
  if (isnan(c->memory_bandwidth_gbs))
    return fail(e, "chip.memory_bandwidth_gbs", "positive number (needed to serve)", (int)ci, NAN, FC_EDOM);
  fc_inference_chip_init(ic);
  ic->peak_flops_per_s = p ? p->peak_flops_per_s : c->peak_flops_per_s;
  ic->memory_bytes = c->memory_gb * 1e9;
  ic->bandwidth_bytes_per_s = c->memory_bandwidth_gbs * 1e9;
  /* the catalog's figure counts both directions; a collective uses one */
  ic->link_bytes_per_s = isnan(c->interconnect_gbs) ? 0.0 : c->interconnect_gbs * 1e9 / 2.0;
  /* chips.json gives the scale-out NIC per chip in one direction already */
  ic->node_chips = isnan(c->node_chips) ? 0.0 : c->node_chips;
  ic->scaleout_bytes_per_s = isnan(c->scaleout_gbs) ? 0.0 : c->scaleout_gbs * 1e9;
  ic->attention_flops_per_s = isnan(c->attention_flops_per_s) ? 0.0 : c->attention_flops_per_s;
  ic->tdp_w = p ? p->tdp_w : c->tdp_w;
  ic->idle_w = p ? p->idle_w : fc_compose_idle_w(c->tdp_w, c->idle_w);
  ic->power_curve = p ? p->power_curve : c->power_curve;
  if (isnan(ic->peak_flops_per_s))
    return fail(e, "chip.peak_flops_per_s", "positive number (needed to serve)", (int)ci, NAN, FC_EDOM);
  if (isnan(ic->tdp_w)) return fail(e, "chip.tdp_w", "positive number (needed to serve)", (int)ci, NAN, FC_EDOM);
  return FC_OK;
}

size_t fc_serve_compose_groups(const fc_compose_desc *d, const fc_llm *m, const fc_infer_chip *ic,
                               double groups[FC_SERVE_MAX_GROUPS]) {
  if (!isnan(d->serve.group)) return 0;
  return fc_serve_group_sizes(m, ic, 0.0, groups); /* the layout search's own candidates */
}

/* The layout search (fc_serve_best) over workload.chips chips (NaN: auto),
   at the description's load, its answer as one point. */
static int search(const fc_compose_desc *d, size_t ci, const fc_llm *m, const fc_infer_chip *ic,
                  const fc_infer_params *q, fc_infer_point *pt, fc_compose_error *e) {
  fc_serve_opts o;
  fc_serve_result r;
  double t_ttft = 0.0, t_tpot = 0.0, need = 0.0;
  const char *bad = NULL;
  int st;
  fc_serve_opts_init(&o);
  o.chips = isnan(d->serve.group) ? 0.0 : d->serve.group;
  o.ttft_s = isnan(d->ttft_s) ? 0.0 : d->ttft_s;
  o.tpot_s = isnan(d->tpot_s) ? 0.0 : d->tpot_s;
  o.arrival_rate_per_s = isnan(d->arrival_rate_per_s) ? 0.0 : d->arrival_rate_per_s;
  o.concurrency = isnan(d->concurrency) ? 0.0 : d->concurrency;
  o.disaggregated = isnan(d->disaggregated) ? FC_SERVE_AUTO : d->disaggregated;
  if (d->chips[ci].serve_pin.group >= 1.0) o.pin = &d->chips[ci].serve_pin; /* a Monte Carlo's base layout */
  st = fc_serve_best(m, ic, q, &o, &r, &t_ttft, &t_tpot, &need, &bad);
  if (st == FC_ENOTFOUND) {
    /* value: the memory of the largest group tried; limit: what the model needs */
    st = fail(e, "model.params", "model that fits the serving group's memory", (int)ci,
              r.largest_group * ic->memory_bytes, FC_EDOM);
    if (e) e->limit = need;
    return st;
  }
  /* targets an idle layout meets but none of the chips meets at the load:
     the load is what is refused (naming the unloaded latency would mislead) */
  if (st == FC_EDOM && !bad && (o.arrival_rate_per_s > 0.0 || o.concurrency > 0.0) &&
      (isnan(d->ttft_s) || t_ttft <= d->ttft_s) && (isnan(d->tpot_s) || t_tpot <= d->tpot_s))
    return fail(e, isnan(d->concurrency) ? "workload.arrival_rate_per_s" : "workload.concurrency",
                "load the chips carry within the latency targets", (int)ci,
                isnan(d->concurrency) ? d->arrival_rate_per_s : d->concurrency, FC_EDOM);
  if (st == FC_EDOM && !bad) {
    int ttft_binds = !isnan(d->ttft_s) && t_ttft > d->ttft_s;
    st = fail(e, ttft_binds ? "workload.slo.ttft_s" : "workload.slo.tpot_s", "achievable latency target", (int)ci,
              ttft_binds ? d->ttft_s : d->tpot_s, FC_EDOM);
    if (e) e->limit = ttft_binds ? t_ttft : t_tpot;
    return st;
  }
  if (st == FC_ERANGE)
    return fail(e, isnan(d->concurrency) ? "workload.arrival_rate_per_s" : "workload.concurrency",
                "load within the chips' capacity", (int)ci,
                isnan(d->concurrency) ? d->arrival_rate_per_s : d->concurrency, FC_EDOM);
  if (st) return fail(e, bad ? fc_serve_compose_field(bad) : "workload", NULL, (int)ci, NAN, st);
  fc_serve_result_point(&r, q, pt);
  return FC_OK;
}

int fc_serve_compose_solve(const fc_compose_desc *d, size_t ci, const fc_scenario_params *p, const double *groups,
                           size_t ng, fc_infer_point *pt, fc_compose_error *e) {
  fc_llm m;
  fc_infer_chip ic;
  fc_infer_params q;
  double t_ttft = 0.0, t_tpot = 0.0, need = 0.0, most;
  const char *bad = NULL;
  size_t k;
  int st;
  if ((st = fc_serve_compose_inputs(d, ci, p, &m, &ic, &q, e)) != FC_OK) return st;
  /* no group list given: the layout search over the chips */
  if (!groups || ng == 0) return search(d, ci, &m, &ic, &q, pt, e);
  st = fc_inference_solve(&m, &ic, &q, groups, ng, isnan(d->ttft_s) ? 0.0 : d->ttft_s,
                          isnan(d->tpot_s) ? 0.0 : d->tpot_s, pt, &t_ttft, &t_tpot, &need, &bad);
  if (st == FC_ENOTFOUND) {
    for (k = 0, most = 0.0; k < ng; k++) most = fmax(most, groups[k]);
    /* value: the memory of the largest group tried; limit: what the model needs */
    st = fail(e, "model.params", "model that fits the serving group's memory", (int)ci, most * ic.memory_bytes,
              FC_EDOM);
    if (e) e->limit = need;
    return st;
  }
  if (st == FC_EDOM && !bad) {
    int ttft_binds = !isnan(d->ttft_s) && t_ttft > d->ttft_s;
    st = fail(e, ttft_binds ? "workload.slo.ttft_s" : "workload.slo.tpot_s", "achievable latency target", (int)ci,
              ttft_binds ? d->ttft_s : d->tpot_s, FC_EDOM);
    if (e) e->limit = ttft_binds ? t_ttft : t_tpot;
    return st;
  }
  if (st) return fail(e, bad ? fc_serve_compose_field(bad) : "workload", NULL, (int)ci, NAN, st);
  return FC_OK;
}

void fc_serve_mix_init(fc_compose_mix *m) {
  m->input_tokens = m->output_tokens = m->prefill_share = m->tokens_per_s_per_chip = NAN;
  m->output_tokens_per_s_per_chip = m->batch = m->group = m->ttft_s = m->tpot_s = m->bound = NAN;
  m->usd_per_mtok_input = m->usd_per_mtok_output = m->usd_per_mtok_blended = m->j_per_token = NAN;
  m->weight_ = 0.0;
  m->top_count_ = -1.0;
}

void fc_serve_mix_add(fc_compose_mix *m, const fc_infer_point *pt, double count, const fc_compose_desc *d) {
  fc_infer_params q;
  double w = count;
  if (m->weight_ == 0.0) {
    m->prefill_share = m->tokens_per_s_per_chip = m->output_tokens_per_s_per_chip = 0.0;
    m->batch = m->group = m->ttft_s = m->tpot_s = 0.0;
  }
  take_params(d, &q); /* the request the points served */
  m->input_tokens = q.input_tokens;
  m->output_tokens = q.output_tokens;
  m->prefill_share += w * fc_inference_prefill_share(pt);
  m->tokens_per_s_per_chip += w * pt->tokens_per_s_per_chip;
  m->output_tokens_per_s_per_chip += w * pt->output_tokens_per_s_per_chip;
  m->batch += w * pt->batch;
  m->group += w * pt->group;
  m->ttft_s += w * pt->ttft_s;
  m->tpot_s += w * pt->tpot_s;
  m->weight_ += w;
  if (count > m->top_count_) { m->top_count_ = count; m->bound = pt->bound; }
}

void fc_serve_mix_done(fc_compose_mix *m) {
  double w = m->weight_;
  if (w <= 0.0) return;
  m->prefill_share /= w; m->tokens_per_s_per_chip /= w; m->output_tokens_per_s_per_chip /= w;
  m->batch /= w; m->group /= w; m->ttft_s /= w; m->tpot_s /= w;
}
