#!/bin/sh
# make slurm-test: a real single-node Slurm cluster (tools/slurm-cluster.sh),
# the three array jobs of examples/slurm (Monte Carlo, Sobol, a study sweep)
# with 4 tasks each and their merge jobs (--dependency=afterok), then the
# same three runs unsharded on this machine: the merged results must equal
# them byte for byte. Stops every daemon it started, whatever happens.
# Ends with "N passed, N failed".
set -u
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d /tmp/flopcost-slurm.XXXXXX)
chmod 755 "$work"
cluster="$work/cluster"
passed=0; failed=0
cleanup() {
  "$root/tools/slurm-cluster.sh" stop "$cluster" >/dev/null 2>&1
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM   # (then the EXIT trap cleans up)
check() { # check NAME COMMAND...
  name=$1; shift
  if "$@"; then passed=$((passed + 1)); echo "ok   $name"
  else failed=$((failed + 1)); echo "FAIL $name"; fi
}

out=$("$root/tools/slurm-cluster.sh" start "$cluster") || { echo "slurm-test: the cluster did not start"; echo "0 passed, 1 failed"; exit 1; }
eval "$out"
export FLOPCOST="$root/bin/flopcost"

# a scenario with five uncertain inputs, for the Monte Carlo and Sobol jobs
cat > "$work/run.lua" <<'LUA'
return {
  region = "us-tx", chips = { ["H100-SXM"] = 1 }, utilization = 0.7,
  vary = {
    electricity_usd_per_kwh = { "lognormal90", 0.04, 0.09 },
    chip_price_usd = { "pert", 25000, 30000, 40000 },
    utilization = { "pert", 0.5, 0.7, 0.9 },
    mfu = { "triangular", 0.3, 0.4, 0.5 },
    pue = { "pert", 1.1, 1.2, 1.4 },
  },
}
LUA

submit() { # submit SCRIPT KIND VARS -> prints "ARRAY MERGE"
  a=$(sbatch --parsable --array=0-3 --chdir="$work" --output="$work/$2-%a.log" \
        --export="ALL,$3" "$root/examples/slurm/$1") || return 1
  m=$(sbatch --parsable --dependency="afterok:$a" --chdir="$work" --output="$work/$2-merge.log" \
        --export="ALL,KIND=$2,OUT=$work/$2" "$root/examples/slurm/merge.sbatch") || return 1
  echo "$a $m"
}
jobs_mc=$(submit mc.sbatch mc "SCENARIO=$work/run.lua,SAMPLES=300000,SEED=7,OUT=$work/mc")
jobs_sobol=$(submit sobol.sbatch sobol "SCENARIO=$work/run.lua,SAMPLES=20000,SEED=7,OUT=$work/sobol")
jobs_sweep=$(submit sweep.sbatch sweep "STUDY=$root/examples/slurm/sweep-study.lua,FLOPCOST_SWEEP=30 20,NO_INTERVALS=1,OUT=$work/sweep")
check "12 array tasks and 3 merge jobs submitted" test -n "$jobs_mc" -a -n "$jobs_sobol" -a -n "$jobs_sweep"

# the unsharded runs, here, while Slurm works
"$FLOPCOST" mc "$work/run.lua" --samples 300000 --seed 7 --format json > "$work/mc-whole.json"
"$FLOPCOST" sobol "$work/run.lua" --samples 20000 --seed 7 --format json > "$work/sobol-whole.json"
FLOPCOST_SWEEP="30 20" "$FLOPCOST" compare --study "$root/examples/slurm/sweep-study.lua" --no-intervals \
  --stream "$work/sweep-whole.csv" > /dev/null

# wait (at most 5 minutes) for the merge jobs; a failed shard leaves its merge
# pending with DependencyNeverSatisfied, which ends the wait too
merges=$(for j in $jobs_mc $jobs_sobol $jobs_sweep; do echo "$j"; done | awk 'NR % 2 == 0' | paste -sd, -)
i=0
while [ -n "$(squeue -h -j "$merges" -o %i 2>/dev/null)" ]; do
  if squeue -h -j "$merges" -o %r 2>/dev/null | grep -q DependencyNeverSatisfied; then
    echo "slurm-test: a shard failed; its merge can never run"; break
  fi
  i=$((i + 1)); [ $i -gt 600 ] && { echo "slurm-test: timed out"; break; }
  sleep 0.5
done
for f in "$work"/*.log; do [ -s "$f" ] && { echo "--- $(basename "$f")"; cat "$f"; }; done 2>/dev/null | head -n 40

check "4 Monte Carlo shards written" test "$(ls "$work"/mc/mc-*.json 2>/dev/null | grep -vc merged)" -eq 4
check "4 Sobol shards written" test "$(ls "$work"/sobol/sobol-*.json 2>/dev/null | grep -vc merged)" -eq 4
check "4 sweep parts written" test "$(ls "$work"/sweep/sweep-*.csv 2>/dev/null | grep -vc merged)" -eq 4
check "merged Monte Carlo = the unsharded run, byte for byte" cmp "$work/mc-whole.json" "$work/mc/mc-merged.json"
check "merged Sobol indices = the unsharded run, byte for byte" cmp "$work/sobol-whole.json" "$work/sobol/sobol-merged.json"
check "merged sweep = the unsharded sweep, byte for byte" cmp "$work/sweep-whole.csv" "$work/sweep/sweep-merged.csv"
check "the sweep has its 600 rows and one header" test "$(wc -l < "$work/sweep/sweep-merged.csv" 2>/dev/null || echo 0)" -eq 601

"$root/tools/slurm-cluster.sh" stop "$cluster"
daemons_gone() { # no slurmctld, slurmd or munged of this cluster is left
  for f in slurmctld slurmd munged; do
    [ -f "$cluster/$f.pid" ] && kill -0 "$(cat "$cluster/$f.pid")" 2>/dev/null && return 1
  done
  ! pgrep -f "$cluster/(slurm.conf|munge.sock)" >/dev/null
}
check "every daemon stopped" daemons_gone
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
