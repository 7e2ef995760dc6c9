/*
** fc_training.h -- training compute, time, cluster scaling and goodput.
*/
#ifndef FC_TRAINING_H
#define FC_TRAINING_H

#include <stddef.h>

/*
** Training FLOPs.  C = 6 N D  (N parameters active per token, D tokens):
** 2 N D for the forward pass and 4 N D for the backward pass.
** Source: Kaplan et al. (2020), "Scaling Laws for Neural Language Models",
** arXiv 2001.08361, sec. 2.1 (C ~ 6 N D); Hoffmann et al. (2022), arXiv
** 2203.15556 (Chinchilla), appendix F.  For MoE models N is the number of
** parameters active per token (DeepSeek-V3: 37B of 671B).
** Optional attention term (Kaplan et al. 2020, table 1): the forward pass
** adds 2 n_layer n_ctx d_attn per token, so training adds
**   6 n_layer n_ctx d_attn D   (x 3 for forward + backward)
** Pass n_layer = 0 to leave it out.
** Domain: params, tokens > 0; n_layer, n_ctx, d_attn >= 0.  Errors: FC_EDOM.
*/
int fc_training_flops(double active_params, double tokens, double n_layer, double n_ctx,
                      double d_attn, double *flops);

/*
** Accelerator-hours to do `flops` at peak x MFU (x scaling x goodput):
**   chip-hours = flops / (peak FLOP/s x MFU x scaling x goodput x 3600)
** MFU: Chowdhery et al. (2022), PaLM, arXiv 2204.02311, appendix B.
** Domain: flops >= 0, peak > 0, mfu, scaling, goodput in (0, 1].  Errors: FC_EDOM.
*/
int fc_training_chip_hours(double flops, double peak_flops_per_s, double mfu,
                           double scaling_efficiency, double goodput, double *chip_hours);

/* Model FLOPs utilization implied by a run: flops / (chip-hours x 3600 x peak). */
int fc_training_mfu(double flops, double chip_hours, double peak_flops_per_s, double *mfu);

/*
** Cluster scaling efficiency of a training step laid out as tensor x pipeline
** x data parallelism (t x p x d = chips), from the traffic each kind moves per
** step (Narayanan et al. 2021, "Efficient Large-Scale Language Model Training
** on GPU Clusters Using Megatron-LM", SC21, sections 3.2-3.4):
**   tensor: each layer does 2 all-reduces of its activations in the forward
**     pass and 2 in the backward pass (Shoeybi et al. 2019, Megatron-LM,
**     arXiv 1909.08053, fig. 3), each of A = tokens per replica x d_model x
**     activation bytes among the t chips, over the layers of one stage (L / p):
**       t_tp = 4 (L / p) x ring(t, A)     inside a node when t <= chips per node
**   pipeline: each stage boundary sends the activations forward and their
**     gradients back, A each per step; with the scatter/gather optimization
**     each of the t chips of a stage sends 1/t of it (Narayanan sec. 4.1):
**       t_pp = 2 A / t / B_link           between nodes (or over the WAN)
**   data: a hierarchical ring all-reduce of the gradients of the parameters a
**     chip holds, S = params x bytes / (t p) (Patarasuk & Yuan 2009, "Bandwidth
**     optimal all-reduce algorithms for clusters of workstations", J. Parallel
**     Distrib. Comput. 69(2): ring(p, S) = 2 (p - 1) / p x S / B; hierarchical
**     as in Goyal et al. 2017 and Jia et al. 2018, arXiv 1807.11205): inside a
**     node among the g1 = min(d, chips per node / t) replicas that share it
**     (Megatron's tensor-data-pipeline rank order), then among the g2 nodes of
**     a site with S / g1 each, then among the sites with S / (g1 g2) each.
** Sites split the data-parallel replicas (default), or, with
** pipeline_across_sites, the pipeline: then only stage boundaries cross the
** WAN (p >= sites) and the all-reduce stays inside each site.
** A link's time is the bytes a chip sends over it per step / its per-chip
** bandwidth (+ latency per ring hop); then
**   exposed comm = max(0, t_tp + t_pp + t_dp - overlap x t_compute)
**   efficiency = t_compute / (t_compute + exposed comm)
** where t_compute = step FLOPs per chip / (peak x MFU) (pipeline bubbles are
** part of the MFU). With t = p = 1 this is the pure data-parallel model.
*/
typedef struct {
  double chips;                 /* total accelerators, >= 1, a multiple of t x p */
  double params;                /* model parameters: gives gradient_bytes and step FLOP when those are NaN */
  double bytes_per_param;       /* gradient bytes per parameter, > 0 (2 for bf16) */
  double chips_per_node;        /* >= 1 (8 for HGX) */
  double sites;                 /* >= 1: separate campuses joined by WAN links */
  double gradient_bytes;        /* per chip per step, >= 0; NaN: params x bytes_per_param / (t p) */
  double step_flops_per_chip;   /* > 0; NaN: one step's 6 N B (fc_training_flops, N = params,
                                   B = tokens_per_step) / chips */
  double peak_flops_per_s;      /* > 0 */
  double mfu;                   /* (0, 1] */
  double intra_node_gbs;        /* per-chip bandwidth inside a node (NVLink), GB/s, > 0 */
  double inter_node_gbs;        /* per-chip bandwidth between nodes of a site (InfiniBand), GB/s, > 0 */
  double inter_site_gbs;        /* per-chip share of the WAN between sites, GB/s, > 0 */
  double latency_s;             /* per ring hop, >= 0 */
  double overlap;               /* fraction of compute time that can hide communication, [0, 1] */
  double tensor_parallel;       /* t, integer >= 1 */
  double pipeline_parallel;     /* p, integer >= 1 */
  double layers;                /* transformer layers, > 0 when t or p > 1 */
  double d_model;               /* hidden size, > 0 when t or p > 1 */
  double activation_bytes;      /* bytes per activation element, > 0 when t or p > 1 (2 for bf16) */
  double tokens_per_step;       /* global batch in tokens, > 0 when t or p > 1 */
  int pipeline_across_sites;    /* 1: sites split the pipeline; 0: they split the replicas */
} fc_scaling_params;

