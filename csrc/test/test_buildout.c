/* test_buildout.c -- construction spend and interest, time to power, bridge
   power, idle chips and water against hand calculations written out below. */
#include <math.h>
#include "fc.h"
#include "fc_buildout.h"
#include "fc_compose.h"
#include "fc_buildout_mc.h"
#include "fc_buildout_place.h"
#include "fc_buildout_place_mc.h"
#include "fc_mc.h"
#include <string.h>
#include "fc_test.h"

/* $120 drawn in 12 equal monthly amounts at 12 % a year (1 % a month): the
   draw at the end of month m compounds 12 - m months, so
   IDC = 10 x sum_{k=0..11} (1.01^k - 1) = 10 x ((1.01^12 - 1) / 0.01 - 12)
       = 10 x (12.682503 - 12) = 6.8250301 (1.01^12 = 1.1268250301). */
static void test_idc_linear(void) {
  double idc, d[12];
  fc_test_int(fc_buildout_idc(120, 12, 0.12, FC_SPEND_LINEAR, &idc), FC_OK, "idc linear: status");
  fc_test_rel(idc, 6.8250301319, 1e-9, "idc linear: 10 x ((1.01^12 - 1)/0.01 - 12)");
  fc_buildout_spend(120, 12, FC_SPEND_LINEAR, d);
  fc_test_rel(d[11], 10, 1e-12, "linear draws: 120 / 12");
  fc_buildout_idc(120, 1, 0.12, FC_SPEND_LINEAR, &idc);
  fc_test_rel(idc, 0, 0, "one month: the draw is paid at energization, no interest");
  fc_buildout_idc(120, 12, 0, FC_SPEND_LINEAR, &idc);
  fc_test_rel(idc, 0, 0, "rate 0: no interest");
}

/* S-curve, $100 over 4 months: F(x) = 3x^2 - 2x^3 gives F(1/4) = 0.15625,
   F(1/2) = 0.5, F(3/4) = 0.84375, so draws 15.625, 34.375, 34.375, 15.625.
   At 1 % a month: 15.625 x (1.01^3 - 1) + 34.375 x (1.01^2 - 1) + 34.375 x 0.01
   = 0.4734531 + 0.6909375 + 0.34375 = 1.5081406. */
static void test_idc_scurve(void) {
  double idc, d[4];
  fc_buildout_spend(100, 4, FC_SPEND_SCURVE, d);
  fc_test_rel(d[0], 15.625, 1e-12, "s-curve draw 1");
  fc_test_rel(d[1], 34.375, 1e-12, "s-curve draw 2");
  fc_test_rel(d[0] + d[1] + d[2] + d[3], 100, 1e-12, "s-curve draws add up to the capex");
  fc_buildout_idc(100, 4, 0.12, FC_SPEND_SCURVE, &idc);
  fc_test_rel(idc, 1.5081406, 1e-6, "idc s-curve by hand");
  fc_test_int(fc_buildout_idc(100, 4, 1.5, FC_SPEND_SCURVE, &idc), FC_EDOM, "rate 150 %: EDOM");
  fc_test_int(fc_buildout_idc(100, 0, 0.1, FC_SPEND_SCURVE, &idc), FC_EINVAL, "0 months: EINVAL");
  fc_test_int(fc_buildout_idc(-1, 4, 0.1, FC_SPEND_SCURVE, &idc), FC_EDOM, "negative capex: EDOM");
}

/* 18 months to build, 11 for switchgear, 42 for the grid: power at 42, waiting
   on the grid. With bridge power permitted and installed in 12 months the site
   runs at 18 (construction binds) and on the bridge for 42 - 18 = 24 months. */
