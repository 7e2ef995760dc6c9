/* fc_hinv.c -- fast numerical inversion (HINV); method and sources in fc_hinv.h.
**
** Error budget. The u-error is measured with GSL's CDF, which has its own
** rounding error cdf_err, so a verified bound u_tol needs
**   test-point error x HINV_PEAK + cdf_err <= u_tol   (Hermite intervals),
**   interval mass + cdf_err <= u_tol                   (linear intervals).
** HINV_PEAK covers the error peak falling between the three test points. The
** u-error e(u) = F(H(u)) - u has double zeros at both knots (H matches x and
** dx/du = 1/f there, so e = e' = 0), so on a short interval it behaves like
** t^2 (1 - t)^2 (c0 + c1 (t - 1/2)). Over all c0, c1 its maximum exceeds the
** largest of the values at t = 1/4, 1/2, 3/4 by at most 22 % (at c1 = +-3.1 c0,
** found numerically), hence 1.25. Sampling 63 points per interval of the shapes
** in test_hinv.c gave at most 17 %.
**
** GSL's incomplete beta (cdf/beta_inc.c) is exp(ln prefactor) x continued
** fraction with ln prefactor = -ln B(a, b) + a ln x + b ln(1 - x); its absolute
** error is dominated by the rounding of those terms. We bound it by
**   cdf_err = eps (8 + |ln G(a)| + |ln G(b)| + |ln G(a + b)| + a |ln m| + b |ln(1 - m)|),
** m = a / (a + b), G the gamma function. Calibration: against a 45-digit
** continued fraction (mpmath) on 30 shapes from (0.01, 1) to (1e5, 1e5) the
** largest error seen over mean +- 6 sd was 0.61 of this bound (7.6e-11 at
** a = b = 1e5, where the bound is 1e-9; 5e-16 at PERT shapes, bound 4e-15).
** When cdf_err > u_tol / 2 the tolerance cannot be verified and init returns
** FC_ERANGE.
**
** Placement of the knots. Hoermann & Leydold start from a grid and halve failing
** intervals. Here the knots are placed by marching from x = 0 with a trial width
** set from the previous interval's error (width^4 law, step_factor below). With
** the same acceptance test this needs ~660 instead of ~900 intervals for
** Beta(2.3333, 3.6667) at u_tol = 1e-10 (the h^4 estimate of the minimum is
** ~620), which brings the setup from ~0.58 ms to ~0.44 ms on the development
** machine. The setup is ~4 calls of gsl_cdf_beta_P (~140 ns) per interval, and
** about half of each call is ln-gamma and log work GSL redoes on every call.
*/
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_sf_gamma.h>
#include "fc_status.h"
#include "fc_hinv.h"

#define HINV_PEAK 1.25
#define HINV_FIRST_STEP (1.0 / 32.0)  /* the first trial interval */
#define HINV_STEP_SAFETY 0.95
#define HINV_SNAP 0.25        /* a remainder below 1/4 step joins the last interval */
#define HINV_MAX_TRIES (16 * FC_HINV_MAX_INTERVALS)
#define HINV_MAX_AB 1e13      /* beyond, cdf_err > 1e-3 anyway; keeps lngamma finite */

/* A distribution on [0, 1] as the builder sees it: CDF, density (+inf allowed at
   the ends) and an absolute error bound of the CDF. */
typedef struct {
  double (*cdf)(double x, const void *par);
  double (*pdf)(double x, const void *par);
  const void *par;
  double cdf_err;
  double first_step;  /* width of the first trial interval */
} hinv_model;

typedef struct { double x, u, f; } knot;

/* Growable array of knots. */
typedef struct { knot *k; size_t n, cap; } knots;

static int push(knots *a, knot k) {
  if (a->n == a->cap) {
    size_t cap = a->cap ? 2 * a->cap : 64;
    knot *p = (knot *)realloc(a->k, cap * sizeof *p);
    if (!p) return FC_ENOMEM;
    a->k = p; a->cap = cap;
  }
  a->k[a->n++] = k;
  return FC_OK;
}

