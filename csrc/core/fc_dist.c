/* fc_dist.c -- distributions; formulas and sources in fc_dist.h. */
/* GSL's inline gsl_rng_uniform: one indirect call per draw instead of two
   (GSL manual, "Inline functions"). */
#define HAVE_INLINE 1
#include <float.h>
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_cdf.h>
#include "fc_status.h"
#include "fc_dist.h"
#include "fc_taus2.h"

static int set(fc_dist *d, int kind, double a, double b, double c, double e) {
  d->kind = kind; d->a = a; d->b = b; d->c = c; d->d = e;
  return FC_OK;
}

#define FIN(x) isfinite(x)

static int finite_moments(fc_dist *d);

int fc_dist_fixed(double x, fc_dist *d) {
  if (!d) return FC_EINVAL;
  if (!FIN(x)) return FC_EDOM;
  return set(d, FC_DIST_FIXED, x, 0, 0, 0);
}

int fc_dist_uniform(double lo, double hi, fc_dist *d) {
  if (!d) return FC_EINVAL;
  if (!FIN(lo) || !FIN(hi) || !(lo < hi)) return FC_EDOM;
  set(d, FC_DIST_UNIFORM, lo, hi, 0, 0);
  return finite_moments(d);
}

int fc_dist_normal(double mean, double sd, fc_dist *d) {
  if (!d) return FC_EINVAL;
  if (!FIN(mean) || !FIN(sd) || !(sd > 0)) return FC_EDOM;
  return set(d, FC_DIST_NORMAL, mean, sd, 0, 0);
}

int fc_dist_lognormal90(double p5, double p95, fc_dist *d) {
  double mu, sigma;
  if (!d) return FC_EINVAL;
  if (!FIN(p5) || !FIN(p95) || !(p5 > 0) || !(p5 < p95)) return FC_EDOM;
  mu = 0.5 * (log(p5) + log(p95));
  sigma = (log(p95) - log(p5)) / (2.0 * FC_DIST_Z95);
  set(d, FC_DIST_LOGNORMAL, mu, sigma, p5, p95);
  return finite_moments(d);
}

static int tri_ok(double min, double mode, double max) {
  return FIN(min) && FIN(mode) && FIN(max) && min <= mode && mode <= max && min < max;
}

int fc_dist_triangular(double min, double mode, double max, fc_dist *d) {
  if (!d) return FC_EINVAL;
  if (!tri_ok(min, mode, max)) return FC_EDOM;
  set(d, FC_DIST_TRIANGULAR, min, mode, max, 0);
  return finite_moments(d);
}

/* The moments of a constructed distribution must be finite: a span or a
   mean that overflows (uniform(-1e308, 1e308), lognormal90(1e-300, 1e300))
   would otherwise give inf or NaN means, sds and draws, silently. */
static int finite_moments(fc_dist *d) {
  double lo, hi;
  fc_dist_support(d, &lo, &hi);
  if (!FIN(fc_dist_mean(d)) || !FIN(fc_dist_sd(d))) return FC_ERANGE;
  if (d->kind != FC_DIST_NORMAL && d->kind != FC_DIST_LOGNORMAL && !FIN(hi - lo)) return FC_ERANGE;
  return FC_OK;
}

int fc_dist_pert(double min, double mode, double max, fc_dist *d) {
  double r;
  if (!d) return FC_EINVAL;
  if (!tri_ok(min, mode, max)) return FC_EDOM;
  r = max - min;
  if (!FIN(r)) return FC_ERANGE;
  /* divide before multiplying: 4 (max - mode) overflows for max near 1e308,
     which made beta = inf, sd NaN and every draw the minimum */
  set(d, FC_DIST_PERT, 1.0 + 4.0 * ((mode - min) / r), 1.0 + 4.0 * ((max - mode) / r), min, max);
  return finite_moments(d);
}

int fc_dist_beta(double alpha, double beta, double lo, double hi, fc_dist *d) {
  if (!d) return FC_EINVAL;
  if (!FIN(alpha) || !FIN(beta) || !(alpha > 0) || !(beta > 0)) return FC_EDOM;
  if (alpha > FC_DIST_BETA_MAX_SHAPE || beta > FC_DIST_BETA_MAX_SHAPE) return FC_EDOM;
  if (!FIN(lo) || !FIN(hi) || !(lo < hi)) return FC_EDOM;
  set(d, FC_DIST_BETA, alpha, beta, lo, hi);
  return finite_moments(d);
}

const char *fc_dist_kind_name(int kind) {
  static const char *const names[] = {"fixed", "uniform", "normal", "lognormal90",
                                      "triangular", "pert", "beta"};
  return kind >= 0 && kind < FC_DIST_NKINDS ? names[kind] : NULL;
}

