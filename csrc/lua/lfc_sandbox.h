/*
** lfc_sandbox.h -- the sandbox's budgets as the C entry points see them
** (lfc_sandbox.c, lfc_isolate.c). A sandboxed script runs in a Lua state of
** its own (lfc_isolate.c); that state's allocator is a lim_alloc, which also
** carries the budgets every C entry point checks. Outside a sandbox each
** function here does nothing, so the entry points call them unconditionally.
*/
#ifndef LFC_SANDBOX_H
#define LFC_SANDBOX_H

#include <signal.h>
#include <stddef.h>
#include <lua.h>

typedef struct {
  lua_Alloc f;      /* the allocator being wrapped */
  void *ud;
  size_t used;      /* bytes in use: the state's, plus C-side charges */
  size_t limit;     /* 0: no limit */
  int active, tripped;
  int locked;       /* an isolated state after its script started: no enter/leave */
  double max_work;  /* evaluations one C call may do (0: no limit) */
  double match_steps, max_match_steps; /* pattern matching steps so far, and the budget (lfc_match.c) */
  volatile sig_atomic_t stop;  /* set by the watchdog: CPU budget or Ctrl-C */
  volatile sig_atomic_t why;   /* 1: CPU budget, 2: Ctrl-C, 3: pattern steps (lfc_match.c) */
  double cpu_seconds;          /* the CPU budget (for messages) */
  int isolated;     /* the allocator of a state lfc_isolate.c made */
  int watched;      /* a watchdog sets `stop` (lfc_isolate.c) */
} lim_alloc;

/* The state's allocator wrapper, installed on first use. */
lim_alloc *lfc_sandbox_install(lua_State *L);
/* The state's lim_alloc when sandboxed code runs in it, else NULL. */
lim_alloc *lfc_sandbox_of(lua_State *L);
/* Refuses, before it starts, a C call whose work (model evaluations) is above
   the sandbox's limit; `what` says how the work was counted. */
void lfc_sandbox_check_work(lua_State *L, const char *fn, const char *field, double work, const char *what);
/* Counts bytes the C side is about to allocate against the memory budget
   (raises when over it); release gives them back. */
void lfc_sandbox_charge(lua_State *L, const char *fn, double bytes);
void lfc_sandbox_release(lua_State *L, double bytes);
/* The flag a long C loop polls: the sandbox's stop flag (CPU budget or
   Ctrl-C, set by the watchdog) when sandboxed, else `outside`. */
const volatile sig_atomic_t *lfc_sandbox_cancel(lua_State *L, const volatile sig_atomic_t *outside);
/* Threads a C call may use: 1 in a sandbox (the CPU budget is the calling
   thread's CPU time, so the work must run on it), else `asked`. */
unsigned lfc_sandbox_threads(lua_State *L, unsigned asked);
/* The message of the budget that stopped a run (a->why), into b. */
const char *lfc_sandbox_why(const lim_alloc *a, char *b, size_t n);
/* Raises the budget error after a C loop stopped on lfc_sandbox_cancel's flag. */
int lfc_sandbox_stopped_error(lua_State *L, const char *fn);

/* Ctrl-C as the Monte Carlo and Sobol runs see it (lfc_mc.c): the handler is
   installed by the first run in progress and removed by the last. */
void lfc_sigint_enter(void);
void lfc_sigint_leave(void);
extern volatile sig_atomic_t lfc_interrupted;
/* A Ctrl-C the interactive handler (lfc_interrupt.c) saw and nobody took yet. */
int lfc_interrupt_pending(void);

int lfc_open_isolate(lua_State *L);
/* Pushes core.sandbox.string: find, match, gmatch and gsub with the pattern
   step budget and the stop flag polled (lfc_match.c, Lua 5.4.4's matcher). */
void lfc_push_match_lib(lua_State *L);
/* The allocator function of sandboxed states (to recognise one). */
void *lfc_sandbox_alloc(void *ud, void *ptr, size_t osize, size_t nsize);

#endif
