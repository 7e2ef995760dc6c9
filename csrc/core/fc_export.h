/*
** fc_export.h -- export-control metrics of ECCN 3A090 (US Export
** Administration Regulations, Commerce Control List, Category 3).
**
** Total processing performance (TPP), 88 FR 73458 (Oct 2023), technical note
** to 3A090:  TPP = 2 x MacTOPS x bit length of the operation, counted on
** dense (non-sparse) throughput and taken as the maximum over the operation
** types the chip supports.  Since a MAC is 2 operations, TPP = dense TOPS
** (or TFLOP/s) x bit length: 989.5 dense BF16 TFLOP/s x 16 = 15,832.
** Performance density (PD) = TPP / applicable die area in mm^2 (the logic
** dies made on a non-planar transistor process).
** Classification under a rule is data (models/export_rules.json) and is
** interpreted in lua/flopcost/export_rules.lua.
*/
#ifndef FC_EXPORT_H
#define FC_EXPORT_H

#include <stddef.h>

/*
** The precisions flopcost knows and the bit length of one operand, THE one
** table: the catalog's peak_tflops keys (fc_catalog_schema.c), TPP's bit
** length (3A090 technical note: fp8 counts 8, bf16 16) and, through
** core.export.precision_bits, the Lua layer's export rules and the
** inference model's bytes per value (bits / 8).
** fc_precision_names: NULL-terminated, floating-point formats widest first,
** then integer formats widest first.
** fc_precision_bits: the bit length of a name (exact, lower case); 0 if unknown.
*/
extern const char *const fc_precision_names[];
int fc_precision_bits(const char *name);

/* TPP of one precision: dense TOPS x bit length.  tops >= 0, bits in {4, 8, 16, 32, 64}. */
int fc_export_tpp(double dense_tops, int bits, double *tpp);

/* Max TPP over n precisions; *which (may be NULL) receives the index used.
   Entries with tops < 0 or NaN are errors; n >= 1.  Errors: FC_EDOM, FC_EINVAL. */
int fc_export_tpp_max(const double *dense_tops, const int *bits, size_t n, double *tpp,
                      size_t *which);

/* Performance density = TPP / die area (mm^2).  tpp >= 0, area > 0.  Errors: FC_EDOM. */
int fc_export_performance_density(double tpp, double die_area_mm2, double *pd);

#endif
