/* fc_mc_state.c -- Monte Carlo states and their merge; see fc_mc_state.h. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "fc_status.h"
#include "fc_mc_state.h"

size_t fc_mc_state_chunks(const fc_mc_spec *spec, uint64_t *first_chunk) {
  uint64_t first, count;
  fc_mc_shard_range(spec, &first, &count);
  *first_chunk = first / FC_MC_CHUNK;
  return (size_t)((first + count + FC_MC_CHUNK - 1) / FC_MC_CHUNK - first / FC_MC_CHUNK);
}

int fc_mc_state_alloc_parts(fc_mc_state *st, size_t n_outputs, size_t n_chunks) {
  size_t o;
  fc_mc_part *block;
  if (n_outputs < 1 || n_outputs > FC_MC_MAX_OUTPUTS) return FC_EINVAL;
  if (n_chunks > ((size_t)-1) / sizeof *block / n_outputs) return FC_ENOMEM;
  block = (fc_mc_part *)calloc(n_chunks ? n_chunks * n_outputs : 1, sizeof *block);
  if (!block) return FC_ENOMEM;
  for (o = 0; o < n_outputs; o++) st->parts[o] = block + o * n_chunks;
  st->n_chunks = n_chunks;
  return FC_OK;
}

int fc_mc_state_alloc_samples(fc_mc_state *st, size_t n_outputs, uint64_t n_samples) {
  size_t o;
  double *block;
  if (n_outputs < 1 || n_outputs > FC_MC_MAX_OUTPUTS) return FC_EINVAL;
  if (n_samples > ((size_t)-1) / sizeof *block / n_outputs) return FC_ENOMEM;
  block = (double *)malloc(n_samples ? (size_t)n_samples * n_outputs * sizeof *block : sizeof *block);
  if (!block) return FC_ENOMEM;
  free(st->kept[0]);
  for (o = 0; o < n_outputs; o++) st->kept[o] = block + o * (size_t)n_samples;
  st->exact = 1;
  return FC_OK;
}

int fc_mc_state_init(fc_mc_state *st, const fc_mc_spec *spec, size_t n_outputs, const double *p, size_t np) {
  if (!st || !spec || np > FC_MC_STATE_MAX_QUANTILES || (np && !p)) return FC_EINVAL;
  memset(st, 0, sizeof *st);
  st->seed = spec->seed;
  strncpy(st->rng, spec->rng_type ? spec->rng_type->name : "taus2", sizeof st->rng - 1);
  st->samples = spec->samples;
  st->chunk = FC_MC_CHUNK;
  st->hist_bins = spec->hist_bins;
  st->shard_index = spec->shard_index;
  st->shard_count = spec->shard_count;
  st->n_quantiles = np;
  if (np) memcpy(st->quantiles, p, np * sizeof *p);
  st->n_outputs = n_outputs;
  return fc_mc_state_alloc_parts(st, n_outputs, fc_mc_state_chunks(spec, &st->first_chunk));
}

void fc_mc_state_free(fc_mc_state *st) {
  size_t i;
  if (!st) return;
  for (i = 0; i < FC_MC_MAX_OUTPUTS; i++) fc_mc_stats_free(&st->stats[i]);
  free(st->parts[0]);
  memset(st->parts, 0, sizeof st->parts);
  free(st->kept[0]);
  memset(st->kept, 0, sizeof st->kept);
  st->exact = 0;
}

/* ---- checksum: FNV-1a 64 over a fixed byte order ------------------------ */

typedef struct { uint64_t h; } fnv;

static void fnv_bytes(fnv *f, const void *p, size_t n) {
  const unsigned char *b = (const unsigned char *)p;
  size_t i;
  for (i = 0; i < n; i++) { f->h ^= b[i]; f->h *= 1099511628211ULL; }
}

static void fnv_u64(fnv *f, uint64_t x) { /* little-endian whatever the host */
  unsigned char b[8];
  int i;
  for (i = 0; i < 8; i++) b[i] = (unsigned char)(x >> (8 * i));
  fnv_bytes(f, b, 8);
}

static void fnv_f64(fnv *f, double x) {
  uint64_t u;
  memcpy(&u, &x, sizeof u);
  fnv_u64(f, u);
}

