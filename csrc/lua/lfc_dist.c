/*
** lfc_dist.c -- Lua binding of fc_dist (flopcost.core.mc.dist): the
** flopcost.Dist userdata, its constructors (fixed, uniform, normal,
** lognormal90, triangular, pert, beta) and methods, and lfc_read_dist, which
** the Monte Carlo options use to read an input's distribution.
*/
#include <stdio.h>
#include <string.h>
#include <lua.h>
#include <lauxlib.h>
#include <gsl/gsl_rng.h>
#include "fc.h"
#include "fc_dist.h"
#include "lfc_mc.h"
#include "lfc_util.h"

static fc_dist *check_dist(lua_State *L, int idx) {
  return (fc_dist *)luaL_checkudata(L, idx, LFC_DIST_MT);
}

static int push_dist(lua_State *L, const fc_dist *d) {
  fc_dist *u = (fc_dist *)lua_newuserdatauv(L, sizeof *u, 0);
  *u = *d;
  luaL_setmetatable(L, LFC_DIST_MT);
  return 1;
}

#define ARG(i, name, chk) lfc_arg_number(L, i, fn, name, chk)

/* A constructor's FC_ERANGE: valid-looking arguments whose span, mean or sd
   is not a finite double (uniform(-1e308, 1e308)); refused, never NaN later. */
static int overflow_error(lua_State *L, const char *fn) {
  return luaL_error(L, "%s: arguments too far apart: the span, mean or sd of the distribution "
                    "is not a finite number", fn);
}

const char *lfc_num(lua_State *L, double x) {
  char b[32];
  snprintf(b, sizeof b, "%.14g", x);
  lua_pushstring(L, b);
  return lua_tostring(L, -1);
}
#define num lfc_num

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
  int st = fc_dist_uniform(lo, hi, &d);
  if (st == FC_ERANGE) return overflow_error(L, fn);
  if (st)
    return luaL_error(L, "%s: argument 'hi': number greater than lo (%s) expected, got %s", fn, num(L, lo), num(L, hi));
  return push_dist(L, &d);
}

static int d_normal(lua_State *L) {
  const char *fn = "flopcost.dist.normal";
  double m = ARG(1, "mean", LFC_FINITE), sd = ARG(2, "sd", LFC_POSITIVE);
  fc_dist d;
  if (fc_dist_normal(m, sd, &d)) return overflow_error(L, fn);
  return push_dist(L, &d);
}

static int d_lognormal90(lua_State *L) {
  const char *fn = "flopcost.dist.lognormal90";
  double p5 = ARG(1, "p5", LFC_POSITIVE), p95 = ARG(2, "p95", LFC_FINITE);
  fc_dist d;
  int st = fc_dist_lognormal90(p5, p95, &d);
  if (st == FC_ERANGE) return overflow_error(L, fn);
  if (st)
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
  if (fc_dist_triangular(mn, mode, mx, &d)) return overflow_error(L, fn);
  return push_dist(L, &d);
}

static int d_pert(lua_State *L) {
  const char *fn = "flopcost.dist.pert";
  double mn = ARG(1, "min", LFC_FINITE), mode = ARG(2, "mode", LFC_FINITE), mx = ARG(3, "max", LFC_FINITE);
  fc_dist d;
  check_tri(L, fn, mn, mode, mx);
  if (fc_dist_pert(mn, mode, mx, &d)) return overflow_error(L, fn);
  return push_dist(L, &d);
}

static int d_beta(lua_State *L) {
  const char *fn = "flopcost.dist.beta";
  double a = ARG(1, "alpha", LFC_POSITIVE), b = ARG(2, "beta", LFC_POSITIVE), lo = 0, hi = 1;
  fc_dist d;
  if (a > FC_DIST_BETA_MAX_SHAPE || b > FC_DIST_BETA_MAX_SHAPE)
    return luaL_error(L, "%s: argument '%s': number in (0, 1e5] expected, got %s (for larger shapes "
                      "use fc.dist.normal with the same mean and sd)", fn, a > FC_DIST_BETA_MAX_SHAPE ? "alpha" : "beta",
                      num(L, a > FC_DIST_BETA_MAX_SHAPE ? a : b));
  if (!lua_isnoneornil(L, 3) || !lua_isnoneornil(L, 4)) {
    lo = ARG(3, "lo", LFC_FINITE);
    hi = ARG(4, "hi", LFC_FINITE);
  }
  if (!(lo < hi))
    return luaL_error(L, "%s: argument 'hi': number greater than lo (%s) expected, got %s", fn, num(L, lo), num(L, hi));
  if (fc_dist_beta(a, b, lo, hi, &d)) return overflow_error(L, fn);
  return push_dist(L, &d);
}

