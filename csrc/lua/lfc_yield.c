/* lfc_yield.c -- Lua binding of fc_yield (flopcost.yield). */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <lua.h>
#include <lauxlib.h>
#include "fc.h"
#include "lfc.h"
#include "lfc_util.h"

static const char *const model_names[] = {"poisson", "murphy", "seeds", "moore", "bose_einstein",
                                          "negative_binomial", NULL};

static double read_dpw(lua_State *L, int idx, const char *fn) {
  double d, w, h, dies;
  int st;
  d = lfc_field_number_opt(L, idx, fn, "wafer_diameter_mm", LFC_POSITIVE, 300.0);
  w = lfc_field_number_opt(L, idx, fn, "die_width_mm", LFC_POSITIVE, 0.0);
  h = lfc_field_number_opt(L, idx, fn, "die_height_mm", LFC_POSITIVE, 0.0);
  if ((w > 0.0) != (h > 0.0))
    luaL_error(L, "%s: fields 'die_width_mm' and 'die_height_mm' go together", fn);
  st = fc_yield_dies_per_wafer(d, w > 0.0 ? w * h : lfc_field_number(L, idx, fn, "die_area_mm2", LFC_POSITIVE),
                               w, h, lfc_field_number_opt(L, idx, fn, "edge_exclusion_mm", LFC_NONNEG, 0.0),
                               lfc_field_number_opt(L, idx, fn, "scribe_mm", LFC_NONNEG, 0.0), &dies);
  if (st == FC_EDOM) luaL_error(L, "%s: field 'edge_exclusion_mm': leaves no usable wafer", fn);
  if (st) lfc_status_error(L, fn, st);
  return dies;
}

/* Reads model, area, D0 and the model's parameter; returns the yield. */
static double read_yield(lua_State *L, int idx, const char *fn, double area) {
  int m = lfc_field_option(L, idx, fn, "model", model_names, FC_YIELD_MURPHY);
  double d0 = lfc_field_number(L, idx, fn, "defect_density_per_cm2", LFC_NONNEG), param = 0.0, y;
  int st;
  if (m == FC_YIELD_BOSE_EINSTEIN) {
    param = lfc_field_number(L, idx, fn, "critical_layers", FC_DOMAIN_GE1);
  }
  if (m == FC_YIELD_NEGATIVE_BINOMIAL) param = lfc_field_number(L, idx, fn, "alpha", LFC_POSITIVE);
  st = fc_yield_die_yield((fc_yield_model)m, area, d0, param, &y);
  if (st) lfc_status_error(L, fn, st);
  return y;
}

/* dies_per_wafer{wafer_diameter_mm=300, die_area_mm2= | die_width_mm=, die_height_mm=,
   edge_exclusion_mm=0, scribe_mm=0} -> gross dies (real), whole dies */
static int l_dies_per_wafer(lua_State *L) {
  static const char *const known[] = {"wafer_diameter_mm", "die_area_mm2", "die_width_mm",
                                      "die_height_mm", "edge_exclusion_mm", "scribe_mm", NULL};
  const char *fn = "flopcost.yield.dies_per_wafer";
  double dies;
  lfc_check_options(L, 1, fn);
  lfc_check_fields(L, 1, fn, known);
  dies = read_dpw(L, 1, fn);
  lua_pushnumber(L, dies);
  /* whole dies as an integer when representable (a 1e-9 mm^2 die is not) */
  if (dies < 9007199254740992.0) lua_pushinteger(L, (lua_Integer)floor(dies));
  else lua_pushnumber(L, floor(dies));
  return 2;
}

/* die_yield{model="murphy", die_area_mm2=, defect_density_per_cm2=, critical_layers=, alpha=} */
static int l_die_yield(lua_State *L) {
  static const char *const known[] = {"model", "die_area_mm2", "defect_density_per_cm2",
                                      "critical_layers", "alpha", NULL};
  const char *fn = "flopcost.yield.die_yield";
  lfc_check_options(L, 1, fn);
  lfc_check_fields(L, 1, fn, known);
  lua_pushnumber(L, read_yield(L, 1, fn, lfc_field_number(L, 1, fn, "die_area_mm2", LFC_POSITIVE)));
  return 1;
}

static const char *const gooddie_fields[] = {
  "wafer_cost_usd", "wafer_diameter_mm", "die_area_mm2", "die_width_mm", "die_height_mm",
  "edge_exclusion_mm", "scribe_mm", "model", "defect_density_per_cm2", "critical_layers",
  "alpha", "yield", NULL};