double fc_dist_pert_mode(const fc_dist *d) {
  return d->c + (d->a - 1.0) * (d->d - d->c) / 4.0;
}

/* Inverse CDF of the triangular distribution. */
static double tri_inv(const fc_dist *d, double u) {
  double a = d->a, m = d->b, b = d->c, fc = (m - a) / (b - a);
  if (u < fc) return a + sqrt(u * (b - a) * (m - a));
  return b - sqrt((1.0 - u) * (b - a) * (b - m));
}

double fc_dist_sample(const fc_dist *d, gsl_rng *r) {
  switch (d->kind) {
    case FC_DIST_FIXED: return d->a;
    case FC_DIST_UNIFORM: return d->a + (d->b - d->a) * gsl_rng_uniform(r);
    case FC_DIST_NORMAL: return d->a + gsl_ran_gaussian_ziggurat(r, d->b);
    case FC_DIST_LOGNORMAL: return exp(d->a + gsl_ran_gaussian_ziggurat(r, d->b));
    case FC_DIST_TRIANGULAR: return tri_inv(d, gsl_rng_uniform(r));
    case FC_DIST_PERT:
    case FC_DIST_BETA: return d->c + (d->d - d->c) * gsl_ran_beta(r, d->a, d->b);
    default: return NAN;
  }
}

int fc_dist_sampler_init(fc_dist_sampler *s, const fc_dist *d) {
  if (!s || !d || d->kind < 0 || d->kind >= FC_DIST_NKINDS) return FC_EINVAL;
  memset(s, 0, sizeof *s);
  s->d = *d;
  switch (d->kind) {
    case FC_DIST_UNIFORM: s->k0 = d->a; s->k1 = d->b - d->a; break;
    case FC_DIST_TRIANGULAR: /* tri_inv with its products hoisted */
      s->k0 = (d->b - d->a) / (d->c - d->a);
      s->k1 = (d->c - d->a) * (d->b - d->a);
      s->k2 = (d->c - d->a) * (d->c - d->b);
      break;
    case FC_DIST_PERT:
    case FC_DIST_BETA: {
      int st;
      s->k0 = d->c; s->k1 = d->d - d->c;
      if (!(s->inv = (fc_hinv *)malloc(sizeof *s->inv))) return FC_ENOMEM;
      st = fc_hinv_beta_init(s->inv, d->a, d->b, FC_DIST_HINV_UTOL);
      if (st == FC_ENOMEM) { free(s->inv); s->inv = NULL; return st; }
      if (st != FC_OK) { free(s->inv); s->inv = NULL; } /* not resolvable: gsl_ran_beta */
      break;
    }
    default: break;
  }
  return FC_OK;
}

/*
** taus2 inline (fc_taus2.h), stepped on the state of a GSL "taus2" generator
** in place. GSL keeps that state as three unsigned longs s1, s2, s3 (its
** taus.c); the numbers are the same, only the call through gsl_rng's function
** pointer (about 1.8 ns a draw here) is gone, and GSL's own calls (the
** ziggurat of the normal draws) continue the same stream. GSL stays the
** reference: csrc/test/test_dist.c compares the two streams draw for draw.
*/
typedef struct { unsigned long s1, s2, s3; } taus2_state;
typedef struct { uint32_t s1, s2, s3; } taus2_regs;

static int is_taus2(const gsl_rng *r) {
  return r->type == gsl_rng_taus2 && r->type->size == sizeof(taus2_state);
}

static inline void taus2_load(const gsl_rng *r, taus2_regs *t) {
  const taus2_state *st = (const taus2_state *)r->state;
  t->s1 = (uint32_t)st->s1; t->s2 = (uint32_t)st->s2; t->s3 = (uint32_t)st->s3;
}

static inline void taus2_store(gsl_rng *r, const taus2_regs *t) {
  taus2_state *st = (taus2_state *)r->state;
  st->s1 = t->s1; st->s2 = t->s2; st->s3 = t->s3;
}

/* One step: the next uniform on [0, 1), GSL's taus2 get() times 2^-32. */
static inline double taus2_next(taus2_regs *t) {
  return (double)fc_taus2_step(&t->s1, &t->s2, &t->s3) * (1.0 / 4294967296.0);
}

/* n uniforms on [0, 1) into u. For generators whose gsl_rng_uniform is
   get() / 2^32 (GSL's taus2, mt19937 and gfsr4 sources), the same numbers
   from gsl_rng_get times 2^-32: a power of two, so bit-identical, without a
   division per draw; taus2 inline (above). */
