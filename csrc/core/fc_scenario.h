/*
** fc_scenario.h -- the cost chain of DESIGN.md section 1, evaluated per
** accelerator-hour of ownership, then divided by useful FLOP.
**
**  capex per accelerator = price x the shares of its basis (fc_price.h): a chip or
**    board price x S / (1 - network fraction), a server price / (1 - network
**    fraction), a system price as is; split into chip, server and network parts
**  capex $/h  = capex x recovery(method, WACC, chip life) / 8766
**  facility $/h = facility $/kW x IT kW per accelerator x CRF(WACC, facility life) / 8766
**  power W    = chip power at utilization (measured curve or idle + (TDP - idle) u,
**               or average_power_fraction x TDP when that is given)
**               x server power multiple
**  energy kWh/h = power W / 1000 x PUE;  energy $/h = kWh/h x (price + green share x green premium)
**  carbon kg/h = kWh/h x grid intensity x (1 - green share); carbon $/h = kg/1000 x carbon price
**  opex $/h   = (maintenance fraction x capex + other opex $/accelerator-year) / 8766
**  useful FLOP/h = peak FLOP/s x MFU x scaling efficiency x goodput x utilization x 3600
**  $/1e18 FLOP  = total $/h / useful FLOP/h x 1e18
**  cloud $/1e18 FLOP = rental $/h x (1 - commitment discount)
**               / (peak x MFU x scaling x goodput x 3600 x (utilization if committed, else 1)) x 1e18
**
** Sources: Epoch AI, "How much does it cost to train frontier AI models?"
** (Cottier et al. 2024) and cost_analysis_standalone.py for the server
** multiple (1.64), network share (19 %), server power multiple (1.82 for H100)
** and price-decline amortization; NREL/TP-462-5173 for the CRF; the
** straight-line-plus-interest-on-average-investment approximation of capital
** recovery is Kay, Edwards & Duffy, Farm Management (8th ed.), ch. 20.
*/
#ifndef FC_SCENARIO_H
#define FC_SCENARIO_H

#include <stddef.h>
#include "fc_energy.h"

/* How hardware capex becomes an hourly cost. */
typedef enum {
  FC_RECOVERY_ANNUITY = 0,     /* capex x CRF(wacc, life): levelized, with cost of capital */
  FC_RECOVERY_STRAIGHT_LINE,   /* capex/life + wacc x capex x (life + 1) / (2 life) */
  FC_RECOVERY_PRICE_DECLINE    /* Epoch: capex x d ln 10 per year, d = decline OOM/year */
} fc_recovery_method;

/* All inputs of one accelerator type in one place. Every double is listed in
   the field table (fc_scenario_field_*), so Monte Carlo can vary any of them. */
typedef struct {
  /* hardware capex */
  double chip_price_usd;             /* purchase price per accelerator, on price_basis */
  double price_basis;                /* what the price includes (fc_price_basis): 0 chip, 1 board,
                                        2 server_per_accelerator, 3 system_per_accelerator */
  double server_multiple;            /* server cost per accelerator / chip price (>= 1) */
  double network_fraction;           /* interconnect share of cluster capex, [0, 1) */
  double chip_life_years;            /* economic life of chips and servers */
  double wacc;                       /* real annual cost of capital, > -1 */
  double decline_oom_per_year;       /* for FC_RECOVERY_PRICE_DECLINE (0.14) */
  double recovery;                   /* fc_recovery_method, stored as a double */
  /* facility */
  double facility_usd_per_kw;        /* construction cost per kW of IT load */
  double facility_life_years;
  double it_kw_per_accel;            /* provisioned IT kW per accelerator; 0 = TDP x server power multiple */
  /* power and energy */
  double tdp_w;                      /* accelerator board power at full load */
  double idle_w;                     /* board power when idle (used without a curve) */
  double average_power_fraction;     /* > 0: mean board power = this x TDP (no curve, no
                                        utilization); 0: the curve or idle + (TDP - idle) u */
  double server_power_multiple;      /* server wall power / accelerator power (Epoch: 1.82 H100) */
  double pue;                        /* facility power / IT power, >= 1 */
  double utilization;                /* fraction of hours the accelerator is busy, (0, 1] */
  double electricity_usd_per_kwh;
  double green_share;                /* fraction of energy from zero-carbon supply, [0, 1] */
  double green_premium_usd_per_kwh;  /* extra price of that green energy */
  double grid_kg_co2_per_kwh;        /* grid carbon intensity */
  double carbon_usd_per_t;           /* carbon price per tonne CO2e */
  /* operations */
  double maintenance_fraction;       /* per year, of hardware capex */
  double other_opex_usd_per_year;    /* per accelerator: staff, network fees, insurance */
  /* performance */
  double peak_flops_per_s;           /* dense peak at the chosen precision */
  double mfu;                        /* model FLOPs utilization, (0, 1] */
  double scaling_efficiency;         /* cluster scaling, (0, 1] */
  double goodput;                    /* fraction of busy time doing useful work, (0, 1] */
  /* cloud alternative */
  double rental_usd_per_hour;        /* 0 = no cloud price known */
  double commitment_discount;        /* [0, 1) */
  double cloud_committed;            /* 1: committed hours are paid when idle too */
  /* measured power curve (read-only, shared); NULL = idle + (TDP - idle) u */
  const fc_power_curve *power_curve;
} fc_scenario_params;

