/* test_sensitivity.c -- Sobol indices against closed forms.
**
** 1. Ishigami function (Ishigami & Homma 1990), f = sin x1 + a sin^2 x2 + b x3^4 sin x1,
**    x_i ~ U(-pi, pi), a = 7, b = 0.1. Closed forms (Sobol & Levitan 1999; Saltelli et al.,
**    Global Sensitivity Analysis: The Primer, 2008, sec. 4.9):
**      V   = a^2/8 + b pi^4/5 + b^2 pi^8/18 + 1/2          = 13.844588
**      V1  = (1 + b pi^4/5)^2 / 2 = 4.345888,  V2 = a^2/8 = 6.125,  V3 = 0
**      V13 = b^2 pi^8 (1/18 - 1/50) = 8 b^2 pi^8 / 225     = 3.373700
**      S1 = 0.313905, S2 = 0.442411, S3 = 0
**      ST1 = (V1 + V13)/V = 0.557589, ST2 = 0.442411, ST3 = V13/V = 0.243684
** 2. Sobol g function, g = prod (|4 x_i - 2| + a_i)/(1 + a_i), x_i ~ U(0, 1), with
**    a = (0, 1, 4.5, 9, 99, 99, 99, 99) (Saltelli et al. 2010, sec. 4):
**      V_i = 1 / (3 (1 + a_i)^2),  V = prod (1 + V_i) - 1,
**      S_i = V_i / V,  ST_i = V_i prod_{j != i} (1 + V_j) / V.
** 3. The cost model: energy_usd_per_eflop of the H100 fixture (no green premium) is
**    c x P with x the electricity price ~ U(0.05, 0.15) and P the PUE ~ U(1.1, 1.4):
**      E x = 0.1, Var x = 0.1^2/12 = 8.33333e-4, E P = 1.25, Var P = 0.3^2/12 = 0.0075
**      V    = E[x^2] E[P^2] - (E x E P)^2 = 0.0108333 x 1.57 - 0.015625 = 0.00138333 (x c^2)
**      V_x  = (E P)^2 Var x = 0.00130208,  V_P = (E x)^2 Var P = 7.5e-5,
**      V_xP = Var x Var P = 6.25e-6
**      S_x = 0.941265, S_P = 0.054217, ST_x = 0.945783, ST_P = 0.058735 (c cancels).
** Tolerances: with N = 2e5 rows the bootstrap 95 % half-widths are about 0.005-0.01 for
** Ishigami; 0.02 absolute is about two half-widths and fails a wrong estimator (using
** the 1/N instead of the 1/2N Jansen form doubles ST; Sobol's 1993 first-order form
** on uncentred f is off by more than 0.1 on Ishigami at this N).
*/
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "fc.h"
#include "fc_sensitivity.h"
#include "fc_test.h"
#include "fc_test_fixtures.h"

#define PI 3.14159265358979323846

static int ishigami(void *ctx, const double *x, size_t n, size_t k, double *y, size_t *bad, const char **f) {
  size_t j;
  (void)ctx; (void)k; (void)bad; (void)f;
  for (j = 0; j < n; j++) {
    const double *r = x + j * 3;
    double s2 = sin(r[1]);
    y[j] = sin(r[0]) + 7 * s2 * s2 + 0.1 * pow(r[2], 4) * sin(r[0]);
  }
  return FC_OK;
}

/* Pass when |result - expected| <= tol (indices are shares: an absolute tolerance). */
static void test_abs(double result, double expected, double tol, const char *desc) {
  if (isfinite(result) && fabs(result - expected) <= tol) fc_test_passed_count++;
  else {
    fc_test_failed_count++;
    printf("FAIL: %s: got %.15g, expected %.15g (abs tol %g)\n", desc, result, expected, tol);
  }
}

static const double G_A[8] = { 0, 1, 4.5, 9, 99, 99, 99, 99 };

static int gfun(void *ctx, const double *x, size_t n, size_t k, double *y, size_t *bad, const char **f) {
  size_t j, i;
  (void)ctx; (void)bad; (void)f;
  for (j = 0; j < n; j++) {
    double p = 1;
    for (i = 0; i < k; i++) p *= (fabs(4 * x[j * k + i] - 2) + G_A[i]) / (1 + G_A[i]);
    y[j] = p;
  }
  return FC_OK;
}

