/*
** fc_catalog.c -- validation and normalisation of catalog files against
** docs/catalog-schema.md; see fc_catalog.h: entries, tables (names unique),
** files and normalisation here; the checks of single values and rule fields
** in fc_catalog_check.c. The schema itself is data in fc_catalog_schema.c; the
** JSON decoder is fc_json.c.
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
#include "fc_catalog_check.h"
#include "fc_text.h"
#include "fc_training.h"
#include "fc_rental.h"
#include "fc_export.h"
#include "fc_scenario.h"

/* A measured power curve ends at or near the board's TDP: a draw more than
   5 % above tdp_w at the curve's last point means a wrong curve or a wrong
   TDP (measurements exceed the rating by a few percent at most: sensor error,
   boost). The rule of tools/check_models.lua, kept when that copy was deleted. */
static double fig_value(const cJSON *v);
static int check_curve_tdp(fc_cat_vctx *c, const cJSON *e) {
  const cJSON *pc = cJSON_GetObjectItemCaseSensitive(e, "power_curve");
  const cJSON *tdp = cJSON_GetObjectItemCaseSensitive(e, "tdp_w");
  const cJSON *p;
  int n, st;
  size_t old, old2;
  if (!pc || !tdp) return FC_OK;
  p = cJSON_GetObjectItemCaseSensitive(pc, "power_w");
  n = cJSON_GetArraySize(p);
  if (n < 1 || cJSON_GetArrayItem(p, n - 1)->valuedouble <= 1.05 * fig_value(tdp)) return FC_OK;
  old = fc_cat_push_key(c, "power_curve");
  old2 = fc_cat_push_key(c, "power_w");
  st = fc_cat_verr(c, "%.14g W at the curve's last point is more than 5%% above tdp_w (%.14g W)",
            cJSON_GetArrayItem(p, n - 1)->valuedouble, fig_value(tdp));
  fc_cat_pop(c, old2);
  fc_cat_pop(c, old);
  return st;
}

/* A published run agrees with itself (the cross-checks of tools/check_models.lua,
   kept when that copy was deleted): 6 N D (fc_training_flops, N the active
   parameters) within 10 % of the FLOP it reports (the rest is attention and
   rounding in the report); GPU-hours / chips / 24 within 2 % of the wall-clock
   days it reports; a year of the deep-learning era, 2010-2030. */
static int check_run(fc_cat_vctx *c, const cJSON *e) {
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
    old = fc_cat_push_key(c, "year");
    st = fc_cat_verr(c, "%.14g is outside 2010-2030", fig_value(y));
    fc_cat_pop(c, old);
    return st;
  }
  if (n && d && f && fc_training_flops(fig_value(n), fig_value(d), 0, 0, 0, &flops) == FC_OK &&
      !(flops / fig_value(f) > 0.9 && flops / fig_value(f) < 1.1)) {
    old = fc_cat_push_key(c, "flops_reported");
    st = fc_cat_verr(c, "6 N D / flops_reported = %.3f, outside [0.9, 1.1]", flops / fig_value(f));
    fc_cat_pop(c, old);
    return st;
  }
  if (h && k && w && !(fabs(fig_value(h) / fig_value(k) / 24 / fig_value(w) - 1) < 0.02)) {
    old = fc_cat_push_key(c, "wall_clock_days");
    st = fc_cat_verr(c, "gpu_hours / chips / 24 = %.1f days, reported %.14g", fig_value(h) / fig_value(k) / 24,
              fig_value(w));
    fc_cat_pop(c, old);
  }
  return st;
}

/* Rules for entries of a published catalog file, not for an override or an
   addition from a script (a what-if may cap a chip's power below its
   measured curve, or sketch a rule that was never published). */
static int check_file_entry(fc_cat_vctx *c, const fc_cat_table *t, const cJSON *e) {
  if (strcmp(t->name, "chips") == 0) return check_curve_tdp(c, e);
  if (strcmp(t->name, "runs") == 0) return check_run(c, e);
  return FC_OK;
}

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
static int check_llm(fc_cat_vctx *c, const cJSON *e) {
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
  old = fc_cat_push_key(c, bad);
  st = fc_cat_verr(c, "%s", why ? why : msg);
  fc_cat_pop(c, old);
  return st;
}

