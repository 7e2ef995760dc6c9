/*
** fc_catalog_schema.h -- the tables of docs/catalog-schema.md as data, for the
** validator in fc_catalog.c (internal to the core; not part of fc.h).
*/
#ifndef FC_CATALOG_SCHEMA_H
#define FC_CATALOG_SCHEMA_H

/* Value types of fields. */
typedef enum {
  T_STR,      /* non-empty string */
  T_NAME,     /* lookup key: ASCII, printable, no spaces, 1..64 bytes */
  T_DATE,     /* "YYYY", "YYYY-MM" or "YYYY-MM-DD", a real calendar date */
  T_BOOL,
  T_INT,      /* integer-valued number in an integral domain (POSINT, NONNEG_INT, YEAR) */
  T_NUM,      /* plain number with a check (no figure object) */
  T_FIG,      /* number or figure object {"value", "source", "as_of", ...} */
  T_STRLIST,  /* array of non-empty strings */
  T_ENUM,     /* one of `opts` */
  T_CODE2,    /* ISO 3166 alpha-2: two capital letters */
  T_CODE3,    /* ISO 4217: three capital letters */
  T_PEAK,     /* chips.peak_tflops: precision -> figure */
  T_CURVE,    /* chips.power_curve */
  T_PREMIUM,  /* regions.chip_price_premium: chip name or "default" -> figure */
  T_CLASSES,  /* export_rules.classes */
  T_LICENCE,  /* export_rules.licence */
  T_PRICES,   /* chips.prices: dated purchase prices, each with its basis */
  T_RENTALS   /* chips.rentals: dated rental prices, each with its market */
} fc_cat_type;


typedef struct {
  const char *key;
  unsigned char type;
  unsigned char check;     /* numbers: a domain of fc_scenario.h (FC_DOMAIN_*), the
                              core's one vocabulary; unused for other types */
  unsigned char required;
  const char *const *opts; /* T_ENUM */
} fc_cat_field;

typedef struct {
  const char *name;        /* the array's key in the file: "chips", "hbm", ... */
  int required;            /* the file must have this array */
  const char *key;         /* the entries' unique key ("name", "id"), NULL for fx rates */
  const fc_cat_field *fields; /* terminated by a NULL key */
} fc_cat_table;

typedef struct {
  const char *kind;        /* "chips" of "flopcost.chips/1" */
  const fc_cat_table *tables; /* terminated by a NULL name */
} fc_cat_file;

/* The catalog files, indexed by fc_catalog_kind. */
extern const fc_cat_file fc_cat_files[];

/* keys of peak_tflops: the core's one precision table, fc_precision_names (fc_export.h) */
extern const char *const fc_cat_destinations[]; /* export-control destination groups */
extern const char *const fc_cat_policies[];     /* licence policies */
extern const char *const fc_cat_bounds[];       /* keys of an export-rule condition */
extern const char *const fc_cat_price_bases[];  /* what a purchase price includes (fc_price.h) */

#endif