static void test_time_to_power(void) {
  fc_power_timeline t = {18, 11, 42, 12, 0};
  fc_power_dates d;
  fc_test_int(fc_buildout_time_to_power(&t, &d), FC_OK, "time to power: status");
  fc_test_rel(d.energized_months, 42, 1e-12, "no bridge: the grid's 42 months");
  fc_test_int(d.waiting_on, 2, "no bridge: waiting on the grid");
  fc_test_rel(d.bridge_run_months, 0, 0, "no bridge: no bridge months");
  t.bridge = 1;
  fc_buildout_time_to_power(&t, &d);
  fc_test_rel(d.energized_months, 18, 1e-12, "bridge: construction's 18 months bind");
  fc_test_int(d.waiting_on, 0, "bridge: waiting on construction");
  fc_test_rel(d.bridge_run_months, 24, 1e-12, "bridge runs 42 - 18 months");
  t.bridge_months = 30;
  fc_buildout_time_to_power(&t, &d);
  fc_test_rel(d.energized_months, 30, 1e-12, "a slow bridge (30 months) binds");
  fc_test_rel(d.bridge_run_months, 12, 1e-12, "then runs 12 months");
  t.bridge_months = 50;
  fc_buildout_time_to_power(&t, &d);
  fc_test_rel(d.energized_months, 42, 1e-12, "a bridge slower than the grid is not used");
  fc_test_rel(d.bridge_run_months, 0, 0, "and runs 0 months");
  t.construction_months = 0;
  fc_test_int(fc_buildout_time_to_power(&t, &d), FC_EDOM, "0 construction months: EDOM");
}

/* 100 MW of gas turbines for 24 months at a load factor of 0.9:
   MWh = 100 x 0.9 x 24 x 730.5 h = 1,577,880; fuel 9.0 MMBtu/MWh x 1,577,880
   = 14,200,920 MMBtu x $3.50 = $49,703,220; CO2 14,200,920 x 53.06 kg = 753,500.8 t;
   capex 1,500 $/kW x 100,000 kW = $150M. */
static void test_bridge(void) {
  fc_bridge_plant p = {1500, 9.0, 3.5, 53.06};
  double capex, fuel, co2;
  fc_test_int(fc_buildout_bridge_cost(&p, 1e5, 24, 0.9, &capex, &fuel, &co2), FC_OK, "bridge: status");
  fc_test_rel(capex, 1.5e8, 1e-12, "bridge capex");
  fc_test_rel(fuel, 49703220, 1e-12, "bridge fuel");
  fc_test_rel(co2, 753500.8152, 1e-9, "bridge CO2");
  fc_test_int(fc_buildout_bridge_cost(&p, 1e5, 24, 1.2, &capex, &fuel, &co2), FC_EDOM, "load factor 1.2: EDOM");
}

/* A $30,000 chip idle 24 months at an 8 % cost of capital: 30,000 x 1.08^2 =
   34,992; bought 24 months later at a 20 %/year decline: 30,000 x 0.8^2 = 19,200. */
static void test_idle_chips(void) {
  double early, late;
  fc_test_int(fc_buildout_idle_chips(30000, 24, 0.08, 0.2, &early, &late), FC_OK, "idle: status");
  fc_test_rel(early, 34992, 1e-12, "bought early, carried 2 years at 8 %");
  fc_test_rel(late, 19200, 1e-12, "bought at energization after a 20 %/year decline");
  fc_test_int(fc_buildout_idle_chips(30000, 24, 0.08, 1.0, &early, &late), FC_EDOM, "decline 100 %: EDOM");
}

/* 1,200 kWh at the meter with PUE 1.2 (1,000 kWh of IT energy), WUE 0.38
   L/kWh, grid water 2.0 L/kWh: on site 1,000 x 0.38 = 380 L, off site
   1,200 x 2.0 = 2,400 L. */
static void test_water(void) {
  double on, off;
  fc_test_int(fc_buildout_water(1200, 1.2, 0.38, 2.0, &on, &off), FC_OK, "water: status");
  fc_test_rel(on, 380, 1e-12, "on site: IT x WUE");
  fc_test_rel(off, 2400, 1e-12, "off site: IT x PUE x grid water");
  fc_test_int(fc_buildout_water(1200, 0.9, 0.38, 2.0, &on, &off), FC_EDOM, "PUE below 1: EDOM");
}

