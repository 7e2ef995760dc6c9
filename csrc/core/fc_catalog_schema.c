/*
** fc_catalog_schema.c -- docs/catalog-schema.md (version 1) as tables.
** Every entry may also carry "notes"; keys starting with "_" are comments
** and are ignored everywhere.
*/
#include <stddef.h>
#include "fc_catalog.h"
#include "fc_catalog_schema.h"
#include "fc_scenario.h"

#define END {NULL, 0, 0, 0, NULL}
#define REQ 1
#define OPT 0

const char *const fc_cat_destinations[] = {"us", "china", "allied", "other", NULL};
const char *const fc_cat_policies[] = {"presumption of denial", "case-by-case",
                                       "no licence required",
                                       "notified advanced computing (NAC)",
                                       "presumption of approval", "denied", NULL};
/* the names of fc_price_basis, in its order */
const char *const fc_cat_price_bases[] = {"chip", "board", "server_per_accelerator",
                                          "system_per_accelerator", NULL};
/* the model classes a serving profile is the default stack for */
static const char *const serving_classes[] = {"dense", "moe", NULL};
const char *const fc_cat_bounds[] = {"tpp_min", "tpp_max", "pd_min", "pd_max",
                                     "dram_bandwidth_gbs_min", "dram_bandwidth_gbs_max",
                                     "io_bandwidth_gbs_min", "io_bandwidth_gbs_max", NULL};

static const fc_cat_field chip_fields[] = {
  {"name", T_NAME, 0, REQ, NULL},
  {"aliases", T_STRLIST, 0, OPT, NULL},
  {"vendor", T_STR, 0, REQ, NULL},
  {"released", T_DATE, 0, OPT, NULL},
  {"peak_tflops", T_PEAK, FC_DOMAIN_POS, REQ, NULL},
  {"memory_gb", T_FIG, FC_DOMAIN_POS, OPT, NULL},
  {"memory_bandwidth_gbs", T_FIG, FC_DOMAIN_POS, OPT, NULL},
  {"interconnect_gbs", T_FIG, FC_DOMAIN_NONNEG, OPT, NULL},
  {"node_chips", T_FIG, FC_DOMAIN_POSINT, OPT, NULL},     /* chips per scale-up domain */
  {"scaleout_gbs", T_FIG, FC_DOMAIN_NONNEG, OPT, NULL},   /* scale-out NIC per chip, one direction */
  {"silicon", T_NAME, 0, OPT, NULL},                      /* the die: chips sharing it share a power curve */
  {"power_from", T_NAME, 0, OPT, NULL},                   /* set on load: the chip whose curve it shares */
  {"tdp_w", T_FIG, FC_DOMAIN_POS, REQ, NULL},
  {"idle_w", T_FIG, FC_DOMAIN_NONNEG, OPT, NULL},
  {"die_area_mm2", T_FIG, FC_DOMAIN_POS, OPT, NULL},
  {"dies", T_INT, FC_DOMAIN_POSINT, OPT, NULL},
  {"process", T_NAME, 0, OPT, NULL},
  {"hbm_stacks", T_INT, FC_DOMAIN_NONNEG_INT, OPT, NULL},
  {"price_usd", T_FIG, FC_DOMAIN_POS, OPT, NULL},        /* the reference price; needs price_basis */
  {"price_basis", T_ENUM, 0, OPT, fc_cat_price_bases},
  {"prices", T_PRICES, 0, OPT, NULL},            /* more dated purchase prices */
  {"rental_usd_per_hour", T_FIG, FC_DOMAIN_POS, OPT, NULL}, /* the reference rental (US market) */
  {"rentals", T_RENTALS, 0, OPT, NULL},          /* more dated rentals, by market */
  {"mfu", T_FIG, FC_DOMAIN_OPEN_UNIT, OPT, NULL},  /* utilization published for this chip family */
  {"power_curve", T_CURVE, 0, OPT, NULL},
  {"server_multiple", T_FIG, FC_DOMAIN_GE1, OPT, NULL},
  {"server_power_multiple", T_FIG, FC_DOMAIN_GE1, OPT, NULL},
  {"notes", T_STR, 0, OPT, NULL},
  {"source", T_STR, 0, REQ, NULL},
  {"as_of", T_DATE, 0, REQ, NULL},
  END
};

