/*
** lfc_mc.c -- Lua binding of fc_dist and fc_mc (flopcost.core.mc).
**
**   core.mc.dist.<kind>(...)  -> flopcost.Dist userdata (fixed, uniform, normal,
**                                lognormal90, triangular, pert, beta)
**   core.mc.run(opts)         -> summary table (see lua/flopcost/montecarlo.lua)
**   core.mc.merge(states[, opts]) -> the summary of the merged shards
**   core.mc.tornado(opts)     -> rows {name, low, high, base, input_low, input_high}
**
** Memory: everything the binding allocates is a userdata (collected if an error
** unwinds); the core's summaries live in a userdata with __gc. Worker threads
** never touch the Lua state; the progress bar is plain C writing to stderr.
*/
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <lua.h>
#include <lauxlib.h>
#include "fc.h"
#include "fc_dist.h"
#include "fc_mc.h"
#include "lfc.h"
#include "lfc_util.h"

#define DIST_MT "flopcost.Dist"
#define STATS_MT "flopcost.MCStats"
#define PARAMS_MT "flopcost.Params"
#define STATE_FORMAT "flopcost.mc.state/2" /* 2: rng recorded; taus2 and block draws */
#define EXACT_DEFAULT_MAX 1000000.0   /* exact quantiles by default up to this many samples */
#define KEEP_MAX 50000000.0           /* values kept in memory at most (400 MB) */

/* {====== distributions ====== */

static fc_dist *check_dist(lua_State *L, int idx) {
  return (fc_dist *)luaL_checkudata(L, idx, DIST_MT);
}

static int push_dist(lua_State *L, const fc_dist *d) {
  fc_dist *u = (fc_dist *)lua_newuserdatauv(L, sizeof *u, 0);
  *u = *d;
  luaL_setmetatable(L, DIST_MT);
  return 1;
}

#define ARG(i, name, chk) lfc_arg_number(L, i, fn, name, chk)

/* Pushes x as "%.14g" (2, not 2.0) and returns the string, for messages. */
static const char *num(lua_State *L, double x) {
  char b[32];
  snprintf(b, sizeof b, "%.14g", x);
  lua_pushstring(L, b);
  return lua_tostring(L, -1);
}

static int d_fixed(lua_State *L) {
  const char *fn = "flopcost.dist.fixed";
  fc_dist d;
  fc_dist_fixed(ARG(1, "x", LFC_FINITE), &d);
  return push_dist(L, &d);
}

static int d_uniform(lua_State *L) {
  const char *fn = "flopcost.dist.uniform";
  double lo = ARG(1, "lo", LFC_FINITE), hi = ARG(2, "hi", LFC_FINITE);
  fc_dist d;
  if (fc_dist_uniform(lo, hi, &d))
    return luaL_error(L, "%s: argument 'hi': number greater than lo (%s) expected, got %s", fn, num(L, lo), num(L, hi));
  return push_dist(L, &d);
}

static int d_normal(lua_State *L) {
  const char *fn = "flopcost.dist.normal";
  double m = ARG(1, "mean", LFC_FINITE), sd = ARG(2, "sd", LFC_POSITIVE);
  fc_dist d;
  fc_dist_normal(m, sd, &d);
  return push_dist(L, &d);
}

static int d_lognormal90(lua_State *L) {
  const char *fn = "flopcost.dist.lognormal90";
  double p5 = ARG(1, "p5", LFC_POSITIVE), p95 = ARG(2, "p95", LFC_FINITE);
  fc_dist d;
  if (fc_dist_lognormal90(p5, p95, &d))
    return luaL_error(L, "%s: argument 'p95': number greater than p5 (%s) expected, got %s", fn, num(L, p5), num(L, p95));
  return push_dist(L, &d);
}

static void check_tri(lua_State *L, const char *fn, double mn, double mode, double mx) {
  if (!(mx > mn))
    luaL_error(L, "%s: argument 'max': number greater than min (%s) expected, got %s", fn, num(L, mn), num(L, mx));
  if (!(mode >= mn && mode <= mx))
    luaL_error(L, "%s: argument 'mode': number in [min, max] = [%s, %s] expected, got %s", fn, num(L, mn),
               num(L, mx), num(L, mode));
}

static int d_triangular(lua_State *L) {
  const char *fn = "flopcost.dist.triangular";
  double mn = ARG(1, "min", LFC_FINITE), mode = ARG(2, "mode", LFC_FINITE), mx = ARG(3, "max", LFC_FINITE);
  fc_dist d;
  check_tri(L, fn, mn, mode, mx);
  fc_dist_triangular(mn, mode, mx, &d);
  return push_dist(L, &d);
}

static int d_pert(lua_State *L) {
  const char *fn = "flopcost.dist.pert";
  double mn = ARG(1, "min", LFC_FINITE), mode = ARG(2, "mode", LFC_FINITE), mx = ARG(3, "max", LFC_FINITE);
  fc_dist d;
  check_tri(L, fn, mn, mode, mx);
  fc_dist_pert(mn, mode, mx, &d);
  return push_dist(L, &d);
}

static int d_beta(lua_State *L) {
  const char *fn = "flopcost.dist.beta";
  double a = ARG(1, "alpha", LFC_POSITIVE), b = ARG(2, "beta", LFC_POSITIVE), lo = 0, hi = 1;
  fc_dist d;
  if (!lua_isnoneornil(L, 3) || !lua_isnoneornil(L, 4)) {
    lo = ARG(3, "lo", LFC_FINITE);
    hi = ARG(4, "hi", LFC_FINITE);
  }
  if (fc_dist_beta(a, b, lo, hi, &d))
    return luaL_error(L, "%s: argument 'hi': number greater than lo (%s) expected, got %s", fn, num(L, lo), num(L, hi));
  return push_dist(L, &d);
}

static const luaL_Reg dist_ctors[] = {
  {"fixed", d_fixed}, {"uniform", d_uniform}, {"normal", d_normal},
  {"lognormal90", d_lognormal90}, {"triangular", d_triangular}, {"pert", d_pert},
  {"beta", d_beta}, {NULL, NULL}
};

static int dm_mean(lua_State *L) { lua_pushnumber(L, fc_dist_mean(check_dist(L, 1))); return 1; }
static int dm_sd(lua_State *L) { lua_pushnumber(L, fc_dist_sd(check_dist(L, 1))); return 1; }
static int dm_kind(lua_State *L) { lua_pushstring(L, fc_dist_kind_name(check_dist(L, 1)->kind)); return 1; }

