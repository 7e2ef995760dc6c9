/*
** fc_serve.c -- the layout search of fc_serve.h: candidate groups and
** attention layouts per phase, aggregated or disaggregated, the best within
** the targets (and at a load when one is given).
*/
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "fc_status.h"
#include "fc_serve.h"
#include "fc_serve_internal.h"

#define MAX_GROUPS FC_SERVE_GROUPS
#define MAX_CAND 256
/* auto: groups up to 64 nodes of 8 (DeepSeek-V3 report section 3.4 decodes
   on 320 GPUs; 512 leaves room above it) */
#define AUTO_MAX_GROUP 512.0

void fc_serve_opts_init(fc_serve_opts *o) {
  memset(o, 0, sizeof *o);
  o->chips = 1.0;
  o->disaggregated = FC_SERVE_AUTO;
}

/* One candidate layout of a phase and its best point within the targets. */
typedef struct {
  double g, tp;
  fc_infer_point pt;
  double rate;                       /* requests/s of one replica */
} cand;

/* The node of a topology: chips per scale-up domain; a chip whose catalog
   gives no node shares its link in groups of up to 8 (one HGX baseboard),
   a chip without a link serves alone. */
static double node_of(const fc_infer_chip *c) {
  if (c->link_bytes_per_s <= 0.0) return 1.0;
  return c->node_chips > 0.0 ? c->node_chips : 8.0;
}

/* Candidate groups: powers of two up to a node, then whole nodes with
   scale-out: expert parallelism across nodes for a MoE, pipeline stages of a
   node each for a dense model (up to DENSE_MAX_NODES stages: beyond that a
   stage's share of the layers is too thin to pay its sends), at most `most`
   chips; evenly thinned to MAX_GROUPS when there are more. */
#define DENSE_MAX_NODES 8.0
static size_t group_sizes(const fc_llm *m, const fc_infer_chip *c, double most, double *g) {
  double node = node_of(c), x, k, nk;
  size_t n = 0;
  for (x = 1.0; x <= fmin(node, most) && n < MAX_GROUPS; x *= 2.0) g[n++] = x;
  if (c->scaleout_bytes_per_s <= 0.0 || node <= 1.0) return n;
  nk = floor(most / node);
  if (m->experts <= 0.0) nk = fmin(nk, DENSE_MAX_NODES);
  for (k = 2.0; k <= nk && n < MAX_GROUPS; k += fmax(1.0, floor(nk / (double)(MAX_GROUPS - 8)))) g[n++] = k * node;
  if (nk >= 2.0 && g[n - 1] != nk * node) g[n - 1] = nk * node; /* the widest always */
  return n;
}

size_t fc_serve_group_sizes(const fc_llm *m, const fc_infer_chip *c, double most, double g[FC_SERVE_GROUPS]) {
  if (!m || !c || !g) return 0;
  return group_sizes(m, c, fmin(most > 0.0 ? most : AUTO_MAX_GROUP, 1024.0), g);
}

/* Attention layouts of a group: a dense model's tp = g inside a node
   (Megatron), a node's chips across nodes (pipeline stages of a node each);
   a MoE's powers of two dividing g inside a node. */
static size_t tp_sizes(const fc_llm *m, const fc_infer_chip *c, double g, double *tp) {
  double node = node_of(c), x;
  size_t n = 0;
  if (m->experts <= 0.0) { tp[0] = g > node ? node : g; return 1; }
  for (x = 1.0; x <= fmin(g, node) && n < 11; x *= 2.0)
    if (fmod(g, x) == 0.0) tp[n++] = x;
  return n;
}

/* TPOT of a point as the target sees it: aggregated serving stretches each
   decode iteration by the prefill chunks interleaved with it, 1 / (1 - s),
   s the share of the chips' time in prefill (Sarathi-Serve). */
static double seen_tpot(const fc_infer_point *pt, int aggregated) {
  if (!aggregated) return pt->tpot_s;
  return pt->tpot_s / (1.0 - pt->prefill_chip_s / pt->chip_s_per_request);
}

/* The largest batch whose seen TPOT meets `tpot` (0: none), by bisection
   (TPOT grows with the batch); FC_EDOM when batch 1 misses it. */
static int best_batch(const fc_llm *m, const fc_infer_chip *c, const fc_infer_params *q, double bmax, double tpot,
                      int aggregated, const fc_infer_prefill *side, fc_infer_point *pt) {
  double lo = 1.0, hi = bmax;
  int st;
  if ((st = fc_inference_point_with(m, c, q, hi, side, pt))) return st;
  pt->bound = FC_BOUND_CAPACITY;
  if (tpot <= 0.0 || seen_tpot(pt, aggregated) <= tpot) { pt->tpot_s = seen_tpot(pt, aggregated); return FC_OK; }
  if ((st = fc_inference_probe(m, c, q, 1.0, side, pt))) return st;
  if (seen_tpot(pt, aggregated) > tpot) return FC_EDOM;
  while (hi - lo > 1.0) {
    double mid = floor((lo + hi) / 2.0);
    if ((st = fc_inference_probe(m, c, q, mid, side, pt))) return st;
    if (seen_tpot(pt, aggregated) <= tpot) lo = mid;
    else hi = mid;
  }
  if ((st = fc_inference_point_with(m, c, q, lo, side, pt))) return st;
  pt->tpot_s = seen_tpot(pt, aggregated);
  pt->bound = FC_BOUND_LATENCY;
  return FC_OK;
}

