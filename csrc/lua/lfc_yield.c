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
  d = lfc_field_number_opt(L, idx, fn, "wafer_diameter_mm", LFC_POSITIVE, FC_WAFER_DIAMETER_MM);
  w = lfc_field_number_opt(L, idx, fn, "die_width_mm", LFC_POSITIVE, 0.0);
  h = lfc_field_number_opt(L, idx, fn, "die_height_mm", LFC_POSITIVE, 0.0);
  if ((w > 0.0) != (h > 0.0))
    luaL_error(L, "%s: fields 'die_width_mm' and 'die_height_mm' go together", fn);
  st = fc_yield_dies_per_wafer(d, w > 0.0 ? w * h : lfc_field_number(L, idx, fn, "die_area_mm2", LFC_POSITIVE),
                               w, h, lfc_field_number_opt(L, idx, fn, "edge_exclusion_mm", LFC_NONNEG, 0.0),
                               lfc_field_number_opt(L, idx, fn, "scribe_mm", LFC_NONNEG, 0.0), &dies);
  if (st == FC_EDOM) luaL_error(L, "%s: field 'edge_exclusion_mm': leaves no usable wafer", fn);
  if (st == FC_ERANGE)
    luaL_error(L, "%s: field '%s': so small a die gives more dies per wafer than a double holds", fn,
               w > 0.0 ? "die_width_mm" : "die_area_mm2");
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

/* The process and yield fields of one die kind (area and count are the caller's). */
static void read_die(lua_State *L, int idx, const char *where, fc_yield_die_spec *d) {
  int m;
  d->wafer_cost_usd = lfc_field_number(L, idx, where, "wafer_cost_usd", LFC_NONNEG);
  d->wafer_diameter_mm = lfc_field_number_opt(L, idx, where, "wafer_diameter_mm", LFC_POSITIVE, FC_WAFER_DIAMETER_MM);
  d->edge_exclusion_mm = lfc_field_number_opt(L, idx, where, "edge_exclusion_mm", LFC_NONNEG, 0.0);
  d->scribe_mm = lfc_field_number_opt(L, idx, where, "scribe_mm", LFC_NONNEG, 0.0);
  d->yield_override = lfc_field_number_opt(L, idx, where, "yield", LFC_OPEN_UNIT, 0.0);
  if (d->yield_override == 0.0) {
    m = lfc_field_option(L, idx, where, "model", model_names, FC_YIELD_MURPHY);
    d->model = (fc_yield_model)m;
    d->defect_density_per_cm2 = lfc_field_number(L, idx, where, "defect_density_per_cm2", LFC_NONNEG);
    if (m == FC_YIELD_NEGATIVE_BINOMIAL) d->model_param = lfc_field_number(L, idx, where, "alpha", LFC_POSITIVE);
    if (m == FC_YIELD_BOSE_EINSTEIN)
      d->model_param = lfc_field_number(L, idx, where, "critical_layers", LFC_POSITIVE);
  }
}

/* The package fields beside the dies (interposer area is the caller's). */
static void read_package(lua_State *L, int idx, const char *fn, fc_package_spec *p) {
  p->hbm_stacks = lfc_field_number_opt(L, idx, fn, "hbm_stacks", LFC_NONNEG, 0.0);
  p->hbm_stack_cost_usd = lfc_field_number_opt(L, idx, fn, "hbm_stack_cost_usd", LFC_NONNEG, 0.0);
  p->interposer_usd_per_mm2 = lfc_field_number_opt(L, idx, fn, "interposer_usd_per_mm2", LFC_NONNEG, 0.0);
  p->interposer_defect_density_per_cm2 =
      lfc_field_number_opt(L, idx, fn, "interposer_defect_density_per_cm2", LFC_NONNEG, 0.0);
  p->interposer_alpha = lfc_field_number_opt(L, idx, fn, "interposer_alpha", LFC_POSITIVE, FC_INTERPOSER_ALPHA);
  p->substrate_usd = lfc_field_number_opt(L, idx, fn, "substrate_usd", LFC_NONNEG, 0.0);
  p->assembly_usd = lfc_field_number_opt(L, idx, fn, "assembly_usd", LFC_NONNEG, 0.0);
  p->bonding_yield = lfc_field_number_opt(L, idx, fn, "bonding_yield", LFC_OPEN_UNIT, 1.0);
  p->test_usd = lfc_field_number_opt(L, idx, fn, "test_usd", LFC_NONNEG, 0.0);
}

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
    snprintf(where, sizeof where, "%s: dies[%d]", fn, (int)i + 1);
    lua_rawgeti(L, -1, (lua_Integer)i + 1);
    lfc_check_options(L, -1, where);
    lfc_check_fields(L, -1, where, die_fields);
    read_die(L, -1, where, &p.dies[i]);
    p.dies[i].die_area_mm2 = lfc_field_number(L, -1, where, "die_area_mm2", LFC_POSITIVE);
    p.dies[i].count = lfc_field_number_opt(L, -1, where, "count", LFC_POSITIVE, 1.0);
    lua_pop(L, 1);
  }
  lua_pop(L, 1);
  read_package(L, 1, fn, &p);
  p.interposer_area_mm2 = lfc_field_number_opt(L, 1, fn, "interposer_area_mm2", LFC_NONNEG, 0.0);
  st = fc_yield_package(&p, &r, &bad);
  if (st == FC_EDOM && bad && strcmp(bad, "die_area_mm2") == 0)
    return luaL_error(L, "%s: field 'dies': a die is larger than the wafer can hold", fn);
  if (st) return lfc_status_error(L, fn, st);
  lfc_push_package(L, &r, n);
  return 1;
}

