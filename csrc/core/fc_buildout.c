/* fc_buildout.c -- construction spend, interest during construction, time to
** power, bridge power, idle chips and water; formulas and sources in
** fc_buildout.h. */
#include <math.h>
#include <string.h>
#include "fc_status.h"
#include "fc_buildout.h"

static int finite_nonneg(double x) { return isfinite(x) && x >= 0.0; }

/* F(x) = 3x^2 - 2x^3, the CDF of Beta(2, 2) on [0, 1] */
static double scurve(double x) { return x * x * (3.0 - 2.0 * x); }

int fc_buildout_spend(double capex_usd, size_t months, fc_spend_curve curve, double *draw) {
  size_t m;
  if (!draw || months == 0 || months > FC_BUILDOUT_MAX_MONTHS) return FC_EINVAL;
  if (!finite_nonneg(capex_usd)) return FC_EDOM;
  if (curve != FC_SPEND_LINEAR && curve != FC_SPEND_SCURVE) return FC_EINVAL;
  for (m = 0; m < months; m++) {
    if (curve == FC_SPEND_LINEAR) {
      draw[m] = capex_usd / (double)months;
    } else {
      double a = (double)m / (double)months, b = (double)(m + 1) / (double)months;
      draw[m] = capex_usd * (scurve(b) - scurve(a));
    }
  }
  return FC_OK;
}

int fc_buildout_idc(double capex_usd, size_t months, double rate, fc_spend_curve curve, double *idc_usd) {
  double draw[FC_BUILDOUT_MAX_MONTHS], i, sum = 0.0;
  size_t m;
  int st;
  if (!idc_usd) return FC_EINVAL;
  if (!(isfinite(rate) && rate >= 0.0 && rate <= 1.0)) return FC_EDOM;
  if ((st = fc_buildout_spend(capex_usd, months, curve, draw))) return st;
  i = rate / 12.0;
  /* draw m (0-based, paid at the end of month m + 1) compounds over months - 1 - m months */
  for (m = 0; m < months; m++) sum += draw[m] * expm1((double)(months - 1 - m) * log1p(i));
  *idc_usd = sum;
  return FC_OK;
}

const char *fc_buildout_waiting_name(int waiting_on) {
  static const char *const names[] = {"construction", "equipment", "grid", "bridge"};
  return waiting_on >= 0 && waiting_on <= 3 ? names[waiting_on] : "?";
}

int fc_buildout_time_to_power(const fc_power_timeline *t, fc_power_dates *d) {
  double e, power;
  int source;
  if (!t || !d) return FC_EINVAL;
  if (!(isfinite(t->construction_months) && t->construction_months > 0.0) ||
      !finite_nonneg(t->equipment_lead_months) || !finite_nonneg(t->grid_months) ||
      !finite_nonneg(t->bridge_months))
    return FC_EDOM;
  memset(d, 0, sizeof *d);
  /* power comes from the grid, or from the bridge plant if that is sooner */
  power = t->grid_months;
  source = 2;
  if (t->bridge && t->bridge_months < t->grid_months) { power = t->bridge_months; source = 3; }
  e = t->construction_months;
  d->waiting_on = 0;
  if (t->equipment_lead_months > e) { e = t->equipment_lead_months; d->waiting_on = 1; }
  if (power > e) { e = power; d->waiting_on = source; }
  d->energized_months = e;
  d->grid_months = t->grid_months > e ? t->grid_months : e;
  d->bridge_run_months = source == 3 ? d->grid_months - e : 0.0;
  return FC_OK;
}

