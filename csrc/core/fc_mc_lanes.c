/* fc_mc_lanes.c -- a block's draws from taus2 lanes; method and sources in fc_mc_lanes.h. */
#include "fc_fp_contract_off.h" /* first: the same bits on every ISA (fc_simd.h) */
#include <math.h>
#include <string.h>
#include "fc_mc_lanes.h"
#include "fc_mc.h"
#include "fc_simd.h"
#include "fc_taus2.h"

#define B FC_MC_BLOCK
#define L FC_MC_LANES
#define ZIG_R 3.442619855899         /* Marsaglia & Tsang: start of the tail, 128 layers */
#define ZIG_V 9.91256303526217e-3    /* ... and the area of each layer */
#define ZIG_M 16777216.0             /* 2^24: the abscissa's range (GSL's split) */

typedef char block_of_lanes[B % L == 0 ? 1 : -1];

#if defined(__GNUC__)
#define ALWAYS_INLINE static inline __attribute__((always_inline))
#else
#define ALWAYS_INLINE static inline
#endif

/* ---- seeding ------------------------------------------------------------ */

static uint32_t taus2_word(uint64_t *key, uint32_t least) {
  uint32_t w = (uint32_t)(fc_mc_splitmix64(*key) >> 32);
  *key += 0x9e3779b97f4a7c15ULL;
  return w < least ? w + least : w; /* GSL taus.c: s1 >= 2, s2 >= 8, s3 >= 16 */
}

void fc_mc_lanes_seed(fc_mc_lanes *t, uint64_t seed, uint32_t chunk, uint32_t input) {
  uint64_t key = fc_mc_splitmix64(fc_mc_splitmix64(seed) ^ (((uint64_t)chunk << 32) | input));
  size_t l;
  int k;
  for (l = 0; l <= L; l++) {
    uint32_t s1 = taus2_word(&key, 2), s2 = taus2_word(&key, 8), s3 = taus2_word(&key, 16);
    for (k = 0; k < 6; k++) (void)fc_taus2_step(&s1, &s2, &s3); /* GSL's warm-up */
    if (l < L) { t->s1[l] = s1; t->s2[l] = s2; t->s3[l] = s3; }
    else { t->f1 = s1; t->f2 = s2; t->f3 = s3; }
  }
}

/* ---- the ziggurat's tables and its rare path ------------------------------- */

/* Marsaglia & Tsang 2000, zigset, for an abscissa j in [0, 2^24). */
void fc_mc_zig_init(fc_mc_zig *z) {
  double dn = ZIG_R, tn = dn, q = ZIG_V / exp(-0.5 * dn * dn);
  int i;
  z->k[0] = (uint32_t)((dn / q) * ZIG_M);
  z->k[1] = 0;
  z->w[0] = q / ZIG_M;
  z->w[FC_MC_ZIG_LAYERS - 1] = dn / ZIG_M;
  z->f[0] = 1.0;
  z->f[FC_MC_ZIG_LAYERS - 1] = exp(-0.5 * dn * dn);
  for (i = FC_MC_ZIG_LAYERS - 2; i >= 1; i--) {
    dn = sqrt(-2.0 * log(ZIG_V / dn + exp(-0.5 * dn * dn)));
    z->k[i + 1] = (uint32_t)((dn / tn) * ZIG_M);
    tn = dn;
    z->f[i] = exp(-0.5 * dn * dn);
    z->w[i] = dn / ZIG_M;
  }
  for (i = 0; i < FC_MC_ZIG_LAYERS; i++) {
    z->ws[i] = -z->w[i];
    z->ws[i + FC_MC_ZIG_LAYERS] = z->w[i];
  }
}

/* A uniform on (0, 1) from the scalar stream (for the logarithms). */
static double open_unit(fc_mc_lanes *t) {
  return ((double)fc_taus2_step(&t->f1, &t->f2, &t->f3) + 0.5) * (1.0 / 4294967296.0);
}

/* Marsaglia & Tsang's nfix: the draw (layer i, abscissa j, sign) missed the
   layer's rectangle; the tail (layer 0) by Marsaglia's exponential method,
   a wedge by the density test, else a fresh draw. */
