/*
** lfc_mc_progress.c -- Monte Carlo progress, reported to the calling thread.
**
** The run's progress callback (fc_mc_spec.progress) is called on worker
** threads, where the Lua state must not be touched. So a run with a progress
** writer runs on a thread of its own; the callback only records the samples
** done (under a mutex) and wakes the calling thread, which waits on a
** condition variable and calls the writer, a Lua function (done, total), at
** most once per percent. The writer is the one progress bar of flopcost
** (lua/flopcost/progress.lua) unless the caller passes its own function.
*/
#include <pthread.h>
#include <stdint.h>
#include <unistd.h>
#include <lua.h>
#include <lauxlib.h>
#include "fc.h"
#include "fc_mc.h"
#include "lfc.h"
#include "lfc_mc.h"
#include "lfc_util.h"

#define PROGRESS_DEFAULT_MIN 2000000.0  /* a bar by default from this many samples on (on a terminal) */

int lfc_mc_read_progress(lua_State *L, int opts, const char *fn, uint64_t count) {
  int t = lua_getfield(L, opts, "progress");
  if (t == LUA_TFUNCTION) return lua_gettop(L);
  if (t != LUA_TNIL && t != LUA_TBOOLEAN) lfc_field_error(L, fn, "progress", "boolean or function (done, total)", -1);
  if (t == LUA_TNIL ? !(isatty(2) && (double)count >= PROGRESS_DEFAULT_MIN) : !lua_toboolean(L, -1)) {
    lua_pop(L, 1);
    return 0;
  }
  lua_pop(L, 1);
  /* the one bar: flopcost.progress.bar(label, unit), nil when stderr is not a terminal
     (a state without require, e.g. a sandbox's, gets none) */
  if (lua_getglobal(L, "require") != LUA_TFUNCTION) {
    lua_pop(L, 1);
    return 0;
  }
  lua_pushliteral(L, "flopcost.progress");
  lua_call(L, 1, 1);
  lua_getfield(L, -1, "bar");
  lua_pushliteral(L, "monte carlo");
  lua_pushliteral(L, "samples");
  lua_call(L, 2, 1);
  lua_remove(L, -2);
  if (lua_isfunction(L, -1)) return lua_gettop(L);
  lua_pop(L, 1);
  return 0;
}

typedef struct {
  pthread_mutex_t mu;
  pthread_cond_t cv;
  uint64_t done;                 /* samples folded so far (the callback's) */
  int finished, status;          /* the run returned status */
  const fc_mc_spec *sp;
  fc_mc_stats *stats;
  fc_mc_error *err;
} reporting_run;

/* fc_mc_spec.progress: on a worker thread, under the run's lock. */
static void on_progress(void *ctx, uint64_t done, uint64_t total) {
  reporting_run *r = (reporting_run *)ctx;
  (void)total;
  pthread_mutex_lock(&r->mu);
  r->done = done;
  pthread_cond_signal(&r->cv);
  pthread_mutex_unlock(&r->mu);
}

static void *run_thread(void *arg) {
  reporting_run *r = (reporting_run *)arg;
  int st = fc_mc_run(r->sp, r->stats, r->err);
  pthread_mutex_lock(&r->mu);
  r->status = st;
  r->finished = 1;
  pthread_cond_signal(&r->cv);
  pthread_mutex_unlock(&r->mu);
  return NULL;
}

static int percent(uint64_t done, uint64_t total) {
  return total ? (int)(100.0 * (double)done / (double)total) : 100;
}

/* Calls the writer at stack index w with (done, total); 0, or 1 when it raised
   (its error left on the stack). */
static int call_writer(lua_State *L, int w, uint64_t done, uint64_t total) {
  lua_pushvalue(L, w);
  lua_pushinteger(L, (lua_Integer)done);
  lua_pushinteger(L, (lua_Integer)total);
  return lua_pcall(L, 2, 0, 0) != LUA_OK;
}

int lfc_mc_run_reporting(lua_State *L, int w, const fc_mc_spec *sp, uint64_t total, fc_mc_stats *stats,
                         fc_mc_error *err) {
  reporting_run r;
  fc_mc_spec run;                /* the caller's spec with the callback */
  pthread_t tid;
  int last = -1, failed = 0, fin = 0;
  if (!w) return fc_mc_run(sp, stats, err);
  /* the start (0 of total) is drawn before the run starts; a writer that
     raises there raises at once */
  if (call_writer(L, w, 0, total)) lua_error(L);
  last = 0;
  r.done = 0; r.finished = 0; r.status = FC_OK;
  run = *sp;
  run.progress = on_progress;
  run.progress_ctx = &r;
  r.sp = &run; r.stats = stats; r.err = err;
  if (pthread_mutex_init(&r.mu, NULL)) return FC_ENOMEM;
  if (pthread_cond_init(&r.cv, NULL)) { pthread_mutex_destroy(&r.mu); return FC_ENOMEM; }
  if (pthread_create(&tid, NULL, run_thread, &r) != 0) { /* no thread: the run without a bar */
    pthread_cond_destroy(&r.cv);
    pthread_mutex_destroy(&r.mu);
    return fc_mc_run(sp, stats, err);
  }
  while (!fin) {
    uint64_t done;
    pthread_mutex_lock(&r.mu);
    while (!r.finished && percent(r.done, total) == last) pthread_cond_wait(&r.cv, &r.mu);
    done = r.done;
    fin = r.finished;
    pthread_mutex_unlock(&r.mu);
    /* the writer runs here, on the thread that owns the Lua state; a writer
       that raises is not called again, and its error follows the run */
    if (percent(done, total) != last && !failed) {
      last = percent(done, total);
      failed = call_writer(L, w, done, total);
    }
  }
  pthread_join(tid, NULL);
  pthread_cond_destroy(&r.cv);
  pthread_mutex_destroy(&r.mu);
  if (failed) lua_error(L);
  return r.status;
}
