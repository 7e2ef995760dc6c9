/*
** lfc_mc_state.c -- Monte Carlo states as Lua tables (format
** FC_MC_STATE_FORMAT, saved as JSON by the Lua layer) and core.mc.merge.
** The state and the merge are the core's (fc_mc_state.c); this file only
** converts tables to and from fc_mc_state.
*/
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <lua.h>
#include <lauxlib.h>
#include "fc.h"
#include "fc_mc.h"
#include "fc_mc_state.h"
#include "lfc_mc.h"
#include "lfc_util.h"

/* ---- kept samples: IEEE-754 binary64, little-endian, base64 (RFC 4648) ---- */

#define SAMPLES_KEY "samples_f64le_base64"
static const char B64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/* Pushes the base64 text of the n doubles at x (8 bytes each, little-endian). */
static void push_samples_b64(lua_State *L, const double *x, uint64_t n) {
  luaL_Buffer b;
  uint64_t i, nbytes = n * 8;
  unsigned char tri[3];
  int k = 0;
  luaL_buffinit(L, &b);
  for (i = 0; i < nbytes; i++) {
    uint64_t u;
    memcpy(&u, &x[i / 8], sizeof u);
    tri[k++] = (unsigned char)(u >> (8 * (i % 8)));
    if (k == 3 || i + 1 == nbytes) {
      char q[4];
      unsigned v = ((unsigned)tri[0] << 16) | (k > 1 ? (unsigned)tri[1] << 8 : 0u) | (k > 2 ? tri[2] : 0u);
      q[0] = B64[(v >> 18) & 63]; q[1] = B64[(v >> 12) & 63];
      q[2] = k > 1 ? B64[(v >> 6) & 63] : '='; q[3] = k > 2 ? B64[v & 63] : '=';
      luaL_addlstring(&b, q, 4);
      k = 0;
    }
  }
  luaL_pushresult(&b);
}

static int b64_value(int c) {
  const char *p = c ? strchr(B64, c) : NULL;
  return p ? (int)(p - B64) : -1;
}

/* Decodes text (len bytes) into n doubles at x; 0 when it holds exactly that. */
static int read_samples_b64(const char *text, size_t len, double *x, uint64_t n) {
  uint64_t need = n * 8, got = 0;
  size_t i;
  if (len % 4 != 0 || len / 4 != (size_t)((need + 2) / 3)) return 1;
  for (i = 0; i < len; i += 4) {
    int v[4], j, pad = (text[i + 3] == '=') + (text[i + 2] == '=');
    unsigned bits;
    for (j = 0; j < 4 - pad; j++) if ((v[j] = b64_value((unsigned char)text[i + j])) < 0) return 1;
    for (; j < 4; j++) v[j] = 0;
    if (pad && i + 4 != len) return 1;
    bits = ((unsigned)v[0] << 18) | ((unsigned)v[1] << 12) | ((unsigned)v[2] << 6) | (unsigned)v[3];
    for (j = 0; j < 3 - pad && got < need; j++, got++) {
      uint64_t u;
      memcpy(&u, &x[got / 8], sizeof u);
      if (got % 8 == 0) u = 0;
      u |= (uint64_t)((bits >> (16 - 8 * j)) & 0xFF) << (8 * (got % 8));
      memcpy(&x[got / 8], &u, sizeof u);
    }
  }
  return got != need;
}

/* The mergeable state of one output as a plain table. */
static void push_list(lua_State *L, const char *key, const fc_mc_part *p, size_t n, int what) {
  size_t i;
  lua_createtable(L, (int)n, 0);
  for (i = 0; i < n; i++) {
    if (what == 0) lua_pushinteger(L, (lua_Integer)p[i].n);
    else lua_pushnumber(L, what == 1 ? p[i].mean : p[i].m2);
    lua_rawseti(L, -2, (lua_Integer)i + 1);
  }
  lua_setfield(L, -2, key);
}

