/* fc_solve.c -- see fc_solve.h for the methods and their sources. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_roots.h>
#include "fc_status.h"
#include "fc_solve.h"

/* ---- break-even ------------------------------------------------------- */

typedef struct {
  const fc_mix *a, *b;
  const fc_breakeven_spec *spec;
  fc_scenario_params *wa, *wb; /* working copies of the members */
  int status;
  const char *bad;
} be_ctx;

static int eval_side(const fc_mix *m, fc_scenario_params *work, int set, int field, double x,
                     int output, double *y, const char **bad) {
  fc_scenario_result r;
  size_t i;
  int st;
  memcpy(work, m->members, sizeof *work * m->n);
  if (set)
    for (i = 0; i < m->n; i++) *fc_scenario_field_ptr(&work[i], (size_t)field) = x;
  st = fc_scenario_eval_mix(work, m->counts, m->n, m->coupling, m->penalty, &r, NULL, bad);
  if (st) return st;
  *y = fc_scenario_result_get(&r, (size_t)output);
  return FC_OK;
}

static double be_f(double x, void *params) {
  be_ctx *c = (be_ctx *)params;
  double ya, yb;
  int st = eval_side(c->a, c->wa, c->spec->vary & FC_VARY_A, c->spec->field, x,
                     c->spec->output_a, &ya, &c->bad);
  if (!st)
    st = eval_side(c->b, c->wb, c->spec->vary & FC_VARY_B, c->spec->field, x,
                   c->spec->output_b, &yb, &c->bad);
  if (st) {
    c->status = st;
    return NAN;
  }
  return ya - yb;
}

int fc_solve_breakeven(const fc_mix *a, const fc_mix *b, const fc_breakeven_spec *spec,
                       double *x, int *iters, const char **bad_field) {
  be_ctx ctx;
  gsl_function F;
  gsl_root_fsolver *s;
  double flo, fhi, xtol;
  int it = 0, max_iter, st = FC_OK, gst;
  if (iters) *iters = 0;
  if (bad_field) *bad_field = NULL;
  if (!a || !b || !spec || !x || !a->members || !b->members || !a->n || !b->n) return FC_EINVAL;
  if (spec->field < 0 || (size_t)spec->field >= fc_scenario_field_count()) return FC_EINVAL;
  if (spec->output_a < 0 || (size_t)spec->output_a >= fc_scenario_result_count()) return FC_EINVAL;
  if (spec->output_b < 0 || (size_t)spec->output_b >= fc_scenario_result_count()) return FC_EINVAL;
  if (spec->vary < FC_VARY_A || spec->vary > FC_VARY_BOTH) return FC_EINVAL;
  if (!(isfinite(spec->lo) && isfinite(spec->hi) && spec->lo < spec->hi)) return FC_EDOM;
  xtol = spec->xtol > 0.0 ? spec->xtol : 1e-10;
  max_iter = spec->max_iter > 0 ? spec->max_iter : 100;

  memset(&ctx, 0, sizeof ctx);
  ctx.a = a; ctx.b = b; ctx.spec = spec;
  ctx.wa = (fc_scenario_params *)malloc(sizeof *ctx.wa * a->n);
  ctx.wb = (fc_scenario_params *)malloc(sizeof *ctx.wb * b->n);
  s = gsl_root_fsolver_alloc(gsl_root_fsolver_brent);
  if (!ctx.wa || !ctx.wb || !s) { st = FC_ENOMEM; goto done; }
  F.function = be_f;
  F.params = &ctx;

  flo = be_f(spec->lo, &ctx);
  fhi = be_f(spec->hi, &ctx);
  if (ctx.status) { st = ctx.status; if (bad_field) *bad_field = ctx.bad; goto done; }
  if (flo == 0.0) { *x = spec->lo; goto done; }
  if (fhi == 0.0) { *x = spec->hi; goto done; }
  if ((flo < 0) == (fhi < 0)) { st = FC_EDOM; goto done; } /* no break-even in the bracket */

  if (gsl_root_fsolver_set(s, &F, spec->lo, spec->hi) != GSL_SUCCESS) { st = FC_EDOM; goto done; }
  do {
    double xl, xh;
    it++;
    gst = gsl_root_fsolver_iterate(s);
    if (ctx.status) { st = ctx.status; if (bad_field) *bad_field = ctx.bad; goto done; }
    if (gst != GSL_SUCCESS) { st = FC_EDOM; goto done; }
    xl = gsl_root_fsolver_x_lower(s);
    xh = gsl_root_fsolver_x_upper(s);
    gst = gsl_root_test_interval(xl, xh, 0.0, xtol);
  } while (gst == GSL_CONTINUE && it < max_iter);
  if (gst != GSL_SUCCESS) st = FC_EMAXITER;
  *x = gsl_root_fsolver_root(s);
done:
  if (iters) *iters = it;
  gsl_root_fsolver_free(s);
  free(ctx.wa);
  free(ctx.wb);
  return st;
}

/* ---- linear programming (dense tableau simplex, Bland's rule) --------- */

