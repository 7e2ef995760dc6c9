/* test_rental.c -- rentals at a date by term and tier, against hand calculations
   on listings of Epoch AI's data/Hardware prices.csv (commit 263c40a). */
#include <math.h>
#include <string.h>
#include "fc.h"
#include "fc_test.h"

enum { OD = FC_TERM_ON_DEMAND, Y1 = FC_TERM_1Y, Y3 = FC_TERM_3Y };
enum { HS = FC_TIER_HYPERSCALER, NC = FC_TIER_NEOCLOUD };

/* V100 listings (days since 1970-01-01): AWS 2018-06-08 (17690) on demand 3.06,
   3y 1.23; Azure 2018-12-30 (17895) 3.06 / 1.16; AWS 2019-07-08 (18085) and
   2019-08-05 (18113) 3.90 / 1.21; Azure 2019-08-06 (18114) 3.06 / 1.16;
   Azure 2024-01-29 (19751) 3y 1.63 and 1.79 (two instance types);
   Lambda 2022-08-04 (19208) on demand 0.55 (a neocloud). */
static const fc_rental_obs v100[] = {
  {17690, 3.06, OD, HS}, {17690, 1.23, Y3, HS}, {17895, 3.06, OD, HS}, {17895, 1.16, Y3, HS},
  {18085, 3.90, OD, HS}, {18085, 1.21, Y3, HS}, {18113, 3.90, OD, HS}, {18113, 1.21, Y3, HS},
  {18114, 3.06, OD, HS}, {18114, 1.16, Y3, HS}, {19751, 1.63, Y3, HS}, {19751, 1.79, Y3, HS},
  {19208, 0.55, OD, NC},
};
#define NV (sizeof v100 / sizeof v100[0])

static fc_rental_request req(int term, int tier) {
  fc_rental_request r = {0, -1, 0, 0.14, 0};
  r.term = term;
  r.tier = tier;
  return r;
}

static void test_gpt3_epoch(void) {
  /* GPT-3 under Epoch: training start 2019-10-01 (hard-coded), acquisition 60 days
     earlier, 2019-08-02 (18110): between 2019-07-08 and 2019-08-05, both 1.21/h 3y.
     Epoch's own cloud cost: $4,336,473 / 3,552,000 chip-hours = $1.2209/h
     (model_costs.csv, Cloud_Cost): within 1 %. The old path moved the 2025
     on-demand rental back along 0.14 OOM/year to $14.53/h. */
  fc_rental_request r = req(Y3, HS);
  fc_rental_quote q;
  fc_test_int(fc_rental_at(v100, NV, 18110, &r, &q), FC_OK, "GPT-3 rental");
  fc_test_rel(q.usd_per_hour, 1.21, 1e-12, "GPT-3: V100 3y committed at 2019-08-02");
  fc_test_rel(q.usd_per_hour, 4336473.295 / 3552000.0, 0.01, "GPT-3: Epoch's $1.2209/h within 1 %");
  fc_test_int(q.how, FC_RENTAL_INTERPOLATED, "GPT-3: interpolated");
}

static void test_interpolation(void) {
  fc_rental_request r = req(Y3, HS);
  fc_rental_quote q;
  /* on 2018-12-30 exactly: observed 1.16 */
  fc_rental_at(v100, NV, 17895, &r, &q);
  fc_test_rel(q.usd_per_hour, 1.16, 1e-12, "observed day");
  fc_test_int(q.how, FC_RENTAL_OBSERVED, "observed");
  /* halfway between 2018-06-08 (1.23) and 2018-12-30 (1.16): day 17792.5 ->
     sqrt(1.23 x 1.16) = 1.194487 (log-linear); range [1.16, 1.23] */
  fc_rental_at(v100, NV, 17792.5, &r, &q);
  fc_test_rel(q.usd_per_hour, sqrt(1.23 * 1.16), 1e-12, "log-linear halfway");
  fc_test_rel(q.lo_usd, 1.16, 0, "range low");
  fc_test_rel(q.hi_usd, 1.23, 0, "range high");
  /* on 2024-01-29: two listings 1.63 and 1.79 -> geometric mean 1.708157 */
  fc_rental_at(v100, NV, 19751, &r, &q);
  fc_test_rel(q.usd_per_hour, sqrt(1.63 * 1.79), 1e-12, "same-day listings: geometric mean");
  fc_test_rel(q.hi_usd, 1.79, 0, "same-day range high");
}

