/*
** fc_mc.h -- Monte Carlo over the scenario model, summary statistics,
** streaming quantiles, sharding and sensitivity.
**
** Reproducibility: the N samples of a run are cut into chunks of
** FC_MC_CHUNK samples, and every chunk draws from streams of its own. With
** taus2 (the default) each input of chunk k has FC_MC_LANES taus2 streams
** side by side, seeded from splitmix64 of (seed, k, input), and sample i of
** a block takes lane i mod FC_MC_LANES (fc_mc_lanes.h: the draws of a block
** run in SIMD registers). With another generator (spec.rng_type) or
** correlated inputs, chunk k draws from one GSL generator seeded with
** mix32(lo32(splitmix64(seed)) + k) (a bijection of k, so chunk streams of
** one run never share a seed). Inside a chunk, blocks of FC_MC_BLOCK samples
** draw input after input (all of input 1's draws for the block, then input
** 2's, ...). Threads claim chunks in order
** and fold each chunk's partial summary into the total strictly in chunk
** order, so every result is bit-identical whatever the number of threads.
** Shard i of n runs the chunks [floor(K i / n), floor(K (i + 1) / n)) of the
** K chunks of the full run.
** Generator: taus2 (L'Ecuyer 1996, "Maximally equidistributed combined
** Tausworthe generators", Math. Comp. 65(213); GSL's improved seeding),
** period 2^88, about three times faster per draw than mt19937 here; any GSL
** generator can be chosen instead (ranlxd2 for the strictest quality).
**
** Summaries (fc_mc_stats) are mergeable: count, mean and M2 (Welford 1962,
** Technometrics 4(3) for single adds; in a run, sums of (x - K) and
** (x - K)^2 per chunk about the pilot's centre K, the "shifted data"
** algorithm of Chan, Golub & LeVeque 1983, The American Statistician 37(3);
** pairwise merge of Chan, Golub & LeVeque 1979, Stanford CS-TR-79-773), min,
** max, and a histogram of fixed edges [lo, hi) with underflow and overflow
** counts. The edges come from a pilot of FC_MC_PILOT samples on a reserved
** stream (chunk 0xFFFFFFFF): lo = min - R/2, hi = max + R/2 with R the pilot
** range, so every shard agrees on them.
** Streaming quantiles interpolate linearly inside the histogram bin holding
** rank p (n - 1) (constant memory, error below one bin width,
** (hi - lo) / bins). Exact quantiles use all samples, Hyndman & Fan (1996)
** type 7 (R's and numpy's default): h = (n - 1) p, x[h] by linear interpolation
** between order statistics floor(h) and floor(h) + 1; the order statistics
** are found in the histogram's bins (one pass, a selection inside the bin).
** Rank correlation: Spearman's rho = Pearson correlation of the average ranks.
** Tornado: the output with one input at its p_low / p_high quantile and every
** other input at its median (one-at-a-time sensitivity, e.g. Saltelli et al.,
** Global Sensitivity Analysis: The Primer, 2008, sec. 1.2.3).
*/
#ifndef FC_MC_H
#define FC_MC_H

#include <stddef.h>
#include <signal.h>
#include <stdint.h>
#include <gsl/gsl_rng.h>
#include "fc_scenario.h"
#include "fc_compose.h"
#include "fc_dist.h"
#include "fc_mc_output.h"

#define FC_MC_CHUNK 32768u
#define FC_MC_BLOCK 64u        /* samples drawn and summarized together */
#define FC_MC_PILOT 4096u
#define FC_MC_FINE_BINS 4096u     /* histogram bins are a multiple >= this */
#define FC_MC_MAX_OUTPUTS 16u
#define FC_MC_MAX_THREADS 256u

/* One uncertain input: field index of fc_scenario_params, the member it
   applies to (-1: the same draw for every member), its distribution. */
typedef struct {
  int field;
  int member;
  fc_dist dist;
} fc_mc_input;

