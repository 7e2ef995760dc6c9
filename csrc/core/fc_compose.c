/* fc_compose.c -- a scenario description into evaluable members; see fc_compose.h. */
#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include "fc_status.h"
#include "fc_finance.h"
#include "fc_training.h"
#include "fc_yield.h"
#include "fc_compose.h"
#include "fc_convention.h"
#include "fc_price.h"
#include "fc_serve_compose.h"

/* Idle board power as a share of TDP when the catalog has no idle figure:
   125 W of 700 W measured on one H100 SXM (shared/reference FIGURES.md) [D]. */
#define IDLE_SHARE_OF_TDP (125.0 / 700.0)

/* ---- the one table of defaults -------------------------------------------
   name: the public option path; dflt NAN: no default (the step is skipped or
   the parameter's default of param_defaults below applies). */

enum { POS = FC_DOMAIN_POS, NONNEG = FC_DOMAIN_NONNEG, FRAC = FC_DOMAIN_FRAC, OPEN_UNIT = FC_DOMAIN_OPEN_UNIT,
       UNIT_OPEN_HI = FC_DOMAIN_UNIT_OPEN_HI, RATE = FC_DOMAIN_RATE, GE1 = FC_DOMAIN_GE1, BOOL = FC_DOMAIN_BOOL,
       POSINT = FC_DOMAIN_POSINT };

typedef struct { const char *name; size_t off; int kind; double dflt; } fld;

