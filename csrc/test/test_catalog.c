/* test_catalog.c -- the catalog scanner, validator and normaliser. */
#include <string.h>
#include "fc.h"
#include "fc_test.h"

static void test_str(const char *got, const char *want, const char *desc) {
  if (got && strcmp(got, want) == 0) {
    fc_test_passed_count++;
  } else {
    fc_test_failed_count++;
    printf("FAIL: %s:\n  got  '%s'\n  want '%s'\n", desc, got ? got : "(null)", want);
  }
}

/* Scans text; checks status, error offset and reason. */
static void scan_case(const char *text, int want_st, size_t want_off, const char *want_why, const char *desc) {
  size_t off = 12345;
  const char *why = NULL;
  char got[32];
  int st = fc_json_scan(text, strlen(text), &off, &why, got);
  fc_test_int(st, want_st, desc);
  if (want_st) {
    fc_test_int((long long)off, (long long)want_off, desc);
    test_str(why, want_why, desc);
  }
}

/* Loads text as file "t.json"; checks status and the message. */
static void load_case(const char *text, int want_st, const char *want_msg, const char *desc) {
  char err[FC_CATALOG_ERRLEN];
  cJSON *doc = NULL;
  int st = fc_catalog_load(text, strlen(text), "t.json", &doc, NULL, err, sizeof err);
  fc_test_int(st, want_st, desc);
  test_str(err, want_msg, desc);
  fc_test_int(doc == NULL, 1, desc);
  cJSON_Delete(doc);
}

#define CHIP(extra) \
  "{\"schema\": \"flopcost.chips/1\", \"as_of\": \"2025\", \"chips\": [" \
  "{\"name\": \"A\", \"vendor\": \"V\", \"peak_tflops\": {\"bf16\": 1}, \"tdp_w\": 1, \"source\": \"s\", \"as_of\": \"2025\"}," \
  "{\"name\": \"B\", \"vendor\": \"V\", \"source\": \"s\", \"as_of\": \"2025\"" extra "}]}"

static void test_line_col(void) {
  int line, col;
  const char *t = "ab\ncd\n\xc3\xa9x";
  /* offset 4 is 'd': line 2, column 2 */
  fc_json_line_col(t, strlen(t), 4, &line, &col);
  fc_test_int(line, 2, "line of 'd'");
  fc_test_int(col, 2, "column of 'd'");
  /* offset 8 is 'x' after the 2-byte 'é': column 2 (characters, not bytes) */
  fc_json_line_col(t, strlen(t), 8, &line, &col);
  fc_test_int(line, 3, "line after two newlines");
  fc_test_int(col, 2, "column counts UTF-8 characters");
  fc_json_line_col(t, strlen(t), 0, &line, &col);
  fc_test_int(line * 100 + col, 101, "offset 0 is 1:1");
  fc_json_line_col(t, strlen(t), 999, &line, &col);
  fc_test_int(line * 100 + col, 303, "offsets past the end clamp to the end");
}

