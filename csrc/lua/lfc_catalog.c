/*
** lfc_catalog.c -- Lua binding of fc_catalog (flopcost.core.catalog).
**
**   core.catalog.decode(text, file)  -> kind, document | nil, message
**       scan + parse + validate + normalise one catalog file (fc_catalog_load)
**       and convert the normalised tree into Lua tables once.
**   core.catalog.check_entry(table, entry, file, path) -> normalised entry | nil, message
**       validate an entry given as a Lua table (figure objects allowed), as
**       if it stood at `path` of `file` (fc_catalog_validate_entry).
**   core.catalog.edit_distance(a, b) -> integer (case-insensitive OSA distance)
**   core.catalog.suggest(name, candidates [, n]) -> the "did you mean" candidate or nil;
**       with n, a list of up to n candidates tied at the best score (by name)
**       (the one rule, fc_text.h; lua/flopcost/suggest.lua wraps it)
**
** Invalid data is a failure of the data, so these return nil, message; the
** Lua layer (lua/flopcost/catalog.lua) decides what to raise.  The cJSON tree
** lives in a userdata with __gc from before it is allocated until it is
** freed, so a Lua error in mid-conversion (out of memory, a value that cannot
** be stored) never leaks it.
*/
#include <math.h>
#include <string.h>
#include <lua.h>
#include <lauxlib.h>
#include "fc.h"
#include "lfc.h"
#include "lfc_util.h"

#define TREE_MT "flopcost.catalog.Tree"

typedef struct {
  cJSON *root;
} tree_box;

static int tree_gc(lua_State *L) {
  tree_box *b = (tree_box *)luaL_checkudata(L, 1, TREE_MT);
  cJSON_Delete(b->root);
  b->root = NULL;
  return 0;
}

static tree_box *new_box(lua_State *L) {
  tree_box *b = (tree_box *)lua_newuserdatauv(L, sizeof *b, 0);
  b->root = NULL;
  if (lfc_newmetatable(L, TREE_MT)) {
    lua_pushcfunction(L, tree_gc);
    lua_setfield(L, -2, "__gc");
  }
  lua_setmetatable(L, -2);
  return b;
}

/* {====================================================================
** cJSON -> Lua
** ===================================================================== */

static void push_json(lua_State *L, const cJSON *v, int depth) {
  const cJSON *x;
  luaL_checkstack(L, 4, "catalog nested too deeply");
  if (cJSON_IsObject(v)) {
    lua_createtable(L, 0, cJSON_GetArraySize(v));
    for (x = v->child; x; x = x->next) {
      push_json(L, x, depth + 1);
      lua_setfield(L, -2, x->string);
    }
  } else if (cJSON_IsArray(v)) {
    lua_Integer i = 1;
    lua_createtable(L, cJSON_GetArraySize(v), 0);
    for (x = v->child; x; x = x->next) {
      push_json(L, x, depth + 1);
      lua_rawseti(L, -2, i++);
    }
  } else if (cJSON_IsString(v)) {
    lua_pushstring(L, v->valuestring);
  } else if (cJSON_IsNumber(v)) {
    double d = v->valuedouble;
    /* integral values become Lua integers so they print as 700, not 700.0 */
    if (d == floor(d) && fabs(d) < 9007199254740992.0) lua_pushinteger(L, (lua_Integer)d);
    else lua_pushnumber(L, d);
  } else if (cJSON_IsBool(v)) {
    lua_pushboolean(L, cJSON_IsTrue(v));
  } else {
    lua_pushnil(L); /* null: the validator rejects it wherever it matters */
  }
}

/* }==================================================================== */

/* {====================================================================
** Lua -> cJSON
** ===================================================================== */

/* Adds `item` to `parent` under `key` (object) or at the end (array);
   deletes it and raises on failure, so it is always owned by the tree. */
static void attach(lua_State *L, cJSON *parent, const char *key, cJSON *item) {
  int ok;
  if (!item) luaL_error(L, "not enough memory");
  ok = key ? cJSON_AddItemToObject(parent, key, item) : cJSON_AddItemToArray(parent, item);
  if (!ok) {
    cJSON_Delete(item);
    luaL_error(L, "not enough memory");
  }
}

static void fill(lua_State *L, int idx, cJSON *node, const char *fn, int depth);