/* The breakdown, per accelerator-hour of ownership and per 1e18 FLOP. */
typedef struct {
  double chip_usd_per_h, server_usd_per_h, network_usd_per_h, facility_usd_per_h;
  double energy_usd_per_h, carbon_usd_per_h, opex_usd_per_h, total_usd_per_h;
  double capex_usd;                  /* hardware capex per accelerator (chip + server + network) */
  double power_w;                    /* mean accelerator board power */
  double kwh_per_h;                  /* facility energy per accelerator-hour (incl. server, PUE) */
  double kg_co2_per_h;
  double useful_flop_per_h;
  double usd_per_eflop;              /* total cost per 1e18 useful FLOP */
  double chip_usd_per_eflop, server_usd_per_eflop, network_usd_per_eflop,
         facility_usd_per_eflop, energy_usd_per_eflop, carbon_usd_per_eflop,
         opex_usd_per_eflop;
  double kwh_per_eflop, kg_co2_per_eflop;
  double cloud_usd_per_eflop;        /* 0 when no rental price */
  double owned_to_cloud;             /* usd_per_eflop / cloud_usd_per_eflop, 0 without cloud */
} fc_scenario_result;

/* From a figure per accelerator-hour to the same figure per 1e18 useful FLOP:
   times 1e18 / useful FLOP per hour. The chain's every per-EFLOP figure is
   made so (fc_scenario.c per_eflop); so is a solved mix's (lfc_solve.c). */
static inline double fc_scenario_per_eflop_factor(double useful_flop_per_h) { return 1e18 / useful_flop_per_h; }

/* The defaults of these fields live in one table, fc_compose.c (fc_compose_params). */

/*
** Evaluates one accelerator type. Validates every field: FC_EDOM for a value
** outside its domain, with the offending field's name in *bad_field
** (may be NULL).  Errors: FC_EDOM, FC_EINVAL, FC_ERANGE.
*/
int fc_scenario_eval(const fc_scenario_params *p, fc_scenario_result *r, const char **bad_field);

/*
** The same evaluation in parts, for inner loops (Monte Carlo) that validate
** once and then check only the fields they change:
**  fc_scenario_field_ok    1 when field i of p is inside its domain
**                          (fc_scenario_field_bounds);
**  fc_scenario_power_ok    1 when idle_w <= tdp_w (the one cross-field rule);
**  fc_scenario_rates_eval  the capital recovery rates (the only pow() calls)
**                          and the capex multiple, which depend only on the
**                          fields fc_scenario_field_is_rate;
**  fc_scenario_eval_trusted the chain for a p that passed those checks, with
**                          rates from fc_scenario_rates_eval: no validation.
** fc_scenario_eval(p) = all checks, then rates, then the trusted chain, so
** both paths give bit-identical results.
*/
typedef struct {
  double capex_per_year;             /* capital charge per year per unit of capex */
  double facility_crf;               /* CRF(wacc, facility life) */
  double capex_per_chip_usd;         /* hardware capex per $ of price (fc_price_capex_shares total) */
  double chip_share, server_share, network_share; /* its parts, by price basis */
} fc_scenario_rates;

int fc_scenario_field_ok(const fc_scenario_params *p, size_t i);
/* The domain of field i as a closed interval of doubles (NaN and infinities
   fall outside), and whether it holds integers only. Errors: FC_EINVAL. */