#define S(name, member, kind, dflt) {name, offsetof(fc_compose_desc, member), kind, dflt}
static const fld scenario_fields[] = {
  S("region.electricity_price_per_kwh", electricity_price_per_kwh, NONNEG, NAN),
  /* a region without a currency prices in USD */
  S("region.fx_per_usd", fx_per_usd, POS, 1.0),
  S("region.pue", pue, GE1, NAN),
  S("region.facility_usd_per_kw", facility_usd_per_kw, NONNEG, NAN),
  S("region.wacc", wacc, FC_DOMAIN_WACC, NAN),
  S("region.grid_kg_co2_per_kwh", grid_kg_co2_per_kwh, NONNEG, NAN),
  S("region.green_share", green_share, FRAC, NAN),
  S("region.carbon_usd_per_t", carbon_usd_per_t, NONNEG, NAN),
  /* water figures: the region's (models/regions.json) or the scenario's; no default */
  S("wue_l_per_kwh", wue_l_per_kwh, NONNEG, NAN),
  S("electricity_water_l_per_kwh", electricity_water_l_per_kwh, NONNEG, NAN),
  /* the build-out (fc_compose_build): the Lua layer fills the region's and
     the bridge plant's figures from models/buildout.json; none without it_mw */
  S("build.it_mw", build_it_mw, POS, NAN),
  S("build.construction_months", build_construction_months, POS, NAN),
  /* no wait for equipment, the grid or a bridge plant unless given */
  S("build.equipment_lead_months", build_equipment_lead_months, NONNEG, 0.0),
  S("build.grid_months", build_grid_months, NONNEG, 0.0),
  S("build.bridge", build_bridge, BOOL, 0.0),
  S("build.bridge_months", build_bridge_months, NONNEG, 0.0),
  S("build.bridge_capex_usd_per_kw", build_bridge_capex_usd_per_kw, NONNEG, NAN),
  S("build.heat_rate_mmbtu_per_mwh", build_heat_rate_mmbtu_per_mwh, POS, NAN),
  S("build.fuel_usd_per_mmbtu", build_fuel_usd_per_mmbtu, NONNEG, NAN),
  /* natural gas, 53.06 kg CO2 per MMBtu: US EPA, "Emission Factors for
     Greenhouse Gas Inventories", 2024 */
  S("build.kg_co2_per_mmbtu", build_kg_co2_per_mmbtu, NONNEG, 53.06),
  /* a bridge plant carries the whole IT load unless given */
  S("build.bridge_load_factor", build_bridge_load_factor, FRAC, 1.0),
  /* chips bought at energization, no price decline, linear spend unless given */
  S("build.chips_at_start", build_chips_at_start, BOOL, 0.0),
  S("build.chip_decline_per_year", build_chip_decline_per_year, UNIT_OPEN_HI, 0.0),
  S("build.spend", build_spend, BOOL, 0.0),
  S("build.rate", build_rate, FRAC, NAN), /* NaN: the member's wacc */
  S("wacc_parts.debt_fraction", debt_fraction, FRAC, NAN),
  S("wacc_parts.cost_of_debt", cost_of_debt, RATE, NAN),
  S("wacc_parts.cost_of_equity", cost_of_equity, RATE, NAN),
  /* no tax shield and no inflation unless given (NREL SAM's lcoefcr inputs) */
  S("wacc_parts.tax_rate", tax_rate, UNIT_OPEN_HI, 0.0),
  S("wacc_parts.inflation", inflation, RATE, 0.0),
  S("commitment", commitment_discount, UNIT_OPEN_HI, NAN),
  S("goodput.checkpoint_s", checkpoint_s, POS, NAN),
  /* restart time 0 unless given: Young (1974) leaves it out */
  S("goodput.restart_s", restart_s, NONNEG, 0.0),
  S("goodput.mtbf_h", mtbf_h, POS, NAN),
  /* NaN: cluster_size, else 1 chip (fc_compose) */
  S("goodput.chips", goodput_chips, POSINT, NAN),
  S("mfu_from.params", run_params, POS, NAN),
  S("mfu_from.active_params", run_active_params, POS, NAN), /* NaN: params (dense) */
  S("mfu_from.tokens", run_tokens, POS, NAN),
  S("mfu_from.gpu_hours", run_gpu_hours, POS, NAN),
  S("mfu_from.peak_flops_per_s", run_peak_flops_per_s, POS, NAN),
  /* independent jobs unless the scenario says lockstep */
  S("coupling", coupling, BOOL, 0.0),
  /* a lockstep job over different chips loses 10 % of its useful FLOP to
     stragglers and uneven partitioning: an assumption [U], no published
     figure; vary it (Monte Carlo) before quoting a lockstep mix */
  S("heterogeneity_penalty", heterogeneity_penalty, UNIT_OPEN_HI, 0.1),
  S("job.flops", job_flops, POS, NAN),
  S("job.params", job_params, POS, NAN),
  S("job.active_params", job_active_params, POS, NAN),
  S("job.tokens", job_tokens, POS, NAN),
  S("job.chips", job_chips, POSINT, NAN),
  S("cluster_size", cluster_size, POSINT, NAN),
  /* reported accelerator-hours (model cards, Epoch's chip-hours) instead of FLOP and MFU */
  S("job.chip_hours", job_chip_hours, POS, NAN),
  /* flopcost's own all-in model unless a published convention is asked for */
  S("convention", convention, FC_DOMAIN_METHOD, 0.0),
  /* NaN: the convention's rule (fc_convention.h): Epoch's PUE by developer and US
     industrial price of the year come from the Lua layer's lookups */
  S("convention.pue", convention_pue, GE1, NAN),
  S("convention.electricity_usd_per_kwh", convention_electricity_usd_per_kwh, NONNEG, NAN),
  S("convention.average_power_fraction", convention_average_power_fraction, OPEN_UNIT, NAN),
  S("currency_per_usd", currency_per_usd, POS, NAN),
  /* constant dollars (fc_convention_deflator): both or neither; nominal unless given */
  S("usd_year", usd_year, FC_DOMAIN_YEAR, NAN),
  S("usd_from_year", usd_from_year, FC_DOMAIN_YEAR, NAN),
  /* the inference workload (fc_inference.h); NaN serving figures take
     fc_inference_defaults, the Lua layer fills them from llms.json "serving" */
  S("workload", workload, BOOL, 0.0),
  S("model.params", model.params, POS, NAN),
  S("model.active_params", model.active_params, POS, NAN),
  S("model.layers", model.layers, POSINT, NAN),
  S("model.hidden", model.hidden, POS, NAN),
  S("model.heads", model.heads, POS, NAN),
  S("model.kv_heads", model.kv_heads, POS, NAN),
  S("model.head_dim", model.head_dim, POS, NAN),
  S("model.mla", model.mla, BOOL, 0.0),
  S("model.kv_lora_rank", model.kv_lora_rank, NONNEG, NAN),
  S("model.qk_rope_head_dim", model.qk_rope_head_dim, NONNEG, NAN),
  S("model.experts", model.experts, NONNEG, 0.0),
  S("model.experts_active", model.experts_active, NONNEG, NAN),
  S("model.expert_intermediate", model.expert_intermediate, NONNEG, NAN),
  S("model.moe_layers", model.moe_layers, NONNEG, NAN),
  S("model.node_limit", model.node_limit, NONNEG, 0.0),
  S("workload.weight_bytes", serve.weight_bytes, POS, NAN),
  S("workload.kv_bytes", serve.kv_bytes, POS, NAN),
  S("workload.input_tokens", serve.input_tokens, POS, NAN),
  S("workload.output_tokens", serve.output_tokens, POS, NAN),
  S("workload.cache_hit", serve.cache_hit, UNIT_OPEN_HI, NAN),
  S("workload.chips", serve.group, POSINT, NAN),
  S("workload.draft_tokens", serve.draft_tokens, NONNEG, NAN),
  S("workload.acceptance", serve.acceptance, FRAC, NAN),
  S("workload.slo.ttft_s", ttft_s, POS, NAN),
  S("workload.slo.tpot_s", tpot_s, POS, NAN),
  S("workload.arrival_rate_per_s", arrival_rate_per_s, POS, NAN),
  S("workload.concurrency", concurrency, POS, NAN),
  S("workload.disaggregated", disaggregated, BOOL, NAN),
  S("serving.bandwidth_efficiency", serve.bandwidth_efficiency, OPEN_UNIT, NAN),
  S("serving.flop_efficiency", serve.flop_efficiency, OPEN_UNIT, NAN),
  S("serving.link_efficiency", serve.link_efficiency, OPEN_UNIT, NAN),
  S("serving.step_overhead_s", serve.step_overhead_s, NONNEG, NAN),
  S("serving.sequence_overhead_s", serve.sequence_overhead_s, NONNEG, NAN),
  S("serving.collective_latency_s", serve.collective_latency_s, NONNEG, NAN),
  S("serving.kv_memory_fraction", serve.kv_memory_fraction, OPEN_UNIT, NAN),
  S("serving.prefill_chunk_tokens", serve.prefill_chunk_tokens, POS, NAN),
  S("serving.decode_power_weight", serve.decode_power_weight, FRAC, NAN),
  S("serving.moe_tile_tokens", serve.moe_tile_tokens, GE1, NAN),
  S("serving.routing_skew", serve.routing_skew, NONNEG, NAN),
  S("serving.overlap", serve.overlap, FRAC, NAN),
  S("serving.scaleout_efficiency", serve.scaleout_efficiency, OPEN_UNIT, NAN),
  S("serving.group_sequence_overhead_s", serve.group_sequence_overhead_s, NONNEG, NAN),
  S("serving.dispatch_bytes", serve.dispatch_bytes, NONNEG, NAN),
  /* attention tensor-parallel chips per rank (NaN: the layout search's) */
  S("workload.tp", serve.tp, POSINT, NAN),
};
#undef S