/* Fritsch & Carlson (1980): the cubic Hermite on one interval with end slopes
   alpha, beta >= 0 (in units of the secant) is monotone iff one of these holds. */
static int monotone(double al, double be) {
  double s = al + be - 2.0, c = 2.0 * al + be - 3.0;
  if (!(al >= 0.0 && be >= 0.0 && isfinite(al) && isfinite(be))) return 0;
  if (s <= 0.0 || c <= 0.0 || al + 2.0 * be - 3.0 <= 0.0) return 1;
  return al - c * c / (3.0 * s) >= 0.0;
}

static void seg_set(fc_hinv_seg *s, const knot *l, const knot *r, double al, double be) {
  double du = r->u - l->u, inv = 1.0 / du;
  s->u0 = l->u; s->u1 = r->u;
  s->inv_du = du > 0.0 && isfinite(inv) ? inv : 0.0;
  s->x0 = l->x; s->dx = r->x - l->x;
  /* x0 + dx p <= x1 for p <= 1 keeps the table monotone across knots */
  while (s->x0 + s->dx > r->x) s->dx = nextafter(s->dx, 0.0);
  s->a = al - 1.0; s->b = be - 1.0;
  s->pad = 0.0;
}

/* Knot at x, with the CDF kept inside [ulo, uhi] (the neighbours' values):
   rounding must not make the knots non-monotone in u. */
static int make_knot(const hinv_model *m, double x, double ulo, double uhi, knot *k) {
  double u = m->cdf(x, m->par), f = m->pdf(x, m->par);
  if (!(u >= 0.0 && u <= 1.0) || !(f >= 0.0)) return FC_ERANGE; /* NaN included */
  k->x = x;
  k->u = u < ulo ? ulo : (u > uhi ? uhi : u);
  k->f = f;
  return FC_OK;
}

/* Judges the interval [l, r]: 1 = keep (s, *linear and *err set: the largest
   test-point error), 0 = too coarse (*err = the failing test-point error, or 0 when
   the cubic is unusable: infinite or non-monotone slopes), -1 = the CDF failed. */
static int try_interval(const hinv_model *m, const knot *l, const knot *r, double tol_lin,
                        double tol_herm, fc_hinv_seg *s, int *linear, double *err) {
  static const double t_test[3] = {0.5, 0.25, 0.75}; /* midpoint first: it fails most */
  double du = r->u - l->u, dx = r->x - l->x, al, be;
  int j;
  *err = 0.0;
  *linear = 0;
  if (du <= tol_lin) {
    seg_set(s, l, r, 1.0, 1.0);
    *linear = 1;
    return 1;
  }
  /* end slopes in units of the secant; 1 / f = +inf (f = 0) gives al = +inf */
  al = du / (l->f * dx);
  be = du / (r->f * dx);
  if (!monotone(al, be)) return 0;
  seg_set(s, l, r, al, be);
  for (j = 0; j < 3; j++) {
    double t = t_test[j], u = l->u + t * du, fx = m->cdf(fc_hinv_seg_x(s, t), m->par), e;
    if (!(fx >= 0.0 && fx <= 1.0)) return -1;
    e = fabs(fx - u);
    if (e > *err) *err = e;
    if (!(e <= tol_herm)) return 0;
  }
  return 1;
}

/* Next trial width relative to the one just tried, clamped to [lo, hi]. Locally
   the u-error of a cubic Hermite interval grows like width^4, so the width that
   would just meet tol_herm is (tol_herm / err)^(1/4) times the tried one;
   HINV_STEP_SAFETY aims slightly below it. */
static double step_factor(double err, double tol_herm, double lo, double hi) {
  double g = HINV_STEP_SAFETY * pow(tol_herm / err, 0.25);
  return g < lo ? lo : (g > hi ? hi : g);
}

static void zero(fc_hinv *h) { memset(h, 0, sizeof *h); }

