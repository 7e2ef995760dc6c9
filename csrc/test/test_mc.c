/* test_mc.c -- Monte Carlo engine against hand calculations.
**
** Scenario: the H100 of test_scenario.c (kWh per accelerator-hour 1.330875,
** useful FLOP per hour 9.7461792e17). The energy cost per 1e18 FLOP is linear
** in the electricity price x: energy_usd_per_eflop = 1.330875 x / 0.97461792
** = 1.3655351 x. With x ~ uniform(0.05, 0.15):
**   mean = 1.3655351 x 0.10 = 0.13655351,
**   sd   = 1.3655351 x 0.10 / sqrt(12) = 0.03941960,
**   median = 0.13655351, p5 = 1.3655351 x 0.055 = 0.07510443.
** Tornado at p5 / p95: low = 0.07510443, high = 1.3655351 x 0.145 = 0.19800259.
** Exact quantiles, type 7, of 1..10: q(0.5) = 5.5, q(0.25) = 3.25, q(0.9) = 9.1.
** Spearman of (1,2,3,4,5) and (2,1,4,3,5): 1 - 6 x 4 / (5 x 24) = 0.8.
*/
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "fc.h"
#include "fc_mc.h"
#include "fc_test.h"
#include "fc_test_fixtures.h"

static void h100(fc_scenario_params *p) {
  fc_fixture_h100(p);
}

static void spec_init(fc_mc_spec *s, const fc_scenario_params *p, const fc_mc_input *in, size_t nin,
                      const int *out, size_t nout) {
  memset(s, 0, sizeof *s);
  s->members = p; s->n_members = 1;
  s->inputs = in; s->n_inputs = nin;
  s->outputs = out; s->n_outputs = nout;
  s->seed = 42; s->samples = 200000; s->shard_count = 1; s->threads = 1; s->hist_bins = 50;
}

static int same_stats(const fc_mc_stats *a, const fc_mc_stats *b) {
  return a->n == b->n && a->mean == b->mean && a->m2 == b->m2 && a->min == b->min &&
         a->max == b->max && a->under == b->under && a->over == b->over && a->bins == b->bins &&
         memcmp(a->counts, b->counts, a->bins * sizeof *a->counts) == 0;
}

/* Every kept sample's output equals fc_scenario_eval (or _eval_mix) of the
   base with that sample's kept inputs: the block engine computes exactly
   what one evaluation at a time would. */
static int replay_matches(const fc_mc_spec *s, const double *ins, const double *outs, size_t n) {
  fc_scenario_params work[4];
  fc_scenario_result r;
  size_t i, j, m, bi;
  const char *bad;
  for (i = 0; i < n; i++) {
    memcpy(work, s->members, s->n_members * sizeof *work);
    for (j = 0; j < s->n_inputs; j++)
      for (m = 0; m < s->n_members; m++)
        if (s->inputs[j].member < 0 || (size_t)s->inputs[j].member == m)
          *fc_scenario_field_ptr(&work[m], (size_t)s->inputs[j].field) = ins[j * n + i];
    if ((s->mix ? fc_scenario_eval_mix(work, s->counts, s->n_members, s->coupling, s->penalty, &r, &bi, &bad)
                : fc_scenario_eval(work, &r, &bad)) != FC_OK)
      return 0;
    if (fc_scenario_result_get(&r, (size_t)s->outputs[0]) != outs[i]) return 0;
  }
  return 1;
}

/* Mean and M2 by two passes over the kept samples, the reference for the
   engine's shifted per-chunk sums. */
static void two_pass(const double *x, size_t n, double *mean, double *m2) {
  size_t i;
  double s = 0.0, d2 = 0.0;
  for (i = 0; i < n; i++) s += x[i];
  *mean = s / (double)n;
  for (i = 0; i < n; i++) d2 += (x[i] - *mean) * (x[i] - *mean);
  *m2 = d2;
}

/* The bench scenario (five inputs of four kinds) and a two-member mix with
   member-specific and capital-rate inputs: replayed sample by sample, exact
   quantiles from the histogram equal those of a full selection, moments equal
   two-pass moments. */
