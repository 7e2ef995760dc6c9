/* test_stock.c -- supply-limited chips, binding links, shadow prices, die
   banks and national stock against hand calculations written out below. */
#include <math.h>
#include <string.h>
#include "fc.h"
#include "fc_sensitivity.h"
#include "fc_stock.h"
#include "fc_test.h"

/* The base chip-year: 1,000 wafers a month, 60 dies a wafer, 50 % yield, two
   logic dies a chip (an Ascend 910C-like package), eight HBM stacks a chip.
   wafers = 1000 x 12 x 60 x 0.5 / 2 = 180,000 chips. */
static void base(double in[FC_STOCK_NINPUTS], int present[FC_STOCK_NINPUTS]) {
  int i;
  for (i = 0; i < FC_STOCK_NINPUTS; i++) { in[i] = 0.0; present[i] = 1; }
  in[FC_STOCK_WAFERS_PER_MONTH] = 1000; in[FC_STOCK_DIES_PER_WAFER] = 60; in[FC_STOCK_DIE_YIELD] = 0.5;
  in[FC_STOCK_DIES_PER_CHIP] = 2; in[FC_STOCK_PACKAGES_PER_MONTH] = 100000;      /* 1.2M a year */
  in[FC_STOCK_HBM_STACKS_PER_YEAR] = 10e6; in[FC_STOCK_HBM_STACKS_PER_CHIP] = 8; /* 1.25M */
  in[FC_STOCK_LICENCE_CAP] = 0; present[FC_STOCK_LICENCE_CAP] = 0;              /* no cap */
  in[FC_STOCK_SHARE] = 1;
}

static void test_wafers_bind(void) {
  double in[FC_STOCK_NINPUTS];
  int present[FC_STOCK_NINPUTS], bad;
  fc_stock_year y;
  base(in, present);
  fc_test_int(fc_stock_supply_year(in, present, 0.0, &y, &bad), FC_OK, "wafers: status");
  fc_test_rel(y.chips, 180000, 1e-12, "wafers: 1000 x 12 x 60 x 0.5 / 2");
  fc_test_int(y.binding, FC_STOCK_BIND_WAFERS, "wafers: binding");
  fc_test_int(y.tied, 0, "wafers: not tied");
  fc_test_int(isinf(y.limit[FC_STOCK_BIND_LICENCE]) != 0, 1, "no cap: licence link unlimited");
  /* d chips / d wafers_per_month = 12 x 60 x 0.5 / 2 = 180; / d dies_per_wafer = 12 x 1000 x 0.5 / 2
     = 3000; / d yield = 12 x 1000 x 60 / 2 = 360,000; / d bank die = 1/2; / d dies_per_chip = -180000/2 */
  fc_test_rel(y.shadow[FC_STOCK_WAFERS_PER_MONTH], 180, 1e-12, "shadow of a wafer a month");
  fc_test_rel(y.shadow[FC_STOCK_DIES_PER_WAFER], 3000, 1e-12, "shadow of a die a wafer");
  fc_test_rel(y.shadow[FC_STOCK_DIE_YIELD], 360000, 1e-12, "shadow of yield (per 1.0)");
  fc_test_rel(y.shadow_bank_draw, 0.5, 1e-12, "shadow of a banked die");
  fc_test_rel(y.shadow[FC_STOCK_DIES_PER_CHIP], -90000, 1e-12, "shadow of dies per chip");
  fc_test_rel(y.shadow[FC_STOCK_PACKAGES_PER_MONTH], 0, 0, "packaging does not bind: shadow 0");
  /* a bank draw of 200,000 dies adds 100,000 chips */
  fc_stock_supply_year(in, present, 200000, &y, &bad);
  fc_test_rel(y.chips, 280000, 1e-12, "wafers + bank: (720,000 + 200,000 dies) / 2");
}

