/*
** lfc_inference.c -- Lua binding of the serving model (flopcost.core.inference).
**
**   core.inference.serve(desc, { batch =, groups = {1, 2, 4, 8}, frontier = max points })
**     desc: an inference scenario description (lfc_compose.c, lfc_read_desc)
**     with one chip: the fields fc.scenario writes (model.*, workload.*,
**     serving.*, chips = {{chip.*, power_curve =}}). The description becomes the
**     model's inputs in the core (fc_serve_compose.h), as a scenario's does, so
**     both doors convert the catalog, pick group sizes and default the KV
**     precision in one place.
**   -> result table (the chosen point within desc's targets, or at `batch`;
**      result.frontier = a Frontier userdata, see below)
**   -> nil, message, "latency" when no point meets the targets
**   -> nil, message, "does_not_fit" when the model fits in no group
**   raises for bad input.
** The frontier stays in C: rows and columns are built when Lua asks for them.
*/
#include <limits.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <lua.h>
#include <lauxlib.h>
#include "fc.h"
#include "fc_compose.h"
#include "fc_serve_compose.h"
#include "lfc.h"
#include "lfc_util.h"

#define FN "flopcost.inference.serve"
#define MAX_GROUPS FC_SERVE_MAX_GROUPS /* the buffer; a user's list: at most USER_GROUPS */
#define USER_GROUPS 16
#define MAX_FRONTIER 65536

/* opts.groups (opts at index o) into g; 0 when absent. */
static size_t read_groups(lua_State *L, int o, double *g) {
  size_t n, i;
  if (lua_getfield(L, o, "groups") == LUA_TNIL) { lua_pop(L, 1); return 0; }
  if (!lua_istable(L, -1)) lfc_field_error(L, FN, "groups", "list of group sizes", -1);
  n = (size_t)lua_rawlen(L, -1);
  if (n == 0 || n > USER_GROUPS) lfc_field_error(L, FN, "groups", "list of 1 to 16 group sizes", -1);
  for (i = 0; i < n; i++) {
    int isnum;
    lua_rawgeti(L, -1, (lua_Integer)i + 1);
    g[i] = lua_tonumberx(L, -1, &isnum);
    if (!isnum || g[i] != floor(g[i]) || g[i] < 1 || g[i] > 1024) {
      char f[32];
      snprintf(f, sizeof f, "groups[%d]", (int)i + 1);
      lfc_field_error(L, FN, f, "integer in [1, 1024]", -1);
    }
    lua_pop(L, 1);
  }
  lua_pop(L, 1);
  return n;
}

/* The number fields of a point, by name: one list for the row table, the
   columns and the accessors. */
typedef struct { const char *name; size_t offset; } point_field;
#define PF(f) {#f, offsetof(fc_infer_point, f)}
static const point_field point_fields[] = {
  PF(group), PF(batch), PF(max_batch), PF(step_s), PF(memory_s), PF(compute_s), PF(network_s),
  PF(overhead_s), PF(tpot_s), PF(ttft_s), PF(tokens_per_step), PF(decode_tokens_per_s_per_chip),
  PF(prefill_tokens_per_s_per_chip), PF(output_tokens_per_s_per_chip), PF(tokens_per_s_per_chip),
  PF(tokens_per_s_per_user), PF(chip_s_per_request), PF(prefill_chip_s), PF(decode_chip_s),
  PF(experts_per_layer), PF(weights_read_bytes), PF(kv_read_bytes), PF(kv_bytes_per_token),
  PF(weights_bytes), PF(decode_utilization), PF(prefill_utilization), PF(decode_power_w),
  PF(prefill_power_w), PF(j_per_output_token), PF(j_per_input_token), PF(j_per_token), PF(tp), PF(dp),
  PF(pp), PF(nodes), PF(rank_batch), PF(imbalance), PF(moe_flop_efficiency), PF(exposed_network_s),
  PF(output_tokens_per_s), PF(tokens_per_s), PF(chips), PF(disaggregated), PF(prefill_group), PF(prefill_tp),
  PF(prefill_dp), PF(prefill_chips), PF(decode_chips), PF(requests_per_s), PF(queue_s), {NULL, 0}};
