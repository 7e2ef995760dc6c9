/* test_compose.c -- fc_compose, the one door from a scenario description (and
   from raw parameters) to the cost chain: the defaults table, composition
   against test_scenario.c's H100 hand calculation, the job's figures, the cost
   of capital from its parts, goodput, the yield chain and the errors. One
   function per case. */
#include <math.h>
#include <string.h>
#include "fc.h"
#include "fc_test.h"
#include "fc_test_fixtures.h"

static int same_str(const char *a, const char *b) { return a && b && strcmp(a, b) == 0; }

static void test_params_defaults(void) {
  fc_scenario_params none, p;
  fc_compose_params_init(&none);
  fc_compose_params(&none, &p);
  /* Epoch AI (FIGURES.md): S 1.64, network 19 %, server power 1.8, PUE 1.25, MFU 0.375;
     5-year life (filings); Cushman & Wakefield $11.7M/MW; the table's 8 % and 20 y */
  fc_test_rel(p.server_multiple, 1.64, 0, "server multiple 1.64");
  fc_test_rel(p.network_fraction, 0.19, 0, "network 19 %");
  fc_test_rel(p.server_power_multiple, 1.8, 0, "server power 1.8");
  fc_test_rel(p.pue, 1.25, 0, "PUE 1.25");
  fc_test_rel(p.mfu, 0.375, 0, "MFU 0.375");
  fc_test_rel(p.chip_life_years, 5, 0, "5 years");
  fc_test_rel(p.facility_usd_per_kw, 11700, 0, "$11,700 per kW");
  fc_test_rel(p.wacc, 0.08, 0, "WACC 8 %");
  fc_test_rel(p.facility_life_years, 20, 0, "facility 20 years");
  /* the one default study's utilization and maintenance (models/scenarios/default.lua used them
     before the core did): 70 % of hours busy, 3 %/year of hardware capex; no scaling or failure loss */
  fc_test_rel(p.utilization, 0.7, 0, "utilization 70 %");
  fc_test_rel(p.maintenance_fraction, 0.03, 0, "maintenance 3 %/year");
  fc_test_rel(p.scaling_efficiency * p.goodput, 1, 0, "no scaling or failure losses unless given");
  fc_test_rel(p.tdp_w + p.chip_price_usd + p.peak_flops_per_s + p.idle_w, 0, 0, "prices, TDP, peak: not given");
  fc_test_int(p.power_curve == NULL, 1, "no curve");
}

static void test_params_idle(void) {
  fc_scenario_params g, p;
  /* TDP 400 W without idle: 400 x 125 / 700 = 71.428571 W (FIGURES.md: 125 W of 700 W, H100 SXM) */
  fc_compose_params_init(&g);
  g.tdp_w = 400;
  fc_compose_params(&g, &p);
  fc_test_rel(p.idle_w, 71.42857142857143, 1e-15, "idle from TDP");
  fc_test_rel(fc_compose_idle_w(400, NAN), p.idle_w, 0, "the same rule as fc_compose_idle_w");
  g.idle_w = 50;
  fc_compose_params(&g, &p);
  fc_test_rel(p.idle_w, 50, 0, "a given idle wins");
}

/* test_scenario.c's H100 as a description: one chip, the region's figures,
   overrides for the rest. */
static void h100_desc(fc_compose_desc *d, fc_compose_chip *c) {
  fc_compose_desc_init(d);
  fc_compose_chip_init(c);
  c->price_usd = 30000; c->tdp_w = 700; c->idle_w = 125; c->peak_flops_per_s = 989.5e12;
  c->server_power_multiple = 1.82; c->rental_usd_per_hour = 2.99;
  d->electricity_price_per_kwh = 0.0892; d->green_share = 0.2; d->grid_kg_co2_per_kwh = 0.35;
  d->carbon_usd_per_t = 50;
  d->over.maintenance_fraction = 0.03; d->over.other_opex_usd_per_year = 500; d->over.mfu = 0.4;
  d->over.scaling_efficiency = 0.9; d->over.goodput = 0.95; d->over.utilization = 0.8;
  d->chips = c;
  d->n_chips = 1;
}

