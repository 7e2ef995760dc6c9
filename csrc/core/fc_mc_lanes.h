/*
** fc_mc_lanes.h -- internal to the Monte Carlo engine (fc_mc.c): the draws of
** a block of FC_MC_BLOCK samples of one input from FC_MC_LANES taus2 streams
** side by side, so that a compiler steps the lanes in SIMD registers.
** Not installed, not part of the API.
**
** Each input of a chunk has its own FC_MC_LANES taus2 streams (L'Ecuyer 1996,
** Math. Comp. 65(213), the generator of fc_dist.c, stepped the same way);
** sample i of a block takes its uniform from lane i mod FC_MC_LANES. Each
** stream's three words come from splitmix64 of (seed, chunk, input, lane)
** with GSL's fix-ups (s1 >= 2, s2 >= 8, s3 >= 16: L'Ecuyer's conditions,
** GSL taus.c) and six warm-up steps (GSL's taus_set). A block always draws
** FC_MC_BLOCK samples (a short last block drops the rest), so sample i of a
** chunk has the same draws whatever the thread count or shard.
**
** Draws by kind: uniform and triangular by their inverse CDF (fc_dist.c's
** formulas); PERT and beta by the fc_hinv table; normal and lognormal by the
** ziggurat (Marsaglia & Tsang 2000, "The Ziggurat Method for Generating
** Random Variables", J. Stat. Softw. 5(8), 128 layers, their tables and
** rejection code) with GSL's split of one 32-bit draw (gausszig.c: 7 bits of
** layer, 1 sign bit, 24 bits of abscissa), the rare rejections redrawn from a
** fifth, scalar stream of the input; the lognormal's exp by fc_mc_exp.
**
** Every kernel is plain C with one result per element, compiled for each
** ISA of fc_simd.h (isa: FC_SIMD_*), the same bits on each (test_mc_lanes).
*/
#ifndef FC_MC_LANES_H
#define FC_MC_LANES_H

#include <stddef.h>
#include <stdint.h>
#include "fc_dist.h"
#include "fc_simd.h"

#define FC_MC_LANES 8u
#define FC_MC_ZIG_LAYERS 128

typedef struct {
  uint32_t s1[FC_MC_LANES], s2[FC_MC_LANES], s3[FC_MC_LANES]; /* the lanes */
  uint32_t f1, f2, f3;           /* the scalar stream of the ziggurat's rejections */
} fc_mc_lanes;

/* Marsaglia & Tsang's tables for a 24-bit abscissa j: x = j w[i], accepted
   at once when j < k[i]; f[i] = exp(-x_i^2 / 2) at the layer edges. */
typedef struct {
  double w[FC_MC_ZIG_LAYERS], f[FC_MC_ZIG_LAYERS];
  double ws[2 * FC_MC_ZIG_LAYERS];  /* w with the draw's sign bit: -w[i] at i, w[i] at 128 + i */
  uint32_t k[FC_MC_ZIG_LAYERS];
} fc_mc_zig;

void fc_mc_zig_init(fc_mc_zig *z);

/* splitmix64 (Steele, Lea & Flood 2014, "Fast splittable pseudorandom number
   generators"): the mixer of every seed of a run (fc_mc.c, the lanes). */
static inline uint64_t fc_mc_splitmix64(uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

/* 1 when the lanes can draw from s (every kind; PERT and beta only with
   their inversion table). */
int fc_mc_lanes_supported(const fc_dist_sampler *s);
/* The streams of input `input` in chunk `chunk` of a run seeded `seed`. */
void fc_mc_lanes_seed(fc_mc_lanes *t, uint64_t seed, uint32_t chunk, uint32_t input);

/* FC_MC_BLOCK draws of s from t into x (the support's clamp included). */
void fc_mc_lanes_fill(const fc_dist_sampler *s, const fc_mc_zig *z, fc_mc_lanes *t, double *x, int isa);

/* y[i] = exp(x[i]) for i < n: Cody & Waite's reduction x = k ln 2 + r, |r| <= ln 2 / 2
   (fdlibm's split of ln 2), e^r by its Taylor series to r^13 (truncation
   below 5e-18), times 2^k; outside [-708, 708] libm's exp. Within 1 ulp of
   the correctly rounded value (test_mc_lanes measures it against libm). */
void fc_mc_exp(const double *x, double *y, size_t n, int isa);

#endif