static void push_stats_state(lua_State *L, const fc_mc_stats *s, const char *name, const fc_mc_part *parts,
                             size_t n_chunks, const double *kept) {
  size_t i;
  lua_createtable(L, 0, 12);
  lua_pushstring(L, name); lua_setfield(L, -2, "name");
  lua_pushinteger(L, (lua_Integer)s->n); lua_setfield(L, -2, "n");
  lfc_setnum(L, "mean", s->mean);
  lfc_setnum(L, "m2", s->m2);
  if (s->n) { lfc_setnum(L, "min", s->min); lfc_setnum(L, "max", s->max); }
  lfc_setnum(L, "lo", s->lo);
  lfc_setnum(L, "hi", s->hi);
  lua_pushinteger(L, (lua_Integer)s->under); lua_setfield(L, -2, "under");
  lua_pushinteger(L, (lua_Integer)s->over); lua_setfield(L, -2, "over");
  lua_createtable(L, (int)s->bins, 0);
  for (i = 0; i < s->bins; i++) {
    lua_pushinteger(L, (lua_Integer)s->counts[i]);
    lua_rawseti(L, -2, (lua_Integer)i + 1);
  }
  lua_setfield(L, -2, "counts");
  push_list(L, "chunk_n", parts, n_chunks, 0);
  push_list(L, "chunk_mean", parts, n_chunks, 1);
  push_list(L, "chunk_m2", parts, n_chunks, 2);
  if (kept) {
    push_samples_b64(L, kept, s->n);
    lua_setfield(L, -2, SAMPLES_KEY);
  }
}

void lfc_mc_push_state(lua_State *L, const fc_mc_state *st) {
  size_t o;
  lua_createtable(L, 0, 10);
  lua_pushliteral(L, FC_MC_STATE_FORMAT); lua_setfield(L, -2, "format");
  lua_pushinteger(L, (lua_Integer)st->seed); lua_setfield(L, -2, "seed");
  lua_pushstring(L, st->rng); lua_setfield(L, -2, "rng");
  lua_pushinteger(L, (lua_Integer)st->samples); lua_setfield(L, -2, "samples");
  lua_pushinteger(L, (lua_Integer)st->chunk); lua_setfield(L, -2, "chunk");
  lua_pushinteger(L, (lua_Integer)st->hist_bins); lua_setfield(L, -2, "histogram_bins");
  lua_createtable(L, 0, 2);
  lua_pushinteger(L, (lua_Integer)st->shard_index + 1); lua_setfield(L, -2, "i");
  lua_pushinteger(L, (lua_Integer)st->shard_count); lua_setfield(L, -2, "n");
  lua_setfield(L, -2, "shard");
  lua_createtable(L, (int)st->n_quantiles, 0);
  for (o = 0; o < st->n_quantiles; o++) {
    lua_pushnumber(L, st->quantiles[o]);
    lua_rawseti(L, -2, (lua_Integer)o + 1);
  }
  lua_setfield(L, -2, "quantiles");
  lua_createtable(L, (int)st->n_outputs, 0);
  for (o = 0; o < st->n_outputs; o++) {
    push_stats_state(L, &st->stats[o], st->names[o], st->parts[o], st->n_chunks, st->exact ? st->kept[o] : NULL);
    lua_rawseti(L, -2, (lua_Integer)o + 1);
  }
  lua_setfield(L, -2, "outputs");
  lua_pushinteger(L, (lua_Integer)st->first_chunk); lua_setfield(L, -2, "first_chunk");
  {
    char sum[40];
    snprintf(sum, sizeof sum, "fnv1a64:%016llx", (unsigned long long)fc_mc_state_checksum(st));
    lua_pushstring(L, sum);
    lua_setfield(L, -2, "checksum");
  }
}

static double st_num(lua_State *L, int t, const char *fn, int k, const char *field, int required, double dflt) {
  double x;
  int ty = lua_getfield(L, t, field);
  if (ty == LUA_TNIL && !required) { lua_pop(L, 1); return dflt; }
  if (ty != LUA_TNUMBER) luaL_error(L, "%s: state %d: field '%s': number expected, got %s", fn, k, field, luaL_typename(L, -1));
  x = lua_tonumber(L, -1);
  lua_pop(L, 1);
  return x;
}

