/*
** lfc_util.h -- argument and option-table checks shared by the binding files.
**
** Every misuse raises a Lua error of the form
**   "flopcost.<module>.<fn>: field '<name>': <what> expected, got <value>"
** with no position prefix, so specs can compare messages exactly.
** These helpers never allocate C memory: call them before any allocation.
*/
#ifndef LFC_UTIL_H
#define LFC_UTIL_H

#include <lua.h>
#include <lauxlib.h>

#include "fc_scenario.h"

/* What a number must satisfy: one of the core's domains (FC_DOMAIN_* of
   fc_scenario.h), whose rule (fc_scenario_domain_ok) and text
   (fc_scenario_domain_text) the checks below use; the binding has no
   vocabulary of its own. The LFC_ names are short spellings of those. */
typedef int lfc_check;
#define LFC_FINITE FC_DOMAIN_FINITE       /* any finite number */
#define LFC_POSITIVE FC_DOMAIN_POS        /* > 0 */
#define LFC_NONNEG FC_DOMAIN_NONNEG       /* >= 0 */
#define LFC_FRACTION FC_DOMAIN_FRAC       /* in [0, 1] */
#define LFC_OPEN_UNIT FC_DOMAIN_OPEN_UNIT /* in (0, 1] */
#define LFC_RATE FC_DOMAIN_RATE           /* > -1 (interest, inflation, growth rates) */

/* Raise "fn: options table expected, got <type>" unless arg idx is a table. */
void lfc_check_options(lua_State *L, int idx, const char *fn);

/* Raise "fn: unknown field 'x' (did you mean 'y'?)" (fc_text_suggest's rule) for any string key of the
   table at idx that is not in the NULL-terminated list `known`. */
void lfc_check_fields(lua_State *L, int idx, const char *fn, const char *const known[]);

/* Required number field; raises on missing, non-number, NaN, inf, or check failure. */
double lfc_field_number(lua_State *L, int idx, const char *fn, const char *field, lfc_check check);

/* Optional number field: returns dflt when the field is nil. */
double lfc_field_number_opt(lua_State *L, int idx, const char *fn, const char *field,
                            lfc_check check, double dflt);

/* Optional integer field (a number with an exact integer value >= min). */
long long lfc_field_integer_opt(lua_State *L, int idx, const char *fn, const char *field,
                                long long min, long long dflt);

/* Optional string field chosen from `names` (NULL-terminated); returns its index.
   Unknown values raise "... field 'model': one of 'a', 'b' expected, got 'x' (did you mean 'y'?)". */
int lfc_field_option(lua_State *L, int idx, const char *fn, const char *field,
                     const char *const names[], int dflt);

/* Positional number argument; the message names the argument by `name`. */
double lfc_arg_number(lua_State *L, int arg, const char *fn, const char *name, lfc_check check);

/* The number at stack index v, which must lie in domain; else raises
   "fn: field 'field': <domain text> expected, got <value>". For list items. */
double lfc_check_value(lua_State *L, int v, const char *fn, const char *field, lfc_check domain);

/* Raise "fn: field 'f': <fc_scenario_domain_text(domain)> expected, got <value at v>". */
int lfc_domain_error(lua_State *L, const char *fn, const char *field, int domain, int v);

/* Raise "fn: argument 'name': <what> expected, got <value at stack index v>". */
int lfc_arg_error(lua_State *L, int v, const char *fn, const char *name, const char *what);

/* Raise "fn: field 'f': <what> expected, got <value at stack index v>". */
int lfc_field_error(lua_State *L, const char *fn, const char *field, const char *what, int v);

/* The userdata of metatable mt that method fn ("flopcost.Dist:mean") is called
   on; raises "fn: argument 'self': mt expected (call it as x:mean(...)), got 3"
   (d.mean() instead of d:mean() said "bad argument #1 to '?'"). */
void *lfc_check_self(lua_State *L, const char *mt, const char *fn);

/* Raise "fn: <fc_strerror(status)>" (for status codes from the core). */
int lfc_status_error(lua_State *L, const char *fn, int status);

/* Push nil, msg, token for a data-dependent failure of the core and return 3;
** the token is fc_status_token(status). FC_ENOMEM raises instead. */
int lfc_fail_status(lua_State *L, int status, const char *msg);

/* Push nil, msg, token (a literal from lua/flopcost/errors.lua) and return 3. */
int lfc_fail(lua_State *L, const char *token, const char *msg);

/* Push a number, or raise "fn: result is not finite" for NaN/inf results. */
void lfc_push_result(lua_State *L, const char *fn, double x);

/* luaL_newmetatable that also sets __metatable = name: getmetatable() on a
   flopcost object returns its type name, so Lua code cannot reach __gc and
   free a C object something else still points to. Returns 1 when created. */
int lfc_newmetatable(lua_State *L, const char *name);

/* Set t[k] = x on the table at the top of the stack. */
void lfc_setnum(lua_State *L, const char *k, double x);

#endif
