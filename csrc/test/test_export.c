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

int main(void) {
  test_precision_table();
  test_tpp();
  test_tpp_max();
  test_density();
  return fc_test_summary("export");
}
