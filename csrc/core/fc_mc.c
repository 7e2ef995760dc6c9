/* fc_mc.c -- Monte Carlo engine: the run (seeding, blocks, chunks folded in order,
   threads, the pilot); method and sources in fc_mc.h. The inputs are read and set
   through fc_mc_inputs.h; the tornado and point evaluations are fc_mc_point.c. */
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_linalg.h>
#include "fc_status.h"
#include "fc_mc.h"
#include "fc_mc_inputs.h"
#include "fc_mc_lanes.h"

/* ---- seeding ----------------------------------------------------------- */

/* A bijective 32-bit mixer (C. Wellons' "lowbias32", 2018). */
static uint32_t mix32(uint32_t x) {
  x ^= x >> 16; x *= 0x7feb352dU;
  x ^= x >> 15; x *= 0x846ca68bU;
  x ^= x >> 16;
  return x;
}

#define PILOT_STREAM 0xFFFFFFFFu
#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif

unsigned long fc_mc_chunk_seed(uint64_t seed, uint32_t k) {
  return (unsigned long)mix32((uint32_t)fc_mc_splitmix64(seed) + k);
}

/* ---- the run ------------------------------------------------------------ */

/*
** The run validates the base scenario once; per sample it checks only the
** fields the inputs change (and idle <= TDP when either changes), recomputes
** the capital rates only when an input changes one of their fields, and
** evaluates the trusted chain. Together these are exactly fc_scenario_eval's
** checks, so a sample fails where fc_scenario_eval would.
*/
typedef struct {
  fc_scenario_params *work;      /* [FC_MC_BLOCK][nm] working copies */
  fc_scenario_rates *rates;      /* [FC_MC_BLOCK][nm], when an input changes a rate field */
  fc_scenario_result *res;       /* [FC_MC_BLOCK] */
  double *xin;                   /* [input][FC_MC_BLOCK] draws of the block */
  double *yout;                  /* [output][FC_MC_BLOCK] outputs of the block */
  gsl_rng *rng;
  fc_mc_stats parts[2][FC_MC_MAX_OUTPUTS]; /* two partial summaries: one may wait to be folded */
  int busy[2];                   /* parts[b] holds a chunk not yet folded */
  fc_mc_stats *part;             /* the one run_range fills */
  fc_mc_error err;
  /* description inputs: the sample's description and its composed mix */
  fc_compose_desc desc;
  fc_compose_chip *chips;        /* [n_chips] */
  double *counts;                /* [FC_MC_BLOCK][nm] */
  fc_compose_mix *mixes;         /* [FC_MC_BLOCK] */
  double *z;                     /* [input][FC_MC_BLOCK] normals (correlated runs) */
  fc_mc_lanes *lanes;            /* [input]: the lanes' streams (sh->lanes) */
  double *block;                 /* [field][FC_MC_BLOCK]: the block's scenarios field by field (sh->soa) */
} worker;

/* A finished chunk waiting for its turn to be folded into the total. */
typedef struct {
  int ready, status, buf;
  uint64_t n;
  worker *owner;
  fc_mc_error err;
} pending;

typedef struct {
  const fc_mc_spec *s;
  fc_mc_stats *total;
  fc_dist_sampler *samplers;     /* n_inputs, shared read-only */
  size_t *in_off;                /* n_inputs: byte offset of the field each sets */
  struct { double lo, hi; int integral, inside; } *domain; /* n_inputs: of the field each sets;
                                                  inside: every possible draw is in it, no check */
  const gsl_rng_type *rng_type;
  int lanes;                     /* draw from taus2 lanes (fc_mc_lanes.h), not one GSL stream */
  int isa;                       /* the kernels' instruction set (fc_simd_best) */
  int soa;                       /* one member, one output, inputs on fields that change
                                    neither rates nor idle/TDP: the chain over the block's
                                    fields (fc_scenario_eval_block_y) */
  int rows;                      /* soa, uncorrelated, one input per field: each input
                                    draws straight into its field's row (input_draws) */
  fc_mc_zig zig;                 /* the lanes' ziggurat tables */
  fc_scenario_rates *base_rates; /* n_members, when no input changes a rate field */
  int rates_vary, power_vary;
  int desc_vary;                 /* an input sets a description field: compose per sample */
  int pin_layout;                /* ... and every such input is a serving figure (serving.*):
                                    keep the base point's serving layout (pin_layouts) */
  double *chol;                  /* correlated runs: L of R = L L', n_inputs^2, else NULL */
  double scale[FC_MC_MAX_OUTPUTS];
  double shift[FC_MC_MAX_OUTPUTS]; /* centre of the pilot range: shift of the chunk sums */
  size_t out_off[FC_MC_MAX_OUTPUTS]; /* byte offset of each output's source in fc_scenario_result */
  size_t out_src[FC_MC_MAX_OUTPUTS]; /* the result field each output comes from (fc_mc_output_source) */
  int out_serving[FC_MC_MAX_OUTPUTS]; /* output o is a serving output (fc_mc_output_is_serving) */
  int out_water[FC_MC_MAX_OUTPUTS]; /* output o is a water output (fc_mc_output_is_water) */
  int any_water;                 /* some output is: each sample keeps its members (no soa) */
  fc_scenario_params probe;      /* for the byte offsets of input fields */
  uint64_t first, count;         /* this shard's samples */
  uint64_t k_next, k_merge, k_end;
  pending *pend;                 /* 2 x threads slots, chunk k in slot k mod npend */
  size_t npend;
  uint64_t done;
  int status, stop;
  fc_mc_error err;
  pthread_mutex_t mu;
  pthread_cond_t cv;
} shared;

