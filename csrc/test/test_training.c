/* test_training.c -- training compute, scaling, goodput and TPP against
   published figures and hand calculations. */
#include <math.h>
#include <string.h>
#include "fc.h"
#include "fc_test.h"

static void test_flops(void) {
  double x;
  /* Llama 3.1 405B: 6 x 405e9 x 15.6e12 = 3.7908e25 (Meta reports 3.8e25) */
  fc_training_flops(405e9, 15.6e12, 0, 0, 0, &x);
  fc_test_rel(x, 3.7908e25, 1e-12, "Llama 3.1 405B 6ND");
  fc_test_rel(x, 3.8e25, 0.01, "within 1 % of Meta's 3.8e25");
  /* DeepSeek-V3: 6 x 37e9 active x 14.8e12 = 3.2856e24 */
  fc_training_flops(37e9, 14.8e12, 0, 0, 0, &x);
  fc_test_rel(x, 3.2856e24, 1e-12, "DeepSeek-V3 6ND with active params");
  /* GPT-3 with Kaplan's attention term: 6ND + 6 x 96 x 2048 x 12288 x D = 3.19349e23 */
  fc_training_flops(175e9, 300e9, 96, 2048, 12288, &x);
  fc_test_rel(x, 3.193486543872e23, 1e-12, "GPT-3 with the attention term");
  fc_test_int(fc_training_flops(-1, 1, 0, 0, 0, &x), FC_EDOM, "negative params");
}

static void test_mfu_and_hours(void) {
  double x;
  /* DeepSeek-V3 MFU from its reported hours: 3.2856e24 / (2.788e6 x 3600 x 1979e12) = 0.165415 */
  fc_training_mfu(3.2856e24, 2.788e6, 1979e12, &x);
  fc_test_rel(x, 0.16541451863, 1e-9, "DeepSeek-V3 implied FP8 MFU");
  /* and back: chip-hours at that MFU reproduce 2.788M hours */
  fc_training_chip_hours(3.2856e24, 1979e12, 0.16541451863408446, 1, 1, &x);
  fc_test_rel(x, 2.788e6, 1e-12, "chip-hours round trip");
  fc_test_int(fc_training_chip_hours(1, 1, 1.5, 1, 1, &x), FC_EDOM, "MFU above 1");
}

static void test_days(void) {
  double x;
  /* DeepSeek-V3: 2.788e6 H800-hours on 2,048 chips = 2.788e6 / 2048 / 24 = 56.72 days
     (the report's "less than two months") */
  fc_test_int(fc_training_days(2.788e6, 2048, &x), FC_OK, "days status");
  fc_test_rel(x, 56.722005208333336, 1e-12, "DeepSeek-V3 wall-clock days");
  fc_test_int(fc_training_days(1, 0, &x), FC_EDOM, "zero chips");
}

static void test_goodput(void) {
  fc_goodput_result g;
  /* Young: sqrt(2 x 60 s x 86400 s) = 3219.94 s; Daly: 3180.06 s;
     goodput with R = 600 s: 3180.06/3240.06 x (1 - (600 + 1620.03)/86400) = 0.956263 */
  fc_training_goodput(60, 600, 86400, &g);
  fc_test_rel(g.young_interval_s, 3219.937887599697, 1e-12, "Young interval");
  fc_test_rel(g.daly_interval_s, 3180.0621135984475, 1e-12, "Daly interval");
  fc_test_rel(g.goodput, 0.9562628531724572, 1e-12, "goodput");
  fc_test_int(fc_training_goodput(0, 0, 1, &g), FC_EDOM, "zero checkpoint cost");
  /* Daly (2006), FGCS 22(3), Figs. 3-5, checkpoint delta = 5 min: optimum
     intervals 117 min at M = 24 h, 57 min at 6 h, 9.1 min at 15 min (to the
     rounding printed in the paper) */
  fc_training_goodput(300, 600, 24 * 3600, &g);
  fc_test_rel(g.daly_interval_s / 60.0, 117.0, 0.5 / 117.0, "Daly fig. 3: 117 min");
  fc_training_goodput(300, 600, 6 * 3600, &g);
  fc_test_rel(g.daly_interval_s / 60.0, 57.0, 0.5 / 57.0, "Daly fig. 4: 57 min");
  fc_training_goodput(300, 600, 15 * 60, &g);
  fc_test_rel(g.daly_interval_s / 60.0, 9.1, 0.05 / 9.1, "Daly fig. 5: 9.1 min");
}