static lua_Integer st_int(lua_State *L, int t, const char *fn, int k, const char *field) {
  int isint = 0;
  lua_Integer v;
  lua_getfield(L, t, field);
  v = lua_tointegerx(L, -1, &isint);
  if (!isint || v < 0) luaL_error(L, "%s: state %d: field '%s': non-negative integer expected, got %s", fn, k, field, luaL_typename(L, -1));
  lua_pop(L, 1);
  return v;
}

/* Reads output state table at t into s (allocated, in the box). */
static void read_stats_state(lua_State *L, int t, const char *fn, int k, fc_mc_stats *s) {
  lua_Integer bins, i;
  double lo = st_num(L, t, fn, k, "lo", 1, 0), hi = st_num(L, t, fn, k, "hi", 1, 0);
  if (lua_getfield(L, t, "counts") != LUA_TTABLE) luaL_error(L, "%s: state %d: field 'counts': table expected", fn, k);
  bins = (lua_Integer)lua_rawlen(L, -1);
  if (bins < 1 || fc_mc_stats_init(s, lo, hi, (size_t)bins))
    luaL_error(L, "%s: state %d: invalid histogram (lo %f, hi %f, %d bins)", fn, k, lo, hi, (int)bins);
  for (i = 1; i <= bins; i++) {
    int isint = 0;
    lua_Integer c;
    lua_rawgeti(L, -1, i);
    c = lua_tointegerx(L, -1, &isint);
    if (!isint || c < 0) luaL_error(L, "%s: state %d: counts[%d]: non-negative integer expected", fn, k, (int)i);
    s->counts[i - 1] = (uint64_t)c;
    lua_pop(L, 1);
  }
  lua_pop(L, 1);
  s->n = (uint64_t)st_int(L, t, fn, k, "n");
  s->mean = st_num(L, t, fn, k, "mean", 1, 0);
  s->m2 = st_num(L, t, fn, k, "m2", 1, 0);
  s->min = st_num(L, t, fn, k, "min", s->n > 0, INFINITY);
  s->max = st_num(L, t, fn, k, "max", s->n > 0, -INFINITY);
  s->under = (uint64_t)st_int(L, t, fn, k, "under");
  s->over = (uint64_t)st_int(L, t, fn, k, "over");
}

/* Checks that the value at t is a state table; returns its shard index and count. */
static void state_header(lua_State *L, int t, const char *fn, int k, lua_Integer *si, lua_Integer *sn) {
  if (lua_type(L, t) != LUA_TTABLE || lua_getfield(L, t, "format") != LUA_TSTRING ||
      strcmp(lua_tostring(L, -1), FC_MC_STATE_FORMAT) != 0)
    luaL_error(L, "%s: state %d: not a Monte Carlo state (format '%s')", fn, k, FC_MC_STATE_FORMAT);
  lua_pop(L, 1);
  if (lua_getfield(L, t, "shard") != LUA_TTABLE)
    luaL_error(L, "%s: state %d: field 'shard': table expected", fn, k);
  *si = st_int(L, lua_gettop(L), fn, k, "i");
  *sn = st_int(L, lua_gettop(L), fn, k, "n");
  lua_pop(L, 1);
}

static const gsl_rng_type *st_rng(lua_State *L, int t, const char *fn, int k) {
  const gsl_rng_type *r = NULL;
  if (lua_getfield(L, t, "rng") != LUA_TSTRING || !(r = lfc_mc_rng_by_name(lua_tostring(L, -1))))
    luaL_error(L, "%s: state %d: field 'rng': name of a GSL generator expected", fn, k);
  lua_pop(L, 1);
  return r;
}

/* The states being merged, in a userdata whose __gc frees their summaries
   (an error raised while reading them leaks nothing). */
#define STATES_MT "flopcost.MCStates"
typedef struct {
  size_t n;
  fc_mc_state st[];
} state_box;

static int states_gc(lua_State *L) {
  state_box *b = (state_box *)luaL_checkudata(L, 1, STATES_MT);
  size_t i;
  for (i = 0; i < b->n; i++) fc_mc_state_free(&b->st[i]);
  b->n = 0;
  return 0;
}

