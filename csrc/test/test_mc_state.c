/* test_mc_state.c -- Monte Carlo states and their merge (fc_mc_state.c).
**
** The run of test_mc.c: the H100 fixture with the electricity price x ~
** uniform(0.05, 0.15); the energy cost per 1e18 FLOP is 1.3655351 x, so its
** mean is 1.3655351 x 0.10 = 0.13655351 (hand calculation in test_mc.c).
** Three shards of 200,000 samples merged must give the whole run's count,
** histogram, mean and M2 bit for bit, whatever order they are given in.
*/
#include <math.h>
#include <stdio.h>
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
  if ((rc = fc_mc_state_init(st, &s, 1, p, 3)) != FC_OK) return rc;
  strcpy(st->names[0], "energy_usd_per_eflop");
  s.chunk_parts = st->parts[0];
  return fc_mc_run(&s, st->stats, &err);
}

static int same_bits(const fc_mc_stats *a, const fc_mc_stats *b) {
  return a->n == b->n && memcmp(&a->mean, &b->mean, sizeof a->mean) == 0 &&
         memcmp(&a->m2, &b->m2, sizeof a->m2) == 0 && a->bins == b->bins &&
         a->min == b->min && a->max == b->max && a->under == b->under && a->over == b->over &&
         memcmp(a->counts, b->counts, a->bins * sizeof *a->counts) == 0;
}

/* A copy of st with its own summaries and chunk moments (to tamper with). */
static void copy_state(fc_mc_state *to, const fc_mc_state *from) {
  size_t o;
  *to = *from;
  memset(to->parts, 0, sizeof to->parts);
  fc_mc_state_alloc_parts(to, from->n_outputs, from->n_chunks);
  for (o = 0; o < from->n_outputs; o++) {
    fc_mc_stats_init(&to->stats[o], from->stats[o].lo, from->stats[o].hi, from->stats[o].bins);
    fc_mc_stats_merge(&to->stats[o], &from->stats[o]);
    memcpy(to->parts[o], from->parts[o], from->n_chunks * sizeof *from->parts[o]);
  }
}

/* Merging `orig` with one field tampered by f must be refused with `why`. */
static void refused(const fc_mc_state *sh, void (*f)(fc_mc_state *), const char *why, const char *desc) {
  fc_mc_state list[3], t, m;
  fc_mc_state_error err;
  copy_state(&t, &sh[1]);
  f(&t);
  list[0] = sh[0]; list[1] = t; list[2] = sh[2];
  fc_test_int(fc_mc_state_merge(list, 3, 0, &m, NULL, NULL, &err), FC_EINVAL, desc);
  fc_test_int(err.state == 1 && strcmp(err.what, why) == 0, 1, why);
  if (err.state != 1 || strcmp(err.what, why) != 0) printf("  got state %d: %s\n", (int)err.state, err.what);
  fc_mc_state_free(&m);
  fc_mc_state_free(&t);
}
static void sd_nan(fc_mc_state *t) { t->stats[0].m2 = NAN; }
static void neg_mean(fc_mc_state *t) { t->stats[0].mean = -t->stats[0].mean; }
static void more_n(fc_mc_state *t) { t->stats[0].n += 1000; t->stats[0].counts[3] += 1000; }
static void part_edit(fc_mc_state *t) { t->parts[0][1].mean *= 1.0000001; }
static void counts_edit(fc_mc_state *t) { t->stats[0].counts[3] += 1; }

/* The whole run and its three shards, run once for every case below. */
static fc_mc_state whole, sh[3];

static void run_whole_and_shards(void) {
  int i;
  fc_fixture_h100(&base);
  in[0].field = fc_scenario_field_index("electricity_usd_per_kwh");
  in[0].member = -1;
  fc_dist_uniform(0.05, 0.15, &in[0].dist);
  out[0] = fc_scenario_result_index("energy_usd_per_eflop");

  fc_test_int(run_state(0, 1, &whole), FC_OK, "whole run");
  for (i = 0; i < 3; i++) fc_test_int(run_state((unsigned)i, 3, &sh[i]), FC_OK, "shard run");
}

static void test_merge_equals_whole_run_in_any_order(void) {
  fc_mc_state list[3], m1, m2;
  fc_mc_state_error err;
  int complete = -1;
  /* given in the order 3, 1, 2 */
  list[0] = sh[2]; list[1] = sh[0]; list[2] = sh[1];
  fc_test_int(fc_mc_state_merge(list, 3, 0, &m1, &complete, NULL, &err), FC_OK, "merge 3 of 3");
  fc_test_int(complete, 1, "complete");
  fc_test_int((long long)m1.stats[0].n, 200000, "merged n");
  fc_test_int((long long)m1.shard_count, 1, "merged state is shard 1 of 1");
  /* 5 standard errors: 0.0394196 / sqrt(2e5) x 5 / 0.13655351 = 3.3e-3 */
  fc_test_rel(m1.stats[0].mean, 0.13655351, 3.3e-3, "merged mean, hand calculation");
  fc_test_int(same_bits(&m1.stats[0], &whole.stats[0]), 1, "merged summary bit-identical to the whole run's");
  fc_test_int(memcmp(m1.parts[0], whole.parts[0], whole.n_chunks * sizeof *whole.parts[0]) == 0, 1,
              "merged chunk moments = the whole run's");
  fc_test_int(fc_mc_state_checksum(&m1) == fc_mc_state_checksum(&whole), 1, "merged checksum = the whole run's");
  fc_test_int(fc_mc_state_check(&m1, NULL), FC_OK, "merged state passes the check");
  fc_test_int(strcmp(m1.names[0], "energy_usd_per_eflop"), 0, "output name kept");

  /* order of the list does not matter */
  fc_test_int(fc_mc_state_merge(sh, 3, 0, &m2, &complete, NULL, &err), FC_OK, "merge in shard order");
  fc_test_int(same_bits(&m1.stats[0], &m2.stats[0]), 1, "merge independent of list order");
  fc_mc_state_free(&m2);
  fc_mc_state_free(&m1);
}