static int failing(void *ctx, const double *x, size_t n, size_t k, double *y, size_t *bad, const char **f) {
  size_t j;
  (void)ctx; (void)k;
  for (j = 0; j < n; j++) {
    if (x[j] > 0.999) { *bad = j; *f = "x"; return FC_EDOM; }
    y[j] = x[j];
  }
  return FC_OK;
}

static int constant(void *ctx, const double *x, size_t n, size_t k, double *y, size_t *bad, const char **f) {
  size_t j;
  (void)ctx; (void)x; (void)k; (void)bad; (void)f;
  for (j = 0; j < n; j++) y[j] = 3;
  return FC_OK;
}

static int same_result(const fc_sobol_result *a, const fc_sobol_result *b, size_t k) {
  return memcmp(a->first, b->first, k * sizeof(double)) == 0 &&
         memcmp(a->total, b->total, k * sizeof(double)) == 0 &&
         memcmp(a->first_lo, b->first_lo, k * sizeof(double)) == 0 &&
         memcmp(a->total_hi, b->total_hi, k * sizeof(double)) == 0 &&
         a->mean == b->mean && a->variance == b->variance;
}

static void spec_init(fc_sobol_spec *s, const fc_dist *in, size_t k, uint64_t n, fc_sobol_model_fn m, void *ctx) {
  memset(s, 0, sizeof *s);
  s->inputs = in; s->k = k; s->samples = n; s->seed = 7; s->threads = 1;
  s->shard_index = 0; s->shard_count = 1; s->model = m; s->ctx = ctx;
}

static void test_ishigami(void) {
  fc_dist in[3];
  fc_sobol_spec sp;
  fc_sobol_state st;
  fc_sobol_result r;
  double pi = PI, a = 7, b = 0.1, V, V1, V2, V13;
  size_t i;
  for (i = 0; i < 3; i++) fc_dist_uniform(-pi, pi, &in[i]);
  spec_init(&sp, in, 3, 200000, ishigami, NULL);
  fc_test_int(fc_sobol_run(&sp, &st, NULL), FC_OK, "ishigami run");
  fc_test_int(fc_sobol_indices(&st, 200, 0.95, &r), FC_OK, "ishigami indices");
  V = a * a / 8 + b * pow(pi, 4) / 5 + b * b * pow(pi, 8) / 18 + 0.5;
  V1 = 0.5 * pow(1 + b * pow(pi, 4) / 5, 2);
  V2 = a * a / 8;
  V13 = 8 * b * b * pow(pi, 8) / 225;
  fc_test_rel(V, 13.844588, 1e-6, "ishigami V closed form");
  test_abs(r.first[0], V1 / V, 0.02, "ishigami S1 = 0.3139");
  test_abs(r.first[1], V2 / V, 0.02, "ishigami S2 = 0.4424");
  test_abs(r.first[2], 0, 0.02, "ishigami S3 = 0");
  test_abs(r.total[0], (V1 + V13) / V, 0.02, "ishigami ST1 = 0.5576");
  test_abs(r.total[1], V2 / V, 0.02, "ishigami ST2 = 0.4424");
  test_abs(r.total[2], V13 / V, 0.02, "ishigami ST3 = 0.2437");
  fc_test_rel(r.variance, V, 0.02, "ishigami variance within 2 %");
  fc_test_int(r.evaluations, 200000 * 5, "N (k + 2) evaluations");
  /* the intervals bracket the estimate and hold the closed form */
  for (i = 0; i < 3; i++) {
    fc_test_int(r.first_lo[i] <= r.first[i] && r.first[i] <= r.first_hi[i], 1, "S_i inside its interval");
    fc_test_int(r.total_lo[i] <= r.total[i] && r.total[i] <= r.total_hi[i], 1, "ST_i inside its interval");
    fc_test_int(r.first_hi[i] - r.first_lo[i] < 0.05, 1, "S_i interval narrower than 0.05 at N = 2e5");
  }
  fc_test_int(r.total_lo[2] <= V13 / V && V13 / V <= r.total_hi[2], 1, "ST3's interval holds 0.2437");
  fc_sobol_state_free(&st);
}

