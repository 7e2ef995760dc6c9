/* fc_buildout_mc.c -- Monte Carlo over a build-out plan's uncertain figures;
** the draws and their order in fc_buildout_mc.h. */
#include <math.h>
#include <gsl/gsl_rng.h>
#include "fc_status.h"
#include "fc_mc.h"
#include "fc_buildout_mc.h"

static const char *const input_names[] = {"construction_months", "equipment_lead_months", "grid_months",
  "bridge_months", "bridge_capex_usd_per_kw", "heat_rate_mmbtu_per_mwh", "fuel_usd_per_mmbtu",
  "bridge_load_factor", "chip_decline_per_year", "facility_usd_per_kw", "rate", "wue_l_per_kwh",
  "electricity_water_l_per_kwh", NULL};
static const char *const output_names[] = {"time_to_power_months", "interest_during_construction_usd",
  "facility_usd_per_kw_at_energization", "chip_price_at_energization_usd", "bridge_fuel_usd",
  "usd_per_eflop_at_energization", "water_l_per_eflop", NULL};

int fc_buildout_mc_output_needs_member(int o) {
  return o == FC_BMC_OUT_USD_PER_EFLOP || o == FC_BMC_OUT_WATER_L_PER_EFLOP;
}

const char *fc_buildout_mc_input_name(size_t i) { return i < FC_BMC_NINPUTS ? input_names[i] : NULL; }
const char *fc_buildout_mc_output_name(size_t i) { return i < FC_BMC_NOUTPUTS ? output_names[i] : NULL; }

/* Where input i lives in a plan (the enum's order), or NULL. */
static double *input_ptr(fc_buildout_plan_in *in, size_t i) {
  switch (i) {
  case FC_BMC_CONSTRUCTION_MONTHS: return &in->timeline.construction_months;
  case FC_BMC_EQUIPMENT_LEAD_MONTHS: return &in->timeline.equipment_lead_months;
  case FC_BMC_GRID_MONTHS: return &in->timeline.grid_months;
  case FC_BMC_BRIDGE_MONTHS: return &in->timeline.bridge_months;
  case FC_BMC_BRIDGE_CAPEX_USD_PER_KW: return &in->plant.capex_usd_per_kw;
  case FC_BMC_HEAT_RATE_MMBTU_PER_MWH: return &in->plant.heat_rate_mmbtu_per_mwh;
  case FC_BMC_FUEL_USD_PER_MMBTU: return &in->plant.fuel_usd_per_mmbtu;
  case FC_BMC_BRIDGE_LOAD_FACTOR: return &in->bridge_load_factor;
  case FC_BMC_CHIP_DECLINE_PER_YEAR: return &in->chip_decline_per_year;
  case FC_BMC_FACILITY_USD_PER_KW: return &in->facility_usd_per_kw;
  case FC_BMC_RATE: return &in->rate;
  case FC_BMC_WUE_L_PER_KWH: return &in->wue_l_per_kwh;
  case FC_BMC_ELECTRICITY_WATER_L_PER_KWH: return &in->electricity_water_l_per_kwh;
  default: return NULL;
  }
}

double fc_buildout_mc_input(const fc_buildout_plan_in *in, size_t i) {
  fc_buildout_plan_in c;
  double *p;
  if (!in) return NAN;
  c = *in;
  p = input_ptr(&c, i);
  return p ? *p : NAN;
}

