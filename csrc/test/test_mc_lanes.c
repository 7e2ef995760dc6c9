/* test_mc_lanes.c -- the Monte Carlo engine's lane draws (fc_mc_lanes).
**
** Expected values and why:
**  same bits on every ISA: each kind's 2,000 blocks drawn through the
**    baseline kernel equal those of every wider kernel this CPU has, bit for
**    bit (plain C, one result per element, no FMA contraction), and fc_mc_exp
**    likewise over 1e5 arguments. On a CPU without AVX2 only the baseline runs.
**  the streams: the same (seed, chunk, input) gives the same draws; another
**    chunk or input gives others (no equal draw in the first block); every
**    lane's words meet L'Ecuyer's conditions s1 >= 2, s2 >= 8, s3 >= 16.
**  moments of 1,024,000 draws (16,000 blocks of 64) against the
**    closed forms of fc_dist.h: uniform(0.6, 0.9) mean 0.75, sd 0.3/sqrt(12);
**    triangular(1.1, 1.2, 1.5) mean 1.2667, sd sqrt((a^2+b^2+c^2-ab-ac-bc)/18)
**    = 0.085049; PERT(25e3, 30e3, 40e3) mean 30833.3; normal(0, 1); lognormal90(0.05,
**    0.12) mean exp(mu + s^2/2). Tolerances are 5 standard errors of the mean
**    (sd / sqrt(n)) and 1% for the sd.
**  the ziggurat's normals: the fraction beyond the tail start r = 3.442619855899
**    (Marsaglia & Tsang's layer 0 boundary) is 2 (1 - Phi(r)) = 5.761e-4, and
**    beyond 1.96 is 0.05, each within 5 binomial standard errors; the largest
**    Kolmogorov-Smirnov distance to Phi over the 1,024,000 draws is below
**    1.63 / sqrt(n) (the 1% critical value).
**  the block chain (fc_scenario_eval_block_y) gives fc_scenario_eval_trusted_y's
**    bits for every result field, on 64 H100 variants (price, utilization, PUE,
**    electricity varied; with and without a rental price; a stated mean power
**    and given IT kW on some; one with a vanishing peak, an infinite cost:
**    FC_ERANGE at the same index), on every ISA.
**  fc_mc_exp within 1 ulp of libm's exp over 1e5 arguments in [-700, 700]
**    and 1e5 in [-1, 1] (glibc's exp is within 1 ulp of the true value too);
**    at 0 exactly 1; beyond +-708 libm's value itself (inf at 710, 0 at -750,
**    NaN for NaN).
*/
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_cdf.h>
#include "fc_dist.h"
#include "fc_mc.h"
#include "fc_mc_lanes.h"
#include "fc_test.h"
#include "fc_test_fixtures.h"

#define NBLOCKS 16000u
#define NDRAWS ((size_t)NBLOCKS * FC_MC_BLOCK)

static fc_mc_zig zig;

/* NBLOCKS blocks of s from the streams of (seed 7, chunk 3, input 1). */
static double *draws(const fc_dist_sampler *s, int isa) {
  double *x = (double *)malloc(NDRAWS * sizeof *x);
  fc_mc_lanes t;
  size_t b;
  if (!x) return NULL;
  fc_mc_lanes_seed(&t, 7, 3, 1);
  for (b = 0; b < NBLOCKS; b++) fc_mc_lanes_fill(s, &zig, &t, x + b * FC_MC_BLOCK, isa);
  return x;
}

static void moments(const double *x, size_t n, double *mean, double *sd) {
  double m = 0.0, m2 = 0.0;
  size_t i;
  for (i = 0; i < n; i++) m += x[i];
  m /= (double)n;
  for (i = 0; i < n; i++) m2 += (x[i] - m) * (x[i] - m);
  *mean = m;
  *sd = sqrt(m2 / (double)(n - 1));
}

