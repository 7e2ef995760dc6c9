/*
** lfc_stock.c -- Lua binding of fc_stock (flopcost.core.stock): reads a
** national supply spec, converts and checks it, and returns the core's
** results as tables. The catalog lookups that build a spec are in
** lua/flopcost/stock.lua.
**
** spec = { years = n, countries = n, pue = {per country},
**          lines = { { country = i, dense16_tflops =, life_years =, tdp_w =,
**                      server_power_multiple =, price_usd =,
**                      values = { [t] = { <input> = number } },   -- the point figures
**                      dists  = { [t] = { <input> = dist } },     -- optional, Monte Carlo
**                      bank = { dies =, per_year =, start = year index }, bank_dists = { dies =, per_year = } } },
**          rank_correlation = { {input, input, rho}, ... }, ratio = { num, den } }
** Every line-year names the same inputs (the first year's set).
*/
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <lua.h>
#include <lauxlib.h>
#include "fc.h"
#include "fc_sensitivity.h"
#include "fc_stock.h"
#include "lfc.h"
#include "lfc_mc.h"
#include "lfc_util.h"

/* Largest Monte Carlo or Sobol run: draws x line-years (about 10 s here). */
#define LFC_STOCK_MAX_WORK 2e8

static const char *const input_names[FC_STOCK_NINPUTS + 1] = {
  "wafers_per_month", "dies_per_wafer", "die_yield", "dies_per_chip", "packages_per_month",
  "hbm_stacks_per_year", "hbm_stacks_per_chip", "licence_cap", "share", NULL};

typedef struct {
  fc_stock_spec spec;
  fc_stock_line *lines;
  double *pue, *corr;
} lspec;

/* The index of the input named by the value at v; raises "did you mean" otherwise. */
static int input_index(lua_State *L, const char *fn, const char *where, int v) {
  int i;
  v = lua_absindex(L, v);
  lua_createtable(L, 0, 1);
  lua_pushvalue(L, v);
  lua_setfield(L, -2, where);
  i = lfc_field_option(L, lua_gettop(L), fn, where, input_names, -1);
  lua_pop(L, 1);
  if (i < 0) lfc_field_error(L, fn, where, "input name", v);
  return i;
}

/* t[i] of the table at idx, which must be a table: pushes it. */
static void sub_table(lua_State *L, int idx, const char *fn, const char *field, lua_Integer i) {
  char f[96];
  snprintf(f, sizeof f, "%s[%d]", field, (int)i);
  if (lua_rawgeti(L, idx, i) != LUA_TTABLE) lfc_field_error(L, fn, f, "table", -1);
}

/* The inputs of year t of line l (values[t], and dists[t] when given). */
static void read_year(lua_State *L, int line, const char *fn, size_t t, double *val,
                      fc_dist *dist, int *present, int first) {
  char where[96];
  int vals, dists = 0, i;
  snprintf(where, sizeof where, "values[%d]", (int)t + 1);
  lua_getfield(L, line, "values");
  sub_table(L, lua_gettop(L), fn, "values", (lua_Integer)t + 1);
  vals = lua_gettop(L);
  if (lua_getfield(L, line, "dists") == LUA_TTABLE) {
    if (lua_rawgeti(L, -1, (lua_Integer)t + 1) == LUA_TTABLE) dists = lua_gettop(L);
  }
  for (i = 0; i < FC_STOCK_NINPUTS; i++) {
    char f[128];
    int have = lua_getfield(L, vals, input_names[i]) != LUA_TNIL;
    snprintf(f, sizeof f, "%s.%s", where, input_names[i]);
    if (first) present[i] = have;
    else if (have != present[i])
      luaL_error(L, "%s: field '%s': every year must give the same inputs as the first", fn, f);
    val[i] = 0.0;
    if (have) val[i] = lfc_check_value(L, -1, fn, f, FC_DOMAIN_NONNEG);
    lua_pop(L, 1);
    if (dists && lua_getfield(L, dists, input_names[i]) != LUA_TNIL) {
      snprintf(f, sizeof f, "dists[%d].%s", (int)t + 1, input_names[i]);
      if (!have) luaL_error(L, "%s: field '%s': a distribution for an input with no value", fn, f);
      lfc_read_dist(L, -1, fn, f, &dist[i]);
    } else if (fc_dist_fixed(val[i], &dist[i])) {
      lfc_domain_error(L, fn, where, FC_DOMAIN_FINITE, -1);
    }
    lua_pop(L, 1);
  }
  lua_settop(L, vals - 2);
}

