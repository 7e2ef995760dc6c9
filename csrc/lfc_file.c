/*
** lfc_file.c -- flopcost.core.file: the one reader and writer of whole files
** (fc_file.c). Every CSV, JSON, SVG, state and scenario writer goes through
** write(); catalogs, scenario, study and state files through read().
**   core.file.write(path, text)          -> true | nil, msg   (atomic)
**   core.file.read(path [, max_bytes])   -> text | nil, msg   (regular files, capped)
** Failures caused by the file system return nil, msg (never raise).
*/
#include <stdlib.h>
#include <lua.h>
#include <lauxlib.h>
#include "fc_status.h"
#include "fc_file.h"
#include "lfc.h"
#include "lfc_util.h"

static int arg_error(lua_State *L, const char *fn, const char *name, int arg) {
  return luaL_error(L, "%s: argument '%s': string expected, got %s", fn, name, luaL_typename(L, arg));
}

static int l_write(lua_State *L) {
  size_t len;
  const char *path, *text;
  char msg[512];
  if (lua_type(L, 1) != LUA_TSTRING) return arg_error(L, "flopcost.file.write", "path", 1);
  if (lua_type(L, 2) != LUA_TSTRING) return arg_error(L, "flopcost.file.write", "text", 2);
  path = lua_tostring(L, 1);
  text = lua_tolstring(L, 2, &len);
  if (fc_file_write_atomic(path, text, len, msg, sizeof msg) != FC_OK) {
    luaL_pushfail(L);
    lua_pushstring(L, msg);
    return 2;
  }
  lua_pushboolean(L, 1);
  return 1;
}

/* The buffer is owned by a userdata while it is pushed, so an out-of-memory
   error in lua_pushlstring cannot leak it. */
typedef struct { char *p; } buf_box;
static int buf_gc(lua_State *L) {
  buf_box *b = (buf_box *)lua_touserdata(L, 1);
  free(b->p);
  b->p = NULL;
  return 0;
}

static int l_read(lua_State *L) {
  size_t len, cap = FC_FILE_MAX_BYTES;
  buf_box *b;
  char msg[512];
  int st;
  if (lua_type(L, 1) != LUA_TSTRING) return arg_error(L, "flopcost.file.read", "path", 1);
  if (!lua_isnoneornil(L, 2)) cap = (size_t)lfc_arg_number(L, 2, "flopcost.file.read", "max_bytes", LFC_POSITIVE);
  b = (buf_box *)lua_newuserdatauv(L, sizeof *b, 0);
  b->p = NULL;
  lua_newtable(L);
  lua_pushcfunction(L, buf_gc);
  lua_setfield(L, -2, "__gc");
  lua_pushliteral(L, "flopcost.file buffer");
  lua_setfield(L, -2, "__metatable");
  lua_setmetatable(L, -2);
  st = fc_file_read(lua_tostring(L, 1), cap, &b->p, &len, msg, sizeof msg);
  if (st != FC_OK) {
    luaL_pushfail(L);
    lua_pushstring(L, msg);
    return 2;
  }
  lua_pushlstring(L, b->p, len);
  free(b->p);
  b->p = NULL;
  return 1;
}

int lfc_open_file(lua_State *L) {
  static const luaL_Reg fns[] = { {"write", l_write}, {"read", l_read}, {NULL, NULL} };
  luaL_newlib(L, fns);
  lua_pushinteger(L, (lua_Integer)FC_FILE_MAX_BYTES);
  lua_setfield(L, -2, "max_bytes");
  return 1;
}
