/*
** lfc_compose.c -- Lua binding of fc_compose (in flopcost.core.scenario):
**
**   compose(desc)    -> {members = {opts...}, counts = {...}, coupling =, penalty =} (as eval_mix
**                       takes it), {coupling =, penalty =, job_flops =, cluster_size =, currency_per_usd =}
**   eval_desc(desc)  -> result table (as eval_mix), the same second table
**
** A description table holds the fields of fc_compose_desc by their public
** names (["region.pue"] = 1.2, ["wacc_parts.cost_of_debt"] = 0.06, ...),
** `over` (core fields for every chip) and `chips`, a list of tables with the
** fields of fc_compose_chip (["chip.price_usd"] = 30000, count = 1,
** ["manufacturing.defect_density_per_cm2"] = 0.1, ...), `over`,
** `power_curve` and `name` (for messages). lua/flopcost/scenario.lua builds
** it from the catalog; nothing in it is combined before fc_compose.
*/
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <lua.h>
#include <lauxlib.h>
#include "fc.h"
#include "fc_compose.h"
#include "fc_buildout.h"
#include "lfc.h"
#include "lfc_util.h"

#define CURVE_MT "flopcost.PowerCurve"
#define MAX_CHIPS 4096
#define FIELDS_MAX 256

/* Known keys of a description (kind SCENARIO) or chip table (kind CHIP). */
static void check_keys(lua_State *L, int idx, const char *fn, int kind) {
  const char *known[FIELDS_MAX + 4];
  size_t i, n = fc_compose_field_count(kind), k = 0;
  /* every field of the table is a known key (a cap below the table's size
     refused its last fields as unknown) */
  if (n > FIELDS_MAX) luaL_error(L, "%s: internal: %d description fields, at most %d", fn, (int)n, FIELDS_MAX);
  for (i = 0; i < n; i++) known[k++] = fc_compose_field_name(kind, i);
  known[k++] = "over";
  if (kind == FC_COMPOSE_SCENARIO) known[k++] = "chips";
  else { known[k++] = "power_curve"; known[k++] = "name"; }
  known[k] = NULL;
  lfc_check_fields(L, idx, fn, known);
}

/* Reads the numeric fields of kind from the table at idx into obj. */
static void read_numbers(lua_State *L, int idx, const char *fn, int kind, void *obj) {
  size_t i, n = fc_compose_field_count(kind);
  for (i = 0; i < n; i++) {
    const char *name = fc_compose_field_name(kind, i);
    int t = lua_getfield(L, idx, name);
    if (t != LUA_TNIL) {
      if (t != LUA_TNUMBER || !isfinite(lua_tonumber(L, -1))) lfc_domain_error(L, fn, name, FC_DOMAIN_FINITE, -1);
      *fc_compose_field_ptr(kind, obj, i) = lua_tonumber(L, -1);
    }
    lua_pop(L, 1);
  }
}

