/*
** lfc_mc.c -- Lua binding of fc_mc (flopcost.core.mc): the run and the tornado.
** Distributions are in lfc_dist.c, option parsing in lfc_mc_opts.c, states
** and merge in lfc_mc_state.c (the state format and merge: fc_mc_state.c).
**
**   core.mc.dist.<kind>(...)  -> flopcost.Dist userdata (fixed, uniform, normal,
**                                lognormal90, triangular, pert, beta)
**   core.mc.run(opts)         -> summary table (see lua/flopcost/montecarlo.lua)
**   core.mc.merge(states[, opts]) -> the summary of the merged shards
**   core.mc.tornado(opts)     -> rows {name, low, high, base, input_low, input_high}
**
** Memory: everything the binding allocates is a userdata (collected if an error
** unwinds); the core's summaries live in a userdata with __gc. Worker threads
** never touch the Lua state; progress reaches the calling thread, which draws
** the one bar (lfc_mc_progress.c, lua/flopcost/progress.lua).
*/
#include <math.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <lua.h>
#include <lauxlib.h>
#include "fc.h"
#include "fc_mc.h"
#include "fc_mc_state.h"
#include "lfc.h"
#include "lfc_mc.h"
#include "lfc_sandbox.h"
#include "lfc_util.h"

#define EXACT_DEFAULT_MAX 1000000.0   /* exact quantiles by default up to this many samples */
#define KEEP_MAX 50000000.0           /* values kept in memory at most (400 MB) */
#define STATS_MT "flopcost.MCStats"
#define num lfc_num

typedef struct {
  size_t n;
  fc_mc_stats s[FC_MC_MAX_OUTPUTS];
  /* kept samples, malloc'd rather than a userdata: freed as soon as the run's
     result is built (a large userdata waits for the collector, so the next
     run would fault in fresh pages); __gc frees it if an error comes first */
  double *samples;
  double charged;  /* bytes of samples counted against a sandbox's memory budget */
} stats_box;

static int stats_gc(lua_State *L) {
  stats_box *b = (stats_box *)luaL_checkudata(L, 1, STATS_MT);
  size_t i;
  for (i = 0; i < FC_MC_MAX_OUTPUTS; i++) fc_mc_stats_free(&b->s[i]);
  free(b->samples);
  b->samples = NULL;
  lfc_sandbox_release(L, b->charged);
  b->charged = 0;
  return 0;
}

static stats_box *new_box(lua_State *L) {
  stats_box *b = (stats_box *)lua_newuserdatauv(L, sizeof *b, 0);
  memset(b, 0, sizeof *b);
  luaL_setmetatable(L, STATS_MT);
  return b;
}

static void push_quantiles(lua_State *L, const double *p, const double *q, size_t np) {
  size_t i;
  lua_createtable(L, 0, (int)np);
  for (i = 0; i < np; i++) {
    lua_pushnumber(L, p[i]);
    lua_pushnumber(L, q[i]);
    lua_settable(L, -3);
  }
  lua_setfield(L, -2, "quantiles");
  for (i = 0; i < np; i++) {
    double pc = p[i] * 100.0;
    if (pc == floor(pc) && pc < 100) {
      char key[8];
      snprintf(key, sizeof key, "p%02d", (int)pc);
      lfc_setnum(L, key, q[i]);
    }
  }
}

/* Pushes the summary of one output: moments, quantiles (q given, or streaming
   when q is NULL), histogram. */
