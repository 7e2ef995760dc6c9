/* test_inference.c -- the serving model against hand calculations written
   out here (figures: Llama 3.1 config.json, DeepSeek-V3 config.json, H100
   SXM datasheet 3.35 TB/s, 989.4 dense BF16 TFLOP/s, 80 GB). */
#include <math.h>
#include <string.h>
#include "fc.h"
#include "fc_test.h"

static fc_llm llama8b(void) {
  fc_llm m;
  memset(&m, 0, sizeof m);
  m.params = m.active_params = 8.03e9;
  m.layers = 32; m.hidden = 4096; m.heads = 32; m.kv_heads = 8; m.head_dim = 128;
  return m;
}

static fc_llm llama70b(void) {
  fc_llm m = llama8b();
  m.params = m.active_params = 70.6e9;
  m.layers = 80; m.hidden = 8192; m.heads = 64; m.kv_heads = 8; m.head_dim = 128;
  return m;
}

static fc_llm deepseek_v3(void) {
  fc_llm m;
  memset(&m, 0, sizeof m);
  m.params = 671e9; m.active_params = 37e9;
  m.layers = 61; m.hidden = 7168; m.heads = 128; m.kv_heads = 128; m.head_dim = 128;
  m.mla = 1; m.kv_lora_rank = 512; m.qk_rope_head_dim = 64;
  m.experts = 256; m.experts_active = 8; m.expert_intermediate = 2048; m.moe_layers = 58;
  return m;
}

static fc_infer_chip h100(void) {
  fc_infer_chip c;
  memset(&c, 0, sizeof c);
  c.peak_flops_per_s = 989.4e12; c.memory_bytes = 80e9; c.bandwidth_bytes_per_s = 3.35e12;
  c.link_bytes_per_s = 450e9; c.tdp_w = 700; c.idle_w = 125;
  return c;
}

/* DeepSeek-V3 in fp8 over a group of 8 (the MoE cases below) */
static fc_infer_params moe_fp8_group8(void) {
  fc_infer_params p;
  fc_inference_defaults(&p);
  p.weight_bytes = 1; p.kv_bytes = 1; p.group = 8;
  return p;
}

static void test_kv_bytes_per_token(void) {
  fc_llm big = llama70b(), ds = deepseek_v3();
  double x;
  /* KV bytes per token. GQA, Llama 3.1 70B in BF16: 2 (K and V) x 80 layers
     x 8 KV heads x 128 x 2 bytes = 327,680. MLA, DeepSeek-V3 in BF16:
     61 layers x (512 + 64) x 2 bytes = 70,272 (4.7x smaller). */
  fc_test_int(fc_inference_kv_bytes_per_token(&big, 2, &x), FC_OK, "kv status");
  fc_test_rel(x, 327680, 1e-15, "GQA KV bytes/token, Llama 3.1 70B bf16");
  fc_inference_kv_bytes_per_token(&ds, 2, &x);
  fc_test_rel(x, 70272, 1e-15, "MLA KV bytes/token, DeepSeek-V3 bf16");
  fc_inference_kv_bytes_per_token(&ds, 1, &x);
  fc_test_rel(x, 35136, 1e-15, "MLA KV bytes/token, fp8");
}

static void test_expected_experts(void) {
  double x;
  /* Expected experts: one token reads its k = 8; 32 tokens read
     256 (1 - (248/256)^32) = 163.3138459503830; a huge batch reads all 256. */
  fc_inference_expected_experts(256, 8, 1, &x);
  fc_test_rel(x, 8, 1e-12, "one token activates k experts");
  fc_inference_expected_experts(256, 8, 32, &x);
  fc_test_rel(x, 163.31384595038296, 1e-12, "32 tokens: E(1-(1-k/E)^B)");
  fc_inference_expected_experts(256, 8, 1e6, &x);
  fc_test_rel(x, 256, 1e-12, "a large batch reads every expert");
  fc_test_int(fc_inference_expected_experts(8, 9, 1, &x), FC_EDOM, "k > E");
}

