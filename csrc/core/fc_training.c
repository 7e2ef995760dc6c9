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

static int whole_ge1(double x) { return isfinite(x) && x >= 1.0 && x == floor(x); }

/* bytes a participant sends in a ring all-reduce of `bytes` among p */
static double ring_bytes(double p, double bytes) { return p <= 1.0 ? 0.0 : 2.0 * (p - 1.0) / p * bytes; }

void fc_training_scaling_defaults(fc_scaling_params *p) {
  p->chips = p->params = p->gradient_bytes = p->step_flops_per_chip = NAN;
  p->peak_flops_per_s = p->mfu = NAN;
  p->intra_node_gbs = p->inter_node_gbs = p->inter_site_gbs = NAN;
  p->layers = p->d_model = p->tokens_per_step = NAN;
  /* an NVIDIA HGX/DGX H100 node holds 8 GPUs (NVIDIA DGX H100 datasheet) [S] */
  p->chips_per_node = 8.0;
  p->sites = 1.0;
  p->tensor_parallel = p->pipeline_parallel = 1.0; /* pure data parallelism unless laid out */
  /* bf16 gradients and activations: 16 bits = 2 bytes (fc_precision_bits) [S] */
  p->bytes_per_param = 2.0;
  p->activation_bytes = 2.0;
  p->latency_s = 0.0;               /* bandwidth-only links unless a latency is given [D] */
  p->overlap = 0.0;                 /* no communication hidden behind compute unless given [D] */
  p->pipeline_across_sites = 0;
}

/* gradient_bytes and step_flops_per_chip from params where not given. */
static int derive(const fc_scaling_params *p, fc_scaling_params *q, const char **bad) {
  *q = *p;
  if (isnan(q->gradient_bytes) || isnan(q->step_flops_per_chip))
    REQUIRE(isfinite(p->params) && p->params > 0.0, "params");
  /* gradients of the parameters a chip holds: params x bytes / (t x p ways) */
  if (isnan(q->gradient_bytes)) {
    REQUIRE(isfinite(p->bytes_per_param) && p->bytes_per_param > 0.0, "bytes_per_param");
    q->gradient_bytes = p->params * p->bytes_per_param / (p->tensor_parallel * p->pipeline_parallel);
  }
  /* one step's training FLOP, 6 N B (B = the global batch in tokens), shared by the chips */
  if (isnan(q->step_flops_per_chip)) {
    double step;
    REQUIRE(isfinite(p->tokens_per_step) && p->tokens_per_step > 0.0, "tokens_per_step");
    REQUIRE(fc_training_flops(p->params, p->tokens_per_step, 0.0, 0.0, 0.0, &step) == FC_OK, "params");
    q->step_flops_per_chip = step / p->chips;
  }
  return FC_OK;
}

int fc_training_days(double chip_hours, double chips, double *days) {
  if (!days) return FC_EINVAL;
  if (!(isfinite(chip_hours) && chip_hours >= 0.0 && isfinite(chips) && chips > 0.0)) return FC_EDOM;
  *days = chip_hours / chips / 24.0;
  return FC_OK;
}

