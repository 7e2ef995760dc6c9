/*
** lfc_rental.c -- core.rental: a rental at a date by term and tier
** (fc_rental.h), a thin wrapper.
*/
#include <stdio.h>
#include <lua.h>
#include <lauxlib.h>
#include "fc.h"
#include "lfc.h"
#include "lfc_util.h"

#define MAX_LISTINGS 512 /* rentals of one chip in one market */

/* A string field of the table at idx from `names` (NULL-terminated); raises. */
static int enum_field(lua_State *L, int idx, const char *fn, const char *field, const char *const names[]) {
  return lfc_field_option(L, idx, fn, field, names, -1);
}

/* An optional boolean field (nil = false); raises on anything else. */
static int flag_field(lua_State *L, int idx, const char *fn, const char *field) {
  int v;
  lua_getfield(L, idx, field);
  if (!lua_isnil(L, -1) && !lua_isboolean(L, -1)) lfc_field_error(L, fn, field, "boolean", -1);
  v = lua_toboolean(L, -1);
  lua_pop(L, 1);
  return v;
}

/* opts.observations = { {date=, usd=, term=, tier=}, ... } into o[]; returns n. */
static size_t read_listings(lua_State *L, int idx, const char *fn, fc_rental_obs *o) {
  lua_Integer i, n;
  lua_getfield(L, idx, "observations");
  if (!lua_istable(L, -1)) lfc_field_error(L, fn, "observations", "non-empty list of {date, usd, term, tier}", -1);
  n = (lua_Integer)lua_rawlen(L, -1);
  if (n < 1 || n > MAX_LISTINGS)
    lfc_field_error(L, fn, "observations", "list of 1 to 512 {date, usd, term, tier}", -1);
  for (i = 1; i <= n; i++) {
    char field[48], sub[64];
    int e;
    lua_rawgeti(L, -1, i);
    snprintf(field, sizeof field, "observations[%lld]", (long long)i);
    if (!lua_istable(L, -1)) lfc_field_error(L, fn, field, "{date, usd, term, tier}", -1);
    e = lua_absindex(L, -1);
    snprintf(sub, sizeof sub, "%s.date", field);
    lua_getfield(L, e, "date");
    if (lua_type(L, -1) != LUA_TSTRING || fc_price_date_days(lua_tostring(L, -1), &o[i - 1].day) != FC_OK)
      lfc_field_error(L, fn, sub, "date YYYY, YYYY-MM or YYYY-MM-DD", -1);
    lua_pop(L, 1);
    snprintf(sub, sizeof sub, "%s.usd", field);
    lua_getfield(L, e, "usd");
    o[i - 1].usd_per_hour = lfc_check_value(L, -1, fn, sub, FC_DOMAIN_POS);
    lua_pop(L, 1);
    o[i - 1].term = lfc_field_option(L, e, fn, "term", fc_rental_term_names, FC_TERM_ON_DEMAND);
    o[i - 1].tier = lfc_field_option(L, e, fn, "tier", fc_rental_tier_names, FC_TIER_NEOCLOUD);
    lua_pop(L, 1);
  }
  lua_pop(L, 1);
  return (size_t)n;
}

static void push_quote(lua_State *L, const fc_rental_quote *q) {
  lua_createtable(L, 0, 10);
  lfc_setnum(L, "usd", q->usd_per_hour);
  lfc_setnum(L, "lo", q->lo_usd);
  lfc_setnum(L, "hi", q->hi_usd);
  lfc_setnum(L, "factor", q->factor);
  lua_pushstring(L, fc_rental_term_names[q->term]);
  lua_setfield(L, -2, "term");
  lua_pushstring(L, fc_rental_tier_names[q->tier]);
  lua_setfield(L, -2, "tier");
  lua_pushstring(L, fc_rental_how_name(q->how));
  lua_setfield(L, -2, "how");
  lua_pushinteger(L, (lua_Integer)q->before + 1);
  lua_setfield(L, -2, "before");
  lua_pushinteger(L, (lua_Integer)q->after + 1);
  lua_setfield(L, -2, "after");
}

