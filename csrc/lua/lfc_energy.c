/* lfc_energy.c -- Lua binding of fc_energy (flopcost.energy). */
#include <math.h>
#include <stdio.h>
#include <lua.h>
#include <lauxlib.h>
#include "fc.h"
#include "lfc.h"
#include "lfc_util.h"

#define CURVE_MT "flopcost.PowerCurve"

/* The userdata holds a pointer to the core curve; __gc frees it. */
static fc_power_curve **new_box(lua_State *L) {
  fc_power_curve **box = (fc_power_curve **)lua_newuserdatauv(L, sizeof *box, 0);
  *box = NULL;
  luaL_setmetatable(L, CURVE_MT);
  return box;
}

/* Builds a curve from {utilization = {...}, power_w = {...}} at idx; pushes the userdata. */
static fc_power_curve *build_curve(lua_State *L, int idx, const char *fn) {
  double u[FC_CURVE_MAX_POINTS], w[FC_CURVE_MAX_POINTS];
  size_t n, m, i;
  int st;
  fc_power_curve **box;
  idx = lua_absindex(L, idx);
  if (lua_getfield(L, idx, "utilization") != LUA_TTABLE)
    lfc_field_error(L, fn, "utilization", "array of numbers in [0, 1]", -1);
  if (lua_getfield(L, idx, "power_w") != LUA_TTABLE)
    lfc_field_error(L, fn, "power_w", "array of positive numbers", -1);
  n = lua_rawlen(L, -2);
  m = lua_rawlen(L, -1);
  if (n != m) luaL_error(L, "%s: field 'power_w': %d values expected (one per utilization), got %d", fn, (int)n, (int)m);
  if (n < 2 || n > FC_CURVE_MAX_POINTS)
    luaL_error(L, "%s: field 'utilization': 2 to %d points expected, got %d", fn, FC_CURVE_MAX_POINTS, (int)n);
  for (i = 0; i < n; i++) {
    char f[48];
    lua_rawgeti(L, -2, (lua_Integer)i + 1);
    snprintf(f, sizeof f, "utilization[%d]", (int)i + 1);
    u[i] = lfc_check_value(L, -1, fn, f, FC_DOMAIN_FRAC);
    if (i > 0 && !(u[i] > u[i - 1])) {
      snprintf(f, sizeof f, "utilization[%d]", (int)i + 1);
      lfc_field_error(L, fn, f, "value above the previous one (strictly increasing)", -1);
    }
    lua_pop(L, 1);
    lua_rawgeti(L, -1, (lua_Integer)i + 1);
    snprintf(f, sizeof f, "power_w[%d]", (int)i + 1);
    w[i] = lfc_check_value(L, -1, fn, f, FC_DOMAIN_POS);
    lua_pop(L, 1);
  }
  lua_pop(L, 2);
  box = new_box(L);
  *box = fc_energy_curve_alloc(u, w, n, &st);
  if (!*box) lfc_status_error(L, fn, st);
  return *box;
}

/* The curve at t[field]: a PowerCurve userdata or a {utilization, power_w} table.
   Returns NULL when absent; pushes one value (the curve or nil). */
static const fc_power_curve *opt_curve(lua_State *L, int idx, const char *fn) {
  int t = lua_getfield(L, idx, "power_curve");
  fc_power_curve **box;
  if (t == LUA_TNIL) return NULL;
  if ((box = (fc_power_curve **)luaL_testudata(L, -1, CURVE_MT)) != NULL && *box) return *box;
  if (t == LUA_TTABLE) {
    const fc_power_curve *c = build_curve(L, -1, fn);
    lua_remove(L, -2);
    return c;
  }
  lfc_field_error(L, fn, "power_curve", "power curve or {utilization=, power_w=} table", -1);
  return NULL;
}

