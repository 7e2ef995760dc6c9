/*
** lfc_locale.c -- numbers read and written with a '.' whatever the host's locale.
** Every writer and reader of flopcost formats numbers with the C library
** (snprintf, strtod; Lua's string.format, tostring and tonumber use them too),
** and those follow LC_NUMERIC: under de_DE.UTF-8 fc.json.encode{x = 1.5} gave
** {"x":1,5}, CSV numbers gained commas and Monte Carlo state files no longer
** decoded. Loading flopcost.core therefore gives the loading thread a locale
** of its own (POSIX uselocale, per thread) that is the host's locale at that
** moment with LC_NUMERIC = "C": every number flopcost writes or reads in that
** thread uses '.', and a later os.setlocale (which changes the process-wide
** locale) no longer reaches that thread's numbers. The host's other categories
** are kept as they were when flopcost was loaded. Other threads are untouched.
**   core.locale.decimal_point() -> the decimal point this thread formats with
*/
#include <locale.h>
#include <lua.h>
#include <lauxlib.h>
#include "lfc.h"

void lfc_locale_pin(void) {
  locale_t cur = uselocale((locale_t)0), base, pinned;
  if (cur != LC_GLOBAL_LOCALE) {
    struct lconv *lc = localeconv();
    if (lc && lc->decimal_point && lc->decimal_point[0] == '.' && lc->decimal_point[1] == '\0') return;
  }
  base = duplocale(cur);
  if (base == (locale_t)0) return;
  pinned = newlocale(LC_NUMERIC_MASK, "C", base);
  if (pinned == (locale_t)0) { freelocale(base); return; }
  uselocale(pinned); /* kept for the thread's life: the thread may format at any time */
}

static int l_decimal_point(lua_State *L) {
  struct lconv *lc = localeconv();
  lua_pushstring(L, lc && lc->decimal_point ? lc->decimal_point : "?");
  return 1;
}

int lfc_open_locale(lua_State *L) {
  static const luaL_Reg fns[] = { {"decimal_point", l_decimal_point}, {NULL, NULL} };
  luaL_newlib(L, fns);
  return 1;
}
