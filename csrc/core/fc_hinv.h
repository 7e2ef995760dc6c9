/*
** fc_hinv.h -- fast inverse-CDF sampling of Beta(alpha, beta) on [0, 1] by
** piecewise cubic Hermite interpolation of the inverse CDF (HINV).
**
** Method: W. Hoermann & J. Leydold (2003), "Continuous random variate
** generation by fast numerical inversion", ACM TOMACS 13(4):347-362 (HINV in
** UNU.RAN). On each interval [x_i, x_i+1] with u_i = F(x_i) the inverse CDF is
** replaced by the cubic Hermite interpolant H of the points (u_i, x_i) with
** slopes dx/du = 1 / f(x_i). In t = (u - u_i) / (u_i+1 - u_i), with
** alpha_i = (u_i+1 - u_i) / (f(x_i) (x_i+1 - x_i)) and beta_i likewise at x_i+1,
**   H = x_i + (x_i+1 - x_i) p(t),
**   p(t) = t + t (1 - t) ((alpha_i - 1)(1 - t) - (beta_i - 1) t),
** the Hermite basis rearranged so that p(0) = 0 and p(1) = 1 hold exactly in
** floating point (p'(0) = alpha_i, p'(1) = beta_i); alpha_i = beta_i = 1 is the
** linear interpolant. p is monotone on [0, 1] iff (alpha_i, beta_i) lies in the
** region given by F. N. Fritsch & R. E. Carlson (1980), "Monotone piecewise
** cubic interpolation", SIAM J. Numer. Anal. 17(2):238-246.
**
** Accuracy is in u. An interval is kept when p is monotone and |F(H(u)) - u| at
** u_i + {1/2, 1/4, 3/4} (u_i+1 - u_i) is within budget (fc_hinv.c explains the
** budget: a margin for the peak between test points and for the rounding error
** of GSL's CDF). An interval of probability mass <= budget is interpolated
** linearly: a monotone H keeps F(H(u)) inside [u_i, u_i+1], so the u-error is at
** most the mass. This covers the zero-density ends (alpha > 1 at 0, beta > 1 at
** 1), where 1 / f is infinite; at a density pole (alpha < 1 or beta < 1) the
** slope is 0 and the cubic is tested like any other. Knots are placed by
** marching from x = 0 with a width set from the previous interval's error
** (fc_hinv.c: fewer intervals, hence a faster setup, than halving a grid).
**
** Lookup: a guide table (H. C. Chen & Y. Asau (1974), "On generating random
** variates from an empirical distribution", AIIE Transactions 6(2):163-166)
** of g = 2 n entries maps u to the first interval that can hold it; one
** branch-free comparison and a rarely entered loop finish the search.
*/
#ifndef FC_HINV_H
#define FC_HINV_H

#include <stddef.h>

#define FC_HINV_MAX_INTERVALS 4096

/* One interval as fc_hinv_eval reads it: one 64-byte cache line. */
typedef struct {
  double u0, u1;    /* CDF values at the ends */
  double inv_du;    /* 1 / (u1 - u0), 0 on an interval of zero mass */
  double x0, dx;    /* left knot, width (x0 + dx <= right knot, equal but for rounding) */
  double a, b;      /* alpha - 1, beta - 1 of p(t); both 0 when linear */
  double pad;
} fc_hinv_seg;

typedef struct {
  size_t n;          /* intervals */
  double *u;         /* n + 1 CDF values at the knots, u[0] = 0, u[n] = 1 */
  double *x;         /* n + 1 knots, x[0] = 0, x[n] = 1 */
  double *dxdu;      /* n + 1 slopes of the inverse CDF at the knots (1 / density;
                        +inf where the density is 0) */
  size_t *guide;     /* guide table (Chen & Asau 1974): g + 1 entries, the last for u = 1 */
  size_t g;          /* 2 n */
  double u_tol;      /* the u-error bound that was verified */
  /* additions */
  fc_hinv_seg *seg;  /* n intervals, 64-byte aligned */
  double g_scale;    /* (double)g */
  size_t n_linear;   /* intervals interpolated linearly */
  double cdf_err;    /* rounding error bound of the CDF that verified u_tol */
} fc_hinv;

/* Builds the inversion table of Beta(alpha, beta) on [0, 1] with
   max |F(x_hat(u)) - u| <= u_tol (checked at test points of every interval).
   h is overwritten, not freed. alpha = beta = 1 gives the exact x_hat(u) = u.
   Errors: FC_EINVAL (h NULL), FC_EDOM (alpha, beta not finite and > 0, or u_tol
   not in [1e-14, 1e-3]), FC_ERANGE when the tolerance cannot be met or verified:
   it needs more than FC_HINV_MAX_INTERVALS intervals; or GSL's beta CDF is not
   accurate enough to check it (estimated error > u_tol / 2: large alpha + beta,
   e.g. alpha = beta = 1e5 at 1e-10); or doubles cannot resolve it at a density
   pole (the last double spacing below 1 carries more than u_tol: Beta(0.5, 0.5)
   allows u_tol >= 6.7e-9 only; likewise the first spacing above 0 for tiny alpha).
   The caller then falls back to another sampler. FC_ENOMEM.
   On error h is left zeroed, so fc_hinv_free is always safe. */
int fc_hinv_beta_init(fc_hinv *h, double alpha, double beta, double u_tol);

/* x on interval s at t = (u - u0) / (u1 - u0): x0 + dx p(t). The setup tests
   exactly this arithmetic. p leaves [0, 1] only by rounding (t can exceed 1 by an
   ulp of inv_du); the clamp keeps x inside [x0, x0 + dx], hence monotone across
   knots. */
static inline double fc_hinv_seg_x(const fc_hinv_seg *s, double t) {
  double r = 1.0 - t, p = t + t * r * (s->a * r - s->b * t);
  p = p < 0.0 ? 0.0 : p;
  p = p > 1.0 ? 1.0 : p;
  return s->x0 + s->dx * p;
}

/* The interval of u in [0, 1]: the guide table's entry, then one branch-free
   step; fc_hinv_interval finishes with a loop that almost never runs (g = 2 n).
   Split so that a block of draws can find all its first guesses before it
   walks (fc_mc_lanes.c). */
static inline size_t fc_hinv_guess(const fc_hinv *h, double u) {
  size_t i = h->guide[(size_t)(u * h->g_scale)];
  return i + (size_t)(u > h->seg[i].u1);
}
static inline size_t fc_hinv_walk(const fc_hinv *h, double u, size_t i) {
  while (u > h->seg[i].u1) i++;
  return i;
}
/* x on the interval i of u. */
static inline double fc_hinv_at(const fc_hinv *h, double u, size_t i) {
  const fc_hinv_seg *s = h->seg + i;
  return fc_hinv_seg_x(s, (u - s->u0) * s->inv_du);
}

/* x_hat(u) for u in [0, 1]: monotone non-decreasing in u, result in [0, 1].
   No checks: hot path. u must not be NaN or outside [0, 1]. The table must come
   from a successful init; it is read-only, so threads may share it. */
static inline double fc_hinv_eval(const fc_hinv *h, double u) {
  return fc_hinv_at(h, u, fc_hinv_walk(h, u, fc_hinv_guess(h, u)));
}

void fc_hinv_free(fc_hinv *h);

#endif
