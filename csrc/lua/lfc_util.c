/* lfc_util.c -- see lfc_util.h. */
#include <math.h>
#include <string.h>
#include "lfc_util.h"
#include "fc_status.h"
#include "fc_text.h"

/* Push a short printable form of the value at v: numbers as %.14g (nan, inf,
   -inf spelled out), strings quoted, a value whose metatable has __name by
   that name (flopcost.Dist, flopcost.PowerCurve), anything else by its type. */
static void push_got(lua_State *L, int v) {
  v = lua_absindex(L, v);
  if (lua_type(L, v) == LUA_TNUMBER) {
    double x = lua_tonumber(L, v);
    if (isnan(x)) lua_pushliteral(L, "nan");
    else if (isinf(x)) lua_pushstring(L, x > 0 ? "inf" : "-inf");
    else if (lua_isinteger(L, v)) lua_pushfstring(L, "%I", (LUAI_UACINT)lua_tointeger(L, v));
    else lua_pushfstring(L, "%f", x);
  } else if (lua_type(L, v) == LUA_TSTRING) {
    lua_pushfstring(L, "'%s'", lua_tostring(L, v));
  } else {
    int t = luaL_getmetafield(L, v, "__name"); /* pushes nothing when absent */
    if (t != LUA_TSTRING) {
      if (t != LUA_TNIL) lua_pop(L, 1);
      lua_pushstring(L, luaL_typename(L, v));
    }
  }
}

void *lfc_check_self(lua_State *L, const char *mt, const char *fn) {
  void *p = luaL_testudata(L, 1, mt);
  if (p == NULL) {
    const char *method = strrchr(fn, ':');
    if (lua_gettop(L) < 1) lua_settop(L, 1); /* d.mean(): "got nil", not "got no value" */
    push_got(L, 1);
    luaL_error(L, "%s: argument 'self': %s expected (call it as x:%s(...)), got %s", fn, mt,
               method ? method + 1 : fn, lua_tostring(L, -1));
  }
  return p;
}

int lfc_field_error(lua_State *L, const char *fn, const char *field, const char *what, int v) {
  push_got(L, v);
  return luaL_error(L, "%s: field '%s': %s expected, got %s", fn, field, what,
                    lua_tostring(L, -1));
}

int lfc_domain_error(lua_State *L, const char *fn, const char *field, int domain, int v) {
  return lfc_field_error(L, fn, field, fc_scenario_domain_text(domain), v);
}

double lfc_check_value(lua_State *L, int v, const char *fn, const char *field, lfc_check domain) {
  double x = lua_tonumber(L, v);
  if (lua_type(L, v) != LUA_TNUMBER || !fc_scenario_domain_ok(domain, x))
    lfc_domain_error(L, fn, field, domain, v);
  return x;
}

void lfc_check_options(lua_State *L, int idx, const char *fn) {
  if (lua_type(L, idx) != LUA_TTABLE)
    luaL_error(L, "%s: options table expected, got %s", fn, luaL_typename(L, idx));
}

void lfc_check_fields(lua_State *L, int idx, const char *fn, const char *const known[]) {
  idx = lua_absindex(L, idx);
  lua_pushnil(L);
  while (lua_next(L, idx)) {
    lua_pop(L, 1);
    if (lua_type(L, -1) == LUA_TSTRING) {
      const char *k = lua_tostring(L, -1);
      int i, found = 0;
      for (i = 0; known[i]; i++)
        if (strcmp(k, known[i]) == 0) { found = 1; break; }
      if (!found) {
        const char *near = fc_text_suggest(k, known);
        if (near) luaL_error(L, "%s: unknown field '%s' (did you mean '%s'?)", fn, k, near);
        luaL_error(L, "%s: unknown field '%s'", fn, k);
      }
    } else {
      luaL_error(L, "%s: option keys must be strings, got %s", fn, luaL_typename(L, -1));
    }
  }
}

double lfc_field_number(lua_State *L, int idx, const char *fn, const char *field, lfc_check check) {
  double x;
  lua_getfield(L, idx, field);
  if (lua_type(L, -1) != LUA_TNUMBER) lfc_field_error(L, fn, field, fc_scenario_domain_text(check), -1);
  x = lua_tonumber(L, -1);
  if (!fc_scenario_domain_ok(check, x)) lfc_field_error(L, fn, field, fc_scenario_domain_text(check), -1);
  lua_pop(L, 1);
  return x;
}