/*
** What an input sets, beside fc_mc_input (spec.targets; NULL: every input is
** a field of fc_scenario_params, the fast path). FC_MC_SCENARIO and FC_MC_CHIP
** inputs set a field of the scenario description spec.desc (fc_compose.h,
** field = index in that kind's table); each sample then composes its own
** members from the description (fc_compose) and evaluates them with every
** check, after which FC_MC_PARAMS inputs apply as overrides. Runs without
** description inputs keep the fast path whatever spec.desc holds.
*/
enum { FC_MC_PARAMS = 0, FC_MC_SCENARIO = 1, FC_MC_CHIP = 2 };
typedef struct {
  int kind;
  int field;                     /* FC_MC_SCENARIO / FC_MC_CHIP: fc_compose field index */
  uint64_t chips;                /* FC_MC_CHIP: bit c = chip c takes the draw (chips 0..63) */
} fc_mc_target;

/* The moments of one chunk of one output, as folded into the run's total:
   the state of a shard keeps them so that a merge repeats the run's fold
   exactly (floating-point merges are not associative). */
typedef struct {
  uint64_t n;
  double mean, m2;
} fc_mc_part;

/* Progress: called with samples done and samples to do in this run, from a
   worker thread, under the run's lock. Must not block long; must be thread-safe
   with respect to the caller. */
typedef void (*fc_mc_progress_fn)(void *ctx, uint64_t done, uint64_t total);

typedef struct {
  /* the base scenario: one member (mix = 0) or a mix (fc_scenario_eval_mix) */
  const fc_scenario_params *members;
  const double *counts;          /* n_members counts (mix only) */
  size_t n_members;
  int mix;
  fc_coupling coupling;
  double penalty;
  const fc_mc_input *inputs;
  size_t n_inputs;
  const int *outputs;            /* output indices (fc_mc_output_index: result fields, serving costs, water) */
  size_t n_outputs;              /* 1 .. FC_MC_MAX_OUTPUTS */
  uint64_t seed;
  const gsl_rng_type *rng_type;  /* NULL = gsl_rng_taus2 */
  uint64_t samples;              /* of the full run (all shards), >= 1 */
  unsigned shard_index, shard_count; /* 0 and 1 for a whole run */
  unsigned threads;              /* 1 .. FC_MC_MAX_THREADS */
  size_t hist_bins;              /* display bins, 1 .. FC_MC_FINE_BINS */
  double *out_samples;           /* NULL or [n_outputs][local count], in sample order */
  double *in_samples;            /* NULL or [n_inputs][local count] */
  fc_mc_part *chunk_parts;       /* NULL or [n_outputs][chunks of this shard]: each chunk's
                                    summary in chunk order (fc_mc_state folds them again) */
  fc_mc_progress_fn progress;    /* may be NULL */
  void *progress_ctx;
  /* description inputs: the description the members were composed from
     (n_members = desc->n_chips, mix = 1) and one target per input */
  const fc_compose_desc *desc;   /* NULL: no description inputs */
  const fc_mc_target *targets;   /* NULL: all FC_MC_PARAMS */
  /* rank-correlated inputs: NULL, or the n_inputs x n_inputs matrix of target
     Spearman correlations (row-major, symmetric, unit diagonal). Draws then
     come through a Gaussian copula: z = L e with L L' = R, R_ij =
     2 sin(pi rho_ij / 6) (Pearson's 1907 relation between the Spearman and
     Pearson correlations of a bivariate normal; Kruskal 1958, JASA 53(284)),
     x_j = F_j^-1(Phi(z_j)), which keeps each input's distribution and gives
     the pair the target rank correlation in expectation. */
  const double *rank_corr;
  /* may be NULL; when *cancel becomes nonzero (a signal handler may set it)
     the run stops before its next chunk: FC_EINTR, err->sample = samples done */
  const volatile sig_atomic_t *cancel;
  /* the base composition of a description (fc_compose's mix): its serving
     figures (an inference description) turn each sample's cost into the
     serving outputs, its water figures its kWh into the water outputs
     (fc_mc_output.h); NULL: neither may be asked for */
  const fc_compose_mix *serving;
} fc_mc_spec;