static int check_spec(const fc_mc_spec *s) {
  size_t i, nr = fc_mc_output_count();
  if (!s->members || s->n_members == 0 || (s->mix && !s->counts)) return FC_EINVAL;
  if (!s->mix && s->n_members != 1) return FC_EINVAL;
  if (s->n_outputs == 0 || s->n_outputs > FC_MC_MAX_OUTPUTS || !s->outputs) return FC_EINVAL;
  if (s->n_inputs && !s->inputs) return FC_EINVAL;
  if (s->samples == 0 || s->threads == 0 || s->threads > FC_MC_MAX_THREADS) return FC_EINVAL;
  if (s->shard_count == 0 || s->shard_index >= s->shard_count) return FC_EINVAL;
  if (s->hist_bins == 0 || s->hist_bins > FC_MC_FINE_BINS) return FC_EINVAL;
  if ((s->samples - 1) / FC_MC_CHUNK >= PILOT_STREAM) return FC_EINVAL;
  for (i = 0; i < s->n_outputs; i++)
    if (s->outputs[i] < 0 || (size_t)s->outputs[i] >= nr ||
        (fc_mc_output_is_serving((size_t)s->outputs[i]) && !fc_mc_output_serves(s->serving)) ||
        (fc_mc_output_is_water((size_t)s->outputs[i]) && !fc_mc_output_waters(s->serving)))
      return FC_EINVAL;
  return check_spec_inputs(s);
}

static int varies(const fc_mc_spec *s, size_t member, size_t field) {
  size_t j;
  for (j = 0; j < s->n_inputs; j++)
    if (!is_desc(s, j) && (size_t)s->inputs[j].field == field &&
        (s->inputs[j].member < 0 || (size_t)s->inputs[j].member == member))
      return 1;
  return 0;
}

/* The checks of fc_scenario_eval that no input can change, done once: fields
   no input varies, idle <= TDP, the mix's counts, and the capital rates. */
static int check_base(shared *sh) {
  const fc_mc_spec *s = sh->s;
  size_t m, i, j, nf = fc_scenario_field_count();
  const char *bad = NULL, *name;
  int st;
  sh->pin_layout = 1;
  for (j = 0; j < s->n_inputs; j++) {
    size_t f = (size_t)s->inputs[j].field;
    if (is_desc(s, j)) {
      sh->desc_vary = 1;
      name = input_field_name(s, j);
      if (!name || strncmp(name, "serving.", 8) != 0) sh->pin_layout = 0;
      continue;
    }
    if (fc_scenario_field_is_rate(f)) sh->rates_vary = 1;
    if (f == (size_t)fc_scenario_field_index("idle_w") || f == (size_t)fc_scenario_field_index("tdp_w"))
      sh->power_vary = 1;
  }
  if (sh->desc_vary) return FC_OK; /* every sample is composed and checked in full */
  if (s->mix && (st = fc_scenario_mix_check(s->counts, s->n_members, s->coupling, s->penalty, &m, &bad)))
    return model_error(&sh->err, s->members, m < s->n_members ? m : 0, bad, st);
  for (m = 0; m < s->n_members; m++) {
    for (i = 0; i < nf; i++)
      if (!varies(s, m, i) && !fc_scenario_field_ok(&s->members[m], i))
        return model_error(&sh->err, s->members, m, fc_scenario_field_name(i), FC_EDOM);
    if (!sh->power_vary && !fc_scenario_power_ok(&s->members[m]))
      return model_error(&sh->err, s->members, m, "idle_w", FC_EDOM);
    if (!sh->rates_vary && (st = fc_scenario_rates_eval(&s->members[m], &sh->base_rates[m], &bad)))
      return model_error(&sh->err, s->members, m, bad, st);
  }
  return FC_OK;
}

/* Records the error of block sample i, the earliest so far (callers only
   look at samples before the current first failure). */
static int block_error(worker *w, size_t nm, size_t i, size_t member, const char *field, int status,
                       size_t *limit) {
  model_error(&w->err, w->work + i * nm, member, field, status);
  w->err.sample = i;
  *limit = i;
  return status;
}

/* Output o's non-finite value at block sample i: the run's error. */
static int output_error(const fc_mc_spec *s, worker *w, size_t o, size_t i, size_t *limit, int e) {
  memset(&w->err, 0, sizeof w->err);
  w->err.sample = i;
  w->err.output = fc_mc_output_name((size_t)s->outputs[o]);
  *limit = i;
  return e ? e : FC_ERANGE;
}