static const fc_cat_field region_fields[] = {
  {"name", T_NAME, 0, REQ, NULL},
  {"label", T_STR, 0, OPT, NULL},
  {"country", T_CODE2, 0, REQ, NULL},
  {"destination", T_ENUM, 0, REQ, fc_cat_destinations},
  {"currency", T_CODE3, 0, REQ, NULL},
  {"electricity_price_per_kwh", T_FIG, FC_DOMAIN_POS, REQ, NULL},
  {"grid_kg_co2_per_kwh", T_FIG, FC_DOMAIN_NONNEG, OPT, NULL},
  {"pue", T_FIG, FC_DOMAIN_GE1, OPT, NULL},
  {"facility_usd_per_kw", T_FIG, FC_DOMAIN_POS, OPT, NULL},
  {"wacc", T_FIG, FC_DOMAIN_WACC, OPT, NULL},
  {"green_share", T_FIG, FC_DOMAIN_FRAC, OPT, NULL},
  {"carbon_usd_per_t", T_FIG, FC_DOMAIN_NONNEG, OPT, NULL},
  /* water (fc_buildout_water): litres per kWh of IT energy, and per kWh of the grid's electricity */
  {"wue_l_per_kwh", T_FIG, FC_DOMAIN_NONNEG, OPT, NULL},
  {"electricity_water_l_per_kwh", T_FIG, FC_DOMAIN_NONNEG, OPT, NULL},
  {"chip_price_premium", T_PREMIUM, FC_DOMAIN_RATE, OPT, NULL},
  {"notes", T_STR, 0, OPT, NULL},
  {"source", T_STR, 0, REQ, NULL},
  {"as_of", T_DATE, 0, REQ, NULL},
  END
};

static const fc_cat_field process_fields[] = {
  {"name", T_NAME, 0, REQ, NULL},
  {"foundry", T_STR, 0, REQ, NULL},
  {"node_nm", T_FIG, FC_DOMAIN_POS, OPT, NULL},
  {"euv", T_BOOL, 0, OPT, NULL},
  {"wafer_diameter_mm", T_FIG, FC_DOMAIN_POS, OPT, NULL},
  {"wafer_cost_usd", T_FIG, FC_DOMAIN_POS, REQ, NULL},
  {"defect_density_per_cm2", T_FIG, FC_DOMAIN_NONNEG, REQ, NULL},
  {"alpha", T_FIG, FC_DOMAIN_POS, OPT, NULL},
  {"edge_exclusion_mm", T_FIG, FC_DOMAIN_NONNEG, OPT, NULL},
  {"scribe_mm", T_FIG, FC_DOMAIN_NONNEG, OPT, NULL},
  {"notes", T_STR, 0, OPT, NULL},
  {"source", T_STR, 0, REQ, NULL},
  {"as_of", T_DATE, 0, REQ, NULL},
  END
};

static const fc_cat_field packaging_fields[] = {
  {"name", T_NAME, 0, REQ, NULL},
  {"type", T_STR, 0, OPT, NULL},
  {"defect_density_per_cm2", T_FIG, FC_DOMAIN_NONNEG, OPT, NULL},
  {"alpha", T_FIG, FC_DOMAIN_POS, OPT, NULL},
  {"bonding_yield", T_FIG, FC_DOMAIN_OPEN_UNIT, OPT, NULL},
  {"cost_usd", T_FIG, FC_DOMAIN_POS, OPT, NULL},
  {"interposer_cost_usd_per_mm2", T_FIG, FC_DOMAIN_POS, OPT, NULL},
  {"notes", T_STR, 0, OPT, NULL},
  {"source", T_STR, 0, REQ, NULL},
  {"as_of", T_DATE, 0, REQ, NULL},
  END
};

