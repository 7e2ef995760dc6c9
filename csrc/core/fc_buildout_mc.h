/*
** fc_buildout_mc.h -- Monte Carlo over the uncertain figures of a build-out
** plan (fc_buildout_plan): joint draws of the construction, equipment, grid
** and bridge months, the bridge plant's figures and the chip price decline,
** each from its own distribution (the Lua layer builds them from the ranges
** of models/buildout.json with fc.ranges.around: PERT(lo, value, hi)).
** Draws: one taus2 stream seeded with fc_mc_chunk_seed(seed, 0), the inputs
** in the order of the enum below, draw after draw (as fc_stock_mc_run).
** With a scenario member given, each draw also prices a useful EFLOP at
** energization: the member with the draw's chip price and facility cost per
** kW including interest (fc.buildout.plan's point figure, fc_scenario_eval),
** and its water per EFLOP: the member's facility kWh per EFLOP by the
** convention of fc_buildout_water (on site = kWh / PUE x WUE, off site = kWh x
** the grid's water), NaN when the plan has no water figures.
*/
#ifndef FC_BUILDOUT_MC_H
#define FC_BUILDOUT_MC_H

#include <stddef.h>
#include <stdint.h>
#include "fc_buildout.h"
#include "fc_dist.h"
#include "fc_scenario.h"

enum {
  FC_BMC_CONSTRUCTION_MONTHS = 0, FC_BMC_EQUIPMENT_LEAD_MONTHS, FC_BMC_GRID_MONTHS, FC_BMC_BRIDGE_MONTHS,
  FC_BMC_BRIDGE_CAPEX_USD_PER_KW, FC_BMC_HEAT_RATE_MMBTU_PER_MWH, FC_BMC_FUEL_USD_PER_MMBTU,
  FC_BMC_BRIDGE_LOAD_FACTOR, FC_BMC_CHIP_DECLINE_PER_YEAR,
  /* appended (a fixed input draws nothing, so earlier runs' streams stay as they were) */
  FC_BMC_FACILITY_USD_PER_KW, FC_BMC_RATE,
  /* the site's water figures, drawn from their own stream (fc_mc_chunk_seed(seed, 1)) so the
     draws of the inputs above stay as they were */
  FC_BMC_WUE_L_PER_KWH, FC_BMC_ELECTRICITY_WATER_L_PER_KWH, FC_BMC_NINPUTS
};
#define FC_BMC_FIRST_WATER_INPUT FC_BMC_WUE_L_PER_KWH
enum {
  FC_BMC_OUT_ENERGIZED_MONTHS = 0, FC_BMC_OUT_IDC_USD, FC_BMC_OUT_FACILITY_USD_PER_KW,
  FC_BMC_OUT_CHIP_PRICE_USD, FC_BMC_OUT_BRIDGE_FUEL_USD, FC_BMC_OUT_USD_PER_EFLOP, FC_BMC_OUT_WATER_L_PER_EFLOP,
  FC_BMC_NOUTPUTS
};
/* 1 when output o needs a scenario member (the cost and the water per EFLOP) */
int fc_buildout_mc_output_needs_member(int o);

/* Public names of the inputs (the fields of fc.buildout.plan / core.buildout.plan)
   and of the outputs; NULL past the end. */
const char *fc_buildout_mc_input_name(size_t i);
const char *fc_buildout_mc_output_name(size_t i);
/* Input i of a plan (its point figure), NaN past the end. */
double fc_buildout_mc_input(const fc_buildout_plan_in *in, size_t i);

/*
** `samples` joint draws of dists[FC_BMC_NINPUTS] (a fixed distribution for a
** figure that does not vary) around *base; out[o * samples + k] is output o
** of draw k (FC_BMC_OUT_USD_PER_EFLOP NaN without a member). The draws stop
** at the first plan the core refuses: *bad_draw is its index, *bad_input -1.
** Errors: FC_EINVAL (NULL, samples 0), FC_EDOM, FC_ENOMEM.
*/
int fc_buildout_mc_run(const fc_buildout_plan_in *base, const fc_dist *dists, const fc_scenario_params *member,
                       uint64_t samples, uint64_t seed, double *out, uint64_t *bad_draw);

/*
** Sobol indices over the same inputs (fc_sensitivity.h, the C engine, through
** its model callback): column j of a row sets plan input inputs[j] (the enum
** above) of *base, the row runs as one draw above, and y is its `output`
** (FC_BMC_OUT_*; FC_BMC_OUT_USD_PER_EFLOP needs a member). Reads only ctx, so
** the engine may call it from several threads.
*/
typedef struct {
  const fc_buildout_plan_in *base;
  const fc_scenario_params *member; /* NULL: no cost per EFLOP */
  const size_t *inputs;             /* k plan inputs, each < FC_BMC_NINPUTS */
  int output;                       /* FC_BMC_OUT_* */
} fc_buildout_sobol;

int fc_buildout_sobol_model(void *ctx, const double *x, size_t n, size_t k, double *y, size_t *bad_row,
                            const char **bad_field);

#endif