static void test_gfun(void) {
  fc_dist in[8];
  fc_sobol_spec sp;
  fc_sobol_state st;
  fc_sobol_result r;
  double Vi[8], V = 1;
  size_t i, j;
  for (i = 0; i < 8; i++) {
    fc_dist_uniform(0, 1, &in[i]);
    Vi[i] = 1 / (3 * (1 + G_A[i]) * (1 + G_A[i]));
    V *= 1 + Vi[i];
  }
  V -= 1;
  spec_init(&sp, in, 8, 100000, gfun, NULL);
  sp.threads = 2;
  fc_test_int(fc_sobol_run(&sp, &st, NULL), FC_OK, "g run");
  fc_test_int(fc_sobol_indices(&st, 100, 0.95, &r), FC_OK, "g indices");
  for (i = 0; i < 8; i++) {
    double prod = 1;
    for (j = 0; j < 8; j++) if (j != i) prod *= 1 + Vi[j];
    test_abs(r.first[i], Vi[i] / V, 0.02, "g function S_i within 0.02");
    test_abs(r.total[i], Vi[i] * prod / V, 0.02, "g function ST_i within 0.02");
  }
  fc_test_rel(Vi[0] / V, 0.716, 0.001, "g S1 closed form 0.716");
  fc_sobol_state_free(&st);
}

static void test_reproducible(void) {
  fc_dist in[3];
  fc_sobol_spec sp;
  fc_sobol_state one, two, parts[3], merged;
  fc_sobol_result r1, r2, r3;
  const char *why = NULL;
  unsigned i;
  for (i = 0; i < 3; i++) fc_dist_uniform(-PI, PI, &in[i]);
  spec_init(&sp, in, 3, 30001, ishigami, NULL);
  fc_test_int(fc_sobol_run(&sp, &one, NULL), FC_OK, "1 thread");
  sp.threads = 4;
  fc_test_int(fc_sobol_run(&sp, &two, NULL), FC_OK, "4 threads");
  sp.threads = 2;
  sp.shard_count = 3;
  for (i = 0; i < 3; i++) {
    sp.shard_index = i;
    fc_test_int(fc_sobol_run(&sp, &parts[i], NULL), FC_OK, "shard run");
  }
  {
    fc_sobol_state shuffled[3];
    shuffled[0] = parts[2]; shuffled[1] = parts[0]; shuffled[2] = parts[1];
    fc_test_int(fc_sobol_merge(shuffled, 3, &merged, &why), FC_OK, "merge shards in any order");
  }
  fc_sobol_indices(&one, 50, 0.9, &r1);
  fc_sobol_indices(&two, 50, 0.9, &r2);
  fc_sobol_indices(&merged, 50, 0.9, &r3);
  fc_test_int(same_result(&r1, &r2, 3), 1, "1 and 4 threads bit-identical");
  fc_test_int(same_result(&r1, &r3, 3), 1, "3 shards merged bit-identical to the whole run");
  fc_sobol_state_free(&merged);
  fc_test_int(fc_sobol_merge(parts, 2, &merged, &why), FC_EINVAL, "a missing shard is refused");
  fc_test_int(why != NULL && strstr(why, "missing") != NULL, 1, "  and says so");
  {
    fc_sobol_state dup[3];
    dup[0] = parts[0]; dup[1] = parts[0]; dup[2] = parts[1];
    fc_test_int(fc_sobol_merge(dup, 3, &merged, &why), FC_EINVAL, "a shard given twice is refused");
  }
  fc_test_int(fc_sobol_indices(&parts[0], 0, 0.9, &r1), FC_EINVAL, "indices of a lone shard refused");
  sp.seed = 8; sp.shard_count = 1; sp.shard_index = 0;
  fc_sobol_state_free(&two);
  fc_test_int(fc_sobol_run(&sp, &two, NULL), FC_OK, "other seed");
  {
    fc_sobol_state mixed[2];
    mixed[0] = one; mixed[1] = two;
    fc_test_int(fc_sobol_merge(mixed, 2, &merged, &why), FC_EINVAL, "states of two runs refused");
  }
  fc_sobol_state_free(&one); fc_sobol_state_free(&two);
  for (i = 0; i < 3; i++) fc_sobol_state_free(&parts[i]);
}