/*
** The block's outputs into w->yout[o][i], each checked finite, the samples in
** order (so the error kept is the first failing sample's, its first failing
** output). An output straight from the chain (direct) is already in place; a
** serving output is the sample's cost in $ per million tokens, a water output
** its litres by the scenario's water rule over its own members (fc_mc_output.h).
** What each output is was decided once per run (sh->out_serving, out_water).
*/
static int collect_outputs(const shared *sh, worker *w, size_t *limit, int st, int direct) {
  const fc_mc_spec *s = sh->s;
  size_t i, o, n = *limit;
  int e;
  if (direct && !sh->out_serving[0] && !sh->out_water[0]) { /* the common case: one scan, no copy */
    for (i = 0; i < n; i++)
      if (!isfinite(w->yout[i])) return output_error(s, w, 0, i, limit, FC_OK);
    return st;
  }
  for (i = 0; i < n; i++)
    for (o = 0; o < s->n_outputs; o++) {
      double y = direct ? w->yout[i] : *(const double *)(const void *)((const char *)&w->res[i] + sh->out_off[o]);
      const fc_compose_mix *mix = sh->desc_vary ? &w->mixes[i] : s->serving;
      if (sh->out_water[o])
        e = fc_mc_output_water((size_t)s->outputs[o], y, &w->work[i * s->n_members],
                               sh->desc_vary ? &w->counts[i * s->n_members] : s->counts, s->n_members, mix, &y);
      else
        e = sh->out_serving[o] ? fc_mc_output_value((size_t)s->outputs[o], y, mix, &y) : FC_OK;
      if (e || !isfinite(y)) return output_error(s, w, o, i, limit, e);
      w->yout[o * FC_MC_BLOCK + i] = y;
    }
  return st;
}

/* Where input j's draws of the block are: its field's row of the block
   (sh->rows), else its row of xin. */
static double *input_draws(const shared *sh, const worker *w, size_t j) {
  return sh->rows ? w->block + (size_t)sh->s->inputs[j].field * FC_MC_BLOCK : w->xin + j * FC_MC_BLOCK;
}

/*
** The model over block samples [0, *limit): outputs into w->yout. Every
** stage runs only over the samples before the first failure found so far, so
** the error kept is that of the first failing sample, as if each sample were
** checked and evaluated in turn. Returns the status of that failure (st on
** entry when none is earlier) and leaves its index in *limit.
*/
static int eval_block(const shared *sh, worker *w, size_t *limit, int st) {
  const fc_mc_spec *s = sh->s;
  size_t nm = s->n_members, i, j, m, bi = 0;
  const char *bad = NULL;
  int e, direct = 0;
  if (sh->soa) { /* the draws become the block's rows; the chain runs over them */
    for (j = 0; !sh->rows && j < s->n_inputs; j++)
      memcpy(w->block + (size_t)s->inputs[j].field * FC_MC_BLOCK, w->xin + j * FC_MC_BLOCK,
             *limit * sizeof(double));
    if (fc_scenario_eval_block_y(w->block, FC_MC_BLOCK, *limit, s->members[0].power_curve, sh->base_rates,
                                 sh->out_src[0], w->yout, &bi, &bad, sh->isa) == FC_OK)
      return collect_outputs(sh, w, limit, st, 1);
    /* an error: the path below evaluates the block sample by sample and reports it */
  }
  /* description inputs: each sample composes its own members */
  for (i = 0; sh->desc_vary && i < *limit; i++) {
    for (j = 0; j < s->n_inputs; j++)
      if (is_desc(s, j)) set_desc_input(s, &w->desc, j, w->xin[j * FC_MC_BLOCK + i]);
    if ((e = compose_work(&w->desc, &w->work[i * nm], &w->counts[i * nm], &w->mixes[i], &w->err)) != FC_OK) {
      w->err.sample = i;
      *limit = i;
      st = e;
    }
  }
  for (j = 0; j < s->n_inputs; j++) {
    const double *x = input_draws(sh, w, j);
    size_t off = sh->in_off[j];
    if (is_desc(s, j)) continue;
    if (nm == 1) { /* the common case: one member, a plain strided store, four at a time */
      char *dst = (char *)w->work + off;
      const size_t step = sizeof *w->work;
      for (i = 0; i + 4 <= *limit; i += 4, dst += 4 * step) {
        *(double *)(void *)dst = x[i];
        *(double *)(void *)(dst + step) = x[i + 1];
        *(double *)(void *)(dst + 2 * step) = x[i + 2];
        *(double *)(void *)(dst + 3 * step) = x[i + 3];
      }
      for (; i < *limit; i++, dst += step) *(double *)(void *)dst = x[i];
      continue;
    }
    for (m = 0; m < nm; m++)
      if (s->inputs[j].member < 0 || (size_t)s->inputs[j].member == m)
        for (i = 0; i < *limit; i++) *(double *)(void *)((char *)&w->work[i * nm + m] + off) = x[i];
  }
  for (i = 0; sh->power_vary && i < *limit; i++)
    for (m = 0; m < nm; m++)
      if (!fc_scenario_power_ok(&w->work[i * nm + m])) {
        st = block_error(w, nm, i, m, "idle_w", FC_EDOM, limit);
        break;
      }
  for (i = 0; sh->rates_vary && i < *limit; i++)
    for (m = 0; m < nm; m++)
      if ((e = fc_scenario_rates_eval(&w->work[i * nm + m], &w->rates[i * nm + m], &bad)) != FC_OK) {
        st = block_error(w, nm, i, m, bad, e, limit);
        break;
      }
  if (sh->desc_vary) {
    for (i = 0; i < *limit; i++) {
      e = fc_scenario_eval_mix(&w->work[i * nm], &w->counts[i * nm], nm, w->mixes[i].coupling, w->mixes[i].penalty,
                               &w->res[i], &bi, &bad);
      if (e) { st = block_error(w, nm, i, bi, bad, e, limit); break; }
    }
  } else if (!s->mix && s->n_outputs == 1) { /* straight into the output block */
    e = fc_scenario_eval_trusted_y(w->work, *limit, sh->rates_vary ? w->rates : sh->base_rates,
                                   sh->rates_vary ? 1 : 0, sh->out_src[0], w->yout, &bi, &bad);
    if (e) st = block_error(w, nm, bi, 0, bad, e, limit);
    direct = 1;
  } else if (!s->mix) {
    e = fc_scenario_eval_trusted_n(w->work, *limit, sh->rates_vary ? w->rates : sh->base_rates,
                                   sh->rates_vary ? 1 : 0, w->res, &bi, &bad);
    if (e) st = block_error(w, nm, bi, 0, bad, e, limit);
  } else {
    for (i = 0; i < *limit; i++) {
      e = fc_scenario_eval_mix_trusted(&w->work[i * nm], sh->rates_vary ? &w->rates[i * nm] : sh->base_rates,
                                       s->counts, nm, s->coupling, s->penalty, &w->res[i], &bi, &bad);
      if (e) { st = block_error(w, nm, i, bi, bad, e, limit); break; }
    }
  }
  return collect_outputs(sh, w, limit, st, direct);
}

