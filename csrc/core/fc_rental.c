/* fc_rental.c -- rentals at a date from a chip's own listings (fc_rental.h). */
#include "fc_rental.h"

#include <math.h>

#include "fc_status.h"

const char *const fc_rental_term_names[] = {"on_demand", "1y", "3y", "spot", NULL};
const char *const fc_rental_tier_names[] = {"hyperscaler", "neocloud", "marketplace", NULL};

const char *fc_rental_how_name(int how) {
  static const char *const names[] = {"observed", "interpolated", "extrapolated"};
  return how >= 0 && how <= FC_RENTAL_EXTRAPOLATED ? names[how] : NULL;
}

double fc_rental_epoch_cud(int term) {
  /* Epoch AI, cost_analysis_standalone.py, DEFAULT_CUD['Amazon Web Services'] */
  switch (term) {
    case FC_TERM_ON_DEMAND: return 0.0;
    case FC_TERM_1Y: return 0.41;
    case FC_TERM_3Y: return 0.64;
    default: return NAN;
  }
}

static int obs_ok(const fc_rental_obs *o) {
  return isfinite(o->day) && isfinite(o->usd_per_hour) && o->usd_per_hour > 0 && o->term >= 0 &&
         o->term < FC_TERM_COUNT && o->tier >= 0 && o->tier < FC_TIER_COUNT;
}

/* One observed day of a series: geometric mean and range of its listings. */
typedef struct {
  double day, log_mean, lo, hi;
  size_t index; /* a listing of that day */
} day_stat;

/* The statistics of the series (term, tier) on day `day`; 0 when no listing. */
static int day_of(const fc_rental_obs *o, size_t n, int term, int tier, double day, day_stat *s) {
  size_t i, k = 0;
  double sum = 0;
  for (i = 0; i < n; i++) {
    if (o[i].term != term || o[i].tier != tier || o[i].day != day) continue;
    if (k == 0) { s->lo = s->hi = o[i].usd_per_hour; s->index = i; }
    s->lo = fmin(s->lo, o[i].usd_per_hour);
    s->hi = fmax(s->hi, o[i].usd_per_hour);
    sum += log(o[i].usd_per_hour);
    k++;
  }
  if (k == 0) return 0;
  s->day = day;
  s->log_mean = sum / (double)k;
  return 1;
}

/* The observed days of the series bracketing `day`: the latest <= day (*a)
   and the earliest >= day (*b), each NAN when there is none; the span. */
static size_t bracket(const fc_rental_obs *o, size_t n, int term, int tier, double day, double *a,
                      double *b, double *first, double *last) {
  size_t i, k = 0;
  *a = *b = *first = *last = NAN;
  for (i = 0; i < n; i++) {
    double d = o[i].day;
    if (o[i].term != term || o[i].tier != tier) continue;
    k++;
    if (!(d >= *first)) *first = d;
    if (!(d <= *last)) *last = d;
    if (d <= day && !(d <= *a)) *a = d;
    if (d >= day && !(d >= *b)) *b = d;
  }
  return k;
}

static int has_series(const fc_rental_obs *o, size_t n, int term, int tier) {
  size_t i;
  for (i = 0; i < n; i++)
    if (o[i].term == term && o[i].tier == tier) return 1;
  return 0;
}