/* Draw k's outputs into out (column-major, samples rows). */
static int one_draw(const fc_buildout_plan_in *in, const fc_scenario_params *member, double *out, uint64_t samples,
                    uint64_t k) {
  fc_buildout_plan_out o;
  double usd = NAN, water = NAN, on, off;
  int st;
  if ((st = fc_buildout_plan(in, &o))) return st;
  if (member) {
    fc_scenario_params p = *member;
    fc_scenario_result r;
    p.chip_price_usd = o.chip_price_at_energization_usd;
    p.facility_usd_per_kw = o.facility_usd_per_kw_at_energization;
    if ((st = fc_scenario_eval(&p, &r, NULL))) return st;
    usd = r.usd_per_eflop;
    /* fc_compose_water's rule for one member (one PUE): the facility kWh per EFLOP */
    if (!isnan(in->wue_l_per_kwh) && !isnan(in->electricity_water_l_per_kwh)) {
      if ((st = fc_buildout_water(r.kwh_per_eflop, p.pue, in->wue_l_per_kwh, in->electricity_water_l_per_kwh, &on,
                                  &off)))
        return st;
      water = on + off;
    }
  }
  out[FC_BMC_OUT_ENERGIZED_MONTHS * samples + k] = o.dates.energized_months;
  out[FC_BMC_OUT_IDC_USD * samples + k] = o.idc_usd;
  out[FC_BMC_OUT_FACILITY_USD_PER_KW * samples + k] = o.facility_usd_per_kw_at_energization;
  out[FC_BMC_OUT_CHIP_PRICE_USD * samples + k] = o.chip_price_at_energization_usd;
  out[FC_BMC_OUT_BRIDGE_FUEL_USD * samples + k] = o.bridge_fuel_usd;
  out[FC_BMC_OUT_USD_PER_EFLOP * samples + k] = usd;
  out[FC_BMC_OUT_WATER_L_PER_EFLOP * samples + k] = water;
  return FC_OK;
}

int fc_buildout_mc_run(const fc_buildout_plan_in *base, const fc_dist *dists, const fc_scenario_params *member,
                       uint64_t samples, uint64_t seed, double *out, uint64_t *bad_draw) {
  fc_dist_sampler smp[FC_BMC_NINPUTS];
  fc_buildout_plan_in in;
  gsl_rng *rng, *water_rng;
  uint64_t k;
  size_t i, ready = 0;
  int st = FC_OK;
  if (!base || !dists || !out || !bad_draw || samples == 0) return FC_EINVAL;
  *bad_draw = 0;
  if (!(rng = gsl_rng_alloc(gsl_rng_taus2))) return FC_ENOMEM;
  if (!(water_rng = gsl_rng_alloc(gsl_rng_taus2))) { gsl_rng_free(rng); return FC_ENOMEM; }
  gsl_rng_set(rng, fc_mc_chunk_seed(seed, 0));
  gsl_rng_set(water_rng, fc_mc_chunk_seed(seed, 1));
  for (i = 0; !st && i < FC_BMC_NINPUTS; i++)
    if (!(st = fc_dist_sampler_init(&smp[i], &dists[i]))) ready++;
  in = *base;
  for (k = 0; !st && k < samples; k++) {
    for (i = 0; i < FC_BMC_NINPUTS; i++)
      fc_dist_sampler_fill(&smp[i], i < FC_BMC_FIRST_WATER_INPUT ? rng : water_rng, input_ptr(&in, i), 1);
    if ((st = one_draw(&in, member, out, samples, k))) *bad_draw = k;
  }
  for (i = 0; i < ready; i++) fc_dist_sampler_free(&smp[i]);
  gsl_rng_free(rng);
  gsl_rng_free(water_rng);
  return st;
}

int fc_buildout_sobol_model(void *ctx, const double *x, size_t n, size_t k, double *y, size_t *bad_row,
                            const char **bad_field) {
  const fc_buildout_sobol *c = (const fc_buildout_sobol *)ctx;
  double out[FC_BMC_NOUTPUTS];
  size_t r, j;
  int st;
  if (!c || !c->base || !c->inputs || !x || !y || !bad_row || !bad_field) return FC_EINVAL;
  if (c->output < 0 || c->output >= FC_BMC_NOUTPUTS || (fc_buildout_mc_output_needs_member(c->output) && !c->member))
    return FC_EINVAL;
  for (j = 0; j < k; j++)
    if (c->inputs[j] >= FC_BMC_NINPUTS) return FC_EINVAL;
  *bad_field = NULL;
  for (r = 0; r < n; r++) {
    fc_buildout_plan_in in = *c->base;
    for (j = 0; j < k; j++) *input_ptr(&in, c->inputs[j]) = x[r * k + j];
    /* one draw's outputs, one row of a 1-sample column-major block */
    if ((st = one_draw(&in, fc_buildout_mc_output_needs_member(c->output) ? c->member : NULL, out, 1, 0))) {
      *bad_row = r;
      return st;
    }
    y[r] = out[c->output];
  }
  return FC_OK;
}