static const fc_cat_field hbm_fields[] = {
  {"name", T_NAME, 0, REQ, NULL},
  {"gb_per_stack", T_FIG, FC_DOMAIN_POS, OPT, NULL},
  {"cost_usd_per_gb", T_FIG, FC_DOMAIN_POS, OPT, NULL},
  {"stack_yield", T_FIG, FC_DOMAIN_OPEN_UNIT, OPT, NULL},
  {"notes", T_STR, 0, OPT, NULL},
  {"source", T_STR, 0, REQ, NULL},
  {"as_of", T_DATE, 0, REQ, NULL},
  END
};

static const fc_cat_field rate_fields[] = {
  {"currency", T_CODE3, 0, REQ, NULL},
  {"per_usd", T_FIG, FC_DOMAIN_POS, REQ, NULL},
  {"date", T_DATE, 0, REQ, NULL},
  {"notes", T_STR, 0, OPT, NULL},
  {"source", T_STR, 0, REQ, NULL},
  {"as_of", T_DATE, 0, OPT, NULL},
  END
};

static const fc_cat_field rule_fields[] = {
  {"id", T_NAME, 0, REQ, NULL},
  {"name", T_STR, 0, OPT, NULL},     /* a short human name; lookups use id */
  {"title", T_STR, 0, OPT, NULL},
  {"metrics", T_STR, 0, OPT, NULL},  /* how the rule defines its metrics, quoted */
  {"effective", T_DATE, 0, REQ, NULL},
  {"classes", T_CLASSES, 0, REQ, NULL},
  {"licence", T_LICENCE, 0, REQ, NULL},
  /* a decision naming chips (an "is-informed" letter, a licence condition):
     it applies to those chips only, on top of the rule in force */
  {"chips", T_STRLIST, 0, OPT, NULL},
  /* the price premium of each licence status (policy -> figure): licence
     fees, revenue shares, grey-market prices */
  {"premium", T_PREMIUM, 0, OPT, NULL},
  {"notes", T_STR, 0, OPT, NULL},
  {"source", T_STR, 0, REQ, NULL},
  {"as_of", T_DATE, 0, OPT, NULL},
  END
};

static const fc_cat_field run_fields[] = {
  {"name", T_NAME, 0, REQ, NULL},
  {"organization", T_STR, 0, OPT, NULL},
  {"year", T_INT, FC_DOMAIN_YEAR, OPT, NULL},
  {"params", T_FIG, FC_DOMAIN_POS, OPT, NULL},
  {"active_params", T_FIG, FC_DOMAIN_POS, OPT, NULL},
  {"tokens", T_FIG, FC_DOMAIN_POS, OPT, NULL},
  {"chip", T_STR, 0, OPT, NULL},
  {"chips", T_FIG, FC_DOMAIN_POS, OPT, NULL},
  {"gpu_hours", T_FIG, FC_DOMAIN_POS, OPT, NULL},
  {"flops_reported", T_FIG, FC_DOMAIN_POS, OPT, NULL},
  {"precision", T_STR, 0, OPT, NULL},
  {"wall_clock_days", T_FIG, FC_DOMAIN_POS, OPT, NULL},
  {"cost_usd_reported", T_FIG, FC_DOMAIN_POS, OPT, NULL},
  /* what the publisher's energy and carbon figures rest on (the model-card
     identity: hours x power x PUE x grid factor), and what they report */
  {"power_w", T_FIG, FC_DOMAIN_POS, OPT, NULL},
  {"pue", T_FIG, FC_DOMAIN_GE1, OPT, NULL},
  {"grid_kg_co2_per_kwh", T_FIG, FC_DOMAIN_NONNEG, OPT, NULL},
  {"mwh_reported", T_FIG, FC_DOMAIN_POS, OPT, NULL},
  {"t_co2_reported", T_FIG, FC_DOMAIN_POS, OPT, NULL},
  /* Epoch AI's amortized hardware + energy cost of the run */
  {"epoch_cost_usd", T_FIG, FC_DOMAIN_POS, OPT, NULL},
  /* the inputs of Epoch's figure: its chip-hours (hardware quantity x training
     time) and training start (publication - training time - 60 days) */
  {"epoch_chip_hours", T_FIG, FC_DOMAIN_POS, OPT, NULL},
  {"epoch_training_start", T_DATE, 0, OPT, NULL},
  {"published", T_DATE, 0, OPT, NULL},
  /* Epoch's cloud cost (3-year committed rentals) and the release date of the
     hardware variant Epoch lists (its acquisition rule: release + 90 days) */
  {"epoch_cloud_usd", T_FIG, FC_DOMAIN_POS, OPT, NULL},
  {"epoch_hardware_released", T_DATE, 0, OPT, NULL},
  /* independently published utilization or throughput */
  {"mfu_reported", T_FIG, FC_DOMAIN_OPEN_UNIT, OPT, NULL},
  {"achieved_tflops_per_chip", T_FIG, FC_DOMAIN_POS, OPT, NULL},
  {"tokens_per_s_per_chip", T_FIG, FC_DOMAIN_POS, OPT, NULL},
  {"region", T_STR, 0, OPT, NULL},
  {"notes", T_STR, 0, OPT, NULL},
  {"source", T_STR, 0, REQ, NULL},
  {"as_of", T_DATE, 0, REQ, NULL},
  END
};

