/* lfc_export.c -- Lua binding of fc_export (flopcost.core.export). */
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

static const luaL_Reg funcs[] = {{"tpp", l_tpp}, {"performance_density", l_pd},
                                 {"precision_bits", l_precision_bits}, {NULL, NULL}};

int lfc_open_export(lua_State *L) {
  luaL_newlib(L, funcs);
  return 1;
}
