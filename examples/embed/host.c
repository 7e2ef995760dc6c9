/*
** host.c -- a C program that embeds Lua 5.4, loads flopcost and evaluates a
** scenario, as a program embedding flopcost would. Built and run by `make test`.
**
**   host [ROOT [CPATH]]
**
** ROOT is the flopcost checkout (lua/, spec/fixtures/) and CPATH the pattern of
** its module (ROOT/build/?.so); both default to where make built it
** (-DFLOPCOST_ROOT, -DFLOPCOST_CPATH), so the host runs from any directory.
** See examples/embed/README.md.
**
** It checks the three things a host needs: the module loads into a fresh
** state, a result comes back as a number, and a bad scenario comes back as a
** Lua error message (not a crash, not NaN) that the host can print.
*/
#include <stdio.h>
#include <string.h>
#include <lua.h>
#include <lauxlib.h>
#include <lualib.h>

#ifndef FLOPCOST_ROOT
#define FLOPCOST_ROOT "."
#endif
#ifndef FLOPCOST_CPATH
#define FLOPCOST_CPATH FLOPCOST_ROOT "/build/?.so"
#endif

static const char *script =
  "local fc = require 'flopcost'\n"
  "local s = fc.scenario{ catalog = dofile(FLOPCOST_ROOT .. '/spec/fixtures/mini_catalog.lua'),\n"
  "  region = 'test-us', chip = 'H100-SXM', utilization = 0.8, mfu = 0.4,\n"
  "  scaling_efficiency = 0.9, goodput = 0.95, maintenance_fraction = 0.03,\n"
  "  other_opex_usd_per_year = 500 }\n"
  "return s:evaluate().usd_per_eflop\n";

static const char *bad_script =
  "local fc = require 'flopcost'\n"
  "return fc.yield and fc.finance.crf(0.05, -1)\n";

static int run(lua_State *L, const char *code, const char *name) {
  if (luaL_loadbuffer(L, code, strlen(code), name) != LUA_OK) return -1;
  return lua_pcall(L, 0, 1, 0);
}

int main(int argc, char **argv) {
  int failures = 0, passes = 0;
  double usd;
  lua_State *L = luaL_newstate();
  if (!L) { printf("cannot create a Lua state\n0 passed, 1 failed\n"); return 1; }
  luaL_openlibs(L);
  {
    /* the checkout's modules first: ROOT/lua and the built module */
    const char *root = argc > 1 ? argv[1] : FLOPCOST_ROOT;
    const char *cpath = argc > 2 ? argv[2] : (argc > 1 ? NULL : FLOPCOST_CPATH);
    lua_pushstring(L, root);
    lua_setglobal(L, "FLOPCOST_ROOT");
    lua_getglobal(L, "package");
    lua_pushfstring(L, "%s/lua/?.lua;%s/lua/?/init.lua;", root, root);
    lua_getfield(L, -2, "path");
    lua_concat(L, 2);
    lua_setfield(L, -2, "path");
    if (cpath) lua_pushfstring(L, "%s;", cpath);
    else lua_pushfstring(L, "%s/build/?.so;", root);
    lua_getfield(L, -2, "cpath");
    lua_concat(L, 2);
    lua_setfield(L, -2, "cpath");
    lua_pop(L, 1);
  }
  /* 1. evaluates the hand-calculated scenario of spec/90: $2.371077 per 1e18 FLOP */
  if (run(L, script, "=host") != LUA_OK) {
    printf("FAIL: scenario: %s\n", lua_tostring(L, -1));
    failures++;
  } else {
    usd = lua_tonumber(L, -1);
    if (usd > 2.371077 * (1 - 1e-6) && usd < 2.371077 * (1 + 1e-6)) passes++;
    else { printf("FAIL: usd_per_eflop %.9g, expected 2.371077\n", usd); failures++; }
  }
  lua_settop(L, 0);
  /* 2. misuse comes back as an error message the host can show */
  if (run(L, bad_script, "=host") == LUA_OK) {
    printf("FAIL: bad input did not raise\n");
    failures++;
  } else {
    const char *msg = lua_tostring(L, -1);
    if (msg && strstr(msg, "flopcost.finance.crf: argument 'years': positive number expected, got -1"))
      passes++;
    else { printf("FAIL: unexpected message: %s\n", msg ? msg : "(none)"); failures++; }
  }
  lua_close(L); /* 3. closing the state frees everything (checked under valgrind) */
  printf("[embed]\n%d passed, %d failed\n", passes, failures);
  return failures ? 1 : 0;
}