static void test_goodput_cluster(void) {
  fc_goodput_result g, one;
  /* 1,000 chips failing every 24,000 h each: the job fails every 24 h, as one
     chip with MTBF 86,400 s does */
  fc_test_int(fc_training_goodput_cluster(60, 600, 24000, 1000, &g), FC_OK, "cluster status");
  fc_training_goodput(60, 600, 86400, &one);
  fc_test_rel(g.job_mtbf_h, 24.0, 1e-15, "job MTBF 24000 / 1000 h");
  fc_test_rel(g.goodput, one.goodput, 1e-15, "the same goodput as a 24 h job MTBF");
  fc_test_int(fc_training_goodput_cluster(60, 600, 24000, 0, &g), FC_EDOM, "zero chips");
}

/* 16 chips in 2 nodes of 8, 1 GB of gradients, NVLink 450 GB/s, IB 50 GB/s */
static void two_nodes(fc_scaling_params *s) {
  fc_training_scaling_defaults(s);
  s->chips = 16; s->gradient_bytes = 1e9; s->step_flops_per_chip = 1e15; s->peak_flops_per_s = 1e15;
  s->mfu = 0.5; s->intra_node_gbs = 450; s->inter_node_gbs = 50;
}

static void test_scaling_two_nodes(void) {
  fc_scaling_params s;
  fc_scaling_result r;
  double x;
  /* intra 2 x 7/8 x 1e9 / 450e9 = 3.889 ms; inter 2 x 1/2 x (1e9/8) / 50e9 = 2.5 ms;
     compute 1e15 / (1e15 x 0.5) = 2 s; efficiency = 2 / 2.0063889 = 0.996816 */
  two_nodes(&s);
  fc_test_int(fc_training_scaling(&s, &r, NULL), FC_OK, "scaling status (one site: no WAN figure needed)");
  fc_test_rel(r.efficiency, 0.9968157275370344, 1e-12, "two-node efficiency");
  /* splitting across 2 sites over a thin link lowers it */
  s.chips = 16384; s.sites = 2; s.inter_site_gbs = 0.1;
  fc_training_scaling(&s, &r, NULL);
  x = r.efficiency;
  s.inter_site_gbs = 1.0;
  fc_training_scaling(&s, &r, NULL);
  fc_test_int(r.efficiency > x, 1, "efficiency rises with inter-site bandwidth");
  s.overlap = 1.0; s.inter_site_gbs = 1e9;
  fc_training_scaling(&s, &r, NULL);
  fc_test_rel(r.efficiency, 1.0, 1e-12, "fully overlapped fast communication: efficiency 1");
}

static void test_scaling_defaults(void) {
  fc_scaling_params s;
  fc_scaling_result r;
  const char *bad = NULL;
  fc_training_scaling_defaults(&s);
  fc_test_rel(s.chips_per_node, 8, 0, "8 chips per HGX node");
  fc_test_rel(s.bytes_per_param, 2, 0, "bf16 gradients: 2 bytes");
  fc_test_rel(s.activation_bytes, 2, 0, "bf16 activations: 2 bytes");
  /* two sites without a WAN bandwidth: an error naming it, not an infinite link */
  two_nodes(&s);
  s.chips = 16384; s.sites = 2;
  fc_test_int(fc_training_scaling(&s, &r, &bad), FC_EDOM, "sites > 1 need inter_site_gbs");
  fc_test_int(bad && strcmp(bad, "inter_site_gbs") == 0, 1, "names inter_site_gbs");
}

static void test_scaling_derived(void) {
  fc_scaling_params s;
  fc_scaling_result r, given;
  const char *bad = NULL;
  /* gradients and step FLOP from params: 7e9 params in bf16 = 1.4e10 bytes a chip
     holds (t = p = 1); one step of 4M tokens = 6 x 7e9 x 4e6 = 1.68e17 FLOP over
     16 chips = 1.05e16 each. The same numbers given directly give the same result. */
  two_nodes(&s);
  s.gradient_bytes = NAN; s.step_flops_per_chip = NAN; s.params = 7e9; s.tokens_per_step = 4e6;
  fc_test_int(fc_training_scaling(&s, &r, NULL), FC_OK, "derived status");
  two_nodes(&s);
  s.gradient_bytes = 1.4e10; s.step_flops_per_chip = 1.05e16;
  fc_training_scaling(&s, &given, NULL);
  fc_test_rel(r.compute_s, 1.05e16 / (1e15 * 0.5), 1e-15, "compute 1.05e16 / 5e14 = 21 s");
  fc_test_rel(r.efficiency, given.efficiency, 1e-15, "derived = given");
  fc_test_rel(r.dp_bytes, given.dp_bytes, 1e-15, "the same gradient bytes");
  two_nodes(&s);
  s.gradient_bytes = NAN;
  fc_test_int(fc_training_scaling(&s, &r, &bad), FC_EDOM, "no gradients, no params");
  fc_test_int(bad && strcmp(bad, "params") == 0, 1, "names params");
  two_nodes(&s);
  s.step_flops_per_chip = NAN; s.params = 7e9;
  fc_test_int(fc_training_scaling(&s, &r, &bad), FC_EDOM, "step FLOP without tokens_per_step");
  fc_test_int(bad && strcmp(bad, "tokens_per_step") == 0, 1, "names tokens_per_step");
}

