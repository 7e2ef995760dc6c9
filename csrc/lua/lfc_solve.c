/*
** lfc_solve.c -- Lua binding of fc_solve (flopcost.core.solve).
** Misuse raises; "no break-even in the bracket" or "did not converge" is a
** data-dependent outcome and returns nil, message.
*/
#include <stdio.h>
#include <string.h>
#include <lua.h>
#include <lauxlib.h>
#include "fc.h"
#include "lfc.h"
#include "lfc_util.h"

static const char *const vary_names[] = {"a", "b", "both", NULL};

static int result_field(lua_State *L, int idx, const char *fn, const char *field, const char *dflt) {
  const char *name;
  int i;
  if (lua_getfield(L, idx, field) == LUA_TNIL) name = dflt;
  else if (lua_type(L, -1) == LUA_TSTRING) name = lua_tostring(L, -1);
  else return lfc_field_error(L, fn, field, "result field name", -1);
  i = fc_scenario_result_index(name);
  if (i < 0) {
    lua_pushstring(L, name);
    return lfc_field_error(L, fn, field, "result field name (e.g. 'usd_per_eflop')", -1);
  }
  lua_pop(L, 1);
  return i;
}

/* breakeven{a=, b=, field=, vary=, output_a=, output_b=, lo=, hi=, xtol=, max_iter=}
   -> x, iters | nil, msg, token */
static int l_breakeven(lua_State *L) {
  static const char *const known[] = {"a", "b", "field", "vary", "output_a", "output_b",
                                      "lo", "hi", "xtol", "max_iter", NULL};
  const char *fn = "flopcost.solve.breakeven", *bad = NULL, *fname;
  fc_mix a, b;
  fc_breakeven_spec spec;
  double x;
  int iters, st;
  lfc_check_options(L, 1, fn);
  lfc_check_fields(L, 1, fn, known);
  memset(&spec, 0, sizeof spec);
  if (lua_getfield(L, 1, "field") != LUA_TSTRING) lfc_field_error(L, fn, "field", "scenario field name", -1);
  fname = lua_tostring(L, -1);
  spec.field = fc_scenario_field_index(fname);
  if (spec.field < 0) lfc_field_error(L, fn, "field", "scenario field name", -1);
  lua_pop(L, 1);
  spec.vary = (fc_vary)(lfc_field_option(L, 1, fn, "vary", vary_names, 2) + 1);
  spec.output_a = result_field(L, 1, fn, "output_a", "usd_per_eflop");
  spec.output_b = result_field(L, 1, fn, "output_b", "usd_per_eflop");
  spec.lo = lfc_field_number(L, 1, fn, "lo", LFC_FINITE);
  spec.hi = lfc_field_number(L, 1, fn, "hi", LFC_FINITE);
  if (!(spec.lo < spec.hi)) {
    lua_getfield(L, 1, "hi");
    lfc_field_error(L, fn, "hi", "number greater than lo", -1);
  }
  spec.xtol = lfc_field_number_opt(L, 1, fn, "xtol", LFC_POSITIVE, 0.0);
  {
    long long mi = lfc_field_integer_opt(L, 1, fn, "max_iter", 1, 0);
    if (mi > 100000) {
      lua_getfield(L, 1, "max_iter");
      lfc_field_error(L, fn, "max_iter", "integer in [1, 100000]", -1);
    }
    spec.max_iter = (int)mi;
  }
  lua_getfield(L, 1, "a");
  lfc_read_mix(L, -1, "flopcost.solve.breakeven: a", &a);
  if (lua_getfield(L, 1, "b") == LUA_TNIL) {
    b = a;
    lua_pop(L, 1);
  } else {
    lfc_read_mix(L, -1, "flopcost.solve.breakeven: b", &b);
  }
  st = fc_solve_breakeven(&a, &b, &spec, &x, &iters, &bad);
  if (st == FC_EDOM && !bad) {
    lua_pushfstring(L, "%s: no break-even of '%s' in [%f, %f]: the difference has the same sign at both ends",
                    fn, fname, spec.lo, spec.hi);
    return lfc_fail(L, "no_breakeven", lua_tostring(L, -1));
  }
  if (st == FC_EMAXITER) {
    lua_pushfstring(L, "%s: did not converge in %d iterations", fn, iters);
    return lfc_fail(L, "no_convergence", lua_tostring(L, -1));
  }
  if (st == FC_EDOM) {
    lua_pushfstring(L, "%s: a scenario is invalid inside the bracket (field '%s')", fn, bad);
    return lfc_fail(L, "invalid_in_bracket", lua_tostring(L, -1));
  }
  if (st) return lfc_status_error(L, fn, st);
  lua_pushnumber(L, x);
  lua_pushinteger(L, iters);
  return 2;
}

