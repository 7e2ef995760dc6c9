/*
** fc_mc_inputs.h -- internal to the Monte Carlo engine (fc_mc.c, the run;
** fc_mc_point.c, the point evaluations of the tornado): how an input of a
** spec is checked, named and set, and how a working scenario is composed and
** evaluated with every check. Static inline, one definition for both files.
** Not installed, not part of the API.
*/
#ifndef FC_MC_INPUTS_H
#define FC_MC_INPUTS_H

#include <math.h>
#include "fc_status.h"
#include "fc_mc.h"

/* The inputs (and targets) of a spec. */
static inline int check_spec_inputs(const fc_mc_spec *s) {
  size_t i, nf = fc_scenario_field_count();
  if (s->targets && (!s->desc || !s->mix || s->desc->n_chips != s->n_members)) return FC_EINVAL;
  for (i = 0; i < s->n_inputs; i++) {
    const fc_mc_input *in = &s->inputs[i];
    if (s->targets && s->targets[i].kind != FC_MC_PARAMS) {
      const fc_mc_target *t = &s->targets[i];
      int kind = t->kind == FC_MC_CHIP ? FC_COMPOSE_CHIP : FC_COMPOSE_SCENARIO;
      if (t->kind != FC_MC_CHIP && t->kind != FC_MC_SCENARIO) return FC_EINVAL;
      if (t->field < 0 || (size_t)t->field >= fc_compose_field_count(kind)) return FC_EINVAL;
      if (t->kind == FC_MC_CHIP && (t->chips == 0 || (s->n_members < 64 && (t->chips >> s->n_members) != 0)))
        return FC_EINVAL;
      if (in->dist.kind < 0 || in->dist.kind >= FC_DIST_NKINDS) return FC_EINVAL;
      continue;
    }
    if (in->field < 0 || (size_t)in->field >= nf) return FC_EINVAL;
    if (in->member < -1 || (in->member >= 0 && (size_t)in->member >= s->n_members)) return FC_EINVAL;
    if (in->dist.kind < 0 || in->dist.kind >= FC_DIST_NKINDS) return FC_EINVAL;
  }
  return FC_OK;
}

static inline int is_desc(const fc_mc_spec *s, size_t j) {
  return s->targets && s->targets[j].kind != FC_MC_PARAMS;
}

/* Sets description input j to x in d (chips: every chip of its mask). */
static inline void set_desc_input(const fc_mc_spec *s, fc_compose_desc *d, size_t j, double x) {
  const fc_mc_target *t = &s->targets[j];
  size_t c;
  if (t->kind == FC_MC_SCENARIO) {
    *fc_compose_field_ptr(FC_COMPOSE_SCENARIO, d, (size_t)t->field) = x;
    return;
  }
  for (c = 0; c < d->n_chips && c < 64; c++)
    if ((t->chips >> c) & 1u) *fc_compose_field_ptr(FC_COMPOSE_CHIP, &d->chips[c], (size_t)t->field) = x;
}

/* The public name of input j's field, for errors. */
static inline const char *input_field_name(const fc_mc_spec *s, size_t j) {
  if (is_desc(s, j))
    return fc_compose_field_name(s->targets[j].kind == FC_MC_CHIP ? FC_COMPOSE_CHIP : FC_COMPOSE_SCENARIO,
                                 (size_t)s->targets[j].field);
  return fc_scenario_field_name((size_t)s->inputs[j].field);
}

/* Composes the description d into work/counts/mix; fills e on failure. */
static inline int compose_work(const fc_compose_desc *d, fc_scenario_params *work, double *counts, fc_compose_mix *mix,
                        fc_mc_error *e) {
  fc_compose_error ce;
  int st = fc_compose(d, work, counts, mix, &ce);
  if (st) {
    e->member = ce.chip >= 0 ? (size_t)ce.chip : 0;
    e->field = ce.field;
    e->value = ce.value;
    e->output = NULL;
  }
  return st;
}

static inline void set_input(const fc_mc_spec *s, fc_scenario_params *work, const fc_mc_input *in, double x) {
  size_t m;
  if (in->member >= 0) {
    *fc_scenario_field_ptr(&work[in->member], (size_t)in->field) = x;
    return;
  }
  for (m = 0; m < s->n_members; m++) *fc_scenario_field_ptr(&work[m], (size_t)in->field) = x;
}

/* Fills e with a model error in `field` of `member` (its value from work) and
   returns status. */
static inline int model_error(fc_mc_error *e, const fc_scenario_params *work, size_t member, const char *field,
                       int status) {
  int fi = fc_scenario_field_index(field);
  e->member = member;
  e->field = field;
  e->value = fi >= 0 ? fc_scenario_field_get(&work[member], (size_t)fi) : NAN;
  e->output = NULL;
  return status;
}

/* Evaluates the working scenario with every check; fills e on failure. */
static inline int eval_work(const fc_mc_spec *s, fc_scenario_params *work, fc_scenario_result *r,
                     fc_mc_error *e) {
  const char *bad = NULL;
  size_t bi = 0;
  int st = s->mix ? fc_scenario_eval_mix(work, s->counts, s->n_members, s->coupling, s->penalty, r,
                                         &bi, &bad)
                  : fc_scenario_eval(work, r, &bad);
  return st ? model_error(e, work, bi < s->n_members ? bi : 0, bad, st) : FC_OK;
}

#endif
