/*
** fc_energy.h -- accelerator power vs utilization, energy, cost and carbon.
** (Interface fixed by the scenario engine; the energy module implements it.)
*/
#ifndef FC_ENERGY_H
#define FC_ENERGY_H

#include <stddef.h>

/* A measured power curve: board power (W) against utilization in [0, 1],
   interpolated with GSL (Steffen's monotone method for >= 3 points, linear for 2).
   Read-only after allocation, so threads may share one. */
typedef struct fc_power_curve fc_power_curve;

/* util[] strictly increasing within [0, 1], power_w[] positive and finite, n >= 2.
   Returns NULL with *status set (FC_EDOM, FC_EINVAL, FC_ENOMEM) on failure. */
fc_power_curve *fc_energy_curve_alloc(const double *util, const double *power_w, size_t n,
                                      int *status);
void fc_energy_curve_free(fc_power_curve *c);
/* Board power at utilization u in [0, 1] (clamped to the measured range). */
int fc_energy_curve_eval(const fc_power_curve *c, double u, double *power_w);

#endif
