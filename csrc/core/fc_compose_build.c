/* fc_compose_build.c -- the build-out of a composed scenario: the plan of
** fc_buildout.h (construction spend and its interest, time to power, bridge
** power, chips bought at the decision or at power) applied to each member, so
** that every door (fc.scenario, compare, Monte Carlo, Sobol) prices a useful
** EFLOP with the facility cost and chip price power arrives with. */
#include <math.h>
#include <string.h>
#include "fc_status.h"
#include "fc_buildout.h"
#include "fc_compose.h"
#include "fc_convention.h"

/* x, or the default of the build field `name` in fc_compose.c's table. */
static double or_dflt(double x, const char *name) {
  int i;
  if (!isnan(x)) return x;
  i = fc_compose_field_index(FC_COMPOSE_SCENARIO, name);
  return i < 0 ? NAN : fc_compose_field_default(FC_COMPOSE_SCENARIO, (size_t)i);
}

static int fail(fc_compose_error *e, const char *field, const char *domain, int chip, double v) {
  if (e) { e->field = field; e->domain = domain; e->chip = chip; e->value = v; e->limit = NAN; }
  return FC_EDOM;
}

/* The plan's inputs for the build-out of d at the given facility cost, rate
   and chip price; the bridge plant's figures are required with a bridge. */
static int plan_in(const fc_compose_desc *d, double facility_usd_per_kw, double rate, double chip_price_usd,
                   fc_buildout_plan_in *in, fc_compose_error *e) {
  memset(in, 0, sizeof *in);
  in->it_kw = d->build_it_mw * 1000.0;
  in->facility_usd_per_kw = facility_usd_per_kw;
  in->rate = rate;
  in->spend = or_dflt(d->build_spend, "build.spend") == 1.0 ? FC_SPEND_SCURVE : FC_SPEND_LINEAR;
  if (isnan(d->build_construction_months))
    return fail(e, "build.construction_months", "positive number of months (required with build.it_mw)", -1, NAN);
  in->timeline.construction_months = d->build_construction_months;
  in->timeline.equipment_lead_months = or_dflt(d->build_equipment_lead_months, "build.equipment_lead_months");
  in->timeline.grid_months = or_dflt(d->build_grid_months, "build.grid_months");
  in->timeline.bridge = or_dflt(d->build_bridge, "build.bridge") == 1.0;
  in->timeline.bridge_months = or_dflt(d->build_bridge_months, "build.bridge_months");
  in->plant.capex_usd_per_kw = d->build_bridge_capex_usd_per_kw;
  in->plant.heat_rate_mmbtu_per_mwh = d->build_heat_rate_mmbtu_per_mwh;
  in->plant.fuel_usd_per_mmbtu = d->build_fuel_usd_per_mmbtu;
  in->plant.kg_co2_per_mmbtu = or_dflt(d->build_kg_co2_per_mmbtu, "build.kg_co2_per_mmbtu");
  if (in->timeline.bridge) {
    if (isnan(in->plant.capex_usd_per_kw))
      return fail(e, "build.bridge_capex_usd_per_kw", "non-negative number (required with build.bridge)", -1, NAN);
    if (isnan(in->plant.heat_rate_mmbtu_per_mwh))
      return fail(e, "build.heat_rate_mmbtu_per_mwh", "positive number (required with build.bridge)", -1, NAN);
    if (isnan(in->plant.fuel_usd_per_mmbtu))
      return fail(e, "build.fuel_usd_per_mmbtu", "non-negative number (required with build.bridge)", -1, NAN);
  } else {
    in->plant.capex_usd_per_kw = in->plant.fuel_usd_per_mmbtu = 0.0;
    in->plant.heat_rate_mmbtu_per_mwh = 1.0; /* unused without a bridge */
  }
  in->bridge_load_factor = or_dflt(d->build_bridge_load_factor, "build.bridge_load_factor");
  in->chip_price_usd = chip_price_usd;
  in->chip_decline_per_year = or_dflt(d->build_chip_decline_per_year, "build.chip_decline_per_year");
  in->chips_at_start = or_dflt(d->build_chips_at_start, "build.chips_at_start") == 1.0;
  in->wue_l_per_kwh = in->electricity_water_l_per_kwh = NAN; /* the scenario's water is fc_compose_water's */
  return FC_OK;
}

