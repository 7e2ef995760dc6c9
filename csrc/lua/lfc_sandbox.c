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
*/
#include <stdlib.h>
#include <lua.h>
#include <lauxlib.h>
#include "lfc.h"
#include "lfc_util.h"

#define SENTINEL_KEY "flopcost.sandbox"

typedef struct {
  lua_Alloc f;      /* the allocator being wrapped */
  void *ud;
  size_t used;      /* bytes in use, as seen through this wrapper */
  size_t limit;     /* 0: no limit */
  int active, tripped;
} lim_alloc;

static void *lim_fn(void *ud, void *ptr, size_t osize, size_t nsize) {
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
  if (*box && lua_getallocf(L, &ud) == lim_fn && ud == *box) {
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
static lim_alloc *get_alloc(lua_State *L) {
  void *ud;
  lua_Alloc f = lua_getallocf(L, &ud);
  lim_alloc *a, **box;
  if (f == lim_fn) return (lim_alloc *)ud;
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
  a->f = f; a->ud = ud; a->limit = 0; a->active = 0; a->tripped = 0;
  a->used = (size_t)lua_gc(L, LUA_GCCOUNT, 0) * 1024u + (size_t)lua_gc(L, LUA_GCCOUNTB, 0);
  lua_getfield(L, LUA_REGISTRYINDEX, SENTINEL_KEY);
  *(lim_alloc **)lua_touserdata(L, -1) = a;
  lua_pop(L, 1);
  lua_setallocf(L, lim_fn, a);
  return a;
}

int lfc_sandbox_active(lua_State *L) {
  void *ud;
  return lua_getallocf(L, &ud) == lim_fn && ((lim_alloc *)ud)->active;
}

static int l_enter(lua_State *L) {
  double bytes = lfc_arg_number(L, 1, "flopcost.sandbox.enter", "memory_bytes", LFC_POSITIVE);
  lim_alloc *a = get_alloc(L);
  lua_gc(L, LUA_GCCOLLECT, 0); /* start from live data only */
  a->used = (size_t)lua_gc(L, LUA_GCCOUNT, 0) * 1024u + (size_t)lua_gc(L, LUA_GCCOUNTB, 0);
  a->limit = a->used + (bytes > 1e15 ? (size_t)1e15 : (size_t)bytes);
  a->active = 1;
  a->tripped = 0;
  return 0;
}

static int l_leave(lua_State *L) {
  lim_alloc *a = get_alloc(L);
  a->limit = 0;
  a->active = 0;
  lua_pushboolean(L, a->tripped);
  return 1;
}

static int l_active(lua_State *L) { lua_pushboolean(L, lfc_sandbox_active(L)); return 1; }

static int l_tripped(lua_State *L) {
  void *ud;
  lua_pushboolean(L, lua_getallocf(L, &ud) == lim_fn && ((lim_alloc *)ud)->tripped);
  return 1;
}

int lfc_open_sandbox(lua_State *L) {
  static const luaL_Reg fns[] = {
    {"enter", l_enter}, {"leave", l_leave}, {"active", l_active}, {"tripped", l_tripped}, {NULL, NULL}
  };
  luaL_newlib(L, fns);
  return 1;
}