/* A mergeable summary of one output. */
typedef struct {
  uint64_t n;
  double mean, m2, min, max;
  double lo, hi;                 /* histogram range */
  size_t bins;                   /* number of histogram bins */
  uint64_t under, over;          /* counts below lo, at or above hi */
  uint64_t *counts;              /* bins counts (owned) */
} fc_mc_stats;

/* Where a run failed (FC_EDOM / FC_ERANGE from the model). */
typedef struct {
  uint64_t sample;               /* global sample index, or pilot index when pilot = 1 */
  int pilot;
  size_t member;
  const char *field;             /* offending field, or NULL */
  double value;                  /* its value in that sample */
  const char *output;            /* non-finite output, or NULL */
  int summary;                   /* 1: every sample of `output` is finite, but its mean or
                                    variance overflows a double */
} fc_mc_error;

/* Empty summary with bins zeroed counts on [lo, hi). lo < hi, finite, bins >= 1.
   Errors: FC_EDOM, FC_ENOMEM. fc_mc_stats_free is safe on a zeroed or freed stats. */
int fc_mc_stats_init(fc_mc_stats *s, double lo, double hi, size_t bins);
void fc_mc_stats_free(fc_mc_stats *s);
void fc_mc_stats_add(fc_mc_stats *s, double x);
/* Empties s, keeping its range and bins. */
void fc_mc_stats_reset(fc_mc_stats *s);

/* Slot of x in the histogram of s, scale = bins / (hi - lo): 0 below lo,
   1 + bin inside, bins + 1 at or above hi. The run and the exact quantiles
   use this one definition, so they agree on every sample's bin. */
static inline size_t fc_mc_stats_slot(const fc_mc_stats *s, double scale, double x) {
  size_t b;
  if (x < s->lo) return 0;
  if (x >= s->hi) return s->bins + 1;
  b = (size_t)((x - s->lo) * scale);
  return 1 + (b < s->bins ? b : s->bins - 1);
}

/* Counts x (or its slot k) in the histogram (bins, under, over) only: n,
   mean, m2, min and max are the caller's. */
static inline void fc_mc_stats_count_slot(fc_mc_stats *s, size_t k) {
  if (k == 0) s->under++;
  else if (k > s->bins) s->over++;
  else s->counts[k - 1]++;
}
static inline void fc_mc_stats_count(fc_mc_stats *s, double scale, double x) {
  fc_mc_stats_count_slot(s, fc_mc_stats_slot(s, scale, x));
}
/* Pairwise update of count, mean and M2 with those of another sample (Chan,
   Golub & LeVeque 1979); the one formula of every fold and merge. */
void fc_mc_moments_merge(uint64_t *n, double *mean, double *m2, uint64_t bn, double bmean, double bm2);
/* into += from; same lo, hi, bins required (FC_EINVAL). */
int fc_mc_stats_merge(fc_mc_stats *into, const fc_mc_stats *from);
/* Sample standard deviation (n - 1 denominator); 0 when n < 2. */
double fc_mc_stats_sd(const fc_mc_stats *s);
/* Streaming quantile, p in [0, 1]. Errors: FC_EDOM (p, or n = 0). */
int fc_mc_stats_quantile(const fc_mc_stats *s, double p, double *x);
/* Sums the bins into nb display bins (bins % nb == 0). Errors: FC_EINVAL. */
int fc_mc_stats_histogram(const fc_mc_stats *s, size_t nb, uint64_t *counts);

/* The seed of chunk k's generator in a run seeded with `seed` (see above);
   other engines (fc_sensitivity) draw their chunks the same way. */
unsigned long fc_mc_chunk_seed(uint64_t seed, uint32_t k);