static void fnv_str(fnv *f, const char *s) {
  size_t n = strlen(s);
  fnv_u64(f, n);
  fnv_bytes(f, s, n);
}

uint64_t fc_mc_state_checksum(const fc_mc_state *st) {
  fnv f = {14695981039346656037ULL};
  size_t i, o;
  fnv_str(&f, FC_MC_STATE_FORMAT);
  fnv_u64(&f, st->seed);
  fnv_str(&f, st->rng);
  fnv_u64(&f, st->samples);
  fnv_u64(&f, st->chunk);
  fnv_u64(&f, st->hist_bins);
  fnv_u64(&f, st->shard_index);
  fnv_u64(&f, st->shard_count);
  fnv_u64(&f, st->n_quantiles);
  for (i = 0; i < st->n_quantiles; i++) fnv_f64(&f, st->quantiles[i]);
  fnv_u64(&f, st->n_outputs);
  fnv_u64(&f, st->first_chunk);
  fnv_u64(&f, st->n_chunks);
  for (o = 0; o < st->n_outputs && o < FC_MC_MAX_OUTPUTS; o++) {
    const fc_mc_stats *s = &st->stats[o];
    fnv_str(&f, st->names[o]);
    fnv_u64(&f, s->n);
    fnv_f64(&f, s->mean); fnv_f64(&f, s->m2); fnv_f64(&f, s->min); fnv_f64(&f, s->max);
    fnv_f64(&f, s->lo); fnv_f64(&f, s->hi);
    fnv_u64(&f, s->bins); fnv_u64(&f, s->under); fnv_u64(&f, s->over);
    for (i = 0; i < s->bins && s->counts; i++) fnv_u64(&f, s->counts[i]);
    for (i = 0; i < st->n_chunks && st->parts[o]; i++) {
      fnv_u64(&f, st->parts[o][i].n);
      fnv_f64(&f, st->parts[o][i].mean);
      fnv_f64(&f, st->parts[o][i].m2);
    }
    /* the samples of an exact state (a state without them hashes as before) */
    if (st->exact) {
      fnv_u64(&f, 1);
      for (i = 0; i < s->n && st->kept[o]; i++) fnv_f64(&f, st->kept[o][i]);
    }
  }
  return f.h;
}

/* ---- integrity ---------------------------------------------------------- */

static int bad(const char **what, const char *why) {
  if (what) *what = why;
  return FC_EINVAL;
}

/* The samples of an exact state: finite, with the summary's min and max. */
static int check_samples(const fc_mc_stats *s, const double *x) {
  uint64_t i;
  double lo = INFINITY, hi = -INFINITY;
  if (!x) return 1;
  for (i = 0; i < s->n; i++) {
    if (!isfinite(x[i])) return 1;
    if (x[i] < lo) lo = x[i];
    if (x[i] > hi) hi = x[i];
  }
  return s->n > 0 && (lo != s->min || hi != s->max);
}

