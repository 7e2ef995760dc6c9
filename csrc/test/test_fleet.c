/* test_fleet.c -- survival curves and the cohort stock (fc_fleet.h) by hand;
   one function per case. */
#include <math.h>
#include "fc.h"
#include "fc_test.h"

static void test_survival(void) {
  double s;
  fc_fleet_survival(FC_SURVIVAL_STEP, 4, 0, 3.5, &s);
  fc_test_rel(s, 1, 0, "step: alive before its life");
  fc_fleet_survival(FC_SURVIVAL_STEP, 4, 0, 4.5, &s);
  fc_test_rel(s, 0, 0, "step: retired after");
  fc_fleet_survival(FC_SURVIVAL_EXPONENTIAL, 4, 0, 2, &s);
  fc_test_rel(s, exp(-0.5), 1e-15, "exponential: e^(-2/4)");
  /* Weibull scale 4, shape 2 at 2 years: exp(-(1/2)^2) = e^-0.25 */
  fc_fleet_survival(FC_SURVIVAL_WEIBULL, 4, 2, 2, &s);
  fc_test_rel(s, exp(-0.25), 1e-15, "Weibull shape 2");
  fc_test_int(fc_fleet_survival(FC_SURVIVAL_WEIBULL, 4, 0, 2, &s), FC_EDOM, "Weibull shape 0");
  fc_test_int(fc_fleet_survival(FC_SURVIVAL_STEP, 0, 0, 1, &s), FC_EDOM, "life 0");
}

static void test_stock_step(void) {
  /* 100 units of 1 FLOP/s in year 0, 200 of 2 in year 1, 50 of 4 in year 2; life 2 y (step):
     end of year 0: 100 (age 0.5); year 1: 100 (1.5) + 400 (0.5) = 500;
     year 2: the first cohort is 2.5 > 2: 400 + 200 = 600 */
  const double units[3] = {100, 200, 50}, fpu[3] = {1, 2, 4};
  double stock[3];
  fc_test_int(fc_fleet_stock(units, fpu, 3, FC_SURVIVAL_STEP, 2, 0, stock), FC_OK, "stock status");
  fc_test_rel(stock[0], 100, 0, "year 0");
  fc_test_rel(stock[1], 500, 0, "year 1");
  fc_test_rel(stock[2], 600, 0, "year 2");
}

static void test_stock_exponential(void) {
  /* life 2 y: year 1 = 100 e^-0.75 + 400 e^-0.25 */
  const double units[2] = {100, 200}, fpu[2] = {1, 2};
  double stock[2];
  fc_fleet_stock(units, fpu, 2, FC_SURVIVAL_EXPONENTIAL, 2, 0, stock);
  fc_test_rel(stock[1], 100 * exp(-0.75) + 400 * exp(-0.25), 1e-14, "exponential cohorts");
}

static void test_stock_bad(void) {
  const double units[2] = {100, -1}, fpu[2] = {1, 2};
  double stock[2];
  fc_test_int(fc_fleet_stock(units, fpu, 2, FC_SURVIVAL_STEP, 2, 0, stock), FC_EDOM, "negative units");
  fc_test_int(fc_fleet_stock(NULL, fpu, 2, FC_SURVIVAL_STEP, 2, 0, stock), FC_EINVAL, "NULL units");
}

int main(void) {
  test_survival();
  test_stock_step();
  test_stock_exponential();
  test_stock_bad();
  return fc_test_summary("fleet");
}