/* Board power from power_w=, or utilization= with power_curve= or tdp_w= (and idle_w=). */
static double board_power(lua_State *L, const char *fn) {
  const fc_power_curve *c;
  double u, tdp, idle, w;
  int st;
  if (lua_getfield(L, 1, "power_w") != LUA_TNIL) {
    lua_pop(L, 1);
    return lfc_field_number(L, 1, fn, "power_w", LFC_POSITIVE);
  }
  lua_pop(L, 1);
  u = lfc_field_number(L, 1, fn, "utilization", LFC_FRACTION);
  c = opt_curve(L, 1, fn);
  if (c) {
    st = fc_energy_curve_eval(c, u, &w);
    lua_pop(L, 1);
    if (st) lfc_status_error(L, fn, st);
    return w;
  }
  lua_pop(L, 1);
  tdp = lfc_field_number(L, 1, fn, "tdp_w", LFC_POSITIVE);
  /* no idle figure: the share of TDP every scenario uses (fc_compose_idle_w) */
  idle = fc_compose_idle_w(tdp, lfc_field_number_opt(L, 1, fn, "idle_w", LFC_NONNEG, NAN));
  if (idle > tdp) {
    lua_getfield(L, 1, "idle_w");
    lfc_field_error(L, fn, "idle_w", "number not above tdp_w", -1);
  }
  fc_energy_linear_power_w(idle, tdp, u, &w);
  return w;
}

static const char *const power_fields[] = {"power_w", "utilization", "power_curve", "tdp_w", "idle_w", NULL};

static int l_power_w(lua_State *L) {
  const char *fn = "flopcost.energy.power_w";
  lfc_check_options(L, 1, fn);
  lfc_check_fields(L, 1, fn, power_fields);
  lua_pushnumber(L, board_power(L, fn));
  return 1;
}

/* Reads the energy options shared by kwh and cost. */
static void read_energy(lua_State *L, const char *fn, fc_energy_params *p) {
  p->chip_hours = lfc_field_number(L, 1, fn, "chip_hours", LFC_NONNEG);
  p->power_w = board_power(L, fn);
  p->server_power_multiple = lfc_field_number_opt(L, 1, fn, "server_power_multiple", FC_DOMAIN_GE1, 1.0);
  p->pue = lfc_field_number_opt(L, 1, fn, "pue", FC_DOMAIN_GE1, 1.0);
  p->price_per_kwh = lfc_field_number_opt(L, 1, fn, "price_per_kwh", LFC_NONNEG, 0.0);
  p->green_share = lfc_field_number_opt(L, 1, fn, "green_share", LFC_FRACTION, 0.0);
  p->grid_kg_co2_per_kwh = lfc_field_number_opt(L, 1, fn, "grid_kg_co2_per_kwh", LFC_NONNEG, 0.0);
  p->carbon_price_per_t = lfc_field_number_opt(L, 1, fn, "carbon_price_per_t", LFC_NONNEG, 0.0);
}

static const char *const energy_fields[] = {
  "chip_hours", "power_w", "utilization", "power_curve", "tdp_w", "idle_w",
  "server_power_multiple", "pue", "price_per_kwh", "currency", "green_share",
  "grid_kg_co2_per_kwh", "carbon_price_per_t", NULL};

/* Reads the options at 1 and computes; raises on any error. */
static void compute(lua_State *L, const char *fn, fc_energy_params *p, fc_energy_result *r) {
  const char *bad = NULL;
  int st;
  lfc_check_options(L, 1, fn);
  lfc_check_fields(L, 1, fn, energy_fields);
  read_energy(L, fn, p);
  st = fc_energy_compute(p, r, &bad);
  if (st) lfc_status_error(L, fn, st);
}

/* kwh{chip_hours=, power_w= | utilization= + power_curve= | tdp_w= [idle_w=], pue=1, server_power_multiple=1} */
static int l_kwh(lua_State *L) {
  fc_energy_params p;
  fc_energy_result r;
  compute(L, "flopcost.energy.kwh", &p, &r);
  lfc_push_result(L, "flopcost.energy.kwh", r.kwh);
  return 1;
}

/* cost{... as kwh, price_per_kwh=, currency=, green_share=, grid_kg_co2_per_kwh=, carbon_price_per_t=} */
static int l_cost(lua_State *L) {
  fc_energy_params p;
  fc_energy_result r;
  compute(L, "flopcost.energy.cost", &p, &r);
  lua_createtable(L, 0, 8);
  lfc_setnum(L, "power_w", p.power_w);
  lfc_setnum(L, "it_kwh", r.it_kwh);
  lfc_setnum(L, "kwh", r.kwh);
  lfc_setnum(L, "cost", r.cost);
  lfc_setnum(L, "kg_co2", r.kg_co2);
  lfc_setnum(L, "t_co2", r.kg_co2 / 1000.0);
  lfc_setnum(L, "carbon_cost", r.carbon_cost);
  if (lua_getfield(L, 1, "currency") == LUA_TSTRING) lua_setfield(L, -2, "currency");
  else lua_pop(L, 1);
  return 1;
}

