/*
** fc_catalog_check.c -- the checks of catalog values against the schema
** (docs/catalog-schema.md): messages with the JSON path, scalar checks
** (numbers in a domain, names, dates, codes, enums), objects (keys, figures
** with their provenance, power curves, peak tables) and the rule fields of
** export classes, licences, premiums and price or rental observations; one
** field of an entry by its schema type (fc_cat_check_field). Entries, tables,
** files and normalisation: fc_catalog.c. Internal: fc_catalog_check.h.
*/
#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "fc_status.h"
#include "fc_catalog.h"
#include "fc_catalog_check.h"
#include "fc_text.h"
#include "fc_rental.h"
#include "fc_export.h"
#include "fc_scenario.h"

/* {====================================================================
** Messages and paths
** ===================================================================== */

int fc_cat_verr(fc_cat_vctx *c, const char *fmt, ...) {
  char msg[FC_CATALOG_ERRLEN];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  if (c->err && c->errlen) {
    if (c->plen) snprintf(c->err, c->errlen, "%s: %s: %s", c->file, c->path, msg);
    else snprintf(c->err, c->errlen, "%s: %s", c->file, msg);
  }
  return FC_EDOM;
}

size_t fc_cat_push_key(fc_cat_vctx *c, const char *key) {
  size_t old = c->plen;
  int n = snprintf(c->path + c->plen, FC_CAT_PATHLEN - c->plen, "%s%s", c->plen ? "." : "", key);
  if (n > 0) c->plen += (size_t)n;
  if (c->plen >= FC_CAT_PATHLEN) c->plen = FC_CAT_PATHLEN - 1;
  return old;
}

size_t fc_cat_push_index(fc_cat_vctx *c, int i) {
  size_t old = c->plen;
  int n = snprintf(c->path + c->plen, FC_CAT_PATHLEN - c->plen, "[%d]", i);
  if (n > 0) c->plen += (size_t)n;
  if (c->plen >= FC_CAT_PATHLEN) c->plen = FC_CAT_PATHLEN - 1;
  return old;
}

void fc_cat_pop(fc_cat_vctx *c, size_t old) {
  c->plen = old;
  c->path[old] = '\0';
}

/* Printable form of a JSON value for "got ..." (lfc_util.c's convention:
   numbers %.14g, strings quoted, other values by their type). */
static const char *got(const cJSON *v, char *buf, size_t n) {
  if (cJSON_IsNumber(v)) {
    double x = v->valuedouble;
    if (isnan(x)) snprintf(buf, n, "nan");
    else if (isinf(x)) snprintf(buf, n, x > 0 ? "inf" : "-inf");
    else snprintf(buf, n, "%.14g", x);
  } else if (cJSON_IsString(v)) {
    const char *s = v->valuestring;
    if (strlen(s) > 40) snprintf(buf, n, "'%.37s...'", s);
    else snprintf(buf, n, "'%s'", s);
  } else if (cJSON_IsTrue(v)) snprintf(buf, n, "true");
  else if (cJSON_IsFalse(v)) snprintf(buf, n, "false");
  else if (cJSON_IsNull(v)) snprintf(buf, n, "null");
  else if (cJSON_IsArray(v)) snprintf(buf, n, "array");
  else snprintf(buf, n, "object");
  return buf;
}

int fc_cat_expected(fc_cat_vctx *c, const char *what, const cJSON *v) {
  char b[64];
  return fc_cat_verr(c, "%s expected, got %s", what, got(v, b, sizeof b));
}

/* }==================================================================== */

/* {====================================================================
** Names and suggestions
** ===================================================================== */

/* " (did you mean 'x'?)" or "" */
const char *fc_cat_suggest(const char *s, const char *const *names, char *buf, size_t n) {
  const char *near = fc_text_suggest(s, names);
  if (near) snprintf(buf, n, " (did you mean '%s'?)", near);
  else buf[0] = '\0';
  return buf;
}

static int in_list(const char *s, const char *const *names) {
  size_t k;
  for (k = 0; names[k]; k++)
    if (strcmp(s, names[k]) == 0) return 1;
  return 0;
}