static state_box *new_states(lua_State *L, size_t n) {
  state_box *b = (state_box *)lua_newuserdatauv(L, sizeof *b + n * sizeof b->st[0], 0);
  memset(b, 0, sizeof *b + n * sizeof b->st[0]);
  if (lfc_newmetatable(L, STATES_MT)) {
    lua_pushcfunction(L, states_gc);
    lua_setfield(L, -2, "__gc");
  }
  lua_setmetatable(L, -2);
  b->n = n;
  return b;
}

/* Reads the chunk moments of the output table at t (its list `key`) into parts. */
static void read_parts(lua_State *L, int t, const char *fn, int k, const char *key, fc_mc_part *parts,
                       size_t n, int what) {
  size_t i;
  if (lua_getfield(L, t, key) != LUA_TTABLE || lua_rawlen(L, -1) != n)
    luaL_error(L, "%s: state %d: field '%s': list of %d chunk values expected", fn, k, key, (int)n);
  for (i = 0; i < n; i++) {
    int isint = 0;
    lua_rawgeti(L, -1, (lua_Integer)i + 1);
    if (what == 0) {
      lua_Integer v = lua_tointegerx(L, -1, &isint);
      if (!isint || v < 0) luaL_error(L, "%s: state %d: %s[%d]: non-negative integer expected", fn, k, key, (int)i + 1);
      parts[i].n = (uint64_t)v;
    } else {
      if (lua_type(L, -1) != LUA_TNUMBER) luaL_error(L, "%s: state %d: %s[%d]: number expected", fn, k, key, (int)i + 1);
      if (what == 1) parts[i].mean = lua_tonumber(L, -1); else parts[i].m2 = lua_tonumber(L, -1);
    }
    lua_pop(L, 1);
  }
  lua_pop(L, 1);
}

/* Reads output j's kept samples (exact states), if output 1 has them. */
static void read_kept(lua_State *L, int t, const char *fn, int k, size_t j, size_t no, fc_mc_state *st) {
  size_t len;
  const char *text;
  int has = lua_getfield(L, t, SAMPLES_KEY) == LUA_TSTRING;
  /* text that cannot hold the n samples the state claims: damaged, refused before allocating n */
  if (has && (st->stats[j - 1].n != st->stats[0].n || lua_rawlen(L, -1) != (size_t)((st->stats[0].n * 8 + 2) / 3 * 4)))
    luaL_error(L, "%s: state %d: checksum does not match the content (the state was edited or damaged)", fn, k);
  if (j == 1 && has && fc_mc_state_alloc_samples(st, no, st->stats[0].n)) lfc_status_error(L, fn, FC_ENOMEM);
  if (has != st->exact)
    luaL_error(L, "%s: state %d: outputs[%d]: field '%s': %s", fn, k, (int)j, SAMPLES_KEY,
               has ? "only some outputs keep their samples" : "missing (output 1 keeps its samples)");
  if (has) {
    text = lua_tolstring(L, -1, &len);
    /* text that does not decode: zeros, which the checksum then refuses ("edited or damaged") */
    if (read_samples_b64(text, len, st->kept[j - 1], st->stats[0].n))
      memset(st->kept[j - 1], 0, (size_t)st->stats[0].n * sizeof *st->kept[j - 1]);
  }
  lua_pop(L, 1);
}

