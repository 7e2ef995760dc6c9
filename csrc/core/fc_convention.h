/*
** fc_convention.h -- the accounting conventions of published cost and energy
** figures, as rules on the parameters of the cost chain (fc_scenario.h).
**
**  all-in      flopcost's own model (the default): capex by basis, annuity at the
**              WACC over the chip life, facility, energy from the power curve,
**              carbon, opex.
**  epoch       Epoch AI's amortized hardware + energy cost ("How much does it cost
**              to train frontier AI models?", Cottier et al. 2024;
**              cost_analysis_standalone.py, estimate_hardware_capex_energy_cost):
**                hardware $/h = value x 0.14 ln 10 / 8766, value = the price of
**                  the chip (x the server multiple when quoted bare, x 1/(1-0.19)
**                  for the interconnect) at the start of training
**                energy kWh/h = TDP x server power multiple x 0.75 (TPU: 0.43)
**                  x PUE (1.1 for Google, DeepMind, Microsoft, Amazon, Meta,
**                  Facebook; 1.25 otherwise) at the US industrial electricity
**                  price of the year
**              and nothing else: no facility, opex, carbon price or idle hours.
**  model-card  the energy and CO2 arithmetic of model cards and papers (Llama 2/3
**              cards, Patterson et al. 2021 for GPT-3, Luccioni et al. 2022 for
**              BLOOM): accelerator-hours x board power x PUE, x grid intensity;
**              board power = TDP (x average_power_fraction when given), no server
**              overhead, no power curve. Costs other than energy are all-in.
** Each rule is applied after the catalog and defaults and before the user's
** explicit fields, so a user can still state a PUE or a price.
*/
#ifndef FC_CONVENTION_H
#define FC_CONVENTION_H

#include "fc_scenario.h"

typedef enum {
  FC_CONVENTION_ALL_IN = 0,
  FC_CONVENTION_EPOCH,
  FC_CONVENTION_MODEL_CARD,
  FC_CONVENTION_COUNT
} fc_convention;

/* Epoch AI's constants (cost_analysis_standalone.py) */
#define FC_EPOCH_SERVER_MULTIPLE 1.64       /* server cost / GPU price, GPUs other than the A100 (1.66) */
#define FC_EPOCH_SERVER_POWER_MULTIPLE 1.8  /* server power / GPU TDP, other GPUs (H100 1.82, A100 2.03) */
#define FC_EPOCH_MFU 0.375                  /* MFU when the run does not report one */
#define FC_EPOCH_NETWORK_FRACTION 0.19      /* CLUSTER_INTERCONNECT_COST_FRACTION */
#define FC_EPOCH_AVERAGE_POWER_FRACTION 0.75 /* server_TDP_fraction, GPUs */
#define FC_EPOCH_AVERAGE_POWER_FRACTION_TPU 0.43 /* server_TDP_fraction, TPUs */
#define FC_EPOCH_PUE_HYPERSCALE 1.1
#define FC_EPOCH_PUE_OTHER 1.25

/* "all-in", "epoch", "model-card" -> *conv. Errors: FC_EINVAL (NULL), FC_ENOTFOUND. */
int fc_convention_parse(const char *name, int *conv);
/* The name of a convention; NULL when out of range. */
const char *fc_convention_name(int conv);

/* Epoch AI's PUE for a developer (power_usage_effectiveness): 1.1 when the
   name contains google, deepmind, microsoft, amazon, meta or facebook (any
   case), else 1.25 (also for NULL). */
double fc_convention_epoch_pue(const char *organization);

/*
** Average US industrial electricity price of a year, USD per kWh, 2010..2025
** (Epoch AI's energy_price table from EIA; FIGURES.md: 8.32 c 2022, 8.06 c
** 2023, 7.71 c 2024). Errors: FC_EDOM (a year outside the table).
*/
int fc_convention_us_industrial_usd_per_kwh(int year, double *usd_per_kwh);

/*
** The US producer price index for data processing, hosting and related
** services (BLS series PCU518210518210, December 2000 = 100), the annual
** mean of the monthly values, 2010..2025 (2025: January-June, the months
** published in Epoch AI's copy). Epoch AI states its costs in constant
** dollars with this index (cost_analysis_standalone.py PRICE_INDEX_SERIES;
** data/PCU518210518210.csv, commit 263c40a, from FRED). Values, annual means
** [D] of FRED's monthly figures [P]: 2010 104.350, 2015 107.117, 2019 110.792,
** 2020 114.050, 2023 118.126, 2024 119.599. Errors: FC_EINVAL (NULL),
** FC_EDOM (a year outside the table).
** Constant dollars of year Y from nominal dollars of year X: x PPI(Y) / PPI(X).
*/
int fc_convention_ppi_data_processing(int year, double *index);

/*
** The factor that restates nominal dollars of from_year in constant dollars
** of usd_year: PPI(usd_year) / PPI(from_year) with the index above (Epoch AI's
** rule).  THE one place of the rule: fc_compose applies it to every money
** input of a scenario (fc_scenario_scale_money), so every door -- a result,
** Monte Carlo, tornado, Sobol, compare's cells and intervals -- reads constant
** dollars.  Errors: FC_EINVAL (NULL), FC_EDOM (a year outside the table;
** *bad_year, may be NULL, says which: 0 usd_year, 1 from_year).
*/
int fc_convention_deflator(int usd_year, int from_year, double *factor, int *bad_year);

/*
** Applies convention `conv` to the parameters p of one chip (after the catalog
** and defaults, before the user's fields). pue, electricity_usd_per_kwh and
** average_power_fraction are the convention's inputs (NaN: keep p's, or the
** convention's default draw: 0.75 for epoch, 1 = TDP for model-card):
**  epoch:      price-decline recovery at 0.14 OOM/y, network 0.19, no facility,
**              opex or carbon price, utilization 1 (the hours are training hours),
**              mean draw = fraction x TDP, PUE and electricity as given;
**  model-card: board power = fraction x TDP, no server power overhead,
**              utilization 1, location-based CO2 (green share 0); PUE as given;
**  all-in:     nothing.
** Errors: FC_EINVAL (NULL p, unknown convention).
*/
int fc_convention_apply(int conv, double pue, double electricity_usd_per_kwh, double average_power_fraction,
                        fc_scenario_params *p);

#endif
