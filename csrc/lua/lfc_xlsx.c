/* lfc_xlsx.c -- flopcost.core.xlsx.write(path, sheets, cells): a workbook of numbers, text and
** live formulas (fc_xlsx.h). cells: a list of {sheet =, row =, col = (1-based), number = | text = |
** formula = [, value = cached result] [, bold = true]}. -> true, or nil, msg, token. */
#include <lua.h>
#include <lauxlib.h>
#include "fc_status.h"
#include "fc_xlsx.h"
#include "lfc.h"
#include "lfc_util.h"

#define FN "flopcost.xlsx.write"

/* The 1-based integer field f of the table at idx, checked against [1, max]. */
static unsigned index_field(lua_State *L, int idx, const char *f, lua_Integer max, int k) {
  lua_Integer v;
  int ok;
  lua_getfield(L, idx, f);
  v = lua_tointegerx(L, -1, &ok);
  if (!ok || v < 1 || v > max) luaL_error(L, "%s: cells[%d].%s: integer in [1, %d] expected", FN, k, f, (int)max);
  lua_pop(L, 1);
  return (unsigned)(v - 1);
}

/* Reads cell k (the table on top of the stack) into *c; strings stay in the cells table. */
static void read_cell(lua_State *L, int k, size_t nsheets, fc_xlsx_cell *c) {
  int t = lua_gettop(L);
  c->sheet = index_field(L, t, "sheet", (lua_Integer)nsheets, k);
  c->row = index_field(L, t, "row", 1048576, k);
  c->col = index_field(L, t, "col", 16384, k);
  lua_getfield(L, t, "bold");
  c->bold = lua_toboolean(L, -1);
  lua_getfield(L, t, "formula");
  lua_getfield(L, t, "text");
  lua_getfield(L, t, "number");
  lua_getfield(L, t, "value");
  if (lua_type(L, t + 2) == LUA_TSTRING) {
    c->kind = FC_XLSX_FORMULA;
    c->text = lua_tostring(L, t + 2);
    c->number = lua_type(L, t + 5) == LUA_TNUMBER ? lua_tonumber(L, t + 5) : 0.0;
  } else if (lua_type(L, t + 3) == LUA_TSTRING) {
    c->kind = FC_XLSX_TEXT;
    c->text = lua_tostring(L, t + 3);
  } else if (lua_type(L, t + 4) == LUA_TNUMBER) {
    c->kind = FC_XLSX_NUMBER;
    c->number = lua_tonumber(L, t + 4);
  } else {
    luaL_error(L, "%s: cells[%d]: number, text or formula expected", FN, k);
  }
  lua_settop(L, t);
}

static int l_write(lua_State *L) {
  const char *path, *sheets[64];
  size_t nsheets, ncells, i;
  fc_xlsx_cell *cells;
  char msg[512];
  int st;
  if (lfc_sandbox_active(L)) {
    lua_pushstring(L, FN ": file access is not allowed in a sandboxed script");
    return lfc_fail(L, "sandboxed", lua_tostring(L, -1));
  }
  path = luaL_checkstring(L, 1);
  luaL_checktype(L, 2, LUA_TTABLE);
  luaL_checktype(L, 3, LUA_TTABLE);
  nsheets = (size_t)lua_rawlen(L, 2);
  if (nsheets == 0 || nsheets > 64) return luaL_error(L, "%s: argument 'sheets': 1 to 64 sheet names expected", FN);
  for (i = 0; i < nsheets; i++) {
    lua_rawgeti(L, 2, (lua_Integer)i + 1);
    if (lua_type(L, -1) != LUA_TSTRING) return luaL_error(L, "%s: sheets[%d]: name expected", FN, (int)i + 1);
    sheets[i] = lua_tostring(L, -1); /* kept alive by the sheets table */
    lua_pop(L, 1);
  }
  ncells = (size_t)lua_rawlen(L, 3);
  /* a userdata: collected if a check below raises */
  cells = (fc_xlsx_cell *)lua_newuserdatauv(L, (ncells ? ncells : 1) * sizeof *cells, 0);
  for (i = 0; i < ncells; i++) {
    lua_rawgeti(L, 3, (lua_Integer)i + 1);
    if (!lua_istable(L, -1)) return luaL_error(L, "%s: cells[%d]: table expected", FN, (int)i + 1);
    read_cell(L, (int)i + 1, nsheets, &cells[i]);
    lua_pop(L, 1);
  }
  st = fc_xlsx_write(path, sheets, nsheets, cells, ncells, msg, sizeof msg);
  if (st == FC_EINVAL) return luaL_error(L, "%s: %s", FN, msg);
  if (st != FC_OK) return lfc_fail_status(L, st, msg);
  lua_pushboolean(L, 1);
  return 1;
}

static const luaL_Reg funcs[] = {{"write", l_write}, {NULL, NULL}};

int lfc_open_xlsx(lua_State *L) {
  luaL_newlib(L, funcs);
  return 1;
}
