/* lfc_text.c -- Lua binding of fc_text's line formats (flopcost.core.text). */
#include <lua.h>
#include <lauxlib.h>
#include "fc.h"
#include "lfc.h"
#include "lfc_util.h"

/* progress_line(label, unit, done, total, elapsed_s [, columns]) -> the one progress line
   (fc_text_progress_line), fitted to `columns` when given */
static int l_progress_line(lua_State *L) {
  const char *fn = "flopcost.text.progress_line";
  const char *label = luaL_checkstring(L, 1), *unit = luaL_checkstring(L, 2);
  double done = lfc_arg_number(L, 3, fn, "done", LFC_NONNEG);
  double total = lfc_arg_number(L, 4, fn, "total", LFC_NONNEG);
  double elapsed = lfc_arg_number(L, 5, fn, "elapsed_s", LFC_NONNEG);
  char buf[512];
  int n = fc_text_progress_line(buf, sizeof buf, label, unit, done, total, elapsed);
  if (n < 0) return lfc_status_error(L, fn, FC_EINVAL);
  if (!lua_isnoneornil(L, 6)) /* columns: fitted to a terminal that wide (fc_text_progress_fit) */
    fc_text_progress_fit(buf, (int)lfc_arg_number(L, 6, fn, "columns", LFC_POSITIVE));
  lua_pushstring(L, buf); /* truncated at 511 bytes for absurd labels */
  return 1;
}

static const luaL_Reg funcs[] = {{"progress_line", l_progress_line}, {NULL, NULL}};

int lfc_open_text(lua_State *L) {
  luaL_newlib(L, funcs);
  return 1;
}