static int dm_quantile(lua_State *L) {
  const char *fn = "flopcost.Dist:quantile";
  fc_dist *d = check_dist(L, 1);
  double p, x;
  if (lua_type(L, 2) != LUA_TNUMBER || !((p = lua_tonumber(L, 2)) > 0 && p < 1))
    return luaL_error(L, "%s: argument 'p': number in (0, 1) expected, got %s", fn, luaL_tolstring(L, 2, NULL));
  if (fc_dist_quantile(d, p, &x)) return lfc_status_error(L, fn, FC_ERANGE);
  lua_pushnumber(L, x);
  return 1;
}

/* The constructor arguments, {kind, args...}: plain data, JSON-friendly. */
static int dm_params(lua_State *L) {
  fc_dist *d = check_dist(L, 1);
  double v[4];
  int n = 0, i;
  switch (d->kind) {
    case FC_DIST_FIXED: v[n++] = d->a; break;
    case FC_DIST_UNIFORM: case FC_DIST_NORMAL: v[n++] = d->a; v[n++] = d->b; break;
    case FC_DIST_LOGNORMAL: v[n++] = d->c; v[n++] = d->d; break;
    case FC_DIST_TRIANGULAR: v[n++] = d->a; v[n++] = d->b; v[n++] = d->c; break;
    case FC_DIST_PERT: v[n++] = d->c; v[n++] = fc_dist_pert_mode(d); v[n++] = d->d; break;
    default: v[n++] = d->a; v[n++] = d->b; v[n++] = d->c; v[n++] = d->d; break;
  }
  lua_createtable(L, n + 1, 0);
  lua_pushstring(L, fc_dist_kind_name(d->kind));
  lua_rawseti(L, -2, 1);
  for (i = 0; i < n; i++) {
    lua_pushnumber(L, v[i]);
    lua_rawseti(L, -2, i + 2);
  }
  return 1;
}

static int dm_tostring(lua_State *L) {
  int i, n;
  luaL_Buffer b;
  dm_params(L);
  n = (int)lua_rawlen(L, -1);
  luaL_buffinit(L, &b);
  lua_rawgeti(L, -2 - 0, 1); /* careful: buffer may use the stack */
  luaL_addvalue(&b);
  luaL_addchar(&b, '(');
  for (i = 2; i <= n; i++) {
    if (i > 2) luaL_addstring(&b, ", ");
    char num[32];
    lua_rawgeti(L, 2, i);
    snprintf(num, sizeof num, "%.10g", lua_tonumber(L, -1));
    lua_pop(L, 1);
    luaL_addstring(&b, num);
  }
  luaL_addchar(&b, ')');
  luaL_pushresult(&b);
  return 1;
}

/* d:sample(n[, seed]) -> list of n draws: the Monte Carlo engine's sampler on
   one taus2 stream seeded from seed */
static int dm_sample(lua_State *L) {
  const char *fn = "flopcost.Dist:sample";
  fc_dist *d = check_dist(L, 1);
  fc_dist_sampler smp;
  lua_Integer n, seed = 1, i, k;
  double buf[256];
  gsl_rng *r;
  int isint = 0, st;
  n = lua_tointegerx(L, 2, &isint);
  if (lua_type(L, 2) != LUA_TNUMBER || !isint || n < 1 || n > 100000000)
    return lfc_field_error(L, fn, "n", "integer in [1, 1e8]", 2);
  if (!lua_isnoneornil(L, 3)) {
    seed = lua_tointegerx(L, 3, &isint);
    if (lua_type(L, 3) != LUA_TNUMBER || !isint || seed < 0)
      return lfc_field_error(L, fn, "seed", "non-negative integer", 3);
  }
  lua_createtable(L, (int)n, 0);
  if ((st = fc_dist_sampler_init(&smp, d)) != FC_OK) return lfc_status_error(L, fn, st);
  r = gsl_rng_alloc(gsl_rng_taus2);
  if (!r) { fc_dist_sampler_free(&smp); return lfc_status_error(L, fn, FC_ENOMEM); }
  gsl_rng_set(r, (unsigned long)(uint32_t)(seed ^ (seed >> 32)));
  /* nothing below raises: the table's array part is preallocated */
  for (i = 0; i < n; i += 256) {
    lua_Integer m = n - i < 256 ? n - i : 256;
    fc_dist_sampler_fill(&smp, r, buf, (size_t)m);
    for (k = 0; k < m; k++) {
      lua_pushnumber(L, buf[k]);
      lua_rawseti(L, -2, i + k + 1);
    }
  }
  gsl_rng_free(r);
  fc_dist_sampler_free(&smp);
  return 1;
}

static const luaL_Reg dist_methods[] = {
  {"mean", dm_mean}, {"sd", dm_sd}, {"quantile", dm_quantile}, {"sample", dm_sample},
  {"kind", dm_kind}, {"params", dm_params}, {NULL, NULL}
};

/* Reads a distribution: Dist userdata, a number (fixed) or {kind, args...}. */
static void read_dist(lua_State *L, int idx, const char *fn, const char *where, fc_dist *out) {
  fc_dist *u;
  idx = lua_absindex(L, idx);
  if ((u = (fc_dist *)luaL_testudata(L, idx, DIST_MT)) != NULL) { *out = *u; return; }
  if (lua_type(L, idx) == LUA_TNUMBER) {
    if (fc_dist_fixed(lua_tonumber(L, idx), out)) lfc_field_error(L, fn, where, "finite number", idx);
    return;
  }
  if (lua_type(L, idx) == LUA_TTABLE && lua_rawgeti(L, idx, 1) == LUA_TSTRING) {
    const char *kind = lua_tostring(L, -1);
    int i, n = (int)lua_rawlen(L, idx);
    for (i = 0; dist_ctors[i].name; i++)
      if (strcmp(dist_ctors[i].name, kind) == 0) break;
    if (!dist_ctors[i].name) {
      const char *names[8];
      int k;
      for (k = 0; dist_ctors[k].name; k++) names[k] = dist_ctors[k].name;
      names[k] = NULL;
      lfc_field_option(L, -1, fn, where, names, 0); /* not a table: raises */
      luaL_error(L, "%s: field '%s': unknown distribution '%s'", fn, where, kind);
    }
    lua_pop(L, 1);
    lua_pushcfunction(L, dist_ctors[i].func);
    for (int k = 2; k <= n; k++) lua_rawgeti(L, idx, k);
    lua_call(L, n - 1, 1);
    *out = *check_dist(L, -1);
    lua_pop(L, 1);
    return;
  }
  lfc_field_error(L, fn, where, "distribution (fc.dist.*), number or {kind, ...}", idx);
}

/* ======} */

/* {====== scenario and inputs ====== */

static const char *const coupling_names[] = {"pooled", "lockstep", NULL};