/* Days since 1970-01-01 as YYYY-MM-DD (Hinnant's civil_from_days). */
static void day_text(double day, char out[32]) {
  long z = (long)day + 719468, era = (z >= 0 ? z : z - 146096) / 146097;
  unsigned doe = (unsigned)(z - era * 146097);
  unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  long y = (long)yoe + era * 400;
  unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  unsigned mp = (5 * doy + 2) / 153, d = doy - (153 * mp + 2) / 5 + 1, m = mp < 10 ? mp + 3 : mp - 9;
  snprintf(out, 32, "%04ld-%02u-%02u", y + (m <= 2), m, d);
}

/*
** core.rental.at{observations=, as_of=, term=, tier=, extrapolate=, trend_oom_per_year=,
** convert_term=} -> {usd, lo, hi, term, tier, how, factor, before, after}, or
** nil, "outside the listings FIRST..LAST", "out_of_range" / nil, msg, "no_data".
*/
static int l_at(lua_State *L) {
  static const char *const known[] = {"observations", "as_of", "term", "tier", "extrapolate",
                                      "trend_oom_per_year", "convert_term", "day_offset", NULL};
  const char *fn = "flopcost.rental.at";
  fc_rental_obs *o = lua_newuserdatauv(L, MAX_LISTINGS * sizeof *o, 0); /* freed by the GC */
  fc_rental_request rq;
  fc_rental_quote q;
  size_t n;
  double day;
  int st;
  lfc_check_options(L, 1, fn);
  lfc_check_fields(L, 1, fn, known);
  n = read_listings(L, 1, fn, o);
  lua_getfield(L, 1, "as_of");
  if (lua_type(L, -1) != LUA_TSTRING || fc_price_date_days(lua_tostring(L, -1), &day) != FC_OK)
    lfc_field_error(L, fn, "as_of", "date YYYY, YYYY-MM or YYYY-MM-DD", -1);
  lua_pop(L, 1);
  day += lfc_field_number_opt(L, 1, fn, "day_offset", LFC_FINITE, 0.0);
  rq.term = lfc_field_option(L, 1, fn, "term", fc_rental_term_names, FC_TERM_ON_DEMAND);
  rq.tier = enum_field(L, 1, fn, "tier", fc_rental_tier_names);
  rq.extrapolate = flag_field(L, 1, fn, "extrapolate");
  rq.convert_term = flag_field(L, 1, fn, "convert_term");
  rq.trend_oom_per_year = lfc_field_number_opt(L, 1, fn, "trend_oom_per_year", LFC_NONNEG,
                                               FC_EPOCH_DECLINE_OOM_PER_YEAR);
  st = fc_rental_at(o, n, day, &rq, &q);
  if (st == FC_ERANGE) {
    char a[32], b[32], d[32];
    day_text(q.first_day, a);
    day_text(q.last_day, b);
    day_text(day, d);
    lua_pushfstring(L, "%s %s rentals observed %s to %s, not at %s", fc_rental_tier_names[q.tier],
                    fc_rental_term_names[q.term], a, b, d);
    return lfc_fail(L, "out_of_range", lua_tostring(L, -1));
  }
  if (st == FC_ENOTFOUND) {
    lua_pushfstring(L, "no %s %s rental listed", rq.tier >= 0 ? fc_rental_tier_names[rq.tier] : "",
                    fc_rental_term_names[rq.term]);
    return lfc_fail(L, "no_data", lua_tostring(L, -1));
  }
  if (st != FC_OK) return lfc_status_error(L, fn, st);
  push_quote(L, &q);
  return 1;
}

static const luaL_Reg rental_funcs[] = {{"at", l_at}, {NULL, NULL}};

int lfc_open_rental(lua_State *L) {
  luaL_newlib(L, rental_funcs);
  lfc_push_names(L, fc_rental_term_names);
  lua_setfield(L, -2, "terms");
  lfc_push_names(L, fc_rental_tier_names);
  lua_setfield(L, -2, "tiers");
  return 1;
}
