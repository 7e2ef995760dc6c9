/*
** lfc_mc_quantile.c -- the engine's rules for data held in Lua:
** core.mc.quantiles(samples, p), the one quantile of flopcost (type 7,
** fc_mc_quantiles_exact) for plots and reports (the samples are copied once
** into a C block; the list need not be sorted), and core.mc.shard_range, the
** one cut of a run into shards (fc_mc_cut) for compare's cells.
*/
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <lua.h>
#include <lauxlib.h>
#include "fc.h"
#include "lfc.h"
#include "lfc_util.h"
#include "lfc_mc.h"

/* quantiles(samples, p) -> q: p a probability (q a number) or a list of up to
   64 (q a list in the same order). */
int lfc_mc_quantiles(lua_State *L) {
  const char *fn = "flopcost.mc.quantiles";
  double ps[64], qs[64], *x;
  size_t n, np, i;
  int list = lua_type(L, 2) == LUA_TTABLE;
  if (lua_type(L, 1) != LUA_TTABLE || (n = lua_rawlen(L, 1)) == 0)
    return lfc_arg_error(L, 1, fn, "samples", "non-empty list of finite numbers");
  np = list ? lua_rawlen(L, 2) : 1;
  if (np < 1 || np > 64) return lfc_arg_error(L, 2, fn, "p", "probability or list of 1 to 64 probabilities");
  for (i = 0; i < np; i++) {
    char where[32];
    if (!list) { ps[0] = lfc_arg_number(L, 2, fn, "p", LFC_FRACTION); break; }
    snprintf(where, sizeof where, "p[%d]", (int)i + 1);
    lua_rawgeti(L, 2, (lua_Integer)i + 1);
    ps[i] = lfc_check_value(L, -1, fn, where, LFC_FRACTION);
    lua_pop(L, 1);
  }
  x = (double *)lua_newuserdatauv(L, n * sizeof *x, 0);
  for (i = 0; i < n; i++) {
    int isnum;
    lua_rawgeti(L, 1, (lua_Integer)i + 1);
    x[i] = lua_tonumberx(L, -1, &isnum);
    if (!isnum || !isfinite(x[i])) {
      char where[48];
      snprintf(where, sizeof where, "samples[%d]", (int)i + 1);
      return lfc_arg_error(L, -1, fn, where, "finite number");
    }
    lua_pop(L, 1);
  }
  if (fc_mc_quantiles_exact(x, n, ps, np, qs) != FC_OK) return lfc_status_error(L, fn, FC_EINVAL);
  if (!list) {
    lua_pushnumber(L, qs[0]);
    return 1;
  }
  lua_createtable(L, (int)np, 0);
  for (i = 0; i < np; i++) {
    lua_pushnumber(L, qs[i]);
    lua_rawseti(L, -2, (lua_Integer)i + 1);
  }
  return 1;
}

/* shard_range(count, i, n) -> first, last: items [first, last] (1-based,
   inclusive; last = first - 1 when empty) of part i (1-based) of n (fc_mc_cut). */
int lfc_mc_shard_range(lua_State *L) {
  const char *fn = "flopcost.mc.shard_range";
  lua_Integer count = luaL_checkinteger(L, 1), i = luaL_checkinteger(L, 2), n = luaL_checkinteger(L, 3);
  uint64_t first, end;
  if (count < 0) return lfc_arg_error(L, 1, fn, "count", "non-negative integer");
  if (n < 1) return lfc_arg_error(L, 3, fn, "n", "positive integer");
  if (i < 1 || i > n) return lfc_arg_error(L, 2, fn, "i", "integer in [1, n]");
  fc_mc_cut((uint64_t)count, (uint64_t)(i - 1), (uint64_t)n, &first, &end);
  lua_pushinteger(L, (lua_Integer)first + 1);
  lua_pushinteger(L, (lua_Integer)end);
  return 2;
}