/* The candidates of the three roles (aggregated, decode-only, prefill-only). */
typedef struct {
  cand agg[MAX_CAND], dec[MAX_CAND], pre[MAX_CAND];
  size_t nagg, ndec, npre;
  double tight_ttft, tight_tpot, need, largest;
  int fits;
} cands;

/* The roles a layout is timed for: prefill pool, decode pool, aggregated. */
enum { ROLE_PRE = 1, ROLE_DEC = 2, ROLE_AGG = 4, ROLE_ALL = 7 };

/* Evaluates one layout (q->group, q->tp) for `roles` into the candidate lists. */
static int add_layout(const fc_llm *m, const fc_infer_chip *c, const fc_infer_params *q, const fc_serve_opts *o,
                      int roles, cands *k) {
  double bmax, need, n = q->input_tokens * (1.0 - q->cache_hit);
  fc_infer_point pt;
  fc_infer_prefill side;
  int st;
  if (fc_inference_check(m, c, q, NULL)) return FC_OK; /* a layout this topology cannot hold */
  if ((st = fc_inference_max_batch(m, c, q, &bmax, &need))) return st;
  if (bmax < 1.0) { k->need = fmax(k->need, need); return FC_OK; }
  k->fits = 1;
  /* checked above: the prefill side once for every batch tried */
  if ((st = fc_inference_prefill_side(m, c, q, &side))) return st;
  if ((st = fc_inference_point_with(m, c, q, 1.0, &side, &pt))) return st;
  k->tight_ttft = fmin(k->tight_ttft, pt.ttft_s);
  k->tight_tpot = fmin(k->tight_tpot, pt.tpot_s);
  if (o->ttft_s > 0.0 && o->arrival_rate_per_s <= 0.0 && o->concurrency <= 0.0 && pt.ttft_s > o->ttft_s)
    return FC_OK;
  if ((roles & ROLE_PRE) && k->npre < MAX_CAND) {
    cand *x = &k->pre[k->npre++];
    x->g = q->group; x->tp = q->tp; x->pt = pt;
    x->rate = q->group * pt.prefill_tokens_per_s_per_chip / n;
  }
  if ((roles & ROLE_DEC) && k->ndec < MAX_CAND && best_batch(m, c, q, bmax, o->tpot_s, 0, &side, &pt) == FC_OK) {
    cand *x = &k->dec[k->ndec++];
    x->g = q->group; x->tp = q->tp; x->pt = pt;
    x->rate = q->group * pt.decode_tokens_per_s_per_chip / q->output_tokens;
  }
  if ((roles & ROLE_AGG) && k->nagg < MAX_CAND && best_batch(m, c, q, bmax, o->tpot_s, 1, &side, &pt) == FC_OK) {
    cand *x = &k->agg[k->nagg++];
    x->g = q->group; x->tp = q->tp; x->pt = pt;
    x->rate = q->group / pt.chip_s_per_request;
  }
  return FC_OK;
}

static int check_opts(const fc_serve_opts *o, const char **bad_field) {
#define OBAD(f) do { if (bad_field) *bad_field = (f); return FC_EDOM; } while (0)
  if (!isfinite(o->chips) || o->chips < 0.0 || o->chips > 1e6 || o->chips != floor(o->chips)) OBAD("chips");
  if (!isfinite(o->ttft_s) || o->ttft_s < 0.0) OBAD("ttft_s");
  if (!isfinite(o->tpot_s) || o->tpot_s < 0.0) OBAD("tpot_s");
  if (!isfinite(o->arrival_rate_per_s) || o->arrival_rate_per_s < 0.0) OBAD("arrival_rate_per_s");
  if (!isfinite(o->concurrency) || o->concurrency < 0.0) OBAD("concurrency");
  if (o->concurrency > 0.0 && o->arrival_rate_per_s > 0.0) OBAD("concurrency");
  if (o->disaggregated != FC_SERVE_AUTO && o->disaggregated != 0.0 && o->disaggregated != 1.0)
    OBAD("disaggregated");
  if (!isfinite(o->max_group) || o->max_group < 0.0 || o->max_group != floor(o->max_group)) OBAD("max_group");
  return FC_OK;
#undef OBAD
}

/* Only the pinned layout(s) (fc_serve_pin): the decode (or aggregated) one
   and, disaggregated, the prefill pool's. */
static int collect_pinned(const fc_llm *m, const fc_infer_chip *c, const fc_infer_params *p,
                          const fc_serve_opts *o, cands *k) {
  fc_infer_params q = *p;
  int st;
  int apart = o->pin->disaggregated == 1.0 && o->pin->prefill_group >= 1.0;
  int same = apart && o->pin->prefill_group == o->pin->group && o->pin->prefill_tp == o->pin->tp;
  q.group = o->pin->group;
  q.tp = o->pin->tp;
  if ((st = add_layout(m, c, &q, o, !apart ? ROLE_AGG : same ? ROLE_DEC | ROLE_PRE : ROLE_DEC, k))) return st;
  if (apart && !same) {
    q.group = o->pin->prefill_group;
    q.tp = o->pin->prefill_tp;
    if ((st = add_layout(m, c, &q, o, ROLE_PRE, k))) return st;
  }
  return FC_OK;
}

