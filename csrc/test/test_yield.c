/* test_yield.c -- dies per wafer and yield models against hand calculations. */
#include <math.h>
#include "fc.h"
#include "fc_test.h"

int main(void) {
  double x, y;
  fc_package_spec p;
  fc_package_result r;
  int i;

  /* 814 mm^2 on 300 mm: pi 150^2 / 814 - pi 300 / sqrt(1628) = 86.838 - 23.359 = 63.479 */
  fc_yield_dies_per_wafer(300, 814, 0, 0, 0, 0, &x);
  fc_test_rel(x, 63.47918981429819, 1e-12, "DPW 814 mm2");
  /* 5 mm edge exclusion, 0.2 mm scribe: d = 290, A = (sqrt(814) + 0.2)^2 -> 57.596 */
  fc_yield_dies_per_wafer(300, 814, 0, 0, 5, 0.2, &x);
  fc_test_rel(x, 57.59649795015956, 1e-12, "DPW with edge exclusion and scribe");
  fc_test_int(fc_yield_dies_per_wafer(300, 814, 0, 0, 150, 0, &x), FC_EDOM, "edge eats the wafer");

  /* A = 8.14 cm^2, D0 = 0.1: AD = 0.814 */
  fc_yield_die_yield(FC_YIELD_POISSON, 814, 0.1, 0, &y);
  fc_test_rel(y, 0.44308218808216776, 1e-12, "Poisson exp(-0.814)");
  fc_yield_die_yield(FC_YIELD_MURPHY, 814, 0.1, 0, &y);
  fc_test_rel(y, 0.4680943579969482, 1e-12, "Murphy ((1 - e^-0.814)/0.814)^2");
  fc_yield_die_yield(FC_YIELD_SEEDS, 814, 0.1, 0, &y);
  fc_test_rel(y, 0.5512679162072767, 1e-12, "Seeds 1/1.814");
  fc_yield_die_yield(FC_YIELD_MOORE, 814, 0.1, 0, &y);
  fc_test_rel(y, 0.4056682849438088, 1e-12, "Moore exp(-sqrt(0.814))");
  fc_yield_die_yield(FC_YIELD_BOSE_EINSTEIN, 814, 0.1, 3, &y);
  fc_test_rel(y, 0.16752828855540963, 1e-12, "Bose-Einstein n = 3");
  fc_yield_die_yield(FC_YIELD_NEGATIVE_BINOMIAL, 814, 0.1, 10, &y);
  fc_test_rel(y, 0.4572317158770323, 1e-12, "negative binomial alpha 10");
  /* limits: NB -> Poisson as alpha -> inf; Bose-Einstein n = 1 = Seeds */
  fc_yield_die_yield(FC_YIELD_NEGATIVE_BINOMIAL, 814, 0.1, 1e9, &y);
  fc_test_rel(y, 0.44308218808216776, 1e-7, "NB alpha 1e9 -> Poisson");
  fc_yield_die_yield(FC_YIELD_BOSE_EINSTEIN, 814, 0.1, 1, &x);
  fc_yield_die_yield(FC_YIELD_SEEDS, 814, 0.1, 0, &y);
  fc_test_rel(x, y, 1e-15, "Bose-Einstein n = 1 is Seeds");
  /* Murphy lies between Poisson and Seeds for every AD (Murphy 1964) */
  for (i = 1; i <= 20; i++) {
    double p0, m, s;
    fc_yield_die_yield(FC_YIELD_POISSON, 100.0 * i, 0.2, 0, &p0);
    fc_yield_die_yield(FC_YIELD_MURPHY, 100.0 * i, 0.2, 0, &m);
    fc_yield_die_yield(FC_YIELD_SEEDS, 100.0 * i, 0.2, 0, &s);
    if (!(p0 < m && m < s)) fc_test_int(0, 1, "Poisson < Murphy < Seeds");
  }
  fc_test_int(fc_yield_die_yield(FC_YIELD_NEGATIVE_BINOMIAL, 814, 0.1, 0, &y), FC_EDOM, "alpha 0");

  /* 665 mm^2 on 300 mm -> 80 whole dies; at 20 % yield a $13,000 wafer gives
     13000 / (80 x 0.2) = $812.50 per good die; 40 %: $406.25; 60 %: $270.83 */
  fc_yield_dies_per_wafer(300, 665, 0, 0, 0, 0, &x);
  fc_test_int((long long)floor(x), 80, "80 whole 665 mm2 dies");
  fc_yield_cost_per_good_die(13000, floor(x), 0.2, &y);
  fc_test_rel(y, 812.5, 1e-12, "cost per good die at 20 %");
  fc_yield_cost_per_good_die(13000, floor(x), 0.6, &y);
  fc_test_rel(y, 270.8333333333333, 1e-12, "cost per good die at 60 %");

  /* HBM stack: 8 dies at 0.99 with 0.995 per bond: 0.99^8 x 0.995^7 = 0.89045 */
  fc_yield_hbm_stack(0.99, 8, 0.995, &y);
  fc_test_rel(y, pow(0.99, 8) * pow(0.995, 7), 1e-15, "HBM stack yield");

  /* package: one 665 mm2 die at 50 % on a $13,000 wafer (80 dies -> $325 KGD),
     4 HBM stacks at $200, no interposer, substrate $50, assembly $30, bonding
     0.99 per attach (5 attaches -> 0.95099), test $20:
     parts = 325 + 800 + 50 + 30 = 1205; total = 1205 / 0.99^5 + 20 = 1287.11 */
  p.n_dies = 1;
  p.dies[0].wafer_cost_usd = 13000; p.dies[0].wafer_diameter_mm = 300;
  p.dies[0].edge_exclusion_mm = 0; p.dies[0].scribe_mm = 0; p.dies[0].die_area_mm2 = 665;
  p.dies[0].defect_density_per_cm2 = 0; p.dies[0].model = FC_YIELD_POISSON;
  p.dies[0].model_param = 0; p.dies[0].yield_override = 0.5; p.dies[0].count = 1;
  p.hbm_stacks = 4; p.hbm_stack_cost_usd = 200; p.interposer_area_mm2 = 0;
  p.interposer_usd_per_mm2 = 0; p.interposer_defect_density_per_cm2 = 0; p.interposer_alpha = 6;
  p.substrate_usd = 50; p.assembly_usd = 30; p.bonding_yield = 0.99; p.test_usd = 20;
  fc_test_int(fc_yield_package(&p, &r, NULL), FC_OK, "package status");
  fc_test_rel(r.logic_usd, 325, 1e-12, "KGD cost");
  fc_test_rel(r.bonding_yield, pow(0.99, 5), 1e-15, "bonding yield over 5 attaches");
  fc_test_rel(r.total_usd, 1205 / pow(0.99, 5) + 20, 1e-12, "package cost");
  return fc_test_summary("yield");
}
