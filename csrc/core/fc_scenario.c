/* fc_scenario.c -- the cost chain; formulas and sources in fc_scenario.h. */
#include "fc_fp_contract_off.h" /* first: the same bits on every ISA (fc_simd.h) */
#include <math.h>
#include <stddef.h>
#include <string.h>
#include "fc_status.h"
#include "fc_finance.h"
#include "fc_scenario.h"
#include "fc_price.h"
#include "fc_simd.h"

#define SECONDS_PER_HOUR 3600.0
#define EFLOP 1e18
#define PER_HOUR (1.0 / FC_HOURS_PER_YEAR) /* folded at compile time */
#define KILO 1e-3

/* ---- field table ---------------------------------------------------- */

/* Domains of the input fields (validation and error texts); the same
   vocabulary serves the description fields of fc_compose. */
enum { POS = FC_DOMAIN_POS, NONNEG, FRAC, OPEN_UNIT, UNIT_OPEN_HI, RATE, GE1, BOOL, METHOD, POSINT, BASIS,
       FINITE, NONNEG_INT, YEAR, WACC, TREND, DAY };
static const char *const domain_text[] = {
  "positive number", "non-negative number", "number in [0, 1]", "number in (0, 1]",
  "number in [0, 1)", "number greater than -1", "number >= 1", "0 or 1", "0, 1 or 2",
  "positive integer", "0, 1, 2 or 3 (chip, board, server_per_accelerator, system_per_accelerator)",
  "finite number", "non-negative integer", "year (integer 1940-2100)",
  "cost of capital from -0.1 to 1 (a year)", "trend from -1 to 1 (orders of magnitude a year)",
  "date from 2010-01-01 to 2036-12-31"
};

/* In the struct's order: field i is the struct's double i, which is how the
   chain reads a scenario and a block's rows (scenario_view, PV below;
   csrc/test/test_mc_lanes.c checks it).
   F: a field; M: a field in US dollars (money: the cost is linear in these,
   so constant dollars scale them and nothing else, fc_scenario_scale_money) */
#define F(name, kind) {#name, offsetof(fc_scenario_params, name), kind, 0}
#define M(name, kind) {#name, offsetof(fc_scenario_params, name), kind, 1}
static const struct { const char *name; size_t off; int kind, money; } fields[] = {
  M(chip_price_usd, NONNEG), F(price_basis, BASIS), F(server_multiple, GE1), F(network_fraction, UNIT_OPEN_HI),
  F(chip_life_years, POS), F(wacc, WACC), F(decline_oom_per_year, OPEN_UNIT), F(recovery, METHOD),
  M(facility_usd_per_kw, NONNEG), F(facility_life_years, POS), F(it_kw_per_accel, NONNEG),
  F(tdp_w, POS), F(idle_w, NONNEG), F(average_power_fraction, FRAC), F(server_power_multiple, GE1), F(pue, GE1),
  F(utilization, OPEN_UNIT), M(electricity_usd_per_kwh, NONNEG), F(green_share, FRAC),
  M(green_premium_usd_per_kwh, NONNEG), F(grid_kg_co2_per_kwh, NONNEG),
  M(carbon_usd_per_t, NONNEG), F(maintenance_fraction, NONNEG),
  M(other_opex_usd_per_year, NONNEG), F(peak_flops_per_s, POS), F(mfu, OPEN_UNIT),
  F(scaling_efficiency, OPEN_UNIT), F(goodput, OPEN_UNIT), M(rental_usd_per_hour, NONNEG),
  F(commitment_discount, UNIT_OPEN_HI), F(cloud_committed, BOOL)
};
#undef F
#undef M
#define NFIELDS (sizeof fields / sizeof fields[0])

size_t fc_scenario_field_count(void) { return NFIELDS; }
const char *fc_scenario_field_name(size_t i) { return i < NFIELDS ? fields[i].name : NULL; }
int fc_scenario_field_index(const char *name) {
  size_t i;
  for (i = 0; name && i < NFIELDS; i++)
    if (strcmp(fields[i].name, name) == 0) return (int)i;
  return -1;
}
double fc_scenario_field_get(const fc_scenario_params *p, size_t i) {
  return i < NFIELDS ? *(const double *)(const void *)((const char *)p + fields[i].off) : NAN;
}