static void check_engine(void) {
  fc_scenario_params m[2];
  fc_mc_input in[6];
  fc_mc_spec s;
  fc_mc_stats st[1], st2[1];
  fc_mc_error err;
  const size_t n = 150000;
  double *ins = malloc(6 * n * sizeof *ins), *outs = malloc(n * sizeof *outs), *copy = malloc(n * sizeof *copy);
  double ps[7] = {0.0, 0.001, 0.05, 0.5, 0.95, 0.999, 1.0}, qb[7], qe[7], mean, m2, counts[2] = {3, 1};
  int out = fc_scenario_result_index("usd_per_eflop"), k, same = 1;
  unsigned t;
  fc_fixture_h100(&m[0]);
  in[0].field = fc_scenario_field_index("electricity_usd_per_kwh"); fc_dist_lognormal90(0.01, 1.0, &in[0].dist);
  in[1].field = fc_scenario_field_index("chip_price_usd"); fc_dist_pert(25000, 30000, 40000, &in[1].dist);
  in[2].field = fc_scenario_field_index("utilization"); fc_dist_uniform(0.6, 0.9, &in[2].dist);
  in[3].field = fc_scenario_field_index("mfu"); fc_dist_triangular(0.3, 0.4, 0.5, &in[3].dist);
  in[4].field = fc_scenario_field_index("pue"); fc_dist_triangular(1.1, 1.2, 1.5, &in[4].dist);
  for (k = 0; k < 5; k++) in[k].member = -1;
  memset(&s, 0, sizeof s);
  s.members = m; s.n_members = 1; s.inputs = in; s.n_inputs = 5; s.outputs = &out; s.n_outputs = 1;
  s.seed = 9; s.samples = n; s.shard_count = 1; s.threads = 2; s.hist_bins = 50;
  s.in_samples = ins; s.out_samples = outs;
  fc_test_int(fc_mc_run(&s, st, &err), FC_OK, "engine: five-input run");
  fc_test_int(replay_matches(&s, ins, outs, n), 1, "engine: every sample equals fc_scenario_eval of its inputs");
  fc_test_int(st[0].under + st[0].over > 0, 1, "engine: heavy tail reaches beyond the pilot's histogram");
  memcpy(copy, outs, n * sizeof *copy);
  fc_mc_quantiles_exact(copy, n, ps, 7, qe);
  for (t = 1; t <= 3; t += 2) { /* one thread, and the copying pass split over two */
    fc_test_int(fc_mc_quantiles_binned(outs, n, &st[0], ps, 7, qb, t), FC_OK, "engine: binned quantiles");
    for (k = 0; k < 7; k++) same = same && qb[k] == qe[k];
  }
  fc_test_int(same, 1, "engine: binned quantiles (1 and 3 threads) equal a full selection, p = 0 .. 1");
  fc_test_int(qb[0] == st[0].min && qb[6] == st[0].max, 1, "engine: q(0), q(1) are min and max");
  two_pass(outs, n, &mean, &m2);
  fc_test_rel(st[0].mean, mean, 1e-13, "engine: shifted-sum mean equals two-pass mean");
  fc_test_rel(st[0].m2, m2, 1e-11, "engine: shifted-sum M2 equals two-pass M2");
  st2[0] = st[0];
  st2[0].n = n - 1;
  fc_test_int(fc_mc_quantiles_binned(outs, n, &st2[0], ps, 7, qb, 1), FC_EINVAL, "engine: stats of other samples refused");
  fc_mc_stats_free(&st[0]);

  /* a mix: member-specific price, shared wacc (capital rates per sample) */
  m[1] = m[0];
  m[1].chip_price_usd = 12000; m[1].peak_flops_per_s = 400e12; m[1].tdp_w = 400; m[1].idle_w = 80;
  in[1].member = 1; fc_dist_uniform(8000, 16000, &in[1].dist);
  in[5].field = fc_scenario_field_index("wacc"); in[5].member = -1; fc_dist_uniform(0.04, 0.12, &in[5].dist);
  s.members = m; s.n_members = 2; s.mix = 1; s.counts = counts; s.coupling = FC_COUPLING_LOCKSTEP;
  s.penalty = 0.1; s.n_inputs = 6; s.samples = 20000;
  fc_test_int(fc_mc_run(&s, st, &err), FC_OK, "engine: mix run");
  fc_test_int(replay_matches(&s, ins, outs, 20000), 1, "engine: every mix sample equals fc_scenario_eval_mix");
  fc_mc_stats_free(&st[0]);

  /* one member, another output, capital rates per sample (the one-output
     path keeps only that field of the chain) */
  out = fc_scenario_result_index("energy_usd_per_eflop");
  in[1].member = -1; fc_dist_pert(25000, 30000, 40000, &in[1].dist);
  s.members = m; s.n_members = 1; s.mix = 0; s.counts = NULL;
  fc_test_int(fc_mc_run(&s, st, &err), FC_OK, "engine: energy output, wacc input");
  fc_test_int(replay_matches(&s, ins, outs, 20000), 1, "engine: every energy_usd_per_eflop equals fc_scenario_eval's");
  fc_mc_stats_free(&st[0]);
  free(ins); free(outs); free(copy);
}

