/* fc_compose_water.c -- the water of a composed scenario: the build-out's
** convention (fc_buildout_water, fc_buildout.h) applied to the evaluated mix.
** On site = IT energy x WUE, off site = facility energy (IT x PUE) x the
** grid's water intensity (README, "Build-out"). */
#include <math.h>
#include "fc_status.h"
#include "fc_buildout.h"
#include "fc_compose.h"

/* The mix's facility energy over its IT energy: one PUE when the members
   share it, else sum c_i kWh_i / sum c_i (kWh_i / PUE_i) over the members'
   hourly facility energy (a per-chip PUE override). */
static int mix_pue(const fc_scenario_params *members, const double *counts, size_t n, double *pue) {
  double facility = 0.0, it = 0.0;
  size_t i;
  int same = 1;
  for (i = 1; i < n; i++)
    if (members[i].pue != members[0].pue) same = 0;
  if (same) { *pue = members[0].pue; return FC_OK; }
  for (i = 0; i < n; i++) {
    fc_scenario_result r;
    int st;
    if (!(counts[i] > 0.0)) continue;
    if ((st = fc_scenario_eval(&members[i], &r, NULL))) return st;
    facility += counts[i] * r.kwh_per_h;
    it += counts[i] * r.kwh_per_h / members[i].pue;
  }
  *pue = it > 0.0 ? facility / it : members[0].pue;
  return FC_OK;
}

/* x to *p when p is given */
static void put(double *p, double x) {
  if (p) *p = x;
}

int fc_compose_water_at(double wue, double elec, const fc_scenario_params *members, const double *counts, size_t n,
                        double kwh_per_eflop, double j_per_token, double *onsite_l_per_eflop,
                        double *offsite_l_per_eflop, double *l_per_eflop, double *l_per_mtok) {
  double pue, on, off, on1, off1, per_mtok = NAN;
  int st;
  if (!members || n == 0 || (n > 1 && !counts)) return FC_EINVAL;
  put(onsite_l_per_eflop, NAN); put(offsite_l_per_eflop, NAN); put(l_per_eflop, NAN); put(l_per_mtok, NAN);
  if (isnan(wue) || isnan(elec)) return FC_OK;
  if ((st = mix_pue(members, counts, n, &pue))) return st;
  if ((st = fc_buildout_water(kwh_per_eflop, pue, wue, elec, &on, &off))) return st;
  if (!isnan(j_per_token)) {
    /* litres per kWh at the meter x kWh per million tokens (J/token x 1e6 / 3.6e6 J/kWh) */
    if ((st = fc_buildout_water(1.0, pue, wue, elec, &on1, &off1))) return st;
    per_mtok = (on1 + off1) * j_per_token * 1e6 / 3.6e6;
  }
  put(onsite_l_per_eflop, on); put(offsite_l_per_eflop, off); put(l_per_eflop, on + off); put(l_per_mtok, per_mtok);
  return FC_OK;
}

int fc_compose_water(const fc_compose_desc *d, const fc_scenario_params *members, const double *counts, size_t n,
                     const fc_scenario_result *r, fc_compose_mix *m) {
  if (!d || !members || !counts || n == 0 || !r || !m) return FC_EINVAL;
  return fc_compose_water_at(d->wue_l_per_kwh, d->electricity_water_l_per_kwh, members, counts, n, r->kwh_per_eflop,
                             m->j_per_token, &m->water_onsite_l_per_eflop, &m->water_offsite_l_per_eflop,
                             &m->water_l_per_eflop, &m->water_l_per_mtok);
}

/* x unless NaN, else y */
static double given_or(double x, double y) { return isnan(x) ? y : x; }

int fc_compose_water_serve(const fc_compose_desc *d, double board_j_per_token, double *onsite_l_per_mtok,
                           double *offsite_l_per_mtok) {
  fc_scenario_params given, def;
  double pue, spm, facility_kwh;
  if (!d || !onsite_l_per_mtok || !offsite_l_per_mtok) return FC_EINVAL;
  *onsite_l_per_mtok = *offsite_l_per_mtok = NAN;
  if (isnan(d->wue_l_per_kwh) || isnan(d->electricity_water_l_per_kwh)) return FC_OK;
  if (!(isfinite(board_j_per_token) && board_j_per_token >= 0.0)) return FC_EDOM;
  /* PUE and server power multiple as a composed member has them: the
     overrides, then the region's (PUE) or the chip's (multiple), then the
     one table of defaults (fc_compose_params) */
  fc_compose_params_init(&given);
  fc_compose_params(&given, &def);
  pue = given_or(d->over.pue, given_or(d->pue, def.pue));
  spm = def.server_power_multiple;
  if (d->n_chips > 0 && d->chips) {
    spm = given_or(d->chips[0].server_power_multiple, spm);
    pue = given_or(d->chips[0].over.pue, pue);
    spm = given_or(d->chips[0].over.server_power_multiple, spm);
  }
  spm = given_or(d->over.server_power_multiple, spm);
  /* facility kWh per million tokens: board J x server multiple x PUE x 1e6 / 3.6e6 J/kWh
     (fc_scenario.c's energy rule), at the serving point (no idle hours) */
  facility_kwh = board_j_per_token * spm * pue * 1e6 / 3.6e6;
  return fc_buildout_water(facility_kwh, pue, d->wue_l_per_kwh, d->electricity_water_l_per_kwh, onsite_l_per_mtok,
                           offsite_l_per_mtok);
}