/* Converts the value at idx into a new node attached to parent. */
static void convert_value(lua_State *L, int idx, cJSON *parent, const char *key, const char *fn,
                          int depth) {
  switch (lua_type(L, idx)) {
    case LUA_TNUMBER: attach(L, parent, key, cJSON_CreateNumber(lua_tonumber(L, idx))); break;
    case LUA_TBOOLEAN: attach(L, parent, key, cJSON_CreateBool(lua_toboolean(L, idx))); break;
    case LUA_TSTRING: attach(L, parent, key, cJSON_CreateString(lua_tostring(L, idx))); break;
    case LUA_TTABLE: {
      /* an array when its keys are exactly 1..n (n >= 1), otherwise an object */
      lua_Integer n = (lua_Integer)lua_rawlen(L, idx);
      cJSON *node = n > 0 ? cJSON_CreateArray() : cJSON_CreateObject();
      attach(L, parent, key, node);
      fill(L, idx, node, fn, depth + 1);
      break;
    }
    default:
      if (key) luaL_error(L, "%s: a %s cannot be stored in a catalog (field '%s')", fn,
                          luaL_typename(L, idx), key);
      luaL_error(L, "%s: a %s cannot be stored in a catalog", fn, luaL_typename(L, idx));
  }
}

static void fill(lua_State *L, int idx, cJSON *node, const char *fn, int depth) {
  idx = lua_absindex(L, idx);
  if (depth > FC_CATALOG_MAX_DEPTH)
    luaL_error(L, "%s: tables nested deeper than %d levels (a cycle?)", fn, FC_CATALOG_MAX_DEPTH);
  luaL_checkstack(L, 4, "catalog nested too deeply");
  if (cJSON_IsArray(node)) {
    lua_Integer n = (lua_Integer)lua_rawlen(L, idx), i, count = 0;
    lua_pushnil(L);
    while (lua_next(L, idx)) {
      count++;
      lua_pop(L, 1);
    }
    if (count != n) luaL_error(L, "%s: a table mixes list items and named fields", fn);
    for (i = 1; i <= n; i++) {
      lua_rawgeti(L, idx, i);
      convert_value(L, -1, node, NULL, fn, depth);
      lua_pop(L, 1);
    }
    return;
  }
  lua_pushnil(L);
  while (lua_next(L, idx)) {
    if (lua_type(L, -2) != LUA_TSTRING)
      luaL_error(L, "%s: field names must be strings, got %s", fn, luaL_typename(L, -2));
    convert_value(L, -1, node, lua_tostring(L, -2), fn, depth);
    lua_pop(L, 1);
  }
}

/* }==================================================================== */

static int l_decode(lua_State *L) {
  size_t len;
  const char *text = luaL_checklstring(L, 1, &len);
  const char *file = luaL_checkstring(L, 2);
  char err[FC_CATALOG_ERRLEN];
  tree_box *b = new_box(L);
  int kind = 0, st = fc_catalog_load(text, len, file, &b->root, &kind, err, sizeof err);
  if (st == FC_ENOMEM) return luaL_error(L, "not enough memory");
  if (st) {
    luaL_pushfail(L);
    lua_pushstring(L, err);
    return 2;
  }
  lua_pushstring(L, fc_catalog_kind_name(kind));
  push_json(L, b->root, 0);
  cJSON_Delete(b->root);
  b->root = NULL;
  return 2;
}

static int l_check_entry(lua_State *L) {
  const char *table = luaL_checkstring(L, 1);
  const char *file = luaL_optstring(L, 3, "catalog");
  const char *path = luaL_optstring(L, 4, NULL);
  const char *fn = luaL_optstring(L, 5, "flopcost.catalog");
  char err[FC_CATALOG_ERRLEN];
  tree_box *b;
  int st;
  luaL_checktype(L, 2, LUA_TTABLE);
  b = new_box(L);
  b->root = cJSON_CreateObject();
  if (!b->root) return luaL_error(L, "not enough memory");
  if (lua_rawlen(L, 2) > 0) {
    luaL_pushfail(L);
    if (path) lua_pushfstring(L, "%s: %s: object expected, got array", file, path);
    else lua_pushfstring(L, "%s: object expected, got array", file);
    return 2;
  }
  fill(L, 2, b->root, fn, 1);
  st = fc_catalog_validate_entry(table, b->root, file, path, err, sizeof err);
  if (st == FC_ENOMEM) return luaL_error(L, "not enough memory");
  if (st == FC_EINVAL) return luaL_error(L, "%s: %s", fn, err);
  if (st) {
    luaL_pushfail(L);
    lua_pushstring(L, err);
    return 2;
  }
  push_json(L, b->root, 0);
  cJSON_Delete(b->root);
  b->root = NULL;
  return 1;
}

static int l_edit_distance(lua_State *L) {
  lua_pushinteger(L, fc_text_edit_distance(luaL_checkstring(L, 1), luaL_checkstring(L, 2)));
  return 1;
}

/* suggest(name, candidates) -> the candidate fc_text's rule suggests, or nil;
   suggest(name, candidates, n) -> a list of up to n candidates tied at the
   best score, in strcmp order (empty when none is close) */