/* Pushes a Params userdata for the value at idx (Params or options table). */
static fc_scenario_params *to_params(lua_State *L, int idx, const char *fn, const char *where) {
  void *u;
  idx = lua_absindex(L, idx);
  if ((u = luaL_testudata(L, idx, PARAMS_MT)) != NULL) {
    lua_pushvalue(L, idx);
    return (fc_scenario_params *)u; /* struct lfc_params starts with its fc_scenario_params */
  }
  if (lua_type(L, idx) != LUA_TTABLE)
    lfc_field_error(L, fn, where, "scenario options table or flopcost.Params", idx);
  luaL_getsubtable(L, LUA_REGISTRYINDEX, LUA_LOADED_TABLE);
  if (lua_getfield(L, -1, "flopcost.core") != LUA_TTABLE || lua_getfield(L, -1, "scenario") != LUA_TTABLE ||
      lua_getfield(L, -1, "params") != LUA_TFUNCTION)
    luaL_error(L, "%s: flopcost.core.scenario.params is not loaded", fn);
  lua_replace(L, -4);
  lua_pop(L, 2);
  lua_pushvalue(L, idx);
  lua_call(L, 1, 1);
  return (fc_scenario_params *)luaL_checkudata(L, -1, PARAMS_MT);
}

typedef struct {
  fc_scenario_params *members;
  double *counts;
  size_t n;
  int mix, coupling;
  double penalty;
} scenario_in;

/* Reads opts.scenario into sc; the anchors stay on the stack (one table). */
static void read_scenario(lua_State *L, int opts, const char *fn, scenario_in *sc) {
  static const char *const known[] = {"members", "counts", "coupling", "penalty", NULL};
  int t = lua_getfield(L, opts, "scenario"), sidx = lua_gettop(L);
  memset(sc, 0, sizeof *sc);
  if (t == LUA_TTABLE && lua_getfield(L, sidx, "members") != LUA_TNIL) {
    lua_Integer n = 0, i;
    int midx = lua_gettop(L);
    lfc_check_fields(L, sidx, fn, known);
    if (lua_type(L, midx) != LUA_TTABLE || (n = (lua_Integer)lua_rawlen(L, midx)) == 0)
      lfc_field_error(L, fn, "scenario.members", "non-empty list", midx);
    if (lua_getfield(L, sidx, "counts") != LUA_TTABLE || (lua_Integer)lua_rawlen(L, -1) != n)
      lfc_field_error(L, fn, "scenario.counts", "list of one count per member", -1);
    sc->n = (size_t)n;
    sc->mix = 1;
    sc->coupling = lfc_field_option(L, sidx, fn, "coupling", coupling_names, 0);
    sc->penalty = lfc_field_number_opt(L, sidx, fn, "penalty", LFC_FRACTION, lfc_default_penalty());
    if (sc->penalty >= 1.0) {
      lua_getfield(L, sidx, "penalty");
      lfc_field_error(L, fn, "scenario.penalty", "number in [0, 1)", -1);
    }
    sc->members = (fc_scenario_params *)lua_newuserdatauv(L, (size_t)n * sizeof *sc->members, 0);
    sc->counts = (double *)lua_newuserdatauv(L, (size_t)n * sizeof *sc->counts, 0);
    lua_createtable(L, (int)n + 2, 0); /* anchors */
    lua_insert(L, -3);
    lua_rawseti(L, -3, (lua_Integer)n + 2);
    lua_rawseti(L, -2, (lua_Integer)n + 1);
    for (i = 1; i <= n; i++) {
      char where[48];
      fc_scenario_params *p;
      snprintf(where, sizeof where, "scenario.members[%lld]", (long long)i);
      lua_rawgeti(L, midx, i);
      p = to_params(L, -1, fn, where);
      sc->members[i - 1] = *p;
      lua_rawseti(L, -3, i);
      lua_pop(L, 1);
      lua_rawgeti(L, midx + 1, i);
      snprintf(where, sizeof where, "scenario.counts[%lld]", (long long)i);
      if (lua_type(L, -1) != LUA_TNUMBER || !(lua_tonumber(L, -1) >= 0) || !isfinite(lua_tonumber(L, -1)))
        lfc_field_error(L, fn, where, "non-negative number", -1);
      sc->counts[i - 1] = lua_tonumber(L, -1);
      lua_pop(L, 1);
    }
    lua_replace(L, sidx); /* the anchor table takes the scenario's slot */
    lua_settop(L, sidx);
    return;
  }
  if (t == LUA_TTABLE) lua_pop(L, 1);
  if (t == LUA_TNIL) luaL_error(L, "%s: field 'scenario': scenario options table or flopcost.Params expected, got nil", fn);
  {
    fc_scenario_params *p = to_params(L, sidx, fn, "scenario");
    sc->members = (fc_scenario_params *)lua_newuserdatauv(L, sizeof *sc->members, 1);
    *sc->members = *p;
    lua_insert(L, -2);
    lua_setiuservalue(L, -2, 1); /* anchors the Params (and its power curve) */
    sc->n = 1;
    lua_replace(L, sidx);
    lua_settop(L, sidx);
  }
}

static int field_by_name(lua_State *L, const char *fn, const char *where, const char *name) {
  int i = fc_scenario_field_index(name);
  if (i < 0) {
    const char *known[64], *near;
    size_t k, n = fc_scenario_field_count();
    for (k = 0; k < n && k < 63; k++) known[k] = fc_scenario_field_name(k);
    known[k] = NULL;
    near = lfc_closest(name, known);
    if (near) luaL_error(L, "%s: field '%s': unknown scenario field '%s' (did you mean '%s'?)", fn, where, name, near);
    luaL_error(L, "%s: field '%s': unknown scenario field '%s'", fn, where, name);
  }
  return i;
}

static int result_by_name(lua_State *L, const char *fn, const char *where, const char *name) {
  int i = fc_scenario_result_index(name);
  if (i < 0) {
    const char *known[64], *near;
    size_t k, n = fc_scenario_result_count();
    for (k = 0; k < n && k < 63; k++) known[k] = fc_scenario_result_name(k);
    known[k] = NULL;
    near = lfc_closest(name, known);
    if (near) luaL_error(L, "%s: field '%s': unknown result '%s' (did you mean '%s'?)", fn, where, name, near);
    luaL_error(L, "%s: field '%s': unknown result '%s'", fn, where, name);
  }
  return i;
}

/* Reads opts.inputs into a userdata array (left on the stack) and a names table
   (left above it). Returns the count. */
