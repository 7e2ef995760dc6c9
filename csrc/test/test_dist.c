/* test_dist.c -- distributions: constructors, closed-form moments, quantiles,
** and sample moments of 1e5 draws within 5 standard errors.
**
** Hand values:
**  normal(0, 1) at 0.95: 1.6448536269514722 (A&S table 26.1).
**  lognormal90(0.05, 0.12): mu = (ln .05 + ln .12)/2 = -2.5579979,
**    sigma = ln 2.4 / (2 x 1.6448536) = 0.2661236;
**    mean = exp(mu + sigma^2/2) = 0.0802517, sd = 0.0217406.
**  PERT(1, 2, 6): alpha = 1 + 4/5 = 1.8, beta = 1 + 16/5 = 4.2,
**    mean = (1 + 8 + 6)/6 = 2.5, sd = 5 sqrt(1.8 x 4.2 / (36 x 7)) = 5 sqrt(0.03) = 0.8660254.
**  triangular(0, 0, 1): F(x) = 1 - (1 - x)^2, so q(0.75) = 1 - sqrt(0.25) = 0.5;
**    mean 1/3, sd sqrt((0 + 0 + 1 - 0 - 0 - 0)/18) = 0.2357023.
**  uniform(2, 6): mean 4, sd 4/sqrt(12) = 1.1547005, q(0.25) = 3.
**  beta(2, 2) on [0, 10]: mean 5, sd 10 sqrt(4/(16 x 5)) = 2.2360680, median 5.
*/
#include <math.h>
#include <string.h>
#include <gsl/gsl_rng.h>
#include "fc.h"
#include "fc_dist.h"
#include "fc_test.h"

static void check_samples(const fc_dist *d, gsl_rng *r, const char *name) {
  const int n = 100000;
  double sum = 0, sum2 = 0, mean, sd, want_m = fc_dist_mean(d), want_s = fc_dist_sd(d);
  int i;
  char desc[96];
  for (i = 0; i < n; i++) {
    double x = fc_dist_sample(d, r);
    sum += x; sum2 += x * x;
  }
  mean = sum / n;
  sd = sqrt((sum2 - sum * sum / n) / (n - 1));
  snprintf(desc, sizeof desc, "%s sample mean within 5 SE", name);
  /* tolerance: 5 standard errors of the mean, sd / sqrt(n) */
  fc_test_rel(mean, want_m, 5.0 * want_s / sqrt((double)n) / fabs(want_m), desc);
  snprintf(desc, sizeof desc, "%s sample sd within 2%%", name);
  fc_test_rel(sd, want_s, 0.02, desc);
}

/* The engine's sampler (fc_dist_sampler_fill on taus2): moments as above,
   every draw inside fc_dist_support, and the share of draws below the exact
   quantile q(p) within 5 binomial standard errors, sqrt(p (1 - p) / n), of p
   (for PERT and beta this checks the inversion table against GSL's
   gsl_cdf_beta_Pinv). */
static void check_sampler(const fc_dist *d, const char *name) {
  const size_t n = 200000;
  static double x[200000];
  const double ps[3] = {0.05, 0.5, 0.95};
  fc_dist_sampler s;
  gsl_rng *r = gsl_rng_alloc(gsl_rng_taus2);
  double sum = 0, sum2 = 0, mean, sd, lo, hi, want_m = fc_dist_mean(d), want_s = fc_dist_sd(d);
  size_t i, j, inside = 0;
  char desc[128];
  gsl_rng_set(r, 777);
  fc_test_int(fc_dist_sampler_init(&s, d), FC_OK, "sampler init");
  fc_dist_sampler_fill(&s, r, x, n);
  fc_dist_support(d, &lo, &hi);
  for (i = 0; i < n; i++) {
    sum += x[i]; sum2 += x[i] * x[i];
    inside += x[i] >= lo && x[i] <= hi;
  }
  mean = sum / (double)n;
  sd = sqrt((sum2 - sum * sum / (double)n) / (double)(n - 1));
  snprintf(desc, sizeof desc, "%s sampler mean within 5 SE", name);
  fc_test_rel(mean, want_m, 5.0 * want_s / sqrt((double)n) / fabs(want_m), desc);
  snprintf(desc, sizeof desc, "%s sampler sd within 2%%", name);
  fc_test_rel(sd, want_s, 0.02, desc);
  snprintf(desc, sizeof desc, "%s sampler draws inside the support", name);
  fc_test_int((long long)inside, (long long)n, desc);
  for (j = 0; j < 3; j++) {
    double q, below = 0;
    fc_dist_quantile(d, ps[j], &q);
    for (i = 0; i < n; i++) below += x[i] <= q;
    snprintf(desc, sizeof desc, "%s sampler share below q(%.2f)", name, ps[j]);
    fc_test_rel(below / (double)n, ps[j], 5.0 * sqrt(ps[j] * (1 - ps[j]) / (double)n) / ps[j], desc);
  }
  fc_dist_sampler_free(&s);
  gsl_rng_free(r);
}

