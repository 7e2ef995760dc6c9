/*
** fc_serve_fleet.h -- a serving fleet over a day: capacity for the load of
** each hour, cost, revenue at API prices, margin, tokens per provisioned MW.
**
** Given the day's tokens (input incl. cached, cached input, output), a load
** profile (the share of the day's tokens in each of H hours) and the chips'
** rates of each pool (fc_serve.h: a prefill pool and a decode pool,
** disaggregated as DeepSeek, Mooncake and DistServe run them):
**   hour h (length 24/H h), share s_h:
**     prefill chips  = input_h x (1 - cached share) / (3600 x 24/H) / prefill new tokens/s per chip
**     decode chips   = output_h / (3600 x 24/H) / output tokens/s per chip
**     nodes_h        = ceil(prefill chips / node) + ceil(decode chips / node)
**   provisioned nodes = max_h nodes_h (capacity for the peak hour)
**   cost per day     = node-hours x node_chips x $ per chip-hour, node-hours
**                      = sum_h nodes_h x 24/H when the fleet follows the load
**                      (DeepSeek frees inference nodes at night: inference-
**                      system overview, 2025-03-01), else 24 x provisioned
**   revenue per day  = cached x p_cached + (input - cached) x p_input + output x p_output
**   margin           = (revenue - cost) / cost   (DeepSeek's "cost profit margin")
**   provisioned MW   = provisioned nodes x node_chips x kW per chip x PUE / 1000
**   tokens per provisioned MW = (input + output) per day / provisioned MW
*/
#ifndef FC_SERVE_FLEET_H
#define FC_SERVE_FLEET_H

#include <stddef.h>

typedef struct {
  double input_tokens_per_day;       /* all input tokens, cached ones included */
  double cached_input_tokens_per_day;/* of them, served from the prefix cache */
  double output_tokens_per_day;
  const double *load_profile;        /* shares of the day's tokens per period (sum 1); NULL: flat */
  size_t periods;                    /* entries of load_profile (24: hourly) */
  double prefill_new_tokens_per_s_per_chip; /* uncached input tokens a prefill chip serves */
  double decode_output_tokens_per_s_per_chip;
  double node_chips;                 /* chips per node, >= 1 */
  double usd_per_chip_hour;          /* all-in cost or rental of a chip-hour */
  double kw_per_chip;                /* provisioned IT power per chip (board x server multiple) */
  double pue;                        /* >= 1 */
  double price_input, price_cached_input, price_output; /* $ per million tokens */
  double elastic;                    /* 1: nodes follow the load; 0: the peak all day */
} fc_serve_fleet_in;

typedef struct {
  double prefill_chips, decode_chips; /* at the peak hour */
  double chips, nodes;               /* provisioned for the peak */
  double average_nodes;              /* node-hours / 24 */
  double cost_usd_per_day, revenue_usd_per_day, margin;
  double provisioned_mw, tokens_per_provisioned_mw;
  double utilization;                /* average over provisioned nodes */
} fc_serve_fleet_out;

/* The fleet of in (formulas above).  Errors: FC_EINVAL (NULL), FC_EDOM with
   *bad_field naming the first bad field. */
int fc_serve_fleet(const fc_serve_fleet_in *in, fc_serve_fleet_out *out, const char **bad_field);

#endif
