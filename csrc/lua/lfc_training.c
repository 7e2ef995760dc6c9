/* lfc_training.c -- Lua binding of fc_training (flopcost.training). */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <lua.h>
#include <lauxlib.h>
#include "fc.h"
#include "lfc.h"
#include "lfc_util.h"

/* flops{params=, tokens=, [active_params=], [n_layer=, n_ctx=, d_attn=]} */
static int l_flops(lua_State *L) {
  static const char *const known[] = {"params", "active_params", "tokens", "n_layer", "n_ctx",
                                      "d_attn", NULL};
  const char *fn = "flopcost.training.flops";
  double params, active, tokens, nl, nc, da, flops;
  int st;
  lfc_check_options(L, 1, fn);
  lfc_check_fields(L, 1, fn, known);
  params = lfc_field_number(L, 1, fn, "params", LFC_POSITIVE);
  active = lfc_field_number_opt(L, 1, fn, "active_params", LFC_POSITIVE, params);
  if (active > params) {
    lua_getfield(L, 1, "active_params");
    return lfc_field_error(L, fn, "active_params", "number not above params", -1);
  }
  tokens = lfc_field_number(L, 1, fn, "tokens", LFC_POSITIVE);
  nl = lfc_field_number_opt(L, 1, fn, "n_layer", LFC_NONNEG, 0.0);
  nc = lfc_field_number_opt(L, 1, fn, "n_ctx", LFC_NONNEG, 0.0);
  da = lfc_field_number_opt(L, 1, fn, "d_attn", LFC_NONNEG, 0.0);
  st = fc_training_flops(active, tokens, nl, nc, da, &flops);
  if (st) return lfc_status_error(L, fn, st);
  lfc_push_result(L, fn, flops);
  return 1;
}

static double read_hours(lua_State *L, const char *fn) {
  double h;
  int st = fc_training_chip_hours(lfc_field_number(L, 1, fn, "flops", LFC_NONNEG),
                                  lfc_field_number(L, 1, fn, "peak_flops_per_s", LFC_POSITIVE),
                                  lfc_field_number(L, 1, fn, "mfu", LFC_OPEN_UNIT),
                                  lfc_field_number_opt(L, 1, fn, "scaling_efficiency", LFC_OPEN_UNIT, 1.0),
                                  lfc_field_number_opt(L, 1, fn, "goodput", LFC_OPEN_UNIT, 1.0), &h);
  if (st) lfc_status_error(L, fn, st);
  return h;
}

/* chip_hours{flops=, peak_flops_per_s=, mfu=, [scaling_efficiency=], [goodput=]} */
static int l_chip_hours(lua_State *L) {
  static const char *const known[] = {"flops", "peak_flops_per_s", "mfu", "scaling_efficiency",
                                      "goodput", NULL};
  const char *fn = "flopcost.training.chip_hours";
  lfc_check_options(L, 1, fn);
  lfc_check_fields(L, 1, fn, known);
  lfc_push_result(L, fn, read_hours(L, fn));
  return 1;
}

/* days{... as chip_hours, chips=} -> wall-clock days */
static int l_days(lua_State *L) {
  static const char *const known[] = {"flops", "peak_flops_per_s", "mfu", "scaling_efficiency",
                                      "goodput", "chips", NULL};
  const char *fn = "flopcost.training.days";
  double chips, days;
  lfc_check_options(L, 1, fn);
  lfc_check_fields(L, 1, fn, known);
  chips = lfc_field_number(L, 1, fn, "chips", LFC_POSITIVE);
  if (fc_training_days(read_hours(L, fn), chips, &days) != FC_OK) return lfc_status_error(L, fn, FC_EDOM);
  lfc_push_result(L, fn, days);
  return 1;
}

/* mfu{flops=, chip_hours=, peak_flops_per_s=} */
static int l_mfu(lua_State *L) {
  static const char *const known[] = {"flops", "chip_hours", "peak_flops_per_s", NULL};
  const char *fn = "flopcost.training.mfu";
  double m;
  int st;
  lfc_check_options(L, 1, fn);
  lfc_check_fields(L, 1, fn, known);
  st = fc_training_mfu(lfc_field_number(L, 1, fn, "flops", LFC_POSITIVE),
                       lfc_field_number(L, 1, fn, "chip_hours", LFC_POSITIVE),
                       lfc_field_number(L, 1, fn, "peak_flops_per_s", LFC_POSITIVE), &m);
  if (st) return lfc_status_error(L, fn, st);
  lua_pushnumber(L, m);
  return 1;
}

