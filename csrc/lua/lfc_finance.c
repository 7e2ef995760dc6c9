/* lfc_finance.c -- Lua binding of fc_finance (flopcost.finance). */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <lua.h>
#include <lauxlib.h>
#include "fc.h"
#include "lfc.h"
#include "lfc_util.h"

#define MAX_SCHEDULE_YEARS 100

static const char *const dep_names[] = {"straight_line", "declining_balance", "macrs5",
                                        "price_decline", NULL};

static int l_crf(lua_State *L) {
  const char *fn = "flopcost.finance.crf";
  double rate = lfc_arg_number(L, 1, fn, "rate", LFC_RATE);
  double years = lfc_arg_number(L, 2, fn, "years", LFC_POSITIVE);
  double crf;
  int st = fc_finance_crf(rate, years, &crf);
  if (st) return lfc_status_error(L, fn, st);
  lfc_push_result(L, fn, crf);
  return 1;
}

static int l_wacc(lua_State *L) {
  static const char *const known[] = {"debt_fraction", "cost_of_debt", "cost_of_equity",
                                      "tax_rate", "inflation", NULL};
  const char *fn = "flopcost.finance.wacc";
  fc_wacc_params p;
  double nominal, real;
  int st;
  lfc_check_options(L, 1, fn);
  lfc_check_fields(L, 1, fn, known);
  p.debt_fraction = lfc_field_number(L, 1, fn, "debt_fraction", LFC_FRACTION);
  p.cost_of_debt = lfc_field_number(L, 1, fn, "cost_of_debt", LFC_RATE);
  p.cost_of_equity = lfc_field_number(L, 1, fn, "cost_of_equity", LFC_RATE);
  p.tax_rate = lfc_field_number_opt(L, 1, fn, "tax_rate", FC_DOMAIN_UNIT_OPEN_HI, 0.0);
  p.inflation = lfc_field_number_opt(L, 1, fn, "inflation", LFC_RATE, 0.0);
  st = fc_finance_wacc(&p, &nominal, &real);
  if (st) return lfc_status_error(L, fn, st);
  lua_createtable(L, 0, 2);
  lfc_setnum(L, "nominal", nominal);
  lfc_setnum(L, "real", real);
  return 1;
}

/* Reads method, life_years and the method's parameter from options at 1. */
static fc_dep_method read_method(lua_State *L, const char *fn, double *life, double *param) {
  int m = lfc_field_option(L, 1, fn, "method", dep_names, FC_DEP_STRAIGHT_LINE);
  *life = 0.0;
  *param = 0.0;
  if (m == FC_DEP_STRAIGHT_LINE || m == FC_DEP_DECLINING_BALANCE)
    *life = lfc_field_number(L, 1, fn, "life_years", LFC_POSITIVE);
  if (m == FC_DEP_DECLINING_BALANCE)
    *param = lfc_field_number_opt(L, 1, fn, "factor", LFC_POSITIVE, 2.0);
  if (m == FC_DEP_PRICE_DECLINE)
    *param = lfc_field_number_opt(L, 1, fn, "decline_oom_per_year", LFC_POSITIVE,
                                  FC_EPOCH_DECLINE_OOM_PER_YEAR);
  return (fc_dep_method)m;
}

static int l_depreciation(lua_State *L) {
  static const char *const known[] = {"method", "life_years", "factor",
                                      "decline_oom_per_year", "years", NULL};
  const char *fn = "flopcost.finance.depreciation";
  double life, param, sched[MAX_SCHEDULE_YEARS];
  long long years, k;
  fc_dep_method m;
  int st;
  lfc_check_options(L, 1, fn);
  lfc_check_fields(L, 1, fn, known);
  m = read_method(L, fn, &life, &param);
  if (life > MAX_SCHEDULE_YEARS) {
    lua_getfield(L, 1, "life_years");
    return lfc_field_error(L, fn, "life_years", "number in (0, 100]", -1);
  }
  years = lfc_field_integer_opt(L, 1, fn, "years", 1, m == FC_DEP_MACRS_5 ? 6 : 0);
  if (years == 0) years = (long long)ceil(life); /* the schedule covers the whole life */
  if (m == FC_DEP_PRICE_DECLINE && years == 0) years = 10;
  if (years > MAX_SCHEDULE_YEARS) {
    lua_getfield(L, 1, "years");
    return lfc_field_error(L, fn, "years", "integer in [1, 100]", -1);
  }
  st = fc_finance_depreciation(m, life, param, sched, (size_t)years);
  if (st) return lfc_status_error(L, fn, st);
  lua_createtable(L, (int)years, 0);
  for (k = 0; k < years; k++) {
    lua_pushnumber(L, sched[k]);
    lua_rawseti(L, -2, (lua_Integer)(k + 1));
  }
  return 1;
}