static double zig_slow(const fc_mc_zig *z, fc_mc_lanes *t, uint32_t bits) {
  for (;;) {
    uint32_t i = bits & 127u, j = bits >> 8;
    double sign = (bits & 128u) ? 1.0 : -1.0, x = (double)j * z->w[i];
    if (j < z->k[i]) return sign * x;
    if (i == 0) {
      double xt, y;
      do {
        xt = -log(open_unit(t)) / ZIG_R;
        y = -log(open_unit(t));
      } while (y + y < xt * xt);
      return sign * (ZIG_R + xt);
    }
    if (z->f[i] + open_unit(t) * (z->f[i - 1] - z->f[i]) < exp(-0.5 * x * x)) return sign * x;
    bits = fc_taus2_step(&t->f1, &t->f2, &t->f3);
  }
}

/* ---- kernels (plain loops a compiler vectorises) ------------------------- */

/* B draws of 32 bits, sample i from lane i mod L. */
ALWAYS_INLINE void lanes_bits(fc_mc_lanes *t, uint32_t *restrict out) {
  uint32_t s1[L], s2[L], s3[L];
  size_t r, l;
  memcpy(s1, t->s1, sizeof s1);
  memcpy(s2, t->s2, sizeof s2);
  memcpy(s3, t->s3, sizeof s3);
  for (r = 0; r < B / L; r++)
    for (l = 0; l < L; l++) out[r * L + l] = fc_taus2_step(&s1[l], &s2[l], &s3[l]);
  memcpy(t->s1, s1, sizeof s1);
  memcpy(t->s2, s2, sizeof s2);
  memcpy(t->s3, s3, sizeof s3);
}

/* 32 bits to [0, 1) as GSL's taus2 uniform, get() x 2^-32, through a signed
   conversion (exact: both terms are integers below 2^53). */
ALWAYS_INLINE double unit(uint32_t b) {
  return ((double)(int32_t)(b ^ 0x80000000u) + 2147483648.0) * (1.0 / 4294967296.0);
}

#define LOG2E 1.4426950408889634
#define LN2_HI 6.93147180369123816490e-01  /* fdlibm e_exp.c: ln 2 in 32 bits */
#define LN2_LO 1.90821492927058770002e-10
#define SHIFTER 6755399441055744.0          /* 1.5 x 2^52: rounds to an integer in the low bits */

ALWAYS_INLINE double exp_core(double x) {
  double t = x * LOG2E + SHIFTER, kd = t - SHIFTER, r, p;
  uint64_t bits;
  memcpy(&bits, &t, sizeof bits);
  r = (x - kd * LN2_HI) - kd * LN2_LO;
  /* e^r = sum r^n / n!, n <= 13, Horner */
  p = 1.0 / 6227020800.0;
  p = p * r + 1.0 / 479001600.0;
  p = p * r + 1.0 / 39916800.0;
  p = p * r + 1.0 / 3628800.0;
  p = p * r + 1.0 / 362880.0;
  p = p * r + 1.0 / 40320.0;
  p = p * r + 1.0 / 5040.0;
  p = p * r + 1.0 / 720.0;
  p = p * r + 1.0 / 120.0;
  p = p * r + 1.0 / 24.0;
  p = p * r + 1.0 / 6.0;
  p = p * r + 0.5;
  p = p * r + 1.0;
  p = p * r + 1.0;
  bits = (bits + 1023u) << 52; /* 2^k: k in the low bits of t */
  memcpy(&t, &bits, sizeof t);
  return p * t;
}

ALWAYS_INLINE void exp_body(const double *restrict x, double *restrict y, size_t n) {
  size_t i;
  for (i = 0; i < n; i++) y[i] = exp_core(fabs(x[i]) <= 708.0 ? x[i] : 0.0);
  for (i = 0; i < n; i++)
    if (!(fabs(x[i]) <= 708.0)) y[i] = exp(x[i]);
}

/* Standard normals by the ziggurat: the layer's rectangle in one vector pass,
   the misses (about 1 in 100) in order from the scalar stream. */
ALWAYS_INLINE void normals(const fc_mc_zig *z, fc_mc_lanes *t, double *restrict x) {
  uint32_t bits[B];
  size_t i;
  lanes_bits(t, bits);
  for (i = 0; i < B; i++) /* sign and layer by one lookup: no branch on a coin flip */
    x[i] = (double)(int32_t)(bits[i] >> 8) * z->ws[bits[i] & 255u];
  for (i = 0; i < B; i++)
    if (!((bits[i] >> 8) < z->k[bits[i] & 127u])) x[i] = zig_slow(z, t, bits[i]);
}