/* Water of a composed mix (fc_compose_water): one member at PUE 1.25 using
   1,000 kWh per EFLOP at the meter, WUE 0.5, grid 2 L/kWh: on site
   1000 / 1.25 x 0.5 = 400 L, off site 1000 x 2 = 2,000 L; at 0.36 J/token a
   million tokens take 0.36e6 / 3.6e6 = 0.1 kWh: (0.5 / 1.25 + 2) x 0.1 = 0.24 L.
   Without a WUE every water figure is NaN. */
static void test_compose_water(void) {
  fc_compose_desc d;
  fc_scenario_params m, given;
  fc_scenario_result r;
  fc_compose_mix mix;
  double count = 1;
  fc_compose_desc_init(&d);
  fc_compose_params_init(&given);
  fc_compose_params(&given, &m);
  m.pue = 1.25;
  r.kwh_per_eflop = 1000;
  d.wue_l_per_kwh = 0.5; d.electricity_water_l_per_kwh = 2;
  mix.j_per_token = 0.36;
  fc_test_int(fc_compose_water(&d, &m, &count, 1, &r, &mix), FC_OK, "compose water: status");
  fc_test_rel(mix.water_onsite_l_per_eflop, 400, 1e-12, "compose water: on site 1000 / 1.25 x 0.5");
  fc_test_rel(mix.water_offsite_l_per_eflop, 2000, 1e-12, "compose water: off site 1000 x 2");
  fc_test_rel(mix.water_l_per_eflop, 2400, 1e-12, "compose water: the sum");
  fc_test_rel(mix.water_l_per_mtok, 0.24, 1e-12, "compose water: 2.4 L/kWh x 0.1 kWh per Mtok");
  d.wue_l_per_kwh = NAN;
  fc_compose_water(&d, &m, &count, 1, &r, &mix);
  fc_test_int(isnan(mix.water_l_per_eflop), 1, "compose water: no WUE, no water");
  fc_test_int(fc_compose_water(&d, &m, &count, 0, &r, &mix), FC_EINVAL, "compose water: no members");
}

/* Water at a serving point (fc_compose_water_serve): 1 J per token at the
   board, server power multiple 2, PUE 1.25: 1 x 2 x 1.25 x 1e6 / 3.6e6 =
   0.694444 kWh per million tokens at the meter; WUE 0.5: on site
   0.694444 / 1.25 x 0.5 = 0.277778 L; grid 2 L/kWh: off site 1.388889 L. */
static void test_serve_water(void) {
  fc_compose_desc d;
  fc_compose_chip c;
  double on, off;
  fc_compose_desc_init(&d);
  fc_compose_chip_init(&c);
  c.server_power_multiple = 2;
  d.chips = &c; d.n_chips = 1;
  d.pue = 1.25; d.wue_l_per_kwh = 0.5; d.electricity_water_l_per_kwh = 2;
  fc_test_int(fc_compose_water_serve(&d, 1.0, &on, &off), FC_OK, "serve water: status");
  fc_test_rel(on, 0.5 / 1.8, 1e-12, "serve water: on site 2 x 1e6 / 3.6e6 x 0.5");
  fc_test_rel(off, 2 * 1.25 * 2 / 3.6, 1e-12, "serve water: off site 2 x 1.25 / 3.6 x 2");
  d.over.pue = 1.5;
  fc_compose_water_serve(&d, 1.0, &on, &off);
  fc_test_rel(off, 2 * 1.5 * 2 / 3.6, 1e-12, "serve water: the PUE override wins");
  d.wue_l_per_kwh = NAN;
  fc_compose_water_serve(&d, 1.0, &on, &off);
  fc_test_int(isnan(on) && isnan(off), 1, "serve water: no WUE, no water");
  d.wue_l_per_kwh = 0.5;
  fc_test_int(fc_compose_water_serve(&d, -1.0, &on, &off), FC_EDOM, "serve water: negative energy");
}

/* A 1 MW (1,000 kW) site at $10,000/kW: $10M drawn evenly over 12 months at
   12 % a year: IDC = 10M / 120 x 6.8250301 = 568,752.51 (the linear case
   scaled); the grid comes at 18 months, so the finished site waits 6 more
   months: (10M + 568,752.51) x 1.01^6 - 10M = 1,218,943.76. Chips ($30,000,
   20 %/year decline) bought at the decision carry 18 months at 12 %:
   30,000 x 1.12^1.5 = 35,558.90; bought at energization: 30,000 x 0.8^1.5 = 21,466.25. */