/* scaling{table = {{chips, eff}, ...}, chips=} or the communication model (see fc_training.h) */
static int l_scaling(lua_State *L) {
  static const char *const known[] = {
    "chips", "chips_per_node", "sites", "gradient_bytes", "params", "bytes_per_param",
    "model_parallel", "step_flops_per_chip", "tokens_per_step", "peak_flops_per_s", "mfu",
    "intra_node_gbs", "inter_node_gbs", "inter_site_gbs", "latency_s", "overlap", "table",
    "tensor_parallel", "pipeline_parallel", "layers", "d_model", "activation_bytes",
    "pipeline_across_sites", NULL};
  const char *fn = "flopcost.training.scaling", *bad = NULL;
  fc_scaling_params p;
  fc_scaling_result r;
  int st;
  lfc_check_options(L, 1, fn);
  lfc_check_fields(L, 1, fn, known);
  if (lua_getfield(L, 1, "table") == LUA_TTABLE) {
    double c[64], e[64], eff, at = lfc_field_number(L, 1, fn, "chips", LFC_POSITIVE);
    size_t n = lua_rawlen(L, -1), i;
    if (n < 1 || n > 64) return luaL_error(L, "%s: field 'table': 1 to 64 rows expected", fn);
    for (i = 0; i < n; i++) {
      char f[40];
      lua_rawgeti(L, -1, (lua_Integer)i + 1);
      lua_rawgeti(L, -1, 1);
      lua_rawgeti(L, -2, 2);
      snprintf(f, sizeof f, "table[%d]", (int)i + 1);
      if (lua_type(L, -2) != LUA_TNUMBER || lua_type(L, -1) != LUA_TNUMBER)
        return lfc_field_error(L, fn, f, "{chips, efficiency} pair", -3);
      c[i] = lua_tonumber(L, -2);
      e[i] = lua_tonumber(L, -1);
      lua_pop(L, 3);
    }
    st = fc_training_scaling_table(c, e, n, at, &eff);
    if (st == FC_EDOM)
      return luaL_error(L, "%s: field 'table': chips must increase from 1 and efficiencies lie in (0, 1]", fn);
    if (st) return lfc_status_error(L, fn, st);
    lua_pushnumber(L, eff);
    return 1;
  }
  lua_pop(L, 1);
  fc_training_scaling_defaults(&p); /* the model's defaults, with their sources: fc_training.c */
  p.chips = lfc_field_number(L, 1, fn, "chips", LFC_POSITIVE);
  p.peak_flops_per_s = lfc_field_number(L, 1, fn, "peak_flops_per_s", LFC_POSITIVE);
  p.mfu = lfc_field_number(L, 1, fn, "mfu", LFC_OPEN_UNIT);
  p.intra_node_gbs = lfc_field_number(L, 1, fn, "intra_node_gbs", LFC_POSITIVE);
  p.inter_node_gbs = lfc_field_number(L, 1, fn, "inter_node_gbs", LFC_POSITIVE);
#define OPT(f, check) p.f = lfc_field_number_opt(L, 1, fn, #f, check, p.f)
  OPT(chips_per_node, LFC_POSITIVE); OPT(sites, LFC_POSITIVE); OPT(params, LFC_POSITIVE);
  OPT(bytes_per_param, LFC_POSITIVE); OPT(gradient_bytes, LFC_NONNEG); OPT(step_flops_per_chip, LFC_POSITIVE);
  OPT(tokens_per_step, LFC_POSITIVE); OPT(layers, LFC_POSITIVE); OPT(d_model, LFC_POSITIVE);
  OPT(activation_bytes, LFC_POSITIVE); OPT(inter_site_gbs, LFC_POSITIVE); OPT(latency_s, LFC_NONNEG);
  OPT(overlap, LFC_FRACTION); OPT(pipeline_parallel, LFC_POSITIVE);
#undef OPT
  /* 'model_parallel' is the older name of tensor_parallel */
  p.tensor_parallel = lfc_field_number_opt(L, 1, fn, "tensor_parallel", LFC_POSITIVE,
                                           lfc_field_number_opt(L, 1, fn, "model_parallel", LFC_POSITIVE,
                                                                p.tensor_parallel));
  {
    int ty = lua_getfield(L, 1, "pipeline_across_sites");
    if (ty != LUA_TNIL && ty != LUA_TBOOLEAN) lfc_field_error(L, fn, "pipeline_across_sites", "boolean", -1);
    p.pipeline_across_sites = lua_toboolean(L, -1);
    lua_pop(L, 1);
  }
  st = fc_training_scaling(&p, &r, &bad);
  if (st == FC_EDOM && bad) {
    if (strcmp(bad, "chips") == 0)
      return luaL_error(L, "%s: field 'chips': a multiple of tensor_parallel x pipeline_parallel (%f) expected, "
                        "got %f", fn, p.tensor_parallel * p.pipeline_parallel, p.chips);
    if (strcmp(bad, "pipeline_parallel") == 0 && p.pipeline_parallel == floor(p.pipeline_parallel))
      return luaL_error(L, "%s: field 'pipeline_parallel': at least one stage per site expected with "
                        "pipeline_across_sites, got %f", fn, p.pipeline_parallel);
    if (strcmp(bad, "tensor_parallel") == 0 || strcmp(bad, "pipeline_parallel") == 0)
      return luaL_error(L, "%s: field '%s': %s expected", fn, bad, fc_scenario_domain_text(FC_DOMAIN_POSINT));
    if (strcmp(bad, "params") == 0 || strcmp(bad, "tokens_per_step") == 0) {
      lua_getfield(L, 1, bad);
      return lfc_field_error(L, fn, bad, fc_scenario_domain_text(FC_DOMAIN_POS), -1);
    }
    if (strcmp(bad, "inter_site_gbs") == 0)
      return luaL_error(L, "%s: field 'inter_site_gbs': %s expected (needed when sites > 1)", fn,
                        fc_scenario_domain_text(FC_DOMAIN_POS));
    return luaL_error(L, "%s: field '%s': %s expected (needed when tensor_parallel or "
                      "pipeline_parallel > 1)", fn, bad, fc_scenario_domain_text(FC_DOMAIN_POS));
  }
  if (st) return lfc_status_error(L, fn, st);
  lua_createtable(L, 0, 13);
  lfc_setnum(L, "efficiency", r.efficiency);
  lfc_setnum(L, "compute_s", r.compute_s);
  lfc_setnum(L, "tensor_s", r.tp_s);
  lfc_setnum(L, "pipeline_s", r.pp_s);
  lfc_setnum(L, "intra_node_s", r.intra_s);
  lfc_setnum(L, "inter_node_s", r.inter_s);
  lfc_setnum(L, "inter_site_s", r.site_s);
  lfc_setnum(L, "exposed_s", r.exposed_s);
  lfc_setnum(L, "tensor_bytes", r.tp_bytes);
  lfc_setnum(L, "pipeline_bytes", r.pp_bytes);
  lfc_setnum(L, "data_bytes", r.dp_bytes);
  lfc_setnum(L, "inter_site_bytes", r.site_bytes);
  lfc_setnum(L, "data_parallel", p.chips / (p.tensor_parallel * p.pipeline_parallel));
  return 1;
}