/* Every layout of at most o->chips chips (and o->max_group), or the pinned one. */
static int collect(const fc_llm *m, const fc_infer_chip *c, const fc_infer_params *p, const fc_serve_opts *o,
                   cands *k) {
  double gs[MAX_GROUPS], tps[11];
  double most = o->chips > 0.0 ? fmin(o->chips, o->max_group > 0.0 ? o->max_group : 1024.0)
                               : (o->max_group > 0.0 ? o->max_group : AUTO_MAX_GROUP);
  size_t ng = group_sizes(m, c, fmin(most, 1024.0), gs), i, j;
  fc_infer_params q = *p;
  int st;
  k->nagg = k->ndec = k->npre = 0;
  k->tight_ttft = k->tight_tpot = HUGE_VAL;
  k->need = 0.0;
  k->fits = 0;
  k->largest = ng ? gs[ng - 1] : 1.0;
  if (o->pin) return collect_pinned(m, c, p, o, k);
  for (i = 0; i < ng; i++) {
    size_t nt = tp_sizes(m, c, gs[i], tps);
    q.group = gs[i];
    for (j = 0; j < nt; j++) {
      q.tp = tps[j];
      if ((st = add_layout(m, c, &q, o, ROLE_ALL, k))) return st;
    }
  }
  return FC_OK;
}

/* The chosen configuration: aggregated candidate a (reps replicas), or
   prefill p x decode d with kp, kd replicas (fractional in auto); rate the
   requests/s of `chips` chips. */
typedef struct {
  const cand *a, *p, *d;
  double reps, kp, kd, chips, rate;
} config;

/* Ahead: more requests/s for fixed chips, more per chip in auto. */
static int better(double rate, double chips, const config *best, double n) {
  if (best->rate <= 0.0) return rate > 0.0;
  if (n > 0.0) return rate > best->rate * (1.0 + 1e-12);
  return rate / chips > best->rate / best->chips * (1.0 + 1e-12);
}

static void best_aggregated(const cands *k, double n, config *best) {
  size_t i;
  for (i = 0; i < k->nagg; i++) {
    const cand *a = &k->agg[i];
    double reps = n > 0.0 ? floor(n / a->g) : 1.0, rate = reps * a->rate;
    if (better(rate, reps * a->g, best, n)) {
      best->a = a; best->p = best->d = NULL; best->reps = reps; best->chips = reps * a->g; best->rate = rate;
    }
  }
}

/* Prefill x decode pools: kp gp + kd gd <= n chips, the most min(kp Rp, kd Rd);
   auto (n = 0): one decode replica and kp = Rd / Rp prefill replicas. */
static void best_disaggregated(const cands *k, double n, config *best) {
  size_t i, j;
  for (i = 0; i < k->npre; i++)
    for (j = 0; j < k->ndec; j++) {
      const cand *p = &k->pre[i], *d = &k->dec[j];
      double kp;
      if (n <= 0.0) {
        kp = d->rate / p->rate;
        if (better(d->rate, kp * p->g + d->g, best, n)) {
          best->a = NULL; best->p = p; best->d = d; best->kp = kp; best->kd = 1.0;
          best->chips = kp * p->g + d->g; best->rate = d->rate;
        }
        continue;
      }
      for (kp = 1.0; kp * p->g + d->g <= n; kp += 1.0) {
        double kd = floor((n - kp * p->g) / d->g), rate = fmin(kp * p->rate, kd * d->rate);
        if (better(rate, n, best, n)) {
          best->a = NULL; best->p = p; best->d = d; best->kp = kp; best->kd = kd;
          best->chips = kp * p->g + kd * d->g; best->rate = rate;
        }
        if (kp * p->rate > kd * d->rate) break; /* more prefill only starves decode */
      }
    }
}

static void layout_of(const fc_infer_point *pt, double replicas, fc_serve_layout *l) {
  l->group = pt->group;
  l->tp = pt->tp;
  l->dp = pt->dp;
  l->nodes = pt->nodes;
  l->replicas = replicas;
  l->chips = replicas * pt->group;
}

/* Fills r from the saturated configuration (capacity within the targets). */
static void fill(const fc_infer_params *p, const fc_serve_opts *o, const config *cf, fc_serve_result *r) {
  double io = p->input_tokens + p->output_tokens, n = p->input_tokens * (1.0 - p->cache_hit);
  memset(r, 0, sizeof *r);
  r->chips = o->chips > 0.0 ? o->chips : cf->chips;
  r->chips_used = cf->chips;
  if (cf->a) {
    r->decode = r->prefill = cf->a->pt;
    layout_of(&cf->a->pt, cf->reps, &r->decode_layout);
    r->prefill_layout = r->decode_layout;
    r->prefill_share = cf->a->pt.prefill_chip_s / cf->a->pt.chip_s_per_request;
    r->j_per_token = cf->a->pt.j_per_token;
    r->j_per_output_token = cf->a->pt.j_per_output_token;
  } else {
    const fc_infer_point *pp = &cf->p->pt, *dp = &cf->d->pt;
    double e_pre = pp->prefill_power_w * n / pp->prefill_tokens_per_s_per_chip;
    double e_dec = dp->decode_power_w * p->output_tokens / dp->decode_tokens_per_s_per_chip;
    r->disaggregated = 1.0;
    r->decode = *dp;
    r->prefill = *pp;
    layout_of(dp, cf->kd, &r->decode_layout);
    layout_of(pp, cf->kp, &r->prefill_layout);
    r->prefill_share = r->prefill_layout.chips / r->chips_used;
    r->j_per_token = (e_pre + e_dec) / io;
    r->j_per_output_token = dp->j_per_output_token;
  }
  r->capacity_requests_per_s = r->requests_per_s = cf->rate;
  r->ttft_s = r->prefill.ttft_s;
  r->tpot_s = r->decode.tpot_s;
  r->batch = r->decode.batch;
  r->bound = r->decode.bound;
}