static size_t read_inputs(lua_State *L, int opts, const char *fn, const scenario_in *sc, fc_mc_input **out) {
  static const char *const known[] = {"field", "dist", "member", "name", NULL};
  lua_Integer n = 0, i;
  int list;
  fc_mc_input *in;
  if (lua_getfield(L, opts, "inputs") != LUA_TNIL && lua_type(L, -1) != LUA_TTABLE)
    lfc_field_error(L, fn, "inputs", "list of {field=, dist=}", -1);
  list = lua_gettop(L);
  if (lua_type(L, list) == LUA_TTABLE) n = (lua_Integer)lua_rawlen(L, list);
  in = (fc_mc_input *)lua_newuserdatauv(L, (size_t)(n ? n : 1) * sizeof *in, 0);
  lua_createtable(L, (int)n, 0); /* names */
  for (i = 1; i <= n; i++) {
    char where[64];
    const char *field;
    int e = lua_gettop(L) + 1;
    lua_rawgeti(L, list, i);
    snprintf(where, sizeof where, "inputs[%lld]", (long long)i);
    if (lua_type(L, e) != LUA_TTABLE) lfc_field_error(L, fn, where, "table {field=, dist=}", e);
    lfc_check_fields(L, e, fn, known);
    snprintf(where, sizeof where, "inputs[%lld].field", (long long)i);
    if (lua_getfield(L, e, "field") != LUA_TSTRING) lfc_field_error(L, fn, where, "scenario field name", -1);
    field = lua_tostring(L, -1);
    in[i - 1].field = field_by_name(L, fn, where, field);
    snprintf(where, sizeof where, "inputs[%lld].member", (long long)i);
    in[i - 1].member = (int)lfc_field_integer_opt(L, e, fn, "member", 1, 0) - 1;
    if (in[i - 1].member >= (int)sc->n)
      luaL_error(L, "%s: field '%s': member index in [1, %d] expected, got %d", fn, where, (int)sc->n,
                 in[i - 1].member + 1);
    snprintf(where, sizeof where, "inputs[%lld].dist", (long long)i);
    lua_getfield(L, e, "dist");
    read_dist(L, -1, fn, where, &in[i - 1].dist);
    lua_pop(L, 1);
    /* name: given, or the field (with [member] when one member only) */
    if (lua_getfield(L, e, "name") != LUA_TSTRING) {
      lua_pop(L, 1);
      if (in[i - 1].member >= 0) lua_pushfstring(L, "%s[%d]", field, in[i - 1].member + 1);
      else lua_pushvalue(L, -1);
    }
    lua_rawseti(L, e - 1, i);
    lua_settop(L, e - 1);
  }
  lua_remove(L, list);
  *out = in;
  return (size_t)n;
}

/* ======} */

/* {====== run ====== */

typedef struct {
  size_t n;
  fc_mc_stats s[FC_MC_MAX_OUTPUTS];
  /* kept samples, malloc'd rather than a userdata: freed as soon as the run's
     result is built (a large userdata waits for the collector, so the next
     run would fault in fresh pages); __gc frees it if an error comes first */
  double *samples;
} stats_box;

static int stats_gc(lua_State *L) {
  stats_box *b = (stats_box *)luaL_checkudata(L, 1, STATS_MT);
  size_t i;
  for (i = 0; i < FC_MC_MAX_OUTPUTS; i++) fc_mc_stats_free(&b->s[i]);
  free(b->samples);
  b->samples = NULL;
  return 0;
}

static stats_box *new_box(lua_State *L) {
  stats_box *b = (stats_box *)lua_newuserdatauv(L, sizeof *b, 0);
  memset(b, 0, sizeof *b);
  luaL_setmetatable(L, STATS_MT);
  return b;
}

typedef struct { int last; } progress_bar;

static void progress_cb(void *ctx, uint64_t done, uint64_t total) {
  progress_bar *pb = (progress_bar *)ctx;
  int pct = total ? (int)(100.0 * (double)done / (double)total) : 100, i;
  char bar[41];
  if (pct == pb->last) return;
  pb->last = pct;
  for (i = 0; i < 40; i++) bar[i] = i < pct * 40 / 100 ? '#' : '.';
  bar[40] = '\0';
  fprintf(stderr, "\rmonte carlo [%s] %3d%%", bar, pct);
  if (done >= total) fputc('\n', stderr);
  fflush(stderr);
}

/* Reads and validates the quantile list (default 0.05, 0.5, 0.95) into q. */
static size_t read_quantiles(lua_State *L, int opts, const char *fn, double *q) {
  lua_Integer n = 0, i;
  if (lua_getfield(L, opts, "quantiles") == LUA_TNIL) {
    lua_pop(L, 1);
    q[0] = 0.05; q[1] = 0.5; q[2] = 0.95;
    return 3;
  }
  if (lua_type(L, -1) != LUA_TTABLE || (n = (lua_Integer)lua_rawlen(L, -1)) > 64)
    lfc_field_error(L, fn, "quantiles", "list of at most 64 probabilities", -1);
  for (i = 1; i <= n; i++) {
    char where[32];
    lua_rawgeti(L, -1, i);
    snprintf(where, sizeof where, "quantiles[%lld]", (long long)i);
    if (lua_type(L, -1) != LUA_TNUMBER || !(lua_tonumber(L, -1) >= 0 && lua_tonumber(L, -1) <= 1))
      lfc_field_error(L, fn, where, "number in [0, 1]", -1);
    q[i - 1] = lua_tonumber(L, -1);
    lua_pop(L, 1);
  }
  lua_pop(L, 1);
  return (size_t)n;
}

static void push_quantiles(lua_State *L, const double *p, const double *q, size_t np) {
  size_t i;
  lua_createtable(L, 0, (int)np);
  for (i = 0; i < np; i++) {
    lua_pushnumber(L, p[i]);
    lua_pushnumber(L, q[i]);
    lua_settable(L, -3);
  }
  lua_setfield(L, -2, "quantiles");
  for (i = 0; i < np; i++) {
    double pc = p[i] * 100.0;
    if (pc == floor(pc) && pc < 100) {
      char key[8];
      snprintf(key, sizeof key, "p%02d", (int)pc);
      lfc_setnum(L, key, q[i]);
    }
  }
}

/* Pushes the summary of one output: moments, quantiles (q given, or streaming
   when q is NULL), histogram. */