#define C(name, member, kind, dflt) {name, offsetof(fc_compose_chip, member), kind, dflt}
static const fld chip_fields[] = {
  C("count", count, NONNEG, 1.0),
  C("chip.price_usd", price_usd, NONNEG, NAN),
  /* a price without a stated basis is a bare chip's (the catalog always states one) */
  C("chip.price_basis", price_basis, FC_DOMAIN_BASIS, 0.0),
  C("chip.tdp_w", tdp_w, POS, NAN),
  C("chip.idle_w", idle_w, NONNEG, NAN), /* NaN: TDP x IDLE_SHARE_OF_TDP */
  C("chip.peak_flops_per_s", peak_flops_per_s, POS, NAN),
  C("chip.server_multiple", server_multiple, GE1, NAN),
  C("chip.server_power_multiple", server_power_multiple, GE1, NAN),
  C("chip.rental_usd_per_hour", rental_usd_per_hour, NONNEG, NAN),
  C("chip_price_premium", premium, RATE, NAN),
  C("manufacturing", manufactured, BOOL, 0.0),
  C("manufacturing.wafer_cost_usd", wafer_cost_usd, NONNEG, NAN),
  /* the 300 mm wafer of every leading-edge process (SEMI M1) */
  C("manufacturing.wafer_diameter_mm", wafer_diameter_mm, POS, FC_WAFER_DIAMETER_MM),
  C("manufacturing.edge_exclusion_mm", edge_exclusion_mm, NONNEG, 0.0),
  C("manufacturing.scribe_mm", scribe_mm, NONNEG, 0.0),
  C("manufacturing.defect_density_per_cm2", defect_density_per_cm2, NONNEG, NAN),
  /* negative-binomial clustering 10: chiplet-actuary parameter.ini
     (critical_level; FIGURES.md "NB-yield parameters") */
  C("manufacturing.alpha", alpha, POS, 10.0),
  C("manufacturing.die_area_mm2", die_area_mm2, POS, NAN),
  C("manufacturing.dies", dies, POS, 1.0),
  C("manufacturing.yield", yield, OPEN_UNIT, NAN),
  C("manufacturing.substrate_usd", substrate_usd, NONNEG, 0.0),
  C("manufacturing.bonding_yield", bonding_yield, OPEN_UNIT, 1.0),
  C("manufacturing.hbm_stacks", hbm_stacks, NONNEG, 0.0),
  C("manufacturing.hbm_gb_per_stack", hbm_gb_per_stack, NONNEG, 0.0),
  C("manufacturing.hbm_usd_per_gb", hbm_usd_per_gb, NONNEG, 0.0),
  C("manufacturing.assembly_usd", assembly_usd, NONNEG, 0.0),
  C("manufacturing.test_usd", test_usd, NONNEG, 0.0),
  /* price = cost x 2, a 50 % gross margin: an assumption [U] (NVIDIA reports
     about 75 %, foundry-made accelerators sold at cost would be 0) */
  C("manufacturing.markup", markup, RATE, 1.0),
  /* what an inference workload needs of the chip (chips.json) */
  C("chip.memory_gb", memory_gb, POS, NAN),
  C("chip.memory_bandwidth_gbs", memory_bandwidth_gbs, POS, NAN),
  C("chip.interconnect_gbs", interconnect_gbs, NONNEG, NAN),
  C("chip.node_chips", node_chips, POSINT, NAN),
  C("chip.scaleout_gbs", scaleout_gbs, NONNEG, NAN),
  /* the 16-bit dense peak the attention core runs at (NaN: the serving precision's) */
  C("chip.attention_flops_per_s", attention_flops_per_s, POS, NAN),
};
#undef C

/* ---- the defaults of the cost chain's parameters --------------------------
   The one table for every door: fc_compose (descriptions) and fc_compose_params
   (raw fc_scenario_params options: core.scenario.eval/params/eval_mix, Monte
   Carlo's raw scenarios, solve{members}). A field not listed is 0: prices, TDP
   and peak FLOP/s must be given; rental, green share, carbon, opex are none. */
static const struct { const char *field; double value; const char *source; } param_defaults[] = {
  {"server_multiple", FC_EPOCH_SERVER_MULTIPLE,
   "server cost per accelerator / accelerator price, \"others\" (A100: 1.66): Epoch AI, Cottier et al. "
   "2024, cost_analysis_standalone.py [S]"},
  {"network_fraction", FC_EPOCH_NETWORK_FRACTION,
   "interconnect share of cluster capex: Epoch AI, Cottier et al. 2024 [S]"},
  {"chip_life_years", 5.0,
   "economic life of chips and servers: Amazon's and Meta's 5-year server lives in their filings [S]"},
  {"wacc", 0.08,
   "real annual cost of capital: an assumption [U], no published figure for AI data centres; "
   "0.06-0.12 plausible"},
  {"decline_oom_per_year", FC_EPOCH_DECLINE_OOM_PER_YEAR,
   "Epoch AI's price decline, 0.14 orders of magnitude per year [S]"},
  {"recovery", FC_RECOVERY_ANNUITY, "levelized capital charge, CRF(wacc, life): NREL/TP-462-5173"},
  {"facility_usd_per_kw", 11700.0,
   "Cushman & Wakefield, Data Center Development Cost Guide 2025: US average $11.7M per MW of "
   "critical load ($9.3-15.0M) [S]"},
  {"facility_life_years", 20.0,
   "an assumption [U]: shell and power plant outlive servers; 15-30 years plausible"},
  {"idle_w", NAN, "TDP x the idle share measured on one H100 SXM (125 W of 700 W) [D]"},
  {"server_power_multiple", FC_EPOCH_SERVER_POWER_MULTIPLE,
   "server wall power / accelerator power, \"other GPUs\" (H100 1.82): Epoch AI [S]"},
  {"pue", FC_EPOCH_PUE_OTHER, "non-hyperscale PUE (hyperscale 1.1): Epoch AI [S]"},
  {"mfu", FC_EPOCH_MFU, "MFU when unknown: Epoch AI [S]"},
  {"utilization", 0.7,
   "share of hours the accelerators do useful work: an assumption [U], the upper end of the 60-70 % the "
   "source articles call typical (FIGURES.md); Uptime Institute, UII Update 362 (May 2025): training GPU "
   "servers operational 80 % of the time on average, LBNL 75-85 %; 0.3-0.85 plausible"},
  {"maintenance_fraction", 0.03,
   "hardware maintenance per year, of hardware capex: an assumption [U], no published figure for AI "
   "clusters; 0.01-0.10 plausible (calculatorhub.com's data-centre TCO guide budgets 5-10 % of hardware "
   "value a year for maintenance contracts)"},
  {"scaling_efficiency", 1.0, "no loss unless given [D]: perfect scaling"},
  {"goodput", 1.0, "no loss unless given [D]: no failures"},
};
#define NPARAM_DEFAULTS (sizeof param_defaults / sizeof param_defaults[0])

/* The table into p; idle_w NaN (derived from TDP once the TDP is known). */
static void params_defaults(fc_scenario_params *p) {
  size_t i;
  memset(p, 0, sizeof *p);
  for (i = 0; i < NPARAM_DEFAULTS; i++)
    *fc_scenario_field_ptr(p, (size_t)fc_scenario_field_index(param_defaults[i].field)) = param_defaults[i].value;
  p->power_curve = NULL;
}