/* Index of the first x[0..n) outside the field's domain, or n. */
static size_t first_outside(const double *x, size_t n, double lo, double hi, int integral) {
  size_t i;
  for (i = 0; i < n; i++)
    if (!(x[i] >= lo && x[i] <= hi) || (integral && x[i] != floor(x[i]))) return i;
  return n;
}

/* The block's draws of correlated inputs (Gaussian copula, fc_mc.h): n
   standard normals per input, input after input, then z = L e per sample and
   x_j = F_j^-1(Phi(z_j)). */
static void correlated_fill(const shared *sh, worker *w, size_t nb) {
  const fc_mc_spec *s = sh->s;
  size_t n = s->n_inputs, i, j, k;
  for (j = 0; j < n; j++)
    for (i = 0; i < nb; i++) w->z[j * FC_MC_BLOCK + i] = gsl_ran_gaussian_ziggurat(w->rng, 1.0);
  for (i = 0; i < nb; i++)
    for (j = 0; j < n; j++) {
      double z = 0.0;
      for (k = 0; k <= j; k++) z += sh->chol[j * n + k] * w->z[k * FC_MC_BLOCK + i];
      w->xin[j * FC_MC_BLOCK + i] = fc_dist_sampler_from_normal(&sh->samplers[j], z);
    }
}

/* fc_mc.h */
int fc_mc_copula_factor(const double *rank_corr, size_t n, double **out) {
  size_t i, j;
  gsl_matrix *m;
  double *l;
  int st = FC_OK;
  if (!rank_corr || !out || n == 0) return FC_EINVAL;
  for (i = 0; i < n; i++)
    for (j = 0; j < n; j++) {
      double r = rank_corr[i * n + j];
      if (!(r >= -1.0 && r <= 1.0) || r != rank_corr[j * n + i] || (i == j && r != 1.0)) return FC_EINVAL;
    }
  m = gsl_matrix_alloc(n, n);
  l = (double *)calloc(n * n, sizeof *l);
  if (!m || !l) { if (m) gsl_matrix_free(m); free(l); return FC_ENOMEM; }
  for (i = 0; i < n; i++)
    for (j = 0; j < n; j++)
      gsl_matrix_set(m, i, j, i == j ? 1.0 : 2.0 * sin(M_PI * rank_corr[i * n + j] / 6.0));
  if (gsl_linalg_cholesky_decomp1(m) != 0) st = FC_EDOM;
  for (i = 0; st == FC_OK && i < n; i++)
    for (j = 0; j <= i; j++) l[i * n + j] = gsl_matrix_get(m, i, j);
  gsl_matrix_free(m);
  if (st) { free(l); return st; }
  *out = l;
  return FC_OK;
}

/*
** One block's share of a chunk's summary: the sums of d = y - k and d^2 in
** four interleaved partial sums (samples i mod 4, added in a fixed order:
** four independent dependency chains instead of one), min, max and the
** histogram counts (the slots first, in a loop without stores to the counts).
*/
static void block_summary(fc_mc_stats *p, const double *y, size_t nb, double k, double scale, double *s1,
                          double *s2) {
  double a1[4] = {0.0, 0.0, 0.0, 0.0}, a2[4] = {0.0, 0.0, 0.0, 0.0}, mn = p->min, mx = p->max;
  size_t i, l, slot[FC_MC_BLOCK];
  for (i = 0; i + 4 <= nb; i += 4)
    for (l = 0; l < 4; l++) {
      double d = y[i + l] - k;
      a1[l] += d;
      a2[l] += d * d;
    }
  for (; i < nb; i++) {
    double d = y[i] - k;
    a1[0] += d;
    a2[0] += d * d;
  }
  *s1 = (a1[0] + a1[1]) + (a1[2] + a1[3]);
  *s2 = (a2[0] + a2[1]) + (a2[2] + a2[3]);
  for (i = 0; i < nb; i++) {
    mn = y[i] < mn ? y[i] : mn;
    mx = y[i] > mx ? y[i] : mx;
    slot[i] = fc_mc_stats_slot(p, scale, y[i]);
  }
  p->min = mn;
  p->max = mx;
  for (i = 0; i < nb; i++) fc_mc_stats_count_slot(p, slot[i]);
}

