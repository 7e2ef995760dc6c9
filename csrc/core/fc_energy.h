/*
** fc_energy.h -- accelerator power vs utilization, energy, cost and carbon.
**
** Energy over chip-hours (all inputs per accelerator):
**   board W   = curve(u)  (measured points, interpolated)  or  idle + (TDP - idle) u
**   IT kWh    = chip-hours x board W x server power multiple / 1000
**   kWh       = IT kWh x PUE
**   cost      = kWh x price per kWh   (any currency: the result is in the price's currency)
**   kg CO2e   = kWh x (1 - green share) x grid kg CO2e per kWh
**   carbon    = kg CO2e / 1000 x carbon price per tonne
** Server power multiple (host CPUs, NICs, fans per accelerator) and the use of
** TDP: Epoch AI, cost_analysis_standalone.py (k_srv 1.82 for H100, 2.03 A100,
** 1.8 other GPUs; energy = TDP x k_srv x 0.75 x PUE x chip-hours).
** PUE: The Green Grid, "PUE: a comprehensive examination of the metric" (2012).
*/
#ifndef FC_ENERGY_H
#define FC_ENERGY_H

#include <stddef.h>

/* A measured power curve: board power (W) against utilization in [0, 1],
   interpolated with GSL (Steffen's monotone method for >= 3 points, linear for 2).
   Read-only after allocation, so threads may share one. */
typedef struct fc_power_curve fc_power_curve;

/* Most points a curve may have. */
#define FC_CURVE_MAX_POINTS 64

/* util[] strictly increasing within [0, 1], power_w[] positive and finite, 2 <= n <= 64.
   Returns NULL with *status set (FC_EDOM, FC_EINVAL, FC_ENOMEM) on failure. */
fc_power_curve *fc_energy_curve_alloc(const double *util, const double *power_w, size_t n,
                                      int *status);
void fc_energy_curve_free(fc_power_curve *c);
/* Board power at utilization u in [0, 1] (clamped to the measured range).
   Steffen (1990), "A simple method for monotonic interpolation in one
   dimension", Astron. Astrophys. 239, 443: no overshoot between points, so a
   measured concave curve stays concave and within its neighbours.
   Errors: FC_EDOM (u outside [0, 1] or NaN), FC_EINVAL. */
int fc_energy_curve_eval(const fc_power_curve *c, double u, double *power_w);
/* The curve's slope (W per unit of utilization) at its knot i: the interpolant is a cubic
   Hermite between knots (Steffen 1990: GSL's steffen from 3 points, linear below), so the
   knots and these slopes give it exactly (flopcost's workbook rebuilds it in formulas). */
int fc_energy_curve_slope(const fc_power_curve *c, size_t i, double *w_per_unit);
/* Number of points, and point i (for printing and copying). */
size_t fc_energy_curve_size(const fc_power_curve *c);
int fc_energy_curve_point(const fc_power_curve *c, size_t i, double *util, double *power_w);

/* Linear power model idle + (TDP - idle) u.  0 <= idle <= TDP, TDP > 0, u in [0, 1]. */
int fc_energy_linear_power_w(double idle_w, double tdp_w, double u, double *power_w);

/* Inputs of an energy calculation. */
typedef struct {
  double chip_hours;               /* accelerator-hours, >= 0 */
  double power_w;                  /* mean board power, > 0 */
  double server_power_multiple;    /* >= 1 (1 = board only) */
  double pue;                      /* >= 1 */
  double price_per_kwh;            /* >= 0, any currency */
  double green_share;              /* [0, 1] */
  double grid_kg_co2_per_kwh;      /* >= 0 */
  double carbon_price_per_t;       /* >= 0, per tonne CO2e, same currency as the price */
} fc_energy_params;

typedef struct {
  double it_kwh;      /* at the servers */
  double kwh;         /* at the meter (x PUE) */
  double cost;        /* kwh x price */
  double kg_co2;      /* (1 - green share) x kwh x grid intensity */
  double carbon_cost; /* t CO2e x carbon price */
} fc_energy_result;

/* Energy, cost and emissions. Errors: FC_EDOM (a field out of its domain),
   FC_EINVAL (NULL). *bad_field (may be NULL) names the field. */
int fc_energy_compute(const fc_energy_params *p, fc_energy_result *r, const char **bad_field);

#endif