const char *fc_compose_default_source(const char *field) {
  size_t i;
  if (!field) return NULL;
  for (i = 0; i < NPARAM_DEFAULTS; i++)
    if (strcmp(param_defaults[i].field, field) == 0) return param_defaults[i].source;
  return NULL;
}

void fc_compose_params_init(fc_scenario_params *given) {
  size_t i, n = fc_scenario_field_count();
  memset(given, 0, sizeof *given);
  for (i = 0; i < n; i++) *fc_scenario_field_ptr(given, i) = NAN;
  given->power_curve = NULL;
}

void fc_compose_params(const fc_scenario_params *given, fc_scenario_params *p) {
  size_t i, n = fc_scenario_field_count();
  params_defaults(p);
  for (i = 0; i < n; i++) {
    double x = fc_scenario_field_get(given, i);
    if (!isnan(x)) *fc_scenario_field_ptr(p, i) = x;
  }
  p->power_curve = given->power_curve;
  p->idle_w = fc_compose_idle_w(p->tdp_w, p->idle_w);
}

/* ---- defaults that name things (see fc_compose.h) ------------------------ */
static const struct { const char *key, *value; } named_defaults[] = {
  /* peak figures at bf16: the training precision of the catalog's reference
     figures (shared/reference/FIGURES.md, "BF16 dense TFLOP/s") */
  {"precision", "bf16"},
  /* a chip listed without a bf16 figure uses its fp16 one: dense FP16 and
     BF16 tensor throughput are equal on NVIDIA's data-center GPUs (H100 SXM
     datasheet: 1,979 TFLOPS each with sparsity, e.g. hpctech.co.jp's copy;
     glennklockwood.com/garden/processors/h100: 989.4 dense each) [S] */
  {"precision.fallback.bf16", "fp16"},
  /* the yield chain packages a chip on TSMC CoWoS-S unless told otherwise:
     A100, H100, H800, H200 and GH200 all use it (Tom's Hardware, Feb 2024,
     reprinted at newsflash.city/2402/c74a9ec78a6decd0.html) [S]; Blackwell
     moved to CoWoS-L (TechInsights B200 teardown, Apr 2025), pass it */
  {"manufacturing.packaging", "CoWoS-S"},
  /* HBM3 stacks, as on the H100 SXM (80 GB HBM3 in 5 stacks: NVIDIA H100
     datasheet via hpctech.co.jp; FIGURES.md "H100 SXM 80GB HBM3") [S] */
  {"manufacturing.hbm", "HBM3"},
  /* a scenario without a region sits at the US national average
     (models/regions.json "us-avg": EIA average industrial electricity price) */
  {"region", "us-avg"},
  /* prices at a date decline at Epoch AI's 0.14 OOM/year unless told
     otherwise (fc_price.h: FC_EPOCH_DECLINE_OOM_PER_YEAR) */
  {"price_trend", "epoch"},
};
#define NNAMED (sizeof named_defaults / sizeof named_defaults[0])

size_t fc_compose_named_count(void) { return NNAMED; }
const char *fc_compose_named_key(size_t i) { return i < NNAMED ? named_defaults[i].key : NULL; }
const char *fc_compose_named_value(size_t i) { return i < NNAMED ? named_defaults[i].value : NULL; }

const char *fc_compose_named_default(const char *key) {
  size_t i;
  for (i = 0; key && i < NNAMED; i++)
    if (strcmp(named_defaults[i].key, key) == 0) return named_defaults[i].value;
  return NULL;
}

#define NSCEN (sizeof scenario_fields / sizeof scenario_fields[0])
#define NCHIP (sizeof chip_fields / sizeof chip_fields[0])

static const fld *table(int kind, size_t *n) {
  *n = kind == FC_COMPOSE_CHIP ? NCHIP : kind == FC_COMPOSE_SCENARIO ? NSCEN : 0;
  return kind == FC_COMPOSE_CHIP ? chip_fields : scenario_fields;
}

size_t fc_compose_field_count(int kind) { size_t n; table(kind, &n); return n; }

const char *fc_compose_field_name(int kind, size_t i) {
  size_t n;
  const fld *t = table(kind, &n);
  return i < n ? t[i].name : NULL;
}

int fc_compose_field_index(int kind, const char *name) {
  size_t n, i;
  const fld *t = table(kind, &n);
  for (i = 0; name && i < n; i++)
    if (strcmp(t[i].name, name) == 0) return (int)i;
  return -1;
}

const char *fc_compose_field_domain(int kind, size_t i) {
  size_t n;
  const fld *t = table(kind, &n);
  return i < n ? fc_scenario_domain_text(t[i].kind) : NULL;
}

double fc_compose_field_default(int kind, size_t i) {
  size_t n;
  const fld *t = table(kind, &n);
  return i < n ? t[i].dflt : NAN;
}

double *fc_compose_field_ptr(int kind, void *obj, size_t i) {
  size_t n;
  const fld *t = table(kind, &n);
  return obj && i < n ? (double *)(void *)((char *)obj + t[i].off) : NULL;
}

int fc_compose_field_bounds(int kind, size_t i, double *lo, double *hi, int *integral) {
  size_t n;
  const fld *t = table(kind, &n);
  return i < n ? fc_scenario_domain_bounds(t[i].kind, lo, hi, integral) : FC_EINVAL;
}

int fc_compose_field_ok(int kind, size_t i, double x) {
  size_t n;
  const fld *t = table(kind, &n);
  return i < n && (isnan(x) || fc_scenario_domain_ok(t[i].kind, x));
}

/* Published commitment discounts for 1-year and 3-year terms, GCP [E]
   (epoch-research/training-cost-trends; FIGURES.md): .37 and .56. */
double fc_compose_commitment(const char *name) {
  if (!name) return -1.0;
  if (strcmp(name, "none") == 0) return 0.0;
  if (strcmp(name, "1y") == 0) return 0.37;
  if (strcmp(name, "3y") == 0) return 0.56;
  return -1.0;
}

static void all_nan(double *x, size_t n) {
  size_t i;
  for (i = 0; i < n; i++) x[i] = NAN;
}

