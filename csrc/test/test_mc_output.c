/* test_mc_output.c -- the serving outputs of a Monte Carlo run (fc_mc_output.h)
** against hand calculations.
**
** A serving composition with prefill share 0.2 of chip time, 2000 input and
** 500 output tokens per request. A cost of 2e11 $ per 1e18 tokens is
**   blended = 2e11 x 1e-12 = 0.2 $/Mtok,
**   per request = 0.2 x 2500 = 500 ($/Mtok x tokens),
**   input  = 500 x 0.2 / 2000 = 0.05 $/Mtok,
**   output = 500 x 0.8 / 500  = 0.8 $/Mtok;
** 1.5e8 kWh per 1e18 tokens is 1.5e8 x 3.6e6 J / 1e18 = 5.4e-4 J per token.
** So in a run the output cost is 0.8 / 2e11 = 4e-12 x usd_per_eflop sample by
** sample, and its mean 4e-12 x the mean of usd_per_eflop over the same draws.
*/
#include <math.h>
#include <string.h>
#include "fc.h"
#include "fc_mc.h"
#include "fc_mc_output.h"
#include "fc_test.h"
#include "fc_test_fixtures.h"

static void serving_mix(fc_compose_mix *m) {
  memset(m, 0, sizeof *m);
  m->prefill_share = 0.2;
  m->input_tokens = 2000.0;
  m->output_tokens = 500.0;
}

static void test_names(void) {
  size_t nr = fc_scenario_result_count();
  int i = fc_mc_output_index("usd_per_mtok_output");
  fc_test_int(fc_mc_output_count(), (long long)nr + 8, "four serving and four water outputs after the result fields");
  fc_test_int(i >= (int)nr, 1, "usd_per_mtok_output follows the result fields");
  fc_test_int(strcmp(fc_mc_output_name((size_t)i), "usd_per_mtok_output"), 0, "name round-trips");
  fc_test_int(fc_mc_output_index("usd_per_eflop"), fc_scenario_result_index("usd_per_eflop"), "result fields keep their index");
  fc_test_int(fc_mc_output_index("usd_per_mtok_outptu"), -1, "unknown name");
  fc_test_int((long long)fc_mc_output_source((size_t)fc_mc_output_index("j_per_token")),
              fc_scenario_result_index("kwh_per_eflop"), "J per token comes from kWh per 1e18 tokens");
}

static void test_values(void) {
  fc_compose_mix m;
  double y;
  serving_mix(&m);
  fc_mc_output_value((size_t)fc_mc_output_index("usd_per_mtok_blended"), 2e11, &m, &y);
  fc_test_rel(y, 0.2, 1e-15, "blended = 2e11 x 1e-12");
  fc_mc_output_value((size_t)fc_mc_output_index("usd_per_mtok_input"), 2e11, &m, &y);
  fc_test_rel(y, 0.05, 1e-15, "input = 500 x 0.2 / 2000");
  fc_mc_output_value((size_t)fc_mc_output_index("usd_per_mtok_output"), 2e11, &m, &y);
  fc_test_rel(y, 0.8, 1e-15, "output = 500 x 0.8 / 500");
  fc_mc_output_value((size_t)fc_mc_output_index("j_per_token"), 1.5e8, &m, &y);
  fc_test_rel(y, 5.4e-4, 1e-15, "J per token = 1.5e8 x 3.6e6 / 1e18");
  fc_test_int(fc_mc_output_value((size_t)fc_mc_output_index("usd_per_mtok_output"), 2e11, NULL, &y), FC_EINVAL,
              "a serving output without serving figures");
  m.prefill_share = NAN;
  fc_test_int(fc_mc_output_serves(&m), 0, "a training composition does not serve");
}

static void test_run(void) {
  fc_scenario_params p;
  fc_compose_mix m;
  fc_mc_input in;
  fc_mc_spec s;
  fc_mc_stats st[2];
  fc_mc_error err;
  int out[2];
  fc_fixture_h100(&p);
  serving_mix(&m);
  in.field = fc_scenario_field_index("electricity_usd_per_kwh");
  in.member = -1;
  fc_dist_uniform(0.05, 0.15, &in.dist);
  out[0] = fc_scenario_result_index("usd_per_eflop");
  out[1] = fc_mc_output_index("usd_per_mtok_output");
  memset(&s, 0, sizeof s);
  s.members = &p; s.n_members = 1; s.inputs = &in; s.n_inputs = 1; s.outputs = out; s.n_outputs = 2;
  s.seed = 7; s.samples = 50000; s.shard_count = 1; s.threads = 2; s.hist_bins = 50;
  fc_test_int(fc_mc_run(&s, st, &err), FC_EINVAL, "a serving output needs spec.serving");
  fc_mc_stats_free(&st[0]); fc_mc_stats_free(&st[1]);
  s.serving = &m;
  fc_test_int(fc_mc_run(&s, st, &err), FC_OK, "run with a serving output");
  fc_test_rel(st[1].mean, 4e-12 * st[0].mean, 1e-12, "mean $/Mtok output = 4e-12 x mean usd_per_eflop");
  fc_test_rel(st[1].min, 4e-12 * st[0].min, 1e-12, "min, sample by sample");
  fc_test_rel(st[1].max, 4e-12 * st[0].max, 1e-12, "max, sample by sample");
  fc_mc_stats_free(&st[0]); fc_mc_stats_free(&st[1]);
}