fc_compose_desc *lfc_read_desc(lua_State *L, int idx, const char *fn) {
  fc_compose_desc *d;
  lua_Integer n, i;
  idx = lua_absindex(L, idx);
  lfc_check_options(L, idx, fn);
  check_keys(L, idx, fn, FC_COMPOSE_SCENARIO);
  if (lua_getfield(L, idx, "chips") != LUA_TTABLE) lfc_field_error(L, fn, "chips", "list of chip tables", -1);
  n = (lua_Integer)lua_rawlen(L, -1);
  lua_pop(L, 1);
  if (n < 1 || n > MAX_CHIPS) luaL_error(L, "%s: field 'chips': 1 to %d chips expected, got %d", fn, MAX_CHIPS, (int)n);
  d = (fc_compose_desc *)lua_newuserdatauv(L, sizeof *d + (size_t)n * sizeof *d->chips, 1);
  fc_compose_desc_init(d);
  d->chips = (fc_compose_chip *)(void *)(d + 1);
  d->n_chips = (size_t)n;
  lua_createtable(L, (int)n, 0); /* anchors the power curves */
  lua_setiuservalue(L, -2, 1);
  read_numbers(L, idx, fn, FC_COMPOSE_SCENARIO, d);
  if (lua_getfield(L, idx, "over") != LUA_TNIL) lfc_read_over(L, -1, fn, &d->over);
  lua_pop(L, 1);
  lua_getfield(L, idx, "chips");
  for (i = 1; i <= n; i++) {
    fc_compose_chip *c = &d->chips[i - 1];
    int e;
    fc_compose_chip_init(c);
    lua_rawgeti(L, -1, i);
    e = lua_gettop(L);
    lfc_check_options(L, e, fn);
    check_keys(L, e, fn, FC_COMPOSE_CHIP);
    read_numbers(L, e, fn, FC_COMPOSE_CHIP, c);
    if (lua_getfield(L, e, "over") != LUA_TNIL) {
      /* a chip's overrides: errors name them as the user wrote them */
      const char *name = lua_getfield(L, e, "name") == LUA_TSTRING ? lua_tostring(L, -1) : "?";
      const char *where = lua_pushfstring(L, "%s: field 'overrides.%s'", fn, name);
      lfc_read_over(L, -3, where, &c->over);
      lua_pop(L, 2);
    }
    lua_pop(L, 1);
    if (lua_getfield(L, e, "power_curve") != LUA_TNIL) {
      fc_power_curve **pc = (fc_power_curve **)luaL_testudata(L, -1, CURVE_MT);
      if (!pc || !*pc) lfc_field_error(L, fn, "power_curve", "power curve (fc.energy.power_curve)", -1);
      else c->power_curve = *pc; /* (lfc_field_error does not return) */
      lua_getiuservalue(L, -4, 1);
      lua_pushvalue(L, -2);
      lua_rawseti(L, -2, i);
      lua_pop(L, 1);
    }
    lua_settop(L, e - 1);
  }
  lua_pop(L, 1);
  return d; /* the userdata is on the stack top */
}

/* The chip's name for messages, from the description table at idx. */
static const char *chip_name(lua_State *L, int desc, int chip) {
  const char *s = NULL;
  if (lua_getfield(L, desc, "chips") == LUA_TTABLE && lua_rawgeti(L, -1, chip + 1) == LUA_TTABLE &&
      lua_getfield(L, -1, "name") == LUA_TSTRING)
    s = lua_tostring(L, -1);
  if (!s) {
    lua_pushfstring(L, "%d", chip + 1);
    s = lua_tostring(L, -1);
  }
  return s; /* stays valid: the string is on the stack */
}

int lfc_compose_error(lua_State *L, const char *fn, int desc, const fc_compose_desc *d, int st,
                      const fc_compose_error *e) {
  desc = lua_absindex(L, desc);
  if (e->chip >= 0 && d && d->n_chips > 1) {
    const char *name = chip_name(L, desc, e->chip);
    fn = lua_pushfstring(L, "%s: chip '%s'", fn, name);
  }
  /* inference: an unreachable latency target names the tightest achievable
     value; a model too large names the memory it needs */
  if (st == FC_EDOM && e->field && !isnan(e->limit) && e->limit != 0.0) {
    char msg[256];
    if (strcmp(e->field, "model.params") == 0)
      snprintf(msg, sizeof msg, "%s: the model does not fit: it needs %.1f GB of memory per serving group "
               "(weights + one sequence's KV cache); the largest group tried has %.1f GB", fn, e->limit / 1e9,
               e->value / 1e9);
    else
      snprintf(msg, sizeof msg, "%s: field '%s': no batch meets %g s: the tightest achievable is %.4g s", fn,
               e->field, e->value, e->limit);
    lua_pushstring(L, msg);
    return lua_error(L);
  }
  if (st == FC_EDOM && e->field && e->domain) {
    if (isnan(e->value)) return luaL_error(L, "%s: field '%s': %s expected, got nothing", fn, e->field, e->domain);
    if (strcmp(e->field, "idle_w") == 0)
      return luaL_error(L, "%s: field 'idle_w': must not exceed tdp_w, got %f", fn, e->value);
    /* an integral value prints as the user wrote it (-1, not -1.0) */
    if (e->value == floor(e->value) && fabs(e->value) < 9007199254740992.0) lua_pushinteger(L, (lua_Integer)e->value);
    else lua_pushnumber(L, e->value);
    return lfc_field_error(L, fn, e->field, e->domain, -1);
  }
  if (e->field) return luaL_error(L, "%s: field '%s': %s", fn, e->field, fc_strerror(st));
  return lfc_status_error(L, fn, st);
}

static const char *const recovery_names[] = {"annuity", "straight_line", "price_decline", NULL};