static void over_init(fc_scenario_params *p) {
  size_t i, n = fc_scenario_field_count();
  memset(p, 0, sizeof *p);
  for (i = 0; i < n; i++) *fc_scenario_field_ptr(p, i) = NAN;
}

void fc_compose_desc_init(fc_compose_desc *d) {
  size_t i;
  memset(d, 0, sizeof *d);
  for (i = 0; i < NSCEN; i++) all_nan(fc_compose_field_ptr(FC_COMPOSE_SCENARIO, d, i), 1);
  over_init(&d->over);
}

void fc_compose_chip_init(fc_compose_chip *c) {
  size_t i;
  memset(c, 0, sizeof *c);
  for (i = 0; i < NCHIP; i++) all_nan(fc_compose_field_ptr(FC_COMPOSE_CHIP, c, i), 1);
  c->count = 1.0;
  over_init(&c->over);
  c->power_curve = NULL;
}

/* ---- composition -------------------------------------------------------- */

/* A field's value, or its default when not given (NaN). */
static double or_default(double x, const fld *t, size_t n, size_t off) {
  size_t i;
  if (!isnan(x)) return x;
  for (i = 0; i < n; i++)
    if (t[i].off == off) return t[i].dflt;
  return NAN;
}
#define SVAL(d, m) or_default((d)->m, scenario_fields, NSCEN, offsetof(fc_compose_desc, m))
#define CVAL(c, m) or_default((c)->m, chip_fields, NCHIP, offsetof(fc_compose_chip, m))

static double get(const void *obj, const fld *f) {
  return *(const double *)(const void *)((const char *)obj + f->off);
}

static int fail(fc_compose_error *e, const char *field, const char *domain, int chip, double v, int st) {
  if (e) { e->field = field; e->domain = domain; e->chip = chip; e->value = v; e->limit = NAN; }
  return st;
}

/* Every given field inside its domain. */
int fc_compose_check(const fc_compose_desc *d, fc_compose_error *e) {
  size_t i, c;
  for (i = 0; i < NSCEN; i++) {
    double x = get(d, &scenario_fields[i]);
    if (!fc_compose_field_ok(FC_COMPOSE_SCENARIO, i, x))
      return fail(e, scenario_fields[i].name, fc_scenario_domain_text(scenario_fields[i].kind), -1, x, FC_EDOM);
  }
  for (c = 0; c < d->n_chips; c++)
    for (i = 0; i < NCHIP; i++) {
      double x = get(&d->chips[c], &chip_fields[i]);
      if (!fc_compose_field_ok(FC_COMPOSE_CHIP, i, x))
        return fail(e, chip_fields[i].name, fc_scenario_domain_text(chip_fields[i].kind), (int)c, x, FC_EDOM);
    }
  return FC_OK;
}

/* The yield chain: wafer -> good dies -> package -> x (1 + markup).
   Formulas and sources in fc_yield.h (de Vries 2005 gross dies, Stapper 1983
   negative binomial yield, chiplet-actuary's package cost). */
static int manufactured_price(const fc_compose_chip *c, int ci, double *price, fc_package_result *out,
                              fc_compose_error *e) {
  fc_package_spec pk;
  fc_package_result r;
  const char *bad = NULL;
  fc_yield_die_spec *die = &pk.dies[0];
  double dies = CVAL(c, dies), y = c->yield;
  int st;
  if (isnan(c->wafer_cost_usd))
    return fail(e, "manufacturing.wafer_cost_usd", "non-negative number (the process has none)", ci, NAN, FC_EDOM);
  if (isnan(c->die_area_mm2))
    return fail(e, "manufacturing.die_area_mm2", "positive number (the chip has none in the catalog)", ci, NAN, FC_EDOM);
  memset(&pk, 0, sizeof pk);
  pk.n_dies = 1;
  die->wafer_cost_usd = c->wafer_cost_usd;
  die->wafer_diameter_mm = CVAL(c, wafer_diameter_mm);
  die->edge_exclusion_mm = CVAL(c, edge_exclusion_mm);
  die->scribe_mm = CVAL(c, scribe_mm);
  die->die_area_mm2 = c->die_area_mm2 / dies;
  die->count = dies;
  if (!isnan(y)) {
    die->yield_override = y;
  } else {
    if (isnan(c->defect_density_per_cm2))
      return fail(e, "manufacturing.defect_density_per_cm2", "non-negative number (the process has none)", ci,
                  NAN, FC_EDOM);
    die->model = FC_YIELD_NEGATIVE_BINOMIAL;
    die->defect_density_per_cm2 = c->defect_density_per_cm2;
    die->model_param = CVAL(c, alpha);
  }
  pk.hbm_stacks = CVAL(c, hbm_stacks);
  pk.hbm_stack_cost_usd = pk.hbm_stacks > 0.0 ? CVAL(c, hbm_gb_per_stack) * CVAL(c, hbm_usd_per_gb) : 0.0;
  pk.interposer_alpha = FC_INTERPOSER_ALPHA; /* unused: no interposer area */
  pk.substrate_usd = CVAL(c, substrate_usd);
  pk.assembly_usd = CVAL(c, assembly_usd);
  pk.bonding_yield = CVAL(c, bonding_yield);
  pk.test_usd = CVAL(c, test_usd);
  st = fc_yield_package(&pk, &r, &bad);
  if (st == FC_EDOM && bad && strcmp(bad, "die_area_mm2") == 0)
    return fail(e, "manufacturing.die_area_mm2", "die that fits on the wafer", ci, c->die_area_mm2, FC_EDOM);
  if (st) return fail(e, "manufacturing", NULL, ci, NAN, st);
  *price = r.total_usd * (1.0 + CVAL(c, markup));
  if (out) *out = r;
  return FC_OK;
}

int fc_compose_manufacture(const fc_compose_chip *c, double *price_usd, fc_package_result *pkg,
                           fc_compose_error *e) {
  size_t i;
  if (e) memset(e, 0, sizeof *e);
  if (!c || !price_usd) return FC_EINVAL;
  for (i = 0; i < NCHIP; i++) {
    double x = get(c, &chip_fields[i]);
    if (!fc_compose_field_ok(FC_COMPOSE_CHIP, i, x))
      return fail(e, chip_fields[i].name, fc_scenario_domain_text(chip_fields[i].kind), 0, x, FC_EDOM);
  }
  return manufactured_price(c, 0, price_usd, pkg, e);
}