static void mix_nan(fc_compose_mix *m) {
  m->time_to_power_months = m->grid_months = m->bridge_run_months = m->waiting_on = NAN;
  m->construction_capex_usd = m->construction_capex_usd_per_mw = m->idc_usd = NAN;
  m->facility_usd_per_kw_at_energization = m->bridge_capex_usd = m->bridge_fuel_usd = m->bridge_t_co2 = NAN;
  m->chip_price_factor = m->idle_chip_months = NAN;
}

/* The site's figures from member 0's plan. */
static void mix_set(fc_compose_mix *m, const fc_buildout_plan_out *o, double chip_price_usd) {
  m->time_to_power_months = o->dates.energized_months;
  m->grid_months = o->dates.grid_months;
  m->bridge_run_months = o->dates.bridge_run_months;
  m->waiting_on = (double)o->dates.waiting_on;
  m->construction_capex_usd = o->construction_capex_usd;
  m->idc_usd = o->idc_usd;
  m->facility_usd_per_kw_at_energization = o->facility_usd_per_kw_at_energization;
  m->bridge_capex_usd = o->bridge_capex_usd;
  m->bridge_fuel_usd = o->bridge_fuel_usd;
  m->bridge_t_co2 = o->bridge_t_co2;
  m->chip_price_factor = chip_price_usd > 0.0 ? o->chip_price_at_energization_usd / chip_price_usd : 1.0;
  m->idle_chip_months = o->idle_chip_months;
}

int fc_compose_build(const fc_compose_desc *d, fc_scenario_params *members, size_t n, fc_compose_mix *m,
                     fc_compose_error *e) {
  size_t i;
  int st;
  double dollars = 1.0; /* fc_convention_deflator; fc_compose has already refused a bad year */
  if (!d || !members || !m || n == 0) return FC_EINVAL;
  if (!isnan(d->usd_year) && !isnan(d->usd_from_year) &&
      fc_convention_deflator((int)d->usd_year, (int)d->usd_from_year, &dollars, NULL) != FC_OK)
    dollars = 1.0;
  mix_nan(m);
  if (isnan(d->build_it_mw)) return FC_OK;
  for (i = 0; i < n; i++) {
    fc_scenario_params *p = &members[i];
    fc_buildout_plan_in in;
    fc_buildout_plan_out o;
    double rate = isnan(d->build_rate) ? p->wacc : d->build_rate;
    if (!(rate >= 0.0 && rate <= 1.0))
      return fail(e, "build.rate", "number in [0, 1] (the member's wacc is outside it: give build.rate)", (int)i,
                  rate);
    if ((st = plan_in(d, p->facility_usd_per_kw, rate, p->chip_price_usd, &in, e))) return st;
    /* constant dollars: fc_compose restated the members' money; the bridge plant's own figures
       are restated here by the same deflator, so the build-out reads the same dollars */
    in.plant.capex_usd_per_kw *= dollars;
    in.plant.fuel_usd_per_mmbtu *= dollars;
    if ((st = fc_buildout_plan(&in, &o)))
      return fail(e, "build", "a build-out fc_buildout_plan accepts (months up to 600)", (int)i, NAN);
    if (i == 0) {
      mix_set(m, &o, p->chip_price_usd);
      m->construction_capex_usd_per_mw = p->facility_usd_per_kw * 1000.0;
    }
    /* the member as power finds it: facility cost with its interest, the chip's price then */
    p->facility_usd_per_kw = o.facility_usd_per_kw_at_energization;
    p->chip_price_usd = o.chip_price_at_energization_usd;
  }
  return FC_OK;
}