#undef PF

static double field_of(const fc_infer_point *r, size_t offset) {
  return *(const double *)(const void *)((const char *)r + offset);
}

static void push_point(lua_State *L, const fc_infer_point *r) {
  int k;
  lua_createtable(L, 0, 40);
  for (k = 0; point_fields[k].name; k++) lfc_setnum(L, point_fields[k].name, field_of(r, point_fields[k].offset));
  lua_pushstring(L, fc_inference_bound_name(r->roofline));
  lua_setfield(L, -2, "roofline");
  lua_pushstring(L, fc_inference_bound_name(r->bound));
  lua_setfield(L, -2, "bound");
}

/* {====================================================================
** The frontier: the points stay in C (a userdata); Lua sees
**   #f, f.n             the number of points
**   f[i], f:row(i)      point i as a table (the fields of serve's result)
**   f:rows()            for i, p in f:rows() do ... end
**   f.<field>           the column of that field, a Lua array built on first use
**   f:pareto()          the points no other beats on both tokens/s per user
**                       and output tokens/s per chip, by tokens/s per user
** so the call costs the model alone; rows and columns are built on demand.
** ===================================================================== */

#define FRONTIER_MT "flopcost.inference.Frontier"

typedef struct {
  size_t n;
  fc_infer_point pts[];
} frontier_ud;

/* A frontier userdata of n points (uninitialized), on the stack. */
static frontier_ud *new_frontier(lua_State *L, size_t n) {
  frontier_ud *f = (frontier_ud *)lua_newuserdatauv(L, sizeof(frontier_ud) + n * sizeof(fc_infer_point), 1);
  f->n = n;
  luaL_setmetatable(L, FRONTIER_MT);
  return f;
}

static frontier_ud *check_frontier(lua_State *L, int i) {
  return (frontier_ud *)luaL_checkudata(L, i, FRONTIER_MT);
}

static int push_row(lua_State *L, const frontier_ud *f, lua_Integer i) {
  if (i < 1 || (size_t)i > f->n) lua_pushnil(L);
  else push_point(L, &f->pts[i - 1]);
  return 1;
}

static int f_row(lua_State *L) {
  frontier_ud *f = check_frontier(L, 1);
  return push_row(L, f, luaL_checkinteger(L, 2));
}

static int f_rows_next(lua_State *L) {
  frontier_ud *f = check_frontier(L, 1);
  lua_Integer i = luaL_checkinteger(L, 2) + 1;
  if (i < 1 || (size_t)i > f->n) return 0;
  lua_pushinteger(L, i);
  push_point(L, &f->pts[i - 1]);
  return 2;
}

static int f_rows(lua_State *L) {
  check_frontier(L, 1);
  lua_pushcfunction(L, f_rows_next);
  lua_pushvalue(L, 1);
  lua_pushinteger(L, 0);
  return 3;
}

static int f_pareto(lua_State *L) {
  frontier_ud *f = check_frontier(L, 1), *g;
  size_t *idx = (size_t *)lua_newuserdatauv(L, 2 * (f->n ? f->n : 1) * sizeof(size_t), 0), m = 0, i;
  fc_inference_pareto(f->pts, f->n, idx, idx + f->n, &m);
  g = new_frontier(L, m);
  for (i = 0; i < m; i++) g->pts[i] = f->pts[idx[i]];
  return 1;
}

/* The column of `name` (a point field, "roofline" or "bound") as a Lua array,
   cached in the userdata's user value; 0 when there is no such column. */