/* Copies the accepted knots and intervals into h and builds the guide table. */
static int finish(fc_hinv *h, const knots *out, const fc_hinv_seg *segs, size_t nlin,
                  double u_tol, double cdf_err) {
  size_t n = out->n - 1, i, j;
  void *mem = NULL;
  h->n = n;
  h->u = (double *)malloc((n + 1) * sizeof *h->u);
  h->x = (double *)malloc((n + 1) * sizeof *h->x);
  h->dxdu = (double *)malloc((n + 1) * sizeof *h->dxdu);
  /* g = 2 n: after one branch-free search step the loop then almost never runs,
     so its exit branch stays predictable (measured: g = n with a plain loop
     ~7 ns per draw, mostly mispredicted exits; g = 2 n with the step ~3.7 ns) */
  h->g = 2 * n;
  h->guide = (size_t *)malloc((h->g + 1) * sizeof *h->guide);
  if (posix_memalign(&mem, 64, n * sizeof(fc_hinv_seg)) != 0) mem = NULL;
  h->seg = (fc_hinv_seg *)mem;
  if (!h->u || !h->x || !h->dxdu || !h->guide || !h->seg) return FC_ENOMEM;
  for (i = 0; i <= n; i++) {
    h->x[i] = out->k[i].x;
    h->u[i] = out->k[i].u;
    h->dxdu[i] = 1.0 / out->k[i].f;
  }
  memcpy(h->seg, segs, n * sizeof *segs);
  /* the ends are exact: F(0) = 0, F(1) = 1 */
  h->seg[n - 1].u1 = 1.0;
  h->g_scale = (double)h->g;
  /* guide[j] = first interval i with floor(u1_i g) >= j, computed with the same
     floating-point product as the lookup, so the search never starts past the
     interval holding u */
  for (i = 0, j = 0; j <= h->g; j++) {
    while (i < n - 1 && (size_t)(h->seg[i].u1 * h->g_scale) < j) i++;
    h->guide[j] = i;
  }
  h->n_linear = nlin;
  h->u_tol = u_tol;
  h->cdf_err = cdf_err;
  return FC_OK;
}

/* The adaptive HINV setup over a generic model on [0, 1]: march from x = 0 to 1,
   keeping each trial interval that passes try_interval and retrying a narrower
   one when it does not. */
static int hinv_build(fc_hinv *h, const hinv_model *m, double u_tol) {
  knots out = {NULL, 0, 0};
  fc_hinv_seg *segs = NULL;
  size_t nseg = 0, cap = 0, nlin = 0, tries = 0;
  double tol_lin = u_tol - m->cdf_err, tol_herm = tol_lin / HINV_PEAK;
  double step = m->first_step, w_bad = INFINITY; /* narrowest rejected width at l */
  knot l, r;
  int st;

  zero(h);
  if (!(2.0 * m->cdf_err <= u_tol)) return FC_ERANGE;
  /* doubles must resolve u_tol at the ends: at a density pole the first or last
     double spacing of [0, 1] can carry more mass than u_tol, and then no double
     x meets it for the u inside (e.g. Beta(0.5, 0.5): 6.7e-9 above 1 - 2^-53) */
  if (!(m->cdf(nextafter(0.0, 1.0), m->par) <= tol_lin) ||
      !(1.0 - m->cdf(1.0 - 0.5 * DBL_EPSILON, m->par) <= tol_lin))
    return FC_ERANGE;
  st = make_knot(m, 0.0, 0.0, 0.0, &l); /* F(0) = 0 exactly */
  if (st == FC_OK) st = push(&out, l);
  while (st == FC_OK && l.x < 1.0) {
    double xr = l.x + step, w, err;
    fc_hinv_seg s;
    int lin, keep;
    /* no sliver at the right end, unless [l, 1] was already rejected (a retry
       is narrower than the rejected width, so then xr < 1) */
    if ((!(xr < 1.0) || 1.0 - xr < HINV_SNAP * step) && 1.0 - l.x < w_bad) xr = 1.0;
    /* the step fell below the resolution of x: the tolerance cannot be met */
    if (!(xr > l.x) || ++tries > HINV_MAX_TRIES) { st = FC_ERANGE; break; }
    st = make_knot(m, xr, l.u, 1.0, &r);
    if (st) break;
    if (xr == 1.0) r.u = 1.0;
    w = xr - l.x;
    keep = try_interval(m, &l, &r, tol_lin, tol_herm, &s, &lin, &err);
    if (keep < 0) { st = FC_ERANGE; break; }
    if (!keep) {
      /* err = 0: the cubic was unusable (infinite or non-monotone slopes) */
      step = w * (err > 0.0 ? step_factor(err, tol_herm, 0.2, 0.9) : 0.5);
      w_bad = w;
      continue;
    }
    if (nseg == FC_HINV_MAX_INTERVALS) { st = FC_ERANGE; break; }
    if (nseg == cap) {
      size_t c2 = cap ? 2 * cap : 256;
      fc_hinv_seg *p = (fc_hinv_seg *)realloc(segs, c2 * sizeof *p);
      if (!p) { st = FC_ENOMEM; break; }
      segs = p; cap = c2;
    }
    segs[nseg++] = s;
    nlin += (size_t)lin;
    st = push(&out, r);
    l = r;
    w_bad = INFINITY;
    step = w * (err > 0.0 ? step_factor(err, tol_herm, 0.5, 2.0) : 2.0);
  }
  if (st == FC_OK) st = finish(h, &out, segs, nlin, u_tol, m->cdf_err);
  free(out.k);
  free(segs);
  if (st) fc_hinv_free(h);
  return st;
}

