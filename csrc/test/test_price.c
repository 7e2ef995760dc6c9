/* test_price.c -- price bases and prices at a date, against hand calculations. */
#include <math.h>
#include "fc.h"
#include "fc_test.h"

static double total(const fc_price_shares *s) { return s->chip + s->server + s->network; }

static void test_basis_names(void) {
  int b;
  /* ---- bases ---- */
  fc_test_int(fc_price_basis_parse("server_per_accelerator", &b), FC_OK, "parse server");
  fc_test_int(b, FC_BASIS_SERVER, "server basis");
  fc_test_int(fc_price_basis_parse("dgx", &b), FC_ENOTFOUND, "unknown basis");
  fc_test_int(fc_price_basis_name(7) == NULL, 1, "name out of range");
}

static void test_capex_shares_b200_server_basis(void) {
  fc_price_shares s;
  /* B200: DGX B200 1440GB / 8 = $47,409.13 per GPU (Epoch AI, Hardware prices.csv,
     deltacomputer 2024-12-17, "DGX, 8 GPU"): the server is in the price.
     Before: 47,409.13 x 1.64 / (1 - 0.19) = $95,989 per GPU (server counted twice).
     Server basis: capex = 47,409.13 / 0.81 = $58,529.79;
       chip 47,409.13 / 1.64 = 28,908.01; server 47,409.13 - 28,908.01 = 18,501.12;
       network 47,409.13 x 0.19 / 0.81 = 11,120.66. */
  fc_price_capex_shares(FC_BASIS_SERVER, 1.64, 0.19, &s);
  fc_test_rel(47409.13 * total(&s), 58529.79, 1e-6, "B200 DGX capex per GPU");
  fc_test_rel(47409.13 * s.chip, 28908.01, 1e-6, "B200 chip part");
  fc_test_rel(47409.13 * s.server, 18501.12, 1e-6, "B200 server part");
  fc_test_rel(47409.13 * s.network, 11120.66, 1e-6, "B200 network part");
  fc_price_capex_shares(FC_BASIS_CHIP, 1.64, 0.19, &s);
  fc_test_rel(47409.13 * total(&s), 95989.3, 1e-5, "the double count, for the record");
}

static void test_capex_shares_h100_on_each_basis(void) {
  fc_price_shares s;
  /* H100 SXM, same quarter (Epoch rows of 2025-03-03): single unit $31,250 (chip):
     31,250 x 1.64 / 0.81 = $63,271.60; DGX H100 $375,000 / 8 = $46,875 (server):
     46,875 / 0.81 = $57,870.37 -- the two bases agree within 9 %. */
  fc_price_capex_shares(FC_BASIS_CHIP, 1.64, 0.19, &s);
  fc_test_rel(31250 * total(&s), 63271.60, 1e-6, "H100 single-unit capex");
  fc_test_rel(31250 * s.server, 31250 * 0.64, 1e-12, "chip basis: server = P (S - 1)");
  fc_price_capex_shares(FC_BASIS_BOARD, 1.64, 0.19, &s);
  fc_test_rel(31904.63 * total(&s), 64596.98, 1e-6, "H100 HGX board capex: 31,904.63 x 1.64 / 0.81");
  fc_price_capex_shares(FC_BASIS_SERVER, 1.64, 0.19, &s);
  fc_test_rel(46875 * total(&s), 57870.37, 1e-6, "H100 DGX capex");
  /* system basis: the price is the whole capex; network 19 % of it, the rest split by S */
  fc_price_capex_shares(FC_BASIS_SYSTEM, 1.64, 0.19, &s);
  fc_test_rel(total(&s), 1.0, 1e-12, "system: capex = price");
  fc_test_rel(s.network, 0.19, 1e-12, "system: network share 0.19");
  fc_test_rel(s.chip, 0.81 / 1.64, 1e-12, "system: chip 0.81 / 1.64");
  fc_test_int(fc_price_capex_shares(FC_BASIS_CHIP, 0.9, 0.19, &s), FC_EDOM, "S < 1");
  fc_test_int(fc_price_capex_shares(FC_BASIS_CHIP, 1.64, 1.0, &s), FC_EDOM, "network 1");
  fc_test_int(fc_price_capex_shares(9, 1.64, 0.19, &s), FC_EINVAL, "bad basis");
}

static void test_date_days(void) {
  double d;
  /* ---- dates: days since 1970-01-01 (Python: (date(2024,2,24) - date(1970,1,1)).days) ---- */
  fc_price_date_days("2024-02-24", &d);
  fc_test_rel(d, 19777, 0, "2024-02-24");
  fc_price_date_days("2000-03", &d);
  fc_test_rel(d, 11017, 0, "2000-03 = 2000-03-01 (a leap century)");
  fc_price_date_days("1970", &d);
  fc_test_rel(d, 0, 0, "1970");
  fc_test_int(fc_price_date_days("2023-02-29", &d), FC_EDOM, "2023-02-29");
  fc_test_int(fc_price_date_days("2024-13", &d), FC_EDOM, "month 13");
  fc_test_int(fc_price_date_days("24-01-01", &d), FC_EDOM, "two-digit year");
  fc_test_int(fc_price_date_days("2024-1-01", &d), FC_EDOM, "one-digit month");
}