int fc_mc_state_check(const fc_mc_state *st, const char **what) {
  fc_mc_spec sp;
  uint64_t first, count, k0;
  size_t o, i, nk;
  if (!st) return bad(what, "no state");
  if (st->chunk != FC_MC_CHUNK) return bad(what, "chunk size differs from this version's");
  if (st->samples < 1 || (st->samples - 1) / FC_MC_CHUNK >= 0xFFFFFFFFu) return bad(what, "bad sample count");
  if (st->shard_count < 1 || st->shard_count > FC_MC_STATE_MAX_SHARDS) return bad(what, "bad shard count");
  if (st->shard_index >= st->shard_count) return bad(what, "shard index outside [1, n]");
  if (st->n_outputs < 1 || st->n_outputs > FC_MC_MAX_OUTPUTS) return bad(what, "bad number of outputs");
  if (st->n_quantiles > FC_MC_STATE_MAX_QUANTILES) return bad(what, "too many quantiles");
  for (i = 0; i < st->n_quantiles; i++)
    if (!(st->quantiles[i] >= 0.0 && st->quantiles[i] <= 1.0)) return bad(what, "quantile level outside [0, 1]");
  memset(&sp, 0, sizeof sp);
  sp.samples = st->samples; sp.shard_index = st->shard_index; sp.shard_count = st->shard_count;
  fc_mc_shard_range(&sp, &first, &count);
  nk = fc_mc_state_chunks(&sp, &k0);
  if (st->first_chunk != k0 || st->n_chunks != nk) return bad(what, "chunks do not match the shard");
  for (o = 0; o < st->n_outputs; o++) {
    const fc_mc_stats *s = &st->stats[o];
    uint64_t tot = s->under + s->over, n = 0;
    double mean = 0.0, m2 = 0.0, tol;
    if (!s->counts || s->bins < 1 || !(s->lo < s->hi) || !isfinite(s->lo) || !isfinite(s->hi))
      return bad(what, "bad histogram");
    if (st->hist_bins < 1 || s->bins % st->hist_bins) return bad(what, "bad histogram_bins");
    for (i = 0; i < s->bins; i++) tot += s->counts[i];
    if (s->n != count) return bad(what, "sample count differs from the shard's");
    if (tot != s->n) return bad(what, "histogram counts do not add up to n");
    if (!isfinite(s->mean) || !isfinite(s->m2) || s->m2 < 0.0) return bad(what, "mean or M2 not a finite moment");
    if (s->n > 0) {
      if (!(isfinite(s->min) && isfinite(s->max) && s->min <= s->max)) return bad(what, "bad min or max");
      tol = 1e-12 * (fabs(s->min) + fabs(s->max));
      if (s->mean < s->min - tol || s->mean > s->max + tol) return bad(what, "mean outside [min, max]");
      if (s->min < s->lo && s->under == 0) return bad(what, "min below the histogram without underflow");
      if (s->max >= s->hi && s->over == 0) return bad(what, "max above the histogram without overflow");
    }
    if (!st->parts[o]) return bad(what, "chunk moments missing");
    for (i = 0; i < st->n_chunks; i++) {
      const fc_mc_part *c = &st->parts[o][i];
      uint64_t a = (k0 + i) * FC_MC_CHUNK, b = a + FC_MC_CHUNK;
      if (b > st->samples) b = st->samples;
      if (c->n != b - a || !isfinite(c->mean) || !isfinite(c->m2) || c->m2 < 0.0)
        return bad(what, "bad chunk moments");
      fc_mc_moments_merge(&n, &mean, &m2, c->n, c->mean, c->m2);
    }
    if (n != s->n || memcmp(&mean, &s->mean, sizeof mean) || memcmp(&m2, &s->m2, sizeof m2))
      return bad(what, "chunk moments do not fold to the summary");
    if (st->exact && check_samples(s, st->kept[o])) return bad(what, "samples do not match the summary");
  }
  return FC_OK;
}

/* ---- merge -------------------------------------------------------------- */

static int fail(fc_mc_state_error *err, size_t k, const char *what, int status) {
  if (err) { err->state = k; err->what = what; }
  return status;
}

/* The samples of the shards given, concatenated in shard order. */
static int merge_samples(const fc_mc_state *states, const size_t *pos, fc_mc_state *out) {
  uint64_t total = 0, at;
  size_t k, o;
  int st;
  for (k = 0; k < states[0].shard_count; k++) if (pos[k]) total += states[pos[k] - 1].stats[0].n;
  if ((st = fc_mc_state_alloc_samples(out, out->n_outputs, total)) != FC_OK) return st;
  for (o = 0; o < out->n_outputs; o++) {
    at = 0;
    for (k = 0; k < states[0].shard_count; k++) {
      const fc_mc_state *s;
      if (!pos[k]) continue;
      s = &states[pos[k] - 1];
      memcpy(out->kept[o] + at, s->kept[o], (size_t)s->stats[o].n * sizeof *out->kept[o]);
      at += s->stats[o].n;
    }
  }
  return FC_OK;
}

