/* test_mc_progress.c -- Monte Carlo progress reported to the calling thread
   (csrc/lua/lfc_mc_progress.c): the run goes on a thread of its own, the
   writer (a Lua function) is called on this thread only. Built with the
   binding's file and Lua; `make tsan` runs it under ThreadSanitizer too.

   The run: the H100 fixture, electricity ~ uniform(0.05, 0.15), 10 chunks of
   FC_MC_CHUNK = 32768 samples, 1 and 2 threads. The run folds chunks in order
   and reports after each, so the writer sees whole chunks, rising, at most 10
   calls after the first (0 of 327680, at the start), the last 327680 of 327680. */
#include <pthread.h>
#include <string.h>
#include <lua.h>
#include <lauxlib.h>
#include <lualib.h>
#include "fc.h"
#include "fc_mc.h"
#include "lfc_mc.h"
#include "lfc_util.h"
#include "fc_test.h"
#include "fc_test_fixtures.h"

#define N_SAMPLES (10u * FC_MC_CHUNK)

/* lfc_mc_read_progress's error path is not exercised here (spec/71 does):
   the binding's message helper is not linked in. */
int lfc_field_error(lua_State *L, const char *fn, const char *field, const char *what, int v) {
  (void)v;
  return luaL_error(L, "%s: field '%s': %s expected", fn, field, what);
}

static pthread_t main_thread;
static int calls, off_thread, not_rising, not_chunks, bad_total;
static lua_Integer last_done;

/* the writer: records what it was given, and the thread it ran on */
static int writer(lua_State *L) {
  lua_Integer done = luaL_checkinteger(L, 1), total = luaL_checkinteger(L, 2);
  calls++;
  if (!pthread_equal(pthread_self(), main_thread)) off_thread++;
  if (calls == 1 ? done != 0 : done <= last_done) not_rising++;
  if (done % FC_MC_CHUNK != 0) not_chunks++;
  if (total != (lua_Integer)N_SAMPLES) bad_total++;
  last_done = done;
  return 0;
}

/* draws the start, then raises */
static int failing_writer(lua_State *L) {
  if (++calls == 1) return 0;
  return luaL_error(L, "writer broke");
}

static void spec_init(fc_mc_spec *s, fc_scenario_params *base, fc_mc_input *in, int *out, unsigned threads) {
  fc_fixture_h100(base);
  in->field = fc_scenario_field_index("electricity_usd_per_kwh");
  in->member = -1;
  fc_dist_uniform(0.05, 0.15, &in->dist);
  *out = fc_scenario_result_index("energy_usd_per_eflop");
  memset(s, 0, sizeof *s);
  s->members = base; s->n_members = 1;
  s->inputs = in; s->n_inputs = 1;
  s->outputs = out; s->n_outputs = 1;
  s->seed = 7; s->samples = N_SAMPLES; s->shard_count = 1; s->threads = threads; s->hist_bins = 50;
}

static void test_writer_called_on_the_calling_thread(lua_State *L, unsigned threads) {
  fc_scenario_params base;
  fc_mc_input in;
  fc_mc_spec s;
  fc_mc_stats st[1], plain[1];
  fc_mc_error err;
  int out, w;
  calls = off_thread = not_rising = not_chunks = bad_total = 0;
  last_done = -1;
  spec_init(&s, &base, &in, &out, threads);
  lua_pushcfunction(L, writer);
  w = lua_gettop(L);
  fc_test_int(lfc_mc_run_reporting(L, w, &s, N_SAMPLES, st, &err), FC_OK, "a run with a writer");
  lua_pop(L, 1);
  fc_test_int(calls >= 2 && calls <= 11, 1, "the start, then one call per percent at most, one per chunk at most");
  fc_test_int(off_thread, 0, "every call on the calling thread");
  fc_test_int(not_rising + not_chunks + bad_total, 0, "from 0, whole chunks, rising, of 327680");
  fc_test_int(last_done, (long long)N_SAMPLES, "the last call: 327680 of 327680");
  fc_test_int(s.progress == NULL, 1, "the caller's spec is left as it was");
  /* the writer only watches: the same numbers as a run without it */
  fc_test_int(fc_mc_run(&s, plain, &err), FC_OK, "the same run without a writer");
  fc_test_int(memcmp(&st[0].mean, &plain[0].mean, sizeof(double)) == 0 &&
              memcmp(&st[0].m2, &plain[0].m2, sizeof(double)) == 0, 1, "bit-identical mean and M2");
  fc_mc_stats_free(&st[0]);
  fc_mc_stats_free(&plain[0]);
}

/* a writer that raises during the run: not called again, the run finishes, the
   error follows it */
static int run_failing(lua_State *L) {
  fc_mc_spec *s = (fc_mc_spec *)lua_touserdata(L, 1);
  fc_mc_stats *st = (fc_mc_stats *)lua_touserdata(L, 2);
  fc_mc_error err;
  lua_pushcfunction(L, failing_writer);
  lfc_mc_run_reporting(L, lua_gettop(L), s, N_SAMPLES, st, &err);
  return 0;
}

static void test_writer_error_after_the_run(lua_State *L) {
  fc_scenario_params base;
  fc_mc_input in;
  fc_mc_spec s;
  fc_mc_stats st[1];
  int out, rc;
  calls = 0;
  memset(st, 0, sizeof st);
  spec_init(&s, &base, &in, &out, 2);
  lua_pushcfunction(L, run_failing);
  lua_pushlightuserdata(L, &s);
  lua_pushlightuserdata(L, st);
  rc = lua_pcall(L, 2, 0, 0);
  fc_test_int(rc, LUA_ERRRUN, "the writer's error is raised");
  fc_test_int(rc == LUA_ERRRUN && strstr(lua_tostring(L, -1), "writer broke") != NULL, 1, "its message kept");
  lua_pop(L, 1);
  fc_test_int(calls, 2, "a writer that raised is not called again");
  fc_test_int((long long)st[0].n, (long long)N_SAMPLES, "the run finished before the error was raised");
  fc_mc_stats_free(&st[0]);
}

int main(void) {
  lua_State *L = luaL_newstate();
  main_thread = pthread_self();
  test_writer_called_on_the_calling_thread(L, 1);
  test_writer_called_on_the_calling_thread(L, 2);
  test_writer_error_after_the_run(L);
  lua_close(L);
  return fc_test_summary("mc progress");
}
