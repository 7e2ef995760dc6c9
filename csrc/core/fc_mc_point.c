/* fc_mc_point.c -- Monte Carlo without sampling: the model at given input values
   (fc_mc_eval_points) and the one-at-a-time tornado (fc_mc_tornado); method and
   sources in fc_mc.h. The inputs are read and set as the run does (fc_mc_inputs.h). */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "fc_status.h"
#include "fc_mc.h"
#include "fc_mc_inputs.h"

/* ---- tornado ------------------------------------------------------------- */

/* Evaluates the point where input j has the value x[j]: description inputs
   into d (a copy of spec.desc), composed, then the fc_scenario_params inputs
   as overrides; without description inputs, the base members with the
   inputs set. Every check of fc_scenario_eval applies. */
static int eval_point(const fc_mc_spec *s, fc_compose_desc *d, fc_scenario_params *work, double *counts,
                      const double *x, fc_scenario_result *r, fc_compose_mix *mix, fc_mc_error *e) {
  size_t j, bi = 0, n = s->n_members;
  const char *bad = NULL;
  int st, desc = 0;
  for (j = 0; j < s->n_inputs; j++)
    if (is_desc(s, j)) { set_desc_input(s, d, j, x[j]); desc = 1; }
  if (!desc) {
    memcpy(work, s->members, n * sizeof *work);
    for (j = 0; j < s->n_inputs; j++) set_input(s, work, &s->inputs[j], x[j]);
    if (s->serving) *mix = *s->serving;
    return eval_work(s, work, r, e);
  }
  if ((st = compose_work(d, work, counts, mix, e)) != FC_OK) return st;
  for (j = 0; j < s->n_inputs; j++)
    if (!is_desc(s, j)) set_input(s, work, &s->inputs[j], x[j]);
  st = fc_scenario_eval_mix(work, counts, n, mix->coupling, mix->penalty, r, &bi, &bad);
  return st ? model_error(e, work, bi < n ? bi : 0, bad, st) : FC_OK;
}

/* The counts of the point eval_point evaluated: its composition's when an
   input sets a description field (counts), else the base's. */
static const double *point_counts(const fc_mc_spec *s, const double *counts) {
  size_t j;
  for (j = 0; j < s->n_inputs; j++)
    if (is_desc(s, j)) return counts;
  return s->counts;
}

/* Output `output` of a point eval_point evaluated: *y, or the error (a
   non-finite output names itself). */
static int point_output(const fc_mc_spec *s, int output, const fc_scenario_result *r, const fc_scenario_params *work,
                        const double *counts, const fc_compose_mix *mix, double *y, fc_mc_error *e) {
  /* a water output's members: the point's own, as eval_point left them */
  int st = fc_mc_output_of((size_t)output, r, work, point_counts(s, counts), s->n_members, s->serving ? mix : NULL, y);
  if (st == FC_OK && !isfinite(*y)) st = FC_ERANGE;
  if (st) e->output = fc_mc_output_name((size_t)output);
  return st;
}

/* An output index a point run accepts: a result field, a serving output of
   an inference composition, or a water output of one with water figures. */
static int output_ok(const fc_mc_spec *s, int output) {
  return output >= 0 && (size_t)output < fc_mc_output_count() &&
         (!fc_mc_output_is_serving((size_t)output) || fc_mc_output_serves(s->serving)) &&
         (!fc_mc_output_is_water((size_t)output) || fc_mc_output_waters(s->serving));
}

/* Scratch of point evaluations (eval_point): working members and counts, and
   a copy of the description whose chips the inputs may change. */
typedef struct {
  fc_scenario_params *work;
  double *counts;
  fc_compose_desc d;
  fc_compose_chip *chips;
} point_scratch;

static void point_scratch_free(point_scratch *p) {
  free(p->work); free(p->counts); free(p->chips);
  p->work = NULL; p->counts = NULL; p->chips = NULL;
}

static int point_scratch_alloc(const fc_mc_spec *s, point_scratch *p) {
  memset(p, 0, sizeof *p);
  p->work = (fc_scenario_params *)malloc(s->n_members * sizeof *p->work);
  p->counts = (double *)malloc(s->n_members * sizeof *p->counts);
  if (s->desc) {
    p->d = *s->desc;
    p->chips = (fc_compose_chip *)malloc(s->n_members * sizeof *p->chips);
    if (p->chips) memcpy(p->chips, s->desc->chips, s->n_members * sizeof *p->chips);
    p->d.chips = p->chips;
  }
  if (!p->work || !p->counts || (s->desc && !p->chips)) { point_scratch_free(p); return FC_ENOMEM; }
  return FC_OK;
}

