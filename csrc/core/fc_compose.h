/*
** fc_compose.h -- the one path from a scenario DESCRIPTION to the evaluable
** members of fc_scenario (DESIGN.md section 1, "One path").
**
** A description holds every number a scenario starts from, as the catalog and
** the user give them, before any of them is combined: the region's figures in
** its own currency, each chip of the mix (price, power, peak at the chosen
** precision, grey-market premium, the inputs of its yield chain), the parts of
** the cost of capital, the inputs of goodput and of a published run's MFU, the
** mix's coupling and penalty, the job, the currency of the results, and
** overrides of any fc_scenario_params field (for the scenario, or per chip).
** Catalog lookups by NAME stay outside (the Lua layer resolves "H100-SXM" to
** its numbers); everything from numbers to parameters happens here, once,
** with one table of defaults (fc_compose.c, each with its source).
**
** Every number is a double in a field table, addressed by a public name (the
** option path a user writes: "wacc_parts.cost_of_debt",
** "manufacturing.defect_density_per_cm2", "region.electricity_price_per_kwh"),
** so the binding reads descriptions generically and Monte Carlo can put a
** distribution on any of them (fc_mc.h, fc_mc_target). NaN means "not given":
** the default of the table applies, or the step that needs it is skipped.
**
** Adding a field (for a helper extending the model):
**   1. add the double to fc_compose_desc (scenario-wide) or fc_compose_chip
**      (per chip) below, with its unit in the name and a comment;
**   2. add one row to scenario_fields[] or chip_fields[] in fc_compose.c:
**      public name, offset, domain (fc_scenario_domain), default (NAN: none)
**      and the default's source in a comment;
**   3. use it in fc_compose (or a step it calls); the binding
**      (core.scenario.compose / eval_desc, lfc_scenario.c) and Monte Carlo
**      pick it up from the table with no further change.
** Non-numeric inputs (a name, a power curve) are resolved by the caller into
** numbers or pointers of the description.
*/
#ifndef FC_COMPOSE_H
#define FC_COMPOSE_H

#include <stddef.h>
#include "fc_scenario.h"
#include "fc_yield.h"
#include "fc_inference.h"
#include "fc_serve.h"

/* One chip type of the mix, as the catalog gives it. */
typedef struct {
  double count;                      /* share or count in the mix, >= 0 */
  /* catalog figures */
  double price_usd;                  /* NaN: none (manufacturing or an override must give it) */
  double price_basis;                /* what price_usd includes (fc_price_basis); NaN: chip */
  double tdp_w;
  double idle_w;                     /* NaN: tdp_w x the default idle share */
  double peak_flops_per_s;           /* dense peak at the scenario's precision */
  double server_multiple, server_power_multiple, rental_usd_per_hour; /* NaN: core defaults */
  double premium;                    /* grey-market premium on the price, fraction; NaN: none */
  /* the yield chain (used when manufactured = 1): wafer -> good dies ->
     package (HBM, substrate, bonding, test) -> x (1 + markup) */
  double manufactured;               /* 1: the price comes from the chain below */
  double wafer_cost_usd, wafer_diameter_mm, edge_exclusion_mm, scribe_mm;
  double defect_density_per_cm2;     /* D0 of the process */
  double alpha;                      /* clustering of the negative binomial yield model */
  double die_area_mm2;               /* total logic area, split evenly over `dies` */
  double dies;                       /* logic dies per package */
  double yield;                      /* reported die yield; NaN: the model's */
  double substrate_usd, bonding_yield;
  double hbm_stacks, hbm_gb_per_stack, hbm_usd_per_gb;
  double assembly_usd, test_usd;
  double markup;                     /* price = cost x (1 + markup) */
  /* overrides of the composed parameters for this chip (NaN: not set) */
  fc_scenario_params over;
  const fc_power_curve *power_curve; /* NULL: idle + (TDP - idle) u */
  /* for an inference workload (NaN: not given) */
  double memory_gb, memory_bandwidth_gbs;
  double interconnect_gbs;           /* scale-up link, both directions; NaN: none (serves alone) */
  double node_chips;                 /* chips per scale-up domain; NaN: the group shares the link */
  double scaleout_gbs;               /* scale-out NIC per chip, one direction, GB/s; NaN: none */
  double attention_flops_per_s;      /* 16-bit dense peak for the attention core; NaN: peak_flops_per_s */
  fc_serve_pin serve_pin;            /* a layout fixed in advance (fc_serve.h; group 0: search), set by
                                        a Monte Carlo from its base point (fc_compose_serve_pins) */
} fc_compose_chip;