/* The quote from the series (term, tier) at `day`. */
static int quote_series(const fc_rental_obs *o, size_t n, double day, int term, int tier,
                        const fc_rental_request *rq, fc_rental_quote *q) {
  double a, b;
  day_stat sa, sb;
  q->term = term;
  q->tier = tier;
  if (!bracket(o, n, term, tier, day, &a, &b, &q->first_day, &q->last_day)) return FC_ENOTFOUND;
  if (isnan(a) || isnan(b)) { /* outside the span */
    double years, widen;
    if (!rq->extrapolate) return FC_ERANGE;
    day_of(o, n, term, tier, isnan(a) ? b : a, &sa);
    years = fabs(day - sa.day) / 365.25;
    widen = pow(10.0, rq->trend_oom_per_year * years);
    q->usd_per_hour = exp(sa.log_mean);
    q->lo_usd = isnan(b) ? sa.lo / widen : sa.lo; /* after the last: prices may have fallen */
    q->hi_usd = isnan(a) ? sa.hi * widen : sa.hi; /* before the first: they were higher */
    q->before = q->after = sa.index;
    q->how = FC_RENTAL_EXTRAPOLATED;
    return FC_OK;
  }
  day_of(o, n, term, tier, a, &sa);
  day_of(o, n, term, tier, b, &sb);
  q->before = sa.index;
  q->after = sb.index;
  if (a == b) {
    q->usd_per_hour = exp(sa.log_mean);
    q->how = FC_RENTAL_OBSERVED;
  } else {
    double w = (day - a) / (b - a);
    q->usd_per_hour = exp((1.0 - w) * sa.log_mean + w * sb.log_mean);
    q->how = FC_RENTAL_INTERPOLATED;
  }
  q->lo_usd = fmin(sa.lo, sb.lo);
  q->hi_usd = fmax(sa.hi, sb.hi);
  return FC_OK;
}

/* The tier used: the one asked for, else the first of neocloud, hyperscaler,
   marketplace whose listings of the term span the day, else the first with
   listings of the term. */
static int pick_tier(const fc_rental_obs *o, size_t n, int term, int tier, double day) {
  static const int order[] = {FC_TIER_NEOCLOUD, FC_TIER_HYPERSCALER, FC_TIER_MARKETPLACE};
  size_t i;
  if (tier >= 0) return tier;
  for (i = 0; i < sizeof order / sizeof order[0]; i++) {
    double a, b, first, last;
    if (bracket(o, n, term, order[i], day, &a, &b, &first, &last) && !isnan(a) && !isnan(b)) return order[i];
  }
  for (i = 0; i < sizeof order / sizeof order[0]; i++)
    if (has_series(o, n, term, order[i])) return order[i];
  return FC_TIER_NEOCLOUD;
}

int fc_rental_at(const fc_rental_obs *obs, size_t n, double day, const fc_rental_request *rq,
                 fc_rental_quote *q) {
  size_t i;
  int st, tier;
  if (!obs || !rq || !q || n == 0) return FC_EINVAL;
  if (rq->term < 0 || rq->term >= FC_TERM_COUNT || rq->tier < -1 || rq->tier >= FC_TIER_COUNT)
    return FC_EINVAL;
  if (!isfinite(day) || !(rq->trend_oom_per_year >= 0) || !isfinite(rq->trend_oom_per_year)) return FC_EDOM;
  for (i = 0; i < n; i++)
    if (!obs_ok(&obs[i])) return FC_EDOM;
  q->factor = 1.0;
  tier = pick_tier(obs, n, rq->term, rq->tier, day);
  st = quote_series(obs, n, day, rq->term, tier, rq, q);
  if (st == FC_ENOTFOUND && rq->convert_term && !isnan(fc_rental_epoch_cud(rq->term))) {
    /* Epoch's fallback: a committed rate from another term by its default discounts */
    static const int from[] = {FC_TERM_3Y, FC_TERM_1Y, FC_TERM_ON_DEMAND};
    size_t k;
    for (k = 0; k < sizeof from / sizeof from[0] && st == FC_ENOTFOUND; k++) {
      if (from[k] == rq->term) continue;
      st = quote_series(obs, n, day, from[k], tier, rq, q);
      if (st == FC_OK) {
        q->factor = (1.0 - fc_rental_epoch_cud(rq->term)) / (1.0 - fc_rental_epoch_cud(from[k]));
        q->usd_per_hour *= q->factor;
        q->lo_usd *= q->factor;
        q->hi_usd *= q->factor;
      }
    }
  }
  return st;
}
