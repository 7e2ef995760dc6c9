/*
** lfc_sensitivity.c -- Lua binding of fc_sensitivity (flopcost.core.sensitivity).
**
**   core.sensitivity.sobol{ scenario =, inputs = {{field=, dist=, member=}...}, output =,
**                           samples =, seed =, threads =, shard = {i=, n=},
**                           resamples = 100, level = 0.95 }
**       -> { names =, first =, total =, first_lo =, first_hi =, total_lo =, total_hi =,
**            mean =, variance =, evaluations =, samples =, seed =, state = }
**          (indices as lists in input order; a shard returns only its state)
**   core.sensitivity.merge(states[, {resamples =, level =}]) -> the same table
**
** The scenario, inputs, output, samples, seed, threads and shard are read by
** the Monte Carlo binding's readers (lfc_mc.h), so they mean the same thing in
** both. A state is a plain table whose doubles are C99 hex strings ("%a"), so
** it survives JSON bit for bit.
*/
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <lua.h>
#include <lauxlib.h>
#include "fc.h"
#include "fc_sensitivity.h"
#include "lfc.h"
#include "lfc_mc.h"
#include "lfc_sandbox.h"
#include "lfc_util.h"

#define STATE_FORMAT "flopcost.sobol.state/1"
#define STATE_MT "flopcost.SobolState"

static int state_gc(lua_State *L) {
  fc_sobol_state *st = (fc_sobol_state *)luaL_checkudata(L, 1, STATE_MT);
  fc_sobol_state_free(st);
  return 0;
}

/* A state in a userdata (freed by __gc if an error unwinds). */
static fc_sobol_state *new_state(lua_State *L) {
  fc_sobol_state *st = (fc_sobol_state *)lua_newuserdatauv(L, sizeof *st, 0);
  memset(st, 0, sizeof *st);
  if (luaL_newmetatable(L, STATE_MT)) {
    lua_pushcfunction(L, state_gc);
    lua_setfield(L, -2, "__gc");
    lua_pushboolean(L, 0);
    lua_setfield(L, -2, "__metatable");
  }
  lua_setmetatable(L, -2);
  return st;
}

static void push_hex(lua_State *L, double x) {
  char b[40];
  snprintf(b, sizeof b, "%a", x);
  lua_pushstring(L, b);
}

static void set_int(lua_State *L, const char *k, uint64_t v) {
  lua_pushinteger(L, (lua_Integer)v);
  lua_setfield(L, -2, k);
}

/* Pushes st as a plain table; names is the index of the input names list. */
static void push_state(lua_State *L, const fc_sobol_state *st, int names, const char *output,
                       unsigned shard_i, unsigned shard_n) {
  size_t i, w = 2 + 2 * st->k, n = (size_t)st->local_chunks * w;
  lua_createtable(L, 0, 12);
  lua_pushstring(L, STATE_FORMAT);
  lua_setfield(L, -2, "format");
  set_int(L, "k", st->k);
  set_int(L, "samples", st->samples);
  set_int(L, "seed", st->seed);
  set_int(L, "chunk_rows", st->chunk_rows);
  set_int(L, "n_chunks", st->n_chunks);
  set_int(L, "first_chunk", st->first_chunk);
  set_int(L, "local_chunks", st->local_chunks);
  set_int(L, "shard_index", shard_i);
  set_int(L, "shard_count", shard_n);
  push_hex(L, st->centre);
  lua_setfield(L, -2, "centre");
  lua_pushstring(L, output);
  lua_setfield(L, -2, "output");
  lua_pushvalue(L, names);
  lua_setfield(L, -2, "names");
  lua_createtable(L, (int)n, 0);
  for (i = 0; i < n; i++) {
    push_hex(L, st->sums[i]);
    lua_rawseti(L, -2, (lua_Integer)i + 1);
  }
  lua_setfield(L, -2, "sums");
}