static void test_dense_decode_step_by_hand(void) {
  fc_llm m = llama8b();
  fc_infer_chip c = h100();
  fc_infer_params p;
  fc_infer_point r;
  const char *bad = NULL;
  /* Dense decode step on one H100, Llama 3.1 8B bf16, batch 1, 1000 in /
     1000 out (mean context 1500), bandwidth efficiency 0.8, FLOP 0.6,
     overhead 2 ms:
       memory  (8.03e9 x 2 + 1500 x 131072) / (3.35e12 x 0.8) = 6.065898507 ms
       compute (2 x 8.03e9 + 2 x 32 x 32 x 256 x 1500) / (989.4e12 x 0.6) = 0.02837820 ms
       step = 6.065898507 + 2 = 8.065898507 ms = TPOT; 1 / TPOT = 123.98 tokens/s
     prefill of 1000 tokens: 2 x 8.03e9 x 1000 + 2 x 32 x 32 x 256 x 1000 x 500
       = 1.6322144e13 FLOP / 593.64e12 = 27.4953 ms (> 5.9925 ms of weights) + 2 ms
       TTFT = 29.495020552 ms; passes of 8192 tokens: 8192 / (8.192 x 27.4953 ms + 2 ms)
       = 36,050.117 tokens/s */
  fc_inference_defaults(&p);
  fc_test_int(fc_inference_point(&m, &c, &p, 1, &r, &bad), FC_OK, "point status");
  fc_test_rel(r.memory_s, 0.006065898507462687, 1e-12, "decode memory time");
  fc_test_rel(r.compute_s, 2.837819553938414e-05, 1e-12, "decode compute time");
  fc_test_rel(r.tpot_s, 0.008065898507462687, 1e-12, "TPOT batch 1");
  fc_test_rel(r.decode_tokens_per_s_per_chip, 1 / 0.008065898507462687, 1e-12, "decode tokens/s");
  fc_test_int(r.roofline, FC_BOUND_MEMORY, "batch-1 decode is memory bound");
  fc_test_rel(r.ttft_s, 0.029495020551175796, 1e-12, "TTFT");
  fc_test_rel(r.prefill_tokens_per_s_per_chip, 36050.116787917344, 1e-12, "prefill tokens/s");
  /* end to end: 1000 / 36050.117 + 1000 x 8.065898507 ms = 8.093637 chip-s per request */
  fc_test_rel(r.chip_s_per_request, 1000 / 36050.116787917344 + 1000 * 0.008065898507462687, 1e-12,
              "chip-seconds per request");
  /* power: memory-bound, utilization = 0.35 x (16.256608e9 / 8.0659 ms) / 3.35e12
     = 0.210577; 125 + 575 x 0.210577 = 246.08 W, well below the 700 W TDP */
  fc_test_rel(r.decode_utilization, 0.35 * 16.256608e9 / 0.008065898507462687 / 3.35e12, 1e-12,
              "decode power utilization");
  fc_test_rel(r.decode_power_w, 125 + 575 * r.decode_utilization, 1e-12, "decode power");
  fc_test_int(r.decode_power_w < 0.5 * c.tdp_w, 1, "memory-bound decode draws well under TDP");
  fc_test_rel(r.j_per_output_token, r.decode_power_w * 0.008065898507462687, 1e-12, "J per output token");
}

static void test_capacity_and_what_does_not_fit(void) {
  fc_llm m = llama8b(), big = llama70b();
  fc_infer_chip c = h100();
  fc_infer_params p;
  fc_infer_point r;
  const char *bad = NULL;
  double bmax, need, t_ttft, t_tpot;
  fc_inference_defaults(&p);
  /* Capacity: (0.9 x (80e9 - 16.06e9)) / (2000 x 131072) = 219.5 -> 219 sequences */
  fc_inference_max_batch(&m, &c, &p, &bmax, &need);
  fc_test_rel(bmax, 219, 0, "max batch, 8B on one H100");
  /* Llama 3.1 70B bf16 does not fit one H100: it needs 141.2e9 + 2000 x 327680 / 0.9 bytes */
  fc_test_int(fc_inference_solve(&big, &c, &p, NULL, 0, 0, 0, &r, &t_ttft, &t_tpot, &need, &bad),
              FC_ENOTFOUND, "70B bf16 on one H100 does not fit");
  fc_test_rel(need, 141928177777.77777, 1e-12, "memory it needs");
}

