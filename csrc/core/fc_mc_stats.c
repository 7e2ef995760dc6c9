/* fc_mc_stats.c -- mergeable summaries, streaming and exact quantiles, rank
** correlation; methods and sources in fc_mc.h. */
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include "fc_status.h"
#include "fc_mc.h"

/* ---- summaries ---------------------------------------------------------- */

int fc_mc_stats_init(fc_mc_stats *s, double lo, double hi, size_t bins) {
  if (!s || bins == 0) return FC_EINVAL;
  memset(s, 0, sizeof *s);
  if (!isfinite(lo) || !isfinite(hi) || !(lo < hi)) return FC_EDOM;
  s->counts = (uint64_t *)calloc(bins, sizeof *s->counts);
  if (!s->counts) return FC_ENOMEM;
  s->lo = lo; s->hi = hi; s->bins = bins;
  s->min = INFINITY; s->max = -INFINITY;
  return FC_OK;
}

void fc_mc_stats_free(fc_mc_stats *s) {
  if (!s) return;
  free(s->counts);
  s->counts = NULL;
}

void fc_mc_stats_reset(fc_mc_stats *s) {
  s->n = 0; s->mean = s->m2 = 0.0; s->min = INFINITY; s->max = -INFINITY;
  s->under = s->over = 0;
  memset(s->counts, 0, s->bins * sizeof *s->counts);
}

void fc_mc_stats_add(fc_mc_stats *s, double x) {
  double d = x - s->mean;
  s->n++;
  s->mean += d / (double)s->n;
  s->m2 += d * (x - s->mean);
  if (x < s->min) s->min = x;
  if (x > s->max) s->max = x;
  fc_mc_stats_count(s, (double)s->bins / (s->hi - s->lo), x);
}

void fc_mc_moments_merge(uint64_t *n, double *mean, double *m2, uint64_t bn, double bmean, double bm2) {
  uint64_t t;
  double delta;
  if (bn == 0) return;
  t = *n + bn;
  delta = bmean - *mean;
  /* Chan, Golub & LeVeque: pairwise update of mean and M2 */
  *m2 = *m2 + bm2 + delta * delta * ((double)*n * (double)bn / (double)t);
  *mean = *mean + delta * ((double)bn / (double)t);
  *n = t;
}

int fc_mc_stats_merge(fc_mc_stats *a, const fc_mc_stats *b) {
  size_t i;
  if (!a || !b || a->lo != b->lo || a->hi != b->hi || a->bins != b->bins) return FC_EINVAL;
  if (b->n == 0) return FC_OK;
  fc_mc_moments_merge(&a->n, &a->mean, &a->m2, b->n, b->mean, b->m2);
  if (b->min < a->min) a->min = b->min;
  if (b->max > a->max) a->max = b->max;
  a->under += b->under;
  a->over += b->over;
  for (i = 0; i < a->bins; i++) a->counts[i] += b->counts[i];
  return FC_OK;
}

double fc_mc_stats_sd(const fc_mc_stats *s) {
  return s->n < 2 ? 0.0 : sqrt(s->m2 / (double)(s->n - 1));
}

int fc_mc_stats_quantile(const fc_mc_stats *s, double p, double *x) {
  double rank, cum = 0.0, left, width, t;
  size_t i;
  if (!s || !x) return FC_EINVAL;
  if (!(p >= 0.0 && p <= 1.0) || s->n == 0) return FC_EDOM;
  if (p == 0.0) { *x = s->min; return FC_OK; }
  if (p == 1.0) { *x = s->max; return FC_OK; }
  rank = p * (double)(s->n - 1) + 0.5; /* centre of the sample at rank p (n - 1) */
  width = (s->hi - s->lo) / (double)s->bins;
  /* underflow bin spans [min, lo) */
  if (rank < (double)s->under) {
    *x = s->min + (s->lo - s->min) * rank / (double)s->under;
    return FC_OK;
  }
  cum = (double)s->under;
  for (i = 0; i < s->bins; i++) {
    double c = (double)s->counts[i];
    if (c > 0 && rank < cum + c) {
      left = s->lo + width * (double)i;
      t = (rank - cum) / c;
      *x = left + width * t;
      /* keep inside the observed range */
      if (*x < s->min) *x = s->min;
      if (*x > s->max) *x = s->max;
      return FC_OK;
    }
    cum += c;
  }
  /* overflow bin spans [hi, max] */
  t = s->over ? (rank - cum) / (double)s->over : 1.0;
  if (t > 1.0) t = 1.0;
  *x = s->hi + (s->max - s->hi) * t;
  if (*x > s->max) *x = s->max;
  return FC_OK;
}

