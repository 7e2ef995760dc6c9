/*
** lfc_sandbox.c -- flopcost.core.sandbox: the C half of `flopcost run --sandbox`
** (lua/flopcost/sandbox.lua holds the rest).
**   core.sandbox.enter(memory_bytes)  the state's allocator refuses to grow the
**                                     heap more than memory_bytes past its size
**                                     now, and core.file refuses every path
**   core.sandbox.leave() -> tripped   both lifted; tripped: the limit was hit
**   core.sandbox.active(), core.sandbox.tripped()
** The allocator wraps the state's own (lua_getallocf/lua_setallocf): Lua raises
** "not enough memory" when it returns NULL, in whatever code asked, so even a
** single string.rep of 10 GB is stopped before it is allocated. A count from
** collectgarbage("count") in a hook would only notice after the fact.
** The wrapper is installed once per state and stays (with no limit) until the
** state closes; a __gc sentinel then gives the original allocator back.
** A sandboxed script runs in a state of its own (lfc_isolate.c) whose
** allocator is this wrapper from the start; once its script runs the state is
** `locked`: enter and leave refuse, so nothing in it can lift the limits.
** The budget helpers the C entry points call (lfc_sandbox.h) are here too.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <lua.h>
#include <lauxlib.h>
#include "lfc.h"
#include "lfc_mc.h"
#include "lfc_sandbox.h"
#include "lfc_util.h"

#define SENTINEL_KEY "flopcost.sandbox"

void *lfc_sandbox_alloc(void *ud, void *ptr, size_t osize, size_t nsize) {
  lim_alloc *a = (lim_alloc *)ud;
  size_t old = ptr ? osize : 0;
  void *p;
  if (nsize > old && a->limit && a->used + (nsize - old) > a->limit) {
    a->tripped = 1;
    return NULL;
  }
  p = a->f(a->ud, ptr, osize, nsize);
  if (nsize == 0 || p) a->used = (a->used > old ? a->used - old : 0) + nsize;
  return p;
}

static int sentinel_gc(lua_State *L) {
  lim_alloc **box = (lim_alloc **)lua_touserdata(L, 1);
  void *ud;
  if (*box && lua_getallocf(L, &ud) == lfc_sandbox_alloc && ud == *box) {
    lim_alloc *a = *box;
    lua_Alloc f = a->f;
    void *fud = a->ud;
    lua_setallocf(L, f, fud);
    f(fud, a, sizeof *a, 0);
  }
  *box = NULL;
  return 0;
}

/* The wrapper of this state, installing it on first use. */
lim_alloc *lfc_sandbox_install(lua_State *L) {
  void *ud;
  lua_Alloc f = lua_getallocf(L, &ud);
  lim_alloc *a, **box;
  if (f == lfc_sandbox_alloc) return (lim_alloc *)ud;
  box = (lim_alloc **)lua_newuserdatauv(L, sizeof *box, 0);
  *box = NULL;
  if (lfc_newmetatable(L, "flopcost.SandboxAllocator")) {
    lua_pushcfunction(L, sentinel_gc);
    lua_setfield(L, -2, "__gc");
  }
  lua_setmetatable(L, -2);
  lua_setfield(L, LUA_REGISTRYINDEX, SENTINEL_KEY); /* lives as long as the state */
  a = (lim_alloc *)f(ud, NULL, 0, sizeof *a);
  if (!a) luaL_error(L, "flopcost.sandbox: out of memory");
  memset(a, 0, sizeof *a);
  a->f = f; a->ud = ud;
  a->used = (size_t)lua_gc(L, LUA_GCCOUNT, 0) * 1024u + (size_t)lua_gc(L, LUA_GCCOUNTB, 0);
  lua_getfield(L, LUA_REGISTRYINDEX, SENTINEL_KEY);
  *(lim_alloc **)lua_touserdata(L, -1) = a;
  lua_pop(L, 1);
  lua_setallocf(L, lfc_sandbox_alloc, a);
  return a;
}

lim_alloc *lfc_sandbox_of(lua_State *L) {
  void *ud;
  if (lua_getallocf(L, &ud) != lfc_sandbox_alloc || !((lim_alloc *)ud)->active) return NULL;
  return (lim_alloc *)ud;
}

int lfc_sandbox_active(lua_State *L) { return lfc_sandbox_of(L) != NULL; }

void lfc_sandbox_check_work(lua_State *L, const char *fn, const char *field, double work, const char *what) {
  lim_alloc *a = lfc_sandbox_of(L);
  if (a && a->max_work > 0 && !(work <= a->max_work))
    luaL_error(L, "%s: field '%s': %s = %s model evaluations, above the sandbox's limit of %s (limits.max_evaluations)",
               fn, field, what, lfc_num(L, work), lfc_num(L, a->max_work));
}