static void test_scan(void) {
  char deep[200];
  int i;
  scan_case("{\"a\": [1, -2.5e3, true, false, null, \"\\u00e9\\ud83d\\ude00\"]}", FC_OK, 0, NULL, "valid JSON");
  scan_case("{\"a\":1,}", FC_EPARSE, 7, "trailing comma before '}'", "trailing comma in object");
  scan_case("[1,2,]", FC_EPARSE, 5, "trailing comma before ']'", "trailing comma in array");
  scan_case("[1,2,", FC_EPARSE, 5, "unexpected end of input", "truncated array");
  scan_case("", FC_EPARSE, 0, "empty file", "empty text");
  scan_case("[01]", FC_EPARSE, 1, "invalid number, leading zero", "leading zero");
  scan_case("[1.]", FC_EPARSE, 1, "invalid number, digit expected after '.'", "bare decimal point");
  scan_case("[1e]", FC_EPARSE, 1, "invalid number, digit expected in the exponent", "empty exponent");
  scan_case("[1e309]", FC_EPARSE, 1, "number out of range, overflows a double", "overflow");
  scan_case("[1.7976931348623157e308]", FC_OK, 0, NULL, "DBL_MAX is accepted");
  scan_case("[\"a\nb\"]", FC_EPARSE, 3, "control character in string, write it as an escape", "raw newline");
  scan_case("[\"\\x\"]", FC_EPARSE, 2, "invalid escape in string", "bad escape");
  scan_case("[\"\\udc00\"]", FC_EPARSE, 2, "invalid \\u escape, lone low surrogate", "lone low surrogate");
  scan_case("[\"\xe0\x80\xaf\"]", FC_EPARSE, 2, "invalid UTF-8 in string", "overlong UTF-8");
  scan_case("[\"\xed\xa0\x80\"]", FC_EPARSE, 2, "invalid UTF-8 in string", "UTF-8 surrogate");
  scan_case("{} []", FC_EPARSE, 3, "text after the end of the JSON value", "two values");
  scan_case("{\"a\" 1}", FC_EPARSE, 5, "':' expected after object key", "missing colon");
  scan_case("[nul]", FC_EPARSE, 1, "invalid literal, true, false or null expected", "bad literal");
  /* 64 nested arrays are accepted, the 65th is not (FC_CATALOG_MAX_DEPTH) */
  for (i = 0; i < 64; i++) { deep[i] = '['; deep[64 + i] = ']'; }
  deep[128] = '\0';
  scan_case(deep, FC_OK, 0, NULL, "64 levels");
  for (i = 0; i < 65; i++) { deep[i] = '['; deep[65 + i] = ']'; }
  deep[130] = '\0';
  scan_case(deep, FC_EPARSE, 64, "nesting deeper than 64 levels", "65 levels");
  fc_test_int(fc_json_scan(NULL, 0, NULL, NULL, NULL), FC_EINVAL, "NULL text");
}

static void test_load_messages(void) {
  /* line 3 is `  "as_of": 2025,,`: 2 spaces, "as_of": in 3-10, 2025 in 12-15,
     ',' at 16 and the second ',' at 17 */
  load_case("{\n  \"schema\": \"flopcost.chips/1\",\n  \"as_of\": 2025,,\n}", FC_EPARSE,
            "t.json:3:17: malformed JSON (object key expected (a string in double quotes), got ',')",
            "line and column of a malformed file");
  load_case(CHIP(", \"peak_tflops\": {\"fp8\": -3}, \"tdp_w\": 700"), FC_EDOM,
            "t.json: chips[1].peak_tflops.fp8: positive number expected, got -3",
            "path into a nested figure");
  load_case(CHIP(", \"peak_tflops\": {\"fp8\": 3}, \"tdp_w\": -700"), FC_EDOM,
            "t.json: chips[1].tdp_w: positive number expected, got -700", "the issue's example");
  load_case(CHIP(", \"peak_tflops\": {\"fp8\": 3}, \"tdp_w\": {\"value\": 700, \"range\": [720, 800]}"), FC_EDOM,
            "t.json: chips[1].tdp_w.range: value 700 outside [720, 800]", "value outside its range");
  load_case(CHIP(", \"peak_tflops\": {\"fp8\": 3}, \"tdp_w\": 7, \"released\": \"2024-02-29\", \"dies\": 0"), FC_EDOM,
            "t.json: chips[1].dies: positive integer expected, got 0", "a leap day passes, 0 dies do not");
  load_case(CHIP(", \"peak_tflops\": {\"fp8\": 3}, \"tdp_w\": 7, \"released\": \"2023-02-29\""), FC_EDOM,
            "t.json: chips[1].released: date YYYY, YYYY-MM or YYYY-MM-DD expected, got '2023-02-29'",
            "29 February 2023 does not exist");
  load_case(CHIP(", \"peak_tflops\": {\"fp8\": 3}, \"tdp_w\": 7, \"aliases\": [\"a\"]"), FC_EDOM,
            "t.json: chips[1].aliases[0]: 'a' is already a name or alias of chips[0]",
            "aliases are unique, ignoring case");
  load_case(CHIP(""), FC_EDOM, "t.json: chips[1]: missing required field 'peak_tflops'", "missing field");
}

