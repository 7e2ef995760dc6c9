/*
** lfc_mc_opts.c -- the options of core.mc.run and core.mc.tornado: the
** scenario (one member or a mix), the uncertain inputs, the outputs, the
** quantile levels, the generator, the shard. Each reader raises a Lua error
** naming the function and the field; see lfc_mc.h.
*/
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <lua.h>
#include <lauxlib.h>
#include "fc.h"
#include "fc_mc.h"
#include "lfc.h"
#include "lfc_mc.h"
#include "lfc_util.h"

void lfc_mc_read_scenario(lua_State *L, int opts, const char *fn, lfc_mc_scenario *sc) {
  int t = lua_getfield(L, opts, "scenario"), sidx = lua_gettop(L), members = 0, chips = 0;
  char where[96];
  memset(sc, 0, sizeof *sc);
  if (t == LUA_TTABLE) {
    members = lua_getfield(L, sidx, "members") != LUA_TNIL;
    chips = lua_getfield(L, sidx, "chips") != LUA_TNIL;
    lua_pop(L, 2);
  }
  if (members) { /* a mix: the one mix reader (lfc_scenario.c) */
    snprintf(where, sizeof where, "%s: scenario", fn);
    lfc_read_mix(L, sidx, where, &sc->m);                        /* sidx + 1: anchors */
    sc->mix = 1;
  } else if (chips) { /* a description: the one composition path */
    fc_compose_desc *d;
    fc_compose_mix mix;
    fc_compose_error e;
    fc_scenario_params *ps;
    double *counts;
    int st;
    d = lfc_read_desc(L, sidx, fn);                                  /* sidx + 1 */
    ps = (fc_scenario_params *)lua_newuserdatauv(L, d->n_chips * sizeof *ps, 0);
    counts = (double *)lua_newuserdatauv(L, d->n_chips * sizeof *counts, 0);
    if ((st = fc_compose(d, ps, counts, &mix, &e)) != FC_OK)
      lfc_compose_error(L, "flopcost.scenario", sidx, d, st, &e);
    sc->m.members = ps;
    sc->m.counts = counts;
    sc->m.n = d->n_chips;
    sc->m.coupling = mix.coupling;
    sc->m.penalty = mix.penalty;
    sc->mix = 1;
    sc->desc = d;
    sc->serving = mix;
    sc->serves = fc_mc_output_serves(&mix);
    lua_createtable(L, 3, 0); /* anchors */
    lua_insert(L, sidx + 1);
    lua_rawseti(L, sidx + 1, 3);
    lua_rawseti(L, sidx + 1, 2);
    lua_rawseti(L, sidx + 1, 1);
  } else { /* one scenario: a Params or an options table */
    if (t == LUA_TNIL) luaL_error(L, "%s: field 'scenario': scenario options table or flopcost.Params expected, got nil", fn);
    sc->m.members = lfc_to_params(L, sidx, fn, "scenario");          /* sidx + 1: the Params */
    sc->m.n = 1;
  }
  lua_replace(L, sidx); /* the anchor takes the scenario's slot */
  lua_settop(L, sidx);
}

void lfc_mc_set_scenario(fc_mc_spec *sp, const lfc_mc_scenario *sc) {
  sp->members = sc->m.members;
  sp->counts = sc->m.counts;
  sp->n_members = sc->m.n;
  sp->mix = sc->mix;
  sp->coupling = sc->m.coupling;
  sp->penalty = sc->m.penalty;
  sp->desc = sc->desc;
  sp->targets = sc->targets;
  sp->serving = sc->desc ? &sc->serving : NULL; /* serving and water figures (fc_mc_output.h) */
}

int lfc_mc_field_by_name(lua_State *L, const char *fn, const char *where, const char *name) {
  int i = fc_scenario_field_index(name);
  if (i < 0) {
    const char *known[64], *near;
    size_t k, n = fc_scenario_field_count();
    for (k = 0; k < n && k < 63; k++) known[k] = fc_scenario_field_name(k);
    known[k] = NULL;
    near = fc_text_suggest(name, known);
    if (near) luaL_error(L, "%s: field '%s': unknown scenario field '%s' (did you mean '%s'?)", fn, where, name, near);
    luaL_error(L, "%s: field '%s': unknown scenario field '%s'", fn, where, name);
  }
  return i;
}