/* The one cut of flopcost's shards (Monte Carlo's chunks, compare's cells,
   Sobol's rows): part i (0-based) of n of `count` items is the contiguous
   range [floor(count i / n), floor(count (i + 1) / n)); parts differ by at
   most one item and may be empty when n > count. Errors: FC_EINVAL (n = 0,
   i >= n, NULL). */
int fc_mc_cut(uint64_t count, uint64_t i, uint64_t n, uint64_t *first, uint64_t *end);
/* Samples of this shard: [*first, *first + *count) (whole chunks, fc_mc_cut). */
void fc_mc_shard_range(const fc_mc_spec *spec, uint64_t *first, uint64_t *count);

/*
** Runs the spec; stats[n_outputs] receive the summaries (call fc_mc_stats_free
** on each afterwards, whatever the status). err (may be NULL) says where a
** model error happened; the reported sample is the first failing one in
** sample order. Errors: FC_EINVAL (bad spec), FC_EDOM, FC_ERANGE, FC_ENOMEM.
*/
int fc_mc_run(const fc_mc_spec *spec, fc_mc_stats *stats, fc_mc_error *err);

/*
** The spec's model at n points, for other engines (fc_sensitivity): y[i] =
** result `output` with the inputs at x[i * n_inputs .. + n_inputs), each point
** evaluated as the tornado evaluates one (description inputs composed, every
** check made). Thread-safe: scratch is allocated per call. On failure returns
** the status with the failing point in *bad_row and err filled (err->sample =
** the point). Errors: FC_EINVAL, FC_EDOM, FC_ERANGE, FC_ENOMEM.
*/
int fc_mc_eval_points(const fc_mc_spec *s, int output, const double *x, size_t n, double *y, size_t *bad_row,
                      fc_mc_error *err);

/* The lower Cholesky factor L (n x n, row-major, malloc'd into *out) of the
   copula's normal correlations R = L L', R_ij = 2 sin(pi rho_ij / 6), from a
   target Spearman matrix rank_corr (Kruskal 1958, as rank_corr above).
   Errors: FC_EINVAL (not symmetric, diagonal not 1, |rho| > 1), FC_EDOM (not
   positive definite), FC_ENOMEM. */
int fc_mc_copula_factor(const double *rank_corr, size_t n, double **out);

/* Exact type-7 quantiles of x[n] at p[np] (each in [0, 1]). Reorders x.
   Errors: FC_EDOM, FC_EINVAL (n = 0). */
int fc_mc_quantiles_exact(double *x, size_t n, const double *p, size_t np, double *q);

/* The same quantiles without reordering x, using the histogram of s, which
   must summarize exactly x[n] (fc_mc_run's stats of its out_samples): one
   pass over x (split over up to `threads` threads for large n) and a
   selection inside the few bins that hold the wanted order statistics.
   Errors: FC_EDOM (p), FC_EINVAL (s does not describe x), FC_ENOMEM. */
int fc_mc_quantiles_binned(const double *x, size_t n, const fc_mc_stats *s, const double *p, size_t np,
                           double *q, unsigned threads);

/* Spearman rank correlation of x and y (n >= 2); 0 when either is constant.
   Errors: FC_EINVAL, FC_ENOMEM. */
int fc_mc_spearman(const double *x, const double *y, size_t n, double *rho);

/* One-at-a-time sensitivity of output `output` (result index): for each input i,
   low[i] / high[i] = output with input i at its p_low / p_high quantile and the
   others at their medians; *base = output with all at medians; in_low/in_high
   receive the input values (may be NULL). 0 < p_low < p_high < 1.
   Errors: FC_EINVAL, FC_EDOM, FC_ERANGE (err says where). */
int fc_mc_tornado(const fc_mc_spec *spec, int output, double p_low, double p_high,
                  double *base, double *low, double *high, double *in_low, double *in_high,
                  fc_mc_error *err);

#endif