/* fc_dist_uniforms equals gsl_rng_uniform draw for draw, for the generators
   it reads through gsl_rng_get and for one it does not. */
static void check_uniforms(void) {
  const gsl_rng_type *types[4];
  double u[1000];
  int k, i, same;
  types[0] = gsl_rng_taus2; types[1] = gsl_rng_mt19937; types[2] = gsl_rng_gfsr4; types[3] = gsl_rng_ranlxd2;
  for (k = 0; k < 4; k++) {
    gsl_rng *a = gsl_rng_alloc(types[k]), *b = gsl_rng_alloc(types[k]);
    char desc[96];
    gsl_rng_set(a, 99); gsl_rng_set(b, 99);
    fc_dist_uniforms(a, u, 1000);
    for (i = 0, same = 1; i < 1000; i++) same = same && u[i] == gsl_rng_uniform(b);
    snprintf(desc, sizeof desc, "fc_dist_uniforms equals gsl_rng_uniform (%s)", gsl_rng_name(a));
    fc_test_int(same, 1, desc);
    gsl_rng_free(a); gsl_rng_free(b);
  }
}

/* The inline taus2 (fc_dist.c) against GSL's taus2, the reference: for
   seeds 0, 1, 2^32 - 1 and five others, 1e6 draws of fc_dist_uniforms equal
   gsl_rng_get / 2^32 draw for draw, in blocks of odd sizes interleaved with
   GSL's own calls on the same generator (the ziggurat's use), so the state
   written back is GSL's state too. */
static void check_taus2_stream(void) {
  static const unsigned long seeds[8] = {0, 1, 2, 42, 12345, 2147483647UL, 4294967295UL, 987654321};
  static double u[997];
  int k, same = 1;
  long drawn;
  for (k = 0; k < 8; k++) {
    gsl_rng *a = gsl_rng_alloc(gsl_rng_taus2), *b = gsl_rng_alloc(gsl_rng_taus2);
    gsl_rng_set(a, seeds[k]); gsl_rng_set(b, seeds[k]);
    for (drawn = 0; drawn < 1000000; drawn += 997 + 1) {
      size_t i;
      fc_dist_uniforms(a, u, 997);
      for (i = 0; i < 997; i++) same = same && u[i] == (double)gsl_rng_get(b) / 4294967296.0;
      same = same && gsl_rng_get(a) == gsl_rng_get(b); /* GSL continues the inline stream */
    }
    gsl_rng_free(a); gsl_rng_free(b);
  }
  fc_test_int(same, 1, "inline taus2 equals GSL's taus2, 8 seeds x 1e6 draws");
}

/* fc_dist_sampler_fill steps taus2 inside the transform's loop (fused);
   every other generator fills the uniforms first and transforms them after.
   Both must give the same draws and leave the same state: the same fills on
   GSL's taus2 and on a copy of its type (same generator, so the general
   path), blocks of sizes 1, 63, 64 and 997 interleaved with GSL's own calls,
   for every kind (beta(0.5, 0.5) draws by gsl_ran_beta, normal and lognormal
   by GSL's ziggurat). */