/* Reads the state table at t (state number k, for messages) into *st. */
static void read_state(lua_State *L, int t, const char *fn, int k, fc_mc_state *st) {
  lua_Integer si, sn, no, j;
  const gsl_rng_type *rng;
  t = lua_absindex(L, t);
  state_header(L, t, fn, k, &si, &sn);
  st->seed = (uint64_t)st_int(L, t, fn, k, "seed");
  rng = st_rng(L, t, fn, k);
  strncpy(st->rng, rng->name, sizeof st->rng - 1);
  st->samples = (uint64_t)st_int(L, t, fn, k, "samples");
  /* the file's own chunk size: checked (fc_mc_state_check) and in the checksum, not assumed */
  st->chunk = (uint64_t)st_int(L, t, fn, k, "chunk");
  st->hist_bins = (size_t)st_int(L, t, fn, k, "histogram_bins");
  if (sn < 1 || sn > (lua_Integer)FC_MC_STATE_MAX_SHARDS) luaL_error(L, "%s: state %d: bad shard count", fn, k);
  if (si < 1 || si > sn)
    luaL_error(L, "%s: state %d: shard index %d outside [1, %d]", fn, k, (int)si, (int)sn);
  st->shard_index = (unsigned)(si - 1);
  st->shard_count = (unsigned)sn;
  if (lua_getfield(L, t, "quantiles") == LUA_TTABLE) {
    lua_Integer m = (lua_Integer)lua_rawlen(L, -1);
    for (j = 1; j <= m && j <= (lua_Integer)FC_MC_STATE_MAX_QUANTILES; j++) {
      lua_rawgeti(L, -1, j);
      st->quantiles[st->n_quantiles++] = lua_tonumber(L, -1);
      lua_pop(L, 1);
    }
  }
  lua_pop(L, 1);
  if (lua_getfield(L, t, "outputs") != LUA_TTABLE)
    luaL_error(L, "%s: state %d: field 'outputs': table expected", fn, k);
  no = (lua_Integer)lua_rawlen(L, -1);
  if (no < 1 || no > (lua_Integer)FC_MC_MAX_OUTPUTS) luaL_error(L, "%s: state %d: outputs differ from state 1", fn, k);
  for (j = 1; j <= no; j++) {
    lua_rawgeti(L, -1, j);
    if (lua_type(L, -1) != LUA_TTABLE) luaL_error(L, "%s: state %d: outputs[%d]: table expected", fn, k, (int)j);
    if (lua_getfield(L, -1, "name") != LUA_TSTRING || lua_rawlen(L, -1) >= FC_MC_STATE_NAME_MAX)
      luaL_error(L, "%s: state %d: outputs[%d]: field 'name': result name expected", fn, k, (int)j);
    strncpy(st->names[j - 1], lua_tostring(L, -1), FC_MC_STATE_NAME_MAX - 1);
    lua_pop(L, 1);
    read_stats_state(L, lua_gettop(L), fn, k, &st->stats[j - 1]);
    if (j == 1) {
      size_t nk;
      if (lua_getfield(L, -1, "chunk_n") != LUA_TTABLE)
        luaL_error(L, "%s: state %d: field 'chunk_n': list expected (a state of an older version?)", fn, k);
      nk = lua_rawlen(L, -1);
      lua_pop(L, 1);
      if (fc_mc_state_alloc_parts(st, (size_t)no, nk)) lfc_status_error(L, fn, FC_ENOMEM);
    }
    read_parts(L, lua_gettop(L), fn, k, "chunk_n", st->parts[j - 1], st->n_chunks, 0);
    read_parts(L, lua_gettop(L), fn, k, "chunk_mean", st->parts[j - 1], st->n_chunks, 1);
    read_parts(L, lua_gettop(L), fn, k, "chunk_m2", st->parts[j - 1], st->n_chunks, 2);
    read_kept(L, lua_gettop(L), fn, k, (size_t)j, (size_t)no, st);
    lua_pop(L, 1);
  }
  st->n_outputs = (size_t)no;
  lua_pop(L, 1);
  st->first_chunk = (uint64_t)st_int(L, t, fn, k, "first_chunk");
  {
    char sum[40];
    snprintf(sum, sizeof sum, "fnv1a64:%016llx", (unsigned long long)fc_mc_state_checksum(st));
    if (lua_getfield(L, t, "checksum") != LUA_TSTRING || strcmp(lua_tostring(L, -1), sum) != 0)
      luaL_error(L, "%s: state %d: checksum does not match the content (the state was edited or damaged)", fn, k);
    lua_pop(L, 1);
  }
}

/* merge(states[, {partial = true}]) -> summary as from run, with streaming
   quantiles. Every shard is required unless partial; a partial merge says
   which shards are missing (result.missing) and has no state to merge further. */