static void read_bank(lua_State *L, int line, const char *fn, fc_stock_line *ln) {
  ln->bank_dies = ln->bank_per_year = 0.0;
  if (lua_getfield(L, line, "bank") == LUA_TTABLE) {
    int b = lua_gettop(L);
    ln->bank_dies = lfc_field_number(L, b, fn, "dies", LFC_NONNEG);
    ln->bank_per_year = lfc_field_number(L, b, fn, "per_year", LFC_NONNEG);
    ln->bank_start = (size_t)lfc_field_integer_opt(L, b, fn, "start", 1, 1) - 1;
  }
  fc_dist_fixed(ln->bank_dies, &ln->bank_dies_dist);
  fc_dist_fixed(ln->bank_per_year, &ln->bank_per_year_dist);
  if (lua_getfield(L, line, "bank_dists") == LUA_TTABLE) {
    if (lua_getfield(L, -1, "dies") != LUA_TNIL) lfc_read_dist(L, -1, fn, "bank_dists.dies", &ln->bank_dies_dist);
    lua_pop(L, 1);
    if (lua_getfield(L, -1, "per_year") != LUA_TNIL)
      lfc_read_dist(L, -1, fn, "bank_dists.per_year", &ln->bank_per_year_dist);
    lua_pop(L, 1);
  }
  lua_pop(L, 2);
}

static void read_line(lua_State *L, int lines, const char *fn, lspec *s, size_t l) {
  static const char *const known[] = {"country", "dense16_tflops", "life_years", "tdp_w", "server_power_multiple",
                                      "price_usd", "values", "dists", "bank", "bank_dists", "name", NULL};
  fc_stock_line *ln = &s->lines[l];
  size_t t, n = s->spec.n_years;
  double *val;
  fc_dist *dist;
  int *present, line;
  sub_table(L, lines, fn, "lines", (lua_Integer)l + 1);
  line = lua_gettop(L);
  lfc_check_fields(L, line, fn, known);
  ln->country = (int)lfc_field_integer_opt(L, line, fn, "country", 1, 0) - 1;
  if (ln->country < 0 || (size_t)ln->country >= s->spec.n_countries)
    luaL_error(L, "%s: field 'lines[%d].country': a country index in 1..%d expected", fn, (int)l + 1,
               (int)s->spec.n_countries);
  ln->dense16_tflops = lfc_field_number(L, line, fn, "dense16_tflops", LFC_POSITIVE);
  ln->life_years = lfc_field_number(L, line, fn, "life_years", LFC_POSITIVE);
  ln->tdp_w = lfc_field_number(L, line, fn, "tdp_w", LFC_NONNEG);
  ln->server_power_multiple = lfc_field_number_opt(L, line, fn, "server_power_multiple", LFC_POSITIVE, 1.0);
  if (ln->server_power_multiple < 1.0)
    luaL_error(L, "%s: field 'server_power_multiple': at least 1 expected, got %s", fn,
               lfc_num(L, ln->server_power_multiple));
  ln->price_usd = lfc_field_number_opt(L, line, fn, "price_usd", LFC_NONNEG, 0.0);
  val = (double *)lua_newuserdatauv(L, n * FC_STOCK_NINPUTS * sizeof *val, 0);
  dist = (fc_dist *)lua_newuserdatauv(L, n * FC_STOCK_NINPUTS * sizeof *dist, 0);
  present = (int *)lua_newuserdatauv(L, FC_STOCK_NINPUTS * sizeof *present, 0);
  lua_rotate(L, line, 3);   /* keep the three anchors below the line table */
  line += 3;
  for (t = 0; t < n; t++)
    read_year(L, line, fn, t, &val[t * FC_STOCK_NINPUTS], &dist[t * FC_STOCK_NINPUTS], present, t == 0);
  ln->value = val; ln->dist = dist; ln->present = present;
  read_bank(L, line, fn, ln);
  lua_pop(L, 1); /* the line table; its three anchors stay */
}

