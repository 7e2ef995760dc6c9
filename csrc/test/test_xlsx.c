/* test_xlsx.c -- workbooks written by fc_xlsx_write (fc_xlsx.h) in a fresh temporary directory;
   one function per case. A workbook is a zip archive (ECMA-376 Part 2, Open Packaging
   Conventions): its member names are stored uncompressed in the local file headers, so the
   sheets written can be counted without unzipping. Formula results are checked by the Lua
   spec that recalculates the workbook with Gnumeric (spec/84-xlsx_spec.lua). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "fc.h"
#include "fc_file.h"
#include "fc_xlsx.h"
#include "fc_test.h"

static char dir[64];

static void path_of(char *out, size_t n, const char *name) { snprintf(out, n, "%s/%s", dir, name); }

/* The whole file, or NULL (len 0). */
static char *slurp(const char *path, size_t *len) {
  char err[256], *buf = NULL;
  *len = 0;
  if (fc_file_read(path, (size_t)64 << 20, &buf, len, err, sizeof err) != FC_OK) return NULL;
  return buf;
}

/* Does the archive hold a member of this name? (a plain byte search: names are not compressed) */
static int has_member(const char *buf, size_t len, const char *name) {
  size_t n = strlen(name), i;
  for (i = 0; buf && i + n <= len; i++)
    if (memcmp(buf + i, name, n) == 0) return 1;
  return 0;
}

static const char *const two_sheets[] = {"Inputs", "Results"};

static void test_writes_sheets(void) {
  char p[128], err[256], *buf;
  size_t len;
  fc_xlsx_cell cells[] = {
      {0, 0, 0, FC_XLSX_TEXT, 0.0, "price_usd", 1},
      {0, 0, 1, FC_XLSX_NUMBER, 25000.0, NULL, 0},
      {1, 0, 0, FC_XLSX_FORMULA, 50000.0, "=Inputs!B1*2", 0},
  };
  path_of(p, sizeof p, "book.xlsx");
  fc_test_int(fc_xlsx_write(p, two_sheets, 2, cells, 3, err, sizeof err), FC_OK, "write status");
  buf = slurp(p, &len);
  fc_test_int(buf != NULL && len > 4 && memcmp(buf, "PK\x03\x04", 4) == 0, 1, "a zip archive (PK\\3\\4)");
  fc_test_int(has_member(buf, len, "xl/worksheets/sheet1.xml"), 1, "sheet 1 written");
  fc_test_int(has_member(buf, len, "xl/worksheets/sheet2.xml"), 1, "sheet 2 written");
  fc_test_int(has_member(buf, len, "xl/worksheets/sheet3.xml"), 0, "no third sheet");
  fc_test_int(has_member(buf, len, "xl/sharedStrings.xml"), 1, "the text cell's string table");
  free(buf);
}

static void test_refuses_bad_cells(void) {
  char p[128], err[256];
  fc_xlsx_cell outside = {2, 0, 0, FC_XLSX_NUMBER, 1.0, NULL, 0};
  fc_xlsx_cell no_text = {0, 0, 0, FC_XLSX_FORMULA, 1.0, NULL, 0};
  fc_xlsx_cell bad_kind = {0, 0, 0, 7, 1.0, "x", 0};
  const char *const bad_name[] = {"In[puts]"};
  path_of(p, sizeof p, "bad.xlsx");
  fc_test_int(fc_xlsx_write(p, two_sheets, 2, &outside, 1, err, sizeof err), FC_EINVAL, "sheet index 2 of 2");
  fc_test_int(strstr(err, "outside") != NULL, 1, "the message says outside the workbook");
  fc_test_int(fc_xlsx_write(p, two_sheets, 2, &no_text, 1, err, sizeof err), FC_EINVAL, "a formula without text");
  fc_test_int(fc_xlsx_write(p, two_sheets, 2, &bad_kind, 1, err, sizeof err), FC_EINVAL, "an unknown kind");
  fc_test_int(fc_xlsx_write(p, bad_name, 1, NULL, 0, err, sizeof err), FC_EINVAL, "a sheet name with []");
  fc_test_int(strstr(err, "In[puts]") != NULL, 1, "the message names the sheet");
  fc_test_int(fc_xlsx_write(NULL, two_sheets, 2, NULL, 0, err, sizeof err), FC_EINVAL, "NULL path");
  fc_test_int(fc_xlsx_write(p, two_sheets, 0, NULL, 0, err, sizeof err), FC_EINVAL, "no sheets");
  fc_test_int(access(p, F_OK) != 0, 1, "nothing left at the path after refusals");
}

static void test_failed_write_keeps_old(void) {
  char p[128], err[256], *before, *after;
  size_t len_before, len_after;
  fc_xlsx_cell one = {0, 0, 0, FC_XLSX_NUMBER, 1.0, NULL, 0};
  fc_xlsx_cell bad = {5, 0, 0, FC_XLSX_NUMBER, 2.0, NULL, 0};
  path_of(p, sizeof p, "keep.xlsx");
  fc_test_int(fc_xlsx_write(p, two_sheets, 1, &one, 1, err, sizeof err), FC_OK, "keep: first write");
  before = slurp(p, &len_before);
  fc_test_int(fc_xlsx_write(p, two_sheets, 1, &bad, 1, err, sizeof err), FC_EINVAL, "keep: a bad second write");
  after = slurp(p, &len_after);
  fc_test_int(before && after && len_before == len_after && memcmp(before, after, len_before) == 0, 1,
              "keep: the first workbook is untouched");
  fc_test_int(fc_xlsx_write("/nonexistent-dir/x.xlsx", two_sheets, 1, &one, 1, err, sizeof err), FC_EIO,
              "a directory that does not exist");
  free(before);
  free(after);
}

int main(void) {
  char cmd[96];
  strcpy(dir, "/tmp/fc_test_xlsx.XXXXXX");
  if (!mkdtemp(dir)) { printf("mkdtemp failed\n"); return 1; }
  test_writes_sheets();
  test_refuses_bad_cells();
  test_failed_write_keeps_old();
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
  if (system(cmd) != 0) printf("could not remove %s\n", dir);
  return fc_test_summary("xlsx");
}
