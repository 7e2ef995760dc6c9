#!/bin/sh
# tools/kernel-interrupt-stress.sh [ROUNDS] [HOGS]: the kernel interrupt check of
# spec/99-notebook_spec.lua (spec/fixtures/kernel_interrupt.py) with ROUNDS interrupts in a row
# (default 50: at 0 s, 10 ms, 100 ms, 1 s and 1.5 s after the cell's execute_input, in turn)
# while HOGS busy loops (default 2, one per core of CI's machine) compete for the CPU. Prints the
# fixture's JSON and "N of ROUNDS interrupted, slowest reply M ms"; exits 0 only when every
# interrupt stopped its cell and the session went on. A demonstration, not a test in the suite.
set -u
rounds=${1:-50}
hogs=${2:-2}
root=$(cd "$(dirname "$0")/.." && pwd)
build=${FLOPCOST_BUILD:-build}
case $build in /*) ;; *) build=$root/$build ;; esac
tmp=$(mktemp -d)
pids=""
cleanup() { for p in $pids; do kill "$p" 2>/dev/null; done; rm -rf "$tmp"; }
trap cleanup EXIT INT TERM
printf '#!/bin/sh\nFLOPCOST_BUILD=%s exec lua5.4 %s "$@"\n' "$build" "$root/bin/flopcost" > "$tmp/flopcost"
chmod +x "$tmp/flopcost"
FLOPCOST="$tmp/flopcost" /usr/bin/python3 "$root/bin/flopcost-kernel" install --prefix "$tmp" >/dev/null || exit 1
i=0
while [ "$i" -lt "$hogs" ]; do
  sh -c 'while :; do :; done' &
  pids="$pids $!"
  i=$((i + 1))
done
out=$(cd "$root" && FLOPCOST="$tmp/flopcost" /usr/bin/python3 spec/fixtures/kernel_interrupt.py \
  "$tmp/share/jupyter" "$rounds" 2>&1)
echo "$out"
echo "$out" | /usr/bin/python3 -c '
import json, sys
text = sys.stdin.read()
got = json.loads(text[text.index("{"):text.rindex("}") + 1])
ok = sum(1 for s in got["loop"] if s == ["error", "interrupted"])
print("%d of %d interrupted, slowest reply %d ms, after: %s, repl outlived the kernel: %s"
      % (ok, int(sys.argv[1]), max(got["reply_ms"]), got["after"], got["repl_outlived_kernel"]))
sys.exit(0 if ok == int(sys.argv[1]) and got["after"] == ["42"] and not got["repl_outlived_kernel"] else 1)
' "$rounds"
