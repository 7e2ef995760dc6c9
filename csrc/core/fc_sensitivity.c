/* fc_sensitivity.c -- Sobol indices; method and sources in fc_sensitivity.h. */
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_rng.h>
#include "fc_status.h"
#include "fc_mc.h"
#include "fc_sensitivity.h"

#define WIDTH(k) (2 + 2 * (k))   /* doubles of one chunk's sums */

void fc_sobol_layout(uint64_t n, uint64_t *chunk_rows, uint64_t *n_chunks) {
  uint64_t r = (n + FC_SOBOL_MAX_CHUNKS - 1) / FC_SOBOL_MAX_CHUNKS;
  if (r == 0) r = 1;
  *chunk_rows = r;
  *n_chunks = (n + r - 1) / r;
}

void fc_sobol_state_free(fc_sobol_state *st) {
  if (!st) return;
  free(st->sums);
  st->sums = NULL;
}

/* ---- the run ----------------------------------------------------------- */

typedef struct {
  const fc_sobol_spec *spec;
  fc_sobol_state *st;
  fc_dist_sampler *samplers;
  pthread_mutex_t lock;
  uint64_t next;                 /* next local chunk to claim */
  int status;                    /* first failure, in chunk order */
  uint64_t fail_chunk;
  fc_sobol_error err;
} shared_run;

/* Evaluates chunk c (global index) into sums[WIDTH(k)]; scratch sized for R rows. */
/* Model points evaluated between two looks at the cancel flag. */
#define SLICE 4096u

static int run_chunk(shared_run *sh, uint64_t c, gsl_rng *rng, double *ab, double *x, double *y,
                     double *sums, fc_sobol_error *err) {
  const fc_sobol_spec *sp = sh->spec;
  const fc_sobol_state *st = sh->st;
  size_t k = sp->k, i, j, m;
  uint64_t row0 = c * st->chunk_rows;
  size_t rows = (size_t)(st->chunk_rows < sp->samples - row0 ? st->chunk_rows : sp->samples - row0);
  double *a = ab, *b = ab + rows * k;   /* column-major: a[i * rows + j] */
  size_t nm = k + 2, bad = 0;
  const char *field = NULL;
  int s;

  gsl_rng_set(rng, fc_mc_chunk_seed(sp->seed, (uint32_t)c));
  for (i = 0; i < k; i++) {
    fc_dist_sampler_fill(&sh->samplers[i], rng, a + i * rows, rows);
    fc_dist_sampler_fill(&sh->samplers[i], rng, b + i * rows, rows);
  }
  /* rows of matrix m (0: A, 1: B, 2 + i: AB_i) at x[(m * rows + j) * k] */
  for (m = 0; m < nm; m++)
    for (j = 0; j < rows; j++) {
      double *row = x + (m * rows + j) * k;
      for (i = 0; i < k; i++) {
        int from_b = (m == 1) || (m >= 2 && m - 2 == i);
        row[i] = (from_b ? b : a)[i * rows + j];
      }
    }
  /* the model in slices, so a cancel is seen within one slice (Ctrl-C within 100 ms) */
  for (j = 0, s = FC_OK; j < nm * rows && s == FC_OK; j += SLICE) {
    size_t len = nm * rows - j < SLICE ? nm * rows - j : SLICE;
    if (sp->cancel && *sp->cancel) return FC_EINTR;
    s = sp->model(sp->ctx, x + j * k, len, k, y + j, &bad, &field);
    bad += j;
  }
  if (s != FC_OK) {
    err->row = row0 + bad % rows;
    err->matrix = bad / rows == 0 ? -2 : bad / rows == 1 ? -1 : (int)(bad / rows - 2);
    err->field = field;
    return s;
  }
  memset(sums, 0, WIDTH(k) * sizeof *sums);
  for (j = 0; j < rows; j++) {
    double ya = y[j] - st->centre, yb = y[rows + j] - st->centre;
    if (!isfinite(ya) || !isfinite(yb)) {
      err->row = row0 + j; err->matrix = isfinite(ya) ? -1 : -2; err->field = NULL;
      return FC_ERANGE;
    }
    sums[0] += ya + yb;
    sums[1] += ya * ya + yb * yb;
    for (i = 0; i < k; i++) {
      double yab = y[(2 + i) * rows + j] - st->centre;
      if (!isfinite(yab)) { err->row = row0 + j; err->matrix = (int)i; err->field = NULL; return FC_ERANGE; }
      sums[2 + i] += yb * (yab - ya);
      sums[2 + k + i] += (ya - yab) * (ya - yab);
    }
  }
  return FC_OK;
}