int lfc_mc_result_by_name(lua_State *L, const char *fn, const char *where, const char *name) {
  int i = fc_mc_output_index(name);
  if (i < 0) {
    const char *known[64], *near;
    size_t k, n = fc_mc_output_count();
    for (k = 0; k < n && k < 63; k++) known[k] = fc_mc_output_name(k);
    known[k] = NULL;
    near = fc_text_suggest(name, known);
    if (near) luaL_error(L, "%s: field '%s': unknown result '%s' (did you mean '%s'?)", fn, where, name, near);
    luaL_error(L, "%s: field '%s': unknown result '%s'", fn, where, name);
  }
  return i;
}

/* Reads opts.inputs into a userdata array (left on the stack) and a names table
   (left above it). Returns the count. */
/* The description field `name` names, as a target (kind FC_MC_PARAMS when none). */
static fc_mc_target desc_target(const char *name) {
  fc_mc_target t;
  memset(&t, 0, sizeof t);
  if ((t.field = fc_compose_field_index(FC_COMPOSE_SCENARIO, name)) >= 0) t.kind = FC_MC_SCENARIO;
  else if ((t.field = fc_compose_field_index(FC_COMPOSE_CHIP, name)) >= 0) t.kind = FC_MC_CHIP;
  else t.field = 0;
  return t;
}

/* Which chips a chip-field input sets: `member` (one), `chips` (a list), or all. */
static uint64_t chip_mask(lua_State *L, int e, const char *fn, const char *where, const lfc_mc_scenario *sc,
                          int member) {
  uint64_t mask = 0;
  if (sc->m.n > 64) luaL_error(L, "%s: field '%s': chip fields of mixes of more than 64 chips cannot vary", fn, where);
  if (member >= 0) return (uint64_t)1 << member;
  if (lua_getfield(L, e, "chips") != LUA_TNIL) {
    lua_Integer k, m;
    if (lua_type(L, -1) != LUA_TTABLE || (m = (lua_Integer)lua_rawlen(L, -1)) == 0)
      lfc_field_error(L, fn, where, "non-empty list of chip indices", -1);
    for (k = 1; k <= m; k++) {
      int isint = 0;
      lua_Integer c;
      lua_rawgeti(L, -1, k);
      c = lua_tointegerx(L, -1, &isint);
      if (!isint || c < 1 || c > (lua_Integer)sc->m.n)
        luaL_error(L, "%s: field '%s': chip index in [1, %d] expected, got %s", fn, where, (int)sc->m.n,
                   luaL_tolstring(L, -1, NULL));
      mask |= (uint64_t)1 << (c - 1);
      lua_pop(L, 1);
    }
  } else {
    mask = sc->m.n == 64 ? ~(uint64_t)0 : (((uint64_t)1 << sc->m.n) - 1);
  }
  lua_pop(L, 1);
  return mask;
}

