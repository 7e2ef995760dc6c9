/* fc_price.c -- price bases and prices at a date; formulas and sources in fc_price.h. */
#include <math.h>
#include <string.h>
#include "fc_status.h"
#include "fc_price.h"

static const char *const basis_names[FC_BASIS_COUNT] = {
  "chip", "board", "server_per_accelerator", "system_per_accelerator"
};

int fc_price_basis_parse(const char *name, int *basis) {
  int i;
  if (!name || !basis) return FC_EINVAL;
  for (i = 0; i < FC_BASIS_COUNT; i++)
    if (strcmp(name, basis_names[i]) == 0) { *basis = i; return FC_OK; }
  return FC_ENOTFOUND;
}

const char *fc_price_basis_name(int basis) {
  return basis >= 0 && basis < FC_BASIS_COUNT ? basis_names[basis] : NULL;
}

const char *fc_price_basis_list(void) {
  return "'chip', 'board', 'server_per_accelerator' or 'system_per_accelerator'";
}

int fc_price_capex_shares(int basis, double server_multiple, double network_fraction,
                          fc_price_shares *s) {
  double S = server_multiple, n = network_fraction, base;
  if (!s || basis < 0 || basis >= FC_BASIS_COUNT) return FC_EINVAL;
  if (!(S >= 1.0 && isfinite(S)) || !(n >= 0.0 && n < 1.0)) return FC_EDOM;
  switch (basis) {
    case FC_BASIS_CHIP:
    case FC_BASIS_BOARD: /* the price is the accelerator: add the server and the network */
      s->chip = 1.0;
      s->server = S - 1.0;
      s->network = S * n / (1.0 - n);
      return FC_OK;
    case FC_BASIS_SERVER: /* the server is in the price: add the network only */
      base = 1.0;
      break;
    default: /* FC_BASIS_SYSTEM: the network is in the price too */
      base = 1.0 - n;
      break;
  }
  /* the server part (base) splits into the accelerator and the rest of the server by S */
  s->chip = base / S;
  s->server = base - base / S;
  s->network = base * n / (1.0 - n);
  return FC_OK;
}

/* Days from 1970-01-01 to y-m-d (proleptic Gregorian; Hinnant's days_from_civil). */
static long days_from_civil(long y, unsigned m, unsigned d) {
  long era;
  unsigned yoe, doy, doe;
  y -= m <= 2;
  era = (y >= 0 ? y : y - 399) / 400;
  yoe = (unsigned)(y - era * 400);
  doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + (long)doe - 719468;
}

static int digits(const char *s, int n, int *out) {
  int i, v = 0;
  for (i = 0; i < n; i++) {
    if (s[i] < '0' || s[i] > '9') return 0;
    v = v * 10 + (s[i] - '0');
  }
  *out = v;
  return 1;
}

int fc_price_date_days(const char *iso, double *days) {
  static const int mdays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  int y, m = 1, d = 1, leap, len;
  if (!iso || !days) return FC_EINVAL;
  len = (int)strlen(iso);
  if (!(len == 4 || len == 7 || len == 10) || !digits(iso, 4, &y)) return FC_EDOM;
  if (len >= 7 && (iso[4] != '-' || !digits(iso + 5, 2, &m))) return FC_EDOM;
  if (len == 10 && (iso[7] != '-' || !digits(iso + 8, 2, &d))) return FC_EDOM;
  if (y < 1900 || y > 2199 || m < 1 || m > 12) return FC_EDOM;
  leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  if (d < 1 || d > mdays[m - 1] + (m == 2 && leap)) return FC_EDOM;
  *days = (double)days_from_civil(y, (unsigned)m, (unsigned)d);
  return FC_OK;
}

static int obs_ok(const fc_price_obs *o) {
  return isfinite(o->day) && isfinite(o->price) && o->price > 0.0 && o->basis >= 0 &&
         o->basis < FC_BASIS_COUNT;
}