static void test_solver_largest_batch_within_target(void) {
  fc_llm m = llama8b();
  fc_infer_chip c = h100();
  fc_infer_params p;
  fc_infer_point r, r2;
  const char *bad = NULL;
  double bmax, need, t_ttft, t_tpot;
  fc_inference_defaults(&p);
  fc_inference_max_batch(&m, &c, &p, &bmax, &need);
  /* Solver: TPOT grows with the batch, so the best point within 20 ms is the
     largest batch meeting it, and relaxing the target never lowers throughput */
  fc_test_int(fc_inference_solve(&m, &c, &p, NULL, 0, 0, 0.020, &r, &t_ttft, &t_tpot, &need, &bad), FC_OK,
              "solve status");
  fc_test_int(r.tpot_s <= 0.020, 1, "solution meets TPOT");
  fc_inference_point(&m, &c, &p, r.batch + 1, &r2, &bad);
  fc_test_int(r2.tpot_s > 0.020 || r.batch == bmax, 1, "one more sequence breaks the target");
  fc_test_int(r.bound == FC_BOUND_LATENCY || r.bound == FC_BOUND_CAPACITY, 1, "binding constraint");
  fc_inference_solve(&m, &c, &p, NULL, 0, 0, 0.040, &r2, &t_ttft, &t_tpot, &need, &bad);
  fc_test_int(r2.output_tokens_per_s_per_chip >= r.output_tokens_per_s_per_chip, 1,
              "looser TPOT never lowers throughput");
  /* impossible target: the tightest achievable TPOT is batch 1's 8.0659 ms */
  fc_test_int(fc_inference_solve(&m, &c, &p, NULL, 0, 0, 0.005, &r, &t_ttft, &t_tpot, &need, &bad), FC_EDOM,
              "5 ms TPOT is impossible");
  fc_test_rel(t_tpot, 0.008065898507462687, 1e-12, "tightest TPOT reported");
}

static void test_more_bandwidth_more_tokens(void) {
  fc_llm m = llama8b();
  fc_infer_chip c = h100();
  fc_infer_params p;
  fc_infer_point r, r2;
  const char *bad = NULL;
  fc_inference_defaults(&p);
  /* More bandwidth never lowers throughput (nor raises cost per token) */
  fc_inference_point(&m, &c, &p, 64, &r, &bad);
  c.bandwidth_bytes_per_s *= 1.5;
  fc_inference_point(&m, &c, &p, 64, &r2, &bad);
  fc_test_int(r2.decode_tokens_per_s_per_chip > r.decode_tokens_per_s_per_chip, 1, "more bandwidth, more tokens");
}

static void test_tensor_parallel_all_reduce(void) {
  fc_llm big = llama70b();
  fc_infer_chip c = h100();
  fc_infer_params p;
  fc_infer_point r;
  const char *bad = NULL;
  fc_inference_defaults(&p);
  /* Tensor parallel on 2 chips: per layer 2 all-reduces of B x 8192 x 2 bytes,
     ring 2 x 1/2 x bytes / (450e9 x 0.7) + 10 us. Batch 8, Llama 3.1 70B:
     bytes = 131072; each 131072 / 315e9 + 1e-5 = 1.0416e-5 s... x 160 = 3.3331e-3 s */
  p.group = 2;
  fc_inference_point(&big, &c, &p, 8, &r, &bad);
  fc_test_rel(r.network_s, 160 * (131072.0 / 315e9 + 1e-5), 1e-12, "TP all-reduce time");
  /* weights split: (141.2e9 + 8 x 1500 x 327680) / 2 / 2.68e12 */
  fc_test_rel(r.memory_s, (141.2e9 + 8 * 1500 * 327680.0) / 2 / 2.68e12, 1e-12, "TP memory time");
}