/* The whole description. */
typedef struct {
  /* region figures; electricity in the region's currency */
  double electricity_price_per_kwh;
  double fx_per_usd;                 /* units of the region's currency per USD */
  double pue, facility_usd_per_kw, wacc, grid_kg_co2_per_kwh, green_share, carbon_usd_per_t;
  /* water (fc_buildout_water): litres per kWh of IT energy on site (WUE) and
     per kWh of the grid's electricity off site; NaN: the water results are NaN */
  double wue_l_per_kwh, electricity_water_l_per_kwh;
  /* a build-out before the chips run (fc_compose_build; the plan of
     fc_buildout.h): build_it_mw NaN: none. Months from the decision to build;
     bridge, chips_at_start and spend (0 linear, 1 s-curve) are 0/1; rate NaN:
     each member's composed wacc */
  double build_it_mw, build_construction_months, build_equipment_lead_months, build_grid_months;
  double build_bridge, build_bridge_months, build_bridge_capex_usd_per_kw, build_heat_rate_mmbtu_per_mwh;
  double build_fuel_usd_per_mmbtu, build_kg_co2_per_mmbtu, build_bridge_load_factor;
  double build_chips_at_start, build_chip_decline_per_year, build_spend, build_rate;
  /* cost of capital from its parts (all three of the first given: replaces wacc) */
  double debt_fraction, cost_of_debt, cost_of_equity, tax_rate, inflation;
  /* cloud commitment discount (NaN: on demand) */
  double commitment_discount;
  /* goodput from failures, Young/Daly over the cluster (mtbf_h NaN: none) */
  double checkpoint_s, restart_s, mtbf_h, goodput_chips;
  /* MFU a published run achieved (run_gpu_hours NaN: none) */
  double run_params, run_active_params, run_tokens, run_gpu_hours, run_peak_flops_per_s;
  /* the mix */
  double coupling;                   /* fc_coupling as a double */
  double heterogeneity_penalty;
  /* the job (all optional) */
  double job_flops, job_params, job_active_params, job_tokens;
  double job_chips;                  /* accelerators of the job (cluster_size wins when both are given) */
  double cluster_size;               /* accelerators running the job */
  double job_chip_hours;             /* reported accelerator-hours instead of FLOP (job.chip_hours) */
  /* the convention of the figures (fc_convention.h) and its inputs */
  double convention;                 /* fc_convention as a double; NaN: all-in */
  double convention_pue, convention_electricity_usd_per_kwh, convention_average_power_fraction;
  /* results also in this currency (NaN: USD only) */
  double currency_per_usd;
  /* constant dollars: the year to state money in and the year of the nominal
     prices (NaN: nominal); fc_convention_deflator, applied to every money input */
  double usd_year, usd_from_year;
  /* the workload: 0 training (useful FLOP), 1 inference (tokens, fc_inference.h);
     for inference, the model, the requests, the latency targets (NaN: none),
     the serving group (NaN: the best of 1, 2, 4, 8) and the serving figures */
  double workload;
  fc_llm model;
  fc_infer_params serve;             /* NaN fields: fc_inference_defaults */
  double ttft_s, tpot_s;
  /* the load (NaN: none, the most throughput) and the serving mode
     (disaggregated NaN: the better of the two), fc_serve.h */
  double arrival_rate_per_s, concurrency, disaggregated;
  /* overrides of the composed parameters for every chip (NaN: not set) */
  fc_scenario_params over;
  /* the chips */
  fc_compose_chip *chips;
  size_t n_chips;
} fc_compose_desc;