int fc_solve_lp_max(const double *c, const double *A, const double *b, size_t m, size_t n,
                    double *x, double *objective) {
  /* tableau: m rows of [A | I | b], objective row [-c | 0 | 0] */
  size_t cols = n + m + 1, i, j, iter, max_iter = 50 * (n + m) + 100;
  double *T;
  size_t *basis;
  if (!c || !A || !b || !x || m == 0 || n == 0) return FC_EINVAL;
  for (i = 0; i < m; i++)
    if (!(isfinite(b[i]) && b[i] >= 0.0)) return FC_EINVAL;
  T = (double *)calloc((m + 1) * cols, sizeof *T);
  basis = (size_t *)malloc(m * sizeof *basis);
  if (!T || !basis) { free(T); free(basis); return FC_ENOMEM; }
  for (i = 0; i < m; i++) {
    for (j = 0; j < n; j++) T[i * cols + j] = A[i * n + j];
    T[i * cols + n + i] = 1.0;
    T[i * cols + cols - 1] = b[i];
    basis[i] = n + i;
  }
  for (j = 0; j < n; j++) T[m * cols + j] = -c[j];

  for (iter = 0; iter < max_iter; iter++) {
    size_t pc = cols, pr = m;
    double best = 0.0;
    /* Bland: the lowest-index column with a negative reduced cost enters */
    for (j = 0; j + 1 < cols; j++)
      if (T[m * cols + j] < -1e-12) { pc = j; break; }
    if (pc == cols) break; /* optimal */
    /* ratio test; ties broken by the lowest basis index (Bland) */
    for (i = 0; i < m; i++) {
      double a = T[i * cols + pc];
      if (a > 1e-12) {
        double ratio = T[i * cols + cols - 1] / a;
        if (pr == m || ratio < best - 1e-15 || (fabs(ratio - best) <= 1e-15 && basis[i] < basis[pr])) {
          best = ratio;
          pr = i;
        }
      }
    }
    if (pr == m) { free(T); free(basis); return FC_ERANGE; } /* unbounded */
    {
      double piv = T[pr * cols + pc];
      for (j = 0; j < cols; j++) T[pr * cols + j] /= piv;
      for (i = 0; i <= m; i++) {
        double f = T[i * cols + pc];
        if (i == pr || f == 0.0) continue;
        for (j = 0; j < cols; j++) T[i * cols + j] -= f * T[pr * cols + j];
      }
      basis[pr] = pc;
    }
  }
  if (iter == max_iter) { free(T); free(basis); return FC_EMAXITER; }
  for (j = 0; j < n; j++) x[j] = 0.0;
  for (i = 0; i < m; i++)
    if (basis[i] < n) x[basis[i]] = T[i * cols + cols - 1];
  if (objective) *objective = T[m * cols + cols - 1];
  free(T);
  free(basis);
  return FC_OK;
}

/* ---- chip-mix optimization --------------------------------------------- */

int fc_solve_mix(const fc_scenario_params *cands, size_t n, const double *available,
                 double budget_usd, double power_kw, double *counts, double *flop_per_h,
                 double *usd_per_h, size_t *bad_index, const char **bad_field) {
  double c[FC_SOLVE_MAX_CHIPS], cost_h[FC_SOLVE_MAX_CHIPS], *A, b[FC_SOLVE_MAX_CHIPS + 2];
  size_t i, m = 0, k;
  int st;
  if (!cands || !available || !counts || n == 0 || n > FC_SOLVE_MAX_CHIPS) return FC_EINVAL;
  if (!isfinite(budget_usd) || !isfinite(power_kw)) return FC_EDOM;
  A = (double *)calloc((n + 2) * n, sizeof *A);
  if (!A) return FC_ENOMEM;
  for (i = 0; i < n; i++) {
    fc_scenario_result r;
    if ((st = fc_scenario_eval(&cands[i], &r, bad_field)) != FC_OK) {
      if (bad_index) *bad_index = i;
      free(A);
      return st;
    }
    if (isnan(available[i])) { free(A); if (bad_index) *bad_index = i; return FC_EDOM; }
    c[i] = r.useful_flop_per_h;
    cost_h[i] = r.total_usd_per_h;
    if (budget_usd > 0) A[0 * n + i] = r.capex_usd;
    if (power_kw > 0) {
      /* facility power is provisioned for full load, not the mean draw */
      const fc_scenario_params *p = &cands[i];
      double it_kw = p->it_kw_per_accel > 0 ? p->it_kw_per_accel
                                            : p->tdp_w * p->server_power_multiple / 1000.0;
      A[(budget_usd > 0 ? 1 : 0) * n + i] = it_kw * p->pue;
    }
  }
  if (budget_usd > 0) b[m++] = budget_usd;
  if (power_kw > 0) b[m++] = power_kw;
  for (i = 0; i < n; i++) {
    if (available[i] >= 0) {
      for (k = 0; k < n; k++) A[m * n + k] = k == i ? 1.0 : 0.0;
      b[m++] = available[i];
    }
  }
  if (m == 0) { free(A); return FC_ERANGE; }
  st = fc_solve_lp_max(c, A, b, m, n, counts, flop_per_h);
  free(A);
  if (st) return st;
  if (usd_per_h) {
    double sum = 0.0;
    for (i = 0; i < n; i++) sum += counts[i] * cost_h[i];
    *usd_per_h = sum;
  }
  return FC_OK;
}
