/* test_yield.c -- dies per wafer, yield models, packages and the chiplet
   comparison against hand calculations; one function per case. */
#include <math.h>
#include <string.h>
#include "fc.h"
#include "fc_test.h"

static void test_dies_per_wafer(void) {
  double x;
  /* 814 mm^2 on 300 mm: pi 150^2 / 814 - pi 300 / sqrt(1628) = 86.838 - 23.359 = 63.479 */
  fc_yield_dies_per_wafer(300, 814, 0, 0, 0, 0, &x);
  fc_test_rel(x, 63.47918981429819, 1e-12, "DPW 814 mm2");
  /* 5 mm edge exclusion, 0.2 mm scribe: d = 290, A = (sqrt(814) + 0.2)^2 -> 57.596 */
  fc_yield_dies_per_wafer(300, 814, 0, 0, 5, 0.2, &x);
  fc_test_rel(x, 57.59649795015956, 1e-12, "DPW with edge exclusion and scribe");
  fc_test_int(fc_yield_dies_per_wafer(300, 814, 0, 0, 150, 0, &x), FC_EDOM, "edge eats the wafer");
}

static void test_yield_models(void) {
  double y;
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
  fc_test_int(fc_yield_die_yield(FC_YIELD_NEGATIVE_BINOMIAL, 814, 0.1, 0, &y), FC_EDOM, "alpha 0");
}

static void test_yield_limits(void) {
  double x, y;
  int i;
  /* NB -> Poisson as alpha -> inf; Bose-Einstein n = 1 = Seeds */
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
    fc_test_int(p0 < m && m < s, 1, "Poisson < Murphy < Seeds");
  }
}

static void test_cost_per_good_die(void) {
  double x, y;
  /* 665 mm^2 on 300 mm -> 80 whole dies; at 20 % yield a $13,000 wafer gives
     13000 / (80 x 0.2) = $812.50 per good die; 60 %: $270.83 */
  fc_yield_dies_per_wafer(300, 665, 0, 0, 0, 0, &x);
  fc_test_int((long long)floor(x), 80, "80 whole 665 mm2 dies");
  fc_yield_cost_per_good_die(13000, floor(x), 0.2, &y);
  fc_test_rel(y, 812.5, 1e-12, "cost per good die at 20 %");
  fc_yield_cost_per_good_die(13000, floor(x), 0.6, &y);
  fc_test_rel(y, 270.8333333333333, 1e-12, "cost per good die at 60 %");
}

static void test_hbm_stack(void) {
  double y;
  /* 8 dies at 0.99 with 0.995 per bond: 0.99^8 x 0.995^7 = 0.89045 */
  fc_yield_hbm_stack(0.99, 8, 0.995, &y);
  fc_test_rel(y, pow(0.99, 8) * pow(0.995, 7), 1e-15, "HBM stack yield");
}

static void test_package(void) {
  fc_package_spec p;
  fc_package_result r;
  /* one 665 mm2 die at 50 % on a $13,000 wafer (80 dies -> $325 KGD),
     4 HBM stacks at $200, no interposer, substrate $50, assembly $30, bonding
     0.99 per attach (5 attaches -> 0.95099), test $20:
     parts = 325 + 800 + 50 + 30 = 1205; total = 1205 / 0.99^5 + 20 = 1287.11 */
  memset(&p, 0, sizeof p);
  p.n_dies = 1;
  p.dies[0].wafer_cost_usd = 13000; p.dies[0].wafer_diameter_mm = 300;
  p.dies[0].die_area_mm2 = 665; p.dies[0].model = FC_YIELD_POISSON;
  p.dies[0].yield_override = 0.5; p.dies[0].count = 1;
  p.hbm_stacks = 4; p.hbm_stack_cost_usd = 200; p.interposer_alpha = FC_INTERPOSER_ALPHA;
  p.substrate_usd = 50; p.assembly_usd = 30; p.bonding_yield = 0.99; p.test_usd = 20;
  fc_test_int(fc_yield_package(&p, &r, NULL), FC_OK, "package status");
  fc_test_rel(r.logic_usd, 325, 1e-12, "KGD cost");
  fc_test_rel(r.bonding_yield, pow(0.99, 5), 1e-15, "bonding yield over 5 attaches");
  fc_test_rel(r.total_usd, 1205 / pow(0.99, 5) + 20, 1e-12, "package cost");
}

/* 800 mm2 of logic at D0 0.3, NB alpha 3, $17,000 wafers, bonding 0.99,
   substrate $50, interposer $0.1/mm2 (no interposer defects):
   monolithic: DPW floor(pi 150^2/800 - pi 300/sqrt(1600)) = floor(64.795) = 64,
     yield (1 + 8 x 0.3/3)^-3 = 1.8^-3 = 0.171468, KGD 17000/(64 x 0.171468) = 1549.125,
     interposer 800 x 3 x 0.1 = 240; (1549.125 + 50 + 240)/0.99 = 1857.7020
   2 chiplets of 800/2 x 1.1 = 440 mm2: DPW floor(160.65 - 31.77) = 128,
     yield 1.44^-3 = 0.334898, KGD 17000/(128 x 0.334898) = 396.576,
     interposer 880 x 3 x 0.1 = 264; (2 x 396.576 + 50 + 264)/0.99^2 = 1129.6317
   ratio 0.6080801 */