static void totals(const fc_infer_params *p, fc_serve_result *r) {
  r->output_tokens_per_s = r->requests_per_s * p->output_tokens;
  r->tokens_per_s = r->requests_per_s * (p->input_tokens + p->output_tokens);
  r->output_tokens_per_s_per_chip = r->output_tokens_per_s / r->chips;
  r->tokens_per_s_per_chip = r->tokens_per_s / r->chips;
}

/* Latency of configuration cf at lambda requests/s over all its replicas. */
static int latency_at(const fc_llm *m, const fc_infer_chip *c, const fc_infer_params *p, const config *cf,
                      double lambda, fc_infer_point *dec, double *ttft, double *queue) {
  fc_infer_params q = *p;
  int st;
  if (cf->a) {
    q.group = cf->a->g; q.tp = cf->a->tp;
    if ((st = fc_serve_load(m, c, &q, lambda / cf->reps, 1, dec, queue, NULL))) return st;
    *ttft = dec->ttft_s;
    return FC_OK;
  } else {
    double rho_p, wait;
    q.group = cf->d->g; q.tp = cf->d->tp;
    if ((st = fc_serve_decode_batch(m, c, &q, lambda / cf->kd, 0.0, dec))) return st;
    fc_serve_prefill_queue(&cf->p->pt, p, lambda / cf->kp, 0.0, &rho_p, &wait, ttft);
    if (rho_p >= 1.0) return FC_ERANGE;
    *queue = wait;
    return FC_OK;
  }
}

/* A closed loop of C users: lambda = C / (TTFT + out TPOT), by bisection on
   lambda (the time in the system grows with it); users beyond what the
   chips hold at capacity wait for a slot (Little's law). */
static int closed_loop(const fc_llm *m, const fc_infer_chip *c, const fc_infer_params *p, const config *cf,
                       double users, double *lambda, fc_infer_point *dec, double *ttft, double *queue,
                       double *slot_wait_s) {
  double lo = 0.0, hi = cf->rate, in_sys;
  int st, i;
  *slot_wait_s = 0.0;
  for (i = 0; i < 80; i++) {
    double mid = 0.5 * (lo + hi);
    st = latency_at(m, c, p, cf, mid, dec, ttft, queue);
    if (st == FC_ERANGE) { hi = mid; continue; }
    if (st) return st;
    if (mid * (*ttft + p->output_tokens * dec->tpot_s) < users) lo = mid;
    else hi = mid;
  }
  *lambda = lo > 0.0 ? lo : 0.5 * hi;
  if ((st = latency_at(m, c, p, cf, *lambda, dec, ttft, queue))) return st;
  in_sys = *lambda * (*ttft + p->output_tokens * dec->tpot_s);
  if (users > in_sys * (1.0 + 1e-6)) { /* the rest wait for a slot */
    *slot_wait_s = (users - in_sys) / *lambda;
    *queue += *slot_wait_s;
    *ttft += *slot_wait_s;
  }
  return FC_OK;
}

/* The load's latency on the chosen configuration; FC_EDOM when it misses a target. */
static int at_load(const fc_llm *m, const fc_infer_chip *c, const fc_infer_params *p, const fc_serve_opts *o,
                   const config *cf, fc_serve_result *r) {
  fc_infer_point dec;
  double lambda = o->arrival_rate_per_s, ttft, queue, slot_wait;
  int st;
  if (o->concurrency > 0.0) st = closed_loop(m, c, p, cf, o->concurrency, &lambda, &dec, &ttft, &queue, &slot_wait);
  else st = latency_at(m, c, p, cf, lambda, &dec, &ttft, &queue);
  if (st) return st;
  if ((o->ttft_s > 0.0 && ttft > o->ttft_s) || (o->tpot_s > 0.0 && dec.tpot_s > o->tpot_s)) return FC_EDOM;
  r->requests_per_s = lambda;
  r->ttft_s = ttft;
  r->tpot_s = dec.tpot_s;
  r->queue_s = queue;
  r->batch = dec.batch;
  return FC_OK;
}

/* {=====  Auto chips at a load: the fewest whole replicas within the targets  ===== */

/* The most chips a load may take (check_opts' bound on a chip count). */
#define LOAD_MAX_CHIPS 1e6

typedef struct {
  const fc_llm *m;
  const fc_infer_chip *c;
  const fc_infer_params *p;
  const fc_serve_opts *o;
  double lambda;                     /* requests/s to carry */
} load_ctx;

/* Whether k replicas of candidate x in `role` carry the load within the
   targets (*lat: the latency the role answers for: aggregated TTFT + out x
   TPOT, decode TPOT, prefill TTFT); the same formulas at_load applies. */