/* Times in seconds per step; bytes are what one chip sends per step over
   each kind's links (site_bytes: over the WAN). */
typedef struct {
  double compute_s, tp_s, pp_s, intra_s, inter_s, site_s, exposed_s, efficiency;
  double tp_bytes, pp_bytes, dp_bytes, site_bytes;
} fc_scaling_result;

int fc_training_scaling(const fc_scaling_params *p, fc_scaling_result *r, const char **bad_field);

/*
** The defaults of the scaling model (each with its source in fc_training.c):
** 8 chips per node, one site, t = p = 1, 2 bytes per gradient and per
** activation element (bf16), no latency, no overlap; params, gradient_bytes,
** step_flops_per_chip, layers, d_model, tokens_per_step and the three
** bandwidths NaN (given by the caller; inter_site_gbs is needed only with
** more than one site).
*/
void fc_training_scaling_defaults(fc_scaling_params *p);

/* Wall-clock days of chip_hours on `chips` accelerators: chip_hours / chips / 24.
   Domain: chip_hours >= 0, chips > 0.  Errors: FC_EDOM. */
int fc_training_days(double chip_hours, double chips, double *days);

/* Efficiency from a user table of (chips, efficiency), interpolated linearly
   in log(chips); clamped outside the table.  chips[] strictly increasing, >= 1;
   eff[] in (0, 1].  Errors: FC_EDOM, FC_EINVAL. */
int fc_training_scaling_table(const double *chips, const double *eff, size_t n, double at_chips,
                              double *efficiency);

/*
** Goodput of a job that checkpoints every tau and restarts after failures.
** Young (1974), "A first order approximation to the optimum checkpoint
** interval", CACM 17(9): tau = sqrt(2 C M).
** Daly (2006), "A higher order estimate of the optimum checkpoint interval for
** restart dumps", FGCS 22(3), eq. 37: for C < 2M,
**   tau = sqrt(2 C M) [1 + sqrt(C / (2M)) / 3 + C / (9 (2M))] - C, else tau = M.
** Fraction of wall-clock time doing useful work, to first order in the
** model of Young and Daly: a share C / (tau + C) goes to writing checkpoints,
** and each failure (rate 1/M) costs the restart R plus on average half a
** segment of rework (tau + C) / 2:
**   goodput = (tau / (tau + C)) x (1 - (R + (tau + C) / 2) / M)
** C: checkpoint write time, R: restart time, M: mean time between failures of
** the whole job (= per-chip MTBF / chips).  Results clamped to [0, 1].
** Domain: C > 0, M > 0, R >= 0.  Errors: FC_EDOM.
*/
typedef struct { double young_interval_s, daly_interval_s, goodput, job_mtbf_h; } fc_goodput_result;
int fc_training_goodput(double checkpoint_s, double restart_s, double job_mtbf_s,
                        fc_goodput_result *r);
/* The same for a job on `chips` accelerators that each fail independently
   every mtbf_h hours: the job fails at the sum of their rates, job MTBF =
   mtbf_h / chips (r->job_mtbf_h).  Domain: mtbf_h > 0, chips > 0.  Errors: FC_EDOM. */
int fc_training_goodput_cluster(double checkpoint_s, double restart_s, double mtbf_h, double chips,
                                fc_goodput_result *r);

#endif