static void read_corr(lua_State *L, int idx, const char *fn, lspec *s) {
  size_t i, n;
  int cl;
  s->corr = NULL;
  if (lua_getfield(L, idx, "rank_correlation") == LUA_TNIL) { lua_pop(L, 1); return; }
  if (!lua_istable(L, -1)) lfc_field_error(L, fn, "rank_correlation", "list of {input, input, rho}", -1);
  cl = lua_gettop(L);
  s->corr = (double *)lua_newuserdatauv(L, FC_STOCK_NINPUTS * FC_STOCK_NINPUTS * sizeof *s->corr, 0);
  for (i = 0; i < FC_STOCK_NINPUTS * FC_STOCK_NINPUTS; i++) s->corr[i] = i % (FC_STOCK_NINPUTS + 1) == 0;
  n = lua_rawlen(L, cl);
  for (i = 1; i <= n; i++) {
    int a, b, e;
    double rho;
    sub_table(L, cl, fn, "rank_correlation", (lua_Integer)i);
    e = lua_gettop(L);
    lua_rawgeti(L, e, 1); a = input_index(L, fn, "rank_correlation", -1); lua_pop(L, 1);
    lua_rawgeti(L, e, 2); b = input_index(L, fn, "rank_correlation", -1); lua_pop(L, 1);
    lua_rawgeti(L, e, 3);
    rho = lfc_check_value(L, -1, fn, "rank_correlation", FC_DOMAIN_FINITE);
    if (!(rho > -1.0 && rho < 1.0) || a == b)
      luaL_error(L, "%s: field 'rank_correlation[%d]': two different inputs and a correlation in (-1, 1) "
                 "expected", fn, (int)i);
    s->corr[a * FC_STOCK_NINPUTS + b] = s->corr[b * FC_STOCK_NINPUTS + a] = rho;
    lua_pop(L, 2);
  }
  lua_remove(L, cl);
}