static void push_list(lua_State *L, const char *k, const double *x, size_t n) {
  size_t i;
  lua_createtable(L, (int)n, 0);
  for (i = 0; i < n; i++) {
    lua_pushnumber(L, x[i]);
    lua_rawseti(L, -2, (lua_Integer)i + 1);
  }
  lua_setfield(L, -2, k);
}

static void push_indices(lua_State *L, const fc_sobol_result *r, size_t k) {
  push_list(L, "first", r->first, k);
  push_list(L, "total", r->total, k);
  push_list(L, "first_lo", r->first_lo, k);
  push_list(L, "first_hi", r->first_hi, k);
  push_list(L, "total_lo", r->total_lo, k);
  push_list(L, "total_hi", r->total_hi, k);
  lfc_setnum(L, "mean", r->mean);
  lfc_setnum(L, "variance", r->variance);
  set_int(L, "evaluations", r->evaluations);
}

static void read_ci(lua_State *L, int opts, const char *fn, size_t *resamples, double *level) {
  *resamples = (size_t)lfc_field_integer_opt(L, opts, fn, "resamples", 0, 100);
  *level = lfc_field_number_opt(L, opts, fn, "level", LFC_FRACTION, 0.95);
  if (*resamples > 100000) luaL_error(L, "%s: field 'resamples': integer in [0, 100000] expected", fn);
  if (!(*level > 0 && *level < 1)) luaL_error(L, "%s: field 'level': number in (0, 1) expected", fn);
}

static int indices_error(lua_State *L, const char *fn, int s) {
  if (s == FC_EDOM)
    luaL_error(L, "%s: the output does not vary over these inputs (variance 0): no variance to apportion", fn);
  return lfc_status_error(L, fn, s);
}

/* Working memory a Sobol run may take (the state's sums and every worker's matrices). */
#define SOBOL_MAX_BYTES 4e9

static const char *const sobol_known[] = {"scenario", "inputs", "output", "samples", "seed", "threads",
                                          "shard", "resamples", "level", "rng", "correlations", NULL};

