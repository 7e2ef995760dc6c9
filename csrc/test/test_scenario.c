/* test_scenario.c -- the cost chain against a hand calculation.
**
** H100 SXM, $30,000; S = 1.64; network 19 %; WACC 8 %; 5 y chips, 20 y facility.
**  cluster capex = 30000 x 1.64 / 0.81 = 60,740.74
**  CRF(8 %, 5) = 0.2504565; CRF(8 %, 20) = 0.1018522
**  chip     = 30000 x 0.2504565 / 8766             = 0.857141 $/h
**  server   = 30000 x 0.64 x 0.2504565 / 8766      = 0.548570 $/h
**  network  = (60740.74 - 49200) x 0.2504565 / 8766 = 0.329735 $/h
**  facility = 11700 $/kW x (700 x 1.82 / 1000 kW) x 0.1018522 / 8766 = 0.173191 $/h
**  power    = 125 + (700 - 125) x 0.8 = 585 W; x 1.82 x PUE 1.25 = 1.330875 kWh/h
**  energy   = 1.330875 x $0.0892 = 0.118714 $/h
**  carbon   = 1.330875 x (1 - 0.2) x 0.35 kg = 0.372645 kg/h; x $50/t = 0.018632 $/h
**  opex     = (0.03 x 60740.74 + 500) / 8766 = 0.264912 $/h
**  total    = 2.310894 $/h
**  useful   = 989.5e12 x 0.4 x 0.9 x 0.95 x 0.8 x 3600 = 9.7461792e17 FLOP/h
**  $/1e18   = 2.310894 / 0.97461792 = 2.371077
**  cloud    = $2.99 / (989.5e12 x 0.4 x 0.9 x 0.95 x 3600) x 1e18 = 2.454295; ratio 0.966093
*/
#include <math.h>
#include <string.h>
#include "fc.h"
#include "fc_test.h"
#include "fc_test_fixtures.h"

static void h100(fc_scenario_params *p) {
  fc_fixture_h100(p);
  p->rental_usd_per_hour = 2.99;
}

/* fc_scenario_eval_trusted_y keeps one field of the chain: for three
   scenarios (the H100 above with its rental, the same at $45,000 and PUE 1.4,
   at 50 % utilization and WACC 12 %) and every result field it equals
   fc_scenario_eval's field bit for bit, with one set of rates and with a set
   per scenario; a scenario whose cost overflows (peak 1e-300 FLOP/s: useful
   FLOP 3.4e-298 per hour, 1e18 / that = inf) stops it at its index, like
   fc_scenario_eval_trusted_n. */
static void check_trusted_y(void) {
  fc_scenario_params p[3];
  fc_scenario_rates k[3];
  fc_scenario_result r[3], rn[3];
  double y[3];
  size_t i, o, bi = 99, nres = fc_scenario_result_count();
  int same1 = 1, same3 = 1, st;
  const char *bad = NULL;
  h100(&p[0]); h100(&p[1]); h100(&p[2]);
  p[1].chip_price_usd = 45000; p[1].pue = 1.4;
  p[2].utilization = 0.5; p[2].wacc = 0.12;
  for (i = 0; i < 3; i++) {
    fc_scenario_eval(&p[i], &r[i], &bad);
    fc_scenario_rates_eval(&p[i], &k[i], &bad);
  }
  for (o = 0; o < nres; o++) {
    fc_test_int(fc_scenario_eval_trusted_y(p, 2, k, 0, o, y, &bi, &bad), FC_OK, "trusted_y status");
    for (i = 0; i < 2; i++) same1 = same1 && memcmp(&y[i], (const char *)&r[i] + fc_scenario_result_offset(o), sizeof y[i]) == 0;
    fc_test_int(fc_scenario_eval_trusted_y(p, 3, k, 1, o, y, &bi, &bad), FC_OK, "trusted_y status, rates per scenario");
    for (i = 0; i < 3; i++) same3 = same3 && memcmp(&y[i], (const char *)&r[i] + fc_scenario_result_offset(o), sizeof y[i]) == 0;
  }
  fc_test_int(same1, 1, "trusted_y equals fc_scenario_eval, every field, shared rates");
  fc_test_int(same3, 1, "trusted_y equals fc_scenario_eval, every field, rates per scenario");
  fc_test_int(fc_scenario_eval_trusted_y(p, 3, k, 1, nres, y, &bi, &bad), FC_EINVAL, "trusted_y: unknown field");
  p[1].peak_flops_per_s = 1e-300;
  st = fc_scenario_eval_trusted_n(p, 3, k, 1, rn, &bi, &bad);
  fc_test_int(st, FC_ERANGE, "trusted_n: overflowing cost");
  fc_test_int((long long)bi, 1, "trusted_n: at scenario 1");
  bi = 99;
  st = fc_scenario_eval_trusted_y(p, 3, k, 1, (size_t)fc_scenario_result_index("usd_per_eflop"), y, &bi, &bad);
  fc_test_int(st, FC_ERANGE, "trusted_y: overflowing cost");
  fc_test_int((long long)bi, 1, "trusted_y: at scenario 1");
}