static void test_compose_h100(void) {
  fc_compose_desc d;
  fc_compose_chip c;
  fc_compose_mix mix;
  fc_scenario_result r, want;
  fc_scenario_params p;
  h100_desc(&d, &c);
  fc_test_int(fc_compose_eval(&d, &r, &mix, NULL), FC_OK, "compose status");
  /* hand calculation (test_scenario.c): 2.310894 $/h over 9.7461792e17 FLOP/h */
  fc_test_rel(r.usd_per_eflop, 2.371077, 1e-6, "H100 $/1e18 FLOP by hand");
  fc_test_rel(r.cloud_usd_per_eflop, 2.454295, 1e-6, "cloud $/1e18 FLOP by hand");
  fc_fixture_h100(&p);
  p.rental_usd_per_hour = 2.99;
  fc_scenario_eval(&p, &want, NULL);
  fc_test_int(memcmp(&r.usd_per_eflop, &want.usd_per_eflop, sizeof r.usd_per_eflop) == 0, 1,
              "bit for bit the raw door's number");
  fc_test_int(mix.coupling == FC_COUPLING_POOLED, 1, "pooled unless lockstep");
  fc_test_rel(mix.penalty, 0.1, 0, "the table's penalty 0.1");
  fc_test_int(isnan(mix.job_flops) && isnan(mix.job_cost_usd), 1, "no job: no job figures");
}

static void test_job(void) {
  fc_compose_desc d;
  fc_compose_chip c;
  fc_compose_mix mix;
  fc_scenario_result r;
  /* 1e24 FLOP on 1,000 chips: cost 1e6 EFLOP x 2.371077 = $2.371077M;
     hours 1e24 / 9.7461792e17 = 1,026,043.1 h; days / 1000 / 24 = 42.7518;
     MWh 1e6 x 1.330875 / 0.97461792 / 1000 = 1365.535; tCO2 1e6 x 0.372645 / 0.97461792 / 1000 = 382.35;
     cloud 1e6 x 2.454295 = $2.454295M */
  h100_desc(&d, &c);
  d.job_flops = 1e24;
  d.cluster_size = 1000;
  fc_test_int(fc_compose_eval(&d, &r, &mix, NULL), FC_OK, "job status");
  fc_test_rel(mix.job_cost_usd, 2.371077e6, 1e-6, "job cost");
  fc_test_rel(mix.job_chip_hours, 1026043.1082572337, 1e-12, "job accelerator-hours");
  fc_test_rel(mix.job_days, 42.75179617738474, 1e-12, "job days");
  fc_test_rel(mix.job_mwh, 1365.5351217018459, 1e-6, "job MWh");
  fc_test_rel(mix.job_t_co2, 382.34983407651685, 1e-6, "job tCO2");
  fc_test_rel(mix.job_cloud_cost_usd, 2.454295e6, 1e-6, "job cloud cost");
  /* from 6ND: 70e9 params x 15e12 tokens x 6 = 6.3e24 */
  d.job_flops = NAN; d.job_params = 70e9; d.job_tokens = 15e12; d.cluster_size = NAN;
  fc_compose_eval(&d, &r, &mix, NULL);
  fc_test_rel(mix.job_flops, 6.3e24, 1e-15, "job FLOP 6ND");
  fc_test_int(isnan(mix.job_days), 1, "no cluster: no days");
}

static void test_wacc_parts(void) {
  fc_compose_desc d;
  fc_compose_chip c;
  fc_scenario_params m;
  fc_compose_mix mix;
  double counts;
  /* 50 % debt at 6 % (25 % tax), equity 12 %, 2 % inflation (NREL SAM's form):
     nominal = 0.5 x 0.12 + 0.5 x 0.06 x 0.75 = 0.0825; real = 1.0825 / 1.02 - 1 = 0.0612745 */
  h100_desc(&d, &c);
  d.debt_fraction = 0.5; d.cost_of_debt = 0.06; d.cost_of_equity = 0.12; d.tax_rate = 0.25; d.inflation = 0.02;
  fc_test_int(fc_compose(&d, &m, &counts, &mix, NULL), FC_OK, "wacc parts status");
  fc_test_rel(m.wacc, 1.0825 / 1.02 - 1, 1e-14, "real WACC from its parts");
}