/* One kind: every ISA the CPU has gives the baseline's bits; the moments. */
static void check_kind(const fc_dist *d, const char *name) {
  fc_dist_sampler s;
  double *base, mean, sd, want_mean = fc_dist_mean(d), want_sd = fc_dist_sd(d), lo, hi;
  int isa, best = fc_simd_best();
  size_t i, outside = 0;
  char desc[128];
  if (fc_dist_sampler_init(&s, d) != 0 || !(base = draws(&s, FC_SIMD_BASE))) {
    fc_test_int(1, 0, name);
    return;
  }
  for (isa = FC_SIMD_AVX2; isa <= best; isa++) {
    double *wide = draws(&s, isa);
    snprintf(desc, sizeof desc, "%s: ISA %d draws = the baseline's, bit for bit", name, isa);
    fc_test_int(wide && memcmp(wide, base, NDRAWS * sizeof *base) == 0, 1, desc);
    free(wide);
  }
  fc_dist_support(d, &lo, &hi);
  for (i = 0; i < NDRAWS; i++)
    if (!(base[i] >= lo && base[i] <= hi)) outside++;
  snprintf(desc, sizeof desc, "%s: every draw inside the support", name);
  fc_test_int((long long)outside, 0, desc);
  moments(base, NDRAWS, &mean, &sd);
  snprintf(desc, sizeof desc, "%s: mean within 5 standard errors", name);
  fc_test_rel(mean, want_mean, 5.0 * want_sd / sqrt((double)NDRAWS) / fabs(want_mean != 0.0 ? want_mean : 1.0),
              desc);
  snprintf(desc, sizeof desc, "%s: sd within 1%%", name);
  fc_test_rel(sd, want_sd, 0.01, desc);
  free(base);
  fc_dist_sampler_free(&s);
}

static void test_kinds(void) {
  fc_dist d;
  fc_dist_uniform(0.6, 0.9, &d);
  check_kind(&d, "uniform(0.6, 0.9)");
  fc_dist_triangular(1.1, 1.2, 1.5, &d);
  check_kind(&d, "triangular(1.1, 1.2, 1.5)");
  fc_dist_triangular(0.3, 0.3, 0.5, &d); /* mode at the minimum: all right of the mode */
  check_kind(&d, "triangular(0.3, 0.3, 0.5)");
  fc_dist_pert(25000, 30000, 40000, &d);
  check_kind(&d, "pert(25e3, 30e3, 40e3)");
  fc_dist_normal(0.0, 1.0, &d);
  check_kind(&d, "normal(0, 1)");
  fc_dist_lognormal90(0.05, 0.12, &d);
  check_kind(&d, "lognormal90(0.05, 0.12)");
}

static int cmp_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

/* The ziggurat's normals: tail mass and the KS distance to Phi. */
static void test_normal_shape(void) {
  fc_dist d;
  fc_dist_sampler s;
  double *x, dmax = 0.0, n = (double)NDRAWS, p_tail = 2.0 * gsl_cdf_ugaussian_Q(3.442619855899);
  size_t i, tail = 0, beyond196 = 0;
  fc_dist_normal(0.0, 1.0, &d);
  fc_dist_sampler_init(&s, &d);
  x = draws(&s, FC_SIMD_BEST);
  if (!x) { fc_test_int(1, 0, "normal draws"); return; }
  for (i = 0; i < NDRAWS; i++) {
    if (fabs(x[i]) > 3.442619855899) tail++;
    if (fabs(x[i]) > 1.96) beyond196++;
  }
  fc_test_rel((double)tail / n, p_tail, 5.0 * sqrt(p_tail * (1 - p_tail) / n) / p_tail, "normal: tail beyond r");
  fc_test_rel((double)beyond196 / n, 0.0499958, 5.0 * sqrt(0.05 * 0.95 / n) / 0.05, "normal: mass beyond 1.96");
  qsort(x, NDRAWS, sizeof *x, cmp_double);
  for (i = 0; i < NDRAWS; i++) {
    double f = gsl_cdf_ugaussian_P(x[i]), lo = f - (double)i / n, hi = (double)(i + 1) / n - f;
    if (lo > dmax) dmax = lo;
    if (hi > dmax) dmax = hi;
  }
  fc_test_int(dmax < 1.63 / sqrt(n), 1, "normal: Kolmogorov-Smirnov distance below the 1% critical value");
  free(x);
  fc_dist_sampler_free(&s);
}

