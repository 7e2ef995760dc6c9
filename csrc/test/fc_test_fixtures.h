/*
** fc_test_fixtures.h -- scenarios shared by the C tests. The H100 case is
** the hand calculation written out in test_scenario.c.
*/
#ifndef FC_TEST_FIXTURES_H
#define FC_TEST_FIXTURES_H

#include "fc.h"

/* H100 SXM at $30,000, linear power 125 -> 700 W, utilization 0.8, $0.0892/kWh,
   20 % green, 0.35 kg/kWh, $50/t, 3 %/y maintenance + $500/y, MFU 0.4,
   scaling 0.9, goodput 0.95. */
static inline void fc_fixture_h100(fc_scenario_params *p) {
  fc_scenario_params none;
  fc_compose_params_init(&none);
  fc_compose_params(&none, p);
  p->chip_price_usd = 30000; p->tdp_w = 700; p->idle_w = 125;
  p->server_power_multiple = 1.82; p->utilization = 0.8;
  p->electricity_usd_per_kwh = 0.0892; p->green_share = 0.2;
  p->grid_kg_co2_per_kwh = 0.35; p->carbon_usd_per_t = 50;
  p->maintenance_fraction = 0.03; p->other_opex_usd_per_year = 500;
  p->peak_flops_per_s = 989.5e12; p->mfu = 0.4; p->scaling_efficiency = 0.9; p->goodput = 0.95;
}

#endif
