/*
** fc_solve.h -- break-even values and chip-mix optimization over scenarios.
*/
#ifndef FC_SOLVE_H
#define FC_SOLVE_H

#include <stddef.h>
#include "fc_scenario.h"

/* A side of a comparison is an fc_mix (fc_scenario.h). */

/* Which side of a comparison the varied input belongs to. */
typedef enum { FC_VARY_A = 1, FC_VARY_B = 2, FC_VARY_BOTH = 3 } fc_vary;

typedef struct {
  int field;          /* index in the scenario field table (fc_scenario_field_index) */
  fc_vary vary;       /* set the field in A's members, B's, or both */
  int output_a;       /* result field of A compared (fc_scenario_result_index) */
  int output_b;       /* result field of B compared */
  double lo, hi;      /* bracket of the field's value */
  double xtol;        /* relative tolerance on the value (0 = 1e-10) */
  int max_iter;       /* 0 = 100 */
} fc_breakeven_spec;

/*
** The value x of one input in [lo, hi] at which output_a(A(x)) = output_b(B(x)),
** found with GSL's Brent-Dekker root bracketing (gsl_root_fsolver_brent;
** Brent 1973, "Algorithms for Minimization without Derivatives", ch. 4).
** Examples: the electricity price at which Guizhou and Virginia cost the same
** (vary both, each region's price field); the utilization at which owning
** beats renting (A = B, output_a usd_per_eflop, output_b cloud_usd_per_eflop).
** Errors: FC_EINVAL (bad spec), FC_EDOM (no sign change in [lo, hi]: no
** break-even there, or a scenario invalid at some x; *bad_field names it),
** FC_EMAXITER.  *iters receives the iterations used (may be NULL).
*/
int fc_solve_breakeven(const fc_mix *a, const fc_mix *b, const fc_breakeven_spec *spec,
                       double *x, int *iters, const char **bad_field);

/* Maximum number of chip types in a mix optimization. */
#define FC_SOLVE_MAX_CHIPS 64

/*
** Chip-mix optimization: choose counts x_i in [0, available_i] to maximize
** useful FLOP per hour, sum x_i f_i, subject to
**   sum x_i capex_i   <= budget_usd   (hardware capex per accelerator, incl. server and network)
**   sum x_i kw_i      <= power_kw     (provisioned facility power: IT kW at full load x PUE)
** where f_i, capex_i and kw_i come from fc_scenario_eval of each candidate.
** A linear program solved exactly by the bounded simplex method
** (Dantzig 1963; tableau form with Bland's anti-cycling rule, Chvatal 1983,
** "Linear Programming", ch. 3). budget_usd or power_kw <= 0 means no limit;
** available_i < 0 means unlimited (then some other limit must bind).
** Outputs: counts[n], *flop_per_h (total), *usd_per_h (total cost per hour).
** Errors: FC_EINVAL, FC_EDOM (an invalid candidate, named in *bad_field, with
** *bad_index), FC_ERANGE (unbounded: no limit binds), FC_EMAXITER.
*/
int fc_solve_mix(const fc_scenario_params *cands, size_t n, const double *available,
                 double budget_usd, double power_kw, double *counts, double *flop_per_h,
                 double *usd_per_h, size_t *bad_index, const char **bad_field);

/*
** Maximizes sum c_j x_j subject to A x <= b (m rows, b >= 0), 0 <= x_j.
** A is m x n row-major. Dense tableau simplex with Bland's rule.
** Errors: FC_EINVAL, FC_ENOMEM, FC_ERANGE (unbounded), FC_EMAXITER.
*/
int fc_solve_lp_max(const double *c, const double *A, const double *b, size_t m, size_t n,
                    double *x, double *objective);

#endif
