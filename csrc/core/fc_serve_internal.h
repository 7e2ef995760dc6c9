/*
** fc_serve_internal.h -- shared between fc_serve.c and fc_serve_load.c (not
** part of the public API).
*/
#ifndef FC_SERVE_INTERNAL_H
#define FC_SERVE_INTERNAL_H

#include "fc_serve.h"

void fc_serve_prefill_queue(const fc_infer_point *pt, const fc_infer_params *p, double lambda, double step_s,
                            double *rho_p, double *wait_s, double *ttft_s);
int fc_serve_decode_batch(const fc_llm *m, const fc_infer_chip *c, const fc_infer_params *p, double lambda,
                          double rho_p, fc_infer_point *pt);

#endif
