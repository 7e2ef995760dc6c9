#!/bin/sh
# Installs flopcost with `luarocks make` into DIR/tree from a copy of the
# tracked files (the working tree stays clean, no network), then checks that
# the installed module finds its bundled catalog and the CLI runs.
#   tools/test-install.sh DIR
set -e
dir=$1
mkdir -p "$dir/src"
git ls-files -z | xargs -0 tar cf - | tar xf - -C "$dir/src"
cd "$dir/src"
luarocks --lua-version=5.4 make --tree "$dir/tree" --deps-mode=none flopcost-0.1.0-1.rockspec >/dev/null
cd "$dir"
export LUA_PATH="$dir/tree/share/lua/5.4/?.lua;$dir/tree/share/lua/5.4/?/init.lua;;"
export LUA_CPATH="$dir/tree/lib/lua/5.4/?.so;;"
unset FLOPCOST_MODELS
lua5.4 -e 'local fc = require "flopcost"; local c = fc.catalog.load(); print("installed catalog: " .. #c:chips() .. " chips")'
"$dir/tree/bin/flopcost" classify H20 --rule 3A090-2023 >/dev/null && echo "installed cli: ok"
# both forms of the bundled study (the rockspec once listed them under one key)
for f in default.lua default.json; do
  [ -f "$dir/tree/share/lua/5.4/flopcost/models/scenarios/$f" ] && echo "installed study: $f"
done
# the installed module's Monte Carlo, digit for digit (spec/97-reliability compares it with make's)
lua5.4 "$dir/src/tools/mc-fingerprint.lua"