/* The same streams from the same key, others from another chunk or input. */
static void test_streams(void) {
  fc_mc_lanes a, b, c, e;
  fc_dist d;
  fc_dist_sampler s;
  double xa[FC_MC_BLOCK], xb[FC_MC_BLOCK], xc[FC_MC_BLOCK], xe[FC_MC_BLOCK];
  size_t i, l, same = 0, bad = 0;
  fc_mc_lanes_seed(&a, 1, 0, 0);
  fc_mc_lanes_seed(&b, 1, 0, 0);
  fc_mc_lanes_seed(&c, 1, 1, 0);
  fc_mc_lanes_seed(&e, 1, 0, 1);
  for (l = 0; l < FC_MC_LANES; l++)
    if (a.s1[l] < 2 || a.s2[l] < 8 || a.s3[l] < 16 || c.s1[l] < 2 || c.s2[l] < 8 || c.s3[l] < 16) bad++;
  fc_test_int((long long)bad, 0, "lane words meet s1 >= 2, s2 >= 8, s3 >= 16");
  fc_dist_uniform(0.0, 1.0, &d);
  fc_dist_sampler_init(&s, &d);
  fc_mc_lanes_fill(&s, &zig, &a, xa, FC_SIMD_BEST);
  fc_mc_lanes_fill(&s, &zig, &b, xb, FC_SIMD_BEST);
  fc_mc_lanes_fill(&s, &zig, &c, xc, FC_SIMD_BEST);
  fc_mc_lanes_fill(&s, &zig, &e, xe, FC_SIMD_BEST);
  fc_test_int(memcmp(xa, xb, sizeof xa) == 0, 1, "same seed, chunk and input: same draws");
  for (i = 0; i < FC_MC_BLOCK; i++)
    for (l = 0; l < FC_MC_BLOCK; l++) same += (xa[i] == xc[l]) + (xa[i] == xe[l]);
  fc_test_int((long long)same, 0, "another chunk or input: no draw in common");
  fc_dist_sampler_free(&s);
}

/* fc_mc_exp: within 1 ulp of libm, the same on every ISA, libm's own value outside +-708. */
static void test_exp(void) {
  enum { N = 100000 };
  static double x[2 * N], y[2 * N], z[2 * N];
  double special[] = {0.0, 708.0, -708.0, 709.5, 710.0, -740.0, -750.0, INFINITY, -INFINITY, NAN};
  double ys[10];
  size_t i, far = 0, differ = 0;
  int isa;
  for (i = 0; i < N; i++) {
    x[i] = -700.0 + 1400.0 * ((double)i + 0.5) / N;
    x[N + i] = -1.0 + 2.0 * ((double)i + 0.37) / N;
  }
  fc_mc_exp(x, y, 2 * N, FC_SIMD_BASE);
  for (i = 0; i < 2 * N; i++) {
    double want = exp(x[i]);
    if (fabs(y[i] - want) > nextafter(want, INFINITY) - want) far++;
  }
  fc_test_int((long long)far, 0, "exp within 1 ulp of libm over [-700, 700] and [-1, 1]");
  for (isa = FC_SIMD_AVX2; isa <= fc_simd_best(); isa++) {
    fc_mc_exp(x, z, 2 * N, isa);
    differ += memcmp(y, z, sizeof y) != 0;
  }
  fc_test_int((long long)differ, 0, "exp: every ISA gives the baseline's bits");
  fc_mc_exp(special, ys, 10, FC_SIMD_BEST);
  fc_test_int(ys[0] == 1.0, 1, "exp(0) = 1");
  for (i = 4; i < 9; i++) fc_test_int(ys[i] == exp(special[i]), 1, "exp beyond +-708 is libm's");
  fc_test_int(isnan(ys[9]), 1, "exp(NaN) is NaN");
}