int fc_mc_stats_histogram(const fc_mc_stats *s, size_t nb, uint64_t *counts) {
  size_t i, m;
  if (!s || !counts || nb == 0 || s->bins % nb != 0) return FC_EINVAL;
  m = s->bins / nb;
  memset(counts, 0, nb * sizeof *counts);
  for (i = 0; i < s->bins; i++) counts[i / m] += s->counts[i];
  return FC_OK;
}

/* ---- exact quantiles and rank correlation -------------------------------- */

static void swap_d(double *a, double *b) { double t = *a; *a = *b; *b = t; }

/* Puts the k-th smallest of x[lo..hi] at x[k] with smaller ones left of it and
   larger ones right (Hoare's FIND, with a median-of-three pivot). */
static void select_k(double *x, size_t lo, size_t hi, size_t k) {
  while (hi > lo) {
    size_t mid = lo + (hi - lo) / 2, i, j;
    double pivot;
    if (x[mid] < x[lo]) swap_d(&x[mid], &x[lo]);
    if (x[hi] < x[lo]) swap_d(&x[hi], &x[lo]);
    if (x[hi] < x[mid]) swap_d(&x[hi], &x[mid]);
    pivot = x[mid];
    i = lo; j = hi;
    while (i <= j) {
      while (x[i] < pivot) i++;
      while (x[j] > pivot) j--;
      if (i <= j) {
        swap_d(&x[i], &x[j]);
        i++;
        if (j == 0) break;
        j--;
      }
    }
    /* now x[lo..j] <= pivot <= x[i..hi], and j < i */
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return;
  }
}

int fc_mc_quantiles_exact(double *x, size_t n, const double *p, size_t np, double *q) {
  size_t order[64], i, j, start = 0;
  if (!x || !p || !q || n == 0 || np > 64) return FC_EINVAL;
  for (i = 0; i < np; i++) {
    if (!(p[i] >= 0.0 && p[i] <= 1.0)) return FC_EDOM;
    order[i] = i;
  }
  for (i = 1; i < np; i++) /* insertion sort of the probabilities */
    for (j = i; j > 0 && p[order[j]] < p[order[j - 1]]; j--) {
      size_t t = order[j]; order[j] = order[j - 1]; order[j - 1] = t;
    }
  for (i = 0; i < np; i++) {
    double h = (double)(n - 1) * p[order[i]], g, next;
    size_t lo = (size_t)floor(h), m;
    if (lo > n - 1) lo = n - 1;
    g = h - (double)lo;
    select_k(x, start, n - 1, lo);
    start = lo;
    next = x[lo];
    if (lo + 1 < n) {
      next = x[lo + 1];
      for (m = lo + 2; m < n; m++) if (x[m] < next) next = x[m];
    }
    q[order[i]] = g > 0.0 ? x[lo] + g * (next - x[lo]) : x[lo];
  }
  return FC_OK;
}

/* Quantiles of x[n] from the order statistics floor(h) and floor(h) + 1,
   h = (n - 1) p (type 7), given a function for the k-th smallest. */
static void type7(size_t n, const double *p, size_t np, double *q,
                  double (*kth)(void *ctx, size_t k), void *ctx) {
  size_t i;
  for (i = 0; i < np; i++) {
    double h = (double)(n - 1) * p[i], g, a;
    size_t lo = (size_t)floor(h);
    if (lo > n - 1) lo = n - 1;
    g = h - (double)lo;
    a = kth(ctx, lo);
    q[i] = (g > 0.0 && lo + 1 < n) ? a + g * (kth(ctx, lo + 1) - a) : a;
  }
}