static void push_summary(lua_State *L, const char *fn, const fc_mc_stats *s, const char *name,
                         const double *p, size_t np, const double *q_exact, size_t nb) {
  double q[64];
  size_t i;
  uint64_t *hist;
  if (!isfinite(s->mean) || !isfinite(s->m2)) /* merged states of huge samples */
    luaL_error(L, "%s: output '%s': mean or variance overflows a double", fn, name);
  lua_createtable(L, 0, 16);
  lua_pushstring(L, name);
  lua_setfield(L, -2, "output");
  lua_pushinteger(L, (lua_Integer)s->n);
  lua_setfield(L, -2, "n");
  lfc_setnum(L, "mean", s->mean);
  lfc_setnum(L, "sd", fc_mc_stats_sd(s));
  if (s->n) { lfc_setnum(L, "min", s->min); lfc_setnum(L, "max", s->max); }
  for (i = 0; i < np; i++) {
    if (q_exact) q[i] = q_exact[i];
    else if (s->n == 0 || fc_mc_stats_quantile(s, p[i], &q[i])) q[i] = NAN;
  }
  if (s->n) push_quantiles(L, p, q, np);
  lua_pushstring(L, q_exact ? "exact" : "streaming");
  lua_setfield(L, -2, "quantile_method");
  /* histogram: display bins over [lo, hi) plus under/overflow */
  hist = (uint64_t *)lua_newuserdatauv(L, nb * sizeof *hist, 0);
  if (fc_mc_stats_histogram(s, nb, hist)) luaL_error(L, "%s: histogram bins do not divide the state's bins", fn);
  lua_createtable(L, 0, 4);
  lua_createtable(L, (int)nb + 1, 0);
  for (i = 0; i <= nb; i++) {
    lua_pushnumber(L, s->lo + (s->hi - s->lo) * (double)i / (double)nb);
    lua_rawseti(L, -2, (lua_Integer)i + 1);
  }
  lua_setfield(L, -2, "edges");
  lua_createtable(L, (int)nb, 0);
  for (i = 0; i < nb; i++) {
    lua_pushinteger(L, (lua_Integer)hist[i]);
    lua_rawseti(L, -2, (lua_Integer)i + 1);
  }
  lua_setfield(L, -2, "counts");
  lua_pushinteger(L, (lua_Integer)s->under);
  lua_setfield(L, -2, "underflow");
  lua_pushinteger(L, (lua_Integer)s->over);
  lua_setfield(L, -2, "overflow");
  lua_setfield(L, -3, "histogram");
  lua_pop(L, 1); /* hist userdata */
}

/* The mergeable state of one output as a plain table. */
static void push_stats_state(lua_State *L, const fc_mc_stats *s, const char *name) {
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
}

static void push_state(lua_State *L, const fc_mc_spec *sp, const stats_box *b, int names,
                       const double *p, size_t np) {
  size_t o;
  lua_createtable(L, 0, 10);
  lua_pushliteral(L, STATE_FORMAT); lua_setfield(L, -2, "format");
  lua_pushinteger(L, (lua_Integer)sp->seed); lua_setfield(L, -2, "seed");
  lua_pushstring(L, sp->rng_type ? sp->rng_type->name : "taus2"); lua_setfield(L, -2, "rng");
  lua_pushinteger(L, (lua_Integer)sp->samples); lua_setfield(L, -2, "samples");
  lua_pushinteger(L, (lua_Integer)FC_MC_CHUNK); lua_setfield(L, -2, "chunk");
  lua_pushinteger(L, (lua_Integer)sp->hist_bins); lua_setfield(L, -2, "histogram_bins");
  lua_createtable(L, 0, 2);
  lua_pushinteger(L, (lua_Integer)sp->shard_index + 1); lua_setfield(L, -2, "i");
  lua_pushinteger(L, (lua_Integer)sp->shard_count); lua_setfield(L, -2, "n");
  lua_setfield(L, -2, "shard");
  lua_createtable(L, (int)np, 0);
  for (o = 0; o < np; o++) { lua_pushnumber(L, p[o]); lua_rawseti(L, -2, (lua_Integer)o + 1); }
  lua_setfield(L, -2, "quantiles");
  lua_createtable(L, (int)b->n, 0);
  for (o = 0; o < b->n; o++) {
    lua_rawgeti(L, names, (lua_Integer)o + 1);
    push_stats_state(L, &b->s[o], lua_tostring(L, -1));
    lua_remove(L, -2);
    lua_rawseti(L, -2, (lua_Integer)o + 1);
  }
  lua_setfield(L, -2, "outputs");
}

static int run_error(lua_State *L, const char *fn, int st, const fc_mc_error *e) {
  if (st == FC_EDOM && e->field) {
    int fi = fc_scenario_field_index(e->field);
    const char *dom = fi >= 0 ? fc_scenario_field_domain((size_t)fi) : "valid value";
    return luaL_error(L, "%s: %s %I: field '%s' of member %d: %s expected, got %s", fn,
                      e->pilot ? "pilot sample" : "sample", (lua_Integer)e->sample + 1, e->field,
                      (int)e->member + 1, dom, num(L, e->value));
  }
  if (st == FC_ERANGE && e->output && e->summary)
    return luaL_error(L, "%s: output '%s': every sample is finite but their mean or variance overflows "
                      "a double (samples near 1e300?)", fn, e->output);
  if (st == FC_ERANGE && e->output)
    return luaL_error(L, "%s: %s %I: output '%s' is not finite", fn, e->pilot ? "pilot sample" : "sample",
                      (lua_Integer)e->sample + 1, e->output);
  return lfc_status_error(L, fn, st);
}

/* Reads output/outputs into idx[], names into a table left on the stack. */
static size_t read_outputs(lua_State *L, int opts, const char *fn, int *idx) {
  size_t n = 0;
  int t = lua_getfield(L, opts, "outputs");
  lua_getfield(L, opts, "output");
  if (t != LUA_TNIL && lua_type(L, -1) != LUA_TNIL)
    luaL_error(L, "%s: give 'output' or 'outputs', not both", fn);
  lua_createtable(L, 4, 0);
  if (t == LUA_TNIL) {
    const char *name = "usd_per_eflop";
    if (lua_type(L, -2) != LUA_TNIL) {
      if (lua_type(L, -2) != LUA_TSTRING) lfc_field_error(L, fn, "output", "result name", -2);
      name = lua_tostring(L, -2);
    }
    idx[n++] = result_by_name(L, fn, "output", name);
    lua_pushstring(L, name);
    lua_rawseti(L, -2, 1);
  } else {
    lua_Integer k, m = 0;
    if (lua_type(L, -3) != LUA_TTABLE || (m = (lua_Integer)lua_rawlen(L, -3)) < 1 || m > (lua_Integer)FC_MC_MAX_OUTPUTS)
      lfc_field_error(L, fn, "outputs", "list of 1 to 16 result names", -3);
    for (k = 1; k <= m; k++) {
      char where[32];
      snprintf(where, sizeof where, "outputs[%lld]", (long long)k);
      if (lua_rawgeti(L, -3, k) != LUA_TSTRING) lfc_field_error(L, fn, where, "result name", -1);
      idx[n++] = result_by_name(L, fn, where, lua_tostring(L, -1));
      lua_rawseti(L, -2, k);
    }
  }
  lua_replace(L, -3);
  lua_pop(L, 1);
  return n;
}

static void push_samples(lua_State *L, const double *x, uint64_t n) {
  uint64_t i;
  lua_createtable(L, (int)n, 0);
  for (i = 0; i < n; i++) {
    lua_pushnumber(L, x[i]);
    lua_rawseti(L, -2, (lua_Integer)i + 1);
  }
}