static int push_column(lua_State *L, int ud, const char *name) {
  frontier_ud *f = (frontier_ud *)lua_touserdata(L, ud);
  size_t i;
  int k, text = strcmp(name, "roofline") == 0 ? 1 : strcmp(name, "bound") == 0 ? 2 : 0;
  for (k = 0; !text && point_fields[k].name && strcmp(point_fields[k].name, name) != 0; k++) {}
  if (!text && !point_fields[k].name) return 0;
  if (lua_getiuservalue(L, ud, 1) != LUA_TTABLE) {
    lua_pop(L, 1);
    lua_newtable(L);
    lua_pushvalue(L, -1);
    lua_setiuservalue(L, ud, 1);
  }
  if (lua_getfield(L, -1, name) == LUA_TTABLE) {
    lua_remove(L, -2);
    return 1;
  }
  lua_pop(L, 1);
  lua_createtable(L, f->n > INT_MAX ? INT_MAX : (int)f->n, 0);
  for (i = 0; i < f->n; i++) {
    const fc_infer_point *r = &f->pts[i];
    if (text) lua_pushstring(L, fc_inference_bound_name(text == 1 ? r->roofline : r->bound));
    else lua_pushnumber(L, field_of(r, point_fields[k].offset));
    lua_rawseti(L, -2, (lua_Integer)i + 1);
  }
  lua_pushvalue(L, -1);
  lua_setfield(L, -3, name);
  lua_remove(L, -2);
  return 1;
}

static int f_column(lua_State *L) {
  const char *name;
  check_frontier(L, 1);
  name = luaL_checkstring(L, 2);
  if (!push_column(L, 1, name))
    return luaL_error(L, "flopcost.inference.Frontier:column: unknown field '%s'", name);
  return 1;
}

static int f_index(lua_State *L) {
  frontier_ud *f = check_frontier(L, 1);
  int isint;
  lua_Integer i = lua_tointegerx(L, 2, &isint);
  const char *k;
  if (isint) return push_row(L, f, i);
  if (lua_type(L, 2) != LUA_TSTRING) { lua_pushnil(L); return 1; }
  k = lua_tostring(L, 2);
  if (strcmp(k, "n") == 0) { lua_pushinteger(L, (lua_Integer)f->n); return 1; }
  /* methods first (they live in the metatable's "methods") */
  luaL_getmetafield(L, 1, "methods");
  if (lua_getfield(L, -1, k) != LUA_TNIL) return 1;
  lua_pop(L, 2);
  if (!push_column(L, 1, k)) lua_pushnil(L);
  return 1;
}

static int f_len(lua_State *L) {
  lua_pushinteger(L, (lua_Integer)check_frontier(L, 1)->n);
  return 1;
}

static int f_tostring(lua_State *L) {
  lua_pushfstring(L, "flopcost.inference.Frontier (%I points)", (lua_Integer)check_frontier(L, 1)->n);
  return 1;
}

static void frontier_metatable(lua_State *L) {
  static const luaL_Reg methods[] = {
    {"row", f_row}, {"rows", f_rows}, {"column", f_column}, {"pareto", f_pareto}, {NULL, NULL}};
  if (lfc_newmetatable(L, FRONTIER_MT)) {
    luaL_newlib(L, methods);
    lua_setfield(L, -2, "methods");
    lua_pushcfunction(L, f_index);
    lua_setfield(L, -2, "__index");
    lua_pushcfunction(L, f_len);
    lua_setfield(L, -2, "__len");
    lua_pushcfunction(L, f_tostring);
    lua_setfield(L, -2, "__tostring");
  }
  lua_pop(L, 1);
}

/* }==================================================================== */

