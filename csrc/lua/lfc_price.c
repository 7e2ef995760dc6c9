/*
** lfc_price.c -- core.price (price bases, prices at a date) and
** core.convention (conventions of published figures): thin wrappers of
** fc_price.h and fc_convention.h.
*/
#include <math.h>
#include <string.h>
#include <lua.h>
#include <lauxlib.h>
#include "fc.h"
#include "lfc.h"
#include "lfc_util.h"

#define MAX_OBS 256 /* observations of one chip; a catalog has a handful */

static const char *const basis_names[] = {"chip", "board", "server_per_accelerator",
                                          "system_per_accelerator", NULL};

/* An ISO date field (or argument) as days since 1970-01-01. */
static double date_field(lua_State *L, int idx, const char *fn, const char *field) {
  double day;
  const char *s;
  lua_getfield(L, idx, field);
  s = lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : NULL;
  if (!s || fc_price_date_days(s, &day) != FC_OK)
    lfc_field_error(L, fn, field, "date YYYY, YYYY-MM or YYYY-MM-DD", -1);
  lua_pop(L, 1);
  return day;
}

/* opts.observations = { {date=, price=, basis=}, ... } into o[]; returns n. */
static size_t read_observations(lua_State *L, int idx, const char *fn, fc_price_obs *o) {
  lua_Integer i, n;
  lua_getfield(L, idx, "observations");
  if (!lua_istable(L, -1)) lfc_field_error(L, fn, "observations", "non-empty list of {date, price, basis}", -1);
  n = (lua_Integer)lua_rawlen(L, -1);
  if (n < 1 || n > MAX_OBS)
    lfc_field_error(L, fn, "observations", "list of 1 to 256 {date, price, basis}", -1);
  for (i = 1; i <= n; i++) {
    char field[48];
    int t = lua_absindex(L, -1);
    lua_rawgeti(L, t, i);
    snprintf(field, sizeof field, "observations[%lld]", (long long)i);
    if (!lua_istable(L, -1)) lfc_field_error(L, fn, field, "{date, price, basis}", -1);
    {
      int e = lua_absindex(L, -1);
      char sub[64];
      snprintf(sub, sizeof sub, "%s.date", field);
      lua_getfield(L, e, "date");
      if (lua_type(L, -1) != LUA_TSTRING || fc_price_date_days(lua_tostring(L, -1), &o[i - 1].day) != FC_OK)
        lfc_field_error(L, fn, sub, "date YYYY, YYYY-MM or YYYY-MM-DD", -1);
      lua_pop(L, 1);
      snprintf(sub, sizeof sub, "%s.price", field);
      lua_getfield(L, e, "price");
      lfc_check_value(L, -1, fn, sub, FC_DOMAIN_POS);
      o[i - 1].price = lua_tonumber(L, -1);
      lua_pop(L, 1);
      snprintf(sub, sizeof sub, "%s.basis", field);
      lua_getfield(L, e, "basis");
      if (lua_type(L, -1) != LUA_TSTRING || fc_price_basis_parse(lua_tostring(L, -1), &o[i - 1].basis) != FC_OK)
        lfc_field_error(L, fn, sub, "one of 'chip', 'board', 'server_per_accelerator', 'system_per_accelerator'", -1);
      lua_pop(L, 1);
    }
    lua_pop(L, 1);
  }
  lua_pop(L, 1);
  return (size_t)n;
}

/* core.price.capex_shares{basis=, server_multiple=, network_fraction=} -> {chip, server, network, total} */
static int l_capex_shares(lua_State *L) {
  static const char *const known[] = {"basis", "server_multiple", "network_fraction", NULL};
  const char *fn = "flopcost.price.capex_shares";
  fc_price_shares s;
  int b, st;
  double S, n;
  lfc_check_options(L, 1, fn);
  lfc_check_fields(L, 1, fn, known);
  b = lfc_field_option(L, 1, fn, "basis", basis_names, -1);
  if (b < 0) {
    lua_getfield(L, 1, "basis");
    return lfc_field_error(L, fn, "basis", "one of 'chip', 'board', 'server_per_accelerator', 'system_per_accelerator'", -1);
  }
  S = lfc_field_number_opt(L, 1, fn, "server_multiple", FC_DOMAIN_GE1, FC_EPOCH_SERVER_MULTIPLE);
  n = lfc_field_number_opt(L, 1, fn, "network_fraction", FC_DOMAIN_UNIT_OPEN_HI, FC_EPOCH_NETWORK_FRACTION);
  if ((st = fc_price_capex_shares(b, S, n, &s)) != FC_OK) return lfc_status_error(L, fn, st);
  lua_createtable(L, 0, 4);
  lfc_setnum(L, "chip", s.chip);
  lfc_setnum(L, "server", s.server);
  lfc_setnum(L, "network", s.network);
  lfc_setnum(L, "total", s.chip + s.server + s.network);
  return 1;
}

