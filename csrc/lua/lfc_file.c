/*
** lfc_file.c -- flopcost.core.file: the one reader and writer of whole files
** (fc_file.c). Every CSV, JSON, SVG, state and scenario writer goes through
** write(); catalogs, scenario, study and state files through read().
**   core.file.write(path, text)          -> true | nil, msg   (atomic)
**   core.file.write_set(files [, lock_path [, wait_s]]) -> true | nil, msg: files =
**        { {path, text}, ... } written all or nothing, renamed under a lock on lock_path
**        (default: the first path .. ".lock"; wait_s 30) (fc_file_write_set)
**   core.file.read(path [, max_bytes])   -> text | nil, msg   (regular files, capped)
**   core.file.open(path)                 -> flopcost.FileStream | nil, msg: a file written
**        in pieces, atomically: s:write(text) -> true | nil, msg; s:commit() -> true |
**        nil, msg (renames it into place); s:abort() (also on garbage collection)
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

/* Sandboxed code reads and writes no file: nil, msg like any refused path. */
static int refused(lua_State *L, const char *fn) {
  lua_pushfstring(L, "%s: file access is not allowed in a sandboxed script", fn);
  return lfc_fail(L, "sandboxed", lua_tostring(L, -1));
}

static int l_write(lua_State *L) {
  size_t len;
  const char *path, *text;
  char msg[512];
  int st;
  if (lfc_sandbox_active(L)) return refused(L, "flopcost.file.write");
  if (lua_type(L, 1) != LUA_TSTRING) return arg_error(L, "flopcost.file.write", "path", 1);
  if (lua_type(L, 2) != LUA_TSTRING) return arg_error(L, "flopcost.file.write", "text", 2);
  path = lua_tostring(L, 1);
  text = lua_tolstring(L, 2, &len);
  if ((st = fc_file_write_atomic(path, text, len, msg, sizeof msg)) != FC_OK) return lfc_fail_status(L, st, msg);
  lua_pushboolean(L, 1);
  return 1;
}

/* Each {path, text} pair of the table at index 1, checked; pushes nothing. */
static void set_entry(lua_State *L, lua_Integer i, const char **path, const char **text, size_t *len) {
  const char *fn = "flopcost.file.write_set";
  if (lua_geti(L, 1, i) != LUA_TTABLE)
    luaL_error(L, "%s: argument 'files': item %d: {path, text} expected, got %s", fn, (int)i, luaL_typename(L, -1));
  if (lua_geti(L, -1, 1) != LUA_TSTRING || lua_geti(L, -2, 2) != LUA_TSTRING)
    luaL_error(L, "%s: argument 'files': item %d: {path, text} (two strings) expected", fn, (int)i);
  *path = lua_tostring(L, -2);
  *text = lua_tolstring(L, -1, len);
  lua_pop(L, 3); /* the strings stay reachable through the files table (arg 1) */
}

static int l_write_set(lua_State *L) {
  const char *fn = "flopcost.file.write_set", *lock;
  const char **paths;
  const void **data;
  size_t *lens;
  lua_Integer n, i;
  double wait_s = 30;
  char msg[768];
  int st;
  if (lfc_sandbox_active(L)) return refused(L, fn);
  if (lua_type(L, 1) != LUA_TTABLE) return luaL_error(L, "%s: argument 'files': table expected, got %s", fn, luaL_typename(L, 1));
  if (!lua_isnoneornil(L, 2) && lua_type(L, 2) != LUA_TSTRING) return arg_error(L, fn, "lock_path", 2);
  lock = lua_tostring(L, 2);
  if (!lua_isnoneornil(L, 3)) wait_s = lfc_arg_number(L, 3, fn, "wait_s", LFC_NONNEG);
  n = (lua_Integer)lua_rawlen(L, 1);
  if (n < 1 || n > 4096) return luaL_error(L, "%s: argument 'files': 1 to 4096 files expected, got %d", fn, (int)n);
  /* the three arrays live in one userdata, so an error below frees them */
  paths = (const char **)lua_newuserdatauv(L, (size_t)n * (2 * sizeof(void *) + sizeof(size_t)), 0);
  data = (const void **)(paths + n);
  lens = (size_t *)(data + n);
  for (i = 1; i <= n; i++) set_entry(L, i, &paths[i - 1], (const char **)&data[i - 1], &lens[i - 1]);
  st = fc_file_write_set((size_t)n, paths, data, lens, lock, wait_s, msg, sizeof msg);
  if (st != FC_OK) return lfc_fail_status(L, st, msg);
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
  if (lfc_sandbox_active(L)) return refused(L, "flopcost.file.read");
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
  if (st != FC_OK) return lfc_fail_status(L, st, msg);
  lua_pushlstring(L, b->p, len);
  free(b->p);
  b->p = NULL;
  return 1;
}