static void plan_inputs(fc_buildout_plan_in *p) {
  fc_buildout_plan_in in;
  in.it_kw = 1000; in.facility_usd_per_kw = 10000; in.rate = 0.12; in.spend = FC_SPEND_LINEAR;
  in.timeline.construction_months = 12; in.timeline.equipment_lead_months = 11;
  in.timeline.grid_months = 18; in.timeline.bridge_months = 9; in.timeline.bridge = 0;
  in.plant.capex_usd_per_kw = 1500; in.plant.heat_rate_mmbtu_per_mwh = 9; in.plant.fuel_usd_per_mmbtu = 3.5;
  in.plant.kg_co2_per_mmbtu = 53.06; in.bridge_load_factor = 0.9;
  in.chip_price_usd = 30000; in.chip_decline_per_year = 0.2; in.chips_at_start = 1;
  in.wue_l_per_kwh = in.electricity_water_l_per_kwh = NAN;
  *p = in;
}

static void test_plan(void) {
  fc_buildout_plan_in in;
  fc_buildout_plan_out out;
  plan_inputs(&in);
  fc_test_int(fc_buildout_plan(&in, &out), FC_OK, "plan: status");
  fc_test_rel(out.dates.energized_months, 18, 1e-12, "plan: power at the grid's 18 months");
  fc_test_rel(out.idc_usd, 1218943.7571387, 1e-9, "plan: IDC over 12 months, then 6 months of carry");
  fc_test_rel(out.facility_usd_per_kw_at_energization, 11218.943757139, 1e-9, "plan: facility per kW at power");
  fc_test_rel(out.chip_price_at_energization_usd, 35558.8976207, 1e-9, "plan: chips bought early");
  fc_test_rel(out.chip_price_other_option_usd, 21466.2525840, 1e-9, "plan: chips bought at energization");
  fc_test_rel(out.bridge_capex_usd, 0, 0, "plan: no bridge");
  /* with a bridge permitted in 9 months, construction (12) binds and the bridge runs 6 months:
     1,000 kW x 0.9 x 6 x 730.5 h = 3,944.7 MWh x 9 MMBtu x $3.5 = $124,258.05 */
  in.timeline.bridge = 1;
  fc_buildout_plan(&in, &out);
  fc_test_rel(out.dates.energized_months, 12, 1e-12, "plan + bridge: construction's 12 months");
  fc_test_rel(out.idc_usd, 568752.510997475, 1e-9, "plan + bridge: IDC of construction only");
  fc_test_rel(out.bridge_fuel_usd, 124258.05, 1e-9, "plan + bridge: fuel for 6 months");
}

/* The build-out inside a composed scenario (fc_compose_build): the plan
   above as description fields, applied to one member at $10,000/kW and a
   $30,000 chip, rate 12 %: the member's facility cost becomes 11,218.94/kW
   and its chip price 35,558.90 (bought at the decision); the mix carries
   time to power 18, the IDC 1,218,943.76 of a 1 MW site and its $10M capex
   ($10M per MW), and the chips' price factor 35,558.90 / 30,000 = 1.1852966.
   Without build.it_mw the member is untouched and the figures are NaN; a
   bridge without its heat rate is refused naming the field. */
static void compose_build_desc(fc_compose_desc *d) {
  fc_compose_desc_init(d);
  d->build_it_mw = 1; d->build_construction_months = 12; d->build_equipment_lead_months = 11;
  d->build_grid_months = 18; d->build_rate = 0.12; d->build_chips_at_start = 1; d->build_chip_decline_per_year = 0.2;
}