/* P x 10^(-d years) */
static double moved(double price, double from_day, double to_day, double d) {
  return price * pow(10.0, -d * (to_day - from_day) / FC_DAYS_PER_YEAR);
}

int fc_price_at(const fc_price_obs *obs, size_t n, double day, double decline_oom_per_year,
                double *price, size_t *index) {
  size_t i, best = 0;
  double bestd = INFINITY;
  if (!obs || n == 0 || !price) return FC_EINVAL;
  if (!isfinite(day) || !isfinite(decline_oom_per_year)) return FC_EDOM;
  for (i = 0; i < n; i++) {
    double dist;
    if (!obs_ok(&obs[i])) return FC_EDOM;
    dist = fabs(obs[i].day - day);
    /* nearest; on a tie the later observation */
    if (dist < bestd || (dist == bestd && obs[i].day > obs[best].day)) { best = i; bestd = dist; }
  }
  *price = moved(obs[best].price, obs[best].day, day, decline_oom_per_year);
  if (index) *index = best;
  return isfinite(*price) ? FC_OK : FC_ERANGE;
}

const char *fc_price_how_name(int how) {
  static const char *const names[] = {"observed", "interpolated", "nearest", "extrapolated"};
  return how >= 0 && how <= FC_PRICE_EXTRAPOLATED ? names[how] : NULL;
}

/* The observation at or before `day` (side < 0) or at or after it (side > 0)
   nearest to it, preferring basis `basis` on that day (-1: the first listed);
   n when none. */
static size_t nearest_side(const fc_price_obs *o, size_t n, double day, int side, int basis) {
  size_t i, best = n;
  for (i = 0; i < n; i++) {
    double d = o[i].day;
    if ((side < 0 && d > day) || (side > 0 && d < day)) continue;
    if (best == n || (side < 0 ? d > o[best].day : d < o[best].day) ||
        (d == o[best].day && o[best].basis != basis && o[i].basis == basis))
      best = i;
  }
  return best;
}

static int price_outside(const fc_price_obs *obs, size_t n, double day, int extrapolate, double d,
                         fc_price_quote *q) {
  size_t k = nearest_side(obs, n, day, day < q->first_day ? 1 : -1, -1);
  double m;
  if (!extrapolate) return FC_ERANGE;
  m = moved(obs[k].price, obs[k].day, day, d);
  q->index = k;
  q->price = obs[k].price;
  q->lo = fmin(q->price, m);
  q->hi = fmax(q->price, m);
  q->how = FC_PRICE_EXTRAPOLATED;
  return isfinite(m) ? FC_OK : FC_ERANGE;
}

int fc_price_dated(const fc_price_obs *obs, size_t n, double release_day, double day, int extrapolate,
                   double decline_oom_per_year, fc_price_quote *q) {
  size_t i, a, b;
  if (!obs || n == 0 || !q) return FC_EINVAL;
  if (!isfinite(day) || !isfinite(decline_oom_per_year) || isinf(release_day)) return FC_EDOM;
  q->first_day = INFINITY;
  q->last_day = -INFINITY;
  for (i = 0; i < n; i++) {
    if (!obs_ok(&obs[i])) return FC_EDOM;
    q->first_day = fmin(q->first_day, obs[i].day);
    q->last_day = fmax(q->last_day, obs[i].day);
  }
  if (day < release_day) return FC_ERANGE; /* not on the market yet */
  if (day < q->first_day || day > q->last_day)
    return price_outside(obs, n, day, extrapolate, decline_oom_per_year, q);
  a = nearest_side(obs, n, day, -1, obs[0].basis);
  b = nearest_side(obs, n, day, 1, obs[a].basis);
  q->index = a;
  q->price = q->lo = q->hi = obs[a].price;
  q->how = FC_PRICE_OBSERVED;
  if (obs[a].day == day) return FC_OK;
  if (obs[b].basis == obs[a].basis) {
    double w = (day - obs[a].day) / (obs[b].day - obs[a].day);
    q->price = exp((1.0 - w) * log(obs[a].price) + w * log(obs[b].price));
    q->lo = fmin(obs[a].price, obs[b].price);
    q->hi = fmax(obs[a].price, obs[b].price);
    q->how = FC_PRICE_INTERPOLATED;
  } else {
    if (obs[b].day - day < day - obs[a].day) q->index = a = b;
    q->price = q->lo = q->hi = obs[a].price;
    q->how = FC_PRICE_NEAREST;
  }
  return FC_OK;
}