void lfc_mc_push_summary(lua_State *L, const char *fn, const fc_mc_stats *s, const char *name,
                         const double *p, size_t np, const double *q_exact, size_t nb) {
  double q[64];
  size_t i;
  uint64_t *hist;
  if (!isfinite(s->mean) || !isfinite(s->m2)) /* merged states of huge samples */
    luaL_error(L, "%s: output '%s': mean or variance overflows a double", fn, name);
  lua_createtable(L, 0, 16);
  lua_pushstring(L, name);
  lua_setfield(L, -2, "output");
  lua_pushinteger(L, (lua_Integer)s->n);
  lua_setfield(L, -2, "n");
  lfc_setnum(L, "mean", s->mean);
  lfc_setnum(L, "sd", fc_mc_stats_sd(s));
  if (s->n) { lfc_setnum(L, "min", s->min); lfc_setnum(L, "max", s->max); }
  for (i = 0; i < np; i++) {
    if (q_exact) q[i] = q_exact[i];
    else if (s->n == 0 || fc_mc_stats_quantile(s, p[i], &q[i])) q[i] = NAN;
  }
  if (s->n) push_quantiles(L, p, q, np);
  lua_pushstring(L, q_exact ? "exact" : "streaming");
  lua_setfield(L, -2, "quantile_method");
  /* histogram: display bins over [lo, hi) plus under/overflow */
  hist = (uint64_t *)lua_newuserdatauv(L, nb * sizeof *hist, 0);
  if (fc_mc_stats_histogram(s, nb, hist)) luaL_error(L, "%s: histogram bins do not divide the state's bins", fn);
  lua_createtable(L, 0, 4);
  lua_createtable(L, (int)nb + 1, 0);
  for (i = 0; i <= nb; i++) {
    lua_pushnumber(L, s->lo + (s->hi - s->lo) * (double)i / (double)nb);
    lua_rawseti(L, -2, (lua_Integer)i + 1);
  }
  lua_setfield(L, -2, "edges");
  lua_createtable(L, (int)nb, 0);
  for (i = 0; i < nb; i++) {
    lua_pushinteger(L, (lua_Integer)hist[i]);
    lua_rawseti(L, -2, (lua_Integer)i + 1);
  }
  lua_setfield(L, -2, "counts");
  lua_pushinteger(L, (lua_Integer)s->under);
  lua_setfield(L, -2, "underflow");
  lua_pushinteger(L, (lua_Integer)s->over);
  lua_setfield(L, -2, "overflow");
  lua_setfield(L, -3, "histogram");
  lua_pop(L, 1); /* hist userdata */
}

/* Ctrl-C during Monte Carlo runs. A signal handler can only reach a file
   static, so the flag is one `volatile sig_atomic_t` for the process, and the
   SIGINT disposition is process-wide too. Runs may overlap: several Lua states
   in several threads, each in mc.run. So the handler is installed by the first
   run to start and the previous disposition put back by the last to finish
   (a count under a mutex), never by each run on its own: with save/restore per
   run, a run ending while another still ran put the default back (Ctrl-C then
   killed the process mid-run), and the later run's restore left this handler
   installed after every run had finished (Ctrl-C then did nothing). The flag
   is cleared only when no run is in progress, so a run starting does not wipe
   a Ctrl-C meant for the others; Ctrl-C stops every run in progress (it is
   the process that is interrupted). An ignored SIGINT stays ignored. */
volatile sig_atomic_t lfc_interrupted;
static void on_sigint(int sig) { (void)sig; lfc_interrupted = 1; }

static pthread_mutex_t sigint_mu = PTHREAD_MUTEX_INITIALIZER;
static int sigint_runs;              /* runs in progress, in every thread */
static int sigint_hooked;            /* on_sigint is installed, sigint_old saved */
static struct sigaction sigint_old;  /* the disposition before the first run */

void lfc_sigint_enter(void) {
  pthread_mutex_lock(&sigint_mu);
  if (sigint_runs++ == 0) {
    lfc_interrupted = 0;
    sigint_hooked = 0;
    if (sigaction(SIGINT, NULL, &sigint_old) == 0 && sigint_old.sa_handler != SIG_IGN) {
      struct sigaction sa;
      memset(&sa, 0, sizeof sa);
      sa.sa_handler = on_sigint;
      sigemptyset(&sa.sa_mask);
      sigint_hooked = sigaction(SIGINT, &sa, NULL) == 0;
    }
  }
  pthread_mutex_unlock(&sigint_mu);
}

void lfc_sigint_leave(void) {
  pthread_mutex_lock(&sigint_mu);
  if (--sigint_runs == 0 && sigint_hooked) {
    sigaction(SIGINT, &sigint_old, NULL);
    sigint_hooked = 0;
  }
  pthread_mutex_unlock(&sigint_mu);
}

