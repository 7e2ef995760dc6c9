/*
** lfc_isolate.c -- a sandboxed script runs in a Lua state of its own
** (flopcost.sandbox, `flopcost run --sandbox`):
**   core.sandbox.isolate(text, chunkname, limits, ...) -> true, value | false, message, token
**     a new state loads flopcost (its own catalog, its own classes), runs
**     flopcost.sandbox._child there, copies the value it returns into the
**     caller's state as plain data, and closes. No object of the caller's
**     state is reachable from the script, and nothing the script defined
**     outlives the call: isolation by construction instead of by deny lists.
**   core.sandbox.begin()   (in that state) the budgets start: memory limit,
**     file access refused, the state locked, the watchdog running
**   core.sandbox.guard(limits, f, ...) -> true, ... | false, message
**     f in the caller's state under the same budgets (a study a sandboxed
**     script returned is evaluated this way)
** The watchdog is a thread that reads the script thread's own CPU clock
** (CLOCK_THREAD_CPUTIME_ID via pthread_getcpuclockid: a busy thread elsewhere
** in the host does not count) and the Ctrl-C flags every 2 ms; when either
** fires it sets the stop flag the C loops poll (lfc_sandbox_cancel) and a hook
** that raises at the next Lua instruction (lua_sethook is documented as safe
** to call asynchronously, as lua.c's SIGINT handler does).
** The value crosses as data only: nil, booleans, numbers, strings, tables
** without metatables (read with lua_next, no metamethod runs) and
** flopcost.Dist (a struct of numbers, copied); functions, threads, other
** userdata and tables with metatables are refused with the path to them.
*/
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <lua.h>
#include <lauxlib.h>
#include <lualib.h>
#include "lfc.h"
#include "lfc_mc.h"
#include "lfc_sandbox.h"
#include "lfc_util.h"

#define ISO_MT "flopcost.SandboxState"
#define MAX_DEPTH 64
#define MAX_TABLES 1000000
#define WATCH_NS 2000000L /* 2 ms between two looks at the clock */

typedef struct {
  lim_alloc a;             /* first: the sandbox state's allocator data */
  lim_alloc *lim;          /* the budgets watched: &a, or the caller's (guard) */
  lua_State *C;            /* the sandbox's state, NULL once closed */
  lua_State *run_L;        /* the thread the watchdog stops */
  double memory_bytes, max_work, cpu_seconds, match_steps;
  clockid_t cpu_clock;     /* the script thread's CPU clock */
  double cpu_deadline;
  pthread_t watcher;
  int watching;
  volatile sig_atomic_t done;
} iso;

static void *plain_alloc(void *ud, void *ptr, size_t osize, size_t nsize) {
  (void)ud; (void)osize;
  if (nsize == 0) { free(ptr); return NULL; }
  return realloc(ptr, nsize);
}