/* Pushes member p as an options table of core.scenario (recovery by name,
   cloud_committed as a boolean, the curve from the description). */
static void push_params(lua_State *L, const fc_scenario_params *p, int anchors, lua_Integer i) {
  size_t k, n = fc_scenario_field_count();
  lua_createtable(L, 0, (int)n + 1);
  for (k = 0; k < n; k++) {
    const char *name = fc_scenario_field_name(k);
    double x = fc_scenario_field_get(p, k);
    if (strcmp(name, "recovery") == 0) lua_pushstring(L, recovery_names[(int)x >= 0 && (int)x <= 2 ? (int)x : 0]);
    else if (strcmp(name, "cloud_committed") == 0) lua_pushboolean(L, x > 0.5);
    else lua_pushnumber(L, x);
    lua_setfield(L, -2, name);
  }
  if (p->power_curve) {
    lua_rawgeti(L, anchors, i);
    lua_setfield(L, -2, "power_curve");
  }
}

static void push_coupling(lua_State *L, const fc_compose_mix *m) {
  lua_pushstring(L, lfc_coupling_names[m->coupling == FC_COUPLING_LOCKSTEP]);
  lua_setfield(L, -2, "coupling");
  lfc_setnum(L, "penalty", m->penalty);
}

/* The build-out's figures (fc_compose_build) as mix.build. */
static void push_build(lua_State *L, const fc_compose_mix *m) {
  static const char *const names[] = {"time_to_power_months", "grid_months", "bridge_run_months",
                                      "construction_capex_usd", "construction_capex_usd_per_mw",
                                      "interest_during_construction_usd", "facility_usd_per_kw_at_energization",
                                      "bridge_capex_usd", "bridge_fuel_usd", "bridge_t_co2", "chip_price_factor",
                                      "idle_chip_months", NULL};
  const double v[] = {m->time_to_power_months, m->grid_months, m->bridge_run_months, m->construction_capex_usd,
                      m->construction_capex_usd_per_mw, m->idc_usd, m->facility_usd_per_kw_at_energization,
                      m->bridge_capex_usd, m->bridge_fuel_usd, m->bridge_t_co2, m->chip_price_factor,
                      m->idle_chip_months};
  int k;
  lua_createtable(L, 0, 14);
  for (k = 0; names[k]; k++) lfc_setnum(L, names[k], v[k]);
  lua_pushstring(L, fc_buildout_waiting_name((int)m->waiting_on));
  lua_setfield(L, -2, "waiting_on");
  lua_setfield(L, -2, "build");
}

static void push_mix(lua_State *L, const fc_compose_mix *m) {
  push_coupling(L, m);
  if (!isnan(m->job_flops)) lfc_setnum(L, "job_flops", m->job_flops);
  if (!isnan(m->cluster_size)) lfc_setnum(L, "cluster_size", m->cluster_size);
  if (!isnan(m->currency_per_usd)) lfc_setnum(L, "currency_per_usd", m->currency_per_usd);
  if (!isnan(m->job_cost_usd)) { /* evaluated with a job (fc_compose_job) */
    lua_createtable(L, 0, 8);
    lfc_setnum(L, "flops", m->job_flops);
    lfc_setnum(L, "cost_usd", m->job_cost_usd);
    lfc_setnum(L, "chip_hours", m->job_chip_hours);
    lfc_setnum(L, "mwh", m->job_mwh);
    lfc_setnum(L, "t_co2", m->job_t_co2);
    if (!isnan(m->cluster_size)) lfc_setnum(L, "chips", m->cluster_size);
    if (!isnan(m->job_days)) lfc_setnum(L, "days", m->job_days);
    if (!isnan(m->job_cloud_cost_usd)) lfc_setnum(L, "cloud_cost_usd", m->job_cloud_cost_usd);
    lua_setfield(L, -2, "job");
  }
  if (!isnan(m->water_l_per_eflop)) { /* fc_compose_water */
    lfc_setnum(L, "water_l_per_eflop", m->water_l_per_eflop);
    lfc_setnum(L, "water_onsite_l_per_eflop", m->water_onsite_l_per_eflop);
    lfc_setnum(L, "water_offsite_l_per_eflop", m->water_offsite_l_per_eflop);
    if (!isnan(m->water_l_per_mtok)) lfc_setnum(L, "water_l_per_mtok", m->water_l_per_mtok);
  }
  if (!isnan(m->time_to_power_months)) push_build(L, m);
  if (!isnan(m->prefill_share)) {
    /* the inference workload's serving summary (fc_compose_mix) */
    static const char *const names[] = {"input_tokens", "output_tokens", "prefill_share", "tokens_per_s_per_chip",
                                        "output_tokens_per_s_per_chip", "batch", "group", "ttft_s", "tpot_s",
                                        "usd_per_mtok_input", "usd_per_mtok_output", "usd_per_mtok_blended",
                                        "j_per_token", NULL};
    const double v[] = {m->input_tokens, m->output_tokens, m->prefill_share, m->tokens_per_s_per_chip,
                        m->output_tokens_per_s_per_chip, m->batch, m->group, m->ttft_s, m->tpot_s,
                        m->usd_per_mtok_input, m->usd_per_mtok_output, m->usd_per_mtok_blended, m->j_per_token};
    int k;
    lua_createtable(L, 0, 16);
    for (k = 0; names[k]; k++)
      if (!isnan(v[k])) lfc_setnum(L, names[k], v[k]);
    lua_pushstring(L, fc_inference_bound_name((int)m->bound));
    lua_setfield(L, -2, "bound");
    lua_setfield(L, -2, "inference");
  }
}