int fc_scenario_field_bounds(size_t i, double *lo, double *hi, int *integral);
int fc_scenario_power_ok(const fc_scenario_params *p);
int fc_scenario_field_is_rate(size_t i);
/* Errors: FC_EDOM, FC_ERANGE, with "wacc" or "facility_life_years" in *bad_field. */
int fc_scenario_rates_eval(const fc_scenario_params *p, fc_scenario_rates *k, const char **bad_field);
/* Errors: FC_ERANGE (non-finite cost), a power-curve error ("power_curve"). */
int fc_scenario_eval_trusted(const fc_scenario_params *p, const fc_scenario_rates *k,
                             fc_scenario_result *r, const char **bad_field);
/* The trusted chain over p[0..n) with rates k[i * k_step] (k_step 0: one set
   for all) into r[0..n): one loop without calls, so a CPU overlaps the
   samples' dependency chains. Stops at the first error, its index in *bad_index. */
int fc_scenario_eval_trusted_n(const fc_scenario_params *p, size_t n, const fc_scenario_rates *k,
                               size_t k_step, fc_scenario_result *r, size_t *bad_index,
                               const char **bad_field);

/* The same chain, keeping only result `out` (an index of
   fc_scenario_result_name) of each scenario, in y[0..n): bit for bit that
   field of fc_scenario_eval's result (the first error as
   fc_scenario_eval_trusted_n reports it). The other figures are not stored,
   and for usd_per_eflop not computed unless the cost needs them. Errors:
   FC_EINVAL (out), as fc_scenario_eval_trusted_n. */
int fc_scenario_eval_trusted_y(const fc_scenario_params *p, size_t n, const fc_scenario_rates *k,
                               size_t k_step, size_t out, double *y, size_t *bad_index,
                               const char **bad_field);

/* The same chain over a block of n trusted scenarios given field by field:
   field f (fc_scenario_field_ptr order, which is the struct's) of scenario i
   is block[f * ld + i], ld >= n; every scenario has the power curve `curve`
   (or none) and the rates k. Result `out` into y[0..n), bit for bit what
   fc_scenario_eval_trusted_y gives for the same scenarios (one chain, read
   through a view); without a curve the headline cost is computed in one
   loop a compiler vectorises (the Monte Carlo engine's blocks), compiled
   for each instruction set of fc_simd.h: isa FC_SIMD_BEST (-1) takes the
   widest the CPU has, 0 the baseline; every one gives the same bits. Errors
   as fc_scenario_eval_trusted_y. */
int fc_scenario_eval_block_y(const double *block, size_t ld, size_t n, const fc_power_curve *curve,
                             const fc_scenario_rates *k, size_t out, double *y, size_t *bad_index,
                             const char **bad_field, int isa);

/* Evaluates n scenarios; stops at the first error and returns its index in *bad_index. */
int fc_scenario_eval_batch(const fc_scenario_params *p, size_t n, fc_scenario_result *r,
                           size_t *bad_index, const char **bad_field);

/* How chips of a mix work together. */
typedef enum {
  FC_COUPLING_POOLED = 0,  /* independent jobs: costs and FLOPs simply add */
  FC_COUPLING_LOCKSTEP     /* one synchronous job, work split by speed, penalty on FLOPs */
} fc_coupling;

/* A chip mix, THE one mix struct: counts[i] of members[i], how they work
   together and the lockstep penalty -- what fc_scenario_eval_mix takes, the
   solvers' sides (fc_solve.h) and the binding's mixes (lfc.h, lfc_mc.h). */
typedef struct {
  const fc_scenario_params *members;
  const double *counts;
  size_t n;
  fc_coupling coupling;
  double penalty;
} fc_mix;

/*
** A mix of accelerator types, counts[i] of members[i] (counts >= 0, sum > 0).
** Pooled: usd/FLOP = sum(count x $/h) / sum(count x FLOP/h).
** Lockstep: the same, with useful FLOP multiplied by (1 - penalty) when more
** than one type has a positive count (heterogeneity penalty, [0, 1)).
** r receives the count-weighted sums (per accelerator-hour of the average
** member) and the per-eflop figures of the mix.
*/
int fc_scenario_eval_mix(const fc_scenario_params *members, const double *counts, size_t n,
                         fc_coupling coupling, double penalty, fc_scenario_result *r,
                         size_t *bad_index, const char **bad_field);