/* Reads the spec at idx; leaves its anchors on the stack. */
static void read_spec(lua_State *L, int idx, const char *fn, lspec *s) {
  static const char *const known[] = {"years", "countries", "pue", "lines", "rank_correlation", "ratio", NULL};
  size_t l, c;
  int lines;
  lfc_check_options(L, idx, fn);
  lfc_check_fields(L, idx, fn, known);
  memset(s, 0, sizeof *s);
  s->spec.n_years = (size_t)lfc_field_integer_opt(L, idx, fn, "years", 1, 0);
  s->spec.n_countries = (size_t)lfc_field_integer_opt(L, idx, fn, "countries", 1, 0);
  if (s->spec.n_years == 0 || s->spec.n_years > FC_STOCK_MAX_YEARS)
    luaL_error(L, "%s: field 'years': 1..%d years expected", fn, (int)FC_STOCK_MAX_YEARS);
  if (s->spec.n_countries == 0 || s->spec.n_countries > FC_STOCK_MAX_COUNTRIES)
    luaL_error(L, "%s: field 'countries': 1..%d countries expected", fn, (int)FC_STOCK_MAX_COUNTRIES);
  if (lua_getfield(L, idx, "lines") != LUA_TTABLE) lfc_field_error(L, fn, "lines", "list of lines", -1);
  lines = lua_gettop(L);
  s->spec.n_lines = lua_rawlen(L, lines);
  if (s->spec.n_lines == 0 || s->spec.n_lines > FC_STOCK_MAX_LINES)
    luaL_error(L, "%s: field 'lines': 1..%d lines expected", fn, (int)FC_STOCK_MAX_LINES);
  s->lines = (fc_stock_line *)lua_newuserdatauv(L, s->spec.n_lines * sizeof *s->lines, 0);
  memset(s->lines, 0, s->spec.n_lines * sizeof *s->lines);
  for (l = 0; l < s->spec.n_lines; l++) read_line(L, lines, fn, s, l);
  s->pue = (double *)lua_newuserdatauv(L, s->spec.n_countries * sizeof *s->pue, 0);
  if (lua_getfield(L, idx, "pue") != LUA_TTABLE) lfc_field_error(L, fn, "pue", "list of PUE per country", -1);
  for (c = 0; c < s->spec.n_countries; c++) {
    lua_rawgeti(L, -1, (lua_Integer)c + 1);
    s->pue[c] = lfc_check_value(L, -1, fn, "pue", FC_DOMAIN_POS);
    if (s->pue[c] < 1.0) luaL_error(L, "%s: field 'pue[%d]': at least 1 expected", fn, (int)c + 1);
    lua_pop(L, 1);
  }
  lua_pop(L, 1);
  read_corr(L, idx, fn, s);
  s->spec.ratio_num = s->spec.ratio_den = -1;
  if (lua_getfield(L, idx, "ratio") == LUA_TTABLE) {
    int t = lua_gettop(L);
    lua_rawgeti(L, t, 1); lua_rawgeti(L, t, 2);
    s->spec.ratio_num = (int)lfc_check_value(L, -2, fn, "ratio[1]", FC_DOMAIN_POS) - 1;
    s->spec.ratio_den = (int)lfc_check_value(L, -1, fn, "ratio[2]", FC_DOMAIN_POS) - 1;
    if ((size_t)s->spec.ratio_num >= s->spec.n_countries || (size_t)s->spec.ratio_den >= s->spec.n_countries ||
        s->spec.ratio_num == s->spec.ratio_den)
      luaL_error(L, "%s: field 'ratio': two different country indices expected", fn);
    lua_pop(L, 2);
  }
  lua_pop(L, 1);
  s->spec.lines = s->lines;
  s->spec.pue = s->pue;
  s->spec.rank_corr = s->corr;
}

/* Raises the message of a failed evaluation, naming the line, year and input. */
static int eval_error(lua_State *L, const char *fn, int st, int bl, int by, int bi) {
  const char *what = bi >= 0 ? fc_stock_input_name(bi)
                     : bi == -1 ? "bank.dies" : bi == -2 ? "bank.per_year" : bi == -4 ? "pue" : "the line's chip figures";
  if (st == FC_EDOM)
    return luaL_error(L, "%s: lines[%d] year %d: %s outside its domain", fn, bl + 1, by + 1, what);
  if (st == FC_EINVAL && bl >= 0)
    return luaL_error(L, "%s: lines[%d]: no supply link (wafers, packaging, hbm or licence) has figures", fn, bl + 1);
  return lfc_status_error(L, fn, st);
}

static void push_series(lua_State *L, const double *x, size_t n) {
  size_t t;
  lua_createtable(L, (int)n, 0);
  for (t = 0; t < n; t++) { lua_pushnumber(L, x[t]); lua_rawseti(L, -2, (lua_Integer)t + 1); }
}

/* {[k] = {[t] = x}} for k < groups */
static void push_grid(lua_State *L, const double *x, size_t groups, size_t n) {
  size_t k;
  lua_createtable(L, (int)groups, 0);
  for (k = 0; k < groups; k++) { push_series(L, &x[k * n], n); lua_rawseti(L, -2, (lua_Integer)k + 1); }
}

