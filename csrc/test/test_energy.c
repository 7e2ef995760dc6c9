/* test_energy.c -- power curves and energy against hand calculations and the
   measured H100 curve (shared/reference/h100_measured.json, 2026); one function
   per case. */
#include <math.h>
#include "fc.h"
#include "fc_test.h"

/* H100 SXM board power vs duty cycle, NVML means: idle .. 100 % */
static const double U[5] = {0, 0.25, 0.5, 0.75, 1.0};
static const double W[5] = {124.94241517857142, 330.47408333333334, 509.5659302325581,
                            637.3679568106312, 691.500950166113};

static void test_curve_knots_and_shape(void) {
  fc_power_curve *c;
  double x, prev = 0;
  int st, i, monotone = 1;
  c = fc_energy_curve_alloc(U, W, 5, &st);
  fc_test_int(st, FC_OK, "curve alloc");
  for (i = 0; i < 5; i++) {
    fc_energy_curve_eval(c, U[i], &x);
    fc_test_rel(x, W[i], 1e-12, "curve reproduces its knots");
  }
  for (i = 0; i <= 100; i++) {
    fc_energy_curve_eval(c, i / 100.0, &x);
    if (x < prev) monotone = 0;
    prev = x;
  }
  fc_test_int(monotone, 1, "Steffen interpolation is monotone");
  /* concave data stay above the chord: chord at 0.6 = 509.566 + 0.4 x (637.368 - 509.566) = 560.687 */
  fc_energy_curve_eval(c, 0.6, &x);
  fc_test_int(x > 560.687 && x < 637.368, 1, "0.6 lies above the chord and below the next knot");
  fc_test_int(fc_energy_curve_eval(c, 1.2, &x), FC_EDOM, "utilization 1.2 is EDOM");
  fc_test_int(fc_energy_curve_eval(c, NAN, &x), FC_EDOM, "NaN utilization is EDOM");
  fc_energy_curve_free(c);
}

static void test_curve_bad(void) {
  const double bad_u[3] = {0, 0.5, 0.5};
  int st;
  fc_test_int(fc_energy_curve_alloc(bad_u, W, 3, &st) == NULL && st == FC_EDOM, 1, "repeated utilization rejected");
  fc_test_int(fc_energy_curve_alloc(U, W, 1, &st) == NULL && st == FC_EINVAL, 1, "one point rejected");
}

static void test_linear(void) {
  const double u2[2] = {0, 1}, w2[2] = {100, 500};
  double x;
  int st;
  fc_power_curve *c = fc_energy_curve_alloc(u2, w2, 2, &st);
  fc_energy_curve_eval(c, 0.25, &x);
  fc_test_rel(x, 200, 1e-12, "two-point curve is linear");
  fc_energy_curve_free(c);
  fc_energy_linear_power_w(125, 700, 0.8, &x);
  fc_test_rel(x, 585, 1e-12, "idle + (TDP - idle) u = 125 + 575 x 0.8");
}

static void test_compute(void) {
  fc_energy_params p;
  fc_energy_result r;
  const char *bad;
  /* 1,000 H100-hours at 700 W x 1.82 x PUE 1.25 = 1592.5 kWh; x $0.0892 = $142.051;
     carbon: 1592.5 x 0.8 x 0.5306 kg = 675.98 kg; x $50/t = $33.799 */
  p.chip_hours = 1000; p.power_w = 700; p.server_power_multiple = 1.82; p.pue = 1.25;
  p.price_per_kwh = 0.0892; p.green_share = 0.2; p.grid_kg_co2_per_kwh = 0.5306;
  p.carbon_price_per_t = 50;
  fc_test_int(fc_energy_compute(&p, &r, &bad), FC_OK, "compute status");
  fc_test_rel(r.it_kwh, 1274, 1e-12, "IT kWh");
  fc_test_rel(r.kwh, 1592.5, 1e-12, "kWh");
  fc_test_rel(r.cost, 142.051, 1e-9, "cost");
  fc_test_rel(r.kg_co2, 675.9844, 1e-9, "kg CO2");
  fc_test_rel(r.carbon_cost, 33.79922, 1e-9, "carbon cost");
  /* Epoch: TDP x k_srv x 0.75 x PUE x chip-hours = 700 x 1.82 x 0.75 x 1.25 x 1000 / 1000 */
  p.power_w = 0.75 * 700;
  fc_energy_compute(&p, &r, NULL);
  fc_test_rel(r.kwh, 1194.375, 1e-12, "Epoch's energy formula");
  p.pue = 0.9;
  fc_test_int(fc_energy_compute(&p, &r, &bad), FC_EDOM, "PUE below 1");
  fc_test_int(bad && bad[0] == 'p' && bad[1] == 'u', 1, "bad field is pue");
}

int main(void) {
  test_curve_knots_and_shape();
  test_curve_bad();
  test_linear();
  test_compute();
  return fc_test_summary("energy");
}