static int carries(const load_ctx *x, const cand *a, int role, double k, int *ok, double *lat) {
  fc_infer_params q = *x->p;
  fc_infer_point pt;
  double lambda = x->lambda / k, queue, rho, ttft, tpot;
  int st;
  q.group = a->g; q.tp = a->tp;
  *ok = 0;
  if (role == ROLE_PRE) {
    fc_serve_prefill_queue(&a->pt, x->p, lambda, 0.0, &rho, &queue, &ttft);
    if (rho >= 1.0) return FC_OK;
    tpot = 0.0;
  } else {
    st = role == ROLE_AGG ? fc_serve_load(x->m, x->c, &q, lambda, 1, &pt, &queue, NULL)
                          : fc_serve_decode_batch(x->m, x->c, &q, lambda, 0.0, &pt);
    if (st == FC_ERANGE) return FC_OK; /* beyond the replica's memory or prefill time */
    if (st) return st;
    ttft = role == ROLE_AGG ? pt.ttft_s : 0.0;
    tpot = pt.tpot_s;
  }
  if (x->o->ttft_s > 0.0 && ttft > x->o->ttft_s) return FC_OK;
  if (x->o->tpot_s > 0.0 && tpot > x->o->tpot_s) return FC_OK;
  *ok = 1;
  *lat = ttft + (role == ROLE_PRE ? 0.0 : x->p->output_tokens * tpot);
  return FC_OK;
}

/* The fewest replicas of candidate a that carry the load in `role` (*k = 0:
   none up to LOAD_MAX_CHIPS chips).  Carrying is monotone in k (fewer
   requests a replica: a smaller batch, a shorter prefill queue), so the
   least k lies between a count that fails and one that carries: galloping
   from the capacity's estimate (load / the replica's requests/s within the
   TPOT target, + 1: usually the answer or next to it) until both are seen,
   then bisection. */
static int fewest_replicas(const load_ctx *x, const cand *a, int role, double *k, double *lat) {
  double hi = floor(LOAD_MAX_CHIPS / a->g), lo = 0.0, probe, step = 1.0, l = 0.0;
  int st, ok, seen_ok = 0, seen_fail = 0;
  *k = 0.0;
  if (hi < 1.0) return FC_OK;
  if ((st = carries(x, a, role, hi, &ok, lat)) || !ok) return st;
  probe = floor(x->lambda / a->rate) + 1.0;
  while (hi - lo > 1.0) {
    if (probe <= lo || probe >= hi) probe = floor((lo + hi) / 2.0);
    if ((st = carries(x, a, role, probe, &ok, &l))) return st;
    if (ok) { hi = probe; *lat = l; seen_ok = 1; }
    else { lo = probe; seen_fail = 1; }
    if (seen_ok && seen_fail) probe = floor((lo + hi) / 2.0);
    else probe = ok ? hi - step : lo + step;
    step *= 2.0;
  }
  *k = hi;
  return FC_OK;
}

/* The fewest chips of one role's candidates: chips = k g, ties to the lower
   latency; a candidate whose one replica has more chips than the best so far
   is skipped (k >= 1). */
typedef struct {
  const cand *a;
  double k, chips, lat;
} pool;

static int fewest_pool(const load_ctx *x, const cand *list, size_t n, int role, pool *best) {
  size_t i;
  int st;
  best->a = NULL;
  best->chips = HUGE_VAL;
  for (i = 0; i < n; i++) {
    double k, lat = 0.0;
    if (list[i].g > best->chips) continue;
    if ((st = fewest_replicas(x, &list[i], role, &k, &lat))) return st;
    if (k < 1.0) continue;
    if (k * list[i].g < best->chips || (k * list[i].g == best->chips && lat < best->lat)) {
      best->a = &list[i]; best->k = k; best->chips = k * list[i].g; best->lat = lat;
    }
  }
  return FC_OK;
}

/* Auto chips with an arrival rate: the configuration of the fewest chips
   that carries the load with TTFT and TPOT (queueing included) within the
   targets, in whole replicas (a deployment runs whole groups): aggregated k
   replicas of one layout, or kp prefill + kd decode replicas, each pool the
   fewest on its own (TTFT depends on the prefill pool alone, TPOT on the
   decode pool alone).  Ties go to the lower latency (TTFT + out x TPOT).
   More load never needs fewer chips (each layout's least k rises with the
   load, and the candidates do not depend on it); a looser target never
   needs more (more candidates, each carrying at no more replicas).  Neither
   holds for cost per token, which steps with whole replicas.
   best->rate: the chosen replicas' capacity within the TPOT target. */
static int fewest_at_load(const load_ctx *x, const cands *k, double disaggregated, config *best) {
  pool ag = {NULL, 0.0, HUGE_VAL, 0.0}, pre = ag, dec = ag;
  int st;
  memset(best, 0, sizeof *best);
  if (disaggregated != 1.0 && (st = fewest_pool(x, k->agg, k->nagg, ROLE_AGG, &ag))) return st;
  if (disaggregated != 0.0) {
    if ((st = fewest_pool(x, k->dec, k->ndec, ROLE_DEC, &dec))) return st;
    if (dec.a && (st = fewest_pool(x, k->pre, k->npre, ROLE_PRE, &pre))) return st;
  }
  if (pre.a && dec.a &&
      (!ag.a || pre.chips + dec.chips < ag.chips || (pre.chips + dec.chips == ag.chips && pre.lat + dec.lat < ag.lat))) {
    best->p = pre.a; best->d = dec.a; best->kp = pre.k; best->kd = dec.k;
    best->chips = pre.chips + dec.chips;
    best->rate = fmin(pre.k * pre.a->rate, dec.k * dec.a->rate);
  } else if (ag.a) {
    best->a = ag.a; best->reps = ag.k; best->chips = ag.chips; best->rate = ag.k * ag.a->rate;
  }
  return FC_OK;
}