static int l_sobol(lua_State *L) {
  static const char *fn = "flopcost.sensitivity.sobol";
  lfc_mc_scenario sc;
  fc_mc_input *in;
  fc_mc_spec common;
  fc_sobol_mc model;
  fc_mc_spec mspec;
  fc_sobol_spec sp;
  fc_sobol_error err;
  fc_dist *dists;
  int out_idx[FC_MC_MAX_OUTPUTS], names, outname, s;
  size_t k, i, resamples;
  double charged;
  double level;
  fc_sobol_state *st;
  luaL_checktype(L, 1, LUA_TTABLE);
  lfc_check_fields(L, 1, fn, sobol_known);
  if (lua_getfield(L, 1, "correlations") != LUA_TNIL)
    luaL_error(L, "%s: field 'correlations': correlated inputs are not supported by these estimators "
                  "(Saltelli/Jansen assume independent inputs); vary independent inputs", fn);
  lua_pop(L, 1);
  if (lua_getfield(L, 1, "rng") != LUA_TNIL)
    luaL_error(L, "%s: field 'rng': Sobol runs always use taus2 (chunk streams of the Monte Carlo engine)", fn);
  lua_pop(L, 1);
  lfc_mc_read_scenario(L, 1, fn, &sc);                 /* anchor at slot 2 */
  k = lfc_mc_read_inputs(L, 1, fn, &sc, &in);          /* inputs userdata, names table */
  names = lua_gettop(L);
  if (k < 1 || k > FC_SOBOL_MAX_INPUTS)
    luaL_error(L, "%s: field 'inputs': 1 to %d inputs expected, got %d", fn, (int)FC_SOBOL_MAX_INPUTS, (int)k);
  if (lfc_mc_read_outputs(L, 1, fn, &sc, out_idx) != 1)    /* pushes output names */
    luaL_error(L, "%s: field 'outputs': one output per Sobol run (indices apportion one variance)", fn);
  lua_rawgeti(L, -1, 1);
  lua_replace(L, -2);                                  /* the output's name */
  outname = lua_gettop(L);
  memset(&common, 0, sizeof common);
  lfc_mc_read_common(L, 1, fn, &common);
  lfc_mc_read_shard(L, 1, fn, &common);
  read_ci(L, 1, fn, &resamples, &level);
  if (common.samples < 2) luaL_error(L, "%s: field 'samples': at least 2 expected", fn);
  dists = (fc_dist *)lua_newuserdatauv(L, k * sizeof *dists, 0);
  for (i = 0; i < k; i++) dists[i] = in[i].dist;
  /* the model: the Monte Carlo spec of this scenario and these inputs */
  memset(&mspec, 0, sizeof mspec);
  lfc_mc_set_scenario(&mspec, &sc);
  mspec.inputs = in; mspec.n_inputs = k;
  model.spec = &mspec; model.output = out_idx[0];
  memset(&sp, 0, sizeof sp);
  sp.inputs = dists; sp.k = k; sp.samples = common.samples; sp.seed = common.seed;
  sp.threads = common.threads; sp.shard_index = common.shard_index; sp.shard_count = common.shard_count;
  sp.model = fc_sobol_mc_model; sp.ctx = &model;
  {
    uint64_t rows, chunks;
    fc_sobol_layout(sp.samples, &rows, &chunks);
    if (sp.shard_count > chunks)
      luaL_error(L, "%s: field 'shard': %d shards of a run of %d chunks; use at most %d shards", fn,
                 (int)sp.shard_count, (int)chunks, (int)chunks);
  }
  sp.threads = lfc_sandbox_threads(L, sp.threads);
  lfc_sandbox_check_work(L, fn, "samples", (double)sp.samples * (double)(k + 2), "samples x (inputs + 2)");
  {
    uint64_t rows, chunks;
    fc_sobol_layout(sp.samples, &rows, &chunks);
    /* the state's sums and one worker's matrices, counted against a sandbox's
       memory budget for the length of the run */
    double worker = 8.0 * (double)rows * (double)((k + 4) * k + k + 2), sums = 8.0 * (double)chunks * (double)(2 + 2 * k);
    double need = sums + (double)(sp.threads ? sp.threads : 1) * worker;
    charged = sums + worker;
    /* every worker holds its matrices (rows grow with samples / FC_SOBOL_MAX_CHUNKS): refused
       before allocating, instead of a machine swapping (1e12 samples asked for ~60 GB a worker) */
    if (need > SOBOL_MAX_BYTES)
      luaL_error(L, "%s: field 'samples': %s samples x %d inputs need %s GB of working memory, above the limit "
                 "of %d GB; use fewer samples", fn, lfc_num(L, (double)sp.samples), (int)k,
                 lfc_num(L, floor(need / 1e8 + 0.5) / 10.0), (int)(SOBOL_MAX_BYTES / 1e9));
    lfc_sandbox_charge(L, fn, charged);
  }
  st = new_state(L);
  /* Ctrl-C (or a sandbox's CPU budget) stops the run within one slice */
  lfc_sigint_enter();
  sp.cancel = lfc_sandbox_cancel(L, &lfc_interrupted);
  s = fc_sobol_run(&sp, st, &err);
  lfc_sigint_leave();
  lfc_sandbox_release(L, charged);
  if (s == FC_EINTR && sp.cancel != &lfc_interrupted) return lfc_sandbox_stopped_error(L, fn);
  if (s == FC_EINTR) return luaL_error(L, "%s: interrupted (Ctrl-C); nothing was kept", fn);
  if (s != FC_OK) {
    char where[64];
    if (err.matrix == -3) snprintf(where, sizeof where, "at the inputs' medians");
    else if (err.matrix < 0) snprintf(where, sizeof where, "in row %llu of matrix %s",
                                      (unsigned long long)err.row + 1, err.matrix == -2 ? "A" : "B");
    else snprintf(where, sizeof where, "in row %llu of matrix AB_%d", (unsigned long long)err.row + 1,
                  err.matrix + 1);
    if (err.field) luaL_error(L, "%s: the model failed %s: field '%s' out of its domain (%s)", fn, where,
                              err.field, fc_strerror(s));
    if (s == FC_ERANGE) luaL_error(L, "%s: the model failed %s: non-finite output", fn, where);
    return lfc_status_error(L, fn, s);
  }
  lua_createtable(L, 0, 16);
  lua_pushvalue(L, names);
  lua_setfield(L, -2, "names");
  lua_pushvalue(L, outname);
  lua_setfield(L, -2, "output");
  set_int(L, "samples", sp.samples);
  set_int(L, "seed", sp.seed);
  push_state(L, st, names, lua_tostring(L, outname), sp.shard_index, sp.shard_count);
  lua_setfield(L, -2, "state");
  if (sp.shard_count == 1) {
    fc_sobol_result r;
    s = fc_sobol_indices(st, resamples, level, &r);
    if (s != FC_OK) return indices_error(L, fn, s);
    push_indices(L, &r, k);
    lfc_setnum(L, "level", level);
  }
  fc_sobol_state_free(st);
  return 1;
}