/* Copies the set (non-NaN) fields of over into p. */
static void apply_over(fc_scenario_params *p, const fc_scenario_params *over) {
  size_t i, n = fc_scenario_field_count();
  for (i = 0; i < n; i++) {
    double x = fc_scenario_field_get(over, i);
    if (!isnan(x)) *fc_scenario_field_ptr(p, i) = x;
  }
}

/* The scenario-wide part of every member: region, capital, commitment,
   goodput, MFU. */
static int compose_common(const fc_compose_desc *d, fc_scenario_params *p, fc_compose_error *e) {
  int st;
  params_defaults(p);
  if (!isnan(d->electricity_price_per_kwh))
    p->electricity_usd_per_kwh = d->electricity_price_per_kwh / SVAL(d, fx_per_usd);
  if (!isnan(d->pue)) p->pue = d->pue;
  if (!isnan(d->facility_usd_per_kw)) p->facility_usd_per_kw = d->facility_usd_per_kw;
  if (!isnan(d->wacc)) p->wacc = d->wacc;
  if (!isnan(d->grid_kg_co2_per_kwh)) p->grid_kg_co2_per_kwh = d->grid_kg_co2_per_kwh;
  if (!isnan(d->green_share)) p->green_share = d->green_share;
  if (!isnan(d->carbon_usd_per_t)) p->carbon_usd_per_t = d->carbon_usd_per_t;
  /* WACC from its parts: NREL SAM's lcoefcr form (fc_finance.h) */
  if (!isnan(d->debt_fraction) || !isnan(d->cost_of_debt) || !isnan(d->cost_of_equity)) {
    fc_wacc_params w;
    double nominal;
    if (isnan(d->debt_fraction)) return fail(e, "wacc_parts.debt_fraction", fc_scenario_domain_text(FC_DOMAIN_FRAC), -1, NAN, FC_EDOM);
    if (isnan(d->cost_of_debt)) return fail(e, "wacc_parts.cost_of_debt", fc_scenario_domain_text(FC_DOMAIN_RATE), -1, NAN, FC_EDOM);
    if (isnan(d->cost_of_equity))
      return fail(e, "wacc_parts.cost_of_equity", fc_scenario_domain_text(FC_DOMAIN_RATE), -1, NAN, FC_EDOM);
    w.debt_fraction = d->debt_fraction;
    w.cost_of_debt = d->cost_of_debt;
    w.cost_of_equity = d->cost_of_equity;
    w.tax_rate = SVAL(d, tax_rate);
    w.inflation = SVAL(d, inflation);
    if ((st = fc_finance_wacc(&w, &nominal, &p->wacc)) != FC_OK) return fail(e, "wacc_parts", NULL, -1, NAN, st);
  }
  if (!isnan(d->commitment_discount)) {
    p->commitment_discount = d->commitment_discount;
    p->cloud_committed = d->commitment_discount > 0.0 ? 1.0 : 0.0;
  }
  /* goodput: Young/Daly over the cluster; independent failures, so the job
     fails at the sum of the chips' rates (fc_training.h) */
  if (!isnan(d->mtbf_h) || !isnan(d->checkpoint_s)) {
    fc_goodput_result g;
    double chips = !isnan(d->goodput_chips) ? d->goodput_chips : !isnan(d->cluster_size) ? d->cluster_size : 1.0;
    if (isnan(d->checkpoint_s)) return fail(e, "goodput.checkpoint_s", fc_scenario_domain_text(FC_DOMAIN_POS), -1, NAN, FC_EDOM);
    if (isnan(d->mtbf_h)) return fail(e, "goodput.mtbf_h", fc_scenario_domain_text(FC_DOMAIN_POS), -1, NAN, FC_EDOM);
    if ((st = fc_training_goodput_cluster(d->checkpoint_s, SVAL(d, restart_s), d->mtbf_h, chips, &g)))
      return fail(e, "goodput", NULL, -1, NAN, st);
    p->goodput = g.goodput;
  }
  /* MFU of a published run: its 6ND FLOPs over its chip-hours at peak */
  if (!isnan(d->run_gpu_hours)) {
    double flops, active = !isnan(d->run_active_params) ? d->run_active_params : d->run_params;
    if (isnan(d->run_params) || isnan(d->run_tokens) || isnan(d->run_peak_flops_per_s))
      return fail(e, "mfu_from", "run with params, tokens and its chip's peak", -1, NAN, FC_EDOM);
    if ((st = fc_training_flops(active, d->run_tokens, 0.0, 0.0, 0.0, &flops)) ||
        (st = fc_training_mfu(flops, d->run_gpu_hours, d->run_peak_flops_per_s, &p->mfu)))
      return fail(e, "mfu_from", NULL, -1, NAN, st);
  }
  return FC_OK;
}

double fc_compose_idle_w(double tdp_w, double idle_w) {
  return !isnan(idle_w) ? idle_w : tdp_w * IDLE_SHARE_OF_TDP;
}

/* The inference workload on chip ci: the best serving point within the
   targets (fc_serve_compose.h), mapped onto the cost chain so that useful
   work is tokens (fc_inference_to_scenario). */
static int serve_chip(const fc_compose_desc *d, int ci, fc_scenario_params *p, fc_infer_point *pt,
                      fc_compose_error *e) {
  int st;
  if ((st = fc_serve_compose_solve(d, (size_t)ci, p, NULL, 0, pt, e)) != FC_OK) return st;
  p->mfu = p->scaling_efficiency = p->goodput = 1.0;
  p->power_curve = NULL;
  if ((st = fc_inference_to_scenario(pt, &p->peak_flops_per_s, &p->tdp_w, &p->idle_w, &p->it_kw_per_accel,
                                     p->server_power_multiple)))
    return fail(e, "workload", NULL, ci, NAN, st);
  return FC_OK;
}