void fc_dist_uniforms(gsl_rng *r, double *u, size_t n) {
  size_t i;
  if (is_taus2(r)) {
    taus2_regs t;
    taus2_load(r, &t);
    for (i = 0; i < n; i++) u[i] = taus2_next(&t);
    taus2_store(r, &t);
  } else if (r->type == gsl_rng_mt19937 || r->type == gsl_rng_gfsr4) {
    for (i = 0; i < n; i++) u[i] = (double)gsl_rng_get(r) * (1.0 / 4294967296.0);
  } else {
    for (i = 0; i < n; i++) u[i] = gsl_rng_uniform(r);
  }
}

/* x[i] = EXPR(u) for n uniforms u in stream order. On taus2 the generator
   steps in the same loop as the transform: its serial chain of shifts and
   the transform's arithmetic overlap instead of running one after the
   other (two loops over the block); other generators fill x first. */
#define FILL_FROM_UNIFORMS(EXPR)                                         \
  do {                                                                   \
    if (is_taus2(r)) {                                                   \
      taus2_regs t_;                                                     \
      taus2_load(r, &t_);                                                \
      for (i = 0; i < n; i++) { double u = taus2_next(&t_); x[i] = (EXPR); } \
      taus2_store(r, &t_);                                               \
    } else {                                                             \
      fc_dist_uniforms(r, x, n);                                         \
      for (i = 0; i < n; i++) { double u = x[i]; x[i] = (EXPR); }        \
    }                                                                    \
  } while (0)

void fc_dist_sampler_fill(const fc_dist_sampler *s, gsl_rng *r, double *x, size_t n) {
  size_t i;
  const fc_dist *d = &s->d;
  switch (d->kind) {
    case FC_DIST_FIXED:
      for (i = 0; i < n; i++) x[i] = d->a;
      break;
    case FC_DIST_UNIFORM:
      FILL_FROM_UNIFORMS(fc_dist_uniform_at(s, u));
      break;
    case FC_DIST_NORMAL:
      for (i = 0; i < n; i++) x[i] = d->a + gsl_ran_gaussian_ziggurat(r, d->b);
      break;
    case FC_DIST_LOGNORMAL:
      for (i = 0; i < n; i++) x[i] = exp(d->a + gsl_ran_gaussian_ziggurat(r, d->b));
      break;
    case FC_DIST_TRIANGULAR:
      FILL_FROM_UNIFORMS(fc_dist_tri_at(s, u));
      break;
    default: /* FC_DIST_PERT, FC_DIST_BETA */
      if (s->inv) {
        FILL_FROM_UNIFORMS(fc_dist_hinv_at(s, u));
      } else {
        for (i = 0; i < n; i++) x[i] = fc_dist_clamp(s->k0 + s->k1 * gsl_ran_beta(r, d->a, d->b), d->c, d->d);
      }
      break;
  }
}
#undef FILL_FROM_UNIFORMS

/* The draw whose standard-normal score is z: x = F^-1(Phi(z)), the same
   inverse as the sampler's (normal and lognormal use z itself), clamped to
   the support like every draw. For correlated inputs (Gaussian copula). */
double fc_dist_sampler_from_normal(const fc_dist_sampler *s, double z) {
  const fc_dist *d = &s->d;
  double u;
  switch (d->kind) {
    case FC_DIST_FIXED: return d->a;
    case FC_DIST_NORMAL: return d->a + d->b * z;
    case FC_DIST_LOGNORMAL: return exp(d->a + d->b * z);
    default: break;
  }
  u = gsl_cdf_ugaussian_P(z);
  if (u >= 1.0) u = 1.0 - DBL_EPSILON / 2; /* the open interval the inverses take */
  switch (d->kind) {
    case FC_DIST_UNIFORM: return fc_dist_uniform_at(s, u);
    case FC_DIST_TRIANGULAR: return fc_dist_clamp(tri_inv(d, u), d->a, d->c);
    default: /* FC_DIST_PERT, FC_DIST_BETA */
      if (s->inv) return fc_dist_hinv_at(s, u);
      if (u <= 0.0) return d->c;
      return fc_dist_clamp(d->c + (d->d - d->c) * gsl_cdf_beta_Pinv(u, d->a, d->b), d->c, d->d);
  }
}

void fc_dist_sampler_free(fc_dist_sampler *s) {
  if (!s) return;
  if (s->inv) fc_hinv_free(s->inv);
  free(s->inv);
  s->inv = NULL;
}