#define STREAM_MT "flopcost.FileStream"

static fc_file_stream *check_stream(lua_State *L) {
  return (fc_file_stream *)luaL_checkudata(L, 1, STREAM_MT);
}

/* nil, msg for a file-system failure; a misuse (write after commit) raises. */
static int stream_status(lua_State *L, int st, const char *msg) {
  if (st == FC_OK) { lua_pushboolean(L, 1); return 1; }
  if (st == FC_EINVAL) return luaL_error(L, "flopcost.file: the stream is closed (committed or aborted)");
  return lfc_fail_status(L, st, msg);
}

static int s_write(lua_State *L) {
  fc_file_stream *fs = check_stream(L);
  size_t len;
  const char *text;
  char msg[512];
  if (lua_type(L, 2) != LUA_TSTRING) return arg_error(L, "flopcost.FileStream:write", "text", 2);
  text = lua_tolstring(L, 2, &len);
  return stream_status(L, fc_file_stream_write(fs, text, len, msg, sizeof msg), msg);
}

static int s_commit(lua_State *L) {
  char msg[512];
  return stream_status(L, fc_file_stream_commit(check_stream(L), msg, sizeof msg), msg);
}

static int s_abort(lua_State *L) {
  fc_file_stream_abort(check_stream(L));
  return 0;
}

static int l_open(lua_State *L) {
  fc_file_stream *fs;
  char msg[512];
  int st;
  if (lfc_sandbox_active(L)) return refused(L, "flopcost.file.open");
  if (lua_type(L, 1) != LUA_TSTRING) return arg_error(L, "flopcost.file.open", "path", 1);
  fs = (fc_file_stream *)lua_newuserdatauv(L, sizeof *fs, 0);
  fs->fd = -1; fs->tmp = fs->path = NULL;
  luaL_setmetatable(L, STREAM_MT);
  if ((st = fc_file_stream_open(lua_tostring(L, 1), fs, msg, sizeof msg)) != FC_OK) return lfc_fail_status(L, st, msg);
  return 1;
}

int lfc_open_file(lua_State *L) {
  static const luaL_Reg fns[] = { {"write", l_write}, {"write_set", l_write_set}, {"read", l_read}, {"open", l_open}, {NULL, NULL} };
  static const luaL_Reg methods[] = { {"write", s_write}, {"commit", s_commit}, {"abort", s_abort}, {NULL, NULL} };
  if (luaL_newmetatable(L, STREAM_MT)) {
    luaL_newlib(L, methods);
    lua_setfield(L, -2, "__index");
    lua_pushcfunction(L, s_abort);
    lua_setfield(L, -2, "__gc");
    lua_pushcfunction(L, s_abort);
    lua_setfield(L, -2, "__close");
    lua_pushliteral(L, STREAM_MT);
    lua_setfield(L, -2, "__metatable");
  }
  lua_pop(L, 1);
  luaL_newlib(L, fns);
  lua_pushinteger(L, (lua_Integer)FC_FILE_MAX_BYTES);
  lua_setfield(L, -2, "max_bytes");
  return 1;
}