int fc_price_decline_fit(const fc_price_obs *obs, size_t n, int basis, double *decline_oom_per_year) {
  size_t i, k = 0;
  double mx = 0.0, my = 0.0, sxx = 0.0, sxy = 0.0;
  if (!obs || !decline_oom_per_year || basis < 0 || basis >= FC_BASIS_COUNT) return FC_EINVAL;
  for (i = 0; i < n; i++) {
    if (!obs_ok(&obs[i])) return FC_EDOM;
    if (obs[i].basis != basis) continue;
    k++;
    mx += obs[i].day / FC_DAYS_PER_YEAR;
    my += log10(obs[i].price);
  }
  if (k < 2) return FC_EDOM;
  mx /= (double)k;
  my /= (double)k;
  for (i = 0; i < n; i++) {
    double x, y;
    if (obs[i].basis != basis) continue;
    x = obs[i].day / FC_DAYS_PER_YEAR - mx;
    y = log10(obs[i].price) - my;
    sxx += x * x;
    sxy += x * y;
  }
  if (!(sxx > 0.0)) return FC_EDOM; /* all at one date */
  *decline_oom_per_year = -sxy / sxx;
  return FC_OK;
}

int fc_price_epoch_tpu_value(const fc_price_obs *obs, size_t n, double start_day, double decline_oom_per_year,
                             double *price, size_t *index) {
  size_t i, first = 0;
  if (!obs || n == 0 || !price) return FC_EINVAL;
  if (!isfinite(start_day) || !isfinite(decline_oom_per_year)) return FC_EDOM;
  for (i = 0; i < n; i++) {
    if (!obs_ok(&obs[i])) return FC_EDOM;
    if (obs[i].day < obs[first].day) first = i;
  }
  /* Epoch counts whole days between the dates (pandas Timedelta.days) */
  *price = moved(obs[first].price, obs[first].day, obs[first].day + floor(start_day - obs[first].day),
                 decline_oom_per_year);
  if (index) *index = first;
  return isfinite(*price) ? FC_OK : FC_ERANGE;
}

int fc_price_epoch_value(const fc_price_obs *obs, size_t n, double release_day, double start_day,
                         double decline_oom_per_year, double *price, size_t *index,
                         double *acquired_day) {
  size_t i, pick = n, first = n;
  double acquired, start;
  if (!obs || n == 0 || !price) return FC_EINVAL;
  if (!isfinite(release_day) || !isfinite(start_day) || !isfinite(decline_oom_per_year)) return FC_EDOM;
  for (i = 0; i < n; i++) {
    if (!obs_ok(&obs[i])) return FC_EDOM;
    if (first == n || obs[i].day < obs[first].day) first = i;
    if (obs[i].basis >= FC_BASIS_SERVER && (pick == n || obs[i].day < obs[pick].day)) pick = i;
  }
  if (pick == n) pick = first;
  /* "Assume at least 3 months between release and when someone first acquired it" */
  acquired = obs[pick].day < release_day + 90.0 ? release_day + 90.0 : obs[pick].day;
  /* for GPUs, training can only start after acquisition */
  start = start_day < acquired ? acquired : start_day;
  /* Epoch counts whole days between the dates (pandas Timedelta.days) */
  *price = moved(obs[pick].price, acquired, acquired + floor(start - acquired), decline_oom_per_year);
  if (index) *index = pick;
  if (acquired_day) *acquired_day = acquired;
  return isfinite(*price) ? FC_OK : FC_ERANGE;
}