/* What fc_compose produces besides the members. */
typedef struct {
  fc_coupling coupling;
  double penalty;
  double job_flops;                  /* NaN: no job */
  double cluster_size;               /* NaN: not given */
  double currency_per_usd;           /* NaN: USD only */
  double usd_factor;                 /* constant dollars: the deflator applied to the money inputs (1: nominal) */
  /* inference workload (NaN for training): count-weighted over the chips */
  double input_tokens, output_tokens;
  double prefill_share;              /* share of serving chip time in prefill */
  double tokens_per_s_per_chip, output_tokens_per_s_per_chip, batch, group, ttft_s, tpot_s;
  double bound;                      /* fc_infer_bound of the chip with the largest count */
  /* set by fc_compose_eval for inference ($ per million tokens, J per token at the meter) */
  double usd_per_mtok_input, usd_per_mtok_output, usd_per_mtok_blended, j_per_token;
  double weight_, top_count_;        /* internal to fc_compose */
  /* the job's figures, set by fc_compose_eval (fc_compose_job) when job_flops is known, else NaN:
     cost = FLOP / 1e18 x $/EFLOP; accelerator-hours of ownership = FLOP / useful FLOP per hour;
     MWh and tCO2 = FLOP / 1e18 x per-EFLOP kWh and kg / 1000; days = hours / cluster_size / 24
     (fc_training_days; NaN without a cluster size); cloud cost = FLOP / 1e18 x cloud $/EFLOP
     (NaN without a rental price) */
  double job_cost_usd, job_chip_hours, job_mwh, job_t_co2, job_days, job_cloud_cost_usd;
  /* water, set by fc_compose_eval when both water figures are known, else NaN
     (fc_compose_water): litres per 1e18 useful FLOP on site (IT energy x WUE),
     off site (facility energy x the grid's water intensity) and their sum;
     for inference, litres per million tokens (blended, at j_per_token) */
  double water_onsite_l_per_eflop, water_offsite_l_per_eflop, water_l_per_eflop, water_l_per_mtok;
  /* the description's water figures, copied by fc_compose: a Monte Carlo sample's
     composition carries those its water outputs use (fc_mc_output.h) */
  double wue_l_per_kwh, electricity_water_l_per_kwh;
  /* the build-out, set by fc_compose (fc_compose_build) when build_it_mw is
     given, else NaN: months from the decision to power and to the grid,
     months on bridge power, what power waited on (fc_power_dates), the site's
     construction capex, its interest during construction and while waiting
     for power (at the first member's facility cost and rate), the facility
     cost per kW with that interest, bridge capex, fuel and tCO2, the chips'
     price at power over their price at the decision (the first member's),
     and the months chips bought at the decision sit idle */
  double time_to_power_months, grid_months, bridge_run_months, waiting_on;
  double construction_capex_usd, construction_capex_usd_per_mw, idc_usd, facility_usd_per_kw_at_energization;
  double bridge_capex_usd, bridge_fuel_usd, bridge_t_co2, chip_price_factor, idle_chip_months;
} fc_compose_mix;

/* The workload values of fc_compose_desc.workload. */
enum { FC_WORKLOAD_TRAINING = 0, FC_WORKLOAD_INFERENCE = 1 };

/* Where composition failed: the field (public name), the chip (0-based, or
   -1 for a scenario-wide field) and its value. */
typedef struct {
  const char *field;
  const char *domain;                /* what was expected, or NULL */
  int chip;
  double value;
  double limit;                      /* inference: the tightest achievable target, or
                                        the memory the model needs (bytes); else NaN */
} fc_compose_error;

