/*
** fc_fleet.h -- national compute stock over years, from production and retirement.
**
** Stock at the end of year t (FLOP/s installed) from cohorts produced in
** years 0..t, each at mid-year (age at the end of year t: t - y + 0.5):
**     stock[t] = sum_{y <= t} units[y] x flops_per_unit[y] x S(t - y + 0.5)
** with survival S(age):
**     FC_SURVIVAL_STEP         1 while age < life, then 0 (a fixed service life)
**     FC_SURVIVAL_EXPONENTIAL  exp(-age / life)          (constant hazard, mean life)
**     FC_SURVIVAL_WEIBULL      exp(-(age / life)^shape)  (Weibull, scale = life)
** The cohort ("vintage") stock model is the perpetual-inventory method of
** OECD (2009), "Measuring Capital", ch. 6; Epoch AI's compute-stock estimates
** use the same accounting with a fixed lifetime.
*/
#ifndef FC_FLEET_H
#define FC_FLEET_H

#include <stddef.h>

typedef enum { FC_SURVIVAL_STEP = 0, FC_SURVIVAL_EXPONENTIAL, FC_SURVIVAL_WEIBULL } fc_survival;

/* Survival fraction at age_years. life_years > 0; shape > 0 (Weibull only).
   Errors: FC_EDOM, FC_EINVAL. */
int fc_fleet_survival(fc_survival kind, double life_years, double shape, double age_years,
                      double *fraction);

/* stock[0..n-1] from units[] and flops_per_unit[] (both length n, finite, >= 0).
   Step and exponential survival take O(n); Weibull O(n W) with W the number
   of ages whose survival is not 0 in double precision, refused (FC_ERANGE)
   when n W > FC_FLEET_MAX_TERMS (about 10 s).
   Errors: FC_EDOM, FC_EINVAL, FC_ERANGE. */
#define FC_FLEET_MAX_TERMS 1e9
int fc_fleet_stock(const double *units, const double *flops_per_unit, size_t n,
                   fc_survival kind, double life_years, double shape, double *stock);

#endif