/*
** Binned selection: the run's histogram already says how many samples fall
** in each slot (fc_mc_stats_slot), so the slot holding the k-th smallest is
** found from the cumulative counts; one pass copies the samples of the few
** slots that hold a wanted rank, and a selection inside each copy finds it.
** x is not reordered, and the cost is one pass instead of a selection over
** all n per quantile.
*/
typedef struct {
  const fc_mc_stats *s;
  uint64_t *cum;     /* slots + 1 cumulative counts: cum[k] samples in slots < k */
  size_t *start;     /* per slot: offset of its copy in buf, or SIZE_MAX */
  double *buf;
} binned;

static size_t slot_of_rank(const binned *b, size_t k) {
  size_t lo = 0, hi = b->s->bins + 1; /* the last slot with cum[slot] <= k */
  while (lo < hi) {
    size_t mid = lo + (hi - lo + 1) / 2;
    if (b->cum[mid] <= k) lo = mid; else hi = mid - 1;
  }
  return lo;
}

static double binned_kth(void *ctx, size_t k) {
  binned *b = (binned *)ctx;
  size_t slot = slot_of_rank(b, k), m = (size_t)(b->cum[slot + 1] - b->cum[slot]);
  double *v = b->buf + b->start[slot];
  size_t r = (size_t)(k - b->cum[slot]);
  select_k(v, 0, m - 1, r);
  return v[r];
}

/* One thread's share of the copying pass: the samples of the wanted slots
   in x[0..n), appended at fill[slot] of buf (fill starts at the slot's start). */
typedef struct {
  const double *x;
  size_t n;
  const fc_mc_stats *s;
  const size_t *start;
  size_t *fill;
  double *buf;
} collect_part;

static void *collect(void *arg) {
  collect_part *c = (collect_part *)arg;
  double scale = (double)c->s->bins / (c->s->hi - c->s->lo);
  size_t i;
  for (i = 0; i < c->n; i++) {
    size_t slot = fc_mc_stats_slot(c->s, scale, c->x[i]);
    if (c->start[slot] != (size_t)-1) c->buf[c->fill[slot]++] = c->x[i];
  }
  return NULL;
}

#define COLLECT_MAX_THREADS 16
#define COLLECT_MIN_PART 65536  /* samples per thread worth a thread */

