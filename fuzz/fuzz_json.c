/*
** fuzz_json.c -- libFuzzer target: core.json.decode (the data-only scenario
** loader's parser) on arbitrary bytes. It must return a value or nil, msg;
** never crash, leak or read out of bounds.
*/
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include "fuzz_lua.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  lua_State *L = fuzz_state();
  if (!L) return 0;
  lua_getglobal(L, "core");
  lua_getfield(L, -1, "json");
  lua_getfield(L, -1, "decode");
  lua_pushlstring(L, (const char *)data, size);
  lua_pushliteral(L, "fuzz.json");
  if (lua_pcall(L, 2, 2, 0) == LUA_OK) {
    /* nil must come with a message */
    if (lua_isnil(L, -2) && !lua_isstring(L, -1)) abort();
  }
  lua_close(L);
  return 0;
}