/* An empty description: every field NaN (not given), no chips. */
void fc_compose_desc_init(fc_compose_desc *d);
/* An empty chip: every field NaN, count 1, no curve. */
void fc_compose_chip_init(fc_compose_chip *c);

/*
** Composes d into members[d->n_chips] (caller-allocated), counts[d->n_chips]
** and *mix. Checks every given field against its domain first, then each
** step's own rules (a die larger than the wafer, a job without FLOPs).
** Errors: FC_EINVAL (NULL, no chips), FC_EDOM (err says where), FC_ERANGE.
** The members still go through fc_scenario_eval's checks when evaluated.
*/
int fc_compose(const fc_compose_desc *d, fc_scenario_params *members, double *counts,
               fc_compose_mix *mix, fc_compose_error *err);
/*
** The layout each chip of an inference description serves with (its best
** point, as fc_compose finds it) into pins[d->n_chips]: a Monte Carlo whose
** inputs re-serve every sample pins them (fc_compose_chip.serve_pin) so each
** sample re-times that layout instead of searching them all. A training
** description leaves every pin empty (group 0). Errors: as fc_compose.
*/
int fc_compose_serve_pins(const fc_compose_desc *d, fc_serve_pin *pins, fc_compose_error *e);

/* Every given field of d inside its domain (the first check of fc_compose).
   Errors: FC_EDOM (e names the field). */
int fc_compose_check(const fc_compose_desc *d, fc_compose_error *e);

/* The yield chain of one chip alone: its manufactured price (before any
   premium) and the package breakdown (pkg may be NULL). Errors as fc_compose. */
int fc_compose_manufacture(const fc_compose_chip *c, double *price_usd, fc_package_result *pkg,
                           fc_compose_error *e);

/* The job figures of m (see fc_compose_mix) from an evaluated result r; all
   NaN when m->job_flops is NaN. Errors: FC_EINVAL (NULL). */
int fc_compose_job(const fc_scenario_result *r, fc_compose_mix *m);

/* The water figures of m (see fc_compose_mix) from the evaluated mix r of
   members[n] with counts (their PUEs give the IT share of the facility
   energy), for the description's water figures; all NaN when either figure
   is NaN. Errors: FC_EINVAL (NULL), FC_EDOM. */
int fc_compose_water(const fc_compose_desc *d, const fc_scenario_params *members, const double *counts, size_t n,
                     const fc_scenario_result *r, fc_compose_mix *m);
/* The one water rule behind fc_compose_water and the Monte Carlo's water
   outputs: litres per EFLOP on site, off site and in all, and per million
   tokens (at j_per_token; NaN when it is NaN), for the water figures wue and
   elec (litres per kWh), members[n] with counts (NULL when n = 1: no mix) and
   their kWh per EFLOP at the meter. All NaN when wue or elec is NaN. Any
   output pointer may be NULL. Errors: FC_EINVAL (NULL members, n = 0, or
   NULL counts with n > 1), FC_EDOM (fc_buildout_water's domain). */
int fc_compose_water_at(double wue_l_per_kwh, double electricity_water_l_per_kwh, const fc_scenario_params *members,
                        const double *counts, size_t n, double kwh_per_eflop, double j_per_token,
                        double *onsite_l_per_eflop, double *offsite_l_per_eflop, double *l_per_eflop,
                        double *l_per_mtok);

/* The build-out of d applied to the composed members[n] (fc_compose calls it
   last): each member's chip price and facility cost per kW become those power
   arrives with (fc_buildout_plan: chips carried at the cost of capital or
   bought at the declined price; facility cost plus its interest), and m's
   build-out figures are set (all NaN without build_it_mw). Errors:
   FC_EINVAL (NULL), FC_EDOM (e names the build field). */
int fc_compose_build(const fc_compose_desc *d, fc_scenario_params *members, size_t n, fc_compose_mix *m,
                     fc_compose_error *e);

