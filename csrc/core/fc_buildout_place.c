/* fc_buildout_place.c -- the placement search of fc_buildout_place.h. */
#include <math.h>
#include "fc_status.h"
#include "fc_buildout_place.h"

static int nonneg(double x) { return isfinite(x) && x >= 0.0; }

static int option_ok(const fc_place_option *o) {
  return nonneg(o->train_usd) && nonneg(o->serve_usd_per_mtok) && nonneg(o->serve_ttft_s);
}

static int terms_ok(const fc_place_terms *t) {
  return nonneg(t->mtok) && nonneg(t->model_bytes) && nonneg(t->traffic_gb_per_mtok) && nonneg(t->usd_per_gb) &&
         nonneg(t->access_rtt_s) && nonneg(t->backbone_rtt_s) && isfinite(t->slo_ttft_s) && t->slo_ttft_s > 0.0 &&
         t->budget_usd > 0.0;
}

static double rtt_of(const fc_place_terms *t, int far) { return t->access_rtt_s + (far ? t->backbone_rtt_s : 0.0); }

int fc_buildout_place_ttft_left(const fc_place_terms *t, int far, double *ttft_s) {
  if (!t || !ttft_s) return FC_EINVAL;
  if (!terms_ok(t)) return FC_EDOM;
  *ttft_s = t->slo_ttft_s - rtt_of(t, far);
  return *ttft_s > 0.0 ? FC_OK : FC_ERANGE;
}

int fc_buildout_place(const fc_place_option *opt, size_t n, const fc_place_terms *t, fc_place_result *res,
                      int *best, int *bad) {
  size_t i;
  if (!opt || !t || !res || !best || !bad || n == 0 || n > 1000000u) return FC_EINVAL;
  *best = *bad = -1;
  if (!terms_ok(t)) return FC_EDOM;
  for (i = 0; i < n; i++) {
    const fc_place_option *o = &opt[i];
    fc_place_result *r = &res[i];
    if (!option_ok(o)) { *bad = (int)i; return FC_EDOM; }
    r->transfer_usd = o->cross_region ? t->model_bytes / 1e9 * t->usd_per_gb : 0.0;
    r->traffic_usd = o->serve_far ? t->mtok * t->traffic_gb_per_mtok * t->usd_per_gb : 0.0;
    r->total_usd = o->train_usd + r->transfer_usd + t->mtok * o->serve_usd_per_mtok + r->traffic_usd;
    r->rtt_s = rtt_of(t, o->serve_far);
    r->ttft_seen_s = o->serve_ttft_s + r->rtt_s;
    r->feasible = r->ttft_seen_s <= t->slo_ttft_s && r->total_usd <= t->budget_usd;
    if (r->feasible && (*best < 0 || r->total_usd < res[*best].total_usd)) *best = (int)i;
  }
  return FC_OK;
}
