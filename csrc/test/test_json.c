/* test_json.c -- the one strict JSON decoder (fc_json.h): each rule of the
   scan with the byte offset and reason RFC 8259 leads to, line and column,
   and the parse into cJSON; one function per case. */
#include <string.h>
#include <cJSON.h>
#include "fc.h"
#include "fc_json.h"
#include "fc_test.h"

/* Scans s; checks the status, and for an error the offset and that the reason contains `why`. */
static void scan(const char *s, int want, size_t want_off, const char *why, const char *desc) {
  size_t off = 999;
  const char *reason = NULL;
  char got[64];
  int st = fc_json_scan(s, strlen(s), &off, &reason, got);
  fc_test_int(st, want, desc);
  if (want != FC_OK) {
    fc_test_int((long long)off, (long long)want_off, desc);
    fc_test_int(reason && strstr(reason, why) != NULL, 1, desc);
    if (!(reason && strstr(reason, why))) printf("  reason: %s\n", reason ? reason : "(null)");
  }
}

static void test_scan_accepts(void) {
  scan("{\"a\": [1, 2.5e3, -0.5, true, false, null, \"x\\u00e9\"]}", FC_OK, 0, "", "a valid document");
  scan("  \"\xc3\xa9\"  ", FC_OK, 0, "", "a UTF-8 string");
}

static void test_scan_rejects(void) {
  scan("[1,]", FC_EPARSE, 3, "trailing comma", "trailing comma in an array");
  scan("{\"a\":1,\"a\":2}", FC_EPARSE, 7, "duplicate key", "duplicate key (RFC 8259 sec. 4)");
  scan("[01]", FC_EPARSE, 1, "leading zero", "leading zero");
  scan("\xef\xbb\xbf{}", FC_EPARSE, 0, "byte order mark", "a BOM (RFC 8259 sec. 8.1)");
  scan("[\"\\u0000\"]", FC_EPARSE, 2, "", "\\u0000 in a string (at its backslash, offset 2)");
  scan("[\"\xff\"]", FC_EPARSE, 2, "UTF-8", "an invalid UTF-8 byte");
  scan("[1e999]", FC_EPARSE, 1, "", "a number that overflows a double");
  fc_test_int(fc_json_scan(NULL, 0, NULL, NULL, NULL), FC_EINVAL, "no text");
}

static void test_depth(void) {
  char deep[200];
  memset(deep, '[', 100);
  memset(deep + 100, ']', 100);
  {
    size_t off = 0;
    const char *why = NULL;
    fc_test_int(fc_json_scan(deep, 200, &off, &why, NULL), FC_EPARSE, "nesting 100 > 64");
    fc_test_int((long long)off, 64, "stops at the 65th bracket");
  }
}

static void test_line_col(void) {
  /* "{\n  \"a\": é,\n" : offset 9 is the é's first byte, line 2, column 8; the byte after it
     (offset 11) is column 9: continuation bytes are not counted */
  const char *t = "{\n  \"a\": \xc3\xa9,\n";
  int line = 0, col = 0;
  fc_json_line_col(t, strlen(t), 9, &line, &col);
  fc_test_int(line, 2, "line 2");
  fc_test_int(col, 8, "column 8");
  fc_json_line_col(t, strlen(t), 11, &line, &col);
  fc_test_int(col, 9, "one column for a two-byte character");
}

static void test_parse(void) {
  cJSON *j = NULL;
  char err[128];
  const char *ok = "{\"tdp_w\": 700}", *bad = "{\n  \"tdp_w\": 700,\n}";
  fc_test_int(fc_json_parse(ok, strlen(ok), "chips.json", &j, err, sizeof err), FC_OK, "parse status");
  fc_test_rel(cJSON_GetObjectItem(j, "tdp_w")->valuedouble, 700, 0, "the value");
  cJSON_Delete(j);
  j = NULL;
  fc_test_int(fc_json_parse(bad, strlen(bad), "chips.json", &j, err, sizeof err), FC_EPARSE, "trailing comma");
  fc_test_int(j == NULL, 1, "no tree on error");
  /* the '}' the comma stands before: line 3, column 1 */
  fc_test_int(strcmp(err, "chips.json:3:1: malformed JSON (trailing comma before '}')") == 0, 1,
              "file:line:col and the reason in the message");
  if (strcmp(err, "chips.json:3:1: malformed JSON (trailing comma before '}')") != 0) printf("  got: %s\n", err);
}

int main(void) {
  test_scan_accepts();
  test_scan_rejects();
  test_depth();
  test_line_col();
  test_parse();
  return fc_test_summary("json");
}