/* Language-model architectures (models/llms.json), as the published
   config.json files and papers state them; read by fc_inference. */
static const char *const llm_attention[] = {"gqa", "mla", NULL};
static const fc_cat_field llm_fields[] = {
  {"name", T_NAME, 0, REQ, NULL},
  {"aliases", T_STRLIST, 0, OPT, NULL},
  {"organization", T_STR, 0, OPT, NULL},
  {"released", T_DATE, 0, OPT, NULL},
  {"params", T_FIG, FC_DOMAIN_POS, REQ, NULL},
  {"active_params", T_FIG, FC_DOMAIN_POS, OPT, NULL},
  {"layers", T_INT, FC_DOMAIN_POSINT, REQ, NULL},
  {"hidden", T_INT, FC_DOMAIN_POSINT, REQ, NULL},
  {"intermediate", T_INT, FC_DOMAIN_POSINT, OPT, NULL},
  {"heads", T_INT, FC_DOMAIN_POSINT, REQ, NULL},
  {"kv_heads", T_INT, FC_DOMAIN_POSINT, REQ, NULL},
  {"head_dim", T_INT, FC_DOMAIN_POSINT, REQ, NULL},
  {"attention", T_ENUM, 0, REQ, llm_attention},
  {"kv_lora_rank", T_INT, FC_DOMAIN_POSINT, OPT, NULL},
  {"qk_rope_head_dim", T_INT, FC_DOMAIN_POSINT, OPT, NULL},
  {"experts", T_INT, FC_DOMAIN_NONNEG_INT, OPT, NULL},
  {"experts_active", T_INT, FC_DOMAIN_POSINT, OPT, NULL},
  {"experts_shared", T_INT, FC_DOMAIN_NONNEG_INT, OPT, NULL},
  {"expert_intermediate", T_INT, FC_DOMAIN_POSINT, OPT, NULL},
  {"moe_layers", T_INT, FC_DOMAIN_POSINT, OPT, NULL},
  {"mtp_layers", T_INT, FC_DOMAIN_NONNEG_INT, OPT, NULL},
  {"node_limit", T_FIG, FC_DOMAIN_NONNEG_INT, OPT, NULL},
  {"vocab", T_INT, FC_DOMAIN_POSINT, REQ, NULL},
  {"context", T_INT, FC_DOMAIN_POSINT, REQ, NULL},
  {"notes", T_STR, 0, OPT, NULL},
  {"source", T_STR, 0, REQ, NULL},
  {"as_of", T_DATE, 0, REQ, NULL},
  END
};

/* Serving efficiency profiles (llms.json "serving"): the achievable
   fractions and overheads fc_inference applies, each a sourced figure. */