double *fc_scenario_field_ptr(fc_scenario_params *p, size_t i) {
  return i < NFIELDS ? (double *)(void *)((char *)p + fields[i].off) : NULL;
}

int fc_scenario_field_is_money(size_t i) { return i < NFIELDS && fields[i].money; }

int fc_scenario_scale_money(fc_scenario_params *p, double factor) {
  size_t i;
  if (!p) return FC_EINVAL;
  if (!(isfinite(factor) && factor > 0.0)) return FC_EDOM;
  for (i = 0; i < NFIELDS; i++)
    if (fields[i].money) *fc_scenario_field_ptr(p, i) *= factor;
  return FC_OK;
}

/* per_hour: averaged over the members of a mix (count-weighted) rather than
   recomputed from the averages */
#define R(name, per_hour) {#name, offsetof(fc_scenario_result, name), per_hour}
static const struct { const char *name; size_t off; int per_hour; } results[] = {
  R(chip_usd_per_h, 1), R(server_usd_per_h, 1), R(network_usd_per_h, 1), R(facility_usd_per_h, 1),
  R(energy_usd_per_h, 1), R(carbon_usd_per_h, 1), R(opex_usd_per_h, 1), R(total_usd_per_h, 1),
  R(capex_usd, 1), R(power_w, 1), R(kwh_per_h, 1), R(kg_co2_per_h, 1), R(useful_flop_per_h, 1),
  R(usd_per_eflop, 0), R(chip_usd_per_eflop, 0), R(server_usd_per_eflop, 0), R(network_usd_per_eflop, 0),
  R(facility_usd_per_eflop, 0), R(energy_usd_per_eflop, 0), R(carbon_usd_per_eflop, 0),
  R(opex_usd_per_eflop, 0), R(kwh_per_eflop, 0), R(kg_co2_per_eflop, 0), R(cloud_usd_per_eflop, 0),
  R(owned_to_cloud, 0)
};
#undef R
#define NRESULTS (sizeof results / sizeof results[0])

size_t fc_scenario_result_count(void) { return NRESULTS; }
const char *fc_scenario_result_name(size_t i) { return i < NRESULTS ? results[i].name : NULL; }
int fc_scenario_result_index(const char *name) {
  size_t i;
  for (i = 0; name && i < NRESULTS; i++)
    if (strcmp(results[i].name, name) == 0) return (int)i;
  return -1;
}
size_t fc_scenario_result_offset(size_t i) { return i < NRESULTS ? results[i].off : 0; }

double fc_scenario_result_get(const fc_scenario_result *r, size_t i) {
  return i < NRESULTS ? *(const double *)(const void *)((const char *)r + results[i].off) : NAN;
}

/* ---- validation ------------------------------------------------------ */

/* Each domain as a closed interval [lo, hi] of finite doubles (open ends use
   the neighbouring double), so one comparison pair checks a field and also
   rejects NaN and infinities. BOOL and METHOD add an integrality check. */
