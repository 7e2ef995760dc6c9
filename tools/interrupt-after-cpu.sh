#!/bin/sh
# tools/interrupt-after-cpu.sh TICKS CMD...: runs CMD in the background, waits until it has used
# TICKS clock ticks of CPU (utime + stime in /proc/PID/stat: it is inside its long call, whatever
# the load), sends SIGINT and prints "rc=N ms=M" (M: milliseconds from SIGINT to exit) after
# CMD's output. Used by spec/99-interrupt_spec.lua (no fixed sleeps).
ticks=$1; shift
out=$(mktemp)
"$@" >"$out" 2>&1 &
pid=$!
while kill -0 "$pid" 2>/dev/null; do
  used=$(awk '{print $14 + $15}' "/proc/$pid/stat" 2>/dev/null || echo 0)
  [ "${used:-0}" -ge "$ticks" ] && break
  sleep 0.01
done
t0=$(date +%s%N)
kill -INT "$pid" 2>/dev/null
wait "$pid"; rc=$?
t1=$(date +%s%N)
cat "$out"; rm -f "$out"
echo "rc=$rc ms=$(( (t1 - t0) / 1000000 ))"