/* goodput{checkpoint_s=, restart_s=, mtbf_h= (per chip), chips=1} */
static int l_goodput(lua_State *L) {
  static const char *const known[] = {"checkpoint_s", "restart_s", "mtbf_h", "chips", NULL};
  const char *fn = "flopcost.training.goodput";
  double c, restart, mtbf_h, chips;
  fc_goodput_result r;
  int st;
  lfc_check_options(L, 1, fn);
  lfc_check_fields(L, 1, fn, known);
  c = lfc_field_number(L, 1, fn, "checkpoint_s", LFC_POSITIVE);
  restart = lfc_field_number_opt(L, 1, fn, "restart_s", LFC_NONNEG, 0.0);
  mtbf_h = lfc_field_number(L, 1, fn, "mtbf_h", LFC_POSITIVE);
  chips = lfc_field_number_opt(L, 1, fn, "chips", LFC_POSITIVE, 1.0);
  st = fc_training_goodput_cluster(c, restart, mtbf_h, chips, &r);
  if (st) return lfc_status_error(L, fn, st);
  lua_createtable(L, 0, 4);
  lfc_setnum(L, "goodput", r.goodput);
  lfc_setnum(L, "young_interval_s", r.young_interval_s);
  lfc_setnum(L, "daly_interval_s", r.daly_interval_s);
  lfc_setnum(L, "job_mtbf_h", r.job_mtbf_h);
  return 1;
}

static const luaL_Reg funcs[] = {
  {"flops", l_flops}, {"chip_hours", l_chip_hours}, {"days", l_days}, {"mfu", l_mfu},
  {"scaling", l_scaling}, {"goodput", l_goodput}, {NULL, NULL}
};

int lfc_open_training(lua_State *L) {
  luaL_newlib(L, funcs);
  return 1;
}
