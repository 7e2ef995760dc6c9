/* test_export.c -- the precision table and the 3A090 metrics (fc_export.h)
   against the rule's text and published chip figures; one function per case. */
#include <math.h>
#include <string.h>
#include "fc.h"
#include "fc_test.h"

static void test_precision_table(void) {
  size_t i;
  /* IEEE 754 binary64/32/16 and bfloat16; TF32 is stored in 32-bit words; fp8 8, int4 4 */
  fc_test_int(fc_precision_bits("fp64"), 64, "fp64");
  fc_test_int(fc_precision_bits("fp32"), 32, "fp32");
  fc_test_int(fc_precision_bits("bf16"), 16, "bf16");
  fc_test_int(fc_precision_bits("fp16"), 16, "fp16");
  fc_test_int(fc_precision_bits("fp8"), 8, "fp8");
  fc_test_int(fc_precision_bits("FP8"), 0, "names are exact, lower case");
  fc_test_int(fc_precision_bits("fp12"), 0, "unknown precision");
  fc_test_int(fc_precision_bits(NULL), 0, "NULL");
  /* floating-point formats widest first, then integer formats widest first */
  for (i = 1; fc_precision_names[i]; i++)
    if ((fc_precision_names[i][0] == 'i') == (fc_precision_names[i - 1][0] == 'i'))
      fc_test_int(fc_precision_bits(fc_precision_names[i]) <= fc_precision_bits(fc_precision_names[i - 1]), 1,
                  "widest first within floats and within integers");
}

static void test_tpp(void) {
  double x;
  /* 88 FR 73458: 300 dense TFLOP/s at 16 bits = 4800, as 600 TOPS at 8 bits */
  fc_export_tpp(300, 16, &x);
  fc_test_rel(x, 4800, 0, "300 x 16 = 4800");
  fc_export_tpp(600, 8, &x);
  fc_test_rel(x, 4800, 0, "600 x 8 = 4800");
  fc_test_int(fc_export_tpp(-1, 16, &x), FC_EDOM, "negative TOPS");
  fc_test_int(fc_export_tpp(NAN, 16, &x), FC_EDOM, "NaN TOPS");
  fc_test_int(fc_export_tpp(1, 12, &x), FC_EDOM, "12 bits");
}

static void test_tpp_max(void) {
  /* H20 (FIGURES.md): 148 dense bf16, 296 fp8 -> max(2368, 2368) = 2368 */
  const double tops[2] = {148, 296}, bad[2] = {148, NAN};
  const int bits[2] = {16, 8};
  double x;
  size_t which = 9;
  fc_test_int(fc_export_tpp_max(tops, bits, 2, &x, &which), FC_OK, "max status");
  fc_test_rel(x, 2368, 0, "H20 TPP 2368");
  fc_test_int(which <= 1, 1, "an index");
  fc_test_int(fc_export_tpp_max(bad, bits, 2, &x, NULL), FC_EDOM, "a NaN entry");
  fc_test_int(fc_export_tpp_max(tops, bits, 0, &x, NULL), FC_EINVAL, "no entries");
}

static void test_density(void) {
  double x;
  /* H100: 15832 / 814 mm2 = 19.4496 (3A090.a: PD >= 5.92) */
  fc_export_performance_density(15832, 814, &x);
  fc_test_rel(x, 15832.0 / 814.0, 1e-15, "H100 PD");
  fc_test_int(fc_export_performance_density(1, 0, &x), FC_EDOM, "zero area");
  fc_test_int(fc_export_performance_density(-1, 1, &x), FC_EDOM, "negative TPP");
}

/* ---- the licence status by date and its premium (issue 21): the rules of
   models/export_rules.json in file order, by effective day ---- */
static const char *const rule_dates[] = {"2023-11-17", "2022-10-07", "2026-01-15", "2025-04-09", "2025-08-08"};
static const int general[] = {1, 1, 1, 0, 0};  /* no chip list */
static const int names_h20[] = {0, 0, 0, 1, 1}; /* the decisions naming the H20 */

static size_t at(const int *applies, const char *date) {
  double eff[5], day = NAN;
  size_t i, index = 99;
  for (i = 0; i < 5; i++) fc_price_date_days(rule_dates[i], &eff[i]);
  if (date) fc_price_date_days(date, &day);
  fc_export_rule_at(eff, applies, 5, day, &index);
  return index;
}

