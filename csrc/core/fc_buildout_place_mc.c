/* fc_buildout_place_mc.c -- Monte Carlo over a placement's network figures;
** the draws and their order in fc_buildout_place_mc.h, each draw's placement
** by fc_buildout_place (the formulas of fc_buildout_place.h). */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_rng.h>
#include "fc_status.h"
#include "fc_mc.h"
#include "fc_buildout_place_mc.h"

static const char *const input_names[] = {"access_rtt_ms", "backbone_rtt_ms", "usd_per_gb", "traffic_gb_per_mtok",
                                          NULL};

static const char *const output_names[] = {"total_usd", "ttft_seen_s", "best_total_usd", NULL};

const char *fc_buildout_place_mc_input_name(size_t i) { return i < FC_PMC_NINPUTS ? input_names[i] : NULL; }
const char *fc_buildout_place_mc_output_name(size_t i) { return i < FC_PMC_NOUTPUTS ? output_names[i] : NULL; }

double fc_buildout_place_mc_input(const fc_place_terms *t, size_t i) {
  if (!t) return NAN;
  switch (i) {
  case FC_PMC_ACCESS_RTT_MS: return t->access_rtt_s * 1000.0;
  case FC_PMC_BACKBONE_RTT_MS: return t->backbone_rtt_s * 1000.0;
  case FC_PMC_USD_PER_GB: return t->usd_per_gb;
  case FC_PMC_TRAFFIC_GB_PER_MTOK: return t->traffic_gb_per_mtok;
  default: return NAN;
  }
}

/* The terms of one draw: x[i] is input i in its unit. */
static void terms_of(const fc_place_terms *base, const double *x, fc_place_terms *t) {
  *t = *base;
  t->access_rtt_s = x[FC_PMC_ACCESS_RTT_MS] / 1000.0;
  t->backbone_rtt_s = x[FC_PMC_BACKBONE_RTT_MS] / 1000.0;
  t->usd_per_gb = x[FC_PMC_USD_PER_GB];
  t->traffic_gb_per_mtok = x[FC_PMC_TRAFFIC_GB_PER_MTOK];
}

/* Draw k's placement into out. */
static int one_draw(const fc_place_option *opt, size_t n, const fc_place_terms *t, fc_place_result *res,
                    uint64_t samples, uint64_t k, fc_place_mc_out *out) {
  size_t i;
  int best, bad, st;
  if ((st = fc_buildout_place(opt, n, t, res, &best, &bad))) return st;
  for (i = 0; i < n; i++) {
    out->total_usd[i * samples + k] = res[i].total_usd;
    out->ttft_seen_s[i * samples + k] = res[i].ttft_seen_s;
    out->feasible[i] += (uint64_t)res[i].feasible;
  }
  if (best >= 0) {
    out->wins[best]++;
    out->best_total_usd[k] = res[best].total_usd;
  } else {
    out->none++;
    out->best_total_usd[k] = NAN;
  }
  return FC_OK;
}

int fc_buildout_place_mc_run(const fc_place_option *opt, size_t n, const fc_place_terms *base, const fc_dist *dists,
                             uint64_t samples, uint64_t seed, fc_place_mc_out *out, uint64_t *bad_draw) {
  fc_dist_sampler smp[FC_PMC_NINPUTS];
  fc_place_result *res;
  fc_place_terms t;
  double x[FC_PMC_NINPUTS];
  gsl_rng *rng;
  uint64_t k;
  size_t i, ready = 0;
  int st = FC_OK;
  if (!opt || !base || !dists || !out || !bad_draw || n == 0 || n > 1000000u || samples == 0 || !out->total_usd ||
      !out->ttft_seen_s || !out->best_total_usd || !out->wins || !out->feasible)
    return FC_EINVAL;
  *bad_draw = 0;
  memset(out->wins, 0, n * sizeof *out->wins);
  memset(out->feasible, 0, n * sizeof *out->feasible);
  out->none = 0;
  if (!(res = (fc_place_result *)malloc(n * sizeof *res))) return FC_ENOMEM;
  if (!(rng = gsl_rng_alloc(gsl_rng_taus2))) { free(res); return FC_ENOMEM; }
  gsl_rng_set(rng, fc_mc_chunk_seed(seed, 0));
  for (i = 0; !st && i < FC_PMC_NINPUTS; i++)
    if (!(st = fc_dist_sampler_init(&smp[i], &dists[i]))) ready++;
  for (k = 0; !st && k < samples; k++) {
    for (i = 0; i < FC_PMC_NINPUTS; i++) fc_dist_sampler_fill(&smp[i], rng, &x[i], 1);
    terms_of(base, x, &t);
    if ((st = one_draw(opt, n, &t, res, samples, k, out))) *bad_draw = k;
  }
  for (i = 0; i < ready; i++) fc_dist_sampler_free(&smp[i]);
  gsl_rng_free(rng);
  free(res);
  return st;
}

int fc_buildout_place_sobol_model(void *ctx, const double *x, size_t n, size_t k, double *y, size_t *bad_row,
                                  const char **bad_field) {
  const fc_place_sobol *c = (const fc_place_sobol *)ctx;
  fc_place_result *res;
  fc_place_terms t;
  double v[FC_PMC_NINPUTS];
  size_t r, i;
  int best, bad, st = FC_OK;
  if (!c || !c->opt || !c->base || !c->inputs || !x || !y || !bad_row || !bad_field || c->n == 0 ||
      c->n > 1000000u || c->row >= c->n || c->output < 0 || c->output >= FC_PMC_NOUTPUTS || k > FC_PMC_NINPUTS)
    return FC_EINVAL;
  for (i = 0; i < k; i++)
    if (c->inputs[i] >= FC_PMC_NINPUTS) return FC_EINVAL;
  *bad_field = NULL;
  if (!(res = (fc_place_result *)malloc(c->n * sizeof *res))) return FC_ENOMEM;
  for (r = 0; r < n; r++) {
    for (i = 0; i < FC_PMC_NINPUTS; i++) v[i] = fc_buildout_place_mc_input(c->base, i);
    for (i = 0; i < k; i++) v[c->inputs[i]] = x[r * k + i];
    terms_of(c->base, v, &t);
    if ((st = fc_buildout_place(c->opt, c->n, &t, res, &best, &bad))) break;
    if (c->output == FC_PMC_OUT_TOTAL_USD) y[r] = res[c->row].total_usd;
    else if (c->output == FC_PMC_OUT_TTFT_SEEN_S) y[r] = res[c->row].ttft_seen_s;
    else if (best >= 0) y[r] = res[best].total_usd;
    else { st = FC_ERANGE; *bad_field = "best_total_usd (no option feasible)"; break; }
  }
  if (st) *bad_row = r;
  free(res);
  return st;
}