/*
** Draws and evaluates samples [i0, i1) of the stream seeded with `key`, a
** block of FC_MC_BLOCK samples at a time: each input's draws for the block
** (input after input), the model per sample, then each output's block into
** the partial summary. With sink != NULL (pilot), outputs go to
** sink[o * (i1 - i0) + i] instead. The partials are sums about the pilot's
** centre (Chan, Golub & LeVeque 1983, "Algorithms for computing the sample
** variance", The American Statistician 37(3), shifted data): no division per
** sample, and no cancellation since the shift is near the mean.
*/
static int run_range(shared *sh, worker *w, uint32_t key, uint64_t i0, uint64_t i1, double *sink) {
  const fc_mc_spec *s = sh->s;
  double s1[FC_MC_MAX_OUTPUTS] = {0}, s2[FC_MC_MAX_OUTPUTS] = {0};
  uint64_t b0, nloc = sh->count;
  size_t j, o, i, nm = s->n_members;
  for (i = 0; i < FC_MC_BLOCK; i++) memcpy(&w->work[i * nm], s->members, nm * sizeof *w->work);
  if (sh->lanes)
    for (j = 0; j < s->n_inputs; j++) fc_mc_lanes_seed(&w->lanes[j], s->seed, key, (uint32_t)j);
  else
    gsl_rng_set(w->rng, fc_mc_chunk_seed(s->seed, key));
  for (b0 = i0; b0 < i1; b0 += FC_MC_BLOCK) {
    size_t nb = (size_t)(i1 - b0 < FC_MC_BLOCK ? i1 - b0 : FC_MC_BLOCK), bad_at = nb, bad_in = 0;
    int st = FC_OK;
    if (sh->chol) correlated_fill(sh, w, nb);
    for (j = 0; j < s->n_inputs; j++) {
      double *x = input_draws(sh, w, j);
      size_t f;
      if (sh->lanes) fc_mc_lanes_fill(&sh->samplers[j], &sh->zig, &w->lanes[j], x, sh->isa);
      else if (!sh->chol) fc_dist_sampler_fill(&sh->samplers[j], w->rng, x, nb);
      if (!sink && s->in_samples) memcpy(&s->in_samples[j * nloc + (b0 - sh->first)], x, nb * sizeof *x);
      f = sh->domain[j].inside ? nb
                               : first_outside(x, nb, sh->domain[j].lo, sh->domain[j].hi, sh->domain[j].integral);
      if (f < bad_at) { bad_at = f; bad_in = j; }
    }
    if (bad_at < nb) { /* the first sample with an input outside its field's domain */
      const fc_mc_input *in = &s->inputs[bad_in];
      memset(&w->err, 0, sizeof w->err);
      w->err.sample = bad_at;
      w->err.member = in->member >= 0 ? (size_t)in->member : 0;
      w->err.field = input_field_name(s, bad_in);
      w->err.value = input_draws(sh, w, bad_in)[bad_at];
      st = FC_EDOM;
    }
    if ((st = eval_block(sh, w, &bad_at, st)) != FC_OK) {
      w->err.sample += b0;
      w->err.pilot = sink != NULL;
      return st;
    }
    for (o = 0; o < s->n_outputs; o++) {
      const double *y = w->yout + o * FC_MC_BLOCK;
      double k = sh->shift[o], scale = sh->scale[o], a1 = 0.0, a2 = 0.0;
      fc_mc_stats *p;
      if (sink) { memcpy(&sink[o * (i1 - i0) + (b0 - i0)], y, nb * sizeof *y); continue; }
      p = &w->part[o];
      block_summary(p, y, nb, k, scale, &a1, &a2);
      s1[o] += a1;
      s2[o] += a2;
      if (s->out_samples) memcpy(&s->out_samples[o * nloc + (b0 - sh->first)], y, nb * sizeof *y);
    }
  }
  for (o = 0; !sink && o < s->n_outputs; o++) {
    double n = (double)(i1 - i0), m2;
    fc_mc_stats *p = &w->part[o];
    p->n = i1 - i0;
    p->mean = sh->shift[o] + s1[o] / n;
    m2 = s2[o] - s1[o] * s1[o] / n;
    p->m2 = m2 > 0.0 ? m2 : 0.0;
  }
  return FC_OK;
}

/* Folds every finished chunk whose turn has come, in chunk order: the result
   never depends on the thread count. Called with the lock held. */
static void fold_ready(shared *sh) {
  const fc_mc_spec *s = sh->s;
  size_t o;
  while (sh->k_merge < sh->k_end && sh->pend[sh->k_merge % sh->npend].ready) {
    pending *e = &sh->pend[sh->k_merge % sh->npend];
    if (sh->status == FC_OK) {
      if (e->status) {
        sh->status = e->status;
        sh->err = e->err;
        sh->stop = 1;
      } else {
        for (o = 0; o < s->n_outputs; o++) fc_mc_stats_merge(&sh->total[o], &e->owner->parts[e->buf][o]);
        if (s->chunk_parts) {
          size_t nk = (size_t)(sh->k_end - sh->first / FC_MC_CHUNK), k = (size_t)(sh->k_merge - sh->first / FC_MC_CHUNK);
          for (o = 0; o < s->n_outputs; o++) {
            const fc_mc_stats *pt = &e->owner->parts[e->buf][o];
            fc_mc_part *c = &s->chunk_parts[o * nk + k];
            c->n = pt->n; c->mean = pt->mean; c->m2 = pt->m2;
          }
        }
        sh->done += e->n;
        if (s->progress) s->progress(s->progress_ctx, sh->done, sh->count);
      }
    }
    e->ready = 0;
    e->owner->busy[e->buf] = 0;
    sh->k_merge++;
  }
}