/* The one cut (fc_mc_cut): 46 cells in 4 parts: floor(46 i / 4) = 0, 11, 23, 34, 46
   -> 11, 12, 11, 12 cells; 3 items in 5 parts: 0 0 1 1 2 3 -> two empty parts. */
static void test_cut(void) {
  static const uint64_t want46[5] = {0, 11, 23, 34, 46}, want3[6] = {0, 0, 1, 1, 2, 3};
  uint64_t a, b, i;
  for (i = 0; i < 4; i++) {
    fc_test_int(fc_mc_cut(46, i, 4, &a, &b), FC_OK, "cut status");
    fc_test_int((long long)a, (long long)want46[i], "46/4 first");
    fc_test_int((long long)b, (long long)want46[i + 1], "46/4 end");
  }
  for (i = 0; i < 5; i++) {
    fc_mc_cut(3, i, 5, &a, &b);
    fc_test_int((long long)a, (long long)want3[i], "3/5 first");
    fc_test_int((long long)b, (long long)want3[i + 1], "3/5 end");
  }
  fc_test_int(fc_mc_cut(3, 5, 5, &a, &b), FC_EINVAL, "i = n");
  fc_test_int(fc_mc_cut(3, 0, 0, &a, &b), FC_EINVAL, "n = 0");
}

static void test_exact_quantiles_and_spearman(void) {
  double v[10] = {7, 3, 10, 1, 5, 9, 2, 8, 6, 4}, ps[3] = {0.9, 0.5, 0.25}, qs[3];
  double x5[5] = {1, 2, 3, 4, 5}, y5[5] = {2, 1, 4, 3, 5}, rho;
  fc_test_int(fc_mc_quantiles_exact(v, 10, ps, 3, qs), FC_OK, "exact quantiles status");
  fc_test_rel(qs[0], 9.1, 1e-12, "type-7 q(0.9) of 1..10");
  fc_test_rel(qs[1], 5.5, 1e-12, "type-7 q(0.5) of 1..10");
  fc_test_rel(qs[2], 3.25, 1e-12, "type-7 q(0.25) of 1..10");
  fc_mc_spearman(x5, y5, 5, &rho);
  fc_test_rel(rho, 0.8, 1e-12, "spearman hand example");
}

/* The run of the top of this file: electricity ~ uniform(0.05, 0.15), outputs
   energy_usd_per_eflop and usd_per_eflop, 200,000 samples (spec_init). */
static void linear_run(fc_scenario_params *p, fc_mc_input *in, int *out, fc_mc_spec *s) {
  h100(p);
  in[0].field = fc_scenario_field_index("electricity_usd_per_kwh");
  in[0].member = -1;
  fc_dist_uniform(0.05, 0.15, &in[0].dist);
  out[0] = fc_scenario_result_index("energy_usd_per_eflop");
  out[1] = fc_scenario_result_index("usd_per_eflop");
  spec_init(s, p, in, 1, out, 2);
}

/* one uniform input, output linear in it: moments and quantiles by hand */
static void test_linear_output_by_hand(void) {
  fc_scenario_params p;
  fc_mc_input in[2];
  fc_mc_spec s;
  fc_mc_error err;
  int out[2];
  fc_mc_stats st1[2];
  double q;
  uint64_t hist[50];
  int i;
  linear_run(&p, in, out, &s);
  fc_test_int(fc_mc_run(&s, st1, &err), FC_OK, "run status");
  fc_test_int((long long)st1[0].n, 200000, "n");
  /* tolerance: 5 standard errors, 0.0394196 / sqrt(2e5) = 8.8e-5 -> 3.3e-3 relative */
  fc_test_rel(st1[0].mean, 0.13655351, 3.3e-3, "mean of linear output");
  fc_test_rel(fc_mc_stats_sd(&st1[0]), 0.03941960, 0.01, "sd of linear output");
  fc_mc_stats_quantile(&st1[0], 0.05, &q);
  fc_test_rel(q, 0.07510443, 5e-3, "streaming p5");
  fc_mc_stats_quantile(&st1[0], 0.5, &q);
  fc_test_rel(q, 0.13655351, 5e-3, "streaming median");
  fc_test_int(fc_mc_stats_histogram(&st1[0], 50, hist), FC_OK, "display histogram");
  {
    uint64_t tot = st1[0].under + st1[0].over;
    for (i = 0; i < 50; i++) tot += hist[i];
    fc_test_int((long long)tot, 200000, "histogram counts sum to n");
  }
  fc_test_rel(st1[0].min, 1.3655351 * 0.05, 1e-3, "min near the lower bound");
  fc_mc_stats_free(&st1[0]);
  fc_mc_stats_free(&st1[1]);
}