static void test_scenario(void) {
  fc_scenario_params p;
  fc_dist in[2];
  fc_mc_input inputs[2];
  fc_mc_spec ms;
  fc_sobol_mc model;
  fc_sobol_spec sp;
  fc_sobol_state st;
  fc_sobol_result r;
  double V = 0.0108333333333 * 1.57 - 0.015625;
  fc_fixture_h100(&p);
  p.green_premium_usd_per_kwh = 0;
  fc_dist_uniform(0.05, 0.15, &in[0]);
  fc_dist_uniform(1.1, 1.4, &in[1]);
  memset(inputs, 0, sizeof inputs);
  inputs[0].field = fc_scenario_field_index("electricity_usd_per_kwh"); inputs[0].member = -1; inputs[0].dist = in[0];
  inputs[1].field = fc_scenario_field_index("pue"); inputs[1].member = -1; inputs[1].dist = in[1];
  memset(&ms, 0, sizeof ms);
  ms.members = &p; ms.n_members = 1; ms.inputs = inputs; ms.n_inputs = 2;
  model.spec = &ms;
  model.output = fc_scenario_result_index("energy_usd_per_eflop");
  spec_init(&sp, in, 2, 100000, fc_sobol_mc_model, &model);
  sp.threads = 2;
  fc_test_int(fc_sobol_run(&sp, &st, NULL), FC_OK, "scenario run");
  fc_test_int(fc_sobol_indices(&st, 100, 0.95, &r), FC_OK, "scenario indices");
  fc_test_rel(r.first[0], 1.5625 * (0.01 / 12) / V, 0.01, "S_price = 0.941");
  fc_test_rel(r.first[1], 0.01 * 0.0075 / V, 0.01, "S_pue = 0.054");
  fc_test_rel(r.total[0], (1.5625 * (0.01 / 12) + (0.01 / 12) * 0.0075) / V, 0.01, "ST_price = 0.946");
  fc_test_rel(r.total[1], (0.01 * 0.0075 + (0.01 / 12) * 0.0075) / V, 0.01, "ST_pue = 0.059");
  fc_sobol_state_free(&st);
}

static void test_errors(void) {
  fc_dist in[1];
  fc_sobol_spec sp;
  fc_sobol_state st;
  fc_sobol_result r;
  fc_sobol_error err;
  fc_dist_uniform(0, 1, &in[0]);
  spec_init(&sp, in, 1, 5000, failing, NULL);
  sp.threads = 2;
  fc_test_int(fc_sobol_run(&sp, &st, &err), FC_EDOM, "a model failure is reported");
  fc_test_int(err.field != NULL && strcmp(err.field, "x") == 0, 1, "  with its field");
  fc_test_int(err.row < 5000, 1, "  and a row of the run");
  fc_sobol_state_free(&st);
  spec_init(&sp, in, 1, 1, failing, NULL);
  fc_test_int(fc_sobol_run(&sp, &st, NULL), FC_EINVAL, "N = 1 refused");
  spec_init(&sp, in, 0, 100, failing, NULL);
  fc_test_int(fc_sobol_run(&sp, &st, NULL), FC_EINVAL, "k = 0 refused");
  spec_init(&sp, in, 1, 100, failing, NULL);
  sp.shard_count = 101;
  sp.shard_index = 3;
  fc_test_int(fc_sobol_run(&sp, &st, NULL), FC_EINVAL, "more shards than chunks refused");
  spec_init(&sp, in, 1, 1000, constant, NULL);
  fc_test_int(fc_sobol_run(&sp, &st, NULL), FC_OK, "a constant model runs");
  fc_test_int(fc_sobol_indices(&st, 0, 0.9, &r), FC_EDOM, "but has no variance to apportion");
  fc_sobol_state_free(&st);
  memset(&r, 0, sizeof r);
  fc_test_int(fc_sobol_indices(NULL, 0, 0.9, &r), FC_EINVAL, "NULL state refused");
}

int main(void) {
  test_ishigami();
  test_gfun();
  test_reproducible();
  test_scenario();
  test_errors();
  return fc_test_summary("sensitivity");
}
