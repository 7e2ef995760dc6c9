/*
** fc_catalog.c -- validation and normalisation of catalog files against
** docs/catalog-schema.md; see fc_catalog.h.  The schema itself is data in
** fc_catalog_schema.c; the JSON decoder is fc_json.c.
*/
#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "fc_status.h"
#include "fc_catalog.h"
#include "fc_catalog_schema.h"
#include "fc_text.h"
#include "fc_training.h"
#include "fc_rental.h"
#include "fc_export.h"
#include "fc_scenario.h"

#ifdef __GNUC__
#define FC_PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define FC_PRINTF(a, b)
#endif

#define PATHLEN 256

/* Validation context: the file name, the JSON path being checked and the
   caller's error buffer. */
typedef struct {
  const char *file;
  char path[PATHLEN];
  size_t plen;
  char *err;
  size_t errlen;
} vctx;

/* {====================================================================
** Messages and paths
** ===================================================================== */

static int verr(vctx *c, const char *fmt, ...) FC_PRINTF(2, 3);
static int verr(vctx *c, const char *fmt, ...) {
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

static size_t push_key(vctx *c, const char *key) {
  size_t old = c->plen;
  int n = snprintf(c->path + c->plen, PATHLEN - c->plen, "%s%s", c->plen ? "." : "", key);
  if (n > 0) c->plen += (size_t)n;
  if (c->plen >= PATHLEN) c->plen = PATHLEN - 1;
  return old;
}

static size_t push_index(vctx *c, int i) {
  size_t old = c->plen;
  int n = snprintf(c->path + c->plen, PATHLEN - c->plen, "[%d]", i);
  if (n > 0) c->plen += (size_t)n;
  if (c->plen >= PATHLEN) c->plen = PATHLEN - 1;
  return old;
}

static void pop(vctx *c, size_t old) {
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

static int expected(vctx *c, const char *what, const cJSON *v) {
  char b[64];
  return verr(c, "%s expected, got %s", what, got(v, b, sizeof b));
}

/* }==================================================================== */

/* {====================================================================
** Names and suggestions
** ===================================================================== */

/* " (did you mean 'x'?)" or "" */
static const char *suggest(const char *s, const char *const *names, char *buf, size_t n) {
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

static int check_number(vctx *c, const cJSON *v, int k) {
  if (!cJSON_IsNumber(v) || !check_ok(v->valuedouble, k)) return expected(c, check_what(k), v);
  return FC_OK;
}

/* k is an integral domain (POSINT, NONNEG_INT, YEAR); integers also stay
   within 2^53, where doubles still count by ones */
static int check_int(vctx *c, const cJSON *v, int k) {
  if (!cJSON_IsNumber(v) || !check_ok(v->valuedouble, k) || v->valuedouble != floor(v->valuedouble) ||
      fabs(v->valuedouble) > 9007199254740992.0)
    return expected(c, check_what(k), v);
  return FC_OK;
}

/* A string with something in it: blank text (spaces only) is no citation or
   name (tools/check_regions.py's rule, kept when that copy was deleted). */
static int check_string(vctx *c, const cJSON *v) {
  const char *s;
  if (!cJSON_IsString(v)) return expected(c, "non-empty string", v);
  for (s = v->valuestring; *s && isspace((unsigned char)*s); s++) {}
  if (*s == '\0') return expected(c, "non-empty string", v);
  return FC_OK;
}

static int check_name(vctx *c, const cJSON *v) {
  const char *s;
  size_t n;
  if (!cJSON_IsString(v)) return expected(c, "name (ASCII, no spaces)", v);
  s = v->valuestring;
  n = strlen(s);
  if (n == 0 || n > 64) return expected(c, "name (ASCII, no spaces, 1-64 characters)", v);
  for (; *s; s++)
    if ((unsigned char)*s <= 0x20 || (unsigned char)*s >= 0x7f)
      return expected(c, "name (ASCII, no spaces)", v);
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

static int check_date(vctx *c, const cJSON *v) {
  if (!cJSON_IsString(v) || !valid_date(v->valuestring))
    return expected(c, "date YYYY, YYYY-MM or YYYY-MM-DD", v);
  return FC_OK;
}

static int check_code(vctx *c, const cJSON *v, size_t n, const char *what) {
  size_t k;
  if (!cJSON_IsString(v) || strlen(v->valuestring) != n) return expected(c, what, v);
  for (k = 0; k < n; k++)
    if (v->valuestring[k] < 'A' || v->valuestring[k] > 'Z') return expected(c, what, v);
  return FC_OK;
}

static int check_enum(vctx *c, const cJSON *v, const char *const *opts) {
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
    return verr(c, "%s expected, got %s%s", what, got(v, b, sizeof b),
                suggest(v->valuestring, opts, sug, sizeof sug));
  }
  return expected(c, what, v);
}

/* }==================================================================== */

/* {====================================================================
** Objects: keys, figures and the composite fields
** ===================================================================== */

/* Rejects keys not in `known` (keys starting with '_' are comments); `known`
   NULL: any key is allowed. Duplicate keys never get here: the decoder
   (fc_json.c) refuses them with their line and column, and Lua tables have none. */
static int check_keys(vctx *c, const cJSON *obj, const char *const *known) {
  const cJSON *a;
  for (a = obj->child; a; a = a->next) {
    char sug[96];
    if (known && a->string[0] != '_' && !in_list(a->string, known)) {
      size_t old = push_key(c, a->string);
      int st = verr(c, "unknown field%s", suggest(a->string, known, sug, sizeof sug));
      pop(c, old);
      return st;
    }
  }
  return FC_OK;
}

static const char *const figure_keys[] = {"value", "source", "as_of", "uncertain", "range", "note", NULL};

/* Checks obj[key], when present, with `check` under the path ...key. */
static int check_optional(vctx *c, const cJSON *obj, const char *key,
                          int (*check)(vctx *, const cJSON *)) {
  const cJSON *x = cJSON_GetObjectItemCaseSensitive(obj, key);
  size_t old;
  int st;
  if (!x) return FC_OK;
  old = push_key(c, key);
  st = check(c, x);
  pop(c, old);
  return st;
}

/* The optional provenance of a figure or a curve: source, note, as_of. */
static int check_provenance(vctx *c, const cJSON *v) {
  int st;
  if ((st = check_optional(c, v, "source", check_string))) return st;
  if ((st = check_optional(c, v, "note", check_string))) return st;
  return check_optional(c, v, "as_of", check_date);
}

/* A figure: a number, or {"value": v, "source", "as_of", "uncertain", "range": [lo, hi], "note"}. */
static int check_figure(vctx *c, const cJSON *v, int k) {
  const cJSON *val, *x, *range;
  size_t old;
  int st;
  if (cJSON_IsNumber(v)) return check_number(c, v, k);
  if (!cJSON_IsObject(v)) {
    char what[64];
    snprintf(what, sizeof what, "%s or figure object", check_what(k));
    return expected(c, what, v);
  }
  if ((st = check_keys(c, v, figure_keys))) return st;
  val = cJSON_GetObjectItemCaseSensitive(v, "value");
  if (!val) return verr(c, "missing required field 'value'");
  old = push_key(c, "value");
  st = check_number(c, val, k);
  pop(c, old);
  if (st) return st;
  if ((st = check_provenance(c, v))) return st;
  x = cJSON_GetObjectItemCaseSensitive(v, "uncertain");
  if (x && !cJSON_IsBool(x)) {
    old = push_key(c, "uncertain");
    st = expected(c, "true or false", x);
    pop(c, old);
    return st;
  }
  range = cJSON_GetObjectItemCaseSensitive(v, "range");
  if (!range) {
    if (cJSON_IsTrue(x)) return verr(c, "an uncertain figure needs a range [low, high]");
    return FC_OK;
  }
  old = push_key(c, "range");
  if (!cJSON_IsArray(range) || cJSON_GetArraySize(range) != 2) {
    st = expected(c, "[low, high]", range);
  } else {
    const cJSON *lo = range->child, *hi = range->child->next;
    size_t o2 = push_index(c, 0);
    st = check_number(c, lo, k);
    pop(c, o2);
    if (!st) {
      o2 = push_index(c, 1);
      st = check_number(c, hi, k);
      pop(c, o2);
    }
    if (!st && lo->valuedouble > hi->valuedouble)
      st = verr(c, "low (%.14g) above high (%.14g)", lo->valuedouble, hi->valuedouble);
    if (!st && (val->valuedouble < lo->valuedouble || val->valuedouble > hi->valuedouble))
      st = verr(c, "value %.14g outside [%.14g, %.14g]", val->valuedouble, lo->valuedouble,
                hi->valuedouble);
  }
  pop(c, old);
  return st;
}

static int check_peak(vctx *c, const cJSON *v) {
  const cJSON *p;
  int st;
  if (!cJSON_IsObject(v)) return expected(c, "object of precision -> TFLOP/s", v);
  if ((st = check_keys(c, v, fc_precision_names))) return st;
  if (!v->child) return verr(c, "at least one precision expected");
  for (p = v->child; p; p = p->next) {
    size_t old;
    if (p->string[0] == '_') continue;
    old = push_key(c, p->string);
    st = check_figure(c, p, FC_DOMAIN_POS);
    pop(c, old);
    if (st) return st;
  }
  return FC_OK;
}

static int check_number_array(vctx *c, const cJSON *arr, int k, int increasing) {
  const cJSON *x, *prev = NULL;
  int i = 0;
  if (!cJSON_IsArray(arr)) return expected(c, "array of numbers", arr);
  for (x = arr->child; x; x = x->next, i++) {
    size_t old = push_index(c, i);
    int st = check_number(c, x, k);
    if (!st && increasing && prev && x->valuedouble <= prev->valuedouble)
      st = verr(c, "values must increase strictly, got %.14g after %.14g", x->valuedouble,
                prev->valuedouble);
    pop(c, old);
    if (st) return st;
    prev = x;
  }
  return FC_OK;
}

static int check_curve(vctx *c, const cJSON *v) {
  static const char *const keys[] = {"utilization", "power_w", "source", "as_of", "note", NULL};
  const cJSON *u, *p;
  size_t old;
  int st;
  if (!cJSON_IsObject(v)) return expected(c, "object {utilization, power_w}", v);
  if ((st = check_keys(c, v, keys))) return st;
  u = cJSON_GetObjectItemCaseSensitive(v, "utilization");
  p = cJSON_GetObjectItemCaseSensitive(v, "power_w");
  if (!u) return verr(c, "missing required field 'utilization'");
  if (!p) return verr(c, "missing required field 'power_w'");
  old = push_key(c, "utilization");
  st = check_number_array(c, u, FC_DOMAIN_FRAC, 1);
  pop(c, old);
  if (st) return st;
  old = push_key(c, "power_w");
  st = check_number_array(c, p, FC_DOMAIN_NONNEG, 0);
  pop(c, old);
  if (st) return st;
  if (cJSON_GetArraySize(u) < 2) return verr(c, "at least 2 points expected");
  if (cJSON_GetArraySize(u) != cJSON_GetArraySize(p))
    return verr(c, "utilization and power_w differ in length (%d and %d)", cJSON_GetArraySize(u),
                cJSON_GetArraySize(p));
  return check_provenance(c, v);
}

/* A measured power curve ends at or near the board's TDP: a draw more than
   5 % above tdp_w at the curve's last point means a wrong curve or a wrong
   TDP (measurements exceed the rating by a few percent at most: sensor error,
   boost). The rule of tools/check_models.lua, kept when that copy was deleted. */
static double fig_value(const cJSON *v);
static int check_curve_tdp(vctx *c, const cJSON *e) {
  const cJSON *pc = cJSON_GetObjectItemCaseSensitive(e, "power_curve");
  const cJSON *tdp = cJSON_GetObjectItemCaseSensitive(e, "tdp_w");
  const cJSON *p;
  int n, st;
  size_t old, old2;
  if (!pc || !tdp) return FC_OK;
  p = cJSON_GetObjectItemCaseSensitive(pc, "power_w");
  n = cJSON_GetArraySize(p);
  if (n < 1 || cJSON_GetArrayItem(p, n - 1)->valuedouble <= 1.05 * fig_value(tdp)) return FC_OK;
  old = push_key(c, "power_curve");
  old2 = push_key(c, "power_w");
  st = verr(c, "%.14g W at the curve's last point is more than 5%% above tdp_w (%.14g W)",
            cJSON_GetArrayItem(p, n - 1)->valuedouble, fig_value(tdp));
  pop(c, old2);
  pop(c, old);
  return st;
}

/* A published run agrees with itself (the cross-checks of tools/check_models.lua,
   kept when that copy was deleted): 6 N D (fc_training_flops, N the active
   parameters) within 10 % of the FLOP it reports (the rest is attention and
   rounding in the report); GPU-hours / chips / 24 within 2 % of the wall-clock
   days it reports; a year of the deep-learning era, 2010-2030. */
static int check_run(vctx *c, const cJSON *e) {
  const cJSON *n = cJSON_GetObjectItemCaseSensitive(e, "active_params");
  const cJSON *d = cJSON_GetObjectItemCaseSensitive(e, "tokens");
  const cJSON *f = cJSON_GetObjectItemCaseSensitive(e, "flops_reported");
  const cJSON *h = cJSON_GetObjectItemCaseSensitive(e, "gpu_hours");
  const cJSON *k = cJSON_GetObjectItemCaseSensitive(e, "chips");
  const cJSON *w = cJSON_GetObjectItemCaseSensitive(e, "wall_clock_days");
  const cJSON *y = cJSON_GetObjectItemCaseSensitive(e, "year");
  double flops;
  size_t old;
  int st = FC_OK;
  if (!n) n = cJSON_GetObjectItemCaseSensitive(e, "params");
  if (y && (fig_value(y) < 2010 || fig_value(y) > 2030)) {
    old = push_key(c, "year");
    st = verr(c, "%.14g is outside 2010-2030", fig_value(y));
    pop(c, old);
    return st;
  }
  if (n && d && f && fc_training_flops(fig_value(n), fig_value(d), 0, 0, 0, &flops) == FC_OK &&
      !(flops / fig_value(f) > 0.9 && flops / fig_value(f) < 1.1)) {
    old = push_key(c, "flops_reported");
    st = verr(c, "6 N D / flops_reported = %.3f, outside [0.9, 1.1]", flops / fig_value(f));
    pop(c, old);
    return st;
  }
  if (h && k && w && !(fabs(fig_value(h) / fig_value(k) / 24 / fig_value(w) - 1) < 0.02)) {
    old = push_key(c, "wall_clock_days");
    st = verr(c, "gpu_hours / chips / 24 = %.1f days, reported %.14g", fig_value(h) / fig_value(k) / 24,
              fig_value(w));
    pop(c, old);
  }
  return st;
}

/* Rules for entries of a published catalog file, not for an override or an
   addition from a script (a what-if may cap a chip's power below its
   measured curve, or sketch a rule that was never published). */
static int check_file_entry(vctx *c, const fc_cat_table *t, const cJSON *e) {
  if (strcmp(t->name, "chips") == 0) return check_curve_tdp(c, e);
  if (strcmp(t->name, "runs") == 0) return check_run(c, e);
  return FC_OK;
}

/* regions.chip_price_premium: chip name or "default" -> fraction (figure);
   "source", "as_of" and "note" describe the whole object. */
static int check_premium(vctx *c, const cJSON *v) {
  const cJSON *p;
  int st;
  if (!cJSON_IsObject(v)) return expected(c, "object of chip name -> fraction", v);
  if ((st = check_keys(c, v, NULL))) return st;
  for (p = v->child; p; p = p->next) {
    size_t old;
    if (p->string[0] == '_') continue;
    old = push_key(c, p->string);
    if (strcmp(p->string, "source") == 0 || strcmp(p->string, "note") == 0) st = check_string(c, p);
    else if (strcmp(p->string, "as_of") == 0) st = check_date(c, p);
    else st = check_figure(c, p, FC_DOMAIN_RATE);
    pop(c, old);
    if (st) return st;
  }
  return FC_OK;
}

/* One condition of an export-rule class: bounds on metrics, all must hold. */
static int check_cond(vctx *c, const cJSON *v) {
  const cJSON *x;
  int st, n = 0;
  if (!cJSON_IsObject(v)) return expected(c, "object of bounds", v);
  if ((st = check_keys(c, v, fc_cat_bounds))) return st;
  for (x = v->child; x; x = x->next) {
    size_t old;
    if (x->string[0] == '_') continue;
    old = push_key(c, x->string);
    st = check_number(c, x, FC_DOMAIN_NONNEG);
    pop(c, old);
    if (st) return st;
    n++;
  }
  if (n == 0) return verr(c, "at least one bound expected");
  for (x = v->child; x; x = x->next) {
    size_t len = strlen(x->string);
    if (len > 4 && strcmp(x->string + len - 4, "_min") == 0) {
      char maxk[64];
      const cJSON *mx;
      snprintf(maxk, sizeof maxk, "%.*s_max", (int)(len - 4), x->string);
      mx = cJSON_GetObjectItemCaseSensitive(v, maxk);
      if (mx && mx->valuedouble <= x->valuedouble)
        return verr(c, "%s (%.14g) must be greater than %s (%.14g)", maxk, mx->valuedouble,
                    x->string, x->valuedouble);
    }
  }
  return FC_OK;
}

static int check_classes(vctx *c, const cJSON *v) {
  static const char *const keys[] = {"class", "any", "note", NULL};
  const cJSON *cl, *prev;
  int i = 0, st = FC_OK;
  if (!cJSON_IsArray(v)) return expected(c, "array of classes", v);
  if (!v->child) return verr(c, "at least one class expected");
  for (cl = v->child; cl && !st; cl = cl->next, i++) {
    const cJSON *name, *any, *cond, *note;
    size_t old = push_index(c, i), o2;
    int j = 0;
    if (!cJSON_IsObject(cl)) st = expected(c, "object {class, any}", cl);
    else if (!(st = check_keys(c, cl, keys))) {
      name = cJSON_GetObjectItemCaseSensitive(cl, "class");
      any = cJSON_GetObjectItemCaseSensitive(cl, "any");
      note = cJSON_GetObjectItemCaseSensitive(cl, "note");
      if (!name) st = verr(c, "missing required field 'class'");
      else if (!any) st = verr(c, "missing required field 'any'");
      if (!st) {
        o2 = push_key(c, "class");
        st = check_string(c, name);
        if (!st && strcmp(name->valuestring, "not controlled") == 0)
          st = verr(c, "'not controlled' is the result when no class matches; it cannot be a class");
        for (prev = v->child; !st && prev != cl; prev = prev->next) {
          const cJSON *pn = cJSON_GetObjectItemCaseSensitive(prev, "class");
          if (strcmp(pn->valuestring, name->valuestring) == 0)
            st = verr(c, "duplicate class '%s'", name->valuestring);
        }
        pop(c, o2);
      }
      if (!st && note) {
        o2 = push_key(c, "note");
        st = check_string(c, note);
        pop(c, o2);
      }
      if (!st) {
        o2 = push_key(c, "any");
        if (!cJSON_IsArray(any)) st = expected(c, "array of conditions", any);
        else if (!any->child) st = verr(c, "at least one condition expected");
        for (cond = cJSON_IsArray(any) ? any->child : NULL; cond && !st; cond = cond->next, j++) {
          size_t o3 = push_index(c, j);
          st = check_cond(c, cond);
          pop(c, o3);
        }
        pop(c, o2);
      }
    }
    pop(c, old);
  }
  return st;
}

/* licence: destination group -> (class -> policy); classes must be the
   rule's own, "default" or "not controlled". */
static int check_licence(vctx *c, const cJSON *v, const cJSON *rule) {
  const cJSON *classes = cJSON_GetObjectItemCaseSensitive(rule, "classes");
  const cJSON *dest, *p;
  int st;
  if (!cJSON_IsObject(v)) return expected(c, "object of destination -> (class -> policy)", v);
  if ((st = check_keys(c, v, fc_cat_destinations))) return st;
  for (dest = v->child; dest; dest = dest->next) {
    size_t old;
    if (dest->string[0] == '_') continue;
    old = push_key(c, dest->string);
    if (!cJSON_IsObject(dest)) st = expected(c, "object of class -> policy", dest);
    else st = check_keys(c, dest, NULL);
    for (p = cJSON_IsObject(dest) ? dest->child : NULL; p && !st; p = p->next) {
      size_t o2;
      const cJSON *cl;
      int known = strcmp(p->string, "default") == 0 || strcmp(p->string, "not controlled") == 0;
      if (p->string[0] == '_') continue;
      for (cl = classes ? classes->child : NULL; cl && !known; cl = cl->next)
        known = strcmp(cJSON_GetObjectItemCaseSensitive(cl, "class")->valuestring, p->string) == 0;
      o2 = push_key(c, p->string);
      if (!known) st = verr(c, "not a class of this rule");
      else st = check_enum(c, p, fc_cat_policies);
      pop(c, o2);
    }
    pop(c, old);
    if (st) return st;
  }
  return FC_OK;
}

static int check_rental_term(vctx *c, const cJSON *v) { return check_enum(c, v, fc_rental_term_names); }
static int check_rental_tier(vctx *c, const cJSON *v) { return check_enum(c, v, fc_rental_tier_names); }

/* chips.prices and chips.rentals: arrays of dated observations
   {"date", "value", "currency" (default USD), "basis" (prices) or "market"
   (rentals, default "us"), "provider", "source", "note"}. */
static int check_observations(vctx *c, const cJSON *v, int rental) {
  static const char *const price_keys[] = {"date", "value", "currency", "basis", "provider",
                                           "source", "note", NULL};
  static const char *const rental_keys[] = {"date", "value", "currency", "market", "term", "tier",
                                            "provider", "source", "note", NULL};
  const char *const *keys = rental ? rental_keys : price_keys;
  const cJSON *o;
  int i = 0, st = FC_OK;
  if (!cJSON_IsArray(v)) return expected(c, "array of dated observations", v);
  for (o = v->child; o && !st; o = o->next, i++) {
    size_t old = push_index(c, i);
    const char *const *k;
    if (!cJSON_IsObject(o)) st = expected(c, "object {date, value, source, ...}", o);
    else st = check_keys(c, o, keys);
    /* required: date, value, source; a basis for a purchase price, a term
       and a provider tier for a rental (fc_rental.h) */
    for (k = keys; !st && *k; k++) {
      int need = strcmp(*k, "date") == 0 || strcmp(*k, "value") == 0 || strcmp(*k, "source") == 0 ||
                 strcmp(*k, "basis") == 0 || strcmp(*k, "term") == 0 || strcmp(*k, "tier") == 0;
      if (need && !cJSON_GetObjectItemCaseSensitive(o, *k))
        st = verr(c, "missing required field '%s'", *k);
    }
    if (!st) {
      const cJSON *x = cJSON_GetObjectItemCaseSensitive(o, "value");
      size_t o2 = push_key(c, "value");
      st = check_number(c, x, FC_DOMAIN_POS);
      pop(c, o2);
    }
    if (!st) st = check_optional(c, o, "date", check_date);
    if (!st) st = check_optional(c, o, "source", check_string);
    if (!st) st = check_optional(c, o, "note", check_string);
    if (!st) st = check_optional(c, o, "provider", check_string);
    if (!st && cJSON_GetObjectItemCaseSensitive(o, "currency")) {
      size_t o2 = push_key(c, "currency");
      st = check_code(c, cJSON_GetObjectItemCaseSensitive(o, "currency"), 3, "ISO 4217 currency code");
      pop(c, o2);
    }
    if (!st) {
      const char *key = rental ? "market" : "basis";
      const cJSON *x = cJSON_GetObjectItemCaseSensitive(o, key);
      if (x) {
        size_t o2 = push_key(c, key);
        st = check_enum(c, x, rental ? fc_cat_destinations : fc_cat_price_bases);
        pop(c, o2);
      }
    }
    if (!st && rental) st = check_optional(c, o, "term", check_rental_term);
    if (!st && rental) st = check_optional(c, o, "tier", check_rental_tier);
    pop(c, old);
  }
  return st;
}

static int check_field(vctx *c, const fc_cat_field *f, const cJSON *v, const cJSON *entry) {
  switch (f->type) {
    case T_STR: return check_string(c, v);
    case T_NAME: return check_name(c, v);
    case T_DATE: return check_date(c, v);
    case T_BOOL: return cJSON_IsBool(v) ? FC_OK : expected(c, "true or false", v);
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
      if (!cJSON_IsArray(v)) return expected(c, "array of strings", v);
      for (x = v->child; x; x = x->next, i++) {
        size_t old = push_index(c, i);
        int st = check_string(c, x);
        pop(c, old);
        if (st) return st;
      }
      return FC_OK;
    }
  }
}

/* }==================================================================== */

/* {====================================================================
** Entries, tables and files
** ===================================================================== */

/* Value of a field that is a number or a validated figure object. */
static double fig_value(const cJSON *v) {
  if (cJSON_IsObject(v)) v = cJSON_GetObjectItemCaseSensitive(v, "value");
  return v->valuedouble;
}

/* 0 when absent */
static double opt_value(const cJSON *e, const char *key) {
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(e, key);
  return v ? fig_value(v) : 0.0;
}

/* The relations between the fields of a model architecture (llms.json). */
static int check_llm(vctx *c, const cJSON *e) {
  static const char *const moe[] = {"experts_active", "expert_intermediate", "moe_layers", NULL};
  const char *bad = NULL, *why = NULL;
  char msg[160];
  int k, st;
  size_t old;
  msg[0] = '\0';
  if (opt_value(e, "active_params") > opt_value(e, "params")) {
    bad = "active_params";
    snprintf(msg, sizeof msg, "%.14g is above params (%.14g)", opt_value(e, "active_params"),
             opt_value(e, "params"));
  } else if (opt_value(e, "kv_heads") > opt_value(e, "heads")) {
    bad = "kv_heads";
    snprintf(msg, sizeof msg, "%.14g is above heads (%.14g)", opt_value(e, "kv_heads"),
             opt_value(e, "heads"));
  } else if (strcmp(cJSON_GetObjectItemCaseSensitive(e, "attention")->valuestring, "mla") == 0 &&
             (!cJSON_GetObjectItemCaseSensitive(e, "kv_lora_rank") ||
              !cJSON_GetObjectItemCaseSensitive(e, "qk_rope_head_dim"))) {
    bad = "attention";
    why = "'mla' needs kv_lora_rank and qk_rope_head_dim";
  } else if (opt_value(e, "experts") > 0) {
    for (k = 0; moe[k] && !bad; k++)
      if (!cJSON_GetObjectItemCaseSensitive(e, moe[k])) {
        bad = "experts";
        snprintf(msg, sizeof msg, "a mixture of experts needs '%s'", moe[k]);
      }
    if (!bad && opt_value(e, "experts_active") > opt_value(e, "experts")) {
      bad = "experts_active";
      snprintf(msg, sizeof msg, "%.14g is above experts (%.14g)", opt_value(e, "experts_active"),
               opt_value(e, "experts"));
    } else if (!bad && opt_value(e, "moe_layers") > opt_value(e, "layers")) {
      bad = "moe_layers";
      snprintf(msg, sizeof msg, "%.14g is above layers (%.14g)", opt_value(e, "moe_layers"),
               opt_value(e, "layers"));
    } else if (!bad && !cJSON_GetObjectItemCaseSensitive(e, "active_params")) {
      bad = "experts";
      why = "a mixture of experts needs 'active_params'";
    }
  }
  if (!bad) return FC_OK;
  old = push_key(c, bad);
  st = verr(c, "%s", why ? why : msg);
  pop(c, old);
  return st;
}

static int check_entry(vctx *c, const fc_cat_table *t, const cJSON *e) {
  const char *keys[40];
  const fc_cat_field *f;
  const cJSON *a, *b;
  size_t n = 0;
  int st;
  if (!cJSON_IsObject(e)) return expected(c, "object", e);
  for (f = t->fields; f->key && n < 39; f++) keys[n++] = f->key;
  keys[n] = NULL;
  if ((st = check_keys(c, e, keys))) return st;
  /* the key field first, then the required ones, so a message names the
     most useful problem */
  for (f = t->fields; f->key; f++) {
    if (f->required && !cJSON_GetObjectItemCaseSensitive(e, f->key))
      return verr(c, "missing required field '%s'", f->key);
  }
  for (f = t->fields; f->key; f++) {
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(e, f->key);
    size_t old;
    if (!v) continue;
    old = push_key(c, f->key);
    st = check_field(c, f, v, e);
    pop(c, old);
    if (st) return st;
  }
  /* relations between fields of one entry */
  if (strcmp(t->name, "chips") == 0) {
    a = cJSON_GetObjectItemCaseSensitive(e, "idle_w");
    b = cJSON_GetObjectItemCaseSensitive(e, "tdp_w");
    if (a && fig_value(a) > fig_value(b)) {
      size_t old = push_key(c, "idle_w");
      st = verr(c, "%.14g W is above tdp_w (%.14g W)", fig_value(a), fig_value(b));
      pop(c, old);
      return st;
    }
    /* a price says what it includes (fc_price.h): no price without a basis */
    a = cJSON_GetObjectItemCaseSensitive(e, "price_usd");
    b = cJSON_GetObjectItemCaseSensitive(e, "price_basis");
    if (a && !b) {
      size_t old = push_key(c, "price_usd");
      st = verr(c, "a price needs its basis: add price_basis (one of 'chip', 'board', "
                   "'server_per_accelerator', 'system_per_accelerator')");
      pop(c, old);
      return st;
    }
    if (b && !a) {
      size_t old = push_key(c, "price_basis");
      st = verr(c, "a basis without price_usd");
      pop(c, old);
      return st;
    }
  } else if (strcmp(t->name, "runs") == 0) {
    a = cJSON_GetObjectItemCaseSensitive(e, "active_params");
    b = cJSON_GetObjectItemCaseSensitive(e, "params");
    if (a && b && fig_value(a) > fig_value(b)) {
      size_t old = push_key(c, "active_params");
      st = verr(c, "%.14g is above params (%.14g)", fig_value(a), fig_value(b));
      pop(c, old);
      return st;
    }
  } else if (strcmp(t->name, "llms") == 0) {
    return check_llm(c, e);
  }
  return FC_OK;
}

static int str_ieq(const char *a, const char *b) {
  for (; *a && *b; a++, b++)
    if (tolower((unsigned char)*a) != tolower((unsigned char)*b)) return 0;
  return *a == *b;
}

/* One name of one entry, for the uniqueness check: the entry's key (slot 0)
   or alias k (slot 1 + k); for fx rates a = currency, b = date. */
typedef struct {
  const char *a, *b;
  int entry, slot;
} name_ref;

static int str_icmp(const char *a, const char *b) {
  for (; *a && *b; a++, b++) {
    int d = tolower((unsigned char)*a) - tolower((unsigned char)*b);
    if (d) return d;
  }
  return (unsigned char)*a - (unsigned char)*b;
}

static int name_cmp(const name_ref *x, const name_ref *y) {
  int d = x->b ? strcmp(x->a, y->a) : str_icmp(x->a, y->a);
  if (!d && x->b) d = strcmp(x->b, y->b);
  if (!d) d = x->entry - y->entry;
  if (!d) d = x->slot - y->slot;
  return d;
}

static int same_name(const name_ref *x, const name_ref *y) {
  if (x->b) return strcmp(x->a, y->a) == 0 && strcmp(x->b, y->b) == 0;
  return str_icmp(x->a, y->a) == 0;
}

static int name_qcmp(const void *x, const void *y) { return name_cmp((const name_ref *)x, (const name_ref *)y); }

/* Names and aliases are unique within a table, ignoring case (lookups
   ignore case).  Fx rates are unique by (currency, date).  Sorting every
   name once makes this n log n (comparing every pair of entries took 17 s
   for 20,000 chips).  The error reported is the one a scan of the entries in
   file order meets first: the earliest entry i reusing a name of an earlier
   entry j (the smallest such j), its key before its aliases. */
static int check_unique(vctx *c, const fc_cat_table *t, const cJSON *arr) {
  const cJSON *e;
  name_ref *r, best = {NULL, NULL, -1, -1};
  size_t n = 0, cap = 0, g, h;
  int i, bj = -1;
  for (e = arr->child; e; e = e->next) {
    const cJSON *al = t->key ? cJSON_GetObjectItemCaseSensitive(e, "aliases") : NULL;
    cap += 1 + (size_t)cJSON_GetArraySize(al);
  }
  r = (name_ref *)malloc((cap ? cap : 1) * sizeof *r);
  if (!r) { verr(c, "out of memory"); return FC_ENOMEM; }
  for (e = arr->child, i = 0; e; e = e->next, i++) {
    if (!t->key) {
      r[n].a = cJSON_GetObjectItemCaseSensitive(e, "currency")->valuestring;
      r[n].b = cJSON_GetObjectItemCaseSensitive(e, "date")->valuestring;
      r[n].entry = i; r[n++].slot = 0;
    } else {
      const cJSON *al = cJSON_GetObjectItemCaseSensitive(e, "aliases"), *x;
      int k = 0;
      r[n].a = cJSON_GetObjectItemCaseSensitive(e, t->key)->valuestring;
      r[n].b = NULL; r[n].entry = i; r[n++].slot = 0;
      for (x = al ? al->child : NULL; x; x = x->next, k++) {
        r[n].a = x->valuestring; r[n].b = NULL; r[n].entry = i; r[n++].slot = 1 + k;
      }
    }
  }
  qsort(r, n, sizeof *r, name_qcmp);
  /* in each run of equal names, every entry after the first (the run's
     smallest entry j) collides with j */
  for (g = 0; g < n; g = h) {
    size_t m;
    for (h = g + 1; h < n && same_name(&r[g], &r[h]); h++) {}
    for (m = g + 1; m < h; m++) {
      if (r[m].entry == r[g].entry) continue; /* within one entry: checked below */
      if (best.entry < 0 || r[m].entry < best.entry ||
          (r[m].entry == best.entry && (r[g].entry < bj || (r[g].entry == bj && r[m].slot < best.slot)))) {
        best = r[m];
        bj = r[g].entry;
      }
      break; /* later members of the run have larger entries */
    }
  }
  free(r);
  if (best.entry >= 0) {
    size_t old = push_index(c, best.entry);
    int st;
    if (!t->key) {
      st = verr(c, "duplicate rate for %s on %s (also %s[%d])", best.a, best.b, t->name, bj);
    } else if (best.slot == 0) {
      size_t o2 = push_key(c, t->key);
      st = verr(c, "duplicate %s '%s' (also %s[%d])", t->key, best.a, t->name, bj);
      pop(c, o2);
    } else {
      size_t o2 = push_key(c, "aliases"), o3 = push_index(c, best.slot - 1);
      st = verr(c, "'%s' is already a name or alias of %s[%d]", best.a, t->name, bj);
      pop(c, o3);
      pop(c, o2);
    }
    pop(c, old);
    return st;
  }
  /* an entry whose aliases repeat, even when it is the first entry */
  for (e = arr->child, i = 0; t->key && e; e = e->next, i++) {
    const cJSON *al = cJSON_GetObjectItemCaseSensitive(e, "aliases"), *x, *y;
    for (x = al ? al->child : NULL; x; x = x->next)
      for (y = x->next; y; y = y->next)
        if (str_ieq(x->valuestring, y->valuestring) ||
            str_ieq(x->valuestring, cJSON_GetObjectItemCaseSensitive(e, t->key)->valuestring)) {
          size_t old = push_index(c, i), o2 = push_key(c, "aliases");
          int st = verr(c, "'%s' appears twice", x->valuestring);
          pop(c, o2);
          pop(c, old);
          return st;
        }
    for (x = al ? al->child : NULL; x; x = x->next)
      if (str_ieq(x->valuestring, cJSON_GetObjectItemCaseSensitive(e, t->key)->valuestring)) {
        size_t old = push_index(c, i), o2 = push_key(c, "aliases");
        int st = verr(c, "'%s' repeats the entry's %s", x->valuestring, t->key);
        pop(c, o2);
        pop(c, old);
        return st;
      }
  }
  return FC_OK;
}

/* }==================================================================== */

/* {====================================================================
** Normalisation: figure objects -> numbers, metadata -> entry.meta
** ===================================================================== */

/* Replaces figure object `fig` (a child of `parent`) by its value and moves
   it, without "value", to meta[relpath]. */
static int normalize_fig(cJSON *entry, cJSON **meta, cJSON *parent, cJSON *fig, const char *relpath) {
  cJSON *num;
  if (!cJSON_IsObject(fig)) return FC_OK;
  num = cJSON_CreateNumber(cJSON_GetObjectItemCaseSensitive(fig, "value")->valuedouble);
  if (!num) return FC_ENOMEM;
  if (!*meta) {
    *meta = cJSON_CreateObject();
    if (!*meta || !cJSON_AddItemToObject(entry, "meta", *meta)) {
      cJSON_Delete(*meta);
      *meta = NULL;
      cJSON_Delete(num);
      return FC_ENOMEM;
    }
  }
  cJSON_DetachItemViaPointer(parent, fig);
  if (!cJSON_AddItemToObject(parent, fig->string, num)) {
    cJSON_Delete(num);
    cJSON_Delete(fig);
    return FC_ENOMEM;
  }
  cJSON_DeleteItemFromObjectCaseSensitive(fig, "value");
  if (!cJSON_AddItemToObject(*meta, relpath, fig)) {
    cJSON_Delete(fig);
    return FC_ENOMEM;
  }
  return FC_OK;
}

static int normalize_entry(const fc_cat_table *t, cJSON *e) {
  const fc_cat_field *f;
  cJSON *meta = NULL;
  int st;
  for (f = t->fields; f->key; f++) {
    cJSON *v = cJSON_GetObjectItemCaseSensitive(e, f->key), *x, *next;
    if (!v) continue;
    if (f->type == T_FIG) {
      if ((st = normalize_fig(e, &meta, e, v, f->key))) return st;
    } else if (f->type == T_PEAK || f->type == T_PREMIUM) {
      for (x = v->child; x; x = next) {
        char rel[160];
        next = x->next;
        if (!cJSON_IsObject(x)) continue;
        snprintf(rel, sizeof rel, "%s.%s", f->key, x->string);
        if ((st = normalize_fig(e, &meta, v, x, rel))) return st;
      }
    }
  }
  return FC_OK;
}

/* }==================================================================== */

static const fc_cat_table *find_table(const char *name) {
  int k;
  const fc_cat_table *t;
  for (k = 0; fc_cat_files[k].kind; k++)
    for (t = fc_cat_files[k].tables; t->name; t++)
      if (strcmp(t->name, name) == 0) return t;
  return NULL;
}

const char *fc_catalog_kind_name(int kind) {
  if (kind < 0 || kind >= FC_CAT_NKINDS) return NULL;
  return fc_cat_files[kind].kind;
}

/* "flopcost.<kind>/1" -> kind index, or an error naming the problem. */
static int check_schema(vctx *c, const cJSON *v, int *kind) {
  const char *kinds[FC_CAT_NKINDS + 1];
  char k[64], sug[96];
  const char *s, *slash;
  size_t n;
  int i;
  if (!cJSON_IsString(v)) return expected(c, "'flopcost.<kind>/1'", v);
  s = v->valuestring;
  slash = strchr(s, '/');
  if (strncmp(s, "flopcost.", 9) != 0 || !slash || slash < s + 9)
    return expected(c, "'flopcost.<kind>/1'", v);
  n = (size_t)(slash - (s + 9));
  if (n >= sizeof k) n = sizeof k - 1;
  memcpy(k, s + 9, n);
  k[n] = '\0';
  for (i = 0; i < FC_CAT_NKINDS; i++) kinds[i] = fc_cat_files[i].kind;
  kinds[FC_CAT_NKINDS] = NULL;
  for (i = 0; i < FC_CAT_NKINDS; i++)
    if (strcmp(k, kinds[i]) == 0) break;
  if (i == FC_CAT_NKINDS)
    return verr(c, "unknown kind '%s'%s", k, suggest(k, kinds, sug, sizeof sug));
  if (strcmp(slash + 1, "1") != 0)
    return verr(c, "version 1 expected, got '%s' (this loader reads version 1)", s);
  *kind = i;
  return FC_OK;
}

int fc_catalog_validate(cJSON *doc, const char *file, int *kind, char *err, size_t errlen) {
  vctx c;
  const char *keys[16];
  const fc_cat_table *t;
  const cJSON *schema, *v;
  size_t n = 0, old;
  int st, k = 0, i;
  c.file = file ? file : "catalog";
  c.plen = 0;
  c.path[0] = '\0';
  c.err = err;
  c.errlen = errlen;
  if (err && errlen) err[0] = '\0';
  if (!doc) return FC_EINVAL;
  if (!cJSON_IsObject(doc)) return expected(&c, "object at the top level", doc);
  schema = cJSON_GetObjectItemCaseSensitive(doc, "schema");
  if (!schema) return verr(&c, "missing required field 'schema'");
  old = push_key(&c, "schema");
  st = check_schema(&c, schema, &k);
  pop(&c, old);
  if (st) return st;
  keys[n++] = "schema";
  keys[n++] = "as_of";
  keys[n++] = "source";
  keys[n++] = "notes";
  if (k == FC_CAT_FX) keys[n++] = "base";
  for (t = fc_cat_files[k].tables; t->name; t++) keys[n++] = t->name;
  keys[n] = NULL;
  if ((st = check_keys(&c, doc, keys))) return st;
  if (!(v = cJSON_GetObjectItemCaseSensitive(doc, "as_of"))) return verr(&c, "missing required field 'as_of'");
  old = push_key(&c, "as_of");
  st = check_date(&c, v);
  pop(&c, old);
  if (st) return st;
  for (i = 0; i < 2 && !st; i++) {
    if ((v = cJSON_GetObjectItemCaseSensitive(doc, i ? "notes" : "source"))) {
      old = push_key(&c, v->string);
      st = check_string(&c, v);
      pop(&c, old);
    }
  }
  if (st) return st;
  if (k == FC_CAT_FX) {
    if (!(v = cJSON_GetObjectItemCaseSensitive(doc, "base"))) return verr(&c, "missing required field 'base'");
    if (!cJSON_IsString(v) || strcmp(v->valuestring, "USD") != 0) {
      old = push_key(&c, "base");
      st = expected(&c, "'USD' (the only base supported)", v);
      pop(&c, old);
      return st;
    }
  }
  for (t = fc_cat_files[k].tables; t->name; t++) {
    cJSON *arr = cJSON_GetObjectItemCaseSensitive(doc, t->name), *e;
    if (!arr) {
      if (t->required) return verr(&c, "missing required field '%s'", t->name);
      continue;
    }
    old = push_key(&c, t->name);
    if (!cJSON_IsArray(arr)) st = expected(&c, "array", arr);
    for (e = cJSON_IsArray(arr) ? arr->child : NULL, i = 0; e && !st; e = e->next, i++) {
      size_t o2 = push_index(&c, i);
      st = check_entry(&c, t, e);
      if (!st) st = check_file_entry(&c, t, e);
      pop(&c, o2);
    }
    if (!st) st = check_unique(&c, t, arr);
    pop(&c, old);
    if (st) return st;
  }
  for (t = fc_cat_files[k].tables; t->name; t++) {
    cJSON *arr = cJSON_GetObjectItemCaseSensitive(doc, t->name), *e;
    for (e = arr ? arr->child : NULL; e; e = e->next)
      if ((st = normalize_entry(t, e))) {
        if (err && errlen) snprintf(err, errlen, "%s: out of memory", c.file);
        return st;
      }
  }
  if (kind) *kind = k;
  return FC_OK;
}

int fc_catalog_validate_entry(const char *table, cJSON *entry, const char *file, const char *path,
                              char *err, size_t errlen) {
  const fc_cat_table *t;
  vctx c;
  int st;
  c.file = file ? file : "catalog";
  c.err = err;
  c.errlen = errlen;
  c.plen = 0;
  c.path[0] = '\0';
  if (err && errlen) err[0] = '\0';
  if (!table || !entry) return FC_EINVAL;
  if (!(t = find_table(table))) {
    if (err && errlen) snprintf(err, errlen, "unknown table '%s'", table);
    return FC_EINVAL;
  }
  if (path) push_key(&c, path);
  if ((st = check_entry(&c, t, entry))) return st;
  if ((st = normalize_entry(t, entry))) {
    if (err && errlen) snprintf(err, errlen, "%s: out of memory", c.file);
    return st;
  }
  return FC_OK;
}

int fc_catalog_load(const char *text, size_t len, const char *file, cJSON **out, int *kind,
                    char *err, size_t errlen) {
  cJSON *doc;
  int st;
  if (out) *out = NULL;
  if (err && errlen) err[0] = '\0';
  if (!text || !out) return FC_EINVAL;
  if (!file) file = "catalog";
  if (len > FC_CATALOG_MAX_BYTES) {
    if (err && errlen) snprintf(err, errlen, "%s: file too large (%zu bytes, at most %u)", file, len,
                                FC_CATALOG_MAX_BYTES);
    return FC_EDOM;
  }
  st = fc_json_parse(text, len, file, &doc, err, errlen);
  if (st) return st;
  st = fc_catalog_validate(doc, file, kind, err, errlen);
  if (st) {
    cJSON_Delete(doc);
    return st;
  }
  *out = doc;
  return FC_OK;
}

/* ---- one power rule per silicon (fc_catalog.h) ------------------------- */

int fc_catalog_share_silicon(size_t n, const char *const *silicon, const int *has_curve, const int *has_idle,
                             long *curve_from, long *idle_from) {
  size_t i, j;
  if (n > 0 && (!silicon || !has_curve || !has_idle || !curve_from || !idle_from)) return FC_EINVAL;
  for (i = 0; i < n; i++) {
    long src = -1;
    curve_from[i] = has_curve[i] ? (long)i : -1;
    idle_from[i] = has_idle[i] ? (long)i : -1;
    if (has_curve[i] || !silicon[i] || !silicon[i][0]) continue;
    /* the first sibling with a measured curve lends it */
    for (j = 0; j < n && src < 0; j++)
      if (j != i && has_curve[j] && silicon[j] && strcmp(silicon[j], silicon[i]) == 0) src = (long)j;
    if (src < 0) continue;
    curve_from[i] = src;
    if (!has_idle[i] && has_idle[src]) idle_from[i] = src;
  }
  return FC_OK;
}