/*
** Claims chunks in order and runs them. A finished chunk is folded at once
** when its turn has come; otherwise it waits in its pending slot while the
** worker goes on with its second partial summary, so a fast thread does not
** idle behind a slow one (it waits only when both of its partials are pending).
** At most 2 x threads chunks are claimed and not yet folded.
*/
static void *work_loop(void *arg) {
  void **a = (void **)arg;
  shared *sh = (shared *)a[0];
  worker *w = (worker *)a[1];
  const fc_mc_spec *s = sh->s;
  for (;;) {
    uint64_t k, i0, i1;
    size_t o;
    int st, b;
    pthread_mutex_lock(&sh->mu);
    while (!sh->stop && w->busy[0] && w->busy[1]) pthread_cond_wait(&sh->cv, &sh->mu);
    if (!sh->stop && s->cancel && *s->cancel) { /* asked to stop: between chunks, promptly */
      sh->stop = 1;
      if (sh->status == FC_OK) { sh->status = FC_EINTR; memset(&sh->err, 0, sizeof sh->err); }
      pthread_cond_broadcast(&sh->cv);
    }
    if (sh->stop || sh->k_next >= sh->k_end) { pthread_mutex_unlock(&sh->mu); break; }
    k = sh->k_next++;
    b = w->busy[0] ? 1 : 0; /* busy[] changes under the lock, when another thread folds */
    pthread_mutex_unlock(&sh->mu);

    w->part = w->parts[b];
    for (o = 0; o < s->n_outputs; o++) fc_mc_stats_reset(&w->part[o]);
    i0 = k * FC_MC_CHUNK;
    i1 = i0 + FC_MC_CHUNK < s->samples ? i0 + FC_MC_CHUNK : s->samples;
    st = run_range(sh, w, (uint32_t)k, i0, i1, NULL);

    pthread_mutex_lock(&sh->mu);
    {
      pending *e = &sh->pend[k % sh->npend];
      e->status = st;
      if (st) e->err = w->err;
      e->buf = b;
      e->n = i1 - i0;
      e->owner = w;
      e->ready = 1;
      w->busy[b] = 1;
    }
    fold_ready(sh);
    pthread_cond_broadcast(&sh->cv);
    pthread_mutex_unlock(&sh->mu);
  }
  return NULL;
}

int fc_mc_cut(uint64_t count, uint64_t i, uint64_t n, uint64_t *first, uint64_t *end) {
  if (!first || !end || n == 0 || i >= n) return FC_EINVAL;
  *first = count * i / n;
  *end = count * (i + 1) / n;
  return FC_OK;
}

void fc_mc_shard_range(const fc_mc_spec *s, uint64_t *first, uint64_t *count) {
  uint64_t K = (s->samples + FC_MC_CHUNK - 1) / FC_MC_CHUNK;
  uint64_t n = s->shard_count ? s->shard_count : 1, i = s->shard_index, k0 = 0, k1 = K, a, b;
  if (fc_mc_cut(K, i, n, &k0, &k1) != FC_OK) k0 = k1 = K; /* a shard past the end: empty */
  a = k0 * FC_MC_CHUNK;
  b = k1 * FC_MC_CHUNK;
  if (b > s->samples) b = s->samples;
  if (a > b) a = b;
  *first = a;
  *count = b - a;
}

static void free_worker(worker *w, size_t n_outputs) {
  size_t o;
  if (w->rng) gsl_rng_free(w->rng);
  free(w->work);
  free(w->res);
  free(w->xin);
  free(w->yout);
  free(w->rates);
  free(w->chips);
  free(w->counts);
  free(w->mixes);
  free(w->z);
  free(w->lanes);
  free(w->block);
  for (o = 0; o < n_outputs; o++) { fc_mc_stats_free(&w->parts[0][o]); fc_mc_stats_free(&w->parts[1][o]); }
  memset(w, 0, sizeof *w);
}

/* A serving description whose varied inputs are all serving figures
   (serving.*: how well the stack runs, not what is asked of it) keeps its
   base point's layout (fc_compose_serve_pins): each sample re-times that
   layout, its batch re-solved within the targets, instead of searching every
   layout (30-60 layouts for a MoE over nodes); a sample whose inputs make the
   pinned layout miss every target falls back to the search (fc_serve.h).
   Workload, chip or model inputs (a request shape, a target, a load) search
   per sample: the layout is part of their answer. Without a base point (it
   fails) nothing is pinned. */
static void pin_layouts(fc_compose_desc *d) {
  fc_serve_pin *pins = (fc_serve_pin *)malloc(d->n_chips * sizeof *pins);
  size_t i;
  if (pins && fc_compose_serve_pins(d, pins, NULL) == FC_OK)
    for (i = 0; i < d->n_chips; i++) d->chips[i].serve_pin = pins[i];
  free(pins);
}

