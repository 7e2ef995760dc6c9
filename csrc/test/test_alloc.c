/*
** test_alloc.c -- allocation-failure injection (SQLite's discipline, "Testing
** SQLite", sec. 3.1): the core's malloc, calloc, realloc and free are wrapped
** at link time (-Wl,--wrap=...; the Makefile's rule for this test), so the
** n-th allocation of the core can be made to fail. For each entry point that
** allocates, the case runs once to count its allocations and keep the good
** result, then again for every n: it must return FC_ENOMEM (or succeed with
** the same result, bit for bit, when the failed allocation was optional),
** never crash, and leave no block allocated (live count back to 0 after the
** matching _free). Allocations inside GSL and cJSON (shared libraries) are not
** wrapped: only the core's own are.
*/
#include <math.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "fc.h"
#include "fc_dist.h"
#include "fc_hinv.h"
#include "fc_json.h"
#include "fc_mc.h"
#include "fc_test.h"
#include "fc_test_fixtures.h"

void *__real_malloc(size_t n);
void *__real_calloc(size_t n, size_t size);
void *__real_realloc(void *p, size_t n);
void __real_free(void *p);
int __real_posix_memalign(void **p, size_t align, size_t n);
void *__wrap_malloc(size_t n);
int __wrap_posix_memalign(void **p, size_t align, size_t n);
void *__wrap_calloc(size_t n, size_t size);
void *__wrap_realloc(void *p, size_t n);
void __wrap_free(void *p);

static long fail_at = -1, calls = 0, live = 0;

static int fails(void) { return fail_at >= 0 && calls++ == fail_at; }

void *__wrap_malloc(size_t n) {
  void *p;
  if (fails()) return NULL;
  if (fail_at < 0) calls++;
  if ((p = __real_malloc(n)) != NULL) live++;
  return p;
}
void *__wrap_calloc(size_t n, size_t size) {
  void *p;
  if (fails()) return NULL;
  if (fail_at < 0) calls++;
  if ((p = __real_calloc(n, size)) != NULL) live++;
  return p;
}
void *__wrap_realloc(void *q, size_t n) {
  void *p;
  if (fails()) return NULL;
  if (fail_at < 0) calls++;
  p = __real_realloc(q, n);
  if (p && !q) live++;
  return p;
}
int __wrap_posix_memalign(void **p, size_t align, size_t n) {
  int rc;
  if (fails()) return 12; /* ENOMEM */
  if (fail_at < 0) calls++;
  if ((rc = __real_posix_memalign(p, align, n)) == 0) live++;
  return rc;
}
void __wrap_free(void *p) {
  if (p) live--;
  __real_free(p);
}

/* A case: runs the entry point, frees what it returned, and writes its result
   (a few doubles) to out; returns the status. */
typedef int (*alloc_case)(double *out, size_t nout);

/* Runs c with no failure, then failing each allocation in turn. */
static void sweep(const char *name, alloc_case c, size_t nout) {
  double good[16], got[16];
  long n, total, bad_status = 0, leaks = 0, wrong = 0;
  int st;
  char desc[128];
  memset(good, 0, sizeof good);
  fail_at = -1; calls = 0; live = 0;
  st = c(good, nout);
  total = calls;
  snprintf(desc, sizeof desc, "%s: runs without failures", name);
  fc_test_int(st, FC_OK, desc);
  snprintf(desc, sizeof desc, "%s: frees what it allocates", name);
  fc_test_int(live, 0, desc);
  snprintf(desc, sizeof desc, "%s: allocates (%ld times)", name, total);
  fc_test_int(total > 0, 1, desc);
  for (n = 0; n < total; n++) {
    memset(got, 0, sizeof got);
    fail_at = n; calls = 0; live = 0;
    st = c(got, nout);
    if (st != FC_OK && st != FC_ENOMEM) bad_status++;
    if (live != 0) leaks++;
    if (st == FC_OK && memcmp(got, good, nout * sizeof *got) != 0) wrong++;
  }
  fail_at = -1;
  printf("%s: %ld allocations, each made to fail\n", name, total);
  snprintf(desc, sizeof desc, "%s: FC_ENOMEM or success at every failed allocation", name);
  fc_test_int(bad_status, 0, desc);
  snprintf(desc, sizeof desc, "%s: no leak at any failed allocation", name);
  fc_test_int(leaks, 0, desc);
  snprintf(desc, sizeof desc, "%s: a success has the good result", name);
  fc_test_int(wrong, 0, desc);
}