/* mix{candidates = {opts...}, available = {n or -1...}, budget_usd=, power_kw=}
   -> {counts=, flop_per_h=, usd_per_h=, usd_per_eflop=} | nil, msg */
static int l_mix(lua_State *L) {
  static const char *const known[] = {"candidates", "available", "budget_usd", "power_kw", NULL};
  const char *fn = "flopcost.solve.optimize_mix", *bad = NULL; /* its one public door */
  lua_Integer n, i;
  fc_scenario_params *ps;
  double *avail, *counts, budget, power, flop, usd;
  size_t bad_i = 0;
  int st, cands;
  lfc_check_options(L, 1, fn);
  lfc_check_fields(L, 1, fn, known);
  budget = lfc_field_number_opt(L, 1, fn, "budget_usd", LFC_NONNEG, 0.0);
  power = lfc_field_number_opt(L, 1, fn, "power_kw", LFC_NONNEG, 0.0);
  if (lua_getfield(L, 1, "candidates") != LUA_TTABLE) lfc_field_error(L, fn, "candidates", "table", -1);
  cands = lua_gettop(L);
  n = (lua_Integer)lua_rawlen(L, cands);
  if (n < 1 || n > FC_SOLVE_MAX_CHIPS)
    return luaL_error(L, "%s: field 'candidates': 1 to %d scenarios expected, got %d", fn,
                      FC_SOLVE_MAX_CHIPS, (int)n);
  ps = (fc_scenario_params *)lua_newuserdatauv(L, sizeof *ps * (size_t)n, 0);
  avail = (double *)lua_newuserdatauv(L, sizeof *avail * (size_t)n, 0);
  counts = (double *)lua_newuserdatauv(L, sizeof *counts * (size_t)n, 0);
  lua_createtable(L, (int)n, 0);
  lua_getfield(L, 1, "available");
  for (i = 1; i <= n; i++) {
    char where[64];
    snprintf(where, sizeof where, "%s: candidates[%lld]", fn, (long long)i);
    lua_rawgeti(L, cands, i);
    lfc_read_params(L, -1, where, &ps[i - 1]);
    lua_rawseti(L, -4, i);
    lua_pop(L, 1);
    avail[i - 1] = -1.0;
    if (lua_istable(L, -1)) {
      lua_rawgeti(L, -1, i);
      if (!lua_isnil(L, -1)) {
        snprintf(where, sizeof where, "available[%lld]", (long long)i);
        avail[i - 1] = lfc_check_value(L, -1, fn, where, FC_DOMAIN_NONNEG);
      }
      lua_pop(L, 1);
    }
  }
  st = fc_solve_mix(ps, (size_t)n, avail, budget, power, counts, &flop, &usd, &bad_i, &bad);
  if (st == FC_ERANGE) {
    lua_pushfstring(L, "%s: unbounded: give budget_usd, power_kw or availability limits", fn);
    return lfc_fail(L, "unbounded", lua_tostring(L, -1));
  }
  if (st == FC_EDOM && bad && fc_scenario_field_index(bad) >= 0) {
    char where[64];
    snprintf(where, sizeof where, "%s: candidates[%lld]", fn, (long long)bad_i + 1);
    lua_pushnumber(L, *fc_scenario_field_ptr(&ps[bad_i], (size_t)fc_scenario_field_index(bad)));
    return lfc_field_error(L, where, bad,
                           fc_scenario_field_domain((size_t)fc_scenario_field_index(bad)), -1);
  }
  if (st) return lfc_status_error(L, fn, st);
  lua_createtable(L, 0, 3);
  lua_createtable(L, (int)n, 0);
  for (i = 0; i < n; i++) {
    lua_pushnumber(L, counts[i]);
    lua_rawseti(L, -2, i + 1);
  }
  lua_setfield(L, -2, "counts");
  lfc_setnum(L, "flop_per_h", flop);
  lfc_setnum(L, "usd_per_h", usd);
  lfc_setnum(L, "usd_per_eflop", usd * fc_scenario_per_eflop_factor(flop)); /* the chain's rule */
  return 1;
}

static const luaL_Reg funcs[] = {{"breakeven", l_breakeven}, {"mix", l_mix}, {NULL, NULL}};

int lfc_open_solve(lua_State *L) {
  luaL_newlib(L, funcs);
  return 1;
}
