/* test_hinv.c -- fast numerical inversion of the beta CDF (fc_hinv).
**
** Expected values and why:
**  u-error: for each shape, |gsl_cdf_beta_P(x_hat(u)) - u| <= u_tol over 1e5 u:
**    40000 grid points (i + 1/2) / 40000, 10000 log-spaced in each tail
**    (u and 1 - u from 1e-14 to 1e-2, where most intervals are), 40000 GSL
**    mt19937 uniforms, and u = 0, 1. No slack: the table is built against the
**    same GSL CDF, with margins for the peak between test points and for the
**    CDF's own rounding (fc_hinv.c), so the bound holds as measured here.
**  Beta(0.25, 2) and Beta(8, 2) are extra, for the monotonicity guard. For
**    Beta(0.25, 2), Q ~ u^4 at 0, so a first interval [0, U] has end slopes
**    (0, 4) in units of its secant: not monotone (Fritsch & Carlson). For
**    Beta(8, 2), F ~ x^8 at 0, so an interval [x, 2x] has left slope
**    (2^8 - 1) / 8 = 32 secants.
**  Beta(0.5, 0.5) runs at u_tol = 1e-8, not 1e-10: its density has a pole at 1
**    and 1 - F(1 - 2^-53) = (2/pi) asin(2^-26.5) = 6.7e-9, so for u above
**    F(1 - 2^-53) no double x has |F(x) - u| <= 1e-10; init must say FC_ERANGE
**    at 1e-10.
**  monotone: x_hat over 1e6 increasing u, at 64 steps inside every interval,
**    and at every knot u_i and its neighbouring doubles, never decreases; every result is in [0, 1];
**    x_hat(0) = 0 exactly (first interval, t = 0); F(x_hat(1)) >= 1 - u_tol.
**  moments: mean and sd of x_hat((i + 1/2) / N), N = 1e6, against
**    a / (a + b) and sqrt(ab / ((a + b)^2 (a + b + 1))), 1e-6 relative. This is
**    the midpoint rule for E[X] = int_0^1 Q(u) du; x_hat(u) = Q(u') with
**    |u' - u| <= u_tol, so int |x_hat - Q| du <= 2 u_tol (telescoping), far
**    below 1e-6; the midpoint rule's own error at the ends (Q ~ u^(1/a)) is
**    O(N^-(1 + 1/a)), below 1e-7 here.
**  uniform: alpha = beta = 1 is one linear interval, x_hat(u) = u (to 1e-12).
**  errors: alpha or beta <= 0, NaN, inf, and u_tol outside [1e-14, 1e-3] are
**    FC_EDOM; NULL is FC_EINVAL; FC_ERANGE for alpha = 1e-3 (F(x) ~ x^0.001:
**    the first double above 0 already holds mass ~0.5), alpha = beta = 1e5
**    (GSL's CDF error near the mean is ~7.6e-11, its bound 1e-9 > u_tol / 2),
**    and Beta(2.3333, 3.6667) at 1e-14 (~660 intervals at 1e-10, times
**    (1e4)^(1/4) = 10 by the h^4 error law: > 4096). After an error the table is
**    zeroed and fc_hinv_free is safe (the test frees it; valgrind checks).
*/
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_rng.h>
#include "fc.h"
#include "fc_hinv.h"
#include "fc_test.h"

static double u_error(const fc_hinv *h, double a, double b, double u) {
  return fabs(gsl_cdf_beta_P(fc_hinv_eval(h, u), a, b) - u);
}

static void check_u_error(const fc_hinv *h, double a, double b, double tol, gsl_rng *r,
                          const char *name) {
  const int ngrid = 40000, ntail = 10000, nrand = 40000;
  double mx = 0.0, e;
  char desc[128];
  int i;
  for (i = 0; i < ngrid; i++) {
    e = u_error(h, a, b, (i + 0.5) / ngrid);
    if (e > mx) mx = e;
  }
  for (i = 0; i < ntail; i++) {
    double u = pow(10.0, -14.0 + 12.0 * i / (ntail - 1));
    e = u_error(h, a, b, u);
    if (e > mx) mx = e;
    e = u_error(h, a, b, 1.0 - u);
    if (e > mx) mx = e;
  }
  for (i = 0; i < nrand; i++) {
    e = u_error(h, a, b, gsl_rng_uniform(r));
    if (e > mx) mx = e;
  }
  e = u_error(h, a, b, 0.0); if (e > mx) mx = e;
  e = u_error(h, a, b, 1.0); if (e > mx) mx = e;
  snprintf(desc, sizeof desc, "%s max u-error over 1e5 u <= %g", name, tol);
  fc_test_rel(mx, 0.0, tol, desc);
}

