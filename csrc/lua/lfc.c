/*
** lfc.c -- luaopen_flopcost_core: one table per core module
** (core.finance, core.energy, ...). The Lua layer (lua/flopcost/) builds the
** public API on top of it.
*/
#include <lua.h>
#include <lauxlib.h>
#include <gsl/gsl_errno.h>
#include "lfc.h"

#define FLOPCOST_VERSION "0.1.0"

static const struct {
  const char *name;
  lua_CFunction open;
} modules[] = {
  {"finance", lfc_open_finance},   {"energy", lfc_open_energy},
  {"yield", lfc_open_yield},       {"training", lfc_open_training},
  {"export", lfc_open_export},     {"catalog", lfc_open_catalog},
  {"scenario", lfc_open_scenario}, {"mc", lfc_open_mc},
  {"solve", lfc_open_solve},       {"json", lfc_open_json},
  {"fleet", lfc_open_fleet},       {"file", lfc_open_file},
  {"sandbox", lfc_open_sandbox},  {"locale", lfc_open_locale},
  {"sensitivity", lfc_open_sensitivity},
  {"price", lfc_open_price},       {"convention", lfc_open_convention},
  {"rental", lfc_open_rental},
  {"inference", lfc_open_inference},
  {"serve", lfc_open_serve},
  {"interrupt", lfc_open_interrupt},
  {"text", lfc_open_text},
  {"xlsx", lfc_open_xlsx},
  {"stock", lfc_open_stock},
  {"buildout", lfc_open_buildout},
  {NULL, NULL}
};

void lfc_push_names(lua_State *L, const char *const names[]) {
  lua_Integer i;
  lua_newtable(L);
  for (i = 0; names[i]; i++) {
    lua_pushstring(L, names[i]);
    lua_rawseti(L, -2, i + 1);
  }
}

int luaopen_flopcost_core(lua_State *L) {
  int i;
  luaL_checkversion(L);
  /* GSL must return status codes, never abort the host program. Setting the
     handler is idempotent and the same for every state, so it is not hidden
     global configuration. */
  gsl_set_error_handler_off();
  lfc_locale_pin(); /* numbers with '.' in this thread, whatever the locale (lfc_locale.c) */
  lua_newtable(L);
  for (i = 0; modules[i].name; i++) {
    lua_pushcfunction(L, modules[i].open);
    lua_call(L, 0, 1);
    lua_setfield(L, -2, modules[i].name);
  }
  lua_pushliteral(L, FLOPCOST_VERSION);
  lua_setfield(L, -2, "version");
  return 1;
}
