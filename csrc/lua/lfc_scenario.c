/*
** lfc_scenario.c -- Lua binding of fc_scenario (flopcost.core.scenario).
** Option tables use the field names of fc_scenario_params; `recovery` is a
** name ("annuity", "straight_line", "price_decline") and `cloud_committed` a
** boolean. The Lua layer (lua/flopcost/scenario.lua) fills them from the catalog.
*/
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <lua.h>
#include <lauxlib.h>
#include "fc.h"
#include "lfc.h"
#include "lfc_util.h"

#define PARAMS_MT "flopcost.Params"
#define CURVE_MT "flopcost.PowerCurve"

static const char *const recovery_names[] = {"annuity", "straight_line", "price_decline", NULL};
const char *const lfc_coupling_names[] = {"pooled", "lockstep", NULL};

typedef struct {
  fc_scenario_params p;
} lfc_params;

/* Raises the core's domain error for field `bad` with the value it had. */
static int domain_error(lua_State *L, const char *fn, const fc_scenario_params *p, const char *bad) {
  int i = fc_scenario_field_index(bad);
  if (i < 0) return luaL_error(L, "%s: field '%s': invalid value", fn, bad ? bad : "?");
  if (strcmp(bad, "idle_w") == 0 && p->idle_w > p->tdp_w && fc_isfinite(p->idle_w))
    return luaL_error(L, "%s: field 'idle_w': must not exceed tdp_w (%f W), got %f", fn,
                      p->tdp_w, p->idle_w);
  {
    fc_scenario_params copy = *p;
    lua_pushnumber(L, *fc_scenario_field_ptr(&copy, (size_t)i));
  }
  return lfc_field_error(L, fn, bad, fc_scenario_field_domain((size_t)i), -1);
}

/* Reads field i (present at idx) into *x: recovery by name, cloud_committed
   as a boolean, any other field as a finite number. */
static void read_field(lua_State *L, int idx, const char *fn, size_t i, double *x) {
  const char *name = fc_scenario_field_name(i);
  if (strcmp(name, "recovery") == 0) {
    *x = (double)lfc_field_option(L, idx, fn, name, recovery_names, 0);
  } else if (strcmp(name, "cloud_committed") == 0) {
    lua_getfield(L, idx, name);
    if (!lua_isboolean(L, -1)) lfc_field_error(L, fn, name, "boolean", -1);
    *x = lua_toboolean(L, -1) ? 1.0 : 0.0;
    lua_pop(L, 1);
  } else {
    *x = lfc_field_number(L, idx, fn, name, LFC_FINITE);
  }
}

/* Raises for the first key of the table at idx that names no field (nor power_curve). */
static void check_param_keys(lua_State *L, int idx, const char *fn) {
  const char *known[64];
  size_t i, n = fc_scenario_field_count();
  for (i = 0; i < n && i < 62; i++) known[i] = fc_scenario_field_name(i);
  known[i++] = "power_curve";
  known[i] = NULL;
  lfc_check_fields(L, idx, fn, known);
}

void lfc_read_over(lua_State *L, int idx, const char *fn, fc_scenario_params *over) {
  size_t i, n = fc_scenario_field_count();
  idx = lua_absindex(L, idx);
  lfc_check_options(L, idx, fn);
  check_param_keys(L, idx, fn);
  memset(over, 0, sizeof *over);
  for (i = 0; i < n; i++) {
    int t = lua_getfield(L, idx, fc_scenario_field_name(i));
    lua_pop(L, 1);
    *fc_scenario_field_ptr(over, i) = NAN;
    if (t != LUA_TNIL) read_field(L, idx, fn, i, fc_scenario_field_ptr(over, i));
  }
}

/* Fills *p from the options table at idx (defaults for absent fields). The
   curve, if any, is left on the stack top so the caller can anchor it. */
