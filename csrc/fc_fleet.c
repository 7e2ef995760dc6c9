/* fc_fleet.c -- see fc_fleet.h for the model and its source. */
#include <math.h>
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

int fc_fleet_stock(const double *units, const double *flops_per_unit, size_t n,
                   fc_survival kind, double life_years, double shape, double *stock) {
  size_t t, y;
  if (!units || !flops_per_unit || !stock || n == 0) return FC_EINVAL;
  for (y = 0; y < n; y++)
    if (!(isfinite(units[y]) && units[y] >= 0.0 && isfinite(flops_per_unit[y]) &&
          flops_per_unit[y] >= 0.0))
      return FC_EDOM;
  for (t = 0; t < n; t++) {
    double sum = 0.0;
    for (y = 0; y <= t; y++) {
      double s;
      int st = fc_fleet_survival(kind, life_years, shape, (double)(t - y) + 0.5, &s);
      if (st) return st;
      sum += units[y] * flops_per_unit[y] * s;
    }
    stock[t] = sum;
  }
  return FC_OK;
}