static void test_outside(void) {
  fc_rental_request r = req(Y3, HS);
  fc_rental_quote q;
  /* 2026-01-01 (20454) is after the last 3y listing (2024-01-29, 19751) */
  fc_test_int(fc_rental_at(v100, NV, 20454, &r, &q), FC_ERANGE, "after the span: an error");
  fc_test_rel(q.first_day, 17690, 0, "span first");
  fc_test_rel(q.last_day, 19751, 0, "span last");
  fc_test_int(fc_rental_at(v100, NV, 17167, &r, &q), FC_ERANGE, "before the span: an error");
  /* asked: held flat at 1.708157, range low 1.63 x 10^(-0.14 x 703/365.25) = 0.8727 */
  r.extrapolate = 1;
  fc_test_int(fc_rental_at(v100, NV, 20454, &r, &q), FC_OK, "extrapolation asked");
  fc_test_rel(q.usd_per_hour, sqrt(1.63 * 1.79), 1e-12, "held flat");
  fc_test_rel(q.lo_usd, 1.63 * pow(10, -0.14 * 703 / 365.25), 1e-12, "range widens after");
  fc_test_rel(q.hi_usd, 1.79, 0, "no rise after the last");
  fc_test_int(q.how, FC_RENTAL_EXTRAPOLATED, "labelled extrapolated");
  /* before the first (2017-01-01, 523 days before 2018-06-08): hi 1.23 x 10^(0.14 x 523/365.25) */
  fc_rental_at(v100, NV, 17167, &r, &q);
  fc_test_rel(q.hi_usd, 1.23 * pow(10, 0.14 * 523 / 365.25), 1e-12, "range widens before");
}

static void test_tiers_terms(void) {
  fc_rental_request r = req(OD, -1);
  fc_rental_quote q;
  /* no tier asked: the neocloud listing first (Lambda 0.55 on 2022-08-04) */
  fc_test_int(fc_rental_at(v100, NV, 19208, &r, &q), FC_OK, "default tier");
  fc_test_int(q.tier, NC, "default tier: neocloud");
  fc_test_rel(q.usd_per_hour, 0.55, 0, "neocloud on demand");
  /* no tier asked in mid-2019: the neocloud listings (2022) do not span it, the
     hyperscaler ones do: AWS 3.90 both sides */
  r.tier = -1;
  fc_rental_at(v100, NV, 18100, &r, &q);
  fc_test_int(q.tier, HS, "default tier: the one whose listings span the day");
  /* the hyperscaler on demand in mid-2019: AWS 3.90 both sides */
  r.tier = HS;
  fc_rental_at(v100, NV, 18100, &r, &q);
  fc_test_rel(q.usd_per_hour, 3.90, 1e-12, "hyperscaler on demand");
  /* no 1y listing at all: not found, or Epoch's conversion from 3y:
     1.21 x (1 - 0.41) / (1 - 0.64) = 1.983056 */
  r.term = Y1;
  fc_test_int(fc_rental_at(v100, NV, 18100, &r, &q), FC_ENOTFOUND, "no 1y listing");
  r.convert_term = 1;
  fc_test_int(fc_rental_at(v100, NV, 18100, &r, &q), FC_OK, "converted");
  fc_test_rel(q.usd_per_hour, 1.21 * 0.59 / 0.36, 1e-12, "Epoch's CUD conversion 3y -> 1y");
  fc_test_int(q.term, Y3, "the term used");
}

static void test_errors(void) {
  fc_rental_request r = req(Y3, HS);
  fc_rental_quote q;
  fc_rental_obs bad[] = {{17690, -1.0, Y3, HS}};
  fc_test_int(fc_rental_at(v100, 0, 18110, &r, &q), FC_EINVAL, "n = 0");
  fc_test_int(fc_rental_at(bad, 1, 18110, &r, &q), FC_EDOM, "negative listing");
  fc_test_int(fc_rental_at(v100, NV, NAN, &r, &q), FC_EDOM, "NaN day");
  r.term = 9;
  fc_test_int(fc_rental_at(v100, NV, 18110, &r, &q), FC_EINVAL, "bad term");
  r.term = Y3;
  r.trend_oom_per_year = -1;
  fc_test_int(fc_rental_at(v100, NV, 18110, &r, &q), FC_EDOM, "negative trend");
  fc_test_int(strcmp(fc_rental_how_name(FC_RENTAL_EXTRAPOLATED), "extrapolated") == 0, 1, "how name");
}

int main(void) {
  test_gpt3_epoch();
  test_interpolation();
  test_outside();
  test_tiers_terms();
  test_errors();
  return fc_test_summary("rental");
}
