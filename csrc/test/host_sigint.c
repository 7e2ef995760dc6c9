/*
** host_sigint.c -- Ctrl-C with Monte Carlo runs in two Lua states on two
** threads (built as build/test/test_sigint_host, run by `make test`).
**
** Run A (3e7 samples, about 0.5 s) starts first; run B (1e9 samples, minutes)
** starts while A runs; A finishes. Then SIGINT is raised:
**   - B must stop and say so ("interrupted (Ctrl-C)"): before the fix, A's
**     end put back the default disposition and SIGINT killed the process;
**   - afterwards SIGINT must be back at its disposition before the runs
**     (SIG_DFL here): before the fix, B's end left the handler installed.
** A third check: with SIGINT ignored before the runs, it stays ignored.
*/
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <lua.h>
#include <lauxlib.h>
#include <lualib.h>

typedef struct {
  const char *samples;   /* Lua number literal */
  char out[512];         /* "done" or the error message */
  volatile int finished;
} run_t;

static const char *script =
  "local fc = require 'flopcost'\n"
  "local ok, e = pcall(fc.montecarlo, { chip_price_usd = 30000, tdp_w = 700, peak_flops_per_s = 1e15 },\n"
  "  { vary = { utilization = fc.dist.uniform(0.3, 0.9) }, samples = tonumber(SAMPLES), threads = 1, seed = 1 })\n"
  "return ok and 'done' or tostring(e)\n";

static void *run_mc(void *arg) {
  run_t *r = (run_t *)arg;
  lua_State *L = luaL_newstate();
  luaL_openlibs(L);
  lua_pushstring(L, r->samples);
  lua_setglobal(L, "SAMPLES");
  if (luaL_loadstring(L, script) != LUA_OK || lua_pcall(L, 0, 1, 0) != LUA_OK)
    snprintf(r->out, sizeof r->out, "lua error: %s", lua_tostring(L, -1));
  else
    snprintf(r->out, sizeof r->out, "%s", lua_tostring(L, -1));
  lua_close(L);
  r->finished = 1;
  return NULL;
}

static void (*sigint_handler(void))(int) {
  struct sigaction cur;
  sigaction(SIGINT, NULL, &cur);
  return cur.sa_handler;
}

static void sleep_ms(long ms) {
  struct timespec ts;
  ts.tv_sec = ms / 1000;
  ts.tv_nsec = (ms % 1000) * 1000000L;
  nanosleep(&ts, NULL);
}

int main(void) {
  int passes = 0, failures = 0, i;
  pthread_t ta, tb;
  run_t a, b;
  memset(&a, 0, sizeof a);
  memset(&b, 0, sizeof b);
  a.samples = "3e7";
  b.samples = "1e9";
  signal(SIGINT, SIG_DFL);

  /* 1. overlapping runs: A first, B while A runs, A ends, then Ctrl-C */
  pthread_create(&ta, NULL, run_mc, &a);
  for (i = 0; i < 60000 && sigint_handler() == SIG_DFL && !a.finished; i++) sleep_ms(1); /* A is running */
  pthread_create(&tb, NULL, run_mc, &b);
  pthread_join(ta, NULL);
  if (strcmp(a.out, "done") != 0) { printf("FAIL: run A: %s\n", a.out); failures++; }
  else passes++;
  if (b.finished) { printf("FAIL: run B ended before A (no overlap): %s\n", b.out); failures++; }
  else if (sigint_handler() == SIG_DFL) {
    printf("FAIL: run B is running but SIGINT is back at SIG_DFL (A's end restored it)\n");
    failures++;
  } else passes++;
  raise(SIGINT); /* with SIG_DFL this ends the process: no summary line, run-tests counts a failure */
  pthread_join(tb, NULL);
  if (strstr(b.out, "interrupted (Ctrl-C) after") == NULL) { printf("FAIL: run B: %s\n", b.out); failures++; }
  else passes++;
  if (sigint_handler() != SIG_DFL) {
    printf("FAIL: after every run SIGINT is not back at SIG_DFL (a run's handler left installed)\n");
    failures++;
  } else passes++;

  /* 2. an ignored SIGINT stays ignored during and after a run */
  signal(SIGINT, SIG_IGN);
  memset(&a, 0, sizeof a);
  a.samples = "1e6";
  pthread_create(&ta, NULL, run_mc, &a);
  pthread_join(ta, NULL);
  if (strcmp(a.out, "done") != 0 || sigint_handler() != SIG_IGN) {
    printf("FAIL: ignored SIGINT: run '%s', disposition %s\n", a.out,
           sigint_handler() == SIG_IGN ? "ignored" : "changed");
    failures++;
  } else passes++;

  printf("%d passed, %d failed\n", passes, failures);
  return failures != 0;
}