static void push_point(lua_State *L, const lspec *s, const fc_stock_result *r) {
  size_t l, t, i, n = s->spec.n_years, nc = s->spec.n_countries;
  lua_newtable(L);
  push_grid(L, r->chips, s->spec.n_lines, n); lua_setfield(L, -2, "chips");
  push_grid(L, r->h100e, nc, n); lua_setfield(L, -2, "h100e");
  push_grid(L, r->produced_h100e, nc, n); lua_setfield(L, -2, "produced_h100e");
  push_grid(L, r->it_gw, nc, n); lua_setfield(L, -2, "it_gw");
  push_grid(L, r->facility_gw, nc, n); lua_setfield(L, -2, "facility_gw");
  push_grid(L, r->capex_usd, nc, n); lua_setfield(L, -2, "capex_usd");
  lua_createtable(L, (int)s->spec.n_lines, 0);   /* binding */
  lua_createtable(L, (int)s->spec.n_lines, 0);   /* shadow */
  for (l = 0; l < s->spec.n_lines; l++) {
    lua_createtable(L, (int)n, 0);
    lua_createtable(L, (int)n, 0);
    for (t = 0; t < n; t++) {
      const double *sh = &r->shadow[(l * n + t) * FC_STOCK_NINPUTS];
      lua_pushstring(L, fc_stock_bind_name(r->binding[l * n + t]));
      lua_rawseti(L, -3, (lua_Integer)t + 1);
      lua_newtable(L);
      for (i = 0; i < FC_STOCK_NINPUTS; i++)
        if (s->lines[l].present[i]) lfc_setnum(L, input_names[i], sh[i]);
      lua_pushboolean(L, r->tied[l * n + t]);
      lua_setfield(L, -2, "tied");
      lua_rawseti(L, -2, (lua_Integer)t + 1);
    }
    lua_rawseti(L, -3, (lua_Integer)l + 1);
    lua_rawseti(L, -3, (lua_Integer)l + 1);
  }
  lua_setfield(L, -3, "shadow");
  lua_setfield(L, -2, "binding");
}

/* core.stock.eval(spec): the point figures of every line and country. */
static int l_eval(lua_State *L) {
  const char *fn = "flopcost.stock.eval";
  lspec s;
  fc_stock_result r;
  int st, bl, by, bi;
  read_spec(L, 1, fn, &s);
  if ((st = fc_stock_result_alloc(&r, s.spec.n_lines, s.spec.n_years, s.spec.n_countries)))
    return lfc_status_error(L, fn, st);
  st = fc_stock_eval_point(&s.spec, &r, &bl, &by, &bi);
  if (st) { fc_stock_result_free(&r); return eval_error(L, fn, st, bl, by, bi); }
  push_point(L, &s, &r);
  fc_stock_result_free(&r);
  return 1;
}

/* p05, p50, p95 and mean of n draws (reorders x); with keep, the draws
   themselves first, in draw order, as field `samples`. */
static void push_summary(lua_State *L, double *x, size_t n, int keep) {
  static const double p[3] = {0.05, 0.5, 0.95};
  double q[3], mean = 0.0;
  size_t k;
  if (keep) {
    lua_createtable(L, (int)n, 0);
    for (k = 0; k < n; k++) { lua_pushnumber(L, x[k]); lua_rawseti(L, -2, (lua_Integer)k + 1); }
  }
  for (k = 0; k < n; k++) mean += (x[k] - mean) / (double)(k + 1);
  fc_mc_quantiles_exact(x, n, p, 3, q);
  lua_createtable(L, 0, 4);
  lfc_setnum(L, "p05", q[0]); lfc_setnum(L, "p50", q[1]); lfc_setnum(L, "p95", q[2]);
  lfc_setnum(L, "mean", mean);
  if (keep) { lua_rotate(L, -2, 1); lua_setfield(L, -2, "samples"); }
}

static uint64_t read_samples(lua_State *L, int opts, const char *fn, const lspec *s, uint64_t dflt) {
  uint64_t n = (uint64_t)lfc_field_integer_opt(L, opts, fn, "samples", 2, (long long)dflt);
  if ((double)n * (double)(s->spec.n_lines * s->spec.n_years) > LFC_STOCK_MAX_WORK)
    luaL_error(L, "%s: field 'samples': %s draws of %d line-years exceed the limit of %s line-year draws",
               fn, lfc_num(L, (double)n), (int)(s->spec.n_lines * s->spec.n_years), lfc_num(L, LFC_STOCK_MAX_WORK));
  return n;
}

