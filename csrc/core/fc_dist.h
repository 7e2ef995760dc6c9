/*
** fc_dist.h -- probability distributions for uncertain scalar inputs.
**
** A distribution is a small value type (no allocation). Constructors
** validate their parameters and return FC_EDOM on bad input.
**
** Sources:
**  - lognormal from a 90 % interval [p5, p95]: ln X ~ N(mu, sigma) with
**    mu = (ln p5 + ln p95) / 2, sigma = (ln p95 - ln p5) / (2 z95),
**    z95 = Phi^-1(0.95) = 1.6448536269514722 (Abramowitz & Stegun 26.2).
**  - PERT(min, mode, max): Beta(alpha, beta) on [min, max] with
**    alpha = 1 + 4 (mode - min) / (max - min), beta = 1 + 4 (max - mode) / (max - min),
**    mean (min + 4 mode + max) / 6 (Malcolm, Roseboom, Clark & Fazar 1959,
**    Operations Research 7(5); D. Vose, Risk Analysis, 3rd ed. 2008, sec. 9.1).
**  - triangular: inverse CDF, mean (a + m + b) / 3,
**    variance (a^2 + m^2 + b^2 - am - ab - mb) / 18 (Johnson, Kotz & Balakrishnan,
**    Continuous Univariate Distributions vol. 2, 1995, ch. 26).
**  - beta on [lo, hi]: mean lo + (hi - lo) a / (a + b),
**    variance (hi - lo)^2 a b / ((a + b)^2 (a + b + 1)).
**  - lognormal moments: mean exp(mu + s^2/2), var (exp(s^2) - 1) exp(2 mu + s^2).
** Quantiles use GSL (gsl_cdf_*_Pinv), except beta and PERT: safeguarded
** Newton on gsl_cdf_beta_P (fc_dist.c, beta_inv). Draws (fc_dist_sampler): uniform and
** triangular by their inverse CDF from one GSL uniform; normal and lognormal
** by GSL's ziggurat (Marsaglia & Tsang 2000); PERT and beta by numerical
** inversion of the CDF (Hoermann & Leydold 2003, fc_hinv.h), else gsl_ran_beta.
*/
#ifndef FC_DIST_H
#define FC_DIST_H

#include <math.h>
#include <stddef.h>
#include <gsl/gsl_rng.h>
#include "fc_hinv.h"

typedef enum {
  FC_DIST_FIXED = 0,   /* a = value */
  FC_DIST_UNIFORM,     /* a = lo, b = hi */
  FC_DIST_NORMAL,      /* a = mean, b = sd */
  FC_DIST_LOGNORMAL,   /* a = mu, b = sigma (of ln X), c = p5, d = p95 */
  FC_DIST_TRIANGULAR,  /* a = min, b = mode, c = max */
  FC_DIST_PERT,        /* a = alpha, b = beta, c = min, d = max */
  FC_DIST_BETA,        /* a = alpha, b = beta, c = lo, d = hi */
  FC_DIST_NKINDS
} fc_dist_kind;

typedef struct {
  int kind;
  double a, b, c, d;
} fc_dist;

#define FC_DIST_Z95 1.6448536269514722

/* Constructors. All parameters must be finite. Errors: FC_EDOM, FC_EINVAL (d NULL). */
int fc_dist_fixed(double x, fc_dist *d);
int fc_dist_uniform(double lo, double hi, fc_dist *d);              /* lo < hi */
int fc_dist_normal(double mean, double sd, fc_dist *d);             /* sd > 0 */
int fc_dist_lognormal90(double p5, double p95, fc_dist *d);         /* 0 < p5 < p95 */
int fc_dist_triangular(double min, double mode, double max, fc_dist *d); /* min <= mode <= max, min < max */
int fc_dist_pert(double min, double mode, double max, fc_dist *d);  /* same domain */
int fc_dist_beta(double alpha, double beta, double lo, double hi, fc_dist *d); /* 0 < alpha, beta <= max, lo < hi */
/* Largest beta shape: GSL's incomplete beta (gsl_cdf_beta_P) returns NaN near
   the mean for shapes of 1e6 (checked on a grid up to 5e5: finite), and its
   gsl_cdf_beta_Pinv never returns there. Beyond 1e5 a beta is within 1e-3 of
   a normal distribution with the same mean and sd (skewness ~ 2/sqrt(shape)). */
#define FC_DIST_BETA_MAX_SHAPE 1e5
/* Constructors also return FC_ERANGE when the span, mean or sd of the result
   is not finite (uniform(-1e308, 1e308), lognormal90(1e-300, 1e300)). */

