/* lfc_buildout.c -- Lua binding of fc_buildout (flopcost.core.buildout) and
** flopcost.finance.interest_during_construction: converts and checks. */
#include <math.h>
#include <lua.h>
#include <lauxlib.h>
#include "fc.h"
#include "fc_buildout.h"
#include "lfc.h"
#include "lfc_util.h"

static const char *const spend_names[] = {"linear", "s-curve", NULL};

static size_t read_months(lua_State *L, int idx, const char *fn) {
  double m = lfc_field_number(L, idx, fn, "months", LFC_POSITIVE);
  if (m != floor(m) || m > FC_BUILDOUT_MAX_MONTHS)
    luaL_error(L, "%s: field 'months': a whole number of months in 1..%d expected, got %s", fn,
               (int)FC_BUILDOUT_MAX_MONTHS, lua_pushfstring(L, "%f", m));
  return (size_t)m;
}

/* interest_during_construction{capex_usd, months, rate, spend = "linear"|"s-curve"} -> usd */
int lfc_buildout_idc(lua_State *L) {
  static const char *const known[] = {"capex_usd", "months", "rate", "spend", NULL};
  const char *fn = "flopcost.finance.interest_during_construction";
  double idc, capex, rate;
  size_t months;
  int spend, st;
  lfc_check_options(L, 1, fn);
  lfc_check_fields(L, 1, fn, known);
  capex = lfc_field_number(L, 1, fn, "capex_usd", LFC_NONNEG);
  months = read_months(L, 1, fn);
  rate = lfc_field_number(L, 1, fn, "rate", LFC_FRACTION);
  spend = lfc_field_option(L, 1, fn, "spend", spend_names, FC_SPEND_LINEAR);
  st = fc_buildout_idc(capex, months, rate, (fc_spend_curve)spend, &idc);
  if (st) return lfc_status_error(L, fn, st);
  lfc_push_result(L, fn, idc);
  return 1;
}

/* spend{capex_usd, months, spend} -> {draw month 1, ...} */
static int l_spend(lua_State *L) {
  static const char *const known[] = {"capex_usd", "months", "spend", NULL};
  const char *fn = "flopcost.buildout.spend";
  double draw[FC_BUILDOUT_MAX_MONTHS];
  size_t months, m;
  int st;
  lfc_check_options(L, 1, fn);
  lfc_check_fields(L, 1, fn, known);
  months = read_months(L, 1, fn);
  st = fc_buildout_spend(lfc_field_number(L, 1, fn, "capex_usd", LFC_NONNEG), months,
                         (fc_spend_curve)lfc_field_option(L, 1, fn, "spend", spend_names, FC_SPEND_LINEAR), draw);
  if (st) return lfc_status_error(L, fn, st);
  lua_createtable(L, (int)months, 0);
  for (m = 0; m < months; m++) { lua_pushnumber(L, draw[m]); lua_rawseti(L, -2, (lua_Integer)m + 1); }
  return 1;
}

static const char *const waiting_names[] = {"construction", "equipment", "grid", "bridge"};

/* time_to_power{construction_months, equipment_lead_months, grid_months, bridge_months, bridge = bool} */
static int l_time_to_power(lua_State *L) {
  static const char *const known[] = {"construction_months", "equipment_lead_months", "grid_months",
                                      "bridge_months", "bridge", NULL};
  const char *fn = "flopcost.buildout.time_to_power";
  fc_power_timeline t;
  fc_power_dates d;
  int st;
  lfc_check_options(L, 1, fn);
  lfc_check_fields(L, 1, fn, known);
  t.construction_months = lfc_field_number(L, 1, fn, "construction_months", LFC_POSITIVE);
  t.equipment_lead_months = lfc_field_number_opt(L, 1, fn, "equipment_lead_months", LFC_NONNEG, 0.0);
  t.grid_months = lfc_field_number(L, 1, fn, "grid_months", LFC_NONNEG);
  t.bridge_months = lfc_field_number_opt(L, 1, fn, "bridge_months", LFC_NONNEG, 0.0);
  lua_getfield(L, 1, "bridge");
  if (!lua_isnil(L, -1) && !lua_isboolean(L, -1)) lfc_field_error(L, fn, "bridge", "boolean", -1);
  t.bridge = lua_toboolean(L, -1);
  lua_pop(L, 1);
  if ((st = fc_buildout_time_to_power(&t, &d))) return lfc_status_error(L, fn, st);
  lua_createtable(L, 0, 4);
  lfc_setnum(L, "energized_months", d.energized_months);
  lfc_setnum(L, "grid_months", d.grid_months);
  lfc_setnum(L, "bridge_run_months", d.bridge_run_months);
  lua_pushstring(L, waiting_names[d.waiting_on]);
  lua_setfield(L, -2, "waiting_on");
  return 1;
}

