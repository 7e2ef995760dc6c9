/* lfc_buildout.c -- Lua binding of fc_buildout (flopcost.core.buildout) and
** flopcost.finance.interest_during_construction: converts and checks. */
#include <math.h>
#include <string.h>
#include <lua.h>
#include <lauxlib.h>
#include "fc.h"
#include "fc_buildout.h"
#include "fc_buildout_mc.h"
#include "fc_sensitivity.h"
#include "fc_mc.h"
#include "lfc_mc.h"
#include "lfc_sandbox.h"
#include "lfc.h"
#include "lfc_util.h"
#include "lfc_buildout.h"

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
  lua_pushstring(L, fc_buildout_waiting_name(d.waiting_on));
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

/* Reads the options of plan{it_kw, facility_usd_per_kw, rate, spend, construction_months,
   equipment_lead_months, grid_months, bridge_months, bridge, bridge_capex_usd_per_kw,
   heat_rate_mmbtu_per_mwh, fuel_usd_per_mmbtu, kg_co2_per_mmbtu, bridge_load_factor, chip_price_usd,
   chip_decline_per_year, chips_at_start, wue_l_per_kwh, electricity_water_l_per_kwh} at idx into *in. */
static void read_plan_in(lua_State *L, int idx, const char *fn, fc_buildout_plan_in *in) {
  static const char *const known[] = {"it_kw", "facility_usd_per_kw", "rate", "spend", "construction_months",
    "equipment_lead_months", "grid_months", "bridge_months", "bridge", "bridge_capex_usd_per_kw",
    "heat_rate_mmbtu_per_mwh", "fuel_usd_per_mmbtu", "kg_co2_per_mmbtu", "bridge_load_factor", "chip_price_usd",
    "chip_decline_per_year", "chips_at_start", "wue_l_per_kwh", "electricity_water_l_per_kwh", NULL};
  lfc_check_options(L, idx, fn);
  lfc_check_fields(L, idx, fn, known);
  in->it_kw = lfc_field_number(L, idx, fn, "it_kw", LFC_POSITIVE);
  in->facility_usd_per_kw = lfc_field_number(L, idx, fn, "facility_usd_per_kw", LFC_NONNEG);
  in->rate = lfc_field_number(L, idx, fn, "rate", LFC_FRACTION);
  in->spend = (fc_spend_curve)lfc_field_option(L, idx, fn, "spend", spend_names, FC_SPEND_LINEAR);
  in->timeline.construction_months = lfc_field_number(L, idx, fn, "construction_months", LFC_POSITIVE);
  in->timeline.equipment_lead_months = lfc_field_number_opt(L, idx, fn, "equipment_lead_months", LFC_NONNEG, 0.0);
  in->timeline.grid_months = lfc_field_number(L, idx, fn, "grid_months", LFC_NONNEG);
  in->timeline.bridge_months = lfc_field_number_opt(L, idx, fn, "bridge_months", LFC_NONNEG, 0.0);
  lua_getfield(L, idx, "bridge");
  in->timeline.bridge = lua_toboolean(L, -1);
  lua_getfield(L, idx, "chips_at_start");
  in->chips_at_start = lua_toboolean(L, -1);
  lua_pop(L, 2);
  in->plant.capex_usd_per_kw = lfc_field_number_opt(L, idx, fn, "bridge_capex_usd_per_kw", LFC_NONNEG, 0.0);
  in->plant.heat_rate_mmbtu_per_mwh = lfc_field_number_opt(L, idx, fn, "heat_rate_mmbtu_per_mwh", LFC_POSITIVE, 1.0);
  in->plant.fuel_usd_per_mmbtu = lfc_field_number_opt(L, idx, fn, "fuel_usd_per_mmbtu", LFC_NONNEG, 0.0);
  in->plant.kg_co2_per_mmbtu = lfc_field_number_opt(L, idx, fn, "kg_co2_per_mmbtu", LFC_NONNEG, 0.0);
  in->bridge_load_factor = lfc_field_number_opt(L, idx, fn, "bridge_load_factor", LFC_FRACTION, 1.0);
  in->chip_price_usd = lfc_field_number(L, idx, fn, "chip_price_usd", LFC_NONNEG);
  in->chip_decline_per_year = lfc_field_number(L, idx, fn, "chip_decline_per_year", LFC_FRACTION);
  if (in->chip_decline_per_year >= 1.0) luaL_error(L, "%s: field 'chip_decline_per_year': below 1 expected", fn);
  /* the site's water figures (NaN: none), for the Monte Carlo's water output */
  in->wue_l_per_kwh = lfc_field_number_opt(L, idx, fn, "wue_l_per_kwh", LFC_NONNEG, NAN);
  in->electricity_water_l_per_kwh = lfc_field_number_opt(L, idx, fn, "electricity_water_l_per_kwh", LFC_NONNEG, NAN);
}

