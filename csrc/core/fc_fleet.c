/* fc_fleet.c -- see fc_fleet.h for the model and its source. */
#include <math.h>
#include <stdlib.h>
#include "fc_status.h"
#include "fc_fleet.h"

int fc_fleet_survival(fc_survival kind, double life_years, double shape, double age_years,
                      double *fraction) {
  if (!fraction) return FC_EINVAL;
  if (!(isfinite(life_years) && life_years > 0.0)) return FC_EDOM;
  if (!(isfinite(age_years) && age_years >= 0.0)) return FC_EDOM;
  switch (kind) {
    case FC_SURVIVAL_STEP:
      *fraction = age_years < life_years ? 1.0 : 0.0;
      return FC_OK;
    case FC_SURVIVAL_EXPONENTIAL:
      *fraction = exp(-age_years / life_years);
      return FC_OK;
    case FC_SURVIVAL_WEIBULL:
      if (!(isfinite(shape) && shape > 0.0)) return FC_EDOM;
      *fraction = exp(-pow(age_years / life_years, shape));
      return FC_OK;
    default:
      return FC_EINVAL;
  }
}

/* Linear in n (was a double loop over t and y: 1e6 years never finished).
   The survival of a cohort depends only on its age a = t - y, so s[a] =
   S(a + 0.5) is computed once, and only ages with s[a] > 0 are summed:
     step:         a window of the cohorts younger than the life, kept as a
                   running sum with Neumaier's compensation (Neumaier 1974,
                   ZAMM 54, "Rundungsfehleranalyse einiger Verfahren zur
                   Summation endlicher Summen") so no rounding accumulates;
     exponential:  A[t] = A[t-1] exp(-1/life) + v[t], stock[t] = A[t] exp(-0.5/life)
                   (the geometric decay of every cohort by one year);
     weibull:      the sum over ages a < W, where s[a] underflows to 0 from W on
                   (exp(-x) = 0 in double for x > 745.2). O(n W): refused with
                   FC_ERANGE when n W exceeds FC_FLEET_MAX_TERMS. */
int fc_fleet_stock(const double *units, const double *flops_per_unit, size_t n,
                   fc_survival kind, double life_years, double shape, double *stock) {
  size_t t, y, a, w;
  double dummy;
  int st;
  if (!units || !flops_per_unit || !stock || n == 0) return FC_EINVAL;
  for (y = 0; y < n; y++)
    if (!(isfinite(units[y]) && units[y] >= 0.0 && isfinite(flops_per_unit[y]) &&
          flops_per_unit[y] >= 0.0))
      return FC_EDOM;
  if ((st = fc_fleet_survival(kind, life_years, shape, 0.5, &dummy))) return st;
  if (kind == FC_SURVIVAL_EXPONENTIAL) {
    double q = exp(-1.0 / life_years), h = exp(-0.5 / life_years), acc = 0.0;
    for (t = 0; t < n; t++) {
      acc = acc * q + units[t] * flops_per_unit[t];
      stock[t] = acc * h;
    }
    return FC_OK;
  }
  if (kind == FC_SURVIVAL_STEP) {
    /* cohort y is alive at the end of year t while t - y + 0.5 < life */
    double sum = 0.0, comp = 0.0;
    size_t out = 0; /* the oldest cohort still in the window */
    for (t = 0; t < n; t++) {
      double v = units[t] * flops_per_unit[t], x;
      /* Neumaier: add v */
      x = sum + v;
      comp += fabs(sum) >= fabs(v) ? (sum - x) + v : (v - x) + sum;
      sum = x;
      while (out <= t && !((double)(t - out) + 0.5 < life_years)) {
        double r = -(units[out] * flops_per_unit[out]);
        x = sum + r;
        comp += fabs(sum) >= fabs(r) ? (sum - x) + r : (r - x) + sum;
        sum = x;
        out++;
      }
      stock[t] = out > t ? 0.0 : sum + comp;
      if (stock[t] < 0.0) stock[t] = 0.0; /* a rounding residue of an empty window */
    }
    return FC_OK;
  }
  /* weibull: w = number of ages with a nonzero survival */
  for (w = 0; w < n; w++) {
    double sv;
    fc_fleet_survival(kind, life_years, shape, (double)w + 0.5, &sv);
    if (sv == 0.0) break;
  }
  if (w > 0 && (double)n * (double)w > FC_FLEET_MAX_TERMS) return FC_ERANGE;
  {
    double *sv = (double *)malloc((w ? w : 1) * sizeof *sv);
    if (!sv) return FC_ENOMEM;
    for (a = 0; a < w; a++) fc_fleet_survival(kind, life_years, shape, (double)a + 0.5, &sv[a]);
    for (t = 0; t < n; t++) {
      double sum = 0.0;
      /* oldest first, as the direct sum over y = 0..t */
      for (a = (t < w ? t + 1 : w); a-- > 0;) sum += units[t - a] * flops_per_unit[t - a] * sv[a];
      stock[t] = sum;
    }
    free(sv);
  }
  return FC_OK;
}
