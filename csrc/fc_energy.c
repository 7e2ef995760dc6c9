/* TEMPORARY linear stand-in until the energy module lands (replaced on merge). */
#include <stdlib.h>
#include "fc_status.h"
#include "fc_energy.h"
struct fc_power_curve { size_t n; double u[32], w[32]; };
fc_power_curve *fc_energy_curve_alloc(const double *util, const double *power_w, size_t n, int *status) {
  fc_power_curve *c; size_t i;
  if (n < 2 || n > 32) { *status = FC_EINVAL; return NULL; }
  c = malloc(sizeof *c); if (!c) { *status = FC_ENOMEM; return NULL; }
  c->n = n; for (i = 0; i < n; i++) { c->u[i] = util[i]; c->w[i] = power_w[i]; }
  *status = FC_OK; return c;
}
void fc_energy_curve_free(fc_power_curve *c) { free(c); }
int fc_energy_curve_eval(const fc_power_curve *c, double u, double *power_w) {
  size_t i;
  if (u <= c->u[0]) { *power_w = c->w[0]; return FC_OK; }
  for (i = 1; i < c->n; i++) if (u <= c->u[i]) {
    double t = (u - c->u[i-1]) / (c->u[i] - c->u[i-1]);
    *power_w = c->w[i-1] + t * (c->w[i] - c->w[i-1]); return FC_OK; }
  *power_w = c->w[c->n - 1]; return FC_OK;
}
