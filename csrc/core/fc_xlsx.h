/* fc_xlsx.h -- a workbook of numbers, text and live formulas, written with libxlsxwriter
** (Debian libxlsxwriter-dev, https://libxlsxwriter.github.io) and put in place atomically
** (fc_file_write_atomic). What the sheets hold is the caller's: flopcost's Lua layer lays
** out the Inputs, Results and Provenance sheets of `compare --format xlsx`. */
#ifndef FC_XLSX_H
#define FC_XLSX_H
#include <stddef.h>

enum { FC_XLSX_NUMBER = 0, FC_XLSX_TEXT = 1, FC_XLSX_FORMULA = 2 };

/* One cell: sheet index, 0-based row and column; a number, a text, or a formula ("=A1*2",
   Excel syntax) whose cached result is `number` (what a reader shows before it recalculates). */
typedef struct {
  size_t sheet;
  unsigned row, col;
  int kind;
  double number;
  const char *text;
  int bold;
} fc_xlsx_cell;

/* Writes the sheets (names: at most 31 characters, no []:*?/\) and cells to path.
   Returns FC_OK, FC_EINVAL (a bad sheet, cell or name; the reason in err), FC_EIO
   (libxlsxwriter or the file could not be written; the old file stays). */
int fc_xlsx_write(const char *path, const char *const *sheets, size_t nsheets, const fc_xlsx_cell *cells,
                  size_t ncells, char *err, size_t errlen);

#endif