/* }==================================================================== */

/* {====================================================================
** Scalar checks
** ===================================================================== */

/* Numbers are checked against the core's domains (fc_scenario.h: one rule
   and one text per domain, shared with the scenario and the binding). */
static const char *check_what(int k) { return fc_scenario_domain_text(k); }
static int check_ok(double x, int k) { return fc_scenario_domain_ok(k, x); }

static int check_number(fc_cat_vctx *c, const cJSON *v, int k) {
  if (!cJSON_IsNumber(v) || !check_ok(v->valuedouble, k)) return fc_cat_expected(c, check_what(k), v);
  return FC_OK;
}

/* k is an integral domain (POSINT, NONNEG_INT, YEAR); integers also stay
   within 2^53, where doubles still count by ones */
static int check_int(fc_cat_vctx *c, const cJSON *v, int k) {
  if (!cJSON_IsNumber(v) || !check_ok(v->valuedouble, k) || v->valuedouble != floor(v->valuedouble) ||
      fabs(v->valuedouble) > 9007199254740992.0)
    return fc_cat_expected(c, check_what(k), v);
  return FC_OK;
}

/* A string with something in it: blank text (spaces only) is no citation or
   name (tools/check_regions.py's rule, kept when that copy was deleted). */
int fc_cat_check_string(fc_cat_vctx *c, const cJSON *v) {
  const char *s;
  if (!cJSON_IsString(v)) return fc_cat_expected(c, "non-empty string", v);
  for (s = v->valuestring; *s && isspace((unsigned char)*s); s++) {}
  if (*s == '\0') return fc_cat_expected(c, "non-empty string", v);
  return FC_OK;
}

static int check_name(fc_cat_vctx *c, const cJSON *v) {
  const char *s;
  size_t n;
  if (!cJSON_IsString(v)) return fc_cat_expected(c, "name (ASCII, no spaces)", v);
  s = v->valuestring;
  n = strlen(s);
  if (n == 0 || n > 64) return fc_cat_expected(c, "name (ASCII, no spaces, 1-64 characters)", v);
  for (; *s; s++)
    if ((unsigned char)*s <= 0x20 || (unsigned char)*s >= 0x7f)
      return fc_cat_expected(c, "name (ASCII, no spaces)", v);
  return FC_OK;
}