static int run_error(lua_State *L, const char *fn, int st, const fc_mc_error *e) {
  if (st == FC_EDOM && e->field) {
    int fi = fc_scenario_field_index(e->field), k;
    const char *dom = fi >= 0 ? fc_scenario_field_domain((size_t)fi) : "valid value";
    for (k = FC_COMPOSE_SCENARIO; fi < 0 && k <= FC_COMPOSE_CHIP; k++) /* a description field */
      if ((fi = fc_compose_field_index(k, e->field)) >= 0) dom = fc_compose_field_domain(k, (size_t)fi);
    return luaL_error(L, "%s: %s %I: field '%s' of member %d: %s expected, got %s", fn,
                      e->pilot ? "pilot sample" : "sample", (lua_Integer)e->sample + 1, e->field,
                      (int)e->member + 1, dom, num(L, e->value));
  }
  if (st == FC_ERANGE && e->output && e->summary)
    return luaL_error(L, "%s: output '%s': every sample is finite but their mean or variance overflows "
                      "a double (samples near 1e300?)", fn, e->output);
  if (st == FC_ERANGE && e->output)
    return luaL_error(L, "%s: %s %I: output '%s' is not finite", fn, e->pilot ? "pilot sample" : "sample",
                      (lua_Integer)e->sample + 1, e->output);
  return lfc_status_error(L, fn, st);
}

static void push_samples(lua_State *L, const double *x, uint64_t n) {
  uint64_t i;
  lua_createtable(L, (int)n, 0);
  for (i = 0; i < n; i++) {
    lua_pushnumber(L, x[i]);
    lua_rawseti(L, -2, (lua_Integer)i + 1);
  }
}

static const char *const run_known[] = {
  "scenario", "inputs", "samples", "seed", "threads", "output", "outputs", "keep_samples",
  "quantiles", "histogram_bins", "shard", "exact", "correlations", "progress", "rng", "rank_correlation", NULL
};

