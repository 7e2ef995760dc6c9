/* fc_export.c -- see fc_export.h for the definitions and their source. */
#include <math.h>
#include <string.h>
#include "fc_status.h"
#include "fc_export.h"

/* IEEE 754 binary64/32/16; TF32 is stored in 32-bit registers and counted at
   32 by 3A090; bfloat16 16; OCP FP8 (E4M3/E5M2) and MXFP4/NVFP4 8 and 4 */
const char *const fc_precision_names[] = {"fp64", "fp32", "tf32", "fp16", "bf16", "fp8",
                                          "fp4",  "int8", "int4", NULL};
static const int precision_bits[] = {64, 32, 32, 16, 16, 8, 4, 8, 4};

int fc_precision_bits(const char *name) {
  size_t i;
  for (i = 0; name && fc_precision_names[i]; i++)
    if (strcmp(fc_precision_names[i], name) == 0) return precision_bits[i];
  return 0;
}

static int valid_bits(int bits) {
  return bits == 4 || bits == 8 || bits == 16 || bits == 32 || bits == 64;
}

int fc_export_tpp(double dense_tops, int bits, double *tpp) {
  if (!tpp) return FC_EINVAL;
  if (!(isfinite(dense_tops) && dense_tops >= 0.0) || !valid_bits(bits)) return FC_EDOM;
  *tpp = dense_tops * (double)bits;
  return FC_OK;
}

int fc_export_tpp_max(const double *dense_tops, const int *bits, size_t n, double *tpp,
                      size_t *which) {
  size_t i, best = 0;
  double max = -1.0;
  if (!dense_tops || !bits || !tpp || n == 0) return FC_EINVAL;
  for (i = 0; i < n; i++) {
    double t;
    int st = fc_export_tpp(dense_tops[i], bits[i], &t);
    if (st) return st;
    if (t > max) { max = t; best = i; }
  }
  *tpp = max;
  if (which) *which = best;
  return FC_OK;
}

int fc_export_performance_density(double tpp, double die_area_mm2, double *pd) {
  if (!pd) return FC_EINVAL;
  if (!(isfinite(tpp) && tpp >= 0.0 && isfinite(die_area_mm2) && die_area_mm2 > 0.0)) return FC_EDOM;
  *pd = tpp / die_area_mm2;
  return FC_OK;
}

int fc_export_status(const char *policy, int domestic) {
  if (domestic) return FC_LICENCE_DOMESTIC;
  if (!policy || strcmp(policy, "no licence required") == 0 || strcmp(policy, "notified advanced computing (NAC)") == 0)
    return FC_LICENCE_NONE;
  if (strcmp(policy, "presumption of denial") == 0 || strcmp(policy, "denied") == 0) return FC_LICENCE_DENIED;
  return FC_LICENCE_REQUIRED;
}

int fc_export_rule_at(const double *effective_day, const int *applies, size_t n, double day, size_t *index) {
  size_t i, best = n;
  if (!index || (n > 0 && (!effective_day || !applies))) return FC_EINVAL;
  for (i = 0; i < n; i++) {
    if (isnan(effective_day[i])) return FC_EDOM;
    if (!applies[i] || (!isnan(day) && effective_day[i] > day)) continue;
    if (best == n || effective_day[i] > effective_day[best]) best = i;
  }
  *index = best;
  return FC_OK;
}

int fc_export_premium(int status, double grey_chip, double grey_default, double rule_premium, double *premium,
                      int *source) {
  int src = FC_PREMIUM_NONE;
  double x = 0.0;
  if (!premium || !source || status < 0 || status >= FC_LICENCE_COUNT) return FC_EINVAL;
  if (status == FC_LICENCE_DENIED && (!isnan(grey_chip) || !isnan(grey_default))) {
    src = !isnan(grey_chip) ? FC_PREMIUM_GREY_CHIP : FC_PREMIUM_GREY_DEFAULT;
    x = !isnan(grey_chip) ? grey_chip : grey_default;
  } else if ((status == FC_LICENCE_REQUIRED || status == FC_LICENCE_DENIED) && !isnan(rule_premium)) {
    src = FC_PREMIUM_RULE;
    x = rule_premium;
  }
  if (!(x > -1.0) || !isfinite(x)) return FC_EDOM;
  *premium = x;
  *source = src;
  return FC_OK;
}
