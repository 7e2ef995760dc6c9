/*
** fc_buildout.h -- building capacity before it runs: construction spend and
** the interest it accrues, when power arrives (grid, equipment, bridge power
** on site), what chips bought early cost while they wait, and water.
**
** Interest during construction (IDC; "allowance for funds used during
** construction" in utility accounting, FERC Uniform System of Accounts,
** 18 CFR 101, Electric Plant Instructions 3(17); NREL SAM's construction
** financing charges interest on monthly draws the same way): the capex is
** drawn in monthly amounts d_m at the end of month m = 1..M and compounds
** monthly at i = rate / 12 until the end of month M (energization):
**     IDC = sum_m d_m ((1 + i)^(M - m) - 1)
** Spend curves: "linear" d_m = C / M; "s-curve" d_m = C (F(m/M) - F((m-1)/M))
** with F(x) = 3x^2 - 2x^3, the CDF of Beta(2, 2): spend slow at the start and
** the end, fastest mid-way (the S-shaped cumulative cost curve of
** construction cash flow; a modelling choice, stated as such).
**
** Time to power: energization = max(construction, equipment lead time, grid
** connection) without bridge power; with bridge power on site it is
** max(construction, equipment lead time, bridge permitting + installation),
** and the bridge runs until the grid arrives.
** Bridge power cost: capex per kW x kW, plus fuel = energy x heat rate x
** fuel price; CO2 = fuel energy x 53.06 kg/MMBtu (US EPA, "Emission Factors
** for Greenhouse Gas Inventories", 2024, natural gas).
**
** Chips bought at decision time wait `idle` months for power: their cost at
** energization is price (1 + r)^(idle/12) (the capital tied up, at the cost
** of capital r); bought at energization they cost price (1 - d)^(idle/12)
** with d the yearly price decline of that chip.
**
** Water (the convention README states): on site = IT energy x WUE (litres
** per kWh of IT energy, The Green Grid, "Water Usage Effectiveness (WUE)",
** White Paper 35, 2011); off site = facility energy (IT x PUE) x the water
** intensity of the grid's electricity (litres per kWh generated).
*/
#ifndef FC_BUILDOUT_H
#define FC_BUILDOUT_H

#include <stddef.h>

typedef enum { FC_SPEND_LINEAR = 0, FC_SPEND_SCURVE } fc_spend_curve;

/* Monthly draws d[0..months-1] of capex_usd under a spend curve.
   capex_usd >= 0, 1 <= months <= FC_BUILDOUT_MAX_MONTHS. Errors: FC_EDOM, FC_EINVAL. */
#define FC_BUILDOUT_MAX_MONTHS 600u
int fc_buildout_spend(double capex_usd, size_t months, fc_spend_curve curve, double *draw);

/* Interest accrued on the draws until the end of the last month; rate per
   year in [0, 1] (compounded monthly at rate/12). Errors: FC_EDOM, FC_EINVAL. */
int fc_buildout_idc(double capex_usd, size_t months, double rate, fc_spend_curve curve, double *idc_usd);

typedef struct {
  double construction_months;      /* build time of the facility, > 0 */
  double equipment_lead_months;    /* transformers, switchgear, >= 0 */
  double grid_months;              /* until the utility connects the load, >= 0 */
  double bridge_months;            /* permitting + installing bridge power, >= 0 */
  int bridge;                      /* 0: none; 1: bridge power until the grid arrives */
} fc_power_timeline;

typedef struct {
  double energized_months;         /* from the decision to the first power */
  double grid_months;              /* from the decision to the grid */
  double bridge_run_months;        /* months on bridge power (0 without) */
  int waiting_on;                  /* 0 construction, 1 equipment, 2 grid, 3 bridge */
} fc_power_dates;

int fc_buildout_time_to_power(const fc_power_timeline *t, fc_power_dates *d);
/* What power waited on by name ("construction", "equipment", "grid",
   "bridge"), or "?" outside 0..3. */
const char *fc_buildout_waiting_name(int waiting_on);

typedef struct {
  double capex_usd_per_kw;         /* bridge plant, >= 0 */
  double heat_rate_mmbtu_per_mwh;  /* fuel energy per MWh of electricity, > 0 */
  double fuel_usd_per_mmbtu;       /* >= 0 */
  double kg_co2_per_mmbtu;         /* 53.06 for natural gas (EPA 2024) */
} fc_bridge_plant;

/* Bridge power for kw over months at a load factor in [0, 1]: capex, fuel
   and CO2. Errors: FC_EDOM, FC_EINVAL. */
int fc_buildout_bridge_cost(const fc_bridge_plant *p, double kw, double months, double load_factor,
                            double *capex_usd, double *fuel_usd, double *t_co2);

/* Chip cost at energization when bought `idle_months` earlier (carry at the
   yearly cost of capital r > -1) and when bought at energization (yearly
   price decline d in [0, 1)). Errors: FC_EDOM, FC_EINVAL. */
int fc_buildout_idle_chips(double price_usd, double idle_months, double r, double d, double *bought_early_usd,
                           double *bought_late_usd);

/* Water for an amount of facility energy (IT x PUE, as the scenario's
   kwh_per_eflop): on site = facility_kwh / pue x WUE, off site = facility_kwh
   x the grid's water intensity, litres. facility_kwh, wue, elec_l_per_kwh >= 0,
   pue >= 1. Errors: FC_EDOM, FC_EINVAL. */
int fc_buildout_water(double facility_kwh, double pue, double wue_l_per_kwh, double elec_l_per_kwh,
                      double *onsite_l, double *offsite_l);

/*
** A whole build-out at once (what fc.buildout.plan and `flopcost buildout`
** show): the facility of it_kw is drawn over construction_months on a spend
** curve and carries interest until energization (IDC on construction_months
** of draws, then simple carry of the whole capex at `rate` for the months
** the finished site waits for power); chips are bought at the decision
** (carried until energization) or at energization (at the declined price);
** bridge power runs from energization to the grid.
*/
typedef struct {
  double it_kw;                      /* critical IT load, > 0 */
  double facility_usd_per_kw;        /* construction capex per kW of IT, >= 0 */
  double rate;                       /* cost of capital for construction, per year, in [0, 1] */
  fc_spend_curve spend;
  fc_power_timeline timeline;        /* construction, equipment, grid, bridge months */
  fc_bridge_plant plant;             /* used when timeline.bridge */
  double bridge_load_factor;         /* in [0, 1] */
  double chip_price_usd;             /* >= 0 */
  double chip_decline_per_year;      /* in [0, 1) */
  int chips_at_start;                /* 1: bought at the decision, 0: at energization */
  /* the site's water figures (NaN: none); fc_buildout_plan ignores them, the
     Monte Carlo's water output (fc_buildout_mc.h) draws and uses them */
  double wue_l_per_kwh, electricity_water_l_per_kwh;
} fc_buildout_plan_in;

typedef struct {
  fc_power_dates dates;
  double construction_capex_usd;     /* it_kw x facility_usd_per_kw */
  double idc_usd;                    /* interest during construction and while waiting for power */
  double facility_usd_per_kw_at_energization; /* (capex + idc) / it_kw */
  double bridge_capex_usd, bridge_fuel_usd, bridge_t_co2;
  double chip_price_at_energization_usd;      /* the option chosen */
  double chip_price_other_option_usd;         /* the other option */
  double idle_chip_months;           /* months chips bought at the decision wait (0 if bought late) */
} fc_buildout_plan_out;

int fc_buildout_plan(const fc_buildout_plan_in *in, fc_buildout_plan_out *out);

#endif