static const char *const run_known[] = {
  "scenario", "inputs", "samples", "seed", "threads", "output", "outputs", "keep_samples",
  "quantiles", "histogram_bins", "shard", "exact", "correlations", "progress", "rng", NULL
};

/* A GSL generator by name (gsl_rng_types_setup); NULL when unknown. */
static const gsl_rng_type *rng_by_name(const char *name) {
  const gsl_rng_type **t;
  for (t = gsl_rng_types_setup(); *t; t++)
    if (strcmp((*t)->name, name) == 0) return *t;
  return NULL;
}

/* opts.rng: a GSL generator's name, default "taus2" (fc_mc.h says why). */
static const gsl_rng_type *read_rng(lua_State *L, int opts, const char *fn) {
  const gsl_rng_type *t;
  if (lua_getfield(L, opts, "rng") == LUA_TNIL) { lua_pop(L, 1); return gsl_rng_taus2; }
  if (lua_type(L, -1) != LUA_TSTRING || !(t = rng_by_name(lua_tostring(L, -1))))
    lfc_field_error(L, fn, "rng", "name of a GSL generator ('taus2', 'mt19937', 'gfsr4', 'ranlxd2', ...)", -1);
  lua_pop(L, 1);
  return t;
}

static void read_common(lua_State *L, int opts, const char *fn, fc_mc_spec *sp) {
  long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
  sp->samples = (uint64_t)lfc_field_integer_opt(L, opts, fn, "samples", 1, 10000);
  sp->seed = (uint64_t)lfc_field_integer_opt(L, opts, fn, "seed", 0, 1);
  sp->threads = (unsigned)lfc_field_integer_opt(L, opts, fn, "threads", 1, ncpu > 0 ? (ncpu < 64 ? ncpu : 64) : 1);
  if (sp->threads > FC_MC_MAX_THREADS) lfc_field_error(L, fn, "threads", "integer in [1, 256]", -1);
  sp->hist_bins = (size_t)lfc_field_integer_opt(L, opts, fn, "histogram_bins", 1, 50);
  sp->rng_type = read_rng(L, opts, fn);
  if (sp->hist_bins > FC_MC_FINE_BINS) {
    lua_getfield(L, opts, "histogram_bins");
    lfc_field_error(L, fn, "histogram_bins", "integer in [1, 4096]", -1);
  }
  if ((sp->samples - 1) / FC_MC_CHUNK >= 0xFFFFFFFFu) {
    lua_getfield(L, opts, "samples");
    lfc_field_error(L, fn, "samples", "integer below 2^48", -1);
  }
}

static int opt_bool(lua_State *L, int opts, const char *fn, const char *field, int dflt) {
  int t = lua_getfield(L, opts, field), v;
  if (t == LUA_TNIL) { lua_pop(L, 1); return dflt; }
  if (t != LUA_TBOOLEAN) lfc_field_error(L, fn, field, "boolean", -1);
  v = lua_toboolean(L, -1);
  lua_pop(L, 1);
  return v;
}

static void read_shard(lua_State *L, int opts, const char *fn, fc_mc_spec *sp) {
  static const char *const known[] = {"i", "n", NULL};
  sp->shard_index = 0;
  sp->shard_count = 1;
  if (lua_getfield(L, opts, "shard") != LUA_TNIL) {
    long long i, n;
    int s = lua_gettop(L);
    if (lua_type(L, s) != LUA_TTABLE) lfc_field_error(L, fn, "shard", "table {i=, n=}", s);
    lfc_check_fields(L, s, fn, known);
    n = lfc_field_integer_opt(L, s, fn, "n", 1, 0);
    i = lfc_field_integer_opt(L, s, fn, "i", 1, 0);
    if (n == 0 || n > 1000000) { lua_getfield(L, s, "n"); lfc_field_error(L, fn, "shard.n", "integer in [1, 1e6]", -1); }
    if (i == 0 || i > n) {
      lua_getfield(L, s, "i");
      luaL_error(L, "%s: field 'shard.i': integer in [1, %d] expected, got %s", fn, (int)n,
                 luaL_tolstring(L, -1, NULL));
    }
    sp->shard_index = (unsigned)(i - 1);
    sp->shard_count = (unsigned)n;
  }
  lua_pop(L, 1);
}

static int l_run(lua_State *L) {
  const char *fn = "flopcost.mc.run";
  fc_mc_spec sp;
  scenario_in sc;
  fc_mc_input *in;
  fc_mc_error err;
  stats_box *box;
  progress_bar pb = {-1};
  int outs[FC_MC_MAX_OUTPUTS], names, in_names, keep, corr, exact, st, progress;
  double p[64], q[64], *osamp = NULL, *isamp = NULL;
  size_t np, nin, nout, o;
  uint64_t first, count;

  lfc_check_options(L, 1, fn);
  lua_settop(L, 1);
  lfc_check_fields(L, 1, fn, run_known);
  memset(&sp, 0, sizeof sp);
  read_common(L, 1, fn, &sp);
  read_shard(L, 1, fn, &sp);
  np = read_quantiles(L, 1, fn, p);
  read_scenario(L, 1, fn, &sc);                    /* stack 2: scenario anchors */
  nin = read_inputs(L, 1, fn, &sc, &in);          /* 3: inputs, 4: input names */
  in_names = 4;
  nout = read_outputs(L, 1, fn, outs);            /* 5: output names */
  names = 5;
  keep = opt_bool(L, 1, fn, "keep_samples", 0);
  corr = opt_bool(L, 1, fn, "correlations", 0);
  sp.members = sc.members; sp.counts = sc.counts; sp.n_members = sc.n; sp.mix = sc.mix;
  sp.coupling = (fc_coupling)sc.coupling; sp.penalty = sc.penalty;
  sp.inputs = in; sp.n_inputs = nin;
  sp.outputs = outs; sp.n_outputs = nout;
  fc_mc_shard_range(&sp, &first, &count);
  exact = opt_bool(L, 1, fn, "exact", (double)count <= EXACT_DEFAULT_MAX);
  progress = opt_bool(L, 1, fn, "progress", isatty(2) && count >= 2000000);
  if (corr && nin == 0) luaL_error(L, "%s: field 'correlations': no inputs to correlate", fn);
  if ((keep || exact || corr) && (double)count * (double)(nout + (corr ? nin : 0)) > KEEP_MAX)
    luaL_error(L, "%s: field '%s': keeping %I samples x %d values exceeds the limit of %d values; "
               "use exact=false (streaming quantiles, constant memory)", fn,
               keep ? "keep_samples" : corr ? "correlations" : "exact", (lua_Integer)count,
               (int)(nout + (corr ? nin : 0)), (int)KEEP_MAX);
  box = new_box(L);
  box->n = nout;
  if (keep || exact || corr) {
    size_t per = nout + (corr ? nin : 0);
    box->samples = (double *)malloc((size_t)(count ? count : 1) * per * sizeof *box->samples);
    if (!box->samples) return lfc_status_error(L, fn, FC_ENOMEM);
    osamp = sp.out_samples = box->samples;
    if (corr) isamp = sp.in_samples = box->samples + (size_t)count * nout;
  }
  if (progress) { sp.progress = progress_cb; sp.progress_ctx = &pb; }
  st = fc_mc_run(&sp, box->s, &err);
  if (st) return run_error(L, fn, st, &err);

  if (corr) {
    size_t i;
    double rho;
    lua_createtable(L, 0, (int)nin);
    for (i = 0; i < nin; i++) {
      int s2 = fc_mc_spearman(isamp + i * count, osamp, (size_t)count, &rho);
      if (s2) return lfc_status_error(L, fn, s2);
      lua_rawgeti(L, in_names, (lua_Integer)i + 1);
      lua_pushnumber(L, rho);
      lua_settable(L, -3);
    }
    /* stays on the stack until the result exists */
  }
  /* result: the first output's summary, all of them in .outputs */
  lua_createtable(L, 0, (int)nout);
  for (o = 0; o < nout; o++) {
    const double *qx = NULL;
    if (exact && count > 0) {
      int s2 = fc_mc_quantiles_binned(osamp + o * count, (size_t)count, &box->s[o], p, np, q, sp.threads);
      if (s2) return lfc_status_error(L, fn, s2);
      qx = q;
    }
    lua_rawgeti(L, names, (lua_Integer)o + 1);
    push_summary(L, fn, &box->s[o], lua_tostring(L, -1), p, np, qx, sp.hist_bins);
    if (keep) {
      push_samples(L, osamp + o * count, count);
      lua_setfield(L, -2, "samples");
    }
    lua_settable(L, -3);
  }
  lua_rawgeti(L, names, 1);
  lua_gettable(L, -2);           /* the first summary */
  lua_insert(L, -2);
  lua_setfield(L, -2, "outputs");
  lua_pushinteger(L, (lua_Integer)sp.seed); lua_setfield(L, -2, "seed");
  lua_pushstring(L, sp.rng_type->name); lua_setfield(L, -2, "rng");
  lua_pushinteger(L, (lua_Integer)sp.threads); lua_setfield(L, -2, "threads");
  if (corr) {
    lua_insert(L, -2);
    lua_setfield(L, -2, "rank_correlations");
  }
  push_state(L, &sp, box, names, p, np);
  lua_setfield(L, -2, "state");
  free(box->samples);
  box->samples = NULL;
  return 1;
}

