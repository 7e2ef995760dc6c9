/*
** bench/plain.c -- the Monte Carlo of bench/run.lua in plain C, without Lua,
** one thread, two ways:
**   engine  fc_mc_run itself (the C engine flopcost's Lua call runs), with the
**           samples kept and exact quantiles by fc_mc_quantiles_binned: the
**           cost of the same work without the Lua binding;
**   naive   the loop a C programmer would write with GSL: one mt19937 stream,
**           fc_dist_sample per draw (gsl_ran_beta for PERT), fc_scenario_eval
**           per sample (full validation), Welford mean/sd, type-7 quantiles
**           by selection.
** Prints "plain_c <seconds> <mean> <sd> <p05> <p50> <p95>".
** usage: plain N engine|naive [REPS]   (engine: the best of REPS runs in one
** process, default 1; later runs reuse the heap pages of the first)
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <math.h>
#include <time.h>
#include <gsl/gsl_rng.h>
#include "fc.h"
#include "fc_dist.h"
#include "fc_mc.h"

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}


/* k-th smallest of x[0..n) (Hoare's FIND); reorders x. */
static double kth(double *x, size_t n, size_t k) {
  size_t lo = 0, hi = n - 1;
  while (lo < hi) {
    double pv = x[lo + (hi - lo) / 2];
    size_t i = lo, j = hi;
    while (i <= j) {
      while (x[i] < pv) i++;
      while (x[j] > pv) j--;
      if (i <= j) { double t = x[i]; x[i] = x[j]; x[j] = t; i++; if (j == 0) break; j--; }
    }
    if (k <= j) hi = j; else if (k >= i) lo = i; else break;
  }
  return x[k];
}

static double quantile7(double *x, size_t n, double p) {
  double h = (double)(n - 1) * p, a, b;
  size_t j = (size_t)h, m;
  a = kth(x, n, j);
  if (j + 1 >= n) return a;
  b = x[j + 1];
  for (m = j + 2; m < n; m++) if (x[m] < b) b = x[m];
  return a + (h - (double)j) * (b - a);
}

static void h100(fc_scenario_params *p) {
  fc_scenario_params none;
  fc_compose_params_init(&none);
  fc_compose_params(&none, p);
  p->chip_price_usd = 30000; p->tdp_w = 700; p->idle_w = 125; p->server_power_multiple = 1.82;
  p->utilization = 0.8; p->electricity_usd_per_kwh = 0.0892; p->green_share = 0.2;
  p->grid_kg_co2_per_kwh = 0.35; p->carbon_usd_per_t = 50; p->maintenance_fraction = 0.03;
  p->other_opex_usd_per_year = 500; p->peak_flops_per_s = 989.5e12; p->mfu = 0.4;
  p->scaling_efficiency = 0.9; p->goodput = 0.95;
}

static void inputs(fc_dist *d, int *field) {
  fc_dist_lognormal90(0.05, 0.12, &d[0]); field[0] = fc_scenario_field_index("electricity_usd_per_kwh");
  fc_dist_pert(25000, 30000, 40000, &d[1]); field[1] = fc_scenario_field_index("chip_price_usd");
  fc_dist_uniform(0.6, 0.9, &d[2]);       field[2] = fc_scenario_field_index("utilization");
  fc_dist_triangular(0.3, 0.4, 0.5, &d[3]); field[3] = fc_scenario_field_index("mfu");
  fc_dist_triangular(1.1, 1.2, 1.5, &d[4]); field[4] = fc_scenario_field_index("pue");
}

static int engine(size_t n, int reps) {
  fc_scenario_params p;
  fc_mc_input in[5];
  fc_mc_spec s;
  fc_mc_stats st;
  fc_mc_error err;
  fc_dist d[5];
  int field[5], out = fc_scenario_result_index("usd_per_eflop"), k, r;
  double ps[3] = {0.05, 0.5, 0.95}, q[3], t0, t1, best = 0, *y = malloc(n * sizeof *y);
  h100(&p);
  inputs(d, field);
  for (k = 0; k < 5; k++) { in[k].field = field[k]; in[k].member = -1; in[k].dist = d[k]; }
  memset(&s, 0, sizeof s);
  s.members = &p; s.n_members = 1; s.inputs = in; s.n_inputs = 5; s.outputs = &out; s.n_outputs = 1;
  s.seed = 1; s.samples = n; s.shard_count = 1; s.threads = 1; s.hist_bins = 50; s.out_samples = y;
  for (r = 0; r < (reps > 0 ? reps : 1); r++) {
    if (r) fc_mc_stats_free(&st);
    t0 = now();
    if (fc_mc_run(&s, &st, &err) != FC_OK || fc_mc_quantiles_binned(y, n, &st, ps, 3, q, 1) != FC_OK) {
      fprintf(stderr, "engine run failed\n");
      return 1;
    }
    t1 = now();
    if (r == 0 || t1 - t0 < best) best = t1 - t0;
  }
  printf("plain_c %.6f %.9g %.9g %.9g %.9g %.9g\n", best, st.mean, fc_mc_stats_sd(&st), q[0], q[1], q[2]);
  fc_mc_stats_free(&st);
  free(y);
  return 0;
}

int main(int argc, char **argv) {
  size_t n = argc > 1 ? (size_t)atof(argv[1]) : 1000000, i;
  fc_scenario_params p, w;
  fc_scenario_result r;
  fc_dist d[5];
  int field[5];
  double mean = 0, m2 = 0, t0, t1, q05, q50, q95;
  gsl_rng *rng;
  double *y;
  if (argc > 2 && strcmp(argv[2], "engine") == 0) return engine(n, argc > 3 ? atoi(argv[3]) : 1);
  rng = gsl_rng_alloc(gsl_rng_mt19937);
  y = malloc(n * sizeof *y);
  h100(&p);
  inputs(d, field);
  gsl_rng_set(rng, 1);
  t0 = now();
  w = p;
  for (i = 0; i < n; i++) {
    int k;
    double x, delta;
    for (k = 0; k < 5; k++) *fc_scenario_field_ptr(&w, (size_t)field[k]) = fc_dist_sample(&d[k], rng);
    if (fc_scenario_eval(&w, &r, NULL) != FC_OK) { fprintf(stderr, "eval failed\n"); return 1; }
    x = r.usd_per_eflop;
    y[i] = x;
    delta = x - mean;
    mean += delta / (double)(i + 1);
    m2 += delta * (x - mean);
  }
  q05 = quantile7(y, n, 0.05);
  q50 = quantile7(y, n, 0.5);
  q95 = quantile7(y, n, 0.95);
  t1 = now();
  printf("plain_c %.6f %.9g %.9g %.9g %.9g %.9g\n", t1 - t0, mean, sqrt(m2 / (double)(n - 1)), q05, q50, q95);
  free(y);
  gsl_rng_free(rng);
  return 0;
}
