#!/bin/sh
# Runs the C unit tests (and with "all" the busted specs) and prints one
# closing line "N passed, N failed".
#   tools/run-tests.sh c|all BUILD [WRAPPER]
# WRAPPER (e.g. valgrind ...) prefixes every test process.
# TEST_PRELOAD is put in LD_PRELOAD for the lua5.4 process (ASan runtime).
what=$1; build=$2; wrap=$3
passed=0; failed=0
log=$(mktemp); trap 'rm -f "$log" "$log".*' EXIT
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
# busted's summary line in LOG -> adds to passed/failed (a missing line or a bad exit is a failure)
count_busted() {
  line=$(sed 's/\x1b\[[0-9;]*m//g' "$1" | grep -E '^[0-9]+ success' | tail -1)
  s=$(echo "$line" | sed -n 's/^\([0-9]*\) success.*/\1/p')
  fl=$(echo "$line" | sed -n 's/.* \([0-9]*\) failure.*/\1/p')
  e=$(echo "$line" | sed -n 's/.* \([0-9]*\) error.*/\1/p')
  if [ -z "$s" ]; then
    echo "busted: no summary line (exit $2)"; failed=$((failed + 1))
  else
    passed=$((passed + s)); failed=$((failed + ${fl:-0} + ${e:-0}))
    [ "$2" -ne 0 ] && [ "${fl:-0}" -eq 0 ] && [ "${e:-0}" -eq 0 ] && {
      echo "busted: exit status $2"; failed=$((failed + 1)); }
  fi
}
busted_run() { # LOG FILES...: one busted process over the given spec files
  out=$1; shift
  LUA_PATH="./lua/?.lua;./lua/?/init.lua;;" LUA_CPATH="./$build/?.so;;" \
  FLOPCOST_BUILD="$build" LD_PRELOAD="$TEST_PRELOAD" \
    $wrap ${LUA:-lua5.4} ${BUSTED:-/usr/bin/busted} --ignore-lua --lpath="./lua/?.lua;./lua/?/init.lua" \
    --cpath="./$build/?.so" -o utfTerminal "$@" >"$out" 2>&1
}
if [ "$what" = all ]; then
  # The specs run in TEST_JOBS busted processes at once (default: the machine's cores), each
  # over every TEST_JOBS-th file; a spec that measures time or signals (its first lines say
  # "runs alone") runs afterwards, by itself, so a sibling's load cannot fail it.
  jobs=${TEST_JOBS:-$(nproc 2>/dev/null || echo 1)}
  alone=""
  for f in spec/*_spec.lua; do sed -n 1,12p "$f" | grep -q '^-- .*runs alone' && alone="$alone $f"; done
  shared=""
  for f in spec/*_spec.lua; do case " $alone " in *" $f "*) ;; *) shared="$shared $f" ;; esac; done
  i=0; pids=""
  while [ "$i" -lt "$jobs" ]; do
    files=$(echo $shared | tr ' ' '\n' | awk -v n="$jobs" -v k="$i" 'NR % n == k')
    # shellcheck disable=SC2086 # one word per file
    [ -n "$files" ] && { busted_run "$log.$i" $files & pids="$pids $!:$i"; }
    i=$((i + 1))
  done
  for pk in $pids; do
    wait "${pk%%:*}"; rc=$?; cat "$log.${pk#*:}"; count_busted "$log.${pk#*:}" "$rc"; rm -f "$log.${pk#*:}"
  done
  if [ -n "$alone" ]; then
    # shellcheck disable=SC2086
    busted_run "$log" $alone; rc=$?; cat "$log"; count_busted "$log" "$rc"
  fi
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
