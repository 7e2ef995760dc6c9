/* test_finance.c -- fc_finance against hand calculations and published tables;
   one function per case. */
#include <math.h>
#include "fc.h"
#include "fc_test.h"

static void test_crf(void) {
  double x;
  /* CRF(8 %, 5 y) = 0.08 / (1 - 1.08^-5) = 0.08 / 0.319417 = 0.250456 */
  fc_test_int(fc_finance_crf(0.08, 5, &x), FC_OK, "crf status");
  fc_test_rel(x, 0.2504564545, 1e-9, "crf(0.08, 5)");
  fc_finance_crf(0.0, 4, &x);
  fc_test_rel(x, 0.25, 1e-15, "crf(0, 4) = 1/4");
  /* 10 %, 30 y: 0.1 / (1 - 1.1^-30) = 0.106079 (standard annuity table) */
  fc_finance_crf(0.10, 30, &x);
  fc_test_rel(x, 0.1060792482, 1e-9, "crf(0.10, 30)");
  fc_test_int(fc_finance_crf(-1.0, 5, &x), FC_EDOM, "crf rate -1 is EDOM");
  fc_test_int(fc_finance_crf(0.05, 0, &x), FC_EDOM, "crf years 0 is EDOM");
  fc_test_int(fc_finance_crf(NAN, 5, &x), FC_EDOM, "crf NaN is EDOM");
}

static void test_wacc(void) {
  fc_wacc_params w;
  /* WACC: 60 % debt at 5 %, equity 10 %, tax 25 %, inflation 2.5 %:
     nominal = 0.4*0.10 + 0.6*0.05*0.75 = 0.0625; real = 1.0625/1.025 - 1 = 0.036585 */
  w.debt_fraction = 0.6; w.cost_of_debt = 0.05; w.cost_of_equity = 0.10;
  w.tax_rate = 0.25; w.inflation = 0.025;
  {
    double nom, real;
    fc_test_int(fc_finance_wacc(&w, &nom, &real), FC_OK, "wacc status");
    fc_test_rel(nom, 0.0625, 1e-12, "wacc nominal");
    fc_test_rel(real, 0.03658536585, 1e-9, "wacc real");
    w.debt_fraction = 1.5;
    fc_test_int(fc_finance_wacc(&w, &nom, &real), FC_EDOM, "wacc debt share > 1");
  }
}

static void test_depreciation(void) {
  double sched[8];
  /* MACRS 5-year, IRS Pub 946 Table A-1 */
  fc_finance_depreciation(FC_DEP_MACRS_5, 0, 0, sched, 7);
  fc_test_rel(sched[1], 0.32, 1e-12, "macrs5 year 2");
  fc_test_rel(sched[5], 0.0576, 1e-12, "macrs5 year 6");
  fc_test_rel(sched[6], 0.0, 1e-12, "macrs5 year 7");
  /* straight line 2.5 years: 0.4, 0.4, 0.2, 0 */
  fc_finance_depreciation(FC_DEP_STRAIGHT_LINE, 2.5, 0, sched, 4);
  fc_test_rel(sched[0], 0.4, 1e-12, "sl year 1");
  fc_test_rel(sched[2], 0.2, 1e-12, "sl year 3 partial");
  fc_test_rel(sched[3], 0.0, 1e-12, "sl year 4");
  /* double declining, 5 y: 0.4, 0.24, 0.144, then SL over 2 y of 0.216: 0.108, 0.108 */
  fc_finance_depreciation(FC_DEP_DECLINING_BALANCE, 5, 2, sched, 5);
  fc_test_rel(sched[0], 0.4, 1e-12, "ddb year 1");
  fc_test_rel(sched[2], 0.144, 1e-12, "ddb year 3");
  fc_test_rel(sched[3], 0.108, 1e-12, "ddb year 4 switches to SL");
  fc_test_rel(sched[4], 0.108, 1e-12, "ddb year 5");
  /* price decline 0.14 OOM/y: year 1 = 1 - 10^-0.14 = 0.275557 */
  fc_finance_depreciation(FC_DEP_PRICE_DECLINE, 0, 0, sched, 2);
  fc_test_rel(sched[0], 1.0 - pow(10.0, -0.14), 1e-12, "price decline year 1");
  fc_test_rel(sched[0], 0.275564, 1e-5, "price decline year 1 (hand value: 1 - 0.724436)");
}

static void test_residual_npv_epoch(void) {
  double x;
  /* residual after 3 y straight line over 5 y = 0.4; after 2.5 y = 0.5 */
  fc_finance_residual(FC_DEP_STRAIGHT_LINE, 5, 0, 3, &x);
  fc_test_rel(x, 0.4, 1e-12, "residual sl 3/5");
  fc_finance_residual(FC_DEP_STRAIGHT_LINE, 5, 0, 2.5, &x);
  fc_test_rel(x, 0.5, 1e-12, "residual sl 2.5/5");
  fc_finance_residual(FC_DEP_PRICE_DECLINE, 0, 0, 5, &x);
  fc_test_rel(x, pow(10.0, -0.7), 1e-12, "residual price decline 5 y");

  /* NPV of -100, 60, 60 at 10 %: -100 + 54.5454 + 49.5868 = 4.1322 */
  {
    double cf[3] = {-100, 60, 60};
    fc_finance_npv(0.10, cf, 3, &x);
    fc_test_rel(x, 4.132231405, 1e-9, "npv");
  }
  /* Epoch: $30,000 x 0.14 ln 10 / 8766 = $1.10327 per hour (32.2 %/y) */
  fc_finance_epoch_hourly(30000, 0, &x);
  fc_test_rel(x, 30000 * 0.3223619 / 8766, 1e-6, "epoch hourly");
}

int main(void) {
  test_crf();
  test_wacc();
  test_depreciation();
  test_residual_npv_epoch();
  return fc_test_summary("finance");
}