/* core.stock.montecarlo(spec, {samples =, seed =, keep_samples =}) */
static int l_montecarlo(lua_State *L) {
  static const char *const known[] = {"samples", "seed", "keep_samples", NULL};
  const char *fn = "flopcost.stock.montecarlo";
  lspec s;
  uint64_t ns, seed, *bind;
  size_t no, nly, ncy, o, b, n;
  double *out;
  int st, bl, by, bi, opts = 2, keep;
  read_spec(L, 1, fn, &s);
  if (lua_isnoneornil(L, opts)) { lua_newtable(L); lua_replace(L, opts); }
  lfc_check_options(L, opts, fn);
  lfc_check_fields(L, opts, fn, known);
  ns = read_samples(L, opts, fn, &s, 20000);
  seed = (uint64_t)lfc_field_integer_opt(L, opts, fn, "seed", 0, 1);
  keep = lua_getfield(L, opts, "keep_samples") != LUA_TNIL && lua_toboolean(L, -1);
  lua_pop(L, 1);
  if (keep && ns > 200000) return luaL_error(L, "%s: field 'keep_samples': at most 200000 samples kept", fn);
  no = fc_stock_mc_outputs(&s.spec);
  n = s.spec.n_years; nly = s.spec.n_lines * n; ncy = s.spec.n_countries * n;
  out = (double *)lua_newuserdatauv(L, no * ns * sizeof *out, 0);
  bind = (uint64_t *)lua_newuserdatauv(L, nly * FC_STOCK_NBINDS * sizeof *bind, 0);
  st = fc_stock_mc_run(&s.spec, ns, seed, out, bind, NULL, &bl, &by, &bi);
  if (st == FC_ERANGE && bi == 0 && bl < 0)
    return luaL_error(L, "%s: field 'ratio': the second country's stock is 0 in year %d of a draw", fn, by + 1);
  if (st) return eval_error(L, fn, st, bl, by, bi);
  lua_newtable(L);
  lua_createtable(L, (int)s.spec.n_countries, 0);
  for (o = 0; o < ncy; o++) {
    if (o % n == 0) lua_newtable(L);
    push_summary(L, &out[o * ns], (size_t)ns, keep);
    lua_rawseti(L, -2, (lua_Integer)(o % n) + 1);
    if (o % n == n - 1) lua_rawseti(L, -2, (lua_Integer)(o / n) + 1);
  }
  lua_setfield(L, -2, "h100e");
  lua_createtable(L, (int)s.spec.n_lines, 0);
  for (o = 0; o < nly; o++) {
    if (o % n == 0) lua_newtable(L);
    push_summary(L, &out[(ncy + o) * ns], (size_t)ns, keep);
    lua_newtable(L);
    for (b = 0; b < FC_STOCK_NBINDS; b++)
      lfc_setnum(L, fc_stock_bind_name((int)b), (double)bind[o * FC_STOCK_NBINDS + b] / (double)ns);
    lua_setfield(L, -2, "binding_share");
    lua_rawseti(L, -2, (lua_Integer)(o % n) + 1);
    if (o % n == n - 1) lua_rawseti(L, -2, (lua_Integer)(o / n) + 1);
  }
  lua_setfield(L, -2, "chips");
  if (s.spec.ratio_num >= 0) {
    lua_createtable(L, (int)n, 0);
    for (o = 0; o < n; o++) {
      push_summary(L, &out[(ncy + nly + o) * ns], (size_t)ns, keep);
      lua_rawseti(L, -2, (lua_Integer)o + 1);
    }
    lua_setfield(L, -2, "ratio");
  }
  lfc_setnum(L, "samples", (double)ns);
  lfc_setnum(L, "seed", (double)seed);
  lua_pushliteral(L, "taus2");
  lua_setfield(L, -2, "generator");
  return 1;
}