int lfc_mc_merge(lua_State *L) {
  static const char *const known[] = {"partial", NULL};
  const char *fn = "flopcost.mc.merge";
  lua_Integer ns, k;
  state_box *in, *out;
  fc_mc_state_error err;
  int complete = 0, st, partial = 0;
  unsigned char *missing;
  size_t o;
  luaL_checktype(L, 1, LUA_TTABLE);
  if (!lua_isnoneornil(L, 2)) {
    lfc_check_options(L, 2, fn);
    lfc_check_fields(L, 2, fn, known);
    partial = lfc_mc_opt_bool(L, 2, fn, "partial", 0);
  }
  lua_settop(L, 1);
  ns = (lua_Integer)lua_rawlen(L, 1);
  if (ns < 1) return luaL_error(L, "%s: non-empty list of states expected", fn);
  in = new_states(L, (size_t)ns);  /* 2 */
  out = new_states(L, 1);          /* 3 */
  for (k = 1; k <= ns; k++) {
    lua_rawgeti(L, 1, k);
    read_state(L, -1, fn, (int)k, &in->st[k - 1]);
    lua_pop(L, 1);
  }
  missing = (unsigned char *)lua_newuserdatauv(L, in->st[0].shard_count ? in->st[0].shard_count : 1, 0); /* 4 */
  st = fc_mc_state_merge(in->st, (size_t)ns, partial, &out->st[0], &complete, missing, &err);
  if (st == FC_EINVAL) {
    const fc_mc_state *bad = &in->st[err.state];
    if (strcmp(err.what, "shard appears twice") == 0)
      return luaL_error(L, "%s: state %d: shard %d/%d appears twice", fn, (int)err.state + 1,
                        (int)bad->shard_index + 1, (int)bad->shard_count);
    return luaL_error(L, "%s: state %d: %s", fn, (int)err.state + 1, err.what);
  }
  /* the missing shards, as a list and as text */
  lua_createtable(L, 0, 0); /* 5 */
  {
    luaL_Buffer b;
    unsigned i, nmiss = 0;
    luaL_buffinit(L, &b);
    for (i = 0; st != FC_EINVAL && i < in->st[0].shard_count; i++) {
      if (!missing[i]) continue;
      nmiss++;
      if (nmiss <= 20) {
        char one[24];
        snprintf(one, sizeof one, nmiss > 1 ? ", %u" : "%u", i + 1);
        luaL_addstring(&b, one);
      }
      lua_pushinteger(L, (lua_Integer)i + 1);
      lua_rawseti(L, 5, (lua_Integer)nmiss);
    }
    if (nmiss > 20) luaL_addstring(&b, ", ...");
    luaL_pushresult(&b); /* 6 */
    if (st == FC_ENOTFOUND)
      return luaL_error(L, "%s: %d of %d shards missing (%s): give every shard, or partial = true (--partial)", fn,
                        (int)nmiss, (int)in->st[0].shard_count, lua_tostring(L, 6));
  }
  if (st) return lfc_status_error(L, fn, st);
  {
    const fc_mc_state *m = &out->st[0];
    lua_createtable(L, 0, (int)m->n_outputs);
    double q[FC_MC_STATE_MAX_QUANTILES];
    for (o = 0; o < m->n_outputs; o++) {
      /* an exact run's shards: the quantiles of their samples, as the unsharded run computes them */
      if (m->exact && m->stats[o].n > 0) {
        int s2 = fc_mc_quantiles_binned(m->kept[o], (size_t)m->stats[o].n, &m->stats[o], m->quantiles,
                                        m->n_quantiles, q, 1);
        if (s2) return lfc_status_error(L, fn, s2);
      }
      lfc_mc_push_summary(L, fn, &m->stats[o], m->names[o], m->quantiles, m->n_quantiles,
                          m->exact && m->stats[o].n > 0 ? q : NULL, m->hist_bins);
      lua_setfield(L, -2, m->names[o]);
    }
    lua_getfield(L, -1, m->names[0]); /* the first summary */
    lua_insert(L, -2);
    lua_setfield(L, -2, "outputs");
    lua_pushboolean(L, complete);
    lua_setfield(L, -2, "complete");
    lua_pushinteger(L, (lua_Integer)m->seed); lua_setfield(L, -2, "seed");
    lua_pushstring(L, m->rng); lua_setfield(L, -2, "rng");
    if (complete) {
      lfc_mc_push_state(L, m);
      lua_setfield(L, -2, "state");
    } else {
      lua_pushvalue(L, 5);
      lua_setfield(L, -2, "missing");
    }
  }
  return 1;
}

fc_mc_state *lfc_mc_new_state(lua_State *L) {
  return &new_states(L, 1)->st[0];
}
