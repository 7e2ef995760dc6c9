/*
** fc_json.h -- the one JSON decoder of flopcost (catalog files, scenario and
** study files, Monte Carlo states, core.json.decode).
**
**   1. fc_json_scan: a strict RFC 8259 scan of the text: no trailing commas,
**      no leading zeros or "1.", no control characters in strings, valid
**      UTF-8 (RFC 3629 sec. 4), no \u0000 (it would cut a name short: a
**      C string ends there), no number that overflows a double, no
**      duplicate key in an object (RFC 8259 sec. 4: with duplicates,
**      "the behavior of software ... is unpredictable"), no byte order mark
**      (RFC 8259 sec. 8.1: "MUST NOT add a byte order mark"), nesting <= 64.
**      It gives the byte offset and a reason for the first error, so
**      messages carry line and column.
**   2. cJSON_ParseWithLength builds the tree (it cannot fail on scanned text
**      except for lack of memory); the scan stops at FC_JSON_MAX_DEPTH before
**      cJSON's own limit of 1000, so no input can exhaust the C stack.
** Messages: "chips.json:12:5: malformed JSON (duplicate key, got 'tdp_w')".
** cJSON records its last parse error in a global of its own; flopcost never
** reads it (positions come from the scan).
*/
#ifndef FC_JSON_H
#define FC_JSON_H

#include <stddef.h>
#include <cjson/cJSON.h>

#define FC_JSON_MAX_DEPTH 64   /* deepest nesting of arrays/objects accepted */

/*
** Strict scan of text[0..len).  Returns FC_OK, or FC_EPARSE with *off set to
** the byte offset of the error and *why to a static reason ("trailing comma
** before '}'", "duplicate key", ...); `got` (may be NULL, at least 32 bytes)
** receives a printable form of the offending text or "". FC_EINVAL: no text;
** FC_ENOMEM: no memory for the duplicate-key check.
*/
int fc_json_scan(const char *text, size_t len, size_t *off, const char **why, char *got);

/* 1-based line and column of byte offset `off` in text: lines are counted by
   '\n', columns in characters (UTF-8 continuation bytes are not counted). */
void fc_json_line_col(const char *text, size_t len, size_t off, int *line, int *col);

/* Scan, then parse into *out (cJSON_Delete it). `name` prefixes messages
   written to err[errlen]. Errors: FC_EPARSE, FC_ENOMEM, FC_EINVAL. */
int fc_json_parse(const char *text, size_t len, const char *name, cJSON **out, char *err, size_t errlen);

#endif