/* plan{...} (read_plan_in) -> the plan's figures */
static int l_plan(lua_State *L) {
  const char *fn = "flopcost.buildout.plan";
  fc_buildout_plan_in in;
  fc_buildout_plan_out o;
  int st;
  read_plan_in(L, 1, fn, &in);
  if ((st = fc_buildout_plan(&in, &o))) return lfc_status_error(L, fn, st);
  lua_createtable(L, 0, 16);
  lfc_setnum(L, "energized_months", o.dates.energized_months);
  lfc_setnum(L, "grid_months", o.dates.grid_months);
  lfc_setnum(L, "bridge_run_months", o.dates.bridge_run_months);
  lua_pushstring(L, fc_buildout_waiting_name(o.dates.waiting_on));
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

/* mc(plan options, {input = distribution}, member params | nil, {samples =, seed =}) ->
   {output = {p05, p50, p95, mean, draws = {...}}}, samples, seed (fc_buildout_mc_run) */
static int l_mc(lua_State *L) {
  const char *fn = "flopcost.buildout.mc";
  fc_buildout_plan_in in;
  fc_dist dists[FC_BMC_NINPUTS];
  fc_scenario_params member, *mp = NULL;
  const double p[3] = {0.05, 0.5, 0.95};
  double *out, q[3];
  uint64_t bad = 0, samples, seed;
  size_t i, o;
  int st;
  lua_settop(L, 4);
  read_plan_in(L, 1, fn, &in);
  luaL_checktype(L, 2, LUA_TTABLE);
  for (i = 0; i < FC_BMC_NINPUTS; i++) {
    const char *name = fc_buildout_mc_input_name(i);
    if (lua_getfield(L, 2, name) == LUA_TNIL) fc_dist_fixed(fc_buildout_mc_input(&in, i), &dists[i]);
    else lfc_read_dist(L, -1, fn, name, &dists[i]);
    lua_pop(L, 1);
  }
  if (!lua_isnil(L, 3)) { lfc_read_params(L, 3, fn, &member); mp = &member; } /* curve anchored on the stack */
  lfc_check_options(L, 4, fn);
  samples = (uint64_t)lfc_field_number(L, 4, fn, "samples", LFC_POSITIVE);
  seed = (uint64_t)lfc_field_number_opt(L, 4, fn, "seed", LFC_NONNEG, 42.0);
  if (samples > 10000000u) return luaL_error(L, "%s: field 'samples': at most 10,000,000 expected", fn);
  out = (double *)lua_newuserdatauv(L, (size_t)samples * FC_BMC_NOUTPUTS * sizeof *out, 0);
  if ((st = fc_buildout_mc_run(&in, dists, mp, samples, seed, out, &bad)))
    return luaL_error(L, "%s: draw %d: %s", fn, (int)bad + 1, fc_strerror(st));
  lua_createtable(L, 0, FC_BMC_NOUTPUTS);
  for (o = 0; o < FC_BMC_NOUTPUTS; o++) {
    double *x = out + o * samples, sum = 0.0;
    uint64_t k;
    if ((!mp && fc_buildout_mc_output_needs_member((int)o)) || isnan(x[0])) continue; /* no member, no water */
    lua_createtable(L, 0, 5);
    lua_createtable(L, (int)samples, 0);
    for (k = 0; k < samples; k++) { lua_pushnumber(L, x[k]); lua_rawseti(L, -2, (lua_Integer)k + 1); sum += x[k]; }
    lua_setfield(L, -2, "draws");
    if ((st = fc_mc_quantiles_exact(x, (size_t)samples, p, 3, q))) return lfc_status_error(L, fn, st);
    lfc_setnum(L, "p05", q[0]);
    lfc_setnum(L, "p50", q[1]);
    lfc_setnum(L, "p95", q[2]);
    lfc_setnum(L, "mean", sum / (double)samples);
    lua_setfield(L, -2, fc_buildout_mc_output_name(o));
  }
  return 1;
}

size_t lfc_buildout_read_vary(lua_State *L, int idx, const char *fn, size_t n, lfc_input_name_fn name,
                              size_t *inputs, fc_dist *dists) {
  const char *known[LFC_VARY_MAX + 1];
  size_t i, k = 0;
  if (n > LFC_VARY_MAX) luaL_error(L, "%s: internal: %d inputs, at most %d", fn, (int)n, LFC_VARY_MAX);
  for (i = 0; i < n; i++) known[i] = name(i);
  known[n] = NULL;
  luaL_checktype(L, idx, LUA_TTABLE);
  lfc_check_fields(L, idx, fn, known);
  lua_createtable(L, (int)n, 0);
  for (i = 0; i < n; i++) {
    if (lua_getfield(L, idx, known[i]) != LUA_TNIL) {
      lfc_read_dist(L, -1, fn, known[i], &dists[k]);
      inputs[k++] = i;
      lua_pushstring(L, known[i]);
      lua_rawseti(L, -3, (lua_Integer)k);
    }
    lua_pop(L, 1);
  }
  if (k == 0) luaL_error(L, "%s: field 'vary': at least one uncertain input expected", fn);
  return k;
}

/* The index of the output named at field 'output' of the table at idx. */
static int read_sobol_output(lua_State *L, int idx, const char *fn, int has_member) {
  const char *name;
  int o;
  lua_getfield(L, idx, "output");
  name = lua_tostring(L, -1);
  for (o = 0; name && o < FC_BMC_NOUTPUTS; o++)
    if (strcmp(name, fc_buildout_mc_output_name((size_t)o)) == 0) break;
  if (!name || o == FC_BMC_NOUTPUTS || (fc_buildout_mc_output_needs_member(o) && !has_member))
    luaL_error(L, "%s: field 'output': one of time_to_power_months, interest_during_construction_usd, "
                  "facility_usd_per_kw_at_energization, chip_price_at_energization_usd, bridge_fuel_usd, "
                  "usd_per_eflop_at_energization, water_l_per_eflop (with a scenario) expected", fn);
  lua_pop(L, 1);
  return o;
}

static void push_doubles(lua_State *L, const char *k, const double *x, size_t n) {
  size_t i;
  lua_createtable(L, (int)n, 0);
  for (i = 0; i < n; i++) { lua_pushnumber(L, x[i]); lua_rawseti(L, -2, (lua_Integer)i + 1); }
  lua_setfield(L, -2, k);
}

/* Runs the Sobol engine over sp (model, ctx, inputs and k set) with the options at
   opts_idx (samples, seed, threads, resamples, level) and pushes {names (the list at
   names_idx), output, samples, seed, first, total, first_lo, ..., mean, variance,
   evaluations, level}. `what` names the model in a refused row's message. Shared by
   the plan's and the placement's Sobol runs. */
int lfc_buildout_sobol_push(lua_State *L, const char *fn, fc_sobol_spec *sp, int opts_idx, int names_idx,
                            const char *output, const char *what) {
  fc_sobol_state st;
  fc_sobol_error err;
  fc_sobol_result r;
  size_t resamples;
  double level;
  int s;
  sp->samples = (uint64_t)lfc_field_integer_opt(L, opts_idx, fn, "samples", 2, 1000);
  sp->seed = (uint64_t)lfc_field_integer_opt(L, opts_idx, fn, "seed", 0, 42);
  sp->threads = lfc_sandbox_threads(L, (unsigned)lfc_field_integer_opt(L, opts_idx, fn, "threads", 1, 1));
  sp->shard_index = 0; sp->shard_count = 1;
  resamples = (size_t)lfc_field_integer_opt(L, opts_idx, fn, "resamples", 0, 100);
  level = lfc_field_number_opt(L, opts_idx, fn, "level", LFC_FRACTION, 0.95);
  if (sp->samples > 10000000u) return luaL_error(L, "%s: field 'samples': at most 10,000,000 expected", fn);
  if (resamples > 100000u) return luaL_error(L, "%s: field 'resamples': integer in [0, 100000] expected", fn);
  if (!(level > 0 && level < 1)) return luaL_error(L, "%s: field 'level': number in (0, 1) expected", fn);
  lfc_sandbox_check_work(L, fn, "samples", (double)sp->samples * (double)(sp->k + 2), "samples x (inputs + 2)");
  memset(&st, 0, sizeof st);
  lfc_sigint_enter();
  sp->cancel = lfc_sandbox_cancel(L, &lfc_interrupted);
  s = fc_sobol_run(sp, &st, &err);
  lfc_sigint_leave();
  if (s == FC_OK && (s = fc_sobol_indices(&st, resamples, level, &r)) == FC_EDOM) s = -1; /* variance 0 */
  fc_sobol_state_free(&st); /* nothing held past here: errors may raise */
  if (s == -1)
    return luaL_error(L, "%s: the output does not vary over these inputs (variance 0): no variance to apportion", fn);
  if (s == FC_EINTR && sp->cancel != &lfc_interrupted) return lfc_sandbox_stopped_error(L, fn);
  if (s == FC_EINTR) return luaL_error(L, "%s: interrupted (Ctrl-C); nothing was kept", fn);
  if (s) return luaL_error(L, "%s: a draw %s refuses (row %d)%s%s: %s", fn, what, (int)err.row + 1,
                           err.field ? ", " : "", err.field ? err.field : "", fc_strerror(s));
  lua_createtable(L, 0, 14);
  lua_pushvalue(L, names_idx);
  lua_setfield(L, -2, "names");
  lua_pushstring(L, output);
  lua_setfield(L, -2, "output");
  lfc_setnum(L, "samples", (double)sp->samples);
  lfc_setnum(L, "seed", (double)sp->seed);
  push_doubles(L, "first", r.first, sp->k);
  push_doubles(L, "total", r.total, sp->k);
  push_doubles(L, "first_lo", r.first_lo, sp->k);
  push_doubles(L, "first_hi", r.first_hi, sp->k);
  push_doubles(L, "total_lo", r.total_lo, sp->k);
  push_doubles(L, "total_hi", r.total_hi, sp->k);
  lfc_setnum(L, "mean", r.mean);
  lfc_setnum(L, "variance", r.variance);
  lfc_setnum(L, "evaluations", (double)r.evaluations);
  lfc_setnum(L, "level", level);
  return 1;
}

/* sobol(plan options, {input = distribution}, member | nil, {output =, samples =, seed =,
   resamples =, level =, threads =}) -> lfc_buildout_sobol_push's table: the C Sobol engine
   (fc_sensitivity.h) over fc_buildout_sobol_model */
static int l_sobol(lua_State *L) {
  static const char *const known[] = {"output", "samples", "seed", "resamples", "level", "threads", NULL};
  const char *fn = "flopcost.buildout.sobol";
  fc_buildout_plan_in in;
  fc_dist dists[FC_BMC_NINPUTS];
  size_t inputs[FC_BMC_NINPUTS], k;
  fc_scenario_params member;
  fc_buildout_sobol ctx;
  fc_sobol_spec sp;
  int names;
  lua_settop(L, 4);
  read_plan_in(L, 1, fn, &in);
  ctx.member = NULL;
  if (!lua_isnil(L, 3)) { lfc_read_params(L, 3, fn, &member); ctx.member = &member; } /* curve anchored */
  lfc_check_options(L, 4, fn);
  lfc_check_fields(L, 4, fn, known);
  k = lfc_buildout_read_vary(L, 2, fn, FC_BMC_NINPUTS, fc_buildout_mc_input_name, inputs, dists);
  names = lua_gettop(L);
  ctx.base = &in; ctx.inputs = inputs;
  ctx.output = read_sobol_output(L, 4, fn, ctx.member != NULL);
  memset(&sp, 0, sizeof sp);
  sp.inputs = dists; sp.k = k; sp.model = fc_buildout_sobol_model; sp.ctx = &ctx;
  return lfc_buildout_sobol_push(L, fn, &sp, 4, names, fc_buildout_mc_output_name((size_t)ctx.output),
                                 "the build-out plan");
}

static const luaL_Reg funcs[] = {{"spend", l_spend}, {"plan", l_plan}, {"mc", l_mc}, {"sobol", l_sobol}, {"idc", lfc_buildout_idc}, {"time_to_power", l_time_to_power},
                                 {"bridge_cost", l_bridge_cost}, {"idle_chips", l_idle_chips}, {"water", l_water},
                                 {NULL, NULL}};

int lfc_open_buildout(lua_State *L) {
  luaL_newlib(L, funcs);
  lfc_buildout_place_into(L);
  return 1;
}