void lfc_read_params(lua_State *L, int idx, const char *fn, fc_scenario_params *p) {
  size_t i, n = fc_scenario_field_count(), keys = 0, present = 0;
  fc_scenario_params given;
  idx = lua_absindex(L, idx);
  lfc_check_options(L, idx, fn);
  fc_compose_params_init(&given);
  for (i = 0; i < n; i++) {
    int t = lua_getfield(L, idx, fc_scenario_field_name(i));
    lua_pop(L, 1);
    if (t == LUA_TNIL) continue;
    present++;
    read_field(L, idx, fn, i, fc_scenario_field_ptr(&given, i));
  }
  /* unknown keys: typos must not silently fall back to defaults. Counting
     the keys is enough to know there are none; only then are names compared. */
  lua_pushnil(L);
  while (lua_next(L, idx)) { lua_pop(L, 1); keys++; }
  if (lua_getfield(L, idx, "power_curve") != LUA_TNIL) present++;
  lua_pop(L, 1);
  if (keys != present) check_param_keys(L, idx, fn);
  if (lua_getfield(L, idx, "power_curve") != LUA_TNIL) {
    fc_power_curve **c = (fc_power_curve **)luaL_testudata(L, -1, CURVE_MT);
    if (!c || !*c) {
      lfc_field_error(L, fn, "power_curve", "power curve (fc.energy.power_curve)", -1);
      return; /* not reached: lfc_field_error raises */
    }
    given.power_curve = *c;
  }
  /* the defaults of every door (fc_compose.c); leaves the curve (or nil) on the stack */
  fc_compose_params(&given, p);
}

static void push_result(lua_State *L, const fc_scenario_result *r) {
  size_t i, n = fc_scenario_result_count();
  lua_createtable(L, 0, (int)n);
  for (i = 0; i < n; i++) lfc_setnum(L, fc_scenario_result_name(i), fc_scenario_result_get(r, i));
}

static int l_eval(lua_State *L) {
  const char *fn = "flopcost.scenario.eval", *bad = NULL;
  fc_scenario_params p;
  fc_scenario_result r;
  int st;
  lfc_read_params(L, 1, fn, &p);
  st = fc_scenario_eval(&p, &r, &bad);
  if (st == FC_EDOM) return domain_error(L, fn, &p, bad);
  if (st) return lfc_status_error(L, fn, st);
  push_result(L, &r);
  return 1;
}

/* eval_batch(list of option tables) -> list of result tables. The inputs are
   read into one userdata block, evaluated in one core call, then pushed. */
static int l_eval_batch(lua_State *L) {
  const char *fn = "flopcost.scenario.eval_batch", *bad = NULL;
  lua_Integer n, i;
  fc_scenario_params *ps;
  fc_scenario_result *rs;
  size_t bad_i = 0;
  int st;
  luaL_checktype(L, 1, LUA_TTABLE);
  n = (lua_Integer)lua_rawlen(L, 1);
  ps = (fc_scenario_params *)lua_newuserdatauv(L, sizeof *ps * (size_t)(n ? n : 1), 0);
  rs = (fc_scenario_result *)lua_newuserdatauv(L, sizeof *rs * (size_t)(n ? n : 1), 0);
  lua_createtable(L, (int)n, 0); /* anchors curves while the batch runs */
  for (i = 1; i <= n; i++) {
    char where[64];
    snprintf(where, sizeof where, "%s[%lld]", fn, (long long)i);
    lua_rawgeti(L, 1, i);
    lfc_read_params(L, -1, where, &ps[i - 1]);
    lua_rawseti(L, -3, i); /* curve or nil into the anchor table */
    lua_pop(L, 1);
  }
  st = fc_scenario_eval_batch(ps, (size_t)n, rs, &bad_i, &bad);
  if (st == FC_EDOM) {
    char where[64];
    snprintf(where, sizeof where, "%s[%lld]", fn, (long long)bad_i + 1);
    return domain_error(L, where, &ps[bad_i], bad);
  }
  if (st) return lfc_status_error(L, fn, st);
  lua_createtable(L, (int)n, 0);
  for (i = 0; i < n; i++) {
    push_result(L, &rs[i]);
    lua_rawseti(L, -2, i + 1);
  }
  return 1;
}

double lfc_default_penalty(void) {
  int i = fc_compose_field_index(FC_COMPOSE_SCENARIO, "heterogeneity_penalty");
  return fc_compose_field_default(FC_COMPOSE_SCENARIO, (size_t)i);
}