void lfc_sandbox_charge(lua_State *L, const char *fn, double bytes) {
  lim_alloc *a = lfc_sandbox_of(L);
  if (!a || !a->limit) return;
  if (!(bytes >= 0) || bytes > (double)(a->limit - (a->used < a->limit ? a->used : a->limit))) {
    a->tripped = 1;
    luaL_error(L, "%s: %s MB of C-side memory would go over the sandbox's memory budget", fn,
               lfc_num(L, bytes / 1048576.0));
  }
  a->used += (size_t)bytes;
}

void lfc_sandbox_release(lua_State *L, double bytes) {
  void *ud;
  lim_alloc *a;
  if (lua_getallocf(L, &ud) != lfc_sandbox_alloc) return;
  a = (lim_alloc *)ud;
  a->used = a->used > (size_t)bytes ? a->used - (size_t)bytes : 0;
}

const volatile sig_atomic_t *lfc_sandbox_cancel(lua_State *L, const volatile sig_atomic_t *outside) {
  lim_alloc *a = lfc_sandbox_of(L);
  return a && a->watched ? &a->stop : outside;
}

unsigned lfc_sandbox_threads(lua_State *L, unsigned asked) { return lfc_sandbox_of(L) ? 1u : asked; }

const char *lfc_sandbox_why(const lim_alloc *a, char *b, size_t n) {
  if (a->why == 1) snprintf(b, n, "sandbox: CPU time budget of %.14g s exceeded", a->cpu_seconds);
  else if (a->why == 3) snprintf(b, n, "sandbox: pattern matching budget of %.14g steps exceeded (limits.match_steps)",
                                 a->max_match_steps);
  else snprintf(b, n, "sandbox: interrupted (Ctrl-C)");
  return b;
}

int lfc_sandbox_stopped_error(lua_State *L, const char *fn) {
  lim_alloc *a = lfc_sandbox_of(L);
  char b[128];
  if (a && (a->why == 1 || a->why == 3)) {
    lua_pushfstring(L, "%s (in %s)", lfc_sandbox_why(a, b, sizeof b), fn);
    return lua_error(L);
  }
  return luaL_error(L, "%s: interrupted (Ctrl-C)", fn);
}

static lim_alloc *unlocked(lua_State *L, const char *fn) {
  lim_alloc *a = lfc_sandbox_install(L);
  if (a->locked) luaL_error(L, "%s: not allowed in a sandboxed script", fn);
  return a;
}

static int l_enter(lua_State *L) {
  double bytes = lfc_arg_number(L, 1, "flopcost.sandbox.enter", "memory_bytes", LFC_POSITIVE);
  lim_alloc *a = unlocked(L, "flopcost.sandbox.enter");
  lua_gc(L, LUA_GCCOLLECT, 0); /* start from live data only */
  a->used = (size_t)lua_gc(L, LUA_GCCOUNT, 0) * 1024u + (size_t)lua_gc(L, LUA_GCCOUNTB, 0);
  a->limit = a->used + (bytes > 1e15 ? (size_t)1e15 : (size_t)bytes);
  a->active = 1;
  a->tripped = 0;
  return 0;
}

static int l_leave(lua_State *L) {
  lim_alloc *a = unlocked(L, "flopcost.sandbox.leave");
  a->limit = 0;
  a->active = 0;
  lua_pushboolean(L, a->tripped);
  return 1;
}

static int l_active(lua_State *L) { lua_pushboolean(L, lfc_sandbox_active(L)); return 1; }

static int l_tripped(lua_State *L) {
  void *ud;
  lua_pushboolean(L, lua_getallocf(L, &ud) == lfc_sandbox_alloc && ((lim_alloc *)ud)->tripped);
  return 1;
}

/* sandbox.stopped() -> nil | message: the watchdog stopped the script
   (lfc_isolate.c); pcall and coroutines raise it again. */
static int l_stopped(lua_State *L) {
  void *ud;
  lim_alloc *a;
  if (lua_getallocf(L, &ud) != lfc_sandbox_alloc || !((lim_alloc *)ud)->stop) return 0;
  {
    char b[128];
    a = (lim_alloc *)ud;
    lua_pushstring(L, lfc_sandbox_why(a, b, sizeof b));
  }
  return 1;
}

int lfc_open_sandbox(lua_State *L) {
  static const luaL_Reg fns[] = {
    {"enter", l_enter}, {"leave", l_leave}, {"active", l_active}, {"tripped", l_tripped},
    {"stopped", l_stopped}, {NULL, NULL}
  };
  luaL_newlib(L, fns);
  lfc_push_match_lib(L);
  lua_setfield(L, -2, "string");
  lfc_open_isolate(L);
  return 1;
}
