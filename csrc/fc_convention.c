/* fc_convention.c -- conventions of published figures; rules and sources in fc_convention.h. */
#include <ctype.h>
#include <stddef.h>
#include <string.h>
#include "fc_status.h"
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