/* The one domain vocabulary: each domain's rule at its edges, worked by hand
   from its definition, and one text per domain. */
static void test_domains(void) {
  int k;
  fc_test_int(fc_scenario_domain_ok(FC_DOMAIN_POS, 0.0), 0, "POS: 0 is out");
  fc_test_int(fc_scenario_domain_ok(FC_DOMAIN_POS, 1e-300), 1, "POS: 1e-300 is in");
  fc_test_int(fc_scenario_domain_ok(FC_DOMAIN_UNIT_OPEN_HI, 1.0), 0, "[0, 1): 1 is out");
  fc_test_int(fc_scenario_domain_ok(FC_DOMAIN_RATE, -1.0), 0, "RATE: -1 is out");
  fc_test_int(fc_scenario_domain_ok(FC_DOMAIN_RATE, -0.999), 1, "RATE: -0.999 is in");
  fc_test_int(fc_scenario_domain_ok(FC_DOMAIN_FINITE, -1e308), 1, "FINITE: -1e308 is in");
  fc_test_int(fc_scenario_domain_ok(FC_DOMAIN_FINITE, HUGE_VAL), 0, "FINITE: inf is out");
  fc_test_int(fc_scenario_domain_ok(FC_DOMAIN_FINITE, NAN), 0, "FINITE: NaN is out");
  fc_test_int(fc_scenario_domain_ok(FC_DOMAIN_NONNEG_INT, 0.0), 1, "NONNEG_INT: 0 is in");
  fc_test_int(fc_scenario_domain_ok(FC_DOMAIN_NONNEG_INT, 1.5), 0, "NONNEG_INT: 1.5 is out");
  fc_test_int(fc_scenario_domain_ok(FC_DOMAIN_NONNEG_INT, -1.0), 0, "NONNEG_INT: -1 is out");
  fc_test_int(fc_scenario_domain_ok(FC_DOMAIN_YEAR, 2024.0), 1, "YEAR: 2024 is in");
  fc_test_int(fc_scenario_domain_ok(FC_DOMAIN_YEAR, 2024.5), 0, "YEAR: 2024.5 is out");
  fc_test_int(fc_scenario_domain_ok(FC_DOMAIN_YEAR, 1939.0), 0, "YEAR: 1939 is out");
  fc_test_int(fc_scenario_domain_ok(FC_DOMAIN_COUNT, 1.0), 0, "unknown domain: nothing is in");
  for (k = 0; k < FC_DOMAIN_COUNT; k++) {
    int j;
    fc_test_int(fc_scenario_domain_text(k) != NULL, 1, "every domain has a text");
    for (j = 0; j < k; j++)
      fc_test_int(strcmp(fc_scenario_domain_text(j), fc_scenario_domain_text(k)) != 0, 1, "texts are distinct");
  }
  fc_test_int(fc_scenario_domain_text(FC_DOMAIN_COUNT) == NULL, 1, "no text past the last domain");
}

