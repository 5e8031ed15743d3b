#!/usr/bin/env bash
# One shard of a collection per Slurm array task: each task indexes its share into its own
# catalogue, and the catalogues are merged afterwards.
#
#   sbatch --array=0-$((N-1)) scripts/slurm/index-array.sh COLLECTION OUTDIR [genre index options...]
#   genre catalog merge OUTDIR/shard-*-of-N.sqlite --catalog collection.sqlite
#
# COLLECTION is a folder (or several, comma-separated) visible at the same or another path on
# every node: shares are decided by each file's path relative to the folder, so nodes that mount
# the collection at different places still split it the same way. OUTDIR must be shared (or
# copied back) so the merge sees every shard. N is the array's size (SLURM_ARRAY_TASK_COUNT);
# run with --array=0-(N-1) so that task ids are the shard numbers. GENRE names the executable
# (default: `genre` on PATH). Each task writes a line "shard K/N: START END SECONDS" to its log.
#SBATCH --job-name=genre-index
#SBATCH --cpus-per-task=2
#SBATCH --output=genre-index-%A_%a.log
set -euo pipefail
collection="${1:?usage: index-array.sh COLLECTION OUTDIR [genre index options...]}"
outdir="${2:?usage: index-array.sh COLLECTION OUTDIR [genre index options...]}"
shift 2
k="${SLURM_ARRAY_TASK_ID:?run with sbatch --array=0-(N-1)}"
n="${SLURM_ARRAY_TASK_COUNT:-${SHARDS:?SLURM_ARRAY_TASK_COUNT is unset: set SHARDS=N}}"
genre="${GENRE:-genre}"
mkdir -p "$outdir"
IFS=, read -r -a folders <<< "$collection"
start=$(date +%s.%N)
status=0
"$genre" index "${folders[@]}" --shard "$k/$n" --catalog "$outdir/shard-$k-of-$n.sqlite" "$@" || status=$?
end=$(date +%s.%N)
echo "shard $k/$n: $start $end $(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.2f", b - a }')"
# genre index exits 1 when some file could not be indexed (the others are in the catalogue).
exit "$status"
