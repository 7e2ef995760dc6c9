/* lfc_buildout_place.c -- Lua binding of the placement (fc_buildout_place.h)
** and its Monte Carlo over the network figures (fc_buildout_place_mc.h),
** in flopcost.core.buildout: converts and checks. */
#include <math.h>
#include <string.h>
#include <lua.h>
#include <lauxlib.h>
#include "fc.h"
#include "fc_buildout_place.h"
#include "fc_buildout_place_mc.h"
#include "fc_mc.h"
#include "lfc_mc.h"
#include "lfc.h"
#include "lfc_util.h"
#include "lfc_buildout.h"

/* Reads the terms of a placement (fc_place_terms) at idx. */
static void read_place_terms(lua_State *L, int idx, const char *fn, fc_place_terms *t) {
  static const char *const known[] = {"mtok", "model_bytes", "traffic_gb_per_mtok", "usd_per_gb", "access_rtt_s",
                                      "backbone_rtt_s", "slo_ttft_s", "budget_usd", NULL};
  lfc_check_options(L, idx, fn);
  lfc_check_fields(L, idx, fn, known);
  t->mtok = lfc_field_number(L, idx, fn, "mtok", LFC_NONNEG);
  t->model_bytes = lfc_field_number(L, idx, fn, "model_bytes", LFC_NONNEG);
  t->traffic_gb_per_mtok = lfc_field_number(L, idx, fn, "traffic_gb_per_mtok", LFC_NONNEG);
  t->usd_per_gb = lfc_field_number(L, idx, fn, "usd_per_gb", LFC_NONNEG);
  t->access_rtt_s = lfc_field_number(L, idx, fn, "access_rtt_s", LFC_NONNEG);
  t->backbone_rtt_s = lfc_field_number(L, idx, fn, "backbone_rtt_s", LFC_NONNEG);
  t->slo_ttft_s = lfc_field_number(L, idx, fn, "slo_ttft_s", LFC_POSITIVE);
  t->budget_usd = lfc_field_number_opt(L, idx, fn, "budget_usd", LFC_POSITIVE, HUGE_VAL);
}

/* Reads the list of options at idx into a new userdata (left on the stack); *n its length. */
static fc_place_option *read_place_options(lua_State *L, int idx, const char *fn, size_t *n) {
  static const char *const known[] = {"train_usd", "serve_usd_per_mtok", "serve_ttft_s", "cross_region",
                                      "serve_far", NULL};
  fc_place_option *o;
  size_t i;
  luaL_checktype(L, idx, LUA_TTABLE);
  *n = lua_rawlen(L, idx);
  if (*n == 0 || *n > 100000u) luaL_error(L, "%s: argument 'options': 1 to 100000 options expected", fn);
  o = (fc_place_option *)lua_newuserdatauv(L, *n * sizeof *o, 0);
  for (i = 0; i < *n; i++) {
    int row = lua_gettop(L) + 1;
    lua_rawgeti(L, idx, (lua_Integer)i + 1);
    lfc_check_options(L, row, fn);
    lfc_check_fields(L, row, fn, known);
    o[i].train_usd = lfc_field_number(L, row, fn, "train_usd", LFC_NONNEG);
    o[i].serve_usd_per_mtok = lfc_field_number(L, row, fn, "serve_usd_per_mtok", LFC_NONNEG);
    o[i].serve_ttft_s = lfc_field_number(L, row, fn, "serve_ttft_s", LFC_NONNEG);
    lua_getfield(L, row, "cross_region");
    o[i].cross_region = lua_toboolean(L, -1);
    lua_getfield(L, row, "serve_far");
    o[i].serve_far = lua_toboolean(L, -1);
    lua_settop(L, row - 1);
  }
  return o;
}

/* ttft_left(terms, far) -> seconds the serving site has for its own TTFT, or nil, message */
static int l_ttft_left(lua_State *L) {
  const char *fn = "flopcost.buildout.ttft_left";
  fc_place_terms t;
  double left;
  int st;
  read_place_terms(L, 1, fn, &t);
  st = fc_buildout_place_ttft_left(&t, lua_toboolean(L, 2), &left);
  if (st == FC_ERANGE) {
    lua_pushnil(L);
    lua_pushfstring(L, "the round trip alone exceeds the TTFT target of %f s", t.slo_ttft_s);
    return 2;
  }
  if (st) return lfc_status_error(L, fn, st);
  lua_pushnumber(L, left);
  return 1;
}

