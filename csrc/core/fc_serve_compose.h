/*
** fc_serve_compose.h -- the serving part of composition (DESIGN.md section 2,
** "serve (serving composition)"): an inference description (fc_compose.h,
** workload = FC_WORKLOAD_INFERENCE) into the serving model's inputs
** (fc_inference.h), the best point within its targets, and the mix's serving
** summary. Both doors use it: a scenario (fc_compose, then the cost chain) and
** fc.inference.serve (lfc_inference.c: the point, a fixed batch, the frontier),
** so the catalog-to-model conversion, the group sizes tried and the KV
** precision rule exist once.
*/
#ifndef FC_SERVE_COMPOSE_H
#define FC_SERVE_COMPOSE_H

#include <stddef.h>
#include "fc_compose.h"
#include "fc_inference.h"
#include "fc_serve.h"

#define FC_SERVE_MAX_GROUPS FC_SERVE_GROUPS

/*
** The serving inputs of chip ci: the model (MLA and MoE fields zeroed when the
** model has neither), the chip (GB -> bytes; the catalog's scale-up link counts
** both directions, a collective uses one), the serving figures (NaN fields:
** fc_inference_defaults; KV cache precision: see fc_serve_compose.c) and the
** group (workload.chips, or 1). The description's fields are taken as
** checked (fc_compose_check). p: a composed member whose peak, TDP, idle
** power and power curve apply (the scenario door: after overrides and a
** convention), or NULL for the chip's own figures (the serve door).
** Errors: FC_EINVAL, FC_EDOM (e names the description field: a domain, or a
** chip without memory figures).
*/
int fc_serve_compose_inputs(const fc_compose_desc *d, size_t ci, const fc_scenario_params *p, fc_llm *m,
                            fc_infer_chip *ic, fc_infer_params *q, fc_compose_error *e);

/* The group sizes to try when the description gives none (workload.chips):
   the layout search's (fc_serve_group_sizes: up to a node, then whole nodes
   across scale-out). Returns the count (0 when workload.chips fixes the group). */
size_t fc_serve_compose_groups(const fc_compose_desc *d, const fc_llm *m, const fc_infer_chip *ic,
                               double groups[FC_SERVE_MAX_GROUPS]);

/*
** The best point of chip ci within the description's targets
** (fc_inference_solve over groups[ng], or the layout search fc_serve_best when
** groups is NULL). Errors, with e naming the description field: the model fits no
** group ("model.params", value = the largest group's memory in bytes, limit =
** what the model needs); no batch meets a target ("workload.slo.ttft_s" /
** "workload.slo.tpot_s", limit = the tightest achievable); the model's own
** rules (fc_serve_compose_field of the core's name).
*/
int fc_serve_compose_solve(const fc_compose_desc *d, size_t ci, const fc_scenario_params *p, const double *groups,
                           size_t ng, fc_infer_point *pt, fc_compose_error *e);

/* The description's name of a field fc_inference names ("bandwidth_efficiency"
   -> "serving.bandwidth_efficiency", "memory_bytes" -> "chip.memory_gb",
   "group" -> "workload.chips"), or core_name itself when it has none. */
const char *fc_serve_compose_field(const char *core_name);

/* The mix's serving summary (fc_compose_mix): count-weighted means over the
   chips; init, add each chip's point, done. */
void fc_serve_mix_init(fc_compose_mix *m);
void fc_serve_mix_add(fc_compose_mix *m, const fc_infer_point *pt, double count, const fc_compose_desc *d);
void fc_serve_mix_done(fc_compose_mix *m);

#endif
