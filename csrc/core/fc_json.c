/*
** fc_json.c -- the one JSON decoder of flopcost: a strict scan (RFC 8259)
** with error positions, then cJSON builds the tree.  See fc_json.h.
**
** The scan is iterative: an explicit stack of open containers (at most
** FC_JSON_MAX_DEPTH) replaces recursion, so no input can exhaust the C
** stack.  Grammar: RFC 8259 sections 2-7 (value, object, array, number,
** string); UTF-8 per RFC 3629 section 4 (no overlongs, no surrogates,
** nothing above U+10FFFF).
*/
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "fc_status.h"
#include "fc_json.h"

/* What the scanner expects next. */
enum {
  S_VALUE,        /* a value (top level or after ':') */
  S_ELEM_OR_END,  /* after '[': a value or ']' */
  S_ELEM,         /* after ',' in an array: a value */
  S_KEY_OR_END,   /* after '{': a key or '}' */
  S_KEY,          /* after ',' in an object: a key */
  S_COLON,        /* after a key */
  S_AFTER         /* after a value */
};

/* An object key seen by the scan: its raw text (between the quotes) and
   the depth of its object. */
typedef struct {
  size_t start, len;
  int depth;
} key_ref;

typedef struct {
  const unsigned char *s;
  size_t len, i;
  const char *why;
  char *got;
  key_ref *keys;     /* keys of the open objects, innermost last */
  size_t nkeys, capkeys;
} scanner;

static int fail(scanner *sc, size_t at, const char *why) {
  sc->i = at;
  sc->why = why;
  return FC_EPARSE;
}

/* Out of memory is no parse error: FC_ENOMEM, so callers do not report the
   text as malformed (found by csrc/test/test_alloc.c). */
static int out_of_memory(scanner *sc, size_t at) {
  sc->i = at;
  sc->why = "out of memory";
  return FC_ENOMEM;
}

/* A printable form of the byte at i: 'x', or "byte 0xNN", or "end of input". */
static void describe(scanner *sc, size_t i) {
  if (!sc->got) return;
  if (i >= sc->len) snprintf(sc->got, 32, "end of input");
  else if (sc->s[i] >= 0x20 && sc->s[i] < 0x7f) snprintf(sc->got, 32, "'%c'", sc->s[i]);
  else snprintf(sc->got, 32, "byte 0x%02X", sc->s[i]);
}