/* Quantile of Beta(a, b) at p: safeguarded Newton on gsl_cdf_beta_P, with a
   bisection step whenever Newton would leave the bracket [lo, hi] that holds
   the root (Press et al., Numerical Recipes 3rd ed. 2007, sec. 9.4, rtsafe).
   gsl_cdf_beta_Pinv is not used: its own iteration never returns for shapes
   near 1e6 (Beta(1e6, 1e6) at 0.5). Halving [0, 1] reaches any double in at
   most about 1100 steps, so the loop is bounded; FC_EMAXITER past that. */
static int beta_inv(double p, double a, double b, double *out) {
  double lo = 0.0, hi = 1.0, x = a / (a + b);
  int it;
  for (it = 0; it < 2000; it++) {
    double f = gsl_cdf_beta_P(x, a, b) - p, pdf, xn;
    if (isnan(f)) return FC_ERANGE; /* the incomplete beta failed: no guess */
    if (f == 0.0) break;
    if (f < 0.0) lo = x; else hi = x;
    pdf = gsl_ran_beta_pdf(x, a, b);
    xn = (pdf > 0.0 && isfinite(pdf)) ? x - f / pdf : NAN;
    if (!(xn > lo && xn < hi)) xn = 0.5 * (lo + hi);
    if (xn == x || !(hi > lo) || hi - lo <= 2.0 * DBL_EPSILON * hi) { x = xn; break; }
    x = xn;
  }
  if (it == 2000) return FC_EMAXITER;
  if (!isfinite(x)) return FC_ERANGE;
  *out = x;
  return FC_OK;
}

int fc_dist_quantile(const fc_dist *d, double p, double *x) {
  double q;
  if (!d || !x) return FC_EINVAL;
  if (!(p > 0.0 && p < 1.0)) return FC_EDOM;
  switch (d->kind) {
    case FC_DIST_FIXED: q = d->a; break;
    case FC_DIST_UNIFORM: q = d->a + (d->b - d->a) * p; break;
    case FC_DIST_NORMAL: q = d->a + gsl_cdf_gaussian_Pinv(p, d->b); break;
    case FC_DIST_LOGNORMAL: q = gsl_cdf_lognormal_Pinv(p, d->a, d->b); break;
    case FC_DIST_TRIANGULAR: q = tri_inv(d, p); break;
    case FC_DIST_PERT:
    case FC_DIST_BETA: {
      double u;
      int st = beta_inv(p, d->a, d->b, &u);
      if (st) return st;
      q = d->c + (d->d - d->c) * u;
      break;
    }
    default: return FC_EINVAL;
  }
  if (!isfinite(q)) return FC_ERANGE;
  *x = q;
  return FC_OK;
}

void fc_dist_support(const fc_dist *d, double *lo, double *hi) {
  switch (d->kind) {
    case FC_DIST_FIXED: *lo = *hi = d->a; break;
    case FC_DIST_UNIFORM: *lo = d->a; *hi = d->b; break;
    case FC_DIST_TRIANGULAR: *lo = d->a; *hi = d->c; break;
    case FC_DIST_PERT:
    case FC_DIST_BETA: *lo = d->c; *hi = d->d; break;
    case FC_DIST_LOGNORMAL: *lo = 0.0; *hi = INFINITY; break;
    default: *lo = -INFINITY; *hi = INFINITY; break;
  }
}

double fc_dist_mean(const fc_dist *d) {
  switch (d->kind) {
    case FC_DIST_FIXED: return d->a;
    case FC_DIST_UNIFORM: return 0.5 * (d->a + d->b);
    case FC_DIST_NORMAL: return d->a;
    case FC_DIST_LOGNORMAL: return exp(d->a + 0.5 * d->b * d->b);
    case FC_DIST_TRIANGULAR: return (d->a + d->b + d->c) / 3.0;
    case FC_DIST_PERT:
    case FC_DIST_BETA: return d->c + (d->d - d->c) * d->a / (d->a + d->b);
    default: return NAN;
  }
}

double fc_dist_sd(const fc_dist *d) {
  double a = d->a, b = d->b, c = d->c, s2;
  switch (d->kind) {
    case FC_DIST_FIXED: return 0.0;
    case FC_DIST_UNIFORM: return (b - a) / sqrt(12.0);
    case FC_DIST_NORMAL: return b;
    case FC_DIST_LOGNORMAL: s2 = b * b; return sqrt(expm1(s2) * exp(2.0 * a + s2));
    case FC_DIST_TRIANGULAR: return sqrt((a * a + b * b + c * c - a * b - a * c - b * c) / 18.0);
    case FC_DIST_PERT:
    case FC_DIST_BETA:
      /* as a product of ratios: a b / (a + b)^2 underflows to 0/0 for shapes near 1e-300 */
      return (d->d - c) * sqrt((a / (a + b)) * (b / (a + b)) / (a + b + 1.0));
    default: return NAN;
  }
}