static void test_packaging_binds(void) {
  double in[FC_STOCK_NINPUTS];
  int present[FC_STOCK_NINPUTS], bad;
  fc_stock_year y;
  base(in, present);
  in[FC_STOCK_PACKAGES_PER_MONTH] = 10000; /* 120,000 < 180,000 */
  fc_stock_supply_year(in, present, 0.0, &y, &bad);
  fc_test_rel(y.chips, 120000, 1e-12, "packaging: 10,000 x 12");
  fc_test_int(y.binding, FC_STOCK_BIND_PACKAGING, "packaging binds");
  fc_test_rel(y.shadow[FC_STOCK_PACKAGES_PER_MONTH], 12, 1e-12, "shadow of a package a month");
  fc_test_rel(y.shadow[FC_STOCK_WAFERS_PER_MONTH], 0, 0, "wafers do not bind: shadow 0");
}

static void test_hbm_binds(void) {
  double in[FC_STOCK_NINPUTS];
  int present[FC_STOCK_NINPUTS], bad;
  fc_stock_year y;
  base(in, present);
  in[FC_STOCK_HBM_STACKS_PER_YEAR] = 800000; /* / 8 = 100,000 */
  fc_stock_supply_year(in, present, 0.0, &y, &bad);
  fc_test_rel(y.chips, 100000, 1e-12, "hbm: 800,000 / 8");
  fc_test_int(y.binding, FC_STOCK_BIND_HBM, "hbm binds");
  fc_test_rel(y.shadow[FC_STOCK_HBM_STACKS_PER_YEAR], 0.125, 1e-12, "shadow of a stack: 1/8");
  fc_test_rel(y.shadow[FC_STOCK_HBM_STACKS_PER_CHIP], -12500, 1e-12, "shadow of stacks per chip: -100000/8");
  /* a quarter of them installed in the line's country */
  in[FC_STOCK_SHARE] = 0.25;
  fc_stock_supply_year(in, present, 0.0, &y, &bad);
  fc_test_rel(y.chips, 25000, 1e-12, "share 0.25 of 100,000");
  fc_test_rel(y.shadow[FC_STOCK_HBM_STACKS_PER_YEAR], 0.03125, 1e-12, "shadow after share: 0.25/8");
  fc_test_rel(y.shadow[FC_STOCK_SHARE], 100000, 1e-12, "shadow of share: the chips before it");
}

static void test_licence_binds_and_ties(void) {
  double in[FC_STOCK_NINPUTS];
  int present[FC_STOCK_NINPUTS], bad;
  fc_stock_year y;
  base(in, present);
  present[FC_STOCK_LICENCE_CAP] = 1;
  in[FC_STOCK_LICENCE_CAP] = 50000;
  fc_stock_supply_year(in, present, 0.0, &y, &bad);
  fc_test_rel(y.chips, 50000, 1e-12, "licence cap 50,000");
  fc_test_int(y.binding, FC_STOCK_BIND_LICENCE, "licence binds");
  fc_test_rel(y.shadow[FC_STOCK_LICENCE_CAP], 1, 1e-12, "shadow of one licensed chip: 1");
  /* a tie: packaging 15,000 a month = 180,000 = the wafer link */
  base(in, present);
  in[FC_STOCK_PACKAGES_PER_MONTH] = 15000;
  fc_stock_supply_year(in, present, 0.0, &y, &bad);
  fc_test_int(y.tied, 1, "wafers and packaging tie");
  fc_test_int(y.binding, FC_STOCK_BIND_WAFERS, "a tie names the first link");
  fc_test_rel(y.shadow[FC_STOCK_WAFERS_PER_MONTH] + y.shadow[FC_STOCK_PACKAGES_PER_MONTH], 0, 0,
              "a tie: one more unit of either input alone adds nothing");
}