int fc_mc_eval_points(const fc_mc_spec *s, int output, const double *x, size_t n, double *y, size_t *bad_row,
                      fc_mc_error *err) {
  point_scratch ps;
  fc_scenario_result r;
  fc_compose_mix mix;
  fc_mc_error e;
  size_t i;
  int st = FC_OK;
  if (err) memset(err, 0, sizeof *err);
  memset(&e, 0, sizeof e);
  if (!s || !y || (n && !x) || !s->members || s->n_members == 0 || (s->mix && !s->counts) ||
      (!s->mix && s->n_members != 1) || (s->n_inputs && !s->inputs) || !output_ok(s, output) ||
      check_spec_inputs(s) != FC_OK)
    return FC_EINVAL;
  if (point_scratch_alloc(s, &ps) != FC_OK) return FC_ENOMEM;
  for (i = 0; i < n && st == FC_OK; i++) {
    st = eval_point(s, &ps.d, ps.work, ps.counts, x + i * s->n_inputs, &r, &mix, &e);
    if (st == FC_OK) st = point_output(s, output, &r, ps.work, ps.counts, &mix, &y[i], &e);
    if (st != FC_OK) {
      e.sample = i;
      if (bad_row) *bad_row = i;
    }
  }
  if (st && err) *err = e;
  point_scratch_free(&ps);
  return st;
}

int fc_mc_tornado(const fc_mc_spec *s, int output, double p_low, double p_high, double *base,
                  double *low, double *high, double *in_low, double *in_high, fc_mc_error *err) {
  point_scratch ps;
  fc_scenario_result r;
  fc_compose_mix mix;
  fc_mc_error e;
  double *med, *x;
  size_t i, j, n;
  int st = FC_OK;
  if (!s || !base || !low || !high) return FC_EINVAL;
  if (err) memset(err, 0, sizeof *err);
  memset(&e, 0, sizeof e);
  if (!s->members || s->n_members == 0 || (s->mix && !s->counts) || (!s->mix && s->n_members != 1) ||
      (s->n_inputs && !s->inputs) || !output_ok(s, output))
    return FC_EINVAL;
  if (check_spec_inputs(s) != FC_OK) return FC_EINVAL;
  if (!(p_low > 0.0 && p_low < p_high && p_high < 1.0)) return FC_EDOM;
  n = s->n_inputs ? s->n_inputs : 1;
  if (point_scratch_alloc(s, &ps) != FC_OK) return FC_ENOMEM;
  med = (double *)malloc(n * 4 * sizeof *med);
  if (!med) { point_scratch_free(&ps); return FC_ENOMEM; }
  x = med + 3 * n;
  for (i = 0; i < s->n_inputs && st == FC_OK; i++) {
    const fc_dist *dist = &s->inputs[i].dist;
    if (st == FC_OK) st = fc_dist_quantile(dist, 0.5, &med[3 * i]);
    if (st == FC_OK) st = fc_dist_quantile(dist, p_low, &med[3 * i + 1]);
    if (st == FC_OK) st = fc_dist_quantile(dist, p_high, &med[3 * i + 2]);
    x[i] = med[3 * i];
  }
  if (st == FC_OK && (st = eval_point(s, &ps.d, ps.work, ps.counts, x, &r, &mix, &e)) == FC_OK)
    st = point_output(s, output, &r, ps.work, ps.counts, &mix, base, &e);
  for (i = 0; i < s->n_inputs && st == FC_OK; i++) {
    for (j = 1; j <= 2 && st == FC_OK; j++) {
      x[i] = med[3 * i + j];
      if ((st = eval_point(s, &ps.d, ps.work, ps.counts, x, &r, &mix, &e)) == FC_OK)
        st = point_output(s, output, &r, ps.work, ps.counts, &mix, j == 1 ? &low[i] : &high[i], &e);
      if (st) {
        e.sample = i;
      }
    }
    if (in_low) in_low[i] = med[3 * i + 1];
    if (in_high) in_high[i] = med[3 * i + 2];
    x[i] = med[3 * i];
  }
  if (st && err) *err = e;
  free(med);
  point_scratch_free(&ps);
  return st;
}