/* place(terms, {{train_usd, serve_usd_per_mtok, serve_ttft_s, cross_region, serve_far}, ...})
   -> {best = index | nil, rows = {{total_usd, transfer_usd, traffic_usd, rtt_s, ttft_seen_s, feasible}}} */
static int l_place(lua_State *L) {
  const char *fn = "flopcost.buildout.place";
  fc_place_terms t;
  fc_place_option *o;
  fc_place_result *r;
  size_t n, i;
  int best, bad, st;
  read_place_terms(L, 1, fn, &t);
  o = read_place_options(L, 2, fn, &n);
  r = (fc_place_result *)lua_newuserdatauv(L, n * sizeof *r, 0);
  if ((st = fc_buildout_place(o, n, &t, r, &best, &bad))) return lfc_status_error(L, fn, st);
  lua_createtable(L, 0, 2);
  if (best >= 0) { lua_pushinteger(L, best + 1); lua_setfield(L, -2, "best"); }
  lua_createtable(L, (int)n, 0);
  for (i = 0; i < n; i++) {
    lua_createtable(L, 0, 6);
    lfc_setnum(L, "total_usd", r[i].total_usd);
    lfc_setnum(L, "transfer_usd", r[i].transfer_usd);
    lfc_setnum(L, "traffic_usd", r[i].traffic_usd);
    lfc_setnum(L, "rtt_s", r[i].rtt_s);
    lfc_setnum(L, "ttft_seen_s", r[i].ttft_seen_s);
    lua_pushboolean(L, r[i].feasible);
    lua_setfield(L, -2, "feasible");
    lua_rawseti(L, -2, (lua_Integer)i + 1);
  }
  lua_setfield(L, -2, "rows");
  return 1;
}

/* Sets {p05, p50, p95, mean} of the n values at x (reordered) as field k of the table on top. */
static void set_interval(lua_State *L, const char *fn, const char *k, double *x, size_t n) {
  const double p[3] = {0.05, 0.5, 0.95};
  double q[3], sum = 0.0;
  size_t i;
  int st;
  if (n == 0) return;
  for (i = 0; i < n; i++) sum += x[i];
  if ((st = fc_mc_quantiles_exact(x, n, p, 3, q))) lfc_status_error(L, fn, st);
  lua_createtable(L, 0, 4);
  lfc_setnum(L, "p05", q[0]);
  lfc_setnum(L, "p50", q[1]);
  lfc_setnum(L, "p95", q[2]);
  lfc_setnum(L, "mean", sum / (double)n);
  lua_setfield(L, -2, k);
}

/* Pushes the result of place_mc: {samples, none, best_total_usd = {...}, rows = {{wins, feasible,
   total_usd = {...}, ttft_seen_s = {...}}}}. Reorders the draws. */
static void push_place_mc(lua_State *L, const char *fn, fc_place_mc_out *out, size_t n, uint64_t samples) {
  uint64_t k, m = 0;
  size_t i;
  lua_createtable(L, 0, 4);
  lfc_setnum(L, "samples", (double)samples);
  lfc_setnum(L, "none", (double)out->none);
  for (k = 0; k < samples; k++) /* the draws with a winner, packed */
    if (!isnan(out->best_total_usd[k])) out->best_total_usd[m++] = out->best_total_usd[k];
  set_interval(L, fn, "best_total_usd", out->best_total_usd, (size_t)m);
  lua_createtable(L, (int)n, 0);
  for (i = 0; i < n; i++) {
    lua_createtable(L, 0, 4);
    lfc_setnum(L, "wins", (double)out->wins[i]);
    lfc_setnum(L, "feasible", (double)out->feasible[i]);
    set_interval(L, fn, "total_usd", out->total_usd + i * samples, (size_t)samples);
    set_interval(L, fn, "ttft_seen_s", out->ttft_seen_s + i * samples, (size_t)samples);
    lua_rawseti(L, -2, (lua_Integer)i + 1);
  }
  lua_setfield(L, -2, "rows");
}

/* place_mc(terms, options, {input = distribution}, {samples =, seed =}) -> push_place_mc's table
   (fc_buildout_place_mc_run; an input not in the table stays at the terms' figure) */