static void test_moe_layout_on_h20_and_h200(void) {
  fc_llm ds = deepseek_v3();
  fc_infer_chip c = h100();
  fc_infer_params p = moe_fp8_group8();
  fc_infer_point r;
  const char *bad = NULL;
  /* MoE: DeepSeek-V3 fp8 on 8 chips, batch 32 per group: weights read
     = 8 replicas x (671e9 - 58 x 256 x 44040192 = 17.0912e9 dense) + 58 x 163.3138 x 44040192 bytes */
  /* on 8 x 96 GB (H20) a replica per chip would need 17.0912e9 + 653.909e9 / 8 = 98.83 GB > 96 GB:
     the automatic layout takes tensor-parallel attention over 2 chips (4 ranks), each chip holding
     17.0912e9 / 2 + 653.909e9 / 8 = 90.28 GB, the group 4 x 17.0912e9 + 653.909e9 = 722.27 GB */
  c.memory_bytes = 96e9;
  fc_inference_point(&ds, &c, &p, 32, &r, &bad);
  fc_test_rel(r.tp, 2, 0, "MoE attention split over 2 chips when replicas do not fit");
  fc_test_rel(r.weights_bytes, 4 * (671e9 - 58 * 256 * 44040192.0) + 58 * 256 * 44040192.0, 1e-12,
              "MoE dense part split when replicas do not fit");
  /* on 8 x 141 GB (H200) every chip keeps a replica */
  c.memory_bytes = 141e9;
  fc_test_int(fc_inference_point(&ds, &c, &p, 32, &r, &bad), FC_OK, "MoE point");
  fc_test_rel(r.experts_per_layer, 163.31384595038296, 1e-12, "experts read per layer");
  fc_test_rel(r.weights_read_bytes,
              8 * (671e9 - 58 * 256 * 44040192.0) + 58 * 163.31384595038296 * 44040192.0, 1e-12,
              "MoE weights read per step");
}

static void test_step_overhead_per_rank(void) {
  fc_llm ds = deepseek_v3();
  fc_infer_chip c = h100();
  fc_infer_params q = moe_fp8_group8();
  fc_infer_point o;
  const char *bad = NULL;
  c.memory_bytes = 141e9;
  /* The overhead of a decode step: 2 ms fixed + 20 us per sequence of a
     data-parallel rank (each runs its own scheduler and sampler; issue 20:
     the group's batch overcharged wide EP g-fold): 8 ranks of 32 / 8 = 4
     sequences, 0.002 + 4 x 2e-5 = 2.08 ms, and the step is max(memory,
     compute) + network (none hidden: overlap 0) + that */
  q.step_overhead_s = 0.002; q.sequence_overhead_s = 2e-5;
  fc_test_int(fc_inference_point(&ds, &c, &q, 32, &o, &bad), FC_OK, "overhead point");
  fc_test_rel(o.overhead_s, 0.00208, 1e-12, "fixed + per-sequence overhead, per rank");
  fc_test_rel(o.step_s, fmax(o.memory_s, o.compute_s) + o.network_s + 0.00208, 1e-12, "step adds the overhead");
  q.sequence_overhead_s = -1;
  fc_test_int(fc_inference_point(&ds, &c, &q, 32, &o, &bad), FC_EDOM, "negative per-sequence overhead");
  fc_test_int(strcmp(bad, "sequence_overhead_s") == 0, 1, "names sequence_overhead_s");
}

static void test_speculative_decoding_shortens_tpot(void) {
  fc_llm ds = deepseek_v3();
  fc_infer_chip c = h100();
  fc_infer_params p = moe_fp8_group8();
  fc_infer_point r, r2;
  const char *bad = NULL;
  c.memory_bytes = 141e9;
  fc_inference_point(&ds, &c, &p, 32, &r, &bad);
  /* Speculative decoding (DeepSeek-V3 MTP: 1 draft token, 85 % accepted):
     tau = (1 - 0.85^2) / (1 - 0.85) = 1.85 tokens per step */
  p.draft_tokens = 1; p.acceptance = 0.85;
  fc_inference_point(&ds, &c, &p, 32, &r2, &bad);
  fc_test_rel(r2.tokens_per_step, 1.85, 1e-12, "MTP tokens per step");
  fc_test_int(r2.tpot_s < r.tpot_s, 1, "MTP shortens TPOT");
}