static void test_rule_at(void) {
  /* the general rule in force: none before 2022-10-07; the 2022 rule to 2023-11-16; the 2023 rule;
     the Jan 2026 case-by-case rule from 2026-01-15 (and without a date, the latest) */
  fc_test_int((int)at(general, "2022-10-06"), 5, "before any rule: none (index n)");
  fc_test_int((int)at(general, "2022-10-07"), 1, "the 2022 rule on its effective day");
  fc_test_int((int)at(general, "2023-11-16"), 1, "the 2022 rule the day before the 2023 rule");
  fc_test_int((int)at(general, "2023-11"), 1, "a month reads as its first day: still 2022's");
  fc_test_int((int)at(general, "2025-12-31"), 0, "the 2023 rule");
  fc_test_int((int)at(general, "2026-01-15"), 2, "the Jan 2026 rule");
  fc_test_int((int)at(general, NULL), 2, "no date: the latest");
  /* the H20: no decision before 2025-04-09, the licence requirement, then licences from 2025-08-08 */
  fc_test_int((int)at(names_h20, "2025-04-08"), 5, "H20: no decision yet");
  fc_test_int((int)at(names_h20, "2025-05"), 3, "H20: licence required (2025-04-09)");
  fc_test_int((int)at(names_h20, "2025-08-08"), 4, "H20: licensed (2025-08-08)");
  {
    double eff[2] = {0, NAN};
    int ap[2] = {1, 1};
    size_t index;
    fc_test_int(fc_export_rule_at(eff, ap, 2, NAN, &index), FC_EDOM, "a NaN effective day");
    fc_test_int(fc_export_rule_at(NULL, NULL, 0, NAN, &index), FC_OK, "no rules");
    fc_test_int((int)index, 0, "no rules: index n = 0");
  }
}

static void test_status_premium(void) {
  double x;
  int src;
  fc_test_int(fc_export_status("no licence required", 0), FC_LICENCE_NONE, "no licence");
  fc_test_int(fc_export_status("notified advanced computing (NAC)", 0), FC_LICENCE_NONE, "NAC: a notification");
  fc_test_int(fc_export_status("presumption of denial", 0), FC_LICENCE_DENIED, "presumption of denial");
  fc_test_int(fc_export_status("denied", 0), FC_LICENCE_DENIED, "denied");
  fc_test_int(fc_export_status("case-by-case", 0), FC_LICENCE_REQUIRED, "case by case");
  fc_test_int(fc_export_status("denied", 1), FC_LICENCE_DOMESTIC, "domestic: no US rule binds");
  /* the H100 in Guizhou since 2026-01-15: case by case, the rule's 25 % fee, not the +50 % grey
     market (issue 21: that premium alone made Guizhou +32 % dearer than Virginia) */
  fc_test_int(fc_export_premium(FC_LICENCE_REQUIRED, NAN, 0.5, 0.25, &x, &src), FC_OK, "licensed status");
  fc_test_rel(x, 0.25, 0, "the rule's fee");
  fc_test_int(src, FC_PREMIUM_RULE, "from the rule");
  /* the B200, denied: the region's grey-market premium, the chip's own before the default */
  fc_export_premium(FC_LICENCE_DENIED, NAN, 1.0, NAN, &x, &src);
  fc_test_rel(x, 1.0, 0, "denied: the region's default grey premium");
  fc_test_int(src, FC_PREMIUM_GREY_DEFAULT, "grey, default");
  fc_export_premium(FC_LICENCE_DENIED, 0.7, 1.0, NAN, &x, &src);
  fc_test_rel(x, 0.7, 0, "denied: the chip's own grey premium first");
  fc_test_int(src, FC_PREMIUM_GREY_CHIP, "grey, the chip's");
  /* none without a licence or domestically, whatever the region or the rule says */
  fc_export_premium(FC_LICENCE_NONE, 0.7, 1.0, 0.25, &x, &src);
  fc_test_int(x == 0.0 && src == FC_PREMIUM_NONE, 1, "no licence: no premium");
  fc_export_premium(FC_LICENCE_DOMESTIC, 0.7, 1.0, 0.25, &x, &src);
  fc_test_int(x == 0.0 && src == FC_PREMIUM_NONE, 1, "domestic: no premium");
  fc_test_int(fc_export_premium(FC_LICENCE_DENIED, -1.5, NAN, NAN, &x, &src), FC_EDOM, "a premium <= -100 %");
  fc_test_int(fc_export_premium(7, NAN, NAN, NAN, &x, &src), FC_EINVAL, "unknown status");
}

int main(void) {
  test_rule_at();
  test_status_premium();
  test_precision_table();
  test_tpp();
  test_tpp_max();
  test_density();
  return fc_test_summary("export");
}