static void check_monotone(const fc_hinv *h, double tol, double a, double b, const char *name) {
  const int n = 1000000;
  long bad = 0, out = 0;
  double prev = 0.0, x;
  char desc[128];
  int i, k;
  size_t j;
  for (i = 0; i <= n; i++) {
    x = fc_hinv_eval(h, (double)i / n);
    if (x < prev) bad++;
    if (!(x >= 0.0 && x <= 1.0)) out++;
    prev = x;
  }
  /* inside every interval, 64 steps: a non-monotone cubic can hide between
     the points of the global grid */
  for (j = 0; j < h->n; j++) {
    double u0 = h->u[j], du = h->u[j + 1] - u0;
    prev = fc_hinv_eval(h, u0);
    for (k = 1; k <= 64; k++) {
      x = fc_hinv_eval(h, u0 + du * k / 64.0);
      if (x < prev) bad++;
      prev = x;
    }
  }
  /* across every knot: the three doubles below u_j, u_j, the three above */
  for (j = 1; j < h->n; j++) {
    double u = h->u[j];
    for (k = 0; k < 3; k++) u = nextafter(u, 0.0);
    prev = fc_hinv_eval(h, u);
    for (k = 0; k < 6; k++) {
      u = nextafter(u, 2.0);
      if (u > 1.0) break;
      x = fc_hinv_eval(h, u);
      if (x < prev) bad++;
      if (!(x >= 0.0 && x <= 1.0)) out++;
      prev = x;
    }
  }
  snprintf(desc, sizeof desc, "%s monotone (decreases seen)", name);
  fc_test_int(bad, 0, desc);
  snprintf(desc, sizeof desc, "%s results in [0, 1]", name);
  fc_test_int(out, 0, desc);
  snprintf(desc, sizeof desc, "%s x_hat(0) == 0", name);
  fc_test_rel(fc_hinv_eval(h, 0.0), 0.0, 0.0, desc);
  snprintf(desc, sizeof desc, "%s F(x_hat(1)) within u_tol of 1", name);
  fc_test_rel(gsl_cdf_beta_P(fc_hinv_eval(h, 1.0), a, b), 1.0, tol, desc);
}

static void check_moments(const fc_hinv *h, double a, double b, const char *name) {
  const int n = 1000000;
  double *xs = (double *)malloc(n * sizeof *xs), sum = 0.0, ss = 0.0, mean, sd;
  double want_m = a / (a + b), want_s = sqrt(a * b / ((a + b) * (a + b) * (a + b + 1.0)));
  char desc[128];
  int i;
  if (!xs) { fc_test_int(0, 1, "malloc"); return; }
  for (i = 0; i < n; i++) {
    xs[i] = fc_hinv_eval(h, (i + 0.5) / n);
    sum += xs[i];
  }
  mean = sum / n;
  for (i = 0; i < n; i++) ss += (xs[i] - mean) * (xs[i] - mean);
  sd = sqrt(ss / n);
  free(xs);
  snprintf(desc, sizeof desc, "%s quadrature mean", name);
  fc_test_rel(mean, want_m, 1e-6, desc);
  snprintf(desc, sizeof desc, "%s quadrature sd", name);
  fc_test_rel(sd, want_s, 1e-6, desc);
}

static void check_table(const fc_hinv *h, double tol, const char *name) {
  size_t i, bad = 0;
  char desc[128];
  for (i = 0; i < h->n; i++)
    if (!(h->x[i + 1] > h->x[i]) || !(h->u[i + 1] >= h->u[i])) bad++;
  snprintf(desc, sizeof desc, "%s knots increasing", name);
  fc_test_int((long long)bad, 0, desc);
  snprintf(desc, sizeof desc, "%s ends x[0] = u[0] = 0, x[n] = u[n] = 1", name);
  fc_test_int(h->x[0] == 0.0 && h->u[0] == 0.0 && h->x[h->n] == 1.0 && h->u[h->n] == 1.0, 1, desc);
  snprintf(desc, sizeof desc, "%s u_tol recorded", name);
  fc_test_rel(h->u_tol, tol, 0.0, desc);
  snprintf(desc, sizeof desc, "%s intervals within the limit", name);
  fc_test_int(h->n >= 1 && h->n <= FC_HINV_MAX_INTERVALS, 1, desc);
}

static void check_zeroed(const fc_hinv *h, const char *name) {
  char desc[128];
  snprintf(desc, sizeof desc, "%s leaves the table zeroed", name);
  fc_test_int(h->n == 0 && !h->u && !h->x && !h->dxdu && !h->guide && !h->seg && h->g == 0, 1,
              desc);
}

/* Eleven shapes, PERT and beyond: each table meets its tolerance (checked by
   check_table, check_u_error, check_monotone, check_moments) and frees to zero. */