static const struct { double lo, hi; } domain_bounds[] = {
  /* POS */ {4.9406564584124654e-324, 1.7976931348623157e308},
  /* NONNEG */ {0.0, 1.7976931348623157e308},
  /* FRAC */ {0.0, 1.0},
  /* OPEN_UNIT */ {4.9406564584124654e-324, 1.0},
  /* UNIT_OPEN_HI */ {0.0, 0.99999999999999989},
  /* RATE */ {-0.99999999999999989, 1.7976931348623157e308},
  /* GE1 */ {1.0, 1.7976931348623157e308},
  /* BOOL */ {0.0, 1.0},
  /* METHOD */ {0.0, 2.0},
  /* POSINT */ {1.0, 1.7976931348623157e308},
  /* BASIS */ {0.0, 3.0},
  /* FINITE */ {-1.7976931348623157e308, 1.7976931348623157e308},
  /* NONNEG_INT */ {0.0, 1.7976931348623157e308},
  /* YEAR */ {1940.0, 2100.0},
  /* WACC: real costs of capital have stayed above -10 % (negative real rates
     of a few percent at most) and no investor funds compute at 100 % a year;
     -0.99 gave a facility 7.7e-44 of its cost */
  /* WACC */ {-0.1, 1.0},
  /* TREND: a tenfold change a year, seven times Epoch AI's 0.14 OOM/year
     price-performance trend ("Trends in machine learning hardware") */
  /* TREND */ {-1.0, 1.0},
  /* DAY: the catalog's dated prices begin in 2010 (Epoch AI's Hardware
     prices.csv: GTX 580, 2010-11-09) and end in 2026; a ten-year horizon.
     14610 = days to 2010-01-01, 24471 = days to 2036-12-31 */
  /* DAY */ {14610.0, 24471.0}
};

/* one text and one interval per domain (compile-time checks) */
typedef char domain_text_per_domain[sizeof domain_text / sizeof domain_text[0] == FC_DOMAIN_COUNT ? 1 : -1];
typedef char domain_bounds_per_domain[sizeof domain_bounds / sizeof domain_bounds[0] == FC_DOMAIN_COUNT ? 1 : -1];

static int integral_domain(int k) {
  return k == BOOL || k == METHOD || k == POSINT || k == BASIS || k == NONNEG_INT || k == YEAR || k == DAY;
}

int fc_scenario_domain_ok(int k, double x) {
  if (k < 0 || k >= FC_DOMAIN_COUNT) return 0;
  return x >= domain_bounds[k].lo && x <= domain_bounds[k].hi &&
         !(integral_domain(k) && x != floor(x));
}

const char *fc_scenario_domain_text(int k) {
  return k >= 0 && k < FC_DOMAIN_COUNT ? domain_text[k] : NULL;
}

const char *fc_scenario_field_domain(size_t i) {
  return i < NFIELDS ? domain_text[fields[i].kind] : NULL;
}

int fc_scenario_field_ok(const fc_scenario_params *p, size_t i) {
  if (!p || i >= NFIELDS) return 0;
  return fc_scenario_domain_ok(fields[i].kind, *(const double *)(const void *)((const char *)p + fields[i].off));
}

int fc_scenario_domain_bounds(int k, double *lo, double *hi, int *integral) {
  if (k < 0 || k >= FC_DOMAIN_COUNT || !lo || !hi || !integral) return FC_EINVAL;
  *lo = domain_bounds[k].lo;
  *hi = domain_bounds[k].hi;
  *integral = integral_domain(k);
  return FC_OK;
}

int fc_scenario_field_bounds(size_t i, double *lo, double *hi, int *integral) {
  if (i >= NFIELDS) return FC_EINVAL;
  return fc_scenario_domain_bounds(fields[i].kind, lo, hi, integral);
}

int fc_scenario_power_ok(const fc_scenario_params *p) { return p && !(p->idle_w > p->tdp_w); }

static int validate(const fc_scenario_params *p, const char **bad) {
  size_t i;
  for (i = 0; i < NFIELDS; i++)
    if (!fc_scenario_field_ok(p, i)) {
      if (bad) *bad = fields[i].name;
      return FC_EDOM;
    }
  if (!fc_scenario_power_ok(p)) { if (bad) *bad = "idle_w"; return FC_EDOM; }
  return FC_OK;
}

/* Annual capital charge per unit of capex, by recovery method. */
static int recovery_per_year(const fc_scenario_params *p, double *per_year) {
  double life = p->chip_life_years;
  switch ((int)p->recovery) {
    case FC_RECOVERY_ANNUITY:
      return fc_finance_crf(p->wacc, life, per_year);
    case FC_RECOVERY_STRAIGHT_LINE:
      /* depreciation plus interest on the average investment (Kay, Edwards & Duffy) */
      *per_year = 1.0 / life + p->wacc * (life + 1.0) / (2.0 * life);
      return FC_OK;
    default: /* FC_RECOVERY_PRICE_DECLINE, Epoch AI */
      *per_year = p->decline_oom_per_year * log(10.0);
      return FC_OK;
  }
}