static void check_fused_fill(void) {
  static gsl_rng_type copy;
  static double xa[997], xb[997];
  static const size_t sizes[4] = {1, 63, 64, 997};
  fc_dist d[10];
  const char *names[10] = {"fixed", "uniform", "normal", "lognormal90", "triangular", "triangular at min",
                           "triangular at max", "pert", "beta(2, 5)", "beta(0.5, 0.5)"};
  int k;
  copy = *gsl_rng_taus2;
  copy.name = "taus2 (copy)";
  fc_dist_fixed(3, &d[0]);
  fc_dist_uniform(0.6, 0.9, &d[1]);
  fc_dist_normal(1, 2, &d[2]);
  fc_dist_lognormal90(0.05, 0.12, &d[3]);
  fc_dist_triangular(0.3, 0.4, 0.5, &d[4]);
  fc_dist_triangular(1.1, 1.1, 1.5, &d[5]);
  fc_dist_triangular(1.1, 1.5, 1.5, &d[6]);
  fc_dist_pert(25000, 30000, 40000, &d[7]);
  fc_dist_beta(2, 5, 0.9, 0.99, &d[8]);
  fc_dist_beta(0.5, 0.5, -1, 1, &d[9]);
  for (k = 0; k < 10; k++) {
    fc_dist_sampler s;
    gsl_rng *a = gsl_rng_alloc(gsl_rng_taus2), *b = gsl_rng_alloc(&copy);
    int rep, same = 1;
    char desc[96];
    fc_test_int(fc_dist_sampler_init(&s, &d[k]), FC_OK, "sampler init (fused)");
    gsl_rng_set(a, 2024 + (unsigned long)k); gsl_rng_set(b, 2024 + (unsigned long)k);
    for (rep = 0; rep < 200; rep++) {
      size_t n = sizes[rep % 4], i;
      fc_dist_sampler_fill(&s, a, xa, n);
      fc_dist_sampler_fill(&s, b, xb, n);
      for (i = 0; i < n; i++) same = same && memcmp(&xa[i], &xb[i], sizeof xa[i]) == 0;
      same = same && gsl_rng_get(a) == gsl_rng_get(b); /* the state written back */
    }
    snprintf(desc, sizeof desc, "fused taus2 fill equals the general path: %s", names[k]);
    fc_test_int(same, 1, desc);
    fc_dist_sampler_free(&s);
    gsl_rng_free(a); gsl_rng_free(b);
  }
}

/* one generator for the whole file, seeded once: the cases draw from it in turn */
static gsl_rng *r;

static void test_constructors_refuse_bad_parameters(void) {
  fc_dist d;
  /* constructors reject what they must */
  fc_test_int(fc_dist_uniform(2, 1, &d), FC_EDOM, "uniform lo > hi");
  fc_test_int(fc_dist_uniform(1, 1, &d), FC_EDOM, "uniform empty");
  fc_test_int(fc_dist_normal(0, 0, &d), FC_EDOM, "normal sd 0");
  fc_test_int(fc_dist_normal(NAN, 1, &d), FC_EDOM, "normal NaN mean");
  fc_test_int(fc_dist_lognormal90(0, 1, &d), FC_EDOM, "lognormal90 p5 = 0");
  fc_test_int(fc_dist_lognormal90(2, 1, &d), FC_EDOM, "lognormal90 p5 > p95");
  fc_test_int(fc_dist_triangular(1, 0, 2, &d), FC_EDOM, "triangular mode < min");
  fc_test_int(fc_dist_pert(1, 1, 1, &d), FC_EDOM, "pert empty");
  fc_test_int(fc_dist_beta(0, 1, 0, 1, &d), FC_EDOM, "beta alpha 0");
  fc_test_int(fc_dist_fixed(INFINITY, &d), FC_EDOM, "fixed inf");
  fc_test_int(fc_dist_fixed(1, NULL), FC_EINVAL, "NULL output");
}

static void test_normal(void) {
  fc_dist d;
  double q;
  /* normal */
  fc_dist_normal(0, 1, &d);
  fc_dist_quantile(&d, 0.95, &q);
  fc_test_rel(q, 1.6448536269514722, 1e-12, "normal q(0.95)");
  fc_test_int(fc_dist_quantile(&d, 1.0, &q), FC_EDOM, "quantile at p = 1");
  fc_test_int(fc_dist_quantile(&d, 0.0, &q), FC_EDOM, "quantile at p = 0");
  fc_dist_normal(10, 2, &d);
  check_samples(&d, r, "normal(10, 2)");
  check_sampler(&d, "normal(10, 2)");
}