/* cost_per_good_die{wafer_cost_usd=, die_area_mm2=, defect_density_per_cm2= (or yield=), ...} */
static int l_cost_per_good_die(lua_State *L) {
  const char *fn = "flopcost.yield.cost_per_good_die";
  double wafer, dies, whole, y, usd, area;
  int st;
  lfc_check_options(L, 1, fn);
  lfc_check_fields(L, 1, fn, gooddie_fields);
  wafer = lfc_field_number(L, 1, fn, "wafer_cost_usd", LFC_NONNEG);
  dies = read_dpw(L, 1, fn);
  whole = floor(dies);
  if (whole < 1.0) return luaL_error(L, "%s: field 'die_area_mm2': no whole die fits on the wafer", fn);
  if (lua_getfield(L, 1, "yield") != LUA_TNIL) {
    lua_pop(L, 1);
    y = lfc_field_number(L, 1, fn, "yield", LFC_OPEN_UNIT);
  } else {
    lua_pop(L, 1);
    if (lua_getfield(L, 1, "die_width_mm") != LUA_TNIL)
      area = lfc_field_number(L, 1, fn, "die_width_mm", LFC_POSITIVE) *
             lfc_field_number(L, 1, fn, "die_height_mm", LFC_POSITIVE);
    else
      area = lfc_field_number(L, 1, fn, "die_area_mm2", LFC_POSITIVE);
    lua_pop(L, 1);
    y = read_yield(L, 1, fn, area);
  }
  st = fc_yield_cost_per_good_die(wafer, whole, y, &usd);
  if (st) return luaL_error(L, "%s: yield is zero: no good dies", fn);
  lua_createtable(L, 0, 5);
  lfc_setnum(L, "dies_per_wafer", dies);
  lfc_setnum(L, "whole_dies", whole);
  lfc_setnum(L, "yield", y);
  lfc_setnum(L, "good_dies", whole * y);
  lfc_setnum(L, "usd_per_good_die", usd);
  return 1;
}

/* hbm_stack{die_yield=, dies=8, bond_yield=} */
static int l_hbm_stack(lua_State *L) {
  static const char *const known[] = {"die_yield", "dies", "bond_yield", NULL};
  const char *fn = "flopcost.yield.hbm_stack";
  double y;
  int st;
  lfc_check_options(L, 1, fn);
  lfc_check_fields(L, 1, fn, known);
  st = fc_yield_hbm_stack(lfc_field_number(L, 1, fn, "die_yield", LFC_OPEN_UNIT),
                          (double)lfc_field_integer_opt(L, 1, fn, "dies", 1, 8),
                          lfc_field_number_opt(L, 1, fn, "bond_yield", LFC_OPEN_UNIT, 1.0), &y);
  if (st) return lfc_status_error(L, fn, st);
  lua_pushnumber(L, y);
  return 1;
}

static const char *const die_fields[] = {
  "wafer_cost_usd", "wafer_diameter_mm", "die_area_mm2", "edge_exclusion_mm", "scribe_mm",
  "model", "defect_density_per_cm2", "critical_layers", "alpha", "yield", "count", NULL};

void lfc_push_package(lua_State *L, const fc_package_result *r, size_t n) {
  size_t i;
  lua_createtable(L, 0, 12);
  lfc_setnum(L, "logic_usd", r->logic_usd);
  lfc_setnum(L, "hbm_usd", r->hbm_usd);
  lfc_setnum(L, "interposer_usd", r->interposer_usd);
  lfc_setnum(L, "substrate_usd", r->substrate_usd);
  lfc_setnum(L, "assembly_usd", r->assembly_usd);
  lfc_setnum(L, "test_usd", r->test_usd);
  lfc_setnum(L, "bonding_yield", r->bonding_yield);
  lfc_setnum(L, "scrap_usd", r->scrap_usd);
  lfc_setnum(L, "total_usd", r->total_usd);
  lua_createtable(L, (int)n, 0);
  for (i = 0; i < n; i++) {
    lua_createtable(L, 0, 3);
    lfc_setnum(L, "dies_per_wafer", r->dies_per_wafer[i]);
    lfc_setnum(L, "yield", r->die_yield[i]);
    lfc_setnum(L, "usd_per_good_die", r->usd_per_good_die[i]);
    lua_rawseti(L, -2, (lua_Integer)i + 1);
  }
  lua_setfield(L, -2, "dies");
}