/* chiplet_vs_monolithic{total_area_mm2=, chiplets=2, d2d_overhead=0.1, interposer_area_factor=3,
   the die's process fields, the package fields} -> {monolithic=, chiplet=, ratio=, chiplet_area_mm2=}
   (fc_yield_chiplet_compare; defaults and sources: chiplet_defaults()) */
static int l_chiplet_vs_monolithic(lua_State *L) {
  static const char *const known[] = {
    "total_area_mm2", "chiplets", "d2d_overhead", "interposer_area_factor", "wafer_cost_usd",
    "wafer_diameter_mm", "edge_exclusion_mm", "scribe_mm", "model", "defect_density_per_cm2", "alpha",
    "critical_layers", "yield", "bonding_yield", "interposer_usd_per_mm2", "interposer_defect_density_per_cm2",
    "interposer_alpha", "hbm_stacks", "hbm_stack_cost_usd", "substrate_usd", "assembly_usd", "test_usd", NULL};
  static const struct { const char *field, *what; } domains[] = {
    {"total_area_mm2", "positive number"}, {"chiplets", "integer >= 2"},
    {"d2d_overhead", "non-negative number"}, {"interposer_area_factor", "number >= 1"}};
  const char *fn = "flopcost.yield.chiplet_vs_monolithic", *bad = NULL;
  fc_chiplet_spec sp;
  fc_chiplet_result r;
  size_t i;
  int st;
  lfc_check_options(L, 1, fn);
  lfc_check_fields(L, 1, fn, known);
  fc_yield_chiplet_defaults(&sp);
  for (i = 0; i < sizeof domains / sizeof domains[0]; i++) {
    double *const in[] = {&sp.total_area_mm2, &sp.chiplets, &sp.d2d_overhead, &sp.interposer_area_factor};
    double *x = in[i];
    int t = lua_getfield(L, 1, domains[i].field);
    if (t != LUA_TNIL || i == 0) {
      if (t != LUA_TNUMBER) lfc_field_error(L, fn, domains[i].field, domains[i].what, -1);
      *x = lua_tonumber(L, -1);
      if (i == 1 && !lua_isinteger(L, -1)) lfc_field_error(L, fn, domains[i].field, domains[i].what, -1);
    }
    lua_pop(L, 1);
  }
  if ((st = fc_yield_chiplet_check(&sp, &bad)) == FC_OK) {
    read_die(L, 1, fn, &sp.package.dies[0]);
    read_package(L, 1, fn, &sp.package);
    st = fc_yield_chiplet_compare(&sp, &r, &bad);
  }
  for (i = 0; st == FC_EDOM && bad && i < sizeof domains / sizeof domains[0]; i++)
    if (strcmp(bad, domains[i].field) == 0) {
      lua_getfield(L, 1, bad);
      return lfc_field_error(L, fn, bad, domains[i].what, -1);
    }
  if (st == FC_EDOM && bad && strcmp(bad, "die_area_mm2") == 0)
    return luaL_error(L, "%s: field 'total_area_mm2': a die is larger than the wafer can hold", fn);
  if (st) return lfc_status_error(L, fn, st);
  lua_createtable(L, 0, 4);
  lfc_push_package(L, &r.monolithic, 1);
  lua_setfield(L, -2, "monolithic");
  lfc_push_package(L, &r.chiplet, 1);
  lua_setfield(L, -2, "chiplet");
  lfc_setnum(L, "ratio", r.ratio);
  lfc_setnum(L, "chiplet_area_mm2", r.chiplet_area_mm2);
  return 1;
}

/* chiplet_defaults() -> {name = {value=, lo=, hi=, source=}} */
static int l_chiplet_defaults(lua_State *L) {
  size_t i, n = fc_yield_chiplet_default_count();
  lua_createtable(L, 0, (int)n);
  for (i = 0; i < n; i++) {
    const char *name, *source;
    double v, lo, hi;
    fc_yield_chiplet_default(i, &name, &v, &lo, &hi, &source);
    lua_createtable(L, 0, 4);
    lfc_setnum(L, "value", v);
    lfc_setnum(L, "lo", lo);
    lfc_setnum(L, "hi", hi);
    lua_pushstring(L, source);
    lua_setfield(L, -2, "source");
    lua_setfield(L, -2, name);
  }
  return 1;
}

static const luaL_Reg funcs[] = {
  {"dies_per_wafer", l_dies_per_wafer}, {"die_yield", l_die_yield},
  {"cost_per_good_die", l_cost_per_good_die}, {"hbm_stack", l_hbm_stack},
  {"package", l_package}, {"chiplet_vs_monolithic", l_chiplet_vs_monolithic},
  {"chiplet_defaults", l_chiplet_defaults}, {NULL, NULL}
};

int lfc_open_yield(lua_State *L) {
  luaL_newlib(L, funcs);
  return 1;
}