static void test_goodput(void) {
  fc_compose_desc d;
  fc_compose_chip c;
  fc_scenario_params m;
  fc_compose_mix mix;
  double counts;
  /* 1,000 chips failing every 24,000 h: a 24 h job MTBF; checkpoint 60 s, restart 600 s:
     goodput 0.9562628531724572 (test_training.c, by hand) */
  h100_desc(&d, &c);
  d.over.goodput = NAN;
  d.checkpoint_s = 60; d.restart_s = 600; d.mtbf_h = 24000; d.cluster_size = 1000;
  fc_compose(&d, &m, &counts, &mix, NULL);
  fc_test_rel(m.goodput, 0.9562628531724572, 1e-12, "Young/Daly goodput over the cluster");
}

static void test_manufacture(void) {
  fc_compose_chip c;
  double price;
  /* one 665 mm2 die at a reported 50 % yield on a $13,000 300 mm wafer: 80 whole
     dies -> 13000 / 40 = $325; no HBM, substrate, bonding loss or test; markup 1
     (the table's 50 % margin): $650 */
  fc_compose_chip_init(&c);
  c.manufactured = 1; c.wafer_cost_usd = 13000; c.die_area_mm2 = 665; c.yield = 0.5;
  fc_test_int(fc_compose_manufacture(&c, &price, NULL, NULL), FC_OK, "manufacture status");
  fc_test_rel(price, 650, 1e-12, "manufactured price");
}

static void test_errors(void) {
  fc_compose_desc d;
  fc_compose_chip c;
  fc_compose_mix mix;
  fc_compose_error e;
  fc_scenario_result r;
  h100_desc(&d, &c);
  c.price_usd = NAN;
  fc_test_int(fc_compose_eval(&d, &r, &mix, &e), FC_EDOM, "no price");
  fc_test_int(same_str(e.field, "chip.price_usd") && e.chip == 0, 1, "names chip.price_usd of chip 0");
  h100_desc(&d, &c);
  d.pue = 0.5;
  fc_test_int(fc_compose_eval(&d, &r, &mix, &e), FC_EDOM, "PUE below 1");
  fc_test_int(same_str(e.field, "region.pue") && e.value == 0.5, 1, "names region.pue and its value");
  h100_desc(&d, &c);
  d.debt_fraction = 0.5;
  fc_test_int(fc_compose_eval(&d, &r, &mix, &e), FC_EDOM, "half the WACC parts");
  fc_test_int(same_str(e.field, "wacc_parts.cost_of_debt"), 1, "names the missing part");
  h100_desc(&d, &c);
  d.job_flops = 1e24; d.job_chip_hours = 1e6;
  fc_test_int(fc_compose_eval(&d, &r, &mix, &e), FC_EDOM, "hours and FLOP");
  fc_test_int(same_str(e.field, "job.chip_hours"), 1, "names job.chip_hours");
  h100_desc(&d, &c);
  d.n_chips = 0;
  fc_test_int(fc_compose_eval(&d, &r, &mix, &e), FC_EINVAL, "no chips");
  fc_test_int(fc_compose_eval(NULL, &r, &mix, &e), FC_EINVAL, "NULL description");
}

static void test_tables(void) {
  int i = fc_compose_field_index(FC_COMPOSE_CHIP, "manufacturing.alpha");
  fc_test_int(i >= 0, 1, "alpha is a chip field");
  fc_test_rel(fc_compose_field_default(FC_COMPOSE_CHIP, (size_t)i), 10, 0, "chiplet-actuary alpha 10");
  fc_test_int(fc_compose_field_index(FC_COMPOSE_SCENARIO, "no.such") == -1, 1, "unknown field");
  fc_test_rel(fc_compose_commitment("1y"), 0.37, 0, "GCP 1-year commitment");
  fc_test_rel(fc_compose_commitment("3y"), 0.56, 0, "GCP 3-year commitment");
  fc_test_rel(fc_compose_commitment("5y"), -1, 0, "no 5-year term");
  fc_test_int(same_str(fc_compose_named_default("precision"), "bf16"), 1, "bf16 by default");
  fc_test_int(fc_compose_named_default("nope") == NULL, 1, "no such named default");
  fc_test_int(fc_compose_field_ok(FC_COMPOSE_SCENARIO, (size_t)fc_compose_field_index(FC_COMPOSE_SCENARIO,
              "region.pue"), 0.9), 0, "PUE 0.9 outside its domain");
}

int main(void) {
  test_params_defaults();
  test_params_idle();
  test_compose_h100();
  test_job();
  test_wacc_parts();
  test_goodput();
  test_manufacture();
  test_errors();
  test_tables();
  return fc_test_summary("compose");
}