typedef struct { double a, b; } beta_par;

static double beta_cdf(double x, const void *p) {
  const beta_par *bp = (const beta_par *)p;
  return gsl_cdf_beta_P(x, bp->a, bp->b);
}

static double beta_pdf(double x, const void *p) {
  const beta_par *bp = (const beta_par *)p;
  return gsl_ran_beta_pdf(x, bp->a, bp->b);
}

static double unif_cdf(double x, const void *p) { (void)p; return x; }
static double unif_pdf(double x, const void *p) { (void)p; (void)x; return 1.0; }

/* Rounding error bound of gsl_cdf_beta_P (see the top of this file). */
static double beta_cdf_err(double a, double b) {
  double lm = log(a / (a + b)), l1m = log(b / (a + b));
  return DBL_EPSILON * (8.0 + fabs(gsl_sf_lngamma(a)) + fabs(gsl_sf_lngamma(b)) +
                        fabs(gsl_sf_lngamma(a + b)) + a * fabs(lm) + b * fabs(l1m));
}

int fc_hinv_beta_init(fc_hinv *h, double alpha, double beta, double u_tol) {
  beta_par bp;
  hinv_model m;
  if (!h) return FC_EINVAL;
  zero(h);
  if (!isfinite(alpha) || !isfinite(beta) || !(alpha > 0.0) || !(beta > 0.0)) return FC_EDOM;
  if (!(u_tol >= 1e-14 && u_tol <= 1e-3)) return FC_EDOM;
  if (alpha + beta > HINV_MAX_AB) return FC_ERANGE;
  bp.a = alpha; bp.b = beta;
  if (alpha == 1.0 && beta == 1.0) {
    /* uniform: one linear interval, x_hat(u) = u exactly */
    m.cdf = unif_cdf; m.pdf = unif_pdf; m.par = NULL; m.cdf_err = 0.0; m.first_step = 1.0;
  } else {
    m.cdf = beta_cdf; m.pdf = beta_pdf; m.par = &bp;
    m.cdf_err = beta_cdf_err(alpha, beta); m.first_step = HINV_FIRST_STEP;
  }
  return hinv_build(h, &m, u_tol);
}

void fc_hinv_free(fc_hinv *h) {
  if (!h) return;
  free(h->u);
  free(h->x);
  free(h->dxdu);
  free(h->guide);
  free(h->seg);
  zero(h);
}