static void *work_loop(void *arg) {
  shared_run *sh = arg;
  const fc_sobol_state *st = sh->st;
  size_t k = sh->spec->k, rows = (size_t)st->chunk_rows;
  gsl_rng *rng = gsl_rng_alloc(gsl_rng_taus2);
  double *ab = malloc(2 * rows * k * sizeof *ab);
  double *x = malloc((k + 2) * rows * k * sizeof *x);
  double *y = malloc((k + 2) * rows * sizeof *y);
  int oom = !rng || !ab || !x || !y;
  for (;;) {
    uint64_t c;
    int s;
    fc_sobol_error err = { 0, 0, NULL };
    pthread_mutex_lock(&sh->lock);
    /* stop claiming after a failure in an earlier chunk: later ones cannot matter */
    if (sh->next >= st->local_chunks || (sh->status != FC_OK && sh->fail_chunk < sh->next)) {
      pthread_mutex_unlock(&sh->lock);
      break;
    }
    c = sh->next++;
    pthread_mutex_unlock(&sh->lock);
    s = oom ? FC_ENOMEM
            : run_chunk(sh, st->first_chunk + c, rng, ab, x, y, st->sums + c * WIDTH(k), &err);
    if (s != FC_OK) {
      pthread_mutex_lock(&sh->lock);
      if (sh->status == FC_OK || c < sh->fail_chunk) { sh->status = s; sh->fail_chunk = c; sh->err = err; }
      pthread_mutex_unlock(&sh->lock);
    }
  }
  if (rng) gsl_rng_free(rng);
  free(ab); free(x); free(y);
  return NULL;
}

/* f with every input at its median: the centre K. */
static int centre_of(const fc_sobol_spec *sp, double *centre, fc_sobol_error *err) {
  double x[FC_SOBOL_MAX_INPUTS], y;
  size_t i, bad = 0;
  const char *field = NULL;
  int s;
  for (i = 0; i < sp->k; i++) {
    s = fc_dist_quantile(&sp->inputs[i], 0.5, &x[i]);
    if (s != FC_OK) return s;
  }
  s = sp->model(sp->ctx, x, 1, sp->k, &y, &bad, &field);
  if (s == FC_OK && !isfinite(y)) s = FC_ERANGE;
  if (s != FC_OK) { err->row = 0; err->matrix = -3; err->field = field; return s; }
  *centre = y;
  return FC_OK;
}

int fc_sobol_run(const fc_sobol_spec *sp, fc_sobol_state *st, fc_sobol_error *err) {
  shared_run sh;
  fc_sobol_error dummy;
  pthread_t tid[FC_SOBOL_MAX_THREADS];
  unsigned t, started = 0;
  size_t i;
  int s;
  if (!err) err = &dummy;
  memset(err, 0, sizeof *err);
  if (!sp || !st) return FC_EINVAL;
  memset(st, 0, sizeof *st);
  if (!sp->model || !sp->inputs || sp->k < 1 || sp->k > FC_SOBOL_MAX_INPUTS || sp->samples < 2 ||
      sp->threads < 1 || sp->threads > FC_SOBOL_MAX_THREADS || sp->shard_count < 1 ||
      sp->shard_index >= sp->shard_count)
    return FC_EINVAL;
  st->k = sp->k;
  st->samples = sp->samples;
  st->seed = sp->seed;
  fc_sobol_layout(sp->samples, &st->chunk_rows, &st->n_chunks);
  if (sp->shard_count > st->n_chunks) return FC_EINVAL;
  {
    uint64_t first, end; /* the one cut (fc_mc_cut) */
    fc_mc_cut(st->n_chunks, sp->shard_index, sp->shard_count, &first, &end);
    st->first_chunk = first;
    st->local_chunks = end - first;
  }
  s = centre_of(sp, &st->centre, err);
  if (s != FC_OK) return s;
  st->sums = calloc((size_t)st->local_chunks * WIDTH(sp->k), sizeof *st->sums);
  sh.samplers = calloc(sp->k, sizeof *sh.samplers);
  if (!st->sums || !sh.samplers) { free(sh.samplers); return FC_ENOMEM; }
  for (i = 0, s = FC_OK; i < sp->k && s == FC_OK; i++) s = fc_dist_sampler_init(&sh.samplers[i], &sp->inputs[i]);
  if (s == FC_OK) {
    sh.spec = sp; sh.st = st; sh.next = 0; sh.status = FC_OK; sh.fail_chunk = 0;
    memset(&sh.err, 0, sizeof sh.err);
    pthread_mutex_init(&sh.lock, NULL);
    for (t = 1; t < sp->threads && t < st->local_chunks; t++) {
      if (pthread_create(&tid[started], NULL, work_loop, &sh) != 0) break; /* fewer threads: same result */
      started++;
    }
    work_loop(&sh);
    for (t = 0; t < started; t++) pthread_join(tid[t], NULL);
    pthread_mutex_destroy(&sh.lock);
    s = sh.status;
    if (s != FC_OK) *err = sh.err;
  }
  for (i = 0; i < sp->k; i++) fc_dist_sampler_free(&sh.samplers[i]);
  free(sh.samplers);
  return s;
}