static int compose_chip(const fc_compose_desc *d, const fc_scenario_params *common, size_t ci,
                        fc_scenario_params *p, fc_infer_point *pt, fc_compose_error *e) {
  const fc_compose_chip *c = &d->chips[ci];
  int st;
  *p = *common;
  if (!isnan(c->peak_flops_per_s)) p->peak_flops_per_s = c->peak_flops_per_s;
  if (!isnan(c->tdp_w)) p->tdp_w = c->tdp_w;
  if (!isnan(c->idle_w) || !isnan(c->tdp_w)) p->idle_w = fc_compose_idle_w(c->tdp_w, c->idle_w);
  p->chip_price_usd = c->price_usd;
  p->price_basis = CVAL(c, price_basis);
  if (c->manufactured == 1.0) {
    if ((st = manufactured_price(c, (int)ci, &p->chip_price_usd, NULL, e)) != FC_OK) return st;
    p->price_basis = FC_BASIS_CHIP; /* the yield chain prices a bare package */
  }
  /* grey-market premium on the price, however it was found */
  if (!isnan(p->chip_price_usd) && !isnan(c->premium)) p->chip_price_usd = p->chip_price_usd * (1 + c->premium);
  if (!isnan(c->server_multiple)) p->server_multiple = c->server_multiple;
  if (!isnan(c->server_power_multiple)) p->server_power_multiple = c->server_power_multiple;
  if (!isnan(c->rental_usd_per_hour)) p->rental_usd_per_hour = c->rental_usd_per_hour;
  p->power_curve = c->power_curve;
  /* a published convention's rules, then the user's own fields */
  if ((st = fc_convention_apply((int)SVAL(d, convention), d->convention_pue, d->convention_electricity_usd_per_kwh,
                                d->convention_average_power_fraction, p)) != FC_OK)
    return fail(e, "convention", NULL, (int)ci, SVAL(d, convention), st);
  apply_over(p, &d->over);
  apply_over(p, &c->over);
  p->idle_w = fc_compose_idle_w(p->tdp_w, p->idle_w); /* no idle figure anywhere: the share of TDP */
  if (isnan(p->chip_price_usd))
    return fail(e, "chip.price_usd", "price (none in the catalog: give chip_price_usd or manufacturing)", (int)ci,
                NAN, FC_EDOM);
  if (SVAL(d, workload) == FC_WORKLOAD_INFERENCE) return serve_chip(d, (int)ci, p, pt, e);
  return FC_OK;
}

/* The job's FLOPs: given, or 6ND (fc_training.h). */
static int job_flops(const fc_compose_desc *d, double *flops, fc_compose_error *e) {
  int st;
  *flops = NAN;
  if (!isnan(d->job_flops)) { *flops = d->job_flops; return FC_OK; }
  if (isnan(d->job_params) && isnan(d->job_tokens) && isnan(d->job_active_params)) return FC_OK;
  if (isnan(d->job_tokens)) return fail(e, "job.tokens", "positive number (or job.flops)", -1, NAN, FC_EDOM);
  if (isnan(d->job_params) && isnan(d->job_active_params))
    return fail(e, "job.params", "positive number (or job.flops)", -1, NAN, FC_EDOM);
  if ((st = fc_training_flops(!isnan(d->job_active_params) ? d->job_active_params : d->job_params, d->job_tokens,
                              0.0, 0.0, 0.0, flops)))
    return fail(e, "job", NULL, -1, NAN, st);
  return FC_OK;
}

/* Constant dollars: every member's money inputs times PPI(usd_year) /
   PPI(usd_from_year) (fc_convention_deflator), so every door that evaluates
   the members -- fc_compose_eval, Monte Carlo, tornado, Sobol -- reads the
   same dollars. *factor: 1 when nominal. */
static int constant_dollars(const fc_compose_desc *d, fc_scenario_params *members, size_t n, double *factor,
                            fc_compose_error *e) {
  size_t i;
  int bad = 0, st;
  *factor = 1.0;
  if (isnan(d->usd_year) && isnan(d->usd_from_year)) return FC_OK;
  if (isnan(d->usd_year) || isnan(d->usd_from_year))
    return fail(e, isnan(d->usd_year) ? "usd_year" : "usd_from_year", "year (usd_year and usd_from_year together)",
                -1, NAN, FC_EDOM);
  if (fc_convention_deflator((int)d->usd_year, (int)d->usd_from_year, factor, &bad) != FC_OK)
    return fail(e, bad ? "usd_from_year" : "usd_year", "year of the PPI table (2010-2025)", -1,
                bad ? d->usd_from_year : d->usd_year, FC_EDOM);
  for (i = 0; i < n; i++)
    if ((st = fc_scenario_scale_money(&members[i], *factor)) != FC_OK) return fail(e, "usd_year", NULL, -1, *factor, st);
  return FC_OK;
}