/* Reads {members = {opts or Params...}, counts = {...}, coupling = "pooled",
   penalty = 0.1} at idx into m. Pushes one anchor table {params block,
   counts block, member Params...} that owns the memory m points into. */
void lfc_read_mix(lua_State *L, int idx, const char *fn, fc_mix *m) {
  static const char *const known[] = {"members", "counts", "coupling", "penalty", NULL};
  lua_Integer n, i;
  fc_scenario_params *ps;
  double *counts;
  int members, countst, anchors;
  idx = lua_absindex(L, idx);
  lfc_check_options(L, idx, fn);
  lfc_check_fields(L, idx, fn, known);
  m->coupling = (fc_coupling)lfc_field_option(L, idx, fn, "coupling", lfc_coupling_names, FC_COUPLING_POOLED);
  m->penalty = lfc_field_number_opt(L, idx, fn, "penalty", FC_DOMAIN_UNIT_OPEN_HI, lfc_default_penalty());
  if (lua_getfield(L, idx, "members") != LUA_TTABLE) lfc_field_error(L, fn, "members", "table", -1);
  members = lua_gettop(L);
  if (lua_getfield(L, idx, "counts") != LUA_TTABLE) lfc_field_error(L, fn, "counts", "table", -1);
  countst = lua_gettop(L);
  n = (lua_Integer)lua_rawlen(L, members);
  if (n == 0) luaL_error(L, "%s: field 'members': non-empty list expected", fn);
  if ((lua_Integer)lua_rawlen(L, countst) != n)
    luaL_error(L, "%s: field 'counts': %d counts for %d members", fn, (int)lua_rawlen(L, countst), (int)n);
  lua_createtable(L, (int)n + 2, 0);
  anchors = lua_gettop(L);
  ps = (fc_scenario_params *)lua_newuserdatauv(L, sizeof *ps * (size_t)n, 0);
  lua_rawseti(L, anchors, 1);
  counts = (double *)lua_newuserdatauv(L, sizeof *counts * (size_t)n, 0);
  lua_rawseti(L, anchors, 2);
  for (i = 1; i <= n; i++) {
    char where[96];
    snprintf(where, sizeof where, "%s: members[%lld]", fn, (long long)i);
    lua_rawgeti(L, members, i);
    ps[i - 1] = *lfc_to_params(L, -1, where, NULL);
    lua_rawseti(L, anchors, i + 2); /* the Params keeps its power curve alive */
    lua_pop(L, 1);
    lua_rawgeti(L, countst, i);
    snprintf(where, sizeof where, "counts[%lld]", (long long)i);
    counts[i - 1] = lfc_check_value(L, -1, fn, where, FC_DOMAIN_NONNEG);
    lua_pop(L, 1);
  }
  lua_replace(L, members); /* the anchors take the members' slot */
  lua_settop(L, members);
  m->members = ps;
  m->counts = counts;
  m->n = (size_t)n;
}

/* Raises the error for a failed mix evaluation. */
int lfc_mix_error(lua_State *L, const char *fn, const fc_mix *m, int st, size_t bad_i,
                  const char *bad) {
  if (st == FC_EDOM && bad && strcmp(bad, "count") == 0)
    return luaL_error(L, "%s: field 'counts': the counts sum to zero", fn);
  if (st == FC_EDOM && bad && bad_i < m->n) {
    char where[96];
    snprintf(where, sizeof where, "%s: members[%lld]", fn, (long long)bad_i + 1);
    return domain_error(L, where, &m->members[bad_i], bad);
  }
  return lfc_status_error(L, fn, st);
}

/* eval_mix{members = {opts...}, counts = {...}, coupling = "pooled", penalty = 0.1} */
static int l_eval_mix(lua_State *L) {
  const char *fn = "flopcost.scenario.eval_mix", *bad = NULL;
  fc_mix m;
  fc_scenario_result r;
  size_t bad_i = 0;
  int st;
  lfc_read_mix(L, 1, fn, &m);
  st = fc_scenario_eval_mix(m.members, m.counts, m.n, m.coupling, m.penalty, &r, &bad_i, &bad);
  if (st) return lfc_mix_error(L, fn, &m, st, bad_i, bad);
  push_result(L, &r);
  return 1;
}