int fc_scenario_field_is_rate(size_t i) {
  static const size_t rate_off[] = {
    offsetof(fc_scenario_params, chip_life_years), offsetof(fc_scenario_params, wacc),
    offsetof(fc_scenario_params, decline_oom_per_year), offsetof(fc_scenario_params, recovery),
    offsetof(fc_scenario_params, facility_life_years), offsetof(fc_scenario_params, server_multiple),
    offsetof(fc_scenario_params, price_basis),
    offsetof(fc_scenario_params, network_fraction)
  };
  size_t j;
  for (j = 0; i < NFIELDS && j < sizeof rate_off / sizeof rate_off[0]; j++)
    if (fields[i].off == rate_off[j]) return 1;
  return 0;
}

int fc_scenario_rates_eval(const fc_scenario_params *p, fc_scenario_rates *k, const char **bad) {
  int st;
  if (!p || !k) return FC_EINVAL;
  if ((st = recovery_per_year(p, &k->capex_per_year)) != FC_OK) {
    /* an overflow comes from a vanishing life (1 / life), a domain error from the rate */
    if (bad) *bad = st == FC_ERANGE ? "chip_life_years" : "wacc";
    return st;
  }
  if ((st = fc_finance_crf(p->wacc, p->facility_life_years, &k->facility_crf)) != FC_OK) {
    if (bad) *bad = "facility_life_years";
    return st;
  }
  {
    /* what the price includes decides what is added to it (fc_price.h) */
    fc_price_shares sh;
    if ((st = fc_price_capex_shares((int)p->price_basis, p->server_multiple, p->network_fraction, &sh)) != FC_OK) {
      if (bad) *bad = "price_basis";
      return FC_EDOM;
    }
    k->chip_share = sh.chip;
    k->server_share = sh.server;
    k->network_share = sh.network;
    k->capex_per_chip_usd = sh.chip + sh.server + sh.network;
  }
  return FC_OK;
}

/* The chain's parts are inlined into each loop that runs them, so that a
   loop which keeps one field lets the compiler drop the work of the others. */
#if defined(__GNUC__)
#define HOT static inline __attribute__((always_inline))
#else
#define HOT static inline
#endif

/*
** The chain reads its scenarios through a view, so that one chain serves
** both layouts: field f of scenario i is pv[f ld + i], f = the field's
** offset / sizeof(double). One fc_scenario_params: its doubles, ld = 1, i = 0.
** A block (fc_scenario_eval_block_y): the fields as rows of ld doubles in
** the struct's order, so scenario i's fields are column i (contiguous per
** field: a compiler vectorises the loop over i).
*/
typedef char doubles_then_curve[offsetof(fc_scenario_params, power_curve) == NFIELDS * sizeof(double) ? 1 : -1];
#define PV(name) (pv[offsetof(fc_scenario_params, name) / sizeof(double) * ld + i])

/* One scenario as a view: its fields are the doubles from its first (the
   typedef above checks the layout). */
static inline const double *scenario_view(const fc_scenario_params *p) { return &p->chip_price_usd; }

/* Divides every per-hour cost by the useful FLOP of that hour. */
HOT void per_eflop(fc_scenario_result *r) {
  double k = fc_scenario_per_eflop_factor(r->useful_flop_per_h);
  r->usd_per_eflop = r->total_usd_per_h * k;
  r->chip_usd_per_eflop = r->chip_usd_per_h * k;
  r->server_usd_per_eflop = r->server_usd_per_h * k;
  r->network_usd_per_eflop = r->network_usd_per_h * k;
  r->facility_usd_per_eflop = r->facility_usd_per_h * k;
  r->energy_usd_per_eflop = r->energy_usd_per_h * k;
  r->carbon_usd_per_eflop = r->carbon_usd_per_h * k;
  r->opex_usd_per_eflop = r->opex_usd_per_h * k;
  r->kwh_per_eflop = r->kwh_per_h * k;
  r->kg_co2_per_eflop = r->kg_co2_per_h * k;
}