static int l_compose(lua_State *L) {
  const char *fn = "flopcost.scenario";
  fc_compose_desc *d;
  fc_scenario_params *m;
  double *counts;
  fc_compose_mix mix;
  fc_compose_error e;
  size_t i;
  int st, anchors;
  lua_settop(L, 1);
  d = lfc_read_desc(L, 1, fn);                                       /* 2 */
  lua_getiuservalue(L, 2, 1);                                        /* 3 */
  anchors = 3;
  m = (fc_scenario_params *)lua_newuserdatauv(L, d->n_chips * sizeof *m, 0);
  counts = (double *)lua_newuserdatauv(L, d->n_chips * sizeof *counts, 0);
  if ((st = fc_compose(d, m, counts, &mix, &e)) != FC_OK) return lfc_compose_error(L, fn, 1, d, st, &e);
  lua_createtable(L, 0, 8);
  lua_createtable(L, (int)d->n_chips, 0);
  for (i = 0; i < d->n_chips; i++) {
    push_params(L, &m[i], anchors, (lua_Integer)i + 1);
    lua_rawseti(L, -2, (lua_Integer)i + 1);
  }
  lua_setfield(L, -2, "members");
  lua_createtable(L, (int)d->n_chips, 0);
  for (i = 0; i < d->n_chips; i++) {
    lua_pushnumber(L, counts[i]);
    lua_rawseti(L, -2, (lua_Integer)i + 1);
  }
  lua_setfield(L, -2, "counts");
  push_coupling(L, &mix);
  lua_createtable(L, 0, 5);
  push_mix(L, &mix);
  return 2;
}

/* Pushes every field of r as a table. */
static void push_result(lua_State *L, const fc_scenario_result *r) {
  size_t i, n = fc_scenario_result_count();
  lua_createtable(L, 0, (int)n);
  for (i = 0; i < n; i++) lfc_setnum(L, fc_scenario_result_name(i), fc_scenario_result_get(r, i));
}

int lfc_eval_desc(lua_State *L) {
  const char *fn = "flopcost.scenario";
  fc_compose_desc *d;
  fc_compose_mix mix;
  fc_compose_error e;
  fc_scenario_result r;
  int st;
  lua_settop(L, 1);
  d = lfc_read_desc(L, 1, fn);
  if ((st = fc_compose_eval(d, &r, &mix, &e)) != FC_OK) return lfc_compose_error(L, fn, 1, d, st, &e);
  push_result(L, &r);
  lua_createtable(L, 0, 5);
  push_mix(L, &mix);
  return 2;
}

/* The description's field names: {scenario = {...}, chip = {...}}, with
   defaults {name = value} (fields without a default are absent). */
