/*
** fc_sensitivity.h -- variance-based global sensitivity: Sobol first-order
** and total-effect indices with bootstrap confidence intervals.
**
** Design (Saltelli et al. 2010, "Variance based sensitivity analysis of model
** output. Design and estimator for the total sensitivity index", Computer
** Physics Communications 181(2), 259-270): two independent N x k sample
** matrices A and B of the k inputs; AB_i is A with column i taken from B.
** The model is evaluated on A, B and every AB_i: N (k + 2) evaluations.
**   V    = variance of f over the 2N rows of A and B
**   S_i  = (1/N) sum_j f(B)_j (f(AB_i)_j - f(A)_j) / V     (Saltelli 2010, Table 2 (b))
**   ST_i = (1/2N) sum_j (f(A)_j - f(AB_i)_j)^2 / V        (Jansen 1999, Table 2 (f))
** These are the estimators SALib's sobol.analyze uses. f is centred at K, the
** output with every input at its median, before the sums (SALib centres at the
** sample mean); centring changes no estimator's expectation and keeps the sums
** of squares well conditioned.
**
** Reproducibility: the N rows are cut into chunks of R = ceil(N / 1024) rows
** (at most 1024 chunks). Chunk c draws A and B from its own generator
** (taus2 seeded with fc_mc_chunk_seed(seed, c)): for each input, R draws of
** its A column, then R of its B column. Each chunk's sums are kept apart and
** added in chunk order only when the indices are computed, so any thread
** count and any sharding (shard i of n runs chunks [floor(C i/n),
** floor(C (i+1)/n))) give bit-identical indices after fc_sobol_merge.
** Confidence intervals: percentile bootstrap (Efron & Tibshirani 1993, ch. 13)
** over chunks resampled with replacement (a block bootstrap of iid blocks of
** rows; for N <= 1024 every chunk is one row, the ordinary bootstrap). The
** resampling stream is seeded from the run's seed, so intervals are
** reproducible too.
*/
#ifndef FC_SENSITIVITY_H
#define FC_SENSITIVITY_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include "fc_dist.h"
#include "fc_mc.h"

#define FC_SOBOL_MAX_INPUTS 64u
#define FC_SOBOL_MAX_CHUNKS 1024u
#define FC_SOBOL_MAX_THREADS 256u

/*
** The model: y[r] = f(x[r * k .. r * k + k)) for r < n. Called from several
** threads at once (it must not write shared state). On a failure it returns
** an FC_ status, the failing row in *bad_row and the offending field (or
** NULL) in *bad_field.
*/
typedef int (*fc_sobol_model_fn)(void *ctx, const double *x, size_t n, size_t k, double *y,
                                 size_t *bad_row, const char **bad_field);

typedef struct {
  const fc_dist *inputs;         /* k distributions */
  size_t k;                      /* 1 .. FC_SOBOL_MAX_INPUTS */
  uint64_t samples;              /* N base rows of the full run, >= 2 */
  uint64_t seed;
  unsigned threads;              /* 1 .. FC_SOBOL_MAX_THREADS */
  unsigned shard_index, shard_count; /* 0 and 1 for a whole run */
  fc_sobol_model_fn model;
  void *ctx;
  /* may be NULL; when *cancel becomes nonzero (a signal handler or a
     watchdog may set it) the run stops within one slice of SLICE points and
     returns FC_EINTR */
  const volatile sig_atomic_t *cancel;
} fc_sobol_spec;

/* Partial sums of one shard (or a whole run): per chunk
   [sum, sum2, first[k], total[k]] of the centred outputs. */
typedef struct {
  size_t k;
  uint64_t samples, seed;
  uint64_t chunk_rows, n_chunks;     /* of the full run */
  uint64_t first_chunk, local_chunks;/* this part: chunks [first, first + local) */
  double centre;                     /* K */
  double *sums;                      /* [local_chunks][2 + 2k], owned */
} fc_sobol_state;

/* Where a run failed. */
typedef struct {
  uint64_t row;                  /* global base row */
  int matrix;                    /* -2: A, -1: B, i >= 0: AB_i; -3: the centre */
  const char *field;
} fc_sobol_error;

typedef struct {
  double first[FC_SOBOL_MAX_INPUTS], total[FC_SOBOL_MAX_INPUTS];
  double first_lo[FC_SOBOL_MAX_INPUTS], first_hi[FC_SOBOL_MAX_INPUTS];
  double total_lo[FC_SOBOL_MAX_INPUTS], total_hi[FC_SOBOL_MAX_INPUTS];
  double mean, variance;         /* of f over A and B */
  uint64_t evaluations;          /* N (k + 2) */
} fc_sobol_result;

/* Chunk layout of a run of n rows: rows per chunk and number of chunks. */
void fc_sobol_layout(uint64_t n, uint64_t *chunk_rows, uint64_t *n_chunks);

/* Runs the spec's shard into st (fc_sobol_state_free afterwards, whatever the
   status). Errors: FC_EINVAL (spec), FC_EDOM / FC_ERANGE (model, err says
   where), FC_ENOMEM. */
int fc_sobol_run(const fc_sobol_spec *spec, fc_sobol_state *st, fc_sobol_error *err);
void fc_sobol_state_free(fc_sobol_state *st);

/* Combines shard states (any order) into one state of the whole run. Every
   chunk must be covered exactly once, by states of the same run (k, samples,
   seed, centre). Errors: FC_EINVAL (with a reason in *why), FC_ENOMEM. */
int fc_sobol_merge(const fc_sobol_state *parts, size_t n, fc_sobol_state *out, const char **why);

/* Indices of a complete state, with percentile-bootstrap intervals at
   `level` (e.g. 0.95) from `resamples` resamples (0: no intervals, bounds
   NaN). Errors: FC_EINVAL (incomplete state, level outside (0, 1)), FC_EDOM
   (zero output variance), FC_ENOMEM. */
int fc_sobol_indices(const fc_sobol_state *st, size_t resamples, double level, fc_sobol_result *r);

/*
** The Monte Carlo spec's model as a fc_sobol_model_fn (ctx: fc_sobol_mc):
** input i is spec->inputs[i] (a field of the composed parameters, or a
** description input or catalog path through spec->targets), each row
** evaluated by fc_mc_eval_points -- the one per-point path of the engine, so
** Sobol varies whatever Monte Carlo varies.
*/
typedef struct {
  const fc_mc_spec *spec;
  int output;                    /* result index */
} fc_sobol_mc;

int fc_sobol_mc_model(void *ctx, const double *x, size_t n, size_t k, double *y, size_t *bad_row,
                      const char **bad_field);

#endif