static void test_compose_build(void) {
  fc_compose_desc d;
  fc_scenario_params m, given, before;
  fc_compose_mix mix;
  fc_compose_error e;
  compose_build_desc(&d);
  fc_compose_params_init(&given);
  fc_compose_params(&given, &m);
  m.facility_usd_per_kw = 10000; m.chip_price_usd = 30000;
  before = m;
  fc_test_int(fc_compose_build(&d, &m, 1, &mix, &e), FC_OK, "compose build: status");
  fc_test_rel(m.facility_usd_per_kw, 11218.943757139, 1e-9, "compose build: facility per kW at power");
  fc_test_rel(m.chip_price_usd, 35558.8976207, 1e-9, "compose build: chips carried 18 months at 12 %");
  fc_test_rel(mix.time_to_power_months, 18, 1e-12, "compose build: power with the grid");
  fc_test_rel(mix.idc_usd, 1218943.7571387, 1e-9, "compose build: the site's interest");
  fc_test_rel(mix.construction_capex_usd, 1e7, 1e-12, "compose build: 1,000 kW x $10,000");
  fc_test_rel(mix.construction_capex_usd_per_mw, 1e7, 1e-12, "compose build: $ per MW");
  fc_test_rel(mix.chip_price_factor, 35558.8976207 / 30000, 1e-9, "compose build: chip price factor");
  fc_test_int((int)mix.waiting_on, 2, "compose build: waiting on the grid");
  d.build_chips_at_start = 0;
  m = before;
  fc_compose_build(&d, &m, 1, &mix, &e);
  fc_test_rel(m.chip_price_usd, 21466.2525840, 1e-9, "compose build: chips bought at power, 20 %/y lower");
  d.build_it_mw = NAN;
  m = before;
  fc_test_int(fc_compose_build(&d, &m, 1, &mix, &e), FC_OK, "compose build: none");
  fc_test_rel(m.chip_price_usd, 30000, 0, "compose build: none leaves the member");
  fc_test_int(isnan(mix.time_to_power_months), 1, "compose build: none, no figures");
  compose_build_desc(&d);
  d.build_bridge = 1; d.build_bridge_capex_usd_per_kw = 1500; d.build_fuel_usd_per_mmbtu = 3.5;
  m = before;
  fc_test_int(fc_compose_build(&d, &m, 1, &mix, &e), FC_EDOM, "compose build: bridge without heat rate");
  fc_test_int(strcmp(e.field, "build.heat_rate_mmbtu_per_mwh"), 0, "compose build: names the field");
  d.build_construction_months = NAN;
  fc_test_int(fc_compose_build(&d, &m, 1, &mix, &e), FC_EDOM, "compose build: no construction months");
  fc_test_int(strcmp(e.field, "build.construction_months"), 0, "compose build: names construction_months");
}

/* The Sobol model callback (fc_buildout_sobol_model): row r sets the grid
   months and the fuel price of the plan above with a bridge (construction 12
   binds, bridge permitted in 9); bridge fuel = 1,000 kW x 0.9 x (grid - 12)
   months x 730.5 h x 9 MMBtu/MWh x fuel: grid 18 at $3.5 gives $124,258.05
   (test_plan), grid 24 at $7 gives 4 x that, $497,032.20. */
static void test_sobol_model(void) {
  fc_buildout_plan_in in;
  fc_buildout_sobol c;
  const size_t inputs[2] = {FC_BMC_GRID_MONTHS, FC_BMC_FUEL_USD_PER_MMBTU};
  const double x[4] = {18, 3.5, 24, 7};
  double y[2];
  size_t bad_row = 99;
  const char *bad_field = "x";
  plan_inputs(&in);
  in.timeline.bridge = 1;
  c.base = &in; c.member = NULL; c.inputs = inputs; c.output = FC_BMC_OUT_BRIDGE_FUEL_USD;
  fc_test_int(fc_buildout_sobol_model(&c, x, 2, 2, y, &bad_row, &bad_field), FC_OK, "sobol model: status");
  fc_test_rel(y[0], 124258.05, 1e-9, "sobol model: row 1, the plan's fuel");
  fc_test_rel(y[1], 4 * 124258.05, 1e-9, "sobol model: row 2, twice the months at twice the price");
  c.output = FC_BMC_OUT_USD_PER_EFLOP;
  fc_test_int(fc_buildout_sobol_model(&c, x, 2, 2, y, &bad_row, &bad_field), FC_EINVAL,
              "sobol model: cost per EFLOP without a member");
}