static const luaL_Reg dist_ctors[] = {
  {"fixed", d_fixed}, {"uniform", d_uniform}, {"normal", d_normal},
  {"lognormal90", d_lognormal90}, {"triangular", d_triangular}, {"pert", d_pert},
  {"beta", d_beta}, {NULL, NULL}
};

/* the distribution a method is called on (d.mean() gets a clear error) */
static fc_dist *self_dist(lua_State *L, const char *fn) {
  return (fc_dist *)lfc_check_self(L, LFC_DIST_MT, fn);
}

static int dm_mean(lua_State *L) { lua_pushnumber(L, fc_dist_mean(self_dist(L, "flopcost.Dist:mean"))); return 1; }
static int dm_sd(lua_State *L) { lua_pushnumber(L, fc_dist_sd(self_dist(L, "flopcost.Dist:sd"))); return 1; }
static int dm_kind(lua_State *L) {
  lua_pushstring(L, fc_dist_kind_name(self_dist(L, "flopcost.Dist:kind")->kind));
  return 1;
}

static int dm_quantile(lua_State *L) {
  const char *fn = "flopcost.Dist:quantile";
  fc_dist *d = self_dist(L, fn);
  double p, x;
  if (lua_type(L, 2) != LUA_TNUMBER || !((p = lua_tonumber(L, 2)) > 0 && p < 1))
    return luaL_error(L, "%s: argument 'p': number in (0, 1) expected, got %s", fn, luaL_tolstring(L, 2, NULL));
  if (fc_dist_quantile(d, p, &x)) return lfc_status_error(L, fn, FC_ERANGE);
  lua_pushnumber(L, x);
  return 1;
}

/* The constructor arguments, {kind, args...}: plain data, JSON-friendly. */
static int dm_params(lua_State *L) {
  fc_dist *d = self_dist(L, "flopcost.Dist:params");
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
  fc_dist *d = self_dist(L, fn);
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
    /* taus2 seeds are 32-bit and GSL maps seed 0 to 1: outside [1, 2^32 - 1]
       different seeds gave the same draws (0, 1 and 2^32 all drew seed 1) */
    if (lua_type(L, 3) != LUA_TNUMBER || !isint || seed < 1 || seed > 4294967295)
      return lfc_field_error(L, fn, "seed", "integer in [1, 4294967295]", 3);
  }
  lua_createtable(L, (int)n, 0);
  if ((st = fc_dist_sampler_init(&smp, d)) != FC_OK) return lfc_status_error(L, fn, st);
  r = gsl_rng_alloc(gsl_rng_taus2);
  if (!r) { fc_dist_sampler_free(&smp); return lfc_status_error(L, fn, FC_ENOMEM); }
  gsl_rng_set(r, (unsigned long)seed);
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
void lfc_read_dist(lua_State *L, int idx, const char *fn, const char *where, fc_dist *out) {
  fc_dist *u;
  idx = lua_absindex(L, idx);
  if ((u = (fc_dist *)luaL_testudata(L, idx, LFC_DIST_MT)) != NULL) { *out = *u; return; }
  if (lua_type(L, idx) == LUA_TNUMBER) {
    if (fc_dist_fixed(lua_tonumber(L, idx), out)) lfc_domain_error(L, fn, where, FC_DOMAIN_FINITE, idx);
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

int lfc_open_dist(lua_State *L) {
  if (lfc_newmetatable(L, LFC_DIST_MT)) {
    luaL_newlib(L, dist_methods);
    lua_setfield(L, -2, "__index");
    lua_pushcfunction(L, dm_tostring);
    lua_setfield(L, -2, "__tostring");
  }
  lua_pop(L, 1);
  luaL_newlib(L, dist_ctors);
  return 1;
}
