/* fc_energy.c -- see fc_energy.h for formulas and sources. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_interp.h>
#include "fc_status.h"
#include "fc_energy.h"

struct fc_power_curve {
  size_t n;
  double util[FC_CURVE_MAX_POINTS];
  double power_w[FC_CURVE_MAX_POINTS];
  gsl_interp *interp; /* evaluated without an accelerator: safe to share read-only */
};

fc_power_curve *fc_energy_curve_alloc(const double *util, const double *power_w, size_t n,
                                      int *status) {
  fc_power_curve *c;
  size_t i;
  int dummy;
  if (!status) status = &dummy;
  if (!util || !power_w) { *status = FC_EINVAL; return NULL; }
  if (n < 2 || n > FC_CURVE_MAX_POINTS) { *status = FC_EINVAL; return NULL; }
  for (i = 0; i < n; i++) {
    if (!(isfinite(util[i]) && util[i] >= 0.0 && util[i] <= 1.0)) { *status = FC_EDOM; return NULL; }
    if (!(isfinite(power_w[i]) && power_w[i] > 0.0)) { *status = FC_EDOM; return NULL; }
    if (i > 0 && !(util[i] > util[i - 1])) { *status = FC_EDOM; return NULL; }
  }
  c = (fc_power_curve *)calloc(1, sizeof *c);
  if (!c) { *status = FC_ENOMEM; return NULL; }
  c->n = n;
  memcpy(c->util, util, n * sizeof *util);
  memcpy(c->power_w, power_w, n * sizeof *power_w);
  c->interp = gsl_interp_alloc(n >= 3 ? gsl_interp_steffen : gsl_interp_linear, n);
  if (!c->interp || gsl_interp_init(c->interp, c->util, c->power_w, n) != GSL_SUCCESS) {
    fc_energy_curve_free(c);
    *status = FC_ENOMEM;
    return NULL;
  }
  *status = FC_OK;
  return c;
}

void fc_energy_curve_free(fc_power_curve *c) {
  if (!c) return;
  if (c->interp) gsl_interp_free(c->interp);
  free(c);
}

int fc_energy_curve_eval(const fc_power_curve *c, double u, double *power_w) {
  double y;
  if (!c || !power_w) return FC_EINVAL;
  if (!(u >= 0.0 && u <= 1.0)) return FC_EDOM;
  /* outside the measured range the nearest measured power holds */
  if (u <= c->util[0]) { *power_w = c->power_w[0]; return FC_OK; }
  if (u >= c->util[c->n - 1]) { *power_w = c->power_w[c->n - 1]; return FC_OK; }
  if (gsl_interp_eval_e(c->interp, c->util, c->power_w, u, NULL, &y) != GSL_SUCCESS || !isfinite(y))
    return FC_ERANGE;
  *power_w = y;
  return FC_OK;
}

size_t fc_energy_curve_size(const fc_power_curve *c) { return c ? c->n : 0; }

int fc_energy_curve_slope(const fc_power_curve *c, size_t i, double *w_per_unit) {
  if (!c || !w_per_unit || i >= c->n) return FC_EINVAL;
  /* the interpolant's derivative at knot i (C1: the same from either side) */
  if (gsl_interp_eval_deriv_e(c->interp, c->util, c->power_w, c->util[i], NULL, w_per_unit) != GSL_SUCCESS ||
      !isfinite(*w_per_unit))
    return FC_ERANGE;
  return FC_OK;
}

int fc_energy_curve_point(const fc_power_curve *c, size_t i, double *util, double *power_w) {
  if (!c || i >= c->n) return FC_EINVAL;
  if (util) *util = c->util[i];
  if (power_w) *power_w = c->power_w[i];
  return FC_OK;
}

int fc_energy_linear_power_w(double idle_w, double tdp_w, double u, double *power_w) {
  if (!power_w) return FC_EINVAL;
  if (!(isfinite(tdp_w) && tdp_w > 0.0 && isfinite(idle_w) && idle_w >= 0.0 && idle_w <= tdp_w))
    return FC_EDOM;
  if (!(u >= 0.0 && u <= 1.0)) return FC_EDOM;
  *power_w = idle_w + (tdp_w - idle_w) * u;
  return FC_OK;
}

#define REQUIRE(cond, field) \
  do { if (!(cond)) { if (bad_field) *bad_field = field; return FC_EDOM; } } while (0)

int fc_energy_compute(const fc_energy_params *p, fc_energy_result *r, const char **bad_field) {
  if (bad_field) *bad_field = NULL;
  if (!p || !r) return FC_EINVAL;
  REQUIRE(isfinite(p->chip_hours) && p->chip_hours >= 0.0, "chip_hours");
  REQUIRE(isfinite(p->power_w) && p->power_w > 0.0, "power_w");
  REQUIRE(isfinite(p->server_power_multiple) && p->server_power_multiple >= 1.0, "server_power_multiple");
  REQUIRE(isfinite(p->pue) && p->pue >= 1.0, "pue");
  REQUIRE(isfinite(p->price_per_kwh) && p->price_per_kwh >= 0.0, "price_per_kwh");
  REQUIRE(p->green_share >= 0.0 && p->green_share <= 1.0, "green_share");
  REQUIRE(isfinite(p->grid_kg_co2_per_kwh) && p->grid_kg_co2_per_kwh >= 0.0, "grid_kg_co2_per_kwh");
  REQUIRE(isfinite(p->carbon_price_per_t) && p->carbon_price_per_t >= 0.0, "carbon_price_per_t");
  r->it_kwh = p->chip_hours * p->power_w * p->server_power_multiple / 1000.0;
  r->kwh = r->it_kwh * p->pue;
  r->cost = r->kwh * p->price_per_kwh;
  r->kg_co2 = r->kwh * (1.0 - p->green_share) * p->grid_kg_co2_per_kwh;
  r->carbon_cost = r->kg_co2 / 1000.0 * p->carbon_price_per_t;
  if (!(isfinite(r->kwh) && isfinite(r->cost) && isfinite(r->carbon_cost))) return FC_ERANGE;
  return FC_OK;
}