static void test_price_at_nearest_observation_and_trend(void) {
  double d, p;
  size_t idx;
  /* H100 observations (Epoch AI Hardware prices.csv): HGX 2023-09-06 $31,119.50 (board),
     DGX 2023-05-29 $33,750 (server), HGX 2024-07-31 $36,017.75 (board) */
  fc_price_obs o[3];
  fc_price_date_days("2023-09-06", &o[0].day); o[0].price = 31119.50; o[0].basis = FC_BASIS_BOARD;
  fc_price_date_days("2023-05-29", &o[1].day); o[1].price = 33750; o[1].basis = FC_BASIS_SERVER;
  fc_price_date_days("2024-07-31", &o[2].day); o[2].price = 36017.75; o[2].basis = FC_BASIS_BOARD;
  /* exact date: the observation itself */
  fc_price_at(o, 3, o[1].day, 0.14, &p, &idx);
  fc_test_rel(p, 33750, 1e-15, "exact observation");
  fc_test_int((long long)idx, 1, "exact observation index");
  /* 2024-01-01: nearest is 2023-09-06 (117 days before; 2024-07-31 is 212 after).
     31,119.50 x 10^(-0.14 x 117 / 365.25) = 31,119.50 x 10^(-0.044846) = 31,119.50 x 0.901891
     = $28,066.4 */
  fc_price_date_days("2024-01-01", &d);
  fc_price_at(o, 3, d, 0.14, &p, &idx);
  fc_test_int((long long)idx, 0, "nearest is 2023-09-06");
  fc_test_rel(p, 31119.50 * pow(10, -0.14 * 117 / 365.25), 1e-12, "declined price, formula");
  fc_test_rel(p, 28066.4, 1e-5, "declined price by hand: $28,066.4");
  /* before the observation the price is higher: 2023-01-01 is 148 days before 2023-05-29:
     33,750 x 10^(0.14 x 148 / 365.25) = 33,750 x 1.139537 = $38,459.4 */
  fc_price_date_days("2023-01-01", &d);
  fc_price_at(o, 3, d, 0.14, &p, &idx);
  fc_test_rel(p, 38459.4, 1e-5, "earlier date: higher price");
  /* the chip's own trend over its board observations: two points,
     slope = log10(36,017.75 / 31,119.50) / (329 / 365.25) = 0.063484 / 0.900753 = 0.070479
     OOM per year of RISE -> decline -0.070479 */
  fc_test_int(fc_price_decline_fit(o, 3, FC_BASIS_BOARD, &d), FC_OK, "fit status");
  fc_test_rel(d, -0.070479, 1e-4, "H100 board prices rose 0.07 OOM a year (2023-09..2024-07)");
  fc_test_int(fc_price_decline_fit(o, 3, FC_BASIS_SERVER, &d), FC_EDOM, "one server point: no fit");
  fc_test_int(fc_price_at(o, 0, 0, 0.14, &p, &idx), FC_EINVAL, "no observations");
  fc_test_int(fc_price_at(o, 3, NAN, 0.14, &p, &idx), FC_EDOM, "NaN day");
  o[2].price = -1;
  fc_test_int(fc_price_at(o, 3, 0, 0.14, &p, &idx), FC_EDOM, "negative price");
}

static void test_epoch_value_llama_405b(void) {
  double p, acq;
  size_t idx;
  /* Epoch AI's value of the Llama 3.1 405B hardware at the start of training
     (cost_analysis_standalone.py): first DGX H100 row 2022-09-29 $44,489.88
     (deltacomputer, EUR->USD); H100 SXM5 released 2022-09-20 (Chip dataset), so
     acquired 2022-12-19 (release + 90 d); training starts 2024-07-23 - 2142 h - 60 d
     = 2024-02-24 18:00; 432 whole days later:
     44,489.88 x 10^(-0.14 x 432 / 365.25) = 44,489.88 x 0.682997 = $30,386.17 */
  fc_price_obs o[2];
  double rel, start;
  fc_price_date_days("2024-03-21", &o[0].day); o[0].price = 37080.50; o[0].basis = FC_BASIS_SERVER;
  fc_price_date_days("2022-09-29", &o[1].day); o[1].price = 44489.88; o[1].basis = FC_BASIS_SERVER;
  fc_price_date_days("2022-09-20", &rel);
  fc_price_date_days("2024-07-23", &start);
  start -= 2142.0 / 24 + 60;
  fc_test_int(fc_price_epoch_value(o, 2, rel, start, 0.14, &p, &idx, &acq), FC_OK, "epoch status");
  fc_test_int((long long)idx, 1, "the earliest server-basis row");
  fc_test_rel(acq, 19345, 0, "acquired 2022-12-19");
  fc_test_rel(p, 30386.17, 1e-6, "Epoch's H100 value for Llama 3.1 405B");
  /* training before acquisition: no decline */
  fc_test_int(fc_price_epoch_value(o, 2, rel, rel, 0.14, &p, &idx, &acq), FC_OK, "early start");
  fc_test_rel(p, 44489.88, 1e-15, "used no earlier than acquired");
}

