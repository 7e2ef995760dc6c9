/* lfc_export.c -- Lua binding of fc_export (flopcost.core.export). */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <lua.h>
#include <lauxlib.h>
#include "fc.h"
#include "lfc.h"
#include "lfc_util.h"

#define MAX_PRECISIONS 16

/* Raise "fn: field 'peak_tops.k': unknown precision (fp64, fp32, ...)": the names of fc_export.h. */
static int unknown_precision(lua_State *L, const char *fn, const char *k) {
  luaL_Buffer b;
  size_t i;
  luaL_buffinit(L, &b);
  for (i = 0; fc_precision_names[i]; i++) {
    if (i) luaL_addstring(&b, ", ");
    luaL_addstring(&b, fc_precision_names[i]);
  }
  luaL_pushresult(&b);
  return luaL_error(L, "%s: field 'peak_tops.%s': unknown precision (%s)", fn, k, lua_tostring(L, -1));
}

/* tpp{tops=989.5, bits=16} or tpp{peak_tops = {bf16 = 989.5, fp8 = 1979}} -> tpp, precision */
static int l_tpp(lua_State *L) {
  static const char *const known[] = {"tops", "bits", "peak_tops", NULL};
  const char *fn = "flopcost.export.tpp";
  double tops[MAX_PRECISIONS], tpp;
  int bits[MAX_PRECISIONS], st;
  const char *names[MAX_PRECISIONS];
  size_t n = 0, which = 0;
  lfc_check_options(L, 1, fn);
  lfc_check_fields(L, 1, fn, known);
  if (lua_getfield(L, 1, "peak_tops") == LUA_TTABLE) {
    lua_pushnil(L);
    while (lua_next(L, -2)) {
      const char *k;
      if (lua_type(L, -2) != LUA_TSTRING) lfc_field_error(L, fn, "peak_tops", "table of precision = TOPS", -2);
      k = lua_tostring(L, -2);
      if (!fc_precision_bits(k)) unknown_precision(L, fn, k);
      if (lua_type(L, -1) != LUA_TNUMBER || !fc_isfinite(lua_tonumber(L, -1)) || lua_tonumber(L, -1) < 0) {
        lua_pushfstring(L, "peak_tops.%s", k);
        lfc_domain_error(L, fn, lua_tostring(L, -1), FC_DOMAIN_NONNEG, -2);
      }
      if (n == MAX_PRECISIONS) luaL_error(L, "%s: field 'peak_tops': too many precisions", fn);
      tops[n] = lua_tonumber(L, -1);
      bits[n] = fc_precision_bits(k);
      names[n] = k; /* the key stays alive in the table */
      n++;
      lua_pop(L, 1);
    }
    if (n == 0) luaL_error(L, "%s: field 'peak_tops': at least one precision expected", fn);
  } else {
    lua_Integer b;
    lua_pop(L, 1);
    tops[0] = lfc_field_number(L, 1, fn, "tops", LFC_NONNEG);
    b = (lua_Integer)lfc_field_integer_opt(L, 1, fn, "bits", 1, 0);
    if (!(b == 4 || b == 8 || b == 16 || b == 32 || b == 64)) {
      lua_getfield(L, 1, "bits");
      lfc_field_error(L, fn, "bits", "one of 4, 8, 16, 32, 64", -1);
    }
    bits[0] = (int)b;
    names[0] = NULL;
    n = 1;
  }
  st = fc_export_tpp_max(tops, bits, n, &tpp, &which);
  if (st) return lfc_status_error(L, fn, st);
  lua_pushnumber(L, tpp);
  if (names[which]) lua_pushstring(L, names[which]);
  else lua_pushnil(L);
  return 2;
}

static int l_pd(lua_State *L) {
  static const char *const known[] = {"tpp", "die_area_mm2", NULL};
  const char *fn = "flopcost.export.performance_density";
  double pd;
  int st;
  lfc_check_options(L, 1, fn);
  lfc_check_fields(L, 1, fn, known);
  st = fc_export_performance_density(lfc_field_number(L, 1, fn, "tpp", LFC_NONNEG),
                                     lfc_field_number(L, 1, fn, "die_area_mm2", LFC_POSITIVE), &pd);
  if (st) return lfc_status_error(L, fn, st);
  lua_pushnumber(L, pd);
  return 1;
}

/* precision_bits() -> {fp64 = 64, ..., int4 = 4}: the core's one table (fc_export.h) */
static int l_precision_bits(lua_State *L) {
  size_t i;
  lua_createtable(L, 0, 10);
  for (i = 0; fc_precision_names[i]; i++) {
    lua_pushinteger(L, fc_precision_bits(fc_precision_names[i]));
    lua_setfield(L, -2, fc_precision_names[i]);
  }
  return 1;
}

/* ---- licence status by date and its premium (fc_export.h) ---- */

