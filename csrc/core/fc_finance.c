/* fc_finance.c -- see fc_finance.h for formulas and sources. */
#include <math.h>
#include "fc_status.h"
#include "fc_finance.h"

int fc_finance_crf(double rate, double years, double *crf) {
  if (!crf) return FC_EINVAL;
  if (!isfinite(rate) || rate <= -1.0 || !isfinite(years) || years <= 0.0)
    return FC_EDOM;
  if (fabs(rate) < 1e-12) {
    *crf = 1.0 / years;
  } else if (fabs(rate) < 1e-3) {
    /* expm1/log1p keep precision for small rates */
    double growth = -expm1(-years * log1p(rate)); /* 1 - (1+r)^-n */
    *crf = rate / growth;
  } else {
    *crf = rate / (1.0 - pow(1.0 + rate, -years));
  }
  return isfinite(*crf) ? FC_OK : FC_ERANGE;
}

int fc_finance_wacc(const fc_wacc_params *p, double *nominal, double *real) {
  double nom;
  if (!p) return FC_EINVAL;
  if (!(p->debt_fraction >= 0.0 && p->debt_fraction <= 1.0)) return FC_EDOM;
  if (!(p->tax_rate >= 0.0 && p->tax_rate < 1.0)) return FC_EDOM;
  if (!isfinite(p->cost_of_debt) || p->cost_of_debt <= -1.0) return FC_EDOM;
  if (!isfinite(p->cost_of_equity) || p->cost_of_equity <= -1.0) return FC_EDOM;
  if (!isfinite(p->inflation) || p->inflation <= -1.0) return FC_EDOM;
  nom = (1.0 - p->debt_fraction) * p->cost_of_equity +
        p->debt_fraction * p->cost_of_debt * (1.0 - p->tax_rate);
  if (nominal) *nominal = nom;
  if (real) *real = (1.0 + nom) / (1.0 + p->inflation) - 1.0;
  return FC_OK;
}

/* IRS Publication 946, Table A-1, 5-year property, half-year convention. */
static const double macrs5[6] = {0.20, 0.32, 0.192, 0.1152, 0.1152, 0.0576};

int fc_finance_depreciation(fc_dep_method method, double life_years,
                            double param, double *out, size_t n) {
  size_t k;
  if (!out || n == 0) return FC_EINVAL;
  if (!isfinite(param) || param < 0.0) return FC_EDOM;
  switch (method) {
    case FC_DEP_STRAIGHT_LINE: {
      double left = 1.0;
      if (!isfinite(life_years) || life_years <= 0.0) return FC_EDOM;
      for (k = 0; k < n; k++) {
        double d = fmin(1.0 / life_years, left);
        out[k] = d;
        left -= d;
        if (left < 1e-15) left = 0.0;
      }
      return FC_OK;
    }
    case FC_DEP_DECLINING_BALANCE: {
      double factor = param > 0.0 ? param : 2.0, book = 1.0;
      if (!isfinite(life_years) || life_years <= 0.0) return FC_EDOM;
      for (k = 0; k < n; k++) {
        double remaining = life_years - (double)k;
        double db = book * factor / life_years;
        double sl = remaining > 1.0 ? book / remaining : book;
        double d = remaining > 0.0 ? fmax(db, sl) : 0.0;
        if (d > book) d = book;
        out[k] = d;
        book -= d;
      }
      return FC_OK;
    }
    case FC_DEP_MACRS_5:
      for (k = 0; k < n; k++) out[k] = k < 6 ? macrs5[k] : 0.0;
      return FC_OK;
    case FC_DEP_PRICE_DECLINE: {
      double d = param > 0.0 ? param : FC_EPOCH_DECLINE_OOM_PER_YEAR;
      for (k = 0; k < n; k++)
        out[k] = pow(10.0, -d * (double)k) - pow(10.0, -d * (double)(k + 1));
      return FC_OK;
    }
    default:
      return FC_EINVAL;
  }
}

int fc_finance_residual(fc_dep_method method, double life_years, double param,
                        double age_years, double *fraction) {
  double sched[64], acc = 0.0;
  size_t whole, k;
  int st;
  if (!fraction) return FC_EINVAL;
  if (!isfinite(age_years) || age_years < 0.0) return FC_EDOM;
  if (method == FC_DEP_PRICE_DECLINE) {
    double d = param > 0.0 ? param : FC_EPOCH_DECLINE_OOM_PER_YEAR;
    if (!isfinite(param) || param < 0.0) return FC_EDOM;
    *fraction = pow(10.0, -d * age_years);
    return FC_OK;
  }
  st = fc_finance_depreciation(method, life_years, param, sched, 64);
  if (st) return st;
  whole = age_years >= 63.0 ? 63 : (size_t)floor(age_years);
  for (k = 0; k < whole; k++) acc += sched[k];
  acc += sched[whole] * (age_years - (double)whole > 1.0 ? 1.0 : age_years - (double)whole);
  *fraction = acc >= 1.0 ? 0.0 : 1.0 - acc;
  if (*fraction < 1e-12) *fraction = 0.0;
  return FC_OK;
}

int fc_finance_npv(double rate, const double *cf, size_t n, double *npv) {
  double sum = 0.0, disc = 1.0;
  size_t t;
  if (!cf || !npv) return FC_EINVAL;
  if (!isfinite(rate) || rate <= -1.0) return FC_EDOM;
  for (t = 0; t < n; t++) {
    if (!isfinite(cf[t])) return FC_EDOM;
    sum += cf[t] / disc;
    disc *= 1.0 + rate;
  }
  *npv = sum;
  return isfinite(sum) ? FC_OK : FC_ERANGE;
}

int fc_finance_epoch_hourly(double price, double decline_oom_per_year,
                            double *usd_per_hour) {
  double d;
  if (!usd_per_hour) return FC_EINVAL;
  if (!isfinite(price) || price < 0.0) return FC_EDOM;
  if (!isfinite(decline_oom_per_year) || decline_oom_per_year < 0.0) return FC_EDOM;
  d = decline_oom_per_year > 0.0 ? decline_oom_per_year : FC_EPOCH_DECLINE_OOM_PER_YEAR;
  *usd_per_hour = price * d * log(10.0) / FC_HOURS_PER_YEAR;
  return FC_OK;
}
