/*
** fc_serve_fleet.c -- a serving fleet over a day (formulas and sources in
** fc_serve_fleet.h).
*/
#include <math.h>
#include <string.h>
#include "fc_status.h"
#include "fc_serve_fleet.h"

#define FBAD(f) do { if (bad_field) *bad_field = (f); return FC_EDOM; } while (0)

static int check(const fc_serve_fleet_in *in, const char **bad_field) {
  double sum = 0.0;
  size_t h;
  if (!isfinite(in->input_tokens_per_day) || in->input_tokens_per_day < 0.0) FBAD("input_tokens_per_day");
  if (!isfinite(in->cached_input_tokens_per_day) || in->cached_input_tokens_per_day < 0.0 ||
      in->cached_input_tokens_per_day > in->input_tokens_per_day)
    FBAD("cached_input_tokens_per_day");
  if (!isfinite(in->output_tokens_per_day) || in->output_tokens_per_day < 0.0) FBAD("output_tokens_per_day");
  if (in->load_profile) {
    if (in->periods < 1 || in->periods > 8784) FBAD("load_profile");
    for (h = 0; h < in->periods; h++) {
      if (!isfinite(in->load_profile[h]) || in->load_profile[h] < 0.0) FBAD("load_profile");
      sum += in->load_profile[h];
    }
    if (fabs(sum - 1.0) > 1e-6) FBAD("load_profile");
  }
  if (!isfinite(in->prefill_new_tokens_per_s_per_chip) || in->prefill_new_tokens_per_s_per_chip <= 0.0)
    FBAD("prefill_new_tokens_per_s_per_chip");
  if (!isfinite(in->decode_output_tokens_per_s_per_chip) || in->decode_output_tokens_per_s_per_chip <= 0.0)
    FBAD("decode_output_tokens_per_s_per_chip");
  if (!isfinite(in->node_chips) || in->node_chips < 1.0 || in->node_chips != floor(in->node_chips))
    FBAD("node_chips");
  if (!isfinite(in->usd_per_chip_hour) || in->usd_per_chip_hour < 0.0) FBAD("usd_per_chip_hour");
  if (!isfinite(in->kw_per_chip) || in->kw_per_chip <= 0.0) FBAD("kw_per_chip");
  if (!isfinite(in->pue) || in->pue < 1.0) FBAD("pue");
  if (!isfinite(in->price_input) || in->price_input < 0.0) FBAD("price_input");
  if (!isfinite(in->price_cached_input) || in->price_cached_input < 0.0) FBAD("price_cached_input");
  if (!isfinite(in->price_output) || in->price_output < 0.0) FBAD("price_output");
  if (in->elastic != 0.0 && in->elastic != 1.0) FBAD("elastic");
  return FC_OK;
}

int fc_serve_fleet(const fc_serve_fleet_in *in, fc_serve_fleet_out *out, const char **bad_field) {
  size_t n, h;
  double hours, node_hours = 0.0, peak = 0.0, new_in, tokens;
  int st;
  if (bad_field) *bad_field = NULL;
  if (!in || !out) return FC_EINVAL;
  if ((st = check(in, bad_field))) return st;
  memset(out, 0, sizeof *out);
  n = in->load_profile ? in->periods : 1;
  hours = 24.0 / (double)n;
  new_in = in->input_tokens_per_day - in->cached_input_tokens_per_day;
  for (h = 0; h < n; h++) {
    double share = in->load_profile ? in->load_profile[h] : 1.0, secs = hours * 3600.0;
    double pre = new_in * share / secs / in->prefill_new_tokens_per_s_per_chip;
    double dec = in->output_tokens_per_day * share / secs / in->decode_output_tokens_per_s_per_chip;
    double nodes = ceil(pre / in->node_chips - 1e-9) + ceil(dec / in->node_chips - 1e-9);
    node_hours += nodes * hours;
    if (nodes > peak) { peak = nodes; out->prefill_chips = pre; out->decode_chips = dec; }
  }
  out->nodes = peak;
  out->chips = peak * in->node_chips;
  out->average_nodes = node_hours / 24.0;
  out->cost_usd_per_day = (in->elastic == 1.0 ? node_hours : 24.0 * peak) * in->node_chips * in->usd_per_chip_hour;
  out->revenue_usd_per_day = (in->cached_input_tokens_per_day * in->price_cached_input +
                              new_in * in->price_input + in->output_tokens_per_day * in->price_output) / 1e6;
  out->margin = out->cost_usd_per_day > 0.0
                    ? (out->revenue_usd_per_day - out->cost_usd_per_day) / out->cost_usd_per_day : NAN;
  out->provisioned_mw = out->chips * in->kw_per_chip * in->pue / 1000.0;
  tokens = in->input_tokens_per_day + in->output_tokens_per_day;
  out->tokens_per_provisioned_mw = out->provisioned_mw > 0.0 ? tokens / out->provisioned_mw : 0.0;
  out->utilization = peak > 0.0 ? out->average_nodes / peak : 0.0;
  return FC_OK;
}
