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
** interpreted in lua/flopcost/export_rules.lua; the rule in force at a date,
** the licence status of a policy and its premium are chosen here.
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

/*
** Licence status and its premium, by date (issue 21).  The rules are data
** (models/export_rules.json); these are the choices made from them, once.
**
** fc_export_status: the status of a rule's policy text for a destination:
**   FC_LICENCE_DOMESTIC  made by a vendor of the destination country (no US rule binds)
**   FC_LICENCE_NONE      "no licence required", or "notified advanced computing (NAC)"
**                        (a notification, not a licence: 15 CFR 740.8, Oct 2023)
**   FC_LICENCE_DENIED    "presumption of denial" or "denied": not available
**   FC_LICENCE_REQUIRED  any other policy (licence required, case by case, ...)
** policy NULL: FC_LICENCE_NONE.
*/
typedef enum {
  FC_LICENCE_NONE = 0, FC_LICENCE_REQUIRED, FC_LICENCE_DENIED, FC_LICENCE_DOMESTIC, FC_LICENCE_COUNT
} fc_licence_status;
int fc_export_status(const char *policy, int domestic);

/*
** The rule in force on `day` (days since 1970, fc_price_date_days; NaN: the
** latest): among the n rules with applies[i] != 0, the one with the latest
** effective_day[i] on or before day; the first of equals.  *index = n when
** none is (before the first rule).  For the general rules, applies[i] = "has
** no chip list"; for the decisions naming a chip, "names it".
** Errors: FC_EINVAL (NULL with n > 0), FC_EDOM (a NaN effective day).
*/
int fc_export_rule_at(const double *effective_day, const int *applies, size_t n, double day, size_t *index);

/*
** The premium a buyer pays over list for a chip of that status, and where it
** comes from: none domestic or without a licence; the region's grey-market
** premium (for the chip, else the region's default) only when denied; the
** rule's figure for a licensed status (a licence fee or revenue share: the
** Jan 2026 rule's 25 %, the H20's 15 % of Aug 2025), else none.  NaN: the
** figure is not given.  *source: FC_PREMIUM_NONE, _GREY_CHIP, _GREY_DEFAULT,
** _RULE.  Errors: FC_EINVAL (NULL, unknown status), FC_EDOM (a premium <= -1).
*/
enum { FC_PREMIUM_NONE = 0, FC_PREMIUM_GREY_CHIP, FC_PREMIUM_GREY_DEFAULT, FC_PREMIUM_RULE };
int fc_export_premium(int status, double grey_chip, double grey_default, double rule_premium, double *premium,
                      int *source);

#endif