/* ---- merge ------------------------------------------------------------- */

int fc_sobol_merge(const fc_sobol_state *parts, size_t n, fc_sobol_state *out, const char **why) {
  const char *dummy;
  size_t p, w;
  uint64_t covered = 0;
  unsigned char *seen;
  if (!why) why = &dummy;
  *why = NULL;
  if (!out) return FC_EINVAL;
  memset(out, 0, sizeof *out);
  if (!parts || n == 0) { *why = "no states"; return FC_EINVAL; }
  w = WIDTH(parts[0].k);
  for (p = 0; p < n; p++) {
    const fc_sobol_state *a = &parts[p];
    if (a->k != parts[0].k || a->samples != parts[0].samples || a->seed != parts[0].seed ||
        a->chunk_rows != parts[0].chunk_rows || a->n_chunks != parts[0].n_chunks ||
        memcmp(&a->centre, &parts[0].centre, sizeof a->centre) != 0) {
      *why = "states of different runs (inputs, samples, seed or scenario differ)";
      return FC_EINVAL;
    }
    if (a->first_chunk + a->local_chunks > a->n_chunks || !a->sums) { *why = "a state's chunk range is invalid"; return FC_EINVAL; }
  }
  seen = calloc((size_t)parts[0].n_chunks, 1);
  out->sums = calloc((size_t)parts[0].n_chunks * w, sizeof *out->sums);
  if (!seen || !out->sums) { free(seen); fc_sobol_state_free(out); return FC_ENOMEM; }
  for (p = 0; p < n; p++) {
    uint64_t c;
    for (c = 0; c < parts[p].local_chunks; c++) {
      uint64_t g = parts[p].first_chunk + c;
      if (seen[g]) { free(seen); fc_sobol_state_free(out); *why = "two states cover the same chunk"; return FC_EINVAL; }
      seen[g] = 1;
      covered++;
      memcpy(out->sums + g * w, parts[p].sums + c * w, w * sizeof *out->sums);
    }
  }
  free(seen);
  if (covered != parts[0].n_chunks) { fc_sobol_state_free(out); *why = "some shards are missing"; return FC_EINVAL; }
  out->k = parts[0].k; out->samples = parts[0].samples; out->seed = parts[0].seed;
  out->chunk_rows = parts[0].chunk_rows; out->n_chunks = parts[0].n_chunks;
  out->first_chunk = 0; out->local_chunks = parts[0].n_chunks; out->centre = parts[0].centre;
  return FC_OK;
}

/* ---- indices ----------------------------------------------------------- */

/* Indices from chunk sums added in the order idx[0..m) (idx NULL: 0..m). */
static int estimate(const fc_sobol_state *st, const uint32_t *idx, uint64_t m, double *first,
                    double *total, double *mean, double *var) {
  size_t k = st->k, w = WIDTH(k), i;
  double acc[2 + 2 * FC_SOBOL_MAX_INPUTS] = { 0 };
  uint64_t c, rows = 0;
  for (c = 0; c < m; c++) {
    uint64_t g = idx ? idx[c] : c;
    const double *s = st->sums + g * w;
    uint64_t r0 = g * st->chunk_rows;
    rows += st->chunk_rows < st->samples - r0 ? st->chunk_rows : st->samples - r0;
    for (i = 0; i < w; i++) acc[i] += s[i];
  }
  {
    double n = (double)rows, mu = acc[0] / (2 * n), v = acc[1] / (2 * n) - mu * mu;
    if (!(v > 0)) return FC_EDOM;
    for (i = 0; i < k; i++) {
      first[i] = acc[2 + i] / n / v;
      total[i] = acc[2 + k + i] / (2 * n) / v;
    }
    if (mean) *mean = mu + st->centre;
    if (var) *var = v;
  }
  return FC_OK;
}

