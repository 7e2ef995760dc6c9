/* lfc_energy.c -- Lua binding of fc_energy (placeholder: no functions yet). */
#include <lua.h>
#include <lauxlib.h>
#include "lfc.h"

static const luaL_Reg funcs[] = {{NULL, NULL}};

int lfc_open_energy(lua_State *L) {
  luaL_newlib(L, funcs);
  return 1;
}
