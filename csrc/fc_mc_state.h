/*
** fc_mc_state.h -- the saved state of a Monte Carlo run or shard, and the
** merge of shards into the state of the whole run.
**
** A state holds what is needed to finish a sharded run elsewhere: the run's
** identity (seed, generator, samples, chunk size, display bins, shard i of n,
** quantile levels) and, per output, the mergeable summary of fc_mc.h
** (count, mean, M2, min, max, histogram). The binding converts it to and
** from a plain table (format FC_MC_STATE_FORMAT) that is saved as JSON.
**
** Merging requires every state to describe the same run (seed, generator,
** samples, shard count, outputs, histogram edges) and each shard at most
** once; shards are folded in shard order, so the result does not depend on
** the order in which the states are given.
*/
#ifndef FC_MC_STATE_H
#define FC_MC_STATE_H

#include <stddef.h>
#include <stdint.h>
#include "fc_mc.h"

#define FC_MC_STATE_FORMAT "flopcost.mc.state/2" /* 2: rng recorded; taus2 and block draws */
#define FC_MC_STATE_MAX_QUANTILES 64u
#define FC_MC_STATE_NAME_MAX 64u
#define FC_MC_STATE_MAX_SHARDS 1000000u

typedef struct {
  uint64_t seed;
  char rng[32];                  /* GSL generator name */
  uint64_t samples;              /* of the whole run */
  uint64_t chunk;                /* FC_MC_CHUNK of the writer */
  size_t hist_bins;              /* display bins */
  unsigned shard_index;          /* 0-based */
  unsigned shard_count;
  size_t n_quantiles;
  double quantiles[FC_MC_STATE_MAX_QUANTILES];
  size_t n_outputs;
  char names[FC_MC_MAX_OUTPUTS][FC_MC_STATE_NAME_MAX];
  fc_mc_stats stats[FC_MC_MAX_OUTPUTS]; /* owned when built by fc_mc_state_merge */
} fc_mc_state;

/* Why a merge failed: the state (0-based position in the list given) and a
   fixed message ("seed differs from state 1", ...). */
typedef struct {
  size_t state;
  const char *what;
} fc_mc_state_error;

/* Fills the header of st from a run's spec (seed, generator, samples, shard,
   display bins) and the quantile levels p[np]; outputs are left empty.
   Errors: FC_EINVAL (np > FC_MC_STATE_MAX_QUANTILES). */
int fc_mc_state_header(fc_mc_state *st, const fc_mc_spec *spec, const double *p, size_t np);

/* Frees the summaries of st (safe on a zeroed state). */
void fc_mc_state_free(fc_mc_state *st);

/*
** Merges states[n] (n >= 1) into *out (fc_mc_state_free it afterwards,
** whatever the status). out describes the whole run: shard 1 of 1, the
** quantile levels of the first state (0.05, 0.5, 0.95 when it has none).
** *complete (may be NULL) is 1 when every shard of the run was given.
** Errors: FC_EINVAL (states disagree, a shard twice, bad header: err says
** which state and why), FC_ENOMEM.
*/
int fc_mc_state_merge(const fc_mc_state *states, size_t n, fc_mc_state *out, int *complete,
                      fc_mc_state_error *err);

#endif