static int l_suggest(lua_State *L) {
  const char *fn = "flopcost.catalog.suggest";
  fc_text_closest c;
  lua_Integer i, n, k = 0, most = 0;
  const char *near;
  if (lua_type(L, 1) != LUA_TSTRING) return lfc_arg_error(L, 1, fn, "name", "string");
  if (lua_type(L, 2) != LUA_TTABLE) return lfc_arg_error(L, 2, fn, "candidates", "list of strings");
  if (!lua_isnoneornil(L, 3) && (!lua_isinteger(L, 3) || (most = lua_tointeger(L, 3)) < 1))
    return lfc_arg_error(L, 3, fn, "n", fc_scenario_domain_text(FC_DOMAIN_POSINT));
  fc_text_closest_init(&c, lua_tostring(L, 1));
  n = (lua_Integer)lua_rawlen(L, 2);
  for (i = 1; i <= n; i++) {
    if (lua_rawgeti(L, 2, i) != LUA_TSTRING) return lfc_arg_error(L, -1, fn, "candidates", "list of strings");
    fc_text_closest_add(&c, lua_tostring(L, -1)); /* the string stays alive in the table */
    lua_pop(L, 1);
  }
  near = fc_text_closest_get(&c);
  if (most == 0) {
    if (near) lua_pushstring(L, near);
    else lua_pushnil(L);
    return 1;
  }
  /* the ties, in strcmp order: repeatedly the smallest tie above the last taken */
  lua_createtable(L, 0, 0);
  near = NULL;
  while (k < most) {
    const char *next = NULL;
    for (i = 1; i <= n; i++) {
      const char *s;
      lua_rawgeti(L, 2, i);
      s = lua_tostring(L, -1);
      lua_pop(L, 1);
      if (fc_text_closest_ties(&c, s) && (!near || strcmp(s, near) > 0) && (!next || strcmp(s, next) < 0))
        next = s;
    }
    if (!next) break;
    lua_pushstring(L, next);
    lua_rawseti(L, -2, ++k);
    near = next;
  }
  return 1;
}

/* core.catalog.share_silicon({{silicon =, curve = bool, idle = bool}, ...})
   -> curve_from, idle_from: for each chip the 1-based index of the chip whose
   power curve / idle power it uses (itself for its own), false for none
   (fc_catalog_share_silicon: the one power rule per silicon). */
static int l_share_silicon(lua_State *L) {
  size_t n, i;
  const char **sil;
  int *curve, *idle;
  long *cf, *idf;
  int st;
  luaL_checktype(L, 1, LUA_TTABLE);
  n = (size_t)luaL_len(L, 1);
  if (n > 1000000) return luaL_error(L, "flopcost.catalog.share_silicon: argument 'chips': at most 1e6 entries");
  sil = (const char **)lua_newuserdatauv(L, (n ? n : 1) * sizeof *sil, 0);
  curve = (int *)lua_newuserdatauv(L, (n ? n : 1) * 2 * sizeof *curve, 0);
  idle = curve + n;
  cf = (long *)lua_newuserdatauv(L, (n ? n : 1) * 2 * sizeof *cf, 0);
  idf = cf + n;
  for (i = 0; i < n; i++) {
    if (lua_rawgeti(L, 1, (lua_Integer)i + 1) != LUA_TTABLE)
      return luaL_error(L, "flopcost.catalog.share_silicon: argument 'chips': [%d]: table expected", (int)i + 1);
    lua_getfield(L, -1, "silicon");
    sil[i] = lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : NULL; /* the entry keeps the string */
    lua_getfield(L, -2, "curve");
    curve[i] = lua_toboolean(L, -1);
    lua_getfield(L, -3, "idle");
    idle[i] = lua_toboolean(L, -1);
    lua_pop(L, 4);
  }
  if ((st = fc_catalog_share_silicon(n, sil, curve, idle, cf, idf)) != FC_OK)
    return luaL_error(L, "flopcost.catalog.share_silicon: %s", fc_strerror(st));
  for (st = 0; st < 2; st++) {
    const long *from = st == 0 ? cf : idf;
    lua_createtable(L, (int)n, 0);
    for (i = 0; i < n; i++) {
      if (from[i] < 0) lua_pushboolean(L, 0);
      else lua_pushinteger(L, (lua_Integer)from[i] + 1);
      lua_rawseti(L, -2, (lua_Integer)i + 1);
    }
  }
  return 2;
}

static const luaL_Reg funcs[] = {
  {"decode", l_decode},
  {"share_silicon", l_share_silicon},
  {"check_entry", l_check_entry},
  {"edit_distance", l_edit_distance},
  {"suggest", l_suggest},
  {NULL, NULL}
};

int lfc_open_catalog(lua_State *L) {
  luaL_newlib(L, funcs);
  return 1;
}
