/*
** fc_test.h -- a minimal test harness in the manner of GSL's gsl_test_rel.
** Each check prints a line on failure; fc_test_summary() prints
** "N passed, N failed" and returns the process exit status.
*/
#ifndef FC_TEST_H
#define FC_TEST_H

#include <math.h>
#include <stdio.h>

static int fc_test_passed_count = 0, fc_test_failed_count = 0;

/* Pass when |result - expected| <= tol * |expected| (absolute when expected is 0). */
static inline void fc_test_rel(double result, double expected, double tol, const char *desc) {
  double err = fabs(result - expected);
  double lim = expected != 0.0 ? tol * fabs(expected) : tol;
  if (isfinite(result) && err <= lim) {
    fc_test_passed_count++;
  } else {
    fc_test_failed_count++;
    printf("FAIL: %s: got %.15g, expected %.15g (rel tol %g)\n", desc, result, expected, tol);
  }
}

/* Pass when result == expected. */
static inline void fc_test_int(long long result, long long expected, const char *desc) {
  if (result == expected) {
    fc_test_passed_count++;
  } else {
    fc_test_failed_count++;
    printf("FAIL: %s: got %lld, expected %lld\n", desc, result, expected);
  }
}

static inline int fc_test_summary(const char *suite) {
  printf("[%s]\n", suite);
  printf("%d passed, %d failed\n", fc_test_passed_count, fc_test_failed_count);
  return fc_test_failed_count ? 1 : 0;
}

#endif