/* package{dies = {{die spec}, ...}, hbm_stacks=, ...} (see fc_yield.h) */
static int l_package(lua_State *L) {
  static const char *const known[] = {
    "dies", "hbm_stacks", "hbm_stack_cost_usd", "interposer_area_mm2", "interposer_usd_per_mm2",
    "interposer_defect_density_per_cm2", "interposer_alpha", "substrate_usd", "assembly_usd",
    "bonding_yield", "test_usd", NULL};
  const char *fn = "flopcost.yield.package", *bad = NULL;
  fc_package_spec p;
  fc_package_result r;
  size_t i, n;
  int st;
  lfc_check_options(L, 1, fn);
  lfc_check_fields(L, 1, fn, known);
  memset(&p, 0, sizeof p);
  if (lua_getfield(L, 1, "dies") != LUA_TTABLE) lfc_field_error(L, fn, "dies", "list of die tables", -1);
  n = lua_rawlen(L, -1);
  if (n < 1 || n > 8) return luaL_error(L, "%s: field 'dies': 1 to 8 die kinds expected, got %d", fn, (int)n);
  p.n_dies = n;
  for (i = 0; i < n; i++) {
    char where[64];
    fc_yield_die_spec *d = &p.dies[i];
    int m;
    snprintf(where, sizeof where, "%s: dies[%d]", fn, (int)i + 1);
    lua_rawgeti(L, -1, (lua_Integer)i + 1);
    lfc_check_options(L, -1, where);
    lfc_check_fields(L, -1, where, die_fields);
    d->wafer_cost_usd = lfc_field_number(L, -1, where, "wafer_cost_usd", LFC_NONNEG);
    d->wafer_diameter_mm = lfc_field_number_opt(L, -1, where, "wafer_diameter_mm", LFC_POSITIVE, 300.0);
    d->die_area_mm2 = lfc_field_number(L, -1, where, "die_area_mm2", LFC_POSITIVE);
    d->edge_exclusion_mm = lfc_field_number_opt(L, -1, where, "edge_exclusion_mm", LFC_NONNEG, 0.0);
    d->scribe_mm = lfc_field_number_opt(L, -1, where, "scribe_mm", LFC_NONNEG, 0.0);
    d->count = lfc_field_number_opt(L, -1, where, "count", LFC_POSITIVE, 1.0);
    d->yield_override = lfc_field_number_opt(L, -1, where, "yield", LFC_OPEN_UNIT, 0.0);
    if (d->yield_override == 0.0) {
      m = lfc_field_option(L, -1, where, "model", model_names, FC_YIELD_MURPHY);
      d->model = (fc_yield_model)m;
      d->defect_density_per_cm2 = lfc_field_number(L, -1, where, "defect_density_per_cm2", LFC_NONNEG);
      if (m == FC_YIELD_NEGATIVE_BINOMIAL) d->model_param = lfc_field_number(L, -1, where, "alpha", LFC_POSITIVE);
      if (m == FC_YIELD_BOSE_EINSTEIN)
        d->model_param = lfc_field_number(L, -1, where, "critical_layers", LFC_POSITIVE);
    }
    lua_pop(L, 1);
  }
  lua_pop(L, 1);
  p.hbm_stacks = lfc_field_number_opt(L, 1, fn, "hbm_stacks", LFC_NONNEG, 0.0);
  p.hbm_stack_cost_usd = lfc_field_number_opt(L, 1, fn, "hbm_stack_cost_usd", LFC_NONNEG, 0.0);
  p.interposer_area_mm2 = lfc_field_number_opt(L, 1, fn, "interposer_area_mm2", LFC_NONNEG, 0.0);
  p.interposer_usd_per_mm2 = lfc_field_number_opt(L, 1, fn, "interposer_usd_per_mm2", LFC_NONNEG, 0.0);
  p.interposer_defect_density_per_cm2 =
      lfc_field_number_opt(L, 1, fn, "interposer_defect_density_per_cm2", LFC_NONNEG, 0.0);
  p.interposer_alpha = lfc_field_number_opt(L, 1, fn, "interposer_alpha", LFC_POSITIVE, 6.0);
  p.substrate_usd = lfc_field_number_opt(L, 1, fn, "substrate_usd", LFC_NONNEG, 0.0);
  p.assembly_usd = lfc_field_number_opt(L, 1, fn, "assembly_usd", LFC_NONNEG, 0.0);
  p.bonding_yield = lfc_field_number_opt(L, 1, fn, "bonding_yield", LFC_OPEN_UNIT, 1.0);
  p.test_usd = lfc_field_number_opt(L, 1, fn, "test_usd", LFC_NONNEG, 0.0);
  st = fc_yield_package(&p, &r, &bad);
  if (st == FC_EDOM && bad && strcmp(bad, "die_area_mm2") == 0)
    return luaL_error(L, "%s: field 'dies': a die is larger than the wafer can hold", fn);
  if (st) return lfc_status_error(L, fn, st);
  lfc_push_package(L, &r, n);
  return 1;
}

static const luaL_Reg funcs[] = {
  {"dies_per_wafer", l_dies_per_wafer}, {"die_yield", l_die_yield},
  {"cost_per_good_die", l_cost_per_good_die}, {"hbm_stack", l_hbm_stack},
  {"package", l_package}, {NULL, NULL}
};

int lfc_open_yield(lua_State *L) {
  luaL_newlib(L, funcs);
  return 1;
}