static void test_domains(void) {
  double in[FC_STOCK_NINPUTS];
  int present[FC_STOCK_NINPUTS], bad;
  fc_stock_year y;
  base(in, present);
  in[FC_STOCK_DIE_YIELD] = 1.2;
  fc_test_int(fc_stock_supply_year(in, present, 0, &y, &bad), FC_EDOM, "yield 1.2: EDOM");
  fc_test_int(bad, FC_STOCK_DIE_YIELD, "yield 1.2: names die_yield");
  base(in, present);
  in[FC_STOCK_HBM_STACKS_PER_CHIP] = 0;
  fc_test_int(fc_stock_supply_year(in, present, 0, &y, &bad), FC_EDOM, "0 stacks per chip: EDOM");
  fc_test_int(bad, FC_STOCK_HBM_STACKS_PER_CHIP, "0 stacks per chip: names the input");
  base(in, present);
  fc_test_int(fc_stock_supply_year(in, present, NAN, &y, &bad), FC_EDOM, "NaN bank draw: EDOM");
  fc_test_int(bad, -1, "NaN bank draw: -1");
  present[FC_STOCK_DIE_YIELD] = 0;
  fc_stock_supply_year(in, present, 0, &y, &bad);
  fc_test_rel(y.chips, 1.2e6, 1e-12, "no yield: the wafer link is absent, packaging binds (100,000 x 12)");
  present[FC_STOCK_PACKAGES_PER_MONTH] = present[FC_STOCK_HBM_STACKS_PER_YEAR] = 0;
  fc_test_int(fc_stock_supply_year(in, present, 0, &y, &bad), FC_EINVAL, "no link at all: EINVAL");
  fc_test_int(strcmp(fc_stock_input_name(FC_STOCK_HBM_STACKS_PER_YEAR), "hbm_stacks_per_year"), 0, "names");
  fc_test_int(strcmp(fc_stock_bind_name(FC_STOCK_BIND_HBM), "hbm"), 0, "link names");
}

static void test_bank(void) {
  double d[3];
  /* 2.9M dies drawn at 1.5M a year: 1.5M, then what is left (1.4M), then 0 */
  fc_stock_bank_draws(2.9e6, 1.5e6, 3, d);
  fc_test_rel(d[0], 1.5e6, 1e-12, "bank year 1");
  fc_test_rel(d[1], 1.4e6, 1e-12, "bank year 2: the rest");
  fc_test_rel(d[2], 0, 0, "bank year 3: empty");
  fc_test_int(fc_stock_bank_draws(-1, 1, 3, d), FC_EDOM, "negative bank: EDOM");
}

/* Two lines, one per country, three years; every input fixed. Country 0's
   line makes 100, 200, 300 chips (wafer-bound: wpm x 12 x 1 die x yield 1 with wpm =
   100/12, 200/12, 300/12) of an H100-class chip (989.5 TFLOP/s: 1 H100e),
   life 2 years: end-of-year stock (cohorts at mid-year, alive while age <
   2): 100, 100 + 200 = 300, 200 + 300 = 500 H100e. IT power in year 3: 500 x
   700 W x 1.8 = 630,000 W = 6.3e-4 GW; facility at PUE 1.2: 7.56e-4 GW. */
typedef struct {
  double value[2][3 * FC_STOCK_NINPUTS];
  fc_dist dist[2][3 * FC_STOCK_NINPUTS];
  int present[FC_STOCK_NINPUTS];
  fc_stock_line line[2];
  double pue[2];
  fc_stock_spec spec;
} nation;

static void nation_init(nation *n) {
  int l, t, i;
  memset(n, 0, sizeof *n);
  for (i = 0; i < FC_STOCK_NINPUTS; i++) n->present[i] = 0;
  n->present[FC_STOCK_WAFERS_PER_MONTH] = n->present[FC_STOCK_DIES_PER_WAFER] = 1;
  n->present[FC_STOCK_DIE_YIELD] = 1;
  for (l = 0; l < 2; l++) {
    for (t = 0; t < 3; t++) {
      double *v = &n->value[l][t * FC_STOCK_NINPUTS];
      v[FC_STOCK_WAFERS_PER_MONTH] = (l == 0 ? 100.0 * (t + 1) : 10.0) / 12.0;
      v[FC_STOCK_DIES_PER_WAFER] = 1;
      v[FC_STOCK_DIE_YIELD] = 1;
      for (i = 0; i < FC_STOCK_NINPUTS; i++) fc_dist_fixed(v[i], &n->dist[l][t * FC_STOCK_NINPUTS + i]);
    }
    n->line[l].value = n->value[l];
    n->line[l].dist = n->dist[l];
    n->line[l].present = n->present;
    fc_dist_fixed(0, &n->line[l].bank_dies_dist);
    fc_dist_fixed(0, &n->line[l].bank_per_year_dist);
    n->line[l].country = l;
    n->line[l].dense16_tflops = 989.5;
    n->line[l].life_years = 2;
    n->line[l].tdp_w = 700;
    n->line[l].server_power_multiple = 1.8;
    n->line[l].price_usd = 25000;
    n->pue[l] = 1.2;
  }
  n->spec.lines = n->line;
  n->spec.n_lines = 2; n->spec.n_years = 3; n->spec.n_countries = 2;
  n->spec.pue = n->pue;
  n->spec.ratio_num = n->spec.ratio_den = -1;
}