/* core.price.date_days(iso) -> days since 1970-01-01 */
static int l_date_days(lua_State *L) {
  const char *fn = "flopcost.price.date_days";
  double d;
  const char *s = lua_type(L, 1) == LUA_TSTRING ? lua_tostring(L, 1) : NULL;
  if (!s || fc_price_date_days(s, &d) != FC_OK) {
    lua_pushvalue(L, 1);
    return lfc_field_error(L, fn, "date", "date YYYY, YYYY-MM or YYYY-MM-DD", -1);
  }
  lua_pushnumber(L, d);
  return 1;
}

/* core.price.at{observations=, as_of=, decline_oom_per_year=} -> price, index (1-based), basis */
static int l_at(lua_State *L) {
  static const char *const known[] = {"observations", "as_of", "decline_oom_per_year", NULL};
  const char *fn = "flopcost.price.at";
  fc_price_obs o[MAX_OBS];
  size_t n, idx;
  double day, d, p;
  int st;
  lfc_check_options(L, 1, fn);
  lfc_check_fields(L, 1, fn, known);
  n = read_observations(L, 1, fn, o);
  day = date_field(L, 1, fn, "as_of");
  d = lfc_field_number_opt(L, 1, fn, "decline_oom_per_year", LFC_FINITE, FC_EPOCH_DECLINE_OOM_PER_YEAR);
  if ((st = fc_price_at(o, n, day, d, &p, &idx)) != FC_OK) return lfc_status_error(L, fn, st);
  lfc_push_result(L, fn, p);
  lua_pushinteger(L, (lua_Integer)idx + 1);
  lua_pushstring(L, fc_price_basis_name(o[idx].basis));
  return 3;
}

/* core.price.decline_fit{observations=, basis=} -> OOM per year, or nil, message */
static int l_decline_fit(lua_State *L) {
  static const char *const known[] = {"observations", "basis", NULL};
  const char *fn = "flopcost.price.decline_fit";
  fc_price_obs o[MAX_OBS];
  size_t n;
  double d;
  int b, st;
  lfc_check_options(L, 1, fn);
  lfc_check_fields(L, 1, fn, known);
  n = read_observations(L, 1, fn, o);
  b = lfc_field_option(L, 1, fn, "basis", basis_names, -1);
  if (b < 0) {
    lua_getfield(L, 1, "basis");
    return lfc_field_error(L, fn, "basis", "one of 'chip', 'board', 'server_per_accelerator', 'system_per_accelerator'", -1);
  }
  st = fc_price_decline_fit(o, n, b, &d);
  if (st == FC_EDOM) {
    lua_pushfstring(L, "%s: fewer than two observations of basis '%s' at distinct dates", fn, basis_names[b]);
    return lfc_fail(L, "no_data", lua_tostring(L, -1));
  }
  if (st) return lfc_status_error(L, fn, st);
  lfc_push_result(L, fn, d);
  return 1;
}

/* core.price.epoch_value{observations=, released=, start=, decline_oom_per_year=}
   -> price, index (1-based), basis, acquired (days since 1970) */
