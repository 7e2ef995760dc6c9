/* fc_xlsx.c -- workbooks through libxlsxwriter (fc_xlsx.h). libxlsxwriter 1.1 writes only
   to a named file, so the book goes to a temporary file beside the target, is read back and
   put in place by fc_file_write_atomic (a failure keeps the old file). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>
#include "fc_status.h"
#include "fc_file.h"
#include "fc_xlsx.h"

#define MAX_BOOK_BYTES ((size_t)256 << 20)

static int fail(char *err, size_t errlen, int st, const char *msg, const char *detail) {
  if (err && errlen) snprintf(err, errlen, "%s%s%s", msg, detail ? ": " : "", detail ? detail : "");
  return st;
}

/* The cells into the workbook's sheets; FC_EINVAL for a bad sheet index or kind. */
static int fill(lxw_workbook *wb, lxw_worksheet **ws, size_t nsheets, const fc_xlsx_cell *cells,
                size_t ncells, char *err, size_t errlen) {
  size_t i;
  lxw_format *bold = workbook_add_format(wb);
  if (bold) format_set_bold(bold);
  for (i = 0; i < ncells; i++) {
    const fc_xlsx_cell *c = &cells[i];
    lxw_format *f = c->bold ? bold : NULL;
    lxw_error e = LXW_NO_ERROR;
    if (c->sheet >= nsheets || c->row >= LXW_ROW_MAX || c->col >= LXW_COL_MAX)
      return fail(err, errlen, FC_EINVAL, "cell outside the workbook", NULL);
    if (c->kind == FC_XLSX_NUMBER) e = worksheet_write_number(ws[c->sheet], c->row, (lxw_col_t)c->col, c->number, f);
    else if (c->kind == FC_XLSX_TEXT && c->text)
      e = worksheet_write_string(ws[c->sheet], c->row, (lxw_col_t)c->col, c->text, f);
    else if (c->kind == FC_XLSX_FORMULA && c->text)
      e = worksheet_write_formula_num(ws[c->sheet], c->row, (lxw_col_t)c->col, c->text, f, c->number);
    else return fail(err, errlen, FC_EINVAL, "cell without a kind or text", NULL);
    if (e != LXW_NO_ERROR) return fail(err, errlen, FC_EINVAL, "cell not written", lxw_strerror(e));
  }
  return FC_OK;
}

int fc_xlsx_write(const char *path, const char *const *sheets, size_t nsheets, const fc_xlsx_cell *cells,
                  size_t ncells, char *err, size_t errlen) {
  char *tmp, *data = NULL;
  size_t len = 0, i;
  int st;
  lxw_workbook *wb;
  lxw_worksheet **ws;
  lxw_error e;
  if (!path || !*path || !sheets || nsheets == 0 || (!cells && ncells))
    return fail(err, errlen, FC_EINVAL, "path, sheets and cells expected", NULL);
  tmp = malloc(strlen(path) + 32);
  ws = calloc(nsheets, sizeof *ws);
  if (!tmp || !ws) { free(tmp); free(ws); return fail(err, errlen, FC_ENOMEM, "out of memory", NULL); }
  snprintf(tmp, strlen(path) + 32, "%s.%ld.tmp.xlsx", path, (long)getpid());
  wb = workbook_new(tmp);
  if (!wb) { free(tmp); free(ws); return fail(err, errlen, FC_EIO, "cannot create the workbook", path); }
  st = FC_OK;
  for (i = 0; i < nsheets && st == FC_OK; i++) {
    if (!sheets[i] || workbook_validate_sheet_name(wb, sheets[i]) != LXW_NO_ERROR)
      st = fail(err, errlen, FC_EINVAL, "bad sheet name", sheets[i]);
    else if (!(ws[i] = workbook_add_worksheet(wb, sheets[i])))
      st = fail(err, errlen, FC_ENOMEM, "cannot add a sheet", sheets[i]);
  }
  if (st == FC_OK) st = fill(wb, ws, nsheets, cells, ncells, err, errlen);
  e = workbook_close(wb); /* frees wb, writes the file */
  free(ws);
  if (st == FC_OK && e != LXW_NO_ERROR) st = fail(err, errlen, FC_EIO, "cannot write the workbook", lxw_strerror(e));
  if (st == FC_OK) st = fc_file_read(tmp, MAX_BOOK_BYTES, &data, &len, err, errlen);
  if (st == FC_OK) st = fc_file_write_atomic(path, data, len, err, errlen);
  free(data);
  remove(tmp);
  free(tmp);
  return st;
}
