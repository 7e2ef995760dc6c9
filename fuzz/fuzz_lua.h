/* fuzz_lua.h -- for the fuzz targets: a Lua state with flopcost.core
   preloaded, and a reader that turns the input bytes into choices. */
#ifndef FUZZ_LUA_H
#define FUZZ_LUA_H

#include <stddef.h>
#include <stdint.h>

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

/* The fuzzer's input, consumed a byte at a time; 0 once it runs out. */
typedef struct { const uint8_t *p; size_t n; } bytes;

static unsigned take(bytes *b) {
  unsigned v;
  if (b->n == 0) return 0;
  v = *b->p;
  b->p++; b->n--;
  return v;
}

#endif