int fc_mc_quantiles_binned(const double *x, size_t n, const fc_mc_stats *s, const double *p, size_t np,
                           double *q, unsigned threads) {
  binned b;
  collect_part part[COLLECT_MAX_THREADS];
  pthread_t tid[COLLECT_MAX_THREADS];
  size_t i, t, nt, nslots, need = 0, *fills = NULL;
  double *bufs = NULL;
  int st = FC_OK, started[COLLECT_MAX_THREADS] = {0};
  if (!x || !s || !s->counts || !p || !q || n == 0 || s->n != n) return FC_EINVAL;
  for (i = 0; i < np; i++)
    if (!(p[i] >= 0.0 && p[i] <= 1.0)) return FC_EDOM;
  nt = threads < 1 ? 1 : threads > COLLECT_MAX_THREADS ? COLLECT_MAX_THREADS : threads;
  if (nt > n / COLLECT_MIN_PART) nt = n / COLLECT_MIN_PART > 0 ? n / COLLECT_MIN_PART : 1;
  nslots = s->bins + 2;
  memset(&b, 0, sizeof b);
  b.s = s;
  b.cum = (uint64_t *)malloc((nslots + 1) * sizeof *b.cum);
  b.start = (size_t *)malloc(nslots * sizeof *b.start);
  fills = (size_t *)malloc(nt * nslots * sizeof *fills);
  if (!b.cum || !b.start || !fills) { st = FC_ENOMEM; goto done; }
  b.cum[0] = 0;
  b.cum[1] = s->under;
  for (i = 0; i < s->bins; i++) b.cum[i + 2] = b.cum[i + 1] + s->counts[i];
  b.cum[nslots] = b.cum[nslots - 1] + s->over;
  if (b.cum[nslots] != n) { st = FC_EINVAL; goto done; }
  /* the slots holding a wanted order statistic, and room for their copies */
  for (i = 0; i < nslots; i++) b.start[i] = (size_t)-1;
  for (i = 0; i < np; i++) {
    double h = (double)(n - 1) * p[i];
    size_t k = (size_t)floor(h), j;
    for (j = 0; j < 2 && k + j < n; j++) {
      size_t slot = slot_of_rank(&b, k + j);
      if (b.start[slot] == (size_t)-1) {
        b.start[slot] = need;
        need += (size_t)(b.cum[slot + 1] - b.cum[slot]);
      }
    }
  }
  /* one copy area per thread (the first is the final one), joined per slot below */
  b.buf = (double *)malloc((need ? need : 1) * sizeof *b.buf);
  bufs = nt > 1 ? (double *)malloc((nt - 1) * (need ? need : 1) * sizeof *bufs) : NULL;
  if (!b.buf || (nt > 1 && !bufs)) { st = FC_ENOMEM; goto done; }
  for (t = 0; t < nt; t++) {
    part[t].x = x + n / nt * t;
    part[t].n = t + 1 < nt ? n / nt : n - n / nt * t;
    part[t].s = s;
    part[t].start = b.start;
    part[t].fill = fills + t * nslots;
    part[t].buf = t == 0 ? b.buf : bufs + (t - 1) * need;
    memcpy(part[t].fill, b.start, nslots * sizeof *fills);
  }
  for (t = 1; t < nt; t++) started[t] = pthread_create(&tid[t], NULL, collect, &part[t]) == 0;
  collect(&part[0]);
  for (t = 1; t < nt; t++) {
    if (started[t]) pthread_join(tid[t], NULL);
    else collect(&part[t]);
  }
  for (i = 0; i < nslots; i++) {
    size_t pos;
    if (b.start[i] == (size_t)-1) continue;
    pos = part[0].fill[i];
    for (t = 1; t < nt; t++) {
      size_t len = part[t].fill[i] - b.start[i];
      memcpy(b.buf + pos, part[t].buf + b.start[i], len * sizeof *b.buf);
      pos += len;
    }
    if (pos - b.start[i] != (size_t)(b.cum[i + 1] - b.cum[i])) { /* the histogram must describe x */
      st = FC_EINVAL;
      goto done;
    }
  }
  type7(n, p, np, q, binned_kth, &b);
done:
  free(b.cum); free(b.start); free(b.buf); free(bufs); free(fills);
  return st;
}

typedef struct { double v; size_t i; } vi_pair;

static int cmp_pair(const void *a, const void *b) {
  const vi_pair *x = (const vi_pair *)a, *y = (const vi_pair *)b;
  if (x->v < y->v) return -1;
  if (x->v > y->v) return 1;
  return x->i < y->i ? -1 : (x->i > y->i);
}

/* Average ranks (1-based) of v into r, using the pair buffer w. */
static void ranks(const double *v, size_t n, vi_pair *w, double *r) {
  size_t i, j, k;
  for (i = 0; i < n; i++) { w[i].v = v[i]; w[i].i = i; }
  qsort(w, n, sizeof *w, cmp_pair);
  for (i = 0; i < n; i = j) {
    double avg;
    for (j = i + 1; j < n && w[j].v == w[i].v; j++) {}
    avg = 0.5 * (double)(i + 1 + j); /* mean of ranks i+1 .. j */
    for (k = i; k < j; k++) r[w[k].i] = avg;
  }
}

int fc_mc_spearman(const double *x, const double *y, size_t n, double *rho) {
  vi_pair *w;
  double *rx, *ry, mean, sxy = 0, sxx = 0, syy = 0;
  size_t i;
  if (!x || !y || !rho || n < 2) return FC_EINVAL;
  w = (vi_pair *)malloc(n * sizeof *w);
  rx = (double *)malloc(2 * n * sizeof *rx);
  if (!w || !rx) { free(w); free(rx); return FC_ENOMEM; }
  ry = rx + n;
  ranks(x, n, w, rx);
  ranks(y, n, w, ry);
  free(w);
  mean = 0.5 * (double)(n + 1);
  for (i = 0; i < n; i++) {
    double a = rx[i] - mean, b = ry[i] - mean;
    sxy += a * b; sxx += a * a; syy += b * b;
  }
  free(rx);
  *rho = (sxx > 0 && syy > 0) ? sxy / sqrt(sxx * syy) : 0.0;
  return FC_OK;
}