static const char *const status_names[] = {"none", "required", "denied", "domestic", NULL};
static const char *const premium_sources[] = {"none", "grey_chip", "grey_default", "rule", NULL};

/* status(policy, domestic) -> "none" | "required" | "denied" | "domestic" */
static int l_status(lua_State *L) {
  const char *fn = "flopcost.export.status";
  const char *policy = NULL;
  if (!lua_isnoneornil(L, 1)) {
    if (lua_type(L, 1) != LUA_TSTRING) return lfc_arg_error(L, 1, fn, "policy", "policy text (string) or nil");
    policy = lua_tostring(L, 1);
  }
  lua_pushstring(L, status_names[fc_export_status(policy, lua_toboolean(L, 2))]);
  return 1;
}

/* A date of the list at the top of the stack, item i (1-based): days since 1970. */
static double item_day(lua_State *L, const char *fn, lua_Integer i) {
  double day;
  char field[48];
  snprintf(field, sizeof field, "effective[%lld]", (long long)i);
  if (lua_type(L, -1) != LUA_TSTRING || fc_price_date_days(lua_tostring(L, -1), &day) != FC_OK)
    lfc_field_error(L, fn, field, "date YYYY, YYYY-MM or YYYY-MM-DD", -1);
  return day;
}

/* rule_at{effective = {dates}, applies = {booleans}, as_of = date|nil} -> index (1-based) or nil */
static int l_rule_at(lua_State *L) {
  static const char *const known[] = {"effective", "applies", "as_of", NULL};
  const char *fn = "flopcost.export.rule_at";
  double *days, day = NAN;
  int *applies;
  size_t n, i, index;
  lfc_check_options(L, 1, fn);
  lfc_check_fields(L, 1, fn, known);
  if (lua_getfield(L, 1, "effective") != LUA_TTABLE) lfc_field_error(L, fn, "effective", "list of dates", -1);
  if (lua_getfield(L, 1, "applies") != LUA_TTABLE) lfc_field_error(L, fn, "applies", "list of booleans", -1);
  n = (size_t)lua_rawlen(L, -2);
  if ((size_t)lua_rawlen(L, -1) != n) lfc_field_error(L, fn, "applies", "one boolean per effective date", -1);
  days = (double *)lua_newuserdatauv(L, (n ? n : 1) * sizeof *days, 0);
  applies = (int *)lua_newuserdatauv(L, (n ? n : 1) * sizeof *applies, 0);
  for (i = 0; i < n; i++) {
    lua_rawgeti(L, -4, (lua_Integer)i + 1);
    days[i] = item_day(L, fn, (lua_Integer)i + 1);
    lua_pop(L, 1);
    lua_rawgeti(L, -3, (lua_Integer)i + 1);
    applies[i] = lua_toboolean(L, -1);
    lua_pop(L, 1);
  }
  if (lua_getfield(L, 1, "as_of") != LUA_TNIL &&
      (lua_type(L, -1) != LUA_TSTRING || fc_price_date_days(lua_tostring(L, -1), &day) != FC_OK))
    lfc_field_error(L, fn, "as_of", "date YYYY, YYYY-MM or YYYY-MM-DD", -1);
  if (fc_export_rule_at(days, applies, n, day, &index) != FC_OK) return luaL_error(L, "%s: bad dates", fn);
  if (index == n) lua_pushnil(L);
  else lua_pushinteger(L, (lua_Integer)index + 1);
  return 1;
}

/* premium{status =, grey_chip =, grey_default =, rule =} -> premium, source */
static int l_premium(lua_State *L) {
  static const char *const known[] = {"status", "grey_chip", "grey_default", "rule", NULL};
  const char *fn = "flopcost.export.premium";
  double x;
  int src, st, status;
  lfc_check_options(L, 1, fn);
  lfc_check_fields(L, 1, fn, known);
  status = lfc_field_option(L, 1, fn, "status", status_names, -1);
  if (status < 0) {
    lua_getfield(L, 1, "status");
    return lfc_field_error(L, fn, "status", "licence status", -1);
  }
  st = fc_export_premium(status, lfc_field_number_opt(L, 1, fn, "grey_chip", FC_DOMAIN_RATE, NAN),
                         lfc_field_number_opt(L, 1, fn, "grey_default", FC_DOMAIN_RATE, NAN),
                         lfc_field_number_opt(L, 1, fn, "rule", FC_DOMAIN_RATE, NAN), &x, &src);
  if (st) return lfc_status_error(L, fn, st);
  lua_pushnumber(L, x);
  lua_pushstring(L, premium_sources[src]);
  return 2;
}

static const luaL_Reg funcs[] = {{"tpp", l_tpp}, {"performance_density", l_pd},
                                 {"precision_bits", l_precision_bits}, {"status", l_status},
                                 {"rule_at", l_rule_at}, {"premium", l_premium}, {NULL, NULL}};

int lfc_open_export(lua_State *L) {
  luaL_newlib(L, funcs);
  return 1;
}
