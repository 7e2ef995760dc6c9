/*
** fc_serve_load.c -- latency at a load (formulas and sources in fc_serve.h):
** the decode batch from Little's law, the prefill queue as M/D/1 with the
** decode steps as vacations, chunked-prefill interference on decode.
*/
#include <math.h>
#include <string.h>
#include "fc_status.h"
#include "fc_serve.h"
#include "fc_serve_internal.h"

/* The prefill side of one replica at lambda: its share of the replica's
   time rho_p and the wait of a new prompt.  step_s: the decode step a prompt
   waits behind and interleaves with (0 on a prefill-only replica). */
void fc_serve_prefill_queue(const fc_infer_point *pt, const fc_infer_params *p, double lambda, double step_s,
                            double *rho_p, double *wait_s, double *ttft_s) {
  double n = p->input_tokens * (1.0 - p->cache_hit);
  /* a request's prefill on the replica at its throughput rate */
  double s = n / (pt->prefill_tokens_per_s_per_chip * pt->group);
  double chunks = ceil(n / p->prefill_chunk_tokens);
  *rho_p = lambda * s;
  /* Pollaczek-Khinchine for deterministic service, + the residual of a
     decode step in progress (a vacation of fixed length: half of it) */
  *wait_s = *rho_p < 1.0 ? *rho_p * s / (2.0 * (1.0 - *rho_p)) + step_s / 2.0 : HUGE_VAL;
  /* a prompt of k chunks waits k - 1 decode steps between them */
  *ttft_s = pt->ttft_s + *wait_s + (chunks - 1.0) * step_s;
}

/* TPOT at group batch B with a share rho_p of the replica in prefill. */
static int tpot_at(const fc_llm *m, const fc_infer_chip *c, const fc_infer_params *p, double B, double rho_p,
                   fc_infer_point *pt) {
  int st = fc_inference_point(m, c, p, fmax(B, 1.0), pt, NULL);
  if (st) return st;
  /* below one sequence on average the step is the batch-1 step */
  pt->tpot_s = pt->step_s / pt->tokens_per_step / (1.0 - rho_p);
  return FC_OK;
}

/* The decode batch B = lambda x output x TPOT(B) (Little's law) by
   bisection: B - lambda out TPOT(B) rises with B (TPOT grows more slowly
   than B: the weights are read once per step). */
int fc_serve_decode_batch(const fc_llm *m, const fc_infer_chip *c, const fc_infer_params *p, double lambda,
                          double rho_p, fc_infer_point *pt) {
  double lo = 0.0, hi, bmax;
  int st, i;
  if ((st = fc_inference_max_batch(m, c, p, &bmax, NULL))) return st;
  if (bmax < 1.0) return FC_ENOTFOUND;
  hi = bmax;
  if ((st = tpot_at(m, c, p, hi, rho_p, pt))) return st;
  if (hi < lambda * p->output_tokens * pt->tpot_s) return FC_ERANGE; /* more than memory holds */
  for (i = 0; i < 60 && hi - lo > 1e-6 * hi; i++) {
    double mid = 0.5 * (lo + hi);
    if ((st = tpot_at(m, c, p, mid, rho_p, pt))) return st;
    if (mid < lambda * p->output_tokens * pt->tpot_s) lo = mid;
    else hi = mid;
  }
  if ((st = tpot_at(m, c, p, hi, rho_p, pt))) return st;
  pt->batch = hi;
  return FC_OK;
}

int fc_serve_load(const fc_llm *m, const fc_infer_chip *c, const fc_infer_params *p, double lambda,
                  int aggregated, fc_infer_point *out, double *queue_s, const char **bad_field) {
  fc_infer_point pre, dec;
  double rho_p, wait, ttft;
  int st;
  if (!out || !queue_s) return FC_EINVAL;
  if ((st = fc_inference_check(m, c, p, bad_field))) return st;
  if (!isfinite(lambda) || lambda < 0.0) {
    if (bad_field) *bad_field = "arrival_rate_per_s";
    return FC_EDOM;
  }
  if ((st = fc_inference_point(m, c, p, 1.0, &pre, bad_field))) return st;
  /* the prefill share does not depend on the batch; the step a prompt waits
     behind does: two passes settle it (the step changes little with B) */
  fc_serve_prefill_queue(&pre, p, lambda, 0.0, &rho_p, &wait, &ttft);
  if (rho_p >= 1.0) return FC_ERANGE;
  if ((st = fc_serve_decode_batch(m, c, p, lambda, aggregated ? rho_p : 0.0, &dec))) return st;
  fc_serve_prefill_queue(&pre, p, lambda, aggregated ? dec.step_s : 0.0, &rho_p, &wait, &ttft);
  *out = dec;
  out->ttft_s = ttft;
  *queue_s = wait;
  return FC_OK;
}