/* The chain's first half: every per-hour figure of r, for scenario i of the
   view (pv, ld) with the power curve `curve`. */
HOT int per_hour(const double *pv, size_t ld, size_t i, const fc_power_curve *curve, const fc_scenario_rates *k,
                 fc_scenario_result *r, const char **bad) {
  /* every field read once, up front: a branch then selects between values
     (a vectorised loop may not load under a condition) */
  double cluster, it_kw, board_w, kwh, green_kwh, price = PV(chip_price_usd), tdp = PV(tdp_w),
         spm = PV(server_power_multiple), util = PV(utilization), it_given = PV(it_kw_per_accel),
         fraction = PV(average_power_fraction), idle = PV(idle_w);
  /* per-hour charge per unit of capex; constant factors are multiplied, not
     divided (the chain is hot in Monte Carlo) */
  double capex_h = k->capex_per_year * PER_HOUR;

  /* capex: chip, server parts, and the network as a share of the whole */
  cluster = price * k->capex_per_chip_usd;
  r->capex_usd = cluster;
  r->chip_usd_per_h = price * k->chip_share * capex_h;
  r->server_usd_per_h = price * k->server_share * capex_h;
  r->network_usd_per_h = price * k->network_share * capex_h;

  /* facility, sized for the provisioned IT load */
  it_kw = it_given > 0.0 ? it_given : tdp * spm * KILO;
  r->facility_usd_per_h = PV(facility_usd_per_kw) * it_kw * k->facility_crf * PER_HOUR;

  /* energy: mean board power at this utilization */
  if (fraction > 0.0) {
    /* a stated mean draw (Epoch AI: 0.75 of TDP; model cards: TDP) */
    board_w = fraction * tdp;
  } else if (curve) {
    int st = fc_energy_curve_eval(curve, util, &board_w);
    if (st != FC_OK) { if (bad) *bad = "power_curve"; return st; }
  } else {
    board_w = idle + (tdp - idle) * util;
  }
  r->power_w = board_w;
  kwh = board_w * spm * PV(pue) * KILO;
  green_kwh = kwh * PV(green_share);
  r->kwh_per_h = kwh;
  r->energy_usd_per_h = kwh * PV(electricity_usd_per_kwh) + green_kwh * PV(green_premium_usd_per_kwh);
  r->kg_co2_per_h = (kwh - green_kwh) * PV(grid_kg_co2_per_kwh);
  r->carbon_usd_per_h = r->kg_co2_per_h * KILO * PV(carbon_usd_per_t);

  /* operations */
  r->opex_usd_per_h = (PV(maintenance_fraction) * cluster + PV(other_opex_usd_per_year)) * PER_HOUR;
  r->total_usd_per_h = r->chip_usd_per_h + r->server_usd_per_h + r->network_usd_per_h +
                       r->facility_usd_per_h + r->energy_usd_per_h + r->carbon_usd_per_h +
                       r->opex_usd_per_h;

  /* useful work */
  r->useful_flop_per_h = PV(peak_flops_per_s) * PV(mfu) * PV(scaling_efficiency) * PV(goodput) *
                         SECONDS_PER_HOUR * util; /* the same product as per_flop's flop_busy_h */
  return FC_OK;
}

/* The second half: per 1e18 FLOP, and the cloud alternative. */
HOT int per_flop(const double *pv, size_t ld, size_t i, fc_scenario_result *r) {
  per_eflop(r);
  /* cloud: rented hours; committed hours are paid even when idle */
  r->cloud_usd_per_eflop = r->owned_to_cloud = 0.0;
  if (PV(rental_usd_per_hour) > 0.0) {
    double flop_busy_h = PV(peak_flops_per_s) * PV(mfu) * PV(scaling_efficiency) * PV(goodput) * SECONDS_PER_HOUR;
    double cloud_flop_h = flop_busy_h * (PV(cloud_committed) > 0.5 ? PV(utilization) : 1.0);
    r->cloud_usd_per_eflop = PV(rental_usd_per_hour) * (1.0 - PV(commitment_discount)) * EFLOP / cloud_flop_h;
    r->owned_to_cloud = r->usd_per_eflop / r->cloud_usd_per_eflop;
  }
  return isfinite(r->usd_per_eflop) ? FC_OK : FC_ERANGE;
}
#undef PV