static void test_frontier_on_h200(void) {
  fc_llm ds = deepseek_v3();
  fc_infer_chip c = h100();
  fc_infer_params p = moe_fp8_group8();
  fc_infer_point fr[512];
  const char *bad = NULL;
  size_t n, cnt = 0;
  double groups[4] = {1, 2, 4, 8};
  /* Frontier on an H200 (141 GB, 4.8 TB/s): 671 GB of fp8 weights (with the
     17.091 GB dense part on each chip: 653.909e9 + 8 x 17.0912e9 = 790.64 GB)
     fit only the group of 8 (1128 GB); KV cap 0.9 x (1128e9 - 790.6386e9) /
     (2000 x 35136) = 4320.71 -> 4320 sequences, so the 128 points of that
     group step geometrically */
  c.memory_bytes = 141e9; c.bandwidth_bytes_per_s = 4.8e12;
  fc_test_int(fc_inference_frontier(&ds, &c, &p, groups, 4, fr, 512, &n, &bad), FC_OK, "frontier status");
  fc_test_int(n > 0 && n <= 512, 1, "frontier has points");
  fc_test_int(fr[0].group == 8, 1, "groups where the model does not fit are skipped");
  fc_test_rel(fr[0].max_batch, 4320, 0, "H200 x 8 KV capacity");
  fc_test_int(fr[n - 1].batch == 4320 && fr[0].batch == 1, 1, "frontier spans batch 1 to the cap");
  fc_test_int(n == 128, 1, "128 points for the one group that fits");
  /* out == NULL counts the same points */
  fc_test_int(fc_inference_frontier(&ds, &c, &p, groups, 4, NULL, 512, &cnt, &bad), FC_OK, "count status");
  fc_test_int(cnt == n, 1, "count-only call gives the same number of points");
}

static void test_pareto_by_hand(void) {
  /* Pareto by hand on 5 points (x = tokens/s per user, y = output tokens/s
     per chip): (10,1) (8,3) (8,2) (5,2) (3,4) -> (8,2) and (5,2) are beaten
     by (8,3); kept in ascending x: (3,4) (8,3) (10,1) = indices 4, 1, 0 */
  fc_infer_point q[5];
  size_t idx[5], work[5], kept = 0;
  const double xy[5][2] = {{10, 1}, {8, 3}, {8, 2}, {5, 2}, {3, 4}};
  int i;
  memset(q, 0, sizeof q);
  for (i = 0; i < 5; i++) { q[i].tokens_per_s_per_user = xy[i][0]; q[i].output_tokens_per_s_per_chip = xy[i][1]; }
  fc_test_int(fc_inference_pareto(q, 5, idx, work, &kept), FC_OK, "pareto status");
  fc_test_int(kept == 3 && idx[0] == 4 && idx[1] == 1 && idx[2] == 0, 1, "pareto points by hand");
  fc_test_int(fc_inference_pareto(q, 0, NULL, NULL, &kept) == FC_OK && kept == 0, 1, "pareto of nothing");
}

