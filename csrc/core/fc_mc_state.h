/*
** fc_mc_state.h -- the saved state of a Monte Carlo run or shard, and the
** merge of shards into the state of the whole run.
**
** A state holds what is needed to finish a sharded run elsewhere: the run's
** identity (seed, generator, samples, chunk size, display bins, shard i of n,
** quantile levels) and, per output, the mergeable summary of fc_mc.h
** (count, mean, M2, min, max, histogram) and the moments of each of the
** shard's chunks (fc_mc_part). The binding converts it to and from a plain
** table (format FC_MC_STATE_FORMAT) that is saved as JSON.
**
** Exact merges: a run folds its chunks' moments into the total in chunk
** order (Chan, Golub & LeVeque's pairwise update, fc_mc.h); a merge folds
** the chunks of all shards in the same order from an empty summary, so the
** merged mean and M2 are bit-identical to the single run's. Histogram counts,
** min and max are exact anyway.
**
** Exact quantiles: a shard of an exact run (the default up to 1e6 samples,
** as for an unsharded run) also keeps its samples of every output (`exact`,
** kept[o]: stats[o].n values in sample order); a merge concatenates them
** in shard order, so the merged quantiles come from the same samples as the
** unsharded run's and equal them bit for bit (issue 22: merges used the
** histogram, ~1e-5 off). States that differ in `exact` are not merged.
**
** Integrity: fc_mc_state_check refuses a state whose numbers cannot come from
** a run (n above the shard's samples, counts that do not add up to n, a mean
** outside [min, max], negative or non-finite M2, chunk moments that do not
** fold to the summary); fc_mc_state_checksum is a 64-bit FNV-1a hash of the
** whole content (header, every number's bits, names), saved beside it, so an
** edited or damaged file is refused. It detects accidents and casual edits,
** not an adversary who recomputes it.
*/
#ifndef FC_MC_STATE_H
#define FC_MC_STATE_H

#include <stddef.h>
#include <stdint.h>
#include "fc_mc.h"

#define FC_MC_STATE_FORMAT "flopcost.mc.state/4" /* 3: chunk moments and checksum; 4: taus2 lanes (fc_mc_lanes.h) */
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
  fc_mc_stats stats[FC_MC_MAX_OUTPUTS];
  /* chunk moments: chunks [first_chunk, first_chunk + n_chunks) of the run;
     a merged state keeps those of every shard given, in chunk order */
  uint64_t first_chunk;
  size_t n_chunks;
  fc_mc_part *parts[FC_MC_MAX_OUTPUTS];
  /* exact: the samples of every output, [n_outputs][stats[0].n] in one block
     (kept[0] owns it); exact = 0: none */
  int exact;
  double *kept[FC_MC_MAX_OUTPUTS];
} fc_mc_state;

/* Why a merge or a check failed: the state (0-based position in the list
   given) and a fixed message ("seed differs from state 1", ...). */
typedef struct {
  size_t state;
  const char *what;
} fc_mc_state_error;

/* Chunks of the spec's shard: [*first_chunk, *first_chunk + return value). */
size_t fc_mc_state_chunks(const fc_mc_spec *spec, uint64_t *first_chunk);

/* Fills the header of st from a run's spec (seed, generator, samples, shard,
   display bins) and the quantile levels p[np], and allocates the chunk
   moments of n_outputs outputs; spec->chunk_parts may then point at
   st->parts[0] (one block, [n_outputs][n_chunks]). Summaries are left empty.
   Errors: FC_EINVAL, FC_ENOMEM. */
int fc_mc_state_init(fc_mc_state *st, const fc_mc_spec *spec, size_t n_outputs, const double *p, size_t np);

/* Frees summaries and chunk moments (safe on a zeroed state). */
void fc_mc_state_free(fc_mc_state *st);

/* Allocates n_chunks moments per output in one block (parts[0] owns it). */
int fc_mc_state_alloc_parts(fc_mc_state *st, size_t n_outputs, size_t n_chunks);

/* Allocates n_samples samples per output in one block (kept[0] owns it)
   and sets exact. Errors: FC_EINVAL, FC_ENOMEM. */
int fc_mc_state_alloc_samples(fc_mc_state *st, size_t n_outputs, uint64_t n_samples);

/* FNV-1a 64 (Fowler, Noll & Vo; IETF draft-eastlake-fnv) over the content. */
uint64_t fc_mc_state_checksum(const fc_mc_state *st);

/* Checks that st could come from a run. Errors: FC_EINVAL, *what says why. */
int fc_mc_state_check(const fc_mc_state *st, const char **what);

/*
** Merges states[n] (n >= 1) into *out (fc_mc_state_free it afterwards,
** whatever the status). out describes the whole run: shard 1 of 1, the
** quantile levels of the first state (0.05, 0.5, 0.95 when it has none).
** Every shard of the run is required unless partial is set; *complete (may
** be NULL) is 1 when every shard was given, and missing[shard_count] (may be
** NULL) is set to 1 for each shard not given.
** Errors: FC_EINVAL (states disagree, a shard twice, a state fails
** fc_mc_state_check; err says which state and why), FC_ENOTFOUND (a shard
** is missing and partial is 0), FC_ENOMEM.
*/
int fc_mc_state_merge(const fc_mc_state *states, size_t n, int partial, fc_mc_state *out, int *complete,
                      unsigned char *missing, fc_mc_state_error *err);

#endif