static int l_desc_fields(lua_State *L) {
  int kind;
  size_t k;
  lua_createtable(L, 0, 3);
  for (kind = FC_COMPOSE_SCENARIO; kind <= FC_COMPOSE_CHIP; kind++) {
    size_t i, n = fc_compose_field_count(kind);
    lua_createtable(L, (int)n, 0);
    for (i = 0; i < n; i++) {
      lua_pushstring(L, fc_compose_field_name(kind, i));
      lua_rawseti(L, -2, (lua_Integer)i + 1);
    }
    lua_setfield(L, -2, kind == FC_COMPOSE_SCENARIO ? "scenario" : "chip");
  }
  lua_createtable(L, 0, 8);
  for (kind = FC_COMPOSE_SCENARIO; kind <= FC_COMPOSE_CHIP; kind++) {
    size_t i, n = fc_compose_field_count(kind);
    for (i = 0; i < n; i++) {
      double x = fc_compose_field_default(kind, i);
      if (!isnan(x)) lfc_setnum(L, fc_compose_field_name(kind, i), x);
    }
  }
  lua_setfield(L, -2, "defaults");
  lua_createtable(L, 0, (int)fc_compose_named_count());
  for (k = 0; k < fc_compose_named_count(); k++) {
    lua_pushstring(L, fc_compose_named_value(k));
    lua_setfield(L, -2, fc_compose_named_key(k));
  }
  lua_setfield(L, -2, "names");
  return 1;
}

/* One domain {lo =, hi =, integral =, text =} into the table on top, at name. */
static void set_domain(lua_State *L, const char *name, double lo, double hi, int integral, const char *text) {
  lua_createtable(L, 0, 4);
  lfc_setnum(L, "lo", lo);
  lfc_setnum(L, "hi", hi);
  lua_pushboolean(L, integral);
  lua_setfield(L, -2, "integral");
  lua_pushstring(L, text);
  lua_setfield(L, -2, "text");
  lua_setfield(L, -2, name);
}

/* domains() -> {[name] = {lo, hi, integral, text}} for every core field
   (fc_scenario_field_bounds) and description field (fc_compose_field_bounds):
   the one vocabulary, read by the Lua layer instead of copied (uncertainty's caps). */
static int l_domains(lua_State *L) {
  size_t i, n = fc_scenario_field_count();
  double lo, hi;
  int integral, kind;
  lua_createtable(L, 0, 160);
  for (i = 0; i < n; i++)
    if (fc_scenario_field_bounds(i, &lo, &hi, &integral) == FC_OK)
      set_domain(L, fc_scenario_field_name(i), lo, hi, integral, fc_scenario_field_domain(i));
  for (kind = FC_COMPOSE_SCENARIO; kind <= FC_COMPOSE_CHIP; kind++)
    for (i = 0, n = fc_compose_field_count(kind); i < n; i++)
      if (fc_compose_field_bounds(kind, i, &lo, &hi, &integral) == FC_OK)
        set_domain(L, fc_compose_field_name(kind, i), lo, hi, integral, fc_compose_field_domain(kind, i));
  return 1;
}

/* manufacture(chip) -> price_usd, package breakdown: the yield chain of one
   chip table of a description (fc_compose_manufacture) */
static int l_manufacture(lua_State *L) {
  const char *fn = "flopcost.scenario.manufactured_price";
  fc_compose_chip c;
  fc_compose_error e;
  fc_package_result r;
  double price;
  int st;
  lfc_check_options(L, 1, fn);
  check_keys(L, 1, fn, FC_COMPOSE_CHIP);
  fc_compose_chip_init(&c);
  read_numbers(L, 1, fn, FC_COMPOSE_CHIP, &c);
  if ((st = fc_compose_manufacture(&c, &price, &r, &e)) != FC_OK) {
    e.chip = -1;
    return lfc_compose_error(L, fn, 1, NULL, st, &e);
  }
  lua_pushnumber(L, price);
  lfc_push_package(L, &r, 1);
  return 2;
}

/* commitment("1y") -> 0.37, or nil for an unknown term */
static int l_commitment(lua_State *L) {
  double x = fc_compose_commitment(luaL_checkstring(L, 1));
  if (x < 0) lua_pushnil(L);
  else lua_pushnumber(L, x);
  return 1;
}

const luaL_Reg lfc_compose_funcs[] = {
  {"compose", l_compose}, {"eval_desc", lfc_eval_desc}, {"desc_fields", l_desc_fields},
  {"domains", l_domains},
  {"commitment", l_commitment}, {"manufacture", l_manufacture}, {NULL, NULL}
};
