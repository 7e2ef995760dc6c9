/* fc_mc_state.c -- Monte Carlo states and their merge; see fc_mc_state.h. */
#include <stdlib.h>
#include <string.h>
#include "fc_status.h"
#include "fc_mc_state.h"

int fc_mc_state_header(fc_mc_state *st, const fc_mc_spec *spec, const double *p, size_t np) {
  if (!st || !spec || np > FC_MC_STATE_MAX_QUANTILES || (np && !p)) return FC_EINVAL;
  memset(st, 0, sizeof *st);
  st->seed = spec->seed;
  strncpy(st->rng, spec->rng_type ? spec->rng_type->name : "taus2", sizeof st->rng - 1);
  st->samples = spec->samples;
  st->chunk = FC_MC_CHUNK;
  st->hist_bins = spec->hist_bins;
  st->shard_index = spec->shard_index;
  st->shard_count = spec->shard_count;
  st->n_quantiles = np;
  if (np) memcpy(st->quantiles, p, np * sizeof *p);
  return FC_OK;
}

void fc_mc_state_free(fc_mc_state *st) {
  size_t i;
  if (!st) return;
  for (i = 0; i < FC_MC_MAX_OUTPUTS; i++) fc_mc_stats_free(&st->stats[i]);
}

static int fail(fc_mc_state_error *err, size_t k, const char *what, int status) {
  if (err) { err->state = k; err->what = what; }
  return status;
}

int fc_mc_state_merge(const fc_mc_state *states, size_t n, fc_mc_state *out, int *complete,
                      fc_mc_state_error *err) {
  const fc_mc_state *s0;
  size_t k, o, *pos = NULL; /* pos[shard] = position of its state + 1, 0 if absent */
  int st = FC_OK;
  if (!out) return FC_EINVAL;
  memset(out, 0, sizeof *out);
  if (complete) *complete = 0;
  if (!states || n == 0) return fail(err, 0, "non-empty list of states expected", FC_EINVAL);
  s0 = &states[0];
  if (s0->shard_count < 1 || s0->shard_count > FC_MC_STATE_MAX_SHARDS)
    return fail(err, 0, "bad shard count", FC_EINVAL);
  /* every state describes the same run */
  for (k = 0; k < n; k++) {
    const fc_mc_state *s = &states[k];
    if (s->seed != s0->seed) return fail(err, k, "seed differs from state 1", FC_EINVAL);
    if (strcmp(s->rng, s0->rng) != 0) return fail(err, k, "rng differs from state 1", FC_EINVAL);
    if (s->samples != s0->samples) return fail(err, k, "samples differ from state 1", FC_EINVAL);
    if (s->shard_count != s0->shard_count) return fail(err, k, "shard count differs from state 1", FC_EINVAL);
    if (s->shard_index >= s->shard_count) return fail(err, k, "shard index outside [1, n]", FC_EINVAL);
    if (s->n_outputs < 1 || s->n_outputs > FC_MC_MAX_OUTPUTS || s->n_outputs != s0->n_outputs)
      return fail(err, k, "outputs differ from state 1", FC_EINVAL);
    for (o = 0; o < s->n_outputs; o++) {
      const fc_mc_stats *a = &s->stats[o], *b = &s0->stats[o];
      if (strcmp(s->names[o], s0->names[o]) != 0) return fail(err, k, "outputs differ from state 1", FC_EINVAL);
      if (a->lo != b->lo || a->hi != b->hi || a->bins != b->bins)
        return fail(err, k, "histogram edges differ from state 1 (another scenario or inputs?)", FC_EINVAL);
    }
  }
  if (s0->hist_bins < 1 || s0->stats[0].bins % s0->hist_bins)
    return fail(err, 0, "bad histogram_bins", FC_EINVAL);
  if (!(pos = (size_t *)calloc(s0->shard_count, sizeof *pos))) return FC_ENOMEM;
  for (k = 0; k < n; k++) {
    if (pos[states[k].shard_index]) { st = fail(err, k, "shard appears twice", FC_EINVAL); goto done; }
    pos[states[k].shard_index] = k + 1;
  }
  /* the whole run's header */
  *out = *s0;
  memset(out->stats, 0, sizeof out->stats);
  out->shard_index = 0;
  out->shard_count = 1;
  if (out->n_quantiles == 0) {
    out->n_quantiles = 3;
    out->quantiles[0] = 0.05; out->quantiles[1] = 0.5; out->quantiles[2] = 0.95;
  }
  for (o = 0; o < s0->n_outputs; o++) {
    const fc_mc_stats *b = &s0->stats[o];
    if ((st = fc_mc_stats_init(&out->stats[o], b->lo, b->hi, b->bins)) != FC_OK) goto done;
    for (k = 0; k < s0->shard_count; k++) /* in shard order */
      if (pos[k] && (st = fc_mc_stats_merge(&out->stats[o], &states[pos[k] - 1].stats[o])) != FC_OK) {
        fail(err, pos[k] - 1, "histogram edges differ from state 1", st);
        goto done;
      }
  }
  if (complete) *complete = n == s0->shard_count;
done:
  free(pos);
  return st;
}
