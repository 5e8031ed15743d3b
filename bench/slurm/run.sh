#!/usr/bin/env bash
# The Slurm job array for real, on a one-node cluster started on localhost: installs slurmctld,
# slurmd and munge from Debian's packages if needed (root), submits scripts/slurm/index-array.sh
# over the GTZAN clips in ../shared/gtzan/audio and audio-44k (41 recordings) in 4 shards, waits,
# merges the shard catalogues with `genre catalog merge`, and checks that the merged catalogue
# holds exactly what a one-machine `genre index` of the same folders holds (every table, row by
# row, except run bookkeeping and timestamps). Prints each shard's wall time and recordings, the
# array's wall time from submission to the last task's end, and the one-machine index's.
# Usage: [GENRE=path/to/genre] bench/slurm/run.sh [SHARDS]   (default 4; without GENRE it makes the
# release build). Output in bench/out/slurm/.
set -euo pipefail
cd "$(dirname "$0")/../.."
shards="${1:-4}"
out="$PWD/bench/out/slurm"
collection="$(cd ../shared/gtzan && pwd)/audio,$(cd ../shared/gtzan && pwd)/audio-44k"
rm -rf "$out"
mkdir -p "$out/shards" "$out/logs"
# GENRE=/path/to/genre uses that build instead of making the release one.
if [ -z "${GENRE:-}" ]; then swift build -c release >/dev/null; genre="$PWD/.build/release/genre"; else genre="$(cd "$(dirname "$GENRE")" && pwd)/$(basename "$GENRE")"; fi
echo "recordings: $(find ${collection//,/ } -name '*.wav' | wc -l)"

source bench/slurm/cluster.sh
cluster_install
trap cluster_stop EXIT
cluster_start "$out/cluster"

submitted=$(date +%s.%N)
# --cpus-per-task=1: the node's CPUs run as many shards at once; a real cluster would give each more.
job=$(GENRE="$genre" sbatch --parsable --array=0-$((shards - 1)) --cpus-per-task=1 \
  --output="$out/logs/shard-%a.log" --export=ALL,GENRE="$genre" \
  scripts/slurm/index-array.sh "$collection" "$out/shards")
echo "$job" >"$out/job-id"
# Polled every 0.2 s rather than with sbatch --wait, whose polling interval grows to tens of seconds.
while [ -n "$(squeue -h -j "$job" 2>/dev/null)" ]; do sleep 0.2; done
finished=$(date +%s.%N)
echo "array job $job: $shards shards in $(awk -v a="$submitted" -v b="$finished" 'BEGIN { printf "%.1f", b - a }') s wall from submission to the last task's end"
failed=$(scontrol -o show job "$job" 2>/dev/null | grep -o 'ExitCode=[0-9]*:[0-9]*' | grep -vc 'ExitCode=0:0' || true)
if [ "$failed" != "0" ]; then echo "$failed array task(s) failed; see $out/logs" >&2; exit 1; fi
for k in $(seq 0 $((shards - 1))); do
  line=$(grep -h "^shard $k/" "$out/logs/shard-$k.log")
  files=$(python3 -c 'import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute("SELECT count(*) FROM file").fetchone()[0])' "$out/shards/shard-$k-of-$shards.sqlite")
  echo "  $(echo "$line" | awk '{ print $1 " " $2 }') $files recordings, $(echo "$line" | awk '{ print $5 }') s wall"
done
grep -h "^shard " "$out"/logs/shard-*.log | awk 'NR == 1 || $3 < first { first = $3 } NR == 1 || $4 > last { last = $4 }
  END { printf "  the tasks ran from the first start to the last end in %.1f s (the rest is submission and scheduling)\n", last - first }'

"$genre" catalog merge "$out"/shards/shard-*-of-"$shards".sqlite --catalog "$out/merged.sqlite"
IFS=, read -r -a folders <<< "$collection"
start=$(date +%s.%N)
"$genre" index "${folders[@]}" --catalog "$out/single.sqlite" >/dev/null
echo "one-machine genre index of the same folders: $(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }') s wall"
python3 bench/slurm/compare.py "$out/merged.sqlite" "$out/single.sqlite"