/* The chain over a block's fields = the chain over fc_scenario_params, bit
   for bit, for every result field and every ISA; the first non-finite cost
   at the same index. */
static void test_block_chain(void) {
  enum { N = FC_MC_BLOCK };
  fc_scenario_params p[N];
  fc_scenario_rates k;
  double block[64 * N], want[N], got[N];
  size_t i, f, out, nf = fc_scenario_field_count(), bad_want = 0, bad_got = 0, differ = 0;
  int isa, st_want, st_got, status_differ = 0;
  fc_fixture_h100(&p[0]);
  for (i = 0; i < N; i++) {
    p[i] = p[0];
    p[i].chip_price_usd = 25000.0 + 250.0 * (double)i;
    p[i].utilization = 0.3 + 0.01 * (double)i;
    p[i].pue = 1.1 + 0.003 * (double)i;
    p[i].electricity_usd_per_kwh = 0.05 + 0.001 * (double)i;
  }
  for (i = 0; i < nf; i++)
    fc_test_int((const char *)fc_scenario_field_ptr(&p[0], i) - (const char *)&p[0] == (long)(i * sizeof(double)),
                1, "field i is the struct's double i (the chain's view of one scenario)");
  fc_scenario_rates_eval(&p[0], &k, NULL);
  for (int variant = 0; variant < 3; variant++) {
    for (i = 0; i < N; i++) { /* 1: with a rental price; 2: a stated mean power, given IT kW, one cost inf */
      p[i].rental_usd_per_hour = variant >= 1 ? 2.0 + 0.01 * (double)i : 0.0;
      p[i].average_power_fraction = variant == 2 && i % 2 ? 0.75 : 0.0;
      p[i].it_kw_per_accel = variant == 2 && i % 3 ? 1.3 : 0.0;
      p[i].peak_flops_per_s = variant == 2 && i == 40 ? 1e-320 : p[0].peak_flops_per_s;
    }
    for (f = 0; f < nf; f++)
      for (i = 0; i < N; i++) block[f * N + i] = *fc_scenario_field_ptr(&p[i], f);
    for (out = 0; out < fc_scenario_result_count(); out++) {
      st_want = fc_scenario_eval_trusted_y(p, N, &k, 0, out, want, &bad_want, NULL);
      for (isa = FC_SIMD_BASE; isa <= fc_simd_best(); isa++) {
        memset(got, 0, sizeof got);
        st_got = fc_scenario_eval_block_y(block, N, N, NULL, &k, out, got, &bad_got, NULL, isa);
        if (st_got != st_want || (st_want && bad_got != bad_want)) status_differ++;
        if (memcmp(got, want, (st_want ? bad_want : N) * sizeof *got) != 0) differ++;
      }
    }
  }
  fc_test_int(status_differ, 0, "block chain: the same status and first failing index as fc_scenario_eval_trusted_y");
  fc_test_int((long long)differ, 0, "block chain: every result field bit for bit, on every ISA");
  fc_test_int(fc_scenario_eval_block_y(block, N - 1, N, NULL, &k, 0, got, NULL, NULL, FC_SIMD_BEST), FC_EINVAL,
              "block chain: ld < n is FC_EINVAL");
}

int main(void) {
  fc_mc_zig_init(&zig);
  test_kinds();
  test_normal_shape();
  test_streams();
  test_exp();
  test_block_chain();
  return fc_test_summary("test_mc_lanes");
}