/* eval_grid{ cell, ... } -> list of results, list of mix tables (descriptions only). A cell is a description
   ({chips = ..., ...}: eval_desc) or {members=, counts=, coupling=, penalty=}
   (eval_mix). One crossing for a whole comparison grid. */
static int l_eval_grid(lua_State *L) {
  lua_Integer n, i;
  luaL_checktype(L, 1, LUA_TTABLE);
  n = (lua_Integer)lua_rawlen(L, 1);
  lua_createtable(L, (int)n, 0);
  lua_createtable(L, (int)n, 0);
  for (i = 1; i <= n; i++) {
    int desc = 0;
    if (lua_rawgeti(L, 1, i) == LUA_TTABLE) {
      desc = lua_getfield(L, -1, "chips") != LUA_TNIL;
      lua_pop(L, 1);
    }
    lua_pushcfunction(L, desc ? lfc_eval_desc : l_eval_mix);
    lua_insert(L, -2);
    lua_call(L, 1, 2);
    lua_rawseti(L, -3, i);
    lua_rawseti(L, -3, i);
  }
  return 2;
}

/* ---- compiled parameters: a userdata for fast repeated evaluation ---- */

fc_scenario_params *lfc_push_params(lua_State *L, int idx, const char *fn) {
  lfc_params *u;
  fc_scenario_params p;
  idx = lua_absindex(L, idx);
  lfc_read_params(L, idx, fn, &p); /* curve or nil on top */
  u = (lfc_params *)lua_newuserdatauv(L, sizeof *u, 1);
  u->p = p;
  lua_pushvalue(L, -2);
  lua_setiuservalue(L, -2, 1); /* keeps the curve alive */
  luaL_setmetatable(L, PARAMS_MT);
  lua_remove(L, -2);           /* the curve: anchored by the userdata */
  return &u->p;
}

/* A Params userdata as is, or an options table read into a new one (the
   message prefix: "fn: where", or fn alone when where is NULL). */
fc_scenario_params *lfc_to_params(lua_State *L, int idx, const char *fn, const char *where) {
  void *u;
  char what[160];
  idx = lua_absindex(L, idx);
  if ((u = luaL_testudata(L, idx, PARAMS_MT)) != NULL) {
    lua_pushvalue(L, idx);
    return &((lfc_params *)u)->p;
  }
  if (!where) return lfc_push_params(L, idx, fn);
  if (lua_type(L, idx) != LUA_TTABLE)
    lfc_field_error(L, fn, where, "scenario options table or flopcost.Params", idx);
  snprintf(what, sizeof what, "%s: %s", fn, where);
  return lfc_push_params(L, idx, what);
}

static int l_params(lua_State *L) {
  lfc_push_params(L, 1, "flopcost.scenario.params");
  return 1;
}

static lfc_params *check_params(lua_State *L, int idx) {
  return (lfc_params *)luaL_checkudata(L, idx, PARAMS_MT);
}

/* params:eval() -> usd_per_eflop (fast path, no table) */
static int p_eval(lua_State *L) {
  const char *bad = NULL;
  lfc_params *u = check_params(L, 1);
  fc_scenario_result r;
  int st = fc_scenario_eval(&u->p, &r, &bad);
  if (st == FC_EDOM) return domain_error(L, "flopcost.Params:eval", &u->p, bad);
  if (st) return lfc_status_error(L, "flopcost.Params:eval", st);
  lua_pushnumber(L, r.usd_per_eflop);
  return 1;
}

static int p_result(lua_State *L) {
  const char *bad = NULL;
  lfc_params *u = check_params(L, 1);
  fc_scenario_result r;
  int st = fc_scenario_eval(&u->p, &r, &bad);
  if (st == FC_EDOM) return domain_error(L, "flopcost.Params:result", &u->p, bad);
  if (st) return lfc_status_error(L, "flopcost.Params:result", st);
  push_result(L, &r);
  return 1;
}