/* Monte Carlo with every figure fixed at the plan's point figures: each draw
   is the point plan (the draws change nothing else). Grid months uniform on
   [36, 60] (construction 18, equipment 11, no bridge): power comes with the
   grid, so the time to power is the draw itself: mean (36 + 60) / 2 = 48,
   median 48, p05 36 + 0.05 x 24 = 37.2, p95 36 + 0.95 x 24 = 58.8. */
static void test_mc(void) {
  fc_buildout_plan_in in;
  fc_buildout_plan_out point;
  fc_dist d[FC_BMC_NINPUTS];
  double out[FC_BMC_NOUTPUTS * 4000], sum = 0, q[3];
  const double p[3] = {0.05, 0.5, 0.95};
  uint64_t bad, k;
  size_t i;
  plan_inputs(&in);
  fc_buildout_plan(&in, &point);
  for (i = 0; i < FC_BMC_NINPUTS; i++) fc_dist_fixed(fc_buildout_mc_input(&in, i), &d[i]);
  fc_test_int(fc_buildout_mc_run(&in, d, NULL, 10, 7, out, &bad), FC_OK, "mc fixed: status");
  fc_test_rel(out[FC_BMC_OUT_IDC_USD * 10 + 9], point.idc_usd, 1e-15, "mc fixed: draw 10's IDC is the point plan's");
  fc_test_rel(out[FC_BMC_OUT_ENERGIZED_MONTHS * 10 + 3], 18, 1e-15, "mc fixed: power at the grid's 18 months");
  fc_test_int(isnan(out[FC_BMC_OUT_USD_PER_EFLOP * 10]), 1, "mc without a member: no cost per EFLOP");
  fc_dist_uniform(36, 60, &d[FC_BMC_GRID_MONTHS]);
  fc_test_int(fc_buildout_mc_run(&in, d, NULL, 4000, 7, out, &bad), FC_OK, "mc grid: status");
  for (k = 0; k < 4000; k++) sum += out[FC_BMC_OUT_ENERGIZED_MONTHS * 4000 + k];
  fc_test_rel(sum / 4000, 48, 0.01, "mc grid: mean time to power (36 + 60) / 2");
  fc_mc_quantiles_exact(out + FC_BMC_OUT_ENERGIZED_MONTHS * 4000, 4000, p, 3, q);
  fc_test_rel(q[0], 37.2, 0.01, "mc grid: p05 = 36 + 0.05 x 24");
  fc_test_rel(q[2], 58.8, 0.01, "mc grid: p95 = 36 + 0.95 x 24");
  fc_test_int(fc_buildout_mc_run(&in, d, NULL, 0, 7, out, &bad), FC_EINVAL, "mc: no samples");
  fc_test_int(strcmp(fc_buildout_mc_input_name(FC_BMC_GRID_MONTHS), "grid_months") == 0, 1, "mc: input names");
}

/* Placement, by hand. Terms: 1,000 Mtok, 140e9 bytes of weights, 0.05 GB per Mtok
   of traffic, $0.125/GB, access RTT 5 ms, backbone 20 ms, SLO 0.5 s.
   A (train west, serve east): transfer 140 x 0.125 = 17.5, no traffic,
     total 100,000 + 17.5 + 1,000 x 0.2 = 100,217.5; TTFT 0.3 + 0.005 = 0.305.
   B (train and serve west, users east): traffic 1,000 x 0.05 x 0.125 = 6.25,
     total 100,000 + 1,000 x 0.15 + 6.25 = 100,156.25; TTFT 0.3 + 0.025 = 0.325.
   B is cheaper and within 0.5 s; at an SLO of 0.31 s only A is feasible. */