static double clock_s(clockid_t id) {
  struct timespec t;
  if (clock_gettime(id, &t) != 0) return 0;
  return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

/* Pushes the message of the budget that stopped a run (one value: lfc_num
   would push a second). */
static void push_budget_message(lua_State *L, const lim_alloc *a, double memory_bytes) {
  char b[128];
  if (a->tripped) snprintf(b, sizeof b, "sandbox: memory budget of %.14g MB exceeded", memory_bytes / 1048576.0);
  else lfc_sandbox_why(a, b, sizeof b);
  lua_pushstring(L, b);
}

static void stop_hook(lua_State *L, lua_Debug *ar) {
  void *ud;
  lim_alloc *a;
  (void)ar;
  char b[128];
  if (lua_getallocf(L, &ud) == lfc_sandbox_alloc && (a = (lim_alloc *)ud)->why != 0) {
    lua_pushstring(L, lfc_sandbox_why(a, b, sizeof b));
    lua_error(L);
  }
  luaL_error(L, "sandbox: interrupted (Ctrl-C)");
}

static void *watch(void *arg) {
  iso *s = (iso *)arg;
  struct timespec nap = {0, WATCH_NS};
  while (!s->done) {
    int why = clock_s(s->cpu_clock) > s->cpu_deadline ? 1 : (lfc_interrupted || lfc_interrupt_pending()) ? 2 : 0;
    if (why) {
      s->lim->why = why;
      s->lim->stop = 1;
      lua_sethook(s->run_L, stop_hook, LUA_MASKCALL | LUA_MASKRET | LUA_MASKCOUNT, 1);
      break;
    }
    nanosleep(&nap, NULL);
  }
  return NULL;
}

static void limits_of(lua_State *L, int idx, iso *s) {
  const char *fn = "flopcost.sandbox.isolate";
  s->memory_bytes = lfc_field_number(L, idx, fn, "memory_bytes", LFC_POSITIVE);
  s->cpu_seconds = lfc_field_number(L, idx, fn, "cpu_seconds", LFC_POSITIVE);
  s->max_work = lfc_field_number(L, idx, fn, "max_evaluations", LFC_POSITIVE);
  s->match_steps = lfc_field_number(L, idx, fn, "match_steps", LFC_POSITIVE);
}

/* Budgets on for the thread L of the state whose allocator is s->a. */
static void start(iso *s, lua_State *L) {
  lim_alloc *a = s->lim;
  a->limit = a->used + (s->memory_bytes > 1e15 ? (size_t)1e15 : (size_t)s->memory_bytes);
  a->active = 1;
  a->tripped = 0;
  a->stop = 0;
  a->why = 0;
  a->max_work = s->max_work;
  a->max_match_steps = s->match_steps;
  a->match_steps = 0;
  a->cpu_seconds = s->cpu_seconds;
  s->run_L = L;
  s->done = 0;
  if (pthread_getcpuclockid(pthread_self(), &s->cpu_clock) != 0) s->cpu_clock = CLOCK_THREAD_CPUTIME_ID;
  s->cpu_deadline = clock_s(s->cpu_clock) + s->cpu_seconds;
  lfc_sigint_enter(); /* Ctrl-C sets a flag the watchdog reads, for the length of the run */
  s->watching = pthread_create(&s->watcher, NULL, watch, s) == 0;
  if (!s->watching) lfc_sigint_leave();
  a->watched = s->watching;
}

static void finish(iso *s) {
  if (!s->watching) return;
  s->done = 1;
  pthread_join(s->watcher, NULL);
  s->watching = 0;
  s->lim->watched = 0;
  lfc_sigint_leave();
  if (lua_gethook(s->run_L) == stop_hook) lua_sethook(s->run_L, NULL, 0, 0);
}

static int iso_gc(lua_State *L) {
  iso **box = (iso **)luaL_checkudata(L, 1, ISO_MT);
  iso *s = *box;
  if (!s) return 0;
  finish(s);
  if (s->C) lua_close(s->C);
  free(s);
  *box = NULL;
  return 0;
}

/* ---- the value back into the caller's state ---------------------------- */

typedef struct { size_t tables; char path[256]; const char *why; } copy_ctx;

static int copy_value(lua_State *C, int idx, lua_State *L, int depth, copy_ctx *x);

static int copy_key(lua_State *C, int idx, lua_State *L, copy_ctx *x) {
  switch (lua_type(C, idx)) {
    case LUA_TSTRING: { size_t n; const char *k = lua_tolstring(C, idx, &n); lua_pushlstring(L, k, n); return 1; }
    case LUA_TNUMBER:
      if (lua_isinteger(C, idx)) lua_pushinteger(L, lua_tointeger(C, idx));
      else lua_pushnumber(L, lua_tonumber(C, idx));
      return 1;
    case LUA_TBOOLEAN: lua_pushboolean(L, lua_toboolean(C, idx)); return 1;
    default: x->why = "keys must be strings, numbers or booleans"; return 0;
  }
}

static void extend_path(copy_ctx *x, lua_State *C, int kidx, size_t at) {
  if (at >= sizeof x->path - 2) return;
  if (lua_type(C, kidx) == LUA_TSTRING)
    snprintf(x->path + at, sizeof x->path - at, ".%.40s", lua_tostring(C, kidx));
  else if (lua_type(C, kidx) == LUA_TNUMBER)
    snprintf(x->path + at, sizeof x->path - at, "[%.14g]", lua_tonumber(C, kidx));
}

static int copy_table(lua_State *C, int idx, lua_State *L, int depth, copy_ctx *x) {
  size_t at = strlen(x->path);
  if (lua_getmetatable(C, idx)) {
    lua_pop(C, 1);
    x->why = "a table with a metatable (an object) cannot leave the sandbox; return plain data";
    return 0;
  }
  if (depth > MAX_DEPTH) { x->why = "tables nested deeper than 64 levels"; return 0; }
  if (++x->tables > MAX_TABLES) { x->why = "more than 1e6 tables"; return 0; }
  luaL_checkstack(C, 4, "flopcost.sandbox");
  luaL_checkstack(L, 4, "flopcost.sandbox");
  lua_newtable(L);
  lua_pushnil(C);
  while (lua_next(C, idx)) {
    int kidx = lua_gettop(C) - 1;
    extend_path(x, C, kidx, at);
    if (!copy_key(C, kidx, L, x) || !copy_value(C, kidx + 1, L, depth + 1, x)) return 0;
    lua_rawset(L, -3);
    lua_pop(C, 1);
    x->path[at] = '\0';
  }
  return 1;
}

static int copy_value(lua_State *C, int idx, lua_State *L, int depth, copy_ctx *x) {
  const fc_dist *d;
  switch (lua_type(C, idx)) {
    case LUA_TNIL: lua_pushnil(L); return 1;
    case LUA_TBOOLEAN: lua_pushboolean(L, lua_toboolean(C, idx)); return 1;
    case LUA_TNUMBER: return copy_key(C, idx, L, x);
    case LUA_TSTRING: return copy_key(C, idx, L, x);
    case LUA_TTABLE: return copy_table(C, idx, L, depth, x);
    case LUA_TUSERDATA:
      if ((d = (const fc_dist *)luaL_testudata(C, idx, LFC_DIST_MT)) != NULL) {
        fc_dist *u = (fc_dist *)lua_newuserdatauv(L, sizeof *u, 0);
        *u = *d;
        luaL_setmetatable(L, LFC_DIST_MT);
        return 1;
      }
      x->why = "userdata (a library object) cannot leave the sandbox; return plain data";
      return 0;
    default:
      x->why = "functions and coroutines cannot leave the sandbox (plain data only)";
      return 0;
  }
}

/* ---- isolate ------------------------------------------------------------ */

static void copy_string_field(lua_State *L, lua_State *C, const char *field) {
  const char *v;
  lua_getglobal(L, "package");
  if (lua_istable(L, -1) && lua_getfield(L, -1, field) == LUA_TSTRING && (v = lua_tostring(L, -1)) != NULL) {
    lua_getglobal(C, "package");
    lua_pushstring(C, v);
    lua_setfield(C, -2, field);
    lua_pop(C, 1);
  }
  lua_settop(L, lua_gettop(L) - (lua_istable(L, -1) ? 1 : 2));
}

/* In C, protected: libraries, flopcost.core preloaded (the host may have it
   linked in), require "flopcost.sandbox"._child pushed. */
static int boot(lua_State *C) {
  luaL_openlibs(C);
  luaL_getsubtable(C, LUA_REGISTRYINDEX, LUA_PRELOAD_TABLE);
  lua_pushcfunction(C, luaopen_flopcost_core);
  lua_setfield(C, -2, "flopcost.core");
  lua_pop(C, 1);
  return 0;
}

static int l_isolate(lua_State *L) {
  const char *fn = "flopcost.sandbox.isolate";
  int n = lua_gettop(L), i, st;
  iso **box, *s;
  lua_State *C;
  copy_ctx x;
  luaL_checktype(L, 1, LUA_TSTRING);
  luaL_checktype(L, 2, LUA_TSTRING);
  luaL_checktype(L, 3, LUA_TTABLE);
  if (lfc_sandbox_of(L)) return luaL_error(L, "%s: not allowed in a sandboxed script", fn);
  box = (iso **)lua_newuserdatauv(L, sizeof *box, 0);
  *box = NULL;
  if (lfc_newmetatable(L, ISO_MT)) {
    lua_pushcfunction(L, iso_gc);
    lua_setfield(L, -2, "__gc");
  }
  lua_setmetatable(L, -2);
  s = (iso *)calloc(1, sizeof *s);
  if (!s) return luaL_error(L, "%s: out of memory", fn);
  *box = s;
  limits_of(L, 3, s);
  s->a.f = plain_alloc;
  s->a.isolated = 1;
  s->lim = &s->a;
  C = s->C = lua_newstate(lfc_sandbox_alloc, &s->a);
  if (!C) return luaL_error(L, "%s: out of memory", fn);
  lua_pushcfunction(C, boot);
  if (lua_pcall(C, 0, 0, 0) != LUA_OK) return luaL_error(L, "%s: cannot start a Lua state", fn);
  copy_string_field(L, C, "path");
  copy_string_field(L, C, "cpath");
  lua_getglobal(C, "require");
  lua_pushliteral(C, "flopcost.sandbox");
  if (lua_pcall(C, 1, 1, 0) != LUA_OK || lua_getfield(C, -1, "_child") != LUA_TFUNCTION)
    return luaL_error(L, "%s: cannot load flopcost in the sandbox's state: %s", fn,
                      lua_isstring(C, -1) ? lua_tostring(C, -1) : "?");
  lua_remove(C, -2);
  /* text, chunkname, limits (numbers), the script's arguments (plain data) */
  memset(&x, 0, sizeof x);
  for (i = 1; i <= n; i++) {
    snprintf(x.path, sizeof x.path, "argument %d", i);
    lua_checkstack(C, 2);
    if (!copy_value(L, i, C, 0, &x)) return luaL_error(L, "%s: %s: %s", fn, x.path, x.why);
  }
  st = lua_pcall(C, n, 3, 0);
  finish(s);
  lua_settop(L, n + 1);
  s->a.active = 0; /* the copy below allocates in C without a limit */
  if (s->a.stop || s->a.tripped) {
    lua_pushboolean(L, 0);
    push_budget_message(L, &s->a, s->memory_bytes);
    lua_pushstring(L, s->a.why == 2 && !s->a.tripped ? "interrupted" : "limit_exceeded");
    return 3;
  }
  if (st != LUA_OK) {
    lua_pushboolean(L, 0);
    lua_pushstring(L, lua_type(C, -1) == LUA_TSTRING ? lua_tostring(C, -1) : "sandbox: error");
    lua_pushliteral(L, "script_error");
    return 3;
  }
  lua_pushboolean(L, lua_toboolean(C, -3));
  memset(&x, 0, sizeof x);
  strcpy(x.path, "result");
  if (!copy_value(C, lua_gettop(C) - 1, L, 0, &x)) {
    lua_settop(L, n + 1);
    lua_pushboolean(L, 0);
    lua_pushfstring(L, "%s: %s", x.path, x.why);
    lua_pushliteral(L, "script_error");
    return 3;
  }
  if (!copy_value(C, lua_gettop(C), L, 0, &x)) lua_pushnil(L);
  return 3;
}

/* In the sandbox's state, once: the budgets start and stay. */
static int l_begin(lua_State *L) {
  void *ud;
  iso *s;
  if (lua_getallocf(L, &ud) != lfc_sandbox_alloc || !((lim_alloc *)ud)->isolated || ((lim_alloc *)ud)->locked)
    return luaL_error(L, "flopcost.sandbox.begin: only once, in the sandbox's own state");
  s = (iso *)ud;
  lua_gc(L, LUA_GCCOLLECT, 0);
  s->a.locked = 1;
  start(s, L);
  return 0;
}

/* guard(limits, f, ...): f in this state under the budgets (data from a
   sandboxed script, evaluated by trusted code). File access is refused
   during f, as in the sandbox. */
static int l_guard(lua_State *L) {
  const char *fn = "flopcost.sandbox.guard";
  iso s;
  int st;
  luaL_checktype(L, 1, LUA_TTABLE);
  luaL_checktype(L, 2, LUA_TFUNCTION);
  if (lfc_sandbox_of(L)) return luaL_error(L, "%s: not allowed in a sandboxed script", fn);
  memset(&s, 0, sizeof s);
  limits_of(L, 1, &s);
  s.lim = lfc_sandbox_install(L);
  if (s.lim->locked) return luaL_error(L, "%s: not allowed in a sandboxed script", fn);
  /* The budget is on the heap's size from here: what it holds now plus memory_bytes. No full
     collection first: with a large host heap (a test suite, a long notebook) one took ~0.1 s,
     every call; garbage collected during f only gives f back room that the heap already had. */
  s.lim->used = (size_t)lua_gc(L, LUA_GCCOUNT, 0) * 1024u + (size_t)lua_gc(L, LUA_GCCOUNTB, 0);
  start(&s, L);
  lua_remove(L, 1);
  st = lua_pcall(L, lua_gettop(L) - 1, LUA_MULTRET, 0);
  finish(&s);
  s.lim->limit = 0; s.lim->active = 0; s.lim->max_work = 0;
  if (s.lim->stop || s.lim->tripped) {
    lua_settop(L, 0);
    lua_pushboolean(L, 0);
    push_budget_message(L, s.lim, s.memory_bytes);
    s.lim->stop = 0;
    return 2;
  }
  lua_pushboolean(L, st == LUA_OK);
  lua_insert(L, 1);
  return lua_gettop(L);
}

int lfc_open_isolate(lua_State *L) {
  static const luaL_Reg fns[] = {
    {"isolate", l_isolate}, {"begin", l_begin}, {"guard", l_guard}, {NULL, NULL}
  };
  luaL_setfuncs(L, fns, 0);
  return 0;
}