ALWAYS_INLINE void fill_body(const fc_dist_sampler *s, const fc_mc_zig *z, fc_mc_lanes *t, double *restrict x) {
  uint32_t bits[B];
  double mu = s->d.a, sigma = s->d.b, xs[B];
  fc_dist_sampler sc;
  size_t i;
  switch (s->d.kind) {
    case FC_DIST_FIXED:
      for (i = 0; i < B; i++) x[i] = s->d.a;
      return;
    case FC_DIST_NORMAL:
      normals(z, t, x);
      for (i = 0; i < B; i++) x[i] = mu + sigma * x[i];
      return;
    case FC_DIST_LOGNORMAL:
      normals(z, t, xs);
      for (i = 0; i < B; i++) xs[i] = mu + sigma * xs[i];
      exp_body(xs, x, B);
      return;
    default: break;
  }
  lanes_bits(t, bits);
  sc = *s; /* a local copy: the loops need not reload it after each store to x */
  switch (s->d.kind) {
    case FC_DIST_UNIFORM:
      for (i = 0; i < B; i++) x[i] = fc_dist_uniform_at(&sc, unit(bits[i]));
      break;
    case FC_DIST_TRIANGULAR:
      for (i = 0; i < B; i++) x[i] = fc_dist_tri_at(&sc, unit(bits[i]));
      break;
    default: { /* PERT, beta: the table (fc_mc_lanes_supported), in passes so
                  that the table's loads of many draws overlap */
      size_t at[B];
      for (i = 0; i < B; i++) x[i] = unit(bits[i]);
      for (i = 0; i < B; i++) at[i] = fc_hinv_guess(sc.inv, x[i]);
      for (i = 0; i < B; i++) at[i] = fc_hinv_walk(sc.inv, x[i], at[i]);
      for (i = 0; i < B; i++) x[i] = fc_dist_hinv_scale(&sc, fc_hinv_at(sc.inv, x[i], at[i]));
      break;
    }
  }
}

static void fill_base(const fc_dist_sampler *s, const fc_mc_zig *z, fc_mc_lanes *t, double *x) {
  fill_body(s, z, t, x);
}
static void exp_base(const double *x, double *y, size_t n) { exp_body(x, y, n); }

#ifdef FC_SIMD_X86
FC_TARGET_AVX2 static void fill_avx2(const fc_dist_sampler *s, const fc_mc_zig *z,
                                                      fc_mc_lanes *t, double *x) {
  fill_body(s, z, t, x);
}
FC_TARGET_AVX2 static void exp_avx2(const double *x, double *y, size_t n) { exp_body(x, y, n); }
FC_TARGET_AVX512 static void fill_avx512(const fc_dist_sampler *s,
                                                                           const fc_mc_zig *z, fc_mc_lanes *t,
                                                                           double *x) {
  fill_body(s, z, t, x);
}
FC_TARGET_AVX512 static void exp_avx512(const double *x, double *y, size_t n) {
  exp_body(x, y, n);
}
#endif

void fc_mc_lanes_fill(const fc_dist_sampler *s, const fc_mc_zig *z, fc_mc_lanes *t, double *x, int isa) {
  switch (fc_simd_resolve(isa)) {
#ifdef FC_SIMD_X86
    case FC_SIMD_AVX512: fill_avx512(s, z, t, x); return;
    case FC_SIMD_AVX2: fill_avx2(s, z, t, x); return;
#endif
    default: fill_base(s, z, t, x); return;
  }
}

void fc_mc_exp(const double *x, double *y, size_t n, int isa) {
  switch (fc_simd_resolve(isa)) {
#ifdef FC_SIMD_X86
    case FC_SIMD_AVX512: exp_avx512(x, y, n); return;
    case FC_SIMD_AVX2: exp_avx2(x, y, n); return;
#endif
    default: exp_base(x, y, n); return;
  }
}

int fc_mc_lanes_supported(const fc_dist_sampler *s) {
  if (!s || s->d.kind < 0 || s->d.kind >= FC_DIST_NKINDS) return 0;
  return (s->d.kind != FC_DIST_PERT && s->d.kind != FC_DIST_BETA) || s->inv != NULL;
}
