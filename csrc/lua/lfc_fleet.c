/* lfc_fleet.c -- Lua binding of fc_fleet (flopcost.core.fleet). */
#include <stdio.h>
#include <lua.h>
#include <lauxlib.h>
#include "fc.h"
#include "fc_fleet.h"
#include "lfc.h"
#include "lfc_util.h"

static const char *const survival_names[] = {"step", "exponential", "weibull", NULL};

/* Copies the number array t[field] (length n, or any length when *n == 0) into a userdata. */
static double *read_array(lua_State *L, int idx, const char *fn, const char *field, size_t *n) {
  size_t len, i;
  double *a;
  if (lua_getfield(L, idx, field) != LUA_TTABLE) lfc_field_error(L, fn, field, "array of numbers", -1);
  len = lua_rawlen(L, -1);
  if (len == 0) lfc_field_error(L, fn, field, "non-empty array of numbers", -1);
  if (*n && len != *n)
    luaL_error(L, "%s: field '%s': %d values expected (one per year), got %d", fn, field, (int)*n, (int)len);
  a = (double *)lua_newuserdatauv(L, sizeof *a * len, 0);
  for (i = 0; i < len; i++) {
    lua_rawgeti(L, -2, (lua_Integer)i + 1);
    {
      char f[64];
      snprintf(f, sizeof f, "%s[%d]", field, (int)i + 1);
      a[i] = lfc_check_value(L, -1, fn, f, FC_DOMAIN_NONNEG);
    }
    lua_pop(L, 1);
  }
  lua_remove(L, -2);
  *n = len;
  return a;
}

/* stock{units = {...}, flops_per_unit = {...} or number, life_years =, survival = "step", shape =} */
static int l_stock(lua_State *L) {
  static const char *const known[] = {"units", "flops_per_unit", "life_years", "survival", "shape", NULL};
  const char *fn = "flopcost.fleet.stock";
  size_t n = 0, i;
  double *units, *perf, *stock, life, shape;
  int kind, st;
  lfc_check_options(L, 1, fn);
  lfc_check_fields(L, 1, fn, known);
  kind = lfc_field_option(L, 1, fn, "survival", survival_names, FC_SURVIVAL_STEP);
  life = lfc_field_number(L, 1, fn, "life_years", LFC_POSITIVE);
  shape = lfc_field_number_opt(L, 1, fn, "shape", LFC_POSITIVE, 1.0);
  units = read_array(L, 1, fn, "units", &n);
  lua_getfield(L, 1, "flops_per_unit");
  if (lua_type(L, -1) == LUA_TNUMBER) {
    double p = lfc_field_number(L, 1, fn, "flops_per_unit", LFC_NONNEG);
    perf = (double *)lua_newuserdatauv(L, sizeof *perf * n, 0);
    for (i = 0; i < n; i++) perf[i] = p;
  } else {
    perf = read_array(L, 1, fn, "flops_per_unit", &n);
  }
  stock = (double *)lua_newuserdatauv(L, sizeof *stock * n, 0);
  st = fc_fleet_stock(units, perf, n, (fc_survival)kind, life, shape, stock);
  if (st == FC_ERANGE) {
    char msg[256];
    snprintf(msg, sizeof msg, "%s: weibull survival over %zu years with life_years %.14g sums more than %.14g "
             "cohort terms: shorten the horizon or use survival = 'step' or 'exponential' (linear)",
             fn, n, life, FC_FLEET_MAX_TERMS);
    return luaL_error(L, "%s", msg);
  }
  if (st) return lfc_status_error(L, fn, st);
  lua_createtable(L, (int)n, 0);
  for (i = 0; i < n; i++) {
    lua_pushnumber(L, stock[i]);
    lua_rawseti(L, -2, (lua_Integer)i + 1);
  }
  return 1;
}

static int l_survival(lua_State *L) {
  static const char *const known[] = {"life_years", "survival", "shape", "age_years", NULL};
  const char *fn = "flopcost.fleet.survival";
  double f;
  int st, kind;
  lfc_check_options(L, 1, fn);
  lfc_check_fields(L, 1, fn, known);
  kind = lfc_field_option(L, 1, fn, "survival", survival_names, FC_SURVIVAL_STEP);
  st = fc_fleet_survival((fc_survival)kind, lfc_field_number(L, 1, fn, "life_years", LFC_POSITIVE),
                         lfc_field_number_opt(L, 1, fn, "shape", LFC_POSITIVE, 1.0),
                         lfc_field_number(L, 1, fn, "age_years", LFC_NONNEG), &f);
  if (st) return lfc_status_error(L, fn, st);
  lua_pushnumber(L, f);
  return 1;
}

static const luaL_Reg funcs[] = {{"stock", l_stock}, {"survival", l_survival}, {NULL, NULL}};

int lfc_open_fleet(lua_State *L) {
  luaL_newlib(L, funcs);
  return 1;
}