double lfc_field_number_opt(lua_State *L, int idx, const char *fn, const char *field,
                            lfc_check check, double dflt) {
  int t = lua_getfield(L, idx, field);
  lua_pop(L, 1);
  if (t == LUA_TNIL) return dflt;
  return lfc_field_number(L, idx, fn, field, check);
}

long long lfc_field_integer_opt(lua_State *L, int idx, const char *fn, const char *field,
                                long long min, long long dflt) {
  int t = lua_getfield(L, idx, field);
  long long v;
  char what[64];
  if (t == LUA_TNIL) { lua_pop(L, 1); return dflt; }
  if (min == 0) strcpy(what, fc_scenario_domain_text(FC_DOMAIN_NONNEG_INT));
  else if (min == 1) strcpy(what, fc_scenario_domain_text(FC_DOMAIN_POSINT));
  else strcpy(what, "integer");
  if (t != LUA_TNUMBER) lfc_field_error(L, fn, field, what, -1);
  {
    int isint = 0;
    lua_Integer i = lua_tointegerx(L, -1, &isint);
    if (!isint || i < min) lfc_field_error(L, fn, field, what, -1);
    v = (long long)i;
  }
  lua_pop(L, 1);
  return v;
}

int lfc_field_option(lua_State *L, int idx, const char *fn, const char *field,
                     const char *const names[], int dflt) {
  int t = lua_getfield(L, idx, field), i;
  const char *s, *near;
  luaL_Buffer b;
  if (t == LUA_TNIL) { lua_pop(L, 1); return dflt; }
  if (t == LUA_TSTRING) {
    s = lua_tostring(L, -1);
    for (i = 0; names[i]; i++)
      if (strcmp(s, names[i]) == 0) { lua_pop(L, 1); return i; }
  }
  luaL_buffinit(L, &b);
  luaL_addstring(&b, "one of ");
  for (i = 0; names[i]; i++) {
    if (i) luaL_addstring(&b, ", ");
    luaL_addchar(&b, '\'');
    luaL_addstring(&b, names[i]);
    luaL_addchar(&b, '\'');
  }
  luaL_pushresult(&b);
  s = lua_tostring(L, -1);
  if (t == LUA_TSTRING && (near = fc_text_suggest(lua_tostring(L, -2), names)) != NULL)
    return luaL_error(L, "%s: field '%s': %s expected, got '%s' (did you mean '%s'?)", fn,
                      field, s, lua_tostring(L, -2), near);
  return lfc_field_error(L, fn, field, s, -2);
}

int lfc_arg_error(lua_State *L, int v, const char *fn, const char *name, const char *what) {
  push_got(L, v);
  return luaL_error(L, "%s: argument '%s': %s expected, got %s", fn, name, what, lua_tostring(L, -1));
}

double lfc_arg_number(lua_State *L, int arg, const char *fn, const char *name, lfc_check check) {
  double x;
  if (lua_type(L, arg) != LUA_TNUMBER || !fc_scenario_domain_ok(check, x = lua_tonumber(L, arg))) {
    lfc_arg_error(L, arg, fn, name, fc_scenario_domain_text(check));
    return 0.0;
  }
  return x;
}

int lfc_status_error(lua_State *L, const char *fn, int status) {
  if (status == FC_ERANGE) /* which result, and the usual cause, rather than a bare "out of range" */
    return luaL_error(L, "%s: the cost (usd_per_eflop) is not a finite number: an input near the edge of its "
                      "domain (a tiny life, die area, price or utilization, or a huge figure) overflows a double", fn);
  return luaL_error(L, "%s: %s", fn, fc_strerror(status));
}

int lfc_fail_status(lua_State *L, int status, const char *msg) {
  if (status == FC_ENOMEM) return luaL_error(L, "not enough memory");
  return lfc_fail(L, fc_status_token(status), msg);
}

int lfc_fail(lua_State *L, const char *token, const char *msg) {
  lua_pushnil(L);
  lua_pushstring(L, msg);
  lua_pushstring(L, token);
  return 3;
}

void lfc_push_result(lua_State *L, const char *fn, double x) {
  if (!isfinite(x)) luaL_error(L, "%s: result is not finite (inputs out of range)", fn);
  lua_pushnumber(L, x);
}

void lfc_setnum(lua_State *L, const char *k, double x) {
  lua_pushnumber(L, x);
  lua_setfield(L, -2, k);
}

int lfc_newmetatable(lua_State *L, const char *name) {
  if (!luaL_newmetatable(L, name)) return 0;
  lua_pushstring(L, name);
  lua_setfield(L, -2, "__metatable");
  return 1;
}