/* core.stock.sobol(spec, {samples =, seed =, country =, year =}): indices of
   every input whose distribution is not fixed. */
static int l_sobol(lua_State *L) {
  static const char *const known[] = {"samples", "seed", "country", "year", NULL};
  const char *fn = "flopcost.stock.sobol";
  lspec s;
  fc_stock_sobol_ctx ctx;
  fc_sobol_spec sp;
  fc_sobol_state st_;
  fc_sobol_result r;
  fc_sobol_error err;
  fc_dist *in;
  size_t *slot, k = 0, l, j, per, nx, cap;
  int st, opts = 2;
  read_spec(L, 1, fn, &s);
  lfc_check_options(L, opts, fn);
  lfc_check_fields(L, opts, fn, known);
  per = s.spec.n_years * FC_STOCK_NINPUTS;
  nx = s.spec.n_lines * per;
  cap = nx + 2 * s.spec.n_lines;
  in = (fc_dist *)lua_newuserdatauv(L, cap * sizeof *in, 0);
  slot = (size_t *)lua_newuserdatauv(L, cap * sizeof *slot, 0);
  lua_newtable(L); /* names */
  for (l = 0; l < s.spec.n_lines; l++) {
    for (j = 0; j < per + 2; j++) {
      const fc_dist *d = j < per ? &s.lines[l].dist[j] : j == per ? &s.lines[l].bank_dies_dist
                                                                  : &s.lines[l].bank_per_year_dist;
      char name[96];
      if (d->kind == FC_DIST_FIXED) continue;
      if (k >= FC_SOBOL_MAX_INPUTS) return luaL_error(L, "%s: more than %d uncertain inputs", fn, FC_SOBOL_MAX_INPUTS);
      in[k] = *d;
      slot[k] = j < per ? l * per + j : nx + 2 * l + (j - per);
      if (j < per) snprintf(name, sizeof name, "lines[%d] year %d %s", (int)l + 1, (int)(j / FC_STOCK_NINPUTS) + 1,
                            input_names[j % FC_STOCK_NINPUTS]);
      else snprintf(name, sizeof name, "lines[%d] bank.%s", (int)l + 1, j == per ? "dies" : "per_year");
      lua_pushstring(L, name);
      lua_rawseti(L, -2, (lua_Integer)++k);
    }
  }
  if (k == 0) return luaL_error(L, "%s: no uncertain input (every figure is fixed)", fn);
  if (s.spec.rank_corr) return luaL_error(L, "%s: field 'rank_correlation': Sobol indices need independent inputs", fn);
  ctx.spec = &s.spec; ctx.slot = slot; ctx.k = k;
  ctx.country = (int)lfc_field_integer_opt(L, opts, fn, "country", 1, 1) - 1;
  ctx.year = (int)lfc_field_integer_opt(L, opts, fn, "year", 1, (long long)s.spec.n_years) - 1;
  if ((size_t)ctx.year >= s.spec.n_years || (size_t)ctx.country >= s.spec.n_countries)
    return luaL_error(L, "%s: field 'year' or 'country': out of the spec's range", fn);
  memset(&sp, 0, sizeof sp);
  sp.inputs = in; sp.k = k; sp.seed = (uint64_t)lfc_field_integer_opt(L, opts, fn, "seed", 0, 1);
  sp.samples = read_samples(L, opts, fn, &s, 4096);
  if ((double)sp.samples * (double)(k + 2) * (double)(s.spec.n_lines * s.spec.n_years) > LFC_STOCK_MAX_WORK)
    return luaL_error(L, "%s: field 'samples': %s rows x %d inputs exceed the work limit", fn,
                      lfc_num(L, (double)sp.samples), (int)k);
  sp.threads = 1; sp.shard_index = 0; sp.shard_count = 1;
  sp.model = fc_stock_sobol_model; sp.ctx = &ctx;
  st = fc_sobol_run(&sp, &st_, &err);
  if (st) {
    fc_sobol_state_free(&st_);
    return luaL_error(L, "%s: %s (%s)", fn, fc_strerror(st), err.field ? err.field : "run");
  }
  st = fc_sobol_indices(&st_, 200, 0.95, &r);
  fc_sobol_state_free(&st_);
  if (st) return lfc_status_error(L, fn, st);
  lua_newtable(L);
  for (j = 0; j < k; j++) {
    lua_newtable(L);
    lua_rawgeti(L, -3, (lua_Integer)j + 1);
    lua_setfield(L, -2, "input");
    lfc_setnum(L, "first", r.first[j]); lfc_setnum(L, "total", r.total[j]);
    lfc_setnum(L, "first_lo", r.first_lo[j]); lfc_setnum(L, "first_hi", r.first_hi[j]);
    lfc_setnum(L, "total_lo", r.total_lo[j]); lfc_setnum(L, "total_hi", r.total_hi[j]);
    lua_rawseti(L, -2, (lua_Integer)j + 1);
  }
  return 1;
}