/* an atomic write then a capped read back: the temporary path, the buffer */
static int case_file(double *out, size_t nout) {
  char path[64], err[256], *buf = NULL;
  size_t len = 0;
  int st;
  (void)nout;
  snprintf(path, sizeof path, "/tmp/fc_test_alloc_%ld.txt", (long)getpid());
  st = fc_file_write_atomic(path, "12345", 5, err, sizeof err);
  if (st == FC_OK) st = fc_file_read(path, 64, &buf, &len, err, sizeof err);
  if (st == FC_OK) out[0] = (double)len + (buf && strcmp(buf, "12345") == 0 ? 0.5 : 0.0);
  free(buf);
  unlink(path);
  return st;
}

static int case_curve(double *out, size_t nout) {
  static const double u[4] = {0, 0.25, 0.5, 1}, w[4] = {125, 330, 510, 692};
  int st = FC_OK;
  fc_power_curve *c = fc_energy_curve_alloc(u, w, 4, &st);
  (void)nout;
  if (!c) return st ? st : FC_ENOMEM;
  st = fc_energy_curve_eval(c, 0.4, &out[0]);
  fc_energy_curve_free(c);
  return st;
}

static int case_fleet(double *out, size_t nout) {
  static const double units[3] = {100, 200, 50}, fpu[3] = {1, 2, 4};
  return fc_fleet_stock(units, fpu, nout, FC_SURVIVAL_WEIBULL, 4, 2, out);
}

static int case_hinv(double *out, size_t nout) {
  fc_hinv h;
  int st = fc_hinv_beta_init(&h, 2, 5, 1e-10);
  if (st == FC_OK) { out[0] = fc_hinv_eval(&h, 0.3); out[1] = fc_hinv_eval(&h, 0.9); }
  (void)nout;
  fc_hinv_free(&h);
  return st;
}

static int case_json(double *out, size_t nout) {
  /* the duplicate-key check keeps the keys of each object */
  static const char t[] = "{\"a\": 1, \"b\": {\"c\": 2, \"d\": 3, \"e\": [1, 2]}, \"f\": 4, \"a\": 5}";
  size_t off = 0;
  const char *why = NULL;
  int st = fc_json_scan(t, sizeof t - 1, &off, &why, NULL);
  (void)nout;
  out[0] = (double)off;
  return st == FC_EPARSE ? FC_OK : st; /* the good result is the error at the second "a" */
}

static int case_compose9(double *out, size_t nout) {
  /* nine chips: fc_compose_eval allocates its members (more than its 8 on the stack) */
  fc_compose_desc d;
  fc_compose_chip c[9];
  fc_compose_mix mix;
  fc_scenario_result r;
  int i, st;
  (void)nout;
  fc_compose_desc_init(&d);
  for (i = 0; i < 9; i++) {
    fc_compose_chip_init(&c[i]);
    c[i].price_usd = 20000 + 1000 * i; c[i].tdp_w = 700; c[i].peak_flops_per_s = 989.5e12;
  }
  d.chips = c; d.n_chips = 9; d.electricity_price_per_kwh = 0.08;
  st = fc_compose_eval(&d, &r, &mix, NULL);
  out[0] = r.usd_per_eflop;
  return st;
}

static int case_solve_mix(double *out, size_t nout) {
  fc_scenario_params p[2];
  double avail[2] = {-1, 100}, counts[2], flop, usd;
  int st;
  (void)nout;
  fc_fixture_h100(&p[0]);
  fc_fixture_h100(&p[1]);
  p[1].chip_price_usd = 20000; p[1].peak_flops_per_s = 400e12;
  st = fc_solve_mix(p, 2, avail, 1e7, 0, counts, &flop, &usd, NULL, NULL);
  out[0] = counts[0]; out[1] = counts[1]; out[2] = flop;
  return st;
}