/* Whether configuration cf serves the closed loop's users within the
   targets: its equilibrium (closed_loop, users beyond the decode slots
   waiting for one: in TTFT) has TTFT and TPOT within them, as at_load
   judges it; *lambda: the loop's requests/s there. */
static int serves_users(const load_ctx *x, const config *cf, int *ok, double *lambda) {
  fc_infer_point dec;
  double ttft, queue, slot_wait;
  int st = closed_loop(x->m, x->c, x->p, cf, x->o->concurrency, lambda, &dec, &ttft, &queue, &slot_wait);
  *ok = 0;
  if (st == FC_ERANGE) return FC_OK;
  if (st) return st;
  *ok = !(x->o->ttft_s > 0.0 && ttft > x->o->ttft_s) &&
        !(x->o->tpot_s > 0.0 && dec.tpot_s > x->o->tpot_s);
  return FC_OK;
}

/* Whether cf carries lambda requests/s within the targets (each pool, or
   the aggregated replicas: carries). */
static int carries_config(const load_ctx *x0, const config *cf, double lambda, int *ok) {
  load_ctx x = *x0;
  double lat;
  int st;
  x.lambda = lambda;
  if (cf->a) return carries(&x, cf->a, ROLE_AGG, cf->reps, ok, &lat);
  if ((st = carries(&x, cf->p, ROLE_PRE, cf->kp, ok, &lat)) || !*ok) return st;
  return carries(&x, cf->d, ROLE_DEC, cf->kd, ok, &lat);
}

/* The most requests/s cf carries within the targets, cf carrying lo: by
   doubling then bisection (carrying is monotone in the load). */
static int capacity_of(const load_ctx *x, const config *cf, double lo, double *cap) {
  double hi = fmax(2.0 * cf->rate, 2.0 * lo);
  int st, ok = 1, i;
  for (i = 0; i < 60 && ok; i++) {
    if ((st = carries_config(x, cf, hi, &ok))) return st;
    if (ok) { lo = hi; hi *= 2.0; }
  }
  for (i = 0; i < 60 && hi - lo > 1e-7 * hi; i++) {
    double mid = 0.5 * (lo + hi);
    if ((st = carries_config(x, cf, mid, &ok))) return st;
    if (ok) lo = mid;
    else hi = mid;
  }
  *cap = lo;
  return FC_OK;
}

/* Auto chips with a closed loop of N users (no think time): the fewest
   chips whose loop stays within the targets.  Each user's cycle is
   TTFT + out x TPOT, so the loop runs at lambda = N / cycle: the interactive
   response time law R = N / X - Z with think time Z = 0 (Lazowska, Zahorjan,
   Graham & Sevcik, Quantitative System Performance, 1984, section 3.4).  The
   cycle depends on the chips chosen, and in a disaggregated loop the pools
   interact (a faster prefill pool sends more load to decode), so the search
   walks the arrival-rate answers (fewest_at_load: the fewest chips carrying
   lambda, nondecreasing in lambda) upward from the least rate the users can
   run at within the targets, lambda_0 = N / (TTFT target + out x the
   slowest TPOT of any candidate) (none without a TTFT target: from ~0):
     C_j = the fewest chips carrying lambda_j; the answer when its own loop
           of N users (closed_loop: lambda = N / cycle) meets the targets with
           no user waiting for a slot;
     else lambda_j+1 = just above the most C_j carries within the targets
           (every rate between is carried on as many chips as C_j).
   Fewer users never need more chips (a configuration that serves N users
   serves fewer: a slower loop, a lighter load) except through configurations
   tied on chips; after LOOP_WALK steps the walk also grows lambda by 10 % a
   step to bound its length (a few ms a step), so a count between may be
   passed over.  best->rate: as fewest_at_load's. */
/* The fewest whole replicas of aggregated candidate a that serve the loop,
   exactly: N users spread evenly over k replicas put N / k on each, so k
   serve them when one replica serves N / k; one replica serves at most
   U = Lambda x cycle(Lambda) users without a slot wait (Lambda: the most
   requests/s it carries within the targets; the loop's rate rises with its
   users), so k = ceil(N / U) serve them (confirmed on the loop itself, k + 1
   when rounding says otherwise); users waiting for a decode slot within the
   TTFT target may let fewer serve: k - 1, k - 2, ... while they do. */