static void test_national(void) {
  nation n;
  fc_stock_result r;
  int bl, by, bi;
  nation_init(&n);
  fc_test_int(fc_stock_result_alloc(&r, 2, 3, 2), FC_OK, "result alloc");
  fc_test_int(fc_stock_eval_point(&n.spec, &r, &bl, &by, &bi), FC_OK, "national: status");
  fc_test_rel(r.chips[0], 100, 1e-12, "line 0 year 1: 100 chips");
  fc_test_rel(r.h100e[0], 100, 1e-12, "stock year 1: 100");
  fc_test_rel(r.h100e[1], 300, 1e-12, "stock year 2: 100 + 200");
  fc_test_rel(r.h100e[2], 500, 1e-12, "stock year 3: 200 + 300 (the first cohort retired)");
  fc_test_rel(r.produced_h100e[2], 300, 1e-12, "added in year 3: 300");
  fc_test_rel(r.it_gw[2], 6.3e-4, 1e-12, "IT power: 500 x 700 W x 1.8");
  fc_test_rel(r.facility_gw[2], 7.56e-4, 1e-12, "facility power: x PUE 1.2");
  fc_test_rel(r.capex_usd[2], 300 * 25000.0, 1e-12, "capex year 3: 300 x $25,000");
  fc_test_rel(r.h100e[3 + 2], 20, 1e-12, "country 1: 10 a year, 2-year life: 20");
  n.line[1].dense16_tflops = 0;
  fc_test_int(fc_stock_eval_point(&n.spec, &r, &bl, &by, &bi), FC_EDOM, "zero FLOP/s: EDOM");
  fc_test_int(bl == 1 && bi == -3, 1, "zero FLOP/s: names line 2 itself");
  fc_stock_result_free(&r);
}

/* Monte Carlo: country 0's year-1 chips = wpm x 12 x 10 x yield with yield
   uniform on [0.2, 0.4] (wpm 1000/12, 1 die a wafer): mean 1000 x 0.3 = 300, sd 1000 x 0.2 /
   sqrt(12) = 57.735; over 20,000 draws the mean is within 4 standard errors
   (4 x 0.408). The stock ratio of the countries in year 1 is that over 10. */