static int case_breakeven(double *out, size_t nout) {
  fc_scenario_params pa, pb;
  double ca = 1, cb = 1;
  fc_mix a, b;
  fc_breakeven_spec s;
  (void)nout;
  fc_fixture_h100(&pa);
  fc_fixture_h100(&pb);
  pb.electricity_usd_per_kwh = 0.2; /* a's price meets b's at 0.2 $/kWh */
  memset(&a, 0, sizeof a); memset(&b, 0, sizeof b); memset(&s, 0, sizeof s);
  a.members = &pa; a.counts = &ca; a.n = 1; a.penalty = 0.1;
  b.members = &pb; b.counts = &cb; b.n = 1; b.penalty = 0.1;
  s.field = fc_scenario_field_index("electricity_usd_per_kwh");
  s.vary = FC_VARY_A;
  s.output_a = s.output_b = fc_scenario_result_index("usd_per_eflop");
  s.lo = 0; s.hi = 2;
  return fc_solve_breakeven(&a, &b, &s, &out[0], NULL, NULL);
}

/* Monte Carlo: two inputs, exact quantiles from kept samples, 1 or 2 threads */
static int mc_case(double *out, unsigned threads) {
  fc_scenario_params p;
  fc_mc_input in[2];
  fc_mc_spec s;
  fc_mc_stats st[1];
  fc_mc_error err;
  int o = fc_scenario_result_index("usd_per_eflop"), rc;
  double *outs = (double *)__real_malloc(20000 * sizeof *outs), q[3], ps[3] = {0.05, 0.5, 0.95};
  fc_fixture_h100(&p);
  memset(in, 0, sizeof in);
  in[0].field = fc_scenario_field_index("chip_price_usd"); in[0].member = -1;
  fc_dist_pert(25000, 30000, 40000, &in[0].dist);
  in[1].field = fc_scenario_field_index("mfu"); in[1].member = -1;
  fc_dist_triangular(0.3, 0.4, 0.5, &in[1].dist);
  memset(&s, 0, sizeof s);
  memset(st, 0, sizeof st);
  s.members = &p; s.n_members = 1; s.inputs = in; s.n_inputs = 2; s.outputs = &o; s.n_outputs = 1;
  s.seed = 7; s.samples = 20000; s.shard_count = 1; s.threads = threads; s.hist_bins = 20;
  s.out_samples = outs;
  rc = fc_mc_run(&s, st, &err);
  if (rc == FC_OK) {
    out[0] = st[0].mean; out[1] = st[0].m2;
    rc = fc_mc_quantiles_binned(outs, 20000, &st[0], ps, 3, q, 1);
    out[2] = q[0]; out[3] = q[1]; out[4] = q[2];
  }
  fc_mc_stats_free(&st[0]);
  __real_free(outs);
  return rc;
}
static int case_mc1(double *out, size_t nout) { (void)nout; return mc_case(out, 1); }
static int case_mc2(double *out, size_t nout) { (void)nout; return mc_case(out, 2); }

int main(void) {
  sweep("fc_file_write_atomic + fc_file_read", case_file, 1);
  sweep("fc_energy_curve_alloc", case_curve, 1);
  sweep("fc_fleet_stock (Weibull)", case_fleet, 3);
  sweep("fc_hinv_beta_init", case_hinv, 2);
  sweep("fc_json_scan", case_json, 1);
  sweep("fc_compose_eval (9 chips)", case_compose9, 1);
  sweep("fc_solve_mix", case_solve_mix, 3);
  sweep("fc_solve_breakeven", case_breakeven, 1);
  sweep("fc_mc_run (1 thread)", case_mc1, 5);
  sweep("fc_mc_run (2 threads)", case_mc2, 5);
  return fc_test_summary("allocation failures");
}
