/*
** fc_mc_output.h -- what a Monte Carlo, tornado or Sobol run can measure: any
** field of fc_scenario_result, and, for an inference description (fc_compose_desc
** with workload = FC_WORKLOAD_INFERENCE), the serving costs
**   usd_per_mtok_input, usd_per_mtok_output, usd_per_mtok_blended, j_per_token.
** Output indices: [0, fc_scenario_result_count()) are the result fields (as
** fc_scenario_result_index gives them); the serving outputs follow, then the
** water outputs
**   water_l_per_eflop, water_onsite_l_per_eflop, water_offsite_l_per_eflop,
**   water_l_per_mtok (inference only),
** fc_compose_water_at (fc_compose.h: the scenario's own water rule) of the
** sample's kWh per EFLOP, its members' PUEs and its composition's water
** figures (wue_l_per_kwh and electricity_water_l_per_kwh, which a sample that
** recomposes may draw); water_l_per_mtok at the sample's j_per_token.
**
** A serving output is fc_inference_costs (fc_inference.h: $ per 1e18 tokens x
** 1e-12, split into input and output by the prefill share of chip time;
** J per token from kWh per 1e18 tokens) of the sample's usd_per_eflop (or
** kwh_per_eflop for j_per_token) and the serving figures of the sample's
** composition (fc_compose_mix: prefill share, input and output tokens). A
** sample that recomposes its description (an input sets a description field,
** e.g. serving.bandwidth_efficiency or workload.input_tokens) re-solves the
** serving point, so its own mix applies; otherwise the base composition's.
** The same formula as fc_compose_eval's, so a run without inputs gives the
** scenario's own $/Mtok to the last bit.
*/
#ifndef FC_MC_OUTPUT_H
#define FC_MC_OUTPUT_H

#include <stddef.h>
#include "fc_scenario.h"
#include "fc_compose.h"

/* Number of outputs: result fields, then the serving outputs. */
size_t fc_mc_output_count(void);
/* Name of output i, or NULL. */
const char *fc_mc_output_name(size_t i);
/* Index of an output by name, or -1. */
int fc_mc_output_index(const char *name);
/* 1 when output i is a serving output (needs an inference composition). */
int fc_mc_output_is_serving(size_t i);
/* The result field output i is computed from (itself for a result field). */
size_t fc_mc_output_source(size_t i);
/* 1 when mix holds an inference workload's serving figures (a serving output applies). */
int fc_mc_output_serves(const fc_compose_mix *mix);
/* 1 when output i is a water output (needs the sample's members and composition). */
int fc_mc_output_is_water(size_t i);
/* 1 when mix has both water figures (a water output applies; water_l_per_mtok
   also needs fc_mc_output_serves). */
int fc_mc_output_waters(const fc_compose_mix *mix);
/*
** *y = water output i of a sample whose kWh per EFLOP (its source, the
** result field kwh_per_eflop) is kwh_per_eflop, whose members are members[n]
** with counts (NULL when n = 1) and whose composition is mix (its water
** figures; its serving figures for water_l_per_mtok). Errors: FC_EINVAL (i not
** a water output, NULL, no water figures, water_l_per_mtok without serving
** figures), FC_EDOM (fc_compose_water_at's domain).
*/
int fc_mc_output_water(size_t i, double kwh_per_eflop, const fc_scenario_params *members, const double *counts,
                       size_t n, const fc_compose_mix *mix, double *y);
/*
** *y = output i of a sample whose source field (fc_mc_output_source) is src
** and whose composition is mix (ignored for a result field: *y = src).
** Errors: FC_EINVAL (i out of range, or no serving figures in mix), FC_EDOM
** (fc_inference_costs' domain).
*/
int fc_mc_output_value(size_t i, double src, const fc_compose_mix *mix, double *y);
/* Output i of an evaluated result r, its members[n] with counts (a water
   output's) and its composition mix (as above). */
int fc_mc_output_of(size_t i, const fc_scenario_result *r, const fc_scenario_params *members, const double *counts,
                    size_t n, const fc_compose_mix *mix, double *y);

#endif