/* 1 if s is "YYYY", "YYYY-MM" or "YYYY-MM-DD" naming a real date. */
static int valid_date(const char *s) {
  static const int mdays[12] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  size_t n = strlen(s), k;
  int y, m, d;
  if (n != 4 && n != 7 && n != 10) return 0;
  for (k = 0; k < n; k++) {
    if (k == 4 || k == 7) { if (s[k] != '-') return 0; }
    else if (!isdigit((unsigned char)s[k])) return 0;
  }
  y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
  if (y < 1900) return 0;
  if (n == 4) return 1;
  m = (s[5] - '0') * 10 + (s[6] - '0');
  if (m < 1 || m > 12) return 0;
  if (n == 7) return 1;
  d = (s[8] - '0') * 10 + (s[9] - '0');
  if (d < 1 || d > mdays[m - 1]) return 0;
  if (m == 2 && d == 29 && !((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)) return 0;
  return 1;
}

int fc_cat_check_date(fc_cat_vctx *c, const cJSON *v) {
  if (!cJSON_IsString(v) || !valid_date(v->valuestring))
    return fc_cat_expected(c, "date YYYY, YYYY-MM or YYYY-MM-DD", v);
  return FC_OK;
}

static int check_code(fc_cat_vctx *c, const cJSON *v, size_t n, const char *what) {
  size_t k;
  if (!cJSON_IsString(v) || strlen(v->valuestring) != n) return fc_cat_expected(c, what, v);
  for (k = 0; k < n; k++)
    if (v->valuestring[k] < 'A' || v->valuestring[k] > 'Z') return fc_cat_expected(c, what, v);
  return FC_OK;
}

static int check_enum(fc_cat_vctx *c, const cJSON *v, const char *const *opts) {
  char what[160], sug[96];
  size_t k, n = 0;
  if (cJSON_IsString(v) && in_list(v->valuestring, opts)) return FC_OK;
  what[0] = '\0';
  for (k = 0; opts[k] && n < sizeof what; k++) {
    int w = snprintf(what + n, sizeof what - n, "%s'%s'", k ? ", " : "one of ", opts[k]);
    if (w > 0) n += (size_t)w;
  }
  if (cJSON_IsString(v)) {
    char b[64];
    return fc_cat_verr(c, "%s expected, got %s%s", what, got(v, b, sizeof b),
                fc_cat_suggest(v->valuestring, opts, sug, sizeof sug));
  }
  return fc_cat_expected(c, what, v);
}

/* }==================================================================== */

/* {====================================================================
** Objects: keys, figures and the composite fields
** ===================================================================== */

/* Rejects keys not in `known` (keys starting with '_' are comments); `known`
   NULL: any key is allowed. Duplicate keys never get here: the decoder
   (fc_json.c) refuses them with their line and column, and Lua tables have none. */
int fc_cat_check_keys(fc_cat_vctx *c, const cJSON *obj, const char *const *known) {
  const cJSON *a;
  for (a = obj->child; a; a = a->next) {
    char sug[96];
    if (known && a->string[0] != '_' && !in_list(a->string, known)) {
      size_t old = fc_cat_push_key(c, a->string);
      int st = fc_cat_verr(c, "unknown field%s", fc_cat_suggest(a->string, known, sug, sizeof sug));
      fc_cat_pop(c, old);
      return st;
    }
  }
  return FC_OK;
}

static const char *const figure_keys[] = {"value", "source", "as_of", "uncertain", "range", "note", NULL};

/* Checks obj[key], when present, with `check` under the path ...key. */
static int check_optional(fc_cat_vctx *c, const cJSON *obj, const char *key,
                          int (*check)(fc_cat_vctx *, const cJSON *)) {
  const cJSON *x = cJSON_GetObjectItemCaseSensitive(obj, key);
  size_t old;
  int st;
  if (!x) return FC_OK;
  old = fc_cat_push_key(c, key);
  st = check(c, x);
  fc_cat_pop(c, old);
  return st;
}

/* The optional provenance of a figure or a curve: source, note, as_of. */
static int check_provenance(fc_cat_vctx *c, const cJSON *v) {
  int st;
  if ((st = check_optional(c, v, "source", fc_cat_check_string))) return st;
  if ((st = check_optional(c, v, "note", fc_cat_check_string))) return st;
  return check_optional(c, v, "as_of", fc_cat_check_date);
}

/* A figure: a number, or {"value": v, "source", "as_of", "uncertain", "range": [lo, hi], "note"}. */
static int check_figure(fc_cat_vctx *c, const cJSON *v, int k) {
  const cJSON *val, *x, *range;
  size_t old;
  int st;
  if (cJSON_IsNumber(v)) return check_number(c, v, k);
  if (!cJSON_IsObject(v)) {
    char what[64];
    snprintf(what, sizeof what, "%s or figure object", check_what(k));
    return fc_cat_expected(c, what, v);
  }
  if ((st = fc_cat_check_keys(c, v, figure_keys))) return st;
  val = cJSON_GetObjectItemCaseSensitive(v, "value");
  if (!val) return fc_cat_verr(c, "missing required field 'value'");
  old = fc_cat_push_key(c, "value");
  st = check_number(c, val, k);
  fc_cat_pop(c, old);
  if (st) return st;
  if ((st = check_provenance(c, v))) return st;
  x = cJSON_GetObjectItemCaseSensitive(v, "uncertain");
  if (x && !cJSON_IsBool(x)) {
    old = fc_cat_push_key(c, "uncertain");
    st = fc_cat_expected(c, "true or false", x);
    fc_cat_pop(c, old);
    return st;
  }
  range = cJSON_GetObjectItemCaseSensitive(v, "range");
  if (!range) {
    if (cJSON_IsTrue(x)) return fc_cat_verr(c, "an uncertain figure needs a range [low, high]");
    return FC_OK;
  }
  old = fc_cat_push_key(c, "range");
  if (!cJSON_IsArray(range) || cJSON_GetArraySize(range) != 2) {
    st = fc_cat_expected(c, "[low, high]", range);
  } else {
    const cJSON *lo = range->child, *hi = range->child->next;
    size_t o2 = fc_cat_push_index(c, 0);
    st = check_number(c, lo, k);
    fc_cat_pop(c, o2);
    if (!st) {
      o2 = fc_cat_push_index(c, 1);
      st = check_number(c, hi, k);
      fc_cat_pop(c, o2);
    }
    if (!st && lo->valuedouble > hi->valuedouble)
      st = fc_cat_verr(c, "low (%.14g) above high (%.14g)", lo->valuedouble, hi->valuedouble);
    if (!st && (val->valuedouble < lo->valuedouble || val->valuedouble > hi->valuedouble))
      st = fc_cat_verr(c, "value %.14g outside [%.14g, %.14g]", val->valuedouble, lo->valuedouble,
                hi->valuedouble);
  }
  fc_cat_pop(c, old);
  return st;
}

static int check_peak(fc_cat_vctx *c, const cJSON *v) {
  const cJSON *p;
  int st;
  if (!cJSON_IsObject(v)) return fc_cat_expected(c, "object of precision -> TFLOP/s", v);
  if ((st = fc_cat_check_keys(c, v, fc_precision_names))) return st;
  if (!v->child) return fc_cat_verr(c, "at least one precision expected");
  for (p = v->child; p; p = p->next) {
    size_t old;
    if (p->string[0] == '_') continue;
    old = fc_cat_push_key(c, p->string);
    st = check_figure(c, p, FC_DOMAIN_POS);
    fc_cat_pop(c, old);
    if (st) return st;
  }
  return FC_OK;
}

static int check_number_array(fc_cat_vctx *c, const cJSON *arr, int k, int increasing) {
  const cJSON *x, *prev = NULL;
  int i = 0;
  if (!cJSON_IsArray(arr)) return fc_cat_expected(c, "array of numbers", arr);
  for (x = arr->child; x; x = x->next, i++) {
    size_t old = fc_cat_push_index(c, i);
    int st = check_number(c, x, k);
    if (!st && increasing && prev && x->valuedouble <= prev->valuedouble)
      st = fc_cat_verr(c, "values must increase strictly, got %.14g after %.14g", x->valuedouble,
                prev->valuedouble);
    fc_cat_pop(c, old);
    if (st) return st;
    prev = x;
  }
  return FC_OK;
}

static int check_curve(fc_cat_vctx *c, const cJSON *v) {
  static const char *const keys[] = {"utilization", "power_w", "source", "as_of", "note", NULL};
  const cJSON *u, *p;
  size_t old;
  int st;
  if (!cJSON_IsObject(v)) return fc_cat_expected(c, "object {utilization, power_w}", v);
  if ((st = fc_cat_check_keys(c, v, keys))) return st;
  u = cJSON_GetObjectItemCaseSensitive(v, "utilization");
  p = cJSON_GetObjectItemCaseSensitive(v, "power_w");
  if (!u) return fc_cat_verr(c, "missing required field 'utilization'");
  if (!p) return fc_cat_verr(c, "missing required field 'power_w'");
  old = fc_cat_push_key(c, "utilization");
  st = check_number_array(c, u, FC_DOMAIN_FRAC, 1);
  fc_cat_pop(c, old);
  if (st) return st;
  old = fc_cat_push_key(c, "power_w");
  st = check_number_array(c, p, FC_DOMAIN_NONNEG, 0);
  fc_cat_pop(c, old);
  if (st) return st;
  if (cJSON_GetArraySize(u) < 2) return fc_cat_verr(c, "at least 2 points expected");
  if (cJSON_GetArraySize(u) != cJSON_GetArraySize(p))
    return fc_cat_verr(c, "utilization and power_w differ in length (%d and %d)", cJSON_GetArraySize(u),
                cJSON_GetArraySize(p));
  return check_provenance(c, v);
}

/* regions.chip_price_premium: chip name or "default" -> fraction (figure);
   "source", "as_of" and "note" describe the whole object. */
static int check_premium(fc_cat_vctx *c, const cJSON *v) {
  const cJSON *p;
  int st;
  if (!cJSON_IsObject(v)) return fc_cat_expected(c, "object of chip name -> fraction", v);
  if ((st = fc_cat_check_keys(c, v, NULL))) return st;
  for (p = v->child; p; p = p->next) {
    size_t old;
    if (p->string[0] == '_') continue;
    old = fc_cat_push_key(c, p->string);
    if (strcmp(p->string, "source") == 0 || strcmp(p->string, "note") == 0) st = fc_cat_check_string(c, p);
    else if (strcmp(p->string, "as_of") == 0) st = fc_cat_check_date(c, p);
    else st = check_figure(c, p, FC_DOMAIN_RATE);
    fc_cat_pop(c, old);
    if (st) return st;
  }
  return FC_OK;
}

/* One condition of an export-rule class: bounds on metrics, all must hold. */
static int check_cond(fc_cat_vctx *c, const cJSON *v) {
  const cJSON *x;
  int st, n = 0;
  if (!cJSON_IsObject(v)) return fc_cat_expected(c, "object of bounds", v);
  if ((st = fc_cat_check_keys(c, v, fc_cat_bounds))) return st;
  for (x = v->child; x; x = x->next) {
    size_t old;
    if (x->string[0] == '_') continue;
    old = fc_cat_push_key(c, x->string);
    st = check_number(c, x, FC_DOMAIN_NONNEG);
    fc_cat_pop(c, old);
    if (st) return st;
    n++;
  }
  if (n == 0) return fc_cat_verr(c, "at least one bound expected");
  for (x = v->child; x; x = x->next) {
    size_t len = strlen(x->string);
    if (len > 4 && strcmp(x->string + len - 4, "_min") == 0) {
      char maxk[64];
      const cJSON *mx;
      snprintf(maxk, sizeof maxk, "%.*s_max", (int)(len - 4), x->string);
      mx = cJSON_GetObjectItemCaseSensitive(v, maxk);
      if (mx && mx->valuedouble <= x->valuedouble)
        return fc_cat_verr(c, "%s (%.14g) must be greater than %s (%.14g)", maxk, mx->valuedouble,
                    x->string, x->valuedouble);
    }
  }
  return FC_OK;
}

static int check_classes(fc_cat_vctx *c, const cJSON *v) {
  static const char *const keys[] = {"class", "any", "note", NULL};
  const cJSON *cl, *prev;
  int i = 0, st = FC_OK;
  if (!cJSON_IsArray(v)) return fc_cat_expected(c, "array of classes", v);
  if (!v->child) return fc_cat_verr(c, "at least one class expected");
  for (cl = v->child; cl && !st; cl = cl->next, i++) {
    const cJSON *name, *any, *cond, *note;
    size_t old = fc_cat_push_index(c, i), o2;
    int j = 0;
    if (!cJSON_IsObject(cl)) st = fc_cat_expected(c, "object {class, any}", cl);
    else if (!(st = fc_cat_check_keys(c, cl, keys))) {
      name = cJSON_GetObjectItemCaseSensitive(cl, "class");
      any = cJSON_GetObjectItemCaseSensitive(cl, "any");
      note = cJSON_GetObjectItemCaseSensitive(cl, "note");
      if (!name) st = fc_cat_verr(c, "missing required field 'class'");
      else if (!any) st = fc_cat_verr(c, "missing required field 'any'");
      if (!st) {
        o2 = fc_cat_push_key(c, "class");
        st = fc_cat_check_string(c, name);
        if (!st && strcmp(name->valuestring, "not controlled") == 0)
          st = fc_cat_verr(c, "'not controlled' is the result when no class matches; it cannot be a class");
        for (prev = v->child; !st && prev != cl; prev = prev->next) {
          const cJSON *pn = cJSON_GetObjectItemCaseSensitive(prev, "class");
          if (strcmp(pn->valuestring, name->valuestring) == 0)
            st = fc_cat_verr(c, "duplicate class '%s'", name->valuestring);
        }
        fc_cat_pop(c, o2);
      }
      if (!st && note) {
        o2 = fc_cat_push_key(c, "note");
        st = fc_cat_check_string(c, note);
        fc_cat_pop(c, o2);
      }
      if (!st) {
        o2 = fc_cat_push_key(c, "any");
        if (!cJSON_IsArray(any)) st = fc_cat_expected(c, "array of conditions", any);
        else if (!any->child) st = fc_cat_verr(c, "at least one condition expected");
        for (cond = cJSON_IsArray(any) ? any->child : NULL; cond && !st; cond = cond->next, j++) {
          size_t o3 = fc_cat_push_index(c, j);
          st = check_cond(c, cond);
          fc_cat_pop(c, o3);
        }
        fc_cat_pop(c, o2);
      }
    }
    fc_cat_pop(c, old);
  }
  return st;
}

/* licence: destination group -> (class -> policy); classes must be the
   rule's own, "default" or "not controlled". */
static int check_licence(fc_cat_vctx *c, const cJSON *v, const cJSON *rule) {
  const cJSON *classes = cJSON_GetObjectItemCaseSensitive(rule, "classes");
  const cJSON *dest, *p;
  int st;
  if (!cJSON_IsObject(v)) return fc_cat_expected(c, "object of destination -> (class -> policy)", v);
  if ((st = fc_cat_check_keys(c, v, fc_cat_destinations))) return st;
  for (dest = v->child; dest; dest = dest->next) {
    size_t old;
    if (dest->string[0] == '_') continue;
    old = fc_cat_push_key(c, dest->string);
    if (!cJSON_IsObject(dest)) st = fc_cat_expected(c, "object of class -> policy", dest);
    else st = fc_cat_check_keys(c, dest, NULL);
    for (p = cJSON_IsObject(dest) ? dest->child : NULL; p && !st; p = p->next) {
      size_t o2;
      const cJSON *cl;
      int known = strcmp(p->string, "default") == 0 || strcmp(p->string, "not controlled") == 0;
      if (p->string[0] == '_') continue;
      for (cl = classes ? classes->child : NULL; cl && !known; cl = cl->next)
        known = strcmp(cJSON_GetObjectItemCaseSensitive(cl, "class")->valuestring, p->string) == 0;
      o2 = fc_cat_push_key(c, p->string);
      if (!known) st = fc_cat_verr(c, "not a class of this rule");
      else st = check_enum(c, p, fc_cat_policies);
      fc_cat_pop(c, o2);
    }
    fc_cat_pop(c, old);
    if (st) return st;
  }
  return FC_OK;
}

static int check_rental_term(fc_cat_vctx *c, const cJSON *v) { return check_enum(c, v, fc_rental_term_names); }
static int check_rental_tier(fc_cat_vctx *c, const cJSON *v) { return check_enum(c, v, fc_rental_tier_names); }

/* chips.prices and chips.rentals: arrays of dated observations
   {"date", "value", "currency" (default USD), "basis" (prices) or "market"
   (rentals, default "us"), "provider", "source", "note"}. */
static int check_observations(fc_cat_vctx *c, const cJSON *v, int rental) {
  static const char *const price_keys[] = {"date", "value", "currency", "basis", "provider",
                                           "source", "note", NULL};
  static const char *const rental_keys[] = {"date", "value", "currency", "market", "term", "tier",
                                            "provider", "source", "note", NULL};
  const char *const *keys = rental ? rental_keys : price_keys;
  const cJSON *o;
  int i = 0, st = FC_OK;
  if (!cJSON_IsArray(v)) return fc_cat_expected(c, "array of dated observations", v);
  for (o = v->child; o && !st; o = o->next, i++) {
    size_t old = fc_cat_push_index(c, i);
    const char *const *k;
    if (!cJSON_IsObject(o)) st = fc_cat_expected(c, "object {date, value, source, ...}", o);
    else st = fc_cat_check_keys(c, o, keys);
    /* required: date, value, source; a basis for a purchase price, a term
       and a provider tier for a rental (fc_rental.h) */
    for (k = keys; !st && *k; k++) {
      int need = strcmp(*k, "date") == 0 || strcmp(*k, "value") == 0 || strcmp(*k, "source") == 0 ||
                 strcmp(*k, "basis") == 0 || strcmp(*k, "term") == 0 || strcmp(*k, "tier") == 0;
      if (need && !cJSON_GetObjectItemCaseSensitive(o, *k))
        st = fc_cat_verr(c, "missing required field '%s'", *k);
    }
    if (!st) {
      const cJSON *x = cJSON_GetObjectItemCaseSensitive(o, "value");
      size_t o2 = fc_cat_push_key(c, "value");
      st = check_number(c, x, FC_DOMAIN_POS);
      fc_cat_pop(c, o2);
    }
    if (!st) st = check_optional(c, o, "date", fc_cat_check_date);
    if (!st) st = check_optional(c, o, "source", fc_cat_check_string);
    if (!st) st = check_optional(c, o, "note", fc_cat_check_string);
    if (!st) st = check_optional(c, o, "provider", fc_cat_check_string);
    if (!st && cJSON_GetObjectItemCaseSensitive(o, "currency")) {
      size_t o2 = fc_cat_push_key(c, "currency");
      st = check_code(c, cJSON_GetObjectItemCaseSensitive(o, "currency"), 3, "ISO 4217 currency code");
      fc_cat_pop(c, o2);
    }
    if (!st) {
      const char *key = rental ? "market" : "basis";
      const cJSON *x = cJSON_GetObjectItemCaseSensitive(o, key);
      if (x) {
        size_t o2 = fc_cat_push_key(c, key);
        st = check_enum(c, x, rental ? fc_cat_destinations : fc_cat_price_bases);
        fc_cat_pop(c, o2);
      }
    }
    if (!st && rental) st = check_optional(c, o, "term", check_rental_term);
    if (!st && rental) st = check_optional(c, o, "tier", check_rental_tier);
    fc_cat_pop(c, old);
  }
  return st;
}

int fc_cat_check_field(fc_cat_vctx *c, const fc_cat_field *f, const cJSON *v, const cJSON *entry) {
  switch (f->type) {
    case T_STR: return fc_cat_check_string(c, v);
    case T_NAME: return check_name(c, v);
    case T_DATE: return fc_cat_check_date(c, v);
    case T_BOOL: return cJSON_IsBool(v) ? FC_OK : fc_cat_expected(c, "true or false", v);
    case T_INT: return check_int(c, v, f->check);
    case T_NUM: return check_number(c, v, f->check);
    case T_FIG: return check_figure(c, v, f->check);
    case T_ENUM: return check_enum(c, v, f->opts);
    case T_CODE2: return check_code(c, v, 2, "ISO 3166 alpha-2 country code");
    case T_CODE3: return check_code(c, v, 3, "ISO 4217 currency code");
    case T_PEAK: return check_peak(c, v);
    case T_CURVE: return check_curve(c, v);
    case T_PREMIUM: return check_premium(c, v);
    case T_CLASSES: return check_classes(c, v);
    case T_LICENCE: return check_licence(c, v, entry);
    case T_PRICES: return check_observations(c, v, 0);
    case T_RENTALS: return check_observations(c, v, 1);
    default: { /* T_STRLIST */
      const cJSON *x;
      int i = 0;
      if (!cJSON_IsArray(v)) return fc_cat_expected(c, "array of strings", v);
      for (x = v->child; x; x = x->next, i++) {
        size_t old = fc_cat_push_index(c, i);
        int st = fc_cat_check_string(c, x);
        fc_cat_pop(c, old);
        if (st) return st;
      }
      return FC_OK;
    }
  }
}

/* }==================================================================== */