/* Name of a kind ("uniform", "lognormal90", ...), or NULL. */
const char *fc_dist_kind_name(int kind);
/* PERT mode recovered from alpha: min + (alpha - 1)(max - min) / 4. */
double fc_dist_pert_mode(const fc_dist *d);

/* One draw. The distribution must come from a constructor. */
double fc_dist_sample(const fc_dist *d, gsl_rng *r);
/*
** A prepared sampler for inner loops: the same distribution, with whatever
** tables make draws fast built once (fc_dist_sampler_init), then read-only,
** so threads may share it. fc_dist_sampler_free is safe on a zeroed sampler.
** PERT and beta draw by inversion, x = Q(u), with Q the Hermite inversion
** table of fc_hinv.h (u-error below FC_DIST_HINV_UTOL, about 4 ns a draw
** instead of about 25 ns for gsl_ran_beta's two gamma variates); shapes the
** table cannot resolve to that tolerance keep gsl_ran_beta.
** Errors: FC_EINVAL, FC_ENOMEM.
*/
#define FC_DIST_HINV_UTOL 1e-10
typedef struct {
  fc_dist d;
  double k0, k1, k2, k3;  /* constants of the draw, precomputed per kind */
  fc_hinv *inv;           /* PERT and beta: inversion table, or NULL (gsl_ran_beta) */
} fc_dist_sampler;

int fc_dist_sampler_init(fc_dist_sampler *s, const fc_dist *d);

/* The inverse-CDF draws x = Q(u) of a sampler, one function per kind, shared
   by fc_dist_sampler_fill and the Monte Carlo engine's lanes (fc_mc_lanes.c).
   Rounding must never carry a draw outside fc_dist_support: callers skip
   domain checks on that promise, hence the clamp. */
static inline double fc_dist_clamp(double x, double lo, double hi) {
  double v = x > lo ? x : lo;
  return v < hi ? v : hi;
}
static inline double fc_dist_uniform_at(const fc_dist_sampler *s, double u) {
  return fc_dist_clamp(s->k0 + s->k1 * u, s->d.a, s->d.b);
}
/* Triangular (min a, mode b, max c; k0 = F(mode), k1 = (c - a)(b - a),
   k2 = (c - a)(c - b)): left of the mode a + sqrt(u k1), right c - sqrt((1 - u) k2),
   written as selects so that a compiler need not branch on a coin flip. */
static inline double fc_dist_tri_at(const fc_dist_sampler *s, double u) {
  int left = u < s->k0;
  double w = left ? u : 1.0 - u, f = left ? s->k1 : s->k2, base = left ? s->d.a : s->d.c,
         sign = left ? 1.0 : -1.0;
  return fc_dist_clamp(base + sign * sqrt(w * f), s->d.a, s->d.c);
}
/* PERT and beta from the inversion table's x_hat(u) in [0, 1]. */
static inline double fc_dist_hinv_scale(const fc_dist_sampler *s, double x01) {
  return fc_dist_clamp(s->k0 + s->k1 * x01, s->d.c, s->d.d);
}
static inline double fc_dist_hinv_at(const fc_dist_sampler *s, double u) {
  return fc_dist_hinv_scale(s, fc_hinv_eval(s->inv, u));
}
/* n uniforms on [0, 1) into u, equal to n calls of gsl_rng_uniform(r). */
void fc_dist_uniforms(gsl_rng *r, double *u, size_t n);
/* n draws into x, in order, from r. On GSL's taus2 the generator steps
   inline in the same loop as the inverse CDF (uniform, triangular, PERT and
   beta by the table): the same numbers as on any other path. */
void fc_dist_sampler_fill(const fc_dist_sampler *s, gsl_rng *r, double *x, size_t n);
void fc_dist_sampler_free(fc_dist_sampler *s);
/* The draw whose standard-normal score is z, x = F^-1(Phi(z)) (Gaussian
   copula of correlated inputs; normal and lognormal use z directly). */
double fc_dist_sampler_from_normal(const fc_dist_sampler *s, double z);

/* Quantile (inverse CDF) at p in (0, 1). Errors: FC_EDOM (p out of range), FC_EINVAL. */
int fc_dist_quantile(const fc_dist *d, double p, double *x);
/* The closed range every draw of a sampler lies in (fc_dist_sampler_fill
   clamps to it): infinite ends for normal, [0, inf] for lognormal. */
void fc_dist_support(const fc_dist *d, double *lo, double *hi);
/* Closed-form mean and standard deviation. */
double fc_dist_mean(const fc_dist *d);
double fc_dist_sd(const fc_dist *d);

#endif
