/*
** fc_serve_internal.h -- shared between fc_serve.c and fc_serve_load.c (not
** part of the public API).
*/
#ifndef FC_SERVE_INTERNAL_H
#define FC_SERVE_INTERNAL_H

#include "fc_serve.h"

/* The prefill side of a layout (fc_inference.c): what a decode point takes
   from prefill, the same for every batch. */
typedef struct {
  double n, ttft_s, tokens_per_s_per_chip, power_w, utilization, max_batch;
} fc_infer_prefill;
/* For inputs fc_inference_check accepted (these do not check them again):
   the prefill side of the layout p describes, and the point at `batch` with
   that side -- fc_inference_point's answer, without recomputing the prefill
   side for every batch a search tries. */
int fc_inference_prefill_side(const fc_llm *m, const fc_infer_chip *c, const fc_infer_params *p,
                              fc_infer_prefill *q);
int fc_inference_point_with(const fc_llm *m, const fc_infer_chip *c, const fc_infer_params *p, double batch,
                            const fc_infer_prefill *q, fc_infer_point *r);
/* The same point without its power and energy fields (0): what a search
   comparing step times and TPOT needs, at a fraction of the cost. */
int fc_inference_probe(const fc_llm *m, const fc_infer_chip *c, const fc_infer_params *p, double batch,
                       const fc_infer_prefill *q, fc_infer_point *r);

void fc_serve_prefill_queue(const fc_infer_point *pt, const fc_infer_params *p, double lambda, double step_s,
                            double *rho_p, double *wait_s, double *ttft_s);
int fc_serve_decode_batch(const fc_llm *m, const fc_infer_chip *c, const fc_infer_params *p, double lambda,
                          double rho_p, fc_infer_point *pt);

#endif