/* Formulas and sources: fc_training.h (Narayanan et al. 2021; Patarasuk & Yuan 2009). */
int fc_training_scaling(const fc_scaling_params *given, fc_scaling_result *r, const char **bad) {
  fc_scaling_params q;
  const fc_scaling_params *p = &q;
  double nodes_per_site, per_node, sites, t, pp, d, g1, g2, g3, s, act = 0.0, dp_site_s, pp_link;
  int split, st;
  if (bad) *bad = NULL;
  if (!given || !r) return FC_EINVAL;
  REQUIRE(isfinite(given->chips) && given->chips >= 1.0, "chips");
  REQUIRE(whole_ge1(given->tensor_parallel), "tensor_parallel");
  REQUIRE(whole_ge1(given->pipeline_parallel), "pipeline_parallel");
  if ((st = derive(given, &q, bad)) != FC_OK) return st;
  REQUIRE(isfinite(p->chips_per_node) && p->chips_per_node >= 1.0, "chips_per_node");
  REQUIRE(isfinite(p->sites) && p->sites >= 1.0, "sites");
  REQUIRE(isfinite(p->gradient_bytes) && p->gradient_bytes >= 0.0, "gradient_bytes");
  REQUIRE(isfinite(p->step_flops_per_chip) && p->step_flops_per_chip > 0.0, "step_flops_per_chip");
  REQUIRE(isfinite(p->peak_flops_per_s) && p->peak_flops_per_s > 0.0, "peak_flops_per_s");
  REQUIRE(unit_open(p->mfu), "mfu");
  REQUIRE(isfinite(p->intra_node_gbs) && p->intra_node_gbs > 0.0, "intra_node_gbs");
  REQUIRE(isfinite(p->inter_node_gbs) && p->inter_node_gbs > 0.0, "inter_node_gbs");
  REQUIRE(isfinite(p->latency_s) && p->latency_s >= 0.0, "latency_s");
  REQUIRE(p->overlap >= 0.0 && p->overlap <= 1.0, "overlap");
  REQUIRE(whole_ge1(p->tensor_parallel), "tensor_parallel");
  REQUIRE(whole_ge1(p->pipeline_parallel), "pipeline_parallel");
  t = p->tensor_parallel;
  pp = p->pipeline_parallel;
  REQUIRE(t * pp <= p->chips && fmod(p->chips, t * pp) == 0.0, "chips");
  if (t > 1.0 || pp > 1.0) {
    REQUIRE(isfinite(p->layers) && p->layers > 0.0, "layers");
    REQUIRE(isfinite(p->d_model) && p->d_model > 0.0, "d_model");
    REQUIRE(isfinite(p->activation_bytes) && p->activation_bytes > 0.0, "activation_bytes");
    REQUIRE(isfinite(p->tokens_per_step) && p->tokens_per_step > 0.0, "tokens_per_step");
  }
  per_node = fmin(p->chips_per_node, p->chips);
  sites = fmin(p->sites, ceil(p->chips / per_node));
  /* the WAN between sites: needed only when the job spans more than one */
  if (sites > 1.0) REQUIRE(isfinite(p->inter_site_gbs) && p->inter_site_gbs > 0.0, "inter_site_gbs");
  split = p->pipeline_across_sites && sites > 1.0;
  REQUIRE(!split || pp >= sites, "pipeline_parallel");
  d = p->chips / (t * pp);
  r->compute_s = p->step_flops_per_chip / (p->peak_flops_per_s * p->mfu);
  if (t > 1.0 || pp > 1.0) act = p->tokens_per_step / d * p->d_model * p->activation_bytes;
  /* tensor: 4 all-reduces of A per layer of the stage */
  r->tp_bytes = 4.0 * (p->layers / pp) * ring_bytes(t, act);
  r->tp_s = t > 1.0 ? 4.0 * (p->layers / pp) *
                          ring_s(t, act, t <= per_node ? p->intra_node_gbs : p->inter_node_gbs, p->latency_s)
                    : 0.0;
  /* pipeline: A forward + A backward per boundary, 1/t per chip */
  r->pp_bytes = pp > 1.0 ? 2.0 * act / t : 0.0;
  pp_link = split && pp <= sites ? 0.0 : r->pp_bytes / (p->inter_node_gbs * 1e9) + p->latency_s;
  r->pp_s = pp > 1.0 ? pp_link : 0.0;
  /* data: hierarchical all-reduce of S over g1 (node), g2 (site), g3 (sites) */
  s = p->gradient_bytes;
  g3 = split ? 1.0 : sites;
  g1 = fmax(1.0, fmin(d, t > 1.0 ? floor(per_node / t) : per_node));
  g2 = ceil(d / g1 / g3);
  nodes_per_site = g2;
  r->intra_s = ring_s(g1, s, p->intra_node_gbs, p->latency_s);
  r->inter_s = ring_s(nodes_per_site, s / g1, p->inter_node_gbs, p->latency_s);
  dp_site_s = ring_s(g3, s / (g1 * nodes_per_site), p->inter_site_gbs, p->latency_s);
  r->dp_bytes = ring_bytes(g1, s) + ring_bytes(nodes_per_site, s / g1) + ring_bytes(g3, s / (g1 * nodes_per_site));
  if (split) { /* one stage boundary per site crossing crosses the WAN */
    r->site_bytes = r->pp_bytes;
    r->site_s = r->pp_bytes / (p->inter_site_gbs * 1e9) + p->latency_s;
  } else {
    r->site_bytes = ring_bytes(g3, s / (g1 * nodes_per_site));
    r->site_s = dp_site_s;
  }
  r->exposed_s = fmax(0.0, r->tp_s + r->pp_s + r->intra_s + r->inter_s + r->site_s - p->overlap * r->compute_s);
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
  r->job_mtbf_h = m / 3600.0;
  return FC_OK;
}

/* independent failures: the job fails at the sum of the chips' rates */
int fc_training_goodput_cluster(double checkpoint_s, double restart_s, double mtbf_h, double chips,
                                fc_goodput_result *r) {
  if (!r) return FC_EINVAL;
  if (!(isfinite(mtbf_h) && mtbf_h > 0.0 && isfinite(chips) && chips > 0.0)) return FC_EDOM;
  return fc_training_goodput(checkpoint_s, restart_s, mtbf_h * 3600.0 / chips, r);
}