/* The working copies and the generator; partials only when total is given. */
static int alloc_worker(worker *w, const shared *sh, const fc_mc_stats *total) {
  const fc_mc_spec *s = sh->s;
  size_t o;
  memset(w, 0, sizeof *w);
  w->work = (fc_scenario_params *)malloc(FC_MC_BLOCK * s->n_members * sizeof *w->work);
  w->rates = (fc_scenario_rates *)calloc(FC_MC_BLOCK * s->n_members, sizeof *w->rates);
  w->res = (fc_scenario_result *)calloc(FC_MC_BLOCK, sizeof *w->res);
  w->xin = (double *)malloc((s->n_inputs ? s->n_inputs : 1) * FC_MC_BLOCK * sizeof *w->xin);
  w->yout = (double *)malloc(s->n_outputs * FC_MC_BLOCK * sizeof *w->yout);
  w->rng = gsl_rng_alloc(sh->rng_type);
  if (!w->work || !w->rates || !w->res || !w->xin || !w->yout || !w->rng) return FC_ENOMEM;
  if (sh->desc_vary) {
    w->desc = *s->desc;
    w->chips = (fc_compose_chip *)malloc(s->n_members * sizeof *w->chips);
    w->counts = (double *)malloc(FC_MC_BLOCK * s->n_members * sizeof *w->counts);
    w->mixes = (fc_compose_mix *)malloc(FC_MC_BLOCK * sizeof *w->mixes);
    if (!w->chips || !w->counts || !w->mixes) return FC_ENOMEM;
    memcpy(w->chips, s->desc->chips, s->n_members * sizeof *w->chips);
    w->desc.chips = w->chips;
    if (sh->pin_layout) pin_layouts(&w->desc);
  }
  if (sh->chol && !(w->z = (double *)malloc(s->n_inputs * FC_MC_BLOCK * sizeof *w->z))) return FC_ENOMEM;
  if (sh->lanes && !(w->lanes = (fc_mc_lanes *)malloc(s->n_inputs * sizeof *w->lanes))) return FC_ENOMEM;
  if (sh->soa) { /* every row the base scenario's field; the inputs' rows are overwritten per block */
    size_t f, i, nf = fc_scenario_field_count(); /* field f is row f (fc_scenario_eval_block_y) */
    if (!(w->block = (double *)malloc(nf * FC_MC_BLOCK * sizeof *w->block))) return FC_ENOMEM;
    for (f = 0; f < nf; f++)
      for (i = 0; i < FC_MC_BLOCK; i++) w->block[f * FC_MC_BLOCK + i] = fc_scenario_field_get(&s->members[0], f);
  }
  for (o = 0; total && o < s->n_outputs; o++)
    if (fc_mc_stats_init(&w->parts[0][o], total[o].lo, total[o].hi, total[o].bins) ||
        fc_mc_stats_init(&w->parts[1][o], total[o].lo, total[o].hi, total[o].bins))
      return FC_ENOMEM;
  return FC_OK;
}

/* Histogram edges of each output from the pilot stream. */
static int pilot_edges(shared *sh, worker *w, fc_mc_stats *stats) {
  const fc_mc_spec *s = sh->s;
  size_t o, i, m = (FC_MC_FINE_BINS + s->hist_bins - 1) / s->hist_bins;
  double *buf = (double *)malloc(FC_MC_PILOT * s->n_outputs * sizeof *buf);
  int st;
  if (!buf) return FC_ENOMEM;
  if ((st = run_range(sh, w, PILOT_STREAM, 0, FC_MC_PILOT, buf)) != FC_OK) {
    sh->err = w->err;
    free(buf);
    return st;
  }
  for (o = 0; o < s->n_outputs && st == FC_OK; o++) {
    double mn = INFINITY, mx = -INFINITY, half;
    for (i = 0; i < FC_MC_PILOT; i++) {
      double y = buf[o * FC_MC_PILOT + i];
      if (y < mn) mn = y;
      if (y > mx) mx = y;
    }
    half = 0.5 * (mx - mn);
    if (!(half > 0.0)) half = fabs(mn) * 1e-9 + 1e-300; /* a constant output */
    st = fc_mc_stats_init(&stats[o], mn - half, mx + half, s->hist_bins * m);
    if (st == FC_OK) {
      sh->scale[o] = (double)stats[o].bins / (stats[o].hi - stats[o].lo);
      sh->shift[o] = 0.5 * (mn + mx);
    }
  }
  free(buf);
  return st;
}