static void test_scaling_layout(void) {
  fc_scaling_params s;
  fc_scaling_result r;
  double x;
  fc_training_scaling_defaults(&s);
  s.step_flops_per_chip = 1e15; s.peak_flops_per_s = 1e15; s.mfu = 0.5; s.inter_node_gbs = 50;
  s.intra_node_gbs = 450;
  /* Layout by parallelism kind in 2 nodes of 8, 1 GB of gradients, NVLink 450 GB/s, IB 50 GB/s:
     intra 2 x 7/8 x 1e9 / 450e9 = 3.889 ms; inter 2 x 1/2 x (1e9/8) / 50e9 = 2.5 ms;
     compute 1e15 / (1e15 x 0.5) = 2 s; efficiency = 2 / 2.0063889 = 0.996816 */
  s.chips = 16; s.chips_per_node = 8; s.sites = 1; s.gradient_bytes = 1e9;
  s.step_flops_per_chip = 1e15; s.peak_flops_per_s = 1e15; s.mfu = 0.5;
  s.intra_node_gbs = 450; s.inter_node_gbs = 50; s.inter_site_gbs = 1e9; s.latency_s = 0;
  s.overlap = 0;
  s.tensor_parallel = 1; s.pipeline_parallel = 1; s.layers = 0; s.d_model = 0; s.activation_bytes = 2;
  s.tokens_per_step = 0; s.pipeline_across_sites = 0;
  fc_test_int(fc_training_scaling(&s, &r, NULL), FC_OK, "scaling status");
  fc_test_rel(r.efficiency, 0.9968157275370344, 1e-12, "two-node efficiency");
  /* splitting across 2 sites over a thin link lowers it */
  s.chips = 16384; s.sites = 2; s.inter_site_gbs = 0.1;
  fc_training_scaling(&s, &r, NULL);
  x = r.efficiency;
  s.inter_site_gbs = 1.0;
  fc_training_scaling(&s, &r, NULL);
  fc_test_int(r.efficiency > x, 1, "efficiency rises with inter-site bandwidth");
  s.overlap = 1.0; s.inter_site_gbs = 1e9;
  fc_training_scaling(&s, &r, NULL);
  fc_test_rel(r.efficiency, 1.0, 1e-12, "fully overlapped fast communication: efficiency 1");
  /* Layout by parallelism kind (Narayanan et al. 2021): 70B, 80 layers,
     d_model 8192, 16M tokens per step, 10,240 chips = t 8 x p 4 x d 320, nodes
     of 8, 4 sites, bf16 (2 bytes). By hand:
       S (gradients a chip holds) = 70e9 x 2 / (8 x 4) = 4.375e9 bytes
       g1 = 8 / 8 = 1 replica per node; g3 = 4 sites; g2 = 320 / 1 / 4 = 80 nodes per site
       inter-site bytes = 2 x 3/4 x 4.375e9 / 80 = 8.203125e7 per chip per step
       pure data parallel (t = p = 1, S = 140e9, g1 = 8, g2 = 320) moves the same
       2 x 3/4 x 140e9 / 2560 = 8.203125e7: every gradient crosses the WAN once
       whatever the layout. The earlier model divided S by the model-parallel
       ways but kept 8 replicas per node: with 8-way model parallelism it gave
       2 x 3/4 x 17.5e9 / 2560 = 1.025390625e7, 8x too little.
       A = 16e6 / 320 x 8192 x 2 = 8.192e8 bytes; tensor bytes = 4 x 80/4 x 2 x 7/8 x A
         = 140 x A = 1.14688e11; pipeline bytes = 2 x A / 8 = 2.048e8 */
  s.chips = 10240; s.chips_per_node = 8; s.sites = 4; s.gradient_bytes = 70e9 * 2 / 32;
  s.tensor_parallel = 8; s.pipeline_parallel = 4; s.layers = 80; s.d_model = 8192; s.activation_bytes = 2;
  s.tokens_per_step = 16e6; s.pipeline_across_sites = 0; s.inter_site_gbs = 1; s.overlap = 0;
  fc_test_int(fc_training_scaling(&s, &r, NULL), FC_OK, "3-D layout status");
  fc_test_rel(r.site_bytes, 8.203125e7, 1e-12, "3-D layout: inter-site bytes per chip");
  fc_test_rel(r.tp_bytes, 1.14688e11, 1e-12, "3-D layout: tensor-parallel bytes per chip");
  fc_test_rel(r.pp_bytes, 2.048e8, 1e-12, "3-D layout: pipeline bytes per chip");
  s.tensor_parallel = 1; s.pipeline_parallel = 1; s.gradient_bytes = 140e9;
  fc_training_scaling(&s, &r, NULL);
  fc_test_rel(r.site_bytes, 8.203125e7, 1e-12, "pure data parallel: the same inter-site bytes");
  s.tensor_parallel = 8; s.pipeline_parallel = 4; s.gradient_bytes = 70e9 * 2 / 32;
  /* tensor time: 4 x 20 x 2 x 7/8 x 8.192e8 / 200e9 = 0.57344 s over NVLink 200 GB/s */
  s.intra_node_gbs = 200;
  fc_training_scaling(&s, &r, NULL);
  fc_test_rel(r.tp_s, 0.57344, 1e-12, "3-D layout: tensor time over NVLink");
  /* pipeline across the 4 sites: the WAN carries one boundary's 2.048e8 bytes */
  s.pipeline_across_sites = 1;
  fc_training_scaling(&s, &r, NULL);
  fc_test_rel(r.site_bytes, 2.048e8, 1e-12, "pipeline across sites: WAN bytes");
  s.tensor_parallel = 3;
  fc_test_int(fc_training_scaling(&s, &r, NULL), FC_EDOM, "chips not a multiple of t x p");
  s.tensor_parallel = 8; s.pipeline_parallel = 2; s.pipeline_across_sites = 1;
  fc_test_int(fc_training_scaling(&s, &r, NULL), FC_EDOM, "fewer stages than sites");
}

