/*
** fc_catalog_check.h -- internal to the catalog loader (fc_catalog.c,
** fc_catalog_check.c): the validation context and the checks the entry and
** table code uses. Not installed, not part of the API.
*/
#ifndef FC_CATALOG_CHECK_H
#define FC_CATALOG_CHECK_H

#include <stddef.h>
#include <cjson/cJSON.h>
#include "fc_catalog_schema.h"

#ifdef __GNUC__
#define FC_PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define FC_PRINTF(a, b)
#endif

#define FC_CAT_PATHLEN 256

/* Validation context: the file name, the JSON path being checked and the
   caller's error buffer. */
typedef struct {
  const char *file;
  char path[FC_CAT_PATHLEN];
  size_t plen;
  char *err;
  size_t errlen;
} fc_cat_vctx;

/* The message "file: path: ..." into the caller's buffer; returns FC_EDOM. */
int fc_cat_verr(fc_cat_vctx *c, const char *fmt, ...) FC_PRINTF(2, 3);
/* Path steps ".key" and "[i]"; each returns the old length for fc_cat_pop. */
size_t fc_cat_push_key(fc_cat_vctx *c, const char *key);
size_t fc_cat_push_index(fc_cat_vctx *c, int i);
void fc_cat_pop(fc_cat_vctx *c, size_t old);
/* "<what> expected, got <v>"; returns FC_EDOM. */
int fc_cat_expected(fc_cat_vctx *c, const char *what, const cJSON *v);
/* The closest of names to s, as " (did you mean 'x'?)" in buf, or "". */
const char *fc_cat_suggest(const char *s, const char *const *names, char *buf, size_t n);
int fc_cat_check_string(fc_cat_vctx *c, const cJSON *v);
int fc_cat_check_date(fc_cat_vctx *c, const cJSON *v);
/* Every key of obj is in known (NULL-terminated). */
int fc_cat_check_keys(fc_cat_vctx *c, const cJSON *obj, const char *const *known);
/* One field of an entry by its schema type (entry: the whole entry, for rules that read others). */
int fc_cat_check_field(fc_cat_vctx *c, const fc_cat_field *f, const cJSON *v, const cJSON *entry);

#endif
