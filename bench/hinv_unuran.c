/* bench/hinv_unuran.c -- `make bench-hinv`: UNU.RAN's HINV (libunuran-dev) against fc_hinv,
   setup time and time per inversion for Beta(7/3, 11/3) (the PERT(25000, 30000, 40000)
   of the benchmark), u-error tolerance 1e-10, the same uniforms. Not a test. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <time.h>
#include <math.h>
#include <unuran.h>
#include <gsl/gsl_cdf.h>
#include "fc_hinv.h"

static double now(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return t.tv_sec + 1e-9 * t.tv_nsec; }

int main(void) {
  const double a = 1 + 4 * 5000.0 / 15000, b = 1 + 4 * 10000.0 / 15000, tol = 1e-10;
  const int N = 1000000, R = 20;
  double t0, setup_unu = 1e9, setup_fc = 1e9, draw_unu = 1e9, draw_fc = 1e9, s1 = 0, s2 = 0, maxd = 0;
  int r, i;
  UNUR_GEN *gen = NULL;
  fc_hinv h;
  for (r = 0; r < R; r++) {
    double fp[2] = {a, b};
    UNUR_DISTR *d = unur_distr_beta(fp, 2);
    UNUR_PAR *p;
    t0 = now();
    p = unur_hinv_new(d);
    unur_hinv_set_u_resolution(p, tol);
    unur_hinv_set_order(p, 3);
    if (gen) unur_free(gen);
    gen = unur_init(p);
    setup_unu = fmin(setup_unu, now() - t0);
    unur_distr_free(d);
    if (r) fc_hinv_free(&h);
    t0 = now();
    if (fc_hinv_beta_init(&h, a, b, tol) != 0) { printf("fc_hinv failed\n"); return 1; }
    setup_fc = fmin(setup_fc, now() - t0);
  }
  for (r = 0; r < 5; r++) {
    t0 = now();
    for (i = 0; i < N; i++) s1 += unur_hinv_eval_approxinvcdf(gen, (i + 0.5) / N);
    draw_unu = fmin(draw_unu, now() - t0);
    t0 = now();
    for (i = 0; i < N; i++) s2 += fc_hinv_eval(&h, (i + 0.5) / N);
    draw_fc = fmin(draw_fc, now() - t0);
  }
  for (i = 0; i < N; i += 97) {
    double u = (i + 0.5) / N, x = fc_hinv_eval(&h, u), e = fabs(gsl_cdf_beta_P(x, a, b) - u);
    if (e > maxd) maxd = e;
  }
  printf("intervals: UNU.RAN %d, fc_hinv %zu\n", unur_hinv_get_n_intervals(gen), h.n);
  printf("setup (best of %d): UNU.RAN %.1f us, fc_hinv %.1f us\n", R, setup_unu * 1e6, setup_fc * 1e6);
  printf("1M inversions (best of 5): UNU.RAN %.2f ns, fc_hinv %.2f ns each (checksums %.6f %.6f)\n",
         draw_unu * 1e9 / N, draw_fc * 1e9 / N, s1 / 5 / N, s2 / 5 / N);
  printf("fc_hinv max |F(x) - u| over 10k points: %.2e (tolerance %.0e)\n", maxd, tol);
  unur_free(gen);
  fc_hinv_free(&h);
  return 0;
}
