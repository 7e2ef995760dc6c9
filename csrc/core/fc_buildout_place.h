/*
** fc_buildout_place.h -- where to train and where to serve ("train in the
** west, serve in the east"): each option pairs a training region with a
** serving region; its cost over the service's life and the time to first
** token its users see decide.
**
**   transfer $  = model bytes / 1e9 x $/GB when the two regions differ (the weights
**                 cross once from the training site to the serving site)
**   traffic $   = Mtok x GB per Mtok x $/GB when the serving site is not
**                 where the users are (requests and streamed tokens cross
**                 the backbone both ways)
**   total $     = training $ + transfer $ + Mtok x serving $/Mtok + traffic $
**   RTT         = the users' access round trip + the backbone round trip
**                 when the serving site is far from them
**   TTFT seen   = the serving model's TTFT + that RTT (the request goes out
**                 and the first token comes back once; TCP/TLS set-up is left
**                 out: a kept-alive connection)
** An option is feasible when TTFT seen <= the SLO and total $ <= the budget;
** the cheapest feasible option wins (ties: the first).
*/
#ifndef FC_BUILDOUT_PLACE_H
#define FC_BUILDOUT_PLACE_H

#include <stddef.h>

typedef struct {
  double train_usd;               /* the training run in the training region, >= 0 */
  double serve_usd_per_mtok;      /* blended serving cost in the serving region, >= 0 */
  double serve_ttft_s;            /* the serving model's TTFT there, >= 0 */
  int cross_region;               /* 1: training and serving regions differ */
  int serve_far;                  /* 1: the serving site is not where the users are */
} fc_place_option;

typedef struct {
  double mtok;                    /* million tokens served over the service's life, >= 0 */
  double model_bytes;             /* weights moved once, >= 0 */
  double traffic_gb_per_mtok;     /* request + response bytes per million tokens, >= 0 */
  double usd_per_gb;              /* inter-region network price, >= 0 */
  double access_rtt_s;            /* users <-> a site in their own region, >= 0 */
  double backbone_rtt_s;          /* added when the site is in a far region, >= 0 */
  double slo_ttft_s;              /* > 0 */
  double budget_usd;              /* > 0; infinity: no budget */
} fc_place_terms;

typedef struct {
  double total_usd, transfer_usd, traffic_usd, rtt_s, ttft_seen_s;
  int feasible;                   /* 1 within the SLO and the budget */
} fc_place_result;

/* Evaluates every option into res[n] and picks the cheapest feasible one
   (*best = its index, or -1 when none is). Errors: FC_EINVAL, FC_EDOM
   (*bad = the option, -1 for the terms). */
/* The time a serving site has for its own TTFT: the SLO less the RTT to
   its users (far: the backbone too). Errors: FC_EDOM (terms), FC_ERANGE
   (the RTT alone exceeds the SLO). */
int fc_buildout_place_ttft_left(const fc_place_terms *t, int far, double *ttft_s);

int fc_buildout_place(const fc_place_option *opt, size_t n, const fc_place_terms *t, fc_place_result *res,
                      int *best, int *bad);

#endif
