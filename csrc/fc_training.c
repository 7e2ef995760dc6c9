/* fc_training.c -- see fc_training.h for formulas and sources. */
#include <math.h>
#include "fc_status.h"
#include "fc_training.h"

int fc_training_flops(double active_params, double tokens, double n_layer, double n_ctx,
                      double d_attn, double *flops) {
  if (!flops) return FC_EINVAL;
  if (!(isfinite(active_params) && active_params > 0.0)) return FC_EDOM;
  if (!(isfinite(tokens) && tokens > 0.0)) return FC_EDOM;
  if (!(isfinite(n_layer) && n_layer >= 0.0 && isfinite(n_ctx) && n_ctx >= 0.0 &&
        isfinite(d_attn) && d_attn >= 0.0))
    return FC_EDOM;
  *flops = 6.0 * active_params * tokens + 6.0 * n_layer * n_ctx * d_attn * tokens;
  return isfinite(*flops) ? FC_OK : FC_ERANGE;
}

static int unit_open(double x) { return x > 0.0 && x <= 1.0; }

int fc_training_chip_hours(double flops, double peak, double mfu, double scaling, double goodput,
                           double *chip_hours) {
  if (!chip_hours) return FC_EINVAL;
  if (!(isfinite(flops) && flops >= 0.0)) return FC_EDOM;
  if (!(isfinite(peak) && peak > 0.0)) return FC_EDOM;
  if (!unit_open(mfu) || !unit_open(scaling) || !unit_open(goodput)) return FC_EDOM;
  *chip_hours = flops / (peak * mfu * scaling * goodput * 3600.0);
  return isfinite(*chip_hours) ? FC_OK : FC_ERANGE;
}

int fc_training_mfu(double flops, double chip_hours, double peak, double *mfu) {
  if (!mfu) return FC_EINVAL;
  if (!(isfinite(flops) && flops > 0.0 && isfinite(chip_hours) && chip_hours > 0.0 &&
        isfinite(peak) && peak > 0.0))
    return FC_EDOM;
  *mfu = flops / (chip_hours * 3600.0 * peak);
  return FC_OK;
}

/* ring all-reduce time of `bytes` among p participants over `gbs` GB/s each */
static double ring_s(double p, double bytes, double gbs, double latency_s) {
  if (p <= 1.0) return 0.0;
  return 2.0 * (p - 1.0) / p * bytes / (gbs * 1e9) + 2.0 * (p - 1.0) * latency_s;
}

#define REQUIRE(cond, field) \
  do { if (!(cond)) { if (bad) *bad = field; return FC_EDOM; } } while (0)

int fc_training_scaling(const fc_scaling_params *p, fc_scaling_result *r, const char **bad) {
  double nodes_per_site, per_node, sites;
  if (bad) *bad = NULL;
  if (!p || !r) return FC_EINVAL;
  REQUIRE(isfinite(p->chips) && p->chips >= 1.0, "chips");
  REQUIRE(isfinite(p->chips_per_node) && p->chips_per_node >= 1.0, "chips_per_node");
  REQUIRE(isfinite(p->sites) && p->sites >= 1.0, "sites");
  REQUIRE(isfinite(p->gradient_bytes) && p->gradient_bytes >= 0.0, "gradient_bytes");
  REQUIRE(isfinite(p->step_flops_per_chip) && p->step_flops_per_chip > 0.0, "step_flops_per_chip");
  REQUIRE(isfinite(p->peak_flops_per_s) && p->peak_flops_per_s > 0.0, "peak_flops_per_s");
  REQUIRE(unit_open(p->mfu), "mfu");
  REQUIRE(isfinite(p->intra_node_gbs) && p->intra_node_gbs > 0.0, "intra_node_gbs");
  REQUIRE(isfinite(p->inter_node_gbs) && p->inter_node_gbs > 0.0, "inter_node_gbs");
  REQUIRE(isfinite(p->inter_site_gbs) && p->inter_site_gbs > 0.0, "inter_site_gbs");
  REQUIRE(isfinite(p->latency_s) && p->latency_s >= 0.0, "latency_s");
  REQUIRE(p->overlap >= 0.0 && p->overlap <= 1.0, "overlap");
  per_node = fmin(p->chips_per_node, p->chips);
  sites = fmin(p->sites, ceil(p->chips / per_node));
  nodes_per_site = ceil(p->chips / per_node / sites);
  r->compute_s = p->step_flops_per_chip / (p->peak_flops_per_s * p->mfu);
  r->intra_s = ring_s(per_node, p->gradient_bytes, p->intra_node_gbs, p->latency_s);
  /* hierarchical all-reduce: after the node-level reduce-scatter each chip
     holds 1/per_node of the gradients for the next level, and after the
     site-level one 1/(chips per site) for the exchange between sites */
  r->inter_s = ring_s(nodes_per_site, p->gradient_bytes / per_node, p->inter_node_gbs, p->latency_s);
  r->site_s = ring_s(sites, p->gradient_bytes / (per_node * nodes_per_site), p->inter_site_gbs, p->latency_s);
  r->exposed_s = fmax(0.0, r->intra_s + r->inter_s + r->site_s - p->overlap * r->compute_s);
  r->efficiency = r->compute_s / (r->compute_s + r->exposed_s);
  return isfinite(r->efficiency) ? FC_OK : FC_ERANGE;
}

int fc_training_scaling_table(const double *chips, const double *eff, size_t n, double at,
                              double *efficiency) {
  size_t i;
  if (!chips || !eff || !efficiency || n == 0) return FC_EINVAL;
  if (!(isfinite(at) && at >= 1.0)) return FC_EDOM;
  for (i = 0; i < n; i++) {
    if (!(isfinite(chips[i]) && chips[i] >= 1.0 && unit_open(eff[i]))) return FC_EDOM;
    if (i > 0 && !(chips[i] > chips[i - 1])) return FC_EDOM;
  }
  if (at <= chips[0]) { *efficiency = eff[0]; return FC_OK; }
  if (at >= chips[n - 1]) { *efficiency = eff[n - 1]; return FC_OK; }
  for (i = 1; i < n; i++) {
    if (at <= chips[i]) {
      double t = (log(at) - log(chips[i - 1])) / (log(chips[i]) - log(chips[i - 1]));
      *efficiency = eff[i - 1] + t * (eff[i] - eff[i - 1]);
      return FC_OK;
    }
  }
  *efficiency = eff[n - 1];
  return FC_OK;
}

int fc_training_goodput(double c, double restart, double m, fc_goodput_result *r) {
  double tau, g;
  if (!r) return FC_EINVAL;
  if (!(isfinite(c) && c > 0.0 && isfinite(m) && m > 0.0 && isfinite(restart) && restart >= 0.0))
    return FC_EDOM;
  r->young_interval_s = sqrt(2.0 * c * m);
  if (c < 2.0 * m) {
    double x = c / (2.0 * m);
    tau = sqrt(2.0 * c * m) * (1.0 + sqrt(x) / 3.0 + x / 9.0) - c;
  } else {
    tau = m;
  }
  r->daly_interval_s = tau;
  g = tau / (tau + c) * (1.0 - (restart + (tau + c) / 2.0) / m);
  r->goodput = g < 0.0 ? 0.0 : (g > 1.0 ? 1.0 : g);
  return FC_OK;
}