/* In two passes over the block: each pass's loop body is short, so a CPU
   overlaps the divisions of many samples instead of waiting on each. */
int fc_scenario_eval_trusted_n(const fc_scenario_params *p, size_t n, const fc_scenario_rates *k,
                               size_t k_step, fc_scenario_result *r, size_t *bad_index, const char **bad) {
  size_t i, limit = n;
  const char *bad_hour = NULL;
  int st, st_hour = FC_OK;
  for (i = 0; i < n; i++)
    if ((st_hour = per_hour(scenario_view(&p[i]), 1, 0, p[i].power_curve, &k[i * k_step], &r[i], &bad_hour)) != FC_OK) {
      limit = i;
      break;
    }
  for (i = 0; i < limit; i++)
    if ((st = per_flop(scenario_view(&p[i]), 1, 0, &r[i])) != FC_OK) {
      if (bad_index) *bad_index = i;
      return st;
    }
  if (limit < n) {
    if (bad_index) *bad_index = limit;
    if (bad) *bad = bad_hour;
    return st_hour;
  }
  return FC_OK;
}

/* The chain of one trusted scenario (i of the view) into r: per hour, then
   per FLOP. With r local and one field read back, the compiler keeps only
   what that field needs. On error *at_flop says which half failed (per_flop
   sets no field). */
HOT int chain(const double *pv, size_t ld, size_t i, const fc_power_curve *curve, const fc_scenario_rates *k,
              fc_scenario_result *r, const char **bad, int *at_flop) {
  int st = per_hour(pv, ld, i, curve, k, r, bad);
  *at_flop = 0;
  if (st != FC_OK) return st;
  *at_flop = 1;
  return per_flop(pv, ld, i, r);
}

int fc_scenario_eval_trusted_y(const fc_scenario_params *p, size_t n, const fc_scenario_rates *k,
                               size_t k_step, size_t out, double *y, size_t *bad_index, const char **bad) {
  size_t i;
  int st = FC_OK, at_flop = 0;
  const char *b = NULL;
  if (out >= NRESULTS || (n && (!p || !k || !y))) return FC_EINVAL;
  if (results[out].off == offsetof(fc_scenario_result, usd_per_eflop)) {
    for (i = 0; i < n; i++) { /* the headline cost: a constant field, so a short loop */
      fc_scenario_result r;
      if ((st = chain(scenario_view(&p[i]), 1, 0, p[i].power_curve, &k[i * k_step], &r, &b, &at_flop)) != FC_OK) break;
      y[i] = r.usd_per_eflop;
    }
  } else {
    for (i = 0; i < n; i++) {
      fc_scenario_result r;
      if ((st = chain(scenario_view(&p[i]), 1, 0, p[i].power_curve, &k[i * k_step], &r, &b, &at_flop)) != FC_OK) break;
      y[i] = fc_scenario_result_get(&r, out);
    }
  }
  if (st != FC_OK) {
    if (bad_index) *bad_index = i;
    if (bad && !at_flop) *bad = b; /* as fc_scenario_eval_trusted_n */
  }
  return st;
}

