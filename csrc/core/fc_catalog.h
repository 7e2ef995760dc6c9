/*
** fc_catalog.h -- loading and validating the catalog files of models/
** (chips, regions, processes, packaging + hbm, fx, export_rules, runs, llms).
**
** The schema is docs/catalog-schema.md ("flopcost.<kind>/1").  Loading is in
** three steps, all in this module, none of which prints or aborts:
**   1-2. fc_json_parse (fc_json.h), the one strict JSON decoder: a strict
**      RFC 8259 scan with line and column for the first error (cJSON alone
**      accepts "01", "1.", duplicate keys and raw newlines in strings), then
**      cJSON builds the tree; nesting <= 64 levels, so neither cJSON nor the
**      validator can exhaust the C stack.
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

#include "fc_json.h"
#define FC_CATALOG_MAX_DEPTH FC_JSON_MAX_DEPTH /* deepest nesting of arrays/objects accepted */
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

/* The "did you mean" suggestions use the one rule of fc_text.h. */

/*
** One power rule per silicon (issue 20): chips the catalog marks as the same
** die ("silicon") draw the same power for the same work, so a chip without a
** measured power curve takes the curve of the first chip of its silicon (in
** catalog order) that has one, and that chip's idle power when it has no idle
** figure of its own (H800 and H100 SXM: one GH100 die, one measured curve).
** For n chips: silicon[i] (NULL or "": none), has_curve[i], has_idle[i]
** (0/1). Out: curve_from[i] and idle_from[i], the index of the chip whose
** curve / idle power chip i uses: i itself for its own figure, -1 for none.
** Errors: FC_EINVAL (a NULL array with n > 0).
*/
int fc_catalog_share_silicon(size_t n, const char *const *silicon, const int *has_curve, const int *has_idle,
                             long *curve_from, long *idle_from);

#endif