static void test_place(void) {
  fc_place_option o[2] = {{100000, 0.2, 0.3, 1, 0}, {100000, 0.15, 0.3, 0, 1}};
  fc_place_terms t = {1000, 140e9, 0.05, 0.125, 0.005, 0.020, 0.5, INFINITY};
  fc_place_result r[2];
  double left;
  int best, bad;
  fc_test_int(fc_buildout_place(o, 2, &t, r, &best, &bad), FC_OK, "place: status");
  fc_test_rel(r[0].total_usd, 100217.5, 1e-12, "place A: 100,000 + 17.5 + 200");
  fc_test_rel(r[1].total_usd, 100156.25, 1e-12, "place B: 100,000 + 150 + 6.25");
  fc_test_rel(r[1].ttft_seen_s, 0.325, 1e-12, "place B: 0.3 + 0.005 + 0.020");
  fc_test_int(best, 1, "place: B is the cheapest within the SLO");
  fc_test_int(fc_buildout_place_ttft_left(&t, 1, &left), FC_OK, "ttft left: status");
  fc_test_rel(left, 0.475, 1e-12, "ttft left far: 0.5 - 0.005 - 0.020");
  t.slo_ttft_s = 0.31;
  fc_buildout_place(o, 2, &t, r, &best, &bad);
  fc_test_int(best, 0, "place: SLO 0.31 s leaves A");
  t.budget_usd = 1000;
  fc_buildout_place(o, 2, &t, r, &best, &bad);
  fc_test_int(best, -1, "place: a $1,000 budget leaves none");
  o[1].serve_ttft_s = -1;
  fc_test_int(fc_buildout_place(o, 2, &t, r, &best, &bad), FC_EDOM, "place: a negative TTFT");
  fc_test_int(bad, 1, "place: names option 2");
}

/* Placement Monte Carlo, by hand: test_place's options and terms with the
   price per GB g ~ U(0.05, 0.15) and the backbone b ~ U(10, 30) ms drawn
   (access 5 ms, 0.05 GB per Mtok fixed), SLO 0.33 s.
   A: 100,000 + 140 g + 200, mean 100,214; TTFT 0.305 s, always feasible.
   B: 100,000 + 150 + 1,000 x 0.05 g, mean 100,155; TTFT 0.305 + b/1000 <= 0.33
      when b <= 25 ms: P = (25 - 10) / 20 = 0.75, and then the cheaper (at most
      100,157.5 against A's at least 100,207).
   Wins: B 75 %, A 25 %; mean best total = 0.75 x 100,155 + 0.25 x 100,214
   = 100,169.75 (g and b drawn independently); mean TTFT of B 0.305 + 0.020. */
static void test_place_mc(void) {
  enum { N = 20000 };
  static double total[2 * N], ttft[2 * N], best[N];
  uint64_t wins[2], feasible[2], bad, k;
  fc_place_option o[2] = {{100000, 0.2, 0.3, 1, 0}, {100000, 0.15, 0.3, 0, 1}};
  fc_place_terms t = {1000, 140e9, 0.05, 0.125, 0.005, 0.020, 0.33, INFINITY};
  fc_place_mc_out out = {total, ttft, best, wins, feasible, 0};
  fc_dist d[FC_PMC_NINPUTS];
  double sa = 0, sbest = 0, sttft = 0;
  size_t i;
  for (i = 0; i < FC_PMC_NINPUTS; i++) fc_dist_fixed(fc_buildout_place_mc_input(&t, i), &d[i]);
  fc_test_rel(fc_buildout_place_mc_input(&t, FC_PMC_BACKBONE_RTT_MS), 20, 1e-12, "place mc: backbone in ms");
  fc_test_int(fc_buildout_place_mc_run(o, 2, &t, d, 5, 1, &out, &bad), FC_OK, "place mc fixed: status");
  fc_test_rel(total[1], 100217.5, 1e-12, "place mc fixed: A's total is test_place's");
  fc_test_int((int)wins[1], 5, "place mc fixed: B wins every draw at the point figures");
  fc_dist_uniform(0.05, 0.15, &d[FC_PMC_USD_PER_GB]);
  fc_dist_uniform(10, 30, &d[FC_PMC_BACKBONE_RTT_MS]);
  fc_test_int(fc_buildout_place_mc_run(o, 2, &t, d, N, 7, &out, &bad), FC_OK, "place mc: status");
  for (k = 0; k < N; k++) { sa += total[k]; sbest += best[k]; sttft += ttft[N + k]; }
  fc_test_rel(sa / N, 100214, 1e-5, "place mc: A's mean total 100,200 + 140 x 0.1");
  fc_test_rel((double)wins[1] / N, 0.75, 0.02, "place mc: B wins when b <= 25 ms, (25 - 10) / 20");
  fc_test_int((int)(wins[0] + wins[1] + out.none), N, "place mc: every draw has a winner or none");
  fc_test_int((int)feasible[0], N, "place mc: A is always feasible");
  fc_test_rel(sbest / N, 100169.75, 1e-5, "place mc: mean best 0.75 x 100,155 + 0.25 x 100,214");
  fc_test_rel(sttft / N, 0.325, 1e-3, "place mc: B's mean TTFT 0.305 + 0.020");
  fc_dist_uniform(-10, 30, &d[FC_PMC_BACKBONE_RTT_MS]);
  fc_test_int(fc_buildout_place_mc_run(o, 2, &t, d, N, 7, &out, &bad), FC_EDOM, "place mc: a negative round trip");
  fc_test_int(fc_buildout_place_mc_run(o, 2, &t, d, 0, 7, &out, &bad), FC_EINVAL, "place mc: no samples");
  fc_test_int(strcmp(fc_buildout_place_mc_input_name(FC_PMC_USD_PER_GB), "usd_per_gb") == 0, 1, "place mc: names");
}