/* fc_scenario_eval_block_y, compiled for each ISA of fc_simd.h. */
HOT int block_y(const double *block, size_t ld, size_t n, const fc_power_curve *curve,
                const fc_scenario_rates *k, size_t out, double *restrict y, size_t *bad_index, const char **bad) {
  size_t i;
  int st = FC_OK, at_flop = 0;
  const char *b = NULL;
  if (!curve && results[out].off == offsetof(fc_scenario_result, usd_per_eflop)) {
    /* the headline cost without a curve: the halves of the chain it needs
       (per_hour, per_eflop; the cloud figures are not), no error but a
       non-finite cost, so the loop runs through (vectorised) and a scan
       finds the first */
    for (i = 0; i < n; i++) {
      fc_scenario_result r;
      (void)per_hour(block, ld, i, NULL, k, &r, &b);
      per_eflop(&r);
      y[i] = r.usd_per_eflop;
    }
    for (i = 0; i < n; i++)
      if (!isfinite(y[i])) {
        if (bad_index) *bad_index = i;
        return FC_ERANGE; /* per_flop's error: no field */
      }
    return FC_OK;
  }
  for (i = 0; i < n; i++) {
    fc_scenario_result r;
    if ((st = chain(block, ld, i, curve, k, &r, &b, &at_flop)) != FC_OK) break;
    y[i] = fc_scenario_result_get(&r, out);
  }
  if (st != FC_OK) {
    if (bad_index) *bad_index = i;
    if (bad && !at_flop) *bad = b;
  }
  return st;
}

#define BLOCK_Y_ARGS const double *block, size_t ld, size_t n, const fc_power_curve *curve, \
                     const fc_scenario_rates *k, size_t out, double *y, size_t *bad_index, const char **bad
static int block_y_base(BLOCK_Y_ARGS) { return block_y(block, ld, n, curve, k, out, y, bad_index, bad); }
#ifdef FC_SIMD_X86
FC_TARGET_AVX2 static int block_y_avx2(BLOCK_Y_ARGS) { return block_y(block, ld, n, curve, k, out, y, bad_index, bad); }
FC_TARGET_AVX512 static int block_y_avx512(BLOCK_Y_ARGS) {
  return block_y(block, ld, n, curve, k, out, y, bad_index, bad);
}
#endif

int fc_scenario_eval_block_y(const double *block, size_t ld, size_t n, const fc_power_curve *curve,
                             const fc_scenario_rates *k, size_t out, double *y, size_t *bad_index,
                             const char **bad, int isa) {
  if (out >= NRESULTS || (n && (!block || !k || !y || ld < n))) return FC_EINVAL;
  switch (fc_simd_resolve(isa)) {
#ifdef FC_SIMD_X86
    case FC_SIMD_AVX512: return block_y_avx512(block, ld, n, curve, k, out, y, bad_index, bad);
    case FC_SIMD_AVX2: return block_y_avx2(block, ld, n, curve, k, out, y, bad_index, bad);
#endif
    default: return block_y_base(block, ld, n, curve, k, out, y, bad_index, bad);
  }
}

/* through the n-scenario loop: one place for the chain */
int fc_scenario_eval_trusted(const fc_scenario_params *p, const fc_scenario_rates *k,
                             fc_scenario_result *r, const char **bad) {
  return fc_scenario_eval_trusted_n(p, 1, k, 0, r, NULL, bad);
}

int fc_scenario_eval(const fc_scenario_params *p, fc_scenario_result *r, const char **bad) {
  fc_scenario_rates k;
  int st;
  if (bad) *bad = NULL;
  if (!p || !r) return FC_EINVAL;
  if ((st = validate(p, bad)) != FC_OK) return st;
  memset(r, 0, sizeof *r);
  if ((st = fc_scenario_rates_eval(p, &k, bad)) != FC_OK) return st;
  return fc_scenario_eval_trusted(p, &k, r, bad);
}

int fc_scenario_eval_batch(const fc_scenario_params *p, size_t n, fc_scenario_result *r,
                           size_t *bad_index, const char **bad_field) {
  size_t i;
  if (!p || !r) return FC_EINVAL;
  for (i = 0; i < n; i++) {
    int st = fc_scenario_eval(&p[i], &r[i], bad_field);
    if (st) {
      if (bad_index) *bad_index = i;
      return st;
    }
  }
  return FC_OK;
}

