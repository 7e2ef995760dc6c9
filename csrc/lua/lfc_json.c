/*
** lfc_json.c -- flopcost.core.json.decode: JSON text -> Lua value, with the
** one strict decoder of fc_json.h (the catalog's). Used for data-only
** scenario and study files and Monte Carlo states: decoding runs no code.
** Objects become tables, arrays sequences (JSON null becomes core.json.null,
** a sentinel that flopcost.json.encode writes back as null, so arrays keep
** their length). Malformed text returns nil, "name:line:col: malformed JSON
** (why)".
*/
#include <string.h>
#include <cjson/cJSON.h>
#include "fc.h"
#include "fc_json.h"
#include <lua.h>
#include <lauxlib.h>
#include "lfc.h"
#include "lfc_util.h"

#define MAX_DEPTH FC_JSON_MAX_DEPTH
#define TREE_MT "flopcost.JSONTree"

/* The parsed tree lives in a userdata so that a Lua error raised while
   converting (out of memory, too deep) cannot leak it: __gc frees it. */
typedef struct { cJSON *root; } tree_box;

static char null_sentinel; /* its address is core.json.null */

static int tree_gc(lua_State *L) {
  tree_box *b = (tree_box *)luaL_checkudata(L, 1, TREE_MT);
  if (b->root) cJSON_Delete(b->root);
  b->root = NULL;
  return 0;
}

/* Pushes the Lua form of node; returns 0, or -1 when nesting exceeds MAX_DEPTH. */
static int push_node(lua_State *L, const cJSON *node, int depth) {
  if (depth > MAX_DEPTH) return -1;
  luaL_checkstack(L, 4, "JSON too deep");
  if (cJSON_IsObject(node) || cJSON_IsArray(node)) {
    const cJSON *c;
    lua_Integer i = 1;
    int arr = cJSON_IsArray(node);
    lua_newtable(L);
    for (c = node->child; c; c = c->next) {
      if (push_node(L, c, depth + 1)) return -1;
      if (arr) lua_rawseti(L, -2, i++);
      else lua_setfield(L, -2, c->string);
    }
  } else if (cJSON_IsString(node)) {
    lua_pushstring(L, node->valuestring); /* no \0 inside: the scan refuses \u0000 */
  } else if (cJSON_IsNumber(node)) {
    double x = node->valuedouble;
    /* integral values within 2^53 become Lua integers: 10000 prints as 10000 */
    if (x > -9007199254740992.0 && x < 9007199254740992.0 && x == (double)(long long)x)
      lua_pushinteger(L, (lua_Integer)x);
    else
      lua_pushnumber(L, x);
  } else if (cJSON_IsBool(node)) {
    lua_pushboolean(L, cJSON_IsTrue(node));
  } else {
    lua_pushlightuserdata(L, (void *)&null_sentinel); /* the null sentinel */
  }
  return 0;
}

/* decode(text [, name]) -> value | nil, "name:line:col: malformed JSON", "parse_error" */
static int l_decode(lua_State *L) {
  size_t len;
  const char *text = luaL_checklstring(L, 1, &len);
  const char *name = luaL_optstring(L, 2, "JSON");
  tree_box *b = (tree_box *)lua_newuserdatauv(L, sizeof *b, 0);
  b->root = NULL;
  luaL_setmetatable(L, TREE_MT);
  {
    char err[256];
    int st = fc_json_parse(text, len, name, &b->root, err, sizeof err);
    if (st) return lfc_fail_status(L, st, st == FC_EPARSE ? err : fc_strerror(st));
  }
  if (push_node(L, b->root, 1)) {
    cJSON_Delete(b->root);
    b->root = NULL;
    lua_pushfstring(L, "%s: JSON nested deeper than %d levels", name, MAX_DEPTH);
    return lfc_fail_status(L, FC_EPARSE, lua_tostring(L, -1));
  }
  cJSON_Delete(b->root);
  b->root = NULL;
  return 1;
}

static const luaL_Reg funcs[] = {{"decode", l_decode}, {NULL, NULL}};

int lfc_open_json(lua_State *L) {
  if (lfc_newmetatable(L, TREE_MT)) {
    lua_pushcfunction(L, tree_gc);
    lua_setfield(L, -2, "__gc");
  }
  lua_pop(L, 1);
  luaL_newlib(L, funcs);
  lua_pushlightuserdata(L, (void *)&null_sentinel);
  lua_setfield(L, -2, "null");
  return 1;
}
