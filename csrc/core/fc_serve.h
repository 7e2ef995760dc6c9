/*
** fc_serve.h -- serving at the scale it is done: the layout search over
** groups and attention layouts, aggregated or disaggregated prefill/decode,
** latency at a load (queueing), and a fleet over a day.  The step of one
** layout is fc_inference.h's per-rank model.
**
** Layout search (fc_serve_best), N chips:
**   candidates, per phase: groups g = 1, 2, 4, ... up to a node, then whole
**   nodes (2, 3, ... nodes) with scale-out, g <= N: expert parallelism for
**   a MoE, pipeline stages of a node each for a dense model (up to 8);
**   attention tp = 1, 2, 4, ... dividing g inside a node (a dense model:
**   tp = g inside a node, a node's chips across nodes); the
**   N chips hold floor(N / g) replicas of the group (the rest idle).
**   aggregated: one layout does both phases; prefill chunks interleave with
**     decode steps (Sarathi-Serve, Agrawal et al. OSDI 2024), so a decode
**     iteration lasts step / (1 - rho_p), rho_p the share of the group's time
**     in prefill (the interference the TPOT target sees);
**   disaggregated: the best prefill layout and the best decode layout, kp
**     prefill and kd decode replicas with kp gp + kd gd <= N, requests/s =
**     min(kp gp / P, kd gd / D) for P, D the chip-seconds per request of each
**     phase (DistServe, Zhong et al. OSDI 2024; Mooncake; DeepSeek's own
**     deployment: EP32 prefill, EP144 decode, inference-system overview
**     2025-03-01); the chip ratio is kp gp : kd gd;
**   the best: the most requests/s within the targets; every candidate for N
**   chips is one for N + 1, so more chips never lower the best throughput,
**   and more bandwidth or memory or a looser target never remove a candidate.
**   With a load: that layout at the load; when it misses a target there, the
**   fewest chips that carry the load (below) if they are at most N, so a
**   load some layout of N chips carries is never refused.
**
** chips = 0 (auto): the most requests/s per chip over every layout up to
**   max_group: aggregated rate / g; disaggregated 1 / (gp / Rp + gd / Rd)
**   (a continuous prefill:decode ratio, as a fleet of many replicas has).
**   With an arrival rate: the fewest chips that carry it within the targets
**   (the load's TTFT and TPOT below), in whole replicas: k g aggregated, or
**   kp gp + kd gd with each pool the fewest on its own (TTFT rests on the
**   prefill pool, TPOT on the decode pool); ties to the lower TTFT + out
**   TPOT.  More load never needs fewer chips, a looser target never more.
**
** Load (fc_serve_load), lambda requests/s on one replica of a layout:
**   decode batch from Little's law: B = lambda x output x TPOT(B), TPOT(B) =
**     step(B) / tau / (1 - rho_p) aggregated (step(B) / tau disaggregated);
**   prefill: M/D/1 with vacations (Pollaczek-Khinchine: Kleinrock, Queueing
**     Systems vol. 1, 1975, eq. 5.73; vacations: Takagi 1991): a request's
**     prefill takes S = n / (prefill tokens/s of the replica), rho_p = lambda S,
**     wait W = rho_p S / (2 (1 - rho_p)) + step(B) / 2 (aggregated: the decode
**     step in progress; 0 disaggregated), TTFT = t_one + W + (k - 1) step(B)
**     for a prompt of k chunks interleaved with decode steps (aggregated);
**   unstable (FC_ERANGE) when rho_p >= 1 or B exceeds the memory's batch.
**   A closed loop of C users (concurrency): lambda = C / (TTFT + out TPOT),
**     users beyond the memory's batch wait for a slot, (C - Bmax) / (Bmax / (out TPOT)).
*/
#ifndef FC_SERVE_H
#define FC_SERVE_H

#include "fc_inference.h"

/* One phase's layout. */
typedef struct {
  double group;                      /* chips of one replica (ep for a MoE) */
  double tp, dp;                     /* attention: dp ranks of tp chips */
  double nodes;                      /* nodes one replica spans */
  double replicas;                   /* replicas of the phase on the chips */
  double chips;                      /* replicas x group */
} fc_serve_layout;

/* A layout fixed in advance (a Monte Carlo keeps its base point's layout and
   re-times it per sample, the batch re-solved within the targets): the
   decode (or aggregated) group and attention tp, the prefill pool's when
   disaggregated = 1. group 0: none, search. When the pinned layout meets no
   target on some input, fc_serve_best searches every layout instead. */
typedef struct {
  double group, tp, prefill_group, prefill_tp, disaggregated;
} fc_serve_pin;

