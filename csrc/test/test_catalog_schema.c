/* test_catalog_schema.c -- the schema tables of docs/catalog-schema.md as data
   (fc_catalog_schema.h): every catalog kind has its tables, no table repeats
   a key, every enum has its options, and the vocabularies are the core's one
   copies (price bases = fc_price.h's); one function per case. */
#include <string.h>
#include "fc.h"
#include "fc_catalog_schema.h"
#include "fc_test.h"

static void test_kinds(void) {
  static const char *const kinds[] = {"chips", "regions", "processes", "packaging", "fx", "export_rules",
                                      "runs", "llms"};
  int k;
  for (k = 0; k < FC_CAT_NKINDS; k++) {
    fc_test_int(fc_cat_files[k].kind && strcmp(fc_cat_files[k].kind, kinds[k]) == 0, 1, kinds[k]);
    fc_test_int(fc_cat_files[k].tables && fc_cat_files[k].tables[0].name != NULL, 1, "at least one table");
  }
  fc_test_int(fc_cat_files[FC_CAT_NKINDS].kind == NULL, 1, "terminated after the last kind");
}

static void test_fields(void) {
  int k;
  for (k = 0; k < FC_CAT_NKINDS; k++) {
    const fc_cat_table *t;
    for (t = fc_cat_files[k].tables; t->name; t++) {
      const fc_cat_field *f, *g;
      int dup = 0, enums_ok = 1, nkey = 0;
      for (f = t->fields; f->key; f++) {
        for (g = t->fields; g < f; g++) dup |= strcmp(f->key, g->key) == 0;
        if (f->type == T_ENUM) enums_ok &= f->opts != NULL && f->opts[0] != NULL;
        if (t->key && strcmp(f->key, t->key) == 0) nkey++;
      }
      fc_test_int(dup, 0, t->name);
      fc_test_int(enums_ok, 1, t->name);
      fc_test_int(!t->key || nkey == 1, 1, t->name); /* the unique key is one of its fields */
    }
  }
}

static void test_vocabularies(void) {
  int i;
  for (i = 0; fc_cat_price_bases[i]; i++)
    fc_test_int(strcmp(fc_cat_price_bases[i], fc_price_basis_name(i)) == 0, 1, fc_cat_price_bases[i]);
  fc_test_int(fc_price_basis_name(i) == NULL, 1, "as many bases as fc_price.h");
  fc_test_int(fc_cat_destinations[0] != NULL && fc_cat_policies[0] != NULL && fc_cat_bounds[0] != NULL, 1,
              "the rule vocabularies");
}

int main(void) {
  test_kinds();
  test_fields();
  test_vocabularies();
  return fc_test_summary("catalog schema");
}
