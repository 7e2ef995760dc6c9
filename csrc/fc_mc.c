/* fc_mc.c -- Monte Carlo engine; method and sources in fc_mc.h. */
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_rng.h>
#include "fc_status.h"
#include "fc_mc.h"

/* ---- seeding ----------------------------------------------------------- */

/* splitmix64 (Steele, Lea & Flood 2014, "Fast splittable pseudorandom number generators"). */
static uint64_t splitmix64(uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

/* A bijective 32-bit mixer (C. Wellons' "lowbias32", 2018). */
static uint32_t mix32(uint32_t x) {
  x ^= x >> 16; x *= 0x7feb352dU;
  x ^= x >> 15; x *= 0x846ca68bU;
  x ^= x >> 16;
  return x;
}

#define PILOT_STREAM 0xFFFFFFFFu

static unsigned long chunk_seed(uint64_t seed, uint32_t k) {
  return (unsigned long)mix32((uint32_t)splitmix64(seed) + k);
}

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

static void stats_reset(fc_mc_stats *s) {
  s->n = 0; s->mean = s->m2 = 0.0; s->min = INFINITY; s->max = -INFINITY;
  s->under = s->over = 0;
  memset(s->counts, 0, s->bins * sizeof *s->counts);
}

/* scale = bins / (hi - lo), computed the same way everywhere */
static void stats_add_scaled(fc_mc_stats *s, double x, double scale) {
  double d = x - s->mean;
  s->n++;
  s->mean += d / (double)s->n;
  s->m2 += d * (x - s->mean);
  if (x < s->min) s->min = x;
  if (x > s->max) s->max = x;
  if (x < s->lo) s->under++;
  else if (x >= s->hi) s->over++;
  else {
    size_t b = (size_t)((x - s->lo) * scale);
    s->counts[b < s->bins ? b : s->bins - 1]++;
  }
}

void fc_mc_stats_add(fc_mc_stats *s, double x) {
  stats_add_scaled(s, x, (double)s->bins / (s->hi - s->lo));
}

int fc_mc_stats_merge(fc_mc_stats *a, const fc_mc_stats *b) {
  size_t i;
  uint64_t n;
  double delta;
  if (!a || !b || a->lo != b->lo || a->hi != b->hi || a->bins != b->bins) return FC_EINVAL;
  if (b->n == 0) return FC_OK;
  n = a->n + b->n;
  delta = b->mean - a->mean;
  /* Chan, Golub & LeVeque: pairwise update of mean and M2 */
  a->m2 = a->m2 + b->m2 + delta * delta * ((double)a->n * (double)b->n / (double)n);
  a->mean = a->mean + delta * ((double)b->n / (double)n);
  a->n = n;
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

/* ---- the run ------------------------------------------------------------ */

typedef struct {
  fc_scenario_params *work;      /* n_members working copies */
  gsl_rng *rng;
  fc_mc_stats part[FC_MC_MAX_OUTPUTS];
  fc_mc_error err;
} worker;

typedef struct {
  const fc_mc_spec *s;
  fc_mc_stats *total;
  double scale[FC_MC_MAX_OUTPUTS];
  uint64_t first, count;         /* this shard's samples */
  uint64_t k_next, k_merge, k_end;
  uint64_t done;
  int status, stop;
  fc_mc_error err;
  pthread_mutex_t mu;
  pthread_cond_t cv;
} shared;

static int check_spec(const fc_mc_spec *s) {
  size_t i, nf = fc_scenario_field_count(), nr = fc_scenario_result_count();
  if (!s->members || s->n_members == 0 || (s->mix && !s->counts)) return FC_EINVAL;
  if (!s->mix && s->n_members != 1) return FC_EINVAL;
  if (s->n_outputs == 0 || s->n_outputs > FC_MC_MAX_OUTPUTS || !s->outputs) return FC_EINVAL;
  if (s->n_inputs && !s->inputs) return FC_EINVAL;
  if (s->samples == 0 || s->threads == 0 || s->threads > FC_MC_MAX_THREADS) return FC_EINVAL;
  if (s->shard_count == 0 || s->shard_index >= s->shard_count) return FC_EINVAL;
  if (s->hist_bins == 0 || s->hist_bins > FC_MC_FINE_BINS) return FC_EINVAL;
  if ((s->samples - 1) / FC_MC_CHUNK >= PILOT_STREAM) return FC_EINVAL;
  for (i = 0; i < s->n_outputs; i++)
    if (s->outputs[i] < 0 || (size_t)s->outputs[i] >= nr) return FC_EINVAL;
  for (i = 0; i < s->n_inputs; i++) {
    const fc_mc_input *in = &s->inputs[i];
    if (in->field < 0 || (size_t)in->field >= nf) return FC_EINVAL;
    if (in->member < -1 || (in->member >= 0 && (size_t)in->member >= s->n_members)) return FC_EINVAL;
    if (in->dist.kind < 0 || in->dist.kind >= FC_DIST_NKINDS) return FC_EINVAL;
  }
  return FC_OK;
}

static void set_input(const fc_mc_spec *s, fc_scenario_params *work, const fc_mc_input *in, double x) {
  size_t m;
  if (in->member >= 0) {
    *fc_scenario_field_ptr(&work[in->member], (size_t)in->field) = x;
    return;
  }
  for (m = 0; m < s->n_members; m++) *fc_scenario_field_ptr(&work[m], (size_t)in->field) = x;
}

/* Evaluates the working scenario; fills e on failure. */
static int eval_work(const fc_mc_spec *s, fc_scenario_params *work, fc_scenario_result *r,
                     fc_mc_error *e) {
  const char *bad = NULL;
  size_t bi = 0;
  int st = s->mix ? fc_scenario_eval_mix(work, s->counts, s->n_members, s->coupling, s->penalty, r,
                                         &bi, &bad)
                  : fc_scenario_eval(work, r, &bad);
  if (st) {
    int fi = fc_scenario_field_index(bad);
    e->member = bi;
    e->field = bad;
    e->value = (fi >= 0 && bi < s->n_members) ? *fc_scenario_field_ptr(&work[bi], (size_t)fi) : NAN;
    e->output = NULL;
  }
  return st;
}

/* Draws and evaluates samples [i0, i1) of the stream seeded with `key`.
   With sink != NULL (pilot), outputs go to sink[o * (i1 - i0) + i] instead of stats. */
static int run_range(shared *sh, worker *w, uint32_t key, uint64_t i0, uint64_t i1, double *sink) {
  const fc_mc_spec *s = sh->s;
  fc_scenario_result r;
  uint64_t i, nloc = sh->count;
  size_t j, o;
  memcpy(w->work, s->members, s->n_members * sizeof *w->work);
  gsl_rng_set(w->rng, chunk_seed(s->seed, key));
  for (i = i0; i < i1; i++) {
    int st;
    for (j = 0; j < s->n_inputs; j++) {
      double x = fc_dist_sample(&s->inputs[j].dist, w->rng);
      set_input(s, w->work, &s->inputs[j], x);
      if (!sink && s->in_samples) s->in_samples[j * nloc + (i - sh->first)] = x;
    }
    if ((st = eval_work(s, w->work, &r, &w->err)) != FC_OK) {
      w->err.sample = i;
      w->err.pilot = sink != NULL;
      return st;
    }
    for (o = 0; o < s->n_outputs; o++) {
      double y = fc_scenario_result_get(&r, (size_t)s->outputs[o]);
      if (!isfinite(y)) {
        memset(&w->err, 0, sizeof w->err);
        w->err.sample = i;
        w->err.pilot = sink != NULL;
        w->err.output = fc_scenario_result_name((size_t)s->outputs[o]);
        return FC_ERANGE;
      }
      if (sink) { sink[o * (i1 - i0) + (i - i0)] = y; continue; }
      stats_add_scaled(&w->part[o], y, sh->scale[o]);
      if (s->out_samples) s->out_samples[o * nloc + (i - sh->first)] = y;
    }
  }
  return FC_OK;
}

static void *work_loop(void *arg) {
  void **a = (void **)arg;
  shared *sh = (shared *)a[0];
  worker *w = (worker *)a[1];
  const fc_mc_spec *s = sh->s;
  for (;;) {
    uint64_t k, i0, i1;
    size_t o;
    int st;
    pthread_mutex_lock(&sh->mu);
    if (sh->stop || sh->k_next >= sh->k_end) { pthread_mutex_unlock(&sh->mu); break; }
    k = sh->k_next++;
    pthread_mutex_unlock(&sh->mu);

    for (o = 0; o < s->n_outputs; o++) stats_reset(&w->part[o]);
    i0 = k * FC_MC_CHUNK;
    i1 = i0 + FC_MC_CHUNK < s->samples ? i0 + FC_MC_CHUNK : s->samples;
    st = run_range(sh, w, (uint32_t)k, i0, i1, NULL);

    /* fold in chunk order: the result never depends on the thread count */
    pthread_mutex_lock(&sh->mu);
    while (sh->k_merge != k) pthread_cond_wait(&sh->cv, &sh->mu);
    if (sh->status == FC_OK) {
      if (st) {
        sh->status = st;
        sh->err = w->err;
        sh->stop = 1;
      } else {
        for (o = 0; o < s->n_outputs; o++) fc_mc_stats_merge(&sh->total[o], &w->part[o]);
        sh->done += i1 - i0;
        if (s->progress) s->progress(s->progress_ctx, sh->done, sh->count);
      }
    }
    sh->k_merge++;
    pthread_cond_broadcast(&sh->cv);
    pthread_mutex_unlock(&sh->mu);
  }
  return NULL;
}

void fc_mc_shard_range(const fc_mc_spec *s, uint64_t *first, uint64_t *count) {
  uint64_t K = (s->samples + FC_MC_CHUNK - 1) / FC_MC_CHUNK;
  uint64_t n = s->shard_count ? s->shard_count : 1, i = s->shard_index;
  uint64_t k0 = K * i / n, k1 = K * (i + 1) / n;
  uint64_t a = k0 * FC_MC_CHUNK, b = k1 * FC_MC_CHUNK;
  if (b > s->samples) b = s->samples;
  if (a > b) a = b;
  *first = a;
  *count = b - a;
}

static void free_worker(worker *w, size_t n_outputs) {
  size_t o;
  if (w->rng) gsl_rng_free(w->rng);
  free(w->work);
  for (o = 0; o < n_outputs; o++) fc_mc_stats_free(&w->part[o]);
  memset(w, 0, sizeof *w);
}

static int alloc_worker(worker *w, const fc_mc_spec *s, const fc_mc_stats *total) {
  size_t o;
  memset(w, 0, sizeof *w);
  w->work = (fc_scenario_params *)malloc(s->n_members * sizeof *w->work);
  w->rng = gsl_rng_alloc(gsl_rng_mt19937);
  if (!w->work || !w->rng) return FC_ENOMEM;
  for (o = 0; o < s->n_outputs; o++)
    if (fc_mc_stats_init(&w->part[o], total[o].lo, total[o].hi, total[o].bins)) return FC_ENOMEM;
  return FC_OK;
}

/* Histogram edges of each output from the pilot stream. */
static int pilot_edges(shared *sh, worker *w, fc_mc_stats *stats) {
  const fc_mc_spec *s = sh->s;
  size_t o, i, m = (FC_MC_FINE_BINS + s->hist_bins - 1) / s->hist_bins;
  double *buf = (double *)malloc(FC_MC_PILOT * s->n_outputs * sizeof *buf);
  int st;
  if (!buf) return FC_ENOMEM;
  if ((st = run_range(sh, w, PILOT_STREAM, 0, FC_MC_PILOT, buf)) != FC_OK) {
    sh->err = w->err;
    free(buf);
    return st;
  }
  for (o = 0; o < s->n_outputs && st == FC_OK; o++) {
    double mn = INFINITY, mx = -INFINITY, half;
    for (i = 0; i < FC_MC_PILOT; i++) {
      double y = buf[o * FC_MC_PILOT + i];
      if (y < mn) mn = y;
      if (y > mx) mx = y;
    }
    half = 0.5 * (mx - mn);
    if (!(half > 0.0)) half = fabs(mn) * 1e-9 + 1e-300; /* a constant output */
    st = fc_mc_stats_init(&stats[o], mn - half, mx + half, s->hist_bins * m);
    if (st == FC_OK) sh->scale[o] = (double)stats[o].bins / (stats[o].hi - stats[o].lo);
  }
  free(buf);
  return st;
}

int fc_mc_run(const fc_mc_spec *s, fc_mc_stats *stats, fc_mc_error *err) {
  shared sh;
  worker *ws;
  pthread_t tid[FC_MC_MAX_THREADS];
  void *args[FC_MC_MAX_THREADS][2];
  size_t o, t, started = 0, nt;
  int st;
  if (!s || !stats) return FC_EINVAL;
  if (err) memset(err, 0, sizeof *err);
  for (o = 0; o < FC_MC_MAX_OUTPUTS && o < s->n_outputs; o++) memset(&stats[o], 0, sizeof stats[o]);
  if ((st = check_spec(s)) != FC_OK) return st;

  memset(&sh, 0, sizeof sh);
  sh.s = s;
  sh.total = stats;
  fc_mc_shard_range(s, &sh.first, &sh.count);
  sh.k_next = sh.k_merge = sh.first / FC_MC_CHUNK;
  sh.k_end = (sh.first + sh.count + FC_MC_CHUNK - 1) / FC_MC_CHUNK;
  nt = s->threads;
  if (nt > sh.k_end - sh.k_next) nt = (size_t)(sh.k_end - sh.k_next);
  if (nt == 0) nt = 1;

  ws = (worker *)calloc(nt, sizeof *ws);
  if (!ws) return FC_ENOMEM;
  /* the pilot needs one worker whose partials are not yet sized */
  {
    worker *w = &ws[0];
    w->work = (fc_scenario_params *)malloc(s->n_members * sizeof *w->work);
    w->rng = gsl_rng_alloc(gsl_rng_mt19937);
    st = (w->work && w->rng) ? pilot_edges(&sh, w, stats) : FC_ENOMEM;
    free_worker(w, 0);
  }
  for (t = 0; t < nt && st == FC_OK; t++) st = alloc_worker(&ws[t], s, stats);
  if (st == FC_OK && (pthread_mutex_init(&sh.mu, NULL) || pthread_cond_init(&sh.cv, NULL))) st = FC_ENOMEM;
  if (st == FC_OK) {
    for (t = 1; t < nt; t++) {
      args[t][0] = &sh; args[t][1] = &ws[t];
      if (pthread_create(&tid[t], NULL, work_loop, args[t]) != 0) break; /* fewer threads: same result */
      started++;
    }
    args[0][0] = &sh; args[0][1] = &ws[0];
    work_loop(args[0]);
    for (t = 1; t <= started; t++) pthread_join(tid[t], NULL);
    pthread_mutex_destroy(&sh.mu);
    pthread_cond_destroy(&sh.cv);
    st = sh.status;
  }
  if (st && err) *err = sh.err;
  for (t = 0; t < nt; t++) free_worker(&ws[t], s->n_outputs);
  free(ws);
  return st;
}

/* ---- tornado ------------------------------------------------------------- */

int fc_mc_tornado(const fc_mc_spec *s, int output, double p_low, double p_high, double *base,
                  double *low, double *high, double *in_low, double *in_high, fc_mc_error *err) {
  fc_scenario_params *work;
  fc_scenario_result r;
  fc_mc_error e;
  double *med;
  size_t i, j;
  int st = FC_OK;
  if (!s || !base || !low || !high) return FC_EINVAL;
  if (err) memset(err, 0, sizeof *err);
  memset(&e, 0, sizeof e);
  if (!s->members || s->n_members == 0 || (s->mix && !s->counts) || (!s->mix && s->n_members != 1) ||
      (s->n_inputs && !s->inputs) || output < 0 || (size_t)output >= fc_scenario_result_count())
    return FC_EINVAL;
  if (!(p_low > 0.0 && p_low < p_high && p_high < 1.0)) return FC_EDOM;
  work = (fc_scenario_params *)malloc(s->n_members * sizeof *work);
  med = (double *)malloc((s->n_inputs ? s->n_inputs : 1) * 3 * sizeof *med);
  if (!work || !med) { free(work); free(med); return FC_ENOMEM; }
  memcpy(work, s->members, s->n_members * sizeof *work);
  for (i = 0; i < s->n_inputs && st == FC_OK; i++) {
    const fc_dist *d = &s->inputs[i].dist;
    if (s->inputs[i].field < 0 || (size_t)s->inputs[i].field >= fc_scenario_field_count() ||
        s->inputs[i].member < -1 || (s->inputs[i].member >= 0 && (size_t)s->inputs[i].member >= s->n_members))
      st = FC_EINVAL;
    if (st == FC_OK) st = fc_dist_quantile(d, 0.5, &med[3 * i]);
    if (st == FC_OK) st = fc_dist_quantile(d, p_low, &med[3 * i + 1]);
    if (st == FC_OK) st = fc_dist_quantile(d, p_high, &med[3 * i + 2]);
    if (st == FC_OK) set_input(s, work, &s->inputs[i], med[3 * i]);
  }
  if (st == FC_OK && (st = eval_work(s, work, &r, &e)) == FC_OK) *base = fc_scenario_result_get(&r, (size_t)output);
  for (i = 0; i < s->n_inputs && st == FC_OK; i++) {
    for (j = 1; j <= 2 && st == FC_OK; j++) {
      set_input(s, work, &s->inputs[i], med[3 * i + j]);
      if ((st = eval_work(s, work, &r, &e)) == FC_OK) {
        double y = fc_scenario_result_get(&r, (size_t)output);
        *(j == 1 ? &low[i] : &high[i]) = y;
        if (!isfinite(y)) st = FC_ERANGE;
      } else {
        e.sample = i;
      }
    }
    if (in_low) in_low[i] = med[3 * i + 1];
    if (in_high) in_high[i] = med[3 * i + 2];
    set_input(s, work, &s->inputs[i], med[3 * i]);
  }
  if (st && err) *err = e;
  free(work);
  free(med);
  return st;
}
