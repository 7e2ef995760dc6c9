/*
** fc_finance.h -- cost of capital, annuities, depreciation, residual value, NPV.
**
** Rates are annual fractions (0.08 = 8 %), lifetimes are in years.
** Every function returns FC_OK or an error status; results go through pointers.
*/
#ifndef FC_FINANCE_H
#define FC_FINANCE_H

#include <stddef.h>

#define FC_HOURS_PER_YEAR 8766.0 /* 365.25 d x 24 h, as in Epoch AI's cost model */

/*
** Capital recovery factor: the level annual payment that repays 1 unit of
** capital over `years` at `rate`.
**   CRF = r / (1 - (1 + r)^-n),   CRF = 1/n when r = 0.
** Source: Short, Packey & Holt (1995), NREL/TP-462-5173, eq. 4-7.
** Domain: rate > -1 and finite, years > 0.  Errors: FC_EDOM.
*/
int fc_finance_crf(double rate, double years, double *crf);

/* Inputs of the weighted average cost of capital. */
typedef struct {
  double debt_fraction;    /* DF, share of financing by debt, [0, 1] */
  double cost_of_debt;     /* nominal interest rate on debt, > -1 */
  double cost_of_equity;   /* nominal rate of return on equity, > -1 */
  double tax_rate;         /* TR, combined income tax rate, [0, 1) */
  double inflation;        /* i, annual inflation, > -1 */
} fc_wacc_params;

/*
** WACC, nominal and real, after tax.
**   nominal = (1 - DF) RROE + DF IR (1 - TR)
**   real    = (1 + nominal) / (1 + i) - 1
** This is the form of NREL's Annual Technology Baseline and SAM's LCOE
** calculator (lcoefcr): WACC_real = [1 + (1-DF)((1+RROE)(1+i)-1)
**   + DF((1+IR)(1+i)-1)(1-TR)] / (1+i) - 1, with rates given nominal here.
** Either output pointer may be NULL.  Errors: FC_EDOM, FC_EINVAL.
*/
int fc_finance_wacc(const fc_wacc_params *p, double *nominal, double *real);

/* Depreciation methods. */
typedef enum {
  FC_DEP_STRAIGHT_LINE = 0,    /* cost / life each year */
  FC_DEP_DECLINING_BALANCE,    /* factor/life of the remaining book value,
                                  switching to straight line when larger */
  FC_DEP_MACRS_5,              /* IRS MACRS 5-year, half-year convention (6 years) */
  FC_DEP_PRICE_DECLINE         /* Epoch AI: value falls 10^(-0.14 t) */
} fc_dep_method;

/* Orders of magnitude per year by which the price of a FLOP falls: 0.14.
   Source: Epoch AI, cost_analysis_standalone.py (training-cost-trends). */
#define FC_EPOCH_DECLINE_OOM_PER_YEAR 0.14

/*
** Depreciation schedule: out[k] = the fraction of the purchase cost
** written off in year k+1, for k < n.
**  straight line:     1/life for whole years, a final partial year, then 0.
**  declining balance: factor/life of the book value (factor 2 = double
**                     declining), switching to straight line over the
**                     remaining life when that is larger (IRS Pub. 946 sec. 4).
**  MACRS 5-year:      IRS Publication 946 Table A-1 (half-year convention):
**                     20.00, 32.00, 19.20, 11.52, 11.52, 5.76 %. `life` ignored.
**  price decline:     10^(-d k) - 10^(-d (k+1)), d = `param` orders of
**                     magnitude per year (0 selects 0.14); `life` ignored.
** `param` is the declining-balance factor (0 selects 2) or the decline rate.
** Domain: life > 0 where used, param >= 0, n >= 1.  Errors: FC_EDOM, FC_EINVAL.
*/
int fc_finance_depreciation(fc_dep_method method, double life_years,
                            double param, double *out, size_t n);

/*
** Residual (book) value as a fraction of cost after `age_years`:
** 1 minus the accumulated depreciation of the schedule above, with linear
** interpolation within a year; for FC_DEP_PRICE_DECLINE it is the market
** value 10^(-d age) exactly.  Never below 0.
*/
int fc_finance_residual(fc_dep_method method, double life_years, double param,
                        double age_years, double *fraction);

/*
** Net present value of cash flows cf[0..n-1] at the end of years 0..n-1:
**   NPV = sum cf[t] / (1 + r)^t.
** Source: standard discounting, Brealey, Myers & Allen, ch. 2.
** Domain: rate > -1, finite flows.  Errors: FC_EDOM, FC_EINVAL.
*/
int fc_finance_npv(double rate, const double *cf, size_t n, double *npv);

/*
** Epoch AI's hourly amortization of hardware bought at `price`:
** the instantaneous loss of value of price x 10^(-d t) at t = 0, per hour:
**   price x d x ln(10) / 8766   (32.2 % of price per year for d = 0.14).
** Source: Epoch AI cost_analysis_standalone.py.  d = 0 selects 0.14.
*/
int fc_finance_epoch_hourly(double price, double decline_oom_per_year,
                            double *usd_per_hour);

#endif