static void test_epoch_tpu_value(void) {
  double p;
  size_t idx;
  /* ---- Epoch's TPU rule: TPU v4's TPU-equivalent $5,167 (cost_analysis_standalone.py
     TPU_EQUIVALENT_RELEASE_PRICES) acquired at its release 2021-05-20 (day 18767); PaLM starts
     2021-12-01 (day 18962): 195 days, 5167 x 10^(-0.14 x 195 / 365.25) = $4,350.06.
     A start before the release (2021-01-01, day 18628) is allowed for TPUs and values it
     higher: 5167 x 10^(0.14 x 139 / 365.25) = $5,841.40. ---- */
  fc_price_obs tpu[] = {{18767, 5167, FC_BASIS_CHIP}};
  fc_test_int(fc_price_epoch_tpu_value(tpu, 1, 18962, 0.14, &p, &idx), FC_OK, "TPU value");
  fc_test_rel(p, 4350.058876912304, 1e-12, "PaLM: TPU v4 at 2021-12-01");
  fc_price_epoch_tpu_value(tpu, 1, 18628, 0.14, &p, &idx);
  fc_test_rel(p, 5841.401231203908, 1e-12, "a TPU start before release");
  fc_test_int(fc_price_epoch_tpu_value(tpu, 0, 18962, 0.14, &p, &idx), FC_EINVAL, "n = 0");
}

static void test_dated_interpolated_nearest_extrapolated(void) {
  /* ---- dated prices (fc_price_dated): A100 server-basis rows 2022-01-20 $20,875 (day 19012)
     and 2023-09-23 $18,548.75 (day 19623), release 2020-11 (day 18567); at 2023-01-01 (day
     19358): w = 346 / 611, 20875^(1-w) x 18548.75^w = $19,524.03 ---- */
  fc_price_obs a100[] = {{19012, 20875, FC_BASIS_SERVER}, {19623, 18548.75, FC_BASIS_SERVER},
                         {19700, 17500, FC_BASIS_CHIP}};
  fc_price_quote q;
  double w = 346.0 / 611.0;
  fc_test_int(fc_price_dated(a100, 3, 18567, 19358, 0, 0.14, &q), FC_OK, "dated");
  fc_test_rel(q.price, pow(20875, 1 - w) * pow(18548.75, w), 1e-12, "interpolated in one basis");
  fc_test_int(q.how, FC_PRICE_INTERPOLATED, "how: interpolated");
  /* day 19680: before it the server row of day 19623, after it the chip row of day 19700
     (another basis): the nearer (20 days) is used as it is */
  fc_price_dated(a100, 3, 18567, 19680, 0, 0.14, &q);
  fc_test_rel(q.price, 17500, 0, "different bases: the nearer");
  fc_test_int(q.how, FC_PRICE_NEAREST, "how: nearest");
  fc_test_int(fc_price_dated(a100, 3, 18567, 18000, 1, 0.14, &q), FC_ERANGE, "before release: always");
  fc_test_int(fc_price_dated(a100, 3, 18567, 20000, 0, 0.14, &q), FC_ERANGE, "after the last: refused");
  /* asked: held at $17,500 with the range it would fall to in 300 days at 0.14 OOM/y */
  fc_test_int(fc_price_dated(a100, 3, 18567, 20000, 1, 0.14, &q), FC_OK, "extrapolated");
  fc_test_rel(q.price, 17500, 0, "held");
  fc_test_rel(q.lo, 17500 * pow(10, -0.14 * 300 / 365.25), 1e-12, "range low");
  fc_test_int(q.how, FC_PRICE_EXTRAPOLATED, "how: extrapolated");
}

int main(void) {
  test_basis_names();
  test_capex_shares_b200_server_basis();
  test_capex_shares_h100_on_each_basis();
  test_date_days();
  test_price_at_nearest_observation_and_trend();
  test_epoch_value_llama_405b();
  test_epoch_tpu_value();
  test_dated_interpolated_nearest_extrapolated();
  return fc_test_summary("price");
}