static int l_run(lua_State *L) {
  const char *fn = "flopcost.mc.run";
  fc_mc_spec sp;
  lfc_mc_scenario sc;
  fc_mc_input *in;
  fc_mc_error err;
  stats_box *box;
  fc_mc_state *state;
  int outs[FC_MC_MAX_OUTPUTS], names, in_names, keep, corr, exact, st, writer;
  double p[64], q[64], *osamp = NULL, *isamp = NULL;
  size_t np, nin, nout, o;
  uint64_t first, count;

  lfc_check_options(L, 1, fn);
  lua_settop(L, 1);
  lfc_check_fields(L, 1, fn, run_known);
  memset(&sp, 0, sizeof sp);
  lfc_mc_read_common(L, 1, fn, &sp);
  lfc_mc_read_shard(L, 1, fn, &sp);
  np = lfc_mc_read_quantiles(L, 1, fn, p);
  lfc_mc_read_scenario(L, 1, fn, &sc);                    /* stack 2: scenario anchors */
  nin = lfc_mc_read_inputs(L, 1, fn, &sc, &in);          /* 3: inputs, 4: input names */
  in_names = 4;
  nout = lfc_mc_read_outputs(L, 1, fn, &sc, outs);            /* 5: output names */
  names = 5;
  keep = lfc_mc_opt_bool(L, 1, fn, "keep_samples", 0);
  corr = lfc_mc_opt_bool(L, 1, fn, "correlations", 0);
  lfc_mc_set_scenario(&sp, &sc);
  sp.inputs = in; sp.n_inputs = nin;
  sp.outputs = outs; sp.n_outputs = nout;
  sp.rank_corr = lfc_mc_read_rank_corr(L, 1, fn, nin, in_names); /* 6, when given */
  fc_mc_shard_range(&sp, &first, &count);
  sp.threads = lfc_sandbox_threads(L, sp.threads);
  lfc_sandbox_check_work(L, fn, "samples", (double)count, "samples");
  /* exact by the whole run's size, for a shard too: a shard of an exact run keeps its samples in
     its state, so the merge's quantiles equal the unsharded run's (fc_mc_state.h) */
  exact = lfc_mc_opt_bool(L, 1, fn, "exact", (double)sp.samples <= EXACT_DEFAULT_MAX);
  if (corr && nin == 0) luaL_error(L, "%s: field 'correlations': no inputs to correlate", fn);
  if ((keep || exact || corr) && (double)count * (double)(nout + (corr ? nin : 0)) > KEEP_MAX)
    luaL_error(L, "%s: field '%s': keeping %I samples x %d values exceeds the limit of %d values; "
               "use exact=false (streaming quantiles, constant memory)", fn,
               keep ? "keep_samples" : corr ? "correlations" : "exact", (lua_Integer)count,
               (int)(nout + (corr ? nin : 0)), (int)KEEP_MAX);
  if (count == 0) {
    uint64_t K = (sp.samples + FC_MC_CHUNK - 1) / FC_MC_CHUNK;
    return luaL_error(L, "%s: field 'shard': shard %d/%d holds no samples (%I samples make %I chunk(s) of %d samples; "
                      "use at most %I shard(s))", fn, (int)sp.shard_index + 1, (int)sp.shard_count,
                      (lua_Integer)sp.samples, (lua_Integer)K, (int)FC_MC_CHUNK, (lua_Integer)K);
  }
  state = lfc_mc_new_state(L);
  if ((st = fc_mc_state_init(state, &sp, nout, p, np)) != FC_OK) return lfc_status_error(L, fn, st);
  sp.chunk_parts = state->parts[0];
  box = new_box(L);
  box->n = nout;
  if (keep || exact || corr) {
    size_t per = nout + (corr ? nin : 0);
    lfc_sandbox_charge(L, fn, (double)count * (double)per * sizeof *box->samples);
    box->charged = (double)count * (double)per * sizeof *box->samples;
    box->samples = (double *)malloc((size_t)(count ? count : 1) * per * sizeof *box->samples);
    if (!box->samples) return lfc_status_error(L, fn, FC_ENOMEM);
    osamp = sp.out_samples = box->samples;
    if (corr) isamp = sp.in_samples = box->samples + (size_t)count * nout;
  }
  writer = lfc_mc_read_progress(L, 1, fn, count);   /* the bar, drawn from this thread */
  /* Ctrl-C stops the run between chunks and says so, instead of letting it
     finish for the interpreter to throw the result away (see sigint_enter). */
  lfc_sigint_enter();
  sp.cancel = lfc_sandbox_cancel(L, &lfc_interrupted);
  st = lfc_mc_run_reporting(L, writer, &sp, count, box->s, &err);
  lfc_sigint_leave();
  if (st == FC_EINTR && sp.cancel != &lfc_interrupted) return lfc_sandbox_stopped_error(L, fn);
  if (st == FC_EINTR)
    return luaL_error(L, "%s: interrupted (Ctrl-C) after %I of %I samples; nothing was kept", fn,
                      (lua_Integer)err.sample, (lua_Integer)count);
  if (st) return run_error(L, fn, st, &err);

  if (corr) {
    size_t i;
    double rho;
    lua_createtable(L, 0, (int)nin);
    for (i = 0; i < nin; i++) {
      int s2 = fc_mc_spearman(isamp + i * count, osamp, (size_t)count, &rho);
      if (s2) return lfc_status_error(L, fn, s2);
      lua_rawgeti(L, in_names, (lua_Integer)i + 1);
      lua_pushnumber(L, rho);
      lua_settable(L, -3);
    }
    /* stays on the stack until the result exists */
  }
  /* result: the first output's summary, all of them in .outputs */
  lua_createtable(L, 0, (int)nout);
  for (o = 0; o < nout; o++) {
    const double *qx = NULL;
    if (exact && count > 0) {
      int s2 = fc_mc_quantiles_binned(osamp + o * count, (size_t)count, &box->s[o], p, np, q, sp.threads);
      if (s2) return lfc_status_error(L, fn, s2);
      qx = q;
    }
    lua_rawgeti(L, names, (lua_Integer)o + 1);
    lfc_mc_push_summary(L, fn, &box->s[o], lua_tostring(L, -1), p, np, qx, sp.hist_bins);
    if (keep) {
      push_samples(L, osamp + o * count, count);
      lua_setfield(L, -2, "samples");
    }
    lua_settable(L, -3);
  }
  lua_rawgeti(L, names, 1);
  lua_gettable(L, -2);           /* the first summary */
  lua_insert(L, -2);
  lua_setfield(L, -2, "outputs");
  lua_pushinteger(L, (lua_Integer)sp.seed); lua_setfield(L, -2, "seed");
  lua_pushstring(L, sp.rng_type->name); lua_setfield(L, -2, "rng");
  lua_pushinteger(L, (lua_Integer)sp.threads); lua_setfield(L, -2, "threads");
  if (corr) {
    lua_insert(L, -2);
    lua_setfield(L, -2, "rank_correlations");
  }
  for (o = 0; o < nout; o++) {
    lua_rawgeti(L, names, (lua_Integer)o + 1);
    strncpy(state->names[o], lua_tostring(L, -1), FC_MC_STATE_NAME_MAX - 1);
    lua_pop(L, 1);
    state->stats[o] = box->s[o]; /* moved: the state frees them now */
    memset(&box->s[o], 0, sizeof box->s[o]);
  }
  if (exact && sp.shard_count > 1) { /* the samples move into the state ([n_outputs][count] first) */
    state->exact = 1;
    for (o = 0; o < nout; o++) state->kept[o] = box->samples + o * count;
    box->samples = NULL;
  }
  lfc_mc_push_state(L, state);
  lua_setfield(L, -2, "state");
  free(box->samples);
  box->samples = NULL;
  lfc_sandbox_release(L, box->charged);
  box->charged = 0;
  return 1;
}

