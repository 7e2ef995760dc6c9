/*
** fuzz_mc.c -- libFuzzer target for core.mc.run, the Monte Carlo engine. The
** input bytes build a valid-looking run (an H100 scenario or a two-member
** mix, 0-4 uncertain inputs, outputs, samples, threads, generator, exact or
** streaming quantiles) and then spoil parts of it: hostile distribution
** parameters, fields that make draws leave their domain (the engine skips
** domain checks only when a distribution's support lies inside the field's
** domain), idle above TDP, capital-rate fields, unknown names. Every call must
** return finite summaries or raise a string error; a crash, a leak, a data
** race under TSan builds or a NaN summary is a bug.
*/
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "fuzz_lua.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const fields[] = {
  "chip_price_usd", "utilization", "electricity_usd_per_kwh", "mfu", "pue", "wacc",
  "chip_life_years", "idle_w", "tdp_w", "network_fraction", "server_multiple", "recovery",
  "cloud_committed", "facility_life_years", "green_share", "rental_usd_per_hour",
  "commitment_discount", "decline_oom_per_year", "goodput", "no_such_field"
};
static const char *const kinds[] = {
  "fixed", "uniform", "normal", "lognormal90", "triangular", "pert", "beta", "no_such_kind"
};
static const char *const outputs[] = {
  "usd_per_eflop", "energy_usd_per_eflop", "owned_to_cloud", "cloud_usd_per_eflop", "capex_usd",
  "kwh_per_eflop", "no_such_output"
};
static const char *const rngs[] = {"taus2", "mt19937", "gfsr4", "ranlxd2", "no_such_rng"};

#define PICK(b, list) (list[take(b) % (sizeof list / sizeof list[0])])

/* A number: mostly plausible (0 .. 2.55, 0 .. 25500), sometimes hostile. */
static double number(bytes *b) {
  unsigned k = take(b) % 10;
  switch (k) {
    case 0: return NAN;
    case 1: return take(b) & 1 ? INFINITY : -INFINITY;
    case 2: return -(double)take(b) / 100.0;
    case 3: return pow(10.0, (double)take(b) - 128.0);
    case 4: return 0.0;
    case 5: return (double)take(b) * 100.0;
    default: return (double)take(b) / 100.0;
  }
}

static void set_num(lua_State *L, const char *k, double x) {
  lua_pushnumber(L, x);
  lua_setfield(L, -2, k);
}

/* The H100 of the C tests, with at most one field spoiled. */
static void push_member(lua_State *L, bytes *b) {
  lua_newtable(L);
  set_num(L, "chip_price_usd", 30000); set_num(L, "tdp_w", 700); set_num(L, "idle_w", 125);
  set_num(L, "server_power_multiple", 1.82); set_num(L, "utilization", 0.8);
  set_num(L, "electricity_usd_per_kwh", 0.0892); set_num(L, "peak_flops_per_s", 989.5e12);
  set_num(L, "mfu", 0.4);
  if (take(b) % 4 == 0) {
    const char *f = PICK(b, fields);
    if (strcmp(f, "recovery") != 0 && strcmp(f, "cloud_committed") != 0) set_num(L, f, number(b));
  }
}

static void push_dist(lua_State *L, bytes *b) {
  unsigned i, n = 1 + take(b) % 4;
  if (take(b) % 8 == 0) { lua_pushnumber(L, number(b)); return; } /* a plain number */
  lua_newtable(L);
  lua_pushstring(L, PICK(b, kinds));
  lua_rawseti(L, -2, 1);
  for (i = 0; i < n; i++) {
    lua_pushnumber(L, number(b));
    lua_rawseti(L, -2, (lua_Integer)i + 2);
  }
}

static void push_args(lua_State *L, bytes *b) {
  unsigned i, n, mix = take(b) % 3 == 0;
  lua_newtable(L);
  if (mix) {
    lua_newtable(L);
    lua_newtable(L);
    push_member(L, b); lua_rawseti(L, -2, 1);
    push_member(L, b); lua_rawseti(L, -2, 2);
    lua_setfield(L, -2, "members");
    lua_newtable(L);
    lua_pushnumber(L, 1 + take(b) % 4); lua_rawseti(L, -2, 1);
    lua_pushnumber(L, take(b) % 3); lua_rawseti(L, -2, 2);
    lua_setfield(L, -2, "counts");
  } else {
    push_member(L, b);
  }
  lua_setfield(L, -2, "scenario");
  n = take(b) % 5;
  lua_newtable(L);
  for (i = 0; i < n; i++) {
    lua_newtable(L);
    lua_pushstring(L, PICK(b, fields));
    lua_setfield(L, -2, "field");
    push_dist(L, b);
    lua_setfield(L, -2, "dist");
    if (mix && take(b) % 2) { lua_pushinteger(L, 1 + take(b) % 3); lua_setfield(L, -2, "member"); }
    lua_rawseti(L, -2, (lua_Integer)i + 1);
  }
  lua_setfield(L, -2, "inputs");
  lua_pushinteger(L, 1 + (lua_Integer)take(b) * 16); /* 1 .. 4081 samples: one chunk, many blocks */
  lua_setfield(L, -2, "samples");
  lua_pushinteger(L, 1 + take(b) % 3);
  lua_setfield(L, -2, "threads");
  lua_pushinteger(L, (lua_Integer)take(b));
  lua_setfield(L, -2, "seed");
  if (take(b) % 4 == 0) { lua_pushstring(L, PICK(b, rngs)); lua_setfield(L, -2, "rng"); }
  lua_pushboolean(L, (int)(take(b) & 1));
  lua_setfield(L, -2, "exact");
  lua_pushstring(L, PICK(b, outputs));
  lua_setfield(L, -2, "output");
}

/* A summary's numbers are finite (an empty shard has none). */
static void check_summary(lua_State *L) {
  static const char *const keys[] = {"mean", "sd", "p05", "p50", "p95", "min", "max"};
  size_t i;
  if (lua_type(L, -1) != LUA_TTABLE) abort();
  for (i = 0; i < sizeof keys / sizeof keys[0]; i++) {
    int t = lua_getfield(L, -1, keys[i]);
    if (t == LUA_TNUMBER && !isfinite(lua_tonumber(L, -1))) abort();
    lua_pop(L, 1);
  }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  bytes b;
  lua_State *L = fuzz_state();
  if (!L) return 0;
  b.p = data; b.n = size;
  lua_getglobal(L, "core");
  lua_getfield(L, -1, "mc");
  lua_getfield(L, -1, "run");
  push_args(L, &b);
  if (lua_pcall(L, 1, 1, 0) == LUA_OK) check_summary(L);
  else if (!lua_isstring(L, -1)) abort(); /* errors are strings naming the function */
  lua_close(L);
  return 0;
}
