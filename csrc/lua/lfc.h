/*
** lfc.h -- the Lua binding of flopcost (module flopcost.core).
** Each lfc_<module>.c pushes one table of functions; lfc.c assembles them.
*/
#ifndef LFC_H
#define LFC_H

#include <lua.h>

int lfc_open_finance(lua_State *L);
int lfc_open_energy(lua_State *L);
int lfc_open_yield(lua_State *L);
int lfc_open_training(lua_State *L);
int lfc_open_export(lua_State *L);
int lfc_open_catalog(lua_State *L);
int lfc_open_scenario(lua_State *L);
int lfc_open_mc(lua_State *L);
int lfc_open_solve(lua_State *L);
int lfc_open_json(lua_State *L);
int lfc_open_fleet(lua_State *L);
int lfc_open_sensitivity(lua_State *L);
int lfc_open_file(lua_State *L);
int lfc_open_price(lua_State *L);
int lfc_open_convention(lua_State *L);
int lfc_open_rental(lua_State *L);
int lfc_open_sandbox(lua_State *L);
/* LC_NUMERIC "C" for the calling thread, other categories as they are (lfc_locale.c). */
void lfc_locale_pin(void);
int lfc_open_locale(lua_State *L);
/* 1 while sandboxed code runs (lfc_sandbox.c): core.file then refuses every path. */
int lfc_sandbox_active(lua_State *L);
int lfc_open_inference(lua_State *L);
int lfc_open_serve(lua_State *L);
int lfc_open_text(lua_State *L);
int lfc_open_xlsx(lua_State *L);
int lfc_open_interrupt(lua_State *L);
int lfc_open_stock(lua_State *L);
int lfc_open_buildout(lua_State *L);
/* flopcost.finance.interest_during_construction (lfc_buildout.c) */
int lfc_buildout_idc(lua_State *L);
/* Sets place, ttft_left and place_mc (lfc_buildout_place.c) in the table on top. */
void lfc_buildout_place_into(lua_State *L);

int luaopen_flopcost_core(lua_State *L);

/* Shared by the scenario, Monte Carlo and solver bindings (lfc_scenario.c). */
#include "fc_scenario.h"
extern const char *const lfc_coupling_names[];
/* Reads a scenario options table (defaults for absent fields); pushes the
   power-curve userdata or nil, which must stay referenced while p is used. */
void lfc_read_params(lua_State *L, int idx, const char *fn, fc_scenario_params *p);
/* Reads the options table at idx into a new flopcost.Params userdata (pushed;
   it keeps the power curve alive) and returns its parameters. */
fc_scenario_params *lfc_push_params(lua_State *L, int idx, const char *fn);
/* Reads {members=, counts=, coupling=, penalty=} into the core's fc_mix (its
   memory is owned by userdata on the Lua stack); members are options tables
   or flopcost.Params. Pushes ONE value that owns m's memory: keep it while m
   is used. The one mix reader: eval_mix, eval_grid, the solvers and Monte
   Carlo's scenario = {members = ...} all use it. */
void lfc_read_mix(lua_State *L, int idx, const char *fn, fc_mix *m);
/* Raises the Lua error for status st of evaluating m (field names from the core). */
int lfc_mix_error(lua_State *L, const char *fn, const fc_mix *m, int st, size_t bad_i, const char *bad);
/* The parameters of the value at idx: a flopcost.Params, or an options table
   read into a new one. Pushes the Params userdata (it anchors the power curve). */
fc_scenario_params *lfc_to_params(lua_State *L, int idx, const char *fn, const char *where);

/* Reads fc_scenario_params fields present in the table at idx; absent ones NaN. */
void lfc_read_over(lua_State *L, int idx, const char *fn, fc_scenario_params *over);

/* Scenario descriptions (lfc_compose.c). lfc_read_desc pushes one userdata
   that owns the description (and anchors its power curves). */
#include "fc_compose.h"
#include <lauxlib.h>
fc_compose_desc *lfc_read_desc(lua_State *L, int idx, const char *fn);
/* Raises the error of fc_compose / fc_compose_eval status st; desc: the
   description table's stack index (chip names for the message). */
int lfc_compose_error(lua_State *L, const char *fn, int desc, const fc_compose_desc *d, int st,
                      const fc_compose_error *e);
int lfc_eval_desc(lua_State *L);
/* Pushes a package result (lfc_yield.c) with its n die kinds. */
void lfc_push_package(lua_State *L, const fc_package_result *r, size_t n);
/* The heterogeneity penalty of a lockstep mix when none is given (fc_compose's table). */
double lfc_default_penalty(void);
extern const luaL_Reg lfc_compose_funcs[];
/* Pushes the NULL-terminated list of names as a Lua sequence (the option
   lists the Lua layer reads instead of copying them; lfc.c). */
void lfc_push_names(lua_State *L, const char *const names[]);

#endif
