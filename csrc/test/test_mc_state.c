/* test_mc_state.c -- Monte Carlo states and their merge (fc_mc_state.c).
**
** The run of test_mc.c: the H100 fixture with the electricity price x ~
** uniform(0.05, 0.15); the energy cost per 1e18 FLOP is 1.3655351 x, so its
** mean is 1.3655351 x 0.10 = 0.13655351 (hand calculation in test_mc.c).
** Three shards of 200,000 samples merged must give the whole run's count and
** histogram exactly and its mean to rounding, whatever order they are given in.
*/
#include <string.h>
#include "fc.h"
#include "fc_mc.h"
#include "fc_mc_state.h"
#include "fc_test.h"
#include "fc_test_fixtures.h"

static fc_scenario_params base;
static fc_mc_input in[1];
static int out[1];

static void spec_init(fc_mc_spec *s) {
  memset(s, 0, sizeof *s);
  s->members = &base; s->n_members = 1;
  s->inputs = in; s->n_inputs = 1;
  s->outputs = out; s->n_outputs = 1;
  s->seed = 42; s->samples = 200000; s->shard_count = 1; s->threads = 1; s->hist_bins = 50;
}

/* Runs shard i of n into a state. */
static int run_state(unsigned i, unsigned n, fc_mc_state *st) {
  fc_mc_spec s;
  fc_mc_error err;
  static const double p[3] = {0.05, 0.5, 0.95};
  int rc;
  spec_init(&s);
  s.shard_index = i; s.shard_count = n;
  if ((rc = fc_mc_state_header(st, &s, p, 3)) != FC_OK) return rc;
  st->n_outputs = 1;
  strcpy(st->names[0], "energy_usd_per_eflop");
  return fc_mc_run(&s, st->stats, &err);
}

static int same_bits(const fc_mc_stats *a, const fc_mc_stats *b) {
  return a->n == b->n && memcmp(&a->mean, &b->mean, sizeof a->mean) == 0 &&
         memcmp(&a->m2, &b->m2, sizeof a->m2) == 0 && a->bins == b->bins &&
         memcmp(a->counts, b->counts, a->bins * sizeof *a->counts) == 0;
}

int main(void) {
  fc_mc_state whole, sh[3], list[3], m1, m2, bad[2];
  fc_mc_state_error err;
  int complete = -1, i;

  fc_fixture_h100(&base);
  in[0].field = fc_scenario_field_index("electricity_usd_per_kwh");
  in[0].member = -1;
  fc_dist_uniform(0.05, 0.15, &in[0].dist);
  out[0] = fc_scenario_result_index("energy_usd_per_eflop");

  fc_test_int(run_state(0, 1, &whole), FC_OK, "whole run");
  for (i = 0; i < 3; i++) fc_test_int(run_state((unsigned)i, 3, &sh[i]), FC_OK, "shard run");

  /* given in the order 3, 1, 2 */
  list[0] = sh[2]; list[1] = sh[0]; list[2] = sh[1];
  fc_test_int(fc_mc_state_merge(list, 3, &m1, &complete, &err), FC_OK, "merge 3 of 3");
  fc_test_int(complete, 1, "complete");
  fc_test_int((long long)m1.stats[0].n, 200000, "merged n");
  fc_test_int((long long)m1.shard_count, 1, "merged state is shard 1 of 1");
  /* 5 standard errors: 0.0394196 / sqrt(2e5) x 5 / 0.13655351 = 3.3e-3 */
  fc_test_rel(m1.stats[0].mean, 0.13655351, 3.3e-3, "merged mean, hand calculation");
  fc_test_rel(m1.stats[0].mean, whole.stats[0].mean, 1e-13, "merged mean = whole run's");
  fc_test_int(memcmp(m1.stats[0].counts, whole.stats[0].counts, whole.stats[0].bins * sizeof(uint64_t)) == 0, 1,
              "merged histogram = whole run's");
  fc_test_int(strcmp(m1.names[0], "energy_usd_per_eflop"), 0, "output name kept");

  /* order of the list does not matter */
  fc_test_int(fc_mc_state_merge(sh, 3, &m2, &complete, &err), FC_OK, "merge in shard order");
  fc_test_int(same_bits(&m1.stats[0], &m2.stats[0]), 1, "merge independent of list order");
  fc_mc_state_free(&m2);

  /* two of three: merges, says it is incomplete */
  list[0] = sh[0]; list[1] = sh[2];
  fc_test_int(fc_mc_state_merge(list, 2, &m2, &complete, &err), FC_OK, "merge 2 of 3");
  fc_test_int(complete, 0, "2 of 3 is not complete");
  fc_test_int((long long)m2.stats[0].n, (long long)(sh[0].stats[0].n + sh[2].stats[0].n), "n of 2 of 3");
  fc_mc_state_free(&m2);

  /* refusals, with the state and the reason */
  bad[0] = sh[0]; bad[1] = sh[0];
  fc_test_int(fc_mc_state_merge(bad, 2, &m2, NULL, &err), FC_EINVAL, "a shard twice refused");
  fc_test_int((long long)err.state, 1, "a shard twice: state 2");
  fc_test_int(strcmp(err.what, "shard appears twice"), 0, "a shard twice: reason");
  fc_mc_state_free(&m2);
  bad[1] = sh[1]; bad[1].seed = 43;
  fc_test_int(fc_mc_state_merge(bad, 2, &m2, NULL, &err), FC_EINVAL, "another seed refused");
  fc_test_int(strcmp(err.what, "seed differs from state 1"), 0, "another seed: reason");
  fc_mc_state_free(&m2);
  bad[1] = sh[1]; strcpy(bad[1].rng, "mt19937");
  fc_test_int(fc_mc_state_merge(bad, 2, &m2, NULL, &err), FC_EINVAL, "another generator refused");
  fc_mc_state_free(&m2);
  fc_test_int(fc_mc_state_merge(sh, 0, &m2, NULL, &err), FC_EINVAL, "no states refused");
  fc_mc_state_free(&m2);

  fc_mc_state_free(&m1);
  fc_mc_state_free(&whole);
  for (i = 0; i < 3; i++) fc_mc_state_free(&sh[i]);
  return fc_test_summary("mc_state");
}