static int fewest_loop_replicas(const load_ctx *x0, const cand *a, double *k) {
  load_ctx x = *x0;
  config one;
  fc_infer_params q = *x0->p;
  fc_infer_point pt;
  double cap, queue, got;
  int st, ok, i;
  *k = 0.0;
  memset(&one, 0, sizeof one);
  one.a = a; one.reps = 1.0; one.rate = a->rate; one.chips = a->g;
  if ((st = carries_config(&x, &one, 1e-9 * a->rate, &ok)) || !ok) return st;
  if ((st = capacity_of(&x, &one, 1e-9 * a->rate, &cap))) return st;
  q.group = a->g; q.tp = a->tp;
  if ((st = fc_serve_load(x.m, x.c, &q, cap, 1, &pt, &queue, NULL))) return st == FC_ERANGE ? FC_OK : st;
  one.reps = ceil(x.o->concurrency / (cap * (pt.ttft_s + x.p->output_tokens * pt.tpot_s)) * (1.0 - 1e-9));
  for (i = 0; i < 2 && one.reps * a->g <= LOAD_MAX_CHIPS; i++, one.reps += 1.0) {
    one.rate = one.reps * a->rate;
    one.chips = one.reps * a->g;
    if ((st = serves_users(&x, &one, &ok, &got))) return st;
    if (ok) { *k = one.reps; break; }
  }
  for (one.reps = *k - 1.0; *k > 1.0 && one.reps >= 1.0; one.reps -= 1.0) {
    one.rate = one.reps * a->rate;
    one.chips = one.reps * a->g;
    if ((st = serves_users(&x, &one, &ok, &got))) return st;
    if (!ok) break;
    *k = one.reps;
  }
  return FC_OK;
}

/* The fewest chips of every aggregated candidate (exact, above): *best
   untouched unless fewer chips (ties: the walk's answer stays). */
static int fewest_loop_aggregated(const load_ctx *x, const cands *kk, config *best) {
  size_t i;
  int st;
  /* within both targets a cycle lasts at most TTFT + out x TPOT and a replica
     carries at most a->rate, so it serves at most a->rate x that many users */
  double most_cycle = x->o->ttft_s > 0.0 && x->o->tpot_s > 0.0 ? x->o->ttft_s + x->p->output_tokens * x->o->tpot_s
                                                                : HUGE_VAL;
  for (i = 0; i < kk->nagg; i++) {
    const cand *a = &kk->agg[i];
    double k;
    if (best->rate > 0.0 && a->g >= best->chips) continue;
    if (best->rate > 0.0 && ceil(x->o->concurrency / (a->rate * most_cycle)) * a->g >= best->chips) continue;
    if ((st = fewest_loop_replicas(x, a, &k))) return st;
    if (k >= 1.0 && (best->rate <= 0.0 || k * a->g < best->chips)) {
      memset(best, 0, sizeof *best);
      best->a = a; best->reps = k; best->chips = k * a->g; best->rate = k * a->rate;
    }
  }
  return FC_OK;
}

#define LOOP_STEPS 240
#define LOOP_WALK 16
static int fewest_closed_loop(const load_ctx *x0, const cands *k, config *best) {
  load_ctx x = *x0;
  double out = x.p->output_tokens, slowest = 0.0, lam;
  size_t i;
  int st, n, ok;
  for (i = 0; i < k->nagg; i++) slowest = fmax(slowest, k->agg[i].pt.tpot_s);
  for (i = 0; i < k->ndec; i++) slowest = fmax(slowest, k->dec[i].pt.tpot_s);
  lam = x.o->concurrency / (x.o->ttft_s > 0.0 ? x.o->ttft_s + out * slowest : 1e9);
  memset(best, 0, sizeof *best);
  for (n = 0; n < LOOP_STEPS && isfinite(lam) && lam > 0.0; n++) {
    config cf;
    double got = lam, cap;
    x.lambda = lam;
    if ((st = fewest_at_load(&x, k, x.o->disaggregated, &cf))) return st;
    if (cf.rate <= 0.0) break; /* nothing carries lambda: more users than any layout serves */
    if ((st = serves_users(&x, &cf, &ok, &got))) return st;
    if (ok) { *best = cf; break; }
    if ((st = capacity_of(&x, &cf, lam, &cap))) return st;
    lam = fmax(cap * (1.0 + 1e-6), n >= LOOP_WALK ? 1.1 * lam : 0.0);
  }
  return x.o->disaggregated != 1.0 ? fewest_loop_aggregated(&x, k, best) : FC_OK;
}

/* The fewest chips for the load given: an arrival rate or a closed loop. */
static int fewest_for_load(const load_ctx *x, const cands *k, config *best) {
  if (x->o->concurrency > 0.0) return fewest_closed_loop(x, k, best);
  return fewest_at_load(x, k, x->o->disaggregated, best);
}

/* =====} */

/* The best configuration of the candidates: the most requests/s on the
   chips (per chip in auto), or in auto at a load the fewest chips. */
static int choose(const fc_llm *m, const fc_infer_chip *c, const fc_infer_params *q, const fc_serve_opts *o,
                  const cands *kk, config *best) {
  memset(best, 0, sizeof *best);
  if (!kk->fits) return FC_OK;
  if (o->chips <= 0.0 && (o->arrival_rate_per_s > 0.0 || o->concurrency > 0.0)) {
    load_ctx x;
    x.m = m; x.c = c; x.p = q; x.o = o; x.lambda = o->arrival_rate_per_s;
    return fewest_for_load(&x, kk, best);
  }
  if (o->disaggregated != 1.0) best_aggregated(kk, o->chips, best);
  if (o->disaggregated != 0.0) best_disaggregated(kk, o->chips, best);
  return FC_OK;
}

/* The candidates and the best configuration: of the pinned layout when it
   serves within the targets, else of every layout. */