/* What field `bad` (named by the core) must be. */
static const char *domain_of(const char *bad) {
  static const char *const frac_open[] = {"bandwidth_efficiency", "flop_efficiency", "link_efficiency",
                                          "kv_memory_fraction", "scaleout_efficiency", NULL};
  static const char *const frac01[] = {"decode_power_weight", "acceptance", "mla", "overlap", NULL};
  int k;
  for (k = 0; frac_open[k]; k++) if (strcmp(bad, frac_open[k]) == 0) return fc_scenario_domain_text(FC_DOMAIN_OPEN_UNIT);
  for (k = 0; frac01[k]; k++) if (strcmp(bad, frac01[k]) == 0) return fc_scenario_domain_text(FC_DOMAIN_FRAC);
  if (strcmp(bad, "cache_hit") == 0) return fc_scenario_domain_text(FC_DOMAIN_UNIT_OPEN_HI);
  if (strcmp(bad, "group") == 0) return "integer in [1, 1024]";
  if (strcmp(bad, "batch") == 0) return "integer in [1, 1e9]"; /* fc_inference_point's bound */
  if (strcmp(bad, "draft_tokens") == 0) return "integer in [0, 64]";
  if (strcmp(bad, "tp") == 0) return "integer dividing the group (0: auto), inside a node without scale-out";
  if (strcmp(bad, "node_chips") == 0) return "integer in [0, 1024]";
  if (strcmp(bad, "moe_tile_tokens") == 0) return "number in [1, 4096]";
  if (strcmp(bad, "routing_skew") == 0) return "number in [0, 10]";
  if (strcmp(bad, "scaleout_bytes_per_s") == 0)
    return "positive number (a group larger than a node needs scale-out)";
  if (strcmp(bad, "input_tokens") == 0 || strcmp(bad, "output_tokens") == 0 ||
      strcmp(bad, "prefill_chunk_tokens") == 0) return fc_scenario_domain_text(FC_DOMAIN_GE1);
  if (strcmp(bad, "active_params") == 0) return "positive number not above params";
  if (strcmp(bad, "kv_heads") == 0) return "positive number not above heads";
  if (strcmp(bad, "experts_active") == 0) return "positive number not above experts";
  if (strcmp(bad, "moe_layers") == 0) return "positive number not above layers";
  if (strcmp(bad, "idle_w") == 0) return "number not above tdp_w";
  if (strcmp(bad, "link_bytes_per_s") == 0) return "positive number (a group of several chips needs a link)";
  if (strcmp(bad, "expert_intermediate") == 0) return "positive number (experts within params)";
  if (strcmp(bad, "step_overhead_s") == 0 || strcmp(bad, "sequence_overhead_s") == 0 ||
      strcmp(bad, "group_sequence_overhead_s") == 0 ||
      strcmp(bad, "collective_latency_s") == 0) return "number >= 0";
  return fc_scenario_domain_text(FC_DOMAIN_POS);
}

/* Raises "fn: field 'x': <domain> expected, got <value>" for a field the
   core names (bad), under the description's name and with its value there. */
static int field_error_for(lua_State *L, fc_compose_desc *d, const char *bad, int st) {
  const char *name;
  int i;
  if (!bad) return lfc_status_error(L, FN, st);
  name = fc_serve_compose_field(bad);
  if ((i = fc_compose_field_index(FC_COMPOSE_SCENARIO, name)) >= 0)
    lua_pushnumber(L, *fc_compose_field_ptr(FC_COMPOSE_SCENARIO, d, (size_t)i));
  else if ((i = fc_compose_field_index(FC_COMPOSE_CHIP, name)) >= 0)
    lua_pushnumber(L, *fc_compose_field_ptr(FC_COMPOSE_CHIP, &d->chips[0], (size_t)i));
  else
    lua_pushnil(L);
  return lfc_field_error(L, FN, name, domain_of(bad), -1);
}

/* "the model does not fit: it needs X GB ..." (luaL_error has no %.1f) */
static int no_fit(lua_State *L, double need, double weights, double group, double memory) {
  char msg[320];
  snprintf(msg, sizeof msg, "%s: the model does not fit: it needs %.1f GB (weights %.1f GB + one sequence's "
           "KV cache) and a group of %d chip%s has %.1f GB", FN, need / 1e9, weights / 1e9, (int)group,
           group > 1 ? "s" : "", group * memory / 1e9);
  return lfc_fail(L, "does_not_fit", msg);
}

/* The best point within the description's targets (fc_serve_compose_solve),
   its failures as the door reports them. Returns 0 with *best filled, or the
   number of values pushed (nil, message, token). */