/* {====== merge ====== */

static uint64_t st_uint(lua_State *L, int t, const char *fn, int i, const char *field) {
  lua_Integer v;
  int isnum = 0;
  lua_getfield(L, t, field);
  v = lua_tointegerx(L, -1, &isnum);
  if (!isnum || v < 0) luaL_error(L, "%s: states[%d].%s: non-negative integer expected", fn, i, field);
  lua_pop(L, 1);
  return (uint64_t)v;
}

static double hex_at(lua_State *L, int idx, const char *fn, int i, const char *field) {
  const char *s = lua_tostring(L, idx);
  char *end;
  double x;
  if (lua_type(L, idx) != LUA_TSTRING) luaL_error(L, "%s: states[%d].%s: hex number string expected", fn, i, field);
  x = strtod(s, &end);
  if (end == s || *end != '\0' || !isfinite(x))
    luaL_error(L, "%s: states[%d].%s: finite hex number expected, got '%s'", fn, i, field, s);
  return x;
}

static void read_state(lua_State *L, int t, const char *fn, int i, fc_sobol_state *st) {
  size_t w, n, j;
  if (lua_type(L, t) != LUA_TTABLE) luaL_error(L, "%s: states[%d]: state table expected", fn, i);
  if (lua_getfield(L, t, "format") != LUA_TSTRING || strcmp(lua_tostring(L, -1), STATE_FORMAT) != 0)
    luaL_error(L, "%s: states[%d].format: '%s' expected", fn, i, STATE_FORMAT);
  lua_pop(L, 1);
  st->k = (size_t)st_uint(L, t, fn, i, "k");
  st->samples = st_uint(L, t, fn, i, "samples");
  st->seed = st_uint(L, t, fn, i, "seed");
  st->chunk_rows = st_uint(L, t, fn, i, "chunk_rows");
  st->n_chunks = st_uint(L, t, fn, i, "n_chunks");
  st->first_chunk = st_uint(L, t, fn, i, "first_chunk");
  st->local_chunks = st_uint(L, t, fn, i, "local_chunks");
  if (st->k < 1 || st->k > FC_SOBOL_MAX_INPUTS || st->n_chunks > FC_SOBOL_MAX_CHUNKS + 1 ||
      st->first_chunk + st->local_chunks > st->n_chunks)
    luaL_error(L, "%s: states[%d]: inconsistent layout (k, chunks)", fn, i);
  {
    uint64_t rows, chunks;
    fc_sobol_layout(st->samples, &rows, &chunks);
    if (rows != st->chunk_rows || chunks != st->n_chunks)
      luaL_error(L, "%s: states[%d]: chunk layout does not match %llu samples", fn, i,
                 (unsigned long long)st->samples);
  }
  lua_getfield(L, t, "centre");
  st->centre = hex_at(L, -1, fn, i, "centre");
  lua_pop(L, 1);
  w = 2 + 2 * st->k;
  n = (size_t)st->local_chunks * w;
  if (lua_getfield(L, t, "sums") != LUA_TTABLE || lua_rawlen(L, -1) != n)
    luaL_error(L, "%s: states[%d].sums: list of %d hex numbers expected", fn, i, (int)n);
  st->sums = malloc((n ? n : 1) * sizeof *st->sums);
  if (!st->sums) luaL_error(L, "%s: out of memory", fn);
  for (j = 0; j < n; j++) {
    lua_rawgeti(L, -1, (lua_Integer)j + 1);
    st->sums[j] = hex_at(L, -1, fn, i, "sums");
    lua_pop(L, 1);
  }
  lua_pop(L, 1);
}