/*
** Water outputs (fc_compose_water_at: on site = IT kWh x WUE = kWh / PUE x WUE,
** off site = kWh x the grid's water). One member at PUE 1.25, WUE 0.4 L/kWh,
** grid 3 L/kWh, 2 kWh per EFLOP:
**   on site = 2 / 1.25 x 0.4 = 0.64, off site = 2 x 3 = 6, total 6.64 L/EFLOP;
** serving, 2 kWh per 1e18 tokens is 2 x 3.6e6 / 1e18 = 7.2e-12 J/token, so
**   per Mtok = (0.4 / 1.25 + 3) L/kWh x 7.2e-12 x 1e6 / 3.6e6 kWh = 6.64e-12.
*/
static void test_water_values(void) {
  fc_scenario_params p;
  fc_compose_mix m;
  double y;
  fc_fixture_h100(&p);
  p.pue = 1.25;
  serving_mix(&m);
  m.wue_l_per_kwh = 0.4;
  m.electricity_water_l_per_kwh = 3.0;
  fc_test_int(fc_mc_output_is_water((size_t)fc_mc_output_index("water_l_per_mtok")), 1, "water_l_per_mtok is water");
  fc_test_int((long long)fc_mc_output_source((size_t)fc_mc_output_index("water_l_per_eflop")),
              fc_scenario_result_index("kwh_per_eflop"), "water comes from kWh per EFLOP");
  fc_mc_output_water((size_t)fc_mc_output_index("water_onsite_l_per_eflop"), 2.0, &p, NULL, 1, &m, &y);
  fc_test_rel(y, 0.64, 1e-15, "on site = 2 / 1.25 x 0.4");
  fc_mc_output_water((size_t)fc_mc_output_index("water_offsite_l_per_eflop"), 2.0, &p, NULL, 1, &m, &y);
  fc_test_rel(y, 6.0, 1e-15, "off site = 2 x 3");
  fc_mc_output_water((size_t)fc_mc_output_index("water_l_per_eflop"), 2.0, &p, NULL, 1, &m, &y);
  fc_test_rel(y, 6.64, 1e-15, "total = 0.64 + 6");
  fc_mc_output_water((size_t)fc_mc_output_index("water_l_per_mtok"), 2.0, &p, NULL, 1, &m, &y);
  fc_test_rel(y, 6.64e-12, 1e-14, "per Mtok = 3.32 L/kWh x 7.2e-12 J/token / 3.6");
  fc_test_int(fc_mc_output_value((size_t)fc_mc_output_index("water_l_per_eflop"), 2.0, &m, &y), FC_EINVAL,
              "a water output needs the members (fc_mc_output_water)");
  m.prefill_share = NAN;
  fc_test_int(fc_mc_output_water((size_t)fc_mc_output_index("water_l_per_mtok"), 2.0, &p, NULL, 1, &m, &y),
              FC_EINVAL, "water per Mtok of a training composition");
  m.wue_l_per_kwh = NAN;
  fc_test_int(fc_mc_output_waters(&m), 0, "no WUE: no water figures");
  fc_test_int(fc_mc_output_water((size_t)fc_mc_output_index("water_l_per_eflop"), 2.0, &p, NULL, 1, &m, &y),
              FC_EINVAL, "a water output without water figures");
}

/*
** A run over PUE ~ U(1.1, 1.5): kWh per EFLOP is the IT energy x PUE, so on
** site (kWh / PUE x WUE) is the IT energy x WUE in every sample, and off site
** (kWh x grid water) has mean IT kWh x 1.3 x grid water (linear in PUE).
*/
static void test_water_run(void) {
  fc_scenario_params p;
  fc_scenario_result r;
  fc_compose_mix m;
  fc_mc_input in;
  fc_mc_spec s;
  fc_mc_stats st[2];
  fc_mc_error err;
  double it_kwh;
  int out[2];
  fc_fixture_h100(&p);
  fc_scenario_eval(&p, &r, NULL);
  it_kwh = r.kwh_per_eflop / p.pue;
  memset(&m, 0, sizeof m);
  m.prefill_share = NAN;
  m.wue_l_per_kwh = 0.4;
  m.electricity_water_l_per_kwh = 3.0;
  in.field = fc_scenario_field_index("pue");
  in.member = -1;
  fc_dist_uniform(1.1, 1.5, &in.dist);
  out[0] = fc_mc_output_index("water_onsite_l_per_eflop");
  out[1] = fc_mc_output_index("water_offsite_l_per_eflop");
  memset(&s, 0, sizeof s);
  s.members = &p; s.n_members = 1; s.inputs = &in; s.n_inputs = 1; s.outputs = out; s.n_outputs = 2;
  s.seed = 3; s.samples = 40000; s.shard_count = 1; s.threads = 2; s.hist_bins = 50;
  fc_test_int(fc_mc_run(&s, st, &err), FC_EINVAL, "a water output needs spec.serving's water figures");
  fc_mc_stats_free(&st[0]); fc_mc_stats_free(&st[1]);
  s.serving = &m;
  fc_test_int(fc_mc_run(&s, st, &err), FC_OK, "run with water outputs");
  fc_test_rel(st[0].min, it_kwh * 0.4, 1e-12, "on site = IT kWh x WUE, smallest sample");
  fc_test_rel(st[0].max, it_kwh * 0.4, 1e-12, "on site = IT kWh x WUE, largest sample");
  /* sd of the mean: IT kWh x 3 x 0.4 / sqrt(12) / sqrt(40000) = 0.0017 x IT kWh x 3, 0.05 % of the mean */
  fc_test_rel(st[1].mean, it_kwh * 1.3 * 3.0, 2e-3, "off site mean = IT kWh x E[PUE] x 3");
  fc_mc_stats_free(&st[0]); fc_mc_stats_free(&st[1]);
}

int main(void) {
  test_names();
  test_values();
  test_run();
  test_water_values();
  test_water_run();
  return fc_test_summary("mc_output");
}
