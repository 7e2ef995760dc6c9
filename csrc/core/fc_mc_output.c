/* fc_mc_output.c -- the outputs of a Monte Carlo run; see fc_mc_output.h. */
#include <math.h>
#include <string.h>
#include "fc_status.h"
#include "fc_inference.h"
#include "fc_mc_output.h"

/* The serving outputs, in the order fc_inference_costs returns them, and the
   result field each is computed from. */
enum { IN_MTOK, OUT_MTOK, BLEND_MTOK, J_TOKEN, NSERVING };
static const char *const serving_names[NSERVING] = {"usd_per_mtok_input", "usd_per_mtok_output",
                                                    "usd_per_mtok_blended", "j_per_token"};
static const char *const serving_source[NSERVING] = {"usd_per_eflop", "usd_per_eflop", "usd_per_eflop",
                                                     "kwh_per_eflop"};

size_t fc_mc_output_count(void) { return fc_scenario_result_count() + NSERVING; }

const char *fc_mc_output_name(size_t i) {
  size_t nr = fc_scenario_result_count();
  if (i < nr) return fc_scenario_result_name(i);
  return i < nr + NSERVING ? serving_names[i - nr] : NULL;
}

int fc_mc_output_index(const char *name) {
  int i = name ? fc_scenario_result_index(name) : -1, k;
  if (i >= 0 || !name) return i;
  for (k = 0; k < NSERVING; k++)
    if (strcmp(name, serving_names[k]) == 0) return (int)fc_scenario_result_count() + k;
  return -1;
}

int fc_mc_output_is_serving(size_t i) {
  size_t nr = fc_scenario_result_count();
  return i >= nr && i < nr + NSERVING;
}

size_t fc_mc_output_source(size_t i) {
  if (!fc_mc_output_is_serving(i)) return i;
  return (size_t)fc_scenario_result_index(serving_source[i - fc_scenario_result_count()]);
}

int fc_mc_output_serves(const fc_compose_mix *mix) {
  return mix && !isnan(mix->prefill_share) && !isnan(mix->input_tokens) && !isnan(mix->output_tokens);
}

int fc_mc_output_value(size_t i, double src, const fc_compose_mix *mix, double *y) {
  double v[NSERVING];
  int st;
  if (!y || i >= fc_mc_output_count()) return FC_EINVAL;
  if (!fc_mc_output_is_serving(i)) { *y = src; return FC_OK; }
  if (!fc_mc_output_serves(mix)) return FC_EINVAL;
  /* the one formula (fc_compose_eval's): src stands for both sources, each
     output reads only its own */
  if ((st = fc_inference_costs(src, src, mix->prefill_share, mix->input_tokens, mix->output_tokens, &v[IN_MTOK],
                               &v[OUT_MTOK], &v[BLEND_MTOK], &v[J_TOKEN])) != FC_OK)
    return st;
  *y = v[i - fc_scenario_result_count()];
  return FC_OK;
}

int fc_mc_output_of(size_t i, const fc_scenario_result *r, const fc_compose_mix *mix, double *y) {
  if (!r || i >= fc_mc_output_count()) return FC_EINVAL;
  return fc_mc_output_value(i, fc_scenario_result_get(r, fc_mc_output_source(i)), mix, y);
}