static int l_epoch_value(lua_State *L) {
  static const char *const known[] = {"observations", "released", "start", "decline_oom_per_year", "tpu", NULL};
  const char *fn = "flopcost.price.epoch_value";
  fc_price_obs o[MAX_OBS];
  size_t n, idx;
  double rel, start, d, p, acq;
  int st;
  lfc_check_options(L, 1, fn);
  lfc_check_fields(L, 1, fn, known);
  n = read_observations(L, 1, fn, o);
  rel = date_field(L, 1, fn, "released");
  start = date_field(L, 1, fn, "start");
  d = lfc_field_number_opt(L, 1, fn, "decline_oom_per_year", LFC_FINITE, FC_EPOCH_DECLINE_OOM_PER_YEAR);
  lua_getfield(L, 1, "tpu");
  if (!lua_isnil(L, -1) && !lua_isboolean(L, -1)) lfc_field_error(L, fn, "tpu", "boolean", -1);
  if (lua_toboolean(L, -1)) { /* Epoch's TPU branch: acquired at the price's date */
    st = fc_price_epoch_tpu_value(o, n, start, d, &p, &idx);
    acq = o[st == FC_OK ? idx : 0].day;
  } else {
    st = fc_price_epoch_value(o, n, rel, start, d, &p, &idx, &acq);
  }
  lua_pop(L, 1);
  if (st != FC_OK) return lfc_status_error(L, fn, st);
  lfc_push_result(L, fn, p);
  lua_pushinteger(L, (lua_Integer)idx + 1);
  lua_pushstring(L, fc_price_basis_name(o[idx].basis));
  lua_pushnumber(L, acq);
  return 4;
}

/*
** core.price.dated{observations=, released= (optional), as_of=, extrapolate=,
** decline_oom_per_year=} -> {usd, lo, hi, index, basis, how}, or nil,
** "before release" / "observed FIRST..LAST" message, "out_of_range".
*/
static int l_dated(lua_State *L) {
  static const char *const known[] = {"observations", "released", "as_of", "extrapolate",
                                      "decline_oom_per_year", NULL};
  const char *fn = "flopcost.price.dated";
  fc_price_obs o[MAX_OBS];
  fc_price_quote q;
  size_t n;
  double rel = NAN, day, d;
  int st, ex;
  lfc_check_options(L, 1, fn);
  lfc_check_fields(L, 1, fn, known);
  n = read_observations(L, 1, fn, o);
  lua_getfield(L, 1, "released");
  if (!lua_isnil(L, -1)) rel = date_field(L, 1, fn, "released");
  lua_pop(L, 1);
  day = date_field(L, 1, fn, "as_of");
  lua_getfield(L, 1, "extrapolate");
  if (!lua_isnil(L, -1) && !lua_isboolean(L, -1)) lfc_field_error(L, fn, "extrapolate", "boolean", -1);
  ex = lua_toboolean(L, -1);
  lua_pop(L, 1);
  d = lfc_field_number_opt(L, 1, fn, "decline_oom_per_year", LFC_FINITE, FC_EPOCH_DECLINE_OOM_PER_YEAR);
  st = fc_price_dated(o, n, rel, day, ex, d, &q);
  if (st == FC_ERANGE) {
    if (day < rel) return lfc_fail(L, "out_of_range", "before the chip's release");
    return lfc_fail(L, "out_of_range", "outside the chip's dated prices");
  }
  if (st != FC_OK) return lfc_status_error(L, fn, st);
  lua_createtable(L, 0, 6);
  lfc_setnum(L, "usd", q.price);
  lfc_setnum(L, "lo", q.lo);
  lfc_setnum(L, "hi", q.hi);
  lua_pushinteger(L, (lua_Integer)q.index + 1);
  lua_setfield(L, -2, "index");
  lua_pushstring(L, fc_price_basis_name(o[q.index].basis));
  lua_setfield(L, -2, "basis");
  lua_pushstring(L, fc_price_how_name(q.how));
  lua_setfield(L, -2, "how");
  return 1;
}

/* core.price.domain(name) -> lo, hi, text: the bounds of "wacc", "trend" or
   "day" (fc_scenario.h FC_DOMAIN_*), for the Lua layer's field checks. */
static int l_domain(lua_State *L) {
  static const char *const names[] = {"wacc", "trend", "day", NULL};
  static const int kinds[] = {FC_DOMAIN_WACC, FC_DOMAIN_TREND, FC_DOMAIN_DAY};
  const char *s = lua_type(L, 1) == LUA_TSTRING ? lua_tostring(L, 1) : "";
  double lo, hi;
  int i, integral;
  for (i = 0; names[i]; i++)
    if (strcmp(names[i], s) == 0) break;
  if (!names[i]) return lfc_arg_error(L, 1, "flopcost.price.domain", "name", "'wacc', 'trend' or 'day'");
  fc_scenario_domain_bounds(kinds[i], &lo, &hi, &integral);
  lua_pushnumber(L, lo);
  lua_pushnumber(L, hi);
  lua_pushstring(L, fc_scenario_domain_text(kinds[i]));
  return 3;
}

