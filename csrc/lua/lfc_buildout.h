/* lfc_buildout.h -- what the build-out bindings (lfc_buildout.c, lfc_buildout_place.c) share. */
#ifndef LFC_BUILDOUT_H
#define LFC_BUILDOUT_H

#include <lua.h>
#include <stddef.h>
#include "fc_dist.h"
#include "fc_sensitivity.h"

/* The name of a Monte Carlo model's input i (fc_buildout_mc_input_name, fc_buildout_place_mc_input_name). */
typedef const char *(*lfc_input_name_fn)(size_t i);
#define LFC_VARY_MAX 32

/* The varied inputs of a Sobol run: each key of the table at idx names one of the model's n
   inputs (name(i)); unknown keys are refused. In input order into inputs[] and dists[];
   pushes the list of their names. Returns k >= 1 (lfc_buildout.c). */
size_t lfc_buildout_read_vary(lua_State *L, int idx, const char *fn, size_t n, lfc_input_name_fn name,
                              size_t *inputs, fc_dist *dists);

/* Runs the Sobol engine over sp (model, ctx, inputs and k set) with the options at opts_idx
   (samples, seed, threads, resamples, level) and pushes the result table (lfc_buildout.c). */
int lfc_buildout_sobol_push(lua_State *L, const char *fn, fc_sobol_spec *sp, int opts_idx, int names_idx,
                            const char *output, const char *what);

#endif