/* bridge_cost{capex_usd_per_kw, heat_rate_mmbtu_per_mwh, fuel_usd_per_mmbtu, kg_co2_per_mmbtu, kw, months, load_factor} */
static int l_bridge_cost(lua_State *L) {
  static const char *const known[] = {"capex_usd_per_kw", "heat_rate_mmbtu_per_mwh", "fuel_usd_per_mmbtu",
                                      "kg_co2_per_mmbtu", "kw", "months", "load_factor", NULL};
  const char *fn = "flopcost.buildout.bridge_cost";
  fc_bridge_plant p;
  double capex, fuel, co2;
  int st;
  lfc_check_options(L, 1, fn);
  lfc_check_fields(L, 1, fn, known);
  p.capex_usd_per_kw = lfc_field_number(L, 1, fn, "capex_usd_per_kw", LFC_NONNEG);
  p.heat_rate_mmbtu_per_mwh = lfc_field_number(L, 1, fn, "heat_rate_mmbtu_per_mwh", LFC_POSITIVE);
  p.fuel_usd_per_mmbtu = lfc_field_number(L, 1, fn, "fuel_usd_per_mmbtu", LFC_NONNEG);
  p.kg_co2_per_mmbtu = lfc_field_number(L, 1, fn, "kg_co2_per_mmbtu", LFC_NONNEG);
  st = fc_buildout_bridge_cost(&p, lfc_field_number(L, 1, fn, "kw", LFC_NONNEG),
                               lfc_field_number(L, 1, fn, "months", LFC_NONNEG),
                               lfc_field_number(L, 1, fn, "load_factor", LFC_FRACTION), &capex, &fuel, &co2);
  if (st) return lfc_status_error(L, fn, st);
  lua_createtable(L, 0, 3);
  lfc_setnum(L, "capex_usd", capex);
  lfc_setnum(L, "fuel_usd", fuel);
  lfc_setnum(L, "t_co2", co2);
  return 1;
}

/* idle_chips{price_usd, idle_months, cost_of_capital, price_decline_per_year} */
static int l_idle_chips(lua_State *L) {
  static const char *const known[] = {"price_usd", "idle_months", "cost_of_capital", "price_decline_per_year", NULL};
  const char *fn = "flopcost.buildout.idle_chips";
  double early, late, r, d;
  int st;
  lfc_check_options(L, 1, fn);
  lfc_check_fields(L, 1, fn, known);
  r = lfc_field_number(L, 1, fn, "cost_of_capital", LFC_RATE);
  d = lfc_field_number(L, 1, fn, "price_decline_per_year", LFC_FRACTION);
  st = fc_buildout_idle_chips(lfc_field_number(L, 1, fn, "price_usd", LFC_NONNEG),
                              lfc_field_number(L, 1, fn, "idle_months", LFC_NONNEG), r, d, &early, &late);
  if (st == FC_EDOM)
    return luaL_error(L, "%s: field 'cost_of_capital' (at most 1) or 'price_decline_per_year' (below 1): "
                      "outside its domain", fn);
  if (st) return lfc_status_error(L, fn, st);
  lua_createtable(L, 0, 2);
  lfc_setnum(L, "bought_early_usd", early);
  lfc_setnum(L, "bought_at_energization_usd", late);
  return 1;
}

/* water{facility_kwh, pue, wue_l_per_kwh, electricity_water_l_per_kwh} */
static int l_water(lua_State *L) {
  static const char *const known[] = {"facility_kwh", "pue", "wue_l_per_kwh", "electricity_water_l_per_kwh", NULL};
  const char *fn = "flopcost.buildout.water";
  double on, off, pue;
  int st;
  lfc_check_options(L, 1, fn);
  lfc_check_fields(L, 1, fn, known);
  pue = lfc_field_number(L, 1, fn, "pue", LFC_POSITIVE);
  if (pue < 1.0) return luaL_error(L, "%s: field 'pue': at least 1 expected, got %s", fn, lua_pushfstring(L, "%f", pue));
  st = fc_buildout_water(lfc_field_number(L, 1, fn, "facility_kwh", LFC_NONNEG), pue,
                         lfc_field_number(L, 1, fn, "wue_l_per_kwh", LFC_NONNEG),
                         lfc_field_number(L, 1, fn, "electricity_water_l_per_kwh", LFC_NONNEG), &on, &off);
  if (st) return lfc_status_error(L, fn, st);
  lua_createtable(L, 0, 3);
  lfc_setnum(L, "onsite_l", on);
  lfc_setnum(L, "offsite_l", off);
  lfc_setnum(L, "total_l", on + off);
  return 1;
}

/* plan{it_kw, facility_usd_per_kw, rate, spend, construction_months, equipment_lead_months, grid_months,
        bridge_months, bridge, bridge_capex_usd_per_kw, heat_rate_mmbtu_per_mwh, fuel_usd_per_mmbtu,
        kg_co2_per_mmbtu, bridge_load_factor, chip_price_usd, chip_decline_per_year, chips_at_start} */