int fc_compose(const fc_compose_desc *d, fc_scenario_params *members, double *counts, fc_compose_mix *mix,
               fc_compose_error *e) {
  fc_scenario_params common;
  size_t i;
  int st;
  if (e) memset(e, 0, sizeof *e);
  if (!d || !members || !counts || !mix || !d->chips || d->n_chips == 0) return FC_EINVAL;
  if ((st = fc_compose_check(d, e)) != FC_OK) return st;
  if ((st = compose_common(d, &common, e)) != FC_OK) return st;
  fc_serve_mix_init(mix);
  for (i = 0; i < d->n_chips; i++) {
    fc_infer_point pt;
    if ((st = compose_chip(d, &common, i, &members[i], &pt, e)) != FC_OK) return st;
    counts[i] = CVAL(&d->chips[i], count);
    if (SVAL(d, workload) == FC_WORKLOAD_INFERENCE) fc_serve_mix_add(mix, &pt, counts[i], d);
  }
  fc_serve_mix_done(mix);
  if ((st = constant_dollars(d, members, d->n_chips, &mix->usd_factor, e)) != FC_OK) return st;
  mix->coupling = SVAL(d, coupling) == 1.0 ? FC_COUPLING_LOCKSTEP : FC_COUPLING_POOLED;
  mix->penalty = SVAL(d, heterogeneity_penalty);
  mix->cluster_size = !isnan(d->cluster_size) ? d->cluster_size : d->job_chips;
  mix->currency_per_usd = d->currency_per_usd;
  mix->job_cost_usd = mix->job_chip_hours = mix->job_mwh = mix->job_t_co2 = NAN; /* fc_compose_job's */
  mix->job_days = mix->job_cloud_cost_usd = NAN;
  mix->water_onsite_l_per_eflop = mix->water_offsite_l_per_eflop = NAN; /* fc_compose_water's */
  mix->water_l_per_eflop = mix->water_l_per_mtok = NAN;
  mix->wue_l_per_kwh = d->wue_l_per_kwh;
  mix->electricity_water_l_per_kwh = d->electricity_water_l_per_kwh;
  if ((st = fc_compose_build(d, members, d->n_chips, mix, e)) != FC_OK) return st;
  if ((st = job_flops(d, &mix->job_flops, e)) != FC_OK) return st;
  if (!isnan(d->job_chip_hours)) {
    /* reported accelerator-hours: the FLOP they did at the members' busy-hour
       rate (peak x MFU x scaling x goodput, fc_scenario.h), less the lockstep
       penalty of a mixed synchronous job, as fc_scenario_eval_mix counts it */
    double total = 0.0, flop_h = 0.0;
    size_t kinds = 0;
    if (!isnan(mix->job_flops))
      return fail(e, "job.chip_hours", "hours or FLOP (job.flops, job.params/tokens), not both", -1,
                  d->job_chip_hours, FC_EDOM);
    for (i = 0; i < d->n_chips; i++) {
      const fc_scenario_params *m = &members[i];
      total += counts[i];
      if (counts[i] > 0.0) kinds++;
      flop_h += counts[i] * m->peak_flops_per_s * m->mfu * m->scaling_efficiency * m->goodput * 3600.0;
    }
    if (!(total > 0.0)) return fail(e, "count", "positive total", -1, total, FC_EDOM);
    flop_h /= total;
    if (mix->coupling == FC_COUPLING_LOCKSTEP && kinds > 1) flop_h *= 1.0 - mix->penalty;
    mix->job_flops = d->job_chip_hours * flop_h;
  }
  return FC_OK;
}

int fc_compose_serve_pins(const fc_compose_desc *d, fc_serve_pin *pins, fc_compose_error *e) {
  fc_scenario_params common, member;
  size_t i;
  int st;
  if (e) memset(e, 0, sizeof *e);
  if (!d || !pins || !d->chips || d->n_chips == 0) return FC_EINVAL;
  memset(pins, 0, d->n_chips * sizeof *pins);
  if (SVAL(d, workload) != FC_WORKLOAD_INFERENCE) return FC_OK;
  if ((st = fc_compose_check(d, e)) != FC_OK) return st;
  if ((st = compose_common(d, &common, e)) != FC_OK) return st;
  for (i = 0; i < d->n_chips; i++) {
    fc_infer_point pt;
    if ((st = compose_chip(d, &common, i, &member, &pt, e)) != FC_OK) return st;
    pins[i].group = pt.group;
    pins[i].tp = pt.tp;
    pins[i].disaggregated = pt.disaggregated;
    pins[i].prefill_group = pt.prefill_group;
    pins[i].prefill_tp = pt.prefill_tp;
  }
  return FC_OK;
}

int fc_compose_job(const fc_scenario_result *r, fc_compose_mix *m) {
  double eflops;
  if (!r || !m) return FC_EINVAL;
  m->job_cost_usd = m->job_chip_hours = m->job_mwh = m->job_t_co2 = m->job_days = m->job_cloud_cost_usd = NAN;
  if (isnan(m->job_flops)) return FC_OK;
  eflops = m->job_flops / 1e18;
  m->job_cost_usd = eflops * r->usd_per_eflop;
  m->job_chip_hours = m->job_flops / r->useful_flop_per_h; /* accelerator-hours of ownership */
  m->job_mwh = eflops * r->kwh_per_eflop / 1000.0;
  m->job_t_co2 = eflops * r->kg_co2_per_eflop / 1000.0;
  if (!isnan(m->cluster_size) && fc_training_days(m->job_chip_hours, m->cluster_size, &m->job_days) != FC_OK)
    m->job_days = NAN;
  if (r->cloud_usd_per_eflop > 0.0) m->job_cloud_cost_usd = eflops * r->cloud_usd_per_eflop;
  return FC_OK;
}

int fc_compose_eval(const fc_compose_desc *d, fc_scenario_result *r, fc_compose_mix *mix, fc_compose_error *e) {
  fc_scenario_params stack_m[8], *m;
  double stack_c[8], *counts;
  size_t bad_i = 0;
  const char *bad = NULL;
  int st;
  if (!d || !r || !mix || d->n_chips == 0) return FC_EINVAL;
  m = d->n_chips <= 8 ? stack_m : (fc_scenario_params *)malloc(d->n_chips * sizeof *m);
  counts = d->n_chips <= 8 ? stack_c : (double *)malloc(d->n_chips * sizeof *counts);
  if (!m || !counts) st = FC_ENOMEM;
  else if ((st = fc_compose(d, m, counts, mix, e)) == FC_OK) {
    st = fc_scenario_eval_mix(m, counts, d->n_chips, mix->coupling, mix->penalty, r, &bad_i, &bad);
    /* an inference mix: $ per million input / output tokens (fc_inference_costs) */
    if (st == FC_OK && !isnan(mix->prefill_share))
      st = fc_inference_costs(r->usd_per_eflop, r->kwh_per_eflop, mix->prefill_share, mix->input_tokens,
                              mix->output_tokens, &mix->usd_per_mtok_input, &mix->usd_per_mtok_output,
                              &mix->usd_per_mtok_blended, &mix->j_per_token);
    if (st == FC_OK) st = fc_compose_job(r, mix);
    if (st == FC_OK) st = fc_compose_water(d, m, counts, d->n_chips, r, mix);
    if (st && e) {
      int fi = bad ? fc_scenario_field_index(bad) : -1;
      e->field = bad;
      e->domain = fi >= 0 ? fc_scenario_field_domain((size_t)fi) : NULL;
      e->chip = (int)bad_i;
      e->value = fi >= 0 ? fc_scenario_field_get(&m[bad_i], (size_t)fi) : NAN;
    }
  }
  if (m != stack_m) free(m);
  if (counts != stack_c) free(counts);
  return st;
}