static void test_costs_into_the_chain(void) {
  double in, out, bl, j;
  /* Into the cost chain. $20 per 1e18 tokens = $2e-5 per M tokens blended;
     2000 in / 500 out with 40 % of chip time in prefill: per request
     2e-5 x 2500 = 0.05 $/M-request-tokens; input 0.05 x 0.4 / 2000 = 1e-5,
     output 0.05 x 0.6 / 500 = 6e-5; 2000 x 1e-5 + 500 x 6e-5 = 2500 x 2e-5.
     1e5 kWh per 1e18 tokens = 1e5 x 3.6e6 / 1e18 = 3.6e-7 J per token. */
  fc_test_int(fc_inference_costs(20, 1e5, 0.4, 2000, 500, &in, &out, &bl, &j), FC_OK, "costs status");
  fc_test_rel(bl, 2e-11, 1e-12, "blended $/Mtok");
  fc_test_rel(in, 2e-11 * 2500 * 0.4 / 2000, 1e-12, "input $/Mtok");
  fc_test_rel(out, 2e-11 * 2500 * 0.6 / 500, 1e-12, "output $/Mtok");
  fc_test_rel(2000 * in + 500 * out, 2500 * bl, 1e-12, "the blend is token-weighted");
  fc_test_rel(j, 3.6e-7, 1e-12, "J per token at the meter");
  fc_test_int(fc_inference_costs(20, 1e5, 1.5, 2000, 500, &in, &out, &bl, &j), FC_EDOM, "share above 1");
}

static void test_point_to_scenario_mapping(void) {
  fc_llm m = llama8b();
  fc_infer_chip c = h100();
  fc_infer_params p;
  fc_infer_point r;
  const char *bad = NULL;
  double peak, tdp = 700, idle = 125, it = 0;
  /* The point's mapping: busy power = J per token x tokens/s; the facility
     stays sized for TDP x server power multiple (700 x 1.82 / 1000 kW) */
  fc_inference_defaults(&p);
  fc_inference_point(&m, &c, &p, 64, &r, &bad);
  fc_test_int(fc_inference_to_scenario(&r, &peak, &tdp, &idle, &it, 1.82), FC_OK, "to_scenario status");
  fc_test_rel(peak, r.tokens_per_s_per_chip, 1e-15, "useful work is tokens");
  fc_test_rel(tdp, r.j_per_token * r.tokens_per_s_per_chip, 1e-15, "busy power");
  fc_test_int(tdp < 700 && tdp > 125, 1, "busy power between idle and TDP");
  fc_test_rel(it, 700 * 1.82 / 1000, 1e-15, "facility sized for TDP");
  fc_test_rel(fc_inference_prefill_share(&r), r.prefill_chip_s / (r.prefill_chip_s + r.decode_chip_s), 1e-15,
              "prefill share");
}

static void test_bad_input_names_the_field(void) {
  fc_llm m = llama8b();
  fc_infer_chip c = h100();
  fc_infer_params p;
  fc_infer_point r;
  const char *bad = NULL;
  fc_inference_defaults(&p);
  /* Bad input names the field */
  p.cache_hit = 1;
  fc_test_int(fc_inference_point(&m, &c, &p, 1, &r, &bad), FC_EDOM, "cache_hit 1");
  fc_test_int(bad && strcmp(bad, "cache_hit") == 0, 1, "bad field cache_hit");
  p.cache_hit = 0;
  c.link_bytes_per_s = 0;
  p.group = 2;
  fc_test_int(fc_inference_point(&m, &c, &p, 1, &r, &bad), FC_EDOM, "group without link");
  fc_test_int(bad && strcmp(bad, "link_bytes_per_s") == 0, 1, "bad field link");
  c = h100();
  p.group = 1;
  m.kv_heads = 64;
  fc_test_int(fc_inference_point(&m, &c, &p, 1, &r, &bad), FC_EDOM, "kv_heads > heads");
  m = llama8b();
  fc_test_int(fc_inference_point(&m, &c, &p, NAN, &r, &bad), FC_EDOM, "NaN batch");
}

int main(void) {
  test_kv_bytes_per_token();
  test_expected_experts();
  test_dense_decode_step_by_hand();
  test_capacity_and_what_does_not_fit();
  test_solver_largest_batch_within_target();
  test_more_bandwidth_more_tokens();
  test_tensor_parallel_all_reduce();
  test_moe_layout_on_h20_and_h200();
  test_step_overhead_per_rank();
  test_speculative_decoding_shortens_tpot();
  test_frontier_on_h200();
  test_pareto_by_hand();
  test_costs_into_the_chain();
  test_point_to_scenario_mapping();
  test_bad_input_names_the_field();
  return fc_test_summary("inference");
}
