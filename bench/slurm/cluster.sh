#!/usr/bin/env bash
# A one-node Slurm cluster on localhost for the bench, all of its state under one folder:
#   source bench/slurm/cluster.sh; cluster_start DIR; ...sbatch...; cluster_stop
# Installs slurmctld, slurmd, slurm-client and munge from Debian's packages when sbatch is
# missing (needs root and apt). munged gets its own key and socket, and slurm.conf points at
# them, so nothing of the machine's own set-up is used or changed; the daemons are stopped by
# the process ids they wrote.
cluster_install() {
  command -v sbatch >/dev/null && command -v slurmctld >/dev/null && command -v munged >/dev/null && return 0
  echo "installing Slurm and munge from Debian's packages ..."
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q slurmctld slurmd slurm-client munge >/dev/null
}

cluster_start() {
  CLUSTER_DIR="$(mkdir -p "$1" && cd "$1" && pwd)"
  local d="$CLUSTER_DIR" node cpus
  node="$(hostname -s)"
  cpus="$(nproc)"
  mkdir -p "$d/munge" "$d/state" "$d/spool" "$d/log"
  chmod 700 "$d/munge"
  [ -f "$d/munge/munge.key" ] || { dd if=/dev/urandom of="$d/munge/munge.key" bs=1024 count=1 status=none; chmod 400 "$d/munge/munge.key"; }
  munged --force --key-file="$d/munge/munge.key" --socket="$d/munge/socket" --pid-file="$d/munge/munged.pid" \
         --log-file="$d/log/munged.log" --seed-file="$d/munge/seed"
  cat > "$d/slurm.conf" <<CONF
ClusterName=genrebench
SlurmctldHost=$node(127.0.0.1)
SlurmctldPort=16817
SlurmdPort=16818
AuthType=auth/munge
AuthInfo=socket=$d/munge/socket
CredType=cred/munge
SlurmUser=root
SlurmdUser=root
StateSaveLocation=$d/state
SlurmdSpoolDir=$d/spool
SlurmctldPidFile=$d/slurmctld.pid
SlurmdPidFile=$d/slurmd.pid
SlurmctldLogFile=$d/log/slurmctld.log
SlurmdLogFile=$d/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
MpiDefault=none
ReturnToService=2
SchedulerType=sched/backfill
NodeName=$node NodeAddr=127.0.0.1 CPUs=$cpus State=UNKNOWN
PartitionName=bench Nodes=$node Default=YES MaxTime=INFINITE State=UP OverSubscribe=NO
CONF
  export SLURM_CONF="$d/slurm.conf"
  slurmctld -f "$SLURM_CONF"
  slurmd -f "$SLURM_CONF"
  for _ in $(seq 1 60); do
    if sinfo -h -o %T 2>/dev/null | grep -qE '^idle'; then echo "slurm: one node ($node, $cpus CPUs) idle"; return 0; fi
    sleep 1
  done
  echo "slurm did not come up; see $d/log" >&2
  sinfo >&2 || true
  return 1
}

cluster_stop() {
  local d="${CLUSTER_DIR:?}" f
  scancel --quiet --user "$(id -un)" 2>/dev/null || true
  for f in "$d/slurmd.pid" "$d/slurmctld.pid" "$d/munge/munged.pid"; do
    [ -f "$f" ] && kill "$(cat "$f")" 2>/dev/null || true
  done
  sleep 1
}