/* What fc_serve_best searches for. Start from fc_serve_opts_init. */
typedef struct {
  double chips;                      /* chips available, integer >= 1; 0 = auto: the layout with
                                        the most throughput per chip, each phase's replicas in
                                        the ratio its work needs (a fleet of many replicas);
                                        with arrival_rate_per_s, the fewest chips carrying it */
  double ttft_s, tpot_s;             /* targets (0: none); at the load when one is given */
  double arrival_rate_per_s;         /* requests/s to all the chips (0: none: the most throughput) */
  double concurrency;                /* users in a closed loop (0: none); excludes arrival_rate_per_s */
  double disaggregated;              /* FC_SERVE_AUTO, 0 (aggregated) or 1 */
  double max_group;                  /* largest group tried (0: the chips; auto: 512) */
  const fc_serve_pin *pin;           /* NULL: search every layout; else time this one only */
} fc_serve_opts;

enum { FC_SERVE_AUTO = -1 };

/* The answer. Per chip figures are over all the chips given (idle ones too). */
typedef struct {
  fc_infer_point decode, prefill;    /* the two phases' points (aggregated: the same layout) */
  fc_serve_layout decode_layout, prefill_layout;
  double disaggregated;              /* 1: the phases run on separate chips */
  double chips, chips_used;
  double requests_per_s;             /* served (the load, or the capacity when none) */
  double capacity_requests_per_s;    /* the most within the targets */
  double output_tokens_per_s, tokens_per_s;               /* all the chips */
  double output_tokens_per_s_per_chip, tokens_per_s_per_chip;
  double ttft_s, tpot_s;             /* at the load (or at capacity) */
  double queue_s;                    /* prefill wait in ttft_s */
  double batch;                      /* decode batch of one decode replica */
  double prefill_share;              /* share of chip time in prefill */
  double j_per_token, j_per_output_token;  /* board energy */
  int bound;                         /* fc_infer_bound of the decode side */
  double largest_group;              /* the largest group tried (set on FC_ENOTFOUND too) */
} fc_serve_result;

void fc_serve_opts_init(fc_serve_opts *o);

/* The group sizes the layout search tries for model m on chip c, at most
   `most` chips (0: the automatic limit, 512): powers of two up to a node, then
   whole nodes across scale-out (a MoE's expert parallelism; a dense model's
   pipeline stages, up to 8 nodes). The serve door's frontier uses these, so
   it tries what the search tries. Returns the count (<= FC_SERVE_GROUPS). */
#define FC_SERVE_GROUPS 64
size_t fc_serve_group_sizes(const fc_llm *m, const fc_infer_chip *c, double most, double g[FC_SERVE_GROUPS]);

/*
** The best layout for p's workload on o->chips chips of c (p->group and p->tp
** ignored: the search sets them).  FC_ENOTFOUND when the model fits no group
** of at most o->chips (*need_bytes: the memory of the largest group tried);
** FC_EDOM with *bad_field NULL when no layout meets the targets
** (*tightest_ttft_s, *tightest_tpot_s: the lowest reachable, unloaded);
** FC_ERANGE when the load exceeds every layout's capacity.  Errors: FC_EINVAL,
** FC_EDOM with *bad_field.
*/
int fc_serve_best(const fc_llm *m, const fc_infer_chip *c, const fc_infer_params *p, const fc_serve_opts *o,
                  fc_serve_result *r, double *tightest_ttft_s, double *tightest_tpot_s, double *need_bytes,
                  const char **bad_field);

/*
** TTFT, TPOT and the decode batch of one replica of layout p (group, tp) at
** lambda requests/s (formulas above); aggregated = 1 interleaves prefill with
** decode on the replica.  *out is the decode point at that batch (its ttft_s
** and tpot_s replaced by the loaded ones); *queue_s the prefill wait.
** Errors: FC_EDOM (bad input, *bad_field), FC_ERANGE (the load exceeds the
** replica: rho_p >= 1 or the batch exceeds memory).
*/
int fc_serve_load(const fc_llm *m, const fc_infer_chip *c, const fc_infer_params *p, double lambda,
                  int aggregated, fc_infer_point *out, double *queue_s, const char **bad_field);

/*
** The search's answer as one point the cost chain and the doors take
** (fc_serve_compose): the decode point with the totals over all the chips
** (tokens/s per chip including idle ones, the latencies at the load, energy
** per token of both phases) and the layout of each pool.
*/
void fc_serve_result_point(const fc_serve_result *r, const fc_infer_params *p, fc_infer_point *pt);

#endif
