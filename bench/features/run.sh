#!/usr/bin/env bash
# Feature-extraction speed on one core: `genre features` vs the librosa reference script, over
# every clip in ../shared/gtzan/audio (37 30-second GTZAN clips). Run from the repository root
# (or anywhere: paths are resolved from this script). Prints seconds per clip and the speed-up.
#
# CPU time (user + sys) is reported, not wall time, so other load on the machine matters less;
# both tools run pinned to core 0 with `taskset -c 0`.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$(pwd)
AUDIO="$ROOT/../shared/gtzan/audio"
REFERENCE="$ROOT/../shared/reference/librosa_kaggle_features.py"
PYTHON=${PYTHON:-python3}
RUNS=${RUNS:-3}

[ -d "$AUDIO" ] || { echo "no clips at $AUDIO" >&2; exit 1; }
mapfile -t CLIPS < <(find "$AUDIO" -name '*.wav' | sort)
N=${#CLIPS[@]}
[ "$N" -gt 0 ] || { echo "no .wav clips under $AUDIO" >&2; exit 1; }

swift build -c release --product genre >/dev/null
GENRE="$ROOT/.build/release/genre"

# CPU seconds (user + sys) of one run of the given command, output discarded.
cpu_seconds() {
    local log
    log=$(mktemp)
    if [ -x /usr/bin/time ]; then
        /usr/bin/time -o "$log" -f '%U %S' "$@" >/dev/null 2>&1
    else
        # bash's `times` fallback: children's user and system time after the run.
        ( "$@" >/dev/null 2>&1; times | tail -1 | sed 's/[ms]/ /g' \
            | awk '{ print $1 * 60 + $2, $3 * 60 + $4 }' >"$log" )
    fi
    awk '{ printf "%.4f", $1 + $2 }' "$log"
    rm -f "$log"
}

# Best (minimum) of $RUNS runs: the least disturbed by other processes.
best_of() {
    local best="" t
    for _ in $(seq "$RUNS"); do
        t=$(cpu_seconds "$@")
        if [ -z "$best" ] || awk -v a="$t" -v b="$best" 'BEGIN { exit !(a < b) }'; then best=$t; fi
    done
    echo "$best"
}

echo "clips: $N, runs per tool: $RUNS (best CPU time kept), core 0"
SWIFT_TOTAL=$(best_of taskset -c 0 "$GENRE" features "${CLIPS[@]}")
# Warm numba's cache (librosa JIT-compiles on first use) with one clip; its time is not counted.
"$PYTHON" "$REFERENCE" "${CLIPS[0]}" >/dev/null 2>&1
WARM_RUNS=$RUNS; RUNS=1  # librosa takes ~1 minute per pass: one pass
PY_TOTAL=$(best_of taskset -c 0 "$PYTHON" "$REFERENCE" "${CLIPS[@]}")
RUNS=$WARM_RUNS
# Interpreter and import start-up, paid once per run, measured alone (empty file list).
PY_START=$(best_of taskset -c 0 "$PYTHON" "$REFERENCE")

awk -v n="$N" -v s="$SWIFT_TOTAL" -v p="$PY_TOTAL" -v p0="$PY_START" 'BEGIN {
    sw = s / n; py = p / n; pyw = (p - p0) / n
    printf "genre features : %8.1f ms CPU per clip (%.2f s for %d clips)\n", 1000 * sw, s, n
    printf "librosa        : %8.1f ms CPU per clip (%.2f s; %.2f s of it start-up)\n", 1000 * py, p, p0
    printf "librosa, start-up excluded: %8.1f ms per clip\n", 1000 * pyw
    printf "speed-up: %.1fx (%.1fx with librosa start-up excluded)\n", py / sw, pyw / sw
}'