static const luaL_Reg price_funcs[] = {
  {"domain", l_domain}, {"dated", l_dated},
  {"capex_shares", l_capex_shares}, {"date_days", l_date_days}, {"at", l_at},
  {"decline_fit", l_decline_fit},   {"epoch_value", l_epoch_value}, {NULL, NULL}
};

int lfc_open_price(lua_State *L) {
  int i;
  luaL_newlib(L, price_funcs);
  lua_newtable(L);
  for (i = 0; basis_names[i]; i++) {
    lua_pushstring(L, basis_names[i]);
    lua_rawseti(L, -2, i + 1);
  }
  lua_setfield(L, -2, "bases");
  lua_pushnumber(L, FC_EPOCH_DECLINE_OOM_PER_YEAR);
  lua_setfield(L, -2, "EPOCH_DECLINE_OOM_PER_YEAR");
  return 1;
}

/* core.convention.epoch_pue(organization or nil) -> 1.1 or 1.25 */
static int l_epoch_pue(lua_State *L) {
  const char *org = lua_type(L, 1) == LUA_TSTRING ? lua_tostring(L, 1) : NULL;
  if (!lua_isnoneornil(L, 1) && !org) {
    lua_pushvalue(L, 1);
    return lfc_field_error(L, "flopcost.convention.epoch_pue", "organization", "string or nil", -1);
  }
  lua_pushnumber(L, fc_convention_epoch_pue(org));
  return 1;
}

/* core.convention.us_industrial_usd_per_kwh(year) -> USD/kWh, or nil, message */
static int l_us_industrial(lua_State *L) {
  const char *fn = "flopcost.convention.us_industrial_usd_per_kwh";
  double y = lfc_arg_number(L, 1, fn, "year", LFC_FINITE), x;
  if (y != floor(y) || fc_convention_us_industrial_usd_per_kwh((int)y, &x) != FC_OK) {
    lua_pushfstring(L, "%s: no US industrial price for year %s (table 2010-2025)", fn, lua_tostring(L, 1));
    return lfc_fail(L, "no_data", lua_tostring(L, -1));
  }
  lua_pushnumber(L, x);
  return 1;
}

/* core.convention.ppi_data_processing(year) -> index, or nil, message, "no_data" */
static int l_ppi(lua_State *L) {
  const char *fn = "flopcost.convention.ppi_data_processing";
  double y = lfc_arg_number(L, 1, fn, "year", LFC_FINITE), x;
  if (y != floor(y) || y < 2010 || y > 2025 || fc_convention_ppi_data_processing((int)y, &x) != FC_OK) {
    lua_pushfstring(L, "%s: no PPI (PCU518210518210) for year %s (table 2010-2025)", fn, lua_tostring(L, 1));
    return lfc_fail(L, "no_data", lua_tostring(L, -1));
  }
  lua_pushnumber(L, x);
  return 1;
}

static const luaL_Reg conv_funcs[] = {
  {"epoch_pue", l_epoch_pue}, {"us_industrial_usd_per_kwh", l_us_industrial},
  {"ppi_data_processing", l_ppi}, {NULL, NULL}
};

int lfc_open_convention(lua_State *L) {
  int i;
  luaL_newlib(L, conv_funcs);
  lua_newtable(L);
  for (i = 0; i < FC_CONVENTION_COUNT; i++) {
    lua_pushstring(L, fc_convention_name(i));
    lua_rawseti(L, -2, i + 1);
  }
  lua_setfield(L, -2, "names");
  lua_pushnumber(L, FC_EPOCH_AVERAGE_POWER_FRACTION);
  lua_setfield(L, -2, "EPOCH_AVERAGE_POWER_FRACTION");
  lua_pushnumber(L, FC_EPOCH_AVERAGE_POWER_FRACTION_TPU);
  lua_setfield(L, -2, "EPOCH_AVERAGE_POWER_FRACTION_TPU");
  lua_pushnumber(L, FC_EPOCH_NETWORK_FRACTION);
  lua_setfield(L, -2, "EPOCH_NETWORK_FRACTION");
  return 1;
}