static void test_partial_merge_says_what_is_missing(void) {
  fc_mc_state list[3], m2;
  unsigned char missing[3];
  fc_mc_state_error err;
  int complete = -1;
  /* two of three: refused unless partial, which says what is missing */
  list[0] = sh[0]; list[1] = sh[2];
  fc_test_int(fc_mc_state_merge(list, 2, 0, &m2, &complete, missing, &err), FC_ENOTFOUND, "2 of 3 refused");
  fc_test_int(missing[0] == 0 && missing[1] == 1 && missing[2] == 0, 1, "shard 2 reported missing");
  fc_mc_state_free(&m2);
  fc_test_int(fc_mc_state_merge(list, 2, 1, &m2, &complete, missing, &err), FC_OK, "2 of 3 with partial");
  fc_test_int(complete, 0, "2 of 3 is not complete");
  fc_test_int((long long)m2.stats[0].n, (long long)(sh[0].stats[0].n + sh[2].stats[0].n), "n of 2 of 3");
  fc_mc_state_free(&m2);
}

static void test_merge_refuses_other_runs(void) {
  fc_mc_state bad[2], m2;
  fc_mc_state_error err;
  /* refusals, with the state and the reason */
  bad[0] = sh[0]; bad[1] = sh[0];
  fc_test_int(fc_mc_state_merge(bad, 2, 1, &m2, NULL, NULL, &err), FC_EINVAL, "a shard twice refused");
  fc_test_int((long long)err.state, 1, "a shard twice: state 2");
  fc_test_int(strcmp(err.what, "shard appears twice"), 0, "a shard twice: reason");
  fc_mc_state_free(&m2);
  bad[1] = sh[1]; bad[1].seed = 43;
  fc_test_int(fc_mc_state_merge(bad, 2, 1, &m2, NULL, NULL, &err), FC_EINVAL, "another seed refused");
  fc_test_int(strcmp(err.what, "seed differs from state 1"), 0, "another seed: reason");
  fc_mc_state_free(&m2);
  bad[1] = sh[1]; strcpy(bad[1].rng, "mt19937");
  fc_test_int(fc_mc_state_merge(bad, 2, 1, &m2, NULL, NULL, &err), FC_EINVAL, "another generator refused");
  fc_mc_state_free(&m2);
  fc_test_int(fc_mc_state_merge(sh, 0, 0, &m2, NULL, NULL, &err), FC_EINVAL, "no states refused");
  fc_mc_state_free(&m2);
}

static void test_merge_refuses_tampered_states(void) {
  /* tampered states (issue 13) */
  refused(sh, sd_nan, "mean or M2 not a finite moment", "M2 NaN refused");
  refused(sh, neg_mean, "mean outside [min, max]", "negative mean refused");
  refused(sh, more_n, "sample count differs from the shard's", "more samples than the shard has refused");
  refused(sh, part_edit, "chunk moments do not fold to the summary", "edited chunk moment refused");
  refused(sh, counts_edit, "histogram counts do not add up to n", "edited histogram refused");
}

/* the checksum sees any change */
static void test_checksum_sees_any_change(void) {
  fc_mc_state t;
  uint64_t h = fc_mc_state_checksum(&sh[1]);
  copy_state(&t, &sh[1]);
  fc_test_int(fc_mc_state_checksum(&t) == h, 1, "checksum of a copy is the same");
  t.stats[0].counts[0] ^= 1;
  fc_test_int(fc_mc_state_checksum(&t) != h, 1, "checksum sees one histogram count");
  t.stats[0].counts[0] ^= 1;
  t.parts[0][0].m2 = nextafter(t.parts[0][0].m2, 1e300);
  fc_test_int(fc_mc_state_checksum(&t) != h, 1, "checksum sees one ulp of one chunk's M2");
  fc_mc_state_free(&t);
}

int main(void) {
  int i;
  run_whole_and_shards();
  test_merge_equals_whole_run_in_any_order();
  test_partial_merge_says_what_is_missing();
  test_merge_refuses_other_runs();
  test_merge_refuses_tampered_states();
  test_checksum_sees_any_change();
  fc_mc_state_free(&whole);
  for (i = 0; i < 3; i++) fc_mc_state_free(&sh[i]);
  return fc_test_summary("mc_state");
}
