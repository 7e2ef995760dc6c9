/* fuzz_lua.h -- a Lua state with flopcost.core preloaded, for the fuzz targets. */
#ifndef FUZZ_LUA_H
#define FUZZ_LUA_H

#include <lua.h>
#include <lauxlib.h>
#include <lualib.h>
#include "lfc.h"

/* A fresh state with the standard libraries and flopcost.core loaded as global `core`. */
static lua_State *fuzz_state(void) {
  lua_State *L = luaL_newstate();
  if (!L) return NULL;
  luaL_openlibs(L);
  luaL_requiref(L, "flopcost.core", luaopen_flopcost_core, 0);
  lua_setglobal(L, "core");
  return L;
}

#endif
