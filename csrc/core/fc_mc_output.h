/*
** fc_mc_output.h -- what a Monte Carlo, tornado or Sobol run can measure: any
** field of fc_scenario_result, and, for an inference description (fc_compose_desc
** with workload = FC_WORKLOAD_INFERENCE), the serving costs
**   usd_per_mtok_input, usd_per_mtok_output, usd_per_mtok_blended, j_per_token.
** Output indices: [0, fc_scenario_result_count()) are the result fields (as
** fc_scenario_result_index gives them); the serving outputs follow.
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
/*
** *y = output i of a sample whose source field (fc_mc_output_source) is src
** and whose composition is mix (ignored for a result field: *y = src).
** Errors: FC_EINVAL (i out of range, or no serving figures in mix), FC_EDOM
** (fc_inference_costs' domain).
*/
int fc_mc_output_value(size_t i, double src, const fc_compose_mix *mix, double *y);
/* Output i of an evaluated result r and its composition mix (as above). */
int fc_mc_output_of(size_t i, const fc_scenario_result *r, const fc_compose_mix *mix, double *y);

#endif