/* Water per million tokens of a serving point (fc.inference.serve) whose
   chips draw board_j_per_token at the board: facility energy = board J x the
   server power multiple x PUE (the description's, else the defaults of
   fc_compose_params), then fc_buildout_water's convention; both NaN when
   either water figure of d is NaN. Errors: FC_EINVAL (NULL), FC_EDOM. */
int fc_compose_water_serve(const fc_compose_desc *d, double board_j_per_token, double *onsite_l_per_mtok,
                           double *offsite_l_per_mtok);

/* Composes and evaluates in one call: the result of the mix (and the job's figures). */
int fc_compose_eval(const fc_compose_desc *d, fc_scenario_result *r, fc_compose_mix *mix,
                    fc_compose_error *err);

/* The field tables. kind: FC_COMPOSE_SCENARIO or FC_COMPOSE_CHIP. */
enum { FC_COMPOSE_SCENARIO = 0, FC_COMPOSE_CHIP = 1 };
size_t fc_compose_field_count(int kind);
const char *fc_compose_field_name(int kind, size_t i);
/* Index of a field by public name, or -1. */
int fc_compose_field_index(int kind, const char *name);
/* Domain text of field i ("positive number"), and its default (NaN: none). */
const char *fc_compose_field_domain(int kind, size_t i);
double fc_compose_field_default(int kind, size_t i);
/* Pointer to field i of a description (kind SCENARIO) or a chip (kind CHIP). */
double *fc_compose_field_ptr(int kind, void *obj, size_t i);
/* The domain of field i as fc_scenario_field_bounds gives it. Errors: FC_EINVAL. */
int fc_compose_field_bounds(int kind, size_t i, double *lo, double *hi, int *integral);
/* 1 when x is inside the domain of field i (NaN, "not given", is inside). */
int fc_compose_field_ok(int kind, size_t i, double x);

/*
** The raw-parameter door: fc_scenario_params options (core.scenario.eval,
** params, eval_mix, Monte Carlo's raw scenarios, solve{members}) over the
** same table of defaults as fc_compose (fc_compose.c param_defaults, each
** with its source). fc_compose_params_init sets every field of *given to NaN
** (not given) and no curve; fc_compose_params fills *p with the defaults,
** then the given fields and curve; an idle_w not given is fc_compose_idle_w
** of the TDP, as in a composed scenario. Prices, TDP and peak FLOP/s not
** given stay 0 (fc_scenario_eval rejects TDP and peak 0).
*/
void fc_compose_params_init(fc_scenario_params *given);
/* The source of a core field's default (param_defaults), or NULL when the field has
   none (prices, TDP, peak FLOP/s, rental, green share, carbon and opex are 0: none). */
const char *fc_compose_default_source(const char *field);
void fc_compose_params(const fc_scenario_params *given, fc_scenario_params *p);

/* A chip's idle board power: idle_w when given (not NaN), else the default
   share of tdp_w (the one rule, used by fc_compose and the inference binding). */
double fc_compose_idle_w(double tdp_w, double idle_w);

/* Named commitment terms ("none", "1y", "3y") to their discounts; -1 if unknown. */
double fc_compose_commitment(const char *name);

/* Defaults that NAME catalog entries or options (the Lua layer looks the
   names up in the catalog; the numbers they lead to stay in models/). One
   table in fc_compose.c beside the numeric one, each with its source:
     "precision"                 the precision of a chip's peak figure
     "precision.fallback.<p>"    the precision whose figure stands in when a
                                 chip has no <p> figure
     "manufacturing.packaging", "manufacturing.hbm", "price_trend", ...
   fc_compose_named_default: the value for a key, or NULL. */
size_t fc_compose_named_count(void);
const char *fc_compose_named_key(size_t i);
const char *fc_compose_named_value(size_t i);
const char *fc_compose_named_default(const char *key);

#endif