static int is_ws(unsigned char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
static int is_digit(unsigned char c) { return c >= '0' && c <= '9'; }
static int hexval(unsigned char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

/* Length of the valid UTF-8 sequence starting at i, or 0 (RFC 3629 sec. 4). */
static size_t utf8_len(const unsigned char *s, size_t len, size_t i) {
  unsigned char c = s[i], lo = 0x80, hi = 0xBF;
  size_t n, k;
  if (c < 0x80) return 1;
  if (c >= 0xC2 && c <= 0xDF) n = 2;
  else if (c >= 0xE0 && c <= 0xEF) {
    n = 3;
    if (c == 0xE0) lo = 0xA0;      /* overlong */
    if (c == 0xED) hi = 0x9F;      /* surrogates */
  } else if (c >= 0xF0 && c <= 0xF4) {
    n = 4;
    if (c == 0xF0) lo = 0x90;      /* overlong */
    if (c == 0xF4) hi = 0x8F;      /* above U+10FFFF */
  } else return 0;
  if (i + n > len) return 0;
  for (k = 1; k < n; k++) {
    unsigned char b = s[i + k];
    if (k == 1 ? (b < lo || b > hi) : (b < 0x80 || b > 0xBF)) return 0;
  }
  return n;
}

/* Reads 4 hex digits at i; returns the code unit or -1. */
static long hex4(scanner *sc, size_t i) {
  long v = 0;
  size_t k;
  if (i + 4 > sc->len) return -1;
  for (k = 0; k < 4; k++) {
    int h = hexval(sc->s[i + k]);
    if (h < 0) return -1;
    v = v * 16 + h;
  }
  return v;
}

/* String starting at the opening quote sc->i; leaves sc->i after the closing quote. */
static int scan_string(scanner *sc) {
  size_t i = sc->i + 1;
  for (;;) {
    unsigned char c;
    if (i >= sc->len) return fail(sc, sc->i, "unterminated string");
    c = sc->s[i];
    if (c == '"') break;
    if (c < 0x20) return fail(sc, i, "control character in string, write it as an escape");
    if (c == '\\') {
      unsigned char e = i + 1 < sc->len ? sc->s[i + 1] : 0;
      if (e == 'u') {
        long u = hex4(sc, i + 2);
        if (u < 0) return fail(sc, i, "invalid \\u escape, 4 hex digits expected");
        if (u >= 0xDC00 && u <= 0xDFFF) return fail(sc, i, "invalid \\u escape, lone low surrogate");
        if (u >= 0xD800 && u <= 0xDBFF) {
          long lo = (i + 7 < sc->len && sc->s[i + 6] == '\\' && sc->s[i + 7] == 'u') ? hex4(sc, i + 8) : -1;
          if (lo < 0xDC00 || lo > 0xDFFF)
            return fail(sc, i, "invalid \\u escape, high surrogate without a low surrogate");
          i += 6;
        }
        if (u == 0) return fail(sc, i, "invalid \\u escape, \\u0000 is not allowed");
        i += 6;
      } else if (e && strchr("\"\\/bfnrt", e)) {
        i += 2;
      } else {
        return fail(sc, i, "invalid escape in string");
      }
    } else {
      size_t n = utf8_len(sc->s, sc->len, i);
      if (n == 0) return fail(sc, i, "invalid UTF-8 in string");
      i += n;
    }
  }
  sc->i = i + 1;
  return FC_OK;
}

/* Number at sc->i (RFC 8259 sec. 6); rejects values that overflow a double. */
static int scan_number(scanner *sc) {
  size_t i = sc->i, start = sc->i, n;
  char buf[64];
  char *end;
  double x;
  const char *dp;
  if (sc->s[i] == '-') i++;
  if (i >= sc->len || !is_digit(sc->s[i])) return fail(sc, start, "invalid number, digit expected after '-'");
  if (sc->s[i] == '0' && i + 1 < sc->len && is_digit(sc->s[i + 1]))
    return fail(sc, start, "invalid number, leading zero");
  while (i < sc->len && is_digit(sc->s[i])) i++;
  if (i < sc->len && sc->s[i] == '.') {
    i++;
    if (i >= sc->len || !is_digit(sc->s[i])) return fail(sc, start, "invalid number, digit expected after '.'");
    while (i < sc->len && is_digit(sc->s[i])) i++;
  }
  if (i < sc->len && (sc->s[i] == 'e' || sc->s[i] == 'E')) {
    i++;
    if (i < sc->len && (sc->s[i] == '+' || sc->s[i] == '-')) i++;
    if (i >= sc->len || !is_digit(sc->s[i])) return fail(sc, start, "invalid number, digit expected in the exponent");
    while (i < sc->len && is_digit(sc->s[i])) i++;
  }
  n = i - start;
  if (n >= sizeof buf) return fail(sc, start, "invalid number, more than 63 characters");
  memcpy(buf, sc->s + start, n);
  buf[n] = '\0';
  /* strtod reads the locale's decimal point, as cJSON does when it parses */
  dp = localeconv()->decimal_point;
  if (dp && dp[0] && dp[0] != '.') {
    char *p = strchr(buf, '.');
    if (p) *p = dp[0];
  }
  x = strtod(buf, &end);
  if (isinf(x)) return fail(sc, start, "number out of range, overflows a double");
  sc->i = i;
  return FC_OK;
}

/* true, false or null at sc->i */
static int scan_literal(scanner *sc) {
  static const char *const lits[] = {"true", "false", "null"};
  size_t k;
  for (k = 0; k < 3; k++) {
    size_t n = strlen(lits[k]);
    if (sc->s[sc->i] == (unsigned char)lits[k][0]) {
      if (sc->i + n <= sc->len && memcmp(sc->s + sc->i, lits[k], n) == 0) {
        sc->i += n;
        return FC_OK;
      }
      return fail(sc, sc->i, "invalid literal, true, false or null expected");
    }
  }
  return FC_EINVAL; /* not reached: called only on 't', 'f', 'n' */
}

/* Remembers the key just scanned (from the quote at `start` to sc->i). */
static int push_key(scanner *sc, size_t start, int depth) {
  if (sc->nkeys == sc->capkeys) {
    size_t cap = sc->capkeys ? 2 * sc->capkeys : 64;
    key_ref *k = (key_ref *)realloc(sc->keys, cap * sizeof *k);
    if (!k) return out_of_memory(sc, start);
    sc->keys = k;
    sc->capkeys = cap;
  }
  sc->keys[sc->nkeys].start = start + 1;
  sc->keys[sc->nkeys].len = sc->i - start - 2;
  sc->keys[sc->nkeys].depth = depth;
  sc->nkeys++;
  return FC_OK;
}

static int key_cmp(const key_ref *a, const key_ref *b, const unsigned char *s) {
  size_t n = a->len < b->len ? a->len : b->len;
  int c = memcmp(s + a->start, s + b->start, n);
  return c ? c : (a->len > b->len) - (a->len < b->len);
}

/* Sorts keys[lo..hi) by text, then position (merge sort: no globals). */
static void sort_keys(key_ref *k, key_ref *tmp, size_t n, const unsigned char *s) {
  size_t h = n / 2, i = 0, j = h, o = 0;
  if (n < 2) return;
  sort_keys(k, tmp, h, s);
  sort_keys(k + h, tmp, n - h, s);
  while (i < h && j < n) {
    int c = key_cmp(&k[i], &k[j], s);
    tmp[o++] = (c < 0 || (c == 0 && k[i].start < k[j].start)) ? k[i++] : k[j++];
  }
  while (i < h) tmp[o++] = k[i++];
  while (j < n) tmp[o++] = k[j++];
  memcpy(k, tmp, n * sizeof *k);
}

/* The object at `depth` closes: its keys must be distinct (RFC 8259 sec. 4
   says names SHOULD be unique; a duplicate silently took the last value). */
static int close_object(scanner *sc, int depth) {
  size_t first = sc->nkeys, n, i, dup = 0;
  key_ref *tmp;
  int found = 0;
  while (first > 0 && sc->keys[first - 1].depth == depth) first--;
  n = sc->nkeys - first;
  if (n > 1) {
    tmp = (key_ref *)malloc(n * sizeof *tmp);
    if (!tmp) return out_of_memory(sc, sc->i);
    sort_keys(sc->keys + first, tmp, n, sc->s);
    free(tmp);
    for (i = first + 1; i < sc->nkeys; i++)
      if (key_cmp(&sc->keys[i - 1], &sc->keys[i], sc->s) == 0 && (!found || sc->keys[i].start < dup)) {
        dup = sc->keys[i].start; /* the later of the two: sorted by position within equal keys */
        found = 1;
      }
  }
  sc->nkeys = first;
  if (found) {
    if (sc->got) {
      size_t len = 0;
      while (dup + len < sc->len && sc->s[dup + len] != '"' && len < 24) len++;
      snprintf(sc->got, 32, "'%.*s'", (int)len, (const char *)sc->s + dup);
    }
    return fail(sc, dup - 1, "duplicate key");
  }
  return FC_OK;
}

int fc_json_scan(const char *text, size_t len, size_t *off, const char **why, char *got) {
  char stack[FC_JSON_MAX_DEPTH];
  int depth = 0, state = S_VALUE, st;
  scanner sc;
  sc.s = (const unsigned char *)text;
  sc.len = len;
  sc.i = 0;
  sc.why = NULL;
  sc.got = got;
  sc.keys = NULL;
  sc.nkeys = sc.capkeys = 0;
  if (got) got[0] = '\0';
  if (!text) return FC_EINVAL;
  if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) {
    if (off) *off = 0;
    if (why) *why = "byte order mark at the start (save as UTF-8 without BOM)";
    return FC_EPARSE;
  }
  for (;;) {
    unsigned char c;
    while (sc.i < sc.len && is_ws(sc.s[sc.i])) sc.i++;
    if (sc.i >= sc.len) {
      if (state == S_AFTER && depth == 0) { free(sc.keys); return FC_OK; }
      st = fail(&sc, sc.len, state == S_VALUE && depth == 0 ? "empty file" : "unexpected end of input");
      break;
    }
    c = sc.s[sc.i];
    st = FC_OK;
    switch (state) {
      case S_VALUE: case S_ELEM_OR_END: case S_ELEM:
        if (c == ']' && state == S_ELEM_OR_END) {
          depth--; sc.i++; state = S_AFTER;
        } else if (c == ']' && state == S_ELEM) {
          st = fail(&sc, sc.i, "trailing comma before ']'");
        } else if (c == '{' || c == '[') {
          if (depth == FC_JSON_MAX_DEPTH) {
            st = fail(&sc, sc.i, "nesting deeper than 64 levels");
            break;
          }
          stack[depth++] = (char)c;
          sc.i++;
          state = c == '{' ? S_KEY_OR_END : S_ELEM_OR_END;
        } else if (c == '"') {
          st = scan_string(&sc); state = S_AFTER;
        } else if (c == '-' || is_digit(c)) {
          st = scan_number(&sc); state = S_AFTER;
        } else if (c == 't' || c == 'f' || c == 'n') {
          st = scan_literal(&sc); state = S_AFTER;
        } else {
          describe(&sc, sc.i);
          st = fail(&sc, sc.i, "value expected");
        }
        break;
      case S_KEY_OR_END: case S_KEY:
        if (c == '"') {
          size_t at = sc.i;
          st = scan_string(&sc);
          if (!st) st = push_key(&sc, at, depth);
          state = S_COLON;
        } else if (c == '}' && state == S_KEY_OR_END) {
          if ((st = close_object(&sc, depth)) == FC_OK) { depth--; sc.i++; state = S_AFTER; }
        } else if (c == '}') {
          st = fail(&sc, sc.i, "trailing comma before '}'");
        } else {
          describe(&sc, sc.i);
          st = fail(&sc, sc.i, "object key expected (a string in double quotes)");
        }
        break;
      case S_COLON:
        if (c == ':') { sc.i++; state = S_VALUE; }
        else { describe(&sc, sc.i); st = fail(&sc, sc.i, "':' expected after object key"); }
        break;
      default: /* S_AFTER */
        if (depth == 0) {
          describe(&sc, sc.i);
          st = fail(&sc, sc.i, "text after the end of the JSON value");
        } else if (stack[depth - 1] == '{') {
          if (c == ',') { sc.i++; state = S_KEY; }
          else if (c == '}') {
            if ((st = close_object(&sc, depth)) == FC_OK) { depth--; sc.i++; state = S_AFTER; }
          }
          else { describe(&sc, sc.i); st = fail(&sc, sc.i, "',' or '}' expected"); }
        } else {
          if (c == ',') { sc.i++; state = S_ELEM; }
          else if (c == ']') { depth--; sc.i++; state = S_AFTER; }
          else { describe(&sc, sc.i); st = fail(&sc, sc.i, "',' or ']' expected"); }
        }
        break;
    }
    if (st) break;
  }
  free(sc.keys);
  if (off) *off = sc.i;
  if (why) *why = sc.why;
  return st;
}

void fc_json_line_col(const char *text, size_t len, size_t off, int *line, int *col) {
  int ln = 1, cl = 1;
  size_t i;
  if (off > len) off = len;
  for (i = 0; text && i < off; i++) {
    unsigned char c = (unsigned char)text[i];
    if (c == '\n') { ln++; cl = 1; }
    else if ((c & 0xC0) != 0x80) cl++;
  }
  if (line) *line = ln;
  if (col) *col = cl;
}

int fc_json_parse(const char *text, size_t len, const char *name, cJSON **out, char *err, size_t errlen) {
  const char *why = NULL;
  char got[32];
  size_t off = 0;
  int st;
  if (out) *out = NULL;
  if (err && errlen) err[0] = '\0';
  if (!text || !out) return FC_EINVAL;
  if (!name) name = "JSON";
  st = fc_json_scan(text, len, &off, &why, got);
  if (st == FC_EPARSE) {
    int line, col;
    fc_json_line_col(text, len, off, &line, &col);
    if (err && errlen) {
      if (got[0]) snprintf(err, errlen, "%s:%d:%d: malformed JSON (%s, got %s)", name, line, col, why, got);
      else snprintf(err, errlen, "%s:%d:%d: malformed JSON (%s)", name, line, col, why);
    }
    return FC_EPARSE;
  }
  if (st) return st;
  *out = cJSON_ParseWithLength(text, len);
  if (!*out) {
    /* the scan accepted the text, so cJSON can only have run out of memory */
    if (err && errlen) snprintf(err, errlen, "%s: out of memory while parsing", name);
    return FC_ENOMEM;
  }
  return FC_OK;
}
