/*
** lfc_interrupt.c -- flopcost.core.interrupt: Ctrl-C for interactive hosts
** (the REPL, the Jupyter kernel's worker) without losing the session.
**   core.interrupt.install()  SIGINT sets a flag instead of ending the process
**   core.interrupt.restore()  the previous SIGINT disposition back
**   core.interrupt.xpcall(f, msgh, ...)   xpcall, and SIGINT during it stops f
**                             with the error "interrupted"; with a Ctrl-C
**                             already pending it stops at once
**   core.interrupt.take() -> pending   reads and clears the flag
** The stop works as lua.c's (Lua 5.4, lua.c laction/lstop): the handler only
** sets a hook, which is async-signal-safe (lua_sethook's documented contract);
** the hook raises the error at the next call, return or instruction. A Monte
** Carlo run installs its own handler for its duration (lfc_mc.c) and stops
** between chunks. One process has one SIGINT handler, hence one static state:
** install() refuses a second state while another holds it.
*/
#include <pthread.h>
#include <signal.h>
#include <lua.h>
#include <lauxlib.h>
#include "lfc.h"
#include "lfc_sandbox.h"

static volatile sig_atomic_t pending;
static lua_State *volatile armed_L;   /* the state a SIGINT stops: set during xpcall only */
static lua_State *owner_L;
static struct sigaction previous;

static void stop_hook(lua_State *L, lua_Debug *ar) {
  (void)ar;
  lua_sethook(L, NULL, 0, 0);
  luaL_error(L, "interrupted");
}

static void on_sigint(int sig) {
  lua_State *L = armed_L;
  (void)sig;
  pending = 1;
  if (L) lua_sethook(L, stop_hook, LUA_MASKCALL | LUA_MASKRET | LUA_MASKCOUNT, 1);
}

static lua_State *main_thread(lua_State *L) {
  lua_State *m;
  lua_rawgeti(L, LUA_REGISTRYINDEX, LUA_RIDX_MAINTHREAD);
  m = lua_tothread(L, -1);
  lua_pop(L, 1);
  return m;
}

static int l_install(lua_State *L) {
  struct sigaction sa;
  lua_State *m = main_thread(L);
  if (owner_L == m) { lua_pushboolean(L, 1); return 1; }
  if (owner_L) return luaL_error(L, "flopcost.core.interrupt.install: another Lua state holds SIGINT");
  sa.sa_handler = on_sigint;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = 0; /* no SA_RESTART: a blocked read returns, so a prompt can see Ctrl-C */
  if (sigaction(SIGINT, &sa, &previous) != 0)
    return luaL_error(L, "flopcost.core.interrupt.install: sigaction failed");
  owner_L = m;
  pending = 0;
  lua_pushboolean(L, 1);
  return 1;
}

static int l_restore(lua_State *L) {
  if (owner_L != main_thread(L)) { lua_pushboolean(L, 0); return 1; }
  armed_L = NULL;
  sigaction(SIGINT, &previous, NULL);
  owner_L = NULL;
  lua_pushboolean(L, 1);
  return 1;
}

/* xpcall(f, msgh, ...) with Ctrl-C armed for exactly the protected call: a
   stop is raised only inside it (a hook set outside would end the host). */
static int l_xpcall(lua_State *L) {
  lua_State *m = main_thread(L);
  sigset_t block, old;
  int n = lua_gettop(L), status;
  if (owner_L != m || L != m)
    return luaL_error(L, "flopcost.core.interrupt.xpcall: call install() first, from the main thread");
  luaL_checktype(L, 1, LUA_TFUNCTION);
  luaL_checktype(L, 2, LUA_TFUNCTION);
  lua_pushvalue(L, 2);                  /* msgh below f */
  lua_pushvalue(L, 1);
  lua_rotate(L, 3, 2);                  /* 1 f, 2 msgh, 3 msgh, 4 f, 5.. args */
  armed_L = m;
  /* a Ctrl-C that came just before (a kernel's interrupt racing the cell's
     start) stops the call at once */
  if (pending) lua_sethook(m, stop_hook, LUA_MASKCALL | LUA_MASKRET | LUA_MASKCOUNT, 1);
  status = lua_pcall(L, n - 2, LUA_MULTRET, 3);
  /* disarm with SIGINT blocked, so no handler sets the hook after it is cleared */
  sigemptyset(&block);
  sigaddset(&block, SIGINT);
  pthread_sigmask(SIG_BLOCK, &block, &old);
  armed_L = NULL;
  if (lua_gethook(m) == stop_hook) lua_sethook(m, NULL, 0, 0);
  pthread_sigmask(SIG_SETMASK, &old, NULL);
  lua_pushboolean(L, status == LUA_OK);
  lua_replace(L, 3);                    /* over msgh */
  return lua_gettop(L) - 2;
}

int lfc_interrupt_pending(void) { return pending != 0; }

static int l_take(lua_State *L) {
  lua_pushboolean(L, pending);
  pending = 0;
  return 1;
}

int lfc_open_interrupt(lua_State *L) {
  static const luaL_Reg fns[] = {
    {"install", l_install}, {"restore", l_restore},
    {"xpcall", l_xpcall},   {"take", l_take},
    {NULL, NULL}
  };
  luaL_newlib(L, fns);
  return 1;
}