/* ======} */

/* {====== merge ====== */

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
      strcmp(lua_tostring(L, -1), STATE_FORMAT) != 0)
    luaL_error(L, "%s: state %d: not a Monte Carlo state (format '%s')", fn, k, STATE_FORMAT);
  lua_pop(L, 1);
  if (lua_getfield(L, t, "shard") != LUA_TTABLE)
    luaL_error(L, "%s: state %d: field 'shard': table expected", fn, k);
  *si = st_int(L, lua_gettop(L), fn, k, "i");
  *sn = st_int(L, lua_gettop(L), fn, k, "n");
  lua_pop(L, 1);
}

static const gsl_rng_type *st_rng(lua_State *L, int t, const char *fn, int k) {
  const gsl_rng_type *r = NULL;
  if (lua_getfield(L, t, "rng") != LUA_TSTRING || !(r = rng_by_name(lua_tostring(L, -1))))
    luaL_error(L, "%s: state %d: field 'rng': name of a GSL generator expected", fn, k);
  lua_pop(L, 1);
  return r;
}

/* merge(states) -> summary as from run, with streaming quantiles */
static int l_merge(lua_State *L) {
  const char *fn = "flopcost.mc.merge";
  lua_Integer ns, k, kk, seed, samples, shard_n, nout = 0, hb, si, sn, have = 0;
  stats_box *box, *tmp;
  const gsl_rng_type *rng;
  char *seen;
  double p[64];
  size_t np = 0, o;
  fc_mc_spec sp;
  luaL_checktype(L, 1, LUA_TTABLE);
  lua_settop(L, 1);
  ns = (lua_Integer)lua_rawlen(L, 1);
  if (ns < 1) return luaL_error(L, "%s: non-empty list of states expected", fn);
  box = new_box(L);         /* 2 */
  tmp = new_box(L);         /* 3 */
  lua_createtable(L, 0, 0); /* 4: output names */
  lua_rawgeti(L, 1, 1);     /* 5: state 1 */
  state_header(L, 5, fn, 1, &si, &shard_n);
  seed = st_int(L, 5, fn, 1, "seed");
  rng = st_rng(L, 5, fn, 1);
  samples = st_int(L, 5, fn, 1, "samples");
  hb = st_int(L, 5, fn, 1, "histogram_bins");
  if (shard_n < 1 || shard_n > 1000000) return luaL_error(L, "%s: state 1: bad shard count", fn);
  if (lua_getfield(L, 5, "quantiles") == LUA_TTABLE) {
    lua_Integer j, m = (lua_Integer)lua_rawlen(L, -1);
    for (j = 1; j <= m && j <= 64; j++) {
      lua_rawgeti(L, -1, j);
      p[np++] = lua_tonumber(L, -1);
      lua_pop(L, 1);
    }
  }
  lua_settop(L, 4);
  seen = (char *)lua_newuserdatauv(L, (size_t)shard_n, 0); /* 5 */
  memset(seen, 0, (size_t)shard_n);
  for (k = 1; k <= ns; k++) {
    lua_Integer no;
    lua_rawgeti(L, 1, k); /* 6 */
    state_header(L, 6, fn, (int)k, &si, &sn);
    if (st_int(L, 6, fn, (int)k, "seed") != seed)
      return luaL_error(L, "%s: state %d: seed differs from state 1", fn, (int)k);
    if (st_rng(L, 6, fn, (int)k) != rng)
      return luaL_error(L, "%s: state %d: rng differs from state 1", fn, (int)k);
    if (st_int(L, 6, fn, (int)k, "samples") != samples)
      return luaL_error(L, "%s: state %d: samples differ from state 1", fn, (int)k);
    if (sn != shard_n)
      return luaL_error(L, "%s: state %d: shard count %d differs from %d", fn, (int)k, (int)sn, (int)shard_n);
    if (si < 1 || si > shard_n)
      return luaL_error(L, "%s: state %d: shard index %d outside [1, %d]", fn, (int)k, (int)si, (int)shard_n);
    if (seen[si - 1]) return luaL_error(L, "%s: state %d: shard %d/%d appears twice", fn, (int)k, (int)si, (int)shard_n);
    seen[si - 1] = 1;
    if (lua_getfield(L, 6, "outputs") != LUA_TTABLE) /* 7 */
      return luaL_error(L, "%s: state %d: field 'outputs': table expected", fn, (int)k);
    no = (lua_Integer)lua_rawlen(L, 7);
    if (no < 1 || no > (lua_Integer)FC_MC_MAX_OUTPUTS || (k > 1 && no != nout))
      return luaL_error(L, "%s: state %d: outputs differ from state 1", fn, (int)k);
    nout = no;
    for (kk = 1; kk <= no; kk++) {
      lua_rawgeti(L, 7, kk); /* 8 */
      if (lua_type(L, 8) != LUA_TTABLE) return luaL_error(L, "%s: state %d: outputs[%d]: table expected", fn, (int)k, (int)kk);
      lua_getfield(L, 8, "name"); /* 9 */
      if (k == 1) {
        lua_rawseti(L, 4, kk);
        read_stats_state(L, 8, fn, (int)k, &box->s[kk - 1]);
      } else {
        lua_rawgeti(L, 4, kk);
        if (!lua_rawequal(L, -1, -2)) return luaL_error(L, "%s: state %d: outputs differ from state 1", fn, (int)k);
        fc_mc_stats_free(&tmp->s[0]);
        read_stats_state(L, 8, fn, (int)k, &tmp->s[0]);
        if (fc_mc_stats_merge(&box->s[kk - 1], &tmp->s[0]))
          return luaL_error(L, "%s: state %d: histogram edges differ from state 1 (another scenario or inputs?)", fn, (int)k);
      }
      lua_settop(L, 7);
    }
    lua_settop(L, 5);
  }
  box->n = (size_t)nout;
  if (np == 0) { p[0] = 0.05; p[1] = 0.5; p[2] = 0.95; np = 3; }
  if (hb < 1 || box->s[0].bins % (size_t)hb) return luaL_error(L, "%s: state 1: bad histogram_bins", fn);
  memset(&sp, 0, sizeof sp);
  sp.seed = (uint64_t)seed; sp.samples = (uint64_t)samples; sp.rng_type = rng;
  sp.shard_index = 0; sp.shard_count = 1; sp.hist_bins = (size_t)hb;
  lua_createtable(L, 0, (int)nout);
  for (o = 0; o < (size_t)nout; o++) {
    lua_rawgeti(L, 4, (lua_Integer)o + 1);
    push_summary(L, fn, &box->s[o], lua_tostring(L, -1), p, np, NULL, (size_t)hb);
    lua_settable(L, -3);
  }
  lua_rawgeti(L, 4, 1);
  lua_gettable(L, -2);
  lua_insert(L, -2);
  lua_setfield(L, -2, "outputs");
  for (k = 0; k < shard_n; k++) have += seen[k];
  lua_pushboolean(L, have == shard_n);
  lua_setfield(L, -2, "complete");
  lua_pushinteger(L, seed); lua_setfield(L, -2, "seed");
  lua_pushstring(L, rng->name); lua_setfield(L, -2, "rng");
  push_state(L, &sp, box, 4, p, np);
  lua_setfield(L, -2, "state");
  return 1;
}