/* The placement's Sobol model, two rows by hand (test_place's options): $/GB 0.125 and 0.25.
   B's total = 100,000 + 150 + 1,000 x 0.05 x g = 100,156.25 and 100,162.5; at SLO 0.31 s the
   best is A = 100,000 + 140 g + 200 = 100,217.5 and 100,235; a $1,000 budget leaves none. */
static void test_place_sobol_model(void) {
  fc_place_option o[2] = {{100000, 0.2, 0.3, 1, 0}, {100000, 0.15, 0.3, 0, 1}};
  fc_place_terms t = {1000, 140e9, 0.05, 0.125, 0.005, 0.020, 0.5, INFINITY};
  const size_t inputs[1] = {FC_PMC_USD_PER_GB};
  fc_place_sobol c = {o, 2, &t, inputs, FC_PMC_OUT_TOTAL_USD, 1};
  const double x[2] = {0.125, 0.25};
  double y[2];
  size_t bad_row;
  const char *bad_field;
  fc_test_int(fc_buildout_place_sobol_model(&c, x, 2, 1, y, &bad_row, &bad_field), FC_OK, "place sobol: status");
  fc_test_rel(y[0], 100156.25, 1e-12, "place sobol: B at $0.125/GB");
  fc_test_rel(y[1], 100162.5, 1e-12, "place sobol: B at $0.25/GB");
  t.slo_ttft_s = 0.31;
  c.output = FC_PMC_OUT_BEST_TOTAL_USD;
  fc_buildout_place_sobol_model(&c, x, 2, 1, y, &bad_row, &bad_field);
  fc_test_rel(y[1], 100235, 1e-12, "place sobol: best at SLO 0.31 s is A");
  t.budget_usd = 1000;
  fc_test_int(fc_buildout_place_sobol_model(&c, x, 2, 1, y, &bad_row, &bad_field), FC_ERANGE, "place sobol: none");
  fc_test_int(bad_row == 0 && bad_field != NULL, 1, "place sobol: names row 1 and the output");
  c.row = 2;
  fc_test_int(fc_buildout_place_sobol_model(&c, x, 2, 1, y, &bad_row, &bad_field), FC_EINVAL, "place sobol: row");
}

int main(void) {
  test_idc_linear();
  test_idc_scurve();
  test_time_to_power();
  test_bridge();
  test_idle_chips();
  test_water();
  test_compose_water();
  test_serve_water();
  test_plan();
  test_compose_build();
  test_sobol_model();
  test_mc();
  test_place();
  test_place_mc();
  test_place_sobol_model();
  return fc_test_summary("buildout");
}