static void fill_chiplet_case(fc_chiplet_spec *s) {
  fc_yield_chiplet_defaults(s);
  s->total_area_mm2 = 800;
  s->package.dies[0].wafer_cost_usd = 17000;
  s->package.dies[0].model = FC_YIELD_NEGATIVE_BINOMIAL;
  s->package.dies[0].defect_density_per_cm2 = 0.3;
  s->package.dies[0].model_param = 3;
  s->package.bonding_yield = 0.99;
  s->package.substrate_usd = 50;
  s->package.interposer_usd_per_mm2 = 0.1;
}

static void test_chiplet_compare(void) {
  fc_chiplet_spec s;
  fc_chiplet_result r;
  fill_chiplet_case(&s);
  fc_test_int(fc_yield_chiplet_compare(&s, &r, NULL), FC_OK, "chiplet status");
  fc_test_rel(r.chiplet_area_mm2, 440, 1e-15, "chiplet area 800/2 x 1.1");
  fc_test_rel(r.monolithic.dies_per_wafer[0], 64, 0, "monolithic whole dies");
  fc_test_rel(r.chiplet.dies_per_wafer[0], 128, 0, "chiplet whole dies");
  fc_test_rel(r.monolithic.logic_usd, 1549.125, 1e-12, "monolithic KGD");
  fc_test_rel(r.chiplet.logic_usd, 2 * 396.576, 1e-12, "two chiplet KGDs");
  fc_test_rel(r.monolithic.interposer_usd, 240, 1e-12, "monolithic interposer 800 x 3 x 0.1");
  fc_test_rel(r.chiplet.interposer_usd, 264, 1e-12, "chiplet interposer 880 x 3 x 0.1");
  fc_test_rel(r.monolithic.total_usd, 1857.7020202020199, 1e-12, "monolithic package");
  fc_test_rel(r.chiplet.total_usd, 1129.631670237731, 1e-12, "chiplet package");
  fc_test_rel(r.ratio, 0.608080121544405, 1e-12, "ratio");
}

static void test_chiplet_low_defects(void) {
  fc_chiplet_spec s;
  fc_chiplet_result r;
  /* at D0 0.001 the yields are ~1: the chiplets' 10 % extra area, extra
     bond and larger interposer cost more than one die (ratio > 1) */
  fill_chiplet_case(&s);
  s.package.dies[0].defect_density_per_cm2 = 0.001;
  fc_yield_chiplet_compare(&s, &r, NULL);
  fc_test_int(r.ratio > 1.0, 1, "chiplets lose at low D0");
}

static void test_chiplet_bad_input(void) {
  fc_chiplet_spec s;
  fc_chiplet_result r;
  const char *bad = NULL;
  fill_chiplet_case(&s);
  s.chiplets = 1;
  fc_test_int(fc_yield_chiplet_compare(&s, &r, &bad), FC_EDOM, "one chiplet");
  fc_test_int(bad && strcmp(bad, "chiplets") == 0, 1, "names 'chiplets'");
  s.chiplets = 2.5;
  fc_test_int(fc_yield_chiplet_compare(&s, &r, &bad), FC_EDOM, "2.5 chiplets");
  fill_chiplet_case(&s);
  s.d2d_overhead = NAN;
  fc_test_int(fc_yield_chiplet_compare(&s, &r, &bad), FC_EDOM, "NaN overhead");
  fc_test_int(bad && strcmp(bad, "d2d_overhead") == 0, 1, "names 'd2d_overhead'");
  fill_chiplet_case(&s);
  s.interposer_area_factor = 0.5;
  fc_test_int(fc_yield_chiplet_compare(&s, &r, &bad), FC_EDOM, "interposer smaller than its dies");
  fill_chiplet_case(&s);
  s.total_area_mm2 = 1e6;
  fc_test_int(fc_yield_chiplet_compare(&s, &r, &bad), FC_EDOM, "a die larger than the wafer");
  fc_test_int(bad && strcmp(bad, "die_area_mm2") == 0, 1, "names 'die_area_mm2'");
  fc_test_int(fc_yield_chiplet_compare(NULL, &r, &bad), FC_EINVAL, "NULL spec");
}

static void test_chiplet_defaults_sourced(void) {
  size_t i, n = fc_yield_chiplet_default_count();
  fc_test_int((long long)n, 3, "three defaults");
  for (i = 0; i < n; i++) {
    const char *name, *src;
    double v, lo, hi;
    fc_yield_chiplet_default(i, &name, &v, &lo, &hi, &src);
    fc_test_int(lo <= v && v <= hi, 1, name);
    fc_test_int(src && strlen(src) > 20, 1, "a source");
  }
  fc_test_int(fc_yield_chiplet_default(n, NULL, NULL, NULL, NULL, NULL), FC_EINVAL, "past the end");
}

int main(void) {
  test_dies_per_wafer();
  test_yield_models();
  test_yield_limits();
  test_cost_per_good_die();
  test_hbm_stack();
  test_package();
  test_chiplet_compare();
  test_chiplet_low_defects();
  test_chiplet_bad_input();
  test_chiplet_defaults_sourced();
  return fc_test_summary("yield");
}