/* Holds the parsed parts; __gc frees each one's sums. */
typedef struct { size_t n; fc_sobol_state parts[1]; } parts_box;
static int parts_gc(lua_State *L) {
  parts_box *b = (parts_box *)lua_touserdata(L, 1);
  size_t i;
  for (i = 0; i < b->n; i++) fc_sobol_state_free(&b->parts[i]);
  b->n = 0;
  return 0;
}

static int l_merge(lua_State *L) {
  static const char *fn = "flopcost.sensitivity.merge";
  size_t n, i, resamples;
  double level;
  parts_box *box;
  fc_sobol_state *merged;
  fc_sobol_result r;
  const char *why = NULL;
  int s;
  luaL_checktype(L, 1, LUA_TTABLE);
  if (lua_isnoneornil(L, 2)) { lua_settop(L, 1); lua_newtable(L); }
  luaL_checktype(L, 2, LUA_TTABLE);
  read_ci(L, 2, fn, &resamples, &level);
  n = lua_rawlen(L, 1);
  if (n == 0) luaL_error(L, "%s: argument 'states': non-empty list expected", fn);
  box = (parts_box *)lua_newuserdatauv(L, sizeof *box + n * sizeof box->parts[0], 0);
  memset(box, 0, sizeof *box + n * sizeof box->parts[0]);
  lua_createtable(L, 0, 1);
  lua_pushcfunction(L, parts_gc);
  lua_setfield(L, -2, "__gc");
  lua_setmetatable(L, -2);
  for (i = 0; i < n; i++) {
    lua_rawgeti(L, 1, (lua_Integer)i + 1);
    box->n = i + 1;
    read_state(L, lua_gettop(L), fn, (int)i + 1, &box->parts[i]);
    lua_pop(L, 1);
  }
  merged = new_state(L);
  s = fc_sobol_merge(box->parts, n, merged, &why);
  if (s == FC_EINVAL && why) luaL_error(L, "%s: %s", fn, why);
  if (s != FC_OK) return lfc_status_error(L, fn, s);
  s = fc_sobol_indices(merged, resamples, level, &r);
  if (s != FC_OK) return indices_error(L, fn, s);
  lua_createtable(L, 0, 16);
  lua_rawgeti(L, 1, 1);
  lua_getfield(L, -1, "names");
  lua_setfield(L, -3, "names");
  lua_getfield(L, -1, "output");
  lua_setfield(L, -3, "output");
  lua_pop(L, 1);
  set_int(L, "samples", merged->samples);
  set_int(L, "seed", merged->seed);
  push_indices(L, &r, merged->k);
  lfc_setnum(L, "level", level);
  return 1;
}

/* ======} */

static const luaL_Reg funcs[] = {
  {"sobol", l_sobol}, {"merge", l_merge}, {NULL, NULL}
};

int lfc_open_sensitivity(lua_State *L) {
  luaL_newlib(L, funcs);
  lfc_push_names(L, sobol_known); /* the options of sobol: flopcost.sensitivity derives its list from it */
  lua_setfield(L, -2, "options");
  return 1;
}