static int l_place_mc(lua_State *L) {
  const char *fn = "flopcost.buildout.place";
  fc_place_terms t;
  fc_place_option *o;
  fc_dist dists[FC_PMC_NINPUTS];
  fc_place_mc_out out;
  uint64_t samples, seed, bad = 0;
  size_t n, i;
  int st;
  lua_settop(L, 4);
  read_place_terms(L, 1, fn, &t);
  o = read_place_options(L, 2, fn, &n);
  luaL_checktype(L, 3, LUA_TTABLE);
  for (i = 0; i < FC_PMC_NINPUTS; i++) {
    const char *name = fc_buildout_place_mc_input_name(i);
    if (lua_getfield(L, 3, name) == LUA_TNIL) fc_dist_fixed(fc_buildout_place_mc_input(&t, i), &dists[i]);
    else lfc_read_dist(L, -1, fn, name, &dists[i]);
    lua_pop(L, 1);
  }
  lfc_check_options(L, 4, fn);
  samples = (uint64_t)lfc_field_number(L, 4, fn, "samples", LFC_POSITIVE);
  seed = (uint64_t)lfc_field_number_opt(L, 4, fn, "seed", LFC_NONNEG, 42.0);
  if (samples > 1000000u || (double)samples * (double)n > 2e7)
    return luaL_error(L, "%s: field 'samples': at most 1,000,000 and 2e7 option-draws expected", fn);
  out.total_usd = (double *)lua_newuserdatauv(L, (size_t)samples * n * sizeof(double), 0);
  out.ttft_seen_s = (double *)lua_newuserdatauv(L, (size_t)samples * n * sizeof(double), 0);
  out.best_total_usd = (double *)lua_newuserdatauv(L, (size_t)samples * sizeof(double), 0);
  out.wins = (uint64_t *)lua_newuserdatauv(L, n * sizeof(uint64_t), 0);
  out.feasible = (uint64_t *)lua_newuserdatauv(L, n * sizeof(uint64_t), 0);
  if ((st = fc_buildout_place_mc_run(o, n, &t, dists, samples, seed, &out, &bad)))
    return luaL_error(L, "%s: draw %d: %s (a network figure drawn out of its domain)", fn, (int)bad + 1,
                      fc_strerror(st));
  push_place_mc(L, fn, &out, n, samples);
  return 1;
}

/* place_sobol(terms, options, {input = distribution}, {output =, row =, samples =, seed =,
   resamples =, level =, threads =}) -> lfc_buildout_sobol_push's table, over
   fc_buildout_place_sobol_model (output "total_usd" or "ttft_seen_s" of option `row`, or
   "best_total_usd") */
static int l_place_sobol(lua_State *L) {
  static const char *const known[] = {"output", "row", "samples", "seed", "resamples", "level", "threads", NULL};
  const char *fn = "flopcost.buildout.place_sobol";
  fc_place_terms t;
  fc_dist dists[FC_PMC_NINPUTS];
  size_t inputs[FC_PMC_NINPUTS];
  fc_place_sobol ctx;
  fc_sobol_spec sp;
  const char *out;
  int names;
  lua_settop(L, 4);
  read_place_terms(L, 1, fn, &t);
  ctx.opt = read_place_options(L, 2, fn, &ctx.n); /* anchored on the stack */
  lfc_check_options(L, 4, fn);
  lfc_check_fields(L, 4, fn, known);
  memset(&sp, 0, sizeof sp);
  sp.k = lfc_buildout_read_vary(L, 3, fn, FC_PMC_NINPUTS, fc_buildout_place_mc_input_name, inputs, dists);
  names = lua_gettop(L);
  lua_getfield(L, 4, "output");
  out = lua_tostring(L, -1);
  for (ctx.output = 0; out && ctx.output < FC_PMC_NOUTPUTS; ctx.output++)
    if (strcmp(out, fc_buildout_place_mc_output_name((size_t)ctx.output)) == 0) break;
  if (!out || ctx.output == FC_PMC_NOUTPUTS)
    return luaL_error(L, "%s: field 'output': one of total_usd, ttft_seen_s, best_total_usd expected", fn);
  lua_pop(L, 1);
  ctx.row = (size_t)lfc_field_integer_opt(L, 4, fn, "row", 1, 1) - 1;
  if (ctx.row >= ctx.n) return luaL_error(L, "%s: field 'row': an option's index in 1..%d expected", fn, (int)ctx.n);
  ctx.base = &t; ctx.inputs = inputs;
  sp.inputs = dists; sp.model = fc_buildout_place_sobol_model; sp.ctx = &ctx;
  return lfc_buildout_sobol_push(L, fn, &sp, 4, names, out, "the placement");
}

void lfc_buildout_place_into(lua_State *L) {
  static const luaL_Reg funcs[] = {{"place", l_place}, {"ttft_left", l_ttft_left}, {"place_mc", l_place_mc},
                                   {"place_sobol", l_place_sobol}, {NULL, NULL}};
  luaL_setfuncs(L, funcs, 0);
}