size_t lfc_mc_read_inputs(lua_State *L, int opts, const char *fn, lfc_mc_scenario *sc, fc_mc_input **out) {
  static const char *const known[] = {"field", "dist", "member", "name", "chips", NULL};
  lua_Integer n = 0, i;
  int list, any_desc = 0;
  fc_mc_input *in;
  fc_mc_target *tg;
  if (lua_getfield(L, opts, "inputs") != LUA_TNIL && lua_type(L, -1) != LUA_TTABLE)
    lfc_field_error(L, fn, "inputs", "list of {field=, dist=}", -1);
  list = lua_gettop(L);
  if (lua_type(L, list) == LUA_TTABLE) n = (lua_Integer)lua_rawlen(L, list);
  /* the inputs, then their targets, in one block */
  in = (fc_mc_input *)lua_newuserdatauv(L, (size_t)(n ? n : 1) * (sizeof *in + sizeof *tg), 0);
  tg = (fc_mc_target *)(void *)(in + (n ? n : 1));
  lua_createtable(L, (int)n, 0); /* names */
  for (i = 1; i <= n; i++) {
    char where[64];
    const char *field;
    int e = lua_gettop(L) + 1;
    lua_rawgeti(L, list, i);
    snprintf(where, sizeof where, "inputs[%lld]", (long long)i);
    if (lua_type(L, e) != LUA_TTABLE) lfc_field_error(L, fn, where, "table {field=, dist=}", e);
    lfc_check_fields(L, e, fn, known);
    snprintf(where, sizeof where, "inputs[%lld].field", (long long)i);
    if (lua_getfield(L, e, "field") != LUA_TSTRING) lfc_field_error(L, fn, where, "scenario field name", -1);
    field = lua_tostring(L, -1);
    tg[i - 1] = desc_target(field);
    if (tg[i - 1].kind != FC_MC_PARAMS && !sc->desc)
      luaL_error(L, "%s: field '%s': '%s' is an input of a scenario description: pass the scenario "
                 "(fc.montecarlo(s, ...)), not its core parameters", fn, where, field);
    any_desc |= tg[i - 1].kind != FC_MC_PARAMS;
    in[i - 1].field = tg[i - 1].kind == FC_MC_PARAMS ? lfc_mc_field_by_name(L, fn, where, field) : 0;
    snprintf(where, sizeof where, "inputs[%lld].member", (long long)i);
    in[i - 1].member = (int)lfc_field_integer_opt(L, e, fn, "member", 1, 0) - 1;
    if (in[i - 1].member >= (int)sc->m.n)
      luaL_error(L, "%s: field '%s': member index in [1, %d] expected, got %d", fn, where, (int)sc->m.n,
                 in[i - 1].member + 1);
    if (tg[i - 1].kind == FC_MC_CHIP) {
      snprintf(where, sizeof where, "inputs[%lld].chips", (long long)i);
      tg[i - 1].chips = chip_mask(L, e, fn, where, sc, in[i - 1].member);
    } else if (lua_getfield(L, e, "chips") != LUA_TNIL) {
      snprintf(where, sizeof where, "inputs[%lld].chips", (long long)i);
      luaL_error(L, "%s: field '%s': only chip fields take a list of chips", fn, where);
    } else {
      lua_pop(L, 1);
    }
    snprintf(where, sizeof where, "inputs[%lld].dist", (long long)i);
    lua_getfield(L, e, "dist");
    lfc_read_dist(L, -1, fn, where, &in[i - 1].dist);
    lua_pop(L, 1);
    /* name: given, or the field (with [member] when one member only) */
    if (lua_getfield(L, e, "name") != LUA_TSTRING) {
      lua_pop(L, 1);
      if (in[i - 1].member >= 0) lua_pushfstring(L, "%s[%d]", field, in[i - 1].member + 1);
      else lua_pushvalue(L, -1);
    }
    lua_rawseti(L, e - 1, i);
    lua_settop(L, e - 1);
  }
  lua_remove(L, list);
  *out = in;
  sc->targets = any_desc ? tg : NULL;
  return (size_t)n;
}

double *lfc_mc_read_rank_corr(lua_State *L, int opts, const char *fn, size_t n, int names) {
  lua_Integer k, m;
  double *r;
  size_t i;
  int t;
  names = lua_absindex(L, names);
  if (lua_getfield(L, opts, "rank_correlation") == LUA_TNIL) { lua_pop(L, 1); return NULL; }
  t = lua_gettop(L);
  if (lua_type(L, t) != LUA_TTABLE || (m = (lua_Integer)lua_rawlen(L, t)) == 0)
    lfc_field_error(L, fn, "rank_correlation", "list of {input, input, rho}", t);
  r = (double *)lua_newuserdatauv(L, (n ? n * n : 1) * sizeof *r, 0);
  for (i = 0; i < n * n; i++) r[i] = i % (n + 1) == 0 ? 1.0 : 0.0;
  for (k = 1; k <= m; k++) {
    size_t ab[2] = {0, 0};
    int side;
    double rho;
    char where[64];
    snprintf(where, sizeof where, "rank_correlation[%lld]", (long long)k);
    if (lua_rawgeti(L, t, k) != LUA_TTABLE || lua_rawlen(L, -1) != 3)
      lfc_field_error(L, fn, where, "{input, input, rho}", -1);
    for (side = 0; side < 2; side++) {
      lua_rawgeti(L, -1, side + 1);
      if (lua_type(L, -1) == LUA_TNUMBER && lua_isinteger(L, -1) && lua_tointeger(L, -1) >= 1 &&
          (size_t)lua_tointeger(L, -1) <= n) {
        ab[side] = (size_t)lua_tointeger(L, -1) - 1;
      } else {
        size_t j;
        int found = 0;
        for (j = 0; j < n && lua_type(L, -1) == LUA_TSTRING; j++) {
          lua_rawgeti(L, names, (lua_Integer)j + 1);
          found = lua_rawequal(L, -1, -2);
          lua_pop(L, 1);
          if (found) { ab[side] = j; break; }
        }
        if (!found) lfc_field_error(L, fn, where, "input index or name of a varied input", -1);
      }
      lua_pop(L, 1);
    }
    lua_rawgeti(L, -1, 3);
    rho = lua_tonumber(L, -1);
    if (lua_type(L, -1) != LUA_TNUMBER || !(rho > -1.0 && rho < 1.0))
      lfc_field_error(L, fn, where, "rank correlation in (-1, 1)", -1);
    if (ab[0] == ab[1]) luaL_error(L, "%s: field '%s': an input correlated with itself", fn, where);
    lua_pop(L, 2);
    r[ab[0] * n + ab[1]] = r[ab[1] * n + ab[0]] = rho;
  }
  lua_remove(L, t);
  return r;
}