/* The H100 by hand (the numbers at the top of this file). */
static void test_h100_by_hand(void) {
  fc_scenario_params p;
  fc_scenario_result r;
  const char *bad = NULL;
  h100(&p);
  fc_test_int(fc_scenario_eval(&p, &r, &bad), FC_OK, "eval status");
  fc_test_rel(r.chip_usd_per_h, 0.857141, 1e-5, "chip $/h");
  fc_test_rel(r.server_usd_per_h, 0.548570, 1e-5, "server $/h");
  fc_test_rel(r.network_usd_per_h, 0.329735, 1e-5, "network $/h");
  fc_test_rel(r.facility_usd_per_h, 0.173191, 1e-5, "facility $/h");
  fc_test_rel(r.kwh_per_h, 1.330875, 1e-9, "kWh per h");
  fc_test_rel(r.energy_usd_per_h, 0.118714, 1e-5, "energy $/h");
  fc_test_rel(r.kg_co2_per_h, 0.372645, 1e-9, "kg CO2 per h");
  fc_test_rel(r.carbon_usd_per_h, 0.018632, 1e-4, "carbon $/h");
  fc_test_rel(r.opex_usd_per_h, 0.264912, 1e-5, "opex $/h");
  fc_test_rel(r.total_usd_per_h, 2.310894, 1e-6, "total $/h");
  fc_test_rel(r.useful_flop_per_h, 9.7461792e17, 1e-12, "useful FLOP/h");
  fc_test_rel(r.usd_per_eflop, 2.371077, 1e-6, "$/1e18 FLOP");
  fc_test_rel(r.cloud_usd_per_eflop, 2.454295, 1e-6, "cloud $/1e18 FLOP");
  fc_test_rel(r.owned_to_cloud, 0.966093, 1e-5, "owned/cloud");
  fc_test_rel(r.chip_usd_per_eflop + r.server_usd_per_eflop + r.network_usd_per_eflop +
              r.facility_usd_per_eflop + r.energy_usd_per_eflop + r.carbon_usd_per_eflop +
              r.opex_usd_per_eflop, r.usd_per_eflop, 1e-12, "components sum to total");
}

static void test_electricity_price_moves_only_energy(void) {
  fc_scenario_params p;
  fc_scenario_result r, r2;
  h100(&p);
  fc_scenario_eval(&p, &r, NULL);
  /* doubling the electricity price changes only the energy component */
  p.electricity_usd_per_kwh *= 2;
  fc_scenario_eval(&p, &r2, NULL);
  fc_test_rel(r2.energy_usd_per_eflop, 2 * r.energy_usd_per_eflop, 1e-12, "energy doubles");
  fc_test_rel(r2.chip_usd_per_eflop, r.chip_usd_per_eflop, 1e-15, "chip unchanged");
  fc_test_rel(r2.usd_per_eflop - r.usd_per_eflop, r.energy_usd_per_eflop, 1e-9, "delta = energy");
}

static void test_recovery_methods(void) {
  fc_scenario_params p;
  fc_scenario_result r2;
  /* Epoch's price-decline recovery: 30000 x 0.14 ln 10 / 8766 = 1.103224 $/h for the chip */
  h100(&p);
  p.recovery = FC_RECOVERY_PRICE_DECLINE;
  fc_scenario_eval(&p, &r2, NULL);
  fc_test_rel(r2.chip_usd_per_h, 1.103224, 1e-5, "price-decline chip $/h");
  /* straight line + interest on average investment: 1/5 + 0.08 x 6/10 = 0.248 per year */
  p.recovery = FC_RECOVERY_STRAIGHT_LINE;
  fc_scenario_eval(&p, &r2, NULL);
  fc_test_rel(r2.chip_usd_per_h, 30000 * 0.248 / 8766, 1e-12, "straight-line chip $/h");
}