static int check_entry(fc_cat_vctx *c, const fc_cat_table *t, const cJSON *e) {
  const char *keys[40];
  const fc_cat_field *f;
  const cJSON *a, *b;
  size_t n = 0;
  int st;
  if (!cJSON_IsObject(e)) return fc_cat_expected(c, "object", e);
  for (f = t->fields; f->key && n < 39; f++) keys[n++] = f->key;
  keys[n] = NULL;
  if ((st = fc_cat_check_keys(c, e, keys))) return st;
  /* the key field first, then the required ones, so a message names the
     most useful problem */
  for (f = t->fields; f->key; f++) {
    if (f->required && !cJSON_GetObjectItemCaseSensitive(e, f->key))
      return fc_cat_verr(c, "missing required field '%s'", f->key);
  }
  for (f = t->fields; f->key; f++) {
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(e, f->key);
    size_t old;
    if (!v) continue;
    old = fc_cat_push_key(c, f->key);
    st = fc_cat_check_field(c, f, v, e);
    fc_cat_pop(c, old);
    if (st) return st;
  }
  /* relations between fields of one entry */
  if (strcmp(t->name, "chips") == 0) {
    a = cJSON_GetObjectItemCaseSensitive(e, "idle_w");
    b = cJSON_GetObjectItemCaseSensitive(e, "tdp_w");
    if (a && fig_value(a) > fig_value(b)) {
      size_t old = fc_cat_push_key(c, "idle_w");
      st = fc_cat_verr(c, "%.14g W is above tdp_w (%.14g W)", fig_value(a), fig_value(b));
      fc_cat_pop(c, old);
      return st;
    }
    /* a price says what it includes (fc_price.h): no price without a basis */
    a = cJSON_GetObjectItemCaseSensitive(e, "price_usd");
    b = cJSON_GetObjectItemCaseSensitive(e, "price_basis");
    if (a && !b) {
      size_t old = fc_cat_push_key(c, "price_usd");
      st = fc_cat_verr(c, "a price needs its basis: add price_basis (one of 'chip', 'board', "
                   "'server_per_accelerator', 'system_per_accelerator')");
      fc_cat_pop(c, old);
      return st;
    }
    if (b && !a) {
      size_t old = fc_cat_push_key(c, "price_basis");
      st = fc_cat_verr(c, "a basis without price_usd");
      fc_cat_pop(c, old);
      return st;
    }
  } else if (strcmp(t->name, "runs") == 0) {
    a = cJSON_GetObjectItemCaseSensitive(e, "active_params");
    b = cJSON_GetObjectItemCaseSensitive(e, "params");
    if (a && b && fig_value(a) > fig_value(b)) {
      size_t old = fc_cat_push_key(c, "active_params");
      st = fc_cat_verr(c, "%.14g is above params (%.14g)", fig_value(a), fig_value(b));
      fc_cat_pop(c, old);
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
static int check_unique(fc_cat_vctx *c, const fc_cat_table *t, const cJSON *arr) {
  const cJSON *e;
  name_ref *r, best = {NULL, NULL, -1, -1};
  size_t n = 0, cap = 0, g, h;
  int i, bj = -1;
  for (e = arr->child; e; e = e->next) {
    const cJSON *al = t->key ? cJSON_GetObjectItemCaseSensitive(e, "aliases") : NULL;
    cap += 1 + (size_t)cJSON_GetArraySize(al);
  }
  r = (name_ref *)malloc((cap ? cap : 1) * sizeof *r);
  if (!r) { fc_cat_verr(c, "out of memory"); return FC_ENOMEM; }
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
    size_t old = fc_cat_push_index(c, best.entry);
    int st;
    if (!t->key) {
      st = fc_cat_verr(c, "duplicate rate for %s on %s (also %s[%d])", best.a, best.b, t->name, bj);
    } else if (best.slot == 0) {
      size_t o2 = fc_cat_push_key(c, t->key);
      st = fc_cat_verr(c, "duplicate %s '%s' (also %s[%d])", t->key, best.a, t->name, bj);
      fc_cat_pop(c, o2);
    } else {
      size_t o2 = fc_cat_push_key(c, "aliases"), o3 = fc_cat_push_index(c, best.slot - 1);
      st = fc_cat_verr(c, "'%s' is already a name or alias of %s[%d]", best.a, t->name, bj);
      fc_cat_pop(c, o3);
      fc_cat_pop(c, o2);
    }
    fc_cat_pop(c, old);
    return st;
  }
  /* an entry whose aliases repeat, even when it is the first entry */
  for (e = arr->child, i = 0; t->key && e; e = e->next, i++) {
    const cJSON *al = cJSON_GetObjectItemCaseSensitive(e, "aliases"), *x, *y;
    for (x = al ? al->child : NULL; x; x = x->next)
      for (y = x->next; y; y = y->next)
        if (str_ieq(x->valuestring, y->valuestring) ||
            str_ieq(x->valuestring, cJSON_GetObjectItemCaseSensitive(e, t->key)->valuestring)) {
          size_t old = fc_cat_push_index(c, i), o2 = fc_cat_push_key(c, "aliases");
          int st = fc_cat_verr(c, "'%s' appears twice", x->valuestring);
          fc_cat_pop(c, o2);
          fc_cat_pop(c, old);
          return st;
        }
    for (x = al ? al->child : NULL; x; x = x->next)
      if (str_ieq(x->valuestring, cJSON_GetObjectItemCaseSensitive(e, t->key)->valuestring)) {
        size_t old = fc_cat_push_index(c, i), o2 = fc_cat_push_key(c, "aliases");
        int st = fc_cat_verr(c, "'%s' repeats the entry's %s", x->valuestring, t->key);
        fc_cat_pop(c, o2);
        fc_cat_pop(c, old);
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
static int check_schema(fc_cat_vctx *c, const cJSON *v, int *kind) {
  const char *kinds[FC_CAT_NKINDS + 1];
  char k[64], sug[96];
  const char *s, *slash;
  size_t n;
  int i;
  if (!cJSON_IsString(v)) return fc_cat_expected(c, "'flopcost.<kind>/1'", v);
  s = v->valuestring;
  slash = strchr(s, '/');
  if (strncmp(s, "flopcost.", 9) != 0 || !slash || slash < s + 9)
    return fc_cat_expected(c, "'flopcost.<kind>/1'", v);
  n = (size_t)(slash - (s + 9));
  if (n >= sizeof k) n = sizeof k - 1;
  memcpy(k, s + 9, n);
  k[n] = '\0';
  for (i = 0; i < FC_CAT_NKINDS; i++) kinds[i] = fc_cat_files[i].kind;
  kinds[FC_CAT_NKINDS] = NULL;
  for (i = 0; i < FC_CAT_NKINDS; i++)
    if (strcmp(k, kinds[i]) == 0) break;
  if (i == FC_CAT_NKINDS)
    return fc_cat_verr(c, "unknown kind '%s'%s", k, fc_cat_suggest(k, kinds, sug, sizeof sug));
  if (strcmp(slash + 1, "1") != 0)
    return fc_cat_verr(c, "version 1 expected, got '%s' (this loader reads version 1)", s);
  *kind = i;
  return FC_OK;
}

int fc_catalog_validate(cJSON *doc, const char *file, int *kind, char *err, size_t errlen) {
  fc_cat_vctx c;
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
  if (!cJSON_IsObject(doc)) return fc_cat_expected(&c, "object at the top level", doc);
  schema = cJSON_GetObjectItemCaseSensitive(doc, "schema");
  if (!schema) return fc_cat_verr(&c, "missing required field 'schema'");
  old = fc_cat_push_key(&c, "schema");
  st = check_schema(&c, schema, &k);
  fc_cat_pop(&c, old);
  if (st) return st;
  keys[n++] = "schema";
  keys[n++] = "as_of";
  keys[n++] = "source";
  keys[n++] = "notes";
  if (k == FC_CAT_FX) keys[n++] = "base";
  for (t = fc_cat_files[k].tables; t->name; t++) keys[n++] = t->name;
  keys[n] = NULL;
  if ((st = fc_cat_check_keys(&c, doc, keys))) return st;
  if (!(v = cJSON_GetObjectItemCaseSensitive(doc, "as_of"))) return fc_cat_verr(&c, "missing required field 'as_of'");
  old = fc_cat_push_key(&c, "as_of");
  st = fc_cat_check_date(&c, v);
  fc_cat_pop(&c, old);
  if (st) return st;
  for (i = 0; i < 2 && !st; i++) {
    if ((v = cJSON_GetObjectItemCaseSensitive(doc, i ? "notes" : "source"))) {
      old = fc_cat_push_key(&c, v->string);
      st = fc_cat_check_string(&c, v);
      fc_cat_pop(&c, old);
    }
  }
  if (st) return st;
  if (k == FC_CAT_FX) {
    if (!(v = cJSON_GetObjectItemCaseSensitive(doc, "base"))) return fc_cat_verr(&c, "missing required field 'base'");
    if (!cJSON_IsString(v) || strcmp(v->valuestring, "USD") != 0) {
      old = fc_cat_push_key(&c, "base");
      st = fc_cat_expected(&c, "'USD' (the only base supported)", v);
      fc_cat_pop(&c, old);
      return st;
    }
  }
  for (t = fc_cat_files[k].tables; t->name; t++) {
    cJSON *arr = cJSON_GetObjectItemCaseSensitive(doc, t->name), *e;
    if (!arr) {
      if (t->required) return fc_cat_verr(&c, "missing required field '%s'", t->name);
      continue;
    }
    old = fc_cat_push_key(&c, t->name);
    if (!cJSON_IsArray(arr)) st = fc_cat_expected(&c, "array", arr);
    for (e = cJSON_IsArray(arr) ? arr->child : NULL, i = 0; e && !st; e = e->next, i++) {
      size_t o2 = fc_cat_push_index(&c, i);
      st = check_entry(&c, t, e);
      if (!st) st = check_file_entry(&c, t, e);
      fc_cat_pop(&c, o2);
    }
    if (!st) st = check_unique(&c, t, arr);
    fc_cat_pop(&c, old);
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
  fc_cat_vctx c;
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
  if (path) fc_cat_push_key(&c, path);
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
