/*
** fuzz_catalog.c -- libFuzzer target for the catalog loader (pure C):
** fc_catalog_load scans, parses and validates arbitrary bytes. It must return
** FC_OK with a tree, or an error status with a non-empty message; never
** crash, leak or read out of bounds.
*/
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <cjson/cJSON.h>
#include "fc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  cJSON *doc = NULL;
  int kind = -1;
  char err[512];
  int st;
  err[0] = '\0';
  st = fc_catalog_load((const char *)data, size, "fuzz.json", &doc, &kind, err, sizeof err);
  if (st == FC_OK) {
    if (!doc) abort();
    cJSON_Delete(doc);
  } else {
    if (doc) abort();      /* nothing handed back on failure */
    if (!err[0]) abort();  /* every failure explains itself */
  }
  return 0;
}