static void test_mix_of_one_chip_and_couplings(void) {
  fc_scenario_params p, mix[2];
  fc_scenario_result r, r2;
  const char *bad = NULL;
  double counts[2] = {3, 0};
  size_t bi = 0;
  h100(&p);
  fc_scenario_eval(&p, &r, NULL);
  /* a mix of one chip equals that chip */
  h100(&mix[0]); h100(&mix[1]);
  mix[1].chip_price_usd = 10000;
  fc_test_int(fc_scenario_eval_mix(mix, counts, 2, FC_COUPLING_LOCKSTEP, 0.1, &r2, &bi, &bad), FC_OK, "mix status");
  fc_test_rel(r2.usd_per_eflop, r.usd_per_eflop, 1e-12, "mix of one chip = chip");
  fc_test_rel(r2.cloud_usd_per_eflop, r.cloud_usd_per_eflop, 1e-12, "mix of one chip: cloud");
  /* two identical chips pooled = one chip; lockstep with penalty 0.1 costs 1/0.9 more */
  counts[1] = 1; mix[1].chip_price_usd = 30000;
  fc_scenario_eval_mix(mix, counts, 2, FC_COUPLING_POOLED, 0.1, &r2, NULL, NULL);
  fc_test_rel(r2.usd_per_eflop, r.usd_per_eflop, 1e-12, "pooled identical = chip");
  fc_scenario_eval_mix(mix, counts, 2, FC_COUPLING_LOCKSTEP, 0.1, &r2, NULL, NULL);
  fc_test_rel(r2.usd_per_eflop, r.usd_per_eflop / 0.9, 1e-12, "lockstep penalty");
  /* pooled mix of a $30k and a $10k chip, 1:1: cost/h is the mean, FLOP/h the same */
  mix[1].chip_price_usd = 10000;
  counts[0] = 1;
  fc_scenario_eval(&mix[1], &r2, NULL);
  double mean_h = (r.total_usd_per_h + r2.total_usd_per_h) / 2;
  fc_scenario_eval_mix(mix, counts, 2, FC_COUPLING_POOLED, 0, &r2, NULL, NULL);
  fc_test_rel(r2.usd_per_eflop, mean_h / r.useful_flop_per_h * 1e18, 1e-12, "pooled 1:1 mix");
}

static void test_bad_input_names_the_field(void) {
  fc_scenario_params p, mix[2];
  fc_scenario_result r;
  const char *bad = NULL;
  double counts[2];
  h100(&mix[0]); h100(&mix[1]);
  /* bad input names the field */
  h100(&p); p.utilization = 1.2;
  fc_test_int(fc_scenario_eval(&p, &r, &bad), FC_EDOM, "utilization 1.2 is EDOM");
  fc_test_int(strcmp(bad ? bad : "", "utilization"), 0, "bad field is utilization");
  h100(&p); p.pue = NAN;
  fc_scenario_eval(&p, &r, &bad);
  fc_test_int(strcmp(bad ? bad : "", "pue"), 0, "NaN PUE named");
  h100(&p); p.idle_w = 800;
  fc_scenario_eval(&p, &r, &bad);
  fc_test_int(strcmp(bad ? bad : "", "idle_w"), 0, "idle above TDP named");
  counts[0] = 0; counts[1] = 0;
  fc_test_int(fc_scenario_eval_mix(mix, counts, 2, FC_COUPLING_POOLED, 0, &r, NULL, &bad), FC_EDOM, "empty mix");
}

static void test_field_and_result_tables(void) {
  fc_scenario_params p;
  /* field table */
  fc_test_int(fc_scenario_field_index("pue") >= 0, 1, "pue in field table");
  fc_test_int(fc_scenario_field_index("nope"), -1, "unknown field");
  h100(&p);
  *fc_scenario_field_ptr(&p, (size_t)fc_scenario_field_index("pue")) = 1.5;
  fc_test_rel(p.pue, 1.5, 0, "field pointer writes pue");
  fc_test_int(fc_scenario_result_index("usd_per_eflop") >= 0, 1, "result table");
}

int main(void) {
  test_domains();
  test_h100_by_hand();
  test_electricity_price_moves_only_energy();
  test_recovery_methods();
  test_mix_of_one_chip_and_couplings();
  test_bad_input_names_the_field();
  test_field_and_result_tables();
  check_trusted_y();
  return fc_test_summary("scenario");
}