static int cmp_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

/* Type-7 quantile of sorted v[n]. */
static double sorted_quantile(const double *v, size_t n, double p) {
  double h = (double)(n - 1) * p;
  size_t lo = (size_t)floor(h);
  if (lo + 1 >= n) return v[n - 1];
  return v[lo] + (h - (double)lo) * (v[lo + 1] - v[lo]);
}

int fc_sobol_indices(const fc_sobol_state *st, size_t resamples, double level, fc_sobol_result *r) {
  size_t k, i, b;
  int s;
  if (!st || !r || !st->sums || st->first_chunk != 0 || st->local_chunks != st->n_chunks || st->k < 1 ||
      st->k > FC_SOBOL_MAX_INPUTS)
    return FC_EINVAL;
  if (resamples > 0 && !(level > 0 && level < 1)) return FC_EINVAL;
  k = st->k;
  memset(r, 0, sizeof *r);
  s = estimate(st, NULL, st->n_chunks, r->first, r->total, &r->mean, &r->variance);
  if (s != FC_OK) return s;
  r->evaluations = st->samples * (k + 2);
  for (i = 0; i < k; i++) r->first_lo[i] = r->first_hi[i] = r->total_lo[i] = r->total_hi[i] = NAN;
  if (resamples == 0) return FC_OK;
  {
    double *fs = malloc(resamples * k * sizeof *fs), *ts = malloc(resamples * k * sizeof *ts);
    double *col = malloc(resamples * sizeof *col);
    uint32_t *idx = malloc((size_t)st->n_chunks * sizeof *idx);
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_taus2);
    size_t used = 0;
    if (!fs || !ts || !col || !idx || !rng) s = FC_ENOMEM;
    for (b = 0; s == FC_OK && b < resamples; b++) {
      uint64_t c;
      double f[FC_SOBOL_MAX_INPUTS], t[FC_SOBOL_MAX_INPUTS];
      /* the bootstrap's own stream: chunk key 0xFFFFFFFE - b never collides with a run's chunks */
      gsl_rng_set(rng, fc_mc_chunk_seed(st->seed, 0xFFFFFFFEu - (uint32_t)b));
      for (c = 0; c < st->n_chunks; c++) idx[c] = (uint32_t)gsl_rng_uniform_int(rng, (unsigned long)st->n_chunks);
      if (estimate(st, idx, st->n_chunks, f, t, NULL, NULL) != FC_OK) continue; /* a degenerate resample */
      for (i = 0; i < k; i++) { fs[i * resamples + used] = f[i]; ts[i * resamples + used] = t[i]; }
      used++;
    }
    if (s == FC_OK && used >= 2) {
      double a = (1 - level) / 2;
      for (i = 0; i < k; i++) {
        memcpy(col, fs + i * resamples, used * sizeof *col);
        qsort(col, used, sizeof *col, cmp_double);
        r->first_lo[i] = sorted_quantile(col, used, a);
        r->first_hi[i] = sorted_quantile(col, used, 1 - a);
        memcpy(col, ts + i * resamples, used * sizeof *col);
        qsort(col, used, sizeof *col, cmp_double);
        r->total_lo[i] = sorted_quantile(col, used, a);
        r->total_hi[i] = sorted_quantile(col, used, 1 - a);
      }
    }
    free(fs); free(ts); free(col); free(idx);
    if (rng) gsl_rng_free(rng);
  }
  return s;
}

/* ---- the scenario as a model ------------------------------------------- */

int fc_sobol_mc_model(void *ctx, const double *x, size_t n, size_t k, double *y, size_t *bad_row,
                      const char **bad_field) {
  const fc_sobol_mc *m = ctx;
  fc_mc_error e;
  int st;
  if (!m || !m->spec || k != m->spec->n_inputs) return FC_EINVAL;
  st = fc_mc_eval_points(m->spec, m->output, x, n, y, bad_row, &e);
  if (st != FC_OK) *bad_field = e.field;
  return st;
}