/* core.stock.supply_year{ inputs = {name = x}, bank_draw = n }: one chip-year. */
static int l_supply_year(lua_State *L) {
  static const char *const known[] = {"inputs", "bank_draw", NULL};
  const char *fn = "flopcost.stock.supply_year";
  double in[FC_STOCK_NINPUTS], bank;
  int present[FC_STOCK_NINPUTS], i, st, bad;
  fc_stock_year y;
  lfc_check_options(L, 1, fn);
  lfc_check_fields(L, 1, fn, known);
  bank = lfc_field_number_opt(L, 1, fn, "bank_draw", LFC_NONNEG, 0.0);
  if (lua_getfield(L, 1, "inputs") != LUA_TTABLE) lfc_field_error(L, fn, "inputs", "table of inputs", -1);
  lfc_check_fields(L, 2, fn, input_names);
  for (i = 0; i < FC_STOCK_NINPUTS; i++) {
    present[i] = lua_getfield(L, 2, input_names[i]) != LUA_TNIL;
    in[i] = present[i] ? lfc_check_value(L, -1, fn, input_names[i], FC_DOMAIN_NONNEG) : 0.0;
    lua_pop(L, 1);
  }
  st = fc_stock_supply_year(in, present, bank, &y, &bad);
  if (st == FC_EDOM)
    return luaL_error(L, "%s: field '%s': outside its domain", fn, bad >= 0 ? input_names[bad] : "bank_draw");
  if (st == FC_EINVAL)
    return luaL_error(L, "%s: field 'inputs': no link: give wafers_per_month, dies_per_wafer and die_yield, "
                      "packages_per_month, hbm_stacks_per_year and hbm_stacks_per_chip, or licence_cap", fn);
  if (st) return lfc_status_error(L, fn, st);
  lua_newtable(L);
  lfc_setnum(L, "chips", y.chips);
  lua_pushstring(L, fc_stock_bind_name(y.binding));
  lua_setfield(L, -2, "binding");
  lua_pushboolean(L, y.tied);
  lua_setfield(L, -2, "tied");
  lua_newtable(L);
  for (i = 0; i < FC_STOCK_NBINDS; i++) lfc_setnum(L, fc_stock_bind_name(i), y.limit[i]);
  lua_setfield(L, -2, "limits");
  lua_newtable(L);
  for (i = 0; i < FC_STOCK_NINPUTS; i++) if (present[i]) lfc_setnum(L, input_names[i], y.shadow[i]);
  lfc_setnum(L, "bank_draw", y.shadow_bank_draw);
  lua_setfield(L, -2, "shadow");
  return 1;
}

static const luaL_Reg funcs[] = {{"eval", l_eval}, {"montecarlo", l_montecarlo}, {"sobol", l_sobol},
                                 {"supply_year", l_supply_year}, {NULL, NULL}};

int lfc_open_stock(lua_State *L) {
  luaL_newlib(L, funcs);
  lfc_push_names(L, input_names);
  lua_setfield(L, -2, "inputs");
  return 1;
}
