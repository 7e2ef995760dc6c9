/*
** fc_rental.h -- the rental price of an accelerator-hour at a date, from a
** chip's own dated observations, by term and provider tier.
**
** A rental is quoted for a term (on demand, 1-year or 3-year commitment,
** spot) by a provider of a tier (hyperscaler: AWS, Azure, Google Cloud,
** Oracle; neocloud: Lambda, RunPod, CoreWeave...; marketplace: vast.ai...).
** A chip's rental does not follow the cross-generation price-performance
** trend (Epoch AI's own table lists the V100 at $3.06/h on demand on AWS and
** Azure from 2018 to 2025: data/Hardware prices.csv), so a rental at a date
** comes from that chip's observations of one term and tier only:
**   - on an observed day: the geometric mean of that day's listings;
**   - between two observed days a < t < b: log-linear interpolation,
**       R(t) = R(a)^(1-w) R(b)^w, w = (t - a) / (b - a),
**     with the range [min, max] of the listings on a and b;
**   - outside [first, last]: FC_ERANGE, unless extrapolation is asked for:
**     then the nearest day's rental held flat, labelled, with a range that
**     widens along +-trend OOM per year (prices fall after the last
**     observation, were higher before the first):
**       after:  [R x 10^(-d years), R]     before: [R, R x 10^(d years)].
** Epoch AI's cloud cost (cost_analysis_standalone.py, find_price/apply_cud)
** prices at 3-year committed rates; when a chip has no 3-year observation it
** converts a 1-year or on-demand rate with its default discounts (AWS, its
** default vendor: 1-year 0.41, 3-year 0.64 off on demand):
**   R_3y = R_x (1 - 0.64) / (1 - cud_x).
** Epoch takes the listing nearest the acquisition date (training start - 60
** days), before it when there is one: outside the span it holds the nearest
** rental flat, which fc_rental_at does when asked to extrapolate.
** Every function returns FC_OK or an error status; nothing prints.
*/
#ifndef FC_RENTAL_H
#define FC_RENTAL_H

#include <stddef.h>

enum { FC_TERM_ON_DEMAND = 0, FC_TERM_1Y, FC_TERM_3Y, FC_TERM_SPOT, FC_TERM_COUNT };
enum { FC_TIER_HYPERSCALER = 0, FC_TIER_NEOCLOUD, FC_TIER_MARKETPLACE, FC_TIER_COUNT };
/* How a quote was obtained. */
enum {
  FC_RENTAL_OBSERVED = 0,  /* on an observed day */
  FC_RENTAL_INTERPOLATED,  /* between two observed days */
  FC_RENTAL_EXTRAPOLATED   /* outside the observed span, held flat (asked for) */
};

/* "on_demand", "1y", "3y", "spot" and "hyperscaler", "neocloud",
   "marketplace", NULL-terminated (the catalog's enums). */
extern const char *const fc_rental_term_names[];
extern const char *const fc_rental_tier_names[];
/* "observed", "interpolated", "extrapolated" */
const char *fc_rental_how_name(int how);

/* Epoch AI's default committed-use discount of a term (on demand 0, 1y 0.41,
   3y 0.64; AWS, DEFAULT_CUD in cost_analysis_standalone.py); NaN for spot. */
double fc_rental_epoch_cud(int term);

/* One dated listing: day (days since 1970-01-01), USD per accelerator-hour
   (> 0), term and tier (the enums above). */
typedef struct {
  double day, usd_per_hour;
  int term, tier;
} fc_rental_obs;

typedef struct {
  int term;          /* FC_TERM_* wanted */
  int tier;          /* FC_TIER_*, or -1: the first of neocloud, hyperscaler,
                        marketplace whose listings of the term span the day,
                        else the first with listings of the term */
  int extrapolate;   /* 1: outside the span, hold the nearest flat */
  double trend_oom_per_year; /* >= 0: the range's widening when extrapolating */
  int convert_term;  /* 1: no listing of the term in the tier -> convert the
                        1-year, else on-demand listings by Epoch's discounts */
} fc_rental_request;

typedef struct {
  double usd_per_hour, lo_usd, hi_usd; /* the rental and its range */
  int term, tier;      /* the listings used (term before any conversion) */
  double factor;       /* the conversion applied (1 when none) */
  int how;             /* FC_RENTAL_* */
  size_t before, after; /* indices of the listings bracketing the day */
  double first_day, last_day; /* the span of the listings used */
} fc_rental_quote;

/*
** The rental at `day` (rules above). On FC_ERANGE, q->first_day and
** q->last_day still give the span, for the message.
** Errors: FC_EINVAL (NULL, n = 0, bad term/tier in the request),
** FC_EDOM (a non-finite day, a listing <= 0 or with a bad term/tier, a
** trend < 0), FC_ENOTFOUND (no listing of that term and tier),
** FC_ERANGE (the day outside the observed span, extrapolation not asked).
*/
int fc_rental_at(const fc_rental_obs *obs, size_t n, double day, const fc_rental_request *rq,
                 fc_rental_quote *q);

#endif