static void test_scaling_table(void) {
  double x;
  {
    const double chips[3] = {8, 1024, 16384}, eff[3] = {1.0, 0.95, 0.85};
    /* log-linear: at 128 chips t = ln(16)/ln(128) = 4/7 -> 1 - 0.05 x 4/7 = 0.971429 */
    fc_training_scaling_table(chips, eff, 3, 128, &x);
    fc_test_rel(x, 1.0 - 0.05 * 4.0 / 7.0, 1e-12, "scaling table interpolation");
  }
}

static void test_tpp(void) {
  double x;
  /* TPP: H100 989.5 dense BF16 TFLOP/s x 16 = 15832; PD = 15832 / 814 = 19.4496 */
  fc_export_tpp(989.5, 16, &x);
  fc_test_rel(x, 15832, 1e-15, "H100 TPP");
  fc_export_performance_density(15832, 814, &x);
  fc_test_rel(x, 19.44963144963145, 1e-12, "H100 PD");
  {
    /* MI325X: max(1307.4 x 16 = 20918.4, 2614.9 x 8 = 20919.2) = 20919.2 (fp8) */
    const double tops[2] = {1307.4, 2614.9};
    const int bits[2] = {16, 8};
    size_t which;
    fc_export_tpp_max(tops, bits, 2, &x, &which);
    fc_test_rel(x, 20919.2, 1e-12, "MI325X TPP max over precisions");
    fc_test_int((long long)which, 1, "fp8 gives the max");
  }
  fc_test_int(fc_export_tpp(100, 12, &x), FC_EDOM, "12-bit is not a TPP bit length");
}

int main(void) {
  test_flops();
  test_mfu_and_hours();
  test_days();
  test_goodput();
  test_goodput_cluster();
  test_scaling_two_nodes();
  test_scaling_defaults();
  test_scaling_derived();
  test_scaling_layout();
  test_scaling_table();
  test_tpp();
  return fc_test_summary("training and export");
}
