/* lfc_mc.c -- Lua binding of fc_mc (placeholder: no functions yet). */
#include <lua.h>
#include <lauxlib.h>
#include "lfc.h"

static const luaL_Reg funcs[] = {{NULL, NULL}};

int lfc_open_mc(lua_State *L) {
  luaL_newlib(L, funcs);
  return 1;
}
