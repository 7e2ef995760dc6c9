/*
** lfc_serve.c -- core.serve: the serving fleet over a day (fc_serve_fleet.h).
**
**   core.serve.fleet{ input_tokens_per_day=, cached_input_tokens_per_day=,
**     output_tokens_per_day=, load_profile = {shares} | nil,
**     prefill_new_tokens_per_s_per_chip=, decode_output_tokens_per_s_per_chip=,
**     node_chips=, usd_per_chip_hour=, kw_per_chip=, pue=, price_input=,
**     price_cached_input=, price_output=, elastic = boolean }
**   -> { prefill_chips, decode_chips, chips, nodes, average_nodes,
**        cost_usd_per_day, revenue_usd_per_day, margin, provisioned_mw,
**        tokens_per_provisioned_mw, utilization }
** The binding converts and checks types; the core checks the domains.
*/
#include <stdlib.h>
#include <string.h>
#include <lauxlib.h>
#include "fc.h"
#include "fc_serve_fleet.h"
#include "lfc.h"
#include "lfc_util.h"

#define FN "flopcost.inference.fleet"
#define MAX_PERIODS 8784

/* The load profile (a list of shares) into a malloc'ed array; *n its length. */
static double *read_profile(lua_State *L, size_t *n) {
  double *v;
  size_t i;
  *n = 0;
  if (lua_getfield(L, 1, "load_profile") == LUA_TNIL) { lua_pop(L, 1); return NULL; }
  if (!lua_istable(L, -1)) lfc_field_error(L, FN, "load_profile", "list of shares (summing to 1)", -1);
  *n = (size_t)lua_rawlen(L, -1);
  if (*n < 1 || *n > MAX_PERIODS) lfc_field_error(L, FN, "load_profile", "list of 1 to 8784 shares", -1);
  /* a full userdata anchors the array: freed by the GC even if a check below raises */
  v = (double *)lua_newuserdatauv(L, *n * sizeof *v, 0);
  for (i = 0; i < *n; i++) {
    char f[40];
    lua_rawgeti(L, -2, (lua_Integer)i + 1);
    snprintf(f, sizeof f, "load_profile[%d]", (int)i + 1);
    v[i] = lfc_check_value(L, -1, FN, f, LFC_NONNEG);
    lua_pop(L, 1);
  }
  return v;
}

/* What field `bad` (named by the core) must be. */
static const char *fleet_domain(const char *bad) {
  if (strcmp(bad, "load_profile") == 0) return "list of shares >= 0 summing to 1";
  if (strcmp(bad, "cached_input_tokens_per_day") == 0) return "number in [0, input_tokens_per_day]";
  if (strcmp(bad, "node_chips") == 0) return "integer >= 1";
  if (strcmp(bad, "pue") == 0) return "number >= 1";
  return "finite number in its domain";
}

static int l_fleet(lua_State *L) {
  static const char *const known[] = {"input_tokens_per_day", "cached_input_tokens_per_day", "output_tokens_per_day",
    "load_profile", "prefill_new_tokens_per_s_per_chip", "decode_output_tokens_per_s_per_chip", "node_chips",
    "usd_per_chip_hour", "kw_per_chip", "pue", "price_input", "price_cached_input", "price_output", "elastic",
    NULL};
  fc_serve_fleet_in in;
  fc_serve_fleet_out out;
  const char *bad = NULL;
  int st;
  luaL_checktype(L, 1, LUA_TTABLE);
  lfc_check_fields(L, 1, FN, known);
  in.input_tokens_per_day = lfc_field_number(L, 1, FN, "input_tokens_per_day", LFC_NONNEG);
  in.cached_input_tokens_per_day = lfc_field_number_opt(L, 1, FN, "cached_input_tokens_per_day", LFC_NONNEG, 0.0);
  in.output_tokens_per_day = lfc_field_number(L, 1, FN, "output_tokens_per_day", LFC_NONNEG);
  in.prefill_new_tokens_per_s_per_chip = lfc_field_number(L, 1, FN, "prefill_new_tokens_per_s_per_chip", LFC_POSITIVE);
  in.decode_output_tokens_per_s_per_chip =
      lfc_field_number(L, 1, FN, "decode_output_tokens_per_s_per_chip", LFC_POSITIVE);
  in.node_chips = lfc_field_number(L, 1, FN, "node_chips", LFC_POSITIVE);
  in.usd_per_chip_hour = lfc_field_number(L, 1, FN, "usd_per_chip_hour", LFC_NONNEG);
  in.kw_per_chip = lfc_field_number(L, 1, FN, "kw_per_chip", LFC_POSITIVE);
  in.pue = lfc_field_number(L, 1, FN, "pue", LFC_POSITIVE);
  in.price_input = lfc_field_number_opt(L, 1, FN, "price_input", LFC_NONNEG, 0.0);
  in.price_cached_input = lfc_field_number_opt(L, 1, FN, "price_cached_input", LFC_NONNEG, 0.0);
  in.price_output = lfc_field_number_opt(L, 1, FN, "price_output", LFC_NONNEG, 0.0);
  lua_getfield(L, 1, "elastic");
  if (!lua_isnil(L, -1) && !lua_isboolean(L, -1)) lfc_field_error(L, FN, "elastic", "boolean", -1);
  in.elastic = lua_toboolean(L, -1) ? 1.0 : 0.0;
  lua_pop(L, 1);
  in.load_profile = read_profile(L, &in.periods);
  if ((st = fc_serve_fleet(&in, &out, &bad))) {
    if (st == FC_EDOM && bad) {
      lua_getfield(L, 1, bad);
      return lfc_field_error(L, FN, bad, fleet_domain(bad), -1);
    }
    return lfc_status_error(L, FN, st);
  }
  lua_createtable(L, 0, 11);
  lfc_setnum(L, "prefill_chips", out.prefill_chips);
  lfc_setnum(L, "decode_chips", out.decode_chips);
  lfc_setnum(L, "chips", out.chips);
  lfc_setnum(L, "nodes", out.nodes);
  lfc_setnum(L, "average_nodes", out.average_nodes);
  lfc_setnum(L, "cost_usd_per_day", out.cost_usd_per_day);
  lfc_setnum(L, "revenue_usd_per_day", out.revenue_usd_per_day);
  lfc_setnum(L, "margin", out.margin);
  lfc_setnum(L, "provisioned_mw", out.provisioned_mw);
  lfc_setnum(L, "tokens_per_provisioned_mw", out.tokens_per_provisioned_mw);
  lfc_setnum(L, "utilization", out.utilization);
  return 1;
}

int lfc_open_serve(lua_State *L) {
  static const luaL_Reg fns[] = {{"fleet", l_fleet}, {NULL, NULL}};
  luaL_newlib(L, fns);
  return 1;
}