int fc_scenario_mix_check(const double *counts, size_t n, fc_coupling coupling, double penalty,
                          size_t *bad_index, const char **bad_field) {
  double total = 0.0;
  size_t i;
  if (!counts || n == 0) return FC_EINVAL;
  if (!(penalty >= 0.0 && penalty < 1.0)) { if (bad_field) *bad_field = "penalty"; return FC_EDOM; }
  if (coupling != FC_COUPLING_POOLED && coupling != FC_COUPLING_LOCKSTEP) return FC_EINVAL;
  for (i = 0; i < n; i++) {
    if (!(isfinite(counts[i]) && counts[i] >= 0.0)) {
      if (bad_index) *bad_index = i;
      if (bad_field) *bad_field = "count";
      return FC_EDOM;
    }
    total += counts[i];
  }
  if (!(total > 0.0)) { if (bad_field) *bad_field = "count"; return FC_EDOM; }
  return FC_OK;
}

/* The mix of checked counts; members are validated (rates NULL) or trusted
   with their precomputed rates. */
static int mix_eval(const fc_scenario_params *members, const fc_scenario_rates *rates,
                    const double *counts, size_t n, fc_coupling coupling, double penalty,
                    fc_scenario_result *r, size_t *bad_index, const char **bad_field) {
  fc_scenario_result one;
  double total = 0.0, flop_factor = 1.0, cloud_cost = 0.0, cloud_flop = 0.0;
  size_t i, j, kinds = 0, nres = fc_scenario_result_count();
  int all_cloud = 1;
  for (i = 0; i < n; i++) {
    total += counts[i];
    if (counts[i] > 0.0) kinds++;
  }
  if (coupling == FC_COUPLING_LOCKSTEP && kinds > 1) flop_factor = 1.0 - penalty;

  memset(r, 0, sizeof *r);
  /* count-weighted mean of the per-hour quantities (the *_per_h fields,
     capex, power, useful FLOP) of an average member */
  for (i = 0; i < n; i++) {
    int st = rates ? fc_scenario_eval_trusted(&members[i], &rates[i], &one, bad_field)
                   : fc_scenario_eval(&members[i], &one, bad_field);
    double w = counts[i] / total;
    if (st) { if (bad_index) *bad_index = i; return st; }
    for (j = 0; j < nres; j++) {
      if (results[j].per_hour)
        *(double *)(void *)((char *)r + results[j].off) += w * fc_scenario_result_get(&one, j);
    }
    if (one.cloud_usd_per_eflop > 0.0) {
      /* rental cost per hour and the FLOP it buys, to pool the cloud side too */
      cloud_cost += w * one.cloud_usd_per_eflop * one.useful_flop_per_h / EFLOP;
      cloud_flop += w * one.useful_flop_per_h;
    } else if (counts[i] > 0.0) {
      all_cloud = 0;
    }
  }
  r->useful_flop_per_h *= flop_factor;
  per_eflop(r);
  if (all_cloud && cloud_flop > 0.0) {
    r->cloud_usd_per_eflop = cloud_cost * EFLOP / (cloud_flop * flop_factor);
    r->owned_to_cloud = r->usd_per_eflop / r->cloud_usd_per_eflop;
  }
  return isfinite(r->usd_per_eflop) ? FC_OK : FC_ERANGE;
}

int fc_scenario_eval_mix(const fc_scenario_params *members, const double *counts, size_t n,
                         fc_coupling coupling, double penalty, fc_scenario_result *r,
                         size_t *bad_index, const char **bad_field) {
  int st;
  if (!members || !counts || !r || n == 0) return FC_EINVAL;
  if ((st = fc_scenario_mix_check(counts, n, coupling, penalty, bad_index, bad_field)) != FC_OK) return st;
  return mix_eval(members, NULL, counts, n, coupling, penalty, r, bad_index, bad_field);
}

int fc_scenario_eval_mix_trusted(const fc_scenario_params *members, const fc_scenario_rates *rates,
                                 const double *counts, size_t n, fc_coupling coupling, double penalty,
                                 fc_scenario_result *r, size_t *bad_index, const char **bad_field) {
  return mix_eval(members, rates, counts, n, coupling, penalty, r, bad_index, bad_field);
}
