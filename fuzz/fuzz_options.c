/*
** fuzz_options.c -- libFuzzer target for the option-table parsers of the core
** entry points. The input bytes choose a function and build its options
** table from known field names, misspellings and hostile values (NaN, inf,
** negatives, huge numbers, strings, nested tables, booleans). Every call runs
** under lua_pcall: it must either return finite numbers or raise a string
** error; a crash, a leak or a NaN result is a bug.
*/
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "fuzz_lua.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const funcs[][2] = {
  {"finance", "wacc"}, {"finance", "depreciation"}, {"finance", "residual"},
  {"finance", "epoch_hourly"}, {"scenario", "eval"}, {"scenario", "params"},
  {"scenario", "eval_mix"}, {"energy", "kwh"}, {"energy", "cost"}, {"energy", "power_curve"},
  {"yield", "die_yield"}, {"yield", "dies_per_wafer"}, {"yield", "cost_per_good_die"},
  {"training", "flops"}, {"training", "chip_hours"}, {"training", "goodput"},
  {"export", "tpp"}, {"solve", "breakeven"}, {"solve", "mix"}
};

static const char *const names[] = {
  "debt_fraction", "cost_of_debt", "cost_of_equity", "tax_rate", "inflation", "method",
  "life_years", "factor", "years", "age_years", "price_usd", "chip_price_usd", "tdp_w",
  "idle_w", "utilization", "pue", "peak_flops_per_s", "mfu", "electricity_usd_per_kwh",
  "power_curve", "members", "counts", "coupling", "penalty", "chip_hours", "power_w",
  "die_area_mm2", "defect_density_per_cm2", "model", "alpha", "critical_layers",
  "wafer_diameter_mm", "edge_exclusion_mm", "scribe_mm", "wafer_cost_usd", "params",
  "tokens", "active_params", "flops", "tops", "bits", "field", "lo", "hi", "a", "b",
  "candidates", "budget_usd", "power_kw", "recovery", "cloud_committed", "server_power_multiple",
  "x", "", "utilisation"
};

static void push_value(lua_State *L, bytes *b, int depth) {
  unsigned k = take(b) % 12;
  switch (k) {
    case 0: lua_pushnumber(L, NAN); break;
    case 1: lua_pushnumber(L, take(b) & 1 ? INFINITY : -INFINITY); break;
    case 2: lua_pushnumber(L, -(double)take(b)); break;
    case 3: lua_pushnumber(L, (double)take(b) / 255.0); break;
    case 4: lua_pushnumber(L, pow(10.0, (double)take(b) - 128.0)); break;
    case 5: lua_pushinteger(L, (lua_Integer)take(b)); break;
    case 6: lua_pushstring(L, names[take(b) % (sizeof names / sizeof names[0])]); break;
    case 7: lua_pushboolean(L, (int)(take(b) & 1)); break;
    case 8:
      if (depth < 3) {
        unsigned i, n = take(b) % 4;
        lua_newtable(L);
        for (i = 1; i <= n; i++) { push_value(L, b, depth + 1); lua_rawseti(L, -2, i); }
      } else lua_pushnil(L);
      break;
    case 9: lua_pushnumber(L, 1e308 * 10 * (take(b) & 1 ? 1 : 0)); break;
    case 10: lua_pushnumber(L, 0.0); break;
    default: lua_pushnumber(L, (double)take(b) * 10.0); break;
  }
}

static void push_options(lua_State *L, bytes *b, int depth) {
  unsigned i, n = take(b) % 12;
  lua_newtable(L);
  for (i = 0; i < n && b->n; i++) {
    const char *k = names[take(b) % (sizeof names / sizeof names[0])];
    if (depth < 2 && take(b) % 5 == 0) {
      lua_newtable(L);
      push_options(L, b, depth + 1);
      lua_rawseti(L, -2, 1);
    } else {
      push_value(L, b, depth);
    }
    lua_setfield(L, -2, k);
  }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  bytes b;
  unsigned f;
  lua_State *L = fuzz_state();
  if (!L) return 0;
  b.p = data; b.n = size;
  f = take(&b) % (sizeof funcs / sizeof funcs[0]);
  lua_getglobal(L, "core");
  lua_getfield(L, -1, funcs[f][0]);
  lua_getfield(L, -1, funcs[f][1]);
  if (lua_isfunction(L, -1)) {
    push_options(L, &b, 0);
    if (lua_pcall(L, 1, 1, 0) == LUA_OK) {
      if (lua_type(L, -1) == LUA_TNUMBER && isnan(lua_tonumber(L, -1))) abort(); /* silent NaN */
    } else if (!lua_isstring(L, -1)) {
      abort(); /* errors are strings naming the function */
    }
  }
  lua_close(L);
  return 0;
}