/* ======} */

/* {====== tornado ====== */

static int l_tornado(lua_State *L) {
  static const char *const known[] = {"scenario", "inputs", "output", "p_low", "p_high", NULL};
  const char *fn = "flopcost.mc.tornado";
  fc_mc_spec sp;
  scenario_in sc;
  fc_mc_input *in;
  fc_mc_error err;
  int outs[FC_MC_MAX_OUTPUTS], st;
  size_t nin, i;
  double pl, ph, base, *buf;
  lfc_check_options(L, 1, fn);
  lua_settop(L, 1);
  lfc_check_fields(L, 1, fn, known);
  pl = lfc_field_number_opt(L, 1, fn, "p_low", LFC_OPEN_UNIT, 0.05);
  ph = lfc_field_number_opt(L, 1, fn, "p_high", LFC_OPEN_UNIT, 0.95);
  if (!(pl < ph && ph < 1.0)) return luaL_error(L, "%s: field 'p_high': number in (p_low, 1) expected, got %f", fn, ph);
  read_scenario(L, 1, fn, &sc);            /* 2 */
  nin = read_inputs(L, 1, fn, &sc, &in);   /* 3, 4 names */
  read_outputs(L, 1, fn, outs);            /* 5 */
  memset(&sp, 0, sizeof sp);
  sp.members = sc.members; sp.counts = sc.counts; sp.n_members = sc.n; sp.mix = sc.mix;
  sp.coupling = (fc_coupling)sc.coupling; sp.penalty = sc.penalty;
  sp.inputs = in; sp.n_inputs = nin;
  buf = (double *)lua_newuserdatauv(L, (nin ? nin : 1) * 4 * sizeof *buf, 0);
  st = fc_mc_tornado(&sp, outs[0], pl, ph, &base, buf, buf + nin, buf + 2 * nin, buf + 3 * nin, &err);
  if (st) return run_error(L, fn, st, &err);
  lua_createtable(L, (int)nin, 0);
  for (i = 0; i < nin; i++) {
    lua_createtable(L, 0, 6);
    lua_rawgeti(L, 4, (lua_Integer)i + 1);
    lua_setfield(L, -2, "name");
    lfc_setnum(L, "low", buf[i]);
    lfc_setnum(L, "high", buf[nin + i]);
    lfc_setnum(L, "base", base);
    lfc_setnum(L, "input_low", buf[2 * nin + i]);
    lfc_setnum(L, "input_high", buf[3 * nin + i]);
    lua_rawseti(L, -2, (lua_Integer)i + 1);
  }
  return 1;
}

/* ======} */

/* clock() -> seconds of a monotonic wall clock (for timing runs; os.clock is CPU time) */
static int l_clock(lua_State *L) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  lua_pushnumber(L, (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec);
  return 1;
}

static const luaL_Reg funcs[] = {
  {"clock", l_clock}, {"run", l_run}, {"merge", l_merge}, {"tornado", l_tornado}, {NULL, NULL}
};

int lfc_open_mc(lua_State *L) {
  if (luaL_newmetatable(L, DIST_MT)) {
    luaL_newlib(L, dist_methods);
    lua_setfield(L, -2, "__index");
    lua_pushcfunction(L, dm_tostring);
    lua_setfield(L, -2, "__tostring");
  }
  lua_pop(L, 1);
  if (luaL_newmetatable(L, STATS_MT)) {
    lua_pushcfunction(L, stats_gc);
    lua_setfield(L, -2, "__gc");
  }
  lua_pop(L, 1);
  luaL_newlib(L, funcs);
  luaL_newlib(L, dist_ctors);
  lua_setfield(L, -2, "dist");
  lua_pushinteger(L, (lua_Integer)FC_MC_CHUNK);
  lua_setfield(L, -2, "chunk");
  return 1;
}