static void test_bit_identical_for_1_2_4_threads(void) {
  fc_scenario_params p;
  fc_mc_input in[2];
  fc_mc_spec s;
  fc_mc_error err;
  int out[2];
  fc_mc_stats st1[2], st2[2], st4[2];
  int i;
  linear_run(&p, in, out, &s);
  fc_test_int(fc_mc_run(&s, st1, &err), FC_OK, "run status");
  /* bit-identical for 2 and 4 threads */
  s.threads = 2;
  fc_test_int(fc_mc_run(&s, st2, &err), FC_OK, "run 2 threads");
  s.threads = 4;
  fc_test_int(fc_mc_run(&s, st4, &err), FC_OK, "run 4 threads");
  fc_test_int(same_stats(&st1[0], &st2[0]) && same_stats(&st1[1], &st2[1]), 1, "1 vs 2 threads identical");
  fc_test_int(same_stats(&st1[0], &st4[0]) && same_stats(&st1[1], &st4[1]), 1, "1 vs 4 threads identical");
  for (i = 0; i < 2; i++) { fc_mc_stats_free(&st1[i]); fc_mc_stats_free(&st2[i]); fc_mc_stats_free(&st4[i]); }
}

static void test_shards_merge_into_the_whole_run(void) {
  fc_scenario_params p;
  fc_mc_input in[2];
  fc_mc_spec s;
  fc_mc_error err;
  int out[2];
  fc_mc_stats st1[2], sh[3][2], merged;
  int i;
  linear_run(&p, in, out, &s);
  fc_test_int(fc_mc_run(&s, st1, &err), FC_OK, "run status");
  /* shards 0..2 of 3 merge into the whole run */
  s.threads = 2;
  for (i = 0; i < 3; i++) {
    s.shard_index = (unsigned)i; s.shard_count = 3;
    fc_test_int(fc_mc_run(&s, sh[i], &err), FC_OK, "shard run");
  }
  fc_mc_stats_init(&merged, sh[0][1].lo, sh[0][1].hi, sh[0][1].bins);
  for (i = 0; i < 3; i++) fc_test_int(fc_mc_stats_merge(&merged, &sh[i][1]), FC_OK, "merge");
  fc_test_int((long long)merged.n, 200000, "merged n");
  fc_test_rel(merged.mean, st1[1].mean, 1e-13, "merged mean");
  fc_test_rel(merged.m2, st1[1].m2, 1e-11, "merged M2");
  fc_test_int(memcmp(merged.counts, st1[1].counts, merged.bins * sizeof *merged.counts) == 0, 1,
              "merged histogram counts exact");
  fc_test_int(fc_mc_stats_merge(&merged, &sh[0][0]), FC_EINVAL, "merge with other edges refused");
  fc_mc_stats_free(&merged);
  for (i = 0; i < 3; i++) { fc_mc_stats_free(&sh[i][0]); fc_mc_stats_free(&sh[i][1]); }
  fc_mc_stats_free(&st1[0]);
  fc_mc_stats_free(&st1[1]);
}

static void test_exact_and_streaming_quantiles_agree(void) {
  fc_scenario_params p;
  fc_mc_input in[2];
  fc_mc_spec s;
  fc_mc_error err;
  int out[2];
  fc_mc_stats st4[2];
  double q, ps[1], qs[1], *samples;
  uint64_t first, count;
  linear_run(&p, in, out, &s);
  s.threads = 2;
  /* kept samples: exact quantiles agree with the streaming ones within a bin */
  s.shard_index = 0; s.shard_count = 1; s.n_outputs = 1; s.samples = 100000;
  fc_mc_shard_range(&s, &first, &count);
  samples = malloc(count * sizeof *samples);
  s.out_samples = samples;
  fc_test_int(fc_mc_run(&s, st4, &err), FC_OK, "run keeping samples");
  ps[0] = 0.05;
  fc_mc_quantiles_exact(samples, (size_t)count, ps, 1, qs);
  fc_mc_stats_quantile(&st4[0], 0.05, &q);
  fc_test_rel(q, qs[0], (st4[0].hi - st4[0].lo) / (double)st4[0].bins / qs[0], "streaming vs exact p5");
  fc_test_rel(qs[0], 0.07510443, 5e-3, "exact p5");
  free(samples);
  s.out_samples = NULL;
  fc_mc_stats_free(&st4[0]);
}

