#!/bin/sh
# A single-node Slurm cluster on localhost, for tests: munged, slurmctld and
# slurmd from Debian's slurm-wlm and munge, everything (key, sockets, state,
# logs, slurm.conf) inside one directory, on ports of its own.
#   tools/slurm-cluster.sh start DIR   -> prints "export SLURM_CONF=DIR/slurm.conf"
#   tools/slurm-cluster.sh stop DIR    -> stops the three daemons it started
# Must run as root (slurmd runs jobs as the submitting user).
set -eu
cmd=${1:?start or stop}; dir=${2:?directory}

stop() {
  for f in slurmd slurmctld; do
    if [ -f "$dir/$f.pid" ]; then
      pid=$(cat "$dir/$f.pid"); kill "$pid" 2>/dev/null || true
      i=0; while kill -0 "$pid" 2>/dev/null && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
      kill -9 "$pid" 2>/dev/null || true
      rm -f "$dir/$f.pid"
    fi
  done
  if [ -S "$dir/munge.sock" ]; then /usr/sbin/munged -s -S "$dir/munge.sock" >/dev/null 2>&1 || true; fi
  if [ -f "$dir/munged.pid" ]; then kill "$(cat "$dir/munged.pid")" 2>/dev/null || true; rm -f "$dir/munged.pid"; fi
}

if [ "$cmd" = stop ]; then stop; exit 0; fi
[ "$cmd" = start ] || { echo "usage: $0 start|stop DIR" >&2; exit 2; }
[ "$(id -u)" = 0 ] || { echo "slurm-cluster: must run as root" >&2; exit 1; }
for b in /usr/sbin/munged /usr/sbin/slurmctld /usr/sbin/slurmd /usr/bin/sbatch; do
  [ -x "$b" ] || { echo "slurm-cluster: $b missing (apt-get install slurm-wlm munge)" >&2; exit 1; }
done
mkdir -p "$dir/state" "$dir/spool" "$dir/log"
chmod 711 "$dir"
dd if=/dev/urandom of="$dir/munge.key" bs=1024 count=1 2>/dev/null
chmod 600 "$dir/munge.key"
/usr/sbin/munged -f -S "$dir/munge.sock" --key-file="$dir/munge.key" --log-file="$dir/log/munged.log" \
  --pid-file="$dir/munged.pid" --seed-file="$dir/munge.seed"
host=$(hostname)
cpus=$(nproc)
# ports of its own (a random pair in 20000-29999) so two test runs never meet
port=$((20000 + ($$ % 5000) * 2))
cat > "$dir/slurm.conf" <<CONF
ClusterName=flopcost-test
SlurmctldHost=$host(127.0.0.1)
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$dir/munge.sock
CredType=cred/munge
SlurmctldPort=$port
SlurmdPort=$((port + 1))
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd.pid
SlurmctldLogFile=$dir/log/slurmctld.log
SlurmdLogFile=$dir/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
MpiDefault=none
ReturnToService=2
JobCompType=jobcomp/none
AccountingStorageType=accounting_storage/none
SchedulerType=sched/backfill
SlurmdParameters=config_overrides
NodeName=$host NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=1000 State=UNKNOWN
PartitionName=test Nodes=ALL Default=YES MaxTime=30 State=UP
CONF
export SLURM_CONF="$dir/slurm.conf"
/usr/sbin/slurmctld -f "$SLURM_CONF" -i
/usr/sbin/slurmd -f "$SLURM_CONF"
# wait (at most 30 s) until the node takes jobs
i=0
until sinfo -h -o %T 2>/dev/null | grep -qE '^(idle|mixed|allocated)'; do
  i=$((i + 1))
  if [ $i -gt 60 ]; then
    echo "slurm-cluster: the node did not come up; last log lines:" >&2
    tail -n 5 "$dir/log/slurmctld.log" "$dir/log/slurmd.log" >&2 || true
    stop; exit 1
  fi
  sleep 0.5
done
echo "export SLURM_CONF=$SLURM_CONF"