int fc_mc_state_merge(const fc_mc_state *states, size_t n, int partial, fc_mc_state *out, int *complete,
                      unsigned char *missing, fc_mc_state_error *err) {
  const fc_mc_state *s0;
  size_t k, o, j, total_chunks = 0, *pos = NULL; /* pos[shard] = position of its state + 1, 0 if absent */
  int st = FC_OK, all = 1;
  const char *why;
  if (!out) return FC_EINVAL;
  memset(out, 0, sizeof *out);
  if (complete) *complete = 0;
  if (!states || n == 0) return fail(err, 0, "non-empty list of states expected", FC_EINVAL);
  s0 = &states[0];
  /* every state is sound and describes the same run */
  for (k = 0; k < n; k++) {
    const fc_mc_state *s = &states[k];
    if (fc_mc_state_check(s, &why)) return fail(err, k, why, FC_EINVAL);
    if (s->seed != s0->seed) return fail(err, k, "seed differs from state 1", FC_EINVAL);
    if (strcmp(s->rng, s0->rng) != 0) return fail(err, k, "rng differs from state 1", FC_EINVAL);
    if (s->samples != s0->samples) return fail(err, k, "samples differ from state 1", FC_EINVAL);
    if (s->shard_count != s0->shard_count) return fail(err, k, "shard count differs from state 1", FC_EINVAL);
    if (s->n_outputs != s0->n_outputs) return fail(err, k, "outputs differ from state 1", FC_EINVAL);
    if (s->exact != s0->exact)
      return fail(err, k, s->exact ? "keeps its samples (exact quantiles) and state 1 does not: run every shard "
                  "with the same quantile setting" : "keeps no samples (streaming quantiles) and state 1 does: "
                  "run every shard with the same quantile setting", FC_EINVAL);
    for (o = 0; o < s->n_outputs; o++) {
      const fc_mc_stats *a = &s->stats[o], *b = &s0->stats[o];
      if (strcmp(s->names[o], s0->names[o]) != 0) return fail(err, k, "outputs differ from state 1", FC_EINVAL);
      if (a->lo != b->lo || a->hi != b->hi || a->bins != b->bins)
        return fail(err, k, "histogram edges differ from state 1 (another scenario or inputs?)", FC_EINVAL);
    }
    total_chunks += s->n_chunks;
  }
  if (!(pos = (size_t *)calloc(s0->shard_count, sizeof *pos))) return FC_ENOMEM;
  for (k = 0; k < n; k++) {
    if (pos[states[k].shard_index]) { st = fail(err, k, "shard appears twice", FC_EINVAL); goto done; }
    pos[states[k].shard_index] = k + 1;
  }
  for (k = 0; k < s0->shard_count; k++) {
    if (missing) missing[k] = pos[k] == 0;
    if (!pos[k]) all = 0;
  }
  if (complete) *complete = all;
  if (!all && !partial) { st = fail(err, 0, "shards missing", FC_ENOTFOUND); goto done; }
  /* the whole run's header */
  *out = *s0;
  memset(out->stats, 0, sizeof out->stats);
  memset(out->parts, 0, sizeof out->parts);
  memset(out->kept, 0, sizeof out->kept);
  out->exact = 0;
  out->shard_index = 0;
  out->shard_count = 1;
  out->first_chunk = 0;
  if (out->n_quantiles == 0) {
    out->n_quantiles = 3;
    out->quantiles[0] = 0.05; out->quantiles[1] = 0.5; out->quantiles[2] = 0.95;
  }
  if ((st = fc_mc_state_alloc_parts(out, s0->n_outputs, total_chunks)) != FC_OK) goto done;
  if (s0->exact && (st = merge_samples(states, pos, out)) != FC_OK) goto done;
  for (o = 0; o < s0->n_outputs; o++) {
    const fc_mc_stats *b = &s0->stats[o];
    fc_mc_stats *m = &out->stats[o];
    size_t at = 0;
    if ((st = fc_mc_stats_init(m, b->lo, b->hi, b->bins)) != FC_OK) goto done;
    for (k = 0; k < s0->shard_count; k++) { /* in shard order, so in chunk order */
      const fc_mc_state *s;
      if (!pos[k]) continue;
      s = &states[pos[k] - 1];
      if ((st = fc_mc_stats_merge(m, &s->stats[o])) != FC_OK) { fail(err, pos[k] - 1, "histogram edges differ", st); goto done; }
      memcpy(out->parts[o] + at, s->parts[o], s->n_chunks * sizeof *s->parts[o]);
      at += s->n_chunks;
    }
    /* the moments again, chunk by chunk as the single run folds them */
    m->n = 0; m->mean = 0.0; m->m2 = 0.0;
    for (j = 0; j < total_chunks; j++)
      fc_mc_moments_merge(&m->n, &m->mean, &m->m2, out->parts[o][j].n, out->parts[o][j].mean, out->parts[o][j].m2);
  }
done:
  free(pos);
  return st;
}