static void test_lognormal90_from_its_interval(void) {
  fc_dist d;
  double q;
  /* lognormal from a 90 % interval */
  fc_dist_lognormal90(0.05, 0.12, &d);
  fc_test_rel(d.a, -2.5579979, 1e-7, "lognormal90 mu");
  fc_test_rel(d.b, 0.2661236, 1e-6, "lognormal90 sigma");
  fc_dist_quantile(&d, 0.05, &q);
  fc_test_rel(q, 0.05, 1e-12, "lognormal90 reproduces p5");
  fc_dist_quantile(&d, 0.95, &q);
  fc_test_rel(q, 0.12, 1e-12, "lognormal90 reproduces p95");
  fc_test_rel(fc_dist_mean(&d), 0.0802517, 1e-6, "lognormal90 mean");
  fc_test_rel(fc_dist_sd(&d), 0.0217406, 1e-5, "lognormal90 sd");
  check_samples(&d, r, "lognormal90");
  check_sampler(&d, "lognormal90");
}

static void test_pert(void) {
  fc_dist d;
  /* PERT */
  fc_dist_pert(1, 2, 6, &d);
  fc_test_rel(d.a, 1.8, 1e-12, "pert alpha");
  fc_test_rel(d.b, 4.2, 1e-12, "pert beta");
  fc_test_rel(fc_dist_pert_mode(&d), 2.0, 1e-12, "pert mode recovered");
  fc_test_rel(fc_dist_mean(&d), 2.5, 1e-12, "pert mean (min + 4 mode + max)/6");
  fc_test_rel(fc_dist_sd(&d), 0.8660254, 1e-7, "pert sd");
  check_samples(&d, r, "pert(1, 2, 6)");
  check_sampler(&d, "pert(1, 2, 6)");
}

static void test_triangular(void) {
  fc_dist d;
  double q;
  /* triangular */
  fc_dist_triangular(0, 0, 1, &d);
  fc_dist_quantile(&d, 0.75, &q);
  fc_test_rel(q, 0.5, 1e-12, "triangular(0,0,1) q(0.75)");
  fc_test_rel(fc_dist_mean(&d), 1.0 / 3.0, 1e-12, "triangular mean");
  fc_test_rel(fc_dist_sd(&d), 0.2357023, 1e-6, "triangular sd");
  check_samples(&d, r, "triangular(0, 0, 1)");
  check_sampler(&d, "triangular(0, 0, 1)");
  fc_dist_triangular(1, 3, 4, &d);
  check_samples(&d, r, "triangular(1, 3, 4)");
  check_sampler(&d, "triangular(1, 3, 4)");
}

static void test_uniform(void) {
  fc_dist d;
  double q;
  /* uniform */
  fc_dist_uniform(2, 6, &d);
  fc_dist_quantile(&d, 0.25, &q);
  fc_test_rel(q, 3.0, 1e-12, "uniform q(0.25)");
  fc_test_rel(fc_dist_sd(&d), 1.1547005, 1e-7, "uniform sd");
  check_samples(&d, r, "uniform(2, 6)");
  check_sampler(&d, "uniform(2, 6)");
}

static void test_beta(void) {
  fc_dist d;
  double q;
  /* beta */
  fc_dist_beta(2, 2, 0, 10, &d);
  fc_dist_quantile(&d, 0.5, &q);
  fc_test_rel(q, 5.0, 1e-9, "beta(2,2) median");
  fc_test_rel(fc_dist_sd(&d), 2.2360680, 1e-7, "beta(2,2) sd");
  check_samples(&d, r, "beta(2, 2, 0, 10)");
  check_sampler(&d, "beta(2, 2, 0, 10)");
}

static void test_beta_arcsine_falls_back_to_gsl(void) {
  fc_dist d;
  fc_dist_beta(0.5, 0.5, -1, 1, &d); /* arcsine: the inversion table gives way to gsl_ran_beta */
  check_sampler(&d, "beta(0.5, 0.5, -1, 1)");
}

static void test_fixed(void) {
  fc_dist d;
  /* fixed */
  fc_dist_fixed(7, &d);
  fc_test_rel(fc_dist_sample(&d, r), 7.0, 0, "fixed sample");
  fc_test_rel(fc_dist_sd(&d), 0.0, 0, "fixed sd");
}

int main(void) {
  r = gsl_rng_alloc(gsl_rng_mt19937);
  gsl_rng_set(r, 12345);
  test_constructors_refuse_bad_parameters();
  test_normal();
  test_lognormal90_from_its_interval();
  test_pert();
  test_triangular();
  test_uniform();
  test_beta();
  test_beta_arcsine_falls_back_to_gsl();
  check_uniforms();
  check_taus2_stream();
  check_fused_fill();
  test_fixed();
  gsl_rng_free(r);
  return fc_test_summary("dist");
}