static int l_plan(lua_State *L) {
  static const char *const known[] = {"it_kw", "facility_usd_per_kw", "rate", "spend", "construction_months",
    "equipment_lead_months", "grid_months", "bridge_months", "bridge", "bridge_capex_usd_per_kw",
    "heat_rate_mmbtu_per_mwh", "fuel_usd_per_mmbtu", "kg_co2_per_mmbtu", "bridge_load_factor", "chip_price_usd",
    "chip_decline_per_year", "chips_at_start", NULL};
  const char *fn = "flopcost.buildout.plan";
  fc_buildout_plan_in in;
  fc_buildout_plan_out o;
  int st;
  lfc_check_options(L, 1, fn);
  lfc_check_fields(L, 1, fn, known);
  in.it_kw = lfc_field_number(L, 1, fn, "it_kw", LFC_POSITIVE);
  in.facility_usd_per_kw = lfc_field_number(L, 1, fn, "facility_usd_per_kw", LFC_NONNEG);
  in.rate = lfc_field_number(L, 1, fn, "rate", LFC_FRACTION);
  in.spend = (fc_spend_curve)lfc_field_option(L, 1, fn, "spend", spend_names, FC_SPEND_LINEAR);
  in.timeline.construction_months = lfc_field_number(L, 1, fn, "construction_months", LFC_POSITIVE);
  in.timeline.equipment_lead_months = lfc_field_number_opt(L, 1, fn, "equipment_lead_months", LFC_NONNEG, 0.0);
  in.timeline.grid_months = lfc_field_number(L, 1, fn, "grid_months", LFC_NONNEG);
  in.timeline.bridge_months = lfc_field_number_opt(L, 1, fn, "bridge_months", LFC_NONNEG, 0.0);
  lua_getfield(L, 1, "bridge");
  in.timeline.bridge = lua_toboolean(L, -1);
  lua_getfield(L, 1, "chips_at_start");
  in.chips_at_start = lua_toboolean(L, -1);
  lua_pop(L, 2);
  in.plant.capex_usd_per_kw = lfc_field_number_opt(L, 1, fn, "bridge_capex_usd_per_kw", LFC_NONNEG, 0.0);
  in.plant.heat_rate_mmbtu_per_mwh = lfc_field_number_opt(L, 1, fn, "heat_rate_mmbtu_per_mwh", LFC_POSITIVE, 1.0);
  in.plant.fuel_usd_per_mmbtu = lfc_field_number_opt(L, 1, fn, "fuel_usd_per_mmbtu", LFC_NONNEG, 0.0);
  in.plant.kg_co2_per_mmbtu = lfc_field_number_opt(L, 1, fn, "kg_co2_per_mmbtu", LFC_NONNEG, 0.0);
  in.bridge_load_factor = lfc_field_number_opt(L, 1, fn, "bridge_load_factor", LFC_FRACTION, 1.0);
  in.chip_price_usd = lfc_field_number(L, 1, fn, "chip_price_usd", LFC_NONNEG);
  in.chip_decline_per_year = lfc_field_number(L, 1, fn, "chip_decline_per_year", LFC_FRACTION);
  if (in.chip_decline_per_year >= 1.0)
    return luaL_error(L, "%s: field 'chip_decline_per_year': below 1 expected", fn);
  if ((st = fc_buildout_plan(&in, &o))) return lfc_status_error(L, fn, st);
  lua_createtable(L, 0, 16);
  lfc_setnum(L, "energized_months", o.dates.energized_months);
  lfc_setnum(L, "grid_months", o.dates.grid_months);
  lfc_setnum(L, "bridge_run_months", o.dates.bridge_run_months);
  lua_pushstring(L, waiting_names[o.dates.waiting_on]);
  lua_setfield(L, -2, "waiting_on");
  lfc_setnum(L, "construction_capex_usd", o.construction_capex_usd);
  lfc_setnum(L, "interest_during_construction_usd", o.idc_usd);
  lfc_setnum(L, "facility_usd_per_kw_at_energization", o.facility_usd_per_kw_at_energization);
  lfc_setnum(L, "bridge_capex_usd", o.bridge_capex_usd);
  lfc_setnum(L, "bridge_fuel_usd", o.bridge_fuel_usd);
  lfc_setnum(L, "bridge_t_co2", o.bridge_t_co2);
  lfc_setnum(L, "chip_price_at_energization_usd", o.chip_price_at_energization_usd);
  lfc_setnum(L, "chip_price_other_option_usd", o.chip_price_other_option_usd);
  lfc_setnum(L, "idle_chip_months", o.idle_chip_months);
  return 1;
}

static const luaL_Reg funcs[] = {{"spend", l_spend}, {"plan", l_plan}, {"idc", lfc_buildout_idc}, {"time_to_power", l_time_to_power},
                                 {"bridge_cost", l_bridge_cost}, {"idle_chips", l_idle_chips}, {"water", l_water},
                                 {NULL, NULL}};

int lfc_open_buildout(lua_State *L) {
  luaL_newlib(L, funcs);
  return 1;
}