/* a second, correlated input and Spearman: price up -> cost up */
static void test_spearman_of_two_inputs(void) {
  fc_scenario_params p;
  fc_mc_input in[2];
  fc_mc_spec s;
  fc_mc_error err;
  int out[2];
  fc_mc_stats st4[2];
  double rho, *ins, *outs;
  linear_run(&p, in, out, &s);
  s.threads = 2;
  in[1].field = fc_scenario_field_index("mfu");
  in[1].member = -1;
  fc_dist_uniform(0.3, 0.5, &in[1].dist);
  s.n_inputs = 2; s.samples = 50000; s.n_outputs = 1; s.outputs = &out[1];
  ins = malloc(2 * 50000 * sizeof *ins);
  outs = malloc(50000 * sizeof *outs);
  s.in_samples = ins; s.out_samples = outs;
  fc_test_int(fc_mc_run(&s, st4, &err), FC_OK, "two-input run");
  fc_mc_spearman(ins, outs, 50000, &rho);
  fc_test_int(rho > 0.0 && rho < 0.3, 1, "price weakly raises total cost");
  fc_mc_spearman(ins + 50000, outs, 50000, &rho);
  fc_test_int(rho < -0.9, 1, "MFU strongly lowers cost per FLOP");
  free(ins); free(outs);
  fc_mc_stats_free(&st4[0]);
}

static void test_tornado_by_hand(void) {
  fc_scenario_params p;
  fc_mc_input in[2];
  fc_mc_spec s;
  fc_mc_error err;
  int out[2];
  double base, lo, hi, inlo, inhi;
  linear_run(&p, in, out, &s);
  /* tornado */
  fc_test_int(fc_mc_tornado(&s, out[0], 0.05, 0.95, &base, &lo, &hi, &inlo, &inhi, &err), FC_OK,
              "tornado status");
  fc_test_rel(base, 0.13655351, 1e-7, "tornado base at the median price");
  fc_test_rel(lo, 0.07510443, 1e-7, "tornado low");
  fc_test_rel(hi, 0.19800259, 1e-7, "tornado high");
  fc_test_rel(inlo, 0.055, 1e-12, "tornado input low");
}

/* a distribution that leaves the domain: first failing sample, any thread count */
static void test_first_failing_sample_for_any_thread_count(void) {
  fc_scenario_params p;
  fc_mc_input in[2];
  fc_mc_spec s;
  fc_mc_error err;
  int out[2];
  fc_mc_stats st2[2];
  uint64_t first_bad;
  linear_run(&p, in, out, &s);
  s.n_outputs = 1;
  fc_dist_normal(0.02, 0.05, &in[0].dist);
  s.samples = 300000; s.threads = 1;
  fc_test_int(fc_mc_run(&s, st2, &err), FC_EDOM, "negative price -> FC_EDOM");
  fc_test_int(strcmp(err.field ? err.field : "", "electricity_usd_per_kwh"), 0, "error names the field");
  fc_test_int(err.value < 0, 1, "error carries the drawn value");
  first_bad = err.sample;
  fc_mc_stats_free(&st2[0]);
  s.threads = 2;
  fc_mc_run(&s, st2, &err);
  fc_test_int((long long)err.sample, (long long)first_bad, "same failing sample with 2 threads");
  fc_mc_stats_free(&st2[0]);
}

static void test_bad_specs_refused(void) {
  fc_scenario_params p;
  fc_mc_input in[2];
  fc_mc_spec s;
  fc_mc_error err;
  int out[2];
  fc_mc_stats st2[2];
  linear_run(&p, in, out, &s);
  s.n_outputs = 1;
  /* bad specs */
  s.threads = 0;
  fc_test_int(fc_mc_run(&s, st2, &err), FC_EINVAL, "zero threads");
  s.threads = 1; s.shard_index = 3; s.shard_count = 3;
  fc_test_int(fc_mc_run(&s, st2, &err), FC_EINVAL, "shard index out of range");
}

int main(void) {
  test_cut();
  test_exact_quantiles_and_spearman();
  test_linear_output_by_hand();
  test_bit_identical_for_1_2_4_threads();
  test_shards_merge_into_the_whole_run();
  test_exact_and_streaming_quantiles_agree();
  check_engine();
  test_spearman_of_two_inputs();
  test_tornado_by_hand();
  test_first_failing_sample_for_any_thread_count();
  test_bad_specs_refused();
  return fc_test_summary("mc");
}