static void test_mc(void) {
  nation n;
  uint64_t bind[2 * 3 * FC_STOCK_NBINDS];
  static double out[(2 + 2 + 1) * 3 * 20000];
  size_t k, ns = 20000, no;
  double mean = 0, lo = 1e300, hi = -1e300;
  int bl, by, bi;
  nation_init(&n);
  n.value[0][FC_STOCK_WAFERS_PER_MONTH] = 1000.0 / 12.0;
  fc_dist_uniform(0.2, 0.4, &n.dist[0][FC_STOCK_DIE_YIELD]);
  fc_dist_fixed(1000.0 / 12.0, &n.dist[0][FC_STOCK_WAFERS_PER_MONTH]);
  n.spec.ratio_num = 0; n.spec.ratio_den = 1;
  no = fc_stock_mc_outputs(&n.spec);
  fc_test_int((long long)no, 15, "outputs: (2 countries + 2 lines + ratio) x 3 years");
  fc_test_int(fc_stock_mc_run(&n.spec, ns, 7, out, bind, NULL, &bl, &by, &bi), FC_OK, "mc: status");
  for (k = 0; k < ns; k++) {
    double c = out[(6 + 0) * ns + k]; /* line 0, year 1 */
    mean += c / (double)ns;
    if (c < lo) lo = c;
    if (c > hi) hi = c;
  }
  fc_test_rel(mean, 300, 4 * 57.735 / sqrt(20000.0) / 300, "mc mean chips: 1000 x 0.3");
  fc_test_int(lo >= 200 - 1e-9 && hi <= 400 + 1e-9, 1, "draws inside [1000 x 0.2, 1000 x 0.4]");
  fc_test_int((long long)bind[0 * FC_STOCK_NBINDS + FC_STOCK_BIND_WAFERS], 20000, "wafers bind in every draw");
  /* ratio year 1 = chips0 / 10 (country 1 makes 10): its mean is 30 */
  mean = 0;
  for (k = 0; k < ns; k++) mean += out[(12 + 0) * ns + k] / (double)ns;
  fc_test_rel(mean, 30, 4 * 5.7735 / sqrt(20000.0) / 30, "mc mean stock ratio year 1: 300 / 10");
  /* the same seed gives the same draws */
  {
    static double again[15 * 20000];
    fc_stock_mc_run(&n.spec, ns, 7, again, bind, NULL, &bl, &by, &bi);
    fc_test_int(memcmp(out, again, sizeof again) == 0, 1, "seeded: identical rerun");
  }
}

/* Sobol: the year-1 stock of country 0 = 12 wpm x dpw x yield with yield
   U(0.2, 0.4) and dies per wafer U(50, 70) (wpm = 1/12, 1 chip per die): the
   product of two independent uniforms. E y = 0.3, Var y = 0.04/12; E d = 60,
   Var d = 400/12. V = E[y^2] E[d^2] - (E y E d)^2 = 0.093333 x 3633.33 - 324
   = 15.1111; V_y = Var y (E d)^2 = 12; V_d = Var d (E y)^2 = 3. S_yield =
   0.7941, S_dpw = 0.1985; total indices add the interaction 0.1111/15.1111:
   ST_yield = 0.8015, ST_dpw = 0.2059. */
static void test_sobol(void) {
  nation n;
  fc_dist in[2];
  size_t slot[2];
  fc_stock_sobol_ctx ctx;
  fc_sobol_spec sp;
  fc_sobol_state st;
  fc_sobol_result r;
  fc_sobol_error err;
  nation_init(&n);
  n.value[0][FC_STOCK_WAFERS_PER_MONTH] = 1.0 / 12.0;
  fc_dist_uniform(0.2, 0.4, &in[0]);
  fc_dist_uniform(50, 70, &in[1]);
  slot[0] = FC_STOCK_DIE_YIELD;       /* line 0, year 0 */
  slot[1] = FC_STOCK_DIES_PER_WAFER;
  ctx.spec = &n.spec; ctx.slot = slot; ctx.k = 2; ctx.country = 0; ctx.year = 0;
  memset(&sp, 0, sizeof sp);
  sp.inputs = in; sp.k = 2; sp.samples = 40000; sp.seed = 11; sp.threads = 2;
  sp.shard_index = 0; sp.shard_count = 1; sp.model = fc_stock_sobol_model; sp.ctx = &ctx;
  fc_test_int(fc_sobol_run(&sp, &st, &err), FC_OK, "sobol: run");
  fc_test_int(fc_sobol_indices(&st, 0, 0.95, &r), FC_OK, "sobol: indices");
  fc_test_rel(r.first[0], 0.7941, 0.03, "S_yield 12 / 15.111");
  fc_test_rel(r.first[1], 0.1985, 0.1, "S_dpw 3 / 15.111");
  fc_test_rel(r.total[0], 0.8015, 0.03, "ST_yield");
  fc_test_rel(r.total[1], 0.2059, 0.1, "ST_dpw");
  fc_sobol_state_free(&st);
}