static const fc_cat_field serving_fields[] = {
  {"name", T_NAME, 0, REQ, NULL},
  {"aliases", T_STRLIST, 0, OPT, NULL},
  {"bandwidth_efficiency", T_FIG, FC_DOMAIN_OPEN_UNIT, REQ, NULL},
  {"flop_efficiency", T_FIG, FC_DOMAIN_OPEN_UNIT, REQ, NULL},
  {"link_efficiency", T_FIG, FC_DOMAIN_OPEN_UNIT, REQ, NULL},
  {"step_overhead_s", T_FIG, FC_DOMAIN_NONNEG, REQ, NULL},
  {"sequence_overhead_s", T_FIG, FC_DOMAIN_NONNEG, OPT, NULL},
  {"collective_latency_s", T_FIG, FC_DOMAIN_NONNEG, REQ, NULL},
  {"kv_memory_fraction", T_FIG, FC_DOMAIN_OPEN_UNIT, REQ, NULL},
  {"prefill_chunk_tokens", T_FIG, FC_DOMAIN_POS, REQ, NULL},
  {"decode_power_weight", T_FIG, FC_DOMAIN_FRAC, REQ, NULL},
  {"moe_tile_tokens", T_FIG, FC_DOMAIN_GE1, OPT, NULL},
  {"routing_skew", T_FIG, FC_DOMAIN_NONNEG, OPT, NULL},
  {"overlap", T_FIG, FC_DOMAIN_FRAC, OPT, NULL},
  {"scaleout_efficiency", T_FIG, FC_DOMAIN_OPEN_UNIT, OPT, NULL},
  {"group_sequence_overhead_s", T_FIG, FC_DOMAIN_NONNEG, OPT, NULL},
  {"dispatch_bytes", T_FIG, FC_DOMAIN_NONNEG, OPT, NULL},
  {"stack", T_STR, 0, OPT, NULL},                         /* the serving software it was fitted on */
  {"default_class", T_ENUM, 0, OPT, serving_classes},     /* the default stack for this model class ... */
  {"default_chips", T_STRLIST, 0, OPT, NULL},             /* ... on these chips (absent: on the others) */
  {"default_source", T_STR, 0, OPT, NULL},                /* why: the best published stack there */
  {"notes", T_STR, 0, OPT, NULL},
  {"source", T_STR, 0, REQ, NULL},
  {"as_of", T_DATE, 0, REQ, NULL},
  END
};

static const fc_cat_table chips_tables[] = {{"chips", 1, "name", chip_fields}, {NULL, 0, NULL, NULL}};
static const fc_cat_table regions_tables[] = {{"regions", 1, "name", region_fields}, {NULL, 0, NULL, NULL}};
static const fc_cat_table processes_tables[] = {{"processes", 1, "name", process_fields},
                                                {NULL, 0, NULL, NULL}};
static const fc_cat_table packaging_tables[] = {{"packaging", 1, "name", packaging_fields},
                                                {"hbm", 0, "name", hbm_fields},
                                                {NULL, 0, NULL, NULL}};
static const fc_cat_table fx_tables[] = {{"rates", 1, NULL, rate_fields}, {NULL, 0, NULL, NULL}};
static const fc_cat_table rules_tables[] = {{"rules", 1, "id", rule_fields}, {NULL, 0, NULL, NULL}};
static const fc_cat_table runs_tables[] = {{"runs", 1, "name", run_fields}, {NULL, 0, NULL, NULL}};
static const fc_cat_table llms_tables[] = {{"llms", 1, "name", llm_fields},
                                           {"serving", 0, "name", serving_fields},
                                           {NULL, 0, NULL, NULL}};

const fc_cat_file fc_cat_files[] = {
  {"chips", chips_tables},         {"regions", regions_tables},
  {"processes", processes_tables}, {"packaging", packaging_tables},
  {"fx", fx_tables},               {"export_rules", rules_tables},
  {"runs", runs_tables},           {"llms", llms_tables},
  {NULL, NULL}
};