/* Reads and validates the quantile list (default 0.05, 0.5, 0.95) into q. */
size_t lfc_mc_read_quantiles(lua_State *L, int opts, const char *fn, double *q) {
  lua_Integer n = 0, i;
  if (lua_getfield(L, opts, "quantiles") == LUA_TNIL) {
    lua_pop(L, 1);
    q[0] = 0.05; q[1] = 0.5; q[2] = 0.95;
    return 3;
  }
  if (lua_type(L, -1) != LUA_TTABLE || (n = (lua_Integer)lua_rawlen(L, -1)) > 64)
    lfc_field_error(L, fn, "quantiles", "list of at most 64 probabilities", -1);
  for (i = 1; i <= n; i++) {
    char where[32];
    lua_rawgeti(L, -1, i);
    snprintf(where, sizeof where, "quantiles[%lld]", (long long)i);
    lfc_check_value(L, -1, fn, where, FC_DOMAIN_FRAC);
    q[i - 1] = lua_tonumber(L, -1);
    lua_pop(L, 1);
  }
  lua_pop(L, 1);
  return (size_t)n;
}

/* Reads output/outputs into idx[], names into a table left on the stack. */
/* A serving output of a scenario that serves no model, or a water output of
   one without water figures (or water_l_per_mtok of a training one): a clear error. */
static int serving_ok(lua_State *L, const char *fn, const char *where, const lfc_mc_scenario *sc, int i) {
  const char *name = fc_mc_output_name((size_t)i);
  if ((fc_mc_output_is_serving((size_t)i) || (fc_mc_output_is_water((size_t)i) && strcmp(name, "water_l_per_mtok") == 0))
      && !sc->serves)
    luaL_error(L, "%s: field '%s': '%s' needs an inference scenario (workload = {kind = 'inference', ...}), "
               "not a training one", fn, where, name);
  if (fc_mc_output_is_water((size_t)i) && !(sc->desc && fc_mc_output_waters(&sc->serving)))
    luaL_error(L, "%s: field '%s': '%s' needs a scenario with water figures (wue_l_per_kwh and "
               "electricity_water_l_per_kwh: a region that has them, or those options)", fn, where, name);
  return i;
}

size_t lfc_mc_read_outputs(lua_State *L, int opts, const char *fn, const lfc_mc_scenario *sc, int *idx) {
  size_t n = 0;
  int t = lua_getfield(L, opts, "outputs");
  lua_getfield(L, opts, "output");
  if (t != LUA_TNIL && lua_type(L, -1) != LUA_TNIL)
    luaL_error(L, "%s: give 'output' or 'outputs', not both", fn);
  lua_createtable(L, 4, 0);
  if (t == LUA_TNIL) {
    const char *name = "usd_per_eflop";
    if (lua_type(L, -2) != LUA_TNIL) {
      if (lua_type(L, -2) != LUA_TSTRING) lfc_field_error(L, fn, "output", "result name", -2);
      name = lua_tostring(L, -2);
    }
    idx[n++] = serving_ok(L, fn, "output", sc, lfc_mc_result_by_name(L, fn, "output", name));
    lua_pushstring(L, name);
    lua_rawseti(L, -2, 1);
  } else {
    lua_Integer k, m = 0;
    if (lua_type(L, -3) != LUA_TTABLE || (m = (lua_Integer)lua_rawlen(L, -3)) < 1 || m > (lua_Integer)FC_MC_MAX_OUTPUTS)
      lfc_field_error(L, fn, "outputs", "list of 1 to 16 result names", -3);
    for (k = 1; k <= m; k++) {
      char where[32];
      snprintf(where, sizeof where, "outputs[%lld]", (long long)k);
      if (lua_rawgeti(L, -3, k) != LUA_TSTRING) lfc_field_error(L, fn, where, "result name", -1);
      idx[n++] = serving_ok(L, fn, where, sc, lfc_mc_result_by_name(L, fn, where, lua_tostring(L, -1)));
      lua_rawseti(L, -2, k);
    }
  }
  lua_replace(L, -3);
  lua_pop(L, 1);
  return n;
}