/* ---- the PowerCurve object ---- */

static int l_power_curve(lua_State *L) {
  static const char *const known[] = {"utilization", "power_w", NULL};
  const char *fn = "flopcost.energy.power_curve";
  lfc_check_options(L, 1, fn);
  lfc_check_fields(L, 1, fn, known);
  build_curve(L, 1, fn);
  return 1;
}

static fc_power_curve *check_curve(lua_State *L, const char *fn) {
  fc_power_curve **box = (fc_power_curve **)lfc_check_self(L, CURVE_MT, fn);
  if (!*box) luaL_error(L, "flopcost.PowerCurve: curve already freed");
  return *box;
}

/* curve(u) or curve:power_w(u) */
static int c_power_w(lua_State *L) {
  fc_power_curve *c = check_curve(L, "flopcost.PowerCurve:power_w");
  double u = lfc_arg_number(L, 2, "flopcost.PowerCurve", "utilization", LFC_FRACTION), w;
  int st = fc_energy_curve_eval(c, u, &w);
  if (st) return lfc_status_error(L, "flopcost.PowerCurve", st);
  lua_pushnumber(L, w);
  return 1;
}

/* curve:points() -> {utilization = {...}, power_w = {...}, slope_w = {...}} (the slope at each
   point, W per unit of utilization: fc_energy_curve_slope) */
static int c_points(lua_State *L) {
  fc_power_curve *c = check_curve(L, "flopcost.PowerCurve:points");
  size_t i, n = fc_energy_curve_size(c);
  lua_createtable(L, 0, 3);
  lua_createtable(L, (int)n, 0);
  lua_createtable(L, (int)n, 0);
  lua_createtable(L, (int)n, 0);
  for (i = 0; i < n; i++) {
    double u, w, d;
    fc_energy_curve_point(c, i, &u, &w);
    if (fc_energy_curve_slope(c, i, &d) != FC_OK) d = NAN;
    lua_pushnumber(L, u);
    lua_rawseti(L, -4, (lua_Integer)i + 1);
    lua_pushnumber(L, w);
    lua_rawseti(L, -3, (lua_Integer)i + 1);
    lua_pushnumber(L, d);
    lua_rawseti(L, -2, (lua_Integer)i + 1);
  }
  lua_setfield(L, -4, "slope_w");
  lua_setfield(L, -3, "power_w");
  lua_setfield(L, -2, "utilization");
  return 1;
}

static int c_tostring(lua_State *L) {
  fc_power_curve *c = check_curve(L, "flopcost.PowerCurve:__tostring");
  double u0, w0, u1, w1;
  size_t n = fc_energy_curve_size(c);
  fc_energy_curve_point(c, 0, &u0, &w0);
  fc_energy_curve_point(c, n - 1, &u1, &w1);
  lua_pushfstring(L, "flopcost.PowerCurve (%d points: %f W at %f to %f W at %f)", (int)n, w0, u0, w1, u1);
  return 1;
}

static int c_gc(lua_State *L) {
  fc_power_curve **box = (fc_power_curve **)luaL_checkudata(L, 1, CURVE_MT);
  fc_energy_curve_free(*box);
  *box = NULL;
  return 0;
}

static const luaL_Reg curve_methods[] = {{"power_w", c_power_w}, {"points", c_points}, {NULL, NULL}};

static const luaL_Reg funcs[] = {
  {"power_curve", l_power_curve}, {"power_w", l_power_w}, {"kwh", l_kwh}, {"cost", l_cost},
  {NULL, NULL}
};

int lfc_open_energy(lua_State *L) {
  if (lfc_newmetatable(L, CURVE_MT)) {
    luaL_newlib(L, curve_methods);
    lua_setfield(L, -2, "__index");
    lua_pushcfunction(L, c_power_w);
    lua_setfield(L, -2, "__call");
    lua_pushcfunction(L, c_tostring);
    lua_setfield(L, -2, "__tostring");
    lua_pushcfunction(L, c_gc);
    lua_setfield(L, -2, "__gc");
  }
  lua_pop(L, 1);
  luaL_newlib(L, funcs);
  return 1;
}
