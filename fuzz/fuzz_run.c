/*
** fuzz_run.c -- libFuzzer target: scenario and study files through
** `flopcost run` (lua/flopcost/cli.lua), the way a user's file arrives. The
** first byte picks the file kind: even a JSON scenario/study (data only),
** odd a Lua script, always run with --sandbox (untrusted code; the sandbox's
** budgets are lowered so one input stays fast). Every input must end with
** an exit status 0, 1 or 2 from cli.main, never an error escaping it, a
** crash, a leak or a hang (libFuzzer's -timeout).
** Lua error messages that reach the user raw ("attempt to index a nil
** value") are appended to build-fuzz/run-raw-errors.txt for triage.
*/
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include "fuzz_lua.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static lua_State *G;
static char path_json[64], path_lua[64];

static const char *const SETUP =
  "package.path = './lua/?.lua;./lua/?/init.lua;' .. package.path\n"
  "package.preload['flopcost.core'] = function() return core end\n"
  "io.stdout = assert(io.open('/dev/null', 'w'))\n"
  "local sandbox = require 'flopcost.sandbox'\n"
  "sandbox.DEFAULTS.cpu_seconds = 1\n"
  "sandbox.DEFAULTS.memory_bytes = 64 * 2^20\n"
  "sandbox.DEFAULTS.max_samples = 2e4\n"
  "local cli = require 'flopcost.cli'\n"
  "require('flopcost.catalog').default()\n"
  "local raw = io.open('build-fuzz/run-raw-errors.txt', 'a')\n"
  "function fuzz_run(path)\n"
  "  local err = {}\n"
  "  io.stderr = { write = function(self, ...) for _, s in ipairs{...} do err[#err + 1] = tostring(s) end return self end,\n"
  "                flush = function(self) return self end }\n"
  "  local rc = cli.main({ 'run', '--sandbox', path })\n"
  "  local msg = table.concat(err)\n"
  "  if raw and msg:find('attempt to [%a ]+ a [%a]+ value') then raw:write(msg, '\\n') raw:flush() end\n"
  "  return rc\n"
  "end\n";

static int init(void) {
  G = fuzz_state();
  if (!G) return -1;
  snprintf(path_json, sizeof path_json, "/tmp/fuzz_run_%ld.json", (long)getpid());
  snprintf(path_lua, sizeof path_lua, "/tmp/fuzz_run_%ld.lua", (long)getpid());
  if (luaL_dostring(G, SETUP) != LUA_OK) {
    fprintf(stderr, "fuzz_run setup: %s\n", lua_tostring(G, -1));
    abort();
  }
  return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const char *path;
  FILE *f;
  int rc;
  if (!G && init()) return 0;
  if (size == 0) return 0;
  path = (data[0] & 1) ? path_lua : path_json;
  f = fopen(path, "wb");
  if (!f) return 0;
  fwrite(data + 1, 1, size - 1, f);
  fclose(f);
  lua_settop(G, 0);
  lua_getglobal(G, "fuzz_run");
  lua_pushstring(G, path);
  if (lua_pcall(G, 1, 1, 0) != LUA_OK) {
    fprintf(stderr, "an error escaped cli.main: %s\n", lua_tostring(G, -1));
    abort();
  }
  rc = (int)lua_tointeger(G, -1);
  if (rc < 0 || rc > 2) {
    fprintf(stderr, "cli.main returned %d\n", rc);
    abort();
  }
  lua_gc(G, LUA_GCCOLLECT, 0);
  return 0;
}
