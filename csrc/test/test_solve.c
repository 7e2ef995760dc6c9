/* test_solve.c -- break-even and LP against closed forms and a textbook LP;
   one function per case. */
#include <math.h>
#include <string.h>
#include "fc.h"
#include "fc_test.h"
#include "fc_test_fixtures.h"

/* the H100 scenario of test_scenario.c (linear power 125 -> 700 W) */
static void h100(fc_scenario_params *p) {
  fc_fixture_h100(p);
  p->rental_usd_per_hour = 2.99;
}

static void test_lp(void) {
  double z, sol[3];
  /* Chvatal (1983), Linear Programming, ch. 2 example:
     max 5x1 + 4x2 + 3x3  s.t. 2x1 + 3x2 + x3 <= 5, 4x1 + x2 + 2x3 <= 11,
     3x1 + 4x2 + 2x3 <= 8, x >= 0.  Optimum x = (2, 0, 1), z = 13. */
  {
    const double c[3] = {5, 4, 3};
    const double A[9] = {2, 3, 1, 4, 1, 2, 3, 4, 2};
    const double bb[3] = {5, 11, 8};
    fc_test_int(fc_solve_lp_max(c, A, bb, 3, 3, sol, &z), FC_OK, "lp status");
    fc_test_rel(z, 13, 1e-12, "lp objective 13");
    fc_test_rel(sol[0], 2, 1e-12, "lp x1 = 2");
    fc_test_rel(sol[1], 0, 1e-12, "lp x2 = 0");
    fc_test_rel(sol[2], 1, 1e-12, "lp x3 = 1");
  }
  /* unbounded: max x1 with x1 - x2 <= 1 */
  {
    const double c[2] = {1, 0}, A[2] = {1, -1}, bb[1] = {1};
    fc_test_int(fc_solve_lp_max(c, A, bb, 1, 2, sol, &z), FC_ERANGE, "lp unbounded");
  }
}

static void test_breakeven(void) {
  double x;
  int iters;
  fc_scenario_params pa, pb;
  double one = 1.0;
  fc_mix a, b;
  fc_breakeven_spec spec;
  const char *bad;
  /* Break-even utilization of owning vs renting on demand. With linear power,
     cost/h(u) = fixed + k (125 + 575 u) c where k = 1.82 x 1.25 / 1000 and
     c = $0.0892 + 0.8 x 0.35 kg x $50/t = $0.1032 per kWh;
     fixed = capex + facility + opex = 1.735447 + 0.173191 + 0.264912 $/h.
     Owned $/FLOP = cost/h(u) / (F u), on-demand cloud = 2.99 / F, so
     u* = (fixed + 125 k c) / (2.99 - 575 k c) = 0.771592 */
  h100(&pa);
  a.members = &pa; a.counts = &one; a.n = 1; a.coupling = FC_COUPLING_POOLED; a.penalty = 0;
  memset(&spec, 0, sizeof spec);
  spec.field = fc_scenario_field_index("utilization");
  spec.vary = FC_VARY_BOTH;
  spec.output_a = fc_scenario_result_index("usd_per_eflop");
  spec.output_b = fc_scenario_result_index("cloud_usd_per_eflop");
  spec.lo = 0.2; spec.hi = 1.0;
  fc_test_int(fc_solve_breakeven(&a, &a, &spec, &x, &iters, &bad), FC_OK, "breakeven status");
  fc_test_rel(x, 0.7715917010, 1e-8, "owning beats renting above u = 0.7716");

  /* Electricity price at which A (chip $30k) costs what B (chip $35k at
     $0.0892/kWh) costs: only A's price varies; cost is linear in it, so
     x = (costB x F_A / 1e18 - nonenergy_A) / (kWh_A/h) with kWh_A/h = 1.330875 and
     nonenergy_A = total_A - 1.330875 x 0.0892 at the base price. */
  {
    fc_scenario_result ra, rb;
    double xe;
    h100(&pa); h100(&pb);
    pb.chip_price_usd = 35000;
    fc_scenario_eval(&pa, &ra, NULL);
    fc_scenario_eval(&pb, &rb, NULL);
    xe = (rb.usd_per_eflop * ra.useful_flop_per_h / 1e18 -
          (ra.total_usd_per_h - ra.energy_usd_per_h)) / ra.kwh_per_h;
    b = a; b.members = &pb;
    spec.field = fc_scenario_field_index("electricity_usd_per_kwh");
    spec.vary = FC_VARY_A;
    spec.output_b = fc_scenario_result_index("usd_per_eflop");
    spec.lo = 0.0; spec.hi = 10.0;
    fc_test_int(fc_solve_breakeven(&a, &b, &spec, &x, &iters, &bad), FC_OK, "price breakeven status");
    fc_test_rel(x, xe, 1e-8, "electricity break-even matches the linear closed form");
    fc_test_int(xe > 0.0892, 1, "the cheaper chip tolerates dearer power");
  }
  /* no sign change -> EDOM */
  spec.lo = 5.0; spec.hi = 10.0;
  fc_test_int(fc_solve_breakeven(&a, &b, &spec, &x, &iters, &bad), FC_EDOM, "no break-even in bracket");
}

static void test_mix(void) {
  const char *bad;
  /* Mix: two chips, A: $30k H100, B: half the price and half the FLOP.
     Budget $60,740.74 x 10 buys 10 A-servers; B costs half as much per
     accelerator and gives half the FLOP, so FLOP per dollar is equal; add a
     power limit that A uses less of per FLOP -> the LP must prefer A. */
  {
    fc_scenario_params c2[2];
    double avail[2] = {-1, -1}, counts[2], flop, usd;
    fc_scenario_result ra;
    h100(&c2[0]); h100(&c2[1]);
    c2[1].chip_price_usd = 15000; c2[1].peak_flops_per_s = 989.5e12 / 2;
    fc_scenario_eval(&c2[0], &ra, NULL);
    /* power only: 100 kW; A draws 700 x 1.82 x 1.25 = 1.5925 kW at full load,
       B the same: A gives twice the FLOP per kW -> all A: 100/1.5925 = 62.79 */
    fc_test_int(fc_solve_mix(c2, 2, avail, 0, 100, counts, &flop, &usd, NULL, &bad), FC_OK, "mix status");
    fc_test_rel(counts[0], 100 / 1.5925, 1e-9, "power-bound mix takes all A");
    fc_test_rel(counts[1], 0, 1e-9, "and no B");
    fc_test_rel(flop, 100 / 1.5925 * ra.useful_flop_per_h, 1e-9, "mix FLOP/h");
    /* availability caps A at 20: the rest of the power goes to B:
       (100 - 20 x 1.5925) / 1.5925 = 42.79 B */
    avail[0] = 20;
    fc_solve_mix(c2, 2, avail, 0, 100, counts, &flop, &usd, NULL, &bad);
    fc_test_rel(counts[0], 20, 1e-9, "A capped by availability");
    fc_test_rel(counts[1], (100 - 20 * 1.5925) / 1.5925, 1e-9, "B fills the power");
    /* no limit at all -> unbounded */
    avail[0] = -1;
    fc_test_int(fc_solve_mix(c2, 2, avail, 0, 0, counts, &flop, &usd, NULL, &bad), FC_ERANGE, "no limit");
  }
}

int main(void) {
  test_lp();
  test_breakeven();
  test_mix();
  return fc_test_summary("solve");
}
