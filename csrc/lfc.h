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

int luaopen_flopcost_core(lua_State *L);

#endif