static int l_residual(lua_State *L) {
  static const char *const known[] = {"method", "life_years", "factor",
                                      "decline_oom_per_year", "age_years", NULL};
  const char *fn = "flopcost.finance.residual";
  double life, param, age, frac;
  fc_dep_method m;
  int st;
  lfc_check_options(L, 1, fn);
  lfc_check_fields(L, 1, fn, known);
  m = read_method(L, fn, &life, &param);
  age = lfc_field_number(L, 1, fn, "age_years", LFC_NONNEG);
  st = fc_finance_residual(m, life, param, age, &frac);
  if (st) return lfc_status_error(L, fn, st);
  lfc_push_result(L, fn, frac);
  return 1;
}

static int l_npv(lua_State *L) {
  const char *fn = "flopcost.finance.npv";
  double rate = lfc_arg_number(L, 1, fn, "rate", LFC_RATE), npv, *cf;
  lua_Integer n, t;
  int st;
  if (lua_type(L, 2) != LUA_TTABLE)
    return luaL_error(L, "%s: argument 'cash_flows': table expected, got %s", fn,
                      luaL_typename(L, 2));
  n = (lua_Integer)lua_rawlen(L, 2);
  /* a userdata buffer: collected by Lua even if an error unwinds from here */
  cf = (double *)lua_newuserdatauv(L, sizeof(double) * (size_t)(n > 0 ? n : 1), 0);
  for (t = 1; t <= n; t++) {
    lua_rawgeti(L, 2, t);
    {
      char field[48];
      snprintf(field, sizeof field, "cash_flows[%lld]", (long long)t);
      cf[t - 1] = lfc_check_value(L, -1, fn, field, FC_DOMAIN_FINITE);
    }
    lua_pop(L, 1);
  }
  st = fc_finance_npv(rate, cf, (size_t)n, &npv);
  if (st) return lfc_status_error(L, fn, st);
  lfc_push_result(L, fn, npv);
  return 1;
}

static int l_epoch_hourly(lua_State *L) {
  static const char *const known[] = {"price_usd", "decline_oom_per_year", NULL};
  const char *fn = "flopcost.finance.epoch_hourly";
  double price, d, out;
  int st;
  lfc_check_options(L, 1, fn);
  lfc_check_fields(L, 1, fn, known);
  price = lfc_field_number(L, 1, fn, "price_usd", LFC_NONNEG);
  d = lfc_field_number_opt(L, 1, fn, "decline_oom_per_year", LFC_POSITIVE,
                           FC_EPOCH_DECLINE_OOM_PER_YEAR);
  st = fc_finance_epoch_hourly(price, d, &out);
  if (st) return lfc_status_error(L, fn, st);
  lfc_push_result(L, fn, out);
  return 1;
}

static const luaL_Reg funcs[] = {
  {"crf", l_crf},           {"wacc", l_wacc},   {"depreciation", l_depreciation},
  {"interest_during_construction", lfc_buildout_idc}, /* lfc_buildout.c */
  {"residual", l_residual}, {"npv", l_npv},     {"epoch_hourly", l_epoch_hourly},
  {NULL, NULL}
};

int lfc_open_finance(lua_State *L) {
  luaL_newlib(L, funcs);
  lua_pushnumber(L, FC_HOURS_PER_YEAR);
  lua_setfield(L, -2, "HOURS_PER_YEAR");
  return 1;
}