static void test_normalise(void) {
  const char *text = CHIP(", \"peak_tflops\": {\"fp8\": {\"value\": 1979, \"source\": \"sheet\"}, \"bf16\": 989.5},"
                          " \"tdp_w\": {\"value\": 700, \"uncertain\": true, \"range\": [600, 750]}");
  char err[FC_CATALOG_ERRLEN];
  cJSON *doc = NULL, *b, *meta, *m;
  int kind = -1;
  int st = fc_catalog_load(text, strlen(text), "t.json", &doc, &kind, err, sizeof err);
  fc_test_int(st, FC_OK, "valid chips file loads");
  fc_test_int(kind, FC_CAT_CHIPS, "kind from the schema");
  test_str(fc_catalog_kind_name(kind), "chips", "kind name");
  if (st) return;
  b = cJSON_GetArrayItem(cJSON_GetObjectItem(doc, "chips"), 1);
  /* figure objects become their values */
  fc_test_rel(cJSON_GetObjectItem(b, "tdp_w")->valuedouble, 700, 0, "tdp_w value");
  fc_test_int(cJSON_IsNumber(cJSON_GetObjectItem(b, "tdp_w")), 1, "tdp_w is a number now");
  fc_test_rel(cJSON_GetObjectItem(cJSON_GetObjectItem(b, "peak_tflops"), "fp8")->valuedouble, 1979, 0, "fp8 value");
  /* and their metadata moves to meta[path], without "value" */
  meta = cJSON_GetObjectItem(b, "meta");
  m = cJSON_GetObjectItem(meta, "tdp_w");
  fc_test_int(cJSON_IsTrue(cJSON_GetObjectItem(m, "uncertain")), 1, "meta.tdp_w.uncertain");
  fc_test_rel(cJSON_GetArrayItem(cJSON_GetObjectItem(m, "range"), 0)->valuedouble, 600, 0, "meta.tdp_w.range[0]");
  fc_test_int(cJSON_GetObjectItem(m, "value") == NULL, 1, "meta has no value");
  test_str(cJSON_GetObjectItem(cJSON_GetObjectItem(meta, "peak_tflops.fp8"), "source")->valuestring, "sheet",
           "meta of a nested figure");
  fc_test_int(cJSON_GetObjectItem(meta, "peak_tflops.bf16") == NULL, 1, "plain numbers have no meta");
  fc_test_int(cJSON_GetObjectItem(cJSON_GetArrayItem(cJSON_GetObjectItem(doc, "chips"), 0), "meta") == NULL, 1,
              "no meta when there is no figure object");
  cJSON_Delete(doc);
}

static void test_entry_and_misc(void) {
  char err[FC_CATALOG_ERRLEN];
  cJSON *e = cJSON_Parse("{\"name\": \"r\", \"country\": \"CN\", \"destination\": \"china\", \"currency\": \"CNY\","
                         " \"electricity_price_per_kwh\": 0.4, \"pue\": 0.95, \"source\": \"s\", \"as_of\": \"2025\"}");
  fc_test_int(fc_catalog_validate_entry("regions", e, "override", NULL, err, sizeof err), FC_EDOM, "PUE < 1");
  test_str(err, "override: pue: number >= 1 expected, got 0.95", "entry message without a path");
  cJSON_ReplaceItemInObject(e, "pue", cJSON_CreateNumber(1.2));
  fc_test_int(fc_catalog_validate_entry("regions", e, "override", NULL, err, sizeof err), FC_OK, "PUE 1.2");
  fc_test_int(fc_catalog_validate_entry("gpus", e, "x", NULL, err, sizeof err), FC_EINVAL, "unknown table");
  test_str(err, "unknown table 'gpus'", "unknown table message");
  cJSON_Delete(e);
  fc_test_int(fc_catalog_load(NULL, 0, "x", NULL, NULL, NULL, 0), FC_EINVAL, "NULL arguments");
  /* the edit distance and the suggestion rule: test_text.c */
}

int main(void) {
  test_line_col();
  test_scan();
  test_load_messages();
  test_normalise();
  test_entry_and_misc();
  return fc_test_summary("catalog");
}