static int solve(lua_State *L, const fc_compose_desc *d, const fc_llm *m, const fc_infer_chip *c,
                 const fc_infer_params *p, const double *groups, size_t ng, fc_infer_point *best) {
  fc_compose_error e;
  int st = fc_serve_compose_solve(d, 0, NULL, groups, ng, best, &e);
  if (st == FC_OK) return 0;
  if (st == FC_EDOM && e.field && strcmp(e.field, "model.params") == 0) {
    fc_infer_params q = *p;
    const char *bad = NULL;
    q.group = e.value / c->memory_bytes; /* the largest group tried */
    fc_inference_point(m, c, &q, 1, best, &bad);
    return no_fit(L, e.limit, best->weights_bytes, q.group, c->memory_bytes);
  }
  if (st == FC_EDOM && e.field && strncmp(e.field, "workload.slo.", 13) == 0) {
    char msg[256];
    snprintf(msg, sizeof msg, "%s: no batch meets %s = %g s: the tightest achievable is %.4g s", FN, e.field + 13,
             e.value, e.limit);
    return lfc_fail(L, "latency", msg);
  }
  return lfc_compose_error(L, FN, 1, d, st, &e);
}

/* result.layout = { prefill = {chips, tp, dp, ep, pool}, decode = {...} }: each
   phase's replica (fc_inference.h: dp ranks of tp chips for attention, the
   experts over the replica's group, ep = group, for a MoE) and the chips of
   its pool (fc_serve.h: a disaggregated pair sizes the prefill pool to the
   work ratio; aggregated serving runs both phases on one replica). */
static void push_phase(lua_State *L, const char *phase, double group, double tp, double dp, double pool,
                       const fc_llm *m) {
  lua_createtable(L, 0, 6);
  lfc_setnum(L, "chips", group);
  lfc_setnum(L, "tp", tp);
  lfc_setnum(L, "dp", dp);
  lfc_setnum(L, "pp", tp > 0.0 && dp > 0.0 ? group / (tp * dp) : 1.0); /* pipeline stages (dense) */
  lfc_setnum(L, "ep", m->experts > 0.0 ? group : 1.0);
  lfc_setnum(L, "pool", pool);
  lua_setfield(L, -2, phase);
}

static void push_layout(lua_State *L, const fc_infer_point *pt, const fc_llm *m) {
  int split = pt->prefill_group > 0.0; /* the layout search filled the prefill pool */
  lua_createtable(L, 0, 2);
  push_phase(L, "prefill", split ? pt->prefill_group : pt->group, split ? pt->prefill_tp : pt->tp,
             split ? pt->prefill_dp : pt->dp, split && pt->prefill_chips > 0.0 ? pt->prefill_chips : pt->group, m);
  push_phase(L, "decode", pt->group, pt->tp, pt->dp, pt->decode_chips > 0.0 ? pt->decode_chips : pt->group, m);
  lua_setfield(L, -2, "layout");
}

