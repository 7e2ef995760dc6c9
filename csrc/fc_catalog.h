/*
** fc_catalog.h -- loading and validating the catalog files of models/
** (chips, regions, processes, packaging + hbm, fx, export_rules, runs, llms).
**
** The schema is docs/catalog-schema.md ("flopcost.<kind>/1").  Loading is in
** three steps, all in this module, none of which prints or aborts:
**   1. fc_catalog_scan: a strict RFC 8259 scan of the text (no trailing
**      commas, no leading zeros, no control characters in strings, valid
**      UTF-8, no number that overflows a double, nesting <= 64 levels).  It
**      gives the byte offset and a reason for the first error, so messages
**      carry line and column; cJSON alone accepts "01", "1." and raw
**      newlines in strings, and reports imprecise positions.
**   2. cJSON_ParseWithLength builds the tree (it cannot fail on scanned text
**      except for lack of memory).  cJSON's own nesting limit is 1000
**      (CJSON_NESTING_LIMIT); the scan stops at FC_CATALOG_MAX_DEPTH first,
**      so neither cJSON nor the validator can exhaust the C stack.
**   3. fc_catalog_validate: types, required fields, ranges (fractions in
**      [0,1], PUE >= 1, figure ranges low <= value <= high), dates
**      YYYY[-MM[-DD]], unique names and aliases (case-insensitive), unknown
**      fields with a "did you mean".  It then normalises the tree in place:
**      every figure object {"value": v, ...} becomes the number v, and its
**      metadata moves to the entry's "meta" object under the field's path
**      relative to the entry ("tdp_w", "peak_tflops.bf16").
** Cross-file references (chip.process -> processes, run.chip -> chips,
** region.currency -> fx, chip_price_premium keys -> chips) are checked by the
** Lua layer once all files are loaded (lua/flopcost/catalog.lua).
**
** Error messages are written to a caller-provided buffer:
**   malformed text:  "chips.json:12:5: malformed JSON (expected ',' or '}', got ']')"
**   bad value:       "chips.json: chips[3].tdp_w: positive number expected, got -700"
** Array indices in paths are 0-based, as in JSON Pointer and jq.
** Note: cJSON records its last parse error in a global of its own; flopcost
** never reads it (positions come from the scan), and has no globals itself.
*/
#ifndef FC_CATALOG_H
#define FC_CATALOG_H

#include <stddef.h>
#include <cjson/cJSON.h>

#define FC_CATALOG_MAX_DEPTH 64       /* deepest nesting of arrays/objects accepted */
#define FC_CATALOG_MAX_BYTES (64u << 20) /* largest file accepted: 64 MiB */
#define FC_CATALOG_ERRLEN 512         /* a buffer this large never truncates a message */

/* The kinds of catalog file, from their "schema" field. */
typedef enum {
  FC_CAT_CHIPS = 0,
  FC_CAT_REGIONS,
  FC_CAT_PROCESSES,
  FC_CAT_PACKAGING,
  FC_CAT_FX,
  FC_CAT_EXPORT_RULES,
  FC_CAT_RUNS,
  FC_CAT_LLMS,
  FC_CAT_NKINDS
} fc_catalog_kind;

/* "chips", "regions", ... (the <kind> of "flopcost.<kind>/1"); NULL if out of range. */
const char *fc_catalog_kind_name(int kind);

/*
** Strict JSON scan of text[0..len).  Returns FC_OK, or FC_EPARSE with *off
** set to the byte offset of the error and *why to a static reason text
** ("trailing comma before '}'", ...).  `got` (may be NULL, at least 32 bytes)
** receives a printable form of the offending character(s) or "".
*/
int fc_catalog_scan(const char *text, size_t len, size_t *off, const char **why, char *got);

/*
** 1-based line and column of byte offset `off` in text: lines are counted by
** '\n', columns in characters (UTF-8 continuation bytes are not counted).
*/
void fc_catalog_line_col(const char *text, size_t len, size_t off, int *line, int *col);

/*
** Scan, parse, validate and normalise one catalog file.
**   text, len: the file's bytes (need not be NUL-terminated)
**   file:      the name used in messages (e.g. "chips.json")
**   out:       receives the normalised tree (free with cJSON_Delete) on FC_OK,
**              NULL otherwise
**   kind:      receives the fc_catalog_kind on FC_OK (may be NULL)
**   err:       receives the message (may be NULL); errlen its size
** Errors: FC_EPARSE (malformed JSON: message has line and column),
**         FC_EDOM (valid JSON, invalid catalog: message has the JSON path),
**         FC_ENOMEM, FC_EINVAL (NULL text or out).
*/
int fc_catalog_load(const char *text, size_t len, const char *file, cJSON **out, int *kind,
                    char *err, size_t errlen);

/*
** Validate and normalise a parsed catalog document in place (step 3 above).
** Same errors as fc_catalog_load except FC_EPARSE.
*/
int fc_catalog_validate(cJSON *doc, const char *file, int *kind, char *err, size_t errlen);

/*
** Validate and normalise one entry of table `table` ("chips", "regions",
** "processes", "packaging", "hbm", "rules", "runs", "rates", "llms", "serving") in place, as if
** it stood at `path` of a file named `file` (both only used in messages).
** Used for entries added or overridden from Lua.  Uniqueness against other
** entries is the caller's business.  Errors: FC_EDOM, FC_ENOMEM, FC_EINVAL
** (unknown table: message "unknown table 'x'").
*/
int fc_catalog_validate_entry(const char *table, cJSON *entry, const char *file,
                              const char *path, char *err, size_t errlen);

/* Edit distance (Levenshtein) between two strings, case-insensitive, capped
   at 64 characters each; used for the "did you mean" suggestions. */
int fc_catalog_edit_distance(const char *a, const char *b);

#endif