/* Correlated links: country 0's year-1 chips = min(12 x packages_per_month,
   hbm_stacks_per_year / 1) with packages_per_month ~ U(0, 1/12) and stacks ~
   U(0, 1): the minimum of two uniforms on [0, 1]. Independent: E min = 1/3
   (sd 0.2357, so 4 standard errors of 20,000 draws = 0.0067); comonotone
   (rank correlation 1): E min = E U = 1/2. At a rank correlation of 0.99 the
   copula's normal correlation is 2 sin(0.99 pi / 6) = 0.9908, and the mean
   lies within 0.02 of 1/2. */
static void test_mc_correlated(void) {
  nation n;
  uint64_t bind[2 * 3 * FC_STOCK_NBINDS];
  static double out[(2 + 2) * 3 * 20000], corr[FC_STOCK_NINPUTS * FC_STOCK_NINPUTS];
  static int present[FC_STOCK_NINPUTS];
  size_t k, ns = 20000, i;
  double mean = 0;
  int bl, by, bi;
  nation_init(&n);
  for (i = 0; i < FC_STOCK_NINPUTS; i++) present[i] = 0;
  present[FC_STOCK_PACKAGES_PER_MONTH] = present[FC_STOCK_HBM_STACKS_PER_YEAR] = 1;
  present[FC_STOCK_HBM_STACKS_PER_CHIP] = 1;
  n.line[0].present = present;
  for (i = 0; i < 3; i++) { /* every year: the same two uniform links, one stack a chip */
    double *v = &n.value[0][i * FC_STOCK_NINPUTS];
    fc_dist *d = &n.dist[0][i * FC_STOCK_NINPUTS];
    v[FC_STOCK_PACKAGES_PER_MONTH] = 0.5 / 12; v[FC_STOCK_HBM_STACKS_PER_YEAR] = 0.5;
    v[FC_STOCK_HBM_STACKS_PER_CHIP] = 1;
    fc_dist_uniform(0, 1.0 / 12, &d[FC_STOCK_PACKAGES_PER_MONTH]);
    fc_dist_uniform(0, 1, &d[FC_STOCK_HBM_STACKS_PER_YEAR]);
    fc_dist_fixed(1, &d[FC_STOCK_HBM_STACKS_PER_CHIP]);
  }
  fc_test_int(fc_stock_mc_run(&n.spec, ns, 5, out, bind, NULL, &bl, &by, &bi), FC_OK, "independent: status");
  for (k = 0; k < ns; k++) mean += out[6 * ns + k] / (double)ns;
  fc_test_rel(mean, 1.0 / 3, 0.0067 * 3, "independent links: E min of two uniforms = 1/3");
  for (i = 0; i < FC_STOCK_NINPUTS * FC_STOCK_NINPUTS; i++) corr[i] = i % (FC_STOCK_NINPUTS + 1) == 0;
  corr[FC_STOCK_PACKAGES_PER_MONTH * FC_STOCK_NINPUTS + FC_STOCK_HBM_STACKS_PER_YEAR] = 0.99;
  corr[FC_STOCK_HBM_STACKS_PER_YEAR * FC_STOCK_NINPUTS + FC_STOCK_PACKAGES_PER_MONTH] = 0.99;
  n.spec.rank_corr = corr;
  fc_test_int(fc_stock_mc_run(&n.spec, ns, 5, out, bind, NULL, &bl, &by, &bi), FC_OK, "correlated: status");
  mean = 0;
  for (k = 0; k < ns; k++) mean += out[6 * ns + k] / (double)ns;
  fc_test_rel(mean, 0.5, 0.04, "rank correlation 0.99: E min near 1/2 (comonotone)");
}

int main(void) {
  test_wafers_bind();
  test_packaging_binds();
  test_hbm_binds();
  test_licence_binds_and_ties();
  test_domains();
  test_bank();
  test_national();
  test_mc();
  test_sobol();
  test_mc_correlated();
  return fc_test_summary("stock");
}