static int pinned_or_all(const fc_llm *m, const fc_infer_chip *c, const fc_infer_params *q, const fc_serve_opts *o,
                         cands *kk, config *best) {
  fc_serve_opts all = *o;
  int st;
  if (o->pin && !(o->pin->group >= 1.0)) all.pin = NULL;
  if (all.pin && o->pin->disaggregated >= 0.0) all.disaggregated = o->pin->disaggregated;
  for (;;) {
    memset(best, 0, sizeof *best);
    st = collect(m, c, q, &all, kk);
    if (!st) st = choose(m, c, q, &all, kk, best);
    if (!all.pin || (!st && best->rate > 0.0)) return st;
    all = *o; /* the pinned layout serves nothing here: search them all */
    all.pin = NULL;
  }
}

/* N chips at a load: the layout of the most capacity misses the targets (or
   cannot take the load) there; the fewest chips that carry it, when they are
   at most N, do (the rest idle).  Without this 16 H800 "could not" serve
   Llama 3.1 70B at 5 requests/s within TTFT 0.2 s and TPOT 30 ms, which 8 of
   them carry; now a load some layout of N chips carries is never refused.
   st: at_load's answer, kept when nothing within N carries the load. */
static int fewest_within(const fc_llm *m, const fc_infer_chip *c, const fc_infer_params *q, const fc_serve_opts *o,
                         const cands *kk, int st, fc_serve_result *r) {
  config few;
  load_ctx x;
  x.m = m; x.c = c; x.p = q; x.o = o; x.lambda = o->arrival_rate_per_s;
  if (fewest_for_load(&x, kk, &few) || few.rate <= 0.0 || few.chips > o->chips) return st;
  fill(q, o, &few, r);
  return at_load(m, c, q, o, &few, r);
}

int fc_serve_best(const fc_llm *m, const fc_infer_chip *c, const fc_infer_params *p, const fc_serve_opts *o,
                  fc_serve_result *r, double *tightest_ttft_s, double *tightest_tpot_s, double *need_bytes,
                  const char **bad_field) {
  cands *kk;
  config best;
  fc_infer_params q;
  int st;
  if (bad_field) *bad_field = NULL;
  if (!m || !c || !p || !o || !r) return FC_EINVAL;
  if ((st = check_opts(o, bad_field))) return st;
  q = *p;
  q.group = 1.0;
  q.tp = 0.0;
  if ((st = fc_inference_check(m, c, &q, bad_field))) return st;
  /* the candidates are large (three lists of points): on the heap, freed here */
  if (!(kk = (cands *)malloc(sizeof *kk))) return FC_ENOMEM;
  st = pinned_or_all(m, c, &q, o, kk, &best);
  if (tightest_ttft_s) *tightest_ttft_s = kk->tight_ttft;
  if (tightest_tpot_s) *tightest_tpot_s = kk->tight_tpot;
  if (need_bytes) *need_bytes = kk->need;
  r->largest_group = kk->largest;
  if (!st && !kk->fits) st = FC_ENOTFOUND;
  /* nothing within the targets (at a load in auto with none: the load exceeds LOAD_MAX_CHIPS chips) */
  if (!st && best.rate <= 0.0)
    st = o->chips <= 0.0 && (o->arrival_rate_per_s > 0.0 || o->concurrency > 0.0) && o->ttft_s <= 0.0 &&
         o->tpot_s <= 0.0 ? FC_ERANGE : FC_EDOM;
  if (!st) {
    fill(&q, o, &best, r);
    if (o->arrival_rate_per_s > 0.0 || o->concurrency > 0.0) st = at_load(m, c, &q, o, &best, r);
    if ((st == FC_EDOM || st == FC_ERANGE) && o->chips > 0.0 && (o->arrival_rate_per_s > 0.0 || o->concurrency > 0.0))
      st = fewest_within(m, c, &q, o, kk, st, r);
    totals(&q, r);
  }
  free(kk);
  return st;
}

void fc_serve_result_point(const fc_serve_result *r, const fc_infer_params *p, fc_infer_point *pt) {
  double io = p->input_tokens + p->output_tokens, per_req;
  *pt = r->decode;
  pt->chips = r->chips;
  pt->disaggregated = r->disaggregated;
  pt->prefill_group = r->prefill_layout.group;
  pt->prefill_tp = r->prefill_layout.tp;
  pt->prefill_dp = r->prefill_layout.dp;
  pt->prefill_chips = r->prefill_layout.chips;
  pt->decode_chips = r->decode_layout.chips;
  pt->requests_per_s = r->requests_per_s;
  pt->queue_s = r->queue_s;
  pt->batch = r->batch;
  pt->ttft_s = r->ttft_s;
  pt->tpot_s = r->tpot_s;
  pt->tokens_per_s_per_user = 1.0 / r->tpot_s;
  pt->output_tokens_per_s = r->output_tokens_per_s;
  pt->tokens_per_s = r->tokens_per_s;
  pt->output_tokens_per_s_per_chip = r->output_tokens_per_s_per_chip;
  pt->tokens_per_s_per_chip = r->tokens_per_s_per_chip;
  /* chip-seconds of a request over all the chips, split as the pools are */
  per_req = io / r->tokens_per_s_per_chip;
  pt->chip_s_per_request = per_req;
  pt->prefill_chip_s = per_req * r->prefill_share;
  pt->decode_chip_s = per_req - pt->prefill_chip_s;
  pt->j_per_token = r->j_per_token;
  pt->bound = r->bound;
  /* each pool's own rate (aggregated: the same layout) */
  pt->prefill_tokens_per_s_per_chip = r->prefill.prefill_tokens_per_s_per_chip;
  pt->prefill_power_w = r->prefill.prefill_power_w;
}