/* A GSL generator by name (gsl_rng_types_setup); NULL when unknown. */
const gsl_rng_type *lfc_mc_rng_by_name(const char *name) {
  const gsl_rng_type **t;
  for (t = gsl_rng_types_setup(); *t; t++)
    if (strcmp((*t)->name, name) == 0) return *t;
  return NULL;
}

/* opts.rng: a GSL generator's name, default "taus2" (fc_mc.h says why). */
static const gsl_rng_type *read_rng(lua_State *L, int opts, const char *fn) {
  const gsl_rng_type *t;
  if (lua_getfield(L, opts, "rng") == LUA_TNIL) { lua_pop(L, 1); return gsl_rng_taus2; }
  if (lua_type(L, -1) != LUA_TSTRING || !(t = lfc_mc_rng_by_name(lua_tostring(L, -1))))
    lfc_field_error(L, fn, "rng", "name of a GSL generator ('taus2', 'mt19937', 'gfsr4', 'ranlxd2', ...)", -1);
  lua_pop(L, 1);
  return t;
}

void lfc_mc_read_common(lua_State *L, int opts, const char *fn, fc_mc_spec *sp) {
  long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
  sp->samples = (uint64_t)lfc_field_integer_opt(L, opts, fn, "samples", 1, 10000);
  sp->seed = (uint64_t)lfc_field_integer_opt(L, opts, fn, "seed", 0, 1);
  sp->threads = (unsigned)lfc_field_integer_opt(L, opts, fn, "threads", 1, ncpu > 0 ? (ncpu < 64 ? ncpu : 64) : 1);
  if (sp->threads > FC_MC_MAX_THREADS) lfc_field_error(L, fn, "threads", "integer in [1, 256]", -1);
  sp->hist_bins = (size_t)lfc_field_integer_opt(L, opts, fn, "histogram_bins", 1, 50);
  sp->rng_type = read_rng(L, opts, fn);
  if (sp->hist_bins > FC_MC_FINE_BINS) {
    lua_getfield(L, opts, "histogram_bins");
    lfc_field_error(L, fn, "histogram_bins", "integer in [1, 4096]", -1);
  }
  if ((sp->samples - 1) / FC_MC_CHUNK >= 0xFFFFFFFFu) {
    lua_getfield(L, opts, "samples");
    lfc_field_error(L, fn, "samples", "integer below 2^48", -1);
  }
}

int lfc_mc_opt_bool(lua_State *L, int opts, const char *fn, const char *field, int dflt) {
  int t = lua_getfield(L, opts, field), v;
  if (t == LUA_TNIL) { lua_pop(L, 1); return dflt; }
  if (t != LUA_TBOOLEAN) lfc_field_error(L, fn, field, "boolean", -1);
  v = lua_toboolean(L, -1);
  lua_pop(L, 1);
  return v;
}

void lfc_mc_read_shard(lua_State *L, int opts, const char *fn, fc_mc_spec *sp) {
  static const char *const known[] = {"i", "n", NULL};
  sp->shard_index = 0;
  sp->shard_count = 1;
  if (lua_getfield(L, opts, "shard") != LUA_TNIL) {
    long long i, n;
    int s = lua_gettop(L);
    if (lua_type(L, s) != LUA_TTABLE) lfc_field_error(L, fn, "shard", "table {i=, n=}", s);
    lfc_check_fields(L, s, fn, known);
    n = lfc_field_integer_opt(L, s, fn, "n", 1, 0);
    i = lfc_field_integer_opt(L, s, fn, "i", 1, 0);
    if (n == 0 || n > 1000000) { lua_getfield(L, s, "n"); lfc_field_error(L, fn, "shard.n", "integer in [1, 1e6]", -1); }
    if (i == 0 || i > n) {
      lua_getfield(L, s, "i");
      luaL_error(L, "%s: field 'shard.i': integer in [1, %d] expected, got %s", fn, (int)n,
                 luaL_tolstring(L, -1, NULL));
    }
    sp->shard_index = (unsigned)(i - 1);
    sp->shard_count = (unsigned)n;
  }
  lua_pop(L, 1);
}