/* Samplers, generator type and base checks, then the pilot. */
static int prepare(shared *sh, worker *w0, fc_mc_stats *stats) {
  const fc_mc_spec *s = sh->s;
  double lo, hi;
  size_t i, j;
  int st;
  sh->rng_type = s->rng_type ? s->rng_type : gsl_rng_taus2;
  for (j = 0; j < s->n_outputs; j++) {
    sh->out_src[j] = fc_mc_output_source((size_t)s->outputs[j]);
    sh->out_off[j] = fc_scenario_result_offset(sh->out_src[j]);
    sh->out_serving[j] = fc_mc_output_is_serving((size_t)s->outputs[j]);
    sh->out_water[j] = fc_mc_output_is_water((size_t)s->outputs[j]);
    sh->any_water |= sh->out_water[j];
  }
  sh->samplers = (fc_dist_sampler *)calloc(s->n_inputs ? s->n_inputs : 1, sizeof *sh->samplers);
  sh->domain = calloc(s->n_inputs ? s->n_inputs : 1, sizeof *sh->domain);
  sh->in_off = (size_t *)calloc(s->n_inputs ? s->n_inputs : 1, sizeof *sh->in_off);
  sh->base_rates = (fc_scenario_rates *)calloc(s->n_members, sizeof *sh->base_rates);
  if (!sh->samplers || !sh->domain || !sh->in_off || !sh->base_rates) return FC_ENOMEM;
  if (s->rank_corr && s->n_inputs > 0 &&
      (st = fc_mc_copula_factor(s->rank_corr, s->n_inputs, &sh->chol)) != FC_OK)
    return st;
  for (j = 0; j < s->n_inputs; j++) {
    if ((st = fc_dist_sampler_init(&sh->samplers[j], &s->inputs[j].dist)) != FC_OK) return st;
    if (is_desc(s, j)) { sh->domain[j].inside = 1; continue; } /* fc_compose checks it per sample */
    fc_scenario_field_bounds((size_t)s->inputs[j].field, &sh->domain[j].lo, &sh->domain[j].hi,
                             &sh->domain[j].integral);
    fc_dist_support(&s->inputs[j].dist, &lo, &hi);
    sh->domain[j].inside = !sh->domain[j].integral && lo >= sh->domain[j].lo && hi <= sh->domain[j].hi;
    sh->in_off[j] = (size_t)((char *)fc_scenario_field_ptr(&sh->probe, (size_t)s->inputs[j].field) -
                             (char *)&sh->probe);
  }
  /* taus2 (the default) draws from lanes side by side (fc_mc_lanes.h) unless
     the inputs are correlated or one has no inverse table */
  sh->lanes = sh->rng_type == gsl_rng_taus2 && !sh->chol && s->n_inputs > 0;
  for (j = 0; j < s->n_inputs; j++)
    if (!fc_mc_lanes_supported(&sh->samplers[j])) sh->lanes = 0;
  if (sh->lanes) fc_mc_zig_init(&sh->zig);
  sh->isa = fc_simd_best();
  if ((st = check_base(sh)) != FC_OK) { sh->err.pilot = 1; return st; }
  sh->soa = !s->mix && s->n_members == 1 && s->n_outputs == 1 && !sh->desc_vary && !sh->rates_vary &&
            !sh->power_vary && !sh->any_water;
  sh->rows = sh->soa && !sh->chol;
  for (j = 0; j < s->n_inputs; j++)
    for (i = 0; i < j; i++)
      if (s->inputs[i].field == s->inputs[j].field) sh->rows = 0;
  if ((st = alloc_worker(w0, sh, NULL)) != FC_OK) return st;
  st = pilot_edges(sh, w0, stats);
  free_worker(w0, 0);
  return st;
}

static void release(shared *sh, worker *ws, size_t nt) {
  size_t t, j;
  for (t = 0; ws && t < nt; t++) free_worker(&ws[t], sh->s->n_outputs);
  for (j = 0; sh->samplers && j < sh->s->n_inputs; j++) fc_dist_sampler_free(&sh->samplers[j]);
  free(sh->samplers);
  free(sh->domain);
  free(sh->in_off);
  free(sh->pend);
  free(sh->base_rates);
  free(sh->chol);
  free(ws);
}

int fc_mc_run(const fc_mc_spec *s, fc_mc_stats *stats, fc_mc_error *err) {
  shared sh;
  worker *ws;
  pthread_t tid[FC_MC_MAX_THREADS];
  void *args[FC_MC_MAX_THREADS][2];
  size_t o, t, started = 0, nt;
  int st;
  if (!s || !stats) return FC_EINVAL;
  if (err) memset(err, 0, sizeof *err);
  for (o = 0; o < FC_MC_MAX_OUTPUTS && o < s->n_outputs; o++) memset(&stats[o], 0, sizeof stats[o]);
  if ((st = check_spec(s)) != FC_OK) return st;

  memset(&sh, 0, sizeof sh);
  sh.s = s;
  sh.total = stats;
  fc_mc_shard_range(s, &sh.first, &sh.count);
  sh.k_next = sh.k_merge = sh.first / FC_MC_CHUNK;
  sh.k_end = (sh.first + sh.count + FC_MC_CHUNK - 1) / FC_MC_CHUNK;
  nt = s->threads;
  if (nt > sh.k_end - sh.k_next) nt = (size_t)(sh.k_end - sh.k_next);
  if (nt == 0) nt = 1;

  ws = (worker *)calloc(nt, sizeof *ws);
  sh.npend = 2 * nt;
  sh.pend = (pending *)calloc(sh.npend, sizeof *sh.pend);
  st = ws && sh.pend ? prepare(&sh, &ws[0], stats) : FC_ENOMEM;
  for (t = 0; t < nt && st == FC_OK; t++) st = alloc_worker(&ws[t], &sh, stats);
  if (st == FC_OK && (pthread_mutex_init(&sh.mu, NULL) || pthread_cond_init(&sh.cv, NULL))) st = FC_ENOMEM;
  if (st == FC_OK) {
    for (t = 1; t < nt; t++) {
      args[t][0] = &sh; args[t][1] = &ws[t];
      if (pthread_create(&tid[t], NULL, work_loop, args[t]) != 0) break; /* fewer threads: same result */
      started++;
    }
    args[0][0] = &sh; args[0][1] = &ws[0];
    work_loop(args[0]);
    for (t = 1; t <= started; t++) pthread_join(tid[t], NULL);
    pthread_mutex_destroy(&sh.mu);
    pthread_cond_destroy(&sh.cv);
    st = sh.status;
    if (st == FC_EINTR) sh.err.sample = sh.done;
  }
  for (o = 0; st == FC_OK && o < s->n_outputs; o++)
    if (!isfinite(stats[o].mean) || !isfinite(stats[o].m2)) { /* huge finite samples */
      memset(&sh.err, 0, sizeof sh.err);
      sh.err.output = fc_mc_output_name((size_t)s->outputs[o]);
      sh.err.summary = 1;
      st = FC_ERANGE;
    }
  if (st && err) *err = sh.err;
  release(&sh, ws, nt);
  return st;
}