static int field_arg(lua_State *L, const char *fn) {
  const char *name = luaL_checkstring(L, 2);
  int i = fc_scenario_field_index(name);
  if (i < 0) {
    const char *known[64];
    size_t k, n = fc_scenario_field_count();
    const char *near;
    for (k = 0; k < n && k < 63; k++) known[k] = fc_scenario_field_name(k);
    known[k] = NULL;
    near = fc_text_suggest(name, known);
    if (near) return luaL_error(L, "%s: unknown field '%s' (did you mean '%s'?)", fn, name, near);
    return luaL_error(L, "%s: unknown field '%s'", fn, name);
  }
  return i;
}

static int p_get(lua_State *L) {
  lfc_params *u = check_params(L, 1);
  int i = field_arg(L, "flopcost.Params:get");
  lua_pushnumber(L, *fc_scenario_field_ptr(&u->p, (size_t)i));
  return 1;
}

/* params:set(name, value): unchecked here, validated by the next eval */
static int p_set(lua_State *L) {
  lfc_params *u = check_params(L, 1);
  int i = field_arg(L, "flopcost.Params:set");
  double x = lfc_arg_number(L, 3, "flopcost.Params:set", "value", LFC_FINITE);
  *fc_scenario_field_ptr(&u->p, (size_t)i) = x;
  lua_settop(L, 1);
  return 1;
}

static int p_tostring(lua_State *L) {
  lfc_params *u = check_params(L, 1);
  lua_pushfstring(L, "flopcost.Params (chip $%f, %f W, peak %f TFLOP/s)", u->p.chip_price_usd,
                  u->p.tdp_w, u->p.peak_flops_per_s / 1e12);
  return 1;
}

static int l_fields(lua_State *L) {
  size_t i, n = fc_scenario_field_count();
  lua_createtable(L, (int)n, 0);
  for (i = 0; i < n; i++) {
    lua_pushstring(L, fc_scenario_field_name(i));
    lua_rawseti(L, -2, (lua_Integer)(i + 1));
  }
  return 1;
}

/* defaults() -> the table fc_compose_params starts from; idle_w is absent:
   it is derived from tdp_w (fc_compose_idle_w). */
static int l_defaults(lua_State *L) {
  fc_scenario_params given, p;
  size_t i, n = fc_scenario_field_count();
  fc_compose_params_init(&given);
  fc_compose_params(&given, &p);
  lua_createtable(L, 0, (int)n);
  for (i = 0; i < n; i++)
    if (strcmp(fc_scenario_field_name(i), "idle_w") != 0)
      lfc_setnum(L, fc_scenario_field_name(i), *fc_scenario_field_ptr(&p, i));
  lua_pushstring(L, recovery_names[(int)p.recovery]);
  lua_setfield(L, -2, "recovery");
  lua_pushboolean(L, p.cloud_committed > 0.5);
  lua_setfield(L, -2, "cloud_committed");
  return 1;
}

/* default_sources() -> {field = source} of fc_compose's defaults (fc_compose_default_source). */
static int l_default_sources(lua_State *L) {
  size_t i, n = fc_scenario_field_count();
  lua_createtable(L, 0, 16);
  for (i = 0; i < n; i++) {
    const char *src = fc_compose_default_source(fc_scenario_field_name(i));
    if (src) {
      lua_pushstring(L, src);
      lua_setfield(L, -2, fc_scenario_field_name(i));
    }
  }
  return 1;
}

static const luaL_Reg params_methods[] = {
  {"eval", p_eval}, {"result", p_result}, {"get", p_get}, {"set", p_set}, {NULL, NULL}
};

static const luaL_Reg funcs[] = {
  {"eval", l_eval},     {"eval_batch", l_eval_batch}, {"eval_mix", l_eval_mix},
  {"eval_grid", l_eval_grid},
  {"params", l_params}, {"fields", l_fields},         {"defaults", l_defaults},
  {"default_sources", l_default_sources},
  {NULL, NULL}
};

int lfc_open_scenario(lua_State *L) {
  if (lfc_newmetatable(L, PARAMS_MT)) {
    luaL_newlib(L, params_methods);
    lua_setfield(L, -2, "__index");
    lua_pushcfunction(L, p_tostring);
    lua_setfield(L, -2, "__tostring");
  }
  lua_pop(L, 1);
  luaL_newlib(L, funcs);
  luaL_setfuncs(L, lfc_compose_funcs, 0);
  return 1;
}