/* ======} */

static int l_tornado(lua_State *L) {
  static const char *const known[] = {"scenario", "inputs", "output", "p_low", "p_high", NULL};
  const char *fn = "flopcost.mc.tornado";
  fc_mc_spec sp;
  lfc_mc_scenario sc;
  fc_mc_input *in;
  fc_mc_error err;
  int outs[FC_MC_MAX_OUTPUTS], st;
  size_t nin, i;
  double pl, ph, base, *buf;
  lfc_check_options(L, 1, fn);
  lua_settop(L, 1);
  lfc_check_fields(L, 1, fn, known);
  pl = lfc_field_number_opt(L, 1, fn, "p_low", LFC_OPEN_UNIT, 0.05);
  ph = lfc_field_number_opt(L, 1, fn, "p_high", LFC_OPEN_UNIT, 0.95);
  if (!(pl < ph && ph < 1.0)) return luaL_error(L, "%s: field 'p_high': number in (p_low, 1) expected, got %f", fn, ph);
  lfc_mc_read_scenario(L, 1, fn, &sc);            /* 2 */
  nin = lfc_mc_read_inputs(L, 1, fn, &sc, &in);   /* 3, 4 names */
  lfc_mc_read_outputs(L, 1, fn, &sc, outs);            /* 5 */
  memset(&sp, 0, sizeof sp);
  lfc_mc_set_scenario(&sp, &sc);
  sp.inputs = in; sp.n_inputs = nin;
  buf = (double *)lua_newuserdatauv(L, (nin ? nin : 1) * 4 * sizeof *buf, 0);
  st = fc_mc_tornado(&sp, outs[0], pl, ph, &base, buf, buf + nin, buf + 2 * nin, buf + 3 * nin, &err);
  if (st) return run_error(L, fn, st, &err);
  lua_createtable(L, (int)nin, 0);
  for (i = 0; i < nin; i++) {
    lua_createtable(L, 0, 6);
    lua_rawgeti(L, 4, (lua_Integer)i + 1);
    lua_setfield(L, -2, "name");
    lfc_setnum(L, "low", buf[i]);
    lfc_setnum(L, "high", buf[nin + i]);
    lfc_setnum(L, "base", base);
    lfc_setnum(L, "input_low", buf[2 * nin + i]);
    lfc_setnum(L, "input_high", buf[3 * nin + i]);
    lua_rawseti(L, -2, (lua_Integer)i + 1);
  }
  return 1;
}

/* ======} */

/* clock() -> seconds of a monotonic wall clock (for timing runs; os.clock is CPU time) */
static int l_clock(lua_State *L) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  lua_pushnumber(L, (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec);
  return 1;
}

static const luaL_Reg funcs[] = {
  {"clock", l_clock}, {"run", l_run}, {"merge", lfc_mc_merge}, {"tornado", l_tornado},
  {"quantiles", lfc_mc_quantiles}, {"shard_range", lfc_mc_shard_range}, {NULL, NULL}
};

int lfc_open_mc(lua_State *L) {
  if (lfc_newmetatable(L, STATS_MT)) {
    lua_pushcfunction(L, stats_gc);
    lua_setfield(L, -2, "__gc");
  }
  lua_pop(L, 1);
  luaL_newlib(L, funcs);
  lfc_open_dist(L);
  lua_setfield(L, -2, "dist");
  lua_pushinteger(L, (lua_Integer)FC_MC_CHUNK);
  lua_setfield(L, -2, "chunk");
  lfc_push_names(L, run_known); /* the options of run: flopcost.montecarlo derives its list from it */
  lua_setfield(L, -2, "options");
  return 1;
}
