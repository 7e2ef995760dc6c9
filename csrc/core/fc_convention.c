/* fc_convention.c -- conventions of published figures; rules and sources in fc_convention.h. */
#include <ctype.h>
#include <stddef.h>
#include <string.h>
#include <math.h>
#include "fc_status.h"
#include "fc_finance.h"
#include "fc_convention.h"

static const char *const names[FC_CONVENTION_COUNT] = {"all-in", "epoch", "model-card"};

int fc_convention_parse(const char *name, int *conv) {
  int i;
  if (!name || !conv) return FC_EINVAL;
  for (i = 0; i < FC_CONVENTION_COUNT; i++)
    if (strcmp(name, names[i]) == 0) { *conv = i; return FC_OK; }
  return FC_ENOTFOUND;
}

const char *fc_convention_name(int conv) {
  return conv >= 0 && conv < FC_CONVENTION_COUNT ? names[conv] : NULL;
}

/* case-insensitive substring test on ASCII */
static int contains_ci(const char *s, const char *word) {
  size_t n = strlen(word), i, j;
  for (i = 0; s[i]; i++) {
    for (j = 0; j < n && s[i + j]; j++)
      if (tolower((unsigned char)s[i + j]) != word[j]) break;
    if (j == n) return 1;
  }
  return 0;
}

double fc_convention_epoch_pue(const char *organization) {
  /* power_usage_effectiveness(): hyperscalers = these names in the organization */
  static const char *const hyperscalers[] = {"google", "deepmind", "microsoft", "amazon", "meta",
                                             "facebook"};
  size_t i;
  if (!organization) return FC_EPOCH_PUE_OTHER;
  for (i = 0; i < sizeof hyperscalers / sizeof hyperscalers[0]; i++)
    if (contains_ci(organization, hyperscalers[i])) return FC_EPOCH_PUE_HYPERSCALE;
  return FC_EPOCH_PUE_OTHER;
}

int fc_convention_us_industrial_usd_per_kwh(int year, double *usd_per_kwh) {
  /* energy_price() in cost_analysis_standalone.py (EIA average industrial price) */
  static const double price[] = {
    0.0677, 0.0682, 0.0667, 0.0689, 0.0710, 0.0691, 0.0676, 0.0688, /* 2010-2017 */
    0.0692, 0.0681, 0.0667, 0.0718, 0.0832, 0.0806, 0.0771, 0.0826  /* 2018-2025 */
  };
  if (!usd_per_kwh) return FC_EINVAL;
  if (year < 2010 || year > 2025) return FC_EDOM;
  *usd_per_kwh = price[year - 2010];
  return FC_OK;
}

int fc_convention_ppi_data_processing(int year, double *index) {
  /* annual means of FRED PCU518210518210 (monthly, Dec 2000 = 100) */
  static const double ppi[] = {
    104.350, 105.167, 105.733, 106.150, 106.817, 107.117, 108.375, 109.958, /* 2010-2017 */
    110.300, 110.792, 114.050, 115.165, 116.349, 118.126, 119.599, 122.475  /* 2018-2025 */
  };
  if (!index) return FC_EINVAL;
  if (year < 2010 || year > 2025) return FC_EDOM;
  *index = ppi[year - 2010];
  return FC_OK;
}

int fc_convention_deflator(int usd_year, int from_year, double *factor, int *bad_year) {
  double to, from;
  if (!factor) return FC_EINVAL;
  if (fc_convention_ppi_data_processing(usd_year, &to) != FC_OK) {
    if (bad_year) *bad_year = 0;
    return FC_EDOM;
  }
  if (fc_convention_ppi_data_processing(from_year, &from) != FC_OK) {
    if (bad_year) *bad_year = 1;
    return FC_EDOM;
  }
  *factor = to / from;
  return FC_OK;
}

int fc_convention_apply(int conv, double pue, double electricity_usd_per_kwh, double average_power_fraction,
                        fc_scenario_params *p) {
  if (!p || conv < 0 || conv >= FC_CONVENTION_COUNT) return FC_EINVAL;
  if (conv == FC_CONVENTION_ALL_IN) return FC_OK;
  /* both conventions count the reported hours as busy hours, at a stated draw */
  p->utilization = 1.0;
  p->power_curve = NULL;
  if (!isnan(pue)) p->pue = pue;
  if (conv == FC_CONVENTION_EPOCH) {
    p->recovery = FC_RECOVERY_PRICE_DECLINE;
    p->decline_oom_per_year = FC_EPOCH_DECLINE_OOM_PER_YEAR;
    p->network_fraction = FC_EPOCH_NETWORK_FRACTION;
    p->average_power_fraction = isnan(average_power_fraction) ? FC_EPOCH_AVERAGE_POWER_FRACTION
                                                             : average_power_fraction;
    p->facility_usd_per_kw = 0.0;
    p->maintenance_fraction = 0.0;
    p->other_opex_usd_per_year = 0.0;
    p->carbon_usd_per_t = 0.0;
    p->green_premium_usd_per_kwh = 0.0;
    if (!isnan(electricity_usd_per_kwh)) p->electricity_usd_per_kwh = electricity_usd_per_kwh;
  } else { /* model-card: accelerator-hours x board power x PUE (x grid intensity) */
    p->average_power_fraction = isnan(average_power_fraction) ? 1.0 : average_power_fraction;
    p->server_power_multiple = 1.0;
    p->green_share = 0.0; /* location-based: the grid factor applies to every kWh */
    if (!isnan(electricity_usd_per_kwh)) p->electricity_usd_per_kwh = electricity_usd_per_kwh;
  }
  return FC_OK;
}