/* Checks counts, coupling and penalty of a mix (the member-independent part
   of fc_scenario_eval_mix). Errors: FC_EINVAL, FC_EDOM ("count", "penalty"). */
int fc_scenario_mix_check(const double *counts, size_t n, fc_coupling coupling, double penalty,
                          size_t *bad_index, const char **bad_field);
/* fc_scenario_eval_mix for checked counts and trusted members with their rates. */
int fc_scenario_eval_mix_trusted(const fc_scenario_params *members, const fc_scenario_rates *rates,
                                 const double *counts, size_t n, fc_coupling coupling, double penalty,
                                 fc_scenario_result *r, size_t *bad_index, const char **bad_field);

/* The domains of numbers, THE one vocabulary of flopcost (rule and text):
   fc_scenario_params, the description fields of fc_compose, the catalog
   schema (fc_catalog_schema.c) and the binding's argument checks
   (lfc_util.h) all name their domains with it. Each is a closed interval of
   finite doubles (open ends use the neighbouring double, so NaN and
   infinities fall outside) and, for BOOL, METHOD, POSINT, BASIS,
   NONNEG_INT and YEAR, integrality. */
enum {
  FC_DOMAIN_POS = 0, FC_DOMAIN_NONNEG, FC_DOMAIN_FRAC, FC_DOMAIN_OPEN_UNIT, FC_DOMAIN_UNIT_OPEN_HI,
  FC_DOMAIN_RATE, FC_DOMAIN_GE1, FC_DOMAIN_BOOL, FC_DOMAIN_METHOD, FC_DOMAIN_POSINT, FC_DOMAIN_BASIS,
  FC_DOMAIN_FINITE,     /* any finite number */
  FC_DOMAIN_NONNEG_INT, /* integer >= 0 */
  FC_DOMAIN_YEAR,       /* a calendar year, integer 1940-2100 */
  FC_DOMAIN_WACC,       /* a cost of capital: -0.10 to 1.00 a year */
  FC_DOMAIN_TREND,      /* a price trend: -1 to 1 orders of magnitude a year */
  FC_DOMAIN_DAY,        /* a date (days since 1970): 2010-01-01 to 2036-12-31 */
  FC_DOMAIN_COUNT
};
/* 1 when x is inside domain k. */
int fc_scenario_domain_ok(int k, double x);
/* "positive number", "number in [0, 1)", ...; NULL for an unknown k. */
const char *fc_scenario_domain_text(int k);
/* Domain k as a closed interval of doubles and whether it holds integers
   only (as fc_scenario_field_bounds). Errors: FC_EINVAL. */
int fc_scenario_domain_bounds(int k, double *lo, double *hi, int *integral);

/* The field table: names of the double fields of fc_scenario_params. */
size_t fc_scenario_field_count(void);
const char *fc_scenario_field_name(size_t i);
/* Index of a field by name, or -1. */
int fc_scenario_field_index(const char *name);
/* Domain of field i as text ("number in (0, 1]"), for error messages. */
const char *fc_scenario_field_domain(size_t i);

/*
** Money: 1 when field i is in US dollars (chip_price_usd, facility_usd_per_kw,
** electricity_usd_per_kwh, green_premium_usd_per_kwh, carbon_usd_per_t,
** other_opex_usd_per_year, rental_usd_per_hour), else 0.  Every cost of the
** chain is linear in these and in nothing else that carries a currency, so
** multiplying them by f multiplies every money result by f: constant dollars
** (fc_convention_deflator) applied once, to the inputs.  scale_money errors:
** FC_EINVAL (NULL), FC_EDOM (factor not finite and positive).
*/
int fc_scenario_field_is_money(size_t i);
int fc_scenario_scale_money(fc_scenario_params *p, double factor);
/* Value of field i of p; NaN when i >= field_count. */
double fc_scenario_field_get(const fc_scenario_params *p, size_t i);
/* Pointer to field i of p (i < field_count). */
double *fc_scenario_field_ptr(fc_scenario_params *p, size_t i);

/* Result fields by name, for Monte Carlo outputs and the binding. */
size_t fc_scenario_result_count(void);
const char *fc_scenario_result_name(size_t i);
int fc_scenario_result_index(const char *name);
double fc_scenario_result_get(const fc_scenario_result *r, size_t i);
/* Byte offset of result field i in fc_scenario_result (i < result_count), for inner loops. */
size_t fc_scenario_result_offset(size_t i);

#endif