static void test_shapes_meet_their_tolerance(void) {
  static const struct { double a, b, tol; const char *name; } shapes[] = {
    {2.3333, 3.6667, 1e-10, "Beta(2.3333, 3.6667)"},
    {1.8, 4.2, 1e-10, "Beta(1.8, 4.2)"},
    {3.0, 3.0, 1e-10, "Beta(3, 3)"},
    {1.0, 1.0, 1e-10, "Beta(1, 1)"},
    {0.5, 0.5, 1e-8, "Beta(0.5, 0.5)"},
    {0.7, 2.5, 1e-10, "Beta(0.7, 2.5)"},
    {5.0, 1.0, 1e-10, "Beta(5, 1)"},
    {1.0, 5.0, 1e-10, "Beta(1, 5)"},
    {50.0, 50.0, 1e-10, "Beta(50, 50)"},
    {0.25, 2.0, 1e-10, "Beta(0.25, 2)"}, /* alpha < 1/3: the cubic at the pole is never monotone */
    {8.0, 2.0, 1e-10, "Beta(8, 2)"},
  };
  fc_hinv h;
  gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
  size_t s;
  gsl_rng_set(r, 20030401);
  for (s = 0; s < sizeof shapes / sizeof shapes[0]; s++) {
    double a = shapes[s].a, b = shapes[s].b, tol = shapes[s].tol;
    const char *name = shapes[s].name;
    int st = fc_hinv_beta_init(&h, a, b, tol);
    char desc[128];
    snprintf(desc, sizeof desc, "%s init", name);
    fc_test_int(st, FC_OK, desc);
    if (st != FC_OK) continue;
    check_table(&h, tol, name);
    check_u_error(&h, a, b, tol, r, name);
    check_monotone(&h, tol, a, b, name);
    check_moments(&h, a, b, name);
    fc_hinv_free(&h);
    check_zeroed(&h, name);
  }
  gsl_rng_free(r);
}

static void test_uniform_is_one_exact_interval(void) {
  fc_hinv h;
  int i;
  double mx;
  /* uniform: one exact linear interval */
  fc_test_int(fc_hinv_beta_init(&h, 1.0, 1.0, 1e-10), FC_OK, "uniform init");
  fc_test_int((long long)h.n, 1, "uniform is one interval");
  for (i = 0, mx = 0.0; i <= 100000; i++) {
    double u = i / 100000.0, e = fabs(fc_hinv_eval(&h, u) - u);
    if (e > mx) mx = e;
  }
  fc_test_rel(mx, 0.0, 1e-12, "uniform x_hat(u) = u");
  fc_hinv_free(&h);
}

static void test_bad_input_refused(void) {
  fc_hinv h;
  /* bad input */
  fc_test_int(fc_hinv_beta_init(NULL, 2, 3, 1e-10), FC_EINVAL, "NULL table");
  fc_test_int(fc_hinv_beta_init(&h, 0, 3, 1e-10), FC_EDOM, "alpha 0");
  check_zeroed(&h, "EDOM");
  fc_test_int(fc_hinv_beta_init(&h, -1, 3, 1e-10), FC_EDOM, "alpha < 0");
  fc_test_int(fc_hinv_beta_init(&h, 2, 0, 1e-10), FC_EDOM, "beta 0");
  fc_test_int(fc_hinv_beta_init(&h, NAN, 3, 1e-10), FC_EDOM, "alpha NaN");
  fc_test_int(fc_hinv_beta_init(&h, 2, NAN, 1e-10), FC_EDOM, "beta NaN");
  fc_test_int(fc_hinv_beta_init(&h, INFINITY, 3, 1e-10), FC_EDOM, "alpha inf");
  fc_test_int(fc_hinv_beta_init(&h, 2, INFINITY, 1e-10), FC_EDOM, "beta inf");
  fc_test_int(fc_hinv_beta_init(&h, 2, 3, 1e-15), FC_EDOM, "u_tol below 1e-14");
  fc_test_int(fc_hinv_beta_init(&h, 2, 3, 2e-3), FC_EDOM, "u_tol above 1e-3");
  fc_test_int(fc_hinv_beta_init(&h, 2, 3, NAN), FC_EDOM, "u_tol NaN");
  fc_test_int(fc_hinv_beta_init(&h, 2, 3, 0), FC_EDOM, "u_tol 0");
  fc_hinv_free(&h);
}

static void test_unresolvable_shapes_refused(void) {
  fc_hinv h;
  /* shapes the tolerance cannot be met or verified for */
  fc_test_int(fc_hinv_beta_init(&h, 1e-3, 1, 1e-10), FC_ERANGE, "alpha 1e-3: first double holds the mass");
  check_zeroed(&h, "alpha 1e-3");
  fc_hinv_free(&h);
  fc_test_int(fc_hinv_beta_init(&h, 1e5, 1e5, 1e-10), FC_ERANGE, "alpha = beta = 1e5: CDF too coarse");
  check_zeroed(&h, "1e5");
  fc_hinv_free(&h);
  fc_test_int(fc_hinv_beta_init(&h, 0.5, 0.5, 1e-10), FC_ERANGE, "Beta(0.5, 0.5) at 1e-10: pole at 1");
  check_zeroed(&h, "pole");
  fc_hinv_free(&h);
  fc_test_int(fc_hinv_beta_init(&h, 2.3333, 3.6667, 1e-14), FC_ERANGE, "1e-14: > 4096 intervals");
  check_zeroed(&h, "too many intervals");
  fc_hinv_free(&h);
  fc_hinv_free(NULL);
}

int main(void) {
  test_shapes_meet_their_tolerance();
  test_uniform_is_one_exact_interval();
  test_bad_input_refused();
  test_unresolvable_shapes_refused();
  return fc_test_summary("hinv");
}