static int l_serve(lua_State *L) {
  static const char *const known[] = {"batch", "groups", "frontier", NULL};
  fc_compose_desc *d;
  fc_compose_error e;
  fc_llm m;
  fc_infer_chip c;
  fc_infer_params p;
  fc_infer_point best;
  double groups[MAX_GROUPS], batch, t_ttft = 0, need = 0;
  const char *bad = NULL;
  size_t ng, nf = 0;
  long long frontier;
  int st;
  if (lua_isnoneornil(L, 2)) { lua_settop(L, 1); lua_newtable(L); }
  luaL_checktype(L, 2, LUA_TTABLE);
  lua_settop(L, 2);
  lfc_check_fields(L, 2, FN, known);
  d = lfc_read_desc(L, 1, FN); /* 3: the description (anchors the power curve) */
  if (d->n_chips != 1) return luaL_error(L, "%s: field 'chips': one chip expected, got %d", FN, (int)d->n_chips);
  if ((st = fc_compose_check(d, &e)) || (st = fc_serve_compose_inputs(d, 0, NULL, &m, &c, &p, &e)))
    return lfc_compose_error(L, FN, 1, d, st, &e);
  batch = lfc_field_number_opt(L, 2, FN, "batch", LFC_NONNEG, 0.0);
  frontier = lfc_field_integer_opt(L, 2, FN, "frontier", 0, 0);
  if (frontier > MAX_FRONTIER) {
    lua_getfield(L, 2, "frontier");
    return lfc_field_error(L, FN, "frontier", "integer in [0, 65536]", -1);
  }
  /* no groups given: the layout search over workload.chips (fc_serve.h) */
  ng = read_groups(L, 2, groups);
  if (batch > 0) {
    if ((st = fc_inference_check(&m, &c, &p, &bad))) return field_error_for(L, d, bad, st);
    if (batch != floor(batch)) {
      lua_getfield(L, 2, "batch");
      return lfc_domain_error(L, FN, "batch", FC_DOMAIN_POSINT, -1);
    }
    if ((st = fc_inference_point(&m, &c, &p, batch, &best, &bad))) {
      if (bad && strcmp(bad, "batch") == 0) { /* the caller's option, not a description field */
        lua_getfield(L, 2, "batch");
        return lfc_field_error(L, FN, "batch", domain_of(bad), -1);
      }
      return field_error_for(L, d, bad, st);
    }
    if (batch > best.max_batch) {
      fc_inference_max_batch(&m, &c, &p, &t_ttft, &need);
      if (best.max_batch < 1) return no_fit(L, need, best.weights_bytes, p.group, c.memory_bytes);
      return luaL_error(L, "%s: field 'batch': %d sequences do not fit in memory (at most %d)", FN,
                        (int)batch, (int)best.max_batch);
    }
  } else if ((st = solve(L, d, &m, &c, &p, groups, ng, &best)) != 0) {
    return st;
  }
  push_point(L, &best);
  /* the request and the bytes the point was served with (the core's defaults and rules applied) */
  lfc_setnum(L, "input_tokens", p.input_tokens);
  lfc_setnum(L, "output_tokens", p.output_tokens);
  lfc_setnum(L, "cache_hit", p.cache_hit);
  lfc_setnum(L, "weight_bytes", p.weight_bytes);
  lfc_setnum(L, "kv_bytes", p.kv_bytes);
  push_layout(L, &best, &m);
  {
    /* water per million tokens at this point (the scenarios' convention, fc_compose_water_serve) */
    double on, off;
    if ((st = fc_compose_water_serve(d, best.j_per_token, &on, &off))) return lfc_status_error(L, FN, st);
    if (!isnan(on)) {
      lfc_setnum(L, "water_onsite_l_per_mtok", on);
      lfc_setnum(L, "water_offsite_l_per_mtok", off);
      lfc_setnum(L, "water_l_per_mtok", on + off);
    }
  }
  if (frontier > 0) {
    frontier_ud *f;
    if (ng == 0) ng = fc_serve_compose_groups(d, &m, &c, groups);
    /* count, then fill a userdata of exactly that size */
    st = fc_inference_frontier(&m, &c, &p, ng ? groups : NULL, ng, NULL, (size_t)frontier, &nf, &bad);
    if (st) return field_error_for(L, d, bad, st);
    f = new_frontier(L, nf);
    st = fc_inference_frontier(&m, &c, &p, ng ? groups : NULL, ng, f->pts, (size_t)frontier, &f->n, &bad);
    if (st) return field_error_for(L, d, bad, st);
    lua_setfield(L, -2, "frontier");
  }
  return 1;
}

/* expected_experts(experts, active, tokens) */
static int l_experts(lua_State *L) {
  const char *fn = "flopcost.inference.expected_experts";
  double e = lfc_arg_number(L, 1, fn, "experts", LFC_POSITIVE);
  double k = lfc_arg_number(L, 2, fn, "active", LFC_POSITIVE);
  double b = lfc_arg_number(L, 3, fn, "tokens", LFC_NONNEG), x;
  if (k > e) return luaL_error(L, "%s: argument 'active': number not above experts (%g) expected, got %g", fn, e, k);
  fc_inference_expected_experts(e, k, b, &x);
  lua_pushnumber(L, x);
  return 1;
}

int lfc_open_inference(lua_State *L) {
  static const luaL_Reg fns[] = {
    {"serve", l_serve}, {"expected_experts", l_experts}, {NULL, NULL}};
  frontier_metatable(L);
  luaL_newlib(L, fns);
  return 1;
}
