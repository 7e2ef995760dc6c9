#!/bin/sh
# Runs the C unit tests (and with "all" the busted specs) and prints one
# closing line "N passed, N failed".
#   tools/run-tests.sh c|all BUILD [WRAPPER]
# WRAPPER (e.g. valgrind ...) prefixes every test process.
# TEST_PRELOAD is put in LD_PRELOAD for the lua5.4 process (ASan runtime).
what=$1; build=$2; wrap=$3
passed=0; failed=0
log=$(mktemp); trap 'rm -f "$log"' EXIT
# the embedding test (test_embed_host) finds the tree's modules through these
export LUA_PATH="./lua/?.lua;./lua/?/init.lua;;" LUA_CPATH="./$build/?.so;;"
for t in "$build"/test/test_*; do
  [ -x "$t" ] || continue
  $wrap "$t" >"$log" 2>&1; rc=$?
  cat "$log"
  p=$(sed -n 's/^\([0-9][0-9]*\) passed, \([0-9][0-9]*\) failed$/\1/p' "$log" | tail -1)
  f=$(sed -n 's/^\([0-9][0-9]*\) passed, \([0-9][0-9]*\) failed$/\2/p' "$log" | tail -1)
  [ -n "$p" ] || { p=0; f=1; echo "$t: no summary line (exit $rc)"; }
  [ "$rc" -ne 0 ] && [ "$f" -eq 0 ] && { f=1; echo "$t: exit status $rc"; }
  passed=$((passed + p)); failed=$((failed + f))
done
if [ "$what" = all ]; then
  LUA_PATH="./lua/?.lua;./lua/?/init.lua;;" LUA_CPATH="./$build/?.so;;" \
  FLOPCOST_BUILD="$build" LD_PRELOAD="$TEST_PRELOAD" \
    $wrap ${LUA:-lua5.4} ${BUSTED:-/usr/bin/busted} --ignore-lua --lpath="./lua/?.lua;./lua/?/init.lua" \
    --cpath="./$build/?.so" -o utfTerminal >"$log" 2>&1; rc=$?
  cat "$log"
  line=$(sed 's/\x1b\[[0-9;]*m//g' "$log" | grep -E '^[0-9]+ success' | tail -1)
  s=$(echo "$line" | sed -n 's/^\([0-9]*\) success.*/\1/p')
  fl=$(echo "$line" | sed -n 's/.* \([0-9]*\) failure.*/\1/p')
  e=$(echo "$line" | sed -n 's/.* \([0-9]*\) error.*/\1/p')
  if [ -z "$s" ]; then
    echo "busted: no summary line (exit $rc)"; failed=$((failed + 1))
  else
    passed=$((passed + s)); failed=$((failed + ${fl:-0} + ${e:-0}))
    [ "$rc" -ne 0 ] && [ "${fl:-0}" -eq 0 ] && [ "${e:-0}" -eq 0 ] && {
      echo "busted: exit status $rc"; failed=$((failed + 1)); }
  fi
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