int fc_buildout_bridge_cost(const fc_bridge_plant *p, double kw, double months, double load_factor,
                            double *capex_usd, double *fuel_usd, double *t_co2) {
  double mwh, mmbtu;
  if (!p || !capex_usd || !fuel_usd || !t_co2) return FC_EINVAL;
  if (!finite_nonneg(p->capex_usd_per_kw) || !(isfinite(p->heat_rate_mmbtu_per_mwh) &&
      p->heat_rate_mmbtu_per_mwh > 0.0) || !finite_nonneg(p->fuel_usd_per_mmbtu) ||
      !finite_nonneg(p->kg_co2_per_mmbtu) || !finite_nonneg(kw) || !finite_nonneg(months) ||
      !(isfinite(load_factor) && load_factor >= 0.0 && load_factor <= 1.0))
    return FC_EDOM;
  /* hours in a month: 8766 / 12 = 730.5 (a Julian year of 365.25 days) */
  mwh = kw / 1000.0 * load_factor * months * 730.5;
  mmbtu = mwh * p->heat_rate_mmbtu_per_mwh;
  *capex_usd = p->capex_usd_per_kw * kw;
  *fuel_usd = mmbtu * p->fuel_usd_per_mmbtu;
  *t_co2 = mmbtu * p->kg_co2_per_mmbtu / 1000.0;
  return FC_OK;
}

int fc_buildout_idle_chips(double price_usd, double idle_months, double r, double d, double *bought_early_usd,
                           double *bought_late_usd) {
  double years;
  if (!bought_early_usd || !bought_late_usd) return FC_EINVAL;
  if (!finite_nonneg(price_usd) || !finite_nonneg(idle_months) || !(isfinite(r) && r > -1.0 && r <= 1.0) ||
      !(isfinite(d) && d >= 0.0 && d < 1.0))
    return FC_EDOM;
  years = idle_months / 12.0;
  *bought_early_usd = price_usd * exp(years * log1p(r));
  *bought_late_usd = price_usd * exp(years * log1p(-d));
  return FC_OK;
}

int fc_buildout_water(double facility_kwh, double pue, double wue_l_per_kwh, double elec_l_per_kwh,
                      double *onsite_l, double *offsite_l) {
  if (!onsite_l || !offsite_l) return FC_EINVAL;
  if (!finite_nonneg(facility_kwh) || !(isfinite(pue) && pue >= 1.0) || !finite_nonneg(wue_l_per_kwh) ||
      !finite_nonneg(elec_l_per_kwh))
    return FC_EDOM;
  *onsite_l = facility_kwh / pue * wue_l_per_kwh;
  *offsite_l = facility_kwh * elec_l_per_kwh;
  return FC_OK;
}

int fc_buildout_plan(const fc_buildout_plan_in *in, fc_buildout_plan_out *out) {
  size_t months;
  double idc, wait, early, late;
  int st;
  if (!in || !out) return FC_EINVAL;
  if (!(isfinite(in->it_kw) && in->it_kw > 0.0) || !finite_nonneg(in->facility_usd_per_kw)) return FC_EDOM;
  memset(out, 0, sizeof *out);
  if ((st = fc_buildout_time_to_power(&in->timeline, &out->dates))) return st;
  months = (size_t)ceil(in->timeline.construction_months);
  if (months > FC_BUILDOUT_MAX_MONTHS) return FC_EDOM;
  out->construction_capex_usd = in->it_kw * in->facility_usd_per_kw;
  if ((st = fc_buildout_idc(out->construction_capex_usd, months, in->rate, in->spend, &idc))) return st;
  /* the finished facility then waits for power: capex and IDC carry at rate/12 a month */
  wait = out->dates.energized_months - (double)months;
  if (wait > 0.0) idc = (out->construction_capex_usd + idc) * exp(wait * log1p(in->rate / 12.0)) -
                        out->construction_capex_usd;
  out->idc_usd = idc;
  out->facility_usd_per_kw_at_energization = (out->construction_capex_usd + idc) / in->it_kw;
  if (in->timeline.bridge && out->dates.bridge_run_months > 0.0 &&
      (st = fc_buildout_bridge_cost(&in->plant, in->it_kw, out->dates.bridge_run_months, in->bridge_load_factor,
                                    &out->bridge_capex_usd, &out->bridge_fuel_usd, &out->bridge_t_co2)))
    return st;
  if ((st = fc_buildout_idle_chips(in->chip_price_usd, out->dates.energized_months, in->rate,
                                   in->chip_decline_per_year, &early, &late)))
    return st;
  out->chip_price_at_energization_usd = in->chips_at_start ? early : late;
  out->chip_price_other_option_usd = in->chips_at_start ? late : early;
  out->idle_chip_months = in->chips_at_start ? out->dates.energized_months : 0.0;
  return FC_OK;
}
