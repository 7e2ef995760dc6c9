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

/* The water outputs (fc_compose_water_at's, in its order), all from kwh_per_eflop. */
enum { W_TOTAL, W_ONSITE, W_OFFSITE, W_MTOK, NWATER };
static const char *const water_names[NWATER] = {"water_l_per_eflop", "water_onsite_l_per_eflop",
                                                "water_offsite_l_per_eflop", "water_l_per_mtok"};

size_t fc_mc_output_count(void) { return fc_scenario_result_count() + NSERVING + NWATER; }

const char *fc_mc_output_name(size_t i) {
  size_t nr = fc_scenario_result_count();
  if (i < nr) return fc_scenario_result_name(i);
  if (i < nr + NSERVING) return serving_names[i - nr];
  return i < nr + NSERVING + NWATER ? water_names[i - nr - NSERVING] : NULL;
}

int fc_mc_output_index(const char *name) {
  int i = name ? fc_scenario_result_index(name) : -1, k, nr = (int)fc_scenario_result_count();
  if (i >= 0 || !name) return i;
  for (k = 0; k < NSERVING; k++)
    if (strcmp(name, serving_names[k]) == 0) return nr + k;
  for (k = 0; k < NWATER; k++)
    if (strcmp(name, water_names[k]) == 0) return nr + NSERVING + k;
  return -1;
}

int fc_mc_output_is_water(size_t i) {
  size_t nw = fc_scenario_result_count() + NSERVING;
  return i >= nw && i < nw + NWATER;
}

int fc_mc_output_waters(const fc_compose_mix *mix) {
  return mix && !isnan(mix->wue_l_per_kwh) && !isnan(mix->electricity_water_l_per_kwh);
}

int fc_mc_output_is_serving(size_t i) {
  size_t nr = fc_scenario_result_count();
  return i >= nr && i < nr + NSERVING;
}

size_t fc_mc_output_source(size_t i) {
  if (fc_mc_output_is_water(i)) return (size_t)fc_scenario_result_index("kwh_per_eflop");
  if (!fc_mc_output_is_serving(i)) return i;
  return (size_t)fc_scenario_result_index(serving_source[i - fc_scenario_result_count()]);
}

int fc_mc_output_serves(const fc_compose_mix *mix) {
  return mix && !isnan(mix->prefill_share) && !isnan(mix->input_tokens) && !isnan(mix->output_tokens);
}

int fc_mc_output_value(size_t i, double src, const fc_compose_mix *mix, double *y) {
  double v[NSERVING];
  int st;
  if (!y || i >= fc_mc_output_count() || fc_mc_output_is_water(i)) return FC_EINVAL;
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

int fc_mc_output_water(size_t i, double kwh_per_eflop, const fc_scenario_params *members, const double *counts,
                       size_t n, const fc_compose_mix *mix, double *y) {
  double w[NWATER], j_per_token = NAN;
  int st, k;
  if (!y || !fc_mc_output_is_water(i) || !fc_mc_output_waters(mix)) return FC_EINVAL;
  k = (int)(i - fc_scenario_result_count() - NSERVING);
  /* J per token by the serving outputs' one formula (fc_compose_eval's) */
  if (k == W_MTOK &&
      (st = fc_mc_output_value(fc_scenario_result_count() + J_TOKEN, kwh_per_eflop, mix, &j_per_token)))
    return st;
  if ((st = fc_compose_water_at(mix->wue_l_per_kwh, mix->electricity_water_l_per_kwh, members, counts, n,
                                kwh_per_eflop, j_per_token, &w[W_ONSITE], &w[W_OFFSITE], &w[W_TOTAL], &w[W_MTOK])))
    return st;
  *y = w[k];
  return FC_OK;
}

int fc_mc_output_of(size_t i, const fc_scenario_result *r, const fc_scenario_params *members, const double *counts,
                    size_t n, const fc_compose_mix *mix, double *y) {
  double src;
  if (!r || i >= fc_mc_output_count()) return FC_EINVAL;
  src = fc_scenario_result_get(r, fc_mc_output_source(i));
  if (fc_mc_output_is_water(i)) return fc_mc_output_water(i, src, members, counts, n, mix, y);
  return fc_mc_output_value(i, src, mix, y);
}
