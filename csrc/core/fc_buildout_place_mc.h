/*
** fc_buildout_place_mc.h -- Monte Carlo over the network figures of a
** placement (fc_buildout_place.h): joint draws of the users' access round
** trip, the backbone round trip, the network price per GB and the traffic
** per million tokens, each from its own distribution (the Lua layer builds
** them from the ranges of models/buildout.json with fc.ranges.around:
** PERT(lo, value, hi)). Draws: one taus2 stream seeded with
** fc_mc_chunk_seed(seed, 0), the inputs in the order of the enum below, draw
** after draw (as fc_buildout_mc_run). Each draw runs fc_buildout_place over
** the same options: their training cost, serving $/Mtok and serving TTFT are
** held at the point figures (the serving layout chosen for the point round
** trip; a draw whose round trip leaves it over the SLO makes it infeasible).
*/
#ifndef FC_BUILDOUT_PLACE_MC_H
#define FC_BUILDOUT_PLACE_MC_H

#include <stddef.h>
#include <stdint.h>
#include "fc_buildout_place.h"
#include "fc_dist.h"

/* inputs, drawn in their catalog units (round trips in ms) */
enum {
  FC_PMC_ACCESS_RTT_MS = 0, FC_PMC_BACKBONE_RTT_MS, FC_PMC_USD_PER_GB, FC_PMC_TRAFFIC_GB_PER_MTOK, FC_PMC_NINPUTS
};

/* Public names of the inputs (models/buildout.json's network figures); NULL past the end. */
const char *fc_buildout_place_mc_input_name(size_t i);
/* Input i of the terms in its unit (ms for round trips), NaN past the end. */
double fc_buildout_place_mc_input(const fc_place_terms *t, size_t i);

typedef struct {
  double *total_usd;      /* [n x samples]: option i's total in draw k at i x samples + k */
  double *ttft_seen_s;    /* [n x samples]: the TTFT its users see, same layout */
  double *best_total_usd; /* [samples]: the winner's total, NaN when no option is feasible */
  uint64_t *wins;         /* [n]: draws each option wins */
  uint64_t *feasible;     /* [n]: draws each option is feasible in */
  uint64_t none;          /* draws in which no option is feasible */
} fc_place_mc_out;

/*
** `samples` joint draws of dists[FC_PMC_NINPUTS] (a fixed distribution for a
** figure that does not vary) around *base, over the n options. A draw the
** placement refuses (a negative round trip or price) stops the run:
** *bad_draw is its index. Errors: FC_EINVAL (NULL, n or samples 0), FC_EDOM,
** FC_ENOMEM.
*/
int fc_buildout_place_mc_run(const fc_place_option *opt, size_t n, const fc_place_terms *base, const fc_dist *dists,
                             uint64_t samples, uint64_t seed, fc_place_mc_out *out, uint64_t *bad_draw);

/*
** Sobol indices over the same inputs (fc_sensitivity.h, the C engine, through
** its model callback): column j of a row sets input inputs[j] (the enum above,
** in its unit) of *base, the placement runs over the n options, and y is
** option `row`'s total $ or TTFT seen, or the cheapest feasible option's
** total (FC_ERANGE, field "best_total_usd", when none is feasible in a row).
** Reads only ctx, so the engine may call it from several threads.
*/
enum { FC_PMC_OUT_TOTAL_USD = 0, FC_PMC_OUT_TTFT_SEEN_S, FC_PMC_OUT_BEST_TOTAL_USD, FC_PMC_NOUTPUTS };
const char *fc_buildout_place_mc_output_name(size_t i);

typedef struct {
  const fc_place_option *opt;
  size_t n;                       /* options, >= 1 */
  const fc_place_terms *base;
  const size_t *inputs;           /* k inputs, each < FC_PMC_NINPUTS */
  int output;                     /* FC_PMC_OUT_* */
  size_t row;                     /* the option measured (total, TTFT), < n */
} fc_place_sobol;

int fc_buildout_place_sobol_model(void *ctx, const double *x, size_t n, size_t k, double *y, size_t *bad_row,
                                  const char **bad_field);

#endif
