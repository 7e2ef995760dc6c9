/*
** lfc_mc.h -- shared by the Monte Carlo binding files: lfc_dist.c
** (distributions), lfc_mc_opts.c (options), lfc_mc_state.c (states, merge)
** and lfc_mc.c (run, tornado). Every reader raises a Lua error naming the
** function and the field.
*/
#ifndef LFC_MC_H
#define LFC_MC_H

#include <lua.h>
#include <gsl/gsl_rng.h>
#include "fc_dist.h"
#include "fc_mc.h"
#include "fc_mc_state.h"

#define LFC_DIST_MT "flopcost.Dist"

/* core.mc.dist: registers the Dist metatable, pushes the constructors. */
int lfc_open_dist(lua_State *L);
/* Reads a distribution: Dist userdata, a number (fixed) or {kind, args...}. */
void lfc_read_dist(lua_State *L, int idx, const char *fn, const char *where, fc_dist *out);
/* Pushes x as "%.14g" (2, not 2.0) and returns the string, for messages. */
const char *lfc_num(lua_State *L, double x);

/* The scenario of a run: one member or a mix (memory anchored on the stack). */
typedef struct {
  fc_mix m;      /* the members (the core's mix struct; n = 1 and no counts for one scenario) */
  int mix;       /* 1: evaluate as a mix (fc_scenario_eval_mix) */
  /* a description ({chips = ..., ...}, lfc_compose.c) the members were composed
     from, or NULL; lfc_mc_read_inputs sets targets when an input names one of
     its fields (fc_mc.h, fc_mc_target), else NULL */
  const fc_compose_desc *desc;
  const fc_mc_target *targets;
  /* the description's composition: its serving figures when it serves a
     model (fc_mc_output_serves), for the serving outputs, and its water
     figures (fc_mc_output_waters), for the water outputs (fc_mc_output.h) */
  fc_compose_mix serving;
  int serves;
} lfc_mc_scenario;

/* Reads opts.scenario into sc; leaves one anchor value at the scenario's stack
   slot. A mix {members=, counts=, ...} goes through lfc_read_mix, a
   description {chips = ...} through lfc_read_desc + fc_compose, one scenario
   through lfc_to_params: the readers every other door uses. */
void lfc_mc_read_scenario(lua_State *L, int opts, const char *fn, lfc_mc_scenario *sc);
/* Sets the base scenario of a Monte Carlo spec (members, counts, mix,
   coupling, penalty, description, targets) from sc. */
void lfc_mc_set_scenario(fc_mc_spec *sp, const lfc_mc_scenario *sc);
/* Reads opts.inputs into a userdata array (left on the stack) and a names
   table (left above it). Returns the count. */
size_t lfc_mc_read_inputs(lua_State *L, int opts, const char *fn, lfc_mc_scenario *sc, fc_mc_input **out);
/* Reads opts.rank_correlation = {{a, b, rho}, ...} (a, b: input indices or
   names) into an n x n matrix userdata left on the stack; NULL (nothing
   pushed) when absent. `names` is the stack index of the input names. */
double *lfc_mc_read_rank_corr(lua_State *L, int opts, const char *fn, size_t n, int names);
/* Index of a scenario field / result by name; unknown names raise
   "fn: field 'where': unknown ... 'x' (did you mean 'y'?)". */
int lfc_mc_field_by_name(lua_State *L, const char *fn, const char *where, const char *name);
int lfc_mc_result_by_name(lua_State *L, const char *fn, const char *where, const char *name);
/* Reads output/outputs into idx[], the names into a table left on the stack;
   a serving output (usd_per_mtok_output, ...) needs sc to serve a model. */
size_t lfc_mc_read_outputs(lua_State *L, int opts, const char *fn, const lfc_mc_scenario *sc, int *idx);
/* Reads the quantile levels (default 0.05, 0.5, 0.95) into q[64]. */
size_t lfc_mc_read_quantiles(lua_State *L, int opts, const char *fn, double *q);
/* samples, seed, threads, histogram_bins, rng */
void lfc_mc_read_common(lua_State *L, int opts, const char *fn, fc_mc_spec *sp);
void lfc_mc_read_shard(lua_State *L, int opts, const char *fn, fc_mc_spec *sp);
int lfc_mc_opt_bool(lua_State *L, int opts, const char *fn, const char *field, int dflt);
/* opts.progress (lfc_mc_progress.c): a function (done, total), or true / false;
   by default a bar from 2M samples on when stderr is a terminal. Pushes the
   writer (opts.progress, else flopcost.progress.bar's) and returns its stack
   index, or pushes nothing and returns 0. */
int lfc_mc_read_progress(lua_State *L, int opts, const char *fn, uint64_t count);
/* fc_mc_run, calling the writer at stack index w (0: none) on this thread as
   the run advances (the run itself on another thread); a writer's error is
   raised after the run. */
int lfc_mc_run_reporting(lua_State *L, int w, const fc_mc_spec *sp, uint64_t total, fc_mc_stats *stats,
                         fc_mc_error *err);
/* A GSL generator by name; NULL when unknown. */
const gsl_rng_type *lfc_mc_rng_by_name(const char *name);

/* Pushes the summary table of one output (q_exact NULL: streaming quantiles). */
void lfc_mc_push_summary(lua_State *L, const char *fn, const fc_mc_stats *s, const char *name,
                         const double *p, size_t np, const double *q_exact, size_t nb);
/* Pushes a state as a plain table (format FC_MC_STATE_FORMAT). */
void lfc_mc_push_state(lua_State *L, const fc_mc_state *st);
/* A zeroed state in a userdata (pushed) whose __gc frees it. */
fc_mc_state *lfc_mc_new_state(lua_State *L);
/* core.mc.merge(states[, {partial = true}]) */
int lfc_mc_merge(lua_State *L);

/* core.mc.quantiles(samples, p): type-7 quantiles of a Lua list (lfc_mc_quantile.c). */
int lfc_mc_quantiles(lua_State *L);
/* core.mc.shard_range(count, i, n): the one cut into shards (fc_mc_cut). */
int lfc_mc_shard_range(lua_State *L);

#endif
