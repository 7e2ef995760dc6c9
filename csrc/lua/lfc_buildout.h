/* lfc_buildout.h -- what the build-out bindings (lfc_buildout.c, lfc_buildout_place.c) share. */
#ifndef LFC_BUILDOUT_H
#define LFC_BUILDOUT_H

#include <lua.h>
#include "fc_sensitivity.h"

/* Runs the Sobol engine over sp (model, ctx, inputs and k set) with the options at opts_idx
   (samples, seed, threads, resamples, level) and pushes the result table (lfc_buildout.c). */
int lfc_buildout_sobol_push(lua_State *L, const char *fn, fc_sobol_spec *sp, int opts_idx, int names_idx,
                            const char *output, const char *what);

#endif
